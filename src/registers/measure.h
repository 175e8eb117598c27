/* measure.h - the partnership's measure catalogue as registers: `measure` (the catalogue's
 * partnership rows: submitted, derived and placed built-in measures, with owner, frequency,
 * unit, polarity, formula, breakdowns, bounds and the change that needs an explanation) and
 * `commentary` (per measure and period: what the data tells us, the subgroup's challenge and
 * the response), and the loader that builds the run-time catalogue (indicators/catalogue.h)
 * from the stored rows. Template and code lists: docs/registers.md. */
#ifndef SG_MEASURE_H
#define SG_MEASURE_H

#include "indicators/catalogue.h"
#include "indicators/partner.h"
#include "registers/register.h"
#include "store/import.h"

extern const sg_register sg_reg_measure;    /* "measure" */
extern const sg_register sg_reg_commentary; /* "commentary" */

/* Fills a catalogue row from a measure record (the strings are borrowed from rec). */
void sg_measure_row(const sg_reg_record *rec, sg_cat_row *row);

/* Builds the catalogue: the built-in defaults, every stored measure record in key order, then
 * sg_cat_finish. On success *out is the caller's (sg_cat_free). Errors: the store's, or the
 * catalogue's (an unknown identifier or a cycle in a formula), naming the measure in err->msg
 * and the register ("measure") in err->file. */
int sg_measure_load_catalogue(sg_store *s, sg_catalogue **out, sg_error *err);

/* Validates every partner return (format "partner") among an import's results against the
 * stored catalogue (sg_partner_validate), inside the import's transaction: call it from the
 * import's before_commit hook. Any problem refuses the whole import: SG_EINVAL with err naming
 * the first problem's file, line and field and the count, and every problem appended to ps
 * (may be NULL) for the caller to list. SG_OK when no result is a partner return (the catalogue
 * is then not loaded). */
int sg_measure_check_imported(sg_store *s, const sg_import_file_result *results, int n,
                              sg_partner_problems *ps, sg_error *err);

/* The commentary of one measure and period, or NULL (looked up in a loaded set). */
const sg_reg_record *sg_commentary_find(const sg_reg_set *set, const char *measure,
                                        const char *period);

#endif

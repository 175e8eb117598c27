/* measure.h - the partnership's measure catalogue as registers: `measure` (the catalogue's
 * partnership rows: submitted, derived and placed built-in measures, with owner, frequency,
 * unit, polarity, formula, breakdowns, bounds and the change that needs an explanation) and
 * `commentary` (per measure and period: what the data tells us, the subgroup's challenge and
 * the response), and the loader that builds the run-time catalogue (indicators/catalogue.h)
 * from the stored rows. Template and code lists: docs/registers.md. */
#ifndef SG_MEASURE_H
#define SG_MEASURE_H

#include "indicators/catalogue.h"
#include "registers/register.h"

extern const sg_register sg_reg_measure;    /* "measure" */
extern const sg_register sg_reg_commentary; /* "commentary" */

/* Fills a catalogue row from a measure record (the strings are borrowed from rec). */
void sg_measure_row(const sg_reg_record *rec, sg_cat_row *row);

/* Builds the catalogue: the built-in defaults, every stored measure record in key order, then
 * sg_cat_finish. On success *out is the caller's (sg_cat_free). Errors: the store's, or the
 * catalogue's (an unknown identifier or a cycle in a formula), naming the measure in err->msg
 * and the register ("measure") in err->file. */
int sg_measure_load_catalogue(sg_store *s, sg_catalogue **out, sg_error *err);

/* The commentary of one measure and period, or NULL (looked up in a loaded set). */
const sg_reg_record *sg_commentary_find(const sg_reg_set *set, const char *measure,
                                        const char *period);

#endif

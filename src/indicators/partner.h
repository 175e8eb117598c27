/* partner.h - partner returns as data: the values organisations returned for the measures of
 * the catalogue (store table partner_value, filled by ingest/partner_return.c), read back as
 * the live values of a measure - those of the latest accepted return of each organisation and
 * period, a resubmission superseding the earlier return, which stays as history - each with the
 * submission it came from (traceability). Format: docs/formats/partner.md. */
#ifndef SG_PARTNER_H
#define SG_PARTNER_H

#include "core/sg.h"
#include "indicators/catalogue.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

typedef struct sg_partner_value {
    char organisation[64];
    char period[32];
    char measure[64];
    char breakdown[64]; /* "" = the whole measure */
    int has_value, has_num, has_den;
    double value, numerator, denominator;
    char *text;        /* owned, NULL = blank */
    char *explanation; /* owned, NULL = blank */
    int64_t submission;
    long line;      /* line (CSV) or row (.xlsx) in the return */
    char sheet[64]; /* .xlsx: the sheet, "" for CSV */
    char cols[64];  /* .xlsx: the fields' columns (record.h SG_PARTNER_FIELDS) */
    char file[256]; /* the return's file name */
    char imported_at[24];
} sg_partner_value;

typedef struct sg_partner_values {
    sg_partner_value *v;
    size_t n, cap;
} sg_partner_values;

void sg_partner_values_fini(sg_partner_values *vs);

/* The live values of measure (NULL = every measure) for period (NULL = every period), ordered
 * by measure, period, organisation, breakdown. vs is initialised here; the caller fini's it,
 * also after an error. */
int sg_partner_live(sg_store *s, const char *measure, const char *period, sg_partner_values *vs,
                    sg_error *err);

/* Every value of one submission (live or superseded), in line order. */
int sg_partner_of_submission(sg_store *s, int64_t submission, sg_partner_values *vs, sg_error *err);

/* The .xlsx cell of field (one of record.h SG_PARTNER_FIELDS) of v, e.g. "Return!D7", or ""
 * for a CSV return or a field the return has no column for. */
void sg_partner_cell(const sg_partner_value *v, const char *field, char *out, size_t outsz);

/* ---- validation of a return against the catalogue ---- */

/* One thing to fix in a return: where (file, line; for .xlsx the cell, e.g. "Return!D7"),
 * which field, and what is wrong. */
typedef struct sg_partner_problem {
    char file[256];
    long line; /* 0 = the return as a whole (e.g. a measure missing from it) */
    char cell[96];
    char field[32];
    char msg[400];
} sg_partner_problem;

typedef struct sg_partner_problems {
    sg_partner_problem *p;
    size_t n, cap;
} sg_partner_problems;

void sg_partner_problems_fini(sg_partner_problems *ps);
/* "file:line: cell: field: message" with the parts present. */
void sg_partner_problem_format(const sg_partner_problem *p, char *out, size_t outsz);

/* Validates the partner return of submission sub against cat and appends every problem to ps
 * (initialised by the caller, zeroed): rows the importer rejected (a bad number, a blank
 * measure); a row for another organisation or period than the return's; an unknown measure, or
 * one that is not SUBMITTED; a measure the organisation does not own; a period the measure's
 * frequency does not use; a breakdown category the measure does not have (or none where it has
 * some); the same measure and category twice; the type (a TEXT measure needs text and no
 * number, a number measure a value, or numerator and denominator when it has those labels;
 * counts whole and not negative); the range (min and max, a percentage within 0-100,
 * numerator <= denominator, a value given beside them equal to their percentage to 1 dp);
 * completeness (every submitted measure the organisation owns whose frequency matches the
 * period, and each of its categories); and a change of more than change_pct % from the
 * organisation's live value for the previous period (month, quarter or year before) without
 * an explanation. Returns SG_OK whether or not problems were found; errors only for the
 * store. */
int sg_partner_validate(sg_store *s, const sg_catalogue *cat, int64_t sub, sg_partner_problems *ps,
                        sg_error *err);

/* The period before text of the same kind ("2024-Q1" -> "2023-Q4", "2024-05" -> "2024-04",
 * "2024-25" -> "2023-24") into out; false when text is no month, quarter or year. */
bool sg_partner_prev_period(const char *text, char *out, size_t outsz);

/* The value a row stands for: value when given, else the percentage (PCT) or count of its
 * numerator and denominator; false when neither gives one. */
bool sg_partner_effective(const sg_partner_value *v, const sg_cat_measure *m, double *out);

#endif

/* targets.h - the partnership's targets (indicator, financial year, target, tolerance, and the
 * priority area and comment the booklet shows beside them), read from the targets CSV
 * (docs/formats/targets.md), kept in the store's `target` table, and the red/amber/green
 * rating that compares a value with its target according to the indicator's polarity.
 *
 * Reading is separate from storing so that both can be tested alone: sg_targets_read parses a
 * whole file into an array (a targets file is small and written by hand, so a single bad row
 * fails the file with its line, column and field, and nothing is stored), sg_targets_store
 * writes the array in one transaction. */
#ifndef SG_TARGETS_H
#define SG_TARGETS_H

#include "core/sg.h"
#include "ingest/csv.h"
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* At most this many rows in one targets file (SG_ELIMIT beyond). */
#define SG_TARGETS_MAX_ROWS 10000

typedef struct sg_target {
    char indicator[64]; /* indicator id as in the indicator definitions */
    int year;           /* financial year by its starting year: 2023 = 2023-24 */
    double target;      /* in the indicator's own unit (count, %, rate per 10,000) */
    double tolerance;   /* >= 0, same unit: how far on the wrong side is still amber */
    char priority[128]; /* priority area heading in the booklet, "" = none given */
    char comment[512];  /* the partnership's comment, "" = none */
    long line;          /* line in the file it came from (0 when not from a file) */
} sg_target;

/* The rating. NONE for data-only indicators, a missing value or a missing target. */
typedef enum sg_rag { SG_RAG_NONE = 0, SG_RAG_GREEN, SG_RAG_AMBER, SG_RAG_RED } sg_rag;

/* Polarity as the RAG needs it: +1 higher is better, -1 lower is better, 0 data only. */
#define SG_RAG_HIGHER_BETTER 1
#define SG_RAG_LOWER_BETTER (-1)
#define SG_RAG_DATA_ONLY 0

/* Rates value against t. Green when value is at the target or on its better side; amber when
 * it is on the wrong side by no more than t->tolerance; red beyond. The comparison is made at
 * a precision of 1e-6 of the unit, so a value shown as 22.4 against a target of 22.4 is green
 * whatever the binary representation. polarity 0 (data only) or t == NULL gives SG_RAG_NONE. */
sg_rag sg_rag_of(int polarity, double value, const sg_target *t);

/* "green", "amber", "red", or "" for SG_RAG_NONE. */
const char *sg_rag_name(sg_rag r);

/* Parses a financial year spelled "2023-24", "2023/24", "2023-2024", "2023/2024" or "2023"
 * (the starting year) into 2023. The second year must follow the first. SG_EINVAL otherwise. */
int sg_fyear_parse(const char *s, size_t len, int *year);

/* Reads the indicator and year columns that begin every row of the targets and comparators
 * files: the indicator id trimmed into ind (cap bytes), known to is_known when given, and the
 * financial year. SG_EPARSE naming the file (name), line, column and field otherwise. */
int sg_ref_row_key(const sg_csv_field *indicator, const sg_csv_field *year,
                   bool (*is_known)(const char *indicator), const char *name, char *ind, size_t cap,
                   int *year_out, sg_error *err);

/* Parses a decimal number for the targets and comparators files: optional sign, digits, an
 * optional fraction, an optional trailing '%' (ignored: values are in the indicator's unit) and
 * thousands separators "640,430" are accepted; anything else, NaN and infinities are SG_EINVAL.
 * Surrounding spaces are ignored. */
int sg_target_num_parse(const char *s, size_t len, double *out);

/* Reads a targets CSV from data (borrowed, len bytes). name is used in error messages.
 * Columns (header names matched with sg_csv_name_eq, order free, extra columns ignored):
 * indicator, year, target required; tolerance (blank = 0), priority, comment optional.
 * is_known, when not NULL, is asked about every indicator id; an unknown id fails the file.
 * On success *out is a new array of *n targets that the caller frees with free(). On error
 * *out is NULL, err names file, line, column and field: SG_EPARSE for a missing column, a bad
 * value or a duplicate (indicator, year); SG_ELIMIT beyond SG_TARGETS_MAX_ROWS rows or the CSV
 * reader's limits. */
int sg_targets_read(const char *data, size_t len, const char *name,
                    bool (*is_known)(const char *indicator), sg_target **out, size_t *n,
                    sg_error *err);

/* Stores targets in one transaction of its own: each (indicator, year) in the array replaces
 * the stored one; others stay. file_name is recorded with each row. SG_EDB on failure (nothing
 * changed). */
int sg_targets_store(sg_store *s, const sg_target *t, size_t n, const char *file_name,
                     sg_error *err);

/* Reads the file at path (at most 16 MiB: SG_ELIMIT) and stores it as above. *loaded (may be
 * NULL) gets the number of rows stored. SG_EIO when the file cannot be read. */
int sg_targets_load_file(sg_store *s, const char *path, bool (*is_known)(const char *indicator),
                         long *loaded, sg_error *err);

/* Fetches the target for (indicator, year). SG_ENOTFOUND when there is none. */
int sg_target_get(sg_store *s, const char *indicator, int year, sg_target *out, sg_error *err);

#endif

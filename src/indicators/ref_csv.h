/* ref_csv.h - the reading skeleton shared by the partnership's reference CSV files (targets,
 * comparators): header mapped by name, a row limit, a growing array of fixed-size records, the
 * required leading columns checked on every row, and the file failing whole on the first bad
 * row. What a row means is left to a callback. */
#ifndef SG_REF_CSV_H
#define SG_REF_CSV_H

#include "core/sg.h"
#include "ingest/csv.h"

#include <stdbool.h>
#include <stddef.h>

/* The most columns a reference file may name. */
#define SG_REF_CSV_MAX_COLS 16

/* The kind of file and how its records are laid out. */
typedef struct {
    const char *what;        /* plural noun in messages: "targets", "comparators" */
    const char *const *cols; /* header names; the first `required` must be present */
    int ncols;               /* at most SG_REF_CSV_MAX_COLS */
    int required;            /* columns 0..required-1 must be in the header and in each row */
    size_t max_rows;         /* more data rows than this fail the file with SG_ELIMIT */
    size_t first_cap;        /* records allocated at first */
    size_t size;             /* sizeof one record */
    /* Fills record i of arr (zeroed before the call) from f (the row's fields in cols order,
     * NULL where the row is short); records 0..i-1 are the earlier rows, for duplicate checks.
     * Returns SG_OK or a status with err filled. */
    int (*row)(void *arr, size_t i, const sg_csv_row *row, const sg_csv_field *const *f,
               bool (*is_known)(const char *indicator), const char *name, sg_error *err);
} sg_ref_csv_kind;

/* Reads a whole reference CSV from data (borrowed, len bytes; name is used in messages) into a
 * new array of *n records in *out (caller frees with free()). On error *out is NULL, *n is 0
 * and err names file, line and field: "the <what> file is empty", the missing columns, "more
 * than <max_rows> <what> in one file", "the row has fewer fields than the header", or what the
 * row callback said. */
int sg_ref_csv_read(const sg_ref_csv_kind *k, const char *data, size_t len, const char *name,
                    bool (*is_known)(const char *indicator), void **out, size_t *n, sg_error *err);

struct sg_store;
struct sqlite3_stmt;

/* Binds the parameters of one record's insert: its own columns, then file_name (never NULL). */
typedef void (*sg_ref_csv_bind_fn)(struct sqlite3_stmt *st, const void *rec, const char *file_name);

/* Stores the n records of arr (k->size bytes each) in one transaction: insert_sql runs once per
 * record after bind. file_name NULL is stored as "". Returns SG_OK, or the store's error as
 * "cannot store <what>" with nothing stored. */
int sg_ref_csv_store(struct sg_store *s, const sg_ref_csv_kind *k, const char *insert_sql,
                     sg_ref_csv_bind_fn bind, const void *arr, size_t n, const char *file_name,
                     sg_error *err);

/* Reads the file at path (at most max_bytes) as k and stores it with store (given the records
 * and the file's base name); *loaded (when not NULL) is the number of records stored. Errors
 * are sg_read_file's, sg_ref_csv_read's or store's. */
int sg_ref_csv_load_file(struct sg_store *s, const sg_ref_csv_kind *k, const char *path,
                         size_t max_bytes, bool (*is_known)(const char *indicator),
                         int (*store)(struct sg_store *s, const void *arr, size_t n,
                                      const char *file_name, sg_error *err),
                         long *loaded, sg_error *err);

#endif

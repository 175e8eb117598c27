/* csv.h - a streaming RFC 4180 CSV reader with line/column diagnostics and size limits.
 *
 * Accepts UTF-8 with or without a byte-order mark, CRLF or LF (or a lone CR) line ends,
 * quoted fields with embedded commas, doubled quotes and newlines, and a missing final newline.
 * Memory is bounded by the limits, not by the file: one record is held at a time.
 * Rows that consist of a single empty unquoted field (blank lines) are skipped. */
#ifndef SG_CSV_H
#define SG_CSV_H

#include "core/sg.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct sg_csv_limits {
    size_t max_field;  /* bytes in one field (default 64 KiB) */
    size_t max_fields; /* fields in one record (default 512) */
    size_t max_record; /* bytes in one record incl. separators (default 1 MiB) */
} sg_csv_limits;

typedef struct sg_csv_field {
    const char *ptr; /* unquoted value, NUL-terminated (ptr[len] == '\0') */
    size_t len;
    long line; /* 1-based line and column where the field starts */
    long column;
    bool quoted;
} sg_csv_field;

typedef struct sg_csv_row {
    size_t nfields;
    const sg_csv_field *f;
    long line;       /* first physical line of the record */
    long end_line;   /* last physical line of the record */
    long index;      /* 1-based record number, header included */
    const char *raw; /* the record as it stood in the file (without its line end) */
    size_t raw_len;
} sg_csv_row;

typedef struct sg_csv sg_csv;

/* Reads from fp (borrowed, not closed). name is copied and used in diagnostics. lim may be
 * NULL for defaults. Never returns NULL. */
sg_csv *sg_csv_new(FILE *fp, const char *name, const sg_csv_limits *lim);
/* Reads from a memory buffer (borrowed; must outlive the reader). */
sg_csv *sg_csv_new_mem(const char *data, size_t len, const char *name, const sg_csv_limits *lim);
void sg_csv_free(sg_csv *c);

/* Reads the next record into *row (valid until the next call).
 * Returns SG_OK with *row set, or SG_OK with *row == NULL at end of input.
 * On SG_EPARSE (e.g. a quote inside an unquoted field, text after a closing quote, an
 * unterminated quoted field at end of input, invalid UTF-8) or SG_ELIMIT, err names the file,
 * line, column and problem; the reader has skipped to the start of the next record, so the
 * caller may reject that record and go on. *row then points to what was read of the bad record
 * (raw text available, fields may be partial). SG_EIO is final. */
int sg_csv_next(sg_csv *c, const sg_csv_row **row, sg_error *err);

/* Compares a header name tolerantly: case, spaces, underscores and punctuation are ignored,
 * and a trailing '*' (Annex A's "cannot be blank" mark) too. "Child Unique ID*" matches
 * "child unique id". */
bool sg_csv_name_eq(const char *a, size_t alen, const char *b);

/* Index of the header field matching name (sg_csv_name_eq), or -1. */
int sg_csv_find(const sg_csv_row *header, const char *name);

/* Maps a header row to columns: col[i] = the index of names[i] (sg_csv_find) or -1. The first
 * nrequired names must be present; otherwise SG_EPARSE naming file, the header's line and the
 * missing column: "the <what> file has no 'year' column (needs indicator, year, target)". */
int sg_csv_map_columns(const sg_csv_row *header, const char *const *names, int n, int nrequired,
                       int *col, const char *file, const char *what, sg_error *err);

/* Points f[i] at the row's field in column col[i], or NULL when the column is absent (-1) or
 * the row is shorter than the header. */
void sg_csv_pick(const sg_csv_row *row, const int *col, int n, const sg_csv_field **f);

/* Copies field f, without leading and trailing spaces and tabs, into dst (NUL-terminated).
 * A value that does not fit is refused, never truncated: SG_EPARSE naming file, the field's
 * line and column and col ("the indicator is longer than 63 characters"). */
int sg_csv_copy_trimmed(const sg_csv_field *f, char *dst, size_t dstsz, const char *file,
                        const char *col, sg_error *err);

#endif

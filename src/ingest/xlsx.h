/* xlsx.h - a small streaming reader for .xlsx workbooks (Office Open XML spreadsheets), enough
 * to read Ofsted Annex A workbooks: sheet names, and each sheet's rows as text cells.
 *
 * A workbook is a zip container (read with minizip) of XML parts (read with expat):
 * xl/workbook.xml names the sheets, xl/_rels/workbook.xml.rels says which part holds each,
 * xl/sharedStrings.xml holds the strings that cells refer to by index. Sheets are streamed: one
 * row is held at a time, so memory is bounded by the limits, not by the sheet.
 *
 * Cell text is what the cell holds, not what Excel displays: numbers come as written in the file
 * ("44090", "6.1382614647501708" - dates are Excel serial numbers), booleans as "TRUE"/"FALSE",
 * formula cells as their cached result, error cells as their code ("#N/A"), shared and inline
 * strings as their text with rich-text runs concatenated (phonetic runs left out) and the
 * OOXML "_xHHHH_" escapes decoded.
 *
 * Untrusted input is bounded: bytes inflated per zip entry and per workbook and the inflation
 * ratio (zip bombs), string length, number of shared strings and sheets, rows and columns; all
 * return SG_ELIMIT. XML parts may not carry a DOCTYPE (so no entity declarations) and expat's
 * billion-laughs protection is on. */
#ifndef SG_XLSX_H
#define SG_XLSX_H

#include "core/sg.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct sg_xlsx_limits {
    uint64_t max_entry;   /* bytes inflated from one zip entry (default 256 MiB) */
    uint64_t max_total;   /* bytes inflated from the whole workbook (default 1 GiB) */
    unsigned max_ratio;   /* inflated/compressed bytes of one entry, checked once the entry
                             has inflated past 1 MiB (default 500; deflate
                             cannot exceed about 1032) */
    size_t max_string;    /* bytes of one cell or shared string (default 64 KiB; Excel's own
                             cap is 32,767 characters) */
    size_t max_strings;   /* shared strings in the workbook (default 2,000,000) */
    size_t max_sst_bytes; /* bytes of all shared strings together (default 128 MiB) */
    size_t max_sheets;    /* sheets in the workbook (default 256) */
    long max_rows;        /* highest row number in a sheet (default 1,048,576, Excel's) */
    long max_cols;        /* cells in a row (default 16,384, Excel's: column XFD) */
    size_t max_row_bytes; /* bytes of text in one row (default 16 MiB) */
} sg_xlsx_limits;

/* Fills lim with the defaults above. */
void sg_xlsx_default_limits(sg_xlsx_limits *lim);

typedef struct sg_xlsx sg_xlsx;

/* Opens the workbook read from fp (borrowed, must be seekable, not closed by the reader) and
 * reads its sheet list and shared strings. name is copied and used in diagnostics. lim may be
 * NULL for the defaults. On success *out owns the reader (free with sg_xlsx_free).
 * Errors: SG_EPARSE when fp is not a zip (with a hint when it is an OLE2 file, i.e. an
 * encrypted workbook or a legacy .xls), the zip is damaged, an entry is encrypted or corrupt,
 * or a part is not well-formed XML; SG_ELIMIT when a limit is exceeded; SG_EIO when fp cannot
 * be read or seeked. *out is NULL on error. */
int sg_xlsx_open(FILE *fp, const char *name, const sg_xlsx_limits *lim, sg_xlsx **out,
                 sg_error *err);

/* Frees the reader; NULL is a no-op. */
void sg_xlsx_free(sg_xlsx *x);

/* Number of sheets, in workbook order (the order of the tabs). */
size_t sg_xlsx_sheet_count(const sg_xlsx *x);

/* The name of sheet i (0-based), or NULL when out of range. Owned by the reader. */
const char *sg_xlsx_sheet_name(const sg_xlsx *x, size_t i);

/* One row of a sheet, valid only during the callback. Rows missing from the sheet (Excel does
 * not write empty rows) are not reported; cells missing within a row are "" so that cell[i]
 * is column i (0 = A). */
typedef struct sg_xlsx_row {
    long row;                /* 1-based row number, as in "A12" */
    size_t ncells;           /* up to and including the last cell present in the row */
    const char *const *cell; /* NUL-terminated UTF-8, never NULL */
    const size_t *len;
} sg_xlsx_row;

/* Callback for each row: return SG_OK to go on, SG_XLSX_STOP to stop reading quietly (the
 * sheet read then returns SG_OK), or an error status to abort (returned as is). */
#define SG_XLSX_STOP 1000
typedef int (*sg_xlsx_row_fn)(void *ctx, const sg_xlsx_row *row, sg_error *err);

/* Streams sheet i's rows in order to fn. Errors as for sg_xlsx_open, located as
 * "name[sheet]" with the row number (as line) and the part's XML position in the message;
 * SG_ENOTFOUND when i is out of range or the sheet's part is missing. */
int sg_xlsx_rows(sg_xlsx *x, size_t i, sg_xlsx_row_fn fn, void *ctx, sg_error *err);

/* Parses a cell reference such as "AB12" (or a bare column "AB") into a 0-based column and
 * 1-based row (0 when absent). Accepts A..XFD and rows 1..1,048,576; "$" marks are not
 * accepted. Returns SG_OK or SG_EPARSE. */
int sg_xlsx_cell_ref(const char *ref, long *col, long *row);

#endif

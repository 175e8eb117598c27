/* annexa.h - Ofsted Annex A beyond the common importer entry (sg_annexa_import and
 * sg_annexa_detect_header are declared in ingest.h): the value decoder and an import variant
 * that reports what happened to each sheet of a workbook. docs/formats/annexa.md is the
 * user-facing description of the mapping. */
#ifndef SG_ANNEXA_H
#define SG_ANNEXA_H

#include "ingest/ingest.h"

#include <stddef.h>

/* The code part of a decorated Annex A value, as a view into s (not NUL-terminated):
 *   1. surrounding spaces (and no-break spaces) are trimmed;
 *   2. a list-letter prefix - one or two letters, ")" and a space, as in "a) Male" - is removed;
 *   3. when what is left starts with a token of 1-10 letters/digits followed by ":" (spaces
 *      allowed before it) or by " - " (hyphen or en dash between spaces) and more text, only
 *      that token is kept: "q) 6: Police" -> "6", "N1 - Abuse or neglect" -> "N1",
 *      "f) U6: Foster placement - not FFA" -> "U6".
 * Anything else is returned trimmed: "b) Female" -> "Female", "Physical abuse" as is.
 * *out_len gets the length (0 for a blank value). */
const char *sg_annexa_code(const char *s, size_t len, size_t *out_len);

#define SG_ANNEXA_REPORT_SHEETS 64

/* What happened to each sheet of a workbook (or to the one CSV list). */
typedef struct sg_annexa_sheet_report {
    char name[128];  /* sheet name (truncated), "" for a CSV */
    int list;        /* 1..11, or 0 when the sheet matched no list and was skipped */
    long header_row; /* row (xlsx) or line (CSV) of the header, 0 when skipped */
    long rows;       /* data rows read (blank rows not counted) */
    long rejected;   /* of which rejected */
} sg_annexa_sheet_report;

typedef struct sg_annexa_report {
    size_t nsheets; /* sheets (or 1 for a CSV); details kept for the first 64 */
    size_t skipped; /* sheets that matched no list */
    sg_annexa_sheet_report sheet[SG_ANNEXA_REPORT_SHEETS];
} sg_annexa_report;

/* sg_annexa_import, also filling *rep (may be NULL; zeroed first) with the per-sheet outcome.
 * Same contract and errors as sg_annexa_import. */
int sg_annexa_import_report(const sg_ingest *in, sg_annexa_report *rep, sg_error *err);

#endif

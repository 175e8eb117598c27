/* export.h - stored records out as CSV for analysts and spreadsheets: pseudonyms only, and
 * cells made safe to open in Excel or LibreOffice. */
#ifndef SG_EXPORT_H
#define SG_EXPORT_H

#include "core/sg.h"
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Writes the records of type as RFC 4180 CSV (header row, CRLF line ends) to out. type is a
 * record type name ("referral", "missing", "child" ...), its table name ("missing_episode",
 * "child_detail" ...), "submissions" or "rejected". Children appear as a pseudonym (column
 * "child": the child's smallest pseudonym, so LA IDs come first; never a raw identifier or the
 * internal id). Rows are in storage order. Only live (current) submissions unless
 * include_superseded. SG_EINVAL for an unknown type, SG_EIO when out cannot be written,
 * SG_EDB on a database failure. */
int sg_store_export_csv(sg_store *s, const char *type, bool include_superseded, FILE *out,
                        sg_error *err);

/* Writes one CSV cell (no separator): quoted when it holds a comma, quote, CR or LF, quotes
 * doubled, and prefixed with ' when it starts with = + - @ TAB or CR so that spreadsheets treat
 * it as text rather than a formula. */
void sg_export_cell(FILE *out, const char *s, size_t len);

#endif

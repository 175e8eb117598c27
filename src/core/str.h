/* str.h - the small string helpers every stage needs, in one place: ASCII case-insensitive
 * equality (codes in returns are matched without regard to case: "Y", "yes", "True"),
 * trimming a counted string, and the last component of a path (what a person is shown of a
 * file's name). ASCII only and locale-free, so a code never matches differently by locale. */
#ifndef SG_CORE_STR_H
#define SG_CORE_STR_H

#include <stdbool.h>
#include <stddef.h>

/* true when a and b are equal ignoring the case of ASCII letters; false when either is NULL. */
bool sg_str_ieq(const char *a, const char *b);

/* The same for the counted string a (alen bytes, need not be NUL-terminated) against b. */
bool sg_str_ieqn(const char *a, size_t alen, const char *b);

/* Narrows (*s, *len) past leading and trailing ASCII white space (space, \t, \n, \v, \f, \r). */
void sg_str_trim(const char **s, size_t *len);

/* The part of path after its last '/' (path itself when it has none; "" for NULL). */
const char *sg_base_name(const char *path);

/* ---- the data files embedded in the library (the CSV files under data/: no quoting, no commas in
 * fields other than the last) ---- */

/* Calls fn(ctx, line, end) for each non-empty line of text after the first (the header row);
 * lines end in LF or CR LF, and end excludes both. */
void sg_str_each_data_line(const char *text,
                           void (*fn)(void *ctx, const char *line, const char *end), void *ctx);

/* The next comma-separated field of [*p, end), trimmed, as a new string (free it); *p moves past
 * the field and its comma. With last the field is the rest of the line, commas included. */
char *sg_str_field_dup(const char **p, const char *end, bool last);

#endif

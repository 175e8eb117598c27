/* publish_check.h - is narrative text safe to publish? Looks, line by line, for what would
 * identify a child: a unique pupil number (a letter, 11 digits, a digit or letter), an NHS
 * number (10 digits, also 3-3-4 spaced or hyphenated, with a valid modulus-11 check digit), an
 * LA child ID (a token of 6-14 letters and digits with at least one letter and five digits,
 * other than an ONS area code; or any number after "child ID", "LA ID", "case ID"), a date of
 * birth (a full date on a line that says "born", "DOB", "date of birth" or "birthday") and a
 * small count (1 to the disclosure threshold, in digits or words) within eight words of a
 * named place (a place from the config, or a capitalised name after "in", "at", "from",
 * "near", "around" or "across" that is not a common word such as a month). The check is
 * deliberately cautious: a false alarm costs an edit, a miss costs a child's privacy. docs/
 * report.md lists the rules with examples. Pure functions: no I/O. */
#ifndef SG_PUBLISH_CHECK_H
#define SG_PUBLISH_CHECK_H

#include "core/sg.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct sg_pc_opts {
    int threshold;            /* small counts are 1..threshold (0 = the default, 4) */
    const char (*places)[64]; /* place names from the config (may be NULL) */
    int nplaces;
} sg_pc_opts;

/* Checks text (len bytes; name is the file name for the message). SG_OK when nothing was
 * found; otherwise SG_EINVAL for the first finding, with err naming the file, line, column and
 * what it looks like (the text itself is not repeated: it may be an identifier). */
int sg_publish_check(const char *text, size_t len, const char *name, const sg_pc_opts *o,
                     sg_error *err);

/* Whether the 10 digits (NUL-terminated, digits only) pass the NHS modulus-11 check. */
bool sg_pc_nhs_valid(const char *digits);

#endif

/* ruleset.h - the DfE rule sets by collection year, as data.
 *
 * data/collection_years.csv lists the collection years this release has rule sets for (year as
 * the year a collection's 31 March falls in: 2025 = 2024-25) with their reference dates.
 * data/rule_years.csv lists, for every rule whose membership, code, severity or message
 * differs by year, one row per run of years: family, the rule's id in its table, from_year and
 * to_year (blank = open), the code and severity it has in those years ("withdrawn" with code
 * "-" for years it does not apply in), the specification the row comes from, and optionally
 * the year's message. A rule with no row applies in every year as its table states it; a rule
 * with rows applies only in the years a non-withdrawn row covers. Both files are embedded in the
 * library at build time. Adding a collection year is a row in collection_years.csv and a row for
 * each rule that starts, ends or changes. */
#ifndef SG_VALIDATE_RULESET_H
#define SG_VALIDATE_RULESET_H

#include "core/date.h"
#include "validate/validate.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct sg_rule_year {
    sg_rule_family family;  /* SG_FAMILY_CIN or SG_FAMILY_903 */
    const char *rule;       /* the rule's id in its table ("4009") */
    int from_year, to_year; /* collection years covered, 0 = open */
    const char *code;       /* the code in those years ("4009Q"); NULL when withdrawn */
    int severity;           /* an sg_severity, or -1 when withdrawn */
    const char *source;     /* the specification the row comes from */
    const char *message;    /* the message in those years, NULL = the table's */
} sg_rule_year;

/* The rows of data/rule_years.csv, in file order. */
const sg_rule_year *sg_rule_years(size_t *n);

/* The first and last collection years with a rule set (data/collection_years.csv). */
void sg_collection_years(int *first, int *last);
/* true when year has a rule set here. */
bool sg_collection_year_supported(int year);
/* The DfE's reference date of collection year `year` (collection_years.csv; 31 March of the
 * year for a year it does not list). */
sg_date sg_collection_ref_date(int year);

/* Whether rule r applies in collection year `year`; when it does and out is not NULL, *out is
 * r with that year's code, severity and message. */
bool sg_rule_in_year(const sg_rule *r, int year, sg_rule *out);

/* The rules of rules[0..n) that apply in `year`, copied with that year's code, severity and
 * message, in table order; *out_n receives their number. The caller frees the array. */
sg_rule *sg_rules_for_year(const sg_rule *rules, size_t n, int year, size_t *out_n);

#endif

/* period.h - the periods the sector reports by, in one place: the financial year (1 April -
 * 31 March, written "2024-25"), the financial quarter ("2024-Q1" = April-June 2024 ... "2024-Q4"
 * = January-March 2025), the month ("2024-05") and the rolling 12 months ending a month
 * ("R12-2024-05"); calendar-month arithmetic; parsing and printing each spelling. Importers,
 * validation, indicators, registers, the report and the generator all use these. */
#ifndef SG_CORE_PERIOD_H
#define SG_CORE_PERIOD_H

#include "core/date.h"
#include "core/sg.h"

#include <stdbool.h>

typedef enum sg_period_kind {
    SG_PERIOD_MONTH = 0, /* "2024-05": May 2024 */
    SG_PERIOD_QUARTER,   /* "2024-Q1": financial quarter, Q1 = Apr-Jun 2024 ... Q4 = Jan-Mar 2025 */
    SG_PERIOD_YEAR,      /* "2024-25": 1 April 2024 - 31 March 2025 */
    SG_PERIOD_ROLLING    /* "R12-2024-05": the 12 months ending May 2024 (1 Jun 2023 - 31 May) */
} sg_period_kind;

typedef struct sg_period {
    sg_period_kind kind;
    char text[16];      /* canonical spelling, as above */
    sg_date start, end; /* first and last day, inclusive */
    int fy;             /* first calendar year of the financial year holding `end` */
} sg_period;

/* Days in month m (1-12) of year y. */
int sg_days_in_month(int y, int m);

/* The same day n months later (n < 0: earlier); the month's last day when it is shorter
 * (31 January + 1 month = 28 or 29 February). SG_DATE_NONE stays SG_DATE_NONE. */
sg_date sg_date_add_months(sg_date d, int n);

/* The financial year holding d, as its first calendar year (2025-03-31 -> 2024). */
int sg_fy_of(sg_date d);

/* Reads exactly "YYYY-YY" where YY is YYYY + 1 (mod 100), YYYY in 1900..2198: true with *year
 * = YYYY (year may be NULL). "2023-24" -> 2023; "2023-25", "2023/24", "2023" -> false. */
bool sg_fy_parse(const char *text, int *year);

/* Writes the financial year starting in `year` as "2024-25" (8 bytes with the NUL); "?" outside
 * 1000..9998. Returns out. */
char *sg_fy_text(int year, char out[static 8]);

/* Parses a period in any of the four spellings. "YYYY-NN" is the financial year when NN is
 * YYYY + 1 (mod 100), else the month NN ("2011-12" is the year 2011-12, as returns are named).
 * Years 1901..2198. SG_EINVAL with the text in err for anything else. */
int sg_period_parse(const char *text, sg_period *out, sg_error *err);

/* The first and last day of a period in any spelling; false when text is not one. */
bool sg_period_range(const char *text, sg_date *start, sg_date *end);

/* The same period `years` years later (negative: earlier). SG_EINVAL outside 1901-2198. */
int sg_period_shift(const sg_period *p, int years, sg_period *out);

#endif

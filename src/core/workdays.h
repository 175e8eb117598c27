/* workdays.h - working days in England & Wales: Monday to Friday except bank holidays.
 * The bank holidays are data (data/bank_holidays.csv, embedded in the library at build time),
 * covering 2000-2030 with the one-off days (2002, 2011, 2012, 2020's moved VE day, 2022's two,
 * 2023's coronation). Years after the last announced ones follow the standing rules; update the
 * file when the government announces changes. Statutory clocks (15-working-day ICPCs, 45-day
 * assessments, 5/15-day serious incident steps) all use these functions. */
#ifndef SG_WORKDAYS_H
#define SG_WORKDAYS_H

#include "core/date.h"

#include <stdbool.h>

bool sg_is_bank_holiday(sg_date d);
bool sg_is_working_day(sg_date d);

/* Working days after `from` up to and including `to`: 0 when equal, negative when to < from
 * (the same count, negated). Mon 2024-03-25 -> Tue 2024-04-02 is 4 (Good Friday and Easter
 * Monday fall inside). */
int sg_working_days(sg_date from, sg_date to);

/* The date n (>= 0) working days after from (n = 0: from itself). Thu 2024-03-28 + 5 =
 * Mon 2024-04-08. */
sg_date sg_add_working_days(sg_date from, int n);

/* First and last year the calendar covers. */
int sg_workdays_first_year(void);
int sg_workdays_last_year(void);

#endif

/* test_workdays_oracle.c - an independent working-day calendar: England and Wales bank holidays
 * for 2022-2026 typed by hand from gov.uk (https://www.gov.uk/bank-holidays), weekdays from
 * Sakamoto's formula and a plain day-by-day loop, checked against the library's calendar
 * (sg_is_bank_holiday, sg_working_days, sg_add_working_days, sg_date_from_ymd) for every day and
 * every span of up to 70 days in those years. Nothing here calls the library to compute an
 * answer, nor reads data/bank_holidays.csv, so a bug shared by the library and another test's
 * expectation (the generator's truth uses sg_working_days too) cannot pass both. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/date.h"
#include "core/workdays.h"

#include <stdbool.h>
#include <sys/wait.h>
#include <unistd.h>

/* gov.uk, "UK bank holidays", England and Wales, 2022-2026. */
static const int HOLIDAYS[][3] = {
    {2022, 1, 3},   /* New Year's Day (substitute day) */
    {2022, 4, 15},  /* Good Friday */
    {2022, 4, 18},  /* Easter Monday */
    {2022, 5, 2},   /* Early May bank holiday */
    {2022, 6, 2},   /* Spring bank holiday */
    {2022, 6, 3},   /* Platinum Jubilee bank holiday */
    {2022, 8, 29},  /* Summer bank holiday */
    {2022, 9, 19},  /* Bank Holiday for the State Funeral of Queen Elizabeth II */
    {2022, 12, 26}, /* Boxing Day */
    {2022, 12, 27}, /* Christmas Day (substitute day) */
    {2023, 1, 2},   /* New Year's Day (substitute day) */
    {2023, 4, 7},   /* Good Friday */
    {2023, 4, 10},  /* Easter Monday */
    {2023, 5, 1},   /* Early May bank holiday */
    {2023, 5, 8},   /* Bank holiday for the coronation of King Charles III */
    {2023, 5, 29},  /* Spring bank holiday */
    {2023, 8, 28},  /* Summer bank holiday */
    {2023, 12, 25}, /* Christmas Day */
    {2023, 12, 26}, /* Boxing Day */
    {2024, 1, 1},   {2024, 3, 29},  {2024, 4, 1},   {2024, 5, 6},   {2024, 5, 27},
    {2024, 8, 26},  {2024, 12, 25}, {2024, 12, 26}, {2025, 1, 1},   {2025, 4, 18},
    {2025, 4, 21},  {2025, 5, 5},   {2025, 5, 26},  {2025, 8, 25},  {2025, 12, 25},
    {2025, 12, 26}, {2026, 1, 1},   {2026, 4, 3},   {2026, 4, 6},   {2026, 5, 4},
    {2026, 5, 25},  {2026, 8, 31},  {2026, 12, 25}, {2026, 12, 28}, /* Boxing Day (substitute day)
                                                                     */
};
#define NHOL (sizeof HOLIDAYS / sizeof HOLIDAYS[0])

#define FIRST_YEAR 2022
#define LAST_YEAR 2026
#define MAXDAYS (5 * 366 + 1)

/* Day i of the oracle's calendar (i = 0 is 1 Jan 2022). */
static int Y[MAXDAYS], M[MAXDAYS], DD[MAXDAYS];
static bool working[MAXDAYS], holiday[MAXDAYS];
static int ndays;

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Sakamoto: 0 = Sunday .. 6 = Saturday. */
static int dow(int y, int m, int d)
{
    static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    if (m < 3) y -= 1;
    return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

static int build(void **state)
{
    (void)state;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    ndays = 0;
    for (int y = FIRST_YEAR; y <= LAST_YEAR; y++)
        for (int m = 1; m <= 12; m++) {
            int n = mdays[m - 1] + (m == 2 && leap(y));
            for (int d = 1; d <= n; d++) {
                Y[ndays] = y, M[ndays] = m, DD[ndays] = d;
                bool h = false;
                for (size_t k = 0; k < NHOL; k++)
                    if (HOLIDAYS[k][0] == y && HOLIDAYS[k][1] == m && HOLIDAYS[k][2] == d) h = true;
                int w = dow(y, m, d);
                holiday[ndays] = h;
                working[ndays] = !h && w != 0 && w != 6;
                ndays++;
            }
        }
    return 0;
}

/* Working days in (i, j] by counting them one at a time; negative when j < i. */
static int oracle_span(int i, int j)
{
    int n = 0;
    if (j >= i) {
        for (int k = i + 1; k <= j; k++)
            n += working[k];
    } else {
        for (int k = j + 1; k <= i; k++)
            n -= working[k];
    }
    return n;
}

static void test_calendar_matches(void **state)
{
    (void)state;
    assert_int_equal(ndays, 365 * 5 + 1); /* 2024 is the only leap year */
    sg_date base = sg_date_from_ymd(FIRST_YEAR, 1, 1);
    int nh = 0, nw = 0;
    for (int i = 0; i < ndays; i++) {
        /* The library's day numbers are consecutive over the oracle's calendar. */
        assert_int_equal(sg_date_from_ymd(Y[i], M[i], DD[i]), base + i);
        assert_int_equal(sg_is_bank_holiday(base + i), holiday[i]);
        assert_int_equal(sg_is_working_day(base + i), working[i]);
        nh += holiday[i];
        nw += working[i];
    }
    assert_int_equal(nh, 43);
    /* 2022-2026: each year is 52 whole weeks plus its first weekday (and, in 2024, the
     * second): 2022 starts on a Saturday, 2023 Sunday, 2024 Monday-Tuesday, 2025 Wednesday,
     * 2026 Thursday -> 260 + 260 + 262 + 261 + 261 = 1304 weekdays, less the 43 holidays, all
     * on weekdays (substitute days are the weekday ones) = 1261. */
    assert_int_equal(nw, 1261);
}

static void test_every_short_span(void **state)
{
    (void)state;
    sg_date base = sg_date_from_ymd(FIRST_YEAR, 1, 1);
    for (int i = 0; i < ndays; i++)
        for (int len = 0; len <= 70 && i + len < ndays; len++) {
            int want = oracle_span(i, i + len);
            if (sg_working_days(base + i, base + i + len) != want)
                fail_msg("%04d-%02d-%02d + %d days: %d working days, oracle %d", Y[i], M[i], DD[i],
                         len, sg_working_days(base + i, base + i + len), want);
            assert_int_equal(sg_working_days(base + i + len, base + i), -want);
        }
}

static void test_long_spans_and_due_dates(void **state)
{
    (void)state;
    sg_date base = sg_date_from_ymd(FIRST_YEAR, 1, 1);
    /* Every span from each day to the last day of 2026 and from the first day of 2022. */
    for (int i = 0; i < ndays; i++) {
        assert_int_equal(sg_working_days(base + i, base + ndays - 1), oracle_span(i, ndays - 1));
        assert_int_equal(sg_working_days(base, base + i), oracle_span(0, i));
    }
    /* Due dates: n working days after each day, found by walking forward. */
    for (int i = 0; i < ndays - 120; i++)
        for (int n = 0; n <= 25; n += (n < 6 ? 1 : 19)) {
            int j = i, left = n;
            while (left > 0) {
                j++;
                left -= working[j];
            }
            assert_int_equal(sg_add_working_days(base + i, n), base + j);
        }
}

/* The calendar loads on first use from whichever entry point comes first: each is called first in
 * a fresh process (fork) and must already see the holidays. */
static int first_call(int which)
{
    pid_t pid = fork();
    if (pid == 0) {
        int ok = 0;
        switch (which) {
        case 0: /* Thu 28 Mar -> Tue 2 Apr 2024: Good Friday and Easter Monday out -> 1 */
            ok = sg_working_days(sg_date_from_ymd(2024, 3, 28), sg_date_from_ymd(2024, 4, 2)) == 1;
            break;
        case 1:
            ok = sg_is_bank_holiday(sg_date_from_ymd(2024, 3, 29));
            break;
        case 2: /* 1 working day after Thu 28 Mar 2024 is Tue 2 Apr */
            ok = sg_add_working_days(sg_date_from_ymd(2024, 3, 28), 1) ==
                 sg_date_from_ymd(2024, 4, 2);
            break;
        case 3:
            ok = sg_workdays_first_year() == 2000;
            break;
        case 4:
            ok = sg_workdays_last_year() == 2030;
            break;
        case 5:
            ok = !sg_is_working_day(sg_date_from_ymd(2024, 3, 29));
            break;
        default:
            break;
        }
        _exit(ok ? 0 : 1);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void test_first_call_loads_calendar(void **state)
{
    (void)state;
    for (int which = 0; which < 6; which++)
        if (first_call(which) != 0)
            fail_msg("entry point %d called first gives a wrong answer", which);
}

int main(void)
{
    /* Before anything else in this process touches the calendar. */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_call_loads_calendar),
        cmocka_unit_test(test_calendar_matches),
        cmocka_unit_test(test_every_short_span),
        cmocka_unit_test(test_long_spans_and_due_dates),
    };
    return cmocka_run_group_tests(tests, build, NULL);
}

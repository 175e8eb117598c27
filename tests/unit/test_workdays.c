/* test_workdays.c - the bank holiday calendar, working-day counts and due dates, and the
 * rounding rule, with answers worked out by hand on a calendar. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/num.h"
#include "core/workdays.h"

#include <limits.h>
#include <string.h>

#define D(y, m, d) sg_date_from_ymd(y, m, d)

static void test_bank_holidays(void **state)
{
    (void)state;
    assert_true(sg_is_bank_holiday(D(2024, 3, 29))); /* Good Friday */
    assert_true(sg_is_bank_holiday(D(2024, 4, 1)));  /* Easter Monday */
    assert_true(sg_is_bank_holiday(D(2023, 5, 8)));  /* coronation */
    assert_true(sg_is_bank_holiday(D(2022, 6, 2)));  /* spring holiday moved */
    assert_true(sg_is_bank_holiday(D(2022, 6, 3)));  /* platinum jubilee */
    assert_true(sg_is_bank_holiday(D(2022, 9, 19))); /* state funeral */
    assert_true(sg_is_bank_holiday(D(2020, 5, 8)));  /* VE day (moved early May) */
    assert_false(sg_is_bank_holiday(D(2020, 5, 4))); /* the usual early May Monday, not in 2020 */
    assert_true(sg_is_bank_holiday(D(2012, 6, 5)));
    assert_true(sg_is_bank_holiday(D(2011, 4, 29)));
    assert_true(sg_is_bank_holiday(D(2022, 12, 27))); /* Christmas on a Sunday: substitute Tue */
    assert_true(sg_is_bank_holiday(D(2023, 1, 2)));   /* New Year on a Sunday: substitute Mon */
    assert_true(sg_is_bank_holiday(D(2026, 12, 28))); /* Boxing Day on a Saturday */
    assert_false(sg_is_bank_holiday(D(2024, 3, 28)));
    assert_false(sg_is_working_day(D(2024, 3, 30))); /* Saturday */
    assert_true(sg_is_working_day(D(2024, 4, 2)));
    assert_int_equal(sg_workdays_first_year(), 2000);
    assert_int_equal(sg_workdays_last_year(), 2030);
}

static void test_working_days(void **state)
{
    (void)state;
    /* Mon 25 Mar 2024 -> Tue 2 Apr: 26, 27, 28, (29 GF), (30, 31), (1 EM), 2 = 4 days. */
    assert_int_equal(sg_working_days(D(2024, 3, 25), D(2024, 4, 2)), 4);
    assert_int_equal(sg_working_days(D(2024, 4, 2), D(2024, 3, 25)), -4);
    assert_int_equal(sg_working_days(D(2024, 3, 25), D(2024, 3, 25)), 0);
    /* Fri -> next Mon is one working day. */
    assert_int_equal(sg_working_days(D(2024, 6, 7), D(2024, 6, 10)), 1);
    /* The 2023-24 financial year, 1 Apr 2023 (a Saturday) .. 31 Mar 2024 (a Sunday): 366 days =
     * 52 whole weeks (260 weekdays) + Sat 30 and Sun 31 Mar; less the 10 bank holidays on
     * weekdays (7, 10 Apr; 1, 8, 29 May; 28 Aug; 25, 26 Dec; 1 Jan; 29 Mar) -> 250. */
    assert_int_equal(sg_working_days(D(2023, 3, 31), D(2024, 3, 31)), 250);
    /* 45 working days after Mon 1 May 2023: May 2-5 (4), 9-12 (8; the 8th is the coronation),
     * 15-19 (13), 22-26 (18), 30 May-2 Jun (22; the 29th is a holiday), five June weeks (42),
     * 3, 4, 5 July (45) -> Wed 5 July. */
    assert_int_equal(sg_add_working_days(D(2023, 5, 1), 45), D(2023, 7, 5));
    assert_int_equal(sg_working_days(D(2023, 5, 1), D(2023, 7, 5)), 45);
    assert_int_equal(sg_working_days(D(2023, 5, 1), D(2023, 7, 6)), 46);
}

static void test_spans_ending_and_starting_on_holidays(void **state)
{
    (void)state;
    /* Spans are (from, to]: the end date counts when it is a working day, never the start. */
    /* Thu 28 Mar 2024 -> Good Friday 29 Mar: the only day is a holiday -> 0. */
    assert_int_equal(sg_working_days(D(2024, 3, 28), D(2024, 3, 29)), 0);
    assert_int_equal(sg_working_days(D(2024, 3, 29), D(2024, 3, 28)), 0);
    /* Wed 27 -> Thu 28 Mar: 1; Wed 27 -> Good Friday: still 1. */
    assert_int_equal(sg_working_days(D(2024, 3, 27), D(2024, 3, 28)), 1);
    assert_int_equal(sg_working_days(D(2024, 3, 27), D(2024, 3, 29)), 1);
    /* Good Friday -> Easter Monday: Sat, Sun, Mon (holiday) -> 0; -> Tue 2 Apr -> 1. */
    assert_int_equal(sg_working_days(D(2024, 3, 29), D(2024, 4, 1)), 0);
    assert_int_equal(sg_working_days(D(2024, 3, 29), D(2024, 4, 2)), 1);
    /* Starting on a holiday with a whole week: Good Friday 29 Mar -> Fri 5 Apr: Sat, Sun,
     * (Mon EM), 2, 3, 4, 5 -> 4; the start (a holiday) is not subtracted again. */
    assert_int_equal(sg_working_days(D(2024, 3, 29), D(2024, 4, 5)), 4);
    /* Ending on a holiday with whole weeks: Fri 22 -> Fri 29 Mar: 25-28 -> 4; Fri 15 -> Fri 29
     * Mar: 18-22 and 25-28 -> 9. */
    assert_int_equal(sg_working_days(D(2024, 3, 22), D(2024, 3, 29)), 4);
    assert_int_equal(sg_working_days(D(2024, 3, 15), D(2024, 3, 29)), 9);
    assert_int_equal(sg_working_days(D(2024, 3, 29), D(2024, 3, 15)), -9);
    /* Weekends at either end: Fri 22 -> Sat 23 -> 0, -> Sun 24 -> 0, -> Mon 25 -> 1; Sat 23 ->
     * Mon 25 -> 1; Sun 24 -> Sun 31 Mar: 25-28 (29 GF) -> 4. */
    assert_int_equal(sg_working_days(D(2024, 3, 22), D(2024, 3, 23)), 0);
    assert_int_equal(sg_working_days(D(2024, 3, 22), D(2024, 3, 24)), 0);
    assert_int_equal(sg_working_days(D(2024, 3, 22), D(2024, 3, 25)), 1);
    assert_int_equal(sg_working_days(D(2024, 3, 23), D(2024, 3, 25)), 1);
    assert_int_equal(sg_working_days(D(2024, 3, 24), D(2024, 3, 31)), 4);
    /* Christmas 2022: Sun 25, Mon 26 (Boxing Day), Tue 27 (substitute for Christmas Day).
     * Fri 23 Dec -> Tue 27: 0; -> Wed 28: 1. Start on Boxing Day -> Wed 28: 1. */
    assert_int_equal(sg_working_days(D(2022, 12, 23), D(2022, 12, 27)), 0);
    assert_int_equal(sg_working_days(D(2022, 12, 23), D(2022, 12, 28)), 1);
    assert_int_equal(sg_working_days(D(2022, 12, 26), D(2022, 12, 28)), 1);
    /* Due dates from a holiday and from a weekend: 1 working day after Good Friday is Tue 2 Apr,
     * after Sat 30 Mar also Tue 2 Apr; after Thu 28 Mar too. */
    assert_int_equal(sg_add_working_days(D(2024, 3, 29), 1), D(2024, 4, 2));
    assert_int_equal(sg_add_working_days(D(2024, 3, 30), 1), D(2024, 4, 2));
    assert_int_equal(sg_add_working_days(D(2024, 3, 28), 1), D(2024, 4, 2));
    assert_false(sg_is_working_day(D(2024, 3, 29)));
    assert_false(sg_is_working_day(D(2024, 3, 31))); /* Sunday */
    assert_true(sg_is_working_day(D(2024, 3, 28)));
    assert_true(sg_is_working_day(D(2024, 3, 25))); /* Monday */
    /* The first and last holidays of the calendar (the binary search's ends). */
    assert_true(sg_is_bank_holiday(D(2000, 1, 3)));
    assert_false(sg_is_bank_holiday(D(2000, 1, 2)));
    assert_true(sg_is_bank_holiday(D(2030, 12, 26)));
    assert_false(sg_is_bank_holiday(D(2030, 12, 27)));
    /* A span over the calendar's last holidays: Fri 20 Dec 2030 -> Tue 31 Dec: 23, 24, (25, 26
     * Christmas and Boxing Day), 27, 30, 31 -> 5. */
    assert_int_equal(sg_working_days(D(2030, 12, 20), D(2030, 12, 31)), 5);
    /* A span starting before the calendar's first holiday (Mon 3 Jan 2000, New Year's Day
     * substitute): Sat 1 Jan -> Fri 7 Jan 2000: (3), 4, 5, 6, 7 -> 4; Sun 2 -> Mon 3 Jan: 0. */
    assert_int_equal(sg_working_days(D(2000, 1, 1), D(2000, 1, 7)), 4);
    assert_int_equal(sg_working_days(D(2000, 1, 2), D(2000, 1, 3)), 0);
    assert_int_equal(sg_working_days(D(2000, 1, 7), D(2000, 1, 1)), -4);
}

static void test_due_dates(void **state)
{
    (void)state;
    /* Learned of on Thu 28 Mar 2024: +5 working days skips Good Friday, the weekend and Easter
     * Monday: 2, 3, 4, 5, 8 April. */
    assert_int_equal(sg_add_working_days(D(2024, 3, 28), 5), D(2024, 4, 8));
    assert_int_equal(sg_add_working_days(D(2024, 3, 28), 0), D(2024, 3, 28));
    /* 15 working days from Fri 21 Apr 2023 cross the early May and coronation Mondays:
     * 24-28 Apr (5), 2-5 May (4), 9-12 May (4), 15, 16 May -> Tue 16 May. */
    assert_int_equal(sg_add_working_days(D(2023, 4, 21), 15), D(2023, 5, 16));
}

static void test_rounding(void **state)
{
    (void)state;
    double v;
    assert_int_equal(sg_rate10k(250, 52000, &v), SG_OK);
    assert_true(v == 48.1); /* 48.0769... */
    assert_int_equal(sg_pct(1, 8, &v), SG_OK);
    assert_true(v == 12.5);
    assert_int_equal(sg_pct(49, 400, &v), SG_OK); /* 12.25 exactly -> 12.3 (half away) */
    assert_true(v == 12.3);
    assert_int_equal(sg_pct(1, 3, &v), SG_OK);
    assert_true(v == 33.3);
    assert_int_equal(sg_pct(2, 3, &v), SG_OK);
    assert_true(v == 66.7);
    assert_int_equal(sg_pct(0, 5, &v), SG_OK);
    assert_true(v == 0.0);
    assert_int_equal(sg_pct(1, 0, &v), SG_EINVAL);
    assert_true(sg_round(2.25, 1) == 2.3);
    assert_true(sg_round(-2.25, 1) == -2.3);
    assert_true(sg_round(2.675, 2) == 2.68); /* binary 2.67499.. still reads as 2.675 */
    char buf[32];
    sg_fmt1(-0.04, buf);
    assert_string_equal(buf, "0.0");
    sg_fmt1(48.05, buf);
    assert_string_equal(buf, "48.1");
}

static void test_ratio_boundaries(void **state)
{
    (void)state;
    double v = -1;
    /* Arguments: a denominator or scale of 0 or below, or a negative count, is refused; the
     * smallest acceptable values are not. */
    assert_int_equal(sg_ratio1(1, 0, 100, &v), SG_EINVAL);
    assert_int_equal(sg_ratio1(1, -1, 100, &v), SG_EINVAL);
    assert_int_equal(sg_ratio1(-1, 5, 100, &v), SG_EINVAL);
    assert_int_equal(sg_ratio1(1, 5, 0, &v), SG_EINVAL);
    assert_int_equal(sg_ratio1(1, 5, -100, &v), SG_EINVAL);
    assert_int_equal(sg_ratio1(1, 1, 1, &v), SG_OK);
    assert_true(v == 1.0);
    assert_int_equal(sg_ratio1(0, 1, 100, &v), SG_OK);
    assert_true(v == 0.0);
    /* Halves of a tenth round up, just below a half rounds down: 1/16 = 6.25% -> 6.3;
     * 1/80 = 1.25% -> 1.3; 1/81 = 1.2345..% -> 1.2; 3/16 = 18.75% -> 18.8; 7/8 = 87.5%. */
    assert_int_equal(sg_pct(1, 16, &v), SG_OK);
    assert_true(v == 6.3);
    assert_int_equal(sg_pct(1, 80, &v), SG_OK);
    assert_true(v == 1.3);
    assert_int_equal(sg_pct(1, 81, &v), SG_OK);
    assert_true(v == 1.2);
    assert_int_equal(sg_pct(3, 16, &v), SG_OK);
    assert_true(v == 18.8);
    assert_int_equal(sg_pct(7, 8, &v), SG_OK);
    assert_true(v == 87.5);
    /* Rates per 10,000: 1 in 64,000 = 0.15625 -> 0.2; 3 in 64,000 = 0.46875 -> 0.5;
     * 1 in 200,000 = 0.05 -> 0.1 (a half); 1 in 200,001 -> 0.0. */
    assert_int_equal(sg_rate10k(1, 64000, &v), SG_OK);
    assert_true(v == 0.2);
    assert_int_equal(sg_rate10k(3, 64000, &v), SG_OK);
    assert_true(v == 0.5);
    assert_int_equal(sg_rate10k(1, 200000, &v), SG_OK);
    assert_true(v == 0.1);
    assert_int_equal(sg_rate10k(1, 200001, &v), SG_OK);
    assert_true(v == 0.0);
    /* Beyond the exact integer range (num * scale * 10 would overflow a quarter of LLONG_MAX):
     * 4e18 of 8e18 is 50%; 1e18 of 3e18 is 33.3%. */
    assert_int_equal(sg_pct(4000000000000000000L, 8000000000000000000L, &v), SG_OK);
    assert_true(v == 50.0);
    assert_int_equal(sg_pct(1000000000000000000L, 3000000000000000000L, &v), SG_OK);
    assert_true(v == 33.3);
    /* A small count over a huge denominator: 1 in LONG_MAX (2 x den would overflow the exact
     * path) is 0.0%; half of LONG_MAX per 10,000 is 5,000.0. */
    assert_int_equal(sg_pct(1, LONG_MAX, &v), SG_OK);
    assert_true(v == 0.0);
    assert_int_equal(sg_rate10k(LONG_MAX / 2, LONG_MAX, &v), SG_OK);
    assert_true(v == 5000.0);
    /* sg_round with 0 and 2 decimals, and negative halves. */
    assert_true(sg_round(2.5, 0) == 3.0);
    assert_true(sg_round(-2.5, 0) == -3.0);
    assert_true(sg_round(1.005, 2) == 1.01); /* binary 1.00499.. reads as 1.005 */
    assert_true(sg_round(0.04999, 1) == 0.0);
    char buf[32];
    sg_fmt1(0.05, buf);
    assert_string_equal(buf, "0.1");
    sg_fmt1(-0.05, buf);
    assert_string_equal(buf, "-0.1");
    sg_fmt1(12.0, buf);
    assert_string_equal(buf, "12.0");
    /* The output holds 31 characters and a NUL: 1e40 (42 characters as "%.1f") is cut there. */
    char big[64];
    memset(big, 'x', sizeof big);
    sg_fmt1(1e40, big);
    assert_int_equal((int)strlen(big), 31);
    assert_int_equal(big[32], 'x'); /* nothing written past the 32 bytes */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bank_holidays),
        cmocka_unit_test(test_working_days),
        cmocka_unit_test(test_spans_ending_and_starting_on_holidays),
        cmocka_unit_test(test_due_dates),
        cmocka_unit_test(test_rounding),
        cmocka_unit_test(test_ratio_boundaries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

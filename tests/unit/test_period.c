/* test_period.c - core/period.h: month arithmetic, financial years and the period spellings,
 * with answers worked out on a calendar (parsing and shifting every spelling is also covered
 * by test_indicators.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/date.h"
#include "core/period.h"

#include <string.h>

#define D(y, m, d) sg_date_from_ymd(y, m, d)

static void test_add_months(void **state)
{
    (void)state;
    assert_int_equal(sg_date_add_months(D(2024, 1, 31), 1), D(2024, 2, 29)); /* leap year */
    assert_int_equal(sg_date_add_months(D(2025, 1, 31), 1), D(2025, 2, 28));
    assert_int_equal(sg_date_add_months(D(2024, 8, 31), 6), D(2025, 2, 28));
    assert_int_equal(sg_date_add_months(D(2024, 3, 31), -1), D(2024, 2, 29));
    assert_int_equal(sg_date_add_months(D(2024, 3, 30), 1), D(2024, 4, 30));
    assert_int_equal(sg_date_add_months(D(2024, 3, 31), 1), D(2024, 4, 30));
    assert_int_equal(sg_date_add_months(D(2024, 5, 15), 0), D(2024, 5, 15));
    assert_int_equal(sg_date_add_months(D(2024, 12, 1), 1), D(2025, 1, 1));
    assert_int_equal(sg_date_add_months(D(2025, 1, 1), -1), D(2024, 12, 1));
    assert_int_equal(sg_date_add_months(D(2000, 2, 29), 300), D(2025, 2, 28)); /* 25 years */
    assert_int_equal(sg_date_add_months(D(2024, 6, 10), -24), D(2022, 6, 10));
    assert_int_equal(sg_date_add_months(SG_DATE_NONE, 3), SG_DATE_NONE);
    assert_int_equal(sg_days_in_month(1900, 2), 28); /* not a leap year */
    assert_int_equal(sg_days_in_month(2000, 2), 29);
    assert_int_equal(sg_days_in_month(2023, 11), 30);
}

static void test_financial_year(void **state)
{
    (void)state;
    assert_int_equal(sg_fy_of(D(2025, 3, 31)), 2024);
    assert_int_equal(sg_fy_of(D(2025, 4, 1)), 2025);
    assert_int_equal(sg_fy_of(D(2025, 1, 1)), 2024);
    int y = 0;
    assert_true(sg_fy_parse("2023-24", &y));
    assert_int_equal(y, 2023);
    assert_true(sg_fy_parse("1999-00", &y));
    assert_int_equal(y, 1999);
    assert_true(sg_fy_parse("1900-01", NULL));
    assert_false(sg_fy_parse("1899-00", NULL));
    assert_true(sg_fy_parse("2198-99", NULL));
    assert_false(sg_fy_parse("2199-00", NULL));
    assert_false(sg_fy_parse("2023-25", NULL));
    assert_false(sg_fy_parse("2023/24", NULL));
    assert_false(sg_fy_parse("2023-2024", NULL));
    assert_false(sg_fy_parse("2023", NULL));
    assert_false(sg_fy_parse("2023-2a", NULL));
    assert_false(sg_fy_parse("2023-2", NULL));
    assert_false(sg_fy_parse("", NULL));
    assert_false(sg_fy_parse(NULL, NULL));
    char t[8];
    assert_string_equal(sg_fy_text(2024, t), "2024-25");
    assert_string_equal(sg_fy_text(1999, t), "1999-00");
    assert_string_equal(sg_fy_text(1000, t), "1000-01");
    assert_string_equal(sg_fy_text(9998, t), "9998-99");
    assert_string_equal(sg_fy_text(999, t), "?");
    assert_string_equal(sg_fy_text(9999, t), "?");
}

static void test_period_range(void **state)
{
    (void)state;
    sg_date a = 0, b = 0;
    assert_true(sg_period_range("2023-24", &a, &b));
    assert_int_equal(a, D(2023, 4, 1));
    assert_int_equal(b, D(2024, 3, 31));
    assert_true(sg_period_range("2011-12", &a, &b)); /* a year, not December 2011 */
    assert_int_equal(a, D(2011, 4, 1));
    assert_int_equal(b, D(2012, 3, 31));
    assert_true(sg_period_range("2024-Q4", &a, &b));
    assert_int_equal(a, D(2025, 1, 1));
    assert_int_equal(b, D(2025, 3, 31));
    assert_true(sg_period_range("2023-Q1", &a, &b));
    assert_int_equal(a, D(2023, 4, 1));
    assert_int_equal(b, D(2023, 6, 30));
    assert_true(sg_period_range("2023-12", &a, &b)); /* 12 does not follow 23: December */
    assert_int_equal(a, D(2023, 12, 1));
    assert_int_equal(b, D(2023, 12, 31));
    assert_false(sg_period_range("2023-25", &a, &b));
    assert_true(sg_period_range("2024-02", &a, &b));
    assert_int_equal(a, D(2024, 2, 1));
    assert_int_equal(b, D(2024, 2, 29));
    assert_true(sg_period_range("R12-2024-05", &a, &b));
    assert_int_equal(a, D(2023, 6, 1));
    assert_int_equal(b, D(2024, 5, 31));
    assert_true(sg_period_range("1901-01", &a, &b));
    assert_false(sg_period_range("1900-02", &a, &b));
    assert_true(sg_period_range("2198-12", &a, &b));
    assert_false(sg_period_range("2199-01", &a, &b));
    assert_false(sg_period_range("2024-13", &a, &b));
    assert_false(sg_period_range("2024-00", &a, &b));
    assert_false(sg_period_range("2024-Q5", &a, &b));
    assert_false(sg_period_range("2024-Q0", &a, &b));
    assert_false(sg_period_range("R12-2024-13", &a, &b));
    assert_false(sg_period_range("2024", &a, &b));
    assert_false(sg_period_range(NULL, &a, &b));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_months),
        cmocka_unit_test(test_financial_year),
        cmocka_unit_test(test_period_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

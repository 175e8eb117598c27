/* test_reg_years.c - the financial years a register's records fall in (the year selector of
 * the register views), the default year (the latest with data, not the clock's), and column
 * and code labels. Every answer is worked out by hand in the comments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "registers/cdop.h"
#include "registers/finance.h"
#include "registers/reg_actions.h"
#include "registers/reg_case_review.h"
#include "registers/reg_years.h"
#include "registers/risks.h"

#include <stdio.h>
#include <string.h>

static void put(sg_reg_set *set, const char *col, const char *v)
{
    sg_reg_record *r = &set->rec[set->n - 1];
    assert_int_equal(sg_reg_record_put(r, col, v), SG_OK);
}

/* Dates: 2024-03-31 is the last day of 2023-24, 2024-04-01 the first of 2024-25. */
static void test_dates_both_sides_of_1_april(void **state)
{
    (void)state;
    sg_reg_set set;
    sg_reg_set_init(&set, &sg_reg_child_death);
    sg_reg_set_push(&set);
    put(&set, "death_ref", "D1");
    put(&set, "notification_date", "2024-03-31"); /* 2023-24 */
    put(&set, "review_date", "2024-04-01");       /* 2024-25 */
    sg_reg_set_push(&set);
    put(&set, "death_ref", "D2");
    put(&set, "notification_date", "2022-04-01"); /* 2022-23 */
    sg_reg_set_push(&set);
    put(&set, "death_ref", "D3");
    put(&set, "notification_date", "2025-03-31"); /* 2024-25 again: not repeated */
    int years[SG_REG_MAX_YEARS];
    size_t n = 0;
    sg_reg_years_add(&set, years, SG_REG_MAX_YEARS, &n);
    assert_int_equal(n, 3);
    assert_int_equal(years[0], 2024);
    assert_int_equal(years[1], 2023);
    assert_int_equal(years[2], 2022);
    sg_reg_set_fini(&set);
}

/* A text "year" column "2024-25" gives 2024; merging a second register's years keeps order. */
static void test_text_year_and_merge(void **state)
{
    (void)state;
    sg_reg_set fin;
    sg_reg_set_init(&fin, &sg_reg_finance_contribution);
    sg_reg_set_push(&fin);
    put(&fin, "year", "2024-25");
    put(&fin, "partner", "CSC");
    sg_reg_set_push(&fin);
    put(&fin, "year", "2021-22");
    put(&fin, "partner", "CSC");
    int years[SG_REG_MAX_YEARS] = {2023};
    size_t n = 1; /* already holding 2023 from another register */
    sg_reg_years_add(&fin, years, SG_REG_MAX_YEARS, &n);
    assert_int_equal(n, 3);
    assert_int_equal(years[0], 2024);
    assert_int_equal(years[1], 2023);
    assert_int_equal(years[2], 2021);
    sg_reg_set_fini(&fin);
}

/* cap 2: the oldest year is dropped, the two newest kept. */
static void test_cap_keeps_newest(void **state)
{
    (void)state;
    sg_reg_set set;
    sg_reg_set_init(&set, &sg_reg_child_death);
    const char *d[] = {"2020-05-01", "2023-05-01", "2021-05-01", "2022-05-01"};
    for (size_t i = 0; i < 4; i++) {
        sg_reg_set_push(&set);
        char ref[8];
        snprintf(ref, sizeof ref, "D%zu", i);
        put(&set, "death_ref", ref);
        put(&set, "notification_date", d[i]);
    }
    int years[2];
    size_t n = 0;
    sg_reg_years_add(&set, years, 2, &n);
    assert_int_equal(n, 2);
    assert_int_equal(years[0], 2023);
    assert_int_equal(years[1], 2022);
    sg_reg_set_fini(&set);
}

/* The clock in 2026-27 and data in 2024-25 and 2023-24: 2024-25 is shown, not 2026-27. */
static void test_default_year(void **state)
{
    (void)state;
    int y[] = {2027, 2024, 2023};
    assert_int_equal(sg_reg_years_default(y + 1, 2, 2026), 2024);
    /* a year after today's (a due date next year) is passed over */
    assert_int_equal(sg_reg_years_default(y, 3, 2026), 2024);
    /* today's year itself is the default when it holds data (boundary: equal) */
    assert_int_equal(sg_reg_years_default(y + 1, 2, 2024), 2024);
    /* all later than today: the oldest of them */
    assert_int_equal(sg_reg_years_default(y, 3, 2022), 2023);
    /* no data: today's year */
    assert_int_equal(sg_reg_years_default(y, 0, 2026), 2026);
}

static void test_labels(void **state)
{
    (void)state;
    char t[64];
    int i = sg_reg_col_index(&sg_reg_action, "last_update_date");
    assert_true(i >= 0);
    assert_string_equal(sg_reg_col_label(&sg_reg_action.cols[i], t, sizeof t), "Last update date");
    i = sg_reg_col_index(&sg_reg_child_death, "death_ref");
    assert_string_equal(sg_reg_col_label(&sg_reg_child_death.cols[i], t, sizeof t), "Death ref");
    sg_reg_col la = {.name = "child_la_id"};
    assert_string_equal(sg_reg_col_label(&la, t, sizeof t), "Child LA ID");
    sg_reg_col first = {.name = "lado_ref"}; /* an acronym as the first word */
    assert_string_equal(sg_reg_col_label(&first, t, sizeof t), "LADO ref");
    /* truncated, still terminated */
    assert_string_equal(sg_reg_col_label(&la, t, 6), "Child");
    i = sg_reg_col_index(&sg_reg_risk, "status");
    assert_string_equal(sg_reg_code_label(&sg_reg_risk.cols[i], "CLOSED"),
                        "the risk no longer applies");
    assert_string_equal(sg_reg_code_label(&sg_reg_risk.cols[i], "NOPE"), "NOPE");
}

static sg_clock K(sg_clock_state st, sg_date due)
{
    sg_clock k;
    memset(&k, 0, sizeof k);
    k.state = st;
    k.due = due;
    return k;
}

/* Urgency of case review clocks: overdue beats due, and among several the earliest due date. */
static void test_case_review_urgency(void **state)
{
    (void)state;
    sg_date d;
    sg_cr_clocks c;
    /* rapid review overdue (due day 100), publication still running (due day 50): rank 0 with
     * the overdue clock's due date, not the earlier running one */
    c.notify = K(SG_CLOCK_ON_TIME, 10);
    c.rapid = K(SG_CLOCK_OVERDUE, 100);
    c.publish = K(SG_CLOCK_DUE, 50);
    assert_int_equal(sg_cr_urgency(&c, &d), 0);
    assert_int_equal(d, 100);
    /* two overdue: the earlier due date (the longer overdue) */
    c.notify = K(SG_CLOCK_OVERDUE, 90);
    assert_int_equal(sg_cr_urgency(&c, &d), 0);
    assert_int_equal(d, 90);
    /* nothing overdue, two running: the sooner */
    c.notify = K(SG_CLOCK_DUE, 70);
    c.rapid = K(SG_CLOCK_DUE, 60);
    c.publish = K(SG_CLOCK_LATE, 5);
    assert_int_equal(sg_cr_urgency(&c, &d), 1);
    assert_int_equal(d, 60);
    /* done (on time or late) or no clock: rank 2, no date */
    c.notify = K(SG_CLOCK_ON_TIME, 70);
    c.rapid = K(SG_CLOCK_LATE, 60);
    c.publish = K(SG_CLOCK_NA, 0);
    assert_int_equal(sg_cr_urgency(&c, &d), 2);
    assert_int_equal(d, SG_DATE_NONE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dates_both_sides_of_1_april),
        cmocka_unit_test(test_text_year_and_merge),
        cmocka_unit_test(test_cap_keeps_newest),
        cmocka_unit_test(test_default_year),
        cmocka_unit_test(test_labels),
        cmocka_unit_test(test_case_review_urgency),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

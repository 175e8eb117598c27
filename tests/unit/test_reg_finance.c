/* test_reg_finance.c - the finance registers: totals, % split, year-on-year difference,
 * resources and reconciliation in pence, by hand; money formatting; bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "reg2_helpers.h"
#include "registers/finance.h"

static const sg_fin_line *line(const sg_fin_line *l, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(l[i].name, name) == 0) return &l[i];
    fail_msg("no line %s", name);
    return NULL;
}

static void test_year_by_hand(void **state)
{
    (void)state;
    sg_reg_set c, e, r;
    sg_reg_set_init(&c, &sg_reg_finance_contribution);
    sg_reg_set_init(&e, &sg_reg_finance_expenditure);
    sg_reg_set_init(&r, &sg_reg_finance_reserve);
    /* 2024-25 contributions: CSC 100,000.00, POLICE 33,333.33, HEALTH 66,666.67 = 200,000.00:
     * 50.0 / 16.7 (16.666665) / 33.3 (33.333335). 2023-24: CSC 90,000.00, POLICE 40,000.00,
     * EDUCATION 10,000.00 = 140,000.00. Differences: CSC +10,000.00, POLICE -6,666.67, HEALTH
     * +66,666.67, EDUCATION -10,000.00; total +60,000.00. A 2022-23 line is ignored. */
    rec_add(&c, "year=2024-25|partner=HEALTH|amount=66666.67");
    rec_add(&c, "year=2024-25|partner=CSC|amount=100000.00");
    rec_add(&c, "year=2024-25|partner=POLICE|amount=33333.33");
    rec_add(&c, "year=2023-24|partner=CSC|amount=90000.00");
    rec_add(&c, "year=2023-24|partner=POLICE|amount=40000.00");
    rec_add(&c, "year=2023-24|partner=EDUCATION|amount=10000.00");
    rec_add(&c, "year=2022-23|partner=CSC|amount=1.00");
    /* Expenditure 2024-25: STAFFING 150,000.00, TRAINING 0.01, OTHER 24,999.99 = 175,000.00
     * (85.7 = 85.714..; 0.0; 14.3). 2023-24: STAFFING 120,000.00. */
    rec_add(&e, "year=2024-25|category=OTHER|amount=24999.99");
    rec_add(&e, "year=2024-25|category=STAFFING|amount=150000.00");
    rec_add(&e, "year=2024-25|category=TRAINING|amount=0.01");
    rec_add(&e, "year=2023-24|category=STAFFING|amount=120000.00");
    /* Reserves: end of 2023-24 30,000.50 (brought forward); end of 2024-25 recorded 55,000.00.
     * Resources 200,000.00 + 30,000.50 = 230,000.50; balance 230,000.50 - 175,000.00 =
     * 55,000.50; recorded minus balance = -0.50. */
    rec_add(&r, "year=2023-24|carried_forward=30000.50");
    rec_add(&r, "year=2024-25|carried_forward=55000.00");

    sg_fin_year y;
    assert_int_equal(sg_fin_year_compute(&c, &e, &r, 2024, &y), SG_OK);
    assert_int_equal(y.contrib_total, 20000000);
    assert_int_equal(y.contrib_prev, 14000000);
    assert_int_equal(y.ncontrib, 4);
    /* agency code order: CSC, POLICE, HEALTH, EDUCATION */
    assert_string_equal(y.contrib[0].name, "CSC");
    assert_string_equal(y.contrib[1].name, "POLICE");
    assert_string_equal(y.contrib[2].name, "HEALTH");
    assert_string_equal(y.contrib[3].name, "EDUCATION");
    assert_float_equal(line(y.contrib, 4, "CSC")->pct, 50.0, 1e-9);
    assert_float_equal(line(y.contrib, 4, "POLICE")->pct, 16.7, 1e-9);
    assert_float_equal(line(y.contrib, 4, "HEALTH")->pct, 33.3, 1e-9);
    assert_float_equal(line(y.contrib, 4, "EDUCATION")->pct, 0.0, 1e-9);
    assert_int_equal(line(y.contrib, 4, "CSC")->diff_pence, 1000000);
    assert_int_equal(line(y.contrib, 4, "POLICE")->diff_pence, -666667);
    assert_int_equal(line(y.contrib, 4, "HEALTH")->diff_pence, 6666667);
    assert_int_equal(line(y.contrib, 4, "EDUCATION")->diff_pence, -1000000);
    assert_int_equal(y.spend_total, 17500000);
    assert_string_equal(y.spend[0].name, "STAFFING");
    assert_string_equal(y.spend[1].name, "TRAINING");
    assert_string_equal(y.spend[2].name, "OTHER");
    assert_float_equal(y.spend[0].pct, 85.7, 1e-9);
    assert_float_equal(y.spend[1].pct, 0.0, 1e-9);
    assert_float_equal(y.spend[2].pct, 14.3, 1e-9);
    assert_int_equal(y.spend[0].diff_pence, 3000000);
    assert_true(y.has_brought_forward);
    assert_int_equal(y.brought_forward, 3000050);
    assert_int_equal(y.resources, 23000050);
    assert_int_equal(y.balance, 5500050);
    assert_true(y.has_carried_forward);
    assert_int_equal(y.unreconciled, -50);

    /* 2023-24: nothing brought forward (no 2022-23 reserve); 2022-23 contributions 1.00. */
    assert_int_equal(sg_fin_year_compute(&c, &e, &r, 2023, &y), SG_OK);
    assert_false(y.has_brought_forward);
    assert_int_equal(y.resources, 14000000);
    assert_int_equal(y.contrib_prev, 100);
    assert_int_equal(y.balance, 2000000);
    assert_int_equal(y.unreconciled, 3000050 - 2000000);
    sg_reg_set_fini(&c);
    sg_reg_set_fini(&e);
    sg_reg_set_fini(&r);
}

static void test_fmt(void **state)
{
    (void)state;
    char o[40];
    sg_fin_fmt(123456789, o);
    assert_string_equal(o, "\xc2\xa3"
                           "1,234,567.89");
    sg_fin_fmt(-500, o);
    assert_string_equal(o, "-\xc2\xa3"
                           "5.00");
    sg_fin_fmt(0, o);
    assert_string_equal(o, "\xc2\xa3"
                           "0.00");
    sg_fin_fmt(99999, o);
    assert_string_equal(o, "\xc2\xa3"
                           "999.99");
    sg_fin_fmt(100000, o);
    assert_string_equal(o, "\xc2\xa3"
                           "1,000.00");
}

static void test_bad_input(void **state)
{
    fx *f = *state;
    const char *h = "year,partner,amount\n";
    char text[256];
    snprintf(text, sizeof text, "%s2024-25,CSC,10\n2024-25,COUNCIL,10\n", h);
    expect_refused(f, &sg_reg_finance_contribution, text, SG_EINVAL, 3, "partner");
    snprintf(text, sizeof text, "%s2024-26,CSC,10\n", h);
    expect_refused(f, &sg_reg_finance_contribution, text, SG_EINVAL, 2, "year");
    snprintf(text, sizeof text, "%s2024-25,CSC,-10\n", h);
    expect_refused(f, &sg_reg_finance_contribution, text, SG_EINVAL, 2, "amount");
    snprintf(text, sizeof text, "%s2024-25,CSC,ten\n", h);
    expect_refused(f, &sg_reg_finance_contribution, text, SG_EINVAL, 2, "amount");
    expect_refused(f, &sg_reg_finance_expenditure, "year,category,amount\n2024-25,CAKE,1\n",
                   SG_EINVAL, 2, "category");
    expect_refused(f, &sg_reg_finance_reserve, "year,carried_forward\n2024-25,\n", SG_EINVAL, 2,
                   "carried_forward");
    import_ok(f, &sg_reg_finance_contribution, "year,partner,amount\n2024-25,csc,\"1,234.5\"\n");
    import_ok(f, &sg_reg_finance_reserve, "year,carried_forward\n2024-25,-12.5\n");
    sg_reg_record r;
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_reg_get_record(f->s, &sg_reg_finance_contribution, "2024-25/CSC", &r, &e),
                     SG_OK);
    assert_string_equal(sg_reg_get(&r, "amount"), "1234.50");
    sg_reg_record_fini(&r);
}

static void test_view_on_examples(void **state)
{
    fx *f = *state;
    sg_error e;
    sg_error_clear(&e);
    if (fx_import_examples(f->s, &e)) fail_msg("%s", e.msg);
    sg_reg_view_opts o = {.today = d("2025-06-30"), .year = 2024};
    sg_buf b;
    sg_buf_init(&b, 0);
    assert_int_equal(sg_reg_view_text(f->s, &sg_reg_finance_contribution,
                                      &sg_reg_finance_contribution.views[0], &o, &b, &e),
                     SG_OK);
    /* 126,000 / 235,000 = 53.617 -> 53.6; resources 235,000 + 35,000 = 270,000 */
    assert_non_null(strstr(sg_buf_str(&b), "CSC                  \xc2\xa3"
                                           "126,000.00   53.6"));
    assert_non_null(strstr(sg_buf_str(&b), "total resources                     \xc2\xa3"
                                           "270,000.00"));
    assert_non_null(strstr(sg_buf_str(&b), "recorded minus balance                    \xc2\xa3"
                                           "0.00"));
    sg_buf_fini(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_year_by_hand),
        cmocka_unit_test(test_fmt),
        cmocka_unit_test_setup_teardown(test_bad_input, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_view_on_examples, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

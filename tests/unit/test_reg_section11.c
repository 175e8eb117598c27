/* test_reg_section11.c - the Section 11 / 175 registers: % of standards met per agency, change
 * since the last cycle and returns not received, on hand-built records with the answers worked
 * out by hand; the cross-field rules; bad input refused naming row and field, store unchanged;
 * the view on the example files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "reg2_helpers.h"
#include "registers/section11.h"

typedef struct s11_data {
    sg_reg_set fw, st, ret, sc;
} s11_data;

static void data_init(s11_data *x)
{
    sg_reg_set_init(&x->fw, &sg_reg_s11_framework);
    sg_reg_set_init(&x->st, &sg_reg_s11_standard);
    sg_reg_set_init(&x->ret, &sg_reg_s11_return);
    sg_reg_set_init(&x->sc, &sg_reg_s11_score);
    rec_add(&x->fw, "framework=S11|title=t|scale=MET_PARTLY_NOT");
    rec_add(&x->fw, "framework=S175|title=t|scale=SCORE_1_4|met_from=3");
    rec_add(&x->fw, "framework=X|title=t|scale=MET_PARTLY_NOT");
    const char *stds[] = {"S11-1|framework=S11",   "S11-2|framework=S11",   "S11-3|framework=S11",
                          "S11-4|framework=S11",   "S175-1|framework=S175", "S175-2|framework=S175",
                          "S175-3|framework=S175", "X-1|framework=X",       "X-2|framework=X",
                          "X-3|framework=X"};
    for (size_t i = 0; i < sizeof stds / sizeof stds[0]; i++) {
        char spec[128];
        snprintf(spec, sizeof spec, "standard=%s|title=t", stds[i]);
        rec_add(&x->st, spec);
    }
}

static void data_fini(s11_data *x)
{
    sg_reg_set_fini(&x->fw);
    sg_reg_set_fini(&x->st);
    sg_reg_set_fini(&x->ret);
    sg_reg_set_fini(&x->sc);
}

static void score(s11_data *x, const char *agency, const char *cycle, const char *std,
                  const char *val)
{
    char spec[160];
    bool num = val[0] >= '1' && val[0] <= '4';
    snprintf(spec, sizeof spec, "agency=%s|cycle=%s|standard=%s|%s=%s", agency, cycle, std,
             num ? "score" : "rating", val);
    rec_add(&x->sc, spec);
}

static void test_summary_by_hand(void **state)
{
    (void)state;
    s11_data x;
    data_init(&x);
    /* POLICE, S11: 2021-22 1 of 4 met (25.0); 2022-23 MET MET PARTLY NOT_MET = 2 of 4 (50.0);
     * 2023-24 MET MET MET PARTLY = 3 of 4 (75.0): change +25.0 against 2022-23, the latest
     * earlier cycle (not 2021-22). A 2024-25 score must not leak into 2023-24. */
    score(&x, "POLICE", "2021-22", "S11-1", "MET");
    score(&x, "POLICE", "2022-23", "S11-1", "MET");
    score(&x, "POLICE", "2022-23", "S11-2", "MET");
    score(&x, "POLICE", "2022-23", "S11-3", "PARTLY");
    score(&x, "POLICE", "2022-23", "S11-4", "NOT_MET");
    score(&x, "POLICE", "2023-24", "S11-1", "MET");
    score(&x, "POLICE", "2023-24", "S11-2", "MET");
    score(&x, "POLICE", "2023-24", "S11-3", "MET");
    score(&x, "POLICE", "2023-24", "S11-4", "PARTLY");
    score(&x, "POLICE", "2024-25", "S11-4", "MET");
    /* HEALTH: 3 MET, S11-4 not assessed: 3 of 4 = 75.0 (not 3 of 3 = 100), no earlier cycle. */
    score(&x, "HEALTH", "2023-24", "S11-1", "MET");
    score(&x, "HEALTH", "2023-24", "S11-2", "MET");
    score(&x, "HEALTH", "2023-24", "S11-3", "MET");
    /* EDUCATION, S175 (met from 3): 4, 3, 2 = 2 met, 1 not met of 3 = 66.666.. -> 66.7. */
    score(&x, "EDUCATION", "2023-24", "S175-1", "4");
    score(&x, "EDUCATION", "2023-24", "S175-2", "3");
    score(&x, "EDUCATION", "2023-24", "S175-3", "2");
    /* HOUSING, X: 2022-23 2 of 3 = 66.7; 2023-24 1 of 3 = 33.3; change 33.3 - 66.7 = -33.4
     * (the difference of the shown figures). A score of an unknown standard is ignored. */
    score(&x, "HOUSING", "2022-23", "X-1", "MET");
    score(&x, "HOUSING", "2022-23", "X-2", "MET");
    score(&x, "HOUSING", "2023-24", "X-1", "MET");
    score(&x, "HOUSING", "2023-24", "X-2", "NOT_MET");
    score(&x, "HOUSING", "2023-24", "NOPE", "MET");
    /* Returns: PROBATION due 2023-10-31 not received: on 2024-01-15 overdue 30 (Nov) + 31
     * (Dec) + 15 = 76 days. CSC not received, no due date: 0. EDUCATION received: not listed.
     * A 2022-23 return not received belongs to another cycle. */
    rec_add(&x.ret, "agency=PROBATION|cycle=2023-24|framework=S11|due_date=2023-10-31");
    rec_add(&x.ret, "agency=CSC|cycle=2023-24|framework=S11");
    rec_add(&x.ret, "agency=EDUCATION|cycle=2023-24|framework=S175|due_date=2023-12-15|"
                    "received_date=2023-12-01");
    rec_add(&x.ret, "agency=HOUSING|cycle=2022-23|framework=X|due_date=2022-10-31");

    sg_s11_summary sum;
    assert_int_equal(sg_s11_compute(&x.fw, &x.st, &x.ret, &x.sc, "2023-24", d("2024-01-15"), &sum),
                     SG_OK);
    assert_int_equal(sum.n, 4);
    /* sorted by agency: EDUCATION, HEALTH, HOUSING, POLICE */
    const sg_s11_row *r = &sum.row[0];
    assert_string_equal(r->agency, "EDUCATION");
    assert_string_equal(r->framework, "S175");
    assert_int_equal(r->standards, 3);
    assert_int_equal(r->assessed, 3);
    assert_int_equal(r->met, 2);
    assert_int_equal(r->not_met, 1);
    assert_true(r->has_pct);
    assert_float_equal(r->pct_met, 66.7, 1e-9);
    assert_false(r->has_prev);
    r = &sum.row[1];
    assert_string_equal(r->agency, "HEALTH");
    assert_int_equal(r->standards, 4);
    assert_int_equal(r->assessed, 3);
    assert_int_equal(r->met, 3);
    assert_float_equal(r->pct_met, 75.0, 1e-9);
    assert_false(r->has_prev);
    r = &sum.row[2];
    assert_string_equal(r->agency, "HOUSING");
    assert_int_equal(r->standards, 3);
    assert_int_equal(r->assessed, 2);
    assert_int_equal(r->met, 1);
    assert_int_equal(r->not_met, 1);
    assert_float_equal(r->pct_met, 33.3, 1e-9);
    assert_true(r->has_prev);
    assert_string_equal(r->prev_cycle, "2022-23");
    assert_float_equal(r->prev_pct, 66.7, 1e-9);
    assert_float_equal(r->change, -33.4, 1e-9);
    r = &sum.row[3];
    assert_string_equal(r->agency, "POLICE");
    assert_int_equal(r->met, 3);
    assert_int_equal(r->partly, 1);
    assert_int_equal(r->not_met, 0);
    assert_float_equal(r->pct_met, 75.0, 1e-9);
    assert_string_equal(r->prev_cycle, "2022-23");
    assert_float_equal(r->prev_pct, 50.0, 1e-9);
    assert_float_equal(r->change, 25.0, 1e-9);

    assert_int_equal(sum.nmissing, 2);
    assert_string_equal(sum.missing[0].agency, "CSC");
    assert_int_equal(sum.missing[0].due, SG_DATE_NONE);
    assert_int_equal(sum.missing[0].days_overdue, 0);
    assert_string_equal(sum.missing[1].agency, "PROBATION");
    assert_int_equal(sum.missing[1].days_overdue, 76);
    sg_s11_summary_fini(&sum);

    /* Not a cycle label. */
    assert_int_equal(sg_s11_compute(&x.fw, &x.st, &x.ret, &x.sc, "2023-25", d("2024-01-15"), &sum),
                     SG_EINVAL);
    sg_s11_summary_fini(&sum);
    data_fini(&x);
}

static void load_frameworks(fx *f)
{
    import_ok(f, &sg_reg_s11_framework,
              "framework,title,scale,met_from\nS11,Section 11,MET_PARTLY_NOT,\n"
              "S175,Section 175,SCORE_1_4,3\n");
    import_ok(f, &sg_reg_s11_standard,
              "standard,framework,title\nS11-1,S11,One\nS11-2,S11,Two\nS175-1,S175,One\n");
    import_ok(f, &sg_reg_s11_return,
              "agency,cycle,framework,due_date,received_date\nPOLICE,2023-24,S11,2023-10-31,"
              "2023-10-20\n");
}

static void test_bad_input(void **state)
{
    fx *f = *state;
    load_frameworks(f);
    /* unknown agency */
    expect_refused(f, &sg_reg_s11_return,
                   "agency,cycle,framework\nHEALTH,2023-24,S11\n"
                   "POLIS,2023-24,S11\n",
                   SG_EINVAL, 3, "agency");
    /* not a financial year */
    expect_refused(f, &sg_reg_s11_return, "agency,cycle,framework\nHEALTH,2023-25,S11\n", SG_EINVAL,
                   2, "cycle");
    /* received in the future (today is 2025-06-30) */
    expect_refused(f, &sg_reg_s11_return,
                   "agency,cycle,framework,received_date\nHEALTH,2024-25,S11,2025-07-01\n",
                   SG_EINVAL, 2, "received_date");
    /* a challenge session before the return was received */
    expect_refused(f, &sg_reg_s11_return,
                   "agency,cycle,framework,received_date,challenge_date\n"
                   "HEALTH,2024-25,S11,2024-10-10,2024-10-09\n",
                   SG_EINVAL, 2, "challenge_date");
    /* an outcome with no session */
    expect_refused(f, &sg_reg_s11_return,
                   "agency,cycle,framework,received_date,challenge_outcome\n"
                   "HEALTH,2024-25,S11,2024-10-10,ASSURED\n",
                   SG_EINVAL, 2, "challenge_date");
    /* unknown codes */
    expect_refused(f, &sg_reg_s11_score,
                   "agency,cycle,standard,rating\nPOLICE,2023-24,S11-1,MOSTLY\n", SG_EINVAL, 2,
                   "rating");
    expect_refused(f, &sg_reg_s11_framework, "framework,title,scale\nS9,x,STARS\n", SG_EINVAL, 2,
                   "scale");
    /* a score out of 1-4, both a rating and a score, neither */
    expect_refused(f, &sg_reg_s11_score, "agency,cycle,standard,score\nPOLICE,2023-24,S11-1,5\n",
                   SG_EINVAL, 2, "score");
    expect_refused(f, &sg_reg_s11_score,
                   "agency,cycle,standard,rating,score\nPOLICE,2023-24,S11-1,MET,4\n", SG_EINVAL, 2,
                   "score");
    expect_refused(f, &sg_reg_s11_score, "agency,cycle,standard,evidence\nPOLICE,2023-24,S11-1,x\n",
                   SG_EINVAL, 2, "rating");
    /* a standard that does not exist */
    sg_error e;
    sg_error_clear(&e);
    sg_reg_import_stats st;
    assert_int_not_equal(fx_import_text(f->s, &sg_reg_s11_score,
                                        "agency,cycle,standard,rating\nPOLICE,2023-24,S11-9,MET\n",
                                        &st, &e),
                         SG_OK);
    assert_string_equal(e.field, "standard");
    /* met_from only and always with SCORE_1_4 */
    expect_refused(f, &sg_reg_s11_framework, "framework,title,scale\nS9,x,SCORE_1_4\n", SG_EINVAL,
                   2, "met_from");
    expect_refused(f, &sg_reg_s11_framework,
                   "framework,title,scale,met_from\nS9,x,MET_PARTLY_NOT,3\n", SG_EINVAL, 2,
                   "met_from");
    /* what is good goes in */
    import_ok(f, &sg_reg_s11_score, "agency,cycle,standard,rating\nPOLICE,2023-24,S11-1,met\n");
    sg_reg_record r;
    assert_int_equal(sg_reg_get_record(f->s, &sg_reg_s11_score, "POLICE/2023-24/S11-1", &r, &e),
                     SG_OK);
    assert_string_equal(sg_reg_get(&r, "rating"), "MET");
    sg_reg_record_fini(&r);
}

static void test_view_on_examples(void **state)
{
    fx *f = *state;
    sg_error e;
    sg_error_clear(&e);
    if (fx_import_examples(f->s, &e)) fail_msg("%s", e.msg);
    sg_reg_view_opts o = {.today = d("2025-06-30"), .year = 2023};
    sg_buf b;
    sg_buf_init(&b, 0);
    assert_int_equal(
        sg_reg_view_text(f->s, &sg_reg_s11_score, &sg_reg_s11_score.views[0], &o, &b, &e), SG_OK);
    /* POLICE 3 of 4 in 2023-24 against 2 of 4 in 2022-23 */
    assert_non_null(strstr(sg_buf_str(&b), "75.0  2022-23               50.0   +25.0"));
    assert_non_null(strstr(sg_buf_str(&b), "66.7"));
    sg_buf_reset(&b);
    assert_int_equal(
        sg_reg_view_text(f->s, &sg_reg_s11_return, &sg_reg_s11_return.views[0], &o, &b, &e), SG_OK);
    /* 2023-10-31 to 2025-06-30: 61 + 366 + 181 = 608 days */
    assert_non_null(strstr(sg_buf_str(&b), "PROBATION  S11        2023-10-31           608"));
    sg_buf_fini(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summary_by_hand),
        cmocka_unit_test_setup_teardown(test_bad_input, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_view_on_examples, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

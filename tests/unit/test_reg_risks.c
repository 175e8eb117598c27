/* test_reg_risks.c - the risk register: score, rating, movement since the last review,
 * overdue reviews and the order of the top risks, by hand; bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "reg2_helpers.h"
#include "registers/risks.h"

static const sg_risk_row *row(const sg_risk_row *r, size_t n, const char *ref)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(r[i].ref, ref) == 0) return &r[i];
    fail_msg("no risk %s", ref);
    return NULL;
}

static void test_rows_by_hand(void **state)
{
    (void)state;
    sg_reg_set risks, reviews;
    sg_reg_set_init(&risks, &sg_reg_risk);
    sg_reg_set_init(&reviews, &sg_reg_risk_review);
    rec_add(&risks, "risk_ref=A|risk=a|effect=e|status=OPEN|next_review_date=2025-06-29");
    rec_add(&risks, "risk_ref=B|risk=b|effect=e|status=OPEN|next_review_date=2025-06-30");
    rec_add(&risks, "risk_ref=C|risk=c|effect=e|status=CLOSED|next_review_date=2025-01-01");
    rec_add(&risks, "risk_ref=D|risk=d|effect=e|status=OPEN");
    rec_add(&risks, "risk_ref=E|risk=e|effect=e|status=OPEN");
    /* A: reviews out of date order: 2024-01-10 (3x3 = 9), 2025-01-10 (5x4 = 20), 2024-06-10
     * (2x2 = 4): latest 20, the one before is 2024-06-10's 4: up 16; very high; next review
     * 2025-06-29 is 1 day overdue on 2025-06-30. */
    rec_add(&reviews, "risk_ref=A|review_date=2024-01-10|likelihood=3|impact=3");
    rec_add(&reviews, "risk_ref=A|review_date=2025-01-10|likelihood=5|impact=4");
    rec_add(&reviews, "risk_ref=A|review_date=2024-06-10|likelihood=2|impact=2");
    /* B: 4x3 = 12 then 3x4 = 12: no change; high; due today, not overdue. */
    rec_add(&reviews, "risk_ref=B|review_date=2024-01-10|likelihood=4|impact=3");
    rec_add(&reviews, "risk_ref=B|review_date=2024-07-10|likelihood=3|impact=4");
    /* C: closed: 5x5 = 25 down from nothing before: new; not overdue although past. */
    rec_add(&reviews, "risk_ref=C|review_date=2024-07-10|likelihood=5|impact=5");
    /* D: 1x4 = 4 low, then 3x3 = 9 medium: up 5. E: never reviewed. Review of an unknown
     * risk ignored. */
    rec_add(&reviews, "risk_ref=D|review_date=2024-02-01|likelihood=1|impact=4");
    rec_add(&reviews, "risk_ref=D|review_date=2024-03-01|likelihood=3|impact=3");
    rec_add(&reviews, "risk_ref=Z|review_date=2024-03-01|likelihood=5|impact=5");

    sg_risk_row *r = NULL;
    size_t n = 0;
    assert_int_equal(sg_risk_rows(&risks, &reviews, d("2025-06-30"), &r, &n), SG_OK);
    assert_int_equal(n, 5);
    /* order: score descending, then reference: C 25, A 20, B 12, D 9, E 0 */
    assert_string_equal(r[0].ref, "C");
    assert_string_equal(r[1].ref, "A");
    assert_string_equal(r[2].ref, "B");
    assert_string_equal(r[3].ref, "D");
    assert_string_equal(r[4].ref, "E");
    const sg_risk_row *a = row(r, n, "A");
    assert_int_equal(a->likelihood, 5);
    assert_int_equal(a->impact, 4);
    assert_int_equal(a->score, 20);
    assert_int_equal(a->prev_score, 4);
    assert_int_equal(a->move, SG_RISK_UP);
    assert_int_equal(a->change, 16);
    assert_string_equal(a->rating, "very high");
    assert_int_equal(a->reviewed, d("2025-01-10"));
    assert_true(a->overdue);
    assert_int_equal(a->days_overdue, 1);
    const sg_risk_row *b = row(r, n, "B");
    assert_int_equal(b->score, 12);
    assert_int_equal(b->move, SG_RISK_SAME);
    assert_string_equal(b->rating, "high");
    assert_false(b->overdue);
    const sg_risk_row *c = row(r, n, "C");
    assert_false(c->open);
    assert_int_equal(c->move, SG_RISK_NEW);
    assert_false(c->overdue);
    const sg_risk_row *dd = row(r, n, "D");
    assert_int_equal(dd->move, SG_RISK_UP);
    assert_int_equal(dd->change, 5);
    assert_string_equal(dd->rating, "medium");
    assert_false(dd->overdue); /* no next review date */
    const sg_risk_row *e = row(r, n, "E");
    assert_int_equal(e->score, 0);
    assert_int_equal(e->move, SG_RISK_UNASSESSED);
    assert_string_equal(e->rating, "");
    free(r);
    /* Rating boundaries. */
    assert_string_equal(sg_risk_rating(4), "low");
    assert_string_equal(sg_risk_rating(5), "medium");
    assert_string_equal(sg_risk_rating(9), "medium");
    assert_string_equal(sg_risk_rating(10), "high");
    assert_string_equal(sg_risk_rating(12), "high");
    assert_string_equal(sg_risk_rating(15), "very high");
    sg_reg_set_fini(&risks);
    sg_reg_set_fini(&reviews);
}

static void test_bad_input(void **state)
{
    fx *f = *state;
    const char *h = "risk_ref,risk,effect,owner_agency,status,opened_date,next_review_date\n";
    char text[512];
    snprintf(text, sizeof text, "%sR1,r,e,CSC,OPEN,2024-01-01,2025-01-01\nR2,r,e,LA,OPEN,,\n", h);
    expect_refused(f, &sg_reg_risk, text, SG_EINVAL, 3, "owner_agency");
    snprintf(text, sizeof text, "%sR1,r,e,CSC,OPEN,2024-01-01,2023-12-31\n", h);
    expect_refused(f, &sg_reg_risk, text, SG_EINVAL, 2, "next_review_date");
    snprintf(text, sizeof text, "%sR1,r,e,CSC,OPEN,2026-01-01,\n", h);
    expect_refused(f, &sg_reg_risk, text, SG_EINVAL, 2, "opened_date");
    snprintf(text, sizeof text, "%sR1,r,e,CSC,PAUSED,,\n", h);
    expect_refused(f, &sg_reg_risk, text, SG_EINVAL, 2, "status");
    snprintf(text, sizeof text, "%sR1,r,,CSC,OPEN,,\n", h);
    expect_refused(f, &sg_reg_risk, text, SG_EINVAL, 2, "effect");
    snprintf(text, sizeof text, "%sR1,r,e,CSC,OPEN,2024-01-01,2025-09-01\n", h);
    import_ok(f, &sg_reg_risk, text);
    const char *rh = "risk_ref,review_date,likelihood,impact\n";
    snprintf(text, sizeof text, "%sR1,2024-02-01,6,1\n", rh);
    expect_refused(f, &sg_reg_risk_review, text, SG_EINVAL, 2, "likelihood");
    snprintf(text, sizeof text, "%sR1,2024-02-01,1,0\n", rh);
    expect_refused(f, &sg_reg_risk_review, text, SG_EINVAL, 2, "impact");
    snprintf(text, sizeof text, "%sR1,2025-07-01,1,1\n", rh);
    expect_refused(f, &sg_reg_risk_review, text, SG_EINVAL, 2, "review_date");
    sg_error e;
    sg_error_clear(&e);
    sg_reg_import_stats st;
    snprintf(text, sizeof text, "%sR9,2024-02-01,1,1\n", rh);
    assert_int_not_equal(fx_import_text(f->s, &sg_reg_risk_review, text, &st, &e), SG_OK);
    assert_string_equal(e.field, "risk_ref");
}

static void test_views_on_examples(void **state)
{
    fx *f = *state;
    sg_error e;
    sg_error_clear(&e);
    if (fx_import_examples(f->s, &e)) fail_msg("%s", e.msg);
    sg_reg_view_opts o = {.today = d("2025-06-30")};
    sg_buf b;
    sg_buf_init(&b, 0);
    assert_int_equal(sg_reg_view_text(f->s, &sg_reg_risk, &sg_reg_risk.views[0], &o, &b, &e),
                     SG_OK);
    const char *t = sg_buf_str(&b);
    /* R-02 4x4 = 16 up 7 from 3x3, 30 days past 2025-05-31; R-01 3x4 = 12 down 4 from 4x4 */
    const char *r2 = strstr(t, "R-02"), *r1 = strstr(t, "R-01");
    assert_non_null(r2);
    assert_non_null(r1);
    assert_true(r2 < r1);
    assert_non_null(strstr(t, "16  very high  2025-02-28  up 7      2025-05-31             30"));
    assert_non_null(strstr(t, "12  high       2025-01-15  down 4"));
    sg_buf_reset(&b);
    assert_int_equal(sg_reg_view_text(f->s, &sg_reg_risk, &sg_reg_risk.views[1], &o, &b, &e),
                     SG_OK);
    assert_non_null(strstr(sg_buf_str(&b), "R-02"));
    assert_null(strstr(sg_buf_str(&b), "R-01"));
    sg_buf_reset(&b);
    assert_int_equal(sg_reg_view_text(f->s, &sg_reg_risk, &sg_reg_risk.views[2], &o, &b, &e),
                     SG_OK);
    assert_non_null(strstr(sg_buf_str(&b), "R-01"));
    assert_null(strstr(sg_buf_str(&b), "R-03"));
    sg_buf_fini(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_by_hand),
        cmocka_unit_test_setup_teardown(test_bad_input, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_views_on_examples, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

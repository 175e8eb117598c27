/* test_reg_training.c - the training registers: attendance per course, per agency and overall,
 * evaluation ratings and knowledge uplift, worked out by hand; the period filter; bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "reg2_helpers.h"
#include "registers/training.h"

static void test_figures_by_hand(void **state)
{
    (void)state;
    sg_reg_set c, s, b, e;
    sg_reg_set_init(&c, &sg_reg_training_course);
    sg_reg_set_init(&s, &sg_reg_training_session);
    sg_reg_set_init(&b, &sg_reg_training_booking);
    sg_reg_set_init(&e, &sg_reg_training_evaluation);
    rec_add(&c, "course=A|title=t|mode=VIRTUAL");
    rec_add(&c, "course=B|title=t|mode=ELEARNING");
    rec_add(&c, "course=Z|title=t|mode=VIRTUAL"); /* no session: listed with zeros */
    rec_add(&s, "session=A1|course=A|session_date=2024-04-01|capacity=10");
    rec_add(&s, "session=A2|course=A|session_date=2025-03-31|capacity=12");
    rec_add(&s, "session=B1|course=B|session_date=2024-06-01|capacity=8");
    rec_add(&s, "session=A0|course=A|session_date=2024-03-31|capacity=50"); /* last year */
    /* A1: CSC attended, CSC no-show, HEALTH late cancel, HEALTH early cancel, POLICE blank.
     * A2: POLICE attended x2. B1: CSC attended, EDUCATION no-show. A0: ignored. */
    rec_add(&b, "booking=1|session=A1|agency=CSC|attendance=ATTENDED");
    rec_add(&b, "booking=2|session=A1|agency=CSC|attendance=NO_SHOW");
    rec_add(&b, "booking=3|session=A1|agency=HEALTH|attendance=CANCELLED_LATE");
    rec_add(&b, "booking=4|session=A1|agency=HEALTH|attendance=CANCELLED_EARLY");
    rec_add(&b, "booking=5|session=A1|agency=POLICE");
    rec_add(&b, "booking=6|session=A2|agency=POLICE|attendance=ATTENDED");
    rec_add(&b, "booking=7|session=A2|agency=POLICE|attendance=ATTENDED");
    rec_add(&b, "booking=8|session=B1|agency=CSC|attendance=ATTENDED");
    rec_add(&b, "booking=9|session=B1|agency=EDUCATION|attendance=NO_SHOW");
    rec_add(&b, "booking=10|session=A0|agency=CSC|attendance=ATTENDED");
    /* Evaluations. A: ratings 5, 4, 3, 2 -> 2 of 4 good = 50.0; pairs (2,5) +3, (6,6) 0,
     * (8,7) -1 -> sum 2 / 3 = 0.666.. -> 0.7, improving 1 of 3 = 33.3.
     * B: rating 1 -> 0 of 1 = 0.0; pair (5,3) -2 -> mean -2.0, improving 0 of 1 = 0.0.
     * Overall: 2 of 5 good = 40.0; sum 0 / 4 = 0.0; improving 1 of 4 = 25.0. */
    rec_add(&e, "evaluation=E1|session=A1|rating=5|knowledge_before=2|knowledge_after=5");
    rec_add(&e, "evaluation=E2|session=A1|rating=4|knowledge_before=6|knowledge_after=6");
    rec_add(&e, "evaluation=E3|session=A2|rating=3|knowledge_before=8|knowledge_after=7");
    rec_add(&e, "evaluation=E4|session=A2|rating=2");
    rec_add(&e, "evaluation=E5|session=B1|rating=1|knowledge_before=5|knowledge_after=3");
    rec_add(&e, "evaluation=E6|session=A0|rating=5|knowledge_before=0|knowledge_after=10");

    sg_tr_summary sum;
    sg_date first, last;
    sg_reg_fy_bounds(2024, &first, &last);
    assert_int_equal(sg_tr_compute(&c, &s, &b, &e, first, last, &sum), SG_OK);
    assert_int_equal(sum.ncourse, 3);
    const sg_tr_stats *a = &sum.course[0];
    assert_string_equal(a->name, "A");
    /* A: 2 sessions, 22 places; booked 1,2,3,5,6,7 = 6 (4 cancelled early); attended 3 ->
     * 50.0; no-show 1, late 1, early 1, unrecorded 1. */
    assert_int_equal(a->sessions, 2);
    assert_int_equal(a->places, 22);
    assert_int_equal(a->booked, 6);
    assert_int_equal(a->attended, 3);
    assert_int_equal(a->no_show, 1);
    assert_int_equal(a->late_cancel, 1);
    assert_int_equal(a->early_cancel, 1);
    assert_int_equal(a->unrecorded, 1);
    assert_float_equal(a->attend_pct, 50.0, 1e-9);
    assert_int_equal(a->rated, 4);
    assert_int_equal(a->good, 2);
    assert_float_equal(a->good_pct, 50.0, 1e-9);
    assert_int_equal(a->paired, 3);
    assert_int_equal(a->uplift_sum, 2);
    assert_float_equal(a->mean_uplift, 0.7, 1e-9);
    assert_float_equal(a->improving_pct, 33.3, 1e-9);
    const sg_tr_stats *bb = &sum.course[1];
    assert_string_equal(bb->name, "B");
    assert_int_equal(bb->booked, 2);
    assert_float_equal(bb->attend_pct, 50.0, 1e-9);
    assert_float_equal(bb->good_pct, 0.0, 1e-9);
    assert_float_equal(bb->mean_uplift, -2.0, 1e-9);
    assert_float_equal(bb->improving_pct, 0.0, 1e-9);
    const sg_tr_stats *z = &sum.course[2];
    assert_string_equal(z->name, "Z");
    assert_int_equal(z->sessions, 0);
    assert_false(z->has_attend_pct);
    assert_false(z->has_good_pct);
    assert_false(z->has_uplift);
    /* Overall: 3 sessions, booked 6 + 2 = 8, attended 3 + 1 = 4 = 50.0; no-shows 2. */
    assert_int_equal(sum.overall.sessions, 3);
    assert_int_equal(sum.overall.booked, 8);
    assert_int_equal(sum.overall.attended, 4);
    assert_float_equal(sum.overall.attend_pct, 50.0, 1e-9);
    assert_int_equal(sum.overall.no_show, 2);
    assert_float_equal(sum.overall.good_pct, 40.0, 1e-9);
    assert_float_equal(sum.overall.mean_uplift, 0.0, 1e-9);
    assert_float_equal(sum.overall.improving_pct, 25.0, 1e-9);
    /* By agency: CSC booked 3 (1, 2, 8) attended 2 = 66.7, 1 no-show; EDUCATION 1, 0, 0.0, 1
     * no-show; HEALTH booked 1 (late) attended 0; POLICE booked 3 attended 2 = 66.7. */
    assert_int_equal(sum.nagency, 4);
    assert_string_equal(sum.agency[0].name, "CSC");
    assert_int_equal(sum.agency[0].booked, 3);
    assert_int_equal(sum.agency[0].attended, 2);
    assert_int_equal(sum.agency[0].no_show, 1);
    assert_float_equal(sum.agency[0].attend_pct, 66.7, 1e-9);
    assert_string_equal(sum.agency[1].name, "EDUCATION");
    assert_int_equal(sum.agency[1].no_show, 1);
    assert_float_equal(sum.agency[1].attend_pct, 0.0, 1e-9);
    assert_string_equal(sum.agency[2].name, "HEALTH");
    assert_int_equal(sum.agency[2].booked, 1);
    assert_int_equal(sum.agency[2].late_cancel, 1);
    assert_int_equal(sum.agency[2].early_cancel, 1);
    assert_string_equal(sum.agency[3].name, "POLICE");
    assert_int_equal(sum.agency[3].booked, 3);
    assert_int_equal(sum.agency[3].unrecorded, 1);
    sg_tr_summary_fini(&sum);

    /* Open period: A0 joins. Overall booked 9, attended 5 = 55.555.. = 55.6; uplift sum
     * 0 + 10 = 10 over 5 pairs = 2.0. */
    assert_int_equal(sg_tr_compute(&c, &s, &b, &e, SG_DATE_NONE, SG_DATE_NONE, &sum), SG_OK);
    assert_int_equal(sum.overall.booked, 9);
    assert_float_equal(sum.overall.attend_pct, 55.6, 1e-9);
    assert_float_equal(sum.overall.mean_uplift, 2.0, 1e-9);
    sg_tr_summary_fini(&sum);
    sg_reg_set_fini(&c);
    sg_reg_set_fini(&s);
    sg_reg_set_fini(&b);
    sg_reg_set_fini(&e);
}

/* A mean uplift of exactly .x5 rounds away from zero both ways: 1/4 -> 0.3, -1/4 -> -0.3. */
static void test_uplift_rounding(void **state)
{
    (void)state;
    sg_reg_set c, s, b, e;
    sg_reg_set_init(&c, &sg_reg_training_course);
    sg_reg_set_init(&s, &sg_reg_training_session);
    sg_reg_set_init(&b, &sg_reg_training_booking);
    sg_reg_set_init(&e, &sg_reg_training_evaluation);
    rec_add(&c, "course=A|title=t|mode=VIRTUAL");
    rec_add(&c, "course=B|title=t|mode=VIRTUAL");
    rec_add(&s, "session=A1|course=A|session_date=2024-05-01");
    rec_add(&s, "session=B1|course=B|session_date=2024-05-01");
    rec_add(&e, "evaluation=1|session=A1|knowledge_before=5|knowledge_after=6");
    rec_add(&e, "evaluation=2|session=A1|knowledge_before=5|knowledge_after=5");
    rec_add(&e, "evaluation=3|session=A1|knowledge_before=5|knowledge_after=5");
    rec_add(&e, "evaluation=4|session=A1|knowledge_before=5|knowledge_after=5");
    rec_add(&e, "evaluation=5|session=B1|knowledge_before=6|knowledge_after=5");
    rec_add(&e, "evaluation=6|session=B1|knowledge_before=5|knowledge_after=5");
    rec_add(&e, "evaluation=7|session=B1|knowledge_before=5|knowledge_after=5");
    rec_add(&e, "evaluation=8|session=B1|knowledge_before=5|knowledge_after=5");
    sg_tr_summary sum;
    assert_int_equal(sg_tr_compute(&c, &s, &b, &e, SG_DATE_NONE, SG_DATE_NONE, &sum), SG_OK);
    assert_float_equal(sum.course[0].mean_uplift, 0.3, 1e-9);
    assert_float_equal(sum.course[1].mean_uplift, -0.3, 1e-9);
    assert_float_equal(sum.course[0].improving_pct, 25.0, 1e-9);
    sg_tr_summary_fini(&sum);
    sg_reg_set_fini(&c);
    sg_reg_set_fini(&s);
    sg_reg_set_fini(&b);
    sg_reg_set_fini(&e);
}

static void test_bad_input(void **state)
{
    fx *f = *state;
    import_ok(f, &sg_reg_training_course, "course,title,mode\nA,Neglect,face_to_face\n");
    import_ok(f, &sg_reg_training_session,
              "session,course,session_date,capacity\nA1,A,2025-09-01,20\n");
    expect_refused(f, &sg_reg_training_course, "course,title,mode\nB,x,PODCAST\n", SG_EINVAL, 2,
                   "mode");
    expect_refused(f, &sg_reg_training_session,
                   "session,course,session_date,capacity\nA2,A,2025-02-30,20\n", SG_EINVAL, 2,
                   "session_date");
    expect_refused(f, &sg_reg_training_session,
                   "session,course,session_date,capacity\nA2,A,2025-02-03,0\n", SG_EINVAL, 2,
                   "capacity");
    expect_refused(f, &sg_reg_training_booking,
                   "booking,session,agency,attendance\n1,A1,CSC,ATTENDED\n2,A1,NHS,ATTENDED\n",
                   SG_EINVAL, 3, "agency");
    expect_refused(f, &sg_reg_training_booking,
                   "booking,session,agency,booked_date\n1,A1,CSC,2025-07-01\n", SG_EINVAL, 2,
                   "booked_date");
    expect_refused(f, &sg_reg_training_booking,
                   "booking,session,agency,attendance\n1,A1,CSC,LATE\n", SG_EINVAL, 2,
                   "attendance");
    expect_refused(f, &sg_reg_training_evaluation, "evaluation,session,rating\nE1,A1,6\n",
                   SG_EINVAL, 2, "rating");
    expect_refused(f, &sg_reg_training_evaluation,
                   "evaluation,session,knowledge_before,knowledge_after\nE1,A1,3,11\n", SG_EINVAL,
                   2, "knowledge_after");
    expect_refused(f, &sg_reg_training_evaluation, "evaluation,session,comment\nE1,A1,good\n",
                   SG_EINVAL, 2, "rating");
    /* The course keeps the code list's spelling. */
    sg_reg_record r;
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_reg_get_record(f->s, &sg_reg_training_course, "A", &r, &e), SG_OK);
    assert_string_equal(sg_reg_get(&r, "mode"), "FACE_TO_FACE");
    sg_reg_record_fini(&r);
}

static void test_views_on_examples(void **state)
{
    fx *f = *state;
    sg_error e;
    sg_error_clear(&e);
    if (fx_import_examples(f->s, &e)) fail_msg("%s", e.msg);
    sg_reg_view_opts o = {.today = d("2025-06-30"), .year = 2024};
    sg_buf b;
    sg_buf_init(&b, 0);
    assert_int_equal(sg_reg_view_text(f->s, &sg_reg_training_course,
                                      &sg_reg_training_course.views[0], &o, &b, &e),
                     SG_OK);
    /* 3 sessions, 7 booked (B005 cancelled early), 5 attended = 71.4 */
    assert_non_null(strstr(sg_buf_str(&b), "all courses         3       7         5         71.4"));
    sg_buf_reset(&b);
    assert_int_equal(sg_reg_view_text(f->s, &sg_reg_training_course,
                                      &sg_reg_training_course.views[1], &o, &b, &e),
                     SG_OK);
    /* uplift (4 + 0 + 2 + 4 - 1) / 5 = 1.8; improving 3 of 5 */
    assert_non_null(strstr(sg_buf_str(&b), "all courses      5                 60.0             5"
                                           "          1.8         60.0"));
    sg_buf_reset(&b);
    assert_int_equal(sg_reg_view_text(f->s, &sg_reg_training_booking,
                                      &sg_reg_training_booking.views[0], &o, &b, &e),
                     SG_OK);
    assert_non_null(
        strstr(sg_buf_str(&b), "EDUCATION          3         1         33.3         1"));
    sg_buf_fini(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_figures_by_hand),
        cmocka_unit_test(test_uplift_rounding),
        cmocka_unit_test_setup_teardown(test_bad_input, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_views_on_examples, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_reg_voice.c - children's voice: option lists, answer counts and percentages by hand,
 * the wide (one row per respondent) import and export round trip, and bad answers refused
 * naming line, column and question with nothing changed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "reg2_helpers.h"
#include "registers/voice.h"

static void test_options(void **state)
{
    (void)state;
    sg_voice_option o[SG_VOICE_MAX_OPTIONS];
    int n = 0;
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_voice_parse_options("YES=Yes; NO = No ;NOT_SURE=Not sure", o, &n, &e),
                     SG_OK);
    assert_int_equal(n, 3);
    assert_string_equal(o[1].code, "NO");
    assert_string_equal(o[1].label, "No");
    assert_string_equal(o[2].label, "Not sure");
    assert_int_equal(sg_voice_parse_options("YES=Yes", o, &n, &e), SG_EINVAL);
    assert_int_equal(sg_voice_parse_options("YES=Yes;YES=Again", o, &n, &e), SG_EINVAL);
    assert_int_equal(sg_voice_parse_options("yes=Yes;NO=No", o, &n, &e), SG_EINVAL);
    assert_int_equal(sg_voice_parse_options("YES=;NO=No", o, &n, &e), SG_EINVAL);
    assert_int_equal(sg_voice_parse_options("YES;NO=No", o, &n, &e), SG_EINVAL);
    assert_string_equal(e.field, "options");
}

static void test_counts_by_hand(void **state)
{
    (void)state;
    sg_reg_set q, r;
    sg_reg_set_init(&q, &sg_reg_voice_question);
    sg_reg_set_init(&r, &sg_reg_voice_response);
    /* Q2 is asked first (position 1). */
    rec_add(&q, "survey=S|question=Q1|position=2|text=t|options=A=a;B=b;C=c");
    rec_add(&q, "survey=S|question=Q2|position=1|text=t|options=Y=y;N=n");
    rec_add(&q, "survey=T|question=Q1|position=1|text=t|options=Y=y;N=n");
    /* 8 respondents. Q1: A x5, B x2, C x0, plus one answer "X" that is not an option (from the
     * long template): answered 7: A 5/7 = 71.428 -> 71.4, B 2/7 = 28.571 -> 28.6, C 0.0.
     * Q2: Y 1, N 7 of 8: 12.5, 87.5. Survey T's response is not counted. */
    const char *q1[] = {"A", "A", "B", "A", "X", "A", "B", "A"};
    for (int i = 0; i < 8; i++) {
        char spec[128];
        snprintf(spec, sizeof spec, "survey=S|respondent=R%d|question=Q1|answer=%s", i, q1[i]);
        rec_add(&r, spec);
        snprintf(spec, sizeof spec, "survey=S|respondent=R%d|question=Q2|answer=%s", i,
                 i == 3 ? "Y" : "N");
        rec_add(&r, spec);
    }
    rec_add(&r, "survey=T|respondent=R0|question=Q1|answer=Y");
    sg_voice_result res;
    assert_int_equal(sg_voice_compute(&q, &r, "S", &res), SG_OK);
    assert_int_equal(res.respondents, 8);
    assert_int_equal(res.nq, 2);
    assert_string_equal(res.q[0].question, "Q2");
    assert_int_equal(res.q[0].answered, 8);
    assert_int_equal(res.q[0].option[0].count, 1);
    assert_float_equal(res.q[0].option[0].pct, 12.5, 1e-9);
    assert_float_equal(res.q[0].option[1].pct, 87.5, 1e-9);
    assert_string_equal(res.q[1].question, "Q1");
    assert_int_equal(res.q[1].answered, 7);
    assert_int_equal(res.q[1].unrecognised, 1);
    assert_int_equal(res.q[1].option[0].count, 5);
    assert_float_equal(res.q[1].option[0].pct, 71.4, 1e-9);
    assert_float_equal(res.q[1].option[1].pct, 28.6, 1e-9);
    assert_int_equal(res.q[1].option[2].count, 0);
    assert_float_equal(res.q[1].option[2].pct, 0.0, 1e-9);
    sg_voice_result_fini(&res);
    assert_int_equal(sg_voice_compute(&q, &r, "NONE", &res), SG_OK);
    assert_int_equal(res.nq, 0);
    assert_int_equal(res.respondents, 0);
    sg_voice_result_fini(&res);
    sg_reg_set_fini(&q);
    sg_reg_set_fini(&r);
}

static int wide(fx *f, const char *text, sg_reg_import_stats *st, sg_error *e)
{
    FILE *fp = fmemopen((void *)text, strlen(text), "r");
    int rc = sg_voice_import_wide(f->s, "SAFE", fp, "wide.csv", "tester", st, e);
    fclose(fp);
    return rc;
}

static void setup_survey(fx *f)
{
    import_ok(f, &sg_reg_voice_survey,
              "survey,title,open_date,close_date\nSAFE,Safe?,2025-02-01,2025-03-31\n");
    import_ok(f, &sg_reg_voice_question,
              "survey,question,position,text,options\nSAFE,Q1,1,Safe?,YES=Yes;NO=No\n"
              "SAFE,Q2,2,Talk?,YES=Yes;NO=No;NOT_SURE=Not sure\n");
}

static void test_wide_round_trip(void **state)
{
    fx *f = *state;
    setup_survey(f);
    sg_error e;
    sg_error_clear(&e);
    sg_reg_import_stats st;
    const char *in = "respondent,Q1,Q2\r\nR1,YES,NO\r\nR2,NO,\r\nR3,YES,NOT_SURE\r\n";
    assert_int_equal(wide(f, in, &st, &e), SG_OK);
    assert_int_equal(st.rows, 3);
    assert_int_equal(st.added, 5);
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    assert_int_equal(sg_voice_export_wide(f->s, "SAFE", m, &e), SG_OK);
    fclose(m);
    assert_string_equal(buf, in);
    free(buf);
    /* Again, with columns in another order, lower-case answers and one change. */
    assert_int_equal(wide(f, "Q2,respondent,q1\nno,R1,yes\n,R2,NO\nNOT_SURE,R3,no\n", &st, &e),
                     SG_OK);
    assert_int_equal(st.added, 0);
    assert_int_equal(st.unchanged, 4);
    assert_int_equal(st.updated, 1);
    long n = 0;
    assert_int_equal(sg_reg_count(f->s, &sg_reg_voice_response, &n, &e), SG_OK);
    assert_int_equal(n, 5);
    sg_reg_record r;
    assert_int_equal(sg_reg_get_record(f->s, &sg_reg_voice_response, "SAFE/R3/Q1", &r, &e), SG_OK);
    assert_string_equal(sg_reg_get(&r, "answer"), "NO");
    sg_reg_record_fini(&r);
}

static void test_wide_bad(void **state)
{
    fx *f = *state;
    setup_survey(f);
    sg_error e;
    sg_error_clear(&e);
    sg_reg_import_stats st;
    long changes = fx_query_long(f->s, "SELECT count(*) FROM register_change");
    /* An answer that is not an option: line 3, column 6, field Q2; row 1 is not kept either. */
    assert_int_equal(wide(f, "respondent,Q1,Q2\nR1,YES,NO\nR2,NO,MAYBE\n", &st, &e), SG_EINVAL);
    assert_int_equal(e.line, 3);
    assert_int_equal(e.column, 7);
    assert_string_equal(e.field, "Q2");
    assert_string_equal(e.file, "wide.csv");
    assert_non_null(strstr(e.msg, "MAYBE"));
    assert_non_null(strstr(e.msg, "row 2"));
    assert_int_equal(st.added, 0);
    assert_int_equal(fx_query_long(f->s, "SELECT count(*) FROM register_change"), changes);
    /* A column that is not a question of the survey. */
    assert_int_equal(wide(f, "respondent,Q1,Q9\nR1,YES,NO\n", &st, &e), SG_EPARSE);
    assert_int_equal(e.line, 1);
    assert_string_equal(e.field, "Q9");
    /* No respondent column; a blank respondent; an unknown survey. */
    assert_int_equal(wide(f, "Q1,Q2\nYES,NO\n", &st, &e), SG_EPARSE);
    assert_string_equal(e.field, "respondent");
    assert_int_equal(wide(f, "respondent,Q1\n,YES\n", &st, &e), SG_EINVAL);
    assert_string_equal(e.field, "respondent");
    assert_int_equal(e.line, 2);
    FILE *fp = fmemopen((void *)"respondent\n", 11, "r");
    assert_int_equal(sg_voice_import_wide(f->s, "NOPE", fp, "x.csv", "t", &st, &e), SG_ENOTFOUND);
    fclose(fp);
    assert_int_equal(fx_query_long(f->s, "SELECT count(*) FROM register_change"), changes);
    /* Question rules through the generic import. */
    expect_refused(f, &sg_reg_voice_question,
                   "survey,question,position,text,options\nSAFE,Q3,3,x,YES=Yes\n", SG_EINVAL, 2,
                   "options");
    expect_refused(f, &sg_reg_voice_survey,
                   "survey,title,open_date,close_date\nS2,x,2025-02-01,2025-01-31\n", SG_EINVAL, 2,
                   "close_date");
}

static void test_view_on_examples(void **state)
{
    fx *f = *state;
    sg_error e;
    sg_error_clear(&e);
    if (fx_import_examples(f->s, &e)) fail_msg("%s", e.msg);
    sg_reg_view_opts o = {.today = d("2025-06-30")};
    sg_buf b;
    sg_buf_init(&b, 0);
    assert_int_equal(
        sg_reg_view_text(f->s, &sg_reg_voice_survey, &sg_reg_voice_survey.views[0], &o, &b, &e),
        SG_OK);
    const char *t = sg_buf_str(&b);
    assert_non_null(strstr(t, "(4 respondents)"));
    assert_non_null(strstr(t, "Yes           2  50.0"));
    assert_non_null(strstr(t, "Yes         2  66.7"));
    sg_buf_fini(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_counts_by_hand),
        cmocka_unit_test_setup_teardown(test_wide_round_trip, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_wide_bad, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_view_on_examples, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

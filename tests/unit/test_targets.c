/* test_targets.c - the targets file, its table, financial years, and the RAG rating at its
 * boundaries (worked by hand in the comments). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "indicators/targets.h"
#include "core/period.h"
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- RAG ---- */

static sg_target tg(double target, double tol)
{
    sg_target t;
    memset(&t, 0, sizeof t);
    t.target = target;
    t.tolerance = tol;
    return t;
}

static void test_rag_higher_is_better(void **state)
{
    (void)state;
    /* % of assessments within 45 working days, target 85, tolerance 5:
     * >= 85 green; 80 <= v < 85 amber; < 80 red. */
    sg_target t = tg(85, 5);
    assert_int_equal(sg_rag_of(SG_RAG_HIGHER_BETTER, 90.0, &t), SG_RAG_GREEN);
    assert_int_equal(sg_rag_of(SG_RAG_HIGHER_BETTER, 85.0, &t), SG_RAG_GREEN); /* at target */
    assert_int_equal(sg_rag_of(SG_RAG_HIGHER_BETTER, 84.9, &t), SG_RAG_AMBER);
    assert_int_equal(sg_rag_of(SG_RAG_HIGHER_BETTER, 80.0, &t), SG_RAG_AMBER); /* edge of tol */
    assert_int_equal(sg_rag_of(SG_RAG_HIGHER_BETTER, 79.9, &t), SG_RAG_RED);
    assert_int_equal(sg_rag_of(SG_RAG_HIGHER_BETTER, 0.0, &t), SG_RAG_RED);
}

static void test_rag_lower_is_better(void **state)
{
    (void)state;
    /* Re-referrals %, target 22.0, tolerance 2.0: <= 22 green; 22 < v <= 24 amber; > 24 red. */
    sg_target t = tg(22.0, 2.0);
    assert_int_equal(sg_rag_of(SG_RAG_LOWER_BETTER, 18.3, &t), SG_RAG_GREEN);
    assert_int_equal(sg_rag_of(SG_RAG_LOWER_BETTER, 22.0, &t), SG_RAG_GREEN);
    assert_int_equal(sg_rag_of(SG_RAG_LOWER_BETTER, 22.1, &t), SG_RAG_AMBER);
    assert_int_equal(sg_rag_of(SG_RAG_LOWER_BETTER, 24.0, &t), SG_RAG_AMBER);
    assert_int_equal(sg_rag_of(SG_RAG_LOWER_BETTER, 24.1, &t), SG_RAG_RED);
}

static void test_rag_zero_tolerance_and_float_noise(void **state)
{
    (void)state;
    sg_target t = tg(50, 0);
    /* No tolerance: anything on the wrong side is red at once. */
    assert_int_equal(sg_rag_of(SG_RAG_HIGHER_BETTER, 50, &t), SG_RAG_GREEN);
    assert_int_equal(sg_rag_of(SG_RAG_HIGHER_BETTER, 49.9, &t), SG_RAG_RED);
    /* 0.1 + 0.2 is 0.30000000000000004 in binary; against a target of 0.3 (lower is better) it
     * must still count as "at target", and 22.4 - 0.1 compared with a tolerance edge of 22.3. */
    sg_target u = tg(0.3, 0);
    assert_int_equal(sg_rag_of(SG_RAG_LOWER_BETTER, 0.1 + 0.2, &u), SG_RAG_GREEN);
    sg_target w = tg(22.4, 0.1);
    assert_int_equal(sg_rag_of(SG_RAG_HIGHER_BETTER, 22.4 - 0.1, &w), SG_RAG_AMBER);
}

static void test_rag_none(void **state)
{
    (void)state;
    sg_target t = tg(10, 1);
    assert_int_equal(sg_rag_of(SG_RAG_DATA_ONLY, 5, &t), SG_RAG_NONE);
    assert_int_equal(sg_rag_of(SG_RAG_HIGHER_BETTER, 5, NULL), SG_RAG_NONE);
    assert_string_equal(sg_rag_name(SG_RAG_NONE), "");
    assert_string_equal(sg_rag_name(SG_RAG_GREEN), "green");
    assert_string_equal(sg_rag_name(SG_RAG_AMBER), "amber");
    assert_string_equal(sg_rag_name(SG_RAG_RED), "red");
}

/* ---- small parsers ---- */

static int fy(const char *s)
{
    int y = -1;
    return sg_fyear_parse(s, strlen(s), &y) ? -1 : y;
}

static void test_fyear(void **state)
{
    (void)state;
    assert_int_equal(fy("2023-24"), 2023);
    assert_int_equal(fy(" 2023/24 "), 2023);
    assert_int_equal(fy("2023-2024"), 2023);
    assert_int_equal(fy("2023"), 2023);
    assert_int_equal(fy("1999-00"), 1999); /* the century turns */
    assert_int_equal(fy("2023-25"), -1);
    assert_int_equal(fy("2023-2025"), -1);
    assert_int_equal(fy("2023-4"), -1);
    assert_int_equal(fy("23-24"), -1);
    assert_int_equal(fy("2023_24"), -1);
    assert_int_equal(fy(""), -1);
    char out[8];
    sg_fy_text(2023, out);
    assert_string_equal(out, "2023-24");
    sg_fy_text(1999, out);
    assert_string_equal(out, "1999-00");
}

static double num(const char *s, int *rc)
{
    double v = -999;
    *rc = sg_target_num_parse(s, strlen(s), &v);
    return v;
}

static void test_num(void **state)
{
    (void)state;
    int rc;
    assert_true(num("22.4", &rc) == 22.4 && rc == 0);
    assert_true(num(" 22.4% ", &rc) == 22.4 && rc == 0);
    assert_true(num("640,430", &rc) == 640430 && rc == 0);
    assert_true(num("1,234,567.5", &rc) == 1234567.5 && rc == 0);
    assert_true(num("-1.5", &rc) == -1.5 && rc == 0);
    assert_true(num(".5", &rc) == 0.5 && rc == 0);
    const char *bad[] = {"",       "%",    "abc",   "1e3", "nan", "inf",     "12,34",
                         "1,2345", ",123", "1.2.3", "1-",  "--1", "1.234,5", "0x10"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        num(bad[i], &rc);
        if (rc != SG_EINVAL) fail_msg("'%s' was accepted", bad[i]);
    }
}

/* ---- reading ---- */

static int read_str(const char *csv, bool (*known)(const char *), sg_target **t, size_t *n,
                    sg_error *e)
{
    sg_error_clear(e);
    return sg_targets_read(csv, strlen(csv), "targets.csv", known, t, n, e);
}

static void test_read_valid(void **state)
{
    (void)state;
    const char *csv = "\xEF\xBB\xBF"
                      "Indicator,Year,Target,Tolerance,Priority,Comment,Notes\r\n"
                      "rereferrals_pct,2023-24,22,2,Front door,\"Audit, then act\",x\r\n"
                      "assess_45wd_pct,2023-24,85.5%,,Assessment,,\r\n"
                      "rereferrals_pct,2024-25,21.5,1.5,Front door,,\r\n";
    sg_target *t = NULL;
    size_t n = 0;
    sg_error e;
    assert_int_equal(read_str(csv, NULL, &t, &n, &e), SG_OK);
    assert_int_equal(n, 3);
    assert_string_equal(t[0].indicator, "rereferrals_pct");
    assert_int_equal(t[0].year, 2023);
    assert_true(t[0].target == 22 && t[0].tolerance == 2);
    assert_string_equal(t[0].priority, "Front door");
    assert_string_equal(t[0].comment, "Audit, then act");
    assert_int_equal(t[0].line, 2);
    assert_true(t[1].target == 85.5 && t[1].tolerance == 0); /* blank tolerance = 0 */
    assert_string_equal(t[1].comment, "");
    assert_int_equal(t[2].year, 2024);
    free(t);
    /* Only the three required columns, in another order. */
    assert_int_equal(read_str("target,indicator,year\n5,x,2022\n", NULL, &t, &n, &e), SG_OK);
    assert_int_equal(n, 1);
    assert_true(t[0].target == 5 && t[0].year == 2022 && t[0].priority[0] == '\0');
    free(t);
}

static bool known(const char *id)
{
    return strcmp(id, "rereferrals_pct") == 0;
}

static void expect_error(const char *csv, bool (*k)(const char *), int code, long line,
                         const char *field, const char *msg_part)
{
    sg_target *t = (sg_target *)1;
    size_t n = 99;
    sg_error e;
    int rc = read_str(csv, k, &t, &n, &e);
    if (rc != code) fail_msg("wanted %d got %d (%s) for: %s", code, rc, e.msg, csv);
    assert_null(t);
    assert_int_equal(n, 0);
    assert_string_equal(e.file, "targets.csv");
    assert_int_equal(e.line, line);
    if (field) assert_string_equal(e.field, field);
    if (msg_part && !strstr(e.msg, msg_part)) fail_msg("'%s' not in '%s'", msg_part, e.msg);
}

static void test_read_errors(void **state)
{
    (void)state;
    expect_error("", NULL, SG_EPARSE, 1, NULL, "empty");
    expect_error("indicator,year\nx,2023\n", NULL, SG_EPARSE, 1, "target", "no 'target'");
    expect_error("indicator,year,target\nx,2023-25,1\n", NULL, SG_EPARSE, 2, "year", "2023-25");
    expect_error("indicator,year,target\nx,2023,\n", NULL, SG_EPARSE, 2, "target", "not a number");
    expect_error("indicator,year,target,tolerance\nx,2023,1,-1\n", NULL, SG_EPARSE, 2, "tolerance",
                 "zero or more");
    expect_error("indicator,year,target\n,2023,1\n", NULL, SG_EPARSE, 2, "indicator", NULL);
    expect_error("indicator,year,target\nx,2023,1\ny,2023,1\nx,2023-24,2\n", NULL, SG_EPARSE, 4,
                 "indicator", "first on line 2");
    expect_error("indicator,year,target\nrereferrals_pct,2023,1\nrerefs,2023,1\n", known, SG_EPARSE,
                 3, "indicator", "'rerefs' is not an indicator");
    expect_error("indicator,year,target\nx,2023\n", NULL, SG_EPARSE, 2, NULL, "fewer fields");
    /* The column of a bad value is reported too. */
    sg_target *t = NULL;
    size_t n = 0;
    sg_error e;
    assert_int_equal(read_str("indicator,year,target\nx,2023,abc\n", NULL, &t, &n, &e), SG_EPARSE);
    assert_int_equal(e.column, 8);
}

/* ---- the store ---- */

static void test_store_round_trip(void **state)
{
    (void)state;
    char dir[] = "/tmp/sg-targets-XXXXXX";
    assert_non_null(mkdtemp(dir));
    sg_store *s = NULL;
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_store_open(dir, true, &s, &e), SG_OK);
    char path[128];
    snprintf(path, sizeof path, "%s/targets.csv", dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("indicator,year,target,tolerance,priority,comment\n"
          "rereferrals_pct,2023-24,22,2,Front door,Keep below England\n"
          "assess_45wd_pct,2023-24,85,5,,\n",
          fp);
    fclose(fp);
    long loaded = 0;
    assert_int_equal(sg_targets_load_file(s, path, NULL, &loaded, &e), SG_OK);
    assert_int_equal(loaded, 2);
    sg_target t;
    assert_int_equal(sg_target_get(s, "rereferrals_pct", 2023, &t, &e), SG_OK);
    assert_true(t.target == 22 && t.tolerance == 2);
    assert_string_equal(t.priority, "Front door");
    assert_string_equal(t.comment, "Keep below England");
    assert_int_equal(t.line, 2);
    assert_int_equal(sg_target_get(s, "rereferrals_pct", 2024, &t, &e), SG_ENOTFOUND);

    /* A second file replaces the same (indicator, year) and keeps the others. */
    fp = fopen(path, "w");
    fputs("indicator,year,target\nrereferrals_pct,2023-24,20\n", fp);
    fclose(fp);
    assert_int_equal(sg_targets_load_file(s, path, NULL, &loaded, &e), SG_OK);
    assert_int_equal(sg_target_get(s, "rereferrals_pct", 2023, &t, &e), SG_OK);
    assert_true(t.target == 20 && t.tolerance == 0 && t.priority[0] == '\0');
    assert_int_equal(sg_target_get(s, "assess_45wd_pct", 2023, &t, &e), SG_OK);
    assert_true(t.target == 85);

    /* A bad file changes nothing. */
    fp = fopen(path, "w");
    fputs("indicator,year,target\nrereferrals_pct,2023-24,1\nx,20x,1\n", fp);
    fclose(fp);
    assert_int_equal(sg_targets_load_file(s, path, NULL, &loaded, &e), SG_EPARSE);
    assert_int_equal(sg_target_get(s, "rereferrals_pct", 2023, &t, &e), SG_OK);
    assert_true(t.target == 20);
    assert_int_equal(sg_targets_load_file(s, "/nonexistent/t.csv", NULL, &loaded, &e), SG_EIO);

    sg_store_close(s);
    tu_rm_rf(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rag_higher_is_better),
        cmocka_unit_test(test_rag_lower_is_better),
        cmocka_unit_test(test_rag_zero_tolerance_and_float_noise),
        cmocka_unit_test(test_rag_none),
        cmocka_unit_test(test_fyear),
        cmocka_unit_test(test_num),
        cmocka_unit_test(test_read_valid),
        cmocka_unit_test(test_read_errors),
        cmocka_unit_test(test_store_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

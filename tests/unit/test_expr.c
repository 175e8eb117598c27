/* test_expr.c - indicators/expr.h, the derived-measure expression language: precedence,
 * associativity, the functions, every error with its column, both sides of the length and
 * nesting limits, division by zero and the identifier list. Every answer is worked by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "indicators/expr.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The measures the tests know: anything else is SG_ENOTFOUND, "broken" fails with SG_EDB. */
static int lookup(void *ctx, const char *name, double *out)
{
    double scale = ctx ? *(const double *)ctx : 1;
    if (strcmp(name, "cp_rate") == 0)
        *out = 12.5 * scale;
    else if (strcmp(name, "pop_0_17") == 0)
        *out = 40000 * scale;
    else if (strcmp(name, "cp_plans") == 0)
        *out = 230 * scale;
    else if (strcmp(name, "zero") == 0)
        *out = 0;
    else if (strcmp(name, "endless") == 0)
        *out = HUGE_VAL;
    else if (strcmp(name, "broken") == 0)
        return SG_EDB;
    else
        return SG_ENOTFOUND;
    return SG_OK;
}

/* Parses and evaluates s, which must succeed; returns the value. */
static double value_of(const char *s)
{
    sg_expr *e = NULL;
    sg_error err;
    sg_error_clear(&err);
    int rc = sg_expr_parse(s, strlen(s), &e, &err);
    if (rc != SG_OK) fail_msg("%s: %s", s, err.msg);
    double v = NAN;
    rc = sg_expr_eval(e, lookup, NULL, &v, &err);
    if (rc != SG_OK) fail_msg("%s: %s", s, err.msg);
    sg_expr_free(e);
    return v;
}

/* Parses s, which must fail with code at column col and a message containing part. */
static void parse_fails(const char *s, int code, long col, const char *part)
{
    sg_expr *e = (sg_expr *)&e; /* must be reset to NULL */
    sg_error err;
    sg_error_clear(&err);
    int rc = sg_expr_parse(s, strlen(s), &e, &err);
    if (rc != code || err.column != col || !strstr(err.msg, part))
        fail_msg("'%.40s': got %s column %ld '%s', want %s column %ld '%s'", s, sg_status_name(rc),
                 err.column, err.msg, sg_status_name(code), col, part);
    assert_null(e);
    char prefix[32];
    snprintf(prefix, sizeof prefix, "column %ld: ", col);
    assert_true(strncmp(err.msg, prefix, strlen(prefix)) == 0);
}

/* Parses s (must succeed), evaluation must fail with code at column col, message with part. */
static void eval_fails(const char *s, int code, long col, const char *part)
{
    sg_expr *e = NULL;
    sg_error err;
    sg_error_clear(&err);
    assert_int_equal(sg_expr_parse(s, strlen(s), &e, &err), SG_OK);
    double v = 42;
    int rc = sg_expr_eval(e, lookup, NULL, &v, &err);
    if (rc != code || err.column != col || !strstr(err.msg, part))
        fail_msg("'%s': got %s column %ld '%s', want %s column %ld '%s'", s, sg_status_name(rc),
                 err.column, err.msg, sg_status_name(code), col, part);
    assert_true(v == 42); /* untouched on error */
    sg_expr_free(e);
}

static void test_precedence_and_associativity(void **state)
{
    (void)state;
    assert_true(value_of("10-4-3") == 3); /* right-associative would give 9 */
    assert_true(value_of("2-3+4") == 3);  /* right-associative would give -5 */
    assert_true(value_of("8/4/2") == 1);  /* right-associative would give 4 */
    assert_true(value_of("2*3+4") == 10); /* left to right without precedence also 10 */
    assert_true(value_of("2+3*4") == 14); /* left to right without precedence would give 20 */
    assert_true(value_of("2*(3+4)") == 14);
    assert_true(value_of("(2+3)*4") == 20);
    assert_true(value_of("-2*-3") == 6);
    assert_true(value_of("7/2") == 3.5);
    assert_true(value_of("-(2+3)") == -5);
    assert_true(value_of("--5") == 5);
    assert_true(value_of("---5") == -5);
    assert_true(value_of("1 - -1") == 2);
    assert_true(value_of("1.25 + 0.5") == 1.75);
    assert_true(value_of("007") == 7);
    assert_true(value_of(" \t1 +\r\n2 ") == 3);
    assert_true(value_of("((42))") == 42);
}

static void test_identifiers_and_functions(void **state)
{
    (void)state;
    assert_true(value_of("cp_rate") == 12.5);
    assert_true(value_of("per10k(cp_plans, pop_0_17)") == 57.5); /* 230*10000/40000 */
    assert_true(value_of("per10k(3, 4)") == 7500);
    assert_true(value_of("pct(3, 8)") == 37.5);
    assert_true(value_of("pct(cp_plans, 1000)") == 23);
    assert_true(value_of("min(3, -2)") == -2);
    assert_true(value_of("min(-2, 3)") == -2);
    assert_true(value_of("max(3, -2)") == 3);
    assert_true(value_of("max(-2, 3)") == 3);
    assert_true(value_of("min(2, 2)") == 2);
    assert_true(value_of("max(min(1, 2), pct(1, 4))") == 25);
    assert_true(value_of("2 * max (1, 2) - 1") == 3); /* space before '(' still a call */
    assert_true(value_of("1 / 0.5") == 2);            /* a small divisor is not zero */

    /* the same tree evaluates again with other values */
    sg_expr *e = NULL;
    sg_error err;
    const char *s = "cp_plans + cp_rate";
    assert_int_equal(sg_expr_parse(s, strlen(s), &e, &err), SG_OK);
    double v = 0, scale = 2;
    assert_int_equal(sg_expr_eval(e, lookup, NULL, &v, &err), SG_OK);
    assert_true(v == 242.5);
    assert_int_equal(sg_expr_eval(e, lookup, &scale, &v, &err), SG_OK);
    assert_true(v == 485);
    sg_expr_free(e);
    sg_expr_free(NULL);
}

static void test_parse_errors(void **state)
{
    (void)state;
    parse_fails("foo(1, 2)", SG_EPARSE, 1, "unknown function 'foo'");
    parse_fails("1 + rate10k(1, 2)", SG_EPARSE, 5, "unknown function 'rate10k'");
    parse_fails("1 + per10k(1)", SG_EPARSE, 5, "per10k takes 2 arguments, not 1");
    parse_fails("pct(1, 2, 3)", SG_EPARSE, 1, "pct takes 2 arguments, not 3");
    parse_fails("min()", SG_EPARSE, 1, "min takes 2 arguments, not 0");
    parse_fails("(1+2", SG_EPARSE, 5, "missing ')' for the '(' at column 1");
    parse_fails("((1)", SG_EPARSE, 5, "missing ')' for the '(' at column 1");
    parse_fails("max(1, 2", SG_EPARSE, 9, "missing ')' for the '(' at column 4 of max(");
    parse_fails("(1 2)", SG_EPARSE, 4, "expected ')' for the '(' at column 1, found '2'");
    parse_fails("1+2)", SG_EPARSE, 4, "unmatched ')'");
    parse_fails("1 2", SG_EPARSE, 3, "unexpected '2' after a complete expression");
    parse_fails("cp_rate x", SG_EPARSE, 9, "unexpected 'x' after a complete expression");
    parse_fails("1+", SG_EPARSE, 3, "the expression ends");
    parse_fails("", SG_EPARSE, 1, "empty expression");
    parse_fails("  ", SG_EPARSE, 3, "empty expression");
    parse_fails("3 % 2", SG_EPARSE, 3, "unexpected '%'");
    parse_fails("Cp_rate", SG_EPARSE, 1, "unexpected 'C'");
    parse_fails("_x", SG_EPARSE, 1, "unexpected '_'");
    parse_fails("()", SG_EPARSE, 2, "unexpected ')'");
    parse_fails("min(1,)", SG_EPARSE, 7, "unexpected ')'");
    parse_fails("1.", SG_EPARSE, 3, "expected a digit after the decimal point");
    parse_fails("1.x", SG_EPARSE, 3, "expected a digit after the decimal point");
    parse_fails(".5", SG_EPARSE, 1, "unexpected '.'");
    parse_fails("1e3", SG_EPARSE, 2, "unexpected 'e' after a complete expression");
    parse_fails("1 +\x01", SG_EPARSE, 4, "unexpected byte 0x01");
}

static void test_eval_errors(void **state)
{
    (void)state;
    eval_fails("1 + nope", SG_ENOTFOUND, 5, "unknown identifier 'nope'");
    eval_fails("pct + 1", SG_ENOTFOUND, 1, "unknown identifier 'pct'"); /* not a call */
    eval_fails("2 * broken", SG_EDB, 5, "identifier 'broken' has no value (SG_EDB)");
    eval_fails("endless - 1", SG_EINVAL, 1, "'endless' is not a finite number");
    eval_fails("1 / (2-2)", SG_EINVAL, 3, "division by zero");
    eval_fails("0/0", SG_EINVAL, 2, "division by zero");
    eval_fails("1 / -0", SG_EINVAL, 3, "division by zero");
    eval_fails("per10k(1, 0)", SG_EINVAL, 1, "denominator of per10k is 0");
    eval_fails("1 + pct(cp_plans, zero)", SG_EINVAL, 5, "denominator of pct is 0");
    assert_true(value_of("min(1, 0) + max(0, 0)") == 0); /* min and max divide by nothing */
}

/* "1" and n zeros: 10^n. */
static char *power_of_ten(char *buf, int n)
{
    buf[0] = '1';
    memset(buf + 1, '0', (size_t)n);
    buf[n + 1] = '\0';
    return buf;
}

static void test_range(void **state)
{
    (void)state;
    char big[400], text[420];
    /* 10^308 is below DBL_MAX (about 1.798e308); 10^309 is above it */
    assert_true(value_of(power_of_ten(big, 308)) == 1e308);
    parse_fails(power_of_ten(big, 309), SG_EPARSE, 1, "number too large");
    snprintf(text, sizeof text, "%s * 1", power_of_ten(big, 308));
    assert_true(value_of(text) == 1e308);
    snprintf(text, sizeof text, "%s * 10", power_of_ten(big, 308));
    eval_fails(text, SG_EINVAL, 311, "result too large"); /* the '*' after 309 digits and a space */
}

static void test_nesting_limit(void **state)
{
    (void)state;
    char s[300];
    /* 64 parentheses deep: accepted */
    memset(s, '(', 64);
    s[64] = '1';
    memset(s + 65, ')', 64);
    s[129] = '\0';
    assert_true(value_of(s) == 1);
    /* 65 deep: refused at the 65th '(' */
    memset(s, '(', 65);
    s[65] = '1';
    memset(s + 66, ')', 65);
    s[131] = '\0';
    parse_fails(s, SG_ELIMIT, 65, "nested deeper than 64");
    /* a function call is a level too: 63 groups + min( = 64 accepted */
    memset(s, '(', 63);
    memcpy(s + 63, "min(1,2)", 8);
    memset(s + 71, ')', 63);
    s[134] = '\0';
    assert_true(value_of(s) == 1);
    /* 64 groups + min( = 65 refused at min's '(' (columns 1-64 '(', 65-67 "min", 68 '(') */
    memset(s, '(', 64);
    memcpy(s + 64, "min(1,2)", 8);
    memset(s + 72, ')', 64);
    s[136] = '\0';
    parse_fails(s, SG_ELIMIT, 68, "nested deeper than 64");
    /* siblings do not add up: 64 deep twice in a row is still 64 */
    char twice[700];
    memset(s, '(', 64);
    s[64] = '1';
    memset(s + 65, ')', 64);
    s[129] = '\0';
    snprintf(twice, sizeof twice, "%s+%s", s, s);
    assert_true(value_of(twice) == 2);
}

static void test_length_limit(void **state)
{
    (void)state;
    char s[1100];
    /* "1" then 499 "+1" = 999 bytes, a space makes 1000: accepted, value 500 */
    s[0] = '1';
    for (int i = 0; i < 499; i++)
        memcpy(s + 1 + 2 * i, "+1", 2);
    s[999] = ' ';
    s[1000] = '\0';
    assert_int_equal(strlen(s), 1000);
    assert_true(value_of(s) == 500);
    /* 1001 bytes: refused before parsing, at column 1001 */
    s[1000] = ' ';
    s[1001] = '\0';
    parse_fails(s, SG_ELIMIT, 1001, "longer than 1000 bytes");
    /* 999 minus signs and a 1: 1000 bytes, an odd run, so -1 (and no deep recursion) */
    memset(s, '-', 999);
    s[999] = '1';
    s[1000] = '\0';
    assert_true(value_of(s) == -1);
}

static void test_identifier_list(void **state)
{
    (void)state;
    sg_expr *e = NULL;
    sg_error err;
    const char *s = "per10k(cp_plans, pop_0_17) + cp_plans / pop_0_17 - min(cp_rate, 1)";
    assert_int_equal(sg_expr_parse(s, strlen(s), &e, &err), SG_OK);
    assert_int_equal(sg_expr_nidents(e), 3); /* distinct, functions not listed */
    assert_string_equal(sg_expr_ident(e, 0), "cp_plans");
    assert_string_equal(sg_expr_ident(e, 1), "pop_0_17");
    assert_string_equal(sg_expr_ident(e, 2), "cp_rate");
    assert_null(sg_expr_ident(e, 3));
    sg_expr_free(e);

    s = "1 + 2";
    assert_int_equal(sg_expr_parse(s, strlen(s), &e, &err), SG_OK);
    assert_int_equal(sg_expr_nidents(e), 0);
    assert_null(sg_expr_ident(e, 0));
    sg_expr_free(e);

    s = "a + ab + a_b + a"; /* a prefix is a different identifier */
    assert_int_equal(sg_expr_parse(s, strlen(s), &e, &err), SG_OK);
    assert_int_equal(sg_expr_nidents(e), 3);
    assert_string_equal(sg_expr_ident(e, 0), "a");
    assert_string_equal(sg_expr_ident(e, 1), "ab");
    assert_string_equal(sg_expr_ident(e, 2), "a_b");
    sg_expr_free(e);

    /* the length given is honoured: the text after it is not read */
    s = "cp_rate + pop_0_17";
    assert_int_equal(sg_expr_parse(s, 7, &e, &err), SG_OK);
    assert_int_equal(sg_expr_nidents(e), 1);
    assert_string_equal(sg_expr_ident(e, 0), "cp_rate");
    sg_expr_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_precedence_and_associativity),
        cmocka_unit_test(test_identifiers_and_functions),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_eval_errors),
        cmocka_unit_test(test_range),
        cmocka_unit_test(test_nesting_limit),
        cmocka_unit_test(test_length_limit),
        cmocka_unit_test(test_identifier_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

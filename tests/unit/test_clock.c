/* test_clock.c - core/clock.h: UTC timestamps of known moments (worked out by hand from day
 * counts), both sides of the buffer size and of the four-digit year, and the fallbacks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/clock.h"

#include <string.h>

static void test_known_moments(void **state)
{
    (void)state;
    char b[32];
    assert_string_equal(sg_utc_stamp(0, b, sizeof b, "-"), "1970-01-01T00:00:00Z");
    assert_string_equal(sg_utc_stamp(86399, b, sizeof b, "-"), "1970-01-01T23:59:59Z");
    assert_string_equal(sg_utc_stamp(86400, b, sizeof b, "-"), "1970-01-02T00:00:00Z");
    assert_string_equal(sg_utc_stamp(-1, b, sizeof b, "-"), "1969-12-31T23:59:59Z");
    /* 1970..1999: 30 years with 7 leap days = 10957 days; + 31 + 28 = 2000-02-29;
     * 11016 * 86400 + 13:45:07 (49507 s) */
    assert_string_equal(sg_utc_stamp(951831907, b, sizeof b, "-"), "2000-02-29T13:45:07Z");
    assert_string_equal(sg_utc_stamp(2147483648LL, b, sizeof b, "-"), "2038-01-19T03:14:08Z");
    /* the last second of year 9999 fits in SG_UTC_STAMP_LEN; the next needs one more byte */
    char exact[SG_UTC_STAMP_LEN];
    assert_ptr_equal(sg_utc_stamp(253402300799LL, exact, sizeof exact, "-"), exact);
    assert_string_equal(exact, "9999-12-31T23:59:59Z");
    assert_string_equal(sg_utc_stamp(253402300800LL, exact, sizeof exact, "-"), "-");
    assert_string_equal(sg_utc_stamp(253402300800LL, b, sizeof b, "-"), "10000-01-01T00:00:00Z");
}

static void test_fallbacks(void **state)
{
    (void)state;
    char b[32];
    /* one byte short of the stamp: the fallback, never a cut stamp */
    assert_string_equal(sg_utc_stamp(0, b, SG_UTC_STAMP_LEN - 1, "?"), "?");
    assert_string_equal(sg_utc_stamp(0, b, SG_UTC_STAMP_LEN - 1, NULL), "");
    /* a moment gmtime cannot convert */
    assert_string_equal(sg_utc_stamp(INT64_MAX, b, sizeof b, "-"), "-");
    assert_string_equal(sg_utc_stamp(INT64_MAX, b, sizeof b, NULL), "");
    /* the fallback is cut to the buffer */
    char small[3];
    assert_string_equal(sg_utc_stamp(0, small, sizeof small, "abcdef"), "ab");
    /* no room at all: nothing is written */
    b[0] = 'x';
    sg_utc_stamp(0, b, 0, "-");
    assert_int_equal(b[0], 'x');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_moments),
        cmocka_unit_test(test_fallbacks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

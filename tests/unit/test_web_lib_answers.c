/* test_web_lib_answers.c - src/web/lib_answers.c without a socket: this program resolves
 * MHD_queue_response to our definition (the start-up check passes); a response without the
 * security headers - as libmicrohttpd builds for its own 400/414/431/505 - gets every one
 * with its exact value, plus Cache-Control: no-store; a response of ours (it has
 * X-Content-Type-Options) is left exactly as it was. libmicrohttpd's own MHD_queue_response
 * refuses a NULL connection (MHD_NO), so the forward is exercised without a daemon. The
 * answers over a socket are tests/e2e/web_library_answers.sh's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <microhttpd.h>
#include <string.h>

#include "web/ops.h"
#include "web/web.h"

static enum MHD_Result count_one(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    (void)kind;
    (void)key;
    (void)value;
    ++*(int *)cls;
    return MHD_YES;
}

static int headers(struct MHD_Response *r)
{
    int n = 0;
    MHD_get_response_headers(r, count_one, &n);
    return n;
}

static void test_check_passes(void **state)
{
    (void)state;
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_web_lib_answers_check(&e), SG_OK);
}

static void test_library_answer_gets_headers(void **state)
{
    (void)state;
    struct MHD_Response *r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    assert_non_null(r);
    assert_int_equal(headers(r), 0);
    assert_int_equal(MHD_queue_response(NULL, 400, r), MHD_NO); /* no connection: refused */
    assert_string_equal(MHD_get_response_header(r, "Content-Security-Policy"),
                        "default-src 'none'; style-src 'self'; img-src 'self' data:; "
                        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    assert_string_equal(MHD_get_response_header(r, "X-Content-Type-Options"), "nosniff");
    assert_string_equal(MHD_get_response_header(r, "Referrer-Policy"), "no-referrer");
    assert_string_equal(MHD_get_response_header(r, "X-Frame-Options"), "DENY");
    assert_string_equal(MHD_get_response_header(r, "Cross-Origin-Opener-Policy"), "same-origin");
    assert_string_equal(MHD_get_response_header(r, "Cross-Origin-Resource-Policy"), "same-origin");
    assert_string_equal(MHD_get_response_header(r, "Permissions-Policy"),
                        "camera=(), microphone=(), geolocation=()");
    assert_string_equal(MHD_get_response_header(r, "Cache-Control"), "no-store");
    assert_null(MHD_get_response_header(r, "Strict-Transport-Security")); /* not HTTPS */
    assert_int_equal(headers(r), 8); /* 7 security headers and Cache-Control, once each */
    /* queued again (a retry): nothing added twice */
    assert_int_equal(MHD_queue_response(NULL, 400, r), MHD_NO);
    assert_int_equal(headers(r), 8);
    MHD_destroy_response(r);
}

static void test_ours_untouched(void **state)
{
    (void)state;
    struct MHD_Response *r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    assert_non_null(r);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Content-Security-Policy", "default-src 'self'");
    assert_int_equal(MHD_queue_response(NULL, 200, r), MHD_NO);
    assert_int_equal(headers(r), 2);
    assert_string_equal(MHD_get_response_header(r, "Content-Security-Policy"),
                        "default-src 'self'");
    MHD_destroy_response(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_passes),
        cmocka_unit_test(test_library_answer_gets_headers),
        cmocka_unit_test(test_ours_untouched),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

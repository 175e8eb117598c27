/* test_web_form.c - the web's input parsers: urlencoded bodies and query strings, multipart
 * uploads, Cookie headers; and the router's pattern matching. Known answers by hand, valid
 * and malformed inputs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "web/form.h"
#include "web/web.h"

static void test_urlencoded(void **state)
{
    (void)state;
    sg_form f;
    sg_form_init(&f);
    sg_error err;
    const char *s = "username=ann+b&password=p%40ss%3Dw%26rd&empty=&flag&x=%C3%A9";
    assert_int_equal(sg_form_parse_urlencoded(&f, s, strlen(s), &err), SG_OK);
    assert_int_equal(f.n, 5);
    assert_string_equal(sg_form_get(&f, "username"), "ann b");
    assert_string_equal(sg_form_get(&f, "password"), "p@ss=w&rd");
    assert_string_equal(sg_form_get(&f, "empty"), "");
    assert_string_equal(sg_form_get(&f, "flag"), "");
    assert_string_equal(sg_form_get(&f, "x"), "\xc3\xa9");
    assert_null(sg_form_get(&f, "nope"));
    sg_form_fini(&f);

    /* bad escapes, a NUL byte, a truncated escape */
    const char *bad[] = {"a=%zz", "a=%00", "a=%4", "a%=1", "%"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sg_form_init(&f);
        assert_int_equal(sg_form_parse_urlencoded(&f, bad[i], strlen(bad[i]), &err), SG_EPARSE);
        assert_int_equal(f.n, 0);
        sg_form_fini(&f);
    }
}

static void test_urlencoded_limits(void **state)
{
    (void)state;
    sg_form f;
    sg_error err;
    /* SG_FORM_MAX_FIELDS + 1 fields */
    char buf[4096];
    size_t k = 0;
    for (int i = 0; i <= SG_FORM_MAX_FIELDS; i++)
        k += (size_t)snprintf(buf + k, sizeof buf - k, "a=%d&", i % 10);
    sg_form_init(&f);
    assert_int_equal(sg_form_parse_urlencoded(&f, buf, k, &err), SG_ELIMIT);
    assert_int_equal(f.n, 0);
    sg_form_fini(&f);
    /* a name longer than SG_FORM_MAX_NAME */
    char name[SG_FORM_MAX_NAME + 8];
    memset(name, 'n', sizeof name - 3);
    memcpy(name + sizeof name - 3, "=1", 3);
    sg_form_init(&f);
    assert_int_equal(sg_form_parse_urlencoded(&f, name, strlen(name), &err), SG_ELIMIT);
    sg_form_fini(&f);
}

static void test_multipart(void **state)
{
    (void)state;
    const char body[] = "--XyZ\r\n"
                        "Content-Disposition: form-data; name=\"csrf\"\r\n\r\n"
                        "abc123\r\n"
                        "--XyZ\r\n"
                        "Content-Disposition: form-data; name=\"file\"; "
                        "filename=\"C:\\\\dir\\\\police;missing.csv\"\r\n"
                        "Content-Type: text/csv\r\n\r\n"
                        "a,b\r\n1,\0\r\n"
                        "--XyZ\r\n"
                        "Content-Disposition: form-data; name=\"period\"\r\n\r\n"
                        "2024-25\r\n"
                        "--XyZ--\r\n";
    size_t len = sizeof body - 1;
    sg_form f;
    sg_form_init(&f);
    sg_error err;
    assert_int_equal(
        sg_form_parse_multipart(&f, body, len, "multipart/form-data; boundary=XyZ", &err), SG_OK);
    assert_int_equal(f.n, 3);
    assert_string_equal(sg_form_get(&f, "csrf"), "abc123");
    assert_string_equal(sg_form_get(&f, "period"), "2024-25");
    assert_null(sg_form_get(&f, "file")); /* a file is not a plain field */
    const sg_form_field *file = sg_form_field_get(&f, "file");
    assert_non_null(file);
    assert_string_equal(file->filename, "police;missing.csv");
    assert_int_equal(file->len, 8);
    assert_memory_equal(file->value, "a,b\r\n1,\0", 8);
    sg_form_fini(&f);

    /* quoted boundary, through sg_form_parse */
    sg_form_init(&f);
    const char b2[] = "--a b\r\nContent-Disposition: form-data; name=x\r\n\r\n1\r\n--a b--";
    assert_int_equal(
        sg_form_parse(&f, "multipart/form-data; boundary=\"a b\"", b2, sizeof b2 - 1, &err), SG_OK);
    assert_string_equal(sg_form_get(&f, "x"), "1");
    sg_form_fini(&f);

    /* malformed: no boundary, no closing boundary, no name, not form-data, NUL in a field */
    struct {
        const char *ct, *body;
        size_t len;
    } bad[] = {
        {"multipart/form-data", "--x\r\n\r\n", 7},
        {"multipart/form-data; boundary=x",
         "--x\r\nContent-Disposition: form-data; name=a\r\n\r\n1", 48},
        {"multipart/form-data; boundary=x",
         "--x\r\nContent-Disposition: form-data\r\n\r\n1\r\n--x--", 47},
        {"multipart/form-data; boundary=x",
         "--x\r\nContent-Disposition: attachment; name=a\r\n\r\n1\r\n--x--", 56},
        {"multipart/form-data; boundary=x",
         "--x\r\nContent-Disposition: form-data; name=a\r\n\r\n\0\r\n--x--", 55},
        {"multipart/form-data; boundary=x", "garbage", 7},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sg_form_init(&f);
        int rc = sg_form_parse_multipart(&f, bad[i].body, bad[i].len, bad[i].ct, &err);
        assert_int_equal(rc, SG_EPARSE);
        assert_int_equal(f.n, 0);
        sg_form_fini(&f);
    }
}

static void test_cookie(void **state)
{
    (void)state;
    char v[80];
    assert_int_equal(sg_cookie_get("a=1; sg_session=abcdef; b=2", "sg_session", v, sizeof v),
                     SG_OK);
    assert_string_equal(v, "abcdef");
    assert_int_equal(sg_cookie_get("sg_session_x=1;sg_session=\"q\"", "sg_session", v, sizeof v),
                     SG_OK);
    assert_string_equal(v, "q");
    assert_int_equal(sg_cookie_get("a=1", "sg_session", v, sizeof v), SG_ENOTFOUND);
    assert_int_equal(sg_cookie_get(NULL, "sg_session", v, sizeof v), SG_ENOTFOUND);
    assert_int_equal(sg_cookie_get("s=123456", "s", v, 4), SG_ELIMIT);
    assert_int_equal(sg_cookie_get("s=a\\b", "s", v, sizeof v), SG_EPARSE);
    assert_int_equal(sg_cookie_get("s=a b", "s", v, sizeof v), SG_EPARSE);
    assert_int_equal(sg_cookie_get("s", "s", v, sizeof v), SG_ENOTFOUND);
}

static void test_router(void **state)
{
    (void)state;
    char p[SG_WEB_MAX_PARAMS][SG_WEB_MAX_PARAM];
    int n = 0;
    bool ok = true;
    const sg_web_route *r = sg_web_route_match("GET", "/submissions/12", p, &n, &ok);
    assert_non_null(r);
    assert_ptr_equal(r->fn, sg_h_submission);
    assert_int_equal(r->cap, SG_CAP_SUBMISSIONS);
    assert_int_equal(n, 1);
    assert_string_equal(p[0], "12");
    r = sg_web_route_match("GET", "/registers/case_review/CR-1", p, &n, &ok);
    assert_non_null(r);
    assert_int_equal(n, 2);
    assert_string_equal(p[0], "case_review");
    assert_string_equal(p[1], "CR-1");
    r = sg_web_route_match("GET", "/registers/audit_case/MAA-2024-1/C01", p, &n, &ok);
    assert_non_null(r);
    assert_ptr_equal(r->fn, sg_h_register_record);
    assert_int_equal(n, 2);
    assert_string_equal(p[1], "MAA-2024-1/C01");
    r = sg_web_route_match("GET", "/submissions/", p, &n, &ok);
    assert_non_null(r);
    assert_ptr_equal(r->fn, sg_h_submissions);
    /* a public route needs nothing; the report is public */
    r = sg_web_route_match("GET", "/report", p, &n, &ok);
    assert_int_equal(r->cap, SG_WEB_CAP_PUBLIC);
    /* wrong method: 405, unknown: 404 */
    assert_null(sg_web_route_match("DELETE", "/submissions", p, &n, &ok));
    assert_false(ok);
    assert_null(sg_web_route_match("GET", "/nothing", p, &n, &ok));
    assert_true(ok);
    assert_null(sg_web_route_match("GET", "/submissions//", p, &n, &ok));
    assert_null(sg_web_route_match("GET", "submissions", p, &n, &ok));
    /* every state-changing route but login is CSRF-checked; every API route is flagged */
    size_t nr = 0;
    const sg_web_route *all = sg_web_routes(&nr);
    for (size_t i = 0; i < nr; i++) {
        if (strcmp(all[i].method, "POST") == 0 && strcmp(all[i].pattern, "/login") != 0)
            assert_false(all[i].flags & SG_WEB_R_NO_CSRF);
        if (strncmp(all[i].pattern, "/api/", 5) == 0) {
            assert_true(all[i].flags & SG_WEB_R_API);
            assert_int_not_equal(all[i].cap, SG_WEB_CAP_PUBLIC);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_urlencoded), cmocka_unit_test(test_urlencoded_limits),
        cmocka_unit_test(test_multipart),  cmocka_unit_test(test_cookie),
        cmocka_unit_test(test_router),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_marking.c - report/marking.h: the two editions' words and the cover element, by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/buf.h"
#include "report/marking.h"

static void test_marking(void **state)
{
    (void)state;
    assert_string_equal(sg_report_marking(true), "Public: small numbers withheld");
    assert_string_equal(sg_report_marking(false),
                        "Official-sensitive: exact figures, not for publication");
    sg_buf b;
    sg_buf_init(&b, 0);
    sg_html h;
    sg_html_init(&h, &b);
    sg_report_marking_html(&h, true);
    sg_report_marking_html(&h, false);
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_html_finish(&h, &e), SG_OK);
    assert_string_equal(sg_buf_str(&b),
                        "<span class=\"marking\">Public: small numbers withheld</span>"
                        "<span class=\"marking\">Official-sensitive: exact figures, not for "
                        "publication</span>");
    sg_buf_fini(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_marking),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

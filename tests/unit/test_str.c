/* test_str.c - core/str.h: case-insensitive equality, trimming and base names, answers by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/str.h"

#include <string.h>

static void test_ieq(void **state)
{
    (void)state;
    assert_true(sg_str_ieq("yes", "YES"));
    assert_true(sg_str_ieq("True", "tRUE"));
    assert_true(sg_str_ieq("", ""));
    assert_false(sg_str_ieq("YES", "YE")); /* a prefix is not equal */
    assert_false(sg_str_ieq("YE", "YES"));
    assert_false(sg_str_ieq("N0", "NO")); /* digit zero is not the letter */
    assert_false(sg_str_ieq("@", "`"));   /* only letters fold: 0x40 and 0x60 differ */
    assert_false(sg_str_ieq("[", "{"));
    assert_false(sg_str_ieq(NULL, "Y"));
    assert_false(sg_str_ieq("Y", NULL));
    assert_true(sg_str_ieqn("yesterday", 3, "YES"));
    assert_false(sg_str_ieqn("yesterday", 4, "YES"));
    assert_false(sg_str_ieqn("ye", 2, "YES"));
    assert_true(sg_str_ieqn("", 0, ""));
}

static void test_trim_and_base_name(void **state)
{
    (void)state;
    const char *s = " \t 22%\r\n";
    size_t len = strlen(s);
    sg_str_trim(&s, &len);
    assert_int_equal(len, 3);
    assert_memory_equal(s, "22%", 3);
    s = "   ";
    len = 3;
    sg_str_trim(&s, &len);
    assert_int_equal(len, 0);
    s = "a b";
    len = 3;
    sg_str_trim(&s, &len); /* inner space stays */
    assert_int_equal(len, 3);
    assert_string_equal(sg_base_name("/tmp/up.1/cin.xml"), "cin.xml");
    assert_string_equal(sg_base_name("cin.xml"), "cin.xml");
    assert_string_equal(sg_base_name("dir/"), "");
    assert_string_equal(sg_base_name(NULL), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ieq),
        cmocka_unit_test(test_trim_and_base_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

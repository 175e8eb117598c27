/* test_str.c - core/str.h: case-insensitive equality, trimming and base names, answers by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/str.h"

#include <stdio.h>
#include <stdlib.h>
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

/* Collects the lines sg_str_each_data_line hands over, joined by '|'. */
static void collect(void *ctx, const char *line, const char *end)
{
    char *acc = ctx;
    size_t n = strlen(acc);
    snprintf(acc + n, 128 - n, "%s%.*s", n ? "|" : "", (int)(end - line), line);
}

static void test_data_lines_and_fields(void **state)
{
    (void)state;
    char acc[128] = "";
    /* the header is skipped, CR LF and LF both end a line, empty lines are left out, and the
     * last line needs no newline */
    sg_str_each_data_line("name,from\r\na,1\r\n\nb,2\n\r\nc,3", collect, acc);
    assert_string_equal(acc, "a,1|b,2|c,3");
    acc[0] = '\0';
    sg_str_each_data_line("only a header", collect, acc);
    assert_string_equal(acc, "");
    sg_str_each_data_line("header\n", collect, acc);
    assert_string_equal(acc, "");

    const char *line = " cin_sex , 2022 ,,DfE guide, 1, 2, 9 ";
    const char *p = line, *end = line + strlen(line);
    const char *want[] = {"cin_sex", "2022", "", "DfE guide"};
    for (size_t i = 0; i < 4; i++) {
        char *f = sg_str_field_dup(&p, end, false);
        assert_string_equal(f, want[i]);
        free(f);
    }
    char *rest = sg_str_field_dup(&p, end, true); /* the last field keeps its commas */
    assert_string_equal(rest, "1, 2, 9");
    free(rest);
    assert_ptr_equal(p, end);
    char *none = sg_str_field_dup(&p, end, false); /* past the end: an empty field */
    assert_string_equal(none, "");
    free(none);
    assert_ptr_equal(p, end);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ieq),
        cmocka_unit_test(test_trim_and_base_name),
        cmocka_unit_test(test_data_lines_and_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

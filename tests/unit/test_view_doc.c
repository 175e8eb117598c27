/* test_view_doc.c - the view document (registers/view.h) and its three renderings on a
 * hand-built document: the exact text the CLI prints (aligned columns, numeric columns right,
 * blank lines where asked), the exact HTML (headings, caption, column and row headers, numeric
 * cells, sub-items, notes; <, &, " escaped; well-formed) and the exact JSON; titles copied,
 * a full buffer reported, an empty document. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "registers/view.h"
#include "wellformed.h"

#include <stdlib.h>
#include <string.h>

/* Heading, a captioned table (a numeric column, a cell with markup characters, an indented
 * sub-item, an empty cell), a blank line, a section heading, a note; then an uncaptioned
 * table with no rows. */
static void build(sg_view_doc *d)
{
    sg_view_doc_init(d);
    sg_view_heading(d, 1, "Risks on %s", "2025-03-31");
    char title[16];
    snprintf(title, sizeof title, ">score");
    const char *head[] = {"risk", title, "note"};
    sg_tab *t = sg_view_table(d, "Top <risks>", 3, head);
    snprintf(title, sizeof title, "XXXXXX"); /* the document kept its own copy */
    const char *r1[] = {"R-1", "12", "a<b & \"c\""};
    const char *r2[] = {"  of which R-2", "9", NULL};
    sg_tab_row(t, r1);
    sg_tab_row(t, r2);
    sg_view_gap(d);
    sg_view_heading(d, 2, "Section");
    sg_view_note(d, "%d%% of <all> & \"more\"", 50);
    static const char *const h2[] = {"agency", ">n"};
    sg_view_table(d, NULL, 2, h2);
}

static void test_text(void **state)
{
    (void)state;
    sg_view_doc d;
    build(&d);
    sg_buf b;
    sg_buf_init(&b, 0);
    assert_int_equal(sg_view_text(&d, &b), SG_OK);
    assert_string_equal(sg_buf_str(&b), "Risks on 2025-03-31\n"
                                        "risk            score  note\n"
                                        "--------------  -----  ---------\n"
                                        "R-1                12  a<b & \"c\"\n"
                                        "  of which R-2      9  \n"
                                        "\n"
                                        "Section\n"
                                        "50% of <all> & \"more\"\n"
                                        "agency  n\n"
                                        "------  -\n");
    /* a full buffer is SG_ELIMIT, not a cut rendering passed off as whole */
    sg_buf small;
    sg_buf_init(&small, 16);
    assert_int_equal(sg_view_text(&d, &small), SG_ELIMIT);
    sg_buf_fini(&small);
    sg_buf_fini(&b);
    sg_view_doc_fini(&d);
}

static void test_html(void **state)
{
    (void)state;
    sg_view_doc d;
    build(&d);
    sg_buf b;
    sg_buf_init(&b, 0);
    sg_html h;
    sg_html_init(&h, &b);
    sg_html_open(&h, "div", NULL);
    sg_view_html(&d, &h);
    sg_html_close(&h, "div");
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_html_finish(&h, &e), SG_OK);
    assert_string_equal(
        sg_buf_str(&b),
        "<div><h3>Risks on 2025-03-31</h3>"
        "<table class=\"view\"><caption>Top &lt;risks&gt;</caption>"
        "<thead><tr><th scope=\"col\">risk</th><th scope=\"col\" class=\"num\">score</th>"
        "<th scope=\"col\">note</th></tr></thead>"
        "<tbody><tr><th scope=\"row\">R-1</th><td class=\"num\">12</td>"
        "<td>a&lt;b &amp; &quot;c&quot;</td></tr>"
        "<tr><th scope=\"row\" class=\"sub\">of which R-2</th><td class=\"num\">9</td>"
        "<td></td></tr></tbody></table>"
        "<h4>Section</h4>"
        "<p class=\"note\">50% of &lt;all&gt; &amp; &quot;more&quot;</p>"
        "<table class=\"view\"><thead><tr><th scope=\"col\">agency</th>"
        "<th scope=\"col\" class=\"num\">n</th></tr></thead><tbody></tbody></table></div>");
    char why[256];
    long elements = 0;
    assert_int_equal(wellformed(sg_buf_str(&b), b.len, why, sizeof why, &elements), 1);
    assert_int_equal(elements, 26);
    sg_buf_fini(&b);
    sg_view_doc_fini(&d);
}

static void test_json(void **state)
{
    (void)state;
    sg_view_doc d;
    build(&d);
    json_t *j = sg_view_json(&d);
    char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
    assert_string_equal(
        s, "{\"blocks\":["
           "{\"type\":\"heading\",\"level\":1,\"text\":\"Risks on 2025-03-31\"},"
           "{\"type\":\"table\",\"caption\":\"Top <risks>\",\"columns\":[\"risk\",\"score\","
           "\"note\"],\"numeric\":[false,true,false],\"rows\":[[\"R-1\",\"12\","
           "\"a<b & \\\"c\\\"\"],[\"  of which R-2\",\"9\",\"\"]]},"
           "{\"type\":\"heading\",\"level\":2,\"text\":\"Section\"},"
           "{\"type\":\"note\",\"text\":\"50% of <all> & \\\"more\\\"\"},"
           "{\"type\":\"table\",\"caption\":null,\"columns\":[\"agency\",\"n\"],"
           "\"numeric\":[false,true],\"rows\":[]}]}");
    free(s);
    json_decref(j);
    sg_view_doc_fini(&d);
}

/* Text that is not UTF-8 cannot go into JSON: the cell becomes null, the document survives. */
static void test_json_bad_utf8(void **state)
{
    (void)state;
    sg_view_doc d;
    sg_view_doc_init(&d);
    static const char *const head[] = {"a"};
    sg_tab *t = sg_view_table(&d, NULL, 1, head);
    const char *row[] = {"\xff"};
    sg_tab_row(t, row);
    json_t *j = sg_view_json(&d);
    char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
    assert_string_equal(s, "{\"blocks\":[{\"type\":\"table\",\"caption\":null,\"columns\":[\"a\"],"
                           "\"numeric\":[false],\"rows\":[[null]]}]}");
    free(s);
    json_decref(j);
    sg_view_doc_fini(&d);
}

static void test_empty_and_check(void **state)
{
    (void)state;
    sg_view_doc d;
    sg_view_doc_init(&d);
    sg_buf b;
    sg_buf_init(&b, 0);
    assert_int_equal(sg_view_text(&d, &b), SG_OK);
    assert_string_equal(sg_buf_str(&b), "");
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_view_check(&d, &e), SG_OK);
    json_t *j = sg_view_json(&d);
    char *s = json_dumps(j, JSON_COMPACT);
    assert_string_equal(s, "{\"blocks\":[]}");
    free(s);
    json_decref(j);
    /* a gap asked for at the end has no block to go before: nothing is written */
    sg_view_gap(&d);
    assert_int_equal(sg_view_text(&d, &b), SG_OK);
    assert_string_equal(sg_buf_str(&b), "");
    sg_buf_fini(&b);
    sg_view_doc_fini(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_html),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_json_bad_utf8),
        cmocka_unit_test(test_empty_and_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

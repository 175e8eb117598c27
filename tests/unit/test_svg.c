/* test_svg.c - the markup writer and the charts: escaping (markup characters, invalid UTF-8,
 * control characters), elements closed in order, sticky errors and limits, and every chart is
 * well-formed (expat), accessible (role, title, desc) and draws what it is given - and nothing
 * for withheld figures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/html.h"
#include "report/svg.h"
#include "wellformed.h"

#include <stdlib.h>
#include <string.h>

static int count_of(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

static void check_wf(sg_buf *b)
{
    char why[256];
    long el = 0;
    if (!wellformed(b->data, b->len, why, sizeof why, &el))
        fail_msg("not well-formed: %s\n%s", why, b->data);
    assert_true(el > 0);
}

static void test_escape(void **state)
{
    (void)state;
    sg_buf b;
    sg_buf_init(&b, 0);
    assert_int_equal(sg_html_escape(&b, "a<b>&\"c'd"), SG_OK);
    assert_string_equal(sg_buf_str(&b), "a&lt;b&gt;&amp;&quot;c&#39;d");
    sg_buf_reset(&b);
    /* Valid UTF-8 passes; each byte of a lone continuation byte or a truncated sequence becomes
     * U+FFFD; control characters other than tab and newline are dropped. */
    assert_int_equal(sg_html_escape(&b, "caf\xC3\xA9 \x80 \xE2\x86 x\x01y\tz\n"), SG_OK);
    assert_string_equal(sg_buf_str(&b), "caf\xC3\xA9 \xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD x"
                                        "y\tz\n");
    sg_buf_reset(&b);
    /* Overlong "/" (2 bytes) and a UTF-16 surrogate (3 bytes) are not UTF-8. */
    assert_int_equal(sg_html_escape(&b, "\xC0\xAF|\xED\xA0\x80"), SG_OK);
    assert_int_equal(count_of(sg_buf_str(&b), "\xEF\xBF\xBD"), 5);
    sg_buf_reset(&b);
    assert_int_equal(sg_html_escape(&b, NULL), SG_OK);
    assert_string_equal(sg_buf_str(&b), "");
    sg_buf_fini(&b);
}

/* The document head and a table's head, written out by hand. */
static void test_heads(void **state)
{
    (void)state;
    sg_buf b;
    sg_buf_init(&b, 0);
    sg_html h;
    sg_html_init(&h, &b);
    sg_html_begin_head(&h);
    sg_html_close(&h, "head");
    sg_html_close(&h, "html");
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_html_finish(&h, &e), SG_OK);
    assert_string_equal(sg_buf_str(&b), "<!DOCTYPE html>\n<html lang=\"en-GB\"><head>"
                                        "<meta charset=\"utf-8\"/><meta name=\"viewport\" "
                                        "content=\"width=device-width, initial-scale=1\"/>"
                                        "</head></html>");

    sg_buf_reset(&b);
    sg_html_init(&h, &b);
    static const char *const cols[] = {"Year", ">Count", ">", "A>B"};
    sg_html_table_head(&h, "C<1", cols, 4);
    sg_html_close(&h, "table");
    assert_int_equal(sg_html_finish(&h, &e), SG_OK);
    /* '>' first marks a numeric column and is not shown; elsewhere it is text */
    assert_string_equal(sg_buf_str(&b),
                        "<table><caption>C&lt;1</caption><thead><tr>"
                        "<th scope=\"col\">Year</th><th scope=\"col\" class=\"num\">Count</th>"
                        "<th scope=\"col\" class=\"num\"></th><th scope=\"col\">A&gt;B</th>"
                        "</tr></thead></table>");
    sg_buf_reset(&b);
    sg_html_init(&h, &b);
    sg_html_table_head(&h, NULL, cols, 0);
    sg_html_close(&h, "table");
    assert_int_equal(sg_html_finish(&h, &e), SG_OK);
    assert_string_equal(sg_buf_str(&b), "<table><thead><tr></tr></thead></table>");
    sg_buf_fini(&b);
}

static void test_writer(void **state)
{
    (void)state;
    sg_buf b;
    sg_buf_init(&b, 0);
    sg_html h;
    sg_html_init(&h, &b);
    sg_html_open(&h, "div", "class", "x", "id", NULL, "title", "<&>", NULL);
    sg_html_elem(&h, "p", "1 < 2", NULL);
    sg_html_empty(&h, "br", NULL);
    sg_html_textf(&h, "%d & %s", 3, "<b>");
    sg_html_close(&h, "div");
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_html_finish(&h, &e), SG_OK);
    /* The NULL-valued attribute is left out. */
    assert_string_equal(sg_buf_str(&b), "<div class=\"x\" title=\"&lt;&amp;&gt;\"><p>1 &lt; 2</p>"
                                        "<br/>3 &amp; &lt;b&gt;</div>");
    check_wf(&b);

    /* Closing out of order fails, and the failure sticks. */
    sg_buf_reset(&b);
    sg_html_init(&h, &b);
    sg_html_open(&h, "div", NULL);
    sg_html_open(&h, "span", NULL);
    sg_html_close(&h, "div");
    size_t len = b.len;
    sg_html_text(&h, "more");
    assert_int_equal(b.len, len);
    assert_int_equal(sg_html_finish(&h, &e), SG_EINVAL);

    /* An element left open. */
    sg_buf_reset(&b);
    sg_html_init(&h, &b);
    sg_html_open(&h, "section", NULL);
    assert_int_equal(sg_html_finish(&h, &e), SG_EINVAL);
    assert_non_null(strstr(e.msg, "<section>"));

    /* Names come from code and must be plain. */
    sg_buf_reset(&b);
    sg_html_init(&h, &b);
    sg_html_open(&h, "div", "on click", "x", NULL);
    assert_int_equal(sg_html_finish(&h, &e), SG_EINVAL);
    sg_buf_reset(&b);
    sg_html_init(&h, &b);
    sg_html_empty(&h, "img src=x", NULL);
    assert_int_equal(sg_html_finish(&h, &e), SG_EINVAL);

    /* Nesting is bounded. */
    sg_buf_reset(&b);
    sg_html_init(&h, &b);
    for (int i = 0; i < SG_HTML_MAX_DEPTH + 1; i++)
        sg_html_open(&h, "div", NULL);
    assert_int_equal(sg_html_finish(&h, &e), SG_ELIMIT);
    sg_buf_fini(&b);

    /* The buffer's maximum: SG_ELIMIT, sticky. */
    sg_buf small;
    sg_buf_init(&small, 32);
    sg_html_init(&h, &small);
    sg_html_open(&h, "p", NULL);
    sg_html_text(&h, "this text is longer than thirty-two bytes in all");
    sg_html_close(&h, "p");
    assert_int_equal(sg_html_finish(&h, &e), SG_ELIMIT);
    sg_buf_fini(&small);
}

static void test_nice_ceil(void **state)
{
    (void)state;
    assert_true(sg_svg_nice_ceil(0) == 1);
    assert_true(sg_svg_nice_ceil(-5) == 1);
    assert_true(sg_svg_nice_ceil(1) == 1);
    assert_true(sg_svg_nice_ceil(1.2) == 2);
    assert_true(sg_svg_nice_ceil(2.2) == 2.5);
    assert_true(sg_svg_nice_ceil(26) == 50);
    assert_true(sg_svg_nice_ceil(540) == 1000);
    assert_true(sg_svg_nice_ceil(100) == 100);
    assert_true(sg_svg_nice_ceil(0.043) == 0.05);
}

static void test_funnel(void **state)
{
    (void)state;
    sg_buf b;
    sg_buf_init(&b, 0);
    sg_html h;
    sg_html_init(&h, &b);
    sg_svg_step s[] = {
        {"Contacts", true, 4000, "4,000", NULL},
        {"Referrals", true, 1200, "1,200", "30.0% of contacts"},
        {"Assessments", true, 1100, "1,100", "91.7% of referrals"},
        {"Section 47 enquiries", true, 400, "400", "36.4% of assessments"},
        {"ICPCs", false, 0, "c", "c"},
        {"CP plans", true, 110, "110", "c"},
    };
    sg_svg_funnel(&h, "funnel", "Demand <funnel>", "Contacts to plans & conversion", s, 6);
    sg_error e;
    assert_int_equal(sg_html_finish(&h, &e), SG_OK);
    check_wf(&b);
    const char *o = sg_buf_str(&b);
    assert_non_null(strstr(o, "role=\"img\""));
    assert_non_null(strstr(o, "aria-labelledby=\"funnel-title funnel-desc\""));
    assert_non_null(strstr(o, "<title id=\"funnel-title\">Demand &lt;funnel&gt;</title>"));
    assert_non_null(
        strstr(o, "<desc id=\"funnel-desc\">Contacts to plans &amp; conversion</desc>"));
    /* Five drawn bars and one placeholder for the withheld step. */
    assert_int_equal(count_of(o, "class=\"bar first\""), 1);
    assert_int_equal(count_of(o, "class=\"bar\""), 4);
    assert_int_equal(count_of(o, "class=\"bar missing\""), 1);
    /* The first bar is the full 380 wide; referrals 1200/4000 of it = 114. */
    assert_non_null(strstr(o, "width=\"380.0\""));
    assert_non_null(strstr(o, "width=\"114.0\""));
    assert_non_null(strstr(o, ">1,200</text>"));
    assert_non_null(strstr(o, "30.0% of contacts"));
    assert_non_null(strstr(o, ">c</text>"));
    sg_buf_fini(&b);
}

static void test_funnel_bad_id(void **state)
{
    (void)state;
    sg_buf b;
    sg_buf_init(&b, 0);
    sg_html h;
    sg_html_init(&h, &b);
    sg_svg_step s[] = {{"A", true, 1, "1", NULL}};
    sg_svg_funnel(&h, "Bad Id", "t", "d", s, 1);
    sg_error e;
    assert_int_equal(sg_html_finish(&h, &e), SG_EINVAL);
    sg_buf_fini(&b);
}

static void test_trend(void **state)
{
    (void)state;
    sg_buf b;
    sg_buf_init(&b, 0);
    sg_html h;
    sg_html_init(&h, &b);
    const char *years[] = {"2020-21", "2021-22", "2022-23", "2023-24"};
    double v[] = {20.5, 24.0, 0, 21.0};
    bool hv[] = {true, true, false, true};
    const char *vt[] = {"20.5", "24.0", "c", "21.0"};
    double tgt[] = {0, 0, 22, 22};
    bool ht[] = {false, false, true, true};
    double lo[] = {18, 19, 19.5, 20}, hi[] = {26, 27, 27.5, 28};
    bool hb[] = {true, true, true, true};
    double eng[] = {0, 0, 22.4, 22.4};
    bool he[] = {false, false, true, true};
    sg_svg_trend t = {.n = 4,
                      .x_labels = years,
                      .value = v,
                      .has_value = hv,
                      .value_text = vt,
                      .target = tgt,
                      .has_target = ht,
                      .band_lo = lo,
                      .band_hi = hi,
                      .has_band = hb,
                      .band_label = "Statistical neighbours (range)",
                      .line = eng,
                      .has_line = he,
                      .line_label = "England",
                      .series_label = "Partnership",
                      .unit = "%"};
    sg_svg_trend_chart(&h, "trend-rereferrals", "Re-referrals", "Four years", &t);
    sg_error e;
    assert_int_equal(sg_html_finish(&h, &e), SG_OK);
    check_wf(&b);
    const char *o = sg_buf_str(&b);
    /* Axis: max 28 x 1.08 = 30.24 -> nice 50; ticks 0, 12.5, 25, 37.5, 50. */
    assert_non_null(strstr(o, ">50%</text>"));
    assert_non_null(strstr(o, ">12.5%</text>"));
    /* Three points drawn (the withheld one is a label only), broken into two runs: 20.5-24.0
     * is a polyline, 21.0 alone is not. */
    assert_int_equal(count_of(o, "class=\"point\""), 3);
    assert_int_equal(count_of(o, "class=\"series\""), 2); /* one run + the legend swatch */
    assert_non_null(strstr(o, "class=\"pointlabel muted\""));
    assert_int_equal(count_of(o, "class=\"band\""), 2);   /* polygon + legend */
    assert_int_equal(count_of(o, "class=\"target\""), 2); /* line + legend */
    assert_int_equal(count_of(o, "class=\"cmp\""), 2);
    assert_non_null(strstr(o, "England"));
    assert_non_null(strstr(o, ">2022-23</text>"));
    /* x of the 4th year = 596 (the inset right edge); y of 21.0 = 206 - 184 x 21/50 = 128.72. */
    assert_non_null(strstr(o, "cx=\"596.0\" cy=\"128.7\""));
    sg_buf_fini(&b);
}

/* Runs of present points for the series and the band alike: a gap splits a run, a lone band
 * year is a bar (rect), a run of two or more is one polygon, a lone series point no line. */
static void test_trend_runs(void **state)
{
    (void)state;
    sg_buf b;
    sg_buf_init(&b, 0);
    sg_html h;
    sg_html_init(&h, &b);
    const char *years[] = {"2019-20", "2020-21", "2021-22", "2022-23", "2023-24"};
    double v[] = {10, 0, 12, 14, 0};
    bool hv[] = {true, false, true, true, false};
    double lo[] = {8, 0, 9, 9, 9}, hi[] = {16, 0, 18, 18, 18};
    bool hb[] = {true, false, false, true, true};
    sg_svg_trend t = {.n = 5,
                      .x_labels = years,
                      .value = v,
                      .has_value = hv,
                      .band_lo = lo,
                      .band_hi = hi,
                      .has_band = hb,
                      .band_label = "Range",
                      .series_label = "Partnership"};
    sg_svg_trend_chart(&h, "trend-runs", "Runs", "Gaps", &t);
    sg_error e;
    assert_int_equal(sg_html_finish(&h, &e), SG_OK);
    check_wf(&b);
    const char *o = sg_buf_str(&b);
    /* band present in years 1, 4, 5: a bar for year 1, one polygon for 4-5, and the legend */
    assert_int_equal(count_of(o, "<polygon"), 1);
    assert_int_equal(count_of(o, "class=\"band\""), 3);
    /* values in years 1, 3, 4: year 1 alone draws no line, 3-4 one polyline (+ legend) */
    assert_int_equal(count_of(o, "<polyline"), 1);
    assert_int_equal(count_of(o, "class=\"series\""), 2);
    assert_int_equal(count_of(o, "class=\"point\""), 3);
    sg_buf_fini(&b);
}

static void test_trend_empty_and_single(void **state)
{
    (void)state;
    sg_buf b;
    sg_buf_init(&b, 0);
    sg_html h;
    sg_html_init(&h, &b);
    const char *years[] = {"2023-24"};
    double v[] = {5};
    bool hv[] = {false};
    sg_svg_trend t = {.n = 1, .x_labels = years, .value = v, .has_value = hv};
    sg_svg_trend_chart(&h, "t1", "No data", "Nothing to draw", &t);
    sg_svg_trend none = {0};
    sg_svg_trend_chart(&h, "t2", "Empty", "", &none);
    sg_error e;
    assert_int_equal(sg_html_finish(&h, &e), SG_OK);
    /* Two svg roots: wrap them for the parser. */
    sg_buf w;
    sg_buf_init(&w, 0);
    sg_buf_printf(&w, "<div>%s</div>", sg_buf_str(&b));
    check_wf(&w);
    assert_int_equal(count_of(sg_buf_str(&b), "class=\"point\""), 0);
    sg_buf_fini(&w);
    sg_buf_fini(&b);
}

static void test_bars_and_sparkline(void **state)
{
    (void)state;
    sg_buf b;
    sg_buf_init(&b, 0);
    sg_html h;
    sg_html_init(&h, &b);
    sg_html_open(&h, "div", NULL);
    sg_svg_bar bars[] = {{"Neglect", true, 30, "30"},
                         {"Emotional", true, 20, "20"},
                         {"Physical", false, 0, "c"},
                         {"Multiple", true, 0, "0"}};
    sg_svg_bars(&h, "cats", "By category", "Plans started", bars, 4);
    double v[] = {1, 3, 2};
    bool hv[] = {true, true, true};
    sg_svg_sparkline(&h, "Referrals: 1, 3, 2", v, hv, 3);
    sg_html_close(&h, "div");
    sg_error e;
    assert_int_equal(sg_html_finish(&h, &e), SG_OK);
    check_wf(&b);
    const char *o = sg_buf_str(&b);
    /* Top = nice(30) = 50; neglect 330 x 30/50 = 198 wide, emotional 132; zero draws no bar. */
    assert_non_null(strstr(o, "width=\"198.0\""));
    assert_non_null(strstr(o, "width=\"132.0\""));
    assert_int_equal(count_of(o, "class=\"bar\""), 2);
    assert_int_equal(count_of(o, "class=\"bar missing\""), 1); /* the withheld one */
    assert_non_null(strstr(o, "aria-label=\"Referrals: 1, 3, 2\""));
    /* Sparkline: 3 points min 1 max 3, y from 24 (min) to 4 (max). */
    assert_non_null(strstr(o, "points=\"4.0,24.0 60.0,4.0 116.0,14.0\""));
    sg_buf_fini(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_writer),
        cmocka_unit_test(test_heads),
        cmocka_unit_test(test_nice_ceil),
        cmocka_unit_test(test_funnel),
        cmocka_unit_test(test_funnel_bad_id),
        cmocka_unit_test(test_trend),
        cmocka_unit_test(test_trend_runs),
        cmocka_unit_test(test_trend_empty_and_single),
        cmocka_unit_test(test_bars_and_sparkline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

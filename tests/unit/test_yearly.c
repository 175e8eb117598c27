/* test_yearly.c - the yearly report's pieces: the narrative safety checks (each pattern found
 * and its near miss passed), the Markdown rendering (raw HTML escaped or omitted, unsafe links
 * and images dropped, headings shifted, well-formed), disclosure control of a hand-built
 * model, figure formatting, the glossary, the config parser, and byte-identical output from
 * the same store. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/mem.h"
#include "report/narrative.h"
#include "report/publish_check.h"
#include "report/yearly.h"
#include "store/store.h"
#include "wellformed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int check(const char *text, int threshold, sg_error *e)
{
    static const char places[2][64] = {"Northtown", "Southport Road estate"};
    sg_pc_opts o = {.threshold = threshold, .places = places, .nplaces = 2};
    sg_error_clear(e);
    return sg_publish_check(text, strlen(text), "n/06-reviews.md", &o, e);
}

#define FLAGGED(text, what)                                                                        \
    do {                                                                                           \
        sg_error e_;                                                                               \
        assert_int_equal(check(text, 4, &e_), SG_EINVAL);                                          \
        if (!strstr(e_.msg, what)) fail_msg("'%s': expected %s, got %s", text, what, e_.msg);      \
    } while (0)
#define PASSES(text)                                                                               \
    do {                                                                                           \
        sg_error e_;                                                                               \
        if (check(text, 4, &e_) != SG_OK) fail_msg("'%s' flagged: %s", text, e_.msg);              \
    } while (0)

static void test_nhs(void **state)
{
    (void)state;
    /* 9434765919: 9*10+4*9+3*8+4*7+7*6+6*5+5*4+9*3+1*2 = 299; 299 mod 11 = 2; 11-2 = 9. */
    assert_true(sg_pc_nhs_valid("9434765919"));
    assert_false(sg_pc_nhs_valid("9434765918"));
    assert_false(sg_pc_nhs_valid("943476591"));
    FLAGGED("Seen by the GP (9434765919) on Monday.", "NHS number");
    FLAGGED("NHS 943 476 5919 was given.", "NHS number");
    FLAGGED("NHS 943-476-5919 was given.", "NHS number");
    PASSES("A phone line 943 476 5918 is open.");
    PASSES("Total spend 9434765918 pence.");
}

static void test_upn_and_la_id(void **state)
{
    (void)state;
    FLAGGED("Pupil A123456789012 moved school.", "unique pupil number");
    FLAGGED("Temporary UPN K12345678901A.", "unique pupil number");
    PASSES("Course A1234 ran twice.");
    FLAGGED("Case 999C00001234 was audited.", "LA child ID");
    FLAGGED("Record CHD0012345 was reviewed.", "LA child ID");
    PASSES("The area E06099999 is the partnership's.");
    FLAGGED("Her child ID 48213 was shared.", "ID label");
    PASSES("The child ID was not recorded.");
    PASSES("Review CR-2024-01 reported in 2024-25.");
}

static void test_date_of_birth(void **state)
{
    (void)state;
    FLAGGED("The baby, born 12/03/2023, was not seen.", "date of birth");
    FLAGGED("Date of birth: 3 March 2015.", "date of birth");
    FLAGGED("DOB 2015-03-03", "date of birth");
    FLAGGED("born on March 3 2015", "date of birth");
    PASSES("Children born in the spring of 2015 start school later.");
    PASSES("On 12/03/2023 the panel met.");
}

static void test_small_count_near_place(void **state)
{
    (void)state;
    FLAGGED("Three children in Northtown were on plans.", "small count next to a named place");
    FLAGGED("We saw 3 families in Kirkby this year.", "small count next to a named place");
    FLAGGED("Near the Southport Road estate, two young people were exploited.",
            "small count next to a named place");
    PASSES("25 children in Kirkby were on plans.");
    PASSES("We held 3 sessions in March.");
    PASSES("The budget rose by 3% in Kirkby.");
    PASSES("A grant of £3 in Kirkby.");
    PASSES("We met two partners. In Kirkby the school led.");
    PASSES("Three children were on plans across England.");
    /* The threshold decides what is small. */
    sg_error e;
    assert_int_equal(check("Five children in Kirkby.", 4, &e), SG_OK);
    assert_int_equal(check("Five children in Kirkby.", 5, &e), SG_EINVAL);
}

static void test_location_in_message(void **state)
{
    (void)state;
    sg_error e;
    const char *t = "Fine.\n\nAlso fine.\nThe baby (born 1/2/2015) was seen.\n";
    assert_int_equal(check(t, 4, &e), SG_EINVAL);
    assert_string_equal(e.file, "n/06-reviews.md");
    assert_int_equal(e.line, 4);
    assert_int_equal(e.column, 16); /* where the date starts */
    assert_null(strstr(e.msg, "1/2/2015"));
    char full[1024];
    sg_error_format(&e, full, sizeof full);
    assert_non_null(strstr(full, "n/06-reviews.md:4:"));
}

static void test_markdown(void **state)
{
    (void)state;
    const char *md = "# Title\n\nText <b>bold</b> & a < b.\n\n<script>alert(1)</script>\n\n"
                     "[link](javascript:alert(1)) [ok](https://example.org/a?b=1&c=2)\n\n"
                     "![chart](https://example.org/x.png)\n\n- one\n- two\n";
    char *html = NULL;
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_md_render(md, strlen(md), 2, &html, &e), SG_OK);
    assert_non_null(strstr(html, "<h3>Title</h3>"));
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "<b>"));
    assert_null(strstr(html, "javascript:"));
    assert_null(strstr(html, "<img"));
    assert_non_null(strstr(html, "[image not included in the report]"));
    assert_non_null(strstr(html, "&amp; a &lt; b"));
    assert_non_null(strstr(html, "raw HTML omitted"));
    assert_non_null(strstr(html, "href=\"https://example.org/a?b=1&amp;c=2\""));
    assert_non_null(strstr(html, "<li>two</li>"));
    /* Inlined in a page, it stays well-formed. */
    char *doc = xmalloc(strlen(html) + 32);
    snprintf(doc, strlen(html) + 32, "<div>%s</div>", html);
    char why[256];
    assert_true(wellformed(doc, strlen(doc), why, sizeof why, NULL));
    free(doc);
    free(html);
    /* A heading cannot go below h6. */
    assert_int_equal(sg_md_render("###### Deep", 11, 2, &html, &e), SG_OK);
    assert_non_null(strstr(html, "<h6>Deep</h6>"));
    free(html);
}

static sg_yr_fig count_fig(const char *id, long long n, bool people)
{
    sg_yr_fig f;
    memset(&f, 0, sizeof f);
    f.kind = SG_YF_COUNT;
    f.has = true;
    f.n = n;
    f.people = people;
    snprintf(f.id, sizeof f.id, "%s", id);
    snprintf(f.source, sizeof f.source, "test");
    snprintf(f.period, sizeof f.period, "2024-25");
    return f;
}

static sg_yr_fig pct_fig(const char *id, long long n, long long den)
{
    sg_yr_fig f = count_fig(id, n, true);
    f.kind = SG_YF_PCT;
    f.den = den;
    f.v = den ? (double)n * 100.0 / (double)den : 0;
    return f;
}

/* A breakdown 3, 10, 12 of 25: 3 is small (primary); alone it could be worked out from the
 * total, so the next smallest, 10, goes too (secondary); their percentages follow; 12 and the
 * total stay. A sentence repeating the 10 (same id) is withheld; a sentence count of 2 is
 * withheld; counts of things (people = false) are never withheld. */
static void build_model(sg_yr_report *r, bool public_view)
{
    sg_yr_init(r);
    r->public_view = public_view;
    snprintf(r->title, sizeof r->title, "Test report using LADO figures");
    snprintf(r->year, sizeof r->year, "2024-25");
    r->as_at = sg_date_from_ymd(2025, 3, 31);
    sg_yr_section *s = sg_yr_section_add(r, 10, "lado", "LADO");
    static const char *const h[] = {"Category", "Cases", "Share"};
    sg_yr_table *t = sg_yr_table_add(s, "By category", 3, h);
    const long long n[] = {3, 10, 12};
    const char *ids[] = {"a", "b", "c"};
    for (int i = 0; i < 3; i++) {
        int row = sg_yr_row(t, ids[i]);
        sg_yr_fig f = count_fig(ids[i], n[i], true);
        sg_yr_cell_fig(t, row, 1, &f);
        char pid[8];
        snprintf(pid, sizeof pid, "%s.pct", ids[i]);
        f = pct_fig(pid, n[i], 25);
        sg_yr_cell_fig(t, row, 2, &f);
    }
    int tr = sg_yr_row(t, "Total");
    sg_yr_fig f = count_fig("total", 25, true);
    sg_yr_cell_fig(t, tr, 1, &f);
    t->total_row = tr;
    t->sums = true;
    sg_yr_block *b = sg_yr_block_add(s, SG_YB_PARA);
    sg_yr_run_text(b, "Of them ");
    f = count_fig("b", 10, true);
    sg_yr_run_fig(b, &f);
    sg_yr_run_text(b, " were physical; ");
    f = count_fig("x", 2, true);
    sg_yr_run_fig(b, &f);
    sg_yr_run_text(b, " came from schools; sessions: ");
    f = count_fig("sessions", 2, false);
    sg_yr_run_fig(b, &f);
    sg_yr_run_text(b, ".");
    sg_yr_section_add(r, 17, "glossary", "Glossary");
    sg_yr_finish(r);
}

static void test_disclosure(void **state)
{
    (void)state;
    sg_yr_report r;
    build_model(&r, true);
    const sg_yr_table *t = r.sec[0].b[0].table;
    assert_true(sg_yr_cell_at(t, 0, 1)->fig.sup);  /* 3: primary */
    assert_true(sg_yr_cell_at(t, 1, 1)->fig.sup);  /* 10: secondary */
    assert_false(sg_yr_cell_at(t, 2, 1)->fig.sup); /* 12 */
    assert_false(sg_yr_cell_at(t, 3, 1)->fig.sup); /* total 25 */
    assert_true(sg_yr_cell_at(t, 0, 2)->fig.sup);
    assert_true(sg_yr_cell_at(t, 1, 2)->fig.sup);
    assert_false(sg_yr_cell_at(t, 2, 2)->fig.sup);
    const sg_yr_block *b = &r.sec[0].b[1];
    assert_true(b->runs[1].fig.sup);  /* repeats the withheld 10 */
    assert_true(b->runs[3].fig.sup);  /* 2 people */
    assert_false(b->runs[5].fig.sup); /* 2 sessions */
    char v[64];
    sg_yr_fig_fmt(&b->runs[1].fig, v);
    assert_string_equal(v, "c");
    sg_buf out;
    sg_buf_init(&out, 0);
    sg_error e;
    assert_int_equal(sg_yr_json(&r, &out, &e), SG_OK);
    assert_non_null(strstr(sg_buf_str(&out), "\"value\": \"c\""));
    assert_null(strstr(sg_buf_str(&out), "\"numerator\": 3"));
    sg_buf_reset(&out);
    assert_int_equal(sg_yr_html(&r, &out, &e), SG_OK);
    char why[256];
    assert_true(wellformed(out.data, out.len, why, sizeof why, NULL));
    assert_non_null(strstr(sg_buf_str(&out), "<th scope=\"col\""));
    assert_non_null(strstr(sg_buf_str(&out), "<details class=\"trace\">"));
    sg_buf_fini(&out);
    sg_yr_fini(&r);
    /* Analyst: nothing withheld. */
    build_model(&r, false);
    t = r.sec[0].b[0].table;
    assert_false(sg_yr_cell_at(t, 0, 1)->fig.sup);
    assert_false(r.sec[0].b[1].runs[3].fig.sup);
    sg_yr_fini(&r);
}

static void test_glossary_and_format(void **state)
{
    (void)state;
    sg_yr_report r;
    build_model(&r, false);
    /* "LADO" in the title; "LA" only inside other words; nothing else. */
    assert_int_equal(r.ngloss, 1);
    assert_string_equal(r.gloss[0].abbr, "LADO");
    sg_yr_fini(&r);
    sg_yr_fig f = count_fig("m", -123456, false);
    f.kind = SG_YF_MONEY;
    char v[64];
    sg_yr_fig_fmt(&f, v);
    assert_string_equal(v, "-\xC2\xA3"
                           "1,234.56");
    f = count_fig("n", 1234567, true);
    sg_yr_fig_fmt(&f, v);
    assert_string_equal(v, "1,234,567");
    f = pct_fig("p", 1, 8); /* 12.5 */
    sg_yr_fig_fmt(&f, v);
    assert_string_equal(v, "12.5%");
    f.has = false;
    sg_yr_fig_fmt(&f, v);
    assert_string_equal(v, "-");
}

static void test_config(void **state)
{
    (void)state;
    sg_yr_config *c = xmalloc(sizeof *c);
    sg_error e;
    sg_error_clear(&e);
    const char *ok = "{\"partnership\": \"P\", \"partners\": [{\"name\": \"Police\", \"role\": "
                     "\"partner\"}], \"priorities\": [{\"id\": \"P1\", \"title\": \"Neglect\", "
                     "\"actions\": [\"audit\"], \"indicators\": [\"cp_started_neg\"]}], "
                     "\"places\": [\"Northtown\"], \"disclosure_threshold\": 5}";
    assert_int_equal(sg_yr_config_parse(ok, strlen(ok), "c.json", c, &e), SG_OK);
    assert_string_equal(c->partnership, "P");
    assert_int_equal(c->npartners, 1);
    assert_string_equal(c->priorities[0].role, "P1");
    assert_string_equal(c->priorities[0].links[0], "audit");
    assert_string_equal(c->priorities[0].indicators[0], "cp_started_neg");
    assert_int_equal(c->threshold, 5);
    const char *typo = "{\"partnerz\": []}";
    assert_int_equal(sg_yr_config_parse(typo, strlen(typo), "c.json", c, &e), SG_EPARSE);
    assert_non_null(strstr(e.msg, "partnerz"));
    const char *inner = "{\"subgroups\": [{\"name\": \"A\", \"chairman\": \"x\"}]}";
    assert_int_equal(sg_yr_config_parse(inner, strlen(inner), "c.json", c, &e), SG_EPARSE);
    assert_non_null(strstr(e.msg, "subgroups.chairman"));
    char big[400];
    memset(big, 'x', sizeof big);
    snprintf(big, sizeof big, "{\"partnership\": \"%0300d\"}", 1);
    assert_int_equal(sg_yr_config_parse(big, strlen(big), "c.json", c, &e), SG_ELIMIT);
    assert_int_equal(sg_yr_config_parse("[1]", 3, "c.json", c, &e), SG_EPARSE);
    free(c);
}

/* The same (empty) store twice gives the same bytes, and the narrative folder is used. */
static void test_byte_identical(void **state)
{
    (void)state;
    char dir[] = "/tmp/sg-yearly-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char store_dir[300], narr[300], path[400];
    snprintf(store_dir, sizeof store_dir, "%s/store", dir);
    snprintf(narr, sizeof narr, "%s/narr", dir);
    assert_int_equal(mkdir(narr, 0700), 0);
    snprintf(path, sizeof path, "%s/01-foreword.md", narr);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("Hello <i>world</i> from the **partners**.\n", fp);
    fclose(fp);
    sg_store *s = NULL;
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_store_open(store_dir, true, &s, &e), SG_OK);
    sg_buf a, b;
    sg_buf_init(&a, 0);
    sg_buf_init(&b, 0);
    for (int k = 0; k < 2; k++) {
        sg_yr_report r;
        sg_yr_opts o = {.year = "2024-25", .as_at = SG_DATE_NONE, .narrative_dir = narr};
        assert_int_equal(sg_yr_build(s, &o, &r, &e), SG_OK);
        sg_buf *out = k ? &b : &a;
        assert_int_equal(sg_yr_html(&r, out, &e), SG_OK);
        assert_int_equal(sg_yr_json(&r, out, &e), SG_OK);
        assert_int_equal(r.as_at, sg_date_from_ymd(2025, 3, 31));
        assert_true(r.sec[0].has_before);
        sg_yr_fini(&r);
    }
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
    assert_non_null(strstr(sg_buf_str(&a), "from the <strong>partners</strong>"));
    assert_null(strstr(sg_buf_str(&a), "<i>world"));
    assert_non_null(strstr(sg_buf_str(&a), "No child death reviews were recorded for 2024-25."));
    /* A bad year is refused. */
    sg_yr_report r;
    sg_yr_opts o = {.year = "2024-Q1", .as_at = SG_DATE_NONE};
    assert_int_equal(sg_yr_build(s, &o, &r, &e), SG_EINVAL);
    sg_buf_fini(&a);
    sg_buf_fini(&b);
    sg_store_close(s);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nhs),
        cmocka_unit_test(test_upn_and_la_id),
        cmocka_unit_test(test_date_of_birth),
        cmocka_unit_test(test_small_count_near_place),
        cmocka_unit_test(test_location_in_message),
        cmocka_unit_test(test_markdown),
        cmocka_unit_test(test_disclosure),
        cmocka_unit_test(test_glossary_and_format),
        cmocka_unit_test(test_config),
        cmocka_unit_test(test_byte_identical),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_booklet.c - the data booklet on a hand-built indicator set: RAG from targets, disclosure
 * control in the public edition (primary, derived, secondary across a category breakdown, a
 * figure repeated elsewhere), exact figures in the analyst edition, the funnel's conversions,
 * CSV and JSON contents, well-formed HTML (expat), and - through the store - the dataset
 * builder's targets, comparators and data-quality flag from a hand-made finding row. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/mem.h"
#include "indicators/comparators.h"
#include "indicators/targets.h"
#include "report/booklet.h"
#include "store/import.h"
#include "wellformed.h"
#include "test_util.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Hand-made definitions (only the fields the booklet reads). */
#define DEF(id, grp, title, unit, pol, owner)                                                      \
    {                                                                                              \
        id, grp, title, SG_IND_FLOW, unit, pol, "", NULL, owner, SG_IND_SRC_CSC, "", "", 0, 0      \
    }
static const sg_ind_def d_contacts =
    DEF("contacts", "contacts", "Contacts", SG_IND_COUNT, SG_IND_DATA_ONLY, "CSC");
static const sg_ind_def d_referrals =
    DEF("referrals", "referrals", "Referrals", SG_IND_COUNT, SG_IND_DATA_ONLY, "CSC");
static const sg_ind_def d_reref =
    DEF("rereferrals_pct", "referrals", "Re-referrals within 12 months", SG_IND_PCT,
        SG_IND_LOWER_BETTER, "CSC");
static const sg_ind_def d_ass = DEF("assessments", "assessments", "Assessments completed",
                                    SG_IND_COUNT, SG_IND_DATA_ONLY, "CSC");
static const sg_ind_def d_ass45 =
    DEF("ass_45wd_pct", "assessments", "Assessments within 45 working days", SG_IND_PCT,
        SG_IND_HIGHER_BETTER, "CSC");
static const sg_ind_def d_s47 =
    DEF("s47", "s47", "Section 47 enquiries", SG_IND_COUNT, SG_IND_DATA_ONLY, "CSC");
static const sg_ind_def d_icpc = DEF("icpcs", "s47", "Initial child protection conferences",
                                     SG_IND_COUNT, SG_IND_DATA_ONLY, "CSC");
static const sg_ind_def d_cps = DEF("cp_started", "cp", "Child protection plans started",
                                    SG_IND_COUNT, SG_IND_DATA_ONLY, "CSC");
static const sg_ind_def d_cps_rate = DEF("cp_started_rate", "cp", "CP plans started per 10,000",
                                         SG_IND_RATE10K, SG_IND_DATA_ONLY, "CSC");
static const sg_ind_def d_cat[5] = {
    DEF("cp_started_neg", "cp", "Plans started - neglect", SG_IND_PCT, SG_IND_DATA_ONLY, "CSC"),
    DEF("cp_started_emo", "cp", "Plans started - emotional abuse", SG_IND_PCT, SG_IND_DATA_ONLY,
        "CSC"),
    DEF("cp_started_phy", "cp", "Plans started - physical abuse", SG_IND_PCT, SG_IND_DATA_ONLY,
        "CSC"),
    DEF("cp_started_sab", "cp", "Plans started - sexual abuse", SG_IND_PCT, SG_IND_DATA_ONLY,
        "CSC"),
    DEF("cp_started_mul", "cp", "Plans started - multiple", SG_IND_PCT, SG_IND_DATA_ONLY, "CSC"),
};
static const sg_ind_def d_ended2y = DEF("cp_ended_2y_pct", "cp", "Plans ended lasting 2+ years",
                                        SG_IND_PCT, SG_IND_LOWER_BETTER, "CSC");
static const sg_ind_def d_dur2y = DEF("cp_dur_2y_plus", "cp", "Plans ended lasting 2 years or more",
                                      SG_IND_PCT, SG_IND_DATA_ONLY, "CSC");
static const sg_ind_def d_dur1 = DEF("cp_dur_3m", "cp", "Plans ended lasting up to 3 months",
                                     SG_IND_PCT, SG_IND_DATA_ONLY, "CSC");
static const sg_ind_def d_lado =
    DEF("lado_referrals", "lado", "LADO referrals", SG_IND_COUNT, SG_IND_DATA_ONLY, "LADO");

static sg_bk_item *add(sg_booklet *b, const sg_ind_def *d, long num, long den, double value)
{
    sg_bk_item it;
    memset(&it, 0, sizeof it);
    it.def = d;
    /* Two years: a year earlier at the same figures, so the trend has two points. */
    for (int y = 0; y < 2; y++) {
        it.pt[y].has = true;
        it.pt[y].num = num;
        it.pt[y].den = den;
        it.pt[y].value = value;
    }
    return sg_booklet_add(b, &it);
}

/* The hand-built year 2023-24 (values worked by hand):
 *   contacts 4000; referrals 1200 (30.0% of contacts); assessments 1100 (91.7% of referrals);
 *   S47 400 (36.4% of assessments); ICPCs 150 (37.5%); plans started 61 (40.7% of ICPCs);
 *   re-referrals 264 of 1200 = 22.0% (target 22, tolerance 2, lower better: green);
 *   within 45 days 902 of 1100 = 82.0% (target 85, tolerance 5, higher better: amber);
 *   plans started by category of 61: neglect 30 (49.2%), emotional 20 (32.8%), physical 3
 *   (4.9%), sexual 8 (13.1%), multiple 0 (0.0%); rate 61 / 52,000 x 10,000 = 11.7;
 *   plans ended 50: up to 3 months 46 (92.0%), 2+ years 4 (8.0%) - shown twice, as
 *   cp_ended_2y_pct and cp_dur_2y_plus; LADO referrals 3. */
static void build(sg_booklet *b, bool public_view)
{
    sg_booklet_init(b);
    sg_strlcpy(b->period, "2023-24", sizeof b->period);
    b->nyears = 2;
    sg_strlcpy(b->years[0], "2022-23", sizeof b->years[0]);
    sg_strlcpy(b->years[1], "2023-24", sizeof b->years[1]);
    sg_strlcpy(b->generated, "2024-06-30", sizeof b->generated);
    sg_strlcpy(b->partnership, "Testshire Safeguarding Children Partnership",
               sizeof b->partnership);
    b->public_view = public_view;
    b->findings_available = true;
    add(b, &d_contacts, 4000, 0, 4000);
    add(b, &d_referrals, 1200, 0, 1200);
    sg_bk_item *r = add(b, &d_reref, 264, 1200, 22.0);
    r->pt[1].has_target = true;
    r->pt[1].target = 22;
    r->tolerance = 2;
    r->pt[1].has_england = true;
    r->pt[1].england = 22.4;
    r->pt[1].has_band = true;
    r->pt[1].band_lo = 18.2;
    r->pt[1].band_hi = 27.9;
    sg_strlcpy(r->band_label, "Statistical neighbours", sizeof r->band_label);
    sg_strlcpy(r->priority, "Front door", sizeof r->priority);
    sg_strlcpy(r->comment, "Audit of repeat referrals <Q3> & actions", sizeof r->comment);
    add(b, &d_ass, 1100, 0, 1100);
    sg_bk_item *a = add(b, &d_ass45, 902, 1100, 82.0);
    a->pt[1].has_target = true;
    a->pt[1].target = 85;
    a->tolerance = 5;
    sg_strlcpy(a->priority, "Timely assessment", sizeof a->priority);
    a->dq_errors = 2;
    a->dq_nsubs = 1;
    a->dq_subs[0] = 7;
    add(b, &d_s47, 400, 0, 400);
    add(b, &d_icpc, 150, 0, 150);
    add(b, &d_cps, 61, 0, 61);
    add(b, &d_cps_rate, 61, 52000, 11.7);
    long cat[5] = {30, 20, 3, 8, 0};
    double pct[5] = {49.2, 32.8, 4.9, 13.1, 0.0};
    for (int i = 0; i < 5; i++)
        add(b, &d_cat[i], cat[i], 61, pct[i]);
    add(b, &d_ended2y, 4, 50, 8.0);
    add(b, &d_dur1, 46, 50, 92.0);
    add(b, &d_dur2y, 4, 50, 8.0);
    add(b, &d_lado, 3, 0, 3);
    b->dq = calloc(1, sizeof *b->dq);
    b->ndq = 1;
    b->dq[0].id = 7;
    sg_strlcpy(b->dq[0].agency, "LA", sizeof b->dq[0].agency);
    sg_strlcpy(b->dq[0].format, "cin", sizeof b->dq[0].format);
    sg_strlcpy(b->dq[0].period, "2023-24", sizeof b->dq[0].period);
    sg_strlcpy(b->dq[0].file_name, "cin_2024.xml", sizeof b->dq[0].file_name);
    b->dq[0].errors = 2;
    sg_strlcpy(b->dq[0].top_rules, "8500 (2)", sizeof b->dq[0].top_rules);
    sg_booklet_finish(b);
}

static const sg_bk_point *cur(const sg_booklet *b, const char *id)
{
    const sg_bk_item *it = sg_booklet_find(b, id);
    if (!it) fail_msg("no item %s", id);
    return &it->pt[b->nyears - 1];
}

static void test_rag(void **state)
{
    (void)state;
    sg_booklet b;
    build(&b, false);
    assert_int_equal(sg_booklet_find(&b, "rereferrals_pct")->rag, SG_RAG_GREEN); /* 22.0 = 22 */
    assert_int_equal(sg_booklet_find(&b, "ass_45wd_pct")->rag, SG_RAG_AMBER);    /* 82 in 80..85 */
    assert_int_equal(sg_booklet_find(&b, "referrals")->rag, SG_RAG_NONE);        /* no target */
    /* A target on a data-only indicator still gives no RAG. */
    sg_bk_item *c = (sg_bk_item *)sg_booklet_find(&b, "contacts");
    c->pt[1].has_target = true;
    c->pt[1].target = 10;
    sg_booklet_finish(&b);
    assert_int_equal(c->rag, SG_RAG_NONE);
    /* Red beyond the tolerance: 79.9 < 80. */
    sg_bk_item *a = (sg_bk_item *)sg_booklet_find(&b, "ass_45wd_pct");
    a->pt[1].value = 79.9;
    sg_booklet_finish(&b);
    assert_int_equal(a->rag, SG_RAG_RED);
    sg_booklet_fini(&b);
}

static void test_disclosure_public_and_analyst(void **state)
{
    (void)state;
    sg_booklet b;
    build(&b, false);
    for (size_t i = 0; i < b.nitems; i++)
        for (int y = 0; y < b.nyears; y++)
            assert_false(b.items[i].pt[y].sup);
    sg_booklet_fini(&b);

    build(&b, true);
    /* Primary: physical 3 of 61; LADO referrals 3; plans ended 2+ years 4 of 50. */
    assert_true(cur(&b, "cp_started_phy")->sup);
    assert_true(cur(&b, "lado_referrals")->sup);
    assert_true(cur(&b, "cp_ended_2y_pct")->sup);
    /* Secondary: with the total 61 shown, the next smallest non-zero category (sexual, 8) goes
     * too; zero (multiple) and the large ones stay. */
    assert_true(cur(&b, "cp_started_sab")->sup);
    assert_false(cur(&b, "cp_started_mul")->sup);
    assert_false(cur(&b, "cp_started_neg")->sup);
    assert_false(cur(&b, "cp_started_emo")->sup);
    assert_false(cur(&b, "cp_started")->sup);
    assert_false(cur(&b, "cp_started_rate")->sup);
    /* The duration breakdown of the 50 plans: 2+ years (4) withheld, so its complement "up to
     * 3 months" (46 = 50 - 4) goes as well; and the same 4-of-50 shown as cp_dur_2y_plus. */
    assert_true(cur(&b, "cp_dur_2y_plus")->sup);
    assert_true(cur(&b, "cp_dur_3m")->sup);
    /* Large figures stay. */
    assert_false(cur(&b, "rereferrals_pct")->sup);
    assert_false(cur(&b, "referrals")->sup);
    /* A withheld value has no RAG. */
    sg_bk_item *e = (sg_bk_item *)sg_booklet_find(&b, "cp_ended_2y_pct");
    e->pt[1].has_target = true;
    e->pt[1].target = 5;
    sg_booklet_finish(&b);
    assert_int_equal(e->rag, SG_RAG_NONE);
    char t[48];
    sg_booklet_fmt(&b, e, 1, t);
    assert_string_equal(t, "c");
    sg_booklet_fmt(&b, sg_booklet_find(&b, "referrals"), 1, t);
    assert_string_equal(t, "1,200");
    sg_booklet_fmt(&b, sg_booklet_find(&b, "rereferrals_pct"), 1, t);
    assert_string_equal(t, "22.0%");
    sg_booklet_fini(&b);

    /* The DfE's threshold of 5 also withholds... nothing more here (no 5s), but 4 stays out. */
    build(&b, true);
    b.disc.threshold = 2;
    sg_booklet_finish(&b);
    assert_false(cur(&b, "cp_started_phy")->sup); /* 3 > 2 */
    assert_false(cur(&b, "lado_referrals")->sup);
    sg_booklet_fini(&b);
}

static void test_rate_from_withheld_count(void **state)
{
    (void)state;
    sg_booklet b;
    build(&b, true);
    /* 4 plans started: the count and its rate per 10,000 both go (and the categories, whose
     * total is now small). */
    for (size_t i = 0; i < b.nitems; i++)
        if (strncmp(b.items[i].def->id, "cp_started", 10) == 0) {
            b.items[i].pt[1].num = strcmp(b.items[i].def->id, "cp_started_neg") == 0 ? 4 : 0;
            b.items[i].pt[1].den = b.items[i].def->unit == SG_IND_COUNT     ? 0
                                   : b.items[i].def->unit == SG_IND_RATE10K ? 52000
                                                                            : 4;
            if (b.items[i].def->unit != SG_IND_PCT) b.items[i].pt[1].num = 4;
        }
    sg_booklet_finish(&b);
    assert_true(cur(&b, "cp_started")->sup);
    assert_true(cur(&b, "cp_started_rate")->sup);
    assert_true(cur(&b, "cp_started_neg")->sup);
    /* 0 of 4: a zero shows nobody, but the percentage's denominator (4) is withheld. */
    assert_true(cur(&b, "cp_started_emo")->sup);
    char t[48];
    sg_booklet_fmt(&b, sg_booklet_find(&b, "cp_started_emo"), 1, t);
    assert_string_equal(t, "c");
    /* The year before (61 plans) is untouched. */
    assert_false(sg_booklet_find(&b, "cp_started")->pt[0].sup);
    sg_booklet_fini(&b);
}

static void check_html(const sg_booklet *b, sg_buf *out)
{
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_booklet_html(b, out, &e), SG_OK);
    char why[256];
    long el = 0;
    if (!wellformed(out->data, out->len, why, sizeof why, &el))
        fail_msg("booklet not well-formed: %s", why);
    assert_true(el > 200);
}

static void test_html(void **state)
{
    (void)state;
    sg_booklet b;
    build(&b, false);
    sg_buf o;
    sg_buf_init(&o, 0);
    check_html(&b, &o);
    const char *h = sg_buf_str(&o);
    /* Self-contained: no external reference of any kind. */
    assert_null(strstr(h, "http://www.w3.org/1999"));
    assert_null(strstr(h, "src="));
    assert_null(strstr(h, "<link"));
    assert_null(strstr(h, "<script"));
    assert_null(strstr(h, "https:"));
    assert_non_null(strstr(h, "<html lang=\"en-GB\">"));
    assert_non_null(strstr(h, "@page{size:A4"));
    assert_non_null(strstr(h, "Testshire Safeguarding Children Partnership"));
    assert_non_null(strstr(h, "Official-sensitive"));
    /* Funnel conversions, worked by hand above. */
    assert_non_null(strstr(h, "30.0% of contacts"));
    assert_non_null(strstr(h, "91.7% of referrals"));
    assert_non_null(strstr(h, "36.4% of assessments"));
    assert_non_null(strstr(h, "37.5% of section 47 enquiries"));
    assert_non_null(strstr(h, "40.7% of conferences"));
    /* Charts are labelled. */
    assert_non_null(strstr(h, "aria-labelledby=\"chart-funnel-title chart-funnel-desc\""));
    assert_non_null(strstr(h, "id=\"trend-rereferrals-pct\""));
    assert_non_null(strstr(h, "id=\"bars-cp-started\""));
    /* Priority areas with target, RAG, owner and the escaped comment. */
    assert_non_null(strstr(h, "<h3>Front door</h3>"));
    assert_non_null(strstr(h, "<h3>Timely assessment</h3>"));
    assert_non_null(strstr(h, "class=\"rag green\""));
    assert_non_null(strstr(h, "class=\"rag amber\""));
    assert_non_null(strstr(h, "Audit of repeat referrals &lt;Q3&gt; &amp; actions"));
    assert_non_null(strstr(h, ">85.0%</td>"));
    assert_non_null(strstr(h, ">22.4%</td>")); /* England */
    /* Exact figures in the analyst view. */
    assert_non_null(strstr(h, ">4.9%"));
    assert_non_null(strstr(h, "3 (4.9%)"));
    /* The data-quality flag links to its submission's row. */
    assert_non_null(strstr(h, "href=\"#dq-sub-7\""));
    assert_non_null(strstr(h, "id=\"dq-sub-7\""));
    assert_non_null(strstr(h, "2 open errors"));
    assert_non_null(strstr(h, "8500 (2)"));
    sg_buf_fini(&o);
    sg_booklet_fini(&b);

    build(&b, true);
    sg_buf_init(&o, 0);
    check_html(&b, &o);
    h = sg_buf_str(&o);
    assert_non_null(strstr(h, "Public: small numbers withheld"));
    /* The withheld physical and sexual figures appear nowhere; the symbol does. */
    assert_null(strstr(h, "4.9%"));
    assert_null(strstr(h, "13.1%"));
    assert_null(strstr(h, "3 (4.9%)"));
    assert_null(strstr(h, "8 (13.1%)"));
    assert_non_null(strstr(h, "30 (49.2%)"));
    assert_non_null(strstr(h, "0 (0.0%)"));
    assert_non_null(strstr(h, ">c</td>"));
    assert_non_null(strstr(h, "counts of 1 to 4"));
    sg_buf_fini(&o);
    sg_booklet_fini(&b);
}

static void test_csv_and_json(void **state)
{
    (void)state;
    sg_booklet b;
    build(&b, true);
    sg_buf o;
    sg_buf_init(&o, 0);
    sg_error e;
    assert_int_equal(sg_booklet_csv(&b, &o, &e), SG_OK);
    const char *c = sg_buf_str(&o);
    assert_int_equal(strncmp(c, "indicator,title,group,unit,polarity,owner,year,value,", 52), 0);
    /* 18 items x 2 years + header. */
    int lines = 0;
    for (const char *p = c; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 37);
    assert_non_null(strstr(c, "rereferrals_pct,Re-referrals within 12 months,referrals,percent,"
                              "lower is better,CSC,2023-24,22,264,1200,N,,22,2,green,22.4,18.2,"
                              "27.9,Statistical neighbours,Front door,"));
    /* Withheld: value, numerator and (for a percentage) denominator are the symbol. */
    assert_non_null(strstr(c, "cp_started_phy,Plans started - physical abuse,cp,percent,data only,"
                              "CSC,2023-24,c,c,c,Y,"));
    assert_non_null(strstr(c, "lado_referrals,LADO referrals,lado,count,data only,LADO,2023-24,"
                              "c,c,,Y,"));
    assert_non_null(strstr(c, "ass_45wd_pct,Assessments within 45 working days,assessments,"
                              "percent,higher is better,CSC,2023-24,82,902,1100,N,,85,5,amber"));
    sg_buf_reset(&o);
    assert_int_equal(sg_booklet_json(&b, &o, &e), SG_OK);
    json_error_t je;
    json_t *j = json_loads(sg_buf_str(&o), 0, &je);
    assert_non_null(j);
    assert_true(json_is_true(json_object_get(j, "public")));
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(j, "disclosure"), "threshold")), 4);
    json_t *inds = json_object_get(j, "indicators");
    assert_int_equal(json_array_size(inds), 18);
    int checked = 0;
    for (size_t i = 0; i < json_array_size(inds); i++) {
        json_t *it = json_array_get(inds, i);
        const char *id = json_string_value(json_object_get(it, "id"));
        json_t *last = json_array_get(json_object_get(it, "series"), 1);
        if (strcmp(id, "cp_started_phy") == 0) {
            assert_string_equal(json_string_value(json_object_get(last, "value")), "c");
            assert_null(json_object_get(last, "numerator"));
            checked++;
        } else if (strcmp(id, "ass_45wd_pct") == 0) {
            assert_true(json_real_value(json_object_get(last, "value")) == 82.0);
            assert_int_equal(json_integer_value(json_object_get(last, "numerator")), 902);
            assert_string_equal(json_string_value(json_object_get(it, "rag")), "amber");
            assert_int_equal(
                json_integer_value(json_object_get(json_object_get(it, "open_errors"), "count")),
                2);
            checked++;
        }
    }
    assert_int_equal(checked, 2);
    json_decref(j);
    sg_buf_fini(&o);
    sg_booklet_fini(&b);
}

/* ---- through the store ---- */

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static void test_build_from_store(void **state)
{
    (void)state;
    char dir[] = "/tmp/sg-booklet-XXXXXX";
    assert_non_null(mkdtemp(dir));
    sg_store *s = NULL;
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_store_open(dir, true, &s, &e), SG_OK);
    /* A LADO return for 2023-24: 6 referrals and 1 contact received in the year. */
    char path[256];
    snprintf(path, sizeof path, "%s/lado.csv", dir);
    write_file(path, "lado_ref,kind,received_date,referring_agency,employment_sector,category,"
                     "initial_strategy_date,concluded_date,outcome\n"
                     "L1,REFERRAL,2023-04-03,POLICE,EDUCATION,PHYSICAL,,2023-05-01,SUBSTANTIATED\n"
                     "L2,REFERRAL,2023-05-03,POLICE,EDUCATION,PHYSICAL,,2023-06-01,UNFOUNDED\n"
                     "L3,REFERRAL,2023-06-03,HEALTH,HEALTH,SEXUAL,,,ONGOING\n"
                     "L4,REFERRAL,2023-07-03,HEALTH,HEALTH,PHYSICAL,,,ONGOING\n"
                     "L5,REFERRAL,2023-08-03,EDUCATION,EDUCATION,EMOTIONAL,,,ONGOING\n"
                     "L6,REFERRAL,2024-03-31,EDUCATION,EDUCATION,PHYSICAL,,,ONGOING\n"
                     "L7,CONTACT,2023-09-03,EDUCATION,EDUCATION,SUITABILITY,,,THRESHOLD_NOT_MET\n");
    const char *paths[] = {path};
    sg_import_opts io = {.agency = "LADO", .period = "2023-24", .user = "test"};
    sg_import_file_result res[1];
    assert_int_equal(sg_import_files(s, paths, 1, &io, res, &e), SG_OK);
    int64_t sub = res[0].submission;
    assert_true(sub > 0);

    /* Target and comparators for LADO referrals. */
    const char *tcsv = "indicator,year,target,tolerance,priority,comment\n"
                       "lado_referrals,2023-24,5,1,Allegations,Watch the trend\n";
    sg_target *t = NULL;
    size_t nt = 0;
    assert_int_equal(sg_targets_read(tcsv, strlen(tcsv), "t.csv", NULL, &t, &nt, &e), SG_OK);
    assert_int_equal(sg_targets_store(s, t, nt, "t.csv", &e), SG_OK);
    free(t);
    const char *ccsv = "indicator,year,area_type,value,min,max,source\n"
                       "lado_referrals,2023-24,England,40,,,Made-up test source\n"
                       "lado_referrals,2023-24,core cities,,2,20,Core city test source\n"
                       "lado_referrals,2023-24,statistical neighbours,,3,9,SN test source\n"
                       "lado_referrals,2022-23,core cities,,1,10,Core city test source\n";
    sg_comparator *c = NULL;
    size_t nc = 0;
    assert_int_equal(sg_comparators_read(ccsv, strlen(ccsv), "c.csv", NULL, &c, &nc, &e), SG_OK);
    assert_int_equal(sg_comparators_store(s, c, nc, "c.csv", &e), SG_OK);
    free(c);

    /* A hand-made finding row: the table as the validation stage defines it (created here when
     * this build's schema does not have it yet). */
    sqlite3 *db = sg_store_db(s);
    assert_int_equal(sqlite3_exec(db,
                                  "CREATE TABLE IF NOT EXISTS finding (id INTEGER PRIMARY KEY, "
                                  "submission_id INTEGER NOT NULL, file TEXT NOT NULL, line "
                                  "INTEGER NOT NULL, child TEXT NOT NULL, field TEXT NOT NULL, "
                                  "value TEXT, rule TEXT NOT NULL, severity TEXT NOT NULL, "
                                  "message TEXT NOT NULL)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT INTO finding (submission_id, file, line, child, field, value, rule, "
             "severity, message) VALUES (%lld, 'lado.csv', 3, '', 'outcome', 'X', 'SG-LADO1', "
             "'error', 'test'), (%lld, 'lado.csv', 4, '', 'outcome', 'X', 'SG-LADO2', "
             "'warning', 'not counted')",
             (long long)sub, (long long)sub);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);

    sg_booklet b;
    sg_booklet_init(&b);
    sg_booklet_opts bo = {.years = 2};
    int rc = sg_booklet_build(s, "2023-24", &bo, &b, &e);
    if (rc) fail_msg("build: %s", e.msg);
    /* The store holds nothing before 2023-24, so the empty year 2022-23 is left out. */
    assert_int_equal(b.nyears, 1);
    assert_string_equal(b.years[0], "2023-24");
    assert_true(b.findings_available);
    const sg_bk_item *it = sg_booklet_find(&b, "lado_referrals");
    assert_non_null(it);
    /* 6 referrals in 2023-24 (L6 on 31 March is inside the year). */
    assert_true(it->pt[0].has);
    assert_int_equal(it->pt[0].num, 6);
    /* Target 5, tolerance 1, but LADO referrals are data only: no RAG. */
    assert_true(it->pt[0].has_target && it->pt[0].target == 5);
    assert_string_equal(it->priority, "Allegations");
    assert_int_equal(it->rag, SG_RAG_NONE);
    /* England 40; band from statistical neighbours (3..9) rather than core cities. */
    assert_true(it->pt[0].has_england && it->pt[0].england == 40);
    assert_true(it->pt[0].has_band && it->pt[0].band_lo == 3 && it->pt[0].band_hi == 9);
    assert_string_equal(it->band_label, "Statistical neighbours");
    assert_string_equal(it->band_source, "SN test source");
    /* One open error (the warning does not count) on the submission behind the figure. */
    assert_int_equal(it->dq_errors, 1);
    assert_int_equal(it->dq_nsubs, 1);
    assert_int_equal(it->dq_subs[0], sub);
    assert_int_equal(b.ndq, 1);
    assert_int_equal(b.dq[0].id, sub);
    assert_string_equal(b.dq[0].agency, "LADO");
    assert_string_equal(b.dq[0].top_rules, "SG-LADO1 (1)");
    /* Figures not fed by that submission carry no flag. */
    assert_int_equal(sg_booklet_find(&b, "referrals")->dq_errors, 0);
    sg_buf o;
    sg_buf_init(&o, 0);
    check_html(&b, &o);
    sg_buf_fini(&o);
    sg_booklet_fini(&b);

    /* Without a finding table: no flags, and the booklet says so. */
    assert_int_equal(
        sqlite3_exec(db, "DROP VIEW IF EXISTS live_finding; DROP TABLE finding", NULL, NULL, NULL),
        SQLITE_OK);
    sg_booklet_init(&b);
    assert_int_equal(sg_booklet_build(s, "2023-24", &bo, &b, &e), SG_OK);
    assert_false(b.findings_available);
    assert_int_equal(sg_booklet_find(&b, "lado_referrals")->dq_errors, 0);
    sg_buf_init(&o, 0);
    check_html(&b, &o);
    assert_non_null(strstr(sg_buf_str(&o), "holds no validation findings"));
    sg_buf_fini(&o);
    sg_booklet_fini(&b);

    /* A bad period is the engine's SG_EINVAL and leaves the booklet empty. */
    sg_booklet_init(&b);
    assert_int_equal(sg_booklet_build(s, "2023-2025", &bo, &b, &e), SG_EINVAL);
    assert_int_equal(b.nitems, 0);
    sg_booklet_fini(&b);

    sg_store_close(s);
    tu_rm_rf(dir);
}

/* A target is written in its indicator's unit, the same in the booklet and the yearly report
 * (by hand: thousands separators for counts, one decimal and % for percentages, one decimal
 * for rates and days; nothing without a target). */
static void test_target_fmt(void **state)
{
    (void)state;
    static const struct {
        sg_ind_unit unit;
        double target;
        const char *want;
    } cases[] = {
        {SG_IND_COUNT, 1200, "1,200"}, {SG_IND_COUNT, 999, "999"},     {SG_IND_PCT, 22, "22.0%"},
        {SG_IND_PCT, 85.25, "85.3%"},  {SG_IND_RATE10K, 540, "540.0"}, {SG_IND_DAYS, 12.5, "12.5"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sg_ind_def def;
        memset(&def, 0, sizeof def);
        def.unit = cases[i].unit;
        sg_bk_item it;
        memset(&it, 0, sizeof it);
        it.def = &def;
        sg_bk_point p;
        memset(&p, 0, sizeof p);
        p.has_target = true;
        p.target = cases[i].target;
        char out[48];
        sg_booklet_target_fmt(&it, &p, out);
        assert_string_equal(out, cases[i].want);
        p.has_target = false;
        sg_booklet_target_fmt(&it, &p, out);
        assert_string_equal(out, "");
    }
}

int main(void)
{
    setenv("SG_TODAY", "2024-06-30", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_target_fmt),
        cmocka_unit_test(test_rag),
        cmocka_unit_test(test_disclosure_public_and_analyst),
        cmocka_unit_test(test_rate_from_withheld_count),
        cmocka_unit_test(test_html),
        cmocka_unit_test(test_csv_and_json),
        cmocka_unit_test(test_build_from_store),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

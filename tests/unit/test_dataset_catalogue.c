/* test_dataset_catalogue.c - one dataset: a performance table of 19 measures from three sources
 * (built-in indicators, partner returns, derived formulas) over three years, built by the same
 * sg_booklet_build the dataset command, yearly report and dashboard use. Every cell, the RAG
 * and the data owner shown are checked against figures worked by hand below; then the JSON
 * carries commentary and the returns each figure came from, and a public edition withholds a
 * small partner count. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/mem.h"
#include "indicators/targets.h"
#include "registers/measure.h"
#include "registers/organisation.h"
#include "report/booklet.h"
#include "store/import.h"

#include "reg2_helpers.h"

#include <unistd.h>

#define ORGS                                                                                       \
    "short_name,name,sector,membership\n"                                                          \
    "COUNCIL,Northfield Borough Council,CSC,STATUTORY_PARTNER\n"                                   \
    "POLICE,Northfield Police,POLICE,STATUTORY_PARTNER\n"                                          \
    "YJS,Northfield Youth Justice Service,YOUTH_JUSTICE,RELEVANT_AGENCY\n"                         \
    "LSCP,Northfield Safeguarding Children Partnership,OTHER,RELEVANT_AGENCY\n"

/* 19 items in 7 groups, in the partnership's order (positions), da with its two categories. */
#define MEASURES                                                                                   \
    "id,title,group,position,owner,kind,frequency,unit,polarity,formula,numerator,denominator,"    \
    "breakdowns\n"                                                                                 \
    "eh_assessments,,Early help,10,COUNCIL,BUILTIN,,,,,,,\n"                                       \
    "eh_rate,Early help assessments per 10000,Early help,11,COUNCIL,DERIVED,,RATE10K,HIGHER,"      \
    "\"per10k(eh_assessments, pop_0_17)\",,,\n"                                                    \
    "cp_at_end_rate,,Child protection,20,COUNCIL,BUILTIN,,,,,,,\n"                                 \
    "gcp,Graded care profile completed,Child protection,21,COUNCIL,SUBMITTED,QUARTERLY,PCT,"       \
    "HIGHER,,plans with a GCP,plans,\n"                                                            \
    "gcp_gap,Plans without a GCP,Child protection,22,COUNCIL,DERIVED,,PCT,LOWER,100 - gcp,,,\n"    \
    "participation,Participation in reviews,Child protection,23,COUNCIL,SUBMITTED,ANNUAL,PCT,"     \
    "HIGHER,,,,\n"                                                                                 \
    "da,Domestic abuse referrals,Domestic abuse,30,POLICE,SUBMITTED,ANNUAL,COUNT,DATA,,,,"         \
    "HIGH;MEDIUM_LOW\n"                                                                            \
    "pp,Police protection,Police,40,POLICE,SUBMITTED,ANNUAL,COUNT,DATA,,,,\n"                      \
    "missing,Missing from home incl. repeats,Police,41,POLICE,SUBMITTED,ANNUAL,COUNT,LOWER,,,,\n"  \
    "detained,Detained overnight,Police,42,POLICE,SUBMITTED,ANNUAL,COUNT,LOWER,,,,\n"              \
    "pp_share,Police protection per 100 missing,Police,43,POLICE,DERIVED,,PCT,DATA,"               \
    "\"pct(pp, missing)\",,,\n"                                                                    \
    "mace,MACE panel status,Exploitation,50,POLICE,SUBMITTED,ANNUAL,TEXT,DATA,,,,\n"               \
    "remands,New remands in custody,Youth justice,60,YJS,SUBMITTED,ANNUAL,COUNT,LOWER,,,,\n"       \
    "custody,Sentenced to custody,Youth justice,61,YJS,SUBMITTED,ANNUAL,COUNT,LOWER,,,,\n"         \
    "custody_total,Remands and custody,Youth justice,62,YJS,DERIVED,,COUNT,LOWER,"                 \
    "remands + custody,,,\n"                                                                       \
    "training,Neglect training delivered,Partnership,70,LSCP,SUBMITTED,ANNUAL,COUNT,HIGHER,,,,\n"  \
    "spend,Partnership spend,Partnership,71,LSCP,SUBMITTED,ANNUAL,GBP,DATA,,,,\n"

#define PHDR "organisation,period,measure,breakdown,value,numerator,denominator,text\n"

static int hook(void *ctx, sg_store *s, const sg_import_file_result *r, int n, sg_error *err)
{
    (void)ctx;
    return sg_measure_check_imported(s, r, n, NULL, err);
}

static void import_text(fx *f, const char *text, const char *agency, const char *period,
                        const char *format)
{
    char *path = xstrdup("/tmp/sg_test_dscat_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    sg_import_opts o = {.agency = agency,
                        .period = period,
                        .user = "tester",
                        .format = format,
                        .name = "return.csv",
                        .before_commit = hook};
    sg_import_file_result r;
    memset(&r, 0, sizeof r);
    const char *paths[1] = {path};
    sg_error e;
    sg_error_clear(&e);
    if (sg_import_files(f->s, paths, 1, &o, &r, &e))
        fail_msg("%s %s: %s:%ld: %s: %s", agency, period, e.file, e.line, e.field, e.msg);
    unlink(path);
    free(path);
}

/* Early help assessments: 8, 10 and 12 children starting in 2022-23, 2023-24, 2024-25. */
static void early_help(fx *f, int fy, int n)
{
    char text[4096];
    size_t off = (size_t)snprintf(text, sizeof text,
                                  "child_la_id,organisation,assessment_start,assessment_end,"
                                  "outcome\n");
    for (int i = 0; i < n; i++)
        off += (size_t)snprintf(text + off, sizeof text - off, "C%d-%d,Hub,%d-06-%02d,,ONGOING\n",
                                fy, i, fy, i + 1);
    char period[8];
    import_text(f, text, "CSC", sg_fy_text(fy, period), "agency/early_help");
}

static void partner(fx *f, const char *org, const char *period, const char *rows)
{
    char text[4096];
    snprintf(text, sizeof text, "%s%s", PHDR, rows);
    import_text(f, text, org, period, NULL);
}

static int setup(void **state)
{
    if (fx_setup(state)) return -1;
    fx *f = *state;
    import_ok(f, &sg_reg_organisation, ORGS);
    import_ok(f, &sg_reg_measure, MEASURES);
    /* children aged 0-17: 40,000 (mid-2022), 40,500 (2023), 41,000 (2024) */
    import_text(f,
                "area_code,year,age_from,age_to,count\nE1,2022,0,17,40000\nE1,2023,0,17,40500\n"
                "E1,2024,0,17,41000\n",
                "ONS", "2024-25", "agency/population");
    early_help(f, 2022, 8);
    early_help(f, 2023, 10);
    early_help(f, 2024, 12);
    /* gcp by quarter: 2022-23 10,11,12,13 of 20 each (46/80); 2023-24 14 of 20 four times
     * (56/80); 2024-25 15, 16, 17 of 20 and no Q4 (48/60, partial coverage) */
    static const int gnum[3][4] = {{10, 11, 12, 13}, {14, 14, 14, 14}, {15, 16, 17, -1}};
    for (int y = 0; y < 3; y++)
        for (int q = 0; q < 4; q++) {
            if (gnum[y][q] < 0) continue;
            char period[16], rows[128];
            snprintf(period, sizeof period, "%d-Q%d", 2022 + y, q + 1);
            snprintf(rows, sizeof rows, "COUNCIL,%s,gcp,,,%d,20,\n", period, gnum[y][q]);
            partner(f, "COUNCIL", period, rows);
        }
    partner(f, "COUNCIL", "2022-23", "COUNCIL,2022-23,participation,,85,,,\n");
    partner(f, "COUNCIL", "2023-24", "COUNCIL,2023-24,participation,,88,,,\n");
    partner(f, "COUNCIL", "2024-25", "COUNCIL,2024-25,participation,,90.5,,,\n");
    partner(f, "POLICE", "2022-23",
            "POLICE,2022-23,da,HIGH,30,,,\nPOLICE,2022-23,da,MEDIUM_LOW,70,,,\n"
            "POLICE,2022-23,pp,,12,,,\nPOLICE,2022-23,missing,,200,,,\n"
            "POLICE,2022-23,detained,,5,,,\nPOLICE,2022-23,mace,,,,,Established; case ID 48213\n");
    partner(f, "POLICE", "2023-24",
            "POLICE,2023-24,da,HIGH,35,,,\nPOLICE,2023-24,da,MEDIUM_LOW,80,,,\n"
            "POLICE,2023-24,pp,,15,,,\nPOLICE,2023-24,missing,,180,,,\n"
            "POLICE,2023-24,detained,,4,,,\nPOLICE,2023-24,mace,,,,,Meets monthly\n");
    partner(f, "POLICE", "2024-25",
            "POLICE,2024-25,da,HIGH,3,,,\nPOLICE,2024-25,da,MEDIUM_LOW,127,,,\n"
            "POLICE,2024-25,pp,,9,,,\nPOLICE,2024-25,missing,,210,,,\n"
            "POLICE,2024-25,detained,,3,,,\nPOLICE,2024-25,mace,,,,,Reviewed\n");
    partner(f, "YJS", "2022-23", "YJS,2022-23,remands,,6,,,\nYJS,2022-23,custody,,3,,,\n");
    partner(f, "YJS", "2023-24", "YJS,2023-24,remands,,4,,,\nYJS,2023-24,custody,,3,,,\n");
    partner(f, "YJS", "2024-25", "YJS,2024-25,remands,,2,,,\nYJS,2024-25,custody,,1,,,\n");
    partner(f, "LSCP", "2022-23", "LSCP,2022-23,training,,150,,,\nLSCP,2022-23,spend,,120000,,,\n");
    partner(f, "LSCP", "2023-24", "LSCP,2023-24,training,,180,,,\nLSCP,2023-24,spend,,125000,,,\n");
    partner(f, "LSCP", "2024-25", "LSCP,2024-25,training,,240,,,\nLSCP,2024-25,spend,,131000,,,\n");
    /* targets for 2024-25: gcp 75 (80 >= 75: green), remands 3 (2 <= 3: green), custody_total
     * 2 tolerance 0.5 (3 is 1 over: red), eh_rate 3.0 tolerance 0.2 (2.9 is 0.1 short: amber),
     * participation 95 tolerance 2 (90.5 is 4.5 short: red) */
    const char *tcsv = "indicator,year,target,tolerance\ngcp,2024,75,0\nremands,2024,3,0\n"
                       "custody_total,2024,2,0.5\neh_rate,2024,3.0,0.2\nparticipation,2024,95,2\n";
    sg_target *t = NULL;
    size_t nt = 0;
    sg_error e;
    if (sg_targets_read(tcsv, strlen(tcsv), "targets.csv", NULL, &t, &nt, &e) ||
        sg_targets_store(f->s, t, nt, "targets.csv", &e))
        fail_msg("targets: %s", e.msg);
    free(t);
    import_ok(f, &sg_reg_commentary,
              "measure,period,organisation,narrative,challenge,response\n"
              "gcp,2024-25,COUNCIL,Completion rose with the new template,Why not Q4?,"
              "Q4 is due in April\n");
    return 0;
}

typedef struct want {
    const char *id, *group, *owner;
    const char *cell[3]; /* 2022-23, 2023-24, 2024-25 as shown */
    const char *rag;     /* the period's RAG, "" = none */
} want;

/* Every figure worked by hand:
 * eh_assessments 8, 10, 12; eh_rate = 8 x 10000 / 40000 = 2.0, 10 x 10000 / 40500 = 2.469 ->
 * 2.5, 12 x 10000 / 41000 = 2.927 -> 2.9; cp_at_end_rate: no CIN census, no data;
 * gcp 46/80 = 57.5%, 56/80 = 70.0%, 48/60 = 80.0%; gcp_gap 100 - gcp = 42.5, 30.0, 20.0;
 * participation 85.0, 88.0, 90.5; da 30 + 70 = 100, 35 + 80 = 115, 3 + 127 = 130;
 * pp 12, 15, 9; missing 200, 180, 210; detained 5, 4, 3; pp_share 12 x 100 / 200 = 6.0,
 * 15 x 100 / 180 = 8.33 -> 8.3, 9 x 100 / 210 = 4.29 -> 4.3; remands 6, 4, 2; custody 3, 3,
 * 1; custody_total 9, 7, 3; training 150, 180, 240; spend £120,000, £125,000, £131,000. */
static const want table[19] = {
    {"eh_assessments", "Early help", "Northfield Borough Council", {"8", "10", "12"}, ""},
    {"eh_rate", "Early help", "Northfield Borough Council", {"2.0", "2.5", "2.9"}, "amber"},
    {"cp_at_end_rate",
     "Child protection",
     "Northfield Borough Council",
     {"no data", "no data", "no data"},
     ""},
    {"gcp", "Child protection", "Northfield Borough Council", {"57.5%", "70.0%", "80.0%"}, "green"},
    {"gcp_gap", "Child protection", "Northfield Borough Council", {"42.5%", "30.0%", "20.0%"}, ""},
    {"participation",
     "Child protection",
     "Northfield Borough Council",
     {"85.0%", "88.0%", "90.5%"},
     "red"},
    {"da", "Domestic abuse", "Northfield Police", {"100", "115", "130"}, ""},
    {"da.HIGH", "Domestic abuse", "Northfield Police", {"30", "35", "3"}, ""},
    {"da.MEDIUM_LOW", "Domestic abuse", "Northfield Police", {"70", "80", "127"}, ""},
    {"pp", "Police", "Northfield Police", {"12", "15", "9"}, ""},
    {"missing", "Police", "Northfield Police", {"200", "180", "210"}, ""},
    {"detained", "Police", "Northfield Police", {"5", "4", "3"}, ""},
    {"pp_share", "Police", "Northfield Police", {"6.0%", "8.3%", "4.3%"}, ""},
    {"mace",
     "Exploitation",
     "Northfield Police",
     {"Established; case ID 48213", "Meets monthly", "Reviewed"},
     ""},
    {"remands", "Youth justice", "Northfield Youth Justice Service", {"6", "4", "2"}, "green"},
    {"custody", "Youth justice", "Northfield Youth Justice Service", {"3", "3", "1"}, ""},
    {"custody_total", "Youth justice", "Northfield Youth Justice Service", {"9", "7", "3"}, "red"},
    {"training",
     "Partnership",
     "Northfield Safeguarding Children Partnership",
     {"150", "180", "240"},
     ""},
    {"spend",
     "Partnership",
     "Northfield Safeguarding Children Partnership",
     {"\xC2\xA3"
      "120,000",
      "\xC2\xA3"
      "125,000",
      "\xC2\xA3"
      "131,000"},
     ""},
};

static void test_performance_table(void **state)
{
    fx *f = *state;
    sg_booklet b;
    sg_booklet_init(&b);
    sg_booklet_opts o = {.years = 3};
    sg_error e;
    if (sg_booklet_build(f->s, "2024-25", &o, &b, &e)) fail_msg("%s", e.msg);
    assert_true(b.catalogue);
    assert_int_equal(b.nyears, 3);
    assert_string_equal(b.years[0], "2022-23");
    assert_string_equal(b.years[2], "2024-25");
    /* the 19 first, in the partnership's order; then the built-ins it did not place */
    assert_int_equal(b.nitems, 19 + sg_ind_count() - 2);
    for (size_t i = 0; i < 19; i++) {
        const sg_bk_item *it = &b.items[i];
        const want *w = &table[i];
        if (strcmp(it->def->id, w->id) != 0)
            fail_msg("item %zu is %s, want %s", i, it->def->id, w->id);
        assert_string_equal(it->def->group, w->group);
        assert_string_equal(sg_bk_owner(it), w->owner);
        for (int y = 0; y < 3; y++) {
            char cell[48];
            sg_booklet_fmt(&b, it, y, cell);
            if (strcmp(cell, w->cell[y]) != 0)
                fail_msg("%s %s: '%s', want '%s'", w->id, b.years[y], cell, w->cell[y]);
        }
        assert_string_equal(sg_rag_name(it->rag), w->rag);
    }
    assert_string_equal(b.items[19].def->id, sg_ind_def_at(0)->id);
    /* kinds, the partial year, commentary and traceability */
    const sg_bk_item *gcp = sg_booklet_find(&b, "gcp");
    assert_string_equal(gcp->kind, "submitted");
    assert_true(gcp->pt[2].flags & SG_IND_PARTIAL_COVERAGE);
    assert_false(gcp->pt[1].flags & SG_IND_PARTIAL_COVERAGE);
    assert_int_equal(gcp->pt[2].num, 48);
    assert_int_equal(gcp->pt[2].den, 60);
    assert_string_equal(gcp->narrative, "Completion rose with the new template");
    assert_string_equal(gcp->challenge, "Why not Q4?");
    assert_int_equal(gcp->nsources, 3); /* the three quarters' returns */
    assert_non_null(strstr(gcp->sources_text, "(return.csv, COUNCIL, 2024-Q1)"));
    assert_string_equal(sg_booklet_find(&b, "eh_rate")->kind, "derived");
    assert_string_equal(sg_booklet_find(&b, "eh_assessments")->kind, "builtin");
    /* the rendered table shows the same: the HTML booklet has the owner, cell and commentary */
    sg_buf html;
    sg_buf_init(&html, 0);
    assert_int_equal(sg_booklet_html(&b, &html, &e), SG_OK);
    assert_non_null(strstr(html.data, "Northfield Youth Justice Service"));
    assert_non_null(strstr(html.data, "Meets monthly"));
    assert_non_null(strstr(html.data, "What the data tells us: "));
    sg_buf_fini(&html);
    sg_buf js;
    sg_buf_init(&js, 0);
    assert_int_equal(sg_booklet_json(&b, &js, &e), SG_OK);
    assert_non_null(strstr(js.data, "\"narrative\": \"Completion rose with the new template\""));
    assert_non_null(strstr(js.data, "\"kind\": \"derived\""));
    sg_buf_fini(&js);
    /* the CSV has the commentary columns: on the period's (2024-25) row only, and a text a
     * spreadsheet would run as a formula is guarded with ' (and so quoted) */
    size_t gi = 0;
    while (gi < b.nitems && !(b.items[gi].def && strcmp(b.items[gi].def->id, "gcp") == 0))
        gi++;
    assert_true(gi < b.nitems);
    snprintf(b.items[gi].response, sizeof b.items[gi].response, "%s", "=HYPERLINK(\"x\")");
    sg_buf csv;
    sg_buf_init(&csv, 0);
    assert_int_equal(sg_booklet_csv(&b, &csv, &e), SG_OK);
    assert_non_null(strstr(csv.data, ",open_errors,narrative,challenge,response\r\n"));
    const char *cur = strstr(csv.data, "\ngcp,");
    assert_non_null(cur);
    const char *y25 = strstr(cur, ",2024-25,"), *y24 = strstr(cur, ",2023-24,");
    assert_non_null(y25);
    assert_non_null(y24);
    assert_true(y24 < y25); /* rows by year, the period last */
    /* 2023-24: the last three cells are empty */
    const char *eol24 = strstr(y24, "\r\n");
    assert_non_null(eol24);
    assert_memory_equal(eol24 - 3, ",,,", 3);
    const char *eol25 = strstr(y25, "\r\n");
    const char *wcsv =
        ",Completion rose with the new template,Why not Q4?,\"'=HYPERLINK(\"\"x\"\")\"";
    assert_non_null(eol25);
    assert_true((size_t)(eol25 - y25) > strlen(wcsv));
    assert_memory_equal(eol25 - strlen(wcsv), wcsv, strlen(wcsv));
    sg_buf_fini(&csv);
    sg_booklet_fini(&b);

    /* public: detained 3 (1..4) is withheld, and so is custody 1, but custody_total 3 made
     * from them (the smallest count it uses is 1) too; 240 training sessions are shown. da's
     * categories with their total 130: HIGH 3 is withheld, so MEDIUM_LOW 127 must be too (else
     * 130 - 127 gives it back); the total stays (3 + 127 > 4) */
    sg_booklet_opts pub = {.years = 3, .public_view = true};
    if (sg_booklet_build(f->s, "2024-25", &pub, &b, &e)) fail_msg("%s", e.msg);
    assert_true(sg_booklet_find(&b, "detained")->pt[2].sup);
    assert_true(sg_booklet_find(&b, "custody")->pt[2].sup);
    assert_true(sg_booklet_find(&b, "custody_total")->pt[2].sup);
    assert_false(sg_booklet_find(&b, "training")->pt[2].sup);
    assert_false(sg_booklet_find(&b, "missing")->pt[2].sup);
    assert_false(sg_booklet_find(&b, "spend")->pt[2].sup);
    assert_true(sg_booklet_find(&b, "da.HIGH")->pt[2].sup);
    assert_true(sg_booklet_find(&b, "da.MEDIUM_LOW")->pt[2].sup);
    assert_false(sg_booklet_find(&b, "da")->pt[2].sup);
    assert_false(sg_booklet_find(&b, "da.HIGH")->pt[1].sup); /* 35, 80 of 115 */
    /* a status is free text: one naming a case ID fails the publish check and is withheld */
    char cell[48];
    const sg_bk_item *mace = sg_booklet_find(&b, "mace");
    sg_booklet_fmt(&b, mace, 0, cell);
    assert_string_equal(cell, "[withheld: the text failed the publish check]");
    sg_booklet_fmt(&b, mace, 2, cell);
    assert_string_equal(cell, "Reviewed");
    sg_booklet_fini(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_performance_table, setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

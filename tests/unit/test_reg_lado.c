/* test_reg_lado.c - the LADO register over the lado table: timescale bands across month ends,
 * the year's counts and percentages by hand, one case per reference across returns, the
 * agency/lado round trip through the register's export, and add/update validation with the
 * change log (bad input changes nothing). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "reg2_helpers.h"
#include "registers/lado_views.h"
#include "registers/view.h"
#include "store/import.h"

static void test_bands(void **state)
{
    (void)state;
    sg_date r = d("2024-01-31"); /* + 1 month = 2024-02-29 (clamped), + 3 = 2024-04-30 */
    assert_int_equal(sg_lado_band_of(r, d("2024-01-31")), SG_LADO_LT1M);
    assert_int_equal(sg_lado_band_of(r, d("2024-02-28")), SG_LADO_LT1M);
    assert_int_equal(sg_lado_band_of(r, d("2024-02-29")), SG_LADO_LT3M);
    assert_int_equal(sg_lado_band_of(r, d("2024-04-29")), SG_LADO_LT3M);
    assert_int_equal(sg_lado_band_of(r, d("2024-04-30")), SG_LADO_LT12M);
    assert_int_equal(sg_lado_band_of(r, d("2025-01-30")), SG_LADO_LT12M);
    assert_int_equal(sg_lado_band_of(r, d("2025-01-31")), SG_LADO_12MPLUS);
    assert_int_equal(sg_lado_band_of(d("2024-03-15"), d("2024-04-14")), SG_LADO_LT1M);
    assert_int_equal(sg_lado_band_of(d("2024-03-15"), d("2024-04-15")), SG_LADO_LT3M);
    assert_string_equal(sg_lado_band_label(SG_LADO_12MPLUS), "12 months or more");
}

static sg_lado_case mk(const char *ref, const char *kind, const char *rec, const char *agency,
                       const char *sector, const char *cat, const char *concl, const char *outcome)
{
    sg_lado_case c;
    memset(&c, 0, sizeof c);
    snprintf(c.ref, sizeof c.ref, "%s", ref);
    snprintf(c.kind, sizeof c.kind, "%s", kind);
    snprintf(c.agency, sizeof c.agency, "%s", agency);
    snprintf(c.sector, sizeof c.sector, "%s", sector);
    snprintf(c.category, sizeof c.category, "%s", cat);
    snprintf(c.outcome, sizeof c.outcome, "%s", outcome);
    c.received = *rec ? d(rec) : SG_DATE_NONE;
    c.concluded = *concl ? d(concl) : SG_DATE_NONE;
    c.strategy = SG_DATE_NONE;
    return c;
}

static const sg_lado_share *share(const sg_lado_tally *t, const char *code)
{
    for (int i = 0; i < t->n; i++)
        if (strcmp(t->s[i].code, code) == 0) return &t->s[i];
    fail_msg("no code %s", code);
    return NULL;
}

static void test_year_by_hand(void **state)
{
    (void)state;
    sg_lado_case c[] = {
        mk("1", "REFERRAL", "2024-04-02", "EDUCATION", "EDUCATION", "PHYSICAL", "2024-05-20",
           "SUBSTANTIATED"),
        mk("2", "CONTACT", "2024-04-15", "POLICE", "SPORT", "SUITABILITY", "2024-04-16",
           "THRESHOLD_NOT_MET"),
        mk("3", "REFERRAL", "2024-05-01", "HEALTH", "HEALTH", "SEXUAL", "", "ONGOING"),
        mk("4", "REFERRAL", "2024-05-09", "CSC", "FOSTER_CARE", "EMOTIONAL", "2024-07-01",
           "UNSUBSTANTIATED"),
        mk("5", "REFERRAL", "2023-06-01", "EDUCATION", "EDUCATION", "PHYSICAL", "2024-06-10",
           "FALSE"),
        mk("6", "REFERRAL", "2025-03-01", "POLICE", "WEIRD", "NEGLECT", "2025-05-01",
           "SUBSTANTIATED"),
        mk("7", "REFERRAL", "2024-12-01", "", "EDUCATION", "PHYSICAL", "", "ONGOING"),
    };
    sg_lado_year y;
    assert_int_equal(sg_lado_year_compute(c, 7, 2024, &y), SG_OK);
    /* Received 2024-04-01..2025-03-31: 1, 2, 3, 4, 6, 7 (5 was received in 2023-24). */
    assert_int_equal(y.received, 6);
    assert_int_equal(y.contacts, 1);
    assert_int_equal(y.referrals, 5);
    /* Agencies: POLICE 2 of 6 = 33.3; CSC, HEALTH, EDUCATION, (blank) 1 = 16.7; code list
     * order first (CSC is first), then codes met that are not listed. */
    assert_string_equal(y.agency.s[0].code, "CSC");
    assert_int_equal(share(&y.agency, "POLICE")->n, 2);
    assert_float_equal(share(&y.agency, "POLICE")->pct, 33.3, 1e-9);
    assert_float_equal(share(&y.agency, "CSC")->pct, 16.7, 1e-9);
    assert_int_equal(share(&y.agency, "(blank)")->n, 1);
    assert_int_equal(share(&y.agency, "PROBATION")->n, 0);
    assert_float_equal(share(&y.agency, "PROBATION")->pct, 0.0, 1e-9);
    assert_int_equal(y.agency.n, 13); /* 12 listed + (blank) */
    /* Sectors: EDUCATION 2 (1, 7) = 33.3; the unlisted WEIRD is kept as given. */
    assert_float_equal(share(&y.sector, "EDUCATION")->pct, 33.3, 1e-9);
    assert_int_equal(share(&y.sector, "WEIRD")->n, 1);
    assert_string_equal(y.sector.s[y.sector.n - 1].code, "WEIRD");
    assert_int_equal(share(&y.category, "PHYSICAL")->n, 2);
    assert_float_equal(share(&y.category, "NEGLECT")->pct, 16.7, 1e-9);
    /* Outcomes: SUBSTANTIATED 2 (1, 6), ONGOING 2 (3, 7) = 33.3; FALSE 0 (5 not received in
     * the year). */
    assert_int_equal(share(&y.outcome, "SUBSTANTIATED")->n, 2);
    assert_float_equal(share(&y.outcome, "ONGOING")->pct, 33.3, 1e-9);
    assert_int_equal(share(&y.outcome, "FALSE")->n, 0);
    /* Concluded in the year: 2 (1 day: under 1 month), 1 (2024-04-02 -> 05-20) and 4 (05-09 ->
     * 07-01): 1 to 3 months, 5 (2023-06-01 -> 2024-06-10): 12+; 6 concluded next year.
     * 1 of 4 = 25.0, 2 of 4 = 50.0. */
    assert_int_equal(y.concluded, 4);
    assert_int_equal(y.band[SG_LADO_LT1M], 1);
    assert_int_equal(y.band[SG_LADO_LT3M], 2);
    assert_int_equal(y.band[SG_LADO_LT12M], 0);
    assert_int_equal(y.band[SG_LADO_12MPLUS], 1);
    assert_true(y.has_band_pct);
    assert_float_equal(y.band_pct[SG_LADO_LT1M], 25.0, 1e-9);
    assert_float_equal(y.band_pct[SG_LADO_LT3M], 50.0, 1e-9);
    /* Open on 2025-03-31: 3, 7 (never concluded), 6 (concluded after the year). */
    assert_int_equal(y.open_at_year_end, 3);
    /* A year with nothing. */
    assert_int_equal(sg_lado_year_compute(c, 7, 2019, &y), SG_OK);
    assert_int_equal(y.received, 0);
    assert_false(y.has_band_pct);
    assert_false(y.agency.s[0].has_pct);
}

static int import_lado(fx *f, const char *path, const char *period, sg_error *e)
{
    sg_import_opts o = {
        .agency = "LADO", .period = period, .format = "agency/lado", .user = "tester"};
    sg_import_file_result res;
    return sg_import_files(f->s, &path, 1, &o, &res, e);
}

static char *export_lado(fx *f)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    sg_error e;
    sg_error_clear(&e);
    int rc = sg_lado_export_csv(f->s, m, &e);
    fclose(m);
    if (rc) fail_msg("%s", e.msg);
    return buf;
}

static void test_round_trip_and_newest(void **state)
{
    fx *f = *state;
    sg_error e;
    sg_error_clear(&e);
    char path[512];
    const char *src = getenv("SG_SOURCE_DIR");
    snprintf(path, sizeof path, "%s/docs/formats/examples/agency_lado.csv",
             src ? src : SG_SOURCE_DIR);
    if (import_lado(f, path, "2024-25", &e)) fail_msg("%s", e.msg);
    /* import agency/lado -> store -> export = the documented register example */
    char ex[512];
    fx_example("lado", ex, sizeof ex);
    char *want = fx_slurp(ex, NULL);
    char *got = export_lado(f);
    assert_string_equal(got, want);
    /* ... and importing the export gives the same content again. */
    char tmp[600];
    snprintf(tmp, sizeof tmp, "%s/again.csv", f->dir);
    FILE *fp = fopen(tmp, "wb");
    fputs(got, fp);
    fputs("LADO-2024-005,CONTACT,2024-06-01,OTHER,TRANSPORT,NEGLECT,,,ONGOING\r\n", fp);
    fclose(fp);
    free(got);
    /* A second live return (another period) repeats 001..004 and adds 005: each case once. */
    if (import_lado(f, tmp, "2024-Q2", &e)) fail_msg("%s", e.msg);
    sg_lado_case *cases = NULL;
    size_t n = 0;
    assert_int_equal(sg_lado_load(f->s, &cases, &n, &e), SG_OK);
    assert_int_equal(n, 5);
    assert_string_equal(cases[4].ref, "LADO-2024-005");
    assert_int_equal(cases[0].submission, 2); /* the newest states it */
    assert_false(cases[0].from_register);
    free(cases);
    assert_int_equal(fx_query_long(f->s, "SELECT count(*) FROM live_lado"), 9);
    free(want);
}

static long lado_rows(fx *f)
{
    return fx_query_long(f->s, "SELECT count(*) FROM lado");
}

static long log_rows(fx *f)
{
    return fx_query_long(f->s, "SELECT count(*) FROM lado_change");
}

static void add_refused(fx *f, const char *field, const char *value, int code,
                        const char *want_field)
{
    sg_reg_field base[] = {
        {"lado_ref", "L-1"},
        {"kind", "REFERRAL"},
        {"received_date", "2025-01-10"},
        {"referring_agency", "POLICE"},
        {"employment_sector", "SPORT"},
        {"category", "PHYSICAL"},
        {"outcome", "ONGOING"},
        {NULL, NULL},
    };
    size_t n = 7;
    bool replaced = false;
    for (size_t i = 0; i < n; i++)
        if (strcmp(base[i].name, field) == 0) {
            base[i].value = value;
            replaced = true;
        }
    if (!replaced) base[n++] = (sg_reg_field){field, value};
    long rows = lado_rows(f), logs = log_rows(f);
    sg_error e;
    sg_error_clear(&e);
    int rc = sg_lado_add(f->s, base, n, "tester", &e);
    if (rc != code || strcmp(e.field, want_field) != 0)
        fail_msg("%s=%s: want %d field %s, got %d field '%s': %s", field, value, code, want_field,
                 rc, e.field, e.msg);
    assert_int_equal(lado_rows(f), rows);
    assert_int_equal(log_rows(f), logs);
}

typedef struct logs {
    int n;
    char last[256];
} logs;

static int collect(void *ctx, const sg_reg_change *ch)
{
    logs *l = ctx;
    l->n++;
    snprintf(l->last, sizeof l->last, "%s %s %s %s %s->%s", ch->key, ch->user, ch->action,
             ch->field, ch->old_value ? ch->old_value : "", ch->new_value ? ch->new_value : "");
    return 0;
}

static void test_add_update(void **state)
{
    fx *f = *state;
    sg_error e;
    sg_error_clear(&e);
    add_refused(f, "referring_agency", "POLIS", SG_EINVAL, "referring_agency");
    add_refused(f, "received_date", "2025-07-01", SG_EINVAL, "received_date"); /* future */
    add_refused(f, "received_date", "2025-02-30", SG_EINVAL, "received_date");
    add_refused(f, "concluded_date", "2025-01-09", SG_EINVAL, "concluded_date"); /* < received */
    add_refused(f, "initial_strategy_date", "2025-01-01", SG_EINVAL, "initial_strategy_date");
    add_refused(f, "category", "VERBAL", SG_EINVAL, "category");
    add_refused(f, "employment_sector", "", SG_EINVAL, "employment_sector"); /* required */
    add_refused(f, "outcome", "FALSE", SG_EINVAL, "concluded_date");      /* concluded needs date */
    add_refused(f, "concluded_date", "2025-02-01", SG_EINVAL, "outcome"); /* ONGOING + date */
    add_refused(f, "child", "x", SG_EINVAL, "child");                     /* no such field */
    add_refused(f, "lado_ref", "L/1", SG_EINVAL, "lado_ref");

    const sg_reg_field ok[] = {
        {"lado_ref", "L-1"},
        {"kind", "referral"},
        {"received_date", "10/01/2025"},
        {"referring_agency", "police"},
        {"employment_sector", "SPORT"},
        {"category", "PHYSICAL"},
        {"outcome", "ONGOING"},
    };
    assert_int_equal(sg_lado_add(f->s, ok, 7, "jsmith", &e), SG_OK);
    assert_int_equal(lado_rows(f), 1);
    assert_int_equal(log_rows(f), 7);
    assert_int_equal(fx_query_long(f->s, "SELECT count(*) FROM submission WHERE format = "
                                         "'register/lado' AND rows_accepted = 1"),
                     1);
    /* canonical spellings stored */
    char *got = export_lado(f);
    assert_non_null(strstr(got, "L-1,REFERRAL,2025-01-10,POLICE,SPORT,PHYSICAL,,,ONGOING\r\n"));
    free(got);
    /* the same reference again */
    assert_int_equal(sg_lado_add(f->s, ok, 7, "jsmith", &e), SG_ECONFLICT);
    assert_string_equal(e.field, "lado_ref");
    /* update: end before start refused, nothing changes */
    const sg_reg_field bad[] = {{"outcome", "FALSE"}, {"concluded_date", "2025-01-09"}};
    int changed = -1;
    assert_int_equal(sg_lado_update(f->s, "L-1", bad, 2, "jsmith", &changed, &e), SG_EINVAL);
    assert_string_equal(e.field, "concluded_date");
    assert_int_equal(log_rows(f), 7);
    const sg_reg_field good[] = {{"outcome", "FALSE"}, {"concluded_date", "2025-03-01"}};
    assert_int_equal(sg_lado_update(f->s, "L-1", good, 2, "akhan", &changed, &e), SG_OK);
    assert_int_equal(changed, 2);
    assert_int_equal(log_rows(f), 9);
    logs l = {0};
    assert_int_equal(sg_lado_log_each(f->s, "L-1", collect, &l, &e), SG_OK);
    assert_int_equal(l.n, 9);
    assert_string_equal(l.last, "L-1 akhan update outcome ONGOING->FALSE");
    /* an unchanged update writes nothing */
    assert_int_equal(sg_lado_update(f->s, "L-1", good, 2, "akhan", &changed, &e), SG_OK);
    assert_int_equal(changed, 0);
    assert_int_equal(log_rows(f), 9);
    /* the key cannot change; unknown reference; a case from a return is not updated here */
    const sg_reg_field rekey[] = {{"lado_ref", "L-2"}};
    assert_int_equal(sg_lado_update(f->s, "L-1", rekey, 1, "akhan", &changed, &e), SG_EINVAL);
    assert_int_equal(sg_lado_update(f->s, "L-9", good, 2, "akhan", &changed, &e), SG_ENOTFOUND);
    char path[512];
    const char *src = getenv("SG_SOURCE_DIR");
    snprintf(path, sizeof path, "%s/docs/formats/examples/agency_lado.csv",
             src ? src : SG_SOURCE_DIR);
    if (import_lado(f, path, "2024-25", &e)) fail_msg("%s", e.msg);
    assert_int_equal(sg_lado_update(f->s, "LADO-2024-003", good, 2, "akhan", &changed, &e),
                     SG_ECONFLICT);
    assert_int_equal(sg_lado_add(f->s,
                                 (const sg_reg_field[]){{"lado_ref", "LADO-2024-003"},
                                                        {"kind", "CONTACT"},
                                                        {"received_date", "2025-01-10"},
                                                        {"referring_agency", "CSC"},
                                                        {"employment_sector", "SPORT"},
                                                        {"category", "PHYSICAL"},
                                                        {"outcome", "ONGOING"}},
                                 7, "akhan", &e),
                     SG_ECONFLICT);
    /* no user */
    assert_int_equal(sg_lado_update(f->s, "L-1", good, 2, "", &changed, &e), SG_EINVAL);
    /* the log cannot be edited */
    assert_int_not_equal(sg_store_exec(f->s, "DELETE FROM lado_change", &e), SG_OK);
}

static void test_views(void **state)
{
    fx *f = *state;
    sg_error e;
    sg_error_clear(&e);
    char path[512];
    const char *src = getenv("SG_SOURCE_DIR");
    snprintf(path, sizeof path, "%s/docs/formats/examples/agency_lado.csv",
             src ? src : SG_SOURCE_DIR);
    if (import_lado(f, path, "2024-25", &e)) fail_msg("%s", e.msg);
    sg_reg_view_opts o = {.today = d("2025-06-30"), .year = 2024};
    sg_buf b;
    sg_buf_init(&b, 0);
    /* 3 concluded in 2024-25: 1 day (under 1 month), 48 days and 53 days (1 to 3 months) */
    sg_view_doc doc;
    sg_view_doc_init(&doc);
    assert_int_equal(sg_lado_view(f->s, "timescales", &o, &doc, &e), SG_OK);
    assert_int_equal(sg_view_text(&doc, &b), SG_OK);
    sg_view_doc_fini(&doc);
    assert_non_null(strstr(sg_buf_str(&b), "under 1 month                        1   33.3"));
    assert_non_null(strstr(sg_buf_str(&b), "1 to under 3 months                  2   66.7"));
    sg_buf_reset(&b);
    assert_int_equal(sg_reg_view_text(f->s, &sg_reg_lado, &sg_reg_lado.views[0], &o, &b, &e),
                     SG_OK);
    assert_non_null(strstr(sg_buf_str(&b), "2024-25"));
    sg_buf_reset(&b);
    sg_view_doc_init(&doc);
    assert_int_equal(sg_lado_view(f->s, "breakdown", &o, &doc, &e), SG_OK);
    assert_int_equal(sg_view_text(&doc, &b), SG_OK);
    assert_non_null(strstr(sg_buf_str(&b), "received in 2024-25: 4 (1 contacts, 3 referrals)"));
    /* the tallies are tables of their own, named for HTML and JSON */
    assert_true(doc.n >= 6);
    assert_int_equal(doc.b[1]->kind, SG_VB_TABLE);
    assert_string_equal(doc.b[1]->text, "By referring agency");
    sg_view_doc_fini(&doc);
    sg_view_doc_init(&doc);
    assert_int_equal(sg_lado_view(f->s, "nope", &o, &doc, &e), SG_ENOTFOUND);
    assert_int_equal(doc.n, 0);
    sg_view_doc_fini(&doc);
    sg_buf_fini(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bands),
        cmocka_unit_test(test_year_by_hand),
        cmocka_unit_test_setup_teardown(test_round_trip_and_newest, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_add_update, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_views, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

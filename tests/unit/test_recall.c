/* test_recall.c - the validator against the generator's truth, end to end: generated partnerships
 * are imported through the real path (manifest -> detection -> importers -> store) with validation
 * before commit, as `safeguard import --manifest` does, and
 *  - a partnership generated without faults has no rejected row and no finding of severity
 *    error, from any rule family (DfE CIN, DfE SSDA903, SG), over three years so the rules that
 *    compare with last year's return run;
 *  - with faults, every planted fault the manifest lists is found (recall 100%): a rejected fault
 *    has its rejected_row at its file, line and field (and SG-REJECTED); any other has a finding
 *    of the rule the manifest names on the faulty record (for a CSV its row; for the CIN census
 *    the element the record comes from, since a rule reports the field it names first); a police
 *    and SSDA903 disagreement leaves the police row unmatched in reconciliation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/import.h"
#include "store/store.h"
#include "synth/synth.h"
#include "validate/engine.h"
#include "validate/reconcile.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[256];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/sg-recall-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *base(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* Generates a partnership under dir/name and imports it with validation (errors stored). */
static sg_store *generate_import(const char *name, long children, int years, uint64_t seed,
                                 double faults, char manifest[600])
{
    char out[512], store_dir[512];
    snprintf(out, sizeof out, "%s/%s", dir, name);
    snprintf(store_dir, sizeof store_dir, "%s/%s-store", dir, name);
    snprintf(manifest, 600, "%s/manifest.json", out);
    sg_error err;
    sg_error_clear(&err);
    sg_synth_opts o;
    sg_synth_opts_init(&o);
    o.children = children;
    o.years = years;
    o.seed = seed;
    o.out = out;
    o.faults = faults;
    assert_int_equal(sg_synth_run(&o, NULL, NULL, &err), SG_OK);

    sg_store *s = NULL;
    assert_int_equal(sg_store_open(store_dir, true, &s, &err), SG_OK);
    sg_error_policy policy = SG_POLICY_STORE;
    sg_import_opts io = {
        .user = "test", .before_commit = sg_validate_import_hook, .before_commit_ctx = &policy};
    sg_import_file_result *res = NULL;
    int n = 0;
    if (sg_import_manifest(s, manifest, &io, &res, &n, &err)) {
        char msg[1024];
        sg_error_format(&err, msg, sizeof msg);
        fail_msg("import: %s", msg);
    }
    free(res);
    return s;
}

static long count(sg_store *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(sg_store_db(s), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long n = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* ---- a clean partnership: no errors ---- */

static void test_clean_no_errors(void **state)
{
    (void)state;
    char manifest[600];
    sg_store *s = generate_import("clean", 2500, 3, 21, 0, manifest);
    assert_int_equal(count(s, "SELECT count(*) FROM rejected_row"), 0);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(sg_store_db(s),
                                        "SELECT f.rule, s.period, f.file, f.line, f.field, "
                                        "coalesce(f.value, ''), f.message FROM finding f JOIN "
                                        "submission s ON s.id = f.submission_id WHERE "
                                        "f.severity = 'error' ORDER BY 1, 2, 3, 4 LIMIT 50",
                                        -1, &st, NULL),
                     SQLITE_OK);
    int errors = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        errors++;
        print_message("error %s: %s/%s:%d %s '%s': %s\n", sqlite3_column_text(st, 0),
                      sqlite3_column_text(st, 1), sqlite3_column_text(st, 2),
                      sqlite3_column_int(st, 3), sqlite3_column_text(st, 4),
                      sqlite3_column_text(st, 5), sqlite3_column_text(st, 6));
    }
    sqlite3_finalize(st);
    /* the rules did run: a clean partnership still raises DfE queries (e.g. 8770Q) */
    assert_true(count(s, "SELECT count(*) FROM finding WHERE severity = 'query'") > 0);
    assert_int_equal(errors, 0);
    sg_store_close(s);
}

/* ---- recall of planted faults ---- */

/* The CIN census element a record type comes from (one element per line in generated files). */
static const char *cin_element(const char *record)
{
    static const char *const map[][2] = {
        {"child", "ChildIdentifiers"}, {"referral", "CINdetails"},
        {"assessment", "Assessments"}, {"cin_plan", "CINPlanDates"},
        {"s47", "Section47"},          {"cp_plan", "ChildProtectionPlans"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i][0], record) == 0) return map[i][1];
    return NULL;
}

/* The lines of the element of `record` holding line `line` of the XML file: from its opening
 * tag back up the file to its closing tag down it; the line alone for a leaf (cp_review). */
static void cin_span(const char *path, const char *record, long line, long *from, long *to)
{
    *from = *to = line;
    const char *el = cin_element(record);
    if (!el) return;
    char open[64], close[64];
    snprintf(open, sizeof open, "<%s>", el);
    snprintf(close, sizeof close, "</%s>", el);
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    char buf[1024];
    long n = 0, last_open = 0;
    while (fgets(buf, sizeof buf, fp)) {
        n++;
        if (n <= line && strstr(buf, open)) last_open = n;
        if (n >= line && strstr(buf, close)) {
            *to = n;
            break;
        }
    }
    fclose(fp);
    assert_true(last_open > 0);
    *from = last_open;
}

typedef struct recon_hits {
    const char *file; /* base name */
    long line;
    int unmatched; /* the police row was seen unmatched */
} recon_hits;

static int on_recon(void *ud, const sg_recon_record *r)
{
    recon_hits *h = ud;
    if (strcmp(r->pair, "missing-episodes") == 0 && strcmp(r->side, "left") == 0 && !r->matched &&
        r->line == h->line && strcmp(r->file, h->file) == 0)
        h->unmatched = 1;
    return 0;
}

/* Is the fault found as the manifest says? */
static bool found(sg_store *s, const char *gen_dir, json_t *f, const char *period)
{
    const char *file = json_string_value(json_object_get(f, "file"));
    const char *rule = json_string_value(json_object_get(f, "rule"));
    const char *field = json_string_value(json_object_get(f, "field"));
    const char *record = json_string_value(json_object_get(f, "record"));
    const char *expect = json_string_value(json_object_get(f, "expect"));
    long line = (long)json_integer_value(json_object_get(f, "line"));
    if (!rule) return false; /* the generator must say which rule finds it */
    if (strncmp(rule, "reconcile:", 10) == 0) {
        recon_hits h = {.file = base(file), .line = line};
        sg_recon_pair *pairs = NULL;
        int np = 0;
        sg_error err;
        sg_error_clear(&err);
        assert_int_equal(sg_reconcile(s, period, &pairs, &np, on_recon, &h, &err), SG_OK);
        free(pairs);
        return strcmp(rule + 10, "missing-episodes") == 0 && h.unmatched;
    }
    bool rejected = strcmp(expect, "rejected") == 0;
    long from = line, to = line;
    if (!rejected && strstr(file, ".xml")) {
        char path[800];
        snprintf(path, sizeof path, "%s/%s", gen_dir, file);
        cin_span(path, record, line, &from, &to);
    }
    sqlite3_stmt *st = NULL;
    const char *sql = rejected ? "SELECT count(*) FROM rejected_row r JOIN submission s ON s.id "
                                 "= r.submission_id WHERE s.period = ?1 AND s.file_name = ?2 AND "
                                 "r.line = ?3 AND r.field = ?5"
                               : "SELECT count(*) FROM finding x JOIN submission s ON s.id = "
                                 "x.submission_id WHERE s.period = ?1 AND x.file = ?2 AND x.line "
                                 "BETWEEN ?3 AND ?4 AND x.rule = ?6";
    assert_int_equal(sqlite3_prepare_v2(sg_store_db(s), sql, -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_text(st, 1, period, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, base(file), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, from);
    sqlite3_bind_int64(st, 4, to);
    if (field) sqlite3_bind_text(st, 5, field, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, rule, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long n = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (n && rejected) { /* the agency sees it among the findings too */
        assert_int_equal(sqlite3_prepare_v2(sg_store_db(s),
                                            "SELECT count(*) FROM finding x JOIN submission s ON "
                                            "s.id = x.submission_id WHERE s.period = ?1 AND "
                                            "x.file = ?2 AND x.line = ?3 AND x.rule = "
                                            "'SG-REJECTED'",
                                            -1, &st, NULL),
                         SQLITE_OK);
        sqlite3_bind_text(st, 1, period, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, base(file), -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, line);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        n = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    return n > 0;
}

static void test_recall(void **state)
{
    (void)state;
    char manifest[600];
    sg_store *s = generate_import("faulty", 3000, 2, 5, 0.08, manifest);
    char gen_dir[600];
    snprintf(gen_dir, sizeof gen_dir, "%s/faulty", dir);

    json_error_t jerr;
    json_t *m = json_load_file(manifest, 0, &jerr);
    assert_non_null(m);
    json_t *files = json_object_get(m, "files"), *faults = json_object_get(m, "faults");
    long kinds[16] = {0};
    const char *names[16] = {0};
    int nkinds = 0, missed = 0;
    size_t i;
    json_t *f;
    json_array_foreach(faults, i, f)
    {
        const char *file = json_string_value(json_object_get(f, "file"));
        const char *kind = json_string_value(json_object_get(f, "kind"));
        const char *period = NULL;
        for (size_t k = 0; k < json_array_size(files) && !period; k++) {
            json_t *e = json_array_get(files, k);
            if (strcmp(json_string_value(json_object_get(e, "path")), file) == 0)
                period = json_string_value(json_object_get(e, "period"));
        }
        assert_non_null(period);
        int k = 0;
        while (k < nkinds && strcmp(names[k], kind) != 0)
            k++;
        if (k == nkinds) names[nkinds++] = kind;
        kinds[k]++;
        if (!found(s, gen_dir, f, period)) {
            missed++;
            char *dump = json_dumps(f, JSON_COMPACT | JSON_PRESERVE_ORDER);
            print_message("missed: %s\n", dump);
            free(dump);
        }
    }
    for (int k = 0; k < nkinds; k++)
        print_message("%s: %ld\n", names[k], kinds[k]);
    /* every kind the generator plants is exercised, the disagreement with reconciliation and the
     * year-specific rules too */
    assert_int_equal(nkinds, 9);
    assert_true(json_array_size(faults) > 200);
    assert_int_equal(missed, 0);
    json_decref(m);
    sg_store_close(s);
}

/* ---- year-specific rules: planted once in each year the rule applies, never in another ---- */

/* The collection years (2023 = 2022-23) of 2022-23 to 2025-26 in which each year-specific rule
 * the generator plants applies, with its code, read by hand from the DfE's specifications (CIN
 * census and SSDA903 validation rules 2022-23 to 2025-26): bit (year - 2023). */
static const struct {
    const char *rule;
    unsigned years;
} year_rules[] = {
    {"1570", 0xC},      /* CIN: new in 2024-25 */
    {"1580", 0xC},      /* CIN: new in 2024-25 */
    {"8945Q", 0xC},     /* CIN: new in 2024-25 */
    {"8950Q", 0xC},     /* CIN: new in 2024-25 */
    {"101", 0xF},       /* 903: every year, its SEX codes 1/2 to 2023-24 and M/F/U after */
    {"232", 0xC},       /* 903: new in 2024-25 with SEX U */
    {"SW02STG1", 0xE},  /* 903: social worker episodes, from 2023-24 */
    {"SW13STG1", 0xE},  /* 903: from 2023-24 */
    {"SW03STG1", 0x2},  /* 903: 2023-24 only, withdrawn for 2024-25 */
    {"SW01aSTG1", 0xC}, /* 903: from 2024-25 in place of SW03STG1 */
    {"SW01bSTG1", 0xC}, /* 903: from 2024-25 in place of SW03STG1 */
    {"SW09STG2", 0xE},  /* 903: a query from 2023-24 */
    {"451", 0x3},       /* 903: withdrawn for 2024-25 */
    {"445", 0x3},       /* 903: withdrawn for 2024-25 */
    {"217t", 0x2},      /* 903: 2023-24 only (P2 ended 28 October 2023) */
    {"370", 0x3},       /* 903: withdrawn for 2024-25 */
    {"222", 0xF},       /* 903: every year, its placement list by year (P1 in each) */
    {"SW01STG1", 0x2},  /* 903: 2023-24 only, withdrawn for 2024-25 */
    {"231", 0xC},       /* 903: new in 2024-25 */
};

static void test_year_rule_faults(void **state)
{
    (void)state;
    char out[512];
    snprintf(out, sizeof out, "%s/years", dir);
    sg_error err;
    sg_error_clear(&err);
    sg_synth_opts o;
    sg_synth_opts_init(&o);
    o.children = 3000;
    o.years = 4;
    o.end_year = 2026;
    o.seed = 7;
    o.out = out;
    o.faults = 0.02;
    assert_int_equal(sg_synth_run(&o, NULL, NULL, &err), SG_OK);
    char manifest[600];
    snprintf(manifest, sizeof manifest, "%s/manifest.json", out);
    json_error_t jerr;
    json_t *m = json_load_file(manifest, 0, &jerr);
    assert_non_null(m);
    enum { NR = sizeof year_rules / sizeof year_rules[0] };
    int planted[NR][4] = {{0}};
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(m, "faults"), i, f)
    {
        if (strcmp(json_string_value(json_object_get(f, "kind")), "year_rule") != 0) continue;
        const char *rule = json_string_value(json_object_get(f, "rule"));
        const char *file = json_string_value(json_object_get(f, "file"));
        int year = (int)strtol(file, NULL, 10) + 1; /* "2024-25/..." -> 2025 */
        size_t k = 0;
        while (k < NR && strcmp(year_rules[k].rule, rule) != 0)
            k++;
        if (k == NR) fail_msg("a year_rule fault of %s, a rule not in the list", rule);
        assert_true(year >= 2023 && year <= 2026);
        if (!(year_rules[k].years & (1u << (year - 2023))))
            fail_msg("%s planted in %d-%02d, a year it does not apply in", rule, year - 1,
                     year % 100);
        planted[k][year - 2023]++;
    }
    /* and exactly once in every year it applies in */
    for (size_t k = 0; k < NR; k++)
        for (int y = 0; y < 4; y++)
            if (planted[k][y] != (int)((year_rules[k].years >> y) & 1u))
                fail_msg("%s planted %d times in %d", year_rules[k].rule, planted[k][y], 2023 + y);
    json_decref(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_clean_no_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recall, setup, teardown),
        cmocka_unit_test_setup_teardown(test_year_rule_faults, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

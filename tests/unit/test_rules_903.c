/* test_rules_903.c - the SSDA903 rule family as a whole: the registration table (ids unique,
 * each from the DfE catalogue, fields and messages present), docs/rules_903.md against the DfE
 * catalogues for 2023-24 and 2024-25 (every catalogue code listed as implemented or not with a
 * reason; no implemented code outside the catalogue; the doc's implemented list is exactly the
 * table), and every rule run over the shared fixture return (the CSV tables of
 * tests/fixtures/csc-validator-be-903 as one return, collection year 2017-18) with the count
 * of findings per rule established independently from the data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "vtree.h"

#include "core/arena.h"
#include "core/mem.h"
#include "ingest/csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers ---- */

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = xmalloc(cap);
    size_t r;
    while ((r = fread(buf + n, 1, cap - n - 1, fp)) > 0) {
        n += r;
        if (cap - n < 2) buf = xrealloc(buf, cap *= 2);
    }
    fclose(fp);
    buf[n] = '\0';
    if (len) *len = n;
    return buf;
}

static const sg_rule *find903(const char *id)
{
    for (size_t i = 0; i < sg_rules_903_count; i++)
        if (strcmp(sg_rules_903[i].id, id) == 0) return &sg_rules_903[i];
    return NULL;
}

/* The catalogue's codes (first CSV column after the header row), into codes[]; returns n. */
static int catalogue_codes(const char *path, char codes[][16], int max)
{
    size_t len = 0;
    char *data = slurp(path, &len);
    if (!data) fail_msg("cannot read %s", path);
    sg_csv *c = sg_csv_new_mem(data, len, path, NULL);
    const sg_csv_row *row;
    sg_error e;
    int n = 0, first = 1;
    while (sg_csv_next(c, &row, &e) == SG_OK && row) {
        if (first) {
            first = 0;
            continue;
        }
        if (n < max) snprintf(codes[n++], 16, "%s", row->f[0].ptr);
    }
    sg_csv_free(c);
    free(data);
    return n;
}

/* ---- the table ---- */

static void test_table(void **state)
{
    (void)state;
    assert_true(sg_rules_903_count > 200);
    for (size_t i = 0; i < sg_rules_903_count; i++) {
        const sg_rule *r = &sg_rules_903[i];
        assert_non_null(r->id);
        assert_non_null(r->check);
        assert_int_equal(r->family, SG_FAMILY_903);
        assert_true(strlen(r->message) > 10);
        assert_true(r->fields && *r->fields);
        assert_true(r->reads && *r->reads);
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(r->id, sg_rules_903[j].id);
        assert_ptr_equal(sg_rule_find(r->id), r);
    }
    assert_int_equal(find903("355")->severity, SG_SEV_QUERY);
    assert_int_equal(find903("EPI")->severity, SG_SEV_WARNING);
    assert_int_equal(find903("501")->severity, SG_SEV_ERROR);
    assert_string_equal(find903("501")->message,
                        "A new episode has started before the end date of the previous episode.");
}

/* ---- docs/rules_903.md against the catalogues ---- */

/* The doc's row for code: a table line starting "| <code> |"; NULL when none. */
static const char *doc_row(const char *doc, const char *code)
{
    char pat[32];
    snprintf(pat, sizeof pat, "\n| %s |", code);
    return strstr(doc, pat);
}

/* The status cell (the third) of the row at p: "implemented" or "not implemented: ...". */
static void row_status(const char *p, char *out, size_t outsz)
{
    p++; /* past the newline */
    int bars = 0;
    while (*p && *p != '\n' && bars < 3)
        if (*p++ == '|') bars++;
    while (*p == ' ')
        p++;
    size_t k = 0;
    while (p[k] && p[k] != '|' && p[k] != '\n' && k + 1 < outsz)
        k++;
    memcpy(out, p, k);
    while (k > 0 && out[k - 1] == ' ')
        k--;
    out[k] = '\0';
}

static void test_doc_matches_catalogue(void **state)
{
    (void)state;
    const char *src = getenv("SG_SOURCE_DIR");
    const char *shared = getenv("SG_TESTS_DIR");
    assert_non_null(src);
    assert_non_null(shared);
    char path[1024];
    snprintf(path, sizeof path, "%s/docs/rules_903.md", src);
    char *doc = slurp(path, NULL);
    assert_non_null(doc);

    static char codes[2][400][16];
    int n[2];
    const char *years[2] = {"2023_24", "2024_25"};
    for (int y = 0; y < 2; y++) {
        snprintf(path, sizeof path, "%s/fixtures/csc-validator-be-903/903_%s_rule_info.csv", shared,
                 years[y]);
        n[y] = catalogue_codes(path, codes[y], 400);
        assert_true(n[y] > 300);
    }
    assert_int_equal(n[0], 311);
    assert_int_equal(n[1], 312);

    /* Every catalogue code has a row saying implemented, or not implemented with a reason. */
    int implemented = 0; /* distinct codes, counted in the later catalogue they appear in */
    for (int y = 0; y < 2; y++)
        for (int i = 0; i < n[y]; i++) {
            const char *row = doc_row(doc, codes[y][i]);
            if (!row) fail_msg("docs/rules_903.md has no row for %s (%s)", codes[y][i], years[y]);
            char st[256];
            row_status(row, st, sizeof st);
            if (strcmp(st, "implemented") == 0) {
                if (!find903(codes[y][i]))
                    fail_msg("%s is documented as implemented but not registered", codes[y][i]);
                int later = 0;
                for (int k = 0; y == 0 && k < n[1] && !later; k++)
                    later = strcmp(codes[1][k], codes[0][i]) == 0;
                if (!later) implemented++;
            } else if (strncmp(st, "not implemented: ", 17) == 0 && strlen(st) > 25) {
                if (find903(codes[y][i]))
                    fail_msg("%s is registered but documented as not implemented", codes[y][i]);
            } else {
                fail_msg("%s: status \"%s\" is neither implemented nor not implemented: reason",
                         codes[y][i], st);
            }
        }

    /* Every registered rule is in a catalogue (no invented codes), or is one of the rules the
     * 2024-25 set gained after the catalogue snapshot (the public validator's 2024-25 rule
     * files); those are documented as implemented too. */
    static const char *const later[] = {"231", "232", "SW01aSTG1", "SW01bSTG1"};
    for (size_t i = 0; i < sizeof later / sizeof later[0]; i++) {
        const char *row = doc_row(doc, later[i]);
        assert_non_null(row);
        char st[256];
        row_status(row, st, sizeof st);
        assert_string_equal(st, "implemented");
        implemented++;
    }
    for (size_t i = 0; i < sg_rules_903_count; i++) {
        int found = 0;
        for (size_t k = 0; k < sizeof later / sizeof later[0] && !found; k++)
            found = strcmp(later[k], sg_rules_903[i].id) == 0;
        for (int y = 0; y < 2 && !found; y++)
            for (int k = 0; k < n[y] && !found; k++)
                found = strcmp(codes[y][k], sg_rules_903[i].id) == 0;
        if (!found) fail_msg("rule %s is not in the DfE catalogue", sg_rules_903[i].id);
    }
    /* The doc's implemented codes are exactly the registered rules. */
    assert_int_equal(implemented, (int)sg_rules_903_count);
    free(doc);
}

/* ---- every rule has its unit cases ---- */

static void test_every_rule_has_cases(void **state)
{
    (void)state;
    const char *src = getenv("SG_SOURCE_DIR");
    assert_non_null(src);
    static const char *const files[] = {"episodes", "header", "reviews", "adoption",
                                        "oc",       "other",  "added"};
    char *text[7];
    for (int i = 0; i < 7; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/tests/unit/test_rules_903_%s.c", src, files[i]);
        text[i] = slurp(path, NULL);
        assert_non_null(text[i]);
    }
    /* The area tests themselves check that each rule they name fires and stays quiet. */
    for (size_t r = 0; r < sg_rules_903_count; r++) {
        char pat[32];
        snprintf(pat, sizeof pat, "{\"%s\",", sg_rules_903[r].id);
        int found = 0;
        for (int i = 0; i < 7 && !found; i++)
            found = strstr(text[i], pat) != NULL;
        if (!found) fail_msg("rule %s has no unit cases", sg_rules_903[r].id);
    }
    for (int i = 0; i < 7; i++)
        free(text[i]);
}

/* ---- the fixture return ---- */

typedef struct kid {
    char *id;
    sg_vnode *node;
} kid;

typedef struct kids {
    kid *slot;
    size_t cap, n;
    sg_arena *a;
    sg_vnode **order;
} kids;

static size_t hash(const char *s)
{
    size_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static sg_vnode *kid_node(kids *k, const char *id)
{
    size_t i = hash(id) & (k->cap - 1);
    while (k->slot[i].id) {
        if (strcmp(k->slot[i].id, id) == 0) return k->slot[i].node;
        i = (i + 1) & (k->cap - 1);
    }
    assert_true(k->n + 1 < k->cap / 2);
    k->slot[i].id = sg_arena_strdup(k->a, id);
    k->slot[i].node = sg_vnode_add(k->a, NULL, "CHILD", NULL, "fixture", 0);
    k->order[k->n++] = k->slot[i].node;
    return k->slot[i].node;
}

/* Adds every row of a fixture table to its child's tree. */
static void load_table(kids *k, const char *dir, const char *file, const char *table)
{
    char path[1024];
    int pn = snprintf(path, sizeof path, "%s/%s", dir, file);
    if (pn < 0 || (size_t)pn >= sizeof path) fail_msg("fixture path too long: %s/%s", dir, file);
    size_t len = 0;
    char *data = slurp(path, &len);
    if (!data) fail_msg("cannot read %s", path);
    sg_csv *c = sg_csv_new_mem(data, len, file, NULL);
    const sg_csv_row *row;
    sg_error e;
    char *names[32];
    size_t nn = 0;
    int first = 1;
    const char *fname = sg_arena_strdup(k->a, file);
    while (sg_csv_next(c, &row, &e) == SG_OK && row) {
        if (first) {
            first = 0;
            for (size_t i = 0; i < row->nfields && i < 32; i++) {
                const char *p = row->f[i].ptr;
                if ((unsigned char)p[0] == 0xEF) p += 3; /* byte-order mark */
                names[nn++] = sg_arena_strdup(k->a, p);
            }
            continue;
        }
        assert_int_equal(row->nfields, nn);
        sg_vnode *child = kid_node(k, row->f[0].ptr);
        sg_vnode *r = sg_vnode_add(k->a, child, table, NULL, fname, row->line);
        for (size_t i = 0; i < nn; i++)
            sg_vnode_add(k->a, r, names[i], row->f[i].ptr, fname, row->line);
    }
    sg_csv_free(c);
    free(data);
}

typedef struct counts {
    long n[400];
    long total;
} counts;

static int count_finding(void *ud, const sg_finding *f)
{
    counts *c = ud;
    for (size_t i = 0; i < sg_rules_903_count; i++)
        if (strcmp(sg_rules_903[i].id, f->rule) == 0) {
            c->n[i]++;
            break;
        }
    c->total++;
    /* Findings never carry a child's identifier or date of birth. */
    if (strcmp(f->field, "CHILD") == 0 || strcmp(f->field, "DOB") == 0 ||
        strcmp(f->field, "MC_DOB") == 0 || strcmp(f->field, "HOME_POST") == 0 ||
        strcmp(f->field, "PL_POST") == 0)
        assert_null(f->value);
    assert_true(f->line > 1);
    return 0;
}

/* Findings per rule on the fixture return, established from the data independently of this
 * code (see docs/rules_903.md, "Fixture counts"). Rules not listed find nothing. */
static const struct {
    const char *id;
    long n;
} expected[] = {
#include "test_rules_903_counts.inc"
};

static void test_fixture_return(void **state)
{
    (void)state;
    const char *shared = getenv("SG_TESTS_DIR");
    assert_non_null(shared);
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/fixtures/csc-validator-be-903", shared);

    sg_arena a;
    sg_arena_init(&a, 1 << 20);
    kids k = {.cap = 8192, .a = &a};
    k.slot = xcalloc(k.cap, sizeof *k.slot);
    k.order = xcalloc(k.cap, sizeof *k.order);
    static const char *const tables[][2] = {{"header.csv", "header"},
                                            {"episodes.csv", "episodes"},
                                            {"reviews.csv", "reviews"},
                                            {"uasc.csv", "uasc"},
                                            {"oc2.csv", "oc2"},
                                            {"oc3.csv", "oc3"},
                                            {"ad1.csv", "ad1"},
                                            {"placed_for_adoption.csv", "placed_adoption"},
                                            {"previous_permanence.csv", "prev_perm"},
                                            {"missing.csv", "missing"},
                                            {"sw_episodes.csv", "sw_episodes"},
                                            {"DoLo.csv", "dolo"}};
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
        load_table(&k, dir, tables[t][0], tables[t][1]);
    assert_int_equal(k.n, 2676); /* 2,675 in the header, plus CHILD10 (SWEpisodes, DoLo) */

    counts c;
    memset(&c, 0, sizeof c);
    sg_vcollection coll;
    sg_vcollection_for_year(&coll, 2018);
    sg_vrun *run =
        sg_vrun_new(sg_rules_903, sg_rules_903_count, &coll, "fixture", NULL, 0, count_finding, &c);
    sg_error e;
    sg_error_clear(&e);
    for (size_t i = 0; i < k.n; i++) {
        char id[32];
        snprintf(id, sizeof id, "c%zu", i);
        assert_int_equal(sg_vrun_child(run, NULL, k.order[i], NULL, id, &e), SG_OK);
    }
    assert_int_equal(sg_vrun_finish(run, &e), SG_OK);
    sg_vrun_free(run);

    const char *dump = getenv("SG_DUMP_903_COUNTS");
    long mismatches = 0;
    for (size_t i = 0; i < sg_rules_903_count; i++) {
        long want = 0;
        for (size_t j = 0; j < sizeof expected / sizeof expected[0]; j++)
            if (strcmp(expected[j].id, sg_rules_903[i].id) == 0) want = expected[j].n;
        if (dump && c.n[i]) printf("    {\"%s\", %ld},\n", sg_rules_903[i].id, c.n[i]);
        if (c.n[i] != want) {
            if (!dump)
                print_message("rule %s: %ld findings, expected %ld\n", sg_rules_903[i].id, c.n[i],
                              want);
            mismatches++;
        }
    }
    /* Every expected id is a registered rule. */
    for (size_t j = 0; j < sizeof expected / sizeof expected[0]; j++)
        assert_non_null(find903(expected[j].id));
    assert_int_equal(mismatches, 0);
    free(k.slot);
    free(k.order);
    sg_arena_fini(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_doc_matches_catalogue),
        cmocka_unit_test(test_every_rule_has_cases),
        cmocka_unit_test(test_fixture_return),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    vt_done();
    return rc;
}

/* test_fixtures.c - every sample return in tests/fixtures goes through the real import path
 * (detection, importer, store, originals) and the store holds the counts the fixtures' README
 * gives, or that were counted independently of the importers (python3 / grep over the files:
 * see docs/formats/ for each format). The DfE rule catalogues are not returns and must be refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/import.h"
#include "store/store.h"
#include "test_util.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct expect {
    const char *path;   /* under tests/fixtures */
    const char *format; /* the format detection must find */
    long counts[SG_REC__COUNT];
} expect;

#define C(t) [SG_REC_##t]
static const expect fixtures[] = {
    {"csc-validator-be-903/header.csv", "ssda903/header", {C(CHILD) = 2675}},
    {"csc-validator-be-903/episodes.csv", "ssda903/episodes", {C(CLA_EPISODE) = 5050}},
    {"csc-validator-be-903/reviews.csv", "ssda903/reviews", {C(CLA_REVIEW) = 12582}},
    {"csc-validator-be-903/missing.csv", "ssda903/missing", {C(MISSING) = 43}},
    {"csc-validator-be-903/uasc.csv", "ssda903/uasc", {C(CHILD) = 132}},
    {"csc-validator-be-903/oc2.csv", "ssda903/oc2", {C(EXTRA) = 2675}},
    {"csc-validator-be-903/oc3.csv", "ssda903/oc3", {C(EXTRA) = 53}},
    {"csc-validator-be-903/ad1.csv", "ssda903/ad1", {C(EXTRA) = 29}},
    {"csc-validator-be-903/placed_for_adoption.csv", "ssda903/placed_adoption", {C(EXTRA) = 29}},
    {"csc-validator-be-903/previous_permanence.csv", "ssda903/prev_perm", {C(EXTRA) = 2675}},
    {"csc-validator-be-903/sw_episodes.csv", "ssda903/sw_episodes", {C(EXTRA) = 1}},
    {"csc-validator-be-903/DoLo.csv", "ssda903/dolo", {C(EXTRA) = 1}},
    {"csc-validator-be-903/fake_903.xml",
     "ssda903-xml",
     {C(CHILD) = 253, C(CLA_EPISODE) = 459, C(CLA_REVIEW) = 1206, C(MISSING) = 6, C(EXTRA) = 518}},
    {"liia-tools/SSDA903_2020_episodes.csv", "ssda903/episodes", {C(CLA_EPISODE) = 5}},
    {"csc-validator-be-cin/CIN2rows.xml",
     "cin",
     {C(CHILD) = 1, C(REFERRAL) = 1, C(ASSESSMENT) = 1, C(CIN_PLAN) = 1, C(S47) = 1, C(CP_PLAN) = 2,
      C(CP_REVIEW) = 2}},
    {"csc-validator-be-cin/CIN_Census_2024.xml",
     "cin",
     {C(CHILD) = 2, C(REFERRAL) = 2, C(ASSESSMENT) = 2, C(CIN_PLAN) = 1, C(S47) = 1, C(CP_PLAN) = 1,
      C(CP_REVIEW) = 1}},
    {"csc-validator-be-cin/CIN_Census_2026.xml",
     "cin",
     {C(CHILD) = 2, C(REFERRAL) = 2, C(ASSESSMENT) = 2, C(CIN_PLAN) = 1, C(S47) = 1, C(CP_PLAN) = 1,
      C(CP_REVIEW) = 1, C(EXTRA) = 1}},
    {"liia-tools/cin-2022.xml",
     "cin",
     {C(CHILD) = 1, C(REFERRAL) = 1, C(ASSESSMENT) = 1, C(CIN_PLAN) = 1, C(S47) = 1, C(CP_PLAN) = 1,
      C(CP_REVIEW) = 1}},
    {"liia-tools/Annex_A.xlsx",
     "annexa-xlsx",
     {C(CHILD) = 54, C(CONTACT) = 5, C(EARLY_HELP) = 5, C(REFERRAL) = 6, C(ASSESSMENT) = 5,
      C(STRATEGY) = 5, C(S47) = 5, C(CP_PLAN) = 7, C(CLA_EPISODE) = 5, C(EXTRA) = 21}},
};
#undef C

static char store_dir[256];

static void fixture_path(const char *rel, char *out, size_t n)
{
    const char *shared = getenv("SG_TESTS_DIR");
    snprintf(out, n, "%s/fixtures/%s", shared ? shared : SG_SOURCE_DIR "/tests", rel);
}

static int setup(void **state)
{
    (void)state;
    snprintf(store_dir, sizeof store_dir, "/tmp/sg-fixtures-XXXXXX");
    return mkdtemp(store_dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    tu_rm_rf(store_dir);
    return 0;
}

static void test_every_fixture_imports_with_its_counts(void **state)
{
    (void)state;
    sg_store *s = NULL;
    sg_error err;
    sg_error_clear(&err);
    assert_int_equal(sg_store_open(store_dir, true, &s, &err), SG_OK);
    for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
        const expect *e = &fixtures[i];
        char path[1024];
        fixture_path(e->path, path, sizeof path);
        const char *paths[1] = {path};
        /* fixtures of one table replace each other: a far smaller one is confirmed */
        sg_import_opts o = {
            .agency = "LA", .period = "2023-24", .user = "test", .confirm_replace = true};
        sg_import_file_result r;
        int rc = sg_import_files(s, paths, 1, &o, &r, &err);
        if (rc) {
            char msg[1024];
            sg_error_format(&err, msg, sizeof msg);
            fail_msg("%s: %s", e->path, msg);
        }
        assert_string_equal(r.format, e->format);
        assert_int_equal(r.duplicate, 0);
        assert_int_equal(r.stats.rejected, 0);
        for (int t = 0; t < SG_REC__COUNT; t++) {
            long n = -1;
            assert_int_equal(sg_store_count_submission(s, r.submission, (sg_rec_type)t, &n, &err),
                             SG_OK);
            if (n != e->counts[t])
                fail_msg("%s: %s stored %ld, expected %ld", e->path,
                         sg_rec_type_name((sg_rec_type)t), n, e->counts[t]);
        }
    }
    sg_store_close(s);
}

/* Files in tests/fixtures that are not returns: import must refuse them, naming the file. */
static const char *const not_returns[] = {
    "csc-validator-be-903/903_2023_24_rule_info.csv", /* the DfE rule catalogue */
    "csc-validator-be-903/903_2024_25_rule_info.csv",
    "csc-validator-be-cin/rule_defs.json", /* rule codes and messages */
    "liia-tools/CIN_schema_2024.xsd",      /* the schema, root <xs:schema> */
};
/* Files that are neither returns nor data to refuse (licences, the folder's README, a store). */
static const char *const ignored[] = {
    "README.md", "csc-validator-be-903/LICENSE", "csc-validator-be-903/NOTICE",
    "csc-validator-be-cin/NOTICE", "liia-tools/LICENSE", "liia-tools/NOTICE",
    /* the upgrade test's store written by an earlier release
     * and its inputs (tests/e2e/upgrade.sh), not returns */
    "store-schema6/README.md", "store-schema6/store", "store-schema6/input",
    /* a schema-6 store, used by test_originals.c */
    "orig-store-v6/safeguard.db", "orig-store-v6/partnership.key", "orig-store-v6/originals",
    "orig-store-v6/plain"};

static bool listed(const char *rel)
{
    for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++)
        if (strcmp(fixtures[i].path, rel) == 0) return true;
    for (size_t i = 0; i < sizeof not_returns / sizeof not_returns[0]; i++)
        if (strcmp(not_returns[i], rel) == 0) return true;
    for (size_t i = 0; i < sizeof ignored / sizeof ignored[0]; i++)
        if (strcmp(ignored[i], rel) == 0) return true;
    return false;
}

/* Every file under tests/fixtures is accounted for above, so a fixture added later cannot be
 * skipped silently. */
static void test_every_fixture_file_is_accounted_for(void **state)
{
    (void)state;
    char root[1024];
    fixture_path("", root, sizeof root);
    DIR *top = opendir(root);
    assert_non_null(top);
    struct dirent *d;
    int seen = 0;
    while ((d = readdir(top)) != NULL) {
        if (d->d_name[0] == '.') continue;
        char sub[1300];
        snprintf(sub, sizeof sub, "%s/%s", root, d->d_name);
        DIR *dir = opendir(sub);
        if (!dir) {
            if (!listed(d->d_name)) fail_msg("fixture %s is not accounted for", d->d_name);
            seen++;
            continue;
        }
        struct dirent *e;
        while ((e = readdir(dir)) != NULL) {
            if (e->d_name[0] == '.') continue;
            char rel[600];
            snprintf(rel, sizeof rel, "%s/%s", d->d_name, e->d_name);
            if (!listed(rel)) fail_msg("fixture %s is not accounted for", rel);
            seen++;
        }
        closedir(dir);
    }
    closedir(top);
    assert_int_equal(seen, (int)(sizeof fixtures / sizeof fixtures[0] +
                                 sizeof not_returns / sizeof not_returns[0] +
                                 sizeof ignored / sizeof ignored[0]));
}

static void test_files_that_are_not_returns_are_refused(void **state)
{
    (void)state;
    sg_store *s = NULL;
    sg_error err;
    sg_error_clear(&err);
    assert_int_equal(sg_store_open(store_dir, true, &s, &err), SG_OK);
    const char *const *cats = not_returns;
    for (size_t i = 0; i < sizeof not_returns / sizeof not_returns[0]; i++) {
        char path[1024];
        fixture_path(cats[i], path, sizeof path);
        const char *paths[1] = {path};
        sg_import_opts o = {.agency = "LA", .period = "2023-24", .user = "test"};
        sg_import_file_result r;
        sg_error_clear(&err);
        assert_int_equal(sg_import_files(s, paths, 1, &o, &r, &err), SG_ENOTFOUND);
        assert_true(strstr(err.msg, "matches no known return") ||
                    strstr(err.msg, "is not a known return"));
        assert_non_null(strstr(err.file, strchr(cats[i], '/') + 1));
    }
    sg_store_close(s);
}

static void test_reimport_is_a_duplicate(void **state)
{
    (void)state;
    sg_store *s = NULL;
    sg_error err;
    sg_error_clear(&err);
    assert_int_equal(sg_store_open(store_dir, true, &s, &err), SG_OK);
    char path[1024];
    fixture_path("csc-validator-be-903/missing.csv", path, sizeof path);
    const char *paths[1] = {path};
    sg_import_opts o = {.agency = "LA", .period = "2023-24", .user = "test"};
    sg_import_file_result r;
    long before = 0, after = 0;
    assert_int_equal(sg_store_count(s, SG_REC_MISSING, &before, &err), SG_OK);
    assert_int_equal(sg_import_files(s, paths, 1, &o, &r, &err), SG_OK);
    assert_int_equal(r.duplicate, 1);
    assert_true(r.duplicate_of > 0);
    assert_int_equal(sg_store_count(s, SG_REC_MISSING, &after, &err), SG_OK);
    assert_int_equal(before, after);
    sg_store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_fixture_imports_with_its_counts),
        cmocka_unit_test(test_every_fixture_file_is_accounted_for),
        cmocka_unit_test(test_files_that_are_not_returns_are_refused),
        cmocka_unit_test(test_reimport_is_a_duplicate),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

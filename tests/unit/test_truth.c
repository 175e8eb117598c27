/* test_truth.c - the foundation's end-to-end truth check: a generated partnership with planted
 * faults is imported through the real path (manifest -> detection -> importers -> store), and
 *  - every file's stored records, by type, equal the generator's manifest exactly;
 *  - every file's rejected rows equal the manifest's count;
 *  - every fault the manifest says is rejected is in rejected_row at its file, line and field;
 *  - every other fault was stored (its record is counted above, and its line was not rejected),
 * so nothing is silently lost. A clean generation imports with no rejections at all. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/import.h"
#include "store/store.h"
#include "synth/synth.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[256];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/sg-truth-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static sg_rec_type type_by_name(const char *name)
{
    for (int t = 0; t < SG_REC__COUNT; t++)
        if (strcmp(sg_rec_type_name((sg_rec_type)t), name) == 0) return (sg_rec_type)t;
    fail_msg("manifest names an unknown record type '%s'", name);
    return SG_REC__COUNT;
}

static const char *base(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* Is there a rejected row for this file (base name), line and field? */
static int rejected_at(sg_store *s, const char *file, long line, const char *field)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(sg_store_db(s),
                                        "SELECT count(*) FROM rejected_row r JOIN submission s "
                                        "ON s.id = r.submission_id WHERE s.file_name = ?1 AND "
                                        "r.line = ?2 AND (?3 IS NULL OR r.field = ?3)",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, base(file), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, line);
    if (field) sqlite3_bind_text(st, 3, field, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

static void check_partnership(double faults, uint64_t seed, const char *name)
{
    char out[512], store_dir[512], manifest[600];
    snprintf(out, sizeof out, "%s/%s", dir, name);
    snprintf(store_dir, sizeof store_dir, "%s/%s-store", dir, name);
    snprintf(manifest, sizeof manifest, "%s/manifest.json", out);
    sg_error err;
    sg_error_clear(&err);
    sg_synth_opts o = {
        .children = 6000, .years = 2, .seed = seed, .out = out, .faults = faults, .end_year = 2025};
    assert_int_equal(sg_synth_run(&o, NULL, NULL, &err), SG_OK);

    sg_store *s = NULL;
    assert_int_equal(sg_store_open(store_dir, true, &s, &err), SG_OK);
    sg_import_opts io = {.user = "test"};
    sg_import_file_result *res = NULL;
    int n = 0;
    int rc = sg_import_manifest(s, manifest, &io, &res, &n, &err);
    if (rc) {
        char msg[1024];
        sg_error_format(&err, msg, sizeof msg);
        fail_msg("import: %s", msg);
    }

    json_error_t jerr;
    json_t *m = json_load_file(manifest, 0, &jerr);
    assert_non_null(m);
    json_t *files = json_object_get(m, "files");
    assert_int_equal((int)json_array_size(files), n);
    long total_rejected = 0;
    for (int i = 0; i < n; i++) {
        json_t *f = json_array_get(files, (size_t)i);
        const char *path = json_string_value(json_object_get(f, "path"));
        long want[SG_REC__COUNT] = {0}, want_total = 0;
        const char *k;
        json_t *v;
        json_object_foreach(json_object_get(f, "records"), k, v)
        {
            want[type_by_name(k)] = (long)json_integer_value(v);
            want_total += want[type_by_name(k)];
        }
        if (res[i].duplicate) {
            /* Only a table with no rows (a header alone) can be byte-identical to another
             * year's: it is recognised as the same file and rightly changes nothing. */
            if (want_total != 0 || json_integer_value(json_object_get(f, "rejected")) != 0)
                fail_msg("%s was taken for a duplicate but holds records", path);
            continue;
        }
        assert_string_equal(res[i].format, json_string_value(json_object_get(f, "format")));
        long want_rej = (long)json_integer_value(json_object_get(f, "rejected"));
        if (res[i].stats.rejected != want_rej)
            fail_msg("%s: %ld rows rejected, manifest says %ld", path, res[i].stats.rejected,
                     want_rej);
        total_rejected += want_rej;
        for (int t = 0; t < SG_REC__COUNT; t++) {
            long got = -1;
            assert_int_equal(
                sg_store_count_submission(s, res[i].submission, (sg_rec_type)t, &got, &err), SG_OK);
            if (got != want[t])
                fail_msg("%s: %s stored %ld, manifest says %ld", path,
                         sg_rec_type_name((sg_rec_type)t), got, want[t]);
        }
    }

    json_t *fl = json_object_get(m, "faults");
    size_t nf = json_array_size(fl);
    if (faults > 0)
        assert_true(nf > 0);
    else
        assert_int_equal(nf, 0);
    size_t expect_rejected = 0;
    for (size_t i = 0; i < nf; i++) {
        json_t *f = json_array_get(fl, i);
        const char *file = json_string_value(json_object_get(f, "file"));
        long line = (long)json_integer_value(json_object_get(f, "line"));
        const char *field = json_string_value(json_object_get(f, "field"));
        const char *expect = json_string_value(json_object_get(f, "expect"));
        const char *kind = json_string_value(json_object_get(f, "kind"));
        int hits = rejected_at(s, file, line, NULL);
        if (strcmp(expect, "rejected") == 0) {
            expect_rejected++;
            if (rejected_at(s, file, line, field) != 1)
                fail_msg("fault %s (%s) at %s:%ld field %s was not rejected there",
                         json_string_value(json_object_get(f, "id")), kind, file, line, field);
        } else if (hits != 0) {
            fail_msg("fault %s (%s) at %s:%ld should be stored for validation, was rejected",
                     json_string_value(json_object_get(f, "id")), kind, file, line);
        }
    }
    long stored_rej = 0;
    assert_int_equal(sg_store_count_rejected(s, &stored_rej, &err), SG_OK);
    assert_int_equal(stored_rej, total_rejected);
    assert_int_equal((long)expect_rejected, total_rejected); /* no rejection without a fault */
    json_decref(m);
    free(res);
    sg_store_close(s);
}

static void test_clean_partnership_imports_exactly(void **state)
{
    (void)state;
    check_partnership(0.0, 11, "clean");
}

static void test_faulty_partnership_loses_nothing(void **state)
{
    (void)state;
    check_partnership(0.02, 12, "faulty");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_partnership_imports_exactly),
        cmocka_unit_test(test_faulty_partnership_loses_nothing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

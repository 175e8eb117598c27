/* test_store.c - the store directory, migrations, submissions and superseding, live views,
 * encrypted originals and CSV export, each against a fresh store in a mkdtemp directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/digest.h"
#include "core/pseudo.h"
#include "store/export.h"
#include "store/import.h"
#include "store/store.h"
#include "test_util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- scaffolding ---- */

typedef struct fx {
    char dir[64];
    sg_store *s;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/sg-store-XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    sg_store_close(f->s);
    tu_rm_rf(f->dir);
    free(f);
    return 0;
}

static sg_store *open_store(fx *f)
{
    sg_error e;
    sg_error_clear(&e);
    sg_store_close(f->s);
    f->s = NULL;
    int rc = sg_store_open(f->dir, true, &f->s, &e);
    if (rc) fail_msg("open: %s", e.msg);
    return f->s;
}

static void path_in(const fx *f, const char *name, char *out, size_t outsz)
{
    snprintf(out, outsz, "%s/%s", f->dir, name);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    size_t got = fread(buf, 1, (size_t)n, fp);
    fclose(fp);
    buf[got] = '\0';
    *len = got;
    return buf;
}

static char *slurp_stream(FILE *fp, size_t *len)
{
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    size_t got = fread(buf, 1, (size_t)n, fp);
    buf[got] = '\0';
    *len = got;
    return buf;
}

static void write_file(const char *path, const void *data, size_t len)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
}

static long query_long(sg_store *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(sg_store_db(s), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long v = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static char *query_text(sg_store *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(sg_store_db(s), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    const char *v = (const char *)sqlite3_column_text(st, 0);
    char *out = strdup(v ? v : "NULL");
    sqlite3_finalize(st);
    return out;
}

/* A distinct valid checksum per test submission. */
static void fake_sha(int n, char out[65])
{
    char seed[16];
    snprintf(seed, sizeof seed, "file-%d", n);
    sg_sha256_buf(seed, strlen(seed), out);
}

static int64_t new_sub(sg_store *s, const char *agency, const char *format, const char *period,
                       int n)
{
    char sha[65];
    fake_sha(n, sha);
    char name[32];
    snprintf(name, sizeof name, "return-%d.csv", n);
    int64_t id = 0;
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_submission_create(s, agency, format, period, name, sha, "tester", &id, &e),
                     SG_OK);
    assert_true(id > 0);
    return id;
}

static void finish(sg_store *s, int64_t id, long read, long rejected)
{
    sg_import_stats st = {.rows_read = read, .rejected = rejected};
    sg_error e;
    assert_int_equal(sg_submission_finish(s, id, &st, &e), SG_OK);
}

static void pseudo(sg_store *s, const char *raw, char out[SG_PSEUDO_LEN + 1])
{
    assert_int_equal(sg_pseudo_make(sg_store_pseudo(s), SG_ID_LA, raw, strlen(raw), out), SG_OK);
}

/* ---- open and migrations ---- */

static void test_open_creates_layout(void **state)
{
    fx *f = *state;
    sg_store *s = open_store(f);
    assert_true(sg_schema_latest() >= 1);
    assert_int_equal(sg_store_schema_version(s), sg_schema_latest());
    assert_string_equal(sg_store_dir(s), f->dir);
    assert_int_equal(query_long(s, "PRAGMA user_version"), sg_schema_latest());
    assert_int_equal(query_long(s, "PRAGMA foreign_keys"), 1);
    assert_int_equal(query_long(s, "PRAGMA synchronous"), 1); /* NORMAL */
    assert_int_equal(query_long(s, "PRAGMA application_id"), 0x53474431);
    char *mode = query_text(s, "PRAGMA journal_mode");
    assert_string_equal(mode, "wal");
    free(mode);
    /* Every record table is STRICT and has its live view. */
    for (int t = 0; t < SG_REC__COUNT; t++) {
        char sql[256];
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM sqlite_schema WHERE (type = 'table' AND name = '%s' AND "
                 "sql LIKE '%%) STRICT%%') OR (type = 'view' AND name = 'live_%s')",
                 sg_store_table((sg_rec_type)t), sg_store_table((sg_rec_type)t));
        assert_int_equal(query_long(s, sql), 2);
    }
    char p[256];
    struct stat st;
    path_in(f, "partnership.key", p, sizeof p);
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    path_in(f, "safeguard.db", p, sizeof p);
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    path_in(f, "originals", p, sizeof p);
    assert_int_equal(stat(p, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
}

static void test_reopen_changes_nothing(void **state)
{
    fx *f = *state;
    sg_store *s = open_store(f);
    unsigned char key1[SG_PSEUDO_KEYLEN];
    memcpy(key1, sg_store_pseudo(s)->key, sizeof key1);
    sg_store_close(s);
    f->s = NULL;
    char p[256], h1[65], h2[65];
    path_in(f, "safeguard.db", p, sizeof p);
    sg_error e;
    assert_int_equal(sg_sha256_file(p, h1, &e), SG_OK);

    assert_int_equal(sg_store_open(f->dir, false, &f->s, &e), SG_OK);
    assert_int_equal(sg_store_schema_version(f->s), sg_schema_latest());
    assert_memory_equal(sg_store_pseudo(f->s)->key, key1, sizeof key1); /* same key reloaded */
    sg_store_close(f->s);
    f->s = NULL;
    assert_int_equal(sg_sha256_file(p, h2, &e), SG_OK);
    assert_string_equal(h1, h2);
}

static void test_open_missing(void **state)
{
    fx *f = *state;
    sg_store *s = NULL;
    sg_error e;
    char p[256];
    path_in(f, "nope", p, sizeof p);
    assert_int_equal(sg_store_open(p, false, &s, &e), SG_ENOTFOUND);
    assert_null(s);
    /* An existing but empty directory is not a store either. */
    assert_int_equal(sg_store_open(f->dir, false, &s, &e), SG_ENOTFOUND);
    path_in(f, "partnership.key", p, sizeof p);
    assert_int_not_equal(access(p, F_OK), 0); /* and nothing was created */
}

static void test_refuse_newer_schema(void **state)
{
    fx *f = *state;
    open_store(f);
    sg_store_close(f->s);
    f->s = NULL;
    char p[256];
    path_in(f, "safeguard.db", p, sizeof p);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    /* one version newer than this code knows */
    int newer = sg_schema_latest() + 1;
    char bump[64], expect[64];
    snprintf(bump, sizeof bump, "PRAGMA user_version = %d", newer);
    snprintf(expect, sizeof expect, "schema version %d", newer);
    assert_int_equal(sqlite3_exec(db, bump, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);

    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_store_open(f->dir, true, &f->s, &e), SG_ECONFLICT);
    assert_null(f->s);
    assert_non_null(strstr(e.msg, expect));
    assert_non_null(strstr(e.msg, "newer safeguard"));

    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), newer); /* untouched */
    sqlite3_finalize(st);
    sqlite3_close(db);
}

static void test_refuse_foreign_db_and_lost_key(void **state)
{
    fx *f = *state;
    char p[256];
    path_in(f, "safeguard.db", p, sizeof p);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db, "CREATE TABLE t(x); PRAGMA user_version = 1", NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
    sg_error e;
    /* A database without our key file is refused before anything else. */
    assert_int_equal(sg_store_open(f->dir, true, &f->s, &e), SG_ECONFLICT);
    assert_non_null(strstr(e.msg, "partnership.key"));
    char k[256];
    path_in(f, "partnership.key", k, sizeof k);
    assert_int_not_equal(access(k, F_OK), 0); /* no fresh key was made */

    /* With a key, someone else's database is still not ours. */
    sg_pseudo ps;
    assert_int_equal(sg_pseudo_open(&ps, k, &e), SG_OK);
    assert_int_equal(sg_store_open(f->dir, true, &f->s, &e), SG_ECONFLICT);
    assert_non_null(strstr(e.msg, "not a safeguard store"));
}

/* ---- submissions ---- */

typedef struct seen {
    int64_t ids[8];
    int n;
} seen;

static int collect(void *ctx, const sg_submission *sub)
{
    seen *s = ctx;
    if (s->n < 8) s->ids[s->n++] = sub->id;
    return 0;
}

static int stop_at_first(void *ctx, const sg_submission *sub)
{
    (void)sub;
    (*(int *)ctx)++;
    return SG_ECONFLICT;
}

static void test_submission_supersede_chain(void **state)
{
    fx *f = *state;
    sg_store *s = open_store(f);
    sg_error e;
    assert_int_equal(sg_store_begin(s, &e), SG_OK);
    int64_t a = new_sub(s, "LA", "cin", "2023-24", 1);
    finish(s, a, 10, 2);
    int64_t other = new_sub(s, "LA", "cin", "2022-23", 2); /* other period: independent */
    finish(s, other, 5, 0);
    int64_t pol = new_sub(s, "POLICE", "agency/police_missing", "2023-24", 3);
    finish(s, pol, 7, 7);
    int64_t b = new_sub(s, "LA", "cin", "2023-24", 4);
    finish(s, b, 11, 0);
    assert_int_equal(sg_store_commit(s, &e), SG_OK);

    sg_submission sub;
    assert_int_equal(sg_submission_get(s, a, &sub, &e), SG_OK);
    assert_string_equal(sub.agency, "LA");
    assert_string_equal(sub.format, "cin");
    assert_string_equal(sub.period, "2023-24");
    assert_string_equal(sub.file_name, "return-1.csv");
    assert_string_equal(sub.user, "tester");
    assert_int_equal(strlen(sub.imported_at), 20);
    assert_int_equal(sub.imported_at[10], 'T');
    assert_int_equal(sub.imported_at[19], 'Z');
    assert_int_equal(sub.rows_read, 10);
    assert_int_equal(sub.rows_accepted, 8);
    assert_int_equal(sub.rows_rejected, 2);
    assert_int_equal(sub.superseded_by, b);
    assert_string_equal(sub.status, "superseded");
    assert_int_equal(sg_submission_get(s, b, &sub, &e), SG_OK);
    assert_int_equal(sub.superseded_by, 0);
    assert_string_equal(sub.status, "current");
    assert_int_equal(sg_submission_get(s, other, &sub, &e), SG_OK);
    assert_string_equal(sub.status, "current");
    assert_int_equal(sg_submission_get(s, pol, &sub, &e), SG_OK);
    assert_int_equal(sub.rows_accepted, 0);

    /* A third return for the key supersedes b; a keeps pointing at b. */
    assert_int_equal(sg_store_begin(s, &e), SG_OK);
    int64_t c = new_sub(s, "LA", "cin", "2023-24", 5);
    finish(s, c, 1, 0);
    assert_int_equal(sg_store_commit(s, &e), SG_OK);
    assert_int_equal(sg_submission_get(s, b, &sub, &e), SG_OK);
    assert_int_equal(sub.superseded_by, c);
    assert_int_equal(sg_submission_get(s, a, &sub, &e), SG_OK);
    assert_int_equal(sub.superseded_by, b);
    assert_int_equal(query_long(s, "SELECT count(*) FROM live_submission"), 3);

    /* Newest first, with filters. */
    seen all = {0};
    assert_int_equal(sg_submission_each(s, NULL, NULL, collect, &all, &e), SG_OK);
    assert_int_equal(all.n, 5);
    int64_t want[] = {c, b, pol, other, a};
    for (int i = 0; i < 5; i++)
        assert_int_equal(all.ids[i], want[i]);
    seen la = {0};
    assert_int_equal(sg_submission_each(s, "LA", "2023-24", collect, &la, &e), SG_OK);
    assert_int_equal(la.n, 3);
    assert_int_equal(la.ids[0], c);
    assert_int_equal(la.ids[2], a);
    seen per = {0};
    assert_int_equal(sg_submission_each(s, NULL, "2022-23", collect, &per, &e), SG_OK);
    assert_int_equal(per.n, 1);
    assert_int_equal(per.ids[0], other);
    int calls = 0;
    assert_int_equal(sg_submission_each(s, NULL, NULL, stop_at_first, &calls, &e), SG_ECONFLICT);
    assert_int_equal(calls, 1);
}

static void test_submission_lookup_and_errors(void **state)
{
    fx *f = *state;
    sg_store *s = open_store(f);
    sg_error e;
    int64_t a = new_sub(s, "HEALTH", "agency/early_help", "2024-Q1", 9);
    char sha[65];
    fake_sha(9, sha);
    sg_submission sub;
    assert_int_equal(sg_submission_by_sha(s, sha, &sub, &e), SG_OK);
    assert_int_equal(sub.id, a);
    assert_string_equal(sub.sha256, sha);
    fake_sha(10, sha);
    assert_int_equal(sg_submission_by_sha(s, sha, &sub, &e), SG_ENOTFOUND);
    assert_int_equal(sg_submission_get(s, 999, &sub, &e), SG_ENOTFOUND);

    /* The same file again is a duplicate, and nothing is added. */
    fake_sha(9, sha);
    int64_t id = 0;
    assert_int_equal(sg_submission_create(s, "HEALTH", "agency/early_help", "2024-Q1", "again.csv",
                                          sha, "tester", &id, &e),
                     SG_EDUPLICATE);
    assert_int_equal(query_long(s, "SELECT count(*) FROM submission"), 1);
    assert_int_equal(
        sg_submission_create(s, "HEALTH", "x", "2024-Q1", "a.csv", "ABC", "t", &id, &e), SG_EINVAL);
    assert_int_equal(sg_submission_create(s, "", "x", "2024-Q1", "a.csv", sha, "t", &id, &e),
                     SG_EINVAL);
    char longname[300];
    memset(longname, 'a', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    fake_sha(11, sha);
    assert_int_equal(sg_submission_create(s, "LA", "x", "2024-Q1", longname, sha, "t", &id, &e),
                     SG_ELIMIT);
    sg_import_stats st = {0};
    assert_int_equal(sg_submission_finish(s, 12345, &st, &e), SG_ENOTFOUND);
}

/* Records in a superseded submission disappear from live views and counts. */
static void test_live_views_and_counts(void **state)
{
    fx *f = *state;
    sg_store *s = open_store(f);
    sg_error e;
    char c1[SG_PSEUDO_LEN + 1], c2[SG_PSEUDO_LEN + 1];
    pseudo(s, "CHILD-1", c1);
    pseudo(s, "CHILD-2", c2);
    assert_int_equal(sg_store_begin(s, &e), SG_OK);
    int64_t old = new_sub(s, "LA", "cin", "2023-24", 1);
    sg_store_sink ss;
    sg_sink sink;
    sg_store_sink_init(&ss, s, old, "old.xml", &sink);
    sg_rec r;
    for (int i = 0; i < 2; i++) {
        sg_rec_init(&r, SG_REC_CHILD);
        memcpy(r.child, i ? c2 : c1, sizeof r.child);
        assert_int_equal(sink.emit(sink.ctx, &r, NULL, &e), SG_OK);
        sg_rec_init(&r, SG_REC_REFERRAL);
        memcpy(r.child, i ? c2 : c1, sizeof r.child);
        r.u.referral.referral_date = sg_date_from_ymd(2023, 5, 1 + i);
        assert_int_equal(sink.emit(sink.ctx, &r, NULL, &e), SG_OK);
    }
    sg_reject rj = {.file = "old.xml", .line = 3, .field = "x", .reason = "bad"};
    assert_int_equal(sink.reject(sink.ctx, &rj, &e), SG_OK);
    sg_store_sink_fini(&ss);
    finish(s, old, 3, 1);
    assert_int_equal(sg_store_commit(s, &e), SG_OK);

    long n = -1;
    assert_int_equal(sg_store_count(s, SG_REC_REFERRAL, &n, &e), SG_OK);
    assert_int_equal(n, 2);
    assert_int_equal(sg_store_count(s, SG_REC_CHILD, &n, &e), SG_OK);
    assert_int_equal(n, 2);
    assert_int_equal(sg_store_count_rejected(s, &n, &e), SG_OK);
    assert_int_equal(n, 1);

    assert_int_equal(sg_store_begin(s, &e), SG_OK);
    int64_t neu = new_sub(s, "LA", "cin", "2023-24", 2);
    sg_store_sink_init(&ss, s, neu, "new.xml", &sink);
    sg_rec_init(&r, SG_REC_CHILD);
    memcpy(r.child, c1, sizeof r.child);
    assert_int_equal(sink.emit(sink.ctx, &r, NULL, &e), SG_OK);
    sg_rec_init(&r, SG_REC_REFERRAL);
    memcpy(r.child, c1, sizeof r.child);
    r.u.referral.referral_date = sg_date_from_ymd(2023, 6, 30);
    assert_int_equal(sink.emit(sink.ctx, &r, NULL, &e), SG_OK);
    sg_store_sink_fini(&ss);
    finish(s, neu, 1, 0);
    assert_int_equal(sg_store_commit(s, &e), SG_OK);

    assert_int_equal(sg_store_count(s, SG_REC_REFERRAL, &n, &e), SG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(sg_store_count(s, SG_REC_CHILD, &n, &e), SG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(sg_store_count_rejected(s, &n, &e), SG_OK);
    assert_int_equal(n, 0);
    char *d = query_text(s, "SELECT group_concat(referral_date) FROM live_referral");
    assert_string_equal(d, "2023-06-30");
    free(d);
    assert_int_equal(query_long(s, "SELECT count(*) FROM referral"), 3); /* kept, not deleted */
    assert_int_equal(sg_store_count_submission(s, old, SG_REC_REFERRAL, &n, &e), SG_OK);
    assert_int_equal(n, 2);
    assert_int_equal(sg_store_count_submission(s, old, SG_REC_CHILD, &n, &e), SG_OK);
    assert_int_equal(n, 2);
    assert_int_equal(sg_store_count_submission(s, neu, SG_REC_CP_PLAN, &n, &e), SG_OK);
    assert_int_equal(n, 0);
    assert_int_equal(sg_store_count(s, SG_REC__COUNT, &n, &e), SG_EINVAL);
}

/* ---- originals ---- */

static void keep(fx *f, const void *data, size_t len, char sha[65])
{
    char p[256];
    path_in(f, "upload.bin", p, sizeof p);
    write_file(p, data, len);
    char plain[65];
    sg_sha256_buf(data, len, plain);
    assert_int_equal(sg_store_keyed_digest(f->s, plain, sha), SG_OK);
    assert_string_not_equal(sha, plain);
    sg_error e;
    sg_error_clear(&e);
    int rc = sg_store_keep_original(f->s, p, sha, &e);
    if (rc) fail_msg("keep: %s", e.msg);
    unlink(p);
}

static void expect_roundtrip(fx *f, const char *sha, const void *data, size_t len)
{
    FILE *fp = NULL;
    sg_error e;
    sg_error_clear(&e);
    int rc = sg_store_open_original(f->s, sha, &fp, &e);
    if (rc) fail_msg("open original: %s", e.msg);
    assert_int_equal(ftell(fp), 0);
    size_t n = 0;
    char *got = slurp_stream(fp, &n);
    fclose(fp);
    assert_int_equal(n, len);
    if (len) assert_memory_equal(got, data, len);
    free(got);
}

static void test_originals_roundtrip(void **state)
{
    fx *f = *state;
    open_store(f);
    /* Sizes around the 64 KiB chunk: empty, exactly one chunk, several with a tail. */
    size_t sizes[] = {0, 65536, 200001};
    for (size_t k = 0; k < 3; k++) {
        size_t len = sizes[k];
        char *data = malloc(len + 1);
        for (size_t i = 0; i < len; i++)
            data[i] = (char)('A' + (i * 7 + k) % 26);
        if (len > 100) memcpy(data + 50, "SURNAME=Pemberton-Raw", 21);
        char sha[65];
        keep(f, data, len, sha);
        char p[256], rel[128];
        snprintf(rel, sizeof rel, "originals/k-%s", sha);
        path_in(f, rel, p, sizeof p);
        struct stat st;
        assert_int_equal(stat(p, &st), 0);
        assert_int_equal(st.st_mode & 0777, 0600);
        /* magic + header + one 17-byte tag per chunk (a final empty chunk when the size is a
         * multiple of 64 KiB) */
        size_t chunks = len / 65536 + 1;
        assert_int_equal((size_t)st.st_size, 8 + 24 + len + 17 * chunks);
        size_t n = 0;
        char *stored = slurp(p, &n);
        assert_memory_equal(stored, "SGORIG02", 8);
        if (len > 100) {
            for (size_t i = 0; i + 21 <= n; i++)
                assert_int_not_equal(memcmp(stored + i, "SURNAME=Pemberton-Raw", 21), 0);
        }
        free(stored);
        expect_roundtrip(f, sha, data, len);
        /* Keeping the same file again is a no-op. */
        keep(f, data, len, sha);
        struct stat st2;
        assert_int_equal(stat(p, &st2), 0);
        assert_int_equal(st2.st_ino, st.st_ino);
        free(data);
    }
    /* A different store key cannot read them. */
    char sha[65];
    keep(f, "hello", 5, sha);
    sg_pseudo *ps = (sg_pseudo *)sg_store_pseudo(f->s);
    ps->key[0] ^= 1;
    FILE *fp = NULL;
    sg_error e;
    assert_int_equal(sg_store_open_original(f->s, sha, &fp, &e), SG_EPARSE);
    assert_null(fp);
    ps->key[0] ^= 1;
    expect_roundtrip(f, sha, "hello", 5);
}

static void test_originals_tamper(void **state)
{
    fx *f = *state;
    open_store(f);
    size_t len = 150000;
    char *data = malloc(len);
    for (size_t i = 0; i < len; i++)
        data[i] = (char)(i % 251);
    char sha[65], p[256], rel[128];
    keep(f, data, len, sha);
    snprintf(rel, sizeof rel, "originals/k-%s", sha);
    path_in(f, rel, p, sizeof p);
    size_t n = 0;
    char *good = slurp(p, &n);
    FILE *fp = NULL;
    sg_error e;

    /* One flipped bit in the second chunk. */
    good[8 + 24 + 65536 + 17 + 100] ^= 0x01;
    write_file(p, good, n);
    assert_int_equal(sg_store_open_original(f->s, sha, &fp, &e), SG_EPARSE);
    assert_null(fp);
    good[8 + 24 + 65536 + 17 + 100] ^= 0x01;
    /* Truncated after the first chunk (a chunk boundary), and cut mid-chunk. */
    write_file(p, good, 8 + 24 + 65536 + 17);
    assert_int_equal(sg_store_open_original(f->s, sha, &fp, &e), SG_EPARSE);
    write_file(p, good, n - 5);
    assert_int_equal(sg_store_open_original(f->s, sha, &fp, &e), SG_EPARSE);
    /* Extended past the final chunk. */
    char *longer = malloc(n + 1);
    memcpy(longer, good, n);
    longer[n] = 'x';
    write_file(p, longer, n + 1);
    free(longer);
    assert_int_equal(sg_store_open_original(f->s, sha, &fp, &e), SG_EPARSE);
    /* Bad magic. */
    good[0] = 'X';
    write_file(p, good, n);
    assert_int_equal(sg_store_open_original(f->s, sha, &fp, &e), SG_EPARSE);
    good[0] = 'S';
    write_file(p, good, n);
    expect_roundtrip(f, sha, data, len);

    /* A valid copy renamed to another checksum does not open under that name. */
    char other[65], q[256];
    keep(f, "other", 5, other);
    snprintf(rel, sizeof rel, "originals/k-%s", other);
    path_in(f, rel, q, sizeof q);
    assert_int_equal(rename(p, q), 0);
    assert_int_equal(sg_store_open_original(f->s, other, &fp, &e), SG_EPARSE);
    assert_int_equal(sg_store_open_original(f->s, sha, &fp, &e), SG_ENOTFOUND);
    assert_int_equal(sg_store_open_original(f->s, "../../etc/passwd", &fp, &e), SG_EINVAL);
    free(good);
    free(data);
}

static void test_originals_checksum_mismatch(void **state)
{
    fx *f = *state;
    open_store(f);
    char p[256], sha[65];
    path_in(f, "upload.bin", p, sizeof p);
    write_file(p, "abc", 3);
    char plain[65];
    sg_sha256_buf("abd", 3, plain);
    assert_int_equal(sg_store_keyed_digest(f->s, plain, sha), SG_OK);
    sg_error e;
    assert_int_equal(sg_store_keep_original(f->s, p, sha, &e), SG_ECONFLICT);
    /* the plaintext SHA-256 of the right content is not its name either */
    sg_sha256_buf("abc", 3, plain);
    assert_int_equal(sg_store_keep_original(f->s, p, plain, &e), SG_ECONFLICT);
    assert_int_equal(sg_store_keep_original(f->s, p, "not-a-sha", &e), SG_EINVAL);
    path_in(f, "missing.bin", p, sizeof p);
    sg_sha256_buf("abc", 3, sha);
    assert_int_equal(sg_store_keep_original(f->s, p, sha, &e), SG_EIO);
    /* Nothing, not even a temporary file, is left in originals/. */
    char d[256];
    path_in(f, "originals", d, sizeof d);
    DIR *dir = opendir(d);
    assert_non_null(dir);
    int entries = 0;
    struct dirent *de;
    while ((de = readdir(dir)) != NULL)
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) entries++;
    closedir(dir);
    assert_int_equal(entries, 0);
}

/* ---- export ---- */

static char *export_text(sg_store *s, const char *type, bool all, int want_rc)
{
    FILE *fp = tmpfile();
    assert_non_null(fp);
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_store_export_csv(s, type, all, fp, &e), want_rc);
    size_t n = 0;
    char *txt = slurp_stream(fp, &n);
    fclose(fp);
    return txt;
}

static void test_export_cells(void **state)
{
    (void)state;
    struct {
        const char *in, *out;
    } cases[] = {
        {"plain", "plain"},
        {"", ""},
        {"a,b", "\"a,b\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"two\nlines", "\"two\nlines\""},
        {"=SUM(A1:A9)", "'=SUM(A1:A9)"},
        {"+44 20", "'+44 20"},
        {"-1", "'-1"},
        {"@cmd", "'@cmd"},
        {"\tx", "'\tx"},
        {"\rx", "\"'\rx\""},
        {"=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""},
        {"a=b", "a=b"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        FILE *fp = tmpfile();
        sg_export_cell(fp, cases[i].in, strlen(cases[i].in));
        size_t n = 0;
        char *got = slurp_stream(fp, &n);
        fclose(fp);
        assert_string_equal(got, cases[i].out);
        free(got);
    }
}

static void test_export_csv(void **state)
{
    fx *f = *state;
    sg_store *s = open_store(f);
    sg_error e;
    char c1[SG_PSEUDO_LEN + 1];
    pseudo(s, "LA-RAW-77", c1);
    assert_int_equal(sg_store_begin(s, &e), SG_OK);
    int64_t sub = new_sub(s, "POLICE", "agency/police_events", "2023-24", 1);
    sg_store_sink ss;
    sg_sink sink;
    sg_store_sink_init(&ss, s, sub, "events.csv", &sink);
    sg_rec r;
    sg_rec_init(&r, SG_REC_CHILD);
    memcpy(r.child, c1, sizeof r.child);
    assert_int_equal(sink.emit(sink.ctx, &r, NULL, &e), SG_OK);
    sg_rec_init(&r, SG_REC_POLICE_EVENT);
    memcpy(r.child, c1, sizeof r.child);
    r.line = 2;
    r.u.police.kind = "VPR";
    r.u.police.date = sg_date_from_ymd(2023, 7, 4);
    r.u.police.subtype = "=cmd|' /C calc'!A0";
    r.u.police.ref = "REF, \"quoted\"";
    assert_int_equal(sink.emit(sink.ctx, &r, NULL, &e), SG_OK);
    sg_reject rj = {.file = "events.csv",
                    .line = 9,
                    .field = "event_date",
                    .value = "-31/02",
                    .reason = "not a date"};
    assert_int_equal(sink.reject(sink.ctx, &rj, &e), SG_OK);
    sg_store_sink_fini(&ss);
    finish(s, sub, 2, 1);
    assert_int_equal(sg_store_commit(s, &e), SG_OK);

    char *csv = export_text(s, "police_event", false, SG_OK);
    char want[512];
    snprintf(want, sizeof want,
             "id,submission_id,child,line,kind,event_date,subtype,ref\r\n"
             "1,%lld,%s,2,VPR,2023-07-04,'=cmd|' /C calc'!A0,\"REF, \"\"quoted\"\"\"\r\n",
             (long long)sub, c1);
    assert_string_equal(csv, want);
    free(csv);

    csv = export_text(s, "child", false, SG_OK);
    snprintf(want, sizeof want,
             "id,submission_id,child,child_keys,line,birth,expected_birth,sex,ethnicity,"
             "disabilities,uasc,death,upn_unknown\r\n1,%lld,%s,%s,0,,0,,,,,,\r\n",
             (long long)sub, c1, c1);
    assert_string_equal(csv, want);
    free(csv);

    csv = export_text(s, "rejected", false, SG_OK);
    snprintf(want, sizeof want,
             "id,submission_id,file,line,field,value,reason\r\n"
             "1,%lld,events.csv,9,event_date,'-31/02,not a date\r\n",
             (long long)sub);
    assert_string_equal(csv, want);
    free(csv);

    /* Supersede: the default export is empty, --all still has the row. */
    assert_int_equal(sg_store_begin(s, &e), SG_OK);
    int64_t sub2 = new_sub(s, "POLICE", "agency/police_events", "2023-24", 2);
    finish(s, sub2, 0, 0);
    assert_int_equal(sg_store_commit(s, &e), SG_OK);
    csv = export_text(s, "police_event", false, SG_OK);
    assert_string_equal(csv, "id,submission_id,child,line,kind,event_date,subtype,ref\r\n");
    free(csv);
    csv = export_text(s, "police_event", true, SG_OK);
    assert_non_null(strstr(csv, "2023-07-04"));
    free(csv);
    csv = export_text(s, "submissions", false, SG_OK);
    assert_non_null(strstr(csv, ",current\r\n"));
    assert_null(strstr(csv, ",superseded\r\n"));
    free(csv);
    csv = export_text(s, "submissions", true, SG_OK);
    char sup[64];
    snprintf(sup, sizeof sup, ",%lld,superseded\r\n", (long long)sub2);
    assert_non_null(strstr(csv, sup));
    assert_non_null(strstr(csv, "id,agency,format,period,file_name,sha256,user,imported_at,"
                                "rows_read,rows_accepted,rows_rejected,superseded_by,status\r\n"));
    free(csv);

    /* Every record type and its table name are exportable; nonsense is not. */
    for (int t = 0; t < SG_REC__COUNT; t++) {
        csv = export_text(s, sg_rec_type_name((sg_rec_type)t), true, SG_OK);
        assert_true(strncmp(csv, "id,submission_id,child,", 23) == 0);
        free(csv);
        csv = export_text(s, sg_store_table((sg_rec_type)t), true, SG_OK);
        free(csv);
    }
    csv = export_text(s, "child; DROP TABLE child", false, SG_EINVAL);
    free(csv);
    csv = export_text(s, "missing", false, SG_OK);
    assert_true(
        strncmp(csv, "id,submission_id,child,line,start_date,end_date,kind,from_place,", 63) == 0);
    free(csv);
}

/* A transaction unless the caller holds one: the outer call owns it and commits or rolls back;
 * an inner call inside it owns nothing and leaves the outcome to the outer one. */
static void test_tx_nested(void **state)
{
    fx *f = *state;
    sg_store *s = open_store(f);
    sqlite3 *db = sg_store_db(s);
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE t (x INTEGER)", NULL, NULL, NULL), SQLITE_OK);
    bool outer = false, inner = true;
    assert_int_equal(sg_store_tx_begin(s, &outer, &e), SG_OK);
    assert_true(outer);
    assert_int_equal(sg_store_tx_begin(s, &inner, &e), SG_OK);
    assert_false(inner);
    assert_int_equal(sqlite3_exec(db, "INSERT INTO t VALUES (1)", NULL, NULL, NULL), SQLITE_OK);
    /* the inner failure is returned but does not end the outer transaction */
    assert_int_equal(sg_store_tx_end(s, inner, SG_EINVAL, &e), SG_EINVAL);
    assert_int_equal(sqlite3_get_autocommit(db), 0);
    assert_int_equal(sg_store_tx_end(s, outer, SG_OK, &e), SG_OK);
    assert_int_not_equal(sqlite3_get_autocommit(db), 0);
    /* an owned transaction that failed is rolled back */
    assert_int_equal(sg_store_tx_begin(s, &outer, &e), SG_OK);
    assert_int_equal(sqlite3_exec(db, "INSERT INTO t VALUES (2)", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sg_store_tx_end(s, outer, SG_EIO, &e), SG_EIO);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT group_concat(x) FROM t", -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "1");
    sqlite3_finalize(st);
}

/* A one-row lookup stepped once: a row, no row (err untouched) and a database error named. */
static void test_step_row(void **state)
{
    (void)state;
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "CREATE TABLE t (x INTEGER PRIMARY KEY); INSERT INTO t "
                                  "VALUES (1)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sg_error e;
    sg_error_clear(&e);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT x FROM t WHERE x = ?", -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_int(st, 1, 1);
    assert_int_equal(sg_store_step_row(st, "cannot read t", &e), SG_OK);
    assert_int_equal(sqlite3_column_int(st, 0), 1);
    sqlite3_reset(st);
    sqlite3_bind_int(st, 1, 2);
    assert_int_equal(sg_store_step_row(st, "cannot read t", &e), SG_ENOTFOUND);
    assert_int_equal(e.code, SG_OK);
    assert_string_equal(e.msg, "");
    sqlite3_finalize(st);
    assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO t VALUES (1)", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sg_store_step_row(st, "cannot add to t", &e), SG_EDB);
    assert_string_equal(e.msg, "cannot add to t: UNIQUE constraint failed: t.x");
    sqlite3_finalize(st);
    sqlite3_close(db);
}

/* A return's period: the three spellings, both sides of each limit (by hand). */
static void test_period_valid(void **state)
{
    (void)state;
    static const char *const good[] = {"2023-24", "1999-00", "1990-91", "2023-01", "2023-12",
                                       "2023-Q1", "2023-Q4", "1990-01", "2011-12"};
    static const char *const bad[] = {"2023-25", "2023-00",  "2023-13", "2023-Q0",     "2023-Q5",
                                      "2023-q1", "1989-90",  "1989-12", "R12-2024-05", "2023",
                                      "2023/24", "2023-24 ", "",        "23-24"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        if (!sg_period_valid(good[i])) fail_msg("%s should be valid", good[i]);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (sg_period_valid(bad[i])) fail_msg("%s should not be valid", bad[i]);
    assert_false(sg_period_valid(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_period_valid),
        cmocka_unit_test(test_step_row),
        cmocka_unit_test_setup_teardown(test_tx_nested, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_creates_layout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reopen_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_missing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refuse_newer_schema, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refuse_foreign_db_and_lost_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_submission_supersede_chain, setup, teardown),
        cmocka_unit_test_setup_teardown(test_submission_lookup_and_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_live_views_and_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_originals_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_originals_tamper, setup, teardown),
        cmocka_unit_test_setup_teardown(test_originals_checksum_mismatch, setup, teardown),
        cmocka_unit_test(test_export_cells),
        cmocka_unit_test_setup_teardown(test_export_csv, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

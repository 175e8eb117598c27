/* test_backup.c - store/backup.h and the upgrade path of store.c/schema.c: what a backup folder
 * holds and its MANIFEST says (sizes and SHA-256 computed here with libsodium directly), every
 * way restore refuses a backup (no MANIFEST, changed, missing, extra file, a path out of the
 * store, a newer schema, a foreign key that dangles, a failing extra check) leaving nothing
 * behind, and migrations: all pending ones in one transaction (a failing last migration leaves
 * the store at its old version with none of the earlier ones applied), a pre-upgrade backup
 * only when there is a schema to upgrade, and the refusal of a store newer than the code. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/version.h"
#include "store/backup.h"
#include "store/store.h"
#include "test_util.h"

#include <dirent.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct fx {
    char root[64];
    char store[256], dest[256], target[256];
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    snprintf(f->root, sizeof f->root, "/tmp/sg-backup-XXXXXX");
    if (!mkdtemp(f->root)) return -1;
    snprintf(f->store, sizeof f->store, "%s/store", f->root);
    snprintf(f->dest, sizeof f->dest, "%s/bk", f->root);
    snprintf(f->target, sizeof f->target, "%s/restored", f->root);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    tu_rm_rf(f->root);
    free(f);
    return 0;
}

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static void sha_hex(const char *path, char hex[65], long *size)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    unsigned char buf[4096], h[32];
    size_t n;
    *size = 0;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
        crypto_hash_sha256_update(&st, buf, n);
        *size += (long)n;
    }
    fclose(fp);
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(hex, 65, h, 32);
}

static void exec_db(const char *store, const char *sql)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/safeguard.db", store);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) fail_msg("%s: %s", sql, msg);
    sqlite3_close(db);
}

static int int_db(const char *store, const char *sql)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/safeguard.db", store);
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* A store with two kept originals and a stray in-progress temporary in originals/. */
static void make_store(fx *f)
{
    sg_error e;
    sg_error_clear(&e);
    sg_store *s = NULL;
    assert_int_equal(sg_store_open(f->store, true, &s, &e), SG_OK);
    const char *texts[] = {"first return\n", "second return, a little longer\n"};
    for (int i = 0; i < 2; i++) {
        char p[1024], hex[65];
        long size;
        snprintf(p, sizeof p, "%s/in%d.csv", f->root, i);
        write_file(p, texts[i]);
        sha_hex(p, hex, &size);
        char name[65]; /* originals are kept under the file's keyed digest */
        assert_int_equal(sg_store_keyed_digest(s, hex, name), SG_OK);
        assert_int_equal(sg_store_keep_original(s, p, name, &e), SG_OK);
    }
    assert_int_equal(sg_store_exec(s,
                                   "INSERT INTO target (indicator, year, target, file_name, "
                                   "line) VALUES ('cp_rate', 2024, 40, 't.csv', 1)",
                                   &e),
                     SG_OK);
    sg_store_close(s);
    char stray[1024];
    snprintf(stray, sizeof stray, "%s/originals/.abc.tmp-123456", f->store);
    write_file(stray, "half written");
    /* the published report, and a publish in progress */
    snprintf(stray, sizeof stray, "%s/published", f->store);
    assert_int_equal(mkdir(stray, 0700), 0);
    snprintf(stray, sizeof stray, "%s/published/report.html", f->store);
    write_file(stray, "<p>published</p>\n");
    snprintf(stray, sizeof stray, "%s/published/report.html.tmp", f->store);
    write_file(stray, "<p>half");
}

static int count_entries(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0) n++;
    closedir(d);
    return n;
}

static void test_backup_contents(void **state)
{
    fx *f = *state;
    make_store(f);
    sg_error e;
    sg_error_clear(&e);
    sg_backup_info info;
    assert_int_equal(sg_backup_dir(f->store, f->dest, &info, &e), SG_OK);
    assert_int_equal(info.files, 5); /* db, key, two originals, the report; no temporaries */
    assert_int_equal(info.originals, 2);
    assert_int_equal(info.schema_version, sg_schema_latest());

    char p[1024];
    snprintf(p, sizeof p, "%s/MANIFEST", f->dest);
    json_error_t je;
    json_t *m = json_load_file(p, 0, &je);
    assert_non_null(m);
    assert_string_equal(json_string_value(json_object_get(m, "format")), "safeguard-backup-1");
    assert_string_equal(json_string_value(json_object_get(m, "version")), sg_version());
    assert_int_equal(json_integer_value(json_object_get(m, "schema_version")), sg_schema_latest());
    assert_int_equal(strlen(json_string_value(json_object_get(m, "created_at"))), 20);
    json_t *files = json_object_get(m, "files");
    assert_int_equal(json_array_size(files), 5);
    assert_string_equal(json_string_value(json_object_get(json_array_get(files, 4), "path")),
                        "published/report.html");
    long total = 0;
    for (size_t i = 0; i < json_array_size(files); i++) {
        json_t *fe = json_array_get(files, i);
        const char *rel = json_string_value(json_object_get(fe, "path"));
        char fp[1024], hex[65];
        long size;
        snprintf(fp, sizeof fp, "%s/%s", f->dest, rel);
        sha_hex(fp, hex, &size);
        assert_string_equal(json_string_value(json_object_get(fe, "sha256")), hex);
        assert_int_equal(json_integer_value(json_object_get(fe, "size")), size);
        total += size;
        if (strncmp(rel, "originals/", 10) == 0) {
            /* the stored (encrypted) bytes, copied as they are */
            char orig[1024], ohex[65];
            long osize;
            snprintf(orig, sizeof orig, "%s/%s", f->store, rel);
            sha_hex(orig, ohex, &osize);
            assert_string_equal(ohex, hex);
        }
    }
    assert_int_equal(info.bytes, total);
    /* the key is copied byte for byte */
    char k1[1024], k2[1024], h1[65], h2[65];
    long s1, s2;
    snprintf(k1, sizeof k1, "%s/partnership.key", f->store);
    snprintf(k2, sizeof k2, "%s/partnership.key", f->dest);
    sha_hex(k1, h1, &s1);
    sha_hex(k2, h2, &s2);
    assert_string_equal(h1, h2);
    json_decref(m);
    /* the database is a self-contained file with the row in it, no -wal beside it */
    snprintf(p, sizeof p, "%s/safeguard.db-wal", f->dest);
    assert_int_not_equal(access(p, F_OK), 0);
    assert_int_equal(int_db(f->dest, "SELECT count(*) FROM target WHERE target = 40"), 1);
    /* nothing left beside it */
    assert_int_equal(count_entries(f->root, ".bk."), 0);
    struct stat st;
    assert_int_equal(stat(f->dest, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);

    /* a second backup into the same (now non-empty) folder is refused; an empty one is fine */
    assert_int_equal(sg_backup_dir(f->store, f->dest, NULL, &e), SG_ECONFLICT);
    assert_non_null(strstr(e.msg, "not empty"));
    char empty[512];
    snprintf(empty, sizeof empty, "%s/empty", f->root);
    assert_int_equal(mkdir(empty, 0700), 0);
    assert_int_equal(sg_backup_dir(f->store, empty, NULL, &e), SG_OK);
    snprintf(p, sizeof p, "%s/MANIFEST", empty);
    assert_int_equal(access(p, F_OK), 0);
    /* a file in the way, and a store that is not there */
    snprintf(p, sizeof p, "%s/in0.csv", f->root);
    assert_int_equal(sg_backup_dir(f->store, p, NULL, &e), SG_ECONFLICT);
    snprintf(p, sizeof p, "%s/nowhere", f->root);
    assert_int_equal(sg_backup_dir(p, f->target, NULL, &e), SG_ENOTFOUND);
    assert_int_not_equal(access(f->target, F_OK), 0);
}

static int check_calls;
static int check_ok(void *ctx, sg_store *s, sg_error *err)
{
    (void)err;
    check_calls++;
    /* the restored store is open, unmigrated, with the row in it */
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(sg_store_db(s), "SELECT count(*) FROM target", -1, &st, NULL);
    sqlite3_step(st);
    *(int *)ctx = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return SG_OK;
}

static int check_fails(void *ctx, sg_store *s, sg_error *err)
{
    (void)ctx;
    (void)s;
    check_calls++;
    return sg_err(err, SG_ECONFLICT, "the audit trail does not verify (test)");
}

static void test_restore_roundtrip(void **state)
{
    fx *f = *state;
    make_store(f);
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_backup_dir(f->store, f->dest, NULL, &e), SG_OK);
    assert_int_equal(sg_backup_verify(f->dest, NULL, &e), SG_OK);
    int rows = -1;
    check_calls = 0;
    sg_backup_info info;
    assert_int_equal(sg_restore(f->dest, f->target, check_ok, &rows, &info, &e), SG_OK);
    assert_int_equal(check_calls, 1);
    assert_int_equal(rows, 1);
    assert_int_equal(info.files, 5);
    char rep[1024];
    snprintf(rep, sizeof rep, "%s/published/report.html", f->target);
    FILE *rp = fopen(rep, "rb");
    assert_non_null(rp);
    char line[64] = {0};
    assert_non_null(fgets(line, sizeof line, rp));
    assert_string_equal(line, "<p>published</p>\n");
    fclose(rp);
    snprintf(rep, sizeof rep, "%s/published/report.html.tmp", f->target);
    assert_int_not_equal(access(rep, F_OK), 0);
    /* a working store: opens, the originals decrypt with the restored key */
    sg_store *s = NULL;
    assert_int_equal(sg_store_open(f->target, false, &s, &e), SG_OK);
    FILE *fp = NULL;
    char p[1024], hex[65];
    long size;
    snprintf(p, sizeof p, "%s/in1.csv", f->root);
    sha_hex(p, hex, &size);
    char name[65];
    assert_int_equal(sg_store_keyed_digest(s, hex, name), SG_OK);
    assert_int_equal(sg_store_open_original(s, name, &fp, &e), SG_OK);
    char buf[64] = {0};
    assert_non_null(fgets(buf, sizeof buf, fp));
    assert_string_equal(buf, "second return, a little longer\n");
    fclose(fp);
    sg_store_close(s);
    assert_int_equal(count_entries(f->root, ".restored."), 0);
    /* not into a store that has something in it */
    assert_int_equal(sg_restore(f->dest, f->target, NULL, NULL, NULL, &e), SG_ECONFLICT);
    assert_non_null(strstr(e.msg, "not empty"));
}

/* Runs a restore that must fail with code and an error naming `names` (a path fragment). */
static void refused(fx *f, int code, const char *names)
{
    sg_error e;
    sg_error_clear(&e);
    int rc = sg_restore(f->dest, f->target, NULL, NULL, NULL, &e);
    char msg[1024];
    sg_error_format(&e, msg, sizeof msg);
    if (rc != code || !strstr(msg, names))
        fail_msg("wanted %d naming '%s', got %d: %s", code, names, rc, msg);
    assert_int_not_equal(access(f->target, F_OK), 0);          /* nothing restored */
    assert_int_equal(count_entries(f->root, ".restored."), 0); /* nothing left over */
    /* --check (the MANIFEST alone) finds it too, unless the files match a lying MANIFEST */
    if (!strstr(names, "foreign_key"))
        assert_int_not_equal(sg_backup_verify(f->dest, NULL, &e), SG_OK);
}

static void backup_fresh(fx *f)
{
    tu_rm_rf(f->dest);
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_backup_dir(f->store, f->dest, NULL, &e), SG_OK);
}

/* The name of the first original in the backup. */
static void first_original(fx *f, char *out, size_t outsz)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/originals", f->dest);
    DIR *d = opendir(p);
    assert_non_null(d);
    struct dirent *e;
    out[0] = '\0';
    while ((e = readdir(d)))
        if (e->d_name[0] != '.') {
            snprintf(out, outsz, "%s/originals/%s", f->dest, e->d_name);
            break;
        }
    closedir(d);
    assert_true(out[0]);
}

/* Rewrites the backup's MANIFEST through fn (to fake a consistent but wrong backup). */
static void edit_manifest(fx *f, void (*fn)(json_t *m))
{
    char p[1024];
    snprintf(p, sizeof p, "%s/MANIFEST", f->dest);
    json_error_t je;
    json_t *m = json_load_file(p, 0, &je);
    assert_non_null(m);
    fn(m);
    assert_int_equal(json_dump_file(m, p, 0), 0);
    json_decref(m);
}

static void traversal(json_t *m)
{
    json_t *first = json_array_get(json_object_get(m, "files"), 3);
    json_object_set_new(first, "path", json_string("originals/../../escape"));
}

static void schema_up(json_t *m)
{
    json_object_set_new(m, "schema_version", json_integer(sg_schema_latest() + 1));
}

static void drop_key(json_t *m)
{
    json_t *files = json_object_get(m, "files");
    for (size_t i = 0; i < json_array_size(files); i++)
        if (strcmp(json_string_value(json_object_get(json_array_get(files, i), "path")),
                   "partnership.key") == 0)
            json_array_remove(files, i);
}

/* After the database was changed: the MANIFEST states its new size and checksum. */
static char db_hex[65];
static long db_size;
static void db_resum(json_t *m)
{
    json_t *files = json_object_get(m, "files");
    for (size_t i = 0; i < json_array_size(files); i++) {
        json_t *fe = json_array_get(files, i);
        if (strcmp(json_string_value(json_object_get(fe, "path")), "safeguard.db") == 0) {
            json_object_set_new(fe, "sha256", json_string(db_hex));
            json_object_set_new(fe, "size", json_integer(db_size));
        }
    }
}

static void test_restore_refusals(void **state)
{
    fx *f = *state;
    make_store(f);
    char p[1024], orig[1024];

    backup_fresh(f);
    snprintf(p, sizeof p, "%s/MANIFEST", f->dest);
    unlink(p);
    refused(f, SG_EPARSE, "no MANIFEST");

    backup_fresh(f); /* one flipped bit in an encrypted original */
    first_original(f, orig, sizeof orig);
    FILE *fp = fopen(orig, "r+b");
    assert_non_null(fp);
    fseek(fp, 40, SEEK_SET);
    int c = fgetc(fp);
    fseek(fp, 40, SEEK_SET);
    fputc(c ^ 1, fp);
    fclose(fp);
    refused(f, SG_ECONFLICT, orig);
    refused(f, SG_ECONFLICT, "SHA-256 differs");

    backup_fresh(f); /* same size, other bytes: the key */
    snprintf(p, sizeof p, "%s/partnership.key", f->dest);
    fp = fopen(p, "r+b");
    fputc('f', fp);
    fputc('0', fp);
    fclose(fp);
    refused(f, SG_ECONFLICT, "partnership.key");

    backup_fresh(f); /* a byte appended */
    first_original(f, orig, sizeof orig);
    fp = fopen(orig, "ab");
    fputc('x', fp);
    fclose(fp);
    refused(f, SG_ECONFLICT, "differs from the MANIFEST");

    backup_fresh(f);
    first_original(f, orig, sizeof orig);
    unlink(orig);
    refused(f, SG_ECONFLICT, orig);
    refused(f, SG_ECONFLICT, "missing");

    backup_fresh(f);
    snprintf(p, sizeof p, "%s/originals/0000extra", f->dest);
    write_file(p, "not in the manifest");
    refused(f, SG_ECONFLICT, "originals/0000extra");
    refused(f, SG_ECONFLICT, "extra file");

    backup_fresh(f);
    snprintf(p, sizeof p, "%s/notes.txt", f->dest);
    write_file(p, "x");
    refused(f, SG_ECONFLICT, "notes.txt");

    backup_fresh(f); /* a hidden file in originals/ is extra too */
    snprintf(p, sizeof p, "%s/originals/.hidden", f->dest);
    write_file(p, "x");
    refused(f, SG_ECONFLICT, ".hidden");

    backup_fresh(f);
    snprintf(p, sizeof p, "%s/published/old.html", f->dest);
    write_file(p, "x");
    refused(f, SG_ECONFLICT, "published/old.html");

    backup_fresh(f);
    edit_manifest(f, traversal);
    refused(f, SG_EPARSE, "is not a file of a store");

    backup_fresh(f);
    edit_manifest(f, drop_key);
    refused(f, SG_EPARSE, "partnership.key is not listed");

    backup_fresh(f);
    edit_manifest(f, schema_up);
    refused(f, SG_ECONFLICT, "newer safeguard release");

    backup_fresh(f);
    snprintf(p, sizeof p, "%s/MANIFEST", f->dest);
    write_file(p, "{\"format\": \"safeguard-backup-1\", ");
    refused(f, SG_EPARSE, "not valid JSON");

    /* consistent with its MANIFEST but a row refers to a submission that does not exist */
    backup_fresh(f);
    exec_db(f->dest, "PRAGMA foreign_keys = OFF; INSERT INTO child (id) VALUES (7); "
                     "INSERT INTO contact (submission_id, child_id, line) VALUES (999, 7, 1);");
    snprintf(p, sizeof p, "%s/safeguard.db", f->dest);
    sha_hex(p, db_hex, &db_size);
    edit_manifest(f, db_resum);
    refused(f, SG_ECONFLICT, "foreign_key_check");

    /* the caller's check (the audit chain, in the CLI) refuses too */
    backup_fresh(f);
    sg_error e;
    sg_error_clear(&e);
    check_calls = 0;
    assert_int_equal(sg_restore(f->dest, f->target, check_fails, NULL, NULL, &e), SG_ECONFLICT);
    assert_int_equal(check_calls, 1);
    assert_non_null(strstr(e.msg, "audit trail"));
    assert_int_not_equal(access(f->target, F_OK), 0);
    assert_int_equal(count_entries(f->root, ".restored."), 0);
    /* and with nothing wrong it restores */
    assert_int_equal(sg_restore(f->dest, f->target, NULL, NULL, NULL, &e), SG_OK);
}

/* ---- migrations ---- */

/* Puts the store back to schema 4: migrations 5 (target, comparator), 6 (access), 10
 * (setting), 12 (partner_value), 13 (return_receipt) and 14 (return_refusal) undone; 7 to 9
 * change only columns of those tables or data. */
static void downgrade_to_4(fx *f)
{
    exec_db(f->store, "DROP TABLE return_refusal; DROP TABLE return_receipt; "
                      "DROP VIEW live_partner_value; DROP TABLE partner_value; "
                      "DROP TABLE setting; DROP TABLE target; DROP TABLE comparator; "
                      "DROP TABLE session; DROP TABLE audit_log; DROP TABLE audit_head; "
                      "DROP TABLE account; "
                      "PRAGMA user_version = 4;");
}

static void test_migrations_one_transaction(void **state)
{
    fx *f = *state;
    sg_error e;
    sg_error_clear(&e);
    sg_store *s = NULL;
    assert_int_equal(sg_store_open(f->store, true, &s, &e), SG_OK);
    sg_store_close(s);
    char backups[512];
    snprintf(backups, sizeof backups, "%s/backups", f->store);
    assert_int_not_equal(access(backups, F_OK), 0); /* a new store: nothing to back up */
    assert_int_equal(sg_store_open(f->store, false, &s, &e), SG_OK);
    sg_store_close(s);
    assert_int_not_equal(access(backups, F_OK), 0); /* up to date: nothing to back up */

    downgrade_to_4(f);
    char prefix[64]; /* the backup is named by the versions from and to */
    snprintf(prefix, sizeof prefix, "pre-upgrade-v4-to-v%d-", sg_schema_latest());
    /* Migration 6 will fail: an object of the name it creates is in the way. */
    exec_db(f->store, "CREATE TABLE account (x INTEGER) STRICT;");
    assert_int_equal(sg_store_open(f->store, false, &s, &e), SG_EDB);
    assert_null(s);
    assert_non_null(strstr(e.msg, "migration 6 failed"));
    assert_int_equal(int_db(f->store, "PRAGMA user_version"), 4);
    /* migration 5 ran before 6 failed, and was rolled back with it */
    assert_int_equal(int_db(f->store, "SELECT count(*) FROM sqlite_schema WHERE name = 'target'"),
                     0);
    assert_int_equal(count_entries(backups, prefix), 1);

    exec_db(f->store, "DROP TABLE account;");
    assert_int_equal(sg_store_open(f->store, false, &s, &e), SG_OK);
    assert_int_equal(sg_store_schema_version(s), sg_schema_latest());
    sg_store_close(s);
    assert_int_equal(int_db(f->store, "SELECT count(*) FROM sqlite_schema WHERE name IN "
                                      "('target', 'comparator', 'account', 'audit_head')"),
                     4);
    /* the retry took a second backup beside the first, even within the same second */
    assert_int_equal(count_entries(backups, prefix), 2);
    /* which is the store as it was: schema 4, restorable, and not upgraded by restoring */
    DIR *d = opendir(backups);
    struct dirent *de;
    char one[1024] = "";
    while ((de = readdir(d)))
        if (strncmp(de->d_name, "pre-upgrade-", 12) == 0)
            snprintf(one, sizeof one, "%s/%s", backups, de->d_name);
    closedir(d);
    assert_true(strlen(one) < sizeof f->dest);
    memcpy(f->dest, one, strlen(one) + 1);
    sg_backup_info info;
    assert_int_equal(sg_backup_verify(f->dest, &info, &e), SG_OK);
    assert_int_equal(info.schema_version, 4);
    assert_int_equal(sg_restore(f->dest, f->target, NULL, NULL, NULL, &e), SG_OK);
    assert_int_equal(int_db(f->target, "PRAGMA user_version"), 4);
    assert_int_equal(int_db(f->target, "SELECT count(*) FROM sqlite_schema WHERE name = 'target'"),
                     0);
    char nested[1024];
    snprintf(nested, sizeof nested, "%s/backups", f->target);
    assert_int_not_equal(access(nested, F_OK), 0); /* backups are not backed up */
}

static void test_refuse_newer_store(void **state)
{
    fx *f = *state;
    sg_error e;
    sg_error_clear(&e);
    sg_store *s = NULL;
    assert_int_equal(sg_store_open(f->store, true, &s, &e), SG_OK);
    sg_store_close(s);
    char sql[64], want[160];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", sg_schema_latest() + 3);
    exec_db(f->store, sql);
    for (unsigned flags = 0; flags <= SG_STORE_NO_MIGRATE; flags += SG_STORE_NO_MIGRATE) {
        assert_int_equal(sg_store_open_flags(f->store, flags, &s, &e), SG_ECONFLICT);
        snprintf(want, sizeof want,
                 "the store has schema version %d but this safeguard (release %s) only knows "
                 "schema versions up to %d: install a newer safeguard release",
                 sg_schema_latest() + 3, sg_version(), sg_schema_latest());
        assert_non_null(strstr(e.msg, want));
    }
    assert_int_equal(int_db(f->store, "PRAGMA user_version"), sg_schema_latest() + 3);
    char backups[512];
    snprintf(backups, sizeof backups, "%s/backups", f->store);
    assert_int_not_equal(access(backups, F_OK), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_backup_contents, setup, teardown),
        cmocka_unit_test_setup_teardown(test_restore_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_restore_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migrations_one_transaction, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refuse_newer_store, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

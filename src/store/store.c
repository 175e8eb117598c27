/* store.c - opening and closing the store directory (database, partnership key, originals/),
 * transactions, and the record counts used by the CLI summary and tests.
 *
 * The directory layout and the connection settings are the store's promises to the rest of
 * the system: WAL so readers (the web service) never block the importer, foreign keys on so a
 * parent link can never dangle, synchronous=NORMAL (durable at each checkpoint, safe against
 * corruption under WAL), and files created 0600/0700 because they hold data about children.
 * Opening a store of an older schema backs it up (backups/pre-upgrade-...) and migrates it. */
#include "store/store.h"

#include "core/mem.h"
#include "store/backup.h"
#include "store/upload.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DIR_MAX 3072 /* leaves room for "/originals/.k-<digest>.tmp-XXXXXX" within PATH_MAX */

struct sg_store {
    sqlite3 *db;
    sg_pseudo pseudo;
    char *dir;
};

sqlite3 *sg_store_db(sg_store *s)
{
    return s->db;
}

const sg_pseudo *sg_store_pseudo(const sg_store *s)
{
    return &s->pseudo;
}

const char *sg_store_dir(const sg_store *s)
{
    return s->dir;
}

static bool exists(const char *path, bool *is_dir)
{
    struct stat st;
    if (stat(path, &st) != 0) return false;
    if (is_dir) *is_dir = S_ISDIR(st.st_mode);
    return true;
}

/* Creates path as a private directory unless it already is a directory. */
static int ensure_dir(const char *path, sg_error *err)
{
    bool is_dir = false;
    if (exists(path, &is_dir)) {
        if (!is_dir) return sg_err(err, SG_EIO, "%s exists and is not a directory", path);
        return SG_OK;
    }
    if (mkdir(path, 0700) != 0 && errno != EEXIST)
        return sg_err(err, SG_EIO, "cannot create directory %s: %s", path, strerror(errno));
    return SG_OK;
}

/* Runs a statement whose first column is one integer, with an optional int64 parameter. */
static int query_long(sqlite3 *db, const char *sql, const int64_t *param, long *out, sg_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot count");
    if (param) sqlite3_bind_int64(st, 1, *param);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = (long)sqlite3_column_int64(st, 0);
        rc = SG_OK;
    } else {
        rc = sg_store_dberr(db, err, "cannot count");
    }
    sqlite3_finalize(st);
    return rc;
}

static int configure(sqlite3 *db, sg_error *err)
{
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, 10000);
    /* journal_mode answers with the mode in force: anything but "wal" (e.g. a file system
     * without shared memory) would silently lose the concurrency the web service relies on. */
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot open the database");
    int rc = sqlite3_step(st);
    const char *mode = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
    bool wal = mode && strcmp(mode, "wal") == 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW) return sg_store_dberr(db, err, "cannot switch the database to WAL");
    if (!wal) return sg_err(err, SG_EDB, "the database cannot use write-ahead logging here");
    char *msg = NULL;
    if (sqlite3_exec(db,
                     "PRAGMA foreign_keys = ON;"
                     "PRAGMA synchronous = NORMAL;"
                     "PRAGMA trusted_schema = OFF;"
                     "PRAGMA cache_size = -32768;", /* 32 MiB: keeps import index pages hot */
                     NULL, NULL, &msg) != SQLITE_OK) {
        sg_err(err, SG_EDB, "cannot configure the database: %s", msg ? msg : "?");
        sqlite3_free(msg);
        return SG_EDB;
    }
    return SG_OK;
}

/* Before migrating a store that has a schema: a full backup into
 * STORE/backups/pre-upgrade-v<from>-to-v<to>-<UTC time>/. Runs inside the migration's write
 * transaction (nothing written yet), reading through a connection of its own, so the backup is
 * exactly the store as the old release left it and nobody can change it meanwhile. */
static int pre_upgrade_backup(void *ctx, int from, int to, sg_error *err)
{
    const char *dir = ctx;
    char backups[DIR_MAX + 64], dest[DIR_MAX + 128], stamp[32];
    snprintf(backups, sizeof backups, "%s/backups", dir);
    int rc = ensure_dir(backups, err);
    if (rc) return rc;
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    snprintf(dest, sizeof dest, "%s/pre-upgrade-v%d-to-v%d-%s", backups, from, to, stamp);
    /* A retried upgrade within the same second (the first one failed) keeps both backups. */
    for (int n = 2; exists(dest, NULL) && n < 100; n++)
        snprintf(dest, sizeof dest, "%s/pre-upgrade-v%d-to-v%d-%s-%d", backups, from, to, stamp, n);
    sg_error inner;
    sg_error_clear(&inner);
    if ((rc = sg_backup_dir(dir, dest, NULL, &inner))) {
        char why[768];
        sg_error_format(&inner, why, sizeof why);
        return sg_err(err, rc,
                      "the store was not upgraded from schema %d to %d because the backup "
                      "before the upgrade failed: %s",
                      from, to, why);
    }
    return SG_OK;
}

/* sg_keyed_digest(sha256 hex) for migration 8, which turns the stored plaintext SHA-256s into
 * keyed digests: registered only while migrations run, and never callable from the schema. */
static void keyed_digest_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *in = (const char *)sqlite3_value_text(argv[0]);
    char out[65];
    if (!in || sg_store_keyed_digest(sqlite3_user_data(ctx), in, out) != SG_OK) {
        sqlite3_result_error(ctx, "sg_keyed_digest: not a SHA-256 in hex", -1);
        return;
    }
    sqlite3_result_text(ctx, out, 64, SQLITE_TRANSIENT);
}

/* Runs the pending migrations with what they need from the store: the keyed digest function, and
 * secure_delete so that the cells and index entries migration 8 rewrites do not keep the old
 * digests in free space; then the WAL is checkpointed and truncated so that it does not either
 * (best effort: a reader in another process can keep old frames until it ends). */
static int migrate(sg_store *s, sg_error *err)
{
    int before = sg_store_schema_version(s);
    if (before >= sg_schema_latest())
        return sg_schema_migrate(s->db, pre_upgrade_backup, s->dir, err);
    sqlite3_create_function_v2(s->db, "sg_keyed_digest", 1,
                               SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, s,
                               keyed_digest_fn, NULL, NULL, NULL);
    sqlite3_exec(s->db, "PRAGMA secure_delete = ON", NULL, NULL, NULL);
    int rc = sg_schema_migrate(s->db, pre_upgrade_backup, s->dir, err);
    sqlite3_exec(s->db, "PRAGMA secure_delete = OFF", NULL, NULL, NULL);
    sqlite3_create_function_v2(s->db, "sg_keyed_digest", 1, SQLITE_UTF8, NULL, NULL, NULL, NULL,
                               NULL);
    if (!rc && before > 0) sqlite3_exec(s->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
    return rc;
}

int sg_store_open(const char *dir, bool create, sg_store **out, sg_error *err)
{
    return sg_store_open_flags(dir, create ? SG_STORE_CREATE : 0, out, err);
}

int sg_store_open_flags(const char *dir, unsigned flags, sg_store **out, sg_error *err)
{
    bool create = flags & SG_STORE_CREATE;
    *out = NULL;
    if (!dir || !*dir) return sg_err(err, SG_EINVAL, "no store directory given");
    if (strlen(dir) > DIR_MAX) return sg_err(err, SG_ELIMIT, "store directory path is too long");
    char db_path[DIR_MAX + 64], key_path[DIR_MAX + 64], orig_path[DIR_MAX + 64];
    snprintf(db_path, sizeof db_path, "%s/safeguard.db", dir);
    snprintf(key_path, sizeof key_path, "%s/partnership.key", dir);
    snprintf(orig_path, sizeof orig_path, "%s/originals", dir);

    bool is_dir = false;
    if (!exists(dir, &is_dir)) {
        if (!create)
            return sg_err(err, SG_ENOTFOUND, "no store at %s (create one with 'safeguard init')",
                          dir);
        int rc = ensure_dir(dir, err);
        if (rc) return rc;
    } else if (!is_dir) {
        return sg_err(err, SG_EIO, "%s is not a directory", dir);
    }

    bool have_db = exists(db_path, NULL), have_key = exists(key_path, NULL);
    if (!have_db && !create)
        return sg_err(err, SG_ENOTFOUND, "no store at %s (create one with 'safeguard init')", dir);
    /* A fresh key beside existing data would make every new pseudonym unlinkable to the old
     * ones; the only right move is to restore the key from backup. */
    if (have_db && !have_key)
        return sg_err(err, SG_ECONFLICT,
                      "the store %s has a database but no partnership.key: restore the key file "
                      "from your backup (pseudonyms cannot be recomputed without it)",
                      dir);
    int rc = ensure_dir(orig_path, err);
    if (rc) return rc;
    if (!have_db) {
        /* Created here so it is private from the start (SQLite would use 0644); SQLite gives the
         * -wal and -shm files the same mode. */
        int fd = open(db_path, O_WRONLY | O_CREAT | O_EXCL, 0600);
        if (fd < 0 && errno != EEXIST)
            return sg_err(err, SG_EIO, "cannot create %s: %s", db_path, strerror(errno));
        if (fd >= 0) close(fd);
    }

    sg_store *s = xcalloc(1, sizeof *s);
    s->dir = xstrdup(dir);
    if ((rc = sg_pseudo_open(&s->pseudo, key_path, err))) goto fail;
    if (sqlite3_open_v2(db_path, &s->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        rc = sg_store_dberr(s->db, err, "cannot open the database");
        goto fail;
    }
    if ((rc = configure(s->db, err))) goto fail;
    if (flags & SG_STORE_NO_MIGRATE) {
        int version = 0;
        rc = sg_schema_check(s->db, &version, err);
    } else {
        rc = migrate(s, err);
    }
    if (rc) goto fail;
    /* Cheap (one directory listing) and safe while another process uploads: its files have no
     * name. Best effort: a file that cannot be removed must not keep the store from opening. */
    (void)sg_upload_sweep(dir, NULL, NULL);
    /* Best effort, never a reason to refuse the store: an original that cannot be renamed stays
     * readable under its old name, and a sweep that fails now is done at the next open. */
    sg_store_originals_upgrade(s, NULL, NULL);
    sg_store_sweep_temps(s, NULL, NULL);
    *out = s;
    return SG_OK;
fail:
    sg_store_close(s);
    return rc;
}

void sg_store_close(sg_store *s)
{
    if (!s) return;
    if (s->db) sqlite3_close_v2(s->db);
    sg_pseudo_fini(&s->pseudo);
    free(s->dir);
    free(s);
}

int sg_store_schema_version(sg_store *s)
{
    long v = -1;
    if (query_long(s->db, "PRAGMA user_version", NULL, &v, NULL)) return -1;
    return (int)v;
}

int sg_store_exec(sg_store *s, const char *sql, sg_error *err)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) == SQLITE_OK) return SG_OK;
    sg_err(err, SG_EDB, "database error: %s", msg ? msg : sqlite3_errmsg(s->db));
    sqlite3_free(msg);
    return SG_EDB;
}

int sg_store_begin(sg_store *s, sg_error *err)
{
    if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return sg_store_dberr(s->db, err, "cannot start a transaction");
    return SG_OK;
}

int sg_store_commit(sg_store *s, sg_error *err)
{
    if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        int rc = sg_store_dberr(s->db, err, "cannot commit");
        sg_store_rollback(s);
        return rc;
    }
    return SG_OK;
}

void sg_store_rollback(sg_store *s)
{
    if (!sqlite3_get_autocommit(s->db)) sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

int sg_store_tx_begin(sg_store *s, bool *owned, sg_error *err)
{
    *owned = sqlite3_get_autocommit(s->db) != 0;
    return *owned ? sg_store_begin(s, err) : SG_OK;
}

int sg_store_tx_end(sg_store *s, bool owned, int rc, sg_error *err)
{
    if (!owned) return rc;
    if (rc) {
        sg_store_rollback(s);
        return rc;
    }
    rc = sg_store_commit(s, err);
    if (rc) sg_store_rollback(s);
    return rc;
}

int sg_store_count(sg_store *s, sg_rec_type t, long *out, sg_error *err)
{
    *out = 0;
    const char *table = sg_store_table(t);
    if (!table) return sg_err(err, SG_EINVAL, "unknown record type %d", (int)t);
    char sql[128];
    if (t == SG_REC_CHILD)
        snprintf(sql, sizeof sql, "SELECT count(DISTINCT child_id) FROM live_child_detail");
    else
        snprintf(sql, sizeof sql, "SELECT count(*) FROM live_%s", table);
    return query_long(s->db, sql, NULL, out, err);
}

int sg_store_count_rejected(sg_store *s, long *out, sg_error *err)
{
    *out = 0;
    return query_long(s->db, "SELECT count(*) FROM live_rejected_row", NULL, out, err);
}

int sg_store_count_submission(sg_store *s, int64_t sub, sg_rec_type t, long *out, sg_error *err)
{
    *out = 0;
    const char *table = sg_store_table(t);
    if (!table) return sg_err(err, SG_EINVAL, "unknown record type %d", (int)t);
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE submission_id = ?1", table);
    return query_long(s->db, sql, &sub, out, err);
}

int sg_store_step_row(sqlite3_stmt *st, const char *what, sg_error *err)
{
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) return SG_OK;
    if (step == SQLITE_DONE) return SG_ENOTFOUND;
    return sg_store_dberr(sqlite3_db_handle(st), err, what);
}

void sg_store_col_text(sqlite3_stmt *st, int i, char *dst, size_t dstsz)
{
    const unsigned char *v = sqlite3_column_text(st, i);
    sg_strlcpy(dst, v ? (const char *)v : "", dstsz);
}

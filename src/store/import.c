/* import.c - the import driver: each file is checksummed, checked against earlier imports,
 * given to the importer for its format with a sink into the store, and recorded as a
 * submission with its original kept. All files of one call share one transaction, so an
 * import lands whole or not at all - including when the process is killed part-way (SQLite's
 * journal rolls the store back on the next open). */
#include "store/import.h"
#include "store/return_receipt.h"
#include "store/setting.h"

#include "core/digest.h"
#include "core/file.h"
#include "core/mem.h"
#include "core/period.h"
#include "core/str.h"
#include "ingest/ingest.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Fault-injection hook for the atomicity test (as SQLite's own tests inject faults): when the
 * environment names a marker file in SG_TEST_HOLD_BEFORE_COMMIT, the driver creates it once
 * every row is written and waits, before COMMIT, while the file exists (at most 60 s). The test
 * kills the process during that wait, or earlier, and so always before the commit. */
static void hold_before_commit(void)
{
    sg_test_hold(getenv("SG_TEST_HOLD_BEFORE_COMMIT"));
}

/* ---- bulk loading ----
 * A large import into tables that are still empty (a new store, a first national return) is
 * dominated by keeping their secondary indexes up to date row by row: each index is a B-tree in
 * a different order from the rows, so every insert touches a random page of each, and once the
 * indexes outgrow the page cache that is random I/O. Such imports drop those indexes inside the
 * transaction and build them again, by sorting, before validation and COMMIT; a rollback
 * (or a kill) restores them with everything else. The page cache is also enlarged for the
 * import (the process's memory stays well under the 256 MB budget of bench/README.md). */

#define BULK_MIN_BYTES (4LL << 20) /* smaller imports keep their indexes: nothing to gain */
#define BULK_CACHE_KIB 65536       /* page cache during an import (default: 32 MiB) */
#define MAX_DEFERRED 128

typedef struct bulk {
    char *sql[MAX_DEFERRED]; /* CREATE INDEX statements to run again, as the schema holds them */
    int late[MAX_DEFERRED];  /* 1: an index of the finding table, which validation fills */
    int n;
    long cache; /* the cache_size to restore */
} bulk;

static long long file_bytes(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long long)st.st_size : 0;
}

static int exec(sqlite3 *db, const char *sql, sg_error *err)
{
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot prepare the store for a bulk import");
    return SG_OK;
}

/* Inside the open transaction: a larger cache, and the secondary indexes of empty tables
 * dropped when the files come to bytes or more. */
static int bulk_begin(sg_store *s, bulk *b, long long bytes, sg_error *err)
{
    memset(b, 0, sizeof *b);
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    b->cache = 0;
    if (sqlite3_prepare_v2(db, "PRAGMA cache_size", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        b->cache = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA cache_size = -%d", BULK_CACHE_KIB);
    if (b->cache && b->cache > -BULK_CACHE_KIB && b->cache < BULK_CACHE_KIB / 4) {
        int rc = exec(db, pragma, err);
        if (rc) return rc;
    } else {
        b->cache = 0; /* already large: leave it */
    }
    if (bytes < BULK_MIN_BYTES) return SG_OK;
    /* Indexes the schema created (sql not NULL: not a primary key or UNIQUE constraint's own)
     * on tables with no row yet. */
    if (sqlite3_prepare_v2(
            db,
            "SELECT i.name, i.tbl_name, i.sql FROM sqlite_schema i WHERE i.type = 'index' AND "
            "i.sql IS NOT NULL AND i.tbl_name IN (SELECT name FROM sqlite_schema "
            "WHERE type = 'table' AND name NOT LIKE 'sqlite_%') ORDER BY i.name",
            -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot read the store's indexes");
    char names[MAX_DEFERRED][64], tbls[MAX_DEFERRED][64];
    int n = 0, r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW && n < MAX_DEFERRED) {
        sg_strlcpy(names[n], (const char *)sqlite3_column_text(st, 0), sizeof names[n]);
        sg_strlcpy(tbls[n], (const char *)sqlite3_column_text(st, 1), sizeof tbls[n]);
        b->sql[n] = xstrdup((const char *)sqlite3_column_text(st, 2));
        n++;
    }
    sqlite3_finalize(st);
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        return sg_store_dberr(db, err, "cannot read the store's indexes");
    int rc = SG_OK;
    for (int i = 0; i < n; i++) {
        char *sql = b->sql[i];
        b->sql[i] = NULL;
        char q[192];
        int empty = 0;
        snprintf(q, sizeof q, "SELECT NOT EXISTS (SELECT 1 FROM \"%s\")", tbls[i]);
        if (sqlite3_prepare_v2(db, q, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
            empty = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
        if (!empty) {
            free(sql);
            continue;
        }
        snprintf(q, sizeof q, "DROP INDEX \"%s\"", names[i]);
        if ((rc = exec(db, q, err))) {
            free(sql);
            break;
        }
        b->late[b->n] = strcmp(tbls[i], "finding") == 0;
        b->sql[b->n++] = sql;
    }
    return rc;
}

/* Builds the dropped indexes again: late = 0 those of the record tables (before validation
 * reads them), late = 1 the findings' (after validation has written them). */
static int bulk_indexes(sg_store *s, bulk *b, int late, sg_error *err)
{
    int rc = SG_OK;
    for (int i = 0; i < b->n; i++) {
        if (!b->sql[i] || b->late[i] != late) continue;
        if (!rc) rc = exec(sg_store_db(s), b->sql[i], err);
        free(b->sql[i]);
        b->sql[i] = NULL;
    }
    return rc;
}

/* After COMMIT or ROLLBACK: the usual cache again; frees what is left. */
static void bulk_end(sg_store *s, bulk *b)
{
    for (int i = 0; i < b->n; i++) {
        free(b->sql[i]);
        b->sql[i] = NULL;
    }
    b->n = 0;
    if (b->cache) {
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA cache_size = %ld", b->cache);
        sqlite3_exec(sg_store_db(s), pragma, NULL, NULL, NULL);
    }
}

/* The supersede guard's refusal (drop_check below decided): the first file whose drop is more
 * than allowed and not confirmed fails the whole import, naming the file, the submission it
 * would replace and both counts. */
static int drop_refuse(sg_store *s, const sg_import_opts *opts, sg_import_file_result *results,
                       int n, sg_error *err)
{
    for (int i = 0; i < n; i++) {
        sg_import_file_result *r = &results[i];
        if (r->duplicate || !r->drop_over || r->drop_confirmed) continue;
        r->drop_refused = 1;
        sg_submission old;
        sg_error ignore;
        if (sg_submission_get(s, r->replaces, &old, &ignore) != SG_OK) memset(&old, 0, sizeof old);
        long long pct = opts->max_drop_pct ? opts->max_drop_pct : SG_IMPORT_MAX_DROP;
        return sg_err_at(
            err, SG_ECONFLICT, r->file, 0, 0, NULL,
            "this return has %ld accepted rows and would replace submission %lld "
            "(%s %s %s), which has %ld: a drop of %.2f%%, more than the %lld%% "
            "allowed; nothing was imported. If the smaller return is right, "
            "confirm the replacement (import --confirm-replace, or the upload "
            "form's box)",
            r->new_rows, (long long)r->replaces, old.agency, old.period, old.format,
            r->replaced_rows,
            100.0 * (double)(r->replaced_rows - r->new_rows) / (double)r->replaced_rows, pct);
    }
    return SG_OK;
}

/* Ends an import's transaction: the deferred indexes, the caller's pre-commit step
 * (validation, which may refuse the import), the test hold, then COMMIT. On error the caller
 * rolls back. */
static int finish_transaction(sg_store *s, const sg_import_opts *opts, bulk *b,
                              sg_import_file_result *results, int n, sg_error *err)
{
    int rc = bulk_indexes(s, b, 0, err);
    if (rc) return rc;
    /* the rows are in: validation gets the memory the larger cache held */
    if (b->cache) {
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA cache_size = %ld", b->cache);
        sqlite3_exec(sg_store_db(s), pragma, NULL, NULL, NULL);
        b->cache = 0;
    }
    if (opts->before_commit) rc = opts->before_commit(opts->before_commit_ctx, s, results, n, err);
    if (!rc) rc = drop_refuse(s, opts, results, n, err);
    if (!rc) rc = bulk_indexes(s, b, 1, err);
    if (rc) return rc;
    hold_before_commit();
    return sg_store_commit(s, err);
}

bool sg_period_valid(const char *p)
{
    sg_period per;
    sg_error err;
    if (!p || sg_period_parse(p, &per, &err) || per.kind == SG_PERIOD_ROLLING) return false;
    /* written as core/period.h writes it ("2023-Q2", not "2023-q2"), from 1990 on */
    int first = per.fy;
    if (per.kind == SG_PERIOD_MONTH) sg_date_to_ymd(per.start, &first, &(int){0}, &(int){0});
    return strcmp(per.text, p) == 0 && first >= 1990;
}

static bool agency_valid(const char *a)
{
    if (!a || !*a || strlen(a) > 32) return false;
    for (const char *p = a; *p; p++)
        if (!isupper((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '_') return false;
    return true;
}

/* The file's checksum and its encrypted kept copy, made on a second thread while the main one
 * parses the file into the store: together they read the file twice more and cost a national
 * census about as much CPU time as the parse, and neither needs the database. */
typedef struct keeper {
    sg_store *s;
    const char *path;
    long long max_bytes;
    char sha256[65];
    int hash_rc, keep_rc; /* keep_rc: only when hash_rc is SG_OK */
    atomic_int hashed;    /* 1 once sha256 and hash_rc are set */
    sg_error hash_err, keep_err;
    pthread_t th;
    int started;
} keeper;

/* A sink that forwards to the store's sink and reports progress now and then. */
typedef struct progress_sink {
    const sg_sink *inner;
    const sg_import_opts *opts;
    FILE *fp;
    const char *file;
    long long total;
    long n;
    sg_store *s;
    keeper *k;   /* the file's checksum, being computed */
    int checked; /* 1 once the checksum was looked up */
} progress_sink;

/* Where a duplicate is looked for: this agency's submissions, or every submission (NULL). */
static const char *dup_scope(const sg_import_opts *opts)
{
    return opts->dup_own_agency ? opts->agency : NULL;
}

/* Progress now and then; and as soon as the checksum is known, whether the file is already
 * stored, so that a duplicate stops being read at once (SG_ECONFLICT; import_one then
 * reports it as the duplicate it is). */
static int maybe_progress(progress_sink *ps, sg_error *err)
{
    if (ps->opts->progress && (++ps->n & 0x3fff) == 0)
        ps->opts->progress(ps->opts->progress_ctx, ps->file, (long long)ftell(ps->fp), ps->total);
    if (ps->checked || !atomic_load(&ps->k->hashed)) return SG_OK;
    ps->checked = 1;
    /* The file could not be hashed (unreadable, or over the size limit): that error decides,
     * so stop reading now rather than at the end of a file that may have none. */
    if (ps->k->hash_rc) return sg_err(err, ps->k->hash_rc, "the file's checksum failed");
    sg_submission prev;
    sg_error e;
    sg_error_clear(&e);
    if (!ps->k->hash_rc &&
        sg_submission_by_sha_in(ps->s, ps->k->sha256, dup_scope(ps->opts), &prev, &e) == SG_OK)
        return sg_err(err, SG_ECONFLICT, "already imported");
    return SG_OK;
}

static int ps_emit(void *ctx, const sg_rec *r, int64_t *id, sg_error *err)
{
    progress_sink *ps = ctx;
    int rc = maybe_progress(ps, err);
    return rc ? rc : ps->inner->emit(ps->inner->ctx, r, id, err);
}

static int ps_reject(void *ctx, const sg_reject *rj, sg_error *err)
{
    progress_sink *ps = ctx;
    int rc = maybe_progress(ps, err);
    return rc ? rc : ps->inner->reject(ps->inner->ctx, rj, err);
}

static void *keeper_run(void *arg)
{
    keeper *k = arg;
    char plain[65];
    k->hash_rc = sg_sha256_file_max(k->path, k->max_bytes, plain, &k->hash_err);
    /* what the store records and names the original by: the keyed digest, never the SHA-256 */
    if (!k->hash_rc) sg_store_keyed_digest(k->s, plain, k->sha256);
    sodium_memzero(plain, sizeof plain);
    atomic_store(&k->hashed, 1);
    if (!k->hash_rc) k->keep_rc = sg_store_keep_original(k->s, k->path, k->sha256, &k->keep_err);
    return NULL;
}

/* sync: hash (and keep) here before returning, for files that are not regular (a device or a
 * pipe), whose checksum must be known - and within the size limit - before anything parses them:
 * an importer reading /dev/zero could otherwise read on without ever emitting a row. */
static void keeper_start(keeper *k, sg_store *s, const char *path, long long max_bytes, bool sync)
{
    memset(k, 0, sizeof *k);
    k->s = s;
    k->path = path;
    k->max_bytes = max_bytes;
    sg_error_clear(&k->hash_err);
    sg_error_clear(&k->keep_err);
    k->started = !sync && pthread_create(&k->th, NULL, keeper_run, k) == 0;
    if (!k->started) keeper_run(k); /* no thread to be had: do it here, as before */
}

static void keeper_join(keeper *k)
{
    if (k->started) pthread_join(k->th, NULL);
    k->started = 0;
}

static int exec_sql(sg_store *s, const char *sql, sg_error *err)
{
    if (sqlite3_exec(sg_store_db(s), sql, NULL, NULL, NULL) != SQLITE_OK)
        return sg_store_dberr(sg_store_db(s), err, "cannot import");
    return SG_OK;
}

/* A checksum no file can have (the all-zero hash, numbered), standing in for the file's own
 * while it is being computed. Atomic: the web service imports from several threads. */
static void placeholder_sha(char out[65])
{
    static atomic_ulong n;
    snprintf(out, 65, "%064lx", atomic_fetch_add(&n, 1) + 1);
}

/* The supersede guard (docs/store.md, "Replacing a return"): the accepted rows of the current
 * submissions this one will supersede (same agency, period and format, older), and whether the
 * drop from them to this one's accepted rows is more than the allowed share. In integers:
 * over when (old - new) * 100 > pct * old, so a drop of exactly pct per cent is allowed. */
static int drop_check(sg_store *s, const sg_import_opts *opts, sg_import_file_result *res,
                      sg_error *err)
{
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT max(id), coalesce(sum(rows_accepted), 0) FROM submission "
                           "WHERE superseded_by IS NULL AND id < ?1 AND agency = ?2 AND "
                           "period = ?3 AND format = ?4",
                           -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot read the submission this one replaces");
    sqlite3_bind_int64(st, 1, res->submission);
    sqlite3_bind_text(st, 2, opts->agency, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, opts->period, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, res->format, -1, SQLITE_STATIC);
    int rc = SG_OK;
    if (sqlite3_step(st) == SQLITE_ROW) {
        res->replaces = sqlite3_column_int64(st, 0);
        res->replaced_rows = (long)sqlite3_column_int64(st, 1);
    } else {
        rc = sg_store_dberr(db, err, "cannot read the submission this one replaces");
    }
    sqlite3_finalize(st);
    if (rc) return rc;
    long read = res->stats.rows_read > 0 ? res->stats.rows_read : 0;
    long rejected = res->stats.rejected > 0 ? res->stats.rejected : 0;
    res->new_rows = read > rejected ? read - rejected : 0;
    long long pct = opts->max_drop_pct ? opts->max_drop_pct : SG_IMPORT_MAX_DROP;
    res->max_drop_pct = (int)pct;
    long long old_n = res->replaced_rows, new_n = res->new_rows;
    res->drop_over = res->replaces && old_n > new_n && (old_n - new_n) * 100 > pct * old_n;
    return SG_OK;
}

/* Imports one file inside the open transaction, in a savepoint of its own: the file is parsed
 * into the store while its checksum is computed, and if that checksum is already stored the
 * file's rows are rolled back and it is reported as a duplicate, as if never read. */
static int import_one(sg_store *s, const char *path, const sg_import_opts *opts,
                      sg_import_file_result *res, sg_error *err)
{
    memset(res, 0, sizeof *res);
    const char *shown = opts->name ? opts->name : path;
    sg_strlcpy(res->file, shown, sizeof res->file);
    /* The size limit: a regular file is measured before anything reads it; a device or pipe
     * (no size to measure) is stopped by the checksum's reader once it passes the limit. */
    long long max = opts->max_bytes > 0 ? opts->max_bytes : SG_IMPORT_MAX_DEFAULT;
    struct stat pst;
    bool regular = stat(path, &pst) == 0 && S_ISREG(pst.st_mode);
    if (regular && (long long)pst.st_size > max)
        return sg_err_at(err, SG_ELIMIT, path, 0, 0, NULL,
                         "the file is %lld bytes, over the import limit of %lld bytes",
                         (long long)pst.st_size, max);
    keeper k;
    keeper_start(&k, s, path, max, !regular);
    int rc = exec_sql(s, "SAVEPOINT sg_import_file", err);
    if (rc) {
        keeper_join(&k);
        return rc;
    }
    FILE *fp = NULL;
    if (atomic_load(&k.hashed) && k.hash_rc) goto done; /* its error decides, below */
    fp = fopen(path, "rb");
    if (!fp) {
        rc = sg_err_at(err, SG_EIO, shown, 0, 0, NULL, "cannot open: %s", strerror(errno));
        goto done;
    }
    if (opts->format && *opts->format) {
        sg_strlcpy(res->format, opts->format, sizeof res->format);
    } else {
        rc = sg_detect(fp, shown, res->format, err);
        if (rc) goto done;
    }
    sg_import_fn fn = sg_importer_for(res->format);
    if (!fn) {
        rc = sg_err_at(err, SG_EINVAL, shown, 0, 0, NULL, "unknown format '%s'", res->format);
        goto done;
    }
    struct stat st;
    long long total = fstat(fileno(fp), &st) == 0 ? (long long)st.st_size : 0;

    char placeholder[65];
    placeholder_sha(placeholder);
    rc = sg_submission_create(s, opts->agency, res->format, opts->period, sg_base_name(shown),
                              placeholder, opts->user ? opts->user : "cli", &res->submission, err);
    if (rc) goto done;

    sg_store_sink ss;
    sg_sink store_sink, sink;
    sg_store_sink_init(&ss, s, res->submission, sg_base_name(shown), &store_sink);
    progress_sink ps = {.inner = &store_sink,
                        .opts = opts,
                        .fp = fp,
                        .file = shown,
                        .total = total,
                        .s = s,
                        .k = &k};
    sink.ctx = &ps;
    sink.emit = ps_emit;
    sink.reject = ps_reject;
    sg_ingest in = {.fp = fp,
                    .name = shown,
                    .format = res->format,
                    .pseudo = sg_store_pseudo(s),
                    .sink = &sink,
                    .stats = &res->stats};
    rc = fn(&in, err);
    sg_store_sink_fini(&ss);
    if (rc) goto done;
    if (opts->progress) opts->progress(opts->progress_ctx, shown, total, total);
    rc = drop_check(s, opts, res, err);
    if (!rc) rc = sg_submission_finish(s, res->submission, &res->stats, err);
    if (!rc && opts->received) rc = sg_return_receipt_put(s, res->submission, opts->received, err);

done:
    if (fp) fclose(fp);
    /* The checksum decides first: a duplicate is skipped whatever its parse did, and a file
     * that cannot be read fails with the checksum's error, as when it was computed first. */
    keeper_join(&k);
    sg_submission prev;
    sg_error lookup_err;
    sg_error_clear(&lookup_err);
    int dup = k.hash_rc ? SG_EIO
                        : sg_submission_by_sha_in(s, k.sha256, dup_scope(opts), &prev, &lookup_err);
    if (k.hash_rc || dup == SG_OK || (dup != SG_ENOTFOUND) || rc) {
        int undo = exec_sql(s, "ROLLBACK TO sg_import_file; RELEASE sg_import_file", err);
        if (k.hash_rc) {
            *err = k.hash_err;
            return k.hash_rc;
        }
        if (dup == SG_OK) {
            char file[sizeof res->file];
            sg_strlcpy(file, res->file, sizeof file);
            memset(res, 0, sizeof *res);
            sg_strlcpy(res->file, file, sizeof res->file);
            sg_strlcpy(res->sha256, k.sha256, sizeof res->sha256);
            res->duplicate = 1;
            res->duplicate_of = prev.id;
            sg_strlcpy(res->format, prev.format, sizeof res->format);
            return undo;
        }
        if (rc) return rc;
        *err = lookup_err;
        return dup;
    }
    sg_strlcpy(res->sha256, k.sha256, sizeof res->sha256);
    /* After the duplicate check: sending the current file again is a duplicate, not a drop.
     * The refusal itself waits for the end of the transaction (drop_refuse), after validation,
     * so a return that is wrong anyway is reported for its errors first. */
    res->drop_confirmed = res->drop_over && opts->confirm_replace;
    /* Kept before commit: if the transaction later rolls back, the content-addressed copy is
     * merely unreferenced, never missing for a stored submission. */
    if (k.keep_rc) {
        exec_sql(s, "ROLLBACK TO sg_import_file; RELEASE sg_import_file", err);
        *err = k.keep_err;
        return k.keep_rc;
    }
    sqlite3_stmt *up = NULL;
    if (sqlite3_prepare_v2(sg_store_db(s), "UPDATE submission SET sha256 = ?1 WHERE id = ?2", -1,
                           &up, NULL) != SQLITE_OK)
        return sg_store_dberr(sg_store_db(s), err, "cannot record the file's checksum");
    sqlite3_bind_text(up, 1, k.sha256, -1, SQLITE_STATIC);
    sqlite3_bind_int64(up, 2, res->submission);
    rc = sqlite3_step(up) == SQLITE_DONE
             ? SG_OK
             : sg_store_dberr(sg_store_db(s), err, "cannot record the file's checksum");
    sqlite3_finalize(up);
    if (!rc) rc = exec_sql(s, "RELEASE sg_import_file", err);
    return rc;
}

/* The options in force: max_drop_pct 0 takes the partnership's setting import.max_drop
 * (store/setting.h; 90 when none is set), read inside the import's transaction. */
static int resolve_opts(sg_store *s, const sg_import_opts *opts, sg_import_opts *out, sg_error *err)
{
    *out = *opts;
    if (opts->max_drop_pct) return SG_OK;
    long long pct = SG_IMPORT_MAX_DROP;
    int rc = sg_setting_get(s, SG_SETTING_IMPORT_MAX_DROP, &pct, NULL, err);
    out->max_drop_pct = (int)pct;
    return rc;
}

int sg_import_files(sg_store *s, const char *const *paths, int n, const sg_import_opts *opts,
                    sg_import_file_result *results, sg_error *err)
{
    if (!agency_valid(opts->agency))
        return sg_err(err, SG_EINVAL,
                      "agency '%s' is not a valid code (1-32 of A-Z, 0-9 and _, e.g. LA, POLICE)",
                      opts->agency ? opts->agency : "");
    if (!sg_period_valid(opts->period))
        return sg_err(err, SG_EINVAL,
                      "period '%s' is not valid (use 2023-24 for a financial year, 2023-Q2 or "
                      "2023-05)",
                      opts->period ? opts->period : "");
    if (n <= 0) return sg_err(err, SG_EINVAL, "no files to import");
    if (opts->name && n != 1) return sg_err(err, SG_EINVAL, "a file name is for one file only");
    if (opts->max_drop_pct < 0 || opts->max_drop_pct > 100)
        return sg_err(err, SG_EINVAL, "the largest drop allowed must be 1 to 100 per cent, not %d",
                      opts->max_drop_pct);
    int rc = sg_store_begin(s, err);
    if (rc) return rc;
    sg_import_opts in_force;
    if ((rc = resolve_opts(s, opts, &in_force, err))) {
        sg_store_rollback(s);
        return rc;
    }
    opts = &in_force;
    long long bytes = 0;
    for (int i = 0; i < n; i++)
        bytes += file_bytes(paths[i]);
    bulk b;
    rc = bulk_begin(s, &b, bytes, err);
    for (int i = 0; i < n && !rc; i++)
        rc = import_one(s, paths[i], opts, &results[i], err);
    if (!rc) rc = finish_transaction(s, opts, &b, results, n, err);
    if (rc) sg_store_rollback(s);
    bulk_end(s, &b);
    return rc;
}

/* Reads one string member of a manifest entry, or NULL. */
static const char *jstr(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

int sg_import_manifest(sg_store *s, const char *manifest_path, const sg_import_opts *opts,
                       sg_import_file_result **results, int *nresults, sg_error *err)
{
    *results = NULL;
    *nresults = 0;
    if (opts->max_drop_pct < 0 || opts->max_drop_pct > 100)
        return sg_err(err, SG_EINVAL, "the largest drop allowed must be 1 to 100 per cent, not %d",
                      opts->max_drop_pct);
    json_error_t jerr;
    json_t *root = json_load_file(manifest_path, JSON_REJECT_DUPLICATES, &jerr);
    if (!root)
        return sg_err_at(err, SG_EPARSE, manifest_path, jerr.line, jerr.column, NULL, "%s",
                         jerr.text);
    int rc = SG_OK;
    json_t *files = json_object_get(root, "files");
    if (!json_is_array(files) || json_array_size(files) == 0) {
        rc = sg_err_at(err, SG_EPARSE, manifest_path, 0, 0, "files", "the manifest lists no files");
        goto out;
    }
    /* Paths in the manifest are relative to the folder that holds it. */
    char dir[4096];
    sg_strlcpy(dir, manifest_path, sizeof dir);
    char *slash = strrchr(dir, '/');
    if (slash)
        slash[1] = '\0';
    else
        dir[0] = '\0';

    size_t n = json_array_size(files);
    sg_import_file_result *res = xcalloc(n, sizeof *res);
    rc = sg_store_begin(s, err);
    if (rc) {
        free(res);
        goto out;
    }
    sg_import_opts in_force;
    if ((rc = resolve_opts(s, opts, &in_force, err))) {
        sg_store_rollback(s);
        free(res);
        goto out;
    }
    opts = &in_force;
    long long bytes = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rel = jstr(json_array_get(files, i), "path");
        char path[4096];
        if (!rel) continue;
        snprintf(path, sizeof path, "%s%s", rel[0] == '/' ? "" : dir, rel);
        bytes += file_bytes(path);
    }
    bulk b;
    rc = bulk_begin(s, &b, bytes, err);
    for (size_t i = 0; i < n && !rc; i++) {
        json_t *f = json_array_get(files, i);
        const char *rel = jstr(f, "path"), *agency = jstr(f, "agency"), *period = jstr(f, "period"),
                   *format = jstr(f, "format");
        if (!rel || !agency || !period) {
            rc = sg_err_at(err, SG_EPARSE, manifest_path, 0, 0, "files",
                           "entry %zu needs path, agency and period", i + 1);
            break;
        }
        sg_import_opts o = *opts;
        o.agency = agency;
        o.period = period;
        o.format = format;
        o.name = NULL; /* every file of a manifest is named by its path */
        o.received = jstr(f, "received");
        if (!agency_valid(agency) || !sg_period_valid(period)) {
            rc = sg_err_at(err, SG_EPARSE, manifest_path, 0, 0, "files",
                           "entry %zu has an invalid agency '%s' or period '%s'", i + 1, agency,
                           period);
            break;
        }
        char path[4096];
        snprintf(path, sizeof path, "%s%s", rel[0] == '/' ? "" : dir, rel);
        rc = import_one(s, path, &o, &res[i], err);
        if (rc) break;
    }
    if (rc == SG_OK) rc = finish_transaction(s, opts, &b, res, (int)n, err);
    if (rc) sg_store_rollback(s);
    bulk_end(s, &b);
    if (rc) {
        free(res);
        goto out;
    }
    *results = res;
    *nresults = (int)n;
out:
    json_decref(root);
    return rc;
}

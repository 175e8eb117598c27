/* submission.c - submissions (one per imported file): creating them, recording their counts,
 * superseding older returns, looking them up and listing them, and listing their rejected rows.
 *
 * A submission is superseded, never deleted, when a newer file arrives for the same agency,
 * period and format: the older rows stay for audit and the live_* views hide them. */
#include "store/store.h"

#include "core/mem.h"

#include <string.h>

#define SUB_COLS                                                                                   \
    "id, agency, format, period, file_name, sha256, user, imported_at, rows_read, "                \
    "rows_accepted, rows_rejected, superseded_by"

static void copy_col(sqlite3_stmt *st, int col, char *dst, size_t dstsz)
{
    const char *v = (const char *)sqlite3_column_text(st, col);
    sg_strlcpy(dst, v ? v : "", dstsz);
}

static void read_row(sqlite3_stmt *st, sg_submission *out)
{
    memset(out, 0, sizeof *out);
    out->id = sqlite3_column_int64(st, 0);
    copy_col(st, 1, out->agency, sizeof out->agency);
    copy_col(st, 2, out->format, sizeof out->format);
    copy_col(st, 3, out->period, sizeof out->period);
    copy_col(st, 4, out->file_name, sizeof out->file_name);
    copy_col(st, 5, out->sha256, sizeof out->sha256);
    copy_col(st, 6, out->user, sizeof out->user);
    copy_col(st, 7, out->imported_at, sizeof out->imported_at);
    out->rows_read = (long)sqlite3_column_int64(st, 8);
    out->rows_accepted = (long)sqlite3_column_int64(st, 9);
    out->rows_rejected = (long)sqlite3_column_int64(st, 10);
    out->superseded_by = sqlite3_column_int64(st, 11);
    sg_strlcpy(out->status, out->superseded_by ? "superseded" : "current", sizeof out->status);
}

/* Runs a one-row lookup whose first parameter is already bound. */
static int fetch_one(sqlite3_stmt *st, sg_submission *out, const char *what, sg_error *err)
{
    int rc = sg_store_step_row(st, "cannot read submissions", err);
    if (rc == SG_OK)
        read_row(st, out);
    else if (rc == SG_ENOTFOUND)
        sg_err(err, SG_ENOTFOUND, "no submission %s", what);
    sqlite3_finalize(st);
    return rc;
}

int sg_submission_by_sha(sg_store *s, const char *sha256, sg_submission *out, sg_error *err)
{
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT " SUB_COLS " FROM submission WHERE sha256 = ?1 ORDER BY id",
                           -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot read submissions");
    sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
    return fetch_one(st, out, "with that checksum", err);
}

int sg_submission_by_sha_in(sg_store *s, const char *sha256, const char *agency, sg_submission *out,
                            sg_error *err)
{
    if (!agency) return sg_submission_by_sha(s, sha256, out, err);
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT " SUB_COLS " FROM submission WHERE sha256 = ?1 AND agency = ?2",
                           -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot read submissions");
    sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, agency, -1, SQLITE_STATIC);
    return fetch_one(st, out, "with that checksum", err);
}

int sg_submission_get(sg_store *s, int64_t id, sg_submission *out, sg_error *err)
{
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT " SUB_COLS " FROM submission WHERE id = ?1", -1, &st,
                           NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot read submissions");
    sqlite3_bind_int64(st, 1, id);
    char what[48];
    snprintf(what, sizeof what, "%lld", (long long)id);
    return fetch_one(st, out, what, err);
}

static bool is_sha256(const char *s)
{
    if (!s || strlen(s) != 64) return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))) return false;
    return true;
}

/* Checks a text argument against the size of the sg_submission field that will hold it. */
static int check_text(const char *name, const char *v, size_t cap, sg_error *err)
{
    if (!v || !*v) return sg_err(err, SG_EINVAL, "submission %s is missing", name);
    if (strlen(v) >= cap)
        return sg_err(err, SG_ELIMIT, "submission %s is longer than %zu bytes", name, cap - 1);
    return SG_OK;
}

int sg_submission_create(sg_store *s, const char *agency, const char *format, const char *period,
                         const char *file_name, const char *sha256, const char *user, int64_t *id,
                         sg_error *err)
{
    sg_submission probe;
    int rc;
    if ((rc = check_text("agency", agency, sizeof probe.agency, err)) ||
        (rc = check_text("format", format, sizeof probe.format, err)) ||
        (rc = check_text("period", period, sizeof probe.period, err)) ||
        (rc = check_text("file name", file_name, sizeof probe.file_name, err)) ||
        (rc = check_text("user", user, sizeof probe.user, err)))
        return rc;
    if (!is_sha256(sha256))
        return sg_err(err, SG_EINVAL, "submission checksum is not 64 lower-case hex digits");
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO submission (agency, format, period, file_name, sha256, "
                           "user) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                           -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot create a submission");
    sqlite3_bind_text(st, 1, agency, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, format, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, period, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, file_name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, sha256, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, user, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        if (id) *id = sqlite3_last_insert_rowid(db);
        rc = SG_OK;
    } else if (sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_UNIQUE) {
        rc = sg_err(err, SG_EDUPLICATE, "%s was already imported (same checksum)", file_name);
    } else {
        rc = sg_store_dberr(db, err, "cannot create a submission");
    }
    sqlite3_finalize(st);
    return rc;
}

int sg_submission_finish(sg_store *s, int64_t id, const sg_import_stats *st, sg_error *err)
{
    sqlite3 *db = sg_store_db(s);
    long read = st->rows_read > 0 ? st->rows_read : 0;
    long rejected = st->rejected > 0 ? st->rejected : 0;
    /* Accepted rows are the rows read that were not rejected; one row may have produced several
     * records (a child and its episode), so the per-type record counts are not row counts. */
    long accepted = read > rejected ? read - rejected : 0;
    sqlite3_stmt *q = NULL;
    int rc = SG_OK;
    if (sqlite3_prepare_v2(db,
                           "UPDATE submission SET rows_read = ?2, rows_accepted = ?3, "
                           "rows_rejected = ?4 WHERE id = ?1",
                           -1, &q, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot finish the submission");
    sqlite3_bind_int64(q, 1, id);
    sqlite3_bind_int64(q, 2, read);
    sqlite3_bind_int64(q, 3, accepted);
    sqlite3_bind_int64(q, 4, rejected);
    if (sqlite3_step(q) != SQLITE_DONE)
        rc = sg_store_dberr(db, err, "cannot finish the submission");
    else if (sqlite3_changes(db) == 0)
        rc = sg_err(err, SG_ENOTFOUND, "no submission %lld", (long long)id);
    sqlite3_finalize(q);
    if (rc) return rc;

    if (sqlite3_prepare_v2(db,
                           "UPDATE submission SET superseded_by = ?1 WHERE superseded_by IS NULL "
                           "AND id < ?1 AND (agency, period, format) = "
                           "(SELECT agency, period, format FROM submission WHERE id = ?1)",
                           -1, &q, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot supersede older submissions");
    sqlite3_bind_int64(q, 1, id);
    if (sqlite3_step(q) != SQLITE_DONE)
        rc = sg_store_dberr(db, err, "cannot supersede older submissions");
    sqlite3_finalize(q);
    return rc;
}

int sg_submission_each(sg_store *s, const char *agency, const char *period, sg_submission_fn fn,
                       void *ctx, sg_error *err)
{
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT " SUB_COLS " FROM submission WHERE (?1 IS NULL OR agency = ?1) "
                           "AND (?2 IS NULL OR period = ?2) ORDER BY id DESC",
                           -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot list submissions");
    sqlite3_bind_text(st, 1, agency, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, period, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        sg_submission sub;
        read_row(st, &sub);
        int frc = fn(ctx, &sub);
        if (frc) {
            sqlite3_finalize(st);
            return frc;
        }
    }
    rc = rc == SQLITE_DONE ? SG_OK : sg_store_dberr(db, err, "cannot list submissions");
    sqlite3_finalize(st);
    return rc;
}

int sg_store_rejected_each(sg_store *s, int64_t sub, sg_rejected_fn fn, void *ctx, sg_error *err)
{
    sg_submission probe;
    int rc = sg_submission_get(s, sub, &probe, err);
    if (rc) return rc;
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT id, submission_id, file, line, field, value, reason "
                           "FROM rejected_row WHERE submission_id = ?1 ORDER BY file, line, id",
                           -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot list rejected rows");
    sqlite3_bind_int64(st, 1, sub);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        sg_rejected_row row = {
            .id = sqlite3_column_int64(st, 0),
            .submission = sqlite3_column_int64(st, 1),
            .file = (const char *)sqlite3_column_text(st, 2),
            .line = (long)sqlite3_column_int64(st, 3),
            .field = (const char *)sqlite3_column_text(st, 4),
            .value = (const char *)sqlite3_column_text(st, 5),
            .reason = (const char *)sqlite3_column_text(st, 6),
        };
        int frc = fn(ctx, &row);
        if (frc) {
            sqlite3_finalize(st);
            return frc;
        }
    }
    rc = rc == SQLITE_DONE ? SG_OK : sg_store_dberr(db, err, "cannot list rejected rows");
    sqlite3_finalize(st);
    return rc;
}

/* return_receipt.c - the received day of partner returns (store/return_receipt.h): writing
 * table return_receipt and reading every partner-return submission with its day, rows and
 * findings. */
#include "store/return_receipt.h"

#include "core/mem.h"
#include "core/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sg_return_subs_fini(sg_return_subs *subs)
{
    free(subs->v);
    memset(subs, 0, sizeof *subs);
}

int sg_return_received_parse(const char *iso, sg_date *out, sg_error *err)
{
    size_t n = iso ? strlen(iso) : 0;
    sg_date d = n == 10 ? sg_date_parse_iso(iso, n) : SG_DATE_NONE;
    if (d == SG_DATE_NONE)
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "received",
                         "the received date '%s' is not a date YYYY-MM-DD", iso ? iso : "");
    if (d > sg_date_today())
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "received",
                         "the received date %s is after today", iso);
    *out = d;
    return SG_OK;
}

int sg_return_receipt_put(sg_store *s, int64_t submission, const char *iso, sg_error *err)
{
    sg_date d = SG_DATE_NONE;
    int rc = sg_return_received_parse(iso, &d, err);
    if (rc) return rc;
    char day[11];
    sg_date_iso(d, day);
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "INSERT OR REPLACE INTO return_receipt (submission_id, received_on) "
                           "VALUES (?1, ?2)",
                           -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot record when the return was received");
    sqlite3_bind_int64(st, 1, submission);
    sqlite3_bind_text(st, 2, day, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(st) == SQLITE_DONE
             ? SG_OK
             : sg_store_dberr(db, err, "cannot record when the return was received");
    sqlite3_finalize(st);
    return rc;
}

int sg_return_subs_load(sg_store *s, sg_return_subs *subs, sg_error *err)
{
    memset(subs, 0, sizeof *subs);
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(
            db,
            "SELECT s.id, s.agency, s.period, coalesce(r.received_on, substr(s.imported_at, 1, "
            "10)), s.imported_at, s.rows_accepted, s.rows_rejected, s.superseded_by, "
            "(SELECT count(*) FROM finding f WHERE f.submission_id = s.id AND f.severity IN "
            "('error', 'query')) "
            "FROM submission s LEFT JOIN return_receipt r ON r.submission_id = s.id "
            "WHERE s.format = 'partner' "
            "ORDER BY s.agency, s.period, 4, s.id",
            -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot read the partner returns");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (subs->n == subs->cap) {
            subs->cap = subs->cap ? subs->cap * 2 : 64;
            subs->v = xrealloc(subs->v, subs->cap * sizeof *subs->v);
        }
        sg_return_sub *r = &subs->v[subs->n++];
        memset(r, 0, sizeof *r);
        r->id = sqlite3_column_int64(st, 0);
        const char *t = (const char *)sqlite3_column_text(st, 1);
        sg_strlcpy(r->organisation, t ? t : "", sizeof r->organisation);
        t = (const char *)sqlite3_column_text(st, 2);
        sg_strlcpy(r->period, t ? t : "", sizeof r->period);
        t = (const char *)sqlite3_column_text(st, 3);
        r->received = t ? sg_date_parse_iso(t, strlen(t)) : SG_DATE_NONE;
        t = (const char *)sqlite3_column_text(st, 4);
        sg_strlcpy(r->imported_at, t ? t : "", sizeof r->imported_at);
        r->rows_accepted = (long)sqlite3_column_int64(st, 5);
        r->rows_rejected = (long)sqlite3_column_int64(st, 6);
        r->superseded_by = sqlite3_column_int64(st, 7);
        r->findings = (long)sqlite3_column_int64(st, 8);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? SG_OK : sg_store_dberr(db, err, "cannot read the partner returns");
}

/* ---------------------------------------------------------------- refused returns */

void sg_return_refusals_fini(sg_return_refusals *r)
{
    free(r->v);
    memset(r, 0, sizeof *r);
}

int sg_return_refusal_put(sg_store *s, const char *organisation, const char *period,
                          const char *file, const char *username, long problems, const char *detail,
                          const char *received, int64_t now, sg_error *err)
{
    char day[11];
    sg_date d = sg_date_today();
    if (received) {
        int rc = sg_return_received_parse(received, &d, err);
        if (rc) return rc;
    }
    sg_date_iso(d, day);
    if (!organisation || !*organisation || strlen(organisation) > 63)
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "organisation",
                         "a refused return needs its organisation");
    if (!period || !*period || strlen(period) > 31)
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "period", "a refused return needs its period");
    char at[SG_UTC_STAMP_LEN];
    sg_utc_stamp(now, at, sizeof at, "1970-01-01T00:00:00Z");
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO return_refusal (organisation, period, file, refused_at, "
                           "username, problems, detail, received_on) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                           -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot record the refused return");
    sqlite3_bind_text(st, 1, organisation, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, period, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, file ? sg_base_name(file) : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, at, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, username && *username ? username : "unknown", -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 6, problems < 0 ? 0 : problems);
    sqlite3_bind_text(st, 7, detail ? detail : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 8, day, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st) == SQLITE_DONE
                 ? SG_OK
                 : sg_store_dberr(db, err, "cannot record the refused return");
    sqlite3_finalize(st);
    return rc;
}

int sg_return_refusals_load(sg_store *s, sg_return_refusals *r, sg_error *err)
{
    memset(r, 0, sizeof *r);
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT id, organisation, period, file, refused_at, username, problems, "
                           "coalesce(received_on, substr(refused_at, 1, 10)) FROM return_refusal "
                           "ORDER BY organisation, period, 8, refused_at, id",
                           -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot read the refused returns");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (r->n == r->cap) {
            r->cap = r->cap ? r->cap * 2 : 16;
            r->v = xrealloc(r->v, r->cap * sizeof *r->v);
        }
        sg_return_refusal *x = &r->v[r->n++];
        memset(x, 0, sizeof *x);
        x->id = sqlite3_column_int64(st, 0);
        const char *t = (const char *)sqlite3_column_text(st, 1);
        sg_strlcpy(x->organisation, t ? t : "", sizeof x->organisation);
        t = (const char *)sqlite3_column_text(st, 2);
        sg_strlcpy(x->period, t ? t : "", sizeof x->period);
        t = (const char *)sqlite3_column_text(st, 3);
        sg_strlcpy(x->file, t ? t : "", sizeof x->file);
        t = (const char *)sqlite3_column_text(st, 4);
        sg_strlcpy(x->refused_at, t ? t : "", sizeof x->refused_at);
        t = (const char *)sqlite3_column_text(st, 5);
        sg_strlcpy(x->username, t ? t : "", sizeof x->username);
        x->problems = (long)sqlite3_column_int64(st, 6);
        t = (const char *)sqlite3_column_text(st, 7);
        x->day = t && strlen(t) == 10 ? sg_date_parse_iso(t, 10) : SG_DATE_NONE;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? SG_OK : sg_store_dberr(db, err, "cannot read the refused returns");
}

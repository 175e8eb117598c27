/* findings.c - findings as rows of a finding table: in the store (migration 2 in
 * store/schema.c) or in a scratch database of the same shape for loose files. */
#include "validate/engine.h"

#include "core/buf.h"

#include <string.h>

#define FINDING_VALUE_MAX 200

int sg_findings_open_scratch(sqlite3 **db, sg_error *err)
{
    *db = NULL;
    if (sqlite3_open_v2("", db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        sqlite3_close(*db);
        *db = NULL;
        return sg_err(err, SG_EDB, "cannot open a temporary database");
    }
    /* The store's shape without the link to submission (there is none for a loose file). */
    const char *sql =
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
        "CREATE TABLE finding (id INTEGER PRIMARY KEY, submission_id INTEGER NOT "
        "NULL, file TEXT NOT NULL, line INTEGER NOT NULL, child TEXT NOT NULL,"
        " field TEXT NOT NULL, value TEXT, rule TEXT NOT NULL, severity TEXT NOT "
        "NULL, message TEXT NOT NULL) STRICT;"
        "CREATE INDEX finding_submission ON finding(submission_id, rule, file, line);";
    if (sqlite3_exec(*db, sql, NULL, NULL, NULL) != SQLITE_OK) {
        int rc =
            sg_err(err, SG_EDB, "cannot prepare a temporary database: %s", sqlite3_errmsg(*db));
        sqlite3_close(*db);
        *db = NULL;
        return rc;
    }
    return SG_OK;
}

int sg_findings_writer_init(sg_findings_writer *w, sqlite3 *db, sg_error *err)
{
    memset(w, 0, sizeof *w);
    w->db = db;
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO finding (submission_id, file, line, child, field, value,"
                           " rule, severity, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           -1, &w->ins, NULL) != SQLITE_OK)
        return sg_err(err, SG_EDB, "cannot prepare to store findings: %s", sqlite3_errmsg(db));
    return SG_OK;
}

void sg_findings_writer_fini(sg_findings_writer *w)
{
    sqlite3_finalize(w->ins);
    w->ins = NULL;
}

/* Length of s cut to at most max bytes without splitting a UTF-8 sequence. */
static int cut_utf8(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max) return (int)n;
    n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return (int)n;
}

int sg_findings_write(void *writer, const sg_finding *f)
{
    sg_findings_writer *w = writer;
    sqlite3_stmt *st = w->ins;
    sqlite3_bind_int64(st, 1, f->submission);
    sqlite3_bind_text(st, 2, f->file ? f->file : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, f->line > 0 ? f->line : 0);
    sqlite3_bind_text(st, 4, f->child ? f->child : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, f->field ? f->field : "", -1, SQLITE_STATIC);
    if (f->value)
        sqlite3_bind_text(st, 6, f->value, cut_utf8(f->value, FINDING_VALUE_MAX), SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 6);
    sqlite3_bind_text(st, 7, f->rule ? f->rule : "?", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, sg_severity_name(f->severity), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, f->message ? f->message : "", -1, SQLITE_STATIC);
    int rc = SG_OK;
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = SG_EDB;
        if (!w->err.code)
            sg_err_at(&w->err, SG_EDB, f->file, f->line, 0, f->field,
                      "cannot store a finding of rule %s: %s", f->rule, sqlite3_errmsg(w->db));
    }
    sqlite3_reset(st);
    return rc;
}

int sg_findings_delete(sqlite3 *db, int64_t sub, sg_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "DELETE FROM finding WHERE submission_id = ?", -1, &st, NULL) !=
        SQLITE_OK)
        return sg_err(err, SG_EDB, "cannot delete findings: %s", sqlite3_errmsg(db));
    sqlite3_bind_int64(st, 1, sub);
    int rc = sqlite3_step(st) == SQLITE_DONE
                 ? SG_OK
                 : sg_err(err, SG_EDB, "cannot delete findings: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc;
}

int sg_findings_count(sqlite3 *db, const int64_t *subs, int nsubs, int sev, long *out,
                      sg_error *err)
{
    *out = 0;
    sg_buf sql;
    sg_buf_init(&sql, 0);
    sg_buf_puts(&sql, "SELECT count(*) FROM finding WHERE (?1 IS NULL OR severity = ?1)");
    if (nsubs > 0) {
        sg_buf_puts(&sql, " AND submission_id IN (");
        for (int i = 0; i < nsubs; i++)
            sg_buf_printf(&sql, "%s%lld", i ? "," : "", (long long)subs[i]);
        sg_buf_puts(&sql, ")");
    }
    sqlite3_stmt *st = NULL;
    int rc = SG_OK;
    if (sqlite3_prepare_v2(db, sg_buf_str(&sql), -1, &st, NULL) != SQLITE_OK) {
        rc = sg_err(err, SG_EDB, "cannot count findings: %s", sqlite3_errmsg(db));
        goto out;
    }
    if (sev >= 0) sqlite3_bind_text(st, 1, sg_severity_name((sg_severity)sev), -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW)
        *out = (long)sqlite3_column_int64(st, 0);
    else
        rc = sg_err(err, SG_EDB, "cannot count findings: %s", sqlite3_errmsg(db));
out:
    sqlite3_finalize(st);
    sg_buf_fini(&sql);
    return rc;
}

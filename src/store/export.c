/* export.c - stored records, submissions and rejected rows written out as CSV.
 *
 * The SQL is assembled from the fixed table list in schema.c and the column names SQLite
 * reports for those tables, never from the caller's text: the type argument only selects an
 * entry of the list. The internal child_id is replaced by the child's pseudonym. */
#include "store/export.h"

#include "core/buf.h"
#include "core/mem.h"

#include <string.h>

void sg_export_cell(FILE *out, const char *s, size_t len)
{
    bool formula = len > 0 && strchr("=+-@\t\r", s[0]) != NULL;
    bool quote = false;
    for (size_t i = 0; i < len && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
    if (quote) fputc('"', out);
    if (formula) fputc('\'', out);
    if (!quote) {
        fwrite(s, 1, len, out);
        return;
    }
    size_t from = 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] == '"') {
            fwrite(s + from, 1, i + 1 - from, out); /* up to and including the quote ... */
            fputc('"', out);                        /* ... which is then doubled */
            from = i + 1;
        }
    fwrite(s + from, 1, len - from, out);
    fputc('"', out);
}

/* Writes every row of st (header from the column names). */
static int write_rows(sqlite3 *db, sqlite3_stmt *st, FILE *out, sg_error *err)
{
    int ncol = sqlite3_column_count(st);
    for (int c = 0; c < ncol; c++) {
        const char *name = sqlite3_column_name(st, c);
        if (c) fputc(',', out);
        sg_export_cell(out, name, strlen(name));
    }
    fputs("\r\n", out);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (int c = 0; c < ncol; c++) {
            if (c) fputc(',', out);
            switch (sqlite3_column_type(st, c)) {
            case SQLITE_NULL:
                break;
            case SQLITE_INTEGER:
                fprintf(out, "%lld", (long long)sqlite3_column_int64(st, c));
                break;
            case SQLITE_FLOAT:
                fprintf(out, "%.17g", sqlite3_column_double(st, c));
                break;
            default: {
                const char *v = (const char *)sqlite3_column_text(st, c);
                sg_export_cell(out, v ? v : "", (size_t)sqlite3_column_bytes(st, c));
                break;
            }
            }
        }
        fputs("\r\n", out);
        if (ferror(out)) return sg_err(err, SG_EIO, "cannot write the export");
    }
    if (rc != SQLITE_DONE) return sg_store_dberr(db, err, "cannot read records to export");
    if (fflush(out) != 0 || ferror(out)) return sg_err(err, SG_EIO, "cannot write the export");
    return SG_OK;
}

/* Builds the SELECT for a record table: every column, child_id swapped for the pseudonym. */
static int record_sql(sqlite3 *db, sg_rec_type t, bool all, sg_buf *sql, sg_error *err)
{
    const char *table = sg_store_table(t);
    char probe[96];
    snprintf(probe, sizeof probe, "SELECT * FROM %s LIMIT 0", table);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, probe, -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot read the table layout");
    sg_buf_puts(sql, "SELECT ");
    int ncol = sqlite3_column_count(st);
    for (int c = 0; c < ncol; c++) {
        const char *name = sqlite3_column_name(st, c);
        if (c) sg_buf_puts(sql, ", ");
        if (strcmp(name, "child_id") == 0) {
            sg_buf_puts(sql, "(SELECT min(k.pseudonym) FROM child_key k "
                             "WHERE k.child_id = t.child_id) AS child");
            if (t == SG_REC_CHILD)
                sg_buf_puts(sql, ", (SELECT group_concat(pseudonym, ' ') FROM (SELECT pseudonym "
                                 "FROM child_key k WHERE k.child_id = t.child_id ORDER BY "
                                 "pseudonym)) AS child_keys");
        } else {
            sg_buf_printf(sql, "t.\"%s\"", name);
        }
    }
    sqlite3_finalize(st);
    sg_buf_printf(sql, " FROM %s%s AS t ORDER BY t.id", all ? "" : "live_", table);
    return SG_OK;
}

int sg_store_export_csv(sg_store *s, const char *type, bool include_superseded, FILE *out,
                        sg_error *err)
{
    if (!type || !*type) return sg_err(err, SG_EINVAL, "no export type given");
    sqlite3 *db = sg_store_db(s);
    sg_buf sql;
    sg_buf_init(&sql, 0);
    int rc = SG_OK;
    if (strcmp(type, "submissions") == 0) {
        sg_buf_printf(&sql,
                      "SELECT id, agency, format, period, file_name, sha256, user, imported_at, "
                      "rows_read, rows_accepted, rows_rejected, superseded_by, CASE WHEN "
                      "superseded_by IS NULL THEN 'current' ELSE 'superseded' END AS status "
                      "FROM submission %s ORDER BY id",
                      include_superseded ? "" : "WHERE superseded_by IS NULL");
    } else if (strcmp(type, "rejected") == 0) {
        sg_buf_printf(&sql,
                      "SELECT id, submission_id, file, line, field, value, reason FROM %s "
                      "ORDER BY id",
                      include_superseded ? "rejected_row" : "live_rejected_row");
    } else {
        int t = 0;
        while (t < SG_REC__COUNT && strcmp(type, sg_rec_type_name((sg_rec_type)t)) != 0 &&
               strcmp(type, sg_store_table((sg_rec_type)t)) != 0)
            t++;
        if (t == SG_REC__COUNT) {
            sg_buf_fini(&sql);
            return sg_err(err, SG_EINVAL,
                          "unknown export type '%s' (a record type such as referral, or "
                          "submissions, or rejected)",
                          type);
        }
        rc = record_sql(db, (sg_rec_type)t, include_superseded, &sql, err);
    }
    sqlite3_stmt *st = NULL;
    if (!rc && sqlite3_prepare_v2(db, sg_buf_str(&sql), -1, &st, NULL) != SQLITE_OK)
        rc = sg_store_dberr(db, err, "cannot prepare the export");
    if (!rc) rc = write_rows(db, st, out, err);
    sqlite3_finalize(st);
    sg_buf_fini(&sql);
    return rc;
}

/* report.c - the outputs of validation, written from a finding table: a text summary (counts by
 * severity and rule), an agency-facing CSV to fix the return from, JSON, and one
 * self-contained HTML page (no external assets) grouped by rule with the first N findings of
 * each. Rows are streamed from SQLite, so memory does not grow with the number of findings. */
#include "validate/engine.h"

#include "core/buf.h"
#include "store/export.h"

#include <string.h>

int sg_report_format_parse(const char *s)
{
    static const char *const names[] = {"summary", "csv", "json", "html"};
    for (int i = 0; s && i < 4; i++)
        if (strcmp(s, names[i]) == 0) return i;
    return -1;
}

/* " AND submission_id IN (1,2)" for a subset; the ids are integers, not user text. */
static void where_subs(sg_buf *b, const int64_t *subs, int nsubs)
{
    if (nsubs <= 0) return;
    sg_buf_puts(b, " AND submission_id IN (");
    for (int i = 0; i < nsubs; i++)
        sg_buf_printf(b, "%s%lld", i ? "," : "", (long long)subs[i]);
    sg_buf_puts(b, ")");
}

static int prepare(sqlite3 *db, const char *head, const int64_t *subs, int nsubs, const char *tail,
                   sqlite3_stmt **st, sg_error *err)
{
    sg_buf sql;
    sg_buf_init(&sql, 0);
    sg_buf_puts(&sql, head);
    where_subs(&sql, subs, nsubs);
    sg_buf_puts(&sql, tail);
    int rc = SG_OK;
    if (sqlite3_prepare_v2(db, sg_buf_str(&sql), -1, st, NULL) != SQLITE_OK)
        rc = sg_err(err, SG_EDB, "cannot read findings: %s", sqlite3_errmsg(db));
    sg_buf_fini(&sql);
    return rc;
}

static const char *col(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? (const char *)t : "";
}

/* Severity order for sorting: errors first. */
#define SEV_ORDER "CASE severity WHEN 'error' THEN 0 WHEN 'query' THEN 1 ELSE 2 END"
#define GROUP_SQL "SELECT rule, severity, count(*), min(message) FROM finding WHERE 1"
#define GROUP_TAIL " GROUP BY rule, severity ORDER BY " SEV_ORDER ", count(*) DESC, rule"

static int totals(sqlite3 *db, const int64_t *subs, int nsubs, long t[SG_SEV__COUNT], sg_error *err)
{
    for (int s = 0; s < SG_SEV__COUNT; s++) {
        int rc = sg_findings_count(db, subs, nsubs, s, &t[s], err);
        if (rc) return rc;
    }
    return SG_OK;
}

/* ---- summary ---- */

static int write_summary(sqlite3 *db, const int64_t *subs, int nsubs, const char *title, FILE *out,
                         sg_error *err)
{
    long t[SG_SEV__COUNT];
    int rc = totals(db, subs, nsubs, t, err);
    if (rc) return rc;
    fprintf(out, "%s: %ld error(s), %ld quer%s, %ld warning(s)\n", title, t[SG_SEV_ERROR],
            t[SG_SEV_QUERY], t[SG_SEV_QUERY] == 1 ? "y" : "ies", t[SG_SEV_WARNING]);
    sqlite3_stmt *st = NULL;
    if ((rc = prepare(db, GROUP_SQL, subs, nsubs, GROUP_TAIL, &st, err))) return rc;
    int step, first = 1;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (first) fprintf(out, "%-12s %-8s %8s  %s\n", "rule", "severity", "count", "message");
        first = 0;
        fprintf(out, "%-12s %-8s %8lld  %s\n", col(st, 0), col(st, 1),
                (long long)sqlite3_column_int64(st, 2), col(st, 3));
    }
    if (step != SQLITE_DONE)
        rc = sg_err(err, SG_EDB, "cannot read findings: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc;
}

/* ---- CSV ---- */

static void cell(FILE *out, const char *s)
{
    sg_export_cell(out, s, strlen(s));
}

static int write_csv(sqlite3 *db, const int64_t *subs, int nsubs, FILE *out, sg_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare(db,
                     "SELECT file, line, field, value, rule, severity, message FROM finding "
                     "WHERE 1",
                     subs, nsubs, " ORDER BY file, line, rule, id", &st, err);
    if (rc) return rc;
    fputs("file,line,field,value,rule,severity,message\r\n", out);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        for (int i = 0; i < 7; i++) {
            if (i) fputc(',', out);
            if (i == 1)
                fprintf(out, "%lld", (long long)sqlite3_column_int64(st, 1));
            else
                cell(out, col(st, i));
        }
        fputs("\r\n", out);
    }
    if (step != SQLITE_DONE)
        rc = sg_err(err, SG_EDB, "cannot read findings: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc;
}

/* ---- JSON ---- */

static void jstr(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':
            fputs("\\\"", out);
            break;
        case '\\':
            fputs("\\\\", out);
            break;
        case '\n':
            fputs("\\n", out);
            break;
        case '\r':
            fputs("\\r", out);
            break;
        case '\t':
            fputs("\\t", out);
            break;
        default:
            if (*p < 0x20)
                fprintf(out, "\\u%04x", *p);
            else
                fputc(*p, out);
        }
    }
    fputc('"', out);
}

static int write_json(sqlite3 *db, const int64_t *subs, int nsubs, FILE *out, sg_error *err)
{
    long t[SG_SEV__COUNT];
    int rc = totals(db, subs, nsubs, t, err);
    if (rc) return rc;
    fprintf(out,
            "{\"summary\": {\"errors\": %ld, \"queries\": %ld, \"warnings\": %ld, \"by_rule\": [",
            t[SG_SEV_ERROR], t[SG_SEV_QUERY], t[SG_SEV_WARNING]);
    sqlite3_stmt *st = NULL;
    if ((rc = prepare(db, GROUP_SQL, subs, nsubs, GROUP_TAIL, &st, err))) return rc;
    int step, n = 0;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        fputs(n++ ? ",\n  {\"rule\": " : "\n  {\"rule\": ", out);
        jstr(out, col(st, 0));
        fputs(", \"severity\": ", out);
        jstr(out, col(st, 1));
        fprintf(out, ", \"count\": %lld, \"message\": ", (long long)sqlite3_column_int64(st, 2));
        jstr(out, col(st, 3));
        fputc('}', out);
    }
    sqlite3_finalize(st);
    st = NULL;
    if (step != SQLITE_DONE)
        return sg_err(err, SG_EDB, "cannot read findings: %s", sqlite3_errmsg(db));
    fputs("]},\n\"findings\": [", out);
    if ((rc = prepare(db,
                      "SELECT submission_id, file, line, child, field, value, rule, severity,"
                      " message FROM finding WHERE 1",
                      subs, nsubs, " ORDER BY file, line, rule, id", &st, err)))
        return rc;
    n = 0;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        fprintf(out, "%s{\"submission\": %lld, \"file\": ", n++ ? ",\n  " : "\n  ",
                (long long)sqlite3_column_int64(st, 0));
        jstr(out, col(st, 1));
        fprintf(out, ", \"line\": %lld", (long long)sqlite3_column_int64(st, 2));
        static const char *const keys[] = {"child", "field",    "value",
                                           "rule",  "severity", "message"};
        for (int i = 0; i < 6; i++) {
            fprintf(out, ", \"%s\": ", keys[i]);
            if (sqlite3_column_type(st, 3 + i) == SQLITE_NULL)
                fputs("null", out);
            else
                jstr(out, col(st, 3 + i));
        }
        fputc('}', out);
    }
    if (step != SQLITE_DONE)
        rc = sg_err(err, SG_EDB, "cannot read findings: %s", sqlite3_errmsg(db));
    fputs("\n]}\n", out);
    sqlite3_finalize(st);
    return rc;
}

/* ---- HTML ---- */

static void h(FILE *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '&':
            fputs("&amp;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        case '\'':
            fputs("&#39;", out);
            break;
        default:
            fputc(*s, out);
        }
    }
}

/* An id attribute from a rule code: letters, digits and '-' kept, anything else as '_'. */
static void anchor(FILE *out, const char *rule, const char *sev)
{
    fputs("rule-", out);
    for (const char *p = rule; *p; p++) {
        char c = *p;
        int ok =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        fputc(ok ? c : '_', out);
    }
    fprintf(out, "-%s", sev);
}

static const char html_head[] =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>";
static const char html_style[] =
    "</title>\n<style>\n"
    "body{font-family:system-ui,sans-serif;margin:2rem;color:#111;max-width:80rem}\n"
    "table{border-collapse:collapse;margin:.5rem 0 1.5rem;width:100%}\n"
    "th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top}\n"
    "th{background:#eee}\nth[data-sort]{cursor:pointer}\n"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    ".error{color:#a00;font-weight:bold}.query{color:#a60}.warning{color:#555}\n"
    "section{border-top:2px solid #ccc;margin-top:1.5rem}\n"
    "@media print{th[data-sort]{cursor:auto}}\n"
    "</style>\n</head>\n<body>\n";

/* Progressive enhancement: a click on a header sorts its table (numbers as numbers). The page
 * is complete and readable without it. */
static const char html_script[] =
    "<script>\n"
    "document.querySelectorAll('table.sortable th').forEach(function(th,i){\n"
    " th.setAttribute('data-sort','');th.title='Sort by this column';\n"
    " th.addEventListener('click',function(){\n"
    "  var tb=th.closest('table').tBodies[0],rows=Array.prototype.slice.call(tb.rows);\n"
    "  var up=th.getAttribute('data-dir')!=='asc';th.setAttribute('data-dir',up?'asc':'desc');\n"
    "  rows.sort(function(a,b){var x=a.cells[i].textContent,y=b.cells[i].textContent;\n"
    "   var nx=parseFloat(x),ny=parseFloat(y);\n"
    "   var c=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y);return up?c:-c;});\n"
    "  rows.forEach(function(r){tb.appendChild(r);});});});\n"
    "</script>\n";

static int write_html(sqlite3 *db, const int64_t *subs, int nsubs, const char *title, int first_n,
                      FILE *out, sg_error *err)
{
    long t[SG_SEV__COUNT];
    int rc = totals(db, subs, nsubs, t, err);
    if (rc) return rc;
    fputs(html_head, out);
    h(out, title);
    fputs(html_style, out);
    fputs("<h1>", out);
    h(out, title);
    fputs("</h1>\n", out);
    fprintf(out,
            "<p><span class=\"error\">%ld error(s)</span>, <span class=\"query\">%ld "
            "quer%s</span>, <span class=\"warning\">%ld warning(s)</span>.</p>\n",
            t[SG_SEV_ERROR], t[SG_SEV_QUERY], t[SG_SEV_QUERY] == 1 ? "y" : "ies",
            t[SG_SEV_WARNING]);

    sqlite3_stmt *grp = NULL, *rows = NULL;
    if ((rc = prepare(db, GROUP_SQL, subs, nsubs, GROUP_TAIL, &grp, err))) return rc;
    if ((rc = prepare(db,
                      "SELECT file, line, child, field, value, message FROM finding "
                      "WHERE rule = ?1 AND severity = ?2",
                      subs, nsubs, " ORDER BY file, line, id LIMIT ?3", &rows, err)))
        goto out;
    fputs("<h2>Findings by rule</h2>\n<table class=\"sortable\">\n<thead><tr><th>Rule</th>"
          "<th>Severity</th><th>Count</th><th>Message</th></tr></thead>\n<tbody>\n",
          out);
    int step;
    while ((step = sqlite3_step(grp)) == SQLITE_ROW) {
        fputs("<tr><td><a href=\"#", out);
        anchor(out, col(grp, 0), col(grp, 1));
        fputs("\">", out);
        h(out, col(grp, 0));
        fprintf(out, "</a></td><td class=\"%s\">%s</td><td class=\"n\">%lld</td><td>", col(grp, 1),
                col(grp, 1), (long long)sqlite3_column_int64(grp, 2));
        h(out, col(grp, 3));
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody>\n</table>\n", out);
    if (step != SQLITE_DONE) {
        rc = sg_err(err, SG_EDB, "cannot read findings: %s", sqlite3_errmsg(db));
        goto out;
    }
    sqlite3_reset(grp);
    while ((step = sqlite3_step(grp)) == SQLITE_ROW) {
        long long count = sqlite3_column_int64(grp, 2);
        fputs("<section id=\"", out);
        anchor(out, col(grp, 0), col(grp, 1));
        fputs("\">\n<h3>", out);
        h(out, col(grp, 0));
        fprintf(out, " <span class=\"%s\">(%s)</span></h3>\n<p>", col(grp, 1), col(grp, 1));
        h(out, col(grp, 3));
        fprintf(out, "</p>\n<p>%lld finding(s)", count);
        if (count > first_n) fprintf(out, "; the first %d are listed", first_n);
        fputs(".</p>\n<table class=\"sortable\">\n<thead><tr><th>File</th><th>Line</th>"
              "<th>Child</th><th>Field</th><th>Value</th><th>Message</th></tr></thead>\n"
              "<tbody>\n",
              out);
        sqlite3_bind_text(rows, 1, col(grp, 0), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(rows, 2, col(grp, 1), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(rows, 3, first_n);
        int s2;
        while ((s2 = sqlite3_step(rows)) == SQLITE_ROW) {
            fputs("<tr><td>", out);
            h(out, col(rows, 0));
            fprintf(out, "</td><td class=\"n\">%lld</td>",
                    (long long)sqlite3_column_int64(rows, 1));
            for (int i = 2; i < 6; i++) {
                fputs("<td>", out);
                h(out, col(rows, i));
                fputs("</td>", out);
            }
            fputs("</tr>\n", out);
        }
        sqlite3_reset(rows);
        fputs("</tbody>\n</table>\n</section>\n", out);
        if (s2 != SQLITE_DONE) {
            rc = sg_err(err, SG_EDB, "cannot read findings: %s", sqlite3_errmsg(db));
            goto out;
        }
    }
    if (step != SQLITE_DONE)
        rc = sg_err(err, SG_EDB, "cannot read findings: %s", sqlite3_errmsg(db));
    fputs(html_script, out);
    fputs("</body>\n</html>\n", out);
out:
    sqlite3_finalize(grp);
    sqlite3_finalize(rows);
    return rc;
}

int sg_findings_report(sqlite3 *db, const int64_t *subs, int nsubs, sg_report_format fmt,
                       const sg_report_opts *opts, FILE *out, sg_error *err)
{
    const char *title = opts && opts->title ? opts->title : "Validation";
    int first_n = opts && opts->first_n > 0 ? opts->first_n : 50;
    int rc;
    switch (fmt) {
    case SG_REPORT_SUMMARY:
        rc = write_summary(db, subs, nsubs, title, out, err);
        break;
    case SG_REPORT_CSV:
        rc = write_csv(db, subs, nsubs, out, err);
        break;
    case SG_REPORT_JSON:
        rc = write_json(db, subs, nsubs, out, err);
        break;
    case SG_REPORT_HTML:
        rc = write_html(db, subs, nsubs, title, first_n, out, err);
        break;
    default:
        return sg_err(err, SG_EINVAL, "unknown report format");
    }
    if (!rc && (fflush(out) != 0 || ferror(out)))
        rc = sg_err(err, SG_EIO, "cannot write the report");
    return rc;
}

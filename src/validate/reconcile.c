/* reconcile.c - cross-agency reconciliation (reconcile.h). Each pair loads its two sides into
 * temporary tables (child, date, submission, line, detail) with SQL over the live records, then
 * counts and lists who has a counterpart by a matching condition of the pair. */
#include "validate/reconcile.h"

#include "core/buf.h"
#include "core/mem.h"
#include "core/period.h"
#include "store/export.h"

#include <stdlib.h>
#include <string.h>

/* A side is SELECT child_id, d, submission_id, line, detail with ?1/?2 = the period's first and
 * last day and ?3 = a pair parameter (the LADO agency). */
typedef struct pair_def {
    const char *name, *left, *right;
    const char *left_sql, *right_sql;
    const char *match; /* condition on l and r */
    bool right_listed;
    const char *param; /* ?3, or NULL */
} pair_def;

#define IN_PERIOD(c) " AND " c " BETWEEN ?1 AND ?2"
#define SUBS(cond) "submission_id IN (SELECT id FROM live_submission WHERE " cond ")"

/* Police missing episodes are matched to the 903's by child and a start within a day (a
 * report made after midnight); strategy requests to CSC discussions or S47s that start from
 * the day before to ten days after; LADO referrals by reference, or by date and category. */
static const pair_def annexa_cin[] = {
    {"annexa-cin:referral", "Annex A list 3 referrals", "CIN census referrals",
     "SELECT child_id, referral_date, submission_id, line, '' FROM live_referral WHERE " SUBS(
         "format LIKE 'annexa%'") IN_PERIOD("referral_date"),
     "SELECT child_id, referral_date, submission_id, line, '' FROM live_referral WHERE " SUBS(
         "format = 'cin'") IN_PERIOD("referral_date"),
     "l.child_id = r.child_id AND l.d = r.d", true, NULL},
    {"annexa-cin:assessment", "Annex A list 4 assessments", "CIN census assessments",
     "SELECT child_id, start_date, submission_id, line, '' FROM live_assessment WHERE " SUBS(
         "format LIKE 'annexa%'") IN_PERIOD("start_date"),
     "SELECT child_id, start_date, submission_id, line, '' FROM live_assessment WHERE " SUBS(
         "format = 'cin'") IN_PERIOD("start_date"),
     "l.child_id = r.child_id AND l.d = r.d", true, NULL},
    {"annexa-cin:s47", "Annex A list 5 section 47 enquiries", "CIN census section 47 enquiries",
     "SELECT child_id, start_date, submission_id, line, '' FROM live_s47 WHERE " SUBS(
         "format LIKE 'annexa%'") IN_PERIOD("start_date"),
     "SELECT child_id, start_date, submission_id, line, '' FROM live_s47 WHERE " SUBS(
         "format = 'cin'") IN_PERIOD("start_date"),
     "l.child_id = r.child_id AND l.d = r.d", true, NULL},
    {"annexa-cin:cp_plan", "Annex A list 7 child protection plans",
     "CIN census child protection plans",
     "SELECT child_id, start_date, submission_id, line, '' FROM live_cp_plan WHERE " SUBS(
         "format LIKE 'annexa%'") IN_PERIOD("start_date"),
     "SELECT child_id, start_date, submission_id, line, '' FROM live_cp_plan WHERE " SUBS(
         "format = 'cin'") IN_PERIOD("start_date"),
     "l.child_id = r.child_id AND l.d = r.d", true, NULL},
};

static const pair_def fixed_pairs[] = {
    {"missing-episodes", "police missing episodes from care", "SSDA903 missing episodes",
     "SELECT child_id, start_date, submission_id, line, coalesce(kind, '') FROM "
     "live_missing_episode WHERE reporting_agency = 'POLICE' AND from_place = 'CARE'" IN_PERIOD(
         "start_date"),
     "SELECT child_id, start_date, submission_id, line, coalesce(kind, '') FROM "
     "live_missing_episode WHERE " SUBS("format LIKE 'ssda903%'") IN_PERIOD("start_date"),
     "l.child_id = r.child_id AND julianday(l.d) - julianday(r.d) BETWEEN -1 AND 1", true, NULL},
    {"missing-known", "children police report missing",
     "children with a CSC record (referral, plan, care episode)",
     "SELECT child_id, min(start_date), min(submission_id), min(line), '' FROM "
     "live_missing_episode WHERE reporting_agency = 'POLICE'" IN_PERIOD(
         "start_date") " GROUP BY child_id",
     "SELECT child_id, min(d), min(s), min(line), '' FROM (SELECT child_id, referral_date AS d, "
     "submission_id AS s, line FROM live_referral UNION ALL SELECT child_id, start_date, "
     "submission_id, line FROM live_cin_plan UNION ALL SELECT child_id, start_date, "
     "submission_id, line FROM live_cp_plan UNION ALL SELECT child_id, start_date, "
     "submission_id, line FROM live_cla_episode UNION ALL SELECT child_id, start_date, "
     "submission_id, line FROM live_missing_episode WHERE reporting_agency = 'CSC') WHERE d <= ?2 "
     "GROUP BY child_id",
     "l.child_id = r.child_id", false, NULL},
    {"strategy", "police strategy discussion requests",
     "CSC strategy discussions and section 47 enquiries",
     "SELECT child_id, event_date, submission_id, line, coalesce(ref, '') FROM live_police_event "
     "WHERE kind = 'STRATEGY_REQUEST'" IN_PERIOD("event_date"),
     "SELECT child_id, strategy_date, submission_id, line, 'strategy' FROM live_strategy WHERE "
     "1" IN_PERIOD("strategy_date") " UNION ALL SELECT child_id, start_date, submission_id, line, "
                                    "'s47' FROM live_s47 WHERE 1" IN_PERIOD("start_date"),
     "l.child_id = r.child_id AND julianday(r.d) - julianday(l.d) BETWEEN -1 AND 10", true, NULL},
};

static const pair_def lado_pair = {
    "lado:",
    "LADO referrals from the agency (LADO's return)",
    "the agency's own LADO return",
    "SELECT NULL, received_date, submission_id, line, coalesce(ref, '') || '|' || "
    "coalesce(category, '') FROM live_lado WHERE referring_agency = ?3 AND " SUBS("agency <> ?3")
        IN_PERIOD("received_date"),
    "SELECT NULL, received_date, submission_id, line, coalesce(ref, '') || '|' || "
    "coalesce(category, '') FROM live_lado WHERE " SUBS("agency = ?3") IN_PERIOD("received_date"),
    "((l.detail NOT LIKE '|%' AND r.detail NOT LIKE '|%' AND substr(l.detail, 1, instr(l.detail, "
    "'|')) = substr(r.detail, 1, instr(r.detail, '|'))) OR ((l.detail LIKE '|%' OR r.detail LIKE "
    "'|%') AND l.d = r.d AND substr(l.detail, instr(l.detail, '|')) = substr(r.detail, "
    "instr(r.detail, '|'))))",
    true,
    NULL};

typedef struct rctx {
    sg_store *s;
    sqlite3 *db;
    char start[11], end[11];
    sg_recon_pair *pairs;
    int npairs, cap;
    sg_recon_record_fn fn;
    void *ud;
    sg_error *err;
} rctx;

static int dberr(rctx *c, const char *what)
{
    return sg_err(c->err, SG_EDB, "%s: %s", what, sqlite3_errmsg(c->db));
}

static int exec(rctx *c, const char *sql)
{
    return sqlite3_exec(c->db, sql, NULL, NULL, NULL) == SQLITE_OK ? SG_OK
                                                                   : dberr(c, "reconciling");
}

/* Fills temp table t from sql. */
static int load_side(rctx *c, const char *t, const char *sql, const char *param)
{
    int rc;
    sg_buf q;
    sg_buf_init(&q, 0);
    sg_buf_printf(&q, "DELETE FROM %s", t);
    if ((rc = exec(c, sg_buf_str(&q)))) goto out;
    sg_buf_reset(&q);
    sg_buf_printf(&q, "INSERT INTO %s (child_id, d, sub, line, detail) %s", t, sql);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(c->db, sg_buf_str(&q), -1, &st, NULL) != SQLITE_OK) {
        rc = dberr(c, "reconciling");
        goto out;
    }
    sqlite3_bind_text(st, 1, c->start, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, c->end, -1, SQLITE_STATIC);
    if (param) sqlite3_bind_text(st, 3, param, -1, SQLITE_STATIC);
    rc = sqlite3_step(st) == SQLITE_DONE ? SG_OK : dberr(c, "reconciling");
    sqlite3_finalize(st);
out:
    sg_buf_fini(&q);
    return rc;
}

static long count_sql(rctx *c, const char *sql, int *rc)
{
    sqlite3_stmt *st = NULL;
    long n = 0;
    if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW)
        *rc = dberr(c, "reconciling");
    else
        n = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static int list_side(rctx *c, const sg_recon_pair *p, const char *side, const char *self,
                     const char *other, const char *match)
{
    sg_buf q;
    sg_buf_init(&q, 0);
    /* the matching condition is written with l and r: alias this side and the other so */
    bool left = strcmp(side, "left") == 0;
    sg_buf_printf(&q,
                  "SELECT coalesce((SELECT min(pseudonym) FROM child_key k WHERE k.child_id = "
                  "%s.child_id), ''), %s.d, %s.detail, %s.sub, coalesce((SELECT file_name FROM "
                  "submission WHERE id = %s.sub), ''), %s.line, EXISTS (SELECT 1 FROM %s %s "
                  "WHERE %s) FROM %s %s ORDER BY %s.d, %s.sub, %s.line",
                  left ? "l" : "r", left ? "l" : "r", left ? "l" : "r", left ? "l" : "r",
                  left ? "l" : "r", left ? "l" : "r", other, left ? "r" : "l", match, self,
                  left ? "l" : "r", left ? "l" : "r", left ? "l" : "r", left ? "l" : "r");
    sqlite3_stmt *st = NULL;
    int rc = SG_OK;
    if (sqlite3_prepare_v2(c->db, sg_buf_str(&q), -1, &st, NULL) != SQLITE_OK) {
        rc = dberr(c, "listing reconciled records");
        goto out;
    }
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        sg_recon_record r = {.pair = p->name,
                             .side = side,
                             .child = (const char *)sqlite3_column_text(st, 0),
                             .date = (const char *)sqlite3_column_text(st, 1),
                             .detail = (const char *)sqlite3_column_text(st, 2),
                             .submission = sqlite3_column_int64(st, 3),
                             .file = (const char *)sqlite3_column_text(st, 4),
                             .line = (long)sqlite3_column_int64(st, 5),
                             .matched = sqlite3_column_int(st, 6) != 0};
        if (!r.date) r.date = "";
        if (!r.detail) r.detail = "";
        if ((rc = c->fn(c->ud, &r))) break;
    }
    if (!rc && step != SQLITE_DONE) rc = dberr(c, "listing reconciled records");
out:
    sqlite3_finalize(st);
    sg_buf_fini(&q);
    return rc;
}

static int run_pair(rctx *c, const pair_def *d, const char *param)
{
    if (c->npairs == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        c->pairs = xrealloc(c->pairs, (size_t)c->cap * sizeof *c->pairs);
    }
    sg_recon_pair *p = &c->pairs[c->npairs];
    memset(p, 0, sizeof *p);
    snprintf(p->name, sizeof p->name, "%s%s", d->name, param ? param : "");
    if (param) {
        snprintf(p->left, sizeof p->left, "LADO referrals from %s (LADO's return)", param);
        snprintf(p->right, sizeof p->right, "%s's own LADO return", param);
    } else {
        sg_strlcpy(p->left, d->left, sizeof p->left);
        sg_strlcpy(p->right, d->right, sizeof p->right);
    }
    p->right_listed = d->right_listed;
    int rc = load_side(c, "temp.recon_l", d->left_sql, param);
    if (!rc) rc = load_side(c, "temp.recon_r", d->right_sql, param);
    if (rc) return rc;
    c->npairs++;
    p->left_n = count_sql(c, "SELECT count(*) FROM recon_l", &rc);
    p->right_n = count_sql(c, "SELECT count(*) FROM recon_r", &rc);
    sg_buf q;
    sg_buf_init(&q, 0);
    sg_buf_printf(&q,
                  "SELECT count(*) FROM recon_l l WHERE EXISTS (SELECT 1 FROM recon_r r WHERE %s)",
                  d->match);
    p->left_matched = count_sql(c, sg_buf_str(&q), &rc);
    sg_buf_reset(&q);
    sg_buf_printf(&q,
                  "SELECT count(*) FROM recon_r r WHERE EXISTS (SELECT 1 FROM recon_l l WHERE %s)",
                  d->match);
    p->right_matched = count_sql(c, sg_buf_str(&q), &rc);
    sg_buf_fini(&q);
    if (!rc && c->fn) rc = list_side(c, p, "left", "recon_l", "recon_r", d->match);
    if (!rc && c->fn && d->right_listed)
        rc = list_side(c, p, "right", "recon_r", "recon_l", d->match);
    return rc;
}

int sg_reconcile(sg_store *s, const char *period, sg_recon_pair **pairs, int *npairs,
                 sg_recon_record_fn fn, void *ud, sg_error *err)
{
    *pairs = NULL;
    *npairs = 0;
    sg_date a, b;
    if (!sg_period_range(period, &a, &b))
        return sg_err(err, SG_EINVAL,
                      "period '%s' is not valid (use 2023-24 for a financial year, 2023-Q2 or "
                      "2023-05)",
                      period ? period : "");
    rctx c = {.s = s, .db = sg_store_db(s), .fn = fn, .ud = ud, .err = err};
    sg_date_iso(a, c.start);
    sg_date_iso(b, c.end);
    int rc = exec(&c, "CREATE TEMP TABLE IF NOT EXISTS recon_l (child_id INTEGER, d TEXT, sub "
                      "INTEGER, line INTEGER, detail TEXT);"
                      "CREATE TEMP TABLE IF NOT EXISTS recon_r (child_id INTEGER, d TEXT, sub "
                      "INTEGER, line INTEGER, detail TEXT)");
    for (size_t i = 0; !rc && i < sizeof fixed_pairs / sizeof fixed_pairs[0]; i++)
        rc = run_pair(&c, &fixed_pairs[i], NULL);
    /* one LADO pair per referring agency named in the period */
    if (!rc) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(c.db,
                               "SELECT DISTINCT referring_agency FROM live_lado WHERE "
                               "referring_agency IS NOT NULL AND received_date BETWEEN ?1 AND ?2 "
                               "ORDER BY 1",
                               -1, &st, NULL) != SQLITE_OK) {
            rc = dberr(&c, "reconciling");
        } else {
            sqlite3_bind_text(st, 1, c.start, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 2, c.end, -1, SQLITE_STATIC);
            char agencies[32][64];
            int na = 0;
            while (sqlite3_step(st) == SQLITE_ROW && na < 32)
                sg_strlcpy(agencies[na++], (const char *)sqlite3_column_text(st, 0),
                           sizeof agencies[0]);
            sqlite3_finalize(st);
            for (int i = 0; i < na && !rc; i++)
                rc = run_pair(&c, &lado_pair, agencies[i]);
        }
    }
    for (size_t i = 0; !rc && i < sizeof annexa_cin / sizeof annexa_cin[0]; i++)
        rc = run_pair(&c, &annexa_cin[i], NULL);
    exec(&c, "DROP TABLE IF EXISTS temp.recon_l; DROP TABLE IF EXISTS temp.recon_r");
    if (rc) {
        free(c.pairs);
        return rc;
    }
    *pairs = c.pairs;
    *npairs = c.npairs;
    return SG_OK;
}

/* ---- reports ---- */

typedef struct rep {
    FILE *out;
    int fmt;
    long n; /* records written (JSON commas) */
    const char *cur_pair;
} rep;

static void jstr(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(out, "\\u%04x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

static void cell(FILE *out, const char *s)
{
    sg_export_cell(out, s, strlen(s));
}

static int rep_record(void *ud, const sg_recon_record *r)
{
    rep *p = ud;
    if (p->fmt == 1) {
        const char *cells[] = {r->pair,  r->side, r->matched ? "matched" : "unmatched",
                               r->child, r->date, r->detail};
        for (int i = 0; i < 6; i++) {
            if (i) fputc(',', p->out);
            cell(p->out, cells[i]);
        }
        fprintf(p->out, ",%lld,", (long long)r->submission);
        cell(p->out, r->file);
        fprintf(p->out, ",%ld\r\n", r->line);
    } else if (p->fmt == 2) {
        fputs(p->n++ ? ",\n  {\"pair\": " : "\n  {\"pair\": ", p->out);
        jstr(p->out, r->pair);
        fputs(", \"side\": ", p->out);
        jstr(p->out, r->side);
        fprintf(p->out, ", \"matched\": %s, \"child\": ", r->matched ? "true" : "false");
        jstr(p->out, r->child);
        fputs(", \"date\": ", p->out);
        jstr(p->out, r->date);
        fputs(", \"detail\": ", p->out);
        jstr(p->out, r->detail);
        fprintf(p->out, ", \"submission\": %lld, \"file\": ", (long long)r->submission);
        jstr(p->out, r->file);
        fprintf(p->out, ", \"line\": %ld}", r->line);
    }
    return SG_OK;
}

int sg_reconcile_report(sg_store *s, const char *period, int fmt, FILE *out, sg_error *err)
{
    rep p = {.out = out, .fmt = fmt};
    sg_recon_pair *pairs = NULL;
    int n = 0;
    if (fmt == 1) fputs("pair,side,status,child,date,detail,submission,file,line\r\n", out);
    if (fmt == 2) fputs("{\"records\": [", out);
    int rc = sg_reconcile(s, period, &pairs, &n, fmt ? rep_record : NULL, &p, err);
    if (rc) return rc;
    if (fmt == 0) {
        fprintf(out, "Reconciliation for %s\n", period);
        fprintf(out, "%-26s %8s %8s %8s %8s %10s %10s\n", "pair", "left", "right", "l-match",
                "r-match", "l-unmatch", "r-unmatch");
        for (int i = 0; i < n; i++) {
            const sg_recon_pair *q = &pairs[i];
            fprintf(out, "%-26s %8ld %8ld %8ld %8ld %10ld ", q->name, q->left_n, q->right_n,
                    q->left_matched, q->right_matched, q->left_n - q->left_matched);
            if (q->right_listed)
                fprintf(out, "%10ld\n", q->right_n - q->right_matched);
            else
                fprintf(out, "%10s\n", "-");
        }
        fputs("\nleft and right:\n", out);
        for (int i = 0; i < n; i++)
            fprintf(out, "  %-26s %s | %s\n", pairs[i].name, pairs[i].left, pairs[i].right);
    } else if (fmt == 2) {
        fputs("\n],\n\"pairs\": [", out);
        for (int i = 0; i < n; i++) {
            const sg_recon_pair *q = &pairs[i];
            fputs(i ? ",\n  {\"pair\": " : "\n  {\"pair\": ", out);
            jstr(out, q->name);
            fputs(", \"left\": ", out);
            jstr(out, q->left);
            fputs(", \"right\": ", out);
            jstr(out, q->right);
            fprintf(out,
                    ", \"left_count\": %ld, \"right_count\": %ld, \"left_matched\": %ld, "
                    "\"right_matched\": %ld, \"left_unmatched\": %ld, \"right_unmatched\": %ld}",
                    q->left_n, q->right_n, q->left_matched, q->right_matched,
                    q->left_n - q->left_matched, q->right_n - q->right_matched);
        }
        fprintf(out, "\n], \"period\": ");
        jstr(out, period);
        fputs("}\n", out);
    }
    free(pairs);
    if (fflush(out) != 0 || ferror(out)) return sg_err(err, SG_EIO, "cannot write the report");
    return SG_OK;
}

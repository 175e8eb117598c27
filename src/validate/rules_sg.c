/* rules_sg.c - our own rules (SG-...): checks over the store's canonical tables that no single
 * DfE rule set makes, for every kind of return (agency templates, Annex A, CIN census, SSDA903).
 *
 * Each rule runs once per validated submission with SQL over the store: it looks at the records
 * of that submission (ctx->submission) and, where the rule spans returns or years, at the other
 * live records. Findings carry the record's stored line, the submission's file name and the
 * child's pseudonym (never a raw identifier). Rules and tolerances are documented in
 * docs/rules.md. The rules that read other returns (birth months from other returns, the CP
 * pathway, duplicates across returns) are in rules_sg_cross.c; the shared helpers in
 * rules_sg_int.h. */
#include "validate/rules_sg_int.h"

#include "core/buf.h"
#include "core/codes.h"
#include "core/mem.h"
#include "core/period.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- tables and their date columns ---- */

/* Ofsted Annex A list 6 (children in need) is stored as extra records with the list's fields
 * in JSON; its dates are checked as the other tables' are. */
#define A6(f) "json_extract(fields, '$." f "')"

static const date_col date_cols[] = {
    {"contact", "contact_date", false, NULL},
    {"early_help", "start_date", false, NULL},
    {"early_help", "end_date", false, NULL},
    {"referral", "referral_date", false, NULL},
    {"referral", "closure_date", false, NULL},
    {"referral", "initial_cpc_date", false, NULL},
    {"assessment", "start_date", false, NULL},
    {"assessment", "authorised_date", false, NULL},
    {"assessment", "internal_review_date", false, NULL},
    {"strategy", "strategy_date", false, NULL},
    {"s47", "start_date", false, NULL},
    {"s47", "icpc_target_date", true, NULL},
    {"s47", "icpc_date", false, NULL},
    {"cin_plan", "start_date", false, NULL},
    {"cin_plan", "end_date", false, NULL},
    {"cp_plan", "start_date", false, NULL},
    {"cp_plan", "end_date", false, NULL},
    {"cp_review", "review_date", false, NULL},
    {"cla_episode", "start_date", false, NULL},
    {"cla_episode", "end_date", false, NULL},
    {"cla_review", "review_date", false, NULL},
    {"missing_episode", "start_date", false, NULL},
    {"missing_episode", "end_date", false, NULL},
    {"lado", "received_date", false, NULL},
    {"lado", "strategy_date", false, NULL},
    {"lado", "concluded_date", false, NULL},
    {"police_event", "event_date", false, NULL},
    {"extra_record", "cin_start_date", false, A6("cin_start_date")},
    {"extra_record", "last_seen_date", false, A6("last_seen_date")},
    {"extra_record", "cin_closure_date", false, A6("cin_closure_date")},
};
#define NDATE (sizeof date_cols / sizeof date_cols[0])

static const char *dexpr(const date_col *d)
{
    return d->expr ? d->expr : d->col;
}

/* Start / end pairs: the end may not come before the start. */
typedef struct date_pair {
    const char *table, *start, *end;
    const char *start_expr, *end_expr; /* as date_col's expr */
} date_pair;

static const date_pair date_pairs[] = {
    {"referral", "referral_date", "closure_date", NULL, NULL},
    {"assessment", "start_date", "authorised_date", NULL, NULL},
    {"cin_plan", "start_date", "end_date", NULL, NULL},
    {"cp_plan", "start_date", "end_date", NULL, NULL},
    {"cla_episode", "start_date", "end_date", NULL, NULL},
    {"missing_episode", "start_date", "end_date", NULL, NULL},
    {"early_help", "start_date", "end_date", NULL, NULL},
    {"lado", "received_date", "concluded_date", NULL, NULL},
    {"s47", "start_date", "icpc_date", NULL, NULL},
    {"extra_record", "cin_start_date", "cin_closure_date", A6("cin_start_date"),
     A6("cin_closure_date")},
};

/* Record tables that hold one row per event (duplicates and counts); child_detail is left out:
 * agency templates state a child's details once per row, so repeats there are normal. */
static const char *const event_tables[] = {
    "contact",  "early_help",   "referral",   "assessment",   "strategy",   "s47",
    "cin_plan", "cp_plan",      "cp_review",  "cla_episode",  "cla_review", "missing_episode",
    "lado",     "police_event", "population", "extra_record",
};
#define NEVENT (sizeof event_tables / sizeof event_tables[0])

/* ---- the submission ---- */

/* The last day a period covers (core/period.h: "2023-24" -> 2024-03-31, "2023-05" ->
 * 2023-05-31, "2023-Q4" -> 2024-03-31), "" when p is none. A quarter is the financial year's
 * (Q1 April-June ... Q4 January-March), as submissions are named. */
static void period_end(const char *p, char out[11])
{
    out[0] = '\0';
    sg_date start, end;
    if (p && sg_period_range(p, &start, &end)) sg_date_iso(end, out);
}

int sg_rules_sg_dberr(sg_vctx *ctx, const char *what)
{
    return sg_vctx_fail(ctx, SG_EDB, "%s: %s", what, sqlite3_errmsg(ctx->db));
}

int sg_rules_sg_sub_info(sg_vctx *ctx, subinfo *si)
{
    memset(si, 0, sizeof *si);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(ctx->db,
                           "SELECT file_name, agency, format, period FROM submission WHERE id = ?",
                           -1, &st, NULL) != SQLITE_OK)
        return sg_rules_sg_dberr(ctx, "reading the submission");
    sqlite3_bind_int64(st, 1, ctx->submission);
    int rc = SG_OK;
    if (sqlite3_step(st) == SQLITE_ROW) {
        sg_strlcpy(si->file, (const char *)sqlite3_column_text(st, 0), sizeof si->file);
        sg_strlcpy(si->agency, (const char *)sqlite3_column_text(st, 1), sizeof si->agency);
        sg_strlcpy(si->format, (const char *)sqlite3_column_text(st, 2), sizeof si->format);
        sg_strlcpy(si->period, (const char *)sqlite3_column_text(st, 3), sizeof si->period);
        period_end(si->period, si->end);
    } else {
        rc = sg_vctx_fail(ctx, SG_ENOTFOUND, "no submission %lld", (long long)ctx->submission);
    }
    sqlite3_finalize(st);
    return rc;
}

int sg_rules_sg_report_sql(sg_vctx *ctx, const sg_rule *rule, const subinfo *si, const char *sql,
                           const char *text2)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(ctx->db, sql, -1, &st, NULL) != SQLITE_OK)
        return sg_rules_sg_dberr(ctx, "preparing a rule's query");
    sqlite3_bind_int64(st, 1, ctx->submission);
    if (text2) sqlite3_bind_text(st, 2, text2, -1, SQLITE_TRANSIENT);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        sg_finding f = {
            .file = si->file,
            .line = (long)sqlite3_column_int64(st, 0),
            .child = (const char *)sqlite3_column_text(st, 1),
            .field = (const char *)sqlite3_column_text(st, 2),
            .value = (const char *)sqlite3_column_text(st, 3),
            .message = (const char *)sqlite3_column_text(st, 4),
        };
        sg_vreport_finding(ctx, rule, &f);
    }
    int rc = step == SQLITE_DONE ? SG_OK : sg_rules_sg_dberr(ctx, "running a rule's query");
    sqlite3_finalize(st);
    return rc;
}

/* ---- SG-DATE-FUTURE ---- */

static int rule_future(sg_vctx *ctx, const sg_rule *rule)
{
    subinfo si;
    int rc = sg_rules_sg_sub_info(ctx, &si);
    if (rc || !si.end[0]) return rc;
    sg_buf q;
    sg_buf_init(&q, 0);
    for (size_t i = 0; i < NDATE; i++) {
        const date_col *d = &date_cols[i];
        if (d->future_ok) continue;
        sg_buf_printf(&q,
                      "%sSELECT line, %s, '%s', %s, printf('%%s is after %%s, the end of the "
                      "period this return covers.', %s, ?2) FROM %s t WHERE submission_id = ?1 "
                      "AND %s > ?2",
                      q.len ? " UNION ALL " : "", CHILD_PS("t"), d->col, dexpr(d), dexpr(d),
                      d->table, dexpr(d));
    }
    sg_buf_puts(&q, " ORDER BY 1");
    rc = sg_rules_sg_report_sql(ctx, rule, &si, sg_buf_str(&q), si.end);
    sg_buf_fini(&q);
    return rc;
}

/* ---- SG-DATE-ORDER ---- */

static int rule_order(sg_vctx *ctx, const sg_rule *rule)
{
    subinfo si;
    int rc = sg_rules_sg_sub_info(ctx, &si);
    if (rc) return rc;
    sg_buf q;
    sg_buf_init(&q, 0);
    for (size_t i = 0; i < sizeof date_pairs / sizeof date_pairs[0]; i++) {
        const date_pair *p = &date_pairs[i];
        const char *se = p->start_expr ? p->start_expr : p->start;
        const char *ee = p->end_expr ? p->end_expr : p->end;
        sg_buf_printf(&q,
                      "%sSELECT line, %s, '%s', %s, printf('%s %%s is before %s %%s.', %s, %s) "
                      "FROM %s t WHERE submission_id = ?1 AND %s < %s",
                      q.len ? " UNION ALL " : "", CHILD_PS("t"), p->end, ee, p->end, p->start, ee,
                      se, p->table, ee, se);
    }
    sg_buf_puts(&q, " ORDER BY 1");
    rc = sg_rules_sg_report_sql(ctx, rule, &si, sg_buf_str(&q), NULL);
    sg_buf_fini(&q);
    return rc;
}

/* ---- SG-DATE-DEFAULT ---- */

/* Dates systems write when nobody entered one. None can be a real date in a child's record
 * now (1 January 1970 was more than 50 years ago). */
#define DEFAULT_DATES "('1900-01-01', '1901-01-01', '1970-01-01')"
#define DEFAULT_MONTHS "('1900-01', '1901-01', '1970-01')"

static int rule_default(sg_vctx *ctx, const sg_rule *rule)
{
    subinfo si;
    int rc = sg_rules_sg_sub_info(ctx, &si);
    if (rc) return rc;
    sg_buf q;
    sg_buf_init(&q, 0);
    sg_buf_printf(&q,
                  "SELECT line, %s, 'birth', birth, 'The month of birth is a default value "
                  "(' || birth || '), not a real one.' FROM child_detail t WHERE "
                  "submission_id = ?1 AND birth IN " DEFAULT_MONTHS,
                  CHILD_PS("t"));
    for (size_t i = 0; i < NDATE; i++) {
        const date_col *d = &date_cols[i];
        sg_buf_printf(
            &q,
            " UNION ALL SELECT line, %s, '%s', %s, printf('%%s is a default date, not "
            "a real one.', %s) FROM %s t WHERE submission_id = ?1 AND %s IN " DEFAULT_DATES,
            CHILD_PS("t"), d->col, dexpr(d), dexpr(d), d->table, dexpr(d));
    }
    sg_buf_puts(&q, " ORDER BY 1");
    rc = sg_rules_sg_report_sql(ctx, rule, &si, sg_buf_str(&q), NULL);
    sg_buf_fini(&q);
    return rc;
}

/* ---- SG-DATE-SAME ---- */

/* A date column that holds one value in every row of a return of some size was almost
 * certainly filled in by default. */
#define SAME_MIN_ROWS 10

static int rule_same(sg_vctx *ctx, const sg_rule *rule)
{
    subinfo si;
    int rc = sg_rules_sg_sub_info(ctx, &si);
    if (rc) return rc;
    sg_buf q;
    sg_buf_init(&q, 0);
    for (size_t i = 0; i < NDATE; i++) {
        const date_col *d = &date_cols[i];
        sg_buf_printf(
            &q,
            "%sSELECT 0, '', '%s', min(%s), printf('All %%d %s values in this return "
            "are the same date (%%s): it looks pre-populated.', count(%s), min(%s)) "
            "FROM %s WHERE submission_id = ?1 GROUP BY submission_id HAVING count(%s) >= %d AND "
            "min(%s) = max(%s)",
            q.len ? " UNION ALL " : "", d->col, dexpr(d), d->col, dexpr(d), dexpr(d), d->table,
            dexpr(d), SAME_MIN_ROWS, dexpr(d), dexpr(d));
    }
    rc = sg_rules_sg_report_sql(ctx, rule, &si, sg_buf_str(&q), NULL);
    sg_buf_fini(&q);
    return rc;
}

/* ---- duplicates ---- */

/* The content columns of a table: everything but the row's own id, submission, line and links
 * to parent rows (a duplicated element gets a parent of its own). */
static int content_cols(sg_vctx *ctx, const char *table, sg_buf *out)
{
    char sql[128];
    snprintf(sql, sizeof sql, "PRAGMA table_info(%s)", table);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(ctx->db, sql, -1, &st, NULL) != SQLITE_OK)
        return sg_rules_sg_dberr(ctx, "reading a table's columns");
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *c = (const char *)sqlite3_column_text(st, 1);
        size_t len = strlen(c);
        if (!strcmp(c, "id") || !strcmp(c, "submission_id") || !strcmp(c, "line")) continue;
        if (len > 3 && !strcmp(c + len - 3, "_id") && strcmp(c, "child_id") != 0) continue;
        sg_buf_printf(out, "%s%s", n++ ? ", " : "", c);
    }
    sqlite3_finalize(st);
    return SG_OK;
}

/* SG-DUP-WITHIN: the same record twice in one return (every stored value equal). */
static int rule_dup_within(sg_vctx *ctx, const sg_rule *rule)
{
    subinfo si;
    int rc = sg_rules_sg_sub_info(ctx, &si);
    if (rc) return rc;
    sg_buf q, cols;
    sg_buf_init(&q, 0);
    sg_buf_init(&cols, 0);
    for (size_t i = 0; i < NEVENT && !rc; i++) {
        sg_buf_reset(&cols);
        if ((rc = content_cols(ctx, event_tables[i], &cols))) break;
        /* Every copy after the first is reported, at its own line. */
        sg_buf_printf(&q,
                      "%sSELECT t.line, %s, '%s', NULL, printf('The same %s record as line %%d.', "
                      "(SELECT min(line) FROM %s u WHERE u.submission_id = t.submission_id AND "
                      "u.id = w.first)) FROM %s t JOIN (SELECT min(id) AS first, %s FROM %s "
                      "WHERE submission_id = ?1 GROUP BY %s HAVING count(*) > 1) w ON w.first "
                      "<> t.id AND t.submission_id = ?1",
                      q.len ? " UNION ALL " : "", CHILD_PS("t"), event_tables[i], event_tables[i],
                      event_tables[i], event_tables[i], sg_buf_str(&cols), event_tables[i],
                      sg_buf_str(&cols));
        /* ... joined on every content column being equal (IS, so NULLs match). */
        const char *p = sg_buf_str(&cols);
        while (*p) {
            const char *e = strchr(p, ',');
            size_t len = e ? (size_t)(e - p) : strlen(p);
            sg_buf_printf(&q, " AND t.%.*s IS w.%.*s", (int)len, p, (int)len, p);
            p += len;
            while (*p == ',' || *p == ' ')
                p++;
        }
    }
    if (!rc) {
        sg_buf_puts(&q, " ORDER BY 1");
        rc = sg_rules_sg_report_sql(ctx, rule, &si, sg_buf_str(&q), NULL);
    }
    sg_buf_fini(&q);
    sg_buf_fini(&cols);
    return rc;
}

/* ---- SG-COUNT-JUMP ---- */

/* Records of a type that change by more than this share against the same agency's return for
 * the previous period, and by at least COUNT_MIN_DIFF, are worth a question. */
#define COUNT_TOLERANCE 0.5
#define COUNT_MIN_DIFF 10

/* The period before p: a financial year, quarter or month back ("2023-Q1" -> "2022-Q4");
 * "" when p is none of those (a rolling period has no return before it). */
static void period_before(const char *p, char out[16])
{
    out[0] = '\0';
    sg_period cur;
    sg_error err;
    if (!p || sg_period_parse(p, &cur, &err) || cur.kind == SG_PERIOD_ROLLING) return;
    if (cur.kind == SG_PERIOD_YEAR) {
        sg_fy_text(cur.fy - 1, out);
        return;
    }
    /* the day before the period starts lies in the period before it */
    sg_date before = cur.start - 1;
    int y, m, d;
    sg_date_to_ymd(before, &y, &m, &d);
    if (cur.kind == SG_PERIOD_MONTH)
        snprintf(out, 16, "%04d-%02d", y, m);
    else
        snprintf(out, 16, "%04d-Q%d", sg_fy_of(before), (m + 8) / 3 % 4 + 1);
}

static int rule_count_jump(sg_vctx *ctx, const sg_rule *rule)
{
    subinfo si;
    int rc = sg_rules_sg_sub_info(ctx, &si);
    if (rc) return rc;
    char prev[16];
    period_before(si.period, prev);
    if (!prev[0]) return SG_OK;
    sg_buf q;
    sg_buf_init(&q, 0);
    for (size_t i = 0; i < NEVENT; i++) {
        sg_buf_printf(&q,
                      "%sSELECT '%s', (SELECT count(*) FROM %s WHERE submission_id = ?1), "
                      "(SELECT count(*) FROM %s WHERE submission_id IN (SELECT id FROM "
                      "live_submission WHERE agency = ?2 AND format = ?3 AND period = ?4)), "
                      "(SELECT count(*) FROM live_submission WHERE agency = ?2 AND format = ?3 "
                      "AND period = ?4)",
                      i ? " UNION ALL " : "", event_tables[i], event_tables[i], event_tables[i]);
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(ctx->db, sg_buf_str(&q), -1, &st, NULL) != SQLITE_OK) {
        sg_buf_fini(&q);
        return sg_rules_sg_dberr(ctx, "preparing a rule's query");
    }
    sg_buf_fini(&q);
    sqlite3_bind_int64(st, 1, ctx->submission);
    sqlite3_bind_text(st, 2, si.agency, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, si.format, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, prev, -1, SQLITE_STATIC);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *table = (const char *)sqlite3_column_text(st, 0);
        long cur = (long)sqlite3_column_int64(st, 1), before = (long)sqlite3_column_int64(st, 2);
        if (sqlite3_column_int64(st, 3) == 0 || (cur == 0 && before == 0)) continue;
        long diff = labs(cur - before);
        if (diff < COUNT_MIN_DIFF || diff <= COUNT_TOLERANCE * (double)before) continue;
        char msg[256], val[32];
        snprintf(val, sizeof val, "%ld", cur);
        if (before)
            snprintf(msg, sizeof msg,
                     "%ld %s records against %ld for %s: a change of %+.0f%%, more than the "
                     "%.0f%% tolerance.",
                     cur, table, before, prev, 100.0 * (double)(cur - before) / (double)before,
                     100 * COUNT_TOLERANCE);
        else
            snprintf(msg, sizeof msg, "%ld %s records against none for %s.", cur, table, prev);
        sg_finding f = {.file = si.file, .field = table, .value = val, .message = msg};
        sg_vreport_finding(ctx, rule, &f);
    }
    rc = step == SQLITE_DONE ? SG_OK : sg_rules_sg_dberr(ctx, "running a rule's query");
    sqlite3_finalize(st);
    return rc;
}

/* ---- agency templates: codes and required values ---- */

/* codes: a list written here for a template column no other module reads, or NULL; set: the
 * code set of core/codes.h (data/code_sets.csv) the column takes, or NO_SET. Neither = the
 * column is only required. */
#define NO_SET (-1)
typedef struct agency_check {
    const char *format, *table, *col, *field; /* field = the template's column name */
    const char *codes;
    int set;
    bool required;
} agency_check;

#define LIST(codes) codes, NO_SET
#define SET(id) NULL, id
#define ANY_VALUE NULL, NO_SET

static const agency_check agency_checks[] = {
    {"agency/police_missing", "missing_episode", "from_place", "missing_from", LIST("HOME CARE"),
     true},
    {"agency/police_missing", "missing_episode", "kind", "missing_type", LIST("M A"), true},
    {"agency/police_missing", "missing_episode", "start_date", "start_date", ANY_VALUE, true},
    {"agency/police_events", "police_event", "kind", "event_type", SET(SG_CS_POLICE_EVENT_TYPE),
     true},
    {"agency/police_events", "police_event", "event_date", "event_date", ANY_VALUE, true},
    {"agency/police_events", "police_event", "subtype", "vpr_type", SET(SG_CS_VPR_TYPE), false},
    {"agency/early_help", "early_help", "organisation", "organisation", ANY_VALUE, true},
    {"agency/early_help", "early_help", "start_date", "assessment_start", ANY_VALUE, true},
    {"agency/early_help", "early_help", "outcome", "outcome", SET(SG_CS_EARLY_HELP_OUTCOME), false},
    {"agency/lado", "lado", "kind", "kind", LIST("CONTACT REFERRAL"), true},
    {"agency/lado", "lado", "received_date", "received_date", ANY_VALUE, true},
    {"agency/lado", "lado", "referring_agency", "referring_agency",
     LIST("CSC POLICE HEALTH EDUCATION EARLY_YEARS PROBATION YOUTH_JUSTICE HOUSING VOLUNTARY "
          "FAITH SPORT OTHER"),
     true},
    {"agency/lado", "lado", "sector", "employment_sector", SET(SG_CS_LADO_EMPLOYMENT_SECTOR),
     false},
    {"agency/lado", "lado", "category", "category", SET(SG_CS_LADO_CATEGORY), true},
    {"agency/lado", "lado", "outcome", "outcome", SET(SG_CS_LADO_OUTCOME), false},
};

/* Ofsted Annex A lists: the coded and starred (required) columns the store keeps, checked
 * against the code sets the lists take (the CIN census's for sources, need and abuse
 * categories; the SSDA903's for category of need, legal status and placement). Columns the
 * store drops (allocated team and worker, counts in the last 12 months) cannot be checked
 * here. field = the list's column heading without its star. */
static const agency_check annexa_checks[] = {
    {"annexa/1", "contact", "source", "Contact Source", SET(SG_CS_CIN_REFERRAL_SOURCE), true},
    {"annexa/2", "early_help", "organisation", "Organisation completing assessment", ANY_VALUE,
     true},
    {"annexa/3", "referral", "source", "Referral Source", SET(SG_CS_CIN_REFERRAL_SOURCE), true},
    {"annexa/4", "assessment", "child_seen", "Child Seen During Continuous Assessment", ANY_VALUE,
     true},
    {"annexa/5", "s47", "start_date",
     "Strategy discussion initiating Section 47 Enquiry Start Date", ANY_VALUE, true},
    {"annexa/6", "extra_record", A6("primary_need"), "Primary Need Code",
     SET(SG_CS_CIN_PRIMARY_NEED), true},
    {"annexa/7", "cp_plan", "start_date", "Child Protection Plan Start Date", ANY_VALUE, true},
    {"annexa/7", "cp_plan", "initial_category", "Initial Category of Abuse",
     SET(SG_CS_CIN_ABUSE_CATEGORY), true},
    {"annexa/7", "cp_plan", "latest_category", "Latest Category of Abuse",
     SET(SG_CS_CIN_ABUSE_CATEGORY), true},
    {"annexa/8", "cla_episode", "start_date", "Date Started to be Looked After", ANY_VALUE, true},
    {"annexa/8", "cla_episode", "cin", "Child's Category of Need", SET(SG_CS_903_CATEGORY_OF_NEED),
     true},
    {"annexa/8", "cla_episode", "legal_status", "Child's Legal Status", SET(SG_CS_903_LEGAL_STATUS),
     true},
    {"annexa/8", "cla_episode", "placement", "Placement Type", SET(SG_CS_903_PLACEMENT), true},
};

/* The codes a check takes, space separated, or NULL when it takes any value. */
static const char *check_codes(const agency_check *c)
{
    if (c->codes) return c->codes;
    return c->set == NO_SET ? NULL : sg_codes((sg_code_set_id)c->set);
}

/* Walks the submission's rows for one check; reports through rule when want_codes selects
 * code checks (a value outside the list) or required checks (no value). */
static int agency_rows(sg_vctx *ctx, const sg_rule *rule, const subinfo *si, const agency_check *c,
                       bool want_codes)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT line, %s, %s, %s FROM %s t WHERE submission_id = ?1 ORDER BY line",
             strcmp(c->table, "lado") == 0 ? "''" : CHILD_PS("t"), c->col,
             strcmp(c->table, "police_event") == 0 ? "kind" : "NULL", c->table);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(ctx->db, sql, -1, &st, NULL) != SQLITE_OK)
        return sg_rules_sg_dberr(ctx, "preparing a rule's query");
    sqlite3_bind_int64(st, 1, ctx->submission);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(st, 2);
        const char *kind = (const char *)sqlite3_column_text(st, 3);
        bool vpr = kind && strcmp(kind, "VPR") == 0;
        bool is_vpr_col = strcmp(c->field, "vpr_type") == 0;
        char msg[256];
        msg[0] = '\0';
        const char *codes = check_codes(c);
        if (want_codes && v && *v && codes && !sg_vcode_in(v, codes))
            snprintf(msg, sizeof msg, "%s '%s' is not one of the template's codes.", c->field, v);
        if (!want_codes && (!v || !*v) && (c->required || (is_vpr_col && vpr)))
            snprintf(msg, sizeof msg, "%s is required%s.", c->field,
                     is_vpr_col ? " when event_type is VPR" : "");
        if (!want_codes && v && *v && is_vpr_col && !vpr)
            snprintf(msg, sizeof msg, "vpr_type is given but event_type is not VPR.");
        if (!msg[0]) continue;
        sg_finding f = {.file = si->file,
                        .line = (long)sqlite3_column_int64(st, 0),
                        .child = (const char *)sqlite3_column_text(st, 1),
                        .field = c->field,
                        .value = v,
                        .message = msg};
        sg_vreport_finding(ctx, rule, &f);
    }
    int rc = step == SQLITE_DONE ? SG_OK : sg_rules_sg_dberr(ctx, "running a rule's query");
    sqlite3_finalize(st);
    return rc;
}

static int agency_rule(sg_vctx *ctx, const sg_rule *rule, const agency_check *checks, size_t n,
                       bool want_codes)
{
    subinfo si;
    int rc = sg_rules_sg_sub_info(ctx, &si);
    for (size_t i = 0; !rc && i < n; i++)
        if (strcmp(checks[i].format, si.format) == 0)
            rc = agency_rows(ctx, rule, &si, &checks[i], want_codes);
    return rc;
}

#define NAGENCY (sizeof agency_checks / sizeof agency_checks[0])
#define NANNEXA (sizeof annexa_checks / sizeof annexa_checks[0])

static int rule_agency_code(sg_vctx *ctx, const sg_rule *rule)
{
    return agency_rule(ctx, rule, agency_checks, NAGENCY, true);
}

static int rule_agency_required(sg_vctx *ctx, const sg_rule *rule)
{
    return agency_rule(ctx, rule, agency_checks, NAGENCY, false);
}

static int rule_annexa_code(sg_vctx *ctx, const sg_rule *rule)
{
    return agency_rule(ctx, rule, annexa_checks, NANNEXA, true);
}

static int rule_annexa_required(sg_vctx *ctx, const sg_rule *rule)
{
    return agency_rule(ctx, rule, annexa_checks, NANNEXA, false);
}

/* ---- SG-REJECTED ---- */

/* Rows the importer could not store (a date that is not a date, no child identifier, a CSV
 * record that does not parse) are errors of the return: listed with the other findings so the
 * agency sees them in one place. The stored value is already safe (never an identifier). */
static int rule_rejected(sg_vctx *ctx, const sg_rule *rule)
{
    subinfo si;
    int rc = sg_rules_sg_sub_info(ctx, &si);
    if (rc) return rc;
    return sg_rules_sg_report_sql(
        ctx, rule, &si,
        "SELECT line, '', coalesce(field, ''), value, 'Not stored: ' || reason FROM "
        "rejected_row WHERE submission_id = ?1 ORDER BY line",
        NULL);
}

const sg_rule sg_rules_sg[] = {
    {.id = "SG-REJECTED",
     .family = SG_FAMILY_SG,
     .severity = SG_SEV_ERROR,
     .message = "The row could not be stored.",
     .reads = "rejected_row",
     .check = rule_rejected},
    {.id = "SG-DATE-FUTURE",
     .family = SG_FAMILY_SG,
     .severity = SG_SEV_ERROR,
     .message = "A date is after the end of the period the return covers.",
     .reads = "every record table",
     .check = rule_future},
    {.id = "SG-DATE-ORDER",
     .family = SG_FAMILY_SG,
     .severity = SG_SEV_ERROR,
     .message = "An end date is before its start date.",
     .reads = "referral assessment cin_plan cp_plan cla_episode missing_episode early_help "
              "lado s47",
     .check = rule_order},
    {.id = "SG-DATE-BIRTH",
     .family = SG_FAMILY_SG,
     .severity = SG_SEV_ERROR,
     .message = "An event is dated before the child was born.",
     .fields = "start_date review_date event_date",
     .reads = "child_detail (the same agency's returns) cla_episode cla_review missing_episode "
              "police_event",
     .check = sg_rule_sg_birth},
    {.id = "SG-DATE-BIRTH-OTHER",
     .family = SG_FAMILY_SG,
     .severity = SG_SEV_QUERY,
     .message = "An event is dated before the month of birth another agency's return gives "
                "for the child.",
     .fields = "start_date review_date event_date",
     .reads = "child_detail (other agencies' returns) cla_episode cla_review missing_episode "
              "police_event",
     .check = sg_rule_sg_birth_other,
     .other_agencies = true},
    {.id = "SG-DATE-DEFAULT",
     .family = SG_FAMILY_SG,
     .severity = SG_SEV_ERROR,
     .message = "A date is a system default (01/01/1900, 01/01/1901 or 01/01/1970), not a "
                "real date.",
     .reads = "every record table",
     .check = rule_default},
    {.id = "SG-DATE-SAME",
     .family = SG_FAMILY_SG,
     .severity = SG_SEV_WARNING,
     .message = "Every row of the return has the same date in this field.",
     .reads = "every record table",
     .check = rule_same},
    {.id = "SG-DUP-WITHIN",
     .family = SG_FAMILY_SG,
     .severity = SG_SEV_ERROR,
     .message = "The same record appears twice in the return.",
     .reads = "every record table but child_detail",
     .check = rule_dup_within},
    {.id = "SG-DUP-ACROSS",
     .family = SG_FAMILY_SG,
     .severity = SG_SEV_WARNING,
     .message = "The same event is in another live return from the same agency.",
     .reads = "missing_episode police_event early_help lado",
     .check = sg_rule_sg_dup_across},
    {.id = "SG-PATH-CP",
     .family = SG_FAMILY_SG,
     .severity = SG_SEV_QUERY,
     .message = "A child protection plan starts with no section 47 enquiry or initial child "
                "protection conference on or before its start.",
     .fields = "start_date",
     .reads = "cp_plan s47 referral",
     .check = sg_rule_sg_path_cp,
     .other_agencies = true},
    {.id = "SG-COUNT-JUMP",
     .family = SG_FAMILY_SG,
     .severity = SG_SEV_WARNING,
     .message = "The number of records changed by more than the tolerance against the "
                "previous period.",
     .reads = "every record table, submission",
     .check = rule_count_jump},
    {.id = "SG-AGENCY-CODE",
     .family = SG_FAMILY_SG,
     .severity = SG_SEV_ERROR,
     .message = "A value is not one of the template's codes.",
     .fields = "missing_from missing_type event_type vpr_type outcome kind referring_agency "
               "employment_sector category",
     .reads = "missing_episode police_event early_help lado",
     .check = rule_agency_code},
    {.id = "SG-AGENCY-REQUIRED",
     .family = SG_FAMILY_SG,
     .severity = SG_SEV_ERROR,
     .message = "A required value of the template is blank.",
     .fields = "missing_from missing_type start_date event_type event_date vpr_type "
               "organisation assessment_start kind received_date referring_agency category",
     .reads = "missing_episode police_event early_help lado",
     .check = rule_agency_required},
    {.id = "SG-ANNEXA-CODE",
     .family = SG_FAMILY_SG,
     .severity = SG_SEV_ERROR,
     .message = "A value is not one of the Annex A list's codes.",
     .fields = "Contact Source, Referral Source, Primary Need Code, Initial/Latest Category of "
               "Abuse, Child's Category of Need, Child's Legal Status, Placement Type",
     .reads = "contact referral extra_record cp_plan cla_episode",
     .check = rule_annexa_code},
    {.id = "SG-ANNEXA-REQUIRED",
     .family = SG_FAMILY_SG,
     .severity = SG_SEV_ERROR,
     .message = "A required (starred) value of the Annex A list is blank.",
     .fields = "the starred columns the store keeps (docs/rules.md)",
     .reads = "contact early_help referral assessment s47 extra_record cp_plan cla_episode",
     .check = rule_annexa_required},
};
const size_t sg_rules_sg_count = sizeof sg_rules_sg / sizeof sg_rules_sg[0];

const char *sg_rules_other_agencies_json(void)
{
    return "[\"SG-DATE-BIRTH-OTHER\", \"SG-PATH-CP\"]";
}

/* rules_sg_cross.c - our rules that read returns other than the one validated: a child's month
 * of birth as the submitting agency's own returns give it (SG-DATE-BIRTH) and as other
 * agencies' returns give it (SG-DATE-BIRTH-OTHER), the child protection pathway across returns
 * (SG-PATH-CP), and the same event in another return of the same agency (SG-DUP-ACROSS).
 * Rules that read other agencies' returns are marked other_agencies in rules_sg.c's table, so
 * agency data owners never see their findings (docs/rules.md). */
#include "validate/rules_sg_int.h"

#include "core/buf.h"

#include <stdio.h>
#include <string.h>

/* ---- SG-DATE-BIRTH, SG-DATE-BIRTH-OTHER ---- */

/* Events that cannot happen before a child is born (care, missing episodes, police events;
 * referrals, plans and assessments can be pre-birth), against the child's earliest stated birth
 * month, so disagreeing returns of one agency never make a real date impossible.
 *
 * Split by whose returns state the birth month, so that an agency learns nothing from another
 * agency's returns (docs/rules.md): SG-DATE-BIRTH uses the submitting agency's own live returns
 * (this one included) and may quote the month; SG-DATE-BIRTH-OTHER uses other agencies'
 * returns, quotes no month, fires only where SG-DATE-BIRTH does not, and is never shown to an
 * agency-scoped reader. ?2 is the submitting agency. */
static const date_col birth_cols[] = {{"cla_episode", "start_date", false, NULL},
                                      {"cla_review", "review_date", false, NULL},
                                      {"missing_episode", "start_date", false, NULL},
                                      {"police_event", "event_date", false, NULL}};

#define BIRTHS(cmp)                                                                                \
    "(SELECT d.child_id, min(d.birth) AS birth FROM live_child_detail d JOIN submission s ON "     \
    "s.id = d.submission_id WHERE d.birth IS NOT NULL AND d.expected_birth = 0 AND s.agency " cmp  \
    " ?2 GROUP BY d.child_id)"

static int rule_birth_by(sg_vctx *ctx, const sg_rule *rule, bool other)
{
    subinfo si;
    int rc = sg_rules_sg_sub_info(ctx, &si);
    if (rc) return rc;
    sg_buf q;
    sg_buf_init(&q, 0);
    for (size_t i = 0; i < sizeof birth_cols / sizeof birth_cols[0]; i++) {
        const char *col = birth_cols[i].col;
        if (!other)
            sg_buf_printf(
                &q,
                "%sSELECT line, %s, '%s', %s, printf('%%s is before the child was born "
                "(%%s).', %s, b.birth) FROM %s t JOIN " BIRTHS(
                    "=") " b ON b.child_id = t.child_id WHERE t.submission_id = ?1 AND %s < "
                         "b.birth || '-01'",
                q.len ? " UNION ALL " : "", CHILD_PS("t"), col, col, col, birth_cols[i].table, col);
        else
            sg_buf_printf(
                &q,
                "%sSELECT line, %s, '%s', %s, printf('%%s is before the month of birth "
                "another agency''s return gives for the child.', %s) FROM %s t JOIN " BIRTHS(
                    "<>") " b ON b.child_id = t.child_id WHERE t.submission_id = ?1 "
                          "AND %s < b.birth || '-01' AND NOT EXISTS (SELECT 1 FROM " BIRTHS(
                              "=") " o WHERE o.child_id = t.child_id AND t.%s < o.birth || '-01')",
                q.len ? " UNION ALL " : "", CHILD_PS("t"), col, col, col, birth_cols[i].table, col,
                col);
    }
    sg_buf_puts(&q, " ORDER BY 1");
    rc = sg_rules_sg_report_sql(ctx, rule, &si, sg_buf_str(&q), si.agency);
    sg_buf_fini(&q);
    return rc;
}

int sg_rule_sg_birth(sg_vctx *ctx, const sg_rule *rule)
{
    return rule_birth_by(ctx, rule, false);
}

int sg_rule_sg_birth_other(sg_vctx *ctx, const sg_rule *rule)
{
    return rule_birth_by(ctx, rule, true);
}

/* SG-DUP-ACROSS: the same event in another live return from the same agency and template (an
 * overlapping period sent twice). DfE returns carry open cases from year to year by design, so
 * only agency templates are compared. */
int sg_rule_sg_dup_across(sg_vctx *ctx, const sg_rule *rule)
{
    static const struct {
        const char *table, *key;
    } keys[] = {
        {"missing_episode", "child_id IS o.child_id AND t.start_date IS o.start_date AND "
                            "t.start_date IS NOT NULL"},
        {"police_event", "child_id IS o.child_id AND t.kind IS o.kind AND t.event_date IS "
                         "o.event_date AND t.event_date IS NOT NULL"},
        {"early_help", "child_id IS o.child_id AND t.start_date IS o.start_date AND "
                       "t.start_date IS NOT NULL"},
        {"lado", "ref IS o.ref AND t.ref IS NOT NULL AND t.received_date IS o.received_date"},
    };
    subinfo si;
    int rc = sg_rules_sg_sub_info(ctx, &si);
    if (rc || strncmp(si.format, "agency/", 7) != 0) return rc;
    sg_buf q;
    sg_buf_init(&q, 0);
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        sg_buf_printf(&q,
                      "%sSELECT t.line, %s, '%s', NULL, printf('The same %s record is also in "
                      "submission %%d (%%s, line %%d).', s.id, s.period, o.line) FROM %s t JOIN "
                      "%s o ON o.submission_id <> t.submission_id AND t.%s JOIN live_submission s "
                      "ON s.id = o.submission_id AND s.agency = ?3 AND s.format = ?4 WHERE "
                      "t.submission_id = ?1",
                      q.len ? " UNION ALL " : "", CHILD_PS("t"), keys[i].table, keys[i].table,
                      keys[i].table, keys[i].table, keys[i].key);
    }
    sg_buf_puts(&q, " ORDER BY 1");
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(ctx->db, sg_buf_str(&q), -1, &st, NULL) != SQLITE_OK) {
        sg_buf_fini(&q);
        return sg_rules_sg_dberr(ctx, "preparing a rule's query");
    }
    sg_buf_fini(&q);
    sqlite3_bind_int64(st, 1, ctx->submission);
    sqlite3_bind_text(st, 3, si.agency, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, si.format, -1, SQLITE_STATIC);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        sg_finding f = {.file = si.file,
                        .line = (long)sqlite3_column_int64(st, 0),
                        .child = (const char *)sqlite3_column_text(st, 1),
                        .field = (const char *)sqlite3_column_text(st, 2),
                        .message = (const char *)sqlite3_column_text(st, 4)};
        sg_vreport_finding(ctx, rule, &f);
    }
    rc = step == SQLITE_DONE ? SG_OK : sg_rules_sg_dberr(ctx, "running a rule's query");
    sqlite3_finalize(st);
    return rc;
}

/* ---- SG-PATH-CP ---- */

/* A child protection plan follows a section 47 enquiry and an initial child protection
 * conference. A plan with neither on or before its start, anywhere in the store, is out of
 * pathway order (or the earlier steps are missing from the returns). */
int sg_rule_sg_path_cp(sg_vctx *ctx, const sg_rule *rule)
{
    subinfo si;
    int rc = sg_rules_sg_sub_info(ctx, &si);
    if (rc) return rc;
    char sql[1024];
    snprintf(sql, sizeof sql,
             "SELECT line, %s, 'start_date', start_date, NULL FROM cp_plan t WHERE "
             "submission_id = ?1 AND start_date IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
             "live_s47 s WHERE s.child_id = t.child_id AND (s.start_date <= t.start_date OR "
             "s.icpc_date <= t.start_date)) AND NOT EXISTS (SELECT 1 FROM live_referral r WHERE "
             "r.child_id = t.child_id AND r.initial_cpc_date <= t.start_date) ORDER BY line",
             CHILD_PS("t"));
    return sg_rules_sg_report_sql(ctx, rule, &si, sql, NULL);
}

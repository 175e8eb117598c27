/* scope.c - the scoped query layer (scope.h): capability checks, agency scoping, stripping of
 * child-level values and the audit of every child-level view, upload and change, in one place
 * below every shell. */
#include "access/scope.h"

#include "access/access_int.h"

#include "core/buf.h"
#include "core/mem.h"
#include "core/str.h"
#include "registers/measure.h"
#include "store/import.h"
#include "store/return_receipt.h"
#include "report/yearly.h"
#include "validate/engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_agency_scoped(const sg_principal *p)
{
    /* sg_can_agency answers per agency; a principal confined to one agency is the one for which
     * an agency code nobody holds is refused. */
    return !sg_can_agency(p, "\x01none");
}

bool sg_scope_child_level(const sg_scope *sc)
{
    return sg_can(sc->who, SG_CAP_CHILD_LEVEL);
}

bool sg_scope_all_agencies(const sg_scope *sc)
{
    return sg_can(sc->who, SG_CAP_SUBMISSIONS) && !is_agency_scoped(sc->who);
}

static int audit(const sg_scope *sc, const char *action, const char *object, const char *detail,
                 sg_error *err)
{
    return sg_audit(sc->store, sc->who, action, object, detail, sc->client, sc->now, err);
}

static int forbidden(sg_error *err)
{
    return sg_err(err, SG_EFORBIDDEN, "not allowed");
}

bool sg_scope_agency_bound(const sg_scope *sc)
{
    return is_agency_scoped(sc->who);
}

static int one_text(sg_store *s, const char *sql, char *out, size_t outsz, sg_error *err)
{
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    out[0] = '\0';
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "reading the store");
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(st, 0);
        if (t) sg_strlcpy(out, (const char *)t, outsz);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return sg_store_dberr(db, err, "reading the store");
    return SG_OK;
}

int sg_scope_latest_period(const sg_scope *sc, char out[16], sg_error *err)
{
    return one_text(sc->store,
                    "SELECT max(period) FROM submission WHERE superseded_by IS NULL AND "
                    "period GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'",
                    out, 16, err);
}

int sg_scope_data_version(const sg_scope *sc, int64_t *out, sg_error *err)
{
    char t[32];
    int rc = one_text(sc->store, "SELECT coalesce(max(id), 0) FROM submission", t, sizeof t, err);
    *out = rc ? 0 : strtoll(t, NULL, 10);
    return rc;
}

/* ---- submissions ---- */

int sg_scope_submissions(const sg_scope *sc, const char *agency, const char *period,
                         sg_submission_fn fn, void *ctx, sg_error *err)
{
    int rc = sg_require(sc->who, SG_CAP_SUBMISSIONS, err);
    if (rc) return rc;
    if (agency && !*agency) agency = NULL;
    if (period && !*period) period = NULL;
    if (is_agency_scoped(sc->who)) {
        if (agency && strcmp(agency, sc->who->agency) != 0) return forbidden(err);
        agency = sc->who->agency;
    }
    return sg_submission_each(sc->store, agency, period, fn, ctx, err);
}

int sg_scope_submission(const sg_scope *sc, int64_t id, sg_submission *out, sg_error *err)
{
    int rc = sg_require(sc->who, SG_CAP_SUBMISSIONS, err);
    if (rc) return rc;
    rc = sg_submission_get(sc->store, id, out, err);
    if (rc) return rc;
    if (!sg_can_agency(sc->who, out->agency)) {
        memset(out, 0, sizeof *out);
        return sg_err(err, SG_ENOTFOUND, "no such submission");
    }
    return SG_OK;
}

/* Findings from rules that read other agencies' returns (sg_rule.other_agencies) are never
 * shown to, nor counted for, an agency-scoped principal: they could tell it what another
 * agency holds about a child (docs/rules.md). Nor are child pseudonyms in findings: a child's
 * pseudonym is its smallest stored key, which can come from another agency's identifiers. The
 * filter every finding query below carries, with ?8 = hide (0/1), ?9 = the rule ids. */
#define HIDE_OTHER_AGENCIES " AND (?8 = 0 OR rule NOT IN (SELECT value FROM json_each(?9)))"

static void bind_hide(sqlite3_stmt *st, const sg_principal *who)
{
    sqlite3_bind_int(st, 8, is_agency_scoped(who));
    sqlite3_bind_text(st, 9, sg_rules_other_agencies_json(), -1, SQLITE_STATIC);
}

/* The findings of submission id the principal may see, by severity. */
static int visible_counts(sg_store *store, const sg_principal *who, int64_t id,
                          long findings[SG_SEV__COUNT], sg_error *err)
{
    sqlite3 *db = sg_store_db(store);
    sqlite3_stmt *st = NULL;
    for (int s = 0; s < SG_SEV__COUNT; s++)
        findings[s] = 0;
    if (sqlite3_prepare_v2(
            db,
            "SELECT severity, count(*) FROM finding WHERE submission_id = ?1" HIDE_OTHER_AGENCIES
            " GROUP BY severity",
            -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "counting findings");
    sqlite3_bind_int64(st, 1, id);
    bind_hide(st, who);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *sev = (const char *)sqlite3_column_text(st, 0);
        for (int s = 0; s < SG_SEV__COUNT; s++)
            if (sev && strcmp(sev, sg_severity_name((sg_severity)s)) == 0)
                findings[s] = (long)sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    return step == SQLITE_DONE ? SG_OK : sg_store_dberr(db, err, "counting findings");
}

int sg_scope_submission_counts(const sg_scope *sc, int64_t id, long findings[SG_SEV__COUNT],
                               long *rejected, sg_error *err)
{
    sg_submission sub;
    int rc = sg_scope_submission(sc, id, &sub, err);
    if (rc) return rc;
    if ((rc = visible_counts(sc->store, sc->who, id, findings, err))) return rc;
    *rejected = sub.rows_rejected;
    return SG_OK;
}

typedef struct items_ctx {
    const sg_scope *sc;
    bool child;
    long limit, n;
    bool shown_child;
    sg_scope_item_fn fn;
    void *ctx;
} items_ctx;

static int rejected_cb(void *vctx, const sg_rejected_row *r)
{
    items_ctx *c = vctx;
    if (c->limit && c->n >= c->limit) return 0;
    c->n++;
    sg_scope_item it = {.kind = "rejected",
                        .file = sg_base_name(r->file),
                        .line = r->line,
                        .field = r->field ? r->field : "",
                        .child = NULL,
                        .value = c->child ? r->value : NULL,
                        .rule = "",
                        .severity = "rejected",
                        .message = r->reason ? r->reason : ""};
    if (it.value) c->shown_child = true;
    return c->fn(c->ctx, &it);
}

static const char *col_text(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? (const char *)t : NULL;
}

/* The findings of submission sub that who may see, errors first, then by rule (by_rule) or
 * straight by file and line, at most limit (-1: all): file, line, child, field, value, rule,
 * severity, message. */
static int prepare_findings(sg_store *s, const sg_principal *who, int64_t sub, int64_t limit,
                            bool by_rule, sqlite3_stmt **st, sg_error *err)
{
#define FINDINGS_SQL(order)                                                                        \
    "SELECT file, line, child, field, value, rule, severity, message FROM finding WHERE "          \
    "submission_id = ?1" HIDE_OTHER_AGENCIES " ORDER BY CASE severity WHEN 'error' THEN 0 WHEN "   \
    "'query' THEN 1 ELSE 2 END, " order " LIMIT ?2"
    sqlite3 *db = sg_store_db(s);
    *st = NULL;
    if (sqlite3_prepare_v2(db,
                           by_rule ? FINDINGS_SQL("rule, file, line") : FINDINGS_SQL("file, line"),
                           -1, st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "reading findings");
#undef FINDINGS_SQL
    sqlite3_bind_int64(*st, 1, sub);
    sqlite3_bind_int64(*st, 2, limit);
    bind_hide(*st, who);
    return SG_OK;
}

int sg_scope_items(const sg_scope *sc, int64_t id, long limit, sg_scope_item_fn fn, void *ctx,
                   sg_error *err)
{
    sg_submission sub;
    int rc = sg_scope_submission(sc, id, &sub, err);
    if (rc) return rc;
    items_ctx c = {
        .sc = sc, .child = sg_scope_child_level(sc), .limit = limit, .fn = fn, .ctx = ctx};
    bool pseudonyms = c.child && !is_agency_scoped(sc->who);
    sqlite3 *db = sg_store_db(sc->store);
    sqlite3_stmt *st = NULL;
    rc = prepare_findings(sc->store, sc->who, id, limit ? limit : -1, true, &st, err);
    if (rc) return rc;
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        const char *child = col_text(st, 2);
        sg_scope_item it = {.kind = "finding",
                            .file = sg_base_name(col_text(st, 0)),
                            .line = (long)sqlite3_column_int64(st, 1),
                            .child = pseudonyms && child && *child ? child : NULL,
                            .field = col_text(st, 3) ? col_text(st, 3) : "",
                            .value = c.child ? col_text(st, 4) : NULL,
                            .rule = col_text(st, 5) ? col_text(st, 5) : "",
                            .severity = col_text(st, 6) ? col_text(st, 6) : "",
                            .message = col_text(st, 7) ? col_text(st, 7) : ""};
        if (it.child || it.value) c.shown_child = true;
        c.n++;
        rc = fn(ctx, &it);
        if (rc) break;
    }
    if (!rc && s != SQLITE_DONE) rc = sg_store_dberr(db, err, "reading findings");
    sqlite3_finalize(st);
    if (!rc && !(limit && c.n >= limit))
        rc = sg_store_rejected_each(sc->store, id, rejected_cb, &c, err);
    if (!rc && c.shown_child) {
        char obj[64];
        snprintf(obj, sizeof obj, "submission:%lld", (long long)id);
        rc = audit(sc, "view_child", obj, "findings and rejected rows with values", err);
    }
    return rc;
}

/* ---- upload ---- */

void sg_scope_upload_fini(sg_scope_upload *u)
{
    for (size_t i = 0; i < u->nitems; i++) {
        free(u->items[i].value);
        free(u->items[i].message);
    }
    free(u->items);
    memset(u, 0, sizeof *u);
}

typedef struct upload_ctx {
    const sg_scope *sc;
    sg_scope_upload *out;
    const char *agency, *period;
    bool child;      /* values of the agency's own rows */
    bool pseudonyms; /* child pseudonyms: not for agency-scoped principals */
    bool refused;    /* the hook refused: a rollback by design, not a failure */
} upload_ctx;

static void keep_item(upload_ctx *u, const char *kind, const char *file, long line,
                      const char *field, const char *child, const char *value, const char *rule,
                      const char *severity, const char *message)
{
    sg_scope_upload *o = u->out;
    if (o->nitems >= SG_SCOPE_UPLOAD_ITEMS) return;
    if (o->nitems % 64 == 0) o->items = xrealloc(o->items, (o->nitems + 64) * sizeof *o->items);
    sg_scope_item_copy *it = &o->items[o->nitems++];
    memset(it, 0, sizeof *it);
    sg_strlcpy(it->kind, kind, sizeof it->kind);
    sg_strlcpy(it->file, sg_base_name(file), sizeof it->file);
    sg_strlcpy(it->field, field ? field : "", sizeof it->field);
    sg_strlcpy(it->child, u->pseudonyms && child ? child : "", sizeof it->child);
    sg_strlcpy(it->rule, rule ? rule : "", sizeof it->rule);
    sg_strlcpy(it->severity, severity ? severity : "", sizeof it->severity);
    it->line = line;
    it->value = u->child && value ? xstrdup(value) : NULL;
    it->message = xstrdup(message ? message : "");
}

static int upload_rejected(void *vctx, const sg_rejected_row *r)
{
    upload_ctx *u = vctx;
    keep_item(u, "rejected", r->file, r->line, r->field, NULL, r->value, "", "rejected", r->reason);
    return 0;
}

static int upload_hook(void *vctx, sg_store *s, const sg_import_file_result *res, int n,
                       sg_error *err)
{
    upload_ctx *u = vctx;
    sg_validate_result total;
    memset(&total, 0, sizeof total);
    int rc = sg_validate_imported(s, res, n, SG_POLICY_STORE, &total, err);
    if (rc) return rc;
    if (n < 1 || res[0].duplicate) return SG_OK;
    int64_t sub = res[0].submission;
    /* What the uploader may see decides, for an agency data owner, whether the return is
     * refused: a finding it may not see must not change the outcome either. */
    if (!is_agency_scoped(u->sc->who)) {
        for (int i = 0; i < SG_SEV__COUNT; i++)
            u->out->findings[i] = total.findings[i];
    } else if ((rc = visible_counts(s, u->sc->who, sub, u->out->findings, err))) {
        return rc;
    }
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    if ((rc = prepare_findings(s, u->sc->who, sub, SG_SCOPE_UPLOAD_ITEMS, false, &st, err)))
        return rc;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW)
        keep_item(u, "finding", col_text(st, 0), (long)sqlite3_column_int64(st, 1), col_text(st, 3),
                  col_text(st, 2), col_text(st, 4), col_text(st, 5), col_text(st, 6),
                  col_text(st, 7));
    sqlite3_finalize(st);
    if (step != SQLITE_DONE) return sg_store_dberr(db, err, "reading findings");
    rc = sg_store_rejected_each(s, sub, upload_rejected, u, err);
    if (rc) return rc;
    if (u->out->findings[SG_SEV_ERROR] > 0 || res[0].stats.rejected > 0) {
        u->refused = true;
        return sg_err(err, SG_ECONFLICT, "the return has %ld error(s) and %ld rejected row(s)",
                      u->out->findings[SG_SEV_ERROR], res[0].stats.rejected);
    }
    /* a partner return against the catalogue (docs/formats/partner.md): every problem is an
     * error to fix, and any refuses it whole */
    sg_partner_problems ps;
    memset(&ps, 0, sizeof ps);
    rc = sg_measure_check_imported(s, res, n, &ps, err);
    if (rc && ps.n) {
        for (size_t i = 0; i < ps.n; i++) {
            char msg[600];
            snprintf(msg, sizeof msg, "%s%s%s", ps.p[i].cell, ps.p[i].cell[0] ? ": " : "",
                     ps.p[i].msg);
            keep_item(u, "finding", ps.p[i].file, ps.p[i].line, ps.p[i].field, NULL, NULL,
                      "partner", "error", msg);
        }
        u->out->findings[SG_SEV_ERROR] += (long)ps.n;
        u->refused = true;
        sg_partner_problems_fini(&ps);
        return sg_err(err, SG_ECONFLICT, "the partner return has %ld problem(s) to fix",
                      u->out->findings[SG_SEV_ERROR]);
    }
    sg_partner_problems_fini(&ps);
    if (rc) return rc;
    /* Accepted: audited inside the import's transaction, so every stored submission has its
     * entry (audit verify checks that); a confirmed replacement says who confirmed it and
     * both counts. */
    char obj[64], detail[1024];
    snprintf(obj, sizeof obj, "submission:%lld", (long long)sub);
    snprintf(detail, sizeof detail, "%s %s %s %s: accepted", u->agency, u->period, res[0].format,
             sg_base_name(res[0].file));
    if ((rc = audit(u->sc, "upload", obj, detail, err))) return rc;
    if (res[0].drop_confirmed) {
        snprintf(detail, sizeof detail,
                 "replacement confirmed: submission %lld had %ld accepted rows, this one %ld",
                 (long long)res[0].replaces, res[0].replaced_rows, res[0].new_rows);
        if ((rc = audit(u->sc, "confirm_replace", obj, detail, err))) return rc;
    }
    return SG_OK;
}

/* A refused partner return leaves a trace although its import rolled back (store/
 * return_receipt.h): its problems are the errors and rejected rows kept for the uploader (a
 * rejected row's SG-REJECTED restatement not counted twice), by line, field and message (which
 * may quote the bad cell; partner returns hold no child identifier) - never a pseudonym. */
static int record_refusal(const sg_scope *sc, const sg_scope_upload *out, const char *agency,
                          const char *period, const char *file, sg_error *err)
{
    sg_buf detail;
    sg_buf_init(&detail, 65536);
    long count = 0;
    for (size_t k = 0; k < out->nitems; k++) {
        const sg_scope_item_copy *it = &out->items[k];
        if (strcmp(it->severity, "error") != 0 && strcmp(it->severity, "rejected") != 0) continue;
        if (strcmp(it->rule, "SG-REJECTED") == 0) continue;
        sg_buf_printf(&detail, "%sline %ld%s%s: %s", count ? "\n" : "", it->line,
                      it->field[0] ? ", " : "", it->field, it->message ? it->message : "");
        count++;
    }
    int rc = sg_return_refusal_put(sc->store, agency, period, file, sc->who->username, count,
                                   sg_buf_str(&detail), NULL, sc->now, err);
    sg_buf_fini(&detail);
    return rc;
}

int sg_scope_upload_file(const sg_scope *sc, const char *path, const char *agency,
                         const char *period, const char *format, sg_scope_upload *out,
                         sg_error *err)
{
    return sg_scope_upload_named(sc, path, NULL, agency, period, format, false, out, err);
}

int sg_scope_upload_file_confirm(const sg_scope *sc, const char *path, const char *agency,
                                 const char *period, const char *format, bool confirm_replace,
                                 sg_scope_upload *out, sg_error *err)
{
    return sg_scope_upload_named(sc, path, NULL, agency, period, format, confirm_replace, out, err);
}

int sg_scope_upload_named(const sg_scope *sc, const char *path, const char *name,
                          const char *agency, const char *period, const char *format,
                          bool confirm_replace, sg_scope_upload *out, sg_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = sg_require(sc->who, SG_CAP_UPLOAD, err);
    if (rc) return rc;
    if (is_agency_scoped(sc->who)) {
        if (agency && *agency && strcmp(agency, sc->who->agency) != 0) return forbidden(err);
        agency = sc->who->agency;
    }
    if (!agency || !*agency) return sg_err(err, SG_EINVAL, "the agency is required");
    if (!period || !sg_period_valid(period))
        return sg_err(err, SG_EINVAL, "the period must be like 2024-25, 2024-Q1 or 2024-05");
    upload_ctx u = {.sc = sc,
                    .out = out,
                    .agency = agency,
                    .period = period,
                    .child = sg_scope_child_level(sc),
                    .pseudonyms = sg_scope_child_level(sc) && !is_agency_scoped(sc->who)};
    sg_import_opts opts = {.agency = agency,
                           .period = period,
                           .format = format && *format ? format : NULL,
                           .user = sc->who->username,
                           .name = name,
                           .before_commit = upload_hook,
                           .before_commit_ctx = &u,
                           .confirm_replace = confirm_replace,
                           /* an agency learns only of its own agency's submissions */
                           .dup_own_agency = is_agency_scoped(sc->who)};
    sg_import_file_result res;
    memset(&res, 0, sizeof res);
    const char *paths[1] = {path};
    rc = sg_import_files(sc->store, paths, 1, &opts, &res, err);
    sg_strlcpy(out->format, res.format, sizeof out->format);
    out->rows_read = res.stats.rows_read;
    out->rejected = res.stats.rejected;
    for (int t = 0; t < SG_REC__COUNT; t++)
        out->records += res.stats.records[t];
    char obj[64], detail[1024];
    out->replaces = res.replaces;
    out->replaced_rows = res.replaced_rows;
    out->max_drop_pct = res.max_drop_pct;
    out->new_rows = res.new_rows;
    if (rc == SG_OK) {
        out->duplicate = res.duplicate != 0;
        out->accepted = !out->duplicate;
        out->submission = out->duplicate ? res.duplicate_of : res.submission;
        if (out->accepted) return SG_OK; /* audited in the import's transaction */
        snprintf(obj, sizeof obj, "submission:%lld", (long long)out->submission);
        snprintf(detail, sizeof detail, "%s %s %s %s: duplicate, nothing changed", agency, period,
                 out->format, sg_base_name(res.file));
    } else if (rc == SG_ECONFLICT && res.drop_refused) {
        sg_error_clear(err);
        rc = SG_OK;
        out->replace_refused = true;
        snprintf(obj, sizeof obj, "upload:%s", agency);
        snprintf(detail, sizeof detail,
                 "%s %s %s %s: refused, would replace submission %lld (%ld accepted rows) with "
                 "%ld rows",
                 agency, period, out->format, sg_base_name(res.file), (long long)res.replaces,
                 res.replaced_rows, res.new_rows);
    } else if (u.refused) {
        sg_error_clear(err);
        rc = SG_OK;
        snprintf(obj, sizeof obj, "upload:%s", agency);
        snprintf(detail, sizeof detail, "%s %s %s %s: rejected (%ld errors, %ld rejected rows)",
                 agency, period, out->format, sg_base_name(res.file), out->findings[SG_SEV_ERROR],
                 out->rejected);
        if (strcmp(out->format, "partner") == 0) {
            if ((rc = audit(sc, "upload", obj, detail, err))) return rc;
            return record_refusal(sc, out, agency, period, name ? name : res.file, err);
        }
    } else {
        /* a file that could not be imported at all is still an upload attempt to record */
        sg_error aerr;
        snprintf(obj, sizeof obj, "upload:%s", agency);
        snprintf(detail, sizeof detail, "%s %s %s: failed (%s)", agency, period,
                 sg_base_name(name ? name : path), sg_status_name(rc));
        audit(sc, "upload", obj, detail, &aerr);
        return rc;
    }
    return audit(sc, "upload", obj, detail, err);
}

/* ---- registers ---- */

static bool is_action_register(const sg_register *reg)
{
    return reg == &sg_reg_action;
}

static bool record_visible(const sg_scope *sc, const sg_reg_record *rec)
{
    if (!is_agency_scoped(sc->who)) return true;
    const char *owner = sg_reg_get(rec, "owner_agency");
    return owner && strcmp(owner, sc->who->agency) == 0;
}

/* Blanks pseudonym columns for roles without child-level access; true when one was kept. */
/* Blanks rec's pseudonym columns unless they may be shown (with_child and the principal's right);
 * true when some were left to show. */
static bool strip_record_as(const sg_scope *sc, sg_reg_record *rec, bool with_child)
{
    bool child = with_child && sg_scope_child_level(sc), shown = false;
    for (int i = 0; i < rec->reg->ncols; i++) {
        if (rec->reg->cols[i].type != SG_RT_PSEUDONYM || !rec->val[i]) continue;
        if (child) {
            shown = true;
        } else {
            free(rec->val[i]);
            rec->val[i] = NULL;
        }
    }
    return shown;
}

static bool strip_record(const sg_scope *sc, sg_reg_record *rec)
{
    return strip_record_as(sc, rec, true);
}

static int can_read_register(const sg_scope *sc, const sg_register *reg, sg_error *err)
{
    int rc = sg_require(sc->who, SG_CAP_REGISTERS_READ, err);
    if (rc) return rc;
    if (is_agency_scoped(sc->who) && !is_action_register(reg)) return forbidden(err);
    return SG_OK;
}

static void move_record(sg_reg_record *dst, sg_reg_record *src)
{
    *dst = *src;
    memset(src, 0, sizeof *src);
    src->reg = dst->reg;
}

static int register_load(const sg_scope *sc, const sg_register *reg, bool with_child,
                         sg_reg_set *set, sg_error *err)
{
    sg_reg_set_init(set, reg);
    int rc = can_read_register(sc, reg, err);
    if (rc) return rc;
    sg_reg_set all;
    rc = sg_reg_load(sc->store, reg, &all, err);
    if (rc) return rc;
    bool shown = false;
    for (size_t i = 0; i < all.n; i++) {
        if (!record_visible(sc, &all.rec[i])) continue;
        shown |= strip_record_as(sc, &all.rec[i], with_child);
        sg_reg_record *dst = sg_reg_set_push(set);
        sg_reg_record_fini(dst);
        move_record(dst, &all.rec[i]);
    }
    sg_reg_set_fini(&all);
    if (shown) {
        char obj[96];
        snprintf(obj, sizeof obj, "register:%s", reg->name);
        rc = audit(sc, "view_child", obj, "register list with child pseudonyms", err);
    }
    return rc;
}

int sg_scope_register_load(const sg_scope *sc, const sg_register *reg, sg_reg_set *set,
                           sg_error *err)
{
    return register_load(sc, reg, true, set, err);
}

int sg_scope_register_load_plain(const sg_scope *sc, const sg_register *reg, sg_reg_set *set,
                                 sg_error *err)
{
    return register_load(sc, reg, false, set, err);
}

int sg_scope_register_get(const sg_scope *sc, const sg_register *reg, const char *key,
                          sg_reg_record *out, sg_error *err)
{
    sg_reg_record_init(out, reg);
    int rc = can_read_register(sc, reg, err);
    if (rc) return rc;
    sg_reg_record_fini(out);
    rc = sg_reg_get_record(sc->store, reg, key, out, err);
    if (rc) return rc;
    if (!record_visible(sc, out)) {
        sg_reg_record_fini(out);
        sg_reg_record_init(out, reg);
        return sg_err(err, SG_ENOTFOUND, "no such record");
    }
    if (strip_record(sc, out)) {
        char obj[SG_REG_KEY_MAX + 64];
        snprintf(obj, sizeof obj, "register:%s:%s", reg->name, key);
        rc = audit(sc, "view_child", obj, "register record with child pseudonyms", err);
    }
    return rc;
}

int sg_scope_register_view(const sg_scope *sc, const sg_register *reg, const char *view,
                           const sg_reg_view_opts *opts, sg_view_doc *out, sg_error *err)
{
    int rc = can_read_register(sc, reg, err);
    if (rc) return rc;
    for (int i = 0; i < reg->nviews; i++) {
        if (strcmp(reg->views[i].name, view) != 0) continue;
        sg_reg_view_opts o = opts ? *opts : (sg_reg_view_opts){0};
        if (is_agency_scoped(sc->who)) o.agency = sc->who->agency;
        return reg->views[i].fn(sc->store, reg, &o, out, err);
    }
    return sg_err(err, SG_ENOTFOUND, "no such view");
}

typedef struct log_strip {
    const sg_register *reg;
    bool child;
    sg_reg_change_fn fn;
    void *ctx;
} log_strip;

static int log_row(void *ctx, const sg_reg_change *ch)
{
    log_strip *ls = ctx;
    sg_reg_change c = *ch;
    int i = c.field ? sg_reg_col_index(ls->reg, c.field) : -1;
    if (!ls->child && i >= 0 && ls->reg->cols[i].type == SG_RT_PSEUDONYM)
        c.old_value = c.new_value = NULL;
    return ls->fn(ls->ctx, &c);
}

int sg_scope_register_log(const sg_scope *sc, const sg_register *reg, const char *key,
                          sg_reg_change_fn fn, void *ctx, sg_error *err)
{
    int rc = can_read_register(sc, reg, err);
    if (rc) return rc;
    sg_reg_record rec;
    rc = sg_reg_get_record(sc->store, reg, key, &rec, err);
    if (rc) {
        sg_reg_record_fini(&rec);
        return rc;
    }
    bool vis = record_visible(sc, &rec);
    sg_reg_record_fini(&rec);
    if (!vis) return sg_err(err, SG_ENOTFOUND, "no such record");
    log_strip ls = {reg, sg_scope_child_level(sc), fn, ctx};
    return sg_reg_log_each(sc->store, reg, key, log_row, &ls, err);
}

static bool agency_may_set(const char *field)
{
    static const char *const ok[] = {"status", "last_update_date", "progress_note",
                                     "completed_date", "evidence"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (strcmp(field, ok[i]) == 0) return true;
    return false;
}

int sg_scope_register_update(const sg_scope *sc, const sg_register *reg, const char *key,
                             const sg_reg_field *fields, size_t n, int *changed, sg_error *err)
{
    int rc = sg_require(sc->who, SG_CAP_REGISTERS_WRITE, err);
    if (rc) return rc;
    if (is_agency_scoped(sc->who)) {
        if (!is_action_register(reg)) return forbidden(err);
        sg_reg_record rec;
        rc = sg_reg_get_record(sc->store, reg, key, &rec, err);
        if (rc) return rc;
        bool vis = record_visible(sc, &rec);
        sg_reg_record_fini(&rec);
        if (!vis) return sg_err(err, SG_ENOTFOUND, "no such record");
        for (size_t i = 0; i < n; i++)
            if (!agency_may_set(fields[i].name)) return forbidden(err);
    }
    /* The change and its entry in one transaction: audit verify checks that every register
     * change has its entry (docs/access.md). */
    bool own;
    if ((rc = sg_access_begin(sc->store, &own, err))) return rc;
    int ch = 0;
    rc = sg_reg_update(sc->store, reg, key, fields, n, sc->who->username, &ch, err);
    if (!rc) {
        char obj[SG_REG_KEY_MAX + 64], detail[64];
        snprintf(obj, sizeof obj, "register:%s:%s", reg->name, key);
        snprintf(detail, sizeof detail, "update: %d field(s) changed", ch);
        rc = audit(sc, "change", obj, detail, err);
    }
    if (rc) {
        sg_access_rollback(sc->store, own);
        return rc;
    }
    if (changed) *changed = ch;
    return sg_access_commit(sc->store, own, err);
}

int sg_scope_register_add(const sg_scope *sc, const sg_register *reg, const sg_reg_field *fields,
                          size_t n, char *key_out, sg_error *err)
{
    int rc = sg_require(sc->who, SG_CAP_REGISTERS_WRITE, err);
    if (rc) return rc;
    if (is_agency_scoped(sc->who)) return forbidden(err);
    char key[SG_REG_KEY_MAX + 1];
    bool own;
    if ((rc = sg_access_begin(sc->store, &own, err))) return rc;
    rc = sg_reg_add(sc->store, reg, fields, n, sc->who->username, key, err);
    if (!rc) {
        char obj[SG_REG_KEY_MAX + 64];
        snprintf(obj, sizeof obj, "register:%s:%s", reg->name, key);
        rc = audit(sc, "change", obj, "add", err);
    }
    if (rc) {
        sg_access_rollback(sc->store, own);
        return rc;
    }
    if (key_out) sg_strlcpy(key_out, key, SG_REG_KEY_MAX + 1);
    return sg_access_commit(sc->store, own, err);
}

static int action_rank(const sg_scope_action *a)
{
    if (a->flags.overdue) return 0;
    if (a->flags.drift) return 1;
    if (a->flags.open) return 2;
    return 3;
}

static int action_cmp(const void *pa, const void *pb)
{
    const sg_scope_action *a = pa, *b = pb;
    int ra = action_rank(a), rb = action_rank(b);
    if (ra != rb) return ra - rb;
    if (ra == 0 && a->flags.days_overdue != b->flags.days_overdue)
        return b->flags.days_overdue - a->flags.days_overdue;
    if (ra == 1 && a->flags.days_since_update != b->flags.days_since_update)
        return b->flags.days_since_update - a->flags.days_since_update;
    sg_date da = sg_reg_get_date(a->rec, "due_date"), db = sg_reg_get_date(b->rec, "due_date");
    if (da != db) return da < db ? -1 : 1;
    return strcmp(a->rec->key, b->rec->key);
}

int sg_scope_actions(const sg_scope *sc, sg_date today, int drift_days, const char *agency,
                     const char *source, sg_reg_set *actions, sg_scope_action **out, size_t *n,
                     sg_error *err)
{
    *out = NULL;
    *n = 0;
    if (agency && !*agency) agency = NULL;
    if (source && !*source) source = NULL;
    int rc = sg_scope_register_load(sc, &sg_reg_action, actions, err);
    if (rc) return rc;
    /* Recommendations give an action its source kind; they are read for that only, never
     * handed out, so an agency data owner does not see them. */
    sg_reg_set recs;
    rc = sg_reg_load(sc->store, &sg_reg_recommendation, &recs, err);
    if (rc) return rc;
    if (drift_days <= 0) drift_days = SG_ACT_DRIFT_DAYS;
    sg_scope_action *v = xcalloc(actions->n ? actions->n : 1, sizeof *v);
    size_t k = 0;
    for (size_t i = 0; i < actions->n; i++) {
        const sg_reg_record *r = &actions->rec[i];
        const char *owner = sg_reg_get(r, "owner_agency");
        if (agency && (!owner || strcmp(owner, agency) != 0)) continue;
        sg_act_flags fl;
        sg_act_flags_of(r, &recs, today, drift_days, &fl);
        if (source && strcmp(fl.source, source) != 0) continue;
        v[k].rec = r;
        v[k].flags = fl;
        k++;
    }
    sg_reg_set_fini(&recs);
    qsort(v, k, sizeof *v, action_cmp);
    *out = v;
    *n = k;
    return SG_OK;
}

/* ---- dataset and reconciliation ---- */

int sg_scope_dataset(const sg_scope *sc, const char *period, sg_booklet *b, sg_error *err)
{
    int rc = sg_require(sc->who, SG_CAP_DATASET, err);
    if (rc) return rc;
    sg_booklet_opts o = {.public_view = false};
    return sg_booklet_build(sc->store, period, &o, b, err);
}

int sg_scope_reconcile(const sg_scope *sc, const char *period, sg_recon_pair **pairs, int *npairs,
                       sg_error *err)
{
    *pairs = NULL;
    *npairs = 0;
    if (!sg_scope_all_agencies(sc)) return forbidden(err);
    return sg_reconcile(sc->store, period, pairs, npairs, NULL, NULL, err);
}

/* ---- the yearly report ---- */

static int render_report(const sg_scope *sc, const char *year, bool public_view,
                         const char *config_path, const char *narrative_dir, sg_buf *out,
                         sg_error *err)
{
    sg_yr_config *cfg = xcalloc(1, sizeof *cfg); /* large: not on a worker's stack */
    if (config_path && *config_path) {
        int rc = sg_yr_config_load(config_path, cfg, err);
        if (rc) {
            free(cfg);
            return rc;
        }
    }
    sg_yr_opts o = {.year = year,
                    .public_view = public_view,
                    .as_at = SG_DATE_NONE,
                    .cfg = config_path && *config_path ? cfg : NULL,
                    .narrative_dir = narrative_dir && *narrative_dir ? narrative_dir : NULL};
    sg_yr_report r;
    int rc = sg_yr_build(sc->store, &o, &r, err);
    if (!rc) rc = sg_yr_html(&r, out, err);
    sg_yr_fini(&r);
    free(cfg);
    return rc;
}

int sg_scope_report_preview(const sg_scope *sc, const char *year, bool public_view,
                            const char *config_path, const char *narrative_dir, sg_buf *out,
                            sg_error *err)
{
    int rc = sg_require(sc->who, SG_CAP_REPORT_PREVIEW, err);
    if (rc) return rc;
    return render_report(sc, year, public_view, config_path, narrative_dir, out, err);
}

int sg_scope_report_publish(const sg_scope *sc, const char *year, const char *config_path,
                            const char *narrative_dir, const char *dest, sg_error *err)
{
    int rc = sg_require(sc->who, SG_CAP_REPORT_PUBLISH, err);
    if (rc) return rc;
    sg_buf out;
    sg_buf_init(&out, 0);
    rc = render_report(sc, year, true, config_path, narrative_dir, &out, err);
    if (rc) goto done;
    char tmp[1200];
    snprintf(tmp, sizeof tmp, "%s.tmp", dest);
    FILE *fp = fopen(tmp, "wb");
    if (!fp) {
        rc = sg_err(err, SG_EIO, "cannot write the published report");
        goto done;
    }
    size_t w = fwrite(out.data ? out.data : "", 1, out.len, fp);
    if (fclose(fp) != 0 || w != out.len || rename(tmp, dest) != 0) {
        remove(tmp);
        rc = sg_err(err, SG_EIO, "cannot write the published report");
        goto done;
    }
    char detail[96];
    snprintf(detail, sizeof detail, "yearly report %s, public edition", year);
    rc = audit(sc, "publish", "report", detail, err);
done:
    sg_buf_fini(&out);
    return rc;
}

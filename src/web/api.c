/* api.c - the JSON API under /api/: the same data as the pages, through the same scoped
 * query layer, with the same capability on every route (router.c). Errors are
 * {"status": N, "error": "..."} with a generic text. Strings that are not valid UTF-8 are sent
 * as null rather than dropped silently. */
#include "web/web.h"

#include "core/mem.h"
#include "core/period.h"
#include "registers/reg_actions.h"
#include "registers/view.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

void sg_api_send(sg_web_ctx *c, json_t *j)
{
    c->resp->content_type = "application/json";
    sg_buf_reset(&c->resp->body);
    if (!j) {
        c->resp->status = 500;
        sg_buf_puts(&c->resp->body, "{\"status\":500,\"error\":\"Something went wrong\"}");
        return;
    }
    char *s = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    if (!s) {
        c->resp->status = 500;
        sg_buf_puts(&c->resp->body, "{\"status\":500,\"error\":\"Something went wrong\"}");
        return;
    }
    if (sg_buf_puts(&c->resp->body, s)) c->resp->status = 500;
    free(s);
}

static json_t *jstr(const char *s)
{
    if (!s) return json_null();
    json_t *j = json_string(s);
    return j ? j : json_null();
}

void sg_h_api_me(sg_web_ctx *c)
{
    json_t *caps = json_array();
    static const char *const names[SG__CAP_COUNT] = {
        "child_level",     "submissions",    "upload",         "dataset", "registers_read",
        "registers_write", "report_preview", "report_publish", "users",   "audit"};
    for (int i = 0; i < SG__CAP_COUNT; i++)
        if (sg_can(&c->who, (sg_cap)i)) json_array_append_new(caps, json_string(names[i]));
    json_t *j = json_object();
    json_object_set_new(j, "username", jstr(c->who.username));
    json_object_set_new(j, "role", jstr(sg_role_name(c->who.role)));
    json_object_set_new(j, "agency", c->who.agency[0] ? jstr(c->who.agency) : json_null());
    json_object_set_new(j, "capabilities", caps);
    sg_api_send(c, j);
}

static json_t *sub_json(const sg_submission *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(s->id));
    json_object_set_new(o, "agency", jstr(s->agency));
    json_object_set_new(o, "format", jstr(s->format));
    json_object_set_new(o, "period", jstr(s->period));
    json_object_set_new(o, "file", jstr(s->file_name));
    json_object_set_new(o, "user", jstr(s->user));
    json_object_set_new(o, "imported_at", jstr(s->imported_at));
    json_object_set_new(o, "rows_read", json_integer(s->rows_read));
    json_object_set_new(o, "rows_accepted", json_integer(s->rows_accepted));
    json_object_set_new(o, "rows_rejected", json_integer(s->rows_rejected));
    json_object_set_new(o, "status", jstr(s->superseded_by ? "superseded" : "current"));
    json_object_set_new(o, "superseded_by",
                        s->superseded_by ? json_integer(s->superseded_by) : json_null());
    return o;
}

static int sub_collect(void *ctx, const sg_submission *s)
{
    json_t *a = ctx;
    if (json_array_size(a) >= 5000) return 0;
    json_array_append_new(a, sub_json(s));
    return 0;
}

void sg_h_api_submissions(sg_web_ctx *c)
{
    json_t *a = json_array();
    sg_error err;
    sg_error_clear(&err);
    int rc = sg_scope_submissions(&c->scope, sg_web_q(c, "agency"), sg_web_q(c, "period"),
                                  sub_collect, a, &err);
    if (rc) {
        json_decref(a);
        sg_web_fail(c, &err);
        return;
    }
    sg_api_send(c, json_pack("{s:o}", "submissions", a));
}

static int item_collect(void *ctx, const sg_scope_item *it)
{
    json_t *a = ctx;
    json_t *o = json_object();
    json_object_set_new(o, "kind", jstr(it->kind));
    json_object_set_new(o, "severity", jstr(it->severity));
    json_object_set_new(o, "rule", jstr(it->rule));
    json_object_set_new(o, "file", jstr(it->file));
    json_object_set_new(o, "line", json_integer(it->line));
    json_object_set_new(o, "field", jstr(it->field));
    json_object_set_new(o, "child", jstr(it->child));
    json_object_set_new(o, "value", jstr(it->value));
    json_object_set_new(o, "message", jstr(it->message));
    json_array_append_new(a, o);
    return 0;
}

void sg_h_api_submission(sg_web_ctx *c)
{
    const char *p = c->params[0];
    int64_t id = 0;
    if (*p && strlen(p) <= 18 && strspn(p, "0123456789") == strlen(p))
        id = (int64_t)strtoll(p, NULL, 10);
    if (id <= 0) {
        sg_web_error(c, 404);
        return;
    }
    sg_submission sub;
    long f[SG_SEV__COUNT] = {0}, rejected = 0;
    sg_error err;
    sg_error_clear(&err);
    int rc = sg_scope_submission(&c->scope, id, &sub, &err);
    if (!rc) rc = sg_scope_submission_counts(&c->scope, id, f, &rejected, &err);
    json_t *items = json_array();
    if (!rc) rc = sg_scope_items(&c->scope, id, 5000, item_collect, items, &err);
    if (rc) {
        json_decref(items);
        sg_web_fail(c, &err);
        return;
    }
    json_t *o = sub_json(&sub);
    json_object_set_new(o, "findings",
                        json_pack("{s:I, s:I, s:I}", "error", (json_int_t)f[0], "query",
                                  (json_int_t)f[1], "warning", (json_int_t)f[2]));
    json_object_set_new(o, "items", items);
    sg_api_send(c, o);
}

static json_t *record_json(const sg_reg_record *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "key", jstr(r->key));
    for (int i = 0; i < r->reg->ncols; i++)
        json_object_set_new(o, r->reg->cols[i].name, jstr(r->val[i]));
    return o;
}

void sg_h_api_actions(sg_web_ctx *c)
{
    sg_reg_set set;
    sg_scope_action *acts = NULL;
    size_t n = 0;
    sg_error err;
    sg_error_clear(&err);
    int rc = sg_scope_actions(&c->scope, sg_date_today(), 0, sg_web_q(c, "agency"),
                              sg_web_q(c, "source"), &set, &acts, &n, &err);
    if (rc) {
        sg_reg_set_fini(&set);
        free(acts);
        sg_web_fail(c, &err);
        return;
    }
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = record_json(acts[i].rec);
        const sg_act_flags *f = &acts[i].flags;
        json_object_set_new(o, "flags",
                            json_pack("{s:b, s:b, s:i, s:b, s:i, s:b, s:b, s:s}", "open", f->open,
                                      "overdue", f->overdue, "days_overdue", f->days_overdue,
                                      "drift", f->drift, "days_since_update", f->days_since_update,
                                      "no_evidence", f->no_evidence, "impact_due", f->impact_due,
                                      "source", f->source));
        json_array_append_new(a, o);
    }
    free(acts);
    sg_reg_set_fini(&set);
    sg_api_send(c, json_pack("{s:o}", "actions", a));
}

void sg_h_api_register(sg_web_ctx *c)
{
    const sg_register *reg = sg_web_register(c);
    if (!reg) return;
    const char *view = sg_web_q(c, "view");
    if (view) {
        /* a computed view (clocks, overdue, summaries): the blocks the page shows - headings,
         * tables (columns, which are numeric, rows of cells as shown) and notes */
        sg_view_doc doc;
        if (!sg_web_register_view(c, reg, view, &doc)) return;
        json_t *j = sg_view_json(&doc);
        sg_view_doc_fini(&doc);
        json_object_set_new(j, "register", json_string(reg->name));
        json_object_set_new(j, "view", jstr(view));
        sg_api_send(c, j);
        return;
    }
    sg_reg_set set;
    if (!sg_web_register_load(c, reg, &set)) return;
    json_t *a = json_array();
    for (size_t i = 0; i < set.n; i++)
        json_array_append_new(a, record_json(&set.rec[i]));
    sg_reg_set_fini(&set);
    sg_api_send(c, json_pack("{s:s, s:o}", "register", reg->name, "records", a));
}

void sg_h_api_reconcile(sg_web_ctx *c)
{
    char period[16];
    const char *p = sg_web_period_q(c, period);
    sg_recon_pair *pairs = NULL;
    int n = 0;
    if (!sg_web_reconcile(c, p, &pairs, &n)) return;
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:I}", "pair",
                                           pairs[i].name, "left", pairs[i].left, "right",
                                           pairs[i].right, "left_n", (json_int_t)pairs[i].left_n,
                                           "left_matched", (json_int_t)pairs[i].left_matched,
                                           "right_n", (json_int_t)pairs[i].right_n, "right_matched",
                                           (json_int_t)pairs[i].right_matched));
    free(pairs);
    sg_api_send(c, json_pack("{s:s, s:o}", "period", p, "pairs", a));
}

static int audit_collect(void *ctx, const sg_audit_entry *e)
{
    json_array_append_new(ctx, json_pack("{s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o}", "seq",
                                         (json_int_t)e->seq, "at", (json_int_t)e->at, "user",
                                         jstr(e->username), "role", jstr(e->role), "action",
                                         jstr(e->action), "object", jstr(e->object), "detail",
                                         jstr(e->detail), "client", jstr(e->client)));
    return 0;
}

void sg_h_api_audit(sg_web_ctx *c)
{
    sg_audit_filter f;
    sg_web_audit_filter(c, false, 1000, &f);
    json_t *a = json_array();
    sg_error err;
    sg_error_clear(&err);
    int rc = sg_audit(c->store, &c->who, "view", "audit", "web: /api/audit", c->req->client, c->now,
                      &err);
    if (!rc) rc = sg_audit_each(c->store, &f, audit_collect, a, &err);
    if (rc) {
        json_decref(a);
        sg_web_fail(c, &err);
        return;
    }
    sg_api_send(c, json_pack("{s:o}", "entries", a));
}

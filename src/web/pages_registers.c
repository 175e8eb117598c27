/* pages_registers.c - the partnership's registers in the browser: the action tracker (overdue
 * and drifting first, filtered by agency and source) with one action's page and its progress
 * form; every register's records and computed views (case reviews with their clocks, audits,
 * Section 11, training, LADO, child deaths, finance, risks ...); and the audit trail for
 * those allowed to read it. Data comes only from access/scope.h and access/access.h. */
#include "web/web.h"

#include "core/clock.h"
#include "core/mem.h"
#include "core/period.h"
#include "registers/reg_actions.h"
#include "registers/register.h"
#include "registers/view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* href = prefix + percent-encoded key */
static void key_href(char *out, size_t outsz, const char *prefix, const char *key)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t k = sg_strlcpy(out, prefix, outsz);
    for (const unsigned char *p = (const unsigned char *)key; *p && k + 4 < outsz; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.') {
            out[k++] = (char)*p;
        } else {
            out[k++] = '%';
            out[k++] = hex[*p >> 4];
            out[k++] = hex[*p & 15];
        }
    }
    out[k < outsz ? k : outsz - 1] = '\0';
}

static void flags_text(const sg_act_flags *f, char *out, size_t outsz)
{
    out[0] = '\0';
    size_t k = 0;
    if (f->overdue)
        k += (size_t)snprintf(out + k, outsz - k, "overdue by %d day%s; ", f->days_overdue,
                              f->days_overdue == 1 ? "" : "s");
    if (k < outsz && f->drift)
        k += (size_t)snprintf(out + k, outsz - k, "no update for %d days; ", f->days_since_update);
    if (k < outsz && f->no_evidence)
        k += (size_t)snprintf(out + k, outsz - k, "completed without evidence; ");
    if (k < outsz && f->impact_due) k += (size_t)snprintf(out + k, outsz - k, "impact check due; ");
    if (k >= 2 && k < outsz) out[k - 2] = '\0';
}

/* A labelled filter <select> named name: "any" (value "") and then every code of codes, the one
 * equal to chosen selected. */
static void code_select(sg_html *h, const char *label, const char *name, const sg_reg_code *codes,
                        const char *chosen)
{
    sg_html_elem(h, "label", label, "for", name, NULL);
    sg_html_open(h, "select", "id", name, "name", name, NULL);
    sg_html_elem(h, "option", "any", "value", "", NULL);
    for (const sg_reg_code *k = codes; k->code; k++)
        sg_html_elem(h, "option", k->code, "value", k->code, "selected",
                     chosen && strcmp(chosen, k->code) == 0 ? "selected" : NULL, NULL);
    sg_html_close(h, "select");
}

void sg_h_actions(sg_web_ctx *c)
{
    const char *agency = sg_web_q(c, "agency"), *source = sg_web_q(c, "source");
    sg_reg_set set;
    sg_scope_action *acts = NULL;
    size_t n = 0;
    sg_error err;
    sg_error_clear(&err);
    int rc = sg_scope_actions(&c->scope, sg_date_today(), 0, agency, source, &set, &acts, &n, &err);
    if (rc) {
        sg_reg_set_fini(&set);
        free(acts);
        sg_web_fail(c, &err);
        return;
    }
    sg_html h;
    sg_page_begin(c, &h, "Action tracker");
    sg_html_elem(&h, "h1", "Action tracker", NULL);
    sg_html_open(&h, "form", "method", "get", "action", "/actions", NULL);
    if (!sg_scope_agency_bound(&c->scope))
        code_select(&h, "Owner agency", "agency", sg_reg_agencies, agency);
    code_select(&h, "Source", "source", sg_act_sources, source);
    sg_html_open(&h, "div", NULL);
    sg_html_elem(&h, "button", "Filter", "type", "submit", NULL);
    sg_html_close(&h, "div");
    sg_html_close(&h, "form");
    long overdue = 0, drift = 0;
    for (size_t i = 0; i < n; i++) {
        overdue += acts[i].flags.overdue;
        drift += acts[i].flags.drift && !acts[i].flags.overdue;
    }
    sg_html_open(&h, "p", NULL);
    sg_html_textf(&h,
                  "%zu action(s): %ld overdue, %ld more drifting (no update for over %d "
                  "days). Overdue and drifting actions come first.",
                  n, overdue, drift, SG_ACT_DRIFT_DAYS);
    sg_html_close(&h, "p");
    sg_page_table(&h, NULL, "Action", "Owner agency", "Source", "Due", "Status", "Needs attention",
                  NULL);
    sg_html_open(&h, "tbody", NULL);
    for (size_t i = 0; i < n; i++) {
        const sg_reg_record *r = acts[i].rec;
        char href[256], ft[256];
        key_href(href, sizeof href, "/actions/", r->key);
        flags_text(&acts[i].flags, ft, sizeof ft);
        sg_html_open(&h, "tr", NULL);
        sg_html_open(&h, "td", NULL);
        sg_page_link(&h, href, r->key);
        sg_html_close(&h, "td");
        sg_page_td(&h, sg_reg_get(r, "owner_agency"));
        sg_page_td(&h, acts[i].flags.source);
        sg_page_td(&h, sg_reg_get(r, "due_date"));
        sg_page_td(&h, sg_reg_get(r, "status"));
        sg_html_elem(&h, "td", ft, "class",
                     acts[i].flags.overdue ? "overdue"
                     : acts[i].flags.drift ? "drift"
                                           : NULL,
                     NULL);
        sg_html_close(&h, "tr");
    }
    sg_html_close(&h, "tbody");
    sg_html_close(&h, "table");
    if (n == 0) sg_page_note(&h, "notice", "No actions match.");
    free(acts);
    sg_reg_set_fini(&set);
    sg_page_end(c, &h);
}

static void record_table(sg_html *h, const sg_reg_record *r)
{
    sg_html_open(h, "dl", "class", "meta", NULL);
    for (int i = 0; i < r->reg->ncols; i++) {
        sg_html_elem(h, "dt", r->reg->cols[i].name, NULL);
        sg_html_elem(h, "dd", r->val[i] ? r->val[i] : "-", NULL);
    }
    sg_html_elem(h, "dt", "Last changed", NULL);
    char t[128];
    snprintf(t, sizeof t, "%s by %s", r->updated_at[0] ? r->updated_at : r->created_at,
             r->updated_by[0] ? r->updated_by : r->created_by);
    sg_html_elem(h, "dd", t, NULL);
    sg_html_close(h, "dl");
}

static void action_page(sg_web_ctx *c, const char *message, bool saved)
{
    sg_reg_record rec;
    sg_error err;
    sg_error_clear(&err);
    int rc = sg_scope_register_get(&c->scope, &sg_reg_action, c->params[0], &rec, &err);
    if (rc) {
        sg_reg_record_fini(&rec);
        sg_web_fail(c, &err);
        return;
    }
    char title[256];
    snprintf(title, sizeof title, "Action %s", rec.key);
    sg_html h;
    sg_page_begin(c, &h, title);
    sg_html_elem(&h, "h1", title, NULL);
    if (saved) sg_html_elem(&h, "p", "Saved.", "class", "ok", "role", "status", NULL);
    if (message) sg_html_elem(&h, "p", message, "class", "error", "role", "alert", NULL);
    sg_reg_record_fini(&rec);
    /* read again after a failed save: the stored values, not the refused ones */
    rc = sg_scope_register_get(&c->scope, &sg_reg_action, c->params[0], &rec, &err);
    if (rc == SG_OK) {
        sg_act_flags fl;
        sg_reg_set none;
        sg_reg_set_init(&none, &sg_reg_recommendation);
        sg_act_flags_of(&rec, &none, sg_date_today(), SG_ACT_DRIFT_DAYS, &fl);
        char ft[256];
        flags_text(&fl, ft, sizeof ft);
        if (ft[0]) sg_html_elem(&h, "p", ft, "class", fl.overdue ? "error" : "notice", NULL);
        record_table(&h, &rec);
    }
    if (rc == SG_OK && sg_can(&c->who, SG_CAP_REGISTERS_WRITE)) {
        char href[256];
        key_href(href, sizeof href, "/actions/", rec.key);
        sg_html_elem(&h, "h2", "Record progress", NULL);
        sg_html_open(&h, "form", "method", "post", "action", href, NULL);
        sg_page_csrf(c, &h);
        sg_html_elem(&h, "label", "Status", "for", "status", NULL);
        sg_html_open(&h, "select", "id", "status", "name", "status", NULL);
        static const char *const st[] = {"NOT_STARTED", "IN_PROGRESS", "COMPLETED",
                                         "CLOSED_NOT_DONE"};
        const char *cur = sg_reg_get(&rec, "status");
        for (size_t i = 0; i < 4; i++)
            sg_html_elem(&h, "option", st[i], "value", st[i], "selected",
                         cur && strcmp(cur, st[i]) == 0 ? "selected" : NULL, NULL);
        sg_html_close(&h, "select");
        static const char *const fields[][2] = {{"last_update_date", "Date of this update"},
                                                {"progress_note", "Progress"},
                                                {"completed_date", "Completed on (if completed)"},
                                                {"evidence", "Evidence"}};
        for (size_t i = 0; i < 4; i++) {
            sg_html_elem(&h, "label", fields[i][1], "for", fields[i][0], NULL);
            const char *v = sg_reg_get(&rec, fields[i][0]);
            if (strcmp(fields[i][0], "progress_note") == 0 || strcmp(fields[i][0], "evidence") == 0)
                sg_html_elem(&h, "textarea", v ? v : "", "id", fields[i][0], "name", fields[i][0],
                             "rows", "3", "cols", "60", NULL);
            else
                sg_html_empty(&h, "input", "id", fields[i][0], "name", fields[i][0], "type", "date",
                              "value", v ? v : "", NULL);
        }
        sg_html_open(&h, "div", NULL);
        sg_html_elem(&h, "button", "Save", "type", "submit", NULL);
        sg_html_close(&h, "div");
        sg_html_close(&h, "form");
    }
    sg_reg_record_fini(&rec);
    sg_page_link(&h, "/actions", "Back to the tracker");
    sg_page_end(c, &h);
}

void sg_h_action(sg_web_ctx *c)
{
    action_page(c, NULL, sg_web_q(c, "saved") != NULL);
}

void sg_h_action_update(sg_web_ctx *c)
{
    static const char *const names[] = {"status", "last_update_date", "progress_note",
                                        "completed_date", "evidence"};
    sg_reg_field fields[5];
    size_t n = 0;
    for (size_t i = 0; i < 5; i++) {
        const char *v = sg_web_f(c, names[i]);
        if (v && *v) fields[n++] = (sg_reg_field){names[i], v};
    }
    sg_error err;
    sg_error_clear(&err);
    int changed = 0;
    int rc = sg_scope_register_update(&c->scope, &sg_reg_action, c->params[0], fields, n, &changed,
                                      &err);
    if (rc == SG_EINVAL || rc == SG_ELIMIT) {
        /* the message names the field and the value the user typed; nothing internal */
        action_page(c, err.msg, false);
        c->resp->status = 400;
        return;
    }
    if (rc) {
        sg_web_fail(c, &err);
        return;
    }
    char href[300];
    key_href(href, sizeof href, "/actions/", c->params[0]);
    sg_strlcpy(href + strlen(href), "?saved=1", sizeof href - strlen(href));
    sg_web_redirect(c, href);
}

void sg_h_registers(sg_web_ctx *c)
{
    sg_html h;
    sg_page_begin(c, &h, "Registers");
    sg_html_elem(&h, "h1", "Registers", NULL);
    sg_page_table(&h, NULL, "Register", "Records", "Views", NULL);
    sg_html_open(&h, "tbody", NULL);
    size_t n = 0;
    const sg_register *const *all = sg_reg_all(&n);
    bool bound = sg_scope_agency_bound(&c->scope);
    for (size_t i = 0; i < n; i++) {
        if (bound && all[i] != &sg_reg_action) continue;
        char href[128];
        snprintf(href, sizeof href, "/registers/%s", all[i]->name);
        sg_html_open(&h, "tr", NULL);
        sg_html_open(&h, "td", NULL);
        sg_page_link(&h, href, all[i]->title);
        sg_html_close(&h, "td");
        sg_reg_set set;
        sg_error err;
        if (sg_scope_register_load(&c->scope, all[i], &set, &err) == SG_OK)
            sg_page_tdn(&h, (long long)set.n);
        else
            sg_page_td(&h, "-");
        sg_reg_set_fini(&set);
        char views[256] = "";
        size_t k = 0;
        for (int v = 0; v < all[i]->nviews && k < sizeof views; v++)
            k += (size_t)snprintf(views + k, sizeof views - k, "%s%s", v ? ", " : "",
                                  all[i]->views[v].name);
        sg_page_td(&h, views);
        sg_html_close(&h, "tr");
    }
    sg_html_close(&h, "tbody");
    sg_html_close(&h, "table");
    sg_page_end(c, &h);
}

/* The form adding a record: one input per column (dates as date inputs, codes as a select). */
static void add_form(sg_web_ctx *c, sg_html *h, const sg_register *reg)
{
    char action[128];
    snprintf(action, sizeof action, "/registers/%s", reg->name);
    sg_html_elem(h, "h2", "Add a record", NULL);
    sg_html_open(h, "form", "method", "post", "action", action, NULL);
    sg_page_csrf(c, h);
    for (int i = 0; i < reg->ncols; i++) {
        const sg_reg_col *col = &reg->cols[i];
        const char *prev = sg_web_f(c, col->name);
        char label[160];
        snprintf(label, sizeof label, "%s%s: %s", col->name,
                 (col->flags & (SG_RF_REQUIRED | SG_RF_KEY)) && !col->key_default ? " (required)"
                                                                                  : "",
                 col->doc ? col->doc : "");
        sg_html_elem(h, "label", label, "for", col->name, NULL);
        if (col->type == SG_RT_ENUM && col->codes && !(col->flags & SG_RF_MULTI)) {
            sg_html_open(h, "select", "id", col->name, "name", col->name, NULL);
            sg_html_elem(h, "option", "", "value", "", NULL);
            for (const sg_reg_code *k = col->codes; k->code; k++)
                sg_html_elem(h, "option", k->code, "value", k->code, "selected",
                             prev && strcmp(prev, k->code) == 0 ? "selected" : NULL, NULL);
            sg_html_close(h, "select");
        } else {
            sg_html_empty(h, "input", "id", col->name, "name", col->name, "type",
                          col->type == SG_RT_DATE ? "date" : "text", "value", prev ? prev : "",
                          NULL);
        }
    }
    sg_html_open(h, "div", NULL);
    sg_html_elem(h, "button", "Add", "type", "submit", NULL);
    sg_html_close(h, "div");
    sg_html_close(h, "form");
}

static void register_page(sg_web_ctx *c, const sg_register *reg, const char *message);

const sg_register *sg_web_register(sg_web_ctx *c)
{
    const sg_register *reg = sg_reg_find(c->params[0]);
    if (!reg) sg_web_error(c, 404);
    return reg;
}

bool sg_web_register_load(sg_web_ctx *c, const sg_register *reg, sg_reg_set *set)
{
    sg_error err;
    sg_error_clear(&err);
    if (sg_scope_register_load(&c->scope, reg, set, &err) == SG_OK) return true;
    sg_reg_set_fini(set);
    sg_web_fail(c, &err);
    return false;
}

bool sg_web_register_view(sg_web_ctx *c, const sg_register *reg, const char *view, sg_view_doc *doc)
{
    sg_error err;
    sg_error_clear(&err);
    sg_view_doc_init(doc);
    sg_reg_view_opts o;
    memset(&o, 0, sizeof o);
    o.today = sg_date_today();
    /* ?year=2024-25: the financial year a view is for (default: the year holding today) */
    const char *yq = sg_web_q(c, "year");
    if (yq && !sg_fy_parse(yq, &o.year))
        sg_err(&err, SG_EINVAL, "year must be a financial year such as 2024-25");
    else if (sg_scope_register_view(&c->scope, reg, view, &o, doc, &err) == SG_OK)
        return true;
    sg_view_doc_fini(doc);
    sg_web_fail(c, &err);
    return false;
}

void sg_h_register(sg_web_ctx *c)
{
    const sg_register *reg = sg_web_register(c);
    if (!reg) return;
    register_page(c, reg, NULL);
}

void sg_h_register_add(sg_web_ctx *c)
{
    const sg_register *reg = sg_web_register(c);
    if (!reg) return;
    sg_reg_field fields[SG_REG_MAX_COLS];
    size_t n = 0;
    for (int i = 0; i < reg->ncols && n < SG_REG_MAX_COLS; i++) {
        const char *v = sg_web_f(c, reg->cols[i].name);
        if (v && *v) fields[n++] = (sg_reg_field){reg->cols[i].name, v};
    }
    char key[SG_REG_KEY_MAX + 1];
    sg_error err;
    sg_error_clear(&err);
    int rc = sg_scope_register_add(&c->scope, reg, fields, n, key, &err);
    if (rc == SG_EINVAL || rc == SG_ELIMIT || rc == SG_ECONFLICT || rc == SG_ENOTFOUND) {
        /* the message names the field and what was typed (never a child identifier) */
        register_page(c, reg, err.msg);
        c->resp->status = rc == SG_ECONFLICT ? 409 : 400;
        return;
    }
    if (rc) {
        sg_web_fail(c, &err);
        return;
    }
    char prefix[96], href[400];
    snprintf(prefix, sizeof prefix, "/registers/%s/", reg->name);
    key_href(href, sizeof href, prefix, key);
    sg_web_redirect(c, href);
}

static void register_page(sg_web_ctx *c, const sg_register *reg, const char *message)
{
    const char *view = sg_web_q(c, "view");
    sg_reg_set set;
    if (!sg_web_register_load(c, reg, &set)) return;
    sg_html h;
    sg_page_begin(c, &h, reg->title);
    sg_html_elem(&h, "h1", reg->title, NULL);
    sg_html_elem(&h, "p", reg->doc, NULL);
    if (reg->nviews) {
        sg_html_open(&h, "p", NULL);
        sg_html_text(&h, "Views: ");
        for (int v = 0; v < reg->nviews; v++) {
            char href[160];
            snprintf(href, sizeof href, "/registers/%s?view=%s", reg->name, reg->views[v].name);
            if (v) sg_html_text(&h, " | ");
            sg_page_link(&h, href, reg->views[v].name);
        }
        sg_html_close(&h, "p");
    }
    if (view) {
        /* the view's document as headings, tables with column headers and notes */
        sg_view_doc doc;
        if (!sg_web_register_view(c, reg, view, &doc)) {
            sg_reg_set_fini(&set);
            return;
        }
        sg_html_open(&h, "section", "class", "view", "aria-labelledby", "view-title", NULL);
        sg_html_elem(&h, "h2", view, "id", "view-title", NULL);
        sg_view_html(&doc, &h);
        sg_html_close(&h, "section");
        sg_view_doc_fini(&doc);
    }
    /* the key and the brief columns */
    sg_html_open(&h, "table", NULL);
    sg_html_open(&h, "thead", NULL);
    sg_html_open(&h, "tr", NULL);
    sg_html_elem(&h, "th", "key", "scope", "col", NULL);
    for (int i = 0; i < reg->ncols; i++)
        if ((reg->cols[i].flags & SG_RF_BRIEF) && !(reg->cols[i].flags & SG_RF_KEY))
            sg_html_elem(&h, "th", reg->cols[i].name, "scope", "col", NULL);
    sg_html_close(&h, "tr");
    sg_html_close(&h, "thead");
    sg_html_open(&h, "tbody", NULL);
    for (size_t r = 0; r < set.n && r < 2000; r++) {
        char href[300], prefix[96];
        snprintf(prefix, sizeof prefix, "/registers/%s/", reg->name);
        key_href(href, sizeof href, prefix, set.rec[r].key);
        sg_html_open(&h, "tr", NULL);
        sg_html_open(&h, "td", NULL);
        sg_page_link(&h, href, set.rec[r].key);
        sg_html_close(&h, "td");
        for (int i = 0; i < reg->ncols; i++)
            if ((reg->cols[i].flags & SG_RF_BRIEF) && !(reg->cols[i].flags & SG_RF_KEY))
                sg_page_td(&h, set.rec[r].val[i]);
        sg_html_close(&h, "tr");
    }
    sg_html_close(&h, "tbody");
    sg_html_close(&h, "table");
    if (set.n == 0) sg_page_note(&h, "notice", "No records yet.");
    sg_reg_set_fini(&set);
    if (message) sg_html_elem(&h, "p", message, "class", "error", "role", "alert", NULL);
    if (sg_can(&c->who, SG_CAP_REGISTERS_WRITE) && !sg_scope_agency_bound(&c->scope))
        add_form(c, &h, reg);
    sg_page_end(c, &h);
}

void sg_h_register_record(sg_web_ctx *c)
{
    const sg_register *reg = sg_web_register(c);
    if (!reg) return;
    sg_reg_record rec;
    sg_error err;
    sg_error_clear(&err);
    int rc = sg_scope_register_get(&c->scope, reg, c->params[1], &rec, &err);
    if (rc) {
        sg_reg_record_fini(&rec);
        sg_web_fail(c, &err);
        return;
    }
    char title[300];
    snprintf(title, sizeof title, "%s: %s", reg->title, rec.key);
    sg_html h;
    sg_page_begin(c, &h, title);
    sg_html_elem(&h, "h1", title, NULL);
    record_table(&h, &rec);
    sg_reg_record_fini(&rec);
    sg_page_end(c, &h);
}

typedef struct audit_rows {
    sg_html *h;
} audit_rows;

static int audit_row(void *ctx, const sg_audit_entry *e)
{
    sg_html *h = ((audit_rows *)ctx)->h;
    char at[32];
    sg_utc_stamp(e->at, at, sizeof at, "-");
    sg_html_open(h, "tr", NULL);
    sg_page_tdn(h, e->seq);
    sg_page_td(h, at);
    sg_page_td(h, e->username);
    sg_page_td(h, e->role);
    sg_page_td(h, e->action);
    sg_page_td(h, e->object);
    sg_page_td(h, e->detail);
    sg_page_td(h, e->client);
    sg_html_close(h, "tr");
    return 0;
}

void sg_web_audit_filter(sg_web_ctx *c, bool blank_is_any, long limit, sg_audit_filter *f)
{
    memset(f, 0, sizeof *f);
    const char **field[] = {&f->username, &f->action, &f->object};
    const char *const key[] = {"user", "action", "object"};
    for (size_t i = 0; i < sizeof key / sizeof key[0]; i++) {
        const char *v = sg_web_q(c, key[i]);
        *field[i] = blank_is_any && v && !*v ? NULL : v;
    }
    f->limit = limit;
}

void sg_h_audit(sg_web_ctx *c)
{
    sg_audit_filter f;
    sg_web_audit_filter(c, true, 200, &f);
    sg_html h;
    sg_page_begin(c, &h, "Audit trail");
    sg_html_elem(&h, "h1", "Audit trail (newest 200)", NULL);
    sg_html_open(&h, "form", "method", "get", "action", "/audit", NULL);
    static const char *const q[] = {"user", "action", "object"};
    for (size_t i = 0; i < 3; i++) {
        sg_html_elem(&h, "label", q[i], "for", q[i], NULL);
        const char *v = sg_web_q(c, q[i]);
        sg_html_empty(&h, "input", "id", q[i], "name", q[i], "value", v ? v : "", NULL);
    }
    sg_html_open(&h, "div", NULL);
    sg_html_elem(&h, "button", "Filter", "type", "submit", NULL);
    sg_html_close(&h, "div");
    sg_html_close(&h, "form");
    sg_page_table(&h, NULL, "Seq", "At (UTC)", "User", "Role", "Action", "Object", "Detail",
                  "Client", NULL);
    sg_html_open(&h, "tbody", NULL);
    audit_rows ar = {&h};
    sg_error err;
    sg_error_clear(&err);
    /* reading the trail is itself recorded, as the CLI does */
    int rc = sg_audit(c->store, &c->who, "view", "audit", "web: audit trail page", c->req->client,
                      c->now, &err);
    if (!rc) rc = sg_audit_each(c->store, &f, audit_row, &ar, &err);
    sg_html_close(&h, "tbody");
    sg_html_close(&h, "table");
    if (rc) {
        sg_web_fail(c, &err);
        return;
    }
    sg_page_end(c, &h);
}

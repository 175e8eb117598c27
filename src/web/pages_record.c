/* pages_record.c - one register record in the browser: its values under plain-English labels,
 * the form that changes it (built from the register's column definitions: labels, required
 * marks, code lists as selects, dates as date inputs, the error at its field with the typed
 * values kept), the add form of the register page, the record's change log (who, when,
 * old -> new), and an action's progress as a history of dated updates. Every change goes
 * through access/scope.h to the register engine, so it lands in the change log and the audit
 * trail like the CLI's. */
#include "web/web.h"

#include "core/mem.h"
#include "registers/reg_actions.h"
#include "registers/reg_years.h"
#include "registers/register.h"
#include "web/record.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sg_web_human_code(const char *code, char *out, size_t outsz)
{
    size_t k = 0;
    for (const char *p = code; *p && k + 1 < outsz; p++) {
        char ch = *p == '_' ? ' ' : (char)(k ? tolower((unsigned char)*p) : *p);
        out[k++] = ch;
    }
    out[k] = '\0';
}

/* The text shown for a code: "Closed: the risk no longer applies". */
static void code_text(const sg_reg_col *col, const char *code, char *out, size_t outsz)
{
    char h[96];
    sg_web_human_code(code, h, sizeof h);
    const char *l = sg_reg_code_label(col, code);
    if (col->type == SG_RT_AGENCY && l != code) {
        /* agencies by their names: "Children's social care (the local authority)" */
        snprintf(out, outsz, "%c%s", toupper((unsigned char)l[0]), l[0] ? l + 1 : "");
        return;
    }
    if (l != code && strcmp(l, code) != 0)
        snprintf(out, outsz, "%s: %s", h, l);
    else
        snprintf(out, outsz, "%s", h);
}

static bool editable(const sg_reg_col *col, bool edit)
{
    return !(edit && (col->flags & SG_RF_KEY)) && !(edit && col->type == SG_RT_PSEUDONYM);
}

static bool is_codes(const sg_reg_col *col)
{
    return (col->type == SG_RT_ENUM && col->codes) || col->type == SG_RT_AGENCY;
}

static void option(sg_html *h, const char *value, const char *text, bool sel)
{
    sg_html_elem(h, "option", text, "value", value, "selected", sel ? "selected" : NULL, NULL);
}

/* One field: label (required marked), hint, the error when it is this field's, the control. */
void sg_web_reg_field(sg_web_ctx *c, sg_html *h, const sg_reg_col *col, const char *value,
                      const sg_error *err)
{
    (void)c;
    char name[96], id[100], hint[112], eid[112], label[160];
    /* a hint that only lists the codes (in capitals) says nothing the select does not */
    const char *doc = col->doc;
    if (doc && col->type == SG_RT_ENUM && col->codes && col->codes[0].code &&
        strstr(doc, col->codes[0].code))
        doc = NULL;
    bool la = col->type == SG_RT_PSEUDONYM; /* input only: an LA child ID, never echoed */
    snprintf(name, sizeof name, "%s%s", col->name, la ? "_la_id" : "");
    snprintf(id, sizeof id, "f-%s", name);
    snprintf(hint, sizeof hint, "%s-hint", id);
    snprintf(eid, sizeof eid, "%s-error", id);
    bool bad = err && err->field[0] &&
               (strcmp(err->field, col->name) == 0 || strcmp(err->field, name) == 0);
    sg_reg_col_label(col, label, sizeof label);
    if (la)
        sg_strlcpy(label + strlen(label), " (the LA child ID: pseudonymised, never shown)",
                   sizeof label - strlen(label));
    /* a key column with a default (finance's organisation -> partner) may be left empty */
    bool req = (col->flags & (SG_RF_REQUIRED | SG_RF_KEY)) != 0 && !col->key_default;
    char desc[240];
    snprintf(desc, sizeof desc, "%s%s%s", doc ? hint : "", bad ? " " : "", bad ? eid : "");
    bool multi = col->type == SG_RT_ENUM && (col->flags & SG_RF_MULTI) && col->codes;
    sg_html_open(h, "div", "class", bad ? "field field-bad" : "field", NULL);
    if (multi) {
        sg_html_open(h, "fieldset", "aria-describedby", desc[0] ? desc : NULL, NULL);
        sg_html_open(h, "legend", NULL);
        sg_html_text(h, label);
        if (req) sg_html_elem(h, "span", " (required)", "class", "req", NULL);
        sg_html_close(h, "legend");
    } else {
        sg_html_open(h, "label", "for", id, NULL);
        sg_html_text(h, label);
        if (req) sg_html_elem(h, "span", " (required)", "class", "req", NULL);
        sg_html_close(h, "label");
    }
    if (doc) sg_html_elem(h, "span", doc, "class", "hint", "id", hint, NULL);
    if (bad) sg_html_elem(h, "p", err->msg, "class", "field-error", "id", eid, NULL);
    const char *v = value ? value : "";
    const char *inv = bad ? "true" : NULL, *db = desc[0] ? desc : NULL;
    if (multi) {
        for (const sg_reg_code *k = col->codes; k->code; k++) {
            char cb[160], cid[170], t[300];
            snprintf(cb, sizeof cb, "%s.%s", col->name, k->code);
            snprintf(cid, sizeof cid, "f-%s", cb);
            /* value holds codes joined by ';' */
            bool on = false;
            size_t cl = strlen(k->code);
            for (const char *p = v; *p;) {
                size_t len = strcspn(p, ";");
                if (len == cl && strncmp(p, k->code, cl) == 0) on = true;
                p += len;
                if (*p) p++;
            }
            code_text(col, k->code, t, sizeof t);
            sg_html_open(h, "div", "class", "check", NULL);
            sg_html_empty(h, "input", "type", "checkbox", "id", cid, "name", cb, "value", "Y",
                          "checked", on ? "checked" : NULL, NULL);
            sg_html_elem(h, "label", t, "for", cid, NULL);
            sg_html_close(h, "div");
        }
        sg_html_close(h, "fieldset");
    } else if (is_codes(col) || col->type == SG_RT_FLAG) {
        sg_html_open(h, "select", "id", id, "name", name, "aria-describedby", db, "aria-invalid",
                     inv, "required", req ? "required" : NULL, NULL);
        option(h, "", req ? "Choose..." : "(none)", !*v);
        if (col->type == SG_RT_FLAG) {
            option(h, "Y", "Yes", strcmp(v, "Y") == 0);
            option(h, "N", "No", strcmp(v, "N") == 0);
        } else {
            const sg_reg_code *list = col->type == SG_RT_AGENCY ? sg_reg_agencies : col->codes;
            for (const sg_reg_code *k = list; k->code; k++) {
                char t[300];
                code_text(col, k->code, t, sizeof t);
                option(h, k->code, t, strcmp(v, k->code) == 0);
            }
        }
        sg_html_close(h, "select");
    } else if (col->type == SG_RT_TEXT && (col->max == 0 || col->max > 200)) {
        sg_html_elem(h, "textarea", v, "id", id, "name", name, "rows", "3", "aria-describedby", db,
                     "aria-invalid", inv, "required", req ? "required" : NULL, NULL);
    } else {
        const char *type = col->type == SG_RT_DATE ? "date" : "text";
        const char *mode = col->type == SG_RT_INT     ? "numeric"
                           : col->type == SG_RT_MONEY ? "decimal"
                                                      : NULL;
        sg_html_empty(h, "input", "id", id, "name", name, "type", type, "value", la ? "" : v,
                      "inputmode", mode, "autocomplete", la ? "off" : NULL, "aria-describedby", db,
                      "aria-invalid", inv, "required", req ? "required" : NULL, NULL);
    }
    sg_html_close(h, "div");
}

void sg_web_reg_form(sg_web_ctx *c, sg_html *h, const sg_register *reg, const sg_reg_record *rec,
                     const sg_error *err, const char *action, const char *button)
{
    bool edit = rec != NULL;
    sg_html_open(h, "form", "method", "post", "action", action, "class", "record", "novalidate",
                 "novalidate", NULL);
    sg_page_csrf(c, h);
    for (int i = 0; i < reg->ncols; i++) {
        const sg_reg_col *col = &reg->cols[i];
        if (!editable(col, edit)) continue;
        const char *v = NULL;
        char joined[SG_REG_TEXT_MAX + 1];
        if (err) {
            /* after a refused save: what was typed */
            if (col->type == SG_RT_ENUM && (col->flags & SG_RF_MULTI) && col->codes) {
                sg_web_reg_multi(c, col, joined, sizeof joined);
                v = joined;
            } else {
                v = sg_web_f(c, col->name);
            }
        } else if (edit) {
            v = rec->val[i];
        }
        sg_web_reg_field(c, h, col, v, err);
    }
    sg_html_open(h, "div", NULL);
    sg_html_elem(h, "button", button, "type", "submit", NULL);
    sg_html_close(h, "div");
    sg_html_close(h, "form");
}

void sg_web_reg_multi(sg_web_ctx *c, const sg_reg_col *col, char *out, size_t outsz)
{
    size_t k = 0;
    out[0] = '\0';
    for (const sg_reg_code *code = col->codes; code && code->code; code++) {
        char name[160];
        snprintf(name, sizeof name, "%s.%s", col->name, code->code);
        const char *v = sg_web_f(c, name);
        if (!v || !*v) continue;
        int w = snprintf(out + k, outsz - k, "%s%s", k ? ";" : "", code->code);
        if (w < 0 || (size_t)w >= outsz - k) break;
        k += (size_t)w;
    }
}

size_t sg_web_reg_fields(sg_web_ctx *c, const sg_register *reg, bool edit, sg_reg_fields *out)
{
    size_t n = 0, m = 0;
    for (int i = 0; i < reg->ncols && n < SG_REG_MAX_COLS; i++) {
        const sg_reg_col *col = &reg->cols[i];
        if (!editable(col, edit)) continue;
        if (col->type == SG_RT_ENUM && (col->flags & SG_RF_MULTI) && col->codes) {
            if (m >= SG_WEB_REG_MULTI) continue;
            sg_web_reg_multi(c, col, out->multi[m], sizeof out->multi[m]);
            if (edit || out->multi[m][0]) out->f[n++] = (sg_reg_field){col->name, out->multi[m]};
            m++;
            continue;
        }
        snprintf(out->names[n], sizeof out->names[n], "%s%s", col->name,
                 col->type == SG_RT_PSEUDONYM ? "_la_id" : "");
        const char *v = sg_web_f(c, out->names[n]);
        /* in an edit every field is on the form: an empty one clears the value */
        if (v && (*v || edit)) {
            out->f[n] = (sg_reg_field){out->names[n], v};
            n++;
        }
    }
    out->n = n;
    return n;
}

void sg_web_key_href(char *out, size_t outsz, const char *prefix, const char *key)
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

void sg_web_record_dl(sg_html *h, const sg_reg_record *r)
{
    sg_html_open(h, "dl", "class", "meta", NULL);
    for (int i = 0; i < r->reg->ncols; i++) {
        const sg_reg_col *col = &r->reg->cols[i];
        char label[128], t[320];
        sg_html_elem(h, "dt", sg_reg_col_label(col, label, sizeof label), NULL);
        const char *v = r->val[i];
        if (v && is_codes(col) && !(col->flags & SG_RF_MULTI)) {
            code_text(col, v, t, sizeof t);
            char both[400];
            snprintf(both, sizeof both, "%s (%s)", t, v);
            sg_html_elem(h, "dd", both, NULL);
        } else {
            sg_html_elem(h, "dd", v ? v : "-", NULL);
        }
    }
    sg_html_elem(h, "dt", "Last changed", NULL);
    char t[128];
    snprintf(t, sizeof t, "%s by %s", r->updated_at[0] ? r->updated_at : r->created_at,
             r->updated_by[0] ? r->updated_by : r->created_by);
    sg_html_elem(h, "dd", t, NULL);
    sg_html_close(h, "dl");
}

typedef struct log_ctx {
    sg_html *h;
    const sg_register *reg;
    long rows;
} log_ctx;

static int log_row(void *ctx, const sg_reg_change *ch)
{
    log_ctx *l = ctx;
    char label[128] = "";
    int i = ch->field ? sg_reg_col_index(l->reg, ch->field) : -1;
    if (i >= 0) sg_reg_col_label(&l->reg->cols[i], label, sizeof label);
    sg_html_open(l->h, "tr", NULL);
    sg_page_td(l->h, ch->at);
    sg_page_td(l->h, ch->user);
    /* an import names its file: the name only, never the folder it was read from */
    const char *src = ch->source ? strrchr(ch->source, '/') : NULL;
    src = src ? src + 1 : ch->source;
    char what[160];
    snprintf(what, sizeof what, "%s%s%s", ch->action, src ? " from " : "", src ? src : "");
    sg_page_td(l->h, what);
    sg_page_td(l->h, i >= 0 ? label : (ch->field ? ch->field : ""));
    sg_page_td(l->h, ch->old_value ? ch->old_value : "-");
    sg_page_td(l->h, ch->new_value ? ch->new_value : "-");
    sg_html_close(l->h, "tr");
    l->rows++;
    return 0;
}

bool sg_web_reg_log(sg_web_ctx *c, sg_html *h, const sg_register *reg, const char *key)
{
    sg_html_elem(h, "h2", "Change log", "id", "changes", NULL);
    sg_html_open(h, "div", "class", "scroll", "tabindex", "0", "role", "region", "aria-label",
                 "Change log (scrolls sideways)", NULL);
    sg_page_table(h, "Every change to this record, oldest first", "When (UTC)", "Who", "What",
                  "Field", "Old value", "New value", NULL);
    sg_html_open(h, "tbody", NULL);
    log_ctx l = {h, reg, 0};
    sg_error err;
    sg_error_clear(&err);
    int rc = sg_scope_register_log(&c->scope, reg, key, log_row, &l, &err);
    sg_html_close(h, "tbody");
    sg_html_close(h, "table");
    sg_html_close(h, "div");
    if (rc) {
        sg_web_fail(c, &err);
        return false;
    }
    if (l.rows == 0) sg_page_note(h, "notice", "No changes recorded.");
    return true;
}

/* ---- an action's progress history ---- */

typedef struct upd {
    char at[24], user[SG_REG_USER_MAX];
    char *date, *note, *status_old, *status_new;
} upd;

typedef struct hist_ctx {
    upd *u;
    size_t n, cap;
} hist_ctx;

static char *dup0(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

static int hist_row(void *ctx, const sg_reg_change *ch)
{
    hist_ctx *hc = ctx;
    if (!ch->field) return 0;
    bool date = strcmp(ch->field, "last_update_date") == 0,
         note = strcmp(ch->field, "progress_note") == 0, st = strcmp(ch->field, "status") == 0;
    if (!date && !note && !st) return 0;
    /* the changes of one save share their time and user */
    upd *u = hc->n ? &hc->u[hc->n - 1] : NULL;
    if (!u || strcmp(u->at, ch->at) != 0 || strcmp(u->user, ch->user) != 0) {
        if (hc->n == hc->cap) {
            size_t cap = hc->cap ? hc->cap * 2 : 16;
            hc->u = xrealloc(hc->u, cap * sizeof *hc->u);
            hc->cap = cap;
        }
        u = &hc->u[hc->n++];
        memset(u, 0, sizeof *u);
        sg_strlcpy(u->at, ch->at, sizeof u->at);
        sg_strlcpy(u->user, ch->user, sizeof u->user);
    }
    char **slot = date ? &u->date : note ? &u->note : &u->status_new;
    free(*slot);
    *slot = dup0(ch->new_value);
    if (st) {
        free(u->status_old);
        u->status_old = dup0(ch->old_value);
    }
    return 0;
}

bool sg_web_action_history(sg_web_ctx *c, sg_html *h, const char *key)
{
    hist_ctx hc = {0};
    sg_error err;
    sg_error_clear(&err);
    int rc = sg_scope_register_log(&c->scope, &sg_reg_action, key, hist_row, &hc, &err);
    if (!rc) {
        sg_html_elem(h, "h2", "Progress history", "id", "history", NULL);
        if (hc.n == 0) sg_page_note(h, "notice", "No progress recorded yet.");
        sg_html_open(h, "ol", "class", "history", "reversed", "reversed", NULL);
        for (size_t i = hc.n; i-- > 0;) {
            const upd *u = &hc.u[i];
            sg_html_open(h, "li", NULL);
            sg_html_elem(h, "strong", u->date ? u->date : u->at, NULL);
            if (u->note) sg_html_textf(h, ": %s", u->note);
            if (u->status_new) {
                char a[96] = "", b[96];
                if (u->status_old) sg_web_human_code(u->status_old, a, sizeof a);
                sg_web_human_code(u->status_new, b, sizeof b);
                if (u->status_old)
                    sg_html_textf(h, " (status %s -> %s)", a, b);
                else
                    sg_html_textf(h, " (status %s)", b);
            }
            char by[120];
            snprintf(by, sizeof by, " recorded by %s at %s", u->user, u->at);
            sg_html_elem(h, "span", by, "class", "hint", NULL);
            sg_html_close(h, "li");
        }
        sg_html_close(h, "ol");
    }
    for (size_t i = 0; i < hc.n; i++) {
        free(hc.u[i].date);
        free(hc.u[i].note);
        free(hc.u[i].status_old);
        free(hc.u[i].status_new);
    }
    free(hc.u);
    if (rc) {
        sg_web_fail(c, &err);
        return false;
    }
    return true;
}

/* ---- the record page and its edit ---- */

static bool may_edit(sg_web_ctx *c, const sg_register *reg)
{
    (void)reg;
    return sg_can(&c->who, SG_CAP_REGISTERS_WRITE) && !sg_scope_agency_bound(&c->scope);
}

static void record_page(sg_web_ctx *c, const sg_register *reg, const char *key,
                        const sg_error *ferr, bool saved)
{
    sg_reg_record rec;
    sg_error err;
    sg_error_clear(&err);
    int rc = sg_scope_register_get(&c->scope, reg, key, &rec, &err);
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
    if (saved) sg_html_elem(&h, "p", "Saved.", "class", "ok", "role", "status", NULL);
    if (ferr) {
        /* the message also at the field when it names one on the form */
        char msg[600];
        snprintf(msg, sizeof msg, "Not saved: %s", ferr->msg);
        sg_html_elem(&h, "p", msg, "class", "error", "role", "alert", NULL);
    }
    sg_web_record_dl(&h, &rec);
    char href[400], prefix[96];
    snprintf(prefix, sizeof prefix, "/registers/%s/", reg->name);
    sg_web_key_href(href, sizeof href, prefix, rec.key);
    if (reg == &sg_reg_action) {
        char ah[300];
        sg_web_key_href(ah, sizeof ah, "/actions/", rec.key);
        sg_html_open(&h, "p", NULL);
        sg_page_link(&h, ah, "Record progress and see its history");
        sg_html_close(&h, "p");
    }
    if (may_edit(c, reg)) {
        sg_html_elem(&h, "h2", "Change this record", "id", "edit", NULL);
        sg_page_note(&h, "notice",
                     "Fields marked (required) must be filled in. Emptying a field clears it; "
                     "every change is kept in the change log below.");
        sg_web_reg_form(c, &h, reg, &rec, ferr, href, "Save changes");
    }
    sg_reg_record_fini(&rec);
    if (!sg_web_reg_log(c, &h, reg, key)) return;
    char back[128];
    snprintf(back, sizeof back, "/registers/%s", reg->name);
    sg_page_link(&h, back, "Back to the register");
    sg_page_end(c, &h);
}

void sg_h_register_record(sg_web_ctx *c)
{
    const sg_register *reg = sg_web_register(c);
    if (!reg) return;
    record_page(c, reg, c->params[1], NULL, sg_web_q(c, "saved") != NULL);
}

void sg_h_register_record_update(sg_web_ctx *c)
{
    const sg_register *reg = sg_web_register(c);
    if (!reg) return;
    sg_reg_fields *f = xcalloc(1, sizeof *f);
    sg_web_reg_fields(c, reg, true, f);
    sg_error err;
    sg_error_clear(&err);
    int changed = 0;
    int rc = sg_scope_register_update(&c->scope, reg, c->params[1], f->f, f->n, &changed, &err);
    free(f);
    if (rc == SG_EINVAL || rc == SG_ELIMIT || rc == SG_ENOTFOUND) {
        if (rc == SG_ENOTFOUND && !err.field[0]) {
            sg_web_fail(c, &err);
            return;
        }
        /* the message names the field and what was typed (never a child identifier) */
        record_page(c, reg, c->params[1], &err, false);
        c->resp->status = 400;
        return;
    }
    if (rc) {
        sg_web_fail(c, &err);
        return;
    }
    char prefix[96], href[400];
    snprintf(prefix, sizeof prefix, "/registers/%s/", reg->name);
    sg_web_key_href(href, sizeof href, prefix, c->params[1]);
    sg_strlcpy(href + strlen(href), "?saved=1", sizeof href - strlen(href));
    sg_web_redirect(c, href);
}

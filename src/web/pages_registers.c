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
#include "registers/reg_years.h"
#include "registers/view.h"
#include "web/record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    const char *agency = sg_web_q(c, "agency"), *source = sg_web_q(c, "source"),
               *status = sg_web_q(c, "status");
    if (agency && !*agency) agency = NULL;
    if (source && !*source) source = NULL;
    if (status && !*status) status = NULL;
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
    int sci = sg_reg_col_index(&sg_reg_action, "status");
    const sg_reg_col *scol = &sg_reg_action.cols[sci];
    sg_html_elem(&h, "label", "Status", "for", "status", NULL);
    sg_html_open(&h, "select", "id", "status", "name", "status", NULL);
    sg_html_elem(&h, "option", "any", "value", "", NULL);
    sg_html_elem(&h, "option", "open (not completed or closed)", "value", "open", "selected",
                 status && strcmp(status, "open") == 0 ? "selected" : NULL, NULL);
    for (const sg_reg_code *k = scol->codes; k && k->code; k++) {
        char hc[96];
        sg_web_human_code(k->code, hc, sizeof hc);
        sg_html_elem(&h, "option", hc, "value", k->code, "selected",
                     status && strcmp(status, k->code) == 0 ? "selected" : NULL, NULL);
    }
    sg_html_close(&h, "select");
    sg_html_open(&h, "div", NULL);
    sg_html_elem(&h, "button", "Filter", "type", "submit", NULL);
    sg_html_close(&h, "div");
    sg_html_close(&h, "form");
    /* the status filter: "open" or one status code */
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        const char *st = sg_reg_get(acts[i].rec, "status");
        bool keep = !status || (strcmp(status, "open") == 0 ? acts[i].flags.open
                                                            : st && strcmp(st, status) == 0);
        if (keep) acts[kept++] = acts[i];
    }
    n = kept;
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
    sg_html_open(&h, "div", "class", "scroll", "tabindex", "0", "role", "region", "aria-label",
                 "Actions (scrolls sideways)", NULL);
    sg_page_table(&h, NULL, "Action", "What", "Owner agency", "Source", "Due", "Status",
                  "Needs attention", NULL);
    sg_html_open(&h, "tbody", NULL);
    for (size_t i = 0; i < n; i++) {
        const sg_reg_record *r = acts[i].rec;
        char href[256], ft[256];
        sg_web_key_href(href, sizeof href, "/actions/", r->key);
        flags_text(&acts[i].flags, ft, sizeof ft);
        sg_html_open(&h, "tr", NULL);
        sg_html_open(&h, "td", NULL);
        sg_page_link(&h, href, r->key);
        sg_html_close(&h, "td");
        sg_page_td(&h, sg_reg_get(r, "description"));
        sg_page_td(&h, sg_reg_get(r, "owner_agency"));
        sg_page_td(&h, acts[i].flags.source);
        sg_page_td(&h, sg_reg_get(r, "due_date"));
        char hs[96] = "";
        if (sg_reg_get(r, "status")) sg_web_human_code(sg_reg_get(r, "status"), hs, sizeof hs);
        sg_page_td(&h, hs);
        /* urgency in words as well as colour */
        sg_html_open(&h, "td", "class",
                     acts[i].flags.overdue ? "overdue"
                     : acts[i].flags.drift ? "drift"
                                           : NULL,
                     NULL);
        if (acts[i].flags.overdue || acts[i].flags.drift)
            sg_html_elem(&h, "strong", acts[i].flags.overdue ? "Overdue: " : "Drifting: ", NULL);
        sg_html_text(&h, ft);
        sg_html_close(&h, "td");
        sg_html_close(&h, "tr");
    }
    sg_html_close(&h, "tbody");
    sg_html_close(&h, "table");
    sg_html_close(&h, "div");
    if (n == 0) sg_page_note(&h, "notice", "No actions match.");
    free(acts);
    sg_reg_set_fini(&set);
    sg_page_end(c, &h);
}

/* The progress form: status (a select with plain labels), the date of this update and the
 * note empty unless a refused save is being shown again (then what was typed). */
static void progress_form(sg_web_ctx *c, sg_html *h, const sg_reg_record *rec, const sg_error *ferr)
{
    char href[256];
    sg_web_key_href(href, sizeof href, "/actions/", rec->key);
    sg_html_elem(h, "h2", "Add a progress update", "id", "update", NULL);
    sg_page_note(h, "notice",
                 "An update is added to the history below; earlier updates are kept. Leave the "
                 "date empty for today.");
    sg_html_open(h, "form", "method", "post", "action", href, "class", "record", "novalidate",
                 "novalidate", NULL);
    sg_page_csrf(c, h);
    static const char *const names[] = {"status", "last_update_date", "progress_note",
                                        "completed_date", "evidence"};
    /* a register form of these columns only: a record copy with the shown values */
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        int ci = sg_reg_col_index(&sg_reg_action, names[i]);
        if (ci < 0) continue;
        const char *v = ferr ? sg_web_f(c, names[i])
                        : strcmp(names[i], "status") == 0 ||
                                strcmp(names[i], "completed_date") == 0 ||
                                strcmp(names[i], "evidence") == 0
                            ? rec->val[ci]
                            : NULL;
        sg_web_reg_field(c, h, &sg_reg_action.cols[ci], v, ferr);
    }
    sg_html_open(h, "div", NULL);
    sg_html_elem(h, "button", "Save update", "type", "submit", NULL);
    sg_html_close(h, "div");
    sg_html_close(h, "form");
}

static void action_page(sg_web_ctx *c, const sg_error *ferr, bool saved)
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
    const char *t = sg_reg_get(&rec, "description");
    snprintf(title, sizeof title, "Action %s", rec.key);
    sg_html h;
    sg_page_begin(c, &h, title);
    sg_html_elem(&h, "h1", title, NULL);
    if (t) sg_html_elem(&h, "p", t, "class", "lead", NULL);
    if (saved) sg_html_elem(&h, "p", "Saved.", "class", "ok", "role", "status", NULL);
    if (ferr) {
        char msg[600];
        snprintf(msg, sizeof msg, "Not saved: %s", ferr->msg);
        sg_html_elem(&h, "p", msg, "class", "error", "role", "alert", NULL);
    }
    sg_act_flags fl;
    sg_reg_set none;
    sg_reg_set_init(&none, &sg_reg_recommendation);
    sg_act_flags_of(&rec, &none, sg_date_today(), SG_ACT_DRIFT_DAYS, &fl);
    sg_reg_set_fini(&none);
    char ft[256];
    flags_text(&fl, ft, sizeof ft);
    if (ft[0]) {
        sg_html_open(&h, "p", "class", fl.overdue ? "error" : "notice", NULL);
        sg_html_elem(&h, "strong", fl.overdue ? "Overdue: " : "Needs attention: ", NULL);
        sg_html_text(&h, ft);
        sg_html_close(&h, "p");
    }
    sg_web_record_dl(&h, &rec);
    if (sg_can(&c->who, SG_CAP_REGISTERS_WRITE)) progress_form(c, &h, &rec, ferr);
    char rh[300];
    sg_web_key_href(rh, sizeof rh, "/registers/action/", rec.key);
    sg_reg_record_fini(&rec);
    if (!sg_web_action_history(c, &h, c->params[0])) return;
    if (!sg_scope_agency_bound(&c->scope)) {
        sg_html_open(&h, "p", NULL);
        sg_page_link(&h, rh, "Change any other field, and the full change log");
        sg_html_close(&h, "p");
    }
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
    bool note = false, date = false;
    for (size_t i = 0; i < 5; i++) {
        const char *v = sg_web_f(c, names[i]);
        if (v && *v) {
            fields[n++] = (sg_reg_field){names[i], v};
            note |= i == 2;
            date |= i == 1;
        }
    }
    /* an update without a date is today's */
    char today[11];
    if (note && !date && n < 5)
        fields[n++] = (sg_reg_field){"last_update_date", sg_date_iso(sg_date_today(), today)};
    sg_error err;
    sg_error_clear(&err);
    int changed = 0;
    int rc = sg_scope_register_update(&c->scope, &sg_reg_action, c->params[0], fields, n, &changed,
                                      &err);
    if (rc == SG_EINVAL || rc == SG_ELIMIT) {
        /* the message names the field and the value the user typed; nothing internal */
        action_page(c, &err, false);
        c->resp->status = 400;
        return;
    }
    if (rc) {
        sg_web_fail(c, &err);
        return;
    }
    char href[300];
    sg_web_key_href(href, sizeof href, "/actions/", c->params[0]);
    sg_strlcpy(href + strlen(href), "?saved=1#history", sizeof href - strlen(href));
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

/* The form adding a record, built from the register's columns (record.h). */
static void add_form(sg_web_ctx *c, sg_html *h, const sg_register *reg, const sg_error *err)
{
    char action[128];
    snprintf(action, sizeof action, "/registers/%s", reg->name);
    sg_html_elem(h, "h2", "Add a record", "id", "add", NULL);
    sg_web_reg_form(c, h, reg, NULL, err, action, "Add");
}

static void register_page(sg_web_ctx *c, const sg_register *reg, const sg_error *ferr);

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
    sg_reg_fields *f = xcalloc(1, sizeof *f);
    sg_web_reg_fields(c, reg, false, f);
    char key[SG_REG_KEY_MAX + 1];
    sg_error err;
    sg_error_clear(&err);
    int rc = sg_scope_register_add(&c->scope, reg, f->f, f->n, key, &err);
    free(f);
    if (rc == SG_EINVAL || rc == SG_ELIMIT || rc == SG_ECONFLICT || rc == SG_ENOTFOUND) {
        /* the message names the field and what was typed (never a child identifier) */
        register_page(c, reg, &err);
        c->resp->status = rc == SG_ECONFLICT ? 409 : 400;
        return;
    }
    if (rc) {
        sg_web_fail(c, &err);
        return;
    }
    char prefix[96], href[400];
    snprintf(prefix, sizeof prefix, "/registers/%s/", reg->name);
    sg_web_key_href(href, sizeof href, prefix, key);
    sg_web_redirect(c, href);
}

/* The family of a register: its name up to the first '_' ("training" for training_booking). */
static bool same_family(const sg_register *a, const sg_register *b)
{
    size_t la = strcspn(a->name, "_"), lb = strcspn(b->name, "_");
    return la == lb && strncmp(a->name, b->name, la) == 0;
}

/* The years with data in reg's family (set: reg's records, already loaded) and the year asked
 * for (?year=2024-25) or else the default; false after answering 400 for a malformed year. */
static bool year_of_request(sg_web_ctx *c, const sg_register *reg, const sg_reg_set *set,
                            int *years, size_t *ny, int *year)
{
    sg_reg_years_add(set, years, SG_REG_MAX_YEARS, ny);
    size_t n = 0;
    const sg_register *const *all = sg_reg_all(&n);
    for (size_t i = 0; i < n; i++) {
        if (all[i] == reg || !same_family(all[i], reg)) continue;
        sg_reg_set other;
        sg_error err;
        if (sg_scope_register_load(&c->scope, all[i], &other, &err) == SG_OK)
            sg_reg_years_add(&other, years, SG_REG_MAX_YEARS, ny);
        sg_reg_set_fini(&other);
    }
    const char *q = sg_web_q(c, "year");
    if (q && *q) {
        if (!sg_fy_parse(q, year)) {
            sg_web_error(c, 400);
            return false;
        }
        return true;
    }
    *year = sg_reg_years_default(years, *ny, sg_reg_fy_of(sg_date_today()));
    return true;
}

/* The year selector: a GET form keeping the view. */
static void year_form(sg_html *h, const char *view, const int *years, size_t ny, int year)
{
    sg_html_open(h, "form", "method", "get", "class", "year", NULL);
    if (view) sg_html_empty(h, "input", "type", "hidden", "name", "view", "value", view, NULL);
    sg_html_elem(h, "label", "Financial year", "for", "year", NULL);
    sg_html_open(h, "select", "id", "year", "name", "year", NULL);
    bool found = false;
    for (size_t i = 0; i < ny; i++)
        found |= years[i] == year;
    for (size_t i = 0; i <= ny; i++) {
        /* the year shown is always on the list, also when it holds no data */
        int y = i < ny ? years[i] : year;
        if (i == ny && found) break;
        char t[8];
        sg_fy_text(y, t);
        sg_html_elem(h, "option", t, "value", t, "selected", y == year ? "selected" : NULL, NULL);
    }
    sg_html_close(h, "select");
    sg_html_elem(h, "button", "Show", "type", "submit", NULL);
    sg_html_close(h, "form");
}

static void register_page(sg_web_ctx *c, const sg_register *reg, const sg_error *ferr)
{
    const char *view = sg_web_q(c, "view");
    sg_reg_set set;
    if (!sg_web_register_load(c, reg, &set)) return;
    sg_error err;
    sg_error_clear(&err);
    int rc = SG_OK;
    /* the financial year of the year views: ?year=, else the latest year with data in this
     * register's family (training_*, finance_*, s11_* ...), not the clock's */
    int year = 0;
    char yq[8] = "";
    bool has_year = false;
    for (int v = 0; v < reg->nviews; v++)
        has_year |= reg->views[v].summary && strstr(reg->views[v].summary, "--year") != NULL;
    int years[SG_REG_MAX_YEARS];
    size_t ny = 0;
    if (has_year && !year_of_request(c, reg, &set, years, &ny, &year)) {
        sg_reg_set_fini(&set);
        return;
    }
    if (has_year) sg_fy_text(year, yq);
    sg_html h;
    sg_page_begin(c, &h, reg->title);
    sg_html_elem(&h, "h1", reg->title, NULL);
    sg_html_elem(&h, "p", reg->doc, NULL);
    if (has_year) year_form(&h, view, years, ny, year);
    if (reg->nviews) {
        sg_html_open(&h, "p", NULL);
        sg_html_text(&h, "Views: ");
        for (int v = 0; v < reg->nviews; v++) {
            char href[160];
            snprintf(href, sizeof href, "/registers/%s?view=%s%s%s", reg->name, reg->views[v].name,
                     yq[0] ? "&year=" : "", yq);
            if (v) sg_html_text(&h, " | ");
            sg_page_link(&h, href, reg->views[v].name);
        }
        sg_html_close(&h, "p");
    }
    if (view) {
        /* the view's document as headings, tables with column headers and notes */
        sg_view_doc doc;
        sg_view_doc_init(&doc);
        sg_reg_view_opts o;
        memset(&o, 0, sizeof o);
        o.today = sg_date_today();
        o.year = year;
        rc = sg_scope_register_view(&c->scope, reg, view, &o, &doc, &err);
        if (rc) {
            sg_view_doc_fini(&doc);
            sg_reg_set_fini(&set);
            sg_web_fail(c, &err);
            return;
        }
        char vt[96];
        snprintf(vt, sizeof vt, "%s%s%s", view, has_year ? ", " : "", yq);
        sg_html_open(&h, "section", "class", "view", "aria-labelledby", "view-title", NULL);
        sg_html_elem(&h, "h2", vt, "id", "view-title", NULL);
        sg_html_open(&h, "div", "class", "scroll", "tabindex", "0", "role", "region", "aria-label",
                     "The view (scrolls sideways)", NULL);
        sg_view_html(&doc, &h);
        sg_html_close(&h, "div");
        sg_html_close(&h, "section");
        sg_view_doc_fini(&doc);
    }
    /* the key and the brief columns */
    sg_html_open(&h, "div", "class", "scroll", "tabindex", "0", "role", "region", "aria-label",
                 "Records (scrolls sideways)", NULL);
    sg_html_open(&h, "table", NULL);
    sg_html_open(&h, "thead", NULL);
    sg_html_open(&h, "tr", NULL);
    sg_html_elem(&h, "th", "Record", "scope", "col", NULL);
    for (int i = 0; i < reg->ncols; i++)
        if ((reg->cols[i].flags & SG_RF_BRIEF) && !(reg->cols[i].flags & SG_RF_KEY)) {
            char label[128];
            sg_html_elem(&h, "th", sg_reg_col_label(&reg->cols[i], label, sizeof label), "scope",
                         "col", NULL);
        }
    sg_html_close(&h, "tr");
    sg_html_close(&h, "thead");
    sg_html_open(&h, "tbody", NULL);
    for (size_t r = 0; r < set.n && r < 2000; r++) {
        char href[300], prefix[96];
        snprintf(prefix, sizeof prefix, "/registers/%s/", reg->name);
        sg_web_key_href(href, sizeof href, prefix, set.rec[r].key);
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
    sg_html_close(&h, "div");
    if (set.n == 0) sg_page_note(&h, "notice", "No records yet.");
    sg_reg_set_fini(&set);
    if (ferr) {
        char msg[600];
        snprintf(msg, sizeof msg, "Not added: %s", ferr->msg);
        sg_html_elem(&h, "p", msg, "class", "error", "role", "alert", NULL);
    }
    if (sg_can(&c->who, SG_CAP_REGISTERS_WRITE) && !sg_scope_agency_bound(&c->scope))
        add_form(c, &h, reg, ferr);
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

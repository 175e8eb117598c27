/* pages_return_form.c - an organisation's partner return on the web: the template to download
 * (/returns/template, CSV or .xlsx) and the form with just its measures (/returns/form): one
 * fieldset per row of the template (value, or numerator and denominator, or text; and an
 * explanation), labelled, with last period's value and what to fill in. POST imports the
 * values as the return (access/scope_returns.h: the same validation and audit as an upload);
 * when it is refused the form comes back with an error summary linking to each field in error,
 * the error beside the field and every value as typed. */
#include "web/web.h"

#include "access/scope_returns.h"
#include "core/mem.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---------------------------------------------------------------- the template */

void sg_h_return_template(sg_web_ctx *c)
{
    const char *format = sg_web_q(c, "format");
    bool xlsx = format && strcmp(format, "xlsx") == 0;
    if (format && *format && !xlsx && strcmp(format, "csv") != 0) {
        sg_web_error(c, 400);
        return;
    }
    sg_error err;
    sg_error_clear(&err);
    sg_tpl t;
    int rc =
        sg_scope_return_template(&c->scope, sg_web_q(c, "org"), sg_web_q(c, "period"), &t, &err);
    if (rc) {
        sg_tpl_fini(&t);
        sg_web_fail(c, &err);
        return;
    }
    sg_buf_reset(&c->resp->body);
    if (!xlsx) {
        char *data = NULL;
        size_t len = 0;
        FILE *fp = open_memstream(&data, &len);
        rc = fp ? sg_tpl_csv(&t, fp, &err) : sg_err(&err, SG_EIO, "out of memory");
        if (fp) fclose(fp);
        if (!rc) sg_buf_append(&c->resp->body, data, len);
        free(data);
        c->resp->content_type = "text/csv; charset=utf-8";
    } else {
        /* libxlsxwriter writes a file: a private name in STORE/uploads/ (0700; the sweep
         * removes any name left there), read back and removed at once */
        char dir[4200], path[4300];
        snprintf(dir, sizeof dir, "%s/uploads", sg_web_cfg(c->app)->store_dir);
        mkdir(dir, 0700);
        snprintf(path, sizeof path, "%s/template-%ld-%lld.xlsx", dir, (long)getpid(),
                 (long long)c->now);
        rc = sg_tpl_xlsx(&t, path, &err);
        if (!rc) {
            FILE *fp = fopen(path, "rb");
            char buf[8192];
            size_t n;
            while (fp && (n = fread(buf, 1, sizeof buf, fp)) > 0)
                sg_buf_append(&c->resp->body, buf, n);
            if (!fp) rc = sg_err(&err, SG_EIO, "cannot read the template");
            if (fp) fclose(fp);
        }
        unlink(path);
        c->resp->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    }
    /* the name to save it under: ORG_PERIOD_return.csv (short names and periods are
     * [A-Z0-9_-] by the register's and the period's rules) */
    if (!rc)
        snprintf(c->resp->download, sizeof c->resp->download, "%s_%s_return.%s", t.organisation,
                 t.period, xlsx ? "xlsx" : "csv");
    for (char *p = c->resp->download; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == '.' || *p == '_' || *p == '-'))
            *p = '_';
    sg_tpl_fini(&t);
    if (rc) sg_web_fail(c, &err);
}

/* ---------------------------------------------------------------- the form */

/* A field's name: v3 (value of row 3), n3, d3, t3, e3. */
static void fname(char kind, size_t i, char out[16])
{
    snprintf(out, 16, "%c%u", kind, (unsigned)(i % 1000000u));
}

typedef struct row_err {
    char field[16];  /* "v3" ... */
    char msg[300];   /* beside the field */
    char where[520]; /* in the summary: the measure, category and field, then msg */
} row_err;

/* One input with its label and, when in error, the message beside it. */
static void input(sg_web_ctx *c, sg_html *h, char kind, size_t i, const char *label,
                  const row_err *errs, size_t nerr, bool area)
{
    char name[16];
    fname(kind, i, name);
    const char *typed = sg_web_f(c, name);
    const row_err *e = NULL;
    for (size_t k = 0; k < nerr && !e; k++)
        if (strcmp(errs[k].field, name) == 0) e = &errs[k];
    char eid[24];
    snprintf(eid, sizeof eid, "%s-error", name);
    sg_html_open(h, "div", "class", e ? "field error" : "field", NULL);
    sg_html_elem(h, "label", label, "for", name, NULL);
    if (e) sg_html_elem(h, "p", e->msg, "class", "error", "id", eid, NULL);
    if (area)
        sg_html_elem(h, "textarea", typed ? typed : "", "id", name, "name", name, "rows", "2",
                     e ? "aria-invalid" : NULL, "true", "aria-describedby", eid, NULL);
    else
        sg_html_empty(h, "input", "id", name, "name", name, "value", typed ? typed : "",
                      "inputmode", kind == 'e' ? "text" : "decimal", e ? "aria-invalid" : NULL,
                      "true", "aria-describedby", eid, NULL);
    sg_html_close(h, "div");
}

static void form_page(sg_web_ctx *c, const sg_tpl *t, const row_err *errs, size_t nerr,
                      const char *problem)
{
    sg_html h;
    char title[160];
    snprintf(title, sizeof title, "Return for %s, %s", t->organisation, t->period);
    sg_page_begin(c, &h, title);
    sg_html_elem(&h, "h1", title, NULL);
    if (problem || nerr) {
        /* the error summary first, each problem a link to its field */
        sg_html_open(&h, "div", "class", "error-summary", "role", "alert", "aria-labelledby",
                     "error-summary-title", "tabindex", "-1", NULL);
        sg_html_elem(&h, "h2", "There is a problem: nothing was stored", "id",
                     "error-summary-title", NULL);
        if (problem) sg_html_elem(&h, "p", problem, NULL);
        sg_html_open(&h, "ul", NULL);
        for (size_t k = 0; k < nerr; k++) {
            char href[24];
            snprintf(href, sizeof href, "#%s", errs[k].field);
            sg_html_open(&h, "li", NULL);
            sg_page_link(&h, href, errs[k].where);
            sg_html_close(&h, "li");
        }
        sg_html_close(&h, "ul");
        sg_html_close(&h, "div");
    }
    char due[11];
    sg_html_open(&h, "p", NULL);
    sg_html_textf(&h, "%s (%s) owes these measures for %s, due on %s. Last period is %s.", t->name,
                  t->organisation, t->period, sg_date_iso(t->due, due), t->last_period);
    sg_html_close(&h, "p");
    sg_html_open(&h, "form", "method", "post", "action", "/returns/form", "novalidate",
                 "novalidate", NULL);
    sg_page_csrf(c, &h);
    sg_html_empty(&h, "input", "type", "hidden", "name", "org", "value", t->organisation, NULL);
    sg_html_empty(&h, "input", "type", "hidden", "name", "period", "value", t->period, NULL);
    for (size_t i = 0; i < t->n; i++) {
        const sg_tpl_row *r = &t->rows[i];
        char legend[400], label[300];
        snprintf(legend, sizeof legend, "%s%s%s (%s)", r->m->title, *r->breakdown ? ": " : "",
                 r->breakdown, sg_tpl_unit_label(r->m->unit));
        sg_html_open(&h, "fieldset", NULL);
        sg_html_elem(&h, "legend", legend, NULL);
        sg_html_open(&h, "p", "class", "hint", NULL);
        sg_html_textf(&h, "%s Last period: %s.", r->instructions,
                      *r->last_value ? r->last_value : "none");
        sg_html_close(&h, "p");
        if (r->m->unit == SG_CAT_TEXT) {
            input(c, &h, 't', i, "Status", errs, nerr, true);
        } else if (r->m->numerator && *r->m->numerator) {
            snprintf(label, sizeof label, "Numerator: %s", r->m->numerator);
            input(c, &h, 'n', i, label, errs, nerr, false);
            snprintf(label, sizeof label, "Denominator: %s", r->m->denominator);
            input(c, &h, 'd', i, label, errs, nerr, false);
        } else {
            input(c, &h, 'v', i, "Value", errs, nerr, false);
        }
        input(c, &h, 'e', i, "Explanation of a change (optional)", errs, nerr, false);
        sg_html_close(&h, "fieldset");
    }
    sg_html_open(&h, "div", NULL);
    sg_html_elem(&h, "button", "Send the return", "type", "submit", NULL);
    sg_html_close(&h, "div");
    sg_html_close(&h, "form");
    sg_page_end(c, &h);
}

void sg_h_return_form(sg_web_ctx *c)
{
    sg_error err;
    sg_error_clear(&err);
    sg_tpl t;
    if (sg_scope_return_template(&c->scope, sg_web_q(c, "org"), sg_web_q(c, "period"), &t, &err)) {
        sg_tpl_fini(&t);
        sg_web_fail(c, &err);
        return;
    }
    form_page(c, &t, NULL, 0, NULL);
    sg_tpl_fini(&t);
}

/* The form field of a rejected row's field (line L is row L - 2). */
static bool item_field(const sg_tpl *t, const sg_scope_item_copy *it, char out[16])
{
    if (it->line < 2 || (size_t)(it->line - 2) >= t->n) return false;
    size_t i = (size_t)(it->line - 2);
    const sg_tpl_row *r = &t->rows[i];
    char kind = strcmp(it->field, "numerator") == 0     ? 'n'
                : strcmp(it->field, "denominator") == 0 ? 'd'
                : strcmp(it->field, "text") == 0        ? 't'
                : strcmp(it->field, "explanation") == 0 ? 'e'
                : r->m->unit == SG_CAT_TEXT             ? 't'
                : r->m->numerator && *r->m->numerator   ? 'n'
                                                        : 'v';
    fname(kind, i, out);
    return true;
}

void sg_h_return_submit(sg_web_ctx *c)
{
    sg_error err;
    sg_error_clear(&err);
    sg_tpl t;
    if (sg_scope_return_template(&c->scope, sg_web_f(c, "org"), sg_web_f(c, "period"), &t, &err)) {
        sg_tpl_fini(&t);
        sg_web_fail(c, &err);
        return;
    }
    sg_scope_return_cell *cells = xcalloc(t.n ? t.n : 1, sizeof *cells);
    for (size_t i = 0; i < t.n; i++) {
        char n[16];
        fname('v', i, n), cells[i].value = sg_web_f(c, n);
        fname('n', i, n), cells[i].numerator = sg_web_f(c, n);
        fname('d', i, n), cells[i].denominator = sg_web_f(c, n);
        fname('t', i, n), cells[i].text = sg_web_f(c, n);
        fname('e', i, n), cells[i].explanation = sg_web_f(c, n);
    }
    sg_scope_upload up;
    int rc = sg_scope_return_submit(&c->scope, sg_web_cfg(c->app)->store_dir, &t, cells, &up, &err);
    free(cells);
    if (rc) {
        sg_scope_upload_fini(&up);
        sg_tpl_fini(&t);
        sg_web_fail(c, &err);
        return;
    }
    if (up.accepted || up.duplicate) {
        sg_html h;
        sg_page_begin(c, &h, "Return received");
        sg_html_elem(&h, "h1", "Return received", NULL);
        char msg[300];
        if (up.accepted)
            snprintf(msg, sizeof msg,
                     "Accepted: %s's return for %s is submission %lld, %ld value(s).",
                     t.organisation, t.period, (long long)up.submission, up.records);
        else
            snprintf(msg, sizeof msg, "These values were already received as submission %lld.",
                     (long long)up.submission);
        sg_html_elem(&h, "p", msg, "class", "ok", "role", "status", NULL);
        sg_page_link(&h, "/returns", "Back to the returns");
        sg_page_end(c, &h);
    } else {
        row_err *errs = xcalloc(up.nitems ? up.nitems : 1, sizeof *errs);
        size_t nerr = 0;
        sg_buf other;
        sg_buf_init(&other, 4096);
        for (size_t k = 0; k < up.nitems; k++) {
            const sg_scope_item_copy *it = &up.items[k];
            if (strcmp(it->severity, "warning") == 0 || strcmp(it->rule, "SG-REJECTED") == 0)
                continue; /* SG-REJECTED restates a rejected row, shown by its field */
            bool seen = false;
            if (item_field(&t, it, errs[nerr].field))
                for (size_t k2 = 0; k2 < nerr && !seen; k2++)
                    seen = strcmp(errs[k2].field, errs[nerr].field) == 0;
            if (seen) continue; /* a rejected row and the check restating it: one message */
            if (item_field(&t, it, errs[nerr].field)) {
                const sg_tpl_row *r = &t.rows[it->line - 2];
                snprintf(errs[nerr].msg, sizeof errs[nerr].msg, "%s",
                         it->message ? it->message : "");
                snprintf(errs[nerr].where, sizeof errs[nerr].where, "%s%s%s, %s: %s", r->m->title,
                         *r->breakdown ? ": " : "", r->breakdown, it->field, errs[nerr].msg);
                nerr++;
            } else {
                sg_buf_printf(&other, "%s%s", other.len ? " " : "", it->message ? it->message : "");
            }
        }
        if (up.replace_refused)
            sg_buf_puts(&other, "This return has far fewer values than the one it would "
                                "replace; send it through the upload page to confirm.");
        form_page(c, &t, errs, nerr,
                  other.len ? sg_buf_str(&other) : "Correct the values marked below.");
        c->resp->status = 422;
        sg_buf_fini(&other);
        free(errs);
    }
    sg_scope_upload_fini(&up);
    sg_tpl_fini(&t);
}

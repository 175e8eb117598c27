/* pages_returns.c - partner returns on the web (docs/web.md, "Partner returns"): the return
 * calendar, chase list and data quality (/returns), the template to download
 * (/returns/template) and the form with just the organisation's measures (/returns/form), whose
 * values are imported as the organisation's return through the same validation as an uploaded
 * file; a rejected value is shown beside its field, with the values typed kept. Everything
 * comes through access/scope_returns.h. */
#include "web/web.h"

#include "access/scope_returns.h"
#include "core/mem.h"
#include "core/period.h"
#include "registers/view.h"

#include <jansson.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const views[] = {"due", "calendar", "quality"};
static const char *const view_titles[] = {"Chase list", "Calendar", "Data quality"};

/* ?year= (the year a financial year starts in), default the year holding as_of. */
static int year_q(sg_web_ctx *c, sg_date as_of)
{
    const char *y = sg_web_q(c, "year");
    char *end;
    long v = y && *y ? strtol(y, &end, 10) : 0;
    return y && *y && !*end && v >= 1990 && v <= 2198 ? (int)v : sg_fy_of(as_of);
}

static sg_date as_of_q(sg_web_ctx *c)
{
    const char *a = sg_web_q(c, "as_of");
    sg_date d = a && *a ? sg_date_parse_iso(a, strlen(a)) : SG_DATE_NONE;
    return d == SG_DATE_NONE ? sg_date_today() : d;
}

static void link_q(sg_html *h, const char *path, const char *org, const char *period,
                   const char *extra, const char *text)
{
    sg_buf b;
    sg_buf_init(&b, 1024);
    sg_buf_printf(&b, "%s?org=%s&period=%s%s", path, org, period, extra ? extra : "");
    sg_page_link(h, sg_buf_str(&b), text);
    sg_buf_fini(&b);
}

/* The principal's own returns with their template and form (roles that may send a return). */
static bool own_returns(sg_web_ctx *c, sg_html *h, int fy, sg_date as_of, sg_error *err)
{
    sg_ret_calendar cal;
    if (sg_scope_returns_calendar(&c->scope, fy, as_of, &cal, err)) return false;
    char y[8];
    sg_html_open(h, "section", "aria-labelledby", "own-title", NULL);
    sg_html_elem(h, "h2", sg_scope_agency_bound(&c->scope) ? "Your returns" : "Returns to send",
                 "id", "own-title", NULL);
    sg_html_open(h, "table", NULL);
    sg_html_elem(h, "caption", sg_fy_text(fy, y), NULL);
    sg_html_open(h, "thead", NULL);
    sg_html_open(h, "tr", NULL);
    static const char *const head[] = {"organisation", "period",   "due",
                                       "status",       "template", "form"};
    for (size_t i = 0; i < 6; i++)
        sg_html_elem(h, "th", head[i], "scope", "col", NULL);
    sg_html_close(h, "tr");
    sg_html_close(h, "thead");
    sg_html_open(h, "tbody", NULL);
    for (size_t i = 0; i < cal.n; i++) {
        const sg_ret_entry *e = &cal.v[i];
        char due[11];
        sg_html_open(h, "tr", NULL);
        sg_html_elem(h, "th", e->organisation, "scope", "row", NULL);
        sg_page_td(h, e->period);
        sg_page_td(h, sg_date_iso(e->due, due));
        sg_page_td(h, sg_ret_state_code(e->state));
        sg_html_open(h, "td", NULL);
        char label[96];
        snprintf(label, sizeof label, "CSV for %s %s", e->organisation, e->period);
        link_q(h, "/returns/template", e->organisation, e->period, "&format=csv", label);
        sg_html_text(h, " ");
        snprintf(label, sizeof label, ".xlsx for %s %s", e->organisation, e->period);
        link_q(h, "/returns/template", e->organisation, e->period, "&format=xlsx", label);
        sg_html_close(h, "td");
        sg_html_open(h, "td", NULL);
        snprintf(label, sizeof label, "Fill in %s %s", e->organisation, e->period);
        link_q(h, "/returns/form", e->organisation, e->period, NULL, label);
        sg_html_close(h, "td");
        sg_html_close(h, "tr");
    }
    sg_html_close(h, "tbody");
    sg_html_close(h, "table");
    sg_html_close(h, "section");
    sg_ret_calendar_fini(&cal);
    return true;
}

void sg_h_returns(sg_web_ctx *c)
{
    const char *view = sg_web_q(c, "view");
    int vi = 0;
    for (int i = 0; i < 3; i++)
        if (view && strcmp(view, views[i]) == 0) vi = i;
    if (view && *view && strcmp(view, views[vi]) != 0) {
        sg_web_error(c, 404);
        return;
    }
    sg_date as_of = as_of_q(c);
    int fy = year_q(c, as_of);
    sg_error err;
    sg_error_clear(&err);
    sg_view_doc doc;
    sg_view_doc_init(&doc);
    int rc = sg_scope_returns_doc(&c->scope, views[vi], fy, as_of, &doc, &err);
    if (rc) {
        sg_view_doc_fini(&doc);
        sg_web_fail(c, &err);
        return;
    }
    sg_html h;
    sg_page_begin(c, &h, "Partner returns");
    sg_html_elem(&h, "h1", "Partner returns", NULL);
    /* the choice of view, year and day: a GET form, labelled */
    char ys[16], ds[11];
    snprintf(ys, sizeof ys, "%d", fy);
    sg_date_iso(as_of, ds);
    sg_html_open(&h, "form", "method", "get", "action", "/returns", NULL);
    sg_html_elem(&h, "label", "Show", "for", "view", NULL);
    sg_html_open(&h, "select", "id", "view", "name", "view", NULL);
    for (int i = 0; i < 3; i++) {
        if (i == vi)
            sg_html_elem(&h, "option", view_titles[i], "value", views[i], "selected", "selected",
                         NULL);
        else
            sg_html_elem(&h, "option", view_titles[i], "value", views[i], NULL);
    }
    sg_html_close(&h, "select");
    sg_html_elem(&h, "label", "Financial year starting in", "for", "year", NULL);
    sg_html_empty(&h, "input", "id", "year", "name", "year", "value", ys, "inputmode", "numeric",
                  "pattern", "[0-9]{4}", NULL);
    sg_html_elem(&h, "label", "On the day (YYYY-MM-DD)", "for", "as_of", NULL);
    sg_html_empty(&h, "input", "id", "as_of", "name", "as_of", "value", ds, "pattern",
                  "[0-9]{4}-[0-9]{2}-[0-9]{2}", NULL);
    sg_html_open(&h, "div", NULL);
    sg_html_elem(&h, "button", "Show", "type", "submit", NULL);
    sg_html_close(&h, "div");
    sg_html_close(&h, "form");
    sg_html_open(&h, "section", "class", "view", "aria-labelledby", "view-title", NULL);
    sg_html_elem(&h, "h2", view_titles[vi], "id", "view-title", NULL);
    sg_view_html(&doc, &h);
    sg_html_close(&h, "section");
    sg_view_doc_fini(&doc);
    if (sg_can(&c->who, SG_CAP_UPLOAD) && sg_scope_agency_bound(&c->scope) &&
        !own_returns(c, &h, fy, as_of, &err)) {
        sg_web_fail(c, &err);
        return;
    }
    sg_page_end(c, &h);
}

void sg_h_api_returns(sg_web_ctx *c)
{
    const char *view = sg_web_q(c, "view");
    sg_date as_of = as_of_q(c);
    int fy = year_q(c, as_of);
    sg_error err;
    sg_error_clear(&err);
    sg_view_doc doc;
    sg_view_doc_init(&doc);
    int rc = sg_scope_returns_doc(&c->scope, view && *view ? view : "due", fy, as_of, &doc, &err);
    if (rc) {
        sg_view_doc_fini(&doc);
        sg_web_fail(c, &err);
        return;
    }
    json_t *o = sg_view_json(&doc);
    json_object_set_new(o, "returns", json_string(view && *view ? view : "due"));
    sg_view_doc_fini(&doc);
    sg_api_send(c, o);
}

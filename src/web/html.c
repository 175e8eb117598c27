/* html.c - the page builder: the layout every page shares (head, header, navigation by
 * capability, main, footer) on top of the escaping markup writer of report/html.h, plus small
 * helpers for tables, links, notices and the CSRF field. Every value from data goes through
 * the writer's escaping; no page writes raw markup from data. */
#include "web/web.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct nav_item {
    const char *href, *label;
    int cap; /* SG_WEB_CAP_* or an sg_cap */
} nav_item;

static const nav_item nav[] = {
    {"/dataset", "Dashboard", SG_CAP_DATASET},
    {"/submissions", "Submissions", SG_CAP_SUBMISSIONS},
    {"/upload", "Upload a return", SG_CAP_UPLOAD},
    {"/reconcile", "Reconciliation", SG_CAP_DATASET},
    {"/actions", "Actions", SG_CAP_REGISTERS_READ},
    {"/registers", "Registers", SG_CAP_DATASET},
    {"/audit", "Audit trail", SG_CAP_AUDIT},
    {"/report/manage", "Yearly report", SG_CAP_REPORT_PREVIEW},
    {"/report", "Published report", SG_WEB_CAP_PUBLIC},
};

void sg_page_begin(sg_web_ctx *c, sg_html *h, const char *title)
{
    c->resp->content_type = "text/html; charset=utf-8";
    sg_buf_reset(&c->resp->body);
    sg_html_init(h, &c->resp->body);
    sg_html_raw(h, "<!DOCTYPE html>\n");
    sg_html_open(h, "html", "lang", "en-GB", NULL);
    sg_html_open(h, "head", NULL);
    sg_html_empty(h, "meta", "charset", "utf-8", NULL);
    sg_html_empty(h, "meta", "name", "viewport", "content", "width=device-width, initial-scale=1",
                  NULL);
    char t[256];
    snprintf(t, sizeof t, "%s - safeguard", title);
    sg_html_elem(h, "title", t, NULL);
    sg_html_empty(h, "link", "rel", "stylesheet", "href", "/assets/app.css", NULL);
    /* no icon: stops browsers asking for /favicon.ico (a 404 on every page) */
    sg_html_empty(h, "link", "rel", "icon", "href", "data:,", NULL);
    sg_html_close(h, "head");
    sg_html_open(h, "body", NULL);
    sg_html_elem(h, "a", "Skip to content", "href", "#main", "class", "skip", NULL);
    sg_html_open(h, "header", NULL);
    sg_html_elem(h, "a", "safeguard", "href", "/", "class", "brand", NULL);
    sg_html_open(h, "nav", "aria-label", "Main", NULL);
    sg_html_open(h, "ul", NULL);
    bool full = c->logged_in && c->who.role != SG_ROLE_PUBLIC;
    for (size_t i = 0; i < sizeof nav / sizeof nav[0]; i++) {
        const nav_item *it = &nav[i];
        bool show = it->cap == SG_WEB_CAP_PUBLIC ||
                    (full && (it->cap < 0 || sg_can(&c->who, (sg_cap)it->cap)));
        /* Agency data owners use Actions through their own scope; the matrix says so. */
        if (!show && full && strcmp(it->href, "/actions") == 0)
            show = sg_can(&c->who, SG_CAP_REGISTERS_READ);
        if (!show) continue;
        sg_html_open(h, "li", NULL);
        sg_html_elem(h, "a", it->label, "href", it->href, NULL);
        sg_html_close(h, "li");
    }
    sg_html_close(h, "ul");
    sg_html_close(h, "nav");
    sg_html_open(h, "div", "class", "who", NULL);
    if (c->logged_in) {
        if (full) {
            char who[160];
            snprintf(who, sizeof who, "%s (%s%s%s)", c->who.username, sg_role_name(c->who.role),
                     c->who.agency[0] ? ", " : "", c->who.agency);
            sg_html_elem(h, "span", who, NULL);
        }
        sg_html_open(h, "form", "method", "post", "action", "/logout", "class", "inline", NULL);
        sg_page_csrf(c, h);
        sg_html_elem(h, "button", "Log out", "type", "submit", NULL);
        sg_html_close(h, "form");
    } else {
        sg_html_elem(h, "a", "Log in", "href", "/login", NULL);
    }
    sg_html_close(h, "div");
    sg_html_close(h, "header");
    sg_html_open(h, "main", "id", "main", NULL);
}

void sg_page_end(sg_web_ctx *c, sg_html *h)
{
    sg_html_close(h, "main");
    sg_html_open(h, "footer", NULL);
    sg_html_text(h, "Official - Sensitive. Child-level data is pseudonymised; every view of it "
                    "is recorded.");
    sg_html_close(h, "footer");
    sg_html_close(h, "body");
    sg_html_close(h, "html");
    sg_error err;
    if (sg_html_finish(h, &err)) {
        sg_buf_reset(&c->resp->body);
        c->resp->status = 500;
        c->resp->content_type = "text/plain; charset=utf-8";
        sg_buf_puts(&c->resp->body, "Something went wrong\n");
    }
}

void sg_page_csrf(sg_web_ctx *c, sg_html *h)
{
    if (!c->logged_in) return;
    sg_html_empty(h, "input", "type", "hidden", "name", "csrf", "value", c->sess.csrf, NULL);
}

void sg_page_note(sg_html *h, const char *cls, const char *text)
{
    sg_html_elem(h, "p", text, "class", cls, NULL);
}

void sg_page_link(sg_html *h, const char *href, const char *text)
{
    sg_html_elem(h, "a", text, "href", href, NULL);
}

void sg_page_table(sg_html *h, const char *caption, ...)
{
    sg_html_open(h, "table", NULL);
    if (caption) sg_html_elem(h, "caption", caption, NULL);
    sg_html_open(h, "thead", NULL);
    sg_html_open(h, "tr", NULL);
    va_list ap;
    va_start(ap, caption);
    for (const char *t = va_arg(ap, const char *); t; t = va_arg(ap, const char *))
        sg_html_elem(h, "th", t, "scope", "col", NULL);
    va_end(ap);
    sg_html_close(h, "tr");
    sg_html_close(h, "thead");
}

void sg_page_td(sg_html *h, const char *text)
{
    sg_html_elem(h, "td", text ? text : "", NULL);
}

void sg_page_tdn(sg_html *h, long long n)
{
    char t[32];
    snprintf(t, sizeof t, "%lld", n);
    sg_html_elem(h, "td", t, "class", "num", NULL);
}

/* html.c - the page builder: the layout every page shares (head, header, navigation built
 * from the route table, main, footer) on top of the escaping markup writer of core/html.h,
 * plus small helpers for tables, links, notices and the CSRF field. Every value from data goes
 * through the writer's escaping; no page writes raw markup from data. */
#include "web/web.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Labels only: who sees a link is the route's permission (router.c), never decided here. */
static const sg_web_nav_item nav[] = {
    {"/dataset", "Dashboard"},           {"/submissions", "Submissions"},
    {"/upload", "Upload a return"},      {"/returns", "Partner returns"},
    {"/reconcile", "Reconciliation"},    {"/actions", "Actions"},
    {"/registers", "Registers"},         {"/audit", "Audit trail"},
    {"/report/manage", "Yearly report"}, {"/report", "Published report"},
};

const sg_web_nav_item *sg_web_nav(size_t *n)
{
    *n = sizeof nav / sizeof nav[0];
    return nav;
}

/* Whether the principal may open the GET route at href (false when no route matches). */
static bool nav_allowed(const char *href, bool authenticated, const sg_principal *who)
{
    char params[SG_WEB_MAX_PARAMS][SG_WEB_MAX_PARAM];
    int np = 0;
    bool method_ok = true;
    const sg_web_route *rt = sg_web_route_match("GET", href, params, &np, &method_ok);
    return rt && sg_web_route_allows(rt, authenticated, who);
}

void sg_page_begin(sg_web_ctx *c, sg_html *h, const char *title)
{
    c->resp->content_type = "text/html; charset=utf-8";
    sg_buf_reset(&c->resp->body);
    sg_html_init(h, &c->resp->body);
    sg_html_begin_head(h);
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
    /* who is filled only once the second factor is done (app.c) */
    bool full = c->logged_in && c->who.role != SG_ROLE_PUBLIC;
    for (size_t i = 0; i < sizeof nav / sizeof nav[0]; i++) {
        const sg_web_nav_item *it = &nav[i];
        if (!nav_allowed(it->href, full, &c->who)) continue;
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
    const char *heads[32];
    int n = 0;
    va_list ap;
    va_start(ap, caption);
    for (const char *t = va_arg(ap, const char *); t && n < 32; t = va_arg(ap, const char *))
        heads[n++] = t;
    va_end(ap);
    sg_html_table_head(h, caption, heads, n);
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

/* pages_report.c - the yearly report (report/yearly.h, built by the report module): a page to
 * preview either edition and, for roles that may, to publish the public edition to the public
 * page (/report, pages_auth.c). The report is one self-contained document with its own inline
 * style sheet and SVG, so the preview is served as is, under a CSP that allows inline style and
 * still no script. Data comes through access/scope.h, which checks the capabilities again. */
#include "web/web.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static bool year_ok(const char *y)
{
    /* "2024-25" */
    return y && strlen(y) == 7 && y[4] == '-' && strspn(y, "0123456789-") == 7;
}

static void pick_year(sg_web_ctx *c, const char *given, char out[16])
{
    if (year_ok(given)) {
        snprintf(out, 16, "%s", given);
        return;
    }
    sg_error err;
    if (sg_scope_latest_period(&c->scope, out, &err)) out[0] = '\0';
}

void sg_h_report_manage(sg_web_ctx *c)
{
    char year[16];
    pick_year(c, sg_web_q(c, "year"), year);
    sg_html h;
    sg_page_begin(c, &h, "Yearly report");
    sg_html_elem(&h, "h1", "Yearly report: preview and publish", NULL);
    if (sg_web_q(c, "published"))
        sg_html_elem(&h, "p", "Published: the public page now shows this year's public edition.",
                     "class", "ok", "role", "status", NULL);
    if (!year[0]) {
        sg_page_note(&h, "notice", "No returns are held yet, so there is no year to report on.");
        sg_page_end(c, &h);
        return;
    }
    char href[96];
    sg_html_open(&h, "ul", NULL);
    sg_html_open(&h, "li", NULL);
    snprintf(href, sizeof href, "/report/preview?year=%s&edition=public", year);
    sg_html_textf(&h, "%s: ", year);
    sg_page_link(&h, href, "preview the public edition (what publishing puts on the public page)");
    sg_html_close(&h, "li");
    sg_html_open(&h, "li", NULL);
    snprintf(href, sizeof href, "/report/preview?year=%s&edition=analyst", year);
    sg_html_textf(&h, "%s: ", year);
    sg_page_link(&h, href,
                 "preview the analyst edition (no disclosure control; not for publication)");
    sg_html_close(&h, "li");
    sg_html_open(&h, "li", NULL);
    sg_page_link(&h, "/report", "the report published now");
    sg_html_close(&h, "li");
    sg_html_close(&h, "ul");
    if (sg_can(&c->who, SG_CAP_REPORT_PUBLISH)) {
        sg_html_open(&h, "form", "method", "post", "action", "/report/publish", NULL);
        sg_page_csrf(c, &h);
        sg_html_empty(&h, "input", "type", "hidden", "name", "year", "value", year, NULL);
        sg_html_elem(&h, "button", "Publish the public edition", "type", "submit", NULL);
        sg_html_close(&h, "form");
    }
    sg_page_end(c, &h);
}

void sg_h_report_preview(sg_web_ctx *c)
{
    char year[16];
    pick_year(c, sg_web_q(c, "year"), year);
    if (!year[0]) {
        sg_web_error(c, 404);
        return;
    }
    const char *ed = sg_web_q(c, "edition");
    bool pub = !ed || strcmp(ed, "analyst") != 0;
    const sg_web_config *cfg = sg_web_cfg(c->app);
    sg_error err;
    sg_error_clear(&err);
    sg_buf_reset(&c->resp->body);
    int rc = sg_scope_report_preview(&c->scope, year, pub, cfg->report_config,
                                     cfg->report_narrative, &c->resp->body, &err);
    if (rc) {
        sg_web_fail(c, &err);
        return;
    }
    c->resp->content_type = "text/html; charset=utf-8";
    c->resp->csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                   "form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
}

void sg_h_report_publish(sg_web_ctx *c)
{
    char year[16];
    pick_year(c, sg_web_f(c, "year"), year);
    if (!year[0]) {
        sg_web_error(c, 400);
        return;
    }
    const sg_web_config *cfg = sg_web_cfg(c->app);
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", cfg->report_path);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir) {
        *slash = '\0';
        if (mkdir(dir, 0750) != 0 && errno != EEXIST) {
            sg_web_error(c, 500);
            return;
        }
    }
    sg_error err;
    sg_error_clear(&err);
    int rc = sg_scope_report_publish(&c->scope, year, cfg->report_config, cfg->report_narrative,
                                     cfg->report_path, &err);
    if (rc == SG_EINVAL) {
        /* the publish check refused the narrative: the message names file and line only */
        sg_html h;
        sg_page_begin(c, &h, "Not published");
        sg_html_elem(&h, "h1", "Not published", NULL);
        sg_html_elem(&h, "p", err.msg, "class", "error", "role", "alert", NULL);
        sg_page_end(c, &h);
        c->resp->status = 400;
        return;
    }
    if (rc) {
        sg_web_fail(c, &err);
        return;
    }
    char href[64];
    snprintf(href, sizeof href, "/report/manage?year=%s&published=1", year);
    sg_web_redirect(c, href);
}

/* pages_auth.c - the start page, logging in (password, then the TOTP second factor for roles
 * that need it), logging out, and the public page: the published report.
 *
 * The login form is protected against cross-site posting before any session exists by a
 * double-submit token: GET /login sets a random pre-login cookie and puts the same value in the
 * form; POST /login accepts only when both agree (SameSite=Strict already stops other sites
 * sending the cookie). Every message about a failed login is the same, whatever failed. */
#include "web/web.h"

#include "access/scope_home.h"
#include "core/file.h"
#include "core/mem.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void login_page(sg_web_ctx *c, const char *message, bool out)
{
    char pre[65];
    uint8_t rnd[32];
    randombytes_buf(rnd, sizeof rnd);
    sodium_bin2hex(pre, sizeof pre, rnd, sizeof rnd);
    sg_web_cookie(c, SG_WEB_PRELOGIN_COOKIE, pre, 600);
    sg_html h;
    sg_page_begin(c, &h, "Log in");
    sg_html_elem(&h, "h1", "Log in", NULL);
    if (out) sg_page_note(&h, "ok", "You have logged out.");
    if (message) sg_html_elem(&h, "p", message, "class", "error", "role", "alert", NULL);
    sg_html_open(&h, "form", "method", "post", "action", "/login", NULL);
    sg_html_empty(&h, "input", "type", "hidden", "name", "csrf", "value", pre, NULL);
    sg_html_elem(&h, "label", "Username", "for", "username", NULL);
    sg_html_empty(&h, "input", "id", "username", "name", "username", "autocomplete", "username",
                  "required", "required", "maxlength", "63", NULL);
    sg_html_elem(&h, "label", "Password", "for", "password", NULL);
    sg_html_empty(&h, "input", "id", "password", "name", "password", "type", "password",
                  "autocomplete", "current-password", "required", "required", "maxlength", "256",
                  NULL);
    sg_html_open(&h, "div", NULL);
    sg_html_elem(&h, "button", "Log in", "type", "submit", NULL);
    sg_html_close(&h, "div");
    sg_html_close(&h, "form");
    sg_page_end(c, &h);
    sodium_memzero(pre, sizeof pre);
}

void sg_h_login_form(sg_web_ctx *c)
{
    if (c->logged_in && c->who.role != SG_ROLE_PUBLIC) {
        sg_web_redirect(c, "/");
        return;
    }
    login_page(c, NULL, sg_web_q(c, "out") != NULL);
}

void sg_h_login(sg_web_ctx *c)
{
    char pre[80];
    const char *sent = sg_web_f(c, "csrf");
    if (sg_cookie_get(c->req->cookie, SG_WEB_PRELOGIN_COOKIE, pre, sizeof pre) != SG_OK || !sent ||
        strlen(sent) != strlen(pre) || strlen(pre) != 64 ||
        sodium_memcmp(sent, pre, strlen(pre)) != 0) {
        sg_web_error(c, 403);
        return;
    }
    const char *user = sg_web_f(c, "username"), *pass = sg_web_f(c, "password");
    if (!user || !pass || !*user || !*pass) {
        c->resp->status = 400;
        login_page(c, "Enter your username and password.", false);
        c->resp->status = 400;
        return;
    }
    char token[SG_TOKEN_HEX + 1];
    sg_session sess;
    sg_error err;
    sg_error_clear(&err);
    int rc = sg_login(c->store, user, pass, c->req->client, c->now, token, &sess, &err);
    if (rc) {
        login_page(c,
                   rc == SG_EAUTH ? "The username or password is not right, or the account is "
                                    "locked. After 6 failures an account is locked for 30 "
                                    "minutes."
                                  : "Logging in is not possible just now.",
                   false);
        c->resp->status = rc == SG_EAUTH ? 401 : 500;
        return;
    }
    sg_web_cookie(c, SG_WEB_SESSION_COOKIE, token, -1);
    sg_web_cookie(c, SG_WEB_PRELOGIN_COOKIE, "", 0);
    sodium_memzero(token, sizeof token);
    sg_web_redirect(c, sess.second_factor_done ? "/" : "/login/totp");
    sodium_memzero(&sess, sizeof sess);
}

static void totp_page(sg_web_ctx *c, const char *message)
{
    sg_html h;
    sg_page_begin(c, &h, "Second step");
    sg_html_elem(&h, "h1", "Enter the code from your authenticator app", NULL);
    if (message) sg_html_elem(&h, "p", message, "class", "error", "role", "alert", NULL);
    sg_page_note(&h, "notice",
                 "Your role can see child-level data, so logging in needs a second step.");
    sg_html_open(&h, "form", "method", "post", "action", "/login/totp", NULL);
    sg_page_csrf(c, &h);
    sg_html_elem(&h, "label", "Six-digit code", "for", "code", NULL);
    sg_html_empty(&h, "input", "id", "code", "name", "code", "inputmode", "numeric", "autocomplete",
                  "one-time-code", "pattern", "[0-9]{6}", "maxlength", "6", "required", "required",
                  NULL);
    sg_html_open(&h, "div", NULL);
    sg_html_elem(&h, "button", "Continue", "type", "submit", NULL);
    sg_html_close(&h, "div");
    sg_html_close(&h, "form");
    sg_page_end(c, &h);
}

void sg_h_totp_form(sg_web_ctx *c)
{
    if (!c->logged_in) {
        sg_web_redirect(c, "/login");
        return;
    }
    if (c->sess.second_factor_done) {
        sg_web_redirect(c, "/");
        return;
    }
    totp_page(c, NULL);
}

void sg_h_totp(sg_web_ctx *c)
{
    if (!c->logged_in) {
        sg_web_error(c, 401);
        return;
    }
    if (c->sess.second_factor_done) {
        sg_web_redirect(c, "/");
        return;
    }
    const char *code = sg_web_f(c, "code");
    sg_session sess;
    sg_error err;
    sg_error_clear(&err);
    int rc = code ? sg_login_totp(c->store, c->token, code, c->req->client, c->now, &sess, &err)
                  : SG_EAUTH;
    if (rc) {
        totp_page(c, "That code is not right. Codes change every 30 seconds.");
        c->resp->status = 401;
        return;
    }
    sodium_memzero(&sess, sizeof sess);
    sg_web_redirect(c, "/");
}

void sg_h_logout(sg_web_ctx *c)
{
    if (c->logged_in) {
        sg_error err;
        sg_session_end(c->store, c->token, c->now, &err);
    }
    sg_web_cookie(c, SG_WEB_SESSION_COOKIE, "", 0);
    sg_web_redirect(c, "/login?out=1");
}

#define HOME_SOON_DAYS 7 /* a clock or return due within a week is "due soon" */

/* "What needs you": the scoped list (access/scope_home.h), counted, most urgent first, each a
 * link, its urgency in words as well as colour. */
static void home_needs(sg_web_ctx *c, sg_html *h)
{
    sg_needs n;
    sg_error err;
    sg_error_clear(&err);
    sg_html_elem(h, "h2", "What needs you", "id", "needs", NULL);
    if (sg_scope_needs(&c->scope, sg_date_today(), HOME_SOON_DAYS, 0, &n, &err)) {
        sg_page_note(h, "error", "What needs you cannot be listed just now.");
        return;
    }
    if (n.n == 0) {
        sg_page_note(h, "ok", "Nothing is overdue or due in the next 7 days.");
        sg_needs_fini(&n);
        return;
    }
    sg_html_open(h, "p", "class", "needs-count", NULL);
    sg_html_textf(h, "%ld overdue, %ld due soon or drifting.", n.overdue, n.soon);
    sg_html_close(h, "p");
    sg_html_open(h, "ul", "class", "needs", "aria-labelledby", "needs", NULL);
    for (size_t i = 0; i < n.n; i++) {
        const sg_need *e = &n.v[i];
        bool late = e->rank == SG_NEED_OVERDUE;
        sg_html_open(h, "li", "class", late ? "need need-overdue" : "need need-soon", NULL);
        sg_html_elem(h, "span", late ? "Overdue" : "Due soon", "class",
                     late ? "tag tag-overdue" : "tag tag-soon", NULL);
        sg_html_text(h, " ");
        sg_page_link(h, e->href, e->text);
        sg_html_close(h, "li");
    }
    sg_html_close(h, "ul");
    sg_needs_fini(&n);
}

typedef struct home_link {
    const char *href, *label, *what;
    int cap;
} home_link;

void sg_h_home(sg_web_ctx *c)
{
    static const home_link links[] = {
        {"/dataset", "Dashboard", "the multi-agency dataset: indicators, trends, RAG, comparators",
         SG_CAP_DATASET},
        {"/upload", "Upload a return", "send your agency's return and see at once what is wrong",
         SG_CAP_UPLOAD},
        {"/submissions", "Submissions", "returns received, by agency and period, with findings",
         SG_CAP_SUBMISSIONS},
        {"/returns", "Partner returns", "the returns owed, when they are due, what is late",
         SG_CAP_SUBMISSIONS},
        {"/actions", "Action tracker", "overdue and drifting actions first", SG_CAP_REGISTERS_READ},
        /* LADO cases are not a register page: they arrive as the LADO return (Submissions) */
        {"/registers", "Registers",
         "case reviews, audits, Section 11, training, child deaths, finance, risks",
         SG_CAP_REGISTERS_READ},
        {"/audit", "Audit trail", "who saw and changed what", SG_CAP_AUDIT},
    };
    sg_html h;
    bool full = c->logged_in && c->who.role != SG_ROLE_PUBLIC;
    sg_page_begin(c, &h, "Start");
    sg_html_elem(&h, "h1", "Safeguarding partnership evidence", NULL);
    if (!full) {
        sg_html_elem(&h, "p",
                     "This service holds the partnership's multi-agency data. The published "
                     "yearly report is open to everyone; everything else needs an account.",
                     NULL);
        sg_html_open(&h, "ul", NULL);
        sg_html_open(&h, "li", NULL);
        sg_page_link(&h, "/report", "Read the published report");
        sg_html_close(&h, "li");
        sg_html_open(&h, "li", NULL);
        sg_page_link(&h, "/login", "Log in");
        sg_html_close(&h, "li");
        sg_html_close(&h, "ul");
        sg_page_end(c, &h);
        return;
    }
    home_needs(c, &h);
    sg_html_elem(&h, "h2", "Go to", NULL);
    sg_html_open(&h, "ul", NULL);
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
        if (!sg_can(&c->who, (sg_cap)links[i].cap)) continue;
        sg_html_open(&h, "li", NULL);
        sg_page_link(&h, links[i].href, links[i].label);
        sg_html_textf(&h, ": %s", links[i].what);
        sg_html_close(&h, "li");
    }
    sg_html_close(&h, "ul");
    sg_page_end(c, &h);
}

/* The published report: the yearly report is built and published by the report module; this
 * route serves the published file if there is one. It is the only page the public sees. */
void sg_h_report(sg_web_ctx *c)
{
    char *data = NULL;
    size_t len = 0;
    sg_error err;
    if (sg_read_file(sg_web_cfg(c->app)->report_path, SG_WEB_MAX_PAGE - 1, &data, &len, &err) !=
        SG_OK) {
        sg_html h;
        sg_page_begin(c, &h, "Published report");
        sg_html_elem(&h, "h1", "Published report", NULL);
        sg_page_note(&h, "notice", "No report has been published yet.");
        sg_page_end(c, &h);
        c->resp->status = 404;
        return;
    }
    sg_buf_reset(&c->resp->body);
    sg_buf_append(&c->resp->body, data, len);
    free(data);
    c->resp->content_type = "text/html; charset=utf-8";
    /* the report is one self-contained page with its own inline style sheet and inline SVG */
    c->resp->csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                   "form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
}

/* web.h - the web service: a request/response model independent of the socket, the
 * application (configuration, a pool of store handles, the published report), the router
 * (method + path pattern -> handler, each route declaring the capability it needs), the page
 * builder and the JSON API. server.c puts libmicrohttpd in front of sg_web_handle; tests and
 * the fuzz harness call sg_web_handle and the pure parsers directly.
 *
 * Pages and the API get data only through access/scope.h and access/access.h, never from the
 * store directly: scoping and the audit of child-level views happen below this layer. */
#ifndef SG_WEB_H
#define SG_WEB_H

#include "access/access.h"
#include "access/scope.h"
#include "core/buf.h"
#include "core/sg.h"
#include "core/html.h"
#include "web/form.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- configuration and the application ---- */

/* Request bodies: each route declares the most it takes (sg_web_route.max_body); body.c
 * decides from the method, path and headers before a byte of the body is read. */
#define SG_WEB_MAX_BODY (32u << 20) /* bytes of an upload's body (/upload), streamed to disk */
#define SG_WEB_BODY_SMALL                                                                          \
    (8u << 10)                         /* a small form (login, TOTP, logout, publish); also the    \
                                        * most any request sends before its session (and, for an   \
                                        * upload, its CSRF token) has been checked */
#define SG_WEB_BODY_FORM (256u << 10)  /* a logged-in user's form (action update, add a record) */
#define SG_WEB_MAX_PAGE (64u << 20)    /* bytes of a response body */
#define SG_WEB_MAX_URI 4096u           /* bytes of the request target (414 beyond) */
#define SG_WEB_MAX_QUERY_PARAMS 200    /* parameters in the query string (400 beyond) */
#define SG_WEB_MAX_HEADERS (64u << 10) /* bytes of request line + headers (431 beyond) */
#define SG_WEB_SESSION_COOKIE "sg_session"
#define SG_WEB_PRELOGIN_COOKIE "sg_pre"

typedef struct sg_web_config {
    const char *store_dir;   /* borrowed; the store to serve */
    const char *listen;      /* "127.0.0.1:8080" (IPv4 address:port; port 0 = any free) */
    bool secure_cookies;     /* always reached over HTTPS (TLS ends in front: --proxy-https):
                              * cookies get Secure, answers Strict-Transport-Security */
    int threads;             /* worker threads (and store handles); 0 = 4 */
    int64_t clock_offset;    /* test only: seconds added to the clock (session expiry tests) */
    int conn_limit;          /* simultaneous connections; 0 = 256 */
    int conn_timeout;        /* seconds a connection may idle; 0 = 30 */
    const char *report_path; /* the published report (HTML); NULL = <store>/published/report.html */
    const char *period;      /* default period for the dashboard; NULL = the latest held */
    const char *report_config;    /* yearly report config JSON (report/yearly.h), or NULL */
    const char *report_narrative; /* yearly report narrative folder, or NULL */
    const char *tls_cert;         /* PEM certificate (chain) file: HTTPS on the socket, or NULL */
    const char *tls_key;          /* PEM private key file (with tls_cert) */
    const char *trust_proxy;      /* "ADDR[,ADDR...]": proxies whose X-Forwarded-* count, or NULL */
    const char *access_log;       /* JSON access log file, "-" = stdout, NULL = none */
    int header_timeout;           /* seconds from connect (or the last answer) to complete
                                   * headers; 0 = 10 */
    int per_ip_limit;             /* simultaneous connections per address; 0 = 16 */
} sg_web_config;

typedef struct sg_web sg_web;

/* Opens `threads` store handles on cfg->store_dir (the store must exist: SG_ENOTFOUND
 * otherwise). cfg is copied (strings too). */
int sg_web_new(const sg_web_config *cfg, sg_web **out, sg_error *err);
void sg_web_free(sg_web *w);
/* The clock the service uses: time(NULL) + clock_offset. */
int64_t sg_web_now(const sg_web *w);
const sg_web_config *sg_web_cfg(const sg_web *w);

/* ---- requests and responses ---- */

typedef struct sg_web_req {
    const char *method;       /* "GET", "POST", "HEAD" ... */
    const char *path;         /* decoded path without the query ("/submissions/12") */
    const char *query;        /* the raw query string without '?', or "" */
    const char *cookie;       /* the Cookie header or NULL */
    const char *content_type; /* or NULL */
    const char *csrf_header;  /* X-CSRF-Token (API writes) or NULL */
    const char *body;         /* may be NULL when body_len is 0 */
    size_t body_len;
    const char *client; /* client address text (after the trusted-proxy rules), or NULL */
    bool https;         /* reached over HTTPS (our TLS, or a trusted proxy said so) */
    /* A body already parsed while it streamed in (body.c): its plain fields, which
     * sg_web_handle takes over (the form is left empty), and its file part. NULL = none. */
    sg_form *fields;
    const struct sg_web_upload *upload;
} sg_web_req;

/* The file part of a streamed upload: an unnamed 0600 file in STORE/uploads/ (store/upload.h)
 * holding exactly the bytes sent, positioned at 0. The body owns and closes fd. */
typedef struct sg_web_upload {
    int fd;
    char field[SG_FORM_MAX_NAME + 1];    /* the form field it came in ("file") */
    char name[SG_FORM_MAX_FILENAME + 1]; /* the file name the client gave, last component */
    unsigned long long len;
} sg_web_upload;

#define SG_WEB_MAX_COOKIES 3
typedef struct sg_web_resp {
    int status;
    const char *content_type; /* a string literal */
    sg_buf body;
    char location[512]; /* redirect target, "" = none */
    char download[96];  /* a file to save: Content-Disposition attachment with this name
                         * ([A-Za-z0-9._-] only), "" = none */
    char cookies[SG_WEB_MAX_COOKIES][256]; /* Set-Cookie values */
    int ncookies;
    bool cache_public; /* static assets: cacheable; everything else no-store */
    const char *csp;   /* a literal replacing the default Content-Security-Policy */
    const char *route; /* the matched route's pattern (for the access log), or NULL */
    char user[64];     /* the logged-in user's name (for the access log), or "" */
} sg_web_resp;

void sg_web_resp_init(sg_web_resp *r);
void sg_web_resp_fini(sg_web_resp *r);

/* Handles one request completely (authentication, CSRF, routing, the page or API answer,
 * generic error pages). Never fails: every problem becomes a response. */
void sg_web_handle(sg_web *w, const sg_web_req *req, sg_web_resp *resp);

/* The security headers every response carries (name, value pairs, NULL-terminated). */
extern const char *const sg_web_security_headers[];

/* ---- the router ---- */

#define SG_WEB_CAP_PUBLIC (-1)    /* anyone, logged in or not */
#define SG_WEB_CAP_LOGGED_IN (-2) /* any logged-in principal (second factor done) */
#define SG_WEB_MAX_PARAMS 4
#define SG_WEB_MAX_PARAM 200

#define SG_WEB_R_HALF_LOGIN 0x1u /* reachable before the second factor is done */
#define SG_WEB_R_NO_CSRF 0x2u    /* a POST that checks its own token (login) */
#define SG_WEB_R_API 0x4u        /* JSON errors, 401 instead of a redirect to /login */
#define SG_WEB_R_NO_SESSION 0x8u /* never looks at the session cookie (/healthz) */
#define SG_WEB_R_STREAM 0x10u    /* takes a file: a multipart body is streamed to disk (body.c) */

typedef struct sg_web_ctx sg_web_ctx;
typedef void (*sg_web_handler)(sg_web_ctx *c);

typedef struct sg_web_route {
    const char *method;  /* "GET" (also answers HEAD) or "POST" */
    const char *pattern; /* "/submissions/{}": {} matches one non-empty segment; a final {*}
                          * the rest of the path, slashes included (composite keys) */
    int cap;             /* an sg_cap, SG_WEB_CAP_PUBLIC or SG_WEB_CAP_LOGGED_IN */
    unsigned flags;      /* SG_WEB_R_* */
    sg_web_handler fn;
    const char *name; /* for docs and tests */
    size_t max_body;  /* bytes of request body it accepts (SG_WEB_BODY_*); 0 = none (GET) */
} sg_web_route;

/* For the body phase (body.c), before a byte of a large body is read: whether the request's
 * session cookie names a live session, second factor done, whose principal has the route's
 * capability. Returns 0 with the session in *sess (the caller wipes it with sodium_memzero),
 * or the status to refuse with: 401 without such a session, 403 without the capability. */
int sg_web_body_session(sg_web *w, const sg_web_route *rt, const char *cookie, sg_session *sess);

/* The route table (router.c) and its length. */
const sg_web_route *sg_web_routes(size_t *n);

/* The one access rule for a route: a public route opens for anyone; any other needs an
 * authenticated principal (a session with the second factor done) and, when the route names
 * an sg_cap, that capability. app.c refuses requests by it and the navigation shows a link by
 * it, so a link is shown exactly when its page would open. Pure. */
bool sg_web_route_allows(const sg_web_route *rt, bool authenticated, const sg_principal *who);

/* Matches method and path against the table. Returns the route, with the {} segments
 * percent-decoded into params (each < SG_WEB_MAX_PARAM bytes; *nparams set), or NULL. Sets
 * *method_ok false when the path matched a route of another method only (405). Pure. */
const sg_web_route *sg_web_route_match(const char *method, const char *path,
                                       char params[SG_WEB_MAX_PARAMS][SG_WEB_MAX_PARAM],
                                       int *nparams, bool *method_ok);

/* ---- what a handler sees ---- */

struct sg_web_ctx {
    sg_web *app;
    sg_store *store;
    const sg_web_req *req;
    sg_web_resp *resp;
    const sg_web_route *route;
    int64_t now;
    sg_principal who;
    bool logged_in;  /* a session exists (maybe half: second factor pending) */
    sg_session sess; /* valid when logged_in */
    char token[SG_TOKEN_HEX + 1];
    sg_scope scope; /* store, who, client, now: for scope.h */
    sg_form form;   /* the parsed body */
    sg_form query;  /* the parsed query string */
    char params[SG_WEB_MAX_PARAMS][SG_WEB_MAX_PARAM];
    int nparams;
};

/* A query or form value, or NULL. */
const char *sg_web_q(const sg_web_ctx *c, const char *name);
const char *sg_web_f(const sg_web_ctx *c, const char *name);

/* Error answers: a generic page (or JSON for API routes) with the status; never internals.
 * sg_web_fail maps a library status (sg_status_http) and logs nothing to the client. */
void sg_web_error(sg_web_ctx *c, int status);
void sg_web_fail(sg_web_ctx *c, const sg_error *err);
/* 303 See Other to a local path (must start with '/'). */
void sg_web_redirect(sg_web_ctx *c, const char *path);
/* Adds a Set-Cookie; max_age < 0 = session cookie, 0 = delete. */
void sg_web_cookie(sg_web_ctx *c, const char *name, const char *value, long max_age);

/* ---- pages (html.c) ---- */

/* The navigation's entries, in order: each is a GET route of the table, and a link is shown
 * exactly when sg_web_route_allows that route for the page's principal. */
typedef struct sg_web_nav_item {
    const char *href, *label;
} sg_web_nav_item;
const sg_web_nav_item *sg_web_nav(size_t *n);

/* Starts a page: doctype, head (title, style sheet), header with the navigation (the links
 * whose routes the principal may open), and opens <main>. Content-Type text/html. */
void sg_page_begin(sg_web_ctx *c, sg_html *h, const char *title);
/* Closes <main>, writes the footer and finishes; a writer error becomes a 500. */
void sg_page_end(sg_web_ctx *c, sg_html *h);
/* A hidden CSRF field for the current session's forms. */
void sg_page_csrf(sg_web_ctx *c, sg_html *h);
/* A <p class="notice|error">. */
void sg_page_note(sg_html *h, const char *cls, const char *text);
/* <a href=...>text</a> */
void sg_page_link(sg_html *h, const char *href, const char *text);
/* Opens a table with a header row of the given column titles (NULL-terminated). */
void sg_page_table(sg_html *h, const char *caption, ...);
/* <td>text</td> / <td class="num">number</td> */
void sg_page_td(sg_html *h, const char *text);
void sg_page_tdn(sg_html *h, long long n);

/* ---- JSON (api.c) ---- */

struct json_t;
/* Sends j (takes ownership) as the response body, application/json. */
void sg_api_send(sg_web_ctx *c, struct json_t *j);

/* ---- assets (assets.c) ---- */
extern const char sg_web_css[];

/* ---- handlers (pages_*.c, api.c) ---- */
void sg_h_asset_css(sg_web_ctx *c);
void sg_h_healthz(sg_web_ctx *c);
void sg_h_home(sg_web_ctx *c);
void sg_h_login_form(sg_web_ctx *c);
void sg_h_login(sg_web_ctx *c);
void sg_h_totp_form(sg_web_ctx *c);
void sg_h_totp(sg_web_ctx *c);
void sg_h_logout(sg_web_ctx *c);
void sg_h_report(sg_web_ctx *c);
void sg_h_report_manage(sg_web_ctx *c);
void sg_h_report_preview(sg_web_ctx *c);
void sg_h_report_publish(sg_web_ctx *c);
void sg_h_submissions(sg_web_ctx *c);
void sg_h_submission(sg_web_ctx *c);
void sg_h_upload_form(sg_web_ctx *c);
void sg_h_upload(sg_web_ctx *c);
void sg_h_reconcile(sg_web_ctx *c);
void sg_h_returns(sg_web_ctx *c);
void sg_h_return_template(sg_web_ctx *c);
void sg_h_return_form(sg_web_ctx *c);
void sg_h_return_submit(sg_web_ctx *c);
void sg_h_api_returns(sg_web_ctx *c);
void sg_h_dataset(sg_web_ctx *c);
void sg_h_registers(sg_web_ctx *c);
void sg_h_register(sg_web_ctx *c);
void sg_h_register_add(sg_web_ctx *c);
void sg_h_register_record(sg_web_ctx *c);
void sg_h_register_record_update(sg_web_ctx *c);
void sg_h_actions(sg_web_ctx *c);
void sg_h_action(sg_web_ctx *c);
void sg_h_action_update(sg_web_ctx *c);
void sg_h_audit(sg_web_ctx *c);
void sg_h_api_me(sg_web_ctx *c);
void sg_h_api_submissions(sg_web_ctx *c);
void sg_h_api_submission(sg_web_ctx *c);
void sg_h_api_dataset(sg_web_ctx *c);
void sg_h_api_actions(sg_web_ctx *c);
void sg_h_api_register(sg_web_ctx *c);
void sg_h_api_reconcile(sg_web_ctx *c);
void sg_h_api_audit(sg_web_ctx *c);

/* The dashboard's default period: cfg->period, else the latest financial year of any live
 * submission ("" when none). */
void sg_web_default_period(sg_web_ctx *c, char out[16]);
/* The period a request asks for: ?period= when given and not empty, else the default period
 * written into buf ("" when none). The result is the query's text or buf. */
const char *sg_web_period_q(sg_web_ctx *c, char buf[16]);
/* Reconciliation counts for period within the requester's scope into *pairs (heap, caller
 * frees) and *n. On failure answers the request through sg_web_fail and returns false. */
bool sg_web_reconcile(sg_web_ctx *c, const char *period, sg_recon_pair **pairs, int *n);
/* The register named by the route's first parameter; NULL after answering 404 when there is
 * none of that name. */
const sg_register *sg_web_register(sg_web_ctx *c);
/* The records of reg the requester may see into *set (the caller releases it with
 * sg_reg_set_fini). On failure answers the request through sg_web_fail (set released) and
 * returns false. */
bool sg_web_register_load(sg_web_ctx *c, const sg_register *reg, sg_reg_set *set);
/* The computed view `view` of reg as of today, within the requester's scope, into doc
 * (initialised here; the caller releases it with sg_view_doc_fini). On failure answers the
 * request through sg_web_fail (doc released) and returns false. */
bool sg_web_register_view(sg_web_ctx *c, const sg_register *reg, const char *view,
                          sg_view_doc *doc);
/* The audit trail filter of a request: ?user=, ?action=, ?object= (with blank_is_any an empty
 * one filters nothing; without, it is matched as given) and limit entries at the most. */
void sg_web_audit_filter(sg_web_ctx *c, bool blank_is_any, long limit, sg_audit_filter *f);

/* ---- the socket (server.c) ---- */

typedef struct sg_web_server sg_web_server;
/* Starts libmicrohttpd on cfg->listen with the limits of docs/web.md, with HTTPS when
 * cfg->tls_cert/tls_key are given (files checked first: errors name them), the trusted proxies
 * and the access log. *port receives the port actually bound (useful with port 0). */
int sg_web_server_start(sg_web *w, sg_web_server **out, int *port, sg_error *err);
/* True when the server speaks HTTPS itself. */
bool sg_web_server_https(const sg_web_server *srv);
/* Stops accepting, finishes requests in flight, frees the server (not w). */
void sg_web_server_stop(sg_web_server *srv);

#endif

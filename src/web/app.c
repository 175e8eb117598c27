/* app.c - the application behind the socket: configuration, a pool of store handles (one per
 * worker, so no two requests share a SQLite connection or its transaction), and the life of
 * one request: route, session from its cookie, second-factor gate, capability check, body
 * parsing (or the fields body.c parsed while the body streamed in), CSRF check, handler, and
 * the generic error pages; and the session check body.c makes before it reads a large body. */
#include "web/web.h"

#include "core/mem.h"
#include "store/upload.h"

#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct sg_web {
    sg_web_config cfg;
    char *store_dir, *listen, *report_path, *period, *report_config, *report_narrative;
    char *tls_cert, *tls_key, *trust_proxy, *access_log;
    sg_store **pool;
    bool *busy;
    int npool;
    pthread_mutex_t mu;
    pthread_cond_t cv;
};

int sg_web_new(const sg_web_config *cfg, sg_web **out, sg_error *err)
{
    *out = NULL;
    sg_web *w = xcalloc(1, sizeof *w);
    w->cfg = *cfg;
    w->store_dir = xstrdup(cfg->store_dir ? cfg->store_dir : "./safeguard-data");
    w->listen = xstrdup(cfg->listen ? cfg->listen : "127.0.0.1:8080");
    if (cfg->report_path) {
        w->report_path = xstrdup(cfg->report_path);
    } else {
        size_t n = strlen(w->store_dir) + 32;
        w->report_path = xmalloc(n);
        snprintf(w->report_path, n, "%s/published/report.html", w->store_dir);
    }
    w->period = cfg->period ? xstrdup(cfg->period) : NULL;
    w->report_config = cfg->report_config ? xstrdup(cfg->report_config) : NULL;
    w->report_narrative = cfg->report_narrative ? xstrdup(cfg->report_narrative) : NULL;
    w->tls_cert = cfg->tls_cert ? xstrdup(cfg->tls_cert) : NULL;
    w->tls_key = cfg->tls_key ? xstrdup(cfg->tls_key) : NULL;
    w->trust_proxy = cfg->trust_proxy ? xstrdup(cfg->trust_proxy) : NULL;
    w->access_log = cfg->access_log ? xstrdup(cfg->access_log) : NULL;
    w->cfg.tls_cert = w->tls_cert;
    w->cfg.tls_key = w->tls_key;
    w->cfg.trust_proxy = w->trust_proxy;
    w->cfg.access_log = w->access_log;
    w->cfg.report_config = w->report_config;
    w->cfg.report_narrative = w->report_narrative;
    w->cfg.store_dir = w->store_dir;
    w->cfg.listen = w->listen;
    w->cfg.report_path = w->report_path;
    w->cfg.period = w->period;
    /* one handle per worker thread plus one, so a request never waits for a handle */
    w->npool = (cfg->threads > 0 ? cfg->threads : 4) + 1;
    w->pool = xcalloc((size_t)w->npool, sizeof *w->pool);
    w->busy = xcalloc((size_t)w->npool, sizeof *w->busy);
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    /* Anything an earlier run left in STORE/uploads/ (an upload in flight has no name there,
     * so this never touches one); best effort, as when the store opens. */
    (void)sg_upload_sweep(w->store_dir, NULL, NULL);
    for (int i = 0; i < w->npool; i++) {
        int rc = sg_store_open(w->store_dir, false, &w->pool[i], err);
        /* the audit trail's genesis step before any request (docs/access.md) */
        if (!rc && i == 0) rc = sg_audit_seal(w->pool[0], time(NULL), err);
        if (rc) {
            sg_web_free(w);
            return rc;
        }
    }
    *out = w;
    return SG_OK;
}

void sg_web_free(sg_web *w)
{
    if (!w) return;
    for (int i = 0; i < w->npool; i++)
        sg_store_close(w->pool[i]);
    free(w->pool);
    free(w->busy);
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->cv);
    free(w->store_dir);
    free(w->listen);
    free(w->report_path);
    free(w->period);
    free(w->report_config);
    free(w->report_narrative);
    free(w->tls_cert);
    free(w->tls_key);
    free(w->trust_proxy);
    free(w->access_log);
    free(w);
}

int64_t sg_web_now(const sg_web *w)
{
    return (int64_t)time(NULL) + w->cfg.clock_offset;
}

const sg_web_config *sg_web_cfg(const sg_web *w)
{
    return &w->cfg;
}

static int pool_get(sg_web *w)
{
    pthread_mutex_lock(&w->mu);
    for (;;) {
        for (int i = 0; i < w->npool; i++)
            if (!w->busy[i]) {
                w->busy[i] = true;
                pthread_mutex_unlock(&w->mu);
                return i;
            }
        pthread_cond_wait(&w->cv, &w->mu);
    }
}

static void pool_put(sg_web *w, int i)
{
    pthread_mutex_lock(&w->mu);
    w->busy[i] = false;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
}

/* ---- responses ---- */

void sg_web_resp_init(sg_web_resp *r)
{
    memset(r, 0, sizeof *r);
    r->status = 200;
    r->content_type = "text/html; charset=utf-8";
    sg_buf_init(&r->body, SG_WEB_MAX_PAGE);
}

void sg_web_resp_fini(sg_web_resp *r)
{
    sg_buf_fini(&r->body);
}

const char *sg_web_q(const sg_web_ctx *c, const char *name)
{
    return sg_form_get(&c->query, name);
}

const char *sg_web_f(const sg_web_ctx *c, const char *name)
{
    return sg_form_get(&c->form, name);
}

static const char *status_title(int status)
{
    switch (status) {
    case 400:
        return "Bad request";
    case 401:
        return "Please log in";
    case 403:
        return "Not allowed";
    case 404:
        return "Not found";
    case 405:
        return "Method not allowed";
    case 409:
        return "Conflict";
    case 413:
        return "Too large";
    default:
        return "Something went wrong";
    }
}

void sg_web_error(sg_web_ctx *c, int status)
{
    sg_web_resp *r = c->resp;
    sg_buf_reset(&r->body);
    r->status = status;
    r->location[0] = '\0';
    r->download[0] = '\0';
    if (c->route && (c->route->flags & SG_WEB_R_API)) {
        json_t *j = json_pack("{s:i, s:s}", "status", status, "error", status_title(status));
        sg_api_send(c, j);
        r->status = status;
        return;
    }
    sg_html h;
    sg_page_begin(c, &h, status_title(status));
    sg_html_elem(&h, "h1", status_title(status), NULL);
    switch (status) {
    case 401:
        sg_page_note(&h, "notice", "This page needs you to log in.");
        break;
    case 403:
        sg_page_note(&h, "notice", "Your account cannot do this.");
        break;
    case 404:
        sg_page_note(&h, "notice", "There is nothing at this address.");
        break;
    case 500:
        sg_page_note(&h, "notice", "The service could not answer. Please try again later.");
        break;
    default:
        sg_page_note(&h, "notice", "The request could not be handled.");
        break;
    }
    sg_page_link(&h, "/", "Back to the start page");
    sg_page_end(c, &h);
    r->status = status;
}

void sg_web_fail(sg_web_ctx *c, const sg_error *err)
{
    int st = sg_status_http(err ? err->code : SG_EDB);
    /* Input problems are the user's to fix and their message names only what they sent;
     * anything else stays generic (no paths, no SQL). */
    sg_web_error(c, st);
}

void sg_web_redirect(sg_web_ctx *c, const char *path)
{
    sg_buf_reset(&c->resp->body);
    c->resp->status = 303;
    if (!path || path[0] != '/' || path[1] == '/') path = "/";
    sg_strlcpy(c->resp->location, path, sizeof c->resp->location);
    c->resp->content_type = "text/plain; charset=utf-8";
    sg_buf_puts(&c->resp->body, "See other\n");
}

void sg_web_cookie(sg_web_ctx *c, const char *name, const char *value, long max_age)
{
    sg_web_resp *r = c->resp;
    if (r->ncookies >= SG_WEB_MAX_COOKIES) return;
    char age[48] = "";
    if (max_age >= 0) snprintf(age, sizeof age, "; Max-Age=%ld", max_age);
    snprintf(r->cookies[r->ncookies++], sizeof r->cookies[0],
             "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s", name, value, age,
             c->app->cfg.secure_cookies || (c->req && c->req->https) ? "; Secure" : "");
}

/* ---- one request ---- */

int sg_web_body_session(sg_web *w, const sg_web_route *rt, const char *cookie, sg_session *sess)
{
    memset(sess, 0, sizeof *sess);
    char token[SG_TOKEN_HEX + 1];
    if (sg_cookie_get(cookie, SG_WEB_SESSION_COOKIE, token, sizeof token) != SG_OK ||
        strlen(token) != SG_TOKEN_HEX)
        return 401;
    sg_error err;
    sg_error_clear(&err);
    int slot = pool_get(w);
    int rc = sg_session_get(w->pool[slot], token, sg_web_now(w), sess, &err);
    pool_put(w, slot);
    sodium_memzero(token, sizeof token);
    int status = 0;
    if (rc || !sess->second_factor_done)
        status = 401;
    else if (!sg_web_route_allows(rt, true, &sess->who))
        status = 403;
    if (status) sodium_memzero(sess, sizeof *sess);
    return status;
}

static void unauthenticated(sg_web_ctx *c, bool half)
{
    if ((c->route->flags & SG_WEB_R_API) || strcmp(c->req->method, "POST") == 0) {
        sg_web_error(c, 401);
        return;
    }
    sg_web_redirect(c, half ? "/login/totp" : "/login");
}

void sg_web_handle(sg_web *w, const sg_web_req *req, sg_web_resp *resp)
{
    sg_web_ctx c;
    memset(&c, 0, sizeof c);
    c.app = w;
    c.req = req;
    c.resp = resp;
    c.now = sg_web_now(w);
    c.who = sg_principal_public();
    sg_form_init(&c.form);
    sg_form_init(&c.query);
    c.scope.who = &c.who;
    c.scope.client = req->client;
    c.scope.now = c.now;

    const char *method = req->method ? req->method : "";
    bool head = strcmp(method, "HEAD") == 0;
    bool method_ok = true;
    c.route = sg_web_route_match(head ? "GET" : method, req->path ? req->path : "", c.params,
                                 &c.nparams, &method_ok);
    if (!c.route) {
        sg_web_error(&c, method_ok ? 404 : 405);
        goto done;
    }
    resp->route = c.route->pattern;
    sg_error err;
    sg_error_clear(&err);
    int slot = pool_get(w);
    c.store = w->pool[slot];
    c.scope.store = c.store;

    if (req->query && *req->query &&
        sg_form_parse_urlencoded(&c.query, req->query, strlen(req->query), &err)) {
        sg_web_error(&c, err.code == SG_ELIMIT ? 413 : 400);
        goto release;
    }

    bool half = false;
    int crc = (c.route->flags & SG_WEB_R_NO_SESSION)
                  ? SG_ENOTFOUND
                  : sg_cookie_get(req->cookie, SG_WEB_SESSION_COOKIE, c.token, sizeof c.token);
    if (crc == SG_OK && strlen(c.token) == SG_TOKEN_HEX) {
        if (sg_session_get(c.store, c.token, c.now, &c.sess, &err) == SG_OK) {
            c.logged_in = true;
            half = !c.sess.second_factor_done;
            if (!half) c.who = c.sess.who;
        } else {
            c.token[0] = '\0';
            sg_web_cookie(&c, SG_WEB_SESSION_COOKIE, "", 0); /* a dead session's cookie */
        }
    } else {
        c.token[0] = '\0';
    }
    if (c.logged_in && !half) sg_strlcpy(resp->user, c.who.username, sizeof resp->user);
    const sg_web_route *rt = c.route;
    if (half && (rt->flags & SG_WEB_R_HALF_LOGIN)) {
        /* the TOTP step and logout act for the half-logged-in session */
    } else if (rt->cap != SG_WEB_CAP_PUBLIC) {
        if (!c.logged_in || half) {
            unauthenticated(&c, half);
            goto release;
        }
        if (!sg_web_route_allows(rt, true, &c.who)) {
            sg_web_error(&c, 403);
            goto release;
        }
    }

    if (strcmp(method, "POST") == 0 && req->fields) {
        c.form = *req->fields; /* parsed while it streamed in: taken over */
        sg_form_init(req->fields);
    } else if (strcmp(method, "POST") == 0) {
        if (sg_form_parse(&c.form, req->content_type, req->body, req->body_len, &err)) {
            sg_web_error(&c, err.code == SG_ELIMIT ? 413 : 400);
            goto release;
        }
    }
    if (strcmp(method, "POST") == 0) {
        if (!(rt->flags & SG_WEB_R_NO_CSRF)) {
            const char *tok = sg_form_get(&c.form, "csrf");
            if (!tok) tok = req->csrf_header;
            if (!c.logged_in || !tok || !sg_csrf_ok(&c.sess, tok)) {
                sg_web_error(&c, 403);
                goto release;
            }
        }
    }
    rt->fn(&c);
release:
    pool_put(w, slot);
done:
    if (head) sg_buf_reset(&resp->body);
    sg_form_fini(&c.form);
    sg_form_fini(&c.query);
    sodium_memzero(c.token, sizeof c.token);
    sodium_memzero(&c.sess, sizeof c.sess);
}

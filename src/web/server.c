/* server.c - libmicrohttpd in front of sg_web_handle: a thread pool with internal polling,
 * HTTPS (libmicrohttpd's own, GnuTLS), limits on connections, per-address connections,
 * connection memory, idle time, the header deadline (conn.c), request target, query and
 * header sizes checked by us so that we answer them with our headers, the request body handed
 * to body.c (which decides from the route before a byte is read), the client address behind
 * trusted proxies, the access log, and the security headers on every response of ours. */
#include "web/web.h"

#include "core/mem.h"
#include "web/body.h"
#include "web/ops.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

const char *const sg_web_security_headers[] = {
    "Content-Security-Policy",
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options",
    "nosniff",
    "Referrer-Policy",
    "no-referrer",
    "X-Frame-Options",
    "DENY",
    "Cross-Origin-Opener-Policy",
    "same-origin",
    "Cross-Origin-Resource-Policy",
    "same-origin",
    "Permissions-Policy",
    "camera=(), microphone=(), geolocation=()",
    NULL,
};

struct sg_web_server {
    sg_web *app;
    struct MHD_Daemon *d;
    sg_web_tls tls;
    bool https; /* our own TLS */
    sg_web_trust trust;
    sg_conn_table *conns;
    sg_access_log *log;
};

/* libmicrohttpd's memory per connection: the read buffer (request line and headers) takes
 * half at first and the header and query-parameter records come from the other half; sized
 * so that any request target within SG_WEB_MAX_URI (at most 2,048 parameters, 64 bytes of
 * record each) and headers within SG_WEB_MAX_HEADERS fit, and we, not libmicrohttpd, answer
 * what is over our limits. The pages are touched only as they are used. */
#define SG_WEB_CONN_MEMORY ((size_t)384 * 1024)

/* The per-connection state (conn.c) of a connection, or NULL. */
static sg_conn *conn_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

/* Per-request state kept by libmicrohttpd between calls of the handler. */
typedef struct conn_state {
    sg_web_body *body; /* the body phase (body.c) */
} conn_state;

static void log_request(sg_web_server *srv, struct MHD_Connection *conn, sg_conn *sc)
{
    if (!sc->start_ms) return;
    if (srv->log) {
        int status = sc->status;
        if (!status) {
            /* an answer libmicrohttpd made itself (a malformed request) */
            const union MHD_ConnectionInfo *ci =
                MHD_get_connection_info(conn, MHD_CONNECTION_INFO_HTTP_STATUS);
            if (ci) status = (int)ci->http_status;
        }
        sg_access_entry e = {
            .time = (int64_t)time(NULL),
            .client = sc->client[0] ? sc->client : sc->peer,
            .user = sc->user,
            .method = sc->method,
            .route = sc->route,
            .status = status,
            .bytes = sc->bytes,
            .ms = sg_conn_now_ms() - sc->start_ms,
        };
        sg_access_log_write(srv->log, &e);
    }
    sc->start_ms = 0;
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    sg_web_server *srv = cls;
    sg_conn *sc = conn_of(conn);
    if (sc) {
        log_request(srv, conn, sc);
        if (toe == MHD_REQUEST_TERMINATED_COMPLETED_OK) sg_conn_request_done(srv->conns, sc);
    }
    conn_state *st = *con_cls;
    if (st) {
        sg_web_body_free(st->body);
        free(st);
        *con_cls = NULL;
    }
}

typedef struct query_acc {
    sg_buf *b;
} query_acc;

static void put_pct(sg_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.' || *p == '~') {
            sg_buf_putc(b, (char)*p);
        } else {
            sg_buf_putc(b, '%');
            sg_buf_putc(b, hex[*p >> 4]);
            sg_buf_putc(b, hex[*p & 15]);
        }
    }
}

/* libmicrohttpd has already split and decoded the query; we re-encode it so the application
 * sees one canonical query string and parses it with its own bounded parser. */
static enum MHD_Result query_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    (void)kind;
    query_acc *q = cls;
    if (q->b->len) sg_buf_putc(q->b, '&');
    put_pct(q->b, key);
    if (value) {
        sg_buf_putc(q->b, '=');
        put_pct(q->b, value);
    }
    return MHD_YES;
}

static void add_common_headers(struct MHD_Response *r, const char *csp)
{
    for (int i = 0; sg_web_security_headers[i]; i += 2)
        MHD_add_response_header(r, sg_web_security_headers[i],
                                i == 0 && csp ? csp : sg_web_security_headers[i + 1]);
}

/* Over HTTPS (ours, a trusted proxy's, or --proxy-https): browsers must keep using it. */
static void add_https_headers(struct MHD_Connection *conn, struct MHD_Response *r)
{
    sg_conn *sc = conn_of(conn);
    if (sc && sc->https)
        MHD_add_response_header(r, "Strict-Transport-Security",
                                "max-age=31536000; includeSubDomains");
}

static enum MHD_Result send_plain(struct MHD_Connection *conn, unsigned status, const char *text)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_PERSISTENT);
    if (!r) return MHD_NO;
    add_common_headers(r, NULL);
    add_https_headers(conn, r);
    MHD_add_response_header(r, "Content-Type", "text/plain; charset=utf-8");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "Connection", "close");
    sg_conn *sc = conn_of(conn);
    if (sc) {
        sc->status = (int)status;
        sc->bytes = strlen(text);
    }
    enum MHD_Result ret = MHD_queue_response(conn, status, r);
    MHD_destroy_response(r);
    return ret;
}

static void peer_text(struct MHD_Connection *conn, char out[SG_WEB_ADDR_MAX])
{
    out[0] = '\0';
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
                      SG_WEB_ADDR_MAX);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
                      SG_WEB_ADDR_MAX);
    }
}

/* The first call for a request: the headers are complete. Works out the client address and
 * the transport, and answers (with our headers) a request target, query or header block over
 * our limits, which libmicrohttpd's larger buffers let through to us. Returns true when it
 * queued an answer (*ret holds libmicrohttpd's result). */
static bool request_start(sg_web_server *srv, struct MHD_Connection *conn, const char *method,
                          enum MHD_Result *ret)
{
    sg_conn *sc = conn_of(conn);
    if (!sc) return false;
    sg_conn_headers_done(srv->conns, sc);
    snprintf(sc->method, sizeof sc->method, "%s", method ? method : "");
    sc->https = srv->https || sg_web_cfg(srv->app)->secure_cookies;
    sg_web_client_addr(&srv->trust, sc->peer,
                       MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-For"),
                       MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-Proto"),
                       sc->client, &sc->https);
    if (sc->uri_len > SG_WEB_MAX_URI) {
        *ret = send_plain(conn, MHD_HTTP_URI_TOO_LONG, "URI too long\n");
        return true;
    }
    if (sc->uri_params > SG_WEB_MAX_QUERY_PARAMS) {
        *ret = send_plain(conn, MHD_HTTP_BAD_REQUEST, "Bad request: too many query parameters\n");
        return true;
    }
    const union MHD_ConnectionInfo *hs =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
    if (hs && hs->header_size > SG_WEB_MAX_HEADERS) {
        *ret = send_plain(conn, MHD_HTTP_REQUEST_HEADER_FIELDS_TOO_LARGE,
                          "Request header fields too large\n");
        return true;
    }
    return false;
}

/* A body refused by body.c: a short generic text, our headers, and the connection closed. */
static enum MHD_Result refuse_body(struct MHD_Connection *conn, int status)
{
    switch (status) {
    case 401:
        return send_plain(conn, 401, "Please log in\n");
    case 403:
        return send_plain(conn, 403, "Not allowed\n");
    case 404:
        return send_plain(conn, 404, "Not found\n");
    case 405:
        return send_plain(conn, 405, "Method not allowed\n");
    case 413:
        return send_plain(conn, MHD_HTTP_CONTENT_TOO_LARGE, "Request too large\n");
    case 500:
        return send_plain(conn, 500, "Something went wrong\n");
    default:
        return send_plain(conn, MHD_HTTP_BAD_REQUEST, "Bad request\n");
    }
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *conn, const char *url,
                               const char *method, const char *version, const char *upload_data,
                               size_t *upload_data_size, void **con_cls)
{
    (void)version;
    sg_web_server *srv = cls;
    sg_web *app = srv->app;
    conn_state *st = *con_cls;
    if (!st) {
        enum MHD_Result early;
        if (request_start(srv, conn, method, &early)) return early;
        st = xcalloc(1, sizeof *st);
        *con_cls = st;
        /* decided from the method, path and headers before a byte of the body is read */
        int refuse = sg_web_body_begin(app, conn, method, url, &st->body);
        return refuse ? refuse_body(conn, refuse) : MHD_YES;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        /* past the limit or refused mid-body: no answer can be sent now, so drop it */
        return sg_web_body_feed(st->body, upload_data, n) ? MHD_NO : MHD_YES;
    }

    sg_buf q;
    sg_buf_init(&q, 1u << 20);
    query_acc qa = {&q};
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, query_arg, &qa);

    sg_conn *sc = conn_of(conn);
    char client[SG_WEB_ADDR_MAX] = "";
    if (sc)
        memcpy(client, sc->client, sizeof client);
    else
        peer_text(conn, client);
    sg_web_req req = {
        .method = method,
        .path = url,
        .query = sg_buf_str(&q),
        .cookie = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Cookie"),
        .content_type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type"),
        .csrf_header = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-CSRF-Token"),
        .client = client[0] ? client : NULL,
        .https = sc ? sc->https : false,
    };
    int refuse = sg_web_body_end(st->body, &req);
    if (refuse) {
        sg_buf_fini(&q);
        return refuse_body(conn, refuse);
    }
    sg_web_resp resp;
    sg_web_resp_init(&resp);
    sg_web_handle(app, &req, &resp);
    sg_buf_fini(&q);
    if (sc) {
        sc->route = resp.route;
        memcpy(sc->user, resp.user, sizeof sc->user);
        sc->status = resp.status;
        sc->bytes = resp.body.len;
    }

    size_t len = resp.body.len;
    char *data = resp.body.data;
    resp.body.data = NULL; /* handed to libmicrohttpd, which frees it */
    struct MHD_Response *r =
        data ? MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE)
             : MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    if (!r) {
        free(data);
        sg_web_resp_fini(&resp);
        return MHD_NO;
    }
    add_common_headers(r, resp.csp);
    add_https_headers(conn, r);
    MHD_add_response_header(r, "Content-Type",
                            resp.content_type ? resp.content_type : "text/plain; charset=utf-8");
    MHD_add_response_header(r, "Cache-Control",
                            resp.cache_public ? "public, max-age=3600" : "no-store");
    if (resp.location[0]) MHD_add_response_header(r, "Location", resp.location);
    if (resp.download[0]) {
        char cd[160];
        snprintf(cd, sizeof cd, "attachment; filename=\"%s\"", resp.download);
        MHD_add_response_header(r, "Content-Disposition", cd);
    }
    for (int i = 0; i < resp.ncookies; i++)
        MHD_add_response_header(r, "Set-Cookie", resp.cookies[i]);
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)resp.status, r);
    MHD_destroy_response(r);
    sg_web_resp_fini(&resp);
    return ret;
}

static void log_nothing(void *cls, const char *fmt, va_list ap)
{
    /* libmicrohttpd's messages may quote request data; the service logs nothing itself. */
    (void)cls;
    (void)fmt;
    (void)ap;
}

static int parse_listen(const char *listen, struct sockaddr_in *sa, sg_error *err)
{
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    const char *colon = listen ? strrchr(listen, ':') : NULL;
    if (!colon || colon == listen || (size_t)(colon - listen) >= 64)
        return sg_err(err, SG_EINVAL, "--listen must be ADDRESS:PORT, e.g. 127.0.0.1:8080");
    char host[64];
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    char *end = NULL;
    long port = strtol(colon + 1, &end, 10);
    if (!colon[1] || *end || port < 0 || port > 65535)
        return sg_err(err, SG_EINVAL, "--listen: bad port in '%s'", listen);
    if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
        return sg_err(err, SG_EINVAL, "--listen: '%s' is not an IPv4 address", host);
    sa->sin_port = htons((uint16_t)port);
    return SG_OK;
}

/* A connection opened or closed: its state and the header deadline (conn.c). */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    sg_web_server *srv = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        sg_conn *sc = xcalloc(1, sizeof *sc);
        peer_text(conn, sc->peer);
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        sg_conn_opened(srv->conns, sc, ci ? (int)ci->connect_fd : -1,
                       sg_web_trust_has(&srv->trust, sc->peer));
        *socket_context = sc;
    } else if (*socket_context) {
        sg_conn *sc = *socket_context;
        sg_conn_closed(srv->conns, sc);
        free(sc);
        *socket_context = NULL;
    }
}

/* The request line has arrived (before libmicrohttpd splits the query): the raw target's
 * length and number of parameters, which request_start checks once the headers are in. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    (void)cls;
    sg_conn *sc = conn_of(conn);
    if (sc) {
        sc->start_ms = sg_conn_now_ms();
        sc->uri_len = uri ? strlen(uri) : 0;
        unsigned params = 0;
        const char *q = uri ? strchr(uri, '?') : NULL;
        if (q && q[1]) {
            params = 1;
            for (const char *p = q + 1; *p; p++)
                if (*p == '&') params++;
        }
        sc->uri_params = params;
        sc->client[0] = '\0';
        sc->user[0] = '\0';
        sc->method[0] = '\0';
        sc->route = NULL;
        sc->status = 0;
        sc->bytes = 0;
    }
    return NULL; /* the request's own state is made by the handler */
}

static void server_free(sg_web_server *srv)
{
    if (srv->d) MHD_stop_daemon(srv->d);
    sg_conn_table_free(srv->conns);
    sg_access_log_close(srv->log);
    sg_web_tls_fini(&srv->tls);
    free(srv);
}

int sg_web_server_start(sg_web *w, sg_web_server **out, int *port, sg_error *err)
{
    *out = NULL;
    const sg_web_config *cfg = sg_web_cfg(w);
    struct sockaddr_in sa;
    int rc = parse_listen(cfg->listen ? cfg->listen : "127.0.0.1:8080", &sa, err);
    if (rc) return rc;
    sg_web_server *srv = xcalloc(1, sizeof *srv);
    srv->app = w;
    rc = sg_web_trust_parse(cfg->trust_proxy, &srv->trust, err);
    if (!rc && (cfg->tls_cert || cfg->tls_key)) {
        rc = sg_web_tls_load(cfg->tls_cert, cfg->tls_key, &srv->tls, err);
        srv->https = rc == SG_OK;
    }
    if (!rc && cfg->access_log) rc = sg_access_log_open(cfg->access_log, &srv->log, err);
    if (!rc)
        rc = sg_conn_table_new(cfg->header_timeout > 0 ? (unsigned)cfg->header_timeout : 10,
                               cfg->per_ip_limit > 0 ? (unsigned)cfg->per_ip_limit : 16,
                               &srv->conns, err);
    if (rc) {
        server_free(srv);
        return rc;
    }
    /* libmicrohttpd's own error answers get our headers through lib_answers.c, or we stop */
    if (!rc) rc = sg_web_lib_answers_check(err);
    if (rc) {
        server_free(srv);
        return rc;
    }
    unsigned threads = cfg->threads > 0 ? (unsigned)cfg->threads : 4;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
    /* TLS options only when on; the rest always (MHD_OPTION_ARRAY keeps one call) */
    struct MHD_OptionItem tls_opts[] = {
        {MHD_OPTION_HTTPS_MEM_CERT, 0, srv->tls.cert},
        {MHD_OPTION_HTTPS_MEM_KEY, 0, srv->tls.key},
        {MHD_OPTION_HTTPS_PRIORITIES, 0, (void *)SG_WEB_TLS_PRIORITIES},
        {MHD_OPTION_END, 0, NULL},
    };
    if (srv->https)
        flags |= MHD_USE_TLS;
    else
        tls_opts[0].option = MHD_OPTION_END;
    srv->d = MHD_start_daemon(
        flags, 0, NULL, NULL, handler, srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)(cfg->conn_limit > 0 ? cfg->conn_limit : 256), MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)(cfg->conn_timeout > 0 ? cfg->conn_timeout : 30),
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, SG_WEB_CONN_MEMORY, MHD_OPTION_NOTIFY_COMPLETED,
        completed, srv, MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, srv, MHD_OPTION_EXTERNAL_LOGGER, log_nothing, NULL,
        MHD_OPTION_ARRAY, tls_opts, MHD_OPTION_END);
    if (!srv->d) {
        server_free(srv);
        return sg_err(err, SG_EIO, "cannot listen on %s (address in use or not allowed%s)",
                      cfg->listen ? cfg->listen : "127.0.0.1:8080",
                      cfg->tls_cert ? ", or TLS could not start" : "");
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(srv->d, MHD_DAEMON_INFO_BIND_PORT);
    if (port) *port = di ? (int)di->port : ntohs(sa.sin_port);
    *out = srv;
    return SG_OK;
}

bool sg_web_server_https(const sg_web_server *srv)
{
    return srv && srv->https;
}

void sg_web_server_stop(sg_web_server *srv)
{
    if (!srv) return;
    server_free(srv);
}

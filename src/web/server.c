/* server.c - libmicrohttpd in front of sg_web_handle: a thread pool with internal polling,
 * limits on connections, per-address connections, connection memory (which bounds the
 * request line and headers) and idle time, the request body handed to body.c, and the
 * security headers on every response (including libmicrohttpd's own, which never carry a
 * body from us). */
#include "web/web.h"

#include "core/mem.h"
#include "web/body.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

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
};

/* Per-request state kept by libmicrohttpd between calls of the handler. */
typedef struct conn_state {
    sg_web_body *body; /* the body phase (body.c) */
} conn_state;

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)conn;
    (void)toe;
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

static enum MHD_Result send_plain(struct MHD_Connection *conn, unsigned status, const char *text)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(strlen(text), (void *)text, MHD_RESPMEM_PERSISTENT);
    if (!r) return MHD_NO;
    add_common_headers(r, NULL);
    MHD_add_response_header(r, "Content-Type", "text/plain; charset=utf-8");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "Connection", "close");
    enum MHD_Result ret = MHD_queue_response(conn, status, r);
    MHD_destroy_response(r);
    return ret;
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
    sg_web *app = cls;
    conn_state *st = *con_cls;
    if (!st) {
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

    char client[64] = "";
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, client,
                      sizeof client);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, client,
                      sizeof client);
    }
    sg_web_req req = {
        .method = method,
        .path = url,
        .query = sg_buf_str(&q),
        .cookie = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Cookie"),
        .content_type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type"),
        .csrf_header = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-CSRF-Token"),
        .client = client[0] ? client : NULL,
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
    MHD_add_response_header(r, "Content-Type",
                            resp.content_type ? resp.content_type : "text/plain; charset=utf-8");
    MHD_add_response_header(r, "Cache-Control",
                            resp.cache_public ? "public, max-age=3600" : "no-store");
    if (resp.location[0]) MHD_add_response_header(r, "Location", resp.location);
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

int sg_web_server_start(sg_web *w, sg_web_server **out, int *port, sg_error *err)
{
    *out = NULL;
    const sg_web_config *cfg = sg_web_cfg(w);
    struct sockaddr_in sa;
    int rc = parse_listen(cfg->listen ? cfg->listen : "127.0.0.1:8080", &sa, err);
    if (rc) return rc;
    sg_web_server *srv = xcalloc(1, sizeof *srv);
    srv->app = w;
    unsigned threads = cfg->threads > 0 ? (unsigned)cfg->threads : 4;
    srv->d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0, NULL, NULL, handler,
        w, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)(cfg->conn_limit > 0 ? cfg->conn_limit : 256),
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, 128u, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)(cfg->conn_timeout > 0 ? cfg->conn_timeout : 30),
        /* request line + headers must fit in this per connection (431/413 otherwise) */
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024), MHD_OPTION_NOTIFY_COMPLETED,
        completed, NULL, MHD_OPTION_EXTERNAL_LOGGER, log_nothing, NULL, MHD_OPTION_END);
    if (!srv->d) {
        free(srv);
        return sg_err(err, SG_EIO, "cannot listen on %s (address in use or not allowed)",
                      cfg->listen ? cfg->listen : "127.0.0.1:8080");
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(srv->d, MHD_DAEMON_INFO_BIND_PORT);
    if (port) *port = di ? (int)di->port : ntohs(sa.sin_port);
    *out = srv;
    return SG_OK;
}

void sg_web_server_stop(sg_web_server *srv)
{
    if (!srv) return;
    MHD_stop_daemon(srv->d);
    free(srv);
}

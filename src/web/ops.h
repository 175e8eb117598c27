/* ops.h - how the web service runs in production, below the socket layer (server.c): the
 * TLS certificate and key (tls.c), the reverse proxies whose X-Forwarded-* headers are
 * believed (proxy.c), the JSON access log (accesslog.c), the connection table that enforces
 * the deadline for a request's headers (conn.c) and the security headers on libmicrohttpd's
 * own error answers (lib_answers.c). The pure parts (proxy rules, the log line)
 * are unit-tested without a socket. */
#ifndef SG_WEB_OPS_H
#define SG_WEB_OPS_H

#include "core/sg.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- TLS (tls.c) ---- */

#define SG_WEB_TLS_MAX_PEM (256u << 10) /* bytes of a certificate chain or key file */
/* Minimum TLS 1.2 (gnutls priority string given to libmicrohttpd). */
#define SG_WEB_TLS_PRIORITIES "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"

typedef struct sg_web_tls {
    char *cert; /* PEM text, NUL-terminated */
    char *key;  /* PEM text, NUL-terminated; wiped when freed */
} sg_web_tls;

/* Reads the certificate (chain) and private key PEM files and checks them: each exists and is
 * readable, holds a PEM block of the right kind that GnuTLS can parse, and the key belongs to
 * the certificate. Errors name the file. Also fails (SG_EINVAL) when libmicrohttpd was built
 * without TLS. On success fills t (sg_web_tls_fini frees). */
int sg_web_tls_load(const char *cert_path, const char *key_path, sg_web_tls *t, sg_error *err);
void sg_web_tls_fini(sg_web_tls *t);

/* ---- reverse proxies (proxy.c) ---- */

#define SG_WEB_MAX_PROXIES 16
#define SG_WEB_ADDR_MAX 64 /* bytes of an address as text, with its NUL */

typedef struct sg_web_trust {
    int n;
    struct {
        int family;             /* AF_INET or AF_INET6 */
        unsigned char addr[16]; /* network order; 4 bytes used for AF_INET */
    } a[SG_WEB_MAX_PROXIES];
} sg_web_trust;

/* Parses "ADDR[,ADDR...]" (IPv4 or IPv6 literals, spaces allowed around commas). An empty or
 * NULL list trusts nobody. SG_EINVAL naming the bad entry otherwise. */
int sg_web_trust_parse(const char *list, sg_web_trust *t, sg_error *err);
/* True when addr (text) is one of the trusted proxies. */
bool sg_web_trust_has(const sg_web_trust *t, const char *addr);

/* The client's address for throttling, lockout, audit and the access log. When peer (the
 * connection's address) is a trusted proxy and xff (X-Forwarded-For) is present, the result
 * is the right-most address in xff that is not itself a trusted proxy (a trusted one at every
 * position: the left-most); an entry that is not an IP address stops the walk and the hop
 * that reported it (trusted) is the client. Otherwise the peer. out gets the canonical text
 * form (inet_ntop), never header text as sent. *https is set when peer is trusted and
 * xfproto (X-Forwarded-Proto) is "https" (case-insensitive); left unchanged otherwise. */
void sg_web_client_addr(const sg_web_trust *t, const char *peer, const char *xff,
                        const char *xfproto, char out[SG_WEB_ADDR_MAX], bool *https);

/* ---- the access log (accesslog.c) ---- */

typedef struct sg_access_entry {
    int64_t time;       /* seconds since the epoch (UTC) */
    const char *client; /* after proxy rules; NULL = "-" */
    const char *user;   /* login name; NULL or "" = "-" */
    const char *method; /* NULL = "-" */
    const char *route;  /* the matched route pattern, never the URL; NULL = "-" */
    int status;         /* 0 when no answer was sent */
    uint64_t bytes;     /* body bytes of the answer */
    int64_t ms;         /* from the request line to the end of the answer */
} sg_access_entry;

/* One JSON object and a newline: {"time":"2026-12-07T20:31:02Z","client":...,"user":...,
 * "method":...,"route":...,"status":N,"bytes":N,"ms":N}. Returns a malloc'ed string. */
char *sg_access_log_line(const sg_access_entry *e);

typedef struct sg_access_log sg_access_log;
/* Opens path for appending (created 0600; "-" = standard output). Errors name the file. */
int sg_access_log_open(const char *path, sg_access_log **out, sg_error *err);
/* Writes one line with a single write() (lines from several threads never interleave). */
void sg_access_log_write(sg_access_log *l, const sg_access_entry *e);
void sg_access_log_close(sg_access_log *l);

/* ---- connections and the header deadline (conn.c) ---- */

/* What server.c keeps per connection (libmicrohttpd's socket context). */
typedef struct sg_conn {
    struct sg_conn *prev, *next; /* in the table (guarded by its mutex) */
    int fd;
    int64_t deadline_ms; /* monotonic ms by which the headers must be complete; 0 = none */
    int64_t start_ms;    /* the current request's request line arrived */
    size_t uri_len;      /* raw request-target length */
    unsigned uri_params; /* query parameters in it */
    char peer[SG_WEB_ADDR_MAX];
    char client[SG_WEB_ADDR_MAX]; /* after proxy rules ("" = peer) */
    char user[64];
    char method[16];
    const char *route; /* a route pattern (static) or NULL */
    bool https;        /* this request came over HTTPS (ours or a trusted proxy's) */
    bool counted;      /* counts against its address's connection limit */
    int status;
    uint64_t bytes;
} sg_conn;

typedef struct sg_conn_table sg_conn_table;

/* Starts the watchdog thread that shuts down connections whose headers are not complete
 * header_timeout seconds after the connection opened (or its previous answer was sent).
 * per_address: simultaneous connections allowed per peer address (trusted proxies exempt). */
int sg_conn_table_new(unsigned header_timeout, unsigned per_address, sg_conn_table **out,
                      sg_error *err);
/* Stops the watchdog; every connection must have been closed (stop the daemon first). */
void sg_conn_table_free(sg_conn_table *t);
/* Milliseconds of a monotonic clock. */
int64_t sg_conn_now_ms(void);
/* A new connection on fd from c->peer: the header deadline starts now. Unless exempt (a
 * trusted proxy, which carries many clients), it counts against its address; one over the
 * limit is shut down at once and false returned. */
bool sg_conn_opened(sg_conn_table *t, sg_conn *c, int fd, bool exempt);
/* The connection is about to be closed: it leaves the table (after this returns the
 * watchdog never touches its socket). */
void sg_conn_closed(sg_conn_table *t, sg_conn *c);
/* Headers are complete: no deadline until the next request. */
void sg_conn_headers_done(sg_conn_table *t, sg_conn *c);
/* An answer was sent on a kept-alive connection: the next request's headers have a deadline
 * again, from now. */
void sg_conn_request_done(sg_conn_table *t, sg_conn *c);
/* Connections shut down by the watchdog since the start (for tests). */
unsigned long sg_conn_reaped(sg_conn_table *t);
/* Connections refused for their address's limit since the start (for tests). */
unsigned long sg_conn_refused(sg_conn_table *t);

/* ---- libmicrohttpd's own answers (lib_answers.c) ---- */

/* SG_OK when this process interposes MHD_queue_response, so that the answers libmicrohttpd
 * makes itself (400, 414, 431, 505) carry the security headers; SG_ECONFLICT saying why not
 * (the server then refuses to start). */
int sg_web_lib_answers_check(sg_error *err);

#endif

/* body.c - the request body phase (body.h): what a request may send is decided from the route
 * table before a byte of the body is read; small bodies are buffered up to their route's limit;
 * an upload's multipart body is parsed as it arrives by libmicrohttpd's post processor, with
 * the plain fields kept in memory and the file part written straight to an unnamed file in
 * STORE/uploads/, only once the session and the CSRF token have been checked. */
#include "web/body.h"

#include "core/mem.h"
#include "store/upload.h"

#include <errno.h>
#include <microhttpd.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define PP_BUFFER 4096 /* the post processor's buffer: a part's headers must fit */

struct sg_web_body {
    sg_web *app;
    size_t limit;           /* bytes the body may have */
    unsigned long long got; /* bytes received */
    sg_buf buf;             /* a buffered body */
    /* a streamed upload */
    struct MHD_PostProcessor *pp;
    sg_session sess; /* the uploader's session, checked before the body */
    bool csrf_ok;    /* the session's CSRF token arrived (header or "csrf" field) */
    sg_form fields;  /* plain fields so far */
    sg_buf val;      /* the plain field being received */
    char key[SG_FORM_MAX_NAME + 1];
    bool in_field, in_file;
    sg_web_upload up; /* up.fd -1 until the file part starts */
    int status;       /* why the iterator gave up (for sg_web_body_end), 0 = it did not */
};

typedef struct hdr_count {
    int cl, te;
    const char *cl_value, *te_value;
} hdr_count;

static enum MHD_Result count_hdr(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    (void)kind;
    hdr_count *h = cls;
    if (strcasecmp(key, "Content-Length") == 0) {
        h->cl++;
        h->cl_value = value;
    } else if (strcasecmp(key, "Transfer-Encoding") == 0) {
        h->te++;
        h->te_value = value;
    }
    return MHD_YES;
}

/* Content-Length: 1 to 19 decimal digits and nothing else (no sign, space or list). */
static bool parse_length(const char *s, unsigned long long *out)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > 19) return false;
    unsigned long long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (unsigned long long)(s[i] - '0');
    }
    *out = v;
    return true;
}

/* The file part's name as the client gave it, last path component only ("C:\x\a.csv" too). */
static const char *last_component(const char *name)
{
    const char *s = name;
    for (const char *p = name; *p; p++)
        if (*p == '/' || *p == '\\') s = p + 1;
    return s;
}

/* Ends the plain field being received: into the form, and if it is the CSRF token and none
 * was checked yet, checked now. Returns 0 or a status. */
static int flush_field(sg_web_body *b)
{
    if (!b->in_field) return 0;
    b->in_field = false;
    sg_error err;
    sg_error_clear(&err);
    if (sg_form_add(&b->fields, b->key, b->val.data ? b->val.data : "", b->val.len, &err))
        return err.code == SG_ELIMIT ? 413 : 400;
    if (!b->csrf_ok && strcmp(b->key, "csrf") == 0) {
        if (!sg_csrf_ok(&b->sess, sg_buf_str(&b->val))) return 403;
        b->csrf_ok = true;
    }
    return 0;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static enum MHD_Result part_data(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *filename, const char *content_type,
                                 const char *transfer_encoding, const char *data, uint64_t off,
                                 size_t size)
{
    (void)kind;
    (void)content_type;
    (void)transfer_encoding;
    sg_web_body *b = cls;
    if (!key || !*key) {
        b->status = 400;
        return MHD_NO;
    }
    if (filename) {
        /* a new part (an empty first call of the same one is not a second file) */
        if (!b->in_file || (off == 0 && (b->up.len > 0 || strcmp(b->up.field, key) != 0))) {
            int st = flush_field(b);
            if (st) {
                b->status = st;
                return MHD_NO;
            }
            /* no file byte is written before the token has been checked */
            if (!b->csrf_ok) {
                b->status = 403;
                return MHD_NO;
            }
            const char *name = last_component(filename);
            if (b->up.fd >= 0 || strlen(key) > SG_FORM_MAX_NAME ||
                strlen(name) > SG_FORM_MAX_FILENAME) {
                b->status = 400; /* one file per upload */
                return MHD_NO;
            }
            sg_error err;
            sg_error_clear(&err);
            if (sg_upload_open(sg_web_cfg(b->app)->store_dir, &b->up.fd, &err)) {
                b->status = 500;
                return MHD_NO;
            }
            sg_strlcpy(b->up.field, key, sizeof b->up.field);
            sg_strlcpy(b->up.name, name, sizeof b->up.name);
            b->in_file = true;
        }
        if (size && write_all(b->up.fd, data, size)) {
            b->status = 500;
            return MHD_NO;
        }
        b->up.len += size;
        return MHD_YES;
    }
    if (b->in_file) b->in_file = false;
    if (off == 0 && !(b->in_field && b->val.len == 0 && strcmp(b->key, key) == 0)) {
        int st = flush_field(b);
        if (st) {
            b->status = st;
            return MHD_NO;
        }
        if (strlen(key) > SG_FORM_MAX_NAME) {
            b->status = 413;
            return MHD_NO;
        }
        sg_strlcpy(b->key, key, sizeof b->key);
        sg_buf_reset(&b->val);
        b->in_field = true;
    }
    if (!b->in_field || strcmp(b->key, key) != 0) {
        b->status = 400;
        return MHD_NO;
    }
    if (size && sg_buf_append(&b->val, data, size)) {
        b->status = 413;
        return MHD_NO;
    }
    return MHD_YES;
}

int sg_web_body_begin(sg_web *w, struct MHD_Connection *conn, const char *method, const char *url,
                      sg_web_body **out)
{
    sg_web_body *b = xcalloc(1, sizeof *b);
    b->app = w;
    b->up.fd = -1;
    sg_form_init(&b->fields);
    sg_buf_init(&b->buf, 1);
    sg_buf_init(&b->val, SG_FORM_MAX_VALUE);
    *out = b;

    hdr_count h = {0};
    MHD_get_connection_values(conn, MHD_HEADER_KIND, count_hdr, &h);
    unsigned long long declared = 0;
    if (h.cl > 1 || h.te > 1 || (h.cl && h.te)) return 400;
    if (h.cl && !parse_length(h.cl_value, &declared)) return 400;
    if (h.te && strcasecmp(h.te_value, "chunked") != 0) return 400;
    bool chunked = h.te != 0, has_body = chunked || declared > 0;
    if (!has_body) return 0;

    bool head = strcmp(method, "HEAD") == 0, method_ok = true;
    char params[SG_WEB_MAX_PARAMS][SG_WEB_MAX_PARAM];
    int np = 0;
    const sg_web_route *rt =
        sg_web_route_match(head ? "GET" : method, url ? url : "", params, &np, &method_ok);
    if (!rt) return method_ok ? 404 : 405;
    if (strcmp(method, "POST") != 0) return 400; /* a GET or HEAD carries no body */
    if (rt->max_body == 0 || declared > rt->max_body) return 413;

    const char *ctype = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
    const char *cookie = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Cookie");
    bool multipart = ctype && strncasecmp(ctype, "multipart/form-data", 19) == 0;
    if ((rt->flags & SG_WEB_R_STREAM) && multipart) {
        int st = sg_web_body_session(w, rt, cookie, &b->sess);
        if (st) return st;
        const char *tok = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-CSRF-Token");
        if (tok) {
            if (!sg_csrf_ok(&b->sess, tok)) return 403;
            b->csrf_ok = true;
        }
        b->pp = MHD_create_post_processor(conn, PP_BUFFER, part_data, b);
        if (!b->pp) return 400; /* no boundary */
        b->limit = rt->max_body;
        return 0;
    }
    /* Buffered: a file route without a multipart body is a small form at most. */
    size_t limit = (rt->flags & SG_WEB_R_STREAM) ? SG_WEB_BODY_SMALL : rt->max_body;
    if (declared > limit) return 413;
    if ((chunked || declared > SG_WEB_BODY_SMALL) && limit > SG_WEB_BODY_SMALL) {
        sg_session sess;
        int st = sg_web_body_session(w, rt, cookie, &sess);
        sodium_memzero(&sess, sizeof sess);
        if (st) return st;
    }
    b->limit = limit;
    sg_buf_fini(&b->buf);
    sg_buf_init(&b->buf, limit);
    return 0;
}

int sg_web_body_feed(sg_web_body *b, const char *data, size_t n)
{
    b->got += n;
    if (b->got > b->limit) return -1; /* chunked past the limit */
    if (!b->pp) return sg_buf_append(&b->buf, data, n) ? -1 : 0;
    if (MHD_post_process(b->pp, data, n) != MHD_YES) return -1;
    /* the token must come with the first few KB: nobody streams on without it */
    if (!b->csrf_ok && b->got > SG_WEB_BODY_SMALL) return -1;
    return 0;
}

int sg_web_body_end(sg_web_body *b, sg_web_req *req)
{
    if (!b->pp) {
        req->body = b->buf.data;
        req->body_len = b->buf.len;
        return 0;
    }
    enum MHD_Result done = MHD_destroy_post_processor(b->pp);
    b->pp = NULL;
    if (b->status) return b->status;
    if (done != MHD_YES) return 400; /* the body stopped inside a part */
    int st = flush_field(b);
    if (st == 403) st = 0; /* a wrong token in a form without a file: app.c answers 403 */
    if (st) return st;
    req->fields = &b->fields;
    if (b->up.fd >= 0) {
        if (lseek(b->up.fd, 0, SEEK_SET) != 0) return 500;
        req->upload = &b->up;
    }
    return 0;
}

void sg_web_body_free(sg_web_body *b)
{
    if (!b) return;
    if (b->pp) MHD_destroy_post_processor(b->pp);
    if (b->up.fd >= 0) close(b->up.fd);
    sg_buf_fini(&b->buf);
    if (b->val.data) sodium_memzero(b->val.data, b->val.len);
    sg_buf_fini(&b->val);
    sg_form_fini(&b->fields);
    sodium_memzero(&b->sess, sizeof b->sess);
    free(b);
}

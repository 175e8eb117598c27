/* fuzz_http.c - the web's request-side parsers under hostile input: the router's path
 * matching, Cookie headers, urlencoded bodies and query strings, multipart/form-data bodies,
 * the trusted-proxy list, X-Forwarded-For/-Proto and the access log line.
 *
 * Input layout: line 1 "METHOD PATH", line 2 a Cookie header (also used as X-Forwarded-For
 * and as a --trust-proxy list), line 3 a Content-Type (also X-Forwarded-Proto), the rest
 * the body (missing lines are empty). Every parser must return without crashing, leaking or
 * reading out of bounds, and a form that failed must come back empty. */
#include "web/form.h"
#include "web/ops.h"
#include "web/web.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const uint8_t *take_line(const uint8_t *p, const uint8_t *end, char *out, size_t outsz)
{
    size_t k = 0;
    while (p < end && *p != '\n') {
        if (k + 1 < outsz && *p) out[k++] = (char)*p;
        p++;
    }
    out[k] = '\0';
    return p < end ? p + 1 : p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *p = data, *end = data + size;
    char line1[1024], cookie[4096], ctype[512];
    p = take_line(p, end, line1, sizeof line1);
    p = take_line(p, end, cookie, sizeof cookie);
    p = take_line(p, end, ctype, sizeof ctype);

    char *sp = strchr(line1, ' ');
    const char *method = line1, *path = "/";
    if (sp) {
        *sp = '\0';
        path = sp + 1;
    }
    char params[SG_WEB_MAX_PARAMS][SG_WEB_MAX_PARAM];
    int np = 0;
    bool ok = true;
    const sg_web_route *r = sg_web_route_match(method, path, params, &np, &ok);
    if (r && (np < 0 || np > SG_WEB_MAX_PARAMS)) abort();
    for (int i = 0; r && i < np; i++)
        if (strlen(params[i]) >= SG_WEB_MAX_PARAM) abort();

    char val[128];
    (void)sg_cookie_get(cookie, "sg_session", val, sizeof val);
    (void)sg_cookie_get(cookie, "sg_pre", val, 8);

    /* the client address is an address in canonical form or the peer, never header text */
    sg_web_trust t;
    if (sg_web_trust_parse("127.0.0.1,::1", &t, NULL) != SG_OK) abort();
    char client[SG_WEB_ADDR_MAX];
    bool https = false;
    sg_web_client_addr(&t, "127.0.0.1", cookie, ctype, client, &https);
    if (strlen(client) >= SG_WEB_ADDR_MAX || strchr(client, ',') || strchr(client, ' ')) abort();
    (void)sg_web_trust_parse(cookie, &t, NULL);
    (void)sg_web_trust_has(&t, ctype);
    /* one access log line: a JSON object and exactly one newline, at the end */
    sg_access_entry e = {.client = client, .user = cookie, .method = method, .route = path};
    char *line = sg_access_log_line(&e);
    size_t ll = strlen(line);
    if (ll < 3 || line[0] != '{' || strchr(line, '\n') != line + ll - 1) abort();
    free(line);

    size_t blen = (size_t)(end - p);
    char *body = malloc(blen ? blen : 1);
    if (!body) return 0;
    memcpy(body, p, blen);
    sg_error err;
    sg_form f;
    sg_form_init(&f);
    if (sg_form_parse_urlencoded(&f, body, blen, &err) != SG_OK && f.n != 0) abort();
    for (size_t i = 0; i < f.n; i++)
        if (strlen(f.f[i].value) != f.f[i].len) abort();
    sg_form_fini(&f);
    sg_form_init(&f);
    if (sg_form_parse(&f, ctype, body, blen, &err) != SG_OK && f.n != 0) abort();
    (void)sg_form_get(&f, "csrf");
    sg_form_fini(&f);
    sg_form_init(&f);
    /* the multipart parser also on a fixed boundary, so the fuzzer need not find one */
    if (sg_form_parse_multipart(&f, body, blen, "multipart/form-data; boundary=B", &err) != SG_OK &&
        f.n != 0)
        abort();
    sg_form_fini(&f);
    free(body);
    return 0;
}

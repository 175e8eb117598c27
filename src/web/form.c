/* form.c - urlencoded and multipart/form-data bodies, query strings and Cookie headers (see
 * form.h). Written for hostile input: every loop is bounded by the input's length, and every
 * field is copied with its exact length. */
#include "web/form.h"

#include "core/mem.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void sg_form_init(sg_form *f)
{
    memset(f, 0, sizeof *f);
}

void sg_form_fini(sg_form *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->f[i].name);
        free(f->f[i].value);
        free(f->f[i].filename);
    }
    free(f->f);
    memset(f, 0, sizeof *f);
}

static int push(sg_form *f, char *name, char *value, size_t len, char *filename, sg_error *err)
{
    if (f->n >= SG_FORM_MAX_FIELDS) {
        free(name);
        free(value);
        free(filename);
        return sg_err(err, SG_ELIMIT, "too many form fields");
    }
    if (f->n == f->cap) {
        f->cap = f->cap ? 2 * f->cap : 16;
        f->f = xrealloc(f->f, f->cap * sizeof *f->f);
    }
    f->f[f->n++] = (sg_form_field){.name = name, .value = value, .len = len, .filename = filename};
    return SG_OK;
}

int sg_form_add(sg_form *f, const char *name, const char *value, size_t len, sg_error *err)
{
    size_t nlen = name ? strlen(name) : 0;
    if (nlen == 0) return sg_err(err, SG_EPARSE, "a form field has no name");
    if (nlen > SG_FORM_MAX_NAME || len > SG_FORM_MAX_VALUE)
        return sg_err(err, SG_ELIMIT, "a form field is too long");
    if (len && memchr(value, '\0', len))
        return sg_err(err, SG_EPARSE, "a form field holds a NUL byte");
    if (f->n >= SG_FORM_MAX_FIELDS) return sg_err(err, SG_ELIMIT, "too many form fields");
    char *v = xmalloc(len + 1);
    if (len) memcpy(v, value, len);
    v[len] = '\0';
    return push(f, xstrdup(name), v, len, NULL, err);
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes s[0..n) into a new string; NULL on a bad escape or a NUL byte. */
static char *pct_decode(const char *s, size_t n, size_t *outlen)
{
    char *o = xmalloc(n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '+') {
            c = ' ';
        } else if (c == '%') {
            int hi = i + 1 < n ? hexval((unsigned char)s[i + 1]) : -1;
            int lo = i + 2 < n ? hexval((unsigned char)s[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                free(o);
                return NULL;
            }
            c = (unsigned char)(hi * 16 + lo);
            i += 2;
        }
        if (c == 0) {
            free(o);
            return NULL;
        }
        o[k++] = (char)c;
    }
    o[k] = '\0';
    if (outlen) *outlen = k;
    return o;
}

int sg_form_parse_urlencoded(sg_form *f, const char *s, size_t len, sg_error *err)
{
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && s[j] != '&' && s[j] != ';')
            j++;
        if (j > i) {
            const char *eq = memchr(s + i, '=', j - i);
            size_t nlen = eq ? (size_t)(eq - (s + i)) : j - i;
            const char *v = eq ? eq + 1 : s + j;
            size_t vlen = eq ? (size_t)(s + j - v) : 0;
            if (nlen > SG_FORM_MAX_NAME * 3 || vlen > SG_FORM_MAX_VALUE * 3) {
                sg_form_fini(f);
                return sg_err(err, SG_ELIMIT, "a form field is too long");
            }
            size_t dn = 0, dv = 0;
            char *name = pct_decode(s + i, nlen, &dn);
            char *value = name ? pct_decode(v, vlen, &dv) : NULL;
            if (!name || !value) {
                free(name);
                free(value);
                sg_form_fini(f);
                return sg_err(err, SG_EPARSE, "a form field is not properly encoded");
            }
            if (dn > SG_FORM_MAX_NAME || dv > SG_FORM_MAX_VALUE) {
                free(name);
                free(value);
                sg_form_fini(f);
                return sg_err(err, SG_ELIMIT, "a form field is too long");
            }
            int rc = push(f, name, value, dv, NULL, err);
            if (rc) {
                sg_form_fini(f);
                return rc;
            }
        }
        i = j + 1;
    }
    return SG_OK;
}

/* First occurrence of needle[0..nn) in hay[0..hn), or NULL. */
static const char *memfind(const char *hay, size_t hn, const char *needle, size_t nn)
{
    if (nn == 0 || hn < nn) return NULL;
    const char *end = hay + (hn - nn) + 1;
    for (const char *p = hay; p < end;) {
        const char *q = memchr(p, needle[0], (size_t)(end - p));
        if (!q) return NULL;
        if (memcmp(q, needle, nn) == 0) return q;
        p = q + 1;
    }
    return NULL;
}

static bool ieq_prefix(const char *s, size_t n, const char *lit)
{
    size_t l = strlen(lit);
    if (n < l) return false;
    for (size_t i = 0; i < l; i++)
        if (tolower((unsigned char)s[i]) != tolower((unsigned char)lit[i])) return false;
    return true;
}

/* Finds parameter key (e.g. "boundary", "name") in a header value like
 * `form-data; name="x"; filename="y"` and copies its (unquoted) value. false when absent or too
 * long. Quoted values may hold ';'; backslash escapes are taken literally (browsers escape '"'
 * as %22 in names). */
static bool header_param(const char *h, size_t hn, const char *key, char *out, size_t outsz,
                         size_t *outlen)
{
    size_t kl = strlen(key);
    size_t i = 0;
    while (i < hn) {
        /* skip to after the next ';' outside quotes */
        bool q = false;
        while (i < hn && (q || h[i] != ';')) {
            if (h[i] == '"') q = !q;
            i++;
        }
        if (i >= hn) return false;
        i++;
        while (i < hn && (h[i] == ' ' || h[i] == '\t'))
            i++;
        if (i + kl < hn && ieq_prefix(h + i, hn - i, key) && h[i + kl] == '=') {
            size_t j = i + kl + 1, k = 0;
            if (j < hn && h[j] == '"') {
                j++;
                while (j < hn && h[j] != '"') {
                    if (k + 1 >= outsz) return false;
                    out[k++] = h[j++];
                }
                if (j >= hn) return false;
            } else {
                while (j < hn && h[j] != ';' && h[j] != ' ' && h[j] != '\t') {
                    if (k + 1 >= outsz) return false;
                    out[k++] = h[j++];
                }
            }
            out[k] = '\0';
            if (outlen) *outlen = k;
            return true;
        }
    }
    return false;
}

/* Parses one part's header block; fills name and filename (filename "" when not a file). */
static int part_headers(const char *h, size_t hn, char *name, size_t namesz, char *filename,
                        size_t filesz, bool *is_file, sg_error *err)
{
    *is_file = false;
    bool have_name = false;
    size_t i = 0;
    while (i < hn) {
        const char *eol = memfind(h + i, hn - i, "\r\n", 2);
        size_t ll = eol ? (size_t)(eol - (h + i)) : hn - i;
        const char *line = h + i;
        if (ieq_prefix(line, ll, "content-disposition:")) {
            const char *v = line + 20;
            size_t vl = ll - 20;
            while (vl && (*v == ' ' || *v == '\t'))
                v++, vl--;
            if (!ieq_prefix(v, vl, "form-data"))
                return sg_err(err, SG_EPARSE, "a form part is not form-data");
            size_t nl = 0;
            if (!header_param(v, vl, "name", name, namesz, &nl) || nl == 0 ||
                memchr(name, '\0', nl))
                return sg_err(err, SG_EPARSE, "a form part has no usable name");
            have_name = true;
            char fn[SG_FORM_MAX_FILENAME + 1];
            size_t fl = 0;
            if (header_param(v, vl, "filename", fn, sizeof fn, &fl)) {
                *is_file = true;
                if (memchr(fn, '\0', fl)) return sg_err(err, SG_EPARSE, "bad file name");
                /* keep the last path component only: some browsers send a full path */
                const char *base = fn;
                for (size_t k = 0; k < fl; k++)
                    if (fn[k] == '/' || fn[k] == '\\') base = fn + k + 1;
                sg_strlcpy(filename, base, filesz);
            }
        }
        i += ll + 2;
    }
    if (!have_name) return sg_err(err, SG_EPARSE, "a form part has no Content-Disposition");
    return SG_OK;
}

int sg_form_parse_multipart(sg_form *f, const char *body, size_t len, const char *content_type,
                            sg_error *err)
{
    char boundary[80];
    size_t bl = 0;
    if (!content_type ||
        !header_param(content_type, strlen(content_type), "boundary", boundary, 72, &bl) ||
        bl == 0 || bl > 70)
        return sg_err(err, SG_EPARSE, "multipart body without a usable boundary");
    /* delimiter = CRLF "--" boundary; the first one may come without the CRLF */
    char delim[80];
    memcpy(delim, "\r\n--", 4);
    memcpy(delim + 4, boundary, bl);
    size_t dl = bl + 4;
    const char *p = NULL;
    if (len >= dl - 2 && memcmp(body, delim + 2, dl - 2) == 0)
        p = body + dl - 2;
    else {
        const char *q = memfind(body, len, delim, dl);
        if (!q) return sg_err(err, SG_EPARSE, "multipart body without its boundary");
        p = q + dl;
    }
    const char *end = body + len;
    int rc = SG_OK;
    for (;;) {
        if (end - p >= 2 && p[0] == '-' && p[1] == '-') break; /* closing delimiter */
        /* transport padding then CRLF */
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n') {
            rc = sg_err(err, SG_EPARSE, "malformed multipart delimiter");
            goto fail;
        }
        p += 2;
        const char *hend = memfind(p, (size_t)(end - p), "\r\n\r\n", 4);
        size_t hn;
        if (hend)
            hn = (size_t)(hend - p);
        else if (end - p >= 2 && p[0] == '\r' && p[1] == '\n')
            hn = 0, hend = p - 2;
        else {
            rc = sg_err(err, SG_EPARSE, "multipart part without the end of its headers");
            goto fail;
        }
        if (hn > SG_FORM_MAX_PART_HEAD) {
            rc = sg_err(err, SG_ELIMIT, "multipart part headers too long");
            goto fail;
        }
        char name[SG_FORM_MAX_NAME + 1], filename[SG_FORM_MAX_FILENAME + 1] = "";
        bool is_file = false;
        rc = part_headers(p, hn, name, sizeof name, filename, sizeof filename, &is_file, err);
        if (rc) goto fail;
        const char *data = hend + 4;
        if (data > end) {
            rc = sg_err(err, SG_EPARSE, "truncated multipart part");
            goto fail;
        }
        const char *next = memfind(data, (size_t)(end - data), delim, dl);
        if (!next) {
            rc = sg_err(err, SG_EPARSE, "multipart body without its closing boundary");
            goto fail;
        }
        size_t vl = (size_t)(next - data);
        if (!is_file && (vl > SG_FORM_MAX_VALUE || memchr(data, '\0', vl))) {
            rc = vl > SG_FORM_MAX_VALUE ? sg_err(err, SG_ELIMIT, "a form field is too long")
                                        : sg_err(err, SG_EPARSE, "a form field holds a NUL");
            goto fail;
        }
        char *value = xmalloc(vl + 1);
        memcpy(value, data, vl);
        value[vl] = '\0';
        rc = push(f, xstrdup(name), value, vl, is_file ? xstrdup(filename) : NULL, err);
        if (rc) goto fail;
        p = next + dl;
    }
    return SG_OK;
fail:
    sg_form_fini(f);
    return rc;
}

int sg_form_parse(sg_form *f, const char *content_type, const char *body, size_t len, sg_error *err)
{
    if (!content_type) return SG_OK;
    size_t cl = strlen(content_type);
    if (ieq_prefix(content_type, cl, "application/x-www-form-urlencoded"))
        return sg_form_parse_urlencoded(f, body, len, err);
    if (ieq_prefix(content_type, cl, "multipart/form-data"))
        return sg_form_parse_multipart(f, body, len, content_type, err);
    return SG_OK;
}

const sg_form_field *sg_form_field_get(const sg_form *f, const char *name)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->f[i].name, name) == 0) return &f->f[i];
    return NULL;
}

const char *sg_form_get(const sg_form *f, const char *name)
{
    for (size_t i = 0; i < f->n; i++)
        if (!f->f[i].filename && strcmp(f->f[i].name, name) == 0) return f->f[i].value;
    return NULL;
}

static bool cookie_octet(unsigned char c)
{
    return c > 0x20 && c < 0x7f && c != '"' && c != ',' && c != ';' && c != '\\';
}

int sg_cookie_get(const char *header, const char *name, char *out, size_t outsz)
{
    if (!header || !name || !*name || outsz == 0) return SG_ENOTFOUND;
    size_t nl = strlen(name);
    const char *p = header;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ';')
            p++;
        const char *eq = p;
        while (*eq && *eq != '=' && *eq != ';')
            eq++;
        const char *v = *eq == '=' ? eq + 1 : eq;
        const char *e = v;
        while (*e && *e != ';')
            e++;
        if (*eq == '=' && (size_t)(eq - p) == nl && memcmp(p, name, nl) == 0) {
            const char *vs = v, *ve = e;
            while (ve > vs && (ve[-1] == ' ' || ve[-1] == '\t'))
                ve--;
            if (ve - vs >= 2 && *vs == '"' && ve[-1] == '"') vs++, ve--;
            size_t vl = (size_t)(ve - vs);
            for (size_t i = 0; i < vl; i++)
                if (!cookie_octet((unsigned char)vs[i])) return SG_EPARSE;
            if (vl + 1 > outsz) return SG_ELIMIT;
            memcpy(out, vs, vl);
            out[vl] = '\0';
            return SG_OK;
        }
        p = e;
    }
    return SG_ENOTFOUND;
}

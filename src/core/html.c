/* html.c - the markup writer (see html.h). */
#include "core/html.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

void sg_html_init(sg_html *h, sg_buf *out)
{
    memset(h, 0, sizeof *h);
    h->out = out;
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 when invalid. Overlong forms,
 * surrogates and code points above U+10FFFF are invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t len;
    unsigned min;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, min = 0x10000;
    else
        return 0;
    if (n < len) return 0;
    unsigned cp = c & (0x7F >> len);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    /* U+FFFE and U+FFFF are not XML characters either. */
    if (cp == 0xFFFE || cp == 0xFFFF) return 0;
    return len;
}

int sg_html_escape_n(sg_buf *b, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, run = 0; /* run: start of the pending plain bytes */
    int rc = SG_OK;
#define FLUSH()                                                                                    \
    do {                                                                                           \
        if (i > run && (rc = sg_buf_append(b, p + run, i - run))) return rc;                       \
    } while (0)
    while (i < len) {
        unsigned c = p[i];
        const char *rep = NULL;
        size_t adv = 1;
        switch (c) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            /* CR too: a lone CR would be read back as a line end anyway. */
            if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
                rep = "";
            else if (c >= 0x80) {
                size_t l = utf8_len(p + i, len - i);
                if (l == 0)
                    rep = "\xEF\xBF\xBD";
                else
                    adv = l;
            }
        }
        if (rep) {
            FLUSH();
            if ((rc = sg_buf_puts(b, rep))) return rc;
            i += adv;
            run = i;
        } else {
            i += adv;
        }
    }
    FLUSH();
#undef FLUSH
    /* An empty result still leaves the buffer NUL-terminated. */
    return sg_buf_append(b, "", 0);
}

int sg_html_escape(sg_buf *b, const char *s)
{
    return sg_html_escape_n(b, s ? s : "", s ? strlen(s) : 0);
}

static bool name_ok(const char *name)
{
    if (!name || !((*name >= 'a' && *name <= 'z') || (*name >= 'A' && *name <= 'Z'))) return false;
    for (const char *p = name + 1; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == ':'))
            return false;
    return strlen(name) < 64;
}

static void fail(sg_html *h, int rc)
{
    if (!h->rc) h->rc = rc;
}

static void put(sg_html *h, const char *s)
{
    if (h->rc) return;
    int rc = sg_buf_puts(h->out, s);
    if (rc) fail(h, rc);
}

static void put_escaped(sg_html *h, const char *s)
{
    if (h->rc) return;
    int rc = sg_html_escape(h->out, s);
    if (rc) fail(h, rc);
}

/* Writes "<tag attrs" (no closing bracket). */
static void start_tag(sg_html *h, const char *tag, va_list ap)
{
    if (h->rc) return;
    if (!name_ok(tag)) {
        fail(h, SG_EINVAL);
        return;
    }
    put(h, "<");
    put(h, tag);
    for (;;) {
        const char *name = va_arg(ap, const char *);
        if (!name) break;
        const char *value = va_arg(ap, const char *);
        if (!value) continue;
        if (!name_ok(name)) {
            fail(h, SG_EINVAL);
            return;
        }
        put(h, " ");
        put(h, name);
        put(h, "=\"");
        put_escaped(h, value);
        put(h, "\"");
    }
}

void sg_html_vopen(sg_html *h, const char *tag, va_list ap)
{
    if (h->rc) return;
    if (h->depth >= SG_HTML_MAX_DEPTH) {
        fail(h, SG_ELIMIT);
        return;
    }
    start_tag(h, tag, ap);
    put(h, ">");
    if (!h->rc) h->stack[h->depth++] = tag;
}

void sg_html_open(sg_html *h, const char *tag, ...)
{
    va_list ap;
    va_start(ap, tag);
    sg_html_vopen(h, tag, ap);
    va_end(ap);
}

void sg_html_close(sg_html *h, const char *tag)
{
    if (h->rc) return;
    if (h->depth == 0 || strcmp(h->stack[h->depth - 1], tag) != 0) {
        fail(h, SG_EINVAL);
        return;
    }
    h->depth--;
    put(h, "</");
    put(h, tag);
    put(h, ">");
}

void sg_html_empty(sg_html *h, const char *tag, ...)
{
    va_list ap;
    va_start(ap, tag);
    start_tag(h, tag, ap);
    va_end(ap);
    put(h, "/>");
}

void sg_html_elem(sg_html *h, const char *tag, const char *text, ...)
{
    va_list ap;
    va_start(ap, text);
    sg_html_vopen(h, tag, ap);
    va_end(ap);
    put_escaped(h, text);
    sg_html_close(h, tag);
}

void sg_html_text(sg_html *h, const char *text)
{
    put_escaped(h, text);
}

void sg_html_textf(sg_html *h, const char *fmt, ...)
{
    if (h->rc) return;
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp) {
        fail(h, SG_ELIMIT);
        return;
    }
    put_escaped(h, tmp);
}

void sg_html_raw(sg_html *h, const char *markup)
{
    put(h, markup);
}

void sg_html_begin_head(sg_html *h)
{
    sg_html_raw(h, "<!DOCTYPE html>\n");
    sg_html_open(h, "html", "lang", "en-GB", NULL);
    sg_html_open(h, "head", NULL);
    sg_html_empty(h, "meta", "charset", "utf-8", NULL);
    sg_html_empty(h, "meta", "name", "viewport", "content", "width=device-width, initial-scale=1",
                  NULL);
}

void sg_html_begin_document(sg_html *h, const char *title, const char *const *css, const char *skip)
{
    sg_html_begin_head(h);
    sg_html_empty(h, "meta", "name", "generator", "content", "safeguard", NULL);
    sg_html_elem(h, "title", title, NULL);
    sg_html_open(h, "style", NULL);
    for (const char *const *part = css; *part; part++)
        sg_html_raw(h, *part);
    sg_html_close(h, "style");
    sg_html_close(h, "head");
    sg_html_open(h, "body", NULL);
    sg_html_elem(h, "a", skip, "class", "skip", "href", "#main", NULL);
}

void sg_html_table_head(sg_html *h, const char *caption, const char *const *heads, int n)
{
    sg_html_open(h, "table", NULL);
    if (caption) sg_html_elem(h, "caption", caption, NULL);
    sg_html_open(h, "thead", NULL);
    sg_html_open(h, "tr", NULL);
    for (int i = 0; i < n; i++) {
        bool num = heads[i][0] == '>';
        sg_html_elem(h, "th", heads[i] + num, "scope", "col", "class", num ? "num" : NULL, NULL);
    }
    sg_html_close(h, "tr");
    sg_html_close(h, "thead");
}

int sg_html_finish(sg_html *h, sg_error *err)
{
    if (h->rc == SG_ELIMIT) return sg_err(err, SG_ELIMIT, "the document is larger than allowed");
    if (h->rc) return sg_err(err, h->rc, "the document could not be written (bad markup)");
    if (h->depth)
        return sg_err(err, SG_EINVAL, "the element <%s> was left open", h->stack[h->depth - 1]);
    return SG_OK;
}

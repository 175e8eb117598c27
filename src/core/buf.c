/* buf.c - growable byte buffer. */
#include "core/buf.h"

#include "core/mem.h"
#include "core/sg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sg_buf_init(sg_buf *b, size_t max)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->max = max;
}

void sg_buf_fini(sg_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void sg_buf_reset(sg_buf *b)
{
    b->len = 0;
    if (b->data) b->data[0] = '\0';
}

static int reserve(sg_buf *b, size_t extra)
{
    if (b->max && (extra > b->max || b->len > b->max - extra)) return SG_ELIMIT;
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return SG_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
    return SG_OK;
}

int sg_buf_append(sg_buf *b, const void *p, size_t n)
{
    int rc = reserve(b, n);
    if (rc) return rc;
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return SG_OK;
}

int sg_buf_putc(sg_buf *b, char c)
{
    return sg_buf_append(b, &c, 1);
}

int sg_buf_puts(sg_buf *b, const char *s)
{
    return sg_buf_append(b, s, strlen(s));
}

int sg_buf_vprintf(sg_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) return SG_EINVAL;
    int rc = reserve(b, (size_t)n);
    if (rc) return rc;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return SG_OK;
}

int sg_buf_printf(sg_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = sg_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

const char *sg_buf_str(sg_buf *b)
{
    return b->data ? b->data : "";
}

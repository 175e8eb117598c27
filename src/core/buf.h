/* buf.h - a growable byte buffer with an optional maximum size, for building output and for
 * accumulating untrusted input (where the maximum turns a runaway input into SG_ELIMIT). */
#ifndef SG_BUF_H
#define SG_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "core/sg.h"

typedef struct sg_buf {
    char *data; /* always NUL-terminated when len > 0 or after any append */
    size_t len;
    size_t cap;
    size_t max; /* 0 = unlimited */
} sg_buf;

void sg_buf_init(sg_buf *b, size_t max);
void sg_buf_fini(sg_buf *b);
void sg_buf_reset(sg_buf *b); /* len = 0, keeps memory */

/* Appends; returns SG_OK or SG_ELIMIT when the result would exceed max (buffer unchanged). */
int sg_buf_append(sg_buf *b, const void *p, size_t n);
int sg_buf_putc(sg_buf *b, char c);
int sg_buf_puts(sg_buf *b, const char *s);
int sg_buf_printf(sg_buf *b, const char *fmt, ...) SG_PRINTF(2, 3);
int sg_buf_vprintf(sg_buf *b, const char *fmt, va_list ap) SG_PRINTF(2, 0);

/* Returns the contents as a C string ("" when empty); pointer valid until the next change. */
const char *sg_buf_str(sg_buf *b);

#endif

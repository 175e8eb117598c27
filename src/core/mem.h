/* mem.h - allocation that aborts on out-of-memory (one place, as Redis and jq do), and small
 * string helpers. Everything sized by untrusted input is bounded before it gets here. */
#ifndef SG_MEM_H
#define SG_MEM_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Copies src into dst (size dstsz), always NUL-terminating; returns strlen(src). */
size_t sg_strlcpy(char *dst, const char *src, size_t dstsz);

#endif

/* str.c - small string helpers (str.h). */
#include "core/str.h"

#include "core/mem.h"

#include <string.h>

static int upper(unsigned char c)
{
    return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

bool sg_str_ieq(const char *a, const char *b)
{
    if (!a || !b) return false;
    for (; *a && *b; a++, b++)
        if (upper((unsigned char)*a) != upper((unsigned char)*b)) return false;
    return *a == *b;
}

bool sg_str_ieqn(const char *a, size_t alen, const char *b)
{
    if (!a || !b || strlen(b) != alen) return false;
    for (size_t i = 0; i < alen; i++)
        if (upper((unsigned char)a[i]) != upper((unsigned char)b[i])) return false;
    return true;
}

static bool space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

void sg_str_trim(const char **s, size_t *len)
{
    while (*len && space(**s))
        (*s)++, (*len)--;
    while (*len && space((*s)[*len - 1]))
        (*len)--;
}

const char *sg_base_name(const char *path)
{
    if (!path) return "";
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

void sg_str_each_data_line(const char *text,
                           void (*fn)(void *ctx, const char *line, const char *end), void *ctx)
{
    const char *p = strchr(text, '\n'); /* the header row */
    p = p ? p + 1 : "";
    while (*p) {
        const char *end = strchr(p, '\n');
        if (!end) end = p + strlen(p);
        const char *next = *end ? end + 1 : end;
        if (end > p && end[-1] == '\r') end--;
        if (end > p) fn(ctx, p, end);
        p = next;
    }
}

char *sg_str_field_dup(const char **p, const char *end, bool last)
{
    const char *q = last ? end : memchr(*p, ',', (size_t)(end - *p));
    if (!q) q = end;
    const char *s = *p;
    size_t len = (size_t)(q - s);
    sg_str_trim(&s, &len);
    *p = q < end ? q + 1 : end;
    return xstrndup(s, len);
}

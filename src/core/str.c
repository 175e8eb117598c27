/* str.c - small string helpers (str.h). */
#include "core/str.h"

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

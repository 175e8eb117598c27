/* vnode.c - the raw-view tree (vnode.h): building, the compact text form, and the accessors
 * rules use. */
#include "ingest/vnode.h"

#include "core/mem.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define VNODE_PARSE_MAX_DEPTH 64
#define VNODE_PARSE_MAX_TEXT (1024 * 1024)

sg_vnode *sg_vnode_add(sg_arena *a, sg_vnode *parent, const char *name, const char *text,
                       const char *file, long line)
{
    sg_vnode *n = sg_arena_alloc(a, sizeof *n);
    memset(n, 0, sizeof *n);
    n->name = sg_arena_strdup(a, name ? name : "");
    n->text = text && *text ? sg_arena_strdup(a, text) : NULL;
    n->file = file;
    n->line = line;
    n->parent = parent;
    if (parent) {
        if (parent->last)
            parent->last->next = n;
        else
            parent->first = n;
        parent->last = n;
    }
    return n;
}

/* ---- the compact text form ---- */

typedef struct vparser {
    sg_arena *a;
    const char *s, *p;
    const char *file;
    long line;
    const char *line_start;
    sg_error *err;
    char *tmp; /* scratch for values (size of the whole text + 1) */
} vparser;

static int vp_fail(vparser *vp, const char *what)
{
    return sg_err_at(vp->err, SG_EPARSE, vp->file, vp->line, (long)(vp->p - vp->line_start) + 1,
                     NULL, "tree text: %s", what);
}

static void vp_space(vparser *vp)
{
    while (*vp->p == ' ' || *vp->p == '\t' || *vp->p == '\r' || *vp->p == '\n') {
        if (*vp->p == '\n') vp->line++, vp->line_start = vp->p + 1;
        vp->p++;
    }
}

static int is_word(char c)
{
    return c && c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '(' && c != ')' &&
           c != '"' && c != '=' && c != '@';
}

static int vp_node(vparser *vp, sg_vnode *parent, int depth, sg_vnode **out);

static int vp_children(vparser *vp, sg_vnode *n, int depth)
{
    vp->p++; /* '(' */
    for (;;) {
        vp_space(vp);
        if (*vp->p == ')') {
            vp->p++;
            return SG_OK;
        }
        if (!*vp->p) return vp_fail(vp, "unclosed '('");
        int rc = vp_node(vp, n, depth + 1, NULL);
        if (rc) return rc;
    }
}

static int vp_node(vparser *vp, sg_vnode *parent, int depth, sg_vnode **out)
{
    if (depth > VNODE_PARSE_MAX_DEPTH) return vp_fail(vp, "nested too deep");
    const char *name = vp->p;
    while (is_word(*vp->p))
        vp->p++;
    if (vp->p == name) return vp_fail(vp, "expected a node name");
    size_t nlen = (size_t)(vp->p - name);
    long line = vp->line;
    const char *text = NULL;
    char *t = vp->tmp;
    if (*vp->p == '=') {
        vp->p++;
        if (*vp->p == '"') {
            vp->p++;
            while (*vp->p && *vp->p != '"') {
                if (*vp->p == '\\' && (vp->p[1] == '"' || vp->p[1] == '\\')) vp->p++;
                if (*vp->p == '\n') vp->line++, vp->line_start = vp->p + 1;
                *t++ = *vp->p++;
            }
            if (*vp->p != '"') return vp_fail(vp, "unterminated quoted value");
            vp->p++;
        } else {
            while (is_word(*vp->p) || *vp->p == '=' || *vp->p == '@')
                *t++ = *vp->p++;
            /* A trailing @LINE belongs to the node, not the value. */
            char *at = NULL;
            for (char *q = vp->tmp; q < t; q++)
                if (*q == '@') at = q;
            if (at && at + 1 < t && strspn(at + 1, "0123456789") >= (size_t)(t - at - 1)) {
                vp->p -= t - at;
                t = at;
            }
        }
        *t = '\0';
        text = vp->tmp;
    }
    if (*vp->p == '@') {
        vp->p++;
        char *end;
        errno = 0;
        long l = strtol(vp->p, &end, 10);
        if (end == vp->p || errno || l < 0) return vp_fail(vp, "expected a line number after '@'");
        vp->p = end;
        line = l;
    }
    char *nm = sg_arena_strndup(vp->a, name, nlen);
    sg_vnode *n = sg_vnode_add(vp->a, parent, nm, text, vp->file, line);
    if (out) *out = n;
    if (*vp->p == '(') return vp_children(vp, n, depth);
    return SG_OK;
}

int sg_vnode_parse(sg_arena *a, const char *text, const char *file, sg_vnode **out, sg_error *err)
{
    *out = NULL;
    if (!text) return sg_err(err, SG_EINVAL, "tree text: no text");
    size_t len = strlen(text);
    if (len > VNODE_PARSE_MAX_TEXT)
        return sg_err(err, SG_ELIMIT, "tree text: more than %d bytes", VNODE_PARSE_MAX_TEXT);
    vparser vp = {.a = a,
                  .s = text,
                  .p = text,
                  .file = file,
                  .line = 1,
                  .line_start = text,
                  .err = err,
                  .tmp = xmalloc(len + 1)};
    vp_space(&vp);
    sg_vnode *root = NULL;
    int rc = vp_node(&vp, NULL, 0, &root);
    if (!rc) {
        vp_space(&vp);
        if (*vp.p) rc = vp_fail(&vp, "text after the root node");
    }
    free(vp.tmp);
    if (!rc) *out = root;
    return rc;
}

/* ---- reading ---- */

/* Name equality for the lookups rules make by the thousand per child: most siblings differ in
 * their first two characters, which are compared here before calling strcmp. */
static inline bool name_eq(const char *a, const char *b)
{
    if (a[0] != b[0]) return false;
    if (!a[0]) return true;
    return a[1] == b[1] && (!a[1] || strcmp(a + 2, b + 2) == 0);
}

const sg_vnode *sg_vnode_child(const sg_vnode *n, const char *name)
{
    for (const sg_vnode *k = n ? n->first : NULL; k; k = k->next)
        if (!name || name_eq(k->name, name)) return k;
    return NULL;
}

const sg_vnode *sg_vnode_next(const sg_vnode *n)
{
    for (const sg_vnode *k = n ? n->next : NULL; k; k = k->next)
        if (name_eq(k->name, n->name)) return k;
    return NULL;
}

size_t sg_vnode_count(const sg_vnode *n, const char *name)
{
    size_t c = 0;
    for (const sg_vnode *k = n ? n->first : NULL; k; k = k->next)
        if (!name || name_eq(k->name, name)) c++;
    return c;
}

const sg_vnode *sg_vnode_path(const sg_vnode *n, const char *path)
{
    if (!path) return n;
    while (n && *path) {
        const char *slash = strchr(path, '/');
        size_t len = slash ? (size_t)(slash - path) : strlen(path);
        const sg_vnode *k = n->first;
        while (k && !(strncmp(k->name, path, len) == 0 && k->name[len] == '\0'))
            k = k->next;
        n = k;
        path += len;
        if (*path == '/') path++;
    }
    return n;
}

const char *sg_vnode_text(const sg_vnode *n, const char *name)
{
    const sg_vnode *k = sg_vnode_child(n, name);
    return k ? k->text : NULL;
}

sg_vval sg_vdate_parse(const char *text, sg_date *out)
{
    if (!text || !*text) return SG_VABSENT;
    size_t len = strlen(text);
    sg_date d = sg_date_parse_iso(text, len);
    if (d == SG_DATE_NONE) d = sg_date_parse_uk(text, len);
    if (d == SG_DATE_NONE) return SG_VBAD;
    *out = d;
    return SG_VOK;
}

sg_vval sg_vnode_date_of(const sg_vnode *leaf, sg_date *out)
{
    return sg_vdate_parse(leaf ? leaf->text : NULL, out);
}

sg_vval sg_vnode_date(const sg_vnode *n, const char *name, sg_date *out)
{
    return sg_vnode_date_of(sg_vnode_child(n, name), out);
}

sg_vval sg_vnode_int(const sg_vnode *n, const char *name, long *out)
{
    const char *s = sg_vnode_text(n, name);
    if (!s) return SG_VABSENT;
    const char *d = s + (*s == '-' || *s == '+');
    if (!*d || strspn(d, "0123456789") != strlen(d)) return SG_VBAD;
    errno = 0;
    long v = strtol(s, NULL, 10);
    if (errno) return SG_VBAD;
    *out = v;
    return SG_VOK;
}

bool sg_vcode_in(const char *text, const char *list)
{
    if (!text || !*text || !list) return false;
    size_t n = strlen(text);
    for (const char *p = list; *p;) {
        while (*p == ' ')
            p++;
        const char *e = p;
        while (*e && *e != ' ')
            e++;
        if ((size_t)(e - p) == n && strncmp(p, text, n) == 0) return true;
        p = e;
    }
    return false;
}

const sg_vnode **sg_vnode_list(sg_arena *a, const sg_vnode *n, const char *name,
                               const char *date_field, size_t *count)
{
    size_t c = sg_vnode_count(n, name);
    *count = c;
    if (!c) return NULL;
    const sg_vnode **v = sg_arena_alloc(a, c * sizeof *v);
    sg_date *keys = date_field ? sg_arena_alloc(a, c * sizeof *keys) : NULL;
    size_t i = 0;
    for (const sg_vnode *k = n->first; k; k = k->next) {
        if (name && !name_eq(k->name, name)) continue;
        if (keys) {
            sg_date d;
            keys[i] = sg_vnode_date(k, date_field, &d) == SG_VOK ? d : INT32_MAX;
        }
        v[i++] = k;
    }
    /* Insertion sort: stable, and lists of one child's rows are short. */
    for (size_t j = 1; keys && j < c; j++) {
        const sg_vnode *nv = v[j];
        sg_date nk = keys[j];
        size_t m = j;
        while (m > 0 && keys[m - 1] > nk) {
            v[m] = v[m - 1], keys[m] = keys[m - 1];
            m--;
        }
        v[m] = nv, keys[m] = nk;
    }
    return v;
}

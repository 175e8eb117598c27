/* narrative.c - the narrative folder and Markdown rendering (narrative.h) over libcmark. */
#include "report/narrative.h"

#include "core/file.h"
#include "core/mem.h"

#include <cmark.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Replaces every image with a text note: an image is an external asset (or a data: URL that
 * the safe mode drops anyway), and the report must stay self-contained. */
static void drop_images(cmark_node *doc)
{
    for (bool again = true; again;) {
        again = false;
        cmark_iter *it = cmark_iter_new(doc);
        cmark_event_type ev;
        while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
            cmark_node *n = cmark_iter_get_node(it);
            if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_IMAGE) {
                cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
                cmark_node_set_literal(t, "[image not included in the report]");
                cmark_node_replace(n, t);
                cmark_node_free(n);
                again = true; /* the iterator is invalid after a change: start again */
                break;
            }
        }
        cmark_iter_free(it);
    }
}

static void shift_headings(cmark_node *doc, int shift)
{
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_HEADING) {
            int l = cmark_node_get_heading_level(n) + shift;
            cmark_node_set_heading_level(n, l > 6 ? 6 : l < 1 ? 1 : l);
        }
    }
    cmark_iter_free(it);
}

int sg_md_render(const char *md, size_t len, int shift, char **out, sg_error *err)
{
    *out = NULL;
    if (len > SG_NARR_MAX_BYTES)
        return sg_err(err, SG_ELIMIT, "narrative text is over %d bytes", SG_NARR_MAX_BYTES);
    /* CMARK_OPT_SAFE is the library's default since 0.29 (CMARK_OPT_UNSAFE is never set); it is
     * named here so the intent survives an older library. */
    int opts = CMARK_OPT_SAFE | CMARK_OPT_VALIDATE_UTF8;
    cmark_node *doc = cmark_parse_document(md ? md : "", md ? len : 0, opts);
    if (!doc) return sg_err(err, SG_EPARSE, "the Markdown could not be parsed");
    drop_images(doc);
    shift_headings(doc, shift);
    char *html = cmark_render_html(doc, opts);
    cmark_node_free(doc);
    if (!html) return sg_err(err, SG_EPARSE, "the Markdown could not be rendered");
    *out = xstrdup(html);
    free(html);
    return SG_OK;
}

static int cmp_file(const void *a, const void *b)
{
    return strcmp(((const sg_narr_file *)a)->name, ((const sg_narr_file *)b)->name);
}

static bool ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

int sg_narrative_load(const char *dir, sg_narrative *out, sg_error *err)
{
    memset(out, 0, sizeof *out);
    if (!dir) return SG_OK;
    sg_strlcpy(out->dir, dir, sizeof out->dir);
    DIR *d = opendir(dir);
    if (!d)
        return sg_err_at(err, SG_EIO, dir, 0, 0, NULL, "cannot read the narrative folder: %s",
                         strerror(errno));
    int rc = SG_OK;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *nm = e->d_name;
        if (!isdigit((unsigned char)nm[0]) || !isdigit((unsigned char)nm[1]) || nm[2] != '-' ||
            !ends_with(nm, ".md") || strlen(nm) >= sizeof out->f[0].name)
            continue;
        if (out->n >= SG_NARR_MAX_FILES) {
            rc = sg_err_at(err, SG_ELIMIT, dir, 0, 0, NULL,
                           "more than %d narrative files in the folder", SG_NARR_MAX_FILES);
            break;
        }
        out->f = xrealloc(out->f, (out->n + 1) * sizeof *out->f);
        sg_narr_file *f = &out->f[out->n++];
        memset(f, 0, sizeof *f);
        sg_strlcpy(f->name, nm, sizeof f->name);
        f->num = (nm[0] - '0') * 10 + (nm[1] - '0');
        f->after = ends_with(nm, ".after.md");
    }
    closedir(d);
    if (rc) {
        sg_narrative_fini(out);
        return rc;
    }
    if (out->n) qsort(out->f, out->n, sizeof *out->f, cmp_file);
    for (size_t i = 0; i < out->n && !rc; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, out->f[i].name);
        rc = sg_read_file(path, SG_NARR_MAX_BYTES, &out->f[i].text, &out->f[i].len, err);
    }
    if (rc) sg_narrative_fini(out);
    return rc;
}

void sg_narrative_fini(sg_narrative *n)
{
    for (size_t i = 0; i < n->n; i++)
        free(n->f[i].text);
    free(n->f);
    memset(n, 0, sizeof *n);
}

sg_narr_file *sg_narrative_take(sg_narrative *n, int num, bool after)
{
    for (size_t i = 0; i < n->n; i++)
        if (!n->f[i].used && n->f[i].num == num && n->f[i].after == after) {
            n->f[i].used = true;
            return &n->f[i];
        }
    return NULL;
}

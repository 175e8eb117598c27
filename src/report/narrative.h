/* narrative.h - the partnership's own text for the yearly report: a folder of Markdown files
 * named NN-anything.md (introduces section NN) and NN-anything.after.md (follows section NN's
 * generated content), and their rendering to HTML with libcmark, the CommonMark reference
 * implementation, in its safe mode: raw HTML is omitted, javascript:/vbscript:/file:/data:
 * links are dropped, images become a note (the report stays self-contained), and headings are
 * shifted under the section's own heading. The output is well-formed (XHTML-style void
 * elements, XML entities only), so it can be inlined into the report's page. */
#ifndef SG_NARRATIVE_H
#define SG_NARRATIVE_H

#include "core/sg.h"

#include <stdbool.h>
#include <stddef.h>

#define SG_NARR_MAX_FILES 200
#define SG_NARR_MAX_BYTES (1024 * 1024) /* one file */

/* Renders Markdown md (len bytes, borrowed) to HTML in *out (NUL-terminated, caller frees).
 * Headings go down by shift levels (# with shift 2 is <h3>), at most <h6>. Invalid UTF-8 is
 * replaced. SG_ELIMIT beyond SG_NARR_MAX_BYTES. */
int sg_md_render(const char *md, size_t len, int shift, char **out, sg_error *err);

typedef struct sg_narr_file {
    char name[64]; /* file name, e.g. "06-learning.md" */
    int num;       /* NN */
    bool after;    /* NN-*.after.md */
    char *text;    /* owned, NUL-terminated */
    size_t len;
    bool used; /* set by sg_narrative_take */
} sg_narr_file;

typedef struct sg_narrative {
    char dir[512];
    sg_narr_file *f; /* sorted by name */
    size_t n;
} sg_narrative;

/* Loads every file of dir whose name is NN-*.md (NN two digits; other files are ignored) in
 * name order. SG_EIO when dir or a file cannot be read, SG_ELIMIT beyond the limits (more than
 * SG_NARR_MAX_FILES files, a file over SG_NARR_MAX_BYTES). A NULL dir gives an empty set. */
int sg_narrative_load(const char *dir, sg_narrative *out, sg_error *err);
void sg_narrative_fini(sg_narrative *n);

/* The first unused file for section num (before or after its generated content), marked used;
 * NULL when there is none. */
sg_narr_file *sg_narrative_take(sg_narrative *n, int num, bool after);

#endif

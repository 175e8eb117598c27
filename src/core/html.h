/* html.h - a small markup writer for the reports: escaping, and elements opened and closed in
 * step so that what it writes is always well-formed (HTML that is also well-formed XML, so the
 * SVG charts inline into it and a plain XML parser can check the output).
 *
 * The writer appends to a caller's sg_buf. Errors are sticky: after the first failure
 * (SG_ELIMIT from the buffer's maximum, SG_EINVAL for a bad tag or attribute name, an element
 * closed out of order, nesting beyond SG_HTML_MAX_DEPTH) every later call does nothing, and
 * sg_html_finish reports the first one. So a renderer can write a whole page and check once.
 *
 * Text and attribute values are escaped (& < > " '), bytes that are not valid UTF-8 become
 * U+FFFD and control characters other than tab and newline are dropped (XML cannot carry
 * them). Tag and attribute names must be [a-zA-Z][a-zA-Z0-9:-]*: they come from code, never
 * from data. */
#ifndef SG_CORE_HTML_H
#define SG_CORE_HTML_H

#include "core/buf.h"
#include "core/sg.h"

#include <stdarg.h>
#include <stddef.h>

#define SG_HTML_MAX_DEPTH 64

typedef struct sg_html {
    sg_buf *out; /* borrowed */
    int rc;      /* first error, SG_OK until then */
    int depth;
    const char *stack[SG_HTML_MAX_DEPTH]; /* open element names (string literals) */
} sg_html;

/* Starts writing into out (borrowed; must outlive the writer). */
void sg_html_init(sg_html *h, sg_buf *out);

/* Appends s (NUL-terminated; NULL = "") escaped for text or an attribute value. */
int sg_html_escape(sg_buf *b, const char *s);
/* The same for (s, len). */
int sg_html_escape_n(sg_buf *b, const char *s, size_t len);

/* Opens <tag attr="value" ...>. The variadic part is pairs of (name, value) strings ended by
 * NULL; a pair whose value is NULL is left out (so optional attributes are easy). tag must be a
 * string literal or otherwise outlive the element. */
void sg_html_open(sg_html *h, const char *tag, ...);
void sg_html_vopen(sg_html *h, const char *tag, va_list ap);
/* Closes tag, which must be the innermost open element (SG_EINVAL otherwise). */
void sg_html_close(sg_html *h, const char *tag);
/* Writes an empty element <tag ... /> (void HTML elements, SVG shapes). */
void sg_html_empty(sg_html *h, const char *tag, ...);
/* Writes <tag ...>text</tag> with text escaped. Attributes as for sg_html_open. */
void sg_html_elem(sg_html *h, const char *tag, const char *text, ...);
/* Appends escaped text. */
void sg_html_text(sg_html *h, const char *text);
/* Appends escaped printf-style text. */
void sg_html_textf(sg_html *h, const char *fmt, ...) SG_PRINTF(2, 3);
/* Appends markup as is: only for constant markup from code (the doctype, a style sheet);
 * it must contain no '<' or '&' that would break well-formedness unless it is whole markup. */
void sg_html_raw(sg_html *h, const char *markup);

/* Opens a document as far as its head: the doctype, <html lang=en-GB>, <head> with the charset
 * and viewport meta elements. The caller writes the rest of the head (both documents below and
 * the web pages do). */
void sg_html_begin_head(sg_html *h);

/* Opens a standalone document (the booklet, the yearly report): the doctype, <html lang=en-GB>,
 * a head with charset, viewport, generator and title and the style sheet inline (css: parts,
 * NULL-terminated), then <body> and a skip link to #main reading `skip`. The caller closes
 * body and html. */
void sg_html_begin_document(sg_html *h, const char *title, const char *const *css,
                            const char *skip);

/* Opens <table> with a <caption> (none when caption is NULL) and a <thead> row of n column
 * titles (<th scope="col">); a title starting with '>' is a numeric column (class "num", the '>'
 * not shown). The table is left open, ready for its <tbody>. */
void sg_html_table_head(sg_html *h, const char *caption, const char *const *heads, int n);

/* SG_OK, or the first error; also an element still open is SG_EINVAL. */
int sg_html_finish(sg_html *h, sg_error *err);

#endif

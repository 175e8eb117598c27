/* view.c - statutory clocks, tables and percentage text for registers' views, and the view
 * document with its three renderings (text, HTML, JSON). */
#include "registers/view.h"

#include "core/mem.h"
#include "core/num.h"
#include "core/workdays.h"
#include "registers/register.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sg_clock eval(sg_date start, sg_date due, bool working, sg_date done, sg_date today)
{
    sg_clock c = {
        .state = SG_CLOCK_NA, .start = start, .due = due, .done = done, .working = working};
    if (start == SG_DATE_NONE || due == SG_DATE_NONE) {
        c.due = SG_DATE_NONE;
        return c;
    }
    if (done != SG_DATE_NONE) {
        if (done <= due) {
            c.state = SG_CLOCK_ON_TIME;
        } else {
            c.state = SG_CLOCK_LATE;
            c.days = working ? sg_working_days(due, done) : done - due;
        }
    } else if (today <= due) {
        c.state = SG_CLOCK_DUE;
        c.days = working ? sg_working_days(today, due) : due - today;
    } else {
        c.state = SG_CLOCK_OVERDUE;
        c.days = working ? sg_working_days(due, today) : today - due;
    }
    return c;
}

sg_clock sg_clock_days(sg_date start, int n, bool working, sg_date done, sg_date today)
{
    sg_date due = SG_DATE_NONE;
    if (start != SG_DATE_NONE) due = working ? sg_add_working_days(start, n) : start + n;
    return eval(start, due, working, done, today);
}

sg_clock sg_clock_due(sg_date start, sg_date due, sg_date done, sg_date today)
{
    return eval(start, due, false, done, today);
}

void sg_clock_text(const sg_clock *c, char *out, size_t outsz)
{
    const char *unit = c->working ? (c->days == 1 ? "working day" : "working days")
                                  : (c->days == 1 ? "day" : "days");
    switch (c->state) {
    case SG_CLOCK_ON_TIME:
        snprintf(out, outsz, "on time");
        break;
    case SG_CLOCK_LATE:
        snprintf(out, outsz, "late by %d %s", c->days, unit);
        break;
    case SG_CLOCK_DUE:
        if (c->days == 0)
            snprintf(out, outsz, "due today");
        else
            snprintf(out, outsz, "due in %d %s", c->days, unit);
        break;
    case SG_CLOCK_OVERDUE:
        snprintf(out, outsz, "overdue by %d %s", c->days, unit);
        break;
    default:
        if (outsz) out[0] = '\0';
    }
}

const char *sg_clock_code(sg_clock_state s)
{
    switch (s) {
    case SG_CLOCK_ON_TIME:
        return "on_time";
    case SG_CLOCK_LATE:
        return "late";
    case SG_CLOCK_DUE:
        return "due";
    case SG_CLOCK_OVERDUE:
        return "overdue";
    default:
        return "";
    }
}

void sg_tab_init(sg_tab *t, int ncols, const char *const *head)
{
    memset(t, 0, sizeof *t);
    t->ncols = ncols > SG_TAB_MAX_COLS ? SG_TAB_MAX_COLS : ncols;
    for (int c = 0; c < t->ncols; c++) {
        t->right[c] = head[c][0] == '>';
        t->head[c] = head[c] + (t->right[c] ? 1 : 0);
    }
}

void sg_tab_fini(sg_tab *t)
{
    for (int i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
    memset(t, 0, sizeof *t);
}

void sg_tab_row(sg_tab *t, const char *const *cells)
{
    if (t->nrows == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 16;
        t->cells = xrealloc(t->cells, (size_t)t->cap * (size_t)t->ncols * sizeof *t->cells);
    }
    for (int c = 0; c < t->ncols; c++) {
        const char *v = cells[c] ? cells[c] : "";
        t->cells[t->nrows * t->ncols + c] = xstrdup(v);
        t->bytes += strlen(v) + 1;
    }
    t->nrows++;
}

/* Display width: UTF-8 continuation bytes do not count. */
static size_t width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

static int cell(sg_buf *out, const char *s, size_t w, bool right, bool last)
{
    size_t pad = w > width(s) ? w - width(s) : 0;
    int rc = SG_OK;
    if (right)
        for (size_t i = 0; i < pad && !rc; i++)
            rc = sg_buf_putc(out, ' ');
    if (!rc) rc = sg_buf_puts(out, s);
    if (!right && !last)
        for (size_t i = 0; i < pad && !rc; i++)
            rc = sg_buf_putc(out, ' ');
    if (!rc) rc = sg_buf_puts(out, last ? "\n" : "  ");
    return rc;
}

int sg_tab_render(const sg_tab *t, sg_buf *out)
{
    size_t w[SG_TAB_MAX_COLS];
    for (int c = 0; c < t->ncols; c++) {
        w[c] = width(t->head[c]);
        for (int r = 0; r < t->nrows; r++) {
            size_t x = width(t->cells[r * t->ncols + c]);
            if (x > w[c]) w[c] = x;
        }
    }
    int rc = SG_OK;
    for (int c = 0; c < t->ncols && !rc; c++)
        rc = cell(out, t->head[c], w[c], t->right[c], c == t->ncols - 1);
    for (int c = 0; c < t->ncols && !rc; c++) {
        for (size_t i = 0; i < w[c] && !rc; i++)
            rc = sg_buf_putc(out, '-');
        if (!rc) rc = sg_buf_puts(out, c == t->ncols - 1 ? "\n" : "  ");
    }
    for (int r = 0; r < t->nrows && !rc; r++)
        for (int c = 0; c < t->ncols && !rc; c++)
            rc = cell(out, t->cells[r * t->ncols + c], w[c], t->right[c], c == t->ncols - 1);
    return rc;
}

void sg_fmt_pct(long num, long den, char out[32])
{
    double v;
    if (sg_pct(num, den, &v) != SG_OK) {
        snprintf(out, 32, "-");
        return;
    }
    sg_fmt1(v, out);
}

/* ---- view documents ---- */

void sg_view_doc_init(sg_view_doc *d)
{
    memset(d, 0, sizeof *d);
}

void sg_view_doc_fini(sg_view_doc *d)
{
    for (size_t i = 0; i < d->n; i++) {
        sg_view_block *b = d->b[i];
        if (b->kind == SG_VB_TABLE) {
            sg_tab_fini(&b->tab);
            for (int c = 0; c < SG_TAB_MAX_COLS; c++)
                free(b->head[c]);
        }
        free(b->text);
        free(b);
    }
    free(d->b);
    memset(d, 0, sizeof *d);
}

static sg_view_block *push(sg_view_doc *d, sg_view_kind kind)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 8;
        d->b = xrealloc(d->b, d->cap * sizeof *d->b);
    }
    sg_view_block *b = xcalloc(1, sizeof *b);
    b->kind = kind;
    b->gap = d->gap;
    d->gap = false;
    d->b[d->n++] = b;
    return b;
}

static char *vformat(const char *fmt, va_list ap) SG_PRINTF(1, 0);
static char *vformat(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) n = 0;
    char *s = xmalloc((size_t)n + 1);
    if (n)
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    else
        s[0] = '\0';
    return s;
}

void sg_view_heading(sg_view_doc *d, int level, const char *fmt, ...)
{
    sg_view_block *b = push(d, SG_VB_HEADING);
    b->level = level == 2 ? 2 : 1;
    va_list ap;
    va_start(ap, fmt);
    b->text = vformat(fmt, ap);
    va_end(ap);
    d->bytes += strlen(b->text);
}

void sg_view_note(sg_view_doc *d, const char *fmt, ...)
{
    sg_view_block *b = push(d, SG_VB_NOTE);
    va_list ap;
    va_start(ap, fmt);
    b->text = vformat(fmt, ap);
    va_end(ap);
    d->bytes += strlen(b->text);
}

sg_tab *sg_view_table(sg_view_doc *d, const char *caption, int ncols, const char *const *head)
{
    sg_view_block *b = push(d, SG_VB_TABLE);
    if (caption) {
        b->text = xstrdup(caption);
        d->bytes += strlen(caption);
    }
    if (ncols > SG_TAB_MAX_COLS) ncols = SG_TAB_MAX_COLS;
    if (ncols < 0) ncols = 0;
    for (int c = 0; c < ncols; c++)
        b->head[c] = xstrdup(head[c] ? head[c] : "");
    sg_tab_init(&b->tab, ncols, (const char *const *)b->head);
    return &b->tab;
}

void sg_view_gap(sg_view_doc *d)
{
    d->gap = true;
}

int sg_view_check(const sg_view_doc *d, sg_error *err)
{
    size_t total = d->bytes;
    for (size_t i = 0; i < d->n; i++)
        if (d->b[i]->kind == SG_VB_TABLE) total += d->b[i]->tab.bytes;
    if (total > SG_VIEW_MAX_BYTES) return sg_err(err, SG_ELIMIT, "the view is too large");
    return SG_OK;
}

int sg_view_text(const sg_view_doc *d, sg_buf *out)
{
    int rc = SG_OK;
    for (size_t i = 0; i < d->n && !rc; i++) {
        const sg_view_block *b = d->b[i];
        if (b->gap) rc = sg_buf_putc(out, '\n');
        if (rc) break;
        if (b->kind == SG_VB_TABLE) {
            rc = sg_tab_render(&b->tab, out);
        } else {
            rc = sg_buf_puts(out, b->text);
            if (!rc) rc = sg_buf_putc(out, '\n');
        }
    }
    return rc;
}

static void html_table(const sg_view_block *b, sg_html *h)
{
    const sg_tab *t = &b->tab;
    sg_html_open(h, "table", "class", "view", NULL);
    if (b->text) sg_html_elem(h, "caption", b->text, NULL);
    sg_html_open(h, "thead", NULL);
    sg_html_open(h, "tr", NULL);
    for (int c = 0; c < t->ncols; c++)
        sg_html_elem(h, "th", t->head[c], "scope", "col", "class", t->right[c] ? "num" : NULL,
                     NULL);
    sg_html_close(h, "tr");
    sg_html_close(h, "thead");
    sg_html_open(h, "tbody", NULL);
    for (int r = 0; r < t->nrows; r++) {
        sg_html_open(h, "tr", NULL);
        for (int c = 0; c < t->ncols; c++) {
            const char *v = t->cells[r * t->ncols + c];
            const char *cls = t->right[c] ? "num" : NULL;
            if (c == 0) {
                /* the label column: leading spaces indent a sub-item ("  of which ...") in the
                 * text; in HTML they would collapse, so they become a class */
                size_t sp = strspn(v, " ");
                if (sp && !cls) cls = "sub";
                sg_html_elem(h, "th", v + sp, "scope", "row", "class", cls, NULL);
            } else {
                /* urgent states are said in words ("overdue by 3 days", "late by 2 days",
                 * "very high"); the class adds colour, never carries the meaning alone */
                if (!cls && (strncmp(v, "overdue", 7) == 0 || strcmp(v, "VERY_HIGH") == 0 ||
                             strncmp(v, "very high", 9) == 0))
                    cls = "overdue";
                else if (!cls && strncmp(v, "late", 4) == 0)
                    cls = "drift";
                sg_html_elem(h, "td", v, "class", cls, NULL);
            }
        }
        sg_html_close(h, "tr");
    }
    sg_html_close(h, "tbody");
    sg_html_close(h, "table");
}

void sg_view_html(const sg_view_doc *d, sg_html *h)
{
    for (size_t i = 0; i < d->n; i++) {
        const sg_view_block *b = d->b[i];
        switch (b->kind) {
        case SG_VB_HEADING:
            sg_html_elem(h, b->level == 2 ? "h4" : "h3", b->text, NULL);
            break;
        case SG_VB_TABLE:
            html_table(b, h);
            break;
        case SG_VB_NOTE:
            sg_html_elem(h, "p", b->text, "class", "note", NULL);
            break;
        }
    }
}

/* A JSON string; text that is not valid UTF-8 (jansson refuses it) becomes null rather than
 * failing the whole document. */
static json_t *jstr(const char *s)
{
    json_t *j = s ? json_string(s) : NULL;
    return j ? j : json_null();
}

json_t *sg_view_json(const sg_view_doc *d)
{
    json_t *blocks = json_array();
    for (size_t i = 0; i < d->n; i++) {
        const sg_view_block *b = d->b[i];
        json_t *o = json_object();
        if (b->kind == SG_VB_HEADING) {
            json_object_set_new(o, "type", json_string("heading"));
            json_object_set_new(o, "level", json_integer(b->level));
            json_object_set_new(o, "text", jstr(b->text));
        } else if (b->kind == SG_VB_NOTE) {
            json_object_set_new(o, "type", json_string("note"));
            json_object_set_new(o, "text", jstr(b->text));
        } else {
            const sg_tab *t = &b->tab;
            json_t *cols = json_array(), *num = json_array(), *rows = json_array();
            for (int c = 0; c < t->ncols; c++) {
                json_array_append_new(cols, jstr(t->head[c]));
                json_array_append_new(num, json_boolean(t->right[c]));
            }
            for (int r = 0; r < t->nrows; r++) {
                json_t *row = json_array();
                for (int c = 0; c < t->ncols; c++)
                    json_array_append_new(row, jstr(t->cells[r * t->ncols + c]));
                json_array_append_new(rows, row);
            }
            json_object_set_new(o, "type", json_string("table"));
            json_object_set_new(o, "caption", jstr(b->text));
            json_object_set_new(o, "columns", cols);
            json_object_set_new(o, "numeric", num);
            json_object_set_new(o, "rows", rows);
        }
        json_array_append_new(blocks, o);
    }
    json_t *doc = json_object();
    json_object_set_new(doc, "blocks", blocks);
    return doc;
}

/* ---- running a register's view ---- */

const sg_reg_view *sg_reg_view_find(const sg_register *reg, const char *name)
{
    for (int i = 0; name && i < reg->nviews; i++)
        if (strcmp(reg->views[i].name, name) == 0) return &reg->views[i];
    return NULL;
}

int sg_reg_view_text(sg_store *s, const sg_register *reg, const sg_reg_view *v,
                     const sg_reg_view_opts *o, sg_buf *out, sg_error *err)
{
    sg_view_doc d;
    sg_view_doc_init(&d);
    int rc = v->fn(s, reg, o, &d, err);
    if (!rc && sg_view_text(&d, out)) rc = sg_err(err, SG_ELIMIT, "the view is too large");
    sg_view_doc_fini(&d);
    return rc;
}

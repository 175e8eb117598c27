/* view.c - statutory clocks, aligned text tables and percentage text for registers' views. */
#include "registers/view.h"

#include "core/mem.h"
#include "core/num.h"
#include "core/workdays.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

sg_date sg_date_add_months(sg_date d, int m)
{
    if (d == SG_DATE_NONE) return SG_DATE_NONE;
    int y, mo, day;
    sg_date_to_ymd(d, &y, &mo, &day);
    int idx = y * 12 + (mo - 1) + m;
    y = idx / 12;
    mo = idx % 12 + 1;
    for (; day > 28; day--) {
        sg_date r = sg_date_from_ymd(y, mo, day);
        if (r != SG_DATE_NONE) return r;
    }
    return sg_date_from_ymd(y, mo, day);
}

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
    for (int c = 0; c < t->ncols; c++)
        t->cells[t->nrows * t->ncols + c] = xstrdup(cells[c] ? cells[c] : "");
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

/* view.h - shared pieces for registers' computed views: statutory clocks (working-day or
 * calendar deadlines and their status) and a small aligned-text table for CLI output.
 * Computation stays in pure functions over sg_reg_set; these helpers do no I/O. */
#ifndef SG_REG_VIEW_H
#define SG_REG_VIEW_H

#include "core/buf.h"
#include "core/date.h"

#include <stdbool.h>

/* ---- clocks ---- */
typedef enum sg_clock_state {
    SG_CLOCK_NA = 0,  /* no clock: the start date is absent */
    SG_CLOCK_ON_TIME, /* done on or before the due date */
    SG_CLOCK_LATE,    /* done after the due date (days = how late) */
    SG_CLOCK_DUE,     /* not done, due date today or later (days = how many until due) */
    SG_CLOCK_OVERDUE, /* not done, due date passed (days = how long overdue) */
} sg_clock_state;

typedef struct sg_clock {
    sg_clock_state state;
    sg_date start, due, done; /* done = SG_DATE_NONE when not done */
    int days;                 /* see the states; in working days when working, else calendar */
    bool working;
} sg_clock;

/* A clock of n working days (working = true: due = sg_add_working_days(start, n)) or n calendar
 * days from start, evaluated on today. done may be SG_DATE_NONE. Done on the due date is on
 * time; "due in 0 days" means due today. Days late/overdue count working days after the due
 * date up to done/today (sg_working_days) for working clocks, calendar days otherwise. */
sg_clock sg_clock_days(sg_date start, int n, bool working, sg_date done, sg_date today);
/* The same with an explicit due date (e.g. "6 months after"), calendar days. */
sg_clock sg_clock_due(sg_date start, sg_date due, sg_date done, sg_date today);
/* Adds m calendar months, clamping the day (2024-08-31 + 6 months = 2025-02-28). */
sg_date sg_date_add_months(sg_date d, int m);

/* Writes the status as text into out: "on time", "late by 2 working days", "due in 3 working
 * days", "due today", "overdue by 1 working day", "" for NA. */
void sg_clock_text(const sg_clock *c, char *out, size_t outsz);
/* A one-word code for CSV/JSON: "", "on_time", "late", "due", "overdue". */
const char *sg_clock_code(sg_clock_state s);

/* ---- aligned text tables ---- */
#define SG_TAB_MAX_COLS 16
typedef struct sg_tab {
    int ncols;
    const char *head[SG_TAB_MAX_COLS];
    bool right[SG_TAB_MAX_COLS]; /* right-align (numbers) */
    char **cells;                /* nrows * ncols, owned */
    int nrows, cap;
} sg_tab;

/* head: ncols column titles (borrowed, must outlive the table); a title starting with '>'
 * is right-aligned (the '>' is not shown). */
void sg_tab_init(sg_tab *t, int ncols, const char *const *head);
void sg_tab_fini(sg_tab *t);
/* Adds a row of ncols cells (copied; NULL = ""). */
void sg_tab_row(sg_tab *t, const char *const *cells);
/* Renders the header, a rule and the rows, columns separated by two spaces. */
int sg_tab_render(const sg_tab *t, sg_buf *out);

/* Formats a percentage from whole counts with the one rounding rule (core/num.h): "50.0",
 * or "-" when den is 0. out must hold 32 bytes. */
void sg_fmt_pct(long num, long den, char out[32]);

#endif

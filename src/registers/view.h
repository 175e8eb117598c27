/* view.h - shared pieces for registers' computed views: statutory clocks (working-day or
 * calendar deadlines and their status), tables, and the view document: what a view shows,
 * built once as an ordered list of blocks (headings, tables, notes) and rendered three ways -
 * aligned plain text for the CLI, semantic HTML for the web pages, JSON for the API and
 * `--json`. Computation stays in pure functions over sg_reg_set; these helpers do no I/O. */
#ifndef SG_REG_VIEW_H
#define SG_REG_VIEW_H

#include "core/buf.h"
#include "core/date.h"
#include "core/sg.h"
#include "core/html.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

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
    size_t bytes; /* total length of the cells, for the document's size limit */
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

/* ---- view documents ----
 * A view appends blocks to a document; the caller initialises it, runs the view, renders it
 * one or more ways and fini's it (also after an error). Adding never fails (memory aborts on
 * exhaustion, core/mem.h); the size is checked once by sg_view_check. */
#define SG_VIEW_MAX_BYTES (64u << 20) /* text in one document's cells, headings and notes */

typedef enum sg_view_kind {
    SG_VB_HEADING = 0, /* text; level 1 = the view's title, 2 = a section */
    SG_VB_TABLE,       /* tab, with an optional caption (text) */
    SG_VB_NOTE,        /* a sentence explaining the figures (rounding, what counts) */
} sg_view_kind;

typedef struct sg_view_block {
    sg_view_kind kind;
    int level;                   /* heading: 1 or 2 */
    bool gap;                    /* text rendering only: a blank line before the block */
    char *text;                  /* heading or note text; table: caption or NULL. Owned */
    sg_tab tab;                  /* table: its titles point into head */
    char *head[SG_TAB_MAX_COLS]; /* table: owned copies of the column titles */
} sg_view_block;

typedef struct sg_view_doc sg_view_doc;
struct sg_view_doc {
    sg_view_block **b; /* blocks in order, each allocated alone so a table stays put */
    size_t n, cap;
    bool gap;     /* the next block gets gap */
    size_t bytes; /* text in headings, notes and captions */
};

void sg_view_doc_init(sg_view_doc *d);
void sg_view_doc_fini(sg_view_doc *d);
/* Appends a heading (level 1 or 2) made by printf. */
void sg_view_heading(sg_view_doc *d, int level, const char *fmt, ...) SG_PRINTF(3, 4);
/* Appends a note made by printf. */
void sg_view_note(sg_view_doc *d, const char *fmt, ...) SG_PRINTF(2, 3);
/* Appends a table and returns it for sg_tab_row (the pointer stays valid until fini). head
 * as for sg_tab_init (a leading '>' marks a right-aligned, numeric column) but copied, so the
 * titles may be temporary. caption (may be NULL) names the table in HTML and JSON; the text
 * rendering leaves it out (a heading before the table says it there). */
sg_tab *sg_view_table(sg_view_doc *d, const char *caption, int ncols, const char *const *head);
/* The next block is separated from the one before by a blank line in the text rendering
 * (HTML and JSON need no such spacing). */
void sg_view_gap(sg_view_doc *d);
/* SG_OK, or SG_ELIMIT ("the view is too large") when the document holds more than
 * SG_VIEW_MAX_BYTES of text. */
int sg_view_check(const sg_view_doc *d, sg_error *err);

/* Text: each heading and note on its own line, tables as sg_tab_render, a blank line where
 * sg_view_gap asked; exactly what the CLI prints. SG_ELIMIT when out is full. */
int sg_view_text(const sg_view_doc *d, sg_buf *out);
/* HTML through the escaping writer: level 1 headings as <h3>, level 2 as <h4>, tables as
 * <table class="view"> with <caption> when given, <thead> of <th scope="col">, the first cell
 * of each row as <th scope="row">, numeric columns' cells with class "num"; notes as
 * <p class="note">. Errors are the writer's (sticky, reported by sg_html_finish). */
void sg_view_html(const sg_view_doc *d, sg_html *h);
/* JSON: {"blocks":[{"type":"heading","level":1,"text":...},
 *   {"type":"table","caption":null|text,"columns":[titles],"numeric":[bools],
 *    "rows":[[cells as text]]}, {"type":"note","text":...}]}. A new reference. */
json_t *sg_view_json(const sg_view_doc *d);

#endif

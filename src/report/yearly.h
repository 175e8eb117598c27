/* yearly.h - the partnership's yearly report as a model (sections made of narrative, sentences
 * with figures, tables and charts; every figure with its trace: source, period, inputs) and its
 * renderings: a self-contained HTML page (inline CSS and SVG, print-ready on A4) and JSON.
 * docs/report.md describes the structure, the config file, the narrative folder and the rules.
 *
 * The model is plain data so that tests can build one by hand. sg_yr_build (yearly_sections.c)
 * fills it from the store, the registers, the config and the narrative folder;
 * sg_yr_finish (yearly.c) applies disclosure control in a public report and works out the
 * glossary; the renderers (yearly_html.c, yearly_json.c) only format what the model says and do
 * no I/O. Output depends only on the store, the config, the narrative and the options (the "as
 * at" date included), never on the clock, so the same inputs give byte-identical output. */
#ifndef SG_YEARLY_H
#define SG_YEARLY_H

#include "core/buf.h"
#include "core/date.h"
#include "core/sg.h"
#include "indicators/disclosure.h"
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>

/* Limits: inputs beyond them give SG_ELIMIT. */
#define SG_YR_MAX_LIST 64   /* partners, subgroups, priorities in the config */
#define SG_YR_MAX_TEXT 8000 /* bytes of one text field of the config */

/* ---- figures ---- */

typedef enum sg_yf_kind {
    SG_YF_COUNT = 0, /* a whole number (n) */
    SG_YF_PCT,       /* n of den as a percentage, 1 dp (v) */
    SG_YF_RATE,      /* a rate per 10,000 (v) from the count n */
    SG_YF_MONEY,     /* pence (n), shown as pounds */
    SG_YF_MEAN,      /* a mean or other figure to 1 dp (v) */
    SG_YF_SHOWN      /* a figure formatted upstream (text), e.g. from the dataset booklet */
} sg_yf_kind;

typedef struct sg_yr_fig {
    sg_yf_kind kind;
    bool has;        /* false: no figure ("-" / "no data") */
    long long n;     /* count, numerator, pence */
    long long den;   /* denominator of a percentage (0 otherwise) */
    double v;        /* value of a percentage, rate or mean */
    bool people;     /* counts people (children, respondents, adults in allegations):
                        disclosure control applies; counts of things (sessions, actions,
                        standards) and money do not */
    bool sup;        /* withheld (sg_yr_finish) */
    bool presup;     /* the upstream decision stands (booklet figures) */
    char text[48];   /* SG_YF_SHOWN: the text as shown */
    char id[96];     /* stable id, e.g. "lado.category.PHYSICAL": repeats share it */
    char source[96]; /* "indicator:referrals_rate", "register:lado/breakdown", "store:population" */
    char period[24]; /* "2023-24", or "as at 2024-03-31" */
    char detail[200]; /* the inputs: "submissions 3, 7" or "12 records of child_death" */
} sg_yr_fig;

/* The figure as shown: "1,234", "22.4%", "48.1", "£1,234.00", "2.5"; the disclosure symbol
 * when withheld; "-" without a figure. out holds 64 bytes. */
void sg_yr_fig_fmt(const sg_yr_fig *f, char out[64]);

/* ---- blocks ---- */

typedef struct sg_yr_cell {
    bool is_fig;
    char *text; /* owned; text cells (NULL = "") */
    sg_yr_fig fig;
} sg_yr_cell;

typedef enum sg_yr_chart { SG_YR_CHART_NONE = 0, SG_YR_CHART_BARS, SG_YR_CHART_FUNNEL } sg_yr_chart;

typedef struct sg_yr_table {
    char caption[200];
    int ncols;     /* column 0 is the row heading (text) */
    char **head;   /* ncols titles, owned */
    sg_yr_cell *c; /* nrows x ncols, owned */
    int nrows, cap;
    int total_row; /* index of the total row, -1 none */
    bool sums;     /* the total row is the sum of the other rows (each count column) */
    sg_yr_chart chart;
    int chart_col;  /* BARS: the column drawn; FUNNEL: the count column */
    int chart_col2; /* FUNNEL: the conversion column, -1 none */
    char chart_id[40];
} sg_yr_table;

typedef enum sg_yr_block_kind {
    SG_YB_PARA = 0, /* a sentence or two with figures (runs) */
    SG_YB_NOTE,     /* a plain statement, e.g. "No child death reviews were recorded ..." */
    SG_YB_TABLE,
    SG_YB_NARRATIVE, /* the partnership's Markdown, rendered (html) */
    SG_YB_LIST,      /* a bulleted list: one item per run */
    SG_YB_HEADING    /* a sub-heading (its runs' text) */
} sg_yr_block_kind;

typedef struct sg_yr_block {
    sg_yr_block_kind kind;
    sg_yr_cell *runs; /* PARA/NOTE/LIST: text and figures in order; owned */
    int nruns;
    sg_yr_table *table; /* TABLE; owned */
    char *html;         /* NARRATIVE: rendered markup (safe: no raw HTML); owned */
    char file[64];      /* NARRATIVE: the file it came from ("01-foreword.md") */
    char *md;           /* NARRATIVE: the Markdown source; owned */
} sg_yr_block;

typedef struct sg_yr_section {
    int num;       /* 1.. ; the narrative file prefix NN */
    char slug[32]; /* "foreword", "lado": the narrative file is NN-slug.md */
    char title[128];
    bool narrative_only;        /* nothing generated: the section is the partnership's text */
    bool has_before, has_after; /* narrative files found */
    sg_yr_block *b;
    int nb, cap;
} sg_yr_section;

typedef struct sg_yr_gloss {
    const char *abbr, *meaning; /* static */
} sg_yr_gloss;

typedef struct sg_yr_report {
    char title[160];
    char partnership[160];
    char year[16]; /* "2023-24" */
    int fy;        /* 2023 */
    sg_date as_at;
    bool public_view;
    sg_disclosure disc;
    sg_yr_section *sec;
    int nsec;
    char **warnings; /* owned */
    int nwarn;
    sg_yr_gloss *gloss; /* abbreviations used (sg_yr_finish) */
    int ngloss;
} sg_yr_report;

void sg_yr_init(sg_yr_report *r);
void sg_yr_fini(sg_yr_report *r);

/* Building (used by the builder and by tests). Returned pointers stay valid until the next
 * addition to the same parent. */
sg_yr_section *sg_yr_section_add(sg_yr_report *r, int num, const char *slug, const char *title);
sg_yr_block *sg_yr_block_add(sg_yr_section *s, sg_yr_block_kind kind);
void sg_yr_run_text(sg_yr_block *b, const char *text);
void sg_yr_run_textf(sg_yr_block *b, const char *fmt, ...) SG_PRINTF(2, 3);
void sg_yr_run_fig(sg_yr_block *b, const sg_yr_fig *f);
/* Adds a NOTE block with text. */
void sg_yr_note(sg_yr_section *s, const char *fmt, ...) SG_PRINTF(2, 3);
/* Adds a TABLE block with ncols columns titled head[] (copied). */
sg_yr_table *sg_yr_table_add(sg_yr_section *s, const char *caption, int ncols,
                             const char *const *head);
/* Starts a row with its heading; returns the row index. */
int sg_yr_row(sg_yr_table *t, const char *heading);
/* Sets cell (row, col >= 1) to a figure (copied) or text. */
void sg_yr_cell_fig(sg_yr_table *t, int row, int col, const sg_yr_fig *f);
void sg_yr_cell_text(sg_yr_table *t, int row, int col, const char *text);
sg_yr_cell *sg_yr_cell_at(const sg_yr_table *t, int row, int col);
void sg_yr_warn(sg_yr_report *r, const char *fmt, ...) SG_PRINTF(2, 3);

/* Applies disclosure control when r->public_view (every table: primary suppression of people
 * counts 1..threshold, secondary suppression down each count column with its total,
 * percentages withheld by sg_disc_ratio and with a withheld count or total of their row;
 * rates from a withheld count; sentences: the primary rules; finally every figure sharing an
 * id with a withheld one), then finds the glossary: the abbreviations of the built-in list
 * that appear as whole words anywhere in the report's text. Idempotent. */
void sg_yr_finish(sg_yr_report *r);

/* The built-in abbreviation list (NULL-terminated), for the glossary and docs. */
const sg_yr_gloss *sg_yr_glossary_all(void);

/* Renderings: append to out (SG_ELIMIT from its maximum). */
int sg_yr_html(const sg_yr_report *r, sg_buf *out, sg_error *err);
int sg_yr_json(const sg_yr_report *r, sg_buf *out, sg_error *err);

/* ---- the partnership's config (yearly_config.c) ---- */

typedef struct sg_yr_entry {
    char name[160];
    char role[200];    /* partners: role; subgroups: chair; priorities: id */
    char text[1200];   /* description / purpose */
    char links[8][64]; /* priorities: action sources or refs ("audit:MAA-2024-1",
                          "A-2023-01-1") whose actions count as progress */
    int nlinks;
    char indicators[8][40]; /* priorities: indicator ids */
    int nind;
} sg_yr_entry;

typedef struct sg_yr_config {
    char partnership[160];
    char title[160];
    char area[32]; /* population area code, "" = the only one */
    char scrutineer[160];
    char structure[SG_YR_MAX_TEXT];
    sg_yr_entry partners[SG_YR_MAX_LIST];
    int npartners;
    sg_yr_entry subgroups[SG_YR_MAX_LIST];
    int nsubgroups;
    sg_yr_entry priorities[SG_YR_MAX_LIST];
    int npriorities;
    sg_yr_entry next_priorities[SG_YR_MAX_LIST];
    int nnext;
    char places[SG_YR_MAX_LIST][64]; /* place names the publish check looks for */
    int nplaces;
    int threshold; /* disclosure threshold, 0 = default */
} sg_yr_config;

/* Parses the config JSON (borrowed text; name for messages). Unknown keys are SG_EPARSE (a
 * misspelt key is never silently dropped); strings beyond their fields' sizes SG_ELIMIT.
 * cfg is filled (zeroed first). */
int sg_yr_config_parse(const char *text, size_t len, const char *name, sg_yr_config *cfg,
                       sg_error *err);
/* Reads the file (at most 1 MiB) and parses it. */
int sg_yr_config_load(const char *path, sg_yr_config *cfg, sg_error *err);

/* ---- building from the store (yearly_sections.c) ---- */

typedef struct sg_yr_opts {
    const char *year; /* "2023-24" (required) */
    bool public_view;
    sg_date as_at;             /* SG_DATE_NONE = 31 March at the end of the year */
    const sg_yr_config *cfg;   /* may be NULL: no partners, subgroups or priorities */
    const char *narrative_dir; /* may be NULL: every narrative section is reported missing */
} sg_yr_opts;

/* Builds the whole report into r (initialised here; caller fini's it), then sg_yr_finish.
 * In a public report the narrative is checked first (publish_check.h): the first unsafe line
 * fails with SG_EINVAL, err naming the file and line. Errors: SG_EINVAL for a bad year,
 * SG_EIO for an unreadable narrative file, SG_EDB. */
int sg_yr_build(sg_store *s, const sg_yr_opts *o, sg_yr_report *r, sg_error *err);

#endif

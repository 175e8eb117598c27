/* booklet.h - the multi-agency dataset for a period as a model (every indicator with its trend,
 * target, RAG, comparators and data-quality flag) and its three renderings: CSV and JSON for
 * machines, and the self-contained HTML data booklet (inline CSS and SVG, no external assets,
 * accessible, print-ready on A4). docs/dataset.md describes the outputs.
 *
 * The model is plain data so that a test can build one by hand: sg_booklet_build (dataset.c)
 * fills it from the store (indicator engine, targets, comparators, validation findings);
 * sg_booklet_finish works out the RAG ratings and, in a public booklet, disclosure control
 * (indicators/disclosure.h) including secondary suppression across breakdowns; the renderers
 * only format what the model says. None of the renderers does I/O: they append to a buffer. */
#ifndef SG_BOOKLET_H
#define SG_BOOKLET_H

#include "core/buf.h"
#include "core/html.h"
#include "core/sg.h"
#include "indicators/disclosure.h"
#include "indicators/indicators.h"
#include "indicators/targets.h"
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Years of trend, the period itself included. */
#define SG_BK_MAX_YEARS 5
/* Submissions named per indicator in its data-quality flag. */
#define SG_BK_MAX_DQ_SUBS 4

/* One indicator in one year. */
typedef struct sg_bk_point {
    bool has; /* a figure (the engine's SG_IND_NODATA is false) */
    double value;
    long num, den;
    unsigned flags; /* the engine's SG_IND_* flags */
    bool sup;       /* withheld by disclosure control (set by sg_booklet_finish) */
    bool has_target;
    double target;
    bool has_england;
    double england;
    bool has_band; /* comparator group range (statistical neighbours, else core cities) */
    double band_lo, band_hi;
    char text[160]; /* a status measure's text (unit SG_IND_TEXT), "" otherwise */
} sg_bk_point;

/* Submissions named per measure as the returns its figure came from. */
#define SG_BK_MAX_SOURCES 8

typedef struct sg_bk_item {
    const sg_ind_def *def;           /* borrowed; id, title, unit, polarity, owner, group */
    sg_bk_point pt[SG_BK_MAX_YEARS]; /* oldest first; pt[nyears - 1] is the period */
    double tolerance;                /* of the period's target */
    char priority[128];              /* priority area from the targets file, "" = none */
    char comment[512];               /* the partnership's comment, "" = none */
    char band_label[64];             /* "Statistical neighbours" / "Core cities" */
    char band_source[256];           /* source of the period's band (notes) */
    char england_source[256];        /* source of the period's England figure (notes) */
    sg_rag rag;                      /* for the period (sg_booklet_finish); NONE if withheld */
    long dq_errors;                  /* open error findings in the submissions it used */
    size_t dq_nsubs;
    int64_t dq_subs[SG_BK_MAX_DQ_SUBS]; /* those submissions (the first few) */
    /* From the partnership's catalogue (registers/measure.h); all "" / 0 for a built-in
     * indicator the catalogue does not place, so such a dataset renders as before. */
    char kind[16];        /* "builtin", "submitted", "derived"; "" = not from a catalogue */
    bool partner_row;     /* placed or added by a row of the partnership's catalogue */
    char owner_name[200]; /* the data owner organisation's name, "" = def->owner as is */
    /* commentary for the period (in a public edition only text that passes the publish
     * check, report/publish_check.h; other text is replaced by a note that it is withheld) */
    char narrative[1024]; /* what the data tells us */
    char challenge[1024]; /* the subgroup's challenge */
    char response[1024];  /* the response */
    size_t nsources;      /* the partner returns the period's figure came from */
    int64_t sources[SG_BK_MAX_SOURCES];
    char sources_text[512]; /* "submission 12 (q1.csv, COUNCIL, 2024-Q1)", for tables */
} sg_bk_item;

/* A submission with open error findings, for the data-quality section. */
typedef struct sg_bk_dq_sub {
    int64_t id;
    char agency[64], format[64], period[32], file_name[256];
    long errors;
    char top_rules[256]; /* "8500 (12), 4220 (3)": the commonest rules, for the appendix */
} sg_bk_dq_sub;

typedef struct sg_booklet {
    char title[128];       /* "Safeguarding partnership data booklet" unless set */
    char partnership[128]; /* name shown under the title, "" = none */
    char period[16];       /* "2023-24" */
    int nyears;            /* 1..SG_BK_MAX_YEARS */
    char years[SG_BK_MAX_YEARS][16];
    char generated[11]; /* ISO date the booklet was made */
    bool public_view;   /* disclosure control on; "Official" vs "Public" marking */
    sg_disclosure disc;
    bool findings_available; /* the store has validation findings to flag */
    sg_bk_item *items;       /* owned */
    size_t nitems;
    sg_bk_dq_sub *dq; /* owned */
    size_t ndq;
    bool catalogue; /* the partnership's catalogue placed or added measures (kind etc. set) */
    sg_ind_def **own_defs; /* definitions made for catalogue measures (owned, with strings) */
    size_t nown_defs;
} sg_booklet;

void sg_booklet_init(sg_booklet *b);
void sg_booklet_fini(sg_booklet *b);
/* Appends an item (copied) and returns the stored one. */
sg_bk_item *sg_booklet_add(sg_booklet *b, const sg_bk_item *item);
/* The item with this indicator id, or NULL. */
const sg_bk_item *sg_booklet_find(const sg_booklet *b, const char *id);

/* Works out each item's RAG for the period (from its polarity, the period's target and
 * tolerance) and, when b->public_view, which points are withheld: counts by the primary rule,
 * percentages by sg_disc_ratio, rates and medians by their count, then secondary suppression
 * across each breakdown with its total (categories, sources, durations, ages, LADO, ICPC
 * timescale bands), and finally any figure equal to a withheld one (same num and den in the
 * same year) is withheld too, so a figure shown twice cannot undo it. A withheld period value
 * has no RAG. Idempotent. */
void sg_booklet_finish(sg_booklet *b);

/* Options for reading the dataset from the store. */
typedef struct sg_booklet_opts {
    bool public_view;
    int threshold;           /* disclosure threshold; 0 = SG_DISCLOSURE_DEFAULT_THRESHOLD */
    int years;               /* years of trend, 1..SG_BK_MAX_YEARS; 0 = SG_BK_MAX_YEARS */
    const char *partnership; /* name for the title page, or NULL */
    const sg_ind_opts *ind;  /* engine options, or NULL for defaults */
} sg_booklet_opts;

/* Builds the dataset for period from the store: the indicators for the period and the same
 * period in earlier years, the targets and comparators stored for those years, and the open
 * error findings of the submissions each figure came from (docs/dataset.md gives the query;
 * a store without the validation tables has no flags and says so). Then sg_booklet_finish.
 * b must be initialised; on error it is left empty. Errors from the engine (SG_EINVAL for a
 * bad period) and SG_EDB. */
int sg_booklet_build(sg_store *s, const char *period, const sg_booklet_opts *opts, sg_booklet *b,
                     sg_error *err);

/* The renderings. Each appends to out (whose maximum, if any, gives SG_ELIMIT). In a public
 * booklet withheld figures are written as SG_DISCLOSURE_SYMBOL and no numerator or
 * denominator that would give them back is written. */
int sg_booklet_csv(const sg_booklet *b, sg_buf *out, sg_error *err);
int sg_booklet_json(const sg_booklet *b, sg_buf *out, sg_error *err);
int sg_booklet_html(const sg_booklet *b, sg_buf *out, sg_error *err);

/* The demand funnel, contacts to plans, as the booklet and the yearly report show it: each
 * step's indicator id, its label, and what its share is "of" (the step before; NULL first). */
typedef struct sg_bk_funnel_step {
    const char *id, *label, *of;
} sg_bk_funnel_step;
#define SG_BK_NFUNNEL 6
extern const sg_bk_funnel_step sg_bk_funnel[SG_BK_NFUNNEL];

/* The data owner as shown: the organisation's name when the catalogue gave one, else the
 * definition's owner code; "" when none. */
const char *sg_bk_owner(const sg_bk_item *it);

/* The figure as shown: "1,234", "22.4%", "512.3", "33.0 days"; the disclosure symbol when
 * withheld; "no data" without a figure. out has room for 48 bytes. */
void sg_booklet_fmt(const sg_booklet *b, const sg_bk_item *it, int year_index, char out[48]);

/* A point's target as the booklet and the yearly report both show it: in the indicator's unit,
 * as its value is shown ("1,200", "22.5%", "512.3"); "" when the point has no target. */
void sg_booklet_target_fmt(const sg_bk_item *it, const sg_bk_point *p, char out[48]);

/* Under a measure's row of a table of ncols columns: its commentary for the period (what the
 * data tells us, challenge, response) and the partner returns its figure came from, each
 * labelled, in one cell (class td_class, none when NULL); nothing when it has neither. Shared
 * by the booklet and the web dashboard. */
void sg_bk_commentary_row(sg_html *h, const sg_bk_item *it, int ncols, const char *td_class);

#endif

/* indicators.h - the indicator engine: the partnership's performance measures as data
 * (definitions), periods (month, financial quarter, financial year, rolling 12 months), and the
 * computation of every indicator over the store's live (current) submissions, with the
 * submissions each figure came from, year-on-year change and a year-end estimate.
 *
 * Definitions, counting rules and sources are documented in docs/indicators.md (DfE
 * "Characteristics of children in need" and "Children looked after in England" methodology,
 * Ofsted Annex A). Every percentage and rate is rounded half away from zero to one decimal place
 * through core/num.h.
 *
 * The engine does no I/O besides reading the store: it returns result structs that the
 * booklet, targets, comparators and disclosure control (src/report, later) build on. */
#ifndef SG_INDICATORS_H
#define SG_INDICATORS_H

#include "core/date.h"
#include "core/period.h"
#include "core/sg.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

/* ---- definitions ---- */

/* A flow counts events in the period (referrals received, plans started); a snapshot counts
 * what is open on the period's last day (31 March for a financial year). */
typedef enum sg_ind_kind { SG_IND_FLOW = 0, SG_IND_SNAPSHOT } sg_ind_kind;

typedef enum sg_ind_unit {
    SG_IND_COUNT = 0, /* value = num */
    SG_IND_PCT,       /* value = num / den x 100, 1 dp */
    SG_IND_RATE10K,   /* value = num / den x 10,000, den = children aged 0-17, 1 dp */
    SG_IND_DAYS,      /* value = a median number of (working) days, 1 dp; num = items */
    /* Only partner measures of the catalogue (indicators/catalogue.h) have these two; no
     * built-in indicator does. */
    SG_IND_GBP, /* pounds */
    SG_IND_TEXT /* a qualitative status: text, no number */
} sg_ind_unit;

typedef enum sg_ind_polarity {
    SG_IND_HIGHER_BETTER = 0,
    SG_IND_LOWER_BETTER,
    SG_IND_DATA_ONLY /* no RAG: context, not a target */
} sg_ind_polarity;

/* Which returns feed an indicator. SG_IND_SRC_CSC means the children's social care source
 * chosen in sg_ind_opts.csc_source: the CIN census (default) or Ofsted Annex A. */
typedef enum sg_ind_source {
    SG_IND_SRC_CSC = 0,        /* CIN census ("cin") or Annex A ("annexa/N", "annexa-xlsx") */
    SG_IND_SRC_CSC_AND_ANNEXA, /* CSC source (numerator) over Annex A list 1 contacts */
    SG_IND_SRC_ANNEXA,         /* Annex A only (contacts list 1, strategy discussions list 5) */
    SG_IND_SRC_SSDA903,        /* SSDA903 ("ssda903/...", "ssda903-xml") */
    SG_IND_SRC_POLICE_MISSING, /* agency return "agency/police_missing", missing from HOME */
    SG_IND_SRC_EARLY_HELP,     /* agency return "agency/early_help" */
    SG_IND_SRC_LADO,           /* agency return "agency/lado" */
    SG_IND_SRC_NONE,           /* no return carries it yet: always "no data" */
    SG_IND_SRC__COUNT
} sg_ind_source;

typedef struct sg_ind_def {
    const char *id;    /* stable identifier, e.g. "rereferrals_pct" ([a-z0-9_], <= 39) */
    const char *group; /* section of the booklet: "contacts", "referrals", "cp" ... */
    const char *title; /* short title for tables and charts */
    sg_ind_kind kind;
    sg_ind_unit unit;
    sg_ind_polarity polarity;
    const char *numerator;   /* what num counts */
    const char *denominator; /* what den counts; NULL for counts and medians */
    const char *owner;       /* data owner agency code: CSC, POLICE, LADO, HEALTH ... */
    sg_ind_source source;
    const char *definition; /* the counting rule in one or two sentences */
    const char *reference;  /* the official definition followed, or "local" */
    int local;              /* 1 = a local variant (label it so), 0 = official measure */
    int measure;            /* internal: which computation (indicators/ind_int.h) */
} sg_ind_def;

/* Number of indicators, and the i-th (0 <= i < count) in booklet order. */
size_t sg_ind_count(void);
const sg_ind_def *sg_ind_def_at(size_t i);
/* The definition with this id, or NULL. */
const sg_ind_def *sg_ind_find(const char *id);

/* Short names for enum values ("count", "pct", "rate10k", "days", "gbp", "text"; "flow",
 * "snapshot"; "higher", "lower", "data"; "CIN census" ...); never NULL. */
const char *sg_ind_unit_name(sg_ind_unit u);
const char *sg_ind_kind_name(sg_ind_kind k);
const char *sg_ind_polarity_name(sg_ind_polarity p);
const char *sg_ind_source_name(sg_ind_source s);

/* ---- periods ---- */

/* The periods are core/period.h's (sg_period): month, financial quarter, financial year,
 * rolling 12 months. */

/* ---- results ---- */

/* Flags on a value. */
#define SG_IND_NODATA                                                                              \
    0x01u /* no figure: no live return of the source covers the                                    \
             period, a denominator is 0, or no population */
#define SG_IND_PARTIAL_HISTORY                                                                     \
    0x02u                             /* needs earlier years (re-referrals, repeat plans within    \
                                         2 years) and the store's returns start too late */
#define SG_IND_PARTIAL_COVERAGE 0x04u /* the source's returns cover only part of the period */
#define SG_IND_POP_EARLIER 0x08u      /* population estimate from an earlier year (latest held) */
#define SG_IND_SUPPRESSED 0x10u       /* reserved for disclosure control; never set here */

typedef struct sg_ind_result {
    const sg_ind_def *def; /* borrowed from the static table */
    char id[40];
    char period[16];
    long num;     /* numerator, or the count; for SG_IND_DAYS the number of items */
    long den;     /* denominator (population for rates); 0 for counts and medians */
    double value; /* see sg_ind_unit; 0 when SG_IND_NODATA */
    sg_ind_unit unit;
    unsigned flags;
    /* Year on year: the same period a year earlier. change is value - prev_value (percentage
     * points for %); change_pct is the change as % of prev_value (1 dp), only when
     * prev_value > 0. Absent (has_prev 0) when either value has SG_IND_NODATA or the caller
     * turned comparison off. */
    int has_prev;
    double prev_value;
    unsigned prev_flags;
    double change;
    int has_change_pct;
    double change_pct;
    /* Year-end estimate for flows from the financial year to date (1 April up to the earlier of
     * the period end and as_of), scaled by days in the year / days elapsed: counts to whole
     * numbers, rates from the scaled count; percentages and medians are the year-to-date
     * value. Snapshots and rolling periods have none (has_estimate 0). */
    int has_estimate;
    double estimate;
    /* The live submissions whose records (or population rows) entered num or den, ascending.
     * Owned by the result (freed by sg_ind_results_free). */
    size_t nsubs;
    int64_t *subs;
} sg_ind_result;

/* Children's social care source for SG_IND_SRC_CSC indicators. */
enum { SG_IND_CSC_CIN = 0, SG_IND_CSC_ANNEXA = 1 };

typedef struct sg_ind_opts {
    const char *area; /* population area code; NULL = the only area in the population table */
    int csc_source;   /* SG_IND_CSC_CIN (default) or SG_IND_CSC_ANNEXA */
    int no_compare;   /* 1 = skip the year-earlier computation (has_prev stays 0) */
    sg_date as_of;    /* data date for the year-end estimate; SG_DATE_NONE = today
                       * (sg_date_today, so SG_TODAY makes it repeatable) */
} sg_ind_opts;

/* Default options (area NULL, CIN census, comparison on, as_of SG_DATE_NONE). */
void sg_ind_opts_init(sg_ind_opts *o);

/* Computes every indicator (in sg_ind_def_at order) for period ("2024-25", "2024-Q1",
 * "2024-05", "R12-2024-05") over the live submissions of s. On success *out is a heap array of
 * *n = sg_ind_count() results that the caller frees with sg_ind_results_free. Errors:
 * SG_EINVAL for a bad period, SG_EDB when the store cannot be read, SG_ELIMIT when a table holds
 * more than 50 million rows in the window. opts may be NULL (defaults). */
int sg_ind_compute(sg_store *s, const char *period, sg_ind_result **out, size_t *n, sg_error *err);
int sg_ind_compute_opts(sg_store *s, const char *period, const sg_ind_opts *opts,
                        sg_ind_result **out, size_t *n, sg_error *err);

/* Computes one indicator into *out (caller-owned; release with sg_ind_result_fini).
 * SG_ENOTFOUND for an unknown id. Costs as much as sg_ind_compute (everything is computed
 * in one pass over the loaded records). */
int sg_ind_compute_one(sg_store *s, const char *id, const char *period, const sg_ind_opts *opts,
                       sg_ind_result *out, sg_error *err);

/* Finds the result with this id in an array from sg_ind_compute (NULL if absent). */
const sg_ind_result *sg_ind_result_find(const sg_ind_result *r, size_t n, const char *id);

void sg_ind_result_fini(sg_ind_result *r);
void sg_ind_results_free(sg_ind_result *r, size_t n);

#endif

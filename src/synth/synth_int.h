/* synth_int.h - the generator's internals shared by its files: the random streams, working-day
 * arithmetic, one child's journey (fixed-capacity arrays in one reused struct, so memory never
 * grows with the number of children), the buffered output files with their line and record
 * counters, fault planting and the per-year truth. Not a public interface. */
#ifndef SG_SYNTH_INT_H
#define SG_SYNTH_INT_H

#include "core/codes.h"
#include "core/date.h"
#include "core/period.h"
#include "ingest/record.h"
#include "synth/synth.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* ---- random numbers: xoshiro256** seeded through splitmix64 ---- */
typedef struct syn_rng {
    uint64_t s[4];
} syn_rng;

/* Stream salts: each child has independent streams for its life, for faults in each year. */
enum { SYN_STREAM_LIFE = 1, SYN_STREAM_FAULT = 2, SYN_STREAM_LADO = 3, SYN_STREAM_LADO_FAULT = 4 };

void syn_rng_seed(syn_rng *r, uint64_t seed, uint64_t stream, uint64_t a, uint64_t b);
uint64_t syn_next(syn_rng *r);
double syn_unif(syn_rng *r);               /* [0, 1) */
int syn_range(syn_rng *r, int lo, int hi); /* lo..hi inclusive */
bool syn_chance(syn_rng *r, double p);
double syn_exp_days(syn_rng *r, double per_year); /* waiting time in days for a yearly rate */
int syn_poisson(syn_rng *r, double mean);
/* Index drawn with weights w[0..n-1] (any positive scale). */
int syn_pick(syn_rng *r, const uint16_t *w, int n);

/* ---- dates ---- */
/* Working days are core/workdays.h's: Monday to Friday except England & Wales bank holidays. */
sg_date syn_wd_next(sg_date d);              /* d when a working day, else the next one */
sg_date syn_wd_add(sg_date d, int n);        /* n working days after d (d itself for n <= 0) */
int syn_wd_between(sg_date a, sg_date b);    /* working days in (a, b]; negative when b < a */
sg_date syn_add_years(sg_date d, int years); /* 29 Feb -> 1 Mar in other years */

/* ---- code lists (indices into these are what journeys store) ----
 * The DfE codes come from the program's one table (core/codes.h); the weights here follow its
 * order, and test_synth checks that each SYN_N* is its set's size. */
#define SYN_CODES(id) (sg_code_set_get(id)->code)
#define syn_ref_source SYN_CODES(SG_CS_CIN_REFERRAL_SOURCE)
extern const uint16_t syn_ref_source_w[];
#define SYN_NSOURCE 22
#define syn_need SYN_CODES(SG_CS_CIN_PRIMARY_NEED) /* N0..N9 */
extern const uint16_t syn_need_w[];
#define SYN_NNEED 10
#define syn_eth SYN_CODES(SG_CS_ETHNICITY)
extern const uint16_t syn_eth_w[];
#define SYN_NETH 20
#define syn_dis (SYN_CODES(SG_CS_CIN_DISABILITY) + 1) /* every disability but NONE, the first */
#define SYN_NDIS 12
#define syn_cat SYN_CODES(SG_CS_CIN_ABUSE_CATEGORY) /* NEG EMO PHY SAB MUL */
extern const uint16_t syn_cat_w[];
#define SYN_NCAT 5
/* The assessment factors the generator writes: the CIN set without 18A and 19A, which the
 * validator only queries (8945Q, 8950Q), so a clean partnership has no such finding. */
extern const char *const syn_factor[];
#define SYN_NFACTOR 42
#define syn_ls SYN_CODES(SG_CS_903_LEGAL_STATUS)
#define SYN_NLS 13
#define syn_place SYN_CODES(SG_CS_903_PLACEMENT)
#define SYN_NPLACE 27
#define syn_rec SYN_CODES(SG_CS_903_REASON_CEASED)
#define SYN_NREC 22 /* incl. X1 */
#define syn_rpc SYN_CODES(SG_CS_903_REASON_PLACE_CHANGE)
#define SYN_NRPC 12
#define syn_provider SYN_CODES(SG_CS_903_PLACEMENT_PROVIDER)
/* An episode's prov when its placement type takes no provider (Z1: rules 178, 526). */
#define SYN_PROV_NONE 255
#define SYN_NPROV 6
extern const char *const syn_words_surname[];
#define SYN_NSURNAME 64
extern const char *const syn_words_forename[];
#define SYN_NFORENAME 64

/* indices used by the journey model */
enum { LS_C1, LS_C2, LS_D1, LS_E1, LS_J1, LS_J2, LS_J3, LS_L1, LS_L2, LS_L3, LS_V2, LS_V3, LS_V4 };
enum {
    PL_A3,
    PL_A4,
    PL_A5,
    PL_A6,
    PL_H5,
    PL_K1,
    PL_K2,
    PL_P1,
    PL_P2,
    PL_P3,
    PL_R1,
    PL_R2,
    PL_R3,
    PL_R5,
    PL_S1,
    PL_T0,
    PL_T1,
    PL_T2,
    PL_T3,
    PL_T4,
    PL_U1,
    PL_U2,
    PL_U3,
    PL_U4,
    PL_U5,
    PL_U6,
    PL_Z1
};
enum {
    REC_E11,
    REC_E12,
    REC_E2,
    REC_E3,
    REC_E4A,
    REC_E4B,
    REC_E13,
    REC_E41,
    REC_E45,
    REC_E46,
    REC_E47,
    REC_E48,
    REC_E5,
    REC_E6,
    REC_E7,
    REC_E8,
    REC_E9,
    REC_E14,
    REC_E15,
    REC_E16,
    REC_E17,
    REC_X1
};
enum { RC1 = 1, RC2, RC3, RC4, RC5, RC6, RC7, RC8, RC9 }; /* ReasonForClosure RCn */

/* ---- one child's journey ---- */
#define SYN_MAX_REF 40
#define SYN_MAX_ASS 64
#define SYN_MAX_S47 48
#define SYN_MAX_CINP 48
#define SYN_MAX_CPP 24
#define SYN_MAX_EP 64
#define SYN_MAX_MISS 96
#define SYN_MAX_EV 96
#define SYN_MAX_EH 24
#define SYN_MAX_CONTACT 48

typedef struct syn_ref {
    sg_date date, contact, closure; /* closure may lie beyond the last year */
    uint8_t source, need, reason, nfa;
    uint8_t a0, na, s0, ns, p0, np, c0, nc; /* this episode's items in the child's arrays */
} syn_ref;

typedef struct syn_assess {
    sg_date start, auth;
    uint8_t in_need, nf, f[3];
} syn_assess;

typedef struct syn_s47 {
    sg_date start, target, icpc; /* icpc SG_DATE_NONE when none was held */
    uint8_t not_required, plan;
} syn_s47;

typedef struct syn_cinplan {
    sg_date start, end;
} syn_cinplan;

typedef struct syn_cpp {
    sg_date start, end;
    uint8_t icat, lcat, prev;
} syn_cpp;

typedef struct syn_ep {
    sg_date start, end;                     /* a period's episodes are contiguous */
    uint8_t rne;                            /* 'S' 'P' 'L' 'B' */
    uint8_t ls, place, prov, rec, rpc, cin; /* rec 0xFF = continues; rpc 0xFF = none */
    uint8_t home_post, pl_post;
    uint32_t urn; /* 0 = not applicable */
} syn_ep;

typedef struct syn_miss {
    sg_date start, end;
    uint8_t care, kind, police, ri_off, ri_acc; /* kind 'M' or 'A' */
} syn_miss;

enum { EV_STRATEGY, EV_PROTECTION, EV_DETENTION, EV_VPR };
typedef struct syn_ev {
    sg_date date;
    uint8_t type, vpr;
} syn_ev;

typedef struct syn_eh {
    sg_date start, end;
    uint8_t org, outcome;
} syn_eh;

typedef struct syn_contact {
    sg_date date;
    uint8_t source, outcome; /* outcome 0 = referral */
} syn_contact;

typedef struct syn_child {
    long index;
    sg_date dob, d18; /* birth and 18th birthday */
    char sex;         /* 'M' / 'F' */
    uint8_t eth, ndis, dis[2], upn_known, uasc, surname, forename;
    sg_date uasc_arrival;
    double risk;
    char la_id[20], upn[16], nhs[12];
    int nref, nass, ns47, ncinp, ncpp, nep, nmiss, nev, neh, ncon;
    syn_ref ref[SYN_MAX_REF];
    syn_assess ass[SYN_MAX_ASS];
    syn_s47 s47[SYN_MAX_S47];
    syn_cinplan cinp[SYN_MAX_CINP];
    syn_cpp cpp[SYN_MAX_CPP];
    syn_ep ep[SYN_MAX_EP];
    syn_miss miss[SYN_MAX_MISS];
    syn_ev ev[SYN_MAX_EV];
    syn_eh eh[SYN_MAX_EH];
    syn_contact con[SYN_MAX_CONTACT];
} syn_child;

/* ---- output files ---- */
typedef struct syn_file {
    char path[64]; /* relative to the output folder */
    char format[32];
    const char *agency;
    char period[8];
    FILE *fp;
    char *buf;
    size_t len, cap;
    long line;                   /* lines completed so far */
    long records[SG_REC__COUNT]; /* what an importer will emit */
    long rejected;
    int failed; /* a write failed (errno kept in err_no) */
    int err_no;
} syn_file;

void syn_put(syn_file *f, const char *s, size_t n);
void syn_puts(syn_file *f, const char *s);
void syn_putc(syn_file *f, char c);
void syn_put_long(syn_file *f, long v);
void syn_nl(syn_file *f);
/* Formats a date into out: ISO "YYYY-MM-DD" or UK "dd/mm/YYYY"; "" for SG_DATE_NONE. */
void syn_fmt_iso(sg_date d, char out[11]);
void syn_fmt_uk(sg_date d, char out[11]);

/* ---- faults ---- */
typedef enum syn_fault_kind {
    F_DUPLICATE = 0,
    F_ORDER,
    F_BAD_CODE,
    F_MISSING_FIELD,
    F_FUTURE,
    F_IMPOSSIBLE,
    F_MISSING_ID,
    F_DISAGREE,
    F_YEAR_RULE, /* a year-specific DfE rule (fault_years.c); never drawn by syn_fault_pick */
    F__COUNT
} syn_fault_kind;
#define FM(k) (1u << (k))
extern const char *const syn_fault_name[F__COUNT];

/* ---- per-year truth, computed from the journeys ---- */
typedef struct syn_truth {
    long population, contacts, referrals, rereferrals_12m, referrals_nfa;
    long assessments_completed, assessments_within_45wd, assessed_not_in_need;
    long strategy_discussions, s47_started, icpcs, icpcs_within_15wd;
    long cp_started, cp_started_cat[SYN_NCAT], cp_second_or_subsequent, cp_at_31march;
    long cp_ended, cp_ended_2y_plus;
    long cin_at_31march, cla_at_31march, cla_started, cla_ceased, cla_3plus_placements;
    long uasc_at_31march;
    long missing_care_episodes, missing_care_children, missing_home_episodes;
    long police_events, early_help_started, lado_contacts, lado_referrals;
} syn_truth;

/* ---- the run ---- */
typedef struct syn_year {
    int fy;         /* first calendar year: 2024 for 2024-25 */
    char period[8]; /* "2024-25" */
    sg_date ys, ye; /* 1 April, 31 March */
    syn_file *cin, *h903, *ep903, *rev903, *uasc903, *miss903, *oc2, *ad1;
    syn_file *perm903, *sw903, *placed903;
    syn_file *pmiss, *pev, *eh, *lado;
    syn_truth truth;
} syn_year;

typedef struct syn_ctx {
    const sg_synth_opts *o;
    char la[8];
    int ny;
    syn_year y[SG_SYNTH_MAX_YEARS];
    sg_date p0, p1;      /* first 1 April, last 31 March */
    sg_date w0;          /* window for agency-only events: p0 minus a year */
    sg_date birth0;      /* earliest date of birth */
    long span;           /* days over which births are spread */
    long persons;        /* child slots */
    syn_file *annexa[9]; /* 1..8 for the last year */
    syn_file *pop;
    syn_file *files[SG_SYNTH_MAX_YEARS * 15 + 16];
    int nfiles;
    char dir[4096];
    FILE *faults_fp; /* JSON lines, copied into the manifest at the end */
    char faults_path[4200];
    long nfaults;
    long fault_kinds[F__COUNT];
    double rate;
    syn_rng frng;                                  /* current fault stream (per child and year) */
    unsigned char yr_done[SG_SYNTH_MAX_YEARS][32]; /* year-rule faults planted (fault_years.c) */
    const char *yr_rule; /* a year-rule fault set in the row syn_row_emit writes next: its rule */
    int yr_col;          /* and its column */
    sg_error *err;
} syn_ctx;

/* gen.c */
void syn_child_make(const syn_ctx *x, long index, syn_child *c);
/* Whole years of age on a date. */
int syn_age(const syn_child *c, sg_date on);

/* Per-year truth of one child (journey facts, before any fault). */
void syn_truth_add(const syn_ctx *x, const syn_child *c, syn_year *y);

/* writers: each writes one child's part of one year into its files */
void syn_write_cin(syn_ctx *x, const syn_child *c, syn_year *y);
void syn_write_903(syn_ctx *x, const syn_child *c, syn_year *y);
void syn_write_agency(syn_ctx *x, const syn_child *c, syn_year *y);
void syn_write_annexa(syn_ctx *x, const syn_child *c, syn_year *y);
void syn_write_lado(syn_ctx *x, syn_year *y);
void syn_write_population(syn_ctx *x, const long *counts);
void syn_cin_header(syn_file *f, const syn_ctx *x, const syn_year *y);
void syn_cin_footer(syn_file *f);
void syn_903_headers(syn_year *y);
void syn_agency_headers(syn_year *y);
void syn_annexa_headers(syn_ctx *x);
int syn_manifest_write(syn_ctx *x);
/* mkdir -p path (SG_EIO naming the folder that could not be made). */
int syn_make_dirs(const char *path, sg_error *err);
/* Closes a file written with stdio; SG_EIO naming path when a write or the close failed. */
int syn_close_written(FILE *fp, const char *path, sg_error *err);

/* Review dates: CP plans (3 months, then six-monthly while open) and periods of care (20 days,
 * 3 months later, then six-monthly). Return how many were written into out (at most max). */
int syn_cpp_reviews(const syn_cpp *p, sg_date *out, int max);
int syn_cla_reviews(sg_date start, sg_date end, sg_date *out, int max);

/* faults: returns a kind from mask (or -1) with probability x->rate, drawn from x->frng. */
int syn_fault_pick(syn_ctx *x, unsigned mask);
/* Records a planted fault; field and value may be NULL. */
void syn_fault_log(syn_ctx *x, syn_fault_kind kind, const syn_file *f, long line, sg_rec_type rec,
                   const char *field, const char *value, bool rejected);
/* The rule meant to catch a planted fault (fault_rules.c; "SG-REJECTED" when rejected,
 * "reconcile:<pair>" when reconciliation finds it), NULL when none is known. */
const char *syn_fault_rule(const char *format, int kind, const char *field, bool rejected);
/* As syn_fault_log, naming the rule (NULL: the one syn_fault_rule gives). */
void syn_fault_log_rule(syn_ctx *x, syn_fault_kind kind, const syn_file *f, long line,
                        sg_rec_type rec, const char *field, const char *value, bool rejected,
                        const char *rule);

/* Year-specific DfE rules the generator plants a fault for (fault_years.c). */
typedef enum syn_year_rule {
    SYN_YR_1570 = 0,
    SYN_YR_1580,
    SYN_YR_8945Q,
    SYN_YR_8950Q,
    SYN_YR_101,
    SYN_YR_232,
    SYN_YR_SW02STG1,
    SYN_YR_SW13STG1,
    SYN_YR_SW03STG1,
    SYN_YR_SW01aSTG1,
    SYN_YR_SW01bSTG1,
    SYN_YR_SW09STG2,
    SYN_YR_451,
    SYN_YR_445,
    SYN_YR_217t,
    SYN_YR_370,
    SYN_YR_222,
    SYN_YR_SW01STG1,
    SYN_YR_231,
    SYN_YR__COUNT
} syn_year_rule;
/* When faults are planted, rule k applies in year y and has no fault there yet: marks it
 * planted and returns its code in that year (the caller must then plant it); else NULL. */
const char *syn_year_fault(syn_ctx *x, const syn_year *y, syn_year_rule k);

/* An impossible date near d in the file's spelling ("2023-02-30" / "31/04/2023"). */
void syn_bad_date(sg_date d, bool uk, syn_rng *r, char out[11]);

/* CSV rows with fault planting: cells are set, then syn_row_emit applies at most one fault
 * (decided from spec) and writes the row (twice for a duplicate), updating the counts. */
#define SYN_MAX_COLS 48
typedef struct syn_row {
    int n;
    char cell[SYN_MAX_COLS][48];
    sg_date date[SYN_MAX_COLS]; /* date value of date cells, SG_DATE_NONE otherwise */
} syn_row;

typedef struct syn_rowspec {
    sg_rec_type rec;        /* the row's own record */
    int emits_child;        /* the importer emits a child record first */
    int also_strategy;      /* and a strategy discussion before its record (Annex A list 5:
                               the discussion that started the S47) */
    bool uk;                /* dates dd/mm/YYYY (else ISO) */
    int id_cols[4];         /* blanked for missing_id; -1 ends */
    int start_col, end_col; /* dates_out_of_order; -1 none */
    int future_col;         /* future_date; -1 none */
    int imp_cols[4];        /* date columns the importer parses; -1 ends */
    int code_col;           /* bad_code; -1 none */
    const char *bad_code;
    int req_col;              /* missing_field; -1 none */
    unsigned no;              /* kinds this row must not get (FM bits) */
    const char *const *names; /* column names, for the fault log */
} syn_rowspec;

void syn_row_init(syn_row *r, int n);
void syn_row_set(syn_row *r, int col, const char *s);
void syn_row_date(syn_row *r, int col, sg_date d, bool uk);
void syn_row_long(syn_row *r, int col, long v);
void syn_row_emit(syn_ctx *x, syn_file *f, const syn_rowspec *spec, syn_row *r, sg_date ye);
void syn_header(syn_file *f, const char *const *names, int n);

#endif

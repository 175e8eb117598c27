/* record.h - the canonical child-level model that every input format maps into, and the sink
 * that importers write records into.
 *
 * Importers (cin, s903, annexa, agency) parse a file, pseudonymise identifiers (core/pseudo.h),
 * and emit sg_rec values to an sg_sink. The store implements the sink inside the import's
 * transaction (store/sink.c); tests implement it to collect records. Keeping importers ignorant
 * of SQL is what lets each be tested on its own and fuzzed.
 *
 * Conventions for every field:
 *  - strings are borrowed, NUL-terminated, valid only during the emit call; NULL = absent.
 *    Codes are stored as given (trimmed, and for Annex A with the "a) text" decoration removed)
 *    even when they are not in the code list: a bad code is a validation finding, not a reason
 *    to lose the row.
 *  - dates are sg_date; SG_DATE_NONE = absent. A value that is present but is not a real date
 *    cannot be represented, so the importer rejects that row (sink->reject) naming the field.
 *  - tri-state flags are SG_TRI_UNKNOWN (absent), SG_TRI_NO, SG_TRI_YES.
 *  - counts are int, -1 = absent. */
#ifndef SG_RECORD_H
#define SG_RECORD_H

#include "core/date.h"
#include "core/pseudo.h"
#include "core/sg.h"

#include <stdint.h>

enum { SG_TRI_UNKNOWN = -1, SG_TRI_NO = 0, SG_TRI_YES = 1 };

typedef enum sg_rec_type {
    SG_REC_CHILD = 0, /* characteristics of a child as this return states them */
    SG_REC_CONTACT,
    SG_REC_EARLY_HELP,
    SG_REC_REFERRAL,   /* a CIN episode: referral, need, closure */
    SG_REC_ASSESSMENT, /* parent: referral (CIN) or 0 */
    SG_REC_STRATEGY,   /* strategy discussion (CSC) */
    SG_REC_S47,        /* parent: referral or 0 */
    SG_REC_CIN_PLAN,   /* parent: referral or 0 */
    SG_REC_CP_PLAN,    /* parent: referral or 0 */
    SG_REC_CP_REVIEW,  /* parent: cp plan */
    SG_REC_CLA_EPISODE,
    SG_REC_CLA_REVIEW,
    SG_REC_MISSING,
    SG_REC_LADO,
    SG_REC_POLICE_EVENT,
    SG_REC_POPULATION,
    SG_REC_EXTRA,         /* any other table kept whole as name=value pairs (903 OC2, AD1 ...) */
    SG_REC_PARTNER_VALUE, /* one value of a partner return (not about a child) */
    SG_REC__COUNT
} sg_rec_type;

/* Name of a record type as used in the store and manifests ("child", "cp_plan" ...). */
const char *sg_rec_type_name(sg_rec_type t);

#define SG_CHILD_MAX_KEYS 4

typedef struct sg_rec_child {
    /* Further pseudonyms for the same child (e.g. UPN beside the LA child ID); the store links
     * them all to one child. nkeys may be 0. */
    int nkeys;
    char keys[SG_CHILD_MAX_KEYS][SG_PSEUDO_LEN + 1];
    int birth_year, birth_month; /* 0 = unknown; only month precision is stored */
    int expected_birth;          /* 1 = only an expected birth date was given (unborn) */
    const char *sex;             /* as given: M/F/U, 1/2/0/9, Male ... */
    const char *ethnicity;
    const char *disabilities;    /* space-separated codes */
    int uasc;                    /* tri-state */
    int death_year, death_month; /* 0 = none */
    const char *upn_unknown;     /* UN1..UN7 */
} sg_rec_child;

typedef struct sg_rec_contact {
    sg_date date;
    const char *source;
    const char *outcome; /* e.g. REFERRAL / EARLYHELP / NFA / INFO */
} sg_rec_contact;

typedef struct sg_rec_early_help {
    sg_date start, end;
    const char *organisation;
    const char *outcome;
} sg_rec_early_help;

typedef struct sg_rec_referral {
    sg_date referral_date;
    const char *source;
    const char *primary_need;
    sg_date closure_date;
    const char *closure_reason;
    int nfa;                /* tri-state */
    sg_date initial_cpc;    /* CINdetails/DateOfInitialCPC */
    int referrals_last_12m; /* Annex A list 3, -1 absent */
} sg_rec_referral;

typedef struct sg_rec_assessment {
    sg_date start, authorised, internal_review;
    const char *factors; /* space-separated codes */
    int child_seen;      /* tri-state (Annex A) */
    int needs_support;   /* tri-state: assessed as requiring CSC support */
} sg_rec_assessment;

typedef struct sg_rec_strategy {
    sg_date date;
    const char *requested_by; /* agency code, if known */
    const char *outcome;      /* S47 / NFA / ... */
} sg_rec_strategy;

typedef struct sg_rec_s47 {
    sg_date start, icpc_target, icpc_date;
    int icpc_not_required; /* tri-state */
    int cp_plan_resulted;  /* tri-state (Annex A) */
} sg_rec_s47;

typedef struct sg_rec_cin_plan {
    sg_date start, end;
} sg_rec_cin_plan;

typedef struct sg_rec_cp_plan {
    sg_date start, end;
    const char *initial_category, *latest_category;
    int previous_plans; /* NumberOfPreviousCPP, -1 absent */
} sg_rec_cp_plan;

typedef struct sg_rec_cp_review {
    sg_date date;
} sg_rec_cp_review;

typedef struct sg_rec_cla_episode {
    sg_date start, end;
    const char *rne, *legal_status, *cin, *placement, *provider, *reason_ceased,
        *reason_place_change, *urn;
} sg_rec_cla_episode;

typedef struct sg_rec_cla_review {
    sg_date date;
    const char *code; /* PN0..PN7 */
} sg_rec_cla_review;

typedef struct sg_rec_missing {
    sg_date start, end;
    const char *kind;             /* M missing / A away without authorisation */
    const char *from;             /* HOME / CARE, if known */
    int ri_offered, ri_accepted;  /* return interview, tri-state */
    const char *reporting_agency; /* e.g. POLICE, CSC */
} sg_rec_missing;

typedef struct sg_rec_lado {
    const char *ref; /* the return's own case reference (pseudonymised if personal) */
    sg_date received, strategy, concluded;
    const char *kind; /* CONTACT / REFERRAL */
    const char *referring_agency, *sector, *category, *outcome;
} sg_rec_lado;

typedef struct sg_rec_police_event {
    const char *kind; /* STRATEGY_REQUEST / POLICE_PROTECTION / DETENTION / VPR */
    sg_date date;
    const char *subtype; /* e.g. VPR type */
    const char *ref;     /* the force's own reference, if any */
} sg_rec_police_event;

typedef struct sg_rec_population {
    const char *area;
    int year;             /* mid-year estimate year (June of that year) */
    int age_from, age_to; /* inclusive; 0-17 for the rate denominator */
    const char *sex;      /* NULL = all */
    long count;
} sg_rec_population;

/* One row of a partner return (docs/formats/partner.md): an organisation's value of one
 * measure of the catalogue for one period, optionally for one breakdown category. The importer
 * checks that numbers are numbers (a row with a bad one is rejected naming the field); whether
 * the measure exists, is owed by the organisation, and the value fits its unit and range is
 * checked against the catalogue before commit (indicators/partner.h). sheet and cols locate the
 * cells of an .xlsx return: the sheet's name and, for each field of SG_PARTNER_FIELDS in order,
 * its 1-based column (0 = absent); both NULL for CSV, where line and the field name locate it. */
#define SG_PARTNER_FIELDS "measure,breakdown,value,numerator,denominator,text,explanation"
typedef struct sg_rec_partner_value {
    const char *organisation; /* the organisation's short name as written */
    const char *period;       /* "2024-Q1", "2024-25", "2024-05" as written */
    const char *measure;
    const char *breakdown; /* NULL = the whole measure */
    int has_value, has_num, has_den;
    double value, numerator, denominator;
    const char *text, *explanation; /* NULL = blank */
    const char *sheet;              /* .xlsx only */
    const char *cols;               /* .xlsx only: "2,3,4,5,6,0,7" */
} sg_rec_partner_value;

#define SG_EXTRA_MAX 48
typedef struct sg_rec_extra {
    const char *table; /* e.g. "ssda903/oc2", "annexa/9" */
    int nfields;
    const char *names[SG_EXTRA_MAX];
    const char *values[SG_EXTRA_MAX];
} sg_rec_extra;

typedef struct sg_rec {
    sg_rec_type type;
    long line; /* line (CSV) or line of the element (XML) it came from */
    /* The child's primary pseudonym, "" for records not about a child (population, some LADO). */
    char child[SG_PSEUDO_LEN + 1];
    int64_t parent; /* id returned by emit for the parent record, 0 none */
    union {
        sg_rec_child child;
        sg_rec_contact contact;
        sg_rec_early_help early_help;
        sg_rec_referral referral;
        sg_rec_assessment assessment;
        sg_rec_strategy strategy;
        sg_rec_s47 s47;
        sg_rec_cin_plan cin_plan;
        sg_rec_cp_plan cp_plan;
        sg_rec_cp_review cp_review;
        sg_rec_cla_episode cla_episode;
        sg_rec_cla_review cla_review;
        sg_rec_missing missing;
        sg_rec_lado lado;
        sg_rec_police_event police;
        sg_rec_population population;
        sg_rec_extra extra;
        sg_rec_partner_value partner;
    } u;
} sg_rec;

/* Initialises r for type t: every date SG_DATE_NONE, every tri-state unknown, counts -1,
 * strings NULL, child "" and parent 0. */
void sg_rec_init(sg_rec *r, sg_rec_type t);

/* A row that could not be stored: where, which field, the offending value, and why. */
typedef struct sg_reject {
    const char *file;
    long line;
    const char *field; /* may be NULL for whole-row problems */
    const char *value; /* may be NULL; the store keeps at most 200 bytes */
    const char *reason;
    const char *raw; /* the whole raw row if available (CSV), may be NULL */
} sg_reject;

typedef struct sg_sink {
    void *ctx;
    /* Stores r. On success sets *id (may be NULL) to the stored record's id, for parent links.
     * Returns SG_OK or an error that aborts the import (the import then rolls back). */
    int (*emit)(void *ctx, const sg_rec *r, int64_t *id, sg_error *err);
    /* Keeps a rejected row. Returns SG_OK or an error that aborts the import. */
    int (*reject)(void *ctx, const sg_reject *rj, sg_error *err);
} sg_sink;

/* What an importer read, for the submission record and the CLI summary. */
typedef struct sg_import_stats {
    long rows_read;              /* data rows / child elements seen */
    long records[SG_REC__COUNT]; /* records emitted, by type */
    long rejected;               /* rows rejected */
    long skipped_parts;          /* parts matching no known layout, not read (Annex A
                                    workbook sheets that are no list): told to the user */
} sg_import_stats;

#endif

/* validate.h - validation rules and the engine that runs them.
 *
 * A rule is data plus a small C function. Rules of the DfE returns read the raw view of one
 * child (ingest/vnode.h) and report findings through sg_vreport; our own cross-return rules
 * (family SG) run once over the store with SQL. Rules are registered in one table per family
 * (rules_cin.c, rules_903.c, rules_sg.c); adding a rule touches one table plus its tests.
 *
 * Writing a rule (use designated initialisers so new optional members stay zero):
 *
 *     static int rule_8500(sg_vctx *ctx, const sg_rule *rule)
 *     {
 *         const sg_vnode *ids = sg_vnode_child(ctx->child, "ChildIdentifiers");
 *         if (!sg_vnode_text(ids, "LAchildID"))
 *             sg_vreport(ctx, rule, ids, "LAchildID", NULL);
 *         return SG_OK;
 *     }
 *     const sg_rule sg_rules_cin[] = {
 *         {.id = "8500", .family = SG_FAMILY_CIN, .severity = SG_SEV_ERROR,
 *          .message = "All children should have an LA Child ID.",
 *          .fields = "LAchildID", .reads = "ChildIdentifiers", .check = rule_8500},
 *     };
 *     const size_t sg_rules_cin_count = sizeof sg_rules_cin / sizeof sg_rules_cin[0];
 *
 * Findings are data: the engine fills the submission, file, line and child pseudonym, withholds
 * the value of identifying fields (sg_validate_field_sensitive), and hands each finding to the
 * run's callback (the store, a report writer, a test collector). */
#ifndef SG_VALIDATE_H
#define SG_VALIDATE_H

#include "core/date.h"
#include "core/sg.h"
#include "ingest/vnode.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum sg_severity {
    SG_SEV_ERROR = 0, /* the DfE's "error": the return is wrong and must be fixed */
    SG_SEV_QUERY,     /* the DfE's "query" (CIN rules with a Q suffix): check and confirm */
    SG_SEV_WARNING,   /* worth a look; never blocks anything */
    SG_SEV__COUNT
} sg_severity;

/* "error", "query", "warning"; "?" for anything else. */
const char *sg_severity_name(sg_severity s);
/* Parses those names; returns -1 when unknown. */
int sg_severity_parse(const char *s);

/* Which view a rule reads, and so which returns it applies to. */
typedef enum sg_rule_family {
    SG_FAMILY_CIN = 0, /* one <Child> tree of a CIN census (ctx->child, ctx->header) */
    SG_FAMILY_903,     /* one CHILD tree of an SSDA903 return (ctx->child, ctx->prev) */
    SG_FAMILY_ANNEXA,  /* one row tree of an Annex A list (reserved: no rules yet) */
    SG_FAMILY_AGENCY,  /* one row tree of an agency template (reserved: no rules yet) */
    SG_FAMILY_SG,      /* our cross-return rules: once per run over the store (ctx->db) */
    SG_FAMILY__COUNT
} sg_rule_family;

/* "cin", "903", "annexa", "agency", "sg". */
const char *sg_rule_family_name(sg_rule_family f);

/* The collection a return belongs to. */
typedef struct sg_vcollection {
    int year;         /* the DfE's collection year: the year the period ends (2024 for 2023-24) */
    sg_date start;    /* first day of the period (1 April of year - 1) */
    sg_date ref_date; /* reference date / last day of the period (31 March of year) */
    char la[16];      /* the local authority code (CIN <LEA>), "" when unknown */
    char period[32];  /* "2023-24", "" when unknown */
} sg_vcollection;

/* Fills c for a DfE collection year (2024 -> 1 April 2023 .. 31 March 2024, period
 * "2023-24"). */
void sg_vcollection_for_year(sg_vcollection *c, int year);

typedef struct sg_vrun sg_vrun;
typedef struct sg_rule sg_rule;

/* What a check function sees. Everything is borrowed for the duration of the call. */
typedef struct sg_vctx {
    const sg_vnode *child;      /* CIN: the <Child> element; 903: the CHILD node; agency/Annex A:
                                 * the row. NULL in finish() and for family SG. */
    const sg_vnode *prev;       /* 903: the same child's tree in the previous year's return for
                                 * the same agency when the store holds it, else NULL */
    const sg_vnode *header;     /* CIN: the <Header> element; else NULL */
    const sg_vcollection *coll; /* never NULL */
    const char *file;           /* the file being validated (903 rows carry their own file) */
    const char *child_id;       /* the child's pseudonym, "" when none can be made */
    sqlite3 *db;                /* family SG: the store's database (read only by rules) */
    int64_t submission;         /* the submission validated, 0 for a loose file */
    sg_arena *scratch;          /* scratch memory for this call (sg_vnode_list etc.); reset by the
                                 * engine after each child */
    sg_vrun *run;               /* the engine's state: pass it on, never look inside */
} sg_vctx;

/* A check: inspect ctx, report with sg_vreport*, return SG_OK. Any other status (a database
 * error from an SG rule) stops the run with err filled by sg_vctx_fail. */
typedef int (*sg_rule_check)(sg_vctx *ctx, const sg_rule *rule);

struct sg_rule {
    const char *id; /* DfE code ("8500", "1105Q", "103"), or "SG-..." */
    sg_rule_family family;
    sg_severity severity;
    const char *message; /* the message as published (DfE), or ours */
    const char *fields;  /* space-separated field names it concerns */
    const char *reads;   /* space-separated elements / tables / store tables it reads */
    sg_rule_check check; /* per child (or once, for SG) */
    /* Optional: called once after the last child of a return (ctx->child NULL), for rules that
     * compare children with each other (keep state with sg_vstate). */
    sg_rule_check finish;
    /* The rule reads other agencies' returns (an SG rule over the store): its findings could
     * tell an agency what another agency holds about a child, so agency-scoped readers never
     * see them, nor count them (access/scope.h; docs/rules.md "Findings from other agencies'
     * returns"). Its message must carry no value taken from the other returns. */
    bool other_agencies;
};

/* The registration tables (one per family file). */
extern const sg_rule sg_rules_cin[];
extern const size_t sg_rules_cin_count;
extern const sg_rule sg_rules_903[];
extern const size_t sg_rules_903_count;
extern const sg_rule sg_rules_sg[];
extern const size_t sg_rules_sg_count;

/* The table of a family (NULL with *count 0 for families without one). */
const sg_rule *sg_rules_of(sg_rule_family f, size_t *count);
/* The rule with this id in any table, or NULL. */
const sg_rule *sg_rule_find(const char *id);
/* The ids of every registered rule with other_agencies set, as a JSON array of strings (a
 * constant; a test checks it against the tables): for SQL filters such as
 * rule NOT IN (SELECT value FROM json_each(?)). */
const char *sg_rules_other_agencies_json(void);

/* ---- findings ---- */

typedef struct sg_finding {
    int64_t submission; /* 0 for a loose file */
    const char *file;   /* "" when not tied to a file */
    long line;          /* 0 when not tied to a line */
    const char *child;  /* pseudonym, "" when none; never a raw identifier */
    const char *field;  /* "" when the finding is about a whole record */
    const char *value;  /* NULL when absent or withheld (identifiers, dates of birth) */
    const char *rule;   /* rule id */
    sg_severity severity;
    const char *message;
} sg_finding;

/* Receives each finding (borrowed for the call). Non-zero stops the run with that status. */
typedef int (*sg_finding_fn)(void *ud, const sg_finding *f);

/* Reports that rule fires at node. The finding's file and line are those of node's child leaf
 * named field when there is one, else of node itself; field defaults to node's name when NULL;
 * value NULL means "the text of that leaf" (so an absent field reports no value). The value is
 * withheld when the field is identifying. Never fails (an error from the callback is kept and
 * ends the run after the check returns). */
void sg_vreport(sg_vctx *ctx, const sg_rule *rule, const sg_vnode *node, const char *field,
                const char *value);
/* The same with a message of its own (printf-style) instead of rule->message. */
void sg_vreportf(sg_vctx *ctx, const sg_rule *rule, const sg_vnode *node, const char *field,
                 const char *value, const char *fmt, ...) SG_PRINTF(6, 7);
/* Reports a finding built by the rule (SG rules over the store): f gives file, line, child,
 * field, value and optionally message (NULL = rule->message); rule id and severity always come
 * from rule, submission from ctx when f's is 0. The value is withheld when the field is
 * identifying. */
void sg_vreport_finding(sg_vctx *ctx, const sg_rule *rule, const sg_finding *f);

/* Per-rule state kept for the whole run (e.g. ids seen, for a finish() check): a zeroed block
 * of size bytes, the same block on every call for the same rule; freed by the engine after
 * finish(). Anything it points to must be freed by the rule's finish(). */
void *sg_vstate(sg_vctx *ctx, const sg_rule *rule, size_t size);

/* For a check that meets an error it cannot report as a finding (a database error): fills the
 * run's error and returns code, so a check can `return sg_vctx_fail(ctx, SG_EDB, ...)`. */
int sg_vctx_fail(sg_vctx *ctx, int code, const char *fmt, ...) SG_PRINTF(3, 4);

/* true for fields whose values are never copied into a finding: child identifiers, names,
 * NHS numbers, dates of birth and death, postcodes (CIN, SSDA903, Annex A and agency names). */
bool sg_validate_field_sensitive(const char *field);

/* ---- running rules (the engine uses this; so do tests) ---- */

/* Starts a run of rules[0..nrules) (borrowed) for one return of collection coll (copied).
 * Findings go to fn(ud, f). db and submission are given to SG rules (may be NULL / 0). */
sg_vrun *sg_vrun_new(const sg_rule *rules, size_t nrules, const sg_vcollection *coll,
                     const char *file, sqlite3 *db, int64_t submission, sg_finding_fn fn, void *ud);
/* Runs every per-child rule over one tree. header (CIN) and prev (903) may be NULL; child_id
 * is the pseudonym for findings (NULL = ""). Returns SG_OK or the first error (err filled). */
int sg_vrun_child(sg_vrun *r, const sg_vnode *header, const sg_vnode *child, const sg_vnode *prev,
                  const char *child_id, sg_error *err);
/* Runs the finish() checks and the SG rules. */
int sg_vrun_finish(sg_vrun *r, sg_error *err);
/* Findings reported so far, by severity. */
long sg_vrun_count(const sg_vrun *r, sg_severity s);
void sg_vrun_free(sg_vrun *r);

#endif

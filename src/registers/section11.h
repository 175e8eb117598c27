/* section11.h - the Section 11 / Section 175 registers: a configurable
 * standards framework (frameworks and their standards as records, so a partnership can load
 * its own), each agency's expected and received return per cycle with its challenge session,
 * and the self-assessment score per standard; with the computed views: % of standards met per
 * agency, the change since the agency's last cycle, and the agencies that have not returned.
 * Templates and code lists: docs/registers.md. */
#ifndef SG_SECTION11_H
#define SG_SECTION11_H

#include "registers/register.h"

#include <stdbool.h>

extern const sg_register sg_reg_s11_framework; /* "s11_framework" */
extern const sg_register sg_reg_s11_standard;  /* "s11_standard" */
/* Named "section11" so that actions and recommendations link to a return as
 * "section11:AGENCY/CYCLE" and the framework checks that the return exists. */
extern const sg_register sg_reg_s11_return; /* "section11" */
extern const sg_register sg_reg_s11_score;  /* "s11_score" */

/* One agency's self-assessment against one framework in one cycle. */
typedef struct sg_s11_row {
    char agency[32], framework[48], cycle[8];
    long standards; /* standards in the framework: the denominator */
    long assessed;  /* standards with a rating or score */
    long met;       /* rating MET, or score >= the framework's met_from */
    long partly;    /* rating PARTLY (3-point frameworks only) */
    long not_met;   /* rating NOT_MET, or score below met_from */
    bool has_pct;   /* false when the framework has no standards */
    double pct_met; /* met / standards, % to 1 dp (core/num.h) */
    bool has_prev;  /* the agency returned against this framework in an earlier cycle */
    char prev_cycle[8];
    double prev_pct; /* that cycle's pct_met */
    double change;   /* pct_met - prev_pct, percentage points (of the two shown figures) */
} sg_s11_row;

/* An expected return not (yet) received. */
typedef struct sg_s11_missing {
    char agency[32], framework[48];
    sg_date due;       /* SG_DATE_NONE when no due date was set */
    long days_overdue; /* today - due when due < today, else 0 */
} sg_s11_missing;

typedef struct sg_s11_summary {
    char cycle[8];
    sg_s11_row *row; /* by agency, then framework; owned */
    size_t n;
    sg_s11_missing *missing; /* by agency, then framework; owned */
    size_t nmissing;
} sg_s11_summary;

/* Computes the summary of cycle (e.g. "2023-24") from the four registers' records (borrowed).
 * An (agency, framework) pair appears when it has a score in the cycle; its framework is that
 * of the scored standards. Unscored standards count in the denominator as not met, so a
 * half-finished return never shows as 100%. Scores of a standard unknown to `standards` are
 * ignored. The previous cycle is the latest earlier one with scores for the same agency and
 * framework. Missing returns are the cycle's s11_return records with no received_date.
 * SG_EINVAL when cycle is not a cycle label. out is caller-owned; free with _fini. */
int sg_s11_compute(const sg_reg_set *frameworks, const sg_reg_set *standards,
                   const sg_reg_set *returns, const sg_reg_set *scores, const char *cycle,
                   sg_date today, sg_s11_summary *out);
void sg_s11_summary_fini(sg_s11_summary *sum);

#endif

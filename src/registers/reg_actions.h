/* reg_actions.h - recommendations and actions. A recommendation comes from a
 * source (a case review, an audit, Section 11, scrutiny, a child death review ...); an action
 * belongs to a recommendation or directly to a source, and has an owner agency and role, a due
 * date, a status, progress, evidence and an impact check. Computed: overdue, drift (no update
 * for N days), completed without evidence, impact checks due, and per-agency and per-source
 * summaries. Template and code lists: docs/registers.md. */
#ifndef SG_REG_ACTIONS_H
#define SG_REG_ACTIONS_H

#include "registers/register.h"

extern const sg_register sg_reg_recommendation;
extern const sg_register sg_reg_action;
/* The sources an action or recommendation can link to ("SOURCE:KEY"). */
extern const sg_reg_code sg_act_sources[];

#define SG_ACT_DRIFT_DAYS 60 /* default: an open action with no update for more than 60 days */

/* Per-action findings on a date. */
typedef struct sg_act_flags {
    bool open;             /* NOT_STARTED or IN_PROGRESS */
    bool overdue;          /* open and due_date before today */
    int days_overdue;      /* calendar days after due_date (0 when not overdue) */
    bool drift;            /* open and more than drift_days since the last update */
    int days_since_update; /* today - (last_update_date, else set_date) */
    bool no_evidence;      /* COMPLETED without evidence */
    bool impact_due;       /* impact_check_date reached and impact_checked_date absent */
    char source[48];       /* the source kind: the action's own, or its recommendation's */
} sg_act_flags;

void sg_act_flags_of(const sg_reg_record *action, const sg_reg_set *recommendations, sg_date today,
                     int drift_days, sg_act_flags *out);

/* One summary line (an agency, or a source kind, or the total). */
typedef struct sg_act_summary {
    char name[48];
    long total, completed, closed, open, overdue, drift, no_evidence, impact_due;
    /* completed / (total - closed) to 1 dp; has_pct false when the denominator is 0. Closed
     * (CLOSED_NOT_DONE: withdrawn or superseded) actions are left out of the denominator. */
    double pct_completed;
    bool has_pct;
} sg_act_summary;

#define SG_ACT_MAX_GROUPS 32
typedef struct sg_act_result {
    sg_act_summary total;
    sg_act_summary by_agency[SG_ACT_MAX_GROUPS]; /* in agency code order, only agencies present */
    int n_agency;
    sg_act_summary by_source[SG_ACT_MAX_GROUPS]; /* in source code order, only present */
    int n_source;
} sg_act_result;

/* Summarises the actions (optionally only one owner agency: agency NULL = all). */
int sg_act_summarise(const sg_reg_set *actions, const sg_reg_set *recommendations, sg_date today,
                     int drift_days, const char *agency, sg_act_result *out);

#endif

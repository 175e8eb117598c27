/* risks.h - the risk register: each risk (what it is, its effect, owner,
 * mitigation, status, next review date) and its reviews (likelihood and impact 1-5 on a
 * date), so that the score (likelihood x impact) and its movement since the last review are
 * kept, not overwritten; with the computed views: overdue reviews, top risks, movement.
 * Template and code lists: docs/registers.md. */
#ifndef SG_RISKS_H
#define SG_RISKS_H

#include "registers/register.h"

#include <stdbool.h>

extern const sg_register sg_reg_risk;        /* "risk" */
extern const sg_register sg_reg_risk_review; /* "risk_review" */

#define SG_RISK_TOP 5 /* the top risks view shows this many */

typedef enum sg_risk_move {
    SG_RISK_UNASSESSED = 0, /* no review yet */
    SG_RISK_NEW,            /* one review: nothing to compare with */
    SG_RISK_UP,
    SG_RISK_SAME,
    SG_RISK_DOWN,
} sg_risk_move;

typedef struct sg_risk_row {
    char ref[48];
    bool open;
    int likelihood, impact, score; /* the latest review's; 0 when unassessed */
    sg_date reviewed;              /* the latest review's date */
    int prev_score;                /* the review before (0 when none) */
    sg_risk_move move;
    int change;          /* score - prev_score */
    const char *rating;  /* "low", "medium", "high", "very high" (static) or "" */
    sg_date next_review; /* SG_DATE_NONE when not set */
    bool overdue;        /* open and next_review before today */
    long days_overdue;
} sg_risk_row;

/* The rating of a score: 1-4 low, 5-9 medium, 10-14 high, 15-25 very high; "" for 0. */
const char *sg_risk_rating(int score);

/* One row per risk (borrowed sets), sorted by score descending, then reference (the order of
 * the top risks view; unassessed risks last). Reviews of unknown risks are ignored. The
 * latest review is the one with the latest review_date. *out is xmalloc'd (caller frees);
 * *n the count. */
int sg_risk_rows(const sg_reg_set *risks, const sg_reg_set *reviews, sg_date today,
                 sg_risk_row **out, size_t *n);

#endif

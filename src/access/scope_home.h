/* scope_home.h - "what needs me": the items a logged-in person should act on, gathered through
 * the scoped query layer (access/scope.h, access/scope_returns.h) so each role sees only what it
 * may: overdue and due-soon case review clocks (registers/reg_case_review.h; not for agency data
 * owners, who cannot read that register), overdue and drifting actions (an agency data owner:
 * its own agency's only), and partner returns missing, due soon or refused (an agency data
 * owner: its own organisation's, one item each; other roles with SG_CAP_SUBMISSIONS: one item
 * counting the missing returns). Items carry a register key, an organisation or a period, never
 * a child identifier. */
#ifndef SG_ACCESS_SCOPE_HOME_H
#define SG_ACCESS_SCOPE_HOME_H

#include "access/scope.h"

#include <stddef.h>

typedef enum sg_need_rank {
    SG_NEED_OVERDUE = 0, /* a deadline has passed */
    SG_NEED_SOON,        /* due within soon_days, or drifting */
} sg_need_rank;

typedef struct sg_need {
    sg_need_rank rank;
    char kind[16];  /* "case_review", "action", "return" */
    char text[384]; /* plain English: what and how late (a key is at most 200 bytes) */
    char href[640]; /* the page to act on it (a key percent-encoded) */
    sg_date due;    /* the deadline (SG_DATE_NONE when none, e.g. drift) */
    int days;       /* days overdue / until due / since the last update */
} sg_need;

typedef struct sg_needs {
    sg_need *v;
    size_t n, cap;
    long overdue, soon; /* counts by rank */
} sg_needs;

void sg_needs_fini(sg_needs *n);

/* Fills out (initialised here) with what needs the principal on today, most urgent first:
 * rank, then due date (earliest first; no date last), then kind and text. soon_days: a running
 * clock or an open return due within this many days counts as due soon (e.g. 7); drift_days as
 * registers/reg_actions.h (0 = SG_ACT_DRIFT_DAYS). The public and roles with none of the
 * capabilities get an empty list. */
int sg_scope_needs(const sg_scope *sc, sg_date today, int soon_days, int drift_days, sg_needs *out,
                   sg_error *err);

#endif

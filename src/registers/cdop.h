/* cdop.h - the child death register: notifications of child deaths to the
 * Child Death Overview Panel, the reviews it completes, the category of death, whether
 * modifiable factors were identified and their themes; with the computed view for a year:
 * notifications, reviews completed, categories, modifiable factors yes/no and themes, and the
 * recommendations and actions linked to the reviews (source "child_death:REF" in the
 * recommendation and action registers). Template and code lists: docs/registers.md. */
#ifndef SG_CDOP_H
#define SG_CDOP_H

#include "registers/register.h"

#include <stdbool.h>

extern const sg_register sg_reg_child_death; /* "child_death" */
extern const sg_reg_code sg_cdop_categories[];
extern const sg_reg_code sg_cdop_themes[];

#define SG_CDOP_MAX_CODES 24

/* A count with its percentage of a denominator (1 dp, core/num.h; has_pct false for 0). */
typedef struct sg_cdop_count {
    long n;
    bool has_pct;
    double pct;
} sg_cdop_count;

typedef struct sg_cdop_year {
    int year;                                  /* financial year start */
    long notifications;                        /* notification_date in the year */
    long expected, unexpected;                 /* of the notifications */
    long reviewed;                             /* review_date in the year: the denominator below */
    sg_cdop_count category[SG_CDOP_MAX_CODES]; /* per sg_cdop_categories index */
    sg_cdop_count modifiable_yes, modifiable_no;
    long modifiable_unknown; /* reviewed with no modifiable flag (not in the percentages) */
    sg_cdop_count theme[SG_CDOP_MAX_CODES]; /* per sg_cdop_themes index, % of reviews with
                                               modifiable factors */
    long reviews_with_links; /* reviews of the year with a linked recommendation or action */
    long recommendations;    /* recommendations whose source is one of the year's reviews */
    long actions;            /* actions whose source is one of the year's reviews, directly or
                                through one of those recommendations */
    long open_at_year_end;   /* notified on or before the year's end, not reviewed by then */
} sg_cdop_year;

/* Computes year `year` (1 April year .. 31 March year+1) from the child death records and the
 * recommendation and action records (borrowed; either may be NULL = none). Categories and
 * modifiable factors are over the reviews completed in the year; themes are a share of the
 * reviews with modifiable factors. */
int sg_cdop_year_counts(const sg_reg_set *deaths, const sg_reg_set *recommendations,
                        const sg_reg_set *actions, int year, sg_cdop_year *out);

#endif

/* reg_case_review.h - the case review register: serious incident
 * notifications, the National Panel notification (5 working days), the rapid review (15
 * working days), the decision, the LCSPR and its publication; with the clocks and the counts
 * for the year. Template and code lists: docs/registers.md. */
#ifndef SG_REG_CASE_REVIEW_H
#define SG_REG_CASE_REVIEW_H

#include "registers/register.h"
#include "registers/view.h"

extern const sg_register sg_reg_case_review;
extern const sg_reg_code sg_cr_themes[];

#define SG_CR_NOTIFY_DAYS 5    /* working days from learning of the incident */
#define SG_CR_RAPID_DAYS 15    /* working days from learning of the incident */
#define SG_CR_PUBLISH_MONTHS 6 /* an LCSPR is normally published within 6 months of starting */
#define SG_CR_MAX_THEMES 32

typedef struct sg_cr_clocks {
    sg_clock notify;  /* learned_date + 5 working days, done = notification_date */
    sg_clock rapid;   /* learned_date + 15 working days, done = rapid_review_date */
    sg_clock publish; /* lcspr_commissioned_date + 6 months (calendar), done = published_date;
                         NA unless the decision is LCSPR and it was commissioned */
} sg_cr_clocks;

/* The clocks of one case review record on today. */
void sg_cr_clocks_of(const sg_reg_record *rec, sg_date today, sg_cr_clocks *out);

/* How urgent a review's clocks are, for listing urgent first: 0 when a clock is overdue
 * (*due = the earliest due date of its overdue clocks), 1 when one is running and not overdue
 * (*due = the earliest due date of those), 2 when none is running (*due = SG_DATE_NONE). Sorting
 * by (rank, due) lists the most overdue first, then the one due soonest. */
int sg_cr_urgency(const sg_cr_clocks *c, sg_date *due);

/* Counts for financial year `year` (1 April year .. 31 March year+1), as the partnerships'
 * annual reports tabulate them. A notification belongs to the year its learned_date falls in;
 * commissioned and published count by their own dates. */
typedef struct sg_cr_year {
    int year;
    long notifications, deaths, serious_harm;
    /* Timeliness: measured = the step is done, or not done and overdue (a step still inside
     * its time is not yet measurable). Percentages are on_time / measured to 1 dp (core/num.h
     * rounding); has_pct false when measured is 0. */
    long notified, notify_on_time, notify_measured;
    long rapid_done, rapid_on_time, rapid_measured;
    double notify_pct, rapid_pct;
    bool has_notify_pct, has_rapid_pct;
    long overdue_now; /* of the year's notifications, steps (notification or rapid review)
                         overdue on today */
    long dec_lcspr, dec_local, dec_none, dec_pending;
    long lcspr_commissioned, published;
    long themes[SG_CR_MAX_THEMES]; /* per sg_cr_themes index, over the year's notifications */
} sg_cr_year;

int sg_cr_year_counts(const sg_reg_set *set, int year, sg_date today, sg_cr_year *out);

#endif

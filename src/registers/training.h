/* training.h - the training registers: courses, sessions, bookings with
 * attendance, and evaluations (rating 1-5, knowledge before and after 0-10); with the
 * computed views: sessions, booked, attended and % attending per course and overall,
 * attendance and no-shows by agency, % rating good or excellent, mean knowledge uplift and
 * the share improving. Templates and code lists: docs/registers.md. */
#ifndef SG_TRAINING_H
#define SG_TRAINING_H

#include "registers/register.h"

#include <stdbool.h>

extern const sg_register sg_reg_training_course;     /* "training_course" */
extern const sg_register sg_reg_training_session;    /* "training_session" */
extern const sg_register sg_reg_training_booking;    /* "training_booking" */
extern const sg_register sg_reg_training_evaluation; /* "training_evaluation" */

/* Figures for one course, one agency or everything. Percentages are to 1 dp with the one
 * rounding rule (core/num.h); a has_ flag is false when its denominator is 0. */
typedef struct sg_tr_stats {
    char name[48];     /* course or agency code; "" for the overall row */
    long sessions;     /* sessions held in the period (course and overall rows) */
    long places;       /* sum of the sessions' capacities */
    long booked;       /* bookings other than CANCELLED_EARLY (the place was taken) */
    long attended;     /* ATTENDED */
    long no_show;      /* NO_SHOW */
    long late_cancel;  /* CANCELLED_LATE */
    long early_cancel; /* CANCELLED_EARLY (not in booked) */
    long unrecorded;   /* booked, attendance not yet recorded */
    bool has_attend_pct;
    double attend_pct; /* attended / booked */
    long rated, good;  /* evaluations with a rating; of them rating 4 or 5 */
    bool has_good_pct;
    double good_pct; /* good / rated */
    long paired;     /* evaluations with knowledge before and after */
    long improving;  /* of them after > before */
    long uplift_sum; /* sum of (after - before) */
    bool has_uplift;
    double mean_uplift;   /* uplift_sum / paired, 1 dp, halves away from zero */
    double improving_pct; /* improving / paired */
} sg_tr_stats;

typedef struct sg_tr_summary {
    sg_tr_stats *course; /* by course key; owned */
    size_t ncourse;
    sg_tr_stats *agency; /* by agency code (attendance only); owned */
    size_t nagency;
    sg_tr_stats overall;
} sg_tr_summary;

/* Computes the figures for sessions dated first..last (inclusive; SG_DATE_NONE = open) from
 * the four registers' records (borrowed). Bookings and evaluations belong to the period of
 * their session; those of an unknown session are ignored. Courses with no session in the
 * period are listed with zeros. out is caller-owned; free with _fini. */
int sg_tr_compute(const sg_reg_set *courses, const sg_reg_set *sessions, const sg_reg_set *bookings,
                  const sg_reg_set *evaluations, sg_date first, sg_date last, sg_tr_summary *out);
void sg_tr_summary_fini(sg_tr_summary *sum);

#endif

/* return_calendar.h - the partner return calendar: what each organisation owes for each period
 * (every SUBMITTED measure of the catalogue is owed by its owner at its frequency, while the
 * owner is a member on the period's last day), when it is due (the setting returns.due_days:
 * N working days after the period ends, core/workdays.h), its status on a day (open, due,
 * received on time, late, missing) with its resubmissions, the measures supplied, and the
 * queries raised (refused returns and validation findings); the chase list; and the data
 * quality per organisation by quarter and year (timeliness, completeness, resubmissions,
 * queries). Built by pure functions over the catalogue, the organisations, the partner-return
 * submissions (store/return_receipt.h) and the live values (indicators/partner.h); rendered as
 * view documents (registers/view.h) for the CLI (`safeguard returns`) and the web pages.
 * Rules: docs/registers.md, "The return calendar". */
#ifndef SG_RETURN_CALENDAR_H
#define SG_RETURN_CALENDAR_H

#include "core/date.h"
#include "core/sg.h"
#include "indicators/catalogue.h"
#include "indicators/partner.h"
#include "registers/register.h"
#include "registers/view.h"
#include "store/return_receipt.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum sg_ret_state {
    SG_RET_OPEN = 0, /* the period has not ended on the day */
    SG_RET_DUE,      /* ended, nothing received, due date today or later */
    SG_RET_ON_TIME,  /* first accepted return received on or before the due date */
    SG_RET_LATE,     /* first accepted return received after the due date */
    SG_RET_MISSING,  /* nothing accepted received and the due date has passed */
} sg_ret_state;

/* The state of one owed return on day as_of: received is the day the first accepted return was
 * received (SG_DATE_NONE: none by as_of). Received on the due day is on time, a day after is
 * late; with none, the day after the period's last day is due, the day after the due date is
 * missing. days (may be NULL): LATE calendar days late, MISSING days overdue, DUE days until
 * due (0 = today), else 0. */
sg_ret_state sg_ret_state_of(sg_date period_end, sg_date due, sg_date received, sg_date as_of,
                             int *days);
/* "open", "due", "on_time", "late", "missing". */
const char *sg_ret_state_code(sg_ret_state s);

/* The due date of a return for a period ending on period_end: due_days working days after it
 * (0: period_end itself when a working day, else the next working day). */
sg_date sg_ret_due(sg_date period_end, int due_days);

typedef struct sg_ret_entry {
    char organisation[64];
    char name[201]; /* the organisation's name from the register, else its short name */
    char period[16];
    sg_date period_end, due;
    size_t owed;     /* measures owed */
    size_t supplied; /* of them, with a value in the live return */
    sg_ret_state state;
    int days;              /* as sg_ret_state_of */
    sg_date received;      /* first accepted return's day, SG_DATE_NONE when none */
    int resubmissions;     /* accepted returns after the first (received by as_of) */
    int refused;           /* refused returns by as_of: stored with rejected rows, or recorded as
                              refused (store/return_receipt.h, return_refusal) */
    long findings;         /* validation errors and queries on the accepted returns */
    long refusal_problems; /* the problems of the recorded refusals */
    long queries;          /* stored returns with rejected rows (1 each), the recorded refusals'
                              problems and the findings */
    int64_t latest;        /* the latest accepted return received by as_of (0 = none) */
} sg_ret_entry;

typedef struct sg_ret_calendar {
    sg_ret_entry *v;
    size_t n, cap;
    sg_date as_of;
    int first_fy, last_fy, due_days;
} sg_ret_calendar;

void sg_ret_calendar_fini(sg_ret_calendar *c);

/* The inputs, loaded or built by hand (tests). orgs may be NULL (every owner owes always);
 * live may be NULL (nothing supplied). */
typedef struct sg_ret_inputs {
    const sg_catalogue *cat;
    const sg_reg_set *orgs;
    const sg_return_subs *subs;
    const sg_partner_values *live;
    const sg_return_refusals *refusals; /* may be NULL: none */
} sg_ret_inputs;

/* Every owed return of periods ending in financial years first_fy..last_fy (2024 = 2024-25),
 * ordered by due date, organisation, period, with its state on as_of. A return counts as
 * accepted when it has no rejected row; one with rejected rows is refused (it counts as a
 * query, not as received); a recorded refusal counts as refused and its problems as queries.
 * Submissions received (and refusals recorded) after as_of are not seen. */
void sg_ret_build(const sg_ret_inputs *in, int first_fy, int last_fy, int due_days, sg_date as_of,
                  sg_ret_calendar *out);

/* Data quality of one organisation over a set of entries. */
typedef struct sg_ret_quality {
    long returns; /* owed returns measured: on time, late or missing */
    long on_time, late, missing;
    long owed, supplied; /* measures owed by the measured returns, and supplied */
    long resubmissions, queries;
    long refused; /* refused returns */
} sg_ret_quality;

/* Adds entry e to q (returns still open or due are not measured, but their resubmissions and
 * queries count). */
void sg_ret_quality_add(sg_ret_quality *q, const sg_ret_entry *e);

/* The financial quarter (1-4) holding d. */
int sg_ret_quarter_of(sg_date d);

/* ---- from the store ---- */

/* Loads the catalogue, organisations, partner returns and live values, reads returns.due_days
 * and builds the calendar for the years (first_fy..last_fy). */
int sg_ret_load(sg_store *s, int first_fy, int last_fy, sg_date as_of, sg_ret_calendar *out,
                sg_error *err);

/* The documents: the chase list on as_of (missing and due returns of the year holding as_of and
 * the year before), the calendar of a year, and the data quality of a year by quarter. agency
 * (may be NULL) restricts each to one organisation (a data owner's own). */
int sg_ret_due_doc(sg_store *s, sg_date as_of, const char *organisation, sg_view_doc *doc,
                   sg_error *err);
int sg_ret_calendar_doc(sg_store *s, int fy, sg_date as_of, const char *organisation,
                        sg_view_doc *doc, sg_error *err);
int sg_ret_quality_doc(sg_store *s, int fy, sg_date as_of, const char *organisation,
                       sg_view_doc *doc, sg_error *err);

#endif

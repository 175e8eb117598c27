/* reg_audit.h - multi-agency audits as four linked registers: the audit
 * (theme, methodology, schedule), its cases (pseudonymous), the agency returns requested and
 * received for each case, and the grades per case and domain. Findings become actions whose
 * source is audit:AUDIT_REF. Computed: return rate, grade distribution, delays against the
 * schedule. Template and code lists: docs/registers.md. */
#ifndef SG_REG_AUDIT_H
#define SG_REG_AUDIT_H

#include "registers/register.h"
#include "registers/view.h"

extern const sg_register sg_reg_audit;
extern const sg_register sg_reg_audit_case;
extern const sg_register sg_reg_audit_return;
extern const sg_register sg_reg_audit_grade;
/* Grades in order: OUTSTANDING, GOOD, REQUIRES_IMPROVEMENT, INADEQUATE. */
extern const sg_reg_code sg_audit_grades[];
extern const sg_reg_code sg_audit_domains[];

#define SG_AUDIT_NGRADES 4
#define SG_AUDIT_MAX_AGENCIES 16

typedef struct sg_audit_stats {
    char audit[SG_REG_KEY_MAX + 1];
    long cases;
    /* Agency returns: requested rows; received (received_date given); on time (received on
     * or before their due_date); outstanding (not received); overdue (not received, due_date
     * before today). return_pct = received / requested, to 1 dp. */
    long requested, received, on_time, outstanding, overdue;
    double return_pct;
    bool has_return_pct;
    long agency_requested[SG_AUDIT_MAX_AGENCIES], agency_received[SG_AUDIT_MAX_AGENCIES];
    /* Grades (one domain, or all domains): counts per sg_audit_grades index and their share
     * of graded to 1 dp (each rounded on its own, so they need not add up to 100.0). */
    long grades[SG_AUDIT_NGRADES], graded;
    double grade_pct[SG_AUDIT_NGRADES];
    bool has_grade_pct;
    /* Schedule, calendar days: returns (due returns_due, done = the last return received,
     * once all are in), panel (due panel_planned, done panel_held), report (due report_due,
     * done report_date). NA when the planned date is absent. */
    sg_clock returns, panel, report;
} sg_audit_stats;

/* Statistics of the audit with key audit_ref on today. domain NULL = grades of all domains.
 * SG_ENOTFOUND when audits has no such audit. */
int sg_audit_stats_of(const char *audit_ref, const sg_reg_set *audits, const sg_reg_set *cases,
                      const sg_reg_set *returns, const sg_reg_set *grades, sg_date today,
                      const char *domain, sg_audit_stats *out);

#endif

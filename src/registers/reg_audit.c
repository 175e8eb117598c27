/* reg_audit.c - the multi-agency audit registers (audit, audit_case, audit_return,
 * audit_grade) and their computed views. */
#include "registers/reg_audit.h"

#include "core/num.h"

#include <stdio.h>
#include <string.h>

static const sg_reg_code methodologies[] = {
    {"CASE_AUDIT", "multi-agency case file audit with a practitioner panel"},
    {"DEEP_DIVE", "a deep dive into a small number of cases"},
    {"DIP_SAMPLE", "a dip sample of records against a checklist"},
    {"THEMATIC", "a thematic review across agencies"},
    {"PRACTITIONER_SURVEY", "a survey or focus groups of practitioners"},
    {"OTHER", "another method (say which in scope)"},
    {NULL, NULL},
};

const sg_reg_code sg_audit_grades[] = {
    {"OUTSTANDING", "outstanding"},
    {"GOOD", "good"},
    {"REQUIRES_IMPROVEMENT", "requires improvement"},
    {"INADEQUATE", "inadequate"},
    {NULL, NULL},
};

const sg_reg_code sg_audit_domains[] = {
    {"OVERALL", "the overall grade for the case"},
    {"IDENTIFICATION", "identification of need and risk, early help"},
    {"ASSESSMENT", "quality of assessment"},
    {"PLANNING", "planning and review"},
    {"INFORMATION_SHARING", "information sharing and joint working"},
    {"VOICE_OF_CHILD", "the child's voice and lived experience"},
    {"OVERSIGHT", "management oversight and supervision"},
    {"OUTCOMES", "impact and outcomes for the child"},
    {"RECORDING", "quality of recording"},
    {NULL, NULL},
};

static const sg_reg_col audit_cols[] = {
    {.name = "audit_ref",
     .type = SG_RT_TEXT,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .max = 40,
     .doc = "the audit's reference, e.g. MAA-2024-1"},
    {.name = "theme",
     .type = SG_RT_TEXT,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .max = 200,
     .doc = "what is audited, e.g. neglect"},
    {.name = "methodology",
     .type = SG_RT_ENUM,
     .flags = SG_RF_REQUIRED,
     .codes = methodologies,
     .doc = "how it is audited"},
    {.name = "scope", .type = SG_RT_TEXT, .doc = "sample, period and questions"},
    {.name = "lead_agency", .type = SG_RT_AGENCY, .doc = "the agency leading the audit"},
    {.name = "planned_start",
     .type = SG_RT_DATE,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .doc = "the planned start"},
    {.name = "returns_due",
     .type = SG_RT_DATE,
     .not_before = "planned_start",
     .doc = "the date all agency returns are due"},
    {.name = "panel_planned",
     .type = SG_RT_DATE,
     .not_before = "planned_start",
     .doc = "the planned date of the multi-agency panel"},
    {.name = "report_due",
     .type = SG_RT_DATE,
     .not_before = "planned_start",
     .doc = "the date the report is due"},
    {.name = "started_date",
     .type = SG_RT_DATE,
     .flags = SG_RF_PAST,
     .doc = "the date it actually started"},
    {.name = "panel_held",
     .type = SG_RT_DATE,
     .flags = SG_RF_PAST,
     .not_before = "started_date",
     .doc = "the date the panel was held"},
    {.name = "report_date",
     .type = SG_RT_DATE,
     .flags = SG_RF_PAST,
     .not_before = "started_date",
     .doc = "the date the report was presented"},
    {.name = "summary", .type = SG_RT_TEXT, .doc = "headline findings"},
};

static const sg_reg_col case_cols[] = {
    {.name = "audit",
     .type = SG_RT_REF,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .ref = "audit",
     .doc = "the audit (its audit_ref)"},
    {.name = "case_no",
     .type = SG_RT_TEXT,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .max = 20,
     .doc = "the case's number within the audit, e.g. C01"},
    {.name = "child",
     .type = SG_RT_PSEUDONYM,
     .flags = SG_RF_REQUIRED,
     .doc = "the child's pseudonym (or child_la_id: the LA child ID, pseudonymised on entry)"},
    {.name = "notes", .type = SG_RT_TEXT, .doc = "why the case was chosen (no identifiers)"},
};

static const sg_reg_col return_cols[] = {
    {.name = "case",
     .type = SG_RT_REF,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .ref = "audit_case",
     .doc = "the case: AUDIT_REF/CASE_NO, e.g. MAA-2024-1/C01"},
    {.name = "agency",
     .type = SG_RT_AGENCY,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .doc = "the agency asked for a return (agency code)"},
    {.name = "requested_date",
     .type = SG_RT_DATE,
     .flags = SG_RF_REQUIRED | SG_RF_PAST,
     .doc = "the date the return was requested"},
    {.name = "due_date",
     .type = SG_RT_DATE,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .not_before = "requested_date",
     .doc = "the date it is due"},
    {.name = "received_date",
     .type = SG_RT_DATE,
     .flags = SG_RF_PAST | SG_RF_BRIEF,
     .not_before = "requested_date",
     .doc = "the date it was received (blank = not yet)"},
    {.name = "notes", .type = SG_RT_TEXT, .doc = "anything else"},
};

static const sg_reg_col grade_cols[] = {
    {.name = "case",
     .type = SG_RT_REF,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .ref = "audit_case",
     .doc = "the case: AUDIT_REF/CASE_NO"},
    {.name = "domain",
     .type = SG_RT_ENUM,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .codes = sg_audit_domains,
     .doc = "what is graded"},
    {.name = "grade",
     .type = SG_RT_ENUM,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .codes = sg_audit_grades,
     .doc = "the grade"},
    {.name = "finding", .type = SG_RT_TEXT, .doc = "the finding behind the grade"},
};

/* ---- computation ---- */

static int code_index(const sg_reg_code *codes, const char *code)
{
    for (int i = 0; code && codes[i].code; i++)
        if (strcmp(codes[i].code, code) == 0) return i;
    return -1;
}

/* The audit a case key belongs to, via the case record. */
static const char *audit_of_case(const sg_reg_set *cases, const char *case_key)
{
    const sg_reg_record *c = case_key ? sg_reg_set_find(cases, case_key) : NULL;
    return c ? sg_reg_get(c, "audit") : NULL;
}

int sg_audit_stats_of(const char *audit_ref, const sg_reg_set *audits, const sg_reg_set *cases,
                      const sg_reg_set *returns, const sg_reg_set *grades, sg_date today,
                      const char *domain, sg_audit_stats *out)
{
    memset(out, 0, sizeof *out);
    const sg_reg_record *a = sg_reg_set_find(audits, audit_ref);
    if (!a) return SG_ENOTFOUND;
    snprintf(out->audit, sizeof out->audit, "%s", audit_ref);
    for (size_t i = 0; i < cases->n; i++) {
        const char *au = sg_reg_get(&cases->rec[i], "audit");
        if (au && strcmp(au, audit_ref) == 0) out->cases++;
    }
    sg_date last_received = SG_DATE_NONE;
    for (size_t i = 0; i < returns->n; i++) {
        const sg_reg_record *r = &returns->rec[i];
        const char *au = audit_of_case(cases, sg_reg_get(r, "case"));
        if (!au || strcmp(au, audit_ref) != 0) continue;
        out->requested++;
        int ag = code_index(sg_reg_agencies, sg_reg_get(r, "agency"));
        if (ag >= 0 && ag < SG_AUDIT_MAX_AGENCIES) out->agency_requested[ag]++;
        sg_date due = sg_reg_get_date(r, "due_date"), got = sg_reg_get_date(r, "received_date");
        if (got != SG_DATE_NONE) {
            out->received++;
            if (ag >= 0 && ag < SG_AUDIT_MAX_AGENCIES) out->agency_received[ag]++;
            if (got <= due) out->on_time++;
            if (last_received == SG_DATE_NONE || got > last_received) last_received = got;
        } else {
            out->outstanding++;
            if (due < today) out->overdue++;
        }
    }
    out->has_return_pct = sg_pct(out->received, out->requested, &out->return_pct) == SG_OK;
    for (size_t i = 0; i < grades->n; i++) {
        const sg_reg_record *g = &grades->rec[i];
        const char *au = audit_of_case(cases, sg_reg_get(g, "case"));
        if (!au || strcmp(au, audit_ref) != 0) continue;
        if (domain && strcmp(sg_reg_get(g, "domain"), domain) != 0) continue;
        int k = code_index(sg_audit_grades, sg_reg_get(g, "grade"));
        if (k < 0) continue;
        out->grades[k]++;
        out->graded++;
    }
    out->has_grade_pct = out->graded > 0;
    for (int k = 0; k < SG_AUDIT_NGRADES && out->has_grade_pct; k++)
        sg_pct(out->grades[k], out->graded, &out->grade_pct[k]);
    sg_date start = sg_reg_get_date(a, "planned_start");
    bool all_in = out->requested > 0 && out->outstanding == 0;
    out->returns = sg_clock_due(start, sg_reg_get_date(a, "returns_due"),
                                all_in ? last_received : SG_DATE_NONE, today);
    out->panel = sg_clock_due(start, sg_reg_get_date(a, "panel_planned"),
                              sg_reg_get_date(a, "panel_held"), today);
    out->report = sg_clock_due(start, sg_reg_get_date(a, "report_due"),
                               sg_reg_get_date(a, "report_date"), today);
    return SG_OK;
}

/* ---- views ---- */

typedef struct audit_sets {
    sg_reg_set audits, cases, returns, grades;
} audit_sets;

static int load_all(sg_store *s, audit_sets *a, sg_error *err)
{
    int rc = sg_reg_load(s, &sg_reg_audit, &a->audits, err);
    if (rc) {
        sg_reg_set_init(&a->cases, &sg_reg_audit_case);
        sg_reg_set_init(&a->returns, &sg_reg_audit_return);
        sg_reg_set_init(&a->grades, &sg_reg_audit_grade);
        return rc;
    }
    rc = sg_reg_load(s, &sg_reg_audit_case, &a->cases, err);
    if (rc) {
        sg_reg_set_init(&a->returns, &sg_reg_audit_return);
        sg_reg_set_init(&a->grades, &sg_reg_audit_grade);
        return rc;
    }
    rc = sg_reg_load(s, &sg_reg_audit_return, &a->returns, err);
    if (rc) {
        sg_reg_set_init(&a->grades, &sg_reg_audit_grade);
        return rc;
    }
    return sg_reg_load(s, &sg_reg_audit_grade, &a->grades, err);
}

static void free_all(audit_sets *a)
{
    sg_reg_set_fini(&a->audits);
    sg_reg_set_fini(&a->cases);
    sg_reg_set_fini(&a->returns);
    sg_reg_set_fini(&a->grades);
}

static void num(char out[32], long v)
{
    snprintf(out, 32, "%ld", v);
}

static int view_summary(sg_store *s, const sg_register *reg, const sg_reg_view_opts *in,
                        sg_view_doc *out, sg_error *err)
{
    (void)reg;
    sg_reg_view_opts o;
    sg_reg_view_defaults(in, &o);
    audit_sets a;
    int rc = load_all(s, &a, err);
    static const char *const head1[] = {
        "audit",     "theme",       ">cases",   ">returns requested",
        ">received", ">% received", ">on time", ">overdue"};
    static const char *const head2[] = {
        "audit", ">graded", ">outstanding", ">good", ">requires improvement", ">inadequate"};
    static const char *const head3[] = {"audit", "returns due", "returns", "panel planned",
                                        "panel", "report due",  "report"};
    static const char *const head4[] = {"agency", ">returns requested", ">received", ">% received"};
    if (rc) {
        free_all(&a);
        return rc;
    }
    /* the document's order; the tables are filled together below */
    char today[11];
    sg_view_heading(out, 1, "Multi-agency audits on %s", sg_date_iso(o.today, today));
    sg_view_gap(out);
    sg_view_heading(out, 2, "Agency returns");
    sg_tab *t1 = sg_view_table(out, NULL, 8, head1);
    sg_view_gap(out);
    sg_view_heading(out, 2, "Returns by agency (all audits)");
    sg_tab *t4 = sg_view_table(out, NULL, 4, head4);
    sg_view_gap(out);
    sg_view_heading(out, 2, "Grades (all domains; share of graded)");
    sg_tab *t2 = sg_view_table(out, NULL, 6, head2);
    sg_view_gap(out);
    sg_view_heading(out, 2, "Schedule (calendar days)");
    sg_tab *t3 = sg_view_table(out, NULL, 7, head3);
    long agency_req[SG_AUDIT_MAX_AGENCIES] = {0}, agency_got[SG_AUDIT_MAX_AGENCIES] = {0};
    for (size_t i = 0; i < a.audits.n; i++) {
        const sg_reg_record *au = &a.audits.rec[i];
        sg_audit_stats st;
        sg_audit_stats_of(au->key, &a.audits, &a.cases, &a.returns, &a.grades, o.today, NULL, &st);
        char v[8][32];
        num(v[0], st.cases);
        num(v[1], st.requested);
        num(v[2], st.received);
        sg_fmt_pct(st.received, st.requested, v[3]);
        num(v[4], st.on_time);
        num(v[5], st.overdue);
        const char *r1[] = {au->key, sg_reg_get(au, "theme"), v[0], v[1], v[2], v[3], v[4], v[5]};
        sg_tab_row(t1, r1);
        char g[4][64], gn[32];
        num(gn, st.graded);
        for (int k = 0; k < SG_AUDIT_NGRADES; k++) {
            char p[32];
            sg_fmt_pct(st.grades[k], st.graded, p);
            if (st.graded)
                snprintf(g[k], sizeof g[k], "%ld (%s%%)", st.grades[k], p);
            else
                snprintf(g[k], sizeof g[k], "-");
        }
        const char *r2[] = {au->key, gn, g[0], g[1], g[2], g[3]};
        sg_tab_row(t2, r2);
        char c[3][64], d[3][11];
        sg_clock_text(&st.returns, c[0], sizeof c[0]);
        sg_clock_text(&st.panel, c[1], sizeof c[1]);
        sg_clock_text(&st.report, c[2], sizeof c[2]);
        sg_date_iso(st.returns.due, d[0]);
        sg_date_iso(st.panel.due, d[1]);
        sg_date_iso(st.report.due, d[2]);
        const char *r3[] = {au->key, d[0], c[0], d[1], c[1], d[2], c[2]};
        sg_tab_row(t3, r3);
        for (int k = 0; k < SG_AUDIT_MAX_AGENCIES; k++) {
            agency_req[k] += st.agency_requested[k];
            agency_got[k] += st.agency_received[k];
        }
    }
    for (int k = 0; sg_reg_agencies[k].code && k < SG_AUDIT_MAX_AGENCIES; k++) {
        if (!agency_req[k]) continue;
        char v[3][32];
        num(v[0], agency_req[k]);
        num(v[1], agency_got[k]);
        sg_fmt_pct(agency_got[k], agency_req[k], v[2]);
        const char *r4[] = {sg_reg_agencies[k].code, v[0], v[1], v[2]};
        sg_tab_row(t4, r4);
    }
    free_all(&a);
    return sg_view_check(out, err);
}

static const sg_reg_view audit_views[] = {
    {"summary",
     "per audit: return rate, grade distribution, delays against the schedule; "
     "returns by agency",
     view_summary},
};

const sg_register sg_reg_audit = {
    .name = "audit",
    .title = "Multi-agency audits",
    .doc = "One record per audit: theme, methodology and schedule. Cases, agency returns and "
           "grades are in audit_case, audit_return and audit_grade; actions from its findings "
           "have source audit:AUDIT_REF.",
    .cols = audit_cols,
    .ncols = (int)(sizeof audit_cols / sizeof audit_cols[0]),
    .views = audit_views,
    .nviews = (int)(sizeof audit_views / sizeof audit_views[0]),
};

const sg_register sg_reg_audit_case = {
    .name = "audit_case",
    .title = "Multi-agency audit cases",
    .doc = "The cases of an audit, by pseudonym. Key: AUDIT_REF/CASE_NO.",
    .cols = case_cols,
    .ncols = (int)(sizeof case_cols / sizeof case_cols[0]),
};

const sg_register sg_reg_audit_return = {
    .name = "audit_return",
    .title = "Multi-agency audit returns",
    .doc = "One record per case and agency asked for a return. Key: AUDIT_REF/CASE_NO/AGENCY.",
    .cols = return_cols,
    .ncols = (int)(sizeof return_cols / sizeof return_cols[0]),
};

const sg_register sg_reg_audit_grade = {
    .name = "audit_grade",
    .title = "Multi-agency audit grades",
    .doc = "One grade per case and domain. Key: AUDIT_REF/CASE_NO/DOMAIN.",
    .cols = grade_cols,
    .ncols = (int)(sizeof grade_cols / sizeof grade_cols[0]),
};

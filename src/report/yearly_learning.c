/* yearly_learning.c - the yearly report's learning sections, from the registers: learning from
 * case reviews (and the actions they led to), multi-agency audits, Section 11 / 175
 * self-assessment and training with its evaluation. */
#include "report/yearly_int.h"

#include "core/period.h"
#include "core/mem.h"
#include "core/num.h"
#include "indicators/indicators.h"
#include "registers/cdop.h"
#include "registers/finance.h"
#include "registers/lado_views.h"
#include "registers/reg_actions.h"
#include "registers/reg_audit.h"
#include "registers/reg_case_review.h"
#include "registers/risks.h"
#include "registers/section11.h"
#include "registers/training.h"
#include "registers/voice.h"
#include "indicators/targets.h"
#include "report/booklet.h"
#include "report/narrative.h"
#include "report/publish_check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- learning from reviews ---- */

/* Actions by source kind: what changed as a result. */
static void actions_by_source(bctx *c, sg_yr_section *s, const char *kind, const char *caption)
{
    const sg_reg_set *acts = yr_reg(c, "action"), *recs = yr_reg(c, "recommendation");
    long long total = 0, done = 0, closed = 0, evidence = 0, impact = 0, overdue = 0;
    for (size_t k = 0; k < acts->n; k++) {
        sg_act_flags fl;
        sg_act_flags_of(&acts->rec[k], recs, c->as_at, SG_ACT_DRIFT_DAYS, &fl);
        if (strcmp(fl.source, kind) != 0) continue;
        const char *st = sg_reg_get(&acts->rec[k], "status");
        total++;
        if (st && strcmp(st, "COMPLETED") == 0) {
            done++;
            if (sg_reg_get(&acts->rec[k], "evidence")) evidence++;
        }
        if (st && strcmp(st, "CLOSED_NOT_DONE") == 0) closed++;
        if (fl.overdue) overdue++;
        if (sg_reg_get_date(&acts->rec[k], "impact_checked_date") != SG_DATE_NONE) impact++;
    }
    if (total == 0) {
        sg_yr_note(s, "No actions from %s are recorded in the action register.", caption);
        return;
    }
    char detail[200], period[24], asat[11], src[96], id[96];
    yr_reg_detail(acts, detail, sizeof detail);
    yr_sfmt(period, sizeof period, "as at %s", sg_date_iso(c->as_at, asat));
    yr_sfmt(src, sizeof src, "register:action/summary:%s", kind);
    static const char *const h[] = {"Actions", "Number", "Share"};
    char cap[200];
    yr_sfmt(cap, sizeof cap, "What changed: actions from %s", caption);
    sg_yr_table *t = sg_yr_table_add(s, cap, 3, h);
    struct {
        const char *label, *code;
        long long n, den;
    } rows[] = {
        {"Actions agreed", "total", total, 0},
        {"Completed (of those not withdrawn)", "completed", done, total - closed},
        {"Completed with evidence", "evidence", evidence, done},
        {"Impact checked", "impact_checked", impact, total - closed},
        {"Overdue", "overdue", overdue, total - closed},
    };
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        int r = sg_yr_row(t, rows[k].label);
        yr_sfmt(id, sizeof id, "actions.%s.%s", kind, rows[k].code);
        sg_yr_fig f = yr_fig_count(id, rows[k].n, false, src, period, detail);
        sg_yr_cell_fig(t, r, 1, &f);
        if (rows[k].den > 0) {
            yr_sfmt(id, sizeof id, "actions.%s.%s.pct", kind, rows[k].code);
            f = yr_fig_pct(id, rows[k].n, rows[k].den, false, src, period, detail);
            sg_yr_cell_fig(t, r, 2, &f);
        }
    }
    /* The completed actions with their evidence and impact finding. */
    static const char *const lh[] = {"Action", "Owner", "Completed", "Evidence",
                                     "Impact check finding"};
    sg_yr_table *l = NULL;
    for (size_t k = 0; k < acts->n; k++) {
        const sg_reg_record *a = &acts->rec[k];
        sg_act_flags fl;
        sg_act_flags_of(a, recs, c->as_at, SG_ACT_DRIFT_DAYS, &fl);
        const char *st = sg_reg_get(a, "status");
        if (strcmp(fl.source, kind) != 0 || !st || strcmp(st, "COMPLETED") != 0) continue;
        if (!l) {
            yr_sfmt(cap, sizeof cap, "Completed actions from %s, with evidence and impact",
                    caption);
            l = sg_yr_table_add(s, cap, 5, lh);
        }
        char where[128];
        yr_sfmt(where, sizeof where, "action %s", a->key);
        int r = sg_yr_row(l, yr_safe_text(c, sg_reg_get(a, "description"), where));
        sg_yr_cell_text(l, r, 1, sg_reg_get(a, "owner_agency"));
        sg_yr_cell_text(l, r, 2, sg_reg_get(a, "completed_date"));
        const char *ev = sg_reg_get(a, "evidence");
        sg_yr_cell_text(l, r, 3, ev ? yr_safe_text(c, ev, where) : "none recorded");
        const char *im = sg_reg_get(a, "impact_finding");
        sg_yr_cell_text(l, r, 4, im ? yr_safe_text(c, im, where) : "not yet checked");
    }
}

int yr_sec_reviews(bctx *c, sg_yr_section *s)
{
    const sg_reg_set *set = yr_reg(c, "case_review");
    sg_cr_year y;
    sg_cr_year_counts(set, c->fy, c->as_at, &y);
    char detail[200], src[96] = "register:case_review/year";
    yr_reg_detail(set, detail, sizeof detail);
    if (y.notifications == 0 && y.lcspr_commissioned == 0 && y.published == 0) {
        sg_yr_note(s, "No serious incident notifications or case reviews were recorded for %s.",
                   c->year);
    } else {
        sg_yr_fig fn =
            yr_fig_count("reviews.notifications", y.notifications, true, src, c->year, detail);
        yr_para(s,
                "The partnership notified the Child Safeguarding Practice Review Panel of %F "
                "serious incidents in the year.",
                &fn);
        static const char *const h[] = {"Incident", "Notifications", "Share"};
        sg_yr_table *t = sg_yr_table_add(s, "Serious incident notifications by type", 3, h);
        yr_row_count_pct(t, "Death", "reviews.type", "DEATH", y.deaths, y.notifications, true, src,
                         c->year, detail);
        yr_row_count_pct(t, "Serious harm", "reviews.type", "SERIOUS_HARM", y.serious_harm,
                         y.notifications, true, src, c->year, detail);
        yr_total_row(t, "reviews", y.notifications, true, src, c->year, detail);
        sg_strlcpy(sg_yr_cell_at(t, t->total_row, 1)->fig.id, "reviews.notifications", 96);
        yr_check_sums(t, 1);

        static const char *const th[] = {"Step", "Done on time", "Measured", "On time"};
        t = sg_yr_table_add(s, "Timeliness (working days from learning of the incident)", 4, th);
        int r = sg_yr_row(t, "National Panel notified within 5 working days");
        sg_yr_fig f =
            yr_fig_count("reviews.notify_on_time", y.notify_on_time, true, src, c->year, detail);
        sg_yr_cell_fig(t, r, 1, &f);
        f = yr_fig_count("reviews.notify_measured", y.notify_measured, true, src, c->year, detail);
        sg_yr_cell_fig(t, r, 2, &f);
        f = yr_fig_pct("reviews.notify_pct", y.notify_on_time, y.notify_measured, true, src,
                       c->year, detail);
        sg_yr_cell_fig(t, r, 3, &f);
        r = sg_yr_row(t, "Rapid review within 15 working days");
        f = yr_fig_count("reviews.rapid_on_time", y.rapid_on_time, true, src, c->year, detail);
        sg_yr_cell_fig(t, r, 1, &f);
        f = yr_fig_count("reviews.rapid_measured", y.rapid_measured, true, src, c->year, detail);
        sg_yr_cell_fig(t, r, 2, &f);
        f = yr_fig_pct("reviews.rapid_pct", y.rapid_on_time, y.rapid_measured, true, src, c->year,
                       detail);
        sg_yr_cell_fig(t, r, 3, &f);

        static const char *const dh[] = {"Decision after the rapid review", "Notifications",
                                         "Share"};
        t = sg_yr_table_add(s, "Decisions", 3, dh);
        yr_row_count_pct(t, "Local child safeguarding practice review (LCSPR)", "reviews.decision",
                         "LCSPR", y.dec_lcspr, y.notifications, true, src, c->year, detail);
        yr_row_count_pct(t, "Local learning review", "reviews.decision", "LOCAL_REVIEW",
                         y.dec_local, y.notifications, true, src, c->year, detail);
        yr_row_count_pct(t, "No further review", "reviews.decision", "NO_FURTHER_REVIEW",
                         y.dec_none, y.notifications, true, src, c->year, detail);
        yr_row_count_pct(t, "Decision pending", "reviews.decision", "PENDING", y.dec_pending,
                         y.notifications, true, src, c->year, detail);
        yr_total_row(t, "reviews.decision", y.notifications, true, src, c->year, detail);
        sg_strlcpy(sg_yr_cell_at(t, t->total_row, 1)->fig.id, "reviews.notifications", 96);
        yr_check_sums(t, 1);

        sg_yr_fig fc = yr_fig_count("reviews.lcspr_commissioned", y.lcspr_commissioned, true, src,
                                    c->year, detail);
        sg_yr_fig fp = yr_fig_count("reviews.published", y.published, true, src, c->year, detail);
        yr_para(s, "LCSPRs commissioned in the year: %F. Reviews published in the year: %F.", &fc,
                &fp);

        static const char *const mh[] = {"Learning theme", "Notifications", "Share"};
        t = NULL;
        for (int k = 0; sg_cr_themes[k].code && k < SG_CR_MAX_THEMES; k++) {
            if (!y.themes[k]) continue;
            if (!t) t = sg_yr_table_add(s, "Learning themes (a review can have several)", 3, mh);
            yr_row_count_pct(t, sg_cr_themes[k].label, "reviews.theme", sg_cr_themes[k].code,
                             y.themes[k], y.notifications, true, src, c->year, detail);
        }
        if (t) {
            t->chart = SG_YR_CHART_BARS;
            t->chart_col = 1;
            sg_strlcpy(t->chart_id, "bars-review-themes", sizeof t->chart_id);
        }
    }
    yr_heading(s, "What changed as a result");
    actions_by_source(c, s, "case_review", "case reviews");
    return SG_OK;
}

/* ---- audits ---- */

int yr_sec_audits(bctx *c, sg_yr_section *s)
{
    const sg_reg_set *au = yr_reg(c, "audit"), *cases = yr_reg(c, "audit_case"),
                     *rets = yr_reg(c, "audit_return"), *grades = yr_reg(c, "audit_grade");
    char detail[200];
    yr_sfmt(detail, sizeof detail, "%zu audits, %zu cases, %zu returns, %zu grades", au->n,
            cases->n, rets->n, grades->n);
    static const char *const h[] = {"Audit",      "Method", "Cases", "Returns received",
                                    "Panel held", "Report"};
    sg_yr_table *t = NULL;
    long long gsum[SG_AUDIT_NGRADES] = {0}, graded = 0;
    int naud = 0;
    for (size_t i = 0; i < au->n; i++) {
        const sg_reg_record *a = &au->rec[i];
        sg_date st = sg_reg_get_date(a, "started_date"), pl = sg_reg_get_date(a, "planned_start"),
                rp = sg_reg_get_date(a, "report_date");
        if (!yr_date_in(st != SG_DATE_NONE ? st : pl, c->first, c->last) &&
            !yr_date_in(rp, c->first, c->last))
            continue;
        sg_audit_stats as;
        if (sg_audit_stats_of(a->key, au, cases, rets, grades, c->as_at, NULL, &as) != SG_OK)
            continue;
        naud++;
        if (!t) t = sg_yr_table_add(s, "Multi-agency audits in the year", 6, h);
        char lab[300], src[96], id[96];
        yr_sfmt(lab, sizeof lab, "%s: %s", a->key, sg_reg_get(a, "theme"));
        yr_sfmt(src, sizeof src, "register:audit/summary:%s", a->key);
        int r = sg_yr_row(t, lab);
        sg_yr_cell_text(t, r, 1, sg_reg_get(a, "methodology"));
        yr_sfmt(id, sizeof id, "audits.%s.cases", a->key);
        sg_yr_fig f = yr_fig_count(id, as.cases, true, src, c->year, detail);
        sg_yr_cell_fig(t, r, 2, &f);
        yr_sfmt(id, sizeof id, "audits.%s.returns_pct", a->key);
        f = yr_fig_pct(id, as.received, as.requested, false, src, c->year, detail);
        sg_yr_cell_fig(t, r, 3, &f);
        sg_yr_cell_text(t, r, 4,
                        sg_reg_get(a, "panel_held") ? sg_reg_get(a, "panel_held") : "not yet");
        sg_yr_cell_text(t, r, 5,
                        sg_reg_get(a, "report_date") ? sg_reg_get(a, "report_date") : "not yet");
        for (int g = 0; g < SG_AUDIT_NGRADES; g++)
            gsum[g] += as.grades[g];
        graded += as.graded;
    }
    if (!naud) {
        sg_yr_note(s, "No multi-agency audits were recorded for %s.", c->year);
    } else if (graded) {
        static const char *const gh[] = {"Grade", "Case grades", "Share"};
        sg_yr_table *g = sg_yr_table_add(s, "Grades given across the year's audits", 3, gh);
        for (int k = 0; k < SG_AUDIT_NGRADES; k++)
            yr_row_count_pct(g, sg_audit_grades[k].label, "audits.grade", sg_audit_grades[k].code,
                             gsum[k], graded, true, "register:audit_grade", c->year, detail);
        yr_total_row(g, "audits.grade", graded, true, "register:audit_grade", c->year, detail);
        yr_check_sums(g, 1);
        g->chart = SG_YR_CHART_BARS;
        g->chart_col = 1;
        sg_strlcpy(g->chart_id, "bars-audit-grades", sizeof g->chart_id);
    }
    if (naud) {
        sg_yr_block *l = NULL;
        for (size_t i = 0; i < au->n; i++) {
            const sg_reg_record *a = &au->rec[i];
            const char *sum = sg_reg_get(a, "summary");
            sg_date st = sg_reg_get_date(a, "started_date"),
                    pl = sg_reg_get_date(a, "planned_start"),
                    rp = sg_reg_get_date(a, "report_date");
            if (!sum || (!yr_date_in(st != SG_DATE_NONE ? st : pl, c->first, c->last) &&
                         !yr_date_in(rp, c->first, c->last)))
                continue;
            if (!l) {
                yr_heading(s, "Findings");
                l = sg_yr_block_add(s, SG_YB_LIST);
            }
            char where[128], item[4200];
            yr_sfmt(where, sizeof where, "audit %s", a->key);
            yr_sfmt(item, sizeof item, "%s (%s): %s", sg_reg_get(a, "theme"), a->key,
                    yr_safe_text(c, sum, where));
            sg_yr_run_text(l, item);
        }
    }
    yr_heading(s, "Actions from audits");
    actions_by_source(c, s, "audit", "audits");
    return SG_OK;
}

/* ---- Section 11 / 175 ---- */

int yr_sec_section11(bctx *c, sg_yr_section *s)
{
    sg_s11_summary sum;
    memset(&sum, 0, sizeof sum);
    const sg_reg_set *rets = yr_reg(c, "section11");
    if (sg_s11_compute(yr_reg(c, "s11_framework"), yr_reg(c, "s11_standard"), rets,
                       yr_reg(c, "s11_score"), c->year, c->as_at, &sum) != SG_OK ||
        (sum.n == 0 && sum.nmissing == 0)) {
        sg_yr_note(s,
                   "No Section 11 or Section 175 self-assessments were recorded for the %s "
                   "cycle.",
                   c->year);
        sg_s11_summary_fini(&sum);
        return SG_OK;
    }
    char detail[200], src[96] = "register:s11_score/summary";
    yr_sfmt(detail, sizeof detail, "%zu scores, %zu returns", yr_reg(c, "s11_score")->n, rets->n);
    if (sum.n) {
        static const char *const h[] = {"Agency", "Framework", "Standards",
                                        "Met",    "% met",     "Change (points)"};
        char cap[96];
        yr_sfmt(cap, sizeof cap, "Self-assessment: standards met, %s cycle", c->year);
        sg_yr_table *t = sg_yr_table_add(s, cap, 6, h);
        for (size_t i = 0; i < sum.n; i++) {
            const sg_s11_row *w = &sum.row[i];
            char id[96];
            int r = sg_yr_row(t, yr_code_label(sg_reg_agencies, w->agency));
            sg_yr_cell_text(t, r, 1, w->framework);
            yr_sfmt(id, sizeof id, "s11.%s.%s.standards", w->agency, w->framework);
            sg_yr_fig f = yr_fig_count(id, w->standards, false, src, c->year, detail);
            sg_yr_cell_fig(t, r, 2, &f);
            yr_sfmt(id, sizeof id, "s11.%s.%s.met", w->agency, w->framework);
            f = yr_fig_count(id, w->met, false, src, c->year, detail);
            sg_yr_cell_fig(t, r, 3, &f);
            yr_sfmt(id, sizeof id, "s11.%s.%s.pct", w->agency, w->framework);
            f = yr_fig_pct(id, w->met, w->standards, false, src, c->year, detail);
            sg_yr_cell_fig(t, r, 4, &f);
            if (w->has_prev) {
                char txt[64], one[32];
                sg_fmt1(w->change, one);
                yr_sfmt(txt, sizeof txt, "%s%s since %s", w->change > 0 ? "+" : "", one,
                        w->prev_cycle);
                sg_yr_cell_text(t, r, 5, txt);
            } else {
                sg_yr_cell_text(t, r, 5, "first cycle");
            }
        }
    }
    long held = 0, assured = 0, with_actions = 0, not_assured = 0;
    for (size_t i = 0; i < rets->n; i++) {
        const sg_reg_record *w = &rets->rec[i];
        const char *cy = sg_reg_get(w, "cycle");
        if (!cy || strcmp(cy, c->year) != 0 || !sg_reg_get(w, "challenge_date")) continue;
        held++;
        if (sg_reg_has_code(w, "challenge_outcome", "ASSURED")) assured++;
        if (sg_reg_has_code(w, "challenge_outcome", "ASSURED_WITH_ACTIONS")) with_actions++;
        if (sg_reg_has_code(w, "challenge_outcome", "NOT_ASSURED")) not_assured++;
    }
    char rsrc[96] = "register:section11";
    sg_yr_fig fh = yr_fig_count("s11.challenge.held", held, false, rsrc, c->year, detail);
    sg_yr_fig fa = yr_fig_count("s11.challenge.assured", assured, false, rsrc, c->year, detail);
    sg_yr_fig fw =
        yr_fig_count("s11.challenge.with_actions", with_actions, false, rsrc, c->year, detail);
    sg_yr_fig fn =
        yr_fig_count("s11.challenge.not_assured", not_assured, false, rsrc, c->year, detail);
    yr_para(s,
            "Challenge sessions held: %F (assured: %F; assured with actions: %F; not assured: %F).",
            &fh, &fa, &fw, &fn);
    if (sum.nmissing) {
        static const char *const h[] = {"Agency", "Framework", "Due", "Days overdue"};
        sg_yr_table *t = sg_yr_table_add(s, "Returns not received", 4, h);
        for (size_t i = 0; i < sum.nmissing; i++) {
            const sg_s11_missing *m = &sum.missing[i];
            char d[11], id[96];
            int r = sg_yr_row(t, yr_code_label(sg_reg_agencies, m->agency));
            sg_yr_cell_text(t, r, 1, m->framework);
            sg_yr_cell_text(t, r, 2, sg_date_iso(m->due, d));
            yr_sfmt(id, sizeof id, "s11.%s.%s.days_overdue", m->agency, m->framework);
            sg_yr_fig f = yr_fig_count(id, m->days_overdue, false,
                                       "register:section11/not_returned", c->year, detail);
            sg_yr_cell_fig(t, r, 3, &f);
        }
    } else {
        sg_yr_note(s, "Every expected return for the cycle was received.");
    }
    yr_heading(s, "Actions from Section 11 challenge");
    actions_by_source(c, s, "section11", "Section 11 and Section 175 challenge");
    sg_s11_summary_fini(&sum);
    return SG_OK;
}

/* ---- training ---- */

int yr_sec_training(bctx *c, sg_yr_section *s)
{
    const sg_reg_set *courses = yr_reg(c, "training_course");
    sg_tr_summary sum;
    memset(&sum, 0, sizeof sum);
    if (sg_tr_compute(courses, yr_reg(c, "training_session"), yr_reg(c, "training_booking"),
                      yr_reg(c, "training_evaluation"), c->first, c->last, &sum) != SG_OK ||
        sum.overall.sessions == 0) {
        sg_yr_note(s, "No training sessions were recorded for %s.", c->year);
        sg_tr_summary_fini(&sum);
        return SG_OK;
    }
    char detail[200], src[96] = "register:training_course/summary";
    yr_sfmt(detail, sizeof detail, "%zu sessions, %zu bookings, %zu evaluations",
            yr_reg(c, "training_session")->n, yr_reg(c, "training_booking")->n,
            yr_reg(c, "training_evaluation")->n);
    static const char *const h[] = {"Course",
                                    "Sessions",
                                    "Booked",
                                    "Attended",
                                    "% attending",
                                    "% good or excellent",
                                    "Mean knowledge uplift (0-10)"};
    sg_yr_table *t = sg_yr_table_add(s, "Training delivered and its evaluation", 7, h);
    for (size_t i = 0; i <= sum.ncourse; i++) {
        const sg_tr_stats *w = i < sum.ncourse ? &sum.course[i] : &sum.overall;
        if (i < sum.ncourse && w->sessions == 0) continue;
        const sg_reg_record *cr = i < sum.ncourse ? sg_reg_set_find(courses, w->name) : NULL;
        int r = sg_yr_row(t, i == sum.ncourse                ? "Total"
                             : cr && sg_reg_get(cr, "title") ? sg_reg_get(cr, "title")
                                                             : w->name);
        if (i == sum.ncourse) t->total_row = r;
        const char *key = i < sum.ncourse ? w->name : "all";
        char id[96];
        const long long v[] = {w->sessions, w->booked, w->attended};
        static const char *const nm[] = {"sessions", "booked", "attended"};
        for (int k = 0; k < 3; k++) {
            yr_sfmt(id, sizeof id, "training.%s.%s", key, nm[k]);
            sg_yr_fig f = yr_fig_count(id, v[k], false, src, c->year, detail);
            sg_yr_cell_fig(t, r, 1 + k, &f);
        }
        yr_sfmt(id, sizeof id, "training.%s.attend_pct", key);
        sg_yr_fig f = yr_fig_pct(id, w->attended, w->booked, false, src, c->year, detail);
        sg_yr_cell_fig(t, r, 4, &f);
        yr_sfmt(id, sizeof id, "training.%s.good_pct", key);
        f = yr_fig_pct(id, w->good, w->rated, false, "register:training_course/evaluation", c->year,
                       detail);
        sg_yr_cell_fig(t, r, 5, &f);
        yr_sfmt(id, sizeof id, "training.%s.uplift", key);
        f = yr_fig_mean(id, w->has_uplift, w->mean_uplift, w->paired, false,
                        "register:training_course/evaluation", c->year, detail);
        sg_yr_cell_fig(t, r, 6, &f);
    }
    yr_check_sums(t, 1);
    sg_yr_fig fi =
        yr_fig_pct("training.all.improving_pct", sum.overall.improving, sum.overall.paired, false,
                   "register:training_course/evaluation", c->year, detail);
    yr_para(s, "Of the delegates who scored their knowledge before and after, %F said it improved.",
            &fi);
    if (sum.nagency) {
        static const char *const ah[] = {"Agency", "Booked", "Attended", "% attending", "No-shows"};
        sg_yr_table *a = sg_yr_table_add(s, "Attendance by agency", 5, ah);
        for (size_t i = 0; i < sum.nagency; i++) {
            const sg_tr_stats *w = &sum.agency[i];
            char id[96];
            int r = sg_yr_row(a, yr_code_label(sg_reg_agencies, w->name));
            const char *as = "register:training_booking/agencies";
            yr_sfmt(id, sizeof id, "training.agency.%s.booked", w->name);
            sg_yr_fig f = yr_fig_count(id, w->booked, false, as, c->year, detail);
            sg_yr_cell_fig(a, r, 1, &f);
            yr_sfmt(id, sizeof id, "training.agency.%s.attended", w->name);
            f = yr_fig_count(id, w->attended, false, as, c->year, detail);
            sg_yr_cell_fig(a, r, 2, &f);
            yr_sfmt(id, sizeof id, "training.agency.%s.attend_pct", w->name);
            f = yr_fig_pct(id, w->attended, w->booked, false, as, c->year, detail);
            sg_yr_cell_fig(a, r, 3, &f);
            yr_sfmt(id, sizeof id, "training.agency.%s.no_show", w->name);
            f = yr_fig_count(id, w->no_show, false, as, c->year, detail);
            sg_yr_cell_fig(a, r, 4, &f);
        }
    }
    sg_tr_summary_fini(&sum);
    return SG_OK;
}

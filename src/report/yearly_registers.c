/* yearly_registers.c - the yearly report's sections from the other registers: LADO, child
 * deaths, children's voice, finance, the risk register, and the priorities for next year (from
 * the config). */
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

/* ---- LADO ---- */

static void lado_tally(sg_yr_section *s, const char *caption, const char *idp,
                       const sg_lado_tally *tl, long long total, const sg_reg_code *codes,
                       const char *detail, const char *year, const char *chart)
{
    static const char *const h[] = {"", "Cases", "Share"};
    sg_yr_table *t = sg_yr_table_add(s, caption, 3, h);
    for (int i = 0; i < tl->n; i++)
        yr_row_count_pct(t, codes ? yr_code_label(codes, tl->s[i].code) : tl->s[i].code, idp,
                         tl->s[i].code, tl->s[i].n, total, true, "register:lado/breakdown", year,
                         detail);
    yr_total_row(t, idp, total, true, "register:lado/breakdown", year, detail);
    sg_strlcpy(sg_yr_cell_at(t, t->total_row, 1)->fig.id, "lado.received", 96);
    yr_check_sums(t, 1);
    if (chart) {
        t->chart = SG_YR_CHART_BARS;
        t->chart_col = 1;
        sg_strlcpy(t->chart_id, chart, sizeof t->chart_id);
    }
}

static const sg_reg_code *lado_codes(const char *col)
{
    int i = sg_reg_col_index(&sg_reg_lado, col);
    return i >= 0 ? sg_reg_lado.cols[i].codes : NULL;
}

int yr_sec_lado(bctx *c, sg_yr_section *s)
{
    sg_lado_case *cases = NULL;
    size_t n = 0;
    int rc = sg_lado_load(c->s, &cases, &n, c->err);
    if (rc) return rc;
    sg_lado_year y;
    sg_lado_year_compute(cases, n, c->fy, &y);
    int64_t subs[64] = {0};
    size_t nsubs = 0;
    for (size_t i = 0; i < n; i++) {
        if (!yr_date_in(cases[i].received, c->first, c->last) &&
            !yr_date_in(cases[i].concluded, c->first, c->last))
            continue;
        bool seen = false;
        for (size_t k = 0; k < nsubs; k++)
            seen |= subs[k] == cases[i].submission;
        if (!seen && nsubs < 64) subs[nsubs++] = cases[i].submission;
    }
    free(cases);
    if (y.received == 0 && y.concluded == 0) {
        sg_yr_note(s,
                   "No allegations against people who work with children were recorded for "
                   "%s.",
                   c->year);
        return SG_OK;
    }
    char detail[200];
    yr_ids_text(subs, nsubs, detail, sizeof detail);
    const char *src = "register:lado/years";
    sg_yr_fig fr = yr_fig_count("lado.received", y.received, true, src, c->year, detail);
    sg_yr_fig fc = yr_fig_count("lado.contacts", y.contacts, true, src, c->year, detail);
    sg_yr_fig ff = yr_fig_count("lado.referrals", y.referrals, true, src, c->year, detail);
    yr_para(s,
            "The LADO received %F contacts and referrals about people who work with children: "
            "%F contacts and %F referrals.",
            &fr, &fc, &ff);
    if (y.received) {
        lado_tally(s, "By category of allegation", "lado.category", &y.category, y.received,
                   lado_codes("category"), detail, c->year, "bars-lado-category");
        lado_tally(s, "By referring agency", "lado.agency", &y.agency, y.received, sg_reg_agencies,
                   detail, c->year, NULL);
        lado_tally(s, "By employment sector", "lado.sector", &y.sector, y.received,
                   lado_codes("employment_sector"), detail, c->year, NULL);
        lado_tally(s, "By outcome", "lado.outcome", &y.outcome, y.received, lado_codes("outcome"),
                   detail, c->year, NULL);
    }
    if (y.concluded) {
        static const char *const h[] = {"Time from receipt to conclusion", "Cases", "Share"};
        sg_yr_table *t = sg_yr_table_add(s, "Cases concluded in the year, by time taken", 3, h);
        static const char *const code[] = {"lt1m", "lt3m", "lt12m", "12mplus"};
        for (int b = 0; b < SG_LADO__BANDS; b++)
            yr_row_count_pct(t, sg_lado_band_label((sg_lado_band)b), "lado.time", code[b],
                             y.band[b], y.concluded, true, "register:lado/timescales", c->year,
                             detail);
        yr_total_row(t, "lado.time", y.concluded, true, "register:lado/timescales", c->year,
                     detail);
        sg_strlcpy(sg_yr_cell_at(t, t->total_row, 1)->fig.id, "lado.concluded", 96);
        yr_check_sums(t, 1);
    }
    sg_yr_fig fo =
        yr_fig_count("lado.open_at_year_end", y.open_at_year_end, true, src, c->year, detail);
    yr_para(s, "Cases open at the end of the year: %F.", &fo);
    return SG_OK;
}

/* ---- child deaths ---- */

int yr_sec_child_deaths(bctx *c, sg_yr_section *s)
{
    const sg_reg_set *d = yr_reg(c, "child_death");
    sg_cdop_year y;
    sg_cdop_year_counts(d, yr_reg(c, "recommendation"), yr_reg(c, "action"), c->fy, &y);
    if (y.notifications == 0 && y.reviewed == 0) {
        sg_yr_note(s, "No child death reviews were recorded for %s.", c->year);
        return SG_OK;
    }
    char detail[200], src[96] = "register:child_death/year";
    yr_reg_detail(d, detail, sizeof detail);
    static const char *const h[] = {"Deaths notified", "Children", "Share"};
    sg_yr_table *t = sg_yr_table_add(s, "Child deaths notified to the CDOP", 3, h);
    yr_row_count_pct(t, "Expected", "cdop.notified", "EXPECTED", y.expected, y.notifications, true,
                     src, c->year, detail);
    yr_row_count_pct(t, "Unexpected", "cdop.notified", "UNEXPECTED", y.unexpected, y.notifications,
                     true, src, c->year, detail);
    yr_total_row(t, "cdop.notified", y.notifications, true, src, c->year, detail);
    sg_strlcpy(sg_yr_cell_at(t, t->total_row, 1)->fig.id, "cdop.notifications", 96);
    yr_check_sums(t, 1);
    if (!y.reviewed) {
        sg_yr_note(s, "No child death reviews were completed in %s.", c->year);
    } else {
        sg_yr_fig fr = yr_fig_count("cdop.reviewed", y.reviewed, true, src, c->year, detail);
        yr_para(s, "The panel completed %F reviews in the year.", &fr);
        static const char *const ch[] = {"Category of death", "Reviews", "Share"};
        t = sg_yr_table_add(s, "Reviews completed by category of death", 3, ch);
        for (int k = 0; sg_cdop_categories[k].code && k < SG_CDOP_MAX_CODES; k++)
            if (y.category[k].n)
                yr_row_count_pct(t, sg_cdop_categories[k].label, "cdop.category",
                                 sg_cdop_categories[k].code, y.category[k].n, y.reviewed, true, src,
                                 c->year, detail);
        yr_total_row(t, "cdop.category", y.reviewed, true, src, c->year, detail);
        sg_strlcpy(sg_yr_cell_at(t, t->total_row, 1)->fig.id, "cdop.reviewed", 96);
        yr_check_sums(t, 1);
        long long answered = y.modifiable_yes.n + y.modifiable_no.n;
        static const char *const mh[] = {"Modifiable factors identified", "Reviews", "Share"};
        t = sg_yr_table_add(s, "Modifiable factors", 3, mh);
        yr_row_count_pct(t, "Yes", "cdop.modifiable", "yes", y.modifiable_yes.n, answered, true,
                         src, c->year, detail);
        yr_row_count_pct(t, "No", "cdop.modifiable", "no", y.modifiable_no.n, answered, true, src,
                         c->year, detail);
        yr_total_row(t, "cdop.modifiable", answered, true, src, c->year, detail);
        yr_check_sums(t, 1);
        t = NULL;
        for (int k = 0; sg_cdop_themes[k].code && k < SG_CDOP_MAX_CODES; k++) {
            if (!y.theme[k].n) continue;
            if (!t) {
                static const char *const th[] = {"Theme", "Reviews", "Share"};
                t = sg_yr_table_add(s,
                                    "Themes of the modifiable factors (a review can have "
                                    "several)",
                                    3, th);
            }
            yr_row_count_pct(t, sg_cdop_themes[k].label, "cdop.theme", sg_cdop_themes[k].code,
                             y.theme[k].n, y.modifiable_yes.n, true, src, c->year, detail);
        }
    }
    sg_yr_fig fl =
        yr_fig_count("cdop.reviews_with_links", y.reviews_with_links, true, src, c->year, detail);
    sg_yr_fig frc =
        yr_fig_count("cdop.recommendations", y.recommendations, false, src, c->year, detail);
    sg_yr_fig fa = yr_fig_count("cdop.actions", y.actions, false, src, c->year, detail);
    yr_para(s, "Reviews with recommendations or actions: %F; recommendations: %F; actions: %F.",
            &fl, &frc, &fa);
    return SG_OK;
}

/* ---- children's voice ---- */

int yr_sec_voice(bctx *c, sg_yr_section *s)
{
    const sg_reg_set *sv = yr_reg(c, "voice_survey"), *qs = yr_reg(c, "voice_question"),
                     *rs = yr_reg(c, "voice_response");
    int shown = 0;
    for (size_t i = 0; i < sv->n; i++) {
        const sg_reg_record *sr = &sv->rec[i];
        sg_date od = sg_reg_get_date(sr, "open_date"), cd = sg_reg_get_date(sr, "close_date");
        /* A survey belongs to the year it closed in (or opened in, while still open). */
        if (!yr_date_in(cd != SG_DATE_NONE ? cd : od, c->first, c->last)) continue;
        sg_voice_result vr;
        memset(&vr, 0, sizeof vr);
        if (sg_voice_compute(qs, rs, sr->key, &vr) != SG_OK) continue;
        shown++;
        char title[300], src[96], detail[200], idp[96];
        yr_sfmt(title, sizeof title, "%s",
                sg_reg_get(sr, "title") ? sg_reg_get(sr, "title") : sr->key);
        yr_heading(s, title);
        yr_sfmt(src, sizeof src, "register:voice_response/answers:%s", sr->key);
        yr_reg_detail(rs, detail, sizeof detail);
        yr_sfmt(idp, sizeof idp, "voice.%s.respondents", sr->key);
        sg_yr_fig fr = yr_fig_count(idp, vr.respondents, true, src, c->year, detail);
        yr_para(s, "Children and young people who responded: %F.", &fr);
        for (size_t q = 0; q < vr.nq; q++) {
            const sg_voice_question_result *qr = &vr.q[q];
            char key[200];
            yr_sfmt(key, sizeof key, "%s/%s", sr->key, qr->question);
            const sg_reg_record *qrec = sg_reg_set_find(qs, key);
            sg_voice_option opts[SG_VOICE_MAX_OPTIONS];
            int nopt = 0;
            if (qrec) sg_voice_parse_options(sg_reg_get(qrec, "options"), opts, &nopt, NULL);
            static const char *const h[] = {"Answer", "Children", "Share"};
            const char *qt =
                qrec && sg_reg_get(qrec, "text") ? sg_reg_get(qrec, "text") : qr->question;
            sg_yr_table *t = sg_yr_table_add(s, qt, 3, h);
            yr_sfmt(idp, sizeof idp, "voice.%s.%s", sr->key, qr->question);
            for (int k = 0; k < qr->noptions; k++) {
                const char *lab = qr->option[k].code;
                for (int j = 0; j < nopt; j++)
                    if (strcmp(opts[j].code, lab) == 0) lab = opts[j].label;
                yr_row_count_pct(t, lab, idp, qr->option[k].code, qr->option[k].count, qr->answered,
                                 true, src, c->year, detail);
            }
            yr_total_row(t, idp, qr->answered, true, src, c->year, detail);
            yr_check_sums(t, 1);
        }
        sg_voice_result_fini(&vr);
    }
    if (!shown) sg_yr_note(s, "No surveys of children were recorded for %s.", c->year);
    return SG_OK;
}

/* ---- finance ---- */

/* A figure id part for line i: its code (totals by group, unnamed lines) or "line<N>" (named
 * lines, whose names are free text), so ids stay [a-z0-9._A-Z]. */
static void fin_id_part(const sg_fin_line *l, int i, char *out, size_t outsz)
{
    if (!l)
        yr_sfmt(out, outsz, "total");
    else if (l->named)
        yr_sfmt(out, outsz, "line%d", i + 1);
    else
        yr_sfmt(out, outsz, "%s", l->name);
}

/* One finance table: each line (with its group column when group_title is given), its share,
 * last year and the change, and the total row. */
static void fin_table(sg_yr_section *s, const char *caption, const char *first,
                      const char *group_title, const char *idp, const sg_fin_table *ft,
                      const sg_reg_code *codes, const char *year, int fy, const char *detail)
{
    char prevy[8], h3[32];
    sg_fy_text(fy - 1, prevy);
    yr_sfmt(h3, sizeof h3, "%s", prevy);
    bool grouped = group_title != NULL;
    const char *h6[] = {first, group_title, year, "Share", h3, "Change"};
    const char *h5[] = {first, year, "Share", h3, "Change"};
    sg_yr_table *t = sg_yr_table_add(s, caption, grouped ? 6 : 5, grouped ? h6 : h5);
    int c0 = grouped ? 2 : 1;
    const char *src = "register:finance/year";
    for (int i = 0; i <= ft->n; i++) {
        const sg_fin_line *l = i < ft->n ? &ft->line[i] : NULL;
        int r = sg_yr_row(t, !l ? "Total" : l->named ? l->label : yr_code_label(codes, l->name));
        if (!l) t->total_row = r;
        if (grouped && l) sg_yr_cell_text(t, r, 1, l->group);
        char part[32], id[128];
        fin_id_part(l, i, part, sizeof part);
        long long v = l ? l->pence : ft->total, pv = l ? l->prev_pence : ft->prev;
        yr_sfmt(id, sizeof id, "%s.%s", idp, part);
        sg_yr_fig f = yr_fig_money(id, v, src, year, detail);
        sg_yr_cell_fig(t, r, c0, &f);
        yr_sfmt(id, sizeof id, "%s.%s.pct", idp, part);
        /* Money: the share is of pence; sg_pct takes long, fine for sums below 2^63 pence. */
        f = yr_fig_pct(id, v, ft->total, false, src, year, detail);
        sg_yr_cell_fig(t, r, c0 + 1, &f);
        yr_sfmt(id, sizeof id, "%s.%s.prev", idp, part);
        f = yr_fig_money(id, pv, src, prevy, detail);
        sg_yr_cell_fig(t, r, c0 + 2, &f);
        yr_sfmt(id, sizeof id, "%s.%s.change", idp, part);
        f = yr_fig_money(id, v - pv, src, year, detail);
        sg_yr_cell_fig(t, r, c0 + 3, &f);
    }
    yr_check_sums(t, c0);
}

int yr_sec_finance(bctx *c, sg_yr_section *s)
{
    const sg_reg_set *co = yr_reg(c, "finance_contribution"), *in = yr_reg(c, "finance_income"),
                     *ex = yr_reg(c, "finance_expenditure"), *re = yr_reg(c, "finance_reserve");
    sg_fin_sets fs = {co, in, ex, re, yr_reg(c, "organisation")};
    sg_fin_year y;
    sg_fin_year_compute(&fs, c->fy, &y);
    bool this_year = false;
    for (int i = 0; i < y.contrib.n; i++)
        this_year |= y.contrib.line[i].pence != 0;
    for (int i = 0; i < y.income.n; i++)
        this_year |= y.income.line[i].pence != 0;
    for (int i = 0; i < y.spend.n; i++)
        this_year |= y.spend.line[i].pence != 0;
    if (!this_year && !y.has_closing) {
        sg_yr_note(s, "No finance records were kept for %s.", c->year);
        sg_fin_year_fini(&y);
        return SG_OK;
    }
    char detail[200];
    yr_sfmt(detail, sizeof detail,
            "%zu contributions, %zu other income lines, %zu expenditure lines, %zu reserves", co->n,
            in->n, ex->n, re->n);
    fin_table(s, "Contributions by organisation", "Organisation", "Sector", "finance.contrib",
              &y.contrib, sg_reg_agencies, c->year, c->fy, detail);
    fin_table(s, "Contributions by sector", "Sector", NULL, "finance.sector", &y.sectors,
              sg_reg_agencies, c->year, c->fy, detail);
    if (y.income.n)
        fin_table(s, "Other income", "Income", "Kind", "finance.income", &y.income,
                  sg_fin_income_kinds, c->year, c->fy, detail);
    fin_table(s, "Expenditure by line", "Expenditure", "Category", "finance.line", &y.spend,
              sg_fin_categories, c->year, c->fy, detail);
    fin_table(s, "Expenditure by category", "Category", NULL, "finance.spend", &y.categories,
              sg_fin_categories, c->year, c->fy, detail);
    static const char *const h[] = {"Resources and reserves", "Amount"};
    sg_yr_table *t = sg_yr_table_add(s, "Resources and reserves", 2, h);
    const char *src = "register:finance/year";
    struct {
        const char *label, *code;
        bool has;
        long long v;
    } rows[] = {
        {"Reserve brought forward", "brought_forward", y.has_opening, y.opening},
        {"Less transfers from reserves", "transfers", true, -y.transfers},
        {"Contributions", "contributions", true, y.contrib.total},
        {"Other income (with transfers from reserves)", "other_income", true, y.income.total},
        {"Total resources", "resources", true, y.resources},
        {"Expenditure", "expenditure", true, y.spend.total},
        {y.in_year < 0 ? "Overspend (income less expenditure)"
                       : "Underspend (income less expenditure)",
         "in_year", true, y.in_year},
        {"Balance (resources less expenditure)", "balance", true, y.balance},
        {"Reserve carried forward (recorded)", "carried_forward", y.has_closing, y.closing},
    };
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        int r = sg_yr_row(t, rows[k].label);
        char id[96];
        yr_sfmt(id, sizeof id, "finance.%s", rows[k].code);
        if (!rows[k].has) {
            sg_yr_cell_text(t, r, 1, "not recorded");
            continue;
        }
        sg_yr_fig f = yr_fig_money(id, rows[k].v, src, c->year, detail);
        sg_yr_cell_fig(t, r, 1, &f);
    }
    if (y.has_closing && y.unreconciled != 0) {
        char a[40];
        sg_fin_fmt(y.unreconciled, a);
        sg_yr_note(s,
                   "The recorded reserve differs from the balance by %s: the accounts do not "
                   "reconcile.",
                   a);
    }
    sg_fin_year_fini(&y);
    return SG_OK;
}

/* ---- risks ---- */

int yr_sec_risks(bctx *c, sg_yr_section *s)
{
    const sg_reg_set *risks = yr_reg(c, "risk"), *reviews = yr_reg(c, "risk_review");
    sg_risk_row *rows = NULL;
    size_t n = 0;
    sg_risk_rows(risks, reviews, c->as_at, &rows, &n);
    long open = 0, overdue = 0, by[4] = {0};
    static const char *const ratings[] = {"very high", "high", "medium", "low"};
    for (size_t i = 0; i < n; i++) {
        if (!rows[i].open) continue;
        open++;
        if (rows[i].overdue) overdue++;
        for (int k = 0; k < 4; k++)
            if (strcmp(rows[i].rating, ratings[k]) == 0) by[k]++;
    }
    if (open == 0) {
        sg_yr_note(s, "No open risks are recorded in the risk register.");
        free(rows);
        return SG_OK;
    }
    char detail[200], period[24], asat[11];
    yr_reg_detail(risks, detail, sizeof detail);
    yr_sfmt(period, sizeof period, "as at %s", sg_date_iso(c->as_at, asat));
    const char *src = "register:risk/top";
    sg_yr_fig fo = yr_fig_count("risks.open", open, false, src, period, detail);
    sg_yr_fig fv = yr_fig_count("risks.very_high", by[0], false, src, period, detail);
    sg_yr_fig fh = yr_fig_count("risks.high", by[1], false, src, period, detail);
    sg_yr_fig fd =
        yr_fig_count("risks.overdue", overdue, false, "register:risk/overdue", period, detail);
    yr_para(s, "Open risks: %F, of which %F rated very high and %F high. Reviews overdue: %F.", &fo,
            &fv, &fh, &fd);
    static const char *const h[] = {"Risk",  "Owner",  "Likelihood",       "Impact",
                                    "Score", "Rating", "Since last review"};
    sg_yr_table *t = sg_yr_table_add(s, "The highest risks", 7, h);
    size_t shown = 0;
    for (size_t i = 0; i < n && shown < SG_RISK_TOP; i++) {
        const sg_risk_row *w = &rows[i];
        if (!w->open || !w->score) continue;
        shown++;
        const sg_reg_record *rec = sg_reg_set_find(risks, w->ref);
        char lab[400], id[96], where[96];
        yr_sfmt(where, sizeof where, "risk %s", w->ref);
        yr_sfmt(lab, sizeof lab, "%s: %s", w->ref,
                rec ? yr_safe_text(c, sg_reg_get(rec, "risk"), where) : "");
        int r = sg_yr_row(t, lab);
        sg_yr_cell_text(t, r, 1, rec ? sg_reg_get(rec, "owner_agency") : "");
        const int v[] = {w->likelihood, w->impact, w->score};
        static const char *const nm[] = {"likelihood", "impact", "score"};
        for (int k = 0; k < 3; k++) {
            yr_sfmt(id, sizeof id, "risks.%s.%s", w->ref, nm[k]);
            sg_yr_fig f = yr_fig_count(id, v[k], false, src, period, detail);
            sg_yr_cell_fig(t, r, 2 + k, &f);
        }
        sg_yr_cell_text(t, r, 5, w->rating);
        char mv[48];
        switch (w->move) {
        case SG_RISK_UP:
            yr_sfmt(mv, sizeof mv, "up %d", w->change);
            break;
        case SG_RISK_DOWN:
            yr_sfmt(mv, sizeof mv, "down %d", -w->change);
            break;
        case SG_RISK_SAME:
            yr_sfmt(mv, sizeof mv, "no change");
            break;
        case SG_RISK_NEW:
            yr_sfmt(mv, sizeof mv, "new");
            break;
        case SG_RISK_UNASSESSED:
            yr_sfmt(mv, sizeof mv, "not assessed");
            break;
        }
        sg_yr_cell_text(t, r, 6, mv);
    }
    free(rows);
    return SG_OK;
}

int yr_sec_next(bctx *c, sg_yr_section *s)
{
    if (!c->cfg || !c->cfg->nnext) {
        sg_yr_note(s, "The config names no priorities for next year.");
        return SG_OK;
    }
    static const char *const h[] = {"Priority", "What the partnership will do"};
    char cap[96];
    char nexty[8];
    sg_fy_text(c->fy + 1, nexty);
    yr_sfmt(cap, sizeof cap, "Priorities for %s", nexty);
    sg_yr_table *t = sg_yr_table_add(s, cap, 2, h);
    for (int i = 0; i < c->cfg->nnext; i++) {
        int r = sg_yr_row(t, c->cfg->next_priorities[i].name);
        sg_yr_cell_text(t, r, 1, c->cfg->next_priorities[i].text);
    }
    return SG_OK;
}

/* yearly_data.c - the yearly report's sections built from the config and the store's data:
 * partnership arrangements, local context (population), priorities and progress, and the
 * multi-agency dataset (indicators and the booklet). */
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

/* ---- sections ---- */

int yr_sec_arrangements(bctx *c, sg_yr_section *s)
{
    const sg_yr_config *cfg = c->cfg;
    if (!cfg) {
        sg_yr_note(s, "No partnership config was given, so the partners, structure and "
                      "subgroups are not listed here.");
        sg_yr_warn(c->r, "no config (--config): partners, structure and subgroups are missing");
        return SG_OK;
    }
    if (cfg->npartners) {
        static const char *const h[] = {"Partner", "Role in the arrangements"};
        sg_yr_table *t =
            sg_yr_table_add(s, "The safeguarding partners and relevant agencies", 2, h);
        for (int i = 0; i < cfg->npartners; i++) {
            int r = sg_yr_row(t, cfg->partners[i].name);
            sg_yr_cell_text(t, r, 1, cfg->partners[i].role);
        }
    } else {
        sg_yr_note(s, "The config lists no partners.");
    }
    if (cfg->structure[0]) {
        yr_heading(s, "Structure");
        sg_yr_run_text(sg_yr_block_add(s, SG_YB_PARA), cfg->structure);
    }
    if (cfg->nsubgroups) {
        static const char *const h[] = {"Subgroup", "Chair", "Purpose"};
        sg_yr_table *t = sg_yr_table_add(s, "Subgroups", 3, h);
        for (int i = 0; i < cfg->nsubgroups; i++) {
            int r = sg_yr_row(t, cfg->subgroups[i].name);
            sg_yr_cell_text(t, r, 1, cfg->subgroups[i].role);
            sg_yr_cell_text(t, r, 2, cfg->subgroups[i].text);
        }
    }
    if (cfg->scrutineer[0]) {
        sg_yr_block *b = sg_yr_block_add(s, SG_YB_PARA);
        sg_yr_run_textf(b, "Independent scrutiny: %s.", cfg->scrutineer);
    }
    return SG_OK;
}

typedef struct pop_row {
    int age_from, age_to;
    char sex[4];
    long long count;
    int64_t sub;
} pop_row;

int yr_sec_context(bctx *c, sg_yr_section *s)
{
    sqlite3 *db = sg_store_db(c->s);
    sqlite3_stmt *st = NULL;
    const char *area = c->cfg && c->cfg->area[0] ? c->cfg->area : NULL;
    char area_buf[64] = "";
    /* The area: the config's, else the only one (the first, with a warning, if several). */
    if (!area) {
        if (sqlite3_prepare_v2(db, "SELECT DISTINCT area FROM live_population ORDER BY area", -1,
                               &st, NULL) != SQLITE_OK)
            return sg_store_dberr(db, c->err, "cannot read the population");
        int n = 0;
        while (sqlite3_step(st) == SQLITE_ROW) {
            if (n++ == 0) sg_strlcpy(area_buf, (const char *)sqlite3_column_text(st, 0), 64);
        }
        sqlite3_finalize(st);
        if (n > 1)
            sg_yr_warn(c->r,
                       "the population table holds %d areas: showing %s (set \"area\" in "
                       "the config)",
                       n, area_buf);
        area = area_buf;
    }
    /* The latest estimate for a calendar year up to the financial year's first. */
    int year = 0;
    if (sqlite3_prepare_v2(db, "SELECT max(year) FROM live_population WHERE area = ? AND year <= ?",
                           -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, c->err, "cannot read the population");
    sqlite3_bind_text(st, 1, area, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, c->fy);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        year = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (!year) {
        sg_yr_note(s,
                   "No population estimates are held for %s, so the local context has no "
                   "figures.",
                   c->year);
        return SG_OK;
    }
    if (sqlite3_prepare_v2(db,
                           "SELECT submission_id, age_from, age_to, coalesce(sex, ''), count FROM "
                           "live_population WHERE area = ? AND year = ? AND count IS NOT NULL "
                           "ORDER BY age_from, age_to, sex, submission_id DESC",
                           -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, c->err, "cannot read the population");
    sqlite3_bind_text(st, 1, area, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, year);
    pop_row rows[64];
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW && n < 64) {
        pop_row p = {.age_from = sqlite3_column_int(st, 1),
                     .age_to = sqlite3_column_int(st, 2),
                     .count = sqlite3_column_int64(st, 4),
                     .sub = sqlite3_column_int64(st, 0)};
        sg_strlcpy(p.sex, (const char *)sqlite3_column_text(st, 3), sizeof p.sex);
        /* One row per (ages, sex): the newest submission's (ordered first). */
        if (n && rows[n - 1].age_from == p.age_from && rows[n - 1].age_to == p.age_to &&
            strcmp(rows[n - 1].sex, p.sex) == 0)
            continue;
        rows[n++] = p;
    }
    sqlite3_finalize(st);
    long long total = -1, male = -1, female = -1;
    int64_t subs[64] = {0};
    size_t nsubs = 0;
    for (int i = 0; i < n; i++) {
        bool seen = false;
        for (size_t k = 0; k < nsubs; k++)
            seen |= subs[k] == rows[i].sub;
        if (!seen && nsubs < sizeof subs / sizeof subs[0]) subs[nsubs++] = rows[i].sub;
        if (rows[i].age_from == 0 && rows[i].age_to == 17) {
            if (!rows[i].sex[0]) total = rows[i].count;
            if (strcmp(rows[i].sex, "M") == 0) male = rows[i].count;
            if (strcmp(rows[i].sex, "F") == 0) female = rows[i].count;
        }
    }
    /* Bands (all sexes) that tile 0..17 make the age table. */
    pop_row bands[18];
    int nb = 0, next = 0;
    long long band_sum = 0;
    for (int i = 0; i < n && next <= 17; i++)
        if (!rows[i].sex[0] && rows[i].age_from == next && rows[i].age_to <= 17 &&
            !(rows[i].age_from == 0 && rows[i].age_to == 17) && nb < 18) {
            bands[nb++] = rows[i];
            band_sum += rows[i].count;
            next = rows[i].age_to + 1;
        }
    if (next != 18) nb = 0;
    if (total < 0 && nb) total = band_sum;
    if (total < 0 && male >= 0 && female >= 0) total = male + female;
    char detail[200], period[24], src[96];
    yr_ids_text(subs, nsubs, detail, sizeof detail);
    yr_sfmt(period, sizeof period, "mid-%d", year);
    yr_sfmt(src, sizeof src, "store:population/%s", area);
    if (total < 0) {
        sg_yr_note(s, "The population estimates held for %d do not cover ages 0 to 17.", year);
        return SG_OK;
    }
    sg_yr_fig ft = yr_fig_count("context.population.total", total, false, src, period, detail);
    if (year != c->fy)
        yr_para(s,
                "An estimated %F children aged 0 to 17 live in the area (the latest estimate "
                "held, for mid-year before the report's year).",
                &ft);
    else
        yr_para(s, "An estimated %F children aged 0 to 17 live in the area (mid-year estimate).",
                &ft);
    if (male >= 0 && female >= 0) {
        sg_yr_fig fm = yr_fig_count("context.population.male", male, false, src, period, detail);
        sg_yr_fig ff =
            yr_fig_count("context.population.female", female, false, src, period, detail);
        yr_para(s, "Of them %F are boys and %F girls.", &fm, &ff);
    }
    if (nb) {
        static const char *const h[] = {"Age group", "Children", "Share"};
        char cap[96];
        yr_sfmt(cap, sizeof cap, "Children by age, mid-%d", year);
        sg_yr_table *t = sg_yr_table_add(s, cap, 3, h);
        for (int i = 0; i < nb; i++) {
            char lab[32], code[32];
            yr_sfmt(lab, sizeof lab, "%d to %d", bands[i].age_from, bands[i].age_to);
            yr_sfmt(code, sizeof code, "age_%d_%d", bands[i].age_from, bands[i].age_to);
            yr_row_count_pct(t, lab, "context.population", code, bands[i].count, total, false, src,
                             period, detail);
        }
        yr_total_row(t, "context.population", total, false, src, period, detail);
        yr_check_sums(t, 1);
        t->chart = SG_YR_CHART_BARS;
        t->chart_col = 1;
        sg_strlcpy(t->chart_id, "bars-population", sizeof t->chart_id);
    }
    return SG_OK;
}

/* ---- the dataset (booklet) ---- */

static void ind_detail(bctx *c, const char *id, char *out, size_t outsz)
{
    const sg_ind_result *x = sg_ind_result_find(c->ind, c->nind, id);
    if (!x) {
        yr_sfmt(out, outsz, "no submission");
        return;
    }
    yr_ids_text(x->subs, x->nsubs, out, outsz);
}

/* A booklet point as a figure whose disclosure was decided by the booklet. */
static sg_yr_fig bk_fig(bctx *c, const sg_bk_item *it, int y)
{
    const sg_bk_point *p = &it->pt[y];
    char src[96], detail[200], id[96];
    bool partner = it->kind[0] && strcmp(it->kind, "builtin") != 0;
    yr_sfmt(src, sizeof src, "%s:%s", partner ? "measure" : "indicator", it->def->id);
    if (y == c->bk.nyears - 1 && partner && it->nsources)
        yr_ids_text(it->sources, it->nsources, detail, sizeof detail);
    else if (y == c->bk.nyears - 1 && !partner)
        ind_detail(c, it->def->id, detail, sizeof detail);
    else if (partner)
        yr_sfmt(detail, sizeof detail, "the partner returns and formulas of the catalogue");
    else
        yr_sfmt(detail, sizeof detail, "the indicator engine over the live submissions");
    yr_sfmt(id, sizeof id, "dataset.%s.%s", it->def->id, c->bk.years[y]);
    sg_yr_fig f = yr_fig_base(id, src, c->bk.years[y], detail);
    f.has = p->has;
    f.presup = true;
    f.sup = p->sup;
    f.people = true;
    f.n = p->num;
    f.den = p->den;
    f.v = p->value;
    switch (it->def->unit) {
    case SG_IND_COUNT:
        f.kind = SG_YF_COUNT;
        break;
    case SG_IND_PCT:
        f.kind = SG_YF_PCT;
        break;
    case SG_IND_RATE10K:
        f.kind = SG_YF_RATE;
        break;
    case SG_IND_DAYS:
        f.kind = SG_YF_MEAN;
        break;
    case SG_IND_GBP:
        f.kind = SG_YF_COUNT;
        break;
    case SG_IND_TEXT:
        f.kind = SG_YF_SHOWN;
        sg_strlcpy(f.text, p->text, sizeof f.text);
        break;
    }
    if (!p->has) {
        f.kind = SG_YF_SHOWN;
        sg_strlcpy(f.text, "no data", sizeof f.text);
    }
    return f;
}

static const char *const key_ids[] = {
    "referrals_rate", "rereferrals_pct", "ass_45wd_pct",    "s47_rate",        "icpc_15wd_pct",
    "cp_at_end_rate", "cp_second_pct",   "cin_at_end_rate", "cla_at_end_rate", "lado_referrals",
};

int yr_sec_dataset(bctx *c, sg_yr_section *s)
{
    sg_booklet *b = &c->bk;
    int cur = b->nyears - 1;
    bool any = false;
    for (size_t i = 0; i < b->nitems; i++)
        any |= b->items[i].def && b->items[i].pt[cur].has;
    if (!any) {
        sg_yr_note(s,
                   "No returns covering %s are held in the store, so the multi-agency dataset "
                   "has no figures for the year.",
                   c->year);
        return SG_OK;
    }
    yr_para(s, "The figures below are computed from the agencies' returns held in the store, with "
               "the partnership's targets and published comparators; the full dataset is in the "
               "data booklet ('safeguard dataset').");
    /* The funnel. */
    static const char *const fh[] = {"Step", "Number", "Share of the step before"};
    char cap[128];
    yr_sfmt(cap, sizeof cap, "From contact to child protection plan, %s", c->year);
    sg_yr_table *t = sg_yr_table_add(s, cap, 3, fh);
    t->chart = SG_YR_CHART_FUNNEL;
    t->chart_col = 1;
    t->chart_col2 = 2;
    sg_strlcpy(t->chart_id, "funnel", sizeof t->chart_id);
    const sg_bk_item *prev = NULL;
    for (size_t k = 0; k < SG_BK_NFUNNEL; k++) {
        const sg_bk_item *it = sg_booklet_find(b, sg_bk_funnel[k].id);
        int r = sg_yr_row(t, sg_bk_funnel[k].label);
        if (!it) continue;
        sg_yr_fig f = bk_fig(c, it, cur);
        sg_yr_cell_fig(t, r, 1, &f);
        if (prev && prev->pt[cur].has && it->pt[cur].has && prev->pt[cur].num > 0) {
            char id[96], src[96];
            yr_sfmt(id, sizeof id, "dataset.funnel.%s_of_%s", it->def->id, prev->def->id);
            yr_sfmt(src, sizeof src, "indicators:%s/%s", it->def->id, prev->def->id);
            sg_yr_fig pf =
                yr_fig_pct(id, it->pt[cur].num, prev->pt[cur].num, true, src, c->year, f.detail);
            pf.presup = true;
            pf.sup = c->o->public_view &&
                     (it->pt[cur].sup || prev->pt[cur].sup ||
                      sg_disc_ratio(&b->disc, it->pt[cur].num, prev->pt[cur].num, NULL, NULL));
            sg_yr_cell_fig(t, r, 2, &pf);
        }
        prev = it;
    }
    /* Key indicators with trend, target, RAG and comparators. */
    int ncols = 2 + b->nyears + 3;
    const char *h[2 + SG_BK_MAX_YEARS + 3];
    h[0] = "Indicator";
    h[1] = "Owner";
    for (int y = 0; y < b->nyears; y++)
        h[2 + y] = b->years[y];
    h[2 + b->nyears] = "Target";
    h[3 + b->nyears] = "RAG";
    h[4 + b->nyears] = "England";
    yr_sfmt(cap, sizeof cap, "Key indicators, %s to %s", b->years[0], b->years[cur]);
    t = sg_yr_table_add(s, cap, ncols, h);
    for (size_t i = 0; i < b->nitems; i++) {
        const sg_bk_item *it = &b->items[i];
        if (!it->def) continue;
        bool key = it->pt[cur].has_target || it->partner_row;
        for (size_t k = 0; k < sizeof key_ids / sizeof key_ids[0]; k++)
            key |= strcmp(key_ids[k], it->def->id) == 0;
        if (!key) continue;
        int r = sg_yr_row(t, it->def->title);
        sg_yr_cell_text(t, r, 1, sg_bk_owner(it));
        for (int y = 0; y < b->nyears; y++) {
            sg_yr_fig f = bk_fig(c, it, y);
            sg_yr_cell_fig(t, r, 2 + y, &f);
        }
        char tt[48];
        sg_booklet_target_fmt(it, &it->pt[cur], tt);
        sg_yr_cell_text(t, r, 2 + b->nyears, tt);
        sg_yr_cell_text(t, r, 3 + b->nyears, sg_rag_name(it->rag));
        if (it->pt[cur].has_england) {
            sg_yr_fig f = yr_fig_base("", "comparator:england", c->year, it->england_source);
            char id[96];
            yr_sfmt(id, sizeof id, "dataset.%s.england", it->def->id);
            sg_strlcpy(f.id, id, sizeof f.id);
            f.kind = it->def->unit == SG_IND_PCT ? SG_YF_PCT : SG_YF_MEAN;
            f.has = true;
            f.v = it->pt[cur].england;
            f.presup = true;
            if (it->def->unit == SG_IND_COUNT) {
                f.kind = SG_YF_COUNT;
                f.n = (long long)it->pt[cur].england;
            }
            sg_yr_cell_fig(t, r, 4 + b->nyears, &f);
        }
    }
    /* Commentary beside the measures of the table (already publish-checked by the booklet in
     * a public edition). */
    for (size_t i = 0; i < b->nitems; i++) {
        const sg_bk_item *it = &b->items[i];
        if (!it->def || (!it->narrative[0] && !it->challenge[0] && !it->response[0])) continue;
        sg_yr_block *pb = sg_yr_block_add(s, SG_YB_PARA);
        sg_yr_run_textf(pb, "%s (%s). ", it->def->title, sg_bk_owner(it));
        if (it->narrative[0]) sg_yr_run_textf(pb, "What the data tells us: %s ", it->narrative);
        if (it->challenge[0]) sg_yr_run_textf(pb, "Challenge: %s ", it->challenge);
        if (it->response[0]) sg_yr_run_textf(pb, "Response: %s", it->response);
    }
    /* Plans started by category. */
    static const char *const ch[] = {"Initial category", "Plans", "Share"};
    yr_sfmt(cap, sizeof cap, "Child protection plans started by initial category, %s", c->year);
    t = sg_yr_table_add(s, cap, 3, ch);
    t->chart = SG_YR_CHART_BARS;
    t->chart_col = 1;
    sg_strlcpy(t->chart_id, "bars-cp-category", sizeof t->chart_id);
    for (size_t i = 0; i < b->nitems; i++) {
        const sg_bk_item *it = &b->items[i];
        if (!it->def || strncmp(it->def->id, "cp_started_", 11) != 0 || it->def->unit != SG_IND_PCT)
            continue;
        const char *dash = strstr(it->def->title, " - ");
        int r = sg_yr_row(t, dash ? dash + 3 : it->def->title);
        sg_yr_fig pf = bk_fig(c, it, cur);
        sg_yr_fig cf = pf;
        cf.kind = pf.has ? SG_YF_COUNT : SG_YF_SHOWN;
        yr_sfmt(cf.id, sizeof cf.id, "dataset.%s.%s.count", it->def->id, c->year);
        sg_yr_cell_fig(t, r, 1, &cf);
        sg_yr_cell_fig(t, r, 2, &pf);
    }
    return SG_OK;
}

/* ---- priorities ---- */

static bool action_linked(const sg_yr_entry *p, const sg_reg_record *a, const sg_reg_set *recs)
{
    const char *ref = a->key, *src = sg_reg_get(a, "source");
    const char *rsrc = NULL;
    if (src && strncmp(src, "recommendation:", 15) == 0) {
        const sg_reg_record *rec = sg_reg_set_find(recs, src + 15);
        if (rec) rsrc = sg_reg_get(rec, "source");
    }
    for (int k = 0; k < p->nlinks; k++) {
        const char *l = p->links[k];
        size_t ll = strlen(l);
        if (strcmp(l, ref) == 0) return true;
        if (src && strcmp(l, src) == 0) return true;
        if (rsrc && strcmp(l, rsrc) == 0) return true;
        /* A bare source kind ("audit") links every action from that kind of source. */
        if (!strchr(l, ':') && ((src && strncmp(src, l, ll) == 0 && src[ll] == ':') ||
                                (rsrc && strncmp(rsrc, l, ll) == 0 && rsrc[ll] == ':')))
            return true;
    }
    return false;
}

int yr_sec_priorities(bctx *c, sg_yr_section *s)
{
    if (!c->cfg || !c->cfg->npriorities) {
        sg_yr_note(s,
                   "No priorities for %s are set in the config, so progress against them "
                   "cannot be shown.",
                   c->year);
        sg_yr_warn(c->r, "no priorities in the config: the priorities section is empty");
        return SG_OK;
    }
    const sg_reg_set *acts = yr_reg(c, "action"), *recs = yr_reg(c, "recommendation");
    char detail[200];
    yr_reg_detail(acts, detail, sizeof detail);
    char period[24];
    char asat[11];
    yr_sfmt(period, sizeof period, "as at %s", sg_date_iso(c->as_at, asat));
    static const char *const h[] = {"Priority",    "Actions", "Completed",     "% completed",
                                    "In progress", "Overdue", "Impact checked"};
    sg_yr_table *t = sg_yr_table_add(s, "Progress: the actions linked to each priority", 7, h);
    for (int i = 0; i < c->cfg->npriorities; i++) {
        const sg_yr_entry *p = &c->cfg->priorities[i];
        long long total = 0, done = 0, closed = 0, open = 0, overdue = 0, impact = 0;
        for (size_t k = 0; k < acts->n; k++) {
            const sg_reg_record *a = &acts->rec[k];
            if (!action_linked(p, a, recs)) continue;
            sg_act_flags fl;
            sg_act_flags_of(a, recs, c->as_at, SG_ACT_DRIFT_DAYS, &fl);
            const char *st = sg_reg_get(a, "status");
            total++;
            if (st && strcmp(st, "COMPLETED") == 0) done++;
            if (st && strcmp(st, "CLOSED_NOT_DONE") == 0) closed++;
            if (fl.open) open++;
            if (fl.overdue) overdue++;
            if (sg_reg_get_date(a, "impact_checked_date") != SG_DATE_NONE) impact++;
        }
        char name[200], id[96], src[96];
        yr_sfmt(name, sizeof name, "%s%s%s", p->role[0] ? p->role : "", p->role[0] ? ": " : "",
                p->name);
        int r = sg_yr_row(t, name);
        yr_sfmt(src, sizeof src, "register:action/priority:%s", p->role[0] ? p->role : p->name);
        const long long v[] = {total, done, 0, open, overdue, impact};
        static const char *const nm[] = {"actions", "completed", "", "open", "overdue", "impact"};
        for (int col = 1; col <= 6; col++) {
            yr_sfmt(id, sizeof id, "priorities.%d.%s", i + 1, col == 3 ? "pct" : nm[col - 1]);
            sg_yr_fig f = col == 3
                              ? yr_fig_pct(id, done, total - closed, false, src, period, detail)
                              : yr_fig_count(id, v[col - 1], false, src, period, detail);
            sg_yr_cell_fig(t, r, col, &f);
        }
    }
    for (int i = 0; i < c->cfg->npriorities; i++) {
        const sg_yr_entry *p = &c->cfg->priorities[i];
        char name[200];
        yr_sfmt(name, sizeof name, "%s%s%s", p->role[0] ? p->role : "", p->role[0] ? ": " : "",
                p->name);
        yr_heading(s, name);
        if (p->text[0]) sg_yr_run_text(sg_yr_block_add(s, SG_YB_PARA), p->text);
        if (!p->nlinks) sg_yr_note(s, "No actions are linked to this priority in the config.");
        if (p->nind) {
            int cur = c->bk.nyears - 1;
            static const char *const ih[] = {"Indicator", "Value", "Target", "RAG"};
            char cap[256];
            yr_sfmt(cap, sizeof cap, "Measures of %s, %s", p->name, c->year);
            sg_yr_table *it = sg_yr_table_add(s, cap, 4, ih);
            for (int k = 0; k < p->nind; k++) {
                const sg_bk_item *bi = sg_booklet_find(&c->bk, p->indicators[k]);
                if (!bi) {
                    sg_yr_warn(c->r, "priority '%s': unknown indicator '%s' in the config", p->name,
                               p->indicators[k]);
                    continue;
                }
                int r = sg_yr_row(it, bi->def->title);
                sg_yr_fig f = bk_fig(c, bi, cur);
                sg_yr_cell_fig(it, r, 1, &f);
                char tt[48];
                sg_booklet_target_fmt(bi, &bi->pt[cur], tt);
                sg_yr_cell_text(it, r, 2, tt);
                sg_yr_cell_text(it, r, 3, sg_rag_name(bi->rag));
            }
        }
    }
    return SG_OK;
}

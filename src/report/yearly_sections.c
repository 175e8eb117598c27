/* yearly_sections.c - sg_yr_build: the yearly report's sections from the store (indicators and
 * the dataset booklet, population), the registers' computed views, the config and the
 * narrative folder (docs/report.md, "Structure"). Every figure is made through one of the fig_*
 * helpers, which give it its trace: source, period and the inputs it came from. A section
 * without data says so in a plain sentence. */
#include "report/yearly.h"

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

/* snprintf for labels and ids, where cutting a long value short is intended (and gcc's
 * truncation warning is not wanted). */
static void sfmt(char *out, size_t outsz, const char *fmt, ...) SG_PRINTF(3, 4);
static void sfmt(char *out, size_t outsz, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, outsz, fmt, ap);
    va_end(ap);
}

/* Registers the report reads, loaded once. */
static const char *const reg_names[] = {
    "case_review",        "recommendation",       "action",
    "audit",              "audit_case",           "audit_return",
    "audit_grade",        "s11_framework",        "s11_standard",
    "section11",          "s11_score",            "training_course",
    "training_session",   "training_booking",     "training_evaluation",
    "child_death",        "finance_contribution", "finance_expenditure",
    "finance_reserve",    "risk",                 "risk_review",
    "voice_survey",       "voice_question",       "voice_response",
};
#define NREG (sizeof reg_names / sizeof reg_names[0])

typedef struct bctx {
    sg_store *s;
    const sg_yr_opts *o;
    const sg_yr_config *cfg;
    sg_yr_report *r;
    sg_error *err;
    int fy;
    sg_date first, last, as_at;
    char year[16];
    sg_reg_set set[NREG];
    bool loaded[NREG];
    sg_booklet bk;
    sg_ind_result *ind;
    size_t nind;
    sg_narrative narr;
} bctx;

static const sg_reg_set *reg(bctx *c, const char *name)
{
    for (size_t i = 0; i < NREG; i++)
        if (strcmp(reg_names[i], name) == 0) return &c->set[i];
    abort(); /* a name not in reg_names is a programming error */
}

/* ---- figures ---- */

static sg_yr_fig fig_base(const char *id, const char *source, const char *period,
                          const char *detail)
{
    sg_yr_fig f;
    memset(&f, 0, sizeof f);
    sg_strlcpy(f.id, id, sizeof f.id);
    sg_strlcpy(f.source, source, sizeof f.source);
    sg_strlcpy(f.period, period, sizeof f.period);
    sg_strlcpy(f.detail, detail ? detail : "", sizeof f.detail);
    return f;
}

static sg_yr_fig fig_count(const char *id, long long n, bool people, const char *source,
                           const char *period, const char *detail)
{
    sg_yr_fig f = fig_base(id, source, period, detail);
    f.kind = SG_YF_COUNT;
    f.has = true;
    f.n = n;
    f.people = people;
    return f;
}

static sg_yr_fig fig_pct(const char *id, long long num, long long den, bool people,
                         const char *source, const char *period, const char *detail)
{
    sg_yr_fig f = fig_base(id, source, period, detail);
    f.kind = SG_YF_PCT;
    f.n = num;
    f.den = den;
    f.people = people;
    f.has = den > 0 && sg_pct((long)num, (long)den, &f.v) == SG_OK;
    return f;
}

static sg_yr_fig fig_money(const char *id, long long pence, const char *source, const char *period,
                           const char *detail)
{
    sg_yr_fig f = fig_base(id, source, period, detail);
    f.kind = SG_YF_MONEY;
    f.has = true;
    f.n = pence;
    return f;
}

static sg_yr_fig fig_mean(const char *id, bool has, double v, long long n, bool people,
                          const char *source, const char *period, const char *detail)
{
    sg_yr_fig f = fig_base(id, source, period, detail);
    f.kind = SG_YF_MEAN;
    f.has = has;
    f.v = v;
    f.n = n;
    f.people = people;
    return f;
}

/* "N records of register X" for a register-based trace. */
static void reg_detail(const sg_reg_set *set, char *out, size_t outsz)
{
    sfmt(out, outsz, "%zu record%s of register %s", set->n, set->n == 1 ? "" : "s",
             set->reg ? set->reg->name : "?");
}

static void ids_text(const int64_t *ids, size_t n, char *out, size_t outsz)
{
    size_t off = (size_t)snprintf(out, outsz, n == 1 ? "submission" : "submissions");
    if (n == 0) off = (size_t)snprintf(out, outsz, "no submission");
    for (size_t i = 0; i < n && off < outsz; i++)
        off += (size_t)snprintf(out + off, outsz - off, "%s %lld", i ? "," : "", (long long)ids[i]);
}

/* Adds a row "heading | count | %" to a breakdown table. */
static void row_count_pct(sg_yr_table *t, const char *heading, const char *id_prefix,
                          const char *code, long long n, long long den, bool people,
                          const char *source, const char *period, const char *detail)
{
    char id[96];
    int r = sg_yr_row(t, heading);
    sfmt(id, sizeof id, "%s.%s", id_prefix, code);
    sg_yr_fig f = fig_count(id, n, people, source, period, detail);
    sg_yr_cell_fig(t, r, 1, &f);
    sfmt(id, sizeof id, "%s.%s.pct", id_prefix, code);
    f = fig_pct(id, n, den, people, source, period, detail);
    sg_yr_cell_fig(t, r, 2, &f);
}

static void total_row(sg_yr_table *t, const char *id_prefix, long long n, bool people,
                      const char *source, const char *period, const char *detail)
{
    char id[96];
    sfmt(id, sizeof id, "%s.total", id_prefix);
    int r = sg_yr_row(t, "Total");
    sg_yr_fig f = fig_count(id, n, people, source, period, detail);
    sg_yr_cell_fig(t, r, 1, &f);
    t->total_row = r;
}

/* Marks t as summing when its count column adds up to the total row (checked, not assumed). */
static void check_sums(sg_yr_table *t, int col)
{
    if (t->total_row < 0) return;
    long long sum = 0;
    for (int r = 0; r < t->nrows; r++)
        if (r != t->total_row && sg_yr_cell_at(t, r, col)->is_fig)
            sum += sg_yr_cell_at(t, r, col)->fig.n;
    t->sums = sum == sg_yr_cell_at(t, t->total_row, col)->fig.n;
}

static const char *code_label(const sg_reg_code *codes, const char *code)
{
    for (const sg_reg_code *k = codes; k && k->code; k++)
        if (strcmp(k->code, code) == 0) return k->label;
    return code;
}

/* A sentence: text with %F for the next figure (figures passed as pointers). */
static void para(sg_yr_section *s, const char *fmt, ...)
{
    sg_yr_block *b = sg_yr_block_add(s, SG_YB_PARA);
    va_list ap;
    va_start(ap, fmt);
    const char *p = fmt;
    while (*p) {
        const char *q = strstr(p, "%F");
        size_t n = q ? (size_t)(q - p) : strlen(p);
        if (n) {
            char *t = xstrndup(p, n);
            sg_yr_run_text(b, t);
            free(t);
        }
        if (!q) break;
        sg_yr_run_fig(b, va_arg(ap, const sg_yr_fig *));
        p = q + 2;
    }
    va_end(ap);
}

static void heading(sg_yr_section *s, const char *text)
{
    sg_yr_run_text(sg_yr_block_add(s, SG_YB_HEADING), text);
}

/* Register free text shown in a public report passes the publish check, or is withheld. */
static const char *safe_text(bctx *c, const char *text, const char *where)
{
    if (!text) return "";
    if (!c->o->public_view) return text;
    sg_pc_opts po = {.threshold = c->r->disc.threshold,
                     .places = c->cfg ? (const char(*)[64])c->cfg->places : NULL,
                     .nplaces = c->cfg ? c->cfg->nplaces : 0};
    sg_error e;
    sg_error_clear(&e);
    if (sg_publish_check(text, strlen(text), where, &po, &e) == SG_OK) return text;
    sg_yr_warn(c->r, "%s: text withheld from the public report (%s)", where, e.msg);
    return "[withheld: the text failed the publish check]";
}

/* ---- narrative ---- */

static int narrative(bctx *c, sg_yr_section *s, bool after)
{
    sg_narr_file *f = sg_narrative_take(&c->narr, s->num, after);
    if (!f) return SG_OK;
    char path[700];
    sfmt(path, sizeof path, "%s/%s", c->narr.dir, f->name);
    if (c->o->public_view) {
        sg_pc_opts po = {.threshold = c->r->disc.threshold,
                         .places = c->cfg ? (const char(*)[64])c->cfg->places : NULL,
                         .nplaces = c->cfg ? c->cfg->nplaces : 0};
        int rc = sg_publish_check(f->text, f->len, path, &po, c->err);
        if (rc) return rc;
    }
    sg_yr_block *b = sg_yr_block_add(s, SG_YB_NARRATIVE);
    sg_strlcpy(b->file, f->name, sizeof b->file);
    b->md = xstrndup(f->text, f->len);
    int rc = sg_md_render(f->text, f->len, 2, &b->html, c->err);
    if (rc) {
        c->err->line = 0;
        sg_strlcpy(c->err->file, path, sizeof c->err->file);
        return rc;
    }
    if (after)
        s->has_after = true;
    else
        s->has_before = true;
    return SG_OK;
}

/* ---- sections ---- */

static int sec_arrangements(bctx *c, sg_yr_section *s)
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
        sg_yr_table *t = sg_yr_table_add(s, "The safeguarding partners and relevant agencies", 2, h);
        for (int i = 0; i < cfg->npartners; i++) {
            int r = sg_yr_row(t, cfg->partners[i].name);
            sg_yr_cell_text(t, r, 1, cfg->partners[i].role);
        }
    } else {
        sg_yr_note(s, "The config lists no partners.");
    }
    if (cfg->structure[0]) {
        heading(s, "Structure");
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

static int sec_context(bctx *c, sg_yr_section *s)
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
            sg_yr_warn(c->r, "the population table holds %d areas: showing %s (set \"area\" in "
                             "the config)", n, area_buf);
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
        sg_yr_note(s, "No population estimates are held for %s, so the local context has no "
                      "figures.", c->year);
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
    ids_text(subs, nsubs, detail, sizeof detail);
    sfmt(period, sizeof period, "mid-%d", year);
    sfmt(src, sizeof src, "store:population/%s", area);
    if (total < 0) {
        sg_yr_note(s, "The population estimates held for %d do not cover ages 0 to 17.", year);
        return SG_OK;
    }
    sg_yr_fig ft = fig_count("context.population.total", total, false, src, period, detail);
    if (year != c->fy)
        para(s, "An estimated %F children aged 0 to 17 live in the area (the latest estimate "
                "held, for mid-year before the report's year).", &ft);
    else
        para(s, "An estimated %F children aged 0 to 17 live in the area (mid-year estimate).",
             &ft);
    if (male >= 0 && female >= 0) {
        sg_yr_fig fm = fig_count("context.population.male", male, false, src, period, detail);
        sg_yr_fig ff = fig_count("context.population.female", female, false, src, period, detail);
        para(s, "Of them %F are boys and %F girls.", &fm, &ff);
    }
    if (nb) {
        static const char *const h[] = {"Age group", "Children", "Share"};
        char cap[96];
        sfmt(cap, sizeof cap, "Children by age, mid-%d", year);
        sg_yr_table *t = sg_yr_table_add(s, cap, 3, h);
        for (int i = 0; i < nb; i++) {
            char lab[32], code[32];
            sfmt(lab, sizeof lab, "%d to %d", bands[i].age_from, bands[i].age_to);
            sfmt(code, sizeof code, "age_%d_%d", bands[i].age_from, bands[i].age_to);
            row_count_pct(t, lab, "context.population", code, bands[i].count, total, false, src,
                          period, detail);
        }
        total_row(t, "context.population", total, false, src, period, detail);
        check_sums(t, 1);
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
        sfmt(out, outsz, "no submission");
        return;
    }
    ids_text(x->subs, x->nsubs, out, outsz);
}

/* A booklet point as a figure whose disclosure was decided by the booklet. */
static sg_yr_fig bk_fig(bctx *c, const sg_bk_item *it, int y)
{
    const sg_bk_point *p = &it->pt[y];
    char src[96], detail[200], id[96];
    sfmt(src, sizeof src, "indicator:%s", it->def->id);
    if (y == c->bk.nyears - 1)
        ind_detail(c, it->def->id, detail, sizeof detail);
    else
        sfmt(detail, sizeof detail, "the indicator engine over the live submissions");
    sfmt(id, sizeof id, "dataset.%s.%s", it->def->id, c->bk.years[y]);
    sg_yr_fig f = fig_base(id, src, c->bk.years[y], detail);
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
    }
    if (!p->has) {
        f.kind = SG_YF_SHOWN;
        sg_strlcpy(f.text, "no data", sizeof f.text);
    }
    return f;
}

static const struct {
    const char *id, *label, *of;
} funnel_steps[] = {
    {"contacts", "Contacts", NULL},
    {"referrals", "Referrals", "contacts"},
    {"assessments", "Assessments", "referrals"},
    {"s47", "Section 47 enquiries", "assessments"},
    {"icpcs", "Initial conferences", "section 47 enquiries"},
    {"cp_started", "Child protection plans", "conferences"},
};

static const char *const key_ids[] = {
    "referrals_rate", "rereferrals_pct", "ass_45wd_pct",  "s47_rate",      "icpc_15wd_pct",
    "cp_at_end_rate", "cp_second_pct",   "cin_at_end_rate", "cla_at_end_rate", "lado_referrals",
};

static void target_text(const sg_bk_item *it, const sg_bk_point *p, char out[48])
{
    char one[32];
    out[0] = '\0';
    if (!p->has_target) return;
    sg_fmt1(p->target, one);
    sfmt(out, 48, "%s%s", one, it->def->unit == SG_IND_PCT ? "%" : "");
}

static int sec_dataset(bctx *c, sg_yr_section *s)
{
    sg_booklet *b = &c->bk;
    int cur = b->nyears - 1;
    bool any = false;
    for (size_t i = 0; i < b->nitems; i++)
        any |= b->items[i].def && b->items[i].pt[cur].has;
    if (!any) {
        sg_yr_note(s, "No returns covering %s are held in the store, so the multi-agency dataset "
                      "has no figures for the year.", c->year);
        return SG_OK;
    }
    para(s, "The figures below are computed from the agencies' returns held in the store, with "
            "the partnership's targets and published comparators; the full dataset is in the "
            "data booklet ('safeguard dataset').");
    /* The funnel. */
    static const char *const fh[] = {"Step", "Number", "Share of the step before"};
    char cap[128];
    sfmt(cap, sizeof cap, "From contact to child protection plan, %s", c->year);
    sg_yr_table *t = sg_yr_table_add(s, cap, 3, fh);
    t->chart = SG_YR_CHART_FUNNEL;
    t->chart_col = 1;
    t->chart_col2 = 2;
    sg_strlcpy(t->chart_id, "funnel", sizeof t->chart_id);
    const sg_bk_item *prev = NULL;
    for (size_t k = 0; k < sizeof funnel_steps / sizeof funnel_steps[0]; k++) {
        const sg_bk_item *it = sg_booklet_find(b, funnel_steps[k].id);
        int r = sg_yr_row(t, funnel_steps[k].label);
        if (!it) continue;
        sg_yr_fig f = bk_fig(c, it, cur);
        sg_yr_cell_fig(t, r, 1, &f);
        if (prev && prev->pt[cur].has && it->pt[cur].has && prev->pt[cur].num > 0) {
            char id[96], src[96];
            sfmt(id, sizeof id, "dataset.funnel.%s_of_%s", it->def->id, prev->def->id);
            sfmt(src, sizeof src, "indicators:%s/%s", it->def->id, prev->def->id);
            sg_yr_fig pf = fig_pct(id, it->pt[cur].num, prev->pt[cur].num, true, src, c->year,
                                   f.detail);
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
    sfmt(cap, sizeof cap, "Key indicators, %s to %s", b->years[0], b->years[cur]);
    t = sg_yr_table_add(s, cap, ncols, h);
    for (size_t i = 0; i < b->nitems; i++) {
        const sg_bk_item *it = &b->items[i];
        if (!it->def) continue;
        bool key = it->pt[cur].has_target;
        for (size_t k = 0; k < sizeof key_ids / sizeof key_ids[0]; k++)
            key |= strcmp(key_ids[k], it->def->id) == 0;
        if (!key) continue;
        int r = sg_yr_row(t, it->def->title);
        sg_yr_cell_text(t, r, 1, it->def->owner ? it->def->owner : "");
        for (int y = 0; y < b->nyears; y++) {
            sg_yr_fig f = bk_fig(c, it, y);
            sg_yr_cell_fig(t, r, 2 + y, &f);
        }
        char tt[48];
        target_text(it, &it->pt[cur], tt);
        sg_yr_cell_text(t, r, 2 + b->nyears, tt);
        sg_yr_cell_text(t, r, 3 + b->nyears, sg_rag_name(it->rag));
        if (it->pt[cur].has_england) {
            sg_yr_fig f = fig_base("", "comparator:england", c->year, it->england_source);
            char id[96];
            sfmt(id, sizeof id, "dataset.%s.england", it->def->id);
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
    /* Plans started by category. */
    static const char *const ch[] = {"Initial category", "Plans", "Share"};
    sfmt(cap, sizeof cap, "Child protection plans started by initial category, %s", c->year);
    t = sg_yr_table_add(s, cap, 3, ch);
    t->chart = SG_YR_CHART_BARS;
    t->chart_col = 1;
    sg_strlcpy(t->chart_id, "bars-cp-category", sizeof t->chart_id);
    for (size_t i = 0; i < b->nitems; i++) {
        const sg_bk_item *it = &b->items[i];
        if (!it->def || strncmp(it->def->id, "cp_started_", 11) != 0 ||
            it->def->unit != SG_IND_PCT)
            continue;
        const char *dash = strstr(it->def->title, " - ");
        int r = sg_yr_row(t, dash ? dash + 3 : it->def->title);
        sg_yr_fig pf = bk_fig(c, it, cur);
        sg_yr_fig cf = pf;
        cf.kind = pf.has ? SG_YF_COUNT : SG_YF_SHOWN;
        sfmt(cf.id, sizeof cf.id, "dataset.%s.%s.count", it->def->id, c->year);
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

static int sec_priorities(bctx *c, sg_yr_section *s)
{
    if (!c->cfg || !c->cfg->npriorities) {
        sg_yr_note(s, "No priorities for %s are set in the config, so progress against them "
                      "cannot be shown.", c->year);
        sg_yr_warn(c->r, "no priorities in the config: the priorities section is empty");
        return SG_OK;
    }
    const sg_reg_set *acts = reg(c, "action"), *recs = reg(c, "recommendation");
    char detail[200];
    reg_detail(acts, detail, sizeof detail);
    char period[24];
    char asat[11];
    sfmt(period, sizeof period, "as at %s", sg_date_iso(c->as_at, asat));
    static const char *const h[] = {"Priority", "Actions", "Completed", "% completed",
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
        sfmt(name, sizeof name, "%s%s%s", p->role[0] ? p->role : "", p->role[0] ? ": " : "",
                 p->name);
        int r = sg_yr_row(t, name);
        sfmt(src, sizeof src, "register:action/priority:%s", p->role[0] ? p->role : p->name);
        const long long v[] = {total, done, 0, open, overdue, impact};
        static const char *const nm[] = {"actions", "completed", "", "open", "overdue", "impact"};
        for (int col = 1; col <= 6; col++) {
            sfmt(id, sizeof id, "priorities.%d.%s", i + 1, col == 3 ? "pct" : nm[col - 1]);
            sg_yr_fig f = col == 3 ? fig_pct(id, done, total - closed, false, src, period, detail)
                                   : fig_count(id, v[col - 1], false, src, period, detail);
            sg_yr_cell_fig(t, r, col, &f);
        }
    }
    for (int i = 0; i < c->cfg->npriorities; i++) {
        const sg_yr_entry *p = &c->cfg->priorities[i];
        char name[200];
        sfmt(name, sizeof name, "%s%s%s", p->role[0] ? p->role : "", p->role[0] ? ": " : "",
                 p->name);
        heading(s, name);
        if (p->text[0]) sg_yr_run_text(sg_yr_block_add(s, SG_YB_PARA), p->text);
        if (!p->nlinks)
            sg_yr_note(s, "No actions are linked to this priority in the config.");
        if (p->nind) {
            int cur = c->bk.nyears - 1;
            static const char *const ih[] = {"Indicator", "Value", "Target", "RAG"};
            char cap[256];
            sfmt(cap, sizeof cap, "Measures of %s, %s", p->name, c->year);
            sg_yr_table *it = sg_yr_table_add(s, cap, 4, ih);
            for (int k = 0; k < p->nind; k++) {
                const sg_bk_item *bi = sg_booklet_find(&c->bk, p->indicators[k]);
                if (!bi) {
                    sg_yr_warn(c->r, "priority '%s': unknown indicator '%s' in the config",
                               p->name, p->indicators[k]);
                    continue;
                }
                int r = sg_yr_row(it, bi->def->title);
                sg_yr_fig f = bk_fig(c, bi, cur);
                sg_yr_cell_fig(it, r, 1, &f);
                char tt[48];
                target_text(bi, &bi->pt[cur], tt);
                sg_yr_cell_text(it, r, 2, tt);
                sg_yr_cell_text(it, r, 3, sg_rag_name(bi->rag));
            }
        }
    }
    return SG_OK;
}

/* ---- learning from reviews ---- */

/* Actions by source kind: what changed as a result. */
static void actions_by_source(bctx *c, sg_yr_section *s, const char *kind, const char *caption)
{
    const sg_reg_set *acts = reg(c, "action"), *recs = reg(c, "recommendation");
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
    reg_detail(acts, detail, sizeof detail);
    sfmt(period, sizeof period, "as at %s", sg_date_iso(c->as_at, asat));
    sfmt(src, sizeof src, "register:action/summary:%s", kind);
    static const char *const h[] = {"Actions", "Number", "Share"};
    char cap[200];
    sfmt(cap, sizeof cap, "What changed: actions from %s", caption);
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
        sfmt(id, sizeof id, "actions.%s.%s", kind, rows[k].code);
        sg_yr_fig f = fig_count(id, rows[k].n, false, src, period, detail);
        sg_yr_cell_fig(t, r, 1, &f);
        if (rows[k].den > 0) {
            sfmt(id, sizeof id, "actions.%s.%s.pct", kind, rows[k].code);
            f = fig_pct(id, rows[k].n, rows[k].den, false, src, period, detail);
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
            sfmt(cap, sizeof cap, "Completed actions from %s, with evidence and impact",
                     caption);
            l = sg_yr_table_add(s, cap, 5, lh);
        }
        char where[128];
        sfmt(where, sizeof where, "action %s", a->key);
        int r = sg_yr_row(l, safe_text(c, sg_reg_get(a, "description"), where));
        sg_yr_cell_text(l, r, 1, sg_reg_get(a, "owner_agency"));
        sg_yr_cell_text(l, r, 2, sg_reg_get(a, "completed_date"));
        const char *ev = sg_reg_get(a, "evidence");
        sg_yr_cell_text(l, r, 3, ev ? safe_text(c, ev, where) : "none recorded");
        const char *im = sg_reg_get(a, "impact_finding");
        sg_yr_cell_text(l, r, 4, im ? safe_text(c, im, where) : "not yet checked");
    }
}

static int sec_reviews(bctx *c, sg_yr_section *s)
{
    const sg_reg_set *set = reg(c, "case_review");
    sg_cr_year y;
    sg_cr_year_counts(set, c->fy, c->as_at, &y);
    char detail[200], src[96] = "register:case_review/year";
    reg_detail(set, detail, sizeof detail);
    if (y.notifications == 0 && y.lcspr_commissioned == 0 && y.published == 0) {
        sg_yr_note(s, "No serious incident notifications or case reviews were recorded for %s.",
                   c->year);
    } else {
        sg_yr_fig fn = fig_count("reviews.notifications", y.notifications, true, src, c->year,
                                 detail);
        para(s, "The partnership notified the Child Safeguarding Practice Review Panel of %F "
                "serious incidents in the year.", &fn);
        static const char *const h[] = {"Incident", "Notifications", "Share"};
        sg_yr_table *t = sg_yr_table_add(s, "Serious incident notifications by type", 3, h);
        row_count_pct(t, "Death", "reviews.type", "DEATH", y.deaths, y.notifications, true, src,
                      c->year, detail);
        row_count_pct(t, "Serious harm", "reviews.type", "SERIOUS_HARM", y.serious_harm,
                      y.notifications, true, src, c->year, detail);
        total_row(t, "reviews", y.notifications, true, src, c->year, detail);
        sg_strlcpy(sg_yr_cell_at(t, t->total_row, 1)->fig.id, "reviews.notifications", 96);
        check_sums(t, 1);

        static const char *const th[] = {"Step", "Done on time", "Measured", "On time"};
        t = sg_yr_table_add(s, "Timeliness (working days from learning of the incident)", 4, th);
        int r = sg_yr_row(t, "National Panel notified within 5 working days");
        sg_yr_fig f = fig_count("reviews.notify_on_time", y.notify_on_time, true, src, c->year,
                                detail);
        sg_yr_cell_fig(t, r, 1, &f);
        f = fig_count("reviews.notify_measured", y.notify_measured, true, src, c->year, detail);
        sg_yr_cell_fig(t, r, 2, &f);
        f = fig_pct("reviews.notify_pct", y.notify_on_time, y.notify_measured, true, src, c->year,
                    detail);
        sg_yr_cell_fig(t, r, 3, &f);
        r = sg_yr_row(t, "Rapid review within 15 working days");
        f = fig_count("reviews.rapid_on_time", y.rapid_on_time, true, src, c->year, detail);
        sg_yr_cell_fig(t, r, 1, &f);
        f = fig_count("reviews.rapid_measured", y.rapid_measured, true, src, c->year, detail);
        sg_yr_cell_fig(t, r, 2, &f);
        f = fig_pct("reviews.rapid_pct", y.rapid_on_time, y.rapid_measured, true, src, c->year,
                    detail);
        sg_yr_cell_fig(t, r, 3, &f);

        static const char *const dh[] = {"Decision after the rapid review", "Notifications",
                                         "Share"};
        t = sg_yr_table_add(s, "Decisions", 3, dh);
        row_count_pct(t, "Local child safeguarding practice review (LCSPR)", "reviews.decision",
                      "LCSPR", y.dec_lcspr, y.notifications, true, src, c->year, detail);
        row_count_pct(t, "Local learning review", "reviews.decision", "LOCAL_REVIEW", y.dec_local,
                      y.notifications, true, src, c->year, detail);
        row_count_pct(t, "No further review", "reviews.decision", "NO_FURTHER_REVIEW", y.dec_none,
                      y.notifications, true, src, c->year, detail);
        row_count_pct(t, "Decision pending", "reviews.decision", "PENDING", y.dec_pending,
                      y.notifications, true, src, c->year, detail);
        total_row(t, "reviews.decision", y.notifications, true, src, c->year, detail);
        sg_strlcpy(sg_yr_cell_at(t, t->total_row, 1)->fig.id, "reviews.notifications", 96);
        check_sums(t, 1);

        sg_yr_fig fc = fig_count("reviews.lcspr_commissioned", y.lcspr_commissioned, true, src,
                                 c->year, detail);
        sg_yr_fig fp = fig_count("reviews.published", y.published, true, src, c->year, detail);
        para(s, "LCSPRs commissioned in the year: %F. Reviews published in the year: %F.", &fc,
             &fp);

        static const char *const mh[] = {"Learning theme", "Notifications", "Share"};
        t = NULL;
        for (int k = 0; sg_cr_themes[k].code && k < SG_CR_MAX_THEMES; k++) {
            if (!y.themes[k]) continue;
            if (!t) t = sg_yr_table_add(s, "Learning themes (a review can have several)", 3, mh);
            row_count_pct(t, sg_cr_themes[k].label, "reviews.theme", sg_cr_themes[k].code,
                          y.themes[k], y.notifications, true, src, c->year, detail);
        }
        if (t) {
            t->chart = SG_YR_CHART_BARS;
            t->chart_col = 1;
            sg_strlcpy(t->chart_id, "bars-review-themes", sizeof t->chart_id);
        }
    }
    heading(s, "What changed as a result");
    actions_by_source(c, s, "case_review", "case reviews");
    return SG_OK;
}

/* ---- audits ---- */

static bool date_in(sg_date d, sg_date a, sg_date b)
{
    return d != SG_DATE_NONE && d >= a && d <= b;
}

static int sec_audits(bctx *c, sg_yr_section *s)
{
    const sg_reg_set *au = reg(c, "audit"), *cases = reg(c, "audit_case"),
                     *rets = reg(c, "audit_return"), *grades = reg(c, "audit_grade");
    char detail[200];
    sfmt(detail, sizeof detail, "%zu audits, %zu cases, %zu returns, %zu grades", au->n,
             cases->n, rets->n, grades->n);
    static const char *const h[] = {"Audit", "Method", "Cases", "Returns received",
                                    "Panel held", "Report"};
    sg_yr_table *t = NULL;
    long long gsum[SG_AUDIT_NGRADES] = {0}, graded = 0;
    int naud = 0;
    for (size_t i = 0; i < au->n; i++) {
        const sg_reg_record *a = &au->rec[i];
        sg_date st = sg_reg_get_date(a, "started_date"), pl = sg_reg_get_date(a, "planned_start"),
                rp = sg_reg_get_date(a, "report_date");
        if (!date_in(st != SG_DATE_NONE ? st : pl, c->first, c->last) &&
            !date_in(rp, c->first, c->last))
            continue;
        sg_audit_stats as;
        if (sg_audit_stats_of(a->key, au, cases, rets, grades, c->as_at, NULL, &as) != SG_OK)
            continue;
        naud++;
        if (!t) t = sg_yr_table_add(s, "Multi-agency audits in the year", 6, h);
        char lab[300], src[96], id[96];
        sfmt(lab, sizeof lab, "%s: %s", a->key, sg_reg_get(a, "theme"));
        sfmt(src, sizeof src, "register:audit/summary:%s", a->key);
        int r = sg_yr_row(t, lab);
        sg_yr_cell_text(t, r, 1, sg_reg_get(a, "methodology"));
        sfmt(id, sizeof id, "audits.%s.cases", a->key);
        sg_yr_fig f = fig_count(id, as.cases, true, src, c->year, detail);
        sg_yr_cell_fig(t, r, 2, &f);
        sfmt(id, sizeof id, "audits.%s.returns_pct", a->key);
        f = fig_pct(id, as.received, as.requested, false, src, c->year, detail);
        sg_yr_cell_fig(t, r, 3, &f);
        sg_yr_cell_text(t, r, 4, sg_reg_get(a, "panel_held") ? sg_reg_get(a, "panel_held") : "not yet");
        sg_yr_cell_text(t, r, 5, sg_reg_get(a, "report_date") ? sg_reg_get(a, "report_date") : "not yet");
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
            row_count_pct(g, sg_audit_grades[k].label, "audits.grade", sg_audit_grades[k].code,
                          gsum[k], graded, true, "register:audit_grade", c->year, detail);
        total_row(g, "audits.grade", graded, true, "register:audit_grade", c->year, detail);
        check_sums(g, 1);
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
                    pl = sg_reg_get_date(a, "planned_start"), rp = sg_reg_get_date(a, "report_date");
            if (!sum || (!date_in(st != SG_DATE_NONE ? st : pl, c->first, c->last) &&
                         !date_in(rp, c->first, c->last)))
                continue;
            if (!l) {
                heading(s, "Findings");
                l = sg_yr_block_add(s, SG_YB_LIST);
            }
            char where[128], item[4200];
            sfmt(where, sizeof where, "audit %s", a->key);
            sfmt(item, sizeof item, "%s (%s): %s", sg_reg_get(a, "theme"), a->key,
                     safe_text(c, sum, where));
            sg_yr_run_text(l, item);
        }
    }
    heading(s, "Actions from audits");
    actions_by_source(c, s, "audit", "audits");
    return SG_OK;
}

/* ---- Section 11 / 175 ---- */

static int sec_section11(bctx *c, sg_yr_section *s)
{
    sg_s11_summary sum;
    memset(&sum, 0, sizeof sum);
    const sg_reg_set *rets = reg(c, "section11");
    if (sg_s11_compute(reg(c, "s11_framework"), reg(c, "s11_standard"), rets, reg(c, "s11_score"),
                       c->year, c->as_at, &sum) != SG_OK ||
        (sum.n == 0 && sum.nmissing == 0)) {
        sg_yr_note(s, "No Section 11 or Section 175 self-assessments were recorded for the %s "
                      "cycle.", c->year);
        sg_s11_summary_fini(&sum);
        return SG_OK;
    }
    char detail[200], src[96] = "register:s11_score/summary";
    sfmt(detail, sizeof detail, "%zu scores, %zu returns", reg(c, "s11_score")->n, rets->n);
    if (sum.n) {
        static const char *const h[] = {"Agency", "Framework", "Standards", "Met",
                                        "% met", "Change (points)"};
        char cap[96];
        sfmt(cap, sizeof cap, "Self-assessment: standards met, %s cycle", c->year);
        sg_yr_table *t = sg_yr_table_add(s, cap, 6, h);
        for (size_t i = 0; i < sum.n; i++) {
            const sg_s11_row *w = &sum.row[i];
            char id[96];
            int r = sg_yr_row(t, code_label(sg_reg_agencies, w->agency));
            sg_yr_cell_text(t, r, 1, w->framework);
            sfmt(id, sizeof id, "s11.%s.%s.standards", w->agency, w->framework);
            sg_yr_fig f = fig_count(id, w->standards, false, src, c->year, detail);
            sg_yr_cell_fig(t, r, 2, &f);
            sfmt(id, sizeof id, "s11.%s.%s.met", w->agency, w->framework);
            f = fig_count(id, w->met, false, src, c->year, detail);
            sg_yr_cell_fig(t, r, 3, &f);
            sfmt(id, sizeof id, "s11.%s.%s.pct", w->agency, w->framework);
            f = fig_pct(id, w->met, w->standards, false, src, c->year, detail);
            sg_yr_cell_fig(t, r, 4, &f);
            if (w->has_prev) {
                char txt[64], one[32];
                sg_fmt1(w->change, one);
                sfmt(txt, sizeof txt, "%s%s since %s", w->change > 0 ? "+" : "", one,
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
    sg_yr_fig fh = fig_count("s11.challenge.held", held, false, rsrc, c->year, detail);
    sg_yr_fig fa = fig_count("s11.challenge.assured", assured, false, rsrc, c->year, detail);
    sg_yr_fig fw = fig_count("s11.challenge.with_actions", with_actions, false, rsrc, c->year,
                             detail);
    sg_yr_fig fn = fig_count("s11.challenge.not_assured", not_assured, false, rsrc, c->year,
                             detail);
    para(s, "Challenge sessions held: %F (assured: %F; assured with actions: %F; not assured: %F).",
         &fh, &fa, &fw, &fn);
    if (sum.nmissing) {
        static const char *const h[] = {"Agency", "Framework", "Due", "Days overdue"};
        sg_yr_table *t = sg_yr_table_add(s, "Returns not received", 4, h);
        for (size_t i = 0; i < sum.nmissing; i++) {
            const sg_s11_missing *m = &sum.missing[i];
            char d[11], id[96];
            int r = sg_yr_row(t, code_label(sg_reg_agencies, m->agency));
            sg_yr_cell_text(t, r, 1, m->framework);
            sg_yr_cell_text(t, r, 2, sg_date_iso(m->due, d));
            sfmt(id, sizeof id, "s11.%s.%s.days_overdue", m->agency, m->framework);
            sg_yr_fig f = fig_count(id, m->days_overdue, false, "register:section11/not_returned",
                                    c->year, detail);
            sg_yr_cell_fig(t, r, 3, &f);
        }
    } else {
        sg_yr_note(s, "Every expected return for the cycle was received.");
    }
    heading(s, "Actions from Section 11 challenge");
    actions_by_source(c, s, "section11", "Section 11 and Section 175 challenge");
    sg_s11_summary_fini(&sum);
    return SG_OK;
}

/* ---- training ---- */

static int sec_training(bctx *c, sg_yr_section *s)
{
    const sg_reg_set *courses = reg(c, "training_course");
    sg_tr_summary sum;
    memset(&sum, 0, sizeof sum);
    if (sg_tr_compute(courses, reg(c, "training_session"), reg(c, "training_booking"),
                      reg(c, "training_evaluation"), c->first, c->last, &sum) != SG_OK ||
        sum.overall.sessions == 0) {
        sg_yr_note(s, "No training sessions were recorded for %s.", c->year);
        sg_tr_summary_fini(&sum);
        return SG_OK;
    }
    char detail[200], src[96] = "register:training_course/summary";
    sfmt(detail, sizeof detail, "%zu sessions, %zu bookings, %zu evaluations",
             reg(c, "training_session")->n, reg(c, "training_booking")->n,
             reg(c, "training_evaluation")->n);
    static const char *const h[] = {"Course", "Sessions", "Booked", "Attended", "% attending",
                                    "% good or excellent", "Mean knowledge uplift (0-10)"};
    sg_yr_table *t = sg_yr_table_add(s, "Training delivered and its evaluation", 7, h);
    for (size_t i = 0; i <= sum.ncourse; i++) {
        const sg_tr_stats *w = i < sum.ncourse ? &sum.course[i] : &sum.overall;
        if (i < sum.ncourse && w->sessions == 0) continue;
        const sg_reg_record *cr = i < sum.ncourse ? sg_reg_set_find(courses, w->name) : NULL;
        int r = sg_yr_row(t, i == sum.ncourse ? "Total"
                             : cr && sg_reg_get(cr, "title") ? sg_reg_get(cr, "title")
                                                              : w->name);
        if (i == sum.ncourse) t->total_row = r;
        const char *key = i < sum.ncourse ? w->name : "all";
        char id[96];
        const long long v[] = {w->sessions, w->booked, w->attended};
        static const char *const nm[] = {"sessions", "booked", "attended"};
        for (int k = 0; k < 3; k++) {
            sfmt(id, sizeof id, "training.%s.%s", key, nm[k]);
            sg_yr_fig f = fig_count(id, v[k], false, src, c->year, detail);
            sg_yr_cell_fig(t, r, 1 + k, &f);
        }
        sfmt(id, sizeof id, "training.%s.attend_pct", key);
        sg_yr_fig f = fig_pct(id, w->attended, w->booked, false, src, c->year, detail);
        sg_yr_cell_fig(t, r, 4, &f);
        sfmt(id, sizeof id, "training.%s.good_pct", key);
        f = fig_pct(id, w->good, w->rated, false, "register:training_course/evaluation", c->year,
                    detail);
        sg_yr_cell_fig(t, r, 5, &f);
        sfmt(id, sizeof id, "training.%s.uplift", key);
        f = fig_mean(id, w->has_uplift, w->mean_uplift, w->paired, false,
                     "register:training_course/evaluation", c->year, detail);
        sg_yr_cell_fig(t, r, 6, &f);
    }
    check_sums(t, 1);
    sg_yr_fig fi = fig_pct("training.all.improving_pct", sum.overall.improving,
                           sum.overall.paired, false, "register:training_course/evaluation",
                           c->year, detail);
    para(s, "Of the delegates who scored their knowledge before and after, %F said it improved.",
         &fi);
    if (sum.nagency) {
        static const char *const ah[] = {"Agency", "Booked", "Attended", "% attending",
                                         "No-shows"};
        sg_yr_table *a = sg_yr_table_add(s, "Attendance by agency", 5, ah);
        for (size_t i = 0; i < sum.nagency; i++) {
            const sg_tr_stats *w = &sum.agency[i];
            char id[96];
            int r = sg_yr_row(a, code_label(sg_reg_agencies, w->name));
            const char *as = "register:training_booking/agencies";
            sfmt(id, sizeof id, "training.agency.%s.booked", w->name);
            sg_yr_fig f = fig_count(id, w->booked, false, as, c->year, detail);
            sg_yr_cell_fig(a, r, 1, &f);
            sfmt(id, sizeof id, "training.agency.%s.attended", w->name);
            f = fig_count(id, w->attended, false, as, c->year, detail);
            sg_yr_cell_fig(a, r, 2, &f);
            sfmt(id, sizeof id, "training.agency.%s.attend_pct", w->name);
            f = fig_pct(id, w->attended, w->booked, false, as, c->year, detail);
            sg_yr_cell_fig(a, r, 3, &f);
            sfmt(id, sizeof id, "training.agency.%s.no_show", w->name);
            f = fig_count(id, w->no_show, false, as, c->year, detail);
            sg_yr_cell_fig(a, r, 4, &f);
        }
    }
    sg_tr_summary_fini(&sum);
    return SG_OK;
}

/* ---- LADO ---- */

static void lado_tally(sg_yr_section *s, const char *caption, const char *idp,
                       const sg_lado_tally *tl, long long total, const sg_reg_code *codes,
                       const char *detail, const char *year, const char *chart)
{
    static const char *const h[] = {"", "Cases", "Share"};
    sg_yr_table *t = sg_yr_table_add(s, caption, 3, h);
    for (int i = 0; i < tl->n; i++)
        row_count_pct(t, codes ? code_label(codes, tl->s[i].code) : tl->s[i].code, idp,
                      tl->s[i].code, tl->s[i].n, total, true, "register:lado/breakdown", year,
                      detail);
    total_row(t, idp, total, true, "register:lado/breakdown", year, detail);
    sg_strlcpy(sg_yr_cell_at(t, t->total_row, 1)->fig.id, "lado.received", 96);
    check_sums(t, 1);
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

static int sec_lado(bctx *c, sg_yr_section *s)
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
        if (!date_in(cases[i].received, c->first, c->last) &&
            !date_in(cases[i].concluded, c->first, c->last))
            continue;
        bool seen = false;
        for (size_t k = 0; k < nsubs; k++)
            seen |= subs[k] == cases[i].submission;
        if (!seen && nsubs < 64) subs[nsubs++] = cases[i].submission;
    }
    free(cases);
    if (y.received == 0 && y.concluded == 0) {
        sg_yr_note(s, "No allegations against people who work with children were recorded for "
                      "%s.", c->year);
        return SG_OK;
    }
    char detail[200];
    ids_text(subs, nsubs, detail, sizeof detail);
    const char *src = "register:lado/years";
    sg_yr_fig fr = fig_count("lado.received", y.received, true, src, c->year, detail);
    sg_yr_fig fc = fig_count("lado.contacts", y.contacts, true, src, c->year, detail);
    sg_yr_fig ff = fig_count("lado.referrals", y.referrals, true, src, c->year, detail);
    para(s, "The LADO received %F contacts and referrals about people who work with children: "
            "%F contacts and %F referrals.",
         &fr, &fc, &ff);
    if (y.received) {
        lado_tally(s, "By category of allegation", "lado.category", &y.category, y.received,
                   lado_codes("category"), detail, c->year, "bars-lado-category");
        lado_tally(s, "By referring agency", "lado.agency", &y.agency, y.received,
                   sg_reg_agencies, detail, c->year, NULL);
        lado_tally(s, "By employment sector", "lado.sector", &y.sector, y.received,
                   lado_codes("employment_sector"), detail, c->year, NULL);
        lado_tally(s, "By outcome", "lado.outcome", &y.outcome, y.received,
                   lado_codes("outcome"), detail, c->year, NULL);
    }
    if (y.concluded) {
        static const char *const h[] = {"Time from receipt to conclusion", "Cases", "Share"};
        sg_yr_table *t = sg_yr_table_add(s, "Cases concluded in the year, by time taken", 3, h);
        static const char *const code[] = {"lt1m", "lt3m", "lt12m", "12mplus"};
        for (int b = 0; b < SG_LADO__BANDS; b++)
            row_count_pct(t, sg_lado_band_label((sg_lado_band)b), "lado.time", code[b], y.band[b],
                          y.concluded, true, "register:lado/timescales", c->year, detail);
        total_row(t, "lado.time", y.concluded, true, "register:lado/timescales", c->year, detail);
        sg_strlcpy(sg_yr_cell_at(t, t->total_row, 1)->fig.id, "lado.concluded", 96);
        check_sums(t, 1);
    }
    sg_yr_fig fo = fig_count("lado.open_at_year_end", y.open_at_year_end, true, src, c->year,
                             detail);
    para(s, "Cases open at the end of the year: %F.", &fo);
    return SG_OK;
}

/* ---- child deaths ---- */

static int sec_child_deaths(bctx *c, sg_yr_section *s)
{
    const sg_reg_set *d = reg(c, "child_death");
    sg_cdop_year y;
    sg_cdop_year_counts(d, reg(c, "recommendation"), reg(c, "action"), c->fy, &y);
    if (y.notifications == 0 && y.reviewed == 0) {
        sg_yr_note(s, "No child death reviews were recorded for %s.", c->year);
        return SG_OK;
    }
    char detail[200], src[96] = "register:child_death/year";
    reg_detail(d, detail, sizeof detail);
    static const char *const h[] = {"Deaths notified", "Children", "Share"};
    sg_yr_table *t = sg_yr_table_add(s, "Child deaths notified to the CDOP", 3, h);
    row_count_pct(t, "Expected", "cdop.notified", "EXPECTED", y.expected, y.notifications, true,
                  src, c->year, detail);
    row_count_pct(t, "Unexpected", "cdop.notified", "UNEXPECTED", y.unexpected, y.notifications,
                  true, src, c->year, detail);
    total_row(t, "cdop.notified", y.notifications, true, src, c->year, detail);
    sg_strlcpy(sg_yr_cell_at(t, t->total_row, 1)->fig.id, "cdop.notifications", 96);
    check_sums(t, 1);
    if (!y.reviewed) {
        sg_yr_note(s, "No child death reviews were completed in %s.", c->year);
    } else {
        sg_yr_fig fr = fig_count("cdop.reviewed", y.reviewed, true, src, c->year, detail);
        para(s, "The panel completed %F reviews in the year.", &fr);
        static const char *const ch[] = {"Category of death", "Reviews", "Share"};
        t = sg_yr_table_add(s, "Reviews completed by category of death", 3, ch);
        for (int k = 0; sg_cdop_categories[k].code && k < SG_CDOP_MAX_CODES; k++)
            if (y.category[k].n)
                row_count_pct(t, sg_cdop_categories[k].label, "cdop.category",
                              sg_cdop_categories[k].code, y.category[k].n, y.reviewed, true, src,
                              c->year, detail);
        total_row(t, "cdop.category", y.reviewed, true, src, c->year, detail);
        sg_strlcpy(sg_yr_cell_at(t, t->total_row, 1)->fig.id, "cdop.reviewed", 96);
        check_sums(t, 1);
        long long answered = y.modifiable_yes.n + y.modifiable_no.n;
        static const char *const mh[] = {"Modifiable factors identified", "Reviews", "Share"};
        t = sg_yr_table_add(s, "Modifiable factors", 3, mh);
        row_count_pct(t, "Yes", "cdop.modifiable", "yes", y.modifiable_yes.n, answered, true, src,
                      c->year, detail);
        row_count_pct(t, "No", "cdop.modifiable", "no", y.modifiable_no.n, answered, true, src,
                      c->year, detail);
        total_row(t, "cdop.modifiable", answered, true, src, c->year, detail);
        check_sums(t, 1);
        t = NULL;
        for (int k = 0; sg_cdop_themes[k].code && k < SG_CDOP_MAX_CODES; k++) {
            if (!y.theme[k].n) continue;
            if (!t) {
                static const char *const th[] = {"Theme", "Reviews", "Share"};
                t = sg_yr_table_add(s, "Themes of the modifiable factors (a review can have "
                                       "several)", 3, th);
            }
            row_count_pct(t, sg_cdop_themes[k].label, "cdop.theme", sg_cdop_themes[k].code,
                          y.theme[k].n, y.modifiable_yes.n, true, src, c->year, detail);
        }
    }
    sg_yr_fig fl = fig_count("cdop.reviews_with_links", y.reviews_with_links, true, src, c->year,
                             detail);
    sg_yr_fig frc = fig_count("cdop.recommendations", y.recommendations, false, src, c->year,
                              detail);
    sg_yr_fig fa = fig_count("cdop.actions", y.actions, false, src, c->year, detail);
    para(s, "Reviews with recommendations or actions: %F; recommendations: %F; actions: %F.", &fl,
         &frc, &fa);
    return SG_OK;
}

/* ---- children's voice ---- */

static int sec_voice(bctx *c, sg_yr_section *s)
{
    const sg_reg_set *sv = reg(c, "voice_survey"), *qs = reg(c, "voice_question"),
                     *rs = reg(c, "voice_response");
    int shown = 0;
    for (size_t i = 0; i < sv->n; i++) {
        const sg_reg_record *sr = &sv->rec[i];
        sg_date od = sg_reg_get_date(sr, "open_date"), cd = sg_reg_get_date(sr, "close_date");
        /* A survey belongs to the year it closed in (or opened in, while still open). */
        if (!date_in(cd != SG_DATE_NONE ? cd : od, c->first, c->last)) continue;
        sg_voice_result vr;
        memset(&vr, 0, sizeof vr);
        if (sg_voice_compute(qs, rs, sr->key, &vr) != SG_OK) continue;
        shown++;
        char title[300], src[96], detail[200], idp[96];
        sfmt(title, sizeof title, "%s",
                 sg_reg_get(sr, "title") ? sg_reg_get(sr, "title") : sr->key);
        heading(s, title);
        sfmt(src, sizeof src, "register:voice_response/answers:%s", sr->key);
        reg_detail(rs, detail, sizeof detail);
        sfmt(idp, sizeof idp, "voice.%s.respondents", sr->key);
        sg_yr_fig fr = fig_count(idp, vr.respondents, true, src, c->year, detail);
        para(s, "Children and young people who responded: %F.", &fr);
        for (size_t q = 0; q < vr.nq; q++) {
            const sg_voice_question_result *qr = &vr.q[q];
            char key[200];
            sfmt(key, sizeof key, "%s/%s", sr->key, qr->question);
            const sg_reg_record *qrec = sg_reg_set_find(qs, key);
            sg_voice_option opts[SG_VOICE_MAX_OPTIONS];
            int nopt = 0;
            if (qrec) sg_voice_parse_options(sg_reg_get(qrec, "options"), opts, &nopt, NULL);
            static const char *const h[] = {"Answer", "Children", "Share"};
            const char *qt = qrec && sg_reg_get(qrec, "text") ? sg_reg_get(qrec, "text") : qr->question;
            sg_yr_table *t = sg_yr_table_add(s, qt, 3, h);
            sfmt(idp, sizeof idp, "voice.%s.%s", sr->key, qr->question);
            for (int k = 0; k < qr->noptions; k++) {
                const char *lab = qr->option[k].code;
                for (int j = 0; j < nopt; j++)
                    if (strcmp(opts[j].code, lab) == 0) lab = opts[j].label;
                row_count_pct(t, lab, idp, qr->option[k].code, qr->option[k].count, qr->answered,
                              true, src, c->year, detail);
            }
            total_row(t, idp, qr->answered, true, src, c->year, detail);
            check_sums(t, 1);
        }
        sg_voice_result_fini(&vr);
    }
    if (!shown) sg_yr_note(s, "No surveys of children were recorded for %s.", c->year);
    return SG_OK;
}

/* ---- finance ---- */

static void fin_table(sg_yr_section *s, const char *caption, const char *first, const char *idp,
                      const sg_fin_line *lines, int n, long long total, long long prev,
                      const sg_reg_code *codes, const char *year, int fy, const char *detail)
{
    char prevy[8], h2[32];
    sg_fy_text(fy - 1, prevy);
    sfmt(h2, sizeof h2, "%s", prevy);
    const char *h[] = {first, year, "Share", h2, "Change"};
    sg_yr_table *t = sg_yr_table_add(s, caption, 5, h);
    const char *src = "register:finance/year";
    for (int i = 0; i <= n; i++) {
        bool tot = i == n;
        const char *code = tot ? "total" : lines[i].name;
        int r = sg_yr_row(t, tot ? "Total" : code_label(codes, code));
        if (tot) t->total_row = r;
        char id[96];
        long long v = tot ? total : lines[i].pence, pv = tot ? prev : lines[i].prev_pence;
        sfmt(id, sizeof id, "%s.%s", idp, code);
        sg_yr_fig f = fig_money(id, v, src, year, detail);
        sg_yr_cell_fig(t, r, 1, &f);
        sfmt(id, sizeof id, "%s.%s.pct", idp, code);
        f = fig_pct(id, v, total, false, src, year, detail);
        /* Money: the share is of pence; sg_pct takes long, fine for sums below 2^63 pence. */
        sg_yr_cell_fig(t, r, 2, &f);
        sfmt(id, sizeof id, "%s.%s.prev", idp, code);
        f = fig_money(id, pv, src, prevy, detail);
        sg_yr_cell_fig(t, r, 3, &f);
        sfmt(id, sizeof id, "%s.%s.change", idp, code);
        f = fig_money(id, v - pv, src, year, detail);
        sg_yr_cell_fig(t, r, 4, &f);
    }
    check_sums(t, 1);
}

static int sec_finance(bctx *c, sg_yr_section *s)
{
    const sg_reg_set *co = reg(c, "finance_contribution"), *ex = reg(c, "finance_expenditure"),
                     *re = reg(c, "finance_reserve");
    sg_fin_year y;
    sg_fin_year_compute(co, ex, re, c->fy, &y);
    bool this_year = false;
    for (int i = 0; i < y.ncontrib; i++)
        this_year |= y.contrib[i].pence != 0;
    for (int i = 0; i < y.nspend; i++)
        this_year |= y.spend[i].pence != 0;
    if (!this_year && !y.has_carried_forward) {
        sg_yr_note(s, "No finance records were kept for %s.", c->year);
        return SG_OK;
    }
    char detail[200];
    sfmt(detail, sizeof detail, "%zu contributions, %zu expenditure lines, %zu reserves",
             co->n, ex->n, re->n);
    fin_table(s, "Contributions by partner", "Partner", "finance.contrib", y.contrib, y.ncontrib,
              y.contrib_total, y.contrib_prev, sg_reg_agencies, c->year, c->fy, detail);
    fin_table(s, "Expenditure by category", "Category", "finance.spend", y.spend, y.nspend,
              y.spend_total, y.spend_prev, sg_fin_categories, c->year, c->fy, detail);
    static const char *const h[] = {"Resources and reserves", "Amount"};
    sg_yr_table *t = sg_yr_table_add(s, "Resources and reserves", 2, h);
    const char *src = "register:finance/year";
    struct {
        const char *label, *code;
        bool has;
        long long v;
    } rows[] = {
        {"Reserve brought forward", "brought_forward", y.has_brought_forward, y.brought_forward},
        {"Contributions", "contributions", true, y.contrib_total},
        {"Total resources", "resources", true, y.resources},
        {"Expenditure", "expenditure", true, y.spend_total},
        {"Balance (resources less expenditure)", "balance", true, y.balance},
        {"Reserve carried forward (recorded)", "carried_forward", y.has_carried_forward,
         y.carried_forward},
    };
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        int r = sg_yr_row(t, rows[k].label);
        char id[96];
        sfmt(id, sizeof id, "finance.%s", rows[k].code);
        if (!rows[k].has) {
            sg_yr_cell_text(t, r, 1, "not recorded");
            continue;
        }
        sg_yr_fig f = fig_money(id, rows[k].v, src, c->year, detail);
        sg_yr_cell_fig(t, r, 1, &f);
    }
    if (y.has_carried_forward && y.unreconciled != 0) {
        char a[40];
        sg_fin_fmt(y.unreconciled, a);
        sg_yr_note(s, "The recorded reserve differs from the balance by %s: the accounts do not "
                      "reconcile.", a);
    }
    return SG_OK;
}

/* ---- risks ---- */

static int sec_risks(bctx *c, sg_yr_section *s)
{
    const sg_reg_set *risks = reg(c, "risk"), *reviews = reg(c, "risk_review");
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
    reg_detail(risks, detail, sizeof detail);
    sfmt(period, sizeof period, "as at %s", sg_date_iso(c->as_at, asat));
    const char *src = "register:risk/top";
    sg_yr_fig fo = fig_count("risks.open", open, false, src, period, detail);
    sg_yr_fig fv = fig_count("risks.very_high", by[0], false, src, period, detail);
    sg_yr_fig fh = fig_count("risks.high", by[1], false, src, period, detail);
    sg_yr_fig fd = fig_count("risks.overdue", overdue, false, "register:risk/overdue", period,
                             detail);
    para(s, "Open risks: %F, of which %F rated very high and %F high. Reviews overdue: %F.", &fo,
         &fv, &fh, &fd);
    static const char *const h[] = {"Risk", "Owner", "Likelihood", "Impact", "Score", "Rating",
                                    "Since last review"};
    sg_yr_table *t = sg_yr_table_add(s, "The highest risks", 7, h);
    size_t shown = 0;
    for (size_t i = 0; i < n && shown < SG_RISK_TOP; i++) {
        const sg_risk_row *w = &rows[i];
        if (!w->open || !w->score) continue;
        shown++;
        const sg_reg_record *rec = sg_reg_set_find(risks, w->ref);
        char lab[400], id[96], where[96];
        sfmt(where, sizeof where, "risk %s", w->ref);
        sfmt(lab, sizeof lab, "%s: %s", w->ref,
                 rec ? safe_text(c, sg_reg_get(rec, "risk"), where) : "");
        int r = sg_yr_row(t, lab);
        sg_yr_cell_text(t, r, 1, rec ? sg_reg_get(rec, "owner_agency") : "");
        const int v[] = {w->likelihood, w->impact, w->score};
        static const char *const nm[] = {"likelihood", "impact", "score"};
        for (int k = 0; k < 3; k++) {
            sfmt(id, sizeof id, "risks.%s.%s", w->ref, nm[k]);
            sg_yr_fig f = fig_count(id, v[k], false, src, period, detail);
            sg_yr_cell_fig(t, r, 2 + k, &f);
        }
        sg_yr_cell_text(t, r, 5, w->rating);
        char mv[48];
        switch (w->move) {
        case SG_RISK_UP:
            sfmt(mv, sizeof mv, "up %d", w->change);
            break;
        case SG_RISK_DOWN:
            sfmt(mv, sizeof mv, "down %d", -w->change);
            break;
        case SG_RISK_SAME:
            sfmt(mv, sizeof mv, "no change");
            break;
        case SG_RISK_NEW:
            sfmt(mv, sizeof mv, "new");
            break;
        case SG_RISK_UNASSESSED:
            sfmt(mv, sizeof mv, "not assessed");
            break;
        }
        sg_yr_cell_text(t, r, 6, mv);
    }
    free(rows);
    return SG_OK;
}

static int sec_next(bctx *c, sg_yr_section *s)
{
    if (!c->cfg || !c->cfg->nnext) {
        sg_yr_note(s, "The config names no priorities for next year.");
        return SG_OK;
    }
    static const char *const h[] = {"Priority", "What the partnership will do"};
    char cap[96];
    char nexty[8];
    sg_fy_text(c->fy + 1, nexty);
    sfmt(cap, sizeof cap, "Priorities for %s", nexty);
    sg_yr_table *t = sg_yr_table_add(s, cap, 2, h);
    for (int i = 0; i < c->cfg->nnext; i++) {
        int r = sg_yr_row(t, c->cfg->next_priorities[i].name);
        sg_yr_cell_text(t, r, 1, c->cfg->next_priorities[i].text);
    }
    return SG_OK;
}

/* ---- the whole report ---- */

/* The report's sections in order: number (also the prefix of its narrative files), slug,
 * title, whether only the partnership's narrative fills it, and what builds it from the data
 * (NULL: narrative only, or the glossary that sg_yr_finish writes). */
typedef struct section_def {
    int num;
    const char *slug, *title;
    bool narrative_only;
    int (*build)(bctx *c, sg_yr_section *s);
} section_def;

enum { S_SCRUTINY = 13, S_GLOSSARY = 17 }; /* sections the builder treats specially */

static const section_def sections[] = {
    {1, "foreword", "Foreword", true, NULL},
    {2, "arrangements", "Partnership arrangements", false, sec_arrangements},
    {3, "context", "Local context", false, sec_context},
    {4, "priorities", "Priorities and progress", false, sec_priorities},
    {5, "dataset", "The multi-agency dataset", false, sec_dataset},
    {6, "reviews", "Learning from reviews", false, sec_reviews},
    {7, "audits", "Multi-agency audits", false, sec_audits},
    {8, "section11", "Section 11 and Section 175 self-assessment", false, sec_section11},
    {9, "training", "Training and its evaluation", false, sec_training},
    {10, "lado", "Allegations against people who work with children (LADO)", false, sec_lado},
    {11, "child-deaths", "Child deaths", false, sec_child_deaths},
    {12, "voice", "Children's voice", false, sec_voice},
    {S_SCRUTINY, "scrutiny", "Independent scrutiny", true, NULL},
    {14, "finance", "Finance", false, sec_finance},
    {15, "risks", "Risk register", false, sec_risks},
    {16, "next-year", "Priorities for next year", false, sec_next},
    {S_GLOSSARY, "glossary", "Glossary", false, NULL},
};

int sg_yr_build(sg_store *s, const sg_yr_opts *o, sg_yr_report *r, sg_error *err)
{
    sg_yr_init(r);
    if (!o || !o->year) return sg_err(err, SG_EINVAL, "which year? (e.g. 2023-24)");
    sg_period per;
    int rc = sg_period_parse(o->year, &per, err);
    if (rc) return rc;
    if (per.kind != SG_PERIOD_YEAR)
        return sg_err(err, SG_EINVAL, "the yearly report needs a financial year such as 2023-24, "
                                      "not '%s'", o->year);
    bctx *c = xcalloc(1, sizeof *c);
    c->s = s;
    c->o = o;
    c->cfg = o->cfg;
    c->r = r;
    c->err = err;
    c->fy = per.fy;
    c->first = per.start;
    c->last = per.end;
    c->as_at = o->as_at != SG_DATE_NONE ? o->as_at : per.end;
    sg_strlcpy(c->year, per.text, sizeof c->year);
    sg_booklet_init(&c->bk);

    r->public_view = o->public_view;
    r->fy = per.fy;
    r->as_at = c->as_at;
    r->disc.threshold = o->cfg && o->cfg->threshold ? o->cfg->threshold : 0;
    if (r->disc.threshold <= 0) r->disc.threshold = SG_DISCLOSURE_DEFAULT_THRESHOLD;
    sg_strlcpy(r->year, per.text, sizeof r->year);
    sg_strlcpy(r->partnership, o->cfg ? o->cfg->partnership : "", sizeof r->partnership);
    if (o->cfg && o->cfg->title[0])
        sg_strlcpy(r->title, o->cfg->title, sizeof r->title);
    else
        sfmt(r->title, sizeof r->title, "Safeguarding children partnership yearly report %s",
                 per.text);

    rc = sg_narrative_load(o->narrative_dir, &c->narr, err);
    for (size_t i = 0; !rc && i < NREG; i++) {
        const sg_register *rg = sg_reg_find(reg_names[i]);
        if (!rg) {
            sg_reg_set_init(&c->set[i], NULL);
            continue;
        }
        rc = sg_reg_load(s, rg, &c->set[i], err);
        c->loaded[i] = rc == SG_OK;
    }
    sg_ind_opts io;
    sg_ind_opts_init(&io);
    io.as_of = c->as_at;
    if (o->cfg && o->cfg->area[0]) io.area = o->cfg->area;
    if (!rc) {
        sg_booklet_opts bo = {.public_view = o->public_view,
                              .threshold = r->disc.threshold,
                              .years = 3,
                              .partnership = r->partnership,
                              .ind = &io};
        rc = sg_booklet_build(s, per.text, &bo, &c->bk, err);
    }
    if (!rc) rc = sg_ind_compute_opts(s, per.text, &io, &c->ind, &c->nind, err);

    for (size_t i = 0; !rc && i < sizeof sections / sizeof sections[0]; i++) {
        sg_yr_section *sec =
            sg_yr_section_add(r, sections[i].num, sections[i].slug, sections[i].title);
        sec->narrative_only = sections[i].narrative_only;
        if (sections[i].num == S_GLOSSARY) continue;
        rc = narrative(c, sec, false);
        if (rc) break;
        if (!sec->has_before) {
            sg_yr_warn(r, "section %02d (%s): no narrative file %02d-*.md%s%s", sec->num,
                       sec->title, sec->num, o->narrative_dir ? " in " : "",
                       o->narrative_dir ? o->narrative_dir : " (no --narrative folder)");
            if (sec->narrative_only)
                sg_yr_note(sec, "This section is written by the partnership and has not been "
                                "provided yet.");
        }
        if (sections[i].num == S_SCRUTINY && o->cfg && o->cfg->scrutineer[0]) {
            sg_yr_block *b = sg_yr_block_add(sec, SG_YB_PARA);
            sg_yr_run_textf(b, "Independent scrutineer: %s.", o->cfg->scrutineer);
        }
        if (sections[i].build) rc = sections[i].build(c, sec);
        if (!rc) rc = narrative(c, sec, true);
    }
    if (!rc)
        for (size_t i = 0; i < c->narr.n; i++)
            if (!c->narr.f[i].used)
                sg_yr_warn(r, "narrative file %s was not used (no section %02d, or a second file "
                              "for it)", c->narr.f[i].name, c->narr.f[i].num);

    for (size_t i = 0; i < NREG; i++)
        sg_reg_set_fini(&c->set[i]);
    sg_booklet_fini(&c->bk);
    sg_ind_results_free(c->ind, c->nind);
    sg_narrative_fini(&c->narr);
    free(c);
    if (rc) {
        sg_yr_fini(r);
        return rc;
    }
    sg_yr_finish(r);
    return SG_OK;
}

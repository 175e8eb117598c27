/* yearly_figures.c - the helpers every section of the yearly report builds with. Every figure
 * is made through one of the yr_fig_* helpers, which give it its trace: source, period and the
 * inputs it came from; tables add rows with counts and percentages and check their sums;
 * sentences carry figures; register free text passes the publish check in a public report;
 * each section's narrative files are put before and after what the data gives. */
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

void yr_sfmt(char *out, size_t outsz, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, outsz, fmt, ap);
    va_end(ap);
}

/* Registers the report reads, loaded once. */
const char *const yr_reg_names[YR_NREG] = {
    "case_review",
    "recommendation",
    "action",
    "audit",
    "audit_case",
    "audit_return",
    "audit_grade",
    "s11_framework",
    "s11_standard",
    "section11",
    "s11_score",
    "training_course",
    "training_session",
    "training_booking",
    "training_evaluation",
    "child_death",
    "finance_contribution",
    "finance_income",
    "finance_expenditure",
    "finance_reserve",
    "risk",
    "risk_review",
    "voice_survey",
    "voice_question",
    "voice_response",
    "organisation",
};

const sg_reg_set *yr_reg(bctx *c, const char *name)
{
    for (size_t i = 0; i < YR_NREG; i++)
        if (strcmp(yr_reg_names[i], name) == 0) return &c->set[i];
    abort(); /* a name not in yr_reg_names is a programming error */
}

/* ---- figures ---- */

sg_yr_fig yr_fig_base(const char *id, const char *source, const char *period, const char *detail)
{
    sg_yr_fig f;
    memset(&f, 0, sizeof f);
    sg_strlcpy(f.id, id, sizeof f.id);
    sg_strlcpy(f.source, source, sizeof f.source);
    sg_strlcpy(f.period, period, sizeof f.period);
    sg_strlcpy(f.detail, detail ? detail : "", sizeof f.detail);
    return f;
}

sg_yr_fig yr_fig_count(const char *id, long long n, bool people, const char *source,
                       const char *period, const char *detail)
{
    sg_yr_fig f = yr_fig_base(id, source, period, detail);
    f.kind = SG_YF_COUNT;
    f.has = true;
    f.n = n;
    f.people = people;
    return f;
}

sg_yr_fig yr_fig_pct(const char *id, long long num, long long den, bool people, const char *source,
                     const char *period, const char *detail)
{
    sg_yr_fig f = yr_fig_base(id, source, period, detail);
    f.kind = SG_YF_PCT;
    f.n = num;
    f.den = den;
    f.people = people;
    f.has = den > 0 && sg_pct((long)num, (long)den, &f.v) == SG_OK;
    return f;
}

sg_yr_fig yr_fig_money(const char *id, long long pence, const char *source, const char *period,
                       const char *detail)
{
    sg_yr_fig f = yr_fig_base(id, source, period, detail);
    f.kind = SG_YF_MONEY;
    f.has = true;
    f.n = pence;
    return f;
}

sg_yr_fig yr_fig_mean(const char *id, bool has, double v, long long n, bool people,
                      const char *source, const char *period, const char *detail)
{
    sg_yr_fig f = yr_fig_base(id, source, period, detail);
    f.kind = SG_YF_MEAN;
    f.has = has;
    f.v = v;
    f.n = n;
    f.people = people;
    return f;
}

/* "N records of register X" for a register-based trace. */
void yr_reg_detail(const sg_reg_set *set, char *out, size_t outsz)
{
    yr_sfmt(out, outsz, "%zu record%s of register %s", set->n, set->n == 1 ? "" : "s",
            set->reg ? set->reg->name : "?");
}

void yr_ids_text(const int64_t *ids, size_t n, char *out, size_t outsz)
{
    size_t off = (size_t)snprintf(out, outsz, n == 1 ? "submission" : "submissions");
    if (n == 0) off = (size_t)snprintf(out, outsz, "no submission");
    for (size_t i = 0; i < n && off < outsz; i++)
        off += (size_t)snprintf(out + off, outsz - off, "%s %lld", i ? "," : "", (long long)ids[i]);
}

/* Adds a row "heading | count | %" to a breakdown table. */
void yr_row_count_pct(sg_yr_table *t, const char *heading, const char *id_prefix, const char *code,
                      long long n, long long den, bool people, const char *source,
                      const char *period, const char *detail)
{
    char id[96];
    int r = sg_yr_row(t, heading);
    yr_sfmt(id, sizeof id, "%s.%s", id_prefix, code);
    sg_yr_fig f = yr_fig_count(id, n, people, source, period, detail);
    sg_yr_cell_fig(t, r, 1, &f);
    yr_sfmt(id, sizeof id, "%s.%s.pct", id_prefix, code);
    f = yr_fig_pct(id, n, den, people, source, period, detail);
    sg_yr_cell_fig(t, r, 2, &f);
}

void yr_total_row(sg_yr_table *t, const char *id_prefix, long long n, bool people,
                  const char *source, const char *period, const char *detail)
{
    char id[96];
    yr_sfmt(id, sizeof id, "%s.total", id_prefix);
    int r = sg_yr_row(t, "Total");
    sg_yr_fig f = yr_fig_count(id, n, people, source, period, detail);
    sg_yr_cell_fig(t, r, 1, &f);
    t->total_row = r;
}

/* Marks t as summing when its count column adds up to the total row (checked, not assumed). */
void yr_check_sums(sg_yr_table *t, int col)
{
    if (t->total_row < 0) return;
    long long sum = 0;
    for (int r = 0; r < t->nrows; r++)
        if (r != t->total_row && sg_yr_cell_at(t, r, col)->is_fig)
            sum += sg_yr_cell_at(t, r, col)->fig.n;
    t->sums = sum == sg_yr_cell_at(t, t->total_row, col)->fig.n;
}

const char *yr_code_label(const sg_reg_code *codes, const char *code)
{
    for (const sg_reg_code *k = codes; k && k->code; k++)
        if (strcmp(k->code, code) == 0) return k->label;
    return code;
}

/* A sentence: text with %F for the next figure (figures passed as pointers). */
void yr_para(sg_yr_section *s, const char *fmt, ...)
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

void yr_heading(sg_yr_section *s, const char *text)
{
    sg_yr_run_text(sg_yr_block_add(s, SG_YB_HEADING), text);
}

/* Register free text shown in a public report passes the publish check, or is withheld. */
const char *yr_safe_text(bctx *c, const char *text, const char *where)
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

int yr_narrative(bctx *c, sg_yr_section *s, bool after)
{
    sg_narr_file *f = sg_narrative_take(&c->narr, s->num, after);
    if (!f) return SG_OK;
    char path[700];
    yr_sfmt(path, sizeof path, "%s/%s", c->narr.dir, f->name);
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

/* true when d is a date within [a, b]. */
bool yr_date_in(sg_date d, sg_date a, sg_date b)
{
    return d != SG_DATE_NONE && d >= a && d <= b;
}

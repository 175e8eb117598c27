/* partner_check.c - validation of one partner return against the catalogue (partner.h
 * sg_partner_validate): row by row (organisation and period, measure, ownership, frequency,
 * breakdown, type, range, numerator and denominator), then the return as a whole
 * (completeness) and against the previous period (a change beyond change_pct needs an
 * explanation). Every problem names the file, the line (and an .xlsx cell) and the field. */
#include "indicators/partner.h"

#include "core/mem.h"
#include "core/num.h"
#include "core/period.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sg_partner_problems_fini(sg_partner_problems *ps)
{
    free(ps->p);
    memset(ps, 0, sizeof *ps);
}

void sg_partner_problem_format(const sg_partner_problem *p, char *out, size_t outsz)
{
    size_t n = (size_t)snprintf(out, outsz, "%s", p->file);
    if (p->line > 0 && n < outsz) n += (size_t)snprintf(out + n, outsz - n, ":%ld", p->line);
    if (p->cell[0] && n < outsz) n += (size_t)snprintf(out + n, outsz - n, ": %s", p->cell);
    if (p->field[0] && n < outsz) n += (size_t)snprintf(out + n, outsz - n, ": %s", p->field);
    if (n < outsz) snprintf(out + n, outsz - n, ": %s", p->msg);
}

static void add(sg_partner_problems *ps, const char *file, long line, const char *cell,
                const char *field, const char *fmt, ...) SG_PRINTF(6, 7);
static void add(sg_partner_problems *ps, const char *file, long line, const char *cell,
                const char *field, const char *fmt, ...)
{
    if (ps->n == ps->cap) {
        ps->cap = ps->cap ? ps->cap * 2 : 16;
        ps->p = xrealloc(ps->p, ps->cap * sizeof *ps->p);
    }
    sg_partner_problem *p = &ps->p[ps->n++];
    memset(p, 0, sizeof *p);
    snprintf(p->file, sizeof p->file, "%s", file ? file : "");
    p->line = line;
    snprintf(p->cell, sizeof p->cell, "%s", cell ? cell : "");
    snprintf(p->field, sizeof p->field, "%s", field ? field : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->msg, sizeof p->msg, fmt, ap);
    va_end(ap);
}

/* A problem at field of row v. */
#define ROW(ps, v, field, ...)                                                                     \
    do {                                                                                           \
        char cell_[96];                                                                            \
        sg_partner_cell((v), (field), cell_, sizeof cell_);                                        \
        add((ps), (v)->file, (v)->line, cell_, (field), __VA_ARGS__);                              \
    } while (0)

bool sg_partner_prev_period(const char *text, char *out, size_t outsz)
{
    sg_period p;
    if (!text || sg_period_parse(text, &p, NULL) != SG_OK) return false;
    int y, m, d;
    sg_date_to_ymd(p.start, &y, &m, &d);
    switch (p.kind) {
    case SG_PERIOD_MONTH:
        if (--m == 0) m = 12, y--;
        snprintf(out, outsz, "%04d-%02d", y, m);
        return true;
    case SG_PERIOD_QUARTER: {
        int q = p.text[6] - '0', fy = p.fy;
        if (--q == 0) q = 4, fy--;
        snprintf(out, outsz, "%04d-Q%d", fy, q);
        return true;
    }
    case SG_PERIOD_YEAR: {
        char t[8];
        snprintf(out, outsz, "%s", sg_fy_text(p.fy - 1, t));
        return true;
    }
    default:
        return false;
    }
}

static long scale_of(const sg_cat_measure *m)
{
    return m->unit == SG_CAT_PCT ? 100 : m->unit == SG_CAT_RATE10K ? 10000 : 1;
}

static bool whole(double x)
{
    return x == floor(x) && fabs(x) < 1e15;
}

bool sg_partner_effective(const sg_partner_value *v, const sg_cat_measure *m, double *out)
{
    if (v->has_value) {
        *out = v->value;
        return true;
    }
    if (!v->has_num || !v->has_den || !whole(v->numerator) || !whole(v->denominator)) return false;
    return sg_ratio1((long)v->numerator, (long)v->denominator, scale_of(m), out) == SG_OK;
}

static bool has_category(const sg_cat_measure *m, const char *b)
{
    for (size_t i = 0; i < m->nbreak; i++)
        if (strcmp(m->breakdown[i], b) == 0) return true;
    return false;
}

/* Shown numbers: as written, without a trailing ".0". */
static void num_text(double x, char *out, size_t outsz)
{
    snprintf(out, outsz, "%.10g", x);
}

/* The checks of one row; *mout receives its measure when the row is one of the
 * organisation's submitted measures for this period (for the duplicate and change checks). */
static void check_row(sg_partner_problems *ps, const sg_submission *sub, const sg_catalogue *cat,
                      const sg_partner_value *v, const sg_cat_measure **mout)
{
    *mout = NULL;
    if (strcmp(v->organisation, sub->agency) != 0)
        ROW(ps, v, "measure",
            "organisation '%s' is not this return's (%s): a return holds one organisation's "
            "values",
            v->organisation, sub->agency);
    if (strcmp(v->period, sub->period) != 0)
        ROW(ps, v, "measure", "period '%s' is not this return's (%s)", v->period, sub->period);
    const sg_cat_measure *m = sg_cat_find(cat, v->measure);
    if (!m) {
        ROW(ps, v, "measure", "unknown measure '%s' (not in the catalogue)", v->measure);
        return;
    }
    if (m->kind != SG_CAT_SUBMITTED) {
        ROW(ps, v, "measure", "measure %s is %s, not returned by partners", m->id,
            m->kind == SG_CAT_DERIVED ? "derived" : "a built-in indicator");
        return;
    }
    if (strcmp(m->owner, v->organisation) != 0) {
        ROW(ps, v, "measure", "measure %s is owned by %s, not %s", m->id, m->owner,
            v->organisation);
        return;
    }
    if (!sg_cat_freq_matches(m->freq, v->period)) {
        ROW(ps, v, "measure", "measure %s is returned %s: period %s is not one of its periods",
            m->id,
            m->freq == SG_CAT_MONTHLY     ? "monthly (2024-05)"
            : m->freq == SG_CAT_QUARTERLY ? "quarterly (2024-Q1)"
                                          : "annually (2024-25)",
            v->period);
        return;
    }
    *mout = m;
    if (m->nbreak && !v->breakdown[0])
        ROW(ps, v, "breakdown", "measure %s is returned by category: give the breakdown", m->id);
    else if (v->breakdown[0] && !has_category(m, v->breakdown))
        ROW(ps, v, "breakdown", "measure %s has no breakdown category '%s'", m->id, v->breakdown);
    if (m->unit == SG_CAT_TEXT) {
        if (!v->text) ROW(ps, v, "text", "measure %s is a status: give its text", m->id);
        if (v->has_value || v->has_num || v->has_den)
            ROW(ps, v,
                v->has_value ? "value"
                : v->has_num ? "numerator"
                             : "denominator",
                "measure %s is a status (text), not a number", m->id);
        return;
    }
    if (v->text) ROW(ps, v, "text", "measure %s is a number: text is for status measures", m->id);
    bool labels = m->numerator[0] && m->denominator[0];
    char a[32], b[32];
    if (labels) {
        if (!v->has_num) ROW(ps, v, "numerator", "measure %s needs its numerator", m->id);
        if (!v->has_den) ROW(ps, v, "denominator", "measure %s needs its denominator", m->id);
        if (!v->has_num || !v->has_den) return;
        if (!whole(v->numerator) || v->numerator < 0)
            ROW(ps, v, "numerator", "the numerator is a whole number of 0 or more");
        if (!whole(v->denominator) || v->denominator < 0)
            ROW(ps, v, "denominator", "the denominator is a whole number of 0 or more");
        if (v->numerator > v->denominator) {
            num_text(v->numerator, a, sizeof a);
            num_text(v->denominator, b, sizeof b);
            ROW(ps, v, "numerator", "numerator %s is more than denominator %s", a, b);
            return;
        }
        double want;
        if (v->has_value && whole(v->numerator) && whole(v->denominator) &&
            sg_ratio1((long)v->numerator, (long)v->denominator, scale_of(m), &want) == SG_OK) {
            if (fabs(v->value - want) > 0.05 + 1e-9) {
                num_text(v->value, a, sizeof a);
                num_text(want, b, sizeof b);
                ROW(ps, v, "value", "value %s is not numerator / denominator (%s)", a, b);
            }
        }
    } else {
        if (v->has_num || v->has_den)
            ROW(ps, v, v->has_num ? "numerator" : "denominator",
                "measure %s is returned as a value, not a numerator and denominator", m->id);
        if (!v->has_value) {
            ROW(ps, v, "value", "measure %s needs a value", m->id);
            return;
        }
        if (m->unit == SG_CAT_COUNT && (!whole(v->value) || v->value < 0)) {
            num_text(v->value, a, sizeof a);
            ROW(ps, v, "value", "value %s: a count is a whole number of 0 or more", a);
            return;
        }
    }
    double x;
    if (!sg_partner_effective(v, m, &x)) return;
    const char *field = v->has_value ? "value" : "numerator";
    num_text(x, a, sizeof a);
    if (m->unit == SG_CAT_PCT && (x < 0 || x > 100))
        ROW(ps, v, field, "value %s: a percentage lies within 0-100", a);
    else if (m->has_min && x < m->min) {
        num_text(m->min, b, sizeof b);
        ROW(ps, v, field, "value %s is below the measure's min %s", a, b);
    } else if (m->has_max && x > m->max) {
        num_text(m->max, b, sizeof b);
        ROW(ps, v, field, "value %s is above the measure's max %s", a, b);
    }
}

/* The previous period's live value of the same organisation, measure and category. */
static const sg_partner_value *prev_of(const sg_partner_values *prev, const sg_partner_value *v)
{
    for (size_t i = 0; i < prev->n; i++) {
        const sg_partner_value *p = &prev->v[i];
        if (strcmp(p->organisation, v->organisation) == 0 && strcmp(p->measure, v->measure) == 0 &&
            strcmp(p->breakdown, v->breakdown) == 0)
            return p;
    }
    return NULL;
}

static void check_change(sg_partner_problems *ps, const sg_partner_values *prev,
                         const sg_partner_value *v, const sg_cat_measure *m)
{
    if (!m->has_change || v->explanation) return;
    const sg_partner_value *p = prev_of(prev, v);
    double now, before;
    if (!p || !sg_partner_effective(v, m, &now) || !sg_partner_effective(p, m, &before)) return;
    char a[32], b[32], c[32];
    num_text(now, a, sizeof a);
    num_text(before, b, sizeof b);
    num_text(m->change_pct, c, sizeof c);
    if (before == 0) {
        if (now != 0)
            ROW(ps, v, "explanation",
                "%s changed from 0 to %s in %s: a change from 0 needs an explanation", m->id, a,
                p->period);
        return;
    }
    /* on the one-decimal value of the change, as every percentage change (docs/indicators.md) */
    double change = sg_round(fabs(now - before) / fabs(before) * 100.0, 1);
    if (change > m->change_pct + 1e-9) {
        char d[32];
        num_text(change, d, sizeof d);
        ROW(ps, v, "explanation",
            "%s changed by %s%% from %s (%s) to %s: more than %s%% needs an explanation", m->id, d,
            b, p->period, a, c);
    }
}

typedef struct rej_ctx {
    sg_partner_problems *ps;
} rej_ctx;

static int on_rejected(void *ctx, const sg_rejected_row *r)
{
    rej_ctx *x = ctx;
    add(x->ps, r->file, r->line, NULL, r->field, "%s%s%s%s", r->reason, r->value ? " (value '" : "",
        r->value ? r->value : "", r->value ? "')" : "");
    return SG_OK;
}

int sg_partner_validate(sg_store *s, const sg_catalogue *cat, int64_t subid,
                        sg_partner_problems *ps, sg_error *err)
{
    sg_submission sub;
    int rc = sg_submission_get(s, subid, &sub, err);
    if (rc) return rc;
    rej_ctx rx = {ps};
    if ((rc = sg_store_rejected_each(s, subid, on_rejected, &rx, err))) return rc;
    sg_partner_values vs, prev;
    memset(&prev, 0, sizeof prev);
    if ((rc = sg_partner_of_submission(s, subid, &vs, err))) goto out;
    char pp[32];
    if (sg_partner_prev_period(sub.period, pp, sizeof pp) &&
        (rc = sg_partner_live(s, NULL, pp, &prev, err)))
        goto out;
    const sg_cat_measure **ms = xcalloc(vs.n ? vs.n : 1, sizeof *ms);
    for (size_t i = 0; i < vs.n; i++) {
        const sg_partner_value *v = &vs.v[i];
        size_t before = ps->n;
        check_row(ps, &sub, cat, v, &ms[i]);
        for (size_t k = 0; k < i && ms[i]; k++)
            if (ms[k] == ms[i] && strcmp(vs.v[k].breakdown, v->breakdown) == 0) {
                ROW(ps, v, "measure", "measure %s%s%s is given twice (first on line %ld)",
                    v->measure, v->breakdown[0] ? " " : "", v->breakdown, vs.v[k].line);
                break;
            }
        if (ms[i] && ps->n == before) check_change(ps, &prev, v, ms[i]);
    }
    /* completeness: what the organisation owes for this period */
    for (size_t i = 0; i < sg_cat_count(cat); i++) {
        const sg_cat_measure *m = sg_cat_at(cat, i);
        if (m->kind != SG_CAT_SUBMITTED || strcmp(m->owner, sub.agency) != 0 ||
            !sg_cat_freq_matches(m->freq, sub.period))
            continue;
        size_t ncat = m->nbreak ? m->nbreak : 1;
        for (size_t c = 0; c < ncat; c++) {
            const char *b = m->nbreak ? m->breakdown[c] : "";
            bool found = false;
            for (size_t k = 0; k < vs.n && !found; k++)
                found = strcmp(vs.v[k].measure, m->id) == 0 && strcmp(vs.v[k].breakdown, b) == 0;
            if (!found)
                add(ps, sub.file_name, 0, NULL, "measure",
                    "measure %s%s%s is missing: %s owes it for %s", m->id, b[0] ? " " : "", b,
                    sub.agency, sub.period);
        }
    }
    free(ms);
out:
    sg_partner_values_fini(&vs);
    sg_partner_values_fini(&prev);
    return rc;
}

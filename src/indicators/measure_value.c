/* measure_value.c - a catalogue measure's figure for a period (measure_value.h): built-in
 * results as the engine gave them, submitted measures from the live partner values of their
 * owner, derived measures by their formula (indicators/expr.h), recursively (the catalogue has
 * refused cycles). */
#include "indicators/measure_value.h"

#include "core/num.h"
#include "core/period.h"
#include "indicators/partner.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int sg_mv_population(sg_store *s, const char *area, int fy, long *out, bool *earlier, sg_error *err)
{
    *out = 0;
    *earlier = false;
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT year, count FROM live_population WHERE age_from = 0 AND "
                           "age_to = 17 AND (sex IS NULL OR sex = '') AND count IS NOT NULL AND "
                           "(?1 IS NULL OR area = ?1) AND year <= ?2 ORDER BY year DESC, "
                           "submission_id DESC LIMIT 1",
                           -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot read the population");
    if (area) sqlite3_bind_text(st, 1, area, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, fy);
    int r = sqlite3_step(st), rc = SG_OK;
    if (r == SQLITE_ROW) {
        *earlier = sqlite3_column_int(st, 0) != fy;
        *out = (long)sqlite3_column_int64(st, 1);
    } else if (r == SQLITE_DONE) {
        rc = sg_err(err, SG_ENOTFOUND, "no population aged 0-17 for %d or before", fy);
    } else {
        rc = sg_store_dberr(db, err, "cannot read the population");
    }
    sqlite3_finalize(st);
    return rc;
}

static void nodata(sg_mv_point *p)
{
    p->has = false;
    p->value = 0;
    p->flags |= SG_IND_NODATA;
}

static void add_sub(sg_mv_point *p, int64_t sub)
{
    for (size_t i = 0; i < p->nsubs; i++)
        if (p->subs[i] == sub) return;
    if (p->nsubs < SG_MV_MAX_SUBS) p->subs[p->nsubs++] = sub;
}

/* The periods of frequency f that make up period per (per itself when of that kind), or 0
 * when f is coarser than per (an annual measure has no figure for a quarter). */
static int parts_of(sg_cat_freq f, const sg_period *per, char parts[12][16])
{
    sg_period_kind want = f == SG_CAT_MONTHLY     ? SG_PERIOD_MONTH
                          : f == SG_CAT_QUARTERLY ? SG_PERIOD_QUARTER
                                                  : SG_PERIOD_YEAR;
    if (per->kind == want) {
        snprintf(parts[0], 16, "%s", per->text);
        return 1;
    }
    int y, m, d;
    sg_date_to_ymd(per->start, &y, &m, &d);
    if (want == SG_PERIOD_QUARTER && per->kind == SG_PERIOD_YEAR) {
        for (int q = 0; q < 4; q++)
            snprintf(parts[q], 16, "%04d-Q%d", per->fy, q + 1);
        return 4;
    }
    if (want == SG_PERIOD_MONTH &&
        (per->kind == SG_PERIOD_YEAR || per->kind == SG_PERIOD_QUARTER)) {
        int n = per->kind == SG_PERIOD_YEAR ? 12 : 3;
        for (int i = 0; i < n; i++) {
            snprintf(parts[i], 16, "%04d-%02d", y, m);
            if (++m == 13) m = 1, y++;
        }
        return n;
    }
    return 0;
}

static bool whole(double x)
{
    return x == floor(x) && fabs(x) < 1e15;
}

static long scale_of(const sg_cat_measure *m)
{
    return m->unit == SG_CAT_PCT ? 100 : m->unit == SG_CAT_RATE10K ? 10000 : 1;
}

static int submitted(const sg_mv_ctx *c, const sg_cat_measure *m, const char *breakdown,
                     sg_mv_point *out, sg_error *err)
{
    sg_period per;
    if (sg_period_parse(c->period, &per, NULL) != SG_OK) {
        nodata(out);
        return SG_OK;
    }
    char parts[12][16];
    int nparts = parts_of(m->freq, &per, parts);
    if (nparts == 0) {
        nodata(out);
        return SG_OK;
    }
    bool labels = m->numerator[0] && m->denominator[0];
    /* counts add up over periods and categories; ratios of summed counts; anything else is
     * the latest part's single value */
    bool additive = labels || m->unit == SG_CAT_COUNT || m->unit == SG_CAT_GBP;
    double sum = 0, num = 0, den = 0;
    int found = 0;
    bool last_has = false;
    double last_value = 0;
    int rc = SG_OK;
    for (int i = 0; i < nparts && !rc; i++) {
        sg_partner_values vs;
        if ((rc = sg_partner_live(c->store, m->id, parts[i], &vs, err))) {
            sg_partner_values_fini(&vs);
            break;
        }
        int here = 0;
        for (size_t k = 0; k < vs.n; k++) {
            const sg_partner_value *v = &vs.v[k];
            if (strcmp(v->organisation, m->owner) != 0) continue;
            if (breakdown ? strcmp(v->breakdown, breakdown) != 0
                          : (m->nbreak && !additive) || (!m->nbreak && v->breakdown[0]))
                continue;
            here++;
            add_sub(out, v->submission);
            if (labels) {
                num += v->numerator;
                den += v->denominator;
            } else {
                sum += v->value;
            }
            /* parts come in order, so the last row seen is the latest part's */
            last_has = v->has_value;
            last_value = v->value;
            snprintf(out->text, sizeof out->text, "%s", v->text ? v->text : "");
        }
        if (here) found++;
        sg_partner_values_fini(&vs);
    }
    if (rc) return rc;
    if (!found) {
        nodata(out);
        out->text[0] = '\0';
        return SG_OK;
    }
    if (found < nparts && additive) out->flags |= SG_IND_PARTIAL_COVERAGE;
    out->has = true;
    if (m->unit == SG_CAT_TEXT) {
        out->value = 0;
        return SG_OK;
    }
    if (labels) {
        out->num = (long)num;
        out->den = (long)den;
        if (!whole(num) || !whole(den) || sg_ratio1(out->num, out->den, scale_of(m), &out->value))
            nodata(out);
        return SG_OK;
    }
    if (additive) {
        out->value = sum;
        out->num = whole(sum) ? (long)sum : 0;
        return SG_OK;
    }
    if (!last_has) {
        nodata(out);
        return SG_OK;
    }
    out->value = last_value;
    return SG_OK;
}

/* ---- derived ---- */

typedef struct eval_ctx {
    const sg_mv_ctx *c;
    sg_mv_point *out; /* sources and flags gather here */
    sg_error *err;
    int store_rc; /* a store error met during a lookup */
    int depth;
    bool any_count; /* the smallest count among the operands, for disclosure control */
    long min_count;
} eval_ctx;

static int compute(const sg_mv_ctx *c, const sg_cat_measure *m, const char *breakdown,
                   sg_mv_point *out, sg_error *err, int depth);

static int lookup(void *ctx, const char *name, double *v)
{
    eval_ctx *x = ctx;
    if (strcmp(name, SG_CAT_POP_IDENT) == 0) {
        sg_period per;
        long pop = 0;
        bool earlier = false;
        sg_error e;
        if (sg_period_parse(x->c->period, &per, NULL) != SG_OK ||
            sg_mv_population(x->c->store, x->c->area, per.fy, &pop, &earlier, &e) != SG_OK ||
            pop <= 0)
            return SG_EINVAL; /* no data */
        if (earlier) x->out->flags |= SG_IND_POP_EARLIER;
        *v = (double)pop;
        return SG_OK;
    }
    const sg_cat_measure *m = sg_cat_find(x->c->cat, name);
    if (!m) return SG_ENOTFOUND;
    sg_mv_point p;
    int rc = compute(x->c, m, NULL, &p, x->err, x->depth + 1);
    if (rc) {
        x->store_rc = rc;
        return rc;
    }
    x->out->flags |= p.flags & (SG_IND_PARTIAL_COVERAGE | SG_IND_PARTIAL_HISTORY);
    for (size_t i = 0; i < p.nsubs; i++)
        add_sub(x->out, p.subs[i]);
    if (!p.has) return SG_EINVAL; /* no data */
    bool count_like = m->unit == SG_CAT_COUNT || m->unit == SG_CAT_RATE10K ||
                      (m->kind == SG_CAT_DERIVED && p.num > 0);
    if (count_like && (!x->any_count || p.num < x->min_count)) {
        x->any_count = true;
        x->min_count = p.num;
    }
    *v = p.value;
    return SG_OK;
}

static int compute(const sg_mv_ctx *c, const sg_cat_measure *m, const char *breakdown,
                   sg_mv_point *out, sg_error *err, int depth)
{
    memset(out, 0, sizeof *out);
    if (depth > 64) return sg_err(err, SG_ELIMIT, "formulas nested deeper than 64 measures");
    switch (m->kind) {
    case SG_CAT_BUILTIN: {
        const sg_ind_result *r = c->res ? sg_ind_result_find(c->res, c->nres, m->id) : NULL;
        if (!r || (r->flags & SG_IND_NODATA)) {
            nodata(out);
            if (r) out->flags = r->flags;
            return SG_OK;
        }
        out->has = true;
        out->value = r->value;
        out->num = r->num;
        out->den = r->den;
        out->flags = r->flags;
        return SG_OK;
    }
    case SG_CAT_SUBMITTED:
        return submitted(c, m, breakdown, out, err);
    case SG_CAT_DERIVED: {
        eval_ctx x = {.c = c, .out = out, .err = err, .depth = depth};
        double v = 0;
        sg_error e;
        sg_error_clear(&e);
        int rc = m->expr ? sg_expr_eval(m->expr, lookup, &x, &v, &e) : SG_EINVAL;
        if (x.store_rc) return x.store_rc;
        if (rc) {
            nodata(out);
            return SG_OK;
        }
        out->has = true;
        out->value = sg_round(v, 1);
        /* what disclosure control judges: the smallest count the figure is made from */
        out->num = x.any_count ? x.min_count : 0;
        return SG_OK;
    }
    }
    nodata(out);
    return SG_OK;
}

int sg_mv_compute(const sg_mv_ctx *ctx, const sg_cat_measure *m, const char *breakdown,
                  sg_mv_point *out, sg_error *err)
{
    return compute(ctx, m, breakdown, out, err, 0);
}

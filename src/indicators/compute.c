/* compute.c - computes every indicator for a period over the store's live submissions.
 *
 * How: the records each indicator needs are read once from the live_* tables of the
 * submissions that carry its source (CIN census or Annex A for children's social care,
 * SSDA903, the police missing, early help and LADO returns), then counted in C for up to three
 * windows: the period, the same period a year earlier, and the financial year to date.
 *
 * The same episode is often in several live returns: each CIN census holds every episode open
 * during its year, so a plan open at 31 March is in two censuses, the later one with its end
 * date; a 903 episode likewise. Records are therefore identified by child and start date (a
 * referral by child and referral date, a LADO case by its reference and received date) and,
 * where several live returns hold one, the return for the latest period wins (then the newest
 * import). That is also what makes earlier years' returns usable as history (re-referrals,
 * repeat plans) without double counting. Each result lists the submissions whose winning
 * records entered it.
 *
 * This file orchestrates (windows, figures, results); loading is in ind_load.c, linking in
 * ind_link.c and counting in ind_count.c (compute_int.h). */
#include "indicators/compute_int.h"

#include "core/num.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>

/* ---- from counts to figures ---- */

typedef struct figure {
    long num, den;
    double value;
    unsigned flags;
    int32_t pop_sub; /* population submission for rates, 0 none */
} figure;

static figure evaluate(const ctx *c, const sg_ind_def *d, const window *w)
{
    figure f = {0, 0, 0.0, 0, 0};
    int m = d->measure;
    const acc *a = &w->acc[m];
    f.num = a->num;
    if (d->source == SG_IND_SRC_NONE) f.flags |= SG_IND_NODATA;
    /* the days the source must cover: the period, or its last day for snapshots */
    sg_date ca = d->kind == SG_IND_SNAPSHOT ? w->b : w->a, cb = w->b;
    if (m == M_CLA_3PLUS) ca = sg_date_add_months(cb, -12) + 1;
    unsigned tabs = ind_measure_tables(m);
    for (int t = 0; t < T__COUNT; t++) {
        if (!(tabs & (1u << t))) continue;
        int cv = ind_covered(&c->cov[t], ca, cb);
        if (cv == 0) f.flags |= SG_IND_NODATA;
        if (cv == 1) f.flags |= SG_IND_PARTIAL_COVERAGE;
    }
    /* Annex A has no episode closure: CIN at a date needs the census */
    if (m == M_CIN_END && c->o->csc_source == SG_IND_CSC_ANNEXA) f.flags |= SG_IND_NODATA;
    if (m == M_REREFERRALS || m == M_CP_SECOND_2Y) {
        const cover *cv = &c->cov[m == M_REREFERRALS ? T_REFERRAL : T_CP];
        sg_date need = sg_date_add_months(w->a, m == M_REREFERRALS ? -12 : -24);
        if (cv->from == SG_DATE_NONE || cv->from > need) f.flags |= SG_IND_PARTIAL_HISTORY;
    }
    if ((m == M_MISS_HOME_RI_OFF || m == M_MISS_CARE_RI_OFF) && !a->recorded)
        f.flags |= SG_IND_NODATA;
    if ((m == M_MISS_HOME_RI_ACC || m == M_MISS_CARE_RI_ACC) && !w->acc[m - 1].recorded)
        f.flags |= SG_IND_NODATA;
    switch (d->unit) {
    case SG_IND_COUNT:
        f.value = (double)f.num;
        break;
    case SG_IND_PCT:
        f.den = a->den;
        if (sg_pct(f.num, f.den, &f.value) != SG_OK) f.flags |= SG_IND_NODATA;
        break;
    case SG_IND_RATE10K: {
        long pop = ind_population(c, w->b, &f.flags, &f.pop_sub);
        if (pop <= 0 || sg_rate10k(f.num, pop, &f.value) != SG_OK) {
            f.flags |= SG_IND_NODATA;
            f.flags &= ~SG_IND_POP_EARLIER;
            f.pop_sub = 0;
        } else {
            f.den = pop;
        }
        break;
    }
    case SG_IND_DAYS:
        if (a->has_median)
            f.value = sg_round(a->median, 1);
        else
            f.flags |= SG_IND_NODATA;
        break;
    case SG_IND_GBP:
    case SG_IND_TEXT: /* no built-in indicator has these units */
        f.flags |= SG_IND_NODATA;
        break;
    }
    if (f.flags & SG_IND_NODATA) f.value = 0.0;
    return f;
}

/* change as a % of prev, 1 dp, through the exact ratio on tenths */
static double change_pct(double v, double p)
{
    long long v10 = llround(v * 10), p10 = llround(p * 10), diff = v10 - p10;
    double out = 0;
    sg_ratio1((long)(diff < 0 ? -diff : diff), (long)p10, 100, &out);
    return diff < 0 ? -out : out;
}

static void window_fini(window *w)
{
    for (int m = 0; m < M__COUNT; m++)
        free(w->acc[m].subs.v);
}

static void ctx_fini(ctx *c)
{
    free(c->subs);
    free(c->rank_ids);
    free(c->rank_idx);
    for (int t = 0; t < T__COUNT; t++)
        free(c->cov[t].r);
    vec *vs[] = {&c->contact, &c->ref,   &c->ass,   &c->strat, &c->s47,  &c->cp,
                 &c->cla,     &c->mhome, &c->mcare, &c->eh,    &c->lado, &c->pop};
    for (size_t i = 0; i < sizeof vs / sizeof vs[0]; i++)
        free(vs[i]->p);
}

void sg_ind_opts_init(sg_ind_opts *o)
{
    memset(o, 0, sizeof *o);
    o->area = NULL;
    o->csc_source = SG_IND_CSC_CIN;
    o->as_of = SG_DATE_NONE;
}

static void result_subs(sg_ind_result *r, const idset *s, int32_t pop_sub)
{
    r->nsubs = 0;
    r->subs = xmalloc((s->n + 2) * sizeof *r->subs);
    for (size_t i = 0; i < s->n; i++)
        r->subs[r->nsubs++] = s->v[i];
    if (pop_sub) {
        size_t i = 0;
        while (i < r->nsubs && r->subs[i] != pop_sub)
            i++;
        if (i == r->nsubs) r->subs[r->nsubs++] = pop_sub;
    }
    if (r->nsubs > 1) qsort(r->subs, r->nsubs, sizeof *r->subs, ind_cmp_i64);
}

int sg_ind_compute_opts(sg_store *s, const char *period, const sg_ind_opts *opts,
                        sg_ind_result **out, size_t *n, sg_error *err)
{
    *out = NULL;
    *n = 0;
    sg_ind_opts defaults;
    sg_ind_opts_init(&defaults);
    if (!opts) opts = &defaults;
    if (opts->csc_source != SG_IND_CSC_CIN && opts->csc_source != SG_IND_CSC_ANNEXA)
        return sg_err(err, SG_EINVAL, "unknown children's social care source %d", opts->csc_source);
    sg_period p, prev;
    int rc = sg_period_parse(period, &p, err);
    if (rc) return rc;
    int compare = !opts->no_compare;
    if (compare && sg_period_shift(&p, -1, &prev) != SG_OK) compare = 0;

    /* year to date: 1 April of the year holding the period end, to the period end or as_of */
    sg_date fy_start = sg_date_from_ymd(p.fy, 4, 1), fy_end = sg_date_from_ymd(p.fy + 1, 3, 31);
    sg_date as_of = opts->as_of != SG_DATE_NONE ? opts->as_of : sg_date_today();
    sg_date ytd_end = as_of < p.end ? as_of : p.end;
    int estimate = p.kind != SG_PERIOD_ROLLING && ytd_end >= fy_start;
    int ytd_same = estimate && p.start == fy_start && ytd_end == p.end;

    ctx c;
    memset(&c, 0, sizeof c);
    c.s = s;
    c.db = sg_store_db(s);
    c.o = opts;
    c.err = err;
    vec_init(&c.contact, sizeof(r_point));
    vec_init(&c.ref, sizeof(r_ref));
    vec_init(&c.ass, sizeof(r_ass));
    vec_init(&c.strat, sizeof(r_point));
    vec_init(&c.s47, sizeof(r_s47));
    vec_init(&c.cp, sizeof(r_cp));
    vec_init(&c.cla, sizeof(r_cla));
    vec_init(&c.mhome, sizeof(r_miss));
    vec_init(&c.mcare, sizeof(r_miss));
    vec_init(&c.eh, sizeof(r_point));
    vec_init(&c.lado, sizeof(r_lado));
    vec_init(&c.pop, sizeof(pop_row));

    window *w = xcalloc(3, sizeof *w);
    w[0].a = p.start;
    w[0].b = p.end;
    if (compare) {
        w[1].a = prev.start;
        w[1].b = prev.end;
    }
    if (estimate && !ytd_same) {
        w[2].a = fy_start;
        w[2].b = ytd_end;
    }
    sg_date lo = p.start, hi = p.end;
    if (compare && prev.start < lo) lo = prev.start;
    if (estimate && fy_start < lo) lo = fy_start;

    /* one read transaction, so every table is seen at the same state */
    if (sqlite3_exec(c.db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
        rc = sg_store_dberr(c.db, err, "cannot start reading the store");
        goto out;
    }
    rc = ind_load_subs(&c);
    c.dq = ind_dedupq_start();
    if (!rc) rc = ind_load_all(&c, lo);
    ind_dedupq_finish(&c); /* every table loaded is de-duplicated once this returns */
    if (!rc) {
        ind_link(&c);
        rc = ind_load_children(&c, lo, hi);
    }
    if (!rc) rc = ind_load_pop(&c);
    sqlite3_exec(c.db, "COMMIT", NULL, NULL, NULL);
    if (rc) goto out;

    ind_count_window(&c, &w[0]);
    if (compare) ind_count_window(&c, &w[1]);
    if (estimate && !ytd_same) ind_count_window(&c, &w[2]);
    const window *ytd = ytd_same ? &w[0] : &w[2];
    double fy_days = (double)(fy_end - fy_start + 1), elapsed = (double)(ytd_end - fy_start + 1);

    size_t nd = sg_ind_count();
    sg_ind_result *res = xcalloc(nd, sizeof *res);
    for (size_t i = 0; i < nd; i++) {
        const sg_ind_def *d = sg_ind_def_at(i);
        sg_ind_result *r = &res[i];
        figure f = evaluate(&c, d, &w[0]);
        r->def = d;
        sg_strlcpy(r->id, d->id, sizeof r->id);
        sg_strlcpy(r->period, p.text, sizeof r->period);
        r->num = f.num;
        r->den = f.den;
        r->value = f.value;
        r->unit = d->unit;
        r->flags = f.flags;
        result_subs(r, &w[0].acc[d->measure].subs, f.pop_sub);
        if (compare) {
            figure pf = evaluate(&c, d, &w[1]);
            r->prev_flags = pf.flags;
            if (!(f.flags & SG_IND_NODATA) && !(pf.flags & SG_IND_NODATA)) {
                r->has_prev = 1;
                r->prev_value = pf.value;
                r->change = d->unit == SG_IND_COUNT ? (double)(f.num - pf.num)
                                                    : sg_round(f.value - pf.value, 1);
                if (pf.value > 0) {
                    r->has_change_pct = 1;
                    r->change_pct = change_pct(f.value, pf.value);
                }
            }
        }
        if (estimate && d->kind == SG_IND_FLOW) {
            figure ef = evaluate(&c, d, ytd);
            if (!(ef.flags & SG_IND_NODATA)) {
                r->has_estimate = 1;
                double scaled = (double)ef.num * fy_days / elapsed;
                switch (d->unit) {
                case SG_IND_COUNT:
                    r->estimate = sg_round(scaled, 0);
                    break;
                case SG_IND_RATE10K:
                    r->estimate = sg_round(scaled * 10000.0 / (double)ef.den, 1);
                    break;
                default:
                    r->estimate = ef.value;
                    break;
                }
            }
        }
    }
    *out = res;
    *n = nd;
out:
    for (int k = 0; k < 3; k++)
        window_fini(&w[k]);
    free(w);
    ctx_fini(&c);
    return rc;
}

int sg_ind_compute(sg_store *s, const char *period, sg_ind_result **out, size_t *n, sg_error *err)
{
    return sg_ind_compute_opts(s, period, NULL, out, n, err);
}

int sg_ind_compute_one(sg_store *s, const char *id, const char *period, const sg_ind_opts *opts,
                       sg_ind_result *out, sg_error *err)
{
    memset(out, 0, sizeof *out);
    if (!sg_ind_find(id)) return sg_err(err, SG_ENOTFOUND, "no indicator '%s'", id ? id : "");
    sg_ind_result *all = NULL;
    size_t n = 0;
    int rc = sg_ind_compute_opts(s, period, opts, &all, &n, err);
    if (rc) return rc;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(all[i].id, id) == 0) {
            *out = all[i];
            all[i].subs = NULL; /* moved */
            all[i].nsubs = 0;
        }
    }
    sg_ind_results_free(all, n);
    return SG_OK;
}

const sg_ind_result *sg_ind_result_find(const sg_ind_result *r, size_t n, const char *id)
{
    for (size_t i = 0; r && id && i < n; i++)
        if (strcmp(r[i].id, id) == 0) return &r[i];
    return NULL;
}

void sg_ind_result_fini(sg_ind_result *r)
{
    if (!r) return;
    free(r->subs);
    r->subs = NULL;
    r->nsubs = 0;
}

void sg_ind_results_free(sg_ind_result *r, size_t n)
{
    if (!r) return;
    for (size_t i = 0; i < n; i++)
        sg_ind_result_fini(&r[i]);
    free(r);
}

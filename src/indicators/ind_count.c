/* ind_count.c - counting one window: every measure's numerator, denominator and median over
 * the loaded, linked records, one source table at a time. */
#include "indicators/compute_int.h"

#include "core/workdays.h"

#include <stdlib.h>

/* Contacts received in the window (and the denominator of their conversion to referrals). */
static void count_contacts(const ctx *c, const window *w, acc *a)
{
    for (size_t i = 0; i < c->contact.n; i++) {
        const r_point *p = AT(c->contact, r_point, i);
        if (!in(p->h.key, w)) continue;
        cnt(a, M_CONTACTS, p->h.sub);
        a[M_CONTACT_CONV].den++;
        idset_add(&a[M_CONTACT_CONV].subs, p->h.sub);
    }
}

/* Referrals in the window (re-referrals within 12 months, NFA, assessed, source) and
 * children in need on its last day (one per child: the vector is sorted by child). */
static void count_referrals(const ctx *c, const window *w, acc *a)
{
    sg_date d = w->b;
    int64_t last = 0;
    for (size_t i = 0; i < c->ref.n; i++) {
        const r_ref *r = AT(c->ref, r_ref, i);
        if (in(r->h.key, w)) {
            int32_t s = r->h.sub;
            cnt(a, M_REFERRALS, s);
            cnt(a, M_CONTACT_CONV, s);
            hit(a, M_REREFERRALS, s,
                r->prev != SG_DATE_NONE && r->prev >= sg_date_add_months(r->h.key, -12));
            hit(a, M_REF_NFA, s, r->nfa == 1);
            hit(a, M_REF_ASSESSED, s, r->assessed);
            for (int g = 0; g < IND_NREFSRC; g++)
                hit(a, M_REF_SRC + g, s, r->src == g);
        }
        if (r->h.key != SG_DATE_NONE && r->h.key <= d &&
            (r->closure == SG_DATE_NONE || r->closure > d) && r->h.child != last) {
            last = r->h.child;
            cnt(a, M_CIN_END, r->h.sub);
        }
    }
}

/* Assessments authorised in the window: not in need, within 45 working days of their start
 * and of the referral, and the median working days. */
static void count_assessments(const ctx *c, const window *w, acc *a)
{
    size_t nwd = 0;
    int *wds = xmalloc((c->ass.n + 1) * sizeof *wds);
    for (size_t i = 0; i < c->ass.n; i++) {
        const r_ass *x = AT(c->ass, r_ass, i);
        if (!in(x->auth, w)) continue;
        int32_t s = x->h.sub;
        cnt(a, M_ASSESSMENTS, s);
        hit(a, M_ASS_NOT_IN_NEED, s, x->not_in_need);
        if (x->h.key != SG_DATE_NONE) {
            int wd = sg_working_days(x->h.key, x->auth);
            if (wd >= 0) {
                hit(a, M_ASS_45_START, s, wd <= 45);
                wds[nwd++] = wd;
                idset_add(&a[M_ASS_MEDIAN].subs, s);
            }
        }
        if (x->ref_date != SG_DATE_NONE) {
            int wd = sg_working_days(x->ref_date, x->auth);
            if (wd >= 0) hit(a, M_ASS_45_REF, s, wd <= 45);
        }
    }
    if (nwd) qsort(wds, nwd, sizeof *wds, ind_cmp_int);
    a[M_ASS_MEDIAN].num = (long)nwd;
    if (nwd) {
        a[M_ASS_MEDIAN].has_median = 1;
        a[M_ASS_MEDIAN].median = nwd % 2 ? wds[nwd / 2] : (wds[nwd / 2 - 1] + wds[nwd / 2]) / 2.0;
    }
    free(wds);
}

/* Strategy discussions in the window. */
static void count_strategy(const ctx *c, const window *w, acc *a)
{
    for (size_t i = 0; i < c->strat.n; i++) {
        const r_point *p = AT(c->strat, r_point, i);
        if (in(p->h.key, w)) cnt(a, M_STRATEGY, p->h.sub);
    }
}

/* Section 47 enquiries started and initial conferences held in the window, with timeliness
 * from the enquiry and from the strategy discussion. */
static void count_s47(const ctx *c, const window *w, acc *a)
{
    for (size_t i = 0; i < c->s47.n; i++) {
        const r_s47 *x = AT(c->s47, r_s47, i);
        int32_t s = x->h.sub;
        if (in(x->h.key, w)) {
            cnt(a, M_S47, s);
            hit(a, M_S47_TO_ICPC, s, x->icpc != SG_DATE_NONE);
        }
        if (!in(x->icpc, w)) continue;
        cnt(a, M_ICPC, s);
        hit(a, M_ICPC_TO_CP, s, x->plan);
        if (x->h.key != SG_DATE_NONE) {
            int wd = sg_working_days(x->h.key, x->icpc);
            if (wd < 0) {
                cnt(a, M_ICPC_BEFORE, s);
            } else {
                hit(a, M_ICPC_15, s, wd <= 15);
                cnt(a, M_ICPC_BAND + (wd <= 10 ? 0 : wd <= 15 ? 1 : wd <= 20 ? 2 : 3), s);
            }
        }
        if (x->strat != SG_DATE_NONE) {
            int wd = sg_working_days(x->strat, x->icpc);
            if (wd >= 0) {
                hit(a, M_ICPC_15_STRAT, s, wd <= 15);
                idset_add(&a[M_ICPC_15_STRAT].subs, x->strat_sub);
            }
        }
    }
}

/* Child protection plans open on the last day, started and ended in the window, with their
 * categories, ages, repeats and durations. */
static void count_cp(const ctx *c, const window *w, acc *a)
{
    sg_date d = w->b;
    int64_t last = 0;
    for (size_t i = 0; i < c->cp.n; i++) {
        const r_cp *p = AT(c->cp, r_cp, i);
        int32_t s = p->h.sub;
        sg_date st = p->h.key;
        if (st != SG_DATE_NONE && st <= d && (p->end == SG_DATE_NONE || p->end > d)) {
            if (p->h.child != last) {
                last = p->h.child;
                cnt(a, M_CP_END, s);
            }
            for (int k = 0; k < IND_NCAT; k++)
                hit(a, M_CP_END_CAT + k, s, p->cat == k);
            hit(a, M_CP_OPEN_2Y, s, sg_date_add_months(st, 24) <= d);
        }
        if (in(st, w)) {
            cnt(a, M_CP_STARTED, s);
            for (int k = 0; k < IND_NCAT; k++)
                hit(a, M_CP_STARTED_CAT + k, s, p->cat == k);
            hit(a, M_CP_SECOND, s, p->prev > 0);
            hit(a, M_CP_SECOND_2Y, s, p->prev2y);
            for (int k = 0; k < IND_NAGE; k++)
                hit(a, M_CP_AGE + k, s, p->age == k);
        }
        if (in(p->end, w)) {
            cnt(a, M_CP_ENDED, s);
            if (st != SG_DATE_NONE) {
                int band = p->end <= sg_date_add_months(st, 3)    ? 0
                           : p->end <= sg_date_add_months(st, 6)  ? 1
                           : p->end <= sg_date_add_months(st, 12) ? 2
                           : p->end < sg_date_add_months(st, 24)  ? 3
                                                                  : 4;
                hit(a, M_CP_ENDED_2Y, s, band == 4);
                for (int k = 0; k < IND_NDUR; k++)
                    hit(a, M_CP_DUR + k, s, band == k);
            }
        }
    }
}

/* Periods of care: started and ceased in the window, and looked after on its last day
 * (UASC, three or more placements in 12 months). */
static void count_cla(const ctx *c, const window *w, acc *a)
{
    sg_date d = w->b;
    /* periods of care: grouped by child (sorted by child, start) */
    sg_date lo12 = sg_date_add_months(d, -12) + 1;
    for (size_t i = 0; i < c->cla.n;) {
        size_t j = i;
        int64_t child = AT(c->cla, r_cla, i)->h.child;
        int open = 0, placements = 0;
        int32_t osub = 0;
        int uasc = 0;
        for (; j < c->cla.n && AT(c->cla, r_cla, j)->h.child == child; j++) {
            const r_cla *e = AT(c->cla, r_cla, j);
            sg_date st = e->h.key;
            if (e->rne == 'S' && in(st, w)) cnt(a, M_CLA_STARTED, e->h.sub);
            if (in(e->end, w) && !e->x1) cnt(a, M_CLA_CEASED, e->h.sub);
            if (st == SG_DATE_NONE || st > d) continue;
            if (e->end == SG_DATE_NONE || e->end > d) {
                open = 1;
                osub = e->h.sub;
                uasc |= e->uasc;
            }
            if (e->end == SG_DATE_NONE || e->end >= lo12)
                placements += placements == 0 || e->rne != 'L';
        }
        if (open) {
            cnt(a, M_CLA_END, osub);
            if (uasc) cnt(a, M_CLA_UASC, osub);
            hit(a, M_CLA_3PLUS, osub, placements >= 3);
        }
        i = j;
    }
}

/* Missing from home and from care: episodes, children, return interviews offered and
 * accepted. */
static void count_missing(const ctx *c, const window *w, acc *a)
{
    for (int k = 0; k < 2; k++) {
        const vec *v = k ? &c->mcare : &c->mhome;
        int base = k ? M_MISS_CARE_EP : M_MISS_HOME_EP;
        int64_t last = 0;
        for (size_t i = 0; i < v->n; i++) {
            const r_miss *m = AT(*v, r_miss, i);
            if (!in(m->h.key, w)) continue;
            int32_t s = m->h.sub;
            cnt(a, base, s);
            if (m->h.child != last) {
                last = m->h.child;
                cnt(a, base + 1, s);
            }
            hit(a, base + 2, s, m->offered == 1);
            if (m->offered >= 0) a[base + 2].recorded = 1;
            if (m->offered == 1) hit(a, base + 3, s, m->accepted == 1);
        }
    }
}

/* Early help assessments started in the window. */
static void count_eh(const ctx *c, const window *w, acc *a)
{
    for (size_t i = 0; i < c->eh.n; i++) {
        const r_point *p = AT(c->eh, r_point, i);
        if (in(p->h.key, w)) cnt(a, M_EH, p->h.sub);
    }
}

/* LADO contacts and referrals received in the window by category and outcome, and the time
 * concluded cases took. */
static void count_lado(const ctx *c, const window *w, acc *a)
{
    for (size_t i = 0; i < c->lado.n; i++) {
        const r_lado *l = AT(c->lado, r_lado, i);
        int32_t s = l->h.sub;
        if (in(l->h.key, w)) {
            if (l->kind == 0) cnt(a, M_LADO_CONTACTS, s);
            if (l->kind == 1) {
                cnt(a, M_LADO_REFERRALS, s);
                cnt(a, M_LADO_CAT + l->cat, s);
                cnt(a, M_LADO_OUT + l->out, s);
            }
        }
        if (l->kind == 1 && in(l->concluded, w) && l->h.key != SG_DATE_NONE) {
            sg_date r = l->h.key, e = l->concluded;
            int band = e < sg_date_add_months(r, 1)    ? 0
                       : e < sg_date_add_months(r, 3)  ? 1
                       : e < sg_date_add_months(r, 12) ? 2
                                                       : 3;
            for (int k = 0; k < IND_NLADOTIME; k++)
                hit(a, M_LADO_TIME + k, s, band == k);
        }
    }
}

/* Counts every measure for window w, one source table at a time, in a fixed order: contact
 * conversion is fed by contacts and referrals, and a measure lists its submissions in the
 * order they were first counted. */
void ind_count_window(const ctx *c, window *w)
{
    acc *a = w->acc;
    count_contacts(c, w, a);
    count_referrals(c, w, a);
    count_assessments(c, w, a);
    count_strategy(c, w, a);
    count_s47(c, w, a);
    count_cp(c, w, a);
    count_cla(c, w, a);
    count_missing(c, w, a);
    count_eh(c, w, a);
    count_lado(c, w, a);
}

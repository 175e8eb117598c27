/* ind_link.c - what the counting needs beyond each record: links between records (a child's
 * previous referral and plan, the strategy discussion behind an S47), the children's details
 * for breakdowns, and the population for rates. */
#include "indicators/compute_int.h"

#include "core/str.h"

#include <stdlib.h>

/* ---- linking records to each other (independent of the window) ---- */

void ind_link(ctx *c)
{
    /* previous referral of the same child */
    for (size_t i = 1; i < c->ref.n; i++) {
        r_ref *r = AT(c->ref, r_ref, i), *p = AT(c->ref, r_ref, i - 1);
        if (p->h.child == r->h.child && p->h.key != SG_DATE_NONE && r->h.key != SG_DATE_NONE)
            r->prev = p->h.key;
    }
    /* assessments to referrals: the episode's own referral (CIN census), else the child's
     * latest referral on or before the assessment start */
    for (size_t i = 0; i < c->ass.n; i++) {
        r_ass *a = AT(c->ass, r_ass, i);
        long k = -1;
        if (a->ref_date != SG_DATE_NONE) {
            k = ind_last_on_or_before(&c->ref, a->h.child, a->ref_date);
            if (k >= 0 && AT(c->ref, r_ref, k)->h.key != a->ref_date) k = -1;
        } else if (a->h.key != SG_DATE_NONE) {
            k = ind_last_on_or_before(&c->ref, a->h.child, a->h.key);
            if (k >= 0) a->ref_date = AT(c->ref, r_ref, k)->h.key;
        }
        if (k >= 0) AT(c->ref, r_ref, k)->assessed = 1;
    }
    /* S47: the strategy discussion before it, and whether a plan followed the ICPC */
    for (size_t i = 0; i < c->s47.n; i++) {
        r_s47 *s = AT(c->s47, r_s47, i);
        if (s->h.key != SG_DATE_NONE) {
            long k = ind_last_on_or_before(&c->strat, s->h.child, s->h.key);
            if (k >= 0) {
                r_point *p = AT(c->strat, r_point, k);
                if (p->h.key >= s->h.key - STRATEGY_DAYS) {
                    s->strat = p->h.key;
                    s->strat_sub = p->h.sub;
                }
            }
        }
        if (s->resulted >= 0) {
            s->plan = s->resulted;
        } else if (s->icpc != SG_DATE_NONE) {
            long k = ind_last_on_or_before(&c->cp, s->h.child, s->icpc);
            s->plan = k >= 0 && AT(c->cp, r_cp, k)->h.key == s->icpc;
        }
    }
    /* CP plans: a previous plan of the child ended within 2 years before the start */
    for (size_t i = 0; i < c->cp.n; i++) {
        r_cp *p = AT(c->cp, r_cp, i);
        if (p->h.key == SG_DATE_NONE) continue;
        sg_date lim = sg_date_add_months(p->h.key, -24);
        for (size_t j = i; j-- > 0;) {
            r_cp *q = AT(c->cp, r_cp, j);
            if (q->h.child != p->h.child) break;
            if (q->end != SG_DATE_NONE && q->end <= p->h.key && q->end >= lim) p->prev2y = 1;
        }
    }
}

/* What the engine needs to know about a child: birth month and UASC. */
typedef struct kid {
    int64_t child;
    int rank; /* of the return the birth month came from; INT32_MAX none */
    int16_t by;
    int8_t bm, uasc;
} kid;

static int cmp_kid(const void *x, const void *y)
{
    const kid *a = x, *b = y;
    return a->child < b->child ? -1 : a->child > b->child;
}

static kid *kid_find(kid *k, size_t n, int64_t child)
{
    kid key = {.child = child};
    return n ? bsearch(&key, k, n, sizeof *k, cmp_kid) : NULL;
}

/* Reads the child_detail rows of submissions ids (as rowid ranges, like load) and, for the
 * children in k, keeps the preferred return's birth month (births) or notes UASC. The table
 * holds a row per child per return, far too many to look up child by child. */
static int read_kids(ctx *c, kid *k, size_t nk, const int64_t *ids, size_t nids, int births)
{
    sqlite3_stmt *st = NULL, *rg = NULL;
    int rc = SG_OK;
    if (sqlite3_prepare_v2(c->db,
                           "SELECT child_id, birth, uasc FROM child_detail WHERE id BETWEEN ?2 "
                           "AND ?3 AND submission_id = ?1",
                           -1, &st, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(c->db,
                           "SELECT min(id), max(id) FROM child_detail WHERE submission_id = ?1", -1,
                           &rg, NULL) != SQLITE_OK) {
        rc = sg_store_dberr(c->db, c->err, "cannot read the children");
        goto out;
    }
    for (size_t i = 0; i < nids && !rc; i++) {
        const sub_info *si = ind_sub_by_id(c, ids[i]);
        sqlite3_reset(rg);
        sqlite3_bind_int64(rg, 1, ids[i]);
        if (sqlite3_step(rg) != SQLITE_ROW) {
            rc = sg_store_dberr(c->db, c->err, "cannot read the children");
            break;
        }
        if (sqlite3_column_type(rg, 0) == SQLITE_NULL) continue;
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, ids[i]);
        sqlite3_bind_int64(st, 2, sqlite3_column_int64(rg, 0));
        sqlite3_bind_int64(st, 3, sqlite3_column_int64(rg, 1));
        int r;
        while ((r = sqlite3_step(st)) == SQLITE_ROW) {
            kid *x = kid_find(k, nk, sqlite3_column_int64(st, 0));
            if (!x) continue;
            if (!births) {
                if (sqlite3_column_int(st, 2) == 1) x->uasc = 1;
                continue;
            }
            const char *bt = (const char *)sqlite3_column_text(st, 1);
            if (si->rank >= x->rank || !bt || strlen(bt) != 7) continue;
            x->rank = si->rank;
            x->by = (int16_t)((bt[0] - '0') * 1000 + (bt[1] - '0') * 100 + (bt[2] - '0') * 10 +
                              (bt[3] - '0'));
            x->bm = (int8_t)((bt[5] - '0') * 10 + (bt[6] - '0'));
        }
        if (r != SQLITE_DONE) rc = sg_store_dberr(c->db, c->err, "cannot read the children");
    }
out:
    sqlite3_finalize(st);
    sqlite3_finalize(rg);
    return rc;
}

/* Birth month and UASC of the children the windows need (plans starting in [lo, hi], periods
 * of care open in it). Birth months come from the plans' own source (the CIN census, or Annex
 * A), the preferred return winning; UASC from any live SSDA903 or Annex A return saying so. */
int ind_load_children(ctx *c, sg_date lo, sg_date hi)
{
    size_t nk = 0;
    kid *k = xmalloc((c->cp.n + c->cla.n + 1) * sizeof *k);
    for (size_t i = 0; i < c->cp.n; i++) {
        const r_cp *p = AT(c->cp, r_cp, i);
        if (p->h.key != SG_DATE_NONE && p->h.key >= lo && p->h.key <= hi)
            k[nk++] = (kid){p->h.child, INT32_MAX, 0, 0, 0};
    }
    for (size_t i = 0; i < c->cla.n; i++) {
        const r_cla *e = AT(c->cla, r_cla, i);
        if (e->h.key != SG_DATE_NONE && e->h.key <= hi && (e->end == SG_DATE_NONE || e->end > lo))
            k[nk++] = (kid){e->h.child, INT32_MAX, 0, 0, 0};
    }
    if (nk) qsort(k, nk, sizeof *k, cmp_kid);
    size_t w = 0;
    for (size_t i = 0; i < nk; i++)
        if (!w || k[w - 1].child != k[i].child) k[w++] = k[i];
    nk = w;
    int rc = SG_OK;
    if (nk) {
        /* births from the plans' own returns (a plan starting in [lo, hi] is in the return for
         * its year); UASC from the returns that record it */
        int64_t *ids = xmalloc((c->nsubs + 1) * sizeof *ids);
        size_t nids = ind_pick_subs(c, T_CP, lo, ids);
        rc = read_kids(c, k, nk, ids, nids, 1);
        nids = 0;
        for (size_t i = 0; i < c->nsubs; i++) {
            const char *f = c->subs[i].format;
            if (!strcmp(f, "ssda903/uasc") || !strcmp(f, "ssda903-xml") || !strcmp(f, "annexa/8") ||
                !strcmp(f, "annexa-xlsx"))
                ids[nids++] = c->subs[i].id;
        }
        if (!rc) rc = read_kids(c, k, nk, ids, nids, 0);
        free(ids);
    }
    for (size_t i = 0; !rc && i < c->cp.n; i++) {
        r_cp *p = AT(c->cp, r_cp, i);
        const kid *x = kid_find(k, nk, p->h.child);
        p->age = IND_NAGE - 1;
        if (!x || !x->by || p->h.key == SG_DATE_NONE) continue;
        sg_date b = sg_date_from_ymd(x->by, x->bm, 1);
        if (b == SG_DATE_NONE) continue;
        if (b > p->h.key) {
            p->age = 0;
        } else {
            int age = sg_date_age(b, p->h.key);
            p->age = age < 1 ? 1 : age < 5 ? 2 : age < 10 ? 3 : age < 16 ? 4 : 5;
        }
    }
    for (size_t i = 0; !rc && i < c->cla.n; i++) {
        r_cla *e = AT(c->cla, r_cla, i);
        const kid *x = kid_find(k, nk, e->h.child);
        e->uasc = x ? x->uasc : 0;
    }
    free(k);
    return rc;
}

static int cmp_pop(const void *x, const void *y)
{
    const pop_row *a = x, *b = y;
    int k = strcmp(a->area, b->area);
    if (k) return k;
    if (a->year != b->year) return a->year < b->year ? -1 : 1;
    if (a->age_from != b->age_from) return a->age_from < b->age_from ? -1 : 1;
    if (a->age_to != b->age_to) return a->age_to < b->age_to ? -1 : 1;
    if (a->sex != b->sex) return a->sex < b->sex ? -1 : 1;
    return a->rank < b->rank ? -1 : a->rank > b->rank;
}

int ind_load_pop(ctx *c)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(c->db,
                           "SELECT x.submission_id, x.area, x.year, x.age_from, x.age_to, x.sex, "
                           "x.count FROM live_population x WHERE x.count IS NOT NULL",
                           -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(c->db, c->err, "cannot read the population");
    int r, rc = SG_OK;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        const sub_info *s = ind_sub_by_id(c, sqlite3_column_int64(st, 0));
        if (!s) continue;
        pop_row *p = vec_push(&c->pop);
        p->sub = (int32_t)s->id;
        p->rank = s->rank;
        const char *a = (const char *)sqlite3_column_text(st, 1);
        sg_strlcpy(p->area, a ? a : "", sizeof p->area);
        p->year = sqlite3_column_int(st, 2);
        p->age_from = sqlite3_column_int(st, 3);
        p->age_to = sqlite3_column_int(st, 4);
        const char *sx = (const char *)sqlite3_column_text(st, 5);
        p->sex = !sx || !*sx ? 0 : sg_str_ieq(sx, "M") ? 1 : sg_str_ieq(sx, "F") ? 2 : 3;
        p->count = (long)sqlite3_column_int64(st, 6);
    }
    if (r != SQLITE_DONE) rc = sg_store_dberr(c->db, c->err, "cannot read the population");
    sqlite3_finalize(st);
    if (rc || !c->pop.n) return rc;
    qsort(c->pop.p, c->pop.n, sizeof(pop_row), cmp_pop);
    /* one row per (area, year, ages, sex): the preferred submission's */
    size_t w = 0;
    for (size_t i = 0; i < c->pop.n; i++) {
        pop_row *p = AT(c->pop, pop_row, i);
        if (w) {
            pop_row *q = AT(c->pop, pop_row, w - 1);
            if (!strcmp(q->area, p->area) && q->year == p->year && q->age_from == p->age_from &&
                q->age_to == p->age_to && q->sex == p->sex)
                continue;
        }
        *AT(c->pop, pop_row, w++) = *p;
    }
    c->pop.n = w;
    return SG_OK;
}

/* Children aged 0-17 in area for year: a 0-17 row, else rows that tile 0..17 exactly, for all
 * sexes, else M + F. -1 when there is no such figure. */
static long pop_year(const ctx *c, const char *area, int year, int32_t *sub)
{
    for (int sex = 0; sex <= 2; sex++) {
        if (sex == 2) continue; /* handled with 1 */
        long total = 0;
        int ok = 1;
        for (int sx = sex; sx <= (sex ? 2 : 0) && ok; sx++) {
            int next = 0;
            long part = 0;
            int32_t s = 0;
            /* rows are sorted by age_from: take the widest row starting at next */
            for (size_t i = 0; i < c->pop.n; i++) {
                const pop_row *p = AT(c->pop, pop_row, i);
                if (strcmp(p->area, area) || p->year != year || p->sex != sx) continue;
                if (p->age_from == 0 && p->age_to == 17) {
                    part = p->count;
                    s = p->sub;
                    next = 18;
                    break;
                }
            }
            if (next != 18) {
                for (size_t i = 0; i < c->pop.n && next < 18; i++) {
                    const pop_row *p = AT(c->pop, pop_row, i);
                    if (strcmp(p->area, area) || p->year != year || p->sex != sx) continue;
                    if (p->age_from == next && p->age_to <= 17) {
                        part += p->count;
                        s = p->sub;
                        next = p->age_to + 1;
                    }
                }
            }
            if (next != 18) ok = 0;
            total += part;
            if (ok) *sub = s;
        }
        if (ok) return total;
    }
    return -1;
}

/* The population for a window ending b: the estimate for the financial year's first calendar
 * year, else the latest earlier one (flagged). */
long ind_population(const ctx *c, sg_date b, unsigned *flags, int32_t *sub)
{
    const char *area = c->o->area;
    if (!area) {
        /* the only area held */
        for (size_t i = 0; i < c->pop.n; i++) {
            const pop_row *p = AT(c->pop, pop_row, i);
            if (!area)
                area = p->area;
            else if (strcmp(area, p->area))
                return -1;
        }
        if (!area) return -1;
    }
    int fy = sg_fy_of(b);
    for (int y = fy; y >= fy - 50; y--) {
        long n = pop_year(c, area, y, sub);
        if (n > 0) {
            if (y != fy) *flags |= SG_IND_POP_EARLIER;
            return n;
        }
    }
    return -1;
}

/* booklet.c - the dataset booklet's model: items and their points, the RAG and disclosure pass
 * (see booklet.h; docs/dataset.md), and the formatting of values and words its renderings
 * share. The renderings: booklet_data.c (CSV, JSON), booklet_html.c and booklet_charts.c
 * (the HTML page). */
#include "report/booklet_int.h"

#include "core/mem.h"
#include "core/num.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the model ---- */

void sg_booklet_init(sg_booklet *b)
{
    memset(b, 0, sizeof *b);
    b->disc = sg_disclosure_analyst();
    b->nyears = 1;
}

void sg_booklet_fini(sg_booklet *b)
{
    free(b->items);
    free(b->dq);
    for (size_t i = 0; i < b->nown_defs; i++) {
        sg_ind_def *d = b->own_defs[i];
        free((char *)d->id);
        free((char *)d->group);
        free((char *)d->title);
        free((char *)d->numerator);
        free((char *)d->denominator);
        free((char *)d->owner);
        free((char *)d->definition);
        free((char *)d->reference);
        free(d);
    }
    free(b->own_defs);
    sg_booklet_init(b);
}

sg_bk_item *sg_booklet_add(sg_booklet *b, const sg_bk_item *item)
{
    b->items = xrealloc(b->items, (b->nitems + 1) * sizeof *b->items);
    b->items[b->nitems] = *item;
    return &b->items[b->nitems++];
}

const sg_bk_item *sg_booklet_find(const sg_booklet *b, const char *id)
{
    for (size_t i = 0; i < b->nitems; i++)
        if (b->items[i].def && strcmp(b->items[i].def->id, id) == 0) return &b->items[i];
    return NULL;
}

static sg_bk_item *find_mut(sg_booklet *b, const char *id)
{
    return (sg_bk_item *)sg_booklet_find(b, id);
}

/* Breakdowns published with a total: members are the count and percentage indicators whose id
 * starts with prefix (plus `extra`); the total is the percentages' common denominator, or the
 * count of total_id for breakdowns of counts. */
static const struct family {
    const char *prefix, *total_id, *extra;
} families[] = {
    {"ref_src_", "referrals", NULL},          {"cp_started_", "cp_started", NULL},
    {"cp_end_", "cp_at_end", NULL},           {"cp_dur_", "cp_ended", NULL},
    {"cp_age_", "cp_started", NULL},          {"lado_cat_", "lado_referrals", NULL},
    {"lado_out_", "lado_referrals", NULL},    {"lado_time_", NULL, NULL},
    {"icpc_wd_", "icpcs", "icpc_before_s47"},
};

#define MAX_FAMILY 32

static bool in_family(const struct family *f, const sg_ind_def *d)
{
    if (d->unit != SG_IND_COUNT && d->unit != SG_IND_PCT) return false;
    if (strncmp(d->id, f->prefix, strlen(f->prefix)) == 0) return true;
    return f->extra && strcmp(d->id, f->extra) == 0;
}

static void primary(sg_booklet *b, sg_bk_item *it, int y)
{
    sg_bk_point *p = &it->pt[y];
    if (!p->has) return;
    switch (it->def->unit) {
    case SG_IND_PCT:
        p->sup = sg_disc_ratio(&b->disc, p->num, p->den, NULL, NULL);
        break;
    case SG_IND_COUNT:
    case SG_IND_RATE10K:
    case SG_IND_DAYS:
        p->sup = sg_disc_small(&b->disc, p->num);
        break;
    case SG_IND_GBP:  /* money is about organisations, not children */
    case SG_IND_TEXT: /* a status in words */
        break;
    }
}

static void secondary(sg_booklet *b, const struct family *f, int y)
{
    sg_bk_item *mem[MAX_FAMILY];
    long cells[MAX_FAMILY];
    bool sup[MAX_FAMILY];
    size_t n = 0;
    bool pct = false;
    long den = -1;
    for (size_t i = 0; i < b->nitems && n < MAX_FAMILY; i++) {
        sg_bk_item *it = &b->items[i];
        if (!it->def || !in_family(f, it->def)) continue;
        mem[n] = it;
        cells[n] = it->pt[y].has ? it->pt[y].num : -1;
        if (it->def->unit == SG_IND_PCT && it->pt[y].has) {
            pct = true;
            den = it->pt[y].den;
        }
        n++;
    }
    if (n == 0) return;
    sg_bk_item *tot = f->total_id ? find_mut(b, f->total_id) : NULL;
    long total = pct ? den : (tot && tot->pt[y].has ? tot->pt[y].num : -1);
    bool tsup = false;
    sg_disc_breakdown(&b->disc, cells, n, total, sup, &tsup);
    for (size_t i = 0; i < n; i++)
        if (sup[i] || (tsup && pct)) mem[i]->pt[y].sup = true;
    if (tsup && tot && tot->pt[y].has && tot->pt[y].num == total) tot->pt[y].sup = true;
}

/* A partner count measure of the catalogue followed by its categories ("da", then "da.HIGH",
 * "da.MEDIUM_LOW"): a breakdown published with its total. */
static void partner_breakdowns(sg_booklet *b, int y)
{
    for (size_t i = 0; i < b->nitems; i++) {
        sg_bk_item *tot = &b->items[i];
        if (!tot->def || !tot->partner_row || tot->def->unit != SG_IND_COUNT) continue;
        size_t idlen = strlen(tot->def->id), n = 0;
        sg_bk_item *mem[MAX_FAMILY];
        long cells[MAX_FAMILY];
        bool sup[MAX_FAMILY];
        for (size_t j = i + 1; j < b->nitems && n < MAX_FAMILY; j++) {
            sg_bk_item *c = &b->items[j];
            if (!c->def || strncmp(c->def->id, tot->def->id, idlen) != 0 ||
                c->def->id[idlen] != '.')
                break;
            mem[n] = c;
            cells[n] = c->pt[y].has ? c->pt[y].num : -1;
            n++;
        }
        if (n == 0) continue;
        bool tsup = false;
        sg_disc_breakdown(&b->disc, cells, n, tot->pt[y].has ? tot->pt[y].num : -1, sup, &tsup);
        for (size_t k = 0; k < n; k++)
            if (sup[k]) mem[k]->pt[y].sup = true;
        if (tsup) tot->pt[y].sup = true;
    }
}

/* Two figures that give each other away: the same count (or a rate of it) in the same
 * section, or the same percentage (num and den). */
static bool same_figure(const sg_bk_item *a, const sg_bk_item *c, int y)
{
    const sg_bk_point *p = &a->pt[y], *q = &c->pt[y];
    if (!p->has || !q->has || p->num != q->num) return false;
    sg_ind_unit ua = a->def->unit, uc = c->def->unit;
    if (ua == SG_IND_PCT || uc == SG_IND_PCT) return ua == uc && p->den == q->den;
    if (ua == SG_IND_DAYS || uc == SG_IND_DAYS) return false;
    return strcmp(a->def->group, c->def->group) == 0;
}

void sg_booklet_finish(sg_booklet *b)
{
    if (b->nyears < 1) b->nyears = 1;
    if (b->nyears > SG_BK_MAX_YEARS) b->nyears = SG_BK_MAX_YEARS;
    b->disc.active = b->public_view;
    if (b->disc.threshold <= 0) b->disc.threshold = SG_DISCLOSURE_DEFAULT_THRESHOLD;
    for (int y = 0; y < b->nyears; y++) {
        for (size_t i = 0; i < b->nitems; i++)
            b->items[i].pt[y].sup = false;
        if (!b->public_view) continue;
        for (size_t i = 0; i < b->nitems; i++)
            if (b->items[i].def) primary(b, &b->items[i], y);
        for (size_t f = 0; f < sizeof families / sizeof families[0]; f++)
            secondary(b, &families[f], y);
        partner_breakdowns(b, y);
        /* Spread withholding to figures that repeat a withheld one, until nothing changes. */
        for (bool changed = true; changed;) {
            changed = false;
            for (size_t i = 0; i < b->nitems; i++) {
                if (!b->items[i].def || !b->items[i].pt[y].sup) continue;
                for (size_t j = 0; j < b->nitems; j++)
                    if (j != i && b->items[j].def && !b->items[j].pt[y].sup &&
                        same_figure(&b->items[i], &b->items[j], y)) {
                        b->items[j].pt[y].sup = true;
                        changed = true;
                    }
            }
        }
    }
    int cur = b->nyears - 1;
    for (size_t i = 0; i < b->nitems; i++) {
        sg_bk_item *it = &b->items[i];
        const sg_bk_point *p = &it->pt[cur];
        it->rag = SG_RAG_NONE;
        if (!it->def || !p->has || p->sup || !p->has_target) continue;
        int pol = it->def->polarity == SG_IND_HIGHER_BETTER  ? SG_RAG_HIGHER_BETTER
                  : it->def->polarity == SG_IND_LOWER_BETTER ? SG_RAG_LOWER_BETTER
                                                             : SG_RAG_DATA_ONLY;
        sg_target t = {.target = p->target, .tolerance = it->tolerance};
        it->rag = sg_rag_of(pol, p->value, &t);
    }
}

/* ---- formatting ---- */

/* A whole number with thousands separators. */
void bk_fmt_count(double v, char out[48])
{
    long long n = llround(v);
    char digits[32];
    snprintf(digits, sizeof digits, "%lld", n < 0 ? -n : n);
    size_t len = strlen(digits), k = 0;
    if (n < 0) out[k++] = '-';
    for (size_t i = 0; i < len; i++) {
        if (i && (len - i) % 3 == 0) out[k++] = ',';
        out[k++] = digits[i];
    }
    out[k] = '\0';
}

/* A value in the indicator's unit, without disclosure or absence handling. */
void bk_fmt_value(sg_ind_unit u, double v, char out[48])
{
    char one[32];
    switch (u) {
    case SG_IND_COUNT:
        bk_fmt_count(v, out);
        return;
    case SG_IND_PCT:
        sg_fmt1(v, one);
        snprintf(out, 48, "%s%%", one);
        return;
    case SG_IND_RATE10K:
    case SG_IND_DAYS:
        sg_fmt1(v, one);
        snprintf(out, 48, "%s", one);
        return;
    case SG_IND_GBP: {
        char n[48];
        bk_fmt_count(v, n);
        snprintf(out, 48, "\xC2\xA3%.44s", n);
        return;
    }
    case SG_IND_TEXT:
        break;
    }
    out[0] = '\0';
}

void sg_booklet_fmt(const sg_booklet *b, const sg_bk_item *it, int y, char out[48])
{
    (void)b;
    const sg_bk_point *p = &it->pt[y];
    if (!p->has)
        snprintf(out, 48, "no data");
    else if (p->sup)
        snprintf(out, 48, "%s", SG_DISCLOSURE_SYMBOL);
    else if (it->def->unit == SG_IND_TEXT)
        snprintf(out, 48, "%.47s", p->text);
    else
        bk_fmt_value(it->def->unit, p->value, out);
}

void sg_booklet_target_fmt(const sg_bk_item *it, const sg_bk_point *p, char out[48])
{
    out[0] = '\0';
    if (p->has_target) bk_fmt_value(it->def->unit, p->target, out);
}

const char *sg_bk_owner(const sg_bk_item *it)
{
    if (it->owner_name[0]) return it->owner_name;
    return it->def && it->def->owner ? it->def->owner : "";
}

const char *bk_unit_word(sg_ind_unit u)
{
    switch (u) {
    case SG_IND_COUNT:
        return "count";
    case SG_IND_PCT:
        return "percent";
    case SG_IND_RATE10K:
        return "rate per 10,000 children";
    case SG_IND_DAYS:
        return "working days (median)";
    case SG_IND_GBP:
        return "pounds";
    case SG_IND_TEXT:
        return "status";
    }
    return "";
}

const char *bk_polarity_word(sg_ind_polarity p)
{
    switch (p) {
    case SG_IND_HIGHER_BETTER:
        return "higher is better";
    case SG_IND_LOWER_BETTER:
        return "lower is better";
    case SG_IND_DATA_ONLY:
        return "data only";
    }
    return "";
}

const char *bk_group_title(const char *g)
{
    static const struct {
        const char *id, *title;
    } t[] = {
        {"contacts", "Contacts"},
        {"referrals", "Referrals"},
        {"assessments", "Assessments"},
        {"s47", "Strategy discussions, section 47 enquiries and conferences"},
        {"cin", "Children in need"},
        {"cp", "Child protection plans"},
        {"cla", "Children looked after"},
        {"missing", "Children missing from home and care"},
        {"early_help", "Early help"},
        {"lado", "Allegations against people who work with children (LADO)"},
        {"private_fostering", "Private fostering"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (strcmp(t[i].id, g) == 0) return t[i].title;
    return g;
}

const sg_bk_funnel_step sg_bk_funnel[SG_BK_NFUNNEL] = {
    {"contacts", "Contacts", NULL},
    {"referrals", "Referrals", "contacts"},
    {"assessments", "Assessments", "referrals"},
    {"s47", "Section 47 enquiries", "assessments"},
    {"icpcs", "Initial conferences", "section 47 enquiries"},
    {"cp_started", "Child protection plans", "conferences"},
};

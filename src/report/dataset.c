/* dataset.c - sg_booklet_build: gathers the dataset for a period from the store - the indicator
 * engine's results for the period and the same period in earlier years, the partnership's
 * targets, the comparators, and the open validation errors of the submissions behind each
 * figure - into the booklet model (booklet.h). The rendering is in booklet.c.
 *
 * Validation findings live in the `finding` table of the validation stage. This file reads it
 * only if it exists, through one documented query (docs/dataset.md, "Data quality"): errors
 * (severity 'error') per submission, restricted to open ones when the table has a status
 * column. A store without that table gives a booklet without flags that says so.
 *
 * The partnership's catalogue (registers/measure.h) decides the order, groups and owners when
 * it has rows of its own, and adds its submitted and derived measures (indicators/
 * measure_value.h) as items like the built-in ones; commentary (the `commentary` register) is
 * attached to the items it names. Without catalogue rows the items are the engine's, in its
 * order, exactly as before. */
#include "report/booklet.h"

#include "core/date.h"
#include "core/mem.h"
#include "indicators/comparators.h"
#include "indicators/measure_value.h"
#include "indicators/targets.h"
#include "registers/measure.h"
#include "registers/organisation.h"
#include "report/publish_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Errors per submission, from the finding table. */
typedef struct dq_map {
    bool available;
    char subcol[32]; /* "submission_id" or "submission" */
    bool has_status;
    size_t n;
    int64_t *sub;
    long *errors;
} dq_map;

static void dq_map_fini(dq_map *m)
{
    free(m->sub);
    free(m->errors);
}

static long dq_errors_of(const dq_map *m, int64_t sub)
{
    for (size_t i = 0; i < m->n; i++)
        if (m->sub[i] == sub) return m->errors[i];
    return 0;
}

/* Finds the finding table and its columns; reads the error counts per submission. */
static int dq_load(sqlite3 *db, dq_map *m, sg_error *err)
{
    memset(m, 0, sizeof *m);
    sqlite3_stmt *st = NULL;
    bool sev = false;
    if (sqlite3_prepare_v2(db, "SELECT name FROM pragma_table_info('finding')", -1, &st, NULL) !=
        SQLITE_OK)
        return sg_store_dberr(db, err, "cannot read the findings table");
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *c = (const char *)sqlite3_column_text(st, 0);
        if (!c) continue;
        if (strcmp(c, "submission_id") == 0 || (strcmp(c, "submission") == 0 && !m->subcol[0]))
            sg_strlcpy(m->subcol, c, sizeof m->subcol);
        else if (strcmp(c, "severity") == 0)
            sev = true;
        else if (strcmp(c, "status") == 0)
            m->has_status = true;
    }
    sqlite3_finalize(st);
    if (!m->subcol[0] || !sev) return SG_OK; /* no (usable) finding table: no flags */
    m->available = true;
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT %s, count(*) FROM finding WHERE severity = 'error'%s GROUP BY %s", m->subcol,
             m->has_status ? " AND (status IS NULL OR status = 'open')" : "", m->subcol);
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot read validation findings");
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (m->n == cap) {
            cap = cap ? cap * 2 : 16;
            m->sub = xrealloc(m->sub, cap * sizeof *m->sub);
            m->errors = xrealloc(m->errors, cap * sizeof *m->errors);
        }
        m->sub[m->n] = sqlite3_column_int64(st, 0);
        m->errors[m->n] = (long)sqlite3_column_int64(st, 1);
        m->n++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return sg_store_dberr(db, err, "cannot read validation findings");
    return SG_OK;
}

/* "8500 (12), 4220 (3)": the three commonest error rules of a submission. */
static int dq_top_rules(sqlite3 *db, const dq_map *m, int64_t sub, char *out, size_t outsz,
                        sg_error *err)
{
    char sql[320];
    snprintf(sql, sizeof sql,
             "SELECT rule, count(*) AS n FROM finding WHERE %s = ? AND severity = 'error'%s "
             "GROUP BY rule ORDER BY n DESC, rule LIMIT 3",
             m->subcol, m->has_status ? " AND (status IS NULL OR status = 'open')" : "");
    sqlite3_stmt *st = NULL;
    out[0] = '\0';
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        /* A finding table without a rule column still gives the counts. */
        return SG_OK;
    }
    sqlite3_bind_int64(st, 1, sub);
    size_t off = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && off < outsz) {
        const char *r = (const char *)sqlite3_column_text(st, 0);
        off += (size_t)snprintf(out + off, outsz - off, "%s%s (%lld)", off ? ", " : "", r ? r : "?",
                                (long long)sqlite3_column_int64(st, 1));
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return sg_store_dberr(db, err, "cannot read validation findings");
    return SG_OK;
}

/* Comparators land on the items: England as the line, statistical neighbours (else core
 * cities) min..max as the band. */
typedef struct cmp_ctx {
    sg_booklet *b;
    int fy[SG_BK_MAX_YEARS];
    bool annual;
} cmp_ctx;

static bool unit_comparable(const sg_booklet_opts *o, bool annual, sg_ind_unit u)
{
    (void)o;
    /* Annual counts and rates do not compare with a quarter's or a month's. */
    return annual || u == SG_IND_PCT || u == SG_IND_DAYS;
}

static int on_comparator(void *ctx, const sg_comparator *c)
{
    cmp_ctx *x = ctx;
    sg_bk_item *it = (sg_bk_item *)sg_booklet_find(x->b, c->indicator);
    if (!it || !unit_comparable(NULL, x->annual, it->def->unit)) return 0;
    for (int y = 0; y < x->b->nyears; y++) {
        if (x->fy[y] != c->year) continue;
        sg_bk_point *p = &it->pt[y];
        bool cur = y == x->b->nyears - 1;
        double v;
        if (c->area_type == SG_AREA_ENGLAND && sg_comparator_central(c, &v)) {
            p->has_england = true;
            p->england = v;
            if (cur) sg_strlcpy(it->england_source, c->source, sizeof it->england_source);
        } else if ((c->area_type == SG_AREA_STAT_NEIGHBOURS ||
                    c->area_type == SG_AREA_CORE_CITIES) &&
                   c->has_min && c->has_max) {
            /* Statistical neighbours win over core cities for the band. */
            bool sn = c->area_type == SG_AREA_STAT_NEIGHBOURS;
            if (p->has_band && !sn && strcmp(it->band_label, "Core cities") != 0) continue;
            p->has_band = true;
            p->band_lo = c->min;
            p->band_hi = c->max;
            sg_strlcpy(it->band_label, sg_area_type_label(c->area_type), sizeof it->band_label);
            if (cur) sg_strlcpy(it->band_source, c->source, sizeof it->band_source);
        }
    }
    return 0;
}

/* Drops the earliest years in which no indicator has a figure (a store that starts later
 * than the trend window), so charts do not open with empty years. The period itself stays. */
static void trim_empty_years(sg_booklet *b)
{
    int first = 0;
    while (first < b->nyears - 1) {
        bool any = false;
        for (size_t i = 0; i < b->nitems && !any; i++)
            any = b->items[i].pt[first].has;
        if (any) break;
        first++;
    }
    if (first == 0) return;
    int n = b->nyears - first;
    for (int y = 0; y < n; y++)
        memcpy(b->years[y], b->years[y + first], sizeof b->years[y]);
    for (size_t i = 0; i < b->nitems; i++) {
        memmove(b->items[i].pt, b->items[i].pt + first, (size_t)n * sizeof b->items[i].pt[0]);
        memset(b->items[i].pt + n, 0, (size_t)first * sizeof b->items[i].pt[0]);
    }
    b->nyears = n;
}

/* The engine's results of the item's indicator, year by year. */
static void builtin_points(sg_bk_item *it, sg_ind_result *const *res, const size_t *nres,
                           int nyears)
{
    for (int y = 0; y < nyears; y++) {
        const sg_ind_result *r = sg_ind_result_find(res[y], nres[y], it->def->id);
        if (!r) continue;
        sg_bk_point *p = &it->pt[y];
        p->has = !(r->flags & SG_IND_NODATA);
        p->value = r->value;
        p->num = r->num;
        p->den = r->den;
        p->flags = r->flags;
    }
}

/* The partnership's targets for the item's id, year by year (the period's with its tolerance,
 * priority and comment). */
static int targets(sg_store *s, const sg_booklet_opts *o, bool annual, const sg_period *per,
                   int nyears, sg_bk_item *it, sg_error *err)
{
    if (!unit_comparable(o, annual, it->def->unit) || it->def->unit == SG_IND_TEXT) return SG_OK;
    for (int y = 0; y < nyears; y++) {
        sg_bk_point *p = &it->pt[y];
        sg_target t;
        sg_error e2;
        int trc = sg_target_get(s, it->def->id, per[y].fy, &t, &e2);
        if (trc == SG_OK) {
            p->has_target = true;
            p->target = t.target;
            if (y == nyears - 1) {
                it->tolerance = t.tolerance;
                sg_strlcpy(it->priority, t.priority, sizeof it->priority);
                sg_strlcpy(it->comment, t.comment, sizeof it->comment);
            }
        } else if (trc != SG_ENOTFOUND) {
            *err = e2;
            return trc;
        }
    }
    return SG_OK;
}

/* One free text (commentary, a status) into out; in a public edition only when it passes the
 * publish check (no identifier, date of birth or small number near a place), else a note that
 * it is withheld. */
static void commentary_text(const char *v, bool public_view, int threshold, char *out, size_t outsz)
{
    if (!v) return;
    sg_pc_opts po = {.threshold = threshold};
    if (public_view && sg_publish_check(v, strlen(v), "commentary", &po, NULL) != SG_OK)
        v = "[withheld: the text failed the publish check]";
    sg_strlcpy(out, v, outsz);
}

static void attach_commentary(sg_bk_item *it, const sg_reg_set *comm, const sg_booklet *b)
{
    const sg_reg_record *r = sg_commentary_find(comm, it->def->id, b->period);
    if (!r) return;
    bool pub = b->public_view;
    int th = b->disc.threshold;
    commentary_text(sg_reg_get(r, "narrative"), pub, th, it->narrative, sizeof it->narrative);
    commentary_text(sg_reg_get(r, "challenge"), pub, th, it->challenge, sizeof it->challenge);
    commentary_text(sg_reg_get(r, "response"), pub, th, it->response, sizeof it->response);
}

static sg_ind_unit unit_of(sg_cat_unit u)
{
    switch (u) {
    case SG_CAT_PCT:
        return SG_IND_PCT;
    case SG_CAT_RATE10K:
        return SG_IND_RATE10K;
    case SG_CAT_DAYS:
        return SG_IND_DAYS;
    case SG_CAT_GBP:
        return SG_IND_GBP;
    case SG_CAT_TEXT:
        return SG_IND_TEXT;
    default:
        return SG_IND_COUNT;
    }
}

static char *dup_s(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

/* A definition owned by the booklet for a catalogue measure (or a built-in the catalogue
 * places), so every renderer reads it as it reads a built-in one. */
static const sg_ind_def *own_def(sg_booklet *b, const sg_cat_measure *m, const char *breakdown)
{
    sg_ind_def *d = xcalloc(1, sizeof *d);
    if (m->builtin) *d = *m->builtin;
    char id[128], title[400];
    snprintf(id, sizeof id, "%s%s%s", m->id, breakdown ? "." : "", breakdown ? breakdown : "");
    snprintf(title, sizeof title, "%s%s%s", m->title, breakdown ? ": " : "",
             breakdown ? breakdown : "");
    d->id = xstrdup(id);
    d->title = xstrdup(title);
    d->group = xstrdup(m->group);
    d->owner = xstrdup(m->owner);
    d->definition = xstrdup(m->definition);
    if (m->builtin) {
        d->numerator = dup_s(m->builtin->numerator);
        d->denominator = dup_s(m->builtin->denominator);
        d->reference = dup_s(m->builtin->reference);
    } else {
        d->numerator = xstrdup(m->numerator);
        d->denominator = m->denominator[0] ? xstrdup(m->denominator) : NULL;
        d->reference = xstrdup(m->source[0] ? m->source : "local");
        d->unit = unit_of(m->unit);
        d->polarity = m->polarity;
        d->source = SG_IND_SRC_NONE;
        d->local = 1;
    }
    b->own_defs = xrealloc(b->own_defs, (b->nown_defs + 1) * sizeof *b->own_defs);
    b->own_defs[b->nown_defs++] = d;
    return d;
}

/* One item of the catalogue: a built-in placed by the partnership, a submitted measure (or
 * one category of it), or a derived measure. */
static int catalogue_item(sg_store *s, sg_booklet *b, const sg_booklet_opts *o, bool annual,
                          const sg_period *per, int nyears, const sg_cat_measure *m,
                          const char *breakdown, sg_ind_result *const *res, const size_t *nres,
                          const sg_mv_ctx *mv, const sg_reg_set *comm, const sg_reg_set *orgs,
                          sg_error *err)
{
    sg_bk_item it;
    memset(&it, 0, sizeof it);
    it.partner_row = m->partner;
    snprintf(it.kind, sizeof it.kind, "%s",
             m->kind == SG_CAT_BUILTIN     ? "builtin"
             : m->kind == SG_CAT_SUBMITTED ? "submitted"
                                           : "derived");
    it.def = m->kind == SG_CAT_BUILTIN && !m->partner ? m->builtin : own_def(b, m, breakdown);
    const sg_reg_record *org = sg_reg_set_find(orgs, m->owner);
    const char *name = org ? sg_reg_get(org, "name") : NULL;
    if (name) sg_strlcpy(it.owner_name, name, sizeof it.owner_name);
    if (m->kind == SG_CAT_BUILTIN) {
        builtin_points(&it, res, nres, nyears);
    } else {
        for (int y = 0; y < nyears; y++) {
            sg_mv_point mp;
            int rc = sg_mv_compute(&mv[y], m, breakdown, &mp, err);
            if (rc) return rc;
            sg_bk_point *p = &it.pt[y];
            p->has = mp.has;
            p->value = mp.value;
            p->num = mp.num;
            p->den = mp.den;
            p->flags = mp.flags;
            /* a status is free text: in a public edition it passes the publish check */
            commentary_text(mp.text, b->public_view, b->disc.threshold, p->text, sizeof p->text);
            if (y != nyears - 1) continue;
            size_t off = 0;
            for (size_t k = 0; k < mp.nsubs && k < SG_BK_MAX_SOURCES; k++) {
                sg_submission sub;
                if ((rc = sg_submission_get(s, mp.subs[k], &sub, err))) return rc;
                it.sources[it.nsources++] = mp.subs[k];
                if (off < sizeof it.sources_text)
                    off +=
                        (size_t)snprintf(it.sources_text + off, sizeof it.sources_text - off,
                                         "%ssubmission %lld (%s, %s, %s)", off ? "; " : "",
                                         (long long)sub.id, sub.file_name, sub.agency, sub.period);
            }
        }
    }
    int rc = targets(s, o, annual, per, nyears, &it, err);
    if (rc) return rc;
    if (!breakdown) attach_commentary(&it, comm, b);
    sg_booklet_add(b, &it);
    return SG_OK;
}

int sg_booklet_build(sg_store *s, const char *period, const sg_booklet_opts *opts, sg_booklet *b,
                     sg_error *err)
{
    sg_booklet_opts o = {0};
    if (opts) o = *opts;
    int nyears = o.years > 0 && o.years <= SG_BK_MAX_YEARS ? o.years : SG_BK_MAX_YEARS;
    sg_ind_opts io;
    if (o.ind)
        io = *o.ind;
    else
        sg_ind_opts_init(&io);
    io.no_compare = 1; /* the trend is computed here, year by year */

    sg_period per[SG_BK_MAX_YEARS];
    int rc = sg_period_parse(period, &per[nyears - 1], err);
    if (rc) return rc;
    for (int y = nyears - 2; y >= 0; y--)
        if (sg_period_shift(&per[nyears - 1], y - (nyears - 1), &per[y]))
            return sg_err(err, SG_EINVAL, "the period %s has no %d earlier years", period,
                          nyears - 1);

    sg_booklet_fini(b);
    b->nyears = nyears;
    b->public_view = o.public_view;
    b->disc.active = o.public_view;
    b->disc.threshold = o.threshold > 0 ? o.threshold : SG_DISCLOSURE_DEFAULT_THRESHOLD;
    sg_strlcpy(b->period, per[nyears - 1].text, sizeof b->period);
    if (o.partnership) sg_strlcpy(b->partnership, o.partnership, sizeof b->partnership);
    sg_date_iso(sg_date_today(), b->generated);
    bool annual = per[nyears - 1].kind == SG_PERIOD_YEAR;
    for (int y = 0; y < nyears; y++)
        sg_strlcpy(b->years[y], per[y].text, sizeof b->years[y]);

    sg_ind_result *res[SG_BK_MAX_YEARS] = {0};
    size_t nres[SG_BK_MAX_YEARS] = {0};
    dq_map dq = {0};
    sg_catalogue *cat = NULL;
    sg_reg_set comm, orgs;
    sg_reg_set_init(&comm, &sg_reg_commentary);
    sg_reg_set_init(&orgs, &sg_reg_organisation);
    for (int y = 0; y < nyears; y++)
        if ((rc = sg_ind_compute_opts(s, per[y].text, &io, &res[y], &nres[y], err))) goto out;

    if ((rc = sg_measure_load_catalogue(s, &cat, err)) ||
        (rc = sg_reg_load(s, &sg_reg_commentary, &comm, err)) ||
        (rc = sg_reg_load(s, &sg_reg_organisation, &orgs, err)))
        goto out;
    if (!sg_cat_has_partner_rows(cat)) {
        /* One item per indicator, in the engine's (booklet) order. */
        for (size_t i = 0; i < nres[nyears - 1]; i++) {
            sg_bk_item it;
            memset(&it, 0, sizeof it);
            it.def = res[nyears - 1][i].def;
            builtin_points(&it, res, nres, nyears);
            if ((rc = targets(s, &o, annual, per, nyears, &it, err))) goto out;
            attach_commentary(&it, &comm, b);
            sg_booklet_add(b, &it);
        }
    } else {
        b->catalogue = true;
        sg_mv_ctx mv[SG_BK_MAX_YEARS];
        for (int y = 0; y < nyears; y++)
            mv[y] = (sg_mv_ctx){.store = s,
                                .cat = cat,
                                .period = per[y].text,
                                .res = res[y],
                                .nres = nres[y],
                                .area = io.area};
        for (size_t i = 0; i < sg_cat_count(cat) && !rc; i++) {
            const sg_cat_measure *m = sg_cat_at(cat, i);
            rc = catalogue_item(s, b, &o, annual, per, nyears, m, NULL, res, nres, mv, &comm, &orgs,
                                err);
            for (size_t k = 0; k < m->nbreak && !rc && m->kind == SG_CAT_SUBMITTED; k++)
                rc = catalogue_item(s, b, &o, annual, per, nyears, m, m->breakdown[k], res, nres,
                                    mv, &comm, &orgs, err);
        }
        if (rc) goto out;
    }

    cmp_ctx cx = {.b = b, .annual = annual};
    for (int y = 0; y < nyears; y++)
        cx.fy[y] = per[y].fy;
    if ((rc = sg_comparators_each(s, NULL, per[0].fy, per[nyears - 1].fy, on_comparator, &cx, err)))
        goto out;

    /* Data quality: the period's figures against the open errors of their submissions. */
    sqlite3 *db = sg_store_db(s);
    if ((rc = dq_load(db, &dq, err))) goto out;
    b->findings_available = dq.available;
    if (dq.available) {
        const sg_ind_result *cur = res[nyears - 1];
        for (size_t i = 0; i < b->nitems; i++) {
            sg_bk_item *it = &b->items[i];
            const sg_ind_result *r = sg_ind_result_find(cur, nres[nyears - 1], it->def->id);
            if (!r) continue;
            for (size_t k = 0; k < r->nsubs; k++) {
                long e = dq_errors_of(&dq, r->subs[k]);
                if (e <= 0) continue;
                it->dq_errors += e;
                if (it->dq_nsubs < SG_BK_MAX_DQ_SUBS) it->dq_subs[it->dq_nsubs++] = r->subs[k];
                bool listed = false;
                for (size_t j = 0; j < b->ndq && !listed; j++)
                    listed = b->dq[j].id == r->subs[k];
                if (listed) continue;
                sg_submission sub;
                if ((rc = sg_submission_get(s, r->subs[k], &sub, err))) goto out;
                b->dq = xrealloc(b->dq, (b->ndq + 1) * sizeof *b->dq);
                sg_bk_dq_sub *d = &b->dq[b->ndq++];
                memset(d, 0, sizeof *d);
                d->id = sub.id;
                sg_strlcpy(d->agency, sub.agency, sizeof d->agency);
                sg_strlcpy(d->format, sub.format, sizeof d->format);
                sg_strlcpy(d->period, sub.period, sizeof d->period);
                sg_strlcpy(d->file_name, sub.file_name, sizeof d->file_name);
                d->errors = e;
                if ((rc = dq_top_rules(db, &dq, sub.id, d->top_rules, sizeof d->top_rules, err)))
                    goto out;
            }
        }
    }
    trim_empty_years(b);
    sg_booklet_finish(b);
out:
    dq_map_fini(&dq);
    sg_cat_free(cat);
    sg_reg_set_fini(&comm);
    sg_reg_set_fini(&orgs);
    for (int y = 0; y < nyears; y++)
        sg_ind_results_free(res[y], nres[y]);
    if (rc) sg_booklet_fini(b);
    return rc;
}

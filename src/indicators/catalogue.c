/* catalogue.c - the run-time measure catalogue: the built-in indicators as default rows, the
 * partnership's rows parsed and checked, the partnership's order, and the formulas' identifier
 * and cycle checks (catalogue.h). */
#include "indicators/catalogue.h"

#include "core/mem.h"
#include "core/str.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUILTIN_POSITION 100000L

struct sg_catalogue {
    sg_cat_measure *m;
    size_t n, cap;
    bool partner_rows;
    bool finished;
};

static const char *const kind_names[] = {"BUILTIN", "SUBMITTED", "DERIVED"};
static const char *const freq_names[] = {"MONTHLY", "QUARTERLY", "ANNUAL"};
static const char *const unit_names[] = {"COUNT", "PCT", "RATE10K", "DAYS", "GBP", "TEXT"};
static const char *const pol_names[] = {"HIGHER", "LOWER", "DATA"};

static int parse_name(const char *s, const char *const *names, int n)
{
    for (int i = 0; s && i < n; i++)
        if (sg_str_ieq(s, names[i])) return i;
    return -1;
}

const char *sg_cat_kind_name(sg_cat_kind k)
{
    return k >= 0 && k <= SG_CAT_DERIVED ? kind_names[k] : "?";
}
const char *sg_cat_freq_name(sg_cat_freq f)
{
    return f >= 0 && f <= SG_CAT_ANNUAL ? freq_names[f] : "?";
}
const char *sg_cat_unit_name(sg_cat_unit u)
{
    return u >= 0 && u <= SG_CAT_TEXT ? unit_names[u] : "?";
}
int sg_cat_kind_parse(const char *s)
{
    return parse_name(s, kind_names, 3);
}
int sg_cat_freq_parse(const char *s)
{
    return parse_name(s, freq_names, 3);
}
int sg_cat_unit_parse(const char *s)
{
    return parse_name(s, unit_names, 6);
}
int sg_cat_polarity_parse(const char *s)
{
    return parse_name(s, pol_names, 3);
}

bool sg_cat_freq_matches(sg_cat_freq f, const char *period)
{
    sg_period p;
    if (!period || sg_period_parse(period, &p, NULL) != SG_OK) return false;
    switch (f) {
    case SG_CAT_MONTHLY:
        return p.kind == SG_PERIOD_MONTH;
    case SG_CAT_QUARTERLY:
        return p.kind == SG_PERIOD_QUARTER;
    case SG_CAT_ANNUAL:
        return p.kind == SG_PERIOD_YEAR;
    }
    return false;
}

static sg_cat_unit unit_of_builtin(sg_ind_unit u)
{
    switch (u) {
    case SG_IND_PCT:
        return SG_CAT_PCT;
    case SG_IND_RATE10K:
        return SG_CAT_RATE10K;
    case SG_IND_DAYS:
        return SG_CAT_DAYS;
    default:
        return SG_CAT_COUNT;
    }
}

static char *dup_or_empty(const char *s)
{
    return xstrdup(s ? s : "");
}

static void measure_fini(sg_cat_measure *m)
{
    free(m->title);
    free(m->group);
    free(m->owner);
    free(m->definition);
    free(m->source);
    free(m->numerator);
    free(m->denominator);
    free(m->formula);
    for (size_t i = 0; i < m->nbreak; i++)
        free(m->breakdown[i]);
    sg_expr_free(m->expr);
    memset(m, 0, sizeof *m);
}

static sg_cat_measure *push(sg_catalogue *c)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 128;
        c->m = xrealloc(c->m, c->cap * sizeof *c->m);
    }
    sg_cat_measure *m = &c->m[c->n];
    memset(m, 0, sizeof *m);
    m->ordinal = c->n++;
    return m;
}

sg_catalogue *sg_cat_new(void)
{
    sg_catalogue *c = xcalloc(1, sizeof *c);
    for (size_t i = 0; i < sg_ind_count(); i++) {
        const sg_ind_def *d = sg_ind_def_at(i);
        sg_cat_measure *m = push(c);
        sg_strlcpy(m->id, d->id, sizeof m->id);
        m->kind = SG_CAT_BUILTIN;
        m->builtin = d;
        m->title = dup_or_empty(d->title);
        m->group = dup_or_empty(d->group);
        m->owner = dup_or_empty(d->owner);
        m->definition = dup_or_empty(d->definition);
        m->source = dup_or_empty(sg_ind_source_name(d->source));
        m->numerator = dup_or_empty(d->numerator);
        m->denominator = dup_or_empty(d->denominator);
        m->formula = dup_or_empty(NULL);
        m->position = BUILTIN_POSITION + (long)i;
        m->freq = SG_CAT_ANNUAL;
        m->unit = unit_of_builtin(d->unit);
        m->polarity = d->polarity;
    }
    return c;
}

void sg_cat_free(sg_catalogue *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->n; i++)
        measure_fini(&c->m[i]);
    free(c->m);
    free(c);
}

size_t sg_cat_count(const sg_catalogue *c)
{
    return c ? c->n : 0;
}

const sg_cat_measure *sg_cat_at(const sg_catalogue *c, size_t i)
{
    return c && i < c->n ? &c->m[i] : NULL;
}

const sg_cat_measure *sg_cat_find(const sg_catalogue *c, const char *id)
{
    if (!c || !id) return NULL;
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->m[i].id, id) == 0) return &c->m[i];
    return NULL;
}

bool sg_cat_has_partner_rows(const sg_catalogue *c)
{
    return c && c->partner_rows;
}

/* ---- one partnership row ---- */

static bool given(const char *s)
{
    return s && *s;
}

static int bad(sg_error *err, const char *field, const char *fmt, ...) SG_PRINTF(3, 4);
static int bad(sg_error *err, const char *field, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return sg_err_at(err, SG_EINVAL, NULL, 0, 0, field, "%s", msg);
}

bool sg_cat_id_ok(const char *id)
{
    if (!id) return false;
    size_t n = strlen(id);
    if (n < 1 || n > 39 || id[0] < 'a' || id[0] > 'z') return false;
    for (size_t i = 1; i < n; i++)
        if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= '0' && id[i] <= '9') || id[i] == '_'))
            return false;
    return true;
}

/* A plain decimal ("-12", "3.5"): no exponent, no spaces, finite. */
static bool decimal(const char *s, double *out)
{
    const char *p = s;
    if (*p == '-') p++;
    size_t digits = 0, frac = 0;
    while (*p >= '0' && *p <= '9')
        p++, digits++;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++)
            frac++;
    if (*p || !digits || (p[-1] == '.')) return false;
    (void)frac;
    *out = strtod(s, NULL);
    return isfinite(*out);
}

static int number(const char *text, const char *field, bool *has, double *out, sg_error *err)
{
    *has = false;
    if (!given(text)) return SG_OK;
    if (!decimal(text, out)) return bad(err, field, "%s: '%s' is not a number", field, text);
    *has = true;
    return SG_OK;
}

static int breakdowns(sg_cat_measure *m, const char *text, sg_error *err)
{
    if (!given(text)) return SG_OK;
    const char *p = text;
    for (;;) {
        const char *e = strchr(p, ';');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 0 || n > 63)
            return bad(err, "breakdowns",
                       "breakdowns '%s': each category is 1-63 characters of A-Z, 0-9 and _, "
                       "joined by ';'",
                       text);
        for (size_t i = 0; i < n; i++)
            if (!((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= '0' && p[i] <= '9') || p[i] == '_'))
                return bad(err, "breakdowns",
                           "breakdowns '%s': categories are written in A-Z, 0-9 and _, joined "
                           "by ';'",
                           text);
        char *code = xstrndup(p, n);
        for (size_t i = 0; i < m->nbreak; i++)
            if (strcmp(m->breakdown[i], code) == 0) {
                int rc = bad(err, "breakdowns", "breakdowns: category %s is given twice", code);
                free(code);
                return rc;
            }
        if (m->nbreak == SG_CAT_MAX_BREAKDOWNS) {
            free(code);
            return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "breakdowns",
                             "breakdowns: at most %d categories", SG_CAT_MAX_BREAKDOWNS);
        }
        m->breakdown[m->nbreak++] = code;
        if (!e) break;
        p = e + 1;
    }
    return SG_OK;
}

static void set_text(char **slot, const char *v)
{
    if (!given(v)) return;
    free(*slot);
    *slot = xstrdup(v);
}

/* Fills m (already holding its defaults for a BUILTIN) from the row's columns. */
static int fill(sg_cat_measure *m, const sg_cat_row *r, sg_cat_kind kind, sg_error *err)
{
    int rc;
    if (given(r->position)) {
        char *end;
        long v = strtol(r->position, &end, 10);
        if (*end || v < 0 || v > 99999)
            return bad(err, "position", "position '%s' is not a whole number from 0 to 99999",
                       r->position);
        m->position = v;
    } else if (kind != SG_CAT_BUILTIN) {
        m->position = BUILTIN_POSITION - 1; /* unordered rows come after ordered ones */
    }
    set_text(&m->title, r->title);
    set_text(&m->group, r->group);
    set_text(&m->owner, r->owner);
    set_text(&m->definition, r->definition);
    set_text(&m->source, r->source);
    if (kind == SG_CAT_BUILTIN) return SG_OK; /* the counting stays the built-in's */
    set_text(&m->numerator, r->numerator);
    set_text(&m->denominator, r->denominator);
    set_text(&m->formula, r->formula);
    int f = given(r->frequency) ? sg_cat_freq_parse(r->frequency) : SG_CAT_ANNUAL;
    if (f < 0)
        return bad(err, "frequency", "frequency '%s' is not MONTHLY, QUARTERLY or ANNUAL",
                   r->frequency);
    m->freq = (sg_cat_freq)f;
    int u = given(r->unit) ? sg_cat_unit_parse(r->unit) : SG_CAT_COUNT;
    if (u < 0)
        return bad(err, "unit", "unit '%s' is not COUNT, PCT, RATE10K, DAYS, GBP or TEXT", r->unit);
    m->unit = (sg_cat_unit)u;
    int p = given(r->polarity) ? sg_cat_polarity_parse(r->polarity) : SG_IND_DATA_ONLY;
    if (p < 0)
        return bad(err, "polarity", "polarity '%s' is not HIGHER, LOWER or DATA", r->polarity);
    m->polarity = (sg_ind_polarity)p;
    if ((rc = number(r->min, "min", &m->has_min, &m->min, err)) ||
        (rc = number(r->max, "max", &m->has_max, &m->max, err)) ||
        (rc = number(r->change_pct, "change_pct", &m->has_change, &m->change_pct, err)))
        return rc;
    if (m->has_min && m->has_max && m->min > m->max)
        return bad(err, "max", "max %s is below min %s", r->max, r->min);
    if (m->unit == SG_CAT_PCT && ((m->has_min && (m->min < 0 || m->min > 100)) ||
                                  (m->has_max && (m->max < 0 || m->max > 100))))
        return bad(err, m->has_min && (m->min < 0 || m->min > 100) ? "min" : "max",
                   "a percentage's bounds lie within 0-100 (measure %s)", m->id);
    if (m->has_change && m->change_pct < 0)
        return bad(err, "change_pct", "change_pct '%s' is negative", r->change_pct);
    if (given(r->numerator) != given(r->denominator))
        return bad(err, given(r->numerator) ? "denominator" : "numerator",
                   "a measure returned as numerator and denominator names both (measure %s)",
                   m->id);
    if ((rc = breakdowns(m, r->breakdowns, err))) return rc;
    if (kind == SG_CAT_SUBMITTED) {
        if (!given(r->owner))
            return bad(err, "owner", "a submitted measure needs an owner (measure %s)", m->id);
        if (given(r->formula))
            return bad(err, "formula", "a submitted measure has no formula (measure %s)", m->id);
        if (!given(r->frequency))
            return bad(err, "frequency", "a submitted measure needs a frequency (measure %s)",
                       m->id);
        if (!given(r->unit))
            return bad(err, "unit", "a submitted measure needs a unit (measure %s)", m->id);
    } else { /* DERIVED */
        if (!given(r->formula))
            return bad(err, "formula", "a derived measure needs a formula (measure %s)", m->id);
        if (m->unit == SG_CAT_TEXT)
            return bad(err, "unit", "a derived measure is a number, not TEXT (measure %s)", m->id);
        if (m->nbreak)
            return bad(err, "breakdowns", "a derived measure has no breakdowns (measure %s)",
                       m->id);
        sg_error e;
        sg_error_clear(&e);
        if ((rc = sg_expr_parse(r->formula, strlen(r->formula), &m->expr, &e)))
            return sg_err_at(err, rc == SG_ELIMIT ? SG_ELIMIT : SG_EINVAL, NULL, 0, e.column,
                             "formula", "formula of %s: %s", m->id, e.msg);
    }
    return SG_OK;
}

int sg_cat_put(sg_catalogue *c, const sg_cat_row *r, sg_error *err)
{
    if (!given(r->id) || !sg_cat_id_ok(r->id))
        return bad(err, "id", "id '%s' is not a measure id ([a-z][a-z0-9_], at most 39)",
                   r->id ? r->id : "");
    int k = given(r->kind) ? sg_cat_kind_parse(r->kind) : -1;
    if (k < 0)
        return bad(err, "kind", "kind '%s' is not SUBMITTED, DERIVED or BUILTIN",
                   r->kind ? r->kind : "");
    sg_cat_measure *existing = NULL;
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->m[i].id, r->id) == 0) existing = &c->m[i];
    if (k == SG_CAT_BUILTIN) {
        if (!existing || existing->kind != SG_CAT_BUILTIN)
            return bad(err, "id", "kind BUILTIN: '%s' is not a built-in indicator", r->id);
        if (existing->partner) return bad(err, "id", "measure %s is given twice", r->id);
        existing->partner = true;
        c->partner_rows = true;
        return fill(existing, r, SG_CAT_BUILTIN, err);
    }
    if (existing)
        return bad(err, "id",
                   existing->kind == SG_CAT_BUILTIN
                       ? "id '%s' is a built-in indicator's: use kind BUILTIN to place it"
                       : "measure %s is given twice",
                   r->id);
    if (!given(r->title)) return bad(err, "title", "measure %s needs a title", r->id);
    if (!given(r->group)) return bad(err, "group", "measure %s needs a group", r->id);
    sg_cat_measure *m = push(c);
    sg_strlcpy(m->id, r->id, sizeof m->id);
    m->kind = (sg_cat_kind)k;
    m->partner = true;
    c->partner_rows = true;
    m->title = xstrdup("");
    m->group = xstrdup("");
    m->owner = xstrdup("");
    m->definition = xstrdup("");
    m->source = xstrdup("");
    m->numerator = xstrdup("");
    m->denominator = xstrdup("");
    m->formula = xstrdup("");
    int rc = fill(m, r, (sg_cat_kind)k, err);
    if (rc) {
        measure_fini(m);
        c->n--;
    }
    return rc;
}

/* ---- ordering and formula checks ---- */

static int cmp(const void *a, const void *b)
{
    const sg_cat_measure *x = a, *y = b;
    if (x->group_pos != y->group_pos) return x->group_pos < y->group_pos ? -1 : 1;
    if (x->group_first != y->group_first) return x->group_first < y->group_first ? -1 : 1;
    if (x->position != y->position) return x->position < y->position ? -1 : 1;
    return x->ordinal < y->ordinal ? -1 : x->ordinal > y->ordinal;
}

/* 0 unvisited, 1 on the path, 2 done. */
static int visit(sg_catalogue *c, size_t i, unsigned char *state, sg_error *err)
{
    sg_cat_measure *m = &c->m[i];
    if (state[i] == 2 || m->kind != SG_CAT_DERIVED) return SG_OK;
    if (state[i] == 1)
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "formula",
                         "formula of %s depends on itself (a cycle through derived measures)",
                         m->id);
    state[i] = 1;
    for (size_t k = 0; k < sg_expr_nidents(m->expr); k++) {
        const char *id = sg_expr_ident(m->expr, k);
        if (strcmp(id, SG_CAT_POP_IDENT) == 0) continue;
        const sg_cat_measure *d = sg_cat_find(c, id);
        if (!d)
            return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "formula",
                             "formula of %s uses '%s', which is no measure, indicator or "
                             "population of the catalogue",
                             m->id, id);
        if (d->unit == SG_CAT_TEXT)
            return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "formula",
                             "formula of %s uses '%s', a TEXT measure (not a number)", m->id, id);
        int rc = visit(c, (size_t)(d - c->m), state, err);
        if (rc) return rc;
    }
    state[i] = 2;
    return SG_OK;
}

int sg_cat_finish(sg_catalogue *c, sg_error *err)
{
    if (c->finished) return SG_OK;
    unsigned char *state = xcalloc(c->n ? c->n : 1, 1);
    int rc = SG_OK;
    for (size_t i = 0; i < c->n && !rc; i++)
        rc = visit(c, i, state, err);
    free(state);
    if (rc) return rc;
    /* order: each group at its smallest position, groups first seen earlier first on ties */
    for (size_t i = 0; i < c->n; i++) {
        c->m[i].group_pos = c->m[i].position;
        c->m[i].group_first = i;
        for (size_t j = 0; j < c->n; j++)
            if (strcmp(c->m[j].group, c->m[i].group) == 0) {
                if (c->m[j].position < c->m[i].group_pos) c->m[i].group_pos = c->m[j].position;
                if (j < c->m[i].group_first) c->m[i].group_first = j;
            }
    }
    qsort(c->m, c->n, sizeof *c->m, cmp);
    c->finished = true;
    return SG_OK;
}

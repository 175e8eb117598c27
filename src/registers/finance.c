/* finance.c - the finance registers' descriptors and the year's figures (sg_fin_year_compute):
 * lines, totals by sector / kind / category, resources, balance and the reserve
 * reconciliation. The view that shows them is finance_view.c. */
#include "registers/finance.h"

#include "core/mem.h"
#include "core/num.h"
#include "core/period.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const sg_reg_code sg_fin_categories[] = {
    {"STAFFING", "the business unit's staff"},
    {"INDEPENDENT_SCRUTINY", "the independent scrutineer"},
    {"REVIEWS", "case reviews: reviewers, authors, rapid reviews"},
    {"TRAINING", "multi-agency training"},
    {"CDOP", "the child death overview panel"},
    {"AUDIT", "multi-agency audits"},
    {"COMMUNICATIONS", "website, campaigns, publications"},
    {"IT", "systems and licences"},
    {"EVENTS", "conferences, venues"},
    {"OTHER", "anything else"},
    {NULL, NULL},
};

const sg_reg_code sg_fin_income_kinds[] = {
    {"FEES", "fees and charges, e.g. for training places or non-attendance"},
    {"GRANT", "grants, e.g. from the Department for Education"},
    {"RESERVE_TRANSFER", "a transfer from the partnership's reserve into the year's budget"},
    {"INTEREST", "interest earned"},
    {"OTHER", "any other income"},
    {NULL, NULL},
};

static int check_year(const sg_register *reg, const sg_reg_record *rec, sg_error *err)
{
    (void)reg;
    const char *y = sg_reg_get(rec, "year");
    if (y && !sg_fy_parse(y, NULL))
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "year",
                         "year '%s' is not a financial year such as 2023-24", y);
    return SG_OK;
}

#define YEAR_COL                                                                                   \
    {                                                                                              \
        .name = "year", .type = SG_RT_TEXT, .flags = SG_RF_KEY | SG_RF_BRIEF, .max = 7,            \
        .doc = "the financial year, e.g. 2023-24 (1 April 2023 to 31 March 2024)"                  \
    }

#define AMOUNT_COL(what)                                                                           \
    {                                                                                              \
        .name = "amount", .type = SG_RT_MONEY, .flags = SG_RF_REQUIRED | SG_RF_BRIEF, .min = 0,    \
        .max = 100000000000LL, .doc = what                                                         \
    }

/* The key is year + organisation; a contribution that names no organisation has its sector
 * (partner) as the key part, which is the key contributions had before organisations. */
static const sg_reg_col contrib_cols[] = {
    YEAR_COL,
    {.name = "partner",
     .type = SG_RT_AGENCY,
     .flags = SG_RF_BRIEF,
     .doc = "the contributor's sector (agency code); required when no organisation is named"},
    {.name = "organisation",
     .type = SG_RT_REF,
     .ref = "organisation",
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .key_default = "partner",
     .doc = "the contributing organisation (short name in the organisations register); "
            "empty: only the sector is known"},
    AMOUNT_COL("pounds, e.g. 125000.00"),
    {.name = "notes", .type = SG_RT_TEXT, .doc = "e.g. in-kind, one-off"},
};

static const sg_reg_col income_cols[] = {
    YEAR_COL,
    {.name = "line",
     .type = SG_RT_TEXT,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .max = SG_FIN_NAME_MAX,
     .doc = "the income line's name as the partnership's accounts call it, e.g. training fees"},
    {.name = "kind",
     .type = SG_RT_ENUM,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .codes = sg_fin_income_kinds,
     .doc = "what kind of income it is"},
    AMOUNT_COL("pounds; a transfer from reserves as a positive amount"),
    {.name = "notes", .type = SG_RT_TEXT, .doc = "e.g. the grant's conditions"},
};

/* The key is year + line; a line without a name has its category as the key part, which is
 * the key expenditure had before named lines. */
static const sg_reg_col spend_cols[] = {
    YEAR_COL,
    {.name = "line",
     .type = SG_RT_TEXT,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .max = SG_FIN_NAME_MAX,
     .key_default = "category",
     .doc = "the expenditure line's name as the partnership's accounts call it, e.g. "
            "subscriptions; empty: the line is the whole category"},
    {.name = "category",
     .type = SG_RT_ENUM,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .codes = sg_fin_categories,
     .doc = "the standard category the line falls under, for comparison across years and "
            "partnerships"},
    AMOUNT_COL("pounds"),
    {.name = "notes", .type = SG_RT_TEXT, .doc = "anything else"},
};

static const sg_reg_col reserve_cols[] = {
    YEAR_COL,
    {.name = "brought_forward",
     .type = SG_RT_MONEY,
     .doc = "the reserve at the start of the year (empty: the year before's carried_forward; "
            "may be negative)"},
    {.name = "carried_forward",
     .type = SG_RT_MONEY,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .doc = "the reserve at the end of the year, carried into the next (may be negative)"},
    {.name = "notes", .type = SG_RT_TEXT, .doc = "e.g. earmarked for a review"},
};

/* ---- the year's figures ---- */

static int year_of(const sg_reg_record *r)
{
    int y = 0;
    return sg_fy_parse(sg_reg_get(r, "year"), &y) ? y : 0;
}

static long long money(const sg_reg_record *r, const char *col)
{
    long long p = 0;
    return sg_reg_get_money(r, col, &p) == SG_OK ? p : 0;
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

/* The line called name in t, added (with label and group) when absent. */
static sg_fin_line *line_for(sg_fin_table *t, const char *name, const char *label,
                             const char *group, bool named)
{
    for (int i = 0; i < t->n; i++)
        if (strcmp(t->line[i].name, name) == 0) {
            sg_fin_line *l = &t->line[i];
            if (named && !l->named) { /* a named record wins over a sector-only one */
                l->named = true;
                sg_strlcpy(l->label, label, sizeof l->label);
                sg_strlcpy(l->group, group, sizeof l->group);
            }
            return l;
        }
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 8;
        t->line = xrealloc(t->line, (size_t)t->cap * sizeof *t->line);
    }
    sg_fin_line *l = &t->line[t->n++];
    memset(l, 0, sizeof *l);
    sg_strlcpy(l->name, name, sizeof l->name);
    sg_strlcpy(l->label, label, sizeof l->label);
    sg_strlcpy(l->group, group, sizeof l->group);
    l->named = named;
    return l;
}

/* Adds p to line name of t for year y (this year or the one before). */
static void add_to(sg_fin_table *t, int y, int year, const char *name, const char *label,
                   const char *group, bool named, long long p)
{
    sg_fin_line *l = line_for(t, name, label, group, named);
    if (y == year) {
        l->pence += p;
        t->total += p;
    } else {
        l->prev_pence += p;
        t->prev += p;
    }
}

/* Position of code in list (unknown codes last). */
static int code_pos(const sg_reg_code *list, const char *code)
{
    int i = 0;
    for (; list[i].code; i++)
        if (strcmp(list[i].code, code) == 0) return i;
    return i;
}

/* Lines in code order of their group, a whole code before its named lines, then by name. */
static int by_group(const sg_reg_code *codes, const sg_fin_line *x, const sg_fin_line *y)
{
    int d = code_pos(codes, x->group) - code_pos(codes, y->group);
    if (d) return d;
    if (x->named != y->named) return x->named ? 1 : -1;
    return strcmp(x->name, y->name);
}

static int by_sector(const void *a, const void *b)
{
    return by_group(sg_reg_agencies, a, b);
}

static int by_kind(const void *a, const void *b)
{
    return by_group(sg_fin_income_kinds, a, b);
}

static int by_category(const void *a, const void *b)
{
    return by_group(sg_fin_categories, a, b);
}

static void finish(sg_fin_table *t, int (*cmp)(const void *, const void *))
{
    for (int i = 0; i < t->n; i++) {
        sg_fin_line *l = &t->line[i];
        l->diff_pence = l->pence - l->prev_pence;
        l->has_pct = sg_pct((long)l->pence, (long)t->total, &l->pct) == SG_OK;
    }
    if (t->n > 1) qsort(t->line, (size_t)t->n, sizeof t->line[0], cmp);
}

/* The organisation record called key, or NULL. */
static const sg_reg_record *org_of(const sg_reg_set *orgs, const char *key)
{
    return orgs && key ? sg_reg_set_find(orgs, key) : NULL;
}

static void tally_contributions(const sg_fin_sets *in, int year, sg_fin_year *out)
{
    const sg_reg_set *set = in->contributions;
    for (size_t i = 0; set && i < set->n; i++) {
        const sg_reg_record *r = &set->rec[i];
        int y = year_of(r);
        if (y != year && y != year - 1) continue;
        const char *org = sg_reg_get(r, "organisation"), *partner = sg_reg_get(r, "partner");
        const sg_reg_record *o = org_of(in->organisations, org);
        const char *sector = o && sg_reg_get(o, "sector") ? sg_reg_get(o, "sector") : partner;
        if (y == year && o && partner && sector && strcmp(partner, sector) != 0)
            out->sector_mismatch++;
        const char *label = o && sg_reg_get(o, "name") ? sg_reg_get(o, "name") : org;
        long long p = money(r, "amount");
        if (org)
            add_to(&out->contrib, y, year, org, label, or_empty(sector), true, p);
        else {
            char lab[48];
            snprintf(lab, sizeof lab, "%s (sector only)", or_empty(partner));
            add_to(&out->contrib, y, year, or_empty(partner), lab, or_empty(partner), false, p);
        }
        add_to(&out->sectors, y, year, or_empty(sector), or_empty(sector), or_empty(sector), false,
               p);
    }
}

/* Income or expenditure: lines keyed by name (the group code when the line has none) and
 * totals by group. */
static void tally_lines(const sg_reg_set *set, int year, const char *group_col, sg_fin_table *lines,
                        sg_fin_table *groups, long long *transfers, long long *transfers_prev)
{
    for (size_t i = 0; set && i < set->n; i++) {
        const sg_reg_record *r = &set->rec[i];
        int y = year_of(r);
        if (y != year && y != year - 1) continue;
        const char *name = sg_reg_get(r, "line"), *g = or_empty(sg_reg_get(r, group_col));
        long long p = money(r, "amount");
        add_to(lines, y, year, name ? name : g, name ? name : g, g, name != NULL, p);
        add_to(groups, y, year, g, g, g, false, p);
        if (transfers && strcmp(g, "RESERVE_TRANSFER") == 0)
            *(y == year ? transfers : transfers_prev) += p;
    }
}

int sg_fin_year_compute(const sg_fin_sets *in, int year, sg_fin_year *out)
{
    memset(out, 0, sizeof *out);
    out->year = year;
    tally_contributions(in, year, out);
    tally_lines(in->income, year, "kind", &out->income, &out->kinds, &out->transfers,
                &out->transfers_prev);
    tally_lines(in->expenditure, year, "category", &out->spend, &out->categories, NULL, NULL);
    finish(&out->contrib, by_sector);
    finish(&out->sectors, by_sector);
    finish(&out->income, by_kind);
    finish(&out->kinds, by_kind);
    finish(&out->spend, by_category);
    finish(&out->categories, by_category);
    out->income_total = out->contrib.total + out->income.total;
    out->income_prev = out->contrib.prev + out->income.prev;
    out->in_year = out->income_total - out->spend.total;
    out->in_year_prev = out->income_prev - out->spend.prev;
    const sg_reg_set *res = in->reserves;
    for (size_t i = 0; res && i < res->n; i++) {
        const sg_reg_record *r = &res->rec[i];
        int y = year_of(r);
        if (y == year - 1) {
            out->has_prev_closing = true;
            out->prev_closing = money(r, "carried_forward");
        } else if (y == year) {
            out->has_closing = true;
            out->closing = money(r, "carried_forward");
            if (sg_reg_get(r, "brought_forward")) {
                out->opening_recorded = true;
                out->opening = money(r, "brought_forward");
            }
        }
    }
    out->has_opening = out->opening_recorded || out->has_prev_closing;
    if (!out->opening_recorded && out->has_prev_closing) out->opening = out->prev_closing;
    /* The transfer is already in the opening reserve: counting it as income too would count
     * it twice, so resources take it out of the reserve once. */
    out->resources = out->opening - out->transfers + out->income_total;
    out->balance = out->resources - out->spend.total;
    if (out->has_closing) out->unreconciled = out->closing - out->balance;
    return SG_OK;
}

static void table_fini(sg_fin_table *t)
{
    free(t->line);
    memset(t, 0, sizeof *t);
}

void sg_fin_year_fini(sg_fin_year *y)
{
    if (!y) return;
    table_fini(&y->contrib);
    table_fini(&y->sectors);
    table_fini(&y->income);
    table_fini(&y->kinds);
    table_fini(&y->spend);
    table_fini(&y->categories);
}

void sg_fin_fmt(long long pence, char out[40])
{
    unsigned long long a = pence < 0 ? 0ULL - (unsigned long long)pence : (unsigned long long)pence;
    char digits[24];
    int n = snprintf(digits, sizeof digits, "%llu", a / 100);
    char grouped[28]; /* 20 digits and 6 commas at most */
    int g = 0;
    for (int i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0) grouped[g++] = ',';
        grouped[g++] = digits[i];
    }
    grouped[g] = '\0';
    snprintf(out, 40, "%s\xc2\xa3%s.%02llu", pence < 0 ? "-" : "", grouped, a % 100);
}

/* ---- descriptors ---- */

static const sg_reg_view views[] = {
    {"year",
     "every contribution, income and expenditure line with its share, last year and the "
     "difference; totals by sector, kind and category; resources, balance, overspend or "
     "underspend and the reserve reconciliation for a year (--year Y)",
     sg_fin_view_year},
};

const sg_register sg_reg_finance_contribution = {
    .name = "finance_contribution",
    .title = "Finance: contributions",
    .doc = "One record per contributing organisation and financial year (several per sector); "
           "where only the sector is known, one record per sector and year.",
    .cols = contrib_cols,
    .ncols = (int)(sizeof contrib_cols / sizeof contrib_cols[0]),
    .views = views,
    .nviews = (int)(sizeof views / sizeof views[0]),
    .check = check_year,
};

const sg_register sg_reg_finance_income = {
    .name = "finance_income",
    .title = "Finance: other income",
    .doc = "One record per income line and financial year that is not a partner's "
           "contribution: fees, grants, transfers from reserves, interest.",
    .cols = income_cols,
    .ncols = (int)(sizeof income_cols / sizeof income_cols[0]),
    .check = check_year,
};

const sg_register sg_reg_finance_expenditure = {
    .name = "finance_expenditure",
    .title = "Finance: expenditure",
    .doc = "One record per expenditure line the partnership names and financial year, each "
           "mapped to a standard category (several lines may share one).",
    .cols = spend_cols,
    .ncols = (int)(sizeof spend_cols / sizeof spend_cols[0]),
    .check = check_year,
};

const sg_register sg_reg_finance_reserve = {
    .name = "finance_reserve",
    .title = "Finance: reserves",
    .doc = "One record per financial year: the reserve at the year's start (when recorded) and "
           "end, carried into the next year's resources.",
    .cols = reserve_cols,
    .ncols = (int)(sizeof reserve_cols / sizeof reserve_cols[0]),
    .check = check_year,
};

/* finance.c - the finance registers: descriptors, the year's figures and the view. */
#include "registers/finance.h"

#include "core/period.h"
#include "core/mem.h"
#include "core/num.h"
#include "registers/view.h"

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

static const sg_reg_col contrib_cols[] = {
    YEAR_COL,
    {.name = "partner",
     .type = SG_RT_AGENCY,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .doc = "the contributing partner (agency code)"},
    {.name = "amount",
     .type = SG_RT_MONEY,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .min = 0,
     .max = 100000000000LL,
     .doc = "pounds, e.g. 125000.00"},
    {.name = "notes", .type = SG_RT_TEXT, .doc = "e.g. in-kind, one-off"},
};

static const sg_reg_col spend_cols[] = {
    YEAR_COL,
    {.name = "category",
     .type = SG_RT_ENUM,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .codes = sg_fin_categories,
     .doc = "what the money was spent on"},
    {.name = "amount",
     .type = SG_RT_MONEY,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .min = 0,
     .max = 100000000000LL,
     .doc = "pounds"},
    {.name = "notes", .type = SG_RT_TEXT, .doc = "anything else"},
};

static const sg_reg_col reserve_cols[] = {
    YEAR_COL,
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

/* The line called name in lines (added when absent and there is room), or NULL. */
static sg_fin_line *line_for(sg_fin_line *lines, int *n, const char *name)
{
    for (int i = 0; i < *n; i++)
        if (strcmp(lines[i].name, name) == 0) return &lines[i];
    if (*n >= SG_FIN_MAX_LINES) return NULL;
    sg_fin_line *l = &lines[(*n)++];
    memset(l, 0, sizeof *l);
    sg_strlcpy(l->name, name, sizeof l->name);
    return l;
}

static void tally(const sg_reg_set *set, const char *by, int year, sg_fin_line *lines, int *n,
                  long long *total, long long *prev)
{
    for (size_t i = 0; i < set->n; i++) {
        const sg_reg_record *r = &set->rec[i];
        int y = year_of(r);
        if (y != year && y != year - 1) continue;
        const char *name = sg_reg_get(r, by);
        sg_fin_line *l = line_for(lines, n, name ? name : "");
        long long p = money(r, "amount");
        if (y == year) {
            *total += p;
            if (l) l->pence += p;
        } else {
            *prev += p;
            if (l) l->prev_pence += p;
        }
    }
    for (int i = 0; i < *n; i++) {
        lines[i].diff_pence = lines[i].pence - lines[i].prev_pence;
        lines[i].has_pct = sg_pct((long)lines[i].pence, (long)*total, &lines[i].pct) == SG_OK;
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

static int by_agency(const void *a, const void *b)
{
    return code_pos(sg_reg_agencies, ((const sg_fin_line *)a)->name) -
           code_pos(sg_reg_agencies, ((const sg_fin_line *)b)->name);
}

static int by_category(const void *a, const void *b)
{
    return code_pos(sg_fin_categories, ((const sg_fin_line *)a)->name) -
           code_pos(sg_fin_categories, ((const sg_fin_line *)b)->name);
}

int sg_fin_year_compute(const sg_reg_set *contributions, const sg_reg_set *expenditure,
                        const sg_reg_set *reserves, int year, sg_fin_year *out)
{
    memset(out, 0, sizeof *out);
    out->year = year;
    tally(contributions, "partner", year, out->contrib, &out->ncontrib, &out->contrib_total,
          &out->contrib_prev);
    tally(expenditure, "category", year, out->spend, &out->nspend, &out->spend_total,
          &out->spend_prev);
    qsort(out->contrib, (size_t)out->ncontrib, sizeof out->contrib[0], by_agency);
    qsort(out->spend, (size_t)out->nspend, sizeof out->spend[0], by_category);
    for (size_t i = 0; i < reserves->n; i++) {
        const sg_reg_record *r = &reserves->rec[i];
        int y = year_of(r);
        if (y == year - 1) {
            out->has_brought_forward = true;
            out->brought_forward = money(r, "carried_forward");
        } else if (y == year) {
            out->has_carried_forward = true;
            out->carried_forward = money(r, "carried_forward");
        }
    }
    out->resources = out->contrib_total + out->brought_forward;
    out->balance = out->resources - out->spend_total;
    if (out->has_carried_forward) out->unreconciled = out->carried_forward - out->balance;
    return SG_OK;
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

/* ---- view ---- */

static void fmt_diff(long long pence, char out[40])
{
    char v[40];
    sg_fin_fmt(pence, v);
    if (pence > 0) {
        out[0] = '+';
        sg_strlcpy(out + 1, v, 39);
    } else {
        sg_strlcpy(out, v, 40);
    }
}

static void line_rows(sg_tab *t, const sg_fin_line *lines, int n, long long total, long long prev,
                      const char *total_label)
{
    for (int i = 0; i <= n; i++) {
        const sg_fin_line *l = i < n ? &lines[i] : NULL;
        long long p = l ? l->pence : total, pp = l ? l->prev_pence : prev;
        char a[40], b[40], d[40], pct[32];
        sg_fin_fmt(p, a);
        sg_fin_fmt(pp, b);
        fmt_diff(p - pp, d);
        if (l && l->has_pct)
            sg_fmt1(l->pct, pct);
        else
            sg_strlcpy(pct, l ? "-" : (total ? "100.0" : "-"), sizeof pct);
        const char *row[] = {l ? l->name : total_label, a, pct, b, d};
        sg_tab_row(t, row);
    }
}

static int view_year(sg_store *s, const sg_register *reg, const sg_reg_view_opts *in,
                     sg_view_doc *out, sg_error *err)
{
    (void)reg;
    sg_reg_view_opts o;
    sg_reg_view_defaults(in, &o);
    sg_reg_set c, e, r;
    memset(&e, 0, sizeof e);
    memset(&r, 0, sizeof r);
    int rc = sg_reg_load(s, &sg_reg_finance_contribution, &c, err);
    if (!rc) rc = sg_reg_load(s, &sg_reg_finance_expenditure, &e, err);
    if (!rc) rc = sg_reg_load(s, &sg_reg_finance_reserve, &r, err);
    sg_fin_year y;
    if (!rc) sg_fin_year_compute(&c, &e, &r, o.year, &y);
    sg_reg_set_fini(&c);
    sg_reg_set_fini(&e);
    sg_reg_set_fini(&r);
    if (rc) return rc;
    char this_y[16], prev_y[16];
    sg_fy_text(o.year, this_y);
    sg_fy_text(o.year - 1, prev_y);
    const char *head[] = {"contributions", this_y, ">%", prev_y, ">difference"};
    /* '>' marks right-aligned money columns (the document copies the titles). */
    char h1[20], h3[20];
    snprintf(h1, sizeof h1, ">%s", this_y);
    snprintf(h3, sizeof h3, ">%s", prev_y);
    head[1] = h1;
    head[3] = h3;
    sg_view_heading(out, 1, "Partnership finance, year %s (1 April to 31 March)", this_y);
    sg_tab *t = sg_view_table(out, "Contributions", 5, head);
    line_rows(t, y.contrib, y.ncontrib, y.contrib_total, y.contrib_prev, "total contributions");
    head[0] = "expenditure";
    sg_view_gap(out);
    t = sg_view_table(out, "Expenditure", 5, head);
    line_rows(t, y.spend, y.nspend, y.spend_total, y.spend_prev, "total expenditure");
    static const char *const head2[] = {"resources", ">amount"};
    sg_view_gap(out);
    t = sg_view_table(out, "Resources and balance", 2, head2);
    char a[40], b[40], cc[40], d[40], f[40], g[40];
    sg_fin_fmt(y.brought_forward, a);
    sg_fin_fmt(y.contrib_total, b);
    sg_fin_fmt(y.resources, cc);
    sg_fin_fmt(y.spend_total, d);
    sg_fin_fmt(y.balance, f);
    const char *r1[] = {y.has_brought_forward ? "reserve brought forward"
                                              : "reserve brought forward (none recorded)",
                        a};
    const char *r2[] = {"contributions", b};
    const char *r3[] = {"total resources", cc};
    const char *r4[] = {"expenditure", d};
    const char *r5[] = {"balance (resources - expenditure)", f};
    sg_tab_row(t, r1);
    sg_tab_row(t, r2);
    sg_tab_row(t, r3);
    sg_tab_row(t, r4);
    sg_tab_row(t, r5);
    if (y.has_carried_forward) {
        sg_fin_fmt(y.carried_forward, g);
        const char *r6[] = {"reserve carried forward (recorded)", g};
        sg_tab_row(t, r6);
        char u[40];
        sg_fin_fmt(y.unreconciled, u);
        const char *r7[] = {"recorded minus balance", u};
        sg_tab_row(t, r7);
    }
    sg_view_note(out, "%%: share of the year's total, 1 decimal place, halves rounded "
                      "away from zero. Difference: this year minus the year before.");
    return sg_view_check(out, err);
}

static const sg_reg_view views[] = {
    {"year",
     "contributions and expenditure with % split and change, reserves and total "
     "resources for a year (--year Y)",
     view_year},
};

const sg_register sg_reg_finance_contribution = {
    .name = "finance_contribution",
    .title = "Finance: partner contributions",
    .doc = "One record per partner and financial year: what the partner contributed.",
    .cols = contrib_cols,
    .ncols = (int)(sizeof contrib_cols / sizeof contrib_cols[0]),
    .views = views,
    .nviews = (int)(sizeof views / sizeof views[0]),
    .check = check_year,
};

const sg_register sg_reg_finance_expenditure = {
    .name = "finance_expenditure",
    .title = "Finance: expenditure",
    .doc = "One record per spending category and financial year.",
    .cols = spend_cols,
    .ncols = (int)(sizeof spend_cols / sizeof spend_cols[0]),
    .check = check_year,
};

const sg_register sg_reg_finance_reserve = {
    .name = "finance_reserve",
    .title = "Finance: reserves carried forward",
    .doc = "One record per financial year: the reserve at the year's end, carried into the "
           "next year's resources.",
    .cols = reserve_cols,
    .ncols = (int)(sizeof reserve_cols / sizeof reserve_cols[0]),
    .check = check_year,
};

/* finance_view.c - the finance year view (register finance_contribution, view `year`): the
 * figures of sg_fin_year_compute as a view document - every line with its organisation's
 * name, sector, kind or category, share, last year and the difference; the totals by sector,
 * kind and category; and resources, balance, overspend or underspend and the reserve
 * reconciliation. */
#include "registers/finance.h"

#include "core/mem.h"
#include "core/num.h"
#include "core/period.h"
#include "registers/organisation.h"
#include "registers/view.h"

#include <stdio.h>
#include <string.h>

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

/* A table of t's lines and its total row. group_title NULL: no group column (the totals by
 * group, whose first column is the group). */
static void line_table(sg_view_doc *out, const char *caption, const char *first,
                       const char *group_title, const sg_fin_table *t, const char *total_label,
                       const char *this_y, const char *prev_y)
{
    char h_this[20], h_prev[20];
    snprintf(h_this, sizeof h_this, ">%s", this_y); /* '>': a right-aligned money column */
    snprintf(h_prev, sizeof h_prev, ">%s", prev_y);
    const char *head6[] = {first, group_title, h_this, ">%", h_prev, ">difference"};
    const char *head5[] = {first, h_this, ">%", h_prev, ">difference"};
    bool grouped = group_title != NULL;
    sg_view_gap(out);
    sg_tab *tab = sg_view_table(out, caption, grouped ? 6 : 5, grouped ? head6 : head5);
    for (int i = 0; i <= t->n; i++) {
        const sg_fin_line *l = i < t->n ? &t->line[i] : NULL;
        long long p = l ? l->pence : t->total, pp = l ? l->prev_pence : t->prev;
        char a[40], b[40], d[40], pct[32];
        sg_fin_fmt(p, a);
        sg_fin_fmt(pp, b);
        fmt_diff(p - pp, d);
        if (l && l->has_pct)
            sg_fmt1(l->pct, pct);
        else
            sg_strlcpy(pct, l ? "-" : (t->total ? "100.0" : "-"), sizeof pct);
        const char *name = l ? l->label : total_label;
        if (grouped) {
            const char *row[] = {name, l ? l->group : "", a, pct, b, d};
            sg_tab_row(tab, row);
        } else {
            const char *row[] = {name, a, pct, b, d};
            sg_tab_row(tab, row);
        }
    }
}

static void money_row(sg_tab *t, const char *label, long long pence)
{
    char a[40];
    sg_fin_fmt(pence, a);
    const char *row[] = {label, a};
    sg_tab_row(t, row);
}

static void resources_table(sg_view_doc *out, const sg_fin_year *y)
{
    static const char *const head[] = {"resources", ">amount"};
    sg_view_gap(out);
    sg_tab *t = sg_view_table(out, "Resources and balance", 2, head);
    money_row(t,
              y->opening_recorded   ? "reserve brought forward (recorded)"
              : y->has_prev_closing ? "reserve brought forward (last year's carried forward)"
                                    : "reserve brought forward (none recorded)",
              y->opening);
    money_row(t, "less transfers from reserves", -y->transfers);
    money_row(t, "contributions", y->contrib.total);
    money_row(t, "other income (with transfers from reserves)", y->income.total);
    money_row(t, "income for the year", y->income_total);
    money_row(t, "total resources", y->resources);
    money_row(t, "expenditure", y->spend.total);
    money_row(t,
              y->in_year > 0   ? "underspend (income - expenditure)"
              : y->in_year < 0 ? "overspend (income - expenditure)"
                               : "in-year balance (income - expenditure)",
              y->in_year);
    money_row(t, "balance (resources - expenditure)", y->balance);
    if (y->has_closing) {
        money_row(t, "reserve carried forward (recorded)", y->closing);
        money_row(t, "recorded minus balance", y->unreconciled);
    }
}

int sg_fin_view_year(sg_store *s, const sg_register *reg, const sg_reg_view_opts *in,
                     sg_view_doc *out, sg_error *err)
{
    (void)reg;
    sg_reg_view_opts o;
    sg_reg_view_defaults(in, &o);
    const sg_register *regs[] = {&sg_reg_finance_contribution, &sg_reg_finance_income,
                                 &sg_reg_finance_expenditure, &sg_reg_finance_reserve,
                                 &sg_reg_organisation};
    enum { NSETS = 5 };
    sg_reg_set set[NSETS];
    int rc = SG_OK, loaded = 0;
    for (; loaded < NSETS && !rc; loaded++)
        rc = sg_reg_load(s, regs[loaded], &set[loaded], err);
    sg_fin_year y;
    memset(&y, 0, sizeof y);
    if (!rc) {
        sg_fin_sets fs = {&set[0], &set[1], &set[2], &set[3], &set[4]};
        sg_fin_year_compute(&fs, o.year, &y);
    }
    for (int i = 0; i < loaded; i++)
        sg_reg_set_fini(&set[i]);
    if (rc) return rc;
    char this_y[16], prev_y[16];
    sg_fy_text(o.year, this_y);
    sg_fy_text(o.year - 1, prev_y);
    sg_view_heading(out, 1, "Partnership finance, year %s (1 April to 31 March)", this_y);
    line_table(out, "Contributions", "contributions", "sector", &y.contrib, "total contributions",
               this_y, prev_y);
    line_table(out, "Contributions by sector", "sector", NULL, &y.sectors, "total contributions",
               this_y, prev_y);
    if (y.income.n) { /* none in either year: the resources table says 0.00 */
        line_table(out, "Other income", "other income", "kind", &y.income, "total other income",
                   this_y, prev_y);
        line_table(out, "Other income by kind", "kind", NULL, &y.kinds, "total other income",
                   this_y, prev_y);
    }
    line_table(out, "Expenditure", "expenditure", "category", &y.spend, "total expenditure", this_y,
               prev_y);
    line_table(out, "Expenditure by category", "category", NULL, &y.categories, "total expenditure",
               this_y, prev_y);
    resources_table(out, &y);
    sg_view_note(out, "%%: share of its table's total for the year, 1 decimal place, halves "
                      "rounded away from zero. Difference: this year minus the year before.");
    sg_view_note(out, "A transfer from reserves is income for the year (it covers spending) and "
                      "comes out of the reserve: total resources = reserve brought forward - "
                      "transfers from reserves + income for the year; balance = total "
                      "resources - expenditure, the reserve the year should end with.");
    if (y.opening_recorded && y.has_prev_closing && y.opening != y.prev_closing) {
        char a[40], b[40];
        sg_fin_fmt(y.opening, a);
        sg_fin_fmt(y.prev_closing, b);
        sg_view_note(out,
                     "The reserve brought forward (%s, recorded) is not last year's reserve "
                     "carried forward (%s).",
                     a, b);
    }
    if (y.sector_mismatch)
        sg_view_note(out,
                     "%d contribution(s) record a sector that is not their organisation's; "
                     "the organisation's sector is used.",
                     y.sector_mismatch);
    sg_fin_year_fini(&y);
    return sg_view_check(out, err);
}

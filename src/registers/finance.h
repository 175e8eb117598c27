/* finance.h - the finance registers: partner contributions by year,
 * expenditure by category and year, and the reserve carried forward at each year's end; with
 * the computed view for a year: totals, % split, the difference from the year before and the
 * total resources (contributions + the reserve brought forward from the year before). Money is
 * handled in pence (register.h: SG_RT_MONEY). Template and code lists: docs/registers.md. */
#ifndef SG_FINANCE_H
#define SG_FINANCE_H

#include "registers/register.h"

#include <stdbool.h>

extern const sg_register sg_reg_finance_contribution; /* "finance_contribution" */
extern const sg_register sg_reg_finance_expenditure;  /* "finance_expenditure" */
extern const sg_register sg_reg_finance_reserve;      /* "finance_reserve" */
extern const sg_reg_code sg_fin_categories[];

/* One partner's or category's line: this year, its share and the change from last year. */
typedef struct sg_fin_line {
    char name[32];
    long long pence; /* this year (0 when absent) */
    bool has_pct;
    double pct;           /* share of the year's total, 1 dp (core/num.h) */
    long long prev_pence; /* the year before (0 when absent) */
    long long diff_pence; /* pence - prev_pence */
} sg_fin_line;

#define SG_FIN_MAX_LINES 32

typedef struct sg_fin_year {
    int year;
    sg_fin_line contrib[SG_FIN_MAX_LINES]; /* partners with a contribution in either year,
                                              in agency code order */
    int ncontrib;
    sg_fin_line spend[SG_FIN_MAX_LINES]; /* categories with spending in either year, in
                                            code list order */
    int nspend;
    long long contrib_total, contrib_prev, spend_total, spend_prev;
    bool has_brought_forward;  /* a reserve was recorded for the year before */
    long long brought_forward; /* the year before's carried_forward */
    long long resources;       /* contrib_total + brought_forward */
    long long balance;         /* resources - spend_total: what should be carried forward */
    bool has_carried_forward;
    long long carried_forward; /* this year's recorded reserve */
    long long unreconciled;    /* carried_forward - balance (0 when they agree) */
} sg_fin_year;

/* Computes financial year `year` ("2023-24" = 2023) from the three registers' records
 * (borrowed). */
int sg_fin_year_compute(const sg_reg_set *contributions, const sg_reg_set *expenditure,
                        const sg_reg_set *reserves, int year, sg_fin_year *out);

/* Writes pence as pounds with thousands separators and two decimals: "£12,345.60",
 * "-£5.00". out must hold 40 bytes. */
void sg_fin_fmt(long long pence, char out[40]);

#endif

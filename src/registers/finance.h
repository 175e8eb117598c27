/* finance.h - the finance registers in the partnership's own lines: contributions by
 * organisation (or by sector where only the sector is known), other income lines (fees,
 * grants, transfers from reserves, interest), expenditure lines the partnership names, each
 * mapped to a standard category, and the reserve at each year's start and end; with the
 * computed year (sg_fin_year_compute): each line, its share, last year and the difference,
 * totals by sector, kind and category, total resources, the balance, overspend or underspend,
 * and the reconciliation to the recorded reserve. Money is handled in pence (register.h:
 * SG_RT_MONEY). The view is in finance_view.c. Template and code lists: docs/registers.md. */
#ifndef SG_FINANCE_H
#define SG_FINANCE_H

#include "registers/register.h"

#include <stdbool.h>

extern const sg_register sg_reg_finance_contribution; /* "finance_contribution" */
extern const sg_register sg_reg_finance_income;       /* "finance_income" */
extern const sg_register sg_reg_finance_expenditure;  /* "finance_expenditure" */
extern const sg_register sg_reg_finance_reserve;      /* "finance_reserve" */
extern const sg_reg_code sg_fin_categories[];         /* expenditure categories */
extern const sg_reg_code sg_fin_income_kinds[];       /* FEES GRANT RESERVE_TRANSFER ... */

#define SG_FIN_NAME_MAX 80   /* bytes of an income or expenditure line's name */
#define SG_FIN_LABEL_MAX 200 /* bytes of an organisation's name */

/* One line (or one total by sector, kind or category): this year, its share of its table's
 * total, last year and the difference. */
typedef struct sg_fin_line {
    char name[SG_FIN_NAME_MAX + 1];   /* the line's key: an organisation's short name, a
                                         sector code (a sector-only contribution), a line's
                                         name, or a code (totals and unnamed lines) */
    char label[SG_FIN_LABEL_MAX + 1]; /* what to show: the organisation's name (its short name
                                         when not in the organisations register), the line's
                                         name, or the code */
    char group[24];                   /* sector (contributions), kind (income), category
                                         (expenditure); "" for totals */
    bool named;                       /* an organisation or a named line, not a whole code */
    long long pence;                  /* this year (0 when absent) */
    bool has_pct;
    double pct;           /* share of the table's total this year, 1 dp (core/num.h) */
    long long prev_pence; /* the year before (0 when absent) */
    long long diff_pence; /* pence - prev_pence */
} sg_fin_line;

/* A table of lines with its totals for the year and the year before. */
typedef struct sg_fin_table {
    sg_fin_line *line; /* owned */
    int n, cap;
    long long total, prev;
} sg_fin_table;

typedef struct sg_fin_year {
    int year;
    sg_fin_table contrib;    /* lines with an amount in either year: by sector (agency code
                                order), a sector-only line before that sector's organisations,
                                organisations by short name */
    sg_fin_table sectors;    /* contributions by sector, agency code order */
    sg_fin_table income;     /* other income lines, by kind (code order) then name */
    sg_fin_table kinds;      /* other income by kind */
    sg_fin_table spend;      /* expenditure lines, by category (code order) then name */
    sg_fin_table categories; /* expenditure by category */
    int sector_mismatch;     /* contributions this year whose recorded partner (sector) is not
                                their organisation's sector (the organisation's is used) */
    long long transfers, transfers_prev; /* other income of kind RESERVE_TRANSFER */
    long long income_total, income_prev; /* contributions + other income (with transfers) */
    long long in_year, in_year_prev;     /* income - expenditure: > 0 underspend, < 0 overspend */
    bool has_opening;
    bool opening_recorded; /* the year's own brought_forward (else last year's carried_forward) */
    long long opening;     /* the reserve at the start of the year (0 when none) */
    bool has_prev_closing; /* last year's carried_forward was recorded */
    long long prev_closing;
    long long resources;    /* opening - transfers + income_total: every pound available */
    long long balance;      /* resources - expenditure: the reserve the year should end with,
                               = opening - transfers + in_year */
    bool has_closing;       /* the year's carried_forward was recorded */
    long long closing;      /* the recorded reserve at the year's end */
    long long unreconciled; /* closing - balance (0 when they agree or none is recorded) */
} sg_fin_year;

/* The registers' records for sg_fin_year_compute (borrowed; any may be NULL = no records).
 * organisations gives names and sectors of contributions that name an organisation. */
typedef struct sg_fin_sets {
    const sg_reg_set *contributions, *income, *expenditure, *reserves, *organisations;
} sg_fin_sets;

/* Computes financial year `year` ("2023-24" = 2023) into out (initialised here; the caller
 * calls sg_fin_year_fini). Always SG_OK. */
int sg_fin_year_compute(const sg_fin_sets *in, int year, sg_fin_year *out);
void sg_fin_year_fini(sg_fin_year *y);

/* Writes pence as pounds with thousands separators and two decimals: "£12,345.60",
 * "-£5.00". out must hold 40 bytes. */
void sg_fin_fmt(long long pence, char out[40]);

/* The year view of finance_contribution (finance_view.c). */
int sg_fin_view_year(sg_store *s, const sg_register *reg, const sg_reg_view_opts *in,
                     sg_view_doc *out, sg_error *err);

#endif

/* yearly_int.h - what the yearly report's builder files share: the build context (the store,
 * options, loaded registers, the booklet and indicators), the figure and table helpers every
 * section uses (yearly_figures.c), and each section's builder: yearly_data.c (arrangements,
 * context, priorities, the dataset), yearly_learning.c (reviews, audits, Section 11/175,
 * training), yearly_registers.c (LADO, child deaths, voice, finance, risks, next year).
 * yearly_sections.c lists the sections and runs them (sg_yr_build). */
#ifndef SG_REPORT_YEARLY_INT_H
#define SG_REPORT_YEARLY_INT_H

#include "indicators/indicators.h"
#include "registers/register.h"
#include "report/booklet.h"
#include "report/narrative.h"
#include "report/yearly.h"

#include <stdbool.h>
#include <stddef.h>

/* Registers the report reads, loaded once (yr_reg_names in yearly_figures.c). */
#define YR_NREG 26
extern const char *const yr_reg_names[YR_NREG];

typedef struct bctx {
    sg_store *s;
    const sg_yr_opts *o;
    const sg_yr_config *cfg;
    sg_yr_report *r;
    sg_error *err;
    int fy;
    sg_date first, last, as_at;
    char year[16];
    sg_reg_set set[YR_NREG];
    bool loaded[YR_NREG];
    sg_booklet bk;
    sg_ind_result *ind;
    size_t nind;
    sg_narrative narr;
} bctx;

/* ---- helpers (yearly_figures.c) ---- */

/* snprintf for labels and ids, where cutting a long value short is intended (and gcc's
 * truncation warning is not wanted). */
void yr_sfmt(char *out, size_t outsz, const char *fmt, ...) SG_PRINTF(3, 4);
const sg_reg_set *yr_reg(bctx *c, const char *name);
int yr_narrative(bctx *c, sg_yr_section *s, bool after);
void yr_heading(sg_yr_section *s, const char *text);
void yr_ids_text(const int64_t *ids, size_t n, char *out, size_t outsz);
sg_yr_fig yr_fig_count(const char *id, long long n, bool people, const char *source,
                       const char *period, const char *detail);
/* A sentence: text with %F for the next figure (figures passed as pointers). */
void yr_para(sg_yr_section *s, const char *fmt, ...);
/* Adds a row "heading | count | %" to a breakdown table. */
void yr_row_count_pct(sg_yr_table *t, const char *heading, const char *id_prefix, const char *code,
                      long long n, long long den, bool people, const char *source,
                      const char *period, const char *detail);
void yr_total_row(sg_yr_table *t, const char *id_prefix, long long n, bool people,
                  const char *source, const char *period, const char *detail);
/* Marks t as summing when its count column adds up to the total row (checked, not assumed). */
void yr_check_sums(sg_yr_table *t, int col);
sg_yr_fig yr_fig_base(const char *id, const char *source, const char *period, const char *detail);
sg_yr_fig yr_fig_pct(const char *id, long long num, long long den, bool people, const char *source,
                     const char *period, const char *detail);
/* "N records of register X" for a register-based trace. */
void yr_reg_detail(const sg_reg_set *set, char *out, size_t outsz);
/* Register free text shown in a public report passes the publish check, or is withheld. */
const char *yr_safe_text(bctx *c, const char *text, const char *where);
const char *yr_code_label(const sg_reg_code *codes, const char *code);
sg_yr_fig yr_fig_mean(const char *id, bool has, double v, long long n, bool people,
                      const char *source, const char *period, const char *detail);
sg_yr_fig yr_fig_money(const char *id, long long pence, const char *source, const char *period,
                       const char *detail);
/* true when d is a date within [a, b]. */
bool yr_date_in(sg_date d, sg_date a, sg_date b);

/* ---- the sections' builders: SG_OK, or an error in c->err ---- */

/* yearly_data.c */
int yr_sec_arrangements(bctx *c, sg_yr_section *s);
int yr_sec_context(bctx *c, sg_yr_section *s);
int yr_sec_dataset(bctx *c, sg_yr_section *s);
int yr_sec_priorities(bctx *c, sg_yr_section *s);
/* yearly_learning.c */
int yr_sec_reviews(bctx *c, sg_yr_section *s);
int yr_sec_audits(bctx *c, sg_yr_section *s);
int yr_sec_section11(bctx *c, sg_yr_section *s);
int yr_sec_training(bctx *c, sg_yr_section *s);
/* yearly_registers.c */
int yr_sec_lado(bctx *c, sg_yr_section *s);
int yr_sec_child_deaths(bctx *c, sg_yr_section *s);
int yr_sec_voice(bctx *c, sg_yr_section *s);
int yr_sec_finance(bctx *c, sg_yr_section *s);
int yr_sec_risks(bctx *c, sg_yr_section *s);
int yr_sec_next(bctx *c, sg_yr_section *s);

#endif

/* return_template.h - the partner return template: for one organisation and period, the rows
 * of the return it owes (each SUBMITTED measure it owns whose frequency fits the period, one
 * row per breakdown category), with the measure's title, unit, definition, last period's value
 * and what to fill in, written as CSV or as an .xlsx workbook (libxlsxwriter). The columns the
 * importer reads (docs/formats/partner.md) are already filled with organisation, period,
 * measure and breakdown, so a filled-in template imports as the return unchanged; the other
 * columns are ignored by the importer. The web form shows the same rows. */
#ifndef SG_RETURN_TEMPLATE_H
#define SG_RETURN_TEMPLATE_H

#include "core/date.h"
#include "core/sg.h"
#include "indicators/catalogue.h"
#include "store/store.h"

#include <stdio.h>

typedef struct sg_tpl_row {
    const sg_cat_measure *m; /* borrowed from the template's catalogue */
    const char *breakdown;   /* "" = the whole measure; else borrowed from m */
    char last_value[128];    /* last period's live value as text ("" = none) */
    char instructions[400];  /* what to fill in for this row */
} sg_tpl_row;

typedef struct sg_tpl {
    sg_catalogue *cat; /* owned */
    char organisation[64];
    char name[201]; /* the organisation's name, else its short name */
    char period[16], last_period[16];
    sg_date due; /* returns.due_days after the period's end */
    sg_tpl_row *rows;
    size_t n;
} sg_tpl;

/* The template of organisation for period ("2024-Q1", "2024-05", "2024-25"). Errors: SG_EINVAL
 * (field "period") for a period that is not a year, quarter or month; SG_ENOTFOUND when the
 * organisation owes no measure for that period (naming both); the catalogue's and the store's.
 * Free with sg_tpl_fini (also after an error). */
int sg_tpl_load(sg_store *s, const char *organisation, const char *period, sg_tpl *out,
                sg_error *err);
void sg_tpl_fini(sg_tpl *t);

/* The period before period of the same kind (2024-Q1 -> 2023-Q4, 2024-04 -> 2024-03,
 * 2024-25 -> 2023-24) into out (16 bytes); false when period is none of the three. */
bool sg_tpl_last_period(const char *period, char out[16]);

/* The unit as a reader says it: "count", "%", "rate per 10,000", "days", "GBP", "text". */
const char *sg_tpl_unit_label(sg_cat_unit u);

/* Writes the template as CSV (header row then one row per template row; CRLF; cells made
 * spreadsheet-safe). */
int sg_tpl_csv(const sg_tpl *t, FILE *out, sg_error *err);

/* Writes the template as an .xlsx workbook at path (through a temporary file beside it and a
 * rename): sheet "Return", a title, instructions and the due date above the header row (row
 * 6), the rows below it. SG_EIO naming the path when it cannot be written. */
int sg_tpl_xlsx(const sg_tpl *t, const char *path, sg_error *err);

#endif

/* reg_years.h - which financial years a register's records fall in (for the year selector of
 * the register views: the default is the latest year with data, not the clock's year) and the
 * plain-English label of a column (for forms and record pages). Pure functions over loaded
 * records; no store access. */
#ifndef SG_REG_YEARS_H
#define SG_REG_YEARS_H

#include "registers/register.h"

#include <stddef.h>

#define SG_REG_MAX_YEARS 64 /* distinct financial years kept by sg_reg_years_add */

/* Adds to years (distinct financial-year start years, newest first, *n of them, at most cap)
 * the years the records of set fall in: every DATE value gives the financial year holding it
 * (1 April .. 31 March); a TEXT column called "year" or "cycle" holding "YYYY-YY" gives YYYY.
 * Years already present are not repeated; beyond cap the oldest are dropped. */
void sg_reg_years_add(const sg_reg_set *set, int *years, size_t cap, size_t *n);

/* The year a view shows by default: the newest of years (newest first, n of them) that is not
 * after this_year (the year holding today); when every year is later, the oldest of them; when
 * n is 0, this_year. */
int sg_reg_years_default(const int *years, size_t n, int this_year);

/* The column's label: "Last update date" for last_update_date (the name with underscores as
 * spaces and the first letter upper-case; the words "la", "lcspr", "cdop", "lado", "dsl", "id"
 * written upper-case as the acronyms they are). Writes at most outsz bytes; returns out. */
char *sg_reg_col_label(const sg_reg_col *c, char *out, size_t outsz);

/* The label of code in the column's code list ("Closed" for CLOSED), or code itself when the
 * list has no label for it. */
const char *sg_reg_code_label(const sg_reg_col *c, const char *code);

#endif

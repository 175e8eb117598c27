/* reg_years.c - the financial years a register's records fall in, the default year of a year
 * view, and plain-English labels of columns and codes (see reg_years.h). */
#include "registers/reg_years.h"

#include "core/mem.h"
#include "core/period.h"

#include <ctype.h>
#include <string.h>

static void add_year(int y, int *years, size_t cap, size_t *n)
{
    size_t i = 0;
    while (i < *n && years[i] > y)
        i++;
    if (i < *n && years[i] == y) return;
    if (i >= cap) return; /* older than every kept year and no room */
    size_t keep = *n < cap ? *n : cap - 1;
    memmove(years + i + 1, years + i, (keep - i) * sizeof *years);
    years[i] = y;
    *n = keep + 1;
}

void sg_reg_years_add(const sg_reg_set *set, int *years, size_t cap, size_t *n)
{
    if (!set || !set->reg || cap == 0) return;
    const sg_register *reg = set->reg;
    for (size_t r = 0; r < set->n; r++) {
        for (int i = 0; i < reg->ncols; i++) {
            const sg_reg_col *c = &reg->cols[i];
            const char *v = set->rec[r].val[i];
            if (!v) continue;
            if (c->type == SG_RT_DATE) {
                sg_date d = sg_date_parse_iso(v, strlen(v));
                if (d != SG_DATE_NONE) add_year(sg_reg_fy_of(d), years, cap, n);
            } else if (c->type == SG_RT_TEXT &&
                       (strcmp(c->name, "year") == 0 || strcmp(c->name, "cycle") == 0)) {
                int y;
                if (sg_fy_parse(v, &y)) add_year(y, years, cap, n);
            }
        }
    }
}

int sg_reg_years_default(const int *years, size_t n, int this_year)
{
    if (n == 0) return this_year;
    for (size_t i = 0; i < n; i++)
        if (years[i] <= this_year) return years[i];
    return years[n - 1];
}

char *sg_reg_col_label(const sg_reg_col *c, char *out, size_t outsz)
{
    static const char *const upper[] = {"la", "lcspr", "cdop", "lado", "dsl", "id", "cin", "rag"};
    if (outsz == 0) return out;
    size_t k = 0;
    const char *p = c->name;
    while (*p && k + 1 < outsz) {
        size_t len = strcspn(p, "_");
        bool up = false;
        for (size_t u = 0; u < sizeof upper / sizeof upper[0]; u++)
            if (strlen(upper[u]) == len && strncmp(p, upper[u], len) == 0) up = true;
        if (k && k + 1 < outsz) out[k++] = ' ';
        for (size_t j = 0; j < len && k + 1 < outsz; j++) {
            char ch = p[j];
            if (up || (k == 0 && j == 0)) ch = (char)toupper((unsigned char)ch);
            out[k++] = ch;
        }
        p += len;
        if (*p == '_') p++;
    }
    out[k] = '\0';
    return out;
}

const char *sg_reg_code_label(const sg_reg_col *c, const char *code)
{
    if (!code) return "";
    if (c->type == SG_RT_AGENCY) {
        for (const sg_reg_code *k = sg_reg_agencies; k->code; k++)
            if (strcmp(k->code, code) == 0 && k->label) return k->label;
        return code;
    }
    if (!c->codes) return code;
    for (const sg_reg_code *k = c->codes; k->code; k++)
        if (strcmp(k->code, code) == 0 && k->label && *k->label) return k->label;
    return code;
}

/* period.c - financial years, quarters, months and rolling periods; month arithmetic
 * (period.h). */
#include "core/period.h"

#include <stdio.h>
#include <string.h>

int sg_days_in_month(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return dm[m - 1];
}

sg_date sg_date_add_months(sg_date d, int n)
{
    if (d == SG_DATE_NONE) return SG_DATE_NONE;
    int y, m, day;
    sg_date_to_ymd(d, &y, &m, &day);
    int idx = y * 12 + (m - 1) + n;
    y = idx / 12;
    m = idx % 12 + 1;
    int dim = sg_days_in_month(y, m);
    return sg_date_from_ymd(y, m, day > dim ? dim : day);
}

int sg_fy_of(sg_date d)
{
    int y, m, day;
    sg_date_to_ymd(d, &y, &m, &day);
    return m >= 4 ? y : y - 1;
}

/* Reads exactly n decimal digits at s; -1 if any is not a digit. */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

bool sg_fy_parse(const char *text, int *year)
{
    if (!text || strlen(text) != 7 || text[4] != '-') return false;
    int y = digits(text, 4), yy = digits(text + 5, 2);
    if (y < 1900 || y > 2198 || yy != (y + 1) % 100) return false;
    if (year) *year = y;
    return true;
}

char *sg_fy_text(int year, char out[static 8])
{
    if (year < 1000 || year > 9998)
        snprintf(out, 8, "?");
    else
        snprintf(out, 8, "%04d-%02d", year, (year + 1) % 100);
    return out;
}

static sg_date month_end(int y, int m)
{
    return sg_date_from_ymd(y, m, sg_days_in_month(y, m));
}

/* Fills p from kind, year and number (month 1-12, quarter 1-4); -1 when out of range. */
static int make(sg_period *p, sg_period_kind kind, int y, int n)
{
    if (y < 1901 || y > 2198) return -1;
    memset(p, 0, sizeof *p);
    p->kind = kind;
    switch (kind) {
    case SG_PERIOD_MONTH:
        if (n < 1 || n > 12) return -1;
        p->start = sg_date_from_ymd(y, n, 1);
        p->end = month_end(y, n);
        snprintf(p->text, sizeof p->text, "%04d-%02d", y, n);
        break;
    case SG_PERIOD_QUARTER: {
        if (n < 1 || n > 4) return -1;
        int m0 = 4 + 3 * (n - 1); /* 4, 7, 10, 13 */
        int y0 = y + (m0 > 12), mm = m0 > 12 ? m0 - 12 : m0;
        p->start = sg_date_from_ymd(y0, mm, 1);
        p->end = month_end(y0, mm + 2);
        snprintf(p->text, sizeof p->text, "%04d-Q%d", y, n);
        break;
    }
    case SG_PERIOD_YEAR:
        p->start = sg_date_from_ymd(y, 4, 1);
        p->end = sg_date_from_ymd(y + 1, 3, 31);
        sg_fy_text(y, p->text);
        break;
    case SG_PERIOD_ROLLING:
        if (n < 1 || n > 12) return -1;
        p->end = month_end(y, n);
        p->start = sg_date_add_months(sg_date_from_ymd(y, n, 1), -11);
        snprintf(p->text, sizeof p->text, "R12-%04d-%02d", y, n);
        break;
    }
    p->fy = sg_fy_of(p->end);
    return 0;
}

/* Parses into kind/year/number; -1 when text is not one of the four spellings. */
static int parse(const char *t, sg_period *out)
{
    size_t len = strlen(t);
    if (len == 11 && strncmp(t, "R12-", 4) == 0 && t[8] == '-') {
        int y = digits(t + 4, 4), m = digits(t + 9, 2);
        if (y < 0 || m < 0) return -1;
        return make(out, SG_PERIOD_ROLLING, y, m);
    }
    if (len != 7 || t[4] != '-') return -1;
    int y = digits(t, 4);
    if (y < 0) return -1;
    if (t[5] == 'Q') {
        int q = digits(t + 6, 1);
        return q < 0 ? -1 : make(out, SG_PERIOD_QUARTER, y, q);
    }
    int n = digits(t + 5, 2);
    if (n < 0) return -1;
    if (n == (y + 1) % 100) return make(out, SG_PERIOD_YEAR, y, 0);
    return make(out, SG_PERIOD_MONTH, y, n);
}

int sg_period_parse(const char *text, sg_period *out, sg_error *err)
{
    if (!text || parse(text, out) != 0)
        return sg_err(err, SG_EINVAL,
                      "'%s' is not a period: expected YYYY-MM (month), YYYY-Qn (financial "
                      "quarter, Q1 = April-June), YYYY-YY (financial year) or R12-YYYY-MM "
                      "(12 months ending a month)",
                      text ? text : "(null)");
    return SG_OK;
}

bool sg_period_range(const char *text, sg_date *start, sg_date *end)
{
    sg_period p;
    if (!text || parse(text, &p) != 0) return false;
    *start = p.start;
    *end = p.end;
    return true;
}

int sg_period_shift(const sg_period *p, int years, sg_period *out)
{
    int y, m, d, rc;
    sg_date_to_ymd(p->end, &y, &m, &d);
    switch (p->kind) {
    case SG_PERIOD_MONTH:
        rc = make(out, p->kind, y + years, m);
        break;
    case SG_PERIOD_ROLLING:
        rc = make(out, p->kind, y + years, m);
        break;
    case SG_PERIOD_QUARTER: {
        int q = p->text[6] - '0';
        rc = make(out, p->kind, p->fy + years, q);
        break;
    }
    default:
        rc = make(out, SG_PERIOD_YEAR, p->fy + years, 0);
        break;
    }
    return rc ? SG_EINVAL : SG_OK;
}

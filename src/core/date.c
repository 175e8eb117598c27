/* date.c - day-number arithmetic (Howard Hinnant's civil calendar algorithms) and parsers. */
#include "core/date.h"

#include "core/str.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

sg_date sg_date_from_ymd(int y, int m, int d)
{
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return SG_DATE_NONE;
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (sg_date)(era * 146097 + doe - 719468);
}

void sg_date_to_ymd(sg_date dt, int *y, int *m, int *d)
{
    int z = dt + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int yy = yoe + era * 400;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    int dd = doy - (153 * mp + 2) / 5 + 1;
    int mm = mp + (mp < 10 ? 3 : -9);
    *y = yy + (mm <= 2);
    *m = mm;
    *d = dd;
}

/* Reads exactly n digits (min..n when min < n) at *p; returns -1 on failure. */
static int digits(const char **p, const char *end, int min, int n)
{
    int v = 0, k = 0;
    while (*p < end && k < n && isdigit((unsigned char)**p)) {
        v = v * 10 + (**p - '0');
        (*p)++;
        k++;
    }
    return k >= min ? v : -1;
}

static sg_date checked(int y, int m, int d)
{
    if (y < 1900 || y > 2199) return SG_DATE_NONE;
    return sg_date_from_ymd(y, m, d);
}

sg_date sg_date_parse_iso(const char *s, size_t len)
{
    sg_str_trim(&s, &len);
    const char *p = s, *end = s + len;
    int y = digits(&p, end, 4, 4);
    if (y < 0 || p >= end || *p++ != '-') return SG_DATE_NONE;
    int m = digits(&p, end, 2, 2);
    if (m < 0 || p >= end || *p++ != '-') return SG_DATE_NONE;
    int d = digits(&p, end, 2, 2);
    if (d < 0 || p != end) return SG_DATE_NONE;
    return checked(y, m, d);
}

sg_date sg_date_parse_uk(const char *s, size_t len)
{
    sg_str_trim(&s, &len);
    const char *p = s, *end = s + len;
    int d = digits(&p, end, 1, 2);
    if (d < 0 || p >= end || *p++ != '/') return SG_DATE_NONE;
    int m = digits(&p, end, 1, 2);
    if (m < 0 || p >= end || *p++ != '/') return SG_DATE_NONE;
    int y = digits(&p, end, 4, 4);
    if (y < 0 || p != end) return SG_DATE_NONE;
    return checked(y, m, d);
}

sg_date sg_date_parse_excel(const char *s, size_t len)
{
    sg_str_trim(&s, &len);
    const char *p = s, *end = s + len;
    int v = digits(&p, end, 1, 6);
    /* Tolerate a ".0" fraction as spreadsheets export whole-day dates. */
    if (p < end && *p == '.') {
        p++;
        while (p < end && *p == '0')
            p++;
    }
    if (v < 0 || p != end) return SG_DATE_NONE;
    /* Serial 1 = 1900-01-01, with Excel's phantom 1900-02-29 (serial 60); days after it are
     * offset by one. 25569 = 1970-01-01. Serial 60 itself does not exist. */
    if (v == 60 || v < 1) return SG_DATE_NONE;
    sg_date dt = (sg_date)(v - 25569);
    if (v < 60) dt += 1;
    int y, m, d;
    sg_date_to_ymd(dt, &y, &m, &d);
    return y >= 1900 && y <= 2199 ? dt : SG_DATE_NONE;
}

sg_date sg_date_parse_any(const char *s, size_t len, bool allow_excel)
{
    sg_date d = sg_date_parse_iso(s, len);
    if (d == SG_DATE_NONE) d = sg_date_parse_uk(s, len);
    if (d == SG_DATE_NONE && allow_excel) d = sg_date_parse_excel(s, len);
    return d;
}

char *sg_date_iso(sg_date dt, char out[static 11])
{
    if (dt == SG_DATE_NONE) {
        out[0] = '\0';
        return out;
    }
    int y, m, d;
    sg_date_to_ymd(dt, &y, &m, &d);
    /* Day numbers in range always give 1..9999, so the casts keep gcc's truncation check exact. */
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u);
    return out;
}

int sg_date_weekday(sg_date dt)
{
    /* 1970-01-01 was a Thursday (3 when Monday = 0). */
    int w = (int)((dt % 7 + 7 + 3) % 7);
    return w;
}

int sg_date_age(sg_date birth, sg_date on)
{
    int by, bm, bd, oy, om, od;
    sg_date_to_ymd(birth, &by, &bm, &bd);
    sg_date_to_ymd(on, &oy, &om, &od);
    int age = oy - by;
    if (om < bm || (om == bm && od < bd)) age--;
    return age;
}

sg_date sg_date_today(void)
{
    const char *env = getenv("SG_TODAY");
    if (env && *env) {
        size_t n = 0;
        while (env[n])
            n++;
        sg_date d = sg_date_parse_iso(env, n);
        if (d != SG_DATE_NONE) return d;
    }
    time_t t = time(NULL);
    return (sg_date)(t / 86400);
}

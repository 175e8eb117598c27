/* workdays.c - the bank holiday calendar (parsed once from the embedded CSV) and working-day
 * arithmetic over it. */
#include "core/workdays.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Generated at build time from data/bank_holidays.csv (see CMakeLists.txt). */
extern const char sg_bank_holidays_csv[];

#define MAX_HOLIDAYS 1024
static sg_date holidays[MAX_HOLIDAYS];
static int nholidays;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
    const char *p = sg_bank_holidays_csv;
    const char *nl = strchr(p, '\n'); /* skip the header row */
    p = nl ? nl + 1 : p + strlen(p);
    while (*p && nholidays < MAX_HOLIDAYS) {
        sg_date d = sg_date_parse_iso(p, 10);
        if (d != SG_DATE_NONE && (nholidays == 0 || d > holidays[nholidays - 1]))
            holidays[nholidays++] = d;
        nl = strchr(p, '\n');
        if (!nl) break;
        p = nl + 1;
    }
}

bool sg_is_bank_holiday(sg_date d)
{
    pthread_once(&once, load);
    int lo = 0, hi = nholidays - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (holidays[mid] == d) return true;
        if (holidays[mid] < d)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return false;
}

bool sg_is_working_day(sg_date d)
{
    return sg_date_weekday(d) < 5 && !sg_is_bank_holiday(d);
}

/* Counts working days in (from, to] for from <= to. Whole weeks are counted arithmetically
 * and holidays subtracted by binary search, so long spans (plans of several years) are cheap. */
static int count_forward(sg_date from, sg_date to)
{
    pthread_once(&once, load);
    int days = to - from, weeks = days / 7, n = weeks * 5;
    for (sg_date d = from + weeks * 7 + 1; d <= to; d++)
        if (sg_date_weekday(d) < 5) n++;
    /* Holidays falling on weekdays in (from, to]. */
    int lo = 0, hi = nholidays;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (holidays[mid] <= from)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (int i = lo; i < nholidays && holidays[i] <= to; i++)
        if (sg_date_weekday(holidays[i]) < 5) n--;
    return n;
}

int sg_working_days(sg_date from, sg_date to)
{
    if (from == to) return 0;
    return to > from ? count_forward(from, to) : -count_forward(to, from);
}

sg_date sg_add_working_days(sg_date from, int n)
{
    sg_date d = from;
    while (n > 0) {
        d++;
        if (sg_is_working_day(d)) n--;
    }
    return d;
}

int sg_workdays_first_year(void)
{
    pthread_once(&once, load);
    int y, m, d;
    if (!nholidays) return 0;
    sg_date_to_ymd(holidays[0], &y, &m, &d);
    return y;
}

int sg_workdays_last_year(void)
{
    pthread_once(&once, load);
    int y, m, d;
    if (!nholidays) return 0;
    sg_date_to_ymd(holidays[nholidays - 1], &y, &m, &d);
    return y;
}

/* num.c - rounding half away from zero, and exact percentages and rates from counts. */
#include "core/num.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>

double sg_round(double x, int decimals)
{
    double p = pow(10.0, decimals);
    /* Scale through a decimal string of 15 significant digits first, so values such as 2.675
     * (stored as 2.67499999...) round as the decimal number people read, not its binary
     * neighbour. */
    char buf[64];
    snprintf(buf, sizeof buf, "%.15g", x * p);
    double scaled;
    if (sscanf(buf, "%lf", &scaled) != 1) scaled = x * p;
    return round(scaled) / p; /* C's round() is half away from zero */
}

int sg_ratio1(long num, long den, long scale, double *out)
{
    if (den <= 0 || num < 0 || scale <= 0) return SG_EINVAL;
    /* tenths = round(num * scale * 10 / den), exactly, in integers while they fit (counts of
     * children and money in pence always do); beyond that, in floating point. */
    long long lim = LLONG_MAX / 4 / (scale * 10);
    if (num <= lim && den <= LLONG_MAX / 4) {
        long long n = (long long)num * scale * 10;
        long long tenths = (2 * n + den) / (2 * (long long)den);
        *out = (double)tenths / 10.0;
    } else {
        *out = sg_round((double)num * (double)scale / (double)den, 1);
    }
    return SG_OK;
}

int sg_pct(long num, long den, double *out)
{
    return sg_ratio1(num, den, 100, out);
}

int sg_rate10k(long count, long pop, double *out)
{
    return sg_ratio1(count, pop, 10000, out);
}

void sg_fmt1(double v, char out[32])
{
    double r = sg_round(v, 1);
    if (r == 0) r = 0; /* no "-0.0" */
    snprintf(out, 32, "%.1f", r);
}

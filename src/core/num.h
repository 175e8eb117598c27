/* num.h - the one rounding rule used everywhere a figure is shown: half away from zero.
 * Percentages and rates from whole counts are computed in exact integer arithmetic so that
 * 12.25% is never shown as 12.2 because of binary floating point (stated in docs/indicators.md
 * and docs/registers.md). */
#ifndef SG_NUM_H
#define SG_NUM_H

#include "core/sg.h"

/* Rounds x to `decimals` places, halves away from zero (2.25 -> 2.3, -2.25 -> -2.3). */
double sg_round(double x, int decimals);

/* num / den as a fraction of `scale` (100 for %, 10000 for a rate per 10,000), to 1 decimal
 * place, exact, halves away from zero. SG_EINVAL when den <= 0 or num < 0 (no figure). */
int sg_ratio1(long num, long den, long scale, double *out);
/* Percentage to 1 dp: sg_ratio1(num, den, 100). */
int sg_pct(long num, long den, double *out);
/* Rate per 10,000 to 1 dp: 250 plans, 52,000 children -> 48.1. */
int sg_rate10k(long count, long pop, double *out);

/* Formats v with one decimal place ("48.1", "-0.5", "0.0"). */
void sg_fmt1(double v, char out[32]);

#endif

/* measure_value.h - the figure of a catalogue measure for a period, whatever its kind: a
 * built-in indicator's result, a submitted measure's live partner values (summed over the
 * period's quarters or months where that is meaningful), or a derived measure's formula
 * evaluated with indicators/expr.h over the other measures, the built-in indicators and the
 * population. The rules are in docs/dataset.md ("Partner measures"). */
#ifndef SG_MEASURE_VALUE_H
#define SG_MEASURE_VALUE_H

#include "core/sg.h"
#include "indicators/catalogue.h"
#include "indicators/indicators.h"
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SG_MV_MAX_SUBS 8

typedef struct sg_mv_point {
    bool has;       /* a figure */
    double value;   /* in the measure's unit, 1 dp for ratios */
    long num, den;  /* counts behind it: the count itself (den 0), or numerator/denominator */
    unsigned flags; /* SG_IND_* (NODATA, PARTIAL_COVERAGE) */
    char text[160]; /* a status measure's text */
    size_t nsubs;   /* the partner submissions it came from (the first SG_MV_MAX_SUBS) */
    int64_t subs[SG_MV_MAX_SUBS];
} sg_mv_point;

/* What the figures of one period are computed from: the store, the catalogue, the built-in
 * results for the period (from sg_ind_compute, in any order) and the population area. */
typedef struct sg_mv_ctx {
    sg_store *store;
    const sg_catalogue *cat;
    const char *period;
    const sg_ind_result *res;
    size_t nres;
    const char *area; /* NULL = every area's rows summed (one area in practice) */
} sg_mv_ctx;

/* The figure of m (breakdown: one of its categories, or NULL for the whole measure) for
 * ctx->period into *out. A figure that cannot be had is out->has false with SG_IND_NODATA, not
 * an error; errors are the store's. */
int sg_mv_compute(const sg_mv_ctx *ctx, const sg_cat_measure *m, const char *breakdown,
                  sg_mv_point *out, sg_error *err);

/* The ONS population aged 0-17 for the financial year starting fy: that year's mid-year
 * estimate, else the latest earlier one held (*earlier set). SG_ENOTFOUND when none. */
int sg_mv_population(sg_store *s, const char *area, int fy, long *out, bool *earlier,
                     sg_error *err);

#endif

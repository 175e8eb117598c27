/* svg.h - the booklet's charts as inline SVG written through the markup writer (html.h): the
 * demand funnel, trend lines with target and comparator bands, category bars and sparklines.
 *
 * Every chart is an <svg role="img"> labelled by its own <title> and <desc> (ids derived from
 * the caller's id, which must be unique in the page and match [a-z0-9-]+), carries its figures
 * as text as well as shapes, and sizes itself from its viewBox (width 100% in the booklet's
 * CSS), so it prints at any width. Figures the caller withholds (disclosure control) or lacks
 * are passed with has = false and a display text ("c", "no data"): nothing is drawn for them and
 * the text says why. Charts use only presentation attributes and classes defined in the
 * booklet's style sheet, so they need no external assets.
 *
 * Errors follow the writer's sticky rule: a bad id makes the writer fail (SG_EINVAL). */
#ifndef SG_SVG_H
#define SG_SVG_H

#include "core/html.h"

#include <stdbool.h>
#include <stddef.h>

/* At most this many points / steps / bars in one chart (more are left out). */
#define SG_SVG_MAX_POINTS 64

/* A step of the demand funnel. */
typedef struct sg_svg_step {
    const char *label; /* "Contacts" */
    bool has;          /* false: withheld or no data (value_text says which) */
    double value;
    const char *value_text; /* as shown: "1,234", "c", "no data" */
    const char *conv_text;  /* conversion from the step before ("28.1% of contacts"), or NULL */
} sg_svg_step;

void sg_svg_funnel(sg_html *h, const char *id, const char *title, const char *desc,
                   const sg_svg_step *steps, size_t n);

/* A trend: the partnership's series, optionally a target per year, a comparator band (e.g.
 * statistical neighbours min..max) and a comparator line (e.g. England). Arrays have n entries
 * (n <= SG_SVG_MAX_POINTS); a NULL array means "none of this". */
typedef struct sg_svg_trend {
    size_t n;
    const char *const *x_labels; /* "2020-21" ... */
    const double *value;
    const bool *has_value;
    const char *const *value_text; /* label per point as shown ("48.1", "c"); may be NULL */
    const double *target;
    const bool *has_target;
    const double *band_lo, *band_hi;
    const bool *has_band;
    const char *band_label; /* "Statistical neighbours (min-max)" */
    const double *line;
    const bool *has_line;
    const char *line_label;   /* "England" */
    const char *series_label; /* "Partnership" */
    const char *unit;         /* appended to axis ticks: "%" or "" */
} sg_svg_trend;

void sg_svg_trend_chart(sg_html *h, const char *id, const char *title, const char *desc,
                        const sg_svg_trend *t);

/* A horizontal bar of a category chart. */
typedef struct sg_svg_bar {
    const char *label;
    bool has;
    double value;
    const char *value_text;
} sg_svg_bar;

void sg_svg_bars(sg_html *h, const char *id, const char *title, const char *desc,
                 const sg_svg_bar *bars, size_t n);

/* A small line without axes for a table cell; label is its accessible name ("Referrals per
 * 10,000, 2019-20 to 2023-24: 512.0, 530.4, ..."). */
void sg_svg_sparkline(sg_html *h, const char *label, const double *v, const bool *has, size_t n);

/* The smallest "nice" number (1, 2, 2.5, 5 x 10^k) at or above x; 1 for x <= 0. Used for axis
 * maxima; exposed for tests. */
double sg_svg_nice_ceil(double x);

#endif

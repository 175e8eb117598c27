/* svg.c - the booklet's charts (see svg.h). Layout is in viewBox units; the style sheet sets
 * fonts and colours through the classes used here (booklet.c). */
#include "report/svg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define NS "http://www.w3.org/2000/svg"

/* Coordinates with one decimal place: enough for print, short in the file. */
static const char *fx(char buf[32], double v)
{
    if (!isfinite(v)) v = 0;
    snprintf(buf, 32, "%.1f", v);
    return buf;
}

static bool id_ok(const char *id)
{
    if (!id || !*id || strlen(id) > 48) return false;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')) return false;
    return true;
}

double sg_svg_nice_ceil(double x)
{
    if (!(x > 0) || !isfinite(x)) return 1;
    double p = pow(10, floor(log10(x)));
    static const double steps[] = {1, 2, 2.5, 5, 10};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        if (steps[i] * p >= x * (1 - 1e-12)) return steps[i] * p;
    return 10 * p;
}

/* Opens the <svg> with its title and description; false when the id is unusable. */
static bool open_svg(sg_html *h, const char *id, double w, double hgt, const char *title,
                     const char *desc, const char *cls)
{
    if (!id_ok(id)) {
        if (!h->rc) h->rc = SG_EINVAL;
        return false;
    }
    char vb[80], tid[64], did[64], lab[140], a[32], b[32];
    snprintf(vb, sizeof vb, "0 0 %s %s", fx(a, w), fx(b, hgt));
    snprintf(tid, sizeof tid, "%s-title", id);
    snprintf(did, sizeof did, "%s-desc", id);
    snprintf(lab, sizeof lab, "%s %s", tid, did);
    sg_html_open(h, "svg", "xmlns", NS, "id", id, "class", cls, "viewBox", vb, "role", "img",
                 "aria-labelledby", lab, "preserveAspectRatio", "xMidYMid meet", NULL);
    sg_html_elem(h, "title", title ? title : "", "id", tid, NULL);
    sg_html_elem(h, "desc", desc ? desc : "", "id", did, NULL);
    return true;
}

static void text_at(sg_html *h, double x, double y, const char *cls, const char *anchor,
                    const char *text)
{
    char a[32], b[32];
    sg_html_elem(h, "text", text, "x", fx(a, x), "y", fx(b, y), "class", cls, "text-anchor", anchor,
                 NULL);
}

static void rect(sg_html *h, double x, double y, double w, double hgt, const char *cls)
{
    char a[32], b[32], c[32], d[32];
    sg_html_empty(h, "rect", "x", fx(a, x), "y", fx(b, y), "width", fx(c, w), "height", fx(d, hgt),
                  "class", cls, NULL);
}

static void line(sg_html *h, double x1, double y1, double x2, double y2, const char *cls)
{
    char a[32], b[32], c[32], d[32];
    sg_html_empty(h, "line", "x1", fx(a, x1), "y1", fx(b, y1), "x2", fx(c, x2), "y2", fx(d, y2),
                  "class", cls, NULL);
}

/* ---- funnel ---- */

void sg_svg_funnel(sg_html *h, const char *id, const char *title, const char *desc,
                   const sg_svg_step *steps, size_t n)
{
    if (n > SG_SVG_MAX_POINTS) n = SG_SVG_MAX_POINTS;
    const double row = 58, bar_h = 28, label_x = 178, left = 190, width = 380, cx = left + 190;
    double height = n ? n * row - (row - bar_h) + 8 : 40;
    if (!open_svg(h, id, 720, height, title, desc, "chart funnel")) return;
    double max = 0;
    for (size_t i = 0; i < n; i++)
        if (steps[i].has && steps[i].value > max) max = steps[i].value;
    for (size_t i = 0; i < n; i++) {
        double y = 4 + i * row;
        sg_html_open(h, "g", "class", "step", NULL);
        text_at(h, label_x, y + bar_h / 2 + 5, "label", "end", steps[i].label);
        if (steps[i].has && max > 0) {
            /* Area-true widths would make late steps vanish; a floor keeps them visible. */
            double w = width * steps[i].value / max;
            if (w < 6) w = 6;
            rect(h, cx - w / 2, y, w, bar_h, i == 0 ? "bar first" : "bar");
        } else {
            rect(h, cx - width / 2, y, width, bar_h, "bar missing");
        }
        text_at(h, left + width + 14, y + bar_h / 2 + 5, "value", "start",
                steps[i].value_text ? steps[i].value_text : "");
        if (i + 1 < n && steps[i + 1].conv_text && steps[i + 1].conv_text[0]) {
            char t[200];
            snprintf(t, sizeof t, "\xE2\x86\x93 %s", steps[i + 1].conv_text);
            text_at(h, cx, y + bar_h + 20, "conv", "middle", t);
        }
        sg_html_close(h, "g");
    }
    sg_html_close(h, "svg");
}

/* ---- trend ---- */

typedef struct scale {
    double x0, x1, y0, y1, max;
    size_t n;
} scale;

static double sx(const scale *s, size_t i)
{
    if (s->n <= 1) return (s->x0 + s->x1) / 2;
    return s->x0 + (s->x1 - s->x0) * (double)i / (double)(s->n - 1);
}

static double sy(const scale *s, double v)
{
    if (v < 0) v = 0;
    return s->y1 - (s->y1 - s->y0) * v / s->max;
}

/* Finds the next run of consecutive present points at or after *i: its first index in *i, its
 * last in *j. False when no point is present from *i on. */
static bool next_run(size_t n, const bool *has, size_t *i, size_t *j)
{
    while (*i < n && !has[*i])
        (*i)++;
    if (*i >= n) return false;
    *j = *i;
    while (*j + 1 < n && has[*j + 1])
        (*j)++;
    return true;
}

/* Draws runs of consecutive present points as polylines (a lone point as a short dash when
 * dash_single, so a one-year target still shows). */
static void runs(sg_html *h, const scale *s, const double *v, const bool *has, const char *cls,
                 bool dash_single)
{
    size_t i = 0, j;
    while (next_run(s->n, has, &i, &j)) {
        if (j == i) {
            if (dash_single) line(h, sx(s, i) - 14, sy(s, v[i]), sx(s, i) + 14, sy(s, v[i]), cls);
        } else {
            char pts[SG_SVG_MAX_POINTS * 24 + 8];
            size_t off = 0;
            for (size_t k = i; k <= j; k++) {
                char a[32], b[32];
                int w = snprintf(pts + off, sizeof pts - off, "%s%s,%s", k > i ? " " : "",
                                 fx(a, sx(s, k)), fx(b, sy(s, v[k])));
                if (w < 0 || (size_t)w >= sizeof pts - off) break;
                off += (size_t)w;
            }
            sg_html_empty(h, "polyline", "points", pts, "class", cls, NULL);
        }
        i = j + 1;
    }
}

static void band(sg_html *h, const scale *s, const double *lo, const double *hi, const bool *has)
{
    size_t i = 0, j;
    while (next_run(s->n, has, &i, &j)) {
        if (j == i) {
            rect(h, sx(s, i) - 8, sy(s, hi[i]), 16, sy(s, lo[i]) - sy(s, hi[i]), "band");
        } else {
            char pts[SG_SVG_MAX_POINTS * 48 + 8];
            size_t off = 0;
            for (size_t k = i; k <= j + (j - i) + 1; k++) {
                /* Forward along the top, back along the bottom. */
                size_t at = k <= j ? k : j - (k - j - 1);
                double v = k <= j ? hi[at] : lo[at];
                char a[32], b[32];
                int w = snprintf(pts + off, sizeof pts - off, "%s%s,%s", k > i ? " " : "",
                                 fx(a, sx(s, at)), fx(b, sy(s, v)));
                if (w < 0 || (size_t)w >= sizeof pts - off) break;
                off += (size_t)w;
            }
            sg_html_empty(h, "polygon", "points", pts, "class", "band", NULL);
        }
        i = j + 1;
    }
}

static void legend_item(sg_html *h, double *x, double y, const char *cls, const char *text,
                        bool is_band)
{
    if (is_band)
        rect(h, *x, y - 9, 22, 12, cls);
    else
        line(h, *x, y - 3, *x + 22, y - 3, cls);
    text_at(h, *x + 28, y + 1, "legend", "start", text);
    *x += 28 + 7.2 * (double)strlen(text) + 20;
}

static void widen(double *max, const double *v, const bool *has, size_t n)
{
    if (!v || !has) return;
    for (size_t i = 0; i < n; i++)
        if (has[i] && isfinite(v[i]) && v[i] > *max) *max = v[i];
}

void sg_svg_trend_chart(sg_html *h, const char *id, const char *title, const char *desc,
                        const sg_svg_trend *t)
{
    size_t n = t->n > SG_SVG_MAX_POINTS ? SG_SVG_MAX_POINTS : t->n;
    /* Inset the first and last years from the axis so their labels stay clear of the ticks. */
    scale s = {.x0 = 104, .x1 = 596, .y0 = 22, .y1 = 206, .n = n};
    if (!open_svg(h, id, 640, 262, title, desc, "chart trend")) return;
    double max = 0;
    widen(&max, t->value, t->has_value, n);
    widen(&max, t->target, t->has_target, n);
    widen(&max, t->band_hi, t->has_band, n);
    widen(&max, t->line, t->has_line, n);
    s.max = sg_svg_nice_ceil(max * 1.08);
    /* A percentage axis stops at 100% unless a figure goes beyond it. */
    if (t->unit && strcmp(t->unit, "%") == 0 && max <= 100 && s.max > 100) s.max = 100;
    char a[32];
    for (int k = 0; k <= 4; k++) {
        double v = s.max * k / 4;
        line(h, 70, sy(&s, v), 620, sy(&s, v), k ? "grid" : "axis");
        char lab[48];
        if (v == floor(v))
            snprintf(a, sizeof a, "%.0f", v);
        else
            fx(a, v);
        snprintf(lab, sizeof lab, "%s%s", a, t->unit ? t->unit : "");
        text_at(h, 62, sy(&s, v) + 4, "tick", "end", lab);
    }
    for (size_t i = 0; i < n; i++)
        text_at(h, sx(&s, i), s.y1 + 20, "tick", "middle", t->x_labels ? t->x_labels[i] : "");
    if (t->band_lo && t->band_hi && t->has_band) band(h, &s, t->band_lo, t->band_hi, t->has_band);
    if (t->line && t->has_line) runs(h, &s, t->line, t->has_line, "cmp", true);
    if (t->target && t->has_target) runs(h, &s, t->target, t->has_target, "target", true);
    if (t->value && t->has_value) {
        runs(h, &s, t->value, t->has_value, "series", false);
        for (size_t i = 0; i < n; i++) {
            if (!t->has_value[i]) {
                if (t->value_text && t->value_text[i])
                    text_at(h, sx(&s, i), s.y1 - 14, "pointlabel muted", "middle",
                            t->value_text[i]);
                continue;
            }
            char b[32];
            sg_html_empty(h, "circle", "cx", fx(a, sx(&s, i)), "cy", fx(b, sy(&s, t->value[i])),
                          "r", "4", "class", "point", NULL);
            if (t->value_text && t->value_text[i])
                text_at(h, sx(&s, i), sy(&s, t->value[i]) - 9, "pointlabel", "middle",
                        t->value_text[i]);
        }
    }
    double lx = 70;
    legend_item(h, &lx, 250, "series", t->series_label ? t->series_label : "Partnership", false);
    if (t->target && t->has_target) legend_item(h, &lx, 250, "target", "Target", false);
    if (t->line && t->has_line)
        legend_item(h, &lx, 250, "cmp", t->line_label ? t->line_label : "England", false);
    if (t->band_lo && t->has_band)
        legend_item(h, &lx, 250, "band", t->band_label ? t->band_label : "Comparator range", true);
    sg_html_close(h, "svg");
}

/* ---- bars ---- */

void sg_svg_bars(sg_html *h, const char *id, const char *title, const char *desc,
                 const sg_svg_bar *bars, size_t n)
{
    if (n > SG_SVG_MAX_POINTS) n = SG_SVG_MAX_POINTS;
    const double row = 32, bar_h = 20, left = 200, width = 330;
    if (!open_svg(h, id, 640, n ? n * row + 8 : 40, title, desc, "chart bars")) return;
    double max = 0;
    for (size_t i = 0; i < n; i++)
        if (bars[i].has && bars[i].value > max) max = bars[i].value;
    double top = sg_svg_nice_ceil(max);
    for (size_t i = 0; i < n; i++) {
        double y = 6 + i * row;
        text_at(h, left - 10, y + bar_h / 2 + 5, "label", "end", bars[i].label);
        double w = 0;
        if (bars[i].has) {
            /* A zero is a figure, not a gap: no bar, but its "0" is written. */
            if (bars[i].value > 0 && max > 0) {
                w = width * bars[i].value / top;
                if (w < 2) w = 2;
                rect(h, left, y, w, bar_h, "bar");
            }
        } else {
            rect(h, left, y, 3, bar_h, "bar missing");
            w = 3;
        }
        text_at(h, left + w + 8, y + bar_h / 2 + 5, "value", "start",
                bars[i].value_text ? bars[i].value_text : "");
    }
    sg_html_close(h, "svg");
}

/* ---- sparkline ---- */

void sg_svg_sparkline(sg_html *h, const char *label, const double *v, const bool *has, size_t n)
{
    if (n > SG_SVG_MAX_POINTS) n = SG_SVG_MAX_POINTS;
    sg_html_open(h, "svg", "xmlns", NS, "class", "spark", "viewBox", "0 0 120 28", "role", "img",
                 "aria-label", label ? label : "", NULL);
    double lo = INFINITY, hi = -INFINITY;
    size_t npresent = 0;
    for (size_t i = 0; i < n; i++)
        if (has[i] && isfinite(v[i])) {
            if (v[i] < lo) lo = v[i];
            if (v[i] > hi) hi = v[i];
            npresent++;
        }
    if (npresent) {
        if (hi - lo < 1e-9) {
            lo -= 1;
            hi += 1;
        }
        scale s = {.x0 = 4, .x1 = 116, .y0 = 4, .y1 = 24, .n = n, .max = 1};
        /* Map lo..hi onto the box: shift values so the scale's 0..max covers them. */
        double yv[SG_SVG_MAX_POINTS];
        for (size_t i = 0; i < n; i++)
            yv[i] = has[i] ? (v[i] - lo) / (hi - lo) : 0;
        runs(h, &s, yv, has, "sparkline", false);
        size_t last = n;
        for (size_t i = n; i-- > 0;)
            if (has[i]) {
                last = i;
                break;
            }
        char a[32], b[32];
        if (last < n)
            sg_html_empty(h, "circle", "cx", fx(a, sx(&s, last)), "cy", fx(b, sy(&s, yv[last])),
                          "r", "2.5", "class", "sparkdot", NULL);
    }
    sg_html_close(h, "svg");
}

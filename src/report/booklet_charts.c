/* booklet_charts.c - the booklet page's chart and note sections: trend charts of the headline
 * and other indicators, category bars, data quality and the notes on sources and methods. */
#include "report/booklet_int.h"

#include "core/mem.h"
#include "core/num.h"
#include "report/svg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool any_point(const sg_bk_item *it, int nyears)
{
    for (int y = 0; y < nyears; y++)
        if (it->pt[y].has || it->pt[y].has_target || it->pt[y].has_england) return true;
    return false;
}

static void trend_figure(bk_page *pg, const sg_bk_item *it)
{
    const sg_booklet *b = pg->b;
    int n = b->nyears;
    const char *xl[SG_BK_MAX_YEARS];
    double v[SG_BK_MAX_YEARS], tg[SG_BK_MAX_YEARS], lo[SG_BK_MAX_YEARS], hi[SG_BK_MAX_YEARS],
        en[SG_BK_MAX_YEARS];
    bool hv[SG_BK_MAX_YEARS], ht[SG_BK_MAX_YEARS], hb[SG_BK_MAX_YEARS], he[SG_BK_MAX_YEARS];
    char vt[SG_BK_MAX_YEARS][48];
    const char *vtp[SG_BK_MAX_YEARS];
    bool any_t = false, any_b = false, any_e = false;
    char desc[1024];
    size_t off = (size_t)snprintf(desc, sizeof desc, "%s by year:", it->def->title);
    for (int y = 0; y < n; y++) {
        const sg_bk_point *p = &it->pt[y];
        xl[y] = b->years[y];
        hv[y] = p->has && !p->sup;
        v[y] = p->value;
        sg_booklet_fmt(b, it, y, vt[y]);
        vtp[y] = vt[y];
        ht[y] = p->has_target;
        tg[y] = p->target;
        hb[y] = p->has_band;
        lo[y] = p->band_lo;
        hi[y] = p->band_hi;
        he[y] = p->has_england;
        en[y] = p->england;
        any_t |= ht[y];
        any_b |= hb[y];
        any_e |= he[y];
        if (off < sizeof desc)
            off += (size_t)snprintf(desc + off, sizeof desc - off, "%s %s %s", y ? ";" : "",
                                    b->years[y], vt[y]);
        if (he[y] && off < sizeof desc) {
            char t[48];
            bk_fmt_value(it->def->unit, en[y], t);
            off += (size_t)snprintf(desc + off, sizeof desc - off, " (England %s)", t);
        }
        if (ht[y] && off < sizeof desc) {
            char t[48];
            bk_fmt_value(it->def->unit, tg[y], t);
            off += (size_t)snprintf(desc + off, sizeof desc - off, " (target %s)", t);
        }
    }
    char band_label[96];
    snprintf(band_label, sizeof band_label, "%s (range)",
             it->band_label[0] ? it->band_label : "Comparators");
    sg_svg_trend t = {.n = (size_t)n,
                      .x_labels = xl,
                      .value = v,
                      .has_value = hv,
                      .value_text = vtp,
                      .target = any_t ? tg : NULL,
                      .has_target = any_t ? ht : NULL,
                      .band_lo = any_b ? lo : NULL,
                      .band_hi = any_b ? hi : NULL,
                      .has_band = any_b ? hb : NULL,
                      .band_label = band_label,
                      .line = any_e ? en : NULL,
                      .has_line = any_e ? he : NULL,
                      .line_label = "England",
                      .series_label = "Partnership",
                      .unit = it->def->unit == SG_IND_PCT ? "%" : ""};
    char id[64];
    snprintf(id, sizeof id, "trend-%s", it->def->id);
    for (char *c = id; *c; c++)
        if (*c == '_') *c = '-';
    sg_html *h = &pg->h;
    sg_html_open(h, "figure", NULL);
    sg_html_open(h, "figcaption", NULL);
    sg_html_text(h, it->def->title);
    sg_html_elem(h, "span", bk_polarity_word(it->def->polarity), NULL);
    sg_html_close(h, "figcaption");
    sg_svg_trend_chart(h, id, it->def->title, desc, &t);
    sg_html_close(h, "figure");
}

void bk_trends(bk_page *pg)
{
    const sg_booklet *b = pg->b;
    const sg_bk_item *shown[64];
    size_t n = 0;
    for (size_t k = 0; k < BK_NHEADLINE; k++) {
        const sg_bk_item *it = sg_booklet_find(b, bk_headline_ids[k]);
        if (it && any_point(it, b->nyears)) shown[n++] = it;
    }
    /* Then anything else the partnership set a target for. */
    for (size_t i = 0; i < b->nitems && n < 64; i++) {
        const sg_bk_item *it = &b->items[i];
        if (!it->def || !it->pt[b->nyears - 1].has_target) continue;
        bool dup = false;
        for (size_t k = 0; k < n; k++)
            dup |= shown[k] == it;
        if (!dup) shown[n++] = it;
    }
    sg_html_open(&pg->h, "div", "class", "charts", NULL);
    for (size_t k = 0; k < n; k++)
        trend_figure(pg, shown[k]);
    sg_html_close(&pg->h, "div");
    if (n == 0) sg_html_elem(&pg->h, "p", "No trend to show.", "class", "note", NULL);
}

void bk_category_bars(bk_page *pg, const char *prefix, const char *chart_id, const char *title,
                      const char *what)
{
    const sg_booklet *b = pg->b;
    int cur = b->nyears - 1;
    sg_svg_bar bars[16];
    char vt[16][100];
    size_t n = 0;
    char desc[1024];
    size_t off = (size_t)snprintf(desc, sizeof desc, "%s, %s:", what, b->years[cur]);
    for (size_t i = 0; i < b->nitems && n < 16; i++) {
        const sg_bk_item *it = &b->items[i];
        if (!it->def || strncmp(it->def->id, prefix, strlen(prefix)) != 0 ||
            it->def->unit != SG_IND_PCT)
            continue;
        const sg_bk_point *p = &it->pt[cur];
        /* Label with the part after " - " in the title ("Plans started - neglect"). */
        const char *dash = strstr(it->def->title, " - ");
        bars[n].label = dash ? dash + 3 : it->def->title;
        bars[n].has = p->has && !p->sup;
        bars[n].value = p->value;
        if (p->has && !p->sup) {
            char c[48], pc[48];
            bk_fmt_count((double)p->num, c);
            bk_fmt_value(SG_IND_PCT, p->value, pc);
            snprintf(vt[n], sizeof vt[n], "%s (%s)", c, pc);
        } else {
            sg_booklet_fmt(b, it, cur, vt[n]);
        }
        bars[n].value_text = vt[n];
        if (off < sizeof desc)
            off += (size_t)snprintf(desc + off, sizeof desc - off, "%s %s %s", n ? ";" : "",
                                    bars[n].label, vt[n]);
        n++;
    }
    if (n == 0) return;
    /* Labels that all start with the same words ("Referrals from ...") lose them: the caption
     * says it once. */
    size_t common = strlen(bars[0].label);
    for (size_t i = 1; i < n; i++) {
        size_t k = 0;
        while (k < common && bars[i].label[k] && bars[i].label[k] == bars[0].label[k])
            k++;
        common = k;
    }
    while (common > 0 && bars[0].label[common - 1] != ' ')
        common--;
    if (n > 1 && common > 0)
        for (size_t i = 0; i < n; i++)
            bars[i].label += common;
    sg_html *h = &pg->h;
    sg_html_open(h, "figure", NULL);
    sg_html_open(h, "figcaption", NULL);
    sg_html_textf(h, "%s, %s", title, b->years[cur]);
    sg_html_elem(h, "span", "Number and share of the total.", NULL);
    sg_html_close(h, "figcaption");
    sg_svg_bars(h, chart_id, title, desc, bars, n);
    sg_html_close(h, "figure");
}

void bk_dq_section(bk_page *pg)
{
    const sg_booklet *b = pg->b;
    sg_html *h = &pg->h;
    if (!b->findings_available) {
        sg_html_elem(h, "p",
                     "This store holds no validation findings, so no figure carries a "
                     "data-quality flag. Validate the returns to see them here.",
                     "class", "note", NULL);
        return;
    }
    if (b->ndq == 0) {
        sg_html_elem(h, "p", "No return behind these figures has open validation errors.", "class",
                     "note", NULL);
        return;
    }
    sg_html_elem(h, "p",
                 "These returns fed figures in this booklet and have open validation errors: "
                 "the figures they fed are marked \xE2\x9A\xA0. Errors are listed in full with "
                 "'safeguard submissions' and the validation report.",
                 "class", "lead", NULL);
    static const char *const cols[] = {"Submission",
                                       "Agency",
                                       "Return",
                                       "Period",
                                       "File",
                                       ">Open errors",
                                       "Commonest rules (count)"};
    sg_html_table_head(h, "Returns with open validation errors", cols, 7);
    sg_html_open(h, "tbody", NULL);
    for (size_t i = 0; i < b->ndq; i++) {
        const sg_bk_dq_sub *d = &b->dq[i];
        char id[40], num[32];
        snprintf(id, sizeof id, "dq-sub-%lld", (long long)d->id);
        snprintf(num, sizeof num, "#%lld", (long long)d->id);
        sg_html_open(h, "tr", "id", id, NULL);
        sg_html_elem(h, "th", num, "scope", "row", NULL);
        sg_html_elem(h, "td", d->agency, NULL);
        sg_html_elem(h, "td", d->format, NULL);
        sg_html_elem(h, "td", d->period, NULL);
        sg_html_elem(h, "td", d->file_name, NULL);
        snprintf(num, sizeof num, "%ld", d->errors);
        sg_html_elem(h, "td", num, "class", "num", NULL);
        sg_html_elem(h, "td", d->top_rules, NULL);
        sg_html_close(h, "tr");
    }
    sg_html_close(h, "tbody");
    sg_html_close(h, "table");
}

void bk_notes(bk_page *pg)
{
    const sg_booklet *b = pg->b;
    sg_html *h = &pg->h;
    sg_html_open(h, "dl", "class", "key", NULL);
    sg_html_elem(h, "dt", SG_DISCLOSURE_SYMBOL, NULL);
    char t[512];
    if (b->public_view)
        snprintf(t, sizeof t,
                 "withheld to protect confidentiality: counts of 1 to %d, figures derived from "
                 "them, and further cells that would let them be worked out from a total",
                 b->disc.threshold);
    else
        snprintf(t, sizeof t, "withheld (not used: this analyst booklet shows exact figures)");
    sg_html_elem(h, "dd", t, NULL);
    sg_html_elem(h, "dt", "no data", NULL);
    sg_html_elem(h, "dd", "no return in the store covers the period, or the denominator is 0",
                 NULL);
    sg_html_elem(h, "dt", "h", NULL);
    sg_html_elem(h, "dd", "partial history: the measure needs earlier years than the store holds",
                 NULL);
    sg_html_elem(h, "dt", "p", NULL);
    sg_html_elem(h, "dd", "partial coverage: the returns cover only part of the period", NULL);
    sg_html_elem(h, "dt", "e", NULL);
    sg_html_elem(h, "dd",
                 "rate computed with the latest population estimate held, from an "
                 "earlier year",
                 NULL);
    sg_html_elem(h, "dt", "\xE2\x9A\xA0", NULL);
    sg_html_elem(h, "dd", "a return behind the figure has open validation errors", NULL);
    sg_html_elem(h, "dt", "RAG", NULL);
    sg_html_elem(h, "dd",
                 "Green: at or better than the target; Amber: on the wrong side by no more than "
                 "the tolerance; Red: beyond it. Data-only indicators have no rating.",
                 NULL);
    sg_html_close(h, "dl");
    sg_html_elem(h, "p",
                 "Percentages and rates are rounded half away from zero to one decimal place. "
                 "Rates are per 10,000 children aged 0-17 (ONS mid-year estimates). Years are "
                 "financial years, 1 April to 31 March; 'at the period end' figures are at 31 "
                 "March. Definitions and sources of every indicator: docs/indicators.md.",
                 "class", "note", NULL);
    /* Comparator sources for the period. */
    int cur = b->nyears - 1;
    bool any = false;
    for (size_t i = 0; i < b->nitems; i++)
        any |= b->items[i].def && (b->items[i].pt[cur].has_england || b->items[i].pt[cur].has_band);
    if (!any) return;
    static const char *const cols[] = {"Indicator", "Comparator", "Source"};
    sg_html_table_head(h, "Comparator sources", cols, 3);
    sg_html_open(h, "tbody", NULL);
    for (size_t i = 0; i < b->nitems; i++) {
        const sg_bk_item *it = &b->items[i];
        if (!it->def) continue;
        const sg_bk_point *p = &it->pt[cur];
        for (int k = 0; k < 2; k++) {
            bool has = k == 0 ? p->has_england : p->has_band;
            if (!has) continue;
            sg_html_open(h, "tr", NULL);
            sg_html_elem(h, "th", it->def->title, "scope", "row", NULL);
            sg_html_elem(h, "td", k == 0 ? "England" : it->band_label, NULL);
            sg_html_elem(h, "td", k == 0 ? it->england_source : it->band_source, "class", "comment",
                         NULL);
            sg_html_close(h, "tr");
        }
    }
    sg_html_close(h, "tbody");
    sg_html_close(h, "table");
}

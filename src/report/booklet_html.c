/* booklet_html.c - the dataset booklet as one self-contained HTML page: a style sheet inline,
 * SVG charts inline, no script, no external reference of any kind. This file holds the style
 * sheet, the table cells, the priority and group tables, the headline tiles, the funnel and
 * the page's sections; the trend and category charts and the notes are in booklet_charts.c. */
#include "report/booklet_int.h"

#include "core/mem.h"
#include "core/num.h"
#include "report/marking.h"
#include "report/svg.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- HTML ---- */

/* The style sheet: screen and A4 print. No '<' or '&' (the page is also well-formed XML).
 * In parts because C compilers need not accept string literals over 4095 bytes. */
static const char *const css[] = {
    ":root{--ink:#1b2430;--muted:#5b6675;--line:#d5dbe3;--navy:#16325c;--accent:#00707a;"
    "--soft:#f3f6f9;--green:#1e7b34;--amber:#a45a00;--red:#b3261e}\n"
    "*{box-sizing:border-box}\n"
    "html{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    "body{margin:0;font-family:'Segoe "
    "UI',system-ui,-apple-system,Arial,sans-serif;color:var(--ink);"
    "background:#fff;font-size:15px;line-height:1.45}\n"
    ".skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px}"
    "\n"
    "header.cover{background:var(--navy);color:#fff;padding:28px 40px 22px}\n"
    "header.cover h1{margin:0 0 4px;font-size:28px;font-weight:600;letter-spacing:.2px}\n"
    "header.cover p{margin:2px 0;color:#d7e0ec}\n"
    ".marking{display:inline-block;margin-top:10px;padding:2px 10px;border:1px solid #fff;"
    "border-radius:3px;font-size:12px;font-weight:700;letter-spacing:1px;text-transform:uppercase}"
    "\n"
    "nav.toc{background:var(--soft);border-bottom:1px solid var(--line);padding:8px "
    "40px;font-size:14px}\n"
    "nav.toc ol{margin:0;padding:0;list-style:none;display:flex;flex-wrap:wrap;gap:4px 22px}\n"
    "nav.toc a{color:var(--navy);text-decoration:none}\n"
    "main{padding:8px 40px 32px;max-width:1180px}\n"
    "h2{font-size:21px;color:var(--navy);border-bottom:2px solid var(--accent);padding-bottom:4px;"
    "margin:30px 0 12px}\n"
    "h3{font-size:16px;margin:18px 0 6px;color:var(--navy)}\n"
    "p.lead{color:var(--muted);margin:4px 0 12px;max-width:900px}\n"
    ".tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:12px}\n"
    ".tile{border:1px solid var(--line);border-top:4px solid var(--accent);border-radius:4px;"
    "padding:10px 12px;background:#fff;break-inside:avoid}\n"
    ".tile h3{font-size:13px;margin:0 0 6px;color:var(--muted);font-weight:600}\n"
    ".tile .big{font-size:28px;font-weight:600;color:var(--ink)}\n",
    ".tile .sub{font-size:12.5px;color:var(--muted);margin-top:4px}\n"
    ".charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(470px,1fr));gap:16px}\n"
    "figure{margin:0;border:1px solid var(--line);border-radius:4px;padding:10px 12px 6px;"
    "break-inside:avoid;background:#fff}\n"
    "figure.wide{max-width:860px}\n"
    "figcaption{font-size:14px;font-weight:600;color:var(--navy);margin-bottom:4px}\n"
    "figcaption span{display:block;font-weight:400;color:var(--muted);font-size:12.5px}\n"
    "svg.chart{width:100%;height:auto;display:block}\n"
    "svg text{font-family:inherit;fill:var(--ink)}\n"
    "svg .label{font-size:14px}svg .value{font-size:14px;font-weight:600}\n"
    "svg .conv{font-size:12px;fill:var(--muted)}svg .tick{font-size:11.5px;fill:var(--muted)}\n"
    "svg .legend{font-size:12px;fill:var(--muted)}svg "
    ".pointlabel{font-size:11.5px;font-weight:600}\n"
    "svg .muted{fill:var(--muted);font-weight:400}\n"
    "svg .bar{fill:var(--navy)}svg .bar.first{fill:var(--accent)}\n"
    "svg .bar.missing{fill:none;stroke:var(--line);stroke-dasharray:4 3}\n"
    "svg .grid{stroke:#e7ebf0;stroke-width:1}svg .axis{stroke:#9aa5b3;stroke-width:1}\n"
    "svg .band{fill:#00707a;fill-opacity:.14;stroke:none}\n"
    "svg .series{fill:none;stroke:var(--navy);stroke-width:2.5}\n"
    "svg .point{fill:var(--navy);stroke:#fff;stroke-width:1.5}\n"
    "svg .target{fill:none;stroke:var(--green);stroke-width:2;stroke-dasharray:6 4}\n"
    "svg .cmp{fill:none;stroke:#8a5a9e;stroke-width:2;stroke-dasharray:2 3}\n"
    "svg.spark{width:96px;height:22px;vertical-align:middle}\n"
    "svg .sparkline{fill:none;stroke:var(--navy);stroke-width:1.6}svg "
    ".sparkdot{fill:var(--accent)}\n",
    "table{border-collapse:collapse;width:100%;font-size:13.5px;margin:6px 0 14px}\n"
    "caption{text-align:left;font-weight:600;color:var(--navy);padding:4px 0}\n"
    "th,td{border-bottom:1px solid var(--line);padding:5px "
    "7px;vertical-align:top;text-align:left}\n"
    "thead th{background:var(--soft);font-size:12.5px;color:var(--muted);font-weight:600;"
    "border-bottom:2px solid var(--line)}\n"
    "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    "tbody th{font-weight:500}\n"
    "tr{break-inside:avoid}\n"
    "caption.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}\n"
    "table.prio{table-layout:fixed}table.prio th:nth-child(1){width:22%}"
    "table.prio th:nth-child(2){width:7%}table.prio th:nth-child(3){width:11%}"
    "table.prio th:nth-child(4),table.prio th:nth-child(5),table.prio th:nth-child(7){width:8%}"
    "table.prio th:nth-child(6){width:8%}table.prio th:nth-child(9){width:9%}\n"
    ".rag{display:inline-block;min-width:56px;text-align:center;padding:1px 8px;border-radius:10px;"
    "font-size:12px;font-weight:700;color:#fff}\n"
    ".rag.green{background:var(--green)}.rag.amber{background:var(--amber)}.rag.red{background:var("
    "--red)}\n"
    ".dq{color:var(--red);font-size:12px;font-weight:600;text-decoration:none;white-space:nowrap}\n"
    ".flag{font-size:10px;color:var(--muted);margin-left:2px}\n"
    ".owner{font-size:12px;color:var(--muted);white-space:nowrap}\n"
    ".comment{font-size:12.5px;color:var(--muted)}\n"
    ".note{font-size:13px;color:var(--muted)}\n"
    "dl.key{display:grid;grid-template-columns:max-content 1fr;gap:3px 14px;font-size:13.5px}\n"
    "dl.key dt{font-weight:700}dl.key dd{margin:0}\n"
    "footer{padding:14px 40px;border-top:1px solid "
    "var(--line);font-size:12.5px;color:var(--muted)}\n"
    "@page{size:A4;margin:14mm 12mm 16mm}\n"
    "@media print{body{font-size:10pt}header.cover{padding:14px 18px}nav.toc{display:none}"
    "main{padding:0 4px;max-width:none}footer{padding:8px 4px}"
    ".charts{grid-template-columns:1fr 1fr;gap:8px}figure{padding:6px}"
    "h2{break-after:avoid;margin-top:16px}h3{break-after:avoid}"
    "section.page{break-before:page}thead{display:table-header-group}"
    "table{font-size:8.5pt}.tile .big{font-size:20pt}}\n",
    NULL,
};

static const char *rag_word(sg_rag r)
{
    switch (r) {
    case SG_RAG_GREEN:
        return "Green";
    case SG_RAG_AMBER:
        return "Amber";
    case SG_RAG_RED:
        return "Red";
    case SG_RAG_NONE:
        break;
    }
    return "";
}

static void rag_cell(bk_page *pg, const sg_bk_item *it)
{
    sg_html *h = &pg->h;
    sg_html_open(h, "td", NULL);
    if (it->rag) {
        char cls[32], lab[64];
        snprintf(cls, sizeof cls, "rag %s", sg_rag_name(it->rag));
        snprintf(lab, sizeof lab, "RAG rating: %s", rag_word(it->rag));
        sg_html_elem(h, "span", rag_word(it->rag), "class", cls, "aria-label", lab, NULL);
    } else if (it->def->polarity == SG_IND_DATA_ONLY) {
        sg_html_elem(h, "span", "data only", "class", "note", NULL);
    }
    sg_html_close(h, "td");
}

/* Writes the value with its flag marks. */
static void value_cell(bk_page *pg, const sg_bk_item *it, int y)
{
    sg_html *h = &pg->h;
    char v[48];
    sg_booklet_fmt(pg->b, it, y, v);
    sg_html_open(h, "td", "class", "num", NULL);
    sg_html_text(h, v);
    const sg_bk_point *p = &it->pt[y];
    if (p->has && !p->sup) {
        if (p->flags & SG_IND_PARTIAL_HISTORY)
            sg_html_elem(h, "sup", "h", "class", "flag", "title", "partial history", NULL);
        if (p->flags & SG_IND_PARTIAL_COVERAGE)
            sg_html_elem(h, "sup", "p", "class", "flag", "title", "partial coverage", NULL);
        if (p->flags & SG_IND_POP_EARLIER)
            sg_html_elem(h, "sup", "e", "class", "flag", "title",
                         "population estimate from an earlier year", NULL);
    }
    sg_html_close(h, "td");
}

static void england_text(const sg_bk_item *it, const sg_bk_point *p, char out[48])
{
    if (!p->has_england) {
        out[0] = '\0';
        return;
    }
    bk_fmt_value(it->def->unit, p->england, out);
}

static void dq_cell(bk_page *pg, const sg_bk_item *it)
{
    sg_html *h = &pg->h;
    sg_html_open(h, "td", NULL);
    if (it->dq_errors > 0 && it->dq_nsubs > 0) {
        char href[48], text[64], lab[160];
        snprintf(href, sizeof href, "#dq-sub-%lld", (long long)it->dq_subs[0]);
        snprintf(text, sizeof text, "\xE2\x9A\xA0 %ld open error%s", it->dq_errors,
                 it->dq_errors == 1 ? "" : "s");
        snprintf(lab, sizeof lab,
                 "Data quality: %ld open validation error%s in the returns behind this figure; "
                 "see the findings",
                 it->dq_errors, it->dq_errors == 1 ? "" : "s");
        sg_html_elem(h, "a", text, "class", "dq", "href", href, "aria-label", lab, NULL);
    }
    sg_html_close(h, "td");
}

static void sparkline(bk_page *pg, const sg_bk_item *it)
{
    const sg_booklet *b = pg->b;
    double v[SG_BK_MAX_YEARS];
    bool has[SG_BK_MAX_YEARS];
    char label[512];
    size_t off = (size_t)snprintf(label, sizeof label, "Trend of %s, %s to %s:", it->def->title,
                                  b->years[0], b->years[b->nyears - 1]);
    for (int y = 0; y < b->nyears; y++) {
        has[y] = it->pt[y].has && !it->pt[y].sup && it->def->unit != SG_IND_TEXT;
        v[y] = it->pt[y].value;
        char t[48];
        sg_booklet_fmt(b, it, y, t);
        if (off < sizeof label)
            off += (size_t)snprintf(label + off, sizeof label - off, "%s %s", y ? "," : "", t);
    }
    sg_svg_sparkline(&pg->h, label, v, has, (size_t)b->nyears);
}

/* The priority-area table: indicator, owner, trend, value, target, RAG, England, comment. */
static void priority_table(bk_page *pg, const char *priority, int n)
{
    const sg_booklet *b = pg->b;
    sg_html *h = &pg->h;
    int cur = b->nyears - 1;
    char cap[200];
    snprintf(cap, sizeof cap, "%s, %s", priority, b->years[cur]);
    sg_html_open(h, "table", "class", "prio", NULL);
    /* The h3 above names the area on screen; the caption names the table for screen readers. */
    sg_html_elem(h, "caption", cap, "class", "sr", NULL);
    sg_html_open(h, "thead", NULL);
    sg_html_open(h, "tr", NULL);
    sg_html_elem(h, "th", "Indicator", "scope", "col", NULL);
    sg_html_elem(h, "th", "Owner", "scope", "col", NULL);
    sg_html_elem(h, "th", "Trend", "scope", "col", NULL);
    sg_html_elem(h, "th", b->years[cur], "scope", "col", "class", "num", NULL);
    sg_html_elem(h, "th", "Target", "scope", "col", "class", "num", NULL);
    sg_html_elem(h, "th", "RAG", "scope", "col", NULL);
    sg_html_elem(h, "th", "England", "scope", "col", "class", "num", NULL);
    sg_html_elem(h, "th", "Comment", "scope", "col", NULL);
    sg_html_elem(h, "th", "Data quality", "scope", "col", NULL);
    sg_html_close(h, "tr");
    sg_html_close(h, "thead");
    sg_html_open(h, "tbody", NULL);
    (void)n;
    for (size_t i = 0; i < b->nitems; i++) {
        const sg_bk_item *it = &b->items[i];
        if (!it->def || strcmp(it->priority, priority) != 0) continue;
        char t[48];
        sg_html_open(h, "tr", NULL);
        sg_html_elem(h, "th", it->def->title, "scope", "row", NULL);
        sg_html_elem(h, "td", sg_bk_owner(it), "class", "owner", NULL);
        sg_html_open(h, "td", NULL);
        sparkline(pg, it);
        sg_html_close(h, "td");
        value_cell(pg, it, cur);
        sg_booklet_target_fmt(it, &it->pt[cur], t);
        sg_html_elem(h, "td", t, "class", "num", NULL);
        rag_cell(pg, it);
        england_text(it, &it->pt[cur], t);
        sg_html_elem(h, "td", t, "class", "num", NULL);
        sg_html_elem(h, "td", it->comment, "class", "comment", NULL);
        dq_cell(pg, it);
        sg_html_close(h, "tr");
    }
    sg_html_close(h, "tbody");
    sg_html_close(h, "table");
}

void sg_bk_commentary_row(sg_html *h, const sg_bk_item *it, int ncols, const char *td_class)
{
    if (!it->narrative[0] && !it->challenge[0] && !it->response[0] && !it->sources_text[0]) return;
    char span[16];
    snprintf(span, sizeof span, "%d", ncols);
    sg_html_open(h, "tr", "class", "commentary", NULL);
    sg_html_open(h, "td", "colspan", span, "class", td_class, NULL);
    static const struct {
        size_t off;
        const char *label;
    } parts[] = {{offsetof(sg_bk_item, narrative), "What the data tells us: "},
                 {offsetof(sg_bk_item, challenge), "Challenge: "},
                 {offsetof(sg_bk_item, response), "Response: "},
                 {offsetof(sg_bk_item, sources_text), "From: "}};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        const char *text = (const char *)it + parts[i].off;
        if (!text[0]) continue;
        sg_html_open(h, "p", NULL);
        sg_html_elem(h, "strong", parts[i].label, NULL);
        sg_html_text(h, text);
        sg_html_close(h, "p");
    }
    sg_html_close(h, "td");
    sg_html_close(h, "tr");
}

/* The full table of one section: every year, target, RAG, England, data quality. */
static void group_table(bk_page *pg, const char *group)
{
    const sg_booklet *b = pg->b;
    sg_html *h = &pg->h;
    int cur = b->nyears - 1;
    sg_html_open(h, "table", NULL);
    sg_html_elem(h, "caption", bk_group_title(group), NULL);
    sg_html_open(h, "thead", NULL);
    sg_html_open(h, "tr", NULL);
    sg_html_elem(h, "th", "Indicator", "scope", "col", NULL);
    sg_html_elem(h, "th", "Owner", "scope", "col", NULL);
    for (int y = 0; y < b->nyears; y++)
        sg_html_elem(h, "th", b->years[y], "scope", "col", "class", "num", NULL);
    sg_html_elem(h, "th", "Target", "scope", "col", "class", "num", NULL);
    sg_html_elem(h, "th", "RAG", "scope", "col", NULL);
    sg_html_elem(h, "th", "England", "scope", "col", "class", "num", NULL);
    sg_html_elem(h, "th", "Data quality", "scope", "col", NULL);
    sg_html_close(h, "tr");
    sg_html_close(h, "thead");
    sg_html_open(h, "tbody", NULL);
    for (size_t i = 0; i < b->nitems; i++) {
        const sg_bk_item *it = &b->items[i];
        if (!it->def || strcmp(it->def->group, group) != 0) continue;
        char t[48];
        sg_html_open(h, "tr", NULL);
        sg_html_elem(h, "th", it->def->title, "scope", "row", NULL);
        sg_html_elem(h, "td", sg_bk_owner(it), "class", "owner", NULL);
        for (int y = 0; y < b->nyears; y++)
            value_cell(pg, it, y);
        sg_booklet_target_fmt(it, &it->pt[cur], t);
        sg_html_elem(h, "td", t, "class", "num", NULL);
        rag_cell(pg, it);
        england_text(it, &it->pt[cur], t);
        sg_html_elem(h, "td", t, "class", "num", NULL);
        dq_cell(pg, it);
        sg_html_close(h, "tr");
        sg_bk_commentary_row(&pg->h, it, b->nyears + 6, "comment");
    }
    sg_html_close(h, "tbody");
    sg_html_close(h, "table");
}

/* The headline indicators: the cover's tiles and the first trend charts. */
const char *const bk_headline_ids[BK_NHEADLINE] = {
    "referrals_rate", "rereferrals_pct", "ass_45wd_pct",    "icpc_15wd_pct",
    "cp_at_end_rate", "cp_second_pct",   "cla_at_end_rate", "cin_at_end_rate",
};

static void tiles(bk_page *pg)
{
    const sg_booklet *b = pg->b;
    sg_html *h = &pg->h;
    int cur = b->nyears - 1;
    sg_html_open(h, "div", "class", "tiles", NULL);
    for (size_t k = 0; k < BK_NHEADLINE; k++) {
        const sg_bk_item *it = sg_booklet_find(b, bk_headline_ids[k]);
        if (!it) continue;
        char v[48], t[48];
        sg_booklet_fmt(b, it, cur, v);
        sg_html_open(h, "div", "class", "tile", NULL);
        sg_html_elem(h, "h3", it->def->title, NULL);
        sg_html_elem(h, "div", v, "class", "big", NULL);
        sg_html_open(h, "div", "class", "sub", NULL);
        if (it->rag) {
            char cls[32];
            snprintf(cls, sizeof cls, "rag %s", sg_rag_name(it->rag));
            sg_html_elem(h, "span", rag_word(it->rag), "class", cls, NULL);
            sg_html_text(h, " ");
        }
        const sg_bk_point *p = &it->pt[cur];
        if (p->has_target) {
            sg_booklet_target_fmt(it, p, t);
            sg_html_textf(h, "target %s", t);
        }
        sg_html_close(h, "div");
        sg_html_open(h, "div", "class", "sub", NULL);
        if (p->has_england) {
            england_text(it, p, t);
            sg_html_textf(h, "England %s", t);
        }
        if (cur > 0 && p->has && !p->sup && it->pt[cur - 1].has && !it->pt[cur - 1].sup) {
            char prev[48];
            sg_booklet_fmt(b, it, cur - 1, prev);
            sg_html_textf(h, "%s%s %s", p->has_england ? " \xC2\xB7 " : "", b->years[cur - 1],
                          prev);
        }
        sg_html_close(h, "div");
        sg_html_close(h, "div");
    }
    sg_html_close(h, "div");
}

#define N_FUNNEL SG_BK_NFUNNEL

static void funnel(bk_page *pg)
{
    const sg_booklet *b = pg->b;
    sg_html *h = &pg->h;
    int cur = b->nyears - 1;
    sg_svg_step steps[N_FUNNEL];
    char vt[N_FUNNEL][48], ct[N_FUNNEL][80];
    char desc[1024];
    size_t off = (size_t)snprintf(desc, sizeof desc, "Demand in %s:", b->years[cur]);
    const sg_bk_item *prev = NULL;
    for (size_t k = 0; k < N_FUNNEL; k++) {
        const sg_bk_item *it = sg_booklet_find(b, sg_bk_funnel[k].id);
        sg_svg_step *s = &steps[k];
        s->label = sg_bk_funnel[k].label;
        s->has = it && it->pt[cur].has && !it->pt[cur].sup;
        s->value = s->has ? it->pt[cur].value : 0;
        if (it)
            sg_booklet_fmt(b, it, cur, vt[k]);
        else
            snprintf(vt[k], sizeof vt[k], "no data");
        s->value_text = vt[k];
        s->conv_text = NULL;
        if (k > 0) {
            const sg_bk_point *p = it ? &it->pt[cur] : NULL, *q = prev ? &prev->pt[cur] : NULL;
            double pct = 0;
            if (!p || !q || !p->has || !q->has || q->num <= 0) {
                ct[k][0] = '\0';
            } else if (p->sup || q->sup || sg_disc_ratio(&b->disc, p->num, q->num, NULL, NULL)) {
                snprintf(ct[k], sizeof ct[k], "share of %s withheld (%s)", sg_bk_funnel[k].of,
                         SG_DISCLOSURE_SYMBOL);
            } else if (sg_pct(p->num, q->num, &pct) == SG_OK) {
                char one[32];
                sg_fmt1(pct, one);
                snprintf(ct[k], sizeof ct[k], "%s%% of %s", one, sg_bk_funnel[k].of);
            } else {
                ct[k][0] = '\0';
            }
            s->conv_text = ct[k];
        }
        if (off < sizeof desc)
            off += (size_t)snprintf(desc + off, sizeof desc - off, "%s %s %s%s%s%s", k ? ";" : "",
                                    s->label, vt[k], s->conv_text && s->conv_text[0] ? " (" : "",
                                    s->conv_text ? s->conv_text : "",
                                    s->conv_text && s->conv_text[0] ? ")" : "");
        prev = it;
    }
    sg_html_open(h, "figure", "class", "wide", NULL);
    sg_html_open(h, "figcaption", NULL);
    sg_html_textf(h, "From contact to child protection plan, %s", b->years[cur]);
    sg_html_elem(h, "span",
                 "Each step as a share of the step before: a ratio of the two counts in the "
                 "year, not a child-by-child link.",
                 NULL);
    sg_html_close(h, "figcaption");
    sg_svg_funnel(h, "chart-funnel", "Demand funnel", desc, steps, N_FUNNEL);
    sg_html_close(h, "figure");
}

static void section_start(bk_page *pg, const char *id, const char *title, bool new_page)
{
    char lab[64];
    snprintf(lab, sizeof lab, "h-%s", id);
    sg_html_open(&pg->h, "section", "id", id, "aria-labelledby", lab, "class",
                 new_page ? "page" : NULL, NULL);
    sg_html_elem(&pg->h, "h2", title, "id", lab, NULL);
}

int sg_booklet_html(const sg_booklet *b, sg_buf *out, sg_error *err)
{
    bk_page pg = {.b = b};
    sg_html *h = &pg.h;
    sg_html_init(h, out);
    int cur = b->nyears - 1;
    const char *title = b->title[0] ? b->title : "Safeguarding partnership data booklet";
    char full_title[256];
    snprintf(full_title, sizeof full_title, "%s %s%s", title, b->period,
             b->public_view ? " (public)" : "");

    sg_html_begin_document(h, full_title, css, "Skip to the figures");

    sg_html_open(h, "header", "class", "cover", NULL);
    sg_html_elem(h, "h1", title, NULL);
    if (b->partnership[0]) sg_html_elem(h, "p", b->partnership, NULL);
    sg_html_open(h, "p", NULL);
    sg_html_textf(h, "Financial year %s \xC2\xB7 trend from %s \xC2\xB7 produced %s", b->period,
                  b->years[0], b->generated);
    sg_html_close(h, "p");
    sg_report_marking_html(h, b->public_view);
    sg_html_close(h, "header");

    sg_html_open(h, "nav", "class", "toc", "aria-label", "Contents", NULL);
    sg_html_open(h, "ol", NULL);
    static const struct {
        const char *href, *text;
    } toc[] = {{"#summary", "At a glance"},
               {"#demand", "Demand"},
               {"#trends", "Trends"},
               {"#categories", "Categories"},
               {"#priorities", "Priority areas"},
               {"#indicators", "All indicators"},
               {"#quality", "Data quality"},
               {"#notes", "Notes"}};
    for (size_t i = 0; i < sizeof toc / sizeof toc[0]; i++) {
        sg_html_open(h, "li", NULL);
        sg_html_elem(h, "a", toc[i].text, "href", toc[i].href, NULL);
        sg_html_close(h, "li");
    }
    sg_html_close(h, "ol");
    sg_html_close(h, "nav");

    sg_html_open(h, "main", "id", "main", NULL);

    section_start(&pg, "summary", "At a glance", false);
    tiles(&pg);
    sg_html_close(h, "section");

    section_start(&pg, "demand", "Demand: from contact to plan", false);
    funnel(&pg);
    sg_html_close(h, "section");

    section_start(&pg, "trends", "Trends against targets and comparators", true);
    sg_html_elem(h, "p",
                 "The partnership's figure each year (solid line), its target (dashed green), "
                 "England (dotted) and the comparator group's range (shaded) where known.",
                 "class", "lead", NULL);
    bk_trends(&pg);
    sg_html_close(h, "section");

    section_start(&pg, "categories", "Child protection plans and referrals by category", true);
    sg_html_open(h, "div", "class", "charts", NULL);
    bk_category_bars(&pg, "cp_started_", "bars-cp-started", "Plans started by initial category",
                     "Child protection plans started by initial category of abuse");
    bk_category_bars(&pg, "cp_end_", "bars-cp-end", "Plans open at year end by initial category",
                     "Child protection plans open at the end of the year by initial category");
    bk_category_bars(&pg, "ref_src_", "bars-ref-src", "Referrals by source", "Referrals by source");
    sg_html_close(h, "div");
    sg_html_close(h, "section");

    section_start(&pg, "priorities", "Priority areas", true);
    /* Priority areas in the order the items first name them. */
    int nprio = 0;
    for (size_t i = 0; i < b->nitems; i++) {
        const char *p = b->items[i].priority;
        if (!b->items[i].def || !p[0]) continue;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = b->items[j].def && strcmp(b->items[j].priority, p) == 0;
        if (seen) continue;
        sg_html_elem(h, "h3", p, NULL);
        priority_table(&pg, p, nprio++);
    }
    if (nprio == 0)
        sg_html_elem(h, "p",
                     "No priority areas are set for this year: give indicators a priority in the "
                     "targets file (docs/formats/targets.md).",
                     "class", "note", NULL);
    sg_html_close(h, "section");

    section_start(&pg, "indicators", "All indicators", true);
    for (size_t i = 0; i < b->nitems; i++) {
        const char *g = b->items[i].def ? b->items[i].def->group : NULL;
        if (!g) continue;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = b->items[j].def && strcmp(b->items[j].def->group, g) == 0;
        if (!seen) group_table(&pg, g);
    }
    sg_html_close(h, "section");

    section_start(&pg, "quality", "Data quality", false);
    bk_dq_section(&pg);
    sg_html_close(h, "section");

    section_start(&pg, "notes", "Notes, symbols and sources", false);
    bk_notes(&pg);
    sg_html_close(h, "section");

    sg_html_close(h, "main");
    sg_html_open(h, "footer", NULL);
    sg_html_textf(h, "%s \xC2\xB7 %s \xC2\xB7 %s \xC2\xB7 made by safeguard on %s", title,
                  b->years[cur], b->public_view ? "public edition" : "analyst edition",
                  b->generated);
    sg_html_close(h, "footer");
    sg_html_close(h, "body");
    sg_html_close(h, "html");
    sg_html_raw(h, "\n");
    return sg_html_finish(h, err);
}

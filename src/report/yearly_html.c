/* yearly_html.c - the yearly report as one self-contained HTML page: inline style sheet (screen
 * and A4 print), inline SVG charts, no script and no external reference. Headings in order,
 * tables with captions and th scope, charts with title and description, and every figure's
 * trace on demand in a <details> element after the block that shows it. */
#include "report/yearly.h"

#include "core/mem.h"
#include "core/html.h"
#include "report/marking.h"
#include "report/svg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* No '<' or '&': the page is also well-formed XML. In parts: C compilers need not accept
 * string literals over 4095 bytes. */
static const char *const css[] = {
    ":root{--ink:#1b2430;--muted:#5b6675;--line:#d5dbe3;--navy:#16325c;--accent:#00707a;"
    "--soft:#f3f6f9;--green:#1e7b34;--amber:#a45a00;--red:#b3261e}\n"
    "*{box-sizing:border-box}\n"
    "html{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    "body{margin:0;font-family:'Segoe UI',system-ui,-apple-system,Arial,sans-serif;"
    "color:var(--ink);background:#fff;font-size:15px;line-height:1.5}\n"
    ".skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;"
    "padding:4px}\n"
    "header.cover{background:var(--navy);color:#fff;padding:36px 40px 28px}\n"
    "header.cover h1{margin:0 0 6px;font-size:30px;font-weight:600}\n"
    "header.cover p{margin:2px 0;color:#d7e0ec}\n"
    ".marking{display:inline-block;margin-top:12px;padding:2px 10px;border:1px solid #fff;"
    "border-radius:3px;font-size:12px;font-weight:700;letter-spacing:1px;"
    "text-transform:uppercase}\n"
    "nav.toc{background:var(--soft);border-bottom:1px solid var(--line);padding:10px 40px;"
    "font-size:14px}\n"
    "nav.toc ol{margin:0;padding:0 0 0 22px;columns:3;column-gap:28px}\n"
    "nav.toc a{color:var(--navy);text-decoration:none}\n"
    "main{padding:8px 40px 32px;max-width:1100px}\n"
    "h2{font-size:22px;color:var(--navy);border-bottom:2px solid var(--accent);"
    "padding-bottom:4px;margin:34px 0 12px}\n"
    "h3{font-size:17px;margin:20px 0 6px;color:var(--navy)}\n"
    "h4,h5,h6{font-size:15px;margin:14px 0 4px;color:var(--navy)}\n"
    "p{max-width:900px}\n"
    "p.nodata{color:var(--muted);font-style:italic}\n"
    ".narrative{max-width:900px}\n"
    ".narrative blockquote{margin:8px 0;padding:4px 14px;border-left:4px solid var(--accent);"
    "background:var(--soft)}\n"
    ".fig{font-weight:600}\n",
    "table{border-collapse:collapse;width:100%;max-width:980px;font-size:13.5px;"
    "margin:8px 0 4px}\n"
    "caption{text-align:left;font-weight:600;color:var(--navy);padding:4px 0}\n"
    "th,td{border-bottom:1px solid var(--line);padding:5px 8px;vertical-align:top;"
    "text-align:left}\n"
    "thead th{background:var(--soft);font-size:12.5px;color:var(--muted);font-weight:600;"
    "border-bottom:2px solid var(--line)}\n"
    "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    "tbody th{font-weight:500}\n"
    "tr.total th,tr.total td{font-weight:700;border-top:2px solid var(--line)}\n"
    "tr{break-inside:avoid}\n"
    "td.rag-green{color:var(--green);font-weight:700}td.rag-amber{color:var(--amber);"
    "font-weight:700}td.rag-red{color:var(--red);font-weight:700}\n"
    "figure{margin:10px 0;border:1px solid var(--line);border-radius:4px;padding:10px 12px 6px;"
    "break-inside:avoid;max-width:860px}\n"
    "figcaption{font-size:14px;font-weight:600;color:var(--navy);margin-bottom:4px}\n"
    "svg.chart{width:100%;height:auto;display:block}\n"
    "svg text{font-family:inherit;fill:var(--ink)}\n"
    "svg .label{font-size:14px}svg .value{font-size:14px;font-weight:600}\n"
    "svg .conv{font-size:12px;fill:var(--muted)}svg .tick{font-size:11.5px;fill:var(--muted)}\n"
    "svg .legend{font-size:12px;fill:var(--muted)}svg .muted{fill:var(--muted);"
    "font-weight:400}\n"
    "svg .bar{fill:var(--navy)}svg .bar.first{fill:var(--accent)}\n"
    "svg .bar.missing{fill:none;stroke:var(--line);stroke-dasharray:4 3}\n"
    "svg .grid{stroke:#e7ebf0;stroke-width:1}svg .axis{stroke:#9aa5b3;stroke-width:1}\n"
    "details.trace{font-size:12.5px;color:var(--muted);margin:2px 0 14px;max-width:980px}\n"
    "details.trace summary{cursor:pointer}\n"
    "details.trace ul{margin:4px 0;padding-left:20px}\n"
    ".notes{border:1px solid var(--line);background:var(--soft);padding:8px 14px;"
    "font-size:13.5px}\n"
    "footer{padding:14px 40px;border-top:1px solid var(--line);font-size:12.5px;"
    "color:var(--muted)}\n"
    "@page{size:A4;margin:16mm 14mm 18mm}\n"
    "@media print{body{font-size:10pt}header.cover{padding:20px 18px}nav.toc{columns:2}"
    "main{padding:0 4px;max-width:none}footer{padding:8px 4px}"
    "h2{break-after:avoid;margin-top:18px}h3{break-after:avoid}"
    "section.sec{break-before:page}thead{display:table-header-group}"
    "details.trace{display:none}table{font-size:8.5pt}}\n",
    NULL,
};

/* Unique trace lines of a block, gathered while it is written. */
typedef struct traces {
    char (*line)[400];
    int n, cap;
} traces;

static void trace_add(traces *t, const sg_yr_fig *f)
{
    char l[400];
    snprintf(l, sizeof l, "%s; %s; %s", f->source, f->period, f->detail[0] ? f->detail : "-");
    for (int i = 0; i < t->n; i++)
        if (strcmp(t->line[i], l) == 0) return;
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 8;
        t->line = xrealloc(t->line, (size_t)t->cap * sizeof *t->line);
    }
    memcpy(t->line[t->n++], l, sizeof l);
}

static void trace_write(sg_html *h, traces *t)
{
    if (t->n == 0) return;
    sg_html_open(h, "details", "class", "trace", NULL);
    sg_html_elem(h, "summary", "Where these figures come from", NULL);
    sg_html_open(h, "ul", NULL);
    for (int i = 0; i < t->n; i++)
        sg_html_elem(h, "li", t->line[i], NULL);
    sg_html_close(h, "ul");
    sg_html_close(h, "details");
    t->n = 0;
}

static void fig_span(sg_html *h, const sg_yr_fig *f, traces *tr)
{
    char v[64];
    sg_yr_fig_fmt(f, v);
    if (f->sup)
        sg_html_elem(h, "abbr", v, "class", "fig", "title", "withheld to protect confidentiality",
                     NULL);
    else
        sg_html_elem(h, "span", v, "class", "fig", NULL);
    trace_add(tr, f);
}

static void runs(sg_html *h, const sg_yr_block *b, traces *tr)
{
    for (int i = 0; i < b->nruns; i++) {
        if (b->runs[i].is_fig)
            fig_span(h, &b->runs[i].fig, tr);
        else
            sg_html_text(h, b->runs[i].text);
    }
}

static bool rag_cell(const char *text)
{
    return text && (!strcmp(text, "green") || !strcmp(text, "amber") || !strcmp(text, "red"));
}

static void chart(sg_html *h, const sg_yr_table *t)
{
    if (t->chart == SG_YR_CHART_NONE || t->nrows == 0) return;
    size_t n = 0;
    char(*vt)[96] = xcalloc((size_t)t->nrows, sizeof *vt);
    char(*ct)[96] = xcalloc((size_t)t->nrows, sizeof *ct);
    char desc[1600];
    size_t off = (size_t)snprintf(desc, sizeof desc, "%s:", t->caption);
    sg_svg_bar *bars = xcalloc((size_t)t->nrows, sizeof *bars);
    sg_svg_step *steps = xcalloc((size_t)t->nrows, sizeof *steps);
    for (int r = 0; r < t->nrows; r++) {
        if (r == t->total_row) continue;
        const sg_yr_cell *c = sg_yr_cell_at(t, r, t->chart_col);
        const char *label = sg_yr_cell_at(t, r, 0)->text;
        bool has = c->is_fig && c->fig.has && !c->fig.sup;
        double v = !c->is_fig ? 0 : c->fig.kind == SG_YF_COUNT ? (double)c->fig.n : c->fig.v;
        if (c->is_fig)
            sg_yr_fig_fmt(&c->fig, vt[n]);
        else
            snprintf(vt[n], sizeof vt[n], "no data");
        if (t->chart == SG_YR_CHART_BARS && t->chart_col + 1 < t->ncols) {
            const sg_yr_cell *p = sg_yr_cell_at(t, r, t->chart_col + 1);
            if (has && p->is_fig && p->fig.kind == SG_YF_PCT && p->fig.has && !p->fig.sup) {
                char pv[64];
                sg_yr_fig_fmt(&p->fig, pv);
                size_t l = strlen(vt[n]);
                snprintf(vt[n] + l, sizeof vt[n] - l, " (%s)", pv);
            }
        }
        ct[n][0] = '\0';
        if (t->chart == SG_YR_CHART_FUNNEL && t->chart_col2 >= 0 && n > 0) {
            const sg_yr_cell *p = sg_yr_cell_at(t, r, t->chart_col2);
            if (p->is_fig) {
                char pv[64];
                sg_yr_fig_fmt(&p->fig, pv);
                snprintf(ct[n], sizeof ct[n], "%s of the step before", pv);
            }
        }
        bars[n] = (sg_svg_bar){.label = label, .has = has, .value = v, .value_text = vt[n]};
        steps[n] = (sg_svg_step){.label = label,
                                 .has = has,
                                 .value = v,
                                 .value_text = vt[n],
                                 .conv_text = ct[n][0] ? ct[n] : NULL};
        if (off < sizeof desc)
            off += (size_t)snprintf(desc + off, sizeof desc - off, "%s %s %s", n ? ";" : "", label,
                                    vt[n]);
        n++;
    }
    if (n > 0) {
        sg_html_open(h, "figure", NULL);
        sg_html_elem(h, "figcaption", t->caption, NULL);
        if (t->chart == SG_YR_CHART_BARS)
            sg_svg_bars(h, t->chart_id, t->caption, desc, bars, n);
        else
            sg_svg_funnel(h, t->chart_id, t->caption, desc, steps, n);
        sg_html_close(h, "figure");
    }
    free(vt);
    free(ct);
    free(bars);
    free(steps);
}

static void table(sg_html *h, const sg_yr_table *t, traces *tr)
{
    chart(h, t);
    sg_html_open(h, "table", NULL);
    sg_html_elem(h, "caption", t->caption, NULL);
    sg_html_open(h, "thead", NULL);
    sg_html_open(h, "tr", NULL);
    for (int c = 0; c < t->ncols; c++) {
        bool num = false;
        for (int r = 0; r < t->nrows && c > 0; r++)
            num |= sg_yr_cell_at(t, r, c)->is_fig;
        sg_html_elem(h, "th", t->head[c], "scope", "col", "class", num ? "num" : NULL, NULL);
    }
    sg_html_close(h, "tr");
    sg_html_close(h, "thead");
    sg_html_open(h, "tbody", NULL);
    for (int r = 0; r < t->nrows; r++) {
        sg_html_open(h, "tr", "class", r == t->total_row ? "total" : NULL, NULL);
        sg_html_elem(h, "th", sg_yr_cell_at(t, r, 0)->text, "scope", "row", NULL);
        for (int c = 1; c < t->ncols; c++) {
            const sg_yr_cell *cell = sg_yr_cell_at(t, r, c);
            if (cell->is_fig) {
                sg_html_open(h, "td", "class", "num", NULL);
                fig_span(h, &cell->fig, tr);
                sg_html_close(h, "td");
            } else if (rag_cell(cell->text)) {
                char cls[24];
                snprintf(cls, sizeof cls, "rag-%s", cell->text);
                sg_html_elem(h, "td", cell->text, "class", cls, NULL);
            } else {
                sg_html_elem(h, "td", cell->text ? cell->text : "", NULL);
            }
        }
        sg_html_close(h, "tr");
    }
    sg_html_close(h, "tbody");
    sg_html_close(h, "table");
}

static void glossary(sg_html *h, const sg_yr_report *r)
{
    if (r->ngloss == 0) {
        sg_html_elem(h, "p", "The report uses no abbreviations from the glossary list.", "class",
                     "nodata", NULL);
        return;
    }
    static const char *const cols[] = {"Abbreviation", "Meaning"};
    sg_html_table_head(h, "Abbreviations used in this report", cols, 2);
    sg_html_open(h, "tbody", NULL);
    for (int i = 0; i < r->ngloss; i++) {
        sg_html_open(h, "tr", NULL);
        sg_html_elem(h, "th", r->gloss[i].abbr, "scope", "row", NULL);
        sg_html_elem(h, "td", r->gloss[i].meaning, NULL);
        sg_html_close(h, "tr");
    }
    sg_html_close(h, "tbody");
    sg_html_close(h, "table");
}

static void section(sg_html *h, const sg_yr_report *r, const sg_yr_section *s, traces *tr)
{
    char id[64], hid[64], title[200];
    snprintf(id, sizeof id, "s%02d-%s", s->num, s->slug);
    snprintf(hid, sizeof hid, "h%02d", s->num);
    snprintf(title, sizeof title, "%d. %s", s->num, s->title);
    sg_html_open(h, "section", "id", id, "aria-labelledby", hid, "class", s->num > 1 ? "sec" : NULL,
                 NULL);
    sg_html_elem(h, "h2", title, "id", hid, NULL);
    for (int k = 0; k < s->nb; k++) {
        const sg_yr_block *b = &s->b[k];
        switch (b->kind) {
        case SG_YB_PARA:
            sg_html_open(h, "p", NULL);
            runs(h, b, tr);
            sg_html_close(h, "p");
            break;
        case SG_YB_NOTE:
            sg_html_open(h, "p", "class", "nodata", NULL);
            runs(h, b, tr);
            sg_html_close(h, "p");
            break;
        case SG_YB_HEADING:
            sg_html_open(h, "h3", NULL);
            runs(h, b, tr);
            sg_html_close(h, "h3");
            break;
        case SG_YB_LIST:
            sg_html_open(h, "ul", NULL);
            for (int i = 0; i < b->nruns; i++) {
                sg_html_open(h, "li", NULL);
                if (b->runs[i].is_fig)
                    fig_span(h, &b->runs[i].fig, tr);
                else
                    sg_html_text(h, b->runs[i].text);
                sg_html_close(h, "li");
            }
            sg_html_close(h, "ul");
            break;
        case SG_YB_TABLE:
            table(h, b->table, tr);
            break;
        case SG_YB_NARRATIVE:
            sg_html_open(h, "div", "class", "narrative", "data-file", b->file, NULL);
            /* cmark's safe output: well-formed, no raw HTML from the Markdown (narrative.h). */
            sg_html_raw(h, b->html ? b->html : "");
            sg_html_close(h, "div");
            break;
        }
        /* Sources after each table, and after a run of sentences. */
        bool next_para =
            k + 1 < s->nb && (s->b[k + 1].kind == SG_YB_PARA || s->b[k + 1].kind == SG_YB_NOTE);
        if (b->kind == SG_YB_TABLE || !next_para) trace_write(h, tr);
    }
    if (strcmp(s->slug, "glossary") == 0) glossary(h, r);
    sg_html_close(h, "section");
}

int sg_yr_html(const sg_yr_report *r, sg_buf *out, sg_error *err)
{
    sg_html hw;
    sg_html *h = &hw;
    sg_html_init(h, out);
    traces tr = {0};
    char asat[11], full[256];
    sg_date_iso(r->as_at, asat);
    snprintf(full, sizeof full, "%s%s", r->title, r->public_view ? " (public)" : "");
    sg_html_begin_document(h, full, css, "Skip to the report");
    sg_html_open(h, "header", "class", "cover", NULL);
    sg_html_elem(h, "h1", r->title, NULL);
    if (r->partnership[0]) sg_html_elem(h, "p", r->partnership, NULL);
    sg_html_open(h, "p", NULL);
    sg_html_textf(h, "Financial year %s (1 April to 31 March) \xC2\xB7 registers as at %s", r->year,
                  asat);
    sg_html_close(h, "p");
    sg_report_marking_html(h, r->public_view);
    sg_html_close(h, "header");
    sg_html_open(h, "nav", "class", "toc", "aria-label", "Contents", NULL);
    sg_html_open(h, "ol", NULL);
    for (int i = 0; i < r->nsec; i++) {
        char href[64];
        snprintf(href, sizeof href, "#s%02d-%s", r->sec[i].num, r->sec[i].slug);
        sg_html_open(h, "li", NULL);
        sg_html_elem(h, "a", r->sec[i].title, "href", href, NULL);
        sg_html_close(h, "li");
    }
    sg_html_close(h, "ol");
    sg_html_close(h, "nav");
    sg_html_open(h, "main", "id", "main", NULL);
    for (int i = 0; i < r->nsec; i++)
        section(h, r, &r->sec[i], &tr);
    sg_html_open(h, "section", "id", "about", "aria-labelledby", "h-about", NULL);
    sg_html_elem(h, "h2", "About this report", "id", "h-about", NULL);
    sg_html_open(h, "div", "class", "notes", NULL);
    sg_html_open(h, "p", NULL);
    sg_html_textf(h,
                  "Figures are computed by safeguard from the returns and registers held in the "
                  "partnership's store for %s; register figures (actions, clocks, risks) are as at "
                  "%s. Percentages are rounded half away from zero to one decimal place. Each "
                  "table's sources are listed under it.",
                  r->year, asat);
    sg_html_close(h, "p");
    if (r->public_view) {
        sg_html_open(h, "p", NULL);
        sg_html_textf(h,
                      "Public edition: counts of people from 1 to %d, figures derived from them "
                      "and further cells that would let them be worked out are shown as '%s'.",
                      r->disc.threshold, SG_DISCLOSURE_SYMBOL);
        sg_html_close(h, "p");
    }
    if (r->nwarn) {
        sg_html_elem(h, "h3", "Notes for the business unit", NULL);
        sg_html_open(h, "ul", NULL);
        for (int i = 0; i < r->nwarn; i++)
            sg_html_elem(h, "li", r->warnings[i], NULL);
        sg_html_close(h, "ul");
    }
    sg_html_close(h, "div");
    sg_html_close(h, "section");
    sg_html_close(h, "main");
    sg_html_open(h, "footer", NULL);
    sg_html_textf(h, "%s \xC2\xB7 %s \xC2\xB7 made by safeguard", r->title,
                  r->public_view ? "public edition" : "analyst edition");
    sg_html_close(h, "footer");
    sg_html_close(h, "body");
    sg_html_close(h, "html");
    sg_html_raw(h, "\n");
    free(tr.line);
    return sg_html_finish(h, err);
}

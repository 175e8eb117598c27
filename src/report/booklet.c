/* booklet.c - the dataset model's RAG and disclosure pass, and its CSV, JSON and HTML
 * renderings (see booklet.h; docs/dataset.md). The HTML is one self-contained page: a style
 * sheet inline, SVG charts inline, no script, no external reference of any kind. */
#include "report/booklet.h"

#include "core/mem.h"
#include "core/num.h"
#include "core/html.h"
#include "report/svg.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the model ---- */

void sg_booklet_init(sg_booklet *b)
{
    memset(b, 0, sizeof *b);
    b->disc = sg_disclosure_analyst();
    b->nyears = 1;
}

void sg_booklet_fini(sg_booklet *b)
{
    free(b->items);
    free(b->dq);
    sg_booklet_init(b);
}

sg_bk_item *sg_booklet_add(sg_booklet *b, const sg_bk_item *item)
{
    b->items = xrealloc(b->items, (b->nitems + 1) * sizeof *b->items);
    b->items[b->nitems] = *item;
    return &b->items[b->nitems++];
}

const sg_bk_item *sg_booklet_find(const sg_booklet *b, const char *id)
{
    for (size_t i = 0; i < b->nitems; i++)
        if (b->items[i].def && strcmp(b->items[i].def->id, id) == 0) return &b->items[i];
    return NULL;
}

static sg_bk_item *find_mut(sg_booklet *b, const char *id)
{
    return (sg_bk_item *)sg_booklet_find(b, id);
}

/* Breakdowns published with a total: members are the count and percentage indicators whose id
 * starts with prefix (plus `extra`); the total is the percentages' common denominator, or the
 * count of total_id for breakdowns of counts. */
static const struct family {
    const char *prefix, *total_id, *extra;
} families[] = {
    {"ref_src_", "referrals", NULL},          {"cp_started_", "cp_started", NULL},
    {"cp_end_", "cp_at_end", NULL},           {"cp_dur_", "cp_ended", NULL},
    {"cp_age_", "cp_started", NULL},          {"lado_cat_", "lado_referrals", NULL},
    {"lado_out_", "lado_referrals", NULL},    {"lado_time_", NULL, NULL},
    {"icpc_wd_", "icpcs", "icpc_before_s47"},
};

#define MAX_FAMILY 32

static bool in_family(const struct family *f, const sg_ind_def *d)
{
    if (d->unit != SG_IND_COUNT && d->unit != SG_IND_PCT) return false;
    if (strncmp(d->id, f->prefix, strlen(f->prefix)) == 0) return true;
    return f->extra && strcmp(d->id, f->extra) == 0;
}

static void primary(sg_booklet *b, sg_bk_item *it, int y)
{
    sg_bk_point *p = &it->pt[y];
    if (!p->has) return;
    switch (it->def->unit) {
    case SG_IND_PCT:
        p->sup = sg_disc_ratio(&b->disc, p->num, p->den, NULL, NULL);
        break;
    case SG_IND_COUNT:
    case SG_IND_RATE10K:
    case SG_IND_DAYS:
        p->sup = sg_disc_small(&b->disc, p->num);
        break;
    }
}

static void secondary(sg_booklet *b, const struct family *f, int y)
{
    sg_bk_item *mem[MAX_FAMILY];
    long cells[MAX_FAMILY];
    bool sup[MAX_FAMILY];
    size_t n = 0;
    bool pct = false;
    long den = -1;
    for (size_t i = 0; i < b->nitems && n < MAX_FAMILY; i++) {
        sg_bk_item *it = &b->items[i];
        if (!it->def || !in_family(f, it->def)) continue;
        mem[n] = it;
        cells[n] = it->pt[y].has ? it->pt[y].num : -1;
        if (it->def->unit == SG_IND_PCT && it->pt[y].has) {
            pct = true;
            den = it->pt[y].den;
        }
        n++;
    }
    if (n == 0) return;
    sg_bk_item *tot = f->total_id ? find_mut(b, f->total_id) : NULL;
    long total = pct ? den : (tot && tot->pt[y].has ? tot->pt[y].num : -1);
    bool tsup = false;
    sg_disc_breakdown(&b->disc, cells, n, total, sup, &tsup);
    for (size_t i = 0; i < n; i++)
        if (sup[i] || (tsup && pct)) mem[i]->pt[y].sup = true;
    if (tsup && tot && tot->pt[y].has && tot->pt[y].num == total) tot->pt[y].sup = true;
}

/* Two figures that give each other away: the same count (or a rate of it) in the same
 * section, or the same percentage (num and den). */
static bool same_figure(const sg_bk_item *a, const sg_bk_item *c, int y)
{
    const sg_bk_point *p = &a->pt[y], *q = &c->pt[y];
    if (!p->has || !q->has || p->num != q->num) return false;
    sg_ind_unit ua = a->def->unit, uc = c->def->unit;
    if (ua == SG_IND_PCT || uc == SG_IND_PCT) return ua == uc && p->den == q->den;
    if (ua == SG_IND_DAYS || uc == SG_IND_DAYS) return false;
    return strcmp(a->def->group, c->def->group) == 0;
}

void sg_booklet_finish(sg_booklet *b)
{
    if (b->nyears < 1) b->nyears = 1;
    if (b->nyears > SG_BK_MAX_YEARS) b->nyears = SG_BK_MAX_YEARS;
    b->disc.active = b->public_view;
    if (b->disc.threshold <= 0) b->disc.threshold = SG_DISCLOSURE_DEFAULT_THRESHOLD;
    for (int y = 0; y < b->nyears; y++) {
        for (size_t i = 0; i < b->nitems; i++)
            b->items[i].pt[y].sup = false;
        if (!b->public_view) continue;
        for (size_t i = 0; i < b->nitems; i++)
            if (b->items[i].def) primary(b, &b->items[i], y);
        for (size_t f = 0; f < sizeof families / sizeof families[0]; f++)
            secondary(b, &families[f], y);
        /* Spread withholding to figures that repeat a withheld one, until nothing changes. */
        for (bool changed = true; changed;) {
            changed = false;
            for (size_t i = 0; i < b->nitems; i++) {
                if (!b->items[i].def || !b->items[i].pt[y].sup) continue;
                for (size_t j = 0; j < b->nitems; j++)
                    if (j != i && b->items[j].def && !b->items[j].pt[y].sup &&
                        same_figure(&b->items[i], &b->items[j], y)) {
                        b->items[j].pt[y].sup = true;
                        changed = true;
                    }
            }
        }
    }
    int cur = b->nyears - 1;
    for (size_t i = 0; i < b->nitems; i++) {
        sg_bk_item *it = &b->items[i];
        const sg_bk_point *p = &it->pt[cur];
        it->rag = SG_RAG_NONE;
        if (!it->def || !p->has || p->sup || !p->has_target) continue;
        int pol = it->def->polarity == SG_IND_HIGHER_BETTER  ? SG_RAG_HIGHER_BETTER
                  : it->def->polarity == SG_IND_LOWER_BETTER ? SG_RAG_LOWER_BETTER
                                                             : SG_RAG_DATA_ONLY;
        sg_target t = {.target = p->target, .tolerance = it->tolerance};
        it->rag = sg_rag_of(pol, p->value, &t);
    }
}

/* ---- formatting ---- */

/* A whole number with thousands separators. */
static void fmt_count(double v, char out[48])
{
    long long n = llround(v);
    char digits[32];
    snprintf(digits, sizeof digits, "%lld", n < 0 ? -n : n);
    size_t len = strlen(digits), k = 0;
    if (n < 0) out[k++] = '-';
    for (size_t i = 0; i < len; i++) {
        if (i && (len - i) % 3 == 0) out[k++] = ',';
        out[k++] = digits[i];
    }
    out[k] = '\0';
}

/* A value in the indicator's unit, without disclosure or absence handling. */
static void fmt_value(sg_ind_unit u, double v, char out[48])
{
    char one[32];
    switch (u) {
    case SG_IND_COUNT:
        fmt_count(v, out);
        return;
    case SG_IND_PCT:
        sg_fmt1(v, one);
        snprintf(out, 48, "%s%%", one);
        return;
    case SG_IND_RATE10K:
    case SG_IND_DAYS:
        sg_fmt1(v, one);
        snprintf(out, 48, "%s", one);
        return;
    }
    out[0] = '\0';
}

void sg_booklet_fmt(const sg_booklet *b, const sg_bk_item *it, int y, char out[48])
{
    (void)b;
    const sg_bk_point *p = &it->pt[y];
    if (!p->has)
        snprintf(out, 48, "no data");
    else if (p->sup)
        snprintf(out, 48, "%s", SG_DISCLOSURE_SYMBOL);
    else
        fmt_value(it->def->unit, p->value, out);
}

static const char *unit_word(sg_ind_unit u)
{
    switch (u) {
    case SG_IND_COUNT:
        return "count";
    case SG_IND_PCT:
        return "percent";
    case SG_IND_RATE10K:
        return "rate per 10,000 children";
    case SG_IND_DAYS:
        return "working days (median)";
    }
    return "";
}

static const char *polarity_word(sg_ind_polarity p)
{
    switch (p) {
    case SG_IND_HIGHER_BETTER:
        return "higher is better";
    case SG_IND_LOWER_BETTER:
        return "lower is better";
    case SG_IND_DATA_ONLY:
        return "data only";
    }
    return "";
}

static const char *group_title(const char *g)
{
    static const struct {
        const char *id, *title;
    } t[] = {
        {"contacts", "Contacts"},
        {"referrals", "Referrals"},
        {"assessments", "Assessments"},
        {"s47", "Strategy discussions, section 47 enquiries and conferences"},
        {"cin", "Children in need"},
        {"cp", "Child protection plans"},
        {"cla", "Children looked after"},
        {"missing", "Children missing from home and care"},
        {"early_help", "Early help"},
        {"lado", "Allegations against people who work with children (LADO)"},
        {"private_fostering", "Private fostering"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (strcmp(t[i].id, g) == 0) return t[i].title;
    return g;
}

/* ---- CSV ---- */

static int csv_field(sg_buf *o, const char *s, bool text)
{
    size_t len = strlen(s);
    /* A spreadsheet would run a cell starting with these as a formula (as export.c does). */
    bool formula = text && len > 0 && strchr("=+-@\t\r", s[0]) != NULL;
    bool quote = formula || strpbrk(s, ",\"\r\n") != NULL;
    int rc = SG_OK;
    if (quote) rc = sg_buf_putc(o, '"');
    if (!rc && formula) rc = sg_buf_putc(o, '\'');
    for (const char *p = s; !rc && *p; p++) {
        if (*p == '"') rc = sg_buf_putc(o, '"');
        if (!rc) rc = sg_buf_putc(o, *p);
    }
    if (!rc && quote) rc = sg_buf_putc(o, '"');
    return rc;
}

static void num_text(double v, bool has, char out[48])
{
    if (!has) {
        out[0] = '\0';
        return;
    }
    char one[32];
    sg_fmt1(v, one);
    /* Whole numbers without ".0", so counts read as counts. */
    if (v == floor(v) && fabs(v) < 1e15)
        snprintf(out, 48, "%.0f", v);
    else
        snprintf(out, 48, "%s", one);
}

static void flags_text(unsigned f, char out[96])
{
    out[0] = '\0';
    static const struct {
        unsigned bit;
        const char *name;
    } names[] = {{SG_IND_NODATA, "nodata"},
                 {SG_IND_PARTIAL_HISTORY, "partial_history"},
                 {SG_IND_PARTIAL_COVERAGE, "partial_coverage"},
                 {SG_IND_POP_EARLIER, "population_earlier"}};
    size_t off = 0;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && off < 96; i++)
        if (f & names[i].bit)
            off += (size_t)snprintf(out + off, 96 - off, "%s%s", off ? " " : "", names[i].name);
}

int sg_booklet_csv(const sg_booklet *b, sg_buf *o, sg_error *err)
{
    int rc = sg_buf_puts(o, "indicator,title,group,unit,polarity,owner,year,value,numerator,"
                            "denominator,withheld,flags,target,tolerance,rag,england,"
                            "comparator_min,comparator_max,comparator_group,priority,comment,"
                            "open_errors\r\n");
    for (size_t i = 0; !rc && i < b->nitems; i++) {
        const sg_bk_item *it = &b->items[i];
        if (!it->def) continue;
        for (int y = 0; !rc && y < b->nyears; y++) {
            const sg_bk_point *p = &it->pt[y];
            bool cur = y == b->nyears - 1;
            char v[48], n[48], d[48], fl[96], tg[48], tol[48], en[48], lo[48], hi[48], oe[32];
            if (p->sup) {
                snprintf(v, sizeof v, "%s", SG_DISCLOSURE_SYMBOL);
                snprintf(n, sizeof n, "%s", SG_DISCLOSURE_SYMBOL);
                /* The denominator of a withheld percentage could give the complement back. */
                if (it->def->unit == SG_IND_PCT)
                    snprintf(d, sizeof d, "%s", SG_DISCLOSURE_SYMBOL);
                else
                    num_text((double)p->den, p->den > 0, d);
            } else {
                num_text(p->value, p->has, v);
                num_text((double)p->num, p->has, n);
                num_text((double)p->den, p->has && p->den > 0, d);
            }
            flags_text(p->flags, fl);
            num_text(p->target, p->has_target, tg);
            num_text(it->tolerance, cur && p->has_target, tol);
            num_text(p->england, p->has_england, en);
            num_text(p->band_lo, p->has_band, lo);
            num_text(p->band_hi, p->has_band, hi);
            snprintf(oe, sizeof oe, "%ld", cur ? it->dq_errors : 0L);
            const char *cells[] = {it->def->id,
                                   it->def->title,
                                   it->def->group,
                                   unit_word(it->def->unit),
                                   polarity_word(it->def->polarity),
                                   it->def->owner ? it->def->owner : "",
                                   b->years[y],
                                   v,
                                   n,
                                   d,
                                   p->sup ? "Y" : "N",
                                   fl,
                                   tg,
                                   tol,
                                   cur ? sg_rag_name(it->rag) : "",
                                   en,
                                   lo,
                                   hi,
                                   p->has_band ? it->band_label : "",
                                   it->priority,
                                   it->comment,
                                   cur && b->findings_available ? oe : ""};
            size_t nc = sizeof cells / sizeof cells[0];
            for (size_t c = 0; !rc && c < nc; c++) {
                if (c && (rc = sg_buf_putc(o, ','))) break;
                /* Free text from the targets file and titles may look like formulas. */
                rc = csv_field(o, cells[c], c == 1 || c == 19 || c == 20);
            }
            if (!rc) rc = sg_buf_puts(o, "\r\n");
        }
    }
    if (rc) return sg_err(err, rc, "the dataset CSV is larger than allowed");
    return SG_OK;
}

/* ---- JSON ---- */

static json_t *jnum(bool has, double v)
{
    return has ? json_real(v) : json_null();
}

int sg_booklet_json(const sg_booklet *b, sg_buf *o, sg_error *err)
{
    json_t *root = json_object();
    json_t *years = json_array();
    for (int y = 0; y < b->nyears; y++)
        json_array_append_new(years, json_string(b->years[y]));
    json_object_set_new(root, "period", json_string(b->period));
    json_object_set_new(root, "years", years);
    json_object_set_new(root, "generated", json_string(b->generated));
    json_object_set_new(root, "public", json_boolean(b->public_view));
    json_object_set_new(root, "disclosure",
                        json_pack("{s:b, s:i, s:s}", "active", b->public_view, "threshold",
                                  b->disc.threshold, "symbol", SG_DISCLOSURE_SYMBOL));
    json_object_set_new(root, "findings_available", json_boolean(b->findings_available));
    json_t *inds = json_array();
    for (size_t i = 0; i < b->nitems; i++) {
        const sg_bk_item *it = &b->items[i];
        if (!it->def) continue;
        const sg_bk_point *cur = &it->pt[b->nyears - 1];
        json_t *j = json_object();
        json_object_set_new(j, "id", json_string(it->def->id));
        json_object_set_new(j, "title", json_string(it->def->title));
        json_object_set_new(j, "group", json_string(it->def->group));
        json_object_set_new(j, "unit", json_string(unit_word(it->def->unit)));
        json_object_set_new(j, "polarity", json_string(polarity_word(it->def->polarity)));
        json_object_set_new(j, "owner", json_string(it->def->owner ? it->def->owner : ""));
        json_object_set_new(j, "target", jnum(cur->has_target, cur->target));
        json_object_set_new(j, "tolerance", jnum(cur->has_target, it->tolerance));
        json_object_set_new(j, "rag", it->rag ? json_string(sg_rag_name(it->rag)) : json_null());
        json_object_set_new(j, "priority", json_string(it->priority));
        json_object_set_new(j, "comment", json_string(it->comment));
        if (b->findings_available) {
            json_t *subs = json_array();
            for (size_t k = 0; k < it->dq_nsubs; k++)
                json_array_append_new(subs, json_integer((json_int_t)it->dq_subs[k]));
            json_object_set_new(
                j, "open_errors",
                json_pack("{s:I, s:o}", "count", (json_int_t)it->dq_errors, "submissions", subs));
        }
        json_t *series = json_array();
        for (int y = 0; y < b->nyears; y++) {
            const sg_bk_point *p = &it->pt[y];
            json_t *s = json_object();
            char fl[96];
            flags_text(p->flags, fl);
            json_object_set_new(s, "year", json_string(b->years[y]));
            if (p->sup) {
                json_object_set_new(s, "value", json_string(SG_DISCLOSURE_SYMBOL));
                json_object_set_new(s, "withheld", json_true());
            } else {
                json_object_set_new(s, "value", jnum(p->has, p->value));
                json_object_set_new(s, "numerator",
                                    p->has ? json_integer((json_int_t)p->num) : json_null());
                json_object_set_new(s, "denominator",
                                    p->has && p->den > 0 ? json_integer((json_int_t)p->den)
                                                         : json_null());
            }
            json_object_set_new(s, "flags", json_string(fl));
            json_object_set_new(s, "target", jnum(p->has_target, p->target));
            json_object_set_new(s, "england", jnum(p->has_england, p->england));
            if (p->has_band)
                json_object_set_new(s, "comparator",
                                    json_pack("{s:s, s:f, s:f}", "group", it->band_label, "min",
                                              p->band_lo, "max", p->band_hi));
            json_array_append_new(series, s);
        }
        json_object_set_new(j, "series", series);
        json_array_append_new(inds, j);
    }
    json_object_set_new(root, "indicators", inds);
    json_t *dq = json_array();
    for (size_t i = 0; i < b->ndq; i++)
        json_array_append_new(
            dq, json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:s}", "submission",
                          (json_int_t)b->dq[i].id, "agency", b->dq[i].agency, "format",
                          b->dq[i].format, "period", b->dq[i].period, "file", b->dq[i].file_name,
                          "open_errors", (json_int_t)b->dq[i].errors, "rules", b->dq[i].top_rules));
    json_object_set_new(root, "data_quality", dq);
    char *text = json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    json_decref(root);
    if (!text) return sg_err(err, SG_EINVAL, "the dataset could not be written as JSON");
    int rc = sg_buf_puts(o, text);
    if (!rc) rc = sg_buf_putc(o, '\n');
    free(text);
    if (rc) return sg_err(err, rc, "the dataset JSON is larger than allowed");
    return SG_OK;
}

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

typedef struct page {
    const sg_booklet *b;
    sg_html h;
} page;

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

static void rag_cell(page *pg, const sg_bk_item *it)
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
static void value_cell(page *pg, const sg_bk_item *it, int y)
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

static void target_text(const sg_bk_item *it, const sg_bk_point *p, char out[48])
{
    if (!p->has_target) {
        out[0] = '\0';
        return;
    }
    fmt_value(it->def->unit, p->target, out);
}

static void england_text(const sg_bk_item *it, const sg_bk_point *p, char out[48])
{
    if (!p->has_england) {
        out[0] = '\0';
        return;
    }
    fmt_value(it->def->unit, p->england, out);
}

static void dq_cell(page *pg, const sg_bk_item *it)
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

static void sparkline(page *pg, const sg_bk_item *it)
{
    const sg_booklet *b = pg->b;
    double v[SG_BK_MAX_YEARS];
    bool has[SG_BK_MAX_YEARS];
    char label[512];
    size_t off = (size_t)snprintf(label, sizeof label, "Trend of %s, %s to %s:", it->def->title,
                                  b->years[0], b->years[b->nyears - 1]);
    for (int y = 0; y < b->nyears; y++) {
        has[y] = it->pt[y].has && !it->pt[y].sup;
        v[y] = it->pt[y].value;
        char t[48];
        sg_booklet_fmt(b, it, y, t);
        if (off < sizeof label)
            off += (size_t)snprintf(label + off, sizeof label - off, "%s %s", y ? "," : "", t);
    }
    sg_svg_sparkline(&pg->h, label, v, has, (size_t)b->nyears);
}

/* The priority-area table: indicator, owner, trend, value, target, RAG, England, comment. */
static void priority_table(page *pg, const char *priority, int n)
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
        sg_html_elem(h, "td", it->def->owner ? it->def->owner : "", "class", "owner", NULL);
        sg_html_open(h, "td", NULL);
        sparkline(pg, it);
        sg_html_close(h, "td");
        value_cell(pg, it, cur);
        target_text(it, &it->pt[cur], t);
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

/* The full table of one section: every year, target, RAG, England, data quality. */
static void group_table(page *pg, const char *group)
{
    const sg_booklet *b = pg->b;
    sg_html *h = &pg->h;
    int cur = b->nyears - 1;
    sg_html_open(h, "table", NULL);
    sg_html_elem(h, "caption", group_title(group), NULL);
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
        sg_html_elem(h, "td", it->def->owner ? it->def->owner : "", "class", "owner", NULL);
        for (int y = 0; y < b->nyears; y++)
            value_cell(pg, it, y);
        target_text(it, &it->pt[cur], t);
        sg_html_elem(h, "td", t, "class", "num", NULL);
        rag_cell(pg, it);
        england_text(it, &it->pt[cur], t);
        sg_html_elem(h, "td", t, "class", "num", NULL);
        dq_cell(pg, it);
        sg_html_close(h, "tr");
    }
    sg_html_close(h, "tbody");
    sg_html_close(h, "table");
}

static const char *const headline_ids[] = {
    "referrals_rate", "rereferrals_pct", "ass_45wd_pct",    "icpc_15wd_pct",
    "cp_at_end_rate", "cp_second_pct",   "cla_at_end_rate", "cin_at_end_rate",
};
#define N_HEADLINE (sizeof headline_ids / sizeof headline_ids[0])

static void tiles(page *pg)
{
    const sg_booklet *b = pg->b;
    sg_html *h = &pg->h;
    int cur = b->nyears - 1;
    sg_html_open(h, "div", "class", "tiles", NULL);
    for (size_t k = 0; k < N_HEADLINE; k++) {
        const sg_bk_item *it = sg_booklet_find(b, headline_ids[k]);
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
            target_text(it, p, t);
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

static const struct {
    const char *id, *label, *of;
} funnel_steps[] = {
    {"contacts", "Contacts", NULL},
    {"referrals", "Referrals", "contacts"},
    {"assessments", "Assessments", "referrals"},
    {"s47", "Section 47 enquiries", "assessments"},
    {"icpcs", "Initial conferences", "section 47 enquiries"},
    {"cp_started", "Child protection plans", "conferences"},
};
#define N_FUNNEL (sizeof funnel_steps / sizeof funnel_steps[0])

static void funnel(page *pg)
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
        const sg_bk_item *it = sg_booklet_find(b, funnel_steps[k].id);
        sg_svg_step *s = &steps[k];
        s->label = funnel_steps[k].label;
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
                snprintf(ct[k], sizeof ct[k], "share of %s withheld (%s)", funnel_steps[k].of,
                         SG_DISCLOSURE_SYMBOL);
            } else if (sg_pct(p->num, q->num, &pct) == SG_OK) {
                char one[32];
                sg_fmt1(pct, one);
                snprintf(ct[k], sizeof ct[k], "%s%% of %s", one, funnel_steps[k].of);
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

static bool any_point(const sg_bk_item *it, int nyears)
{
    for (int y = 0; y < nyears; y++)
        if (it->pt[y].has || it->pt[y].has_target || it->pt[y].has_england) return true;
    return false;
}

static void trend_figure(page *pg, const sg_bk_item *it)
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
            fmt_value(it->def->unit, en[y], t);
            off += (size_t)snprintf(desc + off, sizeof desc - off, " (England %s)", t);
        }
        if (ht[y] && off < sizeof desc) {
            char t[48];
            fmt_value(it->def->unit, tg[y], t);
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
    sg_html_elem(h, "span", polarity_word(it->def->polarity), NULL);
    sg_html_close(h, "figcaption");
    sg_svg_trend_chart(h, id, it->def->title, desc, &t);
    sg_html_close(h, "figure");
}

static void trends(page *pg)
{
    const sg_booklet *b = pg->b;
    const sg_bk_item *shown[64];
    size_t n = 0;
    for (size_t k = 0; k < N_HEADLINE; k++) {
        const sg_bk_item *it = sg_booklet_find(b, headline_ids[k]);
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

static void category_bars(page *pg, const char *prefix, const char *chart_id, const char *title,
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
            fmt_count((double)p->num, c);
            fmt_value(SG_IND_PCT, p->value, pc);
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

static void dq_section(page *pg)
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
    sg_html_open(h, "table", NULL);
    sg_html_elem(h, "caption", "Returns with open validation errors", NULL);
    sg_html_open(h, "thead", NULL);
    sg_html_open(h, "tr", NULL);
    const char *cols[] = {"Submission",
                          "Agency",
                          "Return",
                          "Period",
                          "File",
                          "Open errors",
                          "Commonest rules (count)"};
    for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
        sg_html_elem(h, "th", cols[c], "scope", "col", "class", c == 5 ? "num" : NULL, NULL);
    sg_html_close(h, "tr");
    sg_html_close(h, "thead");
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

static void notes(page *pg)
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
    sg_html_open(h, "table", NULL);
    sg_html_elem(h, "caption", "Comparator sources", NULL);
    sg_html_open(h, "thead", NULL);
    sg_html_open(h, "tr", NULL);
    sg_html_elem(h, "th", "Indicator", "scope", "col", NULL);
    sg_html_elem(h, "th", "Comparator", "scope", "col", NULL);
    sg_html_elem(h, "th", "Source", "scope", "col", NULL);
    sg_html_close(h, "tr");
    sg_html_close(h, "thead");
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

static void section_start(page *pg, const char *id, const char *title, bool new_page)
{
    char lab[64];
    snprintf(lab, sizeof lab, "h-%s", id);
    sg_html_open(&pg->h, "section", "id", id, "aria-labelledby", lab, "class",
                 new_page ? "page" : NULL, NULL);
    sg_html_elem(&pg->h, "h2", title, "id", lab, NULL);
}

int sg_booklet_html(const sg_booklet *b, sg_buf *out, sg_error *err)
{
    page pg = {.b = b};
    sg_html *h = &pg.h;
    sg_html_init(h, out);
    int cur = b->nyears - 1;
    const char *title = b->title[0] ? b->title : "Safeguarding partnership data booklet";
    char full_title[256];
    snprintf(full_title, sizeof full_title, "%s %s%s", title, b->period,
             b->public_view ? " (public)" : "");

    sg_html_raw(h, "<!DOCTYPE html>\n");
    sg_html_open(h, "html", "lang", "en-GB", NULL);
    sg_html_open(h, "head", NULL);
    sg_html_empty(h, "meta", "charset", "utf-8", NULL);
    sg_html_empty(h, "meta", "name", "viewport", "content", "width=device-width, initial-scale=1",
                  NULL);
    sg_html_empty(h, "meta", "name", "generator", "content", "safeguard", NULL);
    sg_html_elem(h, "title", full_title, NULL);
    sg_html_open(h, "style", NULL);
    for (const char *const *part = css; *part; part++)
        sg_html_raw(h, *part);
    sg_html_close(h, "style");
    sg_html_close(h, "head");
    sg_html_open(h, "body", NULL);
    sg_html_elem(h, "a", "Skip to the figures", "class", "skip", "href", "#main", NULL);

    sg_html_open(h, "header", "class", "cover", NULL);
    sg_html_elem(h, "h1", title, NULL);
    if (b->partnership[0]) sg_html_elem(h, "p", b->partnership, NULL);
    sg_html_open(h, "p", NULL);
    sg_html_textf(h, "Financial year %s \xC2\xB7 trend from %s \xC2\xB7 produced %s", b->period,
                  b->years[0], b->generated);
    sg_html_close(h, "p");
    sg_html_elem(h, "span",
                 b->public_view ? "Public: small numbers withheld"
                                : "Official-sensitive: exact figures, not for publication",
                 "class", "marking", NULL);
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
    trends(&pg);
    sg_html_close(h, "section");

    section_start(&pg, "categories", "Child protection plans and referrals by category", true);
    sg_html_open(h, "div", "class", "charts", NULL);
    category_bars(&pg, "cp_started_", "bars-cp-started", "Plans started by initial category",
                  "Child protection plans started by initial category of abuse");
    category_bars(&pg, "cp_end_", "bars-cp-end", "Plans open at year end by initial category",
                  "Child protection plans open at the end of the year by initial category");
    category_bars(&pg, "ref_src_", "bars-ref-src", "Referrals by source", "Referrals by source");
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
    dq_section(&pg);
    sg_html_close(h, "section");

    section_start(&pg, "notes", "Notes, symbols and sources", false);
    notes(&pg);
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

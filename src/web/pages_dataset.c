/* pages_dataset.c - the dataset dashboard: every indicator for a period with its trend as an
 * inline SVG sparkline, RAG against the target, England and comparator-group figures, data
 * owner, and a flag when the figure rests on submissions with open errors; and the same as
 * JSON under /api/dataset.
 *
 * Computing the dataset reads every live record for five years, so the rendered fragment and
 * the JSON are cached per period and keyed on the store's data version (the largest
 * submission id) with a short lifetime, so a new return shows at once and a changed target
 * within a minute. The content is the same for every role that has SG_CAP_DATASET (no
 * child-level data), so one cache entry serves them all. */
#include "web/web.h"

#include "core/mem.h"
#include "report/svg.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#define CACHE_SLOTS 8
#define CACHE_SECONDS 60

/* The RAG filter (?rag=red,amber): a bit per state, 0 = show every measure. */
#define RAG_BIT(r) (1u << (unsigned)(r))

typedef struct cache_entry {
    char period[16];
    unsigned rag; /* the filter the html was rendered with */
    int64_t version;
    int64_t made;
    char *html; /* the dashboard's main content */
    char *json;
    long uses;
} cache_entry;

static pthread_mutex_t cache_mu = PTHREAD_MUTEX_INITIALIZER;
static cache_entry cache[CACHE_SLOTS];

void sg_web_default_period(sg_web_ctx *c, char out[16])
{
    const char *p = sg_web_cfg(c->app)->period;
    if (p && *p) {
        sg_strlcpy(out, p, 16);
        return;
    }
    sg_error err;
    if (sg_scope_latest_period(&c->scope, out, &err)) out[0] = '\0';
}

const char *sg_web_period_q(sg_web_ctx *c, char buf[16])
{
    const char *p = sg_web_q(c, "period");
    if (p && *p) return p;
    sg_web_default_period(c, buf);
    return buf;
}

static const char *rag_class(sg_rag r)
{
    switch (r) {
    case SG_RAG_GREEN:
        return "rag rag-green";
    case SG_RAG_AMBER:
        return "rag rag-amber";
    case SG_RAG_RED:
        return "rag rag-red";
    default:
        return "rag rag-none";
    }
}

static void fmt_value(const sg_booklet *b, const sg_bk_item *it, double v, char out[48])
{
    /* sg_booklet_fmt formats a point; reuse it with a scratch item for England/target. */
    sg_bk_item tmp = *it;
    int cur = b->nyears - 1;
    tmp.pt[cur].has = true;
    tmp.pt[cur].sup = false;
    tmp.pt[cur].value = v;
    sg_booklet_fmt(b, &tmp, cur, out);
}

/* The summary at the top: how many of the period's measures are red, amber, green and without a
 * RAG (counted over every measure, whatever the filter; the state in words as well as colour),
 * and the link to the red-and-amber filter or back to every measure, keeping the period. */
static void render_summary(const sg_booklet *b, unsigned rag, sg_html *h)
{
    static const struct {
        sg_rag r;
        const char *label, *q;
    } st[] = {{SG_RAG_RED, "Red", "red"},
              {SG_RAG_AMBER, "Amber", "amber"},
              {SG_RAG_GREEN, "Green", "green"},
              {SG_RAG_NONE, "No RAG", "none"}};
    long n[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < b->nitems; i++)
        for (size_t k = 0; k < 4; k++)
            if (b->items[i].rag == st[k].r) n[k]++;
    char href[96], t[96];
    sg_html_elem(h, "h2", "Summary", "id", "summary", NULL);
    sg_html_open(h, "ul", "class", "rag-summary", "aria-labelledby", "summary", NULL);
    for (size_t k = 0; k < 4; k++) {
        sg_html_open(h, "li", NULL);
        snprintf(t, sizeof t, "%s: %ld", st[k].label, n[k]);
        sg_html_elem(h, "span", t, "class", rag_class(st[k].r), "id", st[k].q, NULL);
        sg_html_close(h, "li");
    }
    sg_html_close(h, "ul");
    sg_html_open(h, "p", "class", "rag-filter", NULL);
    if (rag) {
        sg_html_text(h, "Showing red and amber measures only. ");
        snprintf(href, sizeof href, "/dataset?period=%s", b->period);
        sg_page_link(h, href, "Show every measure");
    } else {
        snprintf(href, sizeof href, "/dataset?period=%s&rag=red,amber", b->period);
        sg_page_link(h, href, "Show red and amber only");
    }
    sg_html_close(h, "p");
}

static void render_html(const sg_booklet *b, unsigned rag, sg_buf *out)
{
    sg_html h;
    sg_html_init(&h, out);
    int cur = b->nyears - 1;
    char t[256];
    snprintf(t, sizeof t, "Dataset dashboard, %s", b->period);
    sg_html_elem(&h, "h1", t, NULL);
    sg_html_open(&h, "p", NULL);
    sg_html_textf(&h, "Trend %s to %s. RAG against the partnership's targets. ", b->years[0],
                  b->years[cur]);
    if (!b->findings_available) sg_html_text(&h, "No validation findings are held yet.");
    sg_html_close(&h, "p");
    render_summary(b, rag, &h);
    const char *group = NULL;
    size_t shown = 0;
    for (size_t i = 0; i < b->nitems; i++) {
        const sg_bk_item *it = &b->items[i];
        if (rag && !(rag & RAG_BIT(it->rag))) continue;
        shown++;
        if (!group || strcmp(group, it->def->group) != 0) {
            if (group) {
                sg_html_close(&h, "tbody");
                sg_html_close(&h, "table");
            }
            group = it->def->group;
            sg_html_open(&h, "table", "class", "dash", NULL);
            sg_html_elem(&h, "caption", group, NULL);
            sg_html_open(&h, "thead", NULL);
            sg_html_open(&h, "tr", NULL);
            static const char *const heads[] = {"Indicator",   "Trend",      "Value",
                                                "RAG",         "Target",     "England",
                                                "Comparators", "Data owner", "Data quality"};
            for (size_t k = 0; k < sizeof heads / sizeof heads[0]; k++)
                sg_html_elem(&h, "th", heads[k], "scope", "col", NULL);
            sg_html_close(&h, "tr");
            sg_html_close(&h, "thead");
            sg_html_open(&h, "tbody", NULL);
        }
        const sg_bk_point *p = &it->pt[cur];
        sg_html_open(&h, "tr", "id", it->def->id, NULL);
        sg_html_elem(&h, "th", it->def->title, "scope", "row", NULL);
        sg_html_open(&h, "td", NULL);
        double v[SG_BK_MAX_YEARS];
        bool has[SG_BK_MAX_YEARS];
        char label[512];
        size_t off = (size_t)snprintf(label, sizeof label, "Trend of %s, %s to %s:", it->def->title,
                                      b->years[0], b->years[cur]);
        for (int y = 0; y < b->nyears; y++) {
            has[y] = it->pt[y].has && !it->pt[y].sup && it->def->unit != SG_IND_TEXT;
            v[y] = it->pt[y].value;
            char f[48];
            sg_booklet_fmt(b, it, y, f);
            if (off < sizeof label)
                off += (size_t)snprintf(label + off, sizeof label - off, "%s %s", y ? "," : "", f);
        }
        sg_svg_sparkline(&h, label, v, has, (size_t)b->nyears);
        sg_html_close(&h, "td");
        char f[48];
        sg_booklet_fmt(b, it, cur, f);
        sg_html_elem(&h, "td", f, "class", "num", NULL);
        sg_html_open(&h, "td", NULL);
        const char *rn = sg_rag_name(it->rag);
        sg_html_elem(&h, "span", *rn ? rn : "none", "class", rag_class(it->rag), NULL);
        sg_html_close(&h, "td");
        if (p->has_target) fmt_value(b, it, p->target, f);
        sg_html_elem(&h, "td", p->has_target ? f : "-", "class", "num", NULL);
        if (p->has_england) fmt_value(b, it, p->england, f);
        sg_html_elem(&h, "td", p->has_england ? f : "-", "class", "num", NULL);
        if (p->has_band) {
            char lo[48], hi[48];
            fmt_value(b, it, p->band_lo, lo);
            fmt_value(b, it, p->band_hi, hi);
            snprintf(t, sizeof t, "%s to %s%s%s", lo, hi, it->band_label[0] ? " (" : "",
                     it->band_label[0] ? it->band_label : "");
            if (it->band_label[0]) sg_strlcpy(t + strlen(t), ")", sizeof t - strlen(t));
        }
        sg_page_td(&h, p->has_band ? t : "-");
        sg_page_td(&h, sg_bk_owner(it));
        sg_html_open(&h, "td", NULL);
        if (it->dq_errors > 0) {
            snprintf(t, sizeof t, "%ld open error(s) in the data", it->dq_errors);
            sg_html_elem(&h, "span", t, "class", "flag", NULL);
        } else {
            sg_html_text(&h, "-");
        }
        sg_html_close(&h, "td");
        sg_html_close(&h, "tr");
        /* the commentary beside the measure, and the returns its figure came from */
        sg_bk_commentary_row(&h, it, 9, NULL);
    }
    if (group) {
        sg_html_close(&h, "tbody");
        sg_html_close(&h, "table");
    }
    if (b->nitems == 0)
        sg_page_note(&h, "notice", "No indicators.");
    else if (shown == 0)
        sg_page_note(&h, "notice", "No measure is red or amber.");
    sg_error err;
    if (sg_html_finish(&h, &err)) sg_buf_reset(out);
}

/* Returns a copy (caller frees) of the cached html (want_json false) or json for period,
 * building both if needed. SG_OK or the build's error. */
static int dashboard(sg_web_ctx *c, const char *period, unsigned rag, bool want_json, char **res,
                     sg_error *err)
{
    *res = NULL;
    char *html_built = NULL, *json_built = NULL;
    char **html = &html_built, **json = &json_built;
    int64_t version = 0;
    int rc = sg_require(&c->who, SG_CAP_DATASET, err);
    if (rc) return rc;
    rc = sg_scope_data_version(&c->scope, &version, err);
    if (rc) return rc;
    pthread_mutex_lock(&cache_mu);
    for (int i = 0; i < CACHE_SLOTS; i++) {
        cache_entry *e = &cache[i];
        if (e->html && strcmp(e->period, period) == 0 && e->rag == rag && e->version == version &&
            c->now - e->made < CACHE_SECONDS && c->now >= e->made) {
            *res = xstrdup(want_json ? e->json : e->html);
            e->uses++;
            pthread_mutex_unlock(&cache_mu);
            return SG_OK;
        }
    }
    pthread_mutex_unlock(&cache_mu);

    sg_booklet b;
    sg_booklet_init(&b);
    rc = sg_scope_dataset(&c->scope, period, &b, err);
    if (rc) {
        sg_booklet_fini(&b);
        return rc;
    }
    sg_buf hb, jb;
    sg_buf_init(&hb, SG_WEB_MAX_PAGE / 2);
    sg_buf_init(&jb, SG_WEB_MAX_PAGE / 2);
    render_html(&b, rag, &hb);
    rc = sg_booklet_json(&b, &jb, err);
    sg_booklet_fini(&b);
    if (rc) {
        sg_buf_fini(&hb);
        sg_buf_fini(&jb);
        return rc;
    }
    *html = xstrdup(sg_buf_str(&hb));
    *json = xstrdup(sg_buf_str(&jb));
    sg_buf_fini(&hb);
    sg_buf_fini(&jb);

    pthread_mutex_lock(&cache_mu);
    int slot = 0;
    for (int i = 0; i < CACHE_SLOTS; i++) {
        if (cache[i].html && strcmp(cache[i].period, period) == 0 && cache[i].rag == rag) {
            slot = i;
            break;
        }
        if (!cache[i].html || cache[i].made < cache[slot].made) slot = i;
    }
    cache_entry *e = &cache[slot];
    free(e->html);
    free(e->json);
    sg_strlcpy(e->period, period, sizeof e->period);
    e->rag = rag;
    e->version = version;
    e->made = c->now;
    e->html = html_built;
    e->json = json_built;
    e->uses = 0;
    *res = xstrdup(want_json ? e->json : e->html);
    pthread_mutex_unlock(&cache_mu);
    return SG_OK;
}

static bool period_ok(const char *p)
{
    size_t n = strlen(p);
    if (n == 0 || n > 15) return false;
    for (size_t i = 0; i < n; i++)
        if (!((p[i] >= '0' && p[i] <= '9') || p[i] == '-' || p[i] == 'Q' || p[i] == 'R'))
            return false;
    return true;
}

/* The dashboard's period: ?period= when it looks like one, else the default ("" when none). */
static void dataset_period(sg_web_ctx *c, char period[16])
{
    const char *p = sg_web_q(c, "period");
    if (p && period_ok(p))
        sg_strlcpy(period, p, 16);
    else
        sg_web_default_period(c, period);
}

/* ?rag=: "red,amber" (the filter the summary links to) shows the red and amber measures
 * only; anything else shows every measure. */
static unsigned dataset_rag(sg_web_ctx *c)
{
    const char *r = sg_web_q(c, "rag");
    if (r && (strcmp(r, "red,amber") == 0 || strcmp(r, "amber,red") == 0))
        return RAG_BIT(SG_RAG_RED) | RAG_BIT(SG_RAG_AMBER);
    return 0;
}

void sg_h_dataset(sg_web_ctx *c)
{
    char period[16];
    dataset_period(c, period);
    unsigned rag = dataset_rag(c);
    sg_html h;
    if (!period[0]) {
        sg_page_begin(c, &h, "Dashboard");
        sg_html_elem(&h, "h1", "Dataset dashboard", NULL);
        sg_page_note(&h, "notice", "No returns are held yet.");
        sg_page_end(c, &h);
        return;
    }
    char *html = NULL;
    sg_error err;
    sg_error_clear(&err);
    int rc = dashboard(c, period, rag, false, &html, &err);
    if (rc) {
        free(html);
        sg_web_fail(c, &err);
        return;
    }
    sg_page_begin(c, &h, "Dashboard");
    sg_html_open(&h, "form", "method", "get", "action", "/dataset", "class", "inline", NULL);
    sg_html_elem(&h, "label", "Period", "for", "period", NULL);
    sg_html_empty(&h, "input", "id", "period", "name", "period", "value", period, NULL);
    if (rag)
        sg_html_empty(&h, "input", "type", "hidden", "name", "rag", "value", "red,amber", NULL);
    sg_html_elem(&h, "button", "Show", "type", "submit", NULL);
    sg_html_close(&h, "form");
    sg_html_raw(&h, html); /* our own markup, escaped when it was written */
    free(html);
    sg_page_end(c, &h);
}

void sg_h_api_dataset(sg_web_ctx *c)
{
    char period[16];
    dataset_period(c, period);
    if (!period[0]) {
        sg_web_error(c, 404);
        return;
    }
    char *json = NULL;
    sg_error err;
    sg_error_clear(&err);
    int rc = dashboard(c, period, 0, true, &json, &err);
    if (rc) {
        free(json);
        sg_web_fail(c, &err);
        return;
    }
    c->resp->content_type = "application/json";
    sg_buf_reset(&c->resp->body);
    sg_buf_puts(&c->resp->body, json);
    free(json);
}

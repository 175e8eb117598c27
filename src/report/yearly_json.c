/* yearly_json.c - the yearly report as JSON (docs/report.md, "JSON"): the report's metadata,
 * the warnings, every section with its blocks (tables with their cells, sentences, notes,
 * narrative), every figure with its trace, and the glossary. A withheld figure is the string
 * "c" with no numerator or denominator, so nothing withheld can be read back. Keys in a fixed
 * order, so the same model gives the same bytes. */
#include "report/yearly.h"

#include "core/mem.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char *kind_name(sg_yf_kind k)
{
    switch (k) {
    case SG_YF_COUNT:
        return "count";
    case SG_YF_PCT:
        return "percent";
    case SG_YF_RATE:
        return "rate10k";
    case SG_YF_MONEY:
        return "money";
    case SG_YF_MEAN:
        return "mean";
    case SG_YF_SHOWN:
        return "shown";
    }
    return "";
}

static json_t *fig_json(const sg_yr_fig *f)
{
    json_t *o = json_object();
    char text[64];
    sg_yr_fig_fmt(f, text);
    json_object_set_new(o, "id", json_string(f->id));
    json_object_set_new(o, "kind", json_string(kind_name(f->kind)));
    json_object_set_new(o, "text", json_string(text));
    if (f->sup) {
        json_object_set_new(o, "value", json_string(SG_DISCLOSURE_SYMBOL));
        json_object_set_new(o, "withheld", json_true());
    } else if (!f->has || f->kind == SG_YF_SHOWN) {
        json_object_set_new(o, "value", json_null());
    } else {
        switch (f->kind) {
        case SG_YF_COUNT:
            json_object_set_new(o, "value", json_integer((json_int_t)f->n));
            break;
        case SG_YF_MONEY:
            json_object_set_new(o, "value", json_integer((json_int_t)f->n));
            json_object_set_new(o, "unit", json_string("pence"));
            break;
        case SG_YF_PCT:
            json_object_set_new(o, "value", json_real(f->v));
            json_object_set_new(o, "numerator", json_integer((json_int_t)f->n));
            json_object_set_new(o, "denominator", json_integer((json_int_t)f->den));
            break;
        case SG_YF_RATE:
        case SG_YF_MEAN:
            json_object_set_new(o, "value", json_real(f->v));
            break;
        case SG_YF_SHOWN:
            break;
        }
    }
    json_object_set_new(o, "people", json_boolean(f->people));
    json_object_set_new(o, "source", json_string(f->source));
    json_object_set_new(o, "period", json_string(f->period));
    json_object_set_new(o, "inputs", json_string(f->detail));
    return o;
}

static json_t *runs_json(const sg_yr_block *b, json_t *figs)
{
    char *acc = NULL;
    size_t len = 0;
    json_t *ids = json_array();
    for (int i = 0; i < b->nruns; i++) {
        char v[64];
        const char *piece = b->runs[i].text ? b->runs[i].text : "";
        if (b->runs[i].is_fig) {
            sg_yr_fig_fmt(&b->runs[i].fig, v);
            piece = v;
            json_array_append_new(ids, json_string(b->runs[i].fig.id));
            json_array_append_new(figs, fig_json(&b->runs[i].fig));
        }
        size_t pl = strlen(piece);
        acc = xrealloc(acc, len + pl + 2);
        memcpy(acc + len, piece, pl);
        len += pl;
        if (b->kind == SG_YB_LIST) acc[len++] = '\n';
        acc[len] = '\0';
    }
    json_t *o = json_object();
    json_object_set_new(o, "text", json_string(acc ? acc : ""));
    json_object_set_new(o, "figures", ids);
    free(acc);
    return o;
}

static json_t *table_json(const sg_yr_table *t, json_t *figs)
{
    json_t *o = json_object();
    json_object_set_new(o, "type", json_string("table"));
    json_object_set_new(o, "caption", json_string(t->caption));
    json_t *cols = json_array();
    for (int c = 0; c < t->ncols; c++)
        json_array_append_new(cols, json_string(t->head[c]));
    json_object_set_new(o, "columns", cols);
    json_t *rows = json_array();
    for (int r = 0; r < t->nrows; r++) {
        json_t *row = json_object();
        json_object_set_new(row, "label", json_string(sg_yr_cell_at(t, r, 0)->text));
        json_object_set_new(row, "total", json_boolean(r == t->total_row));
        json_t *cells = json_array();
        for (int c = 1; c < t->ncols; c++) {
            const sg_yr_cell *cell = sg_yr_cell_at(t, r, c);
            if (cell->is_fig) {
                json_array_append_new(cells, fig_json(&cell->fig));
                json_array_append_new(figs, fig_json(&cell->fig));
            } else {
                json_array_append_new(cells,
                                      json_pack("{s:s}", "text", cell->text ? cell->text : ""));
            }
        }
        json_object_set_new(row, "cells", cells);
        json_array_append_new(rows, row);
    }
    json_object_set_new(o, "rows", rows);
    json_object_set_new(o, "total_row",
                        t->total_row >= 0 ? json_integer(t->total_row) : json_null());
    json_object_set_new(o, "total_is_sum", json_boolean(t->sums));
    return o;
}

int sg_yr_json(const sg_yr_report *r, sg_buf *out, sg_error *err)
{
    json_t *root = json_object();
    char asat[11];
    json_object_set_new(root, "title", json_string(r->title));
    json_object_set_new(root, "partnership", json_string(r->partnership));
    json_object_set_new(root, "year", json_string(r->year));
    json_object_set_new(root, "as_at", json_string(sg_date_iso(r->as_at, asat)));
    json_object_set_new(root, "public", json_boolean(r->public_view));
    json_object_set_new(root, "disclosure",
                        json_pack("{s:b, s:i, s:s}", "active", r->public_view, "threshold",
                                  r->disc.threshold, "symbol", SG_DISCLOSURE_SYMBOL));
    json_t *warn = json_array();
    for (int i = 0; i < r->nwarn; i++)
        json_array_append_new(warn, json_string(r->warnings[i]));
    json_object_set_new(root, "warnings", warn);
    json_t *figs = json_array();
    json_t *secs = json_array();
    for (int i = 0; i < r->nsec; i++) {
        const sg_yr_section *s = &r->sec[i];
        json_t *so = json_object();
        json_object_set_new(so, "number", json_integer(s->num));
        json_object_set_new(so, "id", json_string(s->slug));
        json_object_set_new(so, "title", json_string(s->title));
        json_object_set_new(so, "narrative_missing",
                            json_boolean(!s->has_before && strcmp(s->slug, "glossary") != 0));
        json_t *blocks = json_array();
        for (int k = 0; k < s->nb; k++) {
            const sg_yr_block *b = &s->b[k];
            json_t *bo = NULL;
            switch (b->kind) {
            case SG_YB_TABLE:
                bo = table_json(b->table, figs);
                break;
            case SG_YB_NARRATIVE:
                bo = json_pack("{s:s, s:s, s:s}", "type", "narrative", "file", b->file, "html",
                               b->html ? b->html : "");
                break;
            case SG_YB_PARA:
            case SG_YB_NOTE:
            case SG_YB_LIST:
            case SG_YB_HEADING: {
                static const char *const names[] = {"paragraph", "note", "table",
                                                    "narrative", "list", "heading"};
                bo = runs_json(b, figs);
                json_object_set_new(bo, "type", json_string(names[b->kind]));
                break;
            }
            }
            if (bo) json_array_append_new(blocks, bo);
        }
        json_object_set_new(so, "blocks", blocks);
        json_array_append_new(secs, so);
    }
    json_object_set_new(root, "sections", secs);
    json_object_set_new(root, "figures", figs);
    json_t *gl = json_array();
    for (int i = 0; i < r->ngloss; i++)
        json_array_append_new(gl, json_pack("{s:s, s:s}", "abbreviation", r->gloss[i].abbr,
                                            "meaning", r->gloss[i].meaning));
    json_object_set_new(root, "glossary", gl);
    char *text = json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    json_decref(root);
    if (!text) return sg_err(err, SG_EINVAL, "the report could not be written as JSON");
    int rc = sg_buf_puts(out, text);
    if (!rc) rc = sg_buf_putc(out, '\n');
    free(text);
    if (rc) return sg_err(err, rc, "the report JSON is larger than allowed");
    return SG_OK;
}

/* booklet_data.c - the dataset booklet as data: CSV (one row per indicator and year) and JSON
 * (docs/dataset.md). */
#include "report/booklet_int.h"

#include "core/buf.h"
#include "core/num.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

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
                            "open_errors,narrative,challenge,response\r\n");
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
            } else if (it->def->unit == SG_IND_TEXT) {
                snprintf(v, sizeof v, "%.47s", p->has ? p->text : "");
                n[0] = d[0] = '\0';
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
            const char *cells[] = {
                it->def->id, it->def->title, it->def->group, bk_unit_word(it->def->unit),
                bk_polarity_word(it->def->polarity), sg_bk_owner(it), b->years[y], v, n, d,
                p->sup ? "Y" : "N", fl, tg, tol, cur ? sg_rag_name(it->rag) : "", en, lo, hi,
                p->has_band ? it->band_label : "", it->priority, it->comment,
                cur && b->findings_available ? oe : "",
                /* the period's commentary, on the period's row only */
                cur ? it->narrative : "", cur ? it->challenge : "", cur ? it->response : ""};
            size_t nc = sizeof cells / sizeof cells[0];
            for (size_t c = 0; !rc && c < nc; c++) {
                if (c && (rc = sg_buf_putc(o, ','))) break;
                /* Free text from the targets file, titles and commentary may look like
                 * formulas. */
                bool text = c == 1 || c == 5 || c == 19 || c == 20 || c >= 22 ||
                            (c == 7 && it->def->unit == SG_IND_TEXT);
                rc = csv_field(o, cells[c], text);
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
        json_object_set_new(j, "unit", json_string(bk_unit_word(it->def->unit)));
        json_object_set_new(j, "polarity", json_string(bk_polarity_word(it->def->polarity)));
        json_object_set_new(j, "owner", json_string(sg_bk_owner(it)));
        json_object_set_new(j, "target", jnum(cur->has_target, cur->target));
        json_object_set_new(j, "tolerance", jnum(cur->has_target, it->tolerance));
        json_object_set_new(j, "rag", it->rag ? json_string(sg_rag_name(it->rag)) : json_null());
        json_object_set_new(j, "priority", json_string(it->priority));
        json_object_set_new(j, "comment", json_string(it->comment));
        if (b->catalogue || it->narrative[0] || it->challenge[0] || it->response[0]) {
            /* the catalogue's additions, only when there is a catalogue or commentary */
            json_object_set_new(j, "kind", json_string(it->kind[0] ? it->kind : "builtin"));
            json_object_set_new(j, "owner_code", json_string(it->def->owner ? it->def->owner : ""));
            json_object_set_new(j, "commentary",
                                json_pack("{s:s, s:s, s:s}", "narrative", it->narrative,
                                          "challenge", it->challenge, "response", it->response));
            json_t *src = json_array();
            for (size_t k = 0; k < it->nsources; k++)
                json_array_append_new(src, json_integer((json_int_t)it->sources[k]));
            json_object_set_new(j, "sources", src);
        }
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
            } else if (it->def->unit == SG_IND_TEXT) {
                json_object_set_new(s, "value", p->has ? json_string(p->text) : json_null());
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

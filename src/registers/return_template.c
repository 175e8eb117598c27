/* return_template.c - the partner return template (registers/return_template.h): the rows an
 * organisation owes for a period with last period's values, written as CSV or .xlsx. */
#include "registers/return_template.h"

#include "core/mem.h"
#include "core/period.h"
#include "indicators/partner.h"
#include "registers/measure.h"
#include "registers/organisation.h"
#include "registers/return_calendar.h"
#include "store/export.h"
#include "store/setting.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

void sg_tpl_fini(sg_tpl *t)
{
    sg_cat_free(t->cat);
    free(t->rows);
    memset(t, 0, sizeof *t);
}

bool sg_tpl_last_period(const char *period, char out[16])
{
    sg_period p;
    if (!period || sg_period_parse(period, &p, NULL) != SG_OK) return false;
    int y, m, d;
    sg_date_to_ymd(p.start, &y, &m, &d);
    switch (p.kind) {
    case SG_PERIOD_YEAR:
        sg_fy_text(p.fy - 1, out);
        return true;
    case SG_PERIOD_QUARTER: {
        int q = m >= 4 ? (m - 4) / 3 + 1 : 4;
        if (q == 1)
            snprintf(out, 16, "%04u-Q4", (unsigned)(p.fy - 1) % 10000u);
        else
            snprintf(out, 16, "%04u-Q%u", (unsigned)p.fy % 10000u, (unsigned)(q - 1) % 10u);
        return true;
    }
    case SG_PERIOD_MONTH:
        if (--m == 0) m = 12, y--;
        snprintf(out, 16, "%04u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u);
        return true;
    default:
        return false;
    }
}

const char *sg_tpl_unit_label(sg_cat_unit u)
{
    static const char *const labels[] = {"count", "%", "rate per 10,000", "days", "GBP", "text"};
    return u >= SG_CAT_COUNT && u <= SG_CAT_TEXT ? labels[u] : "";
}

static bool has(const char *s)
{
    return s && *s;
}

static void number(double v, char *out, size_t outsz)
{
    snprintf(out, outsz, "%.10g", v);
}

/* Last period's live value of row r, as text. */
static void last_value(const sg_partner_values *vs, const char *org, const sg_tpl_row *r, char *out,
                       size_t outsz)
{
    out[0] = '\0';
    for (size_t i = 0; i < vs->n; i++) {
        const sg_partner_value *v = &vs->v[i];
        if (strcmp(v->organisation, org) || strcmp(v->measure, r->m->id) ||
            strcmp(v->breakdown, r->breakdown))
            continue;
        char a[40], b[40], c[40];
        if (v->text) {
            snprintf(out, outsz, "%s", v->text);
        } else if (v->has_num && v->has_den) {
            number(v->numerator, a, sizeof a);
            number(v->denominator, b, sizeof b);
            if (v->has_value) {
                number(v->value, c, sizeof c);
                snprintf(out, outsz, "%s (%s of %s)", c, a, b);
            } else {
                snprintf(out, outsz, "%s of %s", a, b);
            }
        } else if (v->has_value) {
            number(v->value, out, outsz);
        }
        return;
    }
}

static void instructions(const sg_tpl_row *r, char *out, size_t outsz)
{
    const sg_cat_measure *m = r->m;
    char what[200], bounds[100] = "", change[120] = "", a[40], b[40];
    if (m->unit == SG_CAT_TEXT)
        snprintf(what, sizeof what, "Write the status in text.");
    else if (has(m->numerator))
        snprintf(what, sizeof what,
                 "Give numerator and denominator (value, their percentage, may be left blank).");
    else
        snprintf(what, sizeof what, "Give value (%s).", sg_tpl_unit_label(m->unit));
    if (m->has_min && m->has_max) {
        number(m->min, a, sizeof a);
        number(m->max, b, sizeof b);
        snprintf(bounds, sizeof bounds, " From %s to %s.", a, b);
    } else if (m->has_min) {
        number(m->min, a, sizeof a);
        snprintf(bounds, sizeof bounds, " At least %s.", a);
    } else if (m->has_max) {
        number(m->max, b, sizeof b);
        snprintf(bounds, sizeof bounds, " At most %s.", b);
    }
    if (m->has_change) {
        number(m->change_pct, a, sizeof a);
        snprintf(change, sizeof change,
                 " A change of more than %s%% from last period needs an explanation.", a);
    }
    snprintf(out, outsz, "%s%s%s", what, bounds, change);
}

int sg_tpl_load(sg_store *s, const char *organisation, const char *period, sg_tpl *out,
                sg_error *err)
{
    memset(out, 0, sizeof *out);
    sg_period p;
    if (!period || sg_period_parse(period, &p, NULL) != SG_OK || p.kind == SG_PERIOD_ROLLING)
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "period",
                         "the period '%s' is not a year (2024-25), quarter (2024-Q1) or month "
                         "(2024-05)",
                         period ? period : "");
    sg_strlcpy(out->period, p.text, sizeof out->period);
    sg_tpl_last_period(out->period, out->last_period);
    sg_strlcpy(out->organisation, organisation ? organisation : "", sizeof out->organisation);
    long long due_days = 0;
    int rc = sg_setting_get(s, SG_SETTING_RETURNS_DUE_DAYS, &due_days, NULL, err);
    if (rc) return rc;
    out->due = sg_ret_due(p.end, (int)due_days);
    if ((rc = sg_measure_load_catalogue(s, &out->cat, err))) return rc;
    sg_reg_record org;
    sg_error e;
    sg_error_clear(&e);
    sg_strlcpy(out->name, out->organisation, sizeof out->name);
    if (sg_reg_get_record(s, &sg_reg_organisation, out->organisation, &org, &e) == SG_OK) {
        const char *name = sg_reg_get(&org, "name");
        if (name) sg_strlcpy(out->name, name, sizeof out->name);
        sg_reg_record_fini(&org);
    }
    size_t cap = 0;
    for (size_t i = 0; i < sg_cat_count(out->cat); i++) {
        const sg_cat_measure *m = sg_cat_at(out->cat, i);
        if (m->kind != SG_CAT_SUBMITTED || !m->owner || strcmp(m->owner, out->organisation) ||
            !sg_cat_freq_matches(m->freq, out->period))
            continue;
        size_t nb = m->nbreak ? m->nbreak : 1;
        for (size_t b = 0; b < nb; b++) {
            if (out->n == cap) {
                cap = cap ? cap * 2 : 16;
                out->rows = xrealloc(out->rows, cap * sizeof *out->rows);
            }
            sg_tpl_row *r = &out->rows[out->n++];
            memset(r, 0, sizeof *r);
            r->m = m;
            r->breakdown = m->nbreak ? m->breakdown[b] : "";
        }
    }
    if (out->n == 0)
        return sg_err_at(err, SG_ENOTFOUND, NULL, 0, 0, "organisation",
                         "%s owes no measure for %s (no SUBMITTED measure of the catalogue has "
                         "it as owner at that frequency)",
                         out->organisation, out->period);
    sg_partner_values last;
    rc = sg_partner_live(s, NULL, out->last_period, &last, err);
    for (size_t i = 0; i < out->n && !rc; i++) {
        last_value(&last, out->organisation, &out->rows[i], out->rows[i].last_value,
                   sizeof out->rows[i].last_value);
        instructions(&out->rows[i], out->rows[i].instructions, sizeof out->rows[i].instructions);
    }
    sg_partner_values_fini(&last);
    return rc;
}

/* The columns: the importer's first (organisation .. explanation), then the reader's. */
static const char *const cols[] = {
    "organisation", "period",      "measure",    "breakdown",        "value",
    "numerator",    "denominator", "text",       "explanation",      "title",
    "unit",         "last_period", "last_value", "numerator_counts", "denominator_counts",
    "definition",   "instructions"};
#define NCOLS ((int)(sizeof cols / sizeof cols[0]))

static const char *cell_of(const sg_tpl *t, const sg_tpl_row *r, int c)
{
    switch (c) {
    case 0:
        return t->organisation;
    case 1:
        return t->period;
    case 2:
        return r->m->id;
    case 3:
        return r->breakdown;
    case 9:
        return r->m->title;
    case 10:
        return sg_tpl_unit_label(r->m->unit);
    case 11:
        return t->last_period;
    case 12:
        return r->last_value;
    case 13:
        return r->m->numerator;
    case 14:
        return r->m->denominator;
    case 15:
        return r->m->definition;
    case 16:
        return r->instructions;
    default:
        return ""; /* value .. explanation: the organisation fills them in */
    }
}

int sg_tpl_csv(const sg_tpl *t, FILE *out, sg_error *err)
{
    for (int c = 0; c < NCOLS; c++)
        fprintf(out, "%s%s", c ? "," : "", cols[c]);
    fputs("\r\n", out);
    for (size_t i = 0; i < t->n; i++) {
        for (int c = 0; c < NCOLS; c++) {
            if (c) fputc(',', out);
            const char *v = cell_of(t, &t->rows[i], c);
            if (v) sg_export_cell(out, v, strlen(v));
        }
        fputs("\r\n", out);
    }
    if (ferror(out)) return sg_err(err, SG_EIO, "cannot write the template: %s", strerror(errno));
    return SG_OK;
}

#define HEADER_ROW 5 /* 0-based: row 6 in the sheet */

int sg_tpl_xlsx(const sg_tpl *t, const char *path, sg_error *err)
{
    char tmp[4200];
    const char *slash = strrchr(path, '/');
    int dirlen = slash ? (int)(slash - path + 1) : 0;
    if (snprintf(tmp, sizeof tmp, "%.*s.%s.XXXXXX", dirlen, path, slash ? slash + 1 : path) >=
        (int)sizeof tmp)
        return sg_err_at(err, SG_EINVAL, path, 0, 0, NULL, "the path is too long");
    int fd = mkstemp(tmp);
    if (fd < 0)
        return sg_err_at(err, SG_EIO, path, 0, 0, NULL, "cannot create the file: %s",
                         strerror(errno));
    close(fd);
    lxw_workbook *wb = workbook_new(tmp);
    if (!wb) {
        unlink(tmp);
        return sg_err_at(err, SG_EIO, path, 0, 0, NULL, "cannot create the workbook");
    }
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Return");
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format *input = workbook_add_format(wb);
    format_set_bg_color(input, 0xFFF2CC);
    format_set_border(input, LXW_BORDER_THIN);
    char line[600], due[11];
    snprintf(line, sizeof line, "Partner return: %s (%s), period %s", t->name, t->organisation,
             t->period);
    worksheet_write_string(ws, 0, 0, line, bold);
    worksheet_write_string(ws, 1, 0,
                           "Fill in the shaded cells: value, or numerator and denominator, or "
                           "text; explain a large change from last period. Do not change the "
                           "organisation, period, measure or breakdown columns.",
                           NULL);
    snprintf(line, sizeof line, "Due on %s. Last period: %s.", sg_date_iso(t->due, due),
             t->last_period);
    worksheet_write_string(ws, 2, 0, line, NULL);
    for (int c = 0; c < NCOLS; c++)
        worksheet_write_string(ws, HEADER_ROW, (lxw_col_t)c, cols[c], bold);
    for (size_t i = 0; i < t->n; i++) {
        lxw_row_t row = (lxw_row_t)(HEADER_ROW + 1 + i);
        for (int c = 0; c < NCOLS; c++) {
            const char *v = cell_of(t, &t->rows[i], c);
            bool fill = c >= 4 && c <= 8;
            if (fill)
                worksheet_write_blank(ws, row, (lxw_col_t)c, input);
            else if (v && *v)
                worksheet_write_string(ws, row, (lxw_col_t)c, v, NULL);
        }
    }
    worksheet_set_column(ws, 0, 3, 16, NULL);
    worksheet_set_column(ws, 9, 9, 40, NULL);
    worksheet_set_column(ws, 15, 16, 60, NULL);
    lxw_error le = workbook_close(wb);
    if (le != LXW_NO_ERROR) {
        unlink(tmp);
        return sg_err_at(err, SG_EIO, path, 0, 0, NULL, "cannot write the workbook: %s",
                         lxw_strerror(le));
    }
    if (rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return sg_err_at(err, SG_EIO, path, 0, 0, NULL, "cannot write the file: %s", strerror(e));
    }
    return SG_OK;
}

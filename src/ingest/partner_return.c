/* partner_return.c - the partner return importer (docs/formats/partner.md): one organisation's
 * values of the partnership's measures for one period, as CSV (format "partner") or as an .xlsx
 * workbook (read with ingest/xlsx.h; the same format "partner", told apart by the zip signature),
 * one row per measure and breakdown category, emitted as SG_REC_PARTNER_VALUE records.
 *
 * The importer checks only what needs no catalogue: the header has the required columns, the
 * measure is given, numbers are numbers (a row with a bad one is rejected naming the field, and
 * for .xlsx its cell), and text fits. Whether the measure exists, who owes it, units, ranges,
 * completeness and changes from the last period are checked against the catalogue before the
 * import commits (indicators/partner.h). Columns other than the return's own (a template's
 * title, unit, last value, instructions) are ignored. A partner return holds no child data. */
#include "ingest/ingest.h"

#include "core/mem.h"
#include "core/str.h"
#include "ingest/csv.h"
#include "ingest/xlsx.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum pcol {
    P_ORGANISATION,
    P_PERIOD,
    P_MEASURE,
    P_VALUE,
    P_BREAKDOWN,
    P_NUMERATOR,
    P_DENOMINATOR,
    P_TEXT,
    P_EXPLANATION,
    P__COUNT
} pcol;

static const char *const names[P__COUNT] = {
    "organisation", "period",      "measure", "value",       "breakdown",
    "numerator",    "denominator", "text",    "explanation",
};
#define NREQUIRED 4 /* organisation, period, measure, value: the header must have them */

/* The longest value of each column, in bytes (the store's CHECKs and a sane cell). */
static const size_t maxlen[P__COUNT] = {63, 31, 63, 64, 63, 64, 64, 4000, 4000};

typedef struct pctx {
    const sg_ingest *in;
    int col[P__COUNT]; /* 0-based column, -1 absent */
    bool xlsx;
    const char *sheet;
    char cols[64];       /* SG_PARTNER_FIELDS' columns, 1-based, for an .xlsx return */
    bool header_seen;    /* .xlsx: the header row has been found */
    char *val[P__COUNT]; /* the current row's trimmed values ("" = blank), owned */
} pctx;

static bool header_has(const char *const *cell, const size_t *len, size_t n, pcol c, int *at)
{
    for (size_t i = 0; i < n; i++)
        if (sg_csv_name_eq(cell[i], len[i], names[c])) {
            *at = (int)i;
            return true;
        }
    *at = -1;
    return false;
}

/* Maps a header; true when it is a partner return's (all required columns present). */
static bool map_header(const char *const *cell, const size_t *len, size_t n, int *col)
{
    bool ok = true;
    for (int c = 0; c < P__COUNT; c++)
        if (!header_has(cell, len, n, (pcol)c, &col[c]) && c < NREQUIRED) ok = false;
    return ok;
}

static bool csv_header(const sg_csv_row *hdr, int *col)
{
    if (!hdr || hdr->nfields == 0 || hdr->nfields > 512) return false;
    const char **cell = xcalloc(hdr->nfields, sizeof *cell);
    size_t *len = xcalloc(hdr->nfields, sizeof *len);
    for (size_t i = 0; i < hdr->nfields; i++)
        cell[i] = hdr->f[i].ptr, len[i] = hdr->f[i].len;
    bool ok = map_header(cell, len, hdr->nfields, col);
    free(cell);
    free(len);
    return ok;
}

int sg_partner_detect_header(const sg_csv_row *hdr, char format[64])
{
    int col[P__COUNT];
    if (!csv_header(hdr, col)) return 0;
    snprintf(format, 64, "partner");
    return 1;
}

/* "A", "B" ... "AA" for a 0-based column. */
static void col_letters(int c, char out[8])
{
    char tmp[8];
    int n = 0;
    for (c++; c > 0 && n < 7; c = (c - 1) / 26)
        tmp[n++] = (char)('A' + (c - 1) % 26);
    for (int i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

/* A plain decimal: optional '-', digits, optional '.' and digits; no exponent, no spaces. */
static bool parse_number(const char *s, double *out)
{
    const char *p = s;
    if (*p == '-') p++;
    size_t digits = 0;
    while (*p >= '0' && *p <= '9')
        p++, digits++;
    if (*p == '.') {
        p++;
        size_t frac = 0;
        while (*p >= '0' && *p <= '9')
            p++, frac++;
        if (!frac) return false;
    }
    if (*p || !digits) return false;
    *out = strtod(s, NULL);
    return isfinite(*out);
}

static int reject(pctx *x, long line, pcol c, const char *value, const char *why, sg_error *err)
{
    char reason[sizeof(((sg_error *)0)->msg) + 200];
    if (x->xlsx && c < P__COUNT && x->col[c] >= 0) {
        char letters[8];
        col_letters(x->col[c], letters);
        snprintf(reason, sizeof reason, "%s (cell %s!%s%ld)", why, x->sheet, letters, line);
    } else {
        snprintf(reason, sizeof reason, "%s", why);
    }
    x->in->stats->rejected++;
    sg_reject rj = {.file = x->in->name,
                    .line = line,
                    .field = c < P__COUNT ? names[c] : NULL,
                    .value = value,
                    .reason = reason};
    return x->in->sink->reject(x->in->sink->ctx, &rj, err);
}

/* One data row whose trimmed values are in x->val. */
static int do_row(pctx *x, long line, sg_error *err)
{
    bool blank = true;
    for (int c = 0; c < P__COUNT; c++)
        blank = blank && !x->val[c][0];
    if (blank) return SG_OK;
    x->in->stats->rows_read++;
    for (int c = 0; c < P__COUNT; c++)
        if (strlen(x->val[c]) > maxlen[c]) {
            char why[96];
            snprintf(why, sizeof why, "longer than %zu bytes", maxlen[c]);
            return reject(x, line, (pcol)c, NULL, why, err);
        }
    static const pcol required[] = {P_ORGANISATION, P_PERIOD, P_MEASURE};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (!x->val[required[i]][0])
            return reject(x, line, required[i], NULL, "blank: every row needs it", err);
    sg_rec r;
    sg_rec_init(&r, SG_REC_PARTNER_VALUE);
    r.line = line;
    sg_rec_partner_value *p = &r.u.partner;
    p->organisation = x->val[P_ORGANISATION];
    p->period = x->val[P_PERIOD];
    p->measure = x->val[P_MEASURE];
    p->breakdown = x->val[P_BREAKDOWN][0] ? x->val[P_BREAKDOWN] : NULL;
    struct {
        pcol c;
        int *has;
        double *v;
    } nums[] = {{P_VALUE, &p->has_value, &p->value},
                {P_NUMERATOR, &p->has_num, &p->numerator},
                {P_DENOMINATOR, &p->has_den, &p->denominator}};
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        const char *v = x->val[nums[i].c];
        if (!v[0]) continue;
        if (!parse_number(v, nums[i].v))
            return reject(x, line, nums[i].c, v,
                          "not a number (write digits with an optional '-' and decimal point, "
                          "no commas, units or %)",
                          err);
        *nums[i].has = 1;
    }
    p->text = x->val[P_TEXT][0] ? x->val[P_TEXT] : NULL;
    p->explanation = x->val[P_EXPLANATION][0] ? x->val[P_EXPLANATION] : NULL;
    if (x->xlsx) {
        p->sheet = x->sheet;
        p->cols = x->cols;
    }
    int rc = x->in->sink->emit(x->in->sink->ctx, &r, NULL, err);
    if (!rc) x->in->stats->records[SG_REC_PARTNER_VALUE]++;
    return rc;
}

static void set_val(pctx *x, pcol c, const char *p, size_t n)
{
    free(x->val[c]);
    sg_str_trim(&p, &n);
    x->val[c] = xstrndup(p, n);
}

static void clear_vals(pctx *x)
{
    for (int c = 0; c < P__COUNT; c++) {
        free(x->val[c]);
        x->val[c] = NULL;
    }
}

/* The .xlsx return's field columns (SG_PARTNER_FIELDS order), 1-based, 0 = absent. */
static void fill_cols(pctx *x)
{
    static const pcol order[] = {P_MEASURE,     P_BREAKDOWN, P_VALUE,      P_NUMERATOR,
                                 P_DENOMINATOR, P_TEXT,      P_EXPLANATION};
    size_t len = 0;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
        len += (size_t)snprintf(x->cols + len, sizeof x->cols - len, "%s%d", i ? "," : "",
                                x->col[order[i]] + 1);
}

static int import_csv(pctx *x, sg_error *err)
{
    const sg_ingest *in = x->in;
    sg_csv *c = sg_csv_new(in->fp, in->name, NULL);
    const sg_csv_row *row = NULL;
    int rc = sg_csv_next(c, &row, err);
    if (rc) goto out;
    if (!row || !csv_header(row, x->col)) {
        rc = sg_err_at(err, SG_EPARSE, in->name, 1, 0, NULL,
                       "the header row is not a partner return's: it needs the columns "
                       "organisation, period, measure and value (docs/formats/partner.md)");
        goto out;
    }
    for (;;) {
        sg_error cerr;
        sg_error_clear(&cerr);
        int crc = sg_csv_next(c, &row, &cerr);
        if (crc == SG_EIO || crc == SG_ELIMIT) {
            if (err) *err = cerr;
            rc = crc;
            goto out;
        }
        if (!row) break;
        if (crc != SG_OK) {
            in->stats->rows_read++;
            rc = reject(x, row->line, P__COUNT, NULL, cerr.msg, err);
            if (rc) goto out;
            continue;
        }
        for (int k = 0; k < P__COUNT; k++) {
            int i = x->col[k];
            if (i >= 0 && (size_t)i < row->nfields)
                set_val(x, (pcol)k, row->f[i].ptr, row->f[i].len);
            else
                set_val(x, (pcol)k, "", 0);
        }
        if ((rc = do_row(x, row->line, err))) goto out;
    }
out:
    clear_vals(x);
    sg_csv_free(c);
    return rc;
}

static int xlsx_row(void *ctx, const sg_xlsx_row *row, sg_error *err)
{
    pctx *x = ctx;
    if (!x->header_seen) {
        /* rows above the header (a title, instructions) are not read */
        int col[P__COUNT];
        if (map_header(row->cell, row->len, row->ncells, col)) {
            memcpy(x->col, col, sizeof col);
            x->header_seen = true;
            fill_cols(x);
        }
        return SG_OK;
    }
    for (int k = 0; k < P__COUNT; k++) {
        int i = x->col[k];
        if (i >= 0 && (size_t)i < row->ncells)
            set_val(x, (pcol)k, row->cell[i], row->len[i]);
        else
            set_val(x, (pcol)k, "", 0);
    }
    return do_row(x, row->row, err);
}

/* The sheet that holds the return: the one called "Return" if any, else the first. */
static size_t return_sheet(const sg_xlsx *w)
{
    for (size_t i = 0; i < sg_xlsx_sheet_count(w); i++)
        if (sg_str_ieq(sg_xlsx_sheet_name(w, i), "Return")) return i;
    return 0;
}

static int import_xlsx(pctx *x, sg_error *err)
{
    sg_xlsx *w = NULL;
    int rc = sg_xlsx_open(x->in->fp, x->in->name, NULL, &w, err);
    if (rc) return rc;
    if (sg_xlsx_sheet_count(w) == 0) {
        rc = sg_err_at(err, SG_EPARSE, x->in->name, 0, 0, NULL, "the workbook has no sheet");
        goto out;
    }
    size_t i = return_sheet(w);
    x->xlsx = true;
    x->sheet = sg_xlsx_sheet_name(w, i);
    rc = sg_xlsx_rows(w, i, xlsx_row, x, err);
    if (!rc && !x->header_seen)
        rc = sg_err_at(err, SG_EPARSE, x->in->name, 0, 0, NULL,
                       "sheet '%s' has no header row with the columns organisation, period, "
                       "measure, breakdown and value (docs/formats/partner.md)",
                       x->sheet);
out:
    clear_vals(x);
    sg_xlsx_free(w);
    return rc;
}

static int stop_at_header(void *ctx, const sg_xlsx_row *row, sg_error *err)
{
    (void)err;
    int col[P__COUNT];
    if (map_header(row->cell, row->len, row->ncells, col)) {
        *(bool *)ctx = true;
        return SG_XLSX_STOP;
    }
    return row->row >= 20 ? SG_XLSX_STOP : SG_OK;
}

int sg_partner_detect_xlsx(FILE *fp, const char *name)
{
    sg_xlsx *w = NULL;
    bool found = false;
    if (sg_xlsx_open(fp, name, NULL, &w, NULL) == SG_OK && sg_xlsx_sheet_count(w) > 0)
        sg_xlsx_rows(w, return_sheet(w), stop_at_header, &found, NULL);
    sg_xlsx_free(w);
    if (fseek(fp, 0, SEEK_SET) != 0) return 0;
    return found;
}

int sg_partner_import(const sg_ingest *in, sg_error *err)
{
    pctx x;
    memset(&x, 0, sizeof x);
    x.in = in;
    for (int c = 0; c < P__COUNT; c++)
        x.col[c] = -1;
    /* one format for both spellings, so that a return sent as CSV supersedes one sent as
     * .xlsx for the same organisation and period, and the other way round */
    unsigned char magic[4] = {0};
    size_t got = fread(magic, 1, sizeof magic, in->fp);
    if (fseek(in->fp, 0, SEEK_SET) != 0)
        return sg_err_at(err, SG_EIO, in->name, 0, 0, NULL, "cannot rewind the file");
    if (got == 4 && memcmp(magic, "PK\x03\x04", 4) == 0) return import_xlsx(&x, err);
    return import_csv(&x, err);
}

/* partner.c - reading partner values back from the store: live values by measure and period,
 * the values of one submission, and the cell of a field in an .xlsx return (partner.h). */
#include "indicators/partner.h"

#include "core/mem.h"
#include "ingest/record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COLS                                                                                       \
    "v.organisation, v.period, v.measure, v.breakdown, v.value, v.numerator, v.denominator, "      \
    "v.text, v.explanation, v.submission_id, v.line, v.sheet, v.cols, s.file_name, "               \
    "s.imported_at"

void sg_partner_values_fini(sg_partner_values *vs)
{
    for (size_t i = 0; i < vs->n; i++) {
        free(vs->v[i].text);
        free(vs->v[i].explanation);
    }
    free(vs->v);
    memset(vs, 0, sizeof *vs);
}

static void copy(sqlite3_stmt *st, int col, char *dst, size_t sz)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    snprintf(dst, sz, "%s", t ? (const char *)t : "");
}

static char *dup_col(sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    return t ? xstrdup((const char *)t) : NULL;
}

static void real(sqlite3_stmt *st, int col, int *has, double *v)
{
    *has = sqlite3_column_type(st, col) != SQLITE_NULL;
    *v = *has ? sqlite3_column_double(st, col) : 0;
}

static int read_rows(sg_store *s, sqlite3_stmt *st, sg_partner_values *vs, sg_error *err)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (vs->n == vs->cap) {
            vs->cap = vs->cap ? vs->cap * 2 : 32;
            vs->v = xrealloc(vs->v, vs->cap * sizeof *vs->v);
        }
        sg_partner_value *v = &vs->v[vs->n++];
        memset(v, 0, sizeof *v);
        copy(st, 0, v->organisation, sizeof v->organisation);
        copy(st, 1, v->period, sizeof v->period);
        copy(st, 2, v->measure, sizeof v->measure);
        copy(st, 3, v->breakdown, sizeof v->breakdown);
        real(st, 4, &v->has_value, &v->value);
        real(st, 5, &v->has_num, &v->numerator);
        real(st, 6, &v->has_den, &v->denominator);
        v->text = dup_col(st, 7);
        v->explanation = dup_col(st, 8);
        v->submission = sqlite3_column_int64(st, 9);
        v->line = (long)sqlite3_column_int64(st, 10);
        copy(st, 11, v->sheet, sizeof v->sheet);
        copy(st, 12, v->cols, sizeof v->cols);
        copy(st, 13, v->file, sizeof v->file);
        copy(st, 14, v->imported_at, sizeof v->imported_at);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? SG_OK
                             : sg_store_dberr(sg_store_db(s), err, "cannot read partner values");
}

int sg_partner_live(sg_store *s, const char *measure, const char *period, sg_partner_values *vs,
                    sg_error *err)
{
    memset(vs, 0, sizeof *vs);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(sg_store_db(s),
                           "SELECT " COLS " FROM live_partner_value v JOIN submission s ON "
                           "s.id = v.submission_id WHERE (?1 IS NULL OR v.measure = ?1) AND "
                           "(?2 IS NULL OR v.period = ?2) ORDER BY v.measure, v.period, "
                           "v.organisation, v.breakdown, v.id",
                           -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(sg_store_db(s), err, "cannot read partner values");
    if (measure) sqlite3_bind_text(st, 1, measure, -1, SQLITE_STATIC);
    if (period) sqlite3_bind_text(st, 2, period, -1, SQLITE_STATIC);
    return read_rows(s, st, vs, err);
}

int sg_partner_of_submission(sg_store *s, int64_t submission, sg_partner_values *vs, sg_error *err)
{
    memset(vs, 0, sizeof *vs);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(sg_store_db(s),
                           "SELECT " COLS " FROM partner_value v JOIN submission s ON "
                           "s.id = v.submission_id WHERE v.submission_id = ?1 ORDER BY v.line, "
                           "v.id",
                           -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(sg_store_db(s), err, "cannot read partner values");
    sqlite3_bind_int64(st, 1, submission);
    return read_rows(s, st, vs, err);
}

void sg_partner_cell(const sg_partner_value *v, const char *field, char *out, size_t outsz)
{
    if (outsz) out[0] = '\0';
    if (!v->sheet[0] || !field) return;
    /* the field's index in SG_PARTNER_FIELDS, then that entry of cols */
    const char *names = SG_PARTNER_FIELDS;
    size_t flen = strlen(field);
    int idx = 0;
    const char *p = names;
    for (;;) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == flen && strncmp(p, field, n) == 0) break;
        if (!e) return;
        p = e + 1;
        idx++;
    }
    const char *c = v->cols;
    for (int i = 0; i < idx && c; i++) {
        c = strchr(c, ',');
        if (c) c++;
    }
    if (!c) return;
    long col = strtol(c, NULL, 10);
    if (col <= 0) return;
    char letters[8], tmp[8];
    int n = 0;
    for (long k = col; k > 0 && n < 7; k = (k - 1) / 26)
        tmp[n++] = (char)('A' + (k - 1) % 26);
    for (int i = 0; i < n; i++)
        letters[i] = tmp[n - 1 - i];
    letters[n] = '\0';
    snprintf(out, outsz, "%s!%s%ld", v->sheet, letters, v->line);
}

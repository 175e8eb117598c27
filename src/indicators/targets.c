/* targets.c - the partnership targets file, its table in the store, and the RAG rating.
 * See targets.h for the contracts and docs/formats/targets.md for the file. */
#include "indicators/targets.h"

#include "core/period.h"
#include "core/mem.h"
#include "core/str.h"
#include "indicators/ref_csv.h"
#include "ingest/csv.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FILE ((size_t)16 << 20)

/* ---- RAG ---- */

/* Values are compared in millionths of the unit: a target typed as 22.4 and a value computed
 * as 22.4 must compare equal though neither is exact in binary. */
static long long micro(double x)
{
    return llround(x * 1e6);
}

sg_rag sg_rag_of(int polarity, double value, const sg_target *t)
{
    if (!t || polarity == 0 || !isfinite(value)) return SG_RAG_NONE;
    long long v = micro(value), tg = micro(t->target), tol = micro(t->tolerance);
    /* How far the value is on the wrong side of the target (<= 0 when on the right side). */
    long long shortfall = polarity > 0 ? tg - v : v - tg;
    if (shortfall <= 0) return SG_RAG_GREEN;
    if (shortfall <= tol) return SG_RAG_AMBER;
    return SG_RAG_RED;
}

const char *sg_rag_name(sg_rag r)
{
    switch (r) {
    case SG_RAG_GREEN:
        return "green";
    case SG_RAG_AMBER:
        return "amber";
    case SG_RAG_RED:
        return "red";
    case SG_RAG_NONE:
        break;
    }
    return "";
}

/* ---- small parsers shared with comparators.c ---- */

/* Reads exactly n digits at s into *v. */
static bool digits(const char *s, size_t n, int *v)
{
    int x = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        x = x * 10 + (s[i] - '0');
    }
    *v = x;
    return true;
}

int sg_fyear_parse(const char *s, size_t len, int *year)
{
    sg_str_trim(&s, &len);
    int y = 0, y2 = 0;
    if (len < 4 || !digits(s, 4, &y) || y < 1990 || y > 2198) return SG_EINVAL;
    if (len == 4) {
        *year = y;
        return SG_OK;
    }
    if (s[4] != '-' && s[4] != '/') return SG_EINVAL;
    if (len == 7) {
        if (!digits(s + 5, 2, &y2) || y2 != (y + 1) % 100) return SG_EINVAL;
    } else if (len == 9) {
        if (!digits(s + 5, 4, &y2) || y2 != y + 1) return SG_EINVAL;
    } else {
        return SG_EINVAL;
    }
    *year = y;
    return SG_OK;
}

int sg_target_num_parse(const char *s, size_t len, double *out)
{
    sg_str_trim(&s, &len);
    if (len && s[len - 1] == '%') {
        len--;
        sg_str_trim(&s, &len);
    }
    if (len == 0 || len > 40) return SG_EINVAL;
    /* Copy without thousands separators; a comma must sit between digit groups of three. */
    char tmp[48];
    size_t k = 0, since_comma = 0;
    bool seen_comma = false, seen_point = false, any_digit = false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            tmp[k++] = c;
            since_comma++;
            any_digit = true;
        } else if (c == ',' && !seen_point && any_digit && (!seen_comma || since_comma == 3)) {
            seen_comma = true;
            since_comma = 0;
        } else if (c == '.' && !seen_point && (!seen_comma || since_comma == 3)) {
            seen_point = true;
            seen_comma = false;
            tmp[k++] = c;
        } else if ((c == '-' || c == '+') && i == 0) {
            tmp[k++] = c;
        } else {
            return SG_EINVAL;
        }
    }
    if (seen_comma && since_comma != 3) return SG_EINVAL;
    if (!any_digit) return SG_EINVAL;
    tmp[k] = '\0';
    char *end = NULL;
    errno = 0;
    double v = strtod(tmp, &end);
    if (errno || !end || *end || !isfinite(v)) return SG_EINVAL;
    *out = v;
    return SG_OK;
}

int sg_ref_row_key(const sg_csv_field *indicator, const sg_csv_field *year,
                   bool (*is_known)(const char *indicator), const char *name, char *ind, size_t cap,
                   int *year_out, sg_error *err)
{
    int rc = sg_csv_copy_trimmed(indicator, ind, cap, name, "indicator", err);
    if (rc) return rc;
    if (!ind[0] || (is_known && !is_known(ind)))
        return sg_err_at(err, SG_EPARSE, name, indicator->line, indicator->column, "indicator",
                         "'%s' is not an indicator id (see docs/indicators.md)", ind);
    if (sg_fyear_parse(year->ptr, year->len, year_out))
        return sg_err_at(err, SG_EPARSE, name, year->line, year->column, "year",
                         "'%.*s' is not a financial year (write 2023-24)",
                         (int)(year->len > 40 ? 40 : year->len), year->ptr);
    return SG_OK;
}

/* ---- reading the file ---- */

enum { T_INDICATOR, T_YEAR, T_TARGET, T_TOLERANCE, T_PRIORITY, T_COMMENT, T__COUNT };
static const char *const tcol[T__COUNT] = {"indicator", "year",     "target",
                                           "tolerance", "priority", "comment"};

/* One row of the targets file into arr[i]. */
static int target_row(void *arr, size_t i, const sg_csv_row *row, const sg_csv_field *const *f,
                      bool (*is_known)(const char *indicator), const char *name, sg_error *err)
{
    sg_target *all = arr, *t = &all[i];
    t->line = row->line;
    int rc = sg_ref_row_key(f[T_INDICATOR], f[T_YEAR], is_known, name, t->indicator,
                            sizeof t->indicator, &t->year, err);
    if (rc) return rc;
    if (sg_target_num_parse(f[T_TARGET]->ptr, f[T_TARGET]->len, &t->target))
        return sg_err_at(err, SG_EPARSE, name, f[T_TARGET]->line, f[T_TARGET]->column, "target",
                         "'%.*s' is not a number",
                         (int)(f[T_TARGET]->len > 40 ? 40 : f[T_TARGET]->len), f[T_TARGET]->ptr);
    const sg_csv_field *ft = f[T_TOLERANCE];
    if (ft && ft->len) {
        if (sg_target_num_parse(ft->ptr, ft->len, &t->tolerance) || t->tolerance < 0)
            return sg_err_at(err, SG_EPARSE, name, ft->line, ft->column, "tolerance",
                             "'%.*s' is not a number of zero or more",
                             (int)(ft->len > 40 ? 40 : ft->len), ft->ptr);
    }
    if (f[T_PRIORITY] && (rc = sg_csv_copy_trimmed(f[T_PRIORITY], t->priority, sizeof t->priority,
                                                   name, "priority", err)))
        return rc;
    if (f[T_COMMENT] && (rc = sg_csv_copy_trimmed(f[T_COMMENT], t->comment, sizeof t->comment, name,
                                                  "comment", err)))
        return rc;
    for (size_t j = 0; j < i; j++)
        if (all[j].year == t->year && strcmp(all[j].indicator, t->indicator) == 0)
            return sg_err_at(err, SG_EPARSE, name, row->line, 0, "indicator",
                             "a second target for %s in the same year (first on line %ld)",
                             t->indicator, all[j].line);
    return SG_OK;
}

static const sg_ref_csv_kind target_kind = {
    "targets",           tcol, T__COUNT,          T_TARGET + 1,
    SG_TARGETS_MAX_ROWS, 32,   sizeof(sg_target), target_row};

int sg_targets_read(const char *data, size_t len, const char *name,
                    bool (*is_known)(const char *indicator), sg_target **out, size_t *n,
                    sg_error *err)
{
    void *arr = NULL;
    int rc = sg_ref_csv_read(&target_kind, data, len, name, is_known, &arr, n, err);
    *out = arr;
    return rc;
}

/* ---- the store ---- */

static void bind_target(sqlite3_stmt *st, const void *rec, const char *file_name)
{
    const sg_target *t = rec;
    sqlite3_bind_text(st, 1, t->indicator, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, t->year);
    sqlite3_bind_double(st, 3, t->target);
    sqlite3_bind_double(st, 4, t->tolerance);
    if (t->priority[0])
        sqlite3_bind_text(st, 5, t->priority, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 5);
    if (t->comment[0])
        sqlite3_bind_text(st, 6, t->comment, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 6);
    sqlite3_bind_text(st, 7, file_name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 8, t->line);
}

int sg_targets_store(sg_store *s, const sg_target *t, size_t n, const char *file_name,
                     sg_error *err)
{
    return sg_ref_csv_store(s, &target_kind,
                            "INSERT OR REPLACE INTO target (indicator, year, target, tolerance, "
                            "priority, comment, file_name, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            bind_target, t, n, file_name, err);
}

static int store_file(sg_store *s, const void *arr, size_t n, const char *file_name, sg_error *err)
{
    return sg_targets_store(s, arr, n, file_name, err);
}

int sg_targets_load_file(sg_store *s, const char *path, bool (*is_known)(const char *indicator),
                         long *loaded, sg_error *err)
{
    return sg_ref_csv_load_file(s, &target_kind, path, MAX_FILE, is_known, store_file, loaded, err);
}

int sg_target_get(sg_store *s, const char *indicator, int year, sg_target *out, sg_error *err)
{
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT indicator, year, target, tolerance, priority, comment, line "
                           "FROM target WHERE indicator = ? AND year = ?",
                           -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot read targets");
    sqlite3_bind_text(st, 1, indicator, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, year);
    int rc = sg_store_step_row(st, "cannot read targets", err);
    if (rc == SG_OK) {
        memset(out, 0, sizeof *out);
        sg_store_col_text(st, 0, out->indicator, sizeof out->indicator);
        out->year = sqlite3_column_int(st, 1);
        out->target = sqlite3_column_double(st, 2);
        out->tolerance = sqlite3_column_double(st, 3);
        sg_store_col_text(st, 4, out->priority, sizeof out->priority);
        sg_store_col_text(st, 5, out->comment, sizeof out->comment);
        out->line = (long)sqlite3_column_int64(st, 6);
    } else if (rc == SG_ENOTFOUND) {
        sg_err(err, SG_ENOTFOUND, "no target for %s in %d", indicator, year);
    }
    sqlite3_finalize(st);
    return rc;
}

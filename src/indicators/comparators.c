/* comparators.c - the comparators file, its table in the store, and reading it back.
 * See comparators.h for the contracts and docs/formats/comparators.md for the file. */
#include "indicators/comparators.h"

#include "core/mem.h"
#include "indicators/ref_csv.h"
#include "indicators/targets.h"
#include "ingest/csv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FILE ((size_t)16 << 20)

static const char *const area_keys[SG_AREA__COUNT] = {"england", "region", "statistical_neighbours",
                                                      "core_cities"};
static const char *const area_labels[SG_AREA__COUNT] = {"England", "Region",
                                                        "Statistical neighbours", "Core cities"};

const char *sg_area_type_key(sg_area_type t)
{
    return t >= 0 && t < SG_AREA__COUNT ? area_keys[t] : "";
}

const char *sg_area_type_label(sg_area_type t)
{
    return t >= 0 && t < SG_AREA__COUNT ? area_labels[t] : "";
}

int sg_area_type_parse(const char *s, size_t len, sg_area_type *out)
{
    static const struct {
        const char *name;
        sg_area_type t;
    } names[] = {
        {"england", SG_AREA_ENGLAND},
        {"region", SG_AREA_REGION},
        {"statistical neighbours", SG_AREA_STAT_NEIGHBOURS},
        {"statistical neighbour", SG_AREA_STAT_NEIGHBOURS},
        {"sn", SG_AREA_STAT_NEIGHBOURS},
        {"core cities", SG_AREA_CORE_CITIES},
        {"core city", SG_AREA_CORE_CITIES},
    };
    if (len == 0 || len > 64) return SG_EINVAL;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (sg_csv_name_eq(s, len, names[i].name)) {
            *out = names[i].t;
            return SG_OK;
        }
    return SG_EINVAL;
}

bool sg_comparator_central(const sg_comparator *c, double *out)
{
    if (c->has_value)
        *out = c->value;
    else if (c->has_avg)
        *out = c->avg;
    else
        return false;
    return true;
}

/* ---- reading the file ---- */

enum {
    K_INDICATOR,
    K_YEAR,
    K_AREA_TYPE,
    K_SOURCE,
    K_AREA_NAME,
    K_VALUE,
    K_MIN,
    K_AVG,
    K_MAX,
    K_VINTAGE,
    K__COUNT
};
static const char *const kcol[K__COUNT] = {
    "indicator", "year", "area_type", "source", "area_name",
    "value",     "min",  "avg",       "max",    "population_vintage"};

/* An optional number: blank leaves *has false. */
static int opt_num(const sg_csv_field *f, bool *has, double *v, const char *name, const char *col,
                   sg_error *err)
{
    *has = false;
    if (!f) return SG_OK;
    size_t k = 0;
    while (k < f->len && (f->ptr[k] == ' ' || f->ptr[k] == '\t'))
        k++;
    if (k == f->len) return SG_OK;
    if (sg_target_num_parse(f->ptr, f->len, v))
        return sg_err_at(err, SG_EPARSE, name, f->line, f->column, col, "'%.*s' is not a number",
                         (int)(f->len > 40 ? 40 : f->len), f->ptr);
    *has = true;
    return SG_OK;
}

static bool same_key(const sg_comparator *a, const sg_comparator *b)
{
    return a->year == b->year && a->area_type == b->area_type &&
           strcmp(a->indicator, b->indicator) == 0 && strcmp(a->area_name, b->area_name) == 0;
}

/* Checks one parsed row for sense: some figure, and min <= avg/value <= max. */
static int check_row(const sg_comparator *c, const char *name, sg_error *err)
{
    if (!c->has_value && !c->has_avg && !c->has_min && !c->has_max)
        return sg_err_at(err, SG_EPARSE, name, c->line, 0, "value",
                         "the row has no figure (give value, or min/avg/max)");
    if (c->has_min && c->has_max && c->min > c->max)
        return sg_err_at(err, SG_EPARSE, name, c->line, 0, "min", "min is above max");
    if (c->has_avg && ((c->has_min && c->avg < c->min) || (c->has_max && c->avg > c->max)))
        return sg_err_at(err, SG_EPARSE, name, c->line, 0, "avg", "avg is outside min..max");
    if (c->has_value && ((c->has_min && c->value < c->min) || (c->has_max && c->value > c->max)))
        return sg_err_at(err, SG_EPARSE, name, c->line, 0, "value", "value is outside min..max");
    return SG_OK;
}

/* One row of the comparators file into arr[i]. */
static int comparator_row(void *arr, size_t i, const sg_csv_row *row, const sg_csv_field *const *f,
                          bool (*is_known)(const char *indicator), const char *name, sg_error *err)
{
    sg_comparator *all = arr, *c = &all[i];
    c->line = row->line;
    int rc = sg_ref_row_key(f[K_INDICATOR], f[K_YEAR], is_known, name, c->indicator,
                            sizeof c->indicator, &c->year, err);
    if (rc) return rc;
    if (sg_area_type_parse(f[K_AREA_TYPE]->ptr, f[K_AREA_TYPE]->len, &c->area_type))
        return sg_err_at(
            err, SG_EPARSE, name, f[K_AREA_TYPE]->line, f[K_AREA_TYPE]->column, "area_type",
            "'%.*s' is not an area type (England, region, statistical "
            "neighbours, core cities)",
            (int)(f[K_AREA_TYPE]->len > 40 ? 40 : f[K_AREA_TYPE]->len), f[K_AREA_TYPE]->ptr);
    if ((rc = sg_csv_copy_trimmed(f[K_SOURCE], c->source, sizeof c->source, name, "source", err)))
        return rc;
    if (!c->source[0])
        return sg_err_at(err, SG_EPARSE, name, f[K_SOURCE]->line, f[K_SOURCE]->column, "source",
                         "every comparator needs its source");
    if (f[K_AREA_NAME] && (rc = sg_csv_copy_trimmed(f[K_AREA_NAME], c->area_name,
                                                    sizeof c->area_name, name, "area_name", err)))
        return rc;
    if (!c->area_name[0])
        sg_strlcpy(c->area_name, sg_area_type_label(c->area_type), sizeof c->area_name);
    if (f[K_VINTAGE] && (rc = sg_csv_copy_trimmed(f[K_VINTAGE], c->vintage, sizeof c->vintage, name,
                                                  "population_vintage", err)))
        return rc;
    if ((rc = opt_num(f[K_VALUE], &c->has_value, &c->value, name, "value", err)) ||
        (rc = opt_num(f[K_MIN], &c->has_min, &c->min, name, "min", err)) ||
        (rc = opt_num(f[K_AVG], &c->has_avg, &c->avg, name, "avg", err)) ||
        (rc = opt_num(f[K_MAX], &c->has_max, &c->max, name, "max", err)) ||
        (rc = check_row(c, name, err)))
        return rc;
    for (size_t j = 0; j < i; j++)
        if (same_key(&all[j], c))
            return sg_err_at(err, SG_EPARSE, name, row->line, 0, "indicator",
                             "a second row for %s, %d, %s '%s' (first on line %ld)", c->indicator,
                             c->year, sg_area_type_key(c->area_type), c->area_name, all[j].line);
    return SG_OK;
}

static const sg_ref_csv_kind comparator_kind = {
    "comparators",         kcol,          K__COUNT, K_SOURCE + 1, SG_COMPARATORS_MAX_ROWS, 64,
    sizeof(sg_comparator), comparator_row};

int sg_comparators_read(const char *data, size_t len, const char *name,
                        bool (*is_known)(const char *indicator), sg_comparator **out, size_t *n,
                        sg_error *err)
{
    void *arr = NULL;
    int rc = sg_ref_csv_read(&comparator_kind, data, len, name, is_known, &arr, n, err);
    *out = arr;
    return rc;
}

/* ---- the store ---- */

static void bind_opt(sqlite3_stmt *st, int i, bool has, double v)
{
    if (has)
        sqlite3_bind_double(st, i, v);
    else
        sqlite3_bind_null(st, i);
}

static void bind_comparator(sqlite3_stmt *st, const void *rec, const char *file_name)
{
    const sg_comparator *c = rec;
    sqlite3_bind_text(st, 1, c->indicator, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, c->year);
    sqlite3_bind_text(st, 3, sg_area_type_key(c->area_type), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, c->area_name, -1, SQLITE_STATIC);
    bind_opt(st, 5, c->has_value, c->value);
    bind_opt(st, 6, c->has_min, c->min);
    bind_opt(st, 7, c->has_avg, c->avg);
    bind_opt(st, 8, c->has_max, c->max);
    sqlite3_bind_text(st, 9, c->source, -1, SQLITE_STATIC);
    if (c->vintage[0])
        sqlite3_bind_text(st, 10, c->vintage, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 10);
    sqlite3_bind_text(st, 11, file_name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 12, c->line);
}

int sg_comparators_store(sg_store *s, const sg_comparator *c, size_t n, const char *file_name,
                         sg_error *err)
{
    return sg_ref_csv_store(s, &comparator_kind,
                            "INSERT OR REPLACE INTO comparator (indicator, year, area_type, "
                            "area_name, value, min, avg, max, source, population_vintage, "
                            "file_name, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            bind_comparator, c, n, file_name, err);
}

static int store_file(sg_store *s, const void *arr, size_t n, const char *file_name, sg_error *err)
{
    return sg_comparators_store(s, arr, n, file_name, err);
}

int sg_comparators_load_file(sg_store *s, const char *path, bool (*is_known)(const char *indicator),
                             long *loaded, sg_error *err)
{
    return sg_ref_csv_load_file(s, &comparator_kind, path, MAX_FILE, is_known, store_file, loaded,
                                err);
}

static void col_opt(sqlite3_stmt *st, int i, bool *has, double *v)
{
    *has = sqlite3_column_type(st, i) != SQLITE_NULL;
    *v = *has ? sqlite3_column_double(st, i) : 0;
}

int sg_comparators_each(sg_store *s, const char *indicator, int from_year, int to_year,
                        sg_comparator_fn fn, void *ctx, sg_error *err)
{
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    /* area_type is ordered as the enum is, not alphabetically. */
    if (sqlite3_prepare_v2(db,
                           "SELECT indicator, year, area_type, area_name, value, min, avg, max, "
                           "source, population_vintage, line FROM comparator "
                           "WHERE (?1 IS NULL OR indicator = ?1) AND year BETWEEN ?2 AND ?3 "
                           "ORDER BY indicator, year, CASE area_type WHEN 'england' THEN 0 "
                           "WHEN 'region' THEN 1 WHEN 'statistical_neighbours' THEN 2 ELSE 3 "
                           "END, area_name",
                           -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot read comparators");
    if (indicator) sqlite3_bind_text(st, 1, indicator, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, from_year);
    sqlite3_bind_int(st, 3, to_year);
    int rc = SG_OK, step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        sg_comparator c;
        memset(&c, 0, sizeof c);
        sg_store_col_text(st, 0, c.indicator, sizeof c.indicator);
        c.year = sqlite3_column_int(st, 1);
        const unsigned char *at = sqlite3_column_text(st, 2);
        for (int t = 0; t < SG_AREA__COUNT; t++)
            if (at && strcmp((const char *)at, area_keys[t]) == 0) c.area_type = (sg_area_type)t;
        sg_store_col_text(st, 3, c.area_name, sizeof c.area_name);
        col_opt(st, 4, &c.has_value, &c.value);
        col_opt(st, 5, &c.has_min, &c.min);
        col_opt(st, 6, &c.has_avg, &c.avg);
        col_opt(st, 7, &c.has_max, &c.max);
        sg_store_col_text(st, 8, c.source, sizeof c.source);
        sg_store_col_text(st, 9, c.vintage, sizeof c.vintage);
        c.line = (long)sqlite3_column_int64(st, 10);
        if ((rc = fn(ctx, &c))) break;
    }
    if (!rc && step != SQLITE_DONE) rc = sg_store_dberr(db, err, "cannot read comparators");
    sqlite3_finalize(st);
    return rc;
}

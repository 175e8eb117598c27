/* ref_csv.c - the reading loop, the storing transaction and the file loader shared by the
 * targets and comparators files. See ref_csv.h for the contract. */
#include "indicators/ref_csv.h"

#include "core/file.h"
#include "core/mem.h"
#include "core/str.h"
#include "store/store.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>

int sg_ref_csv_read(const sg_ref_csv_kind *k, const char *data, size_t len, const char *name,
                    bool (*is_known)(const char *indicator), void **out, size_t *n, sg_error *err)
{
    *out = NULL;
    *n = 0;
    if (k->ncols > SG_REF_CSV_MAX_COLS || k->required > k->ncols)
        return sg_err_at(err, SG_EINVAL, name, 0, 0, NULL, "too many columns for a %s file",
                         k->what);
    sg_csv *csv = sg_csv_new_mem(data, len, name, NULL);
    char *arr = NULL;
    size_t count = 0, cap = 0;
    int col[SG_REF_CSV_MAX_COLS];
    const sg_csv_row *row = NULL;
    int rc = sg_csv_next(csv, &row, err);
    if (rc) goto out;
    if (!row) {
        rc = sg_err_at(err, SG_EPARSE, name, 1, 0, NULL, "the %s file is empty", k->what);
        goto out;
    }
    if ((rc = sg_csv_map_columns(row, k->cols, k->ncols, k->required, col, name, k->what, err)))
        goto out;
    while ((rc = sg_csv_next(csv, &row, err)) == SG_OK && row) {
        if (count >= k->max_rows) {
            rc = sg_err_at(err, SG_ELIMIT, name, row->line, 0, NULL, "more than %zu %s in one file",
                           k->max_rows, k->what);
            goto out;
        }
        if (count == cap) {
            cap = cap ? cap * 2 : k->first_cap;
            arr = xrealloc(arr, cap * k->size);
        }
        memset(arr + count * k->size, 0, k->size);
        const sg_csv_field *f[SG_REF_CSV_MAX_COLS];
        sg_csv_pick(row, col, k->ncols, f);
        for (int i = 0; i < k->required; i++)
            if (!f[i]) {
                rc = sg_err_at(err, SG_EPARSE, name, row->line, 0, NULL,
                               "the row has fewer fields than the header");
                goto out;
            }
        if ((rc = k->row(arr, count, row, f, is_known, name, err))) goto out;
        count++;
    }
out:
    sg_csv_free(csv);
    if (rc) {
        free(arr);
        return rc;
    }
    *out = arr;
    *n = count;
    return SG_OK;
}

int sg_ref_csv_store(sg_store *s, const sg_ref_csv_kind *k, const char *insert_sql,
                     sg_ref_csv_bind_fn bind, const void *arr, size_t n, const char *file_name,
                     sg_error *err)
{
    char what[64];
    snprintf(what, sizeof what, "cannot store %s", k->what);
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    int rc = sg_store_begin(s, err);
    if (rc) return rc;
    if (sqlite3_prepare_v2(db, insert_sql, -1, &st, NULL) != SQLITE_OK) {
        rc = sg_store_dberr(db, err, what);
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        sqlite3_reset(st);
        bind(st, (const char *)arr + i * k->size, file_name ? file_name : "");
        if (sqlite3_step(st) != SQLITE_DONE) {
            rc = sg_store_dberr(db, err, what);
            goto out;
        }
    }
    sqlite3_finalize(st);
    st = NULL;
    rc = sg_store_commit(s, err);
out:
    sqlite3_finalize(st);
    if (rc) sg_store_rollback(s);
    return rc;
}

int sg_ref_csv_load_file(sg_store *s, const sg_ref_csv_kind *k, const char *path, size_t max_bytes,
                         bool (*is_known)(const char *indicator),
                         int (*store)(sg_store *s, const void *arr, size_t n, const char *file_name,
                                      sg_error *err),
                         long *loaded, sg_error *err)
{
    char *data = NULL;
    size_t len = 0;
    void *arr = NULL;
    size_t n = 0;
    int rc = sg_read_file(path, max_bytes, &data, &len, err);
    if (rc) return rc;
    rc = sg_ref_csv_read(k, data, len, path, is_known, &arr, &n, err);
    if (!rc) rc = store(s, arr, n, sg_base_name(path), err);
    if (!rc && loaded) *loaded = (long)n;
    free(arr);
    free(data);
    return rc;
}

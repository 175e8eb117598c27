/* register_fixture.h - scaffolding shared by the register tests: a fresh store in a mkdtemp
 * directory, a fixed "today" (SG_TODAY), and loading the documented example files. */
#ifndef SG_REGISTER_FIXTURE_H
#define SG_REGISTER_FIXTURE_H

#include "registers/register.h"
#include "store/store.h"
#include "test_util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FX_TODAY "2025-06-30"

typedef struct fx {
    char dir[64];
    sg_store *s;
} fx;

static inline int fx_setup(void **state)
{
    setenv("SG_TODAY", FX_TODAY, 1);
    fx *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/sg-reg-XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    sg_error e;
    sg_error_clear(&e);
    if (sg_store_open(f->dir, true, &f->s, &e) != SG_OK) return -1;
    *state = f;
    return 0;
}

static inline int fx_teardown(void **state)
{
    fx *f = *state;
    sg_store_close(f->s);
    tu_rm_rf(f->dir);
    free(f);
    return 0;
}

/* The path of docs/formats/examples/register_<name>.csv. */
static inline void fx_example(const char *name, char *out, size_t outsz)
{
    const char *src = getenv("SG_SOURCE_DIR");
    snprintf(out, outsz, "%s/docs/formats/examples/register_%s.csv", src ? src : SG_SOURCE_DIR,
             name);
}

/* Imports CSV text held in memory; returns the status, err filled. */
static inline int fx_import_text(sg_store *s, const sg_register *reg, const char *text,
                                 sg_reg_import_stats *st, sg_error *err)
{
    FILE *fp = fmemopen((void *)text, strlen(text), "r");
    if (!fp) return SG_EIO;
    int rc = sg_reg_import_csv(s, reg, fp, "test.csv", "tester", st, err);
    fclose(fp);
    return rc;
}

/* Imports the example of every register, in registry order (references resolve). */
static inline int fx_import_examples(sg_store *s, sg_error *err)
{
    size_t n;
    const sg_register *const *all = sg_reg_all(&n);
    for (size_t i = 0; i < n; i++) {
        char path[512];
        fx_example(all[i]->name, path, sizeof path);
        FILE *fp = fopen(path, "rb");
        if (!fp) continue; /* a register without an example yet */
        sg_reg_import_stats st;
        int rc = sg_reg_import_csv(s, all[i], fp, path, "tester", &st, err);
        fclose(fp);
        if (rc) return rc;
    }
    return SG_OK;
}

/* Reads a whole file (caller frees); NULL when it cannot be read. */
static inline char *fx_slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n - 1, fp)) > 0) {
        n += got;
        if (cap - n < 2) buf = realloc(buf, cap *= 2);
    }
    fclose(fp);
    buf[n] = '\0';
    if (len) *len = n;
    return buf;
}

/* Exports a register into a heap string (caller frees). */
static inline char *fx_export(sg_store *s, const sg_register *reg)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    sg_error e;
    sg_error_clear(&e);
    int rc = sg_reg_export_csv(s, reg, mem, &e);
    fclose(mem);
    if (rc) {
        free(buf);
        return NULL;
    }
    return buf;
}

static inline long fx_query_long(sg_store *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long v = -1;
    if (sqlite3_prepare_v2(sg_store_db(s), sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

#endif

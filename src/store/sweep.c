/* sweep.c - clearing originals/ of what a killed import leaves behind: temporary files whose
 * writer died (every time the store opens: one directory listing), and complete originals that
 * no submission refers to (only when asked, under SQLite's write lock).
 *
 * Why these rules. Other processes may be importing into the same store at the same moment (a
 * second CLI import, the web service's upload workers): their temporary files are live. A
 * writer holds an exclusive flock on its temporary file until the file has been renamed into
 * place, and the kernel drops that lock when the writer dies, so "unlocked" means "abandoned"
 * exactly, with no guess about how long an import may take (an age limit would either wait
 * for hours or remove a slow national import's file). A complete original with no submission
 * is normal while an import's transaction is open (the copy is kept before COMMIT), so those
 * are judged only inside BEGIN IMMEDIATE: while we hold the write lock no import transaction is
 * open, and every import keeps its originals inside its transaction. */
#include "store/original_int.h"
#include "store/store.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Calls fn for every entry of originals/ (but . and ..). */
static int each_entry(sg_store *s, int (*fn)(void *ctx, const char *dir, const char *name),
                      void *ctx, sg_error *err)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/originals", sg_store_dir(s));
    DIR *d = opendir(dir);
    if (!d)
        return errno == ENOENT ? SG_OK
                               : sg_err(err, SG_EIO, "cannot list %s: %s", dir, strerror(errno));
    int rc = SG_OK;
    struct dirent *de;
    while (!rc && (de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
        rc = fn(ctx, dir, de->d_name);
    }
    closedir(d);
    return rc;
}

typedef struct sweep_ctx {
    sg_store *s;
    sg_sweep_stats *st;
    sqlite3_stmt *ref; /* NULL: temporary files only */
    sg_error *err;
} sweep_ctx;

static int sweep_entry(void *arg, const char *dir, const char *name)
{
    sweep_ctx *c = arg;
    char path[4096 + 300];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (sg_orig_is_temp(name)) {
        if (sg_orig_remove_if_unlocked(path))
            c->st->temps_removed++;
        else
            c->st->temps_in_use++;
        return SG_OK;
    }
    size_t plen = strlen(SG_ORIG_PREFIX);
    if (strncmp(name, SG_ORIG_PREFIX, plen) == 0 && sg_orig_is_hex64(name + plen)) {
        if (!c->ref) return SG_OK;
        sqlite3_reset(c->ref);
        sqlite3_bind_text(c->ref, 1, name + plen, -1, SQLITE_TRANSIENT);
        int r = sqlite3_step(c->ref);
        if (r == SQLITE_ROW) {
            c->st->kept++;
        } else if (r == SQLITE_DONE) {
            if (remove(path) == 0)
                c->st->unreferenced_removed++;
            else
                return sg_err(c->err, SG_EIO, "cannot remove %s: %s", path, strerror(errno));
        } else {
            return sg_store_dberr(sg_store_db(c->s), c->err, "cannot look up a submission");
        }
        return SG_OK;
    }
    if (sg_orig_is_hex64(name))
        c->st->legacy_left++;
    else
        c->st->other++;
    return SG_OK;
}

int sg_store_sweep_temps(sg_store *s, sg_sweep_stats *st, sg_error *err)
{
    sg_sweep_stats local;
    if (!st) st = &local;
    memset(st, 0, sizeof *st);
    sweep_ctx c = {.s = s, .st = st, .ref = NULL, .err = err};
    return each_entry(s, sweep_entry, &c, err);
}

int sg_store_sweep(sg_store *s, sg_sweep_stats *st, sg_error *err)
{
    sg_sweep_stats local;
    if (!st) st = &local;
    memset(st, 0, sizeof *st);
    sqlite3 *db = sg_store_db(s);
    /* Not the usual 10 s: an import can hold the lock for minutes; say so soon instead. */
    sqlite3_busy_timeout(db, 2000);
    int r = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    sqlite3_busy_timeout(db, 10000);
    if (r != SQLITE_OK) {
        if ((r & 0xff) == SQLITE_BUSY)
            return sg_err(err, SG_ECONFLICT,
                          "the store is busy (an import is running): sweep again when it is done");
        return sg_store_dberr(db, err, "cannot lock the store");
    }
    sqlite3_stmt *ref = NULL;
    int rc = SG_OK;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM submission WHERE sha256 = ?1", -1, &ref, NULL) !=
        SQLITE_OK)
        rc = sg_store_dberr(db, err, "cannot look up submissions");
    if (!rc) {
        sweep_ctx c = {.s = s, .st = st, .ref = ref, .err = err};
        rc = each_entry(s, sweep_entry, &c, err);
    }
    sqlite3_finalize(ref);
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL); /* nothing was written */
    return rc;
}

/* backup.c - backing up a store folder while it is in use, and restoring a backup only after
 * every byte of it has been checked.
 *
 * Backup: the database is copied with SQLite's online backup API in one step, i.e. inside one
 * read transaction of a connection of our own: under WAL that is a consistent snapshot of the
 * last commit, and neither the web service nor a running import is blocked. Originals are
 * written (and renamed into place) before the import that refers to them commits, and are
 * never changed or removed afterwards, so listing originals/ after the snapshot finds every
 * file the snapshot refers to (plus those of imports still running, which is harmless).
 * Files are copied whatever their names (the naming of originals is originals.c's business);
 * in-progress temporaries are left out. The published report (published/, the web service's
 * default) is copied too; other folders of the store (backups/ above all) are not. The MANIFEST
 * records the stored bytes' SHA-256, so an encrypted original is verified without decrypting it.
 *
 * Order of writing, so that no moment of a crash leaves a folder restore would accept:
 * temporary sibling folder -> database, key, originals, published (each fsynced) ->
 * MANIFEST.partial -> fsync the folders -> rename the folder to DEST -> rename MANIFEST.partial to
 * MANIFEST.
 *
 * Fault injection for the tests (tests/e2e/backup_restore.sh): when SG_TEST_BACKUP_PAUSE_AT is
 * N (1..5) and SG_TEST_BACKUP_PAUSE_MARKER names a file, the backup creates that file at step N
 * and waits (up to 60 s) until it is removed, so a test can kill it there: 1 temporary folder
 * made, 2 database copied, 3 first original copied, 4 MANIFEST.partial written, 5 folder
 * renamed into place. Without both variables nothing happens. */
#include "store/backup.h"

#include "core/clock.h"
#include "core/digest.h"
#include "core/file.h"
#include "core/mem.h"
#include "core/version.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PATH_CAP 4096
#define MANIFEST_PARTIAL "MANIFEST.partial"
#define MANIFEST_MAX (64 << 20)
#define COPY_CHUNK (1 << 16)

typedef struct bfile {
    char *path; /* relative to the backup folder: "safeguard.db", "originals/<name>" */
    int64_t size;
    char sha[SG_SHA256_HEX];
} bfile;

typedef struct flist {
    bfile *v;
    size_t n, cap;
} flist;

static void flist_add(flist *l, const char *path, int64_t size, const char *sha)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n].path = xstrdup(path);
    l->v[l->n].size = size;
    sg_strlcpy(l->v[l->n].sha, sha, sizeof l->v[l->n].sha);
    l->n++;
}

static void flist_free(flist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].path);
    free(l->v);
    memset(l, 0, sizeof *l);
}

static void pause_at(int step)
{
    const char *at = getenv("SG_TEST_BACKUP_PAUSE_AT"),
               *marker = getenv("SG_TEST_BACKUP_PAUSE_MARKER");
    char *end = NULL;
    long want = at ? strtol(at, &end, 10) : -1;
    if (!at || end == at || *end || want != step) return;
    sg_test_hold(marker);
}

static int join(char *out, const char *a, const char *b, sg_error *err)
{
    int n = snprintf(out, PATH_CAP, "%s/%s", a, b);
    if (n < 0 || n >= PATH_CAP) return sg_err(err, SG_ELIMIT, "path too long: %s/%s", a, b);
    return SG_OK;
}

static int fsync_path(const char *path, sg_error *err)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) return sg_err_at(err, SG_EIO, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
    int rc = fsync(fd) == 0
                 ? SG_OK
                 : sg_err_at(err, SG_EIO, path, 0, 0, NULL, "cannot sync: %s", strerror(errno));
    close(fd);
    return rc;
}

/* dest must be missing or an empty folder. Splits it into parent and base name. */
static int check_target(const char *dest, char *parent, char *base, const char *what, sg_error *err)
{
    size_t n = dest ? strlen(dest) : 0;
    while (n > 1 && dest[n - 1] == '/')
        n--;
    if (n == 0) return sg_err(err, SG_EINVAL, "no %s folder given", what);
    if (n >= PATH_CAP - 64) return sg_err(err, SG_ELIMIT, "the %s path is too long", what);
    char clean[PATH_CAP];
    memcpy(clean, dest, n);
    clean[n] = '\0';
    const char *slash = strrchr(clean, '/');
    if (slash) {
        size_t pn = slash == clean ? 1 : (size_t)(slash - clean);
        memcpy(parent, clean, pn);
        parent[pn] = '\0';
        sg_strlcpy(base, slash + 1, PATH_CAP);
    } else {
        sg_strlcpy(parent, ".", PATH_CAP);
        sg_strlcpy(base, clean, PATH_CAP);
    }
    if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
        return sg_err(err, SG_EINVAL, "%s is not a usable %s folder name", dest, what);
    struct stat st;
    if (stat(clean, &st) != 0) {
        if (errno != ENOENT)
            return sg_err_at(err, SG_EIO, clean, 0, 0, NULL, "cannot check: %s", strerror(errno));
        return SG_OK;
    }
    if (!S_ISDIR(st.st_mode))
        return sg_err(err, SG_ECONFLICT,
                      "%s exists and is not a folder: the %s must go to a new "
                      "or empty folder",
                      clean, what);
    DIR *d = opendir(clean);
    if (!d) return sg_err_at(err, SG_EIO, clean, 0, 0, NULL, "cannot read: %s", strerror(errno));
    struct dirent *e;
    bool empty = true;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) empty = false;
    closedir(d);
    if (!empty)
        return sg_err(err, SG_ECONFLICT, "%s is not empty: the %s must go to a new or empty folder",
                      clean, what);
    return SG_OK;
}

/* Copies from -> to (created 0600, must not exist), hashing the bytes as they pass and
 * fsyncing the copy. *vanished (when given) is set instead of failing if from does not exist. */
static int copy_file(const char *from, const char *to, char sha[SG_SHA256_HEX], int64_t *size,
                     bool *vanished, sg_error *err)
{
    int in = open(from, O_RDONLY);
    if (in < 0) {
        if (errno == ENOENT && vanished) {
            *vanished = true;
            return SG_OK;
        }
        if (errno == ENOENT) return sg_err_at(err, SG_ENOTFOUND, from, 0, 0, NULL, "missing");
        return sg_err_at(err, SG_EIO, from, 0, 0, NULL, "cannot open: %s", strerror(errno));
    }
    int out = open(to, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (out < 0) {
        close(in);
        return sg_err_at(err, SG_EIO, to, 0, 0, NULL, "cannot create: %s", strerror(errno));
    }
    crypto_hash_sha256_state hs;
    crypto_hash_sha256_init(&hs);
    unsigned char *buf = xmalloc(COPY_CHUNK);
    int64_t total = 0;
    int rc = SG_OK;
    for (;;) {
        ssize_t n = read(in, buf, COPY_CHUNK);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            rc = sg_err_at(err, SG_EIO, from, 0, 0, NULL, "read error: %s", strerror(errno));
            break;
        }
        if (n == 0) break;
        crypto_hash_sha256_update(&hs, buf, (size_t)n);
        for (ssize_t off = 0; off < n;) {
            ssize_t w = write(out, buf + off, (size_t)(n - off));
            if (w < 0 && errno == EINTR) continue;
            if (w < 0) {
                rc = sg_err_at(err, SG_EIO, to, 0, 0, NULL, "write error: %s", strerror(errno));
                break;
            }
            off += w;
        }
        if (rc) break;
        total += n;
    }
    free(buf);
    close(in);
    if (!rc && fsync(out) != 0)
        rc = sg_err_at(err, SG_EIO, to, 0, 0, NULL, "cannot sync: %s", strerror(errno));
    if (close(out) != 0 && !rc)
        rc = sg_err_at(err, SG_EIO, to, 0, 0, NULL, "write error: %s", strerror(errno));
    if (rc) return rc;
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&hs, h);
    sodium_bin2hex(sha, SG_SHA256_HEX, h, sizeof h);
    *size = total;
    return SG_OK;
}

/* The database: one backup step over all pages (one read transaction = one snapshot). */
static int copy_database(const char *from, const char *to, int *schema, sg_error *err)
{
    int fd = open(to, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) return sg_err_at(err, SG_EIO, to, 0, 0, NULL, "cannot create: %s", strerror(errno));
    close(fd);
    sqlite3 *src = NULL, *dst = NULL;
    int rc = SG_OK;
    if (sqlite3_open_v2(from, &src, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        rc = sg_store_dberr(src, err, "cannot open the database to back it up");
        goto out;
    }
    sqlite3_busy_timeout(src, 10000);
    if (sqlite3_open_v2(to, &dst, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        rc = sg_store_dberr(dst, err, "cannot open the backup database");
        goto out;
    }
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
    if (!b) {
        rc = sg_store_dberr(dst, err, "cannot start the database backup");
        goto out;
    }
    int step;
    do {
        step = sqlite3_backup_step(b, -1);
        if (step == SQLITE_BUSY || step == SQLITE_LOCKED) sqlite3_sleep(50);
    } while (step == SQLITE_OK || step == SQLITE_BUSY || step == SQLITE_LOCKED);
    sqlite3_backup_finish(b);
    if (step != SQLITE_DONE) {
        rc = sg_err(err, SG_EDB, "the database backup failed: %s", sqlite3_errstr(step));
        goto out;
    }
    /* The copy is a single self-contained file: rollback journal mode, no -wal beside it. */
    sqlite3_stmt *st = NULL;
    if (sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(dst, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        rc = sg_store_dberr(dst, err, "cannot finish the backup database");
        goto out;
    }
    *schema = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
out:
    sqlite3_close_v2(src);
    if (dst && sqlite3_close(dst) != SQLITE_OK && !rc)
        rc = sg_err(err, SG_EDB, "cannot close the backup database");
    return rc;
}

static int by_path(const void *a, const void *b)
{
    return strcmp(((const bfile *)a)->path, ((const bfile *)b)->path);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The regular files in dir whose names do not start with '.', sorted. */
static int list_names(const char *dir, char ***names, size_t *n, sg_error *err)
{
    *names = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d) {
        if (errno == ENOENT) return SG_OK;
        return sg_err_at(err, SG_EIO, dir, 0, 0, NULL, "cannot read: %s", strerror(errno));
    }
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            *names = xrealloc(*names, cap * sizeof **names);
        }
        (*names)[(*n)++] = xstrdup(e->d_name);
    }
    closedir(d);
    if (*n) qsort(*names, *n, sizeof **names, cmp_str);
    return SG_OK;
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

static int write_manifest(const char *path, int schema, const char *created, const flist *l,
                          sg_error *err)
{
    json_t *files = json_array();
    for (size_t i = 0; i < l->n; i++)
        json_array_append_new(files, json_pack("{s:s, s:I, s:s}", "path", l->v[i].path, "size",
                                               (json_int_t)l->v[i].size, "sha256", l->v[i].sha));
    json_t *o =
        json_pack("{s:s, s:s, s:i, s:s, s:o}", "format", SG_BACKUP_FORMAT, "version", sg_version(),
                  "schema_version", schema, "created_at", created, "files", files);
    char *text = o ? json_dumps(o, JSON_INDENT(1) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(o);
    if (!text) return sg_err(err, SG_ENOMEM, "cannot build the MANIFEST");
    int rc = SG_OK;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
        free(text);
        return sg_err_at(err, SG_EIO, path, 0, 0, NULL, "cannot create: %s", strerror(errno));
    }
    size_t len = strlen(text);
    text[len] = '\n'; /* json_dumps' NUL becomes the final newline */
    for (size_t off = 0; off <= len && !rc;) {
        ssize_t w = write(fd, text + off, len + 1 - off);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0)
            rc = sg_err_at(err, SG_EIO, path, 0, 0, NULL, "write error: %s", strerror(errno));
        else
            off += (size_t)w;
    }
    free(text);
    if (!rc && fsync(fd) != 0)
        rc = sg_err_at(err, SG_EIO, path, 0, 0, NULL, "cannot sync: %s", strerror(errno));
    if (close(fd) != 0 && !rc)
        rc = sg_err_at(err, SG_EIO, path, 0, 0, NULL, "write error: %s", strerror(errno));
    return rc;
}

/* Removes a temporary folder we made (its files and originals/ only: nothing else is in it). */
static void remove_tmp(const char *dir)
{
    char sub[PATH_CAP], p[PATH_CAP];
    static const char *const subs[] = {"originals", "published"};
    for (size_t k = 0; k < 2; k++) {
        if (join(sub, dir, subs[k], NULL) != SG_OK) continue;
        DIR *d = opendir(sub);
        struct dirent *e;
        while (d && (e = readdir(d)))
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
                join(p, sub, e->d_name, NULL) == SG_OK)
                unlink(p);
        if (d) closedir(d);
        rmdir(sub);
    }
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
            join(p, dir, e->d_name, NULL) == SG_OK)
            unlink(p);
    if (d) closedir(d);
    rmdir(dir);
}

static int make_tmp(const char *parent, const char *base, const char *kind, char *tmp,
                    sg_error *err)
{
    int n = snprintf(tmp, PATH_CAP, "%s/.%s.%s-XXXXXX", parent, base, kind);
    if (n < 0 || n >= PATH_CAP) return sg_err(err, SG_ELIMIT, "path too long");
    if (!mkdtemp(tmp))
        return sg_err_at(err, SG_EIO, parent, 0, 0, NULL,
                         "cannot create a temporary folder here: %s", strerror(errno));
    return SG_OK;
}

/* Renames tmp to the target folder (replacing it when it is an empty folder) durably. */
static int put_in_place(const char *tmp, const char *parent, const char *base, sg_error *err)
{
    char final[PATH_CAP];
    int rc = join(final, parent, base, err);
    if (rc) return rc;
    if (rename(tmp, final) != 0)
        return sg_err_at(err, SG_EIO, final, 0, 0, NULL,
                         "cannot rename the finished folder "
                         "into place: %s",
                         strerror(errno));
    return fsync_path(parent, err);
}

/* Skipped in a store's folders: in-progress temporaries (".name.tmp-XXXXXX" in originals/,
 * "report.html.tmp" in published/), never a finished file. */
static bool temporary(const char *name)
{
    size_t n = strlen(name);
    return name[0] == '.' || (n >= 4 && strcmp(name + n - 4, ".tmp") == 0);
}

/* Copies the finished files of store_dir/sub into tmp/sub (made 0700; only when there is
 * something to copy unless always), adding them to l and counting them in *count. */
static int copy_folder(const char *store_dir, const char *tmp, const char *sub, bool always,
                       flist *l, long *count, sg_error *err)
{
    char from_dir[PATH_CAP], to_dir[PATH_CAP], from[PATH_CAP], to[PATH_CAP], rel[PATH_CAP];
    char **names = NULL, sha[SG_SHA256_HEX];
    size_t n = 0;
    int64_t size = 0;
    int rc = join(from_dir, store_dir, sub, err);
    if (!rc) rc = join(to_dir, tmp, sub, err);
    if (!rc) rc = list_names(from_dir, &names, &n, err);
    if (rc) return rc;
    bool made = false;
    for (size_t i = 0; i < n && !rc; i++) {
        bool vanished = false;
        if (temporary(names[i])) continue;
        if (!made && mkdir(to_dir, 0700) != 0) {
            rc = sg_err_at(err, SG_EIO, to_dir, 0, 0, NULL, "cannot create: %s", strerror(errno));
            break;
        }
        made = true;
        snprintf(rel, sizeof rel, "%s/%s", sub, names[i]);
        if ((rc = join(from, from_dir, names[i], err)) || (rc = join(to, to_dir, names[i], err)) ||
            (rc = copy_file(from, to, sha, &size, &vanished, err)))
            break;
        if (vanished) continue; /* a temporary that went away: nothing kept is ever removed */
        flist_add(l, rel, size, sha);
        if (++*count == 1 && strcmp(sub, "originals") == 0) pause_at(3);
    }
    free_names(names, n);
    if (rc) return rc;
    if (!made && always && mkdir(to_dir, 0700) != 0)
        return sg_err_at(err, SG_EIO, to_dir, 0, 0, NULL, "cannot create: %s", strerror(errno));
    if (made || always) rc = fsync_path(to_dir, err);
    return rc;
}

int sg_backup_dir(const char *store_dir, const char *dest, sg_backup_info *info, sg_error *err)
{
    sg_backup_info tmpinfo;
    if (!info) info = &tmpinfo;
    memset(info, 0, sizeof *info);
    char parent[PATH_CAP], base[PATH_CAP], tmp[PATH_CAP], from[PATH_CAP], to[PATH_CAP];
    int rc = check_target(dest, parent, base, "backup", err);
    if (rc) return rc;
    if ((rc = join(from, store_dir, "safeguard.db", err))) return rc;
    if (access(from, F_OK) != 0)
        return sg_err(err, SG_ENOTFOUND, "no store at %s (no safeguard.db)", store_dir);
    if ((rc = make_tmp(parent, base, "partial", tmp, err))) return rc;
    pause_at(1);
    flist l = {0};
    char sha[SG_SHA256_HEX];
    int64_t size = 0;

    /* 1. the database snapshot */
    if ((rc = join(to, tmp, "safeguard.db", err)) ||
        (rc = copy_database(from, to, &info->schema_version, err)) || (rc = fsync_path(to, err)) ||
        (rc = sg_sha256_file(to, sha, err)))
        goto fail;
    struct stat st;
    if (stat(to, &st) != 0) {
        rc = sg_err_at(err, SG_EIO, to, 0, 0, NULL, "cannot stat: %s", strerror(errno));
        goto fail;
    }
    flist_add(&l, "safeguard.db", (int64_t)st.st_size, sha);
    pause_at(2);

    /* 2. the partnership key */
    if ((rc = join(from, store_dir, "partnership.key", err)) ||
        (rc = join(to, tmp, "partnership.key", err)) ||
        (rc = copy_file(from, to, sha, &size, NULL, err)))
        goto fail;
    flist_add(&l, "partnership.key", size, sha);

    /* 3. the originals, listed after the snapshot so every one it refers to is there; then the
     * published report, if any */
    if ((rc = copy_folder(store_dir, tmp, "originals", true, &l, &info->originals, err))) goto fail;
    long published = 0;
    if ((rc = copy_folder(store_dir, tmp, "published", false, &l, &published, err))) goto fail;

    /* 4. MANIFEST.partial, then every folder synced */
    sg_utc_stamp((int64_t)time(NULL), info->created_at, sizeof info->created_at, NULL);
    if ((rc = join(to, tmp, MANIFEST_PARTIAL, err)) ||
        (rc = write_manifest(to, info->schema_version, info->created_at, &l, err)) ||
        (rc = fsync_path(tmp, err)))
        goto fail;
    pause_at(4);

    /* 5. into place, then the MANIFEST, last */
    if ((rc = put_in_place(tmp, parent, base, err))) goto fail;
    pause_at(5);
    char final[PATH_CAP], mpart[PATH_CAP], mfinal[PATH_CAP];
    if ((rc = join(final, parent, base, err)) || (rc = join(mpart, final, MANIFEST_PARTIAL, err)) ||
        (rc = join(mfinal, final, SG_BACKUP_MANIFEST, err)))
        goto done;
    if (rename(mpart, mfinal) != 0) {
        rc = sg_err_at(err, SG_EIO, mfinal, 0, 0, NULL, "cannot write: %s", strerror(errno));
        goto done;
    }
    rc = fsync_path(final, err);
done:
    for (size_t i = 0; i < l.n; i++)
        info->bytes += l.v[i].size;
    info->files = (long)l.n;
    flist_free(&l);
    return rc;
fail:
    remove_tmp(tmp);
    flist_free(&l);
    return rc;
}

int sg_backup(sg_store *s, const char *dest, sg_backup_info *info, sg_error *err)
{
    return sg_backup_dir(sg_store_dir(s), dest, info, err);
}

/* ---- reading a backup ---- */

/* A MANIFEST path is "safeguard.db", "partnership.key" or "originals/<name>" with a name that
 * is not hidden and has no further '/'. Anything else could write outside the store. */
static bool path_ok(const char *p)
{
    if (strcmp(p, "safeguard.db") == 0 || strcmp(p, "partnership.key") == 0) return true;
    const char *name;
    if (strncmp(p, "originals/", 10) == 0)
        name = p + 10;
    else if (strncmp(p, "published/", 10) == 0)
        name = p + 10;
    else
        return false;
    size_t n = strlen(name);
    return n > 0 && n < 256 && name[0] != '.' && !strchr(name, '/');
}

static bool hex64(const char *s)
{
    if (strlen(s) != 64) return false;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'))) return false;
    return true;
}

static int load_manifest(const char *src, flist *l, sg_backup_info *info, sg_error *err)
{
    char path[PATH_CAP];
    int rc = join(path, src, SG_BACKUP_MANIFEST, err);
    if (rc) return rc;
    struct stat st;
    if (stat(src, &st) != 0 || !S_ISDIR(st.st_mode))
        return sg_err(err, SG_ENOTFOUND, "no backup folder at %s", src);
    if (access(path, F_OK) != 0)
        return sg_err_at(err, SG_EPARSE, path, 0, 0, NULL,
                         "no MANIFEST: %s is not a complete backup (interrupted, or not a backup)",
                         src);
    char *text = NULL;
    size_t len = 0;
    if ((rc = sg_read_file(path, MANIFEST_MAX, &text, &len, err))) return rc;
    json_error_t je;
    json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    free(text);
    if (!o)
        return sg_err_at(err, SG_EPARSE, path, je.line, je.column, NULL,
                         "the MANIFEST is not valid JSON: %s", je.text);
    const char *format = json_string_value(json_object_get(o, "format"));
    const char *created = json_string_value(json_object_get(o, "created_at"));
    json_t *schema = json_object_get(o, "schema_version"), *files = json_object_get(o, "files");
    rc = SG_OK;
    if (!format || strcmp(format, SG_BACKUP_FORMAT) != 0)
        rc = sg_err_at(err, SG_EPARSE, path, 0, 0, "format",
                       "not a safeguard backup MANIFEST (format is not %s)", SG_BACKUP_FORMAT);
    else if (!json_is_integer(schema) || json_integer_value(schema) < 1 ||
             json_integer_value(schema) > 100000)
        rc = sg_err_at(err, SG_EPARSE, path, 0, 0, "schema_version",
                       "schema_version is not a positive integer");
    else if (!created || strlen(created) >= sizeof info->created_at)
        rc = sg_err_at(err, SG_EPARSE, path, 0, 0, "created_at", "created_at is missing");
    else if (!json_is_array(files))
        rc = sg_err_at(err, SG_EPARSE, path, 0, 0, "files", "files is not a list");
    if (!rc) {
        info->schema_version = (int)json_integer_value(schema);
        sg_strlcpy(info->created_at, created, sizeof info->created_at);
    }
    for (size_t i = 0; !rc && i < json_array_size(files); i++) {
        json_t *f = json_array_get(files, i);
        const char *p = json_string_value(json_object_get(f, "path"));
        const char *sha = json_string_value(json_object_get(f, "sha256"));
        json_t *size = json_object_get(f, "size");
        if (!p || !path_ok(p))
            rc = sg_err_at(err, SG_EPARSE, path, (long)i + 1, 0, "path",
                           "file %zu: path '%s' is not a file of a store", i + 1, p ? p : "");
        else if (!sha || !hex64(sha))
            rc = sg_err_at(err, SG_EPARSE, path, (long)i + 1, 0, "sha256",
                           "file %s: sha256 is not 64 lower-case hex digits", p);
        else if (!json_is_integer(size) || json_integer_value(size) < 0)
            rc = sg_err_at(err, SG_EPARSE, path, (long)i + 1, 0, "size",
                           "file %s: size is not a whole number", p);
        else
            flist_add(l, p, (int64_t)json_integer_value(size), sha);
    }
    json_decref(o);
    if (rc) return rc;
    qsort(l->v, l->n, sizeof *l->v, by_path);
    for (size_t i = 1; i < l->n; i++)
        if (strcmp(l->v[i - 1].path, l->v[i].path) == 0)
            return sg_err_at(err, SG_EPARSE, path, 0, 0, "path", "file %s is listed twice",
                             l->v[i].path);
    bfile key = {.path = "safeguard.db"};
    if (!bsearch(&key, l->v, l->n, sizeof *l->v, by_path))
        return sg_err_at(err, SG_EPARSE, path, 0, 0, "files", "safeguard.db is not listed");
    key.path = "partnership.key";
    if (!bsearch(&key, l->v, l->n, sizeof *l->v, by_path))
        return sg_err_at(err, SG_EPARSE, path, 0, 0, "files", "partnership.key is not listed");
    for (size_t i = 0; i < l->n; i++) {
        info->bytes += l->v[i].size;
        if (strncmp(l->v[i].path, "originals/", 10) == 0) info->originals++;
    }
    info->files = (long)l->n;
    return SG_OK;
}

static bool listed(const flist *l, const char *rel)
{
    bfile key = {.path = (char *)rel};
    return bsearch(&key, l->v, l->n, sizeof *l->v, by_path) != NULL;
}

/* Every file in src must be in the MANIFEST (and nothing but files and originals/). */
static int check_extras(const char *src, const flist *l, sg_error *err)
{
    DIR *d = opendir(src);
    if (!d) return sg_err_at(err, SG_EIO, src, 0, 0, NULL, "cannot read: %s", strerror(errno));
    int rc = SG_OK;
    struct dirent *e;
    char p[PATH_CAP];
    while (!rc && (e = readdir(d))) {
        const char *n = e->d_name;
        if (!strcmp(n, ".") || !strcmp(n, "..") || !strcmp(n, SG_BACKUP_MANIFEST)) continue;
        if ((rc = join(p, src, n, err))) break;
        struct stat st;
        if ((strcmp(n, "originals") == 0 || strcmp(n, "published") == 0) && lstat(p, &st) == 0 &&
            S_ISDIR(st.st_mode))
            continue;
        if (!listed(l, n))
            rc = sg_err_at(err, SG_ECONFLICT, p, 0, 0, NULL,
                           "extra file not listed in the MANIFEST: the backup was changed");
    }
    closedir(d);
    if (rc) return rc;
    static const char *const subs[] = {"originals", "published"};
    for (size_t k = 0; k < 2 && !rc; k++) {
        char sub[PATH_CAP];
        if ((rc = join(sub, src, subs[k], err))) break;
        d = opendir(sub);
        if (!d) continue; /* a missing listed file is reported as missing */
        while (!rc && (e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
            char rel[PATH_CAP];
            snprintf(rel, sizeof rel, "%s/%s", subs[k], e->d_name);
            if (!listed(l, rel) && (rc = join(p, sub, e->d_name, err)) == SG_OK)
                rc = sg_err_at(err, SG_ECONFLICT, p, 0, 0, NULL,
                               "extra file not listed in the MANIFEST: the backup was changed");
        }
        closedir(d);
    }
    return rc;
}

/* Checks one file (copying it to `to` when given) against its MANIFEST line. */
static int check_file(const char *src, const bfile *f, const char *to, sg_error *err)
{
    char p[PATH_CAP], sha[SG_SHA256_HEX];
    int rc = join(p, src, f->path, err);
    if (rc) return rc;
    struct stat st;
    if (lstat(p, &st) != 0 || !S_ISREG(st.st_mode))
        return sg_err_at(err, SG_ECONFLICT, p, 0, 0, NULL,
                         "missing: the MANIFEST lists it but the backup does not hold it");
    int64_t size = 0;
    if (to)
        rc = copy_file(p, to, sha, &size, NULL, err);
    else if (!(rc = sg_sha256_file(p, sha, err)))
        size = (int64_t)st.st_size;
    if (rc) return rc;
    if (size != f->size)
        return sg_err_at(err, SG_ECONFLICT, p, 0, 0, NULL,
                         "size %lld differs from the MANIFEST's %lld: the file was changed",
                         (long long)size, (long long)f->size);
    if (strcmp(sha, f->sha) != 0)
        return sg_err_at(err, SG_ECONFLICT, p, 0, 0, NULL,
                         "SHA-256 differs from the MANIFEST: the file was changed or damaged");
    return SG_OK;
}

static int check_schema(const char *src, const sg_backup_info *info, sg_error *err)
{
    if (info->schema_version <= sg_schema_latest()) return SG_OK;
    return sg_err(err, SG_ECONFLICT,
                  "the backup in %s has schema version %d but this safeguard (release %s) knows "
                  "schema versions up to %d: restore it with a newer safeguard release",
                  src, info->schema_version, sg_version(), sg_schema_latest());
}

int sg_backup_verify(const char *src, sg_backup_info *info, sg_error *err)
{
    sg_backup_info tmpinfo;
    if (!info) info = &tmpinfo;
    memset(info, 0, sizeof *info);
    flist l = {0};
    int rc = load_manifest(src, &l, info, err);
    if (!rc) rc = check_extras(src, &l, err);
    if (!rc) rc = check_schema(src, info, err);
    for (size_t i = 0; !rc && i < l.n; i++)
        rc = check_file(src, &l.v[i], NULL, err);
    flist_free(&l);
    return rc;
}

static int check_db(sg_store *s, sg_error *err)
{
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    int rc = SG_OK;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot check the restored database");
    if (sqlite3_step(st) != SQLITE_ROW)
        rc = sg_store_dberr(db, err, "cannot check the restored database");
    else if (strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0)
        rc = sg_err_at(err, SG_ECONFLICT, "safeguard.db", 0, 0, NULL,
                       "the database fails PRAGMA integrity_check: %s", sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    if (rc) return rc;
    if (sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot check the restored database");
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        rc = sg_err_at(err, SG_ECONFLICT, "safeguard.db", 0, 0, NULL,
                       "the database fails PRAGMA foreign_key_check: a row of %s (rowid %lld) "
                       "refers to a missing row of %s",
                       sqlite3_column_text(st, 0), (long long)sqlite3_column_int64(st, 1),
                       sqlite3_column_text(st, 2));
    else if (step != SQLITE_DONE)
        rc = sg_store_dberr(db, err, "cannot check the restored database");
    sqlite3_finalize(st);
    return rc;
}

int sg_restore(const char *src, const char *store_dir, sg_restore_check_fn check, void *ctx,
               sg_backup_info *info, sg_error *err)
{
    sg_backup_info tmpinfo;
    if (!info) info = &tmpinfo;
    memset(info, 0, sizeof *info);
    char parent[PATH_CAP], base[PATH_CAP], tmp[PATH_CAP], to[PATH_CAP];
    flist l = {0};
    int rc = check_target(store_dir, parent, base, "restore", err);
    if (!rc) rc = load_manifest(src, &l, info, err);
    if (!rc) rc = check_extras(src, &l, err);
    if (!rc) rc = check_schema(src, info, err);
    if (rc) {
        flist_free(&l);
        return rc;
    }
    if ((rc = make_tmp(parent, base, "restore", tmp, err))) {
        flist_free(&l);
        return rc;
    }
    char odir[PATH_CAP], pdir[PATH_CAP];
    if ((rc = join(odir, tmp, "originals", err)) || (rc = join(pdir, tmp, "published", err)))
        goto fail;
    if (mkdir(odir, 0700) != 0) {
        rc = sg_err_at(err, SG_EIO, odir, 0, 0, NULL, "cannot create: %s", strerror(errno));
        goto fail;
    }
    bool published = false;
    for (size_t i = 0; i < l.n; i++) {
        if (!published && strncmp(l.v[i].path, "published/", 10) == 0) {
            if (mkdir(pdir, 0700) != 0) {
                rc = sg_err_at(err, SG_EIO, pdir, 0, 0, NULL, "cannot create: %s", strerror(errno));
                goto fail;
            }
            published = true;
        }
        if ((rc = join(to, tmp, l.v[i].path, err)) || (rc = check_file(src, &l.v[i], to, err)))
            goto fail;
    }
    if ((rc = fsync_path(odir, err)) || (published && (rc = fsync_path(pdir, err))) ||
        (rc = fsync_path(tmp, err)))
        goto fail;

    sg_store *s = NULL;
    if ((rc = sg_store_open_flags(tmp, SG_STORE_NO_MIGRATE, &s, err))) goto fail;
    if (sg_store_schema_version(s) != info->schema_version)
        rc = sg_err_at(err, SG_ECONFLICT, "safeguard.db", 0, 0, NULL,
                       "the database has schema version %d but the MANIFEST says %d",
                       sg_store_schema_version(s), info->schema_version);
    if (!rc) rc = check_db(s, err);
    if (!rc && check) rc = check(ctx, s, err);
    sg_store_close(s); /* the last connection: checkpoints and removes -wal and -shm */
    if (rc) goto fail;
    if ((rc = fsync_path(tmp, err)) || (rc = put_in_place(tmp, parent, base, err))) goto fail;
    flist_free(&l);
    return SG_OK;
fail:
    remove_tmp(tmp);
    flist_free(&l);
    return rc;
}

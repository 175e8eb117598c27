/* file.c - reading a whole bounded file; making the missing folders of an output path. */
#include "core/file.h"

#include "core/mem.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int sg_read_file(const char *path, size_t max, char **data, size_t *len, sg_error *err)
{
    *data = NULL;
    *len = 0;
    FILE *fp = fopen(path, "rb");
    if (!fp) return sg_err_at(err, SG_EIO, path, 0, 0, NULL, "cannot read: %s", strerror(errno));
    size_t cap = 4096, n = 0;
    char *buf = xmalloc(cap);
    int rc = SG_OK;
    for (;;) {
        if (n + 1 >= cap) {
            if (cap > max) {
                rc = sg_err_at(err, SG_ELIMIT, path, 0, 0, NULL, "the file is larger than %zu KiB",
                               max >> 10);
                break;
            }
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
        size_t got = fread(buf + n, 1, cap - n - 1, fp);
        n += got;
        if (got == 0) {
            if (ferror(fp)) rc = sg_err_at(err, SG_EIO, path, 0, 0, NULL, "cannot read the file");
            break;
        }
    }
    fclose(fp);
    if (rc) {
        free(buf);
        return rc;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return SG_OK;
}

/* One folder: made 0700 when missing; an existing folder is fine, anything else is not. */
static int make_one(const char *dir, sg_error *err)
{
    if (mkdir(dir, 0700) == 0) return SG_OK;
    int e = errno;
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (S_ISDIR(st.st_mode)) return SG_OK;
        return sg_err_at(err, SG_EIO, dir, 0, 0, NULL,
                         "cannot make the folder: a file is in the way");
    }
    return sg_err_at(err, SG_EIO, dir, 0, 0, NULL, "cannot make the folder: %s", strerror(e));
}

int sg_make_dirs(const char *dir, sg_error *err)
{
    if (!dir) return sg_err(err, SG_EINVAL, "no folder given");
    size_t n = strlen(dir);
    if (n >= 4096) return sg_err(err, SG_ELIMIT, "folder path is too long");
    char p[4096];
    memcpy(p, dir, n + 1);
    while (n > 1 && p[n - 1] == '/')
        p[--n] = '\0';
    if (n == 0 || strcmp(p, ".") == 0 || strcmp(p, "/") == 0) return SG_OK;
    /* each prefix ending before a '/', then the whole path */
    for (size_t i = 1; i < n; i++) {
        if (p[i] != '/' || p[i - 1] == '/') continue;
        p[i] = '\0';
        int rc = make_one(p, err);
        p[i] = '/';
        if (rc) return rc;
    }
    return make_one(p, err);
}

int sg_make_parent_dirs(const char *path, sg_error *err)
{
    if (!path) return sg_err(err, SG_EINVAL, "no file given");
    const char *slash = strrchr(path, '/');
    if (!slash || slash == path) return SG_OK;
    size_t n = (size_t)(slash - path);
    if (n >= 4096) return sg_err(err, SG_ELIMIT, "folder path is too long");
    char dir[4096];
    memcpy(dir, path, n);
    dir[n] = '\0';
    return sg_make_dirs(dir, err);
}

int sg_write_file_atomic(const char *path, const void *data, size_t len, bool world_readable,
                         sg_error *err)
{
    char tmp[4200];
    if (strlen(path) > 4000) return sg_err(err, SG_EINVAL, "--out path is too long");
    snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(tmp); /* 0600 */
    if (fd < 0)
        return sg_err_at(err, SG_EIO, path, 0, 0, NULL, "cannot write: %s", strerror(errno));
    FILE *fp = fdopen(fd, "w");
    if (!fp) {
        close(fd);
        unlink(tmp);
        return sg_err_at(err, SG_EIO, path, 0, 0, NULL, "cannot write: %s", strerror(errno));
    }
    int rc = SG_OK;
    if (world_readable && fchmod(fd, 0644) != 0) rc = SG_EIO;
    if (!rc && len && fwrite(data, 1, len, fp) != len) rc = SG_EIO;
    if (!rc && (fflush(fp) != 0 || fsync(fd) != 0)) rc = SG_EIO;
    if (fclose(fp) != 0) rc = SG_EIO;
    if (!rc && rename(tmp, path) != 0) rc = SG_EIO;
    if (rc) {
        unlink(tmp);
        return sg_err_at(err, SG_EIO, path, 0, 0, NULL, "cannot write: %s", strerror(errno));
    }
    return SG_OK;
}

int sg_out_open(sg_out_file *o, const char *path, sg_error *err)
{
    o->fp = NULL;
    o->path = path;
    if (strlen(path) > 4000) return sg_err(err, SG_EINVAL, "--out path is too long");
    snprintf(o->tmp, sizeof o->tmp, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(o->tmp);
    if (fd >= 0 && (o->fp = fdopen(fd, "w")) != NULL) return SG_OK;
    int e = errno;
    if (fd >= 0) {
        close(fd);
        unlink(o->tmp);
    }
    return sg_err_at(err, SG_EIO, path, 0, 0, NULL, "cannot write: %s", strerror(e));
}

int sg_out_commit(sg_out_file *o, int rc, sg_error *err)
{
    if (!o->fp) return rc;
    if ((fflush(o->fp) != 0 || fsync(fileno(o->fp)) != 0) && !rc)
        rc = sg_err_at(err, SG_EIO, o->path, 0, 0, NULL, "cannot write: %s", strerror(errno));
    if (fclose(o->fp) != 0 && !rc)
        rc = sg_err_at(err, SG_EIO, o->path, 0, 0, NULL, "cannot write: %s", strerror(errno));
    o->fp = NULL;
    if (!rc && rename(o->tmp, o->path) != 0)
        rc = sg_err_at(err, SG_EIO, o->path, 0, 0, NULL, "cannot write: %s", strerror(errno));
    if (rc) unlink(o->tmp);
    return rc;
}

void sg_test_hold(const char *marker)
{
    if (!marker || !*marker) return;
    FILE *f = fopen(marker, "w");
    if (!f) return;
    fclose(f);
    struct timespec ts = {0, 10 * 1000 * 1000};
    for (int i = 0; i < 6000 && access(marker, F_OK) == 0; i++)
        nanosleep(&ts, NULL);
}

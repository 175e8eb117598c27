/* upload.c - the upload folder STORE/uploads/ (see upload.h): unnamed 0600 files for uploads
 * in flight, and the sweep of anything left there. */
#define _GNU_SOURCE /* O_TMPFILE */
#include "store/upload.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int upload_dir(const char *store_dir, char *out, size_t outsz, sg_error *err)
{
    if (!store_dir || !*store_dir) return sg_err(err, SG_EINVAL, "no store directory given");
    if ((size_t)snprintf(out, outsz, "%s/%s", store_dir, SG_UPLOAD_DIR) >= outsz)
        return sg_err(err, SG_ELIMIT, "store directory path is too long");
    return SG_OK;
}

int sg_upload_open(const char *store_dir, int *fd, sg_error *err)
{
    *fd = -1;
    char dir[4096];
    int rc = upload_dir(store_dir, dir, sizeof dir, err);
    if (rc) return rc;
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return sg_err(err, SG_EIO, "cannot create the upload folder: %s", strerror(errno));
    int f = -1;
#ifdef O_TMPFILE
    f = open(dir, O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
#endif
    if (f < 0) {
        /* No O_TMPFILE here (old kernel, some file systems): a name for an instant only. */
        char path[4096 + 32];
        snprintf(path, sizeof path, "%s/.upload-XXXXXX", dir);
        f = mkostemp(path, O_CLOEXEC); /* mode 0600 */
        if (f < 0) return sg_err(err, SG_EIO, "cannot create an upload file: %s", strerror(errno));
        if (unlink(path) != 0 && errno != ENOENT) {
            int e = errno;
            close(f);
            unlink(path);
            return sg_err(err, SG_EIO, "cannot unlink an upload file: %s", strerror(e));
        }
    }
    *fd = f;
    return SG_OK;
}

int sg_upload_sweep(const char *store_dir, int *removed, sg_error *err)
{
    if (removed) *removed = 0;
    char dir[4096];
    int rc = upload_dir(store_dir, dir, sizeof dir, err);
    if (rc) return rc;
    DIR *d = opendir(dir);
    if (!d) {
        if (errno == ENOENT) return SG_OK;
        return sg_err(err, SG_EIO, "cannot read the upload folder: %s", strerror(errno));
    }
    (void)chmod(dir, 0700);
    int fd = dirfd(d), n = 0;
    rc = SG_OK;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        struct stat st;
        if (fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || S_ISDIR(st.st_mode)) continue;
        if (unlinkat(fd, e->d_name, 0) == 0)
            n++;
        else if (errno != ENOENT && !rc)
            rc = sg_err(err, SG_EIO, "cannot remove a file left in the upload folder: %s",
                        strerror(errno));
    }
    closedir(d);
    if (removed) *removed = n;
    return rc;
}

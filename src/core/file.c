/* file.c - reading a whole bounded file. */
#include "core/file.h"

#include "core/mem.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
                rc = sg_err_at(err, SG_ELIMIT, path, 0, 0, NULL,
                               "the file is larger than %zu KiB", max >> 10);
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

/* accesslog.c - the access log: one JSON object per request (jansson) appended to a file or
 * standard output with one write() each, so lines from the worker threads never interleave.
 * A line holds the route pattern, never the URL: no query string and no path segment (which
 * may hold an identifier) is ever written. */
#include "web/ops.h"

#include "core/clock.h"
#include "core/mem.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct sg_access_log {
    int fd;
    bool owned;
};

static const char *or_dash(const char *s)
{
    return s && *s ? s : "-";
}

char *sg_access_log_line(const sg_access_entry *e)
{
    char when[32];
    sg_utc_stamp(e->time, when, sizeof when, "-");
    json_t *o = json_object();
    json_object_set_new(o, "time", json_string(when));
    json_object_set_new(o, "client", json_string(or_dash(e->client)));
    json_object_set_new(o, "user", json_string(or_dash(e->user)));
    json_object_set_new(o, "method", json_string(or_dash(e->method)));
    json_object_set_new(o, "route", json_string(or_dash(e->route)));
    json_object_set_new(o, "status", json_integer(e->status));
    json_object_set_new(o, "bytes", json_integer((json_int_t)e->bytes));
    json_object_set_new(o, "ms", json_integer(e->ms < 0 ? 0 : e->ms));
    /* a string that is not UTF-8 makes json_string return NULL and the set fail: such a
     * field is then missing, never raw */
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
    json_decref(o);
    if (!s) return xstrdup("{}\n");
    size_t n = strlen(s);
    char *line = xmalloc(n + 2);
    memcpy(line, s, n);
    line[n] = '\n';
    line[n + 1] = '\0';
    free(s);
    return line;
}

int sg_access_log_open(const char *path, sg_access_log **out, sg_error *err)
{
    *out = NULL;
    if (!path || !*path) return sg_err(err, SG_EINVAL, "--access-log needs a file name or -");
    sg_access_log *l = xcalloc(1, sizeof *l);
    if (strcmp(path, "-") == 0) {
        l->fd = STDOUT_FILENO;
    } else {
        l->fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (l->fd < 0) {
            int e = errno;
            free(l);
            return sg_err_at(err, SG_EIO, path, 0, 0, NULL, "cannot open the access log: %s",
                             strerror(e));
        }
        l->owned = true;
    }
    *out = l;
    return SG_OK;
}

void sg_access_log_write(sg_access_log *l, const sg_access_entry *e)
{
    if (!l) return;
    char *line = sg_access_log_line(e);
    size_t n = strlen(line);
    ssize_t w;
    do
        w = write(l->fd, line, n);
    while (w < 0 && errno == EINTR);
    /* a full disk loses log lines, never requests */
    free(line);
}

void sg_access_log_close(sg_access_log *l)
{
    if (!l) return;
    if (l->owned) close(l->fd);
    free(l);
}

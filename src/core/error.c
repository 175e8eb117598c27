/* error.c - filling and formatting sg_error, and the status -> exit/HTTP code tables. */
#include "core/sg.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void sg_error_clear(sg_error *e)
{
    if (e) memset(e, 0, sizeof *e);
}

SG_PRINTF(2, 0) static void set_msg(sg_error *e, const char *fmt, va_list ap)
{
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
}

int sg_err(sg_error *e, int code, const char *fmt, ...)
{
    if (!e) return code;
    e->code = code;
    va_list ap;
    va_start(ap, fmt);
    set_msg(e, fmt, ap);
    va_end(ap);
    return code;
}

int sg_err_at(sg_error *e, int code, const char *file, long line, long column, const char *field,
              const char *fmt, ...)
{
    if (!e) return code;
    e->code = code;
    snprintf(e->file, sizeof e->file, "%s", file ? file : "");
    snprintf(e->field, sizeof e->field, "%s", field ? field : "");
    e->line = line;
    e->column = column;
    va_list ap;
    va_start(ap, fmt);
    set_msg(e, fmt, ap);
    va_end(ap);
    return code;
}

void sg_error_format(const sg_error *e, char *out, size_t outsz)
{
    if (!outsz) return;
    out[0] = '\0';
    if (!e) return;
    size_t n = 0;
#define APPEND(...)                                                                                \
    do {                                                                                           \
        if (n < outsz) {                                                                           \
            int w = snprintf(out + n, outsz - n, __VA_ARGS__);                                     \
            if (w > 0) n += (size_t)w;                                                             \
        }                                                                                          \
    } while (0)
    if (e->file[0]) {
        APPEND("%s", e->file);
        if (e->line > 0) APPEND(":%ld", e->line);
        if (e->column > 0) APPEND(":%ld", e->column);
        APPEND(": ");
    }
    if (e->field[0]) APPEND("%s: ", e->field);
    APPEND("%s", e->msg[0] ? e->msg : sg_status_name(e->code));
#undef APPEND
}

static const char *const names[SG__STATUS_COUNT] = {
    "SG_OK",        "SG_ENOMEM",    "SG_EIO", "SG_EPARSE", "SG_EINVAL",     "SG_ELIMIT",
    "SG_ENOTFOUND", "SG_ECONFLICT", "SG_EDB", "SG_EAUTH",  "SG_EFORBIDDEN", "SG_EDUPLICATE",
};

const char *sg_status_name(int status)
{
    if (status < 0 || status >= SG__STATUS_COUNT) return "SG_EUNKNOWN";
    return names[status];
}

int sg_status_exit(int status)
{
    switch (status) {
    case SG_OK:
        return 0;
    case SG_EINVAL:
        return 1;
    case SG_EPARSE:
    case SG_ELIMIT:
        return 2;
    case SG_ENOTFOUND:
        return 3;
    case SG_ECONFLICT:
    case SG_EDUPLICATE:
        return 4;
    case SG_EIO:
    case SG_EDB:
        return 5;
    case SG_EAUTH:
    case SG_EFORBIDDEN:
        return 6;
    default:
        return 70;
    }
}

int sg_status_http(int status)
{
    switch (status) {
    case SG_OK:
        return 200;
    case SG_EINVAL:
    case SG_EPARSE:
        return 400;
    case SG_ELIMIT:
        return 413;
    case SG_ENOTFOUND:
        return 404;
    case SG_ECONFLICT:
    case SG_EDUPLICATE:
        return 409;
    case SG_EAUTH:
        return 401;
    case SG_EFORBIDDEN:
        return 403;
    default:
        return 500;
    }
}

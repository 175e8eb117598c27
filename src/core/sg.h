/* sg.h - the status codes and error struct shared by every module of libsafeguard.
 *
 * Every fallible library function returns an int status (SG_OK = 0) and, when given a non-NULL
 * sg_error, fills it with a message for humans plus where the problem is (file, line, column,
 * field). Library code never prints and never exits; the CLI and web map statuses to exit codes
 * and HTTP codes with sg_status_exit() and sg_status_http(). */
#ifndef SG_H
#define SG_H

#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define SG_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define SG_PRINTF(fmt, args)
#endif

typedef enum sg_status {
    SG_OK = 0,
    SG_ENOMEM,     /* allocation failed (normally aborts in xmalloc instead) */
    SG_EIO,        /* a file or stream could not be read or written */
    SG_EPARSE,     /* input is malformed */
    SG_EINVAL,     /* an argument or value is not acceptable */
    SG_ELIMIT,     /* input exceeds a configured limit (field size, depth, row width ...) */
    SG_ENOTFOUND,  /* the thing asked for does not exist */
    SG_ECONFLICT,  /* already exists, or clashes with the stored state */
    SG_EDB,        /* the database failed */
    SG_EAUTH,      /* authentication failed */
    SG_EFORBIDDEN, /* authenticated but not allowed */
    SG_EDUPLICATE, /* the same file was already imported: nothing changed */
    SG__STATUS_COUNT
} sg_status;

typedef struct sg_error {
    int code;       /* the sg_status last set, SG_OK if none */
    char msg[512];  /* human-readable, complete sentence without trailing newline */
    char file[256]; /* input file the problem is in, or "" */
    long line;      /* 1-based line or record number, 0 if not applicable */
    long column;    /* 1-based column, 0 if not applicable */
    char field[64]; /* field / element name, or "" */
} sg_error;

/* Clears e (safe on NULL). */
void sg_error_clear(sg_error *e);

/* Sets e's code and message (printf-style) and returns code, so callers can write
 * `return sg_err(e, SG_EINVAL, "...")`. Location fields are left as they were. Safe on NULL. */
int sg_err(sg_error *e, int code, const char *fmt, ...) SG_PRINTF(3, 4);

/* Like sg_err, and also records the location. file/field may be NULL. */
int sg_err_at(sg_error *e, int code, const char *file, long line, long column, const char *field,
              const char *fmt, ...) SG_PRINTF(7, 8);

/* Writes "file:line:column: field: message" (parts present only when set) into out. */
void sg_error_format(const sg_error *e, char *out, size_t outsz);

/* A short constant name for a status ("SG_EPARSE"), never NULL. */
const char *sg_status_name(int status);

/* The CLI exit code for a status (documented in docs/cli.md): 0 ok, 1 usage (EINVAL), 2 input
 * (EPARSE/ELIMIT), 3 not found, 4 conflict/duplicate, 5 I/O or database, 6 auth/forbidden,
 * 70 internal. */
int sg_status_exit(int status);

/* The HTTP status for a status (400, 404, 409, 413, 401, 403, 500). */
int sg_status_http(int status);

#endif

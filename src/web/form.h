/* form.h - parsing what browsers send: application/x-www-form-urlencoded bodies and query
 * strings, multipart/form-data bodies (file uploads) and Cookie headers.
 *
 * Pure functions over (pointer, length) input with hard limits, so they are tested and fuzzed
 * without a socket. Everything here is untrusted input: every size is bounded and an input
 * beyond a bound is SG_ELIMIT; malformed input is SG_EPARSE. Nothing is ever partially
 * trusted: on error the form is left empty. */
#ifndef SG_WEB_FORM_H
#define SG_WEB_FORM_H

#include "core/sg.h"

#include <stdbool.h>
#include <stddef.h>

#define SG_FORM_MAX_FIELDS 200     /* fields in one form or query string */
#define SG_FORM_MAX_NAME 128       /* bytes of a field name */
#define SG_FORM_MAX_VALUE 65536    /* bytes of a plain (non-file) field value */
#define SG_FORM_MAX_PART_HEAD 2048 /* bytes of one multipart part's headers */
#define SG_FORM_MAX_FILENAME 255   /* bytes of an uploaded file's name */

typedef struct sg_form_field {
    char *name;     /* owned, NUL-terminated, no NUL inside */
    char *value;    /* owned, NUL-terminated; a file's content may hold NULs: use len */
    size_t len;     /* bytes of value */
    char *filename; /* owned; non-NULL only for a multipart file part */
} sg_form_field;

typedef struct sg_form {
    sg_form_field *f;
    size_t n, cap;
} sg_form;

void sg_form_init(sg_form *f);
/* Frees every field; the form may be reused after sg_form_init. */
void sg_form_fini(sg_form *f);

/* Parses name=value&name=value (percent-decoding, '+' as space) and appends the fields.
 * A value holding a NUL byte (%00) is SG_EPARSE; a bad %XX escape is SG_EPARSE. */
int sg_form_parse_urlencoded(sg_form *f, const char *s, size_t len, sg_error *err);

/* Parses a multipart/form-data body whose boundary comes from content_type. Parts without a
 * Content-Disposition of form-data with a name are SG_EPARSE; a file part keeps its file
 * name (the last path component only). Plain fields are limited to SG_FORM_MAX_VALUE bytes
 * and may not hold NUL; file parts only by the body's length (the server's request limit). */
int sg_form_parse_multipart(sg_form *f, const char *body, size_t len, const char *content_type,
                            sg_error *err);

/* Parses body by content_type (either kind above; NULL or another type gives an empty form
 * and SG_OK, since GET-like bodies carry nothing for us). */
int sg_form_parse(sg_form *f, const char *content_type, const char *body, size_t len,
                  sg_error *err);

/* Appends one plain field (name and value copied; value len bytes). For a body parsed
 * elsewhere as it arrives (body.c). SG_ELIMIT beyond SG_FORM_MAX_FIELDS, SG_FORM_MAX_NAME or
 * SG_FORM_MAX_VALUE; SG_EPARSE for an empty name or a NUL byte in either. On error the form is
 * left as it was. */
int sg_form_add(sg_form *f, const char *name, const char *value, size_t len, sg_error *err);

/* The value of the first plain field called name, or NULL. */
const char *sg_form_get(const sg_form *f, const char *name);
/* The first field called name (plain or file), or NULL. */
const sg_form_field *sg_form_field_get(const sg_form *f, const char *name);

/* Finds cookie name in a Cookie header ("a=1; b=2") and copies its value into out.
 * SG_ENOTFOUND when absent, SG_ELIMIT when the value does not fit outsz, SG_EPARSE when the
 * value holds a byte a cookie cannot (control characters, space, quote, comma, semicolon,
 * backslash). */
int sg_cookie_get(const char *header, const char *name, char *out, size_t outsz);

#endif

/* fuzz_ingest.h - what the importer harnesses share: one importer run over an input (a fixed
 * partnership key, the harness's own sink) and the check every harness makes of a record's
 * pseudonym and of an extra record's fields. Static functions: each harness is one program. */
#ifndef SG_FUZZ_INGEST_H
#define SG_FUZZ_INGEST_H

#include "ingest/ingest.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Aborts unless the record's child is none or a whole pseudonym and every field of an extra
 * record has a name and a value. */
static inline void fuzz_check_rec(const sg_rec *r)
{
    size_t n = strlen(r->child);
    if (n != 0 && n != SG_PSEUDO_LEN) abort();
    if (r->type == SG_REC_EXTRA)
        for (int i = 0; i < r->u.extra.nfields; i++)
            if (!r->u.extra.names[i] || !r->u.extra.values[i]) abort();
}

/* A sink's emit and reject for harnesses with no checks of their own: every record passes
 * fuzz_check_rec, every rejection names its file and reason. */
static inline int fuzz_emit(void *ctx, const sg_rec *r, int64_t *id, sg_error *err)
{
    (void)ctx, (void)err;
    fuzz_check_rec(r);
    if (id) *id = 1;
    return SG_OK;
}

static inline int fuzz_reject(void *ctx, const sg_reject *rj, sg_error *err)
{
    (void)ctx, (void)err;
    if (!rj->reason || !rj->file) abort();
    return SG_OK;
}

/* Runs the importer fn over fp (named name in messages) as format, into sink. */
static inline void fuzz_import_fp(FILE *fp, sg_import_fn fn, const char *format, const char *name,
                                  const sg_sink *sink)
{
    static const unsigned char key[SG_PSEUDO_KEYLEN] = {7};
    sg_pseudo p;
    sg_pseudo_init_key(&p, key);
    sg_import_stats st;
    memset(&st, 0, sizeof st);
    sg_ingest in = {
        .fp = fp, .name = name, .format = format, .pseudo = &p, .sink = sink, .stats = &st};
    sg_error err;
    sg_error_clear(&err);
    fn(&in, &err);
}

/* The same over size bytes of data (nothing for 0: fmemopen of zero bytes is not portable). */
static inline void fuzz_import(const uint8_t *data, size_t size, sg_import_fn fn,
                               const char *format, const sg_sink *sink)
{
    if (size == 0) return;
    FILE *fp = fmemopen((void *)data, size, "rb");
    if (!fp) return;
    fuzz_import_fp(fp, fn, format, "fuzz", sink);
    fclose(fp);
}

#endif

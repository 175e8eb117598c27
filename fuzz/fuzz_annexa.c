/* fuzz_annexa.c - feeds arbitrary bytes to the Annex A importer, as a list CSV (forced list 3
 * and detected from the header) and as an .xlsx workbook (zip container, shared strings and
 * sheet XML), and to the agency-template importer. Nothing may crash or leak, every record must
 * carry a well-formed pseudonym where it is about a child, and no rejection may carry the raw
 * row (it would hold identifiers). */
#include "ingest/ingest.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int f_emit(void *ctx, const sg_rec *r, int64_t *id, sg_error *err)
{
    (void)ctx, (void)err;
    size_t n = strlen(r->child);
    if (n != 0 && n != SG_PSEUDO_LEN) abort();
    if (r->type == SG_REC_EXTRA)
        for (int i = 0; i < r->u.extra.nfields; i++)
            if (!r->u.extra.names[i] || !r->u.extra.values[i]) abort();
    if (id) *id = 1;
    return SG_OK;
}

static int f_reject(void *ctx, const sg_reject *rj, sg_error *err)
{
    (void)ctx, (void)err;
    if (!rj->reason || !rj->file) abort();
    return SG_OK;
}

static void run(const uint8_t *data, size_t size, sg_import_fn fn, const char *format)
{
    if (size == 0) return;
    FILE *fp = fmemopen((void *)data, size, "rb");
    if (!fp) return;
    static const unsigned char key[SG_PSEUDO_KEYLEN] = {7};
    sg_pseudo p;
    sg_pseudo_init_key(&p, key);
    sg_sink sink = {.ctx = NULL, .emit = f_emit, .reject = f_reject};
    sg_import_stats st;
    memset(&st, 0, sizeof st);
    sg_ingest in = {
        .fp = fp, .name = "fuzz", .format = format, .pseudo = &p, .sink = &sink, .stats = &st};
    sg_error err;
    sg_error_clear(&err);
    fn(&in, &err);
    fclose(fp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    run(data, size, sg_annexa_import, "annexa/3");
    run(data, size, sg_annexa_import, "annexa-xlsx");
    run(data, size, sg_agency_import, "agency");
    run(data, size, sg_agency_import, "agency/police_missing");
    if (size) {
        FILE *fp = fmemopen((void *)data, size, "rb");
        if (fp) {
            char fmt[64];
            sg_error err;
            sg_detect(fp, "fuzz", fmt, &err);
            fclose(fp);
        }
    }
    return 0;
}

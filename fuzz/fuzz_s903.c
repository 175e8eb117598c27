/* fuzz_s903.c - feeds arbitrary bytes to the SSDA903 importer: as an episodes CSV, as a CSV
 * whose table is recognised from its header, and as the XML return; and the first CSV row to
 * the header detector. The sink checks the invariants every caller relies on (no raw row in a
 * rejection, a pseudonym on every record) and the importer must never crash or leak. */
#include "ingest/csv.h"
#include "ingest/ingest.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int f_emit(void *ctx, const sg_rec *r, int64_t *id, sg_error *err)
{
    (void)ctx, (void)err;
    if (r->child[0] != 'L' || strlen(r->child) != SG_PSEUDO_LEN) abort();
    if (r->type == SG_REC_EXTRA)
        for (int i = 0; i < r->u.extra.nfields; i++)
            if (!r->u.extra.names[i] || !r->u.extra.values[i]) abort();
    if (id) *id = 1;
    return SG_OK;
}

static int f_reject(void *ctx, const sg_reject *rj, sg_error *err)
{
    (void)ctx, (void)err;
    if (rj->raw || !rj->reason || !rj->file) abort();
    return SG_OK;
}

static void run(const uint8_t *data, size_t size, const char *format)
{
    if (size == 0) return; /* fmemopen of zero bytes is not portable */
    FILE *fp = fmemopen((void *)data, size, "rb");
    if (!fp) return;
    static const unsigned char key[SG_PSEUDO_KEYLEN] = {1, 2, 3};
    sg_pseudo p;
    sg_pseudo_init_key(&p, key);
    sg_sink sink = {.ctx = NULL, .emit = f_emit, .reject = f_reject};
    sg_import_stats st;
    memset(&st, 0, sizeof st);
    sg_ingest in = {
        .fp = fp, .name = "fuzz", .format = format, .pseudo = &p, .sink = &sink, .stats = &st};
    sg_error err;
    sg_error_clear(&err);
    sg_s903_import(&in, &err);
    fclose(fp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    run(data, size, "ssda903/episodes");
    run(data, size, NULL);
    run(data, size, "ssda903-xml");

    sg_csv *c = sg_csv_new_mem((const char *)data, size, "fuzz", NULL);
    const sg_csv_row *row = NULL;
    sg_error err;
    if (sg_csv_next(c, &row, &err) == SG_OK && row) {
        char fmt[64];
        if (sg_s903_detect_header(row, fmt) && strncmp(fmt, "ssda903/", 8) != 0) abort();
    }
    sg_csv_free(c);
    return 0;
}

/* fuzz_s903.c - feeds arbitrary bytes to the SSDA903 importer: as an episodes CSV, as a CSV
 * whose table is recognised from its header, and as the XML return; and the first CSV row to
 * the header detector. The sink checks the invariants every caller relies on (no raw row in a
 * rejection, a pseudonym on every record) and the importer must never crash or leak. */
#include "fuzz_ingest.h"
#include "ingest/csv.h"

static int f_emit(void *ctx, const sg_rec *r, int64_t *id, sg_error *err)
{
    (void)ctx, (void)err;
    if (r->child[0] != 'L') abort(); /* every 903 record is about a child known to the LA */
    fuzz_check_rec(r);
    if (id) *id = 1;
    return SG_OK;
}

static int f_reject(void *ctx, const sg_reject *rj, sg_error *err)
{
    (void)ctx, (void)err;
    if (rj->raw || !rj->reason || !rj->file) abort();
    return SG_OK;
}

static const sg_sink sink = {.ctx = NULL, .emit = f_emit, .reject = f_reject};

static void run(const uint8_t *data, size_t size, const char *format)
{
    fuzz_import(data, size, sg_s903_import, format, &sink);
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

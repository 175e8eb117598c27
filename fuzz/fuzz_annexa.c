/* fuzz_annexa.c - feeds arbitrary bytes to the Annex A importer, as a list CSV (forced list 3
 * and detected from the header) and as an .xlsx workbook (zip container, shared strings and
 * sheet XML), and to the agency-template importer. Nothing may crash or leak, every record must
 * carry a well-formed pseudonym where it is about a child, and no rejection may carry the raw
 * row (it would hold identifiers). */
#include "fuzz_ingest.h"

static const sg_sink sink = {.ctx = NULL, .emit = fuzz_emit, .reject = fuzz_reject};

static void run(const uint8_t *data, size_t size, sg_import_fn fn, const char *format)
{
    fuzz_import(data, size, fn, format, &sink);
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

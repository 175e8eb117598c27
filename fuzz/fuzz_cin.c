/* fuzz_cin.c - feeds arbitrary bytes to the CIN census importer through fmemopen. The sink
 * discards records but reads every string in them, so a dangling or unterminated string shows up
 * under ASan; the importer must never crash, leak or hang whatever the input. */
#include "core/pseudo.h"
#include "core/sg.h"
#include "ingest/ingest.h"
#include "ingest/record.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static volatile size_t sink_bytes;

static void touch(const char *s)
{
    if (s) sink_bytes += strlen(s);
}

static int fz_emit(void *ctx, const sg_rec *r, int64_t *id, sg_error *err)
{
    (void)ctx, (void)err;
    touch(r->child);
    switch (r->type) {
    case SG_REC_CHILD:
        for (int i = 0; i < r->u.child.nkeys; i++)
            touch(r->u.child.keys[i]);
        touch(r->u.child.sex), touch(r->u.child.ethnicity), touch(r->u.child.disabilities);
        touch(r->u.child.upn_unknown);
        break;
    case SG_REC_REFERRAL:
        touch(r->u.referral.source), touch(r->u.referral.primary_need);
        touch(r->u.referral.closure_reason);
        break;
    case SG_REC_ASSESSMENT:
        touch(r->u.assessment.factors);
        break;
    case SG_REC_CP_PLAN:
        touch(r->u.cp_plan.initial_category), touch(r->u.cp_plan.latest_category);
        break;
    case SG_REC_EXTRA:
        touch(r->u.extra.table);
        for (int i = 0; i < r->u.extra.nfields; i++)
            touch(r->u.extra.names[i]), touch(r->u.extra.values[i]);
        break;
    default:
        break;
    }
    if (id) *id = 0; /* the importer must cope with a sink that keeps no ids */
    return SG_OK;
}

static int fz_reject(void *ctx, const sg_reject *rj, sg_error *err)
{
    (void)ctx, (void)err;
    touch(rj->file), touch(rj->field), touch(rj->value), touch(rj->reason), touch(rj->raw);
    return SG_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const unsigned char key[SG_PSEUDO_KEYLEN] = {1, 2, 3, 4, 5, 6, 7, 8};
    sg_pseudo p;
    sg_pseudo_init_key(&p, key);
    /* fmemopen refuses a zero-length buffer; an empty file is still worth a run. */
    static const char empty[1] = {0};
    FILE *fp = size ? fmemopen((void *)data, size, "rb") : fmemopen((void *)empty, 1, "r");
    if (!fp) return 0;
    sg_sink sink = {.ctx = NULL, .emit = fz_emit, .reject = fz_reject};
    sg_import_stats st;
    memset(&st, 0, sizeof st);
    sg_ingest in = {
        .fp = fp, .name = "fuzz.xml", .format = "cin", .pseudo = &p, .sink = &sink, .stats = &st};
    sg_error err;
    sg_error_clear(&err);
    (void)sg_cin_import(&in, &err);
    fclose(fp);
    return 0;
}

/* fuzz_csv.c - libFuzzer harness for the CSV reader. Reads every record of the input three
 * ways: from memory with default limits, from a FILE (fmemopen) with default limits, which must
 * give exactly the same records, statuses and positions, and from memory with tiny limits so
 * that the limit paths run on every input. Also feeds header matching. Any crash, leak,
 * sanitizer report or disagreement between the memory and FILE readers is a finding. */
#include "core/sg.h"
#include "ingest/csv.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Invariants of any returned row, valid or not. */
static void check_row(const sg_csv_row *row, size_t size)
{
    if (row->nfields == 0 || row->raw_len > size || row->raw[row->raw_len] != '\0')
        __builtin_trap();
    if (row->end_line < row->line || row->line < 1 || row->index < 1) __builtin_trap();
    for (size_t i = 0; i < row->nfields; i++) {
        if (row->f[i].ptr[row->f[i].len] != '\0') __builtin_trap();
        if (row->f[i].line < row->line || row->f[i].line > row->end_line + 1 ||
            row->f[i].column < 1)
            __builtin_trap();
    }
    (void)sg_csv_find(row, "child_la_id");
    (void)sg_csv_name_eq(row->raw, row->raw_len, row->f[0].ptr);
}

/* Consumes one reader to the end. */
static void drain(sg_csv *c, size_t size)
{
    size_t n = 0;
    for (;;) {
        const sg_csv_row *row;
        sg_error err;
        int rc = sg_csv_next(c, &row, &err);
        if (rc == SG_EIO) __builtin_trap(); /* memory reads cannot fail */
        if (!row) {
            if (rc != SG_OK) __builtin_trap();
            break;
        }
        if (++n > size) __builtin_trap(); /* every record consumes input */
        if (rc != SG_OK && (err.line < 1 || err.column < 1 || !err.msg[0])) __builtin_trap();
        check_row(row, size);
    }
}

static void compare(sg_csv *a, sg_csv *b)
{
    for (;;) {
        const sg_csv_row *ra, *rb;
        sg_error ea, eb;
        sg_error_clear(&ea);
        sg_error_clear(&eb);
        int rca = sg_csv_next(a, &ra, &ea), rcb = sg_csv_next(b, &rb, &eb);
        if (rca != rcb || !ra != !rb) __builtin_trap();
        if (rca != SG_OK &&
            (ea.line != eb.line || ea.column != eb.column || strcmp(ea.msg, eb.msg) != 0))
            __builtin_trap();
        if (!ra) break;
        check_row(ra, (size_t)-1);
        if (ra->nfields != rb->nfields || ra->line != rb->line || ra->end_line != rb->end_line ||
            ra->index != rb->index || ra->raw_len != rb->raw_len ||
            memcmp(ra->raw, rb->raw, ra->raw_len) != 0)
            __builtin_trap();
        for (size_t i = 0; i < ra->nfields; i++)
            if (ra->f[i].len != rb->f[i].len || ra->f[i].line != rb->f[i].line ||
                ra->f[i].column != rb->f[i].column || ra->f[i].quoted != rb->f[i].quoted ||
                memcmp(ra->f[i].ptr, rb->f[i].ptr, ra->f[i].len) != 0)
                __builtin_trap();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    sg_csv *m = sg_csv_new_mem(s, size, "fuzz.csv", NULL);
    if (size > 0) {
        /* fmemopen wants a writable buffer in some libcs, and refuses size 0 */
        char *copy = malloc(size);
        if (!copy) return 0;
        memcpy(copy, data, size);
        FILE *fp = fmemopen(copy, size, "r");
        if (fp) {
            sg_csv *f = sg_csv_new(fp, "fuzz.csv", NULL);
            compare(m, f);
            sg_csv_free(f);
            fclose(fp);
        }
        free(copy);
    } else {
        drain(m, size);
    }
    sg_csv_free(m);

    sg_csv_limits tiny = {.max_field = 5, .max_fields = 4, .max_record = 16};
    sg_csv *t = sg_csv_new_mem(s, size, "fuzz.csv", &tiny);
    drain(t, size);
    sg_csv_free(t);
    return 0;
}

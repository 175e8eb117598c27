/* xlsx_mutator_check.c - fuzz_xlsx.c's structure-aware mutator checked without libFuzzer, so
 * that `make test` compiles it and proves what it is for (CTest fuzz.xlsx_mutator). A stand-in
 * LLVMFuzzerMutate records what it was given and mutates in a known way:
 * - seed % 8 == 0: the mutator hands over the whole input (a zip: "PK\3\4"), byte-level;
 * - otherwise it hands over one XML part, a sheet or the shared strings, never the zip; with
 *   the identity mutation the output is a new zip (stored for seed / 64 even, deflated for odd)
 *   that opens and reads exactly as the input does, sheet by sheet and row by row;
 * - with the XML part cut in half, the output is still a zip that passes every container check
 *   (the workbook opens, or fails with a parse error, not a zip one), and what is read differs:
 *   the mutation reaches expat and the reader, beyond the zip checks.
 * Every output is also run through LLVMFuzzerTestOneInput. Usage: xlsx_mutator_check SEED.xlsx */
#define _GNU_SOURCE /* memmem */
#include "ingest/xlsx.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

static int cut; /* 0: identity; 1: the part cut in half */
static int calls;
static char given[16]; /* what the mutator was given: "zip", "sheet", "sst" or "other" */

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size)
{
    (void)max_size;
    calls++;
    if (size >= 4 && memcmp(data, "PK\3\4", 4) == 0)
        snprintf(given, sizeof given, "zip");
    else if (memmem(data, size, "<worksheet", 10))
        snprintf(given, sizeof given, "sheet");
    else if (memmem(data, size, "<sst", 4))
        snprintf(given, sizeof given, "sst");
    else
        snprintf(given, sizeof given, "other");
    return cut ? size / 2 : size;
}

typedef struct summary {
    int open_rc;
    size_t sheets;
    long rows, cells, bytes;
    int read_fail;
} summary;

static int count_row(void *ctx, const sg_xlsx_row *row, sg_error *err)
{
    (void)err;
    summary *s = ctx;
    s->rows++;
    for (size_t i = 0; i < row->ncells; i++) {
        s->cells++;
        s->bytes += (long)row->len[i];
    }
    return SG_OK;
}

static summary read_book(const uint8_t *data, size_t size)
{
    summary s;
    memset(&s, 0, sizeof s);
    FILE *fp = fmemopen((void *)data, size, "rb");
    if (!fp) abort();
    sg_xlsx_limits lim;
    sg_xlsx_default_limits(&lim);
    sg_xlsx *x = NULL;
    sg_error err;
    sg_error_clear(&err);
    s.open_rc = sg_xlsx_open(fp, "check.xlsx", &lim, &x, &err);
    if (s.open_rc == SG_OK) {
        s.sheets = sg_xlsx_sheet_count(x);
        for (size_t i = 0; i < s.sheets; i++)
            if (sg_xlsx_rows(x, i, count_row, &s, &err) != SG_OK) s.read_fail++;
        sg_xlsx_free(x);
    }
    fclose(fp);
    return s;
}

static int same(const summary *a, const summary *b)
{
    return a->open_rc == b->open_rc && a->sheets == b->sheets && a->rows == b->rows &&
           a->cells == b->cells && a->bytes == b->bytes && a->read_fail == b->read_fail;
}

#define CHECK(c, ...)                                                                              \
    do {                                                                                           \
        if (!(c)) {                                                                                \
            fprintf(stderr, "FAIL (%s:%d): ", __FILE__, __LINE__);                                 \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
            exit(1);                                                                               \
        }                                                                                          \
    } while (0)

int main(int argc, char **argv)
{
    CHECK(argc == 2, "usage: %s SEED.xlsx", argv[0]);
    FILE *fp = fopen(argv[1], "rb");
    CHECK(fp, "cannot open %s", argv[1]);
    static uint8_t in[4 << 20];
    size_t n = fread(in, 1, sizeof in, fp);
    fclose(fp);
    CHECK(n > 4 && n < sizeof in && memcmp(in, "PK\3\4", 4) == 0, "%s is not a small zip", argv[1]);
    summary orig = read_book(in, n);
    CHECK(orig.open_rc == SG_OK && orig.sheets > 0 && orig.rows > 0 && orig.read_fail == 0,
          "the seed workbook does not read (%d)", orig.open_rc);
    size_t max = n * 2 + (64 << 10);
    uint8_t *buf = malloc(max);
    CHECK(buf, "out of memory");
    static const unsigned seeds[] = {1, 2, 3, 4, 5, 6, 7, 9, 17, 65, 66, 67, 73, 129, 8, 64, 72};
    int differed = 0, structured = 0;
    for (cut = 0; cut <= 1; cut++) {
        for (size_t k = 0; k < sizeof seeds / sizeof seeds[0]; k++) {
            unsigned seed = seeds[k];
            memcpy(buf, in, n);
            calls = 0;
            given[0] = '\0';
            size_t out = LLVMFuzzerCustomMutator(buf, n, max, seed);
            CHECK(calls == 1, "seed %u: LLVMFuzzerMutate called %d times", seed, calls);
            CHECK(out > 0 && out <= max, "seed %u: output of %zu bytes", seed, out);
            LLVMFuzzerTestOneInput(buf, out); /* must not crash (ASan/UBSan) */
            if (seed % 8 == 0) {
                CHECK(strcmp(given, "zip") == 0, "seed %u: byte-level got %s", seed, given);
                CHECK(out == (cut ? n / 2 : n) && memcmp(buf, in, out) == 0,
                      "seed %u: byte-level output is not the stand-in's", seed);
                continue;
            }
            CHECK(strcmp(given, "sheet") == 0 || strcmp(given, "sst") == 0,
                  "seed %u: the mutator gave %s, not a sheet or the shared strings", seed, given);
            CHECK(memcmp(buf, "PK\3\4", 4) == 0, "seed %u: the output is not a zip", seed);
            structured++;
            summary got = read_book(buf, out);
            if (!cut) {
                CHECK(same(&got, &orig),
                      "seed %u: re-zipped unchanged parts read differently (rows %ld/%ld, "
                      "cells %ld/%ld)",
                      seed, got.rows, orig.rows, got.cells, orig.cells);
            } else {
                CHECK(got.open_rc == SG_OK || got.open_rc == SG_EPARSE,
                      "seed %u: a cut XML part made the container fail (%d)", seed, got.open_rc);
                if (!same(&got, &orig)) differed++;
            }
        }
    }
    int per_mode = (int)(sizeof seeds / sizeof seeds[0]) - 3; /* 3 of them byte-level */
    CHECK(structured == 2 * per_mode, "%d structure-aware mutations, wanted %d", structured,
          2 * per_mode);
    CHECK(differed == per_mode, "only %d of %d cut parts changed what is read", differed, per_mode);
    free(buf);
    printf("ok - xlsx mutator: %d structure-aware mutations (sheets / shared strings, re-zipped, "
           "stored and deflated), 6 byte-level\n",
           structured);
    return 0;
}

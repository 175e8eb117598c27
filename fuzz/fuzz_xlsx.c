/* fuzz_xlsx.c - the .xlsx workbook path (src/ingest/xlsx.c and the Annex A importer over it)
 * fuzzed beyond the zip checks. Byte-level mutation of a workbook mostly breaks the zip's CRCs
 * and sizes, so nearly every input stops at the container; this harness's structure-aware
 * mutator (LLVMFuzzerCustomMutator) instead unzips the input with minizip, mutates one XML part
 * (a sheet, the shared strings, the workbook or its relationships) with libFuzzer's own
 * LLVMFuzzerMutate, and zips the parts again, so the mutated XML reaches expat and the reader.
 * One mutation in eight stays byte-level so the container itself is fuzzed too.
 *
 * Every input is read as a workbook (every sheet, every row: cells must be NUL-terminated, their
 * lengths right) and through the Annex A importer (records about a child carry a well-formed
 * pseudonym). Seeded with tests/fixtures/liia-tools/Annex_A.xlsx (fuzz/corpus/xlsx/). Without
 * libFuzzer (replay builds) only LLVMFuzzerTestOneInput is compiled. */
#include "fuzz_ingest.h"
#include "ingest/xlsx.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int on_row(void *ctx, const sg_xlsx_row *row, sg_error *err)
{
    (void)ctx, (void)err;
    if (row->row < 1) abort();
    for (size_t i = 0; i < row->ncells; i++)
        if (!row->cell[i] || strlen(row->cell[i]) != row->len[i]) abort();
    return SG_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    FILE *fp = fmemopen((void *)data, size, "rb");
    if (!fp) return 0;
    /* Smaller limits than the defaults so that a run spends its time on parsing, not on
     * inflating; the checks themselves are the same code. */
    sg_xlsx_limits lim;
    sg_xlsx_default_limits(&lim);
    lim.max_entry = 4u << 20;
    lim.max_total = 16u << 20;
    sg_xlsx *x = NULL;
    sg_error err;
    sg_error_clear(&err);
    if (sg_xlsx_open(fp, "fuzz.xlsx", &lim, &x, &err) == SG_OK) {
        for (size_t i = 0; i < sg_xlsx_sheet_count(x) && i < 32; i++) {
            if (!sg_xlsx_sheet_name(x, i)) abort();
            sg_xlsx_rows(x, i, on_row, NULL, &err);
        }
        sg_xlsx_free(x);
    }
    rewind(fp);
    const sg_sink sink = {.ctx = NULL, .emit = fuzz_emit, .reject = fuzz_reject};
    fuzz_import_fp(fp, sg_annexa_import, "annexa-xlsx", "fuzz.xlsx", &sink);
    fclose(fp);
    return 0;
}

#ifdef SG_LIBFUZZER
#include <unzip.h>
#include <zip.h>

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);

#define MAX_PARTS 64
#define MAX_PART (1u << 20)

/* A zip in memory, for minizip's I/O callbacks: read from the input, write into a growing
 * buffer. */
typedef struct mem {
    uint8_t *buf;
    size_t size, cap, pos;
    int err;
} mem;

static voidpf m_open(voidpf opaque, const void *name, int mode)
{
    (void)name, (void)mode;
    return opaque;
}

static uLong m_read(voidpf opaque, voidpf stream, void *buf, uLong n)
{
    (void)opaque;
    mem *m = stream;
    size_t left = m->pos < m->size ? m->size - m->pos : 0;
    if (n > left) n = (uLong)left;
    memcpy(buf, m->buf + m->pos, n);
    m->pos += n;
    return n;
}

static uLong m_write(voidpf opaque, voidpf stream, const void *buf, uLong n)
{
    (void)opaque;
    mem *m = stream;
    if (m->pos + n > m->cap) {
        size_t cap = m->cap ? m->cap : 4096;
        while (cap < m->pos + n)
            cap *= 2;
        uint8_t *nb = realloc(m->buf, cap);
        if (!nb) {
            m->err = 1;
            return 0;
        }
        m->buf = nb;
        m->cap = cap;
    }
    memcpy(m->buf + m->pos, buf, n);
    m->pos += n;
    if (m->pos > m->size) m->size = m->pos;
    return n;
}

static ZPOS64_T m_tell(voidpf opaque, voidpf stream)
{
    (void)opaque;
    return ((mem *)stream)->pos;
}

static long m_seek(voidpf opaque, voidpf stream, ZPOS64_T off, int origin)
{
    (void)opaque;
    mem *m = stream;
    size_t base = origin == ZLIB_FILEFUNC_SEEK_CUR   ? m->pos
                  : origin == ZLIB_FILEFUNC_SEEK_END ? m->size
                                                     : 0;
    if (base + off > m->size) return -1;
    m->pos = base + (size_t)off;
    return 0;
}

static int m_close(voidpf opaque, voidpf stream)
{
    (void)opaque, (void)stream;
    return 0;
}

static int m_error(voidpf opaque, voidpf stream)
{
    (void)opaque;
    return ((mem *)stream)->err;
}

static void m_funcs(zlib_filefunc64_def *ff, mem *m)
{
    memset(ff, 0, sizeof *ff);
    ff->zopen64_file = m_open;
    ff->zread_file = m_read;
    ff->zwrite_file = m_write;
    ff->ztell64_file = m_tell;
    ff->zseek64_file = m_seek;
    ff->zclose_file = m_close;
    ff->zerror_file = m_error;
    ff->opaque = m;
}

typedef struct part {
    char name[256];
    uint8_t *data;
    size_t len;
} part;

/* The entries of the zip in data (at most MAX_PARTS, each at most MAX_PART bytes). */
static int unzip_all(const uint8_t *data, size_t size, part *parts)
{
    mem m = {.buf = (uint8_t *)data, .size = size};
    zlib_filefunc64_def ff;
    m_funcs(&ff, &m);
    unzFile uf = unzOpen2_64("in.xlsx", &ff);
    if (!uf) return 0;
    int n = 0;
    for (int r = unzGoToFirstFile(uf); r == UNZ_OK && n < MAX_PARTS; r = unzGoToNextFile(uf)) {
        unz_file_info64 info;
        part *p = &parts[n];
        if (unzGetCurrentFileInfo64(uf, &info, p->name, sizeof p->name, NULL, 0, NULL, 0) !=
                UNZ_OK ||
            info.uncompressed_size > MAX_PART || unzOpenCurrentFile(uf) != UNZ_OK)
            break;
        p->data = malloc(info.uncompressed_size + 1);
        int got = unzReadCurrentFile(uf, p->data, (unsigned)info.uncompressed_size + 1);
        if (unzCloseCurrentFile(uf) != UNZ_OK || got < 0 ||
            (uint64_t)got != info.uncompressed_size) {
            free(p->data);
            break;
        }
        p->len = (size_t)got;
        n++;
    }
    unzClose(uf);
    return n;
}

static int is_xml(const char *name)
{
    size_t n = strlen(name);
    return (n > 4 && strcmp(name + n - 4, ".xml") == 0) ||
           (n > 5 && strcmp(name + n - 5, ".rels") == 0);
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    if (seed % 8 == 0) return LLVMFuzzerMutate(data, size, max_size);
    part parts[MAX_PARTS];
    int n = unzip_all(data, size, parts);
    int xml[MAX_PARTS], nx = 0;
    for (int i = 0; i < n; i++)
        if (is_xml(parts[i].name)) xml[nx++] = i;
    size_t out = 0;
    if (nx == 0) {
        out = LLVMFuzzerMutate(data, size, max_size);
        goto done;
    }
    /* Sheets and shared strings most of the time: they are where the rows are. */
    int pick = xml[(seed / 8) % (unsigned)nx];
    for (int tries = 0; tries < 3 && !strstr(parts[pick].name, "sheet") &&
                        !strstr(parts[pick].name, "sharedStrings");
         tries++)
        pick = xml[(seed / 8 + 1 + (unsigned)tries * 7) % (unsigned)nx];
    part *p = &parts[pick];
    size_t cap = p->len * 2 + 256;
    if (cap > MAX_PART) cap = MAX_PART;
    uint8_t *nb = realloc(p->data, cap);
    if (!nb) goto done;
    p->data = nb;
    p->len = LLVMFuzzerMutate(p->data, p->len, cap);

    mem m = {0};
    zlib_filefunc64_def ff;
    m_funcs(&ff, &m);
    zipFile zf = zipOpen2_64("out.xlsx", APPEND_STATUS_CREATE, NULL, &ff);
    int ok = zf != NULL;
    int level = (seed / 64) % 2 ? Z_DEFAULT_COMPRESSION : 0; /* deflated or stored */
    for (int i = 0; ok && i < n; i++) {
        zip_fileinfo zi;
        memset(&zi, 0, sizeof zi);
        ok = zipOpenNewFileInZip64(zf, parts[i].name, &zi, NULL, 0, NULL, 0, NULL,
                                   level ? Z_DEFLATED : 0, level, 0) == ZIP_OK &&
             zipWriteInFileInZip(zf, parts[i].data, (unsigned)parts[i].len) == ZIP_OK &&
             zipCloseFileInZip(zf) == ZIP_OK;
    }
    if (zf && zipClose(zf, NULL) != ZIP_OK) ok = 0;
    if (ok && !m.err && m.size <= max_size) {
        memcpy(data, m.buf, m.size);
        out = m.size;
    } else {
        out = LLVMFuzzerMutate(data, size, max_size);
    }
    free(m.buf);
done:
    for (int i = 0; i < n; i++)
        free(parts[i].data);
    return out;
}
#endif

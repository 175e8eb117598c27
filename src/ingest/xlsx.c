/* xlsx.c - the .xlsx reader: a zip container (minizip, reading through the caller's FILE) of
 * XML parts (expat, namespace-aware so that prefixed and strict OOXML both work). Only what
 * Annex A needs is read: the sheet list, the relationships that locate sheets and shared
 * strings, the shared strings, and the cells of each sheet. See xlsx.h for the contract. */
#include "ingest/xlsx.h"

#include "core/buf.h"
#include "core/mem.h"

/* expat declares its billion-laughs controls only when XML_DTD is defined; Debian's libexpat
 * is built with DTD support, so the functions exist. */
#ifndef XML_DTD
#define XML_DTD 1
#endif
#include <expat.h>
#include <unzip.h>

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#define NS_SEP '|'
#define CHUNK (64 * 1024)
#define RATIO_FLOOR (1024 * 1024) /* entries smaller than this are never ratio-checked */
#define MAX_RELS 10000
#define MAX_NAME 1024 /* bytes of a sheet name, relationship id, type or target */

typedef struct xsheet {
    char *name;
    char *rid;
    char *path; /* zip entry, NULL when its relationship is missing */
} xsheet;

typedef struct xrel {
    char *id, *type, *target;
} xrel;

struct sg_xlsx {
    FILE *fp;
    char *name;
    sg_xlsx_limits lim;
    unzFile uf;
    xsheet *sheets;
    size_t nsheets;
    xrel *rels;
    size_t nrels;
    sg_buf sst; /* shared strings, NUL-separated */
    size_t *sst_off;
    size_t nsst, sst_cap;
    uint64_t inflated; /* bytes inflated from the whole workbook so far */
};

void sg_xlsx_default_limits(sg_xlsx_limits *lim)
{
    lim->max_entry = 256ull << 20;
    lim->max_total = 1ull << 30;
    lim->max_ratio = 500;
    lim->max_string = 64 * 1024;
    lim->max_strings = 2000000;
    lim->max_sst_bytes = 128u << 20;
    lim->max_sheets = 256;
    lim->max_rows = 1048576;
    lim->max_cols = 16384;
    lim->max_row_bytes = 16u << 20;
}

/* ---- minizip I/O over a borrowed FILE ---------------------------------------------------- */

static voidpf zf_open(voidpf opaque, const void *filename, int mode)
{
    (void)filename;
    (void)mode;
    return opaque;
}

static uLong zf_read(voidpf opaque, voidpf stream, void *buf, uLong size)
{
    (void)opaque;
    return (uLong)fread(buf, 1, (size_t)size, (FILE *)stream);
}

static uLong zf_write(voidpf opaque, voidpf stream, const void *buf, uLong size)
{
    (void)opaque;
    (void)stream;
    (void)buf;
    (void)size;
    return 0;
}

static ZPOS64_T zf_tell(voidpf opaque, voidpf stream)
{
    (void)opaque;
    off_t o = ftello((FILE *)stream);
    return o < 0 ? (ZPOS64_T)-1 : (ZPOS64_T)o;
}

static long zf_seek(voidpf opaque, voidpf stream, ZPOS64_T offset, int origin)
{
    (void)opaque;
    int whence = origin == ZLIB_FILEFUNC_SEEK_CUR   ? SEEK_CUR
                 : origin == ZLIB_FILEFUNC_SEEK_END ? SEEK_END
                                                    : SEEK_SET;
    return fseeko((FILE *)stream, (off_t)offset, whence) == 0 ? 0 : -1;
}

static int zf_close(voidpf opaque, voidpf stream)
{
    (void)opaque;
    (void)stream;
    return 0; /* the FILE is borrowed */
}

static int zf_error(voidpf opaque, voidpf stream)
{
    (void)opaque;
    return ferror((FILE *)stream);
}

/* ---- XML parts ---------------------------------------------------------------------------- */

/* What every part parser shares; each parser's state starts with one. */
typedef struct part {
    sg_xlsx *x;
    XML_Parser p;
    const char *path;  /* zip entry */
    const char *where; /* file label for errors: "book.xlsx" or "book.xlsx[sheet]" */
    long line;         /* row being read, for errors (sheets) */
    int rc;            /* first failure from a handler, or SG_XLSX_STOP */
    sg_error *err;
} part;

static const char *local_name(const char *n)
{
    const char *s = strrchr(n, NS_SEP);
    return s ? s + 1 : n;
}

/* Records a failure found inside a handler and stops the parser. */
static void part_fail(part *pt, int code, const char *fmt, ...) SG_PRINTF(3, 4);
static void part_fail(part *pt, int code, const char *fmt, ...)
{
    if (pt->rc) return;
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    pt->rc = code;
    sg_err_at(pt->err, code, pt->where, pt->line, 0, NULL, "%s (%s, XML line %lu)", msg, pt->path,
              (unsigned long)XML_GetCurrentLineNumber(pt->p));
    XML_StopParser(pt->p, XML_FALSE);
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal_subset)
{
    (void)name;
    (void)sysid;
    (void)pubid;
    (void)has_internal_subset;
    part_fail(ud, SG_EPARSE,
              "a DOCTYPE is not allowed in a workbook part (it could declare "
              "entities that expand without bound)");
}

static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_param, const XML_Char *value,
                              int value_len, const XML_Char *base, const XML_Char *sysid,
                              const XML_Char *pubid, const XML_Char *notation)
{
    (void)name;
    (void)is_param;
    (void)value;
    (void)value_len;
    (void)base;
    (void)sysid;
    (void)pubid;
    (void)notation;
    part_fail(ud, SG_EPARSE, "entity declarations are not allowed in a workbook part");
}

static const XML_Memory_Handling_Suite mem_suite = {xmalloc, xrealloc, free};

static XML_Parser new_parser(part *pt, XML_StartElementHandler start, XML_EndElementHandler end,
                             XML_CharacterDataHandler text)
{
    XML_Parser p = XML_ParserCreate_MM(NULL, &mem_suite, "|");
    if (!p) abort(); /* only on out of memory, which xmalloc already aborts on */
    pt->p = p;
    XML_SetUserData(p, pt);
    XML_SetElementHandler(p, start, end);
    if (text) XML_SetCharacterDataHandler(p, text);
    XML_SetStartDoctypeDeclHandler(p, on_doctype);
    XML_SetEntityDeclHandler(p, on_entity);
    XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
    XML_SetBillionLaughsAttackProtectionMaximumAmplification(p, 100.0f);
    XML_SetBillionLaughsAttackProtectionActivationThreshold(p, 1u << 20);
    return p;
}

static const char *attr(const XML_Char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(local_name(atts[i]), name) == 0) return atts[i + 1];
    return NULL;
}

/* Decodes OOXML's "_xHHHH_" escapes (Excel writes control characters such as CR as _x000D_)
 * in place in b from byte `from` on; "_x005F_" is an escaped underscore. NUL and surrogates
 * are left as written. The result is never longer than the input. */
static void unescape_from(sg_buf *b, size_t from)
{
    if (!b->data) return;
    char *s = b->data;
    size_t r = from, w = from;
    while (r < b->len) {
        if (s[r] == '_' && r + 7 <= b->len && s[r + 1] == 'x' && s[r + 6] == '_' &&
            isxdigit((unsigned char)s[r + 2]) && isxdigit((unsigned char)s[r + 3]) &&
            isxdigit((unsigned char)s[r + 4]) && isxdigit((unsigned char)s[r + 5])) {
            char hex[5] = {s[r + 2], s[r + 3], s[r + 4], s[r + 5], 0};
            unsigned long cp = strtoul(hex, NULL, 16);
            if (cp != 0 && (cp < 0xD800 || cp > 0xDFFF)) {
                if (cp < 0x80) {
                    s[w++] = (char)cp;
                } else if (cp < 0x800) {
                    s[w++] = (char)(0xC0 | (cp >> 6));
                    s[w++] = (char)(0x80 | (cp & 0x3F));
                } else {
                    s[w++] = (char)(0xE0 | (cp >> 12));
                    s[w++] = (char)(0x80 | ((cp >> 6) & 0x3F));
                    s[w++] = (char)(0x80 | (cp & 0x3F));
                }
                r += 7;
                continue;
            }
        }
        s[w++] = s[r++];
    }
    b->len = w;
    s[w] = '\0';
}

/* Inflates the zip entry pt->path into pt->p, enforcing the size and ratio limits.
 * Returns SG_OK, SG_XLSX_STOP (a row callback stopped), or an error with err set. */
static int read_entry(sg_xlsx *x, part *pt)
{
    if (unzLocateFile(x->uf, pt->path, 2) != UNZ_OK)
        return sg_err_at(pt->err, SG_ENOTFOUND, pt->where, 0, 0, NULL,
                         "the workbook has no part %s", pt->path);
    unz_file_info64 info;
    if (unzGetCurrentFileInfo64(x->uf, &info, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK)
        return sg_err_at(pt->err, SG_EPARSE, pt->where, 0, 0, NULL,
                         "damaged zip: the entry for %s cannot be read", pt->path);
    if (info.flag & 1u)
        return sg_err_at(pt->err, SG_EPARSE, pt->where, 0, 0, NULL,
                         "zip entry %s is encrypted; save the workbook without a password",
                         pt->path);
    if (info.compression_method != 0 && info.compression_method != Z_DEFLATED)
        return sg_err_at(pt->err, SG_EPARSE, pt->where, 0, 0, NULL,
                         "zip entry %s uses compression method %lu (only stored and deflate "
                         "are read)",
                         pt->path, (unsigned long)info.compression_method);
    if (info.uncompressed_size > x->lim.max_entry)
        return sg_err_at(pt->err, SG_ELIMIT, pt->where, 0, 0, NULL,
                         "zip entry %s would inflate to %llu bytes, over the limit of %llu",
                         pt->path, (unsigned long long)info.uncompressed_size,
                         (unsigned long long)x->lim.max_entry);
    if (unzOpenCurrentFile(x->uf) != UNZ_OK)
        return sg_err_at(pt->err, SG_EPARSE, pt->where, 0, 0, NULL,
                         "damaged zip: entry %s cannot be opened", pt->path);
    char *buf = xmalloc(CHUNK);
    uint64_t got = 0;
    uint64_t csize = info.compressed_size ? info.compressed_size : 1;
    int rc = SG_OK;
    for (;;) {
        int n = unzReadCurrentFile(x->uf, buf, CHUNK);
        if (n < 0) {
            rc = sg_err_at(pt->err, SG_EPARSE, pt->where, 0, 0, NULL,
                           "damaged zip: entry %s cannot be inflated (error %d)", pt->path, n);
            break;
        }
        if (n == 0) break;
        got += (uint64_t)n;
        x->inflated += (uint64_t)n;
        if (got > x->lim.max_entry) {
            rc = sg_err_at(pt->err, SG_ELIMIT, pt->where, 0, 0, NULL,
                           "zip entry %s inflates past the limit of %llu bytes", pt->path,
                           (unsigned long long)x->lim.max_entry);
            break;
        }
        if (x->inflated > x->lim.max_total) {
            rc = sg_err_at(pt->err, SG_ELIMIT, pt->where, 0, 0, NULL,
                           "the workbook inflates past the limit of %llu bytes",
                           (unsigned long long)x->lim.max_total);
            break;
        }
        if (got > RATIO_FLOOR && got / csize > x->lim.max_ratio) {
            rc = sg_err_at(pt->err, SG_ELIMIT, pt->where, 0, 0, NULL,
                           "zip entry %s inflates more than %u times its compressed size "
                           "(a zip bomb?)",
                           pt->path, x->lim.max_ratio);
            break;
        }
        if (XML_Parse(pt->p, buf, n, XML_FALSE) == XML_STATUS_ERROR) {
            rc = -1;
            break;
        }
    }
    if (rc == SG_OK && XML_Parse(pt->p, NULL, 0, XML_TRUE) == XML_STATUS_ERROR) rc = -1;
    if (rc == -1) {
        if (pt->rc) {
            rc = pt->rc;
        } else {
            rc = sg_err_at(pt->err, SG_EPARSE, pt->where, pt->line, 0, NULL,
                           "%s is not well-formed XML: %s at XML line %lu, column %lu", pt->path,
                           XML_ErrorString(XML_GetErrorCode(pt->p)),
                           (unsigned long)XML_GetCurrentLineNumber(pt->p),
                           (unsigned long)XML_GetCurrentColumnNumber(pt->p) + 1);
        }
    }
    int crc = unzCloseCurrentFile(x->uf);
    if (rc == SG_OK && crc == UNZ_CRCERROR)
        rc = sg_err_at(pt->err, SG_EPARSE, pt->where, 0, 0, NULL,
                       "damaged zip: entry %s fails its CRC check", pt->path);
    free(buf);
    return rc;
}

/* ---- workbook.xml: sheet names and relationship ids --------------------------------------- */

static void XMLCALL wb_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
    part *pt = ud;
    sg_xlsx *x = pt->x;
    if (pt->rc || strcmp(local_name(el), "sheet") != 0) return;
    const char *name = NULL, *rid = NULL;
    for (size_t i = 0; atts[i]; i += 2) {
        const char *ln = local_name(atts[i]);
        /* r:id is namespaced; a plain "id" would be something else. */
        if (strcmp(ln, "name") == 0 && !strchr(atts[i], NS_SEP))
            name = atts[i + 1];
        else if (strcmp(ln, "id") == 0 && strchr(atts[i], NS_SEP))
            rid = atts[i + 1];
    }
    if (!name || !rid) {
        part_fail(pt, SG_EPARSE, "a <sheet> has no name or r:id");
        return;
    }
    if (x->nsheets >= x->lim.max_sheets) {
        part_fail(pt, SG_ELIMIT, "more than %zu sheets", x->lim.max_sheets);
        return;
    }
    if (strlen(name) > MAX_NAME || strlen(rid) > MAX_NAME) {
        part_fail(pt, SG_ELIMIT, "a sheet name or id is longer than %d bytes", MAX_NAME);
        return;
    }
    x->sheets = xrealloc(x->sheets, (x->nsheets + 1) * sizeof *x->sheets);
    xsheet *s = &x->sheets[x->nsheets++];
    s->name = xstrdup(name);
    s->rid = xstrdup(rid);
    s->path = NULL;
}

static void XMLCALL no_end(void *ud, const XML_Char *el)
{
    (void)ud;
    (void)el;
}

/* ---- workbook.xml.rels --------------------------------------------------------------------- */

static void XMLCALL rel_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
    part *pt = ud;
    sg_xlsx *x = pt->x;
    if (pt->rc || strcmp(local_name(el), "Relationship") != 0) return;
    const char *id = attr(atts, "Id"), *type = attr(atts, "Type"), *target = attr(atts, "Target");
    const char *mode = attr(atts, "TargetMode");
    if (!id || !type || !target || (mode && strcmp(mode, "External") == 0)) return;
    if (x->nrels >= MAX_RELS) {
        part_fail(pt, SG_ELIMIT, "more than %d relationships", MAX_RELS);
        return;
    }
    if (strlen(id) > MAX_NAME || strlen(type) > MAX_NAME || strlen(target) > MAX_NAME) {
        part_fail(pt, SG_ELIMIT, "a relationship is longer than %d bytes", MAX_NAME);
        return;
    }
    x->rels = xrealloc(x->rels, (x->nrels + 1) * sizeof *x->rels);
    xrel *r = &x->rels[x->nrels++];
    r->id = xstrdup(id);
    r->type = xstrdup(type);
    r->target = xstrdup(target);
}

/* The zip entry a relationship target in xl/ names: "worksheets/sheet1.xml" ->
 * "xl/worksheets/sheet1.xml", "/xl/x.xml" -> "xl/x.xml", with "." and ".." resolved.
 * NULL when ".." climbs out of the package. */
static char *resolve_target(const char *target)
{
    sg_buf in, out;
    sg_buf_init(&in, 0);
    sg_buf_init(&out, 0);
    if (target[0] == '/')
        sg_buf_puts(&in, target + 1);
    else {
        sg_buf_puts(&in, "xl/");
        sg_buf_puts(&in, target);
    }
    const char *p = sg_buf_str(&in);
    bool ok = true;
    while (*p) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        if ((n == 1 && p[0] == '.') || n == 0) {
            /* skip */
        } else if (n == 2 && p[0] == '.' && p[1] == '.') {
            char *last = out.len ? strrchr(out.data, '/') : NULL;
            if (!out.len) {
                ok = false;
                break;
            }
            out.len = last ? (size_t)(last - out.data) : 0;
            out.data[out.len] = '\0';
        } else {
            if (out.len) sg_buf_putc(&out, '/');
            sg_buf_append(&out, p, n);
        }
        p += n;
        if (*p == '/') p++;
    }
    char *res = ok && out.len ? xstrdup(out.data) : NULL;
    sg_buf_fini(&in);
    sg_buf_fini(&out);
    return res;
}

/* ---- sharedStrings.xml --------------------------------------------------------------------- */

typedef struct sst_state {
    part pt;
    bool in_si, in_t;
    int rph; /* depth inside phonetic runs, whose text is not cell text */
    size_t t_start;
    sg_buf text;
} sst_state;

static void XMLCALL sst_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
    sst_state *st = ud;
    (void)atts;
    if (st->pt.rc) return;
    const char *ln = local_name(el);
    if (strcmp(ln, "si") == 0) {
        st->in_si = true;
        sg_buf_reset(&st->text);
    } else if (strcmp(ln, "rPh") == 0) {
        st->rph++;
    } else if (strcmp(ln, "t") == 0 && st->in_si && !st->rph) {
        st->in_t = true;
        st->t_start = st->text.len;
    }
}

static void sst_push(sst_state *st)
{
    sg_xlsx *x = st->pt.x;
    if (x->nsst >= x->lim.max_strings) {
        part_fail(&st->pt, SG_ELIMIT, "more than %zu shared strings", x->lim.max_strings);
        return;
    }
    size_t off = x->sst.len;
    if (sg_buf_append(&x->sst, sg_buf_str(&st->text), st->text.len + 1) != SG_OK) {
        part_fail(&st->pt, SG_ELIMIT, "shared strings exceed the limit of %zu bytes",
                  x->lim.max_sst_bytes);
        return;
    }
    if (x->nsst == x->sst_cap) {
        x->sst_cap = x->sst_cap ? x->sst_cap * 2 : 256;
        x->sst_off = xrealloc(x->sst_off, x->sst_cap * sizeof *x->sst_off);
    }
    x->sst_off[x->nsst++] = off;
}

static void XMLCALL sst_end(void *ud, const XML_Char *el)
{
    sst_state *st = ud;
    if (st->pt.rc) return;
    const char *ln = local_name(el);
    if (strcmp(ln, "si") == 0) {
        st->in_si = false;
        sst_push(st);
    } else if (strcmp(ln, "rPh") == 0) {
        if (st->rph) st->rph--;
    } else if (strcmp(ln, "t") == 0 && st->in_t) {
        st->in_t = false;
        unescape_from(&st->text, st->t_start);
    }
}

static void XMLCALL sst_text(void *ud, const XML_Char *s, int len)
{
    sst_state *st = ud;
    if (st->pt.rc || !st->in_t) return;
    if (sg_buf_append(&st->text, s, (size_t)len) != SG_OK)
        part_fail(&st->pt, SG_ELIMIT, "a shared string is longer than %zu bytes",
                  st->pt.x->lim.max_string);
}

/* ---- sheets -------------------------------------------------------------------------------- */

typedef struct sheet_state {
    part pt;
    sg_xlsx_row_fn fn;
    void *ctx;
    bool in_data, in_row, in_cell, capture, in_is;
    int rph;
    long row, last_row;
    long col;
    char ctype[16];
    char ref[24];
    size_t t_start;
    sg_buf cell;    /* the current cell's text */
    sg_buf rowtext; /* the row's cells, NUL-separated */
    size_t *off, *lens;
    const char **ptrs;
    size_t ncells, cap;
} sheet_state;

int sg_xlsx_cell_ref(const char *ref, long *col, long *row)
{
    const char *p = ref;
    long c = 0, r = 0;
    int letters = 0;
    while (*p >= 'A' && *p <= 'Z') {
        if (++letters > 3) return SG_EPARSE;
        c = c * 26 + (*p - 'A' + 1);
        p++;
    }
    if (!letters || c > 16384) return SG_EPARSE;
    if (*p) {
        if (*p == '0') return SG_EPARSE;
        int digits = 0;
        while (*p >= '0' && *p <= '9') {
            if (++digits > 7) return SG_EPARSE;
            r = r * 10 + (*p - '0');
            p++;
        }
        if (*p || r > 1048576) return SG_EPARSE;
    }
    *col = c - 1;
    *row = r;
    return SG_OK;
}

/* Appends one cell's text to the row; returns false (with the part failed) at a limit. */
static bool row_add(sheet_state *st, const char *s, size_t n)
{
    if (st->ncells == st->cap) {
        st->cap = st->cap ? st->cap * 2 : 64;
        st->off = xrealloc(st->off, st->cap * sizeof *st->off);
        st->lens = xrealloc(st->lens, st->cap * sizeof *st->lens);
        st->ptrs = xrealloc(st->ptrs, st->cap * sizeof *st->ptrs);
    }
    size_t off = st->rowtext.len;
    if (sg_buf_append(&st->rowtext, s, n) != SG_OK || sg_buf_putc(&st->rowtext, '\0') != SG_OK) {
        part_fail(&st->pt, SG_ELIMIT, "row %ld holds more than %zu bytes of text", st->row,
                  st->pt.x->lim.max_row_bytes);
        return false;
    }
    st->off[st->ncells] = off;
    st->lens[st->ncells] = n;
    st->ncells++;
    return true;
}

static void XMLCALL sheet_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
    sheet_state *st = ud;
    if (st->pt.rc) return;
    const char *ln = local_name(el);
    const sg_xlsx_limits *lim = &st->pt.x->lim;
    if (strcmp(ln, "sheetData") == 0) {
        st->in_data = true;
    } else if (!st->in_data) {
        return;
    } else if (strcmp(ln, "row") == 0) {
        const char *r = attr(atts, "r");
        long n = st->last_row + 1;
        if (r) {
            char *end;
            n = strtol(r, &end, 10);
            if (end == r || *end || n < 1) {
                part_fail(&st->pt, SG_EPARSE, "row number \"%.20s\" is not a number", r);
                return;
            }
        }
        if (n > lim->max_rows) {
            part_fail(&st->pt, SG_ELIMIT, "row %ld is beyond the limit of %ld rows", n,
                      lim->max_rows);
            return;
        }
        if (n <= st->last_row) {
            part_fail(&st->pt, SG_EPARSE, "row %ld comes after row %ld", n, st->last_row);
            return;
        }
        st->row = st->pt.line = n;
        st->in_row = true;
        st->ncells = 0;
        sg_buf_reset(&st->rowtext);
    } else if (strcmp(ln, "c") == 0 && st->in_row) {
        const char *r = attr(atts, "r"), *t = attr(atts, "t");
        long col = (long)st->ncells, rr = 0;
        if (r && (strlen(r) >= sizeof st->ref || sg_xlsx_cell_ref(r, &col, &rr) != SG_OK)) {
            part_fail(&st->pt, SG_EPARSE, "cell reference \"%.20s\" is not valid", r);
            return;
        }
        if (col >= lim->max_cols) {
            part_fail(&st->pt, SG_ELIMIT, "cell %s is beyond the limit of %ld columns", r ? r : "?",
                      lim->max_cols);
            return;
        }
        if (col < (long)st->ncells) {
            part_fail(&st->pt, SG_EPARSE, "cell %s comes after a cell to its right", r ? r : "?");
            return;
        }
        snprintf(st->ref, sizeof st->ref, "%s", r ? r : "");
        snprintf(st->ctype, sizeof st->ctype, "%s", t && strlen(t) < sizeof st->ctype ? t : "n");
        st->col = col;
        st->in_cell = true;
        st->in_is = false;
        st->rph = 0;
        sg_buf_reset(&st->cell);
    } else if (!st->in_cell) {
        return;
    } else if (strcmp(ln, "v") == 0) {
        st->capture = true;
    } else if (strcmp(ln, "is") == 0) {
        st->in_is = true;
    } else if (strcmp(ln, "rPh") == 0) {
        st->rph++;
    } else if (strcmp(ln, "t") == 0 && st->in_is && !st->rph) {
        st->capture = true;
        st->t_start = st->cell.len;
    }
}

static void cell_end(sheet_state *st)
{
    sg_xlsx *x = st->pt.x;
    const char *v = sg_buf_str(&st->cell);
    size_t n = st->cell.len;
    if (strcmp(st->ctype, "s") == 0 && n) {
        char *end;
        unsigned long long i = strtoull(v, &end, 10);
        while (*end == ' ')
            end++;
        if (end == v || *end || v[0] == '-' || i >= x->nsst) {
            part_fail(&st->pt, SG_EPARSE,
                      "cell %s refers to shared string \"%.20s\", which "
                      "does not exist",
                      st->ref, v);
            return;
        }
        v = x->sst.data + x->sst_off[i];
        n = strlen(v);
    } else if (strcmp(st->ctype, "b") == 0 && n == 1 && (v[0] == '0' || v[0] == '1')) {
        v = v[0] == '1' ? "TRUE" : "FALSE";
        n = strlen(v);
    }
    while ((long)st->ncells < st->col)
        if (!row_add(st, "", 0)) return;
    row_add(st, v, n);
}

static void XMLCALL sheet_end(void *ud, const XML_Char *el)
{
    sheet_state *st = ud;
    if (st->pt.rc) return;
    const char *ln = local_name(el);
    if (strcmp(ln, "sheetData") == 0) {
        st->in_data = false;
    } else if (st->in_cell) {
        if (strcmp(ln, "c") == 0) {
            st->in_cell = st->capture = false;
            cell_end(st);
        } else if (strcmp(ln, "v") == 0) {
            st->capture = false;
        } else if (strcmp(ln, "rPh") == 0) {
            if (st->rph) st->rph--;
        } else if (strcmp(ln, "t") == 0 && st->capture) {
            st->capture = false;
            unescape_from(&st->cell, st->t_start);
        } else if (strcmp(ln, "is") == 0) {
            st->in_is = false;
        }
    } else if (strcmp(ln, "row") == 0 && st->in_row) {
        st->in_row = false;
        st->last_row = st->row;
        for (size_t i = 0; i < st->ncells; i++)
            st->ptrs[i] = st->rowtext.data + st->off[i];
        sg_xlsx_row row = {st->row, st->ncells, st->ptrs, st->lens};
        int rc = st->fn(st->ctx, &row, st->pt.err);
        if (rc) {
            st->pt.rc = rc;
            XML_StopParser(st->pt.p, XML_FALSE);
        }
    }
}

static void XMLCALL sheet_text(void *ud, const XML_Char *s, int len)
{
    sheet_state *st = ud;
    if (st->pt.rc || !st->capture) return;
    if (sg_buf_append(&st->cell, s, (size_t)len) != SG_OK)
        part_fail(&st->pt, SG_ELIMIT, "cell %s holds more than %zu bytes", st->ref,
                  st->pt.x->lim.max_string);
}

/* ---- the reader ---------------------------------------------------------------------------- */

void sg_xlsx_free(sg_xlsx *x)
{
    if (!x) return;
    if (x->uf) unzClose(x->uf);
    for (size_t i = 0; i < x->nsheets; i++) {
        free(x->sheets[i].name);
        free(x->sheets[i].rid);
        free(x->sheets[i].path);
    }
    free(x->sheets);
    for (size_t i = 0; i < x->nrels; i++) {
        free(x->rels[i].id);
        free(x->rels[i].type);
        free(x->rels[i].target);
    }
    free(x->rels);
    sg_buf_fini(&x->sst);
    free(x->sst_off);
    free(x->name);
    free(x);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int parse_simple(sg_xlsx *x, const char *path, XML_StartElementHandler start, sg_error *err)
{
    part pt = {x, NULL, path, x->name, 0, 0, err};
    new_parser(&pt, start, no_end, NULL);
    int rc = read_entry(x, &pt);
    XML_ParserFree(pt.p);
    return rc;
}

int sg_xlsx_open(FILE *fp, const char *name, const sg_xlsx_limits *lim, sg_xlsx **out,
                 sg_error *err)
{
    *out = NULL;
    unsigned char magic[8] = {0};
    size_t got = fread(magic, 1, sizeof magic, fp);
    if (ferror(fp) || fseeko(fp, 0, SEEK_SET) != 0)
        return sg_err_at(err, SG_EIO, name, 0, 0, NULL,
                         "cannot read the workbook (it must be a regular, seekable file)");
    if (got >= 4 && memcmp(magic, "\xD0\xCF\x11\xE0", 4) == 0)
        return sg_err_at(err, SG_EPARSE, name, 0, 0, NULL,
                         "not an .xlsx workbook: this is an OLE2 file, i.e. a password-protected "
                         "workbook or an old .xls; save it as .xlsx without a password");
    if (got < 4 || (memcmp(magic, "PK\x03\x04", 4) != 0 && memcmp(magic, "PK\x05\x06", 4) != 0))
        return sg_err_at(err, SG_EPARSE, name, 0, 0, NULL,
                         "not an .xlsx workbook: it does not start with a zip signature");

    sg_xlsx *x = xcalloc(1, sizeof *x);
    x->fp = fp;
    x->name = xstrdup(name);
    if (lim)
        x->lim = *lim;
    else
        sg_xlsx_default_limits(&x->lim);
    sg_buf_init(&x->sst, x->lim.max_sst_bytes);

    zlib_filefunc64_def ff = {zf_open, zf_read, zf_write, zf_tell, zf_seek, zf_close, zf_error, fp};
    int rc = SG_OK;
    x->uf = unzOpen2_64(name, &ff);
    if (!x->uf) {
        rc = sg_err_at(err, SG_EPARSE, name, 0, 0, NULL,
                       "damaged zip: its central directory cannot be read (truncated file?)");
        goto out;
    }
    rc = parse_simple(x, "xl/workbook.xml", wb_start, err);
    if (rc == SG_ENOTFOUND)
        rc = sg_err_at(err, SG_EPARSE, name, 0, 0, NULL,
                       "a zip file but not an .xlsx workbook: it has no xl/workbook.xml");
    if (rc) goto out;
    rc = parse_simple(x, "xl/_rels/workbook.xml.rels", rel_start, err);
    if (rc == SG_ENOTFOUND)
        rc = sg_err_at(err, SG_EPARSE, name, 0, 0, NULL,
                       "not a complete .xlsx workbook: it has no xl/_rels/workbook.xml.rels");
    if (rc) goto out;

    const char *sst_target = NULL;
    for (size_t i = 0; i < x->nrels; i++)
        if (ends_with(x->rels[i].type, "/sharedStrings")) sst_target = x->rels[i].target;
    for (size_t i = 0; i < x->nsheets; i++)
        for (size_t j = 0; j < x->nrels; j++)
            if (strcmp(x->sheets[i].rid, x->rels[j].id) == 0) {
                x->sheets[i].path = resolve_target(x->rels[j].target);
                break;
            }
    if (sst_target) {
        char *path = resolve_target(sst_target);
        if (!path) {
            rc = sg_err_at(err, SG_EPARSE, name, 0, 0, NULL,
                           "the shared strings target \"%.100s\" leaves the package", sst_target);
            goto out;
        }
        sst_state st;
        memset(&st, 0, sizeof st);
        st.pt = (part){x, NULL, path, x->name, 0, 0, err};
        sg_buf_init(&st.text, x->lim.max_string);
        new_parser(&st.pt, sst_start, sst_end, sst_text);
        rc = read_entry(x, &st.pt);
        XML_ParserFree(st.pt.p);
        sg_buf_fini(&st.text);
        free(path);
        if (rc) goto out;
    }
out:
    if (rc) {
        sg_xlsx_free(x);
        return rc;
    }
    *out = x;
    return SG_OK;
}

size_t sg_xlsx_sheet_count(const sg_xlsx *x)
{
    return x->nsheets;
}

const char *sg_xlsx_sheet_name(const sg_xlsx *x, size_t i)
{
    return i < x->nsheets ? x->sheets[i].name : NULL;
}

int sg_xlsx_rows(sg_xlsx *x, size_t i, sg_xlsx_row_fn fn, void *ctx, sg_error *err)
{
    char where[sizeof err->file];
    if (i >= x->nsheets)
        return sg_err_at(err, SG_ENOTFOUND, x->name, 0, 0, NULL, "the workbook has no sheet %zu",
                         i + 1);
    snprintf(where, sizeof where, "%s[%s]", x->name, x->sheets[i].name);
    if (!x->sheets[i].path)
        return sg_err_at(err, SG_ENOTFOUND, where, 0, 0, NULL,
                         "the workbook does not say which part holds this sheet");
    sheet_state st;
    memset(&st, 0, sizeof st);
    st.pt = (part){x, NULL, x->sheets[i].path, where, 0, 0, err};
    st.fn = fn;
    st.ctx = ctx;
    sg_buf_init(&st.cell, x->lim.max_string);
    sg_buf_init(&st.rowtext, x->lim.max_row_bytes);
    new_parser(&st.pt, sheet_start, sheet_end, sheet_text);
    int rc = read_entry(x, &st.pt);
    XML_ParserFree(st.pt.p);
    sg_buf_fini(&st.cell);
    sg_buf_fini(&st.rowtext);
    free(st.off);
    free(st.lens);
    free(st.ptrs);
    return rc == SG_XLSX_STOP ? SG_OK : rc;
}

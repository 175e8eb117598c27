/* test_xlsx.c - the .xlsx reader: the liia-tools Annex A fixture (values checked independently
 * with python3's zipfile + xml.etree), workbooks built here with minizip's writer to exercise
 * each cell kind, and damaged inputs: not a zip, truncated, corrupt entries, zip bombs,
 * DOCTYPEs, limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/mem.h"
#include "ingest/xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

/* ---- helpers ------------------------------------------------------------------------------ */

typedef struct entry {
    const char *name;
    const char *data;
    size_t len; /* 0 = strlen(data) */
} entry;

/* Writes a zip of the entries to a fresh temporary file; returns its path (free it). */
static char *make_zip(const entry *e, size_t n)
{
    char *path = xstrdup("/tmp/sg_test_xlsx_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    zipFile zf = zipOpen64(path, APPEND_STATUS_CREATE);
    assert_non_null(zf);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(
            zipOpenNewFileInZip64(zf, e[i].name, NULL, NULL, 0, NULL, 0, NULL, Z_DEFLATED, 9, 0),
            ZIP_OK);
        size_t len = e[i].len ? e[i].len : strlen(e[i].data);
        assert_int_equal(zipWriteInFileInZip(zf, e[i].data, (unsigned)len), ZIP_OK);
        assert_int_equal(zipCloseFileInZip(zf), ZIP_OK);
    }
    assert_int_equal(zipClose(zf, NULL), ZIP_OK);
    return path;
}

static char *write_bytes(const void *p, size_t n)
{
    char *path = xstrdup("/tmp/sg_test_xlsx_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, p, n), (ssize_t)n);
    close(fd);
    return path;
}

static char *read_all(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = xmalloc((size_t)sz);
    assert_int_equal(fread(buf, 1, (size_t)sz, f), (size_t)sz);
    fclose(f);
    *n = (size_t)sz;
    return buf;
}

static char *fixture(void)
{
    const char *dir = getenv("SG_TESTS_DIR");
    assert_non_null(dir);
    size_t n = strlen(dir) + 64;
    char *p = xmalloc(n);
    snprintf(p, n, "%s/fixtures/liia-tools/Annex_A.xlsx", dir);
    return p;
}

/* Collected rows: "row|cell|cell|..." per row, so tests can compare whole rows as strings. */
typedef struct rows {
    char *line[64];
    size_t n;
    size_t ncells[64];
    long stop_after; /* > 0: return SG_XLSX_STOP after that many rows */
    int fail_with;   /* nonzero: return this on the first row */
} rows;

static int collect(void *ctx, const sg_xlsx_row *r, sg_error *err)
{
    rows *rs = ctx;
    if (rs->fail_with) return sg_err(err, rs->fail_with, "callback failed");
    char buf[8192];
    size_t k = (size_t)snprintf(buf, sizeof buf, "%ld", r->row);
    for (size_t i = 0; i < r->ncells; i++) {
        assert_int_equal(strlen(r->cell[i]), r->len[i]);
        k += (size_t)snprintf(buf + k, sizeof buf - k, "|%s", r->cell[i]);
        assert_true(k < sizeof buf);
    }
    assert_true(rs->n < 64);
    rs->ncells[rs->n] = r->ncells;
    rs->line[rs->n++] = xstrdup(buf);
    if (rs->stop_after && (long)rs->n >= rs->stop_after) return SG_XLSX_STOP;
    return SG_OK;
}

static void rows_free(rows *rs)
{
    for (size_t i = 0; i < rs->n; i++)
        free(rs->line[i]);
    memset(rs, 0, sizeof *rs);
}

static int open_path(const char *path, const sg_xlsx_limits *lim, sg_xlsx **x, sg_error *err,
                     FILE **fp)
{
    *fp = fopen(path, "rb");
    assert_non_null(*fp);
    return sg_xlsx_open(*fp, "book.xlsx", lim, x, err);
}

static const char WB[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<sheets><sheet name=\"First\" sheetId=\"1\" r:id=\"rId1\"/>"
    "<sheet name=\"Second &amp; last\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>";

static const char RELS[] =
    "<?xml version=\"1.0\"?>"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/worksheet\" Target=\"/xl/worksheets/../worksheets/b.xml\"/>"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/worksheet\" Target=\"worksheets/a.xml\"/>"
    "<Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>";

/* Rich text runs concatenated, a phonetic run left out, an escape decoded, an empty string. */
static const char SST[] =
    "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"4\">"
    "<si><t>Child Unique ID</t></si>"
    "<si><r><rPr><b/></rPr><t>a) </t></r><r><t xml:space=\"preserve\">Male </t></r>"
    "<rPh sb=\"0\" eb=\"1\"><t>PHONETIC</t></rPh></si>"
    "<si><t>line_x000D_end_x005F_x</t></si>"
    "<si><t/></si></sst>";

/* Prefixed namespace (x:), gaps, a missing row r, inline string, boolean, error, formula. */
static const char SHEET_A[] =
    "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<x:dimension ref=\"A1:E4\"/><x:sheetData>"
    "<x:row r=\"1\"><x:c r=\"A1\" t=\"s\"><x:v>0</x:v></x:c><x:c r=\"C1\" t=\"s\"><x:v>1</x:v>"
    "</x:c><x:c r=\"E1\" t=\"inlineStr\"><x:is><x:r><x:t>in</x:t></x:r><x:r><x:t>line</x:t>"
    "</x:r></x:is></x:c></x:row>"
    "<x:row r=\"3\"><x:c r=\"B3\" t=\"b\"><x:v>1</x:v></x:c><x:c t=\"b\"><x:v>0</x:v></x:c>"
    "<x:c r=\"D3\" t=\"e\"><x:v>#N/A</x:v></x:c><x:c r=\"E3\" t=\"str\"><x:f>A1&amp;\"x\"</x:f>"
    "<x:v>text result</x:v></x:c></x:row>"
    "<x:row><x:c r=\"A4\"><x:f>1+1</x:f><x:v>44090</x:v></x:c><x:c r=\"B4\" s=\"3\"/>"
    "<x:c r=\"C4\" t=\"s\"><x:v>2</x:v></x:c><x:c r=\"D4\" t=\"s\"><x:v>3</x:v></x:c></x:row>"
    "<x:row r=\"5\"/>"
    "</x:sheetData></x:worksheet>";

static const char SHEET_B[] =
    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
    "<row r=\"2\"><c r=\"AB2\"><v>6.25</v></c></row></sheetData></worksheet>";

static char *make_book(const char *sheet_a, const char *sst)
{
    entry e[] = {
        {"[Content_Types].xml", "<Types/>", 0},
        {"xl/workbook.xml", WB, 0},
        {"xl/_rels/workbook.xml.rels", RELS, 0},
        {"xl/sharedStrings.xml", sst ? sst : SST, 0},
        {"xl/worksheets/a.xml", sheet_a ? sheet_a : SHEET_A, 0},
        {"xl/worksheets/b.xml", SHEET_B, 0},
    };
    return make_zip(e, sizeof e / sizeof e[0]);
}

/* Opens path, reads sheet 0 and returns the status of the first failing step. */
static int try_book(const char *path, const sg_xlsx_limits *lim, sg_error *err, rows *rs)
{
    FILE *fp;
    sg_xlsx *x = NULL;
    int rc = open_path(path, lim, &x, err, &fp);
    if (rc == SG_OK) {
        rc = sg_xlsx_rows(x, 0, collect, rs, err);
        sg_xlsx_free(x);
    } else {
        assert_null(x);
    }
    fclose(fp);
    return rc;
}

/* ---- tests -------------------------------------------------------------------------------- */

static void test_cell_ref(void **state)
{
    (void)state;
    long c, r;
    assert_int_equal(sg_xlsx_cell_ref("A1", &c, &r), SG_OK);
    assert_int_equal(c, 0);
    assert_int_equal(r, 1);
    assert_int_equal(sg_xlsx_cell_ref("AB12", &c, &r), SG_OK);
    assert_int_equal(c, 27); /* A..Z = 0..25, AA = 26, AB = 27 */
    assert_int_equal(r, 12);
    assert_int_equal(sg_xlsx_cell_ref("AH6", &c, &r), SG_OK);
    assert_int_equal(c, 33);
    assert_int_equal(sg_xlsx_cell_ref("XFD1048576", &c, &r), SG_OK);
    assert_int_equal(c, 16383);
    assert_int_equal(r, 1048576);
    assert_int_equal(sg_xlsx_cell_ref("Z", &c, &r), SG_OK);
    assert_int_equal(c, 25);
    assert_int_equal(r, 0);
    assert_int_equal(sg_xlsx_cell_ref("XFE1", &c, &r), SG_EPARSE);
    assert_int_equal(sg_xlsx_cell_ref("A1048577", &c, &r), SG_EPARSE);
    assert_int_equal(sg_xlsx_cell_ref("A0", &c, &r), SG_EPARSE);
    assert_int_equal(sg_xlsx_cell_ref("a1", &c, &r), SG_EPARSE);
    assert_int_equal(sg_xlsx_cell_ref("$A$1", &c, &r), SG_EPARSE);
    assert_int_equal(sg_xlsx_cell_ref("1", &c, &r), SG_EPARSE);
    assert_int_equal(sg_xlsx_cell_ref("A1B", &c, &r), SG_EPARSE);
    assert_int_equal(sg_xlsx_cell_ref("", &c, &r), SG_EPARSE);
}

static void test_fixture(void **state)
{
    (void)state;
    char *path = fixture();
    FILE *fp;
    sg_xlsx *x = NULL;
    sg_error err;
    sg_error_clear(&err);
    assert_int_equal(open_path(path, NULL, &x, &err, &fp), SG_OK);
    assert_int_equal(sg_xlsx_sheet_count(x), 11);
    char want[16];
    for (size_t i = 0; i < 11; i++) {
        snprintf(want, sizeof want, "List %zu", i + 1);
        assert_string_equal(sg_xlsx_sheet_name(x, i), want);
    }
    assert_null(sg_xlsx_sheet_name(x, 11));

    /* List 1: every row, exactly as python's zipfile + xml.etree read them. D3 is a styled empty
     * cell; numbers come as written. */
    rows rs = {0};
    assert_int_equal(sg_xlsx_rows(x, 0, collect, &rs, &err), SG_OK);
    assert_int_equal(rs.n, 6);
    assert_string_equal(rs.line[0], "1|Child Unique ID|Gender|Ethnicity|Date of Birth|Age|"
                                    "Date of Contact|Contact Source");
    assert_string_equal(rs.line[1],
                        "2|9212044|Female|a) WBRI|42029|6.1382614647501708|44090|q) 6: Police");
    assert_string_equal(rs.line[2],
                        "3|11973218|b) Female|k) APKN||8.8843258042436695|44090|q) 6: Police");
    assert_string_equal(rs.line[5], "6|13981739|b) Female|a) WBRI|38459|15.912388774811772|44090|"
                                    "t) 9: Anonymous");
    rows_free(&rs);

    /* List 3: the worker's name has a no-break space (U+00A0, UTF-8 C2 A0). */
    assert_int_equal(sg_xlsx_rows(x, 2, collect, &rs, &err), SG_OK);
    assert_int_equal(rs.n, 7);
    assert_string_equal(rs.line[0], "1|Child Unique ID|Gender|Ethnicity|Date of Birth|Age|"
                                    "Date of Referral|Referral Source|Referral NFA?|"
                                    "Number of Referrals in Last 12 Months|Allocated Team|"
                                    "Allocated Worker");
    assert_string_equal(rs.line[1], "2|6537810|a) Male|a) WBRI|38186|16.659822039698838|44090|"
                                    "s) 8: Other|No|0|Multi Agency Safeguarding Hub|"
                                    "Dustin\xC2\xA0Hazlett");
    rows_free(&rs);

    /* List 6: Excel error cells (t="e") come as their code. */
    assert_int_equal(sg_xlsx_rows(x, 5, collect, &rs, &err), SG_OK);
    assert_int_equal(rs.n, 6);
    assert_string_equal(rs.line[2], "3|8140425|b) Female|a) WBRI|36514|21.237508555783709|b) No|"
                                    "39044|N1 - Abuse or Neglect|44260|||c) Child in need plan|"
                                    "#N/A|#N/A");
    rows_free(&rs);

    /* List 8: 34 columns (A..AH); C4 is an empty shared string. */
    assert_int_equal(sg_xlsx_rows(x, 7, collect, &rs, &err), SG_OK);
    assert_int_equal(rs.n, 6);
    assert_int_equal(rs.ncells[0], 34);
    assert_string_equal(rs.line[3],
                        "4|14065184|b) Female||39233|13.793292265571527|b) No|a) Yes|41894|"
                        "N1 - Abuse or Neglect|b) No|42235|C2: FCO|44173|44216||43837|44109|"
                        "44116|1|||43654|d) U4: Foster placement - long term|"
                        "f) PR5 - Voluntary/third sector|C25 1YT|||Other Town 1|0|0|||"
                        "Children in Care Team 1|Wyatt Hammond");
    rows_free(&rs);

    /* List 10: formula cells give their cached value; the header keeps a trailing space
     * (xml:space="preserve"); row 2 ends at its last cell element (N2, empty). */
    assert_int_equal(sg_xlsx_rows(x, 9, collect, &rs, &err), SG_OK);
    assert_int_equal(rs.n, 6);
    assert_int_equal(rs.ncells[0], 16);
    assert_int_equal(rs.ncells[1], 14);
    assert_non_null(strstr(rs.line[0], "|Date of Adoption Order |"));
    assert_string_equal(rs.line[1], "2|7961370|14159183|a) Male|s) NOBT|37300|20|b) No|40031|"
                                    "40036|40041|40046|40051|40056|");
    rows_free(&rs);

    /* Data rows per sheet, from python: 5 5 6 5 5 5 7 5 6 5 5 plus a header each. */
    static const size_t nrows[11] = {6, 6, 7, 6, 6, 6, 8, 6, 7, 6, 6};
    for (size_t i = 0; i < 11; i++) {
        assert_int_equal(sg_xlsx_rows(x, i, collect, &rs, &err), SG_OK);
        assert_int_equal(rs.n, nrows[i]);
        rows_free(&rs);
    }

    /* Stopping quietly, and a callback error passed through. */
    rs.stop_after = 2;
    assert_int_equal(sg_xlsx_rows(x, 6, collect, &rs, &err), SG_OK);
    assert_int_equal(rs.n, 2);
    rows_free(&rs);
    rs.fail_with = SG_EINVAL;
    assert_int_equal(sg_xlsx_rows(x, 6, collect, &rs, &err), SG_EINVAL);
    assert_string_equal(err.msg, "callback failed");
    rows_free(&rs);
    assert_int_equal(sg_xlsx_rows(x, 11, collect, &rs, &err), SG_ENOTFOUND);

    sg_xlsx_free(x);
    fclose(fp);
    free(path);
}

static void test_cell_kinds(void **state)
{
    (void)state;
    char *path = make_book(NULL, NULL);
    FILE *fp;
    sg_xlsx *x = NULL;
    sg_error err;
    sg_error_clear(&err);
    assert_int_equal(open_path(path, NULL, &x, &err, &fp), SG_OK);
    assert_int_equal(sg_xlsx_sheet_count(x), 2);
    assert_string_equal(sg_xlsx_sheet_name(x, 0), "First");
    assert_string_equal(sg_xlsx_sheet_name(x, 1), "Second & last");
    rows rs = {0};
    assert_int_equal(sg_xlsx_rows(x, 0, collect, &rs, &err), SG_OK);
    assert_int_equal(rs.n, 4);
    assert_string_equal(rs.line[0], "1|Child Unique ID||a) Male ||inline");
    assert_string_equal(rs.line[1], "3||TRUE|FALSE|#N/A|text result");
    assert_string_equal(rs.line[2], "4|44090||line\rend_x|");
    assert_string_equal(rs.line[3], "5");
    assert_int_equal(rs.ncells[3], 0);
    rows_free(&rs);
    /* Sheet 2's target is absolute with a "..": resolved to xl/worksheets/b.xml. */
    assert_int_equal(sg_xlsx_rows(x, 1, collect, &rs, &err), SG_OK);
    assert_int_equal(rs.n, 1);
    assert_int_equal(rs.ncells[0], 28);
    assert_string_equal(rs.line[0], "2||||||||||||||||||||||||||||6.25");
    rows_free(&rs);
    sg_xlsx_free(x);
    fclose(fp);
    unlink(path);
    free(path);
}

static void test_not_a_zip(void **state)
{
    (void)state;
    sg_error err;
    rows rs = {0};
    static const char text[] = "Child Unique ID,Gender\n1,M\n";
    char *path = write_bytes(text, sizeof text - 1);
    sg_error_clear(&err);
    assert_int_equal(try_book(path, NULL, &err, &rs), SG_EPARSE);
    assert_non_null(strstr(err.msg, "zip signature"));
    assert_string_equal(err.file, "book.xlsx");
    unlink(path);
    free(path);

    path = write_bytes("", 0);
    assert_int_equal(try_book(path, NULL, &err, &rs), SG_EPARSE);
    unlink(path);
    free(path);

    static const unsigned char ole[16] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    path = write_bytes(ole, sizeof ole);
    assert_int_equal(try_book(path, NULL, &err, &rs), SG_EPARSE);
    assert_non_null(strstr(err.msg, "OLE2"));
    unlink(path);
    free(path);

    /* A zip that is not a workbook. */
    entry e[] = {{"hello.txt", "hello", 0}};
    path = make_zip(e, 1);
    assert_int_equal(try_book(path, NULL, &err, &rs), SG_EPARSE);
    assert_non_null(strstr(err.msg, "no xl/workbook.xml"));
    unlink(path);
    free(path);
    assert_int_equal(rs.n, 0);
}

static void test_damaged_zip(void **state)
{
    (void)state;
    sg_error err;
    rows rs = {0};
    size_t n;
    char *fx = fixture();
    char *bytes = read_all(fx, &n);
    free(fx);

    /* Truncated: the central directory at the end is gone. */
    char *path = write_bytes(bytes, n / 2);
    sg_error_clear(&err);
    assert_int_equal(try_book(path, NULL, &err, &rs), SG_EPARSE);
    assert_non_null(strstr(err.msg, "central directory"));
    unlink(path);
    free(path);

    /* Corrupt deflate data in the first local entry for sheet1.xml. */
    const char *name = "xl/worksheets/sheet1.xml";
    size_t pos = 0;
    for (; pos + strlen(name) < n; pos++)
        if (memcmp(bytes + pos, name, strlen(name)) == 0) break;
    assert_true(pos >= 30 && pos + strlen(name) < n);
    const unsigned char *hdr = (const unsigned char *)bytes + pos - 30;
    assert_memory_equal(hdr, "PK\x03\x04", 4);
    size_t extra = (size_t)hdr[28] | (size_t)hdr[29] << 8;
    size_t data = pos + strlen(name) + extra;
    for (size_t i = 20; i < 60; i++)
        bytes[data + i] ^= 0x5A;
    path = write_bytes(bytes, n);
    FILE *fp;
    sg_xlsx *x = NULL;
    assert_int_equal(open_path(path, NULL, &x, &err, &fp), SG_OK); /* sheet1 is read lazily */
    int rc = sg_xlsx_rows(x, 0, collect, &rs, &err);
    assert_int_equal(rc, SG_EPARSE);
    assert_non_null(strstr(err.msg, "xl/worksheets/sheet1.xml"));
    assert_string_equal(err.file, "book.xlsx[List 1]");
    rows_free(&rs);
    /* Other sheets are unaffected. */
    assert_int_equal(sg_xlsx_rows(x, 1, collect, &rs, &err), SG_OK);
    assert_int_equal(rs.n, 6);
    rows_free(&rs);
    sg_xlsx_free(x);
    fclose(fp);
    unlink(path);
    free(path);
    free(bytes);
}

/* A sheet padded with n bytes of spaces between elements: valid XML that deflates ~1000:1. */
static char *padded_sheet(size_t n)
{
    static const char head[] =
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        "<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row>";
    static const char tail[] = "</sheetData></worksheet>";
    char *s = xmalloc(sizeof head + n + sizeof tail);
    memcpy(s, head, sizeof head - 1);
    memset(s + sizeof head - 1, ' ', n);
    memcpy(s + sizeof head - 1 + n, tail, sizeof tail);
    return s;
}

static void test_zip_bomb(void **state)
{
    (void)state;
    sg_error err;
    rows rs = {0};
    sg_xlsx_limits lim;
    char *sheet = padded_sheet(6u << 20);
    char *path = make_book(sheet, NULL);

    /* Over the per-entry cap (declared size checked before inflating). */
    sg_xlsx_default_limits(&lim);
    lim.max_entry = 4u << 20;
    sg_error_clear(&err);
    assert_int_equal(try_book(path, &lim, &err, &rs), SG_ELIMIT);
    assert_non_null(strstr(err.msg, "xl/worksheets/a.xml"));
    assert_non_null(strstr(err.msg, "limit"));

    /* Over the ratio once past 1 MiB. */
    sg_xlsx_default_limits(&lim);
    lim.max_ratio = 50;
    assert_int_equal(try_book(path, &lim, &err, &rs), SG_ELIMIT);
    assert_non_null(strstr(err.msg, "zip bomb"));
    assert_int_equal(rs.n, 1); /* the row before the padding was read */
    rows_free(&rs);

    /* Over the whole-workbook cap. */
    sg_xlsx_default_limits(&lim);
    lim.max_total = 2u << 20;
    assert_int_equal(try_book(path, &lim, &err, &rs), SG_ELIMIT);
    rows_free(&rs);

    /* The default ratio (500) catches it too; with the ratio relaxed it is just a big sheet. */
    assert_int_equal(try_book(path, NULL, &err, &rs), SG_ELIMIT);
    rows_free(&rs);
    sg_xlsx_default_limits(&lim);
    lim.max_ratio = 5000;
    assert_int_equal(try_book(path, &lim, &err, &rs), SG_OK);
    assert_int_equal(rs.n, 1);
    rows_free(&rs);
    unlink(path);
    free(path);

    /* A bomb in the shared strings fails the open. */
    char *sst = padded_sheet(6u << 20);
    path = make_book(NULL, sst);
    sg_xlsx_default_limits(&lim);
    lim.max_entry = 4u << 20;
    assert_int_equal(try_book(path, &lim, &err, &rs), SG_ELIMIT);
    assert_non_null(strstr(err.msg, "xl/sharedStrings.xml"));
    unlink(path);
    free(path);
    free(sst);
    free(sheet);
}

static void test_xml_attacks(void **state)
{
    (void)state;
    sg_error err;
    rows rs = {0};
    static const char laughs[] =
        "<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY a \"aaaaaaaaaa\">"
        "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
        "<sst><si><t>&c;&c;&c;&c;&c;&c;</t></si></sst>";
    char *path = make_book(NULL, laughs);
    sg_error_clear(&err);
    assert_int_equal(try_book(path, NULL, &err, &rs), SG_EPARSE);
    assert_non_null(strstr(err.msg, "DOCTYPE"));
    unlink(path);
    free(path);

    static const char external[] =
        "<?xml version=\"1.0\"?><!DOCTYPE worksheet SYSTEM \"file:///etc/passwd\">"
        "<worksheet><sheetData/></worksheet>";
    path = make_book(external, NULL);
    assert_int_equal(try_book(path, NULL, &err, &rs), SG_EPARSE);
    assert_non_null(strstr(err.msg, "DOCTYPE"));
    assert_string_equal(err.file, "book.xlsx[First]");
    unlink(path);
    free(path);

    static const char broken[] =
        "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row>\n"
        "<row r=\"2\"><c r=\"A2\"><v>2</c></row></sheetData></worksheet>";
    path = make_book(broken, NULL);
    assert_int_equal(try_book(path, NULL, &err, &rs), SG_EPARSE);
    assert_non_null(strstr(err.msg, "not well-formed"));
    assert_non_null(strstr(err.msg, "XML line 2"));
    assert_int_equal(rs.n, 1);
    rows_free(&rs);
    unlink(path);
    free(path);
}

static void test_limits_and_bad_cells(void **state)
{
    (void)state;
    sg_error err;
    rows rs = {0};
    sg_xlsx_limits lim;
    struct {
        const char *sheet;
        int lim_kind; /* 0 none, 1 max_cols = 3, 2 max_rows = 10, 3 max_string = 8 */
        int want;
        const char *msg;
    } cases[] = {
        {"<worksheet><sheetData><row r=\"1\"><c r=\"D1\"><v>1</v></c></row></sheetData>"
         "</worksheet>",
         1, SG_ELIMIT, "beyond the limit of 3 columns"},
        {"<worksheet><sheetData><row r=\"11\"/></sheetData></worksheet>", 2, SG_ELIMIT,
         "row 11 is beyond"},
        {"<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>123456789</t>"
         "</is></c></row></sheetData></worksheet>",
         3, SG_ELIMIT, "more than 8 bytes"},
        {"<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>4</v></c></row></sheetData>"
         "</worksheet>",
         0, SG_EPARSE, "shared string \"4\""},
        {"<worksheet><sheetData><row r=\"1\"><c r=\"B1\"><v>1</v></c><c r=\"A1\"><v>1</v></c>"
         "</row></sheetData></worksheet>",
         0, SG_EPARSE, "cell A1 comes after"},
        {"<worksheet><sheetData><row r=\"2\"/><row r=\"1\"/></sheetData></worksheet>", 0, SG_EPARSE,
         "row 1 comes after row 2"},
        {"<worksheet><sheetData><row r=\"1\"><c r=\"1A\"><v>1</v></c></row></sheetData>"
         "</worksheet>",
         0, SG_EPARSE, "\"1A\" is not valid"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sg_xlsx_default_limits(&lim);
        if (cases[i].lim_kind == 1) lim.max_cols = 3;
        if (cases[i].lim_kind == 2) lim.max_rows = 10;
        if (cases[i].lim_kind == 3) lim.max_string = 8;
        char *path = make_book(cases[i].sheet, "<sst><si><t>x</t></si></sst>");
        sg_error_clear(&err);
        int rc = try_book(path, &lim, &err, &rs);
        if (rc != cases[i].want || !strstr(err.msg, cases[i].msg))
            fail_msg("case %zu: rc %d msg %s", i, rc, err.msg);
        rows_free(&rs);
        unlink(path);
        free(path);
    }
    /* A shared string over max_string fails the open. */
    sg_xlsx_default_limits(&lim);
    lim.max_string = 10;
    char *path = make_book(NULL, NULL);
    assert_int_equal(try_book(path, &lim, &err, &rs), SG_ELIMIT);
    assert_non_null(strstr(err.msg, "shared string is longer than 10 bytes"));
    sg_xlsx_default_limits(&lim);
    lim.max_strings = 3;
    assert_int_equal(try_book(path, &lim, &err, &rs), SG_ELIMIT);
    lim.max_strings = 4;
    assert_int_equal(try_book(path, &lim, &err, &rs), SG_OK);
    rows_free(&rs);
    unlink(path);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cell_ref),    cmocka_unit_test(test_fixture),
        cmocka_unit_test(test_cell_kinds),  cmocka_unit_test(test_not_a_zip),
        cmocka_unit_test(test_damaged_zip), cmocka_unit_test(test_zip_bomb),
        cmocka_unit_test(test_xml_attacks), cmocka_unit_test(test_limits_and_bad_cells),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

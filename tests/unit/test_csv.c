/* test_csv.c - the streaming CSV reader: fields, lines, columns and raw text of valid input in
 * every line-end style, malformed input with exact error positions and resynchronisation,
 * limits, UTF-8 checks, FILE reading across chunk boundaries, and header-name matching. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/sg.h"
#include "ingest/csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Checks field i of row: value, position and whether it was quoted. */
static void field_is(const sg_csv_row *row, size_t i, const char *value, long line, long col,
                     bool quoted)
{
    assert_true(i < row->nfields);
    const sg_csv_field *f = &row->f[i];
    assert_int_equal(f->len, strlen(value));
    assert_memory_equal(f->ptr, value, f->len);
    assert_int_equal(f->ptr[f->len], '\0');
    assert_int_equal(f->line, line);
    assert_int_equal(f->column, col);
    assert_int_equal(f->quoted, quoted);
}

static void raw_is(const sg_csv_row *row, const char *raw)
{
    assert_int_equal(row->raw_len, strlen(raw));
    assert_memory_equal(row->raw, raw, row->raw_len);
}

/* Reads the next row and asserts it is SG_OK with n fields. */
static const sg_csv_row *next_ok(sg_csv *c, size_t n)
{
    const sg_csv_row *row = NULL;
    sg_error err;
    sg_error_clear(&err);
    int rc = sg_csv_next(c, &row, &err);
    if (rc != SG_OK) fail_msg("unexpected %s: %s", sg_status_name(rc), err.msg);
    assert_non_null(row);
    assert_int_equal(row->nfields, n);
    return row;
}

/* Reads the next row and asserts the given failure at line:col with msg containing what. */
static const sg_csv_row *next_fail(sg_csv *c, int code, long line, long col, const char *what)
{
    const sg_csv_row *row = NULL;
    sg_error err;
    sg_error_clear(&err);
    int rc = sg_csv_next(c, &row, &err);
    assert_int_equal(rc, code);
    assert_int_equal(err.code, code);
    assert_string_equal(err.file, "t.csv");
    assert_int_equal(err.line, line);
    assert_int_equal(err.column, col);
    if (!strstr(err.msg, what)) fail_msg("message \"%s\" lacks \"%s\"", err.msg, what);
    assert_non_null(row);
    return row;
}

static void next_end(sg_csv *c)
{
    const sg_csv_row *row = (const sg_csv_row *)1;
    sg_error err;
    sg_error_clear(&err);
    assert_int_equal(sg_csv_next(c, &row, &err), SG_OK);
    assert_null(row);
}

static sg_csv *mem(const char *s)
{
    return sg_csv_new_mem(s, strlen(s), "t.csv", NULL);
}

static void test_simple_lf(void **state)
{
    (void)state;
    sg_csv *c = mem("name,age,town\nAnn,12,Leeds\n");
    const sg_csv_row *r = next_ok(c, 3);
    field_is(r, 0, "name", 1, 1, false);
    field_is(r, 1, "age", 1, 6, false);
    field_is(r, 2, "town", 1, 10, false);
    assert_int_equal(r->line, 1);
    assert_int_equal(r->end_line, 1);
    assert_int_equal(r->index, 1);
    raw_is(r, "name,age,town");
    r = next_ok(c, 3);
    field_is(r, 0, "Ann", 2, 1, false);
    field_is(r, 1, "12", 2, 5, false);
    field_is(r, 2, "Leeds", 2, 8, false);
    assert_int_equal(r->line, 2);
    assert_int_equal(r->index, 2);
    raw_is(r, "Ann,12,Leeds");
    next_end(c);
    next_end(c); /* stays at the end */
    sg_csv_free(c);
}

static void test_line_ends(void **state)
{
    (void)state;
    /* CRLF */
    sg_csv *c = mem("a,b\r\n1,2\r\n");
    const sg_csv_row *r = next_ok(c, 2);
    raw_is(r, "a,b");
    r = next_ok(c, 2);
    field_is(r, 0, "1", 2, 1, false);
    field_is(r, 1, "2", 2, 3, false);
    assert_int_equal(r->line, 2);
    assert_int_equal(r->end_line, 2);
    raw_is(r, "1,2");
    next_end(c);
    sg_csv_free(c);

    /* lone CR, no final line end */
    c = mem("a,b\r1,2\r3,4");
    r = next_ok(c, 2);
    assert_int_equal(r->line, 1);
    r = next_ok(c, 2);
    field_is(r, 1, "2", 2, 3, false);
    r = next_ok(c, 2);
    field_is(r, 0, "3", 3, 1, false);
    field_is(r, 1, "4", 3, 3, false);
    assert_int_equal(r->index, 3);
    next_end(c);
    sg_csv_free(c);

    /* mixed: LF, CRLF, CR, then LF LF (a blank line) */
    c = mem("a\nb\r\nc\rd\n\ne\n");
    const char *want[] = {"a", "b", "c", "d", "e"};
    const long lines[] = {1, 2, 3, 4, 6};
    for (int i = 0; i < 5; i++) {
        r = next_ok(c, 1);
        field_is(r, 0, want[i], lines[i], 1, false);
        assert_int_equal(r->index, i + 1);
    }
    next_end(c);
    sg_csv_free(c);
}

static void test_quoted(void **state)
{
    (void)state;
    sg_csv *c = mem("\"x,y\",\"he said \"\"hi\"\"\",z,\"\"\n");
    const sg_csv_row *r = next_ok(c, 4);
    field_is(r, 0, "x,y", 1, 1, true);
    field_is(r, 1, "he said \"hi\"", 1, 7, true);
    field_is(r, 2, "z", 1, 24, false);
    field_is(r, 3, "", 1, 26, true);
    raw_is(r, "\"x,y\",\"he said \"\"hi\"\"\",z,\"\"");
    next_end(c);
    sg_csv_free(c);

    /* a line holding only "" is a record with one empty field, not a blank line */
    c = mem("\"\"\nnext\n");
    r = next_ok(c, 1);
    field_is(r, 0, "", 1, 1, true);
    r = next_ok(c, 1);
    field_is(r, 0, "next", 2, 1, false);
    next_end(c);
    sg_csv_free(c);
}

static void test_quoted_newlines(void **state)
{
    (void)state;
    sg_csv *c = mem("id,note,x\n1,\"line one\nline two\",c\n2,plain,d\n");
    const sg_csv_row *r = next_ok(c, 3);
    r = next_ok(c, 3);
    field_is(r, 0, "1", 2, 1, false);
    field_is(r, 1, "line one\nline two", 2, 3, true);
    field_is(r, 2, "c", 3, 11, false);
    assert_int_equal(r->line, 2);
    assert_int_equal(r->end_line, 3);
    raw_is(r, "1,\"line one\nline two\",c");
    r = next_ok(c, 3);
    field_is(r, 0, "2", 4, 1, false);
    field_is(r, 2, "d", 4, 9, false);
    assert_int_equal(r->line, 4);
    assert_int_equal(r->index, 3);
    next_end(c);
    sg_csv_free(c);

    /* CRLF inside quotes is one line end and is kept in the value; so is a lone CR */
    c = mem("1,\"a\r\nb\rc\"\r\n2,x\r\n");
    r = next_ok(c, 2);
    field_is(r, 1, "a\r\nb\rc", 1, 3, true);
    assert_int_equal(r->end_line, 3);
    r = next_ok(c, 2);
    field_is(r, 1, "x", 4, 3, false);
    next_end(c);
    sg_csv_free(c);
}

static void test_final_line(void **state)
{
    (void)state;
    sg_csv *c = mem("a,b\n1,2");
    next_ok(c, 2);
    const sg_csv_row *r = next_ok(c, 2);
    field_is(r, 1, "2", 2, 3, false);
    assert_int_equal(r->end_line, 2);
    raw_is(r, "1,2");
    next_end(c);
    sg_csv_free(c);

    /* a trailing comma at end of input still makes an empty last field */
    c = mem("a,b\n1,");
    next_ok(c, 2);
    r = next_ok(c, 2);
    field_is(r, 1, "", 2, 3, false);
    next_end(c);
    sg_csv_free(c);

    /* a quoted last field with no line end */
    c = mem("a,\"b\"");
    r = next_ok(c, 2);
    field_is(r, 1, "b", 1, 3, true);
    next_end(c);
    sg_csv_free(c);
}

static void test_blank_lines(void **state)
{
    (void)state;
    sg_csv *c = mem("\n\na\n\n\r\n\r\nb\n\n");
    const sg_csv_row *r = next_ok(c, 1);
    field_is(r, 0, "a", 3, 1, false);
    assert_int_equal(r->index, 1);
    r = next_ok(c, 1);
    field_is(r, 0, "b", 7, 1, false);
    assert_int_equal(r->index, 2);
    next_end(c);
    sg_csv_free(c);
    /* a line of spaces is data, not blank */
    c = mem("  \n");
    r = next_ok(c, 1);
    field_is(r, 0, "  ", 1, 1, false);
    sg_csv_free(c);
}

static void test_empty_and_header_only(void **state)
{
    (void)state;
    sg_csv *c = mem("");
    next_end(c);
    next_end(c);
    sg_csv_free(c);
    c = sg_csv_new_mem(NULL, 0, "t.csv", NULL);
    next_end(c);
    sg_csv_free(c);
    c = mem("\xEF\xBB\xBF");
    next_end(c);
    sg_csv_free(c);
    c = mem("\r\n\n\r");
    next_end(c);
    sg_csv_free(c);

    c = mem("a,b,c\n");
    const sg_csv_row *r = next_ok(c, 3);
    field_is(r, 2, "c", 1, 5, false);
    next_end(c);
    sg_csv_free(c);
}

static void test_bom_and_utf8(void **state)
{
    (void)state;
    sg_csv *c = mem("\xEF\xBB\xBFname,x\n\xC3\xA9t\xC3\xA9,\xE2\x82\xAC\xE2\x82\xAC,y\n");
    const sg_csv_row *r = next_ok(c, 2);
    field_is(r, 0, "name", 1, 1, false);
    field_is(r, 1, "x", 1, 6, false);
    raw_is(r, "name,x");
    r = next_ok(c, 3);
    field_is(r, 0, "\xC3\xA9t\xC3\xA9", 2, 1, false);
    field_is(r, 1, "\xE2\x82\xAC\xE2\x82\xAC", 2, 5, false); /* columns count characters */
    field_is(r, 2, "y", 2, 8, false);
    next_end(c);
    sg_csv_free(c);

    /* a BOM anywhere but the start is data (U+FEFF) */
    c = mem("a\n\xEF\xBB\xBF"
            "b\n");
    next_ok(c, 1);
    r = next_ok(c, 1);
    field_is(r, 0,
             "\xEF\xBB\xBF"
             "b",
             2, 1, false);
    sg_csv_free(c);

    /* a four-byte character */
    c = mem("\xF0\x9F\x98\x80,z");
    r = next_ok(c, 2);
    field_is(r, 1, "z", 1, 3, false);
    sg_csv_free(c);
}

static void test_malformed_quotes(void **state)
{
    (void)state;
    /* a quote inside an unquoted field: error at the quote, then the next record is fine */
    sg_csv *c = mem("a,b\nx,y\"z,w\n3,4\n");
    next_ok(c, 2);
    const sg_csv_row *r = next_fail(c, SG_EPARSE, 2, 4, "quote character inside an unquoted");
    raw_is(r, "x,y\"z,w");
    assert_int_equal(r->nfields, 3);
    assert_int_equal(r->line, 2);
    assert_int_equal(r->index, 2);
    r = next_ok(c, 2);
    field_is(r, 0, "3", 3, 1, false);
    assert_int_equal(r->index, 3);
    next_end(c);
    sg_csv_free(c);

    /* text after a closing quote */
    c = mem("\"ab\"c,d\nok\n");
    r = next_fail(c, SG_EPARSE, 1, 5, "after the closing quote");
    raw_is(r, "\"ab\"c,d");
    r = next_ok(c, 1);
    field_is(r, 0, "ok", 2, 1, false);
    next_end(c);
    sg_csv_free(c);

    /* a space before the opening quote makes the quote stray */
    c = mem("a, \"b\"\n");
    next_fail(c, SG_EPARSE, 1, 4, "quote character");
    next_end(c);
    sg_csv_free(c);

    /* an unterminated quoted field runs to the end of input: reported where it opened */
    c = mem("a\nb,\"abc\nd,e\n");
    next_ok(c, 1);
    r = next_fail(c, SG_EPARSE, 2, 3, "not closed");
    raw_is(r, "b,\"abc\nd,e\n");
    assert_int_equal(r->line, 2);
    assert_int_equal(r->end_line, 4);
    next_end(c);
    sg_csv_free(c);

    /* errors on several records: each is reported, each time the reader goes on */
    c = mem("1,\"x\"y\n2,ok\n3,a\"b\n4,ok");
    next_fail(c, SG_EPARSE, 1, 6, "after the closing quote");
    r = next_ok(c, 2);
    field_is(r, 0, "2", 2, 1, false);
    next_fail(c, SG_EPARSE, 3, 4, "quote character");
    r = next_ok(c, 2);
    field_is(r, 0, "4", 4, 1, false);
    next_end(c);
    sg_csv_free(c);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    struct {
        const char *in;
        long line, col;
        const char *what;
    } cases[] = {
        {"a,\xFF\nb\n", 1, 3, "0xFF"},
        {"ab\xC0\xAF\nb\n", 1, 3, "0xC0"},        /* overlong '/' */
        {"\xED\xA0\x80\nb\n", 1, 1, "0xED"},      /* surrogate U+D800 */
        {"\xF4\x90\x80\x80\nb\n", 1, 1, "0xF4"},  /* above U+10FFFF */
        {"x\xC3,y\nb\n", 1, 2, "next byte 0x2C"}, /* cut off by a comma */
        {"x,\x80\nb\n", 1, 3, "0x80"},            /* stray continuation byte */
        {"\"q\xC3\"\nb\n", 1, 3, "0xC3"},         /* cut off inside quotes */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sg_csv *c = mem(cases[i].in);
        next_fail(c, SG_EPARSE, cases[i].line, cases[i].col, cases[i].what);
        const sg_csv_row *r = next_ok(c, 1);
        field_is(r, 0, "b", 2, 1, false);
        next_end(c);
        sg_csv_free(c);
    }
    /* truncated at the very end */
    sg_csv *c = mem("ok\nx\xE2\x82");
    next_ok(c, 1);
    next_fail(c, SG_EPARSE, 2, 2, "cut off by the end");
    next_end(c);
    sg_csv_free(c);
    /* a NUL byte */
    static const char nul[] = "a,b\0c\nd\n";
    c = sg_csv_new_mem(nul, sizeof nul - 1, "t.csv", NULL);
    next_fail(c, SG_EPARSE, 1, 4, "NUL");
    next_ok(c, 1);
    next_end(c);
    sg_csv_free(c);
}

static void test_limits(void **state)
{
    (void)state;
    sg_csv_limits lim = {.max_field = 4, .max_fields = 3, .max_record = 12};
    sg_csv *c = sg_csv_new_mem("abcd,\"ab\"\"d\"\nabcd,abcde\nok\n", 27, "t.csv", &lim);
    const sg_csv_row *r = next_ok(c, 2);
    field_is(r, 1, "ab\"d", 1, 6, true);
    r = next_fail(c, SG_ELIMIT, 2, 6, "longer than 4 bytes");
    assert_int_equal(r->f[1].len, 4); /* the part that fitted */
    raw_is(r, "abcd,abcde");
    r = next_ok(c, 1);
    field_is(r, 0, "ok", 3, 1, false);
    next_end(c);
    sg_csv_free(c);

    /* too many fields: reported where the first extra field starts */
    c = sg_csv_new_mem("a,b,c,d,e\nx\n", 12, "t.csv", &lim);
    r = next_fail(c, SG_ELIMIT, 1, 7, "more than 3 fields");
    assert_int_equal(r->nfields, 3);
    raw_is(r, "a,b,c,d,e");
    next_ok(c, 1);
    next_end(c);
    sg_csv_free(c);

    /* record length counts separators; 12 fits, 13 does not */
    const char *rec = "1234,678,abc\n1234,678,abcd\nx\n";
    c = sg_csv_new_mem(rec, strlen(rec), "t.csv", &lim);
    next_ok(c, 3);
    r = next_fail(c, SG_ELIMIT, 2, 13, "longer than 12 bytes");
    assert_int_equal(r->raw_len, 12);
    r = next_ok(c, 1);
    field_is(r, 0, "x", 3, 1, false);
    sg_csv_free(c);

    /* a runaway quoted field hits the record limit, and the message suggests why */
    const char *run = "\"abc\ndef\nghi\njkl\nmno\n";
    sg_csv_limits rlim = {.max_record = 12};
    c = sg_csv_new_mem(run, strlen(run), "t.csv", &rlim);
    r = next_fail(c, SG_ELIMIT, 3, 4, "line 1 column 1 missing its closing quote");
    assert_int_equal(r->raw_len, 12);
    next_end(c);
    sg_csv_free(c);

    /* the defaults: a 64 KiB field is fine, one byte more is not */
    size_t n = 64 * 1024;
    char *big = malloc(2 * n + 8);
    assert_non_null(big);
    memset(big, 'x', n);
    big[n] = '\n';
    memset(big + n + 1, 'y', n + 1);
    big[2 * n + 2] = '\n';
    big[2 * n + 3] = 'z';
    c = sg_csv_new_mem(big, 2 * n + 4, "t.csv", NULL);
    r = next_ok(c, 1);
    assert_int_equal(r->f[0].len, n);
    r = next_fail(c, SG_ELIMIT, 2, 1, "longer than 65536 bytes");
    r = next_ok(c, 1);
    field_is(r, 0, "z", 3, 1, false);
    sg_csv_free(c);

    /* default field count: 512 fine, 513 not */
    memset(big, ',', 512);
    big[511] = '\n';
    memset(big + 512, ',', 512);
    big[1024] = '\n';
    c = sg_csv_new_mem(big, 1025, "t.csv", NULL);
    next_ok(c, 512);
    next_fail(c, SG_ELIMIT, 2, 513, "more than 512 fields");
    next_end(c);
    sg_csv_free(c);
    free(big);
}

/* Writes s to a temporary file and rewinds it. */
static FILE *tmp_with(const char *s, size_t n)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(fwrite(s, 1, n, f), n);
    rewind(f);
    return f;
}

static void test_file_chunks(void **state)
{
    (void)state;
    /* Lines of 7 bytes "NNNN,é\r\n"-like content placed so that chunk boundaries (every
     * 65536 bytes) fall inside a CRLF, inside a two-byte character and inside quotes. */
    size_t cap = 300 * 1024;
    char *s = malloc(cap);
    assert_non_null(s);
    size_t n = 0;
    memcpy(s, "\xEF\xBB\xBFid,v\r\n", 9);
    n = 9;
    long rows = 0;
    while (n < cap - 64) {
        int w = snprintf(s + n, cap - n, "%ld,\"q\xC3\xA9\r\nz\"\r\n", rows++);
        n += (size_t)w;
    }
    s[n++] = 'e'; /* no final line end */
    FILE *f = tmp_with(s, n);
    sg_csv *a = sg_csv_new(f, "t.csv", NULL);
    sg_csv *b = sg_csv_new_mem(s, n, "t.csv", NULL);
    long count = 0;
    for (;;) {
        const sg_csv_row *ra, *rb;
        sg_error ea, eb;
        assert_int_equal(sg_csv_next(a, &ra, &ea), SG_OK);
        assert_int_equal(sg_csv_next(b, &rb, &eb), SG_OK);
        if (!ra) {
            assert_null(rb);
            break;
        }
        assert_non_null(rb);
        assert_int_equal(ra->nfields, rb->nfields);
        assert_int_equal(ra->line, rb->line);
        assert_int_equal(ra->end_line, rb->end_line);
        assert_int_equal(ra->raw_len, rb->raw_len);
        assert_memory_equal(ra->raw, rb->raw, ra->raw_len);
        for (size_t i = 0; i < ra->nfields; i++) {
            assert_int_equal(ra->f[i].len, rb->f[i].len);
            assert_memory_equal(ra->f[i].ptr, rb->f[i].ptr, ra->f[i].len);
            assert_int_equal(ra->f[i].column, rb->f[i].column);
        }
        if (count > 0 && ra->nfields == 2) {
            /* data row k starts on physical line 2 + 2k */
            assert_int_equal(ra->line, 2 + 2 * (count - 1));
            assert_int_equal(ra->f[1].len, 6);
            assert_memory_equal(ra->f[1].ptr, "q\xC3\xA9\r\nz", 6);
        }
        count++;
    }
    assert_int_equal(count, 1 + rows + 1);
    sg_csv_free(a);
    sg_csv_free(b);
    fclose(f);
    free(s);
}

static void test_file_bom_short(void **state)
{
    (void)state;
    FILE *f = tmp_with("\xEF\xBB\xBF"
                       "a",
                       4);
    sg_csv *c = sg_csv_new(f, "t.csv", NULL);
    const sg_csv_row *r = next_ok(c, 1);
    field_is(r, 0, "a", 1, 1, false);
    next_end(c);
    sg_csv_free(c);
    fclose(f);

    f = tmp_with("\xEF\xBB", 2); /* half a BOM is invalid UTF-8 */
    c = sg_csv_new(f, "t.csv", NULL);
    next_fail(c, SG_EPARSE, 1, 1, "0xEF");
    sg_csv_free(c);
    fclose(f);

    f = tmp_with("", 0);
    c = sg_csv_new(f, "t.csv", NULL);
    next_end(c);
    sg_csv_free(c);
    fclose(f);
}

static void test_io_error(void **state)
{
    (void)state;
    FILE *f = fopen("/dev/null", "w"); /* reading a write-only stream fails */
    assert_non_null(f);
    sg_csv *c = sg_csv_new(f, "t.csv", NULL);
    const sg_csv_row *r;
    sg_error err;
    sg_error_clear(&err);
    assert_int_equal(sg_csv_next(c, &r, &err), SG_EIO);
    assert_null(r);
    assert_string_equal(err.file, "t.csv");
    assert_int_equal(sg_csv_next(c, &r, NULL), SG_EIO); /* final; NULL err allowed */
    sg_csv_free(c);
    fclose(f);
}

static void test_null_err(void **state)
{
    (void)state;
    sg_csv *c = mem("a\"b\nc\n");
    const sg_csv_row *r;
    assert_int_equal(sg_csv_next(c, &r, NULL), SG_EPARSE);
    assert_non_null(r);
    assert_int_equal(sg_csv_next(c, &r, NULL), SG_OK);
    field_is(r, 0, "c", 2, 1, false);
    sg_csv_free(c);
    sg_csv_free(NULL);
}

static void test_name_eq(void **state)
{
    (void)state;
#define EQ(a, b) sg_csv_name_eq(a, strlen(a), b)
    assert_true(EQ("Child Unique ID*", "child unique id"));
    assert_true(EQ("child_la_id", "Child LA ID"));
    assert_true(EQ("CHILD-LA-ID", "childlaid"));
    assert_true(EQ("  D.O.B. ", "dob"));
    assert_true(EQ("Date\xC2\xA0of birth", "date_of_birth")); /* no-break space */
    assert_true(EQ("Caf\xC3\xA9", "CAF\xC3\xA9"));            /* non-ASCII exact */
    assert_true(EQ("", ""));
    assert_true(EQ("*", ""));
    assert_false(EQ("childlaid2", "child_la_id"));
    assert_false(EQ("child_la", "child_la_id"));
    assert_false(EQ("a", ""));
    assert_false(EQ("", "a"));
    assert_false(EQ("Caf\xC3\xA9", "cafe"));
    assert_false(EQ("sex", "sexx"));
#undef EQ
    /* only alen bytes of a are looked at */
    assert_true(sg_csv_name_eq("sex_extra", 3, "SEX"));
}

static void test_find(void **state)
{
    (void)state;
    sg_csv *c = mem("\xEF\xBB\xBF"
                    "Child LA ID,Date of Birth*,sex,Sex\n");
    const sg_csv_row *r = next_ok(c, 4);
    assert_int_equal(sg_csv_find(r, "child_la_id"), 0);
    assert_int_equal(sg_csv_find(r, "date_of_birth"), 1);
    assert_int_equal(sg_csv_find(r, "SEX"), 2); /* the first match */
    assert_int_equal(sg_csv_find(r, "nhs_number"), -1);
    assert_int_equal(sg_csv_find(NULL, "sex"), -1);
    sg_csv_free(c);
}

static void test_copy_trimmed(void **state)
{
    (void)state;
    sg_csv *c = mem("  a b\t,\"  \",toolong\n");
    const sg_csv_row *r = next_ok(c, 3);
    char out[8];
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_csv_copy_trimmed(&r->f[0], out, sizeof out, "t.csv", "x", &e), SG_OK);
    assert_string_equal(out, "a b"); /* inner space kept, ends trimmed */
    assert_int_equal(sg_csv_copy_trimmed(&r->f[1], out, sizeof out, "t.csv", "x", &e), SG_OK);
    assert_string_equal(out, "");
    /* "toolong" is 7 bytes: fits in 8 with its NUL; a 7-byte buffer refuses it whole */
    assert_int_equal(sg_csv_copy_trimmed(&r->f[2], out, sizeof out, "t.csv", "x", &e), SG_OK);
    assert_string_equal(out, "toolong");
    assert_int_equal(sg_csv_copy_trimmed(&r->f[2], out, 7, "t.csv", "comment", &e), SG_EPARSE);
    assert_string_equal(e.file, "t.csv");
    assert_int_equal(e.line, 1);
    assert_int_equal(e.column, 13);
    assert_string_equal(e.field, "comment");
    assert_string_equal(e.msg, "the comment is longer than 6 characters");
    sg_csv_free(c);
}

static void test_map_columns(void **state)
{
    (void)state;
    sg_csv *c = mem("Year,comment,Indicator\n2024,x\n");
    const sg_csv_row *h = next_ok(c, 3);
    static const char *const names[] = {"indicator", "year", "target", "comment"};
    int col[4];
    sg_error e;
    sg_error_clear(&e);
    /* two required: both found, the optional 'target' absent */
    assert_int_equal(sg_csv_map_columns(h, names, 4, 2, col, "t.csv", "targets", &e), SG_OK);
    assert_int_equal(col[0], 2);
    assert_int_equal(col[1], 0);
    assert_int_equal(col[2], -1);
    assert_int_equal(col[3], 1);
    /* three required: 'target' missing is named, with the whole list */
    assert_int_equal(sg_csv_map_columns(h, names, 4, 3, col, "t.csv", "targets", &e), SG_EPARSE);
    assert_string_equal(e.msg, "the targets file has no 'target' column (needs indicator, year, "
                               "target)");
    assert_string_equal(e.field, "target");
    assert_int_equal(e.line, 1);
    /* a short row: the indicator column (index 2) is past its end */
    int cols2[4] = {2, 0, -1, 1};
    const sg_csv_row *r = next_ok(c, 2);
    const sg_csv_field *f[4];
    sg_csv_pick(r, cols2, 4, f);
    assert_null(f[0]);
    assert_non_null(f[1]);
    assert_string_equal(f[1]->ptr, "2024");
    assert_null(f[2]);
    assert_string_equal(f[3]->ptr, "x");
    sg_csv_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple_lf),
        cmocka_unit_test(test_line_ends),
        cmocka_unit_test(test_quoted),
        cmocka_unit_test(test_quoted_newlines),
        cmocka_unit_test(test_final_line),
        cmocka_unit_test(test_blank_lines),
        cmocka_unit_test(test_empty_and_header_only),
        cmocka_unit_test(test_bom_and_utf8),
        cmocka_unit_test(test_malformed_quotes),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_file_chunks),
        cmocka_unit_test(test_file_bom_short),
        cmocka_unit_test(test_io_error),
        cmocka_unit_test(test_null_err),
        cmocka_unit_test(test_name_eq),
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_copy_trimmed),
        cmocka_unit_test(test_map_columns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* csv.c - the streaming RFC 4180 reader declared in csv.h, and tolerant header-name matching.
 *
 * One record is held at a time: its raw text (bounded by max_record), the unquoted values of
 * its fields laid end to end with NUL terminators, and one descriptor per field (bounded by
 * max_fields). Input comes in 64 KiB chunks from a FILE* or straight from a caller's buffer,
 * so memory depends on the limits, never on the size of the file.
 *
 * Every byte is checked as UTF-8 on the way through. Lines end at LF, CRLF or a lone CR (old
 * Mac exports); a CRLF counts as one line end everywhere, including inside quoted fields.
 * Columns count characters (UTF-8 code points), not bytes, so they match what an editor shows.
 *
 * After the first problem in a record the reader carries on leniently (a stray quote is taken
 * as a literal character) until the record's end, so that the caller gets the record's raw
 * text for its rejected-row log and the next call starts cleanly at the following record. */
#include "ingest/csv.h"

#include "core/mem.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define CSV_CHUNK (64u * 1024u)
#define CSV_DEF_MAX_FIELD ((size_t)64 * 1024)
#define CSV_DEF_MAX_FIELDS ((size_t)512)
#define CSV_DEF_MAX_RECORD ((size_t)1024 * 1024)

/* Where a field of the current record lives in the values buffer. Offsets rather than
 * pointers because the buffer may move while the record grows. */
typedef struct csv_fdesc {
    size_t off, len;
    long line, column;
    bool quoted;
} csv_fdesc;

struct sg_csv {
    /* source */
    FILE *fp;                     /* NULL for a memory reader */
    unsigned char *chunk;         /* FILE readers only */
    const unsigned char *p, *end; /* unread window */
    bool eof;                     /* the source has nothing more */
    bool ioerr;                   /* a read failed: every later call fails too */
    int io_errno;
    bool started; /* BOM check done */
    bool done;    /* end of input reported */
    char *name;
    sg_csv_limits lim;

    /* position of the next unread byte */
    long line, col;
    bool prev_cr; /* the last byte consumed was a CR */

    /* UTF-8 decoder: continuation bytes still expected and the allowed range of the next one
     * (narrower than 80..BF right after E0, ED, F0 and F4, which rules out overlong forms,
     * surrogates and code points above U+10FFFF). */
    int u8_need;
    unsigned char u8_lo, u8_hi, u8_lead;
    long u8_line, u8_col; /* where the character being decoded starts */

    /* the current record */
    char *raw;
    size_t raw_len, raw_cap;
    char *vals;
    size_t vals_len, vals_cap;
    csv_fdesc *fd;
    size_t nfd, fd_cap;
    bool cur_stored;  /* the field being read has a descriptor */
    bool over_record; /* max_record exceeded: store nothing more */
    int rec_status;   /* first problem in this record, SG_OK if none */
    long index;

    sg_csv_field *fields;
    size_t fields_cap;
    sg_csv_row row;
};

static sg_csv *csv_alloc(const char *name, const sg_csv_limits *lim)
{
    sg_csv *c = xcalloc(1, sizeof *c);
    c->name = xstrdup(name ? name : "");
    c->lim.max_field = lim && lim->max_field ? lim->max_field : CSV_DEF_MAX_FIELD;
    c->lim.max_fields = lim && lim->max_fields ? lim->max_fields : CSV_DEF_MAX_FIELDS;
    c->lim.max_record = lim && lim->max_record ? lim->max_record : CSV_DEF_MAX_RECORD;
    c->line = 1;
    c->col = 1;
    c->raw_cap = 256;
    c->raw = xmalloc(c->raw_cap);
    c->raw[0] = '\0';
    c->vals_cap = 256;
    c->vals = xmalloc(c->vals_cap);
    return c;
}

/* Reads from fp (borrowed, not closed); name is copied for diagnostics; lim NULL or a zero
 * member means the default (64 KiB per field, 512 fields, 1 MiB per record). */
sg_csv *sg_csv_new(FILE *fp, const char *name, const sg_csv_limits *lim)
{
    sg_csv *c = csv_alloc(name, lim);
    c->fp = fp;
    c->chunk = xmalloc(CSV_CHUNK);
    c->p = c->end = c->chunk;
    return c;
}

/* Reads len bytes at data (borrowed; must outlive the reader). */
sg_csv *sg_csv_new_mem(const char *data, size_t len, const char *name, const sg_csv_limits *lim)
{
    sg_csv *c = csv_alloc(name, lim);
    static const unsigned char empty[1];
    c->p = data ? (const unsigned char *)data : empty;
    c->end = data ? c->p + len : c->p;
    c->eof = true;
    return c;
}

/* Frees the reader and its buffers (not the FILE). Safe on NULL. */
void sg_csv_free(sg_csv *c)
{
    if (!c) return;
    free(c->chunk);
    free(c->name);
    free(c->raw);
    free(c->vals);
    free(c->fd);
    free(c->fields);
    free(c);
}

/* The next byte, -1 at end of input, -2 when the read failed. */
static int refill(sg_csv *c)
{
    if (c->eof || c->ioerr) return c->ioerr ? -2 : -1;
    size_t n = fread(c->chunk, 1, CSV_CHUNK, c->fp);
    if (n == 0) {
        if (ferror(c->fp)) {
            c->ioerr = true;
            c->io_errno = errno;
            return -2;
        }
        c->eof = true;
        return -1;
    }
    c->p = c->chunk;
    c->end = c->chunk + n;
    return *c->p++;
}

static inline int getb(sg_csv *c)
{
    if (c->p < c->end) return *c->p++;
    return refill(c);
}

/* Skips a UTF-8 byte-order mark at the very start. A FILE source may deliver fewer than three
 * bytes per read (a pipe), so the first chunk is topped up until it holds three or the input
 * ends. */
static void start(sg_csv *c)
{
    c->started = true;
    if (c->fp) {
        size_t n = 0;
        while (n < 3) {
            size_t r = fread(c->chunk + n, 1, CSV_CHUNK - n, c->fp);
            if (r == 0) {
                if (ferror(c->fp)) {
                    c->ioerr = true;
                    c->io_errno = errno;
                } else {
                    c->eof = true;
                }
                break;
            }
            n += r;
        }
        c->p = c->chunk;
        c->end = c->chunk + n;
    }
    if (c->end - c->p >= 3 && c->p[0] == 0xEF && c->p[1] == 0xBB && c->p[2] == 0xBF) c->p += 3;
}

SG_PRINTF(6, 7)
static void rec_error(sg_csv *c, sg_error *err, int code, long line, long col, const char *fmt, ...)
{
    if (c->rec_status != SG_OK) return; /* the first problem is the one worth reporting */
    c->rec_status = code;
    if (!err) return;
    char msg[sizeof err->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    sg_err_at(err, code, c->name, line, col, NULL, "%s", msg);
}

/* Moves the position past byte b. A LF straight after a CR is the same line end. */
static inline void advance(sg_csv *c, int b)
{
    if (b == '\r') {
        c->line++;
        c->col = 1;
        c->prev_cr = true;
    } else if (b == '\n') {
        if (!c->prev_cr) {
            c->line++;
            c->col = 1;
        }
        c->prev_cr = false;
    } else {
        c->prev_cr = false;
        if ((b & 0xC0) != 0x80) c->col++;
    }
}

/* Checks byte b (at line:col) as UTF-8. A malformed or cut-off character is reported where it
 * starts, which is where an editor would show the damage. */
static void utf8_byte(sg_csv *c, sg_error *err, int b, long line, long col)
{
    if (c->u8_need) {
        if (b >= c->u8_lo && b <= c->u8_hi) {
            c->u8_need--;
            c->u8_lo = 0x80;
            c->u8_hi = 0xBF;
            return;
        }
        c->u8_need = 0;
        rec_error(c, err, SG_EPARSE, c->u8_line, c->u8_col,
                  "invalid UTF-8: the character starting with byte 0x%02X is malformed or cut "
                  "off (next byte 0x%02X)",
                  c->u8_lead, b);
        /* b itself is judged below as the start of a character */
    }
    if (b < 0x80) return;
    c->u8_lo = 0x80;
    c->u8_hi = 0xBF;
    c->u8_line = line;
    c->u8_col = col;
    c->u8_lead = (unsigned char)b;
    if (b >= 0xC2 && b <= 0xDF) {
        c->u8_need = 1;
    } else if (b >= 0xE0 && b <= 0xEF) {
        c->u8_need = 2;
        if (b == 0xE0) c->u8_lo = 0xA0;
        if (b == 0xED) c->u8_hi = 0x9F;
    } else if (b >= 0xF0 && b <= 0xF4) {
        c->u8_need = 3;
        if (b == 0xF0) c->u8_lo = 0x90;
        if (b == 0xF4) c->u8_hi = 0x8F;
    } else {
        rec_error(c, err, SG_EPARSE, line, col, "invalid UTF-8: byte 0x%02X", b);
    }
}

static void grow(char **p, size_t *cap, size_t need)
{
    if (need <= *cap) return;
    size_t n = *cap;
    while (n < need)
        n *= 2;
    *p = xrealloc(*p, n);
    *cap = n;
}

static void begin_field(sg_csv *c, sg_error *err, long line, long col)
{
    c->cur_stored = false;
    if (c->over_record) return;
    if (c->nfd >= c->lim.max_fields) {
        rec_error(c, err, SG_ELIMIT, line, col, "record has more than %zu fields",
                  c->lim.max_fields);
        return;
    }
    if (c->nfd == c->fd_cap) {
        c->fd_cap = c->fd_cap ? 2 * c->fd_cap : 16;
        if (c->fd_cap > c->lim.max_fields) c->fd_cap = c->lim.max_fields;
        c->fd = xrealloc(c->fd, c->fd_cap * sizeof *c->fd);
    }
    csv_fdesc *f = &c->fd[c->nfd++];
    f->off = c->vals_len;
    f->len = 0;
    f->line = line;
    f->column = col;
    f->quoted = false;
    c->cur_stored = true;
}

static void end_field(sg_csv *c)
{
    if (!c->cur_stored) return;
    grow(&c->vals, &c->vals_cap, c->vals_len + 1);
    c->vals[c->vals_len++] = '\0';
    c->cur_stored = false;
}

static inline void val_put(sg_csv *c, sg_error *err, int b)
{
    if (!c->cur_stored || c->over_record || b == 0) return;
    csv_fdesc *f = &c->fd[c->nfd - 1];
    if (f->len >= c->lim.max_field) {
        if (f->quoted)
            rec_error(c, err, SG_ELIMIT, f->line, f->column,
                      "quoted field is longer than %zu bytes (is its closing quote missing?)",
                      c->lim.max_field);
        else
            rec_error(c, err, SG_ELIMIT, f->line, f->column, "field is longer than %zu bytes",
                      c->lim.max_field);
        return;
    }
    grow(&c->vals, &c->vals_cap, c->vals_len + 2);
    c->vals[c->vals_len++] = (char)b;
    f->len++;
}

/* Handles a byte outside quotes; returns true when it ends the record. */
static bool unquoted(sg_csv *c, sg_error *err, int b, long line, long col, bool *at_start)
{
    if (b == ',') {
        end_field(c);
        begin_field(c, err, c->line, c->col);
        *at_start = true;
        return false;
    }
    if (b == '\r' || b == '\n') return true;
    if (b == '"')
        rec_error(c, err, SG_EPARSE, line, col,
                  "quote character inside an unquoted field (a quoted field must start with "
                  "the quote)");
    val_put(c, err, b);
    *at_start = false;
    return false;
}

enum { ST_FIELD, ST_UNQUOTED, ST_QUOTED, ST_QUOTE_SEEN };

/* Reads one record into the reader's buffers. Returns 1 when a record was read, 0 when the
 * input ended before one began, -1 on a read error. */
static int read_record(sg_csv *c, sg_error *err)
{
    int st = ST_FIELD;
    long qline = 0, qcol = 0; /* where the current quoted field opened */
    bool any = false;
    c->raw_len = 0;
    c->vals_len = 0;
    c->nfd = 0;
    c->cur_stored = false;
    c->over_record = false;
    c->rec_status = SG_OK;
    c->u8_need = 0;
    for (;;) {
        long bl = c->line, bc = c->col;
        bool crlf_tail = c->prev_cr;
        int b = getb(c);
        if (b == -2) return -1;
        if (b == -1) {
            if (!any) return 0;
            if (st == ST_QUOTED)
                rec_error(c, err, SG_EPARSE, qline, qcol,
                          "quoted field is not closed before the end of the input");
            if (c->u8_need)
                rec_error(c, err, SG_EPARSE, c->u8_line, c->u8_col,
                          "invalid UTF-8: the character starting with byte 0x%02X is cut off "
                          "by the end of the input",
                          c->u8_lead);
            end_field(c);
            c->row.end_line = bl;
            return 1;
        }
        advance(c, b);
        if (!any) {
            /* the LF of a CRLF that ended the previous record */
            if (b == '\n' && crlf_tail) continue;
            any = true;
            c->row.line = bl;
            begin_field(c, err, bl, bc);
        }
        utf8_byte(c, err, b, bl, bc);
        if (b == 0) rec_error(c, err, SG_EPARSE, bl, bc, "NUL byte in text");

        bool term = false, at_start = false;
        switch (st) {
        case ST_FIELD:
            if (b == '"') {
                if (c->cur_stored) c->fd[c->nfd - 1].quoted = true;
                qline = bl;
                qcol = bc;
                st = ST_QUOTED;
                break;
            }
            term = unquoted(c, err, b, bl, bc, &at_start);
            st = at_start ? ST_FIELD : ST_UNQUOTED;
            break;
        case ST_UNQUOTED:
            term = unquoted(c, err, b, bl, bc, &at_start);
            st = at_start ? ST_FIELD : ST_UNQUOTED;
            break;
        case ST_QUOTED:
            if (b == '"')
                st = ST_QUOTE_SEEN;
            else
                val_put(c, err, b);
            break;
        default: /* ST_QUOTE_SEEN: a doubled quote, or the closing one */
            if (b == '"') {
                val_put(c, err, b);
                st = ST_QUOTED;
            } else if (b == ',' || b == '\r' || b == '\n') {
                term = unquoted(c, err, b, bl, bc, &at_start);
                st = ST_FIELD;
            } else {
                rec_error(c, err, SG_EPARSE, bl, bc,
                          "text after the closing quote of a quoted field");
                val_put(c, err, b);
                st = ST_UNQUOTED;
            }
            break;
        }
        if (term) {
            end_field(c);
            c->row.end_line = bl;
            return 1;
        }
        if (c->over_record) continue;
        if (c->raw_len >= c->lim.max_record) {
            if (st == ST_QUOTED || st == ST_QUOTE_SEEN)
                rec_error(c, err, SG_ELIMIT, bl, bc,
                          "record is longer than %zu bytes (is the quoted field opened at line "
                          "%ld column %ld missing its closing quote?)",
                          c->lim.max_record, qline, qcol);
            else
                rec_error(c, err, SG_ELIMIT, bl, bc, "record is longer than %zu bytes",
                          c->lim.max_record);
            c->over_record = true;
            continue;
        }
        grow(&c->raw, &c->raw_cap, c->raw_len + 2);
        c->raw[c->raw_len++] = (char)b;
    }
}

/* Reads the next record (see csv.h). Records that are one empty unquoted field (blank lines)
 * are skipped; a record with a problem is returned with its status, never skipped. */
int sg_csv_next(sg_csv *c, const sg_csv_row **row, sg_error *err)
{
    *row = NULL;
    if (!c->started) start(c);
    if (c->ioerr)
        return sg_err_at(err, SG_EIO, c->name, c->line, 0, NULL, "cannot read %s: %s", c->name,
                         strerror(c->io_errno));
    if (c->done) return SG_OK;
    for (;;) {
        int r = read_record(c, err);
        if (r < 0)
            return sg_err_at(err, SG_EIO, c->name, c->line, 0, NULL, "cannot read %s: %s", c->name,
                             strerror(c->io_errno));
        if (r == 0) {
            c->done = true;
            return SG_OK;
        }
        if (c->rec_status == SG_OK && c->raw_len == 0 && c->nfd == 1 && !c->fd[0].quoted) continue;
        break;
    }
    c->index++;
    if (c->nfd > c->fields_cap) {
        c->fields_cap = c->nfd;
        c->fields = xrealloc(c->fields, c->fields_cap * sizeof *c->fields);
    }
    for (size_t i = 0; i < c->nfd; i++) {
        c->fields[i].ptr = c->vals + c->fd[i].off;
        c->fields[i].len = c->fd[i].len;
        c->fields[i].line = c->fd[i].line;
        c->fields[i].column = c->fd[i].column;
        c->fields[i].quoted = c->fd[i].quoted;
    }
    c->raw[c->raw_len] = '\0';
    c->row.nfields = c->nfd;
    c->row.f = c->fields;
    c->row.index = c->index;
    c->row.raw = c->raw;
    c->row.raw_len = c->raw_len;
    *row = &c->row;
    return c->rec_status;
}

/* Index of the next byte of s[0..n) that takes part in a name comparison: ASCII letters and
 * digits, and any non-ASCII byte except a no-break space (C2 A0), which spreadsheets put in
 * headers where a space was meant. */
static size_t next_significant(const unsigned char *s, size_t i, size_t n)
{
    while (i < n) {
        unsigned char ch = s[i];
        if ((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'))
            return i;
        if (ch == 0xC2 && i + 1 < n && s[i + 1] == 0xA0) {
            i += 2;
            continue;
        }
        if (ch >= 0x80) return i;
        i++;
    }
    return n;
}

static unsigned char fold(unsigned char ch)
{
    return ch >= 'A' && ch <= 'Z' ? (unsigned char)(ch - 'A' + 'a') : ch;
}

/* Header names are equal when their letters and digits match ignoring case; spaces,
 * underscores, punctuation (so also Annex A's trailing '*') and no-break spaces do not count.
 * a is (ptr, len); b is NUL-terminated. */
bool sg_csv_name_eq(const char *a, size_t alen, const char *b)
{
    const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
    size_t blen = strlen(b);
    size_t i = next_significant(x, 0, alen), j = next_significant(y, 0, blen);
    while (i < alen && j < blen) {
        if (fold(x[i]) != fold(y[j])) return false;
        i = next_significant(x, i + 1, alen);
        j = next_significant(y, j + 1, blen);
    }
    return i >= alen && j >= blen;
}

/* Index of the first header field equal to name under sg_csv_name_eq, or -1 (also for a NULL
 * header). */
int sg_csv_find(const sg_csv_row *header, const char *name)
{
    if (!header || !name) return -1;
    for (size_t i = 0; i < header->nfields; i++)
        if (sg_csv_name_eq(header->f[i].ptr, header->f[i].len, name)) return (int)i;
    return -1;
}

int sg_csv_copy_trimmed(const sg_csv_field *f, char *dst, size_t dstsz, const char *file,
                        const char *col, sg_error *err)
{
    const char *p = f->ptr;
    size_t len = f->len;
    while (len && (*p == ' ' || *p == '\t'))
        p++, len--;
    while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
        len--;
    if (len >= dstsz)
        return sg_err_at(err, SG_EPARSE, file, f->line, f->column, col,
                         "the %s is longer than %zu characters", col, dstsz - 1);
    memcpy(dst, p, len);
    dst[len] = '\0';
    return SG_OK;
}

int sg_csv_map_columns(const sg_csv_row *header, const char *const *names, int n, int nrequired,
                       int *col, const char *file, const char *what, sg_error *err)
{
    for (int i = 0; i < n; i++) {
        col[i] = sg_csv_find(header, names[i]);
        if (col[i] >= 0 || i >= nrequired) continue;
        char need[256];
        size_t k = 0;
        for (int j = 0; j < nrequired && k < sizeof need; j++)
            k += (size_t)snprintf(need + k, sizeof need - k, "%s%s", j ? ", " : "", names[j]);
        return sg_err_at(err, SG_EPARSE, file, header ? header->line : 1, 0, names[i],
                         "the %s file has no '%s' column (needs %s)", what, names[i], need);
    }
    return SG_OK;
}

void sg_csv_pick(const sg_csv_row *row, const int *col, int n, const sg_csv_field **f)
{
    for (int i = 0; i < n; i++)
        f[i] = col[i] >= 0 && (size_t)col[i] < row->nfields ? &row->f[col[i]] : NULL;
}

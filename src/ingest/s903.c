/* s903.c - the SSDA903 (children looked after) importer.
 *
 * Two spellings of the same return:
 *  - CSV: one file per table (header, episodes, reviews ...), each recognised by its column set,
 *    read with the streaming CSV reader (ingest/csv.h);
 *  - XML: root EXPSSDA903, one CHILD element per child holding a HEADER (with nested AREVIEW,
 *    AMISSING, PERMANENCE, OC2, AD_PLACED groups) and EPISODE elements, read with expat.
 * Both are reduced to "rows" of one table (canonical column -> trimmed value), and every row
 * goes through one mapping (process_row), so a CSV episode and an XML EPISODE become the same
 * record and are rejected for the same reasons. The column tables below are the single place
 * that says which columns a table has, which are required, which are dates and which are
 * identifying (never copied into rejected rows or extra records). See docs/formats/ssda903.md. */
#include "ingest/ingest.h"

#include "core/arena.h"
#include "core/buf.h"
#include "core/mem.h"
#include "ingest/csv.h"
#include "ingest/raw.h"

/* Debian's libexpat is built with DTD support; the billion-laughs setters are declared only
 * when XML_DTD is defined, so say so before including the header. */
#ifndef XML_DTD
#define XML_DTD 1
#endif
#include <expat.h>

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- limits (untrusted input) ---- */
#define XML_MAX_DEPTH 32               /* the return needs 5 */
#define XML_MAX_TEXT 4096              /* bytes of text in one value element */
#define XML_MAX_LEAVES 256             /* value elements in one group (a HEADER has ~30) */
#define XML_MAX_GROUPS 20000           /* HEADER groups + EPISODEs in one CHILD */
#define XML_MAX_CHILD_BYTES (8u << 20) /* memory held for one CHILD element */
#define XML_AMPLIFICATION 50.0f        /* expat billion-laughs protection */
#define XML_AMPLIFICATION_THRESHOLD (1u << 20)

/* ---- the tables ---- */
enum {
    C_REQ = 1,   /* required column: its absence fails the file; also the detection signature */
    C_DATE = 2,  /* a present value must be a real date (dd/mm/YYYY or YYYY-MM-DD) */
    C_PDATE = 4, /* DATE_PERM: a date, or zz/mm/YYYY or zz/zz/YYYY when day (and month) unknown */
    C_SENS = 8,  /* identifying (child id, UPN, dates of birth, postcodes): never copied into a
                  * rejected row's value nor into an extra record */
};

#define MAXCOLS 14

typedef struct s903_col {
    const char *name;
    unsigned flags;
} s903_col;

typedef enum s903_table {
    T_HEADER,
    T_EPISODES,
    T_REVIEWS,
    T_UASC,
    T_OC2,
    T_OC3,
    T_AD1,
    T_PLACED,
    T_PREV_PERM,
    T_MISSING,
    T_SW,
    T_DOLO,
    T_CSV_COUNT,
    T_XHEADER = T_CSV_COUNT, /* the XML HEADER's own values: header + UASC/DUC */
    T__COUNT
} s903_table;

typedef struct s903_tabdef {
    const char *fmt;        /* format id, also the extra record's table name */
    s903_col cols[MAXCOLS]; /* CHILD first; terminated by a NULL name */
} s903_tabdef;

#define ID (C_REQ | C_SENS)
static const s903_tabdef tables[T__COUNT] = {
    [T_HEADER] = {"ssda903/header",
                  {{"CHILD", ID},
                   {"SEX", C_REQ},
                   {"DOB", C_REQ | C_DATE | C_SENS},
                   {"ETHNIC", C_REQ},
                   {"UPN", C_SENS},
                   {"MOTHER", 0},
                   {"MC_DOB", C_DATE | C_SENS}}},
    [T_EPISODES] = {"ssda903/episodes",
                    {{"CHILD", ID},
                     {"DECOM", C_REQ | C_DATE},
                     {"RNE", C_REQ},
                     {"LS", C_REQ},
                     {"CIN", C_REQ},
                     {"PLACE", C_REQ},
                     {"PLACE_PROVIDER", C_REQ},
                     {"DEC", C_REQ | C_DATE},
                     {"REC", C_REQ},
                     {"REASON_PLACE_CHANGE", 0},
                     {"HOME_POST", C_SENS},
                     {"PL_POST", C_SENS},
                     {"URN", 0}}},
    [T_REVIEWS] = {"ssda903/reviews",
                   {{"CHILD", ID},
                    {"DOB", C_DATE | C_SENS},
                    {"REVIEW", C_REQ | C_DATE},
                    {"REVIEW_CODE", C_REQ}}},
    [T_UASC] = {"ssda903/uasc",
                {{"CHILD", ID},
                 {"SEX", C_REQ},
                 {"DOB", C_REQ | C_DATE | C_SENS},
                 {"DUC", C_REQ | C_DATE}}},
    [T_OC2] = {"ssda903/oc2",
               {{"CHILD", ID},
                {"DOB", C_DATE | C_SENS},
                {"SDQ_SCORE", C_REQ},
                {"SDQ_REASON", 0},
                {"CONVICTED", C_REQ},
                {"HEALTH_CHECK", C_REQ},
                {"IMMUNISATIONS", C_REQ},
                {"TEETH_CHECK", C_REQ},
                {"HEALTH_ASSESSMENT", C_REQ},
                {"SUBSTANCE_MISUSE", C_REQ},
                {"INTERVENTION_RECEIVED", 0},
                {"INTERVENTION_OFFERED", 0}}},
    [T_OC3] = {"ssda903/oc3",
               {{"CHILD", ID},
                {"DOB", C_DATE | C_SENS},
                {"IN_TOUCH", C_REQ},
                {"ACTIV", C_REQ},
                {"ACCOM", C_REQ}}},
    [T_AD1] = {"ssda903/ad1",
               {{"CHILD", ID},
                {"DOB", C_DATE | C_SENS},
                {"DATE_INT", C_REQ | C_DATE},
                {"DATE_MATCH", C_REQ | C_DATE},
                {"FOSTER_CARE", C_REQ},
                {"NB_ADOPTR", C_REQ},
                {"SEX_ADOPTR", C_REQ},
                {"LS_ADOPTR", C_REQ}}},
    [T_PLACED] = {"ssda903/placed_adoption",
                  {{"CHILD", ID},
                   {"DOB", C_DATE | C_SENS},
                   {"DATE_PLACED", C_REQ | C_DATE},
                   {"DATE_PLACED_CEASED", C_REQ | C_DATE},
                   {"REASON_PLACED_CEASED", C_REQ}}},
    [T_PREV_PERM] = {"ssda903/prev_perm",
                     {{"CHILD", ID},
                      {"DOB", C_DATE | C_SENS},
                      {"PREV_PERM", C_REQ},
                      {"LA_PERM", C_REQ},
                      {"DATE_PERM", C_REQ | C_PDATE}}},
    [T_MISSING] = {"ssda903/missing",
                   {{"CHILD", ID},
                    {"DOB", C_DATE | C_SENS},
                    {"MISSING", C_REQ},
                    {"MIS_START", C_REQ | C_DATE},
                    {"MIS_END", C_REQ | C_DATE}}},
    [T_SW] = {"ssda903/sw_episodes",
              {{"CHILD", ID},
               {"DOB", C_DATE | C_SENS},
               {"SW_ID", C_REQ},
               {"SW_DECOM", C_REQ | C_DATE},
               {"SW_DEC", C_REQ | C_DATE},
               {"SW_REASON", C_REQ}}},
    [T_DOLO] = {"ssda903/dolo",
                {{"CHILD", ID},
                 {"DOB", C_DATE | C_SENS},
                 {"DOLO_START", C_REQ | C_DATE},
                 {"DOLO_END", C_REQ | C_DATE}}},
    [T_XHEADER] = {"ssda903/header",
                   {{"CHILD", ID},
                    {"UPN", C_SENS},
                    {"SEX", 0},
                    {"DOB", C_DATE | C_SENS},
                    {"ETHNIC", 0},
                    {"UASC", 0},
                    {"DUC", C_DATE},
                    {"MOTHER", 0},
                    {"MC_DOB", C_DATE | C_SENS}}},
};
#undef ID

static int col_index(s903_table t, const char *name)
{
    for (int i = 0; i < MAXCOLS && tables[t].cols[i].name; i++)
        if (strcmp(tables[t].cols[i].name, name) == 0) return i;
    return -1;
}

/* One row of one table, whichever spelling it came from. */
typedef struct s903_row {
    long line;              /* line of the CSV record or of the XML group element */
    const char *v[MAXCOLS]; /* trimmed, NUL-terminated; NULL = column absent or blank */
    long vline[MAXCOLS];    /* line of each value */
    unsigned present;       /* bit i: column i is in the file (for the raw parse) */
} s903_row;

/* The raw parse (sg_s903_parse, ingest/raw.h) runs the importer's readers with no sink: rows go
 * to a callback as written instead of through the mapping. The sg_ingest comes first so the
 * readers carry it unchanged; in->sink == NULL is what tells the two modes apart. */
typedef struct s903_raw_in {
    sg_ingest in;
    sg_s903_row_fn fn;
    void *ud;
} s903_raw_in;

static int raw_row(const sg_ingest *in, s903_table t, const s903_row *row, const char *problem,
                   sg_error *err);

static const char *val(s903_table t, const s903_row *row, const char *name)
{
    int i = col_index(t, name);
    return i < 0 ? NULL : row->v[i];
}

/* Copies s[0..len) trimmed of spaces into the arena; NULL when nothing is left. */
static const char *trimmed(sg_arena *a, const char *s, size_t len)
{
    while (len && isspace((unsigned char)*s))
        s++, len--;
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    return len ? sg_arena_strndup(a, s, len) : NULL;
}

/* ---- dates ---- */
static sg_date parse_date(const char *s)
{
    size_t n = strlen(s);
    sg_date d = sg_date_parse_uk(s, n);
    /* Real returns sometimes carry ISO dates (exports from case systems); they are unambiguous. */
    if (d == SG_DATE_NONE) d = sg_date_parse_iso(s, n);
    return d;
}

static bool two_digits(const char *s, int lo, int hi)
{
    if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1])) return false;
    int v = (s[0] - '0') * 10 + (s[1] - '0');
    return v >= lo && v <= hi;
}

static bool is_zz(const char *s)
{
    return (s[0] == 'z' || s[0] == 'Z') && (s[1] == 'z' || s[1] == 'Z');
}

/* DATE_PERM: the DfE allows "zz" for an unknown day, or day and month, of a previous
 * permanence order. */
static bool partial_date_ok(const char *s)
{
    if (parse_date(s) != SG_DATE_NONE) return true;
    if (strlen(s) != 10 || !is_zz(s) || s[2] != '/' || s[5] != '/') return false;
    if (!is_zz(s + 3) && !two_digits(s + 3, 1, 12)) return false;
    for (int i = 6; i < 10; i++)
        if (!isdigit((unsigned char)s[i])) return false;
    int y = (s[6] - '0') * 1000 + (s[7] - '0') * 100 + (s[8] - '0') * 10 + (s[9] - '0');
    return y >= 1900 && y <= 2199;
}

/* ---- sink helpers ---- */
static const char *in_name(const sg_ingest *in)
{
    return in->name ? in->name : "(input)";
}

/* Hands a rejected row to the sink. The raw row is never passed on: it holds the child's
 * identifiers, which must not reach the database. */
static int reject(const sg_ingest *in, long line, const char *field, const char *value,
                  const char *reason, sg_error *err)
{
    if (!in->sink) {
        s903_row r;
        memset(&r, 0, sizeof r);
        r.line = line;
        return raw_row(in, T__COUNT, &r, reason, err);
    }
    sg_reject rj = {.file = in_name(in),
                    .line = line,
                    .field = field,
                    .value = value,
                    .reason = reason,
                    .raw = NULL};
    if (in->stats) in->stats->rejected++;
    return in->sink->reject(in->sink->ctx, &rj, err);
}

static int emit(const sg_ingest *in, const sg_rec *r, sg_error *err)
{
    int rc = in->sink->emit(in->sink->ctx, r, NULL, err);
    if (rc == SG_OK && in->stats) in->stats->records[r->type]++;
    return rc;
}

/* The XML HEADER's UASC flag: 1/Y/YES/TRUE or 0/N/NO/FALSE (any case); else unknown. */
static int tri_flag(const char *s)
{
    if (!s) return SG_TRI_UNKNOWN;
    if (!strcmp(s, "1") || !strcasecmp(s, "Y") || !strcasecmp(s, "YES") || !strcasecmp(s, "TRUE"))
        return SG_TRI_YES;
    if (!strcmp(s, "0") || !strcasecmp(s, "N") || !strcasecmp(s, "NO") || !strcasecmp(s, "FALSE"))
        return SG_TRI_NO;
    return SG_TRI_UNKNOWN;
}

/* ---- the one mapping: a row of table t -> a record, or a rejected row ---- */
static int process_row(const sg_ingest *in, s903_table t, const s903_row *row, sg_error *err)
{
    const s903_tabdef *td = &tables[t];
    char child[SG_PSEUDO_LEN + 1];
    const char *id = row->v[0];
    if (!id || sg_pseudo_make(in->pseudo, SG_ID_LA, id, strlen(id), child) != SG_OK)
        return reject(in, row->line, "CHILD", NULL, "missing CHILD identifier", err);

    for (int i = 0; i < MAXCOLS && td->cols[i].name; i++) {
        unsigned f = td->cols[i].flags;
        const char *v = row->v[i];
        if (!v || !(f & (C_DATE | C_PDATE))) continue;
        bool ok = (f & C_PDATE) ? partial_date_ok(v) : parse_date(v) != SG_DATE_NONE;
        if (!ok)
            return reject(in, row->vline[i], td->cols[i].name, (f & C_SENS) ? NULL : v,
                          (f & C_PDATE) ? "not a real date (expected dd/mm/YYYY, zz/mm/YYYY "
                                          "or zz/zz/YYYY)"
                                        : "not a real date (expected dd/mm/YYYY)",
                          err);
    }

    sg_rec r;
    switch (t) {
    case T_HEADER:
    case T_UASC:
    case T_XHEADER: {
        sg_rec_init(&r, SG_REC_CHILD);
        sg_rec_child *c = &r.u.child;
        c->sex = val(t, row, "SEX");
        c->ethnicity = val(t, row, "ETHNIC");
        const char *dob = val(t, row, "DOB");
        if (dob) {
            int y, m, d;
            sg_date_to_ymd(parse_date(dob), &y, &m, &d);
            c->birth_year = y;
            c->birth_month = m;
        }
        const char *upn = val(t, row, "UPN");
        if (upn && sg_pseudo_make(in->pseudo, SG_ID_UPN, upn, strlen(upn), c->keys[0]) == SG_OK)
            c->nkeys = 1;
        if (t == T_UASC)
            c->uasc = SG_TRI_YES;
        else if (t == T_XHEADER)
            c->uasc = tri_flag(val(t, row, "UASC"));
        break;
    }
    case T_EPISODES: {
        sg_rec_init(&r, SG_REC_CLA_EPISODE);
        sg_rec_cla_episode *e = &r.u.cla_episode;
        const char *s = val(t, row, "DECOM"), *d = val(t, row, "DEC");
        e->start = s ? parse_date(s) : SG_DATE_NONE;
        e->end = d ? parse_date(d) : SG_DATE_NONE;
        e->rne = val(t, row, "RNE");
        e->legal_status = val(t, row, "LS");
        e->cin = val(t, row, "CIN");
        e->placement = val(t, row, "PLACE");
        e->provider = val(t, row, "PLACE_PROVIDER");
        e->reason_ceased = val(t, row, "REC");
        e->reason_place_change = val(t, row, "REASON_PLACE_CHANGE");
        e->urn = val(t, row, "URN");
        /* HOME_POST and PL_POST are read and dropped: data minimisation. */
        break;
    }
    case T_REVIEWS: {
        sg_rec_init(&r, SG_REC_CLA_REVIEW);
        const char *d = val(t, row, "REVIEW");
        r.u.cla_review.date = d ? parse_date(d) : SG_DATE_NONE;
        r.u.cla_review.code = val(t, row, "REVIEW_CODE");
        break;
    }
    case T_MISSING: {
        sg_rec_init(&r, SG_REC_MISSING);
        sg_rec_missing *m = &r.u.missing;
        const char *s = val(t, row, "MIS_START"), *e = val(t, row, "MIS_END");
        m->start = s ? parse_date(s) : SG_DATE_NONE;
        m->end = e ? parse_date(e) : SG_DATE_NONE;
        m->kind = val(t, row, "MISSING");
        m->from = "CARE"; /* the 903 counts episodes of looked-after children */
        m->reporting_agency = "CSC";
        break;
    }
    default: {
        sg_rec_init(&r, SG_REC_EXTRA);
        sg_rec_extra *x = &r.u.extra;
        x->table = td->fmt;
        for (int i = 0; i < MAXCOLS && td->cols[i].name && x->nfields < SG_EXTRA_MAX; i++) {
            if ((td->cols[i].flags & C_SENS) || !row->v[i]) continue;
            x->names[x->nfields] = td->cols[i].name;
            x->values[x->nfields] = row->v[i];
            x->nfields++;
        }
        break;
    }
    }
    r.line = row->line;
    memcpy(r.child, child, sizeof r.child);
    return emit(in, &r, err);
}

/* Hands a row to the raw parse's callback; t == T__COUNT with a problem for an unreadable row. */
static int raw_row(const sg_ingest *in, s903_table t, const s903_row *row, const char *problem,
                   sg_error *err)
{
    const s903_raw_in *ri = (const s903_raw_in *)in;
    const char *names[MAXCOLS], *values[MAXCOLS];
    long lines[MAXCOLS];
    int n = 0;
    for (int i = 0; t < T__COUNT && i < MAXCOLS && tables[t].cols[i].name; i++) {
        if (!(row->present & (1u << i))) continue;
        names[n] = tables[t].cols[i].name;
        values[n] = row->v[i];
        lines[n] = row->vline[i];
        n++;
    }
    sg_s903_raw raw = {.table = t < T__COUNT ? tables[t].fmt + 8 : NULL,
                       .file = in_name(in),
                       .line = row->line,
                       .ncols = n,
                       .names = names,
                       .values = values,
                       .lines = lines,
                       .problem = problem};
    return ri->fn(ri->ud, &raw, err);
}

/* A row goes through the mapping when importing, to the callback when parsing raw. */
static int handle_row(const sg_ingest *in, s903_table t, const s903_row *row, sg_error *err)
{
    if (!in->sink) return raw_row(in, t, row, NULL, err);
    return process_row(in, t, row, err);
}

/* ---- CSV ---- */
static int detect_table(const sg_csv_row *hdr)
{
    int best = -1, best_score = 0, tie = 0;
    for (int t = 0; t < T_CSV_COUNT; t++) {
        int score = 0, ok = 1;
        for (int i = 0; i < MAXCOLS && tables[t].cols[i].name; i++) {
            int present = sg_csv_find(hdr, tables[t].cols[i].name) >= 0;
            if (!present && (tables[t].cols[i].flags & C_REQ)) {
                ok = 0;
                break;
            }
            score += present;
        }
        if (!ok) continue;
        if (score > best_score)
            best = t, best_score = score, tie = 0;
        else if (score == best_score)
            tie = 1;
    }
    return tie ? -1 : best;
}

/* Recognises an SSDA903 CSV table by its column set (any order, names matched tolerantly):
 * every required column of exactly one table must be present; when a header satisfies two
 * tables the one with more of its columns present wins, and a tie is no match. Writes
 * "ssda903/<table>" and returns 1, or returns 0 (format untouched). */
int sg_s903_detect_header(const sg_csv_row *hdr, char format[64])
{
    if (!hdr) return 0;
    int t = detect_table(hdr);
    if (t < 0) return 0;
    snprintf(format, 64, "%s", tables[t].fmt);
    return 1;
}

static int table_for_format(const char *fmt)
{
    for (int t = 0; t < T_CSV_COUNT; t++)
        if (strcmp(tables[t].fmt, fmt) == 0) return t;
    return -1;
}

static int import_csv(const sg_ingest *in, sg_error *err)
{
    const char *name = in_name(in);
    sg_csv *c = sg_csv_new(in->fp, name, NULL);
    sg_arena arena;
    sg_arena_init(&arena, 16 * 1024);
    const sg_csv_row *row = NULL;
    int rc = sg_csv_next(c, &row, err);
    if (rc) goto out; /* an unreadable header row fails the file */
    if (!row) {
        rc = sg_err_at(err, SG_EPARSE, name, 1, 0, NULL,
                       "The file is empty: an SSDA903 table needs a header row.");
        goto out;
    }

    int t;
    if (in->format && strncmp(in->format, "ssda903/", 8) == 0) {
        t = table_for_format(in->format);
        if (t < 0) {
            rc = sg_err(err, SG_EINVAL, "Unknown SSDA903 table format '%s'.", in->format);
            goto out;
        }
    } else {
        t = detect_table(row);
        if (t < 0) {
            rc = sg_err_at(err, SG_EPARSE, name, row->line, 0, NULL,
                           "The header row matches no SSDA903 table.");
            goto out;
        }
    }

    const s903_tabdef *td = &tables[t];
    int map[MAXCOLS];
    for (int i = 0; i < MAXCOLS; i++) {
        map[i] = td->cols[i].name ? sg_csv_find(row, td->cols[i].name) : -1;
        if (map[i] < 0 && td->cols[i].name && (td->cols[i].flags & C_REQ)) {
            rc = sg_err_at(err, SG_EPARSE, name, row->line, 0, td->cols[i].name,
                           "The %s table needs a %s column; the header row has none.", td->fmt + 8,
                           td->cols[i].name);
            goto out;
        }
    }
    size_t width = row->nfields;

    for (;;) {
        sg_error rerr;
        sg_error_clear(&rerr);
        rc = sg_csv_next(c, &row, &rerr);
        if (rc == SG_EPARSE || rc == SG_ELIMIT) {
            if (in->stats) in->stats->rows_read++;
            char reason[sizeof rerr.msg + 32];
            snprintf(reason, sizeof reason, "%s (column %ld)", rerr.msg, rerr.column);
            rc = reject(in, rerr.line, NULL, NULL, reason, err);
            if (rc) goto out;
            continue;
        }
        if (rc) {
            *err = rerr;
            goto out;
        }
        if (!row) break;
        if (in->stats) in->stats->rows_read++;
        if (row->nfields != width) {
            char reason[96];
            snprintf(reason, sizeof reason, "the row has %zu fields but the header has %zu",
                     row->nfields, width);
            rc = reject(in, row->line, NULL, NULL, reason, err);
            if (rc) goto out;
            continue;
        }
        sg_arena_reset(&arena);
        s903_row r;
        memset(&r, 0, sizeof r);
        r.line = row->line;
        for (int i = 0; i < MAXCOLS; i++) {
            r.vline[i] = row->line;
            if (map[i] < 0) continue;
            r.present |= 1u << i;
            const sg_csv_field *f = &row->f[map[i]];
            r.v[i] = trimmed(&arena, f->ptr, f->len);
            r.vline[i] = f->line;
        }
        rc = handle_row(in, (s903_table)t, &r, err);
        if (rc) goto out;
    }
    rc = SG_OK;
out:
    sg_arena_fini(&arena);
    sg_csv_free(c);
    return rc;
}

/* ---- XML ---- */
typedef struct xleaf {
    struct xleaf *next;
    const char *name;
    const char *text; /* trimmed, NULL when blank */
    long line;
} xleaf;

typedef struct xgroup {
    const char *tag;
    long line;
    int nleaves;
    xleaf *first, *last;
} xgroup;

typedef struct xstate {
    const sg_ingest *in;
    XML_Parser p;
    sg_error *err;
    int rc; /* first failure; the parser is stopped once set */
    int depth;
    bool in_child;
    long child_line; /* where the CHILD element starts */
    xgroup **groups; /* the CHILD being read, in document order */
    size_t ngroups, capgroups;
    xgroup *top;        /* HEADER or EPISODE being read (depth 3) */
    xgroup *sub;        /* group inside HEADER being read (depth 4) */
    xgroup *leaf_group; /* where the value being read goes */
    int leaf_depth;     /* depth of the value element being read, 0 = none */
    const char *leaf_name;
    long leaf_line;
    sg_buf text;
    sg_arena arena; /* one CHILD's groups and values; reset per CHILD */
} xstate;

SG_PRINTF(3, 4) static void xfail(xstate *x, int code, const char *fmt, ...)
{
    if (x->rc) return;
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    x->rc = sg_err_at(x->err, code, in_name(x->in), (long)XML_GetCurrentLineNumber(x->p),
                      (long)XML_GetCurrentColumnNumber(x->p) + 1, NULL, "%s", msg);
    XML_StopParser(x->p, XML_FALSE);
}

/* A sink error has already filled err: just stop. */
static void xstop(xstate *x, int rc)
{
    if (x->rc) return;
    x->rc = rc;
    XML_StopParser(x->p, XML_FALSE);
}

static xgroup *new_group(xstate *x, const char *tag, long line)
{
    if (x->ngroups >= XML_MAX_GROUPS) {
        xfail(x, SG_ELIMIT, "A CHILD element holds more than %d groups.", XML_MAX_GROUPS);
        return NULL;
    }
    if (x->ngroups == x->capgroups) {
        x->capgroups = x->capgroups ? x->capgroups * 2 : 16;
        x->groups = xrealloc(x->groups, x->capgroups * sizeof *x->groups);
    }
    xgroup *g = sg_arena_alloc(&x->arena, sizeof *g);
    memset(g, 0, sizeof *g);
    g->tag = sg_arena_strdup(&x->arena, tag);
    g->line = line;
    x->groups[x->ngroups++] = g;
    return g;
}

static bool is_header_group(const char *name)
{
    static const char *const groups[] = {"AREVIEW", "AMISSING", "PERMANENCE", "OC2",
                                         "OC3",     "AD1",      "AD_PLACED"};
    for (size_t i = 0; i < sizeof groups / sizeof *groups; i++)
        if (strcmp(name, groups[i]) == 0) return true;
    return false;
}

static void begin_leaf(xstate *x, xgroup *g, const char *name, long line)
{
    x->leaf_group = g;
    x->leaf_depth = x->depth;
    x->leaf_name = sg_arena_strdup(&x->arena, name);
    x->leaf_line = line;
    sg_buf_reset(&x->text);
}

static void XMLCALL x_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xstate *x = ud;
    (void)atts;
    if (x->rc) return;
    x->depth++;
    if (x->depth > XML_MAX_DEPTH) {
        xfail(x, SG_ELIMIT, "Elements are nested deeper than %d levels.", XML_MAX_DEPTH);
        return;
    }
    long line = (long)XML_GetCurrentLineNumber(x->p);
    if (x->depth == 1) {
        if (strcmp(name, "EXPSSDA903") != 0)
            xfail(x, SG_EPARSE, "The root element is <%.64s>, not <EXPSSDA903>.", name);
        return;
    }
    if (x->leaf_depth) return; /* markup inside a value: ignored, and its text too */
    if (x->arena.total > XML_MAX_CHILD_BYTES) {
        xfail(x, SG_ELIMIT, "A CHILD element holds more than %u bytes.", XML_MAX_CHILD_BYTES);
        return;
    }
    switch (x->depth) {
    case 2:
        if (strcmp(name, "CHILD") == 0) {
            x->in_child = true;
            x->child_line = line;
            x->ngroups = 0;
            sg_arena_reset(&x->arena);
            if (x->in->stats) x->in->stats->rows_read++;
        }
        break;
    case 3:
        if (x->in_child && (strcmp(name, "HEADER") == 0 || strcmp(name, "EPISODE") == 0))
            x->top = new_group(x, name, line);
        break;
    case 4:
        if (!x->top) break;
        if (strcmp(x->top->tag, "HEADER") == 0 && is_header_group(name))
            x->sub = new_group(x, name, line);
        else
            begin_leaf(x, x->top, name, line);
        break;
    case 5:
        if (x->sub) begin_leaf(x, x->sub, name, line);
        break;
    default:
        break;
    }
}

static void XMLCALL x_text(void *ud, const XML_Char *s, int len)
{
    xstate *x = ud;
    if (x->rc || !x->leaf_depth || x->depth != x->leaf_depth || len <= 0) return;
    if (sg_buf_append(&x->text, s, (size_t)len) != SG_OK)
        xfail(x, SG_ELIMIT, "The value of <%.64s> is longer than %d bytes.", x->leaf_name,
              XML_MAX_TEXT);
}

static int process_child(xstate *x);

static void XMLCALL x_end(void *ud, const XML_Char *name)
{
    xstate *x = ud;
    (void)name;
    if (x->rc) return;
    if (x->leaf_depth && x->depth > x->leaf_depth) {
        x->depth--;
        return;
    }
    if (x->leaf_depth && x->depth == x->leaf_depth) {
        xgroup *g = x->leaf_group;
        if (g->nleaves >= XML_MAX_LEAVES) {
            xfail(x, SG_ELIMIT, "<%.64s> holds more than %d values.", g->tag, XML_MAX_LEAVES);
            return;
        }
        xleaf *l = sg_arena_alloc(&x->arena, sizeof *l);
        l->next = NULL;
        l->name = x->leaf_name;
        l->text = trimmed(&x->arena, x->text.data ? x->text.data : "", x->text.len);
        l->line = x->leaf_line;
        if (g->last)
            g->last->next = l;
        else
            g->first = l;
        g->last = l;
        g->nleaves++;
        x->leaf_depth = 0;
    } else if (x->depth == 4) {
        x->sub = NULL;
    } else if (x->depth == 3) {
        x->top = x->sub = NULL;
    } else if (x->depth == 2 && x->in_child) {
        int rc = process_child(x);
        x->in_child = false;
        if (rc) xstop(x, rc);
    }
    x->depth--;
}

/* Refuses every entity declaration: the return needs none, and refusing them closes off
 * entity expansion attacks whatever the amplification limits. */
static void XMLCALL x_entity(void *ud, const XML_Char *entity_name, int is_param,
                             const XML_Char *value, int value_length, const XML_Char *base,
                             const XML_Char *system_id, const XML_Char *public_id,
                             const XML_Char *notation_name)
{
    xstate *x = ud;
    (void)is_param, (void)value, (void)value_length, (void)base, (void)system_id;
    (void)public_id, (void)notation_name;
    xfail(x, SG_EPARSE, "Entity declarations are not accepted (entity '%.64s').", entity_name);
}

/* Fills a row of table t from a group's values. XML names equal the CSV column names except
 * CHILDID (CHILD) and PL (PLACE); the first of repeated values wins. Returns how many of the
 * group's values belong to t apart from CHILD and DOB (0 = the group has nothing of t). */
static int fill_row(s903_table t, const xgroup *g, s903_row *r)
{
    bool seen[MAXCOLS] = {false};
    int n = 0;
    memset(r, 0, sizeof *r);
    r->line = g->line;
    for (int i = 0; i < MAXCOLS; i++)
        r->vline[i] = g->line;
    for (const xleaf *l = g->first; l; l = l->next) {
        const char *nm = l->name;
        if (strcmp(nm, "CHILDID") == 0)
            nm = "CHILD";
        else if (strcmp(nm, "PL") == 0)
            nm = "PLACE";
        int i = col_index(t, nm);
        if (i < 0 || seen[i]) continue;
        seen[i] = true;
        r->present |= 1u << i;
        r->v[i] = l->text;
        r->vline[i] = l->line;
        if (i > 0 && strcmp(nm, "DOB") != 0) n++;
    }
    return n;
}

static int group_table(const char *tag)
{
    static const struct {
        const char *tag;
        s903_table t;
    } map[] = {{"EPISODE", T_EPISODES}, {"AREVIEW", T_REVIEWS},
               {"AMISSING", T_MISSING}, {"PERMANENCE", T_PREV_PERM},
               {"OC2", T_OC2},          {"OC3", T_OC3},
               {"AD1", T_AD1},          {"AD_PLACED", T_PLACED}};
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (strcmp(tag, map[i].tag) == 0) return (int)map[i].t;
    return -1;
}

/* Emits the records of one complete CHILD element: the HEADER's child record first (with the
 * OC3 and AD1 values the HEADER holds directly), then the nested groups and episodes in
 * document order. A CHILD without CHILDID is rejected once, as a whole. */
static int process_child(xstate *x)
{
    const sg_ingest *in = x->in;
    xgroup *hdr = NULL;
    for (size_t i = 0; i < x->ngroups && !hdr; i++)
        if (strcmp(x->groups[i]->tag, "HEADER") == 0) hdr = x->groups[i];
    s903_row r;
    const char *id = NULL;
    char probe[SG_PSEUDO_LEN + 1];
    if (hdr) {
        fill_row(T_XHEADER, hdr, &r);
        id = r.v[0];
    }
    if (in->sink && (!id || sg_pseudo_make(in->pseudo, SG_ID_LA, id, strlen(id), probe) != SG_OK)) {
        return reject(in, x->child_line, "CHILDID", NULL, "missing CHILD identifier", x->err);
    }

    int rc;
    for (size_t i = 0; i < x->ngroups; i++) {
        xgroup *g = x->groups[i];
        if (g == hdr) {
            fill_row(T_XHEADER, g, &r);
            if ((rc = handle_row(in, T_XHEADER, &r, x->err))) return rc;
            /* The raw view keeps the CSV's shape: the HEADER's DUC is the uasc table's. */
            if (!in->sink) {
                fill_row(T_UASC, g, &r);
                if (r.v[col_index(T_UASC, "DUC")] && (rc = handle_row(in, T_UASC, &r, x->err)))
                    return rc;
            }
            /* The DfE's XML keeps the OC3 and AD1 values directly in HEADER. */
            static const s903_table direct[] = {T_OC3, T_AD1};
            for (size_t k = 0; k < 2; k++) {
                if (fill_row(direct[k], g, &r) == 0) continue;
                r.v[0] = id;
                r.present |= 1u;
                r.v[col_index(direct[k], "DOB")] = NULL; /* validated with the child record */
                r.present &= ~(1u << col_index(direct[k], "DOB"));
                if ((rc = handle_row(in, direct[k], &r, x->err))) return rc;
            }
            continue;
        }
        if (strcmp(g->tag, "HEADER") == 0) continue; /* a second HEADER adds nothing */
        int t = group_table(g->tag);
        if (t < 0) continue;
        fill_row((s903_table)t, g, &r);
        r.v[0] = id;
        r.present |= 1u;
        if ((rc = handle_row(in, (s903_table)t, &r, x->err))) return rc;
    }
    return SG_OK;
}

static int import_xml(const sg_ingest *in, sg_error *err)
{
    xstate x;
    memset(&x, 0, sizeof x);
    x.in = in;
    x.err = err;
    sg_buf_init(&x.text, XML_MAX_TEXT);
    sg_arena_init(&x.arena, 64 * 1024);
    x.p = XML_ParserCreate(NULL);
    if (!x.p) {
        sg_buf_fini(&x.text);
        sg_arena_fini(&x.arena);
        return sg_err(err, SG_ENOMEM, "Cannot create an XML parser.");
    }
    XML_SetUserData(x.p, &x);
    XML_SetElementHandler(x.p, x_start, x_end);
    XML_SetCharacterDataHandler(x.p, x_text);
    XML_SetEntityDeclHandler(x.p, x_entity);
    XML_SetParamEntityParsing(x.p, XML_PARAM_ENTITY_PARSING_NEVER);
    XML_SetBillionLaughsAttackProtectionMaximumAmplification(x.p, XML_AMPLIFICATION);
    XML_SetBillionLaughsAttackProtectionActivationThreshold(x.p, XML_AMPLIFICATION_THRESHOLD);

    enum { CHUNK = 64 * 1024 };
    char *buf = xmalloc(CHUNK);
    int rc = SG_OK;
    for (;;) {
        size_t n = fread(buf, 1, CHUNK, in->fp);
        if (ferror(in->fp)) {
            rc = sg_err_at(err, SG_EIO, in_name(in), 0, 0, NULL, "Cannot read the file.");
            break;
        }
        int final = n < CHUNK;
        if (XML_Parse(x.p, buf, (int)n, final) == XML_STATUS_ERROR) {
            if (x.rc) {
                rc = x.rc;
            } else {
                enum XML_Error code = XML_GetErrorCode(x.p);
                rc = sg_err_at(err, SG_EPARSE, in_name(in), (long)XML_GetCurrentLineNumber(x.p),
                               (long)XML_GetCurrentColumnNumber(x.p) + 1, NULL,
                               "Not well-formed XML: %s.", XML_ErrorString(code));
            }
            break;
        }
        if (x.rc) {
            rc = x.rc;
            break;
        }
        if (final) break;
    }
    XML_ParserFree(x.p);
    free(buf);
    free(x.groups);
    sg_buf_fini(&x.text);
    sg_arena_fini(&x.arena);
    return rc;
}

/* Imports one SSDA903 file (ingest.h contract). in->format picks the spelling:
 * "ssda903-xml" reads the XML return; "ssda903/<table>" reads that CSV table (the header must
 * have the table's required columns); NULL or "ssda903" reads a CSV table recognised from its
 * header. Rows are rejected (never the raw child id in the value) for a missing CHILD, a
 * present date that is not a real date, a CSV record that does not parse, or a field count
 * that differs from the header's. Whole-file errors: SG_EPARSE (missing required column,
 * header matching no table, XML not well-formed or with entity declarations), SG_ELIMIT, SG_EIO,
 * SG_EINVAL (unknown table id), or the sink's error. */
int sg_s903_import(const sg_ingest *in, sg_error *err)
{
    if (!in || !in->fp || !in->sink || !in->pseudo)
        return sg_err(err, SG_EINVAL, "sg_s903_import needs an input, a sink and a key.");
    if (in->format && strcmp(in->format, "ssda903-xml") == 0) return import_xml(in, err);
    return import_csv(in, err);
}

/* The raw parse (ingest/raw.h): the importer's readers with rows handed to fn as written. */
int sg_s903_parse(FILE *fp, const char *name, const char *format, sg_s903_row_fn fn, void *ud,
                  sg_error *err)
{
    if (!fp || !fn) return sg_err(err, SG_EINVAL, "sg_s903_parse needs an input and a callback.");
    sg_import_stats stats;
    memset(&stats, 0, sizeof stats);
    s903_raw_in ri = {
        .in = {.fp = fp, .name = name, .format = format, .stats = &stats}, .fn = fn, .ud = ud};
    if (format && strcmp(format, "ssda903-xml") == 0) return import_xml(&ri.in, err);
    return import_csv(&ri.in, err);
}

/* agency.c - the agency return importer: our five CSV templates (police_missing, police_events,
 * early_help, lado, population; docs/formats/agency.md) read with the streaming CSV reader and
 * mapped into canonical records.
 *
 * Child-level templates carry identity columns. The first usable of LA child ID, NHS number,
 * and surname + forename + date of birth becomes the child's primary pseudonym; the others
 * become extra keys of the child record, so the store links the child across returns. Raw
 * identifiers go no further than the pseudonymiser: rejected rows of child-level templates
 * carry neither the raw row nor the value of an identity column.
 *
 * Memory is flat: one CSV record and one per-row arena at a time. */
#include "ingest/ingest.h"

#include "core/arena.h"
#include "core/date.h"
#include "core/mem.h"
#include "core/str.h"
#include "ingest/csv.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum tpl_id {
    TPL_POLICE_MISSING,
    TPL_POLICE_EVENTS,
    TPL_EARLY_HELP,
    TPL_LADO,
    TPL_POPULATION,
    TPL__COUNT
} tpl_id;

/* Column slots: identity first, then every template's own columns. One table of names keeps the
 * header lookup, the required-column check and the detector in step. */
typedef enum col_id {
    C_CHILD_LA_ID,
    C_NHS_NUMBER,
    C_SURNAME,
    C_FORENAME,
    C_DATE_OF_BIRTH,
    C_SEX,
    C_EPISODE_REF,
    C_MISSING_FROM,
    C_MISSING_TYPE,
    C_START_DATE,
    C_END_DATE,
    C_RI_OFFERED,
    C_RI_ACCEPTED,
    C_EVENT_REF,
    C_EVENT_TYPE,
    C_EVENT_DATE,
    C_VPR_TYPE,
    C_ORGANISATION,
    C_ASSESSMENT_START,
    C_ASSESSMENT_END,
    C_OUTCOME,
    C_LADO_REF,
    C_KIND,
    C_RECEIVED_DATE,
    C_REFERRING_AGENCY,
    C_EMPLOYMENT_SECTOR,
    C_CATEGORY,
    C_INITIAL_STRATEGY_DATE,
    C_CONCLUDED_DATE,
    C_AREA_CODE,
    C_AREA_NAME,
    C_YEAR,
    C_AGE_FROM,
    C_AGE_TO,
    C_COUNT,
    C__COUNT
} col_id;

static const char *const col_names[C__COUNT] = {
    "child_la_id",
    "nhs_number",
    "surname",
    "forename",
    "date_of_birth",
    "sex",
    "episode_ref",
    "missing_from",
    "missing_type",
    "start_date",
    "end_date",
    "return_interview_offered",
    "return_interview_accepted",
    "event_ref",
    "event_type",
    "event_date",
    "vpr_type",
    "organisation",
    "assessment_start",
    "assessment_end",
    "outcome",
    "lado_ref",
    "kind",
    "received_date",
    "referring_agency",
    "employment_sector",
    "category",
    "initial_strategy_date",
    "concluded_date",
    "area_code",
    "area_name",
    "year",
    "age_from",
    "age_to",
    "count",
};

#define END_COLS (-1)

typedef struct tpl_def {
    const char *name;
    bool child_level;
    col_id key;       /* the column that identifies the template in a header */
    int required[10]; /* own columns that must be in the header, END_COLS-terminated */
    int optional[4];  /* own columns that may be missing */
} tpl_def;

/* Each template's whole header in the order docs/formats/agency.md gives (and the generator
 * writes), identity columns first in child-level templates; END_COLS-terminated. */
#define ID_COLS C_CHILD_LA_ID, C_NHS_NUMBER, C_SURNAME, C_FORENAME, C_DATE_OF_BIRTH, C_SEX
static const int tpl_header[TPL__COUNT][C__COUNT + 1] = {
    {ID_COLS, C_EPISODE_REF, C_MISSING_FROM, C_MISSING_TYPE, C_START_DATE, C_END_DATE, C_RI_OFFERED,
     C_RI_ACCEPTED, END_COLS},
    {ID_COLS, C_EVENT_REF, C_EVENT_TYPE, C_EVENT_DATE, C_VPR_TYPE, END_COLS},
    {ID_COLS, C_ORGANISATION, C_ASSESSMENT_START, C_ASSESSMENT_END, C_OUTCOME, END_COLS},
    {C_LADO_REF, C_KIND, C_RECEIVED_DATE, C_REFERRING_AGENCY, C_EMPLOYMENT_SECTOR, C_CATEGORY,
     C_INITIAL_STRATEGY_DATE, C_CONCLUDED_DATE, C_OUTCOME, END_COLS},
    {C_AREA_CODE, C_AREA_NAME, C_YEAR, C_AGE_FROM, C_AGE_TO, C_SEX, C_COUNT, END_COLS},
};
#undef ID_COLS

static const tpl_def tpls[TPL__COUNT] = {
    {"police_missing",
     true,
     C_MISSING_TYPE,
     {C_MISSING_FROM, C_MISSING_TYPE, C_START_DATE, C_END_DATE, C_RI_OFFERED, C_RI_ACCEPTED,
      END_COLS},
     {C_EPISODE_REF, END_COLS}},
    {"police_events",
     true,
     C_EVENT_TYPE,
     {C_EVENT_TYPE, C_EVENT_DATE, END_COLS},
     {C_EVENT_REF, C_VPR_TYPE, END_COLS}},
    {"early_help",
     true,
     C_ASSESSMENT_START,
     {C_ORGANISATION, C_ASSESSMENT_START, C_ASSESSMENT_END, C_OUTCOME, END_COLS},
     {END_COLS}},
    {"lado",
     false,
     C_LADO_REF,
     {C_LADO_REF, C_KIND, C_RECEIVED_DATE, C_REFERRING_AGENCY, C_EMPLOYMENT_SECTOR, C_CATEGORY,
      C_INITIAL_STRATEGY_DATE, C_CONCLUDED_DATE, C_OUTCOME, END_COLS},
     {END_COLS}},
    {"population",
     false,
     C_AREA_CODE,
     {C_AREA_CODE, C_YEAR, C_AGE_FROM, C_AGE_TO, C_COUNT, END_COLS},
     {C_AREA_NAME, C_SEX, END_COLS}},
};

/* Columns whose values identify a child: never echoed into a rejected row. */
static bool is_identifier(col_id c)
{
    return c == C_CHILD_LA_ID || c == C_NHS_NUMBER || c == C_SURNAME || c == C_FORENAME ||
           c == C_DATE_OF_BIRTH;
}

/* Header position of every column slot, -1 when absent. */
typedef struct colmap {
    int at[C__COUNT];
} colmap;

static void map_header(const sg_csv_row *hdr, colmap *m)
{
    for (int i = 0; i < C__COUNT; i++)
        m->at[i] = sg_csv_find(hdr, col_names[i]);
}

/* How many of a template's own columns the header has; 0 when its key column is missing. */
static int tpl_score(const tpl_def *t, const colmap *m)
{
    if (m->at[t->key] < 0) return 0;
    int n = 0;
    for (const int *c = t->required; *c != END_COLS; c++)
        n += m->at[*c] >= 0;
    for (const int *c = t->optional; *c != END_COLS; c++)
        if (*c != C_SEX) n += m->at[*c] >= 0; /* population's sex is also an identity column */
    return n;
}

/* The template a header belongs to: its key column and at least one more of its own columns,
 * best score first. A header one column short still detects, so that the import can then name
 * the missing column instead of calling the file unknown. */
static int detect(const colmap *m)
{
    int best = -1, best_score = 1;
    for (int t = 0; t < TPL__COUNT; t++) {
        int s = tpl_score(&tpls[t], m);
        if (s > best_score) best = t, best_score = s;
    }
    return best;
}

/* Writes "agency/<template>" and returns 1 when hdr is one of our templates' headers. */
int sg_agency_detect_header(const sg_csv_row *hdr, char format[64])
{
    if (!hdr) return 0;
    colmap m;
    map_header(hdr, &m);
    int t = detect(&m);
    if (t < 0) return 0;
    snprintf(format, 64, "agency/%s", tpls[t].name);
    return 1;
}

/* The headers as names, built once from col_names and tpl_header. */
static const char *header_names[TPL__COUNT][C__COUNT + 1];
static int header_len[TPL__COUNT];
static pthread_once_t header_once = PTHREAD_ONCE_INIT;

static void build_header_names(void)
{
    for (int t = 0; t < TPL__COUNT; t++) {
        int n = 0;
        for (const int *c = tpl_header[t]; *c != END_COLS; c++)
            header_names[t][n++] = col_names[*c];
        header_names[t][n] = NULL;
        header_len[t] = n;
    }
}

const char *const *sg_agency_columns(const char *tpl, int *n)
{
    pthread_once(&header_once, build_header_names);
    for (int t = 0; t < TPL__COUNT; t++) {
        if (tpl && strcmp(tpl, tpls[t].name) == 0) {
            if (n) *n = header_len[t];
            return header_names[t];
        }
    }
    if (n) *n = 0;
    return NULL;
}

/* ---- one import ---- */

typedef struct agency_ctx {
    const sg_ingest *in;
    const tpl_def *tpl;
    colmap m;
    sg_arena arena; /* per row */
    const sg_csv_row *row;
    char **header; /* header field names, for naming CSV errors */
    size_t nheader;
} agency_ctx;

/* The trimmed value of a column in the current row; "" when absent or blank. */
static const char *val(agency_ctx *x, col_id c, size_t *len)
{
    int i = x->m.at[c];
    const char *p = "";
    size_t n = 0;
    if (i >= 0 && (size_t)i < x->row->nfields) {
        p = x->row->f[i].ptr;
        n = x->row->f[i].len;
        while (n && (*p == ' ' || *p == '\t'))
            p++, n--;
        while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
            n--;
    }
    if (len) *len = n;
    return n ? sg_arena_strndup(&x->arena, p, n) : "";
}

/* A code or free-text value as given (trimmed), NULL when blank. */
static const char *str_or_null(agency_ctx *x, col_id c)
{
    const char *v = val(x, c, NULL);
    return *v ? v : NULL;
}

static int reject(agency_ctx *x, const char *field, const char *value, const char *reason,
                  sg_error *err)
{
    sg_reject rj = {
        .file = x->in->name,
        .line = x->row->line,
        .field = field,
        .value = value,
        .reason = reason,
        /* The raw row of a child-level template holds identifiers: it never leaves here. */
        .raw = x->tpl->child_level ? NULL : x->row->raw,
    };
    x->in->stats->rejected++;
    return x->in->sink->reject(x->in->sink->ctx, &rj, err);
}

/* Reasons, also used by the tests and the documentation. */
#define WHY_DATE "not a real date (expected YYYY-MM-DD or dd/mm/YYYY)"
#define WHY_FLAG "not a Y/N flag (expected Y, N or blank)"
#define WHY_NOID "no child identifier"

/* Parses an optional date column. Returns false (after choosing the rejection) when the value
 * is present but not a real date. */
static bool get_date(agency_ctx *x, col_id c, sg_date *out, col_id *bad)
{
    size_t n;
    const char *v = val(x, c, &n);
    *out = SG_DATE_NONE;
    if (!n) return true;
    *out = sg_date_parse_any(v, n, false);
    if (*out != SG_DATE_NONE) return true;
    *bad = c;
    return false;
}

/* Y/N flags: Y, YES, TRUE, 1 / N, NO, FALSE, 0 in any case; blank = unknown. */
static bool get_flag(agency_ctx *x, col_id c, int *out, col_id *bad)
{
    const char *v = val(x, c, NULL);
    *out = SG_TRI_UNKNOWN;
    if (!*v) return true;
    if (sg_str_ieq(v, "Y") || sg_str_ieq(v, "YES") || sg_str_ieq(v, "TRUE") || sg_str_ieq(v, "1")) {
        *out = SG_TRI_YES;
        return true;
    }
    if (sg_str_ieq(v, "N") || sg_str_ieq(v, "NO") || sg_str_ieq(v, "FALSE") || sg_str_ieq(v, "0")) {
        *out = SG_TRI_NO;
        return true;
    }
    *bad = c;
    return false;
}

/* A whole number in [lo, hi] (digits, optionally a leading minus; no separators). Returns 0
 * with *out set, 1 when blank, 2 when not such a number. */
static int get_int(agency_ctx *x, col_id c, long lo, long hi, long *out)
{
    size_t n;
    const char *v = val(x, c, &n);
    if (!n) return 1;
    if (n > 18) return 2;
    for (size_t i = 0; i < n; i++)
        if (!(v[i] >= '0' && v[i] <= '9') && !(i == 0 && v[i] == '-' && n > 1)) return 2;
    long r = strtol(v, NULL, 10);
    if (r < lo || r > hi) return 2;
    *out = r;
    return 0;
}

/* Identity of the child in the current row: primary pseudonym into r->child, the others as
 * extra keys of the child record. Returns SG_OK, or a reject was made (*rejected set), or the
 * sink's error. */
static int identify(agency_ctx *x, sg_rec *child, bool *rejected, sg_error *err)
{
    const sg_pseudo *ps = x->in->pseudo;
    char la[SG_PSEUDO_LEN + 1] = "", nhs[SG_PSEUDO_LEN + 1] = "", nd[SG_PSEUDO_LEN + 1] = "";
    size_t n;

    sg_date dob;
    col_id bad;
    if (!get_date(x, C_DATE_OF_BIRTH, &dob, &bad)) {
        *rejected = true;
        return reject(x, col_names[C_DATE_OF_BIRTH], NULL, WHY_DATE, err);
    }
    const char *v = val(x, C_CHILD_LA_ID, &n);
    if (n) (void)sg_pseudo_make(ps, SG_ID_LA, v, n, la); /* "" when nothing identifying */
    v = val(x, C_NHS_NUMBER, &n);
    if (n) (void)sg_pseudo_make(ps, SG_ID_NHS, v, n, nhs);
    size_t sn, fn;
    const char *sur = val(x, C_SURNAME, &sn), *fore = val(x, C_FORENAME, &fn);
    if (sn && fn && dob != SG_DATE_NONE) {
        char iso[11];
        size_t cap = sn + fn + 16;
        char *raw = sg_arena_alloc(&x->arena, cap);
        int w = snprintf(raw, cap, "%s|%s|%s", sur, fore, sg_date_iso(dob, iso));
        (void)sg_pseudo_make(ps, SG_ID_NAMEDOB, raw, (size_t)w, nd);
        memset(raw, 0, cap); /* the arena block is reused for the next row */
    }

    const char *primary = la[0] ? la : nhs[0] ? nhs : nd[0] ? nd : NULL;
    if (!primary) {
        *rejected = true;
        return reject(x, col_names[C_CHILD_LA_ID], NULL, WHY_NOID, err);
    }
    sg_rec_init(child, SG_REC_CHILD);
    child->line = x->row->line;
    memcpy(child->child, primary, sizeof child->child);
    const char *others[2] = {nhs, nd};
    for (int i = 0; i < 2; i++)
        if (others[i][0] && others[i] != primary)
            memcpy(child->u.child.keys[child->u.child.nkeys++], others[i], SG_PSEUDO_LEN + 1);
    if (dob != SG_DATE_NONE) {
        int y, m, d;
        sg_date_to_ymd(dob, &y, &m, &d);
        child->u.child.birth_year = y;
        child->u.child.birth_month = m;
    }
    child->u.child.sex = str_or_null(x, C_SEX);
    return SG_OK;
}

static int emit(agency_ctx *x, sg_rec *r, sg_error *err)
{
    int rc = x->in->sink->emit(x->in->sink->ctx, r, NULL, err);
    if (rc == SG_OK) x->in->stats->records[r->type]++;
    return rc;
}

/* Builds the template's record from the current row; returns false with *bad set when a
 * value cannot be represented (and *why the reason). */
static bool build(agency_ctx *x, tpl_id t, sg_rec *r, col_id *bad, const char **why)
{
    *why = WHY_DATE;
    switch (t) {
    case TPL_POLICE_MISSING: {
        sg_rec_missing *m = &r->u.missing;
        sg_rec_init(r, SG_REC_MISSING);
        if (!get_date(x, C_START_DATE, &m->start, bad) || !get_date(x, C_END_DATE, &m->end, bad))
            return false;
        *why = WHY_FLAG;
        if (!get_flag(x, C_RI_OFFERED, &m->ri_offered, bad) ||
            !get_flag(x, C_RI_ACCEPTED, &m->ri_accepted, bad))
            return false;
        m->from = str_or_null(x, C_MISSING_FROM);
        m->kind = str_or_null(x, C_MISSING_TYPE);
        m->reporting_agency = "POLICE";
        return true;
    }
    case TPL_POLICE_EVENTS: {
        sg_rec_police_event *p = &r->u.police;
        sg_rec_init(r, SG_REC_POLICE_EVENT);
        if (!get_date(x, C_EVENT_DATE, &p->date, bad)) return false;
        p->kind = str_or_null(x, C_EVENT_TYPE);
        p->subtype = str_or_null(x, C_VPR_TYPE);
        p->ref = str_or_null(x, C_EVENT_REF);
        return true;
    }
    case TPL_EARLY_HELP: {
        sg_rec_early_help *e = &r->u.early_help;
        sg_rec_init(r, SG_REC_EARLY_HELP);
        if (!get_date(x, C_ASSESSMENT_START, &e->start, bad) ||
            !get_date(x, C_ASSESSMENT_END, &e->end, bad))
            return false;
        e->organisation = str_or_null(x, C_ORGANISATION);
        e->outcome = str_or_null(x, C_OUTCOME);
        return true;
    }
    case TPL_LADO: {
        sg_rec_lado *l = &r->u.lado;
        sg_rec_init(r, SG_REC_LADO);
        if (!get_date(x, C_RECEIVED_DATE, &l->received, bad) ||
            !get_date(x, C_INITIAL_STRATEGY_DATE, &l->strategy, bad) ||
            !get_date(x, C_CONCLUDED_DATE, &l->concluded, bad))
            return false;
        l->ref = str_or_null(x, C_LADO_REF);
        l->kind = str_or_null(x, C_KIND);
        l->referring_agency = str_or_null(x, C_REFERRING_AGENCY);
        l->sector = str_or_null(x, C_EMPLOYMENT_SECTOR);
        l->category = str_or_null(x, C_CATEGORY);
        l->outcome = str_or_null(x, C_OUTCOME);
        return true;
    }
    default: { /* TPL_POPULATION */
        sg_rec_population *p = &r->u.population;
        sg_rec_init(r, SG_REC_POPULATION);
        long year = 0, from = 0, to = 0, count = 0;
        static const struct {
            col_id col;
            long lo, hi;
            const char *why;
        } nums[] = {
            {C_YEAR, 1900, 2199, "not a year between 1900 and 2199"},
            {C_AGE_FROM, 0, 130, "not an age between 0 and 130"},
            {C_AGE_TO, 0, 130, "not an age between 0 and 130"},
            {C_COUNT, 0, 1000000000L, "not a whole number of people (0 or more)"},
        };
        long *outs[] = {&year, &from, &to, &count};
        for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
            int k = get_int(x, nums[i].col, nums[i].lo, nums[i].hi, outs[i]);
            if (k) {
                *bad = nums[i].col;
                *why = k == 1 ? "required value is blank" : nums[i].why;
                return false;
            }
        }
        if (to < from) {
            *bad = C_AGE_TO;
            *why = "age_to is less than age_from";
            return false;
        }
        p->area = str_or_null(x, C_AREA_CODE);
        p->year = (int)year;
        p->age_from = (int)from;
        p->age_to = (int)to;
        p->sex = str_or_null(x, C_SEX);
        p->count = count;
        return true;
    }
    }
}

/* Spreadsheets leave rows of bare commas behind; they carry nothing and are not counted. */
static bool all_blank(const sg_csv_row *row)
{
    for (size_t i = 0; i < row->nfields; i++)
        for (size_t k = 0; k < row->f[i].len; k++)
            if (row->f[i].ptr[k] != ' ' && row->f[i].ptr[k] != '\t') return false;
    return true;
}

static int do_row(agency_ctx *x, sg_error *err)
{
    tpl_id t = (tpl_id)(x->tpl - tpls);
    sg_rec child, rec;
    bool rejected = false;
    int rc;
    if (x->tpl->child_level) {
        rc = identify(x, &child, &rejected, err);
        if (rc || rejected) return rc;
    }
    col_id bad = C__COUNT;
    const char *why = NULL;
    if (!build(x, t, &rec, &bad, &why)) {
        const char *v = val(x, bad, NULL);
        return reject(x, col_names[bad], is_identifier(bad) ? NULL : v, why, err);
    }
    rec.line = x->row->line;
    if (x->tpl->child_level) {
        rc = emit(x, &child, err);
        if (rc) return rc;
        memcpy(rec.child, child.child, sizeof rec.child);
    }
    return emit(x, &rec, err);
}

/* The header name of the field a CSV error is in (the last field starting at or before it). */
static const char *field_at(const agency_ctx *x, const sg_csv_row *row, const sg_error *e)
{
    size_t k = 0;
    bool found = false;
    for (size_t i = 0; i < row->nfields; i++) {
        const sg_csv_field *f = &row->f[i];
        if (f->line < e->line || (f->line == e->line && f->column <= e->column)) {
            k = i;
            found = true;
        }
    }
    return found && k < x->nheader ? x->header[k] : NULL;
}

/* The template asked for in in->format, or -1 for plain "agency" (detect from the header),
 * or -2 when the name is unknown. */
static int tpl_from_format(const char *format)
{
    if (!format || strcmp(format, "agency") == 0) return -1;
    if (strncmp(format, "agency/", 7) != 0) return -2;
    for (int t = 0; t < TPL__COUNT; t++)
        if (strcmp(format + 7, tpls[t].name) == 0) return t;
    return -2;
}

/* Checks that the header has the template's required columns (and, for child-level templates,
 * some way to identify the child). */
static int check_header(agency_ctx *x, sg_error *err)
{
    const char *name = x->in->name;
    for (const int *c = x->tpl->required; *c != END_COLS; c++)
        if (x->m.at[*c] < 0)
            return sg_err_at(err, SG_EPARSE, name, 1, 0, col_names[*c],
                             "missing required column '%s' for the agency/%s template",
                             col_names[*c], x->tpl->name);
    if (x->tpl->child_level && x->m.at[C_CHILD_LA_ID] < 0 && x->m.at[C_NHS_NUMBER] < 0 &&
        (x->m.at[C_SURNAME] < 0 || x->m.at[C_FORENAME] < 0 || x->m.at[C_DATE_OF_BIRTH] < 0))
        return sg_err_at(err, SG_EPARSE, name, 1, 0, col_names[C_CHILD_LA_ID],
                         "missing required column 'child_la_id': the agency/%s template needs "
                         "child_la_id, nhs_number, or surname, forename and date_of_birth",
                         x->tpl->name);
    return SG_OK;
}

/* Imports one agency return (see ingest.h). in->format is "agency/<template>" or "agency"
 * (template detected from the header). Whole-file errors: an unknown template (SG_EINVAL), an
 * empty file, a malformed header or missing required columns (SG_EPARSE at line 1), a CSV
 * limit exceeded (SG_ELIMIT), a read error (SG_EIO), or any error from the sink. Row problems
 * are rejected rows and the import goes on. */
int sg_agency_import(const sg_ingest *in, sg_error *err)
{
    agency_ctx x;
    memset(&x, 0, sizeof x);
    x.in = in;
    sg_arena_init(&x.arena, 16 * 1024);
    sg_csv *c = sg_csv_new(in->fp, in->name, NULL);
    int rc = SG_OK;
    const sg_csv_row *row = NULL;

    int want = tpl_from_format(in->format);
    if (want == -2) {
        rc = sg_err_at(err, SG_EINVAL, in->name, 0, 0, NULL,
                       "unknown agency template in format '%s' (expected agency/police_missing, "
                       "police_events, early_help, lado or population)",
                       in->format);
        goto out;
    }
    rc = sg_csv_next(c, &row, err);
    if (rc) goto out;
    if (!row) {
        rc = sg_err_at(err, SG_EPARSE, in->name, 1, 0, NULL,
                       "the file is empty: an agency return needs a header row");
        goto out;
    }
    map_header(row, &x.m);
    if (want < 0) want = detect(&x.m);
    if (want < 0) {
        rc = sg_err_at(err, SG_EPARSE, in->name, 1, 0, NULL,
                       "the header row matches no agency template (police_missing, "
                       "police_events, early_help, lado, population); see "
                       "docs/formats/agency.md");
        goto out;
    }
    x.tpl = &tpls[want];
    rc = check_header(&x, err);
    if (rc) goto out;
    x.nheader = row->nfields;
    x.header = xcalloc(x.nheader, sizeof *x.header);
    for (size_t i = 0; i < x.nheader; i++)
        x.header[i] = xstrndup(row->f[i].ptr, row->f[i].len);

    for (;;) {
        sg_error cerr;
        sg_error_clear(&cerr);
        int crc = sg_csv_next(c, &row, &cerr);
        if (crc == SG_EIO || crc == SG_ELIMIT) {
            if (err) *err = cerr;
            rc = crc;
            goto out;
        }
        if (!row) break;
        x.row = row;
        sg_arena_reset(&x.arena);
        if (crc != SG_OK) {
            in->stats->rows_read++;
            char why[sizeof cerr.msg + 48];
            snprintf(why, sizeof why, "%s (line %ld column %ld)", cerr.msg, cerr.line, cerr.column);
            rc = reject(&x, field_at(&x, row, &cerr), NULL, why, err);
            if (rc) goto out;
            continue;
        }
        if (all_blank(row)) continue;
        in->stats->rows_read++;
        rc = do_row(&x, err);
        if (rc) goto out;
    }
out:
    for (size_t i = 0; i < x.nheader; i++)
        free(x.header[i]);
    free(x.header);
    sg_arena_fini(&x.arena);
    sg_csv_free(c);
    return rc;
}

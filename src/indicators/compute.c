/* compute.c - computes every indicator for a period over the store's live submissions.
 *
 * How: the records each indicator needs are read once from the live_* tables of the
 * submissions that carry its source (CIN census or Annex A for children's social care,
 * SSDA903, the police missing, early help and LADO returns), then counted in C for up to three
 * windows: the period, the same period a year earlier, and the financial year to date.
 *
 * The same episode is often in several live returns: each CIN census holds every episode open
 * during its year, so a plan open at 31 March is in two censuses, the later one with its end
 * date; a 903 episode likewise. Records are therefore identified by child and start date (a
 * referral by child and referral date, a LADO case by its reference and received date) and,
 * where several live returns hold one, the return for the latest period wins (then the newest
 * import). That is also what makes earlier years' returns usable as history (re-referrals,
 * repeat plans) without double counting. Each result lists the submissions whose winning
 * records entered it. */
#include "indicators/ind_int.h"

#include "core/mem.h"
#include "core/num.h"
#include "core/str.h"
#include "core/workdays.h"

#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ROWS 50000000L /* per table: beyond this the store is not one partnership's */
#define STRATEGY_DAYS 28   /* a strategy discussion this far before an S47 start is its anchor */

/* ---- submissions ---- */

typedef struct sub_info {
    int64_t id;
    char format[64];
    sg_date start, end; /* the submission's period; SG_DATE_NONE when not a known spelling */
    int rank;           /* 0 = preferred: latest period end, then newest import */
} sub_info;

/* ---- records as loaded: a common head, then what the counting needs ---- */

typedef struct head {
    int64_t child; /* child id; LADO: a hash of the case reference (negative id when none) */
    int64_t dbid;
    int32_t sub;
    int32_t rank;
    sg_date key; /* the identifying date */
} head;

typedef struct r_point { head h; } r_point; /* contacts, strategy, early help */

typedef struct r_ref {
    head h;
    sg_date closure, prev; /* prev: the child's previous referral date */
    int8_t nfa, src, assessed;
} r_ref;

typedef struct r_ass {
    head h;
    sg_date auth, ref_date;
    int64_t ref_dbid;
    int8_t not_in_need;
} r_ass;

typedef struct r_s47 {
    head h;
    sg_date icpc, strat;
    int32_t strat_sub;
    int8_t resulted, plan;
} r_s47;

typedef struct r_cp {
    head h;
    sg_date end;
    int prev;
    int8_t cat, prev2y, age;
} r_cp;

typedef struct r_cla {
    head h;
    sg_date end;
    char rne;
    int8_t x1, uasc;
} r_cla;

typedef struct r_miss {
    head h;
    int8_t offered, accepted;
} r_miss;

typedef struct r_lado {
    head h;
    sg_date concluded;
    int8_t kind, cat, out;
} r_lado;

typedef struct pop_row {
    char area[32];
    int year, age_from, age_to;
    int sex; /* 0 all, 1 M, 2 F, 3 other */
    long count;
    int32_t sub;
    int rank;
} pop_row;

typedef struct vec {
    void *p;
    size_t n, cap, size;
} vec;

typedef struct range {
    sg_date a, b;
} range;

typedef struct cover {
    range *r;
    size_t n;
    sg_date from; /* earliest covered day, SG_DATE_NONE when nothing covers the table */
} cover;

typedef struct idset {
    int64_t *v;
    size_t n, cap;
} idset;

typedef struct acc {
    long num, den;
    double median;
    int has_median;
    int recorded; /* return interviews: any episode recorded the offer */
    idset subs;
} acc;

typedef struct ctx {
    sg_store *s;
    sqlite3 *db;
    const sg_ind_opts *o;
    sub_info *subs;
    size_t nsubs;
    int64_t *rank_ids; /* submission ids, ascending, for lookup */
    size_t *rank_idx;  /* rank_idx[i]: index in subs of rank_ids[i] */
    cover cov[T__COUNT];
    vec contact, ref, ass, strat, s47, cp, cla, mhome, mcare, eh, lado, pop;
    sg_error *err;
    struct dedupq *dq; /* de-duplicates loaded tables on a second thread (NULL: inline) */
} ctx;

typedef struct window {
    sg_date a, b;
    acc acc[M__COUNT];
} window;

/* ---- small containers ---- */

static void vec_init(vec *v, size_t size)
{
    memset(v, 0, sizeof *v);
    v->size = size;
}

static void *vec_push(vec *v)
{
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 256;
        v->p = xrealloc(v->p, v->cap * v->size);
    }
    void *e = (char *)v->p + v->n++ * v->size;
    memset(e, 0, v->size);
    return e;
}

#define AT(v, T, i) (&((T *)(v).p)[i])

static void idset_add(idset *s, int64_t id)
{
    if (s->n && s->v[s->n - 1] == id) return;
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i] == id) return;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 4;
        s->v = xrealloc(s->v, s->cap * sizeof *s->v);
    }
    s->v[s->n++] = id;
}

static void cnt(acc *a, int m, int32_t sub)
{
    a[m].num++;
    idset_add(&a[m].subs, sub);
}

static void hit(acc *a, int m, int32_t sub, int yes)
{
    a[m].den++;
    if (yes) a[m].num++;
    idset_add(&a[m].subs, sub);
}

static int in(sg_date d, const window *w)
{
    return d != SG_DATE_NONE && d >= w->a && d <= w->b;
}

/* ---- codes ---- */

static int code_index(const char *v, const char *const *list, int n)
{
    for (int i = 0; i < n; i++)
        if (sg_str_ieq(v, list[i])) return i;
    return n;
}

/* DfE referral source groups (IND_NREFSRC - 1 = not recorded / not a code). */
static int8_t ref_source_group(const char *s)
{
    if (!s || !*s) return IND_NREFSRC - 1;
    char c0 = s[0], c1 = s[1];
    if (c1 >= 'a' && c1 <= 'z') c1 = (char)(c1 - 32);
    if (c0 == '1' && c1 == '0' && !s[2]) return 10;
    if (c0 >= '1' && c0 <= '9' && c1 == 0) {
        static const int8_t single[10] = {-1, -1, -1, -1, 4, -1, 6, 7, 8, 9};
        int8_t g = single[c0 - '0'];
        return g >= 0 ? g : IND_NREFSRC - 1;
    }
    if (s[2] != 0) return IND_NREFSRC - 1;
    if (c0 == '1' && c1 >= 'A' && c1 <= 'D') return 0;
    if (c0 == '2' && c1 == 'A') return 1;
    if (c0 == '2' && c1 == 'B') return 2;
    if (c0 == '3' && c1 >= 'A' && c1 <= 'F') return 3;
    if (c0 == '5' && c1 >= 'A' && c1 <= 'D') return 5;
    return IND_NREFSRC - 1;
}

static const char *const cats[] = {"NEG", "EMO", "PHY", "SAB", "MUL"};
static const char *const lado_cats[] = {"PHYSICAL", "SEXUAL", "EMOTIONAL", "NEGLECT",
                                        "SUITABILITY"};
static const char *const lado_outs[] = {"SUBSTANTIATED", "UNSUBSTANTIATED", "UNFOUNDED",
                                        "MALICIOUS",     "FALSE",           "THRESHOLD_NOT_MET",
                                        "ONGOING"};

/* "21" among space-separated assessment factors: no factors identified. */
static int has_factor21(const char *f)
{
    if (!f) return 0;
    for (const char *p = f; *p;) {
        while (*p == ' ') p++;
        const char *q = p;
        while (*q && *q != ' ') q++;
        if (q - p == 2 && p[0] == '2' && p[1] == '1') return 1;
        p = q;
    }
    return 0;
}

/* ---- submissions and coverage ---- */

static int fmt_is(const char *f, const char *a)
{
    return strcmp(f, a) == 0;
}

/* Does a submission of format f carry table t (for the chosen CSC source)? A generic
 * "agency" submission is taken to carry every agency table; an Annex A workbook every list. */
static int fmt_covers(const char *f, int t, int annexa)
{
    int xl = fmt_is(f, "annexa-xlsx");
    switch (t) {
    case T_CONTACT: return xl || fmt_is(f, "annexa/1");
    case T_STRATEGY: return xl || fmt_is(f, "annexa/5");
    case T_REFERRAL: return annexa ? xl || fmt_is(f, "annexa/3") : fmt_is(f, "cin");
    case T_ASSESSMENT: return annexa ? xl || fmt_is(f, "annexa/4") : fmt_is(f, "cin");
    case T_S47: return annexa ? xl || fmt_is(f, "annexa/5") : fmt_is(f, "cin");
    case T_CP: return annexa ? xl || fmt_is(f, "annexa/7") : fmt_is(f, "cin");
    case T_CLA: return fmt_is(f, "ssda903/episodes") || fmt_is(f, "ssda903-xml");
    case T_MISS_CARE: return fmt_is(f, "ssda903/missing") || fmt_is(f, "ssda903-xml");
    case T_MISS_HOME: return fmt_is(f, "agency/police_missing") || fmt_is(f, "agency");
    case T_EH: return fmt_is(f, "agency/early_help") || fmt_is(f, "agency");
    case T_LADO: return fmt_is(f, "agency/lado") || fmt_is(f, "agency");
    default: return 0;
    }
}

static int cmp_sub_rank(const void *x, const void *y)
{
    const sub_info *a = x, *b = y;
    sg_date ea = a->end == SG_DATE_NONE ? INT32_MIN + 1 : a->end;
    sg_date eb = b->end == SG_DATE_NONE ? INT32_MIN + 1 : b->end;
    if (ea != eb) return ea > eb ? -1 : 1;
    return a->id > b->id ? -1 : a->id < b->id;
}

static int cmp_range(const void *x, const void *y)
{
    const range *a = x, *b = y;
    return a->a < b->a ? -1 : a->a > b->a;
}

static int cmp_int(const void *x, const void *y)
{
    int a = *(const int *)x, b = *(const int *)y;
    return a < b ? -1 : a > b;
}

static int cmp_i64(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return a < b ? -1 : a > b;
}

static int load_subs(ctx *c)
{
    sqlite3_stmt *st = NULL;
    int rc = SG_OK;
    if (sqlite3_prepare_v2(c->db,
                           "SELECT id, format, period FROM submission WHERE superseded_by IS NULL",
                           -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(c->db, c->err, "cannot read the submissions");
    size_t cap = 0;
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (c->nsubs == cap) {
            cap = cap ? cap * 2 : 64;
            c->subs = xrealloc(c->subs, cap * sizeof *c->subs);
        }
        sub_info *s = &c->subs[c->nsubs++];
        memset(s, 0, sizeof *s);
        s->id = sqlite3_column_int64(st, 0);
        const char *f = (const char *)sqlite3_column_text(st, 1);
        sg_strlcpy(s->format, f ? f : "", sizeof s->format);
        const char *p = (const char *)sqlite3_column_text(st, 2);
        if (!sg_period_range(p, &s->start, &s->end)) s->start = s->end = SG_DATE_NONE;
    }
    if (r != SQLITE_DONE) rc = sg_store_dberr(c->db, c->err, "cannot read the submissions");
    sqlite3_finalize(st);
    if (rc) return rc;
    if (c->nsubs) qsort(c->subs, c->nsubs, sizeof *c->subs, cmp_sub_rank);
    c->rank_ids = xmalloc((c->nsubs + 1) * sizeof *c->rank_ids);
    c->rank_idx = xmalloc((c->nsubs + 1) * sizeof *c->rank_idx);
    for (size_t i = 0; i < c->nsubs; i++) {
        c->subs[i].rank = (int)i;
        c->rank_ids[i] = c->subs[i].id;
    }
    if (c->nsubs) qsort(c->rank_ids, c->nsubs, sizeof *c->rank_ids, cmp_i64);
    for (size_t i = 0; i < c->nsubs; i++) {
        const int64_t *p = bsearch(&c->subs[i].id, c->rank_ids, c->nsubs, sizeof *c->rank_ids,
                                   cmp_i64);
        c->rank_idx[p - c->rank_ids] = i;
    }
    /* coverage per table: the periods of the live submissions carrying it */
    int annexa = c->o->csc_source == SG_IND_CSC_ANNEXA;
    for (int t = 0; t < T__COUNT; t++) {
        cover *cv = &c->cov[t];
        cv->r = xmalloc((c->nsubs + 1) * sizeof *cv->r);
        cv->from = SG_DATE_NONE;
        for (size_t i = 0; i < c->nsubs; i++) {
            const sub_info *s = &c->subs[i];
            if (s->start == SG_DATE_NONE || !fmt_covers(s->format, t, annexa)) continue;
            cv->r[cv->n++] = (range){s->start, s->end};
            if (cv->from == SG_DATE_NONE || s->start < cv->from) cv->from = s->start;
        }
        if (cv->n) qsort(cv->r, cv->n, sizeof *cv->r, cmp_range);
    }
    return SG_OK;
}

static const sub_info *sub_by_id(const ctx *c, int64_t id)
{
    if (!c->nsubs) return NULL;
    const int64_t *p = bsearch(&id, c->rank_ids, c->nsubs, sizeof *c->rank_ids, cmp_i64);
    return p ? &c->subs[c->rank_idx[p - c->rank_ids]] : NULL;
}

/* 0 none, 1 partial, 2 full coverage of [a, b] by table t's submissions. */
static int covered(const cover *cv, sg_date a, sg_date b)
{
    sg_date next = a; /* first day not yet covered */
    int any = 0;
    for (size_t i = 0; i < cv->n; i++) {
        const range *r = &cv->r[i];
        if (r->b < a || r->a > b) continue;
        any = 1;
        if (r->a <= next && r->b >= next) next = r->b + 1;
    }
    if (!any) return 0;
    return next > b ? 2 : 1;
}

/* ---- loading ---- */

typedef struct subcache {
    int64_t id;
    int rank;
} subcache;

static sg_date col_date(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? sg_date_parse_iso((const char *)t, (size_t)sqlite3_column_bytes(st, i))
             : SG_DATE_NONE;
}

static int8_t col_tri(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? -1 : (int8_t)sqlite3_column_int(st, i);
}

typedef void (*fill_fn)(void *row, sqlite3_stmt *st);

/* The live submissions to read table t from. CIN censuses and SSDA903 returns hold every episode
 * open at any time during their year, so a return whose year ended before `from` (the
 * earliest day the computation looks at) adds nothing that the next year's return does not
 * hold again, with its latest state - unless that next year is missing, when it is read too.
 * from = SG_DATE_NONE reads every return. Fills out (room for c->nsubs) and returns the count. */
static size_t pick_subs(const ctx *c, int t, sg_date from, int64_t *out)
{
    int annexa = c->o->csc_source == SG_IND_CSC_ANNEXA;
    size_t n = 0;
    for (size_t i = 0; i < c->nsubs; i++) {
        const sub_info *s = &c->subs[i];
        if (s->start == SG_DATE_NONE || !fmt_covers(s->format, t, annexa)) continue;
        int episodic = strcmp(s->format, "cin") == 0 || strncmp(s->format, "ssda903", 7) == 0;
        if (episodic && from != SG_DATE_NONE && s->end < from &&
            covered(&c->cov[t], s->end + 1, s->end + 1) == 2)
            continue;
        out[n++] = s->id;
    }
    return n;
}

/* Reads table t's rows of the chosen submissions into v: columns submission_id, child_id, id,
 * then `cols` (the identifying date first), filled by fill. `where` (may be "") adds a
 * condition that may use ?4 = lo (ISO). Each submission's rows are read as a rowid range
 * (importers write a file's rows together), which is sequential, not through an index. */
static int load(ctx *c, vec *v, int t, const char *table, const char *cols, const char *where,
                sg_date from, const char *lo, fill_fn fill)
{
    char sql[768], range_sql[160];
    snprintf(sql, sizeof sql,
             "SELECT x.submission_id, x.child_id, x.id, %s FROM %s x WHERE x.id BETWEEN ?2 AND "
             "?3 AND x.submission_id = ?1 %s",
             cols, table, where);
    snprintf(range_sql, sizeof range_sql,
             "SELECT min(id), max(id) FROM %s WHERE submission_id = ?1", table);
    sqlite3_stmt *st = NULL, *rg = NULL;
    int rc = SG_OK;
    int64_t *ids = xmalloc((c->nsubs + 1) * sizeof *ids);
    size_t nids = pick_subs(c, t, from, ids);
    if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(c->db, range_sql, -1, &rg, NULL) != SQLITE_OK) {
        rc = sg_store_dberr(c->db, c->err, "cannot read the records for the indicators");
        goto out;
    }
    for (size_t k = 0; k < nids && !rc; k++) {
        const sub_info *si = sub_by_id(c, ids[k]);
        sqlite3_reset(rg);
        sqlite3_bind_int64(rg, 1, ids[k]);
        if (sqlite3_step(rg) != SQLITE_ROW) {
            rc = sg_store_dberr(c->db, c->err, "cannot read the records for the indicators");
            break;
        }
        if (sqlite3_column_type(rg, 0) == SQLITE_NULL) continue; /* no rows */
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, ids[k]);
        sqlite3_bind_int64(st, 2, sqlite3_column_int64(rg, 0));
        sqlite3_bind_int64(st, 3, sqlite3_column_int64(rg, 1));
        if (sqlite3_bind_parameter_count(st) >= 4) sqlite3_bind_text(st, 4, lo, -1, SQLITE_STATIC);
        int r;
        while ((r = sqlite3_step(st)) == SQLITE_ROW) {
            if ((long)v->n >= MAX_ROWS) {
                rc = sg_err(c->err, SG_ELIMIT,
                            "more than %ld records of one kind for the indicators", MAX_ROWS);
                break;
            }
            head *h = vec_push(v);
            h->sub = (int32_t)ids[k];
            h->rank = si->rank;
            h->child = sqlite3_column_int64(st, 1);
            h->dbid = sqlite3_column_int64(st, 2);
            h->key = col_date(st, 3);
            if (fill) fill(h, st);
        }
        if (!rc && r != SQLITE_DONE)
            rc = sg_store_dberr(c->db, c->err, "cannot read the records for the indicators");
    }
out:
    sqlite3_finalize(st);
    sqlite3_finalize(rg);
    free(ids);
    return rc;
}

static void fill_ref(void *row, sqlite3_stmt *st)
{
    r_ref *r = row;
    r->closure = col_date(st, 4);
    r->nfa = col_tri(st, 5);
    r->src = ref_source_group((const char *)sqlite3_column_text(st, 6));
    r->prev = SG_DATE_NONE;
}

static void fill_ass(void *row, sqlite3_stmt *st)
{
    r_ass *a = row;
    a->auth = col_date(st, 4);
    a->ref_dbid = sqlite3_column_int64(st, 5);
    a->ref_date = SG_DATE_NONE; /* from ref_dbid once referrals are read */
    int8_t ns = col_tri(st, 6);
    a->not_in_need =
        ns == 0 || (ns < 0 && has_factor21((const char *)sqlite3_column_text(st, 7)));
}

static void fill_s47(void *row, sqlite3_stmt *st)
{
    r_s47 *s = row;
    s->icpc = col_date(st, 4);
    s->resulted = col_tri(st, 5);
    s->strat = SG_DATE_NONE;
}

static void fill_cp(void *row, sqlite3_stmt *st)
{
    r_cp *p = row;
    p->end = col_date(st, 4);
    p->cat = (int8_t)code_index((const char *)sqlite3_column_text(st, 5), cats, 5);
    p->prev = sqlite3_column_type(st, 6) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 6);
    p->age = IND_NAGE - 1;
}

static void fill_cla(void *row, sqlite3_stmt *st)
{
    r_cla *e = row;
    e->end = col_date(st, 4);
    const char *rne = (const char *)sqlite3_column_text(st, 5);
    e->rne = rne && rne[0] ? (char)(rne[0] >= 'a' && rne[0] <= 'z' ? rne[0] - 32 : rne[0]) : 0;
    e->x1 = sg_str_ieq((const char *)sqlite3_column_text(st, 6), "X1");
}

static void fill_miss(void *row, sqlite3_stmt *st)
{
    r_miss *m = row;
    m->offered = col_tri(st, 4);
    m->accepted = col_tri(st, 5);
}

static void fill_lado(void *row, sqlite3_stmt *st)
{
    r_lado *l = row;
    l->concluded = col_date(st, 4);
    const char *kind = (const char *)sqlite3_column_text(st, 5);
    l->kind = sg_str_ieq(kind, "CONTACT") ? 0 : sg_str_ieq(kind, "REFERRAL") ? 1 : -1;
    l->cat = (int8_t)code_index((const char *)sqlite3_column_text(st, 6), lado_cats, 5);
    l->out = (int8_t)code_index((const char *)sqlite3_column_text(st, 7), lado_outs, 7);
    /* A case is identified by its reference (FNV-1a) and received date; without a reference
     * each row stands alone. */
    const unsigned char *ref = sqlite3_column_text(st, 8);
    if (ref && *ref) {
        uint64_t hsh = 1469598103934665603ULL;
        for (; *ref; ref++) hsh = (hsh ^ *ref) * 1099511628211ULL;
        l->h.child = (int64_t)(hsh >> 1) + 1;
    } else {
        l->h.child = -l->h.dbid;
    }
}

typedef struct refid {
    int64_t dbid;
    sg_date date;
} refid;

static int cmp_refid(const void *x, const void *y)
{
    const refid *a = x, *b = y;
    return a->dbid < b->dbid ? -1 : a->dbid > b->dbid;
}

static void dedupq_push(ctx *c, vec *v);

static int load_all(ctx *c, sg_date lo)
{
    char lo_s[11], lo12_s[11];
    sg_date lo12 = sg_date_add_months(lo, -12), lo24 = sg_date_add_months(lo, -24);
    sg_date_iso(lo, lo_s);
    sg_date_iso(lo12, lo12_s);
    int rc;
    /* Point records only from the earliest window (assessments and S47s from a year before it,
     * as they end later than they start); interval records (referrals, plans, episodes) whole,
     * because an old record can be open in the window. Filters are on the identifying date
     * only, so every copy of a record is read or none is, and de-duplication stays right.
     * Returns are skipped only where pick_subs shows a later one repeats them. */
    if ((rc = load(c, &c->contact, T_CONTACT, "contact", "x.contact_date",
                   "AND +x.contact_date >= ?4", SG_DATE_NONE, lo_s, NULL)))
        return rc;
    dedupq_push(c, &c->contact);
    if ((rc = load(c, &c->ref, T_REFERRAL, "referral",
                   "x.referral_date, x.closure_date, x.nfa, x.source", "", lo12, NULL,
                   fill_ref)))
        return rc;
    if ((rc = load(c, &c->ass, T_ASSESSMENT, "assessment",
                   "x.start_date, x.authorised_date, x.referral_id, x.needs_support, x.factors",
                   "AND (x.start_date IS NULL OR +x.start_date >= ?4)", lo12, lo12_s, fill_ass)))
        return rc;
    /* an assessment's own referral (the CIN episode), by row id, before de-duplication */
    refid *map = xmalloc((c->ref.n + 1) * sizeof *map);
    for (size_t i = 0; i < c->ref.n; i++) {
        const r_ref *r = AT(c->ref, r_ref, i);
        map[i] = (refid){r->h.dbid, r->h.key};
    }
    int sorted = 1;
    for (size_t i = 1; i < c->ref.n && sorted; i++) sorted = map[i - 1].dbid < map[i].dbid;
    if (!sorted) qsort(map, c->ref.n, sizeof *map, cmp_refid);
    for (size_t i = 0; i < c->ass.n; i++) {
        r_ass *a = AT(c->ass, r_ass, i);
        if (!a->ref_dbid || !c->ref.n) continue;
        refid key = {a->ref_dbid, 0};
        const refid *f = bsearch(&key, map, c->ref.n, sizeof *map, cmp_refid);
        if (f) a->ref_date = f->date;
    }
    free(map);
    dedupq_push(c, &c->ref);
    dedupq_push(c, &c->ass);
    if ((rc = load(c, &c->strat, T_STRATEGY, "strategy", "x.strategy_date",
                   "AND +x.strategy_date >= ?4", SG_DATE_NONE, lo12_s, NULL)))
        return rc;
    dedupq_push(c, &c->strat);
    if ((rc = load(c, &c->s47, T_S47, "s47", "x.start_date, x.icpc_date, x.cp_plan_resulted",
                   "AND (x.start_date IS NULL OR +x.start_date >= ?4)", lo12, lo12_s, fill_s47)))
        return rc;
    dedupq_push(c, &c->s47);
    if ((rc = load(c, &c->cp, T_CP, "cp_plan",
                   "x.start_date, x.end_date, x.initial_category, x.previous_plans", "", lo24,
                   NULL, fill_cp)))
        return rc;
    dedupq_push(c, &c->cp);
    if ((rc = load(c, &c->cla, T_CLA, "cla_episode", "x.start_date, x.end_date, x.rne, "
                   "x.reason_ceased", "", lo12, NULL, fill_cla)))
        return rc;
    dedupq_push(c, &c->cla);
    if ((rc = load(c, &c->mhome, T_MISS_HOME, "missing_episode",
                   "x.start_date, x.ri_offered, x.ri_accepted",
                   "AND +x.start_date >= ?4 AND x.from_place = 'HOME'", SG_DATE_NONE, lo_s,
                   fill_miss)))
        return rc;
    dedupq_push(c, &c->mhome);
    if ((rc = load(c, &c->mcare, T_MISS_CARE, "missing_episode",
                   "x.start_date, x.ri_offered, x.ri_accepted", "AND +x.start_date >= ?4", lo,
                   lo_s, fill_miss)))
        return rc;
    dedupq_push(c, &c->mcare);
    if ((rc = load(c, &c->eh, T_EH, "early_help", "x.start_date", "AND +x.start_date >= ?4",
                   SG_DATE_NONE, lo_s, NULL)))
        return rc;
    dedupq_push(c, &c->eh);
    rc = load(c, &c->lado, T_LADO, "lado",
                "x.received_date, x.concluded_date, x.kind, x.category, x.outcome, x.ref", "",
                SG_DATE_NONE, NULL, fill_lado);
    if (!rc) dedupq_push(c, &c->lado);
    return rc;
}

/* ---- de-duplication: one record per identity, the preferred submission's ---- */

static int cmp_head(const void *x, const void *y)
{
    const head *a = x, *b = y;
    if (a->child != b->child) return a->child < b->child ? -1 : 1;
    if (a->key != b->key) return a->key < b->key ? -1 : 1;
    if (a->rank != b->rank) return a->rank < b->rank ? -1 : 1;
    return a->dbid < b->dbid ? -1 : a->dbid > b->dbid;
}

static void dedup(vec *v)
{
    if (!v->n) return;
    qsort(v->p, v->n, v->size, cmp_head);
    size_t w = 0;
    for (size_t i = 0; i < v->n; i++) {
        head *h = (head *)((char *)v->p + i * v->size);
        if (w > 0) {
            head *last = (head *)((char *)v->p + (w - 1) * v->size);
            if (h->key != SG_DATE_NONE && last->child == h->child && last->key == h->key)
                continue;
        }
        if (w != i) memcpy((char *)v->p + w * v->size, h, v->size);
        w++;
    }
    v->n = w;
}

/* Tables are de-duplicated (sorted, mostly) on a second thread as soon as each is loaded,
 * while the main thread reads the next from the store: the two take about as long. A table
 * handed over is not touched by the main thread again until dedupq_finish. */
#define DQ_MAX 16
typedef struct dedupq {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    vec *q[DQ_MAX];
    size_t head, tail; /* q[head..tail) waiting; tail == DQ_MAX + 1 after the last */
    int done;
    pthread_t th;
} dedupq;

static void *dedupq_run(void *arg)
{
    dedupq *d = arg;
    for (;;) {
        pthread_mutex_lock(&d->mu);
        while (d->head == d->tail && !d->done) pthread_cond_wait(&d->cv, &d->mu);
        vec *v = d->head < d->tail ? d->q[d->head++] : NULL;
        pthread_mutex_unlock(&d->mu);
        if (!v) return NULL;
        dedup(v);
    }
}

/* Starts the worker; NULL (and de-duplication inline) when no thread can be had. */
static dedupq *dedupq_start(void)
{
    dedupq *d = xcalloc(1, sizeof *d);
    pthread_mutex_init(&d->mu, NULL);
    pthread_cond_init(&d->cv, NULL);
    if (pthread_create(&d->th, NULL, dedupq_run, d) != 0) {
        pthread_mutex_destroy(&d->mu);
        pthread_cond_destroy(&d->cv);
        free(d);
        return NULL;
    }
    return d;
}

static void dedupq_push(ctx *c, vec *v)
{
    dedupq *d = c->dq;
    if (!d || d->tail == DQ_MAX) {
        dedup(v);
        return;
    }
    pthread_mutex_lock(&d->mu);
    d->q[d->tail++] = v;
    pthread_cond_signal(&d->cv);
    pthread_mutex_unlock(&d->mu);
}

/* Waits until every table handed over is de-duplicated, and ends the worker. */
static void dedupq_finish(ctx *c)
{
    dedupq *d = c->dq;
    if (!d) return;
    pthread_mutex_lock(&d->mu);
    d->done = 1;
    pthread_cond_signal(&d->cv);
    pthread_mutex_unlock(&d->mu);
    pthread_join(d->th, NULL);
    pthread_mutex_destroy(&d->mu);
    pthread_cond_destroy(&d->cv);
    free(d);
    c->dq = NULL;
}

/* Index of the last element of a (child, key)-sorted vector with child == child and
 * key <= d (key not absent), or -1. */
static long last_on_or_before(const vec *v, int64_t child, sg_date d)
{
    long lo = 0, hi = (long)v->n - 1, found = -1;
    while (lo <= hi) {
        long mid = lo + (hi - lo) / 2;
        const head *h = (const head *)((const char *)v->p + (size_t)mid * v->size);
        if (h->child < child || (h->child == child && h->key <= d)) {
            if (h->child == child && h->key != SG_DATE_NONE) found = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    return found;
}

/* ---- linking records to each other (independent of the window) ---- */

static void link(ctx *c)
{
    /* previous referral of the same child */
    for (size_t i = 1; i < c->ref.n; i++) {
        r_ref *r = AT(c->ref, r_ref, i), *p = AT(c->ref, r_ref, i - 1);
        if (p->h.child == r->h.child && p->h.key != SG_DATE_NONE && r->h.key != SG_DATE_NONE)
            r->prev = p->h.key;
    }
    /* assessments to referrals: the episode's own referral (CIN census), else the child's
     * latest referral on or before the assessment start */
    for (size_t i = 0; i < c->ass.n; i++) {
        r_ass *a = AT(c->ass, r_ass, i);
        long k = -1;
        if (a->ref_date != SG_DATE_NONE) {
            k = last_on_or_before(&c->ref, a->h.child, a->ref_date);
            if (k >= 0 && AT(c->ref, r_ref, k)->h.key != a->ref_date) k = -1;
        } else if (a->h.key != SG_DATE_NONE) {
            k = last_on_or_before(&c->ref, a->h.child, a->h.key);
            if (k >= 0) a->ref_date = AT(c->ref, r_ref, k)->h.key;
        }
        if (k >= 0) AT(c->ref, r_ref, k)->assessed = 1;
    }
    /* S47: the strategy discussion before it, and whether a plan followed the ICPC */
    for (size_t i = 0; i < c->s47.n; i++) {
        r_s47 *s = AT(c->s47, r_s47, i);
        if (s->h.key != SG_DATE_NONE) {
            long k = last_on_or_before(&c->strat, s->h.child, s->h.key);
            if (k >= 0) {
                r_point *p = AT(c->strat, r_point, k);
                if (p->h.key >= s->h.key - STRATEGY_DAYS) {
                    s->strat = p->h.key;
                    s->strat_sub = p->h.sub;
                }
            }
        }
        if (s->resulted >= 0) {
            s->plan = s->resulted;
        } else if (s->icpc != SG_DATE_NONE) {
            long k = last_on_or_before(&c->cp, s->h.child, s->icpc);
            s->plan = k >= 0 && AT(c->cp, r_cp, k)->h.key == s->icpc;
        }
    }
    /* CP plans: a previous plan of the child ended within 2 years before the start */
    for (size_t i = 0; i < c->cp.n; i++) {
        r_cp *p = AT(c->cp, r_cp, i);
        if (p->h.key == SG_DATE_NONE) continue;
        sg_date lim = sg_date_add_months(p->h.key, -24);
        for (size_t j = i; j-- > 0;) {
            r_cp *q = AT(c->cp, r_cp, j);
            if (q->h.child != p->h.child) break;
            if (q->end != SG_DATE_NONE && q->end <= p->h.key && q->end >= lim) p->prev2y = 1;
        }
    }
}

/* What the engine needs to know about a child: birth month and UASC. */
typedef struct kid {
    int64_t child;
    int rank; /* of the return the birth month came from; INT32_MAX none */
    int16_t by;
    int8_t bm, uasc;
} kid;

static int cmp_kid(const void *x, const void *y)
{
    const kid *a = x, *b = y;
    return a->child < b->child ? -1 : a->child > b->child;
}

static kid *kid_find(kid *k, size_t n, int64_t child)
{
    kid key = {.child = child};
    return n ? bsearch(&key, k, n, sizeof *k, cmp_kid) : NULL;
}

/* Reads the child_detail rows of submissions ids (as rowid ranges, like load) and, for the
 * children in k, keeps the preferred return's birth month (births) or notes UASC. The table
 * holds a row per child per return, far too many to look up child by child. */
static int read_kids(ctx *c, kid *k, size_t nk, const int64_t *ids, size_t nids, int births)
{
    sqlite3_stmt *st = NULL, *rg = NULL;
    int rc = SG_OK;
    if (sqlite3_prepare_v2(c->db,
                           "SELECT child_id, birth, uasc FROM child_detail WHERE id BETWEEN ?2 "
                           "AND ?3 AND submission_id = ?1",
                           -1, &st, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(c->db,
                           "SELECT min(id), max(id) FROM child_detail WHERE submission_id = ?1",
                           -1, &rg, NULL) != SQLITE_OK) {
        rc = sg_store_dberr(c->db, c->err, "cannot read the children");
        goto out;
    }
    for (size_t i = 0; i < nids && !rc; i++) {
        const sub_info *si = sub_by_id(c, ids[i]);
        sqlite3_reset(rg);
        sqlite3_bind_int64(rg, 1, ids[i]);
        if (sqlite3_step(rg) != SQLITE_ROW) {
            rc = sg_store_dberr(c->db, c->err, "cannot read the children");
            break;
        }
        if (sqlite3_column_type(rg, 0) == SQLITE_NULL) continue;
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, ids[i]);
        sqlite3_bind_int64(st, 2, sqlite3_column_int64(rg, 0));
        sqlite3_bind_int64(st, 3, sqlite3_column_int64(rg, 1));
        int r;
        while ((r = sqlite3_step(st)) == SQLITE_ROW) {
            kid *x = kid_find(k, nk, sqlite3_column_int64(st, 0));
            if (!x) continue;
            if (!births) {
                if (sqlite3_column_int(st, 2) == 1) x->uasc = 1;
                continue;
            }
            const char *bt = (const char *)sqlite3_column_text(st, 1);
            if (si->rank >= x->rank || !bt || strlen(bt) != 7) continue;
            x->rank = si->rank;
            x->by = (int16_t)((bt[0] - '0') * 1000 + (bt[1] - '0') * 100 + (bt[2] - '0') * 10 +
                              (bt[3] - '0'));
            x->bm = (int8_t)((bt[5] - '0') * 10 + (bt[6] - '0'));
        }
        if (r != SQLITE_DONE) rc = sg_store_dberr(c->db, c->err, "cannot read the children");
    }
out:
    sqlite3_finalize(st);
    sqlite3_finalize(rg);
    return rc;
}

/* Birth month and UASC of the children the windows need (plans starting in [lo, hi], periods
 * of care open in it). Birth months come from the plans' own source (the CIN census, or Annex
 * A), the preferred return winning; UASC from any live SSDA903 or Annex A return saying so. */
static int load_children(ctx *c, sg_date lo, sg_date hi)
{
    size_t nk = 0;
    kid *k = xmalloc((c->cp.n + c->cla.n + 1) * sizeof *k);
    for (size_t i = 0; i < c->cp.n; i++) {
        const r_cp *p = AT(c->cp, r_cp, i);
        if (p->h.key != SG_DATE_NONE && p->h.key >= lo && p->h.key <= hi)
            k[nk++] = (kid){p->h.child, INT32_MAX, 0, 0, 0};
    }
    for (size_t i = 0; i < c->cla.n; i++) {
        const r_cla *e = AT(c->cla, r_cla, i);
        if (e->h.key != SG_DATE_NONE && e->h.key <= hi && (e->end == SG_DATE_NONE || e->end > lo))
            k[nk++] = (kid){e->h.child, INT32_MAX, 0, 0, 0};
    }
    if (nk) qsort(k, nk, sizeof *k, cmp_kid);
    size_t w = 0;
    for (size_t i = 0; i < nk; i++)
        if (!w || k[w - 1].child != k[i].child) k[w++] = k[i];
    nk = w;
    int rc = SG_OK;
    if (nk) {
        /* births from the plans' own returns (a plan starting in [lo, hi] is in the return for
         * its year); UASC from the returns that record it */
        int64_t *ids = xmalloc((c->nsubs + 1) * sizeof *ids);
        size_t nids = pick_subs(c, T_CP, lo, ids);
        rc = read_kids(c, k, nk, ids, nids, 1);
        nids = 0;
        for (size_t i = 0; i < c->nsubs; i++) {
            const char *f = c->subs[i].format;
            if (!strcmp(f, "ssda903/uasc") || !strcmp(f, "ssda903-xml") ||
                !strcmp(f, "annexa/8") || !strcmp(f, "annexa-xlsx"))
                ids[nids++] = c->subs[i].id;
        }
        if (!rc) rc = read_kids(c, k, nk, ids, nids, 0);
        free(ids);
    }
    for (size_t i = 0; !rc && i < c->cp.n; i++) {
        r_cp *p = AT(c->cp, r_cp, i);
        const kid *x = kid_find(k, nk, p->h.child);
        p->age = IND_NAGE - 1;
        if (!x || !x->by || p->h.key == SG_DATE_NONE) continue;
        sg_date b = sg_date_from_ymd(x->by, x->bm, 1);
        if (b == SG_DATE_NONE) continue;
        if (b > p->h.key) {
            p->age = 0;
        } else {
            int age = sg_date_age(b, p->h.key);
            p->age = age < 1 ? 1 : age < 5 ? 2 : age < 10 ? 3 : age < 16 ? 4 : 5;
        }
    }
    for (size_t i = 0; !rc && i < c->cla.n; i++) {
        r_cla *e = AT(c->cla, r_cla, i);
        const kid *x = kid_find(k, nk, e->h.child);
        e->uasc = x ? x->uasc : 0;
    }
    free(k);
    return rc;
}

static int cmp_pop(const void *x, const void *y)
{
    const pop_row *a = x, *b = y;
    int k = strcmp(a->area, b->area);
    if (k) return k;
    if (a->year != b->year) return a->year < b->year ? -1 : 1;
    if (a->age_from != b->age_from) return a->age_from < b->age_from ? -1 : 1;
    if (a->age_to != b->age_to) return a->age_to < b->age_to ? -1 : 1;
    if (a->sex != b->sex) return a->sex < b->sex ? -1 : 1;
    return a->rank < b->rank ? -1 : a->rank > b->rank;
}

static int load_pop(ctx *c)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(c->db,
                           "SELECT x.submission_id, x.area, x.year, x.age_from, x.age_to, x.sex, "
                           "x.count FROM live_population x WHERE x.count IS NOT NULL",
                           -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(c->db, c->err, "cannot read the population");
    int r, rc = SG_OK;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        const sub_info *s = sub_by_id(c, sqlite3_column_int64(st, 0));
        if (!s) continue;
        pop_row *p = vec_push(&c->pop);
        p->sub = (int32_t)s->id;
        p->rank = s->rank;
        const char *a = (const char *)sqlite3_column_text(st, 1);
        sg_strlcpy(p->area, a ? a : "", sizeof p->area);
        p->year = sqlite3_column_int(st, 2);
        p->age_from = sqlite3_column_int(st, 3);
        p->age_to = sqlite3_column_int(st, 4);
        const char *sx = (const char *)sqlite3_column_text(st, 5);
        p->sex = !sx || !*sx ? 0 : sg_str_ieq(sx, "M") ? 1 : sg_str_ieq(sx, "F") ? 2 : 3;
        p->count = (long)sqlite3_column_int64(st, 6);
    }
    if (r != SQLITE_DONE) rc = sg_store_dberr(c->db, c->err, "cannot read the population");
    sqlite3_finalize(st);
    if (rc || !c->pop.n) return rc;
    qsort(c->pop.p, c->pop.n, sizeof(pop_row), cmp_pop);
    /* one row per (area, year, ages, sex): the preferred submission's */
    size_t w = 0;
    for (size_t i = 0; i < c->pop.n; i++) {
        pop_row *p = AT(c->pop, pop_row, i);
        if (w) {
            pop_row *q = AT(c->pop, pop_row, w - 1);
            if (!strcmp(q->area, p->area) && q->year == p->year && q->age_from == p->age_from &&
                q->age_to == p->age_to && q->sex == p->sex)
                continue;
        }
        *AT(c->pop, pop_row, w++) = *p;
    }
    c->pop.n = w;
    return SG_OK;
}

/* Children aged 0-17 in area for year: a 0-17 row, else rows that tile 0..17 exactly, for all
 * sexes, else M + F. -1 when there is no such figure. */
static long pop_year(const ctx *c, const char *area, int year, int32_t *sub)
{
    for (int sex = 0; sex <= 2; sex++) {
        if (sex == 2) continue; /* handled with 1 */
        long total = 0;
        int ok = 1;
        for (int sx = sex; sx <= (sex ? 2 : 0) && ok; sx++) {
            int next = 0;
            long part = 0;
            int32_t s = 0;
            /* rows are sorted by age_from: take the widest row starting at next */
            for (size_t i = 0; i < c->pop.n; i++) {
                const pop_row *p = AT(c->pop, pop_row, i);
                if (strcmp(p->area, area) || p->year != year || p->sex != sx) continue;
                if (p->age_from == 0 && p->age_to == 17) {
                    part = p->count;
                    s = p->sub;
                    next = 18;
                    break;
                }
            }
            if (next != 18) {
                for (size_t i = 0; i < c->pop.n && next < 18; i++) {
                    const pop_row *p = AT(c->pop, pop_row, i);
                    if (strcmp(p->area, area) || p->year != year || p->sex != sx) continue;
                    if (p->age_from == next && p->age_to <= 17) {
                        part += p->count;
                        s = p->sub;
                        next = p->age_to + 1;
                    }
                }
            }
            if (next != 18) ok = 0;
            total += part;
            if (ok) *sub = s;
        }
        if (ok) return total;
    }
    return -1;
}

/* The population for a window ending b: the estimate for the financial year's first calendar
 * year, else the latest earlier one (flagged). */
static long population(const ctx *c, sg_date b, unsigned *flags, int32_t *sub)
{
    const char *area = c->o->area;
    if (!area) {
        /* the only area held */
        for (size_t i = 0; i < c->pop.n; i++) {
            const pop_row *p = AT(c->pop, pop_row, i);
            if (!area) area = p->area;
            else if (strcmp(area, p->area)) return -1;
        }
        if (!area) return -1;
    }
    int fy = sg_fy_of(b);
    for (int y = fy; y >= fy - 50; y--) {
        long n = pop_year(c, area, y, sub);
        if (n > 0) {
            if (y != fy) *flags |= SG_IND_POP_EARLIER;
            return n;
        }
    }
    return -1;
}

/* ---- counting one window ---- */

static void count_window(const ctx *c, window *w)
{
    acc *a = w->acc;
    sg_date d = w->b;
    for (size_t i = 0; i < c->contact.n; i++) {
        const r_point *p = AT(c->contact, r_point, i);
        if (!in(p->h.key, w)) continue;
        cnt(a, M_CONTACTS, p->h.sub);
        a[M_CONTACT_CONV].den++;
        idset_add(&a[M_CONTACT_CONV].subs, p->h.sub);
    }
    int64_t last = 0;
    for (size_t i = 0; i < c->ref.n; i++) {
        const r_ref *r = AT(c->ref, r_ref, i);
        if (in(r->h.key, w)) {
            int32_t s = r->h.sub;
            cnt(a, M_REFERRALS, s);
            cnt(a, M_CONTACT_CONV, s);
            hit(a, M_REREFERRALS, s,
                r->prev != SG_DATE_NONE && r->prev >= sg_date_add_months(r->h.key, -12));
            hit(a, M_REF_NFA, s, r->nfa == 1);
            hit(a, M_REF_ASSESSED, s, r->assessed);
            for (int g = 0; g < IND_NREFSRC; g++) hit(a, M_REF_SRC + g, s, r->src == g);
        }
        if (r->h.key != SG_DATE_NONE && r->h.key <= d &&
            (r->closure == SG_DATE_NONE || r->closure > d) && r->h.child != last) {
            last = r->h.child;
            cnt(a, M_CIN_END, r->h.sub);
        }
    }
    size_t nwd = 0;
    int *wds = xmalloc((c->ass.n + 1) * sizeof *wds);
    for (size_t i = 0; i < c->ass.n; i++) {
        const r_ass *x = AT(c->ass, r_ass, i);
        if (!in(x->auth, w)) continue;
        int32_t s = x->h.sub;
        cnt(a, M_ASSESSMENTS, s);
        hit(a, M_ASS_NOT_IN_NEED, s, x->not_in_need);
        if (x->h.key != SG_DATE_NONE) {
            int wd = sg_working_days(x->h.key, x->auth);
            if (wd >= 0) {
                hit(a, M_ASS_45_START, s, wd <= 45);
                wds[nwd++] = wd;
                idset_add(&a[M_ASS_MEDIAN].subs, s);
            }
        }
        if (x->ref_date != SG_DATE_NONE) {
            int wd = sg_working_days(x->ref_date, x->auth);
            if (wd >= 0) hit(a, M_ASS_45_REF, s, wd <= 45);
        }
    }
    if (nwd) qsort(wds, nwd, sizeof *wds, cmp_int);
    a[M_ASS_MEDIAN].num = (long)nwd;
    if (nwd) {
        a[M_ASS_MEDIAN].has_median = 1;
        a[M_ASS_MEDIAN].median =
            nwd % 2 ? wds[nwd / 2] : (wds[nwd / 2 - 1] + wds[nwd / 2]) / 2.0;
    }
    free(wds);
    for (size_t i = 0; i < c->strat.n; i++) {
        const r_point *p = AT(c->strat, r_point, i);
        if (in(p->h.key, w)) cnt(a, M_STRATEGY, p->h.sub);
    }
    for (size_t i = 0; i < c->s47.n; i++) {
        const r_s47 *x = AT(c->s47, r_s47, i);
        int32_t s = x->h.sub;
        if (in(x->h.key, w)) {
            cnt(a, M_S47, s);
            hit(a, M_S47_TO_ICPC, s, x->icpc != SG_DATE_NONE);
        }
        if (!in(x->icpc, w)) continue;
        cnt(a, M_ICPC, s);
        hit(a, M_ICPC_TO_CP, s, x->plan);
        if (x->h.key != SG_DATE_NONE) {
            int wd = sg_working_days(x->h.key, x->icpc);
            if (wd < 0) {
                cnt(a, M_ICPC_BEFORE, s);
            } else {
                hit(a, M_ICPC_15, s, wd <= 15);
                cnt(a, M_ICPC_BAND + (wd <= 10 ? 0 : wd <= 15 ? 1 : wd <= 20 ? 2 : 3), s);
            }
        }
        if (x->strat != SG_DATE_NONE) {
            int wd = sg_working_days(x->strat, x->icpc);
            if (wd >= 0) {
                hit(a, M_ICPC_15_STRAT, s, wd <= 15);
                idset_add(&a[M_ICPC_15_STRAT].subs, x->strat_sub);
            }
        }
    }
    last = 0;
    for (size_t i = 0; i < c->cp.n; i++) {
        const r_cp *p = AT(c->cp, r_cp, i);
        int32_t s = p->h.sub;
        sg_date st = p->h.key;
        if (st != SG_DATE_NONE && st <= d && (p->end == SG_DATE_NONE || p->end > d)) {
            if (p->h.child != last) {
                last = p->h.child;
                cnt(a, M_CP_END, s);
            }
            for (int k = 0; k < IND_NCAT; k++) hit(a, M_CP_END_CAT + k, s, p->cat == k);
            hit(a, M_CP_OPEN_2Y, s, sg_date_add_months(st, 24) <= d);
        }
        if (in(st, w)) {
            cnt(a, M_CP_STARTED, s);
            for (int k = 0; k < IND_NCAT; k++) hit(a, M_CP_STARTED_CAT + k, s, p->cat == k);
            hit(a, M_CP_SECOND, s, p->prev > 0);
            hit(a, M_CP_SECOND_2Y, s, p->prev2y);
            for (int k = 0; k < IND_NAGE; k++) hit(a, M_CP_AGE + k, s, p->age == k);
        }
        if (in(p->end, w)) {
            cnt(a, M_CP_ENDED, s);
            if (st != SG_DATE_NONE) {
                int band = p->end <= sg_date_add_months(st, 3)    ? 0
                           : p->end <= sg_date_add_months(st, 6)  ? 1
                           : p->end <= sg_date_add_months(st, 12) ? 2
                           : p->end < sg_date_add_months(st, 24)  ? 3
                                                              : 4;
                hit(a, M_CP_ENDED_2Y, s, band == 4);
                for (int k = 0; k < IND_NDUR; k++) hit(a, M_CP_DUR + k, s, band == k);
            }
        }
    }
    /* periods of care: grouped by child (sorted by child, start) */
    sg_date lo12 = sg_date_add_months(d, -12) + 1;
    for (size_t i = 0; i < c->cla.n;) {
        size_t j = i;
        int64_t child = AT(c->cla, r_cla, i)->h.child;
        int open = 0, placements = 0;
        int32_t osub = 0;
        int uasc = 0;
        for (; j < c->cla.n && AT(c->cla, r_cla, j)->h.child == child; j++) {
            const r_cla *e = AT(c->cla, r_cla, j);
            sg_date st = e->h.key;
            if (e->rne == 'S' && in(st, w)) cnt(a, M_CLA_STARTED, e->h.sub);
            if (in(e->end, w) && !e->x1) cnt(a, M_CLA_CEASED, e->h.sub);
            if (st == SG_DATE_NONE || st > d) continue;
            if (e->end == SG_DATE_NONE || e->end > d) {
                open = 1;
                osub = e->h.sub;
                uasc |= e->uasc;
            }
            if (e->end == SG_DATE_NONE || e->end >= lo12)
                placements += placements == 0 || e->rne != 'L';
        }
        if (open) {
            cnt(a, M_CLA_END, osub);
            if (uasc) cnt(a, M_CLA_UASC, osub);
            hit(a, M_CLA_3PLUS, osub, placements >= 3);
        }
        i = j;
    }
    for (int k = 0; k < 2; k++) {
        const vec *v = k ? &c->mcare : &c->mhome;
        int base = k ? M_MISS_CARE_EP : M_MISS_HOME_EP;
        last = 0;
        for (size_t i = 0; i < v->n; i++) {
            const r_miss *m = AT(*v, r_miss, i);
            if (!in(m->h.key, w)) continue;
            int32_t s = m->h.sub;
            cnt(a, base, s);
            if (m->h.child != last) {
                last = m->h.child;
                cnt(a, base + 1, s);
            }
            hit(a, base + 2, s, m->offered == 1);
            if (m->offered >= 0) a[base + 2].recorded = 1;
            if (m->offered == 1) hit(a, base + 3, s, m->accepted == 1);
        }
    }
    for (size_t i = 0; i < c->eh.n; i++) {
        const r_point *p = AT(c->eh, r_point, i);
        if (in(p->h.key, w)) cnt(a, M_EH, p->h.sub);
    }
    for (size_t i = 0; i < c->lado.n; i++) {
        const r_lado *l = AT(c->lado, r_lado, i);
        int32_t s = l->h.sub;
        if (in(l->h.key, w)) {
            if (l->kind == 0) cnt(a, M_LADO_CONTACTS, s);
            if (l->kind == 1) {
                cnt(a, M_LADO_REFERRALS, s);
                cnt(a, M_LADO_CAT + l->cat, s);
                cnt(a, M_LADO_OUT + l->out, s);
            }
        }
        if (l->kind == 1 && in(l->concluded, w) && l->h.key != SG_DATE_NONE) {
            sg_date r = l->h.key, e = l->concluded;
            int band = e < sg_date_add_months(r, 1)    ? 0
                       : e < sg_date_add_months(r, 3)  ? 1
                       : e < sg_date_add_months(r, 12) ? 2
                                                   : 3;
            for (int k = 0; k < IND_NLADOTIME; k++) hit(a, M_LADO_TIME + k, s, band == k);
        }
    }
}

/* ---- from counts to figures ---- */

typedef struct figure {
    long num, den;
    double value;
    unsigned flags;
    int32_t pop_sub; /* population submission for rates, 0 none */
} figure;

static figure evaluate(const ctx *c, const sg_ind_def *d, const window *w)
{
    figure f = {0, 0, 0.0, 0, 0};
    int m = d->measure;
    const acc *a = &w->acc[m];
    f.num = a->num;
    if (d->source == SG_IND_SRC_NONE) f.flags |= SG_IND_NODATA;
    /* the days the source must cover: the period, or its last day for snapshots */
    sg_date ca = d->kind == SG_IND_SNAPSHOT ? w->b : w->a, cb = w->b;
    if (m == M_CLA_3PLUS) ca = sg_date_add_months(cb, -12) + 1;
    unsigned tabs = ind_measure_tables(m);
    for (int t = 0; t < T__COUNT; t++) {
        if (!(tabs & (1u << t))) continue;
        int cv = covered(&c->cov[t], ca, cb);
        if (cv == 0) f.flags |= SG_IND_NODATA;
        if (cv == 1) f.flags |= SG_IND_PARTIAL_COVERAGE;
    }
    /* Annex A has no episode closure: CIN at a date needs the census */
    if (m == M_CIN_END && c->o->csc_source == SG_IND_CSC_ANNEXA) f.flags |= SG_IND_NODATA;
    if (m == M_REREFERRALS || m == M_CP_SECOND_2Y) {
        const cover *cv = &c->cov[m == M_REREFERRALS ? T_REFERRAL : T_CP];
        sg_date need = sg_date_add_months(w->a, m == M_REREFERRALS ? -12 : -24);
        if (cv->from == SG_DATE_NONE || cv->from > need) f.flags |= SG_IND_PARTIAL_HISTORY;
    }
    if ((m == M_MISS_HOME_RI_OFF || m == M_MISS_CARE_RI_OFF) && !a->recorded)
        f.flags |= SG_IND_NODATA;
    if ((m == M_MISS_HOME_RI_ACC || m == M_MISS_CARE_RI_ACC) && !w->acc[m - 1].recorded)
        f.flags |= SG_IND_NODATA;
    switch (d->unit) {
    case SG_IND_COUNT: f.value = (double)f.num; break;
    case SG_IND_PCT:
        f.den = a->den;
        if (sg_pct(f.num, f.den, &f.value) != SG_OK) f.flags |= SG_IND_NODATA;
        break;
    case SG_IND_RATE10K: {
        long pop = population(c, w->b, &f.flags, &f.pop_sub);
        if (pop <= 0 || sg_rate10k(f.num, pop, &f.value) != SG_OK) {
            f.flags |= SG_IND_NODATA;
            f.flags &= ~SG_IND_POP_EARLIER;
            f.pop_sub = 0;
        } else {
            f.den = pop;
        }
        break;
    }
    case SG_IND_DAYS:
        if (a->has_median) f.value = sg_round(a->median, 1);
        else f.flags |= SG_IND_NODATA;
        break;
    }
    if (f.flags & SG_IND_NODATA) f.value = 0.0;
    return f;
}

/* change as a % of prev, 1 dp, through the exact ratio on tenths */
static double change_pct(double v, double p)
{
    long long v10 = llround(v * 10), p10 = llround(p * 10), diff = v10 - p10;
    double out = 0;
    sg_ratio1((long)(diff < 0 ? -diff : diff), (long)p10, 100, &out);
    return diff < 0 ? -out : out;
}

static void window_fini(window *w)
{
    for (int m = 0; m < M__COUNT; m++) free(w->acc[m].subs.v);
}

static void ctx_fini(ctx *c)
{
    free(c->subs);
    free(c->rank_ids);
    free(c->rank_idx);
    for (int t = 0; t < T__COUNT; t++) free(c->cov[t].r);
    vec *vs[] = {&c->contact, &c->ref, &c->ass, &c->strat, &c->s47, &c->cp,
                 &c->cla,     &c->mhome, &c->mcare, &c->eh, &c->lado, &c->pop};
    for (size_t i = 0; i < sizeof vs / sizeof vs[0]; i++) free(vs[i]->p);
}

void sg_ind_opts_init(sg_ind_opts *o)
{
    memset(o, 0, sizeof *o);
    o->area = NULL;
    o->csc_source = SG_IND_CSC_CIN;
    o->as_of = SG_DATE_NONE;
}

static void result_subs(sg_ind_result *r, const idset *s, int32_t pop_sub)
{
    r->nsubs = 0;
    r->subs = xmalloc((s->n + 2) * sizeof *r->subs);
    for (size_t i = 0; i < s->n; i++) r->subs[r->nsubs++] = s->v[i];
    if (pop_sub) {
        size_t i = 0;
        while (i < r->nsubs && r->subs[i] != pop_sub) i++;
        if (i == r->nsubs) r->subs[r->nsubs++] = pop_sub;
    }
    if (r->nsubs > 1) qsort(r->subs, r->nsubs, sizeof *r->subs, cmp_i64);
}

int sg_ind_compute_opts(sg_store *s, const char *period, const sg_ind_opts *opts,
                        sg_ind_result **out, size_t *n, sg_error *err)
{
    *out = NULL;
    *n = 0;
    sg_ind_opts defaults;
    sg_ind_opts_init(&defaults);
    if (!opts) opts = &defaults;
    if (opts->csc_source != SG_IND_CSC_CIN && opts->csc_source != SG_IND_CSC_ANNEXA)
        return sg_err(err, SG_EINVAL, "unknown children's social care source %d",
                      opts->csc_source);
    sg_period p, prev;
    int rc = sg_period_parse(period, &p, err);
    if (rc) return rc;
    int compare = !opts->no_compare;
    if (compare && sg_period_shift(&p, -1, &prev) != SG_OK) compare = 0;

    /* year to date: 1 April of the year holding the period end, to the period end or as_of */
    sg_date fy_start = sg_date_from_ymd(p.fy, 4, 1), fy_end = sg_date_from_ymd(p.fy + 1, 3, 31);
    sg_date as_of = opts->as_of != SG_DATE_NONE ? opts->as_of : sg_date_today();
    sg_date ytd_end = as_of < p.end ? as_of : p.end;
    int estimate = p.kind != SG_PERIOD_ROLLING && ytd_end >= fy_start;
    int ytd_same = estimate && p.start == fy_start && ytd_end == p.end;

    ctx c;
    memset(&c, 0, sizeof c);
    c.s = s;
    c.db = sg_store_db(s);
    c.o = opts;
    c.err = err;
    vec_init(&c.contact, sizeof(r_point));
    vec_init(&c.ref, sizeof(r_ref));
    vec_init(&c.ass, sizeof(r_ass));
    vec_init(&c.strat, sizeof(r_point));
    vec_init(&c.s47, sizeof(r_s47));
    vec_init(&c.cp, sizeof(r_cp));
    vec_init(&c.cla, sizeof(r_cla));
    vec_init(&c.mhome, sizeof(r_miss));
    vec_init(&c.mcare, sizeof(r_miss));
    vec_init(&c.eh, sizeof(r_point));
    vec_init(&c.lado, sizeof(r_lado));
    vec_init(&c.pop, sizeof(pop_row));

    window *w = xcalloc(3, sizeof *w);
    w[0].a = p.start;
    w[0].b = p.end;
    if (compare) {
        w[1].a = prev.start;
        w[1].b = prev.end;
    }
    if (estimate && !ytd_same) {
        w[2].a = fy_start;
        w[2].b = ytd_end;
    }
    sg_date lo = p.start, hi = p.end;
    if (compare && prev.start < lo) lo = prev.start;
    if (estimate && fy_start < lo) lo = fy_start;

    /* one read transaction, so every table is seen at the same state */
    if (sqlite3_exec(c.db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
        rc = sg_store_dberr(c.db, err, "cannot start reading the store");
        goto out;
    }
    rc = load_subs(&c);
    c.dq = dedupq_start();
    if (!rc) rc = load_all(&c, lo);
    dedupq_finish(&c); /* every table loaded is de-duplicated once this returns */
    if (!rc) {
        link(&c);
        rc = load_children(&c, lo, hi);
    }
    if (!rc) rc = load_pop(&c);
    sqlite3_exec(c.db, "COMMIT", NULL, NULL, NULL);
    if (rc) goto out;

    count_window(&c, &w[0]);
    if (compare) count_window(&c, &w[1]);
    if (estimate && !ytd_same) count_window(&c, &w[2]);
    const window *ytd = ytd_same ? &w[0] : &w[2];
    double fy_days = (double)(fy_end - fy_start + 1), elapsed = (double)(ytd_end - fy_start + 1);

    size_t nd = sg_ind_count();
    sg_ind_result *res = xcalloc(nd, sizeof *res);
    for (size_t i = 0; i < nd; i++) {
        const sg_ind_def *d = sg_ind_def_at(i);
        sg_ind_result *r = &res[i];
        figure f = evaluate(&c, d, &w[0]);
        r->def = d;
        sg_strlcpy(r->id, d->id, sizeof r->id);
        sg_strlcpy(r->period, p.text, sizeof r->period);
        r->num = f.num;
        r->den = f.den;
        r->value = f.value;
        r->unit = d->unit;
        r->flags = f.flags;
        result_subs(r, &w[0].acc[d->measure].subs, f.pop_sub);
        if (compare) {
            figure pf = evaluate(&c, d, &w[1]);
            r->prev_flags = pf.flags;
            if (!(f.flags & SG_IND_NODATA) && !(pf.flags & SG_IND_NODATA)) {
                r->has_prev = 1;
                r->prev_value = pf.value;
                r->change = d->unit == SG_IND_COUNT ? (double)(f.num - pf.num)
                                                    : sg_round(f.value - pf.value, 1);
                if (pf.value > 0) {
                    r->has_change_pct = 1;
                    r->change_pct = change_pct(f.value, pf.value);
                }
            }
        }
        if (estimate && d->kind == SG_IND_FLOW) {
            figure ef = evaluate(&c, d, ytd);
            if (!(ef.flags & SG_IND_NODATA)) {
                r->has_estimate = 1;
                double scaled = (double)ef.num * fy_days / elapsed;
                switch (d->unit) {
                case SG_IND_COUNT: r->estimate = sg_round(scaled, 0); break;
                case SG_IND_RATE10K: r->estimate = sg_round(scaled * 10000.0 / (double)ef.den, 1); break;
                default: r->estimate = ef.value; break;
                }
            }
        }
    }
    *out = res;
    *n = nd;
out:
    for (int k = 0; k < 3; k++) window_fini(&w[k]);
    free(w);
    ctx_fini(&c);
    return rc;
}

int sg_ind_compute(sg_store *s, const char *period, sg_ind_result **out, size_t *n,
                   sg_error *err)
{
    return sg_ind_compute_opts(s, period, NULL, out, n, err);
}

int sg_ind_compute_one(sg_store *s, const char *id, const char *period, const sg_ind_opts *opts,
                       sg_ind_result *out, sg_error *err)
{
    memset(out, 0, sizeof *out);
    if (!sg_ind_find(id)) return sg_err(err, SG_ENOTFOUND, "no indicator '%s'", id ? id : "");
    sg_ind_result *all = NULL;
    size_t n = 0;
    int rc = sg_ind_compute_opts(s, period, opts, &all, &n, err);
    if (rc) return rc;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(all[i].id, id) == 0) {
            *out = all[i];
            all[i].subs = NULL; /* moved */
            all[i].nsubs = 0;
        }
    }
    sg_ind_results_free(all, n);
    return SG_OK;
}

const sg_ind_result *sg_ind_result_find(const sg_ind_result *r, size_t n, const char *id)
{
    for (size_t i = 0; r && id && i < n; i++)
        if (strcmp(r[i].id, id) == 0) return &r[i];
    return NULL;
}

void sg_ind_result_fini(sg_ind_result *r)
{
    if (!r) return;
    free(r->subs);
    r->subs = NULL;
    r->nsubs = 0;
}

void sg_ind_results_free(sg_ind_result *r, size_t n)
{
    if (!r) return;
    for (size_t i = 0; i < n; i++) sg_ind_result_fini(&r[i]);
    free(r);
}

/* ind_load.c - loading what the indicators count: the live submissions, ranked and with the
 * days each source table covers; each table's rows from the returns that carry it; and
 * de-duplication to one record per identity, the preferred submission's (on a second thread,
 * while the next table is read). */
#include "indicators/compute_int.h"

#include "core/codes.h"
#include "core/str.h"

#include <pthread.h>
#include <stdlib.h>

/* ---- codes ---- */

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

/* "21" among space-separated assessment factors: no factors identified. */
static int has_factor21(const char *f)
{
    if (!f) return 0;
    for (const char *p = f; *p;) {
        while (*p == ' ')
            p++;
        const char *q = p;
        while (*q && *q != ' ')
            q++;
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
    case T_CONTACT:
        return xl || fmt_is(f, "annexa/1");
    case T_STRATEGY:
        return xl || fmt_is(f, "annexa/5");
    case T_REFERRAL:
        return annexa ? xl || fmt_is(f, "annexa/3") : fmt_is(f, "cin");
    case T_ASSESSMENT:
        return annexa ? xl || fmt_is(f, "annexa/4") : fmt_is(f, "cin");
    case T_S47:
        return annexa ? xl || fmt_is(f, "annexa/5") : fmt_is(f, "cin");
    case T_CP:
        return annexa ? xl || fmt_is(f, "annexa/7") : fmt_is(f, "cin");
    case T_CLA:
        return fmt_is(f, "ssda903/episodes") || fmt_is(f, "ssda903-xml");
    case T_MISS_CARE:
        return fmt_is(f, "ssda903/missing") || fmt_is(f, "ssda903-xml");
    case T_MISS_HOME:
        return fmt_is(f, "agency/police_missing") || fmt_is(f, "agency");
    case T_EH:
        return fmt_is(f, "agency/early_help") || fmt_is(f, "agency");
    case T_LADO:
        return fmt_is(f, "agency/lado") || fmt_is(f, "agency");
    default:
        return 0;
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

int ind_cmp_int(const void *x, const void *y)
{
    int a = *(const int *)x, b = *(const int *)y;
    return a < b ? -1 : a > b;
}

int ind_cmp_i64(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return a < b ? -1 : a > b;
}

int ind_load_subs(ctx *c)
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
    if (c->nsubs) qsort(c->rank_ids, c->nsubs, sizeof *c->rank_ids, ind_cmp_i64);
    for (size_t i = 0; i < c->nsubs; i++) {
        const int64_t *p =
            bsearch(&c->subs[i].id, c->rank_ids, c->nsubs, sizeof *c->rank_ids, ind_cmp_i64);
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

const sub_info *ind_sub_by_id(const ctx *c, int64_t id)
{
    if (!c->nsubs) return NULL;
    const int64_t *p = bsearch(&id, c->rank_ids, c->nsubs, sizeof *c->rank_ids, ind_cmp_i64);
    return p ? &c->subs[c->rank_idx[p - c->rank_ids]] : NULL;
}

/* 0 none, 1 partial, 2 full coverage of [a, b] by table t's submissions. */
int ind_covered(const cover *cv, sg_date a, sg_date b)
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

/* The live submissions to read table t from. CIN censuses and SSDA903 returns hold every episode
 * open at any time during their year, so a return whose year ended before `from` (the
 * earliest day the computation looks at) adds nothing that the next year's return does not
 * hold again, with its latest state - unless that next year is missing, when it is read too.
 * from = SG_DATE_NONE reads every return. Fills out (room for c->nsubs) and returns the count. */
size_t ind_pick_subs(const ctx *c, int t, sg_date from, int64_t *out)
{
    int annexa = c->o->csc_source == SG_IND_CSC_ANNEXA;
    size_t n = 0;
    for (size_t i = 0; i < c->nsubs; i++) {
        const sub_info *s = &c->subs[i];
        if (s->start == SG_DATE_NONE || !fmt_covers(s->format, t, annexa)) continue;
        int episodic = strcmp(s->format, "cin") == 0 || strncmp(s->format, "ssda903", 7) == 0;
        if (episodic && from != SG_DATE_NONE && s->end < from &&
            ind_covered(&c->cov[t], s->end + 1, s->end + 1) == 2)
            continue;
        out[n++] = s->id;
    }
    return n;
}

/* Reads table t's rows of the chosen submissions into v: columns submission_id, child_id, id,
 * then `cols` (the identifying date first), filled by fill. `where` (may be "") adds a
 * condition that may use ?4 = lo (ISO). Each submission's rows are read as a rowid range
 * (importers write a file's rows together), which is sequential, not through an index. */
int ind_load(ctx *c, vec *v, int t, const char *table, const char *cols, const char *where,
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
    size_t nids = ind_pick_subs(c, t, from, ids);
    if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(c->db, range_sql, -1, &rg, NULL) != SQLITE_OK) {
        rc = sg_store_dberr(c->db, c->err, "cannot read the records for the indicators");
        goto out;
    }
    for (size_t k = 0; k < nids && !rc; k++) {
        const sub_info *si = ind_sub_by_id(c, ids[k]);
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
    a->not_in_need = ns == 0 || (ns < 0 && has_factor21((const char *)sqlite3_column_text(st, 7)));
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
    p->cat = (int8_t)sg_code_index(sg_code_set_get(SG_CS_CIN_ABUSE_CATEGORY),
                                   (const char *)sqlite3_column_text(st, 5));
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
    l->cat = (int8_t)sg_code_index(sg_code_set_get(SG_CS_LADO_CATEGORY),
                                   (const char *)sqlite3_column_text(st, 6));
    l->out = (int8_t)sg_code_index(sg_code_set_get(SG_CS_LADO_OUTCOME),
                                   (const char *)sqlite3_column_text(st, 7));
    /* A case is identified by its reference (FNV-1a) and received date; without a reference
     * each row stands alone. */
    const unsigned char *ref = sqlite3_column_text(st, 8);
    if (ref && *ref) {
        uint64_t hsh = 1469598103934665603ULL;
        for (; *ref; ref++)
            hsh = (hsh ^ *ref) * 1099511628211ULL;
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

int ind_load_all(ctx *c, sg_date lo)
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
    if ((rc = ind_load(c, &c->contact, T_CONTACT, "contact", "x.contact_date",
                       "AND +x.contact_date >= ?4", SG_DATE_NONE, lo_s, NULL)))
        return rc;
    dedupq_push(c, &c->contact);
    if ((rc = ind_load(c, &c->ref, T_REFERRAL, "referral",
                       "x.referral_date, x.closure_date, x.nfa, x.source", "", lo12, NULL,
                       fill_ref)))
        return rc;
    if ((rc =
             ind_load(c, &c->ass, T_ASSESSMENT, "assessment",
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
    for (size_t i = 1; i < c->ref.n && sorted; i++)
        sorted = map[i - 1].dbid < map[i].dbid;
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
    if ((rc = ind_load(c, &c->strat, T_STRATEGY, "strategy", "x.strategy_date",
                       "AND +x.strategy_date >= ?4", SG_DATE_NONE, lo12_s, NULL)))
        return rc;
    dedupq_push(c, &c->strat);
    if ((rc =
             ind_load(c, &c->s47, T_S47, "s47", "x.start_date, x.icpc_date, x.cp_plan_resulted",
                      "AND (x.start_date IS NULL OR +x.start_date >= ?4)", lo12, lo12_s, fill_s47)))
        return rc;
    dedupq_push(c, &c->s47);
    if ((rc = ind_load(c, &c->cp, T_CP, "cp_plan",
                       "x.start_date, x.end_date, x.initial_category, x.previous_plans", "", lo24,
                       NULL, fill_cp)))
        return rc;
    dedupq_push(c, &c->cp);
    if ((rc = ind_load(c, &c->cla, T_CLA, "cla_episode",
                       "x.start_date, x.end_date, x.rne, "
                       "x.reason_ceased",
                       "", lo12, NULL, fill_cla)))
        return rc;
    dedupq_push(c, &c->cla);
    if ((rc = ind_load(c, &c->mhome, T_MISS_HOME, "missing_episode",
                       "x.start_date, x.ri_offered, x.ri_accepted",
                       "AND +x.start_date >= ?4 AND x.from_place = 'HOME'", SG_DATE_NONE, lo_s,
                       fill_miss)))
        return rc;
    dedupq_push(c, &c->mhome);
    if ((rc = ind_load(c, &c->mcare, T_MISS_CARE, "missing_episode",
                       "x.start_date, x.ri_offered, x.ri_accepted", "AND +x.start_date >= ?4", lo,
                       lo_s, fill_miss)))
        return rc;
    dedupq_push(c, &c->mcare);
    if ((rc = ind_load(c, &c->eh, T_EH, "early_help", "x.start_date", "AND +x.start_date >= ?4",
                       SG_DATE_NONE, lo_s, NULL)))
        return rc;
    dedupq_push(c, &c->eh);
    rc = ind_load(c, &c->lado, T_LADO, "lado",
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
            if (h->key != SG_DATE_NONE && last->child == h->child && last->key == h->key) continue;
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
        while (d->head == d->tail && !d->done)
            pthread_cond_wait(&d->cv, &d->mu);
        vec *v = d->head < d->tail ? d->q[d->head++] : NULL;
        pthread_mutex_unlock(&d->mu);
        if (!v) return NULL;
        dedup(v);
    }
}

/* Starts the worker; NULL (and de-duplication inline) when no thread can be had. */
dedupq *ind_dedupq_start(void)
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
void ind_dedupq_finish(ctx *c)
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
long ind_last_on_or_before(const vec *v, int64_t child, sg_date d)
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

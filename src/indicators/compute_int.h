/* compute_int.h - what the indicator computation's files share: the records as loaded (a
 * common head, then what the counting needs), the computation's context and counting windows,
 * the small containers the counting loops use (inline: they run once per record per measure),
 * and the functions each file offers the others. compute.c orchestrates; ind_load.c loads and
 * de-duplicates; ind_link.c links records and reads children and population; ind_count.c
 * counts a window. */
#ifndef SG_INDICATORS_COMPUTE_INT_H
#define SG_INDICATORS_COMPUTE_INT_H

#include "core/mem.h"
#include "indicators/ind_int.h"

#include <sqlite3.h>
#include <stdint.h>
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

typedef struct r_point {
    head h;
} r_point; /* contacts, strategy, early help */

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

static inline void vec_init(vec *v, size_t size)
{
    memset(v, 0, sizeof *v);
    v->size = size;
}

static inline void *vec_push(vec *v)
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

static inline void idset_add(idset *s, int64_t id)
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

static inline void cnt(acc *a, int m, int32_t sub)
{
    a[m].num++;
    idset_add(&a[m].subs, sub);
}

static inline void hit(acc *a, int m, int32_t sub, int yes)
{
    a[m].den++;
    if (yes) a[m].num++;
    idset_add(&a[m].subs, sub);
}

static inline int in(sg_date d, const window *w)
{
    return d != SG_DATE_NONE && d >= w->a && d <= w->b;
}

/* ---- loading and de-duplication (ind_load.c) ---- */

int ind_cmp_int(const void *x, const void *y);
int ind_cmp_i64(const void *x, const void *y);
/* Reads the live submissions into c, ranked (0 = preferred), with the days each source table
 * covers. */
int ind_load_subs(ctx *c);
/* The submission with id, NULL when it is not live. */
const sub_info *ind_sub_by_id(const ctx *c, int64_t id);
/* 0 none, 1 partial, 2 full coverage of [a, b] by a table's submissions. */
int ind_covered(const cover *cv, sg_date a, sg_date b);
/* The live submissions to read table t from (see ind_load.c); returns their count in out. */
size_t ind_pick_subs(const ctx *c, int t, sg_date from, int64_t *out);
/* Fills one loaded row from the statement's columns after the common head. */
typedef void (*fill_fn)(void *row, sqlite3_stmt *st);
/* Reads table t's rows of the chosen submissions into v (see ind_load.c). */
int ind_load(ctx *c, vec *v, int t, const char *table, const char *cols, const char *where,
             sg_date from, const char *lo, fill_fn fill);
/* Loads every table the indicators count, de-duplicated, from day lo on. */
int ind_load_all(ctx *c, sg_date lo);
/* The second thread that de-duplicates tables as they are loaded (NULL: de-duplicate inline). */
struct dedupq *ind_dedupq_start(void);
/* Waits for the de-duplication thread to finish every table handed to it. */
void ind_dedupq_finish(ctx *c);
/* Index of child's last record with key <= d in a (child, key)-sorted vector, or -1. */
long ind_last_on_or_before(const vec *v, int64_t child, sg_date d);

/* ---- linking, children and population (ind_link.c) ---- */

/* Links records to each other, independent of the window (a child's previous referral, the
 * records before a plan or an S47). */
void ind_link(ctx *c);
/* Birth month and UASC of the children the windows need (plans starting in [lo, hi], periods
 * of care open in it). */
int ind_load_children(ctx *c, sg_date lo, sg_date hi);
/* Reads the live population returns. */
int ind_load_pop(ctx *c);
/* The population for a window ending b (flags: an earlier year's estimate used), with the
 * submission it came from in *sub. */
long ind_population(const ctx *c, sg_date b, unsigned *flags, int32_t *sub);

/* ---- counting (ind_count.c) ---- */

/* Counts every measure for window w over the loaded, linked records. */
void ind_count_window(const ctx *c, window *w);

#endif

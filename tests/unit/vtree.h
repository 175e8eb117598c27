/* vtree.h - test support for validation rules: build raw-view trees from the compact text form
 * (sg_vnode_parse in ingest/vnode.h) and run one rule over them, collecting the findings.
 *
 * Include after <cmocka.h> (it asserts with cmocka). Typical rule test:
 *
 *     vt_result r;
 *     vt_run(vt_rule("8500"), "Child(ChildIdentifiers(LAchildID= ))", NULL, 2024, &r);
 *     assert_int_equal(r.n, 1);
 *     assert_string_equal(r.f[0].field, "LAchildID");
 *
 * Trees: CIN  Child(ChildIdentifiers(LAchildID=A1 PersonBirthDate=2015-03-01) CINdetails(...))
 *        903  CHILD(header(CHILD=1 SEX=1 DOB=01/01/2015) episodes(DECOM=01/04/2023 RNE=S ...))
 * A node's line is its line in the text (1-based) unless NAME=VALUE@LINE gives one; the file of
 * every node is VT_FILE. Everything here is static inline so unused helpers cost nothing. */
#ifndef SG_TEST_VTREE_H
#define SG_TEST_VTREE_H

#include "core/arena.h"
#include "core/mem.h"
#include "validate/validate.h"
#include "ingest/vnode.h"

#include <stdio.h>
#include <string.h>

#define VT_FILE "test-input"
#define VT_MAX_FINDINGS 64

typedef struct vt_finding {
    char rule[32];
    char file[64];
    long line;
    char child[40];
    char field[64];
    char value[128];
    int has_value; /* 0 when the finding's value was NULL (absent or withheld) */
    sg_severity severity;
    char message[512];
} vt_finding;

typedef struct vt_result {
    int n; /* findings reported (may exceed VT_MAX_FINDINGS; only those are kept) */
    vt_finding f[VT_MAX_FINDINGS];
} vt_result;

typedef struct vt_state {
    sg_arena arena;
    int ready;
} vt_state;

static inline vt_state *vt_state_get(void)
{
    static vt_state st;
    return &st;
}

/* The arena every vt_ tree lives in; vt_reset() empties it (vt_run does so after each run). */
static inline sg_arena *vt_arena(void)
{
    vt_state *st = vt_state_get();
    if (!st->ready) sg_arena_init(&st->arena, 16 * 1024), st->ready = 1;
    return &st->arena;
}

static inline void vt_reset(void)
{
    sg_arena_reset(vt_arena());
}

/* Releases the arena's memory (optional, at the end of a test program). */
static inline void vt_done(void)
{
    vt_state *st = vt_state_get();
    if (st->ready) sg_arena_fini(&st->arena), st->ready = 0;
}

/* Parses text into a tree (fails the test on a syntax error). NULL text gives NULL. */
static inline sg_vnode *vt_tree(const char *text)
{
    if (!text) return NULL;
    sg_vnode *n = NULL;
    sg_error e;
    sg_error_clear(&e);
    int rc = sg_vnode_parse(vt_arena(), text, VT_FILE, &n, &e);
    if (rc) fail_msg("vt_tree: %s (line %ld column %ld)", e.msg, e.line, e.column);
    return n;
}

/* The rule with this id in any registered table (fails the test when there is none). */
static inline const sg_rule *vt_rule(const char *id)
{
    const sg_rule *r = sg_rule_find(id);
    if (!r) fail_msg("vt_rule: no rule %s is registered", id);
    return r;
}

static inline int vt_collect(void *ud, const sg_finding *f)
{
    vt_result *r = ud;
    if (r->n < VT_MAX_FINDINGS) {
        vt_finding *o = &r->f[r->n];
        memset(o, 0, sizeof *o);
        snprintf(o->rule, sizeof o->rule, "%s", f->rule);
        snprintf(o->file, sizeof o->file, "%s", f->file);
        o->line = f->line;
        snprintf(o->child, sizeof o->child, "%s", f->child);
        snprintf(o->field, sizeof o->field, "%s", f->field);
        o->has_value = f->value != NULL;
        snprintf(o->value, sizeof o->value, "%s", f->value ? f->value : "");
        o->severity = f->severity;
        snprintf(o->message, sizeof o->message, "%s", f->message);
    }
    r->n++;
    return 0;
}

/* Runs rule over several children of one return (children[0..n), text form; prevs may be NULL
 * or hold NULLs) with a CIN header tree (text, may be NULL) for DfE collection year year, then
 * the rule's finish(). Findings go to out (zeroed first). Returns the run's status. Frees the
 * trees afterwards. */
static inline int vt_run_many(const sg_rule *rule, const char *header, const char *const *children,
                              const char *const *prevs, int n, int year, vt_result *out)
{
    memset(out, 0, sizeof *out);
    sg_vcollection coll;
    sg_vcollection_for_year(&coll, year);
    sg_vrun *run = sg_vrun_new(rule, 1, &coll, VT_FILE, NULL, 0, vt_collect, out);
    sg_error e;
    sg_error_clear(&e);
    const sg_vnode *h = vt_tree(header);
    int rc = SG_OK;
    for (int i = 0; i < n && !rc; i++) {
        const sg_vnode *c = vt_tree(children[i]);
        const sg_vnode *p = prevs ? vt_tree(prevs[i]) : NULL;
        char id[16];
        snprintf(id, sizeof id, "child%d", i + 1);
        rc = sg_vrun_child(run, h, c, p, id, &e);
    }
    if (!rc) rc = sg_vrun_finish(run, &e);
    sg_vrun_free(run);
    vt_reset();
    return rc;
}

/* One child (and its previous-year tree, or NULL). */
static inline int vt_run(const sg_rule *rule, const char *child, const char *prev, int year,
                         vt_result *out)
{
    return vt_run_many(rule, NULL, &child, prev ? &prev : NULL, 1, year, out);
}

/* One CIN child with a header tree. */
static inline int vt_run_cin(const sg_rule *rule, const char *header, const char *child, int year,
                             vt_result *out)
{
    return vt_run_many(rule, header, &child, NULL, 1, year, out);
}

/* Number of findings rule id reports for one child (year 2024): the short form for "fires" and
 * "does not fire" tests. */
static inline int vt_fires(const char *id, const char *child)
{
    vt_result r;
    int rc = vt_run(vt_rule(id), child, NULL, 2024, &r);
    if (rc) fail_msg("vt_fires: rule %s returned %d", id, rc);
    return r.n;
}

#endif

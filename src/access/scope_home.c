/* scope_home.c - "what needs me" (access/scope_home.h): case review clocks, actions and partner
 * returns gathered through the scoped layer and sorted most urgent first. */
#include "access/scope_home.h"

#include "access/scope_returns.h"
#include "core/mem.h"
#include "core/str.h"
#include "registers/reg_case_review.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sg_needs_fini(sg_needs *n)
{
    free(n->v);
    memset(n, 0, sizeof *n);
}

static sg_need *push(sg_needs *n, sg_need_rank rank, const char *kind, sg_date due, int days)
{
    if (n->n == n->cap) {
        n->cap = n->cap ? n->cap * 2 : 16;
        n->v = xrealloc(n->v, n->cap * sizeof *n->v);
    }
    sg_need *e = &n->v[n->n++];
    memset(e, 0, sizeof *e);
    e->rank = rank;
    sg_strlcpy(e->kind, kind, sizeof e->kind);
    e->due = due;
    e->days = days;
    if (rank == SG_NEED_OVERDUE)
        n->overdue++;
    else
        n->soon++;
    return e;
}

/* A path segment: keys are letters, digits, '-', '_', '.' and '/' (kept), anything else %XX. */
static void href_of(char *out, size_t outsz, const char *prefix, const char *key)
{
    size_t k = (size_t)snprintf(out, outsz, "%s", prefix);
    for (const unsigned char *p = (const unsigned char *)key; *p && k + 4 < outsz; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.' || *p == '/')
            out[k++] = (char)*p;
        else
            k += (size_t)snprintf(out + k, outsz - k, "%%%02X", *p);
    }
    out[k < outsz ? k : outsz - 1] = '\0';
}

static void add_clock(sg_needs *out, const sg_reg_record *r, const sg_clock *c, const char *what,
                      int soon_days)
{
    sg_need_rank rank;
    if (c->state == SG_CLOCK_OVERDUE)
        rank = SG_NEED_OVERDUE;
    else if (c->state == SG_CLOCK_DUE && c->days <= soon_days)
        rank = SG_NEED_SOON;
    else
        return;
    sg_need *e = push(out, rank, "case_review", c->due, c->days);
    char st[64];
    sg_clock_text(c, st, sizeof st);
    snprintf(e->text, sizeof e->text, "Case review %s: %s %s", r->key, what, st);
    href_of(e->href, sizeof e->href, "/registers/case_review/", r->key);
}

static int case_reviews(const sg_scope *sc, sg_date today, int soon_days, sg_needs *out,
                        sg_error *err)
{
    if (!sg_can(sc->who, SG_CAP_REGISTERS_READ) || sg_scope_agency_bound(sc)) return SG_OK;
    sg_reg_set set;
    int rc = sg_scope_register_load_plain(sc, &sg_reg_case_review, &set, err);
    if (rc) return rc;
    for (size_t i = 0; i < set.n; i++) {
        sg_cr_clocks cl;
        sg_cr_clocks_of(&set.rec[i], today, &cl);
        add_clock(out, &set.rec[i], &cl.notify, "National Panel notification", soon_days);
        add_clock(out, &set.rec[i], &cl.rapid, "rapid review", soon_days);
        add_clock(out, &set.rec[i], &cl.publish, "LCSPR publication", soon_days);
    }
    sg_reg_set_fini(&set);
    return SG_OK;
}

static int actions(const sg_scope *sc, sg_date today, int drift_days, sg_needs *out, sg_error *err)
{
    if (!sg_can(sc->who, SG_CAP_REGISTERS_READ)) return SG_OK;
    sg_reg_set set;
    sg_scope_action *a = NULL;
    size_t n = 0;
    int rc = sg_scope_actions(sc, today, drift_days, NULL, NULL, &set, &a, &n, err);
    if (rc) return rc;
    for (size_t i = 0; i < n; i++) {
        const sg_act_flags *f = &a[i].flags;
        const sg_reg_record *r = a[i].rec;
        const char *due = sg_reg_get(r, "due_date");
        sg_date d = due ? sg_date_parse_iso(due, strlen(due)) : SG_DATE_NONE;
        sg_need *e;
        if (f->overdue) {
            e = push(out, SG_NEED_OVERDUE, "action", d, f->days_overdue);
            snprintf(e->text, sizeof e->text, "Action %s: overdue by %d day%s", r->key,
                     f->days_overdue, f->days_overdue == 1 ? "" : "s");
        } else if (f->drift) {
            e = push(out, SG_NEED_SOON, "action", SG_DATE_NONE, f->days_since_update);
            snprintf(e->text, sizeof e->text, "Action %s: drifting, no update for %d days", r->key,
                     f->days_since_update);
        } else {
            continue;
        }
        href_of(e->href, sizeof e->href, "/actions/", r->key);
    }
    free(a);
    sg_reg_set_fini(&set);
    return SG_OK;
}

static int returns(const sg_scope *sc, sg_date today, int soon_days, sg_needs *out, sg_error *err)
{
    if (!sg_can(sc->who, SG_CAP_SUBMISSIONS)) return SG_OK;
    bool own = sg_scope_agency_bound(sc);
    int fy = sg_reg_fy_of(today);
    long missing = 0;
    /* last year's too: its fourth quarter falls due after the year ends */
    for (int y = fy - 1; y <= fy; y++) {
        sg_ret_calendar cal;
        memset(&cal, 0, sizeof cal);
        int rc = sg_scope_returns_calendar(sc, y, today, &cal, err);
        if (rc) return rc;
        for (size_t i = 0; i < cal.n; i++) {
            const sg_ret_entry *r = &cal.v[i];
            if (r->state == SG_RET_MISSING) missing++;
            if (!own) continue;
            char d[11];
            sg_need *e = NULL;
            if (r->state == SG_RET_MISSING) {
                e = push(out, SG_NEED_OVERDUE, "return", r->due, r->days);
                snprintf(e->text, sizeof e->text,
                         "Return for %s: late, was due %s (%d day%s overdue)", r->period,
                         sg_date_iso(r->due, d), r->days, r->days == 1 ? "" : "s");
            } else if (r->state == SG_RET_DUE && r->days <= soon_days) {
                e = push(out, SG_NEED_SOON, "return", r->due, r->days);
                snprintf(e->text, sizeof e->text, "Return for %s: due %s (in %d day%s)", r->period,
                         sg_date_iso(r->due, d), r->days, r->days == 1 ? "" : "s");
            }
            if (e) snprintf(e->href, sizeof e->href, "/returns/form?period=%s", r->period);
            if (r->refused > 0 && r->received == SG_DATE_NONE) {
                e = push(out, SG_NEED_SOON, "return", SG_DATE_NONE, r->refused);
                snprintf(e->text, sizeof e->text,
                         "Return for %s: %d submission%s refused, none accepted yet", r->period,
                         r->refused, r->refused == 1 ? "" : "s");
                sg_strlcpy(e->href, "/submissions", sizeof e->href);
            }
        }
        sg_ret_calendar_fini(&cal);
    }
    if (!own && missing > 0) {
        sg_need *e = push(out, SG_NEED_OVERDUE, "return", SG_DATE_NONE, (int)missing);
        snprintf(e->text, sizeof e->text, "%ld partner return%s missing (past the due date)",
                 missing, missing == 1 ? " is" : "s are");
        sg_strlcpy(e->href, "/returns", sizeof e->href);
    }
    return SG_OK;
}

static int cmp(const void *pa, const void *pb)
{
    const sg_need *a = pa, *b = pb;
    if (a->rank != b->rank) return a->rank < b->rank ? -1 : 1;
    bool ha = a->due != SG_DATE_NONE, hb = b->due != SG_DATE_NONE;
    if (ha != hb) return ha ? -1 : 1;
    if (ha && a->due != b->due) return a->due < b->due ? -1 : 1;
    int k = strcmp(a->kind, b->kind);
    return k ? k : strcmp(a->text, b->text);
}

int sg_scope_needs(const sg_scope *sc, sg_date today, int soon_days, int drift_days, sg_needs *out,
                   sg_error *err)
{
    memset(out, 0, sizeof *out);
    if (!sc->who || sc->who->role == SG_ROLE_PUBLIC) return SG_OK;
    int rc = case_reviews(sc, today, soon_days, out, err);
    if (!rc) rc = actions(sc, today, drift_days, out, err);
    if (!rc) rc = returns(sc, today, soon_days, out, err);
    if (rc) {
        sg_needs_fini(out);
        return rc;
    }
    if (out->n > 1) qsort(out->v, out->n, sizeof *out->v, cmp);
    return SG_OK;
}

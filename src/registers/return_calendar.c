/* return_calendar.c - the partner return calendar, the chase list and data quality
 * (registers/return_calendar.h): owed returns from the catalogue, their states from the
 * partner-return submissions, and the view documents the CLI and the web pages render. */
#include "registers/return_calendar.h"

#include "core/mem.h"
#include "core/period.h"
#include "core/workdays.h"
#include "registers/measure.h"
#include "registers/organisation.h"
#include "store/setting.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

sg_ret_state sg_ret_state_of(sg_date period_end, sg_date due, sg_date received, sg_date as_of,
                             int *days)
{
    int d = 0;
    sg_ret_state st;
    if (received != SG_DATE_NONE) {
        st = received <= due ? SG_RET_ON_TIME : SG_RET_LATE;
        if (st == SG_RET_LATE) d = (int)(received - due);
    } else if (as_of <= period_end) {
        st = SG_RET_OPEN;
    } else if (as_of <= due) {
        st = SG_RET_DUE;
        d = (int)(due - as_of);
    } else {
        st = SG_RET_MISSING;
        d = (int)(as_of - due);
    }
    if (days) *days = d;
    return st;
}

const char *sg_ret_state_code(sg_ret_state s)
{
    static const char *const codes[] = {"open", "due", "on_time", "late", "missing"};
    return s >= SG_RET_OPEN && s <= SG_RET_MISSING ? codes[s] : "";
}

sg_date sg_ret_due(sg_date period_end, int due_days)
{
    if (due_days <= 0) {
        sg_date d = period_end;
        while (!sg_is_working_day(d))
            d++;
        return d;
    }
    return sg_add_working_days(period_end, due_days);
}

int sg_ret_quarter_of(sg_date d)
{
    int y, m, day;
    sg_date_to_ymd(d, &y, &m, &day);
    return m >= 4 ? (m - 4) / 3 + 1 : 4;
}

void sg_ret_calendar_fini(sg_ret_calendar *c)
{
    free(c->v);
    memset(c, 0, sizeof *c);
}

/* The periods of frequency f in financial year fy, as text, into out (at most 12). */
static int periods_of(sg_cat_freq f, int fy, char out[12][16])
{
    if (f == SG_CAT_ANNUAL) {
        sg_fy_text(fy, out[0]);
        return 1;
    }
    if (f == SG_CAT_QUARTERLY) {
        for (int q = 0; q < 4; q++)
            snprintf(out[q], 16, "%04u-Q%u", (unsigned)fy % 10000u, (unsigned)(q + 1) % 10u);
        return 4;
    }
    for (int i = 0; i < 12; i++) {
        int m = 4 + i, y = fy;
        if (m > 12) m -= 12, y++;
        snprintf(out[i], 16, "%04u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u);
    }
    return 12;
}

static sg_ret_entry *find_entry(sg_ret_calendar *c, const char *org, const char *period)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->v[i].organisation, org) == 0 && strcmp(c->v[i].period, period) == 0)
            return &c->v[i];
    return NULL;
}

static bool supplied(const sg_partner_values *live, const char *org, const char *period,
                     const char *measure)
{
    if (!live) return false;
    for (size_t i = 0; i < live->n; i++) {
        const sg_partner_value *v = &live->v[i];
        if (strcmp(v->measure, measure) == 0 && strcmp(v->organisation, org) == 0 &&
            strcmp(v->period, period) == 0 && (v->has_value || v->has_num || v->text))
            return true;
    }
    return false;
}

static int entry_cmp(const void *a, const void *b)
{
    const sg_ret_entry *x = a, *y = b;
    if (x->due != y->due) return x->due < y->due ? -1 : 1;
    int c = strcmp(x->organisation, y->organisation);
    return c ? c : strcmp(x->period, y->period);
}

/* Fills e's received day, resubmissions, refusals, queries and state from the submissions
 * and the recorded refusals. */
static void entry_state(sg_ret_entry *e, const sg_return_subs *subs,
                        const sg_return_refusals *refusals, sg_date as_of)
{
    e->received = SG_DATE_NONE;
    int accepted = 0;
    for (size_t i = 0; subs && i < subs->n; i++) {
        const sg_return_sub *r = &subs->v[i];
        if (strcmp(r->organisation, e->organisation) || strcmp(r->period, e->period)) continue;
        if (r->received == SG_DATE_NONE || r->received > as_of) continue;
        if (r->rows_rejected > 0) { /* the refusal is the query (its findings restate it) */
            e->refused++;
            e->queries++;
            continue;
        }
        e->findings += r->findings;
        if (accepted++ == 0) e->received = r->received;
        e->latest = r->id; /* ordered by received day, then id: the last is the latest */
    }
    for (size_t i = 0; refusals && i < refusals->n; i++) {
        const sg_return_refusal *r = &refusals->v[i];
        if (strcmp(r->organisation, e->organisation) || strcmp(r->period, e->period)) continue;
        if (r->day == SG_DATE_NONE || r->day > as_of) continue;
        e->refused++;
        e->refusal_problems += r->problems;
    }
    e->queries += e->refusal_problems + e->findings;
    e->resubmissions = accepted > 1 ? accepted - 1 : 0;
    e->state = sg_ret_state_of(e->period_end, e->due, e->received, as_of, &e->days);
}

void sg_ret_build(const sg_ret_inputs *in, int first_fy, int last_fy, int due_days, sg_date as_of,
                  sg_ret_calendar *out)
{
    memset(out, 0, sizeof *out);
    out->as_of = as_of;
    out->first_fy = first_fy;
    out->last_fy = last_fy;
    out->due_days = due_days;
    size_t nm = sg_cat_count(in->cat);
    for (int fy = first_fy; fy <= last_fy; fy++)
        for (size_t i = 0; i < nm; i++) {
            const sg_cat_measure *m = sg_cat_at(in->cat, i);
            if (m->kind != SG_CAT_SUBMITTED || !m->owner || !*m->owner) continue;
            const sg_reg_record *org = in->orgs ? sg_reg_set_find(in->orgs, m->owner) : NULL;
            char per[12][16];
            int np = periods_of(m->freq, fy, per);
            for (int k = 0; k < np; k++) {
                sg_date start, end;
                if (!sg_period_range(per[k], &start, &end)) continue;
                if (org && !sg_org_active_on(org, end)) continue;
                sg_ret_entry *e = find_entry(out, m->owner, per[k]);
                if (!e) {
                    if (out->n == out->cap) {
                        out->cap = out->cap ? out->cap * 2 : 64;
                        out->v = xrealloc(out->v, out->cap * sizeof *out->v);
                    }
                    e = &out->v[out->n++];
                    memset(e, 0, sizeof *e);
                    sg_strlcpy(e->organisation, m->owner, sizeof e->organisation);
                    const char *name = org ? sg_reg_get(org, "name") : NULL;
                    sg_strlcpy(e->name, name ? name : m->owner, sizeof e->name);
                    sg_strlcpy(e->period, per[k], sizeof e->period);
                    e->period_end = end;
                    e->due = sg_ret_due(end, due_days);
                }
                e->owed++;
            }
        }
    for (size_t i = 0; i < out->n; i++) {
        sg_ret_entry *e = &out->v[i];
        entry_state(e, in->subs, in->refusals, as_of);
        if (e->latest == 0) continue;
        for (size_t k = 0; k < nm; k++) {
            const sg_cat_measure *m = sg_cat_at(in->cat, k);
            if (m->kind == SG_CAT_SUBMITTED && m->owner && strcmp(m->owner, e->organisation) == 0 &&
                sg_cat_freq_matches(m->freq, e->period) &&
                supplied(in->live, e->organisation, e->period, m->id))
                e->supplied++;
        }
    }
    if (out->n > 1) qsort(out->v, out->n, sizeof *out->v, entry_cmp);
}

void sg_ret_quality_add(sg_ret_quality *q, const sg_ret_entry *e)
{
    q->resubmissions += e->resubmissions;
    q->queries += e->queries;
    q->refused += e->refused;
    if (e->state == SG_RET_OPEN || e->state == SG_RET_DUE) return;
    q->returns++;
    q->owed += (long)e->owed;
    if (e->state == SG_RET_ON_TIME) q->on_time++;
    if (e->state == SG_RET_LATE) q->late++;
    if (e->state == SG_RET_MISSING) q->missing++;
    if (e->state != SG_RET_MISSING) q->supplied += (long)e->supplied;
}

/* ---------------------------------------------------------------- from the store */

int sg_ret_load(sg_store *s, int first_fy, int last_fy, sg_date as_of, sg_ret_calendar *out,
                sg_error *err)
{
    memset(out, 0, sizeof *out);
    long long due_days = 0;
    int rc = sg_setting_get(s, SG_SETTING_RETURNS_DUE_DAYS, &due_days, NULL, err);
    if (rc) return rc;
    sg_catalogue *cat = NULL;
    if ((rc = sg_measure_load_catalogue(s, &cat, err))) return rc;
    sg_reg_set orgs;
    sg_return_subs subs;
    sg_return_refusals refusals;
    sg_partner_values live;
    memset(&refusals, 0, sizeof refusals);
    memset(&live, 0, sizeof live);
    memset(&subs, 0, sizeof subs);
    rc = sg_reg_load(s, &sg_reg_organisation, &orgs, err);
    if (!rc) rc = sg_return_subs_load(s, &subs, err);
    if (!rc) rc = sg_return_refusals_load(s, &refusals, err);
    if (!rc) rc = sg_partner_live(s, NULL, NULL, &live, err);
    if (!rc) {
        sg_ret_inputs in = {
            .cat = cat, .orgs = &orgs, .subs = &subs, .live = &live, .refusals = &refusals};
        sg_ret_build(&in, first_fy, last_fy, (int)due_days, as_of, out);
    }
    sg_partner_values_fini(&live);
    sg_return_subs_fini(&subs);
    sg_return_refusals_fini(&refusals);
    sg_reg_set_fini(&orgs);
    sg_cat_free(cat);
    return rc;
}

static void iso_or(sg_date d, char out[11], const char *none)
{
    if (d == SG_DATE_NONE)
        sg_strlcpy(out, none, 11);
    else
        sg_date_iso(d, out);
}

/* "on time", "late by 3 days", "due in 2 days", "due today", "missing, 4 days overdue",
 * "open". */
static void state_text(const sg_ret_entry *e, char *out, size_t outsz)
{
    const char *s = e->days == 1 ? "" : "s";
    switch (e->state) {
    case SG_RET_OPEN:
        snprintf(out, outsz, "open");
        break;
    case SG_RET_ON_TIME:
        snprintf(out, outsz, "on time");
        break;
    case SG_RET_LATE:
        snprintf(out, outsz, "late by %d day%s", e->days, s);
        break;
    case SG_RET_DUE:
        if (e->days == 0)
            snprintf(out, outsz, "due today");
        else
            snprintf(out, outsz, "due in %d day%s", e->days, s);
        break;
    case SG_RET_MISSING:
        snprintf(out, outsz, "missing, %d day%s overdue", e->days, s);
        break;
    }
}

static bool wanted(const sg_ret_entry *e, const char *org)
{
    return !org || !*org || strcmp(e->organisation, org) == 0;
}

static void note_rules(sg_view_doc *doc, int due_days)
{
    sg_view_note(doc,
                 "A return is due %d working day%s after its period ends; received on the due "
                 "day is on time, later is late; missing means overdue with nothing accepted. "
                 "A stored return with rejected rows counts as a query, not as received; a "
                 "return refused whole counts as refused and its problems as queries.",
                 due_days, due_days == 1 ? "" : "s");
}

int sg_ret_due_doc(sg_store *s, sg_date as_of, const char *organisation, sg_view_doc *doc,
                   sg_error *err)
{
    int fy = sg_fy_of(as_of);
    sg_ret_calendar c;
    int rc = sg_ret_load(s, fy - 1, fy, as_of, &c, err);
    if (rc) return rc;
    char day[11];
    sg_date_iso(as_of, day);
    sg_view_heading(doc, 1, "Partner returns to chase on %s", day);
    static const char *const head[] = {"organisation", "name",   "period",
                                       "due",          "status", ">measures owed"};
    sg_tab *t = sg_view_table(doc, "Returns missing or due", 6, head);
    long missing = 0, due = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < c.n; i++) {
            const sg_ret_entry *e = &c.v[i];
            if (!wanted(e, organisation)) continue;
            if (e->state != (pass == 0 ? SG_RET_MISSING : SG_RET_DUE)) continue;
            char dd[11], st[64], owed[24];
            sg_date_iso(e->due, dd);
            state_text(e, st, sizeof st);
            snprintf(owed, sizeof owed, "%zu", e->owed);
            const char *cells[] = {e->organisation, e->name, e->period, dd, st, owed};
            sg_tab_row(t, cells);
            if (pass == 0)
                missing++;
            else
                due++;
        }
    sg_view_note(doc, "%ld missing, %ld due (periods ending in %d-%02d and %d-%02d).", missing, due,
                 (fy - 1) % 10000, fy % 100, fy % 10000, (fy + 1) % 100);
    note_rules(doc, c.due_days);
    sg_ret_calendar_fini(&c);
    return sg_view_check(doc, err);
}

int sg_ret_calendar_doc(sg_store *s, int fy, sg_date as_of, const char *organisation,
                        sg_view_doc *doc, sg_error *err)
{
    sg_ret_calendar c;
    int rc = sg_ret_load(s, fy, fy, as_of, &c, err);
    if (rc) return rc;
    char day[11], y[8];
    sg_date_iso(as_of, day);
    sg_view_heading(doc, 1, "Partner return calendar %s on %s", sg_fy_text(fy, y), day);
    static const char *const head[] = {"organisation",   "period",         "due",      "status",
                                       "received",       ">resubmissions", ">refused", ">queries",
                                       ">measures owed", ">supplied"};
    sg_tab *t = sg_view_table(doc, "Returns owed", 10, head);
    for (size_t i = 0; i < c.n; i++) {
        const sg_ret_entry *e = &c.v[i];
        if (!wanted(e, organisation)) continue;
        char dd[11], rd[11], st[64], rs[24], rf[24], q[24], ow[24], su[24];
        sg_date_iso(e->due, dd);
        iso_or(e->received, rd, "-");
        state_text(e, st, sizeof st);
        snprintf(rs, sizeof rs, "%d", e->resubmissions);
        snprintf(rf, sizeof rf, "%d", e->refused);
        snprintf(q, sizeof q, "%ld", e->queries);
        snprintf(ow, sizeof ow, "%zu", e->owed);
        snprintf(su, sizeof su, "%zu", e->supplied);
        const char *cells[] = {e->organisation, e->period, dd, st, rd, rs, rf, q, ow, su};
        sg_tab_row(t, cells);
    }
    note_rules(doc, c.due_days);
    sg_ret_calendar_fini(&c);
    return sg_view_check(doc, err);
}

static int org_cmp(const void *a, const void *b)
{
    return strcmp(a, b);
}

static void quality_row(sg_tab *t, const char *org, const char *when, const sg_ret_quality *q)
{
    char n[7][24], pt[32], pc[32];
    snprintf(n[0], 24, "%ld", q->returns);
    snprintf(n[1], 24, "%ld", q->on_time);
    snprintf(n[2], 24, "%ld", q->late);
    snprintf(n[3], 24, "%ld", q->missing);
    snprintf(n[4], 24, "%ld", q->resubmissions);
    snprintf(n[5], 24, "%ld", q->queries);
    snprintf(n[6], 24, "%ld", q->refused);
    sg_fmt_pct(q->on_time, q->returns, pt);
    sg_fmt_pct(q->supplied, q->owed, pc);
    const char *cells[] = {org, when, n[0], n[1], n[2], n[3], pt, pc, n[4], n[6], n[5]};
    sg_tab_row(t, cells);
}

int sg_ret_quality_doc(sg_store *s, int fy, sg_date as_of, const char *organisation,
                       sg_view_doc *doc, sg_error *err)
{
    sg_ret_calendar c;
    int rc = sg_ret_load(s, fy, fy, as_of, &c, err);
    if (rc) return rc;
    char day[11], y[8];
    sg_date_iso(as_of, day);
    sg_fy_text(fy, y);
    sg_view_heading(doc, 1, "Quality of partner returns %s on %s", y, day);
    static const char *const head[] = {"organisation",   "period",   ">returns",   ">on time",
                                       ">late",          ">missing", ">% on time", ">% complete",
                                       ">resubmissions", ">refused", ">queries"};
    sg_tab *t = sg_view_table(doc, "Data quality by organisation", 11, head);
    /* organisations in name order of their short names: the entries sorted by organisation */
    char(*orgs)[64] = xcalloc(c.n ? c.n : 1, sizeof *orgs);
    size_t norg = 0;
    for (size_t i = 0; i < c.n; i++) {
        if (!wanted(&c.v[i], organisation)) continue;
        bool seen = false;
        for (size_t k = 0; k < norg && !seen; k++)
            seen = strcmp(orgs[k], c.v[i].organisation) == 0;
        if (!seen) sg_strlcpy(orgs[norg++], c.v[i].organisation, 64);
    }
    qsort(orgs, norg, sizeof *orgs, org_cmp);
    for (size_t k = 0; k < norg; k++) {
        sg_ret_quality q[5];
        memset(q, 0, sizeof q);
        for (size_t i = 0; i < c.n; i++) {
            if (strcmp(c.v[i].organisation, orgs[k])) continue;
            sg_ret_quality_add(&q[sg_ret_quarter_of(c.v[i].period_end)], &c.v[i]);
            sg_ret_quality_add(&q[0], &c.v[i]);
        }
        for (int qq = 1; qq <= 4; qq++) {
            char when[16];
            snprintf(when, sizeof when, "%04d-Q%d", fy % 10000, qq);
            quality_row(t, orgs[k], when, &q[qq]);
        }
        quality_row(t, orgs[k], y, &q[0]);
    }
    free(orgs);
    sg_view_note(doc,
                 "Returns counts those on time, late or missing on the day (a return not "
                 "yet due is not counted); %% on time is on time / returns; %% complete is "
                 "measures supplied in the latest accepted return / measures owed by "
                 "those returns (a missing return supplies none). Refused counts the returns "
                 "refused (stored with rejected rows, or refused whole at import or on the web "
                 "form). Queries are validation errors and queries on accepted returns, each "
                 "stored return with rejected rows, and the problems of each return refused "
                 "whole. A return counts in the quarter its period ends in; percentages to one "
                 "decimal place.");
    sg_ret_calendar_fini(&c);
    return sg_view_check(doc, err);
}

/* gen_registers.c - a believable set of the partnership's own registers for the generated
 * partnership: serious incident notifications with their Panel and rapid review clocks (some
 * late, one overdue, one still inside its time), decisions, LCSPRs and local reviews with
 * recommendations and actions (most completed with evidence and impact checks, some overdue,
 * some drifting with their due date moved repeatedly), multi-agency audits with cases, agency
 * returns and grades, Section 11/175 returns, scores and challenge sessions, training courses,
 * sessions, bookings, attendance and evaluations, child death reviews, partner contributions,
 * spending and reserves, a risk register with reviews, and a children's survey per year.
 *
 * The tables are built in memory (they are small: thousands of rows for a large partnership),
 * each row as the register's canonical text, then written in the register's export layout so
 * that import -> export gives the same bytes (the child columns apart, see gen_registers.h).
 * Generated text never holds a comma or a quote, so the files need no quoting. */
#include "synth/gen_registers.h"
#include "synth/gen_partner.h"

#include "core/mem.h"
#include "core/workdays.h"
#include "registers/register.h"
#include "store/export.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Streams of the register families (salted apart from the journey streams in synth_int.h). */
enum {
    RS_STREAM = 0x5245,
    RS_REVIEWS = 1,
    RS_AUDITS,
    RS_S11,
    RS_TRAINING,
    RS_CDOP,
    RS_FINANCE,
    RS_RISKS,
    RS_VOICE,
    RS_SCRUTINY
};

#define MAX_TABLES 32

typedef struct gtab {
    const sg_register *reg;
    char ***rows; /* rows[i][col]: canonical text or NULL */
    size_t n, cap;
} gtab;

typedef struct grow {
    gtab *t;
    char **v;
} grow;

typedef struct gen {
    const syn_ctx *x;
    sg_date asof; /* the last 31 March: nothing past-only lies after it */
    double n;     /* children */
    gtab tab[MAX_TABLES];
    size_t ntab;
    syn_child *child; /* scratch for picking children */
    int rec_seq[SG_SYNTH_MAX_YEARS + 2];
    long lcspr[SG_SYNTH_MAX_YEARS], rapid[SG_SYNTH_MAX_YEARS]; /* per generated year */
} gen;

/* ---------------------------------------------------------------- tables */

static gtab *table(gen *g, const char *name)
{
    for (size_t i = 0; i < g->ntab; i++)
        if (strcmp(g->tab[i].reg->name, name) == 0) return &g->tab[i];
    return NULL;
}

static grow row_new(gen *g, const char *name)
{
    gtab *t = table(g, name);
    assert(t);
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 64;
        t->rows = xrealloc(t->rows, t->cap * sizeof *t->rows);
    }
    char **v = xcalloc((size_t)t->reg->ncols, sizeof *v);
    t->rows[t->n++] = v;
    return (grow){t, v};
}

static void put(grow r, const char *col, const char *fmt, ...) SG_PRINTF(3, 4);
static void put(grow r, const char *col, const char *fmt, ...)
{
    int i = sg_reg_col_index(r.t->reg, col);
    assert(i >= 0);
    if (i < 0) return;
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    free(r.v[i]);
    r.v[i] = buf[0] ? xstrdup(buf) : NULL;
}

static void put_s(grow r, const char *col, const char *s)
{
    put(r, col, "%s", s ? s : "");
}

/* A date, or nothing for SG_DATE_NONE. */
static void put_d(grow r, const char *col, sg_date d)
{
    char iso[11] = "";
    if (d != SG_DATE_NONE) sg_date_iso(d, iso);
    put_s(r, col, iso);
}

static void put_money(grow r, const char *col, long long pence)
{
    long long a = pence < 0 ? -pence : pence;
    put(r, col, "%s%lld.%02lld", pence < 0 ? "-" : "", a / 100, a % 100);
}

static void tables_free(gen *g)
{
    for (size_t i = 0; i < g->ntab; i++) {
        gtab *t = &g->tab[i];
        for (size_t k = 0; k < t->n; k++) {
            for (int c = 0; c < t->reg->ncols; c++)
                free(t->rows[k][c]);
            free(t->rows[k]);
        }
        free(t->rows);
    }
    free(g->child);
}

/* Appends s to out (outsz bytes), truncating. */
static void cat_s(char *out, const char *s, size_t outsz)
{
    size_t n = strlen(out);
    if (n + 1 < outsz) sg_strlcpy(out + n, s, outsz - n);
}

/* The record key: key columns joined by '/', as the register engine makes it. */
static void row_key(const gtab *t, char *const *v, char *out, size_t outsz)
{
    out[0] = '\0';
    for (int c = 0; c < t->reg->ncols; c++) {
        if (!(t->reg->cols[c].flags & SG_RF_KEY)) continue;
        const char *part = v[c];
        if (!part && t->reg->cols[c].key_default)
            part = v[sg_reg_col_index(t->reg, t->reg->cols[c].key_default)];
        if (out[0]) cat_s(out, "/", outsz);
        cat_s(out, part ? part : "", outsz);
    }
}

typedef struct keyed {
    char key[SG_REG_KEY_MAX + 1];
    char **v;
} keyed;

static int keyed_cmp(const void *a, const void *b)
{
    return strcmp(((const keyed *)a)->key, ((const keyed *)b)->key);
}

/* ---------------------------------------------------------------- dates and picks */

static sg_date dmin(sg_date a, sg_date b)
{
    return a < b ? a : b;
}

/* d when it is on or before the as-at date, else none (it has not happened yet). */
static sg_date happened(const gen *g, sg_date d)
{
    return d != SG_DATE_NONE && d <= g->asof ? d : SG_DATE_NONE;
}

static sg_date add_wd(sg_date d, int n)
{
    return sg_add_working_days(d, n);
}

static sg_date prev_working_day(sg_date d)
{
    while (!sg_is_working_day(d))
        d--;
    return d;
}

static const char *const agencies_w_code[] = {"CSC",     "HEALTH",      "EDUCATION",
                                              "POLICE",  "EARLY_YEARS", "VOLUNTARY",
                                              "HOUSING", "PROBATION",   "YOUTH_JUSTICE"};
static const uint16_t agencies_w[] = {30, 20, 20, 10, 8, 6, 3, 2, 1};
#define NAGW 9

static const char *role_of(syn_rng *r, const char *agency)
{
    static const char *const csc[] = {"social worker", "team manager", "family support worker",
                                      "independent reviewing officer"};
    static const char *const health[] = {"health visitor", "school nurse", "GP", "midwife",
                                         "paediatric nurse"};
    static const char *const edu[] = {"DSL", "teacher", "head teacher", "teaching assistant"};
    static const char *const police[] = {"PC", "detective constable", "sergeant"};
    static const char *const other[] = {"practitioner", "manager", "support worker"};
    if (!strcmp(agency, "CSC")) return csc[syn_range(r, 0, 3)];
    if (!strcmp(agency, "HEALTH")) return health[syn_range(r, 0, 4)];
    if (!strcmp(agency, "EDUCATION")) return edu[syn_range(r, 0, 3)];
    if (!strcmp(agency, "POLICE")) return police[syn_range(r, 0, 2)];
    if (!strcmp(agency, "EARLY_YEARS")) return "nursery practitioner";
    return other[syn_range(r, 0, 2)];
}

static const char *owner_role_of(const char *agency)
{
    if (!strcmp(agency, "CSC")) return "Principal social worker";
    if (!strcmp(agency, "HEALTH")) return "Designated nurse";
    if (!strcmp(agency, "POLICE")) return "Detective inspector (safeguarding)";
    if (!strcmp(agency, "EDUCATION")) return "Education safeguarding lead";
    if (!strcmp(agency, "EARLY_YEARS")) return "Early years quality lead";
    if (!strcmp(agency, "PROBATION")) return "Head of probation delivery";
    return "Service manager";
}

/* The LA child ID of a generated child known to children's social care on `on` (a referral on
 * or before it whose CIN episode lies in the years written, so the CIN census carries the
 * child), aged under 18 then. Falls back to the last child tried. */
static void pick_child(gen *g, syn_rng *r, sg_date on, char out[20])
{
    const syn_ctx *x = g->x;
    syn_child *c = g->child;
    for (int tries = 0; tries < 2000; tries++) {
        long i = (long)(syn_unif(r) * (double)x->persons);
        syn_child_make(x, i, c);
        if (!(c->dob < on && c->d18 > on)) continue;
        for (int k = 0; k < c->nref; k++) {
            const syn_ref *f = &c->ref[k];
            if (f->date <= on && f->date <= x->p1 && f->closure >= x->p0 &&
                f->closure >= on - 730) {
                sg_strlcpy(out, c->la_id, 20);
                return;
            }
        }
    }
    sg_strlcpy(out, c->la_id, 20);
}

static int fy_index(const gen *g, sg_date d)
{
    for (int k = 0; k < g->x->ny; k++)
        if (d >= g->x->y[k].ys && d <= g->x->y[k].ye) return k;
    return -1;
}

/* ---------------------------------------------------------------- recommendations, actions */

static const char *const action_text[] = {
    "Refresh the multi-agency neglect toolkit and relaunch it at practice week",
    "Deliver briefings on the learning to frontline practitioners in every agency",
    "Audit a sample of cases to test whether practice has changed",
    "Update the escalation policy and publish a one-page guide",
    "Add the school to every strategy discussion about a school-age child",
    "Include fathers and men in the household in assessments and plans",
    "Agree a missed health appointment pathway with GP practices",
    "Review supervision policy so that drift is challenged",
    "Publish a seven-minute briefing on the review",
    "Add the learning to the multi-agency training programme",
    "Check that information sharing agreements are understood at the front door",
    "Report progress to the executive every quarter",
};
#define NACTION_TEXT 12
static const char *const rec_text[] = {
    "Partners assure the partnership that practitioners recognise cumulative neglect",
    "Strategy discussions include every agency that knows the child",
    "Practitioners hear and record the voice and lived experience of the child",
    "Agencies use the escalation policy when they disagree about risk",
    "Safer sleeping advice is given and checked at every contact with new parents",
    "Assessments consider fathers and other men in the household",
    "Information is shared promptly when a child misses health appointments",
    "The partnership tests the impact of its learning through audit",
    "Agencies identify children at risk of exploitation earlier",
    "Children missing education are known to the front door",
};
#define NREC_TEXT 10
static const char *const evidence_text[] = {"Briefing slides and attendance list",
                                            "Revised policy on the partnership website",
                                            "Audit report to the quality assurance group",
                                            "Minutes of the executive",
                                            "Training evaluation summary",
                                            "Practice guidance issued to staff"};
static const char *const impact_text[] = {
    "Re-audit found the change embedded in most cases", "Practitioners surveyed knew the guidance",
    "Partial: repeat the briefing for new staff", "Dataset shows more timely strategy discussions"};

/* Actions delivering `source` (recommendation:R-... or a direct source), set from set0. mode:
 * 0 drawn, 1 forced to drift with its due date moved twice, 2 forced completed without
 * evidence. Returns the latest completion date when every action is completed or closed
 * (SG_DATE_NONE otherwise). */
static sg_date gen_actions(gen *g, syn_rng *r, const char *source, const char *ref_base,
                           const char *lead, sg_date set0, int nact, int mode)
{
    sg_date all_done = SG_DATE_NONE;
    bool open_left = false;
    for (int j = 1; j <= nact; j++) {
        grow a = row_new(g, "action");
        put(a, "action_ref", "A-%s-%d", ref_base, j);
        put_s(a, "source", source);
        put_s(a, "description", action_text[syn_range(r, 0, NACTION_TEXT - 1)]);
        const char *ag = (j == 1 && lead) ? lead : agencies_w_code[syn_pick(r, agencies_w, NAGW)];
        put_s(a, "owner_agency", ag);
        put_s(a, "owner_role", owner_role_of(ag));
        sg_date set = dmin(set0 + syn_range(r, 0, 20), g->asof);
        sg_date due = set + syn_range(r, 60, 270);
        put_d(a, "set_date", set);
        int m = (j == 1) ? mode : 0;
        const char *status;
        sg_date upd = SG_DATE_NONE, done = SG_DATE_NONE;
        double u = syn_unif(r);
        if (m == 1) {
            u = 0.90; /* drifting */
            due = dmin(due, g->asof - 240);
            if (due < set + 30) due = set + 30;
        } else if (m == 2) {
            u = 0.0;
        }
        if (due + 30 < g->asof) {
            status = u < 0.78   ? "COMPLETED"
                     : u < 0.86 ? "OVERDUE"
                     : u < 0.93 ? "DRIFT"
                     : u < 0.97 ? "CLOSED_NOT_DONE"
                                : "COMPLETED";
        } else if (due < g->asof) {
            status = u < 0.5 ? "COMPLETED" : "OVERDUE";
        } else {
            status = u < 0.15 ? "COMPLETED" : "OPEN";
        }
        if (!strcmp(status, "COMPLETED")) {
            done = due - syn_range(r, -20, 40);
            if (done <= set) done = set + syn_range(r, 1, 30);
            done = dmin(done, g->asof);
            upd = done;
            put_s(a, "status", "COMPLETED");
            put_d(a, "completed_date", done);
            put_s(a, "progress_note", "Completed and reported to the learning group");
            if (m != 2 && syn_chance(r, 0.92))
                put_s(a, "evidence", evidence_text[syn_range(r, 0, 5)]);
            sg_date ic = done + syn_range(r, 90, 180);
            put_d(a, "impact_check_date", ic);
            sg_date checked = happened(g, ic + syn_range(r, 0, 20));
            if (checked != SG_DATE_NONE && syn_chance(r, 0.8)) {
                put_d(a, "impact_checked_date", checked);
                put_s(a, "impact_finding", impact_text[syn_range(r, 0, 3)]);
            }
            if (all_done == SG_DATE_NONE || done > all_done) all_done = done;
        } else if (!strcmp(status, "CLOSED_NOT_DONE")) {
            upd = dmin(due + syn_range(r, 0, 30), g->asof);
            put_s(a, "status", "CLOSED_NOT_DONE");
            put_s(a, "progress_note", "Superseded by the partnership's revised strategy");
        } else if (!strcmp(status, "DRIFT")) {
            /* The due date was moved twice; no update since well before the threshold. */
            sg_date d0 = due, d1 = due + syn_range(r, 60, 120);
            due = d1 + syn_range(r, 60, 120);
            char s0[11], s1[11], note[200];
            sg_date_iso(d0, s0);
            sg_date_iso(d1, s1);
            snprintf(note, sizeof note,
                     "Due date moved twice (first due %s then %s): awaiting capacity", s0, s1);
            put_s(a, "status", "IN_PROGRESS");
            put_s(a, "progress_note", note);
            upd = g->asof - syn_range(r, 90, 200);
            if (upd < set) upd = set;
            open_left = true;
        } else { /* open: overdue or still inside its time, recently updated */
            bool started = syn_chance(r, 0.8);
            put_s(a, "status", started ? "IN_PROGRESS" : "NOT_STARTED");
            if (started) {
                upd = g->asof - syn_range(r, 3, 45);
                if (upd < set) upd = set;
                put_s(a, "progress_note", "On track: update given to the learning group");
            }
            open_left = true;
        }
        put_d(a, "due_date", due);
        put_d(a, "last_update_date", upd);
    }
    return open_left ? SG_DATE_NONE : all_done;
}

/* A recommendation from source (e.g. case_review:CR-2024-01) with its actions. */
static void gen_recommendation(gen *g, syn_rng *r, const char *source, const char *lead,
                               sg_date agreed, int mode)
{
    agreed = dmin(agreed, g->asof);
    int fy = sg_reg_fy_of(agreed);
    int k = fy - (g->x->y[0].fy - 1);
    if (k < 0) k = 0;
    if (k > SG_SYNTH_MAX_YEARS + 1) k = SG_SYNTH_MAX_YEARS + 1;
    char ref[40], src[64];
    snprintf(ref, sizeof ref, "R-%04d-%02d", fy % 10000, ++g->rec_seq[k]);
    grow rec = row_new(g, "recommendation");
    put_s(rec, "rec_ref", ref);
    put_s(rec, "source", source);
    put_s(rec, "title", rec_text[syn_range(r, 0, NREC_TEXT - 1)]);
    put_d(rec, "agreed_date", agreed);
    put_s(rec, "lead_agency", lead);
    snprintf(src, sizeof src, "recommendation:%s", ref);
    sg_date done = gen_actions(g, r, src, ref + 2, lead, agreed, syn_range(r, 1, 3), mode);
    sg_date closed = done == SG_DATE_NONE ? SG_DATE_NONE : happened(g, done + syn_range(r, 14, 60));
    put_s(rec, "status", closed != SG_DATE_NONE ? "CLOSED" : "OPEN");
    put_d(rec, "closed_date", closed);
}

/* ---------------------------------------------------------------- case reviews */

static const char *const review_themes[] = {"NEGLECT",
                                            "DOMESTIC_ABUSE",
                                            "PARENTAL_MENTAL_HEALTH",
                                            "SUBSTANCE_MISUSE",
                                            "SAFER_SLEEPING",
                                            "NON_MOBILE_INJURY",
                                            "CRIMINAL_EXPLOITATION",
                                            "EXTRA_FAMILIAL_HARM",
                                            "INFORMATION_SHARING",
                                            "VOICE_OF_CHILD",
                                            "ESCALATION",
                                            "FATHERS"};
static const uint16_t review_themes_w[] = {20, 18, 12, 10, 6, 6, 6, 5, 15, 10, 6, 8};
#define NRTHEME 12

/* Up to max distinct codes from a weighted list joined by ';' in list order. */
static void pick_codes(syn_rng *r, const char *const *codes, const uint16_t *w, int n, int max,
                       char *out, size_t outsz)
{
    bool on[32] = {false};
    int want = syn_range(r, 1, max);
    for (int i = 0; i < want * 3 && want > 0; i++) {
        int k = syn_pick(r, w, n);
        if (!on[k]) {
            on[k] = true;
            want--;
        }
    }
    out[0] = '\0';
    for (int k = 0; k < n; k++) {
        if (!on[k]) continue;
        if (out[0]) cat_s(out, ";", outsz);
        cat_s(out, codes[k], outsz);
    }
}

static void gen_reviews(gen *g)
{
    const syn_ctx *x = g->x;
    syn_rng r;
    syn_rng_seed(&r, x->o->seed, RS_STREAM, RS_REVIEWS, 0);
    for (int k = 0; k < x->ny; k++) {
        const syn_year *y = &x->y[k];
        int n = syn_poisson(&r, g->n * 0.00006);
        if (n < 2) n = 2;
        if (n > 60) n = 60;
        sg_date learned[60];
        for (int i = 0; i < n; i++)
            learned[i] = prev_working_day(y->ys + 3 + syn_range(&r, 0, (int)(y->ye - y->ys) - 10));
        bool last = k == x->ny - 1;
        /* The last year's last two: one rapid review overdue, one still inside its time. */
        sg_date f_overdue = prev_working_day(g->asof - 40), f_open = prev_working_day(g->asof - 6);
        if (last) {
            learned[n - 2] = f_overdue;
            learned[n - 1] = f_open;
        }
        for (int i = 1; i < n; i++) /* insertion sort: references follow learned dates */
            for (int j = i; j > 0 && learned[j] < learned[j - 1]; j--) {
                sg_date t = learned[j];
                learned[j] = learned[j - 1];
                learned[j - 1] = t;
            }
        for (int i = 0; i < n; i++) {
            sg_date L = learned[i];
            char ref[40], child[20], themes[200];
            snprintf(ref, sizeof ref, "CR-%04d-%02d", y->fy % 10000, i + 1);
            grow c = row_new(g, "case_review");
            put_s(c, "review_ref", ref);
            bool death = syn_chance(&r, 0.3);
            put_s(c, "incident_type", death ? "DEATH" : "SERIOUS_HARM");
            put_d(c, "incident_date", L - syn_range(&r, 0, 4));
            put_d(c, "learned_date", L);
            pick_child(g, &r, L, child);
            put_s(c, "child", child);
            bool forced_overdue = last && L == f_overdue;
            bool forced_open = last && L == f_open;
            sg_date notif = syn_chance(&r, 0.88) || forced_open
                                ? add_wd(L, syn_range(&r, 1, 5))
                                : add_wd(L, 5 + syn_range(&r, 1, 3));
            if (k == 0 && i == 0) notif = add_wd(L, 6); /* at least one late notification */
            notif = happened(g, notif);
            put_d(c, "notification_date", notif);
            sg_date rr = syn_chance(&r, 0.7) ? add_wd(L, syn_range(&r, 8, 15))
                                             : add_wd(L, 15 + syn_range(&r, 1, 12));
            if (k == 0 && i == 0) rr = add_wd(L, 18); /* and a late rapid review */
            if (forced_overdue || forced_open) rr = SG_DATE_NONE;
            rr = happened(g, rr);
            put_d(c, "rapid_review_date", rr);
            if (rr != SG_DATE_NONE) g->rapid[k]++;
            pick_codes(&r, review_themes, review_themes_w, NRTHEME, 3, themes, sizeof themes);
            put_s(c, "themes", themes);
            sg_date dec =
                rr == SG_DATE_NONE ? SG_DATE_NONE : happened(g, rr + syn_range(&r, 5, 30));
            if (dec == SG_DATE_NONE) {
                if (rr != SG_DATE_NONE) put_s(c, "notes", "Decision due at the next panel");
                continue;
            }
            static const uint16_t dw[] = {20, 30, 50};
            int d = syn_pick(&r, dw, 3);
            if (k == 0 && i == 0) d = 0; /* at least one LCSPR with time to publish */
            put_d(c, "decision_date", dec);
            if (d == 0) {
                put_s(c, "decision", "LCSPR");
                put_s(c, "rationale", "The Panel agreed the case may hold wider learning");
                sg_date comm = happened(g, dec + syn_range(&r, 7, 35));
                put_d(c, "lcspr_commissioned_date", comm);
                if (comm == SG_DATE_NONE) continue;
                int fk = fy_index(g, comm);
                if (fk >= 0) g->lcspr[fk]++;
                put_s(c, "author", "Independent reviewer (commissioned)");
                sg_date pub = happened(g, comm + syn_range(&r, 150, 270));
                put_d(c, "published_date", pub);
                if (pub == SG_DATE_NONE) continue;
                char src[64];
                snprintf(src, sizeof src, "case_review:%s", ref);
                int nrec = syn_range(&r, 3, 5);
                for (int q = 0; q < nrec; q++)
                    gen_recommendation(g, &r, src, agencies_w_code[syn_pick(&r, agencies_w, 4)],
                                       pub, 0);
            } else if (d == 1) {
                put_s(c, "decision", "LOCAL_REVIEW");
                put_s(c, "rationale", "Local learning review led by the agencies involved");
                put_s(c, "author", "Designated nurse and business manager");
                sg_date pub = happened(g, dec + syn_range(&r, 60, 150));
                put_d(c, "published_date", pub);
                if (pub == SG_DATE_NONE) continue;
                char src[64];
                snprintf(src, sizeof src, "case_review:%s", ref);
                int nrec = syn_range(&r, 2, 3);
                for (int q = 0; q < nrec; q++)
                    gen_recommendation(g, &r, src, agencies_w_code[syn_pick(&r, agencies_w, 4)],
                                       pub, 0);
            } else {
                put_s(c, "decision", "NO_FURTHER_REVIEW");
                put_s(c, "rationale", "Learning fully captured by the rapid review");
                if (syn_chance(&r, 0.3)) {
                    char src[64];
                    snprintf(src, sizeof src, "case_review:%s", ref);
                    gen_recommendation(g, &r, src, "CSC", dec, 0);
                }
            }
        }
    }
}

/* ---------------------------------------------------------------- audits */

static void gen_audits(gen *g)
{
    const syn_ctx *x = g->x;
    syn_rng r;
    syn_rng_seed(&r, x->o->seed, RS_STREAM, RS_AUDITS, 0);
    static const char *const themes[] = {"Neglect",
                                         "Child exploitation",
                                         "Domestic abuse",
                                         "Harmful sexual behaviour",
                                         "Early help step-down",
                                         "Children with disabilities",
                                         "Strategy discussions",
                                         "Adolescent mental health"};
    static const char *const leads[] = {"CSC", "POLICE", "CSC",    "HEALTH",
                                        "CSC", "HEALTH", "POLICE", "HEALTH"};
    static const char *const domains[] = {
        "IDENTIFICATION", "ASSESSMENT", "PLANNING", "INFORMATION_SHARING",
        "VOICE_OF_CHILD", "OVERSIGHT",  "OUTCOMES", "RECORDING"};
    static const char *const grades[] = {"OUTSTANDING", "GOOD", "REQUIRES_IMPROVEMENT",
                                         "INADEQUATE"};
    static const uint16_t grade_w[] = {5, 45, 40, 10};
    static const char *const ret_agencies[] = {"CSC", "HEALTH", "POLICE", "EDUCATION"};
    for (int k = 0; k < x->ny; k++) {
        const syn_year *y = &x->y[k];
        for (int a = 1; a <= 2; a++) {
            char ref[40];
            snprintf(ref, sizeof ref, "MAA-%04d-%d", y->fy % 10000, a);
            int th = syn_range(&r, 0, 7);
            const char *method = a == 1                ? "CASE_AUDIT"
                                 : syn_chance(&r, 0.5) ? "DEEP_DIVE"
                                                       : "DIP_SAMPLE";
            sg_date ps = a == 1 ? y->ys + syn_range(&r, 60, 120) : y->ys + syn_range(&r, 200, 250);
            sg_date returns_due = ps + 21, panel_planned = ps + 35, report_due = ps + 70;
            sg_date started = happened(g, ps + syn_range(&r, 0, 7));
            sg_date panel = started == SG_DATE_NONE
                                ? SG_DATE_NONE
                                : happened(g, panel_planned + syn_range(&r, 0, 21));
            sg_date report = panel == SG_DATE_NONE
                                 ? SG_DATE_NONE
                                 : happened(g, (report_due > panel ? report_due : panel) +
                                                   syn_range(&r, -5, 40));
            grow au = row_new(g, "audit");
            put_s(au, "audit_ref", ref);
            put_s(au, "theme", themes[th]);
            put_s(au, "methodology", method);
            put(au, "scope", "%s cases open to children's social care in the last six months",
                a == 1 ? "Eight" : "A sample of");
            put_s(au, "lead_agency", leads[th]);
            put_d(au, "planned_start", ps);
            put_d(au, "returns_due", returns_due);
            put_d(au, "panel_planned", panel_planned);
            put_d(au, "report_due", report_due);
            put_d(au, "started_date", started);
            put_d(au, "panel_held", panel);
            put_d(au, "report_date", report);
            if (report != SG_DATE_NONE)
                put_s(au, "summary", "Good joint working; the child's voice not always recorded");
            if (started == SG_DATE_NONE) continue;
            int ncase = !strcmp(method, "CASE_AUDIT")  ? syn_range(&r, 6, 8)
                        : !strcmp(method, "DEEP_DIVE") ? syn_range(&r, 3, 4)
                                                       : syn_range(&r, 5, 6);
            for (int c = 1; c <= ncase; c++) {
                char cno[16], key[64], child[20];
                snprintf(cno, sizeof cno, "C%02d", c);
                snprintf(key, sizeof key, "%s/%s", ref, cno);
                grow ac = row_new(g, "audit_case");
                put_s(ac, "audit", ref);
                put_s(ac, "case_no", cno);
                pick_child(g, &r, ps, child);
                put_s(ac, "child", child);
                for (int q = 0; q < 4; q++) {
                    if (q == 3 && !syn_chance(&r, 0.7)) continue;
                    grow rt = row_new(g, "audit_return");
                    put_s(rt, "case", key);
                    put_s(rt, "agency", ret_agencies[q]);
                    put_d(rt, "requested_date", started);
                    put_d(rt, "due_date", returns_due);
                    double u = syn_unif(&r);
                    sg_date got = u < 0.75
                                      ? started + syn_range(&r, 3, (int)(returns_due - started))
                                  : u < 0.92 ? returns_due + syn_range(&r, 1, 14)
                                             : SG_DATE_NONE;
                    got = happened(g, got);
                    put_d(rt, "received_date", got);
                    if (got != SG_DATE_NONE && got > returns_due) put_s(rt, "notes", "Chased");
                }
                if (panel == SG_DATE_NONE) continue;
                int d1 = syn_range(&r, 0, 7), d2 = (d1 + syn_range(&r, 1, 7)) % 8;
                const char *dom[3] = {"OVERALL", domains[d1], domains[d2]};
                for (int q = 0; q < 3; q++) {
                    grow gr = row_new(g, "audit_grade");
                    put_s(gr, "case", key);
                    put_s(gr, "domain", dom[q]);
                    int gi = syn_pick(&r, grade_w, 4);
                    put_s(gr, "grade", grades[gi]);
                    if (gi >= 2)
                        put_s(gr, "finding",
                              gi == 3 ? "Risk not recognised by all agencies"
                                      : "Drift between core groups");
                }
            }
            if (report == SG_DATE_NONE) continue;
            char src[64];
            snprintf(src, sizeof src, "audit:%s", ref);
            int nrec = syn_range(&r, 1, 2);
            for (int q = 0; q < nrec; q++)
                gen_recommendation(g, &r, src, leads[th], report, 0);
        }
    }
}

/* ---------------------------------------------------------------- Section 11 / 175 */

static const char *const s11_titles[] = {
    "Senior management commitment to safeguarding",
    "Clear line of accountability for safeguarding",
    "Service development takes account of the need to safeguard children",
    "Staff training on safeguarding",
    "Safer recruitment and allegations management",
    "Effective inter-agency working",
    "Information sharing",
    "Hearing the voice of the child",
};
static const char *const s175_titles[] = {
    "Designated safeguarding lead in post and trained",
    "Staff safeguarding training up to date",
    "Safer recruitment and the single central record",
    "Attendance and children missing education",
    "Online safety and filtering",
};

static void gen_s11(gen *g)
{
    const syn_ctx *x = g->x;
    syn_rng r;
    syn_rng_seed(&r, x->o->seed, RS_STREAM, RS_S11, 0);
    grow f = row_new(g, "s11_framework");
    put_s(f, "framework", "S11");
    put_s(f, "title", "Section 11 audit (Children Act 2004)");
    put_s(f, "scale", "MET_PARTLY_NOT");
    put_s(f, "applies_to", "statutory and relevant partners");
    f = row_new(g, "s11_framework");
    put_s(f, "framework", "S175");
    put_s(f, "title", "Section 175 audit (Education Act 2002)");
    put_s(f, "scale", "SCORE_1_4");
    put_s(f, "met_from", "3");
    put_s(f, "applies_to", "schools and colleges");
    for (int i = 0; i < 8; i++) {
        grow s = row_new(g, "s11_standard");
        put(s, "standard", "S11-%d", i + 1);
        put_s(s, "framework", "S11");
        put_s(s, "title", s11_titles[i]);
    }
    for (int i = 0; i < 5; i++) {
        grow s = row_new(g, "s11_standard");
        put(s, "standard", "S175-%d", i + 1);
        put_s(s, "framework", "S175");
        put_s(s, "title", s175_titles[i]);
    }
    static const char *const ags[] = {"CSC",           "POLICE",  "HEALTH",    "PROBATION",
                                      "YOUTH_JUSTICE", "HOUSING", "VOLUNTARY", "EDUCATION"};
    double q[8];
    for (int a = 0; a < 8; a++)
        q[a] = 0.55 + 0.35 * syn_unif(&r);
    for (int k = 0; k < x->ny; k++) {
        const syn_year *y = &x->y[k];
        for (int a = 0; a < 8; a++) {
            bool s175 = a == 7;
            grow rt = row_new(g, "section11");
            put_s(rt, "agency", ags[a]);
            put_s(rt, "cycle", y->period);
            put_s(rt, "framework", s175 ? "S175" : "S11");
            sg_date due = s175 ? sg_date_from_ymd(y->fy, 12, 15) : sg_date_from_ymd(y->fy, 10, 31);
            put_d(rt, "due_date", due);
            double u = syn_unif(&r);
            sg_date got = u < 0.85   ? due - syn_range(&r, 0, 30)
                          : u < 0.95 ? due + syn_range(&r, 1, 40)
                                     : SG_DATE_NONE;
            if (k == x->ny - 1 && !strcmp(ags[a], "PROBATION")) got = SG_DATE_NONE;
            got = happened(g, got);
            put_d(rt, "received_date", got);
            if (got == SG_DATE_NONE) {
                put_s(rt, "notes", "Chased twice");
                continue;
            }
            if (syn_chance(&r, 0.6)) {
                sg_date ch = happened(g, got + syn_range(&r, 14, 45));
                if (ch != SG_DATE_NONE) {
                    static const char *const oc[] = {"ASSURED", "ASSURED_WITH_ACTIONS",
                                                     "NOT_ASSURED"};
                    static const uint16_t ow[] = {55, 35, 10};
                    int o = syn_pick(&r, ow, 3);
                    put_d(rt, "challenge_date", ch);
                    put_s(rt, "challenge_outcome", oc[o]);
                    if (o > 0) {
                        char src[64], base[40];
                        snprintf(src, sizeof src, "section11:%s/%s", ags[a], y->period);
                        snprintf(base, sizeof base, "S11-%s-%s", y->period, ags[a]);
                        gen_actions(g, &r, src, base, ags[a], ch, o == 1 ? 1 : 2, 0);
                    }
                }
            }
            double p = q[a] + 0.04 * k;
            if (p > 0.97) p = 0.97;
            int nstd = s175 ? 5 : 8;
            for (int s = 1; s <= nstd; s++) {
                if (syn_chance(&r, 0.03)) continue; /* not assessed */
                grow sc = row_new(g, "s11_score");
                put_s(sc, "agency", ags[a]);
                put_s(sc, "cycle", y->period);
                put(sc, "standard", "%s-%d", s175 ? "S175" : "S11", s);
                double v = syn_unif(&r);
                if (s175) {
                    put(sc, "score", "%d",
                        v < p * 0.5             ? 4
                        : v < p                 ? 3
                        : v < p + (1 - p) * 0.8 ? 2
                                                : 1);
                } else {
                    put_s(sc, "rating",
                          v < p                   ? "MET"
                          : v < p + (1 - p) * 0.7 ? "PARTLY"
                                                  : "NOT_MET");
                    if (v >= p)
                        put_s(sc, "evidence", "Action plan agreed at the challenge session");
                }
            }
        }
    }
}

/* ---------------------------------------------------------------- training */

static void gen_training(gen *g)
{
    const syn_ctx *x = g->x;
    syn_rng r;
    syn_rng_seed(&r, x->o->seed, RS_STREAM, RS_TRAINING, 0);
    static const struct {
        const char *code, *title, *topic, *priority, *mode;
    } courses[] = {
        {"NEG-01", "Recognising and responding to neglect", "neglect", "Neglect", "FACE_TO_FACE"},
        {"EXP-01", "Child exploitation: spotting the signs", "exploitation", "Exploitation",
         "VIRTUAL"},
        {"DA-01", "Domestic abuse and its impact on children", "domestic abuse", "Domestic abuse",
         "FACE_TO_FACE"},
        {"WT-01", "Working Together: roles and responsibilities", "multi-agency working",
         "Early help", "VIRTUAL"},
        {"SSB-01", "Safer sleeping and infant safety", "safer sleeping", "Under ones", "VIRTUAL"},
        {"HSB-01", "Harmful sexual behaviour", "harmful sexual behaviour", "Exploitation",
         "FACE_TO_FACE"},
        {"ESC-01", "Professional challenge and escalation", "escalation", "Learning culture",
         "VIRTUAL"},
        {"BAS-01", "Safeguarding children: basic awareness", "safeguarding basics",
         "Learning culture", "ELEARNING"},
    };
    static const char *const att[] = {"ATTENDED", "NO_SHOW", "CANCELLED_LATE", "CANCELLED_EARLY"};
    static const uint16_t att_w[] = {80, 8, 5, 7};
    static const uint16_t rating_w[] = {1, 4, 15, 40, 40};
    static const char *const comments[] = {"Very practical", "Good case studies",
                                           "Too much in one session", "Will use the toolkit",
                                           "Would like a follow-up"};
    for (int c = 0; c < 8; c++) {
        grow co = row_new(g, "training_course");
        put_s(co, "course", courses[c].code);
        put_s(co, "title", courses[c].title);
        put_s(co, "topic", courses[c].topic);
        put_s(co, "priority", courses[c].priority);
        put_s(co, "mode", courses[c].mode);
    }
    long booking = 0, evaluation = 0;
    int per = (int)lround(g->n / 30000.0);
    if (per < 1) per = 1;
    if (per > 8) per = 8;
    for (int k = 0; k < x->ny; k++) {
        const syn_year *y = &x->y[k];
        bool last = k == x->ny - 1;
        for (int c = 0; c < 8; c++) {
            bool el = !strcmp(courses[c].mode, "ELEARNING");
            int ns = el ? 4 : per + syn_range(&r, 0, 1);
            int extra = last && c % 2 == 0 ? 1 : 0; /* planned after the year's end */
            for (int s = 0; s < ns + extra; s++) {
                sg_date d = s < ns
                                ? y->ys + (sg_date)((s + 0.5) * 365.0 / ns) + syn_range(&r, -10, 10)
                                : g->asof + syn_range(&r, 20, 80);
                if (d > y->ye && s < ns) d = y->ye - 5;
                d = s < ns ? prev_working_day(d) : d;
                char code[40];
                snprintf(code, sizeof code, "%s-%04d-%02d", courses[c].code, y->fy % 10000, s + 1);
                int cap = el                                    ? 100
                          : !strcmp(courses[c].mode, "VIRTUAL") ? syn_range(&r, 30, 40)
                                                                : syn_range(&r, 18, 25);
                grow se = row_new(g, "training_session");
                put_s(se, "session", code);
                put_s(se, "course", courses[c].code);
                put_d(se, "session_date", d);
                put(se, "capacity", "%d", cap);
                put_s(se, "trainer",
                      el       ? "E-learning platform"
                      : c == 1 ? "Police exploitation team"
                               : "Business unit");
                bool held = d <= g->asof;
                int nb = (int)lround(cap * (held ? 0.6 + 0.45 * syn_unif(&r) : 0.4));
                if (nb > cap) nb = cap;
                for (int b = 0; b < nb; b++) {
                    const char *ag = agencies_w_code[syn_pick(&r, agencies_w, NAGW)];
                    char bref[32];
                    snprintf(bref, sizeof bref, "B%06ld", ++booking);
                    grow bk = row_new(g, "training_booking");
                    put_s(bk, "booking", bref);
                    put_s(bk, "session", code);
                    put_s(bk, "agency", ag);
                    put_s(bk, "role", role_of(&r, ag));
                    put_d(bk, "booked_date", dmin(d - syn_range(&r, 7, 60), g->asof));
                    if (!held) continue;
                    int at = syn_pick(&r, att_w, 4);
                    put_s(bk, "attendance", att[at]);
                    if (at != 0 || !syn_chance(&r, 0.55)) continue;
                    char eref[32];
                    snprintf(eref, sizeof eref, "E%06ld", ++evaluation);
                    grow ev = row_new(g, "training_evaluation");
                    put_s(ev, "evaluation", eref);
                    put_s(ev, "session", code);
                    if (syn_chance(&r, 0.7)) put_s(ev, "booking", bref);
                    put(ev, "rating", "%d", syn_pick(&r, rating_w, 5) + 1);
                    int before = syn_range(&r, 2, 7);
                    int after = before + syn_range(&r, -1, 4);
                    if (after > 10) after = 10;
                    if (after < 0) after = 0;
                    put(ev, "knowledge_before", "%d", before);
                    put(ev, "knowledge_after", "%d", after);
                    if (syn_chance(&r, 0.2)) put_s(ev, "comment", comments[syn_range(&r, 0, 4)]);
                }
            }
        }
    }
}

/* ---------------------------------------------------------------- child deaths */

static void gen_cdop(gen *g)
{
    const syn_ctx *x = g->x;
    syn_rng r;
    syn_rng_seed(&r, x->o->seed, RS_STREAM, RS_CDOP, 0);
    static const char *const ages[] = {"NEONATAL", "INFANT",    "AGE_1_4",
                                       "AGE_5_9",  "AGE_10_14", "AGE_15_17"};
    static const uint16_t age_w[] = {40, 20, 10, 7, 10, 13};
    static const char *const cats[] = {
        "DELIBERATE", "SUICIDE",    "TRAUMA",    "MALIGNANCY", "ACUTE",
        "CHRONIC",    "CONGENITAL", "PERINATAL", "INFECTION",  "SUDDEN_UNEXPLAINED"};
    /* category weights by age band */
    static const uint16_t cat_w[6][10] = {
        {1, 0, 1, 0, 3, 2, 30, 55, 5, 3},     {3, 0, 4, 2, 10, 8, 25, 10, 12, 26},
        {4, 0, 15, 15, 15, 15, 20, 0, 10, 6}, {3, 0, 20, 25, 15, 20, 12, 0, 5, 0},
        {4, 10, 25, 20, 12, 18, 8, 0, 3, 0},  {5, 30, 30, 10, 8, 10, 5, 0, 2, 0}};
    static const double modif_p[] = {0.7, 0.6, 0.5, 0.05, 0.15, 0.1, 0.05, 0.25, 0.15, 0.6};
    static const char *const themes[] = {"SAFER_SLEEPING",
                                         "SMOKING",
                                         "ALCOHOL_DRUGS",
                                         "DOMESTIC_ABUSE",
                                         "PARENTAL_MENTAL_HEALTH",
                                         "CHILD_MENTAL_HEALTH",
                                         "ROAD_SAFETY",
                                         "HOME_SAFETY",
                                         "SERVICE_PROVISION",
                                         "MATERNAL_HEALTH"};
    static const uint16_t theme_w[] = {15, 12, 8, 8, 8, 10, 8, 6, 10, 8};
    for (int k = 0; k < x->ny; k++) {
        const syn_year *y = &x->y[k];
        int n = syn_poisson(&r, g->n * 0.00027);
        if (n < 3) n = 3;
        if (n > 900) n = 900;
        sg_date *nd = xmalloc((size_t)n * sizeof *nd);
        for (int i = 0; i < n; i++)
            nd[i] = y->ys + syn_range(&r, 0, (int)(y->ye - y->ys));
        for (int i = 1; i < n; i++)
            for (int j = i; j > 0 && nd[j] < nd[j - 1]; j--) {
                sg_date t = nd[j];
                nd[j] = nd[j - 1];
                nd[j - 1] = t;
            }
        for (int i = 0; i < n; i++) {
            char ref[40];
            snprintf(ref, sizeof ref, "CD-%04d-%03d", y->fy % 10000, i + 1);
            grow d = row_new(g, "child_death");
            put_s(d, "death_ref", ref);
            put_d(d, "notification_date", nd[i]);
            int a = syn_pick(&r, age_w, 6);
            put_s(d, "age_group", ages[a]);
            int cat = syn_pick(&r, cat_w[a], 10);
            bool expected = cat >= 3 && cat <= 7 && syn_chance(&r, 0.8);
            put_s(d, "expected", expected ? "EXPECTED" : "UNEXPECTED");
            sg_date rv = happened(g, nd[i] + syn_range(&r, 120, 420));
            put_d(d, "review_date", rv);
            if (rv == SG_DATE_NONE) continue;
            put_s(d, "category", cats[cat]);
            bool mod = syn_chance(&r, modif_p[cat]);
            put_s(d, "modifiable", mod ? "Y" : "N");
            if (!mod) continue;
            char th[200];
            if (cat == 9) {
                sg_strlcpy(th, syn_chance(&r, 0.5) ? "SAFER_SLEEPING;SMOKING" : "SAFER_SLEEPING",
                           sizeof th);
            } else {
                pick_codes(&r, themes, theme_w, 10, 2, th, sizeof th);
            }
            put_s(d, "themes", th);
            if (syn_chance(&r, 0.2)) {
                char src[64];
                snprintf(src, sizeof src, "child_death:%s", ref);
                gen_recommendation(g, &r, src, "HEALTH", rv + syn_range(&r, 0, 30), 0);
            }
        }
        free(nd);
    }
}

/* ---------------------------------------------------------------- organisations */

/* The member bodies: fixed names (no randomness, so no other table moves), several NHS bodies
 * in one sector, and a clinical commissioning group that the ICB replaced on 1 July 2022. */
static void gen_organisations(gen *g)
{
    static const struct {
        const char *key, *name, *sector, *membership, *from, *to;
    } orgs[] = {
        {"COUNCIL", "Synthshire County Council", "CSC", "STATUTORY_PARTNER", NULL, NULL},
        {"POLICE", "Synthshire Constabulary", "POLICE", "STATUTORY_PARTNER", NULL, NULL},
        {"CCG", "Synthshire Clinical Commissioning Group", "HEALTH", "STATUTORY_PARTNER", NULL,
         "2022-06-30"},
        {"ICB", "Synthshire Integrated Care Board", "HEALTH", "STATUTORY_PARTNER", "2022-07-01",
         NULL},
        {"MH_TRUST", "Synthshire Mental Health NHS Trust", "HEALTH", "RELEVANT_AGENCY", NULL, NULL},
        {"COMMUNITY_TRUST", "Synthshire Community Health NHS Trust", "HEALTH", "RELEVANT_AGENCY",
         NULL, NULL},
        {"ACUTE_TRUST", "Synthshire Hospitals NHS Foundation Trust", "HEALTH", "RELEVANT_AGENCY",
         NULL, NULL},
        {"SCHOOLS", "Synthshire schools and colleges", "EDUCATION", "RELEVANT_AGENCY", NULL, NULL},
        {"PROBATION", "Probation Service (Synthshire)", "PROBATION", "RELEVANT_AGENCY", NULL, NULL},
        {"YJS", "Synthshire Youth Justice Service", "YOUTH_JUSTICE", "RELEVANT_AGENCY", NULL, NULL},
    };
    for (size_t i = 0; i < sizeof orgs / sizeof orgs[0]; i++) {
        grow o = row_new(g, "organisation");
        put_s(o, "short_name", orgs[i].key);
        put_s(o, "name", orgs[i].name);
        put_s(o, "sector", orgs[i].sector);
        put_s(o, "membership", orgs[i].membership);
        if (orgs[i].from) put_s(o, "active_from", orgs[i].from);
        if (orgs[i].to) put_s(o, "active_to", orgs[i].to);
    }
}

/* ---------------------------------------------------------------- finance */

static void fy_label(int fy, char out[8])
{
    snprintf(out, 8, "%04u-%02u", (unsigned)fy % 10000u, (unsigned)(fy + 1) % 100u);
}

/* Contributions from the generated organisations (the council, the police, four NHS bodies -
 * the CCG before the ICB replaced it in 2022-23 - and probation from the second year) and
 * from schools by sector only; training fees every year and, in the last year, a transfer
 * from reserves; spending by category with two named lines under OTHER. The reserve carried
 * forward is the one the year view computes, so every year reconciles (docs/registers.md). */
static void gen_finance(gen *g)
{
    const syn_ctx *x = g->x;
    syn_rng r;
    syn_rng_seed(&r, x->o->seed, RS_STREAM, RS_FINANCE, 0);
    static const struct {
        const char *org, *sector; /* org NULL: the sector only */
        double share;
    } partners[] = {
        {"COUNCIL", "CSC", 0.50},        {"ICB", "HEALTH", 0.18},
        {"MH_TRUST", "HEALTH", 0.05},    {"COMMUNITY_TRUST", "HEALTH", 0.04},
        {"ACUTE_TRUST", "HEALTH", 0.03}, {"POLICE", "POLICE", 0.15},
        {NULL, "EDUCATION", 0.03},       {"PROBATION", "PROBATION", 0.02},
    };
    enum { NPARTNERS = sizeof partners / sizeof partners[0] };
    static const char *const cats[] = {"INDEPENDENT_SCRUTINY", "TRAINING", "CDOP",  "AUDIT",
                                       "COMMUNICATIONS",       "IT",       "EVENTS"};
    static const double cshare[] = {0.05, 0.08, 0.06, 0.02, 0.02, 0.03, 0.01};
    double base = (150000.0 + g->n * 3.0) * 100.0; /* pence */
    long long reserve = (long long)lround(base * 0.15 / 10000.0) * 10000;
    char lab[8];
    fy_label(x->y[0].fy - 1, lab);
    grow rs = row_new(g, "finance_reserve");
    put_s(rs, "year", lab);
    put_money(rs, "carried_forward", reserve);
    put_s(rs, "notes", "brought into the first year");
    for (int k = 0; k < x->ny; k++) {
        fy_label(x->y[k].fy, lab);
        double total = base * (1.0 + 0.03 * k);
        long long in = 0;
        for (int p = 0; p < NPARTNERS; p++) {
            const char *org = partners[p].org;
            if (org && strcmp(org, "PROBATION") == 0 && k == 0) continue; /* joins in year 2 */
            if (org && strcmp(org, "ICB") == 0 && x->y[k].fy < 2022) org = "CCG";
            long long amt = (long long)lround(total * partners[p].share / 10000.0) * 10000;
            grow c = row_new(g, "finance_contribution");
            put_s(c, "year", lab);
            put_s(c, "partner", partners[p].sector);
            if (org) put_s(c, "organisation", org);
            put_money(c, "amount", amt);
            if (org && strcmp(org, "PROBATION") == 0 && k == 1) put_s(c, "notes", "first year");
            in += amt;
        }
        long long fees = (long long)syn_range(&r, 1500, 4500) * 100;
        grow i = row_new(g, "finance_income");
        put_s(i, "year", lab);
        put_s(i, "line", "Training fees");
        put_s(i, "kind", "FEES");
        put_money(i, "amount", fees);
        in += fees;
        long long transfer = 0;
        if (k == x->ny - 1 && x->ny > 1) { /* the last year draws on the reserve */
            transfer = reserve / 4 / 100000 * 100000;
            if (transfer < 100000) transfer = 100000; /* at least £1,000, even from a deficit */
            i = row_new(g, "finance_income");
            put_s(i, "year", lab);
            put_s(i, "line", "Transfer from reserves");
            put_s(i, "kind", "RESERVE_TRANSFER");
            put_money(i, "amount", transfer);
            put_s(i, "notes", "agreed by the executive for the year's reviews");
        }
        /* Spending: reviews follow the year's rapid reviews and LCSPRs; the rest are shares. */
        long long reviews =
            g->rapid[k] * 250000LL + g->lcspr[k] * 1200000LL + syn_range(&r, 0, 99999);
        long long used = reviews;
        for (int c = 0; c < 7; c++) {
            long long amt = (long long)lround((double)in * cshare[c]) + syn_range(&r, 0, 9999);
            grow e = row_new(g, "finance_expenditure");
            put_s(e, "year", lab);
            put_s(e, "category", cats[c]);
            put_money(e, "amount", amt);
            used += amt;
        }
        static const char *const other[] = {"General expenses", "Subscriptions"};
        for (int o = 0; o < 2; o++) {
            long long amt = (long long)syn_range(&r, 50000, 300000);
            grow e = row_new(g, "finance_expenditure");
            put_s(e, "year", lab);
            put_s(e, "line", other[o]);
            put_s(e, "category", "OTHER");
            put_money(e, "amount", amt);
            used += amt;
        }
        grow e = row_new(g, "finance_expenditure");
        put_s(e, "year", lab);
        put_s(e, "category", "REVIEWS");
        put_money(e, "amount", reviews);
        if (g->lcspr[k]) put(e, "notes", "%ld LCSPR(s) commissioned", g->lcspr[k]);
        long long staff = (long long)lround((double)in * (0.60 + 0.04 * syn_unif(&r)));
        e = row_new(g, "finance_expenditure");
        put_s(e, "year", lab);
        put_s(e, "category", "STAFFING");
        put_money(e, "amount", staff);
        /* the transfer is income (it pays for spending) and leaves the reserve */
        reserve += (in + transfer) - (used + staff) - transfer;
        rs = row_new(g, "finance_reserve");
        put_s(rs, "year", lab);
        put_money(rs, "carried_forward", reserve);
    }
}

/* ---------------------------------------------------------------- risks */

static void gen_risks(gen *g)
{
    const syn_ctx *x = g->x;
    syn_rng r;
    syn_rng_seed(&r, x->o->seed, RS_STREAM, RS_RISKS, 0);
    static const struct {
        const char *risk, *effect, *agency, *role, *mitigation;
    } risks[] = {
        {"Partner funding not agreed for next year",
         "The business unit cannot deliver the training programme", "CSC", "business manager",
         "Funding formula agreed by the executive"},
        {"Rapid reviews late because of reviewer capacity",
         "Learning is delayed and the Panel is not informed in time", "CSC", "business manager",
         "Pool of independent reviewers"},
        {"Health data not returned on time", "The multi-agency dataset is incomplete", "HEALTH",
         "designated nurse", "Data sharing agreement with the trusts"},
        {"Action plans drift after reviews are published", "Learning does not change practice",
         "CSC", "quality assurance manager", "Quarterly action tracker to the executive"},
        {"Schools not represented at strategy discussions", "Information about children is missed",
         "EDUCATION", "education safeguarding lead", "Protocol with the MASH"},
        {"Exploitation pathway not understood by all partners",
         "Children at risk are not identified early", "POLICE", "detective inspector",
         "Exploitation training and a single referral route"},
        {"Loss of the independent scrutineer",
         "The partnership cannot evidence independent challenge", "CSC", "business manager",
         "Succession plan agreed"},
        {"Website and publications out of date",
         "The public cannot find the partnership's learning", "CSC", "communications officer",
         "Content owner named for every page"},
    };
    for (int i = 0; i < 8; i++) {
        char ref[8];
        snprintf(ref, sizeof ref, "R-%02d", i + 1);
        sg_date opened = i < 5 ? x->p0 - syn_range(&r, 0, 365)
                               : x->p0 + (sg_date)((x->p1 - x->p0) * (i - 4) / 5);
        int L = syn_range(&r, 2, 4), I = syn_range(&r, 2, 4);
        bool stale = i == 1 || i == 4; /* reviews stopped: the next review is overdue */
        bool closed = i == 7;
        sg_date stop = stale ? g->asof - syn_range(&r, 150, 250) : g->asof;
        sg_date d = opened + 14, lastrev = SG_DATE_NONE;
        int nrev = 0;
        while (d <= stop) {
            int pl = L, pi = I;
            if (nrev > 0) {
                if (syn_chance(&r, 0.3)) L += syn_chance(&r, 0.5) ? 1 : -1;
                if (syn_chance(&r, 0.2)) I += syn_chance(&r, 0.5) ? 1 : -1;
            }
            if (i == 1 && d + 91 > stop) { /* the red risk, rising at its latest review */
                L = pl * pi >= 16 ? 5 : 4;
                I = 4;
            }
            L = L < 1 ? 1 : L > 5 ? 5 : L;
            I = I < 1 ? 1 : I > 5 ? 5 : I;
            grow rv = row_new(g, "risk_review");
            put_s(rv, "risk_ref", ref);
            put_d(rv, "review_date", d);
            put(rv, "likelihood", "%d", L);
            put(rv, "impact", "%d", I);
            if (nrev > 0 && pl * pi != L * I)
                put_s(rv, "note", pl * pi < L * I ? "risk increased" : "mitigation working");
            lastrev = d;
            nrev++;
            d += 91;
        }
        grow rk = row_new(g, "risk");
        put_s(rk, "risk_ref", ref);
        put_s(rk, "risk", risks[i].risk);
        put_s(rk, "effect", risks[i].effect);
        put_s(rk, "owner_agency", risks[i].agency);
        put_s(rk, "owner_role", risks[i].role);
        put_s(rk, "mitigation", risks[i].mitigation);
        put_s(rk, "status", closed ? "CLOSED" : "OPEN");
        put_d(rk, "opened_date", opened);
        if (!closed && lastrev != SG_DATE_NONE) put_d(rk, "next_review_date", lastrev + 91);
    }
}

/* ---------------------------------------------------------------- children's voice */

static void gen_voice(gen *g)
{
    const syn_ctx *x = g->x;
    syn_rng r;
    syn_rng_seed(&r, x->o->seed, RS_STREAM, RS_VOICE, 0);
    static const struct {
        const char *text, *options;
        int nopt;
        uint16_t w[3];
    } qs[] = {
        {"Do you feel safe at school?", "YES=Yes;NO=No;NOT_SURE=Not sure", 3, {78, 8, 14}},
        {"Do you feel safe in your local area?",
         "YES=Yes;NO=No;NOT_SURE=Not sure",
         3,
         {62, 14, 24}},
        {"Do you know who to talk to if you are worried?", "YES=Yes;NO=No", 2, {85, 15, 0}},
        {"Has anything online made you feel unsafe in the last year?",
         "YES=Yes;NO=No;PREFER_NOT=Prefer not to say",
         3,
         {22, 70, 8}},
    };
    static const char *const codes[4][3] = {{"YES", "NO", "NOT_SURE"},
                                            {"YES", "NO", "NOT_SURE"},
                                            {"YES", "NO", ""},
                                            {"YES", "NO", "PREFER_NOT"}};
    int nresp = (int)lround(g->n / 200.0);
    if (nresp < 30) nresp = 30;
    if (nresp > 1500) nresp = 1500;
    for (int k = 0; k < x->ny; k++) {
        const syn_year *y = &x->y[k];
        char sv[40];
        snprintf(sv, sizeof sv, "SAFE-%04d", y->fy % 10000);
        sg_date open = y->ys + 240;
        grow s = row_new(g, "voice_survey");
        put_s(s, "survey", sv);
        put_s(s, "title", "Do you feel safe? (secondary schools)");
        put_s(s, "audience", "children aged 11-16 in secondary schools");
        put_d(s, "open_date", open);
        put_d(s, "close_date", open + 60);
        for (int q = 0; q < 4; q++) {
            grow qu = row_new(g, "voice_question");
            put_s(qu, "survey", sv);
            put(qu, "question", "Q%d", q + 1);
            put(qu, "position", "%d", q + 1);
            put_s(qu, "text", qs[q].text);
            put_s(qu, "options", qs[q].options);
        }
        int n = nresp + syn_range(&r, -nresp / 10, nresp / 10);
        for (int i = 1; i <= n; i++)
            for (int q = 0; q < 4; q++) {
                if (syn_chance(&r, 0.04)) continue; /* skipped the question */
                grow rs = row_new(g, "voice_response");
                put_s(rs, "survey", sv);
                put(rs, "respondent", "R%04d", i);
                put(rs, "question", "Q%d", q + 1);
                put_s(rs, "answer", codes[q][syn_pick(&r, qs[q].w, qs[q].nopt)]);
            }
    }
}

/* ---------------------------------------------------------------- scrutiny */

static void gen_scrutiny(gen *g)
{
    const syn_ctx *x = g->x;
    syn_rng r;
    syn_rng_seed(&r, x->o->seed, RS_STREAM, RS_SCRUTINY, 0);
    for (int k = 0; k < x->ny; k++) {
        char src[64];
        snprintf(src, sizeof src, "scrutiny:SCR-%04d", x->y[k].fy % 10000);
        /* The first year's scrutiny carries one drifting action and one completed without
         * evidence, so every action view has something to show in any partnership. */
        gen_recommendation(g, &r, src, "CSC", x->y[k].ys + syn_range(&r, 150, 220), k == 0 ? 1 : 0);
        if (k == 0) gen_recommendation(g, &r, src, "HEALTH", x->y[k].ys + 230, 2);
    }
}

/* ---------------------------------------------------------------- build and write */

/* A row from the partner measures (gen_partner.h). */
static void add_row(void *ctx, const char *reg, const char *const *cols, const char *const *vals,
                    int n)
{
    grow r = row_new(ctx, reg);
    for (int i = 0; i < n; i++)
        put_s(r, cols[i], vals[i]);
}

static void build(gen *g, const syn_ctx *x)
{
    memset(g, 0, sizeof *g);
    g->x = x;
    g->asof = x->p1;
    g->n = (double)x->o->children;
    g->child = xmalloc(sizeof *g->child);
    size_t n;
    const sg_register *const *all = sg_reg_all(&n);
    for (size_t i = 0; i < n && g->ntab < MAX_TABLES; i++)
        g->tab[g->ntab++].reg = all[i];
    gen_organisations(g);
    syn_partner_orgs(add_row, g);
    syn_partner_rows(x, add_row, g); /* the measure catalogue and commentary */
    gen_reviews(g);                  /* first: finance counts its rapid reviews and LCSPRs */
    gen_audits(g);
    gen_s11(g);
    gen_training(g);
    gen_cdop(g);
    gen_finance(g);
    gen_risks(g);
    gen_voice(g);
    gen_scrutiny(g);
}

/* A pseudonym column is written as NAME_la_id when any row holds a value (an LA child ID). */
static bool la_id_col(const gtab *t, int c)
{
    if (t->reg->cols[c].type != SG_RT_PSEUDONYM) return false;
    for (size_t i = 0; i < t->n; i++)
        if (t->rows[i][c]) return true;
    return false;
}

static int write_table(const syn_ctx *x, const gtab *t, const char *path)
{
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return sg_err_at(x->err, SG_EIO, path, 0, 0, NULL, "cannot create the file: %s",
                         strerror(errno));
    for (int c = 0; c < t->reg->ncols; c++) {
        if (c) fputc(',', fp);
        fputs(t->reg->cols[c].name, fp);
        if (la_id_col(t, c)) fputs("_la_id", fp);
    }
    fputs("\r\n", fp);
    keyed *k = xmalloc((t->n ? t->n : 1) * sizeof *k);
    for (size_t i = 0; i < t->n; i++) {
        row_key(t, t->rows[i], k[i].key, sizeof k[i].key);
        k[i].v = t->rows[i];
    }
    qsort(k, t->n, sizeof *k, keyed_cmp);
    for (size_t i = 0; i < t->n; i++) {
        for (int c = 0; c < t->reg->ncols; c++) {
            if (c) fputc(',', fp);
            const char *v = k[i].v[c];
            if (v) sg_export_cell(fp, v, strlen(v));
        }
        fputs("\r\n", fp);
    }
    free(k);
    return syn_close_written(fp, path, x->err);
}

int syn_registers_write(syn_ctx *x)
{
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/registers", x->dir);
    int mk = syn_make_dirs(dir, x->err);
    if (mk) return mk;
    gen g;
    build(&g, x);
    int rc = SG_OK;
    for (size_t i = 0; i < g.ntab && rc == SG_OK; i++) {
        char path[4300];
        snprintf(path, sizeof path, "%s/%s.csv", dir, g.tab[i].reg->name);
        rc = write_table(x, &g.tab[i], path);
    }
    tables_free(&g);
    return rc;
}

json_t *syn_registers_json(const syn_ctx *x)
{
    gen g;
    build(&g, x);
    json_t *arr = json_array();
    for (size_t i = 0; i < g.ntab; i++) {
        char file[128];
        snprintf(file, sizeof file, "registers/%s.csv", g.tab[i].reg->name);
        json_array_append_new(arr, json_pack("{s:s, s:s, s:I}", "file", file, "register",
                                             g.tab[i].reg->name, "rows", (json_int_t)g.tab[i].n));
    }
    tables_free(&g);
    return arr;
}

/* reg_case_review.c - the case review register: its description (columns, code lists,
 * cross-field rules) and its computed views (clocks per review, counts for the year). */
#include "registers/reg_case_review.h"

#include "core/mem.h"
#include "core/num.h"
#include "core/period.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const sg_reg_code incident_types[] = {
    {"DEATH", "the child died (abuse or neglect known or suspected)"},
    {"SERIOUS_HARM", "the child was seriously harmed (abuse or neglect known or suspected)"},
    {NULL, NULL},
};

static const sg_reg_code decisions[] = {
    {"LCSPR", "a local child safeguarding practice review"},
    {"LOCAL_REVIEW", "a local learning review (not an LCSPR)"},
    {"NO_FURTHER_REVIEW", "no further review"},
    {NULL, NULL},
};

const sg_reg_code sg_cr_themes[] = {
    {"NEGLECT", "neglect"},
    {"DOMESTIC_ABUSE", "domestic abuse"},
    {"PARENTAL_MENTAL_HEALTH", "parental mental health"},
    {"SUBSTANCE_MISUSE", "parental drug or alcohol misuse"},
    {"SAFER_SLEEPING", "sudden unexpected death in infancy, safer sleeping"},
    {"NON_MOBILE_INJURY", "bruising or injury in a non-mobile baby"},
    {"PHYSICAL_ABUSE", "physical abuse"},
    {"SEXUAL_ABUSE", "sexual abuse"},
    {"CRIMINAL_EXPLOITATION", "child criminal exploitation, county lines"},
    {"SEXUAL_EXPLOITATION", "child sexual exploitation"},
    {"EXTRA_FAMILIAL_HARM", "extra-familial harm, serious youth violence"},
    {"ONLINE_HARM", "online harm"},
    {"SUICIDE_SELF_HARM", "suicide or self-harm of the child"},
    {"CHILD_MENTAL_HEALTH", "the child's own mental health"},
    {"DISABILITY", "disabled children"},
    {"INFORMATION_SHARING", "information sharing between agencies"},
    {"VOICE_OF_CHILD", "hearing the child's voice, lived experience"},
    {"ESCALATION", "professional challenge and escalation"},
    {"FATHERS", "involving fathers and men in the household"},
    {"EDUCATION_ABSENCE", "missing education, elective home education"},
    {"OTHER", "another theme (say which in notes)"},
    {NULL, NULL},
};

static const sg_reg_col cols[] = {
    {.name = "review_ref",
     .type = SG_RT_TEXT,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .max = 40,
     .doc = "the partnership's reference for the notification, e.g. CR-2024-01"},
    {.name = "child",
     .type = SG_RT_PSEUDONYM,
     .flags = SG_RF_REQUIRED,
     .doc = "the child's pseudonym (or child_la_id: the LA child ID, pseudonymised on entry)"},
    {.name = "incident_type",
     .type = SG_RT_ENUM,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .codes = incident_types,
     .doc = "death or serious harm"},
    {.name = "incident_date",
     .type = SG_RT_DATE,
     .flags = SG_RF_REQUIRED | SG_RF_PAST,
     .doc = "the date of the incident"},
    {.name = "learned_date",
     .type = SG_RT_DATE,
     .flags = SG_RF_REQUIRED | SG_RF_PAST | SG_RF_BRIEF,
     .not_before = "incident_date",
     .doc = "the date the partnership (the local authority) learned of the incident: the "
            "clocks start here"},
    {.name = "notification_date",
     .type = SG_RT_DATE,
     .flags = SG_RF_PAST,
     .not_before = "learned_date",
     .doc = "the date the Child Safeguarding Practice Review Panel was notified (due within 5 "
            "working days)"},
    {.name = "rapid_review_date",
     .type = SG_RT_DATE,
     .flags = SG_RF_PAST,
     .not_before = "learned_date",
     .doc = "the date the rapid review was completed and sent to the Panel (due within 15 "
            "working days)"},
    {.name = "decision",
     .type = SG_RT_ENUM,
     .flags = SG_RF_BRIEF,
     .codes = decisions,
     .doc = "the decision after the rapid review"},
    {.name = "decision_date",
     .type = SG_RT_DATE,
     .flags = SG_RF_PAST,
     .not_before = "learned_date",
     .doc = "the date of the decision"},
    {.name = "rationale", .type = SG_RT_TEXT, .doc = "why that decision (required with it)"},
    {.name = "lcspr_commissioned_date",
     .type = SG_RT_DATE,
     .flags = SG_RF_PAST,
     .not_before = "learned_date",
     .doc = "the date the LCSPR was commissioned (LCSPR only)"},
    {.name = "author",
     .type = SG_RT_TEXT,
     .max = 200,
     .doc = "the reviewer(s) or author(s) of the review"},
    {.name = "published_date",
     .type = SG_RT_DATE,
     .flags = SG_RF_PAST,
     .not_before = "learned_date",
     .doc = "the date the review report was published"},
    {.name = "themes",
     .type = SG_RT_ENUM,
     .flags = SG_RF_MULTI,
     .codes = sg_cr_themes,
     .doc = "learning themes, codes separated by ';'"},
    {.name = "notes", .type = SG_RT_TEXT, .doc = "anything else (no child identifiers)"},
};

/* Cross-field rules: a decision comes with its date and rationale after the rapid review;
 * only an LCSPR is commissioned, and not before the decision. */
static int check(const sg_register *reg, const sg_reg_record *rec, sg_error *err)
{
    (void)reg;
    const char *dec = sg_reg_get(rec, "decision");
    bool has_date = sg_reg_get(rec, "decision_date") != NULL;
    if (dec && !has_date)
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "decision_date",
                         "decision_date is required when a decision is given");
    if (!dec && has_date)
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "decision",
                         "decision is required when decision_date is given");
    if (dec && !sg_reg_get(rec, "rationale"))
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "rationale",
                         "rationale is required when a decision is given");
    if (dec && !sg_reg_get(rec, "rapid_review_date"))
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "rapid_review_date",
                         "a decision follows the rapid review: rapid_review_date is required");
    sg_date rr = sg_reg_get_date(rec, "rapid_review_date"),
            dd = sg_reg_get_date(rec, "decision_date");
    if (dec && dd < rr)
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "decision_date",
                         "decision_date %s is before rapid_review_date %s",
                         sg_reg_get(rec, "decision_date"), sg_reg_get(rec, "rapid_review_date"));
    const char *comm = sg_reg_get(rec, "lcspr_commissioned_date");
    if (comm && !(dec && strcmp(dec, "LCSPR") == 0))
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "lcspr_commissioned_date",
                         "lcspr_commissioned_date is only for a decision of LCSPR");
    if (comm && sg_reg_get_date(rec, "lcspr_commissioned_date") < dd)
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "lcspr_commissioned_date",
                         "lcspr_commissioned_date %s is before decision_date %s", comm,
                         sg_reg_get(rec, "decision_date"));
    if (sg_reg_get(rec, "published_date") && !dec)
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "published_date",
                         "a review is published after a decision: decision is required");
    return SG_OK;
}

void sg_cr_clocks_of(const sg_reg_record *rec, sg_date today, sg_cr_clocks *out)
{
    sg_date learned = sg_reg_get_date(rec, "learned_date");
    out->notify = sg_clock_days(learned, SG_CR_NOTIFY_DAYS, true,
                                sg_reg_get_date(rec, "notification_date"), today);
    out->rapid = sg_clock_days(learned, SG_CR_RAPID_DAYS, true,
                               sg_reg_get_date(rec, "rapid_review_date"), today);
    const char *dec = sg_reg_get(rec, "decision");
    sg_date comm = sg_reg_get_date(rec, "lcspr_commissioned_date");
    if (dec && strcmp(dec, "LCSPR") == 0 && comm != SG_DATE_NONE)
        out->publish = sg_clock_due(comm, sg_date_add_months(comm, SG_CR_PUBLISH_MONTHS),
                                    sg_reg_get_date(rec, "published_date"), today);
    else
        out->publish = sg_clock_due(SG_DATE_NONE, SG_DATE_NONE, SG_DATE_NONE, today);
}

static bool in_year(sg_date d, sg_date first, sg_date last)
{
    return d != SG_DATE_NONE && d >= first && d <= last;
}

static void tally(const sg_clock *c, long *done, long *on_time, long *measured, long *overdue)
{
    if (c->state == SG_CLOCK_ON_TIME || c->state == SG_CLOCK_LATE) (*done)++;
    if (c->state == SG_CLOCK_ON_TIME) (*on_time)++;
    if (c->state != SG_CLOCK_DUE && c->state != SG_CLOCK_NA) (*measured)++;
    if (c->state == SG_CLOCK_OVERDUE) (*overdue)++;
}

int sg_cr_year_counts(const sg_reg_set *set, int year, sg_date today, sg_cr_year *out)
{
    memset(out, 0, sizeof *out);
    out->year = year;
    sg_date first, last;
    sg_reg_fy_bounds(year, &first, &last);
    for (size_t i = 0; i < set->n; i++) {
        const sg_reg_record *r = &set->rec[i];
        if (in_year(sg_reg_get_date(r, "lcspr_commissioned_date"), first, last))
            out->lcspr_commissioned++;
        if (in_year(sg_reg_get_date(r, "published_date"), first, last)) out->published++;
        if (!in_year(sg_reg_get_date(r, "learned_date"), first, last)) continue;
        out->notifications++;
        const char *type = sg_reg_get(r, "incident_type");
        if (type && strcmp(type, "DEATH") == 0) out->deaths++;
        if (type && strcmp(type, "SERIOUS_HARM") == 0) out->serious_harm++;
        sg_cr_clocks c;
        sg_cr_clocks_of(r, today, &c);
        tally(&c.notify, &out->notified, &out->notify_on_time, &out->notify_measured,
              &out->overdue_now);
        tally(&c.rapid, &out->rapid_done, &out->rapid_on_time, &out->rapid_measured,
              &out->overdue_now);
        const char *dec = sg_reg_get(r, "decision");
        if (!dec)
            out->dec_pending++;
        else if (strcmp(dec, "LCSPR") == 0)
            out->dec_lcspr++;
        else if (strcmp(dec, "LOCAL_REVIEW") == 0)
            out->dec_local++;
        else
            out->dec_none++;
        for (int t = 0; sg_cr_themes[t].code && t < SG_CR_MAX_THEMES; t++)
            if (sg_reg_has_code(r, "themes", sg_cr_themes[t].code)) out->themes[t]++;
    }
    out->has_notify_pct =
        sg_pct(out->notify_on_time, out->notify_measured, &out->notify_pct) == SG_OK;
    out->has_rapid_pct = sg_pct(out->rapid_on_time, out->rapid_measured, &out->rapid_pct) == SG_OK;
    return SG_OK;
}

/* ---- views ---- */

int sg_cr_urgency(const sg_cr_clocks *c, sg_date *due)
{
    const sg_clock *k[] = {&c->notify, &c->rapid, &c->publish};
    int rank = 2;
    *due = SG_DATE_NONE;
    for (int want = 0; want < 2 && rank == 2; want++) {
        sg_clock_state st = want == 0 ? SG_CLOCK_OVERDUE : SG_CLOCK_DUE;
        for (size_t i = 0; i < 3; i++) {
            if (k[i]->state != st) continue;
            if (rank == 2 || k[i]->due < *due) *due = k[i]->due;
            rank = want;
        }
    }
    return rank;
}

typedef struct cr_order {
    size_t i;
    int rank;
    sg_date due;
} cr_order;

static int cr_order_cmp(const void *pa, const void *pb)
{
    const cr_order *a = pa, *b = pb;
    if (a->rank != b->rank) return a->rank - b->rank;
    if (a->due != b->due) return a->due < b->due ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

static int view_clocks(sg_store *s, const sg_register *reg, const sg_reg_view_opts *in,
                       sg_view_doc *out, sg_error *err)
{
    sg_reg_view_opts o;
    sg_reg_view_defaults(in, &o);
    sg_reg_set set;
    int rc = sg_reg_load(s, reg, &set, err);
    if (rc) {
        sg_reg_set_fini(&set);
        return rc;
    }
    static const char *const head[] = {"review",       "type",     "learned",
                                       "panel due",    "panel",    "rapid review due",
                                       "rapid review", "decision", "publication"};
    char today[11];
    sg_view_heading(out, 1,
                    "Case review clocks on %s (working days, England & Wales bank "
                    "holidays excluded)",
                    sg_date_iso(o.today, today));
    sg_tab *t = sg_view_table(out, NULL, 9, head);
    /* urgent first: overdue (earliest due first), then running (due soonest), then the rest */
    cr_order *ord = xcalloc(set.n ? set.n : 1, sizeof *ord);
    for (size_t i = 0; i < set.n; i++) {
        sg_cr_clocks c;
        sg_cr_clocks_of(&set.rec[i], o.today, &c);
        ord[i].i = i;
        ord[i].rank = sg_cr_urgency(&c, &ord[i].due);
    }
    qsort(ord, set.n, sizeof *ord, cr_order_cmp);
    for (size_t oi = 0; oi < set.n; oi++) {
        const sg_reg_record *r = &set.rec[ord[oi].i];
        sg_cr_clocks c;
        sg_cr_clocks_of(r, o.today, &c);
        char nd[11], rd[11], ns[64], rs[64], ps[64];
        sg_date_iso(c.notify.due, nd);
        sg_date_iso(c.rapid.due, rd);
        sg_clock_text(&c.notify, ns, sizeof ns);
        sg_clock_text(&c.rapid, rs, sizeof rs);
        sg_clock_text(&c.publish, ps, sizeof ps);
        const char *dec = sg_reg_get(r, "decision");
        const char *row[] = {r->key,
                             sg_reg_get(r, "incident_type"),
                             sg_reg_get(r, "learned_date"),
                             nd,
                             ns,
                             rd,
                             rs,
                             dec ? dec : "pending",
                             ps};
        sg_tab_row(t, row);
    }
    free(ord);
    sg_reg_set_fini(&set);
    return sg_view_check(out, err);
}

static void row2(sg_tab *t, const char *label, long v)
{
    char n[32];
    snprintf(n, sizeof n, "%ld", v);
    const char *row[] = {label, n};
    sg_tab_row(t, row);
}

static void row_pct(sg_tab *t, const char *label, long num, long den)
{
    char p[32], v[96];
    sg_fmt_pct(num, den, p);
    snprintf(v, sizeof v, "%s%% (%ld of %ld)", p, num, den);
    const char *row[] = {label, den ? v : "-"};
    sg_tab_row(t, row);
}

static int view_year(sg_store *s, const sg_register *reg, const sg_reg_view_opts *in,
                     sg_view_doc *out, sg_error *err)
{
    sg_reg_view_opts o;
    sg_reg_view_defaults(in, &o);
    sg_reg_set set;
    int rc = sg_reg_load(s, reg, &set, err);
    if (rc) {
        sg_reg_set_fini(&set);
        return rc;
    }
    sg_cr_year y;
    sg_cr_year_counts(&set, o.year, o.today, &y);
    static const char *const head[] = {"measure", ">value"};
    char today[11];
    sg_view_heading(out, 1, "Case reviews, year %s (1 April to 31 March), on %s",
                    sg_fy_text(o.year, (char[8]){0}), sg_date_iso(o.today, today));
    sg_tab *t = sg_view_table(out, NULL, 2, head);
    row2(t, "serious incident notifications", y.notifications);
    row2(t, "  of which child death", y.deaths);
    row2(t, "  of which serious harm", y.serious_harm);
    row2(t, "Panel notified", y.notified);
    row_pct(t, "Panel notified within 5 working days", y.notify_on_time, y.notify_measured);
    row2(t, "rapid reviews completed", y.rapid_done);
    row_pct(t, "rapid reviews within 15 working days", y.rapid_on_time, y.rapid_measured);
    row2(t, "steps overdue now", y.overdue_now);
    row2(t, "decision: LCSPR", y.dec_lcspr);
    row2(t, "decision: local learning review", y.dec_local);
    row2(t, "decision: no further review", y.dec_none);
    row2(t, "decision pending", y.dec_pending);
    row2(t, "LCSPRs commissioned in the year", y.lcspr_commissioned);
    row2(t, "reviews published in the year", y.published);
    for (int i = 0; sg_cr_themes[i].code; i++)
        if (y.themes[i]) {
            char label[96];
            snprintf(label, sizeof label, "theme: %s", sg_cr_themes[i].code);
            row2(t, label, y.themes[i]);
        }
    sg_view_note(out, "Timeliness counts steps done, or overdue and not done; steps still "
                      "inside their time are not yet counted. Percentages: 1 decimal "
                      "place, halves rounded away from zero.");
    sg_reg_set_fini(&set);
    return sg_view_check(out, err);
}

static const sg_reg_view views[] = {
    {"clocks", "each review's Panel notification, rapid review and publication clock", view_clocks},
    {"year", "counts for a financial year (--year Y): notifications, timeliness, decisions",
     view_year},
};

const sg_register sg_reg_case_review = {
    .name = "case_review",
    .title = "Case reviews (serious incident notifications, rapid reviews, LCSPRs)",
    .doc = "One record per serious incident notification: the National Panel is notified within "
           "5 working days and the rapid review completed within 15 working days of the "
           "partnership learning of the incident; then the decision and any LCSPR.",
    .cols = cols,
    .ncols = (int)(sizeof cols / sizeof cols[0]),
    .views = views,
    .nviews = (int)(sizeof views / sizeof views[0]),
    .check = check,
};

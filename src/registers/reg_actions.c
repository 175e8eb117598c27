/* reg_actions.c - the recommendation and action registers and their computed views. */
#include "registers/reg_actions.h"

#include "core/num.h"
#include "registers/view.h"

#include <stdio.h>
#include <string.h>

/* Register names where the source is a register (the record must exist), other words for
 * sources kept elsewhere (the key is taken as given). */
const sg_reg_code sg_act_sources[] = {
    {"recommendation", "a recommendation in this system (its own source is used in summaries)"},
    {"case_review", "a case review (rapid review, LCSPR, local learning review)"},
    {"audit", "a multi-agency audit"},
    {"section11", "a Section 11 / Section 175 self-assessment or challenge"},
    {"child_death", "a child death review (CDOP)"},
    {"scrutiny", "independent scrutiny"},
    {"inspection", "an inspection (JTAI, ILACS, Ofsted, CQC, HMICFRS)"},
    {"training", "training evaluation"},
    {"other", "any other source"},
    {NULL, NULL},
};

static const sg_reg_code rec_status[] = {
    {"OPEN", "actions still being delivered"},
    {"CLOSED", "accepted as delivered and closed by the partnership"},
    {NULL, NULL},
};

static const sg_reg_col rec_cols[] = {
    {.name = "rec_ref",
     .type = SG_RT_TEXT,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .max = 40,
     .doc = "the reference of the recommendation, e.g. R-2024-03"},
    {.name = "source",
     .type = SG_RT_REF,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .codes = sg_act_sources + 1, /* all but "recommendation" */
     .doc = "where it comes from, SOURCE:KEY, e.g. case_review:CR-2024-01"},
    {.name = "title",
     .type = SG_RT_TEXT,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .max = 2000,
     .doc = "the recommendation as agreed"},
    {.name = "agreed_date",
     .type = SG_RT_DATE,
     .flags = SG_RF_REQUIRED | SG_RF_PAST,
     .doc = "the date the partnership agreed it"},
    {.name = "lead_agency",
     .type = SG_RT_AGENCY,
     .flags = SG_RF_BRIEF,
     .doc = "the agency leading it (agency code)"},
    {.name = "status",
     .type = SG_RT_ENUM,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .codes = rec_status,
     .doc = "OPEN or CLOSED"},
    {.name = "closed_date",
     .type = SG_RT_DATE,
     .flags = SG_RF_PAST,
     .not_before = "agreed_date",
     .doc = "the date it was closed"},
    {.name = "notes", .type = SG_RT_TEXT, .doc = "anything else"},
};

/* The status is `status` exactly when the date column date_col is given. */
static int status_iff_date(const sg_reg_record *rec, const char *status, const char *date_col,
                           sg_error *err)
{
    bool is = strcmp(sg_reg_get(rec, "status"), status) == 0;
    bool has = sg_reg_get(rec, date_col) != NULL;
    if (is && !has)
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, date_col,
                         "%s is required when the status is %s", date_col, status);
    if (!is && has)
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "status", "status must be %s when %s is given",
                         status, date_col);
    return SG_OK;
}

static int rec_check(const sg_register *reg, const sg_reg_record *rec, sg_error *err)
{
    (void)reg;
    return status_iff_date(rec, "CLOSED", "closed_date", err);
}

const sg_register sg_reg_recommendation = {
    .name = "recommendation",
    .title = "Recommendations (from reviews, audits, Section 11, scrutiny, CDOP)",
    .doc = "One record per recommendation; its actions are in the action register.",
    .cols = rec_cols,
    .ncols = (int)(sizeof rec_cols / sizeof rec_cols[0]),
    .check = rec_check,
};

static const sg_reg_code act_status[] = {
    {"NOT_STARTED", "agreed, no work yet"},
    {"IN_PROGRESS", "being delivered"},
    {"COMPLETED", "delivered (evidence expected)"},
    {"CLOSED_NOT_DONE", "withdrawn or superseded, with the reason in progress_note"},
    {NULL, NULL},
};

static const sg_reg_col act_cols[] = {
    {.name = "action_ref",
     .type = SG_RT_TEXT,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .max = 40,
     .doc = "the reference of the action, e.g. A-2024-03-1"},
    {.name = "source",
     .type = SG_RT_REF,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .codes = sg_act_sources,
     .doc = "what it delivers, SOURCE:KEY, e.g. recommendation:R-2024-03 or audit:MAA-2024-1"},
    {.name = "description",
     .type = SG_RT_TEXT,
     .flags = SG_RF_REQUIRED,
     .max = 2000,
     .doc = "the action"},
    {.name = "owner_agency",
     .type = SG_RT_AGENCY,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .doc = "the agency responsible (agency code)"},
    {.name = "owner_role",
     .type = SG_RT_TEXT,
     .max = 200,
     .doc = "the role responsible (a role, not a person's name)"},
    {.name = "set_date",
     .type = SG_RT_DATE,
     .flags = SG_RF_REQUIRED | SG_RF_PAST,
     .doc = "the date the action was agreed"},
    {.name = "due_date",
     .type = SG_RT_DATE,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .not_before = "set_date",
     .doc = "the date it is due (may be in the future)"},
    {.name = "status",
     .type = SG_RT_ENUM,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .codes = act_status,
     .doc = "NOT_STARTED, IN_PROGRESS, COMPLETED or CLOSED_NOT_DONE"},
    {.name = "last_update_date",
     .type = SG_RT_DATE,
     .flags = SG_RF_PAST,
     .not_before = "set_date",
     .doc = "the date of the latest progress update"},
    {.name = "progress_note", .type = SG_RT_TEXT, .doc = "the latest progress"},
    {.name = "completed_date",
     .type = SG_RT_DATE,
     .flags = SG_RF_PAST,
     .not_before = "set_date",
     .doc = "the date it was completed (COMPLETED only)"},
    {.name = "evidence",
     .type = SG_RT_TEXT,
     .doc = "the evidence that it was done (document, audit, minutes)"},
    {.name = "impact_check_date",
     .type = SG_RT_DATE,
     .not_before = "set_date",
     .doc = "when its impact is to be checked (may be in the future)"},
    {.name = "impact_checked_date",
     .type = SG_RT_DATE,
     .flags = SG_RF_PAST,
     .not_before = "set_date",
     .doc = "when its impact was checked"},
    {.name = "impact_finding", .type = SG_RT_TEXT, .doc = "what the impact check found"},
};

static int act_check(const sg_register *reg, const sg_reg_record *rec, sg_error *err)
{
    (void)reg;
    int rc = status_iff_date(rec, "COMPLETED", "completed_date", err);
    if (rc) return rc;
    if (sg_reg_get(rec, "impact_finding") && !sg_reg_get(rec, "impact_checked_date"))
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "impact_checked_date",
                         "impact_checked_date is required with an impact_finding");
    return SG_OK;
}

static int view_actions(sg_store *s, const sg_register *reg, const sg_reg_view_opts *in,
                        sg_view_doc *out, sg_error *err);
static int view_summary(sg_store *s, const sg_register *reg, const sg_reg_view_opts *in,
                        sg_view_doc *out, sg_error *err);

static const sg_reg_view act_views[] = {
    {"flags",
     "open actions that are overdue or drifting, completed without evidence, impact "
     "checks due (--days N drift threshold, --agency A)",
     view_actions},
    {"summary", "per-agency and per-source summary (--days N, --agency A)", view_summary},
};

const sg_register sg_reg_action = {
    .name = "action",
    .title = "Actions (delivering recommendations and findings)",
    .doc = "One record per action with its owner agency and role, due date, status, progress, "
           "evidence and impact check.",
    .cols = act_cols,
    .ncols = (int)(sizeof act_cols / sizeof act_cols[0]),
    .views = act_views,
    .nviews = (int)(sizeof act_views / sizeof act_views[0]),
    .check = act_check,
};

/* ---- computation ---- */

/* The source kind of "SOURCE:KEY", written into out. */
static void source_kind(const char *ref, char *out, size_t outsz)
{
    const char *colon = ref ? strchr(ref, ':') : NULL;
    size_t n = colon ? (size_t)(colon - ref) : 0;
    snprintf(out, outsz, "%.*s", (int)n, ref ? ref : "");
}

void sg_act_flags_of(const sg_reg_record *a, const sg_reg_set *recs, sg_date today, int drift_days,
                     sg_act_flags *out)
{
    memset(out, 0, sizeof *out);
    if (drift_days <= 0) drift_days = SG_ACT_DRIFT_DAYS;
    const char *status = sg_reg_get(a, "status");
    out->open =
        status && (strcmp(status, "NOT_STARTED") == 0 || strcmp(status, "IN_PROGRESS") == 0);
    sg_date due = sg_reg_get_date(a, "due_date");
    if (out->open && due != SG_DATE_NONE && due < today) {
        out->overdue = true;
        out->days_overdue = today - due;
    }
    sg_date upd = sg_reg_get_date(a, "last_update_date");
    if (upd == SG_DATE_NONE) upd = sg_reg_get_date(a, "set_date");
    if (upd != SG_DATE_NONE) out->days_since_update = today - upd;
    out->drift = out->open && upd != SG_DATE_NONE && out->days_since_update > drift_days;
    out->no_evidence = status && strcmp(status, "COMPLETED") == 0 && !sg_reg_get(a, "evidence");
    sg_date ic = sg_reg_get_date(a, "impact_check_date");
    out->impact_due = ic != SG_DATE_NONE && ic <= today && !sg_reg_get(a, "impact_checked_date") &&
                      !(status && strcmp(status, "CLOSED_NOT_DONE") == 0);
    const char *src = sg_reg_get(a, "source");
    source_kind(src, out->source, sizeof out->source);
    if (strcmp(out->source, "recommendation") == 0 && recs) {
        const sg_reg_record *r = sg_reg_set_find(recs, strchr(src, ':') + 1);
        if (r) source_kind(sg_reg_get(r, "source"), out->source, sizeof out->source);
    }
}

static void add_to(sg_act_summary *s, const sg_reg_record *a, const sg_act_flags *f)
{
    const char *status = sg_reg_get(a, "status");
    s->total++;
    if (status && strcmp(status, "COMPLETED") == 0) s->completed++;
    if (status && strcmp(status, "CLOSED_NOT_DONE") == 0) s->closed++;
    s->open += f->open;
    s->overdue += f->overdue;
    s->drift += f->drift;
    s->no_evidence += f->no_evidence;
    s->impact_due += f->impact_due;
}

static void finish(sg_act_summary *s)
{
    s->has_pct = sg_pct(s->completed, s->total - s->closed, &s->pct_completed) == SG_OK;
}

/* Finds or adds the group called name, keeping groups in the order of codes. */
static sg_act_summary *group(sg_act_summary *g, int *n, const sg_reg_code *codes, const char *name)
{
    for (int i = 0; i < *n; i++)
        if (strcmp(g[i].name, name) == 0) return &g[i];
    if (*n >= SG_ACT_MAX_GROUPS) return NULL;
    int rank = 0;
    while (codes[rank].code && strcmp(codes[rank].code, name) != 0)
        rank++;
    int at = *n;
    for (int i = 0; i < *n; i++) {
        int r = 0;
        while (codes[r].code && strcmp(codes[r].code, g[i].name) != 0)
            r++;
        if (r > rank) {
            at = i;
            break;
        }
    }
    memmove(&g[at + 1], &g[at], (size_t)(*n - at) * sizeof *g);
    memset(&g[at], 0, sizeof *g);
    snprintf(g[at].name, sizeof g[at].name, "%s", name);
    (*n)++;
    return &g[at];
}

int sg_act_summarise(const sg_reg_set *actions, const sg_reg_set *recs, sg_date today,
                     int drift_days, const char *agency, sg_act_result *out)
{
    memset(out, 0, sizeof *out);
    snprintf(out->total.name, sizeof out->total.name, "all");
    for (size_t i = 0; i < actions->n; i++) {
        const sg_reg_record *a = &actions->rec[i];
        const char *owner = sg_reg_get(a, "owner_agency");
        if (agency && (!owner || strcmp(owner, agency) != 0)) continue;
        sg_act_flags f;
        sg_act_flags_of(a, recs, today, drift_days, &f);
        add_to(&out->total, a, &f);
        sg_act_summary *g =
            group(out->by_agency, &out->n_agency, sg_reg_agencies, owner ? owner : "");
        if (g) add_to(g, a, &f);
        g = group(out->by_source, &out->n_source, sg_act_sources, f.source);
        if (g) add_to(g, a, &f);
    }
    finish(&out->total);
    for (int i = 0; i < out->n_agency; i++)
        finish(&out->by_agency[i]);
    for (int i = 0; i < out->n_source; i++)
        finish(&out->by_source[i]);
    return SG_OK;
}

/* ---- views ---- */

static int load_both(sg_store *s, sg_reg_set *acts, sg_reg_set *recs, sg_error *err)
{
    int rc = sg_reg_load(s, &sg_reg_action, acts, err);
    if (!rc)
        rc = sg_reg_load(s, &sg_reg_recommendation, recs, err);
    else
        sg_reg_set_init(recs, &sg_reg_recommendation);
    return rc;
}

static int view_actions(sg_store *s, const sg_register *reg, const sg_reg_view_opts *in,
                        sg_view_doc *out, sg_error *err)
{
    (void)reg;
    sg_reg_view_opts o;
    sg_reg_view_defaults(in, &o);
    int drift = o.days > 0 ? o.days : SG_ACT_DRIFT_DAYS;
    sg_reg_set acts, recs;
    int rc = load_both(s, &acts, &recs, err);
    if (rc) {
        sg_reg_set_fini(&acts);
        sg_reg_set_fini(&recs);
        return rc;
    }
    static const char *const head[] = {"action", "agency", "source", "due", "status", "findings"};
    char today[11];
    sg_view_heading(out, 1,
                    "Actions needing attention on %s (drift: no update for more "
                    "than %d days)",
                    sg_date_iso(o.today, today), drift);
    sg_tab *t = sg_view_table(out, NULL, 6, head);
    for (size_t i = 0; i < acts.n; i++) {
        const sg_reg_record *a = &acts.rec[i];
        if (o.agency && strcmp(sg_reg_get(a, "owner_agency"), o.agency) != 0) continue;
        sg_act_flags f;
        sg_act_flags_of(a, &recs, o.today, drift, &f);
        char findings[256] = "";
        size_t n = 0;
        if (f.overdue)
            n += (size_t)snprintf(findings + n, sizeof findings - n, "overdue by %d days; ",
                                  f.days_overdue);
        if (f.drift && n < sizeof findings)
            n += (size_t)snprintf(findings + n, sizeof findings - n, "no update for %d days; ",
                                  f.days_since_update);
        if (f.no_evidence && n < sizeof findings)
            n +=
                (size_t)snprintf(findings + n, sizeof findings - n, "completed without evidence; ");
        if (f.impact_due && n < sizeof findings)
            n += (size_t)snprintf(findings + n, sizeof findings - n, "impact check due; ");
        if (n == 0) continue;
        if (n >= 2 && n < sizeof findings) findings[n - 2] = '\0';
        const char *row[] = {a->key,
                             sg_reg_get(a, "owner_agency"),
                             f.source,
                             sg_reg_get(a, "due_date"),
                             sg_reg_get(a, "status"),
                             findings};
        sg_tab_row(t, row);
    }
    sg_reg_set_fini(&acts);
    sg_reg_set_fini(&recs);
    return sg_view_check(out, err);
}

static void summary_row(sg_tab *t, const sg_act_summary *s)
{
    char v[9][32];
    long nums[] = {s->total, s->open,        s->completed, s->overdue,
                   s->drift, s->no_evidence, s->impact_due};
    for (int i = 0; i < 7; i++)
        snprintf(v[i], sizeof v[i], "%ld", nums[i]);
    if (s->has_pct)
        sg_fmt1(s->pct_completed, v[7]);
    else
        snprintf(v[7], sizeof v[7], "-");
    const char *row[] = {s->name, v[0], v[1], v[2], v[7], v[3], v[4], v[5], v[6]};
    sg_tab_row(t, row);
}

static int view_summary(sg_store *s, const sg_register *reg, const sg_reg_view_opts *in,
                        sg_view_doc *out, sg_error *err)
{
    (void)reg;
    sg_reg_view_opts o;
    sg_reg_view_defaults(in, &o);
    int drift = o.days > 0 ? o.days : SG_ACT_DRIFT_DAYS;
    sg_reg_set acts, recs;
    int rc = load_both(s, &acts, &recs, err);
    sg_act_result r;
    if (!rc) sg_act_summarise(&acts, &recs, o.today, drift, o.agency, &r);
    static const char *const head[] = {"group",      ">actions",     ">open",
                                       ">completed", ">% completed", ">overdue",
                                       ">drifting",  ">no evidence", ">impact due"};
    char today[11];
    if (!rc)
        sg_view_heading(out, 1,
                        "Actions on %s (drift: no update for more than %d days; "
                        "%% completed excludes CLOSED_NOT_DONE)",
                        sg_date_iso(o.today, today), drift);
    for (int pass = 0; pass < 2 && !rc; pass++) {
        sg_view_gap(out);
        sg_view_heading(out, 2, "%s", pass ? "By source" : "By owner agency");
        sg_tab *t = sg_view_table(out, NULL, 9, head);
        const sg_act_summary *g = pass ? r.by_source : r.by_agency;
        int n = pass ? r.n_source : r.n_agency;
        for (int i = 0; i < n; i++)
            summary_row(t, &g[i]);
        summary_row(t, &r.total);
    }
    sg_reg_set_fini(&acts);
    sg_reg_set_fini(&recs);
    return rc ? rc : sg_view_check(out, err);
}

/* section11.c - the Section 11 / Section 175 registers: descriptors (frameworks, standards,
 * returns, scores), their cross-field rules, the per-agency summary and the views. */
#include "registers/section11.h"

#include "core/period.h"
#include "core/mem.h"
#include "core/num.h"
#include "registers/view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const sg_reg_code scales[] = {
    {"MET_PARTLY_NOT", "each standard is rated MET, PARTLY or NOT_MET"},
    {"SCORE_1_4", "each standard is scored 1 to 4; met_from says which scores count as met"},
    {NULL, NULL},
};

static const sg_reg_code ratings[] = {
    {"MET", "the standard is met"},
    {"PARTLY", "the standard is partly met"},
    {"NOT_MET", "the standard is not met"},
    {NULL, NULL},
};

static const sg_reg_code challenge_outcomes[] = {
    {"ASSURED", "the panel was assured by the evidence"},
    {"ASSURED_WITH_ACTIONS", "assured, with actions agreed (record them in the action register)"},
    {"NOT_ASSURED", "not assured: the agency is to resubmit or is escalated"},
    {NULL, NULL},
};

static int check_cycle(const sg_reg_record *rec, sg_error *err)
{
    const char *c = sg_reg_get(rec, "cycle");
    if (c && !sg_fy_parse(c, NULL))
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "cycle",
                         "cycle '%s' is not a financial year such as 2023-24", c);
    return SG_OK;
}

/* ---- s11_framework ---- */

static const sg_reg_col fw_cols[] = {
    {.name = "framework",
     .type = SG_RT_TEXT,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .max = 40,
     .doc = "the framework's code, e.g. S11 or S175-2024"},
    {.name = "title",
     .type = SG_RT_TEXT,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .max = 200,
     .doc = "its name, e.g. Section 11 audit (Children Act 2004)"},
    {.name = "scale",
     .type = SG_RT_ENUM,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .codes = scales,
     .doc = "how each standard is assessed"},
    {.name = "met_from",
     .type = SG_RT_INT,
     .min = 1,
     .max = 4,
     .doc = "SCORE_1_4 only: the lowest score that counts as met (required there)"},
    {.name = "applies_to",
     .type = SG_RT_TEXT,
     .max = 200,
     .doc = "who completes it, e.g. all statutory partners, or schools (Section 175)"},
};

static int fw_check(const sg_register *reg, const sg_reg_record *rec, sg_error *err)
{
    (void)reg;
    const char *scale = sg_reg_get(rec, "scale");
    bool numeric = scale && strcmp(scale, "SCORE_1_4") == 0;
    bool has_from = sg_reg_get(rec, "met_from") != NULL;
    if (numeric && !has_from)
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "met_from",
                         "met_from is required for a SCORE_1_4 framework");
    if (!numeric && has_from)
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "met_from",
                         "met_from is only for a SCORE_1_4 framework");
    return SG_OK;
}

const sg_register sg_reg_s11_framework = {
    .name = "s11_framework",
    .title = "Section 11 / 175 standards frameworks",
    .doc = "The self-assessment frameworks the partnership uses (Section 11 of the Children Act "
           "2004, Section 175 of the Education Act 2002, or its own), each with its scale.",
    .cols = fw_cols,
    .ncols = (int)(sizeof fw_cols / sizeof fw_cols[0]),
    .check = fw_check,
};

/* ---- s11_standard ---- */

static const sg_reg_col std_cols[] = {
    {.name = "standard",
     .type = SG_RT_TEXT,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .max = 40,
     .doc = "the standard's code, unique across frameworks, e.g. S11-1"},
    {.name = "framework",
     .type = SG_RT_REF,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .ref = "s11_framework",
     .doc = "the framework it belongs to"},
    {.name = "title",
     .type = SG_RT_TEXT,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .max = 300,
     .doc = "the standard, e.g. Senior management commitment to safeguarding"},
    {.name = "description", .type = SG_RT_TEXT, .doc = "what meeting it looks like"},
};

const sg_register sg_reg_s11_standard = {
    .name = "s11_standard",
    .title = "Section 11 / 175 standards",
    .doc = "The standards of each framework. A framework's standards are the denominator of "
           "its % met.",
    .cols = std_cols,
    .ncols = (int)(sizeof std_cols / sizeof std_cols[0]),
};

/* ---- s11_return ---- */

static const sg_reg_col ret_cols[] = {
    {.name = "agency",
     .type = SG_RT_AGENCY,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .doc = "the agency completing the self-assessment"},
    {.name = "cycle",
     .type = SG_RT_TEXT,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .max = 7,
     .doc = "the cycle, a financial year such as 2023-24"},
    {.name = "framework",
     .type = SG_RT_REF,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .ref = "s11_framework",
     .doc = "the framework the agency completes"},
    {.name = "due_date", .type = SG_RT_DATE, .flags = SG_RF_BRIEF, .doc = "when the return is due"},
    {.name = "received_date",
     .type = SG_RT_DATE,
     .flags = SG_RF_PAST | SG_RF_BRIEF,
     .doc = "when it was received; blank = not returned"},
    {.name = "challenge_date",
     .type = SG_RT_DATE,
     .flags = SG_RF_PAST,
     .not_before = "received_date",
     .doc = "the challenge session's date"},
    {.name = "challenge_outcome",
     .type = SG_RT_ENUM,
     .codes = challenge_outcomes,
     .doc = "the challenge session's outcome"},
    {.name = "notes", .type = SG_RT_TEXT, .doc = "anything else"},
};

static int ret_check(const sg_register *reg, const sg_reg_record *rec, sg_error *err)
{
    (void)reg;
    int rc = check_cycle(rec, err);
    if (rc) return rc;
    bool received = sg_reg_get(rec, "received_date") != NULL;
    bool held = sg_reg_get(rec, "challenge_date") != NULL;
    if (held && !received)
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "received_date",
                         "a challenge session follows the return: received_date is required");
    if (sg_reg_get(rec, "challenge_outcome") && !held)
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "challenge_date",
                         "challenge_date is required with a challenge_outcome");
    return SG_OK;
}

/* ---- s11_score ---- */

static const sg_reg_col score_cols[] = {
    {.name = "agency", .type = SG_RT_AGENCY, .flags = SG_RF_KEY | SG_RF_BRIEF, .doc = "the agency"},
    {.name = "cycle",
     .type = SG_RT_TEXT,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .max = 7,
     .doc = "the cycle, e.g. 2023-24"},
    {.name = "standard",
     .type = SG_RT_REF,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .ref = "s11_standard",
     .doc = "the standard assessed"},
    {.name = "rating",
     .type = SG_RT_ENUM,
     .flags = SG_RF_BRIEF,
     .codes = ratings,
     .doc = "MET_PARTLY_NOT frameworks: the rating"},
    {.name = "score",
     .type = SG_RT_INT,
     .flags = SG_RF_BRIEF,
     .min = 1,
     .max = 4,
     .doc = "SCORE_1_4 frameworks: the score 1-4"},
    {.name = "evidence", .type = SG_RT_TEXT, .doc = "the evidence the agency gives"},
};

static int score_check(const sg_register *reg, const sg_reg_record *rec, sg_error *err)
{
    (void)reg;
    int rc = check_cycle(rec, err);
    if (rc) return rc;
    bool r = sg_reg_get(rec, "rating") != NULL, s = sg_reg_get(rec, "score") != NULL;
    if (r == s)
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, r ? "score" : "rating",
                         "give either a rating (MET, PARTLY, NOT_MET) or a score (1-4), not %s",
                         r ? "both" : "neither");
    return SG_OK;
}

/* ---- the summary ---- */

static const char *str0(const char *s)
{
    return s ? s : "";
}

/* Classifies one score record: 1 met, 2 partly, 3 not met, 0 unusable. */
static int classify(const sg_reg_record *score, const sg_reg_record *fw)
{
    const char *r = sg_reg_get(score, "rating");
    if (r) return strcmp(r, "MET") == 0 ? 1 : strcmp(r, "PARTLY") == 0 ? 2 : 3;
    long long v, from;
    if (sg_reg_get_int(score, "score", &v) != SG_OK) return 0;
    if (!fw || sg_reg_get_int(fw, "met_from", &from) != SG_OK) from = 3;
    return v >= from ? 1 : 3;
}

static long standards_in(const sg_reg_set *standards, const char *framework)
{
    long n = 0;
    for (size_t i = 0; i < standards->n; i++)
        if (strcmp(str0(sg_reg_get(&standards->rec[i], "framework")), framework) == 0) n++;
    return n;
}

/* Fills row (agency, framework, cycle set) from the scores. */
static void tally_row(const sg_reg_set *frameworks, const sg_reg_set *standards,
                      const sg_reg_set *scores, sg_s11_row *row)
{
    const sg_reg_record *fw = sg_reg_set_find(frameworks, row->framework);
    row->standards = standards_in(standards, row->framework);
    for (size_t i = 0; i < scores->n; i++) {
        const sg_reg_record *sc = &scores->rec[i];
        if (strcmp(str0(sg_reg_get(sc, "agency")), row->agency) != 0 ||
            strcmp(str0(sg_reg_get(sc, "cycle")), row->cycle) != 0)
            continue;
        const sg_reg_record *st = sg_reg_set_find(standards, str0(sg_reg_get(sc, "standard")));
        if (!st || strcmp(str0(sg_reg_get(st, "framework")), row->framework) != 0) continue;
        int k = classify(sc, fw);
        if (!k) continue;
        row->assessed++;
        if (k == 1)
            row->met++;
        else if (k == 2)
            row->partly++;
        else
            row->not_met++;
    }
    row->has_pct = sg_pct(row->met, row->standards, &row->pct_met) == SG_OK;
}

static int row_cmp(const void *a, const void *b)
{
    const sg_s11_row *x = a, *y = b;
    int c = strcmp(x->agency, y->agency);
    return c ? c : strcmp(x->framework, y->framework);
}

static int missing_cmp(const void *a, const void *b)
{
    const sg_s11_missing *x = a, *y = b;
    int c = strcmp(x->agency, y->agency);
    return c ? c : strcmp(x->framework, y->framework);
}

/* Index of (agency, framework, cycle) in rows[0..n), or -1. */
static long find_row(const sg_s11_row *rows, size_t n, const char *agency, const char *fw,
                     const char *cycle)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(rows[i].agency, agency) == 0 && strcmp(rows[i].framework, fw) == 0 &&
            strcmp(rows[i].cycle, cycle) == 0)
            return (long)i;
    return -1;
}

void sg_s11_summary_fini(sg_s11_summary *sum)
{
    if (!sum) return;
    free(sum->row);
    free(sum->missing);
    memset(sum, 0, sizeof *sum);
}

int sg_s11_compute(const sg_reg_set *frameworks, const sg_reg_set *standards,
                   const sg_reg_set *returns, const sg_reg_set *scores, const char *cycle,
                   sg_date today, sg_s11_summary *out)
{
    memset(out, 0, sizeof *out);
    if (!sg_fy_parse(cycle, NULL)) return SG_EINVAL;
    sg_strlcpy(out->cycle, cycle, sizeof out->cycle);

    /* Every (agency, framework, cycle) with a score, in any cycle up to this one. */
    sg_s11_row *all = xcalloc(scores->n + 1, sizeof *all);
    size_t nall = 0;
    for (size_t i = 0; i < scores->n; i++) {
        const sg_reg_record *sc = &scores->rec[i];
        const char *ag = sg_reg_get(sc, "agency"), *cy = sg_reg_get(sc, "cycle");
        const sg_reg_record *st = sg_reg_set_find(standards, str0(sg_reg_get(sc, "standard")));
        const char *fw = st ? sg_reg_get(st, "framework") : NULL;
        if (!ag || !cy || !fw || strcmp(cy, cycle) > 0) continue;
        if (find_row(all, nall, ag, fw, cy) >= 0) continue;
        sg_s11_row *r = &all[nall++];
        sg_strlcpy(r->agency, ag, sizeof r->agency);
        sg_strlcpy(r->framework, fw, sizeof r->framework);
        sg_strlcpy(r->cycle, cy, sizeof r->cycle);
        tally_row(frameworks, standards, scores, r);
    }

    out->row = xcalloc(nall + 1, sizeof *out->row);
    for (size_t i = 0; i < nall; i++) {
        if (strcmp(all[i].cycle, cycle) != 0) continue;
        sg_s11_row *r = &out->row[out->n++];
        *r = all[i];
        /* The latest earlier cycle of the same agency and framework. */
        const sg_s11_row *prev = NULL;
        for (size_t j = 0; j < nall; j++)
            if (strcmp(all[j].agency, r->agency) == 0 &&
                strcmp(all[j].framework, r->framework) == 0 && strcmp(all[j].cycle, cycle) < 0 &&
                all[j].has_pct && (!prev || strcmp(all[j].cycle, prev->cycle) > 0))
                prev = &all[j];
        if (prev && r->has_pct) {
            r->has_prev = true;
            sg_strlcpy(r->prev_cycle, prev->cycle, sizeof r->prev_cycle);
            r->prev_pct = prev->pct_met;
            r->change = sg_round(r->pct_met - prev->pct_met, 1);
        }
    }
    free(all);
    qsort(out->row, out->n, sizeof *out->row, row_cmp);

    out->missing = xcalloc(returns->n + 1, sizeof *out->missing);
    for (size_t i = 0; i < returns->n; i++) {
        const sg_reg_record *rt = &returns->rec[i];
        if (strcmp(str0(sg_reg_get(rt, "cycle")), cycle) != 0 || sg_reg_get(rt, "received_date"))
            continue;
        sg_s11_missing *m = &out->missing[out->nmissing++];
        sg_strlcpy(m->agency, str0(sg_reg_get(rt, "agency")), sizeof m->agency);
        sg_strlcpy(m->framework, str0(sg_reg_get(rt, "framework")), sizeof m->framework);
        m->due = sg_reg_get_date(rt, "due_date");
        m->days_overdue = m->due != SG_DATE_NONE && today > m->due ? (long)(today - m->due) : 0;
    }
    qsort(out->missing, out->nmissing, sizeof *out->missing, missing_cmp);
    return SG_OK;
}

/* ---- views ---- */

typedef struct s11_sets {
    sg_reg_set fw, st, ret, sc;
} s11_sets;

static void sets_fini(s11_sets *x)
{
    sg_reg_set_fini(&x->fw);
    sg_reg_set_fini(&x->st);
    sg_reg_set_fini(&x->ret);
    sg_reg_set_fini(&x->sc);
}

static int sets_load(sg_store *s, s11_sets *x, sg_error *err)
{
    memset(x, 0, sizeof *x);
    int rc = sg_reg_load(s, &sg_reg_s11_framework, &x->fw, err);
    if (!rc) rc = sg_reg_load(s, &sg_reg_s11_standard, &x->st, err);
    if (!rc) rc = sg_reg_load(s, &sg_reg_s11_return, &x->ret, err);
    if (!rc) rc = sg_reg_load(s, &sg_reg_s11_score, &x->sc, err);
    return rc;
}

/* The view options (defaults filled), the cycle they name, the four registers and the cycle's
 * summary (which points into them). On failure nothing is left to release. */
static int summary_load(sg_store *s, const sg_reg_view_opts *in, sg_reg_view_opts *o,
                        char cycle[16], s11_sets *x, sg_s11_summary *sum, sg_error *err)
{
    sg_reg_view_defaults(in, o);
    sg_fy_text(o->year, cycle);
    int rc = sets_load(s, x, err);
    memset(sum, 0, sizeof *sum);
    if (!rc && sg_s11_compute(&x->fw, &x->st, &x->ret, &x->sc, cycle, o->today, sum) != SG_OK)
        rc = sg_err(err, SG_EINVAL, "year %d is not a cycle", o->year);
    if (rc) sets_fini(x);
    return rc;
}

static int view_summary(sg_store *s, const sg_register *reg, const sg_reg_view_opts *in,
                        sg_view_doc *out, sg_error *err)
{
    (void)reg;
    sg_reg_view_opts o;
    char cycle[16];
    s11_sets x;
    sg_s11_summary sum;
    int rc = summary_load(s, in, &o, cycle, &x, &sum, err);
    if (rc) return rc;
    static const char *const head[] = {"agency",         "framework",   ">standards", ">assessed",
                                       ">met",           ">partly",     ">not met",   ">% met",
                                       "previous cycle", ">% met then", ">change"};
    sg_view_heading(out, 1,
                    "Section 11 / 175 self-assessments, cycle %s: %% of the framework's "
                    "standards met (unassessed standards count as not met)",
                    cycle);
    sg_tab *t = sg_view_table(out, NULL, 11, head);
    for (size_t i = 0; i < sum.n; i++) {
        const sg_s11_row *r = &sum.row[i];
        char n1[24], n2[24], n3[24], n4[24], n5[24], p[32], pp[32], ch[40];
        snprintf(n1, sizeof n1, "%ld", r->standards);
        snprintf(n2, sizeof n2, "%ld", r->assessed);
        snprintf(n3, sizeof n3, "%ld", r->met);
        snprintf(n4, sizeof n4, "%ld", r->partly);
        snprintf(n5, sizeof n5, "%ld", r->not_met);
        sg_fmt_pct(r->met, r->standards, p);
        pp[0] = ch[0] = '\0';
        if (r->has_prev) {
            char c1[32];
            sg_fmt1(r->prev_pct, pp);
            sg_fmt1(r->change, c1);
            snprintf(ch, sizeof ch, "%s%s", r->change > 0 ? "+" : "", c1);
        }
        const char *row[] = {
            r->agency, r->framework, n1, n2, n3, n4, n5, p, r->has_prev ? r->prev_cycle : "", pp,
            ch};
        sg_tab_row(t, row);
    }
    sg_view_note(out,
                 "Change: percentage points since the agency's previous cycle. "
                 "Not returned: %zu (see view not_returned).",
                 sum.nmissing);
    sg_s11_summary_fini(&sum);
    sets_fini(&x);
    return sg_view_check(out, err);
}

static int view_not_returned(sg_store *s, const sg_register *reg, const sg_reg_view_opts *in,
                             sg_view_doc *out, sg_error *err)
{
    (void)reg;
    sg_reg_view_opts o;
    char cycle[16];
    s11_sets x;
    sg_s11_summary sum;
    int rc = summary_load(s, in, &o, cycle, &x, &sum, err);
    if (rc) return rc;
    static const char *const head[] = {"agency", "framework", "due", ">days overdue"};
    char today[11];
    sg_view_heading(out, 1, "Section 11 / 175 returns not received, cycle %s, on %s", cycle,
                    sg_date_iso(o.today, today));
    sg_tab *t = sg_view_table(out, NULL, 4, head);
    for (size_t i = 0; i < sum.nmissing; i++) {
        const sg_s11_missing *m = &sum.missing[i];
        char due[11], d[24];
        sg_date_iso(m->due, due);
        snprintf(d, sizeof d, "%ld", m->days_overdue);
        const char *row[] = {m->agency, m->framework, due, d};
        sg_tab_row(t, row);
    }
    sg_s11_summary_fini(&sum);
    sets_fini(&x);
    return sg_view_check(out, err);
}

static const sg_reg_view score_views[] = {
    {"summary", "% of standards met per agency in a cycle (--year Y) and change since the last",
     view_summary},
};

static const sg_reg_view return_views[] = {
    {"not_returned", "expected returns of a cycle (--year Y) not received, and how overdue",
     view_not_returned},
};

const sg_register sg_reg_s11_return = {
    .name = "section11",
    .title = "Section 11 / 175 returns and challenge sessions",
    .doc = "One record per agency and cycle: record the expected returns (with due dates) when "
           "the cycle opens; a return with no received_date is listed as not returned.",
    .cols = ret_cols,
    .ncols = (int)(sizeof ret_cols / sizeof ret_cols[0]),
    .views = return_views,
    .nviews = (int)(sizeof return_views / sizeof return_views[0]),
    .check = ret_check,
};

const sg_register sg_reg_s11_score = {
    .name = "s11_score",
    .title = "Section 11 / 175 self-assessment scores",
    .doc = "One record per agency, cycle and standard: the agency's rating or score and its "
           "evidence.",
    .cols = score_cols,
    .ncols = (int)(sizeof score_cols / sizeof score_cols[0]),
    .views = score_views,
    .nviews = (int)(sizeof score_views / sizeof score_views[0]),
    .check = score_check,
};

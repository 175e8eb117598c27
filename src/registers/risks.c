/* risks.c - the risk register: descriptors, per-risk scores and movement, and the views. */
#include "registers/risks.h"

#include "core/mem.h"
#include "registers/view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const sg_reg_code statuses[] = {
    {"OPEN", "the risk is being managed"},
    {"CLOSED", "the risk no longer applies"},
    {NULL, NULL},
};

static const sg_reg_col risk_cols[] = {
    {.name = "risk_ref",
     .type = SG_RT_TEXT,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .max = 40,
     .doc = "the risk's reference, e.g. R-07"},
    {.name = "risk",
     .type = SG_RT_TEXT,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .max = 1000,
     .doc = "the risk, e.g. partner funding is not agreed for next year"},
    {.name = "effect",
     .type = SG_RT_TEXT,
     .flags = SG_RF_REQUIRED,
     .max = 1000,
     .doc = "what would happen, e.g. the business unit cannot deliver the training programme"},
    {.name = "owner_agency",
     .type = SG_RT_AGENCY,
     .flags = SG_RF_BRIEF,
     .doc = "the agency owning the risk"},
    {.name = "owner_role", .type = SG_RT_TEXT, .max = 200, .doc = "e.g. business manager"},
    {.name = "mitigation", .type = SG_RT_TEXT, .doc = "what is being done about it"},
    {.name = "status",
     .type = SG_RT_ENUM,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .codes = statuses,
     .doc = "OPEN or CLOSED"},
    {.name = "opened_date",
     .type = SG_RT_DATE,
     .flags = SG_RF_PAST,
     .doc = "when it was added to the register"},
    {.name = "next_review_date",
     .type = SG_RT_DATE,
     .flags = SG_RF_BRIEF,
     .not_before = "opened_date",
     .doc = "when it is next to be reviewed"},
};

static const sg_reg_col review_cols[] = {
    {.name = "risk_ref",
     .type = SG_RT_REF,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .ref = "risk",
     .doc = "the risk reviewed"},
    {.name = "review_date",
     .type = SG_RT_DATE,
     .flags = SG_RF_KEY | SG_RF_PAST | SG_RF_BRIEF,
     .doc = "the date of the review"},
    {.name = "likelihood",
     .type = SG_RT_INT,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .min = 1,
     .max = 5,
     .doc = "1 rare, 2 unlikely, 3 possible, 4 likely, 5 almost certain"},
    {.name = "impact",
     .type = SG_RT_INT,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .min = 1,
     .max = 5,
     .doc = "1 negligible, 2 minor, 3 moderate, 4 major, 5 severe"},
    {.name = "note", .type = SG_RT_TEXT, .doc = "what changed"},
};

const char *sg_risk_rating(int score)
{
    if (score <= 0) return "";
    if (score <= 4) return "low";
    if (score <= 9) return "medium";
    if (score <= 14) return "high";
    return "very high";
}

static int row_cmp(const void *a, const void *b)
{
    const sg_risk_row *x = a, *y = b;
    if (x->score != y->score) return y->score - x->score;
    return strcmp(x->ref, y->ref);
}

static int score_of(const sg_reg_record *rv, int *l, int *i)
{
    long long a, b;
    if (sg_reg_get_int(rv, "likelihood", &a) || sg_reg_get_int(rv, "impact", &b)) return 0;
    *l = (int)a;
    *i = (int)b;
    return (int)(a * b);
}

int sg_risk_rows(const sg_reg_set *risks, const sg_reg_set *reviews, sg_date today,
                 sg_risk_row **out, size_t *n)
{
    sg_risk_row *rows = xcalloc(risks->n + 1, sizeof *rows);
    for (size_t i = 0; i < risks->n; i++) {
        const sg_reg_record *r = &risks->rec[i];
        sg_risk_row *w = &rows[i];
        sg_strlcpy(w->ref, r->key, sizeof w->ref);
        const char *st = sg_reg_get(r, "status");
        w->open = !st || strcmp(st, "OPEN") == 0;
        w->reviewed = SG_DATE_NONE;
        /* The latest and the one before, by review date (keys are unique per date). */
        const sg_reg_record *last = NULL, *prev = NULL;
        for (size_t j = 0; j < reviews->n; j++) {
            const sg_reg_record *rv = &reviews->rec[j];
            const char *ref = sg_reg_get(rv, "risk_ref");
            if (!ref || strcmp(ref, r->key) != 0) continue;
            sg_date d = sg_reg_get_date(rv, "review_date");
            if (!last || d > sg_reg_get_date(last, "review_date")) {
                prev = last;
                last = rv;
            } else if (!prev || d > sg_reg_get_date(prev, "review_date")) {
                prev = rv;
            }
        }
        if (last) {
            w->score = score_of(last, &w->likelihood, &w->impact);
            w->reviewed = sg_reg_get_date(last, "review_date");
            w->move = SG_RISK_NEW;
        }
        if (prev) {
            int pl, pi;
            w->prev_score = score_of(prev, &pl, &pi);
            w->change = w->score - w->prev_score;
            w->move = w->change > 0 ? SG_RISK_UP : w->change < 0 ? SG_RISK_DOWN : SG_RISK_SAME;
        }
        w->rating = sg_risk_rating(w->score);
        w->next_review = sg_reg_get_date(r, "next_review_date");
        if (w->open && w->next_review != SG_DATE_NONE && w->next_review < today) {
            w->overdue = true;
            w->days_overdue = (long)(today - w->next_review);
        }
    }
    qsort(rows, risks->n, sizeof *rows, row_cmp);
    *out = rows;
    *n = risks->n;
    return SG_OK;
}

/* ---- views ---- */

static const char *move_text(const sg_risk_row *r, char out[32])
{
    switch (r->move) {
    case SG_RISK_UP:
        snprintf(out, 32, "up %d", r->change);
        break;
    case SG_RISK_DOWN:
        snprintf(out, 32, "down %d", -r->change);
        break;
    case SG_RISK_SAME:
        snprintf(out, 32, "no change");
        break;
    case SG_RISK_NEW:
        snprintf(out, 32, "new");
        break;
    default:
        snprintf(out, 32, "not assessed");
        break;
    }
    return out;
}

typedef enum { V_TOP, V_OVERDUE, V_MOVEMENT } view_kind;

static int render(sg_store *s, const sg_reg_view_opts *in, view_kind kind, sg_view_doc *out,
                  sg_error *err)
{
    sg_reg_view_opts o;
    sg_reg_view_defaults(in, &o);
    sg_reg_set risks, reviews;
    memset(&reviews, 0, sizeof reviews);
    int rc = sg_reg_load(s, &sg_reg_risk, &risks, err);
    if (!rc) rc = sg_reg_load(s, &sg_reg_risk_review, &reviews, err);
    sg_risk_row *rows = NULL;
    size_t n = 0;
    if (!rc) sg_risk_rows(&risks, &reviews, o.today, &rows, &n);
    if (rc) {
        sg_reg_set_fini(&risks);
        sg_reg_set_fini(&reviews);
        return rc;
    }
    static const char *const head[] = {"risk",        "risk text",    ">L",       ">I",
                                       ">score",      "rating",       "reviewed", "movement",
                                       "next review", ">days overdue"};
    char today[11];
    sg_date_iso(o.today, today);
    if (kind == V_TOP)
        sg_view_heading(out, 1, "Top %d open risks by score (likelihood x impact), on %s",
                        SG_RISK_TOP, today);
    else if (kind == V_OVERDUE)
        sg_view_heading(out, 1, "Open risks with the review overdue on %s", today);
    else
        sg_view_heading(out, 1, "Open risks whose score moved at the latest review, on %s", today);
    sg_tab *t = sg_view_table(out, NULL, 10, head);
    int shown = 0;
    for (size_t i = 0; i < n; i++) {
        const sg_risk_row *r = &rows[i];
        if (!r->open) continue;
        if (kind == V_TOP && (shown >= SG_RISK_TOP || r->score == 0)) continue;
        if (kind == V_OVERDUE && !r->overdue) continue;
        if (kind == V_MOVEMENT && r->move != SG_RISK_UP && r->move != SG_RISK_DOWN) continue;
        shown++;
        const sg_reg_record *rec = sg_reg_set_find(&risks, r->ref);
        char l[8], im[8], sc[8], rv[11], nx[11], mv[32], od[24];
        snprintf(l, sizeof l, "%d", r->likelihood);
        snprintf(im, sizeof im, "%d", r->impact);
        snprintf(sc, sizeof sc, "%d", r->score);
        snprintf(od, sizeof od, "%ld", r->days_overdue);
        char text[64];
        /* The risk's text, cut for the table on a UTF-8 character boundary. */
        const char *full = rec && sg_reg_get(rec, "risk") ? sg_reg_get(rec, "risk") : "";
        if (sg_strlcpy(text, full, sizeof text) >= sizeof text) {
            size_t k = sizeof text - 1; /* full[k] would be the first byte left out */
            while (k > 0 && ((unsigned char)full[k] & 0xC0) == 0x80)
                k--;
            text[k] = '\0';
        }
        const char *row[] = {r->ref,
                             text,
                             r->score ? l : "",
                             r->score ? im : "",
                             r->score ? sc : "",
                             r->rating,
                             sg_date_iso(r->reviewed, rv),
                             move_text(r, mv),
                             sg_date_iso(r->next_review, nx),
                             r->overdue ? od : ""};
        sg_tab_row(t, row);
    }
    sg_view_note(out, "Rating: 1-4 low, 5-9 medium, 10-14 high, 15-25 very high. "
                      "Movement: latest review's score against the review before.");
    free(rows);
    sg_reg_set_fini(&risks);
    sg_reg_set_fini(&reviews);
    return sg_view_check(out, err);
}

static int view_top(sg_store *s, const sg_register *reg, const sg_reg_view_opts *o,
                    sg_view_doc *out, sg_error *err)
{
    (void)reg;
    return render(s, o, V_TOP, out, err);
}

static int view_overdue(sg_store *s, const sg_register *reg, const sg_reg_view_opts *o,
                        sg_view_doc *out, sg_error *err)
{
    (void)reg;
    return render(s, o, V_OVERDUE, out, err);
}

static int view_movement(sg_store *s, const sg_register *reg, const sg_reg_view_opts *o,
                         sg_view_doc *out, sg_error *err)
{
    (void)reg;
    return render(s, o, V_MOVEMENT, out, err);
}

static const sg_reg_view views[] = {
    {"top", "the open risks with the highest scores", view_top},
    {"overdue", "open risks whose next review date has passed", view_overdue},
    {"movement", "open risks whose score went up or down at the latest review", view_movement},
};

const sg_register sg_reg_risk = {
    .name = "risk",
    .title = "Risk register",
    .doc = "The partnership's risks. Scores come from the reviews (register risk_review), so "
           "the history and the movement since the last review are kept.",
    .cols = risk_cols,
    .ncols = (int)(sizeof risk_cols / sizeof risk_cols[0]),
    .views = views,
    .nviews = (int)(sizeof views / sizeof views[0]),
};

const sg_register sg_reg_risk_review = {
    .name = "risk_review",
    .title = "Risk reviews",
    .doc = "One record per risk and review date: likelihood and impact (1-5); the score is "
           "likelihood x impact.",
    .cols = review_cols,
    .ncols = (int)(sizeof review_cols / sizeof review_cols[0]),
};

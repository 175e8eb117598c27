/* training.c - the training registers: descriptors (courses, sessions, bookings,
 * evaluations), the attendance and evaluation figures, and their views. */
#include "registers/training.h"

#include "core/period.h"
#include "core/mem.h"
#include "core/num.h"
#include "registers/view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const sg_reg_code modes[] = {
    {"FACE_TO_FACE", "in a room with the trainer"},
    {"VIRTUAL", "live online (Teams, Zoom)"},
    {"ELEARNING", "self-paced e-learning"},
    {NULL, NULL},
};

static const sg_reg_code attendance[] = {
    {"ATTENDED", "attended"},
    {"NO_SHOW", "booked, did not attend and did not cancel"},
    {"CANCELLED_LATE", "cancelled too late for the place to be reused"},
    {"CANCELLED_EARLY", "cancelled in time for the place to be offered again"},
    {NULL, NULL},
};

/* ---- descriptors ---- */

static const sg_reg_col course_cols[] = {
    {.name = "course",
     .type = SG_RT_TEXT,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .max = 40,
     .doc = "the course's code, e.g. NEG-01"},
    {.name = "title",
     .type = SG_RT_TEXT,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .max = 200,
     .doc = "its title"},
    {.name = "topic",
     .type = SG_RT_TEXT,
     .flags = SG_RF_BRIEF,
     .max = 200,
     .doc = "the subject, e.g. neglect, exploitation"},
    {.name = "priority",
     .type = SG_RT_TEXT,
     .max = 200,
     .doc = "the partnership priority the course serves"},
    {.name = "mode",
     .type = SG_RT_ENUM,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .codes = modes,
     .doc = "how it is delivered"},
};

static const sg_reg_col session_cols[] = {
    {.name = "session",
     .type = SG_RT_TEXT,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .max = 40,
     .doc = "the session's code, e.g. NEG-01-2024-05"},
    {.name = "course",
     .type = SG_RT_REF,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .ref = "training_course",
     .doc = "the course"},
    {.name = "session_date",
     .type = SG_RT_DATE,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .doc = "when it is held (may be in the future)"},
    {.name = "capacity",
     .type = SG_RT_INT,
     .flags = SG_RF_BRIEF,
     .min = 1,
     .max = 10000,
     .doc = "places"},
    {.name = "trainer", .type = SG_RT_TEXT, .max = 200, .doc = "who delivers it"},
};

static const sg_reg_col booking_cols[] = {
    {.name = "booking",
     .type = SG_RT_TEXT,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .max = 40,
     .doc = "the booking's reference"},
    {.name = "session",
     .type = SG_RT_REF,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .ref = "training_session",
     .doc = "the session booked"},
    {.name = "agency",
     .type = SG_RT_AGENCY,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .doc = "the delegate's agency"},
    {.name = "role",
     .type = SG_RT_TEXT,
     .max = 200,
     .doc = "the delegate's role, e.g. social worker (no names)"},
    {.name = "booked_date", .type = SG_RT_DATE, .flags = SG_RF_PAST, .doc = "when booked"},
    {.name = "attendance",
     .type = SG_RT_ENUM,
     .flags = SG_RF_BRIEF,
     .codes = attendance,
     .doc = "what happened; blank until recorded"},
};

static const sg_reg_col eval_cols[] = {
    {.name = "evaluation",
     .type = SG_RT_TEXT,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .max = 40,
     .doc = "the evaluation form's reference"},
    {.name = "session",
     .type = SG_RT_REF,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .ref = "training_session",
     .doc = "the session evaluated"},
    {.name = "booking",
     .type = SG_RT_REF,
     .ref = "training_booking",
     .doc = "the booking, when the form is not anonymous"},
    {.name = "rating",
     .type = SG_RT_INT,
     .flags = SG_RF_BRIEF,
     .min = 1,
     .max = 5,
     .doc = "overall rating 1 (poor) to 5 (excellent); 4 and 5 count as good or excellent"},
    {.name = "knowledge_before",
     .type = SG_RT_INT,
     .flags = SG_RF_BRIEF,
     .min = 0,
     .max = 10,
     .doc = "self-rated knowledge before the session, 0-10"},
    {.name = "knowledge_after",
     .type = SG_RT_INT,
     .flags = SG_RF_BRIEF,
     .min = 0,
     .max = 10,
     .doc = "self-rated knowledge after the session, 0-10"},
    {.name = "comment", .type = SG_RT_TEXT, .doc = "free text (no names)"},
};

static int eval_check(const sg_register *reg, const sg_reg_record *rec, sg_error *err)
{
    (void)reg;
    bool b = sg_reg_get(rec, "knowledge_before") != NULL,
         a = sg_reg_get(rec, "knowledge_after") != NULL;
    if (!sg_reg_get(rec, "rating") && !a && !b)
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "rating",
                         "an evaluation needs a rating or knowledge scores");
    return SG_OK;
}

/* ---- the figures ---- */

static const char *str0(const char *s)
{
    return s ? s : "";
}

static void finish(sg_tr_stats *t)
{
    t->has_attend_pct = sg_pct(t->attended, t->booked, &t->attend_pct) == SG_OK;
    t->has_good_pct = sg_pct(t->good, t->rated, &t->good_pct) == SG_OK;
    t->has_uplift = t->paired > 0;
    if (t->has_uplift) {
        /* The mean in exact integer arithmetic (num.h), keeping the sign. */
        double m = 0;
        sg_ratio1(labs(t->uplift_sum), t->paired, 1, &m);
        t->mean_uplift = t->uplift_sum < 0 ? -m : m;
        sg_pct(t->improving, t->paired, &t->improving_pct);
    }
}

static sg_tr_stats *stats_for(sg_tr_stats **arr, size_t *n, size_t *cap, const char *name)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*arr)[i].name, name) == 0) return &(*arr)[i];
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        *arr = xrealloc(*arr, *cap * sizeof **arr);
    }
    sg_tr_stats *t = &(*arr)[(*n)++];
    memset(t, 0, sizeof *t);
    sg_strlcpy(t->name, name, sizeof t->name);
    return t;
}

static int stats_cmp(const void *a, const void *b)
{
    return strcmp(((const sg_tr_stats *)a)->name, ((const sg_tr_stats *)b)->name);
}

static bool in_period(sg_date d, sg_date first, sg_date last)
{
    return d != SG_DATE_NONE && (first == SG_DATE_NONE || d >= first) &&
           (last == SG_DATE_NONE || d <= last);
}

void sg_tr_summary_fini(sg_tr_summary *sum)
{
    if (!sum) return;
    free(sum->course);
    free(sum->agency);
    memset(sum, 0, sizeof *sum);
}

int sg_tr_compute(const sg_reg_set *courses, const sg_reg_set *sessions, const sg_reg_set *bookings,
                  const sg_reg_set *evaluations, sg_date first, sg_date last, sg_tr_summary *out)
{
    memset(out, 0, sizeof *out);
    size_t ccap = 0, acap = 0;
    for (size_t i = 0; i < courses->n; i++)
        stats_for(&out->course, &out->ncourse, &ccap, courses->rec[i].key);
    sg_tr_stats *all = &out->overall;

    for (size_t i = 0; i < sessions->n; i++) {
        const sg_reg_record *se = &sessions->rec[i];
        if (!in_period(sg_reg_get_date(se, "session_date"), first, last)) continue;
        sg_tr_stats *c =
            stats_for(&out->course, &out->ncourse, &ccap, str0(sg_reg_get(se, "course")));
        long long cap = 0;
        if (sg_reg_get_int(se, "capacity", &cap) != SG_OK) cap = 0;
        c->sessions++, all->sessions++;
        c->places += (long)cap, all->places += (long)cap;
    }
    for (size_t i = 0; i < bookings->n; i++) {
        const sg_reg_record *b = &bookings->rec[i];
        const sg_reg_record *se = sg_reg_set_find(sessions, str0(sg_reg_get(b, "session")));
        if (!se || !in_period(sg_reg_get_date(se, "session_date"), first, last)) continue;
        sg_tr_stats *t[3] = {
            stats_for(&out->course, &out->ncourse, &ccap, str0(sg_reg_get(se, "course"))),
            stats_for(&out->agency, &out->nagency, &acap, str0(sg_reg_get(b, "agency"))), all};
        const char *a = sg_reg_get(b, "attendance");
        for (int k = 0; k < 3; k++) {
            if (a && strcmp(a, "CANCELLED_EARLY") == 0) {
                t[k]->early_cancel++;
                continue;
            }
            t[k]->booked++;
            if (!a)
                t[k]->unrecorded++;
            else if (strcmp(a, "ATTENDED") == 0)
                t[k]->attended++;
            else if (strcmp(a, "NO_SHOW") == 0)
                t[k]->no_show++;
            else if (strcmp(a, "CANCELLED_LATE") == 0)
                t[k]->late_cancel++;
        }
    }
    for (size_t i = 0; i < evaluations->n; i++) {
        const sg_reg_record *ev = &evaluations->rec[i];
        const sg_reg_record *se = sg_reg_set_find(sessions, str0(sg_reg_get(ev, "session")));
        if (!se || !in_period(sg_reg_get_date(se, "session_date"), first, last)) continue;
        sg_tr_stats *t[2] = {
            stats_for(&out->course, &out->ncourse, &ccap, str0(sg_reg_get(se, "course"))), all};
        long long rating, before, after;
        bool rated = sg_reg_get_int(ev, "rating", &rating) == SG_OK;
        bool paired = sg_reg_get_int(ev, "knowledge_before", &before) == SG_OK &&
                      sg_reg_get_int(ev, "knowledge_after", &after) == SG_OK;
        for (int k = 0; k < 2; k++) {
            if (rated) {
                t[k]->rated++;
                if (rating >= 4) t[k]->good++;
            }
            if (paired) {
                t[k]->paired++;
                t[k]->uplift_sum += (long)(after - before);
                if (after > before) t[k]->improving++;
            }
        }
    }
    for (size_t i = 0; i < out->ncourse; i++)
        finish(&out->course[i]);
    for (size_t i = 0; i < out->nagency; i++)
        finish(&out->agency[i]);
    finish(all);
    if (out->ncourse) qsort(out->course, out->ncourse, sizeof *out->course, stats_cmp);
    if (out->nagency) qsort(out->agency, out->nagency, sizeof *out->agency, stats_cmp);
    return SG_OK;
}

/* ---- views ---- */

typedef struct tr_sets {
    sg_reg_set c, s, b, e;
} tr_sets;

static void sets_fini(tr_sets *x)
{
    sg_reg_set_fini(&x->c);
    sg_reg_set_fini(&x->s);
    sg_reg_set_fini(&x->b);
    sg_reg_set_fini(&x->e);
}

/* Loads the registers and computes the year's figures. */
static int load_compute(sg_store *s, const sg_reg_view_opts *in, sg_reg_view_opts *o,
                        sg_tr_summary *sum, sg_error *err)
{
    sg_reg_view_defaults(in, o);
    tr_sets x;
    memset(&x, 0, sizeof x);
    int rc = sg_reg_load(s, &sg_reg_training_course, &x.c, err);
    if (!rc) rc = sg_reg_load(s, &sg_reg_training_session, &x.s, err);
    if (!rc) rc = sg_reg_load(s, &sg_reg_training_booking, &x.b, err);
    if (!rc) rc = sg_reg_load(s, &sg_reg_training_evaluation, &x.e, err);
    if (!rc) {
        sg_date first, last;
        sg_reg_fy_bounds(o->year, &first, &last);
        rc = sg_tr_compute(&x.c, &x.s, &x.b, &x.e, first, last, sum);
    }
    sets_fini(&x);
    return rc;
}

static void num(char out[24], long v)
{
    snprintf(out, 24, "%ld", v);
}

static void pct_or_dash(bool has, double v, char out[32])
{
    if (has)
        sg_fmt1(v, out);
    else
        snprintf(out, 32, "-");
}

static void attendance_row(sg_tab *t, const sg_tr_stats *r, const char *label, bool sessions)
{
    char a[24], b[24], c[24], d[24], e[24], p[32];
    num(a, r->sessions);
    num(b, r->booked);
    num(c, r->attended);
    num(d, r->no_show);
    num(e, r->late_cancel);
    pct_or_dash(r->has_attend_pct, r->attend_pct, p);
    if (sessions) {
        const char *row[] = {label, a, b, c, p, d, e};
        sg_tab_row(t, row);
    } else {
        const char *row[] = {label, b, c, p, d, e};
        sg_tab_row(t, row);
    }
}

static int render_end(sg_view_doc *out, sg_tr_summary *sum, sg_error *err)
{
    sg_view_note(out, "Booked excludes cancellations made in time. Percentages: 1 "
                      "decimal place, halves rounded away from zero.");
    sg_tr_summary_fini(sum);
    return sg_view_check(out, err);
}

static int view_summary(sg_store *s, const sg_register *reg, const sg_reg_view_opts *in,
                        sg_view_doc *out, sg_error *err)
{
    (void)reg;
    sg_reg_view_opts o;
    sg_tr_summary sum;
    int rc = load_compute(s, in, &o, &sum, err);
    if (rc) return rc;
    static const char *const head[] = {
        "course",    ">sessions",          ">booked", ">attended", ">% attending",
        ">no-shows", ">late cancellations"};
    sg_view_heading(out, 1,
                    "Training attendance, year %s (sessions held 1 April to 31 "
                    "March)",
                    sg_fy_text(o.year, (char[8]){0}));
    sg_tab *t = sg_view_table(out, NULL, 7, head);
    for (size_t i = 0; i < sum.ncourse; i++)
        attendance_row(t, &sum.course[i], sum.course[i].name, true);
    attendance_row(t, &sum.overall, "all courses", true);
    return render_end(out, &sum, err);
}

static int view_agencies(sg_store *s, const sg_register *reg, const sg_reg_view_opts *in,
                         sg_view_doc *out, sg_error *err)
{
    (void)reg;
    sg_reg_view_opts o;
    sg_tr_summary sum;
    int rc = load_compute(s, in, &o, &sum, err);
    if (rc) return rc;
    static const char *const head[] = {"agency",       ">booked",   ">attended",
                                       ">% attending", ">no-shows", ">late cancellations"};
    sg_view_heading(out, 1, "Training attendance by agency, year %s",
                    sg_fy_text(o.year, (char[8]){0}));
    sg_tab *t = sg_view_table(out, NULL, 6, head);
    for (size_t i = 0; i < sum.nagency; i++)
        attendance_row(t, &sum.agency[i], sum.agency[i].name, false);
    attendance_row(t, &sum.overall, "all agencies", false);
    return render_end(out, &sum, err);
}

static void eval_row(sg_tab *t, const sg_tr_stats *r, const char *label)
{
    char a[24], g[32], b[24], u[32], p[32];
    num(a, r->rated);
    pct_or_dash(r->has_good_pct, r->good_pct, g);
    num(b, r->paired);
    pct_or_dash(r->has_uplift, r->mean_uplift, u);
    pct_or_dash(r->has_uplift, r->improving_pct, p);
    const char *row[] = {label, a, g, b, u, p};
    sg_tab_row(t, row);
}

static int view_evaluation(sg_store *s, const sg_register *reg, const sg_reg_view_opts *in,
                           sg_view_doc *out, sg_error *err)
{
    (void)reg;
    sg_reg_view_opts o;
    sg_tr_summary sum;
    int rc = load_compute(s, in, &o, &sum, err);
    if (rc) return rc;
    static const char *const head[] = {"course",        ">rated",       ">% good or excellent",
                                       ">before+after", ">mean uplift", ">% improving"};
    sg_view_heading(out, 1,
                    "Training evaluations, year %s: good or excellent = rating 4 "
                    "or 5; uplift = knowledge after - before (0-10 scale)",
                    sg_fy_text(o.year, (char[8]){0}));
    sg_tab *t = sg_view_table(out, NULL, 6, head);
    for (size_t i = 0; i < sum.ncourse; i++)
        eval_row(t, &sum.course[i], sum.course[i].name);
    eval_row(t, &sum.overall, "all courses");
    sg_view_note(out, "1 decimal place, halves rounded away from zero.");
    sg_tr_summary_fini(&sum);
    return sg_view_check(out, err);
}

static const sg_reg_view course_views[] = {
    {"summary", "sessions, booked, attended, % attending per course and overall (--year Y)",
     view_summary},
    {"evaluation", "% rating good or excellent, mean knowledge uplift, % improving (--year Y)",
     view_evaluation},
};

static const sg_reg_view booking_views[] = {
    {"agencies", "booked, attended, % attending and no-shows per agency (--year Y)", view_agencies},
};

const sg_register sg_reg_training_course = {
    .name = "training_course",
    .title = "Training courses",
    .doc = "The partnership's multi-agency training courses.",
    .cols = course_cols,
    .ncols = (int)(sizeof course_cols / sizeof course_cols[0]),
    .views = course_views,
    .nviews = (int)(sizeof course_views / sizeof course_views[0]),
};

const sg_register sg_reg_training_session = {
    .name = "training_session",
    .title = "Training sessions",
    .doc = "Each time a course is delivered.",
    .cols = session_cols,
    .ncols = (int)(sizeof session_cols / sizeof session_cols[0]),
};

const sg_register sg_reg_training_booking = {
    .name = "training_booking",
    .title = "Training bookings and attendance",
    .doc = "One record per delegate place booked, with the delegate's agency and role (never a "
           "name) and what happened.",
    .cols = booking_cols,
    .ncols = (int)(sizeof booking_cols / sizeof booking_cols[0]),
    .views = booking_views,
    .nviews = (int)(sizeof booking_views / sizeof booking_views[0]),
};

const sg_register sg_reg_training_evaluation = {
    .name = "training_evaluation",
    .title = "Training evaluations",
    .doc = "One record per evaluation form: overall rating and knowledge before and after.",
    .cols = eval_cols,
    .ncols = (int)(sizeof eval_cols / sizeof eval_cols[0]),
    .check = eval_check,
};

/* test_register_views.c - the computed views of the case review, action and audit registers,
 * with answers worked out by hand in the comments: working-day clocks across bank holidays,
 * counts for the year, overdue / drift / evidence / impact flags, summaries, return rates,
 * grade distributions and schedule delays, and percentages that must round half away from
 * zero. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/period.h"
#include "core/num.h"
#include "registers/reg_actions.h"
#include "registers/reg_audit.h"
#include "registers/reg_case_review.h"
#include "registers/view.h"

#include "register_fixture.h"

static sg_date D(const char *iso)
{
    sg_date d = sg_date_parse_iso(iso, strlen(iso));
    assert_int_not_equal(d, SG_DATE_NONE);
    return d;
}

/* ---- clocks ---- */

static void test_clock_states(void **state)
{
    (void)state;
    /* Thu 2024-03-28 + 5 working days: Good Friday 29th and Easter Monday 1 April are bank
     * holidays, so Tue 2, Wed 3, Thu 4, Fri 5, Mon 8 -> 2024-04-08. */
    sg_date learned = D("2024-03-28");
    sg_clock c = sg_clock_days(learned, 5, true, D("2024-04-08"), D("2024-06-01"));
    assert_int_equal(c.due, D("2024-04-08"));
    assert_int_equal(c.state, SG_CLOCK_ON_TIME);
    char t[64];
    sg_clock_text(&c, t, sizeof t);
    assert_string_equal(t, "on time");
    /* Done on Tue 9th: one working day late. */
    c = sg_clock_days(learned, 5, true, D("2024-04-09"), D("2024-06-01"));
    assert_int_equal(c.state, SG_CLOCK_LATE);
    assert_int_equal(c.days, 1);
    sg_clock_text(&c, t, sizeof t);
    assert_string_equal(t, "late by 1 working day");
    /* Not done, today Thu 4 April: Fri 5 and Mon 8 remain -> due in 2 working days. */
    c = sg_clock_days(learned, 5, true, SG_DATE_NONE, D("2024-04-04"));
    assert_int_equal(c.state, SG_CLOCK_DUE);
    assert_int_equal(c.days, 2);
    sg_clock_text(&c, t, sizeof t);
    assert_string_equal(t, "due in 2 working days");
    /* Today Easter Monday: Tue 2 .. Mon 8 = 5 working days to go. */
    c = sg_clock_days(learned, 5, true, SG_DATE_NONE, D("2024-04-01"));
    assert_int_equal(c.days, 5);
    c = sg_clock_days(learned, 5, true, SG_DATE_NONE, D("2024-04-08"));
    sg_clock_text(&c, t, sizeof t);
    assert_string_equal(t, "due today");
    /* Today Sat 13 April: Tue 9 .. Fri 12 -> overdue by 4 working days. */
    c = sg_clock_days(learned, 5, true, SG_DATE_NONE, D("2024-04-13"));
    assert_int_equal(c.state, SG_CLOCK_OVERDUE);
    assert_int_equal(c.days, 4);
    sg_clock_text(&c, t, sizeof t);
    assert_string_equal(t, "overdue by 4 working days");
    /* Rapid review, 15 working days from 2024-03-28: Apr 2-5 (4), 8-12 (9), 15-19 (14),
     * Mon 22 (15). */
    c = sg_clock_days(learned, 15, true, SG_DATE_NONE, D("2024-04-01"));
    assert_int_equal(c.due, D("2024-04-22"));
    /* Coronation bank holiday Mon 2023-05-08: Wed 3 May + 5 = Thu 4, Fri 5, Tue 9, Wed 10,
     * Thu 11. And 15: ... Fri 12 (6), 15-19 (11), 22-25 (15) -> Thu 25 May. */
    assert_int_equal(sg_clock_days(D("2023-05-03"), 5, true, SG_DATE_NONE, 0).due, D("2023-05-11"));
    assert_int_equal(sg_clock_days(D("2023-05-03"), 15, true, SG_DATE_NONE, 0).due,
                     D("2023-05-25"));
    /* Christmas: Fri 2024-12-20 + 5 = Mon 23, Tue 24, (25, 26 holidays) Fri 27, Mon 30,
     * Tue 31. */
    assert_int_equal(sg_clock_days(D("2024-12-20"), 5, true, SG_DATE_NONE, 0).due, D("2024-12-31"));
    /* No start date: no clock. */
    c = sg_clock_days(SG_DATE_NONE, 5, true, SG_DATE_NONE, D("2024-04-01"));
    assert_int_equal(c.state, SG_CLOCK_NA);
    sg_clock_text(&c, t, sizeof t);
    assert_string_equal(t, "");
    /* Months clamp to the month's end: 31 Aug + 6 months = 28 Feb (29 in a leap year). */
    assert_int_equal(sg_date_add_months(D("2024-08-31"), 6), D("2025-02-28"));
    assert_int_equal(sg_date_add_months(D("2023-08-31"), 6), D("2024-02-29"));
    assert_int_equal(sg_date_add_months(D("2023-07-03"), 6), D("2024-01-03"));
    /* Calendar clocks count calendar days. */
    c = sg_clock_due(D("2025-04-01"), D("2025-04-30"), SG_DATE_NONE, D("2025-06-30"));
    assert_int_equal(c.state, SG_CLOCK_OVERDUE);
    assert_int_equal(c.days, 61); /* 1 May .. 30 June = 31 + 30 */
    sg_clock_text(&c, t, sizeof t);
    assert_string_equal(t, "overdue by 61 days");
}

/* ---- case reviews ---- */

static sg_reg_record *review(sg_reg_set *set, const char *ref, const char *type,
                             const char *learned, const char *notified, const char *rapid)
{
    sg_reg_record *r = sg_reg_set_push(set);
    sg_reg_record_put(r, "review_ref", ref);
    sg_reg_record_put(r, "incident_type", type);
    sg_reg_record_put(r, "learned_date", learned);
    sg_reg_record_put(r, "notification_date", notified);
    sg_reg_record_put(r, "rapid_review_date", rapid);
    return r;
}

static void test_case_review_clocks_of(void **state)
{
    (void)state;
    sg_reg_set set;
    sg_reg_set_init(&set, &sg_reg_case_review);
    sg_reg_record *r = review(&set, "CR-1", "DEATH", "2024-03-28", "2024-04-09", NULL);
    sg_reg_record_put(r, "decision", "LCSPR");
    sg_reg_record_put(r, "lcspr_commissioned_date", "2024-08-31");
    sg_cr_clocks c;
    sg_cr_clocks_of(r, D("2025-03-10"), &c);
    assert_int_equal(c.notify.state, SG_CLOCK_LATE);
    assert_int_equal(c.notify.days, 1);
    /* Rapid review due Mon 2024-04-22, not done by 2025-03-10: overdue. */
    assert_int_equal(c.rapid.due, D("2024-04-22"));
    assert_int_equal(c.rapid.state, SG_CLOCK_OVERDUE);
    /* Publication: 2024-08-31 + 6 months = 2025-02-28; on 2025-03-10 that is 10 days overdue
     * (1 .. 10 March). */
    assert_int_equal(c.publish.due, D("2025-02-28"));
    assert_int_equal(c.publish.state, SG_CLOCK_OVERDUE);
    assert_int_equal(c.publish.days, 10);
    /* Not an LCSPR: no publication clock. */
    sg_reg_record_put(r, "decision", "LOCAL_REVIEW");
    sg_cr_clocks_of(r, D("2025-03-10"), &c);
    assert_int_equal(c.publish.state, SG_CLOCK_NA);
    sg_reg_set_fini(&set);
}

static void test_case_review_year_examples(void **state)
{
    fx *f = *state;
    sg_error e;
    if (fx_import_examples(f->s, &e)) fail_msg("%s", e.msg);
    sg_reg_set set;
    assert_int_equal(sg_reg_load(f->s, &sg_reg_case_review, &set, &e), SG_OK);
    assert_int_equal(set.n, 4);
    sg_cr_year y;
    /* 2023-24 (1 Apr 2023 .. 31 Mar 2024): CR-2023-01 (learned 3 May 2023, serious harm) and
     * CR-2023-02 (learned 28 Mar 2024, death). Panel: CR-2023-01 notified 10 May, due 11 May
     * (coronation holiday) -> on time; CR-2023-02 notified 9 Apr, due 8 Apr -> late. 1 of 2
     * = 50.0%. Rapid reviews: 24 May (due 25 May) and 19 Apr (due 22 Apr): 2 of 2 = 100.0%.
     * Decisions: LCSPR and no further review. Commissioned in the year: CR-2023-01 (3 Jul
     * 2023); published in the year: CR-2023-01 (15 Jan 2024). */
    sg_cr_year_counts(&set, 2023, D(FX_TODAY), &y);
    assert_int_equal(y.notifications, 2);
    assert_int_equal(y.deaths, 1);
    assert_int_equal(y.serious_harm, 1);
    assert_int_equal(y.notified, 2);
    assert_int_equal(y.notify_on_time, 1);
    assert_int_equal(y.notify_measured, 2);
    assert_true(y.has_notify_pct);
    assert_float_equal(y.notify_pct, 50.0, 1e-9);
    assert_int_equal(y.rapid_done, 2);
    assert_int_equal(y.rapid_on_time, 2);
    assert_float_equal(y.rapid_pct, 100.0, 1e-9);
    assert_int_equal(y.overdue_now, 0);
    assert_int_equal(y.dec_lcspr, 1);
    assert_int_equal(y.dec_none, 1);
    assert_int_equal(y.dec_local, 0);
    assert_int_equal(y.dec_pending, 0);
    assert_int_equal(y.lcspr_commissioned, 1);
    assert_int_equal(y.published, 1);
    assert_int_equal(y.themes[0], 1); /* NEGLECT */
    /* 2024-25: CR-2024-01 (all on time, local review, published 2 Dec 2024) and CR-2024-02
     * (learned Wed 12 Feb 2025, notified Fri 14th, rapid review due 5 March and not done on
     * 30 June 2025: overdue, counted as measured and not on time). Rapid: 1 of 2 = 50.0%. */
    sg_cr_year_counts(&set, 2024, D(FX_TODAY), &y);
    assert_int_equal(y.notifications, 2);
    assert_int_equal(y.notify_on_time, 2);
    assert_float_equal(y.notify_pct, 100.0, 1e-9);
    assert_int_equal(y.rapid_done, 1);
    assert_int_equal(y.rapid_measured, 2);
    assert_float_equal(y.rapid_pct, 50.0, 1e-9);
    assert_int_equal(y.overdue_now, 1);
    assert_int_equal(y.dec_local, 1);
    assert_int_equal(y.dec_pending, 1);
    assert_int_equal(y.lcspr_commissioned, 0);
    assert_int_equal(y.published, 1);
    /* On 2025-02-20 CR-2024-02's rapid review (due 5 March) is still inside its time: not
     * measured yet, so 1 of 1 = 100.0%. */
    sg_cr_year_counts(&set, 2024, D("2025-02-20"), &y);
    assert_int_equal(y.rapid_measured, 1);
    assert_float_equal(y.rapid_pct, 100.0, 1e-9);
    assert_int_equal(y.overdue_now, 0);
    /* A year with nothing: no percentages. */
    sg_cr_year_counts(&set, 2020, D(FX_TODAY), &y);
    assert_int_equal(y.notifications, 0);
    assert_false(y.has_notify_pct);
    sg_reg_set_fini(&set);
}

static void test_case_review_rounding(void **state)
{
    (void)state;
    /* Three notifications learned on Mon 2024-06-03 (due Mon 10 June): notified on the 10th,
     * 11th and 12th -> 1 of 3 on time = 33.333..% -> 33.3. Rapid reviews (due Mon 24 June):
     * 24th, 24th, 25th -> 2 of 3 = 66.666..% -> 66.7. */
    sg_reg_set set;
    sg_reg_set_init(&set, &sg_reg_case_review);
    review(&set, "A", "DEATH", "2024-06-03", "2024-06-10", "2024-06-24");
    review(&set, "B", "DEATH", "2024-06-03", "2024-06-11", "2024-06-24");
    review(&set, "C", "SERIOUS_HARM", "2024-06-03", "2024-06-12", "2024-06-25");
    sg_cr_year y;
    sg_cr_year_counts(&set, 2024, D("2024-12-01"), &y);
    assert_float_equal(y.notify_pct, 33.3, 1e-9);
    assert_float_equal(y.rapid_pct, 66.7, 1e-9);
    char t[32];
    sg_fmt_pct(2, 3, t);
    assert_string_equal(t, "66.7");
    sg_fmt_pct(1, 8, t); /* 12.5 exactly */
    assert_string_equal(t, "12.5");
    sg_fmt_pct(1, 16, t); /* 6.25 -> 6.3, half away from zero */
    assert_string_equal(t, "6.3");
    sg_fmt_pct(1, 0, t);
    assert_string_equal(t, "-");
    sg_reg_set_fini(&set);
}

/* ---- actions ---- */

static sg_reg_record *action(sg_reg_set *set, const char *ref, const char *source,
                             const char *agency, const char *set_date, const char *due,
                             const char *status)
{
    sg_reg_record *a = sg_reg_set_push(set);
    sg_reg_record_put(a, "action_ref", ref);
    sg_reg_record_put(a, "source", source);
    sg_reg_record_put(a, "owner_agency", agency);
    sg_reg_record_put(a, "set_date", set_date);
    sg_reg_record_put(a, "due_date", due);
    sg_reg_record_put(a, "status", status);
    return a;
}

static void test_action_flags(void **state)
{
    (void)state;
    sg_reg_set recs, acts;
    sg_reg_set_init(&recs, &sg_reg_recommendation);
    sg_reg_set_init(&acts, &sg_reg_action);
    sg_reg_record *r = sg_reg_set_push(&recs);
    sg_reg_record_put(r, "rec_ref", "R-1");
    sg_reg_record_put(r, "source", "audit:MAA-1");
    sg_date today = D("2025-06-30");
    sg_act_flags fl;
    /* Due 2025-06-01, open: overdue by 29 days. Set 2025-04-30, no update: 61 days > 60 ->
     * drift. Its source is the recommendation's: audit. */
    sg_reg_record *a = action(&acts, "A-1", "recommendation:R-1", "CSC", "2025-04-30", "2025-06-01",
                              "IN_PROGRESS");
    sg_act_flags_of(a, &recs, today, 60, &fl);
    assert_true(fl.open);
    assert_true(fl.overdue);
    assert_int_equal(fl.days_overdue, 29);
    assert_int_equal(fl.days_since_update, 61);
    assert_true(fl.drift);
    assert_string_equal(fl.source, "audit");
    /* Updated 2025-05-01: exactly 60 days -> not drift (more than 60 is). Due today: not
     * overdue. */
    sg_reg_record_put(a, "last_update_date", "2025-05-01");
    sg_reg_record_put(a, "due_date", "2025-06-30");
    sg_act_flags_of(a, &recs, today, 60, &fl);
    assert_int_equal(fl.days_since_update, 60);
    assert_false(fl.drift);
    assert_false(fl.overdue);
    /* With a 30-day threshold it drifts. */
    sg_act_flags_of(a, &recs, today, 30, &fl);
    assert_true(fl.drift);
    /* Completed without evidence, impact check date reached today and not done. */
    sg_reg_record *b =
        action(&acts, "A-2", "case_review:CR-1", "HEALTH", "2024-01-01", "2024-06-01", "COMPLETED");
    sg_reg_record_put(b, "completed_date", "2024-07-01");
    sg_reg_record_put(b, "impact_check_date", "2025-06-30");
    sg_act_flags_of(b, &recs, today, 60, &fl);
    assert_false(fl.open);
    assert_false(fl.overdue); /* completed late is not overdue */
    assert_false(fl.drift);
    assert_true(fl.no_evidence);
    assert_true(fl.impact_due);
    assert_string_equal(fl.source, "case_review");
    sg_reg_record_put(b, "evidence", "Minutes of 1 July");
    sg_reg_record_put(b, "impact_checked_date", "2025-06-30");
    sg_act_flags_of(b, &recs, today, 60, &fl);
    assert_false(fl.no_evidence);
    assert_false(fl.impact_due);
    sg_reg_set_fini(&recs);
    sg_reg_set_fini(&acts);
}

static void test_action_summary(void **state)
{
    (void)state;
    sg_reg_set acts;
    sg_reg_set_init(&acts, &sg_reg_action);
    /* HEALTH: 16 actions from audits, 1 completed (with evidence), 1 closed not done, 14 open
     * and due in the future -> % completed = 1 / (16 - 1) = 6.666..% -> 6.7.
     * POLICE: 8 actions from case reviews, 1 completed -> 1 / 8 = 12.5%, 7 open, 2 of them
     * overdue. Total: 2 / (24 - 1) = 8.695..% -> 8.7. */
    char ref[16];
    for (int i = 0; i < 16; i++) {
        snprintf(ref, sizeof ref, "H-%02d", i);
        const char *status = i == 0 ? "COMPLETED" : i == 1 ? "CLOSED_NOT_DONE" : "IN_PROGRESS";
        sg_reg_record *a =
            action(&acts, ref, "audit:MAA-1", "HEALTH", "2025-06-01", "2025-12-31", status);
        if (i == 0) {
            sg_reg_record_put(a, "completed_date", "2025-06-15");
            sg_reg_record_put(a, "evidence", "Report");
        }
    }
    for (int i = 0; i < 8; i++) {
        snprintf(ref, sizeof ref, "P-%02d", i);
        sg_reg_record *a =
            action(&acts, ref, "case_review:CR-1", "POLICE", "2025-06-01",
                   i < 2 ? "2025-06-20" : "2025-12-31", i == 7 ? "COMPLETED" : "NOT_STARTED");
        if (i == 7) sg_reg_record_put(a, "completed_date", "2025-06-15"); /* no evidence */
    }
    sg_act_result r;
    assert_int_equal(sg_act_summarise(&acts, NULL, D("2025-06-30"), 60, NULL, &r), SG_OK);
    assert_int_equal(r.total.total, 24);
    assert_int_equal(r.total.completed, 2);
    assert_int_equal(r.total.closed, 1);
    assert_int_equal(r.total.open, 21);
    assert_int_equal(r.total.overdue, 2);
    assert_int_equal(r.total.drift, 0); /* set 29 days ago */
    assert_int_equal(r.total.no_evidence, 1);
    assert_float_equal(r.total.pct_completed, 8.7, 1e-9);
    /* Agencies in code order: POLICE before HEALTH. */
    assert_int_equal(r.n_agency, 2);
    assert_string_equal(r.by_agency[0].name, "POLICE");
    assert_float_equal(r.by_agency[0].pct_completed, 12.5, 1e-9);
    assert_int_equal(r.by_agency[0].overdue, 2);
    assert_string_equal(r.by_agency[1].name, "HEALTH");
    assert_float_equal(r.by_agency[1].pct_completed, 6.7, 1e-9);
    /* Sources in code order: case_review before audit. */
    assert_int_equal(r.n_source, 2);
    assert_string_equal(r.by_source[0].name, "case_review");
    assert_int_equal(r.by_source[0].total, 8);
    assert_string_equal(r.by_source[1].name, "audit");
    assert_int_equal(r.by_source[1].total, 16);
    /* One agency only. */
    assert_int_equal(sg_act_summarise(&acts, NULL, D("2025-06-30"), 60, "POLICE", &r), SG_OK);
    assert_int_equal(r.total.total, 8);
    assert_int_equal(r.n_agency, 1);
    sg_reg_set_fini(&acts);
}

static void test_action_examples(void **state)
{
    fx *f = *state;
    sg_error e;
    if (fx_import_examples(f->s, &e)) fail_msg("%s", e.msg);
    sg_reg_set acts, recs;
    assert_int_equal(sg_reg_load(f->s, &sg_reg_action, &acts, &e), SG_OK);
    assert_int_equal(sg_reg_load(f->s, &sg_reg_recommendation, &recs, &e), SG_OK);
    /* On 2025-06-30: A-2023-01-2 (HEALTH, due 2024-12-31, updated 2025-01-15: overdue 181
     * days, 166 days without update), A-2024-01-1 (POLICE, due 2025-03-31: overdue 91 days,
     * set 2024-11-05: 237 days), A-2023-02-1 (HEALTH, completed without evidence, impact check
     * 2025-01-31 not done). Completed: 2 of 5 = 40.0%. Sources through the recommendations:
     * case_review 3 (R-2023-01 twice, R-2023-02), audit 2 (R-2024-01 and a direct one). */
    sg_act_result r;
    sg_act_summarise(&acts, &recs, D(FX_TODAY), 0, NULL, &r);
    assert_int_equal(r.total.total, 5);
    assert_int_equal(r.total.overdue, 2);
    assert_int_equal(r.total.drift, 2);
    assert_int_equal(r.total.no_evidence, 1);
    assert_int_equal(r.total.impact_due, 1);
    assert_float_equal(r.total.pct_completed, 40.0, 1e-9);
    assert_string_equal(r.by_source[0].name, "case_review");
    assert_int_equal(r.by_source[0].total, 3);
    assert_float_equal(r.by_source[0].pct_completed, 66.7, 1e-9);
    assert_string_equal(r.by_source[1].name, "audit");
    assert_int_equal(r.by_source[1].total, 2);
    sg_act_flags fl;
    sg_act_flags_of(sg_reg_set_find(&acts, "A-2023-01-2"), &recs, D(FX_TODAY), 0, &fl);
    assert_int_equal(fl.days_overdue, 181);
    assert_int_equal(fl.days_since_update, 166);
    /* The rendered view lists exactly the three actions needing attention. */
    sg_buf b;
    sg_buf_init(&b, 0);
    sg_reg_view_opts o = {.today = D(FX_TODAY)};
    assert_int_equal(sg_reg_view_text(f->s, &sg_reg_action, &sg_reg_action.views[0], &o, &b, &e),
                     SG_OK);
    assert_non_null(strstr(sg_buf_str(&b), "overdue by 181 days; no update for 166 days"));
    assert_non_null(strstr(sg_buf_str(&b), "completed without evidence; impact check due"));
    assert_null(strstr(sg_buf_str(&b), "A-2023-01-1"));
    sg_buf_fini(&b);
    sg_reg_set_fini(&acts);
    sg_reg_set_fini(&recs);
}

/* ---- audits ---- */

static void test_audit_examples(void **state)
{
    fx *f = *state;
    sg_error e;
    if (fx_import_examples(f->s, &e)) fail_msg("%s", e.msg);
    sg_reg_set au, ca, re, gr;
    assert_int_equal(sg_reg_load(f->s, &sg_reg_audit, &au, &e), SG_OK);
    assert_int_equal(sg_reg_load(f->s, &sg_reg_audit_case, &ca, &e), SG_OK);
    assert_int_equal(sg_reg_load(f->s, &sg_reg_audit_return, &re, &e), SG_OK);
    assert_int_equal(sg_reg_load(f->s, &sg_reg_audit_grade, &gr, &e), SG_OK);
    sg_audit_stats st;
    /* MAA-2024-1: 3 cases, 7 returns all received (100.0%), due 25 Oct 2024; HEALTH C01 came
     * 28 Oct and HEALTH C03 30 Oct -> 5 on time. The last return (30 Oct) against returns_due
     * 25 Oct: late by 5 days. Panel held on the planned 5 Nov: on time. Report due 13 Dec,
     * presented 10 Jan 2025: late by 18 + 10 = 28 days. Grades (all domains): GOOD 2, RI 2
     * (C01 voice, C02 overall), INADEQUATE 1 of 5 -> 40.0 / 40.0 / 20.0. */
    assert_int_equal(sg_audit_stats_of("MAA-2024-1", &au, &ca, &re, &gr, D(FX_TODAY), NULL, &st),
                     SG_OK);
    assert_int_equal(st.cases, 3);
    assert_int_equal(st.requested, 7);
    assert_int_equal(st.received, 7);
    assert_int_equal(st.on_time, 5);
    assert_int_equal(st.overdue, 0);
    assert_float_equal(st.return_pct, 100.0, 1e-9);
    assert_int_equal(st.agency_requested[2], 2); /* HEALTH is the third agency code */
    assert_int_equal(st.returns.state, SG_CLOCK_LATE);
    assert_int_equal(st.returns.days, 5);
    assert_int_equal(st.panel.state, SG_CLOCK_ON_TIME);
    assert_int_equal(st.report.state, SG_CLOCK_LATE);
    assert_int_equal(st.report.days, 28);
    assert_int_equal(st.graded, 5);
    assert_int_equal(st.grades[0], 0);
    assert_int_equal(st.grades[1], 2);
    assert_int_equal(st.grades[2], 1 + 1);
    assert_int_equal(st.grades[3], 1);
    assert_float_equal(st.grade_pct[1], 40.0, 1e-9);
    assert_float_equal(st.grade_pct[3], 20.0, 1e-9);
    /* OVERALL only: GOOD 2 (C01, C03), RI 1 (C02) -> 66.7 / 33.3. */
    sg_audit_stats_of("MAA-2024-1", &au, &ca, &re, &gr, D(FX_TODAY), "OVERALL", &st);
    assert_int_equal(st.graded, 3);
    assert_float_equal(st.grade_pct[1], 66.7, 1e-9);
    assert_float_equal(st.grade_pct[2], 33.3, 1e-9);
    /* MAA-2025-1 on 30 June 2025: 2 returns requested, 1 received (50.0%), POLICE's due 30
     * April and missing -> overdue; returns clock overdue 61 days; panel planned 15 May and not
     * held -> overdue 16 + 30 = 46 days; report due today. No grades. */
    sg_audit_stats_of("MAA-2025-1", &au, &ca, &re, &gr, D(FX_TODAY), NULL, &st);
    assert_int_equal(st.requested, 2);
    assert_int_equal(st.received, 1);
    assert_int_equal(st.overdue, 1);
    assert_float_equal(st.return_pct, 50.0, 1e-9);
    assert_int_equal(st.returns.state, SG_CLOCK_OVERDUE);
    assert_int_equal(st.returns.days, 61);
    assert_int_equal(st.panel.days, 46);
    assert_int_equal(st.report.state, SG_CLOCK_DUE);
    assert_int_equal(st.report.days, 0);
    assert_false(st.has_grade_pct);
    assert_int_equal(sg_audit_stats_of("MAA-9", &au, &ca, &re, &gr, D(FX_TODAY), NULL, &st),
                     SG_ENOTFOUND);
    /* The rendered view carries the figures. */
    sg_buf b;
    sg_buf_init(&b, 0);
    sg_reg_view_opts o = {.today = D(FX_TODAY)};
    assert_int_equal(sg_reg_view_text(f->s, &sg_reg_audit, &sg_reg_audit.views[0], &o, &b, &e),
                     SG_OK);
    assert_non_null(strstr(sg_buf_str(&b), "2 (40.0%)"));
    assert_non_null(strstr(sg_buf_str(&b), "overdue by 61 days"));
    sg_buf_fini(&b);
    sg_reg_set_fini(&au);
    sg_reg_set_fini(&ca);
    sg_reg_set_fini(&re);
    sg_reg_set_fini(&gr);
}

static void test_audit_grade_rounding(void **state)
{
    (void)state;
    /* 8 cases graded overall: 1 outstanding (12.5), 3 good (37.5), 3 RI (37.5), 1 inadequate
     * (12.5) - exact halves stay as they are at 1 dp; 16 grades with 1 outstanding: 6.25 ->
     * 6.3. */
    sg_reg_set au, ca, re, gr;
    sg_reg_set_init(&au, &sg_reg_audit);
    sg_reg_set_init(&ca, &sg_reg_audit_case);
    sg_reg_set_init(&re, &sg_reg_audit_return);
    sg_reg_set_init(&gr, &sg_reg_audit_grade);
    sg_reg_record *a = sg_reg_set_push(&au);
    sg_reg_record_put(a, "audit_ref", "X");
    static const char *const g8[] = {"OUTSTANDING",
                                     "GOOD",
                                     "GOOD",
                                     "GOOD",
                                     "REQUIRES_IMPROVEMENT",
                                     "REQUIRES_IMPROVEMENT",
                                     "REQUIRES_IMPROVEMENT",
                                     "INADEQUATE"};
    for (int i = 0; i < 16; i++) {
        char no[8], key[32];
        snprintf(no, sizeof no, "C%02d", i);
        snprintf(key, sizeof key, "X/C%02d", i);
        sg_reg_record *c = sg_reg_set_push(&ca);
        sg_reg_record_put(c, "audit", "X");
        sg_reg_record_put(c, "case_no", no);
        sg_reg_record *g = sg_reg_set_push(&gr);
        sg_reg_record_put(g, "case", key);
        sg_reg_record_put(g, "domain", i < 8 ? "OVERALL" : "PLANNING");
        sg_reg_record_put(g, "grade", i < 8 ? g8[i] : "GOOD");
    }
    sg_audit_stats st;
    sg_audit_stats_of("X", &au, &ca, &re, &gr, D(FX_TODAY), "OVERALL", &st);
    assert_float_equal(st.grade_pct[0], 12.5, 1e-9);
    assert_float_equal(st.grade_pct[1], 37.5, 1e-9);
    sg_audit_stats_of("X", &au, &ca, &re, &gr, D(FX_TODAY), NULL, &st);
    assert_int_equal(st.graded, 16);
    assert_float_equal(st.grade_pct[0], 6.3, 1e-9);  /* 1/16 = 6.25 */
    assert_float_equal(st.grade_pct[1], 68.8, 1e-9); /* 11/16 = 68.75 */
    /* No returns requested: no return rate. */
    assert_false(st.has_return_pct);
    sg_reg_set_fini(&au);
    sg_reg_set_fini(&ca);
    sg_reg_set_fini(&re);
    sg_reg_set_fini(&gr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clock_states),
        cmocka_unit_test(test_case_review_clocks_of),
        cmocka_unit_test_setup_teardown(test_case_review_year_examples, fx_setup, fx_teardown),
        cmocka_unit_test(test_case_review_rounding),
        cmocka_unit_test(test_action_flags),
        cmocka_unit_test(test_action_summary),
        cmocka_unit_test_setup_teardown(test_action_examples, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_audit_examples, fx_setup, fx_teardown),
        cmocka_unit_test(test_audit_grade_rounding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_return_calendar.c - the partner return calendar (registers/return_calendar.h): due
 * dates from the working-day rule, the states on both sides of each boundary (received on the
 * due day is on time, a day after is late; the day after the period is due, the day after the
 * due date is missing), which returns an organisation owes (frequency, membership), and the
 * data-quality figures - every answer worked out by hand from the calendar (bank holidays:
 * Good Friday 2025-04-18, Easter Monday 2025-04-21, New Year's Day 2025-01-01). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "registers/organisation.h"
#include "registers/return_calendar.h"

#include <string.h>

static sg_date D(const char *iso)
{
    return sg_date_parse_iso(iso, strlen(iso));
}

static void test_due_dates(void **state)
{
    (void)state;
    /* Q1 2024-25 ends Sunday 30 June 2024: 15 working days on is Friday 19 July */
    assert_int_equal(sg_ret_due(D("2024-06-30"), 15), D("2024-07-19"));
    /* 0: the last day when a working day, else the next: Monday 1 July */
    assert_int_equal(sg_ret_due(D("2024-06-30"), 0), D("2024-07-01"));
    assert_int_equal(sg_ret_due(D("2024-09-30"), 0), D("2024-09-30"));
    /* Q2 ends Monday 30 September: 15 working days on is Monday 21 October */
    assert_int_equal(sg_ret_due(D("2024-09-30"), 15), D("2024-10-21"));
    /* Q3 ends Tuesday 31 December, 1 January is a holiday: Wednesday 22 January */
    assert_int_equal(sg_ret_due(D("2024-12-31"), 15), D("2025-01-22"));
    /* Q4 ends Monday 31 March 2025, Easter falls inside: Wednesday 23 April */
    assert_int_equal(sg_ret_due(D("2025-03-31"), 15), D("2025-04-23"));
}

static void test_states_at_boundaries(void **state)
{
    (void)state;
    sg_date end = D("2024-06-30"), due = D("2024-07-19");
    int days = -1;
    /* received on the due day: on time; a day after: late by 1 */
    assert_int_equal(sg_ret_state_of(end, due, due, D("2024-08-01"), &days), SG_RET_ON_TIME);
    assert_int_equal(days, 0);
    assert_int_equal(sg_ret_state_of(end, due, due + 1, D("2024-08-01"), &days), SG_RET_LATE);
    assert_int_equal(days, 1);
    /* received before the period ended (early) is on time */
    assert_int_equal(sg_ret_state_of(end, due, end - 3, end - 2, NULL), SG_RET_ON_TIME);
    /* nothing received: open on the period's last day, due the day after (18 days to go) */
    assert_int_equal(sg_ret_state_of(end, due, SG_DATE_NONE, end, &days), SG_RET_OPEN);
    assert_int_equal(sg_ret_state_of(end, due, SG_DATE_NONE, end + 1, &days), SG_RET_DUE);
    assert_int_equal(days, 18);
    /* due on the due day (0 days), missing the day after (1 day overdue) */
    assert_int_equal(sg_ret_state_of(end, due, SG_DATE_NONE, due, &days), SG_RET_DUE);
    assert_int_equal(days, 0);
    assert_int_equal(sg_ret_state_of(end, due, SG_DATE_NONE, due + 1, &days), SG_RET_MISSING);
    assert_int_equal(days, 1);
    assert_string_equal(sg_ret_state_code(SG_RET_MISSING), "missing");
    assert_string_equal(sg_ret_state_code(SG_RET_ON_TIME), "on_time");
}

static void test_quarter_of(void **state)
{
    (void)state;
    assert_int_equal(sg_ret_quarter_of(D("2024-04-01")), 1);
    assert_int_equal(sg_ret_quarter_of(D("2024-06-30")), 1);
    assert_int_equal(sg_ret_quarter_of(D("2024-07-01")), 2);
    assert_int_equal(sg_ret_quarter_of(D("2024-12-31")), 3);
    assert_int_equal(sg_ret_quarter_of(D("2025-01-01")), 4);
    assert_int_equal(sg_ret_quarter_of(D("2025-03-31")), 4);
}

static void put(sg_catalogue *c, const char *id, const char *owner, const char *freq,
                const char *breakdowns)
{
    sg_cat_row r = {.id = id,
                    .title = id,
                    .group = "G",
                    .owner = owner,
                    .kind = "SUBMITTED",
                    .frequency = freq,
                    .unit = "COUNT",
                    .breakdowns = breakdowns};
    sg_error e;
    sg_error_clear(&e);
    if (sg_cat_put(c, &r, &e) != SG_OK) fail_msg("%s", e.msg);
}

static sg_return_sub sub(int64_t id, const char *org, const char *period, const char *received,
                         long rejected)
{
    sg_return_sub s;
    memset(&s, 0, sizeof s);
    s.id = id;
    snprintf(s.organisation, sizeof s.organisation, "%s", org);
    snprintf(s.period, sizeof s.period, "%s", period);
    s.received = D(received);
    s.rows_accepted = rejected ? 0 : 2;
    s.rows_rejected = rejected;
    return s;
}

static const sg_ret_entry *entry(const sg_ret_calendar *c, const char *org, const char *period)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->v[i].organisation, org) == 0 && strcmp(c->v[i].period, period) == 0)
            return &c->v[i];
    return NULL;
}

typedef struct fixture {
    sg_catalogue *cat;
    sg_reg_set orgs;
    sg_return_sub s[5];
    sg_return_subs subs;
    sg_partner_value val[1];
    sg_partner_values live;
} fixture;

/* A owns m1 (two breakdown categories: still one measure) and m2 quarterly and m3 yearly; B
 * owns m4 quarterly and left the partnership on 30 September 2024. */
static void fixture_init(fixture *f)
{
    memset(f, 0, sizeof *f);
    f->cat = sg_cat_new();
    put(f->cat, "m1", "A", "QUARTERLY", "HIGH;LOW");
    put(f->cat, "m2", "A", "QUARTERLY", NULL);
    put(f->cat, "m3", "A", "ANNUAL", NULL);
    put(f->cat, "m4", "B", "QUARTERLY", NULL);
    sg_error e;
    sg_error_clear(&e);
    if (sg_cat_finish(f->cat, &e) != SG_OK) fail_msg("%s", e.msg);
    sg_reg_set_init(&f->orgs, &sg_reg_organisation);
    sg_reg_record *a = sg_reg_set_push(&f->orgs);
    sg_reg_record_put(a, "short_name", "A");
    sg_reg_record_put(a, "name", "Agency A");
    sg_reg_record *b = sg_reg_set_push(&f->orgs);
    sg_reg_record_put(b, "short_name", "B");
    sg_reg_record_put(b, "name", "Agency B");
    sg_reg_record_put(b, "active_to", "2024-09-30");
    /* A: Q1 on the due day and resubmitted on 1 August; Q2 refused on 1 October, then
     * accepted a day after its due date */
    f->s[0] = sub(1, "A", "2024-Q1", "2024-07-19", 0);
    f->s[1] = sub(2, "A", "2024-Q1", "2024-08-01", 0);
    f->s[2] = sub(3, "A", "2024-Q2", "2024-10-01", 1);
    f->s[3] = sub(4, "A", "2024-Q2", "2024-10-22", 0);
    f->s[3].findings = 2;
    f->subs.v = f->s;
    f->subs.n = 4;
    /* the live Q1 return supplies m1 (one category) but not m2 */
    snprintf(f->val[0].organisation, sizeof f->val[0].organisation, "%s", "A");
    snprintf(f->val[0].period, sizeof f->val[0].period, "%s", "2024-Q1");
    snprintf(f->val[0].measure, sizeof f->val[0].measure, "%s", "m1");
    snprintf(f->val[0].breakdown, sizeof f->val[0].breakdown, "%s", "HIGH");
    f->val[0].has_value = 1;
    f->live.v = f->val;
    f->live.n = 1;
}

static void fixture_fini(fixture *f)
{
    sg_cat_free(f->cat);
    sg_reg_set_fini(&f->orgs);
}

static void test_build_and_quality(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    sg_ret_inputs in = {.cat = f.cat, .orgs = &f.orgs, .subs = &f.subs, .live = &f.live};
    sg_ret_calendar c;
    sg_ret_build(&in, 2024, 2024, 15, D("2025-05-01"), &c);
    /* A: 4 quarters + the year; B: Q1 and Q2 only (a member on 30 September, not after) */
    assert_int_equal(c.n, 7);
    assert_null(entry(&c, "B", "2024-Q3"));
    const sg_ret_entry *q1 = entry(&c, "A", "2024-Q1"), *q2 = entry(&c, "A", "2024-Q2"),
                       *yr = entry(&c, "A", "2024-25"), *b1 = entry(&c, "B", "2024-Q1");
    assert_non_null(q1);
    assert_non_null(q2);
    assert_non_null(yr);
    assert_non_null(b1);
    assert_string_equal(q1->name, "Agency A");
    assert_int_equal(q1->owed, 2);
    assert_int_equal(q1->supplied, 1);
    assert_int_equal(q1->state, SG_RET_ON_TIME);
    assert_int_equal(q1->received, D("2024-07-19"));
    assert_int_equal(q1->resubmissions, 1);
    assert_int_equal(q1->latest, 2);
    assert_int_equal(q2->due, D("2024-10-21"));
    assert_int_equal(q2->state, SG_RET_LATE);
    assert_int_equal(q2->days, 1);
    assert_int_equal(q2->refused, 1);
    assert_int_equal(q2->findings, 2);
    assert_int_equal(q2->resubmissions, 0);
    assert_int_equal(yr->owed, 1);
    assert_int_equal(yr->due, D("2025-04-23"));
    assert_int_equal(yr->state, SG_RET_MISSING);
    assert_int_equal(yr->days, 8);
    assert_int_equal(b1->state, SG_RET_MISSING);
    /* ordered by due date: the Q1 returns (19 July 2024) first, the year and Q4 last */
    assert_int_equal(c.v[0].due, D("2024-07-19"));
    assert_int_equal(c.v[6].due, D("2025-04-23"));

    /* A's year: 5 returns, 1 on time, 1 late, 3 missing (Q3, Q4, the year): 20.0% on time;
     * 9 measures owed (2+2+2+2+1), 1 supplied: 11.1%; 1 resubmission; 3 queries (1 refused
     * return, 2 findings) */
    sg_ret_quality q;
    memset(&q, 0, sizeof q);
    for (size_t i = 0; i < c.n; i++)
        if (strcmp(c.v[i].organisation, "A") == 0) sg_ret_quality_add(&q, &c.v[i]);
    assert_int_equal(q.returns, 5);
    assert_int_equal(q.on_time, 1);
    assert_int_equal(q.late, 1);
    assert_int_equal(q.missing, 3);
    assert_int_equal(q.owed, 9);
    assert_int_equal(q.supplied, 1);
    assert_int_equal(q.resubmissions, 1);
    assert_int_equal(q.queries, 3);
    char pct[32];
    sg_fmt_pct(q.on_time, q.returns, pct);
    assert_string_equal(pct, "20.0");
    sg_fmt_pct(q.supplied, q.owed, pct);
    assert_string_equal(pct, "11.1");
    sg_ret_calendar_fini(&c);
    fixture_fini(&f);
}

static sg_return_refusal refusal(const char *org, const char *period, const char *day,
                                 long problems)
{
    sg_return_refusal r;
    memset(&r, 0, sizeof r);
    snprintf(r.organisation, sizeof r.organisation, "%s", org);
    snprintf(r.period, sizeof r.period, "%s", period);
    r.day = D(day);
    r.problems = problems;
    return r;
}

/* Returns refused whole (recorded after their import rolled back): A's Q3 (due Wednesday 22
 * January 2025) refused on 10 January (3 problems) and 15 January (1 problem), then accepted on
 * 20 January with 2 findings; A's Q4 refused once (5 problems) and never accepted. */
static void test_recorded_refusals(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    f.s[4] = sub(5, "A", "2024-Q3", "2025-01-20", 0);
    f.s[4].findings = 2;
    f.subs.n = 5;
    sg_return_refusal rv[3] = {refusal("A", "2024-Q3", "2025-01-10", 3),
                               refusal("A", "2024-Q3", "2025-01-15", 1),
                               refusal("A", "2024-Q4", "2025-04-10", 5)};
    sg_return_refusals refs = {.v = rv, .n = 3, .cap = 3};
    sg_ret_inputs in = {
        .cat = f.cat, .orgs = &f.orgs, .subs = &f.subs, .live = NULL, .refusals = &refs};
    sg_ret_calendar c;
    sg_ret_build(&in, 2024, 2024, 15, D("2025-05-01"), &c);
    const sg_ret_entry *q3 = entry(&c, "A", "2024-Q3"), *q4 = entry(&c, "A", "2024-Q4");
    /* Q3: 2 refused, queries 3 + 1 problems + 2 findings = 6; received on the accepted day, so
     * on time (a refusal is not a receipt) and no resubmission */
    assert_int_equal(q3->refused, 2);
    assert_int_equal(q3->refusal_problems, 4);
    assert_int_equal(q3->findings, 2);
    assert_int_equal(q3->queries, 6);
    assert_int_equal(q3->received, D("2025-01-20"));
    assert_int_equal(q3->state, SG_RET_ON_TIME);
    assert_int_equal(q3->resubmissions, 0);
    /* Q4: refused once and nothing accepted: still missing (due 23 April, 8 days overdue) */
    assert_int_equal(q4->refused, 1);
    assert_int_equal(q4->queries, 5);
    assert_int_equal(q4->state, SG_RET_MISSING);
    assert_int_equal(q4->days, 8);
    /* Q2 (1 stored return with rejected rows, 2 findings) is as before: refused 1, queries 3 */
    assert_int_equal(entry(&c, "A", "2024-Q2")->refused, 1);
    assert_int_equal(entry(&c, "A", "2024-Q2")->queries, 3);
    /* A's year: refused 1 (Q2) + 2 (Q3) + 1 (Q4) = 4; queries 3 (Q2) + 6 (Q3) + 5 (Q4) = 14 */
    sg_ret_quality q, q3q;
    memset(&q, 0, sizeof q);
    memset(&q3q, 0, sizeof q3q);
    for (size_t i = 0; i < c.n; i++) {
        if (strcmp(c.v[i].organisation, "A")) continue;
        sg_ret_quality_add(&q, &c.v[i]);
        if (sg_ret_quarter_of(c.v[i].period_end) == 3) sg_ret_quality_add(&q3q, &c.v[i]);
    }
    assert_int_equal(q.refused, 4);
    assert_int_equal(q.queries, 14);
    assert_int_equal(q3q.returns, 1);
    assert_int_equal(q3q.on_time, 1);
    assert_int_equal(q3q.refused, 2);
    assert_int_equal(q3q.queries, 6);
    sg_ret_calendar_fini(&c);
    /* a refusal counts from its day: on 15 January both (queries 4), on 14 January one (3) */
    sg_ret_build(&in, 2024, 2024, 15, D("2025-01-15"), &c);
    assert_int_equal(entry(&c, "A", "2024-Q3")->refused, 2);
    assert_int_equal(entry(&c, "A", "2024-Q3")->queries, 4);
    assert_int_equal(entry(&c, "A", "2024-Q3")->state, SG_RET_DUE);
    sg_ret_calendar_fini(&c);
    sg_ret_build(&in, 2024, 2024, 15, D("2025-01-14"), &c);
    assert_int_equal(entry(&c, "A", "2024-Q3")->refused, 1);
    assert_int_equal(entry(&c, "A", "2024-Q3")->queries, 3);
    sg_ret_calendar_fini(&c);
    fixture_fini(&f);
}

static void test_as_of_hides_later_returns(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f);
    sg_ret_inputs in = {.cat = f.cat, .orgs = &f.orgs, .subs = &f.subs, .live = NULL};
    sg_ret_calendar c;
    /* on 31 July 2024 the resubmission of 1 August has not arrived; Q2 is still open */
    sg_ret_build(&in, 2024, 2024, 15, D("2024-07-31"), &c);
    const sg_ret_entry *q1 = entry(&c, "A", "2024-Q1"), *q2 = entry(&c, "A", "2024-Q2");
    assert_int_equal(q1->state, SG_RET_ON_TIME);
    assert_int_equal(q1->resubmissions, 0);
    assert_int_equal(q1->latest, 1);
    assert_int_equal(q1->supplied, 0); /* no live values given */
    assert_int_equal(q2->state, SG_RET_OPEN);
    assert_int_equal(entry(&c, "B", "2024-Q1")->state, SG_RET_MISSING);
    sg_ret_calendar_fini(&c);
    /* on 21 October (Q2's due day) with only the refused return: due today, one query */
    sg_ret_build(&in, 2024, 2024, 15, D("2024-10-21"), &c);
    q2 = entry(&c, "A", "2024-Q2");
    assert_int_equal(q2->state, SG_RET_DUE);
    assert_int_equal(q2->days, 0);
    assert_int_equal(q2->refused, 1);
    sg_ret_quality q;
    memset(&q, 0, sizeof q);
    sg_ret_quality_add(&q, q2);
    assert_int_equal(q.returns, 0); /* not yet measured */
    assert_int_equal(q.queries, 1);
    sg_ret_calendar_fini(&c);
    /* 2023-24 with returns due on the day each period ends (or the next working day) */
    sg_ret_build(&in, 2023, 2023, 0, D("2024-07-31"), &c);
    assert_int_equal(c.n, 9); /* A 4 quarters and the year, B (a member throughout) 4 */
    assert_int_equal(entry(&c, "A", "2023-Q4")->due, D("2024-04-02")); /* Easter Monday 1 Apr */
    sg_ret_calendar_fini(&c);
    fixture_fini(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_due_dates),
        cmocka_unit_test(test_states_at_boundaries),
        cmocka_unit_test(test_quarter_of),
        cmocka_unit_test(test_build_and_quality),
        cmocka_unit_test(test_as_of_hides_later_returns),
        cmocka_unit_test(test_recorded_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

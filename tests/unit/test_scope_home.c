/* test_scope_home.c - "what needs me" (access/scope_home.h) on hand-made stores with the answers
 * worked out by hand on Monday 1 July 2024 (no bank holiday in June 2024; Easter Monday 1 April):
 *  - case reviews: CR-A learned Mon 3 June, nothing done: notification due Mon 10 June (5
 *    working days) and rapid review due Mon 24 June (15), both overdue; CR-C learned Mon 17
 *    June, notified: rapid review due Mon 8 July, 5 working days away (due soon when soon_days
 *    >= 5, not when 4); CR-B learned Mon 24 June, notified: rapid review due Mon 15 July, 10
 *    working days away (never listed with soon_days 7).
 *  - actions: A1 (POLICE) due 1 March 2024, open: overdue by 122 days; A2 (HEALTH) set 1 January,
 *    no update: 182 days, drifting (more than 60); A3 (POLICE) due 1 August, updated 15 June:
 *    neither.
 *  - returns: COUNCIL owes one quarterly measure, due 15 working days after each quarter; on 1
 *    July 2024 2023-Q1..Q4 are missing (2023-Q4, Jan-Mar 2024, ended Sunday 31 March: due Mon 22
 *    April, 70 days overdue), 2024-Q1 ended 30 June and is due Fri 19 July (18 days away). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "access/scope_home.h"
#include "access_fixture.h"
#include "registers/measure.h"
#include "registers/organisation.h"
#include "registers/reg_actions.h"
#include "registers/reg_case_review.h"
#include "store/import.h"

static void reg_import(afx *f, const sg_register *reg, const char *text)
{
    FILE *fp = fmemopen((void *)text, strlen(text), "r");
    assert_non_null(fp);
    sg_reg_import_stats st;
    sg_error e;
    sg_error_clear(&e);
    if (sg_reg_import_csv(f->s, reg, fp, "t.csv", "tester", &st, &e)) fail_msg("%s", e.msg);
    fclose(fp);
}

static sg_principal who(sg_role role, const char *agency)
{
    sg_principal p;
    memset(&p, 0, sizeof p);
    p.user_id = 7;
    snprintf(p.username, sizeof p.username, "%s", sg_role_name(role));
    p.role = role;
    if (agency) snprintf(p.agency, sizeof p.agency, "%s", agency);
    return p;
}

static void registers(afx *f)
{
    reg_import(f, &sg_reg_case_review,
               "review_ref,child,incident_type,incident_date,learned_date,notification_date\n"
               "CR-A,L3f9a0c1b2d4e5f60718293a4,DEATH,2024-06-01,2024-06-03,\n"
               "CR-B,L0b1c2d3e4f5a6b7c8d9e0f1a,DEATH,2024-06-20,2024-06-24,2024-06-25\n"
               "CR-C,L0b1c2d3e4f5a6b7c8d9e0f1b,SERIOUS_HARM,2024-06-14,2024-06-17,2024-06-18\n");
    reg_import(f, &sg_reg_action,
               "action_ref,source,description,owner_agency,set_date,due_date,status,"
               "last_update_date\n"
               "A1,other:x,Police one,POLICE,2024-01-01,2024-03-01,IN_PROGRESS,2024-02-01\n"
               "A2,other:x,Health one,HEALTH,2024-01-01,2030-03-01,NOT_STARTED,\n"
               "A3,other:x,Police two,POLICE,2024-01-01,2024-08-01,IN_PROGRESS,2024-06-15\n");
}

static void test_needs_registers(void **state)
{
    afx *f = *state;
    registers(f);
    sg_date today = sg_date_from_ymd(2024, 7, 1);
    sg_principal business = who(SG_ROLE_BUSINESS, NULL), police = who(SG_ROLE_AGENCY, "POLICE"),
                 exec = who(SG_ROLE_EXECUTIVE, NULL), pub = who(SG_ROLE_PUBLIC, NULL);
    sg_scope sb = {f->s, &business, NULL, 1700000000}, sp = {f->s, &police, NULL, 1700000000},
             se = {f->s, &exec, NULL, 1700000000}, su = {f->s, &pub, NULL, 1700000000};
    sg_needs n;
    sg_error e;
    sg_error_clear(&e);

    /* business manager: 3 overdue (A1 due 1 March, CR-A's notification 10 June and rapid review
     * 24 June, earliest first), then 2 due soon (CR-C's rapid review 8 July, A2 drifting) */
    assert_int_equal(sg_scope_needs(&sb, today, 7, 0, &n, &e), SG_OK);
    assert_int_equal(n.n, 5);
    assert_int_equal(n.overdue, 3);
    assert_int_equal(n.soon, 2);
    assert_string_equal(n.v[0].text, "Action A1: overdue by 122 days");
    assert_string_equal(n.v[0].href, "/actions/A1");
    assert_int_equal(n.v[0].rank, SG_NEED_OVERDUE);
    assert_string_equal(n.v[1].text,
                        "Case review CR-A: National Panel notification overdue by 15 working days");
    assert_string_equal(n.v[1].href, "/registers/case_review/CR-A");
    assert_int_equal(n.v[1].due, sg_date_from_ymd(2024, 6, 10));
    assert_string_equal(n.v[2].text, "Case review CR-A: rapid review overdue by 5 working days");
    assert_int_equal(n.v[2].due, sg_date_from_ymd(2024, 6, 24));
    assert_int_equal(n.v[3].rank, SG_NEED_SOON);
    assert_string_equal(n.v[3].text, "Case review CR-C: rapid review due in 5 working days");
    assert_int_equal(n.v[3].due, sg_date_from_ymd(2024, 7, 8));
    assert_string_equal(n.v[4].text, "Action A2: drifting, no update for 182 days");
    assert_string_equal(n.v[4].href, "/actions/A2");
    for (size_t i = 0; i < n.n; i++)
        assert_null(strstr(n.v[i].text, "L3f9a0c1"));
    sg_needs_fini(&n);

    /* the due-soon boundary: 5 working days away is listed with soon_days 5, not with 4 */
    assert_int_equal(sg_scope_needs(&sb, today, 5, 0, &n, &e), SG_OK);
    assert_int_equal(n.soon, 2);
    sg_needs_fini(&n);
    assert_int_equal(sg_scope_needs(&sb, today, 4, 0, &n, &e), SG_OK);
    assert_int_equal(n.soon, 1);
    assert_int_equal(n.overdue, 3);
    sg_needs_fini(&n);
    /* CR-B (10 working days) comes in at soon_days 10 */
    assert_int_equal(sg_scope_needs(&sb, today, 10, 0, &n, &e), SG_OK);
    assert_int_equal(n.soon, 3);
    sg_needs_fini(&n);
    /* drift: A2's 182 days is drifting at 181, not at 182 */
    assert_int_equal(sg_scope_needs(&sb, today, 7, 181, &n, &e), SG_OK);
    assert_int_equal(n.soon, 2);
    sg_needs_fini(&n);
    assert_int_equal(sg_scope_needs(&sb, today, 7, 182, &n, &e), SG_OK);
    assert_int_equal(n.soon, 1);
    sg_needs_fini(&n);

    /* police: its own overdue action only - no case reviews, no HEALTH action */
    assert_int_equal(sg_scope_needs(&sp, today, 7, 0, &n, &e), SG_OK);
    assert_int_equal(n.n, 1);
    assert_string_equal(n.v[0].text, "Action A1: overdue by 122 days");
    sg_needs_fini(&n);

    /* an executive reads the registers: the same five */
    assert_int_equal(sg_scope_needs(&se, today, 7, 0, &n, &e), SG_OK);
    assert_int_equal(n.n, 5);
    sg_needs_fini(&n);

    /* an admin sees child pseudonyms in the register, but the list names none and so leaves no
     * "view_child" entry, where loading the register itself does */
    sg_principal admin = who(SG_ROLE_ADMIN, NULL);
    sg_scope sa = {f->s, &admin, NULL, 1700000000};
    assert_int_equal(sg_scope_needs(&sa, today, 7, 0, &n, &e), SG_OK);
    assert_int_equal(n.n, 5);
    sg_needs_fini(&n);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM audit_log WHERE action = 'view_child'"), 0);
    sg_reg_set set;
    assert_int_equal(sg_scope_register_load(&sa, &sg_reg_case_review, &set, &e), SG_OK);
    assert_non_null(sg_reg_get(&set.rec[0], "child"));
    sg_reg_set_fini(&set);
    assert_int_equal(sg_scope_register_load_plain(&sa, &sg_reg_case_review, &set, &e), SG_OK);
    assert_int_equal(set.n, 3);
    assert_null(sg_reg_get(&set.rec[0], "child"));
    sg_reg_set_fini(&set);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM audit_log WHERE action = 'view_child'"), 1);

    /* the public: nothing */
    assert_int_equal(sg_scope_needs(&su, today, 7, 0, &n, &e), SG_OK);
    assert_int_equal(n.n, 0);
    sg_needs_fini(&n);
}

static void test_needs_returns(void **state)
{
    afx *f = *state;
    reg_import(f, &sg_reg_organisation,
               "short_name,name,sector,membership\nCOUNCIL,Northfield Council,CSC,"
               "STATUTORY_PARTNER\n");
    reg_import(f, &sg_reg_measure,
               "id,title,group,owner,kind,frequency,unit,numerator,denominator\n"
               "gcp,GCP,Harm,COUNCIL,SUBMITTED,QUARTERLY,PCT,with a GCP,plans\n");
    sg_date today = sg_date_from_ymd(2024, 7, 1);
    sg_principal council = who(SG_ROLE_AGENCY, "COUNCIL"), police = who(SG_ROLE_AGENCY, "POLICE"),
                 business = who(SG_ROLE_BUSINESS, NULL), exec = who(SG_ROLE_EXECUTIVE, NULL);
    sg_scope sc = {f->s, &council, NULL, 1700000000}, sp = {f->s, &police, NULL, 1700000000},
             sb = {f->s, &business, NULL, 1700000000}, se = {f->s, &exec, NULL, 1700000000};
    sg_needs n;
    sg_error e;
    sg_error_clear(&e);

    /* the council: its four missing returns of 2023-24, oldest due first */
    if (sg_scope_needs(&sc, today, 7, 0, &n, &e)) fail_msg("%s", e.msg);
    assert_int_equal(n.n, 4);
    assert_int_equal(n.overdue, 4);
    assert_null(strstr(n.v[0].text, "2024-Q1"));
    assert_non_null(strstr(n.v[0].text, "Return for 2023-Q1: late"));
    assert_non_null(strstr(n.v[3].text, "Return for 2023-Q4: late"));
    assert_string_equal(n.v[3].text,
                        "Return for 2023-Q4: late, was due 2024-04-22 (70 days overdue)");
    assert_string_equal(n.v[3].href, "/returns/form?period=2023-Q4");
    sg_needs_fini(&n);
    /* 2024-Q1 due in 18 days: listed as due soon with soon_days 18, not 17 */
    assert_int_equal(sg_scope_needs(&sc, today, 18, 0, &n, &e), SG_OK);
    assert_int_equal(n.n, 5);
    assert_string_equal(n.v[4].text, "Return for 2024-Q1: due 2024-07-19 (in 18 days)");
    sg_needs_fini(&n);
    assert_int_equal(sg_scope_needs(&sc, today, 17, 0, &n, &e), SG_OK);
    assert_int_equal(n.n, 4);
    sg_needs_fini(&n);

    /* police owes nothing here; the business manager sees one count; an executive nothing */
    assert_int_equal(sg_scope_needs(&sp, today, 7, 0, &n, &e), SG_OK);
    assert_int_equal(n.n, 0);
    sg_needs_fini(&n);
    assert_int_equal(sg_scope_needs(&sb, today, 7, 0, &n, &e), SG_OK);
    assert_int_equal(n.n, 1);
    assert_string_equal(n.v[0].text, "4 partner returns are missing (past the due date)");
    assert_string_equal(n.v[0].href, "/returns");
    sg_needs_fini(&n);
    assert_int_equal(sg_scope_needs(&se, today, 7, 0, &n, &e), SG_OK);
    assert_int_equal(n.n, 0);
    sg_needs_fini(&n);

    /* a return for 2023-Q2 imported (CLI) with its one row rejected (numerator "forty"): still
     * missing, and one more item, due soon, to Submissions. (A web upload with a rejected row is
     * rolled back whole, so it leaves no submission to list.) */
    char path[128];
    snprintf(path, sizeof path, "%s/q2.csv", f->dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("organisation,period,measure,value,numerator,denominator\n"
          "COUNCIL,2023-Q2,gcp,,forty,40\n",
          fp);
    fclose(fp);
    sg_import_opts o;
    memset(&o, 0, sizeof o);
    o.agency = "COUNCIL";
    o.period = "2023-Q2";
    o.user = "tester";
    o.received = "2023-10-20"; /* before 1 July 2024, the day looked at */
    sg_import_file_result res;
    const char *paths[] = {path};
    if (sg_import_files(f->s, paths, 1, &o, &res, &e)) fail_msg("%s", e.msg);
    assert_int_equal(res.stats.rejected, 1);
    assert_int_equal(sg_scope_needs(&sc, today, 7, 0, &n, &e), SG_OK);
    assert_int_equal(n.n, 5);
    assert_int_equal(n.soon, 1);
    assert_string_equal(n.v[4].text, "Return for 2023-Q2: 1 submission refused, none accepted yet");
    assert_string_equal(n.v[4].href, "/submissions");
    sg_needs_fini(&n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_needs_registers, afx_setup, afx_teardown),
        cmocka_unit_test_setup_teardown(test_needs_returns, afx_setup, afx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

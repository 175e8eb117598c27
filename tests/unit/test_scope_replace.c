/* test_scope_replace.c - the supersede guard through the scoped upload the web service uses
 * (access/scope.h sg_scope_upload_file_confirm): a return with more than 90% fewer accepted
 * rows than the current one is refused with both counts and audited, the store unchanged;
 * confirmed, it is accepted and the confirmation audited with who and both counts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "access/scope.h"
#include "access_fixture.h"
#include "store/import.h"

/* n police missing episodes, one child each; tag makes the file unique. */
static void write_returns(const char *path, int n, int tag)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("child_la_id,sex,date_of_birth,episode_ref,missing_from,missing_type,start_date,"
          "end_date,return_interview_offered,return_interview_accepted\n",
          fp);
    for (int i = 1; i <= n; i++)
        fprintf(fp, "C%d,M,2010-02-02,E%d-%d,HOME,M,2024-07-%02d,2024-07-%02d,Y,N\n", i, tag, i,
                i % 27 + 1, i % 27 + 2);
    fclose(fp);
}

static void test_replace_guard(void **state)
{
    afx *f = *state;
    char big[128], small[128];
    snprintf(big, sizeof big, "%s/big.csv", f->dir);
    snprintf(small, sizeof small, "%s/small.csv", f->dir);
    write_returns(big, 20, 1);
    write_returns(small, 1, 2);
    sg_principal police;
    memset(&police, 0, sizeof police);
    police.user_id = 9;
    snprintf(police.username, sizeof police.username, "pat");
    police.role = SG_ROLE_AGENCY;
    snprintf(police.agency, sizeof police.agency, "POLICE");
    sg_scope sc = {f->s, &police, "127.0.0.1", 1700000000};
    sg_scope_upload up;
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_scope_upload_file(&sc, big, NULL, "2024-25", NULL, &up, &e), SG_OK);
    assert_true(up.accepted);
    assert_int_equal(up.replaces, 0);
    int64_t first = up.submission;
    sg_scope_upload_fini(&up);

    /* 20 -> 1: (20 - 1) * 100 = 1900 > 90 * 20 = 1800, a drop of 95%: refused. */
    long long subs = afx_q(f, "SELECT count(*) FROM submission"),
              missing = afx_q(f, "SELECT count(*) FROM missing_episode"),
              findings = afx_q(f, "SELECT count(*) FROM finding");
    assert_int_equal(sg_scope_upload_file(&sc, small, NULL, "2024-25", NULL, &up, &e), SG_OK);
    assert_false(up.accepted);
    assert_true(up.replace_refused);
    assert_int_equal(up.replaces, first);
    assert_int_equal(up.replaced_rows, 20);
    assert_int_equal(up.new_rows, 1);
    sg_scope_upload_fini(&up);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM submission"), subs);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM missing_episode"), missing);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM finding"), findings);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM submission WHERE superseded_by IS NULL"), 1);
    char detail[512];
    afx_qs(f, "SELECT detail FROM audit_log WHERE action = 'upload' ORDER BY seq DESC LIMIT 1",
           detail, sizeof detail);
    assert_non_null(strstr(detail, "refused, would replace submission 1 (20 accepted rows) "
                                   "with 1 rows"));

    /* confirmed: accepted, and the trail says who confirmed and both counts */
    assert_int_equal(sg_scope_upload_file_confirm(&sc, small, NULL, "2024-25", NULL, true, &up, &e),
                     SG_OK);
    assert_true(up.accepted);
    assert_false(up.replace_refused);
    assert_int_equal(up.replaces, first);
    int64_t second = up.submission;
    sg_scope_upload_fini(&up);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT superseded_by FROM submission WHERE id = %lld",
             (long long)first);
    assert_int_equal(afx_q(f, sql), second);
    afx_qs(f,
           "SELECT username || '|' || object || '|' || detail FROM audit_log WHERE action = "
           "'confirm_replace'",
           detail, sizeof detail);
    assert_string_equal(detail, "pat|submission:2|replacement confirmed: submission 1 had 20 "
                                "accepted rows, this one 1");
    /* the accepted upload has its entry, in the same transaction */
    assert_int_equal(afx_q(f, "SELECT count(*) FROM audit_log WHERE action = 'upload' AND object = "
                              "'submission:2' AND detail LIKE '%accepted'"),
                     1);
}

/* 10 -> 1 is a drop of exactly 90%: (10 - 1) * 100 = 900 > 900 is false, so it is allowed
 * without confirmation and nothing is audited as confirmed. */
static void test_exactly_ninety(void **state)
{
    afx *f = *state;
    char big[128], small[128];
    snprintf(big, sizeof big, "%s/ten.csv", f->dir);
    snprintf(small, sizeof small, "%s/one.csv", f->dir);
    write_returns(big, 10, 3);
    write_returns(small, 1, 4);
    sg_principal police;
    memset(&police, 0, sizeof police);
    police.role = SG_ROLE_AGENCY;
    snprintf(police.username, sizeof police.username, "pat");
    snprintf(police.agency, sizeof police.agency, "POLICE");
    sg_scope sc = {f->s, &police, NULL, 1700000000};
    sg_scope_upload up;
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_scope_upload_file(&sc, big, NULL, "2024-25", NULL, &up, &e), SG_OK);
    assert_true(up.accepted);
    sg_scope_upload_fini(&up);
    assert_int_equal(sg_scope_upload_file(&sc, small, NULL, "2024-25", NULL, &up, &e), SG_OK);
    assert_true(up.accepted);
    assert_false(up.replace_refused);
    assert_int_equal(up.replaced_rows, 10);
    sg_scope_upload_fini(&up);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM audit_log WHERE action = 'confirm_replace'"),
                     0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_replace_guard, afx_setup, afx_teardown),
        cmocka_unit_test_setup_teardown(test_exactly_ninety, afx_setup, afx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_scope_partner.c - a partner return through the scoped upload the web service uses
 * (access/scope.h): an agency data owner sends a return with one bad value, is told which line
 * and field to fix with nothing stored and the attempt audited; the corrected return is
 * accepted and its values are live. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "access/scope.h"
#include "access_fixture.h"
#include "registers/measure.h"
#include "registers/organisation.h"

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

static void write_text(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static void test_upload_partner_return(void **state)
{
    afx *f = *state;
    reg_import(f, &sg_reg_organisation,
               "short_name,name,sector,membership\nCOUNCIL,Northfield Council,CSC,"
               "STATUTORY_PARTNER\n");
    reg_import(f, &sg_reg_measure,
               "id,title,group,owner,kind,frequency,unit,numerator,denominator\n"
               "gcp,GCP,Harm,COUNCIL,SUBMITTED,QUARTERLY,PCT,with a GCP,plans\n");
    sg_principal owner;
    memset(&owner, 0, sizeof owner);
    owner.user_id = 7;
    snprintf(owner.username, sizeof owner.username, "cora");
    owner.role = SG_ROLE_AGENCY;
    snprintf(owner.agency, sizeof owner.agency, "COUNCIL");
    sg_scope sc = {f->s, &owner, "127.0.0.1", 1700000000};
    char path[128];
    snprintf(path, sizeof path, "%s/q1.csv", f->dir);
    /* 41 of 40: refused, the problem named by line 2 and field numerator */
    write_text(path, "organisation,period,measure,value,numerator,denominator\n"
                     "COUNCIL,2024-Q1,gcp,,41,40\n");
    sg_scope_upload up;
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_scope_upload_file(&sc, path, NULL, "2024-Q1", NULL, &up, &e), SG_OK);
    assert_false(up.accepted);
    assert_string_equal(up.format, "partner");
    assert_int_equal(up.findings[SG_SEV_ERROR], 1);
    assert_int_equal(up.nitems, 1);
    assert_int_equal(up.items[0].line, 2);
    assert_string_equal(up.items[0].field, "numerator");
    assert_string_equal(up.items[0].message, "numerator 41 is more than denominator 40");
    sg_scope_upload_fini(&up);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM partner_value"), 0);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM submission"), 0);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM audit_log WHERE action = 'upload' AND "
                              "detail LIKE '%rejected (1 errors%'"),
                     1);
    /* 40 of 40: accepted, live */
    write_text(path, "organisation,period,measure,value,numerator,denominator\n"
                     "COUNCIL,2024-Q1,gcp,,40,40\n");
    assert_int_equal(sg_scope_upload_file(&sc, path, NULL, "2024-Q1", NULL, &up, &e), SG_OK);
    assert_true(up.accepted);
    sg_scope_upload_fini(&up);
    assert_int_equal(afx_q(f, "SELECT numerator FROM live_partner_value WHERE measure = 'gcp'"),
                     40);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_upload_partner_return, afx_setup, afx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

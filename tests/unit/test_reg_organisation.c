/* test_reg_organisation.c - the organisations register: a CSV round trip, the statutory
 * partner's sector on both sides, membership dates on both sides of each end, and bad input
 * refused naming the file, line and field with nothing kept. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "reg2_helpers.h"
#include "registers/organisation.h"

#define HDR "short_name,name,sector,membership,active_from,active_to,notes\r\n"

/* Four NHS bodies in one sector, a quoted name with a comma, an ended CCG: the export (key
 * order, CRLF) is byte for byte the file imported, and importing it again changes nothing. */
static void test_round_trip(void **state)
{
    fx *f = *state;
    const char *text = HDR "ACUTE_TRUST,Northfield Hospitals NHS Foundation Trust,HEALTH,"
                           "RELEVANT_AGENCY,,,\r\n"
                           "CCG,Northfield CCG,HEALTH,STATUTORY_PARTNER,,2022-06-30,replaced\r\n"
                           "COUNCIL,Northfield Borough Council,CSC,STATUTORY_PARTNER,,,\r\n"
                           "ICB,\"Northfield, Eastdale ICB\",HEALTH,STATUTORY_PARTNER,"
                           "2022-07-01,,\r\n"
                           "MH_TRUST,Northfield Mental Health Trust,HEALTH,RELEVANT_AGENCY,,,\r\n";
    sg_error e;
    sg_error_clear(&e);
    sg_reg_import_stats st;
    assert_int_equal(fx_import_text(f->s, &sg_reg_organisation, text, &st, &e), SG_OK);
    assert_int_equal(st.added, 5);
    char *out = fx_export(f->s, &sg_reg_organisation);
    assert_non_null(out);
    assert_string_equal(out, text);
    assert_int_equal(fx_import_text(f->s, &sg_reg_organisation, out, &st, &e), SG_OK);
    assert_int_equal(st.rows, 5);
    assert_int_equal(st.unchanged, 5);
    assert_int_equal(st.added + st.updated, 0);
    free(out);
    /* input spellings are canonicalised: lower-case codes, dd/mm/YYYY dates */
    import_ok(f, &sg_reg_organisation,
              "short_name,name,sector,membership,active_from\n"
              "YJS,Northfield YJS,youth_justice,relevant_agency,01/04/2023\n");
    sg_reg_record r;
    assert_int_equal(sg_reg_get_record(f->s, &sg_reg_organisation, "YJS", &r, &e), SG_OK);
    assert_string_equal(sg_reg_get(&r, "sector"), "YOUTH_JUSTICE");
    assert_string_equal(sg_reg_get(&r, "membership"), "RELEVANT_AGENCY");
    assert_string_equal(sg_reg_get(&r, "active_from"), "2023-04-01");
    sg_reg_record_fini(&r);
}

/* A statutory partner is the local authority, the ICB or the police: CSC, POLICE, HEALTH are
 * accepted, EDUCATION (the nearest other sector) is refused naming membership; the same body
 * as a relevant agency is accepted. */
static void test_statutory_sector(void **state)
{
    fx *f = *state;
    assert_true(sg_org_statutory_sector("CSC"));
    assert_true(sg_org_statutory_sector("POLICE"));
    assert_true(sg_org_statutory_sector("HEALTH"));
    assert_false(sg_org_statutory_sector("EDUCATION"));
    assert_false(sg_org_statutory_sector("OTHER"));
    assert_false(sg_org_statutory_sector(NULL));
    const char *h = "short_name,name,sector,membership\n";
    char text[256];
    snprintf(text, sizeof text,
             "%sA,Police,POLICE,STATUTORY_PARTNER\nB,Schools,EDUCATION,"
             "STATUTORY_PARTNER\n",
             h);
    expect_refused(f, &sg_reg_organisation, text, SG_EINVAL, 3, "membership");
    snprintf(text, sizeof text,
             "%sA,Police,POLICE,STATUTORY_PARTNER\nB,Schools,EDUCATION,"
             "RELEVANT_AGENCY\n",
             h);
    import_ok(f, &sg_reg_organisation, text);
    long n = 0;
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_reg_count(f->s, &sg_reg_organisation, &n, &e), SG_OK);
    assert_int_equal(n, 2);
    /* an update that would make the schools a statutory partner is refused too */
    sg_reg_field fl = {"membership", "STATUTORY_PARTNER"};
    assert_int_equal(sg_reg_update(f->s, &sg_reg_organisation, "B", &fl, 1, "tester", NULL, &e),
                     SG_EINVAL);
    assert_string_equal(e.field, "membership");
}

/* Bad values: each refused with the file, the line and the field, nothing kept. */
static void test_bad_input(void **state)
{
    fx *f = *state;
    const char *h = "short_name,name,sector,membership,active_from,active_to\n";
    const char *ok = "COUNCIL,Council,CSC,STATUTORY_PARTNER,,\n";
    char text[512];
    snprintf(text, sizeof text, "%s%sICB,ICB,NHS,STATUTORY_PARTNER,,\n", h, ok);
    expect_refused(f, &sg_reg_organisation, text, SG_EINVAL, 3, "sector");
    snprintf(text, sizeof text, "%s%sICB,ICB,HEALTH,PARTNER,,\n", h, ok);
    expect_refused(f, &sg_reg_organisation, text, SG_EINVAL, 3, "membership");
    snprintf(text, sizeof text, "%s%sICB,,HEALTH,STATUTORY_PARTNER,,\n", h, ok);
    expect_refused(f, &sg_reg_organisation, text, SG_EINVAL, 3, "name");
    snprintf(text, sizeof text, "%s%sICB,ICB,,STATUTORY_PARTNER,,\n", h, ok);
    expect_refused(f, &sg_reg_organisation, text, SG_EINVAL, 3, "sector");
    /* an end one day before the start is refused, on the start day accepted (below) */
    snprintf(text, sizeof text, "%s%sICB,ICB,HEALTH,STATUTORY_PARTNER,2022-07-01,2022-06-30\n", h,
             ok);
    expect_refused(f, &sg_reg_organisation, text, SG_EINVAL, 3, "active_to");
    snprintf(text, sizeof text, "%s%sICB,ICB,HEALTH,STATUTORY_PARTNER,2023-02-29,\n", h, ok);
    expect_refused(f, &sg_reg_organisation, text, SG_EINVAL, 3, "active_from");
    /* a short name of 33 bytes is too long; 32 is accepted (below) */
    snprintf(text, sizeof text, "%s%s%s,ICB,HEALTH,RELEVANT_AGENCY,,\n", h, ok,
             "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456");
    expect_refused(f, &sg_reg_organisation, text, SG_ELIMIT, 3, "short_name");
    /* the same key twice in a file: the framework names the line and the key, no field */
    snprintf(text, sizeof text, "%s%s%s", h, ok, ok);
    expect_refused(f, &sg_reg_organisation, text, SG_EINVAL, 3, "");
    /* the message names the file given to the import */
    sg_error e;
    sg_error_clear(&e);
    sg_reg_import_stats st;
    snprintf(text, sizeof text, "%sICB,ICB,NHS,STATUTORY_PARTNER,,\n", h);
    assert_int_equal(fx_import_text(f->s, &sg_reg_organisation, text, &st, &e), SG_EINVAL);
    assert_string_equal(e.file, "test.csv");
    assert_non_null(strstr(e.msg, "NHS"));
    /* a misspelt column is a malformed file (line 1, the name quoted), never dropped */
    sg_error_clear(&e);
    assert_int_equal(fx_import_text(f->s, &sg_reg_organisation,
                                    "short_name,name,sectr,membership\nA,A,CSC,RELEVANT_AGENCY\n",
                                    &st, &e),
                     SG_EPARSE);
    assert_int_equal(e.line, 1);
    assert_non_null(strstr(e.msg, "'sectr'"));

    snprintf(text, sizeof text,
             "%s%sICB,ICB,HEALTH,STATUTORY_PARTNER,2022-07-01,2022-07-01\n"
             "%s,Long,HEALTH,RELEVANT_AGENCY,,\n",
             h, ok, "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345");
    import_ok(f, &sg_reg_organisation, text);
    long n = 0;
    assert_int_equal(sg_reg_count(f->s, &sg_reg_organisation, &n, &e), SG_OK);
    assert_int_equal(n, 3);
}

/* Membership on a day: both ends inclusive; an absent end is open. */
static void test_active_on(void **state)
{
    (void)state;
    sg_reg_set set;
    sg_reg_set_init(&set, &sg_reg_organisation);
    const sg_reg_record *ccg = rec_add(&set, "short_name=CCG|active_to=2022-06-30");
    const sg_reg_record *icb = rec_add(&set, "short_name=ICB|active_from=2022-07-01");
    const sg_reg_record *both =
        rec_add(&set, "short_name=X|active_from=2023-04-01|active_to=2024-03-31");
    const sg_reg_record *open = rec_add(&set, "short_name=Y");
    assert_true(sg_org_active_on(ccg, d("2022-06-30")));
    assert_false(sg_org_active_on(ccg, d("2022-07-01")));
    assert_false(sg_org_active_on(icb, d("2022-06-30")));
    assert_true(sg_org_active_on(icb, d("2022-07-01")));
    assert_false(sg_org_active_on(both, d("2023-03-31")));
    assert_true(sg_org_active_on(both, d("2023-04-01")));
    assert_true(sg_org_active_on(both, d("2024-03-31")));
    assert_false(sg_org_active_on(both, d("2024-04-01")));
    assert_true(sg_org_active_on(open, d("1990-01-01")));
    sg_reg_set_fini(&set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_round_trip, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_statutory_sector, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_bad_input, fx_setup, fx_teardown),
        cmocka_unit_test(test_active_on),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

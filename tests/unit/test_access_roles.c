/* test_access_roles.c - the capability matrix, role names and agency scoping. The expected
 * table below is written out from docs/access.md by hand, not derived from access.c, so a
 * change to either shows here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "access/access.h"

#include <stdlib.h>
#include <string.h>

/* Expected sg_can() for every role (rows) and capability (columns, sg_cap order:
 * child, submissions, upload, dataset, registers read, registers write, report preview,
 * report publish, users, audit). */
static const struct {
    sg_role role;
    const char *name;
    int cap[SG__CAP_COUNT];
    bool totp;
} expect[] = {
    {SG_ROLE_PUBLIC, "public", {0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, false},
    {SG_ROLE_ADMIN, "admin", {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, true},
    {SG_ROLE_ANALYST, "analyst", {1, 1, 1, 1, 1, 0, 1, 0, 0, 0}, true},
    {SG_ROLE_BUSINESS, "business", {0, 1, 0, 1, 1, 1, 1, 0, 0, 0}, false},
    {SG_ROLE_AGENCY, "agency", {1, 1, 1, 0, 1, 1, 0, 0, 0, 0}, true},
    {SG_ROLE_EXECUTIVE, "executive", {0, 0, 0, 1, 1, 0, 1, 1, 0, 0}, false},
    {SG_ROLE_SCRUTINEER, "scrutineer", {0, 0, 0, 1, 1, 0, 1, 0, 0, 0}, false},
};

static sg_principal principal(sg_role r, const char *agency)
{
    sg_principal p;
    memset(&p, 0, sizeof p);
    p.user_id = 7;
    p.role = r;
    snprintf(p.username, sizeof p.username, "u");
    snprintf(p.agency, sizeof p.agency, "%s", agency ? agency : "");
    return p;
}

static void test_matrix_every_cell(void **state)
{
    (void)state;
    assert_int_equal(sizeof expect / sizeof expect[0], SG__ROLE_COUNT);
    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++) {
        sg_principal p =
            principal(expect[i].role, expect[i].role == SG_ROLE_AGENCY ? "POLICE" : "");
        for (int c = 0; c < SG__CAP_COUNT; c++) {
            bool got = sg_can(&p, (sg_cap)c);
            if (got != (expect[i].cap[c] != 0))
                fail_msg("role %s cap %d: got %d want %d", expect[i].name, c, got,
                         expect[i].cap[c]);
            sg_error e;
            sg_error_clear(&e);
            int rc = sg_require(&p, (sg_cap)c, &e);
            assert_int_equal(rc, expect[i].cap[c] ? SG_OK : SG_EFORBIDDEN);
            if (rc) assert_string_equal(e.msg, "not allowed");
        }
        assert_int_equal(sg_role_needs_totp(expect[i].role), expect[i].totp);
    }
}

static void test_out_of_range(void **state)
{
    (void)state;
    sg_principal p = principal(SG_ROLE_ADMIN, "");
    assert_false(sg_can(NULL, SG_CAP_USERS));
    assert_false(sg_can(&p, SG__CAP_COUNT));
    p.role = SG__ROLE_COUNT;
    assert_false(sg_can(&p, SG_CAP_DATASET));
    assert_false(sg_role_needs_totp(SG__ROLE_COUNT));
    assert_string_equal(sg_role_name(SG__ROLE_COUNT), "?");
    /* An agency principal that names no agency is refused everything. */
    sg_principal a = principal(SG_ROLE_AGENCY, "");
    for (int c = 0; c < SG__CAP_COUNT; c++)
        assert_false(sg_can(&a, (sg_cap)c));
}

static void test_role_names(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++) {
        assert_string_equal(sg_role_name(expect[i].role), expect[i].name);
        sg_role r = SG__ROLE_COUNT;
        assert_int_equal(sg_role_parse(expect[i].name, &r, NULL), SG_OK);
        assert_int_equal(r, expect[i].role);
    }
    sg_role r = SG_ROLE_PUBLIC;
    assert_int_equal(sg_role_parse("Analyst", &r, NULL), SG_OK);
    assert_int_equal(r, SG_ROLE_ANALYST);
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_role_parse("root", &r, &e), SG_EINVAL);
    assert_non_null(strstr(e.msg, "'root'"));
    assert_non_null(strstr(e.msg, "scrutineer"));
    assert_int_equal(sg_role_parse(NULL, &r, NULL), SG_EINVAL);
    assert_int_equal(sg_role_parse("", &r, NULL), SG_EINVAL);
}

static void test_agency_scoping(void **state)
{
    (void)state;
    sg_principal police = principal(SG_ROLE_AGENCY, "POLICE");
    assert_true(sg_can_agency(&police, "POLICE"));
    assert_false(sg_can_agency(&police, "HEALTH"));
    assert_false(sg_can_agency(&police, "police")); /* codes are exact */
    assert_false(sg_can_agency(&police, "POLICE2"));
    assert_false(sg_can_agency(&police, ""));
    assert_false(sg_can_agency(&police, NULL));
    sg_principal none = principal(SG_ROLE_AGENCY, "");
    assert_false(sg_can_agency(&none, ""));
    for (sg_role r = SG_ROLE_ADMIN; r < SG__ROLE_COUNT; r++) {
        if (r == SG_ROLE_AGENCY) continue;
        sg_principal p = principal(r, "");
        assert_true(sg_can_agency(&p, "POLICE"));
        assert_true(sg_can_agency(&p, "HEALTH"));
    }
    sg_principal pub = sg_principal_public();
    assert_false(sg_can_agency(&pub, "POLICE"));
    assert_false(sg_can_agency(NULL, "POLICE"));
}

static void test_principals(void **state)
{
    (void)state;
    sg_principal pub = sg_principal_public();
    assert_int_equal(pub.user_id, 0);
    assert_int_equal(pub.role, SG_ROLE_PUBLIC);
    assert_string_equal(pub.agency, "");
    for (int c = 0; c < SG__CAP_COUNT; c++)
        assert_false(sg_can(&pub, (sg_cap)c));
    setenv("USER", "jo.bloggs", 1);
    sg_principal cli = sg_principal_cli();
    assert_int_equal(cli.role, SG_ROLE_ADMIN);
    assert_int_equal(cli.user_id, 0);
    assert_string_equal(cli.username, "jo.bloggs");
    unsetenv("USER");
    cli = sg_principal_cli();
    assert_string_equal(cli.username, "cli");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matrix_every_cell), cmocka_unit_test(test_out_of_range),
        cmocka_unit_test(test_role_names),        cmocka_unit_test(test_agency_scoping),
        cmocka_unit_test(test_principals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

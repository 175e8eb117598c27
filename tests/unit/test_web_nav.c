/* test_web_nav.c - the navigation is built from the route table: for every role (and nobody
 * logged in) and every navigation entry, the page header shows the link exactly when the
 * route's access check lets that principal open it, and the links each role sees are the ones
 * worked out by hand from the capability matrix (docs/access.md). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "web/web.h"

#include <stdio.h>
#include <string.h>

/* The page header for a principal of the role (SG_ROLE_PUBLIC: nobody logged in), into out. */
static void header_for(sg_role role, char *out, size_t cap)
{
    sg_web_resp resp;
    sg_web_resp_init(&resp);
    sg_web_ctx c;
    memset(&c, 0, sizeof c);
    c.resp = &resp;
    c.who.role = role;
    c.who.user_id = role == SG_ROLE_PUBLIC ? 0 : 5;
    snprintf(c.who.username, sizeof c.who.username, "%s", "u1");
    if (role == SG_ROLE_AGENCY) snprintf(c.who.agency, sizeof c.who.agency, "POLICE");
    c.logged_in = role != SG_ROLE_PUBLIC;
    c.sess.second_factor_done = true;
    sg_html h;
    sg_page_begin(&c, &h, "t");
    sg_page_end(&c, &h);
    snprintf(out, cap, "%s", sg_buf_str(&resp.body));
    sg_web_resp_fini(&resp);
}

static bool shows(const char *page, const sg_web_nav_item *it)
{
    char link[128];
    snprintf(link, sizeof link, "<a href=\"%s\">%s</a>", it->href, it->label);
    return strstr(page, link) != NULL;
}

static const sg_web_route *get_route(const char *href)
{
    char params[SG_WEB_MAX_PARAMS][SG_WEB_MAX_PARAM];
    int np = 0;
    bool ok = true;
    return sg_web_route_match("GET", href, params, &np, &ok);
}

/* Every role x every entry: shown iff the route's access check allows it. */
static void test_nav_follows_routes(void **state)
{
    (void)state;
    size_t n = 0;
    const sg_web_nav_item *nav = sg_web_nav(&n);
    assert_int_equal(n, 10);
    static char page[16384];
    for (int r = 0; r < SG__ROLE_COUNT; r++) {
        header_for((sg_role)r, page, sizeof page);
        sg_principal who;
        memset(&who, 0, sizeof who);
        who.role = (sg_role)r;
        if (r == SG_ROLE_AGENCY) snprintf(who.agency, sizeof who.agency, "POLICE");
        for (size_t i = 0; i < n; i++) {
            const sg_web_route *rt = get_route(nav[i].href);
            if (!rt) fail_msg("nav entry %s has no GET route", nav[i].href);
            bool allowed = sg_web_route_allows(rt, r != SG_ROLE_PUBLIC, &who);
            if (shows(page, &nav[i]) != allowed)
                fail_msg("role %s, %s: shown %d, route allows %d", sg_role_name((sg_role)r),
                         nav[i].href, shows(page, &nav[i]), allowed);
        }
    }
}

/* The links each role sees, by hand from the matrix in docs/access.md and the route table:
 * dataset (dset), submissions, partner returns and reconciliation (subm), upload (upld), actions
 * and registers (rreg), audit (audt), yearly report (prev), published report (everyone). */
static void test_nav_known_answers(void **state)
{
    (void)state;
    static const struct {
        sg_role role;
        const char *links; /* the shown hrefs in order, space-separated */
    } want[] = {
        {SG_ROLE_PUBLIC, "/report"},
        {SG_ROLE_ADMIN, "/dataset /submissions /upload /returns /reconcile /actions /registers "
                        "/audit /report/manage /report"},
        {SG_ROLE_ANALYST, "/dataset /submissions /upload /returns /reconcile /actions /registers "
                          "/report/manage /report"},
        {SG_ROLE_BUSINESS, "/dataset /submissions /returns /reconcile /actions /registers "
                           "/report/manage /report"},
        {SG_ROLE_AGENCY, "/submissions /upload /returns /reconcile /actions /registers /report"},
        {SG_ROLE_EXECUTIVE, "/dataset /actions /registers /report/manage /report"},
        {SG_ROLE_SCRUTINEER, "/dataset /actions /registers /report/manage /report"},
    };
    size_t n = 0;
    const sg_web_nav_item *nav = sg_web_nav(&n);
    static char page[16384];
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        header_for(want[k].role, page, sizeof page);
        char got[512] = "";
        for (size_t i = 0; i < n; i++) {
            if (!shows(page, &nav[i])) continue;
            if (got[0]) strncat(got, " ", sizeof got - strlen(got) - 1);
            strncat(got, nav[i].href, sizeof got - strlen(got) - 1);
        }
        if (strcmp(got, want[k].links) != 0)
            fail_msg("role %s: got \"%s\", want \"%s\"", sg_role_name(want[k].role), got,
                     want[k].links);
    }
    /* the case that was wrong: executives and scrutineers cannot open /reconcile */
    header_for(SG_ROLE_EXECUTIVE, page, sizeof page);
    assert_null(strstr(page, "Reconciliation"));
    header_for(SG_ROLE_SCRUTINEER, page, sizeof page);
    assert_null(strstr(page, "Reconciliation"));
    header_for(SG_ROLE_BUSINESS, page, sizeof page);
    assert_non_null(strstr(page, "<a href=\"/reconcile\">Reconciliation</a>"));
}

/* The access rule itself, both sides of each condition. */
static void test_route_allows(void **state)
{
    (void)state;
    sg_principal exec, admin;
    memset(&exec, 0, sizeof exec);
    memset(&admin, 0, sizeof admin);
    exec.role = SG_ROLE_EXECUTIVE;
    admin.role = SG_ROLE_ADMIN;
    const sg_web_route *pub = get_route("/report"), *rec = get_route("/reconcile");
    char params[SG_WEB_MAX_PARAMS][SG_WEB_MAX_PARAM];
    int np = 0;
    bool ok = true;
    const sg_web_route *me = sg_web_route_match("GET", "/api/me", params, &np, &ok);
    assert_non_null(pub);
    assert_non_null(rec);
    assert_non_null(me);
    assert_true(sg_web_route_allows(pub, false, &exec)); /* public: anyone */
    assert_true(sg_web_route_allows(me, true, &exec));   /* logged in: any role */
    assert_false(sg_web_route_allows(me, false, &exec));
    assert_true(sg_web_route_allows(rec, true, &admin)); /* a capability: the matrix */
    assert_false(sg_web_route_allows(rec, true, &exec));
    assert_false(sg_web_route_allows(rec, false, &admin)); /* and a finished login */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nav_follows_routes),
        cmocka_unit_test(test_nav_known_answers),
        cmocka_unit_test(test_route_allows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

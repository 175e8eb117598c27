/* test_web_scope.c - the scoped query layer (access/scope.h) the web service reads through:
 * uploads accepted or rejected as a whole and audited, agency scoping of submissions, child-level
 * values stripped for roles without the capability and audited when shown, capabilities refused.
 * Principals are built directly: scoping depends only on role and agency. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "access/scope.h"
#include "registers/cdop.h"
#include "access_fixture.h"
#include "store/import.h"
#include "validate/engine.h"

static const char *const header =
    "child_la_id,sex,date_of_birth,episode_ref,missing_from,missing_type,start_date,end_date,"
    "return_interview_offered,return_interview_accepted\n";

static void write_file(const char *path, const char *body)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(header, fp);
    fputs(body, fp);
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

typedef struct collected {
    int n, with_value, with_child;
    char field[64];
    long line;
} collected;

static int collect(void *ctx, const sg_scope_item *it)
{
    collected *c = ctx;
    c->n++;
    c->with_value += it->value != NULL;
    c->with_child += it->child != NULL;
    snprintf(c->field, sizeof c->field, "%s", it->field);
    c->line = it->line;
    return 0;
}

static void test_upload(void **state)
{
    afx *f = *state;
    char bad[128], good[128];
    snprintf(bad, sizeof bad, "%s/bad.csv", f->dir);
    snprintf(good, sizeof good, "%s/good.csv", f->dir);
    write_file(bad, "C1,F,2011-03-03,E1,HOME,M,2024-13-45,,Y,Y\nC2,M,2010-02-02,E2,HOME,M,"
                    "2024-07-01,2024-07-02,Y,N\n");
    write_file(good, "C2,M,2010-02-02,E2,HOME,M,2024-07-01,2024-07-02,Y,N\n");
    sg_principal police = who(SG_ROLE_AGENCY, "POLICE");
    sg_scope sc = {f->s, &police, "127.0.0.1", 1700000000};
    sg_scope_upload up;
    sg_error e;
    sg_error_clear(&e);

    /* a rejected row: nothing stored, the row listed with line and field, audited */
    assert_int_equal(
        sg_scope_upload_file(&sc, bad, NULL, "2024-25", "agency/police_missing", &up, &e), SG_OK);
    assert_false(up.accepted);
    assert_false(up.duplicate);
    assert_int_equal(up.rejected, 1);
    /* the rejected row, after any findings of the SG rules over the rest */
    size_t nrej = 0, k = 0;
    for (size_t i = 0; i < up.nitems; i++)
        if (strcmp(up.items[i].kind, "rejected") == 0) nrej++, k = i;
    assert_int_equal(nrej, 1);
    assert_string_equal(up.items[k].field, "start_date");
    assert_string_equal(up.items[k].file, "bad.csv");
    assert_int_equal(up.items[k].line, 2);
    assert_non_null(up.items[k].value); /* an agency data owner sees child-level values */
    sg_scope_upload_fini(&up);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM submission"), 0);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM audit_log WHERE action = 'upload' AND "
                              "detail LIKE '%rejected%'"),
                     1);

    /* another agency's name is refused; a clean return is accepted under its own agency */
    assert_int_equal(sg_scope_upload_file(&sc, good, "HEALTH", "2024-25", NULL, &up, &e),
                     SG_EFORBIDDEN);
    sg_scope_upload_fini(&up);
    assert_int_equal(sg_scope_upload_file(&sc, good, NULL, "2024-25", NULL, &up, &e), SG_OK);
    assert_true(up.accepted);
    assert_true(up.submission > 0);
    assert_int_equal(up.records, 2); /* the child and the episode */
    sg_scope_upload_fini(&up);
    char ag[32];
    afx_qs(f, "SELECT agency FROM submission", ag, sizeof ag);
    assert_string_equal(ag, "POLICE");
    /* the same file again: a duplicate, nothing changed */
    assert_int_equal(sg_scope_upload_file(&sc, good, NULL, "2024-25", NULL, &up, &e), SG_OK);
    assert_true(up.duplicate);
    assert_false(up.accepted);
    sg_scope_upload_fini(&up);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM submission"), 1);

    /* roles without the capability, and a bad period */
    sg_principal business = who(SG_ROLE_BUSINESS, NULL);
    sg_scope sb = {f->s, &business, NULL, 1700000000};
    assert_int_equal(sg_scope_upload_file(&sb, good, "POLICE", "2024-25", NULL, &up, &e),
                     SG_EFORBIDDEN);
    sg_scope_upload_fini(&up);
    sg_principal analyst = who(SG_ROLE_ANALYST, NULL);
    sg_scope sa = {f->s, &analyst, NULL, 1700000000};
    assert_int_equal(sg_scope_upload_file(&sa, good, "POLICE", "2024-2025", NULL, &up, &e),
                     SG_EINVAL);
    sg_scope_upload_fini(&up);
}

static int count_sub(void *ctx, const sg_submission *s)
{
    (void)s;
    (*(int *)ctx)++;
    return 0;
}

typedef struct seen_items {
    int n, findings, with_value, with_child;
    char rule[32], field[32], value[32], child[80], file[64], severity[16], message[200];
    long line;
} seen_items;

static int seen(void *ctx, const sg_scope_item *it)
{
    seen_items *c = ctx;
    c->n++;
    c->with_value += it->value != NULL;
    c->with_child += it->child != NULL;
    if (strcmp(it->kind, "finding") == 0) {
        c->findings++;
        snprintf(c->rule, sizeof c->rule, "%s", it->rule);
        snprintf(c->field, sizeof c->field, "%s", it->field);
        snprintf(c->value, sizeof c->value, "%s", it->value ? it->value : "");
        snprintf(c->child, sizeof c->child, "%s", it->child ? it->child : "");
        snprintf(c->file, sizeof c->file, "%s", it->file);
        snprintf(c->severity, sizeof c->severity, "%s", it->severity);
        snprintf(c->message, sizeof c->message, "%s", it->message);
        c->line = it->line;
    }
    return 0;
}

static void test_scoping(void **state)
{
    afx *f = *state;
    /* a POLICE submission with a rejected row, stored by the plain import (the CLI's path) */
    char path[128];
    snprintf(path, sizeof path, "%s/pm.csv", f->dir);
    write_file(path, "C1,F,2011-03-03,E1,HOME,M,2024-13-45,,Y,Y\nC2,M,2010-02-02,E2,HOME,M,"
                     "2024-07-01,2024-07-02,Y,N\n");
    sg_import_opts o = {.agency = "POLICE", .period = "2024-25", .user = "cli"};
    sg_import_file_result res;
    sg_error e;
    sg_error_clear(&e);
    const char *paths[] = {path};
    assert_int_equal(sg_import_files(f->s, paths, 1, &o, &res, &e), SG_OK);
    int64_t sub = res.submission;

    sg_principal business = who(SG_ROLE_BUSINESS, NULL), analyst = who(SG_ROLE_ANALYST, NULL),
                 health = who(SG_ROLE_AGENCY, "HEALTH"), police = who(SG_ROLE_AGENCY, "POLICE"),
                 exec = who(SG_ROLE_EXECUTIVE, NULL);
    sg_scope sb = {f->s, &business, NULL, 1700000000}, sa = {f->s, &analyst, NULL, 1700000000},
             sh = {f->s, &health, NULL, 1700000000}, sp = {f->s, &police, NULL, 1700000000},
             se = {f->s, &exec, NULL, 1700000000};
    long before = (long)afx_q(f, "SELECT count(*) FROM audit_log WHERE action = 'view_child'");

    /* business: sees the row without its value; nothing child-level, nothing audited */
    collected c = {0};
    assert_int_equal(sg_scope_items(&sb, sub, 0, collect, &c, &e), SG_OK);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.with_value, 0);
    assert_string_equal(c.field, "start_date");
    assert_int_equal(c.line, 2);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM audit_log WHERE action = 'view_child'"),
                     before);
    /* analyst: the value, and the view is audited */
    memset(&c, 0, sizeof c);
    assert_int_equal(sg_scope_items(&sa, sub, 0, collect, &c, &e), SG_OK);
    assert_int_equal(c.with_value, 1);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM audit_log WHERE action = 'view_child' AND "
                              "object LIKE 'submission:%'"),
                     before + 1);

    /* validated, the submission has its SG-REJECTED finding and the rejected row: findings
     * come first, and a limit of 1 stops after the finding */
    sg_validate_result vr;
    memset(&vr, 0, sizeof vr);
    assert_int_equal(sg_validate_submission(f->s, sub, &vr, &e), SG_OK);
    assert_int_equal(vr.findings[SG_SEV_ERROR], 1);
    seen_items si;
    memset(&si, 0, sizeof si);
    assert_int_equal(sg_scope_items(&sa, sub, 0, seen, &si, &e), SG_OK);
    assert_int_equal(si.n, 2);
    assert_int_equal(si.findings, 1);
    assert_string_equal(si.rule, "SG-REJECTED");
    memset(&si, 0, sizeof si);
    assert_int_equal(sg_scope_items(&sa, sub, 1, seen, &si, &e), SG_OK);
    assert_int_equal(si.n, 1);
    assert_int_equal(si.findings, 1);
    memset(&si, 0, sizeof si);
    assert_int_equal(sg_scope_items(&sa, sub, 2, seen, &si, &e), SG_OK);
    assert_int_equal(si.n, 2);

    /* agency scoping: HEALTH cannot see POLICE's submission, even by id */
    sg_submission s;
    assert_int_equal(sg_scope_submission(&sh, sub, &s, &e), SG_ENOTFOUND);
    memset(&c, 0, sizeof c);
    assert_int_equal(sg_scope_items(&sh, sub, 0, collect, &c, &e), SG_ENOTFOUND);
    assert_int_equal(c.n, 0);
    int n = 0;
    assert_int_equal(sg_scope_submissions(&sh, NULL, NULL, count_sub, &n, &e), SG_OK);
    assert_int_equal(n, 0);
    assert_int_equal(sg_scope_submissions(&sh, "POLICE", NULL, count_sub, &n, &e), SG_EFORBIDDEN);
    n = 0;
    assert_int_equal(sg_scope_submissions(&sp, NULL, NULL, count_sub, &n, &e), SG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(sg_scope_submission(&sp, sub, &s, &e), SG_OK);
    assert_string_equal(s.agency, "POLICE");

    /* capabilities: the executive sees no submissions; agency owners no reconciliation */
    assert_int_equal(sg_scope_submissions(&se, NULL, NULL, count_sub, &n, &e), SG_EFORBIDDEN);
    sg_recon_pair *pairs = NULL;
    int np = 0;
    assert_int_equal(sg_scope_reconcile(&sp, "2024-25", &pairs, &np, &e), SG_EFORBIDDEN);
    assert_int_equal(sg_scope_reconcile(&sb, "2024-25", &pairs, &np, &e), SG_OK);
    assert_true(np > 0);
    free(pairs);
    sg_booklet b;
    sg_booklet_init(&b);
    assert_int_equal(sg_scope_dataset(&sp, "2024-25", &b, &e), SG_EFORBIDDEN);
    sg_booklet_fini(&b);
    assert_true(sg_scope_agency_bound(&sp));
    assert_false(sg_scope_agency_bound(&sb));
}

/* A validated submission (so it has findings, with a child pseudonym and a value) read by every
 * role: the child-level roles get the pseudonym and value, the others the finding without them
 * or nothing at all. */
static void test_validated_every_role(void **state)
{
    afx *f = *state;
    char path[128];
    snprintf(path, sizeof path, "%s/order.csv", f->dir);
    /* Line 2: C1's episode ends (1 July) before it starts (5 July): SG-DATE-ORDER. Line 3 is
     * clean. */
    write_file(path, "C1,F,2011-03-03,E1,HOME,M,2024-07-05,2024-07-01,Y,Y\n"
                     "C2,M,2010-02-02,E2,HOME,M,2024-07-01,2024-07-02,Y,N\n");
    sg_import_opts o = {.agency = "POLICE", .period = "2024-25", .user = "cli"};
    sg_import_file_result res;
    sg_error e;
    sg_error_clear(&e);
    const char *paths[] = {path};
    assert_int_equal(sg_import_files(f->s, paths, 1, &o, &res, &e), SG_OK);
    int64_t sub = res.submission;
    sg_validate_result vr;
    memset(&vr, 0, sizeof vr);
    assert_int_equal(sg_validate_submission(f->s, sub, &vr, &e), SG_OK);
    assert_int_equal(vr.findings[SG_SEV_ERROR], 1);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM finding WHERE rule = 'SG-DATE-ORDER' AND "
                              "child IS NOT NULL AND child <> '' AND value IS NOT NULL"),
                     1);
    char pseudo[80], field[32], message[200];
    afx_qs(f, "SELECT child FROM finding WHERE rule = 'SG-DATE-ORDER'", pseudo, sizeof pseudo);
    afx_qs(f, "SELECT field FROM finding WHERE rule = 'SG-DATE-ORDER'", field, sizeof field);
    afx_qs(f, "SELECT message FROM finding WHERE rule = 'SG-DATE-ORDER'", message, sizeof message);
    assert_true(strlen(field) > 0 && strlen(message) > 0);

    static const struct {
        sg_role role;
        const char *agency;
        int rc;      /* sg_scope_items */
        bool child;  /* the value shown (child-level access) */
        bool pseudo; /* the child's pseudonym shown: never to an agency, since a child's
                      * pseudonym is its smallest key, which may be another agency's */
    } cases[] = {
        {SG_ROLE_PUBLIC, NULL, SG_EFORBIDDEN, false, false},
        {SG_ROLE_ADMIN, NULL, SG_OK, true, true},
        {SG_ROLE_ANALYST, NULL, SG_OK, true, true},
        {SG_ROLE_BUSINESS, NULL, SG_OK, false, false},
        {SG_ROLE_AGENCY, "POLICE", SG_OK, true, false},
        {SG_ROLE_AGENCY, "HEALTH", SG_ENOTFOUND, false, false},
        {SG_ROLE_EXECUTIVE, NULL, SG_EFORBIDDEN, false, false},
        {SG_ROLE_SCRUTINEER, NULL, SG_EFORBIDDEN, false, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sg_principal p = who(cases[i].role, cases[i].agency);
        sg_scope sc = {f->s, &p, NULL, 1700000000};
        long before = (long)afx_q(f, "SELECT count(*) FROM audit_log WHERE action = 'view_child'");
        seen_items c;
        memset(&c, 0, sizeof c);
        int rc = sg_scope_items(&sc, sub, 0, seen, &c, &e);
        if (rc != cases[i].rc)
            fail_msg("role %s/%s: %d, wanted %d", sg_role_name(cases[i].role),
                     cases[i].agency ? cases[i].agency : "", rc, cases[i].rc);
        long after = (long)afx_q(f, "SELECT count(*) FROM audit_log WHERE action = 'view_child'");
        if (rc != SG_OK) {
            assert_int_equal(c.n, 0);
            assert_int_equal(after, before);
            continue;
        }
        assert_int_equal(c.n, 1); /* the one finding; no rejected rows */
        assert_int_equal(c.findings, 1);
        assert_string_equal(c.rule, "SG-DATE-ORDER");
        assert_int_equal(c.line, 2);
        /* every column in its place: as stored, the file by its base name */
        assert_string_equal(c.field, field);
        assert_string_equal(c.message, message);
        assert_string_equal(c.severity, "error");
        assert_string_equal(c.file, "order.csv");
        if (cases[i].child) {
            assert_int_equal(c.with_value, 1);
            if (cases[i].pseudo) {
                assert_int_equal(c.with_child, 1);
                assert_string_equal(c.child, pseudo);
            } else {
                assert_int_equal(c.with_child, 0);
            }
            assert_int_equal(after, before + 1); /* the child-level view is audited */
        } else {
            assert_int_equal(c.with_value, 0);
            assert_int_equal(c.with_child, 0);
            assert_int_equal(after, before);
        }
    }
}

/* The submission reads one at a time, each answer worked out by hand: an empty store has no
 * latest period and data version 0; a POLICE submission (id 1, 2024-25, one rejected row) and a
 * HEALTH one stored directly as id 10 (2023-24) give version 10 - read in base 10, not 9 or 11 -
 * and latest period 2024-25; an empty agency or period means "any"; an agency owner may name
 * its own agency; a refused submission comes back zeroed; a failing store gives version 0. */
static void test_submission_reads(void **state)
{
    afx *f = *state;
    sg_error e;
    sg_error_clear(&e);
    sg_principal analyst = who(SG_ROLE_ANALYST, NULL), police = who(SG_ROLE_AGENCY, "POLICE"),
                 health = who(SG_ROLE_AGENCY, "HEALTH");
    sg_scope sa = {f->s, &analyst, NULL, 1700000000}, sp = {f->s, &police, NULL, 1700000000},
             sh = {f->s, &health, NULL, 1700000000};

    char period[16] = "XXXXXXXXXXXXXXX";
    assert_int_equal(sg_scope_latest_period(&sa, period, &e), SG_OK);
    assert_string_equal(period, ""); /* max() of nothing is NULL: out is cleared */
    int64_t version = 77;
    assert_int_equal(sg_scope_data_version(&sa, &version, &e), SG_OK);
    assert_int_equal(version, 0);

    char path[128];
    snprintf(path, sizeof path, "%s/reads.csv", f->dir);
    write_file(path, "C1,F,2011-03-03,E1,HOME,M,2024-13-45,,Y,Y\nC2,M,2010-02-02,E2,HOME,M,"
                     "2024-07-01,2024-07-02,Y,N\n");
    sg_import_opts o = {.agency = "POLICE", .period = "2024-25", .user = "cli"};
    sg_import_file_result res;
    const char *paths[] = {path};
    assert_int_equal(sg_import_files(f->s, paths, 1, &o, &res, &e), SG_OK);
    assert_int_equal(res.submission, 1);
    afx_exec(f, "INSERT INTO submission (id, agency, format, period, file_name, sha256, user) "
                "VALUES (10, 'HEALTH', 'agency/health_x', '2023-24', 'h.csv', "
                "'00000000000000000000000000000000000000000000000000000000000000aa', 'cli')");

    assert_int_equal(sg_scope_latest_period(&sa, period, &e), SG_OK);
    assert_string_equal(period, "2024-25");
    version = 77;
    assert_int_equal(sg_scope_data_version(&sa, &version, &e), SG_OK);
    assert_int_equal(version, 10);

    /* "" is "any": both submissions; a period filters to its one */
    int n = 0;
    assert_int_equal(sg_scope_submissions(&sa, "", "", count_sub, &n, &e), SG_OK);
    assert_int_equal(n, 2);
    n = 0;
    assert_int_equal(sg_scope_submissions(&sa, NULL, NULL, count_sub, &n, &e), SG_OK);
    assert_int_equal(n, 2);
    n = 0;
    assert_int_equal(sg_scope_submissions(&sa, NULL, "2024-25", count_sub, &n, &e), SG_OK);
    assert_int_equal(n, 1);
    n = 0;
    assert_int_equal(sg_scope_submissions(&sa, "HEALTH", "", count_sub, &n, &e), SG_OK);
    assert_int_equal(n, 1);
    /* an agency owner naming its own agency, or none, sees its one; another's is refused */
    n = 0;
    assert_int_equal(sg_scope_submissions(&sp, "POLICE", NULL, count_sub, &n, &e), SG_OK);
    assert_int_equal(n, 1);
    n = 0;
    assert_int_equal(sg_scope_submissions(&sp, "", "", count_sub, &n, &e), SG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(sg_scope_submissions(&sh, "POLICE", NULL, count_sub, &n, &e), SG_EFORBIDDEN);

    /* refused by id: nothing of it is left in out */
    sg_submission s;
    assert_int_equal(sg_scope_submission(&sh, 1, &s, &e), SG_ENOTFOUND);
    assert_int_equal(s.id, 0);
    assert_string_equal(s.agency, "");
    assert_string_equal(s.period, "");
    assert_int_equal(s.rows_rejected, 0);
    /* the counts: one rejected row (line 2's start_date), no findings before validation */
    long findings[SG_SEV__COUNT], rejected = -1;
    assert_int_equal(sg_scope_submission_counts(&sp, 1, findings, &rejected, &e), SG_OK);
    assert_int_equal(rejected, 1);
    for (int i = 0; i < SG_SEV__COUNT; i++)
        assert_int_equal(findings[i], 0);
    /* validated: the one SG-REJECTED error, nothing of another severity; HEALTH gets nothing */
    sg_validate_result vr;
    memset(&vr, 0, sizeof vr);
    assert_int_equal(sg_validate_submission(f->s, 1, &vr, &e), SG_OK);
    assert_int_equal(sg_scope_submission_counts(&sp, 1, findings, &rejected, &e), SG_OK);
    for (int i = 0; i < SG_SEV__COUNT; i++)
        assert_int_equal(findings[i], i == SG_SEV_ERROR ? 1 : 0);
    rejected = -1;
    assert_int_equal(sg_scope_submission_counts(&sh, 1, findings, &rejected, &e), SG_ENOTFOUND);
    assert_int_equal(rejected, -1);

    /* a store that cannot answer: an error, and version 0, not what was there */
    afx_exec(f, "ALTER TABLE submission RENAME TO submission_gone");
    version = 77;
    assert_int_not_equal(sg_scope_data_version(&sa, &version, &e), SG_OK);
    assert_int_equal(version, 0);
}

static void test_actions(void **state)
{
    afx *f = *state;
    sg_error e;
    sg_error_clear(&e);
    const sg_reg_field a1[] = {{"action_ref", "A1"},          {"source", "other:x"},
                               {"description", "Police one"}, {"owner_agency", "POLICE"},
                               {"set_date", "2024-01-01"},    {"due_date", "2024-03-01"},
                               {"status", "IN_PROGRESS"},     {"last_update_date", "2024-02-01"}};
    const sg_reg_field a2[] = {{"action_ref", "A2"},          {"source", "other:x"},
                               {"description", "Health one"}, {"owner_agency", "HEALTH"},
                               {"set_date", "2024-01-01"},    {"due_date", "2030-03-01"},
                               {"status", "NOT_STARTED"}};
    const sg_reg_field a3[] = {{"action_ref", "A3"},          {"source", "other:x"},
                               {"description", "Police two"}, {"owner_agency", "POLICE"},
                               {"set_date", "2024-01-01"},    {"due_date", "2024-06-01"},
                               {"status", "IN_PROGRESS"},     {"last_update_date", "2024-02-01"}};
    assert_int_equal(sg_reg_add(f->s, &sg_reg_action, a1, 8, "cli", NULL, &e), SG_OK);
    assert_int_equal(sg_reg_add(f->s, &sg_reg_action, a2, 7, "cli", NULL, &e), SG_OK);
    assert_int_equal(sg_reg_add(f->s, &sg_reg_action, a3, 8, "cli", NULL, &e), SG_OK);
    sg_principal police = who(SG_ROLE_AGENCY, "POLICE"), business = who(SG_ROLE_BUSINESS, NULL);
    sg_scope sp = {f->s, &police, NULL, 1700000000}, sb = {f->s, &business, NULL, 1700000000};
    sg_date today = sg_date_from_ymd(2024, 7, 1);

    sg_reg_set set;
    sg_scope_action *v = NULL;
    size_t n = 0;
    /* business: all three, the longest overdue first (A1: 122 days, A3: 30 days) */
    assert_int_equal(sg_scope_actions(&sb, today, 0, NULL, NULL, &set, &v, &n, &e), SG_OK);
    assert_int_equal(n, 3);
    assert_string_equal(v[0].rec->key, "A1");
    assert_int_equal(v[0].flags.days_overdue, 122);
    assert_string_equal(v[1].rec->key, "A3");
    assert_string_equal(v[2].rec->key, "A2");
    free(v);
    sg_reg_set_fini(&set);
    /* police: only its own */
    assert_int_equal(sg_scope_actions(&sp, today, 0, NULL, NULL, &set, &v, &n, &e), SG_OK);
    assert_int_equal(n, 2);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(sg_reg_get(v[i].rec, "owner_agency"), "POLICE");
    free(v);
    sg_reg_set_fini(&set);
    /* police may record progress on its own action, not on HEALTH's, and not other fields */
    const sg_reg_field prog[] = {{"progress_note", "Briefing done"}};
    int changed = 0;
    assert_int_equal(sg_scope_register_update(&sp, &sg_reg_action, "A1", prog, 1, &changed, &e),
                     SG_OK);
    assert_int_equal(changed, 1);
    assert_int_equal(sg_scope_register_update(&sp, &sg_reg_action, "A2", prog, 1, &changed, &e),
                     SG_ENOTFOUND);
    const sg_reg_field due[] = {{"due_date", "2030-01-01"}};
    assert_int_equal(sg_scope_register_update(&sp, &sg_reg_action, "A1", due, 1, &changed, &e),
                     SG_EFORBIDDEN);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM audit_log WHERE action = 'change' AND "
                              "object = 'register:action:A1'"),
                     1);
    /* and reads no other register */
    assert_int_equal(sg_scope_register_load(&sp, &sg_reg_recommendation, &set, &e), SG_EFORBIDDEN);
    sg_reg_set_fini(&set);
}

/* sg_scope_register_log: a record's change log as its reader may see it. */
typedef struct log_rows {
    int n;
    char fields[16][32], olds[16][64], news[16][64];
} log_rows;

static int log_keep(void *ctx, const sg_reg_change *ch)
{
    log_rows *l = ctx;
    if (l->n < 16) {
        snprintf(l->fields[l->n], sizeof l->fields[0], "%s", ch->field);
        snprintf(l->olds[l->n], sizeof l->olds[0], "%s", ch->old_value ? ch->old_value : "-");
        snprintf(l->news[l->n], sizeof l->news[0], "%s", ch->new_value ? ch->new_value : "-");
    }
    l->n++;
    return 0;
}

static void test_register_log(void **state)
{
    afx *f = *state;
    sg_error e;
    sg_error_clear(&e);
    static const char pa[] = "L0123456789abcdef01234567", pb[] = "L89abcdef0123456789abcdef";
    const sg_reg_field d1[] = {
        {"death_ref", "CD-1"}, {"child", pa}, {"notification_date", "2024-05-01"}};
    assert_int_equal(sg_reg_add(f->s, &sg_reg_child_death, d1, 3, "cli", NULL, &e), SG_OK);
    const sg_reg_field up[] = {{"child", pb}, {"notes", "checked"}};
    int changed = 0;
    assert_int_equal(sg_reg_update(f->s, &sg_reg_child_death, "CD-1", up, 2, "cli", &changed, &e),
                     SG_OK);
    assert_int_equal(changed, 2);
    sg_principal analyst = who(SG_ROLE_ANALYST, NULL), business = who(SG_ROLE_BUSINESS, NULL),
                 police = who(SG_ROLE_AGENCY, "POLICE");
    sg_scope sa = {f->s, &analyst, NULL, 1700000000}, sb = {f->s, &business, NULL, 1700000000},
             sp = {f->s, &police, NULL, 1700000000};
    /* added with 3 fields (3 rows), then 2 fields changed (2 rows): 5 rows, oldest first */
    log_rows l;
    memset(&l, 0, sizeof l);
    assert_int_equal(sg_scope_register_log(&sa, &sg_reg_child_death, "CD-1", log_keep, &l, &e),
                     SG_OK);
    assert_int_equal(l.n, 5);
    int child_row = -1;
    for (int i = 3; i < 5; i++)
        if (strcmp(l.fields[i], "child") == 0) child_row = i;
    assert_true(child_row >= 0);
    /* the analyst has child-level access: both pseudonyms */
    assert_string_equal(l.olds[child_row], pa);
    assert_string_equal(l.news[child_row], pb);
    /* the business manager has not: the same rows, the pseudonyms blanked, other values kept */
    memset(&l, 0, sizeof l);
    assert_int_equal(sg_scope_register_log(&sb, &sg_reg_child_death, "CD-1", log_keep, &l, &e),
                     SG_OK);
    assert_int_equal(l.n, 5);
    assert_string_equal(l.olds[child_row], "-");
    assert_string_equal(l.news[child_row], "-");
    int notes_row = child_row == 3 ? 4 : 3;
    assert_string_equal(l.fields[notes_row], "notes");
    assert_string_equal(l.news[notes_row], "checked");
    for (int i = 0; i < 5; i++) {
        assert_null(strstr(l.olds[i], pa));
        assert_null(strstr(l.news[i], pa));
    }
    /* an agency data owner reads no register but actions; no such record is SG_ENOTFOUND */
    memset(&l, 0, sizeof l);
    assert_int_equal(sg_scope_register_log(&sp, &sg_reg_child_death, "CD-1", log_keep, &l, &e),
                     SG_EFORBIDDEN);
    assert_int_equal(sg_scope_register_log(&sb, &sg_reg_child_death, "CD-9", log_keep, &l, &e),
                     SG_ENOTFOUND);
    /* ... and only its own agency's actions */
    const sg_reg_field a1[] = {{"action_ref", "A1"},          {"source", "other:x"},
                               {"description", "Health one"}, {"owner_agency", "HEALTH"},
                               {"set_date", "2024-01-01"},    {"due_date", "2030-03-01"},
                               {"status", "NOT_STARTED"}};
    assert_int_equal(sg_reg_add(f->s, &sg_reg_action, a1, 7, "cli", NULL, &e), SG_OK);
    assert_int_equal(sg_scope_register_log(&sp, &sg_reg_action, "A1", log_keep, &l, &e),
                     SG_ENOTFOUND);
    assert_int_equal(l.n, 0);
    sg_principal health = who(SG_ROLE_AGENCY, "HEALTH");
    sg_scope sh = {f->s, &health, NULL, 1700000000};
    assert_int_equal(sg_scope_register_log(&sh, &sg_reg_action, "A1", log_keep, &l, &e), SG_OK);
    assert_int_equal(l.n, 7);
}

int main(void)
{
    setenv("SG_TODAY", "2025-06-30", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_upload, afx_setup, afx_teardown),
        cmocka_unit_test_setup_teardown(test_scoping, afx_setup, afx_teardown),
        cmocka_unit_test_setup_teardown(test_validated_every_role, afx_setup, afx_teardown),
        cmocka_unit_test_setup_teardown(test_submission_reads, afx_setup, afx_teardown),
        cmocka_unit_test_setup_teardown(test_actions, afx_setup, afx_teardown),
        cmocka_unit_test_setup_teardown(test_register_log, afx_setup, afx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

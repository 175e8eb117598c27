/* test_validate.c - the validation framework: the raw-view tree (text form, accessors, typed
 * readers that tell absent from invalid), running rules (sg_vrun), the reporting helpers
 * (file/line/field/value from the node, identifying values withheld, message override,
 * per-rule state and finish), and the test support in vtree.h itself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "vtree.h"

#include <stdlib.h>
#include <string.h>

/* ---- the tree ---- */

static void test_parse_and_access(void **state)
{
    (void)state;
    sg_vnode *t = vt_tree("Child(ChildIdentifiers(LAchildID=A1 UPN= PersonBirthDate=2015-03-01)\n"
                          "  CINdetails(CINreferralDate=2023-06-01@40 ReferralSource=\"1A x\")\n"
                          "  CINdetails(CINreferralDate=31/02/2023) Empty)");
    assert_non_null(t);
    assert_string_equal(t->name, "Child");
    assert_int_equal(t->line, 1);
    assert_int_equal(sg_vnode_count(t, NULL), 4);
    assert_int_equal(sg_vnode_count(t, "CINdetails"), 2);
    const sg_vnode *ids = sg_vnode_child(t, "ChildIdentifiers");
    assert_string_equal(sg_vnode_text(ids, "LAchildID"), "A1");
    /* present but empty and absent both read as NULL text; the node tells them apart */
    assert_null(sg_vnode_text(ids, "UPN"));
    assert_non_null(sg_vnode_child(ids, "UPN"));
    assert_null(sg_vnode_child(ids, "FormerUPN"));
    assert_string_equal(sg_vnode_path(t, "ChildIdentifiers/LAchildID")->text, "A1");
    assert_null(sg_vnode_path(t, "ChildIdentifiers/Nope"));

    const sg_vnode *c1 = sg_vnode_child(t, "CINdetails");
    const sg_vnode *c2 = sg_vnode_next(c1);
    assert_non_null(c2);
    assert_null(sg_vnode_next(c2));
    assert_int_equal(c1->line, 2);
    assert_int_equal(sg_vnode_child(c1, "CINreferralDate")->line, 40);
    assert_int_equal(c2->line, 3);
    assert_string_equal(sg_vnode_text(c1, "ReferralSource"), "1A x");
    assert_string_equal(c1->file, VT_FILE);

    sg_date d = 0;
    assert_int_equal(sg_vnode_date(c1, "CINreferralDate", &d), SG_VOK);
    assert_int_equal(d, sg_date_from_ymd(2023, 6, 1));
    d = 7;
    assert_int_equal(sg_vnode_date(c2, "CINreferralDate", &d), SG_VBAD);
    assert_int_equal(d, 7);
    assert_int_equal(sg_vnode_date(c2, "Nope", &d), SG_VABSENT);
    assert_int_equal(sg_vnode_date(ids, "UPN", &d), SG_VABSENT);
    assert_int_equal(sg_vdate_parse("01/04/2023", &d), SG_VOK);
    assert_int_equal(d, sg_date_from_ymd(2023, 4, 1));
    assert_int_equal(sg_vdate_parse("1900-00-01", &d), SG_VBAD);
    vt_reset();
}

static void test_int_codes_list(void **state)
{
    (void)state;
    sg_vnode *t = vt_tree("r(a=12 b=-3 c=1x d= e=99999999999999999999999 f=+)");
    long v = 0;
    assert_int_equal(sg_vnode_int(t, "a", &v), SG_VOK);
    assert_int_equal(v, 12);
    assert_int_equal(sg_vnode_int(t, "b", &v), SG_VOK);
    assert_int_equal(v, -3);
    assert_int_equal(sg_vnode_int(t, "c", &v), SG_VBAD);
    assert_int_equal(sg_vnode_int(t, "d", &v), SG_VABSENT);
    assert_int_equal(sg_vnode_int(t, "e", &v), SG_VBAD);
    assert_int_equal(sg_vnode_int(t, "f", &v), SG_VBAD);
    assert_int_equal(sg_vnode_int(t, "zz", &v), SG_VABSENT);

    assert_true(sg_vcode_in("C2", "C1 C2 D1"));
    assert_true(sg_vcode_in("D1", "C1 C2 D1"));
    assert_false(sg_vcode_in("C", "C1 C2 D1"));
    assert_false(sg_vcode_in("c2", "C1 C2 D1"));
    assert_false(sg_vcode_in(NULL, "C1"));
    assert_false(sg_vcode_in("", "C1"));

    sg_vnode *c = vt_tree("CHILD(episodes(DECOM=01/05/2023 n=1) reviews(x=1)"
                          " episodes(DECOM=bad n=2) episodes(DECOM=01/04/2023 n=3)"
                          " episodes(n=4) episodes(DECOM=01/05/2023 n=5))");
    size_t n = 0;
    const sg_vnode **l = sg_vnode_list(vt_arena(), c, "episodes", "DECOM", &n);
    assert_int_equal(n, 5);
    const char *order[] = {"3", "1", "5", "2", "4"}; /* by date, stable, undated last */
    for (size_t i = 0; i < n; i++)
        assert_string_equal(sg_vnode_text(l[i], "n"), order[i]);
    l = sg_vnode_list(vt_arena(), c, "episodes", NULL, &n);
    assert_int_equal(n, 5);
    assert_string_equal(sg_vnode_text(l[1], "n"), "2");
    assert_null(sg_vnode_list(vt_arena(), c, "missing", NULL, &n));
    assert_int_equal(n, 0);
    vt_reset();
}

static void test_parse_errors(void **state)
{
    (void)state;
    const char *bad[] = {"", "a(b", "a b", "a=\"x", "(x)", "a@x", "a(b=1))"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sg_vnode *n = (sg_vnode *)1;
        sg_error e;
        sg_error_clear(&e);
        assert_int_equal(sg_vnode_parse(vt_arena(), bad[i], "f", &n, &e), SG_EPARSE);
        assert_null(n);
    }
    sg_vnode *n = NULL;
    assert_int_equal(sg_vnode_parse(vt_arena(), "a=\"q\\\"x\" ", "f", &n, NULL), SG_OK);
    assert_string_equal(n->text, "q\"x");
    assert_int_equal(sg_vnode_parse(vt_arena(), "a=x@y", "f", &n, NULL), SG_OK);
    assert_string_equal(n->text, "x@y"); /* not a line number: part of the value */
    assert_int_equal(sg_vnode_parse(vt_arena(), "a=x@7", "f", &n, NULL), SG_OK);
    assert_string_equal(n->text, "x");
    assert_int_equal(n->line, 7);
    vt_reset();
}

/* ---- running rules ---- */

/* Fires once per episodes row with no DECOM, and for an invalid one with a message of its own. */
static int chk_decom(sg_vctx *ctx, const sg_rule *rule)
{
    for (const sg_vnode *e = sg_vnode_child(ctx->child, "episodes"); e; e = sg_vnode_next(e)) {
        sg_date d;
        sg_vval v = sg_vnode_date(e, "DECOM", &d);
        if (v == SG_VABSENT) sg_vreport(ctx, rule, e, "DECOM", NULL);
        if (v == SG_VBAD) sg_vreportf(ctx, rule, e, "DECOM", NULL, "bad %s", "date");
        if (v == SG_VOK && d > ctx->coll->ref_date) sg_vreport(ctx, rule, e, "DECOM", "late");
    }
    return SG_OK;
}

/* Reports the child's DOB (identifying: the value must be withheld). */
static int chk_dob(sg_vctx *ctx, const sg_rule *rule)
{
    sg_vreport(ctx, rule, sg_vnode_child(ctx->child, "header"), "DOB", NULL);
    return SG_OK;
}

/* Counts children across the return; finish() reports when fewer than 2. */
typedef struct {
    int n;
} count_state;
static int chk_count(sg_vctx *ctx, const sg_rule *rule)
{
    count_state *st = sg_vstate(ctx, rule, sizeof *st);
    st->n++;
    return SG_OK;
}
static int fin_count(sg_vctx *ctx, const sg_rule *rule)
{
    count_state *st = sg_vstate(ctx, rule, sizeof *st);
    assert_null(ctx->child);
    if (st->n < 2) sg_vreportf(ctx, rule, NULL, "", NULL, "only %d", st->n);
    return SG_OK;
}

static int chk_fail(sg_vctx *ctx, const sg_rule *rule)
{
    (void)rule;
    return sg_vctx_fail(ctx, SG_EDB, "boom");
}

static const sg_rule test_rules[] = {
    {.id = "T1",
     .family = SG_FAMILY_903,
     .severity = SG_SEV_ERROR,
     .message = "no DECOM",
     .fields = "DECOM",
     .reads = "episodes",
     .check = chk_decom},
    {.id = "T2",
     .family = SG_FAMILY_903,
     .severity = SG_SEV_QUERY,
     .message = "dob",
     .fields = "DOB",
     .reads = "header",
     .check = chk_dob},
    {.id = "T3",
     .family = SG_FAMILY_903,
     .severity = SG_SEV_WARNING,
     .message = "count",
     .check = chk_count,
     .finish = fin_count},
    {.id = "T4",
     .family = SG_FAMILY_903,
     .severity = SG_SEV_ERROR,
     .message = "fails",
     .check = chk_fail},
};

static void test_report_fields(void **state)
{
    (void)state;
    vt_result r;
    assert_int_equal(vt_run(&test_rules[0],
                            "CHILD(episodes(DECOM=01/05/2023 RNE=S)\n"
                            "episodes(RNE=P)\n"
                            "episodes(DECOM=\n"
                            "  RNE=B)\n"
                            "episodes(DECOM=32/01/2024@77)\n"
                            "episodes(DECOM=01/04/2024))",
                            NULL, 2024, &r),
                     SG_OK);
    assert_int_equal(r.n, 4);
    /* absent: the row's line, no value */
    assert_string_equal(r.f[0].rule, "T1");
    assert_int_equal(r.f[0].line, 2);
    assert_string_equal(r.f[0].field, "DECOM");
    assert_false(r.f[0].has_value);
    assert_string_equal(r.f[0].message, "no DECOM");
    assert_string_equal(r.f[0].child, "child1");
    assert_string_equal(r.f[0].file, VT_FILE);
    assert_int_equal(r.f[0].severity, SG_SEV_ERROR);
    /* present but empty: the leaf's line */
    assert_int_equal(r.f[1].line, 3);
    assert_false(r.f[1].has_value);
    /* invalid: the leaf's value and line, the message override */
    assert_int_equal(r.f[2].line, 77);
    assert_string_equal(r.f[2].value, "32/01/2024");
    assert_string_equal(r.f[2].message, "bad date");
    /* an explicit value wins over the leaf's text */
    assert_string_equal(r.f[3].value, "late");
    assert_int_equal(r.f[3].line, 6);

    assert_int_equal(vt_run(&test_rules[0], "CHILD(episodes(DECOM=01/05/2023))", NULL, 2024, &r),
                     SG_OK);
    assert_int_equal(r.n, 0);
}

static void test_withheld_and_finish(void **state)
{
    (void)state;
    vt_result r;
    assert_int_equal(
        vt_run(&test_rules[1], "CHILD(header(CHILD=123 DOB=01/02/2015))", NULL, 2024, &r), SG_OK);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.f[0].field, "DOB");
    assert_false(r.f[0].has_value); /* a date of birth never reaches a finding */
    assert_int_equal(r.f[0].severity, SG_SEV_QUERY);
    assert_true(sg_validate_field_sensitive("LAchildID"));
    assert_true(sg_validate_field_sensitive("nhs_number"));
    assert_true(sg_validate_field_sensitive("dob"));
    assert_false(sg_validate_field_sensitive("DECOM"));
    assert_false(sg_validate_field_sensitive(NULL));

    const char *one[] = {"CHILD(header(CHILD=1))"};
    const char *two[] = {"CHILD(header(CHILD=1))", "CHILD(header(CHILD=2))"};
    assert_int_equal(vt_run_many(&test_rules[2], NULL, one, NULL, 1, 2024, &r), SG_OK);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.f[0].message, "only 1");
    assert_int_equal(r.f[0].severity, SG_SEV_WARNING);
    assert_int_equal(vt_run_many(&test_rules[2], NULL, two, NULL, 2, 2024, &r), SG_OK);
    assert_int_equal(r.n, 0);

    assert_int_equal(vt_run(&test_rules[3], "CHILD", NULL, 2024, &r), SG_EDB);
}

static void test_run_counts(void **state)
{
    (void)state;
    vt_result r;
    memset(&r, 0, sizeof r);
    sg_vcollection coll;
    sg_vcollection_for_year(&coll, 2024);
    assert_string_equal(coll.period, "2023-24");
    assert_int_equal(coll.start, sg_date_from_ymd(2023, 4, 1));
    assert_int_equal(coll.ref_date, sg_date_from_ymd(2024, 3, 31));
    sg_vrun *run = sg_vrun_new(test_rules, 3, &coll, "f.csv", NULL, 9, vt_collect, &r);
    sg_vnode *c = vt_tree("CHILD(header(DOB=x) episodes(RNE=S))");
    assert_int_equal(sg_vrun_child(run, NULL, c, NULL, "ps", NULL), SG_OK);
    assert_int_equal(sg_vrun_finish(run, NULL), SG_OK);
    assert_int_equal(sg_vrun_count(run, SG_SEV_ERROR), 1);
    assert_int_equal(sg_vrun_count(run, SG_SEV_QUERY), 1);
    assert_int_equal(sg_vrun_count(run, SG_SEV_WARNING), 1);
    assert_int_equal(r.n, 3);
    assert_string_equal(r.f[2].file, "f.csv"); /* no node: the run's file */
    sg_vrun_free(run);
    vt_reset();

    assert_string_equal(sg_severity_name(SG_SEV_QUERY), "query");
    assert_int_equal(sg_severity_parse("warning"), SG_SEV_WARNING);
    assert_int_equal(sg_severity_parse("fatal"), -1);
    assert_string_equal(sg_rule_family_name(SG_FAMILY_903), "903");
}

static void test_tables_well_formed(void **state)
{
    (void)state;
    /* every registered rule has an id, a message, a check, a valid severity and its table's
     * family; ids are unique across tables */
    for (int f = 0; f < SG_FAMILY__COUNT; f++) {
        size_t n;
        const sg_rule *t = sg_rules_of((sg_rule_family)f, &n);
        for (size_t i = 0; i < n; i++) {
            assert_non_null(t[i].id);
            assert_non_null(t[i].message);
            assert_non_null(t[i].check);
            assert_int_equal(t[i].family, f);
            assert_true((unsigned)t[i].severity < SG_SEV__COUNT);
            assert_ptr_equal(sg_rule_find(t[i].id), &t[i]);
        }
    }
    assert_null(sg_rule_find("no-such-rule"));
}

/* docs/rules.md lists every SG rule as a table row starting | `ID` | and links the DfE families'
 * documents (docs/rules_cin.md, docs/rules_903.md), whose own tests check them row by row
 * against the registered rules and the DfE catalogue. */
static void test_rules_documented(void **state)
{
    (void)state;
    const char *src = getenv("SG_SOURCE_DIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/docs/rules.md", src ? src : SG_SOURCE_DIR);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    long len = ftell(fp);
    rewind(fp);
    char *doc = malloc((size_t)len + 1);
    assert_int_equal(fread(doc, 1, (size_t)len, fp), (size_t)len);
    doc[len] = '\0';
    fclose(fp);
    assert_non_null(strstr(doc, "(rules_cin.md)"));
    assert_non_null(strstr(doc, "(rules_903.md)"));
    assert_non_null(strstr(doc, "(rules_cin.md)"));
    assert_non_null(strstr(doc, "(rules_903.md)"));
    for (int f = 0; f < SG_FAMILY__COUNT; f++) {
        size_t n;
        const sg_rule *t = sg_rules_of((sg_rule_family)f, &n);
        if (n && strncmp(t[0].id, "SG-", 3) != 0) continue; /* a DfE family: its own document */
        if (n && strncmp(t[0].id, "SG-", 3) != 0) continue; /* a DfE family: its own document */
        for (size_t i = 0; i < n; i++) {
            char row[64];
            snprintf(row, sizeof row, "\n| `%s` |", t[i].id);
            if (!strstr(doc, row)) fail_msg("rule %s is not documented in docs/rules.md", t[i].id);
        }
    }
    assert_non_null(strstr(doc, "\n| `SG-ROW` |"));
    free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_and_access),    cmocka_unit_test(test_int_codes_list),
        cmocka_unit_test(test_parse_errors),        cmocka_unit_test(test_report_fields),
        cmocka_unit_test(test_withheld_and_finish), cmocka_unit_test(test_run_counts),
        cmocka_unit_test(test_tables_well_formed),  cmocka_unit_test(test_rules_documented),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    vt_done();
    return rc;
}

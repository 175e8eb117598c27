/* test_rule_years.c - the DfE rule sets by collection year (validate/ruleset.h,
 * data/rule_years.csv, data/collection_years.csv): which rules each year's set holds, with
 * which code and severity, and hand-made CIN and SSDA903 returns for every supported year that
 * trip each year-specific difference (a rule that starts, a rule withdrawn, a code list that
 * changed, an error that became a query), validated through the engine as `validate FILE` does
 * and compared with findings worked out by hand from the rule texts. */
#include "core/codes.h"
#include "validate/engine.h"
#include "validate/ruleset.h"

#include "test_util.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vtree.h"

static const sg_rule *table_rule(sg_rule_family fam, const char *id)
{
    size_t n;
    const sg_rule *t = sg_rules_of(fam, &n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i].id, id) == 0) return &t[i];
    fail_msg("no rule %s", id);
    return NULL;
}

/* "code/severity" of a rule in a year, "-" when it does not apply. */
static const char *in_year(sg_rule_family fam, const char *id, int year)
{
    static char out[64];
    sg_rule r;
    if (!sg_rule_in_year(table_rule(fam, id), year, &r)) return "-";
    snprintf(out, sizeof out, "%s/%s", r.id, sg_severity_name(r.severity));
    return out;
}

static void test_supported_years(void **state)
{
    (void)state;
    int first, last;
    sg_collection_years(&first, &last);
    assert_int_equal(first, 2023); /* 2022-23 */
    assert_int_equal(last, 2026);  /* 2025-26 */
    assert_false(sg_collection_year_supported(2022));
    assert_true(sg_collection_year_supported(2023));
    assert_true(sg_collection_year_supported(2026));
    assert_false(sg_collection_year_supported(2027));
}

static void test_cin_by_year(void **state)
{
    (void)state;
    sg_rule_family C = SG_FAMILY_CIN;
    /* new in 2024-25 */
    const char *starts[] = {"1570", "1580", "8945Q", "8950Q"};
    for (size_t i = 0; i < 4; i++) {
        assert_string_equal(in_year(C, starts[i], 2024), "-");
        assert_non_null(strstr(in_year(C, starts[i], 2025), starts[i]));
        assert_non_null(strstr(in_year(C, starts[i], 2026), starts[i]));
    }
    /* withdrawn from 2022-23 */
    assert_string_equal(in_year(C, "8617", 2022), "8617/error");
    assert_string_equal(in_year(C, "8617", 2023), "-");
    assert_string_equal(in_year(C, "8899Q", 2022), "8899Q/query");
    assert_string_equal(in_year(C, "8899Q", 2026), "-");
    /* errors made queries from 2022-23 */
    const char *q[] = {"4009", "8525", "8555", "8569", "8863", "8897"};
    for (size_t i = 0; i < 6; i++) {
        char e[32], qq[32];
        snprintf(e, sizeof e, "%s/error", q[i]);
        snprintf(qq, sizeof qq, "%sQ/query", q[i]);
        assert_string_equal(in_year(C, q[i], 2022), e);
        for (int y = 2023; y <= 2026; y++)
            assert_string_equal(in_year(C, q[i], y), qq);
    }
    /* a rule without rows: every year as its table says */
    assert_string_equal(in_year(C, "8500", 2000), "8500/error");
    assert_string_equal(in_year(C, "8500", 2026), "8500/error");
    /* whole sets: 111 rules; 2021-22 lacks the 4 new ones, 2022-23 and 2023-24 also the 2
     * withdrawn ones, 2024-25 on only those 2 */
    size_t n = sg_rules_cin_count, k;
    assert_int_equal(n, 111);
    int want[] = {2022, 107, 2023, 105, 2024, 105, 2025, 109, 2026, 109};
    for (size_t i = 0; i < 10; i += 2) {
        sg_rule *t = sg_rules_for_year(sg_rules_cin, n, want[i], &k);
        assert_int_equal(k, (size_t)want[i + 1]);
        free(t);
    }
}

static void test_903_by_year(void **state)
{
    (void)state;
    sg_rule_family S = SG_FAMILY_903;
    const char *gone[] = {"370", "445", "451", "555", "556"};
    for (size_t i = 0; i < 5; i++) {
        assert_non_null(strstr(in_year(S, gone[i], 2024), "/error"));
        assert_string_equal(in_year(S, gone[i], 2025), "-");
    }
    /* 217t: 2023-24 only (P2 ended on 28 October 2023) */
    assert_string_equal(in_year(S, "217t", 2023), "-");
    assert_string_equal(in_year(S, "217t", 2024), "217t/error");
    assert_string_equal(in_year(S, "217t", 2025), "-");
    /* social worker episodes: from 2023-24; SW01STG1 and SW03STG1 withdrawn for 2024-25 */
    assert_string_equal(in_year(S, "SW01STG1", 2023), "-");
    assert_string_equal(in_year(S, "SW01STG1", 2024), "SW01STG1/error");
    assert_string_equal(in_year(S, "SW01STG1", 2025), "-");
    assert_string_equal(in_year(S, "SW02STG1", 2023), "-");
    assert_string_equal(in_year(S, "SW02STG1", 2026), "SW02STG1/error");
    assert_string_equal(in_year(S, "SW09STG2", 2025), "SW09STG2/query");
    /* SW15STG2, SW16a/b/cSTG2: listed for 2024-25 and withdrawn: no year */
    const char *never[] = {"SW15STG2", "SW16aSTG2", "SW16bSTG2", "SW16cSTG2"};
    for (size_t i = 0; i < 4; i++)
        for (int y = 2023; y <= 2026; y++)
            assert_string_equal(in_year(S, never[i], y), "-");
    /* 101's message follows the year */
    sg_rule r;
    assert_true(sg_rule_in_year(table_rule(S, "101"), 2024, &r));
    assert_string_equal(r.message, "Gender code is not valid.");
    assert_true(sg_rule_in_year(table_rule(S, "101"), 2025, &r));
    assert_string_equal(r.message, "The child or young person's reported sex is not valid.");
    /* rules starting in 2024-25 (231, 232, SW01a/bSTG1), and SW13STG1 with the other social
     * worker rules in 2023-24 */
    const char *from25[] = {"231", "SW01aSTG1", "SW01bSTG1"};
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(in_year(S, from25[i], 2024), "-");
        char want_code[32];
        snprintf(want_code, sizeof want_code, "%s/error", from25[i]);
        assert_string_equal(in_year(S, from25[i], 2025), want_code);
        assert_string_equal(in_year(S, from25[i], 2026), want_code);
    }
    assert_string_equal(in_year(S, "232", 2024), "-");
    assert_string_equal(in_year(S, "232", 2025), "232/query");
    assert_string_equal(in_year(S, "SW13STG1", 2023), "-");
    assert_string_equal(in_year(S, "SW13STG1", 2024), "SW13STG1/error");
    /* 222, 3001 and 165: every year */
    assert_string_equal(in_year(S, "222", 2023), "222/error");
    assert_string_equal(in_year(S, "3001", 2026), "3001/error");
    /* whole sets: 2022-23 lacks 9 SW rules, 217t, the 4 new in 2024-25 and the 4 never-run
     * ones (18); 2023-24 the 4 new and the 4 never-run (8); 2024-25 on the 8 withdrawn and the
     * 4 never-run (12) */
    size_t n = sg_rules_903_count, k;
    int want[] = {2023, 18, 2024, 8, 2025, 12, 2026, 12};
    for (size_t i = 0; i < 8; i += 2) {
        sg_rule *t = sg_rules_for_year(sg_rules_903, n, want[i], &k);
        assert_int_equal(n - k, (size_t)want[i + 1]);
        free(t);
    }
}

/* ---- hand-made returns through the engine ---- */

static char dir[256];

static void put(const char *name, const char *text, char *path, size_t size)
{
    snprintf(path, size, "%s/%s", dir, name);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

typedef struct found {
    int n;
    char s[32][64]; /* "rule child-line" */
} found;

static int collect(void *ud, const sg_finding *f)
{
    found *g = ud;
    if (g->n < 32) snprintf(g->s[g->n], sizeof g->s[0], "%s/%s", f->rule, f->field);
    g->n++;
    return 0;
}

static int cmp(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* The findings, sorted and joined with spaces. */
static const char *joined(found *g)
{
    static char out[2048];
    qsort(g->s, (size_t)(g->n < 32 ? g->n : 32), sizeof g->s[0], cmp);
    size_t len = 0;
    out[0] = '\0';
    for (int i = 0; i < g->n && i < 32; i++)
        len += (size_t)snprintf(out + len, sizeof out - len, "%s%s", i ? " " : "", g->s[i]);
    return out;
}

/* A CIN census for collection year y (ReferenceDate y-03-31), written as that year's
 * specification has it (GenderCurrent up to 2023-24, Sex from 2024-25). Five children, each
 * clean but for one year-specific difference:
 *   C1 disabled (8 codes), a completed assessment with factors 8A, 18A and 19A: 8617 (8A is no
 *      code) to 2021-22, 8897 (a factor outside the code set) as error / query, 8899Q (no 5A/6A
 *      for a disabled child) to 2021-22, 8945Q (18A) and 8950Q (19A) from 2024-25;
 *   C2 LAchildID of 22 characters with hyphens: 1570 and 1580 from 2024-25;
 *   C3 UPN issued by LA 942: 1530 up to 2022-23 (942 and 943 joined the list in 2023-24);
 *   C4 CIN plan ending after the child's death: 4009, a query (4009Q) from 2022-23;
 *   C5 both a date of birth and an expected one (1 May after the year; referred on 1 September,
 *      242 days before it, inside 8606's 40 weeks): 8525, a query (8525Q) from 2022-23. */
static void cin_return(int y, char *out, size_t size)
{
    char sex[64];
    snprintf(sex, sizeof sex, y >= 2025 ? "<Sex>M</Sex>" : "<GenderCurrent>1</GenderCurrent>");
    int p = y - 1;
    snprintf(
        out, size,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message><Header><CollectionDetails>"
        "<Collection>CIN</Collection><Year>%d</Year><ReferenceDate>%d-03-31</ReferenceDate>"
        "</CollectionDetails><Source><LEA>341</LEA></Source></Header><Children>\n"
        /* C1 */
        "<Child><ChildIdentifiers><LAchildID>C1</LAchildID><UPN>A341123456711</UPN>"
        "<PersonBirthDate>2012-05-01</PersonBirthDate>%s</ChildIdentifiers>"
        "<ChildCharacteristics><Ethnicity>WBRI</Ethnicity><Disabilities><Disability>MOB"
        "</Disability><Disability>HAND</Disability><Disability>PC</Disability><Disability>INC"
        "</Disability><Disability>COMM</Disability><Disability>LD</Disability><Disability>HEAR"
        "</Disability><Disability>VIS</Disability></Disabilities></ChildCharacteristics>"
        "<CINdetails><CINreferralDate>%d-05-01</CINreferralDate><ReferralSource>1A"
        "</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode><ReferralNFA>false</ReferralNFA>"
        "<Assessments><AssessmentActualStartDate>%d-05-02</AssessmentActualStartDate>"
        "<AssessmentAuthorisationDate>%d-05-20</AssessmentAuthorisationDate>"
        "<FactorsIdentifiedAtAssessment><AssessmentFactors>8A</AssessmentFactors>"
        "<AssessmentFactors>18A</AssessmentFactors><AssessmentFactors>19A</AssessmentFactors>"
        "</FactorsIdentifiedAtAssessment></Assessments></CINdetails></Child>\n"
        /* C2 */
        "<Child><ChildIdentifiers><LAchildID>C2-ABCDEFGHIJ-KLMNOPQ</LAchildID>"
        "<UPN>C341123456722</UPN><PersonBirthDate>2012-05-01</PersonBirthDate>%s"
        "</ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI</Ethnicity><Disabilities>"
        "<Disability>NONE</Disability></Disabilities></ChildCharacteristics><CINdetails>"
        "<CINreferralDate>%d-05-01</CINreferralDate><ReferralSource>1A</ReferralSource>"
        "<PrimaryNeedCode>N1</PrimaryNeedCode><ReferralNFA>true</ReferralNFA></CINdetails>"
        "</Child>\n"
        /* C3 */
        "<Child><ChildIdentifiers><LAchildID>C3</LAchildID><UPN>X942123456733</UPN>"
        "<PersonBirthDate>2012-05-01</PersonBirthDate>%s</ChildIdentifiers>"
        "<ChildCharacteristics><Ethnicity>WBRI</Ethnicity><Disabilities><Disability>NONE"
        "</Disability></Disabilities></ChildCharacteristics><CINdetails><CINreferralDate>"
        "%d-05-01</CINreferralDate><ReferralSource>1A</ReferralSource><PrimaryNeedCode>N1"
        "</PrimaryNeedCode><ReferralNFA>true</ReferralNFA></CINdetails></Child>\n"
        /* C4 */
        "<Child><ChildIdentifiers><LAchildID>C4</LAchildID><UPN>G341123456744</UPN>"
        "<PersonBirthDate>2012-05-01</PersonBirthDate>%s<PersonDeathDate>%d-08-01"
        "</PersonDeathDate></ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI</Ethnicity>"
        "<Disabilities><Disability>NONE</Disability></Disabilities></ChildCharacteristics>"
        "<CINdetails><CINreferralDate>%d-05-01</CINreferralDate><ReferralSource>1A"
        "</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode><ReferralNFA>false</ReferralNFA>"
        "<CINPlanDates><CINPlanStartDate>%d-06-01</CINPlanStartDate><CINPlanEndDate>%d-09-01"
        "</CINPlanEndDate></CINPlanDates></CINdetails></Child>\n"
        /* C5 */
        "<Child><ChildIdentifiers><LAchildID>C5</LAchildID><UPN>J341123456755</UPN>"
        "<PersonBirthDate>2012-05-01</PersonBirthDate><ExpectedPersonBirthDate>%d-05-01"
        "</ExpectedPersonBirthDate>%s</ChildIdentifiers><ChildCharacteristics><Ethnicity>WBRI"
        "</Ethnicity><Disabilities><Disability>NONE</Disability></Disabilities>"
        "</ChildCharacteristics><CINdetails><CINreferralDate>%d-09-01</CINreferralDate>"
        "<ReferralSource>1A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode><ReferralNFA>"
        "true</ReferralNFA></CINdetails></Child>\n"
        "</Children></Message>\n",
        y, y, sex, p, p, p, sex, p, sex, p, sex, p, p, p, p, y, sex, p);
}

static void test_cin_returns(void **state)
{
    (void)state;
    /* Worked out by hand from the rule texts (docs/rules_cin.md) and data/rule_years.csv; the
     * finding's field after the slash. 2021-22 has no rule set of its own here: a file stating
     * it gets the rules whose years reach back to it, which shows the 2022-23 changes. */
    const char *want[][2] = {
        {"2022", "1530/UPN 4009/CINPlanEndDate 8525/PersonBirthDate 8617/AssessmentFactors "
                 "8897/AssessmentFactors 8899Q/AssessmentFactors"},
        {"2023", "1530/UPN 4009Q/CINPlanEndDate 8525Q/PersonBirthDate 8897Q/AssessmentFactors"},
        {"2024", "4009Q/CINPlanEndDate 8525Q/PersonBirthDate 8897Q/AssessmentFactors"},
        {"2025", "1570/LAchildID 1580/LAchildID 4009Q/CINPlanEndDate 8525Q/PersonBirthDate "
                 "8897Q/AssessmentFactors 8945Q/AssessmentFactors 8950Q/AssessmentFactors"},
        {"2026", "1570/LAchildID 1580/LAchildID 4009Q/CINPlanEndDate 8525Q/PersonBirthDate "
                 "8897Q/AssessmentFactors 8945Q/AssessmentFactors 8950Q/AssessmentFactors"},
    };
    static char xml[16384];
    char path[512];
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        int y = (int)strtol(want[i][0], NULL, 10);
        cin_return(y, xml, sizeof xml);
        put("cin.xml", xml, path, sizeof path);
        const char *paths[] = {path};
        found g = {0};
        sg_validate_result res;
        sg_error e;
        sg_validate_file_opts o = {.year = 0};
        assert_int_equal(sg_validate_files(paths, 1, &o, collect, &g, &res, &e), SG_OK);
        if (strcmp(joined(&g), want[i][1]) != 0)
            fail_msg("%d: got\n  %s\nwant\n  %s", y, joined(&g), want[i][1]);
        /* the same with --year naming the file's own year */
        if (sg_collection_year_supported(y)) {
            found g2 = {0};
            o.year = y;
            assert_int_equal(sg_validate_files(paths, 1, &o, collect, &g2, NULL, &e), SG_OK);
            assert_string_equal(joined(&g2), want[i][1]);
        }
    }
}

/* Rule 100 on a loose census: a ReferenceDate other than the DfE's 31 March fails it, checked
 * against the collection the date falls in (21 July 2022: 2022-23), with or without --year. */
static void test_cin_reference_date(void **state)
{
    (void)state;
    static char xml[16384];
    char path[512];
    cin_return(2023, xml, sizeof xml);
    char *at = strstr(xml, "2023-03-31</ReferenceDate>");
    assert_non_null(at);
    memcpy(at, "2022-07-21", 10);
    put("cin.xml", xml, path, sizeof path);
    const char *paths[] = {path};
    const char *want = "100/ReferenceDate 1530/UPN 4009Q/CINPlanEndDate 8525Q/PersonBirthDate "
                       "8897Q/AssessmentFactors";
    sg_error e;
    for (int y = 0; y <= 2023; y += 2023) {
        found g = {0};
        sg_validate_file_opts o = {.year = y};
        assert_int_equal(sg_validate_files(paths, 1, &o, collect, &g, NULL, &e), SG_OK);
        assert_string_equal(joined(&g), want);
    }
    /* --year naming another collection is refused (31 March itself passes: test_cin_returns) */
    found g = {0};
    sg_validate_file_opts o = {.year = 2024};
    assert_int_equal(sg_validate_files(paths, 1, &o, collect, &g, NULL, &e), SG_EINVAL);
    assert_non_null(strstr(e.msg, "states collection 2022-23 (ReferenceDate 2022-07-21)"));
}

/* An SSDA903 return for collection year y (no year in CSV tables: --year gives it). Children:
 *   K1 SEX 1, K2 SEX M: 101 for K2 up to 2023-24 (codes 1 2), for K1 from 2024-25 (M F U);
 *   K3 SEX 2 (female up to 2023-24), no MOTHER, an open D1 (freeing order) episode from 1 June:
 *      393 (a looked-after girl needs MOTHER) only while 2 means female, 101 from 2024-25; 445,
 *      451, 555 up to 2023-24; SW01STG1 (looked after on 31 March, no social worker episode) in
 *      2023-24 only; 556 never (no DATE_PLACED to compare with);
 *   K4 SEX the year's male code, placed in P2 on 1 November, 10 years old: 370 up to 2023-24,
 *      217t in 2023-24 (on or after 28 October 2023);
 *   K1 also has a social worker episode with no reason: SW03STG1 in 2023-24, SW15STG2 never;
 *      it starts on 1 June of the year's first calendar year, so before 1 April 2023 in 2022-23
 *      (SW01aSTG1 asks only for SW_ID) and after it from 2023-24: SW13STG1 (blank reason) from
 *      2023-24, SW01bSTG1 from 2024-25;
 *   K4's P2 episode has a URN: 222 while P2 is on its list (to 2023-24);
 *   K5 SEX U: 101 up to 2023-24 (no such code), 232 (a query) from 2024-25. */
static void s903_return(int y, char *header, char *episodes, char *sw, size_t size)
{
    int p = y - 1;
    const char *male = y >= 2025 ? "M" : "1";
    snprintf(header, size,
             "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nK1,1,01/05/2012,WBRI,UN1,,\n"
             "K2,M,01/05/2012,WBRI,UN1,,\nK3,2,01/05/2012,WBRI,UN1,,\n"
             "K4,%s,01/05/2012,WBRI,UN1,,\nK5,U,01/05/2012,WBRI,UN1,,\n",
             male);
    snprintf(episodes, size,
             "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,"
             "PL_POST,URN\n"
             "K1,01/06/%d,S,C2,N1,U1,PR1,01/07/%d,E3,,,,\n"
             "K2,01/06/%d,S,C2,N1,U1,PR1,01/07/%d,E3,,,,\n"
             "K3,01/06/%d,S,D1,N1,U1,PR1,,,,,,\n"
             "K4,01/11/%d,S,C2,N1,P2,PR0,01/12/%d,E3,,,,SC123456\n",
             p, p, p, p, p, p, p);
    snprintf(sw, size,
             "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\nK1,01/05/2012,SW1,01/06/%d,01/07/%d,\n", p,
             p);
}

static void test_903_returns(void **state)
{
    (void)state;
    /* The year-specific rules and the rules reading SEX, run as each year's set has them. */
    const char *ids[] = {"101",       "174", "393", "607", "612",       "217t",      "370",
                         "445",       "451", "555", "556", "SW01STG1",  "SW03STG1",  "SW15STG2",
                         "SW16aSTG2", "222", "231", "232", "SW01aSTG1", "SW01bSTG1", "SW13STG1"};
    size_t nr = sizeof ids / sizeof ids[0];
    sg_rule rules[sizeof ids / sizeof ids[0]];
    for (size_t i = 0; i < nr; i++)
        rules[i] = *table_rule(SG_FAMILY_903, ids[i]);
    const char *want[][2] = {
        {"2023", "101/SEX 101/SEX 222/URN 370/PLACE 393/MOTHER 445/LS 451/LS 555/LS"},
        {"2024", "101/SEX 101/SEX 217t/PLACE 222/URN 370/PLACE 393/MOTHER 445/LS 451/LS 555/LS "
                 "SW01STG1/DEC SW03STG1/SW_REASON SW13STG1/SW_REASON"},
        {"2025", "101/SEX 101/SEX 232/SEX SW01bSTG1/SW_REASON SW13STG1/SW_REASON"},
        {"2026", "101/SEX 101/SEX 232/SEX SW01bSTG1/SW_REASON SW13STG1/SW_REASON"},
    };
    static char h[4096], ep[4096], sw[4096];
    char ph[512], pe[512], ps[512];
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        int y = (int)strtol(want[i][0], NULL, 10);
        s903_return(y, h, ep, sw, sizeof h);
        put("header.csv", h, ph, sizeof ph);
        put("episodes.csv", ep, pe, sizeof pe);
        put("sw_episodes.csv", sw, ps, sizeof ps);
        const char *paths[] = {ph, pe, ps};
        found g = {0};
        sg_error e;
        sg_validate_file_opts o = {.year = y, .rules = rules, .nrules = nr};
        assert_int_equal(sg_validate_files(paths, 3, &o, collect, &g, NULL, &e), SG_OK);
        if (strcmp(joined(&g), want[i][1]) != 0)
            fail_msg("%d: got\n  %s\nwant\n  %s", y, joined(&g), want[i][1]);
    }
}

/* Rules reading SEX read it in the year's codes: 174 (a male child with MC_DOB), 612 (a female
 * with MC_DOB and MOTHER not 1), and 202 across the change (last year 1, this year M agree). */
static void test_903_sex_readings(void **state)
{
    (void)state;
    const sg_rule *r174 = vt_rule("174"), *r612 = vt_rule("612"), *r202 = vt_rule("202");
    vt_result r;
    /* 174: SEX 1 is male up to 2023-24 only; M from 2024-25 only */
    const char *one = "CHILD(header(CHILD=1 SEX=1 DOB=01/01/2005 MC_DOB=01/01/2023))";
    const char *m = "CHILD(header(CHILD=1 SEX=M DOB=01/01/2005 MC_DOB=01/01/2023))";
    vt_run(r174, one, NULL, 2024, &r);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.f[0].field, "MC_DOB");
    vt_run(r174, one, NULL, 2025, &r);
    assert_int_equal(r.n, 0);
    vt_run(r174, m, NULL, 2024, &r);
    assert_int_equal(r.n, 0);
    vt_run(r174, m, NULL, 2025, &r);
    assert_int_equal(r.n, 1);
    /* 612: SEX 2 / F with MC_DOB and no MOTHER */
    const char *two = "CHILD(header(CHILD=1 SEX=2 DOB=01/01/2005 MC_DOB=01/01/2023))";
    const char *f = "CHILD(header(CHILD=1 SEX=F DOB=01/01/2005 MC_DOB=01/01/2023))";
    vt_run(r612, two, NULL, 2024, &r);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.f[0].field, "MOTHER");
    vt_run(r612, two, NULL, 2025, &r);
    assert_int_equal(r.n, 0);
    vt_run(r612, f, NULL, 2025, &r);
    assert_int_equal(r.n, 1);
    /* 202 in 2024-25 against 2023-24: 1 then M is no change, 1 then F is, 2 then F is not */
    const char *prev1 = "CHILD(header(CHILD=1 SEX=1 DOB=01/01/2015))";
    const char *prev2 = "CHILD(header(CHILD=1 SEX=2 DOB=01/01/2015))";
    const char *nowm = "CHILD(header(CHILD=1 SEX=M DOB=01/01/2015))";
    const char *nowf = "CHILD(header(CHILD=1 SEX=F DOB=01/01/2015))";
    vt_run(r202, nowm, prev1, 2025, &r);
    assert_int_equal(r.n, 0);
    vt_run(r202, nowf, prev1, 2025, &r);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.f[0].field, "SEX");
    vt_run(r202, nowf, prev2, 2025, &r);
    assert_int_equal(r.n, 0);
    /* within 2023-24 (both years 1/2): 1 then 2 is a change, 1 then 1 is not */
    vt_run(r202, prev2, prev1, 2024, &r);
    assert_int_equal(r.n, 1);
    vt_run(r202, prev1, prev1, 2024, &r);
    assert_int_equal(r.n, 0);
    /* a value no year knows is compared as written */
    vt_run(r202, "CHILD(header(CHILD=1 SEX=X DOB=01/01/2015))", prev1, 2025, &r);
    assert_int_equal(r.n, 1);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/sg-test-rule-years-%d", (int)getpid());
    tu_rm_rf(dir);
    return mkdir(dir, 0700);
}

static int teardown(void **state)
{
    (void)state;
    tu_rm_rf(dir);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_supported_years),    cmocka_unit_test(test_cin_by_year),
        cmocka_unit_test(test_903_by_year),        cmocka_unit_test(test_cin_returns),
        cmocka_unit_test(test_903_returns),        cmocka_unit_test(test_903_sex_readings),
        cmocka_unit_test(test_cin_reference_date),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

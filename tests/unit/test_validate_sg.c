/* test_validate_sg.c - the SG rules (rules_sg.c), each with a return that fires it and one that
 * does not. Returns are small agency template CSVs and CIN census XML written here, imported
 * into a fresh store; each test runs one rule over one submission and reads the stored
 * findings back (line | field | value | message). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/import.h"
#include "store/store.h"
#include "validate/engine.h"
#include "test_util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct fx {
    char dir[256];
    sg_store *s;
    int nfiles;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/sg_valsg_XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    char st[300];
    snprintf(st, sizeof st, "%s/store", f->dir);
    sg_error e;
    if (sg_store_open(st, true, &f->s, &e)) return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    sg_store_close(f->s);
    tu_rm_rf(f->dir);
    free(f);
    return 0;
}

/* Imports text as a file of the given name, agency and period; returns the submission. */
static int64_t import(fx *f, const char *name, const char *agency, const char *period,
                      const char *text)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%d-%s", f->dir, ++f->nfiles, name);
    FILE *fp = fopen(p, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    const char *paths[] = {p};
    sg_import_file_result r;
    sg_import_opts o = {.agency = agency, .period = period, .user = "t"};
    sg_error e;
    sg_error_clear(&e);
    int rc = sg_import_files(f->s, paths, 1, &o, &r, &e);
    if (rc) fail_msg("import %s: %s", name, e.msg);
    return r.submission;
}

#define MAXF 32
typedef struct found {
    int n;
    char row[MAXF][300];
} found;

/* Runs rule id alone over submission sub and reads its findings back from the store. */
static void run(fx *f, const char *id, int64_t sub, found *out)
{
    const sg_rule *rule = sg_rule_find(id);
    assert_non_null(rule);
    sg_error e;
    sg_error_clear(&e);
    int rc = sg_validate_submission_rules(f->s, sub, rule, 1, NULL, &e);
    if (rc) fail_msg("validate: %s", e.msg);
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(sg_store_db(f->s),
                                        "SELECT line, field, coalesce(value, '~'), message, "
                                        "child, severity FROM finding WHERE submission_id = ? AND "
                                        "rule = ? ORDER BY line, id",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_int64(st, 1, sub);
    sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *child = (const char *)sqlite3_column_text(st, 4);
        /* never a raw identifier: a pseudonym or nothing */
        assert_true(child[0] == '\0' || (child[0] == 'L' && strlen(child) == 25) ||
                    child[0] == 'N' || child[0] == 'P');
        assert_string_equal((const char *)sqlite3_column_text(st, 5),
                            sg_severity_name(rule->severity));
        if (out->n < MAXF)
            snprintf(out->row[out->n], sizeof out->row[0], "%d|%s|%s|%s", sqlite3_column_int(st, 0),
                     sqlite3_column_text(st, 1), sqlite3_column_text(st, 2),
                     sqlite3_column_text(st, 3));
        out->n++;
    }
    sqlite3_finalize(st);
}

#define PM_HEAD                                                                                    \
    "child_la_id,nhs_number,surname,forename,date_of_birth,sex,episode_ref,missing_from,"          \
    "missing_type,start_date,end_date,return_interview_offered,return_interview_accepted\n"
#define PE_HEAD                                                                                    \
    "child_la_id,nhs_number,surname,forename,date_of_birth,sex,event_ref,event_type,event_date,"   \
    "vpr_type\n"

static void test_future(void **state)
{
    fx *f = *state;
    int64_t sub = import(f, "pm.csv", "POLICE", "2023-24",
                         PM_HEAD "A1,,,,2010-01-01,F,E1,HOME,M,2024-03-31,2024-04-02,Y,N\n"
                                 "A2,,,,2010-01-01,F,E2,HOME,M,2024-03-30,2024-03-31,Y,N\n");
    found r;
    run(f, "SG-DATE-FUTURE", sub, &r);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.row[0], "2|end_date|2024-04-02|2024-04-02 is after 2024-03-31, the "
                                  "end of the period this return covers.");
    /* a quarter of the financial year: 2023-Q4 ends 31 March 2024 */
    sub = import(f, "pm.csv", "POLICE", "2023-Q4",
                 PM_HEAD "A1,,,,2010-01-01,F,E1,HOME,M,2024-03-31,,Y,N\n"
                         "A1,,,,2010-01-01,F,E3,HOME,M,2024-04-01,,Y,N\n");
    run(f, "SG-DATE-FUTURE", sub, &r);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.row[0], "3|start_date|2024-04-01|2024-04-01 is after 2024-03-31, the "
                                  "end of the period this return covers.");
    /* a month */
    sub = import(f, "pm.csv", "POLICE", "2024-02",
                 PM_HEAD "A1,,,,2010-01-01,F,E1,HOME,M,2024-02-29,,Y,N\n");
    run(f, "SG-DATE-FUTURE", sub, &r);
    assert_int_equal(r.n, 0);
}

static void test_order_birth_default(void **state)
{
    fx *f = *state;
    int64_t sub = import(f, "pm.csv", "POLICE", "2023-24",
                         PM_HEAD "A1,,,,2015-06-10,F,E1,HOME,M,2023-05-02,2023-05-01,Y,N\n"
                                 "A2,,,,2015-06-10,F,E2,HOME,M,2023-05-02,2023-05-02,Y,N\n"
                                 "A3,,,,2015-06-10,F,E3,HOME,M,2015-05-31,,Y,N\n"
                                 "A4,,,,2015-06-10,F,E4,HOME,M,2015-06-01,,Y,N\n"
                                 "A5,,,,2015-06-10,F,E5,HOME,M,1900-01-01,,Y,N\n"
                                 "A6,,,,1970-01-01,F,E6,HOME,M,2023-01-01,1970-01-01,Y,N\n");
    found r;
    run(f, "SG-DATE-ORDER", sub, &r);
    assert_int_equal(r.n, 2); /* row 2 and the default end date of row 7 */
    assert_string_equal(r.row[0], "2|end_date|2023-05-01|end_date 2023-05-01 is before "
                                  "start_date 2023-05-02.");
    assert_string_equal(r.row[1], "7|end_date|1970-01-01|end_date 1970-01-01 is before "
                                  "start_date 2023-01-01.");
    run(f, "SG-DATE-BIRTH", sub, &r);
    assert_int_equal(r.n, 2); /* May 2015 before June 2015; 1900 too; the same month is not */
    assert_string_equal(r.row[0], "4|start_date|2015-05-31|2015-05-31 is before the child was "
                                  "born (2015-06).");
    assert_string_equal(r.row[1], "6|start_date|1900-01-01|1900-01-01 is before the child was "
                                  "born (2015-06).");
    run(f, "SG-DATE-DEFAULT", sub, &r);
    assert_int_equal(r.n, 3);
    assert_string_equal(r.row[0], "6|start_date|1900-01-01|1900-01-01 is a default date, not a "
                                  "real one.");
    assert_string_equal(r.row[1], "7|birth|1970-01|The month of birth is a default value "
                                  "(1970-01), not a real one.");
    assert_string_equal(r.row[2], "7|end_date|1970-01-01|1970-01-01 is a default date, not a "
                                  "real one.");
}

/* SG-DATE-BIRTH uses only the submitting agency's returns and quotes the month; another
 * agency's month of birth gives SG-DATE-BIRTH-OTHER, which quotes none, and only where
 * SG-DATE-BIRTH does not fire. Children's social care (LA) says B1 was born 2018-04; police
 * events for B1 in 2016 and 2018-03-31 are before it, 2018-04-01 is not; B2 is unknown to LA.
 * B3: police's own row says 2010-01 and LA says 2012-06: 2011-05 is before LA's month only. */
static void test_birth_own_and_other(void **state)
{
    fx *f = *state;
    import(f, "eh.csv", "LA", "2024-25",
           "child_la_id,date_of_birth,sex,organisation,assessment_start,assessment_end,outcome\n"
           "B1,2018-04-15,F,Hub,2024-04-08,,ONGOING\n"
           "B3,2012-06-01,F,Hub,2024-04-08,,ONGOING\n");
    int64_t sub = import(f, "pe.csv", "POLICE", "2024-25",
                         "child_la_id,date_of_birth,sex,event_type,event_date,vpr_type\n"
                         "B1,,F,STRATEGY_REQUEST,2016-01-10,\n"
                         "B1,,F,STRATEGY_REQUEST,2018-03-31,\n"
                         "B1,,F,STRATEGY_REQUEST,2018-04-01,\n"
                         "B2,,F,STRATEGY_REQUEST,2016-01-10,\n"
                         "B3,2010-01-20,F,STRATEGY_REQUEST,2011-05-05,\n"
                         "B3,2010-01-20,F,STRATEGY_REQUEST,2009-12-31,\n");
    found r;
    run(f, "SG-DATE-BIRTH", sub, &r);
    assert_int_equal(r.n, 1); /* only B3's 2009-12-31, against police's own 2010-01 */
    assert_string_equal(r.row[0], "7|event_date|2009-12-31|2009-12-31 is before the child was "
                                  "born (2010-01).");
    run(f, "SG-DATE-BIRTH-OTHER", sub, &r);
    assert_int_equal(r.n, 3); /* B1 twice (not 2018-04-01), B3's 2011-05-05; never B2 */
    assert_string_equal(r.row[0], "2|event_date|2016-01-10|2016-01-10 is before the month of "
                                  "birth another agency's return gives for the child.");
    assert_string_equal(r.row[1], "3|event_date|2018-03-31|2018-03-31 is before the month of "
                                  "birth another agency's return gives for the child.");
    assert_string_equal(r.row[2], "6|event_date|2011-05-05|2011-05-05 is before the month of "
                                  "birth another agency's return gives for the child.");
    for (int i = 0; i < r.n; i++)
        assert_null(strstr(r.row[i], "2018-04")); /* LA's month is never quoted */
}

/* The list the scoped layer filters by is exactly the rules marked other_agencies. */
static void test_other_agencies_list(void **state)
{
    (void)state;
    char want[256] = "[";
    for (int fam = 0; fam < SG_FAMILY__COUNT; fam++) {
        size_t n;
        const sg_rule *t = sg_rules_of((sg_rule_family)fam, &n);
        for (size_t i = 0; i < n; i++)
            if (t[i].other_agencies)
                snprintf(want + strlen(want), sizeof want - strlen(want), "%s\"%s\"",
                         want[1] ? ", " : "", t[i].id);
    }
    snprintf(want + strlen(want), sizeof want - strlen(want), "]");
    assert_string_equal(sg_rules_other_agencies_json(), want);
    assert_string_equal(want, "[\"SG-DATE-BIRTH-OTHER\", \"SG-PATH-CP\"]");
}

static void test_same_date(void **state)
{
    fx *f = *state;
    char text[4096];
    size_t n = (size_t)snprintf(text, sizeof text, PM_HEAD);
    for (int i = 0; i < 10; i++)
        n += (size_t)snprintf(text + n, sizeof text - n,
                              "A%d,,,,2010-01-01,F,E%d,HOME,M,2023-0%d-01,2023-06-06,Y,N\n", i, i,
                              1 + i % 5);
    int64_t sub = import(f, "pm.csv", "POLICE", "2023-24", text);
    found r;
    run(f, "SG-DATE-SAME", sub, &r);
    assert_int_equal(r.n, 1); /* end_date is the same in all 10 rows; start_date varies */
    assert_string_equal(r.row[0], "0|end_date|2023-06-06|All 10 end_date values in this return "
                                  "are the same date (2023-06-06): it looks pre-populated.");
    /* nine rows are too few to tell */
    n = (size_t)snprintf(text, sizeof text, PM_HEAD);
    for (int i = 0; i < 9; i++)
        n += (size_t)snprintf(text + n, sizeof text - n,
                              "B%d,,,,2010-01-01,F,E%d,HOME,M,2023-01-01,2023-06-06,Y,N\n", i, i);
    sub = import(f, "pm.csv", "POLICE", "2022-23", text);
    run(f, "SG-DATE-SAME", sub, &r);
    assert_int_equal(r.n, 0);
}

static void test_duplicates(void **state)
{
    fx *f = *state;
    int64_t q1 = import(f, "pm.csv", "POLICE", "2023-Q1",
                        PM_HEAD "A1,,,,2010-01-01,F,E1,HOME,M,2023-05-02,2023-05-03,Y,N\n"
                                "A2,,,,2010-01-01,F,E2,HOME,M,2023-05-02,2023-05-03,Y,N\n"
                                "A1,,,,2010-01-01,F,E1,HOME,M,2023-05-02,2023-05-03,Y,N\n"
                                "A1,,,,2010-01-01,F,E1,HOME,M,2023-05-02,2023-05-04,Y,N\n");
    found r;
    run(f, "SG-DUP-WITHIN", q1, &r);
    /* line 4 repeats line 2 exactly; line 5 differs in its end date; line 3 is another child */
    assert_int_equal(r.n, 1);
    assert_string_equal(r.row[0], "4|missing_episode|~|The same missing_episode record as line 2.");

    int64_t q2 = import(f, "pm.csv", "POLICE", "2023-Q2",
                        PM_HEAD "A2,,,,2010-01-01,F,E2,HOME,M,2023-05-02,2023-05-03,Y,N\n"
                                "A2,,,,2010-01-01,F,E9,HOME,M,2023-07-02,,Y,N\n");
    run(f, "SG-DUP-WITHIN", q2, &r);
    assert_int_equal(r.n, 0);
    run(f, "SG-DUP-ACROSS", q2, &r);
    assert_int_equal(r.n, 1);
    char want[200];
    snprintf(want, sizeof want,
             "2|missing_episode|~|The same missing_episode record is also in submission %lld "
             "(2023-Q1, line 3).",
             (long long)q1);
    assert_string_equal(r.row[0], want);
    /* another agency's record of the same episode is reconciliation, not a duplicate */
    int64_t other = import(f, "pm.csv", "BTP", "2023-Q3",
                           PM_HEAD "A2,,,,2010-01-01,F,E2,HOME,M,2023-05-02,2023-05-03,Y,N\n");
    run(f, "SG-DUP-ACROSS", other, &r);
    assert_int_equal(r.n, 0);
}

#define CIN_FMT                                                                                    \
    "<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2024</Year>"            \
    "<ReferenceDate>2024-03-31</ReferenceDate></CollectionDetails></Header><Children>\n"           \
    "<Child><ChildIdentifiers><LAchildID>C1</LAchildID><PersonBirthDate>2015-01-01"                \
    "</PersonBirthDate></ChildIdentifiers>\n"                                                      \
    "<CINdetails><CINreferralDate>2023-05-01</CINreferralDate>%s\n"                                \
    "<ChildProtectionPlans><CPPstartDate>2023-06-01</CPPstartDate></ChildProtectionPlans>\n"       \
    "</CINdetails></Child></Children></Message>\n"

static void test_path_cp(void **state)
{
    fx *f = *state;
    char xml[2048];
    snprintf(xml, sizeof xml, CIN_FMT, "");
    int64_t sub = import(f, "cin.xml", "LA", "2023-24", xml);
    found r;
    run(f, "SG-PATH-CP", sub, &r);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.row[0], "4|start_date|2023-06-01|A child protection plan starts with no "
                                  "section 47 enquiry or initial child protection conference on "
                                  "or before its start.");
    /* with a section 47 before the plan */
    snprintf(xml, sizeof xml, CIN_FMT,
             "<Section47><S47ActualStartDate>2023-05-10</S47ActualStartDate></Section47>");
    sub = import(f, "cin.xml", "LA", "2023-24", xml);
    run(f, "SG-PATH-CP", sub, &r);
    assert_int_equal(r.n, 0);
    /* a section 47 after the plan does not count; an ICPC before it does */
    snprintf(xml, sizeof xml, CIN_FMT,
             "<Section47><S47ActualStartDate>2023-07-10</S47ActualStartDate></Section47>");
    sub = import(f, "cin.xml", "LA", "2023-24", xml);
    run(f, "SG-PATH-CP", sub, &r);
    assert_int_equal(r.n, 1);
    snprintf(xml, sizeof xml, CIN_FMT, "<DateOfInitialCPC>2023-05-30</DateOfInitialCPC>");
    sub = import(f, "cin.xml", "LA", "2023-24", xml);
    run(f, "SG-PATH-CP", sub, &r);
    assert_int_equal(r.n, 0);
}

static char *pm_rows(int n, int year)
{
    char *t = malloc(64 + (size_t)n * 100);
    size_t len = (size_t)snprintf(t, 64 + (size_t)n * 100, "%s", PM_HEAD);
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(t + len, 100, "A%d,,,,2010-01-01,F,E%d,HOME,M,%d-05-%02d,,Y,N\n", i,
                                i, year, 1 + i % 28);
    return t;
}

static void test_count_jump(void **state)
{
    fx *f = *state;
    char *t = pm_rows(20, 2022);
    import(f, "pm.csv", "POLICE", "2022-23", t);
    free(t);
    t = pm_rows(35, 2023);
    int64_t sub = import(f, "pm.csv", "POLICE", "2023-24", t);
    free(t);
    found r;
    run(f, "SG-COUNT-JUMP", sub, &r);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.row[0], "0|missing_episode|35|35 missing_episode records against 20 for "
                                  "2022-23: a change of +75%, more than the 50% tolerance.");
    /* +40%: within the tolerance */
    t = pm_rows(28, 2023);
    sub = import(f, "pm2.csv", "POLICE", "2023-24", t);
    free(t);
    run(f, "SG-COUNT-JUMP", sub, &r);
    assert_int_equal(r.n, 0);
    /* no previous return: nothing to compare */
    t = pm_rows(35, 2021);
    sub = import(f, "pm.csv", "POLICE", "2021-22", t);
    free(t);
    run(f, "SG-COUNT-JUMP", sub, &r);
    assert_int_equal(r.n, 0);
    /* a small return: 2 -> 9 is +350% but only 7 records */
    t = pm_rows(2, 2019);
    import(f, "pm.csv", "BTP", "2019-20", t);
    free(t);
    t = pm_rows(9, 2020);
    sub = import(f, "pm.csv", "BTP", "2020-21", t);
    free(t);
    run(f, "SG-COUNT-JUMP", sub, &r);
    assert_int_equal(r.n, 0);
    /* the quarter before Q1 is the previous financial year's Q4; the month before January is
     * the previous December */
    static const char *const pairs[][2] = {{"2022-Q4", "2023-Q1"}, {"2023-12", "2024-01"}};
    for (size_t i = 0; i < 2; i++) {
        t = pm_rows(20, 2025 + (int)i); /* content not imported before */
        import(f, "pm.csv", "BTP", pairs[i][0], t);
        free(t);
        t = pm_rows(35, 2025 + (int)i);
        sub = import(f, "pm.csv", "BTP", pairs[i][1], t);
        free(t);
        run(f, "SG-COUNT-JUMP", sub, &r);
        assert_int_equal(r.n, 1);
        char want[200];
        snprintf(want, sizeof want,
                 "0|missing_episode|35|35 missing_episode records against 20 for %s: a change "
                 "of +75%%, more than the 50%% tolerance.",
                 pairs[i][0]);
        assert_string_equal(r.row[0], want);
    }
}

static void test_agency_codes_required(void **state)
{
    fx *f = *state;
    int64_t sub = import(f, "pm.csv", "POLICE", "2023-24",
                         PM_HEAD "A1,,,,2010-01-01,F,E1,STREET,M,2023-05-02,,Y,N\n"
                                 "A2,,,,2010-01-01,F,E2,CARE,,2023-05-02,,Y,N\n"
                                 "A3,,,,2010-01-01,F,E3,HOME,A,2023-05-02,,Y,N\n");
    found r;
    run(f, "SG-AGENCY-CODE", sub, &r);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.row[0], "2|missing_from|STREET|missing_from 'STREET' is not one of the "
                                  "template's codes.");
    run(f, "SG-AGENCY-REQUIRED", sub, &r);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.row[0], "3|missing_type|~|missing_type is required.");

    sub = import(f, "pe.csv", "POLICE", "2023-24",
                 PE_HEAD "A1,,,,2010-01-01,F,R1,VPR,2023-05-02,\n"
                         "A2,,,,2010-01-01,F,R2,DETENTION,2023-05-02,DA\n"
                         "A3,,,,2010-01-01,F,R3,VPR,2023-05-02,CSE\n"
                         "A4,,,,2010-01-01,F,R4,ARREST,2023-05-02,\n");
    run(f, "SG-AGENCY-REQUIRED", sub, &r);
    assert_int_equal(r.n, 2);
    assert_string_equal(r.row[0], "2|vpr_type|~|vpr_type is required when event_type is VPR.");
    assert_string_equal(r.row[1], "3|vpr_type|DA|vpr_type is given but event_type is not VPR.");
    run(f, "SG-AGENCY-CODE", sub, &r);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.row[0],
                        "5|event_type|ARREST|event_type 'ARREST' is not one of the template's "
                        "codes.");
}

/* Ofsted Annex A lists (CSV, detected from their headings): coded and starred columns, and the
 * list 6 dates the date rules read from its extra records. */
#define A1_HEAD                                                                                    \
    "Child Unique ID*,Gender*,Ethnicity*,Date of Birth,Age of Child (Years),Date of Contact*,"     \
    "Contact Source*\n"
#define A4_HEAD                                                                                    \
    "Child Unique ID*,Gender*,Ethnicity*,Date of Birth,Age of Child (Years),Does the Child have "  \
    "a Disability*,Continuous Assessment Start Date*,Child Seen During Continuous Assessment*,"    \
    "Continuous Assessment Date of Authorisation,Was the child assessed as requiring LA "          \
    "children's social care support?,Allocated Team*,Allocated Worker*\n"
#define A6_HEAD                                                                                    \
    "Child Unique ID*,Gender*,Ethnicity*,Date of Birth,Age of Child (Years),Does the Child have "  \
    "a Disability*,CIN Start Date,Primary Need Code*,Date Child Was Last Seen,CIN Closure Date,"   \
    "Reason for Closure,Case Status*,Allocated Team*,Allocated Worker*\n"

static void test_annexa_codes_required(void **state)
{
    fx *f = *state;
    int64_t sub = import(f, "annexa_list1.csv", "LA", "2023-24",
                         A1_HEAD "C1,F,WBRI,04/01/2020,3,22/10/2023,2A\n"
                                 "C2,F,WBRI,04/01/2020,3,23/10/2023,99\n"
                                 "C3,F,WBRI,04/01/2020,3,24/10/2023,\n"
                                 "C4,F,WBRI,04/01/2020,3,25/10/2023,q) 6: Police\n");
    found r;
    run(f, "SG-ANNEXA-CODE", sub, &r);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.row[0], "3|Contact Source|99|Contact Source '99' is not one of the "
                                  "template's codes.");
    run(f, "SG-ANNEXA-REQUIRED", sub, &r);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.row[0], "4|Contact Source|~|Contact Source is required.");

    sub = import(f, "annexa_list4.csv", "LA", "2023-24",
                 A4_HEAD "C1,F,WBRI,04/01/2020,3,N,28/10/2023,Y,20/12/2023,Y,Team B,Worker 4\n"
                         "C2,F,WBRI,04/01/2020,3,N,28/10/2023,,20/12/2023,Y,Team B,Worker 4\n"
                         "C3,F,WBRI,04/01/2020,3,N,28/10/2023,N,,,Team B,Worker 4\n");
    run(f, "SG-ANNEXA-REQUIRED", sub, &r);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.row[0], "3|Child Seen During Continuous Assessment|~|Child Seen During "
                                  "Continuous Assessment is required.");
    run(f, "SG-ANNEXA-CODE", sub, &r);
    assert_int_equal(r.n, 0);

    sub = import(f, "annexa_list6.csv", "LA", "2023-24",
                 A6_HEAD "C1,F,WBRI,04/01/2020,3,N,24/10/2023,N1,17/03/2024,,,Open,T,W\n"
                         "C2,F,WBRI,04/01/2020,3,N,24/10/2023,N10,17/03/2024,,,Open,T,W\n"
                         "C3,F,WBRI,04/01/2020,3,N,24/10/2023,N4,24/10/2023,20/10/2023,RC1,"
                         "Closed,T,W\n"
                         "C4,F,WBRI,04/01/2020,3,N,24/10/2023,N4,24/10/2023,02/04/2024,RC1,"
                         "Closed,T,W\n");
    run(f, "SG-ANNEXA-CODE", sub, &r);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.row[0], "3|Primary Need Code|N10|Primary Need Code 'N10' is not one of "
                                  "the template's codes.");
    run(f, "SG-ANNEXA-REQUIRED", sub, &r);
    assert_int_equal(r.n, 0);
    run(f, "SG-DATE-ORDER", sub, &r);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.row[0], "4|cin_closure_date|2023-10-20|cin_closure_date 2023-10-20 is "
                                  "before cin_start_date 2023-10-24.");
    run(f, "SG-DATE-FUTURE", sub, &r);
    assert_int_equal(r.n, 1);
    assert_non_null(strstr(r.row[0], "5|cin_closure_date|2024-04-02|"));
}

static void test_rejected(void **state)
{
    fx *f = *state;
    int64_t sub = import(f, "pm.csv", "POLICE", "2023-24",
                         PM_HEAD "A1,,,,2010-01-01,F,E1,HOME,M,2023-02-30,,Y,N\n"
                                 "A2,,,,2010-01-01,F,E2,HOME,M,2023-02-28,,Y,N\n");
    found r;
    run(f, "SG-REJECTED", sub, &r);
    assert_int_equal(r.n, 1);
    assert_non_null(strstr(r.row[0], "2|start_date|2023-02-30|Not stored: "));
    sub = import(f, "pm.csv", "POLICE", "2022-23",
                 PM_HEAD "A2,,,,2010-01-01,F,E2,HOME,M,2023-02-28,,Y,N\n");
    run(f, "SG-REJECTED", sub, &r);
    assert_int_equal(r.n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_future, setup, teardown),
        cmocka_unit_test_setup_teardown(test_order_birth_default, setup, teardown),
        cmocka_unit_test_setup_teardown(test_birth_own_and_other, setup, teardown),
        cmocka_unit_test(test_other_agencies_list),
        cmocka_unit_test_setup_teardown(test_same_date, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_path_cp, setup, teardown),
        cmocka_unit_test_setup_teardown(test_count_jump, setup, teardown),
        cmocka_unit_test_setup_teardown(test_agency_codes_required, setup, teardown),
        cmocka_unit_test_setup_teardown(test_annexa_codes_required, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rejected, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

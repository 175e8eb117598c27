/* test_validate_reconcile.c - reconciliation against a store built by hand, where every count
 * is known: police missing returns vs the SSDA903 and CSC records, police strategy requests vs
 * CIN census S47s, LADO referrals vs the referring agency's own return, Annex A list 3 vs the
 * CIN census; plus the period ranges and the CSV report. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/import.h"
#include "store/store.h"
#include "validate/reconcile.h"
#include "test_util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[256];
static int nfiles;

static void import(sg_store *s, const char *name, const char *agency, const char *text)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%d-%s", dir, ++nfiles, name);
    FILE *fp = fopen(p, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    const char *paths[] = {p};
    sg_import_file_result r;
    sg_import_opts o = {.agency = agency, .period = "2023-24", .user = "t"};
    sg_error e;
    sg_error_clear(&e);
    if (sg_import_files(s, paths, 1, &o, &r, &e)) fail_msg("import %s: %s", name, e.msg);
    assert_int_equal(r.stats.rejected, 0);
}

typedef struct recs {
    int n;
    char row[64][160];
} recs;

static int collect(void *ud, const sg_recon_record *r)
{
    recs *c = ud;
    if (c->n < 64)
        snprintf(c->row[c->n], sizeof c->row[0], "%s %s %s %s %s %s:%ld", r->pair, r->side,
                 r->matched ? "matched" : "unmatched", r->date, r->detail, r->file, r->line);
    c->n++;
    assert_true(r->child[0] == '\0' || r->child[0] == 'L'); /* pseudonyms only */
    return 0;
}

static const sg_recon_pair *find(const sg_recon_pair *p, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(p[i].name, name)) return &p[i];
    fail_msg("no pair %s", name);
    return NULL;
}

static bool has(const recs *r, const char *row)
{
    for (int i = 0; i < r->n && i < 64; i++)
        if (!strcmp(r->row[i], row)) return true;
    return false;
}

static void check(const sg_recon_pair *p, long l, long r, long lm, long rm)
{
    assert_int_equal(p->left_n, l);
    assert_int_equal(p->right_n, r);
    assert_int_equal(p->left_matched, lm);
    assert_int_equal(p->right_matched, rm);
}

static void test_hand_built(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/sg_valrec_XXXXXX");
    assert_non_null(mkdtemp(dir));
    char sd[300];
    snprintf(sd, sizeof sd, "%s/store", dir);
    sg_store *s = NULL;
    sg_error e;
    assert_int_equal(sg_store_open(sd, true, &s, &e), SG_OK);

    import(s, "police_missing.csv", "POLICE",
           "child_la_id,nhs_number,surname,forename,date_of_birth,sex,episode_ref,missing_from,"
           "missing_type,start_date,end_date,return_interview_offered,return_interview_accepted\n"
           "A1,,,,2010-01-01,F,M1,CARE,M,2023-05-10,2023-05-11,Y,Y\n" /* 903 has it a day later */
           "A2,,,,2010-01-01,M,M2,CARE,M,2023-06-01,2023-06-02,Y,N\n" /* not in the 903 */
           "A3,,,,2010-01-01,F,M3,HOME,M,2023-07-01,2023-07-01,N,N\n" /* from home: known CIN */
           "A4,,,,2010-01-01,F,M4,HOME,A,2023-08-01,,N,N\n"           /* unknown to CSC */
           "A1,,,,2010-01-01,F,M5,CARE,M,2024-05-01,,N,N\n");         /* after the period */
    import(s, "missing.csv", "LA",
           "CHILD,DOB,MISSING,MIS_START,MIS_END\n"
           "A1,01/01/2010,M,11/05/2023,12/05/2023\n"
           "A5,01/01/2011,M,01/09/2023,02/09/2023\n");
    import(s, "police_events.csv", "POLICE",
           "child_la_id,nhs_number,surname,forename,date_of_birth,sex,event_ref,event_type,"
           "event_date,vpr_type\n"
           "A3,,,,2010-01-01,F,S1,STRATEGY_REQUEST,2023-07-02,\n" /* S47 three days later */
           "A4,,,,2010-01-01,F,S2,STRATEGY_REQUEST,2023-08-02,\n" /* nothing from CSC */
           "A4,,,,2010-01-01,F,S3,DETENTION,2023-08-03,\n");      /* not a request */
    import(s, "cin.xml", "LA",
           "<Message><Header><CollectionDetails><ReferenceDate>2024-03-31</ReferenceDate>"
           "</CollectionDetails></Header><Children>\n"
           "<Child><ChildIdentifiers><LAchildID>A3</LAchildID></ChildIdentifiers>\n"
           "<CINdetails><CINreferralDate>2023-06-20</CINreferralDate>\n"
           "<Section47><S47ActualStartDate>2023-07-05</S47ActualStartDate></Section47>\n"
           "</CINdetails></Child>\n"
           "<Child><ChildIdentifiers><LAchildID>A6</LAchildID></ChildIdentifiers>\n"
           "<CINdetails><CINreferralDate>2023-09-20</CINreferralDate>\n"
           "<Section47><S47ActualStartDate>2023-10-01</S47ActualStartDate></Section47>\n"
           "</CINdetails></Child></Children></Message>\n");
    const char *lado_head = "lado_ref,kind,received_date,referring_agency,employment_sector,"
                            "category,initial_strategy_date,concluded_date,outcome\n";
    char text[1024];
    snprintf(text, sizeof text,
             "%sL1,REFERRAL,2023-05-01,POLICE,EDUCATION,PHYSICAL,,,ONGOING\n"
             "L2,REFERRAL,2023-06-01,POLICE,HEALTH,SEXUAL,,,ONGOING\n"
             ",REFERRAL,2023-07-01,HEALTH,HEALTH,NEGLECT,,,ONGOING\n",
             lado_head);
    import(s, "lado.csv", "LADO", text);
    snprintf(text, sizeof text,
             "%sL1,REFERRAL,2023-05-02,POLICE,EDUCATION,PHYSICAL,,,ONGOING\n"
             "L9,REFERRAL,2023-09-09,POLICE,SPORT,PHYSICAL,,,ONGOING\n",
             lado_head);
    import(s, "lado_police.csv", "POLICE", text);
    import(s, "list3.csv", "LA",
           "Child Unique ID*,Gender*,Ethnicity*,Date of Birth,Age of Child (Years),Date of "
           "Referral*,Referral Source*,Referral NFA?*,Number of Referrals in Last 12 Months*,"
           "Allocated Team*,Allocated Worker*\n"
           "A3,a) Male,a) WBRI,2010-01-01,13,2023-06-20,s) 8: Other,b) No,0,T,W\n"
           "A7,a) Male,a) WBRI,2010-01-01,13,2023-06-21,s) 8: Other,b) No,0,T,W\n");

    sg_recon_pair *p = NULL;
    int n = 0;
    recs r;
    memset(&r, 0, sizeof r);
    assert_int_equal(sg_reconcile(s, "2023-24", &p, &n, collect, &r, &e), SG_OK);
    assert_int_equal(n, 3 + 2 + 4); /* fixed pairs, LADO for HEALTH and POLICE, Annex A */

    /* police from care A1, A2 vs 903 A1, A5: A1 matches a day apart */
    check(find(p, n, "missing-episodes"), 2, 2, 1, 1);
    assert_true(has(&r, "missing-episodes left matched 2023-05-10 M 1-police_missing.csv:2"));
    assert_true(has(&r, "missing-episodes left unmatched 2023-06-01 M 1-police_missing.csv:3"));
    assert_true(has(&r, "missing-episodes right unmatched 2023-09-01 M 2-missing.csv:3"));
    /* police missing children A1-A4 vs CSC-known A1, A5 (903), A3, A6 (CIN census) and A7
     * (Annex A referral) */
    const sg_recon_pair *k = find(p, n, "missing-known");
    check(k, 4, 5, 2, 2);
    assert_false(k->right_listed);
    /* strategy: A3's request meets an S47 3 days later; A4's meets nothing; A6's S47 had no
     * police request */
    check(find(p, n, "strategy"), 2, 2, 1, 1);
    assert_true(has(&r, "strategy left matched 2023-07-02 S1 3-police_events.csv:2"));
    assert_true(has(&r, "strategy left unmatched 2023-08-02 S2 3-police_events.csv:3"));
    assert_true(has(&r, "strategy right unmatched 2023-10-01 s47 4-cin.xml:8"));
    /* LADO: POLICE's L1 matched by reference, L2 not in the police return, L9 only there */
    check(find(p, n, "lado:POLICE"), 2, 2, 1, 1);
    assert_true(has(&r, "lado:POLICE left unmatched 2023-06-01 L2|SEXUAL 5-lado.csv:3"));
    assert_true(has(&r, "lado:POLICE right unmatched 2023-09-09 L9|PHYSICAL "
                        "6-lado_police.csv:3"));
    check(find(p, n, "lado:HEALTH"), 1, 0, 0, 0);
    /* Annex A list 3: A3 is in the census, A7 is not; the census has A6 beside */
    check(find(p, n, "annexa-cin:referral"), 2, 2, 1, 1);
    check(find(p, n, "annexa-cin:s47"), 0, 2, 0, 0);
    free(p);

    /* a quarter narrows every side to its dates */
    assert_int_equal(sg_reconcile(s, "2023-Q1", &p, &n, NULL, NULL, &e), SG_OK);
    check(find(p, n, "missing-episodes"), 2, 1, 1, 1);
    check(find(p, n, "strategy"), 0, 0, 0, 0);
    free(p);

    assert_int_equal(sg_reconcile(s, "2023", &p, &n, NULL, NULL, &e), SG_EINVAL);

    /* the CSV report: one row per record, formula-safe */
    char rp[300];
    snprintf(rp, sizeof rp, "%s/r.csv", dir);
    FILE *fp = fopen(rp, "w+b");
    assert_int_equal(sg_reconcile_report(s, "2023-24", 1, fp, &e), SG_OK);
    rewind(fp);
    char buf[8192];
    size_t len = fread(buf, 1, sizeof buf - 1, fp);
    buf[len] = '\0';
    fclose(fp);
    assert_non_null(strstr(buf, "pair,side,status,child,date,detail,submission,file,line\r\n"));
    assert_non_null(strstr(buf, "lado:POLICE,right,unmatched,,2023-09-09,L9|PHYSICAL,"));
    assert_null(strstr(buf, ",A1,")); /* no raw identifier */
    fp = fopen(rp, "w+b");
    assert_int_equal(sg_reconcile_report(s, "2023-24", 0, fp, &e), SG_OK);
    rewind(fp);
    len = fread(buf, 1, sizeof buf - 1, fp);
    buf[len] = '\0';
    fclose(fp);
    assert_non_null(strstr(buf, "missing-known                     4        5        2        2 "
                                "         2          -\n"));
    sg_store_close(s);
    tu_rm_rf(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_built),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

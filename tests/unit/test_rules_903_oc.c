/* test_rules_903_oc.c - every OC2 and OC3 rule of family 903 (rules_903_oc.c) with a tiny tree
 * that fires it (rule, line, field asserted) and one that does not. Collection year 2023-24. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_rules_903_cases.h"

/* Looked after since 1 January 2022 and still on 31 March 2024: in the 12-month cohort. Born
 * (YEAR given) on 1 January. Line 2 header, line 3 episode, line 4 the row that follows. */
#define CLA12(year) "header(DOB=01/01/" year ")\nepisodes(DECOM=01/01/2022 RNE=S LS=C2)\n"
/* Looked after only since 1 May 2023: not in the cohort. */
#define NEW(year) "header(DOB=01/01/" year ")\nepisodes(DECOM=01/05/2023 RNE=S LS=C2)\n"
/* As CLA12, born on the day given (dd/mm/yyyy). */
#define CLA12D(dob) "header(DOB=" dob ")\nepisodes(DECOM=01/01/2022 RNE=S LS=C2)\n"
#define CORE "IMMUNISATIONS=1 TEETH_CHECK=1 HEALTH_ASSESSMENT=1 SUBSTANCE_MISUSE=0"
#define OC3 "oc3(IN_TOUCH=YES ACTIV=F1 ACCOM=B1)"

static const r903_case cases[] = {
    /* OC2 codes */
    {"180", T("oc2(SDQ_SCORE=41)"), NULL, 1, 2, "SDQ_SCORE"},
    {"180", T("oc2(SDQ_SCORE=x)"), NULL, 1, 2, "SDQ_SCORE"},
    {"180", T("oc2(SDQ_SCORE=40)"), NULL, 0, 0, NULL},
    {"180", T("oc2(SDQ_SCORE=-1)"), NULL, 1, 2, "SDQ_SCORE"},
    {"180", T("oc2(SDQ_SCORE=0)"), NULL, 0, 0, NULL},
    {"181", T("oc2(CONVICTED=2)"), NULL, 1, 2, "CONVICTED"},
    {"181", T("oc2(CONVICTED=1)"), NULL, 0, 0, NULL},
    {"196", T("oc2(SDQ_REASON=SDQ9)"), NULL, 1, 2, "SDQ_REASON"},
    {"196", T("oc2(SDQ_REASON=SDQ5)"), NULL, 0, 0, NULL},
    {"197a", T("oc2(SDQ_SCORE=10 SDQ_REASON=SDQ1)"), NULL, 1, 2, "SDQ_REASON"},
    {"197a", T("oc2(SDQ_SCORE=10)"), NULL, 0, 0, NULL},
    /* OC2 items against each other */
    {"158", T("oc2(INTERVENTION_RECEIVED=1 INTERVENTION_OFFERED=1)"), NULL, 1, 2,
     "INTERVENTION_OFFERED"},
    {"158", T("oc2(INTERVENTION_RECEIVED=1)"), NULL, 0, 0, NULL},
    {"159", T("oc2(SUBSTANCE_MISUSE=1 INTERVENTION_RECEIVED=0)"), NULL, 1, 2,
     "INTERVENTION_OFFERED"},
    {"159", T("oc2(SUBSTANCE_MISUSE=1 INTERVENTION_RECEIVED=0 INTERVENTION_OFFERED=1)"), NULL, 0, 0,
     NULL},
    {"192", T("oc2(SUBSTANCE_MISUSE=1)"), NULL, 1, 2, "INTERVENTION_RECEIVED"},
    {"192", T("oc2(SUBSTANCE_MISUSE=1 INTERVENTION_RECEIVED=1)"), NULL, 0, 0, NULL},
    {"193", T("oc2(SUBSTANCE_MISUSE=0 INTERVENTION_RECEIVED=1)"), NULL, 1, 2,
     "INTERVENTION_RECEIVED"},
    {"193", T("oc2(SUBSTANCE_MISUSE=1 INTERVENTION_RECEIVED=1)"), NULL, 0, 0, NULL},
    {"182", T("oc2(CONVICTED=0)"), NULL, 1, 2, "IMMUNISATIONS"},
    {"182", T("oc2(CONVICTED=0 " CORE ")"), NULL, 0, 0, NULL},
    {"544", T("oc2(CONVICTED=0 IMMUNISATIONS=1)"), NULL, 1, 2, "TEETH_CHECK"},
    {"544", T("oc2(CONVICTED=0 " CORE ")"), NULL, 0, 0, NULL},
    {"547", T("oc2(HEALTH_CHECK=1)"), NULL, 1, 2, "IMMUNISATIONS"},
    {"547", T("oc2(HEALTH_CHECK=1 " CORE ")"), NULL, 0, 0, NULL},
    /* against the 12-month cohort and ages */
    {"185", T(NEW("2012") "oc2(SDQ_SCORE=10)"), NULL, 1, 4, "SDQ_SCORE"},
    {"185", T(CLA12("2012") "oc2(SDQ_SCORE=10)"), NULL, 0, 0, NULL},
    {"198", T(NEW("2012") "oc2(SDQ_REASON=SDQ2)"), NULL, 1, 4, "SDQ_REASON"},
    {"198", T(CLA12("2012") "oc2(SDQ_REASON=SDQ2)"), NULL, 0, 0, NULL},
    {"190", T(NEW("2012") "oc2(TEETH_CHECK=0)"), NULL, 1, 4, "TEETH_CHECK"},
    {"190", T(CLA12("2012") "oc2(TEETH_CHECK=0)"), NULL, 0, 0, NULL},
    {"191", T(CLA12("2012") "oc2(IMMUNISATIONS=1)"), NULL, 1, 4, "TEETH_CHECK"},
    {"191", T(CLA12("2012")), NULL, 1, 2, "CHILD"},
    {"191", T(CLA12("2012") "oc2(" CORE ")"), NULL, 0, 0, NULL},
    {"186", T(CLA12("2012") "oc2(" CORE ")"), NULL, 1, 4, "SDQ_SCORE"},
    {"186", T(CLA12("2012") "oc2(SDQ_SCORE=10)"), NULL, 0, 0, NULL},
    /* 4 on 1 April 2023 (born 01/04/2019) is in, 3 that day is out; 16 on 31 March 2024 is in
     * (born 01/04/2007), 17 that day is out (born 31/03/2007) */
    {"186", T(CLA12D("01/04/2019") "oc2(" CORE ")"), NULL, 1, 4, "SDQ_SCORE"},
    {"186", T(CLA12D("02/04/2019") "oc2(" CORE ")"), NULL, 0, 0, NULL},
    {"186", T(CLA12D("01/04/2007") "oc2(" CORE ")"), NULL, 1, 4, "SDQ_SCORE"},
    {"186", T(CLA12D("31/03/2007") "oc2(" CORE ")"), NULL, 0, 0, NULL},
    {"197B", T(CLA12("2020") "oc2(" CORE ")"), NULL, 1, 4, "SDQ_REASON"},
    {"197B", T(CLA12("2007") "oc2(" CORE ")"), NULL, 1, 4, "SDQ_REASON"},
    {"197B", T(CLA12("2020") "oc2(SDQ_REASON=SDQ1)"), NULL, 0, 0, NULL},
    /* 4 before the year began; 17 on 1 April (rule 189 forbids an SDQ then) */
    {"197B", T(CLA12("2019") "oc2(" CORE ")"), NULL, 0, 0, NULL},
    {"197B", T(CLA12("2006") "oc2(" CORE ")"), NULL, 0, 0, NULL},
    {"157", T(CLA12("2012") "oc2(SDQ_REASON=SDQ1)"), NULL, 1, 4, "SDQ_REASON"},
    {"157", T(CLA12("2012") "oc2(SDQ_REASON=SDQ2)"), NULL, 0, 0, NULL},
    {"188", T(CLA12("2021") "oc2(SDQ_SCORE=5)"), NULL, 1, 4, "SDQ_SCORE"},
    {"188", T(CLA12("2012") "oc2(SDQ_SCORE=5)"), NULL, 0, 0, NULL},
    {"189", T(CLA12("2006") "oc2(SDQ_REASON=SDQ2)"), NULL, 1, 4, "SDQ_REASON"},
    {"189", T(CLA12("2012") "oc2(SDQ_REASON=SDQ2)"), NULL, 0, 0, NULL},
    {"542", T(CLA12("2016") "oc2(CONVICTED=0)"), NULL, 1, 4, "CONVICTED"},
    {"542", T(CLA12("2012") "oc2(CONVICTED=0)"), NULL, 0, 0, NULL},
    {"543", T(CLA12("2012") "oc2(" CORE ")"), NULL, 1, 4, "CONVICTED"},
    {"543", T(CLA12("2012") "oc2(CONVICTED=0)"), NULL, 0, 0, NULL},
    {"545", T(CLA12("2021") "oc2(" CORE ")"), NULL, 1, 4, "HEALTH_CHECK"},
    {"545", T(CLA12("2021") "oc2(HEALTH_CHECK=1)"), NULL, 0, 0, NULL},
    {"546", T(CLA12("2012") "oc2(HEALTH_CHECK=1)"), NULL, 1, 4, "HEALTH_CHECK"},
    {"546", T(CLA12("2021") "oc2(HEALTH_CHECK=1)"), NULL, 0, 0, NULL},
    /* the 12-month cohort only: looked after since 1 May 2023 is not in it (190 reports it) */
    {"546", T(NEW("2012") "oc2(HEALTH_CHECK=1)"), NULL, 0, 0, NULL},
    /* 5 on 31 March 2024 exactly / the day after */
    {"546",
     T("header(DOB=31/03/2019)\nepisodes(DECOM=01/01/2022 RNE=S LS=C2)\noc2(HEALTH_CHECK=1)"), NULL,
     1, 4, "HEALTH_CHECK"},
    {"546",
     T("header(DOB=01/04/2019)\nepisodes(DECOM=01/01/2022 RNE=S LS=C2)\noc2(HEALTH_CHECK=1)"), NULL,
     0, 0, NULL},
    {"187", T(CLA12("2012") "ad1(DATE_INT=01/01/2023)"), NULL, 1, 4, "CHILD"},
    {"187", T(NEW("2012") "ad1(DATE_INT=01/01/2023)"), NULL, 0, 0, NULL},
    {"215", T(OC3 "\noc2(CONVICTED=0)"), NULL, 1, 3, "CHILD"},
    {"215", T(OC3 "\noc2(DOB=01/01/2005)"), NULL, 0, 0, NULL},
    /* OC3 */
    {"131", T("oc3(IN_TOUCH=MAYBE)"), NULL, 1, 2, "IN_TOUCH"},
    {"131", T("oc3(IN_TOUCH=RHOM)"), NULL, 0, 0, NULL},
    {"132", T("oc3(ACTIV=Z9)"), NULL, 1, 2, "ACTIV"},
    {"132", T("oc3(ACTIV=G6)"), NULL, 0, 0, NULL},
    {"133", T("oc3(ACCOM=Q1)"), NULL, 1, 2, "ACCOM"},
    {"133", T("oc3(ACCOM=Z2)"), NULL, 0, 0, NULL},
    {"134", T("ad1(DATE_INT=01/01/2023)\n" OC3), NULL, 1, 3, "IN_TOUCH"},
    {"134", T(OC3), NULL, 0, 0, NULL},
    {"153", T("oc3(IN_TOUCH=YES)"), NULL, 1, 2, "ACTIV"},
    {"153", T(OC3), NULL, 0, 0, NULL},
    {"344", T("oc3(IN_TOUCH=DIED ACTIV=F1 ACCOM=0)"), NULL, 1, 2, "ACTIV"},
    {"344", T("oc3(IN_TOUCH=DIED ACTIV=0 ACCOM=0)"), NULL, 0, 0, NULL},
    {"345", T("oc3(IN_TOUCH=YES ACTIV=0 ACCOM=B1)"), NULL, 1, 2, "ACTIV"},
    {"345", T(OC3), NULL, 0, 0, NULL},
    {"391", T("header(DOB=01/01/2012)\n" OC3), NULL, 1, 3, "DOB"},
    {"391", T("header(DOB=01/01/2005)\n" OC3), NULL, 0, 0, NULL},
    {"1000", T("episodes(DECOM=01/05/2023 DEC=01/06/2023 REC=E2)\n" OC3), NULL, 1, 3, "IN_TOUCH"},
    {"1000", T("episodes(DECOM=01/05/2023 DEC=01/06/2023 REC=E4A)\n" OC3), NULL, 0, 0, NULL},
    {"1011", T("episodes(DECOM=01/05/2023 DEC=01/06/2023 REC=E3)\n" OC3), NULL, 1, 3, "IN_TOUCH"},
    {"1011", T("episodes(DECOM=01/05/2023 DEC=01/06/2023 REC=E4A)\n" OC3), NULL, 0, 0, NULL},
    {"1007", T("header(DOB=01/06/2006)\nepisodes(DECOM=01/01/2022)\n" OC3), NULL, 1, 4, "IN_TOUCH"},
    {"1007", T("header(DOB=01/06/2006)\nepisodes(DECOM=01/01/2022 DEC=01/05/2023 REC=E4A)\n" OC3),
     NULL, 0, 0, NULL},
    {"1016", T("header(DOB=01/06/2006)\nepisodes(DECOM=01/01/2022 DEC=01/08/2023 REC=E4A)\n" OC3),
     NULL, 1, 4, "IN_TOUCH"},
    {"1016", T("header(DOB=01/06/2006)\nepisodes(DECOM=01/01/2022 DEC=01/05/2023 REC=E4A)\n" OC3),
     NULL, 0, 0, NULL},
    {"1012", T(OC3 "\nreviews(REVIEW=01/06/2023)"), NULL, 1, 3, "CHILD"},
    {"1012", T(OC3 "\nreviews(DOB=01/01/2005)"), NULL, 0, 0, NULL},
    {"1010", T(OC3), T("episodes(DECOM=01/01/2022)"), 1, 2, "IN_TOUCH"},
    {"1010", T(OC3), T("episodes(DECOM=01/01/2022 DEC=01/03/2023 REC=E4A)"), 0, 0, NULL},
};

static void test_oc_rules(void **state)
{
    (void)state;
    r903_run_cases(cases, sizeof cases / sizeof cases[0]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_oc_rules)};
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    vt_done();
    return rc;
}

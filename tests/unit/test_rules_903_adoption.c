/* test_rules_903_adoption.c - every AD1 and PlacedAdoption rule of family 903
 * (rules_903_adoption.c) with a tiny tree that fires it (rule, line, field asserted) and one
 * that does not. Collection year 2023-24. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_rules_903_cases.h"

#define AD1(extra)                                                                                 \
    "ad1(DATE_INT=01/04/2023 DATE_MATCH=01/05/2023 FOSTER_CARE=1 NB_ADOPTR=2 SEX_ADOPTR=MF "       \
    "LS_ADOPTR=L11 " extra ")"
/* Placed for adoption on 1 May 2023 (A4), adopted on 1 August 2023. */
#define ADOPTED "episodes(DECOM=01/05/2023 DEC=01/08/2023 REC=E11 RNE=S PLACE=A4)"
/* Fostered (U1), then placed for adoption from 1 June 2023 (PLACE given). */
#define THEN(place)                                                                                \
    "episodes(DECOM=01/05/2023 DEC=01/06/2023 REC=X1 RNE=S LS=C2 PLACE=U1)\n"                      \
    "episodes(DECOM=01/06/2023 RNE=P LS=E1 PLACE=" place ")"

static const r903_case cases[] = {
    /* AD1 codes and dates */
    {"112", T("ad1(DATE_INT=31/02/2023)"), NULL, 1, 2, "DATE_INT"},
    {"112", T("ad1(DATE_INT=28/02/2023)"), NULL, 0, 0, NULL},
    {"113", T("ad1(DATE_MATCH=31/02/2023)"), NULL, 1, 2, "DATE_MATCH"},
    {"113", T("ad1(DATE_MATCH=28/02/2023)"), NULL, 0, 0, NULL},
    {"114", T("ad1(FOSTER_CARE=2)"), NULL, 1, 2, "FOSTER_CARE"},
    {"114", T("ad1(FOSTER_CARE=0)"), NULL, 0, 0, NULL},
    {"175", T("ad1(NB_ADOPTR=3)"), NULL, 1, 2, "NB_ADOPTR"},
    {"175", T("ad1(NB_ADOPTR=1)"), NULL, 0, 0, NULL},
    {"176", T("ad1(SEX_ADOPTR=XX)"), NULL, 1, 2, "SEX_ADOPTR"},
    {"176", T("ad1(SEX_ADOPTR=FF)"), NULL, 0, 0, NULL},
    {"177", T("ad1(LS_ADOPTR=L9)"), NULL, 1, 2, "LS_ADOPTR"},
    {"177", T("ad1(LS_ADOPTR=L12)"), NULL, 0, 0, NULL},
    {"151", T("ad1(DATE_INT=01/01/2023)"), NULL, 1, 2, "DATE_MATCH"},
    {"151", T(AD1("")), NULL, 0, 0, NULL},
    {"333", T("ad1(DATE_INT=02/01/2023 DATE_MATCH=01/01/2023)"), NULL, 1, 2, "DATE_INT"},
    {"333", T("ad1(DATE_INT=01/01/2023 DATE_MATCH=01/01/2023)"), NULL, 0, 0, NULL},
    {"511", T("ad1(NB_ADOPTR=2 SEX_ADOPTR=M1)"), NULL, 1, 2, "SEX_ADOPTR"},
    {"511", T("ad1(NB_ADOPTR=2 SEX_ADOPTR=MF)"), NULL, 0, 0, NULL},
    {"514", T("ad1(LS_ADOPTR=L0 SEX_ADOPTR=MM)"), NULL, 1, 2, "SEX_ADOPTR"},
    {"514", T("ad1(LS_ADOPTR=L0 SEX_ADOPTR=M1)"), NULL, 0, 0, NULL},
    {"517", T("ad1(LS_ADOPTR=L3 SEX_ADOPTR=MM)"), NULL, 1, 2, "SEX_ADOPTR"},
    {"517", T("ad1(LS_ADOPTR=L3 SEX_ADOPTR=MF)"), NULL, 0, 0, NULL},
    {"518", T("ad1(LS_ADOPTR=L4 SEX_ADOPTR=MF)"), NULL, 1, 2, "SEX_ADOPTR"},
    {"518", T("ad1(LS_ADOPTR=L4 SEX_ADOPTR=MM)"), NULL, 0, 0, NULL},
    {"519", T("ad1(LS_ADOPTR=L2 SEX_ADOPTR=M1)"), NULL, 1, 2, "SEX_ADOPTR"},
    {"519", T("ad1(LS_ADOPTR=L2 SEX_ADOPTR=FF)"), NULL, 0, 0, NULL},
    {"520", T("ad1(LS_ADOPTR=L11 SEX_ADOPTR=FF)"), NULL, 1, 2, "SEX_ADOPTR"},
    {"520", T("ad1(LS_ADOPTR=L11 SEX_ADOPTR=MF)"), NULL, 0, 0, NULL},
    {"524", T("ad1(LS_ADOPTR=L12 SEX_ADOPTR=MF)"), NULL, 1, 2, "SEX_ADOPTR"},
    {"524", T("ad1(LS_ADOPTR=L12 SEX_ADOPTR=FF)"), NULL, 0, 0, NULL},
    /* PlacedAdoption codes and dates */
    {"115", T("placed_adoption(DATE_PLACED=31/02/2023)"), NULL, 1, 2, "DATE_PLACED"},
    {"115", T("placed_adoption(DATE_PLACED=28/02/2023)"), NULL, 0, 0, NULL},
    {"116", T("placed_adoption(DATE_PLACED_CEASED=31/02/2023)"), NULL, 1, 2, "DATE_PLACED_CEASED"},
    {"116", T("placed_adoption(DATE_PLACED_CEASED=28/02/2023)"), NULL, 0, 0, NULL},
    {"119", T("placed_adoption(DATE_PLACED=01/01/2023 DATE_PLACED_CEASED=01/02/2023)"), NULL, 1, 2,
     "REASON_PLACED_CEASED"},
    {"119",
     T("placed_adoption(DATE_PLACED=01/01/2023 DATE_PLACED_CEASED=01/02/2023 "
       "REASON_PLACED_CEASED=RD1)"),
     NULL, 0, 0, NULL},
    {"120", T("placed_adoption(REASON_PLACED_CEASED=RD9)"), NULL, 1, 2, "REASON_PLACED_CEASED"},
    {"120", T("placed_adoption(REASON_PLACED_CEASED=RD4)"), NULL, 0, 0, NULL},
    {"184", T("header(DOB=01/01/2020)\nplaced_adoption(DATE_PLACED=01/01/2019)"), NULL, 1, 3,
     "DATE_PLACED"},
    {"184", T("header(DOB=01/01/2020)\nplaced_adoption(DATE_PLACED=01/01/2021)"), NULL, 0, 0, NULL},
    {"522", T("placed_adoption(DATE_PLACED=02/01/2023 DATE_PLACED_CEASED=01/01/2023)"), NULL, 1, 2,
     "DATE_PLACED"},
    {"522", T("placed_adoption(DATE_PLACED=01/01/2023 DATE_PLACED_CEASED=01/01/2023)"), NULL, 0, 0,
     NULL},
    {"563", T("placed_adoption(DATE_PLACED_CEASED=01/01/2023)"), NULL, 1, 2, "DATE_PLACED"},
    {"563", T("placed_adoption(DATE_PLACED=01/12/2022 DATE_PLACED_CEASED=01/01/2023)"), NULL, 0, 0,
     NULL},
    {"579", T("placed_adoption(DATE_PLACED=01/01/2023)\nplaced_adoption(DATE_PLACED=01/03/2023)"),
     NULL, 1, 3, "DATE_PLACED"},
    {"579",
     T("placed_adoption(DATE_PLACED=01/01/2023 DATE_PLACED_CEASED=01/04/2023)\n"
       "placed_adoption(DATE_PLACED=01/03/2023)"),
     NULL, 1, 3, "DATE_PLACED"},
    {"579",
     T("placed_adoption(DATE_PLACED=01/01/2023 DATE_PLACED_CEASED=01/02/2023)\n"
       "placed_adoption(DATE_PLACED=01/03/2023)"),
     NULL, 0, 0, NULL},
    {"583", T("placed_adoption(DATE_PLACED=01/01/2023)\nplaced_adoption(DATE_PLACED=01/03/2023)"),
     NULL, 1, 3, "DATE_PLACED"},
    {"583",
     T("placed_adoption(DATE_PLACED=01/01/2023 DATE_PLACED_CEASED=01/04/2023)\n"
       "placed_adoption(DATE_PLACED=01/03/2023)"),
     NULL, 0, 0, NULL},
    /* against the episodes */
    {"551", T("episodes(PLACE=A4)"), NULL, 1, 2, "PLACE"},
    {"551", T("episodes(PLACE=A4)\nplaced_adoption(DATE_PLACED=01/01/2023)"), NULL, 0, 0, NULL},
    {"553", T("episodes(LS=E1)"), NULL, 1, 2, "LS"},
    {"553", T("episodes(LS=E1)\nplaced_adoption(DATE_PLACED=01/01/2023)"), NULL, 0, 0, NULL},
    {"555", T("episodes(LS=D1)"), NULL, 1, 2, "LS"},
    {"555", T("episodes(LS=D1)\nplaced_adoption(DATE_PLACED=01/01/2023)"), NULL, 0, 0, NULL},
    {"552", T(THEN("A4") "\nplaced_adoption(DATE_PLACED=10/06/2023)"), NULL, 1, 4, "DATE_PLACED"},
    {"552", T(THEN("A4") "\nplaced_adoption(DATE_PLACED=01/06/2023)"), NULL, 0, 0, NULL},
    {"554", T(THEN("U1") "\nplaced_adoption(DATE_PLACED=10/06/2023)"), NULL, 1, 4, "DATE_PLACED"},
    {"554", T(THEN("U1") "\nplaced_adoption(DATE_PLACED=01/05/2023)"), NULL, 0, 0, NULL},
    {"556",
     T("episodes(DECOM=01/05/2023 DEC=01/06/2023 REC=X1 LS=C2)\n"
       "episodes(DECOM=01/06/2023 LS=D1)\nplaced_adoption(DATE_PLACED=10/06/2023)"),
     NULL, 1, 4, "DATE_PLACED"},
    {"556",
     T("episodes(DECOM=01/05/2023 DEC=01/06/2023 REC=X1 LS=C2)\n"
       "episodes(DECOM=01/06/2023 LS=D1)\nplaced_adoption(DATE_PLACED=01/06/2023)"),
     NULL, 0, 0, NULL},
    {"1003", T("episodes(DECOM=01/05/2023 RNE=S)\nplaced_adoption(DATE_PLACED=01/04/2023)"), NULL,
     1, 3, "DATE_PLACED"},
    {"1003", T("episodes(DECOM=01/05/2023 RNE=S)\nplaced_adoption(DATE_PLACED=10/05/2023)"), NULL,
     0, 0, NULL},
    {"117", T("placed_adoption(DATE_PLACED=01/04/2024)"), NULL, 1, 2, "DATE_PLACED"},
    {"117",
     T("episodes(DECOM=01/05/2023 DEC=01/06/2023 REC=E4A)\n"
       "placed_adoption(DATE_PLACED=01/05/2023 DATE_PLACED_CEASED=10/06/2023)"),
     NULL, 1, 3, "DATE_PLACED_CEASED"},
    {"117", T("placed_adoption(DATE_PLACED=31/03/2024)"), NULL, 0, 0, NULL},
    {"118", T("placed_adoption(DATE_PLACED=01/01/2023 DATE_PLACED_CEASED=01/02/2023)"), NULL, 1, 2,
     "DATE_PLACED_CEASED"},
    {"118", T("placed_adoption(DATE_PLACED=01/01/2023 DATE_PLACED_CEASED=01/05/2023)"), NULL, 0, 0,
     NULL},
    {"557",
     T("episodes(DECOM=01/05/2023 DEC=01/06/2023 REC=E4A)\n"
       "placed_adoption(DATE_PLACED=10/05/2023)"),
     NULL, 1, 3, "DATE_PLACED_CEASED"},
    {"557",
     T("episodes(DECOM=01/05/2023 DEC=01/06/2023 REC=E4A)\n"
       "placed_adoption(DATE_PLACED=10/05/2023 DATE_PLACED_CEASED=20/05/2023 "
       "REASON_PLACED_CEASED=RD1)"),
     NULL, 0, 0, NULL},
    {"558", T(ADOPTED "\nplaced_adoption(DATE_PLACED=01/04/2023 DATE_PLACED_CEASED=01/07/2023)"),
     NULL, 1, 3, "DATE_PLACED_CEASED"},
    {"558", T(ADOPTED "\nplaced_adoption(DATE_PLACED=01/04/2023)"), NULL, 0, 0, NULL},
    {"601", T(ADOPTED), NULL, 1, 2, "REC"},
    {"601", T(ADOPTED "\nad1(DATE_INT=01/04/2023)"), NULL, 1, 3, "DATE_MATCH"},
    {"601", T(ADOPTED "\n" AD1("")), NULL, 0, 0, NULL},
    {"602", T(AD1("")), NULL, 1, 2, "CHILD"},
    {"602", T(ADOPTED "\n" AD1("")), NULL, 0, 0, NULL},
    {"582", T(ADOPTED "\nad1(DATE_MATCH=01/08/2023)"), NULL, 1, 3, "DATE_MATCH"},
    {"582", T(ADOPTED "\nad1(DATE_MATCH=01/05/2023)"), NULL, 0, 0, NULL},
    {"331", T(ADOPTED "\nad1(DATE_MATCH=10/05/2023)"), NULL, 1, 3, "DATE_MATCH"},
    {"331", T(ADOPTED "\nad1(DATE_MATCH=01/05/2023)"), NULL, 0, 0, NULL},
    {"521", T(ADOPTED "\nad1(DATE_INT=10/05/2023)"), NULL, 1, 3, "DATE_INT"},
    {"521", T(ADOPTED "\nad1(DATE_INT=01/04/2023)"), NULL, 0, 0, NULL},
    {"334", T(ADOPTED "\nad1(DATE_INT=01/04/2023)"), NULL, 1, 3, "DATE_INT"},
    {"334", T(ADOPTED "\nad1(DATE_INT=01/05/2023)"), NULL, 0, 0, NULL},
    {"335", T("episodes(DECOM=01/05/2023 DEC=01/08/2023 REC=E11 PLACE=A3)\nad1(FOSTER_CARE=0)"),
     NULL, 1, 3, "FOSTER_CARE"},
    {"335", T("episodes(DECOM=01/05/2023 DEC=01/08/2023 REC=E11 PLACE=A3)\nad1(FOSTER_CARE=1)"),
     NULL, 0, 0, NULL},
    {"336",
     T("episodes(DECOM=01/05/2023 DEC=01/06/2023 REC=X1 PLACE=R1)\n"
       "episodes(DECOM=01/06/2023 PLACE=A3)"),
     NULL, 1, 3, "PLACE"},
    {"336", T(THEN("A3")), NULL, 0, 0, NULL},
    {"523", T("ad1(DATE_INT=01/05/2023)\nplaced_adoption(DATE_PLACED=02/05/2023)"), NULL, 1, 2,
     "DATE_INT"},
    {"523", T("ad1(DATE_INT=01/05/2023)\nplaced_adoption(DATE_PLACED=01/05/2023)"), NULL, 0, 0,
     NULL},
    {"525",
     T("placed_adoption(DATE_PLACED=01/01/2023 DATE_PLACED_CEASED=01/02/2023 "
       "REASON_PLACED_CEASED=RD1)\n" AD1("")),
     NULL, 1, 2, "DATE_PLACED_CEASED"},
    {"525", T("placed_adoption(DATE_PLACED=01/01/2023)\n" AD1("")), NULL, 0, 0, NULL},
    /* against last year's return */
    {"559", T("placed_adoption(DATE_PLACED=01/01/2023)"), T("header(SEX=1)"), 1, 2, "DATE_PLACED"},
    {"559", T("placed_adoption(DATE_PLACED=01/01/2023)"),
     T("placed_adoption(DATE_PLACED=01/01/2023)"), 0, 0, NULL},
    {"560", T("placed_adoption(DATE_PLACED=01/02/2023)"),
     T("placed_adoption(DATE_PLACED=01/01/2023)"), 1, 2, "DATE_PLACED"},
    {"560", T("placed_adoption(DATE_PLACED=01/01/2023)"),
     T("placed_adoption(DATE_PLACED=01/01/2023)"), 0, 0, NULL},
    {"561", T("placed_adoption(DATE_PLACED=01/01/2023)"),
     T("placed_adoption(DATE_PLACED=01/01/2023 DATE_PLACED_CEASED=01/03/2023)"), 1, 2,
     "DATE_PLACED"},
    {"561", T("placed_adoption(DATE_PLACED=01/01/2023 DATE_PLACED_CEASED=01/03/2023)"),
     T("placed_adoption(DATE_PLACED=01/01/2023 DATE_PLACED_CEASED=01/03/2023)"), 0, 0, NULL},
};

static void test_adoption_rules(void **state)
{
    (void)state;
    r903_run_cases(cases, sizeof cases / sizeof cases[0]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_adoption_rules)};
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    vt_done();
    return rc;
}

/* test_rules_903_header.c - every Header, motherhood, internal (INT..), EPI and previous-year
 * header rule of family 903 (rules_903_header.c) with a tiny tree that fires it (rule, line,
 * field asserted) and one that does not. Collection year 2023-24. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_rules_903_cases.h"

#define OC3 "oc3(IN_TOUCH=YES ACTIV=F1 ACCOM=B1)"

static const r903_case cases[] = {
    {"101", T("header(SEX=3)"), NULL, 1, 2, "SEX"},
    {"101", T("header(SEX=1)"), NULL, 0, 0, NULL},
    {"102", T("header(DOB=31/02/2010)"), NULL, 1, 2, "DOB"},
    {"102", T("header(DOB=01/02/2010)"), NULL, 0, 0, NULL},
    {"103", T("header(ETHNIC=XXXX)"), NULL, 1, 2, "ETHNIC"},
    {"103", T("header(ETHNIC=WBRI)"), NULL, 0, 0, NULL},
    {"165", T("header(MOTHER=2)"), NULL, 1, 2, "MOTHER"},
    {"165", T("header(SEX=2 MOTHER=1)"), NULL, 0, 0, NULL},
    {"168", T("header(UPN=A12345)"), NULL, 1, 2, "UPN"},
    {"168", T("header(UPN=I12345678901B)"), NULL, 1, 2, "UPN"},
    {"168", T("header(UPN=A12345678901B)"), NULL, 0, 0, NULL},
    {"168", T("header(UPN=UN3)"), NULL, 0, 0, NULL},
    {"171", T("header(MC_DOB=31/02/2020)"), NULL, 1, 2, "MC_DOB"},
    {"171", T("header(MC_DOB=01/02/2020)"), NULL, 0, 0, NULL},
    {"174", T("header(SEX=1 MC_DOB=01/01/2020)"), NULL, 1, 2, "MC_DOB"},
    {"174", T("header(SEX=2 MC_DOB=01/01/2020)"), NULL, 0, 0, NULL},
    {"209", T("header(UPN=UN1 DOB=01/01/2015)"), NULL, 1, 2, "UPN"},
    {"209", T("header(UPN=UN1 DOB=01/01/2020)"), NULL, 0, 0, NULL},
    {"210", T("header(UPN=UN4)\nepisodes(DECOM=01/01/2024 RNE=S)"), NULL, 1, 2, "UPN"},
    {"210", T("header(UPN=UN4)\nepisodes(DECOM=28/03/2024 RNE=S)"), NULL, 0, 0, NULL},
    {"301", T("header(DOB=01/04/2024)"), NULL, 1, 2, "DOB"},
    {"301", T("header(DOB=31/03/2024)"), NULL, 0, 0, NULL},
    {"351", T("header(DOB=01/01/1998)"), NULL, 1, 2, "DOB"},
    {"351", T("header(DOB=01/06/1998)"), NULL, 0, 0, NULL},
    {"393", T("header(SEX=2)\nepisodes(LS=C2)"), NULL, 1, 2, "MOTHER"},
    {"393", T("header(SEX=2 MOTHER=0)\nepisodes(LS=C2)"), NULL, 0, 0, NULL},
    {"393", T("header(SEX=2)\nepisodes(LS=V3)"), NULL, 0, 0, NULL},
    {"442", T("header(SEX=1)\nepisodes(LS=C2)"), NULL, 1, 2, "UPN"},
    {"442", T("header(SEX=1 UPN=UN1)\nepisodes(LS=C2)"), NULL, 0, 0, NULL},
    {"607", T("header(SEX=2)\nepisodes(DECOM=01/05/2023 DEC=01/06/2023 REC=E4A LS=C2)"), NULL, 1, 2,
     "MOTHER"},
    {"607", T("header(SEX=2 MOTHER=0)\nepisodes(DECOM=01/05/2023 DEC=01/06/2023 REC=E4A LS=C2)"),
     NULL, 0, 0, NULL},
    {"611", T("header(MOTHER=1)"), NULL, 1, 2, "MC_DOB"},
    {"611", T("header(MOTHER=1 MC_DOB=01/01/2020)"), NULL, 0, 0, NULL},
    {"612", T("header(SEX=2 MOTHER=0 MC_DOB=01/01/2020)"), NULL, 1, 2, "MOTHER"},
    {"612", T("header(SEX=2 MOTHER=1 MC_DOB=01/01/2020)"), NULL, 0, 0, NULL},
    {"620", T("header(MOTHER=1 DOB=01/01/2015)"), NULL, 1, 2, "MOTHER"},
    {"620", T("header(MOTHER=1 DOB=01/01/2005)"), NULL, 0, 0, NULL},
    {"621", T("header(DOB=01/01/2010 MC_DOB=01/01/2009)"), NULL, 1, 2, "MC_DOB"},
    {"621", T("header(DOB=01/01/2005 MC_DOB=01/01/2023)"), NULL, 0, 0, NULL},
    {"625", T("header(MC_DOB=01/04/2024)"), NULL, 1, 2, "MC_DOB"},
    {"625", T("header(MC_DOB=01/07/2023)\nepisodes(DECOM=01/05/2023 DEC=01/06/2023 REC=E4A)"), NULL,
     1, 2, "MC_DOB"},
    {"625", T("header(MC_DOB=01/03/2024)"), NULL, 0, 0, NULL},
    {"628", T("header(MOTHER=0)\n" OC3), NULL, 1, 2, "MOTHER"},
    {"628", T("header(SEX=2)\n" OC3), NULL, 0, 0, NULL},
    {"EPI", T("header(SEX=2)"), NULL, 1, 2, "CHILD"},
    {"EPI", T("header(SEX=2)\nepisodes(LS=C2)"), NULL, 0, 0, NULL},
    /* internal checks */
    {"INT01", T("ad1(DATE_INT=01/01/2023)"), NULL, 1, 2, "CHILD"},
    {"INT01", T("header(SEX=1)\nad1(DATE_INT=01/01/2023)"), NULL, 0, 0, NULL},
    {"INT02", T("placed_adoption(DATE_PLACED=01/01/2023)"), NULL, 1, 2, "CHILD"},
    {"INT02", T("header(SEX=1)\nplaced_adoption(DATE_PLACED=01/01/2023)"), NULL, 0, 0, NULL},
    {"INT03", T("episodes(LS=C2)"), NULL, 1, 2, "CHILD"},
    {"INT03", T("header(SEX=1)\nepisodes(LS=C2)"), NULL, 0, 0, NULL},
    {"INT04", T("missing(MISSING=M)"), NULL, 1, 2, "CHILD"},
    {"INT04", T("header(SEX=1)\nmissing(MISSING=M)"), NULL, 0, 0, NULL},
    {"INT05", T("oc2(CONVICTED=0)"), NULL, 1, 2, "CHILD"},
    {"INT05", T("header(SEX=1)\noc2(CONVICTED=0)"), NULL, 0, 0, NULL},
    {"INT06", T(OC3), NULL, 1, 2, "CHILD"},
    {"INT06", T("header(SEX=1)\n" OC3), NULL, 0, 0, NULL},
    {"INT07", T("prev_perm(PREV_PERM=Z1)"), NULL, 1, 2, "CHILD"},
    {"INT07", T("header(SEX=1)\nprev_perm(PREV_PERM=Z1)"), NULL, 0, 0, NULL},
    {"INT08", T("reviews(REVIEW=01/05/2023)"), NULL, 1, 2, "CHILD"},
    {"INT08", T("header(SEX=1)\nreviews(REVIEW=01/05/2023)"), NULL, 0, 0, NULL},
    {"INT09", T("uasc(DUC=01/05/2025)"), NULL, 1, 2, "CHILD"},
    {"INT09", T("header(SEX=1)\nuasc(DUC=01/05/2025)"), NULL, 0, 0, NULL},
    {"INT11", T("header(DOB=01/01/2010)\nad1(DOB=02/01/2010)"), NULL, 1, 3, "DOB"},
    {"INT11", T("header(DOB=01/01/2010)\nad1(DOB=2010-01-01)"), NULL, 0, 0, NULL},
    {"INT12", T("header(DOB=01/01/2010)\nplaced_adoption(DOB=02/01/2010)"), NULL, 1, 3, "DOB"},
    {"INT12", T("header(DOB=01/01/2010)\nplaced_adoption(DOB=01/01/2010)"), NULL, 0, 0, NULL},
    {"INT13", T("header(DOB=01/01/2010)\nmissing(DOB=02/01/2010)"), NULL, 1, 3, "DOB"},
    {"INT13", T("header(DOB=01/01/2010)\nmissing(DOB=01/01/2010)"), NULL, 0, 0, NULL},
    {"INT14", T("header(DOB=01/01/2010)\noc2(DOB=02/01/2010)"), NULL, 1, 3, "DOB"},
    {"INT14", T("header(DOB=01/01/2010)\noc2(DOB=01/01/2010)"), NULL, 0, 0, NULL},
    {"INT15", T("header(DOB=01/01/2010)\noc3(DOB=02/01/2010)"), NULL, 1, 3, "DOB"},
    {"INT15", T("header(DOB=01/01/2010)\noc3(DOB=01/01/2010)"), NULL, 0, 0, NULL},
    {"INT16", T("header(DOB=01/01/2010)\nprev_perm(DOB=02/01/2010)"), NULL, 1, 3, "DOB"},
    {"INT16", T("header(DOB=01/01/2010)\nprev_perm(DOB=01/01/2010)"), NULL, 0, 0, NULL},
    {"INT17", T("header(DOB=01/01/2010)\nreviews(DOB=02/01/2010)"), NULL, 1, 3, "DOB"},
    {"INT17", T("header(DOB=01/01/2010)\nreviews(DOB=01/01/2010)"), NULL, 0, 0, NULL},
    {"INT18", T("header(DOB=01/01/2010)\nuasc(DOB=02/01/2010)"), NULL, 1, 3, "DOB"},
    {"INT18", T("header(DOB=01/01/2010)\nuasc(DOB=01/01/2010)"), NULL, 0, 0, NULL},
    {"INT21", T("header(SEX=1)\nuasc(SEX=2)"), NULL, 1, 3, "SEX"},
    {"INT21", T("header(SEX=1)\nuasc(SEX=1)"), NULL, 0, 0, NULL},
    {"INT31", T("ad1(NB_ADOPTR=1)\nad1(NB_ADOPTR=2)"), NULL, 1, 3, "CHILD"},
    {"INT31", T("ad1(NB_ADOPTR=1)"), NULL, 0, 0, NULL},
    {"INT32", T("header(SEX=1)\nheader(SEX=1)"), NULL, 1, 3, "CHILD"},
    {"INT32", T("header(SEX=1)"), NULL, 0, 0, NULL},
    {"INT33", T("oc2(CONVICTED=0)\noc2(CONVICTED=0)"), NULL, 1, 3, "CHILD"},
    {"INT33", T("oc2(CONVICTED=0)"), NULL, 0, 0, NULL},
    {"INT34", T(OC3 "\n" OC3), NULL, 1, 3, "CHILD"},
    {"INT34", T(OC3), NULL, 0, 0, NULL},
    {"INT35", T("prev_perm(PREV_PERM=Z1)\nprev_perm(PREV_PERM=Z1)"), NULL, 1, 3, "CHILD"},
    {"INT35", T("prev_perm(PREV_PERM=Z1)"), NULL, 0, 0, NULL},
    {"INT36", T("uasc(DUC=01/01/2025)\nuasc(DUC=01/01/2025)"), NULL, 1, 3, "CHILD"},
    {"INT36", T("uasc(DUC=01/01/2025)"), NULL, 0, 0, NULL},
    /* against last year's return */
    {"202", T("header(SEX=1)"), T("header(SEX=2)"), 1, 2, "SEX"},
    {"202", T("header(SEX=1)"), T("header(SEX=1)"), 0, 0, NULL},
    {"202", T("header(SEX=1)"), NULL, 0, 0, NULL},
    {"203", T("header(DOB=01/01/2010)"), T("header(DOB=02/01/2010)"), 1, 2, "DOB"},
    {"203", T("header(DOB=01/01/2010)"), T("header(DOB=01/01/2010)"), 0, 0, NULL},
    {"204", T("header(ETHNIC=WBRI)"), T("header(ETHNIC=WIRI)"), 1, 2, "ETHNIC"},
    {"204", T("header(ETHNIC=WBRI)"), T("header(ETHNIC=WBRI)"), 0, 0, NULL},
    {"208", T("header(UPN=A12345678901B)"), T("header(UPN=A12345678901C)"), 1, 2, "UPN"},
    {"208", T("header(UPN=A12345678901B)"), T("header(UPN=UN4)"), 0, 0, NULL},
    {"624", T("header(MC_DOB=01/01/2020)"), T("header(MC_DOB=02/01/2020)"), 1, 2, "MC_DOB"},
    {"624", T("header(MC_DOB=01/01/2020)"), T("header(MC_DOB=01/01/2020)"), 0, 0, NULL},
    {"207", T("header(MOTHER=0)"), T("header(MOTHER=1)"), 1, 2, "MOTHER"},
    {"207", T("header(MOTHER=1)"), T("header(MOTHER=1)"), 0, 0, NULL},
    {"626", T("header(MOTHER=1 MC_DOB=01/01/2023)"), T("header(MOTHER=0)"), 1, 2, "MC_DOB"},
    {"626", T("header(MOTHER=1 MC_DOB=01/06/2023)"), T("header(MOTHER=0)"), 0, 0, NULL},
    {"199", T("episodes(DECOM=01/05/2023)"), T("episodes(DEC=01/06/2022 REC=E11)"), 1, 2, "CHILD"},
    {"199", T("episodes(DECOM=01/05/2023)"), T("episodes(DEC=01/06/2022 REC=E4A)"), 0, 0, NULL},
};

static void test_header_rules(void **state)
{
    (void)state;
    r903_run_cases(cases, sizeof cases / sizeof cases[0]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_header_rules)};
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    vt_done();
    return rc;
}

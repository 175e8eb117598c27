/* test_rules_903_reviews.c - every Reviews, Missing and UASC rule of family 903
 * (rules_903_reviews.c, rules_903_missing.c, rules_903_uasc.c) with a tiny tree that fires it
 * (rule, line, field asserted) and one that does not. Collection year 2023-24. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_rules_903_cases.h"

/* An episode that ended care on 1 June 2023. */
#define LEFT "episodes(DECOM=01/05/2023 DEC=01/06/2023 REC=E4A)"

static const r903_case cases[] = {
    /* reviews */
    {"166", T("reviews(REVIEW=31/02/2023 REVIEW_CODE=PN1)"), NULL, 1, 2, "REVIEW"},
    {"166", T("reviews(REVIEW_CODE=PN1)"), NULL, 1, 2, "REVIEW"},
    {"166", T("reviews(REVIEW=01/02/2023 REVIEW_CODE=PN1)"), NULL, 0, 0, NULL},
    {"167", T("reviews(REVIEW=01/02/2023 REVIEW_CODE=PN9)"), NULL, 1, 2, "REVIEW_CODE"},
    {"167", T("reviews(REVIEW=01/02/2023 REVIEW_CODE=PN1)"), NULL, 0, 0, NULL},
    {"440", T("header(DOB=01/01/2015)\nreviews(REVIEW=01/06/2023 REVIEW_CODE=PN0)"), NULL, 1, 3,
     "REVIEW_CODE"},
    {"440", T("header(DOB=01/01/2022)\nreviews(REVIEW=01/06/2023 REVIEW_CODE=PN0)"), NULL, 0, 0,
     NULL},
    {"441", T("header(DOB=01/01/2022)\nreviews(REVIEW=01/06/2023 REVIEW_CODE=PN1)"), NULL, 1, 3,
     "REVIEW_CODE"},
    {"441", T("header(DOB=01/01/2015)\nreviews(REVIEW=01/06/2023 REVIEW_CODE=PN1)"), NULL, 0, 0,
     NULL},
    /* ages at the review on both sides of 0 and of 4 (the 4th birthday is 01/06/2023) */
    {"441", T("header(DOB=01/01/2023)\nreviews(REVIEW=01/06/2023 REVIEW_CODE=PN1)"), NULL, 1, 3,
     "REVIEW_CODE"},
    {"441", T("header(DOB=02/06/2023)\nreviews(REVIEW=01/06/2023 REVIEW_CODE=PN1)"), NULL, 0, 0,
     NULL},
    {"441", T("header(DOB=01/06/2019)\nreviews(REVIEW=31/05/2023 REVIEW_CODE=PN1)"), NULL, 1, 3,
     "REVIEW_CODE"},
    {"441", T("header(DOB=01/06/2019)\nreviews(REVIEW=01/06/2023 REVIEW_CODE=PN1)"), NULL, 0, 0,
     NULL},
    {"440", T("header(DOB=01/06/2019)\nreviews(REVIEW=01/06/2023 REVIEW_CODE=PN0)"), NULL, 1, 3,
     "REVIEW_CODE"},
    {"440", T("header(DOB=01/06/2019)\nreviews(REVIEW=31/05/2023 REVIEW_CODE=PN0)"), NULL, 0, 0,
     NULL},
    {"399", T("header(SEX=2 MOTHER=0)\nepisodes(LS=V3)"), NULL, 1, 2, "MOTHER"},
    {"399", T("header(SEX=2)\nepisodes(LS=V4)\nreviews(REVIEW=01/06/2023)"), NULL, 1, 4, "REVIEW"},
    {"399", T("header(SEX=2 MOTHER=0)\nepisodes(LS=C2)\nreviews(REVIEW=01/06/2023)"), NULL, 0, 0,
     NULL},
    /* missing */
    {"1004", T("missing(MISSING=M MIS_START=31/02/2023)"), NULL, 1, 2, "MIS_START"},
    {"1004", T("missing(MISSING=M MIS_START=28/02/2023)"), NULL, 0, 0, NULL},
    {"1005", T("missing(MISSING=M MIS_END=31/02/2023)"), NULL, 1, 2, "MIS_END"},
    {"1005", T("missing(MISSING=M MIS_END=28/02/2023)"), NULL, 0, 0, NULL},
    {"1006", T("missing(MISSING=X)"), NULL, 1, 2, "MISSING"},
    {"1006", T("missing(MISSING=A)"), NULL, 0, 0, NULL},
    {"564", T("missing(MISSING=M)"), NULL, 1, 2, "MIS_START"},
    {"564", T("missing(MISSING=M MIS_START=01/05/2023)"), NULL, 0, 0, NULL},
    {"565", T("missing(MIS_START=01/05/2023)"), NULL, 1, 2, "MISSING"},
    {"565", T("missing(MISSING=M MIS_START=01/05/2023)"), NULL, 0, 0, NULL},
    {"566", T("missing(MIS_END=01/05/2023)"), NULL, 1, 2, "MISSING"},
    {"566", T("missing(MISSING=A MIS_END=01/05/2023)"), NULL, 0, 0, NULL},
    {"567", T("missing(MIS_START=10/05/2023 MIS_END=01/05/2023)"), NULL, 1, 2, "MIS_END"},
    {"567", T("missing(MIS_START=01/05/2023 MIS_END=01/05/2023)"), NULL, 0, 0, NULL},
    {"570", T("missing(MIS_START=01/04/2024)"), NULL, 1, 2, "MIS_START"},
    {"570", T("missing(MIS_START=31/03/2024)"), NULL, 0, 0, NULL},
    {"571", T("missing(MIS_END=01/04/2024)"), NULL, 1, 2, "MIS_END"},
    {"571", T("missing(MIS_END=31/03/2023)"), NULL, 1, 2, "MIS_END"},
    {"571", T("missing(MIS_END=01/04/2023)"), NULL, 0, 0, NULL},
    {"574", T("missing(MIS_START=01/05/2023)\nmissing(MIS_START=10/05/2023)"), NULL, 1, 3,
     "MIS_START"},
    {"574", T("missing(MIS_START=01/05/2023 MIS_END=20/05/2023)\nmissing(MIS_START=10/05/2023)"),
     NULL, 1, 3, "MIS_START"},
    {"574", T("missing(MIS_START=01/05/2023 MIS_END=10/05/2023)\nmissing(MIS_START=10/05/2023)"),
     NULL, 0, 0, NULL},
    {"575",
     T("episodes(DECOM=01/05/2023 DEC=01/06/2023 REC=X1)\nepisodes(DECOM=01/06/2023)\n"
       "missing(MIS_START=10/05/2023)"),
     NULL, 1, 4, "MIS_END"},
    {"575",
     T("episodes(DECOM=01/05/2023 DEC=01/06/2023 REC=X1)\nepisodes(DECOM=01/06/2023)\n"
       "missing(MIS_START=10/06/2023)"),
     NULL, 0, 0, NULL},
    {"577", T(LEFT "\nmissing(MIS_START=10/05/2023)"), NULL, 1, 3, "MIS_END"},
    {"577", T(LEFT "\nmissing(MIS_START=10/05/2023 MIS_END=12/05/2023)"), NULL, 0, 0, NULL},
    {"578", T(LEFT "\nmissing(MIS_START=10/06/2023 MIS_END=12/06/2023)"), NULL, 1, 3, "MIS_START"},
    {"578", T(LEFT "\nmissing(MIS_START=10/05/2023 MIS_END=12/05/2023)"), NULL, 0, 0, NULL},
    {"580", T(LEFT "\nmissing(MIS_START=20/05/2023)"), NULL, 1, 2, "REC"},
    /* missing on the day care ended (01/06/2023): back that day is not, back the next day is;
     * gone that day is, gone the day after is not */
    {"580", T(LEFT "\nmissing(MIS_START=20/05/2023 MIS_END=01/06/2023)"), NULL, 0, 0, NULL},
    {"580", T(LEFT "\nmissing(MIS_START=20/05/2023 MIS_END=02/06/2023)"), NULL, 1, 2, "REC"},
    {"580", T(LEFT "\nmissing(MIS_START=01/06/2023)"), NULL, 1, 2, "REC"},
    {"580", T(LEFT "\nmissing(MIS_START=02/06/2023)"), NULL, 0, 0, NULL},
    {"580", T("episodes(DECOM=01/05/2023 DEC=01/06/2023 REC=E8)\nmissing(MIS_START=20/05/2023)"),
     NULL, 0, 0, NULL},
    {"581", T("episodes(DECOM=01/06/2023)\nmissing(MIS_START=01/05/2023)"), NULL, 1, 3,
     "MIS_START"},
    {"581", T("episodes(DECOM=01/06/2023)\nmissing(MIS_START=10/06/2023)"), NULL, 0, 0, NULL},
    {"586", T("header(DOB=01/01/2015)\nmissing(MIS_START=01/01/2014)"), NULL, 1, 3, "MIS_START"},
    {"586", T("header(DOB=01/01/2015)\nmissing(MIS_START=01/01/2016)"), NULL, 0, 0, NULL},
    {"576", T("header(SEX=1)"), T("missing(MISSING=M MIS_START=01/03/2023)"), 1, 2, "CHILD"},
    {"576", T("header(SEX=1)\nmissing(MISSING=M MIS_START=01/03/2023 MIS_END=05/04/2023)"),
     T("missing(MISSING=M MIS_START=01/03/2023)"), 0, 0, NULL},
    /* UASC */
    {"104", T("uasc(DUC=31/02/2024)"), NULL, 1, 2, "DUC"},
    {"104", T("uasc(DUC=28/02/2024)"), NULL, 0, 0, NULL},
    /* The XML form: DUC in the header, and a uasc row derived from it (reported once). */
    {"104", T("header(UASC=1 DUC=31/02/2024)"), NULL, 1, 2, "DUC"},
    {"104", T("header(UASC=1 DUC=31/02/2024)\nuasc(DUC=31/02/2024)"), NULL, 1, 3, "DUC"},
    {"105", T("header(UASC=2)"), NULL, 1, 2, "UASC"},
    {"105", T("header(UASC=)"), NULL, 1, 2, "UASC"},
    {"105", T("header(UASC=1)"), NULL, 0, 0, NULL},
    {"105", T("header(SEX=1)"), NULL, 0, 0, NULL},
    {"303", T("header(UASC=0 DUC=01/01/2024)"), NULL, 1, 2, "DUC"},
    {"303", T("header(UASC=1 DUC=01/01/2024)"), NULL, 0, 0, NULL},
    {"304", T("header(DOB=01/01/2010)\nuasc(DUC=02/01/2028)"), NULL, 1, 3, "DUC"},
    {"304", T("header(DOB=01/01/2010)\nuasc(DUC=01/01/2028)"), NULL, 0, 0, NULL},
    {"1014", T("oc3(IN_TOUCH=YES ACTIV=F1 ACCOM=B1)\nuasc(DUC=01/01/2025)"), NULL, 1, 3, "DUC"},
    {"1014",
     T("episodes(DECOM=01/05/2023)\noc3(IN_TOUCH=YES ACTIV=F1 ACCOM=B1)\n"
       "uasc(DUC=01/01/2025)"),
     NULL, 0, 0, NULL},
};

static void test_review_missing_uasc_rules(void **state)
{
    (void)state;
    r903_run_cases(cases, sizeof cases / sizeof cases[0]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_review_missing_uasc_rules)};
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    vt_done();
    return rc;
}

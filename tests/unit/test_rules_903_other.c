/* test_rules_903_other.c - every previous permanence, social worker episode and
 * episodes-against-last-year rule of family 903 (rules_903_other.c) with a tiny tree that fires
 * it (rule, line, field asserted) and one that does not. Collection year 2023-24. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_rules_903_cases.h"

/* Last year's return ended with this episode open. */
#define OPEN                                                                                       \
    T("episodes(DECOM=01/01/2023 RNE=S LS=C2 CIN=N1 PLACE=U1 PLACE_PROVIDER=PR1 URN=SC1 "          \
      "PL_DISTANCE=5.0 PL_LA=E1 PL_LOCATION=IN)")
#define SAME                                                                                       \
    "DECOM=01/01/2023 RNE=S LS=C2 CIN=N1 PLACE=U1 PLACE_PROVIDER=PR1 URN=SC1 "                     \
    "PL_DISTANCE=5.0 PL_LA=E1 PL_LOCATION=IN"
#define SW_OPEN T("sw_episodes(SW_ID=SW1 SW_DECOM=01/01/2023 SW_REASON=R1)")

static const r903_case cases[] = {
    /* previous permanence */
    {"631", T("prev_perm(PREV_PERM=P9)"), NULL, 1, 2, "PREV_PERM"},
    {"631", T("prev_perm(PREV_PERM=P4)"), NULL, 0, 0, NULL},
    {"635", T("prev_perm(PREV_PERM=Z1 DATE_PERM=01/01/2020)"), NULL, 1, 2, "DATE_PERM"},
    {"635", T("prev_perm(PREV_PERM=P1 DATE_PERM=01/01/2020)"), NULL, 0, 0, NULL},
    {"630", T("episodes(DECOM=01/05/2023 RNE=S)"), NULL, 1, 2, "RNE"},
    {"630", T("episodes(DECOM=01/05/2023 RNE=S)\nprev_perm(PREV_PERM=Z1)"), NULL, 0, 0, NULL},
    {"632", T("prev_perm(DATE_PERM=xx/01/2020)"), NULL, 1, 2, "DATE_PERM"},
    /* DATE_PERM's shape, character by character: one digit short, a ':' (the character after
     * '9') as the day's or month's second digit, a day unknown with half a month, 1899/1900 */
    {"632", T("prev_perm(DATE_PERM=1/01/2020)"), NULL, 1, 2, "DATE_PERM"},
    {"632", T("prev_perm(DATE_PERM=0:/01/2020)"), NULL, 1, 2, "DATE_PERM"},
    {"632", T("prev_perm(DATE_PERM=01/0:/2020)"), NULL, 1, 2, "DATE_PERM"},
    {"632", T("prev_perm(DATE_PERM=zz/1z/2020)"), NULL, 1, 2, "DATE_PERM"},
    {"632", T("prev_perm(DATE_PERM=31/12/1899)"), NULL, 1, 2, "DATE_PERM"},
    {"632", T("prev_perm(DATE_PERM=01/01/1900)"), NULL, 0, 0, NULL},
    {"632", T("prev_perm(DATE_PERM=zz/10/2020)"), NULL, 0, 0, NULL},
    {"632", T("episodes(DECOM=01/05/2023 RNE=S)\nprev_perm(DATE_PERM=01/06/2023)"), NULL, 1, 3,
     "DATE_PERM"},
    {"632", T("episodes(DECOM=01/05/2023 RNE=S)\nprev_perm(DATE_PERM=zz/zz/2020)"), NULL, 0, 0,
     NULL},
    {"634", T("episodes(DECOM=01/01/2016 RNE=S)\nprev_perm(PREV_PERM=P1)"), NULL, 1, 3,
     "PREV_PERM"},
    {"634", T("episodes(DECOM=01/05/2016 RNE=S)\nprev_perm(PREV_PERM=P1)"), NULL, 0, 0, NULL},
    /* social worker episodes */
    {"SW01STG1", T("episodes(DECOM=01/05/2023 LS=C2)"), NULL, 1, 2, "DEC"},
    {"SW01STG1", T("episodes(DECOM=01/05/2023 LS=C2)\nsw_episodes(SW_ID=SW1)"), NULL, 0, 0, NULL},
    {"SW02STG1", T("sw_episodes(SW_ID=AB1)"), NULL, 1, 2, "SW_ID"},
    {"SW02STG1", T("sw_episodes(SW_ID=XX1)"), NULL, 0, 0, NULL},
    {"SW03STG1", T("sw_episodes(SW_ID=SW1 SW_DECOM=01/05/2023)"), NULL, 1, 2, "SW_REASON"},
    {"SW03STG1", T("sw_episodes(SW_ID=SW1 SW_DECOM=01/05/2023 SW_REASON=R1)"), NULL, 0, 0, NULL},
    {"SW04STG1", T("sw_episodes(SW_DECOM=31/02/2023)"), NULL, 1, 2, "SW_DECOM"},
    {"SW04STG1", T("sw_episodes(SW_DECOM=28/02/2023)"), NULL, 0, 0, NULL},
    {"SW05STG1", T("sw_episodes(SW_DEC=31/02/2023)"), NULL, 1, 2, "SW_DEC"},
    {"SW05STG1", T("sw_episodes(SW_DEC=28/02/2023)"), NULL, 0, 0, NULL},
    {"SW09STG2", T("sw_episodes(SW_DECOM=01/05/2023 SW_DEC=01/05/2023)"), NULL, 1, 2, "SW_DEC"},
    {"SW09STG2", T("sw_episodes(SW_DECOM=01/05/2023 SW_DEC=02/05/2023)"), NULL, 0, 0, NULL},
    {"SW10STG2",
     T("sw_episodes(SW_DECOM=01/05/2023 SW_DEC=10/06/2023)\n"
       "sw_episodes(SW_DECOM=01/06/2023)"),
     NULL, 1, 3, "SW_DECOM"},
    {"SW10STG2",
     T("sw_episodes(SW_DECOM=01/05/2023 SW_DEC=01/06/2023)\n"
       "sw_episodes(SW_DECOM=01/06/2023)"),
     NULL, 0, 0, NULL},
    {"SW108STG2", T("sw_episodes(SW_DECOM=01/05/2023)\nsw_episodes(SW_DECOM=01/06/2023)"), NULL, 1,
     2, "SW_DEC"},
    {"SW108STG2",
     T("sw_episodes(SW_DECOM=01/05/2023 SW_DEC=01/06/2023)\n"
       "sw_episodes(SW_DECOM=01/06/2023)"),
     NULL, 0, 0, NULL},
    {"SW15STG2", T("sw_episodes(SW_DEC=01/06/2023)"), NULL, 1, 2, "SW_REASON"},
    {"SW15STG2", T("sw_episodes(SW_DEC=01/06/2023 SW_REASON=R1)"), NULL, 0, 0, NULL},
    {"SW16aSTG2", T("sw_episodes(SW_ID=SW2 SW_DECOM=01/01/2023 SW_REASON=R1)"), SW_OPEN, 1, 2,
     "SW_ID"},
    {"SW16aSTG2", T("sw_episodes(SW_ID=SW1 SW_DECOM=01/01/2023 SW_REASON=R1)"), SW_OPEN, 0, 0,
     NULL},
    {"SW16bSTG2", T("sw_episodes(SW_ID=SW1 SW_DECOM=01/02/2023 SW_REASON=R1)"), SW_OPEN, 1, 2,
     "SW_DECOM"},
    {"SW16bSTG2", T("sw_episodes(SW_ID=SW1 SW_DECOM=01/01/2023 SW_REASON=R1)"), SW_OPEN, 0, 0,
     NULL},
    {"SW16cSTG2", T("sw_episodes(SW_ID=SW1 SW_DECOM=01/01/2023 SW_REASON=R2)"), SW_OPEN, 1, 2,
     "SW_REASON"},
    {"SW16cSTG2", T("sw_episodes(SW_ID=SW1 SW_DECOM=01/01/2023 SW_REASON=R1)"), SW_OPEN, 0, 0,
     NULL},
    /* episodes against last year's return */
    {"502", T("episodes(DECOM=01/02/2023)"), OPEN, 1, 2, "DECOM"},
    {"502", T("episodes(" SAME ")"), OPEN, 0, 0, NULL},
    {"503A", T("episodes(RNE=P " SAME ")"), OPEN, 1, 2, "RNE"},
    {"503A", T("episodes(" SAME ")"), OPEN, 0, 0, NULL},
    {"503B", T("episodes(LS=C1 " SAME ")"), OPEN, 1, 2, "LS"},
    {"503B", T("episodes(" SAME ")"), OPEN, 0, 0, NULL},
    {"503C", T("episodes(CIN=N2 " SAME ")"), OPEN, 1, 2, "CIN"},
    {"503C", T("episodes(" SAME ")"), OPEN, 0, 0, NULL},
    {"503D", T("episodes(PLACE=U2 " SAME ")"), OPEN, 1, 2, "PLACE"},
    {"503D", T("episodes(" SAME ")"), OPEN, 0, 0, NULL},
    {"503E", T("episodes(PLACE_PROVIDER=PR2 " SAME ")"), OPEN, 1, 2, "PLACE_PROVIDER"},
    {"503E", T("episodes(" SAME ")"), OPEN, 0, 0, NULL},
    {"503F", T("episodes(URN=SC2 " SAME ")"), OPEN, 1, 2, "URN"},
    {"503F", T("episodes(" SAME ")"), OPEN, 0, 0, NULL},
    {"503G", T("episodes(PL_DISTANCE=6.0 " SAME ")"), OPEN, 1, 2, "PL_DISTANCE"},
    {"503G", T("episodes(" SAME ")"), OPEN, 0, 0, NULL},
    {"503H", T("episodes(PL_LA=E2 " SAME ")"), OPEN, 1, 2, "PL_LA"},
    {"503H", T("episodes(" SAME ")"), OPEN, 0, 0, NULL},
    {"503J", T("episodes(PL_LOCATION=OUT " SAME ")"), OPEN, 1, 2, "PL_LOCATION"},
    {"503J", T("episodes(" SAME ")"), OPEN, 0, 0, NULL},
    {"452", T("episodes(DECOM=01/02/2023 PL_LA=E2)"), OPEN, 1, 2, "PL_LA"},
    {"452", T("episodes(DECOM=01/02/2023 PL_LA=E1)"), OPEN, 0, 0, NULL},
    {"453", T("episodes(DECOM=01/02/2023 PL_DISTANCE=7.5)"), OPEN, 1, 2, "PL_DISTANCE"},
    {"453", T("episodes(DECOM=01/02/2023 PL_DISTANCE=5.0)"), OPEN, 0, 0, NULL},
    {"562", T("episodes(DECOM=01/01/2023)"), T("episodes(DECOM=01/01/2022 DEC=01/06/2022 REC=E4A)"),
     1, 2, "DECOM"},
    {"562", T("episodes(DECOM=01/01/2023)"),
     T("episodes(DECOM=01/01/2022 DEC=01/06/2022 REC=E4A)\nepisodes(DECOM=01/01/2023)"), 0, 0,
     NULL},
    {"NoE", T("episodes(DECOM=01/01/2023)"), T("header(SEX=1)"), 1, 2, "DECOM"},
    {"NoE", T("episodes(DECOM=01/01/2023)"), OPEN, 0, 0, NULL},
    {"NoE", T("episodes(DECOM=01/01/2023)"), NULL, 0, 0, NULL},
};

static void test_other_rules(void **state)
{
    (void)state;
    r903_run_cases(cases, sizeof cases / sizeof cases[0]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_other_rules)};
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    vt_done();
    return rc;
}

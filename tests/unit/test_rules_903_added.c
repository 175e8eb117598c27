/* test_rules_903_added.c - the SSDA903 rules added from the DfE texts after the first rule set:
 * 165 (completed), 222 (its placement list by collection year), 231, 232, 3001, SW01aSTG1,
 * SW01bSTG1 and SW13STG1. Each case is a tiny CHILD tree, the collection year it is validated
 * as, and the findings expected; every comparison has a case on each side of its boundary.
 * The boundaries were worked out by hand from the rule texts (docs/rules_903.md). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_rules_903_cases.h"

typedef struct year_case {
    const char *id;
    int year; /* collection year: 2024 = 2023-24 (1 April 2023 - 31 March 2024) */
    const char *tree;
    int n;
    long line;
    const char *field;
} year_case;

#define OC3 "oc3(IN_TOUCH=YES ACTIV=F1 ACCOM=B1)"

static const year_case cases[] = {
    /* 165: MOTHER given: 0/1 and a girl */
    {"165", 2024, T("header(SEX=2 MOTHER=2)"), 1, 2, "MOTHER"},
    {"165", 2024, T("header(SEX=1 MOTHER=1)"), 1, 2, "MOTHER"},
    {"165", 2024, T("header(SEX=2 MOTHER=1)"), 0, 0, NULL},
    {"165", 2025, T("header(SEX=F MOTHER=0)"), 0, 0, NULL},
    {"165", 2025, T("header(SEX=M MOTHER=0)"), 1, 2, "MOTHER"},
    /* MOTHER blank: a boy, */
    {"165", 2024, T("header(SEX=1)\nepisodes(DECOM=01/05/2023 LS=C2)"), 0, 0, NULL},
    /* or no episode of care in the year and a care leaver item */
    {"165", 2024, T("header(SEX=2)\nepisodes(DECOM=01/05/2023 LS=C2)"), 1, 2, "MOTHER"},
    {"165", 2024, T("header(SEX=2)\n" OC3), 0, 0, NULL},
    {"165", 2024, T("header(SEX=2)"), 1, 2, "MOTHER"},
    {"165", 2024, T("header(SEX=2)\nepisodes(DECOM=01/05/2023 LS=V3)\n" OC3), 0, 0, NULL},
    /* care ended the day before the year began / on its first day */
    {"165", 2024, T("header(SEX=2)\nepisodes(DECOM=01/05/2022 DEC=31/03/2023 LS=C2 REC=E4A)\n" OC3),
     0, 0, NULL},
    {"165", 2024, T("header(SEX=2)\nepisodes(DECOM=01/05/2022 DEC=01/04/2023 LS=C2 REC=E4A)\n" OC3),
     1, 2, "MOTHER"},
    /* care starting after the year ended is not in the year */
    {"165", 2024, T("header(SEX=2)\nepisodes(DECOM=01/04/2024 LS=C2)\n" OC3), 0, 0, NULL},

    /* 222 by year: R1 never takes a URN; XXXXXXX is not a URN */
    {"222", 2024, T("episodes(PLACE=R1 URN=SC123456)"), 1, 2, "URN"},
    {"222", 2024, T("episodes(PLACE=R1 URN=XXXXXXX)"), 0, 0, NULL},
    {"222", 2024, T("episodes(PLACE=K2 URN=SC123456)"), 0, 0, NULL},
    {"222", 2024, T("episodes(PLACE=R1)"), 0, 0, NULL},
    /* H5 until 2022-23 */
    {"222", 2023, T("episodes(PLACE=H5 URN=SC123456)"), 1, 2, "URN"},
    {"222", 2024, T("episodes(PLACE=H5 URN=SC123456)"), 0, 0, NULL},
    /* P2 until 2023-24 */
    {"222", 2024, T("episodes(PLACE=P2 URN=SC123456)"), 1, 2, "URN"},
    {"222", 2025, T("episodes(PLACE=P2 URN=SC123456)"), 0, 0, NULL},
    /* Z1 until 2024-25, Z11-Z14 from 2025-26 */
    {"222", 2025, T("episodes(PLACE=Z1 URN=SC123456)"), 1, 2, "URN"},
    {"222", 2026, T("episodes(PLACE=Z1 URN=SC123456)"), 0, 0, NULL},
    {"222", 2026, T("episodes(PLACE=Z14 URN=SC123456)"), 1, 2, "URN"},
    {"222", 2025, T("episodes(PLACE=Z14 URN=SC123456)"), 0, 0, NULL},

    /* 231: UASC and DOB on or after 31 March eleven years before the year's end */
    {"231", 2025, T("header(DOB=31/03/2014)\nuasc(DUC=01/01/2030)"), 1, 2, "DOB"},
    {"231", 2025, T("header(DOB=30/03/2014)\nuasc(DUC=01/01/2030)"), 0, 0, NULL},
    {"231", 2025, T("header(DOB=31/03/2014)"), 0, 0, NULL},
    {"231", 2025, T("header(DOB=01/01/2020 UASC=1)"), 1, 2, "DOB"},
    {"231", 2025, T("header(DOB=01/01/2020 UASC=0)\nuasc(DUC=01/01/2030)"), 0, 0, NULL},

    /* 232 */
    {"232", 2025, T("header(SEX=U)"), 1, 2, "SEX"},
    {"232", 2025, T("header(SEX=F)"), 0, 0, NULL},

    /* 3001: 17th birthday in 1 April 2023 .. 31 March 2024 and ACCOM Z1/Z2 */
    {"3001", 2024, T("header(DOB=01/04/2006)\noc3(ACCOM=Z1)"), 1, 3, "ACCOM"},
    {"3001", 2024, T("header(DOB=31/03/2006)\noc3(ACCOM=Z1)"), 0, 0, NULL},
    {"3001", 2024, T("header(DOB=31/03/2007)\noc3(ACCOM=Z2)"), 1, 3, "ACCOM"},
    {"3001", 2024, T("header(DOB=01/04/2007)\noc3(ACCOM=Z2)"), 0, 0, NULL},
    {"3001", 2024, T("header(DOB=01/06/2006)\noc3(ACCOM=Y1)"), 0, 0, NULL},

    /* SW01aSTG1: started before 1 April 2023, SW_ID needed, SW_REASON not */
    {"SW01aSTG1", 2025, T("sw_episodes(SW_DECOM=31/03/2023)"), 1, 2, "SW_ID"},
    {"SW01aSTG1", 2025, T("sw_episodes(SW_ID=SW1 SW_DECOM=31/03/2023)"), 0, 0, NULL},
    {"SW01aSTG1", 2025, T("sw_episodes(SW_DECOM=01/04/2023)"), 0, 0, NULL},
    {"SW01aSTG1", 2025, T("sw_episodes(SW_ID=SW1)"), 0, 0, NULL},
    /* SW01bSTG1: started on or after it, both needed; a blank start is reported here */
    {"SW01bSTG1", 2025, T("sw_episodes(SW_ID=SW1 SW_DECOM=01/04/2023)"), 1, 2, "SW_REASON"},
    {"SW01bSTG1", 2025, T("sw_episodes(SW_REASON=OTHERS SW_DECOM=01/04/2023)"), 1, 2, "SW_ID"},
    {"SW01bSTG1", 2025, T("sw_episodes(SW_ID=SW1 SW_DECOM=31/03/2023)"), 0, 0, NULL},
    {"SW01bSTG1", 2025, T("sw_episodes(SW_ID=SW1 SW_REASON=OTHERS)"), 1, 2, "SW_DECOM"},
    {"SW01bSTG1", 2025, T("sw_episodes(SW_ID=SW1 SW_DECOM=01/04/2023 SW_REASON=OTHERS)"), 0, 0,
     NULL},

    /* SW13STG1: a code of the list; blank only from 1 April 2023 */
    {"SW13STG1", 2024, T("sw_episodes(SW_DECOM=01/05/2023 SW_REASON=ALLOC)"), 1, 2, "SW_REASON"},
    {"SW13STG1", 2024, T("sw_episodes(SW_DECOM=01/05/2023 SW_REASON=MANAGE)"), 0, 0, NULL},
    {"SW13STG1", 2024, T("sw_episodes(SW_DECOM=01/04/2023)"), 1, 2, "SW_REASON"},
    {"SW13STG1", 2024, T("sw_episodes(SW_DECOM=31/03/2023)"), 0, 0, NULL},
};

static void test_added_rules(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const year_case *c = &cases[i];
        vt_result r;
        const sg_rule *rule = vt_rule(c->id);
        if (vt_run(rule, c->tree, NULL, c->year, &r)) fail_msg("case %zu: run failed", i);
        if (r.n != c->n)
            fail_msg("case %zu (rule %s, %d): %d findings, expected %d", i, c->id, c->year, r.n,
                     c->n);
        if (!c->n) continue;
        if (r.f[0].line != c->line || strcmp(r.f[0].field, c->field) != 0)
            fail_msg("case %zu (rule %s): line %ld field %s, expected line %ld field %s", i, c->id,
                     r.f[0].line, r.f[0].field, c->line, c->field);
        if (r.f[0].severity != rule->severity)
            fail_msg("case %zu (rule %s): severity differs from the table", i, c->id);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_added_rules)};
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    vt_done();
    return rc;
}

/* test_rules_903_cases.h - table-driven rule tests for family 903: each case is a tiny CHILD
 * tree (and optionally last year's tree) in the compact text form of ingest/vnode.h, the
 * rule, and what it must report: the number of findings and, when it fires, the line and field
 * of the first. Collection year 2023-24 (1 April 2023 - 31 March 2024) throughout.
 *
 * T(rows) wraps rows (one table row per line, separated by "\n") in a CHILD node starting on
 * line 1, so the first row is on line 2, the second on line 3 and so on; a finding's line is
 * the line of the row (its leaf) it names. Include after <cmocka.h>. */
#ifndef SG_TEST_RULES_903_CASES_H
#define SG_TEST_RULES_903_CASES_H

#include "vtree.h"

#include <string.h>

#define T(rows) "CHILD(\n" rows "\n)"

typedef struct r903_case {
    const char *id;    /* rule code */
    const char *tree;  /* this year's CHILD tree */
    const char *prev;  /* last year's, or NULL */
    int n;             /* findings expected */
    long line;         /* line of the first finding (when n > 0) */
    const char *field; /* field of the first finding (when n > 0) */
} r903_case;

/* Runs every case; fails naming the case (index, rule) that does not report as expected, and
 * fails when a rule among the cases lacks a firing case or a quiet one. */
static inline void r903_run_cases(const r903_case *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        vt_result r;
        const sg_rule *rule = vt_rule(c[i].id);
        int rc = vt_run(rule, c[i].tree, c[i].prev, 2024, &r);
        if (rc) fail_msg("case %zu (rule %s): run returned %d", i, c[i].id, rc);
        if (r.n != c[i].n)
            fail_msg("case %zu (rule %s): %d findings, expected %d%s%s", i, c[i].id, r.n, c[i].n,
                     r.n ? "; first field " : "", r.n ? r.f[0].field : "");
        if (!c[i].n) continue;
        if (strcmp(r.f[0].rule, c[i].id) != 0 || r.f[0].line != c[i].line ||
            strcmp(r.f[0].field, c[i].field) != 0)
            fail_msg("case %zu (rule %s): reported %s at line %ld field %s, expected line %ld "
                     "field %s",
                     i, c[i].id, r.f[0].rule, r.f[0].line, r.f[0].field, c[i].line, c[i].field);
        if (r.f[0].severity != rule->severity)
            fail_msg("case %zu (rule %s): severity differs from the table", i, c[i].id);
    }
    /* Both directions for every rule that has cases. */
    for (size_t i = 0; i < n; i++) {
        int fires = 0, quiet = 0;
        for (size_t j = 0; j < n; j++)
            if (strcmp(c[j].id, c[i].id) == 0) c[j].n ? fires++ : quiet++;
        if (!fires || !quiet)
            fail_msg("rule %s lacks a %s case", c[i].id, fires ? "quiet" : "firing");
    }
}

#endif

/* test_disclosure.c - disclosure control on hand-worked tables: primary suppression of 1..4
 * (zero shown), secondary suppression in a row with a total, percentages and rates derived
 * from withheld counts, the complement of a percentage, the DfE's 1..5 setting, and the
 * analyst view that withholds nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "indicators/disclosure.h"

#include <string.h>

static sg_disclosure pub(void)
{
    return sg_disclosure_public();
}

static void test_primary(void **state)
{
    (void)state;
    sg_disclosure d = pub();
    assert_int_equal(d.threshold, 4);
    assert_false(sg_disc_small(&d, 0)); /* zero discloses nobody */
    assert_true(sg_disc_small(&d, 1));
    assert_true(sg_disc_small(&d, 4));
    assert_false(sg_disc_small(&d, 5));
    assert_false(sg_disc_small(&d, -1)); /* absent */
    /* The DfE's setting: 1..5. */
    d.threshold = 5;
    assert_true(sg_disc_small(&d, 5));
    assert_false(sg_disc_small(&d, 6));
    sg_disclosure a = sg_disclosure_analyst();
    assert_false(sg_disc_small(&a, 1));
}

static void test_row_one_small_cell_two_withheld(void **state)
{
    (void)state;
    sg_disclosure d = pub();
    /* Plans started by category: neglect 30, emotional 20, physical 3, sexual 8, multiple 0;
     * total 61. Physical (3) is withheld; with the total shown, 61 - 30 - 20 - 8 - 0 = 3 would
     * give it back, so the next smallest non-zero cell, sexual (8), is withheld too. The two
     * withheld cells come to 11 > 4. Zero (multiple) stays shown. */
    long cells[] = {30, 20, 3, 8, 0};
    bool sup[5];
    bool tsup = true;
    assert_int_equal(sg_disc_breakdown(&d, cells, 5, 61, sup, &tsup), 2);
    assert_false(sup[0]);
    assert_false(sup[1]);
    assert_true(sup[2]);
    assert_true(sup[3]);
    assert_false(sup[4]);
    assert_false(tsup);
}

static void test_row_two_small_cells_summing_small(void **state)
{
    (void)state;
    sg_disclosure d = pub();
    /* 1 and 2 withheld, but together 3 <= 4: "3 children across the two" is itself a small
     * number, so the next smallest (9) is withheld as well: 1 + 2 + 9 = 12. */
    long cells[] = {50, 1, 9, 2, 40};
    bool sup[5];
    bool tsup = true;
    assert_int_equal(sg_disc_breakdown(&d, cells, 5, 102, sup, &tsup), 3);
    assert_false(sup[0]);
    assert_true(sup[1]);
    assert_true(sup[2]);
    assert_true(sup[3]);
    assert_false(sup[4]);
    assert_false(tsup);
    /* Two small cells that already total more than 4 (3 + 4 = 7) need nothing more. */
    long c2[] = {3, 4, 20};
    bool s2[3];
    assert_int_equal(sg_disc_breakdown(&d, c2, 3, 27, s2, &tsup), 2);
    assert_true(s2[0] && s2[1] && !s2[2] && !tsup);
}

static void test_row_withheld_sum_at_threshold(void **state)
{
    (void)state;
    sg_disclosure d = pub();
    /* {2, 2, 30}, total 34: the two 2s are withheld, but together they are 4 - exactly the
     * threshold - and publishing 30 and 34 would say "4 children across the two withheld
     * cells". So 30 is withheld too (2 + 2 + 30 = 34 > 4); the total stays. */
    long cells[] = {2, 2, 30};
    bool sup[3];
    bool tsup = true;
    assert_int_equal(sg_disc_breakdown(&d, cells, 3, 34, sup, &tsup), 3);
    assert_true(sup[0] && sup[1] && sup[2]);
    assert_false(tsup);
    /* One more child on the other side of the boundary: {2, 3, 30}, total 35: the withheld
     * cells make 5 > 4, so 30 is shown. */
    long c2[] = {2, 3, 30};
    assert_int_equal(sg_disc_breakdown(&d, c2, 3, 35, sup, &tsup), 2);
    assert_true(sup[0] && sup[1] && !sup[2]);
    assert_false(tsup);
    /* The DfE's threshold 5: {2, 3, 30} withheld cells make 5 = threshold -> 30 goes too;
     * {3, 3, 30} make 6 -> 30 stays. */
    d.threshold = 5;
    assert_int_equal(sg_disc_breakdown(&d, c2, 3, 35, sup, &tsup), 3);
    assert_true(sup[0] && sup[1] && sup[2] && !tsup);
    long c3[] = {3, 3, 30};
    assert_int_equal(sg_disc_breakdown(&d, c3, 3, 36, sup, &tsup), 2);
    assert_true(sup[0] && sup[1] && !sup[2] && !tsup);
    /* A total of exactly the threshold is itself withheld; one above is not. */
    d.threshold = 4;
    long c4[] = {4, 0};
    assert_int_equal(sg_disc_breakdown(&d, c4, 2, 4, sup, &tsup), 1);
    assert_true(sup[0] && !sup[1] && tsup);
    long c5[] = {4, 1};
    assert_int_equal(sg_disc_breakdown(&d, c5, 2, 5, sup, &tsup), 2);
    assert_true(sup[0] && sup[1] && !tsup); /* withheld 4 + 1 = 5 > 4: the total may show */
    long c6[] = {5, 0};
    assert_int_equal(sg_disc_breakdown(&d, c6, 2, 5, sup, &tsup), 0);
    assert_true(!sup[0] && !sup[1] && !tsup);
}

static void test_row_ties_and_no_total(void **state)
{
    (void)state;
    sg_disclosure d = pub();
    /* Ties go to the earlier cell: 2 withheld, then the first 7. */
    long cells[] = {7, 2, 7};
    bool sup[3];
    bool tsup;
    assert_int_equal(sg_disc_breakdown(&d, cells, 3, 16, sup, &tsup), 2);
    assert_true(sup[0] && sup[1] && !sup[2]);
    /* Without a published total only the primary rule applies. */
    assert_int_equal(sg_disc_breakdown(&d, cells, 3, -1, sup, NULL), 1);
    assert_true(!sup[0] && sup[1] && !sup[2]);
}

static void test_row_nothing_to_hide_behind(void **state)
{
    (void)state;
    sg_disclosure d = pub();
    /* One small cell and the rest zero: no cell can cover it, so the total goes. */
    long cells[] = {0, 6, 0};
    bool sup[3];
    bool tsup = false;
    long small[] = {0, 3, 0, 0};
    bool ss[4];
    assert_int_equal(sg_disc_breakdown(&d, small, 4, 3, ss, &tsup), 1);
    assert_true(tsup); /* total 3 is itself small */
    assert_true(!ss[0] && ss[1] && !ss[2] && !ss[3]);
    /* A row whose cells are not the whole total (a "not recorded" remainder elsewhere): 2 and
     * zeros with total 10 - the 2 is withheld and nothing can cover it, so the total is. */
    long c2[] = {2, 0, 0};
    assert_int_equal(sg_disc_breakdown(&d, c2, 3, 10, sup, &tsup), 1);
    assert_true(sup[0] && tsup);
    /* Nothing small: nothing withheld. */
    assert_int_equal(sg_disc_breakdown(&d, cells, 3, 6, sup, &tsup), 0);
    assert_false(sup[0] || sup[1] || sup[2] || tsup);
}

static void test_row_absent_cells_and_analyst(void **state)
{
    (void)state;
    sg_disclosure d = pub();
    /* -1 = not available: never withheld nor chosen to cover. */
    long cells[] = {-1, 2, 5, 11};
    bool sup[4];
    bool tsup;
    assert_int_equal(sg_disc_breakdown(&d, cells, 4, 18, sup, &tsup), 2);
    assert_true(!sup[0] && sup[1] && sup[2] && !sup[3]);
    sg_disclosure a = sg_disclosure_analyst();
    tsup = true;
    assert_int_equal(sg_disc_breakdown(&a, cells, 4, 18, sup, &tsup), 0);
    assert_false(sup[1] || sup[2] || tsup);
}

static void test_inconsistent_rows(void **state)
{
    (void)state;
    sg_disclosure d = pub();
    bool sup[3];
    bool tsup = false;
    /* A small total (3) with a cell above it (6): the data is inconsistent, and nothing of the
     * row but zeros may show - the 6 and the 1 are withheld with the total. */
    long c1[] = {6, 1, 0};
    assert_int_equal(sg_disc_breakdown(&d, c1, 3, 3, sup, &tsup), 2);
    assert_true(sup[0] && sup[1] && !sup[2] && tsup);
    /* A total of 0 beside a small cell: the 3 is withheld, and nothing can cover it, so the
     * total goes too (a total of 0 is still a published total). */
    long c2[] = {3, 0};
    tsup = false;
    assert_int_equal(sg_disc_breakdown(&d, c2, 2, 0, sup, &tsup), 1);
    assert_true(sup[0] && !sup[1] && tsup);
    /* A numerator above a small denominator (5 of 3): both withheld. */
    bool ns = false, ds = false;
    assert_true(sg_disc_ratio(&d, 5, 3, &ns, &ds));
    assert_true(ns && ds);
}

static void test_ratio(void **state)
{
    (void)state;
    sg_disclosure d = pub();
    bool ns, ds;
    /* 3 of 120 re-referred: the count is withheld, and so is 2.5% derived from it. */
    assert_true(sg_disc_ratio(&d, 3, 120, &ns, &ds));
    assert_true(ns);
    assert_false(ds);
    /* 118 of 120 on time: 2 were late, which 98.3% with 120 shown would reveal. */
    assert_true(sg_disc_ratio(&d, 118, 120, &ns, &ds));
    assert_true(ns);
    assert_false(ds);
    /* 0 of 120 and 120 of 120 are shown (zero complements disclose nobody). */
    assert_false(sg_disc_ratio(&d, 0, 120, &ns, &ds));
    assert_false(ns || ds);
    assert_false(sg_disc_ratio(&d, 120, 120, &ns, &ds));
    /* 60 of 120: nothing small. */
    assert_false(sg_disc_ratio(&d, 60, 120, &ns, &ds));
    /* A small denominator: 2 of 3 - everything goes. */
    assert_true(sg_disc_ratio(&d, 2, 3, &ns, &ds));
    assert_true(ns && ds);
    /* 0 of 3: the denominator is small; a zero numerator stays shown. */
    assert_true(sg_disc_ratio(&d, 0, 3, &ns, &ds));
    assert_true(!ns && ds);
    /* Threshold 5 (DfE): 5 of 200 is withheld, 6 of 200 is not. */
    d.threshold = 5;
    assert_true(sg_disc_ratio(&d, 5, 200, NULL, NULL));
    assert_false(sg_disc_ratio(&d, 6, 200, NULL, NULL));
    sg_disclosure a = sg_disclosure_analyst();
    assert_false(sg_disc_ratio(&a, 1, 2, &ns, &ds));
}

static void test_rate(void **state)
{
    (void)state;
    sg_disclosure d = pub();
    /* 4 children on a plan of 52,000: 0.8 per 10,000 would give the 4 back. */
    assert_true(sg_disc_rate(&d, 4));
    assert_false(sg_disc_rate(&d, 5));
    assert_false(sg_disc_rate(&d, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_primary),
        cmocka_unit_test(test_row_one_small_cell_two_withheld),
        cmocka_unit_test(test_row_two_small_cells_summing_small),
        cmocka_unit_test(test_row_withheld_sum_at_threshold),
        cmocka_unit_test(test_row_ties_and_no_total),
        cmocka_unit_test(test_row_nothing_to_hide_behind),
        cmocka_unit_test(test_row_absent_cells_and_analyst),
        cmocka_unit_test(test_inconsistent_rows),
        cmocka_unit_test(test_ratio),
        cmocka_unit_test(test_rate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

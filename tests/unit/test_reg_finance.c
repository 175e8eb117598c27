/* test_reg_finance.c - the finance registers in the partnership's own lines: contributions by
 * organisation (and by sector alone), other income, named expenditure lines mapped to
 * categories, opening and closing reserves. Every total, share (1 dp), difference, resource,
 * balance and reconciliation worked out by hand in the comments; money formatting; bad input
 * for each register naming line and field; round trips; records stored before organisations
 * and named lines keep their keys and totals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "reg2_helpers.h"
#include "registers/finance.h"
#include "registers/organisation.h"

#include <sqlite3.h>

static const sg_fin_line *line(const sg_fin_table *t, const char *name)
{
    for (int i = 0; i < t->n; i++)
        if (strcmp(t->line[i].name, name) == 0) return &t->line[i];
    fail_msg("no line %s", name);
    return NULL;
}

/* Checks a line: this year and last year in pence, and its share (tenths of a percent). */
static void expect_line(const sg_fin_table *t, const char *name, long long pence, long long prev,
                        int pct10)
{
    const sg_fin_line *l = line(t, name);
    if (l->pence != pence || l->prev_pence != prev || l->diff_pence != pence - prev)
        fail_msg("%s: %lld (prev %lld, diff %lld), want %lld (prev %lld)", name, l->pence,
                 l->prev_pence, l->diff_pence, pence, prev);
    assert_true(l->has_pct);
    if ((int)(l->pct * 10.0 + (l->pct >= 0 ? 0.5 : -0.5)) != pct10)
        fail_msg("%s: share %.4f, want %d.%d", name, l->pct, pct10 / 10, pct10 % 10);
}

/* Records from sector codes only, as contributions and expenditure were before organisations
 * and named lines: the key is the sector / category, and the figures are as they were. */
static void test_sector_only_year(void **state)
{
    (void)state;
    sg_reg_set c, e, r;
    sg_reg_set_init(&c, &sg_reg_finance_contribution);
    sg_reg_set_init(&e, &sg_reg_finance_expenditure);
    sg_reg_set_init(&r, &sg_reg_finance_reserve);
    /* 2024-25 contributions: CSC 100,000.00, POLICE 33,333.33, HEALTH 66,666.67 = 200,000.00:
     * 50.0 / 16.7 (16.666665) / 33.3 (33.333335). 2023-24: CSC 90,000.00, POLICE 40,000.00,
     * EDUCATION 10,000.00 = 140,000.00. Differences: CSC +10,000.00, POLICE -6,666.67, HEALTH
     * +66,666.67, EDUCATION -10,000.00; total +60,000.00. A 2022-23 line is ignored. */
    assert_string_equal(rec_add(&c, "year=2024-25|partner=HEALTH|amount=66666.67")->key,
                        "2024-25/HEALTH");
    rec_add(&c, "year=2024-25|partner=CSC|amount=100000.00");
    rec_add(&c, "year=2024-25|partner=POLICE|amount=33333.33");
    rec_add(&c, "year=2023-24|partner=CSC|amount=90000.00");
    rec_add(&c, "year=2023-24|partner=POLICE|amount=40000.00");
    rec_add(&c, "year=2023-24|partner=EDUCATION|amount=10000.00");
    rec_add(&c, "year=2022-23|partner=CSC|amount=1.00");
    /* Expenditure 2024-25: STAFFING 150,000.00, TRAINING 0.01, OTHER 24,999.99 = 175,000.00
     * (85.7 = 85.714..; 0.0; 14.3). 2023-24: STAFFING 120,000.00. */
    assert_string_equal(rec_add(&e, "year=2024-25|category=OTHER|amount=24999.99")->key,
                        "2024-25/OTHER");
    rec_add(&e, "year=2024-25|category=STAFFING|amount=150000.00");
    rec_add(&e, "year=2024-25|category=TRAINING|amount=0.01");
    rec_add(&e, "year=2023-24|category=STAFFING|amount=120000.00");
    /* Reserves: end of 2023-24 30,000.50 (brought forward); end of 2024-25 recorded 55,000.00.
     * Resources 200,000.00 + 30,000.50 = 230,000.50; balance 230,000.50 - 175,000.00 =
     * 55,000.50; recorded minus balance = -0.50. In-year 200,000 - 175,000 = +25,000.00. */
    rec_add(&r, "year=2023-24|carried_forward=30000.50");
    rec_add(&r, "year=2024-25|carried_forward=55000.00");

    sg_fin_sets in = {.contributions = &c, .expenditure = &e, .reserves = &r};
    sg_fin_year y;
    assert_int_equal(sg_fin_year_compute(&in, 2024, &y), SG_OK);
    assert_int_equal(y.contrib.total, 20000000);
    assert_int_equal(y.contrib.prev, 14000000);
    assert_int_equal(y.contrib.n, 4);
    /* agency code order: CSC, POLICE, HEALTH, EDUCATION */
    assert_string_equal(y.contrib.line[0].name, "CSC");
    assert_string_equal(y.contrib.line[1].name, "POLICE");
    assert_string_equal(y.contrib.line[2].name, "HEALTH");
    assert_string_equal(y.contrib.line[3].name, "EDUCATION");
    assert_false(y.contrib.line[0].named);
    expect_line(&y.contrib, "CSC", 10000000, 9000000, 500);
    expect_line(&y.contrib, "POLICE", 3333333, 4000000, 167);
    expect_line(&y.contrib, "HEALTH", 6666667, 0, 333);
    expect_line(&y.contrib, "EDUCATION", 0, 1000000, 0);
    /* by sector: the same figures */
    assert_int_equal(y.sectors.n, 4);
    expect_line(&y.sectors, "POLICE", 3333333, 4000000, 167);
    assert_int_equal(y.spend.total, 17500000);
    assert_string_equal(y.spend.line[0].name, "STAFFING");
    assert_string_equal(y.spend.line[1].name, "TRAINING");
    assert_string_equal(y.spend.line[2].name, "OTHER");
    expect_line(&y.spend, "STAFFING", 15000000, 12000000, 857);
    expect_line(&y.spend, "TRAINING", 1, 0, 0);
    expect_line(&y.spend, "OTHER", 2499999, 0, 143);
    assert_int_equal(y.income.n, 0);
    assert_true(y.has_opening);
    assert_false(y.opening_recorded);
    assert_int_equal(y.opening, 3000050);
    assert_int_equal(y.resources, 23000050);
    assert_int_equal(y.in_year, 2500000);
    assert_int_equal(y.balance, 5500050);
    assert_true(y.has_closing);
    assert_int_equal(y.unreconciled, -50);
    sg_fin_year_fini(&y);

    /* 2023-24: nothing brought forward (no 2022-23 reserve); 2022-23 contributions 1.00. */
    assert_int_equal(sg_fin_year_compute(&in, 2023, &y), SG_OK);
    assert_false(y.has_opening);
    assert_int_equal(y.resources, 14000000);
    assert_int_equal(y.contrib.prev, 100);
    assert_int_equal(y.balance, 2000000);
    assert_int_equal(y.unreconciled, 3000050 - 2000000);
    sg_fin_year_fini(&y);
    sg_reg_set_fini(&c);
    sg_reg_set_fini(&e);
    sg_reg_set_fini(&r);
}

/* The issue's year: four NHS bodies, training-fee income, a transfer from reserves and two
 * expenditure lines mapped to OTHER. */
typedef struct issue_sets {
    sg_reg_set o, c, i, e, r;
} issue_sets;

static void issue_build(issue_sets *s, const char *reserve_2024)
{
    sg_reg_set_init(&s->o, &sg_reg_organisation);
    sg_reg_set_init(&s->c, &sg_reg_finance_contribution);
    sg_reg_set_init(&s->i, &sg_reg_finance_income);
    sg_reg_set_init(&s->e, &sg_reg_finance_expenditure);
    sg_reg_set_init(&s->r, &sg_reg_finance_reserve);
    rec_add(&s->o, "short_name=COUNCIL|name=North Council|sector=CSC");
    rec_add(&s->o, "short_name=POLICE_FORCE|name=North Police|sector=POLICE");
    rec_add(&s->o, "short_name=ICB|name=North Integrated Care Board|sector=HEALTH");
    rec_add(&s->o, "short_name=MH_TRUST|name=North Mental Health NHS Trust|sector=HEALTH");
    rec_add(&s->o, "short_name=COMMUNITY_TRUST|name=North Community NHS Trust|sector=HEALTH");
    rec_add(&s->o, "short_name=ACUTE_TRUST|name=North Hospitals NHS FT|sector=HEALTH");
    /* 2024-25 contributions (total 250,000.00; shares of it):
     *   COUNCIL          120,000.00  48.0    (2023-24 110,000.00, +10,000.00)
     *   POLICE_FORCE      45,000.00  18.0    (45,000.00, 0.00)
     *   ICB               49,999.00  19.9996 -> 20.0 (0, +49,999.00)
     *   MH_TRUST          10,001.00   4.0004 ->  4.0 (0, +10,001.00)
     *   COMMUNITY_TRUST    7,625.00   3.05   ->  3.1 (a half, away from zero)
     *   ACUTE_TRUST       12,375.00   4.95   ->  5.0 (a half, away from zero)
     *   EDUCATION (sector only) 5,000.00  2.0 (5,000.00, 0.00)
     *   sum 120,000 + 45,000 + 49,999 + 10,001 + 7,625 + 12,375 + 5,000 = 250,000.00.
     * 2023-24: COUNCIL 110,000.00, POLICE_FORCE 45,000.00, HEALTH (sector only, the NHS
     * bodies' shares unknown) 70,000.00, EDUCATION 5,000.00 = 230,000.00; the HEALTH line has
     * nothing in 2024-25: 0.0%, -70,000.00.
     * By sector: CSC 120,000 (48.0; +10,000), POLICE 45,000 (18.0; 0), HEALTH 49,999 + 10,001 +
     * 7,625 + 12,375 = 80,000.00 (32.0; 70,000 -> +10,000), EDUCATION 5,000 (2.0; 0). */
    rec_add(&s->c, "year=2024-25|partner=CSC|organisation=COUNCIL|amount=120000.00");
    rec_add(&s->c, "year=2024-25|organisation=POLICE_FORCE|amount=45000.00");
    rec_add(&s->c, "year=2024-25|organisation=ICB|amount=49999.00");
    rec_add(&s->c, "year=2024-25|partner=HEALTH|organisation=MH_TRUST|amount=10001.00");
    rec_add(&s->c, "year=2024-25|organisation=COMMUNITY_TRUST|amount=7625.00");
    rec_add(&s->c, "year=2024-25|organisation=ACUTE_TRUST|amount=12375.00");
    rec_add(&s->c, "year=2024-25|partner=EDUCATION|amount=5000.00");
    rec_add(&s->c, "year=2023-24|organisation=COUNCIL|amount=110000.00");
    rec_add(&s->c, "year=2023-24|organisation=POLICE_FORCE|amount=45000.00");
    rec_add(&s->c, "year=2023-24|partner=HEALTH|amount=70000.00");
    rec_add(&s->c, "year=2023-24|partner=EDUCATION|amount=5000.00");
    /* Other income 2024-25: Training fees 6,000.00 (6,000 / 26,000 = 23.08 -> 23.1), Transfer
     * from reserves 20,000.00 (76.92 -> 76.9) = 26,000.00; 2023-24 Training fees 4,500.00. */
    rec_add(&s->i, "year=2024-25|line=Training fees|kind=FEES|amount=6000.00");
    rec_add(&s->i, "year=2024-25|line=Transfer from reserves|kind=RESERVE_TRANSFER|"
                   "amount=20000.00");
    rec_add(&s->i, "year=2023-24|line=Training fees|kind=FEES|amount=4500.00");
    /* Expenditure 2024-25 (total 275,000.00):
     *   Business unit staff      STAFFING              180,000.00  65.45 -> 65.5
     *   Independent scrutineer   INDEPENDENT_SCRUTINY   20,000.00   7.27 ->  7.3
     *   Rapid reviews and LCSPR  REVIEWS                45,000.00  16.36 -> 16.4
     *   Training programme       TRAINING               25,000.00   9.09 ->  9.1
     *   General expenses         OTHER                   3,333.33   1.21 ->  1.2
     *   Subscriptions            OTHER                   1,666.67   0.61 ->  0.6
     * 2023-24 (204,000.00): Business unit staff 170,000.00, General expenses 4,000.00 and an
     * unnamed REVIEWS line 30,000.00 (0 in 2024-25: 0.0%, -30,000.00).
     * By category: STAFFING 180,000 (65.5; +10,000), INDEPENDENT_SCRUTINY 20,000 (7.3),
     * REVIEWS 45,000 (16.4; 30,000 -> +15,000), TRAINING 25,000 (9.1), OTHER 3,333.33 +
     * 1,666.67 = 5,000.00 (1.82 -> 1.8; 4,000 -> +1,000). */
    rec_add(&s->e, "year=2024-25|line=Business unit staff|category=STAFFING|amount=180000.00");
    rec_add(&s->e, "year=2024-25|line=Independent scrutineer|category=INDEPENDENT_SCRUTINY|"
                   "amount=20000.00");
    rec_add(&s->e, "year=2024-25|line=Rapid reviews and LCSPR|category=REVIEWS|amount=45000.00");
    rec_add(&s->e, "year=2024-25|line=Training programme|category=TRAINING|amount=25000.00");
    rec_add(&s->e, "year=2024-25|line=General expenses|category=OTHER|amount=3333.33");
    rec_add(&s->e, "year=2024-25|line=Subscriptions|category=OTHER|amount=1666.67");
    rec_add(&s->e, "year=2023-24|line=Business unit staff|category=STAFFING|amount=170000.00");
    rec_add(&s->e, "year=2023-24|line=General expenses|category=OTHER|amount=4000.00");
    rec_add(&s->e, "year=2023-24|category=REVIEWS|amount=30000.00");
    /* Reserve at the end of 2023-24: 60,000.00, brought into 2024-25. */
    rec_add(&s->r, "year=2023-24|carried_forward=60000.00");
    if (reserve_2024) rec_add(&s->r, reserve_2024);
}

static void issue_free(issue_sets *s)
{
    sg_reg_set_fini(&s->o);
    sg_reg_set_fini(&s->c);
    sg_reg_set_fini(&s->i);
    sg_reg_set_fini(&s->e);
    sg_reg_set_fini(&s->r);
}

static void issue_compute(issue_sets *s, sg_fin_year *y)
{
    sg_fin_sets in = {&s->c, &s->i, &s->e, &s->r, &s->o};
    assert_int_equal(sg_fin_year_compute(&in, 2024, y), SG_OK);
}

static void test_issue_year(void **state)
{
    (void)state;
    issue_sets s;
    issue_build(&s, "year=2024-25|carried_forward=41000.00");
    sg_fin_year y;
    issue_compute(&s, &y);
    /* contributions, in sector order, a sector-only line before its sector's organisations */
    static const char *const order[] = {"COUNCIL",     "POLICE_FORCE",    "HEALTH",
                                        "ACUTE_TRUST", "COMMUNITY_TRUST", "ICB",
                                        "MH_TRUST",    "EDUCATION"};
    assert_int_equal(y.contrib.n, 8);
    for (int i = 0; i < 8; i++)
        assert_string_equal(y.contrib.line[i].name, order[i]);
    assert_int_equal(y.contrib.total, 25000000);
    assert_int_equal(y.contrib.prev, 23000000);
    expect_line(&y.contrib, "COUNCIL", 12000000, 11000000, 480);
    expect_line(&y.contrib, "POLICE_FORCE", 4500000, 4500000, 180);
    expect_line(&y.contrib, "ICB", 4999900, 0, 200);
    expect_line(&y.contrib, "MH_TRUST", 1000100, 0, 40);
    expect_line(&y.contrib, "COMMUNITY_TRUST", 762500, 0, 31);
    expect_line(&y.contrib, "ACUTE_TRUST", 1237500, 0, 50);
    expect_line(&y.contrib, "EDUCATION", 500000, 500000, 20);
    expect_line(&y.contrib, "HEALTH", 0, 7000000, 0);
    /* names and sectors from the organisations register */
    assert_string_equal(line(&y.contrib, "ICB")->label, "North Integrated Care Board");
    assert_string_equal(line(&y.contrib, "ICB")->group, "HEALTH");
    assert_string_equal(line(&y.contrib, "POLICE_FORCE")->group, "POLICE");
    assert_true(line(&y.contrib, "ICB")->named);
    assert_string_equal(line(&y.contrib, "EDUCATION")->label, "EDUCATION (sector only)");
    assert_false(line(&y.contrib, "EDUCATION")->named);
    assert_int_equal(y.sector_mismatch, 0);
    assert_int_equal(y.sectors.n, 4);
    expect_line(&y.sectors, "CSC", 12000000, 11000000, 480);
    expect_line(&y.sectors, "POLICE", 4500000, 4500000, 180);
    expect_line(&y.sectors, "HEALTH", 8000000, 7000000, 320);
    expect_line(&y.sectors, "EDUCATION", 500000, 500000, 20);
    /* other income */
    assert_int_equal(y.income.total, 2600000);
    assert_int_equal(y.income.prev, 450000);
    expect_line(&y.income, "Training fees", 600000, 450000, 231);
    expect_line(&y.income, "Transfer from reserves", 2000000, 0, 769);
    assert_string_equal(line(&y.income, "Training fees")->group, "FEES");
    assert_int_equal(y.kinds.n, 2);
    expect_line(&y.kinds, "FEES", 600000, 450000, 231);
    expect_line(&y.kinds, "RESERVE_TRANSFER", 2000000, 0, 769);
    assert_int_equal(y.transfers, 2000000);
    assert_int_equal(y.transfers_prev, 0);
    /* expenditure lines in category order, two under OTHER */
    static const char *const sorder[] = {
        "Business unit staff", "Independent scrutineer", "REVIEWS",      "Rapid reviews and LCSPR",
        "Training programme",  "General expenses",       "Subscriptions"};
    assert_int_equal(y.spend.n, 7);
    for (int i = 0; i < 7; i++)
        assert_string_equal(y.spend.line[i].name, sorder[i]);
    assert_int_equal(y.spend.total, 27500000);
    assert_int_equal(y.spend.prev, 20400000);
    expect_line(&y.spend, "Business unit staff", 18000000, 17000000, 655);
    expect_line(&y.spend, "Independent scrutineer", 2000000, 0, 73);
    expect_line(&y.spend, "Rapid reviews and LCSPR", 4500000, 0, 164);
    expect_line(&y.spend, "Training programme", 2500000, 0, 91);
    expect_line(&y.spend, "General expenses", 333333, 400000, 12);
    expect_line(&y.spend, "Subscriptions", 166667, 0, 6);
    expect_line(&y.spend, "REVIEWS", 0, 3000000, 0);
    assert_string_equal(line(&y.spend, "Subscriptions")->group, "OTHER");
    assert_string_equal(line(&y.spend, "General expenses")->group, "OTHER");
    assert_int_equal(y.categories.n, 5);
    expect_line(&y.categories, "STAFFING", 18000000, 17000000, 655);
    expect_line(&y.categories, "INDEPENDENT_SCRUTINY", 2000000, 0, 73);
    expect_line(&y.categories, "REVIEWS", 4500000, 3000000, 164);
    expect_line(&y.categories, "TRAINING", 2500000, 0, 91);
    expect_line(&y.categories, "OTHER", 500000, 400000, 18);
    /* income for the year 250,000 + 26,000 = 276,000.00 (2023-24: 230,000 + 4,500 =
     * 234,500.00); in-year 276,000 - 275,000 = +1,000.00, an underspend (2023-24: 234,500 -
     * 204,000 = 30,500.00). The transfer is income and comes out of the reserve: resources =
     * 60,000 - 20,000 + 276,000 = 316,000.00; balance = 316,000 - 275,000 = 41,000.00 (=
     * 60,000 - 20,000 + 1,000); recorded 41,000.00: reconciles. Counting the transfer twice
     * (60,000 + 276,000 - 275,000 = 61,000) would leave -20,000.00 unreconciled. */
    assert_int_equal(y.income_total, 27600000);
    assert_int_equal(y.income_prev, 23450000);
    assert_int_equal(y.in_year, 100000);
    assert_int_equal(y.in_year_prev, 3050000);
    assert_true(y.has_opening);
    assert_false(y.opening_recorded);
    assert_int_equal(y.opening, 6000000);
    assert_int_equal(y.resources, 31600000);
    assert_int_equal(y.balance, 4100000);
    assert_true(y.has_closing);
    assert_int_equal(y.closing, 4100000);
    assert_int_equal(y.unreconciled, 0);
    sg_fin_year_fini(&y);
    issue_free(&s);
}

/* The reconciliation when the books do not agree, and a recorded opening reserve. */
static void test_issue_year_unreconciled(void **state)
{
    (void)state;
    issue_sets s;
    sg_fin_year y;
    /* recorded 40,999.99 against a balance of 41,000.00: -0.01 */
    issue_build(&s, "year=2024-25|carried_forward=40999.99");
    issue_compute(&s, &y);
    assert_int_equal(y.balance, 4100000);
    assert_int_equal(y.unreconciled, -1);
    sg_fin_year_fini(&y);
    issue_free(&s);
    /* the year's own opening 59,000.00 wins over last year's 60,000.00: resources 59,000 -
     * 20,000 + 276,000 = 315,000.00, balance 40,000.00, recorded 41,000.00: +1,000.00 */
    issue_build(&s, "year=2024-25|brought_forward=59000.00|carried_forward=41000.00");
    issue_compute(&s, &y);
    assert_true(y.opening_recorded);
    assert_int_equal(y.opening, 5900000);
    assert_true(y.has_prev_closing);
    assert_int_equal(y.prev_closing, 6000000);
    assert_int_equal(y.resources, 31500000);
    assert_int_equal(y.balance, 4000000);
    assert_int_equal(y.unreconciled, 100000);
    sg_fin_year_fini(&y);
    issue_free(&s);
    /* no reserve recorded for 2024-25: nothing to reconcile */
    issue_build(&s, NULL);
    issue_compute(&s, &y);
    assert_false(y.has_closing);
    assert_int_equal(y.unreconciled, 0);
    assert_int_equal(y.balance, 4100000);
    sg_fin_year_fini(&y);
    issue_free(&s);
}

/* A contribution whose recorded sector is not its organisation's: the organisation's sector
 * counts, and the mismatch is counted for the view's note. An overspend is negative. */
static void test_mismatch_and_overspend(void **state)
{
    (void)state;
    sg_reg_set o, c, e;
    sg_reg_set_init(&o, &sg_reg_organisation);
    sg_reg_set_init(&c, &sg_reg_finance_contribution);
    sg_reg_set_init(&e, &sg_reg_finance_expenditure);
    rec_add(&o, "short_name=ICB|name=The ICB|sector=HEALTH");
    rec_add(&c, "year=2024-25|partner=CSC|organisation=ICB|amount=100.00");
    rec_add(&e, "year=2024-25|category=STAFFING|amount=100.01");
    sg_fin_sets in = {.contributions = &c, .expenditure = &e, .organisations = &o};
    sg_fin_year y;
    assert_int_equal(sg_fin_year_compute(&in, 2024, &y), SG_OK);
    assert_int_equal(y.sector_mismatch, 1);
    assert_int_equal(y.sectors.n, 1);
    assert_string_equal(y.sectors.line[0].name, "HEALTH");
    assert_int_equal(y.in_year, -1); /* 100.00 - 100.01: an overspend of 0.01 */
    sg_fin_year_fini(&y);
    sg_reg_set_fini(&o);
    sg_reg_set_fini(&c);
    sg_reg_set_fini(&e);
}

static void test_fmt(void **state)
{
    (void)state;
    char o[40];
    sg_fin_fmt(123456789, o);
    assert_string_equal(o, "\xc2\xa3"
                           "1,234,567.89");
    sg_fin_fmt(-500, o);
    assert_string_equal(o, "-\xc2\xa3"
                           "5.00");
    sg_fin_fmt(0, o);
    assert_string_equal(o, "\xc2\xa3"
                           "0.00");
    sg_fin_fmt(99999, o);
    assert_string_equal(o, "\xc2\xa3"
                           "999.99");
    sg_fin_fmt(100000, o);
    assert_string_equal(o, "\xc2\xa3"
                           "1,000.00");
}

static const char *const ORGS = "short_name,name,sector,membership\n"
                                "ICB,The ICB,HEALTH,STATUTORY_PARTNER\n"
                                "MH_TRUST,The MH trust,HEALTH,RELEVANT_AGENCY\n";

static void test_bad_input(void **state)
{
    fx *f = *state;
    import_ok(f, &sg_reg_organisation, ORGS);
    const char *h = "year,partner,amount\n";
    char text[512];
    snprintf(text, sizeof text, "%s2024-25,CSC,10\n2024-25,COUNCIL,10\n", h);
    expect_refused(f, &sg_reg_finance_contribution, text, SG_EINVAL, 3, "partner");
    snprintf(text, sizeof text, "%s2024-26,CSC,10\n", h);
    expect_refused(f, &sg_reg_finance_contribution, text, SG_EINVAL, 2, "year");
    snprintf(text, sizeof text, "%s2024-25,CSC,-10\n", h);
    expect_refused(f, &sg_reg_finance_contribution, text, SG_EINVAL, 2, "amount");
    snprintf(text, sizeof text, "%s2024-25,CSC,ten\n", h);
    expect_refused(f, &sg_reg_finance_contribution, text, SG_EINVAL, 2, "amount");
    /* neither a sector nor an organisation: the sector is asked for */
    expect_refused(f, &sg_reg_finance_contribution,
                   "year,partner,organisation,amount\n2024-25,HEALTH,ICB,1\n2024-25,,,1\n",
                   SG_EINVAL, 3, "partner");
    /* an organisation that is not in the organisations register */
    expect_refused(f, &sg_reg_finance_contribution,
                   "year,organisation,amount\n2024-25,ICB,1\n2024-25,NOBODY,1\n", SG_EINVAL, 3,
                   "organisation");
    /* the same organisation twice in a year */
    expect_refused(f, &sg_reg_finance_contribution,
                   "year,organisation,amount\n2024-25,ICB,1\n2024-25,ICB,2\n", SG_EINVAL, 3, "");
    /* other income */
    expect_refused(f, &sg_reg_finance_income,
                   "year,line,kind,amount\n2024-25,Fees,FEES,1\n2024-25,Gift,DONATION,1\n",
                   SG_EINVAL, 3, "kind");
    expect_refused(f, &sg_reg_finance_income, "year,line,kind,amount\n2024-25,,FEES,1\n", SG_EINVAL,
                   2, "line");
    expect_refused(f, &sg_reg_finance_income, "year,line,kind,amount\n2024-25,Fees,FEES,-1\n",
                   SG_EINVAL, 2, "amount");
    expect_refused(f, &sg_reg_finance_income, "year,line,kind,amount\n2024-25,Fees,,1\n", SG_EINVAL,
                   2, "kind");
    expect_refused(f, &sg_reg_finance_income, "year,line,kind,amount\n24-25,Fees,FEES,1\n",
                   SG_EINVAL, 2, "year");
    /* a line name of 81 bytes (the limit is 80) */
    snprintf(text, sizeof text, "year,line,kind,amount\n2024-25,%081d,FEES,1\n", 0);
    expect_refused(f, &sg_reg_finance_income, text, SG_ELIMIT, 2, "line");
    snprintf(text, sizeof text, "year,line,kind,amount\n2024-25,%080d,FEES,1\n", 0);
    import_ok(f, &sg_reg_finance_income, text);
    /* expenditure */
    expect_refused(f, &sg_reg_finance_expenditure, "year,category,amount\n2024-25,CAKE,1\n",
                   SG_EINVAL, 2, "category");
    expect_refused(f, &sg_reg_finance_expenditure,
                   "year,line,category,amount\n2024-25,Subscriptions,,1\n", SG_EINVAL, 2,
                   "category");
    expect_refused(f, &sg_reg_finance_expenditure,
                   "year,line,category,amount\n2024-25,Room / venue hire,EVENTS,1\n", SG_EINVAL, 2,
                   "line");
    expect_refused(f, &sg_reg_finance_expenditure, "year,line,category,amount\n2024-25,,,1\n",
                   SG_EINVAL, 2, "category");
    /* reserves */
    expect_refused(f, &sg_reg_finance_reserve, "year,carried_forward\n2024-25,\n", SG_EINVAL, 2,
                   "carried_forward");
    expect_refused(f, &sg_reg_finance_reserve,
                   "year,brought_forward,carried_forward\n2024-25,lots,1\n", SG_EINVAL, 2,
                   "brought_forward");
    import_ok(f, &sg_reg_finance_contribution, "year,partner,amount\n2024-25,csc,\"1,234.5\"\n");
    import_ok(f, &sg_reg_finance_reserve, "year,carried_forward\n2024-25,-12.5\n");
    sg_reg_record r;
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_reg_get_record(f->s, &sg_reg_finance_contribution, "2024-25/CSC", &r, &e),
                     SG_OK);
    assert_string_equal(sg_reg_get(&r, "amount"), "1234.50");
    sg_reg_record_fini(&r);
}

/* CSV import -> export gives the file back, for each finance register; two lines under OTHER
 * and several organisations of one sector in a year are separate records. */
static void test_round_trip(void **state)
{
    fx *f = *state;
    import_ok(f, &sg_reg_organisation, ORGS);
    static const struct {
        const sg_register *reg;
        const char *csv;
        long rows;
    } cases[] = {
        {&sg_reg_finance_contribution,
         "year,partner,organisation,amount,notes\r\n"
         "2024-25,HEALTH,,5.00,sector only\r\n"
         "2024-25,,ICB,1000.00,\r\n"
         "2024-25,HEALTH,MH_TRUST,250.50,\"in kind, one-off\"\r\n",
         3},
        {&sg_reg_finance_income,
         "year,line,kind,amount,notes\r\n"
         "2024-25,Training fees,FEES,1200.00,\r\n"
         "2024-25,Transfer from reserves,RESERVE_TRANSFER,5000.00,agreed in June\r\n",
         2},
        {&sg_reg_finance_expenditure,
         "year,line,category,amount,notes\r\n"
         "2024-25,General expenses,OTHER,100.00,\r\n"
         "2024-25,,STAFFING,9000.00,\r\n"
         "2024-25,Subscriptions,OTHER,50.00,\r\n",
         3},
        {&sg_reg_finance_reserve,
         "year,brought_forward,carried_forward,notes\r\n"
         "2023-24,,100.00,\r\n"
         "2024-25,100.00,20.00,\r\n",
         2},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        import_ok(f, cases[k].reg, cases[k].csv);
        long n = 0;
        sg_error e;
        sg_error_clear(&e);
        assert_int_equal(sg_reg_count(f->s, cases[k].reg, &n, &e), SG_OK);
        assert_int_equal(n, cases[k].rows);
        char *got = fx_export(f->s, cases[k].reg);
        assert_string_equal(got, cases[k].csv);
        free(got);
    }
    /* the keys: an organisation, or the sector / category where the line has none */
    sg_reg_record r;
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(
        sg_reg_get_record(f->s, &sg_reg_finance_contribution, "2024-25/MH_TRUST", &r, &e), SG_OK);
    sg_reg_record_fini(&r);
    assert_int_equal(
        sg_reg_get_record(f->s, &sg_reg_finance_contribution, "2024-25/HEALTH", &r, &e), SG_OK);
    assert_null(sg_reg_get(&r, "organisation"));
    sg_reg_record_fini(&r);
    assert_int_equal(
        sg_reg_get_record(f->s, &sg_reg_finance_expenditure, "2024-25/STAFFING", &r, &e), SG_OK);
    assert_null(sg_reg_get(&r, "line"));
    sg_reg_record_fini(&r);
}

/* A record stored before organisations and named lines (fields {year, partner, amount}, key
 * year/partner; {year, category, amount}, key year/category; {year, carried_forward}) is
 * found under the same key, an old CSV updates it in place, and the year's totals are as
 * before: 2024-25 contributions CSC 100.00 + HEALTH 50.00 = 150.00, expenditure 120.00,
 * reserve 2023-24 10.00 -> resources 160.00, balance 40.00 = recorded 40.00. */
static void test_stored_before_keeps_keys(void **state)
{
    fx *f = *state;
    sqlite3 *db = sg_store_db(f->s);
    const char *sql =
        "INSERT INTO register_record (register, key, fields, created_at, created_by, "
        "updated_at, updated_by) VALUES "
        "('finance_contribution', '2024-25/CSC', "
        "'{\"amount\":\"100.00\",\"partner\":\"CSC\",\"year\":\"2024-25\"}', "
        "'2024-01-01T00:00:00Z', 'old', '2024-01-01T00:00:00Z', 'old'), "
        "('finance_contribution', '2024-25/HEALTH', "
        "'{\"amount\":\"50.00\",\"partner\":\"HEALTH\",\"year\":\"2024-25\"}', "
        "'2024-01-01T00:00:00Z', 'old', '2024-01-01T00:00:00Z', 'old'), "
        "('finance_expenditure', '2024-25/STAFFING', "
        "'{\"amount\":\"120.00\",\"category\":\"STAFFING\",\"year\":\"2024-25\"}', "
        "'2024-01-01T00:00:00Z', 'old', '2024-01-01T00:00:00Z', 'old'), "
        "('finance_reserve', '2023-24', '{\"carried_forward\":\"10.00\",\"year\":\"2023-24\"}', "
        "'2024-01-01T00:00:00Z', 'old', '2024-01-01T00:00:00Z', 'old'), "
        "('finance_reserve', '2024-25', '{\"carried_forward\":\"40.00\",\"year\":\"2024-25\"}', "
        "'2024-01-01T00:00:00Z', 'old', '2024-01-01T00:00:00Z', 'old')";
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) fail_msg("%s", msg);
    sg_error e;
    sg_error_clear(&e);
    sg_reg_set c, x, r;
    assert_int_equal(sg_reg_load(f->s, &sg_reg_finance_contribution, &c, &e), SG_OK);
    assert_int_equal(sg_reg_load(f->s, &sg_reg_finance_expenditure, &x, &e), SG_OK);
    assert_int_equal(sg_reg_load(f->s, &sg_reg_finance_reserve, &r, &e), SG_OK);
    assert_string_equal(c.rec[0].key, "2024-25/CSC");
    assert_string_equal(x.rec[0].key, "2024-25/STAFFING");
    sg_fin_sets in = {.contributions = &c, .expenditure = &x, .reserves = &r};
    sg_fin_year y;
    sg_fin_year_compute(&in, 2024, &y);
    assert_int_equal(y.contrib.total, 15000);
    expect_line(&y.contrib, "CSC", 10000, 0, 667); /* 100 / 150 = 66.67 */
    expect_line(&y.contrib, "HEALTH", 5000, 0, 333);
    assert_int_equal(y.spend.total, 12000);
    assert_int_equal(y.resources, 16000);
    assert_int_equal(y.balance, 4000);
    assert_int_equal(y.unreconciled, 0);
    sg_fin_year_fini(&y);
    sg_reg_set_fini(&c);
    sg_reg_set_fini(&x);
    sg_reg_set_fini(&r);
    /* an old-format CSV finds the stored records by the same keys */
    sg_reg_import_stats st;
    assert_int_equal(fx_import_text(f->s, &sg_reg_finance_contribution,
                                    "year,partner,amount\n2024-25,CSC,100.00\n2024-25,HEALTH,60\n",
                                    &st, &e),
                     SG_OK);
    assert_int_equal(st.added, 0);
    assert_int_equal(st.unchanged, 1);
    assert_int_equal(st.updated, 1);
    assert_int_equal(fx_import_text(f->s, &sg_reg_finance_expenditure,
                                    "year,category,amount\n2024-25,STAFFING,120.00\n", &st, &e),
                     SG_OK);
    assert_int_equal(st.unchanged, 1);
}

static void test_view_on_examples(void **state)
{
    fx *f = *state;
    sg_error e;
    sg_error_clear(&e);
    if (fx_import_examples(f->s, &e)) fail_msg("%s", e.msg);
    sg_reg_view_opts o = {.today = d("2025-06-30"), .year = 2024};
    sg_buf b;
    sg_buf_init(&b, 0);
    assert_int_equal(sg_reg_view_text(f->s, &sg_reg_finance_contribution,
                                      &sg_reg_finance_contribution.views[0], &o, &b, &e),
                     SG_OK);
    const char *t = sg_buf_str(&b);
    /* The example files, 2024-25: contributions 126,000 (COUNCIL) + 40,000 (ICB) + 24,000
     * (ACUTE_TRUST) + 40,000 (POLICE) + 5,000 (PROBATION, sector only) = 235,000.00; the
     * council's 126,000 / 235,000 = 53.617 -> 53.6, 2023-24 120,000, +6,000.00. Other income:
     * training fees 3,500.00 + a transfer from reserves 10,000.00 = 13,500.00. Expenditure
     * 2,000.00 + 45,000.50 + 160,000.00 + 1,500.00 + 20,000.00 = 228,500.50, OTHER 3,500.00
     * (1.53 -> 1.5). Resources 35,000.00 - 10,000.00 + 248,500.00 = 273,500.00; balance
     * 273,500.00 - 228,500.50 = 44,999.50 = the recorded reserve; underspend 248,500.00 -
     * 228,500.50 = 19,999.50. */
    if (!strstr(t, "Northfield Borough Council") ||
        !strstr(t, "\xc2\xa3"
                   "126,000.00   53.6") ||
        !strstr(t, "+\xc2\xa3"
                   "6,000.00"))
        fail_msg("%s", t);
    assert_non_null(strstr(t, "Northfield Hospitals NHS Foundation Trust                HEALTH "
                              "     \xc2\xa3"
                              "24,000.00   10.2"));
    assert_non_null(strstr(t, "HEALTH (sector only)"));
    assert_non_null(strstr(t, "Subscriptions"));
    assert_non_null(strstr(t, "OTHER                \xc2\xa3"
                              "3,500.00    1.5        £0.00   +£3,500.00"));
    assert_non_null(strstr(t, "total other income"));
    assert_non_null(strstr(t, "\xc2\xa3"
                              "13,500.00"));
    assert_non_null(strstr(t, "\xc2\xa3"
                              "273,500.00"));
    assert_non_null(strstr(t, "underspend (income - expenditure)             \xc2\xa3"
                              "19,999.50"));
    assert_non_null(strstr(t, "less transfers from reserves                 -\xc2\xa3"
                              "10,000.00"));
    assert_non_null(strstr(t, "recorded minus balance                             \xc2\xa3"
                              "0.00"));
    sg_buf_fini(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sector_only_year),
        cmocka_unit_test(test_issue_year),
        cmocka_unit_test(test_issue_year_unreconciled),
        cmocka_unit_test(test_mismatch_and_overspend),
        cmocka_unit_test(test_fmt),
        cmocka_unit_test_setup_teardown(test_bad_input, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_round_trip, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_stored_before_keeps_keys, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_view_on_examples, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

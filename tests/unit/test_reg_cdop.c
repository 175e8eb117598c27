/* test_reg_cdop.c - the child death register: the year's notifications, reviews, categories,
 * modifiable factors and themes, and linked recommendations and actions, by hand; the
 * cross-field rules; bad input refused naming row and field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "reg2_helpers.h"
#include "registers/cdop.h"
#include "registers/reg_actions.h"

static int cat_index(const char *code)
{
    for (int k = 0; sg_cdop_categories[k].code; k++)
        if (strcmp(sg_cdop_categories[k].code, code) == 0) return k;
    fail_msg("no category %s", code);
    return -1;
}

static int theme_index(const char *code)
{
    for (int k = 0; sg_cdop_themes[k].code; k++)
        if (strcmp(sg_cdop_themes[k].code, code) == 0) return k;
    fail_msg("no theme %s", code);
    return -1;
}

static void test_year_by_hand(void **state)
{
    (void)state;
    sg_reg_set dth, rec, act;
    sg_reg_set_init(&dth, &sg_reg_child_death);
    sg_reg_set_init(&rec, &sg_reg_recommendation);
    sg_reg_set_init(&act, &sg_reg_action);
    /* 2024-25. Notified in the year: D1, D2, D3, D4, D6 (5; 2 expected, 2 unexpected, 1 not
     * stated). Reviewed in the year: D0 (notified the year before), D1, D2, D3, D4 = 5.
     * Categories: SUDDEN_UNEXPLAINED 2 (D0, D1) = 40.0, SUICIDE 1 = 20.0, PERINATAL 2 = 40.0.
     * Modifiable: Y D0, D1, D2 = 3 of 5 = 60.0; N D3, D4 = 40.0.
     * Themes over the 3 with modifiable factors: SAFER_SLEEPING D0, D1 = 2 of 3 = 66.7;
     * SMOKING D1 = 33.3; CHILD_MENTAL_HEALTH D2 = 33.3.
     * D5 reviewed 2025-04-02 (next year); D6 not reviewed: open on 2025-03-31 = D5, D6. */
    rec_add(&dth, "death_ref=D0|notification_date=2024-02-01|review_date=2024-04-01|"
                  "category=SUDDEN_UNEXPLAINED|modifiable=Y|themes=SAFER_SLEEPING");
    rec_add(&dth, "death_ref=D1|notification_date=2024-04-01|expected=UNEXPECTED|"
                  "review_date=2024-09-01|category=SUDDEN_UNEXPLAINED|modifiable=Y|"
                  "themes=SAFER_SLEEPING;SMOKING");
    rec_add(&dth, "death_ref=D2|notification_date=2024-05-01|expected=UNEXPECTED|"
                  "review_date=2025-03-31|category=SUICIDE|modifiable=Y|"
                  "themes=CHILD_MENTAL_HEALTH");
    rec_add(&dth, "death_ref=D3|notification_date=2024-06-01|expected=EXPECTED|"
                  "review_date=2024-10-01|category=PERINATAL|modifiable=N");
    rec_add(&dth, "death_ref=D4|notification_date=2024-07-01|expected=EXPECTED|"
                  "review_date=2024-12-01|category=PERINATAL|modifiable=N");
    rec_add(&dth, "death_ref=D5|notification_date=2024-03-01|review_date=2025-04-02|"
                  "category=ACUTE|modifiable=N");
    rec_add(&dth, "death_ref=D6|notification_date=2025-03-31");
    /* Links: R1 (D1) with actions A1 (via R1) and A2 (direct to D2); R2 links D5 (next year's
     * review: not counted); A3 to another source. Reviews with links: D1, D2 = 2;
     * recommendations 1; actions A1 + A2 = 2. */
    rec_add(&rec, "rec_ref=R1|source=child_death:D1|title=t|agreed_date=2024-10-01|status=OPEN");
    rec_add(&rec, "rec_ref=R2|source=child_death:D5|title=t|agreed_date=2025-05-01|status=OPEN");
    rec_add(&act, "action_ref=A1|source=recommendation:R1|description=x|owner_agency=HEALTH|"
                  "set_date=2024-10-01|due_date=2025-01-01|status=IN_PROGRESS");
    rec_add(&act, "action_ref=A2|source=child_death:D2|description=x|owner_agency=HEALTH|"
                  "set_date=2025-03-31|due_date=2025-06-01|status=NOT_STARTED");
    rec_add(&act, "action_ref=A3|source=audit:X|description=x|owner_agency=HEALTH|"
                  "set_date=2025-03-31|due_date=2025-06-01|status=NOT_STARTED");

    sg_cdop_year y;
    assert_int_equal(sg_cdop_year_counts(&dth, &rec, &act, 2024, &y), SG_OK);
    assert_int_equal(y.notifications, 5);
    assert_int_equal(y.expected, 2);
    assert_int_equal(y.unexpected, 2);
    assert_int_equal(y.reviewed, 5);
    assert_int_equal(y.category[cat_index("SUDDEN_UNEXPLAINED")].n, 2);
    assert_float_equal(y.category[cat_index("SUDDEN_UNEXPLAINED")].pct, 40.0, 1e-9);
    assert_float_equal(y.category[cat_index("SUICIDE")].pct, 20.0, 1e-9);
    assert_int_equal(y.category[cat_index("PERINATAL")].n, 2);
    assert_int_equal(y.category[cat_index("ACUTE")].n, 0);
    assert_float_equal(y.category[cat_index("ACUTE")].pct, 0.0, 1e-9);
    assert_int_equal(y.modifiable_yes.n, 3);
    assert_float_equal(y.modifiable_yes.pct, 60.0, 1e-9);
    assert_float_equal(y.modifiable_no.pct, 40.0, 1e-9);
    assert_int_equal(y.modifiable_unknown, 0);
    assert_int_equal(y.theme[theme_index("SAFER_SLEEPING")].n, 2);
    assert_float_equal(y.theme[theme_index("SAFER_SLEEPING")].pct, 66.7, 1e-9);
    assert_float_equal(y.theme[theme_index("SMOKING")].pct, 33.3, 1e-9);
    assert_float_equal(y.theme[theme_index("CHILD_MENTAL_HEALTH")].pct, 33.3, 1e-9);
    assert_int_equal(y.reviews_with_links, 2);
    assert_int_equal(y.recommendations, 1);
    assert_int_equal(y.actions, 2);
    assert_int_equal(y.open_at_year_end, 2);

    /* Without the action registers, and a year with no reviews (no percentages). */
    assert_int_equal(sg_cdop_year_counts(&dth, NULL, NULL, 2020, &y), SG_OK);
    assert_int_equal(y.reviewed, 0);
    assert_false(y.modifiable_yes.has_pct);
    assert_false(y.category[0].has_pct);
    sg_reg_set_fini(&dth);
    sg_reg_set_fini(&rec);
    sg_reg_set_fini(&act);
}

static void test_bad_input(void **state)
{
    fx *f = *state;
    const char *h = "death_ref,notification_date,review_date,category,modifiable,themes\n";
    char text[512];
#define BAD(row, code, field)                                                                      \
    do {                                                                                           \
        snprintf(text, sizeof text, "%sOK-1,2024-05-01,,,,\n%s\n", h, row);                        \
        expect_refused(f, &sg_reg_child_death, text, code, 3, field);                              \
    } while (0)
    BAD("D1,2025-07-01,,,,", SG_EINVAL, "notification_date");             /* future */
    BAD("D1,2024-05-01,2024-04-30,SUICIDE,N,", SG_EINVAL, "review_date"); /* before notified */
    BAD("D1,2024-05-01,2024-06-01,ILLNESS,N,", SG_EINVAL, "category");    /* unknown code */
    BAD("D1,2024-05-01,2024-06-01,SUICIDE,Y,SAFER_SLEEPING;FIRE", SG_EINVAL, "themes");
    BAD("D1,2024-05-01,2024-06-01,,N,", SG_EINVAL, "category"); /* review needs it */
    BAD("D1,2024-05-01,2024-06-01,SUICIDE,,", SG_EINVAL, "modifiable");
    BAD("D1,2024-05-01,,SUICIDE,,", SG_EINVAL, "review_date");
    BAD("D1,2024-05-01,2024-06-01,SUICIDE,N,SMOKING", SG_EINVAL, "themes"); /* not modifiable */
    BAD("D1,2024-05-01,2024-06-01,SUICIDE,maybe,", SG_EINVAL, "modifiable");
    import_ok(f, &sg_reg_child_death,
              "death_ref,notification_date,review_date,category,modifiable,themes\n"
              "D1,01/05/2024,2024-06-01,suicide,yes,smoking;safer_sleeping\n");
    sg_reg_record r;
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_reg_get_record(f->s, &sg_reg_child_death, "D1", &r, &e), SG_OK);
    assert_string_equal(sg_reg_get(&r, "notification_date"), "2024-05-01");
    assert_string_equal(sg_reg_get(&r, "modifiable"), "Y");
    assert_true(sg_reg_has_code(&r, "themes", "SMOKING"));
    assert_true(sg_reg_has_code(&r, "themes", "SAFER_SLEEPING"));
    sg_reg_record_fini(&r);
    /* A recommendation may link to an existing review only. */
    sg_reg_import_stats st;
    assert_int_not_equal(fx_import_text(f->s, &sg_reg_recommendation,
                                        "rec_ref,source,title,agreed_date,status\n"
                                        "R1,child_death:D9,t,2024-07-01,OPEN\n",
                                        &st, &e),
                         SG_OK);
    assert_string_equal(e.field, "source");
    import_ok(f, &sg_reg_recommendation,
              "rec_ref,source,title,agreed_date,status\nR1,child_death:D1,t,2024-07-01,OPEN\n");
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
    assert_int_equal(
        sg_reg_view_text(f->s, &sg_reg_child_death, &sg_reg_child_death.views[0], &o, &b, &e),
        SG_OK);
    assert_non_null(
        strstr(sg_buf_str(&b), "modifiable factors: yes                              2  66.7"));
    assert_non_null(
        strstr(sg_buf_str(&b), "deaths notified                                      3"));
    sg_buf_fini(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_year_by_hand),
        cmocka_unit_test_setup_teardown(test_bad_input, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_view_on_examples, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

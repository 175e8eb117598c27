/* test_comparators.c - the comparators file (area types, figures, checks), its table, and the
 * shipped data/comparators_england.csv (every row reads, carries a source, and the figures
 * agree with shared/definitions.md). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "indicators/comparators.h"
#include "indicators/indicators.h"
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int read_str(const char *csv, sg_comparator **c, size_t *n, sg_error *e)
{
    sg_error_clear(e);
    return sg_comparators_read(csv, strlen(csv), "cmp.csv", NULL, c, n, e);
}

static void test_area_types(void **state)
{
    (void)state;
    sg_area_type t;
    const struct {
        const char *s;
        sg_area_type t;
    } ok[] = {{"England", SG_AREA_ENGLAND},
              {"REGION", SG_AREA_REGION},
              {"statistical neighbours", SG_AREA_STAT_NEIGHBOURS},
              {"Statistical_Neighbours", SG_AREA_STAT_NEIGHBOURS},
              {"SN", SG_AREA_STAT_NEIGHBOURS},
              {"core cities", SG_AREA_CORE_CITIES},
              {"core_cities", SG_AREA_CORE_CITIES}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        assert_int_equal(sg_area_type_parse(ok[i].s, strlen(ok[i].s), &t), SG_OK);
        assert_int_equal(t, ok[i].t);
    }
    assert_int_equal(sg_area_type_parse("wales", 5, &t), SG_EINVAL);
    assert_int_equal(sg_area_type_parse("", 0, &t), SG_EINVAL);
    assert_string_equal(sg_area_type_key(SG_AREA_STAT_NEIGHBOURS), "statistical_neighbours");
    assert_string_equal(sg_area_type_label(SG_AREA_CORE_CITIES), "Core cities");
}

static void test_read_valid(void **state)
{
    (void)state;
    const char *csv =
        "indicator,year,area_type,area_name,value,min,avg,max,source,population_vintage\n"
        "rereferrals_pct,2023-24,England,,22.4,,,,DfE CIN 2024,\n"
        "referrals_rate,2023-24,core cities,,,402.1,530.5,790,Core city tracker,"
        "ONS mid-2023 (2021 Census-based)\n"
        "referrals_rate,2023-24,region,North West,560.2,,,,DfE CIN 2024,ONS mid-2023\n";
    sg_comparator *c = NULL;
    size_t n = 0;
    sg_error e;
    assert_int_equal(read_str(csv, &c, &n, &e), SG_OK);
    assert_int_equal(n, 3);
    assert_int_equal(c[0].area_type, SG_AREA_ENGLAND);
    assert_string_equal(c[0].area_name, "England"); /* blank name = the type's label */
    assert_true(c[0].has_value && c[0].value == 22.4);
    assert_false(c[0].has_min || c[0].has_avg || c[0].has_max);
    assert_string_equal(c[0].vintage, "");
    assert_int_equal(c[1].area_type, SG_AREA_CORE_CITIES);
    assert_false(c[1].has_value);
    assert_true(c[1].has_min && c[1].min == 402.1 && c[1].avg == 530.5 && c[1].max == 790);
    double central = 0;
    assert_true(sg_comparator_central(&c[1], &central) && central == 530.5);
    assert_true(sg_comparator_central(&c[0], &central) && central == 22.4);
    assert_string_equal(c[2].area_name, "North West");
    assert_string_equal(c[2].vintage, "ONS mid-2023");
    free(c);
}

static void expect_error(const char *body, long line, const char *field, const char *part)
{
    char csv[1024];
    snprintf(csv, sizeof csv, "indicator,year,area_type,area_name,value,min,avg,max,source\n%s",
             body);
    sg_comparator *c = NULL;
    size_t n = 0;
    sg_error e;
    int rc = read_str(csv, &c, &n, &e);
    if (rc != SG_EPARSE) fail_msg("wanted EPARSE, got %d for %s", rc, body);
    assert_null(c);
    assert_int_equal(e.line, line);
    if (field) assert_string_equal(e.field, field);
    if (part && !strstr(e.msg, part)) fail_msg("'%s' not in '%s'", part, e.msg);
}

static void test_read_errors(void **state)
{
    (void)state;
    sg_comparator *c = NULL;
    size_t n = 0;
    sg_error e;
    assert_int_equal(read_str("indicator,year,area_type,value\nx,2023,England,1\n", &c, &n, &e),
                     SG_EPARSE);
    assert_string_equal(e.field, "source");
    expect_error("x,2023,Wales,,1,,,,S\n", 2, "area_type", "'Wales' is not an area type");
    expect_error("x,2023,England,,,,,,S\n", 2, "value", "no figure");
    expect_error("x,2023,England,,1,,,,\n", 2, "source", "needs its source");
    expect_error("x,2023,SN,,,5,3,4,S\n", 2, "min", "min is above max");
    expect_error("x,2023,SN,,,1,5,4,S\n", 2, "avg", "outside");
    expect_error("x,2023,SN,,9,1,2,4,S\n", 2, "value", "outside");
    expect_error("x,2023,SN,,abc,,,,S\n", 2, "value", "not a number");
    expect_error("x,2023-25,SN,,1,,,,S\n", 2, "year", NULL);
    expect_error("x,2023,England,,1,,,,S\nx,2023-24,england,England,2,,,,T\n", 3, "indicator",
                 "first on line 2");
}

typedef struct got {
    int n;
    char names[8][256];
    double central[8];
} got;

static int collect(void *ctx, const sg_comparator *c)
{
    got *g = ctx;
    if (g->n < 8) {
        snprintf(g->names[g->n], sizeof g->names[g->n], "%s/%d/%s", c->indicator, c->year,
                 c->area_name);
        sg_comparator_central(c, &g->central[g->n]);
    }
    g->n++;
    return 0;
}

static void test_store_round_trip(void **state)
{
    (void)state;
    char dir[] = "/tmp/sg-cmp-XXXXXX";
    assert_non_null(mkdtemp(dir));
    sg_store *s = NULL;
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_store_open(dir, true, &s, &e), SG_OK);
    const char *csv = "indicator,year,area_type,area_name,value,min,avg,max,source\n"
                      "b,2023,core cities,,,1,2,3,S\n"
                      "b,2023,England,,5,,,,S\n"
                      "a,2022,England,,7,,,,S\n"
                      "b,2024,England,,6,,,,S\n";
    sg_comparator *c = NULL;
    size_t n = 0;
    assert_int_equal(read_str(csv, &c, &n, &e), SG_OK);
    assert_int_equal(sg_comparators_store(s, c, n, "cmp.csv", &e), SG_OK);
    free(c);
    got g = {0};
    assert_int_equal(sg_comparators_each(s, "b", 2023, 2023, collect, &g, &e), SG_OK);
    /* England before core cities (the enum's order), 2024 outside the range. */
    assert_int_equal(g.n, 2);
    assert_string_equal(g.names[0], "b/2023/England");
    assert_true(g.central[0] == 5);
    assert_string_equal(g.names[1], "b/2023/Core cities");
    assert_true(g.central[1] == 2);
    memset(&g, 0, sizeof g);
    assert_int_equal(sg_comparators_each(s, NULL, 2000, 2100, collect, &g, &e), SG_OK);
    assert_int_equal(g.n, 4);
    assert_string_equal(g.names[0], "a/2022/England");
    /* Loading the same key again replaces it. */
    assert_int_equal(
        read_str("indicator,year,area_type,value,source\nb,2023,England,9,T\n", &c, &n, &e), SG_OK);
    assert_int_equal(sg_comparators_store(s, c, n, "cmp2.csv", &e), SG_OK);
    free(c);
    memset(&g, 0, sizeof g);
    assert_int_equal(sg_comparators_each(s, "b", 2023, 2023, collect, &g, &e), SG_OK);
    assert_int_equal(g.n, 2);
    assert_true(g.central[0] == 9);
    sg_store_close(s);
    tu_rm_rf(dir);
}

/* Loading a file: its rows stored and counted; a bad file changes nothing; no file is SG_EIO. */
static void test_load_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/sg-cmpf-XXXXXX";
    assert_non_null(mkdtemp(dir));
    sg_store *s = NULL;
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_store_open(dir, true, &s, &e), SG_OK);
    char path[128];
    snprintf(path, sizeof path, "%s/cmp.csv", dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("indicator,year,area_type,value,source\nb,2023,England,5,S\na,2022,England,7,S\n", fp);
    fclose(fp);
    long loaded = 0;
    assert_int_equal(sg_comparators_load_file(s, path, NULL, &loaded, &e), SG_OK);
    assert_int_equal(loaded, 2);
    got g = {0};
    assert_int_equal(sg_comparators_each(s, NULL, 2000, 2100, collect, &g, &e), SG_OK);
    assert_int_equal(g.n, 2);
    assert_string_equal(g.names[0], "a/2022/England");
    assert_true(g.central[0] == 7);
    assert_string_equal(g.names[1], "b/2023/England");
    assert_true(g.central[1] == 5);

    /* the second row is bad: the first is not stored either, and loaded is left alone */
    fp = fopen(path, "w");
    fputs("indicator,year,area_type,value,source\nb,2023,England,9,S\nb,20x,England,1,S\n", fp);
    fclose(fp);
    loaded = -1;
    assert_int_equal(sg_comparators_load_file(s, path, NULL, &loaded, &e), SG_EPARSE);
    assert_int_equal(loaded, -1);
    assert_int_equal(e.line, 3);
    memset(&g, 0, sizeof g);
    assert_int_equal(sg_comparators_each(s, "b", 2023, 2023, collect, &g, &e), SG_OK);
    assert_int_equal(g.n, 1);
    assert_true(g.central[0] == 5);
    assert_int_equal(sg_comparators_load_file(s, "/nonexistent/c.csv", NULL, NULL, &e), SG_EIO);
    sg_store_close(s);
    tu_rm_rf(dir);
}

/* The shipped England file: it reads with the indicator ids known to the engine, every row has
 * a source, rates carry their population vintage, and spot figures match definitions.md. */
typedef struct shipped {
    int rows;
    double referrals_2023, rerefs_2024, cin_rate_2022;
} shipped;

static bool known_id(const char *id)
{
    return sg_ind_find(id) != NULL;
}

static void test_shipped_england_file(void **state)
{
    (void)state;
    const char *src = getenv("SG_SOURCE_DIR");
    if (!src) src = SG_SOURCE_DIR;
    char path[512];
    snprintf(path, sizeof path, "%s/data/comparators_england.csv", src);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    static char buf[1 << 16];
    size_t len = fread(buf, 1, sizeof buf - 1, fp);
    fclose(fp);
    sg_comparator *c = NULL;
    size_t n = 0;
    sg_error e;
    sg_error_clear(&e);
    int rc = sg_comparators_read(buf, len, path, known_id, &c, &n, &e);
    if (rc) fail_msg("%s line %ld: %s", e.file, e.line, e.msg);
    assert_true(n >= 10);
    shipped sh = {0};
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(c[i].area_type, SG_AREA_ENGLAND);
        assert_true(c[i].has_value);
        assert_true(strlen(c[i].source) > 10);
        const sg_ind_def *d = sg_ind_find(c[i].indicator);
        if (d->unit == SG_IND_RATE10K && !c[i].vintage[0])
            fail_msg("line %ld: a rate without its population vintage", c[i].line);
        if (strcmp(c[i].indicator, "referrals") == 0 && c[i].year == 2023)
            sh.referrals_2023 = c[i].value;
        if (strcmp(c[i].indicator, "rereferrals_pct") == 0 && c[i].year == 2024)
            sh.rerefs_2024 = c[i].value;
        if (strcmp(c[i].indicator, "cin_at_end_rate") == 0 && c[i].year == 2022)
            sh.cin_rate_2022 = c[i].value;
    }
    /* definitions.md: referrals 2023-24 621,880; re-referrals 2024-25 22.6%; CIN 2022-23
     * 339.1 per 10,000. */
    assert_true(sh.referrals_2023 == 621880);
    assert_true(sh.rerefs_2024 == 22.6);
    assert_true(sh.cin_rate_2022 == 339.1);
    free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_area_types),           cmocka_unit_test(test_read_valid),
        cmocka_unit_test(test_read_errors),          cmocka_unit_test(test_store_round_trip),
        cmocka_unit_test(test_shipped_england_file), cmocka_unit_test(test_load_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

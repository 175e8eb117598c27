/* test_partner.c - the measure catalogue and partner returns: the catalogue's defaults and the
 * partnership's order; every rule of a measure row on both sides; the measure and commentary
 * registers refusing bad rows by line and field; partner returns as CSV and .xlsx imported,
 * read back live with their submission, superseded with history; and validation against the
 * catalogue on both sides of every boundary, each problem naming file, line (or cell) and
 * field, a return with any problem refused whole. Every expected figure is worked by hand in
 * the comments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/mem.h"
#include "indicators/catalogue.h"
#include "indicators/partner.h"
#include "registers/measure.h"
#include "registers/organisation.h"
#include "store/import.h"

#include "reg2_helpers.h"

#include <unistd.h>
#include <zip.h>

/* ---- the catalogue on its own ---- */

static int put(sg_catalogue *c, sg_cat_row r, sg_error *e)
{
    sg_error_clear(e);
    return sg_cat_put(c, &r, e);
}

static void test_defaults_are_the_builtins(void **state)
{
    (void)state;
    sg_catalogue *c = sg_cat_new();
    sg_error e;
    assert_int_equal(sg_cat_finish(c, &e), SG_OK);
    /* every built-in indicator, in booklet order, no partnership row */
    assert_int_equal(sg_cat_count(c), sg_ind_count());
    for (size_t i = 0; i < sg_ind_count(); i++) {
        const sg_cat_measure *m = sg_cat_at(c, i);
        assert_string_equal(m->id, sg_ind_def_at(i)->id);
        assert_int_equal(m->kind, SG_CAT_BUILTIN);
        assert_string_equal(m->owner, sg_ind_def_at(i)->owner);
    }
    assert_false(sg_cat_has_partner_rows(c));
    assert_null(sg_cat_at(c, sg_ind_count()));
    assert_null(sg_cat_find(c, "nope"));
    sg_cat_free(c);
}

/* The partnership's order: a built-in placed at 10 in "Harm", a submitted measure at 20 in the
 * same group, one at 5 in "Abuse" (a group whose first measure is 5 comes first), a derived one
 * with no position (after every positioned row, before the unplaced built-ins). */
static void test_partnership_order(void **state)
{
    (void)state;
    sg_catalogue *c = sg_cat_new();
    sg_error e;
    assert_int_equal(put(c,
                         (sg_cat_row){.id = "cp_at_end_rate",
                                      .kind = "builtin",
                                      .group = "Harm",
                                      .position = "10",
                                      .owner = "COUNCIL"},
                         &e),
                     SG_OK);
    assert_int_equal(put(c,
                         (sg_cat_row){.id = "gcp_pct",
                                      .kind = "SUBMITTED",
                                      .title = "GCP",
                                      .group = "Harm",
                                      .position = "20",
                                      .owner = "COUNCIL",
                                      .frequency = "QUARTERLY",
                                      .unit = "PCT"},
                         &e),
                     SG_OK);
    assert_int_equal(put(c,
                         (sg_cat_row){.id = "da_refs",
                                      .kind = "SUBMITTED",
                                      .title = "DA",
                                      .group = "Abuse",
                                      .position = "5",
                                      .owner = "POLICE",
                                      .frequency = "ANNUAL",
                                      .unit = "COUNT",
                                      .breakdowns = "HIGH;MEDIUM_LOW"},
                         &e),
                     SG_OK);
    assert_int_equal(put(c,
                         (sg_cat_row){.id = "eh_rate",
                                      .kind = "DERIVED",
                                      .title = "EH rate",
                                      .group = "Early help",
                                      .unit = "RATE10K",
                                      .formula = "per10k(eh_assessments, pop_0_17)"},
                         &e),
                     SG_OK);
    assert_int_equal(sg_cat_finish(c, &e), SG_OK);
    assert_int_equal(sg_cat_count(c), sg_ind_count() + 3);
    assert_string_equal(sg_cat_at(c, 0)->id, "da_refs");
    assert_string_equal(sg_cat_at(c, 1)->id, "cp_at_end_rate");
    assert_string_equal(sg_cat_at(c, 1)->group, "Harm");
    assert_string_equal(sg_cat_at(c, 1)->owner, "COUNCIL");
    assert_string_equal(sg_cat_at(c, 1)->title, sg_ind_find("cp_at_end_rate")->title);
    assert_string_equal(sg_cat_at(c, 2)->id, "gcp_pct");
    assert_string_equal(sg_cat_at(c, 3)->id, "eh_rate");
    assert_string_equal(sg_cat_at(c, 4)->id, sg_ind_def_at(0)->id); /* "contacts" */
    const sg_cat_measure *da = sg_cat_find(c, "da_refs");
    assert_int_equal(da->nbreak, 2);
    assert_string_equal(da->breakdown[1], "MEDIUM_LOW");
    assert_true(sg_cat_has_partner_rows(c));
    assert_true(sg_cat_freq_matches(SG_CAT_QUARTERLY, "2024-Q1"));
    assert_false(sg_cat_freq_matches(SG_CAT_QUARTERLY, "2024-25"));
    assert_true(sg_cat_freq_matches(SG_CAT_ANNUAL, "2024-25"));
    assert_true(sg_cat_freq_matches(SG_CAT_MONTHLY, "2024-05"));
    assert_false(sg_cat_freq_matches(SG_CAT_MONTHLY, "2024-Q2"));
    sg_cat_free(c);
}

/* Expects row r refused naming field, with part in the message. */
static void refused(sg_cat_row r, const char *field, const char *part)
{
    sg_catalogue *c = sg_cat_new();
    sg_error e;
    int rc = put(c, r, &e);
    if (rc != SG_EINVAL || strcmp(e.field, field) != 0 || !strstr(e.msg, part))
        fail_msg("%s: want %s '%s', got %d %s '%s'", r.id ? r.id : "-", field, part, rc, e.field,
                 e.msg);
    sg_cat_free(c);
}

static void accepted(sg_cat_row r)
{
    sg_catalogue *c = sg_cat_new();
    sg_error e;
    if (put(c, r, &e)) fail_msg("%s refused: %s: %s", r.id, e.field, e.msg);
    sg_cat_free(c);
}

/* A submitted measure's row with the given fields; those not given (NULL) take defaults, and
 * "" stands for an absent value. */
static sg_cat_row with_defaults(sg_cat_row r)
{
#define DEF(f, v)                                                                                  \
    if (!r.f) r.f = v
    DEF(id, "m");
    DEF(kind, "SUBMITTED");
    DEF(title, "M");
    DEF(group, "G");
    DEF(owner, "ORG");
    DEF(frequency, "ANNUAL");
    DEF(unit, "PCT");
#undef DEF
    return r;
}
#define SUB(...) with_defaults((sg_cat_row){__VA_ARGS__})

static void test_row_rules(void **state)
{
    (void)state;
    /* ids: 39 characters of [a-z0-9_] starting with a letter; 40 or a digit first refused */
    accepted(SUB(.id = "a23456789012345678901234567890123456789"));
    refused(SUB(.id = "a234567890123456789012345678901234567890"), "id", "not a measure id");
    refused(SUB(.id = "9lives"), "id", "not a measure id");
    refused(SUB(.id = "Upper"), "id", "not a measure id");
    /* a built-in's id is placed with BUILTIN; BUILTIN names a built-in */
    refused(SUB(.id = "referrals"), "id", "use kind BUILTIN");
    refused(SUB(.kind = "BUILTIN"), "id", "not a built-in indicator");
    refused(SUB(.kind = "MEASURED"), "kind", "not SUBMITTED, DERIVED or BUILTIN");
    /* a percentage's bounds: 0 and 100 accepted, -0.1 and 100.1 refused */
    accepted(SUB(.min = "0", .max = "100"));
    refused(SUB(.max = "100.1"), "max", "within 0-100");
    refused(SUB(.min = "-0.1"), "min", "within 0-100");
    /* min = max accepted, max below min refused; numbers are plain decimals */
    accepted(SUB(.unit = "COUNT", .min = "5", .max = "5"));
    refused(SUB(.unit = "COUNT", .min = "5", .max = "4.9"), "max", "below min");
    refused(SUB(.max = "1e2"), "max", "not a number");
    refused(SUB(.change_pct = "-1"), "change_pct", "negative");
    accepted(SUB(.change_pct = "0"));
    /* numerator and denominator labels: both or neither */
    accepted(SUB(.numerator = "plans with a GCP", .denominator = "plans"));
    refused(SUB(.numerator = "plans with a GCP"), "denominator", "names both");
    refused(SUB(.denominator = "plans"), "numerator", "names both");
    /* breakdowns: upper-case codes, no repeats, at most 16 */
    accepted(SUB(.breakdowns = "CSE;CCE"));
    refused(SUB(.breakdowns = "CSE;cce"), "breakdowns", "A-Z, 0-9 and _");
    refused(SUB(.breakdowns = "CSE;;CCE"), "breakdowns", "1-63 characters");
    refused(SUB(.breakdowns = "CSE;CSE"), "breakdowns", "given twice");
    accepted(SUB(.breakdowns = "A;B;C;D;E;F;G;H;I;J;K;L;M;N;O;P"));
    refused(SUB(.breakdowns = "A;B;C;D;E;F;G;H;I;J;K;L;M;N;O;P;Q"), "breakdowns", "at most 16");
    /* what a submitted measure needs */
    refused(SUB(.owner = ""), "owner", "needs an owner");
    refused(SUB(.frequency = ""), "frequency", "needs a frequency");
    refused(SUB(.unit = ""), "unit", "needs a unit");
    refused(SUB(.frequency = "WEEKLY"), "frequency", "not MONTHLY");
    refused(SUB(.formula = "1"), "formula", "no formula");
    refused(SUB(.title = ""), "title", "needs a title");
    refused(SUB(.group = ""), "group", "needs a group");
    refused(SUB(.position = "100000"), "position", "0 to 99999");
    accepted(SUB(.position = "99999"));
    /* a derived measure: a formula that parses, a number */
    sg_cat_row d = {.id = "d", .kind = "DERIVED", .title = "D", .group = "G", .formula = "1+2"};
    accepted(d);
    d.formula = NULL;
    refused(d, "formula", "needs a formula");
    d.formula = "1+2";
    d.unit = "TEXT";
    refused(d, "unit", "not TEXT");
    /* a syntax error names the formula's column: "1 + per10k(1)" fails at column 5 */
    d.unit = NULL;
    d.formula = "1 + per10k(1)";
    sg_catalogue *c = sg_cat_new();
    sg_error e;
    assert_int_equal(put(c, d, &e), SG_EINVAL);
    assert_string_equal(e.field, "formula");
    assert_int_equal(e.column, 5);
    assert_non_null(strstr(e.msg, "column 5: per10k takes 2 arguments"));
    /* twice */
    d.formula = "2";
    assert_int_equal(put(c, d, &e), SG_OK);
    assert_int_equal(put(c, d, &e), SG_EINVAL);
    assert_non_null(strstr(e.msg, "given twice"));
    sg_cat_free(c);
}

/* Unknown identifiers, TEXT operands and cycles are found when the catalogue is finished. */
static void test_formula_checks(void **state)
{
    (void)state;
    struct {
        const char *fa, *fb, *part;
    } cases[] = {
        {"b + 1", "referrals * 2 + pop_0_17", NULL}, /* a chain ending in an indicator */
        {"b + nosuch", "1", "uses 'nosuch'"},        /* unknown */
        {"b + 1", "a * 2", "depends on itself"},     /* a -> b -> a */
        {"a", "1", "depends on itself"},             /* a -> a */
        {"status + 1", "1", "a TEXT measure"},       /* a status is not a number */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sg_catalogue *c = sg_cat_new();
        sg_error e;
        assert_int_equal(put(c,
                             (sg_cat_row){.id = "a",
                                          .kind = "DERIVED",
                                          .title = "A",
                                          .group = "G",
                                          .formula = cases[i].fa},
                             &e),
                         SG_OK);
        assert_int_equal(put(c,
                             (sg_cat_row){.id = "b",
                                          .kind = "DERIVED",
                                          .title = "B",
                                          .group = "G",
                                          .formula = cases[i].fb},
                             &e),
                         SG_OK);
        assert_int_equal(put(c,
                             (sg_cat_row){.id = "status",
                                          .kind = "SUBMITTED",
                                          .title = "S",
                                          .group = "G",
                                          .owner = "O",
                                          .frequency = "ANNUAL",
                                          .unit = "TEXT"},
                             &e),
                         SG_OK);
        sg_error_clear(&e);
        int rc = sg_cat_finish(c, &e);
        if (!cases[i].part) {
            assert_int_equal(rc, SG_OK);
        } else {
            if (rc != SG_EINVAL || !strstr(e.msg, cases[i].part))
                fail_msg("case %zu: %d %s", i, rc, e.msg);
            assert_string_equal(e.field, "formula");
        }
        sg_cat_free(c);
    }
}

/* ---- the registers ---- */

#define ORGS                                                                                       \
    "short_name,name,sector,membership\n"                                                          \
    "COUNCIL,Northfield Borough Council,CSC,STATUTORY_PARTNER\n"                                   \
    "POLICE,Northfield Police,POLICE,STATUTORY_PARTNER\n"

#define MHDR                                                                                       \
    "id,title,group,position,owner,kind,frequency,unit,polarity,formula,min,max,change_pct\n"

static void test_registers_refuse_by_line_and_field(void **state)
{
    fx *f = *state;
    import_ok(f, &sg_reg_organisation, ORGS);
    /* a bad formula on line 3: refused, nothing kept, the error names line 3 and formula */
    expect_refused(f, &sg_reg_measure,
                   MHDR "gcp,GCP,Harm,1,COUNCIL,SUBMITTED,QUARTERLY,PCT,HIGHER,,0,100,20\n"
                        "eh,EH,Help,2,,DERIVED,,RATE10K,,per10k(eh_assessments pop_0_17),,,\n",
                   SG_EINVAL, 3, "formula");
    /* an owner that is no organisation */
    expect_refused(f, &sg_reg_measure,
                   MHDR "gcp,GCP,Harm,1,COUNCL,SUBMITTED,QUARTERLY,PCT,HIGHER,,0,100,20\n",
                   SG_EINVAL, 2, "owner");
    /* a percentage's max of 101 */
    expect_refused(f, &sg_reg_measure,
                   MHDR "gcp,GCP,Harm,1,COUNCIL,SUBMITTED,QUARTERLY,PCT,HIGHER,,0,101,20\n",
                   SG_EINVAL, 2, "max");
    import_ok(f, &sg_reg_measure,
              MHDR "gcp,GCP,Harm,1,COUNCIL,SUBMITTED,QUARTERLY,PCT,HIGHER,,0,100,20\n");
    /* commentary: a period that is no period, a measure id of the wrong shape, nothing said */
    const char *ch = "measure,period,organisation,narrative\n";
    char t[512];
    snprintf(t, sizeof t, "%sgcp,2024-Q5,COUNCIL,x\n", ch);
    expect_refused(f, &sg_reg_commentary, t, SG_EINVAL, 2, "period");
    snprintf(t, sizeof t, "%sgcp,R12-2024-05,COUNCIL,x\n", ch);
    expect_refused(f, &sg_reg_commentary, t, SG_EINVAL, 2, "period");
    snprintf(t, sizeof t, "%sGCP,2024-Q1,COUNCIL,x\n", ch);
    expect_refused(f, &sg_reg_commentary, t, SG_EINVAL, 2, "measure");
    snprintf(t, sizeof t, "%sgcp,2024-Q1,COUNCIL,\n", ch);
    expect_refused(f, &sg_reg_commentary, t, SG_EINVAL, 2, "narrative");
    snprintf(t, sizeof t, "%sgcp,2024-Q1,COUNCIL,Rising\n", ch);
    import_ok(f, &sg_reg_commentary, t);
    sg_reg_set set;
    sg_error e;
    assert_int_equal(sg_reg_load(f->s, &sg_reg_commentary, &set, &e), SG_OK);
    const sg_reg_record *r = sg_commentary_find(&set, "gcp", "2024-Q1");
    assert_non_null(r);
    assert_string_equal(sg_reg_get(r, "narrative"), "Rising");
    assert_null(sg_commentary_find(&set, "gcp", "2024-Q2"));
    sg_reg_set_fini(&set);
    /* the loaded catalogue: the built-ins and gcp; an unknown identifier refuses the load */
    sg_catalogue *c = NULL;
    assert_int_equal(sg_measure_load_catalogue(f->s, &c, &e), SG_OK);
    assert_int_equal(sg_cat_count(c), sg_ind_count() + 1);
    assert_string_equal(sg_cat_at(c, 0)->id, "gcp");
    sg_cat_free(c);
    import_ok(f, &sg_reg_measure, MHDR "x,X,Harm,2,,DERIVED,,COUNT,,gcp + nosuch,,,\n");
    assert_int_equal(sg_measure_load_catalogue(f->s, &c, &e), SG_EINVAL);
    assert_null(c);
    assert_non_null(strstr(e.msg, "formula of x uses 'nosuch'"));
    assert_string_equal(e.file, "measure");
}

/* ---- partner returns in the store ---- */

/* gcp: quarterly % owned by COUNCIL, as numerator and denominator, max 100, change 25%.
 * da: quarterly count owned by COUNCIL by HIGH / MEDIUM_LOW, max 500.
 * mace: annual status (TEXT) owned by POLICE.
 * yj: quarterly count owned by POLICE. */
#define MEASURES                                                                                   \
    "id,title,group,position,owner,kind,frequency,unit,polarity,numerator,denominator,"            \
    "breakdowns,min,max,change_pct\n"                                                              \
    "gcp,GCP,Harm,1,COUNCIL,SUBMITTED,QUARTERLY,PCT,HIGHER,with GCP,plans,,,,25\n"                 \
    "da,DA,Abuse,2,COUNCIL,SUBMITTED,QUARTERLY,COUNT,DATA,,,HIGH;MEDIUM_LOW,,500,\n"               \
    "mace,MACE,Exploitation,3,POLICE,SUBMITTED,ANNUAL,TEXT,DATA,,,,,,\n"                           \
    "yj,YJ,Youth justice,4,POLICE,SUBMITTED,QUARTERLY,COUNT,LOWER,,,,,,\n"

#define PHDR "organisation,period,measure,breakdown,value,numerator,denominator,text,explanation\n"

static int fx2_setup(void **state)
{
    if (fx_setup(state)) return -1;
    fx *f = *state;
    import_ok(f, &sg_reg_organisation, ORGS);
    import_ok(f, &sg_reg_measure, MEASURES);
    return 0;
}

static int hook(void *ctx, sg_store *s, const sg_import_file_result *r, int n, sg_error *err)
{
    return sg_measure_check_imported(s, r, n, ctx, err);
}

static char *temp_file(const char *data, size_t len)
{
    char *path = xstrdup("/tmp/sg_test_partner_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, len), (ssize_t)len);
    close(fd);
    return path;
}

/* Imports a return from path; problems (may be NULL) receives what to fix. */
static int import_path(fx *f, const char *path, const char *name, const char *org,
                       const char *period, sg_partner_problems *ps, int64_t *sub, sg_error *e)
{
    sg_partner_problems mine;
    memset(&mine, 0, sizeof mine);
    sg_import_opts o = {.agency = org,
                        .period = period,
                        .user = "tester",
                        .name = name,
                        .before_commit = hook,
                        .before_commit_ctx = ps ? ps : &mine};
    sg_import_file_result r;
    memset(&r, 0, sizeof r);
    const char *paths[1] = {path};
    sg_error_clear(e);
    int rc = sg_import_files(f->s, paths, 1, &o, &r, e);
    if (sub) *sub = r.submission;
    sg_partner_problems_fini(&mine);
    return rc;
}

static int import_csv(fx *f, const char *text, const char *org, const char *period,
                      sg_partner_problems *ps, int64_t *sub, sg_error *e)
{
    char *path = temp_file(text, strlen(text));
    int rc = import_path(f, path, "return.csv", org, period, ps, sub, e);
    unlink(path);
    free(path);
    return rc;
}

static void ok_csv(fx *f, const char *text, const char *org, const char *period, int64_t *sub)
{
    sg_error e;
    sg_partner_problems ps;
    memset(&ps, 0, sizeof ps);
    if (import_csv(f, text, org, period, &ps, sub, &e)) {
        char line[1024] = "";
        if (ps.n) sg_partner_problem_format(&ps.p[0], line, sizeof line);
        fail_msg("refused: %s [%s]", e.msg, line);
    }
    sg_partner_problems_fini(&ps);
}

/* Expects the return refused with exactly the problems listed (formatted), in order. */
static void bad_csv(fx *f, const char *text, const char *org, const char *period,
                    const char *const *want, size_t nwant)
{
    sg_error e;
    sg_partner_problems ps;
    memset(&ps, 0, sizeof ps);
    long before = fx_query_long(f->s, "SELECT count(*) FROM submission");
    assert_int_equal(import_csv(f, text, org, period, &ps, NULL, &e), SG_EINVAL);
    assert_int_equal(fx_query_long(f->s, "SELECT count(*) FROM submission"), before);
    if (ps.n != nwant) {
        for (size_t i = 0; i < ps.n; i++) {
            char line[1024];
            sg_partner_problem_format(&ps.p[i], line, sizeof line);
            print_message("  got: %s\n", line);
        }
        fail_msg("want %zu problems, got %zu", nwant, ps.n);
    }
    for (size_t i = 0; i < nwant; i++) {
        char line[1024];
        sg_partner_problem_format(&ps.p[i], line, sizeof line);
        if (!strstr(line, want[i])) fail_msg("problem %zu: want '%s', got '%s'", i, want[i], line);
    }
    sg_partner_problems_fini(&ps);
}

#define COUNCIL_Q1                                                                                 \
    PHDR "COUNCIL,2024-Q1,gcp,,,25,40,,\n"                                                         \
         "COUNCIL,2024-Q1,da,HIGH,41,,,,\n"                                                        \
         "COUNCIL,2024-Q1,da,MEDIUM_LOW,120,,,,\n"

/* A return lands, reads back live with its submission and line; a second return for the same
 * organisation and period supersedes it, and the first stays as history. */
static void test_import_live_and_supersede(void **state)
{
    fx *f = *state;
    int64_t s1 = 0, s2 = 0;
    ok_csv(f, COUNCIL_Q1, "COUNCIL", "2024-Q1", &s1);
    sg_partner_values vs;
    sg_error e;
    assert_int_equal(sg_partner_live(f->s, "da", "2024-Q1", &vs, &e), SG_OK);
    assert_int_equal(vs.n, 2); /* HIGH, MEDIUM_LOW in breakdown order */
    assert_string_equal(vs.v[0].breakdown, "HIGH");
    assert_true(vs.v[0].has_value && vs.v[0].value == 41);
    assert_int_equal(vs.v[0].submission, s1);
    assert_int_equal(vs.v[0].line, 3);
    assert_string_equal(vs.v[0].file, "return.csv");
    assert_string_equal(vs.v[1].breakdown, "MEDIUM_LOW");
    assert_true(vs.v[1].value == 120);
    sg_partner_values_fini(&vs);
    /* gcp 25 / 40 = 62.5% */
    assert_int_equal(sg_partner_live(f->s, "gcp", NULL, &vs, &e), SG_OK);
    assert_int_equal(vs.n, 1);
    double x = 0;
    sg_catalogue *c = NULL;
    assert_int_equal(sg_measure_load_catalogue(f->s, &c, &e), SG_OK);
    assert_true(sg_partner_effective(&vs.v[0], sg_cat_find(c, "gcp"), &x));
    assert_true(x == 62.5);
    sg_partner_values_fini(&vs);
    /* the resubmission: gcp 26 / 40 (65%), da 40 and 121 */
    ok_csv(f,
           PHDR "COUNCIL,2024-Q1,gcp,,,26,40,,\n"
                "COUNCIL,2024-Q1,da,HIGH,40,,,,\n"
                "COUNCIL,2024-Q1,da,MEDIUM_LOW,121,,,,\n",
           "COUNCIL", "2024-Q1", &s2);
    assert_true(s2 > s1);
    assert_int_equal(sg_partner_live(f->s, NULL, "2024-Q1", &vs, &e), SG_OK);
    assert_int_equal(vs.n, 3);
    for (size_t i = 0; i < vs.n; i++)
        assert_int_equal(vs.v[i].submission, s2);
    assert_string_equal(vs.v[2].measure, "gcp");
    assert_true(vs.v[2].numerator == 26);
    sg_partner_values_fini(&vs);
    assert_int_equal(sg_partner_of_submission(f->s, s1, &vs, &e), SG_OK);
    assert_int_equal(vs.n, 3); /* the history: the first return's values, all kept */
    assert_true(vs.v[0].numerator == 25);
    sg_partner_values_fini(&vs);
    assert_int_equal(fx_query_long(f->s, "SELECT superseded_by FROM submission WHERE id = 1"), s2);
    sg_cat_free(c);
}

/* Every row rule, each side of its boundary. */
static void test_validation_rows(void **state)
{
    fx *f = *state;
    /* num = den (100%) and value = max (500) are accepted */
    ok_csv(f,
           PHDR "COUNCIL,2024-Q1,gcp,,100,40,40,,\n"
                "COUNCIL,2024-Q1,da,HIGH,500,,,,\n"
                "COUNCIL,2024-Q1,da,MEDIUM_LOW,0,,,,\n",
           "COUNCIL", "2024-Q1", NULL);
    /* num = den + 1, value = max + 1, a fraction of a count: refused, each named */
    const char *w1[] = {
        "return.csv:2: numerator: numerator 41 is more than denominator 40",
        "return.csv:3: value: value 501 is above the measure's max 500",
        "return.csv:4: value: value 1.5: a count is a whole number",
    };
    bad_csv(f,
            PHDR "COUNCIL,2024-Q2,gcp,,,41,40,,\n"
                 "COUNCIL,2024-Q2,da,HIGH,501,,,,\n"
                 "COUNCIL,2024-Q2,da,MEDIUM_LOW,1.5,,,,\n",
            "COUNCIL", "2024-Q2", w1, 3);
    /* a value beside num/den must be their percentage to 1 dp: 25/40 = 62.5, not 62.6 */
    const char *w2[] = {"return.csv:2: value: value 62.6 is not numerator / denominator (62.5)"};
    bad_csv(f,
            PHDR "COUNCIL,2024-Q2,gcp,,62.6,25,40,,\n"
                 "COUNCIL,2024-Q2,da,HIGH,1,,,,\n"
                 "COUNCIL,2024-Q2,da,MEDIUM_LOW,1,,,,\n",
            "COUNCIL", "2024-Q2", w2, 1);
    /* unknown measure, another owner's, a period of the wrong frequency, a missing category
     * (completeness), an unknown category, twice, a number in a status, another organisation */
    const char *w3[] = {
        "return.csv:2: measure: unknown measure 'gcpp'",
        "return.csv:3: measure: measure yj is owned by POLICE, not COUNCIL",
        "return.csv:5: measure: measure da HIGH is given twice (first on line 4)",
        "return.csv:6: breakdown: measure da has no breakdown category 'LOW'",
        "return.csv:7: measure: organisation 'POLICE' is not this return's (COUNCIL)",
        "return.csv:7: measure: measure da is owned by COUNCIL, not POLICE",
        "return.csv: measure: measure gcp is missing: COUNCIL owes it for 2024-Q2",
        "return.csv: measure: measure da MEDIUM_LOW is missing",
    };
    bad_csv(f,
            PHDR "COUNCIL,2024-Q2,gcpp,,1,,,,\n"
                 "COUNCIL,2024-Q2,yj,,1,,,,\n"
                 "COUNCIL,2024-Q2,da,HIGH,1,,,,\n"
                 "COUNCIL,2024-Q2,da,HIGH,1,,,,\n"
                 "COUNCIL,2024-Q2,da,LOW,1,,,,\n"
                 "POLICE,2024-Q2,da,HIGH,1,,,,\n",
            "COUNCIL", "2024-Q2", w3, 8);
    /* the measures' own periods: an annual status in a quarter; a number in a status */
    const char *w4[] = {
        "return.csv:2: measure: measure mace is returned annually (2024-25): period 2024-Q2",
        "return.csv: measure: measure yj is missing: POLICE owes it for 2024-Q2",
    };
    bad_csv(f, PHDR "POLICE,2024-Q2,mace,,,,,Meets monthly,\n", "POLICE", "2024-Q2", w4, 2);
    const char *w5[] = {"return.csv:2: value: measure mace is a status (text), not a number"};
    bad_csv(f, PHDR "POLICE,2024-25,mace,,3,,,Meets monthly,\n", "POLICE", "2024-25", w5, 1);
    ok_csv(f, PHDR "POLICE,2024-25,mace,,,,,Meets monthly,\n", "POLICE", "2024-25", NULL);
    /* a bad number is rejected by the importer naming the field and the value (and so the
     * measure is missing too) */
    const char *w6[] = {"return.csv:2: value: not a number", "measure yj is missing"};
    bad_csv(f, PHDR "POLICE,2024-Q2,yj,,\"1,200\",,,,\n", "POLICE", "2024-Q2", w6, 2);
}

/* gcp's change_pct is 25: from 62.5% (25/40) a change of exactly 25% is 78.125% - not a
 * 1-dp percentage; use 40/64 = 62.5% -> 50/64 = 78.1%: (78.1 - 62.5) / 62.5 = 24.96% -> 25.0%,
 * accepted; 51/64 = 79.7%: 27.52% -> 27.5%, refused unless explained. From 0 any change needs
 * an explanation. */
static void test_validation_change(void **state)
{
    fx *f = *state;
    ok_csv(f,
           PHDR "COUNCIL,2024-Q1,gcp,,,40,64,,\n"
                "COUNCIL,2024-Q1,da,HIGH,0,,,,\n"
                "COUNCIL,2024-Q1,da,MEDIUM_LOW,10,,,,\n",
           "COUNCIL", "2024-Q1", NULL);
    const char *w[] = {"return.csv:2: explanation: gcp changed by 27.5% from 62.5 (2024-Q1) to "
                       "79.7: more than 25% needs an explanation"};
    bad_csv(f,
            PHDR "COUNCIL,2024-Q2,gcp,,,51,64,,\n"
                 "COUNCIL,2024-Q2,da,HIGH,0,,,,\n"
                 "COUNCIL,2024-Q2,da,MEDIUM_LOW,10,,,,\n",
            "COUNCIL", "2024-Q2", w, 1);
    ok_csv(f,
           PHDR "COUNCIL,2024-Q2,gcp,,,51,64,,new template\n"
                "COUNCIL,2024-Q2,da,HIGH,0,,,,\n"
                "COUNCIL,2024-Q2,da,MEDIUM_LOW,10,,,,\n",
           "COUNCIL", "2024-Q2", NULL);
    ok_csv(f,
           PHDR "COUNCIL,2024-Q2,gcp,,,50,64,,\n"
                "COUNCIL,2024-Q2,da,HIGH,0,,,,\n"
                "COUNCIL,2024-Q2,da,MEDIUM_LOW,10,,,,\n",
           "COUNCIL", "2024-Q2", NULL);
    /* da has no change_pct: 0 -> 300 needs nothing; previous period of Q1 is the year before */
    char prev[16];
    assert_true(sg_partner_prev_period("2024-Q1", prev, sizeof prev));
    assert_string_equal(prev, "2023-Q4");
    assert_true(sg_partner_prev_period("2024-Q3", prev, sizeof prev));
    assert_string_equal(prev, "2024-Q2");
    assert_true(sg_partner_prev_period("2024-01", prev, sizeof prev));
    assert_string_equal(prev, "2023-12");
    assert_true(sg_partner_prev_period("2024-25", prev, sizeof prev));
    assert_string_equal(prev, "2023-24");
    assert_false(sg_partner_prev_period("R12-2024-05", prev, sizeof prev));
}

/* ---- .xlsx ---- */

static const char WB[] =
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<sheets><sheet name=\"Notes\" sheetId=\"1\" r:id=\"rId1\"/>"
    "<sheet name=\"Return\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>";
static const char RELS[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/worksheet\" Target=\"worksheets/a.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/worksheet\" Target=\"worksheets/b.xml\"/></Relationships>";
static const char NOTES[] =
    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>measure</t></is></c></row>"
    "</sheetData></worksheet>";

#define S(ref, text) "<c r=\"" ref "\" t=\"inlineStr\"><is><t>" text "</t></is></c>"
#define N(ref, num) "<c r=\"" ref "\"><v>" num "</v></c>"

/* The Return sheet: a title in row 1, the header in row 2 (a title column B between), rows 3-5;
 * value is column F. */
static char *book(const char *da_high)
{
    char sheet[4096];
    /* clang-format off */
    snprintf(sheet, sizeof sheet,
             "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
             "<sheetData><row r=\"1\">" S("A1", "Partner return: COUNCIL, 2024-Q1") "</row>"
             "<row r=\"2\">" S("A2", "Organisation") S("B2", "Title") S("C2", "Period")
             S("D2", "Measure") S("E2", "Breakdown") S("F2", "Value") S("G2", "Numerator")
             S("H2", "Denominator") S("I2", "Explanation") "</row>"
             "<row r=\"3\">" S("A3", "COUNCIL") S("B3", "GCP") S("C3", "2024-Q1")
             S("D3", "gcp") N("G3", "25") N("H3", "40") "</row>"
             "<row r=\"4\">" S("A4", "COUNCIL") S("C4", "2024-Q1") S("D4", "da")
             S("E4", "HIGH") "%s</row>"
             "<row r=\"5\">" S("A5", "COUNCIL") S("C5", "2024-Q1") S("D5", "da")
             S("E5", "MEDIUM_LOW") N("F5", "120") "</row>"
             "</sheetData></worksheet>",
             da_high);
    /* clang-format on */
    char *path = xstrdup("/tmp/sg_test_partner_xlsx_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    zipFile zf = zipOpen64(path, APPEND_STATUS_CREATE);
    assert_non_null(zf);
    struct {
        const char *name, *data;
    } e[] = {{"[Content_Types].xml", "<Types/>"},
             {"xl/workbook.xml", WB},
             {"xl/_rels/workbook.xml.rels", RELS},
             {"xl/worksheets/a.xml", NOTES},
             {"xl/worksheets/b.xml", sheet}};
    for (size_t i = 0; i < sizeof e / sizeof e[0]; i++) {
        assert_int_equal(
            zipOpenNewFileInZip64(zf, e[i].name, NULL, NULL, 0, NULL, 0, NULL, Z_DEFLATED, 9, 0),
            ZIP_OK);
        assert_int_equal(zipWriteInFileInZip(zf, e[i].data, (unsigned)strlen(e[i].data)), ZIP_OK);
        assert_int_equal(zipCloseFileInZip(zf), ZIP_OK);
    }
    assert_int_equal(zipClose(zf, NULL), ZIP_OK);
    return path;
}

static void test_xlsx_return(void **state)
{
    fx *f = *state;
    sg_error e;
    sg_partner_problems ps;
    memset(&ps, 0, sizeof ps);
    /* a bad number in F4: rejected naming the cell; a value over max in F4: the cell too */
    char *p = book(S("F4", "lots"));
    assert_int_equal(import_path(f, p, "q1.xlsx", "COUNCIL", "2024-Q1", &ps, NULL, &e), SG_EINVAL);
    assert_int_equal(ps.n, 2); /* the rejected row, and so its measure is missing */
    char line[1024];
    sg_partner_problem_format(&ps.p[0], line, sizeof line);
    assert_non_null(strstr(line, "q1.xlsx:4: value: not a number"));
    assert_non_null(strstr(line, "(cell Return!F4)"));
    assert_non_null(strstr(line, "(value 'lots')"));
    sg_partner_problem_format(&ps.p[1], line, sizeof line);
    assert_string_equal(line, "q1.xlsx: measure: measure da HIGH is missing: COUNCIL owes it for "
                              "2024-Q1");
    sg_partner_problems_fini(&ps);
    unlink(p);
    free(p);
    p = book(N("F4", "501"));
    assert_int_equal(import_path(f, p, "q1.xlsx", "COUNCIL", "2024-Q1", &ps, NULL, &e), SG_EINVAL);
    assert_int_equal(ps.n, 1);
    sg_partner_problem_format(&ps.p[0], line, sizeof line);
    assert_string_equal(line, "q1.xlsx:4: Return!F4: value: value 501 is above the measure's "
                              "max 500");
    sg_partner_problems_fini(&ps);
    unlink(p);
    free(p);
    /* corrected: lands; a CSV resubmission then supersedes the workbook */
    p = book(N("F4", "41"));
    int64_t s1 = 0, s2 = 0;
    assert_int_equal(import_path(f, p, "q1.xlsx", "COUNCIL", "2024-Q1", &ps, &s1, &e), SG_OK);
    unlink(p);
    free(p);
    sg_partner_values vs;
    assert_int_equal(sg_partner_live(f->s, "da", "2024-Q1", &vs, &e), SG_OK);
    assert_int_equal(vs.n, 2);
    assert_true(vs.v[0].value == 41);
    assert_int_equal(vs.v[0].line, 4);
    char cell[96];
    sg_partner_cell(&vs.v[0], "value", cell, sizeof cell);
    assert_string_equal(cell, "Return!F4");
    sg_partner_cell(&vs.v[0], "text", cell, sizeof cell);
    assert_string_equal(cell, ""); /* no text column */
    sg_partner_values_fini(&vs);
    ok_csv(f, COUNCIL_Q1, "COUNCIL", "2024-Q1", &s2);
    assert_int_equal(fx_query_long(f->s, "SELECT superseded_by FROM submission WHERE id = 1"), s2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_are_the_builtins),
        cmocka_unit_test(test_partnership_order),
        cmocka_unit_test(test_row_rules),
        cmocka_unit_test(test_formula_checks),
        cmocka_unit_test_setup_teardown(test_registers_refuse_by_line_and_field, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_import_live_and_supersede, fx2_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_validation_rows, fx2_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_validation_change, fx2_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_xlsx_return, fx2_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

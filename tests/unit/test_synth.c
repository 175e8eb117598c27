/* test_synth.c - the synthetic partnership generator: determinism, the manifest's per-file
 * counts against counts taken here by reading the files back (our own line and CSV counting,
 * never the importers), England-like rates, cleanliness without --faults, every planted fault
 * visible at its stated line, flat memory, option checking, and the working-day helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/date.h"
#include "core/mem.h"
#include "core/period.h"
#include "synth/synth.h"
#include "synth/synth_int.h"
#include "test_util.h"

#include <dirent.h>
#include <expat.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---------- small helpers ---------- */

static char *tmpdir(void)
{
    char tmpl[] = "/tmp/sg_synth_XXXXXX";
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    return strdup(d);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    assert_non_null(b);
    size_t got = fread(b, 1, (size_t)n, f);
    fclose(f);
    b[got] = '\0';
    if (len) *len = got;
    return b;
}

/* Splits text into lines in place; returns an array of line starts (caller frees). */
static char **lines_of(char *text, long *n)
{
    long cap = 1024, k = 0;
    char **v = malloc((size_t)cap * sizeof *v);
    char *p = text;
    while (*p) {
        if (k == cap) v = realloc(v, (size_t)(cap *= 2) * sizeof *v);
        v[k++] = p;
        char *nl = strchr(p, '\n');
        if (!nl) break;
        *nl = '\0';
        p = nl + 1;
    }
    *n = k;
    return v;
}

/* Splits a CSV line (our files never quote) into at most max fields, in place. */
static int split(char *line, char **f, int max)
{
    int n = 0;
    f[n++] = line;
    for (char *p = line; *p && n < max; p++)
        if (*p == ',') {
            *p = '\0';
            f[n++] = p + 1;
        }
    return n;
}

static int col(char **hdr, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(hdr[i], name) == 0) return i;
    fail_msg("no column %s", name);
    return -1;
}

static sg_synth_opts opts(const char *out, long children, int years, uint64_t seed, double faults)
{
    sg_synth_opts o;
    sg_synth_opts_init(&o);
    o.out = out;
    o.children = children;
    o.years = years;
    o.seed = seed;
    o.faults = faults;
    o.la_code = "341";
    return o;
}

static json_t *run(const sg_synth_opts *o)
{
    sg_error err;
    sg_error_clear(&err);
    int rc = sg_synth_run(o, NULL, NULL, &err);
    if (rc) fail_msg("generate failed: %s", err.msg);
    char path[4200];
    snprintf(path, sizeof path, "%s/manifest.json", o->out);
    json_error_t je;
    json_t *m = json_load_file(path, 0, &je);
    if (!m) fail_msg("manifest: %s line %d", je.text, je.line);
    return m;
}

static long jint(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_integer(v) ? (long)json_integer_value(v) : 0;
}

/* ---------- independent counting ---------- */

typedef struct counts {
    long rec[SG_REC__COUNT];
    long rejected;
} counts;

static const char *value_of(const char *line, const char *tag, char *out, size_t outsz)
{
    char open[64];
    snprintf(open, sizeof open, "<%s>", tag);
    const char *p = strstr(line, open);
    if (!p) return NULL;
    p += strlen(open);
    const char *e = strchr(p, '<');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    if (n >= outsz) n = outsz - 1;
    memcpy(out, p, n);
    out[n] = '\0';
    return out;
}

static bool starts_tag(const char *line, const char *tag)
{
    while (*line == ' ')
        line++;
    size_t n = strlen(tag);
    return line[0] == '<' && strncmp(line + 1, tag, n) == 0 && line[1 + n] == '>';
}

typedef struct xml_count {
    long child, details, assessments, plans, reviews;
} xml_count;

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    (void)atts;
    xml_count *c = ud;
    if (!strcmp(name, "Child"))
        c->child++;
    else if (!strcmp(name, "CINdetails"))
        c->details++;
    else if (!strcmp(name, "Assessments"))
        c->assessments++;
    else if (!strcmp(name, "ChildProtectionPlans"))
        c->plans++;
    else if (!strcmp(name, "CPPreviewDate"))
        c->reviews++;
}

static void count_cin(const char *path, counts *k)
{
    size_t len;
    char *text = slurp(path, &len);
    assert_non_null(text);
    /* well-formed, and element totals as expat sees them */
    XML_Parser p = XML_ParserCreate(NULL);
    xml_count xc = {0};
    XML_SetUserData(p, &xc);
    XML_SetStartElementHandler(p, on_start);
    if (XML_Parse(p, text, (int)len, 1) != XML_STATUS_OK)
        fail_msg("%s: not well-formed at line %lu: %s", path,
                 (unsigned long)XML_GetCurrentLineNumber(p), XML_ErrorString(XML_GetErrorCode(p)));
    XML_ParserFree(p);
    long n;
    char **ln = lines_of(text, &n);
    bool bad = false;
    char v[64];
    for (long i = 0; i < n; i++) {
        const char *l = ln[i];
        if (starts_tag(l, "Child"))
            k->rec[SG_REC_CHILD]++;
        else if (starts_tag(l, "CINdetails"))
            k->rec[SG_REC_REFERRAL]++;
        else if (starts_tag(l, "Assessments"))
            bad = false;
        else if (value_of(l, "AssessmentAuthorisationDate", v, sizeof v))
            bad = v[0] && sg_date_parse_iso(v, strlen(v)) == SG_DATE_NONE;
        else if (strstr(l, "</Assessments>")) {
            if (bad)
                k->rejected++;
            else
                k->rec[SG_REC_ASSESSMENT]++;
        } else if (starts_tag(l, "CINPlanDates"))
            k->rec[SG_REC_CIN_PLAN]++;
        else if (starts_tag(l, "Section47"))
            k->rec[SG_REC_S47]++;
        else if (starts_tag(l, "ChildProtectionPlans"))
            k->rec[SG_REC_CP_PLAN]++;
        else if (value_of(l, "CPPreviewDate", v, sizeof v)) {
            if (sg_date_parse_iso(v, strlen(v)) == SG_DATE_NONE)
                k->rejected++;
            else
                k->rec[SG_REC_CP_REVIEW]++;
        }
    }
    assert_int_equal(xc.child, k->rec[SG_REC_CHILD]);
    assert_int_equal(xc.details, k->rec[SG_REC_REFERRAL]);
    assert_int_equal(xc.plans, k->rec[SG_REC_CP_PLAN]);
    assert_int_equal(xc.assessments + xc.reviews,
                     k->rec[SG_REC_ASSESSMENT] + k->rec[SG_REC_CP_REVIEW] + k->rejected);
    free(ln);
    free(text);
}

/* What each CSV format is, as record.h's conventions and the templates say. */
typedef struct csv_kind {
    const char *format;
    sg_rec_type own;
    bool child_too;       /* a child record precedes the row's own record */
    bool uk;              /* dd/mm/YYYY */
    const char *dates[4]; /* date columns the importer reads */
    int id;               /* 0 none, 1 first column, 2 agency identity */
} csv_kind;

static const csv_kind kinds[] = {
    {"ssda903/header", SG_REC_CHILD, false, true, {"DOB"}, 1},
    {"ssda903/episodes", SG_REC_CLA_EPISODE, false, true, {"DECOM", "DEC"}, 1},
    {"ssda903/reviews", SG_REC_CLA_REVIEW, false, true, {"REVIEW"}, 1},
    {"ssda903/uasc", SG_REC_CHILD, false, true, {NULL}, 1},
    {"ssda903/missing", SG_REC_MISSING, false, true, {"MIS_START", "MIS_END"}, 1},
    {"ssda903/oc2", SG_REC_EXTRA, false, true, {NULL}, 1},
    {"ssda903/ad1", SG_REC_EXTRA, false, true, {NULL}, 1},
    {"ssda903/prev_perm", SG_REC_EXTRA, false, true, {NULL}, 1},
    {"ssda903/sw_episodes", SG_REC_EXTRA, false, true, {"SW_DECOM", "SW_DEC"}, 1},
    {"ssda903/placed_adoption",
     SG_REC_EXTRA,
     false,
     true,
     {"DATE_PLACED", "DATE_PLACED_CEASED"},
     1},
    {"agency/police_missing",
     SG_REC_MISSING,
     true,
     false,
     {"date_of_birth", "start_date", "end_date"},
     2},
    {"agency/police_events", SG_REC_POLICE_EVENT, true, false, {"date_of_birth", "event_date"}, 2},
    {"agency/early_help",
     SG_REC_EARLY_HELP,
     true,
     false,
     {"date_of_birth", "assessment_start", "assessment_end"},
     2},
    {"agency/lado",
     SG_REC_LADO,
     false,
     false,
     {"received_date", "initial_strategy_date", "concluded_date"},
     0},
    {"agency/population", SG_REC_POPULATION, false, false, {NULL}, 0},
    {"annexa/1", SG_REC_CONTACT, true, true, {"Date of Birth", "Date of Contact*"}, 1},
    {"annexa/2",
     SG_REC_EARLY_HELP,
     true,
     true,
     {"Date of Birth", "Assessment start date*", "Assessment completion date"},
     1},
    {"annexa/3", SG_REC_REFERRAL, true, true, {"Date of Birth", "Date of referral*"}, 1},
    {"annexa/4",
     SG_REC_ASSESSMENT,
     true,
     true,
     {"Date of Birth", "Continuous Assessment Start Date*",
      "Continuous Assessment Date of Authorisation"},
     1},
    {"annexa/5",
     SG_REC_S47,
     true,
     true,
     {"Date of Birth", "Strategy discussion initiating Section 47 Enquiry Start Date*",
      "Date of Initial Child Protection Conference"},
     1},
    {"annexa/6",
     SG_REC_EXTRA, /* the CIN list is kept as an extra record, not a second referral */
     true,
     true,
     {"Date of Birth", "CIN Start Date", "CIN Closure Date"},
     1},
    {"annexa/7",
     SG_REC_CP_PLAN,
     true,
     true,
     {"Date of Birth", "Child Protection Plan Start Date*", "Child Protection Plan End Date"},
     1},
    {"annexa/8",
     SG_REC_CLA_EPISODE,
     true,
     true,
     {"Date of Birth", "Date Started to be Looked After*", "Date Ceased to be Looked After"},
     1},
};

static void count_csv(const char *path, const char *format, counts *k)
{
    const csv_kind *kd = NULL;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (!strcmp(kinds[i].format, format)) kd = &kinds[i];
    if (!kd) fail_msg("unknown format %s", format);
    char *text = slurp(path, NULL);
    assert_non_null(text);
    long n;
    char **ln = lines_of(text, &n);
    char *hdr[64];
    int nh = split(ln[0], hdr, 64);
    int dc[4], nd = 0;
    for (int i = 0; i < 4 && kd->dates[i]; i++)
        dc[nd++] = col(hdr, nh, kd->dates[i]);
    for (long i = 1; i < n; i++) {
        char *f[64];
        int nf = split(ln[i], f, 64);
        assert_int_equal(nf, nh);
        bool reject = false;
        for (int d = 0; d < nd; d++) {
            const char *v = f[dc[d]];
            sg_date x = kd->uk ? sg_date_parse_uk(v, strlen(v)) : sg_date_parse_iso(v, strlen(v));
            if (*v && x == SG_DATE_NONE) reject = true;
        }
        if (kd->id == 1 && !*f[0]) reject = true;
        if (kd->id == 2 && !*f[0] && !*f[1] && !(*f[2] && *f[3] && *f[4])) reject = true;
        if (reject) {
            k->rejected++;
        } else {
            k->rec[kd->own]++;
            if (kd->child_too) k->rec[SG_REC_CHILD]++;
            /* An Annex A list 5 row also carries the strategy discussion behind its S47. */
            if (strcmp(kd->format, "annexa/5") == 0) k->rec[SG_REC_STRATEGY]++;
        }
    }
    free(ln);
    free(text);
}

static void check_counts(const char *dir, json_t *m)
{
    json_t *files = json_object_get(m, "files");
    assert_true(json_array_size(files) >= 33);
    size_t i;
    json_t *f;
    json_array_foreach(files, i, f)
    {
        const char *rel = json_string_value(json_object_get(f, "path"));
        const char *format = json_string_value(json_object_get(f, "format"));
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", dir, rel);
        counts k = {0};
        if (!strcmp(format, "cin"))
            count_cin(path, &k);
        else
            count_csv(path, format, &k);
        json_t *rec = json_object_get(f, "records");
        for (int t = 0; t < SG_REC__COUNT; t++) {
            long want = jint(rec, sg_rec_type_name((sg_rec_type)t));
            if (want != k.rec[t])
                fail_msg("%s: %s manifest %ld, counted %ld", rel, sg_rec_type_name((sg_rec_type)t),
                         want, k.rec[t]);
        }
        if (jint(f, "rejected") != k.rejected)
            fail_msg("%s: rejected manifest %ld, counted %ld", rel, jint(f, "rejected"),
                     k.rejected);
    }
}

/* ---------- tests ---------- */

static void test_helpers(void **state)
{
    (void)state;
    /* Easter 2024: Good Friday 29 March and Easter Monday 1 April are bank holidays, so the
     * generator's clock (core/workdays.h, as the indicators') skips them. */
    sg_date thu = sg_date_from_ymd(2024, 3, 28), tue = sg_date_from_ymd(2024, 4, 2);
    sg_date sat = sg_date_from_ymd(2024, 3, 30);
    assert_int_equal(syn_wd_add(thu, 1), tue);
    assert_int_equal(syn_wd_add(thu, 5), sg_date_from_ymd(2024, 4, 8));
    assert_int_equal(syn_wd_add(sat, 1), tue); /* from a Saturday */
    assert_int_equal(syn_wd_add(sat, 0), sat);
    assert_int_equal(syn_wd_add(tue, 15), sg_date_from_ymd(2024, 4, 23));
    assert_int_equal(syn_wd_add(sg_date_from_ymd(2024, 4, 15), 5), sg_date_from_ymd(2024, 4, 22));
    assert_int_equal(syn_wd_between(thu, sg_date_from_ymd(2024, 4, 5)), 4);
    assert_int_equal(syn_wd_between(sg_date_from_ymd(2024, 4, 5), thu), -4);
    assert_int_equal(syn_wd_between(thu, tue), 1);
    assert_int_equal(syn_wd_between(tue, sg_date_from_ymd(2024, 4, 23)), 15);
    assert_int_equal(syn_wd_next(sg_date_from_ymd(2024, 3, 31)), tue);
    assert_int_equal(syn_wd_next(sg_date_from_ymd(2024, 3, 29)), tue);
    assert_int_equal(syn_wd_next(tue), tue);
    assert_int_equal(sg_date_add_months(sg_date_from_ymd(2024, 1, 31), 1),
                     sg_date_from_ymd(2024, 2, 29));
    assert_int_equal(syn_add_years(sg_date_from_ymd(2024, 2, 29), 1), sg_date_from_ymd(2025, 3, 1));
    char b[11];
    syn_fmt_uk(sg_date_from_ymd(2023, 4, 1), b);
    assert_string_equal(b, "01/04/2023");
    syn_fmt_iso(sg_date_from_ymd(2023, 4, 1), b);
    assert_string_equal(b, "2023-04-01");
    syn_rng r1, r2;
    syn_rng_seed(&r1, 5, SYN_STREAM_LIFE, 77, 0);
    syn_rng_seed(&r2, 5, SYN_STREAM_LIFE, 77, 0);
    for (int i = 0; i < 100; i++)
        assert_true(syn_next(&r1) == syn_next(&r2));
    syn_rng_seed(&r2, 5, SYN_STREAM_LIFE, 78, 0);
    assert_false(syn_next(&r1) == syn_next(&r2));
    for (int i = 0; i < 50; i++) {
        syn_bad_date(sg_date_from_ymd(2023, 6, 1), true, &r1, b);
        assert_int_equal(sg_date_parse_uk(b, strlen(b)), SG_DATE_NONE);
        assert_int_equal(strlen(b), 10);
        syn_bad_date(sg_date_from_ymd(2023, 6, 1), false, &r1, b);
        assert_int_equal(sg_date_parse_iso(b, strlen(b)), SG_DATE_NONE);
    }
}

static void test_options(void **state)
{
    (void)state;
    char *d = tmpdir();
    sg_error err;
    sg_synth_opts o = opts(d, 0, 1, 1, 0);
    assert_int_equal(sg_synth_run(&o, NULL, NULL, &err), SG_EINVAL);
    assert_string_equal(err.field, "children");
    o = opts(d, 100, 0, 1, 0);
    assert_int_equal(sg_synth_run(&o, NULL, NULL, &err), SG_EINVAL);
    assert_string_equal(err.field, "years");
    o = opts(d, 100, 1, 1, 1.5);
    assert_int_equal(sg_synth_run(&o, NULL, NULL, &err), SG_EINVAL);
    assert_string_equal(err.field, "faults");
    o = opts(d, 100, 1, 1, 0);
    o.la_code = "34";
    assert_int_equal(sg_synth_run(&o, NULL, NULL, &err), SG_EINVAL);
    assert_string_equal(err.field, "la_code");
    o = opts(d, 100, 1, (uint64_t)INT64_MAX + 1u, 0);
    assert_int_equal(sg_synth_run(&o, NULL, NULL, &err), SG_EINVAL);
    o = opts("/proc/no/such/place", 100, 1, 1, 0);
    assert_int_equal(sg_synth_run(&o, NULL, NULL, &err), SG_EIO);
    tu_rm_rf(d);
    free(d);
}

static int compare_trees(const char *a, const char *b, json_t *m)
{
    int diff = 0;
    char pa[4200], pb[4200];
    snprintf(pa, sizeof pa, "%s/manifest.json", a);
    snprintf(pb, sizeof pb, "%s/manifest.json", b);
    size_t la, lb;
    char *x = slurp(pa, &la), *y = slurp(pb, &lb);
    diff += la != lb || memcmp(x, y, la) != 0;
    free(x);
    free(y);
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(m, "files"), i, f)
    {
        const char *rel = json_string_value(json_object_get(f, "path"));
        snprintf(pa, sizeof pa, "%s/%s", a, rel);
        snprintf(pb, sizeof pb, "%s/%s", b, rel);
        x = slurp(pa, &la);
        y = slurp(pb, &lb);
        assert_non_null(x);
        assert_non_null(y);
        diff += la != lb || memcmp(x, y, la) != 0;
        free(x);
        free(y);
    }
    return diff;
}

static void test_determinism(void **state)
{
    (void)state;
    char *a = tmpdir(), *b = tmpdir(), *c = tmpdir();
    sg_synth_opts oa = opts(a, 3000, 2, 11, 0.05), ob = opts(b, 3000, 2, 11, 0.05),
                  oc = opts(c, 3000, 2, 12, 0.05);
    json_t *ma = run(&oa), *mb = run(&ob), *mc = run(&oc);
    assert_int_equal(compare_trees(a, b, ma), 0);
    /* another seed: the manifest and most data files differ */
    assert_true(compare_trees(a, c, ma) >= 20);
    /* faults never change the journeys: the truth is the same with and without them */
    char *d = tmpdir();
    sg_synth_opts od = opts(d, 3000, 2, 11, 0);
    json_t *md = run(&od);
    assert_true(json_equal(json_object_get(ma, "truth"), json_object_get(md, "truth")));
    json_decref(ma);
    json_decref(mb);
    json_decref(mc);
    json_decref(md);
    tu_rm_rf(a);
    tu_rm_rf(b);
    tu_rm_rf(c);
    tu_rm_rf(d);
    free(a);
    free(b);
    free(c);
    free(d);
}

static void test_counts_match_files(void **state)
{
    (void)state;
    char *d = tmpdir();
    sg_synth_opts o = opts(d, 6000, 2, 3, 0.04);
    json_t *m = run(&o);
    assert_true(json_array_size(json_object_get(m, "faults")) > 100);
    check_counts(d, m);
    json_decref(m);
    tu_rm_rf(d);
    free(d);
}

static double per10k(json_t *t, const char *k)
{
    return (double)jint(t, k) * 1e4 / (double)jint(t, "population");
}

static double pct(json_t *t, const char *num, const char *den)
{
    return 100.0 * (double)jint(t, num) / (double)jint(t, den);
}

#define IN_RANGE(v, lo, hi)                                                                        \
    do {                                                                                           \
        double v_ = (v);                                                                           \
        if (v_ < (lo) || v_ > (hi))                                                                \
            fail_msg("%s = %.1f outside %g..%g", #v, v_, (double)(lo), (double)(hi));              \
    } while (0)

/* Every date in a file is a real date on or before the collection's 31 March. */
static bool digits(const char *p, const char *pattern)
{
    for (; *pattern; p++, pattern++)
        if (*pattern == '9' ? (*p < '0' || *p > '9') : *p != *pattern) return false;
    return true;
}

static void check_dates_clean(const char *path, sg_date ye)
{
    size_t len;
    char *text = slurp(path, &len);
    for (size_t i = 0; i + 10 <= len; i++) {
        const char *p = text + i;
        bool iso = digits(p, "9999-99-99") && (i + 10 == len || p[10] != 'T');
        bool uk = digits(p, "99/99/9999");
        if (!iso && !uk) continue;
        sg_date d = iso ? sg_date_parse_iso(p, 10) : sg_date_parse_uk(p, 10);
        if (d == SG_DATE_NONE || d > ye) fail_msg("%s: date %.10s", path, p);
        i += 9;
    }
    free(text);
}

static bool in_list(const char *v, const char *const *list, int n)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(v, list[i])) return true;
    return false;
}

static void check_clean(const char *dir, json_t *m)
{
    assert_int_equal(json_array_size(json_object_get(m, "faults")), 0);
    const char *key;
    json_t *v;
    json_object_foreach(json_object_get(m, "fault_counts"), key, v)
        assert_int_equal(json_integer_value(v), 0);
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(m, "files"), i, f)
    {
        assert_int_equal(jint(f, "rejected"), 0);
        const char *rel = json_string_value(json_object_get(f, "path"));
        const char *period = json_string_value(json_object_get(f, "period"));
        int fy0 = 0;
        assert_true(sg_fy_parse(period, &fy0));
        sg_date ye = sg_date_from_ymd(fy0 + 1, 3, 31);
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", dir, rel);
        check_dates_clean(path, ye);
        const char *format = json_string_value(json_object_get(f, "format"));
        char *text = slurp(path, NULL);
        long n;
        char **ln = lines_of(text, &n);
        if (!strcmp(format, "cin")) {
            char val[64], start[16] = "";
            for (long k = 0; k < n; k++) {
                if (value_of(ln[k], "ReferralSource", val, sizeof val))
                    assert_true(in_list(val, syn_ref_source, SYN_NSOURCE));
                if (value_of(ln[k], "PrimaryNeedCode", val, sizeof val))
                    assert_true(in_list(val, syn_need, SYN_NNEED));
                if (value_of(ln[k], "InitialCategoryOfAbuse", val, sizeof val) ||
                    value_of(ln[k], "LatestCategoryOfAbuse", val, sizeof val))
                    assert_true(in_list(val, syn_cat, SYN_NCAT));
                if (value_of(ln[k], "CPPstartDate", val, sizeof val))
                    sg_strlcpy(start, val, sizeof start);
                if (value_of(ln[k], "CPPendDate", val, sizeof val))
                    assert_true(strcmp(val, start) >= 0);
                if (value_of(ln[k], "AssessmentActualStartDate", val, sizeof val))
                    sg_strlcpy(start, val, sizeof start);
                if (value_of(ln[k], "AssessmentAuthorisationDate", val, sizeof val))
                    assert_true(strcmp(val, start) >= 0);
            }
        } else if (!strcmp(format, "ssda903/episodes")) {
            for (long k = 1; k < n; k++) {
                char *c[16];
                assert_int_equal(split(ln[k], c, 16), 13);
                assert_true(c[0][0]);
                assert_true(in_list(c[3], syn_ls, SYN_NLS));
                assert_true(in_list(c[5], syn_place, SYN_NPLACE));
                if (c[7][0]) {
                    assert_true(in_list(c[8], syn_rec, SYN_NREC));
                    assert_true(sg_date_parse_uk(c[7], 10) >= sg_date_parse_uk(c[1], 10));
                }
            }
        } else if (!strcmp(format, "ssda903/missing") || !strcmp(format, "agency/police_missing")) {
            bool uk = format[0] == 's';
            for (long k = 1; k < n; k++) {
                char *c[16];
                int nc = split(ln[k], c, 16);
                const char *s = uk ? c[3] : c[9], *e = uk ? c[4] : c[10];
                assert_true(nc >= 5);
                if (*e) {
                    sg_date ds = uk ? sg_date_parse_uk(s, 10) : sg_date_parse_iso(s, 10);
                    sg_date de = uk ? sg_date_parse_uk(e, 10) : sg_date_parse_iso(e, 10);
                    assert_true(de >= ds);
                }
            }
        }
        free(ln);
        free(text);
    }
}

static void test_rates_and_truth(void **state)
{
    (void)state;
    char *d = tmpdir();
    sg_synth_opts o = opts(d, 20000, 2, 2024, 0);
    json_t *m = run(&o);
    check_clean(d, m);
    check_counts(d, m);
    json_t *truth = json_object_get(m, "truth");
    const char *period;
    json_t *t;
    json_object_foreach(truth, period, t)
    {
        IN_RANGE((double)jint(t, "population"), 19000, 21000);
        IN_RANGE(per10k(t, "referrals"), 450, 650);
        IN_RANGE(pct(t, "rereferrals_12m", "referrals"), 17, 27);
        IN_RANGE(pct(t, "referrals", "contacts"), 25, 35);
        IN_RANGE(pct(t, "referrals_nfa", "referrals"), 4, 10);
        IN_RANGE(per10k(t, "assessments_completed"), 450, 650);
        IN_RANGE(pct(t, "assessments_within_45wd", "assessments_completed"), 78, 92);
        IN_RANGE(pct(t, "assessed_not_in_need", "assessments_completed"), 22, 36);
        IN_RANGE(per10k(t, "s47_started"), 140, 240);
        IN_RANGE(per10k(t, "icpcs"), 45, 85);
        IN_RANGE(pct(t, "icpcs_within_15wd", "icpcs"), 70, 90);
        IN_RANGE(per10k(t, "cp_at_31march"), 30, 55);
        IN_RANGE(per10k(t, "cin_at_31march"), 270, 420);
        json_t *cat = json_object_get(t, "cp_started_by_initial_category");
        IN_RANGE(100.0 * (double)jint(cat, "NEG") / (double)jint(t, "cp_started"), 40, 60);
        IN_RANGE(100.0 * (double)jint(cat, "EMO") / (double)jint(t, "cp_started"), 25, 52);
        IN_RANGE(pct(t, "cp_second_or_subsequent", "cp_started"), 12, 34);
        IN_RANGE(pct(t, "cp_ended_2y_plus", "cp_ended"), 0.5, 9);
        IN_RANGE(per10k(t, "cla_at_31march"), 55, 85);
        IN_RANGE(pct(t, "cla_3plus_placements", "cla_at_31march"), 4, 18);
        IN_RANGE((double)jint(t, "lado_referrals") * 1e5 / (double)jint(t, "population"), 80, 300);
    }
    /* The truth agrees with what the last year's files say. */
    json_t *last = json_object_get(truth, "2024-25");
    assert_non_null(last);
    char path[4200];
    snprintf(path, sizeof path, "%s/2024-25/cin_census.xml", d);
    char *text = slurp(path, NULL);
    long n, refs = 0, open_plans = 0;
    char **ln = lines_of(text, &n);
    sg_date ys = sg_date_from_ymd(2024, 4, 1), ye = sg_date_from_ymd(2025, 3, 31);
    bool in_plan = false, ended = false;
    char v[64];
    for (long k = 0; k < n; k++) {
        if (value_of(ln[k], "CINreferralDate", v, sizeof v)) {
            sg_date r = sg_date_parse_iso(v, strlen(v));
            refs += r >= ys && r <= ye;
        }
        if (starts_tag(ln[k], "ChildProtectionPlans")) in_plan = true, ended = false;
        if (in_plan && strstr(ln[k], "<CPPendDate>")) ended = true;
        if (strstr(ln[k], "</ChildProtectionPlans>")) {
            open_plans += !ended;
            in_plan = false;
        }
    }
    assert_int_equal(refs, jint(last, "referrals"));
    assert_int_equal(open_plans, jint(last, "cp_at_31march"));
    free(ln);
    free(text);
    /* looked after at 31 March: children with an episode still open (DEC blank) */
    snprintf(path, sizeof path, "%s/2024-25/ssda903_episodes.csv", d);
    text = slurp(path, NULL);
    ln = lines_of(text, &n);
    long cla = 0;
    char prev[32] = "";
    for (long k = 1; k < n; k++) {
        char *c[16];
        split(ln[k], c, 16);
        if (!c[7][0] && strcmp(prev, c[0]) != 0) {
            cla++;
            sg_strlcpy(prev, c[0], sizeof prev);
        }
    }
    assert_int_equal(cla, jint(last, "cla_at_31march"));
    free(ln);
    free(text);
    /* the population return carries the same denominators */
    snprintf(path, sizeof path, "%s/population.csv", d);
    text = slurp(path, NULL);
    ln = lines_of(text, &n);
    assert_int_equal(n, 3);
    char *c[8];
    assert_int_equal(split(ln[2], c, 8), 7);
    assert_string_equal(c[0], "341");
    assert_string_equal(c[2], "2024");
    assert_int_equal(strtol(c[6], NULL, 10), jint(last, "population"));
    free(ln);
    free(text);
    json_decref(m);
    tu_rm_rf(d);
    free(d);
}

static void test_faults_visible(void **state)
{
    (void)state;
    char *d = tmpdir();
    sg_synth_opts o = opts(d, 20000, 2, 5, 0.05);
    json_t *m = run(&o);
    json_t *faults = json_object_get(m, "faults");
    long seen[F__COUNT] = {0};
    long total = 0;
    size_t i;
    json_t *f;
    /* cache one file's lines at a time (faults come grouped by file often enough) */
    char cached[256] = "";
    char *text = NULL;
    char **ln = NULL;
    long n = 0;
    json_array_foreach(faults, i, f)
    {
        const char *kind = json_string_value(json_object_get(f, "kind"));
        const char *file = json_string_value(json_object_get(f, "file"));
        const char *field = json_string_value(json_object_get(f, "field"));
        const char *value = json_string_value(json_object_get(f, "value"));
        const char *expect = json_string_value(json_object_get(f, "expect"));
        long line = jint(f, "line");
        int k = -1;
        for (int j = 0; j < F__COUNT; j++)
            if (!strcmp(kind, syn_fault_name[j])) k = j;
        assert_true(k >= 0);
        seen[k]++;
        total++;
        assert_string_equal(expect, k == F_IMPOSSIBLE || k == F_MISSING_ID ? "rejected" : "stored");
        if (strcmp(cached, file) != 0) {
            free(ln);
            free(text);
            char path[4200];
            snprintf(path, sizeof path, "%s/%s", d, file);
            text = slurp(path, NULL);
            assert_non_null(text);
            ln = lines_of(text, &n);
            sg_strlcpy(cached, file, sizeof cached);
        }
        assert_true(line >= 2 && line <= n);
        const char *l = ln[line - 1];
        bool xml = strstr(file, ".xml") != NULL;
        if (k == F_DUPLICATE) {
            if (xml && !strstr(l, "CPPreviewDate")) {
                /* a whole element written again: its opening tag follows the first copy's close */
                assert_true(l[strspn(l, " ")] == '<' && l[strspn(l, " ") + 1] != '/');
                assert_non_null(strstr(ln[line - 2], "</"));
            } else {
                assert_string_equal(l, ln[line - 2]);
            }
            continue;
        }
        assert_non_null(field);
        if (k == F_YEAR_RULE && !value) { /* a child identifier: the manifest has no value */
            assert_string_equal(field, "LAchildID");
            assert_non_null(strstr(l, "<LAchildID>"));
            continue;
        }
        assert_non_null(value);
        if (xml) {
            char want[128];
            snprintf(want, sizeof want, "<%s>%s</%s>", field, value, field);
            if (!strstr(l, want)) fail_msg("%s:%ld: %s not in '%s'", file, line, want, l);
        } else {
            /* the named column holds the value */
            char *hdrline = strdup(ln[0]), *row = strdup(l);
            char *h[64], *c[64];
            int nh = split(hdrline, h, 64), nc = split(row, c, 64);
            assert_int_equal(nh, nc);
            int ci = col(h, nh, field);
            if (strcmp(c[ci], value) != 0)
                fail_msg("%s:%ld: column %s is '%s', fault says '%s'", file, line, field, c[ci],
                         value);
            if (k == F_MISSING_FIELD || k == F_MISSING_ID) assert_string_equal(value, "");
            free(hdrline);
            free(row);
        }
        if (k == F_IMPOSSIBLE) {
            assert_int_equal(sg_date_parse_any(value, strlen(value), false), SG_DATE_NONE);
            assert_int_equal(strlen(value), 10);
        }
        if (k == F_FUTURE) {
            sg_date dv = sg_date_parse_any(value, strlen(value), false);
            int fy = (int)strtol(file, NULL, 10); /* "2024-25/..." or "annexa/..." (last year) */
            if (fy == 0) fy = 2024;
            assert_true(dv > sg_date_from_ymd(fy + 1, 3, 31));
        }
    }
    free(ln);
    free(text);
    for (int k = 0; k < F__COUNT; k++) {
        if (!seen[k]) fail_msg("no %s fault planted", syn_fault_name[k]);
        assert_int_equal(seen[k], jint(json_object_get(m, "fault_counts"), syn_fault_name[k]));
    }
    /* about 5% of records */
    long records = 0;
    json_array_foreach(json_object_get(m, "files"), i, f)
    {
        const char *key;
        json_t *v;
        json_object_foreach(json_object_get(f, "records"), key, v) if (strcmp(key, "child") != 0)
            records += (long)json_integer_value(v);
    }
    IN_RANGE(100.0 * (double)total / (double)records, 2.5, 8);
    json_decref(m);
    tu_rm_rf(d);
    free(d);
}

static long maxrss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static void test_memory_flat(void **state)
{
    (void)state;
    char *d = tmpdir();
    sg_synth_opts o = opts(d, 2000, 1, 9, 0.01);
    json_decref(run(&o));
    long before = maxrss_kb();
    o = opts(d, 200000, 1, 9, 0.01);
    json_t *m = run(&o);
    long after = maxrss_kb();
    /* 100 times the children, no more than the output buffers' worth of extra memory */
    if (after - before > 40 * 1024) fail_msg("peak RSS grew by %ld KB", after - before);
    assert_true(jint(json_object_get(json_object_get(m, "truth"), "2024-25"), "population") >
                190000);
    json_decref(m);
    tu_rm_rf(d);
    free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_helpers),         cmocka_unit_test(test_options),
        cmocka_unit_test(test_determinism),     cmocka_unit_test(test_counts_match_files),
        cmocka_unit_test(test_rates_and_truth), cmocka_unit_test(test_faults_visible),
        cmocka_unit_test(test_memory_flat),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_annexa.c - the Annex A importer: decorated-code decoding, list detection, the hand-written
 * cases in tests/cases/annexa/ (one per list, header tolerance, rejections; each with its exact
 * expected records), the liia-tools fixture workbook (record counts and values established
 * independently with python3), workbooks built here (title rows, skipped sheets, missing
 * columns), and the documented examples. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/mem.h"
#include "core/pseudo.h"
#include "ingest/annexa.h"
#include "ingest/csv.h"
#include "ingest/ingest.h"
#include "ingest/record.h"
#include "ingest/xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

/* ---- a sink that writes records as text lines ------------------------------------------------ */

typedef struct collector {
    sg_buf out;
    char alias[256][SG_PSEUDO_LEN + 1]; /* pseudonyms in order of first appearance: #1, #2 ... */
    int nalias;
    int64_t next_id;
    long by_type[SG_REC__COUNT];
} collector;

static int alias_of(collector *c, const char *pseudo)
{
    for (int i = 0; i < c->nalias; i++)
        if (strcmp(c->alias[i], pseudo) == 0) return i + 1;
    assert_true(c->nalias < 256);
    snprintf(c->alias[c->nalias], sizeof c->alias[0], "%s", pseudo);
    return ++c->nalias;
}

static void put_who(collector *c, const sg_rec *r)
{
    if (!r->child[0]) {
        sg_buf_puts(&c->out, " -");
        return;
    }
    assert_int_equal(strlen(r->child), SG_PSEUDO_LEN);
    assert_int_equal(r->child[0], 'L');
    sg_buf_printf(&c->out, " #%d", alias_of(c, r->child));
}

static void put_str(collector *c, const char *k, const char *v)
{
    if (v)
        sg_buf_printf(&c->out, " %s=\"%s\"", k, v);
    else
        sg_buf_printf(&c->out, " %s=-", k);
}

static void put_date(collector *c, const char *k, sg_date d)
{
    char iso[11];
    sg_buf_printf(&c->out, " %s=%s", k, d == SG_DATE_NONE ? "-" : sg_date_iso(d, iso));
}

static void put_tri(collector *c, const char *k, int t)
{
    sg_buf_printf(&c->out, " %s=%s", k, t == SG_TRI_YES ? "Y" : t == SG_TRI_NO ? "N" : "-");
}

static void put_int(collector *c, const char *k, int v)
{
    if (v < 0)
        sg_buf_printf(&c->out, " %s=-", k);
    else
        sg_buf_printf(&c->out, " %s=%d", k, v);
}

static int c_emit(void *ctx, const sg_rec *r, int64_t *id, sg_error *err)
{
    (void)err;
    collector *c = ctx;
    c->by_type[r->type]++;
    sg_buf_printf(&c->out, "%s L%ld", sg_rec_type_name(r->type), r->line);
    put_who(c, r);
    switch (r->type) {
    case SG_REC_CHILD: {
        const sg_rec_child *ch = &r->u.child;
        if (ch->birth_year)
            sg_buf_printf(&c->out, " birth=%04d-%02d", ch->birth_year, ch->birth_month);
        else
            sg_buf_puts(&c->out, " birth=-");
        put_str(c, "sex", ch->sex);
        put_str(c, "ethnicity", ch->ethnicity);
        put_str(c, "disability", ch->disabilities);
        put_tri(c, "uasc", ch->uasc);
        assert_int_equal(ch->nkeys, 0);
        break;
    }
    case SG_REC_CONTACT:
        put_date(c, "date", r->u.contact.date);
        put_str(c, "source", r->u.contact.source);
        assert_null(r->u.contact.outcome);
        break;
    case SG_REC_EARLY_HELP:
        put_date(c, "start", r->u.early_help.start);
        put_date(c, "end", r->u.early_help.end);
        put_str(c, "org", r->u.early_help.organisation);
        break;
    case SG_REC_REFERRAL:
        put_date(c, "date", r->u.referral.referral_date);
        put_str(c, "source", r->u.referral.source);
        put_tri(c, "nfa", r->u.referral.nfa);
        put_int(c, "last12m", r->u.referral.referrals_last_12m);
        break;
    case SG_REC_ASSESSMENT:
        put_date(c, "start", r->u.assessment.start);
        put_date(c, "authorised", r->u.assessment.authorised);
        put_tri(c, "seen", r->u.assessment.child_seen);
        put_tri(c, "needs", r->u.assessment.needs_support);
        break;
    case SG_REC_STRATEGY:
        put_date(c, "date", r->u.strategy.date);
        break;
    case SG_REC_S47:
        put_date(c, "start", r->u.s47.start);
        put_tri(c, "icpc_not_required", r->u.s47.icpc_not_required);
        put_date(c, "icpc", r->u.s47.icpc_date);
        put_tri(c, "cp_plan", r->u.s47.cp_plan_resulted);
        break;
    case SG_REC_CP_PLAN:
        put_date(c, "start", r->u.cp_plan.start);
        put_date(c, "end", r->u.cp_plan.end);
        put_str(c, "initial", r->u.cp_plan.initial_category);
        put_str(c, "latest", r->u.cp_plan.latest_category);
        put_int(c, "previous", r->u.cp_plan.previous_plans);
        break;
    case SG_REC_CLA_EPISODE:
        put_date(c, "start", r->u.cla_episode.start);
        put_date(c, "end", r->u.cla_episode.end);
        put_str(c, "ls", r->u.cla_episode.legal_status);
        put_str(c, "cin", r->u.cla_episode.cin);
        put_str(c, "place", r->u.cla_episode.placement);
        put_str(c, "provider", r->u.cla_episode.provider);
        put_str(c, "rec", r->u.cla_episode.reason_ceased);
        put_str(c, "urn", r->u.cla_episode.urn);
        break;
    case SG_REC_EXTRA:
        sg_buf_printf(&c->out, " %s", r->u.extra.table);
        for (int i = 0; i < r->u.extra.nfields; i++) {
            const char *k = r->u.extra.names[i], *v = r->u.extra.values[i];
            assert_non_null(v);
            if (strcmp(k, "family") == 0 || strcmp(k, "adopter") == 0)
                sg_buf_printf(&c->out, " %s=#%d", k, alias_of(c, v));
            else
                sg_buf_printf(&c->out, " %s=\"%s\"", k, v);
        }
        break;
    default:
        fail_msg("unexpected record type %d", r->type);
    }
    sg_buf_putc(&c->out, '\n');
    if (id) *id = ++c->next_id;
    return SG_OK;
}

static int c_reject(void *ctx, const sg_reject *rj, sg_error *err)
{
    (void)err;
    collector *c = ctx;
    assert_null(rj->raw);
    sg_buf_printf(&c->out, "reject L%ld", rj->line);
    put_str(c, "field", rj->field);
    put_str(c, "value", rj->value);
    put_str(c, "reason", rj->reason);
    sg_buf_printf(&c->out, " @%s\n", rj->file);
    return SG_OK;
}

static const unsigned char KEY[SG_PSEUDO_KEYLEN] = {7,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10,
                                                    11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
                                                    22, 23, 24, 25, 26, 27, 28, 29, 30, 31};

typedef struct run {
    collector c;
    sg_import_stats stats;
    sg_annexa_report rep;
    sg_error err;
    int rc;
} run;

static run *run_file(FILE *fp, const char *name, const char *format)
{
    run *r = xcalloc(1, sizeof *r);
    sg_buf_init(&r->c.out, 0);
    sg_pseudo ps;
    sg_pseudo_init_key(&ps, KEY);
    sg_sink sink = {&r->c, c_emit, c_reject};
    sg_ingest in = {fp, name, format, &ps, &sink, &r->stats};
    sg_error_clear(&r->err);
    r->rc = sg_annexa_import_report(&in, &r->rep, &r->err);
    /* The importer's stats agree with what reached the sink. */
    for (int t = 0; t < SG_REC__COUNT; t++)
        assert_int_equal(r->stats.records[t], r->c.by_type[t]);
    return r;
}

static void run_free(run *r)
{
    sg_buf_fini(&r->c.out);
    free(r);
}

static char *src_path(const char *rel)
{
    const char *dir = getenv("SG_SOURCE_DIR");
    assert_non_null(dir);
    size_t n = strlen(dir) + strlen(rel) + 2;
    char *p = xmalloc(n);
    snprintf(p, n, "%s/%s", dir, rel);
    return p;
}

static char *shared_path(const char *rel)
{
    const char *dir = getenv("SG_TESTS_DIR");
    assert_non_null(dir);
    size_t n = strlen(dir) + strlen(rel) + 2;
    char *p = xmalloc(n);
    snprintf(p, n, "%s/%s", dir, rel);
    return p;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) fail_msg("cannot open %s", path);
    sg_buf b;
    sg_buf_init(&b, 0);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        sg_buf_append(&b, chunk, n);
    fclose(f);
    char *s = xstrdup(sg_buf_str(&b));
    sg_buf_fini(&b);
    return s;
}

/* Detects the format from the first CSV record (as sg_detect does); "" when none. */
static void detect_first_row(FILE *fp, char format[64])
{
    format[0] = '\0';
    sg_csv *c = sg_csv_new(fp, "x.csv", NULL);
    const sg_csv_row *row = NULL;
    sg_error err;
    assert_int_equal(sg_csv_next(c, &row, &err), SG_OK);
    assert_non_null(row);
    if (!sg_annexa_detect_header(row, format)) format[0] = '\0';
    sg_csv_free(c);
    rewind(fp);
}

/* ---- decoding ------------------------------------------------------------------------------ */

static void test_code(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"a) Male", "Male"},
        {"b) Female", "Female"},
        {"Female", "Female"},
        {"q) 6: Police", "6"},
        {"b) 1B: Individual", "1B"},
        {"N1 - Abuse or neglect", "N1"},
        {"N1 - Abuse or Neglect", "N1"},
        {"PSRMEM - Support with memory and cognition", "PSRMEM"},
        {"E1: Placement order", "E1"},
        {"f) U6: Foster placement - not FFA", "U6"},
        {"e) PR4 - Private provision", "PR4"},
        {"k) E47: Special Guardianship Orders - relative/friend", "E47"},
        {"Y: Other accommodation", "Y"},
        {"c) Not stated/recorded", "Not stated/recorded"},
        {"c) Child in need plan", "Child in need plan"},
        {"Physical abuse", "Physical abuse"},
        {"  a) WBRI  ", "WBRI"},
        {"\xC2\xA0s) NOBT\xC2\xA0", "NOBT"},
        {"aa) 10: Unknown", "10"},
        {"N4 \xE2\x80\x93 Family in acute stress", "N4"}, /* en dash */
        {"RC1 :Adopted", "RC1"},
        {"N1-Abuse", "N1-Abuse"},                       /* no spaced dash: not a code */
        {"Top Town: Academy", "Top Town: Academy"},     /* more than one word before ':' */
        {"ABCDEFGHIJK: eleven", "ABCDEFGHIJK: eleven"}, /* longer than a code */
        {"6:", "6:"},                                   /* nothing after the separator */
        {"No", "No"},
        {"a)Male", "a)Male"}, /* no space after the letter */
        {"", ""},
        {"   ", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n;
        const char *p = sg_annexa_code(cases[i].in, strlen(cases[i].in), &n);
        if (n != strlen(cases[i].out) || memcmp(p, cases[i].out, n) != 0)
            fail_msg("\"%s\" decoded to \"%.*s\", want \"%s\"", cases[i].in, (int)n, p,
                     cases[i].out);
    }
}

/* ---- detection ----------------------------------------------------------------------------- */

static int detect_names(const char *const *names, size_t n, char format[64])
{
    sg_csv_field f[64];
    assert_true(n <= 64);
    for (size_t i = 0; i < n; i++)
        f[i] = (sg_csv_field){names[i], strlen(names[i]), 1, (long)i + 1, false};
    sg_csv_row row = {n, f, 1, 1, 1, NULL, 0};
    return sg_annexa_detect_header(&row, format);
}

typedef struct header_grab {
    sg_csv_field f[64];
    char *text[64];
    size_t n;
} header_grab;

static int grab_first(void *ctx, const sg_xlsx_row *r, sg_error *err)
{
    (void)err;
    header_grab *g = ctx;
    g->n = r->ncells < 64 ? r->ncells : 64;
    for (size_t i = 0; i < g->n; i++) {
        g->text[i] = xstrdup(r->cell[i]);
        g->f[i] = (sg_csv_field){g->text[i], r->len[i], 1, (long)i + 1, false};
    }
    return SG_XLSX_STOP;
}

static void test_detect(void **state)
{
    (void)state;
    char fmt[64];
    /* Each header row of the fixture workbook is recognised as its own list. */
    char *path = shared_path("fixtures/liia-tools/Annex_A.xlsx");
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    sg_xlsx *x;
    sg_error err;
    assert_int_equal(sg_xlsx_open(fp, "Annex_A.xlsx", NULL, &x, &err), SG_OK);
    for (size_t i = 0; i < 11; i++) {
        header_grab g;
        memset(&g, 0, sizeof g);
        assert_int_equal(sg_xlsx_rows(x, i, grab_first, &g, &err), SG_OK);
        sg_csv_row row = {g.n, g.f, 1, 1, 1, NULL, 0};
        char want[64];
        snprintf(want, sizeof want, "annexa/%zu", i + 1);
        assert_true(sg_annexa_detect_header(&row, fmt));
        assert_string_equal(fmt, want);
        for (size_t k = 0; k < g.n; k++)
            free(g.text[k]);
    }
    sg_xlsx_free(x);
    fclose(fp);
    free(path);

    /* Tolerant spellings and synonyms. */
    const char *h1[] = {"CHILD UNIQUE ID*", "gender", "Contact date"};
    assert_true(detect_names(h1, 3, fmt));
    assert_string_equal(fmt, "annexa/1");
    const char *h7[] = {"Child ID", "CP Plan Start Date", "Initial Category"};
    assert_true(detect_names(h7, 3, fmt));
    assert_string_equal(fmt, "annexa/7");
    /* Only the shared columns: no list. */
    const char *hc[] = {"Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age"};
    assert_false(detect_names(hc, 5, fmt));
    /* A list's own columns without the child's identifier: no list. */
    const char *hn[] = {"Gender", "Date of Referral", "Referral Source"};
    assert_false(detect_names(hn, 3, fmt));
    /* Other returns are not Annex A. */
    const char *h903[] = {"CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC"};
    assert_false(detect_names(h903, 8, fmt));
    const char *hag[] = {"child_la_id",    "nhs_number", "surname",      "forename",
                         "date_of_birth",  "sex",        "organisation", "assessment_start",
                         "assessment_end", "outcome"};
    assert_false(detect_names(hag, 10, fmt));
    /* The list with most of its own columns wins: a CIN list that also carries a referral
     * date is list 6, not list 3. */
    const char *h6[] = {"Child Unique ID", "Date of Referral", "CIN Start Date",
                        "Primary Need Code", "Case Status"};
    assert_true(detect_names(h6, 5, fmt));
    assert_string_equal(fmt, "annexa/6");
}

/* ---- the hand-written cases ---------------------------------------------------------------- */

static void check_case(const char *name)
{
    char rel[128];
    snprintf(rel, sizeof rel, "tests/cases/annexa/%s.csv", name);
    char *csv = src_path(rel);
    snprintf(rel, sizeof rel, "tests/cases/annexa/%s.expected", name);
    char *exp_path = src_path(rel);
    char *expected = slurp(exp_path);

    /* First line: "format annexa/N" (detected from the first row) or "force annexa/N". */
    char *nl = strchr(expected, '\n');
    assert_non_null(nl);
    *nl = '\0';
    const char *want_body = nl + 1;
    char format[64];
    bool force = strncmp(expected, "force ", 6) == 0;
    assert_true(force || strncmp(expected, "format ", 7) == 0);
    snprintf(format, sizeof format, "%s", strchr(expected, ' ') + 1);

    FILE *fp = fopen(csv, "rb");
    assert_non_null(fp);
    char detected[64];
    detect_first_row(fp, detected);
    if (force)
        assert_string_equal(detected, "");
    else
        assert_string_equal(detected, format);

    run *r = run_file(fp, "case.csv", format);
    fclose(fp);
    if (r->rc != SG_OK) fail_msg("%s: import failed: %s", name, r->err.msg);
    sg_buf_printf(&r->c.out, "stats rows=%ld rejected=%ld\n", r->stats.rows_read,
                  r->stats.rejected);
    /* Rejections name the file; the expected files leave it out. */
    sg_buf got;
    sg_buf_init(&got, 0);
    for (const char *p = sg_buf_str(&r->c.out); *p;) {
        const char *e = strchr(p, '\n');
        const char *at = strstr(p, " @case.csv\n");
        if (at && at < e + 1 && strncmp(p, "reject", 6) == 0) {
            sg_buf_append(&got, p, (size_t)(at - p));
            sg_buf_putc(&got, '\n');
        } else {
            assert_true(strncmp(p, "reject", 6) != 0);
            sg_buf_append(&got, p, (size_t)(e - p + 1));
        }
        p = e + 1;
    }
    if (strcmp(sg_buf_str(&got), want_body) != 0)
        fail_msg("case %s:\n--- got ---\n%s--- want ---\n%s", name, sg_buf_str(&got), want_body);
    assert_int_equal(r->rep.nsheets, 1);
    assert_int_equal(r->rep.skipped, 0);
    assert_int_equal(r->rep.sheet[0].list, strtol(strchr(format, '/') + 1, NULL, 10));
    sg_buf_fini(&got);
    run_free(r);
    free(expected);
    free(exp_path);
    free(csv);
}

static void test_cases(void **state)
{
    (void)state;
    static const char *names[] = {"list1",  "list2",  "list3",           "list4",
                                  "list5",  "list6",  "list7",           "list8",
                                  "list10", "list11", "tolerance_list3", "rejects_list1"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        check_case(names[i]);
}

/* The child's pseudonym is the LA child ID's, as the CIN census and 903 make it: the same
 * child links across returns. Staff names never reach a record. */
static void test_links_and_no_staff_names(void **state)
{
    (void)state;
    char *csv = src_path("tests/cases/annexa/list3.csv");
    FILE *fp = fopen(csv, "rb");
    assert_non_null(fp);
    run *r = run_file(fp, "list3.csv", "annexa/3");
    fclose(fp);
    assert_int_equal(r->rc, SG_OK);
    sg_pseudo ps;
    sg_pseudo_init_key(&ps, KEY);
    char want[SG_PSEUDO_LEN + 1];
    assert_int_equal(sg_pseudo_make(&ps, SG_ID_LA, "R3001", 5, want), SG_OK);
    assert_string_equal(r->c.alias[0], want);
    assert_int_equal(sg_pseudo_make(&ps, SG_ID_LA, "R3004", 5, want), SG_OK);
    assert_string_equal(r->c.alias[3], want);
    const char *out = sg_buf_str(&r->c.out);
    assert_null(strstr(out, "Worker"));
    assert_null(strstr(out, "Duty Team"));
    assert_null(strstr(out, "R300")); /* no raw ID anywhere */
    run_free(r);
    free(csv);

    /* Family F77 has one pseudonym in list 10 and list 11, and it is not child F77's. */
    csv = src_path("tests/cases/annexa/list10.csv");
    fp = fopen(csv, "rb");
    run *r10 = run_file(fp, "list10.csv", "annexa/10");
    fclose(fp);
    free(csv);
    csv = src_path("tests/cases/annexa/list11.csv");
    fp = fopen(csv, "rb");
    run *r11 = run_file(fp, "list11.csv", "annexa/11");
    fclose(fp);
    free(csv);
    assert_int_equal(r10->rc, SG_OK);
    assert_int_equal(r11->rc, SG_OK);
    assert_string_equal(r10->c.alias[1], r11->c.alias[1]); /* #2 in both: family F77 */
    assert_string_not_equal(r11->c.alias[0], r11->c.alias[1]);
    assert_int_equal(sg_pseudo_make(&ps, SG_ID_LA, "F77", 3, want), SG_OK);
    assert_string_not_equal(r10->c.alias[1], want);
    run_free(r10);
    run_free(r11);
}

static void test_csv_errors(void **state)
{
    (void)state;
    /* A required column missing fails the whole file, naming the column. */
    static const char no_date[] =
        "Child Unique ID,Gender,Referral Source\nR1,a) Male,q) 6: Police\n";
    FILE *fp = fmemopen((void *)no_date, sizeof no_date - 1, "rb");
    run *r = run_file(fp, "refs.csv", "annexa/3");
    fclose(fp);
    assert_int_equal(r->rc, SG_EPARSE);
    assert_string_equal(r->err.field, "Date of Referral");
    assert_string_equal(r->err.file, "refs.csv");
    assert_non_null(strstr(r->err.msg, "\"Date of Referral\""));
    assert_int_equal(r->stats.rows_read, 0);
    run_free(r);

    /* Not the list asked for: no identifier column in the first rows. */
    static const char other[] = "CHILD,DECOM,RNE\nA,01/01/2020,S\n";
    fp = fmemopen((void *)other, sizeof other - 1, "rb");
    r = run_file(fp, "eps.csv", "annexa/8");
    fclose(fp);
    assert_int_equal(r->rc, SG_EPARSE);
    assert_non_null(strstr(r->err.msg, "Child Unique ID"));
    run_free(r);

    /* Unknown format ids. */
    static const char any[] = "Child Unique ID\n1\n";
    const char *bad[] = {"annexa/0", "annexa/12", "annexa/", "annexa/3x", "cin", NULL};
    for (size_t i = 0; i < 6; i++) {
        fp = fmemopen((void *)any, sizeof any - 1, "rb");
        r = run_file(fp, "x.csv", bad[i]);
        fclose(fp);
        assert_int_equal(r->rc, SG_EINVAL);
        run_free(r);
    }

    /* A malformed CSV record after the header is rejected and the import goes on. */
    static const char quote[] = "Child Unique ID,Date of Contact,Contact Source\n"
                                "Q1,2020-09-16,\"6\"x\n"
                                "Q2,2020-09-17,6\n";
    fp = fmemopen((void *)quote, sizeof quote - 1, "rb");
    r = run_file(fp, "q.csv", "annexa/1");
    fclose(fp);
    assert_int_equal(r->rc, SG_OK);
    assert_int_equal(r->stats.rows_read, 2);
    assert_int_equal(r->stats.rejected, 1);
    assert_int_equal(r->stats.records[SG_REC_CONTACT], 1);
    assert_non_null(strstr(sg_buf_str(&r->c.out), "reject L2 field=- value=-"));
    assert_non_null(strstr(sg_buf_str(&r->c.out), "contact L3 #1 date=2020-09-17"));
    run_free(r);
}

/* ---- the fixture workbook ------------------------------------------------------------------ */

static const char *line_with(const char *out, const char *prefix, const char *needle)
{
    /* The first line starting with prefix that contains needle, or NULL. */
    for (const char *p = out; *p;) {
        const char *e = strchr(p, '\n');
        if (strncmp(p, prefix, strlen(prefix)) == 0) {
            char *l = xstrndup(p, (size_t)(e - p));
            bool hit = strstr(l, needle) != NULL;
            free(l);
            if (hit) return p;
        }
        p = e + 1;
    }
    return NULL;
}

static void test_fixture_workbook(void **state)
{
    (void)state;
    char *path = shared_path("fixtures/liia-tools/Annex_A.xlsx");
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    run *r = run_file(fp, "Annex_A.xlsx", "annexa-xlsx");
    fclose(fp);
    if (r->rc) fail_msg("import failed: %s", r->err.msg);
    /* Counted with python3 (zipfile + xml.etree): data rows per sheet 5 5 6 5 5 5 7 5 6 5 5,
     * every date cell an Excel serial, every Child Unique ID / adopter id present. */
    assert_int_equal(r->rep.nsheets, 11);
    assert_int_equal(r->rep.skipped, 0);
    static const long rows[11] = {5, 5, 6, 5, 5, 5, 7, 5, 6, 5, 5};
    for (int i = 0; i < 11; i++) {
        char name[16];
        snprintf(name, sizeof name, "List %d", i + 1);
        assert_string_equal(r->rep.sheet[i].name, name);
        assert_int_equal(r->rep.sheet[i].list, i + 1);
        assert_int_equal(r->rep.sheet[i].header_row, 1);
        assert_int_equal(r->rep.sheet[i].rows, rows[i]);
        assert_int_equal(r->rep.sheet[i].rejected, 0);
    }
    assert_int_equal(r->stats.rows_read, 59);
    assert_int_equal(r->stats.rejected, 0);
    assert_int_equal(r->stats.records[SG_REC_CHILD], 54); /* lists 1-10 */
    assert_int_equal(r->stats.records[SG_REC_CONTACT], 5);
    assert_int_equal(r->stats.records[SG_REC_EARLY_HELP], 5);
    assert_int_equal(r->stats.records[SG_REC_REFERRAL], 6);
    assert_int_equal(r->stats.records[SG_REC_ASSESSMENT], 5);
    assert_int_equal(r->stats.records[SG_REC_STRATEGY], 5);
    assert_int_equal(r->stats.records[SG_REC_S47], 5);
    assert_int_equal(r->stats.records[SG_REC_CP_PLAN], 7);
    assert_int_equal(r->stats.records[SG_REC_CLA_EPISODE], 5);
    assert_int_equal(r->stats.records[SG_REC_EXTRA], 21); /* lists 6, 9, 10, 11 */
    assert_int_equal(r->stats.records[SG_REC_CIN_PLAN], 0);

    const char *out = sg_buf_str(&r->c.out);
    /* List 1 row 2: 9212044, Female, a) WBRI, DOB 42029 (2015-01-25), contact 44090
     * (2020-09-16), q) 6: Police. The first child seen is #1. */
    assert_non_null(strstr(out, "child L2 #1 birth=2015-01 sex=\"Female\" ethnicity=\"WBRI\" "
                                "disability=- uasc=-\ncontact L2 #1 date=2020-09-16 "
                                "source=\"6\"\n"));
    sg_pseudo ps;
    sg_pseudo_init_key(&ps, KEY);
    char want[SG_PSEUDO_LEN + 1];
    assert_int_equal(sg_pseudo_make(&ps, SG_ID_LA, "9212044", 7, want), SG_OK);
    assert_string_equal(r->c.alias[0], want);
    /* List 1 row 3 has no date of birth. */
    assert_non_null(strstr(out, "child L3 #2 birth=- sex=\"Female\" ethnicity=\"APKN\""));
    /* List 4: "CS Assessment Updated" is not a yes/no. Row 2: 10692868, start 43601
     * (2019-05-16), authorised 44235 (2021-02-08). */
    assert_non_null(strstr(out, "assessment L2 #17 start=2019-05-16 authorised=2021-02-08 "
                                "seen=Y needs=-\n"));
    /* List 5 row 2: 11641472, strategy 44090, ICPC unnecessary "No", ICPC 44109
     * (2020-10-05), plan "Yes". */
    assert_non_null(strstr(out, "strategy L2 #22 date=2020-09-16\ns47 L2 #22 start=2020-09-16 "
                                "icpc_not_required=N icpc=2020-10-05 cp_plan=Y\n"));
    /* List 3 row 2 and list 5 row 3 are the same child (6537810): one pseudonym. */
    const char *l3 = line_with(out, "referral L2 ", "");
    const char *l5 = line_with(out, "s47 L3 ", "");
    assert_non_null(l3);
    assert_non_null(l5);
    assert_int_equal(strtol(strchr(l3, '#') + 1, NULL, 10), strtol(strchr(l5, '#') + 1, NULL, 10));
    /* List 7 row 2: 10721552, start 44158 (2020-11-23), Physical abuse, end 44243
     * (2021-02-16), no previous plans. */
    assert_non_null(line_with(out, "cp_plan L2 ",
                              "start=2020-11-23 end=2021-02-16 "
                              "initial=\"PHY\" latest=\"PHY\" previous=0"));
    /* List 8 row 6: 3623204, UASC b) No, disability a) Yes, started 39743 (2008-10-22),
     * ceased 44096 (2020-09-22), C1: ICO, E47, H5, PR4. */
    assert_non_null(line_with(out, "child L6 ", "disability=\"Yes\" uasc=N"));
    assert_non_null(line_with(out, "cla_episode L6 ",
                              "start=2008-10-22 end=2020-09-22 ls=\"C1\" cin=\"N1\" "
                              "place=\"H5\" provider=\"PR4\" rec=\"E47\" urn=-"));
    /* List 6 row 2 (12598894): primary need "PSRMEM - ..." decodes to PSRMEM; CIN start
     * 40338 (2010-06-09). */
    assert_non_null(line_with(out, "extra L2 ",
                              "annexa/6 cin_start_date=\"2010-06-09\" "
                              "primary_need=\"PSRMEM\" "));
    /* List 11 row 5: leaving date 40343 (2010-06-14), reason "1"; no child. */
    assert_non_null(line_with(out, "extra L5 - annexa/11 ",
                              "left_process_date=\"2010-06-14\" "
                              "left_process_reason=\"1\""));
    /* Worker names and team names never reach a record. */
    assert_null(strstr(out, "Hazlett"));
    assert_null(strstr(out, "Jae Vang"));
    assert_null(strstr(out, "Duty Team"));                         /* an allocated team */
    assert_non_null(strstr(out, "org=\"Early Help Locality 2\"")); /* an organisation */
    assert_null(strstr(out, "T28 2WB"));
    run_free(r);
    free(path);
}

/* ---- workbooks built here ------------------------------------------------------------------ */

typedef struct entry {
    const char *name;
    const char *data;
} entry;

static char *make_zip(const entry *e, size_t n)
{
    char *path = xstrdup("/tmp/sg_test_annexa_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    zipFile zf = zipOpen64(path, APPEND_STATUS_CREATE);
    assert_non_null(zf);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(
            zipOpenNewFileInZip64(zf, e[i].name, NULL, NULL, 0, NULL, 0, NULL, Z_DEFLATED, 6, 0),
            ZIP_OK);
        assert_int_equal(zipWriteInFileInZip(zf, e[i].data, (unsigned)strlen(e[i].data)), ZIP_OK);
        assert_int_equal(zipCloseFileInZip(zf), ZIP_OK);
    }
    assert_int_equal(zipClose(zf, NULL), ZIP_OK);
    return path;
}

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define RNS "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define WS "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"

static const char BOOK_WB[] = "<workbook " NS " " RNS "><sheets>"
                              "<sheet name=\"Notes\" sheetId=\"1\" r:id=\"rId1\"/>"
                              "<sheet name=\"Contacts\" sheetId=\"2\" r:id=\"rId2\"/>"
                              "<sheet name=\"Deep\" sheetId=\"3\" r:id=\"rId3\"/>"
                              "</sheets></workbook>";
static const char BOOK_RELS[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"" WS "\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"" WS "\" Target=\"worksheets/sheet2.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"" WS "\" Target=\"worksheets/sheet3.xml\"/>"
    "</Relationships>";
/* A notes sheet: text, no header. */
static const char BOOK_NOTES[] =
    "<worksheet " NS "><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Annex A "
    "return, Child Unique ID in column A</t></is></c></row></sheetData></worksheet>";
/* List 1 with two title rows; the header in row 3 (inline strings); data rows 4-6. */
static const char BOOK_LIST1[] =
    "<worksheet " NS "><sheetData>"
    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>List 1: Contacts</t></is></c></row>"
    "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>Child Unique ID*</t></is></c>"
    "<c r=\"B3\" t=\"inlineStr\"><is><t>Gender*</t></is></c>"
    "<c r=\"C3\" t=\"inlineStr\"><is><t>Date of Birth</t></is></c>"
    "<c r=\"D3\" t=\"inlineStr\"><is><t>Date of Contact*</t></is></c>"
    "<c r=\"E3\" t=\"inlineStr\"><is><t>Contact Source*</t></is></c></row>"
    "<row r=\"4\"><c r=\"A4\"><v>501</v></c><c r=\"B4\" t=\"inlineStr\"><is><t>a) Male</t></is>"
    "</c><c r=\"C4\"><v>42029</v></c><c r=\"D4\"><v>44090</v></c><c r=\"E4\" t=\"inlineStr\">"
    "<is><t>q) 6: Police</t></is></c></row>"
    "<row r=\"5\"><c r=\"A5\"><v>502</v></c><c r=\"D5\" t=\"inlineStr\"><is><t>not known</t>"
    "</is></c></row>"
    "<row r=\"6\"><c r=\"B6\" t=\"inlineStr\"><is><t>b) Female</t></is></c><c r=\"D6\">"
    "<v>44091</v></c></row>"
    "<row r=\"8\"><c r=\"A8\"><v>503</v></c><c r=\"D8\"><v>44091.5</v></c></row>"
    "</sheetData></worksheet>";
/* A header below row 10 is not looked for: skipped. */
static const char BOOK_DEEP[] =
    "<worksheet " NS "><sheetData>"
    "<row r=\"11\"><c r=\"A11\" t=\"inlineStr\"><is><t>Child Unique ID</t></is></c>"
    "<c r=\"B11\" t=\"inlineStr\"><is><t>Date of Contact</t></is></c></row>"
    "<row r=\"12\"><c r=\"A12\"><v>9</v></c><c r=\"B12\"><v>44090</v></c></row>"
    "</sheetData></worksheet>";

static void test_built_workbook(void **state)
{
    (void)state;
    entry e[] = {{"xl/workbook.xml", BOOK_WB},
                 {"xl/_rels/workbook.xml.rels", BOOK_RELS},
                 {"xl/worksheets/sheet1.xml", BOOK_NOTES},
                 {"xl/worksheets/sheet2.xml", BOOK_LIST1},
                 {"xl/worksheets/sheet3.xml", BOOK_DEEP}};
    char *path = make_zip(e, 5);
    FILE *fp = fopen(path, "rb");
    run *r = run_file(fp, "book.xlsx", "annexa-xlsx");
    fclose(fp);
    if (r->rc) fail_msg("import failed: %s", r->err.msg);
    assert_int_equal(r->rep.nsheets, 3);
    assert_int_equal(r->rep.skipped, 2);
    assert_int_equal(r->stats.skipped_parts, 2); /* what the CLI tells the user */
    assert_string_equal(r->rep.sheet[0].name, "Notes");
    assert_int_equal(r->rep.sheet[0].list, 0);
    assert_int_equal(r->rep.sheet[1].list, 1);
    assert_int_equal(r->rep.sheet[1].header_row, 3);
    assert_int_equal(r->rep.sheet[1].rows, 4);
    assert_int_equal(r->rep.sheet[1].rejected, 2);
    assert_int_equal(r->rep.sheet[2].list, 0);
    assert_int_equal(r->rep.sheet[2].rows, 0);
    assert_string_equal(sg_buf_str(&r->c.out),
                        "child L4 #1 birth=2015-01 sex=\"Male\" ethnicity=- disability=- uasc=-\n"
                        "contact L4 #1 date=2020-09-16 source=\"6\"\n"
                        "reject L5 field=\"Date of Contact*\" value=\"not known\" reason=\"not a "
                        "real date; expected YYYY-MM-DD, dd/mm/YYYY or an Excel serial number\" "
                        "@book.xlsx[Contacts]\n"
                        "reject L6 field=\"Child Unique ID*\" value=- reason=\"no child "
                        "identifier\" @book.xlsx[Contacts]\n"
                        "child L8 #2 birth=- sex=- ethnicity=- disability=- uasc=-\n"
                        "contact L8 #2 date=2020-09-17 source=-\n");
    run_free(r);
    unlink(path);
    free(path);

    /* A sheet recognised as a list but missing a required column fails the whole file. */
    static const char no_date[] =
        "<worksheet " NS "><sheetData>"
        "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Child Unique ID</t></is></c>"
        "<c r=\"B1\" t=\"inlineStr\"><is><t>Contact Source</t></is></c></row>"
        "<row r=\"2\"><c r=\"A2\"><v>1</v></c><c r=\"B2\" t=\"inlineStr\"><is><t>6</t></is></c>"
        "</row></sheetData></worksheet>";
    entry e2[] = {{"xl/workbook.xml", BOOK_WB},
                  {"xl/_rels/workbook.xml.rels", BOOK_RELS},
                  {"xl/worksheets/sheet1.xml", BOOK_NOTES},
                  {"xl/worksheets/sheet2.xml", no_date},
                  {"xl/worksheets/sheet3.xml", BOOK_DEEP}};
    path = make_zip(e2, 5);
    fp = fopen(path, "rb");
    r = run_file(fp, "book.xlsx", "annexa-xlsx");
    fclose(fp);
    assert_int_equal(r->rc, SG_EPARSE);
    assert_string_equal(r->err.file, "book.xlsx[Contacts]");
    assert_string_equal(r->err.field, "Date of Contact");
    assert_int_equal(r->err.line, 1);
    assert_non_null(strstr(r->err.msg, "list 1"));
    run_free(r);
    unlink(path);
    free(path);

    /* Not a workbook at all. */
    static const char text[] = "Child Unique ID,Date of Contact\n";
    fp = fmemopen((void *)text, sizeof text - 1, "rb");
    r = run_file(fp, "book.xlsx", "annexa-xlsx");
    fclose(fp);
    assert_int_equal(r->rc, SG_EPARSE);
    assert_non_null(strstr(r->err.msg, "zip"));
    run_free(r);
}

/* ---- the documented examples --------------------------------------------------------------- */

static void test_examples(void **state)
{
    (void)state;
    for (int n = 1; n <= 8; n++) {
        char rel[64];
        snprintf(rel, sizeof rel, "docs/formats/examples/annexa_list%d.csv", n);
        char *path = src_path(rel);
        FILE *fp = fopen(path, "rb");
        if (!fp) fail_msg("missing %s", rel);
        char fmt[64], want[64];
        snprintf(want, sizeof want, "annexa/%d", n);
        detect_first_row(fp, fmt);
        assert_string_equal(fmt, want);
        run *r = run_file(fp, rel, fmt);
        fclose(fp);
        if (r->rc || r->stats.rejected || r->stats.rows_read < 3)
            fail_msg("%s: rc %d, %ld rows, %ld rejected: %s\n%s", rel, r->rc, r->stats.rows_read,
                     r->stats.rejected, r->err.msg, sg_buf_str(&r->c.out));
        assert_int_equal(r->stats.records[SG_REC_CHILD], r->stats.rows_read);
        run_free(r);
        free(path);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_code),           cmocka_unit_test(test_detect),
        cmocka_unit_test(test_cases),          cmocka_unit_test(test_links_and_no_staff_names),
        cmocka_unit_test(test_csv_errors),     cmocka_unit_test(test_fixture_workbook),
        cmocka_unit_test(test_built_workbook), cmocka_unit_test(test_examples),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

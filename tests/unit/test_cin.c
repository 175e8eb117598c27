/* test_cin.c - the CIN census importer against hand-written files in tests/cases/cin (every
 * field, parent links, order, rejections at each level, limits, hostile XML) and the shared
 * fixtures (counts established with python3/grep, see docs/formats/cin.md).
 *
 * The collecting sink renders each record and rejection as one line of text with every field,
 * so a test states the whole expected output. Pseudonyms are shown as {L:raw} / {U:raw} for the
 * identifiers the test registers; ids are assigned 1, 2, 3 ... in emission order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/mem.h"
#include "core/pseudo.h"
#include "core/sg.h"
#include "ingest/ingest.h"
#include "ingest/record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- collecting sink ------------------------------------------------------------------------ */

#define MAX_LINES 256
#define MAX_NAMES 32

typedef struct coll {
    const sg_pseudo *pseudo;
    int nnames;
    char pseudos[MAX_NAMES][SG_PSEUDO_LEN + 1];
    char labels[MAX_NAMES][48];
    int nlines;
    char *lines[MAX_LINES];
    int64_t next_id;
    int fail_at; /* emit number (1-based) that fails with SG_EDB; 0 = never */
    int nemits;
} coll;

static void coll_name(coll *c, sg_id_kind kind, const char *raw)
{
    assert_true(c->nnames < MAX_NAMES);
    assert_int_equal(sg_pseudo_make(c->pseudo, kind, raw, strlen(raw), c->pseudos[c->nnames]),
                     SG_OK);
    snprintf(c->labels[c->nnames], sizeof c->labels[0], "{%c:%s}", sg_pseudo_kind_letter(kind),
             raw);
    c->nnames++;
}

static const char *label(const coll *c, const char *ps)
{
    if (!ps[0]) return "-";
    for (int i = 0; i < c->nnames; i++)
        if (!strcmp(c->pseudos[i], ps)) return c->labels[i];
    return ps;
}

static void coll_free(coll *c)
{
    for (int i = 0; i < c->nlines; i++)
        free(c->lines[i]);
    c->nlines = 0;
}

static const char *s_(const char *s)
{
    return s ? s : "-";
}

static const char *d_(sg_date d, char buf[11])
{
    if (d == SG_DATE_NONE) return "-";
    return sg_date_iso(d, buf);
}

static void add_line(coll *c, sg_buf *b)
{
    assert_true(c->nlines < MAX_LINES);
    c->lines[c->nlines++] = xstrdup(sg_buf_str(b));
}

static int coll_emit(void *ctx, const sg_rec *r, int64_t *id, sg_error *err)
{
    coll *c = ctx;
    if (++c->nemits == c->fail_at)
        return sg_err(err, SG_EDB, "test sink refuses record %d", c->nemits);
    int64_t my = ++c->next_id;
    if (id) *id = my;
    sg_buf b;
    sg_buf_init(&b, 0);
    char d1[11], d2[11], d3[11];
    sg_buf_printf(&b, "%s #%lld %s line=%ld parent=%lld", sg_rec_type_name(r->type), (long long)my,
                  label(c, r->child), r->line, (long long)r->parent);
    switch (r->type) {
    case SG_REC_CHILD: {
        const sg_rec_child *x = &r->u.child;
        sg_buf_puts(&b, " keys=");
        for (int i = 0; i < x->nkeys; i++)
            sg_buf_printf(&b, "%s%s", i ? "," : "", label(c, x->keys[i]));
        sg_buf_printf(
            &b, " birth=%04d-%02d expected=%d sex=%s eth=%s dis=%s uasc=%d death=%04d-%02d upnu=%s",
            x->birth_year, x->birth_month, x->expected_birth, s_(x->sex), s_(x->ethnicity),
            s_(x->disabilities), x->uasc, x->death_year, x->death_month, s_(x->upn_unknown));
        break;
    }
    case SG_REC_REFERRAL: {
        const sg_rec_referral *x = &r->u.referral;
        sg_buf_printf(&b, " ref=%s src=%s need=%s close=%s reason=%s nfa=%d icpc=%s r12=%d",
                      d_(x->referral_date, d1), s_(x->source), s_(x->primary_need),
                      d_(x->closure_date, d2), s_(x->closure_reason), x->nfa,
                      d_(x->initial_cpc, d3), x->referrals_last_12m);
        break;
    }
    case SG_REC_ASSESSMENT: {
        const sg_rec_assessment *x = &r->u.assessment;
        sg_buf_printf(&b, " start=%s review=%s auth=%s factors=%s seen=%d needs=%d",
                      d_(x->start, d1), d_(x->internal_review, d2), d_(x->authorised, d3),
                      s_(x->factors), x->child_seen, x->needs_support);
        break;
    }
    case SG_REC_CIN_PLAN:
        sg_buf_printf(&b, " start=%s end=%s", d_(r->u.cin_plan.start, d1),
                      d_(r->u.cin_plan.end, d2));
        break;
    case SG_REC_S47: {
        const sg_rec_s47 *x = &r->u.s47;
        sg_buf_printf(&b, " start=%s target=%s icpc=%s notreq=%d cpres=%d", d_(x->start, d1),
                      d_(x->icpc_target, d2), d_(x->icpc_date, d3), x->icpc_not_required,
                      x->cp_plan_resulted);
        break;
    }
    case SG_REC_CP_PLAN: {
        const sg_rec_cp_plan *x = &r->u.cp_plan;
        sg_buf_printf(&b, " start=%s end=%s init=%s latest=%s prev=%d", d_(x->start, d1),
                      d_(x->end, d2), s_(x->initial_category), s_(x->latest_category),
                      x->previous_plans);
        break;
    }
    case SG_REC_CP_REVIEW:
        sg_buf_printf(&b, " date=%s", d_(r->u.cp_review.date, d1));
        break;
    case SG_REC_EXTRA:
        sg_buf_printf(&b, " table=%s", r->u.extra.table);
        for (int i = 0; i < r->u.extra.nfields; i++)
            sg_buf_printf(&b, " %s=%s", r->u.extra.names[i], s_(r->u.extra.values[i]));
        break;
    default:
        sg_buf_puts(&b, " UNEXPECTED");
        break;
    }
    add_line(c, &b);
    sg_buf_fini(&b);
    return SG_OK;
}

static int coll_reject(void *ctx, const sg_reject *rj, sg_error *err)
{
    (void)err;
    coll *c = ctx;
    const char *base = strrchr(rj->file, '/');
    sg_buf b;
    sg_buf_init(&b, 0);
    sg_buf_printf(&b, "reject %s line=%ld field=%s value=%s reason=%s raw=%s",
                  base ? base + 1 : rj->file, rj->line, s_(rj->field), s_(rj->value),
                  s_(rj->reason), s_(rj->raw));
    add_line(c, &b);
    sg_buf_fini(&b);
    return SG_OK;
}

/* ---- running the importer -------------------------------------------------------------- */

static sg_pseudo test_key(void)
{
    unsigned char key[SG_PSEUDO_KEYLEN];
    for (int i = 0; i < SG_PSEUDO_KEYLEN; i++)
        key[i] = (unsigned char)(i * 7 + 3);
    sg_pseudo p;
    sg_pseudo_init_key(&p, key);
    return p;
}

static int run_fp(FILE *fp, const char *name, coll *c, sg_import_stats *st, sg_error *err)
{
    sg_sink sink = {.ctx = c, .emit = coll_emit, .reject = coll_reject};
    memset(st, 0, sizeof *st);
    sg_error_clear(err);
    sg_ingest in = {
        .fp = fp, .name = name, .format = "cin", .pseudo = c->pseudo, .sink = &sink, .stats = st};
    return sg_cin_import(&in, err);
}

static void path_in(char *out, size_t n, const char *envvar, const char *fallback, const char *rel)
{
    const char *dir = getenv(envvar);
    snprintf(out, n, "%s/%s", dir ? dir : fallback, rel);
}

static int run_file(const char *envvar, const char *fallback, const char *rel, coll *c,
                    sg_import_stats *st, sg_error *err)
{
    char path[1024];
    path_in(path, sizeof path, envvar, fallback, rel);
    FILE *fp = fopen(path, "rb");
    if (!fp) fail_msg("cannot open %s", path);
    int rc = run_fp(fp, rel, c, st, err);
    fclose(fp);
    return rc;
}

static int run_case(const char *file, coll *c, sg_import_stats *st, sg_error *err)
{
    char rel[256];
    snprintf(rel, sizeof rel, "tests/cases/cin/%s", file);
    return run_file("SG_SOURCE_DIR", SG_SOURCE_DIR, rel, c, st, err);
}

static int run_mem(const char *xml, size_t len, coll *c, sg_import_stats *st, sg_error *err)
{
    FILE *fp = fmemopen((void *)xml, len, "rb");
    assert_non_null(fp);
    int rc = run_fp(fp, "mem.xml", c, st, err);
    fclose(fp);
    return rc;
}

static void expect_lines(const coll *c, const char *const *want, int n)
{
    for (int i = 0; i < n && i < c->nlines; i++) {
        if (strcmp(c->lines[i], want[i]) != 0)
            fail_msg("line %d:\n  got:  %s\n  want: %s", i, c->lines[i], want[i]);
    }
    if (c->nlines != n) {
        for (int i = 0; i < c->nlines; i++)
            print_message("%s\n", c->lines[i]);
        fail_msg("%d lines, expected %d", c->nlines, n);
    }
}

#define NLINES(a) ((int)(sizeof(a) / sizeof((a)[0])))

static void setup_coll(coll *c, const sg_pseudo *p)
{
    memset(c, 0, sizeof *c);
    c->pseudo = p;
}

/* ---- hand-written cases ------------------------------------------------------------------ */

static void test_full_mapping(void **state)
{
    (void)state;
    sg_pseudo p = test_key();
    coll c;
    setup_coll(&c, &p);
    coll_name(&c, SG_ID_LA, "TST001");
    coll_name(&c, SG_ID_LA, "TST002");
    coll_name(&c, SG_ID_LA, "TST003");
    coll_name(&c, SG_ID_UPN, "A123456789012");
    coll_name(&c, SG_ID_UPN, "B12345678901C");
    coll_name(&c, SG_ID_UPN, "C123456789012");
    sg_import_stats st;
    sg_error err;
    assert_int_equal(run_case("full.xml", &c, &st, &err), SG_OK);
    static const char *const want[] = {
        "child #1 {L:TST001} line=12 parent=0 keys={U:A123456789012},{U:B12345678901C} "
        "birth=2012-11 expected=0 sex=2 eth=MWBA dis=MOB LD AUT uasc=-1 death=2024-12 upnu=UN2",
        "referral #2 {L:TST001} line=30 parent=0 ref=2024-04-02 src=5B need=N1 close=2025-01-15 "
        "reason=RC7 nfa=0 icpc=2024-05-01 r12=-1",
        "assessment #3 {L:TST001} line=37 parent=2 start=2024-04-03 review=2024-04-20 "
        "auth=2024-05-10 factors=3A 4B 21 seen=-1 needs=-1",
        "assessment #4 {L:TST001} line=47 parent=2 start=2024-09-01 review=- auth=- factors=- "
        "seen=-1 needs=-1",
        "cin_plan #5 {L:TST001} line=51 parent=2 start=2024-05-11 end=2024-06-30",
        "cin_plan #6 {L:TST001} line=55 parent=2 start=2024-10-01 end=-",
        "s47 #7 {L:TST001} line=58 parent=2 start=2024-04-10 target=2024-05-02 icpc=2024-04-30 "
        "notreq=0 cpres=-1",
        "s47 #8 {L:TST001} line=64 parent=2 start=2024-08-01 target=- icpc=- notreq=1 cpres=-1",
        "cp_plan #9 {L:TST001} line=69 parent=2 start=2024-04-30 end=2024-12-20 init=NEG "
        "latest=EMO prev=2",
        "cp_review #10 {L:TST001} line=76 parent=9 date=2024-07-25",
        "cp_review #11 {L:TST001} line=77 parent=9 date=2024-11-20",
        "cp_plan #12 {L:TST001} line=80 parent=2 start=2025-01-02 end=- init=MUL latest=MUL prev=0",
        "extra #13 {L:TST001} line=86 parent=2 table=cin/preproceedings PPStartDate=2024-09-09 "
        "FGDMMeetingOffer=1 ReviewMeetingsCount=3 PPOutcome=A CourtAppDate=-",
        "referral #14 {L:TST001} line=94 parent=0 ref=2025-02-01 src=6 need=- close=- reason=- "
        "nfa=1 icpc=- r12=-1",
        "child #15 {L:TST002} line=100 parent=0 keys= birth=2025-06 expected=1 sex=U eth=NOBT "
        "dis=- uasc=-1 death=0000-00 upnu=-",
        "referral #16 {L:TST002} line=109 parent=0 ref=2025-03-01 src=3A need=N0 close=- "
        "reason=- nfa=1 icpc=- r12=-1",
        /* UPN and FormerUPN equal: one key. Both birth dates: the actual one wins. Sex beats
         * GenderCurrent. */
        "child #17 {L:TST003} line=116 parent=0 keys={U:C123456789012} birth=2019-01 expected=0 "
        "sex=M eth=WBRI dis=NONE uasc=-1 death=0000-00 upnu=-",
        "referral #18 {L:TST003} line=130 parent=0 ref=2024-06-06 src=2A need=- close=- reason=- "
        "nfa=0 icpc=- r12=-1",
        "s47 #19 {L:TST003} line=134 parent=18 start=2024-06-07 target=- icpc=- notreq=1 cpres=-1",
        "s47 #20 {L:TST003} line=138 parent=18 start=2024-07-07 target=- icpc=- notreq=0 cpres=-1",
    };
    expect_lines(&c, want, NLINES(want));
    assert_int_equal(st.rows_read, 3);
    assert_int_equal(st.rejected, 0);
    assert_int_equal(st.records[SG_REC_CHILD], 3);
    assert_int_equal(st.records[SG_REC_REFERRAL], 4);
    assert_int_equal(st.records[SG_REC_ASSESSMENT], 2);
    assert_int_equal(st.records[SG_REC_CIN_PLAN], 2);
    assert_int_equal(st.records[SG_REC_S47], 4);
    assert_int_equal(st.records[SG_REC_CP_PLAN], 2);
    assert_int_equal(st.records[SG_REC_CP_REVIEW], 2);
    assert_int_equal(st.records[SG_REC_EXTRA], 1);
    coll_free(&c);
}

static void test_rejections(void **state)
{
    (void)state;
    sg_pseudo p = test_key();
    coll c;
    setup_coll(&c, &p);
    coll_name(&c, SG_ID_LA, "BAD01");
    coll_name(&c, SG_ID_LA, "BAD02");
    coll_name(&c, SG_ID_LA, "GOOD08");
    sg_import_stats st;
    sg_error err;
    assert_int_equal(run_case("bad.xml", &c, &st, &err), SG_OK);
#define RDATE "reason=not a real date (expected YYYY-MM-DD) raw=-"
#define RBOOL "reason=not a boolean (expected true, false, TRUE, FALSE, 1 or 0) raw=-"
    static const char *const want[] = {
        "child #1 {L:BAD01} line=3 parent=0 keys= birth=0000-00 expected=0 sex=- eth=- dis=- "
        "uasc=-1 death=0000-00 upnu=-",
        /* bad referral date: the episode with its assessment, plan and review is lost */
        "reject bad.xml line=6 field=CINreferralDate value=2024-02-30 " RDATE,
        "referral #2 {L:BAD01} line=12 parent=0 ref=2024-05-01 src=- need=- close=- reason=- "
        "nfa=1 icpc=- r12=-1",
        "child #3 {L:BAD02} line=17 parent=0 keys= birth=0000-00 expected=0 sex=- eth=- dis=- "
        "uasc=-1 death=0000-00 upnu=-",
        /* ReferralNFA comes last in the episode yet rejects everything nested before it */
        "reject bad.xml line=46 field=ReferralNFA value=No " RBOOL,
        "referral #4 {L:BAD02} line=48 parent=0 ref=2024-06-01 src=- need=- close=- reason=- "
        "nfa=-1 icpc=- r12=-1",
        "reject bad.xml line=52 field=AssessmentInternalReviewDate value=2024-06-31 " RDATE,
        "assessment #5 {L:BAD02} line=54 parent=4 start=2024-06-03 review=- auth=- factors=- "
        "seen=-1 needs=-1",
        "reject bad.xml line=55 field=CINPlanEndDate value=2024-13-01 " RDATE,
        "reject bad.xml line=56 field=ICPCnotRequired value=yes " RBOOL,
        "reject bad.xml line=57 field=DateOfInitialCPC value=2024-6-7 " RDATE,
        "reject bad.xml line=60 field=CPPendDate value=yesterday " RDATE,
        "reject bad.xml line=65 field=NumberOfPreviousCPP value=-1 reason=not a whole number "
        "from 0 to 999 raw=-",
        "cp_plan #6 {L:BAD02} line=67 parent=4 start=2024-06-11 end=- init=- latest=- prev=-1",
        "reject bad.xml line=70 field=CPPreviewDate value=2024-06-32 " RDATE,
        "cp_review #7 {L:BAD02} line=71 parent=6 date=2024-06-30",
        "reject bad.xml line=74 field=PPStartDate value=2024-99-01 " RDATE,
        "extra #8 {L:BAD02} line=75 parent=4 table=cin/preproceedings PPOutcome=B",
        /* identity problems lose the whole child; personal values are never echoed */
        "reject bad.xml line=81 field=PersonBirthDate value=- " RDATE,
        "reject bad.xml line=85 field=LAchildID value=- reason=no LAchildID in this Child raw=-",
        "reject bad.xml line=93 field=LAchildID value=- reason=LAchildID is empty raw=-",
        "reject bad.xml line=100 field=PersonDeathDate value=- " RDATE,
        "reject bad.xml line=106 field=ExpectedPersonBirthDate value=- " RDATE,
        "child #9 {L:GOOD08} line=109 parent=0 keys= birth=0000-00 expected=0 sex=- eth=- dis=- "
        "uasc=-1 death=0000-00 upnu=-",
    };
#undef RDATE
#undef RBOOL
    expect_lines(&c, want, NLINES(want));
    assert_int_equal(st.rows_read, 8);
    assert_int_equal(st.rejected, 15);
    assert_int_equal(st.records[SG_REC_CHILD], 3);
    assert_int_equal(st.records[SG_REC_REFERRAL], 2);
    assert_int_equal(st.records[SG_REC_ASSESSMENT], 1);
    assert_int_equal(st.records[SG_REC_CIN_PLAN], 0);
    assert_int_equal(st.records[SG_REC_S47], 0);
    assert_int_equal(st.records[SG_REC_CP_PLAN], 1);
    assert_int_equal(st.records[SG_REC_CP_REVIEW], 1);
    assert_int_equal(st.records[SG_REC_EXTRA], 1);
    coll_free(&c);
}

static void test_stray_text_comments_cdata(void **state)
{
    (void)state;
    sg_pseudo p = test_key();
    coll c;
    setup_coll(&c, &p);
    coll_name(&c, SG_ID_LA, "STRAY01");
    sg_import_stats st;
    sg_error err;
    assert_int_equal(run_case("stray.xml", &c, &st, &err), SG_OK);
    static const char *const want[] = {
        "child #1 {L:STRAY01} line=8 parent=0 keys= birth=2016-07 expected=0 sex=F eth=WIRI "
        "dis=VIS HEAR uasc=-1 death=0000-00 upnu=-",
        "referral #2 {L:STRAY01} line=19 parent=0 ref=2024-01-05 src=1B need=- close=- reason=- "
        "nfa=0 icpc=- r12=-1",
    };
    expect_lines(&c, want, NLINES(want));
    assert_int_equal(st.rows_read, 1);
    assert_int_equal(st.rejected, 0);
    coll_free(&c);
}

static void test_bom(void **state)
{
    (void)state;
    sg_pseudo p = test_key();
    coll c;
    setup_coll(&c, &p);
    coll_name(&c, SG_ID_LA, "BOM01");
    sg_import_stats st;
    sg_error err;
    assert_int_equal(run_case("bom.xml", &c, &st, &err), SG_OK);
    static const char *const want[] = {
        "child #1 {L:BOM01} line=4 parent=0 keys= birth=0000-00 expected=0 sex=F eth=- dis=- "
        "uasc=-1 death=0000-00 upnu=-",
    };
    expect_lines(&c, want, NLINES(want));
    coll_free(&c);

    /* UTF-16 with its byte-order mark is read too (expat converts to UTF-8). */
    static const char ascii[] = "<Message><Children><Child><ChildIdentifiers><LAchildID>BOM01"
                                "</LAchildID><Sex>F</Sex></ChildIdentifiers></Child></Children>"
                                "</Message>";
    char u16[2 + 2 * sizeof ascii];
    u16[0] = (char)0xff, u16[1] = (char)0xfe;
    for (size_t i = 0; i < sizeof ascii - 1; i++)
        u16[2 + 2 * i] = ascii[i], u16[3 + 2 * i] = 0;
    assert_int_equal(run_mem(u16, 2 + 2 * (sizeof ascii - 1), &c, &st, &err), SG_OK);
    static const char *const want16[] = {
        "child #2 {L:BOM01} line=1 parent=0 keys= birth=0000-00 expected=0 sex=F eth=- dis=- "
        "uasc=-1 death=0000-00 upnu=-",
    };
    expect_lines(&c, want16, NLINES(want16));
    coll_free(&c);
}

/* PreProceedingsandFGDM has ten fields; more than an extra record holds (48) rejects it. */
static void test_preproceedings_too_wide(void **state)
{
    (void)state;
    sg_pseudo p = test_key();
    coll c;
    setup_coll(&c, &p);
    coll_name(&c, SG_ID_LA, "PP1");
    sg_buf b;
    sg_buf_init(&b, 0);
    sg_buf_puts(&b, "<Message><Children><Child><ChildIdentifiers><LAchildID>PP1</LAchildID>"
                    "</ChildIdentifiers>\n<CINdetails>\n<PreProceedingsandFGDM>\n");
    for (int i = 1; i <= 49; i++)
        sg_buf_printf(&b, "<F%d>%d</F%d>\n", i, i, i);
    sg_buf_puts(&b, "</PreProceedingsandFGDM></CINdetails></Child></Children></Message>");
    sg_import_stats st;
    sg_error err;
    assert_int_equal(run_mem(b.data, b.len, &c, &st, &err), SG_OK);
    static const char *const want[] = {
        "child #1 {L:PP1} line=1 parent=0 keys= birth=0000-00 expected=0 sex=- eth=- dis=- "
        "uasc=-1 death=0000-00 upnu=-",
        "referral #2 {L:PP1} line=2 parent=0 ref=- src=- need=- close=- reason=- nfa=-1 icpc=- "
        "r12=-1",
        "reject mem.xml line=52 field=F49 value=49 reason=more than 48 fields in "
        "PreProceedingsandFGDM raw=-",
    };
    expect_lines(&c, want, NLINES(want));
    assert_int_equal(st.rejected, 1);
    coll_free(&c);
    sg_buf_fini(&b);
}

static void test_malformed(void **state)
{
    (void)state;
    sg_pseudo p = test_key();
    coll c;
    setup_coll(&c, &p);
    sg_import_stats st;
    sg_error err;
    assert_int_equal(run_case("malformed.xml", &c, &st, &err), SG_EPARSE);
    assert_string_equal(err.file, "tests/cases/cin/malformed.xml");
    assert_int_equal(err.line, 10);
    assert_int_equal(err.column, 9);
    assert_non_null(strstr(err.msg, "mismatched tag"));
    /* The first child was emitted before the error: the caller rolls the import back. */
    assert_int_equal(c.nlines, 1);
    assert_int_equal(st.rows_read, 2);
    char buf[1024];
    sg_error_format(&err, buf, sizeof buf);
    assert_string_equal(buf,
                        "tests/cases/cin/malformed.xml:10:9: not well-formed XML: mismatched tag");
    coll_free(&c);
}

static void test_entities_refused(void **state)
{
    (void)state;
    sg_pseudo p = test_key();
    coll c;
    setup_coll(&c, &p);
    sg_import_stats st;
    sg_error err;
    assert_int_equal(run_case("laughs.xml", &c, &st, &err), SG_EPARSE);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.msg, "declares entity 'lol'"));
    assert_int_equal(c.nlines, 0);
    assert_int_equal(st.rows_read, 0);

    assert_int_equal(run_case("external.xml", &c, &st, &err), SG_EPARSE);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.msg, "declares entity 'secret'"));
    assert_int_equal(c.nlines, 0);

    /* An undeclared entity reference is simply not well-formed. */
    static const char undeclared[] = "<Message>\n<Children>&foo;</Children></Message>";
    assert_int_equal(run_mem(undeclared, sizeof undeclared - 1, &c, &st, &err), SG_EPARSE);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "undefined entity"));
    coll_free(&c);
}

static void test_depth_limit(void **state)
{
    (void)state;
    sg_pseudo p = test_key();
    coll c;
    setup_coll(&c, &p);
    sg_import_stats st;
    sg_error err;
    assert_int_equal(run_case("deep.xml", &c, &st, &err), SG_ELIMIT);
    assert_int_equal(err.line, 34); /* <X33>, the 33rd open element */
    assert_string_equal(err.field, "X33");
    assert_non_null(strstr(err.msg, "nested more than 32 deep"));
    assert_int_equal(c.nlines, 0);
    coll_free(&c);
}

static void test_text_limit(void **state)
{
    (void)state;
    sg_pseudo p = test_key();
    coll c;
    setup_coll(&c, &p);
    sg_import_stats st;
    sg_error err;
    sg_buf b;
    sg_buf_init(&b, 0);
    /* 4096 bytes of text in one leaf are accepted (as a code, stored as given) ... */
    sg_buf_puts(&b, "<Message><Children><Child>\n<ChildIdentifiers><LAchildID>T1</LAchildID>"
                    "</ChildIdentifiers><ChildCharacteristics><Ethnicity>");
    for (int i = 0; i < 4096; i++)
        sg_buf_putc(&b, 'E');
    sg_buf_puts(&b, "</Ethnicity></ChildCharacteristics></Child></Children></Message>");
    assert_int_equal(run_mem(b.data, b.len, &c, &st, &err), SG_OK);
    assert_int_equal(c.nlines, 1);
    assert_int_equal(strlen(strstr(c.lines[0], "eth=") + 4),
                     4096 + strlen(" dis=- uasc=-1 death=0000-00 upnu=-"));
    coll_free(&c);
    /* ... 4097 are not. */
    sg_buf_reset(&b);
    sg_buf_puts(&b, "<Message><Children><Child>\n<ChildIdentifiers><LAchildID>T1</LAchildID>"
                    "</ChildIdentifiers><ChildCharacteristics>\n<Ethnicity>");
    for (int i = 0; i < 4097; i++)
        sg_buf_putc(&b, 'E');
    sg_buf_puts(&b, "</Ethnicity></ChildCharacteristics></Child></Children></Message>");
    assert_int_equal(run_mem(b.data, b.len, &c, &st, &err), SG_ELIMIT);
    assert_int_equal(err.line, 3);
    assert_string_equal(err.field, "Ethnicity");
    assert_int_equal(c.nlines, 0);
    /* Stray text is not kept, so any amount of it between elements is tolerated. */
    sg_buf_reset(&b);
    sg_buf_puts(&b, "<Message><Children><Child><ChildIdentifiers><LAchildID>T1</LAchildID>");
    for (int i = 0; i < 100000; i++)
        sg_buf_putc(&b, i % 50 ? 'x' : '\n');
    sg_buf_puts(&b, "</ChildIdentifiers></Child></Children></Message>");
    assert_int_equal(run_mem(b.data, b.len, &c, &st, &err), SG_OK);
    assert_int_equal(c.nlines, 1);
    coll_free(&c);
    /* Kept text per child is bounded at 1 MiB: 256 leaves of 4096 bytes reach it exactly
     * (with the 2 bytes of LAchildID just over), the 256th leaf (line 257) trips it. */
    sg_buf_reset(&b);
    sg_buf_puts(&b, "<Message><Children><Child><ChildIdentifiers><LAchildID>T1</LAchildID>"
                    "</ChildIdentifiers><CINdetails>");
    for (int k = 0; k < 256; k++) {
        sg_buf_puts(&b, "\n<Q>");
        for (int i = 0; i < 4096; i++)
            sg_buf_putc(&b, 'q');
        sg_buf_puts(&b, "</Q>");
    }
    sg_buf_puts(&b, "</CINdetails></Child></Children></Message>");
    assert_int_equal(run_mem(b.data, b.len, &c, &st, &err), SG_ELIMIT);
    assert_int_equal(err.line, 257);
    assert_string_equal(err.field, "Q");
    assert_non_null(strstr(err.msg, "more than 1048576 bytes of text"));
    assert_int_equal(c.nlines, 0);
    sg_buf_fini(&b);
}

static void test_elements_per_child_limit(void **state)
{
    (void)state;
    sg_pseudo p = test_key();
    coll c;
    setup_coll(&c, &p);
    sg_import_stats st;
    sg_error err;
    sg_buf b;
    sg_buf_init(&b, 0);
    /* Child + ChildIdentifiers + LAchildID + CINdetails = 3 elements inside the Child, then
     * reviews until the 20001st element inside it. */
    sg_buf_puts(&b, "<Message><Children>\n<Child><ChildIdentifiers><LAchildID>E1</LAchildID>"
                    "</ChildIdentifiers><CINdetails>\n");
    for (int i = 0; i < 19997; i++)
        sg_buf_puts(&b, "<Z/>\n");
    sg_buf_puts(&b, "<Z/>\n");
    sg_buf_puts(&b, "</CINdetails></Child></Children></Message>");
    assert_int_equal(run_mem(b.data, b.len, &c, &st, &err), SG_ELIMIT);
    assert_int_equal(err.line, 20000);
    assert_non_null(strstr(err.msg, "more than 20000 elements"));
    assert_int_equal(c.nlines, 0);
    /* Exactly 20000 is fine, and the count starts again for the next child. */
    sg_buf_reset(&b);
    for (int k = 0; k < 2; k++) {
        sg_buf_puts(&b, k ? "<Child>" : "<Message><Children><Child>");
        sg_buf_puts(&b,
                    "<ChildIdentifiers><LAchildID>E1</LAchildID></ChildIdentifiers><CINdetails>");
        for (int i = 0; i < 19997; i++)
            sg_buf_puts(&b, "<Z/>");
        sg_buf_puts(&b, "</CINdetails></Child>");
    }
    sg_buf_puts(&b, "</Children></Message>");
    assert_int_equal(run_mem(b.data, b.len, &c, &st, &err), SG_OK);
    assert_int_equal(st.rows_read, 2);
    assert_int_equal(st.records[SG_REC_REFERRAL], 2);
    coll_free(&c);
    sg_buf_fini(&b);
}

static void test_not_cin(void **state)
{
    (void)state;
    sg_pseudo p = test_key();
    coll c;
    setup_coll(&c, &p);
    sg_import_stats st;
    sg_error err;
    assert_int_equal(run_case("wrongroot.xml", &c, &st, &err), SG_EPARSE);
    assert_int_equal(err.line, 2);
    assert_string_equal(err.field, "EXPSSDA903");
    assert_non_null(strstr(err.msg, "starts with <Message>"));
    assert_int_equal(run_mem("", 0, &c, &st, &err), SG_EPARSE);
    assert_non_null(strstr(err.msg, "no element found"));
    static const char trunc[] = "<Message><Children><Child><ChildIdentifiers><LAchildID>X";
    assert_int_equal(run_mem(trunc, sizeof trunc - 1, &c, &st, &err), SG_EPARSE);
    assert_int_equal(c.nlines, 0);
    static const char two_roots[] = "<Message/>\n<Message/>";
    assert_int_equal(run_mem(two_roots, sizeof two_roots - 1, &c, &st, &err), SG_EPARSE);
    assert_int_equal(err.line, 2);
    coll_free(&c);
}

static void test_sink_error_aborts(void **state)
{
    (void)state;
    sg_pseudo p = test_key();
    coll c;
    setup_coll(&c, &p);
    c.fail_at = 3;
    sg_import_stats st;
    sg_error err;
    assert_int_equal(run_case("full.xml", &c, &st, &err), SG_EDB);
    assert_string_equal(err.msg, "test sink refuses record 3");
    assert_int_equal(c.nlines, 2);
    assert_int_equal(st.records[SG_REC_CHILD], 1);
    assert_int_equal(st.records[SG_REC_REFERRAL], 1);
    assert_int_equal(st.records[SG_REC_ASSESSMENT], 0);
    coll_free(&c);
}

static void test_namespace_prefix(void **state)
{
    (void)state;
    sg_pseudo p = test_key();
    coll c;
    setup_coll(&c, &p);
    coll_name(&c, SG_ID_LA, "NS1");
    sg_import_stats st;
    sg_error err;
    static const char xml[] =
        "<cin:Message xmlns:cin=\"urn:x\"><cin:Children><cin:Child><cin:ChildIdentifiers>"
        "<cin:LAchildID>NS1</cin:LAchildID></cin:ChildIdentifiers><cin:CINdetails>"
        "<cin:ReferralNFA>1</cin:ReferralNFA></cin:CINdetails></cin:Child></cin:Children>"
        "</cin:Message>";
    assert_int_equal(run_mem(xml, sizeof xml - 1, &c, &st, &err), SG_OK);
    static const char *const want[] = {
        "child #1 {L:NS1} line=1 parent=0 keys= birth=0000-00 expected=0 sex=- eth=- dis=- "
        "uasc=-1 death=0000-00 upnu=-",
        "referral #2 {L:NS1} line=1 parent=0 ref=- src=- need=- close=- reason=- nfa=1 icpc=- "
        "r12=-1",
    };
    expect_lines(&c, want, NLINES(want));
    coll_free(&c);
}

/* ---- shared fixtures ------------------------------------------------------------------- */

typedef struct fixture_counts {
    const char *rel;
    long children, referrals, assessments, cin_plans, s47, cp_plans, reviews, extra;
} fixture_counts;

/* Counted with python3 ElementTree and grep -c (docs/formats/cin.md); none of the fixtures
 * holds a value that is not a real date or boolean, so nothing is rejected. */
static const fixture_counts fixtures[] = {
    {"fixtures/csc-validator-be-cin/CIN2rows.xml", 1, 1, 1, 1, 1, 2, 2, 0},
    {"fixtures/csc-validator-be-cin/CIN_Census_2024.xml", 2, 2, 2, 1, 1, 1, 1, 0},
    {"fixtures/csc-validator-be-cin/CIN_Census_2026.xml", 2, 2, 2, 1, 1, 1, 1, 1},
    {"fixtures/liia-tools/cin-2022.xml", 1, 1, 1, 1, 1, 1, 1, 0},
};

static void test_fixture_counts(void **state)
{
    (void)state;
    sg_pseudo p = test_key();
    for (size_t i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
        const fixture_counts *f = &fixtures[i];
        coll c;
        setup_coll(&c, &p);
        sg_import_stats st;
        sg_error err;
        int rc = run_file("SG_TESTS_DIR", SG_SOURCE_DIR "/tests", f->rel, &c, &st, &err);
        if (rc) fail_msg("%s: %s", f->rel, err.msg);
        assert_int_equal(st.rows_read, f->children);
        assert_int_equal(st.records[SG_REC_CHILD], f->children);
        assert_int_equal(st.records[SG_REC_REFERRAL], f->referrals);
        assert_int_equal(st.records[SG_REC_ASSESSMENT], f->assessments);
        assert_int_equal(st.records[SG_REC_CIN_PLAN], f->cin_plans);
        assert_int_equal(st.records[SG_REC_S47], f->s47);
        assert_int_equal(st.records[SG_REC_CP_PLAN], f->cp_plans);
        assert_int_equal(st.records[SG_REC_CP_REVIEW], f->reviews);
        assert_int_equal(st.records[SG_REC_EXTRA], f->extra);
        assert_int_equal(st.rejected, 0);
        long total = 0;
        for (int t = 0; t < SG_REC__COUNT; t++)
            total += st.records[t];
        assert_int_equal(c.nlines, total);
        coll_free(&c);
    }
}

/* The 2026 file in detail: the stray "PersonBirthDate" text, Sex given as "1", a future
 * assessment date (a validation matter, not a rejection), the pre-proceedings module, and an
 * empty FactorsIdentifiedAtAssessment. */
static void test_fixture_2026_detail(void **state)
{
    (void)state;
    sg_pseudo p = test_key();
    coll c;
    setup_coll(&c, &p);
    coll_name(&c, SG_ID_LA, "DfEX0000001");
    coll_name(&c, SG_ID_LA, "child_fails_assessments");
    coll_name(&c, SG_ID_UPN, "A123456789123");
    coll_name(&c, SG_ID_UPN, "X98765432123B");
    sg_import_stats st;
    sg_error err;
    assert_int_equal(run_file("SG_TESTS_DIR", SG_SOURCE_DIR "/tests",
                              "fixtures/csc-validator-be-cin/CIN_Census_2026.xml", &c, &st, &err),
                     SG_OK);
    static const char *const want[] = {
        "child #1 {L:DfEX0000001} line=18 parent=0 keys={U:A123456789123},{U:X98765432123B} "
        "birth=2015-03 expected=0 sex=1 eth=WBRI dis=HAND HEAR uasc=-1 death=0000-00 upnu=UN3",
        "referral #2 {L:DfEX0000001} line=34 parent=0 ref=2022-10-06 src=1A need=N4 "
        "close=2023-02-27 reason=RC1 nfa=0 icpc=2022-12-06 r12=-1",
        "assessment #3 {L:DfEX0000001} line=41 parent=2 start=2028-04-28 review=- "
        "auth=2020-09-19 factors=1C RB 6B seen=-1 needs=-1",
        "cin_plan #4 {L:DfEX0000001} line=50 parent=2 start=2023-01-24 end=2023-01-26",
        "s47 #5 {L:DfEX0000001} line=54 parent=2 start=2022-06-02 target=2022-06-23 "
        "icpc=2022-06-17 notreq=0 cpres=-1",
        "cp_plan #6 {L:DfEX0000001} line=61 parent=2 start=2022-02-17 end=2023-03-14 init=PHY "
        "latest=PHY prev=10",
        "cp_review #7 {L:DfEX0000001} line=68 parent=6 date=2023-02-15",
        "extra #8 {L:DfEX0000001} line=71 parent=2 table=cin/preproceedings "
        "PPStartDate=2026-09-09 LBPSentDate=2026-09-20 FGDMMeetingOffer=1 FGDMMeetingFac=1 "
        "InitialPPMeetingDate=2026-09-28 ReviewMeetingsCount=3 StepDecisionDate=2026-12-01 "
        "PPOutcome=A CourtAppDate=2026-12-18 LetterInitCPDate=2027-02-05",
        "child #9 {L:child_fails_assessments} line=85 parent=0 keys= birth=2023-09 expected=0 "
        "sex=M eth=WBRI dis=NONE uasc=-1 death=0000-00 upnu=UN1",
        "referral #10 {L:child_fails_assessments} line=98 parent=0 ref=2024-10-24 src=1A "
        "need=N1 close=2024-10-29 reason=RC9 nfa=0 icpc=- r12=-1",
        "assessment #11 {L:child_fails_assessments} line=104 parent=10 start=2023-12-25 "
        "review=- auth=2024-01-27 factors=- seen=-1 needs=-1",
    };
    expect_lines(&c, want, NLINES(want));
    coll_free(&c);
}

/* cin-2022.xml gives both a birth date and an expected one (a rule 8525 finding): the actual
 * birth date is kept; its death date is kept to the month. */
static void test_fixture_2022_child(void **state)
{
    (void)state;
    sg_pseudo p = test_key();
    coll c;
    setup_coll(&c, &p);
    coll_name(&c, SG_ID_LA, "DfEX0000001");
    coll_name(&c, SG_ID_UPN, "A123456789123");
    coll_name(&c, SG_ID_UPN, "X98765432123B");
    sg_import_stats st;
    sg_error err;
    assert_int_equal(run_file("SG_TESTS_DIR", SG_SOURCE_DIR "/tests",
                              "fixtures/liia-tools/cin-2022.xml", &c, &st, &err),
                     SG_OK);
    assert_true(c.nlines > 0);
    assert_string_equal(c.lines[0],
                        "child #1 {L:DfEX0000001} line=18 parent=0 "
                        "keys={U:A123456789123},{U:X98765432123B} birth=1966-03 expected=0 sex=1 "
                        "eth=WBRI dis=HAND HEAR uasc=-1 death=1980-10 upnu=UN3");
    assert_string_equal(c.lines[2],
                        "assessment #3 {L:DfEX0000001} line=43 parent=2 start=1970-06-03 "
                        "review=1970-06-22 auth=1971-07-18 factors=2A 2B seen=-1 needs=-1");
    coll_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_mapping),
        cmocka_unit_test(test_rejections),
        cmocka_unit_test(test_stray_text_comments_cdata),
        cmocka_unit_test(test_bom),
        cmocka_unit_test(test_preproceedings_too_wide),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_entities_refused),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_text_limit),
        cmocka_unit_test(test_elements_per_child_limit),
        cmocka_unit_test(test_not_cin),
        cmocka_unit_test(test_sink_error_aborts),
        cmocka_unit_test(test_namespace_prefix),
        cmocka_unit_test(test_fixture_counts),
        cmocka_unit_test(test_fixture_2026_detail),
        cmocka_unit_test(test_fixture_2022_child),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

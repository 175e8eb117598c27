/* test_sink.c - the store's sink: every record type stored with exact values (read back by
 * SQL), parent links, child linking across keys and submissions, rejected rows, rollback, bad
 * input refused, and no raw identifier anywhere in the database file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/digest.h"
#include "core/pseudo.h"
#include "store/store.h"
#include "test_util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct fx {
    char dir[64];
    sg_store *s;
    sg_store_sink ss;
    sg_sink sink;
    int64_t sub;
    char file_name[32]; /* the sink borrows it */
    sg_error e;
} fx;

static int64_t begin_sub(fx *f, const char *agency, const char *format, int n)
{
    char sha[65], seed[32];
    char *name = f->file_name;
    snprintf(seed, sizeof seed, "sink-file-%d", n);
    snprintf(name, sizeof f->file_name, "file-%d.csv", n);
    sg_sha256_buf(seed, strlen(seed), sha);
    assert_int_equal(sg_store_begin(f->s, &f->e), SG_OK);
    int64_t id = 0;
    assert_int_equal(
        sg_submission_create(f->s, agency, format, "2023-24", name, sha, "tester", &id, &f->e),
        SG_OK);
    f->sub = id;
    sg_store_sink_init(&f->ss, f->s, id, name, &f->sink);
    return id;
}

static void end_sub(fx *f, bool commit)
{
    sg_store_sink_fini(&f->ss);
    if (commit) {
        sg_import_stats st = {.rows_read = 1};
        assert_int_equal(sg_submission_finish(f->s, f->sub, &st, &f->e), SG_OK);
        assert_int_equal(sg_store_commit(f->s, &f->e), SG_OK);
    } else {
        sg_store_rollback(f->s);
    }
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/sg-sink-XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    if (sg_store_open(f->dir, true, &f->s, &f->e)) return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    sg_store_close(f->s);
    tu_rm_rf(f->dir);
    free(f);
    return 0;
}

/* The first row of sql as "v1|v2|..." with NULL shown as ~ (caller frees). */
static char *row(fx *f, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(sg_store_db(f->s), sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(sg_store_db(f->s)));
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char *out = calloc(1, 4096);
    size_t n = 0;
    for (int c = 0; c < sqlite3_column_count(st); c++) {
        const char *v = (const char *)sqlite3_column_text(st, c);
        n += (size_t)snprintf(out + n, 4096 - n, "%s%s", c ? "|" : "", v ? v : "~");
    }
    sqlite3_finalize(st);
    return out;
}

static void expect_row(fx *f, const char *sql, const char *want)
{
    char *got = row(f, sql);
    bool same = strcmp(got, want) == 0;
    if (!same) print_error("%s\n got: %s\nwant: %s\n", sql, got, want);
    free(got);
    assert_true(same);
}

static long count(fx *f, const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(sg_store_db(f->s), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    long v = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void mk(fx *f, sg_id_kind kind, const char *raw, char out[SG_PSEUDO_LEN + 1])
{
    assert_int_equal(sg_pseudo_make(sg_store_pseudo(f->s), kind, raw, strlen(raw), out), SG_OK);
}

static int64_t emit(fx *f, sg_rec *r)
{
    int64_t id = -1;
    sg_error_clear(&f->e);
    int rc = f->sink.emit(f->sink.ctx, r, &id, &f->e);
    if (rc) fail_msg("emit %s: %s", sg_rec_type_name(r->type), f->e.msg);
    assert_true(id > 0);
    return id;
}

static sg_rec rec(sg_rec_type t, const char *child, long line)
{
    sg_rec r;
    sg_rec_init(&r, t);
    if (child) memcpy(r.child, child, SG_PSEUDO_LEN + 1);
    r.line = line;
    return r;
}

#define D(y, m, d) sg_date_from_ymd(y, m, d)

static void test_every_type(void **state)
{
    fx *f = *state;
    char c[SG_PSEUDO_LEN + 1], upn[SG_PSEUDO_LEN + 1];
    mk(f, SG_ID_LA, "LA000001", c);
    mk(f, SG_ID_UPN, "A123456789012", upn);
    begin_sub(f, "LA", "cin", 1);
    char sql[512], want[512];
#define EXPECT(cols, table, id, ...)                                                               \
    do {                                                                                           \
        snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE id = %lld", cols, table,                \
                 (long long)(id));                                                                 \
        snprintf(want, sizeof want, __VA_ARGS__);                                                  \
        expect_row(f, sql, want);                                                                  \
    } while (0)

    sg_rec r = rec(SG_REC_CHILD, c, 3);
    r.u.child.nkeys = 1;
    memcpy(r.u.child.keys[0], upn, sizeof upn);
    r.u.child.birth_year = 2012;
    r.u.child.birth_month = 5;
    r.u.child.sex = "F";
    r.u.child.ethnicity = "WBRI";
    r.u.child.disabilities = "HAND VIS";
    r.u.child.uasc = SG_TRI_NO;
    r.u.child.death_year = 2024;
    r.u.child.death_month = 1;
    r.u.child.upn_unknown = "UN3";
    int64_t id = emit(f, &r);
    int64_t child = count(f, "SELECT child_id FROM child_detail");
    EXPECT("submission_id, child_id, line, birth, expected_birth, sex, ethnicity, disabilities, "
           "uasc, death, upn_unknown",
           "child_detail", id, "%lld|%lld|3|2012-05|0|F|WBRI|HAND VIS|0|2024-01|UN3",
           (long long)f->sub, (long long)child);
    /* Unborn: only the expected month; everything else absent. */
    r = rec(SG_REC_CHILD, c, 4);
    r.u.child.birth_year = 2024;
    r.u.child.birth_month = 11;
    r.u.child.expected_birth = 1;
    id = emit(f, &r);
    EXPECT("birth, expected_birth, sex, uasc, death", "child_detail", id, "2024-11|1|~|~|~");
    r = rec(SG_REC_CHILD, c, 5);
    r.u.child.birth_year = 2012; /* month unknown: no partial month stored */
    id = emit(f, &r);
    EXPECT("birth", "child_detail", id, "~");

    r = rec(SG_REC_CONTACT, c, 6);
    r.u.contact.date = D(2023, 4, 1);
    r.u.contact.source = "1A";
    r.u.contact.outcome = "REFERRAL";
    id = emit(f, &r);
    EXPECT("child_id, line, contact_date, source, outcome", "contact", id,
           "%lld|6|2023-04-01|1A|REFERRAL", (long long)child);

    r = rec(SG_REC_EARLY_HELP, c, 7);
    r.u.early_help.start = D(2023, 1, 31);
    r.u.early_help.organisation = "Family Hub North";
    r.u.early_help.outcome = "STEP_UP";
    id = emit(f, &r);
    EXPECT("start_date, end_date, organisation, outcome", "early_help", id,
           "2023-01-31|~|Family Hub North|STEP_UP");

    r = rec(SG_REC_REFERRAL, c, 8);
    r.u.referral.referral_date = D(2023, 5, 2);
    r.u.referral.source = "5A";
    r.u.referral.primary_need = "N1";
    r.u.referral.closure_date = D(2024, 2, 29);
    r.u.referral.closure_reason = "RC8";
    r.u.referral.nfa = SG_TRI_NO;
    r.u.referral.initial_cpc = D(2023, 6, 20);
    r.u.referral.referrals_last_12m = 2;
    int64_t ref = emit(f, &r);
    EXPECT("referral_date, source, primary_need, closure_date, closure_reason, nfa, "
           "initial_cpc_date, referrals_last_12m",
           "referral", ref, "2023-05-02|5A|N1|2024-02-29|RC8|0|2023-06-20|2");
    r = rec(SG_REC_REFERRAL, c, 9);
    r.u.referral.nfa = SG_TRI_YES;
    id = emit(f, &r);
    EXPECT("referral_date, nfa, referrals_last_12m", "referral", id, "~|1|~");

    r = rec(SG_REC_ASSESSMENT, c, 10);
    r.parent = ref;
    r.u.assessment.start = D(2023, 5, 3);
    r.u.assessment.authorised = D(2023, 6, 1);
    r.u.assessment.internal_review = D(2023, 5, 20);
    r.u.assessment.factors = "2A 3B 21";
    r.u.assessment.child_seen = SG_TRI_YES;
    r.u.assessment.needs_support = SG_TRI_NO;
    id = emit(f, &r);
    EXPECT("referral_id, start_date, authorised_date, internal_review_date, factors, child_seen, "
           "needs_support",
           "assessment", id, "%lld|2023-05-03|2023-06-01|2023-05-20|2A 3B 21|1|0", (long long)ref);
    r = rec(SG_REC_ASSESSMENT, c, 11); /* Annex A: no parent */
    id = emit(f, &r);
    EXPECT("referral_id, child_seen", "assessment", id, "~|~");

    r = rec(SG_REC_STRATEGY, c, 12);
    r.u.strategy.date = D(2023, 5, 4);
    r.u.strategy.requested_by = "POLICE";
    r.u.strategy.outcome = "S47";
    id = emit(f, &r);
    EXPECT("strategy_date, requested_by, outcome", "strategy", id, "2023-05-04|POLICE|S47");

    r = rec(SG_REC_S47, c, 13);
    r.parent = ref;
    r.u.s47.start = D(2023, 5, 5);
    r.u.s47.icpc_target = D(2023, 6, 2);
    r.u.s47.icpc_date = D(2023, 6, 20);
    r.u.s47.icpc_not_required = SG_TRI_NO;
    r.u.s47.cp_plan_resulted = SG_TRI_YES;
    id = emit(f, &r);
    EXPECT("referral_id, start_date, icpc_target_date, icpc_date, icpc_not_required, "
           "cp_plan_resulted",
           "s47", id, "%lld|2023-05-05|2023-06-02|2023-06-20|0|1", (long long)ref);

    r = rec(SG_REC_CIN_PLAN, c, 14);
    r.parent = ref;
    r.u.cin_plan.start = D(2023, 6, 1);
    r.u.cin_plan.end = D(2023, 6, 19);
    id = emit(f, &r);
    EXPECT("referral_id, start_date, end_date", "cin_plan", id, "%lld|2023-06-01|2023-06-19",
           (long long)ref);

    r = rec(SG_REC_CP_PLAN, c, 15);
    r.parent = ref;
    r.u.cp_plan.start = D(2023, 6, 20);
    r.u.cp_plan.initial_category = "NEG";
    r.u.cp_plan.latest_category = "EMO";
    r.u.cp_plan.previous_plans = 0;
    int64_t plan = emit(f, &r);
    EXPECT("referral_id, start_date, end_date, initial_category, latest_category, previous_plans",
           "cp_plan", plan, "%lld|2023-06-20|~|NEG|EMO|0", (long long)ref);

    r = rec(SG_REC_CP_REVIEW, c, 16);
    r.parent = plan;
    r.u.cp_review.date = D(2023, 9, 12);
    id = emit(f, &r);
    EXPECT("cp_plan_id, review_date", "cp_review", id, "%lld|2023-09-12", (long long)plan);

    r = rec(SG_REC_CLA_EPISODE, c, 17);
    r.u.cla_episode.start = D(2022, 12, 31);
    r.u.cla_episode.end = D(2023, 3, 1);
    r.u.cla_episode.rne = "S";
    r.u.cla_episode.legal_status = "C2";
    r.u.cla_episode.cin = "N1";
    r.u.cla_episode.placement = "U3";
    r.u.cla_episode.provider = "PR1";
    r.u.cla_episode.reason_ceased = "E11";
    r.u.cla_episode.reason_place_change = "CARPL";
    r.u.cla_episode.urn = "SC123456";
    id = emit(f, &r);
    EXPECT("start_date, end_date, rne, legal_status, cin, placement, provider, reason_ceased, "
           "reason_place_change, urn",
           "cla_episode", id, "2022-12-31|2023-03-01|S|C2|N1|U3|PR1|E11|CARPL|SC123456");

    r = rec(SG_REC_CLA_REVIEW, c, 18);
    r.u.cla_review.date = D(2023, 1, 20);
    r.u.cla_review.code = "PN1";
    id = emit(f, &r);
    EXPECT("review_date, code", "cla_review", id, "2023-01-20|PN1");

    r = rec(SG_REC_MISSING, c, 19);
    r.u.missing.start = D(2023, 8, 1);
    r.u.missing.end = D(2023, 8, 2);
    r.u.missing.kind = "M";
    r.u.missing.from = "CARE";
    r.u.missing.ri_offered = SG_TRI_YES;
    r.u.missing.ri_accepted = SG_TRI_UNKNOWN;
    r.u.missing.reporting_agency = "POLICE";
    id = emit(f, &r);
    EXPECT("start_date, end_date, kind, from_place, ri_offered, ri_accepted, reporting_agency",
           "missing_episode", id, "2023-08-01|2023-08-02|M|CARE|1|~|POLICE");

    r = rec(SG_REC_LADO, NULL, 20);
    r.u.lado.ref = "LADO-17";
    r.u.lado.received = D(2023, 10, 2);
    r.u.lado.strategy = D(2023, 10, 3);
    r.u.lado.concluded = D(2023, 12, 1);
    r.u.lado.kind = "REFERRAL";
    r.u.lado.referring_agency = "EDUCATION";
    r.u.lado.sector = "EDUCATION";
    r.u.lado.category = "PHYSICAL";
    r.u.lado.outcome = "UNFOUNDED";
    id = emit(f, &r);
    EXPECT("child_id, ref, received_date, strategy_date, concluded_date, kind, referring_agency, "
           "sector, category, outcome",
           "lado", id,
           "~|LADO-17|2023-10-02|2023-10-03|2023-12-01|REFERRAL|EDUCATION|EDUCATION|PHYSICAL|"
           "UNFOUNDED");

    r = rec(SG_REC_POLICE_EVENT, c, 21);
    r.u.police.kind = "VPR";
    r.u.police.date = D(2023, 11, 5);
    r.u.police.subtype = "CSE";
    r.u.police.ref = "FORCE/123";
    id = emit(f, &r);
    EXPECT("kind, event_date, subtype, ref", "police_event", id, "VPR|2023-11-05|CSE|FORCE/123");

    r = rec(SG_REC_POPULATION, NULL, 22);
    r.u.population.area = "E06000001";
    r.u.population.year = 2023;
    r.u.population.age_from = 0;
    r.u.population.age_to = 17;
    r.u.population.count = 21345;
    id = emit(f, &r);
    EXPECT("child_id, area, year, age_from, age_to, sex, count", "population", id,
           "~|E06000001|2023|0|17|~|21345");

    r = rec(SG_REC_EXTRA, c, 23);
    r.u.extra.table = "ssda903/oc2";
    r.u.extra.nfields = 4;
    r.u.extra.names[0] = "SDQ_SCORE";
    r.u.extra.values[0] = "14";
    r.u.extra.names[1] = "NOTE";
    r.u.extra.values[1] = "say \"hi\"";
    r.u.extra.names[2] = "EMPTY";
    r.u.extra.values[2] = NULL;
    r.u.extra.names[3] = "LATIN1";
    r.u.extra.values[3] = "caf\xe9";
    id = emit(f, &r);
    EXPECT("child_id, table_name, fields", "extra_record", id,
           "%lld|ssda903/oc2|{\"SDQ_SCORE\":\"14\",\"NOTE\":\"say \\\"hi\\\"\",\"EMPTY\":null,"
           "\"LATIN1\":\"caf\xef\xbf\xbd\"}",
           (long long)child);
    r = rec(SG_REC_EXTRA, NULL, 24);
    r.u.extra.table = "annexa/9";
    id = emit(f, &r);
    EXPECT("child_id, fields", "extra_record", id, "~|{}");

    /* A partner value: no child; a blank breakdown is stored as '', blank numbers as NULL. */
    r = rec(SG_REC_PARTNER_VALUE, NULL, 25);
    r.u.partner.organisation = "COUNCIL";
    r.u.partner.period = "2024-Q1";
    r.u.partner.measure = "gcp_completion_pct";
    r.u.partner.has_num = r.u.partner.has_den = 1;
    r.u.partner.numerator = 25;
    r.u.partner.denominator = 40;
    r.u.partner.explanation = "new template";
    r.u.partner.sheet = "Return";
    r.u.partner.cols = "3,4,5,6,7,8,9";
    id = emit(f, &r);
    EXPECT("child_id, organisation, period, measure, breakdown, value, numerator, denominator, "
           "text, explanation, sheet, cols",
           "partner_value", id,
           "~|COUNCIL|2024-Q1|gcp_completion_pct||~|25.0|40.0|~|new template|Return|"
           "3,4,5,6,7,8,9");

    /* Every record of the child went to the same child, through the sink's counters too. */
    assert_int_equal(f->ss.accepted, 23);
    assert_int_equal(count(f, "SELECT count(*) FROM child"), 1);
    assert_int_equal(count(f, "SELECT count(*) FROM child_key"), 2);
    end_sub(f, true);
    long n = 0;
    assert_int_equal(sg_store_count_submission(f->s, f->sub, SG_REC_CHILD, &n, &f->e), SG_OK);
    assert_int_equal(n, 3);
    for (int t = 1; t < SG_REC__COUNT; t++) {
        assert_int_equal(sg_store_count_submission(f->s, f->sub, (sg_rec_type)t, &n, &f->e), SG_OK);
        assert_int_equal(
            n, t == SG_REC_REFERRAL || t == SG_REC_ASSESSMENT || t == SG_REC_EXTRA ? 2 : 1);
    }
    assert_int_equal(sg_store_count(f->s, SG_REC_CHILD, &n, &f->e), SG_OK);
    assert_int_equal(n, 1);
#undef EXPECT
}

static int64_t child_of(fx *f, const char *pseudonym)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT child_id FROM child_key WHERE pseudonym = '%s'", pseudonym);
    return count(f, sql);
}

static void test_child_linking(void **state)
{
    fx *f = *state;
    char la[SG_PSEUDO_LEN + 1], nhs[SG_PSEUDO_LEN + 1], pdob[SG_PSEUDO_LEN + 1],
        la2[SG_PSEUDO_LEN + 1], upn[SG_PSEUDO_LEN + 1];
    mk(f, SG_ID_LA, "LA-111", la);
    mk(f, SG_ID_NHS, "943 476 5919", nhs);
    mk(f, SG_ID_NAMEDOB, "Smith|Jo|2012-05-17", pdob);
    mk(f, SG_ID_LA, "LA-222", la2);
    mk(f, SG_ID_UPN, "H801200001001", upn);

    /* Health knows the child by NHS number only. */
    begin_sub(f, "HEALTH", "agency/early_help", 1);
    sg_rec r = rec(SG_REC_CHILD, nhs, 2);
    emit(f, &r);
    r = rec(SG_REC_EARLY_HELP, nhs, 2);
    emit(f, &r);
    end_sub(f, true);
    int64_t one = child_of(f, nhs);

    /* The LA return names the LA ID first and the NHS number beside it: same child. */
    begin_sub(f, "LA", "agency/early_help", 2);
    r = rec(SG_REC_CHILD, la, 2);
    r.u.child.nkeys = 3;
    memcpy(r.u.child.keys[0], nhs, sizeof nhs);
    memcpy(r.u.child.keys[1], upn, sizeof upn);
    memcpy(r.u.child.keys[2], upn, sizeof upn); /* repeated key: linked once */
    emit(f, &r);
    r = rec(SG_REC_REFERRAL, la, 3);
    emit(f, &r);
    /* Police by name and date of birth, with the LA ID: joins too. */
    r = rec(SG_REC_CHILD, pdob, 4);
    r.u.child.nkeys = 1;
    memcpy(r.u.child.keys[0], la, sizeof la);
    emit(f, &r);
    /* Another child, later claimed (wrongly or not) to share the NHS number: no merge. */
    r = rec(SG_REC_CHILD, la2, 5);
    emit(f, &r);
    r = rec(SG_REC_CHILD, la2, 6);
    r.u.child.nkeys = 1;
    memcpy(r.u.child.keys[0], nhs, sizeof nhs);
    emit(f, &r);
    end_sub(f, true);

    assert_int_equal(child_of(f, la), one);
    assert_int_equal(child_of(f, upn), one);
    assert_int_equal(child_of(f, pdob), one);
    int64_t two = child_of(f, la2);
    assert_int_not_equal(two, one);
    assert_int_equal(child_of(f, nhs), one); /* existing mapping kept */
    assert_int_equal(count(f, "SELECT count(*) FROM child"), 2);
    assert_int_equal(count(f, "SELECT count(*) FROM child_key"), 5);
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM referral WHERE child_id = %lld",
             (long long)one);
    assert_int_equal(count(f, sql), 1);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM child_detail WHERE child_id = %lld",
             (long long)one);
    assert_int_equal(count(f, sql), 3);
    long n = 0;
    assert_int_equal(sg_store_count(f->s, SG_REC_CHILD, &n, &f->e), SG_OK);
    assert_int_equal(n, 2);

    /* sg_store_child_id resolves the same way from a new sink. */
    begin_sub(f, "LA", "cin", 3);
    int64_t id = 0;
    assert_int_equal(sg_store_child_id(&f->ss, upn, &id, &f->e), SG_OK);
    assert_int_equal(id, one);
    assert_int_equal(sg_store_child_id(&f->ss, "LA-111", &id, &f->e), SG_EINVAL);
    end_sub(f, true);
}

static void test_rejected_rows(void **state)
{
    fx *f = *state;
    begin_sub(f, "POLICE", "agency/police_missing", 1);
    char longv[400];
    /* 199 ASCII bytes then a 2-byte character straddling the 200-byte limit. */
    memset(longv, 'x', 199);
    memcpy(longv + 199, "\xc3\xa9", 2);
    memset(longv + 201, 'y', 50);
    longv[251] = '\0';
    sg_reject rj[] = {
        {.file = "m.csv",
         .line = 7,
         .field = "start_date",
         .value = "31/02/2023",
         .reason = "not a real date",
         .raw = "RAWROW-SECRET,31/02/2023"},
        {.file = NULL, .line = 3, .field = NULL, .value = NULL, .reason = "no child identifier"},
        {.file = "m.csv", .line = 9, .field = "notes", .value = longv, .reason = NULL},
    };
    for (int i = 0; i < 3; i++)
        assert_int_equal(f->sink.reject(f->sink.ctx, &rj[i], &f->e), SG_OK);
    assert_int_equal(f->ss.rejected, 3);
    end_sub(f, true);

    expect_row(f, "SELECT file, line, field, value, reason FROM rejected_row WHERE id = 1",
               "m.csv|7|start_date|31/02/2023|not a real date");
    expect_row(f, "SELECT file, line, field, value, reason FROM rejected_row WHERE id = 2",
               "file-1.csv|3|~|~|no child identifier");
    expect_row(f,
               "SELECT length(CAST(value AS BLOB)), substr(value, 199), reason FROM rejected_row "
               "WHERE id = 3",
               "199|x|rejected");
    assert_int_equal(count(f, "SELECT count(*) FROM rejected_row WHERE value LIKE '%RAWROW%' OR "
                              "reason LIKE '%RAWROW%'"),
                     0);
    long n = 0;
    assert_int_equal(sg_store_count_rejected(f->s, &n, &f->e), SG_OK);
    assert_int_equal(n, 3);
}

typedef struct rej_seen {
    long lines[4];
    int n;
} rej_seen;

static int on_rejected(void *ctx, const sg_rejected_row *row)
{
    rej_seen *s = ctx;
    if (s->n < 4) s->lines[s->n++] = row->line;
    return 0;
}

static void test_rejected_each(void **state)
{
    fx *f = *state;
    int64_t sub = begin_sub(f, "LA", "cin", 1);
    long lines[] = {9, 2, 5};
    for (int i = 0; i < 3; i++) {
        sg_reject rj = {.file = "c.xml", .line = lines[i], .field = "x", .reason = "r"};
        assert_int_equal(f->sink.reject(f->sink.ctx, &rj, &f->e), SG_OK);
    }
    end_sub(f, true);
    rej_seen s = {0};
    assert_int_equal(sg_store_rejected_each(f->s, sub, on_rejected, &s, &f->e), SG_OK);
    assert_int_equal(s.n, 3);
    assert_int_equal(s.lines[0], 2);
    assert_int_equal(s.lines[1], 5);
    assert_int_equal(s.lines[2], 9);
    assert_int_equal(sg_store_rejected_each(f->s, sub + 1, on_rejected, &s, &f->e), SG_ENOTFOUND);
}

static void test_rollback_leaves_nothing(void **state)
{
    fx *f = *state;
    char c[SG_PSEUDO_LEN + 1];
    mk(f, SG_ID_LA, "LA-9", c);
    begin_sub(f, "LA", "cin", 1);
    sg_rec r = rec(SG_REC_CHILD, c, 1);
    emit(f, &r);
    r = rec(SG_REC_REFERRAL, c, 2);
    int64_t ref = emit(f, &r);
    r = rec(SG_REC_S47, c, 3);
    r.parent = ref;
    emit(f, &r);
    sg_reject rj = {.file = "x", .line = 4, .reason = "bad"};
    assert_int_equal(f->sink.reject(f->sink.ctx, &rj, &f->e), SG_OK);
    end_sub(f, false);
    const char *tables[] = {"submission", "child", "child_key",   "child_detail",
                            "referral",   "s47",   "rejected_row"};
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        char sql[64];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", tables[i]);
        assert_int_equal(count(f, sql), 0);
    }
    /* The store is usable afterwards and the child is created afresh. */
    begin_sub(f, "LA", "cin", 1);
    r = rec(SG_REC_CHILD, c, 1);
    emit(f, &r);
    end_sub(f, true);
    assert_int_equal(count(f, "SELECT count(*) FROM child_key"), 1);
}

static void test_bad_records_refused(void **state)
{
    fx *f = *state;
    char c[SG_PSEUDO_LEN + 1];
    mk(f, SG_ID_LA, "LA-5", c);
    begin_sub(f, "LA", "cin", 1);
    int64_t id = 7;
    sg_rec r = rec(SG_REC_CHILD, NULL, 1);
    memcpy(r.child, "LA-5", 5); /* a raw ID where a pseudonym belongs */
    assert_int_equal(f->sink.emit(f->sink.ctx, &r, &id, &f->e), SG_EINVAL);
    assert_int_equal(id, 0);
    r = rec(SG_REC_CHILD, c, 1);
    r.u.child.nkeys = 1;
    memcpy(r.u.child.keys[0], "9434765919", 11);
    assert_int_equal(f->sink.emit(f->sink.ctx, &r, &id, &f->e), SG_EINVAL);
    r = rec(SG_REC_REFERRAL, NULL, 12);
    assert_int_equal(f->sink.emit(f->sink.ctx, &r, &id, &f->e), SG_EINVAL);
    assert_int_equal(f->e.line, 12);
    assert_string_equal(f->e.file, "file-1.csv");
    r = rec(SG_REC_REFERRAL, c, 13);
    r.u.referral.nfa = 7;
    assert_int_equal(f->sink.emit(f->sink.ctx, &r, &id, &f->e), SG_EINVAL);
    assert_string_equal(f->e.field, "nfa");
    r = rec(SG_REC_REFERRAL, c, 14);
    r.u.referral.referral_date = D(1850, 1, 1);
    assert_int_equal(f->sink.emit(f->sink.ctx, &r, &id, &f->e), SG_EINVAL);
    assert_string_equal(f->e.field, "referral_date");
    /* A parent that does not exist (or is of another type) breaks the foreign key. */
    r = rec(SG_REC_ASSESSMENT, c, 15);
    r.parent = 4242;
    assert_int_equal(f->sink.emit(f->sink.ctx, &r, &id, &f->e), SG_EDB);
    assert_int_equal(f->e.line, 15);
    r = rec(SG_REC_POPULATION, NULL, 16);
    assert_int_equal(f->sink.emit(f->sink.ctx, &r, &id, &f->e), SG_EINVAL);
    r = rec(SG_REC_EXTRA, NULL, 17);
    r.u.extra.table = "t";
    r.u.extra.nfields = SG_EXTRA_MAX + 1;
    assert_int_equal(f->sink.emit(f->sink.ctx, &r, &id, &f->e), SG_ELIMIT);
    r = rec(SG_REC_CP_PLAN, c, 18);
    r.u.cp_plan.previous_plans = -3;
    assert_int_equal(f->sink.emit(f->sink.ctx, &r, &id, &f->e), SG_EINVAL);
    assert_int_equal(f->ss.accepted, 0);
    end_sub(f, true);
    /* Only the record that failed in the database (the foreign key) got as far as resolving
     * its child; the import driver rolls back after any emit error anyway. */
    assert_int_equal(count(f, "SELECT count(*) FROM child_key"), 1);
    assert_int_equal(count(f, "SELECT (SELECT count(*) FROM referral) + (SELECT count(*) FROM "
                              "assessment) + (SELECT count(*) FROM child_detail)"),
                     0);
}

/* True when needle occurs in the file at path. */
static bool file_contains(const char *path, const char *needle)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return false;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    size_t got = fread(buf, 1, (size_t)n, fp);
    fclose(fp);
    size_t k = strlen(needle);
    bool found = false;
    for (size_t i = 0; !found && i + k <= got; i++)
        found = memcmp(buf + i, needle, k) == 0;
    free(buf);
    return found;
}

static void test_pseudonyms_only(void **state)
{
    fx *f = *state;
    static const struct {
        sg_id_kind kind;
        const char *raw, *needle;
    } ids[] = {
        {SG_ID_LA, "RAWLA0099887", "RAWLA0099887"},
        {SG_ID_UPN, "Z987654321098", "Z987654321098"},
        {SG_ID_NHS, "485 777 3456", "4857773456"},
        {SG_ID_NAMEDOB, "Quillfeather|Oona|2011-09-23", "Quillfeather"},
    };
    char p[4][SG_PSEUDO_LEN + 1];
    for (int i = 0; i < 4; i++)
        mk(f, ids[i].kind, ids[i].raw, p[i]);
    begin_sub(f, "LA", "agency/police_missing", 1);
    sg_rec r = rec(SG_REC_CHILD, p[0], 2);
    r.u.child.nkeys = 3;
    for (int i = 1; i < 4; i++)
        memcpy(r.u.child.keys[i - 1], p[i], SG_PSEUDO_LEN + 1);
    r.u.child.birth_year = 2011;
    r.u.child.birth_month = 9;
    emit(f, &r);
    r = rec(SG_REC_MISSING, p[3], 2);
    r.u.missing.start = D(2023, 2, 2);
    emit(f, &r);
    sg_reject rj = {.file = "m.csv",
                    .line = 3,
                    .field = "child_la_id",
                    .value = p[0],
                    .reason = "duplicate row",
                    .raw = "RAWLA0099887,Quillfeather,Oona,2011-09-23"};
    assert_int_equal(f->sink.reject(f->sink.ctx, &rj, &f->e), SG_OK);
    end_sub(f, true);
    sg_store_close(f->s);
    f->s = NULL;

    char db[128], wal[128];
    snprintf(db, sizeof db, "%s/safeguard.db", f->dir);
    snprintf(wal, sizeof wal, "%s/safeguard.db-wal", f->dir);
    for (int i = 0; i < 4; i++) {
        assert_false(file_contains(db, ids[i].needle));
        assert_false(file_contains(wal, ids[i].needle));
        assert_true(file_contains(db, p[i])); /* and the pseudonyms are there */
    }
    assert_false(file_contains(db, "Oona"));
    assert_false(file_contains(db, "2011-09-23"));
    assert_true(file_contains(db, "2011-09"));
    assert_int_equal(sg_store_open(f->dir, false, &f->s, &f->e), SG_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_every_type, setup, teardown),
        cmocka_unit_test_setup_teardown(test_child_linking, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rejected_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rejected_each, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rollback_leaves_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_records_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pseudonyms_only, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

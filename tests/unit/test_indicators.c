/* test_indicators.c - the indicator engine on a small hand-built store: every indicator's
 * numerator, denominator, value and flags worked out by hand below, written through the store
 * sink as importers write them. Also periods, the definitions table, year-on-year change, the
 * year-end estimate, superseded returns, missing population and the Annex A source. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/digest.h"
#include "indicators/indicators.h"
#include "store/store.h"
#include "test_util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- scaffolding: a store in a temporary folder, returns written through the sink ---- */

typedef struct fx {
    char dir[64];
    sg_store *s;
    sg_error e;
    sg_store_sink ss;
    sg_sink sink;
    int64_t sub;
    int nfile;
} fx;

static fx *fx_new(void)
{
    fx *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/sg-ind-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    assert_int_equal(sg_store_open(f->dir, true, &f->s, &f->e), SG_OK);
    return f;
}

static void fx_free(fx *f)
{
    sg_store_close(f->s);
    tu_rm_rf(f->dir);
    free(f);
}

static int64_t sub_begin(fx *f, const char *agency, const char *format, const char *period)
{
    char sha[65], seed[64], name[64];
    snprintf(seed, sizeof seed, "ind-file-%d", ++f->nfile);
    snprintf(name, sizeof name, "file-%d", f->nfile);
    sg_sha256_buf(seed, strlen(seed), sha);
    assert_int_equal(sg_store_begin(f->s, &f->e), SG_OK);
    assert_int_equal(
        sg_submission_create(f->s, agency, format, period, name, sha, "tester", &f->sub, &f->e),
        SG_OK);
    sg_store_sink_init(&f->ss, f->s, f->sub, "file", &f->sink);
    return f->sub;
}

static void sub_end(fx *f)
{
    sg_store_sink_fini(&f->ss);
    sg_import_stats st = {.rows_read = 1};
    assert_int_equal(sg_submission_finish(f->s, f->sub, &st, &f->e), SG_OK);
    assert_int_equal(sg_store_commit(f->s, &f->e), SG_OK);
}

static sg_date D(const char *iso)
{
    return iso ? sg_date_parse_iso(iso, strlen(iso)) : SG_DATE_NONE;
}

static int64_t emit(fx *f, sg_rec *r, const char *child)
{
    if (child)
        assert_int_equal(
            sg_pseudo_make(sg_store_pseudo(f->s), SG_ID_LA, child, strlen(child), r->child), SG_OK);
    int64_t id = 0;
    int rc = f->sink.emit(f->sink.ctx, r, &id, &f->e);
    if (rc) fail_msg("emit: %s", f->e.msg);
    return id;
}

static void child(fx *f, const char *c, int by, int bm, int uasc)
{
    sg_rec r;
    sg_rec_init(&r, SG_REC_CHILD);
    r.u.child.birth_year = by;
    r.u.child.birth_month = bm;
    r.u.child.uasc = uasc;
    emit(f, &r, c);
}

static int64_t referral(fx *f, const char *c, const char *date, const char *close, const char *src,
                        int nfa)
{
    sg_rec r;
    sg_rec_init(&r, SG_REC_REFERRAL);
    r.u.referral.referral_date = D(date);
    r.u.referral.closure_date = D(close);
    r.u.referral.source = src;
    r.u.referral.nfa = nfa;
    return emit(f, &r, c);
}

static void assess(fx *f, const char *c, int64_t parent, const char *start, const char *auth,
                   const char *factors)
{
    sg_rec r;
    sg_rec_init(&r, SG_REC_ASSESSMENT);
    r.parent = parent;
    r.u.assessment.start = D(start);
    r.u.assessment.authorised = D(auth);
    r.u.assessment.factors = factors;
    emit(f, &r, c);
}

static void s47(fx *f, const char *c, int64_t parent, const char *start, const char *icpc)
{
    sg_rec r;
    sg_rec_init(&r, SG_REC_S47);
    r.parent = parent;
    r.u.s47.start = D(start);
    r.u.s47.icpc_date = D(icpc);
    emit(f, &r, c);
}

static void cpp(fx *f, const char *c, int64_t parent, const char *start, const char *end,
                const char *cat, int prev)
{
    sg_rec r;
    sg_rec_init(&r, SG_REC_CP_PLAN);
    r.parent = parent;
    r.u.cp_plan.start = D(start);
    r.u.cp_plan.end = D(end);
    r.u.cp_plan.initial_category = cat;
    r.u.cp_plan.previous_plans = prev;
    emit(f, &r, c);
}

static void cla(fx *f, const char *c, const char *start, const char *end, const char *rne,
                const char *rec)
{
    sg_rec r;
    sg_rec_init(&r, SG_REC_CLA_EPISODE);
    r.u.cla_episode.start = D(start);
    r.u.cla_episode.end = D(end);
    r.u.cla_episode.rne = rne;
    r.u.cla_episode.reason_ceased = rec;
    emit(f, &r, c);
}

static void miss(fx *f, const char *c, const char *start, const char *from, const char *agency,
                 int off, int acc)
{
    sg_rec r;
    sg_rec_init(&r, SG_REC_MISSING);
    r.u.missing.start = D(start);
    r.u.missing.kind = "M";
    r.u.missing.from = from;
    r.u.missing.reporting_agency = agency;
    r.u.missing.ri_offered = off;
    r.u.missing.ri_accepted = acc;
    emit(f, &r, c);
}

static void point(fx *f, sg_rec_type t, const char *c, const char *date)
{
    sg_rec r;
    sg_rec_init(&r, t);
    if (t == SG_REC_CONTACT) r.u.contact.date = D(date);
    if (t == SG_REC_STRATEGY) r.u.strategy.date = D(date);
    if (t == SG_REC_EARLY_HELP) r.u.early_help.start = D(date);
    emit(f, &r, c);
}

static void lado(fx *f, const char *ref, const char *kind, const char *recv, const char *concl,
                 const char *cat, const char *out)
{
    sg_rec r;
    sg_rec_init(&r, SG_REC_LADO);
    r.u.lado.ref = ref;
    r.u.lado.kind = kind;
    r.u.lado.received = D(recv);
    r.u.lado.concluded = D(concl);
    r.u.lado.category = cat;
    r.u.lado.outcome = out;
    emit(f, &r, NULL);
}

static void pop(fx *f, int year, int from, int to, const char *sex, long count)
{
    sg_rec r;
    sg_rec_init(&r, SG_REC_POPULATION);
    r.u.population.area = "E09000099";
    r.u.population.year = year;
    r.u.population.age_from = from;
    r.u.population.age_to = to;
    r.u.population.sex = sex;
    r.u.population.count = count;
    emit(f, &r, NULL);
}

/* ---- the hand-built partnership ---- */

typedef struct subs {
    int64_t cin22, cin23old, cin23, cin24, annexa, e22, e23, uasc, m903, police, eh, lado, pop;
} subs;

/* Children are named by letters (their LA IDs). The story, return by return:
 *
 * CIN census 2022-23: A and B referred 2022-05-10 (closed 2022-06-01); C referred 2023-03-01
 * (closed 03-20); D referred 2023-02-28 (closed 03-10); F referred 2021-05-01 (open) with a
 * NEG plan from 2021-06-01 (open); G referred 2021-08-01 (closed 2022-11-01) with an EMO plan
 * 2021-09-01..2022-10-01; N referred 2019-01-01 (open); P referred 2023-03-20 (open), assessment
 * started 03-21 not yet authorised; plans without an episode: S NEG from 2020-03-01, T "XYZ"
 * from 2022-05-01, U NEG from 2023-01-15 (all open). Referrals in 2022-23: A, B, C, D, P = 5.
 *
 * CIN census 2023-24, first version (superseded by the second): Z referred 2023-07-01 with a
 * plan from 07-05. Must never count.
 *
 * CIN census 2023-24 (current): births G 2010-05, M 2023-01, N 2019-07, H 2023-09, V 2007-06.
 *  A ref 2023-05-10 src 1A closed 05-12; assessment 05-10 -> 05-12 (2 wd), factors 21
 *  B ref 2023-05-11 src 2A NFA, closed same day
 *  C ref 2024-03-01 src 3B open; assessment started 03-01 (open); S47 2024-03-04, no ICPC
 *  D ref 2024-02-29 src 6 open; assessment 2024-03-04 -> 03-28 (18 wd; 20 from referral)
 *  F ref 2021-05-01 closed 2023-08-01; plan 2021-06-01 -> 2023-06-15 NEG
 *  G ref 2023-08-20 (Sunday) src 5A open; assessment 08-21 -> 10-24 (45 wd with the 28 August
 *    holiday; 46 from the referral); S47 08-25 -> ICPC 09-01 (4 wd); EMO plan 09-01, previous 1
 *  I ref 2023-04-03 src "XX" closed 06-30; assessment 04-03 -> 06-12: 45 wd because Good Friday,
 *    Easter Monday, 1 May, the coronation (8 May) and 29 May fall inside (49 without them)
 *  J ref 2023-04-03 no source, closed 06-30; assessment 04-03 -> 06-13 (46 wd); S47 06-01 ->
 *    ICPC 06-30 (21 wd)
 *  K ref 2024-03-08 src 8 open; S47 2024-03-11 (its ICPC is in the 2024-25 census)
 *  L ref 2023-04-20 src 9 open; assessment 04-20 -> 05-25 (23 wd); S47 05-02, ICPC 04-28
 *    (before the S47 start)
 *  M ref 2023-10-02 src 10 open; assessment 10-02 -> 11-15 (32 wd); S47 10-03 -> ICPC 10-24
 *    (15 wd); PHY plan 10-24 -> 2024-03-31 (ends on 31 March)
 *  N (ref 2019) S47 2023-12-01 -> ICPC 12-28 (17 wd: Christmas and Boxing Day inside); MUL plan
 *    12-28 open
 *  O ref 2023-11-01 src 2B closed 2024-03-31; assessment 11-01 -> 2024-01-10 (47 wd), factors 21
 *  P ref 2023-03-20 src 1C closed 2023-05-05; assessment 03-21 -> 04-18 (18 wd; 19 from ref)
 *  plans without an episode: H SAB 2023-07-03 -> 09-29, previous 1; S NEG 2020-03-01 open;
 *    T "XYZ" 2022-05-01 -> 2023-11-01; U NEG 2023-01-15 -> 2023-08-01; V "neg" 2024-01-08 open,
 *    previous plans not given
 *
 * CIN census 2024-25: K's referral again and its S47 2024-03-11 -> ICPC 2024-04-03 (15 wd: the
 * Easter 2024 holidays 29 March and 1 April inside); AB's S47 2024-03-12 -> ICPC 2024-04-05
 * (16 wd), no episode.
 *
 * Annex A workbook 2023-24: contacts CT0..CT19 on 2023-04-01 + 15 i days (CT0 twice the same
 * day), CT20 on 2023-03-31; list 5 strategy discussions (each with its S47 row) for G 08-24,
 * M 09-01, N 11-30 and F 2023-03-15.
 *
 * SSDA903 episodes 2022-23: W from 2023-01-10 (S, open); Y from 2022-11-01 (S, open).
 * SSDA903 episodes 2023-24: W 01-10 S -> 05-01 X1, 05-01 P -> 09-01 X1, 09-01 L -> 12-01 X1,
 * 12-01 P open; X 2023-06-01 S open; Y 2022-11-01 S -> 2023-06-30 E11; AA 2024-03-31 S open.
 * SSDA903 UASC 2023-24: X. SSDA903 missing 2023-24: W 07-01 (twice), W 07-15, X 08-01.
 * Police missing 2023-24: B HOME 05-20 offered/declined, B HOME 06-20 offered/accepted, C HOME
 * 09-01 not offered, W CARE 07-01, J HOME 2023-03-30.
 * Early help 2023-24: I 04-15, J 10-01 (twice), K 2024-04-02.
 * LADO 2023-24: L1 referral 04-05 PHYSICAL SUBSTANTIATED concluded 05-04; L2 referral 06-10
 * SEXUAL UNFOUNDED concluded 09-09; L3 referral 2023-01-10 EMOTIONAL MALICIOUS concluded
 * 2024-01-10; L4 referral 11-01 SUITABILITY ONGOING; L5 contact 07-01 NEGLECT; L6 referral 08-01
 * "OTHERTHING", no outcome, concluded 2024-02-29.
 * Population (E09000099): 2022 0-17 51,000; 2023 in bands 0-4 15,000, 5-9 14,000, 10-15 15,000,
 * 16-17 8,000 (52,000) and a male-only 0-17 row that must not be added. */
static void build(fx *f, subs *x)
{
    int64_t r;
    x->cin22 = sub_begin(f, "LA", "cin", "2022-23");
    referral(f, "A", "2022-05-10", "2022-06-01", "1A", 0);
    referral(f, "B", "2022-05-10", "2022-06-01", "1A", 0);
    referral(f, "C", "2023-03-01", "2023-03-20", "3B", 0);
    referral(f, "D", "2023-02-28", "2023-03-10", "6", 0);
    r = referral(f, "F", "2021-05-01", NULL, "1A", 0);
    cpp(f, "F", r, "2021-06-01", NULL, "NEG", 0);
    r = referral(f, "G", "2021-08-01", "2022-11-01", "1A", 0);
    cpp(f, "G", r, "2021-09-01", "2022-10-01", "EMO", 0);
    referral(f, "N", "2019-01-01", NULL, "1A", 0);
    r = referral(f, "P", "2023-03-20", NULL, "1C", 0);
    assess(f, "P", r, "2023-03-21", NULL, NULL);
    cpp(f, "S", 0, "2020-03-01", NULL, "NEG", 0);
    cpp(f, "T", 0, "2022-05-01", NULL, "XYZ", 0);
    cpp(f, "U", 0, "2023-01-15", NULL, "NEG", 0);
    sub_end(f);

    x->cin23old = sub_begin(f, "LA", "cin", "2023-24");
    r = referral(f, "Z", "2023-07-01", NULL, "1A", 0);
    cpp(f, "Z", r, "2023-07-05", NULL, "NEG", 0);
    sub_end(f);

    x->cin23 = sub_begin(f, "LA", "cin", "2023-24");
    child(f, "G", 2010, 5, -1);
    child(f, "M", 2023, 1, -1);
    child(f, "N", 2019, 7, -1);
    child(f, "H", 2023, 9, -1);
    child(f, "V", 2007, 6, -1);
    r = referral(f, "A", "2023-05-10", "2023-05-12", "1A", 0);
    assess(f, "A", r, "2023-05-10", "2023-05-12", "21");
    referral(f, "B", "2023-05-11", "2023-05-11", "2A", 1);
    r = referral(f, "C", "2024-03-01", NULL, "3B", 0);
    assess(f, "C", r, "2024-03-01", NULL, NULL);
    s47(f, "C", r, "2024-03-04", NULL);
    r = referral(f, "D", "2024-02-29", NULL, "6", 0);
    assess(f, "D", r, "2024-03-04", "2024-03-28", "3A");
    r = referral(f, "F", "2021-05-01", "2023-08-01", "1A", 0);
    cpp(f, "F", r, "2021-06-01", "2023-06-15", "NEG", 0);
    r = referral(f, "G", "2023-08-20", NULL, "5A", 0);
    assess(f, "G", r, "2023-08-21", "2023-10-24", "1B");
    s47(f, "G", r, "2023-08-25", "2023-09-01");
    cpp(f, "G", r, "2023-09-01", NULL, "EMO", 1);
    r = referral(f, "I", "2023-04-03", "2023-06-30", "XX", 0);
    assess(f, "I", r, "2023-04-03", "2023-06-12", "2A");
    r = referral(f, "J", "2023-04-03", "2023-06-30", NULL, 0);
    assess(f, "J", r, "2023-04-03", "2023-06-13", "1B");
    s47(f, "J", r, "2023-06-01", "2023-06-30");
    r = referral(f, "K", "2024-03-08", NULL, "8", 0);
    s47(f, "K", r, "2024-03-11", NULL);
    r = referral(f, "L", "2023-04-20", NULL, "9", 0);
    assess(f, "L", r, "2023-04-20", "2023-05-25", "3A");
    s47(f, "L", r, "2023-05-02", "2023-04-28");
    r = referral(f, "M", "2023-10-02", NULL, "10", 0);
    assess(f, "M", r, "2023-10-02", "2023-11-15", "3A");
    s47(f, "M", r, "2023-10-03", "2023-10-24");
    cpp(f, "M", r, "2023-10-24", "2024-03-31", "PHY", 0);
    r = referral(f, "N", "2019-01-01", NULL, "1A", 0);
    s47(f, "N", r, "2023-12-01", "2023-12-28");
    cpp(f, "N", r, "2023-12-28", NULL, "MUL", 0);
    r = referral(f, "O", "2023-11-01", "2024-03-31", "2B", 0);
    assess(f, "O", r, "2023-11-01", "2024-01-10", "21");
    r = referral(f, "P", "2023-03-20", "2023-05-05", "1C", 0);
    assess(f, "P", r, "2023-03-21", "2023-04-18", "3A");
    cpp(f, "H", 0, "2023-07-03", "2023-09-29", "SAB", 1);
    cpp(f, "S", 0, "2020-03-01", NULL, "NEG", 0);
    cpp(f, "T", 0, "2022-05-01", "2023-11-01", "XYZ", 0);
    cpp(f, "U", 0, "2023-01-15", "2023-08-01", "NEG", 0);
    cpp(f, "V", 0, "2024-01-08", NULL, "neg", -1);
    sub_end(f);

    x->cin24 = sub_begin(f, "LA", "cin", "2024-25");
    r = referral(f, "K", "2024-03-08", NULL, "8", 0);
    s47(f, "K", r, "2024-03-11", "2024-04-03");
    s47(f, "AB", 0, "2024-03-12", "2024-04-05");
    sub_end(f);

    x->annexa = sub_begin(f, "LA", "annexa-xlsx", "2023-24");
    for (int i = 0; i < 20; i++) {
        char id[8], date[11];
        snprintf(id, sizeof id, "CT%d", i);
        sg_date_iso(D("2023-04-01") + 15 * i, date);
        point(f, SG_REC_CONTACT, id, date);
        if (i == 0) point(f, SG_REC_CONTACT, id, date);
    }
    point(f, SG_REC_CONTACT, "CT20", "2023-03-31");
    const char *strat[][2] = {
        {"G", "2023-08-24"}, {"M", "2023-09-01"}, {"N", "2023-11-30"}, {"F", "2023-03-15"}};
    for (int i = 0; i < 4; i++) {
        point(f, SG_REC_STRATEGY, strat[i][0], strat[i][1]);
        s47(f, strat[i][0], 0, strat[i][1], NULL);
    }
    sub_end(f);

    x->e22 = sub_begin(f, "LA", "ssda903/episodes", "2022-23");
    cla(f, "W", "2023-01-10", NULL, "S", NULL);
    cla(f, "Y", "2022-11-01", NULL, "S", NULL);
    sub_end(f);
    x->e23 = sub_begin(f, "LA", "ssda903/episodes", "2023-24");
    cla(f, "W", "2023-01-10", "2023-05-01", "S", "X1");
    cla(f, "W", "2023-05-01", "2023-09-01", "P", "X1");
    cla(f, "W", "2023-09-01", "2023-12-01", "L", "X1");
    cla(f, "W", "2023-12-01", NULL, "P", NULL);
    cla(f, "X", "2023-06-01", NULL, "S", NULL);
    cla(f, "Y", "2022-11-01", "2023-06-30", "S", "E11");
    cla(f, "AA", "2024-03-31", NULL, "S", NULL);
    sub_end(f);
    x->uasc = sub_begin(f, "LA", "ssda903/uasc", "2023-24");
    child(f, "X", 2007, 3, 1);
    sub_end(f);
    x->m903 = sub_begin(f, "LA", "ssda903/missing", "2023-24");
    miss(f, "W", "2023-07-01", "CARE", "CSC", -1, -1);
    miss(f, "W", "2023-07-01", "CARE", "CSC", -1, -1);
    miss(f, "W", "2023-07-15", "CARE", "CSC", -1, -1);
    miss(f, "X", "2023-08-01", "CARE", "CSC", -1, -1);
    sub_end(f);

    x->police = sub_begin(f, "POLICE", "agency/police_missing", "2023-24");
    miss(f, "B", "2023-05-20", "HOME", "POLICE", 1, 0);
    miss(f, "B", "2023-06-20", "HOME", "POLICE", 1, 1);
    miss(f, "C", "2023-09-01", "HOME", "POLICE", 0, -1);
    miss(f, "W", "2023-07-01", "CARE", "POLICE", 1, 1);
    miss(f, "J", "2023-03-30", "HOME", "POLICE", 1, 1);
    sub_end(f);
    x->eh = sub_begin(f, "LA", "agency/early_help", "2023-24");
    point(f, SG_REC_EARLY_HELP, "I", "2023-04-15");
    point(f, SG_REC_EARLY_HELP, "J", "2023-10-01");
    point(f, SG_REC_EARLY_HELP, "J", "2023-10-01");
    point(f, SG_REC_EARLY_HELP, "K", "2024-04-02");
    sub_end(f);
    x->lado = sub_begin(f, "LA", "agency/lado", "2023-24");
    lado(f, "L1", "REFERRAL", "2023-04-05", "2023-05-04", "PHYSICAL", "SUBSTANTIATED");
    lado(f, "L2", "REFERRAL", "2023-06-10", "2023-09-09", "SEXUAL", "UNFOUNDED");
    lado(f, "L3", "REFERRAL", "2023-01-10", "2024-01-10", "EMOTIONAL", "MALICIOUS");
    lado(f, "L4", "REFERRAL", "2023-11-01", NULL, "SUITABILITY", "ONGOING");
    lado(f, "L5", "CONTACT", "2023-07-01", NULL, "NEGLECT", NULL);
    lado(f, "L6", "REFERRAL", "2023-08-01", "2024-02-29", "OTHERTHING", NULL);
    sub_end(f);
    x->pop = sub_begin(f, "LA", "agency/population", "2023-24");
    pop(f, 2022, 0, 17, NULL, 51000);
    pop(f, 2023, 0, 4, NULL, 15000);
    pop(f, 2023, 5, 9, NULL, 14000);
    pop(f, 2023, 10, 15, NULL, 15000);
    pop(f, 2023, 16, 17, NULL, 8000);
    pop(f, 2023, 0, 17, "M", 26000);
    sub_end(f);
}

typedef struct expect {
    const char *id;
    long num, den;
    double value;
    unsigned flags;
} expect;

#define ND SG_IND_NODATA
#define PH SG_IND_PARTIAL_HISTORY
#define POP 52000

/* 2023-24 (1 April 2023 - 31 March 2024), by hand from the story above. */
static const expect fy2324[] = {
    /* contacts CT0..CT19 (CT0's repeat is one contact; CT20 is in 2022-23) */
    {"contacts", 20, 0, 20, 0},
    /* referrals A B C D G I J K L M O = 11 of 20 contacts */
    {"contact_referral_pct", 11, 20, 55.0, 0},
    {"referrals", 11, 0, 11, 0},
    {"referrals_rate", 11, POP, 2.1, 0}, /* 2.115 */
    /* A: 2022-05-10 -> 2023-05-10 (365 days, within); B: -> 2023-05-11 (366 days, not);
     * C: 2023-03-01 -> 2024-03-01 (366 days over 29 Feb: exactly 12 months, within);
     * D: 2023-02-28 -> 2024-02-29 (within: 29 Feb less 12 months is 28 Feb). 3/11 = 27.27 */
    {"rereferrals_pct", 3, 11, 27.3, 0},
    {"referrals_nfa_pct", 1, 11, 9.1, 0},       /* B */
    {"referrals_assessed_pct", 9, 11, 81.8, 0}, /* all but B and K */
    {"ref_src_individual", 1, 11, 9.1, 0},      /* A 1A */
    {"ref_src_schools", 1, 11, 9.1, 0},         /* B 2A */
    {"ref_src_education", 1, 11, 9.1, 0},       /* O 2B */
    {"ref_src_health", 1, 11, 9.1, 0},          /* C 3B */
    {"ref_src_housing", 0, 11, 0.0, 0},
    {"ref_src_la", 1, 11, 9.1, 0},     /* G 5A */
    {"ref_src_police", 1, 11, 9.1, 0}, /* D 6 */
    {"ref_src_legal", 0, 11, 0.0, 0},
    {"ref_src_other", 1, 11, 9.1, 0},         /* K 8 */
    {"ref_src_anonymous", 1, 11, 9.1, 0},     /* L 9 */
    {"ref_src_unknown", 1, 11, 9.1, 0},       /* M 10 */
    {"ref_src_not_recorded", 2, 11, 18.2, 0}, /* I "XX", J none: 18.18 */
    /* authorised in the year: A 2, P 18, D 18, L 23, M 32, I 45, G 45, J 46, O 47 (wd from
     * start); C's is still open */
    {"assessments", 9, 0, 9, 0},
    {"assessments_rate", 9, POP, 1.7, 0}, /* 1.731 */
    {"ass_45wd_pct", 7, 9, 77.8, 0},      /* all but J, O: 77.78 */
    /* from the referral: A 2, I 45, J 46, G 46 (Sunday referral), M 32, P 19, D 20, L 23,
     * O 47: 6 within */
    {"ass_45wd_ref_pct", 6, 9, 66.7, 0},
    {"ass_median_wd", 9, 0, 32.0, 0},       /* fifth of nine */
    {"ass_not_in_need_pct", 2, 9, 22.2, 0}, /* A and O: factor 21 */
    {"strategy_discussions", 3, 0, 3, 0},   /* G, M, N; F's is in 2022-23 */
    /* S47s started: C, G, J, K, L, M, N and AB (2024-25 census) */
    {"s47", 8, 0, 8, 0},
    {"s47_rate", 8, POP, 1.5, 0}, /* 1.538 */
    /* ICPCs held: G 09-01, J 06-30, L 04-28, M 10-24, N 12-28 */
    {"icpcs", 5, 0, 5, 0},
    {"icpcs_rate", 5, POP, 1.0, 0}, /* 0.9615 */
    /* G 4, M 15 within; J 21, N 17 not; L before its S47: out of the bands */
    {"icpc_15wd_pct", 2, 4, 50.0, 0},
    /* strategy anchor: G 08-24 -> 09-01 = 5 wd; N 11-30 -> 12-28 = 18 wd; M's discussion
     * (09-01) is 32 days before its S47 (more than 28): none */
    {"icpc_15wd_strategy_pct", 1, 2, 50.0, 0},
    {"icpc_wd_0_10", 1, 0, 1, 0},
    {"icpc_wd_11_15", 1, 0, 1, 0},
    {"icpc_wd_16_20", 1, 0, 1, 0},
    {"icpc_wd_21plus", 1, 0, 1, 0},
    {"icpc_before_s47", 1, 0, 1, 0},
    {"s47_to_icpc_pct", 7, 8, 87.5, 0}, /* all but C (K's ICPC is in the 2024-25 census) */
    {"icpc_to_cp_pct", 3, 5, 60.0, 0},  /* G, M, N have a plan from the ICPC date */
    /* open on 31 March 2024: C D G K L M N (O closed on 31 March, P in May) */
    {"cin_at_end", 7, 0, 7, 0},
    {"cin_at_end_rate", 7, POP, 1.3, 0}, /* 1.346 */
    /* open plans: G EMO, N MUL, S NEG, V NEG (M ended on 31 March, F in June) */
    {"cp_at_end", 4, 0, 4, 0},
    {"cp_at_end_rate", 4, POP, 0.8, 0}, /* 0.769 */
    {"cp_end_neg", 2, 4, 50.0, 0},
    {"cp_end_emo", 1, 4, 25.0, 0},
    {"cp_end_phy", 0, 4, 0.0, 0},
    {"cp_end_sab", 0, 4, 0.0, 0},
    {"cp_end_mul", 1, 4, 25.0, 0},
    {"cp_end_other", 0, 4, 0.0, 0},
    /* started: H SAB, G EMO, M PHY, N MUL, V neg (Z's is superseded) */
    {"cp_started", 5, 0, 5, 0},
    {"cp_started_rate", 5, POP, 1.0, 0},
    {"cp_started_neg", 1, 5, 20.0, 0},
    {"cp_started_emo", 1, 5, 20.0, 0},
    {"cp_started_phy", 1, 5, 20.0, 0},
    {"cp_started_sab", 1, 5, 20.0, 0},
    {"cp_started_mul", 1, 5, 20.0, 0},
    {"cp_started_other", 0, 5, 0.0, 0},
    {"cp_second_pct", 2, 5, 40.0, 0}, /* G and H have previous plans */
    /* G's previous plan ended 2022-10-01, within 2 years of 2023-09-01; H's is not stored.
     * The returns start 2022-04-01, later than 2021-04-01: partial history */
    {"cp_second_2y_pct", 1, 5, 20.0, PH},
    /* ended: H (<= 3 months), M (3-6), U (6-12), T (1-2 years), F (2 years and 2 weeks) */
    {"cp_ended", 5, 0, 5, 0},
    {"cp_ended_2y_pct", 1, 5, 20.0, 0},
    {"cp_open_2y", 1, 0, 1, 0}, /* S, from 2020-03-01 */
    {"cp_open_2y_pct", 1, 4, 25.0, 0},
    {"cp_dur_3m", 1, 5, 20.0, 0},
    {"cp_dur_6m", 1, 5, 20.0, 0},
    {"cp_dur_12m", 1, 5, 20.0, 0},
    {"cp_dur_2y", 1, 5, 20.0, 0},
    {"cp_dur_2y_plus", 1, 5, 20.0, 0},
    /* age at start: H unborn (born 2023-09), M 0, N 4, G 13, V 16 */
    {"cp_age_unborn", 1, 5, 20.0, 0},
    {"cp_age_under1", 1, 5, 20.0, 0},
    {"cp_age_1_4", 1, 5, 20.0, 0},
    {"cp_age_5_9", 0, 5, 0.0, 0},
    {"cp_age_10_15", 1, 5, 20.0, 0},
    {"cp_age_16plus", 1, 5, 20.0, 0},
    {"cp_age_unknown", 0, 5, 0.0, 0},
    /* looked after on 31 March 2024: W, X, AA (started that day); Y left in June */
    {"cla_at_end", 3, 0, 3, 0},
    {"cla_at_end_rate", 3, POP, 0.6, 0}, /* 0.577 */
    {"cla_started", 2, 0, 2, 0},         /* X, AA */
    {"cla_ceased", 1, 0, 1, 0},          /* Y; W's X1 endings continue the period */
    {"cla_uasc_at_end", 1, 0, 1, 0},     /* X */
    /* W: episode ending 05-01 (first), 05-01 P, 09-01 L (legal status only), 12-01 P = 3 */
    {"cla_3plus_placements_pct", 1, 3, 33.3, 0},
    /* police, HOME: B twice, C; W's is from CARE, J's in 2022-23 */
    {"missing_home_episodes", 3, 0, 3, 0},
    {"missing_home_children", 2, 0, 2, 0},
    {"missing_home_ri_offered_pct", 2, 3, 66.7, 0},
    {"missing_home_ri_accepted_pct", 1, 2, 50.0, 0},
    /* 903: W 07-01 (repeated row), W 07-15, X 08-01 */
    {"missing_care_episodes", 3, 0, 3, 0},
    {"missing_care_children", 2, 0, 2, 0},
    {"missing_care_ri_offered_pct", 0, 3, 0.0, ND}, /* the 903 does not record offers */
    {"missing_care_ri_accepted_pct", 0, 0, 0.0, ND},
    {"eh_assessments", 2, 0, 2, 0}, /* I, J (once) */
    {"lado_contacts", 1, 0, 1, 0},
    {"lado_referrals", 4, 0, 4, 0}, /* L1 L2 L4 L6 */
    {"lado_cat_physical", 1, 0, 1, 0},
    {"lado_cat_sexual", 1, 0, 1, 0},
    {"lado_cat_emotional", 0, 0, 0, 0},
    {"lado_cat_neglect", 0, 0, 0, 0}, /* L5 is a contact */
    {"lado_cat_suitability", 1, 0, 1, 0},
    {"lado_cat_other", 1, 0, 1, 0},
    {"lado_out_substantiated", 1, 0, 1, 0},
    {"lado_out_unsubstantiated", 0, 0, 0, 0},
    {"lado_out_unfounded", 1, 0, 1, 0},
    {"lado_out_malicious", 0, 0, 0, 0}, /* L3 was received in 2022-23 */
    {"lado_out_false", 0, 0, 0, 0},
    {"lado_out_threshold_not_met", 0, 0, 0, 0},
    {"lado_out_ongoing", 1, 0, 1, 0},
    {"lado_out_other", 1, 0, 1, 0},
    /* concluded: L1 in 29 days, L2 one day short of 3 months, L6 7 months, L3 exactly 12 */
    {"lado_time_under_1m", 1, 4, 25.0, 0},
    {"lado_time_1_3m", 1, 4, 25.0, 0},
    {"lado_time_3_12m", 1, 4, 25.0, 0},
    {"lado_time_12m_plus", 1, 4, 25.0, 0},
    {"private_fostering_notifications", 0, 0, 0, ND},
};

static void check(const sg_ind_result *res, size_t n, const expect *ex, size_t nex)
{
    for (size_t i = 0; i < nex; i++) {
        const sg_ind_result *r = sg_ind_result_find(res, n, ex[i].id);
        if (!r) fail_msg("no result %s", ex[i].id);
        if (r->num != ex[i].num || r->den != ex[i].den || r->value != ex[i].value ||
            r->flags != ex[i].flags)
            fail_msg("%s: got %ld/%ld = %.1f flags %u, expected %ld/%ld = %.1f flags %u", ex[i].id,
                     r->num, r->den, r->value, r->flags, ex[i].num, ex[i].den, ex[i].value,
                     ex[i].flags);
    }
}

static void opts_fixed(sg_ind_opts *o)
{
    sg_ind_opts_init(o);
    o->as_of = D("2025-01-01");
}

static void test_every_indicator_2023_24(void **state)
{
    (void)state;
    fx *f = fx_new();
    subs x;
    build(f, &x);
    sg_ind_opts o;
    opts_fixed(&o);
    sg_ind_result *res = NULL;
    size_t n = 0;
    assert_int_equal(sg_ind_compute_opts(f->s, "2023-24", &o, &res, &n, &f->e), SG_OK);
    assert_int_equal(n, sg_ind_count());
    /* every indicator is checked */
    assert_int_equal(sizeof fy2324 / sizeof fy2324[0], sg_ind_count());
    check(res, n, fy2324, sizeof fy2324 / sizeof fy2324[0]);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(res[i].period, "2023-24");
        assert_ptr_equal(res[i].def, sg_ind_def_at(i));
        /* the superseded census never feeds anything */
        for (size_t k = 0; k < res[i].nsubs; k++)
            assert_true(res[i].subs[k] != x.cin23old);
    }

    /* traceability: K's referral is in the 2023-24 and 2024-25 censuses; the later wins */
    const sg_ind_result *r = sg_ind_result_find(res, n, "referrals");
    assert_int_equal(r->nsubs, 2);
    assert_int_equal(r->subs[0], x.cin23);
    assert_int_equal(r->subs[1], x.cin24);
    r = sg_ind_result_find(res, n, "referrals_rate");
    assert_int_equal(r->nsubs, 3);
    assert_int_equal(r->subs[2], x.pop);
    r = sg_ind_result_find(res, n, "contact_referral_pct");
    assert_int_equal(r->nsubs, 3);
    assert_int_equal(r->subs[2], x.annexa);
    r = sg_ind_result_find(res, n, "icpc_15wd_strategy_pct");
    assert_int_equal(r->nsubs, 2);
    assert_int_equal(r->subs[0], x.cin23);
    assert_int_equal(r->subs[1], x.annexa);
    r = sg_ind_result_find(res, n, "cla_3plus_placements_pct");
    assert_int_equal(r->nsubs, 1);
    assert_int_equal(r->subs[0], x.e23);
    r = sg_ind_result_find(res, n, "missing_home_episodes");
    assert_int_equal(r->nsubs, 1);
    assert_int_equal(r->subs[0], x.police);
    r = sg_ind_result_find(res, n, "private_fostering_notifications");
    assert_int_equal(r->nsubs, 0);

    /* year on year against 2022-23: referrals A B C D P = 5, so +6, +120.0% */
    r = sg_ind_result_find(res, n, "referrals");
    assert_true(r->has_prev);
    assert_true(r->prev_value == 5);
    assert_true(r->change == 6);
    assert_true(r->has_change_pct);
    assert_true(r->change_pct == 120.0);
    /* 2022-23's re-referrals need 2021-22, which is not stored; none of its 5 referrals is a
     * re-referral: 0.0%, change +27.3 points, no % change from zero */
    r = sg_ind_result_find(res, n, "rereferrals_pct");
    assert_true(r->has_prev);
    assert_int_equal(r->prev_flags, SG_IND_PARTIAL_HISTORY);
    assert_true(r->prev_value == 0.0);
    assert_true(r->change == 27.3);
    assert_false(r->has_change_pct);
    /* 2022-23 has no police return: no comparison */
    r = sg_ind_result_find(res, n, "missing_home_episodes");
    assert_false(r->has_prev);
    assert_true(r->prev_flags & SG_IND_NODATA);
    /* rates: 2022's population (51,000): 5 referrals -> 0.98 -> 1.0; 2.1 - 1.0 = 1.1, +110.0% */
    r = sg_ind_result_find(res, n, "referrals_rate");
    assert_true(r->prev_value == 1.0);
    assert_true(r->change == 1.1);
    assert_true(r->change_pct == 110.0);
    /* a complete year's estimate is the year itself; snapshots have none */
    r = sg_ind_result_find(res, n, "referrals");
    assert_true(r->has_estimate);
    assert_true(r->estimate == 11);
    r = sg_ind_result_find(res, n, "cp_at_end");
    assert_false(r->has_estimate);
    sg_ind_results_free(res, n);
    fx_free(f);
}

static void test_month_quarter_rolling(void **state)
{
    (void)state;
    fx *f = fx_new();
    subs x;
    build(f, &x);
    sg_ind_opts o;
    opts_fixed(&o);
    sg_ind_result *res = NULL;
    size_t n = 0;
    /* May 2023: referrals A (05-10), B (05-11). Year to date (April-May, 61 days): I, J, L, A, B
     * = 5; 2023-24 has 366 days: estimate 5 x 366 / 61 = 30. May 2022: A and B again: +0. */
    assert_int_equal(sg_ind_compute_opts(f->s, "2023-05", &o, &res, &n, &f->e), SG_OK);
    const sg_ind_result *r = sg_ind_result_find(res, n, "referrals");
    assert_int_equal(r->num, 2);
    assert_true(r->has_estimate);
    assert_true(r->estimate == 30);
    assert_true(r->has_prev && r->prev_value == 2 && r->change == 0);
    assert_true(r->has_change_pct && r->change_pct == 0.0);
    /* re-referrals in May: A of A, B = 50.0; the estimate is the year to date's 1 of 5 */
    r = sg_ind_result_find(res, n, "rereferrals_pct");
    assert_int_equal(r->num, 1);
    assert_int_equal(r->den, 2);
    assert_true(r->value == 50.0);
    assert_true(r->estimate == 20.0);
    /* rate estimate: 30 / 52,000 x 10,000 = 5.769 -> 5.8 */
    r = sg_ind_result_find(res, n, "referrals_rate");
    assert_true(r->estimate == 5.8);
    /* a snapshot at 31 May 2023: CIN open then: G? no (August). Open: C? no (2024). A (closed
     * 05-12)? no. F (to 08-01), I, J (to 06-30), L, N = 5 */
    r = sg_ind_result_find(res, n, "cin_at_end");
    assert_int_equal(r->num, 5);
    sg_ind_results_free(res, n);

    /* 2023-Q3 = October-December 2023: referrals M (10-02), O (11-01) */
    assert_int_equal(sg_ind_compute_opts(f->s, "2023-Q3", &o, &res, &n, &f->e), SG_OK);
    r = sg_ind_result_find(res, n, "referrals");
    assert_int_equal(r->num, 2);
    assert_string_equal(r->period, "2023-Q3");
    sg_ind_results_free(res, n);

    /* 2024-Q1 = April-June 2024, the 2024-25 census: K's ICPC 2024-04-03 is 15 working days
     * after its S47 on 2024-03-11 with Good Friday and Easter Monday inside (within); AB's
     * 2024-04-05 is 16 after 2024-03-12 (not). No S47 started: conversion has no data. The
     * population for 2024 is not held: 2023's is used, flagged. */
    assert_int_equal(sg_ind_compute_opts(f->s, "2024-Q1", &o, &res, &n, &f->e), SG_OK);
    r = sg_ind_result_find(res, n, "icpcs");
    assert_int_equal(r->num, 2);
    r = sg_ind_result_find(res, n, "icpc_15wd_pct");
    assert_int_equal(r->num, 1);
    assert_int_equal(r->den, 2);
    assert_true(r->value == 50.0);
    assert_int_equal(sg_ind_result_find(res, n, "icpc_wd_11_15")->num, 1);
    assert_int_equal(sg_ind_result_find(res, n, "icpc_wd_16_20")->num, 1);
    r = sg_ind_result_find(res, n, "s47_to_icpc_pct");
    assert_int_equal(r->flags, SG_IND_NODATA);
    r = sg_ind_result_find(res, n, "icpcs_rate");
    assert_int_equal(r->flags, SG_IND_POP_EARLIER);
    assert_int_equal(r->den, 52000);
    assert_true(r->value == 0.4); /* 2 / 52,000 = 0.385 */
    /* no police return covers 2024-25 */
    assert_int_equal(sg_ind_result_find(res, n, "missing_home_episodes")->flags, SG_IND_NODATA);
    sg_ind_results_free(res, n);

    /* R12-2024-03 is April 2023 - March 2024: the financial year's figures, no estimate */
    assert_int_equal(sg_ind_compute_opts(f->s, "R12-2024-03", &o, &res, &n, &f->e), SG_OK);
    r = sg_ind_result_find(res, n, "referrals");
    assert_int_equal(r->num, 11);
    assert_false(r->has_estimate);
    assert_int_equal(sg_ind_result_find(res, n, "cp_at_end")->num, 4);
    sg_ind_results_free(res, n);

    /* one indicator */
    sg_ind_result one;
    assert_int_equal(sg_ind_compute_one(f->s, "cp_second_pct", "2023-24", &o, &one, &f->e), SG_OK);
    assert_true(one.value == 40.0);
    assert_int_equal(one.nsubs, 1);
    assert_int_equal(one.subs[0], x.cin23);
    sg_ind_result_fini(&one);
    assert_int_equal(sg_ind_compute_one(f->s, "nope", "2023-24", &o, &one, &f->e), SG_ENOTFOUND);
    assert_int_equal(sg_ind_compute_opts(f->s, "2023-13", &o, &res, &n, &f->e), SG_EINVAL);
    assert_null(res);
    fx_free(f);
}

static void test_annexa_source(void **state)
{
    (void)state;
    fx *f = fx_new();
    subs x;
    build(f, &x);
    sg_ind_opts o;
    opts_fixed(&o);
    o.csc_source = SG_IND_CSC_ANNEXA;
    o.no_compare = 1;
    sg_ind_result *res = NULL;
    size_t n = 0;
    assert_int_equal(sg_ind_compute_opts(f->s, "2023-24", &o, &res, &n, &f->e), SG_OK);
    /* Annex A list 5's S47 rows start on the strategy date: G, M, N (F's in 2022-23) */
    const sg_ind_result *r = sg_ind_result_find(res, n, "s47");
    assert_int_equal(r->num, 3);
    assert_int_equal(r->nsubs, 1);
    assert_int_equal(r->subs[0], x.annexa);
    assert_false(r->has_prev);
    /* the workbook has no referral list rows: 0 referrals, a true zero (the workbook covers) */
    r = sg_ind_result_find(res, n, "referrals");
    assert_int_equal(r->num, 0);
    assert_int_equal(r->flags, 0);
    /* CIN at a date needs the census */
    assert_int_equal(sg_ind_result_find(res, n, "cin_at_end")->flags, SG_IND_NODATA);
    sg_ind_results_free(res, n);
    fx_free(f);
}

/* A store with one census and nothing else: rates and other sources say "no data". */
static void test_no_population_no_source(void **state)
{
    (void)state;
    fx *f = fx_new();
    sub_begin(f, "LA", "cin", "2023-24");
    referral(f, "A", "2023-05-10", NULL, "1A", 0);
    sub_end(f);
    sg_ind_opts o;
    opts_fixed(&o);
    sg_ind_result *res = NULL;
    size_t n = 0;
    assert_int_equal(sg_ind_compute_opts(f->s, "2023-24", &o, &res, &n, &f->e), SG_OK);
    const sg_ind_result *r = sg_ind_result_find(res, n, "referrals");
    assert_int_equal(r->num, 1);
    assert_int_equal(r->flags, 0);
    r = sg_ind_result_find(res, n, "referrals_rate");
    assert_int_equal(r->flags, SG_IND_NODATA);
    assert_int_equal(r->num, 1);
    assert_int_equal(r->den, 0);
    assert_true(r->value == 0.0);
    /* no earlier census: re-referrals are flagged */
    assert_int_equal(sg_ind_result_find(res, n, "rereferrals_pct")->flags, SG_IND_PARTIAL_HISTORY);
    assert_int_equal(sg_ind_result_find(res, n, "contacts")->flags, SG_IND_NODATA);
    assert_int_equal(sg_ind_result_find(res, n, "contact_referral_pct")->flags, SG_IND_NODATA);
    assert_int_equal(sg_ind_result_find(res, n, "cla_at_end")->flags, SG_IND_NODATA);
    assert_int_equal(sg_ind_result_find(res, n, "lado_referrals")->flags, SG_IND_NODATA);
    /* no assessments at all: the median has no data, the count is a true zero */
    assert_int_equal(sg_ind_result_find(res, n, "ass_median_wd")->flags, SG_IND_NODATA);
    assert_int_equal(sg_ind_result_find(res, n, "assessments")->flags, 0);
    /* 2024-25 is not covered by any census */
    sg_ind_results_free(res, n);
    assert_int_equal(sg_ind_compute_opts(f->s, "2024-25", &o, &res, &n, &f->e), SG_OK);
    assert_int_equal(sg_ind_result_find(res, n, "referrals")->flags, SG_IND_NODATA);
    sg_ind_results_free(res, n);
    fx_free(f);
}

/* Population held by sex only, and two areas. */
static void test_population_rules(void **state)
{
    (void)state;
    fx *f = fx_new();
    sub_begin(f, "LA", "cin", "2023-24");
    for (int i = 0; i < 25; i++) {
        char id[8];
        snprintf(id, sizeof id, "R%d", i);
        referral(f, id, "2023-06-01", NULL, "1A", 0);
    }
    sub_end(f);
    sub_begin(f, "LA", "agency/population", "2023-24");
    pop(f, 2023, 0, 17, "M", 2600);
    pop(f, 2023, 0, 17, "F", 2600);
    sub_end(f);
    sg_ind_opts o;
    opts_fixed(&o);
    sg_ind_result *res = NULL;
    size_t n = 0;
    /* 25 / (2,600 + 2,600) x 10,000 = 48.08 -> 48.1 (the 250 in 52,000) */
    assert_int_equal(sg_ind_compute_opts(f->s, "2023-24", &o, &res, &n, &f->e), SG_OK);
    const sg_ind_result *r = sg_ind_result_find(res, n, "referrals_rate");
    assert_int_equal(r->den, 5200);
    assert_true(r->value == 48.1);
    assert_int_equal(r->flags, 0);
    sg_ind_results_free(res, n);
    /* a second area: without opts.area the denominator is ambiguous */
    sub_begin(f, "LA", "agency/population", "2022-23");
    sg_rec rec;
    sg_rec_init(&rec, SG_REC_POPULATION);
    rec.u.population.area = "E09000001";
    rec.u.population.year = 2023;
    rec.u.population.age_from = 0;
    rec.u.population.age_to = 17;
    rec.u.population.count = 1000;
    emit(f, &rec, NULL);
    sub_end(f);
    assert_int_equal(sg_ind_compute_opts(f->s, "2023-24", &o, &res, &n, &f->e), SG_OK);
    assert_int_equal(sg_ind_result_find(res, n, "referrals_rate")->flags, SG_IND_NODATA);
    sg_ind_results_free(res, n);
    o.area = "E09000001";
    assert_int_equal(sg_ind_compute_opts(f->s, "2023-24", &o, &res, &n, &f->e), SG_OK);
    assert_true(sg_ind_result_find(res, n, "referrals_rate")->value == 250.0);
    sg_ind_results_free(res, n);
    fx_free(f);
}

static void test_periods(void **state)
{
    (void)state;
    sg_period p, q;
    sg_error e;
    char a[11], b[11];
    struct {
        const char *in, *canon, *start, *end;
        int kind, fy;
    } ok[] = {
        {"2024-05", "2024-05", "2024-05-01", "2024-05-31", SG_PERIOD_MONTH, 2024},
        {"2024-02", "2024-02", "2024-02-01", "2024-02-29", SG_PERIOD_MONTH, 2023},
        {"2024-Q1", "2024-Q1", "2024-04-01", "2024-06-30", SG_PERIOD_QUARTER, 2024},
        {"2024-Q4", "2024-Q4", "2025-01-01", "2025-03-31", SG_PERIOD_QUARTER, 2024},
        {"2023-24", "2023-24", "2023-04-01", "2024-03-31", SG_PERIOD_YEAR, 2023},
        {"1999-00", "1999-00", "1999-04-01", "2000-03-31", SG_PERIOD_YEAR, 1999},
        {"2011-12", "2011-12", "2011-04-01", "2012-03-31", SG_PERIOD_YEAR, 2011},
        {"R12-2024-05", "R12-2024-05", "2023-06-01", "2024-05-31", SG_PERIOD_ROLLING, 2024},
        {"R12-2024-03", "R12-2024-03", "2023-04-01", "2024-03-31", SG_PERIOD_ROLLING, 2023},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        assert_int_equal(sg_period_parse(ok[i].in, &p, &e), SG_OK);
        assert_string_equal(p.text, ok[i].canon);
        assert_string_equal(sg_date_iso(p.start, a), ok[i].start);
        assert_string_equal(sg_date_iso(p.end, b), ok[i].end);
        assert_int_equal(p.kind, ok[i].kind);
        assert_int_equal(p.fy, ok[i].fy);
    }
    const char *bad[] = {"2024-13", "2024-00",     "2024-Q5", "2024-Q0", "24-25",    "2024-26",
                         "2024/25", "R12-2024-13", "2024-5",  "",        "2024-25 ", "R12-24-05"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(sg_period_parse(bad[i], &p, &e), SG_EINVAL);
    assert_int_equal(sg_period_parse(NULL, &p, &e), SG_EINVAL);
    /* a year earlier: 2024-02 (29 days) -> 2023-02 (28) */
    assert_int_equal(sg_period_parse("2024-02", &p, &e), SG_OK);
    assert_int_equal(sg_period_shift(&p, -1, &q), SG_OK);
    assert_string_equal(q.text, "2023-02");
    assert_string_equal(sg_date_iso(q.end, a), "2023-02-28");
    assert_int_equal(sg_period_parse("2024-Q4", &p, &e), SG_OK);
    assert_int_equal(sg_period_shift(&p, -1, &q), SG_OK);
    assert_string_equal(q.text, "2023-Q4");
    assert_string_equal(sg_date_iso(q.start, a), "2024-01-01");
    assert_int_equal(sg_period_parse("2023-24", &p, &e), SG_OK);
    assert_int_equal(sg_period_shift(&p, -1, &q), SG_OK);
    assert_string_equal(q.text, "2022-23");
    assert_int_equal(sg_period_parse("R12-2024-05", &p, &e), SG_OK);
    assert_int_equal(sg_period_shift(&p, 1, &q), SG_OK);
    assert_string_equal(q.text, "R12-2025-05");
}

static void test_definitions(void **state)
{
    (void)state;
    size_t n = sg_ind_count();
    assert_true(n >= 100);
    for (size_t i = 0; i < n; i++) {
        const sg_ind_def *d = sg_ind_def_at(i);
        assert_non_null(d);
        assert_true(strlen(d->id) > 0 && strlen(d->id) < 40);
        for (const char *p = d->id; *p; p++)
            assert_true((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_');
        assert_ptr_equal(sg_ind_find(d->id), d);
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(sg_ind_def_at(j)->id, d->id);
        assert_non_null(d->title);
        assert_non_null(d->group);
        assert_non_null(d->numerator);
        assert_non_null(d->owner);
        assert_non_null(d->definition);
        assert_non_null(d->reference);
        /* a ratio names its denominator; a count or median does not */
        if (d->unit == SG_IND_PCT || d->unit == SG_IND_RATE10K)
            assert_non_null(d->denominator);
        else
            assert_null(d->denominator);
        if (d->unit == SG_IND_RATE10K) assert_non_null(strstr(d->denominator, "0-17"));
        assert_true(d->local == 0 || d->local == 1);
        assert_string_not_equal(sg_ind_unit_name(d->unit), "?");
        assert_string_not_equal(sg_ind_polarity_name(d->polarity), "?");
        assert_string_not_equal(sg_ind_source_name(d->source), "?");
    }
    assert_null(sg_ind_def_at(n));
    assert_null(sg_ind_find("no_such"));
    assert_null(sg_ind_find(NULL));
    /* the local variants are labelled as such */
    assert_int_equal(sg_ind_find("cp_second_2y_pct")->local, 1);
    assert_int_equal(sg_ind_find("ass_45wd_ref_pct")->local, 1);
    assert_int_equal(sg_ind_find("cp_second_pct")->local, 0);
    assert_int_equal(sg_ind_find("ass_45wd_pct")->local, 0);
    assert_int_equal(sg_ind_find("rereferrals_pct")->polarity, SG_IND_LOWER_BETTER);
    assert_int_equal(sg_ind_find("cp_at_end")->kind, SG_IND_SNAPSHOT);
}

/* docs/indicators.md documents every indicator (its id in backquotes). */
static void test_documented(void **state)
{
    (void)state;
    const char *src = getenv("SG_SOURCE_DIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/docs/indicators.md", src ? src : SG_SOURCE_DIR);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    static char doc[1 << 20];
    size_t len = fread(doc, 1, sizeof doc - 1, fp);
    fclose(fp);
    doc[len] = 0;
    for (size_t i = 0; i < sg_ind_count(); i++) {
        char q[48];
        snprintf(q, sizeof q, "`%s`", sg_ind_def_at(i)->id);
        if (!strstr(doc, q)) fail_msg("docs/indicators.md does not document %s", q);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_periods),
        cmocka_unit_test(test_definitions),
        cmocka_unit_test(test_documented),
        cmocka_unit_test(test_every_indicator_2023_24),
        cmocka_unit_test(test_month_quarter_rolling),
        cmocka_unit_test(test_annexa_source),
        cmocka_unit_test(test_no_population_no_source),
        cmocka_unit_test(test_population_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

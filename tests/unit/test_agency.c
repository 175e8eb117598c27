/* test_agency.c - the agency return importer: each template from a hand-written CSV with
 * exact records (dates, codes, pseudonym kinds, child keys), header detection, whole-file
 * errors, rejected rows (impossible dates, no identifier, bad flags, CSV errors) and the
 * documented example files, which must import with no rejections. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/date.h"
#include "core/pseudo.h"
#include "core/sg.h"
#include "ingest/csv.h"
#include "ingest/ingest.h"
#include "ingest/record.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a sink that keeps deep copies of what it is given ---- */

#define MAXREC 64

typedef struct got_reject {
    char *file, *field, *value, *reason, *raw;
    long line;
} got_reject;

typedef struct collector {
    sg_rec rec[MAXREC];
    int nrec;
    got_reject rej[MAXREC];
    int nrej;
} collector;

static char *dup(const char *s)
{
    if (!s) return NULL;
    char *d = strdup(s);
    assert_non_null(d);
    return d;
}

static void dup_strings(sg_rec *r)
{
    switch (r->type) {
    case SG_REC_CHILD:
        r->u.child.sex = dup(r->u.child.sex);
        break;
    case SG_REC_MISSING:
        r->u.missing.kind = dup(r->u.missing.kind);
        r->u.missing.from = dup(r->u.missing.from);
        r->u.missing.reporting_agency = dup(r->u.missing.reporting_agency);
        break;
    case SG_REC_POLICE_EVENT:
        r->u.police.kind = dup(r->u.police.kind);
        r->u.police.subtype = dup(r->u.police.subtype);
        r->u.police.ref = dup(r->u.police.ref);
        break;
    case SG_REC_EARLY_HELP:
        r->u.early_help.organisation = dup(r->u.early_help.organisation);
        r->u.early_help.outcome = dup(r->u.early_help.outcome);
        break;
    case SG_REC_LADO:
        r->u.lado.ref = dup(r->u.lado.ref);
        r->u.lado.kind = dup(r->u.lado.kind);
        r->u.lado.referring_agency = dup(r->u.lado.referring_agency);
        r->u.lado.sector = dup(r->u.lado.sector);
        r->u.lado.category = dup(r->u.lado.category);
        r->u.lado.outcome = dup(r->u.lado.outcome);
        break;
    case SG_REC_POPULATION:
        r->u.population.area = dup(r->u.population.area);
        r->u.population.sex = dup(r->u.population.sex);
        break;
    default:
        fail_msg("unexpected record type %d", (int)r->type);
    }
}

static void free_strings(sg_rec *r)
{
    switch (r->type) {
    case SG_REC_CHILD:
        free((char *)r->u.child.sex);
        break;
    case SG_REC_MISSING:
        free((char *)r->u.missing.kind);
        free((char *)r->u.missing.from);
        free((char *)r->u.missing.reporting_agency);
        break;
    case SG_REC_POLICE_EVENT:
        free((char *)r->u.police.kind);
        free((char *)r->u.police.subtype);
        free((char *)r->u.police.ref);
        break;
    case SG_REC_EARLY_HELP:
        free((char *)r->u.early_help.organisation);
        free((char *)r->u.early_help.outcome);
        break;
    case SG_REC_LADO:
        free((char *)r->u.lado.ref);
        free((char *)r->u.lado.kind);
        free((char *)r->u.lado.referring_agency);
        free((char *)r->u.lado.sector);
        free((char *)r->u.lado.category);
        free((char *)r->u.lado.outcome);
        break;
    case SG_REC_POPULATION:
        free((char *)r->u.population.area);
        free((char *)r->u.population.sex);
        break;
    default:
        break;
    }
}

static int c_emit(void *ctx, const sg_rec *r, int64_t *id, sg_error *err)
{
    (void)err;
    collector *c = ctx;
    assert_true(c->nrec < MAXREC);
    c->rec[c->nrec] = *r;
    dup_strings(&c->rec[c->nrec]);
    c->nrec++;
    if (id) *id = c->nrec;
    return SG_OK;
}

static int c_reject(void *ctx, const sg_reject *rj, sg_error *err)
{
    (void)err;
    collector *c = ctx;
    assert_true(c->nrej < MAXREC);
    got_reject *g = &c->rej[c->nrej++];
    g->file = dup(rj->file);
    g->line = rj->line;
    g->field = dup(rj->field);
    g->value = dup(rj->value);
    g->reason = dup(rj->reason);
    g->raw = dup(rj->raw);
    return SG_OK;
}

static void collector_free(collector *c)
{
    for (int i = 0; i < c->nrec; i++)
        free_strings(&c->rec[i]);
    for (int i = 0; i < c->nrej; i++) {
        free(c->rej[i].file);
        free(c->rej[i].field);
        free(c->rej[i].value);
        free(c->rej[i].reason);
        free(c->rej[i].raw);
    }
    memset(c, 0, sizeof *c);
}

/* ---- helpers ---- */

static sg_pseudo ps;

static int setup(void **state)
{
    (void)state;
    unsigned char key[SG_PSEUDO_KEYLEN];
    for (int i = 0; i < SG_PSEUDO_KEYLEN; i++)
        key[i] = (unsigned char)(i * 7 + 1);
    sg_pseudo_init_key(&ps, key);
    return 0;
}

/* The pseudonym the importer must produce for an identifier. */
static const char *pid(sg_id_kind kind, const char *raw)
{
    static char out[8][SG_PSEUDO_LEN + 1];
    static int next;
    char *o = out[next++ % 8];
    assert_int_equal(sg_pseudo_make(&ps, kind, raw, strlen(raw), o), SG_OK);
    assert_int_equal(o[0], sg_pseudo_kind_letter(kind));
    return o;
}

/* Imports text as the given format into c; returns the status. */
static int run(const char *text, const char *format, collector *c, sg_import_stats *st,
               sg_error *err)
{
    memset(c, 0, sizeof *c);
    memset(st, 0, sizeof *st);
    sg_error_clear(err);
    FILE *fp = tmpfile();
    assert_non_null(fp);
    size_t n = strlen(text);
    assert_int_equal(fwrite(text, 1, n, fp), n);
    rewind(fp);
    sg_sink sink = {.ctx = c, .emit = c_emit, .reject = c_reject};
    sg_ingest in = {
        .fp = fp, .name = "ret.csv", .format = format, .pseudo = &ps, .sink = &sink, .stats = st};
    int rc = sg_agency_import(&in, err);
    fclose(fp);
    return rc;
}

static sg_date D(int y, int m, int d)
{
    return sg_date_from_ymd(y, m, d);
}

static void child_is(const sg_rec *r, long line, const char *primary, int by, int bm,
                     const char *sex, int nkeys, const char *k0, const char *k1)
{
    assert_int_equal(r->type, SG_REC_CHILD);
    assert_int_equal(r->line, line);
    assert_string_equal(r->child, primary);
    assert_int_equal(r->parent, 0);
    assert_int_equal(r->u.child.birth_year, by);
    assert_int_equal(r->u.child.birth_month, bm);
    if (sex)
        assert_string_equal(r->u.child.sex, sex);
    else
        assert_null(r->u.child.sex);
    assert_int_equal(r->u.child.nkeys, nkeys);
    if (nkeys > 0) assert_string_equal(r->u.child.keys[0], k0);
    if (nkeys > 1) assert_string_equal(r->u.child.keys[1], k1);
    assert_null(r->u.child.ethnicity);
    assert_int_equal(r->u.child.uasc, SG_TRI_UNKNOWN);
}

static void reject_is(const got_reject *g, long line, const char *field, const char *value,
                      const char *reason)
{
    assert_string_equal(g->file, "ret.csv");
    assert_int_equal(g->line, line);
    if (field)
        assert_string_equal(g->field, field);
    else
        assert_null(g->field);
    if (value)
        assert_string_equal(g->value, value);
    else
        assert_null(g->value);
    if (!strstr(g->reason, reason)) fail_msg("reason \"%s\" lacks \"%s\"", g->reason, reason);
}

/* ---- templates ---- */

#define PM_HEADER                                                                                  \
    "child_la_id,nhs_number,surname,forename,date_of_birth,sex,episode_ref,missing_from,"          \
    "missing_type,start_date,end_date,return_interview_offered,return_interview_accepted\n"

static void test_police_missing(void **state)
{
    (void)state;
    const char *text = PM_HEADER
        "la0101 ,999 000 0018,O'Brien,Ann-Marie,14/05/2010,F,E1,CARE,M,2024-04-03,2024-04-04,Y,N\n"
        ",9990000018,,,2009-11-02,M,E2,HOME,A,03/05/2024,,yes,\n"
        ",,Example,Sam,2011-01-20,,E3,,M,2024-06-01,2024-06-02,N,n\n";
    collector c;
    sg_import_stats st;
    sg_error err;
    assert_int_equal(run(text, "agency/police_missing", &c, &st, &err), SG_OK);
    assert_int_equal(c.nrec, 6);
    assert_int_equal(c.nrej, 0);
    assert_int_equal(st.rows_read, 3);
    assert_int_equal(st.records[SG_REC_CHILD], 3);
    assert_int_equal(st.records[SG_REC_MISSING], 3);
    assert_int_equal(st.rejected, 0);

    /* row 1: LA ID first (normalised upper-case, trimmed); NHS and name+DOB as extra keys,
     * with the UK-style DOB turned into ISO for the name key */
    const char *la = pid(SG_ID_LA, "LA0101");
    child_is(&c.rec[0], 2, la, 2010, 5, "F", 2, pid(SG_ID_NHS, "9990000018"),
             pid(SG_ID_NAMEDOB, "O'Brien|Ann-Marie|2010-05-14"));
    const sg_rec *m = &c.rec[1];
    assert_int_equal(m->type, SG_REC_MISSING);
    assert_int_equal(m->line, 2);
    assert_string_equal(m->child, la);
    assert_int_equal(m->u.missing.start, D(2024, 4, 3));
    assert_int_equal(m->u.missing.end, D(2024, 4, 4));
    assert_string_equal(m->u.missing.from, "CARE");
    assert_string_equal(m->u.missing.kind, "M");
    assert_int_equal(m->u.missing.ri_offered, SG_TRI_YES);
    assert_int_equal(m->u.missing.ri_accepted, SG_TRI_NO);
    assert_string_equal(m->u.missing.reporting_agency, "POLICE");

    /* row 2: NHS number primary (same number as row 1, so the same child) */
    const char *nhs = pid(SG_ID_NHS, "9990000018");
    assert_int_equal(nhs[0], 'N');
    child_is(&c.rec[2], 3, nhs, 2009, 11, "M", 0, NULL, NULL);
    m = &c.rec[3];
    assert_string_equal(m->child, nhs);
    assert_int_equal(m->u.missing.start, D(2024, 5, 3));
    assert_int_equal(m->u.missing.end, SG_DATE_NONE);
    assert_string_equal(m->u.missing.kind, "A");
    assert_int_equal(m->u.missing.ri_offered, SG_TRI_YES);
    assert_int_equal(m->u.missing.ri_accepted, SG_TRI_UNKNOWN);

    /* row 3: name + date of birth */
    const char *nd = pid(SG_ID_NAMEDOB, "Example|Sam|2011-01-20");
    assert_int_equal(nd[0], 'P');
    child_is(&c.rec[4], 4, nd, 2011, 1, NULL, 0, NULL, NULL);
    m = &c.rec[5];
    assert_string_equal(m->child, nd);
    assert_null(m->u.missing.from);
    assert_int_equal(m->u.missing.ri_offered, SG_TRI_NO);
    assert_int_equal(m->u.missing.ri_accepted, SG_TRI_NO);
    collector_free(&c);
}

static void test_police_events(void **state)
{
    (void)state;
    /* columns in another order, spelt differently, with an extra column */
    const char *text = "Event Type,Event Date,NHS Number,Child LA ID,VPR type,event_ref,notes\r\n"
                       "VPR,2024-04-05,,C77,CSE,EV-1,x\r\n"
                       "STRATEGY_REQUEST,12/05/2024,9990000018,,,EV-2,\r\n"
                       "POLICE_PROTECTION,2024-06-20,,C78,,,\r\n";
    collector c;
    sg_import_stats st;
    sg_error err;
    assert_int_equal(run(text, "agency", &c, &st, &err), SG_OK);
    assert_int_equal(c.nrec, 6);
    assert_int_equal(c.nrej, 0);
    assert_int_equal(st.records[SG_REC_POLICE_EVENT], 3);
    child_is(&c.rec[0], 2, pid(SG_ID_LA, "C77"), 0, 0, NULL, 0, NULL, NULL);
    const sg_rec *e = &c.rec[1];
    assert_int_equal(e->type, SG_REC_POLICE_EVENT);
    assert_string_equal(e->child, pid(SG_ID_LA, "C77"));
    assert_string_equal(e->u.police.kind, "VPR");
    assert_int_equal(e->u.police.date, D(2024, 4, 5));
    assert_string_equal(e->u.police.subtype, "CSE");
    assert_string_equal(e->u.police.ref, "EV-1");
    e = &c.rec[3];
    assert_string_equal(e->child, pid(SG_ID_NHS, "9990000018"));
    assert_string_equal(e->u.police.kind, "STRATEGY_REQUEST");
    assert_int_equal(e->u.police.date, D(2024, 5, 12));
    assert_null(e->u.police.subtype);
    e = &c.rec[5];
    assert_int_equal(e->line, 4);
    assert_null(e->u.police.ref);
    collector_free(&c);
}

static void test_early_help(void **state)
{
    (void)state;
    const char *text =
        "\xEF\xBB\xBF"
        "child_la_id,nhs_number,surname,forename,date_of_birth,sex,organisation,"
        "assessment_start,assessment_end,outcome\n"
        "EH1,,,,2015-03-01,F,\"Northgate Hub, East\",2024-04-08,2024-06-28,NEEDS_MET\n"
        "\n"
        ",,,,,,,,,\n"
        "EH2,,,,,M,School,2024-04-22,, step_up \n";
    collector c;
    sg_import_stats st;
    sg_error err;
    assert_int_equal(run(text, "agency/early_help", &c, &st, &err), SG_OK);
    assert_int_equal(c.nrec, 4);
    assert_int_equal(st.rows_read, 2); /* the blank and the all-commas rows do not count */
    const sg_rec *e = &c.rec[1];
    assert_int_equal(e->type, SG_REC_EARLY_HELP);
    assert_string_equal(e->u.early_help.organisation, "Northgate Hub, East");
    assert_int_equal(e->u.early_help.start, D(2024, 4, 8));
    assert_int_equal(e->u.early_help.end, D(2024, 6, 28));
    assert_string_equal(e->u.early_help.outcome, "NEEDS_MET");
    child_is(&c.rec[2], 5, pid(SG_ID_LA, "EH2"), 0, 0, "M", 0, NULL, NULL);
    e = &c.rec[3];
    assert_int_equal(e->line, 5);
    assert_int_equal(e->u.early_help.end, SG_DATE_NONE);
    assert_string_equal(e->u.early_help.outcome, "step_up"); /* trimmed, kept as given */
    collector_free(&c);
}

static void test_lado(void **state)
{
    (void)state;
    const char *text = "lado_ref,kind,received_date,referring_agency,employment_sector,category,"
                       "initial_strategy_date,concluded_date,outcome\n"
                       "L-1,REFERRAL,2024-04-02,EDUCATION,EDUCATION,PHYSICAL,2024-04-05,2024-05-20,"
                       "SUBSTANTIATED\n"
                       "L-2,CONTACT,2024-04-15,POLICE,SPORT,SUITABILITY,,,\n";
    collector c;
    sg_import_stats st;
    sg_error err;
    assert_int_equal(run(text, "agency/lado", &c, &st, &err), SG_OK);
    assert_int_equal(c.nrec, 2);
    assert_int_equal(st.records[SG_REC_CHILD], 0);
    assert_int_equal(st.records[SG_REC_LADO], 2);
    const sg_rec *l = &c.rec[0];
    assert_int_equal(l->type, SG_REC_LADO);
    assert_string_equal(l->child, "");
    assert_int_equal(l->line, 2);
    assert_string_equal(l->u.lado.ref, "L-1");
    assert_string_equal(l->u.lado.kind, "REFERRAL");
    assert_int_equal(l->u.lado.received, D(2024, 4, 2));
    assert_int_equal(l->u.lado.strategy, D(2024, 4, 5));
    assert_int_equal(l->u.lado.concluded, D(2024, 5, 20));
    assert_string_equal(l->u.lado.referring_agency, "EDUCATION");
    assert_string_equal(l->u.lado.sector, "EDUCATION");
    assert_string_equal(l->u.lado.category, "PHYSICAL");
    assert_string_equal(l->u.lado.outcome, "SUBSTANTIATED");
    l = &c.rec[1];
    assert_int_equal(l->u.lado.strategy, SG_DATE_NONE);
    assert_int_equal(l->u.lado.concluded, SG_DATE_NONE);
    assert_null(l->u.lado.outcome);
    assert_string_equal(l->u.lado.sector, "SPORT");
    collector_free(&c);
}

static void test_population(void **state)
{
    (void)state;
    const char *text = "area_code,area_name,year,age_from,age_to,sex,count\n"
                       "E06099999,Exampleshire,2023,0,17,,41250\n"
                       "E06099999,Exampleshire,2023,0,17,F,20120\n"
                       "E06099999,Exampleshire,2023,18,17,,5\n"
                       "E06099999,Exampleshire,2023,0,4,,-3\n"
                       "E06099999,Exampleshire,,0,4,,100\n";
    collector c;
    sg_import_stats st;
    sg_error err;
    assert_int_equal(run(text, "agency/population", &c, &st, &err), SG_OK);
    assert_int_equal(c.nrec, 2);
    const sg_rec *p = &c.rec[0];
    assert_int_equal(p->type, SG_REC_POPULATION);
    assert_string_equal(p->child, "");
    assert_string_equal(p->u.population.area, "E06099999");
    assert_int_equal(p->u.population.year, 2023);
    assert_int_equal(p->u.population.age_from, 0);
    assert_int_equal(p->u.population.age_to, 17);
    assert_null(p->u.population.sex);
    assert_int_equal(p->u.population.count, 41250);
    assert_string_equal(c.rec[1].u.population.sex, "F");
    assert_int_equal(c.rec[1].u.population.count, 20120);
    assert_int_equal(c.nrej, 3);
    assert_int_equal(st.rows_read, 5);
    assert_int_equal(st.rejected, 3);
    reject_is(&c.rej[0], 4, "age_to", "17", "less than age_from");
    reject_is(&c.rej[1], 5, "count", "-3", "not a whole number");
    reject_is(&c.rej[2], 6, "year", "", "blank");
    /* no identifiers in a population return: the raw row is kept for the log */
    assert_string_equal(c.rej[0].raw, "E06099999,Exampleshire,2023,18,17,,5");
    collector_free(&c);
}

/* ---- detection and whole-file errors ---- */

static int detect(const char *header, char format[64])
{
    sg_csv *c = sg_csv_new_mem(header, strlen(header), "h.csv", NULL);
    const sg_csv_row *row;
    assert_int_equal(sg_csv_next(c, &row, NULL), SG_OK);
    assert_non_null(row);
    format[0] = '\0';
    int r = sg_agency_detect_header(row, format);
    sg_csv_free(c);
    return r;
}

static void test_detect(void **state)
{
    (void)state;
    char f[64];
    assert_true(detect(PM_HEADER, f));
    assert_string_equal(f, "agency/police_missing");
    assert_true(detect("nhs_number,event_ref,event_type,event_date,vpr_type\n", f));
    assert_string_equal(f, "agency/police_events");
    assert_true(detect("Child LA ID,Organisation,Assessment Start,Assessment End,Outcome", f));
    assert_string_equal(f, "agency/early_help");
    assert_true(detect("lado_ref,kind,received_date,referring_agency,employment_sector,category,"
                       "initial_strategy_date,concluded_date,outcome",
                       f));
    assert_string_equal(f, "agency/lado");
    assert_true(detect("AREA_CODE,area_name,year,age_from,age_to,sex,count", f));
    assert_string_equal(f, "agency/population");
    /* one column short still detects, so that the import can name the missing column */
    assert_true(detect("lado_ref,kind,received_date", f));
    assert_string_equal(f, "agency/lado");
    /* not ours: an SSDA903 header, an Annex A header, a lone key column, shared columns only */
    assert_false(detect("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB", f));
    assert_false(
        detect("Child Unique ID,Gender,Ethnicity,Date of Birth,Age of Child,Contact Date", f));
    assert_false(detect("lado_ref,notes", f));
    assert_false(detect("child_la_id,sex,outcome,start_date", f));
    assert_string_equal(f, "");
}

static void test_whole_file_errors(void **state)
{
    (void)state;
    collector c;
    sg_import_stats st;
    sg_error err;
    /* a required column missing, by explicit format */
    const char *no_end = "child_la_id,missing_from,missing_type,start_date,"
                         "return_interview_offered,return_interview_accepted\nC1,HOME,M,"
                         "2024-01-01,Y,Y\n";
    assert_int_equal(run(no_end, "agency/police_missing", &c, &st, &err), SG_EPARSE);
    assert_string_equal(err.file, "ret.csv");
    assert_int_equal(err.line, 1);
    assert_string_equal(err.field, "end_date");
    assert_non_null(strstr(err.msg, "missing required column 'end_date'"));
    assert_int_equal(c.nrec, 0);
    /* ... and when the template is detected */
    const char *no_cat = "lado_ref,kind,received_date,referring_agency,employment_sector,"
                         "initial_strategy_date,concluded_date,outcome\nL1,CONTACT,,,,,,\n";
    assert_int_equal(run(no_cat, "agency", &c, &st, &err), SG_EPARSE);
    assert_string_equal(err.field, "category");
    assert_int_equal(c.nrec, 0);
    /* no way to identify the child */
    const char *no_id = "surname,forename,sex,event_type,event_date\nA,B,M,VPR,2024-01-01\n";
    assert_int_equal(run(no_id, "agency/police_events", &c, &st, &err), SG_EPARSE);
    assert_string_equal(err.field, "child_la_id");
    assert_int_equal(err.line, 1);
    assert_int_equal(c.nrec, 0);
    /* an unknown template, a header that is no template, an empty file, a broken header */
    assert_int_equal(run("a,b\n", "agency/police_vpr", &c, &st, &err), SG_EINVAL);
    assert_int_equal(run("a,b\n1,2\n", "agency", &c, &st, &err), SG_EPARSE);
    assert_int_equal(err.line, 1);
    assert_int_equal(run("", "agency/lado", &c, &st, &err), SG_EPARSE);
    assert_non_null(strstr(err.msg, "empty"));
    assert_int_equal(run("lado_ref,\"kind\"x\n", "agency/lado", &c, &st, &err), SG_EPARSE);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 16);
    assert_int_equal(c.nrec, 0);
}

/* ---- rejected rows ---- */

static void test_rejects(void **state)
{
    (void)state;
    const char *text =
        PM_HEADER "C1,,,,2010-01-01,F,E1,HOME,M,2024-02-30,,Y,Y\n"      /* impossible start date */
                  ",,Smith,,2010-01-01,F,E2,HOME,M,2024-02-01,,Y,Y\n"   /* no usable identifier */
                  "C3,,,,2010-02-31,F,E3,HOME,M,2024-02-01,,Y,Y\n"      /* impossible DOB */
                  "C4,,,,2010-01-01,F,E4,HOME,M,2024-02-01,,maybe,Y\n"  /* not a flag */
                  "C5,,,,2010-01-01,F,\"E5\"x,HOME,M,2024-02-01,,Y,Y\n" /* CSV error */
                  "C6,,,,2010-01-01,F,E6,HOME,M,2024-02-01,\"2024-02-0\n" /* CSV error spanning */
                  "3\",Y,Y\n"                                             /*   two lines */
                  "C7,,,,2010-01-01,F,E7,HOME,M,2024-02-29,2024-03-01,Y,Y\n"; /* fine (leap year) */
    collector c;
    sg_import_stats st;
    sg_error err;
    assert_int_equal(run(text, "agency/police_missing", &c, &st, &err), SG_OK);
    assert_int_equal(st.rows_read, 7);
    assert_int_equal(st.rejected, 6);
    assert_int_equal(c.nrej, 6);
    reject_is(&c.rej[0], 2, "start_date", "2024-02-30", "not a real date");
    reject_is(&c.rej[1], 3, "child_la_id", NULL, "no child identifier");
    reject_is(&c.rej[2], 4, "date_of_birth", NULL, "not a real date");
    reject_is(&c.rej[3], 5, "return_interview_offered", "maybe", "not a Y/N flag");
    reject_is(&c.rej[4], 6, "episode_ref", NULL,
              "after the closing quote of a quoted field (line 6 column 24)");
    reject_is(&c.rej[5], 7, "end_date", "2024-02-0\n3", "not a real date");
    for (int i = 0; i < c.nrej; i++)
        assert_null(c.rej[i].raw); /* would hold identifiers */
    assert_int_equal(c.nrec, 2);
    assert_int_equal(c.rec[0].line, 9);
    collector_free(&c);
}

static void test_rejects_spanning(void **state)
{
    (void)state;
    /* a quoted field with a line break inside a date: rejected as not a date, on its first
     * line; the next row's line number counts both physical lines */
    const char *text = PM_HEADER "C6,,,,2010-01-01,F,E6,HOME,M,2024-02-01,\"2024-02-0\n"
                                 "3\",Y,Y\n"
                                 "C7,,,,2010-01-01,F,E7,HOME,M,2024-02-29,2024-03-01,Y,Y\n";
    collector c;
    sg_import_stats st;
    sg_error err;
    assert_int_equal(run(text, "agency/police_missing", &c, &st, &err), SG_OK);
    assert_int_equal(c.nrej, 1);
    reject_is(&c.rej[0], 2, "end_date", "2024-02-0\n3", "not a real date");
    assert_int_equal(c.nrec, 2);
    assert_int_equal(c.rec[0].line, 4);
    assert_int_equal(c.rec[1].u.missing.start, D(2024, 2, 29));
    collector_free(&c);
}

static void test_limit_is_fatal(void **state)
{
    (void)state;
    /* an unterminated quote swallows the rest of a large file: the record limit stops it */
    size_t n = 1100 * 1024;
    char *text = malloc(n + 256);
    assert_non_null(text);
    int w = snprintf(text, 256, "%s",
                     "lado_ref,kind,received_date,referring_agency,"
                     "employment_sector,category,initial_strategy_date,"
                     "concluded_date,outcome\nL1,\"CONTACT\n");
    memset(text + w, 'x', n);
    text[w + n] = '\0';
    collector c;
    sg_import_stats st;
    sg_error err;
    assert_int_equal(run(text, "agency/lado", &c, &st, &err), SG_ELIMIT);
    assert_string_equal(err.file, "ret.csv");
    assert_non_null(strstr(err.msg, "closing quote"));
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 4);
    free(text);
    collector_free(&c);
}

/* ---- the documented examples ---- */

static void test_examples(void **state)
{
    (void)state;
    const char *src = getenv("SG_SOURCE_DIR");
    if (!src) src = SG_SOURCE_DIR;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/docs/formats/examples", src);
    DIR *d = opendir(dir);
    assert_non_null(d);
    int files = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (strncmp(e->d_name, "agency_", 7) != 0 || len < 12 ||
            strcmp(e->d_name + len - 4, ".csv") != 0)
            continue;
        char path[8192], want[64];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        snprintf(want, sizeof want, "agency/%.*s", (int)(len - 11), e->d_name + 7);
        FILE *fp = fopen(path, "rb");
        assert_non_null(fp);
        /* detection from the header names the template the file is named after */
        sg_csv *c = sg_csv_new(fp, path, NULL);
        const sg_csv_row *hdr;
        assert_int_equal(sg_csv_next(c, &hdr, NULL), SG_OK);
        char got[64] = "";
        assert_true(sg_agency_detect_header(hdr, got));
        assert_string_equal(got, want);
        sg_csv_free(c);
        rewind(fp);
        collector col;
        memset(&col, 0, sizeof col);
        sg_import_stats st;
        memset(&st, 0, sizeof st);
        sg_sink sink = {.ctx = &col, .emit = c_emit, .reject = c_reject};
        sg_ingest in = {
            .fp = fp, .name = path, .format = "agency", .pseudo = &ps, .sink = &sink, .stats = &st};
        sg_error err;
        sg_error_clear(&err);
        int rc = sg_agency_import(&in, &err);
        if (rc) fail_msg("%s: %s", e->d_name, err.msg);
        if (col.nrej) fail_msg("%s line %ld: %s", e->d_name, col.rej[0].line, col.rej[0].reason);
        assert_true(st.rows_read >= 4);
        long emitted = 0;
        for (int t = 0; t < SG_REC__COUNT; t++)
            emitted += st.records[t];
        bool child_level = strstr(want, "lado") == NULL && strstr(want, "population") == NULL;
        assert_int_equal(emitted, child_level ? 2 * st.rows_read : st.rows_read);
        collector_free(&col);
        fclose(fp);
        files++;
    }
    closedir(d);
    assert_int_equal(files, 5);
}

/* The documented headers (docs/formats/agency.md, written out here by hand), the order the
 * generator writes them in; an unknown or NULL template has none. */
static void test_columns(void **state)
{
    (void)state;
    static const char *const want[][14] = {
        {"police_missing", "child_la_id", "nhs_number", "surname", "forename", "date_of_birth",
         "sex", "episode_ref", "missing_from", "missing_type", "start_date", "end_date",
         "return_interview_offered", "return_interview_accepted"},
        {"police_events", "child_la_id", "nhs_number", "surname", "forename", "date_of_birth",
         "sex", "event_ref", "event_type", "event_date", "vpr_type"},
        {"early_help", "child_la_id", "nhs_number", "surname", "forename", "date_of_birth", "sex",
         "organisation", "assessment_start", "assessment_end", "outcome"},
        {"lado", "lado_ref", "kind", "received_date", "referring_agency", "employment_sector",
         "category", "initial_strategy_date", "concluded_date", "outcome"},
        {"population", "area_code", "area_name", "year", "age_from", "age_to", "sex", "count"},
    };
    static const int want_n[] = {13, 10, 10, 9, 7};
    for (size_t t = 0; t < sizeof want_n / sizeof *want_n; t++) {
        int n = -1;
        const char *const *cols = sg_agency_columns(want[t][0], &n);
        assert_non_null(cols);
        assert_int_equal(n, want_n[t]);
        for (int i = 0; i < n; i++)
            assert_string_equal(cols[i], want[t][i + 1]);
        assert_null(cols[n]);
        assert_ptr_equal(sg_agency_columns(want[t][0], NULL), cols);
    }
    int n = 5;
    assert_null(sg_agency_columns("police", &n));
    assert_int_equal(n, 0);
    assert_null(sg_agency_columns("police_missing_x", NULL));
    assert_null(sg_agency_columns(NULL, &n));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_police_missing),    cmocka_unit_test(test_police_events),
        cmocka_unit_test(test_early_help),        cmocka_unit_test(test_lado),
        cmocka_unit_test(test_population),        cmocka_unit_test(test_detect),
        cmocka_unit_test(test_whole_file_errors), cmocka_unit_test(test_rejects),
        cmocka_unit_test(test_rejects_spanning),  cmocka_unit_test(test_limit_is_fatal),
        cmocka_unit_test(test_examples),          cmocka_unit_test(test_columns),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}

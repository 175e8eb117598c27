/* test_validate_engine.c - the validation engine: the raw parses the importers expose (CIN tree
 * with its header, SSDA903 rows from CSV and XML), grouping an SSDA903 return's tables by child
 * with the previous year's tree, loose-file validation, stored validation (findings stored per
 * submission, replaced on re-validation, the import hook and its refuse policy), and the
 * reports (summary, CSV formula safety, JSON, self-contained HTML). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/digest.h"
#include "ingest/raw.h"
#include "store/import.h"
#include "store/store.h"
#include "validate/engine.h"
#include "test_util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[256];

static void path_in(const char *name, char *out, size_t n)
{
    snprintf(out, n, "%s/%s", tmpdir, name);
}

static void write_file(const char *name, const char *text)
{
    char p[512];
    path_in(name, p, sizeof p);
    FILE *fp = fopen(p, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/sg_valeng_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    tu_rm_rf(tmpdir);
    return 0;
}

static const char *src_dir(void)
{
    const char *s = getenv("SG_SOURCE_DIR");
    return s ? s : SG_SOURCE_DIR;
}

/* ---- a rule that writes down every tree it sees ---- */

static sg_buf dump;

static void dump_tree(const sg_vnode *n)
{
    for (const sg_vnode *r = n ? n->first : NULL; r; r = r->next) {
        sg_buf_printf(&dump, " %s@%ld(", r->name, r->line);
        for (const sg_vnode *c = r->first; c; c = c->next)
            sg_buf_printf(&dump, "%s%s=%s", c == r->first ? "" : " ", c->name,
                          c->text ? c->text : "~");
        sg_buf_puts(&dump, ")");
    }
}

static int chk_dump(sg_vctx *ctx, const sg_rule *rule)
{
    (void)rule;
    sg_buf_printf(&dump, "[%s",
                  sg_vnode_text(sg_vnode_child(ctx->child, "header"), "CHILD")
                      ? sg_vnode_text(sg_vnode_child(ctx->child, "header"), "CHILD")
                      : "-");
    dump_tree(ctx->child);
    if (ctx->prev) {
        sg_buf_puts(&dump, " | prev");
        dump_tree(ctx->prev);
    }
    sg_buf_puts(&dump, "]\n");
    return SG_OK;
}

/* Reports every episodes row whose RNE is X, on the RNE field. */
static int chk_rne_x(sg_vctx *ctx, const sg_rule *rule)
{
    for (const sg_vnode *e = sg_vnode_child(ctx->child, "episodes"); e; e = sg_vnode_next(e))
        if (sg_vcode_in(sg_vnode_text(e, "RNE"), "X")) sg_vreport(ctx, rule, e, "RNE", NULL);
    return SG_OK;
}

/* Reports the DOB of every header row (the engine must withhold the value). */
static int chk_dob(sg_vctx *ctx, const sg_rule *rule)
{
    const sg_vnode *h = sg_vnode_child(ctx->child, "header");
    if (h) sg_vreport(ctx, rule, h, "DOB", NULL);
    return SG_OK;
}

/* CIN: reports each child's LAchildID line, to see pseudonyms and the collection. */
static int chk_cin(sg_vctx *ctx, const sg_rule *rule)
{
    sg_vreportf(ctx, rule, sg_vnode_child(ctx->child, "ChildIdentifiers"), "LAchildID", NULL,
                "year %d la %s ref %d hdr %s", ctx->coll->year, ctx->coll->la,
                ctx->coll->ref_date == sg_date_from_ymd(2025, 3, 31),
                ctx->header ? ctx->header->name : "none");
    return SG_OK;
}

/* SG: one store-wide finding per submission, carrying a formula-like value. */
static int chk_sg(sg_vctx *ctx, const sg_rule *rule)
{
    sg_finding f = {.file = "x.csv", .line = 3, .field = "count", .value = "=1+1"};
    assert_null(ctx->child);
    assert_non_null(ctx->db);
    sg_vreport_finding(ctx, rule, &f);
    return SG_OK;
}

static const sg_rule test_rules[] = {
    {.id = "T-DUMP",
     .family = SG_FAMILY_903,
     .severity = SG_SEV_WARNING,
     .message = "dump",
     .check = chk_dump},
    {.id = "T-RNE",
     .family = SG_FAMILY_903,
     .severity = SG_SEV_ERROR,
     .message = "RNE is X",
     .check = chk_rne_x},
    {.id = "T-DOB",
     .family = SG_FAMILY_903,
     .severity = SG_SEV_QUERY,
     .message = "dob",
     .check = chk_dob},
    {.id = "T-CIN",
     .family = SG_FAMILY_CIN,
     .severity = SG_SEV_ERROR,
     .message = "cin",
     .check = chk_cin},
    {.id = "T-SG",
     .family = SG_FAMILY_SG,
     .severity = SG_SEV_WARNING,
     .message = "sg",
     .check = chk_sg},
};
#define NRULES (sizeof test_rules / sizeof test_rules[0])

/* ---- collecting findings ---- */

typedef struct got {
    int n;
    char line[64][200];
} got;

static int collect(void *ud, const sg_finding *f)
{
    got *g = ud;
    if (g->n < 64)
        snprintf(g->line[g->n], sizeof g->line[0], "%s %s:%ld %s=%s %s", f->rule, f->file, f->line,
                 f->field, f->value ? f->value : "~", f->message);
    g->n++;
    return 0;
}

/* ---- raw parses ---- */

typedef struct cin_seen {
    int children;
    char header_ref[16];
    char first_id[32];
    long first_line;
} cin_seen;

static int on_cin(void *ud, const sg_vnode *header, const sg_vnode *child, sg_error *err)
{
    (void)err;
    cin_seen *s = ud;
    if (s->children++ == 0) {
        const sg_vnode *id = sg_vnode_path(child, "ChildIdentifiers/LAchildID");
        snprintf(s->first_id, sizeof s->first_id, "%s", id ? id->text : "");
        s->first_line = id ? id->line : 0;
        const sg_vnode *ref = sg_vnode_path(header, "CollectionDetails/ReferenceDate");
        snprintf(s->header_ref, sizeof s->header_ref, "%s", ref ? ref->text : "");
    }
    return SG_OK;
}

static void test_cin_parse(void **state)
{
    (void)state;
    char p[512];
    snprintf(p, sizeof p, "%s/tests/cases/cin/full.xml", src_dir());
    FILE *fp = fopen(p, "rb");
    assert_non_null(fp);
    cin_seen s;
    memset(&s, 0, sizeof s);
    sg_error e;
    assert_int_equal(sg_cin_parse(fp, "full.xml", on_cin, &s, &e), SG_OK);
    fclose(fp);
    assert_int_equal(s.children, 3);
    assert_string_equal(s.first_id, "TST001"); /* trimmed, raw: the caller pseudonymises */
    assert_int_equal(s.first_line, 14);
    assert_string_equal(s.header_ref, "2025-03-31");

    snprintf(p, sizeof p, "%s/tests/cases/cin/laughs.xml", src_dir());
    fp = fopen(p, "rb");
    assert_non_null(fp);
    assert_int_not_equal(sg_cin_parse(fp, "laughs.xml", on_cin, &s, &e), SG_OK);
    fclose(fp);
}

static int on_row(void *ud, const sg_s903_raw *row, sg_error *err)
{
    (void)err;
    sg_buf *b = ud;
    if (!row->table) {
        sg_buf_printf(b, "!%ld %s\n", row->line, row->problem);
        return SG_OK;
    }
    sg_buf_printf(b, "%s@%ld", row->table, row->line);
    for (int i = 0; i < row->ncols; i++)
        sg_buf_printf(b, " %s=%s", row->names[i], row->values[i] ? row->values[i] : "~");
    sg_buf_puts(b, "\n");
    return SG_OK;
}

static void test_s903_parse(void **state)
{
    (void)state;
    write_file("ep.csv", "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,X\n"
                         "C1,31/02/2020,S,C2,N1,U1,PR1,,X1,x\n"
                         " ,01/01/2020,P,C2,N1,U1,PR1,,X1,x\n"
                         "C2,oops\n");
    char p[512];
    path_in("ep.csv", p, sizeof p);
    FILE *fp = fopen(p, "rb");
    sg_buf b;
    sg_buf_init(&b, 0);
    sg_error e;
    assert_int_equal(sg_s903_parse(fp, "ep.csv", NULL, on_row, &b, &e), SG_OK);
    fclose(fp);
    /* as written: a bad date is passed on, a blank CHILD too, a short row is a problem */
    assert_string_equal(sg_buf_str(&b),
                        "episodes@2 CHILD=C1 DECOM=31/02/2020 RNE=S LS=C2 CIN=N1 PLACE=U1 "
                        "PLACE_PROVIDER=PR1 DEC=~ REC=X1\n"
                        "episodes@3 CHILD=~ DECOM=01/01/2020 RNE=P LS=C2 CIN=N1 PLACE=U1 "
                        "PLACE_PROVIDER=PR1 DEC=~ REC=X1\n"
                        "!4 the row has 2 fields but the header has 10\n");

    sg_buf_reset(&b);
    snprintf(p, sizeof p, "%s/tests/cases/s903/small.xml", src_dir());
    fp = fopen(p, "rb");
    assert_int_equal(sg_s903_parse(fp, "small.xml", "ssda903-xml", on_row, &b, &e), SG_OK);
    fclose(fp);
    const char *s = sg_buf_str(&b);
    /* the first CHILD: header (with the XML's UASC), its DUC as a uasc row, the nested groups,
     * OC3/AD1 values held directly in HEADER, then the episodes with PL named PLACE */
    assert_non_null(strstr(s, "header@4 CHILD=X1 UPN=A123456789012 SEX=1 DOB=15/03/2010 "
                              "ETHNIC=WBRI UASC=1 DUC=15/03/2028 MOTHER=0 MC_DOB=~\n"
                              "uasc@4 CHILD=X1 SEX=1 DOB=15/03/2010 DUC=15/03/2028\n"
                              "oc3@4 CHILD=X1 IN_TOUCH=YES ACTIV=F1 ACCOM=S\n"));
    assert_non_null(strstr(s, "reviews@12 CHILD=X1 REVIEW=30/08/2017 REVIEW_CODE=PN6\n"));
    assert_non_null(strstr(s, "reviews@13 CHILD=X1 REVIEW=30/02/2018 REVIEW_CODE=PN1\n"));
    assert_non_null(strstr(s, "episodes@26 CHILD=X1 DECOM=06/01/2017 RNE=T LS=J3 CIN=N4 "
                              "PLACE=R5 PLACE_PROVIDER=PR2 DEC=06/10/2017 REC=X1 "
                              "REASON_PLACE_CHANGE=~ HOME_POST=B15 8PZ PL_POST=E7 5YR "
                              "URN=1465167\n"));
    /* a CHILD without CHILDID is passed on (the importer rejects it) */
    assert_non_null(strstr(s, "header@34 SEX=2 DOB=01/01/2012 ETHNIC=WBRI\n"
                              "episodes@35 CHILD=~ DECOM=01/04/2018 RNE=S\n"));
    sg_buf_fini(&b);
}

/* ---- loose files: grouping by child ---- */

static const char *const header_csv = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
                                      "B,1,01/02/2015,WBRI,,,\n"
                                      "A,2,03/04/2016,WBRI,,,\n";
static const char *const episodes_csv = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\n"
                                        "A,01/05/2023,S,C2,N1,U1,PR1,,X1\n"
                                        "B,01/06/2023,X,C2,N1,U1,PR1,,X1\n"
                                        "A,01/07/2023,X,C2,N1,U1,PR1,,X1\n"
                                        ",01/07/2023,X,C2,N1,U1,PR1,,X1\n"
                                        "A,bad\n";

static void test_files_grouped(void **state)
{
    (void)state;
    write_file("h.csv", header_csv);
    write_file("e.csv", episodes_csv);
    char h[512], ep[512];
    path_in("h.csv", h, sizeof h);
    path_in("e.csv", ep, sizeof ep);
    const char *paths[] = {ep, h};
    sg_buf_init(&dump, 0);
    got g;
    memset(&g, 0, sizeof g);
    sg_validate_result res;
    sg_validate_file_opts o = {.year = 2024, .rules = test_rules, .nrules = NRULES};
    sg_error e;
    assert_int_equal(sg_validate_files(paths, 2, &o, collect, &g, &res, &e), SG_OK);
    /* children in CHILD order, each with its rows from both files in file order; the row
     * without CHILD is a tree of its own */
    assert_string_equal(sg_buf_str(&dump),
                        /* the blank-CHILD episode sorts first (its key starts with \x01) */
                        "[- episodes@5(CHILD=~ DECOM=01/07/2023 RNE=X LS=C2 CIN=N1 PLACE=U1 "
                        "PLACE_PROVIDER=PR1 DEC=~ REC=X1)]\n"
                        "[A episodes@2(CHILD=A DECOM=01/05/2023 RNE=S LS=C2 CIN=N1 PLACE=U1 "
                        "PLACE_PROVIDER=PR1 DEC=~ REC=X1) episodes@4(CHILD=A DECOM=01/07/2023 "
                        "RNE=X LS=C2 CIN=N1 PLACE=U1 PLACE_PROVIDER=PR1 DEC=~ REC=X1) "
                        "header@3(CHILD=A SEX=2 DOB=03/04/2016 ETHNIC=WBRI UPN=~ MOTHER=~ "
                        "MC_DOB=~)]\n"
                        "[B episodes@3(CHILD=B DECOM=01/06/2023 RNE=X LS=C2 CIN=N1 PLACE=U1 "
                        "PLACE_PROVIDER=PR1 DEC=~ REC=X1) header@2(CHILD=B SEX=1 "
                        "DOB=01/02/2015 ETHNIC=WBRI UPN=~ MOTHER=~ MC_DOB=~)]\n");
    assert_int_equal(res.children, 3);
    /* findings: the unreadable row, three RNE=X (file order of children: -, A, B) and the DOBs
     * withheld */
    assert_int_equal(g.n, 6);
    char want[1200];
    snprintf(want, sizeof want, "SG-ROW %s:6 =~ the row has 2 fields but the header has 9", ep);
    assert_string_equal(g.line[0], want);
    snprintf(want, sizeof want, "T-RNE %s:5 RNE=X RNE is X", ep);
    assert_string_equal(g.line[1], want);
    snprintf(want, sizeof want, "T-RNE %s:4 RNE=X RNE is X", ep);
    assert_string_equal(g.line[2], want);
    snprintf(want, sizeof want, "T-DOB %s:3 DOB=~ dob", h);
    assert_string_equal(g.line[3], want);
    assert_int_equal(res.findings[SG_SEV_ERROR], 4);
    assert_int_equal(res.findings[SG_SEV_QUERY], 2);
    assert_int_equal(res.findings[SG_SEV_WARNING], 0); /* T-DUMP reports nothing */
    sg_buf_fini(&dump);
}

static void test_files_cin(void **state)
{
    (void)state;
    char p[512];
    snprintf(p, sizeof p, "%s/tests/cases/cin/full.xml", src_dir());
    const char *paths[] = {p};
    got g;
    memset(&g, 0, sizeof g);
    sg_validate_file_opts o = {.year = 0, .rules = test_rules, .nrules = NRULES};
    sg_error e;
    assert_int_equal(sg_validate_files(paths, 1, &o, collect, &g, NULL, &e), SG_OK);
    assert_int_equal(g.n, 3);
    /* the collection comes from the header; the raw id is withheld */
    char want[600];
    snprintf(want, sizeof want, "T-CIN %s:14 LAchildID=~ year 2025 la 999 ref 1 hdr Header", p);
    assert_string_equal(g.line[0], want);

    /* --year naming the year the file states (ReferenceDate 2025-03-31: 2024-25) is accepted */
    memset(&g, 0, sizeof g);
    o.year = 2025;
    assert_int_equal(sg_validate_files(paths, 1, &o, collect, &g, NULL, &e), SG_OK);
    assert_int_equal(g.n, 3);
    /* ... another year is refused, naming the file, line and field; nothing is reported */
    memset(&g, 0, sizeof g);
    o.year = 2024;
    assert_int_equal(sg_validate_files(paths, 1, &o, collect, &g, NULL, &e), SG_EINVAL);
    assert_int_equal(g.n, 0);
    assert_string_equal(e.file, p);
    assert_string_equal(e.field, "ReferenceDate");
    assert_true(e.line > 0);
    assert_non_null(strstr(e.msg, "states collection 2024-25 (ReferenceDate 2025-03-31), not the "
                                  "2023-24 asked for (--year 2024)"));
    /* ... and so is a year without a rule set (2022-23 is the first, 2025-26 the last) */
    o.year = 2022;
    assert_int_equal(sg_validate_files(paths, 1, &o, collect, &g, NULL, &e), SG_EINVAL);
    assert_non_null(strstr(e.msg, "no DfE rule set for collection year 2022 (2021-22)"));
    o.year = 2027;
    assert_int_equal(sg_validate_files(paths, 1, &o, collect, &g, NULL, &e), SG_EINVAL);
    assert_non_null(strstr(e.msg, "this release has 2022-23 to 2025-26"));
    o.year = 2023;
    assert_int_equal(sg_validate_files(paths, 1, &o, collect, &g, NULL, &e), SG_EINVAL);
    assert_non_null(strstr(e.msg, "not the 2022-23 asked for"));
}

/* ---- stored ---- */

static int count_rows(sg_store *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(sg_store_db(s), sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

static void test_stored_return_and_prev(void **state)
{
    (void)state;
    char dir[512];
    path_in("store", dir, sizeof dir);
    sg_store *s = NULL;
    sg_error e;
    assert_int_equal(sg_store_open(dir, true, &s, &e), SG_OK);
    write_file("h22.csv", "CHILD,SEX,DOB,ETHNIC\nA,2,03/04/2016,WBRI\nZ,1,01/01/2010,WBRI\n");
    write_file("h.csv", header_csv);
    write_file("e.csv", episodes_csv);
    char h22[512], h[512], ep[512];
    path_in("h22.csv", h22, sizeof h22);
    path_in("h.csv", h, sizeof h);
    path_in("e.csv", ep, sizeof ep);
    sg_import_opts io = {.agency = "LA", .period = "2022-23", .user = "t"};
    sg_import_file_result r[2];
    const char *p1[] = {h22};
    assert_int_equal(sg_import_files(s, p1, 1, &io, r, &e), SG_OK);
    io.period = "2023-24";
    const char *p2[] = {h, ep};
    assert_int_equal(sg_import_files(s, p2, 2, &io, r, &e), SG_OK);
    int64_t hsub = r[0].submission, esub = r[1].submission;

    sg_buf_init(&dump, 0);
    sg_validate_result res;
    assert_int_equal(sg_validate_submission_rules(s, esub, test_rules, NRULES, &res, &e), SG_OK);
    /* both tables of 2023-24 validated together; A has last year's tree, Z (only last year)
     * is not validated */
    assert_int_equal(res.nsubs, 2);
    assert_int_equal(res.children, 3);
    assert_non_null(strstr(sg_buf_str(&dump),
                           "REC=X1) | prev header@2(CHILD=A SEX=2 DOB=03/04/2016 "
                           "ETHNIC=WBRI)]\n[B "));
    assert_null(strstr(sg_buf_str(&dump), "CHILD=Z"));
    sg_buf_fini(&dump);
    /* findings stored against the submission of the file they point at; file names are the
     * stored names, child pseudonyms only; SG rules once per submission */
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM finding WHERE submission_id = %lld AND rule IN "
             "('T-RNE','SG-ROW') AND file = 'e.csv'",
             (long long)esub);
    assert_int_equal(count_rows(s, sql), 4);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM finding WHERE submission_id = %lld AND rule = 'T-DOB' AND "
             "value IS NULL AND child GLOB 'L*'",
             (long long)hsub);
    assert_int_equal(count_rows(s, sql), 2);
    assert_int_equal(count_rows(s, "SELECT count(*) FROM finding WHERE rule = 'T-SG'"), 2);
    assert_int_equal(count_rows(s, "SELECT count(*) FROM finding"), 8);
    assert_int_equal(count_rows(s, "SELECT count(*) FROM finding WHERE child = 'A' OR "
                                   "child = 'B' OR value LIKE '%2016%'"),
                     0);
    /* validating again replaces, never adds */
    assert_int_equal(sg_validate_submission_rules(s, hsub, test_rules, NRULES, &res, &e), SG_OK);
    assert_int_equal(count_rows(s, "SELECT count(*) FROM finding"), 8);
    long n = 0;
    assert_int_equal(sg_findings_count(sg_store_db(s), res.subs, res.nsubs, SG_SEV_ERROR, &n, &e),
                     SG_OK);
    assert_int_equal(n, 4);

    /* reports from the store */
    char rp[512];
    path_in("report.csv", rp, sizeof rp);
    FILE *fp = fopen(rp, "w+b");
    assert_int_equal(sg_findings_report(sg_store_db(s), &esub, 1, SG_REPORT_CSV, NULL, fp, &e),
                     SG_OK);
    rewind(fp);
    char buf[4096];
    size_t len = fread(buf, 1, sizeof buf - 1, fp);
    buf[len] = '\0';
    fclose(fp);
    assert_non_null(strstr(buf, "file,line,field,value,rule,severity,message\r\n"));
    assert_non_null(strstr(buf, "e.csv,4,RNE,X,T-RNE,error,RNE is X\r\n"));
    assert_non_null(strstr(buf, "x.csv,3,count,'=1+1,T-SG,warning,sg\r\n")); /* formula-safe */
    assert_null(strstr(buf, "L0")); /* no child column for agencies */

    fp = fopen(rp, "w+b");
    sg_report_opts ro = {.title = "T <&> \"x\"", .first_n = 1};
    assert_int_equal(sg_findings_report(sg_store_db(s), NULL, 0, SG_REPORT_HTML, &ro, fp, &e),
                     SG_OK);
    rewind(fp);
    len = fread(buf, 1, sizeof buf - 1, fp);
    buf[len] = '\0';
    fclose(fp);
    assert_non_null(strstr(buf, "<title>T &lt;&amp;&gt; &quot;x&quot;</title>"));
    assert_non_null(strstr(buf, "<td class=\"error\">error</td><td class=\"n\">3</td>"));
    assert_non_null(strstr(buf, "2 finding(s); the first 1 are listed"));
    assert_null(strstr(buf, "http")); /* self-contained: no external assets */
    assert_null(strstr(buf, "src="));

    fp = fopen(rp, "w+b");
    assert_int_equal(sg_findings_report(sg_store_db(s), &hsub, 1, SG_REPORT_JSON, NULL, fp, &e),
                     SG_OK);
    rewind(fp);
    len = fread(buf, 1, sizeof buf - 1, fp);
    buf[len] = '\0';
    fclose(fp);
    assert_non_null(strstr(buf, "{\"summary\": {\"errors\": 0, \"queries\": 2, \"warnings\": 1,"));
    assert_non_null(strstr(buf, "\"field\": \"DOB\", \"value\": null, \"rule\": \"T-DOB\""));

    fp = fopen(rp, "w+b");
    assert_int_equal(sg_findings_report(sg_store_db(s), &esub, 1, SG_REPORT_SUMMARY, NULL, fp, &e),
                     SG_OK);
    rewind(fp);
    len = fread(buf, 1, sizeof buf - 1, fp);
    buf[len] = '\0';
    fclose(fp);
    assert_non_null(strstr(buf, "Validation: 4 error(s), 0 queries, 1 warning(s)\n"));
    assert_non_null(strstr(buf, "T-RNE        error           3  RNE is X\n"));
    sg_store_close(s);
}

/* The import hook stores findings with the import, and the refuse policy rolls it back. */
static void test_import_policy(void **state)
{
    (void)state;
    char dir[512];
    path_in("store2", dir, sizeof dir);
    sg_store *s = NULL;
    sg_error e;
    assert_int_equal(sg_store_open(dir, true, &s, &e), SG_OK);
    write_file("e.csv", episodes_csv);
    char ep[512];
    path_in("e.csv", ep, sizeof ep);
    const char *p[] = {ep};
    sg_import_file_result r[1];
    sg_error_policy policy = SG_POLICY_REFUSE;
    sg_import_opts io = {.agency = "LA",
                         .period = "2023-24",
                         .user = "t",
                         .before_commit = sg_validate_import_hook,
                         .before_commit_ctx = &policy};
    /* the registered rules find the unreadable row (SG-ROW, an error): refused, nothing kept */
    sg_error_clear(&e);
    assert_int_equal(sg_import_files(s, p, 1, &io, r, &e), SG_ECONFLICT);
    assert_non_null(strstr(e.msg, "error(s)"));
    assert_int_equal(count_rows(s, "SELECT count(*) FROM submission"), 0);
    assert_int_equal(count_rows(s, "SELECT count(*) FROM finding"), 0);
    policy = SG_POLICY_STORE;
    assert_int_equal(sg_import_files(s, p, 1, &io, r, &e), SG_OK);
    assert_int_equal(count_rows(s, "SELECT count(*) FROM submission"), 1);
    assert_true(count_rows(s, "SELECT count(*) FROM live_finding WHERE rule = 'SG-ROW' AND "
                              "severity = 'error' AND line = 6") == 1);
    sg_store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cin_parse),
        cmocka_unit_test_setup_teardown(test_s903_parse, setup, teardown),
        cmocka_unit_test_setup_teardown(test_files_grouped, setup, teardown),
        cmocka_unit_test(test_files_cin),
        cmocka_unit_test_setup_teardown(test_stored_return_and_prev, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_policy, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* engine.c - validating stored submissions and loose files (engine.h): reading originals back,
 * the raw parse per family, grouping an SSDA903 return's rows by child through a temporary
 * database, previous-year trees, the SG rules over the store, and the import hook. */
#include "validate/engine.h"

#include "validate/ruleset.h"

#include "core/period.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/mem.h"
#include "ingest/ingest.h"
#include "ingest/raw.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int sg_validate_family(const char *format)
{
    if (!format) return -1;
    if (strcmp(format, "cin") == 0) return SG_FAMILY_CIN;
    if (strncmp(format, "ssda903", 7) == 0) return SG_FAMILY_903;
    if (strncmp(format, "annexa", 6) == 0) return SG_FAMILY_ANNEXA;
    if (strncmp(format, "agency", 6) == 0) return SG_FAMILY_AGENCY;
    return -1;
}

int sg_validate_period_year(const char *p)
{
    int y;
    return sg_fy_parse(p, &y) ? y + 1 : 0;
}

/* The latest DfE collection year that has ended by today (its 31 March is in the past). */
static int default_year(void)
{
    int y, m, d;
    sg_date_to_ymd(sg_date_today(), &y, &m, &d);
    return m >= 4 ? y : y - 1;
}

/* ---- one validation job ---- */

typedef struct vsrc {
    FILE *fp;
    char name[256];
    char format[64];
    int64_t sub; /* 0 for a loose file */
    int prev;    /* 1 = the previous year's return (read for comparison only) */
} vsrc;

typedef struct vjob {
    sg_vcollection coll;
    bool coll_from_file; /* CIN: take the collection from the file's header */
    bool coll_default;   /* j->coll is the default year (no --year, no year in the file) */
    int asked_year;      /* the year the caller named (--year), 0 = none: a file stating
                          * another is refused */
    const sg_pseudo *pseudo;
    sg_finding_fn fn;
    void *ud;
    int64_t default_sub;
    vsrc *srcs;
    int nsrcs;
    sg_validate_result *res;
    const sg_rule *rules; /* override of the registered tables, or NULL */
    size_t nrules;
    sg_rule *own_rules; /* this run's copy of the override's rules of one family */
    sg_vrun *run;
    const char *cur_file;
} vjob;

/* The engine's own finding for a row the parser could not read (documented in docs/rules.md). */
static const sg_rule row_rule = {.id = "SG-ROW",
                                 .family = SG_FAMILY_SG,
                                 .severity = SG_SEV_ERROR,
                                 .message = "The row could not be read, so no rule checked it."};

/* Every finding passes here: it gets the submission of the file it points at, is counted and
 * goes to the job's sink. */
static int job_finding(void *ud, const sg_finding *in)
{
    vjob *j = ud;
    sg_finding f = *in;
    if (!f.submission || f.submission == j->default_sub) {
        f.submission = j->default_sub;
        for (int i = 0; i < j->nsrcs; i++) {
            vsrc *s = &j->srcs[i];
            if (s->prev || !s->sub) continue;
            if (f.file == s->name || (f.file && strcmp(f.file, s->name) == 0)) {
                f.submission = s->sub;
                break;
            }
        }
    }
    if ((unsigned)f.severity < SG_SEV__COUNT && j->res) j->res->findings[f.severity]++;
    return j->fn ? j->fn(j->ud, &f) : SG_OK;
}

static int row_problem(vjob *j, const char *file, long line, const char *problem)
{
    sg_finding f = {.file = file,
                    .line = line,
                    .child = "",
                    .field = "",
                    .value = NULL,
                    .rule = row_rule.id,
                    .severity = row_rule.severity,
                    .message = problem ? problem : row_rule.message};
    return job_finding(j, &f);
}

static void child_pseudo(const vjob *j, const char *raw, char out[SG_PSEUDO_LEN + 1])
{
    out[0] = '\0';
    if (!j->pseudo || !raw || !*raw) return;
    if (sg_pseudo_make(j->pseudo, SG_ID_LA, raw, strlen(raw), out) != SG_OK) out[0] = '\0';
}

/* Starts the run of family fam's rules as they stand in the collection's year (ruleset.h): the
 * registered table or the override's rules of that family, copied with the year's codes and
 * severities (the run indexes its own array). */
static int job_start_run(vjob *j, sg_rule_family fam, const char *file, sg_error *err)
{
    /* The default year (the latest ended before today) may be one this release has no rule set
     * for (from April 2027, 2026-27): refuse rather than run another year's rules silently. */
    if (j->coll_default && !sg_collection_year_supported(j->coll.year)) {
        int first, last;
        sg_collection_years(&first, &last);
        char a[8], b[8], c[8];
        return sg_err_at(err, SG_EINVAL, file, 0, 0, NULL,
                         "the file does not state its collection year and --year was not given; "
                         "the default, the latest year ended before today (%s, --year %d), has "
                         "no DfE rule set in this release (%s to %s): give --year",
                         sg_fy_text(j->coll.year - 1, a), j->coll.year, sg_fy_text(first - 1, b),
                         sg_fy_text(last - 1, c));
    }
    size_t n;
    const sg_rule *rules = sg_rules_of(fam, &n);
    sg_rule *fam_rules = NULL;
    if (j->rules) {
        fam_rules = xcalloc(j->nrules + 1, sizeof *fam_rules);
        n = 0;
        for (size_t i = 0; i < j->nrules; i++)
            if (j->rules[i].family == fam) fam_rules[n++] = j->rules[i];
        rules = fam_rules;
    }
    j->own_rules = sg_rules_for_year(rules, n, j->coll.year, &n);
    free(fam_rules);
    j->run = sg_vrun_new(j->own_rules, n, &j->coll, file, NULL, j->default_sub, job_finding, j);
    return SG_OK;
}

static int job_end_run(vjob *j, sg_error *err)
{
    int rc = j->run ? sg_vrun_finish(j->run, err) : SG_OK;
    sg_vrun_free(j->run);
    j->run = NULL;
    free(j->own_rules);
    j->own_rules = NULL;
    return rc;
}

/* ---- CIN census ---- */

/* The collection from the CIN header: ReferenceDate fixes the year it falls in (the DfE's Year
 * element is the year the collection opened, which files do not spell consistently); the
 * reference date is the DfE's for that year, so a file dated otherwise fails rule 100. */
static int coll_from_header(vjob *j, const sg_vnode *header, sg_error *err)
{
    const sg_vnode *cd = sg_vnode_child(header, "CollectionDetails");
    sg_date ref;
    if (sg_vnode_date(cd, "ReferenceDate", &ref) == SG_VOK) {
        int y, m, d;
        sg_date_to_ymd(ref, &y, &m, &d);
        int year = m >= 4 ? y + 1 : y;
        if (j->asked_year && year != j->asked_year) {
            char said[8], asked[8];
            sg_fy_text(year - 1, said);
            sg_fy_text(j->asked_year - 1, asked);
            const sg_vnode *leaf = sg_vnode_child(cd, "ReferenceDate");
            return sg_err_at(err, SG_EINVAL, j->cur_file, leaf ? leaf->line : 0, 0, "ReferenceDate",
                             "the file states collection %s (ReferenceDate %04d-%02d-%02d), not "
                             "the %s asked for (--year %d)",
                             said, y, m, d, asked, j->asked_year);
        }
        char la[sizeof j->coll.la];
        sg_strlcpy(la, j->coll.la, sizeof la);
        /* The collection the date falls in, with the DfE's reference date for it (not the
         * file's: rule 100 compares the two). */
        sg_vcollection_for_year(&j->coll, year);
        j->coll.ref_date = sg_collection_ref_date(year);
        sg_strlcpy(j->coll.la, la, sizeof j->coll.la);
        j->coll_default = false;
    }
    const char *lea = sg_vnode_text(sg_vnode_child(header, "Source"), "LEA");
    if (lea) sg_strlcpy(j->coll.la, lea, sizeof j->coll.la);
    return SG_OK;
}

static int cin_child(void *ud, const sg_vnode *header, const sg_vnode *child, sg_error *err)
{
    vjob *j = ud;
    if (!j->run) {
        if (header && j->coll_from_file) {
            int rc = coll_from_header(j, header, err);
            if (rc) return rc;
        }
        int rc = job_start_run(j, SG_FAMILY_CIN, j->cur_file, err);
        if (rc) return rc;
    }
    char ps[SG_PSEUDO_LEN + 1];
    child_pseudo(j, sg_vnode_text(sg_vnode_child(child, "ChildIdentifiers"), "LAchildID"), ps);
    if (j->res) j->res->children++;
    return sg_vrun_child(j->run, header, child, NULL, ps, err);
}

static int run_cin(vjob *j, vsrc *src, sg_error *err)
{
    j->cur_file = src->name;
    int rc = sg_cin_parse(src->fp, src->name, cin_child, j, err);
    if (!rc && !j->run) rc = job_start_run(j, SG_FAMILY_CIN, src->name, err);
    int rc2 = job_end_run(j, rc ? NULL : err);
    return rc ? rc : rc2;
}

/* ---- SSDA903: rows grouped by child ---- */

typedef struct g903 {
    vjob *job;
    sqlite3 *tdb;
    sqlite3_stmt *ins;
    int src;
    int prev;
    long seq;
    sg_buf blob;
} g903;

static int tdb_err(sqlite3 *db, sg_error *err, const char *what)
{
    return sg_err(err, SG_EDB, "%s: %s", what, sqlite3_errmsg(db));
}

/* A row's columns packed as [u16 name length][name][u32 value length, or all ones for
 * blank][value][i64 line] each. */
static void pack(sg_buf *b, const char *name, const char *value, long line)
{
    uint16_t nl = (uint16_t)strlen(name);
    uint32_t vl = value ? (uint32_t)strlen(value) : UINT32_MAX;
    int64_t ln = line;
    sg_buf_append(b, &nl, sizeof nl);
    sg_buf_append(b, name, nl);
    sg_buf_append(b, &vl, sizeof vl);
    if (value) sg_buf_append(b, value, vl);
    sg_buf_append(b, &ln, sizeof ln);
}

static int g903_row(void *ud, const sg_s903_raw *row, sg_error *err)
{
    g903 *g = ud;
    if (g->prev && !row->table) return SG_OK;
    if (!row->table) return row_problem(g->job, g->job->srcs[g->src].name, row->line, row->problem);
    const char *child = NULL;
    sg_buf_reset(&g->blob);
    for (int i = 0; i < row->ncols; i++) {
        if (strcmp(row->names[i], "CHILD") == 0) child = row->values[i];
        pack(&g->blob, row->names[i], row->values[i], row->lines[i]);
    }
    g->seq++;
    char solo[32];
    if (!child) {
        /* A row without CHILD belongs to no other row: it is a tree of its own. */
        snprintf(solo, sizeof solo, "\x01%ld", g->seq);
        child = solo;
    }
    sqlite3_stmt *st = g->ins;
    sqlite3_bind_text(st, 1, child, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, g->prev);
    sqlite3_bind_int64(st, 3, g->seq);
    sqlite3_bind_text(st, 4, row->table, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, g->src);
    sqlite3_bind_int64(st, 6, row->line);
    sqlite3_bind_blob(st, 7, g->blob.len ? g->blob.data : "", (int)g->blob.len, SQLITE_STATIC);
    int rc = sqlite3_step(st) == SQLITE_DONE ? SG_OK : tdb_err(g->tdb, err, "grouping rows");
    sqlite3_reset(st);
    return rc;
}

static int unpack(sg_arena *a, sg_vnode *row, const char *file, const unsigned char *p, size_t n)
{
    const unsigned char *end = p + n;
    while (p < end) {
        uint16_t nl;
        uint32_t vl;
        int64_t ln;
        if ((size_t)(end - p) < sizeof nl) return SG_EPARSE;
        memcpy(&nl, p, sizeof nl), p += sizeof nl;
        if ((size_t)(end - p) < nl + sizeof vl) return SG_EPARSE;
        char *name = sg_arena_strndup(a, (const char *)p, nl);
        p += nl;
        memcpy(&vl, p, sizeof vl), p += sizeof vl;
        const char *value = NULL;
        if (vl != UINT32_MAX) {
            if ((size_t)(end - p) < vl) return SG_EPARSE;
            value = sg_arena_strndup(a, (const char *)p, vl);
            p += vl;
        }
        if ((size_t)(end - p) < sizeof ln) return SG_EPARSE;
        memcpy(&ln, p, sizeof ln), p += sizeof ln;
        sg_vnode_add(a, row, name, value, file, (long)ln);
    }
    return SG_OK;
}

static int flush_child(vjob *j, const sg_vnode *cur, const sg_vnode *prev, const char *key,
                       sg_error *err)
{
    if (!cur) return SG_OK; /* only in last year's return: nothing to validate */
    char ps[SG_PSEUDO_LEN + 1];
    child_pseudo(j, key[0] == '\x01' ? NULL : key, ps);
    if (j->res) j->res->children++;
    return sg_vrun_child(j->run, NULL, cur, prev, ps, err);
}

static int run_903(vjob *j, sg_error *err)
{
    g903 g;
    memset(&g, 0, sizeof g);
    g.job = j;
    sg_buf_init(&g.blob, 0);
    sqlite3_stmt *sel = NULL;
    sg_arena arena;
    sg_arena_init(&arena, 64 * 1024);
    int rc = SG_OK;
    /* "" opens a private temporary database on disk: SQLite's sorter then keeps memory flat
     * however large the return. */
    if (sqlite3_open_v2("", &g.tdb, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        rc = sg_err(err, SG_EDB, "cannot open a temporary database");
        goto out;
    }
    if (sqlite3_exec(g.tdb,
                     "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                     "PRAGMA cache_size = -16384; PRAGMA temp_store = FILE;"
                     "CREATE TABLE r (child TEXT NOT NULL, prev INTEGER, seq INTEGER, tbl TEXT,"
                     " src INTEGER, line INTEGER, data BLOB); BEGIN;",
                     NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(g.tdb, "INSERT INTO r VALUES (?, ?, ?, ?, ?, ?, ?)", -1, &g.ins, NULL) !=
            SQLITE_OK) {
        rc = tdb_err(g.tdb, err, "preparing the temporary database");
        goto out;
    }
    for (int i = 0; i < j->nsrcs && !rc; i++) {
        vsrc *s = &j->srcs[i];
        if (sg_validate_family(s->format) != SG_FAMILY_903) continue;
        g.src = i;
        g.prev = s->prev;
        rc = sg_s903_parse(s->fp, s->name, s->format, g903_row, &g, err);
    }
    if (rc) goto out;
    if (sqlite3_exec(g.tdb, "COMMIT", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(g.tdb,
                           "SELECT child, prev, tbl, src, line, data FROM r "
                           "ORDER BY child, prev, seq",
                           -1, &sel, NULL) != SQLITE_OK) {
        rc = tdb_err(g.tdb, err, "sorting rows by child");
        goto out;
    }
    if ((rc = job_start_run(j, SG_FAMILY_903, j->nsrcs ? j->srcs[0].name : "", err))) goto out;
    char key[256] = "";
    sg_vnode *cur = NULL, *prev = NULL;
    int step;
    while ((step = sqlite3_step(sel)) == SQLITE_ROW) {
        const char *child = (const char *)sqlite3_column_text(sel, 0);
        int is_prev = sqlite3_column_int(sel, 1);
        const char *tbl = (const char *)sqlite3_column_text(sel, 2);
        int src = sqlite3_column_int(sel, 3);
        long line = (long)sqlite3_column_int64(sel, 4);
        const char *file = j->srcs[src].name;
        if (strcmp(child, key) != 0) {
            rc = flush_child(j, cur, prev, key, err);
            if (rc) goto out;
            sg_arena_reset(&arena);
            cur = prev = NULL;
            sg_strlcpy(key, child, sizeof key);
        }
        sg_vnode **root = is_prev ? &prev : &cur;
        if (!*root) *root = sg_vnode_add(&arena, NULL, "CHILD", NULL, file, line);
        sg_vnode *row = sg_vnode_add(&arena, *root, tbl, NULL, file, line);
        if (unpack(&arena, row, file, sqlite3_column_blob(sel, 5),
                   (size_t)sqlite3_column_bytes(sel, 5))) {
            rc = sg_err(err, SG_EDB, "a grouped row did not read back");
            goto out;
        }
    }
    if (step != SQLITE_DONE) {
        rc = tdb_err(g.tdb, err, "reading rows by child");
        goto out;
    }
    rc = flush_child(j, cur, prev, key, err);
out:
    if (!rc)
        rc = job_end_run(j, err);
    else
        job_end_run(j, NULL);
    sqlite3_finalize(sel);
    sqlite3_finalize(g.ins);
    if (g.tdb) sqlite3_close(g.tdb);
    sg_arena_fini(&arena);
    sg_buf_fini(&g.blob);
    return rc;
}

/* Runs the family rules over the job's sources: CIN files one at a time, the 903 sources as
 * one return. Annex A and agency returns have no per-row rules yet. */
static int run_sources(vjob *j, sg_error *err)
{
    int rc = SG_OK, has903 = 0;
    for (int i = 0; i < j->nsrcs && !rc; i++) {
        int fam = sg_validate_family(j->srcs[i].format);
        if (fam == SG_FAMILY_CIN && !j->srcs[i].prev) rc = run_cin(j, &j->srcs[i], err);
        if (fam == SG_FAMILY_903 && !j->srcs[i].prev) has903 = 1;
    }
    if (!rc && has903) rc = run_903(j, err);
    return rc;
}

static void close_sources(vjob *j)
{
    for (int i = 0; i < j->nsrcs; i++)
        if (j->srcs[i].fp) fclose(j->srcs[i].fp);
    free(j->srcs);
    j->srcs = NULL;
    j->nsrcs = 0;
}

/* ---- loose files ---- */

int sg_validate_files(const char *const *paths, int n, const sg_validate_file_opts *opts,
                      sg_finding_fn fn, void *ud, sg_validate_result *res, sg_error *err)
{
    sg_validate_file_opts none = {0};
    if (!opts) opts = &none;
    sg_validate_result local;
    if (!res) res = &local;
    memset(res, 0, sizeof *res);
    if (n <= 0) return sg_err(err, SG_EINVAL, "no files to validate");
    if (opts->year > 0 && !sg_collection_year_supported(opts->year)) {
        int first, last;
        sg_collection_years(&first, &last);
        char a[8], b[8], c[8];
        return sg_err(err, SG_EINVAL,
                      "no DfE rule set for collection year %d (%s): this release has %s to %s",
                      opts->year, sg_fy_text(opts->year - 1, a), sg_fy_text(first - 1, b),
                      sg_fy_text(last - 1, c));
    }
    vjob j = {.pseudo = opts->pseudo,
              .fn = fn,
              .ud = ud,
              .res = res,
              .coll_from_file = true,
              .asked_year = opts->year > 0 ? opts->year : 0,
              .coll_default = opts->year <= 0,
              .rules = opts->rules,
              .nrules = opts->nrules};
    sg_vcollection_for_year(&j.coll, opts->year > 0 ? opts->year : default_year());
    j.srcs = xcalloc((size_t)n, sizeof *j.srcs);
    int rc = SG_OK;
    for (int i = 0; i < n && !rc; i++) {
        vsrc *s = &j.srcs[j.nsrcs++];
        sg_strlcpy(s->name, paths[i], sizeof s->name);
        s->fp = fopen(paths[i], "rb");
        if (!s->fp) {
            rc = sg_err_at(err, SG_EIO, paths[i], 0, 0, NULL, "cannot open: %s", strerror(errno));
            break;
        }
        if (opts->format && *opts->format)
            sg_strlcpy(s->format, opts->format, sizeof s->format);
        else
            rc = sg_detect(s->fp, paths[i], s->format, err);
    }
    if (!rc) rc = run_sources(&j, err);
    close_sources(&j);
    return rc;
}

/* ---- stored submissions ---- */

typedef struct subrow {
    int64_t id;
    char format[64], file[256], sha[65];
    int prev;
} subrow;

/* The previous financial year of a period ("2023-24" -> "2022-23"), "" when not one. */
static void prev_period(const char *p, char out[8])
{
    int y;
    out[0] = '\0';
    if (sg_fy_parse(p, &y) && y > 1900) sg_fy_text(y - 1, out);
}

/* The submissions validated together with sub (and, for the 903, last year's return). */
static int group_of(sg_store *s, const sg_submission *sub, subrow **out, int *n, sg_error *err)
{
    sqlite3 *db = sg_store_db(s);
    *out = NULL;
    *n = 0;
    int fam = sg_validate_family(sub->format);
    bool together = fam == SG_FAMILY_903 && sub->superseded_by == 0;
    char pp[8];
    prev_period(sub->period, pp);
    sqlite3_stmt *st = NULL;
    const char *sql =
        together ? "SELECT id, format, file_name, sha256, period = ?3 FROM submission "
                   "WHERE superseded_by IS NULL AND agency = ?1 AND (period = ?2 OR period = ?3)"
                   " AND format LIKE 'ssda903%' ORDER BY period = ?3, id"
                 : "SELECT id, format, file_name, sha256, 0 FROM submission WHERE id = ?4";
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot list the return's submissions");
    sqlite3_bind_text(st, 1, sub->agency, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, sub->period, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, pp[0] ? pp : "-", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, sub->id);
    int rc = SG_OK, step, cap = 0;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *out = xrealloc(*out, (size_t)cap * sizeof **out);
        }
        subrow *r = &(*out)[(*n)++];
        memset(r, 0, sizeof *r);
        r->id = sqlite3_column_int64(st, 0);
        sg_strlcpy(r->format, (const char *)sqlite3_column_text(st, 1), sizeof r->format);
        sg_strlcpy(r->file, (const char *)sqlite3_column_text(st, 2), sizeof r->file);
        sg_strlcpy(r->sha, (const char *)sqlite3_column_text(st, 3), sizeof r->sha);
        r->prev = sqlite3_column_int(st, 4);
    }
    if (step != SQLITE_DONE) rc = sg_store_dberr(db, err, "cannot list the return's submissions");
    sqlite3_finalize(st);
    int cur = 0;
    for (int i = 0; i < *n; i++)
        cur += !(*out)[i].prev;
    if (!rc && cur > SG_VALIDATE_MAX_SUBS)
        rc = sg_err(err, SG_ELIMIT, "a return of more than %d submissions", SG_VALIDATE_MAX_SUBS);
    return rc;
}

/* The SG rules for one submission, over the whole store. */
static int run_sg(vjob *j, sg_store *s, int64_t sub, const char *file, sg_error *err)
{
    const sg_rule *rules = sg_rules_sg;
    size_t n = sg_rules_sg_count;
    sg_rule *own = NULL;
    if (j->rules) {
        own = xcalloc(j->nrules + 1, sizeof *own);
        n = 0;
        for (size_t i = 0; i < j->nrules; i++)
            if (j->rules[i].family == SG_FAMILY_SG) own[n++] = j->rules[i];
        rules = own;
    }
    sg_vrun *run = sg_vrun_new(rules, n, &j->coll, file, sg_store_db(s), sub, job_finding, j);
    int64_t keep = j->default_sub;
    j->default_sub = sub;
    int rc = sg_vrun_finish(run, err);
    j->default_sub = keep;
    sg_vrun_free(run);
    free(own);
    return rc;
}

int sg_validate_submission(sg_store *s, int64_t id, sg_validate_result *res, sg_error *err)
{
    return sg_validate_submission_rules(s, id, NULL, 0, res, err);
}

int sg_validate_submission_rules(sg_store *s, int64_t id, const sg_rule *rules, size_t nrules,
                                 sg_validate_result *res, sg_error *err)
{
    sg_validate_result local;
    if (!res) res = &local;
    memset(res, 0, sizeof *res);
    sg_submission sub;
    int rc = sg_submission_get(s, id, &sub, err);
    if (rc) return rc;
    sqlite3 *db = sg_store_db(s);
    bool own_tx = sqlite3_get_autocommit(db) != 0;
    subrow *grp = NULL;
    int ngrp = 0;
    sg_findings_writer w;
    memset(&w, 0, sizeof w);
    vjob j = {.pseudo = sg_store_pseudo(s),
              .res = res,
              .default_sub = id,
              .rules = rules,
              .nrules = nrules};
    int year = sg_validate_period_year(sub.period);
    sg_vcollection_for_year(&j.coll, year ? year : default_year());
    if (!year) j.coll.period[0] = '\0';
    if (year) sg_strlcpy(j.coll.period, sub.period, sizeof j.coll.period);
    j.coll_from_file = !year;

    if ((rc = group_of(s, &sub, &grp, &ngrp, err))) goto out;
    if (own_tx && (rc = sg_store_begin(s, err))) goto out;
    if ((rc = sg_findings_writer_init(&w, db, err))) goto fail;
    j.fn = sg_findings_write;
    j.ud = &w;
    j.srcs = xcalloc((size_t)ngrp + 1, sizeof *j.srcs);
    for (int i = 0; i < ngrp; i++) {
        if (!grp[i].prev) {
            res->subs[res->nsubs++] = grp[i].id;
            if ((rc = sg_findings_delete(db, grp[i].id, err))) goto fail;
        }
        vsrc *src = &j.srcs[j.nsrcs];
        if ((rc = sg_store_open_original(s, grp[i].sha, &src->fp, err))) goto fail;
        j.nsrcs++;
        sg_strlcpy(src->name, grp[i].file, sizeof src->name);
        sg_strlcpy(src->format, grp[i].format, sizeof src->format);
        src->sub = grp[i].id;
        src->prev = grp[i].prev;
    }
    if ((rc = run_sources(&j, err))) goto fail;
    for (int i = 0; i < ngrp && !rc; i++)
        if (!grp[i].prev) rc = run_sg(&j, s, grp[i].id, grp[i].file, err);
    if (rc) goto fail;
    if (w.err.code) {
        *err = w.err;
        rc = w.err.code;
        goto fail;
    }
    sg_findings_writer_fini(&w);
    if (own_tx && (rc = sg_store_commit(s, err))) goto fail;
    goto out;
fail:
    if (w.err.code && rc != SG_OK && err) *err = w.err;
    sg_findings_writer_fini(&w);
    if (own_tx) sg_store_rollback(s);
out:
    close_sources(&j);
    free(grp);
    return rc;
}

int sg_validate_imported(sg_store *s, const sg_import_file_result *results, int n,
                         sg_error_policy policy, sg_validate_result *total, sg_error *err)
{
    sg_validate_result sum;
    memset(&sum, 0, sizeof sum);
    int64_t *done = xcalloc((size_t)n * SG_VALIDATE_MAX_SUBS + 1, sizeof *done);
    size_t ndone = 0;
    int rc = SG_OK;
    for (int i = 0; i < n && !rc; i++) {
        if (results[i].duplicate || !results[i].submission) continue;
        bool seen = false;
        for (size_t k = 0; k < ndone && !seen; k++)
            seen = done[k] == results[i].submission;
        if (seen) continue;
        sg_validate_result r;
        rc = sg_validate_submission(s, results[i].submission, &r, err);
        if (rc) break;
        for (int k = 0; k < r.nsubs; k++)
            done[ndone++] = r.subs[k];
        sum.children += r.children;
        for (int k = 0; k < SG_SEV__COUNT; k++)
            sum.findings[k] += r.findings[k];
    }
    free(done);
    if (total) *total = sum;
    if (!rc && policy == SG_POLICY_REFUSE && sum.findings[SG_SEV_ERROR] > 0)
        rc = sg_err(err, SG_ECONFLICT,
                    "validation found %ld error(s) and the policy refuses returns with errors: "
                    "nothing was imported (run 'safeguard validate FILE' to see them)",
                    sum.findings[SG_SEV_ERROR]);
    return rc;
}

int sg_validate_import_hook(void *ctx, sg_store *s, const sg_import_file_result *results, int n,
                            sg_error *err)
{
    sg_error_policy policy = ctx ? *(const sg_error_policy *)ctx : SG_POLICY_STORE;
    return sg_validate_imported(s, results, n, policy, NULL, err);
}

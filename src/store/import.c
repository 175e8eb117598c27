/* import.c - the import driver: each file is checksummed, checked against earlier imports,
 * given to the importer for its format with a sink into the store, and recorded as a
 * submission with its original kept. All files of one call share one transaction, so an
 * import lands whole or not at all - including when the process is killed part-way (SQLite's
 * journal rolls the store back on the next open). */
#include "store/import.h"

#include "core/digest.h"
#include "core/mem.h"
#include "ingest/ingest.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Fault-injection hook for the atomicity test (as SQLite's own tests inject faults): when the
 * environment names a marker file in SG_TEST_HOLD_BEFORE_COMMIT, the driver creates it once
 * every row is written and waits, before COMMIT, while the file exists (at most 60 s). The test
 * kills the process during that wait, or earlier, and so always before the commit. */
static void hold_before_commit(void)
{
    const char *marker = getenv("SG_TEST_HOLD_BEFORE_COMMIT");
    if (!marker || !*marker) return;
    FILE *f = fopen(marker, "w");
    if (!f) return;
    fclose(f);
    struct timespec ts = {0, 10 * 1000 * 1000};
    for (int i = 0; i < 6000 && access(marker, F_OK) == 0; i++) nanosleep(&ts, NULL);
}

bool sg_period_valid(const char *p)
{
    if (!p) return false;
    size_t n = strlen(p);
    for (size_t i = 0; i < 4; i++)
        if (i >= n || !isdigit((unsigned char)p[i])) return false;
    if (n < 7 || p[4] != '-') return false;
    int year = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
    if (year < 1990 || year > 2199) return false;
    if (n == 7 && isdigit((unsigned char)p[5]) && isdigit((unsigned char)p[6])) {
        int two = (p[5] - '0') * 10 + (p[6] - '0');
        if ((year + 1) % 100 == two) return true;     /* 2023-24: a financial year */
        return two >= 1 && two <= 12;                  /* 2023-05: a month */
    }
    return n == 7 && p[5] == 'Q' && p[6] >= '1' && p[6] <= '4';
}

static bool agency_valid(const char *a)
{
    if (!a || !*a || strlen(a) > 32) return false;
    for (const char *p = a; *p; p++)
        if (!isupper((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '_') return false;
    return true;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* A sink that forwards to the store's sink and reports progress now and then. */
typedef struct progress_sink {
    const sg_sink *inner;
    const sg_import_opts *opts;
    FILE *fp;
    const char *file;
    long long total;
    long n;
} progress_sink;

static void maybe_progress(progress_sink *ps)
{
    if (ps->opts->progress && (++ps->n & 0x3fff) == 0)
        ps->opts->progress(ps->opts->progress_ctx, ps->file, (long long)ftell(ps->fp), ps->total);
}

static int ps_emit(void *ctx, const sg_rec *r, int64_t *id, sg_error *err)
{
    progress_sink *ps = ctx;
    maybe_progress(ps);
    return ps->inner->emit(ps->inner->ctx, r, id, err);
}

static int ps_reject(void *ctx, const sg_reject *rj, sg_error *err)
{
    progress_sink *ps = ctx;
    maybe_progress(ps);
    return ps->inner->reject(ps->inner->ctx, rj, err);
}

/* Imports one file inside the open transaction. */
static int import_one(sg_store *s, const char *path, const sg_import_opts *opts,
                      sg_import_file_result *res, sg_error *err)
{
    memset(res, 0, sizeof *res);
    sg_strlcpy(res->file, path, sizeof res->file);
    int rc = sg_sha256_file(path, res->sha256, err);
    if (rc) return rc;

    sg_submission prev;
    sg_error lookup_err;
    sg_error_clear(&lookup_err);
    rc = sg_submission_by_sha(s, res->sha256, &prev, &lookup_err);
    if (rc == SG_OK) {
        res->duplicate = 1;
        res->duplicate_of = prev.id;
        sg_strlcpy(res->format, prev.format, sizeof res->format);
        return SG_OK;
    }
    if (rc != SG_ENOTFOUND) {
        *err = lookup_err;
        return rc;
    }

    FILE *fp = fopen(path, "rb");
    if (!fp) return sg_err_at(err, SG_EIO, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
    if (opts->format && *opts->format) {
        sg_strlcpy(res->format, opts->format, sizeof res->format);
    } else {
        rc = sg_detect(fp, path, res->format, err);
        if (rc) goto out;
    }
    sg_import_fn fn = sg_importer_for(res->format);
    if (!fn) {
        rc = sg_err_at(err, SG_EINVAL, path, 0, 0, NULL, "unknown format '%s'", res->format);
        goto out;
    }
    struct stat st;
    long long total = fstat(fileno(fp), &st) == 0 ? (long long)st.st_size : 0;

    rc = sg_submission_create(s, opts->agency, res->format, opts->period, base_name(path),
                              res->sha256, opts->user ? opts->user : "cli", &res->submission,
                              err);
    if (rc) goto out;

    sg_store_sink ss;
    sg_sink store_sink, sink;
    sg_store_sink_init(&ss, s, res->submission, base_name(path), &store_sink);
    progress_sink ps = {.inner = &store_sink, .opts = opts, .fp = fp, .file = path,
                        .total = total};
    sink.ctx = &ps;
    sink.emit = ps_emit;
    sink.reject = ps_reject;
    sg_ingest in = {.fp = fp, .name = path, .format = res->format,
                    .pseudo = sg_store_pseudo(s), .sink = &sink, .stats = &res->stats};
    rc = fn(&in, err);
    sg_store_sink_fini(&ss);
    if (rc) goto out;
    if (opts->progress) opts->progress(opts->progress_ctx, path, total, total);

    rc = sg_submission_finish(s, res->submission, &res->stats, err);
    if (rc) goto out;
    /* Kept before commit: if the transaction later rolls back, the content-addressed copy is
     * merely unreferenced, never missing for a stored submission. */
    rc = sg_store_keep_original(s, path, res->sha256, err);
out:
    fclose(fp);
    return rc;
}

int sg_import_files(sg_store *s, const char *const *paths, int n, const sg_import_opts *opts,
                    sg_import_file_result *results, sg_error *err)
{
    if (!agency_valid(opts->agency))
        return sg_err(err, SG_EINVAL,
                      "agency '%s' is not a valid code (1-32 of A-Z, 0-9 and _, e.g. LA, POLICE)",
                      opts->agency ? opts->agency : "");
    if (!sg_period_valid(opts->period))
        return sg_err(err, SG_EINVAL,
                      "period '%s' is not valid (use 2023-24 for a financial year, 2023-Q2 or "
                      "2023-05)", opts->period ? opts->period : "");
    if (n <= 0) return sg_err(err, SG_EINVAL, "no files to import");
    int rc = sg_store_begin(s, err);
    if (rc) return rc;
    for (int i = 0; i < n; i++) {
        rc = import_one(s, paths[i], opts, &results[i], err);
        if (rc) {
            sg_store_rollback(s);
            return rc;
        }
    }
    hold_before_commit();
    rc = sg_store_commit(s, err);
    if (rc) sg_store_rollback(s);
    return rc;
}

/* Reads one string member of a manifest entry, or NULL. */
static const char *jstr(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

int sg_import_manifest(sg_store *s, const char *manifest_path, const sg_import_opts *opts,
                       sg_import_file_result **results, int *nresults, sg_error *err)
{
    *results = NULL;
    *nresults = 0;
    json_error_t jerr;
    json_t *root = json_load_file(manifest_path, JSON_REJECT_DUPLICATES, &jerr);
    if (!root)
        return sg_err_at(err, SG_EPARSE, manifest_path, jerr.line, jerr.column, NULL, "%s",
                         jerr.text);
    int rc = SG_OK;
    json_t *files = json_object_get(root, "files");
    if (!json_is_array(files) || json_array_size(files) == 0) {
        rc = sg_err_at(err, SG_EPARSE, manifest_path, 0, 0, "files",
                       "the manifest lists no files");
        goto out;
    }
    /* Paths in the manifest are relative to the folder that holds it. */
    char dir[4096];
    sg_strlcpy(dir, manifest_path, sizeof dir);
    char *slash = strrchr(dir, '/');
    if (slash) slash[1] = '\0';
    else dir[0] = '\0';

    size_t n = json_array_size(files);
    sg_import_file_result *res = xcalloc(n, sizeof *res);
    rc = sg_store_begin(s, err);
    if (rc) {
        free(res);
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *f = json_array_get(files, i);
        const char *rel = jstr(f, "path"), *agency = jstr(f, "agency"),
                   *period = jstr(f, "period"), *format = jstr(f, "format");
        if (!rel || !agency || !period) {
            rc = sg_err_at(err, SG_EPARSE, manifest_path, 0, 0, "files",
                           "entry %zu needs path, agency and period", i + 1);
            break;
        }
        sg_import_opts o = *opts;
        o.agency = agency;
        o.period = period;
        o.format = format;
        if (!agency_valid(agency) || !sg_period_valid(period)) {
            rc = sg_err_at(err, SG_EPARSE, manifest_path, 0, 0, "files",
                           "entry %zu has an invalid agency '%s' or period '%s'", i + 1, agency,
                           period);
            break;
        }
        char path[4096];
        snprintf(path, sizeof path, "%s%s", rel[0] == '/' ? "" : dir, rel);
        rc = import_one(s, path, &o, &res[i], err);
        if (rc) break;
    }
    if (rc == SG_OK) {
        hold_before_commit();
        rc = sg_store_commit(s, err);
    }
    if (rc) {
        sg_store_rollback(s);
        free(res);
        goto out;
    }
    *results = res;
    *nresults = (int)n;
out:
    json_decref(root);
    return rc;
}

/* cmd_import.c - the 'import' verb: files (or a generator manifest) into the store. */
#include "cli/cli.h"

#include "access/access.h"
#include "core/buf.h"
#include "core/mem.h"
#include "core/str.h"
#include "registers/measure.h"
#include "store/import.h"
#include "store/return_receipt.h"
#include "store/store.h"
#include "validate/engine.h"

#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void progress(void *ctx, const char *file, long long done, long long total)
{
    (void)ctx;
    if (total > 0) fprintf(stderr, "\rimporting %s: %3lld%%", file, done * 100 / total);
    if (done >= total) fputc('\n', stderr);
}

static void print_results(const sg_cli *cli, const sg_import_file_result *r, int n)
{
    long accepted = 0, rejected = 0;
    json_t *arr = cli->json ? json_array() : NULL;
    for (int i = 0; i < n; i++) {
        long recs = 0;
        for (int t = 0; t < SG_REC__COUNT; t++)
            recs += r[i].stats.records[t];
        accepted += recs;
        rejected += r[i].stats.rejected;
        if (arr) {
            json_t *rec = json_object();
            for (int t = 0; t < SG_REC__COUNT; t++)
                if (r[i].stats.records[t])
                    json_object_set_new(rec, sg_rec_type_name((sg_rec_type)t),
                                        json_integer(r[i].stats.records[t]));
            json_array_append_new(
                arr, json_pack("{s:s, s:s, s:s, s:I, s:b, s:I, s:I, s:o, s:I, s:I, s:I, s:I, "
                               "s:b}",
                               "file", r[i].file, "format", r[i].format, "sha256", r[i].sha256,
                               "submission", (json_int_t)r[i].submission, "duplicate",
                               r[i].duplicate, "duplicate_of", (json_int_t)r[i].duplicate_of,
                               "rows_read", (json_int_t)r[i].stats.rows_read, "records", rec,
                               "rejected", (json_int_t)r[i].stats.rejected, "skipped_parts",
                               (json_int_t)r[i].stats.skipped_parts, "replaces",
                               (json_int_t)r[i].replaces, "replaced_rows",
                               (json_int_t)r[i].replaced_rows, "replace_confirmed",
                               r[i].drop_confirmed));
        } else if (r[i].duplicate) {
            printf("%s: already imported as submission %lld; nothing changed\n", r[i].file,
                   (long long)r[i].duplicate_of);
        } else {
            printf("%s: submission %lld (%s): %ld records, %ld rejected rows", r[i].file,
                   (long long)r[i].submission, r[i].format, recs, r[i].stats.rejected);
            if (r[i].stats.skipped_parts)
                printf("; %ld sheet(s) matched no Annex A list and were not read",
                       r[i].stats.skipped_parts);
            if (r[i].drop_confirmed)
                printf("; replaces submission %lld (%ld rows accepted) as confirmed",
                       (long long)r[i].replaces, r[i].replaced_rows);
            putchar('\n');
        }
    }
    if (arr) {
        json_t *o = json_pack("{s:o, s:I, s:I}", "files", arr, "records", (json_int_t)accepted,
                              "rejected", (json_int_t)rejected);
        json_dumpf(o, stdout, JSON_INDENT(1));
        fputc('\n', stdout);
        json_decref(o);
    } else {
        printf("imported %d file(s): %ld records stored, %ld rows rejected%s\n", n, accepted,
               rejected, rejected ? " (see 'safeguard submissions --rejected ID')" : "");
    }
}

/* "4G", "512M", "64K" or plain bytes (binary multiples) -> bytes; -1 when not a size. */
static long long parse_size(const char *v)
{
    if (!v || !*v) return -1;
    long long n = 0;
    const char *p = v;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (n > (LLONG_MAX - 9) / 10) return -1;
        n = n * 10 + (*p - '0');
    }
    if (p == v) return -1;
    int shift = 0;
    if (*p == 'K' || *p == 'k')
        shift = 10;
    else if (*p == 'M' || *p == 'm')
        shift = 20;
    else if (*p == 'G' || *p == 'g')
        shift = 30;
    else if (*p == 'T' || *p == 't')
        shift = 40;
    if (shift) p++;
    if (*p || n <= 0 || n > (LLONG_MAX >> shift)) return -1;
    return n << shift;
}

/* Validation before commit (validate/engine.h): keeps the sums to print. */
typedef struct validation {
    sg_error_policy policy;
    sg_validate_result total;
    sg_partner_problems partner; /* what to fix in a refused partner return */
} validation;

/* Each submission the import created is audited inside the import's transaction, so a stored
 * submission always has its entry (audit verify checks that), and a confirmed replacement
 * records who confirmed it and both counts. */
static int audit_imported(sg_store *s, const sg_import_file_result *r, int n, sg_error *err)
{
    sg_principal me = sg_principal_cli();
    int64_t now = time(NULL);
    for (int i = 0; i < n; i++) {
        if (r[i].duplicate || !r[i].submission) continue;
        char obj[64], detail[512];
        snprintf(obj, sizeof obj, "submission:%lld", (long long)r[i].submission);
        const char *slash = strrchr(r[i].file, '/');
        snprintf(detail, sizeof detail, "cli import %s: %ld rows accepted, %ld rejected",
                 slash ? slash + 1 : r[i].file, r[i].new_rows, r[i].stats.rejected);
        int rc = sg_audit(s, &me, "upload", obj, detail, NULL, now, err);
        if (rc) return rc;
        if (r[i].drop_confirmed) {
            snprintf(detail, sizeof detail,
                     "replacement confirmed: submission %lld had %ld accepted rows, this one %ld",
                     (long long)r[i].replaces, r[i].replaced_rows, r[i].new_rows);
            if ((rc = sg_audit(s, &me, "confirm_replace", obj, detail, NULL, now, err))) return rc;
        }
    }
    return SG_OK;
}

static int validate_hook(void *ctx, sg_store *s, const sg_import_file_result *results, int n,
                         sg_error *err)
{
    validation *v = ctx;
    /* partner returns against the catalogue: any problem refuses the import whole */
    int rc = sg_measure_check_imported(s, results, n, &v->partner, err);
    if (!rc) rc = sg_validate_imported(s, results, n, v->policy, &v->total, err);
    return rc ? rc : audit_imported(s, results, n, err);
}

/* A refused partner return leaves a trace although its import rolled back: one refusal per
 * file with problems (by base name: a problem names its file by path or by name), with their
 * count and text (store/return_receipt.h), in its own transaction. A failure to record it is
 * reported but does not change the outcome. */
static void record_refusals(const sg_cli *cli, sg_store *s, const sg_import_opts *opts,
                            const sg_partner_problems *ps)
{
    int64_t now = time(NULL);
    for (size_t i = 0; i < ps->n; i++) {
        bool first = true;
        for (size_t k = 0; k < i && first; k++)
            first = strcmp(sg_base_name(ps->p[k].file), sg_base_name(ps->p[i].file)) != 0;
        if (!first) continue;
        sg_buf detail;
        sg_buf_init(&detail, 65536);
        long count = 0;
        for (size_t k = i; k < ps->n; k++) {
            if (strcmp(sg_base_name(ps->p[k].file), sg_base_name(ps->p[i].file))) continue;
            sg_partner_problem p = ps->p[k];
            sg_strlcpy(p.file, sg_base_name(ps->p[k].file), sizeof p.file);
            char line[1024];
            sg_partner_problem_format(&p, line, sizeof line);
            sg_buf_printf(&detail, "%s%s", count ? "\n" : "", line);
            count++;
        }
        sg_error err;
        sg_error_clear(&err);
        if (sg_return_refusal_put(s, opts->agency, opts->period, ps->p[i].file, opts->user, count,
                                  sg_buf_str(&detail), opts->received, now, &err) != SG_OK &&
            !cli->quiet)
            fprintf(stderr, "safeguard: the refusal could not be recorded: %s\n", err.msg);
        sg_buf_fini(&detail);
    }
}

static void print_validation(const sg_cli *cli, const validation *v)
{
    if (cli->json) return;
    const long *f = v->total.findings;
    printf("validation: %ld error(s), %ld quer%s, %ld warning(s)%s\n", f[SG_SEV_ERROR],
           f[SG_SEV_QUERY], f[SG_SEV_QUERY] == 1 ? "y" : "ies", f[SG_SEV_WARNING],
           f[SG_SEV_ERROR] + f[SG_SEV_QUERY] + f[SG_SEV_WARNING]
               ? " (see 'safeguard validate SUBMISSION')"
               : "");
}

int cmd_import(const sg_cli *cli, int argc, char **argv)
{
    validation v;
    memset(&v, 0, sizeof v);
    const char *on_errors = NULL;
    sg_import_opts opts = {.user = getenv("USER")};
    if (!opts.user || !*opts.user) opts.user = "cli";
    const char *manifest = NULL, *max_size = NULL, *max_drop = NULL;
    const char **files = xcalloc((size_t)argc, sizeof *files);
    int nfiles = 0, code = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = NULL;
        if (strcmp(a, "--agency") == 0)
            slot = &opts.agency;
        else if (strcmp(a, "--period") == 0)
            slot = &opts.period;
        else if (strcmp(a, "--format") == 0)
            slot = &opts.format;
        else if (strcmp(a, "--user") == 0)
            slot = &opts.user;
        else if (strcmp(a, "--manifest") == 0)
            slot = &manifest;
        else if (strcmp(a, "--on-errors") == 0)
            slot = &on_errors;
        else if (strcmp(a, "--max-size") == 0)
            slot = &max_size;
        else if (strcmp(a, "--max-drop") == 0)
            slot = &max_drop;
        else if (strcmp(a, "--received") == 0)
            slot = &opts.received;
        else if (strcmp(a, "--confirm-replace") == 0) {
            opts.confirm_replace = true;
            continue;
        }
        if (slot) {
            if (i + 1 >= argc) {
                code = cli_usage(cli, "import", "%s needs a value", a);
                goto out;
            }
            *slot = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            code = cli_usage(cli, "import", "unknown option %s", a);
            goto out;
        } else {
            files[nfiles++] = a;
        }
    }
    if (on_errors && strcmp(on_errors, "store") != 0 && strcmp(on_errors, "refuse") != 0) {
        code = cli_usage(cli, "import", "--on-errors must be store or refuse");
        goto out;
    }
    if (max_size && (opts.max_bytes = parse_size(max_size)) < 0) {
        code = cli_usage(cli, "import", "--max-size must be a size such as 4G, 512M or 1048576");
        goto out;
    }
    if (max_drop) {
        char *end;
        long pct = strtol(max_drop, &end, 10);
        if (end == max_drop || *end || pct < 1 || pct > 100) {
            code = cli_usage(cli, "import", "--max-drop wants a whole per cent from 1 to 100");
            goto out;
        }
        opts.max_drop_pct = (int)pct;
    }
    if (opts.received && sg_return_received_parse(opts.received, &(sg_date){0}, NULL) != SG_OK) {
        code = cli_usage(cli, "import", "--received wants a date YYYY-MM-DD, not after today");
        goto out;
    }
    v.policy = on_errors && strcmp(on_errors, "refuse") == 0 ? SG_POLICY_REFUSE : SG_POLICY_STORE;
    opts.before_commit = validate_hook;
    opts.before_commit_ctx = &v;
    if (cli->progress) {
        opts.progress = progress;
    }
    if (!manifest && (nfiles == 0 || !opts.agency || !opts.period)) {
        code = cli_usage(cli, "import", "give FILE... with --agency and --period, or --manifest");
        goto out;
    }
    sg_store *s = NULL;
    sg_error err;
    sg_error_clear(&err);
    int rc = sg_store_open(cli->store, true, &s, &err);
    /* the audit trail's genesis step before the import adds submissions (docs/access.md) */
    if (!rc && (rc = sg_audit_seal(s, time(NULL), &err))) sg_store_close(s);
    if (rc) {
        code = cli_fail(cli, &err);
        goto out;
    }
    if (manifest) {
        sg_import_file_result *res = NULL;
        int n = 0;
        rc = sg_import_manifest(s, manifest, &opts, &res, &n, &err);
        if (rc == SG_OK) print_results(cli, res, n), print_validation(cli, &v);
        free(res);
    } else {
        sg_import_file_result *res = xcalloc((size_t)nfiles, sizeof *res);
        rc = sg_import_files(s, files, nfiles, &opts, res, &err);
        if (rc == SG_OK)
            print_results(cli, res, nfiles), print_validation(cli, &v);
        else if (v.partner.n)
            record_refusals(cli, s, &opts, &v.partner);
        free(res);
    }
    sg_store_close(s);
    if (rc && v.partner.n) { /* the whole list of what to fix, not just the first */
        fprintf(stderr, "safeguard: the partner return has %zu problem(s) to fix:\n", v.partner.n);
        for (size_t i = 0; i < v.partner.n; i++) {
            char line[1024];
            sg_partner_problem_format(&v.partner.p[i], line, sizeof line);
            fprintf(stderr, "  %s\n", line);
        }
    }
    sg_partner_problems_fini(&v.partner);
    if (rc) {
        fprintf(stderr, "safeguard: import failed; the store is unchanged\n");
        code = cli_fail(cli, &err);
    }
out:
    free(files);
    return code;
}

/* cmd_validate.c - the 'validate' verb: a stored submission (its return re-validated, findings
 * replaced in the store) or loose files (nothing stored), reported as a summary, CSV, JSON or
 * HTML. */
#include "cli/cli.h"

#include "core/file.h"
#include "core/mem.h"
#include "store/store.h"
#include "validate/engine.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A submission id: digits only, and not the name of an existing file. */
static int64_t as_submission(const char *a)
{
    if (!*a || strspn(a, "0123456789") != strlen(a) || strlen(a) > 18) return 0;
    struct stat st;
    if (stat(a, &st) == 0) return 0;
    return (int64_t)strtoll(a, NULL, 10);
}

/* Writes the report to out_path (beside it, then renamed, so a failure keeps the old file) or
 * to stdout. */
static int write_report(const sg_cli *cli, sqlite3 *db, const int64_t *subs, int nsubs,
                        sg_report_format fmt, const sg_report_opts *ro, const char *out_path)
{
    sg_error err;
    sg_error_clear(&err);
    if (!out_path) {
        int rc = sg_findings_report(db, subs, nsubs, fmt, ro, stdout, &err);
        return rc ? cli_fail(cli, &err) : 0;
    }
    if (sg_make_parent_dirs(out_path, &err)) return cli_fail(cli, &err);
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", out_path);
    FILE *fp = fopen(tmp, "wb");
    if (!fp) {
        sg_err_at(&err, SG_EIO, out_path, 0, 0, NULL, "cannot write: %s", strerror(errno));
        return cli_fail(cli, &err);
    }
    int rc = sg_findings_report(db, subs, nsubs, fmt, ro, fp, &err);
    if (fclose(fp) != 0 && !rc) rc = sg_err_at(&err, SG_EIO, out_path, 0, 0, NULL, "cannot write");
    if (!rc && rename(tmp, out_path) != 0)
        rc = sg_err_at(&err, SG_EIO, out_path, 0, 0, NULL, "cannot rename: %s", strerror(errno));
    if (rc) {
        remove(tmp);
        return cli_fail(cli, &err);
    }
    return 0;
}

int cmd_validate(const sg_cli *cli, int argc, char **argv)
{
    const char *fmt_s = NULL, *out = NULL, *as = NULL, *year_s = NULL, *first_s = NULL;
    const char **args = xcalloc((size_t)argc, sizeof *args);
    int nargs = 0, code = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = NULL;
        if (strcmp(a, "--format") == 0)
            slot = &fmt_s;
        else if (strcmp(a, "--out") == 0)
            slot = &out;
        else if (strcmp(a, "--as") == 0)
            slot = &as;
        else if (strcmp(a, "--year") == 0)
            slot = &year_s;
        else if (strcmp(a, "--first") == 0)
            slot = &first_s;
        if (slot) {
            if (i + 1 >= argc) {
                code = cli_usage(cli, "validate", "%s needs a value", a);
                goto done;
            }
            *slot = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            code = cli_usage(cli, "validate", "unknown option %s", a);
            goto done;
        } else {
            args[nargs++] = a;
        }
    }
    if (nargs == 0) {
        code = cli_usage(cli, "validate", "give a SUBMISSION id or FILE...");
        goto done;
    }
    int fmt = fmt_s       ? sg_report_format_parse(fmt_s)
              : cli->json ? SG_REPORT_JSON
                          : SG_REPORT_SUMMARY;
    if (fmt < 0) {
        code = cli_usage(cli, "validate", "--format must be summary, csv, json or html");
        goto done;
    }
    long year = 0, first = 0;
    char *end = NULL;
    if (year_s && ((year = strtol(year_s, &end, 10)) < 1990 || year > 2199 || *end)) {
        code = cli_usage(cli, "validate", "--year must be a collection year such as 2024");
        goto done;
    }
    if (first_s && ((first = strtol(first_s, &end, 10)) < 1 || first > 100000 || *end)) {
        code = cli_usage(cli, "validate", "--first must be a number from 1 to 100000");
        goto done;
    }
    sg_report_opts ro = {.first_n = (int)first};
    char title[512];
    sg_error err;
    sg_error_clear(&err);
    int64_t sub = nargs == 1 ? as_submission(args[0]) : 0;

    if (sub) {
        sg_store *s = NULL;
        int rc = sg_store_open(cli->store, false, &s, &err);
        if (rc) {
            code = cli_fail(cli, &err);
            goto done;
        }
        sg_validate_result res;
        rc = sg_validate_submission(s, sub, &res, &err);
        if (rc) {
            code = cli_fail(cli, &err);
        } else {
            snprintf(title, sizeof title, "Validation of submission %lld", (long long)sub);
            ro.title = title;
            code = write_report(cli, sg_store_db(s), res.subs, res.nsubs, (sg_report_format)fmt,
                                &ro, out);
        }
        sg_store_close(s);
        goto done;
    }

    /* Loose files: the store's key (when there is a store) gives findings the same child
     * pseudonyms as stored records; nothing is written to the store. */
    sg_store *s = NULL;
    sg_error ignore;
    if (sg_store_open(cli->store, false, &s, &ignore) != SG_OK) s = NULL;
    sqlite3 *db = NULL;
    int rc = sg_findings_open_scratch(&db, &err);
    if (rc) {
        code = cli_fail(cli, &err);
        sg_store_close(s);
        goto done;
    }
    sg_findings_writer w;
    rc = sg_findings_writer_init(&w, db, &err);
    sg_validate_file_opts fo = {
        .format = as, .year = (int)year, .pseudo = s ? sg_store_pseudo(s) : NULL};
    sg_validate_result res;
    if (!rc) {
        sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
        rc = sg_validate_files(args, nargs, &fo, sg_findings_write, &w, &res, &err);
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
        if (!rc && w.err.code) err = w.err, rc = w.err.code;
    }
    sg_findings_writer_fini(&w);
    if (rc) {
        code = cli_fail(cli, &err);
    } else {
        snprintf(title, sizeof title, "Validation of %s%s", args[0],
                 nargs > 1 ? " and others" : "");
        ro.title = title;
        code = write_report(cli, db, NULL, 0, (sg_report_format)fmt, &ro, out);
    }
    sqlite3_close(db);
    sg_store_close(s);
done:
    free(args);
    return code;
}

/* cmd_dataset.c - the 'dataset' verb: the multi-agency dataset for a period as CSV, JSON or the
 * HTML data booklet (analyst or public edition), and loading the partnership's targets and
 * comparator files into the store. docs/dataset.md describes the outputs. */
#include "cli/cli.h"
#include "cli/opts.h"

#include "core/file.h"
#include "core/buf.h"
#include "indicators/comparators.h"
#include "indicators/indicators.h"
#include "indicators/targets.h"
#include "registers/measure.h"
#include "report/booklet.h"
#include "store/store.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The catalogue the files are checked against while one loads (the CLI runs one at a time). */
static const sg_catalogue *known_cat;

/* A built-in indicator, a measure of the partnership's catalogue, or one category of a
 * measure's breakdown ("da_referrals.HIGH"), as the dataset names its items. */
static bool known_indicator(const char *id)
{
    if (sg_ind_find(id) || sg_cat_find(known_cat, id)) return true;
    const char *dot = strchr(id, '.');
    if (!dot || (size_t)(dot - id) >= 40) return false;
    char mid[40];
    snprintf(mid, sizeof mid, "%.*s", (int)(dot - id), id);
    const sg_cat_measure *m = sg_cat_find(known_cat, mid);
    for (size_t i = 0; m && i < m->nbreak; i++)
        if (strcmp(m->breakdown[i], dot + 1) == 0) return true;
    return false;
}

/* 'dataset targets FILE' and 'dataset comparators FILE'. */
static int load(const sg_cli *cli, const char *what, const char *path)
{
    sg_error err;
    sg_error_clear(&err);
    sg_store *s = NULL;
    int rc = sg_store_open(cli->store, false, &s, &err);
    if (rc) return cli_fail(cli, &err);
    long n = 0;
    sg_catalogue *cat = NULL;
    if ((rc = sg_measure_load_catalogue(s, &cat, &err))) {
        sg_store_close(s);
        return cli_fail(cli, &err);
    }
    known_cat = cat;
    if (strcmp(what, "targets") == 0)
        rc = sg_targets_load_file(s, path, known_indicator, &n, &err);
    else
        rc = sg_comparators_load_file(s, path, known_indicator, &n, &err);
    known_cat = NULL;
    sg_cat_free(cat);
    sg_store_close(s);
    if (rc) return cli_fail(cli, &err);
    if (cli->json) {
        json_t *o =
            json_pack("{s:s, s:s, s:I}", "loaded", what, "file", path, "rows", (json_int_t)n);
        if (o) {
            json_dumpf(o, stdout, JSON_COMPACT);
            fputc('\n', stdout);
            json_decref(o);
        }
    } else if (!cli->quiet) {
        printf("loaded %ld %s from %s\n", n, what, path);
    }
    return 0;
}

/* Writes data to path through a temporary file beside it and a rename, so a failure keeps any
 * older file. Analyst outputs are private (0600); public ones readable (0644). */
static int write_out(const char *path, const sg_buf *data, bool public_view, sg_error *err)
{
    if (strlen(path) > 4000) return sg_err(err, SG_EINVAL, "--out path is too long");
    if (sg_make_parent_dirs(path, err)) return err->code;
    return sg_write_file_atomic(path, data->data, data->len, public_view, err);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

int cmd_dataset(const sg_cli *cli, int argc, char **argv)
{
    const char *period = NULL, *format = NULL, *out_path = NULL, *partnership = NULL;
    const char *area = NULL, *csc = NULL;
    bool public_view = false;
    long threshold = 0, years = 0;
    if (argc >= 2 && (strcmp(argv[1], "targets") == 0 || strcmp(argv[1], "comparators") == 0)) {
        if (argc != 3) return cli_usage(cli, "dataset", "'dataset %s' takes one FILE", argv[1]);
        return load(cli, argv[1], argv[2]);
    }
    const cli_opt opts[] = {
        {"--period", &period, NULL},       {"--format", &format, NULL},
        {"--out", &out_path, NULL},        {"--partnership", &partnership, NULL},
        {"--area", &area, NULL},           {"--csc", &csc, NULL},
        {"--threshold", NULL, &threshold}, {"--years", NULL, &years}};
    int code = cli_parse_opts(cli, "dataset", argc, argv, opts, sizeof opts / sizeof opts[0],
                              &public_view);
    if (code >= 0) return code;
    if (!period) return cli_usage(cli, "dataset", "which --period? (e.g. 2023-24)");
    if (threshold < 0 || threshold > SG_DISCLOSURE_MAX_THRESHOLD)
        return cli_usage(cli, "dataset", "--threshold must be 1..%d", SG_DISCLOSURE_MAX_THRESHOLD);
    if (years < 0 || years > SG_BK_MAX_YEARS)
        return cli_usage(cli, "dataset", "--years must be 1..%d", SG_BK_MAX_YEARS);
    if (!format) {
        if (out_path && (ends_with(out_path, ".html") || ends_with(out_path, ".htm")))
            format = "html";
        else if (out_path && ends_with(out_path, ".json"))
            format = "json";
        else
            format = "csv";
    }
    if (strcmp(format, "csv") != 0 && strcmp(format, "json") != 0 && strcmp(format, "html") != 0)
        return cli_usage(cli, "dataset", "--format must be csv, json or html ('%s')", format);
    if (out_path && !*out_path) return cli_usage(cli, "dataset", "--out needs a file name");
    sg_ind_opts io;
    sg_ind_opts_init(&io);
    io.area = area;
    if (csc) {
        if (strcmp(csc, "cin") == 0)
            io.csc_source = SG_IND_CSC_CIN;
        else if (strcmp(csc, "annexa") == 0)
            io.csc_source = SG_IND_CSC_ANNEXA;
        else
            return cli_usage(cli, "dataset", "--csc must be cin or annexa ('%s')", csc);
    }

    sg_error err;
    sg_error_clear(&err);
    sg_store *s = NULL;
    int rc = sg_store_open(cli->store, false, &s, &err);
    if (rc) return cli_fail(cli, &err);
    sg_booklet b;
    sg_booklet_init(&b);
    sg_booklet_opts bo = {.public_view = public_view,
                          .threshold = (int)threshold,
                          .years = (int)years,
                          .partnership = partnership,
                          .ind = &io};
    rc = sg_booklet_build(s, period, &bo, &b, &err);
    sg_store_close(s);
    sg_buf out;
    sg_buf_init(&out, 0);
    if (!rc) {
        if (strcmp(format, "csv") == 0)
            rc = sg_booklet_csv(&b, &out, &err);
        else if (strcmp(format, "json") == 0)
            rc = sg_booklet_json(&b, &out, &err);
        else
            rc = sg_booklet_html(&b, &out, &err);
    }
    if (!rc) {
        if (out_path) {
            rc = write_out(out_path, &out, public_view, &err);
        } else if (out.len && fwrite(out.data, 1, out.len, stdout) != out.len) {
            rc = sg_err(&err, SG_EIO, "cannot write to standard output");
        }
    }
    size_t nitems = b.nitems;
    sg_booklet_fini(&b);
    sg_buf_fini(&out);
    if (rc) return cli_fail(cli, &err);
    if (out_path) {
        if (cli->json) {
            json_t *o =
                json_pack("{s:s, s:s, s:s, s:b, s:I}", "period", period, "format", format, "out",
                          out_path, "public", public_view, "indicators", (json_int_t)nitems);
            if (o) {
                json_dumpf(o, stdout, JSON_COMPACT);
                fputc('\n', stdout);
                json_decref(o);
            }
        } else if (!cli->quiet) {
            fprintf(stderr, "safeguard: wrote the %s dataset for %s (%zu indicators, %s) to %s\n",
                    format, period, nitems, public_view ? "public" : "analyst", out_path);
        }
    }
    return 0;
}

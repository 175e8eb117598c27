/* cmd_report.c - the 'report' verb: the partnership's yearly report for a financial year as
 * self-contained HTML, JSON or a PDF printed from the HTML by headless Chromium, analyst or
 * public edition. Everything but argument parsing and writing files is in the library
 * (report/yearly.h); docs/report.md describes the report. */
#include "cli/cmd_report.h"
#include "cli/opts.h"

#include "core/buf.h"
#include "core/date.h"
#include "core/file.h"
#include "core/mem.h"
#include "report/pdf.h"
#include "report/yearly.h"
#include "store/store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cmd_report(const sg_cli *cli, int argc, char **argv)
{
    const char *year = NULL, *out_dir = ".", *format = "html", *narr = NULL, *config = NULL;
    const char *as_at_text = NULL;
    bool public_view = false;
    const cli_opt opts[] = {{"--year", &year, NULL},     {"--out", &out_dir, NULL},
                            {"--format", &format, NULL}, {"--narrative", &narr, NULL},
                            {"--config", &config, NULL}, {"--as-at", &as_at_text, NULL}};
    int code =
        cli_parse_opts(cli, "report", argc, argv, opts, sizeof opts / sizeof opts[0], &public_view);
    if (code >= 0) return code;
    if (!year) return cli_usage(cli, "report", "which --year? (e.g. 2023-24)");
    bool want_html = false, want_json = false, want_pdf = false;
    {
        char fm[64];
        if (strlen(format) >= sizeof fm)
            return cli_usage(cli, "report", "--format must be html, pdf or json");
        sg_strlcpy(fm, format, sizeof fm);
        char *save = fm;
        for (char *p = fm; p; p = save) {
            char *comma = strchr(p, ',');
            if (comma) *comma = '\0';
            save = comma ? comma + 1 : NULL;
            if (strcmp(p, "html") == 0)
                want_html = true;
            else if (strcmp(p, "json") == 0)
                want_json = true;
            else if (strcmp(p, "pdf") == 0)
                want_pdf = true;
            else
                return cli_usage(cli, "report", "--format must be html, pdf or json ('%s')", p);
        }
    }
    sg_date as_at = SG_DATE_NONE;
    if (as_at_text) {
        as_at = sg_date_parse_iso(as_at_text, strlen(as_at_text));
        if (as_at == SG_DATE_NONE)
            return cli_usage(cli, "report", "--as-at needs a date YYYY-MM-DD ('%s')", as_at_text);
    }
    sg_error err;
    sg_error_clear(&err);
    if (sg_make_dirs(out_dir, &err)) return cli_fail(cli, &err); /* missing folders: 0700 */
    sg_yr_config *cfg = NULL;
    int rc = SG_OK;
    if (config) {
        cfg = xmalloc(sizeof *cfg);
        rc = sg_yr_config_load(config, cfg, &err);
        if (rc) {
            free(cfg);
            return cli_fail(cli, &err);
        }
    }
    sg_store *s = NULL;
    rc = sg_store_open(cli->store, false, &s, &err);
    if (rc) {
        free(cfg);
        return cli_fail(cli, &err);
    }
    sg_yr_report r;
    sg_yr_opts o = {.year = year,
                    .public_view = public_view,
                    .as_at = as_at,
                    .cfg = cfg,
                    .narrative_dir = narr};
    rc = sg_yr_build(s, &o, &r, &err);
    sg_store_close(s);
    free(cfg);
    if (rc) return cli_fail(cli, &err);

    char base[4200], path[4300];
    snprintf(base, sizeof base, "%s/yearly-report-%s%s", out_dir, r.year,
             public_view ? "-public" : "");
    json_t *outs = json_array();
    sg_buf buf;
    sg_buf_init(&buf, 0);
    if (want_json) {
        snprintf(path, sizeof path, "%s.json", base);
        rc = sg_yr_json(&r, &buf, &err);
        if (!rc) rc = sg_write_file_atomic(path, buf.data, buf.len, public_view, &err);
        if (!rc) json_array_append_new(outs, json_string(path));
    }
    if (!rc && (want_html || want_pdf)) {
        sg_buf_reset(&buf);
        snprintf(path, sizeof path, "%s.html", base);
        rc = sg_yr_html(&r, &buf, &err);
        if (!rc) rc = sg_write_file_atomic(path, buf.data, buf.len, public_view, &err);
        if (!rc) json_array_append_new(outs, json_string(path));
    }
    if (!rc && want_pdf) {
        char html[4300];
        snprintf(html, sizeof html, "%s.html", base);
        snprintf(path, sizeof path, "%s.pdf", base);
        rc = sg_pdf_print(html, path, 0, &err);
        if (!rc && !public_view) chmod(path, 0600);
        if (!rc) json_array_append_new(outs, json_string(path));
    }
    sg_buf_fini(&buf);
    if (!rc) {
        if (cli->json) {
            json_t *w = json_array();
            for (int i = 0; i < r.nwarn; i++)
                json_array_append_new(w, json_string(r.warnings[i]));
            json_t *o2 = json_pack("{s:s, s:b, s:O, s:o}", "year", r.year, "public", public_view,
                                   "outputs", outs, "warnings", w);
            if (o2) {
                json_dumpf(o2, stdout, JSON_COMPACT);
                fputc('\n', stdout);
                json_decref(o2);
            }
        } else {
            if (!cli->quiet)
                for (int i = 0; i < r.nwarn; i++)
                    fprintf(stderr, "safeguard report: warning: %s\n", r.warnings[i]);
            size_t i;
            json_t *p;
            json_array_foreach(outs, i, p) printf("%s\n", json_string_value(p));
        }
    }
    json_decref(outs);
    sg_yr_fini(&r);
    if (rc) return cli_fail(cli, &err);
    return 0;
}

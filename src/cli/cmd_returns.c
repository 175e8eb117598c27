/* cmd_returns.c - `safeguard returns`: partner returns as the business unit chases them - the
 * chase list (due), the calendar of a year, the data quality per organisation, and the
 * template an organisation fills in. Thin: registers/return_calendar.h and
 * registers/return_template.h do the work. */
#include "cli/cli.h"

#include "core/buf.h"
#include "core/date.h"
#include "core/file.h"
#include "core/period.h"
#include "registers/return_calendar.h"
#include "registers/return_template.h"
#include "registers/view.h"
#include "store/store.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static int print_doc(const sg_cli *cli, const sg_view_doc *doc, const char *what)
{
    if (cli->json) {
        json_t *o = sg_view_json(doc);
        json_object_set_new(o, "returns", json_string(what));
        json_dumpf(o, stdout, JSON_COMPACT);
        fputc('\n', stdout);
        json_decref(o);
        return 0;
    }
    sg_buf b;
    sg_buf_init(&b, 64u << 20);
    int ret = 0;
    if (sg_view_text(doc, &b)) {
        sg_error err;
        sg_error_clear(&err);
        sg_err(&err, SG_ELIMIT, "the view is too large");
        ret = cli_fail(cli, &err);
    } else {
        fputs(sg_buf_str(&b), stdout);
    }
    sg_buf_fini(&b);
    return ret;
}

static int template_out(const sg_cli *cli, sg_store *s, const char *org, const char *period,
                        const char *format, const char *out)
{
    sg_error err;
    sg_error_clear(&err);
    sg_tpl t;
    int ret = 0;
    if (sg_tpl_load(s, org, period, &t, &err)) {
        ret = cli_fail(cli, &err);
    } else if (strcmp(format, "xlsx") == 0) {
        if (sg_tpl_xlsx(&t, out, &err)) ret = cli_fail(cli, &err);
    } else {
        sg_out_file o;
        if (sg_out_open(&o, out, &err) || sg_out_commit(&o, sg_tpl_csv(&t, o.fp, &err), &err))
            ret = cli_fail(cli, &err);
    }
    if (!ret && !cli->quiet && !cli->json)
        fprintf(stderr, "%s: %zu row(s) for %s, %s (due %s)\n", out, t.n, t.organisation, t.period,
                sg_date_iso(t.due, (char[11]){0}));
    sg_tpl_fini(&t);
    return ret;
}

int cmd_returns(const sg_cli *cli, int argc, char **argv)
{
    if (argc < 2) return cli_usage(cli, "returns", "which? due, calendar, quality or template");
    const char *what = argv[1];
    const char *as_of_s = NULL, *year_s = NULL, *org = NULL, *period = NULL, *format = NULL,
               *out = NULL;
    for (int i = 2; i < argc; i++) {
        const char **slot = NULL;
        if (strcmp(argv[i], "--as-of") == 0)
            slot = &as_of_s;
        else if (strcmp(argv[i], "--year") == 0)
            slot = &year_s;
        else if (strcmp(argv[i], "--org") == 0)
            slot = &org;
        else if (strcmp(argv[i], "--period") == 0)
            slot = &period;
        else if (strcmp(argv[i], "--format") == 0)
            slot = &format;
        else if (strcmp(argv[i], "--out") == 0)
            slot = &out;
        else
            return cli_usage(cli, "returns", "unknown argument %s", argv[i]);
        if (i + 1 >= argc) return cli_usage(cli, "returns", "%s needs a value", argv[i]);
        *slot = argv[++i];
    }
    sg_date as_of = sg_date_today();
    if (as_of_s && (as_of = sg_date_parse_iso(as_of_s, strlen(as_of_s))) == SG_DATE_NONE)
        return cli_usage(cli, "returns", "--as-of needs a date YYYY-MM-DD");
    int fy = sg_fy_of(as_of);
    if (year_s) {
        char *end;
        long y = strtol(year_s, &end, 10);
        if (end == year_s || *end || y < 1990 || y > 2198)
            return cli_usage(cli, "returns",
                             "--year needs the year a financial year starts in (2024 = 2024-25)");
        fy = (int)y;
    }
    bool tpl = strcmp(what, "template") == 0;
    if (tpl) {
        if (!org || !period || !out)
            return cli_usage(cli, "returns", "template needs --org SHORT --period P --out FILE");
        if (!format) {
            size_t n = strlen(out);
            format = n > 5 && strcmp(out + n - 5, ".xlsx") == 0 ? "xlsx" : "csv";
        }
        if (strcmp(format, "csv") && strcmp(format, "xlsx"))
            return cli_usage(cli, "returns", "--format must be csv or xlsx");
    } else if (strcmp(what, "due") && strcmp(what, "calendar") && strcmp(what, "quality")) {
        return cli_usage(cli, "returns", "unknown '%s' (due, calendar, quality, template)", what);
    }
    sg_error err;
    sg_error_clear(&err);
    sg_store *s = NULL;
    if (sg_store_open(cli->store, false, &s, &err)) return cli_fail(cli, &err);
    int ret = 0;
    if (tpl) {
        ret = template_out(cli, s, org, period, format, out);
    } else {
        sg_view_doc doc;
        sg_view_doc_init(&doc);
        int rc;
        if (strcmp(what, "due") == 0)
            rc = sg_ret_due_doc(s, as_of, org, &doc, &err);
        else if (strcmp(what, "calendar") == 0)
            rc = sg_ret_calendar_doc(s, fy, as_of, org, &doc, &err);
        else
            rc = sg_ret_quality_doc(s, fy, as_of, org, &doc, &err);
        ret = rc ? cli_fail(cli, &err) : print_doc(cli, &doc, what);
        sg_view_doc_fini(&doc);
    }
    sg_store_close(s);
    return ret;
}

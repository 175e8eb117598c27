/* cmd_reconcile.c - the 'reconcile' verb: what agencies report about the same children and
 * events in a period, side by side (validate/reconcile.h). */
#include "cli/cli.h"

#include "core/file.h"
#include "store/store.h"
#include "validate/reconcile.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int cmd_reconcile(const sg_cli *cli, int argc, char **argv)
{
    const char *period = NULL, *fmt_s = NULL, *out = NULL;
    for (int i = 1; i < argc; i++) {
        const char **slot = NULL;
        if (strcmp(argv[i], "--period") == 0)
            slot = &period;
        else if (strcmp(argv[i], "--format") == 0)
            slot = &fmt_s;
        else if (strcmp(argv[i], "--out") == 0)
            slot = &out;
        if (!slot) return cli_usage(cli, "reconcile", "unknown argument %s", argv[i]);
        if (i + 1 >= argc) return cli_usage(cli, "reconcile", "%s needs a value", argv[i]);
        *slot = argv[++i];
    }
    if (!period) return cli_usage(cli, "reconcile", "give --period P");
    int fmt = cli->json ? 2 : 0;
    if (fmt_s) {
        if (strcmp(fmt_s, "summary") == 0)
            fmt = 0;
        else if (strcmp(fmt_s, "csv") == 0)
            fmt = 1;
        else if (strcmp(fmt_s, "json") == 0)
            fmt = 2;
        else
            return cli_usage(cli, "reconcile", "--format must be summary, csv or json");
    }
    sg_error err;
    sg_error_clear(&err);
    sg_store *s = NULL;
    int rc = sg_store_open(cli->store, false, &s, &err);
    if (rc) return cli_fail(cli, &err);
    FILE *fp = stdout;
    char tmp[4096];
    if (out && sg_make_parent_dirs(out, &err)) {
        sg_store_close(s);
        return cli_fail(cli, &err);
    }
    if (out) {
        snprintf(tmp, sizeof tmp, "%s.tmp", out);
        fp = fopen(tmp, "wb");
        if (!fp) {
            sg_store_close(s);
            sg_err_at(&err, SG_EIO, out, 0, 0, NULL, "cannot write: %s", strerror(errno));
            return cli_fail(cli, &err);
        }
    }
    rc = sg_reconcile_report(s, period, fmt, fp, &err);
    if (out) {
        if (fclose(fp) != 0 && !rc) rc = sg_err_at(&err, SG_EIO, out, 0, 0, NULL, "cannot write");
        if (!rc && rename(tmp, out) != 0)
            rc = sg_err_at(&err, SG_EIO, out, 0, 0, NULL, "cannot rename: %s", strerror(errno));
        if (rc) remove(tmp);
    }
    sg_store_close(s);
    return rc ? cli_fail(cli, &err) : 0;
}

/* cmd_export.c - the 'export' verb: one record type as CSV to stdout or a private file. */
#include "cli/cli.h"

#include "core/file.h"
#include "store/export.h"
#include "store/store.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cmd_export(const sg_cli *cli, int argc, char **argv)
{
    const char *type = NULL, *out_path = NULL;
    bool all = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
            out_path = argv[++i];
        else if (strncmp(argv[i], "--out=", 6) == 0)
            out_path = argv[i] + 6;
        else if (strcmp(argv[i], "--all") == 0)
            all = true;
        else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            char *help_argv[] = {"help", "export"};
            return cmd_help(cli, 2, help_argv);
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage(cli, "export", "unknown option '%s'", argv[i]);
        } else if (!type) {
            type = argv[i];
        } else {
            return cli_usage(cli, "export", "only one TYPE at a time ('%s')", argv[i]);
        }
    }
    if (!type) return cli_usage(cli, "export", "which TYPE? (e.g. referral, submissions)");
    if (out_path && !*out_path) return cli_usage(cli, "export", "--out needs a file name");

    sg_error err;
    sg_error_clear(&err);
    sg_store *s = NULL;
    int rc = sg_store_open(cli->store, false, &s, &err);
    if (rc) return cli_fail(cli, &err);

    sg_out_file of = {0};
    if (out_path) {
        /* Written beside the target and renamed at the end, so a failed export neither leaves
         * half a file nor destroys an earlier one; mkstemp makes it 0600 (child-level data). */
        if (strlen(out_path) > 4000) {
            sg_store_close(s);
            return cli_usage(cli, "export", "--out path is too long");
        }
        if (sg_make_parent_dirs(out_path, &err) || sg_out_open(&of, out_path, &err)) {
            sg_store_close(s);
            return cli_fail(cli, &err);
        }
    }
    rc = sg_store_export_csv(s, type, all, out_path ? of.fp : stdout, &err);
    sg_store_close(s);
    if (out_path) rc = sg_out_commit(&of, rc, &err);
    if (rc) return cli_fail(cli, &err);
    if (out_path) {
        if (cli->json) {
            json_t *o = json_pack("{s:s, s:s, s:b}", "type", type, "out", out_path, "all", all);
            if (o) {
                json_dumpf(o, stdout, JSON_COMPACT);
                fputc('\n', stdout);
                json_decref(o);
            }
        } else if (!cli->quiet) {
            fprintf(stderr, "safeguard: exported %s to %s\n", type, out_path);
        }
    }
    return 0;
}

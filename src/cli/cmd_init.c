/* cmd_init.c - the 'init' verb: create (or migrate) the store and say where it is. */
/* realpath() is XSI. */
#define _XOPEN_SOURCE 700

#include "cli/cli.h"

#include "access/access.h"
#include "store/store.h"

#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

int cmd_init(const sg_cli *cli, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            char *help_argv[] = {"help", "init"};
            return cmd_help(cli, 2, help_argv);
        }
        return cli_usage(cli, "init", "unexpected argument '%s'", argv[i]);
    }
    char db_path[PATH_MAX];
    snprintf(db_path, sizeof db_path, "%s/safeguard.db", cli->store);
    struct stat st;
    bool existed = stat(db_path, &st) == 0;

    sg_error err;
    sg_error_clear(&err);
    sg_store *s = NULL;
    int rc = sg_store_open(cli->store, true, &s, &err);
    if (rc) return cli_fail(cli, &err);
    /* the audit trail's keyed genesis entry (docs/access.md) */
    if ((rc = sg_audit_seal(s, time(NULL), &err))) {
        sg_store_close(s);
        return cli_fail(cli, &err);
    }
    int version = sg_store_schema_version(s);
    sg_store_close(s);

    char *abs = realpath(cli->store, NULL);
    const char *where = abs ? abs : cli->store;
    if (cli->json) {
        json_t *o = json_pack("{s:s, s:i, s:b, s:s, s:s, s:s}", "store", where, "schema_version",
                              version, "created", !existed, "database", "safeguard.db", "key_file",
                              "partnership.key", "originals", "originals/");
        if (o) {
            json_dumpf(o, stdout, JSON_COMPACT);
            fputc('\n', stdout);
            json_decref(o);
        }
    } else {
        printf("%s store %s (schema version %d)\n", existed ? "Opened" : "Created", where, version);
        if (!existed)
            printf("Back up %s/partnership.key somewhere safe: without it the pseudonyms in this\n"
                   "store cannot be matched to new returns.\n",
                   where);
    }
    free(abs);
    return 0;
}

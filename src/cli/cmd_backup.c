/* cmd_backup.c - the 'backup' and 'restore' verbs: a thin shell over store/backup.h, with the
 * audit trail (access.h) on both sides: the backup is recorded in the store it was taken of,
 * the restore in the restored store, whose chain is verified before it is put in place. */
/* realpath() is XSI. */
#define _XOPEN_SOURCE 700

#include "cli/cli.h"

#include "access/access.h"
#include "store/backup.h"

#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void print_json(json_t *o)
{
    if (!o) return;
    json_dumpf(o, stdout, JSON_COMPACT);
    fputc('\n', stdout);
    json_decref(o);
}

/* One positional argument, no options (but --help, and --check for restore). */
static int one_arg(const sg_cli *cli, const char *verb, int argc, char **argv, const char **arg,
                   bool *check)
{
    *arg = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
            return cmd_help(cli, 2, (char *[]){"help", (char *)verb, NULL}) == 0 ? -1 : 1;
        if (check && strcmp(a, "--check") == 0)
            *check = true;
        else if (a[0] == '-' && a[1])
            return cli_usage(cli, verb, "unknown option %s", a);
        else if (*arg)
            return cli_usage(cli, verb, "unexpected argument '%s'", a);
        else
            *arg = a;
    }
    if (!*arg)
        return cli_usage(cli, verb, "give the backup folder (%s)",
                         check ? "one made by 'safeguard backup'" : "new or empty");
    return 0;
}

int cmd_backup(const sg_cli *cli, int argc, char **argv)
{
    const char *dest = NULL;
    int u = one_arg(cli, "backup", argc, argv, &dest, NULL);
    if (u) return u < 0 ? 0 : u;
    sg_error err;
    sg_error_clear(&err);
    sg_store *s = NULL;
    /* As the store is: a backup never migrates (an old store is backed up at its schema). */
    if (sg_store_open_flags(cli->store, SG_STORE_NO_MIGRATE, &s, &err)) return cli_fail(cli, &err);
    sg_backup_info info;
    int rc = sg_backup(s, dest, &info, &err);
    if (rc) {
        sg_store_close(s);
        return cli_fail(cli, &err);
    }
    char *abs = realpath(dest, NULL);
    const char *where = abs ? abs : dest;
    if (cli->json)
        print_json(json_pack("{s:s, s:s, s:i, s:i, s:I, s:I, s:s}", "backup", where, "created_at",
                             info.created_at, "schema_version", info.schema_version, "files",
                             (int)info.files, "originals", (json_int_t)info.originals, "bytes",
                             (json_int_t)info.bytes, "manifest", "MANIFEST"));
    else
        printf("Backed up %s to %s: %ld files (%ld originals), %lld bytes, schema version %d\n",
               cli->store, where, info.files, info.originals, (long long)info.bytes,
               info.schema_version);
    fflush(stdout);
    /* The backup is complete. Recording it is a write: while an import holds the write lock
     * (the backup did not need it) the entry waits for that import to end, up to 30 minutes. */
    char detail[256];
    snprintf(detail, sizeof detail, "to %s: %ld files (%ld originals), %lld bytes, schema %d",
             where, info.files, info.originals, (long long)info.bytes, info.schema_version);
    free(abs);
    sqlite3_busy_timeout(sg_store_db(s), 30 * 60 * 1000);
    sg_principal me = sg_principal_cli();
    rc = sg_audit(s, &me, "backup", "store", detail, NULL, time(NULL), &err);
    sg_store_close(s);
    if (rc) {
        fprintf(stderr, "safeguard: the backup is complete but could not be recorded in the "
                        "audit trail\n");
        return cli_fail(cli, &err);
    }
    return 0;
}

/* Restore's extra check: the audit chain of the restored store, once it has one. */
static int verify_audit(void *ctx, sg_store *restored, sg_error *err)
{
    (void)ctx;
    sqlite3_stmt *st = NULL;
    int have = 0;
    if (sqlite3_prepare_v2(sg_store_db(restored),
                           "SELECT count(*) FROM sqlite_schema WHERE name = 'audit_log'", -1, &st,
                           NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        have = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    /* Stores older than the access layer's migration (schema 6) have no trail to verify. */
    if (!have && sg_store_schema_version(restored) < 6) return SG_OK;
    long checked = 0;
    int64_t first_bad = 0;
    sg_error inner;
    sg_error_clear(&inner);
    /* A backup from before the genesis entry is restored as that release left it, and its
     * trail is checked as that release checked it; the next open upgrades it (migration 9
     * then seals it with a genesis marker). */
    int rc = sg_store_schema_version(restored) < SG_AUDIT_GENESIS_SCHEMA
                 ? sg_audit_verify_legacy(restored, &checked, &first_bad, &inner)
                 : sg_audit_verify(restored, &checked, &first_bad, &inner);
    if (rc)
        return sg_err_at(err, SG_ECONFLICT, "safeguard.db", 0, 0, NULL,
                         "the audit trail does not verify (entry %lld): %s", (long long)first_bad,
                         inner.msg);
    return SG_OK;
}

int cmd_restore(const sg_cli *cli, int argc, char **argv)
{
    const char *src = NULL;
    bool check_only = false;
    int u = one_arg(cli, "restore", argc, argv, &src, &check_only);
    if (u) return u < 0 ? 0 : u;
    sg_error err;
    sg_error_clear(&err);
    sg_backup_info info;
    char *abs = realpath(src, NULL);
    const char *from = abs ? abs : src;
    if (check_only) {
        int rc = sg_backup_verify(src, &info, &err);
        if (!rc) {
            if (cli->json)
                print_json(json_pack("{s:b, s:s, s:s, s:i, s:i, s:I}", "ok", 1, "backup", from,
                                     "created_at", info.created_at, "schema_version",
                                     info.schema_version, "files", (int)info.files, "bytes",
                                     (json_int_t)info.bytes));
            else
                printf("Backup %s is complete: %ld files match its MANIFEST (made %s, schema "
                       "version %d)\n",
                       from, info.files, info.created_at, info.schema_version);
        }
        free(abs);
        return rc ? cli_fail(cli, &err) : 0;
    }
    int rc = sg_restore(src, cli->store, verify_audit, NULL, &info, &err);
    if (rc) {
        free(abs);
        return cli_fail(cli, &err);
    }
    sg_store *s = NULL;
    if (!(rc = sg_store_open_flags(cli->store, SG_STORE_NO_MIGRATE, &s, &err))) {
        char detail[256];
        snprintf(detail, sizeof detail, "from %s (made %s, schema %d, %ld files)", from,
                 info.created_at, info.schema_version, info.files);
        sg_principal me = sg_principal_cli();
        /* Recorded in a store of this release's schema; a store restored at an older schema is
         * left exactly as that release wrote it (so the older release can open it again). */
        if (info.schema_version == sg_schema_latest())
            rc = sg_audit(s, &me, "restore", "store", detail, NULL, time(NULL), &err);
        sg_store_close(s);
    }
    if (cli->json)
        print_json(json_pack("{s:s, s:s, s:s, s:i, s:i, s:I}", "store", cli->store, "backup", from,
                             "created_at", info.created_at, "schema_version", info.schema_version,
                             "files", (int)info.files, "bytes", (json_int_t)info.bytes));
    else
        printf("Restored %s into %s: %ld files checked against the MANIFEST, integrity and "
               "foreign keys%s verified (made %s, schema version %d)\n",
               from, cli->store, info.files, info.schema_version >= 6 ? " and audit trail" : "",
               info.created_at, info.schema_version);
    free(abs);
    return rc ? cli_fail(cli, &err) : 0;
}

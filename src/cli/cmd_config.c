/* cmd_config.c - the 'config' verb: the partnership's settings (store/setting.h) listed, read
 * and set. The command line is the administrator's (sg_principal_cli); every change is audited
 * in the same transaction as the change, with the old and the new value. */
#include "cli/cli.h"

#include "access/access.h"
#include "store/setting.h"
#include "store/store.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int show(const sg_cli *cli, sg_store *s, const sg_setting_info *info, sg_error *err)
{
    long long v = 0;
    int set = 0;
    int rc = sg_setting_get(s, info->name, &v, &set, err);
    if (rc) return rc;
    if (cli->json) {
        json_t *o = json_pack("{s:s, s:I, s:b, s:I, s:I, s:I}", "name", info->name, "value",
                              (json_int_t)v, "set", set, "default", (json_int_t)info->dflt, "min",
                              (json_int_t)info->min, "max", (json_int_t)info->max);
        json_dumpf(o, stdout, JSON_COMPACT);
        fputc('\n', stdout);
        json_decref(o);
    } else {
        printf("%s = %lld%s  (%lld-%lld: %s)\n", info->name, v, set ? "" : " (default)", info->min,
               info->max, info->meaning);
    }
    return SG_OK;
}

static int set_one(sg_store *s, const char *name, const char *value, sg_error *err)
{
    sg_principal me = sg_principal_cli();
    int64_t now = time(NULL);
    int rc = sg_audit_seal(s, now, err);
    if (rc) return rc;
    if ((rc = sg_store_begin(s, err))) return rc;
    long long old = 0;
    rc = sg_setting_set(s, name, value, me.username, now, &old, err);
    if (!rc) {
        char obj[96], detail[160];
        snprintf(obj, sizeof obj, "setting:%s", name);
        snprintf(detail, sizeof detail, "%s: %lld -> %s", name, old, value);
        rc = sg_audit(s, &me, "config_set", obj, detail, NULL, now, err);
    }
    if (!rc) rc = sg_store_commit(s, err);
    if (rc) sg_store_rollback(s);
    return rc;
}

int cmd_config(const sg_cli *cli, int argc, char **argv)
{
    const char *action = argc > 1 ? argv[1] : "list";
    bool list = strcmp(action, "list") == 0, get = strcmp(action, "get") == 0,
         set = strcmp(action, "set") == 0;
    if (!list && !get && !set) return cli_usage(cli, "config", "give an action: list, get or set");
    if ((list && argc > 2) || (get && argc != 3) || (set && argc != 4))
        return cli_usage(cli, "config", "usage: config list | get NAME | set NAME VALUE");
    sg_store *s = NULL;
    sg_error err;
    sg_error_clear(&err);
    int rc = sg_store_open(cli->store, false, &s, &err);
    if (rc) return cli_fail(cli, &err);
    int n = 0;
    const sg_setting_info *known = sg_settings_known(&n);
    if (set) rc = set_one(s, argv[2], argv[3], &err);
    for (int i = 0; i < n && !rc; i++)
        if (list || strcmp(known[i].name, argv[2]) == 0) rc = show(cli, s, &known[i], &err);
    if (!rc && get) {
        long long v;
        rc = sg_setting_get(s, argv[2], &v, NULL, &err); /* an unknown name's error */
    }
    sg_store_close(s);
    return rc ? cli_fail(cli, &err) : 0;
}

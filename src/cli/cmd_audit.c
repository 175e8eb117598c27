/* cmd_audit.c - the 'audit' verb: show the audit trail with filters, and verify its hash
 * chain (src/access/audit.c, docs/access.md). Reading the trail is itself audited. */
#include "cli/cli.h"

#include "access/access.h"
#include "core/date.h"
#include "core/mem.h"

#include <errno.h>
#include <jansson.h>
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

/* A date (YYYY-MM-DD, UTC; the start of the day, or its last second with end_of_day) or Unix
 * seconds. false when it is neither. */
static bool parse_when(const char *s, bool end_of_day, int64_t *out)
{
    size_t n = strlen(s);
    sg_date d = sg_date_parse_iso(s, n);
    if (n == 10 && d != SG_DATE_NONE) {
        *out = (int64_t)d * 86400 + (end_of_day ? 86399 : 0);
        return *out > 0;
    }
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v <= 0) return false;
    *out = v;
    return true;
}

typedef struct show_ctx {
    json_t *arr;
    long n;
} show_ctx;

static int show_one(void *ctx, const sg_audit_entry *e)
{
    show_ctx *c = ctx;
    char at[32];
    cli_iso_time(e->at, at);
    c->n++;
    if (c->arr) {
        json_array_append_new(c->arr, json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s}",
                                                "seq", (json_int_t)e->seq, "time", at, "at",
                                                (json_int_t)e->at, "user", e->username, "role",
                                                e->role, "action", e->action, "object", e->object,
                                                "detail", e->detail, "client", e->client));
        return 0;
    }
    printf("%6lld  %s  %s (%s)  %s  %s%s%s%s%s\n", (long long)e->seq, at, e->username, e->role,
           e->action, e->object[0] ? e->object : "-", e->detail[0] ? "  " : "", e->detail,
           e->client[0] ? "  from " : "", e->client);
    return 0;
}

typedef struct genesis_ctx {
    sg_audit_entry e;
    bool found;
} genesis_ctx;

static int first_genesis(void *ctx, const sg_audit_entry *e)
{
    genesis_ctx *g = ctx;
    if (!g->found) g->e = *e, g->found = true;
    return 0;
}

int cmd_audit(const sg_cli *cli, int argc, char **argv)
{
    sg_audit_filter f;
    memset(&f, 0, sizeof f);
    const char *action = NULL, *from = NULL, *to = NULL, *limit = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = NULL;
        if (strcmp(a, "--user") == 0)
            slot = &f.username;
        else if (strcmp(a, "--object") == 0)
            slot = &f.object;
        else if (strcmp(a, "--action") == 0)
            slot = &f.action;
        else if (strcmp(a, "--from") == 0)
            slot = &from;
        else if (strcmp(a, "--to") == 0)
            slot = &to;
        else if (strcmp(a, "--limit") == 0)
            slot = &limit;
        else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
            return cmd_help(cli, 2, (char *[]){"help", "audit", NULL});
        else if (a[0] == '-' && a[1])
            return cli_usage(cli, "audit", "unknown option %s", a);
        else if (!action) {
            action = a;
            continue;
        } else
            return cli_usage(cli, "audit", "unexpected argument '%s'", a);
        if (i + 1 >= argc) return cli_usage(cli, "audit", "%s needs a value", a);
        *slot = argv[++i];
    }
    if (!action || (strcmp(action, "show") != 0 && strcmp(action, "verify") != 0))
        return cli_usage(cli, "audit", "give an action: show or verify");
    bool verify = strcmp(action, "verify") == 0;
    if (verify && (f.username || f.object || f.action || from || to || limit))
        return cli_usage(cli, "audit", "verify takes no filters: it checks the whole trail");
    if (from && !parse_when(from, false, &f.from))
        return cli_usage(cli, "audit", "--from wants YYYY-MM-DD or Unix seconds, not '%s'", from);
    if (to && !parse_when(to, true, &f.to))
        return cli_usage(cli, "audit", "--to wants YYYY-MM-DD or Unix seconds, not '%s'", to);
    if (f.from && f.to && f.from > f.to) return cli_usage(cli, "audit", "--from is after --to");
    if (limit) {
        char *end;
        errno = 0;
        long v = strtol(limit, &end, 10);
        if (errno || end == limit || *end || v <= 0)
            return cli_usage(cli, "audit", "--limit wants a positive number, not '%s'", limit);
        f.limit = v;
    }
    sg_error err;
    sg_error_clear(&err);
    sg_store *s = NULL;
    sg_principal me = sg_principal_cli();
    int64_t now = time(NULL);
    int opened = cli_open_sealed(cli, now, &s, &err);
    if (opened) return opened;
    int code = 0;
    if (verify) {
        long checked = 0;
        int64_t first_bad = 0, head_seq = 0;
        char head[65];
        int rc = sg_audit_verify(s, &checked, &first_bad, &err);
        if (rc == SG_OK) rc = sg_audit_head(s, &head_seq, head, &err);
        if (rc == SG_ECONFLICT) {
            if (cli->json)
                print_json(json_pack("{s:b, s:i, s:I, s:s}", "ok", 0, "checked", (int)checked,
                                     "first_bad", (json_int_t)first_bad, "error", err.msg));
            fprintf(stderr, "safeguard: audit trail BROKEN at entry %lld: %s\n",
                    (long long)first_bad, err.msg);
            code = sg_status_exit(rc);
        } else if (rc) {
            code = cli_fail(cli, &err);
        } else {
            /* The genesis entry says when the trail began and what predates it: a genesis
             * later than the store's creation or upgrade means the trail was restarted. */
            genesis_ctx g = {0};
            sg_audit_filter gf = {.object = "audit:genesis", .action = "audit_genesis"};
            sg_audit_each(s, &gf, first_genesis, &g, NULL);
            char at[32];
            cli_iso_time(g.e.at, at);
            if (cli->json)
                print_json(json_pack("{s:b, s:I, s:I, s:s, s:{s:I, s:s, s:s}}", "ok", 1, "checked",
                                     (json_int_t)checked, "head_seq", (json_int_t)head_seq, "head",
                                     head, "genesis", "seq", (json_int_t)g.e.seq, "time", at,
                                     "detail", g.e.detail));
            else
                printf("audit trail verified: %ld entr%s, chain intact\nhead: entry %lld %s\n"
                       "genesis: entry %lld at %s: %s\n",
                       checked, checked == 1 ? "y" : "ies", (long long)head_seq,
                       head[0] ? head : "(empty)", (long long)g.e.seq, at, g.e.detail);
        }
        /* The check itself is recorded after it ran, so it never verifies its own entry. */
        char detail[96];
        snprintf(detail, sizeof detail, "verify: %s, %ld checked", rc ? "broken" : "ok", checked);
        sg_audit(s, &me, "view", "audit", detail, NULL, now, NULL);
    } else {
        show_ctx c = {.arr = cli->json ? json_array() : NULL};
        if (sg_audit_each(s, &f, show_one, &c, &err)) {
            json_decref(c.arr);
            code = cli_fail(cli, &err);
        } else {
            if (cli->json)
                print_json(c.arr);
            else
                printf("(%ld entr%s)\n", c.n, c.n == 1 ? "y" : "ies");
            char detail[256];
            snprintf(detail, sizeof detail, "show user=%s object=%s action=%s from=%s to=%s",
                     f.username ? f.username : "*", f.object ? f.object : "*",
                     f.action ? f.action : "*", from ? from : "*", to ? to : "*");
            if (sg_audit(s, &me, "view", "audit", detail, NULL, now, &err))
                code = cli_fail(cli, &err);
        }
    }
    sg_store_close(s);
    return code;
}

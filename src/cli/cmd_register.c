/* cmd_register.c - the 'register' verb: one shape for every register,
 *   safeguard register NAME add|update|list|show|import|export|template|log|view|fields ...
 * It only parses arguments, calls src/registers and prints (docs/registers.md). */
#include "cli/cli.h"

#include "access/access.h"
#include "core/file.h"
#include "core/buf.h"
#include "core/mem.h"
#include "registers/register.h"
#include "registers/view.h"
#include "cli/cmd_lado.h"
#include "registers/lado_views.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <unistd.h>

static const char *default_user(void)
{
    const char *u = getenv("USER");
    return u && *u ? u : "cli";
}

static void print_json(json_t *o)
{
    if (!o) return;
    json_dumpf(o, stdout, JSON_COMPACT);
    fputc('\n', stdout);
    json_decref(o);
}

static json_t *record_json(const sg_reg_record *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "key", json_string(r->key));
    json_t *f = json_object();
    for (int i = 0; i < r->reg->ncols; i++)
        json_object_set_new(f, r->reg->cols[i].name,
                            r->val[i] ? json_string(r->val[i]) : json_null());
    json_object_set_new(o, "fields", f);
    json_object_set_new(o, "created_at", json_string(r->created_at));
    json_object_set_new(o, "created_by", json_string(r->created_by));
    json_object_set_new(o, "updated_at", json_string(r->updated_at));
    json_object_set_new(o, "updated_by", json_string(r->updated_by));
    return o;
}

/* Lists the registers. */
static int list_registers(const sg_cli *cli)
{
    size_t n;
    const sg_register *const *all = sg_reg_all(&n);
    if (cli->json) {
        json_t *a = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(
                a, json_pack("{s:s, s:s}", "name", all[i]->name, "title", all[i]->title));
        print_json(a);
        return 0;
    }
    printf("registers:\n");
    for (size_t i = 0; i < n; i++)
        printf("  %-16s %s\n", all[i]->name, all[i]->title);
    printf("'safeguard register NAME fields' describes a register's columns and codes.\n");
    return 0;
}

static const char *type_name(const sg_reg_col *c)
{
    switch (c->type) {
    case SG_RT_TEXT:
        return "text";
    case SG_RT_INT:
        return "integer";
    case SG_RT_DATE:
        return "date";
    case SG_RT_ENUM:
        return c->flags & SG_RF_MULTI ? "codes" : "code";
    case SG_RT_MONEY:
        return "money";
    case SG_RT_AGENCY:
        return "agency";
    case SG_RT_REF:
        return "reference";
    case SG_RT_PSEUDONYM:
        return "child";
    case SG_RT_FLAG:
        return "Y/N";
    default:
        return "?";
    }
}

static int describe(const sg_register *reg)
{
    printf("%s: %s\n%s\n\ncolumns (template order):\n", reg->name, reg->title, reg->doc);
    for (int i = 0; i < reg->ncols; i++) {
        const sg_reg_col *c = &reg->cols[i];
        printf("  %-24s %-9s %s%s%s\n", c->name, type_name(c),
               c->flags & SG_RF_KEY        ? "[key] "
               : c->flags & SG_RF_REQUIRED ? "[required] "
                                           : "",
               c->flags & SG_RF_PAST ? "[not in the future] " : "", c->doc);
        if (c->key_default)
            printf("  %-24s           optional: when empty, %s is the key part\n", "",
                   c->key_default);
        if (c->not_before) printf("  %-24s           not before %s\n", "", c->not_before);
        if (c->type == SG_RT_REF && c->ref)
            printf("  %-24s           key of a %s record\n", "", c->ref);
        const sg_reg_code *codes = c->type == SG_RT_AGENCY ? NULL : c->codes;
        for (int k = 0; codes && codes[k].code; k++)
            printf("  %-24s           %-22s %s\n", "", codes[k].code, codes[k].label);
    }
    for (int v = 0; v < reg->nviews; v++) {
        if (!v) printf("\nviews ('safeguard register %s view NAME'):\n", reg->name);
        printf("  %-12s %s\n", reg->views[v].name, reg->views[v].summary);
    }
    return 0;
}

/* Splits "field=value" arguments into fields (pointing into argv, '=' replaced). */
static int parse_pairs(const sg_cli *cli, char **args, int n, sg_reg_field *fields)
{
    for (int i = 0; i < n; i++) {
        char *eq = strchr(args[i], '=');
        if (!eq || eq == args[i])
            return cli_usage(cli, "register", "expected FIELD=VALUE, got '%s'", args[i]);
        *eq = '\0';
        fields[i].name = args[i];
        fields[i].value = eq + 1;
    }
    return 0;
}

static int print_record(const sg_cli *cli, const sg_reg_record *r)
{
    if (cli->json) {
        print_json(record_json(r));
        return 0;
    }
    printf("%s %s\n", r->reg->name, r->key);
    for (int i = 0; i < r->reg->ncols; i++)
        printf("  %-24s %s\n", r->reg->cols[i].name, r->val[i] ? r->val[i] : "");
    printf("  %-24s %s by %s\n  %-24s %s by %s\n", "(created)", r->created_at, r->created_by,
           "(last changed)", r->updated_at, r->updated_by);
    return 0;
}

static int list_records(const sg_cli *cli, sg_store *s, const sg_register *reg)
{
    sg_error err;
    sg_error_clear(&err);
    sg_reg_set set;
    int rc = sg_reg_load(s, reg, &set, &err);
    if (rc) {
        sg_reg_set_fini(&set);
        return cli_fail(cli, &err);
    }
    if (cli->json) {
        json_t *a = json_array();
        for (size_t i = 0; i < set.n; i++)
            json_array_append_new(a, record_json(&set.rec[i]));
        print_json(a);
    } else {
        for (size_t i = 0; i < set.n; i++) {
            const sg_reg_record *r = &set.rec[i];
            printf("%s", r->key);
            for (int c = 0; c < reg->ncols; c++)
                if ((reg->cols[c].flags & SG_RF_BRIEF) && !(reg->cols[c].flags & SG_RF_KEY))
                    printf("  %s=%s", reg->cols[c].name, r->val[c] ? r->val[c] : "");
            printf("\n");
        }
        printf("(%zu record%s)\n", set.n, set.n == 1 ? "" : "s");
    }
    sg_reg_set_fini(&set);
    return 0;
}

static int print_change(void *ctx, const sg_reg_change *ch)
{
    const sg_cli *cli = ctx;
    if (cli->json) {
        print_json(json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s?, s:s, s:s?, s:s?}", "id",
                             (json_int_t)ch->id, "register", ch->reg, "key", ch->key, "at", ch->at,
                             "user", ch->user, "action", ch->action, "source", ch->source, "field",
                             ch->field, "old", ch->old_value, "new", ch->new_value));
        return 0;
    }
    printf("%s  %s  %s %s/%s  %s: '%s' -> '%s'%s%s\n", ch->at, ch->user, ch->action, ch->reg,
           ch->key, ch->field, ch->old_value ? ch->old_value : "",
           ch->new_value ? ch->new_value : "", ch->source ? "  from " : "",
           ch->source ? ch->source : "");
    return 0;
}

/* Writes the export to out_path through a private temporary file renamed at the end, so a
 * failed export never leaves half a file; NULL = stdout. */
static int export_to(const sg_cli *cli, sg_store *s, const sg_register *reg, const char *path,
                     bool template_only)
{
    sg_error err;
    sg_error_clear(&err);
    sg_out_file of = {0};
    if (path) {
        if (!*path || strlen(path) > 4000)
            return cli_usage(cli, "register", "--out needs a file name (up to 4000 bytes)");
        if (sg_make_parent_dirs(path, &err) || sg_out_open(&of, path, &err))
            return cli_fail(cli, &err);
    }
    FILE *out = path ? of.fp : stdout;
    int rc =
        template_only ? sg_reg_template_csv(reg, out, &err) : sg_reg_export_csv(s, reg, out, &err);
    if (path) rc = sg_out_commit(&of, rc, &err);
    return rc ? cli_fail(cli, &err) : 0;
}

static int parse_int(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi) return -1;
    *out = v;
    return 0;
}

/* A register change through the CLI, audited as the web's are ("change", object
 * register:NAME:KEY; an import, register:NAME), inside the change's transaction. */
static int audit_change(sg_store *s, const sg_register *reg, const char *key, bool upd, int changed,
                        const sg_reg_import_stats *st, sg_error *err)
{
    sg_principal me = sg_principal_cli();
    char obj[SG_REG_KEY_MAX + 64], detail[128];
    if (st) {
        snprintf(obj, sizeof obj, "register:%s", reg->name);
        snprintf(detail, sizeof detail, "import: %ld rows, %ld added, %ld updated", st->rows,
                 st->added, st->updated);
    } else {
        snprintf(obj, sizeof obj, "register:%s:%s", reg->name, key);
        if (upd)
            snprintf(detail, sizeof detail, "update: %d field(s) changed", changed);
        else
            snprintf(detail, sizeof detail, "add");
    }
    return sg_audit(s, &me, "change", obj, detail, NULL, time(NULL), err);
}

/* Commits when rc is SG_OK (returning the commit's status), else rolls back; with no
 * transaction open (begin failed) only returns rc. */
static int end_tx(sg_store *s, int rc, sg_error *err)
{
    if (sqlite3_get_autocommit(sg_store_db(s))) return rc;
    if (rc) {
        sg_store_rollback(s);
        return rc;
    }
    return sg_store_commit(s, err);
}

int cmd_register(const sg_cli *cli, int argc, char **argv)
{
    /* Options first (anywhere after the verb), then positionals: NAME ACTION ARGS... */
    const char *user = default_user(), *out_path = NULL, *agency = NULL;
    const char *today_s = NULL, *year_s = NULL, *days_s = NULL;
    char **pos = xcalloc((size_t)argc + 1, sizeof *pos);
    int npos = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = NULL;
        if (strcmp(a, "--user") == 0)
            slot = &user;
        else if (strcmp(a, "--out") == 0)
            slot = &out_path;
        else if (strcmp(a, "--agency") == 0)
            slot = &agency;
        else if (strcmp(a, "--today") == 0)
            slot = &today_s;
        else if (strcmp(a, "--year") == 0)
            slot = &year_s;
        else if (strcmp(a, "--days") == 0)
            slot = &days_s;
        else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            free(pos);
            char *help_argv[] = {"help", "register"};
            return cmd_help(cli, 2, help_argv);
        } else if (a[0] == '-' && a[1] == '-') {
            free(pos);
            return cli_usage(cli, "register", "unknown option '%s'", a);
        } else {
            pos[npos++] = argv[i];
            continue;
        }
        if (i + 1 >= argc) {
            free(pos);
            return cli_usage(cli, "register", "%s needs a value", a);
        }
        *slot = argv[++i];
    }
    int ret = 0;
    if (npos == 0) {
        ret = list_registers(cli);
        goto out;
    }
    const sg_register *reg = sg_reg_find(pos[0]);
    if (!reg && strcmp(pos[0], "lado") == 0) reg = &sg_reg_lado; /* rows of the lado table */
    if (!reg) {
        ret = cli_usage(cli, "register", "no register '%s' ('safeguard register' lists them)",
                        pos[0]);
        goto out;
    }
    const char *action = npos > 1 ? pos[1] : "fields";
    char **args = pos + 2;
    int nargs = npos > 2 ? npos - 2 : 0;
    if (strcmp(action, "fields") == 0) {
        ret = describe(reg);
        goto out;
    }
    if (strcmp(action, "template") == 0) {
        ret = export_to(cli, NULL, reg, out_path, true);
        goto out;
    }

    sg_reg_view_opts vo = {.today = SG_DATE_NONE, .agency = agency};
    if (today_s) {
        vo.today = sg_date_parse_iso(today_s, strlen(today_s));
        if (vo.today == SG_DATE_NONE) {
            ret = cli_usage(cli, "register", "--today needs a date YYYY-MM-DD");
            goto out;
        }
    }
    long v;
    if (year_s) {
        if (parse_int(year_s, 1900, 2199, &v)) {
            ret = cli_usage(cli, "register", "--year needs the year a financial year starts in");
            goto out;
        }
        vo.year = (int)v;
    }
    if (days_s) {
        if (parse_int(days_s, 1, 36500, &v)) {
            ret = cli_usage(cli, "register", "--days needs a number of days (1..36500)");
            goto out;
        }
        vo.days = (int)v;
    }

    sg_error err;
    sg_error_clear(&err);
    sg_store *s = NULL;
    if (sg_store_open(cli->store, false, &s, &err)) {
        ret = cli_fail(cli, &err);
        goto out;
    }
    if (reg == &sg_reg_lado && strcmp(action, "view") != 0) {
        ret = cli_lado(cli, s, action, args, nargs, user, out_path);
    } else if (strcmp(action, "add") == 0 || strcmp(action, "update") == 0) {
        bool upd = action[0] == 'u';
        if (upd && nargs < 1) {
            ret = cli_usage(cli, "register", "update needs the KEY of the record");
            goto close;
        }
        int skip = upd ? 1 : 0;
        if (nargs - skip < 1) {
            ret = cli_usage(cli, "register", "%s needs FIELD=VALUE arguments", action);
            goto close;
        }
        sg_reg_field *fields = xcalloc((size_t)(nargs - skip), sizeof *fields);
        ret = parse_pairs(cli, args + skip, nargs - skip, fields);
        if (!ret) {
            char key[SG_REG_KEY_MAX + 1] = "";
            int changed = 0;
            /* audited in the change's own transaction: audit verify checks that every register
             * change has its entry (docs/access.md) */
            int rc = sg_store_begin(s, &err);
            if (!rc && upd)
                rc = sg_reg_update(s, reg, args[0], fields, (size_t)(nargs - 1), user, &changed,
                                   &err);
            else if (!rc)
                rc = sg_reg_add(s, reg, fields, (size_t)nargs, user, key, &err);
            if (!rc) rc = audit_change(s, reg, upd ? args[0] : key, upd, changed, NULL, &err);
            rc = end_tx(s, rc, &err);
            if (rc) {
                ret = cli_fail(cli, &err);
            } else if (cli->json) {
                print_json(json_pack("{s:s, s:s, s:s, s:i}", "register", reg->name, "key",
                                     upd ? args[0] : key, "action", action, "changed",
                                     upd ? changed : -1));
            } else if (!cli->quiet) {
                if (upd)
                    printf("%s %s: %d field%s changed\n", reg->name, args[0], changed,
                           changed == 1 ? "" : "s");
                else
                    printf("%s %s: added\n", reg->name, key);
            }
        }
        free(fields);
    } else if (strcmp(action, "show") == 0) {
        if (nargs != 1) {
            ret = cli_usage(cli, "register", "show needs one KEY");
            goto close;
        }
        sg_reg_record r;
        if (sg_reg_get_record(s, reg, args[0], &r, &err))
            ret = cli_fail(cli, &err);
        else
            ret = print_record(cli, &r);
        sg_reg_record_fini(&r);
    } else if (strcmp(action, "list") == 0) {
        ret = list_records(cli, s, reg);
    } else if (strcmp(action, "log") == 0) {
        if (nargs > 1) {
            ret = cli_usage(cli, "register", "log takes at most one KEY");
            goto close;
        }
        if (sg_reg_log_each(s, reg, nargs ? args[0] : NULL, print_change, (void *)cli, &err))
            ret = cli_fail(cli, &err);
    } else if (strcmp(action, "import") == 0) {
        if (nargs != 1) {
            ret = cli_usage(cli, "register", "import needs one FILE (CSV in the template)");
            goto close;
        }
        FILE *fp = strcmp(args[0], "-") == 0 ? stdin : fopen(args[0], "rb");
        if (!fp) {
            sg_err_at(&err, SG_EIO, args[0], 0, 0, NULL, "cannot open: %s", strerror(errno));
            ret = cli_fail(cli, &err);
            goto close;
        }
        sg_reg_import_stats st;
        int rc = sg_store_begin(s, &err);
        if (!rc) rc = sg_reg_import_csv(s, reg, fp, args[0], user, &st, &err);
        if (!rc) rc = audit_change(s, reg, NULL, false, 0, &st, &err);
        rc = end_tx(s, rc, &err);
        if (fp != stdin) fclose(fp);
        if (rc) {
            ret = cli_fail(cli, &err);
        } else if (cli->json) {
            print_json(json_pack("{s:s, s:s, s:i, s:i, s:i, s:i}", "register", reg->name, "file",
                                 args[0], "rows", (int)st.rows, "added", (int)st.added, "updated",
                                 (int)st.updated, "unchanged", (int)st.unchanged));
        } else if (!cli->quiet) {
            printf("%s: %ld rows: %ld added, %ld updated, %ld unchanged\n", reg->name, st.rows,
                   st.added, st.updated, st.unchanged);
        }
    } else if (strcmp(action, "export") == 0) {
        ret = export_to(cli, s, reg, out_path, false);
    } else if (strcmp(action, "view") == 0) {
        if (nargs != 1 || reg->nviews == 0) {
            if (reg->nviews == 0)
                ret = cli_usage(cli, "register", "register %s has no views", reg->name);
            else
                ret = cli_usage(cli, "register",
                                "which view? ('safeguard register %s fields' "
                                "lists them)",
                                reg->name);
            goto close;
        }
        const sg_reg_view *rv = sg_reg_view_find(reg, args[0]);
        if (!rv) {
            ret = cli_usage(cli, "register", "register %s has no view '%s'", reg->name, args[0]);
            goto close;
        }
        /* one document, printed as aligned text or (--json) as its blocks */
        sg_view_doc doc;
        sg_view_doc_init(&doc);
        if (rv->fn(s, reg, &vo, &doc, &err)) {
            ret = cli_fail(cli, &err);
        } else if (cli->json) {
            json_t *o = sg_view_json(&doc);
            json_object_set_new(o, "register", json_string(reg->name));
            json_object_set_new(o, "view", json_string(rv->name));
            print_json(o);
        } else {
            sg_buf b;
            sg_buf_init(&b, 64u << 20);
            if (sg_view_text(&doc, &b)) {
                sg_err(&err, SG_ELIMIT, "the view is too large");
                ret = cli_fail(cli, &err);
            } else {
                fputs(sg_buf_str(&b), stdout);
            }
            sg_buf_fini(&b);
        }
        sg_view_doc_fini(&doc);
    } else {
        ret = cli_usage(cli, "register",
                        "unknown action '%s' (add, update, list, show, import, "
                        "export, template, log, view, fields)",
                        action);
    }
close:
    sg_store_close(s);
out:
    free(pos);
    return ret;
}

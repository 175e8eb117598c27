/* cmd_lado.c - 'safeguard register lado ACTION': the LADO register over the store's lado
 * table (src/registers/lado_views.h). Parses arguments, calls the library, prints. */
#include "cli/cmd_lado.h"

#include "core/file.h"
#include "core/mem.h"
#include "registers/lado_views.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int print_change(void *ctx, const sg_reg_change *ch)
{
    const sg_cli *cli = ctx;
    if (cli->json) {
        json_t *o =
            json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:s?}", "id", (json_int_t)ch->id,
                      "register", "lado", "key", ch->key, "at", ch->at, "user", ch->user, "action",
                      ch->action, "field", ch->field, "old", ch->old_value, "new", ch->new_value);
        if (o) {
            json_dumpf(o, stdout, JSON_COMPACT);
            fputc('\n', stdout);
            json_decref(o);
        }
        return 0;
    }
    printf("%s  %s  %s lado/%s  %s: '%s' -> '%s'\n", ch->at, ch->user, ch->action, ch->key,
           ch->field, ch->old_value ? ch->old_value : "", ch->new_value ? ch->new_value : "");
    return 0;
}

static void print_case(const sg_cli *cli, const sg_lado_case *c, bool full)
{
    char r[11], st[11], co[11];
    sg_date_iso(c->received, r);
    sg_date_iso(c->strategy, st);
    sg_date_iso(c->concluded, co);
    if (cli->json) {
        json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:b}", "lado_ref",
                              c->ref, "kind", c->kind, "received_date", r, "referring_agency",
                              c->agency, "employment_sector", c->sector, "category", c->category,
                              "initial_strategy_date", st, "concluded_date", co, "outcome",
                              c->outcome, "submission", (json_int_t)c->submission,
                              "entered_in_register", c->from_register);
        if (o) {
            json_dumpf(o, stdout, JSON_COMPACT);
            fputc('\n', stdout);
            json_decref(o);
        }
        return;
    }
    if (!full) {
        printf("%-16s %-9s %-10s %-14s %-12s %-12s %s\n", c->ref, c->kind, r, c->agency,
               c->category, c->outcome, c->from_register ? "register" : "return");
        return;
    }
    printf("lado %s\n  %-24s %s\n  %-24s %s\n  %-24s %s\n  %-24s %s\n  %-24s %s\n  %-24s %s\n"
           "  %-24s %s\n  %-24s %s\n  %-24s submission %lld (%s)\n",
           c->ref, "kind", c->kind, "received_date", r, "referring_agency", c->agency,
           "employment_sector", c->sector, "category", c->category, "initial_strategy_date", st,
           "concluded_date", co, "outcome", c->outcome, "(from)", (long long)c->submission,
           c->from_register ? "entered in the register" : "an agency/lado return");
}

int cli_lado(const sg_cli *cli, sg_store *s, const char *action, char **args, int nargs,
             const char *user, const char *out_path)
{
    sg_error err;
    sg_error_clear(&err);
    if (strcmp(action, "add") == 0 || strcmp(action, "update") == 0) {
        bool upd = action[0] == 'u';
        int skip = upd ? 1 : 0;
        if (nargs - skip < 1)
            return cli_usage(cli, "register", "lado %s needs %sFIELD=VALUE arguments", action,
                             upd ? "the case reference and " : "");
        sg_reg_field *fields = xcalloc((size_t)(nargs - skip), sizeof *fields);
        for (int i = skip; i < nargs; i++) {
            char *eq = strchr(args[i], '=');
            if (!eq || eq == args[i]) {
                free(fields);
                return cli_usage(cli, "register", "expected FIELD=VALUE, got '%s'", args[i]);
            }
            *eq = '\0';
            fields[i - skip].name = args[i];
            fields[i - skip].value = eq + 1;
        }
        int changed = 0;
        int rc = upd ? sg_lado_update(s, args[0], fields, (size_t)(nargs - 1), user, &changed, &err)
                     : sg_lado_add(s, fields, (size_t)nargs, user, &err);
        free(fields);
        if (rc) return cli_fail(cli, &err);
        if (!cli->quiet && !cli->json) {
            if (upd)
                printf("lado %s: %d field%s changed\n", args[0], changed, changed == 1 ? "" : "s");
            else
                printf("lado: added\n");
        }
        return 0;
    }
    if (strcmp(action, "list") == 0 || strcmp(action, "show") == 0) {
        bool show = action[0] == 's';
        if (show && nargs != 1) return cli_usage(cli, "register", "show needs one reference");
        sg_lado_case *cases = NULL;
        size_t n = 0;
        if (sg_lado_load(s, &cases, &n, &err)) return cli_fail(cli, &err);
        bool found = false;
        for (size_t i = 0; i < n; i++) {
            if (show && strcmp(cases[i].ref, args[0]) != 0) continue;
            found = true;
            print_case(cli, &cases[i], show);
        }
        free(cases);
        if (show && !found) {
            sg_err(&err, SG_ENOTFOUND, "no live LADO case has reference '%.60s'", args[0]);
            return cli_fail(cli, &err);
        }
        if (show && !cli->json && sg_lado_log_each(s, args[0], print_change, (void *)cli, &err))
            return cli_fail(cli, &err);
        return 0;
    }
    if (strcmp(action, "log") == 0) {
        if (sg_lado_log_each(s, nargs ? args[0] : NULL, print_change, (void *)cli, &err))
            return cli_fail(cli, &err);
        return 0;
    }
    if (strcmp(action, "export") == 0) {
        sg_out_file of = {0};
        if (out_path && sg_out_open(&of, out_path, &err)) return cli_fail(cli, &err);
        int rc = sg_lado_export_csv(s, out_path ? of.fp : stdout, &err);
        if (out_path) rc = sg_out_commit(&of, rc, &err);
        return rc ? cli_fail(cli, &err) : 0;
    }
    if (strcmp(action, "import") == 0)
        return cli_usage(cli, "register",
                         "LADO returns are imported as agency returns: safeguard import FILE "
                         "--format agency/lado --agency LADO --period YYYY-YY");
    return cli_usage(cli, "register",
                     "unknown action '%s' for lado (add, update, list, show, log, export, "
                     "template, view, fields)",
                     action);
}

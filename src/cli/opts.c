/* opts.c - the shared option loop of the dataset and report verbs. See opts.h. */
#include "cli/opts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int cli_parse_opts(const sg_cli *cli, const char *verb, int argc, char **argv, const cli_opt *opts,
                   size_t n, bool *public_view)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--public") == 0) {
            *public_view = true;
            continue;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            char *help_argv[] = {"help", (char *)verb};
            return cmd_help(cli, 2, help_argv);
        }
        const cli_opt *o = NULL;
        for (size_t k = 0; k < n && !o; k++)
            if (strcmp(a, opts[k].name) == 0) o = &opts[k];
        if (!o) return cli_usage(cli, verb, "unknown argument '%s'", a);
        if (!v) return cli_usage(cli, verb, "%s needs a value", a);
        i++;
        if (o->text) {
            *o->text = v;
        } else {
            char *end = NULL;
            errno = 0;
            long x = strtol(v, &end, 10);
            if (errno || !end || *end || end == v)
                return cli_usage(cli, verb, "%s needs a whole number ('%s')", a, v);
            *o->num = x;
        }
    }
    return -1;
}

/* cmd_generate.c - the 'generate' verb: parses the options, runs the synthetic partnership
 * generator (src/synth/synth.h) and reports where the files went. Progress goes to stderr only
 * when stderr is a terminal and --quiet was not given. */
#include "cli/cli.h"

#include "core/file.h"
#include "synth/synth.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static void progress(void *ctx, long long done, long long total)
{
    (void)ctx;
    fprintf(stderr, "\rgenerating: %3lld%%", total ? done * 100 / total : 100);
    if (done >= total) fputc('\n', stderr);
}

static int parse_long(const char *s, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end) return -1;
    *out = v;
    return 0;
}

int cmd_generate(const sg_cli *cli, int argc, char **argv)
{
    sg_synth_opts o;
    sg_synth_opts_init(&o);
    bool have_children = false, have_seed = false, have_years = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (i + 1 >= argc || a[0] != '-')
            return cli_usage(cli, "generate", "%s",
                             a[0] == '-' ? "option needs a value" : "unexpected argument");
        const char *v = argv[++i];
        long n;
        if (strcmp(a, "--children") == 0) {
            if (parse_long(v, &n)) return cli_usage(cli, "generate", "--children needs a number");
            o.children = n;
            have_children = true;
        } else if (strcmp(a, "--years") == 0) {
            if (parse_long(v, &n) || n < 1 || n > SG_SYNTH_MAX_YEARS)
                return cli_usage(cli, "generate", "--years must be 1..%d", SG_SYNTH_MAX_YEARS);
            o.years = (int)n;
            have_years = true;
        } else if (strcmp(a, "--seed") == 0) {
            char *end;
            errno = 0;
            unsigned long long s = strtoull(v, &end, 10);
            if (errno || end == v || *end || v[0] == '-')
                return cli_usage(cli, "generate", "--seed needs a non-negative number");
            o.seed = (uint64_t)s;
            have_seed = true;
        } else if (strcmp(a, "--out") == 0) {
            o.out = v;
        } else if (strcmp(a, "--faults") == 0) {
            char *end;
            errno = 0;
            double f = strtod(v, &end);
            if (errno || end == v || *end)
                return cli_usage(cli, "generate", "--faults needs a number 0..1");
            o.faults = f;
        } else if (strcmp(a, "--la-code") == 0) {
            o.la_code = v;
        } else if (strcmp(a, "--end-year") == 0) {
            if (parse_long(v, &n) || n < 2000 || n > 2100)
                return cli_usage(cli, "generate", "--end-year must be a year 2000..2100");
            o.end_year = (int)n;
        } else {
            return cli_usage(cli, "generate", "unknown option %s", a);
        }
    }
    if (!have_children || !have_years || !have_seed || !o.out)
        return cli_usage(cli, "generate", "--children, --years, --seed and --out are required");
    sg_error err;
    sg_error_clear(&err);
    int rc = sg_make_dirs(o.out, &err); /* missing folders: 0700 */
    if (!rc) rc = sg_synth_run(&o, cli->progress ? progress : NULL, NULL, &err);
    if (rc) return cli_fail(cli, &err);
    if (cli->json) {
        json_t *j = json_pack("{s:s, s:s}", "out", o.out, "manifest", "manifest.json");
        json_dumpf(j, stdout, JSON_COMPACT);
        fputc('\n', stdout);
        json_decref(j);
    } else {
        printf("wrote a synthetic partnership of %ld children, %d year(s), to %s "
               "(see %s/manifest.json)\n",
               o.children, o.years, o.out, o.out);
    }
    return 0;
}

/* opts.h - the option loop of the verbs that take only "--public", "--help" and "--name VALUE"
 * options (dataset, report): one table of names and slots instead of the same loop in each. */
#ifndef SG_CLI_OPTS_H
#define SG_CLI_OPTS_H

#include "cli/cli.h"

#include <stdbool.h>
#include <stddef.h>

/* One "--name VALUE" option: the value goes to *text, or, parsed as a whole number, to *num
 * (exactly one of the two is set). */
typedef struct cli_opt {
    const char *name;
    const char **text;
    long *num;
} cli_opt;

/* Parses argv[1..argc-1] for verb: "--public" sets *public_view, "--help" or "-h" prints the
 * verb's help, each option of opts (n of them) takes the next argument. Returns -1 when all
 * parsed, or the exit code to return (the help's, or a usage error: "unknown argument '%s'",
 * "%s needs a value", "%s needs a whole number ('%s')"). */
int cli_parse_opts(const sg_cli *cli, const char *verb, int argc, char **argv, const cli_opt *opts,
                   size_t n, bool *public_view);

#endif

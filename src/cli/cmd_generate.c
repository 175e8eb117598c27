/* cmd_generate.c - the 'generate' verb (placeholder until its library part lands). */
#include "cli/cli.h"

int cmd_generate(const sg_cli *cli, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    sg_error e = {.code = SG_EINVAL};
    return cli_fail(cli, &e);
}

/* cmd_import.c - the 'import' verb (placeholder until its library part lands). */
#include "cli/cli.h"

int cmd_import(const sg_cli *cli, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    sg_error e = {.code = SG_EINVAL};
    return cli_fail(cli, &e);
}

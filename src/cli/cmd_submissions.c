/* cmd_submissions.c - the 'submissions' verb (placeholder until its library part lands). */
#include "cli/cli.h"

int cmd_submissions(const sg_cli *cli, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    sg_error e = {.code = SG_EINVAL};
    return cli_fail(cli, &e);
}

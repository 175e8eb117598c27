/* cmd_reconcile.c - the 'reconcile' verb (placeholder until the reconciliation lands). */
#include "cli/cli.h"

int cmd_reconcile(const sg_cli *cli, int argc, char **argv)
{
    (void)argc, (void)argv;
    return cli_usage(cli, "reconcile", "not implemented yet");
}

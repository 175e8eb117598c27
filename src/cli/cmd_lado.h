/* cmd_lado.h - the LADO register's actions for 'safeguard register lado ...' (add, update,
 * list, show, log, export, import); fields, template and view go through the generic
 * register command, since sg_reg_lado describes the columns and views. */
#ifndef SG_CMD_LADO_H
#define SG_CMD_LADO_H

#include "cli/cli.h"
#include "store/store.h"

/* Runs action on the open store; returns the exit code. out_path NULL = stdout. */
int cli_lado(const sg_cli *cli, sg_store *s, const char *action, char **args, int nargs,
             const char *user, const char *out_path);

#endif

/* cmd_report.h - the 'report' verb (the yearly report); declared apart from cli.h so that
 * adding it touches no shared header. */
#ifndef SG_CMD_REPORT_H
#define SG_CMD_REPORT_H

#include "cli/cli.h"

int cmd_report(const sg_cli *cli, int argc, char **argv);

#endif

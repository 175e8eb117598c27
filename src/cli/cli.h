/* cli.h - the thin command-line shell over libsafeguard: global options, the verb table, and
 * the shared helpers for printing errors. Each verb lives in its own cmd_<verb>.c and only
 * parses arguments, calls the library and prints. */
#ifndef SG_CLI_H
#define SG_CLI_H

#include "core/sg.h"

struct sg_store;

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct sg_cli {
    const char *store; /* --store DIR, default ./safeguard-data */
    bool json;         /* --json: machine-readable output on stdout */
    bool quiet;        /* --quiet: no progress */
    bool progress;     /* stderr is a terminal and not --quiet */
    const char *prog;  /* argv[0] */
} sg_cli;

typedef struct sg_verb {
    const char *name;
    int (*run)(const sg_cli *cli, int argc, char **argv); /* returns an exit code */
    const char *summary;
    const char *usage; /* full help text for `safeguard help VERB` */
} sg_verb;

int cmd_init(const sg_cli *cli, int argc, char **argv);
int cmd_generate(const sg_cli *cli, int argc, char **argv);
int cmd_import(const sg_cli *cli, int argc, char **argv);
int cmd_submissions(const sg_cli *cli, int argc, char **argv);
int cmd_export(const sg_cli *cli, int argc, char **argv);
int cmd_status(const sg_cli *cli, int argc, char **argv);
int cmd_store(const sg_cli *cli, int argc, char **argv);
int cmd_config(const sg_cli *cli, int argc, char **argv);
int cmd_validate(const sg_cli *cli, int argc, char **argv);
int cmd_reconcile(const sg_cli *cli, int argc, char **argv);
int cmd_register(const sg_cli *cli, int argc, char **argv);
int cmd_dataset(const sg_cli *cli, int argc, char **argv);
int cmd_returns(const sg_cli *cli, int argc, char **argv);
int cmd_user(const sg_cli *cli, int argc, char **argv);
int cmd_audit(const sg_cli *cli, int argc, char **argv);
int cmd_serve(const sg_cli *cli, int argc, char **argv);
int cmd_backup(const sg_cli *cli, int argc, char **argv);
int cmd_restore(const sg_cli *cli, int argc, char **argv);
int cmd_help(const sg_cli *cli, int argc, char **argv);

/* Prints "safeguard: <formatted error>" to stderr (or a JSON error object to stdout with
 * --json) and returns the exit code for err->code. */
int cli_fail(const sg_cli *cli, const sg_error *err);
/* Prints a usage problem for verb and returns exit code 1. */
int cli_usage(const sg_cli *cli, const char *verb, const char *fmt, ...) SG_PRINTF(3, 4);

/* Opens the store at cli->store for a verb that changes it, and seals the audit trail first (a
 * store from before the genesis entry gets its marker now; a wiped trail is never sealed again,
 * docs/access.md). Returns 0 with *s open (the caller closes it), or prints err through cli_fail
 * and returns its exit code with *s NULL. */
int cli_open_sealed(const sg_cli *cli, int64_t now, struct sg_store **s, sg_error *err);

/* t (Unix seconds) as "YYYY-MM-DDTHH:MM:SSZ" in UTC, or "?" when it has no calendar date. */
void cli_iso_time(int64_t t, char out[32]);

const sg_verb *cli_verbs(int *n);

/* 'safeguard --version' (cmd_version.c); returns the exit code. */
int cli_version(const sg_cli *cli);
/* Writes the manual page safeguard(1) in roff to out (man.c); returns the exit code. */
int cli_man(FILE *out);

#endif

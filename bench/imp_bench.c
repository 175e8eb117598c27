/* imp_bench.c - times an import's two stages apart: reading the files into the store, and the
 * validation the CLI runs before COMMIT. Built and run by bench/import.sh and
 * bench/indicators.sh; not a test.
 * Usage: imp_bench STORE validate|novalidate --manifest MANIFEST
 *        imp_bench STORE validate|novalidate AGENCY PERIOD FILE...
 * The store must exist (safeguard init). Prints "import S", then "validate S" (when asked) and
 * "commit S" to stdout, each in seconds of wall-clock time. */
#include "store/import.h"
#include "store/store.h"
#include "validate/engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct stages {
    int validate;
    double t0, t_import, t_validate;
} stages;

static int hook(void *ctx, sg_store *s, const sg_import_file_result *results, int n,
                sg_error *err)
{
    stages *g = ctx;
    g->t_import = now();
    int rc = SG_OK;
    if (g->validate) {
        sg_validate_result total;
        memset(&total, 0, sizeof total);
        rc = sg_validate_imported(s, results, n, SG_POLICY_STORE, &total, err);
        fprintf(stderr, "findings: %ld error(s), %ld quer(ies), %ld warning(s)\n",
                total.findings[SG_SEV_ERROR], total.findings[SG_SEV_QUERY],
                total.findings[SG_SEV_WARNING]);
    }
    g->t_validate = now();
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: imp_bench STORE validate|novalidate (--manifest M | AGENCY "
                        "PERIOD FILE...)\n");
        return 1;
    }
    sg_error err;
    sg_error_clear(&err);
    sg_store *s = NULL;
    if (sg_store_open(argv[1], false, &s, &err)) {
        fprintf(stderr, "imp_bench: %s\n", err.msg);
        return 1;
    }
    stages g = {.validate = strcmp(argv[2], "validate") == 0};
    sg_import_opts opts = {.user = "bench", .before_commit = hook, .before_commit_ctx = &g};
    int rc;
    long recs = 0;
    g.t0 = now();
    if (strcmp(argv[3], "--manifest") == 0) {
        sg_import_file_result *res = NULL;
        int n = 0;
        rc = sg_import_manifest(s, argv[4], &opts, &res, &n, &err);
        for (int i = 0; !rc && i < n; i++)
            for (int t = 0; t < SG_REC__COUNT; t++) recs += res[i].stats.records[t];
        free(res);
    } else {
        opts.agency = argv[3];
        opts.period = argv[4];
        int n = argc - 5;
        sg_import_file_result *res = calloc((size_t)n + 1, sizeof *res);
        rc = sg_import_files(s, (const char *const *)argv + 5, n, &opts, res, &err);
        for (int i = 0; !rc && i < n; i++)
            for (int t = 0; t < SG_REC__COUNT; t++) recs += res[i].stats.records[t];
        free(res);
    }
    double t_end = now();
    sg_store_close(s);
    if (rc) {
        fprintf(stderr, "imp_bench: %s\n", err.msg);
        return 1;
    }
    printf("records %ld\nimport %.2f\n", recs, g.t_import - g.t0);
    if (g.validate) printf("validate %.2f\n", g.t_validate - g.t_import);
    printf("commit %.2f\n", t_end - g.t_validate);
    return 0;
}

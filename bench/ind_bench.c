/* ind_bench.c - times sg_ind_compute (every indicator, with the year-earlier comparison and
 * the year-end estimate) on an existing store. Built and run by bench/indicators.sh; not a
 * test. Usage: ind_bench STORE PERIOD RUNS. Prints one line per run: seconds, then a summary
 * line with a few figures so a broken store is noticed. */
#include "indicators/indicators.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: ind_bench STORE PERIOD RUNS\n");
        return 1;
    }
    sg_error err;
    sg_error_clear(&err);
    sg_store *s = NULL;
    if (sg_store_open(argv[1], false, &s, &err)) {
        fprintf(stderr, "ind_bench: %s\n", err.msg);
        return 1;
    }
    int runs = (int)strtol(argv[3], NULL, 10);
    for (int i = 0; i < runs; i++) {
        sg_ind_result *r = NULL;
        size_t n = 0;
        double t0 = now();
        if (sg_ind_compute(s, argv[2], &r, &n, &err)) {
            fprintf(stderr, "ind_bench: %s\n", err.msg);
            sg_store_close(s);
            return 1;
        }
        printf("%.3f\n", now() - t0);
        if (i == runs - 1) {
            const char *ids[] = {"referrals", "rereferrals_pct", "cp_at_end", "cla_at_end",
                                 "ass_45wd_pct"};
            fprintf(stderr, "%zu indicators;", n);
            for (size_t k = 0; k < sizeof ids / sizeof ids[0]; k++) {
                const sg_ind_result *x = sg_ind_result_find(r, n, ids[k]);
                fprintf(stderr, " %s=%.1f", ids[k], x->value);
            }
            fprintf(stderr, "\n");
        }
        sg_ind_results_free(r, n);
    }
    sg_store_close(s);
    return 0;
}

/* cmd_store.c - the 'store' verb: maintenance of the store directory. 'store sweep' clears
 * originals/ of what killed imports left (store/sweep.c). */
#include "cli/cli.h"

#include "store/store.h"

#include <jansson.h>
#include <string.h>

int cmd_store(const sg_cli *cli, int argc, char **argv)
{
    if (argc != 2 || strcmp(argv[1], "sweep") != 0)
        return cli_usage(cli, "store", "give an action: sweep");
    sg_store *s = NULL;
    sg_error err;
    sg_error_clear(&err);
    int rc = sg_store_open(cli->store, false, &s, &err);
    if (rc) return cli_fail(cli, &err);
    sg_sweep_stats st;
    rc = sg_store_sweep(s, &st, &err);
    sg_store_close(s);
    if (rc) return cli_fail(cli, &err);
    if (cli->json) {
        json_t *o = json_pack(
            "{s:I, s:I, s:I, s:I, s:I, s:I}", "temporary_removed", (json_int_t)st.temps_removed,
            "temporary_in_use", (json_int_t)st.temps_in_use, "unreferenced_removed",
            (json_int_t)st.unreferenced_removed, "kept", (json_int_t)st.kept, "old_names_left",
            (json_int_t)st.legacy_left, "other", (json_int_t)st.other);
        json_dumpf(o, stdout, JSON_COMPACT);
        fputc('\n', stdout);
        json_decref(o);
    } else {
        printf("originals: %ld kept; removed %ld left by killed imports (%ld unfinished, %ld "
               "that no submission refers to)",
               st.kept, st.temps_removed + st.unreferenced_removed, st.temps_removed,
               st.unreferenced_removed);
        if (st.temps_in_use) printf("; %ld being written now, left alone", st.temps_in_use);
        if (st.legacy_left)
            printf("; %ld still under an old (plaintext SHA-256) name that could not be renamed",
                   st.legacy_left);
        if (st.other) printf("; %ld other file(s) not ours, left alone", st.other);
        putchar('\n');
    }
    return 0;
}

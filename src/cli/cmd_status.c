/* cmd_status.c - the 'status' verb: what the store holds, by record type. */
#include "cli/cli.h"

#include "store/store.h"

#include <jansson.h>

int cmd_status(const sg_cli *cli, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    sg_store *s = NULL;
    sg_error err;
    sg_error_clear(&err);
    int rc = sg_store_open(cli->store, false, &s, &err);
    if (rc) return cli_fail(cli, &err);
    long counts[SG_REC__COUNT], rejected = 0;
    for (int t = 0; t < SG_REC__COUNT && rc == SG_OK; t++)
        rc = sg_store_count(s, (sg_rec_type)t, &counts[t], &err);
    if (rc == SG_OK) rc = sg_store_count_rejected(s, &rejected, &err);
    long subs = 0, current = 0;
    if (rc == SG_OK) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(sg_store_db(s),
                               "SELECT count(*), count(*) FILTER (WHERE superseded_by IS NULL) "
                               "FROM submission",
                               -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW) {
            subs = sqlite3_column_int64(st, 0);
            current = sqlite3_column_int64(st, 1);
        }
        sqlite3_finalize(st);
    }
    if (rc) {
        sg_store_close(s);
        return cli_fail(cli, &err);
    }
    if (cli->json) {
        json_t *c = json_object();
        for (int t = 0; t < SG_REC__COUNT; t++)
            json_object_set_new(c, sg_rec_type_name((sg_rec_type)t), json_integer(counts[t]));
        json_t *o = json_pack("{s:s, s:i, s:I, s:I, s:I, s:o}", "store", cli->store,
                              "schema_version", sg_store_schema_version(s), "submissions",
                              (json_int_t)subs, "current_submissions", (json_int_t)current,
                              "rejected_rows", (json_int_t)rejected, "records", c);
        json_dumpf(o, stdout, JSON_INDENT(1));
        fputc('\n', stdout);
        json_decref(o);
    } else {
        printf("store %s (schema %d): %ld submissions (%ld current), %ld rejected rows\n",
               cli->store, sg_store_schema_version(s), subs, current, rejected);
        printf("live records (children are distinct children with a current record):\n");
        for (int t = 0; t < SG_REC__COUNT; t++)
            printf("  %-14s %10ld\n", sg_rec_type_name((sg_rec_type)t), counts[t]);
    }
    sg_store_close(s);
    return 0;
}

/* cmd_version.c - 'safeguard --version': the release, the store schema version this code
 * writes, and the run-time versions of the libraries it runs against (core/deps.h). */
#include "cli/cli.h"

#include "core/deps.h"
#include "core/version.h"
#include "store/store.h"

#include <jansson.h>

int cli_version(const sg_cli *cli)
{
    sg_dep_version deps[SG_DEP_COUNT];
    sg_dep_versions(deps);
    if (cli->json) {
        json_t *libs = json_object();
        for (int i = 0; i < SG_DEP_COUNT; i++)
            json_object_set_new(libs, deps[i].name, json_string(deps[i].version));
        json_t *o = json_pack("{s:s, s:i, s:o}", "safeguard", sg_version(), "schema",
                              sg_schema_latest(), "libraries", libs);
        if (!o) return 70;
        json_dumpf(o, stdout, JSON_COMPACT);
        fputc('\n', stdout);
        json_decref(o);
        return 0;
    }
    printf("safeguard %s\n", sg_version());
    printf("store schema %d\n", sg_schema_latest());
    for (int i = 0; i < SG_DEP_COUNT; i++)
        printf("%s %s\n", deps[i].name, deps[i].version);
    return 0;
}

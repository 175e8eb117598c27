/* health.c - GET /healthz for load balancers and monitoring: no session, no audit entry, no
 * data; 200 {"status":"ok","schema":N,"version":"..."} when the store opens afresh (key file
 * and database, as a restart would) and answers a trivial query at the schema this code
 * expects, 503 {"status":"unavailable"} otherwise. A fresh handle, because the pooled ones
 * keep answering from their cache after the file under them is damaged. */
#include "web/web.h"

#include "core/version.h"
#include "store/store.h"

#include <jansson.h>

void sg_h_healthz(sg_web_ctx *c)
{
    sg_store *s = NULL;
    sg_error err;
    sg_error_clear(&err);
    int schema = -1;
    if (sg_store_open(sg_web_cfg(c->app)->store_dir, false, &s, &err) == SG_OK)
        schema = sg_store_schema_version(s);
    sg_store_close(s);
    json_t *j;
    if (schema != sg_schema_latest()) {
        j = json_pack("{s:s}", "status", "unavailable");
        sg_api_send(c, j);
        c->resp->status = 503;
        return;
    }
    j = json_pack("{s:s, s:i, s:s}", "status", "ok", "schema", schema, "version", sg_version());
    sg_api_send(c, j);
}

/* health.c - GET /healthz for load balancers and monitoring: no session, no audit entry, no
 * data; 200 {"status":"ok","schema":N,"version":"..."} when the store answers a trivial query
 * at the schema this code expects, 503 {"status":"unavailable"} otherwise. */
#include "web/web.h"

#include "core/version.h"
#include "store/store.h"

#include <jansson.h>

void sg_h_healthz(sg_web_ctx *c)
{
    int schema = c->store ? sg_store_schema_version(c->store) : -1;
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

/* router.c - the route table: every page and API endpoint with the method, the path pattern
 * and the capability it needs (checked by app.c before the handler runs; the scoped query
 * layer checks again below), and the most request body it takes. Matching is a pure function
 * of method and path. */
#include "web/web.h"

#include <string.h>

#define PUB SG_WEB_CAP_PUBLIC
#define ANY SG_WEB_CAP_LOGGED_IN
/* Request bodies (the last column): body.c refuses a larger one before reading it, and any
 * body on a route that takes none (NONE). */
#define NONE 0
#define SMALL SG_WEB_BODY_SMALL
#define FORM SG_WEB_BODY_FORM
#define FILE_BODY SG_WEB_MAX_BODY

static const sg_web_route routes[] = {
    {"GET", "/assets/app.css", PUB, 0, sg_h_asset_css, "style sheet", NONE},
    {"GET", "/", PUB, 0, sg_h_home, "start page", NONE},
    /* for load balancers and monitoring: no session, no audit, no data */
    {"GET", "/healthz", PUB, SG_WEB_R_API | SG_WEB_R_NO_SESSION, sg_h_healthz, "health check",
     NONE},
    {"GET", "/login", PUB, 0, sg_h_login_form, "login form", NONE},
    {"POST", "/login", PUB, SG_WEB_R_NO_CSRF, sg_h_login, "login", SMALL},
    {"GET", "/login/totp", PUB, SG_WEB_R_HALF_LOGIN, sg_h_totp_form, "second factor form", NONE},
    {"POST", "/login/totp", PUB, SG_WEB_R_HALF_LOGIN, sg_h_totp, "second factor", SMALL},
    {"POST", "/logout", PUB, SG_WEB_R_HALF_LOGIN, sg_h_logout, "logout", SMALL},
    /* serves the published yearly report file when present (the report itself is built and
     * published by the report module) */
    {"GET", "/report", PUB, 0, sg_h_report, "published report", NONE},
    {"GET", "/report/manage", SG_CAP_REPORT_PREVIEW, 0, sg_h_report_manage,
     "report: preview and publish", NONE},
    {"GET", "/report/preview", SG_CAP_REPORT_PREVIEW, 0, sg_h_report_preview, "report preview",
     NONE},
    {"POST", "/report/publish", SG_CAP_REPORT_PUBLISH, 0, sg_h_report_publish, "publish the report",
     SMALL},
    {"GET", "/submissions", SG_CAP_SUBMISSIONS, 0, sg_h_submissions, "submissions", NONE},
    {"GET", "/submissions/{}", SG_CAP_SUBMISSIONS, 0, sg_h_submission, "submission", NONE},
    {"GET", "/upload", SG_CAP_UPLOAD, 0, sg_h_upload_form, "upload form", NONE},
    {"POST", "/upload", SG_CAP_UPLOAD, SG_WEB_R_STREAM, sg_h_upload, "upload", FILE_BODY},
    /* partner returns: the calendar (agency data owners: their own), the template and the form
     * with just the organisation's measures (imported as an upload of the return) */
    {"GET", "/returns", SG_CAP_SUBMISSIONS, 0, sg_h_returns, "partner returns", NONE},
    {"GET", "/returns/template", SG_CAP_UPLOAD, 0, sg_h_return_template, "return template", NONE},
    {"GET", "/returns/form", SG_CAP_UPLOAD, 0, sg_h_return_form, "return form", NONE},
    {"POST", "/returns/form", SG_CAP_UPLOAD, 0, sg_h_return_submit, "send a return", FORM},
    {"GET", "/reconcile", SG_CAP_SUBMISSIONS, 0, sg_h_reconcile, "reconciliation", NONE},
    {"GET", "/dataset", SG_CAP_DATASET, 0, sg_h_dataset, "dataset dashboard", NONE},
    {"GET", "/actions", SG_CAP_REGISTERS_READ, 0, sg_h_actions, "action tracker", NONE},
    {"GET", "/actions/{}", SG_CAP_REGISTERS_READ, 0, sg_h_action, "action", NONE},
    {"POST", "/actions/{}", SG_CAP_REGISTERS_WRITE, 0, sg_h_action_update, "action update", FORM},
    {"GET", "/registers", SG_CAP_REGISTERS_READ, 0, sg_h_registers, "registers", NONE},
    {"GET", "/registers/{}", SG_CAP_REGISTERS_READ, 0, sg_h_register, "register", NONE},
    {"POST", "/registers/{}", SG_CAP_REGISTERS_WRITE, 0, sg_h_register_add, "add a record", FORM},
    {"GET", "/registers/{}/{*}", SG_CAP_REGISTERS_READ, 0, sg_h_register_record, "record", NONE},
    {"POST", "/registers/{}/{*}", SG_CAP_REGISTERS_WRITE, 0, sg_h_register_record_update,
     "change a record", FORM},
    {"GET", "/audit", SG_CAP_AUDIT, 0, sg_h_audit, "audit trail", NONE},
    {"GET", "/api/me", ANY, SG_WEB_R_API, sg_h_api_me, "api: who am I", NONE},
    {"GET", "/api/submissions", SG_CAP_SUBMISSIONS, SG_WEB_R_API, sg_h_api_submissions,
     "api: submissions", NONE},
    {"GET", "/api/submissions/{}", SG_CAP_SUBMISSIONS, SG_WEB_R_API, sg_h_api_submission,
     "api: submission with findings", NONE},
    {"GET", "/api/dataset", SG_CAP_DATASET, SG_WEB_R_API, sg_h_api_dataset, "api: dataset", NONE},
    {"GET", "/api/actions", SG_CAP_REGISTERS_READ, SG_WEB_R_API, sg_h_api_actions,
     "api: action tracker", NONE},
    {"GET", "/api/registers/{}", SG_CAP_REGISTERS_READ, SG_WEB_R_API, sg_h_api_register,
     "api: register records", NONE},
    {"GET", "/api/returns", SG_CAP_SUBMISSIONS, SG_WEB_R_API, sg_h_api_returns,
     "api: partner returns", NONE},
    {"GET", "/api/reconcile", SG_CAP_SUBMISSIONS, SG_WEB_R_API, sg_h_api_reconcile,
     "api: reconciliation", NONE},
    {"GET", "/api/audit", SG_CAP_AUDIT, SG_WEB_R_API, sg_h_api_audit, "api: audit trail", NONE},
};

const sg_web_route *sg_web_routes(size_t *n)
{
    *n = sizeof routes / sizeof routes[0];
    return routes;
}

bool sg_web_route_allows(const sg_web_route *rt, bool authenticated, const sg_principal *who)
{
    if (rt->cap == SG_WEB_CAP_PUBLIC) return true;
    if (!authenticated) return false;
    return rt->cap < 0 || sg_can(who, (sg_cap)rt->cap);
}

/* Matches pattern against path segment by segment; fills params. */
static bool match(const char *pat, const char *path, char params[][SG_WEB_MAX_PARAM], int *np)
{
    int n = 0;
    const char *p = pat, *s = path;
    while (*p && *s) {
        if (p[0] == '{' && p[1] == '*' && p[2] == '}' && p[3] == '\0') {
            /* the rest of the path, slashes included: composite register keys ("A/C01") */
            size_t len = strlen(s);
            if (len == 0 || len >= SG_WEB_MAX_PARAM || n >= SG_WEB_MAX_PARAMS) return false;
            memcpy(params[n], s, len + 1);
            n++;
            p += 3;
            s += len;
            break;
        }
        if (p[0] == '{' && p[1] == '}') {
            const char *e = s;
            while (*e && *e != '/')
                e++;
            size_t len = (size_t)(e - s);
            if (len == 0 || len >= SG_WEB_MAX_PARAM || n >= SG_WEB_MAX_PARAMS) return false;
            memcpy(params[n], s, len);
            params[n][len] = '\0';
            n++;
            p += 2;
            s = e;
        } else {
            if (*p != *s) return false;
            p++, s++;
        }
    }
    /* a trailing slash is the same page ("/submissions/") */
    if (*p == '\0' && s[0] == '/' && s[1] == '\0' && s != path) s++;
    if (*p || *s) return false;
    *np = n;
    return true;
}

const sg_web_route *sg_web_route_match(const char *method, const char *path,
                                       char params[SG_WEB_MAX_PARAMS][SG_WEB_MAX_PARAM],
                                       int *nparams, bool *method_ok)
{
    *nparams = 0;
    *method_ok = true;
    if (!method || !path || path[0] != '/') return NULL;
    bool other = false;
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        int np = 0;
        if (!match(routes[i].pattern, path, params, &np)) continue;
        if (strcmp(routes[i].method, method) == 0) {
            *nparams = np;
            return &routes[i];
        }
        other = true;
    }
    if (other) *method_ok = false;
    return NULL;
}

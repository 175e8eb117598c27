/* run.c - running rules over trees (sg_vrun), the reporting helpers rules call, rule tables
 * lookup, and the list of identifying fields whose values findings never carry. */
#include "validate/validate.h"

#include "core/period.h"
#include "core/buf.h"
#include "core/mem.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct sg_vrun {
    const sg_rule *rules;
    size_t nrules;
    sg_vcollection coll;
    const char *file;
    sqlite3 *db;
    int64_t submission;
    sg_finding_fn fn;
    void *ud;
    void **state;     /* per rule, from sg_vstate */
    sg_arena scratch; /* reset after each child */
    int rc;           /* first error (from the callback or sg_vctx_fail) */
    sg_error err;
    long counts[SG_SEV__COUNT];
};

const char *sg_severity_name(sg_severity s)
{
    switch (s) {
    case SG_SEV_ERROR:
        return "error";
    case SG_SEV_QUERY:
        return "query";
    case SG_SEV_WARNING:
        return "warning";
    default:
        return "?";
    }
}

int sg_severity_parse(const char *s)
{
    for (int i = 0; s && i < SG_SEV__COUNT; i++)
        if (strcmp(s, sg_severity_name((sg_severity)i)) == 0) return i;
    return -1;
}

const char *sg_rule_family_name(sg_rule_family f)
{
    static const char *const names[SG_FAMILY__COUNT] = {"cin", "903", "annexa", "agency", "sg"};
    return (unsigned)f < SG_FAMILY__COUNT ? names[f] : "?";
}

void sg_vcollection_for_year(sg_vcollection *c, int year)
{
    memset(c, 0, sizeof *c);
    c->year = year;
    c->start = sg_date_from_ymd(year - 1, 4, 1);
    c->ref_date = sg_date_from_ymd(year, 3, 31);
    sg_fy_text(year - 1, c->period);
}

const sg_rule *sg_rules_of(sg_rule_family f, size_t *count)
{
    switch (f) {
    case SG_FAMILY_CIN:
        *count = sg_rules_cin_count;
        return sg_rules_cin;
    case SG_FAMILY_903:
        *count = sg_rules_903_count;
        return sg_rules_903;
    case SG_FAMILY_SG:
        *count = sg_rules_sg_count;
        return sg_rules_sg;
    default:
        *count = 0;
        return NULL;
    }
}

const sg_rule *sg_rule_find(const char *id)
{
    for (int f = 0; id && f < SG_FAMILY__COUNT; f++) {
        size_t n;
        const sg_rule *t = sg_rules_of((sg_rule_family)f, &n);
        for (size_t i = 0; i < n; i++)
            if (t[i].id && strcmp(t[i].id, id) == 0) return &t[i];
    }
    return NULL;
}

bool sg_validate_field_sensitive(const char *field)
{
    /* Compared case-insensitively: the same names turn up as XML elements, 903 columns and
     * our template columns. */
    static const char *const names[] = {
        /* CIN census */
        "LAchildID", "UPN", "FormerUPN", "PersonBirthDate", "ExpectedPersonBirthDate",
        "PersonDeathDate",
        /* SSDA903 */
        "CHILD", "CHILDID", "DOB", "MC_DOB", "HOME_POST", "PL_POST",
        /* agency templates */
        "child_la_id", "nhs_number", "surname", "forename", "date_of_birth",
        /* Annex A */
        "Child Unique ID", "ChildUniqueID", "Date of Birth", "DateOfBirth", "Forename", "Surname",
        "NHS Number", "Postcode"};
    if (!field) return false;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(field, names[i]) == 0) return true;
    return false;
}

sg_vrun *sg_vrun_new(const sg_rule *rules, size_t nrules, const sg_vcollection *coll,
                     const char *file, sqlite3 *db, int64_t submission, sg_finding_fn fn, void *ud)
{
    sg_vrun *r = xcalloc(1, sizeof *r);
    r->rules = rules;
    r->nrules = nrules;
    if (coll) r->coll = *coll;
    r->file = file ? file : "";
    r->db = db;
    r->submission = submission;
    r->fn = fn;
    r->ud = ud;
    r->state = nrules ? xcalloc(nrules, sizeof *r->state) : NULL;
    sg_arena_init(&r->scratch, 16 * 1024);
    return r;
}

void sg_vrun_free(sg_vrun *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->nrules; i++)
        free(r->state[i]);
    free(r->state);
    sg_arena_fini(&r->scratch);
    free(r);
}

long sg_vrun_count(const sg_vrun *r, sg_severity s)
{
    return (unsigned)s < SG_SEV__COUNT ? r->counts[s] : 0;
}

static void ctx_init(sg_vrun *r, sg_vctx *ctx)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->coll = &r->coll;
    ctx->file = r->file;
    ctx->child_id = "";
    ctx->db = r->db;
    ctx->submission = r->submission;
    ctx->scratch = &r->scratch;
    ctx->run = r;
}

/* Runs one check and turns a failure into the run's error. */
static int run_check(sg_vrun *r, sg_vctx *ctx, const sg_rule *rule, sg_rule_check fn, sg_error *err)
{
    int rc = fn(ctx, rule);
    if (!rc) rc = r->rc;
    if (rc) {
        if (!r->rc) {
            r->rc = rc;
            sg_err(&r->err, rc, "rule %s failed", rule->id ? rule->id : "?");
        }
        if (err) *err = r->err;
    }
    return rc;
}

int sg_vrun_child(sg_vrun *r, const sg_vnode *header, const sg_vnode *child, const sg_vnode *prev,
                  const char *child_id, sg_error *err)
{
    if (r->rc) {
        if (err) *err = r->err;
        return r->rc;
    }
    sg_vctx ctx;
    ctx_init(r, &ctx);
    ctx.header = header;
    ctx.child = child;
    ctx.prev = prev;
    ctx.child_id = child_id ? child_id : "";
    int rc = SG_OK;
    for (size_t i = 0; i < r->nrules && !rc; i++) {
        const sg_rule *rule = &r->rules[i];
        if (rule->family == SG_FAMILY_SG || !rule->check) continue;
        rc = run_check(r, &ctx, rule, rule->check, err);
    }
    sg_arena_reset(&r->scratch);
    return rc;
}

int sg_vrun_finish(sg_vrun *r, sg_error *err)
{
    if (r->rc) {
        if (err) *err = r->err;
        return r->rc;
    }
    sg_vctx ctx;
    ctx_init(r, &ctx);
    int rc = SG_OK;
    for (size_t i = 0; i < r->nrules && !rc; i++) {
        const sg_rule *rule = &r->rules[i];
        sg_rule_check fn = rule->family == SG_FAMILY_SG ? rule->check : rule->finish;
        if (fn) rc = run_check(r, &ctx, rule, fn, err);
        sg_arena_reset(&r->scratch);
    }
    return rc;
}

void *sg_vstate(sg_vctx *ctx, const sg_rule *rule, size_t size)
{
    sg_vrun *r = ctx->run;
    size_t i = (size_t)(rule - r->rules);
    /* A rule from another table (a test calling a helper) still gets state, in slot 0 of a run
     * of that one rule; anything else is a programming error. */
    if (i >= r->nrules) abort();
    if (!r->state[i]) r->state[i] = xcalloc(1, size ? size : 1);
    return r->state[i];
}

int sg_vctx_fail(sg_vctx *ctx, int code, const char *fmt, ...)
{
    sg_vrun *r = ctx->run;
    if (r->rc) return r->rc;
    char msg[sizeof r->err.msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->rc = code;
    sg_err(&r->err, code, "%s", msg);
    return code;
}

static void deliver(sg_vctx *ctx, sg_finding *f)
{
    sg_vrun *r = ctx->run;
    if (r->rc) return;
    if (!f->file) f->file = "";
    if (!f->child) f->child = "";
    if (!f->field) f->field = "";
    if (sg_validate_field_sensitive(f->field)) f->value = NULL;
    if ((unsigned)f->severity < SG_SEV__COUNT) r->counts[f->severity]++;
    if (!r->fn) return;
    int rc = r->fn(r->ud, f);
    if (rc) {
        r->rc = rc;
        sg_err(&r->err, rc, "storing a finding of rule %s failed", f->rule);
    }
}

static void report_at(sg_vctx *ctx, const sg_rule *rule, const sg_vnode *node, const char *field,
                      const char *value, const char *msg)
{
    const sg_vnode *at = node;
    const sg_vnode *leaf = field ? sg_vnode_child(node, field) : NULL;
    if (leaf) at = leaf;
    if (!value && leaf) value = leaf->text;
    if (!value && !field && node) value = node->text;
    if (!field && node) field = node->name;
    sg_finding f = {
        .submission = ctx->submission,
        .file = at && at->file ? at->file : ctx->file,
        .line = at ? at->line : 0,
        .child = ctx->child_id,
        .field = field,
        .value = value,
        .rule = rule->id ? rule->id : "",
        .severity = rule->severity,
        .message = msg ? msg : (rule->message ? rule->message : ""),
    };
    deliver(ctx, &f);
}

void sg_vreport(sg_vctx *ctx, const sg_rule *rule, const sg_vnode *node, const char *field,
                const char *value)
{
    report_at(ctx, rule, node, field, value, NULL);
}

void sg_vreportf(sg_vctx *ctx, const sg_rule *rule, const sg_vnode *node, const char *field,
                 const char *value, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    report_at(ctx, rule, node, field, value, msg);
}

void sg_vreport_finding(sg_vctx *ctx, const sg_rule *rule, const sg_finding *in)
{
    sg_finding f = *in;
    f.rule = rule->id ? rule->id : "";
    f.severity = rule->severity;
    if (!f.message) f.message = rule->message ? rule->message : "";
    if (!f.submission) f.submission = ctx->submission;
    if (!f.child) f.child = ctx->child_id;
    deliver(ctx, &f);
}

/* pages_submissions.c - returns: the list by agency and period with status and counts, one
 * submission with its findings and rejected rows (file, line, field; values only for roles
 * that may see child-level data), uploading a return (held only as an unnamed file in
 * STORE/uploads/, validated at once, accepted or rejected as a whole), and cross-agency
 * reconciliation. Data comes only from access/scope.h. */
#include "web/web.h"

#include "core/mem.h"
#include "registers/register.h"
#include "store/upload.h"
#include "store/import.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Parses a positive decimal id from a path segment; 0 when it is not one. */
static int64_t parse_id(const char *s)
{
    if (!s || !*s || strlen(s) > 18) return 0;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9') return 0;
    errno = 0;
    long long v = strtoll(s, NULL, 10);
    return errno || v <= 0 ? 0 : (int64_t)v;
}

typedef struct sub_rows {
    sg_html *h;
    long n;
} sub_rows;

static int sub_row(void *ctx, const sg_submission *s)
{
    sub_rows *r = ctx;
    sg_html *h = r->h;
    if (r->n++ >= 1000) return 0;
    char href[64], id[32];
    snprintf(href, sizeof href, "/submissions/%lld", (long long)s->id);
    snprintf(id, sizeof id, "%lld", (long long)s->id);
    sg_html_open(h, "tr", NULL);
    sg_html_open(h, "td", NULL);
    sg_page_link(h, href, id);
    sg_html_close(h, "td");
    sg_page_td(h, s->agency);
    sg_page_td(h, s->period);
    sg_page_td(h, s->format);
    sg_page_td(h, s->file_name);
    sg_page_td(h, s->imported_at);
    sg_page_tdn(h, s->rows_read);
    sg_page_tdn(h, s->rows_accepted);
    sg_page_tdn(h, s->rows_rejected);
    sg_page_td(h, s->superseded_by ? "superseded" : "current");
    sg_html_close(h, "tr");
    return 0;
}

void sg_h_submissions(sg_web_ctx *c)
{
    const char *agency = sg_web_q(c, "agency"), *period = sg_web_q(c, "period");
    sg_html h;
    sg_page_begin(c, &h, "Submissions");
    sg_html_elem(&h, "h1", "Submissions", NULL);
    sg_html_open(&h, "form", "method", "get", "action", "/submissions", NULL);
    if (sg_scope_all_agencies(&c->scope)) {
        sg_html_elem(&h, "label", "Agency", "for", "agency", NULL);
        sg_html_empty(&h, "input", "id", "agency", "name", "agency", "value", agency ? agency : "",
                      NULL);
    }
    sg_html_elem(&h, "label", "Period", "for", "period", NULL);
    sg_html_empty(&h, "input", "id", "period", "name", "period", "value", period ? period : "",
                  "placeholder", "2024-25", NULL);
    sg_html_open(&h, "div", NULL);
    sg_html_elem(&h, "button", "Filter", "type", "submit", NULL);
    sg_html_close(&h, "div");
    sg_html_close(&h, "form");
    sg_page_table(&h, "Returns received, newest first", "ID", "Agency", "Period", "Format", "File",
                  "Imported (UTC)", "Rows", "Accepted", "Rejected", "Status", NULL);
    sg_html_open(&h, "tbody", NULL);
    sub_rows r = {&h, 0};
    sg_error err;
    sg_error_clear(&err);
    int rc = sg_scope_submissions(&c->scope, agency, period, sub_row, &r, &err);
    sg_html_close(&h, "tbody");
    sg_html_close(&h, "table");
    if (rc) {
        sg_web_fail(c, &err);
        return;
    }
    if (r.n == 0) sg_page_note(&h, "notice", "No submissions match.");
    sg_page_end(c, &h);
}

static void item_head(sg_html *h, bool child)
{
    if (child)
        sg_page_table(h, NULL, "Severity", "Rule", "File", "Line", "Field", "Child", "Value",
                      "Message", NULL);
    else
        sg_page_table(h, NULL, "Severity", "Rule", "File", "Line", "Field", "Message", NULL);
    sg_html_open(h, "tbody", NULL);
}

static void item_row(sg_html *h, bool child, const char *sev, const char *rule, const char *file,
                     long line, const char *field, const char *pseud, const char *value,
                     const char *msg)
{
    sg_html_open(h, "tr", NULL);
    sg_page_td(h, sev);
    sg_page_td(h, rule);
    sg_page_td(h, file);
    sg_page_tdn(h, line);
    sg_page_td(h, field);
    if (child) {
        sg_page_td(h, pseud ? pseud : "");
        sg_page_td(h, value ? value : "");
    }
    sg_page_td(h, msg);
    sg_html_close(h, "tr");
}

typedef struct items_out {
    sg_html *h;
    bool child;
} items_out;

static int item_cb(void *ctx, const sg_scope_item *it)
{
    items_out *o = ctx;
    item_row(o->h, o->child, it->severity, it->rule, it->file, it->line, it->field, it->child,
             it->value, it->message);
    return 0;
}

void sg_h_submission(sg_web_ctx *c)
{
    int64_t id = parse_id(c->params[0]);
    sg_submission sub;
    sg_error err;
    sg_error_clear(&err);
    if (!id) {
        sg_web_error(c, 404);
        return;
    }
    int rc = sg_scope_submission(&c->scope, id, &sub, &err);
    long f[SG_SEV__COUNT] = {0}, rejected = 0;
    if (!rc) rc = sg_scope_submission_counts(&c->scope, id, f, &rejected, &err);
    if (rc) {
        sg_web_fail(c, &err);
        return;
    }
    char title[96];
    snprintf(title, sizeof title, "Submission %lld", (long long)id);
    sg_html h;
    sg_page_begin(c, &h, title);
    sg_html_elem(&h, "h1", title, NULL);
    sg_html_open(&h, "dl", "class", "meta", NULL);
    const char *kv[][2] = {{"Agency", sub.agency},
                           {"Period", sub.period},
                           {"Format", sub.format},
                           {"File", sub.file_name},
                           {"Imported by", sub.user},
                           {"Imported (UTC)", sub.imported_at},
                           {"Status", sub.superseded_by ? "superseded" : "current"}};
    for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++) {
        sg_html_elem(&h, "dt", kv[i][0], NULL);
        sg_html_elem(&h, "dd", kv[i][1], NULL);
    }
    sg_html_close(&h, "dl");
    sg_html_textf(&h,
                  "%ld rows read, %ld accepted, %ld rejected. Findings: %ld error(s), %ld "
                  "quer%s, %ld warning(s).",
                  sub.rows_read, sub.rows_accepted, sub.rows_rejected, f[SG_SEV_ERROR],
                  f[SG_SEV_QUERY], f[SG_SEV_QUERY] == 1 ? "y" : "ies", f[SG_SEV_WARNING]);
    sg_html_elem(&h, "h2", "Findings and rejected rows (first 500)", NULL);
    bool child = sg_scope_child_level(&c->scope);
    item_head(&h, child);
    items_out o = {&h, child};
    rc = sg_scope_items(&c->scope, id, 500, item_cb, &o, &err);
    sg_html_close(&h, "tbody");
    sg_html_close(&h, "table");
    if (rc) {
        sg_web_fail(c, &err);
        return;
    }
    if (f[0] + f[1] + f[2] + rejected == 0) sg_page_note(&h, "ok", "Nothing to fix.");
    sg_page_end(c, &h);
}

static const char *const upload_formats[] = {
    "",
    "cin",
    "ssda903-xml",
    "agency/police_missing",
    "agency/police_events",
    "agency/early_help",
    "agency/lado",
    "agency/population",
    "annexa-xlsx",
    NULL,
};

static void upload_form(sg_web_ctx *c, sg_html *h)
{
    sg_html_open(h, "form", "method", "post", "action", "/upload", "enctype", "multipart/form-data",
                 NULL);
    sg_page_csrf(c, h);
    sg_html_elem(h, "label", "Return file", "for", "file", NULL);
    sg_html_empty(h, "input", "id", "file", "name", "file", "type", "file", "required", "required",
                  NULL);
    if (sg_scope_all_agencies(&c->scope)) {
        sg_html_elem(h, "label", "Agency", "for", "agency", NULL);
        sg_html_open(h, "select", "id", "agency", "name", "agency", NULL);
        sg_html_elem(h, "option", "LA (children's social care returns)", "value", "LA", NULL);
        for (const sg_reg_code *a = sg_reg_agencies; a->code; a++)
            sg_html_elem(h, "option", a->code, "value", a->code, NULL);
        sg_html_close(h, "select");
    } else {
        sg_html_textf(h, "Agency: %s", c->who.agency);
    }
    sg_html_elem(h, "label", "Period (2024-25, 2024-Q1 or 2024-05)", "for", "period", NULL);
    sg_html_empty(h, "input", "id", "period", "name", "period", "required", "required",
                  "placeholder", "2024-25", "pattern", "[0-9]{4}-(Q[1-4]|[0-9]{2})", NULL);
    sg_html_elem(h, "label", "Format", "for", "format", NULL);
    sg_html_open(h, "select", "id", "format", "name", "format", NULL);
    for (int i = 0; upload_formats[i]; i++)
        sg_html_elem(h, "option", i ? upload_formats[i] : "detect from the file", "value",
                     upload_formats[i], NULL);
    sg_html_close(h, "select");
    /* The supersede guard: a return far smaller than the one it replaces is refused unless
     * this is ticked (and the confirmation is audited). */
    sg_html_open(h, "div", NULL);
    sg_html_empty(h, "input", "id", "confirm_replace", "name", "confirm_replace", "type",
                  "checkbox", "value", "1", NULL);
    sg_html_elem(h, "label", "Replace the current return even if this one has far fewer rows",
                 "for", "confirm_replace", NULL);
    sg_html_close(h, "div");
    sg_html_open(h, "div", NULL);
    sg_html_elem(h, "button", "Upload and check", "type", "submit", NULL);
    sg_html_close(h, "div");
    sg_html_close(h, "form");
}

void sg_h_upload_form(sg_web_ctx *c)
{
    sg_html h;
    sg_page_begin(c, &h, "Upload a return");
    sg_html_elem(&h, "h1", "Upload a return", NULL);
    sg_page_note(&h, "notice",
                 "The return is checked at once. It is accepted only when it has no errors and "
                 "no rejected rows; otherwise nothing is stored and every problem is listed with "
                 "its file, line and field, so you can fix it and upload again.");
    upload_form(c, &h);
    sg_page_end(c, &h);
}

/* A safe base name for the uploaded file: [A-Za-z0-9._-], no leading dot, at most 100. */
static void safe_name(const char *in, char *out, size_t outsz)
{
    size_t k = 0;
    for (const char *p = in ? in : ""; *p && k + 1 < outsz && k < 100; p++) {
        char ch = *p;
        bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                  (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-';
        if (k == 0 && ch == '.') continue;
        out[k++] = ok ? ch : '_';
    }
    out[k] = '\0';
    if (k == 0) sg_strlcpy(out, "upload.csv", outsz);
}

/* The uploaded file as an unnamed file in STORE/uploads/ (store/upload.h): the one the body
 * was streamed into (body.c), or, for a body parsed in memory (tests, small forms), a copy of
 * its file field. *own is set when the descriptor is ours to close. */
static int upload_fd(sg_web_ctx *c, const sg_form_field *f, int *fd, bool *own, sg_error *err)
{
    const sg_web_upload *up = c->req->upload;
    *own = false;
    if (up && strcmp(up->field, "file") == 0) {
        *fd = up->fd;
        return SG_OK;
    }
    int rc = sg_upload_open(sg_web_cfg(c->app)->store_dir, fd, err);
    if (rc) return rc;
    *own = true;
    for (size_t off = 0; off < f->len;) {
        ssize_t w = write(*fd, f->value + off, f->len - off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            close(*fd);
            return sg_err(err, SG_EIO, "cannot write the upload");
        }
        off += (size_t)w;
    }
    return SG_OK;
}

void sg_h_upload(sg_web_ctx *c)
{
    /* the file: streamed to disk by body.c, or a field of a form parsed in memory */
    const sg_web_upload *streamed = c->req->upload;
    if (streamed && strcmp(streamed->field, "file") != 0) streamed = NULL;
    const sg_form_field *file = streamed ? NULL : sg_form_field_get(&c->form, "file");
    const char *filename = streamed ? streamed->name : file ? file->filename : NULL;
    unsigned long long len = streamed ? streamed->len : file ? file->len : 0;
    const char *period = sg_web_f(c, "period"), *agency = sg_web_f(c, "agency");
    const char *format = sg_web_f(c, "format");
    const char *confirm = sg_web_f(c, "confirm_replace");
    bool confirm_replace = confirm && strcmp(confirm, "1") == 0;
    sg_error err;
    sg_error_clear(&err);
    sg_html h;
    if (!filename || len == 0 || !period) {
        sg_page_begin(c, &h, "Upload a return");
        sg_html_elem(&h, "h1", "Upload a return", NULL);
        sg_html_elem(&h, "p", "Choose a file and give the period.", "class", "error", "role",
                     "alert", NULL);
        upload_form(c, &h);
        sg_page_end(c, &h);
        c->resp->status = 400;
        return;
    }
    if (format && *format) {
        bool known = false;
        for (int i = 1; upload_formats[i]; i++)
            if (strcmp(format, upload_formats[i]) == 0) known = true;
        if (!known) format = NULL;
    }
    int fd = -1;
    bool own = false;
    int rc = upload_fd(c, file, &fd, &own, &err);
    if (rc) {
        sg_web_fail(c, &err);
        return;
    }
    /* The import reads the unnamed file through this process's descriptor table and files it
     * under the name the uploader gave (sanitised); no path of ours is recorded anywhere. */
    char name[128], path[64];
    safe_name(filename, name, sizeof name);
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    sg_scope_upload up;
    rc = sg_scope_upload_named(&c->scope, path, name, agency, period, format, confirm_replace, &up,
                               &err);
    if (own) close(fd);
    sg_page_begin(c, &h, "Upload result");
    sg_html_elem(&h, "h1", "Upload result", NULL);
    if (rc == SG_EFORBIDDEN) {
        sg_scope_upload_fini(&up);
        sg_web_error(c, 403);
        return;
    }
    if (rc) {
        /* The user's own file or form is wrong: say so in general terms (no internals). */
        const char *msg = rc == SG_EINVAL ? err.msg
                          : rc == SG_EPARSE || rc == SG_ELIMIT
                              ? "The file could not be read as a return in the chosen format. "
                                "Check the format and the file."
                              : "The file could not be stored. Nothing was changed.";
        sg_html_elem(&h, "p", msg, "class", "error", "role", "alert", NULL);
        upload_form(c, &h);
        sg_page_end(c, &h);
        c->resp->status = rc == SG_EINVAL || rc == SG_EPARSE || rc == SG_ELIMIT ? 400 : 500;
        sg_scope_upload_fini(&up);
        return;
    }
    if (up.replace_refused) {
        char t[400];
        snprintf(t, sizeof t,
                 "Refused: this return has %ld accepted rows and would replace submission %lld, "
                 "which has %ld. A drop of more than %d%% is refused unless you confirm it. "
                 "Nothing was stored. If the smaller return is right, tick the box to replace "
                 "the current return and upload again.",
                 up.new_rows, (long long)up.replaces, up.replaced_rows, up.max_drop_pct);
        sg_html_elem(&h, "p", t, "class", "error", "role", "alert", NULL);
    } else if (up.duplicate) {
        char t[160];
        snprintf(t, sizeof t,
                 "This file was already received as submission %lld; nothing "
                 "changed.",
                 (long long)up.submission);
        sg_page_note(&h, "notice", t);
    } else if (up.accepted) {
        char t[200], href[64];
        snprintf(t, sizeof t, "Accepted: submission %lld (%s), %ld rows, %ld records.",
                 (long long)up.submission, up.format, up.rows_read, up.records);
        sg_html_elem(&h, "p", t, "class", "ok", "role", "status", NULL);
        snprintf(href, sizeof href, "/submissions/%lld", (long long)up.submission);
        sg_page_link(&h, href, "See the submission");
    } else {
        char t[256];
        snprintf(t, sizeof t,
                 "Rejected: %ld error(s) and %ld rejected row(s). Nothing was "
                 "stored. Fix the problems below and upload again.",
                 up.findings[SG_SEV_ERROR], up.rejected);
        sg_html_elem(&h, "p", t, "class", "error", "role", "alert", NULL);
    }
    if (up.nitems) {
        bool child = sg_scope_child_level(&c->scope);
        sg_html_elem(&h, "h2", "Problems found", NULL);
        item_head(&h, child);
        for (size_t i = 0; i < up.nitems; i++) {
            const sg_scope_item_copy *it = &up.items[i];
            item_row(&h, child, it->severity, it->rule, it->file, it->line, it->field, it->child,
                     it->value, it->message);
        }
        sg_html_close(&h, "tbody");
        sg_html_close(&h, "table");
    }
    if (!up.accepted) upload_form(c, &h);
    sg_page_end(c, &h);
    if (!up.accepted && !up.duplicate) c->resp->status = 422;
    sg_scope_upload_fini(&up);
}

bool sg_web_reconcile(sg_web_ctx *c, const char *period, sg_recon_pair **pairs, int *n)
{
    sg_error err;
    sg_error_clear(&err);
    if (sg_scope_reconcile(&c->scope, period, pairs, n, &err)) {
        free(*pairs);
        *pairs = NULL;
        sg_web_fail(c, &err);
        return false;
    }
    return true;
}

void sg_h_reconcile(sg_web_ctx *c)
{
    char period[16];
    const char *p = sg_web_period_q(c, period);
    sg_recon_pair *pairs = NULL;
    int n = 0;
    if (*p && !sg_web_reconcile(c, p, &pairs, &n)) return; /* none held: an empty table */
    sg_html h;
    sg_page_begin(c, &h, "Reconciliation");
    sg_html_elem(&h, "h1", "Reconciliation", NULL);
    sg_html_textf(&h, "Period %s: what agencies report about the same children and events.",
                  *p ? p : "(none held)");
    sg_page_table(&h, NULL, "Pair", "Left side", "Count", "Matched", "Right side", "Count",
                  "Matched", NULL);
    sg_html_open(&h, "tbody", NULL);
    for (int i = 0; i < n; i++) {
        sg_html_open(&h, "tr", NULL);
        sg_page_td(&h, pairs[i].name);
        sg_page_td(&h, pairs[i].left);
        sg_page_tdn(&h, pairs[i].left_n);
        sg_page_tdn(&h, pairs[i].left_matched);
        sg_page_td(&h, pairs[i].right);
        sg_page_tdn(&h, pairs[i].right_n);
        sg_page_tdn(&h, pairs[i].right_matched);
        sg_html_close(&h, "tr");
    }
    sg_html_close(&h, "tbody");
    sg_html_close(&h, "table");
    free(pairs);
    sg_page_end(c, &h);
}

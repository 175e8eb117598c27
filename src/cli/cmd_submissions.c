/* cmd_submissions.c - the 'submissions' verb: the submissions table (newest first) or the
 * rejected rows of one submission, as aligned text or JSON. */
#include "cli/cli.h"

#include "core/mem.h"
#include "store/store.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

typedef struct sub_list {
    sg_submission *v;
    size_t n, cap;
} sub_list;

static int collect(void *ctx, const sg_submission *sub)
{
    sub_list *l = ctx;
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 32;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = *sub;
    return 0;
}

static void status_text(const sg_submission *sub, char *out, size_t outsz)
{
    if (sub->superseded_by)
        snprintf(out, outsz, "superseded by %lld", (long long)sub->superseded_by);
    else
        snprintf(out, outsz, "current");
}

/* Prints s with control characters shown as '?': values come from returns, and an escape
 * sequence in a file must not drive the user's terminal. */
static void put_safe(const char *s, int width)
{
    int n = 0;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++, n++)
        fputc(*p < 0x20 || *p == 0x7f ? '?' : *p, stdout);
    for (; n < width; n++)
        fputc(' ', stdout);
}

static int width(int w, const char *s)
{
    int n = (int)strlen(s);
    return n > w ? n : w;
}

static void print_table(const sub_list *l)
{
    int wa = 6, wf = 6, wp = 6, wn = 4;
    for (size_t i = 0; i < l->n; i++) {
        wa = width(wa, l->v[i].agency);
        wf = width(wf, l->v[i].format);
        wp = width(wp, l->v[i].period);
        wn = width(wn, l->v[i].file_name);
    }
    printf("%6s  %-*s  %-*s  %-*s  %-*s  %9s  %9s  %9s  %s\n", "ID", wa, "AGENCY", wf, "FORMAT", wp,
           "PERIOD", wn, "FILE", "READ", "ACCEPTED", "REJECTED", "STATUS");
    for (size_t i = 0; i < l->n; i++) {
        const sg_submission *s = &l->v[i];
        char status[48];
        status_text(s, status, sizeof status);
        printf("%6lld  ", (long long)s->id);
        put_safe(s->agency, wa);
        fputs("  ", stdout);
        put_safe(s->format, wf);
        fputs("  ", stdout);
        put_safe(s->period, wp);
        fputs("  ", stdout);
        put_safe(s->file_name, wn);
        printf("  %9ld  %9ld  %9ld  %s\n", s->rows_read, s->rows_accepted, s->rows_rejected,
               status);
    }
    if (l->n == 0) printf("(no submissions)\n");
}

static void print_json(const sub_list *l)
{
    json_t *a = json_array();
    for (size_t i = 0; i < l->n; i++) {
        const sg_submission *s = &l->v[i];
        json_t *o = json_pack(
            "{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:o, s:s}", "id",
            (json_int_t)s->id, "agency", s->agency, "format", s->format, "period", s->period,
            "file", s->file_name, "sha256", s->sha256, "user", s->user, "imported_at",
            s->imported_at, "rows_read", (json_int_t)s->rows_read, "rows_accepted",
            (json_int_t)s->rows_accepted, "rows_rejected", (json_int_t)s->rows_rejected,
            "superseded_by", s->superseded_by ? json_integer(s->superseded_by) : json_null(),
            "status", s->status);
        if (o) json_array_append_new(a, o);
    }
    json_dumpf(a, stdout, JSON_COMPACT);
    fputc('\n', stdout);
    json_decref(a);
}

typedef struct rej_ctx {
    bool json;
    json_t *rows;
    long n;
} rej_ctx;

static int print_rejected(void *ctx, const sg_rejected_row *r)
{
    rej_ctx *c = ctx;
    c->n++;
    if (c->json) {
        json_t *o = json_object();
        json_object_set_new(o, "file", json_string(r->file ? r->file : ""));
        json_object_set_new(o, "line", json_integer(r->line));
        json_object_set_new(o, "field", r->field ? json_string(r->field) : json_null());
        /* json_string refuses invalid UTF-8; such a value is shown as null rather than lost
         * silently in the text output. */
        json_object_set_new(o, "value", r->value ? json_string(r->value) : json_null());
        json_object_set_new(o, "reason", json_string(r->reason ? r->reason : ""));
        json_array_append_new(c->rows, o);
        return 0;
    }
    put_safe(r->file, 0);
    printf(":%ld  ", r->line);
    put_safe(r->field ? r->field : "-", 0);
    fputs("  ", stdout);
    if (r->value) {
        fputc('"', stdout);
        put_safe(r->value, 0);
        fputc('"', stdout);
    } else {
        fputc('-', stdout);
    }
    fputs("  ", stdout);
    put_safe(r->reason, 0);
    fputc('\n', stdout);
    return 0;
}

int cmd_submissions(const sg_cli *cli, int argc, char **argv)
{
    const char *agency = NULL, *period = NULL, *rejected = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--agency") == 0 && i + 1 < argc)
            agency = argv[++i];
        else if (strncmp(a, "--agency=", 9) == 0)
            agency = a + 9;
        else if (strcmp(a, "--period") == 0 && i + 1 < argc)
            period = argv[++i];
        else if (strncmp(a, "--period=", 9) == 0)
            period = a + 9;
        else if (strcmp(a, "--rejected") == 0 && i + 1 < argc)
            rejected = argv[++i];
        else if (strncmp(a, "--rejected=", 11) == 0)
            rejected = a + 11;
        else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            char *help_argv[] = {"help", "submissions"};
            return cmd_help(cli, 2, help_argv);
        } else {
            return cli_usage(cli, "submissions", "unexpected argument '%s'", a);
        }
    }
    long long rej_id = 0;
    if (rejected) {
        char *end = NULL;
        errno = 0;
        rej_id = strtoll(rejected, &end, 10);
        if (errno || end == rejected || *end || rej_id <= 0)
            return cli_usage(cli, "submissions", "--rejected needs a submission id, not '%s'",
                             rejected);
    }

    sg_error err;
    sg_error_clear(&err);
    sg_store *s = NULL;
    int rc = sg_store_open(cli->store, false, &s, &err);
    if (rc) return cli_fail(cli, &err);

    if (rejected) {
        rej_ctx c = {.json = cli->json, .rows = cli->json ? json_array() : NULL};
        rc = sg_store_rejected_each(s, (int64_t)rej_id, print_rejected, &c, &err);
        if (!rc && cli->json) {
            json_dumpf(c.rows, stdout, JSON_COMPACT);
            fputc('\n', stdout);
        } else if (!rc && c.n == 0) {
            printf("(no rejected rows in submission %lld)\n", rej_id);
        }
        json_decref(c.rows);
    } else {
        sub_list l = {0};
        rc = sg_submission_each(s, agency, period, collect, &l, &err);
        if (!rc) {
            if (cli->json)
                print_json(&l);
            else
                print_table(&l);
        }
        free(l.v);
    }
    sg_store_close(s);
    return rc ? cli_fail(cli, &err) : 0;
}

/* cmd_user.c - the 'user' verb: add, disable, reset, list and enrol the second factor of
 * accounts (src/access, docs/access.md). Passwords never come from the command line, where
 * other local users could read them in the process list and the shell keeps a history: they
 * are read from a prompt without echo on a terminal, or from the first line of stdin or of
 * --password-file. Every change is audited by the library under sg_principal_cli(). */
#include "cli/cli.h"

#include "access/access.h"
#include "core/mem.h"

#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define PWBUF (SG_PASSWORD_MAX + 3) /* the longest password, "\r\n" and NUL */

static void print_json(json_t *o)
{
    if (!o) return;
    json_dumpf(o, stdout, JSON_COMPACT);
    fputc('\n', stdout);
    json_decref(o);
}

/* Reads one line into out without its line end. 1 when it is longer than the buffer. */
static int read_line(FILE *fp, char *out, size_t outsz)
{
    if (!fgets(out, (int)outsz, fp)) {
        out[0] = '\0';
        return 0;
    }
    size_t n = strlen(out);
    if (n && out[n - 1] == '\n')
        out[--n] = '\0';
    else if (!feof(fp))
        return 1;
    if (n && out[n - 1] == '\r') out[--n] = '\0';
    return 0;
}

/* Prompts on the terminal with echo off. */
static int prompt_line(const char *prompt, char *out, size_t outsz)
{
    struct termios old, quiet;
    bool restore = tcgetattr(STDIN_FILENO, &old) == 0;
    if (restore) {
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    fputs(prompt, stderr);
    fflush(stderr);
    int long_line = read_line(stdin, out, outsz);
    if (restore) tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    fputc('\n', stderr);
    return long_line;
}

/* The new password for user: --password-file F ("-" = stdin), else a prompt (asked twice) on a
 * terminal, else the first line of stdin. Returns an exit code; 0 on success. */
static int get_password(const sg_cli *cli, const char *file, const char *user, char *out)
{
    int too_long = 0;
    if (file && strcmp(file, "-") != 0) {
        FILE *fp = fopen(file, "r");
        if (!fp) {
            sg_error e;
            sg_error_clear(&e);
            sg_err_at(&e, SG_EIO, file, 0, 0, NULL, "cannot read the password file");
            return cli_fail(cli, &e);
        }
        too_long = read_line(fp, out, PWBUF);
        fclose(fp);
    } else if (!file && isatty(STDIN_FILENO)) {
        char prompt[128], again[PWBUF];
        snprintf(prompt, sizeof prompt, "New password for %s (%d+ characters): ", user,
                 SG_PASSWORD_MIN);
        too_long = prompt_line(prompt, out, PWBUF);
        if (!too_long) {
            too_long = prompt_line("Again: ", again, sizeof again);
            bool same = strcmp(out, again) == 0;
            sodium_memzero(again, sizeof again);
            if (!too_long && !same) {
                sodium_memzero(out, PWBUF);
                return cli_usage(cli, "user", "the two passwords differ");
            }
        }
    } else {
        too_long = read_line(stdin, out, PWBUF);
    }
    if (too_long) {
        sodium_memzero(out, PWBUF);
        return cli_usage(cli, "user", "the password is longer than %d characters", SG_PASSWORD_MAX);
    }
    return 0;
}

static void iso_time(int64_t t, char out[32])
{
    if (t <= 0) {
        sg_strlcpy(out, "-", 32);
        return;
    }
    cli_iso_time(t, out);
}

static const char *state_of(const sg_user *u, int64_t now)
{
    if (u->disabled) return "disabled";
    if (u->locked_until > now) return "locked";
    return "active";
}

typedef struct list_ctx {
    const sg_cli *cli;
    json_t *arr;
    int64_t now;
    long n;
} list_ctx;

static int list_one(void *ctx, const sg_user *u)
{
    list_ctx *c = ctx;
    char last[32], created[32];
    iso_time(u->last_login, last);
    iso_time(u->created, created);
    c->n++;
    if (c->arr) {
        json_array_append_new(
            c->arr, json_pack("{s:s, s:s, s:s, s:s, s:b, s:b, s:i, s:s, s:s}", "username",
                              u->username, "role", sg_role_name(u->role), "agency", u->agency,
                              "state", state_of(u, c->now), "totp", u->totp_enrolled, "needs_totp",
                              sg_role_needs_totp(u->role), "failed", u->failed, "created", created,
                              "last_login", u->last_login ? last : ""));
        return 0;
    }
    printf("%-24s %-10s %-12s %-8s %-4s %s\n", u->username, sg_role_name(u->role),
           u->agency[0] ? u->agency : "-", state_of(u, c->now),
           u->totp_enrolled ? "yes" : (sg_role_needs_totp(u->role) ? "NO" : "-"), last);
    return 0;
}

/* Enrols the second factor and prints the secret; used by 'totp' and by 'add'. */
static int enrol(const sg_cli *cli, sg_store *s, const sg_principal *me, const char *name,
                 json_t *into)
{
    char b32[64], uri[512];
    sg_error err;
    sg_error_clear(&err);
    int rc = sg_user_totp_enrol(s, me, name, time(NULL), b32, sizeof b32, uri, sizeof uri, &err);
    if (rc) return cli_fail(cli, &err);
    if (into) {
        json_object_set_new(into, "totp_secret", json_string(b32));
        json_object_set_new(into, "totp_uri", json_string(uri));
    } else {
        char *qr = NULL;
        int qrc = sg_totp_qr_utf8(uri, &qr, NULL, &err);
        printf("second factor for %s: scan this QR code with an authenticator app (Microsoft or\n"
               "Google Authenticator ...), or enter the secret (TOTP, SHA-1, 6 digits, 30 s).\n"
               "It is shown once.\n"
               "%s"
               "  secret: %s\n  uri:    %s\n",
               name, qrc == SG_OK ? qr : "", b32, uri);
        if (qr) {
            sodium_memzero(qr, strlen(qr));
            free(qr);
        }
    }
    sodium_memzero(b32, sizeof b32);
    sodium_memzero(uri, sizeof uri);
    return 0;
}

int cmd_user(const sg_cli *cli, int argc, char **argv)
{
    const char *role_s = NULL, *agency = NULL, *pwfile = NULL, *pos[3] = {NULL, NULL, NULL};
    int npos = 0;
    bool no_totp = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = NULL;
        if (strcmp(a, "--role") == 0)
            slot = &role_s;
        else if (strcmp(a, "--agency") == 0)
            slot = &agency;
        else if (strcmp(a, "--password-file") == 0)
            slot = &pwfile;
        else if (strcmp(a, "--no-totp") == 0) {
            no_totp = true;
            continue;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            return cmd_help(cli, 2, (char *[]){"help", "user", NULL});
        } else if (strcmp(a, "--password") == 0 || strncmp(a, "--password=", 11) == 0) {
            return cli_usage(cli, "user",
                             "passwords are not taken on the command line; use a prompt, stdin "
                             "or --password-file");
        } else if (a[0] == '-' && a[1]) {
            return cli_usage(cli, "user", "unknown option %s", a);
        } else {
            if (npos >= 2) return cli_usage(cli, "user", "too many arguments");
            pos[npos++] = a;
            continue;
        }
        if (i + 1 >= argc) return cli_usage(cli, "user", "%s needs a value", a);
        *slot = argv[++i];
    }
    if (npos == 0) return cli_usage(cli, "user", "give an action: add, disable, reset, list, totp");
    const char *action = pos[0], *name = pos[1];
    bool is_list = strcmp(action, "list") == 0;
    if (!is_list && strcmp(action, "add") != 0 && strcmp(action, "disable") != 0 &&
        strcmp(action, "reset") != 0 && strcmp(action, "totp") != 0)
        return cli_usage(cli, "user", "unknown action '%s'", action);
    if (!is_list && !name) return cli_usage(cli, "user", "%s needs a username", action);
    if (is_list && name) return cli_usage(cli, "user", "list takes no username");
    if ((role_s || agency || no_totp) && strcmp(action, "add") != 0)
        return cli_usage(cli, "user", "--role, --agency and --no-totp are for 'add'");
    if (pwfile && strcmp(action, "add") != 0 && strcmp(action, "reset") != 0)
        return cli_usage(cli, "user", "--password-file is for 'add' and 'reset'");
    sg_role role = SG_ROLE_PUBLIC;
    sg_error err;
    sg_error_clear(&err);
    if (strcmp(action, "add") == 0) {
        if (!role_s) return cli_usage(cli, "user", "add needs --role");
        if (sg_role_parse(role_s, &role, &err)) return cli_usage(cli, "user", "%s", err.msg);
    }
    sg_store *s = NULL;
    sg_principal me = sg_principal_cli();
    int64_t now = time(NULL);
    int opened = cli_open_sealed(cli, now, &s, &err);
    if (opened) return opened;
    int code = 0;
    char *pw = NULL;
    if (strcmp(action, "add") == 0 || strcmp(action, "reset") == 0) {
        pw = sodium_malloc(PWBUF);
        if (!pw) abort();
        if ((code = get_password(cli, pwfile, name, pw))) goto out;
    }
    if (strcmp(action, "add") == 0) {
        if (sg_user_add(s, &me, name, role, agency, pw, now, &err)) {
            code = cli_fail(cli, &err);
            goto out;
        }
        json_t *o = cli->json ? json_pack("{s:s, s:s, s:s}", "username", name, "role",
                                          sg_role_name(role), "agency", agency ? agency : "")
                              : NULL;
        if (!cli->json)
            printf("added user %s (%s%s%s)\n", name, sg_role_name(role), agency ? ", " : "",
                   agency ? agency : "");
        /* Roles that see child-level data cannot log in without a second factor: enrol now. */
        if (sg_role_needs_totp(role) && !no_totp) code = enrol(cli, s, &me, name, o);
        print_json(o);
    } else if (strcmp(action, "reset") == 0) {
        if (sg_user_reset(s, &me, name, pw, now, &err)) {
            code = cli_fail(cli, &err);
            goto out;
        }
        if (cli->json)
            print_json(json_pack("{s:s, s:s}", "username", name, "result", "reset"));
        else
            printf("reset %s: new password set, account enabled and unlocked, sessions ended\n",
                   name);
    } else if (strcmp(action, "disable") == 0) {
        if (sg_user_disable(s, &me, name, now, &err)) {
            code = cli_fail(cli, &err);
            goto out;
        }
        if (cli->json)
            print_json(json_pack("{s:s, s:s}", "username", name, "result", "disabled"));
        else
            printf("disabled %s; their sessions have ended\n", name);
    } else if (strcmp(action, "totp") == 0) {
        json_t *o = cli->json ? json_pack("{s:s}", "username", name) : NULL;
        code = enrol(cli, s, &me, name, o);
        if (code == 0)
            print_json(o);
        else
            json_decref(o);
    } else {
        list_ctx c = {.cli = cli, .arr = cli->json ? json_array() : NULL, .now = now};
        if (!cli->json)
            printf("%-24s %-10s %-12s %-8s %-4s %s\n", "username", "role", "agency", "state",
                   "totp", "last login");
        if (sg_user_each(s, list_one, &c, &err) ||
            sg_audit(s, &me, "view", "users", "user list", NULL, now, &err)) {
            json_decref(c.arr);
            code = cli_fail(cli, &err);
            goto out;
        }
        if (cli->json)
            print_json(c.arr);
        else
            printf("(%ld user%s)\n", c.n, c.n == 1 ? "" : "s");
    }
out:
    if (pw) sodium_free(pw); /* sodium_free wipes it */
    sg_store_close(s);
    return code;
}

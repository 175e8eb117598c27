/* users.c - accounts: adding, disabling, resetting, reading and listing them, and the
 * password rules. Passwords exist here only long enough to be hashed with Argon2id
 * (crypto_pwhash_str at libsodium's interactive limits); the store keeps the encoded hash
 * string, never the password. Every change is audited in the same transaction. */
#include "access/access_int.h"

#include "core/mem.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* A hash of 32 random bytes nobody kept, at the same limits as real accounts. Sized as
 * libsodium declares its argument (crypto_pwhash_STRBYTES), the unused tail zero. */
static const char dummy_hash[crypto_pwhash_STRBYTES] =
    "$argon2id$v=19$m=65536,t=2,p=1$Di//mdwfAhHC3rHJkx0vhg$"
    "noJ+WSt5PEiU7ztp4OlyQ+wjp7o99x5OIxgvHDpHunI";

bool sg_password_verify(const char *hash, const char *password)
{
    if (!password) password = "";
    size_t n = strlen(password);
    if (n > SG_PASSWORD_MAX) n = SG_PASSWORD_MAX; /* still spend the time, never succeed */
    int r = crypto_pwhash_str_verify(hash ? hash : dummy_hash, password, n);
    return hash && r == 0 && strlen(password) <= SG_PASSWORD_MAX;
}

/* Long passwords people still choose; the list is short on purpose (length does the work). */
static const char *const common[] = {
    "password1234",    "passwordpassword", "password12345", "123456789012",   "1234567890123",
    "12345678901234",  "qwertyuiop12",     "qwertyuiopas",  "qwertyuiopasdf", "iloveyou1234",
    "letmein12345",    "welcome12345",     "changeme1234",  "safeguarding",   "safeguarding1",
    "safeguarding123", "administrator",    "abcdefghijkl",  "abc123abc123",   NULL,
};

static bool contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0) return true;
    return false;
}

int sg_password_check(const char *username, const char *password, sg_error *err)
{
    size_t n = password ? strlen(password) : 0;
    if (n < SG_PASSWORD_MIN || n > SG_PASSWORD_MAX)
        return sg_err(err, SG_EINVAL, "the password must be %d to %d characters long",
                      SG_PASSWORD_MIN, SG_PASSWORD_MAX);
    bool same = true;
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)password[i] < 0x20 || password[i] == 0x7f)
            return sg_err(err, SG_EINVAL, "the password must not contain control characters");
        if (password[i] != password[0]) same = false;
    }
    if (same) return sg_err(err, SG_EINVAL, "the password must not be one character repeated");
    if (username && strlen(username) >= 3 && contains_ci(password, username))
        return sg_err(err, SG_EINVAL, "the password must not contain the username");
    for (int i = 0; common[i]; i++)
        if (strcasecmp(password, common[i]) == 0)
            return sg_err(err, SG_EINVAL, "the password is too common; choose another");
    return SG_OK;
}

void sg_user_from_row(sqlite3_stmt *st, int c, sg_user *u)
{
    memset(u, 0, sizeof *u);
    u->id = sqlite3_column_int64(st, c);
    const char *t = (const char *)sqlite3_column_text(st, c + 1);
    sg_strlcpy(u->username, t ? t : "", sizeof u->username);
    t = (const char *)sqlite3_column_text(st, c + 2);
    sg_role r = SG_ROLE_PUBLIC;
    if (t && sg_role_parse(t, &r, NULL) == SG_OK) u->role = r;
    t = (const char *)sqlite3_column_text(st, c + 3);
    sg_strlcpy(u->agency, t ? t : "", sizeof u->agency);
    u->disabled = sqlite3_column_int(st, c + 4) != 0;
    u->totp_enrolled = sqlite3_column_int(st, c + 5) != 0;
    u->failed = sqlite3_column_int(st, c + 6);
    u->locked_until = sqlite3_column_int64(st, c + 7);
    u->created = sqlite3_column_int64(st, c + 8);
    u->last_login = sqlite3_column_int64(st, c + 9);
}

static int hash_password(const char *password, char out[crypto_pwhash_STRBYTES], sg_error *err)
{
    if (sodium_init() < 0) return sg_err(err, SG_EIO, "libsodium could not initialise");
    if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return sg_err(err, SG_ENOMEM, "not enough memory to hash the password");
    return SG_OK;
}

/* Runs one UPDATE/INSERT with text parameters (NULL = SQL NULL) and an optional integer;
 * *changes gets the row count. */
static int run(sg_store *s, const char *sql, const char *const *txt, int ntxt, int64_t num,
               int *changes, sg_error *err)
{
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot update the accounts");
    for (int i = 0; i < ntxt; i++)
        if (txt[i]) sqlite3_bind_text(st, i + 1, txt[i], -1, SQLITE_STATIC);
    if (sqlite3_bind_parameter_count(st) > ntxt) sqlite3_bind_int64(st, ntxt + 1, num);
    int rc = sqlite3_step(st) == SQLITE_DONE
                 ? SG_OK
                 : sg_store_dberr(db, err, "cannot update the accounts");
    if (changes) *changes = sqlite3_changes(db);
    sqlite3_finalize(st);
    return rc;
}

int sg_user_get(sg_store *s, const char *username, sg_user *out, sg_error *err)
{
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT " SG_USER_COLS " FROM account WHERE username = ?", -1, &st,
                           NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot read the accounts");
    sqlite3_bind_text(st, 1, username ? username : "", -1, SQLITE_STATIC);
    int rc = sg_store_step_row(st, "cannot read the accounts", err);
    if (rc == SG_OK)
        sg_user_from_row(st, 0, out);
    else if (rc == SG_ENOTFOUND)
        sg_err(err, SG_ENOTFOUND, "no user '%s'", username ? username : "");
    sqlite3_finalize(st);
    return rc;
}

int sg_user_each(sg_store *s, sg_user_fn fn, void *ctx, sg_error *err)
{
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT " SG_USER_COLS " FROM account ORDER BY username", -1, &st,
                           NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot read the accounts");
    int rc = SG_OK, step;
    sg_user u;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        sg_user_from_row(st, 0, &u);
        if ((rc = fn(ctx, &u)) != 0) break;
    }
    if (rc == SG_OK && step != SQLITE_DONE)
        rc = sg_store_dberr(db, err, "cannot read the accounts");
    sqlite3_finalize(st);
    return rc;
}

int sg_user_add(sg_store *s, const sg_principal *by, const char *username, sg_role role,
                const char *agency, const char *password, int64_t now, sg_error *err)
{
    int rc = sg_require(by, SG_CAP_USERS, err);
    if (rc) return rc;
    if (!sg_username_valid(username))
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "username",
                         "the username must be 1 to 63 of a-z, 0-9, '.', '_' and '-'");
    if ((unsigned)role >= SG__ROLE_COUNT || role == SG_ROLE_PUBLIC)
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "role",
                         "an account needs a role other than public");
    if (!agency) agency = "";
    if (role == SG_ROLE_AGENCY && !sg_agency_code_valid(agency))
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "agency",
                         "an agency account needs its agency code (1-31 of A-Z, 0-9 and _, "
                         "e.g. POLICE)");
    if (role != SG_ROLE_AGENCY && *agency)
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "agency",
                         "only agency accounts have an agency");
    if ((rc = sg_password_check(username, password, err))) return rc;
    char hash[crypto_pwhash_STRBYTES];
    if ((rc = hash_password(password, hash, err))) return rc;
    bool own;
    if ((rc = sg_access_begin(s, &own, err))) return rc;
    sg_user existing;
    if (sg_user_get(s, username, &existing, NULL) == SG_OK) {
        rc = sg_err_at(err, SG_ECONFLICT, NULL, 0, 0, "username", "user '%s' already exists",
                       username);
        goto out;
    }
    const char *txt[] = {username, sg_role_name(role), agency, hash};
    rc = run(s,
             "INSERT INTO account (username, role, agency, password_hash, created) "
             "VALUES (?, ?, ?, ?, ?)",
             txt, 4, now, NULL, err);
    if (rc) goto out;
    char object[96], detail[128];
    snprintf(object, sizeof object, "user:%s", username);
    snprintf(detail, sizeof detail, "added with role %s%s%s", sg_role_name(role),
             *agency ? " for agency " : "", agency);
    rc = sg_audit(s, by, "user", object, detail, NULL, now, err);
out:
    sodium_memzero(hash, sizeof hash);
    if (rc) {
        sg_access_rollback(s, own);
        return rc;
    }
    return sg_access_commit(s, own, err);
}

int sg_user_disable(sg_store *s, const sg_principal *by, const char *username, int64_t now,
                    sg_error *err)
{
    int rc = sg_require(by, SG_CAP_USERS, err);
    if (rc) return rc;
    bool own;
    if ((rc = sg_access_begin(s, &own, err))) return rc;
    sg_user u;
    if ((rc = sg_user_get(s, username, &u, err))) goto out;
    const char *txt[] = {NULL};
    if ((rc = run(s, "UPDATE account SET disabled = 1 WHERE id = ?", txt, 0, u.id, NULL, err)))
        goto out;
    if ((rc = sg_session_end_user(s, u.id, now, err))) goto out;
    char object[96];
    snprintf(object, sizeof object, "user:%s", u.username);
    rc = sg_audit(s, by, "user", object, "disabled; sessions ended", NULL, now, err);
out:
    if (rc) {
        sg_access_rollback(s, own);
        return rc;
    }
    return sg_access_commit(s, own, err);
}

int sg_user_reset(sg_store *s, const sg_principal *by, const char *username, const char *password,
                  int64_t now, sg_error *err)
{
    int rc = sg_require(by, SG_CAP_USERS, err);
    if (rc) return rc;
    sg_user u;
    if ((rc = sg_user_get(s, username, &u, err))) return rc;
    if ((rc = sg_password_check(username, password, err))) return rc;
    char hash[crypto_pwhash_STRBYTES];
    if ((rc = hash_password(password, hash, err))) return rc;
    bool own;
    if ((rc = sg_access_begin(s, &own, err))) goto wipe;
    const char *txt[] = {hash};
    int changes = 0;
    rc = run(s,
             "UPDATE account SET password_hash = ?, disabled = 0, failed = 0, locked_until = 0 "
             "WHERE id = ?",
             txt, 1, u.id, &changes, err);
    if (rc == SG_OK && changes == 0) rc = sg_err(err, SG_ENOTFOUND, "no user '%s'", username);
    if (rc == SG_OK) rc = sg_session_end_user(s, u.id, now, err);
    if (rc == SG_OK) {
        char object[96];
        snprintf(object, sizeof object, "user:%s", u.username);
        rc = sg_audit(s, by, "user", object,
                      "password reset; enabled; lockout cleared; sessions ended", NULL, now, err);
    }
    if (rc)
        sg_access_rollback(s, own);
    else
        rc = sg_access_commit(s, own, err);
wipe:
    sodium_memzero(hash, sizeof hash);
    return rc;
}

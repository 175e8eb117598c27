/* session.c - logging in (password, throttling, lockout) and server-side sessions.
 *
 * A session token is 32 bytes from randombytes_buf shown to the client as 64 lowercase hex
 * digits; the store keeps only its BLAKE2b-256 hash, so a copy of the database gives no live
 * session. Each session has its own CSRF token. Sessions die after SG_SESSION_IDLE_SECONDS
 * without a request, after SG_SESSION_MAX_SECONDS in all, at logout, when the account is
 * disabled or reset, and (while the second factor is pending) after
 * SG_SESSION_PENDING_SECONDS. */
#include "access/access_int.h"

#include "core/mem.h"

#include <stdio.h>
#include <string.h>

int sg_session_end_user(sg_store *s, int64_t user_id, int64_t now, sg_error *err)
{
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "UPDATE session SET ended = ? WHERE account_id = ? AND ended IS NULL",
                           -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot end the sessions");
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int64(st, 2, user_id);
    int rc = sqlite3_step(st) == SQLITE_DONE ? SG_OK
                                             : sg_store_dberr(db, err, "cannot end the sessions");
    sqlite3_finalize(st);
    return rc;
}

static const char generic_fail[] =
    "the username or password is wrong, or the account cannot log in now";

/* Token text (64 lowercase hex digits) to the stored hash; false when it is not a token. */
static bool token_hash(const char *token, unsigned char hash[32])
{
    if (!token || strlen(token) != SG_TOKEN_HEX) return false;
    unsigned char raw[32];
    for (int i = 0; i < SG_TOKEN_HEX; i++) {
        char c = token[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    size_t n = 0;
    if (sodium_hex2bin(raw, sizeof raw, token, SG_TOKEN_HEX, NULL, &n, NULL) != 0 || n != 32)
        return false;
    crypto_generichash(hash, 32, raw, sizeof raw, NULL, 0);
    sodium_memzero(raw, sizeof raw);
    return true;
}

static void new_token(char out[SG_TOKEN_HEX + 1], unsigned char hash[32])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(out, SG_TOKEN_HEX + 1, raw, sizeof raw);
    if (hash) crypto_generichash(hash, 32, raw, sizeof raw, NULL, 0);
    sodium_memzero(raw, sizeof raw);
}

static int step_done(sqlite3 *db, sqlite3_stmt *st, sg_error *err, const char *what)
{
    int rc = sqlite3_step(st) == SQLITE_DONE ? SG_OK : sg_store_dberr(db, err, what);
    sqlite3_finalize(st);
    return rc;
}

/* Writes an account's failure count and lock (inside the caller's transaction). */
static int save_failures(sg_store *s, int64_t id, int failed, int64_t locked_until, sg_error *err)
{
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "UPDATE account SET failed = ?, locked_until = ? WHERE id = ?", -1,
                           &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot update the account");
    sqlite3_bind_int(st, 1, failed);
    sqlite3_bind_int64(st, 2, locked_until);
    sqlite3_bind_int64(st, 3, id);
    return step_done(db, st, err, "cannot update the account");
}

/* One more consecutive failure. A lock that has run out is forgotten first, so the count
 * starts again; the SG_LOCKOUT_FAILURES-th failure locks for SG_LOCKOUT_SECONDS. */
static bool count_failure(sg_user *u, int64_t now)
{
    if (u->locked_until != 0 && u->locked_until <= now) {
        u->failed = 0;
        u->locked_until = 0;
    }
    u->failed++;
    if (u->failed >= SG_LOCKOUT_FAILURES) {
        u->locked_until = now + SG_LOCKOUT_SECONDS;
        return true;
    }
    return false;
}

/* Failed logins from client inside the throttle window. */
static long client_failures(sg_store *s, const char *client, int64_t now)
{
    if (!client || !*client) return 0;
    sqlite3_stmt *st = NULL;
    long n = 0;
    if (sqlite3_prepare_v2(sg_store_db(s),
                           "SELECT count(*) FROM audit_log WHERE client = ? AND action = "
                           "'login_failed' AND at > ?",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, client, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, now - SG_THROTTLE_WINDOW_SECONDS);
        if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return n;
}

/* Loads the account by name; with hash, its password hash too. false when there is none. */
static bool load_account(sg_store *s, const char *username, sg_user *u, char *hash, size_t hashsz)
{
    sqlite3_stmt *st = NULL;
    bool found = false;
    if (sqlite3_prepare_v2(sg_store_db(s),
                           "SELECT " SG_USER_COLS ", password_hash FROM account WHERE username = ?",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, username, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW) {
            sg_user_from_row(st, 0, u);
            const char *h = (const char *)sqlite3_column_text(st, 10);
            if (hash) sg_strlcpy(hash, h ? h : "", hashsz);
            found = true;
        }
    }
    sqlite3_finalize(st);
    return found;
}

static void fill_principal(sg_principal *p, const sg_user *u)
{
    memset(p, 0, sizeof *p);
    p->user_id = u->id;
    sg_strlcpy(p->username, u->username, sizeof p->username);
    p->role = u->role;
    sg_strlcpy(p->agency, u->agency, sizeof p->agency);
}

static int audit_failure(sg_store *s, const sg_user *u, bool found, const char *username,
                         const char *reason, const char *client, int64_t now, sg_error *err)
{
    char object[96];
    const char *name = sg_username_valid(username) ? username : "(invalid)";
    snprintf(object, sizeof object, "user:%s", name);
    return sg_audit_as(s, found ? u->id : 0, name, found ? sg_role_name(u->role) : "public",
                       "login_failed", object, reason, client, now, err);
}

static int audit_locked(sg_store *s, const sg_user *u, const char *client, int64_t now,
                        sg_error *err)
{
    char object[96], detail[96];
    snprintf(object, sizeof object, "user:%s", u->username);
    snprintf(detail, sizeof detail, "locked after %d failed logins until %lld", u->failed,
             (long long)u->locked_until);
    return sg_audit_as(s, u->id, u->username, sg_role_name(u->role), "locked", object, detail,
                       client, now, err);
}

int sg_login(sg_store *s, const char *username, const char *password, const char *client,
             int64_t now, char *token, sg_session *out, sg_error *err)
{
    if (token) token[0] = '\0';
    if (out) memset(out, 0, sizeof *out);
    if (!token || !out) return sg_err(err, SG_EINVAL, "sg_login needs token and out");
    if (sodium_init() < 0) return sg_err(err, SG_EIO, "libsodium could not initialise");
    if (!username) username = "";
    sg_user u;
    memset(&u, 0, sizeof u);
    char hash[crypto_pwhash_STRBYTES + 1];
    hash[0] = '\0';
    const char *reason = NULL;
    bool found = false, pw_ok = false, locked_now = false;
    /* Throttling comes before the Argon2 work, so a flood costs us little. */
    if (client_failures(s, client, now) >= SG_THROTTLE_FAILURES) {
        reason = "too many failed logins from this address";
        found = sg_username_valid(username) && load_account(s, username, &u, NULL, 0);
    } else {
        found = sg_username_valid(username) && load_account(s, username, &u, hash, sizeof hash);
        /* Always one Argon2 verification, against a dummy hash for an unknown name, so the
         * time taken does not tell whether the account exists. */
        pw_ok = sg_password_verify(found ? hash : NULL, password) && found;
        sodium_memzero(hash, sizeof hash);
    }
    bool own;
    int rc = sg_access_begin(s, &own, err);
    if (rc) return rc;
    /* Decide on the account's state as it is now, inside the write transaction, so two
     * concurrent attempts cannot both slip under the lockout. */
    if (found && !load_account(s, u.username, &u, NULL, 0)) found = false;
    if (!reason) {
        if (!found)
            reason = "unknown user";
        else if (u.disabled)
            reason = "account disabled";
        else if (u.locked_until > now)
            reason = "account locked";
        else if (!pw_ok) {
            reason = "wrong password";
            locked_now = count_failure(&u, now);
            if ((rc = save_failures(s, u.id, u.failed, u.locked_until, err))) goto fail;
        }
    }
    if (reason) {
        if ((rc = audit_failure(s, &u, found, username, reason, client, now, err))) goto fail;
        if (locked_now && (rc = audit_locked(s, &u, client, now, err))) goto fail;
        if ((rc = sg_access_commit(s, own, err))) return rc;
        return sg_err(err, SG_EAUTH, "%s", generic_fail);
    }
    bool needs = sg_role_needs_totp(u.role);
    if (needs && !u.totp_enrolled) {
        /* Said only after the right password, so it reveals nothing to a guesser. */
        if ((rc = audit_failure(s, &u, true, username, "no second factor enrolled", client, now,
                                err)))
            goto fail;
        if ((rc = sg_access_commit(s, own, err))) return rc;
        return sg_err(err, SG_EAUTH,
                      "this account has no second factor yet: ask an administrator to enrol "
                      "one ('safeguard user totp %s')",
                      u.username);
    }
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    if (!needs) {
        /* Only a completed login clears the failure count: with a second factor pending, the
         * password alone must not reset the count of wrong codes. */
        if (sqlite3_prepare_v2(db,
                               "UPDATE account SET failed = 0, locked_until = 0, last_login = ? "
                               "WHERE id = ?",
                               -1, &st, NULL) != SQLITE_OK) {
            rc = sg_store_dberr(db, err, "cannot update the account");
            goto fail;
        }
        sqlite3_bind_int64(st, 1, now);
        sqlite3_bind_int64(st, 2, u.id);
        if ((rc = step_done(db, st, err, "cannot update the account"))) goto fail;
        u.failed = 0;
    }
    /* Old ended sessions are of no further use; keep the table small. */
    if (sqlite3_prepare_v2(db, "DELETE FROM session WHERE ended IS NOT NULL AND ended < ?", -1, &st,
                           NULL) != SQLITE_OK) {
        rc = sg_store_dberr(db, err, "cannot tidy the sessions");
        goto fail;
    }
    sqlite3_bind_int64(st, 1, now - 7 * 24 * 3600);
    if ((rc = step_done(db, st, err, "cannot tidy the sessions"))) goto fail;
    unsigned char th[32];
    char csrf[SG_TOKEN_HEX + 1];
    new_token(token, th);
    new_token(csrf, NULL);
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO session (token_hash, account_id, second_factor_done, "
                           "csrf, client, created, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = sg_store_dberr(db, err, "cannot create the session");
        goto fail;
    }
    sqlite3_bind_blob(st, 1, th, sizeof th, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, u.id);
    sqlite3_bind_int(st, 3, needs ? 0 : 1);
    sqlite3_bind_text(st, 4, csrf, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, client ? client : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 6, now);
    sqlite3_bind_int64(st, 7, now);
    if ((rc = step_done(db, st, err, "cannot create the session"))) goto fail;
    out->id = sqlite3_last_insert_rowid(db);
    fill_principal(&out->who, &u);
    out->second_factor_done = !needs;
    out->created = out->last_seen = now;
    memcpy(out->csrf, csrf, sizeof csrf);
    char object[96];
    snprintf(object, sizeof object, "user:%s", u.username);
    if ((rc = sg_audit(s, &out->who, "login", object,
                       needs ? "password accepted; second factor pending" : "logged in", client,
                       now, err)))
        goto fail;
    if ((rc = sg_access_commit(s, own, err))) goto wipe;
    return SG_OK;
fail:
    sg_access_rollback(s, own);
wipe:
    sodium_memzero(token, SG_TOKEN_HEX + 1);
    memset(out, 0, sizeof *out);
    return rc;
}

/* The live session for a token hash with its account, or why there is none. */
static int load_session(sg_store *s, const unsigned char th[32], sg_session *out, sg_user *u,
                        sg_error *err)
{
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT s.id, s.second_factor_done, s.created, s.last_seen, s.csrf, "
                           "a.id, a.username, a.role, a.agency, a.disabled, "
                           "a.totp_secret IS NOT NULL, a.failed, a.locked_until, a.created, "
                           "a.last_login FROM session s JOIN account a ON a.id = s.account_id "
                           "WHERE s.token_hash = ? AND s.ended IS NULL",
                           -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot read the sessions");
    sqlite3_bind_blob(st, 1, th, 32, SQLITE_STATIC);
    int rc = sg_store_step_row(st, "cannot read the sessions", err);
    if (rc == SG_OK) {
        memset(out, 0, sizeof *out);
        out->id = sqlite3_column_int64(st, 0);
        out->second_factor_done = sqlite3_column_int(st, 1) != 0;
        out->created = sqlite3_column_int64(st, 2);
        out->last_seen = sqlite3_column_int64(st, 3);
        const char *c = (const char *)sqlite3_column_text(st, 4);
        sg_strlcpy(out->csrf, c ? c : "", sizeof out->csrf);
        sg_user_from_row(st, 5, u);
        fill_principal(&out->who, u);
    } else if (rc == SG_ENOTFOUND) {
        rc = sg_err(err, SG_EAUTH, "no live session");
    }
    sqlite3_finalize(st);
    return rc;
}

/* Why a loaded session is no longer live at now, or NULL. The boundaries: idle for exactly
 * SG_SESSION_IDLE_SECONDS, or SG_SESSION_MAX_SECONDS after creation, is dead. */
static const char *dead_reason(const sg_session *ss, const sg_user *u, int64_t now)
{
    if (u->disabled) return "account disabled";
    if (now - ss->created >= SG_SESSION_MAX_SECONDS) return "lifetime reached";
    if (now - ss->last_seen >= SG_SESSION_IDLE_SECONDS) return "idle";
    if (!ss->second_factor_done && now - ss->created >= SG_SESSION_PENDING_SECONDS)
        return "second factor not completed in time";
    return NULL;
}

static int end_session_row(sg_store *s, int64_t id, int64_t now, sg_error *err)
{
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "UPDATE session SET ended = ? WHERE id = ? AND ended IS NULL", -1,
                           &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot end the session");
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int64(st, 2, id);
    return step_done(db, st, err, "cannot end the session");
}

/* Loads the session for token and checks it is live; a dead one is marked ended. */
static int live_session(sg_store *s, const char *token, int64_t now, sg_session *out, sg_user *u,
                        sg_error *err)
{
    unsigned char th[32];
    if (!token_hash(token, th)) return sg_err(err, SG_EAUTH, "no live session");
    int rc = load_session(s, th, out, u, err);
    if (rc) return rc;
    if (dead_reason(out, u, now)) {
        end_session_row(s, out->id, now, NULL);
        memset(out, 0, sizeof *out);
        return sg_err(err, SG_EAUTH, "no live session");
    }
    return SG_OK;
}

int sg_session_get(sg_store *s, const char *token, int64_t now, sg_session *out, sg_error *err)
{
    sg_session tmp;
    if (!out) out = &tmp;
    sg_user u;
    int rc = live_session(s, token, now, out, &u, err);
    if (rc) return rc;
    /* At most one write per session per second, however many requests arrive. */
    if (now > out->last_seen) {
        sqlite3 *db = sg_store_db(s);
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db, "UPDATE session SET last_seen = ? WHERE id = ?", -1, &st,
                               NULL) != SQLITE_OK)
            return sg_store_dberr(db, err, "cannot update the session");
        sqlite3_bind_int64(st, 1, now);
        sqlite3_bind_int64(st, 2, out->id);
        if ((rc = step_done(db, st, err, "cannot update the session"))) return rc;
        out->last_seen = now;
    }
    return SG_OK;
}

int sg_session_end(sg_store *s, const char *token, int64_t now, sg_error *err)
{
    sg_session ss;
    sg_user u;
    int rc = live_session(s, token, now, &ss, &u, err);
    if (rc) return rc;
    bool own;
    if ((rc = sg_access_begin(s, &own, err))) return rc;
    char object[96];
    snprintf(object, sizeof object, "user:%s", u.username);
    if ((rc = end_session_row(s, ss.id, now, err)) ||
        (rc = sg_audit(s, &ss.who, "logout", object, "session ended", NULL, now, err))) {
        sg_access_rollback(s, own);
        return rc;
    }
    return sg_access_commit(s, own, err);
}

bool sg_csrf_ok(const sg_session *sess, const char *submitted)
{
    if (!sess || !submitted || strlen(sess->csrf) != SG_TOKEN_HEX ||
        strlen(submitted) != SG_TOKEN_HEX)
        return false;
    return sodium_memcmp(sess->csrf, submitted, SG_TOKEN_HEX) == 0;
}

/* Six digits, spaces allowed between groups ("123 456"); -1 otherwise. */
static long parse_code(const char *code)
{
    long v = 0;
    int digits = 0;
    for (const char *p = code ? code : ""; *p; p++) {
        if (*p == ' ') continue;
        if (*p < '0' || *p > '9' || ++digits > 6) return -1;
        v = v * 10 + (*p - '0');
    }
    return digits == 6 ? v : -1;
}

int sg_login_totp(sg_store *s, const char *token, const char *code, const char *client, int64_t now,
                  sg_session *out, sg_error *err)
{
    sg_session tmp;
    if (!out) out = &tmp;
    sg_user u;
    int rc = live_session(s, token, now, out, &u, err);
    if (rc) return rc;
    if (out->second_factor_done) {
        memset(out, 0, sizeof *out);
        return sg_err(err, SG_EINVAL, "the second factor of this session is already done");
    }
    uint8_t key[32];
    size_t keylen = 0;
    int64_t last_step = 0, matched = -1;
    bool used = false;
    sg_totp_alg alg = SG_TOTP_SHA1;
    if ((rc = sg_totp_secret_load(s, u.id, key, sizeof key, &keylen, &last_step, &alg, err))) {
        memset(out, 0, sizeof *out);
        return rc == SG_ENOTFOUND ? sg_err(err, SG_EAUTH, "no second factor enrolled") : rc;
    }
    long want = parse_code(code);
    int64_t now_step = now > 0 ? now / 30 : 0;
    for (int64_t st = now_step - 1; want >= 0 && st <= now_step + 1 && matched < 0; st++) {
        if (st < 0) continue;
        if ((long)sg_totp_code(alg, key, keylen, st * 30, 6) != want) continue;
        if (st > last_step)
            matched = st;
        else
            used = true;
    }
    sodium_memzero(key, sizeof key);
    bool own;
    if ((rc = sg_access_begin(s, &own, err))) return rc;
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    /* Fresh state inside the transaction: a concurrent request may have used the step or
     * locked the account since. */
    if (!load_account(s, u.username, &u, NULL, 0)) {
        rc = sg_err(err, SG_EAUTH, "no live session");
        goto fail;
    }
    int64_t fresh_last = last_step;
    if (sqlite3_prepare_v2(db, "SELECT totp_last_step FROM account WHERE id = ?", -1, &st, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_int64(st, 1, u.id);
        if (sqlite3_step(st) == SQLITE_ROW) fresh_last = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    st = NULL;
    if (matched >= 0 && matched <= fresh_last) {
        matched = -1;
        used = true;
    }
    const char *reason = NULL;
    bool locked_now = false;
    if (u.locked_until > now)
        reason = "account locked";
    else if (matched < 0) {
        reason = used ? "second factor code already used" : "wrong second factor code";
        locked_now = count_failure(&u, now);
        if ((rc = save_failures(s, u.id, u.failed, u.locked_until, err))) goto fail;
    }
    if (reason) {
        if ((rc = audit_failure(s, &u, true, u.username, reason, client, now, err))) goto fail;
        if (locked_now && ((rc = audit_locked(s, &u, client, now, err)) ||
                           (rc = end_session_row(s, out->id, now, err))))
            goto fail;
        if ((rc = sg_access_commit(s, own, err))) return rc;
        memset(out, 0, sizeof *out);
        return sg_err(err, SG_EAUTH, "the code is wrong or has already been used");
    }
    if (sqlite3_prepare_v2(db,
                           "UPDATE account SET totp_last_step = ?, failed = 0, locked_until = 0, "
                           "last_login = ? WHERE id = ?",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = sg_store_dberr(db, err, "cannot update the account");
        goto fail;
    }
    sqlite3_bind_int64(st, 1, matched);
    sqlite3_bind_int64(st, 2, now);
    sqlite3_bind_int64(st, 3, u.id);
    if ((rc = step_done(db, st, err, "cannot update the account"))) goto fail;
    if (sqlite3_prepare_v2(db,
                           "UPDATE session SET second_factor_done = 1, last_seen = ? WHERE id = ?",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = sg_store_dberr(db, err, "cannot update the session");
        goto fail;
    }
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int64(st, 2, out->id);
    if ((rc = step_done(db, st, err, "cannot update the session"))) goto fail;
    char object[96];
    snprintf(object, sizeof object, "user:%s", u.username);
    if ((rc = sg_audit(s, &out->who, "totp", object, "second factor accepted", client, now, err)))
        goto fail;
    if ((rc = sg_access_commit(s, own, err))) {
        memset(out, 0, sizeof *out);
        return rc;
    }
    out->second_factor_done = true;
    out->last_seen = now;
    return SG_OK;
fail:
    sg_access_rollback(s, own);
    memset(out, 0, sizeof *out);
    return rc;
}

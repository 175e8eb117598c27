/* access_int.h - helpers shared by the access layer's files (access.c, users.c, session.c,
 * totp.c, audit.c) and not part of the contract: subkeys of the partnership key, the
 * transaction helper that nests inside a caller's transaction, and the input rules. */
#ifndef SG_ACCESS_INT_H
#define SG_ACCESS_INT_H

#include "access/access.h"

#include <sodium.h>

/* crypto_kdf subkeys of the partnership key, one context per use (contexts are 8 bytes). */
#define SG_KDF_TOTP "SGTOTP01"  /* encrypts TOTP secrets at rest */
#define SG_KDF_AUDIT "SGAUDIT1" /* keys the audit trail's hash chain */

/* Writes the 32-byte subkey for ctx into key (caller wipes it with sodium_memzero). */
void sg_access_subkey(sg_store *s, const char *ctx, unsigned char key[32]);

/* Starts a write transaction unless one is open (then *own = false and the caller's
 * transaction carries the work; the caller commits or rolls back). */
int sg_access_begin(sg_store *s, bool *own, sg_error *err);
int sg_access_commit(sg_store *s, bool own, sg_error *err);
void sg_access_rollback(sg_store *s, bool own);

/* 1-63 of [a-z0-9._-]. */
bool sg_username_valid(const char *u);
/* 1-31 of [A-Z0-9_] (the agency codes submissions use). */
bool sg_agency_code_valid(const char *a);

/* The columns sg_user_from_row reads, in order. */
#define SG_USER_COLS                                                                               \
    "id, username, role, agency, disabled, totp_secret IS NOT NULL, failed, locked_until, "        \
    "created, last_login"
/* Fills u from a row whose columns from first on are SG_USER_COLS. */
void sg_user_from_row(sqlite3_stmt *st, int first, sg_user *u);
/* Argon2id verification against a stored string; with hash NULL, against a fixed hash of a
 * random password, so that an unknown user costs the same time as a known one. */
bool sg_password_verify(const char *hash, const char *password);

/* The user's TOTP secret, decrypted into key (keysz >= 32; caller wipes it), the last time
 * step accepted and the account's HMAC algorithm. SG_ENOTFOUND when the user has none;
 * SG_ECONFLICT when it does not decrypt (altered, moved to another account, or another
 * partnership key) or its algorithm is unknown. */
int sg_totp_secret_load(sg_store *s, int64_t user_id, uint8_t *key, size_t keysz, size_t *keylen,
                        int64_t *last_step, sg_totp_alg *alg, sg_error *err);

/* Ends every live session of a user (inside the caller's transaction). */
int sg_session_end_user(sg_store *s, int64_t user_id, int64_t now, sg_error *err);

/* Audit entry for a user who is not the principal acting (failed logins, where the principal
 * is the anonymous public): username is recorded as given when it has the username shape,
 * "(invalid)" otherwise, so a password typed into the name box is not kept. */
int sg_audit_as(sg_store *s, int64_t user_id, const char *username, const char *role,
                const char *action, const char *object, const char *detail, const char *client,
                int64_t now, sg_error *err);

#endif

/* access.h - who may do what: accounts, sessions, second factor, roles with agency scoping, and
 * the hash-chained audit trail of who saw and changed what.
 *
 * This is the contract between the library's access layer (src/access/) and its shells (CLI
 * verbs `user` and `audit`, and the web service in src/web/). Scoping is decided here, once:
 * the web pages and API ask sg_can()/sg_scope_*() and call the scoped query functions
 * (scope.h), never test a role themselves.
 *
 * Times are Unix seconds (int64_t) passed in by the caller, so that tests can move the clock;
 * the shells pass time(NULL). All tables live in the store's database (a migration of the
 * access layer's own). Secrets: passwords are kept only as Argon2id hashes
 * (crypto_pwhash_str), session tokens only as BLAKE2b hashes, TOTP secrets encrypted under a
 * subkey of the partnership key. */
#ifndef SG_ACCESS_H
#define SG_ACCESS_H

#include "core/sg.h"
#include "store/store.h"

#include <stdbool.h>
#include <stdint.h>

/* ---- roles and capabilities ---- */

typedef enum sg_role {
    SG_ROLE_PUBLIC = 0, /* not logged in: published report only */
    SG_ROLE_ADMIN,      /* everything, including users and the audit trail */
    SG_ROLE_ANALYST,    /* all data including child-level */
    SG_ROLE_BUSINESS,   /* business unit: registers, dataset, report; no child-level data */
    SG_ROLE_AGENCY,     /* an agency's data owner: its own submissions, findings and actions */
    SG_ROLE_EXECUTIVE,  /* aggregates, trackers, report; no child-level data */
    SG_ROLE_SCRUTINEER, /* as executive, read only */
    SG__ROLE_COUNT
} sg_role;

/* "public", "admin", "analyst", "business", "agency", "executive", "scrutineer". */
const char *sg_role_name(sg_role r);
/* Parses a role name (case-insensitive). SG_EINVAL (message lists the names) when unknown. */
int sg_role_parse(const char *name, sg_role *out, sg_error *err);
/* True for roles that can see child-level data and so must pass a TOTP second factor. */
bool sg_role_needs_totp(sg_role r);

typedef enum sg_cap {
    SG_CAP_CHILD_LEVEL = 0, /* child-level rows: pseudonyms, record values, rejected values */
    SG_CAP_SUBMISSIONS,     /* see submissions, findings, reconciliation (agency: own only) */
    SG_CAP_UPLOAD,          /* upload a return (agency: for its own agency only) */
    SG_CAP_DATASET,         /* the dataset dashboard (aggregates, disclosure not applied) */
    SG_CAP_REGISTERS_READ,  /* registers and trackers (agency: own agency's actions only) */
    SG_CAP_REGISTERS_WRITE, /* add/update register entries (agency: own actions' progress) */
    SG_CAP_REPORT_PREVIEW,  /* the unpublished yearly report */
    SG_CAP_REPORT_PUBLISH,  /* publish the report to the public page */
    SG_CAP_USERS,           /* manage accounts */
    SG_CAP_AUDIT,           /* read and verify the audit trail */
    SG__CAP_COUNT
} sg_cap;

/* Who is acting. user_id 0 with SG_ROLE_PUBLIC is the anonymous public. */
typedef struct sg_principal {
    int64_t user_id;
    char username[64];
    sg_role role;
    char agency[32]; /* agency code for SG_ROLE_AGENCY (e.g. "POLICE"), "" otherwise */
} sg_principal;

/* The anonymous public principal. */
sg_principal sg_principal_public(void);
/* A principal for local CLI use by the operating-system user (role admin, username from $USER
 * or "cli"): the CLI runs with file access to the store, so it is trusted, but its actions are
 * still audited under this name. */
sg_principal sg_principal_cli(void);

/* The capability matrix (one table in access.c, documented in docs/access.md). */
bool sg_can(const sg_principal *p, sg_cap c);
/* True when p may see or act on data of this agency: every role with the capability sees all
 * agencies except SG_ROLE_AGENCY, which sees only its own. */
bool sg_can_agency(const sg_principal *p, const char *agency);
/* SG_OK, or SG_EFORBIDDEN with a generic message ("not allowed") in err. */
int sg_require(const sg_principal *p, sg_cap c, sg_error *err);

/* ---- accounts ---- */

typedef struct sg_user {
    int64_t id;
    char username[64];
    sg_role role;
    char agency[32];
    bool disabled;
    bool totp_enrolled;
    int failed;           /* consecutive failed logins */
    int64_t locked_until; /* 0 when not locked */
    int64_t created, last_login;
} sg_user;

#define SG_PASSWORD_MIN 12 /* characters; longer passphrases welcome */
#define SG_PASSWORD_MAX 256
#define SG_LOCKOUT_FAILURES 6
#define SG_LOCKOUT_SECONDS (30 * 60)

/* The password rules, checked by add and reset (and for the web's forms): SG_PASSWORD_MIN..MAX
 * bytes, no control characters, not one character repeated, not containing the username
 * (3 or more characters, any case), not one of the well-known long passwords. SG_EINVAL with
 * a message saying which rule failed (never echoing the password). */
int sg_password_check(const char *username, const char *password, sg_error *err);

/* Adds a user. username: 1-63 of [a-z0-9._-]; agency required for (and only for) the agency
 * role; password SG_PASSWORD_MIN..MAX bytes. SG_ECONFLICT if the name exists. Audited. */
int sg_user_add(sg_store *s, const sg_principal *by, const char *username, sg_role role,
                const char *agency, const char *password, int64_t now, sg_error *err);
/* Disables (cannot log in; sessions end). SG_ENOTFOUND when unknown. Audited. */
int sg_user_disable(sg_store *s, const sg_principal *by, const char *username, int64_t now,
                    sg_error *err);
/* Sets a new password, re-enables, clears the lockout and ends the user's sessions. Audited. */
int sg_user_reset(sg_store *s, const sg_principal *by, const char *username, const char *password,
                  int64_t now, sg_error *err);
int sg_user_get(sg_store *s, const char *username, sg_user *out, sg_error *err);
typedef int (*sg_user_fn)(void *ctx, const sg_user *u);
int sg_user_each(sg_store *s, sg_user_fn fn, void *ctx, sg_error *err);

/* The HMAC behind a TOTP code. SHA1 is RFC 6238's default and what Microsoft and Google
 * Authenticator compute (they ignore algorithm= in the URI); SHA256 is kept for accounts
 * enrolled before SHA1 was supported. Stored per account (account.totp_algorithm). */
typedef enum sg_totp_alg { SG_TOTP_SHA1, SG_TOTP_SHA256 } sg_totp_alg;
const char *sg_totp_alg_name(sg_totp_alg alg); /* "SHA1" / "SHA256", as otpauth:// URIs say */
/* "SHA1"/"sha1"/"SHA256"/"sha256" -> *out; SG_EINVAL otherwise. */
int sg_totp_alg_parse(const char *name, sg_totp_alg *out);

/* Creates (or replaces) the user's TOTP secret: 20 random bytes, stored sealed under a subkey
 * of the partnership key, for HMAC-SHA-1 (sg_user_totp_enrol) or the algorithm given. Writes
 * the base32 secret (secret_b32, >= 40 bytes) and an otpauth:// URI (uri, >= 256 bytes) with
 * algorithm=SHA1 or SHA256 for an authenticator app (SG_EINVAL when smaller). Needs
 * SG_CAP_USERS. Audited. */
int sg_user_totp_enrol(sg_store *s, const sg_principal *by, const char *username, int64_t now,
                       char *secret_b32, size_t secret_sz, char *uri, size_t uri_sz, sg_error *err);
int sg_user_totp_enrol_alg(sg_store *s, const sg_principal *by, const char *username,
                           sg_totp_alg alg, int64_t now, char *secret_b32, size_t secret_sz,
                           char *uri, size_t uri_sz, sg_error *err);

/* ---- TOTP (RFC 6238) ---- */

/* The code for key at Unix time t with the HMAC alg (SHA-1: nettle; SHA-256: libsodium),
 * 30-second steps, digits digits (1..9). RFC 6238 appendix B's SHA-1 and SHA-256 vectors are
 * the tests (with 8 digits). sg_totp is sg_totp_code with SG_TOTP_SHA256. */
uint32_t sg_totp_code(sg_totp_alg alg, const uint8_t *key, size_t keylen, int64_t t, int digits);
uint32_t sg_totp(const uint8_t *key, size_t keylen, int64_t t, int digits);
/* text (an otpauth:// URI) as a QR code (libqrencode, level M, 8-bit) drawn in UTF-8 half blocks,
 * light modules as blocks, with a 2-module quiet zone: (width + 4) columns by (width + 5) / 2
 * lines, each ending in '\n'. *out is malloc'd (caller frees); *modules (may be NULL) gets the
 * symbol's width in modules (17 + 4 x version). SG_ELIMIT when text does not fit. (qr.c) */
int sg_totp_qr_utf8(const char *text, char **out, int *modules, sg_error *err);
/* base32 (RFC 4648, no padding) both ways; decode returns SG_EPARSE on a bad character. */
int sg_base32_encode(const uint8_t *in, size_t n, char *out, size_t outsz);
int sg_base32_decode(const char *in, uint8_t *out, size_t outsz, size_t *outlen, sg_error *err);

/* ---- logging in and sessions ---- */

#define SG_SESSION_IDLE_SECONDS (30 * 60)
#define SG_SESSION_MAX_SECONDS (12 * 60 * 60)
#define SG_SESSION_PENDING_SECONDS (5 * 60) /* to complete the second factor after the password */
#define SG_TOKEN_HEX 64                     /* 256-bit tokens as lowercase hex */
/* Per client address: this many failed logins (any usernames) inside the window refuse further
 * attempts from that address until the window has moved on, without checking the password. */
#define SG_THROTTLE_FAILURES 20
#define SG_THROTTLE_WINDOW_SECONDS (15 * 60)

typedef struct sg_session {
    int64_t id;
    sg_principal who;
    bool second_factor_done; /* false: only the TOTP step is allowed */
    int64_t created, last_seen;
    char csrf[SG_TOKEN_HEX + 1]; /* the session's CSRF token (hex), for forms */
} sg_session;

/* Checks username and password. On success creates a session and writes its token
 * (token, SG_TOKEN_HEX + 1 bytes; only its hash is stored). If the role needs a second factor
 * the session starts with second_factor_done = false. Failures: SG_EAUTH with the same
 * generic message for unknown user, wrong password, disabled or locked account (the audit
 * trail records which); the 6th consecutive failure locks the account for 30 minutes; a
 * locked account fails even with the right password. Every attempt is audited with the
 * client address given (may be NULL). */
int sg_login(sg_store *s, const char *username, const char *password, const char *client,
             int64_t now, char *token, sg_session *out, sg_error *err);
/* Completes the second factor for a session: accepts the code of the current step or one step
 * either side, never the same step twice (nor a step older than the last accepted). A wrong,
 * malformed or replayed code counts as a failed login (the 6th locks the account and ends the
 * session). SG_EAUTH on failure or when there is no live pending session; SG_EINVAL when the
 * session's second factor is already done; SG_ECONFLICT when the stored secret does not
 * decrypt (altered, or copied from another account). */
int sg_login_totp(sg_store *s, const char *token, const char *code, const char *client, int64_t now,
                  sg_session *out, sg_error *err);
/* Finds the live session for a token, enforcing idle timeout and absolute lifetime and the
 * user's state (disabled users' sessions are dead); refreshes last_seen. SG_EAUTH when there is
 * no live session. Dead at exactly SG_SESSION_IDLE_SECONDS idle or SG_SESSION_MAX_SECONDS old,
 * and, while the second factor is pending, SG_SESSION_PENDING_SECONDS after the password. A
 * session with second_factor_done false is returned (SG_OK): the caller allows it only the
 * TOTP step. */
int sg_session_get(sg_store *s, const char *token, int64_t now, sg_session *out, sg_error *err);
/* Ends a session (logout). Audited. */
int sg_session_end(sg_store *s, const char *token, int64_t now, sg_error *err);
/* Constant-time comparison of a submitted CSRF token with the session's. */
bool sg_csrf_ok(const sg_session *sess, const char *submitted);

/* ---- audit trail ---- */

/* Actions are short lowercase words: "login", "login_failed", "logout", "totp", "locked",
 * "view_child", "view", "export", "upload", "change", "user", "publish". object names what was
 * touched ("submission:12", "register:actions:7", "child:<pseudonym>"); detail is free text
 * (never a raw identifier). Entries are chained: hash = keyed BLAKE2b (a subkey of the
 * partnership key) over the previous hash and this entry's fields, so an edit, insertion or
 * deletion anywhere breaks verification from that point. */
int sg_audit(sg_store *s, const sg_principal *who, const char *action, const char *object,
             const char *detail, const char *client, int64_t now, sg_error *err);

typedef struct sg_audit_entry {
    int64_t seq;
    int64_t at;
    char username[64];
    char role[16];
    char action[24];
    char object[128];
    char detail[256];
    char client[64];
} sg_audit_entry;

typedef struct sg_audit_filter {
    const char *username; /* NULL = any */
    const char *object;   /* prefix match, NULL = any */
    const char *action;   /* NULL = any */
    int64_t from, to;     /* Unix seconds inclusive; 0 = open */
    long limit;           /* 0 = no limit; newest first when limited */
} sg_audit_filter;

typedef int (*sg_audit_fn)(void *ctx, const sg_audit_entry *e);
int sg_audit_each(sg_store *s, const sg_audit_filter *f, sg_audit_fn fn, void *ctx, sg_error *err);

/* Recomputes the chain. SG_OK with *checked = entries (the genesis entry included);
 * SG_ECONFLICT when broken, with *first_bad = the first sequence number that does not verify
 * (a deletion shows as a gap; 0 when the trail is empty, has no genesis entry, or lacks an
 * entry the store's accounts or submissions imply) and a message saying what is wrong. */
int sg_audit_verify(sg_store *s, long *checked, int64_t *first_bad, sg_error *err);

/* The schema from which every trail has its genesis entry (store/schema.c, migration 9). */
#define SG_AUDIT_GENESIS_SCHEMA 9

/* The same for a store written by a release before the genesis entry (schema below
 * SG_AUDIT_GENESIS_SCHEMA, e.g. a pre-upgrade backup being restored as it was): the chain and
 * its head are checked as that release checked them; no genesis entry is required, and an
 * empty trail verifies. Never use it on a current store: there it would let a wipe pass. */
int sg_audit_verify_legacy(sg_store *s, long *checked, int64_t *first_bad, sg_error *err);
/* The genesis step (docs/access.md): writes the keyed genesis entry (seq 0) of a new store's
 * empty trail, or a genesis marker after the last entry of a store from before it; does
 * nothing when the trail has one, or when the trail is empty but the store holds accounts or
 * submissions (a wiped trail is never sealed again). sg_audit runs it before every entry;
 * shells call it right after opening a store, before they change anything. */
int sg_audit_seal(sg_store *s, int64_t now, sg_error *err);
/* The last entry's sequence number and hash (64 lowercase hex digits; "" and 0 when the trail
 * is empty). Writing these down outside the store (a ticket, an e-mail, a printed log) anchors
 * the trail: a later verify that ends on a shorter or different head shows a rollback that the
 * chain alone cannot (docs/access.md). */
int sg_audit_head(sg_store *s, int64_t *seq, char hex[65], sg_error *err);

#endif

/* totp.c - the second factor: RFC 6238 time-based one-time passwords with HMAC-SHA-1 (RFC 6238's
 * default and the only algorithm Microsoft and Google Authenticator implement; nettle, as
 * libsodium has no SHA-1) for new enrolments, or HMAC-SHA-256 (libsodium) for accounts enrolled
 * before SHA-1 was supported - stored per account - RFC 4648 base32 for the secret, and the
 * secret's storage: 20 random bytes encrypted with XChaCha20-Poly1305 under a crypto_kdf
 * subkey of the partnership key, with the account id as associated data so a secret copied
 * onto another account does not decrypt. Checking a code against the clock, the window and
 * replay is in session.c (sg_login_totp), where it counts towards the lockout. */
#include "access/access_int.h"

#include "core/mem.h"

#include <nettle/hmac.h>
#include <stdio.h>
#include <string.h>

#define SECRET_LEN 20
#define NONCE_LEN crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define SEALED_LEN (NONCE_LEN + SECRET_LEN + crypto_aead_xchacha20poly1305_ietf_ABYTES)

const char *sg_totp_alg_name(sg_totp_alg alg)
{
    return alg == SG_TOTP_SHA256 ? "SHA256" : "SHA1";
}

int sg_totp_alg_parse(const char *name, sg_totp_alg *out)
{
    if (name && (strcmp(name, "SHA1") == 0 || strcmp(name, "sha1") == 0)) {
        *out = SG_TOTP_SHA1;
        return SG_OK;
    }
    if (name && (strcmp(name, "SHA256") == 0 || strcmp(name, "sha256") == 0)) {
        *out = SG_TOTP_SHA256;
        return SG_OK;
    }
    return SG_EINVAL;
}

uint32_t sg_totp(const uint8_t *key, size_t keylen, int64_t t, int digits)
{
    return sg_totp_code(SG_TOTP_SHA256, key, keylen, t, digits);
}

uint32_t sg_totp_code(sg_totp_alg alg, const uint8_t *key, size_t keylen, int64_t t, int digits)
{
    if (digits < 1) digits = 1;
    if (digits > 9) digits = 9;
    uint64_t counter = t > 0 ? (uint64_t)t / 30 : 0;
    unsigned char msg[8], mac[crypto_auth_hmacsha256_BYTES];
    for (int i = 0; i < 8; i++)
        msg[i] = (unsigned char)(counter >> (56 - 8 * i)); /* big-endian, as the RFC says */
    size_t maclen;
    if (alg == SG_TOTP_SHA1) {
        struct hmac_sha1_ctx st;
        hmac_sha1_set_key(&st, keylen, key);
        hmac_sha1_update(&st, sizeof msg, msg);
        hmac_sha1_digest(&st, SHA1_DIGEST_SIZE, mac);
        maclen = SHA1_DIGEST_SIZE;
        sodium_memzero(&st, sizeof st);
    } else {
        crypto_auth_hmacsha256_state st;
        crypto_auth_hmacsha256_init(&st, key, keylen);
        crypto_auth_hmacsha256_update(&st, msg, sizeof msg);
        crypto_auth_hmacsha256_final(&st, mac);
        maclen = crypto_auth_hmacsha256_BYTES;
        sodium_memzero(&st, sizeof st);
    }
    /* Dynamic truncation (RFC 4226 5.3): four bytes at the offset the last nibble names. */
    unsigned off = mac[maclen - 1] & 0x0f;
    uint32_t bin = ((uint32_t)(mac[off] & 0x7f) << 24) | ((uint32_t)mac[off + 1] << 16) |
                   ((uint32_t)mac[off + 2] << 8) | (uint32_t)mac[off + 3];
    uint32_t mod = 1;
    for (int i = 0; i < digits; i++)
        mod *= 10;
    sodium_memzero(mac, sizeof mac);
    return bin % mod;
}

static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int sg_base32_encode(const uint8_t *in, size_t n, char *out, size_t outsz)
{
    size_t need = (n * 8 + 4) / 5 + 1;
    if (!out || outsz < need) return SG_ELIMIT;
    size_t o = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        acc = (acc << 8) | in[i];
        bits += 8;
        while (bits >= 5) {
            out[o++] = b32[(acc >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0) out[o++] = b32[(acc << (5 - bits)) & 31];
    out[o] = '\0';
    return SG_OK;
}

int sg_base32_decode(const char *in, uint8_t *out, size_t outsz, size_t *outlen, sg_error *err)
{
    *outlen = 0;
    if (!in) return sg_err(err, SG_EPARSE, "no base32 text");
    uint32_t acc = 0;
    int bits = 0;
    size_t o = 0, chars = 0;
    bool padding = false;
    for (const char *p = in; *p; p++) {
        char c = *p;
        /* Authenticator apps and people write secrets in groups; spaces and dashes are layout. */
        if (c == ' ' || c == '-') continue;
        if (c == '=') {
            padding = true;
            continue;
        }
        int v;
        if (c >= 'A' && c <= 'Z')
            v = c - 'A';
        else if (c >= 'a' && c <= 'z')
            v = c - 'a';
        else if (c >= '2' && c <= '7')
            v = c - '2' + 26;
        else
            return sg_err(err, SG_EPARSE, "'%c' is not a base32 character (A-Z, 2-7)",
                          (c >= 0x20 && c < 0x7f) ? c : '?');
        if (padding) return sg_err(err, SG_EPARSE, "base32 text continues after '=' padding");
        chars++;
        acc = (acc << 5) | (uint32_t)v;
        bits += 5;
        if (bits >= 8) {
            if (o >= outsz)
                return sg_err(err, SG_ELIMIT, "base32 text decodes to more than %zu bytes", outsz);
            out[o++] = (uint8_t)(acc >> (bits - 8));
            bits -= 8;
        }
    }
    /* 1, 3 and 6 characters past a whole group cannot come from any byte string, and the spare
     * bits of a valid ending are zero. */
    size_t rem = chars % 8;
    if (rem == 1 || rem == 3 || rem == 6)
        return sg_err(err, SG_EPARSE, "base32 text has an impossible length (%zu characters)",
                      chars);
    if (bits > 0 && (acc & ((1u << bits) - 1)) != 0)
        return sg_err(err, SG_EPARSE, "base32 text has stray bits at its end");
    *outlen = o;
    return SG_OK;
}

static void aead_ad(int64_t user_id, unsigned char ad[16])
{
    memcpy(ad, "sg-totp1", 8);
    for (int i = 0; i < 8; i++)
        ad[8 + i] = (unsigned char)((uint64_t)user_id >> (8 * i));
}

int sg_totp_secret_load(sg_store *s, int64_t user_id, uint8_t *key, size_t keysz, size_t *keylen,
                        int64_t *last_step, sg_totp_alg *alg, sg_error *err)
{
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    *keylen = 0;
    if (keysz < SECRET_LEN) return sg_err(err, SG_ELIMIT, "TOTP key buffer too small");
    if (sqlite3_prepare_v2(db,
                           "SELECT totp_secret, totp_last_step, totp_algorithm FROM account "
                           "WHERE id = ?",
                           -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot read the accounts");
    sqlite3_bind_int64(st, 1, user_id);
    int rc = SG_OK, step = sqlite3_step(st);
    if (step != SQLITE_ROW) {
        rc = step == SQLITE_DONE ? sg_err(err, SG_ENOTFOUND, "no such account")
                                 : sg_store_dberr(db, err, "cannot read the accounts");
        goto out;
    }
    if (sqlite3_column_type(st, 0) == SQLITE_NULL) {
        rc = sg_err(err, SG_ENOTFOUND, "the account has no second factor enrolled");
        goto out;
    }
    *last_step = sqlite3_column_int64(st, 1);
    if (sg_totp_alg_parse((const char *)sqlite3_column_text(st, 2), alg) != SG_OK) {
        rc = sg_err(err, SG_ECONFLICT, "the account's second-factor algorithm is unknown");
        goto out;
    }
    const unsigned char *sealed = sqlite3_column_blob(st, 0);
    unsigned char k[32], ad[16];
    unsigned long long plain_len = 0;
    aead_ad(user_id, ad);
    sg_access_subkey(s, SG_KDF_TOTP, k);
    if (sqlite3_column_bytes(st, 0) != SEALED_LEN ||
        crypto_aead_xchacha20poly1305_ietf_decrypt(key, &plain_len, NULL, sealed + NONCE_LEN,
                                                   SEALED_LEN - NONCE_LEN, ad, sizeof ad, sealed,
                                                   k) != 0 ||
        plain_len != SECRET_LEN)
        rc = sg_err(err, SG_ECONFLICT, "the account's second-factor secret does not decrypt");
    else
        *keylen = SECRET_LEN;
    sodium_memzero(k, sizeof k);
out:
    sqlite3_finalize(st);
    return rc;
}

int sg_user_totp_enrol(sg_store *s, const sg_principal *by, const char *username, int64_t now,
                       char *secret_b32, size_t secret_sz, char *uri, size_t uri_sz, sg_error *err)
{
    return sg_user_totp_enrol_alg(s, by, username, SG_TOTP_SHA1, now, secret_b32, secret_sz, uri,
                                  uri_sz, err);
}

int sg_user_totp_enrol_alg(sg_store *s, const sg_principal *by, const char *username,
                           sg_totp_alg alg, int64_t now, char *secret_b32, size_t secret_sz,
                           char *uri, size_t uri_sz, sg_error *err)
{
    int rc = sg_require(by, SG_CAP_USERS, err);
    if (rc) return rc;
    if (!secret_b32 || secret_sz < 40 || !uri || uri_sz < 256)
        return sg_err(err, SG_EINVAL, "output buffers too small for the TOTP secret and URI");
    secret_b32[0] = uri[0] = '\0';
    if (sodium_init() < 0) return sg_err(err, SG_EIO, "libsodium could not initialise");
    sg_user u;
    if ((rc = sg_user_get(s, username, &u, err))) return rc;
    unsigned char secret[SECRET_LEN], sealed[SEALED_LEN], k[32], ad[16];
    randombytes_buf(secret, sizeof secret);
    randombytes_buf(sealed, NONCE_LEN);
    aead_ad(u.id, ad);
    sg_access_subkey(s, SG_KDF_TOTP, k);
    crypto_aead_xchacha20poly1305_ietf_encrypt(sealed + NONCE_LEN, NULL, secret, sizeof secret, ad,
                                               sizeof ad, NULL, sealed, k);
    sodium_memzero(k, sizeof k);
    sg_base32_encode(secret, sizeof secret, secret_b32, secret_sz);
    sodium_memzero(secret, sizeof secret);
    bool own;
    if ((rc = sg_access_begin(s, &own, err))) goto out;
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "UPDATE account SET totp_secret = ?, totp_last_step = 0, "
                           "totp_algorithm = ? WHERE id = ?",
                           -1, &st, NULL) != SQLITE_OK ||
        sqlite3_bind_blob(st, 1, sealed, SEALED_LEN, SQLITE_STATIC) != SQLITE_OK ||
        sqlite3_bind_text(st, 2, sg_totp_alg_name(alg), -1, SQLITE_STATIC) != SQLITE_OK ||
        sqlite3_bind_int64(st, 3, u.id) != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE)
        rc = sg_store_dberr(db, err, "cannot store the second-factor secret");
    sqlite3_finalize(st);
    if (rc == SG_OK) {
        char object[96];
        snprintf(object, sizeof object, "user:%s", u.username);
        char detail[64];
        snprintf(detail, sizeof detail, "second factor (TOTP, %s) enrolled", sg_totp_alg_name(alg));
        rc = sg_audit(s, by, "user", object, detail, NULL, now, err);
    }
    if (rc) {
        sg_access_rollback(s, own);
        goto out;
    }
    if ((rc = sg_access_commit(s, own, err))) goto out;
    /* The parameters authenticator apps read (Key Uri Format); apps that ignore algorithm=
     * assume SHA1, which is why that is the default (docs/access.md). */
    int n = snprintf(uri, uri_sz,
                     "otpauth://totp/safeguard:%s?secret=%s&issuer=safeguard&algorithm=%s"
                     "&digits=6&period=30",
                     u.username, secret_b32, sg_totp_alg_name(alg));
    if (n < 0 || (size_t)n >= uri_sz) rc = sg_err(err, SG_ELIMIT, "the TOTP URI does not fit");
out:
    if (rc) {
        sodium_memzero(secret_b32, secret_sz);
        uri[0] = '\0';
    }
    return rc;
}

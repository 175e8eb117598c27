/* test_access_totp.c - the second factor: RFC 6238 appendix B's SHA-1 vectors (the default, what
 * Microsoft and Google Authenticator compute) through the code function and through the login
 * verifier, the SHA-256 vectors, an account enrolled with SHA-256 (before migration 7) still
 * logging in and refusing SHA-1 codes, the otpauth:// URI and its QR code, RFC 4648
 * base32 vectors and bad input, enrolment (secret encrypted at rest and bound to its account),
 * and the login step: the window of one step either side, replay refused, wrong codes counting
 * towards the lockout, and the pending session's deadline. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "access_fixture.h"

#include "access/access_int.h"

#include <sodium.h>

#define PW "correct horse battery"
#define NOW 1700000025 /* step 56666667, 15 s into it */
#define STEP (NOW / 30)

static void test_rfc6238_sha256_vectors(void **state)
{
    (void)state;
    const uint8_t *key = (const uint8_t *)"12345678901234567890123456789012";
    const struct {
        int64_t t;
        uint32_t code;
    } v[] = {
        {59, 46119246},         {1111111109, 68084774}, {1111111111, 67062674},
        {1234567890, 91819424}, {2000000000, 90698825}, {20000000000, 77737706},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        assert_int_equal(sg_totp(key, 32, v[i].t, 8), v[i].code);
        assert_int_equal(sg_totp(key, 32, v[i].t, 6), v[i].code % 1000000);
    }
    /* Same step, same code; the next step, another. */
    assert_int_equal(sg_totp(key, 32, 30, 8), sg_totp(key, 32, 59, 8));
    assert_int_not_equal(sg_totp(key, 32, 60, 8), sg_totp(key, 32, 59, 8));
    /* Times before the epoch count as step 0. */
    assert_int_equal(sg_totp(key, 32, -5, 8), sg_totp(key, 32, 0, 8));
}

/* RFC 6238 appendix B, SHA-1 column: the 20-byte ASCII secret "12345678901234567890". */
static const struct {
    int64_t t;
    uint32_t code;
} sha1_vectors[] = {
    {59, 94287082},         {1111111109, 7081804},  {1111111111, 14050471},
    {1234567890, 89005924}, {2000000000, 69279037}, {20000000000, 65353130},
};

static void test_rfc6238_sha1_vectors(void **state)
{
    (void)state;
    const uint8_t *key = (const uint8_t *)"12345678901234567890";
    for (size_t i = 0; i < sizeof sha1_vectors / sizeof sha1_vectors[0]; i++) {
        assert_int_equal(sg_totp_code(SG_TOTP_SHA1, key, 20, sha1_vectors[i].t, 8),
                         sha1_vectors[i].code);
        assert_int_equal(sg_totp_code(SG_TOTP_SHA1, key, 20, sha1_vectors[i].t, 6),
                         sha1_vectors[i].code % 1000000);
        /* the other algorithm gives another code for the same key and time */
        assert_int_not_equal(sg_totp_code(SG_TOTP_SHA256, key, 20, sha1_vectors[i].t, 8),
                             sha1_vectors[i].code);
    }
    sg_totp_alg a = SG_TOTP_SHA256;
    assert_int_equal(sg_totp_alg_parse("SHA1", &a), SG_OK);
    assert_int_equal(a, SG_TOTP_SHA1);
    assert_int_equal(sg_totp_alg_parse("sha256", &a), SG_OK);
    assert_int_equal(a, SG_TOTP_SHA256);
    assert_int_equal(sg_totp_alg_parse("SHA512", &a), SG_EINVAL);
    assert_int_equal(sg_totp_alg_parse(NULL, &a), SG_EINVAL);
    assert_string_equal(sg_totp_alg_name(SG_TOTP_SHA1), "SHA1");
    assert_string_equal(sg_totp_alg_name(SG_TOTP_SHA256), "SHA256");
}

static void test_base32_vectors(void **state)
{
    (void)state;
    const char *plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    const char *enc[] = {"", "MY", "MZXQ", "MZXW6", "MZXW6YQ", "MZXW6YTB", "MZXW6YTBOI"};
    for (int i = 0; i < 7; i++) {
        char out[32];
        assert_int_equal(
            sg_base32_encode((const uint8_t *)plain[i], strlen(plain[i]), out, sizeof out), SG_OK);
        assert_string_equal(out, enc[i]);
        uint8_t back[16];
        size_t n = 99;
        assert_int_equal(sg_base32_decode(enc[i], back, sizeof back, &n, NULL), SG_OK);
        assert_int_equal(n, strlen(plain[i]));
        assert_memory_equal(back, plain[i], n);
    }
    /* Padding, lower case and grouping are accepted. */
    uint8_t b[16];
    size_t n;
    assert_int_equal(sg_base32_decode("MZXW6===", b, sizeof b, &n, NULL), SG_OK);
    assert_int_equal(n, 3);
    assert_memory_equal(b, "foo", 3);
    assert_int_equal(sg_base32_decode("mzxw 6ytb-oi", b, sizeof b, &n, NULL), SG_OK);
    assert_int_equal(n, 6);
    assert_memory_equal(b, "foobar", 6);
}

static void test_base32_round_trip_and_limits(void **state)
{
    (void)state;
    uint8_t in[20], back[20];
    for (int i = 0; i < 20; i++)
        in[i] = (uint8_t)(i * 37 + 11);
    char out[33];
    assert_int_equal(sg_base32_encode(in, 20, out, sizeof out), SG_OK);
    assert_int_equal(strlen(out), 32);
    size_t n;
    assert_int_equal(sg_base32_decode(out, back, sizeof back, &n, NULL), SG_OK);
    assert_int_equal(n, 20);
    assert_memory_equal(in, back, 20);
    /* Output too small, both ways. */
    assert_int_equal(sg_base32_encode(in, 20, out, 32), SG_ELIMIT);
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_base32_decode(out, back, 19, &n, &e), SG_ELIMIT);
    assert_int_equal(n, 0);
}

static void test_base32_bad_input(void **state)
{
    (void)state;
    const char *bad[] = {
        "MZXW1", "MZXW0", "MZXW8", "MZ!W6", "MY=A", "M", "MZX", "MZXW6Y", "MZ" /* stray bits */,
        "MZXW7" /* stray bits */};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint8_t b[16];
        size_t n = 99;
        sg_error e;
        sg_error_clear(&e);
        if (sg_base32_decode(bad[i], b, sizeof b, &n, &e) != SG_EPARSE)
            fail_msg("'%s' was accepted", bad[i]);
        assert_int_equal(n, 0);
        assert_true(e.msg[0] != '\0');
    }
    uint8_t b[4];
    size_t n;
    assert_int_equal(sg_base32_decode(NULL, b, sizeof b, &n, NULL), SG_EPARSE);
}

/* Enrols name and gives back its raw secret. */
static size_t enrol(afx *f, const char *name, uint8_t key[32])
{
    char b32[64], uri[300];
    sg_error e;
    sg_error_clear(&e);
    if (sg_user_totp_enrol(f->s, &f->admin, name, NOW, b32, sizeof b32, uri, sizeof uri, &e))
        fail_msg("enrol: %s", e.msg);
    size_t n = 0;
    assert_int_equal(sg_base32_decode(b32, key, 32, &n, NULL), SG_OK);
    return n;
}

static void code_at(const uint8_t *key, size_t n, int64_t step, char out[8])
{
    snprintf(out, 8, "%06u", (unsigned)sg_totp_code(SG_TOTP_SHA1, key, n, step * 30, 6));
}

static void test_enrol_encrypted(void **state)
{
    afx *f = *state;
    afx_add(f, "ana", SG_ROLE_ANALYST, NULL, PW, NOW);
    char b32[64], uri[300];
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(
        sg_user_totp_enrol(f->s, &f->admin, "ana", NOW, b32, sizeof b32, uri, sizeof uri, &e),
        SG_OK);
    assert_int_equal(strlen(b32), 32);
    char want[300];
    snprintf(want, sizeof want,
             "otpauth://totp/safeguard:ana?secret=%s&issuer=safeguard&algorithm=SHA1&digits=6"
             "&period=30",
             b32);
    assert_string_equal(uri, want);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM account WHERE totp_algorithm = 'SHA1'"), 1);
    uint8_t key[32];
    size_t n = 0;
    assert_int_equal(sg_base32_decode(b32, key, sizeof key, &n, NULL), SG_OK);
    assert_int_equal(n, 20);
    /* Stored sealed (nonce 24 + 20 + tag 16), and the raw secret is not in it. */
    assert_int_equal(afx_q(f, "SELECT length(totp_secret) FROM account"), 60);
    char hex[41], sql[200];
    sodium_bin2hex(hex, sizeof hex, key, 20);
    snprintf(sql, sizeof sql, "SELECT instr(totp_secret, X'%s') FROM account", hex);
    assert_int_equal(afx_q(f, sql), 0);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM account WHERE instr(totp_secret, '%s')", b32);
    assert_int_equal(afx_q(f, sql), 0);
    sg_user u;
    assert_int_equal(sg_user_get(f->s, "ana", &u, NULL), SG_OK);
    assert_true(u.totp_enrolled);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM audit_log WHERE action = 'user' AND detail "
                              "= 'second factor (TOTP, SHA1) enrolled'"),
                     1);
    /* Who may enrol, and the buffers. */
    sg_principal biz = {.user_id = 3, .username = "biz", .role = SG_ROLE_BUSINESS};
    assert_int_equal(
        sg_user_totp_enrol(f->s, &biz, "ana", NOW, b32, sizeof b32, uri, sizeof uri, NULL),
        SG_EFORBIDDEN);
    assert_int_equal(
        sg_user_totp_enrol(f->s, &f->admin, "nobody", NOW, b32, sizeof b32, uri, sizeof uri, NULL),
        SG_ENOTFOUND);
    assert_int_equal(
        sg_user_totp_enrol(f->s, &f->admin, "ana", NOW, b32, 39, uri, sizeof uri, NULL), SG_EINVAL);
    assert_int_equal(
        sg_user_totp_enrol(f->s, &f->admin, "ana", NOW, b32, sizeof b32, uri, 255, NULL),
        SG_EINVAL);
    /* Re-enrolling replaces the secret. */
    uint8_t key2[32];
    enrol(f, "ana", key2);
    assert_memory_not_equal(key, key2, 20);
}

static int pw_login(afx *f, const char *user, int64_t now, char *tok, sg_session *ss)
{
    sg_error e;
    sg_error_clear(&e);
    int rc = sg_login(f->s, user, PW, "192.0.2.9", now, tok, ss, &e);
    if (rc) fail_msg("login %s: %s", user, e.msg);
    return rc;
}

static void test_login_with_totp(void **state)
{
    afx *f = *state;
    afx_add(f, "ana", SG_ROLE_ANALYST, NULL, PW, NOW);
    uint8_t key[32];
    size_t n = enrol(f, "ana", key);
    char tok[SG_TOKEN_HEX + 1], code[8];
    sg_session ss;
    pw_login(f, "ana", NOW, tok, &ss);
    assert_false(ss.second_factor_done);
    assert_int_equal(afx_q(f, "SELECT last_login FROM account"), 0); /* not yet */
    sg_session got;
    assert_int_equal(sg_session_get(f->s, tok, NOW + 1, &got, NULL), SG_OK);
    assert_false(got.second_factor_done);
    code_at(key, n, STEP, code);
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_login_totp(f->s, tok, code, "192.0.2.9", NOW + 2, &got, &e), SG_OK);
    assert_true(got.second_factor_done);
    assert_string_equal(got.who.username, "ana");
    assert_int_equal(afx_q(f, "SELECT totp_last_step FROM account"), STEP);
    assert_int_equal(afx_q(f, "SELECT last_login FROM account"), NOW + 2);
    assert_int_equal(sg_session_get(f->s, tok, NOW + 3, &got, NULL), SG_OK);
    assert_true(got.second_factor_done);
    /* A finished session has no second step to take. */
    assert_int_equal(sg_login_totp(f->s, tok, code, NULL, NOW + 3, &got, NULL), SG_EINVAL);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM audit_log WHERE action = 'totp'"), 1);
    /* Replay: the same code in a new session is refused, and counts as a failure. */
    char tok2[SG_TOKEN_HEX + 1];
    pw_login(f, "ana", NOW + 4, tok2, &ss);
    sg_error_clear(&e);
    assert_int_equal(sg_login_totp(f->s, tok2, code, NULL, NOW + 5, &got, &e), SG_EAUTH);
    assert_string_equal(e.msg, "the code is wrong or has already been used");
    char d[80];
    afx_qs(f, "SELECT detail FROM audit_log WHERE action = 'login_failed'", d, sizeof d);
    assert_string_equal(d, "second factor code already used");
    assert_int_equal(afx_q(f, "SELECT failed FROM account"), 1);
    /* The next step's code (one step ahead) is accepted; then the current step is "used". */
    code_at(key, n, STEP + 1, code);
    assert_int_equal(sg_login_totp(f->s, tok2, code, NULL, NOW + 6, &got, NULL), SG_OK);
    assert_int_equal(afx_q(f, "SELECT failed FROM account"), 0);
    assert_int_equal(afx_q(f, "SELECT totp_last_step FROM account"), STEP + 1);
}

static void test_window(void **state)
{
    afx *f = *state;
    afx_add(f, "ana", SG_ROLE_ANALYST, NULL, PW, NOW);
    uint8_t key[32];
    size_t n = enrol(f, "ana", key);
    char tok[SG_TOKEN_HEX + 1], code[8];
    sg_session ss;
    /* Two steps either side: refused. */
    pw_login(f, "ana", NOW, tok, &ss);
    code_at(key, n, STEP - 2, code);
    assert_int_equal(sg_login_totp(f->s, tok, code, NULL, NOW, &ss, NULL), SG_EAUTH);
    code_at(key, n, STEP + 2, code);
    assert_int_equal(sg_login_totp(f->s, tok, code, NULL, NOW, &ss, NULL), SG_EAUTH);
    assert_int_equal(afx_q(f, "SELECT failed FROM account"), 2);
    /* One step behind: accepted (a slow phone), and then it is the last step used. */
    code_at(key, n, STEP - 1, code);
    assert_int_equal(sg_login_totp(f->s, tok, code, NULL, NOW, &ss, NULL), SG_OK);
    assert_int_equal(afx_q(f, "SELECT totp_last_step FROM account"), STEP - 1);
    /* The current step is still unused, so it is accepted in the next session. */
    pw_login(f, "ana", NOW + 1, tok, &ss);
    code_at(key, n, STEP, code);
    assert_int_equal(sg_login_totp(f->s, tok, code, NULL, NOW + 1, &ss, NULL), SG_OK);
    /* An older step than the last used is refused even inside the window. */
    pw_login(f, "ana", NOW + 2, tok, &ss);
    code_at(key, n, STEP - 1, code);
    assert_int_equal(sg_login_totp(f->s, tok, code, NULL, NOW + 2, &ss, NULL), SG_EAUTH);
    /* Grouped digits are fine; other shapes are wrong codes. */
    code_at(key, n, STEP + 1, code);
    char spaced[10];
    snprintf(spaced, sizeof spaced, "%.3s %.3s", code, code + 3);
    const char *bad[] = {"12345", "1234567", "abcdef", NULL}; /* 4: failures 2..5, no lock */
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(sg_login_totp(f->s, tok, bad[i], NULL, NOW + 2, &ss, NULL), SG_EAUTH);
    assert_int_equal(sg_login_totp(f->s, tok, spaced, NULL, NOW + 2, &ss, NULL), SG_OK);
}

static void test_wrong_codes_lock(void **state)
{
    afx *f = *state;
    afx_add(f, "ana", SG_ROLE_ANALYST, NULL, PW, NOW);
    uint8_t key[32];
    size_t n = enrol(f, "ana", key);
    char tok[SG_TOKEN_HEX + 1], good[8], wrong[8];
    sg_session ss;
    code_at(key, n, STEP, good);
    /* A code that no step the window can reach produces (the secret is random, so a fixed
     * "wrong" code could by chance be right for a neighbouring step). */
    uint32_t w = sg_totp_code(SG_TOTP_SHA1, key, n, NOW, 6);
    for (bool clash = true; clash;) {
        w = (w + 1) % 1000000;
        clash = false;
        for (int d = -2; d <= 2; d++)
            if (sg_totp_code(SG_TOTP_SHA1, key, n, NOW + 30 * d, 6) == w) clash = true;
    }
    snprintf(wrong, sizeof wrong, "%06u", (unsigned)w);
    pw_login(f, "ana", NOW, tok, &ss);
    for (int i = 1; i <= 3; i++)
        assert_int_equal(sg_login_totp(f->s, tok, wrong, NULL, NOW + i, &ss, NULL), SG_EAUTH);
    assert_int_equal(afx_q(f, "SELECT failed FROM account"), 3);
    /* The right password does not clear wrong codes: only a completed login does. */
    pw_login(f, "ana", NOW + 4, tok, &ss);
    assert_int_equal(afx_q(f, "SELECT failed FROM account"), 3);
    for (int i = 4; i <= 5; i++)
        assert_int_equal(sg_login_totp(f->s, tok, wrong, NULL, NOW + 4 + i, &ss, NULL), SG_EAUTH);
    assert_int_equal(afx_q(f, "SELECT locked_until FROM account"), 0);
    /* The 6th wrong code locks the account and ends the pending session. */
    assert_int_equal(sg_login_totp(f->s, tok, wrong, NULL, NOW + 10, &ss, NULL), SG_EAUTH);
    assert_int_equal(afx_q(f, "SELECT failed FROM account"), 6);
    assert_int_equal(afx_q(f, "SELECT locked_until FROM account"), NOW + 10 + 1800);
    assert_int_equal(sg_session_get(f->s, tok, NOW + 11, &ss, NULL), SG_EAUTH);
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_login(f->s, "ana", PW, NULL, NOW + 12, tok, &ss, &e), SG_EAUTH);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM audit_log WHERE action = 'locked'"), 1);
}

static void test_pending_deadline(void **state)
{
    afx *f = *state;
    afx_add(f, "ana", SG_ROLE_ANALYST, NULL, PW, NOW);
    uint8_t key[32];
    size_t n = enrol(f, "ana", key);
    char tok[SG_TOKEN_HEX + 1], code[8];
    sg_session ss;
    int64_t t = NOW - 15 + 30 * 100; /* a step start, far from the others */
    pw_login(f, "ana", t, tok, &ss);
    code_at(key, n, (t + SG_SESSION_PENDING_SECONDS) / 30, code);
    assert_int_equal(
        sg_login_totp(f->s, tok, code, NULL, t + SG_SESSION_PENDING_SECONDS, &ss, NULL), SG_EAUTH);
    assert_int_equal(afx_q(f, "SELECT failed FROM account"), 0); /* dead session, not a guess */
    pw_login(f, "ana", t, tok, &ss);
    code_at(key, n, (t + SG_SESSION_PENDING_SECONDS - 1) / 30, code);
    assert_int_equal(
        sg_login_totp(f->s, tok, code, NULL, t + SG_SESSION_PENDING_SECONDS - 1, &ss, NULL), SG_OK);
}

static void test_secret_bound_to_account(void **state)
{
    afx *f = *state;
    afx_add(f, "ana", SG_ROLE_ANALYST, NULL, PW, NOW);
    afx_add(f, "bob", SG_ROLE_ANALYST, NULL, PW, NOW);
    uint8_t key[32];
    size_t n = enrol(f, "ana", key);
    /* Someone with database access copies ana's sealed secret onto bob's account. */
    afx_exec(f, "UPDATE account SET totp_secret = (SELECT totp_secret FROM account WHERE "
                "username = 'ana') WHERE username = 'bob'");
    char tok[SG_TOKEN_HEX + 1], code[8];
    sg_session ss;
    pw_login(f, "bob", NOW, tok, &ss);
    code_at(key, n, STEP, code);
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_login_totp(f->s, tok, code, NULL, NOW, &ss, &e), SG_ECONFLICT);
    assert_non_null(strstr(e.msg, "does not decrypt"));
    assert_int_equal(afx_q(f, "SELECT second_factor_done FROM session"), 0);
}

/* Puts a known secret on an account, sealed as totp.c seals it (so a test can use the RFC's
 * secret), with the algorithm given. */
static void put_secret(afx *f, const char *name, const uint8_t *secret, size_t n, const char *alg)
{
    assert_int_equal(n, 20);
    sg_user u;
    assert_int_equal(sg_user_get(f->s, name, &u, NULL), SG_OK);
    unsigned char sealed[24 + 20 + 16], k[32], ad[16];
    memcpy(ad, "sg-totp1", 8);
    for (int i = 0; i < 8; i++)
        ad[8 + i] = (unsigned char)((uint64_t)u.id >> (8 * i));
    randombytes_buf(sealed, 24);
    sg_access_subkey(f->s, SG_KDF_TOTP, k);
    crypto_aead_xchacha20poly1305_ietf_encrypt(sealed + 24, NULL, secret, n, ad, sizeof ad, NULL,
                                               sealed, k);
    sodium_memzero(k, sizeof k);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(sg_store_db(f->s),
                                        "UPDATE account SET totp_secret = ?, totp_last_step = 0, "
                                        "totp_algorithm = ? WHERE id = ?",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_blob(st, 1, sealed, sizeof sealed, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, alg, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, u.id);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
}

/* The verifier (sg_login_totp) accepts each RFC 6238 SHA-1 vector's code (its last 6 digits) at
 * its time, for an account holding the RFC's secret. */
static void test_verifier_accepts_rfc_sha1(void **state)
{
    afx *f = *state;
    afx_add(f, "ana", SG_ROLE_ANALYST, NULL, PW, NOW);
    put_secret(f, "ana", (const uint8_t *)"12345678901234567890", 20, "SHA1");
    for (size_t i = 0; i < sizeof sha1_vectors / sizeof sha1_vectors[0]; i++) {
        int64_t t = sha1_vectors[i].t;
        char tok[SG_TOKEN_HEX + 1], code[8];
        sg_session ss;
        pw_login(f, "ana", t, tok, &ss);
        snprintf(code, sizeof code, "%06u", (unsigned)(sha1_vectors[i].code % 1000000));
        sg_error e;
        sg_error_clear(&e);
        if (sg_login_totp(f->s, tok, code, NULL, t, &ss, &e) != SG_OK)
            fail_msg("vector %zu (t=%lld, %s): %s", i, (long long)t, code, e.msg);
        assert_true(ss.second_factor_done);
        assert_int_equal(afx_q(f, "SELECT totp_last_step FROM account"), t / 30);
    }
}

/* An account enrolled before migration 7 (SHA-256, as the migration marks it) logs in with
 * SHA-256 codes - RFC 6238's SHA-256 secret and vector - and a SHA-1 code is wrong for it. */
static void test_sha256_account_still_works(void **state)
{
    afx *f = *state;
    afx_add(f, "ana", SG_ROLE_ANALYST, NULL, PW, NOW);
    const uint8_t *key = (const uint8_t *)"12345678901234567890";
    put_secret(f, "ana", key, 20, "SHA256");
    char tok[SG_TOKEN_HEX + 1], code[8];
    sg_session ss;
    /* a SHA-1 code at 1111111111 (step 37037037) is refused */
    pw_login(f, "ana", 1111111111, tok, &ss);
    snprintf(code, sizeof code, "%06u", 14050471u % 1000000);
    assert_int_equal(sg_login_totp(f->s, tok, code, NULL, 1111111111, &ss, NULL), SG_EAUTH);
    /* HMAC-SHA-256 with this 20-byte secret (not an RFC vector: the RFC's SHA-256 secret is 32
     * bytes), computed independently with Python's hmac module:
     * hmac.new(b"12345678901234567890", (37037037).to_bytes(8, "big"), "sha256") -> 6 digits */
    snprintf(code, sizeof code, "%06u", 584430u);
    sg_error e;
    sg_error_clear(&e);
    if (sg_login_totp(f->s, tok, code, NULL, 1111111111, &ss, &e) != SG_OK)
        fail_msg("SHA-256 account: %s", e.msg);
    assert_true(ss.second_factor_done);
}

/* The QR code drawn for an enrolment URI: the symbol size libqrencode must choose for the URI's
 * length (level M, byte mode; ISO/IEC 18004 table 7: version 5-M holds 84 bytes, 6-M 106, 7-M
 * 122, 8-M 152) and the text's shape. tests/e2e/access_cli.sh decodes a real one with zbarimg. */
static void test_qr_shape(void **state)
{
    (void)state;
    char uri[200];
    /* 32-character secret and the username "ana": the URI totp.c writes, 119 bytes. */
    snprintf(uri, sizeof uri,
             "otpauth://totp/safeguard:ana?secret=%s&issuer=safeguard&algorithm=SHA1&digits=6"
             "&period=30",
             "XMVYU7CNFM5LY65P26ZTOXQP5CZSD7K3");
    assert_int_equal(strlen(uri), 119);
    char *qr = NULL;
    int modules = 0;
    assert_int_equal(sg_totp_qr_utf8(uri, &qr, &modules, NULL), SG_OK);
    assert_int_equal(modules, 45); /* version 7: 17 + 4 x 7; 119 bytes > 106 (6-M), <= 122 */
    /* (45 + 4) columns by ceil(49 / 2) = 25 lines, each of blocks and blanks only */
    int lines = 0, cols = 0;
    for (const char *p = qr; *p;) {
        if (*p == '\n') {
            assert_int_equal(cols, 49);
            lines++;
            cols = 0;
            p++;
        } else if (*p == ' ') {
            cols++;
            p++;
        } else {
            assert_true(memcmp(p, "\xe2\x96\x88", 3) == 0 || memcmp(p, "\xe2\x96\x80", 3) == 0 ||
                        memcmp(p, "\xe2\x96\x84", 3) == 0);
            cols++;
            p += 3;
        }
    }
    assert_int_equal(lines, 25);
    /* The first line is quiet zone (light: full blocks) throughout. */
    for (int i = 0; i < 49; i++)
        assert_memory_equal(qr + 3 * i, "\xe2\x96\x88", 3);
    free(qr);
    assert_int_equal(sg_totp_qr_utf8("", &qr, &modules, NULL), SG_EINVAL);
    assert_null(qr);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, afx_setup, afx_teardown)
int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc6238_sha256_vectors),
        cmocka_unit_test(test_rfc6238_sha1_vectors),
        cmocka_unit_test(test_qr_shape),
        T(test_verifier_accepts_rfc_sha1),
        T(test_sha256_account_still_works),
        cmocka_unit_test(test_base32_vectors),
        cmocka_unit_test(test_base32_round_trip_and_limits),
        cmocka_unit_test(test_base32_bad_input),
        T(test_enrol_encrypted),
        T(test_login_with_totp),
        T(test_window),
        T(test_wrong_codes_lock),
        T(test_pending_deadline),
        T(test_secret_bound_to_account),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

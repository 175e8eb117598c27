/* test_access_totp.c - the second factor: RFC 6238 appendix B's SHA-256 vectors, RFC 4648
 * base32 vectors and bad input, enrolment (secret encrypted at rest and bound to its account),
 * and the login step: the window of one step either side, replay refused, wrong codes counting
 * towards the lockout, and the pending session's deadline. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "access_fixture.h"

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

static void test_base32_vectors(void **state)
{
    (void)state;
    const char *plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    const char *enc[] = {"", "MY", "MZXQ", "MZXW6", "MZXW6YQ", "MZXW6YTB", "MZXW6YTBOI"};
    for (int i = 0; i < 7; i++) {
        char out[32];
        assert_int_equal(sg_base32_encode((const uint8_t *)plain[i], strlen(plain[i]), out,
                                          sizeof out),
                         SG_OK);
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
    const char *bad[] = {"MZXW1", "MZXW0", "MZXW8", "MZ!W6", "MY=A", "M", "MZX", "MZXW6Y",
                         "MZ" /* stray bits */, "MZXW7" /* stray bits */};
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
    snprintf(out, 8, "%06u", (unsigned)sg_totp(key, n, step * 30, 6));
}

static void test_enrol_encrypted(void **state)
{
    afx *f = *state;
    afx_add(f, "ana", SG_ROLE_ANALYST, NULL, PW, NOW);
    char b32[64], uri[300];
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_user_totp_enrol(f->s, &f->admin, "ana", NOW, b32, sizeof b32, uri,
                                        sizeof uri, &e),
                     SG_OK);
    assert_int_equal(strlen(b32), 32);
    char want[300];
    snprintf(want, sizeof want,
             "otpauth://totp/safeguard:ana?secret=%s&issuer=safeguard&algorithm=SHA256&digits=6"
             "&period=30",
             b32);
    assert_string_equal(uri, want);
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
                              "= 'second factor (TOTP) enrolled'"),
                     1);
    /* Who may enrol, and the buffers. */
    sg_principal biz = {.user_id = 3, .username = "biz", .role = SG_ROLE_BUSINESS};
    assert_int_equal(sg_user_totp_enrol(f->s, &biz, "ana", NOW, b32, sizeof b32, uri, sizeof uri,
                                        NULL),
                     SG_EFORBIDDEN);
    assert_int_equal(sg_user_totp_enrol(f->s, &f->admin, "nobody", NOW, b32, sizeof b32, uri,
                                        sizeof uri, NULL),
                     SG_ENOTFOUND);
    assert_int_equal(
        sg_user_totp_enrol(f->s, &f->admin, "ana", NOW, b32, 39, uri, sizeof uri, NULL),
        SG_EINVAL);
    assert_int_equal(sg_user_totp_enrol(f->s, &f->admin, "ana", NOW, b32, sizeof b32, uri, 255,
                                        NULL),
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
    uint32_t w = sg_totp(key, n, NOW, 6);
    for (bool clash = true; clash;) {
        w = (w + 1) % 1000000;
        clash = false;
        for (int d = -2; d <= 2; d++)
            if (sg_totp(key, n, NOW + 30 * d, 6) == w) clash = true;
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
    assert_int_equal(sg_login_totp(f->s, tok, code, NULL, t + SG_SESSION_PENDING_SECONDS, &ss,
                                   NULL),
                     SG_EAUTH);
    assert_int_equal(afx_q(f, "SELECT failed FROM account"), 0); /* dead session, not a guess */
    pw_login(f, "ana", t, tok, &ss);
    code_at(key, n, (t + SG_SESSION_PENDING_SECONDS - 1) / 30, code);
    assert_int_equal(sg_login_totp(f->s, tok, code, NULL, t + SG_SESSION_PENDING_SECONDS - 1, &ss,
                                   NULL),
                     SG_OK);
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

#define T(fn) cmocka_unit_test_setup_teardown(fn, afx_setup, afx_teardown)
int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc6238_sha256_vectors),
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

/* test_access_session.c - logging in and sessions: the generic failure, lockout on exactly
 * the 6th consecutive failure for exactly 30 minutes, success resetting the count, locked and
 * disabled accounts, per-address throttling, idle and absolute timeouts at their boundary
 * seconds, tokens stored only as hashes, logout and the CSRF comparison. The clock is passed
 * in, so every time below is exact. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "access_fixture.h"

#include <sodium.h>

#define PW "correct horse battery"
#define T0 1700000000
#define GENERIC "the username or password is wrong, or the account cannot log in now"

static int login(afx *f, const char *user, const char *pw, int64_t now, char *token, sg_session *ss,
                 sg_error *e)
{
    sg_error_clear(e);
    return sg_login(f->s, user, pw, "192.0.2.1", now, token, ss, e);
}

static long long failed_of(afx *f, const char *user)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT failed FROM account WHERE username = '%s'", user);
    return afx_q(f, sql);
}

static long long locked_of(afx *f, const char *user)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT locked_until FROM account WHERE username = '%s'", user);
    return afx_q(f, sql);
}

static void test_login_ok_token_hashed(void **state)
{
    afx *f = *state;
    afx_add(f, "bea", SG_ROLE_BUSINESS, NULL, PW, T0);
    char tok[SG_TOKEN_HEX + 1];
    sg_session ss;
    sg_error e;
    assert_int_equal(login(f, "bea", PW, T0 + 10, tok, &ss, &e), SG_OK);
    assert_int_equal(strlen(tok), SG_TOKEN_HEX);
    for (int i = 0; i < SG_TOKEN_HEX; i++)
        assert_non_null(strchr("0123456789abcdef", tok[i]));
    assert_true(ss.second_factor_done);
    assert_string_equal(ss.who.username, "bea");
    assert_int_equal(ss.who.role, SG_ROLE_BUSINESS);
    assert_int_equal(ss.created, T0 + 10);
    assert_int_equal(strlen(ss.csrf), SG_TOKEN_HEX);
    assert_string_not_equal(ss.csrf, tok);
    /* The stored hash is BLAKE2b-256 of the token's 32 bytes; the token itself is nowhere. */
    unsigned char raw[32], want[32];
    size_t n;
    assert_int_equal(sodium_hex2bin(raw, 32, tok, 64, NULL, &n, NULL), 0);
    crypto_generichash(want, 32, raw, 32, NULL, 0);
    char want_hex[65], got_hex[65];
    sodium_bin2hex(want_hex, sizeof want_hex, want, 32);
    afx_qs(f, "SELECT lower(hex(token_hash)) FROM session", got_hex, sizeof got_hex);
    assert_string_equal(got_hex, want_hex);
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM session WHERE instr(lower(hex(token_hash)), '%s') OR "
             "instr(csrf, '%s') OR instr(client, '%s')",
             tok, tok, tok);
    assert_int_equal(afx_q(f, sql), 0);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE instr(detail, '%s')", tok);
    assert_int_equal(afx_q(f, sql), 0);
    /* Two logins, two different tokens. */
    char tok2[SG_TOKEN_HEX + 1];
    sg_session ss2;
    assert_int_equal(login(f, "bea", PW, T0 + 11, tok2, &ss2, &e), SG_OK);
    assert_string_not_equal(tok, tok2);
    assert_string_not_equal(ss.csrf, ss2.csrf);
    assert_int_equal(afx_q(f, "SELECT last_login FROM account"), T0 + 11);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM audit_log WHERE action = 'login' AND "
                              "username = 'bea' AND client = '192.0.2.1'"),
                     2);
    sg_session got;
    assert_int_equal(sg_session_get(f->s, tok, T0 + 12, &got, NULL), SG_OK);
    assert_int_equal(got.id, ss.id);
    assert_string_equal(got.csrf, ss.csrf);
    assert_string_equal(got.who.username, "bea");
}

static void test_failures_are_generic(void **state)
{
    afx *f = *state;
    afx_add(f, "bea", SG_ROLE_BUSINESS, NULL, PW, T0);
    afx_add(f, "dan", SG_ROLE_BUSINESS, NULL, PW, T0);
    assert_int_equal(sg_user_disable(f->s, &f->admin, "dan", T0, NULL), SG_OK);
    char tok[SG_TOKEN_HEX + 1];
    sg_session ss;
    sg_error e;
    const struct {
        const char *user, *pw, *reason;
    } cases[] = {
        {"bea", "wrong horse battery", "wrong password"},
        {"nobody", PW, "unknown user"},
        {"dan", PW, "account disabled"},
        {"Bad Name!", PW, "unknown user"},
        {"bea", NULL, "wrong password"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(login(f, cases[i].user, cases[i].pw, T0 + 1, tok, &ss, &e), SG_EAUTH);
        assert_string_equal(e.msg, GENERIC);
        assert_string_equal(tok, "");
        char sql[160], got[64];
        snprintf(sql, sizeof sql,
                 "SELECT detail FROM audit_log WHERE action = 'login_failed' ORDER BY seq DESC");
        afx_qs(f, sql, got, sizeof got);
        assert_string_equal(got, cases[i].reason);
    }
    /* A name that is not a username (perhaps a password typed in the wrong box) is not kept. */
    assert_int_equal(afx_q(f, "SELECT count(*) FROM audit_log WHERE username LIKE '%Bad%' OR "
                              "object LIKE '%Bad%'"),
                     0);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM audit_log WHERE username = '(invalid)'"), 1);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM session"), 0);
    assert_int_equal(sg_login(f->s, "bea", PW, NULL, T0, NULL, &ss, NULL), SG_EINVAL);
}

static void test_lockout_exactly_sixth_for_thirty_minutes(void **state)
{
    afx *f = *state;
    afx_add(f, "bea", SG_ROLE_BUSINESS, NULL, PW, T0);
    char tok[SG_TOKEN_HEX + 1];
    sg_session ss;
    sg_error e;
    for (int i = 1; i <= 5; i++) {
        assert_int_equal(login(f, "bea", "not the password", T0 + i, tok, &ss, &e), SG_EAUTH);
        assert_int_equal(failed_of(f, "bea"), i);
        assert_int_equal(locked_of(f, "bea"), 0);
    }
    int64_t t6 = T0 + 6;
    assert_int_equal(login(f, "bea", "not the password", t6, tok, &ss, &e), SG_EAUTH);
    assert_int_equal(failed_of(f, "bea"), 6);
    assert_int_equal(locked_of(f, "bea"), t6 + 30 * 60);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM audit_log WHERE action = 'locked'"), 1);
    /* The right password fails while locked, up to the last second, and does not extend it. */
    assert_int_equal(login(f, "bea", PW, t6 + 1, tok, &ss, &e), SG_EAUTH);
    assert_string_equal(e.msg, GENERIC);
    assert_int_equal(login(f, "bea", "still wrong here", t6 + 100, tok, &ss, &e), SG_EAUTH);
    assert_int_equal(login(f, "bea", PW, t6 + 30 * 60 - 1, tok, &ss, &e), SG_EAUTH);
    assert_int_equal(locked_of(f, "bea"), t6 + 30 * 60);
    assert_int_equal(failed_of(f, "bea"), 6);
    char got[64];
    afx_qs(f, "SELECT detail FROM audit_log ORDER BY seq DESC", got, sizeof got);
    assert_string_equal(got, "account locked");
    /* At exactly 30 minutes the lock is over. */
    assert_int_equal(login(f, "bea", PW, t6 + 30 * 60, tok, &ss, &e), SG_OK);
    assert_int_equal(failed_of(f, "bea"), 0);
    assert_int_equal(locked_of(f, "bea"), 0);
}

static void test_expired_lock_starts_count_again(void **state)
{
    afx *f = *state;
    afx_add(f, "bea", SG_ROLE_BUSINESS, NULL, PW, T0);
    char tok[SG_TOKEN_HEX + 1];
    sg_session ss;
    sg_error e;
    for (int i = 1; i <= 6; i++)
        login(f, "bea", "not the password", T0 + i, tok, &ss, &e);
    assert_int_equal(locked_of(f, "bea"), T0 + 6 + 1800);
    /* After the lock, a wrong password is failure 1 of a new run, not a new lock. */
    assert_int_equal(login(f, "bea", "not the password", T0 + 6 + 1800, tok, &ss, &e), SG_EAUTH);
    assert_int_equal(failed_of(f, "bea"), 1);
    assert_int_equal(locked_of(f, "bea"), 0);
}

static void test_success_resets_count(void **state)
{
    afx *f = *state;
    afx_add(f, "bea", SG_ROLE_BUSINESS, NULL, PW, T0);
    char tok[SG_TOKEN_HEX + 1];
    sg_session ss;
    sg_error e;
    for (int i = 1; i <= 5; i++)
        login(f, "bea", "not the password", T0 + i, tok, &ss, &e);
    assert_int_equal(failed_of(f, "bea"), 5);
    assert_int_equal(login(f, "bea", PW, T0 + 10, tok, &ss, &e), SG_OK);
    assert_int_equal(failed_of(f, "bea"), 0);
    /* Five more failures are again not a lockout: the run was broken. */
    for (int i = 1; i <= 5; i++)
        login(f, "bea", "not the password", T0 + 10 + i, tok, &ss, &e);
    assert_int_equal(failed_of(f, "bea"), 5);
    assert_int_equal(locked_of(f, "bea"), 0);
    assert_int_equal(login(f, "bea", PW, T0 + 20, tok, &ss, &e), SG_OK);
}

static void test_disabled_sessions_die(void **state)
{
    afx *f = *state;
    afx_add(f, "bea", SG_ROLE_BUSINESS, NULL, PW, T0);
    char tok[SG_TOKEN_HEX + 1];
    sg_session ss;
    sg_error e;
    assert_int_equal(login(f, "bea", PW, T0, tok, &ss, &e), SG_OK);
    assert_int_equal(sg_session_get(f->s, tok, T0 + 1, &ss, NULL), SG_OK);
    assert_int_equal(sg_user_disable(f->s, &f->admin, "bea", T0 + 2, NULL), SG_OK);
    sg_error_clear(&e);
    assert_int_equal(sg_session_get(f->s, tok, T0 + 3, &ss, &e), SG_EAUTH);
    assert_string_equal(e.msg, "no live session");
    assert_int_equal(afx_q(f, "SELECT ended FROM session"), T0 + 2);
    assert_int_equal(login(f, "bea", PW, T0 + 4, tok, &ss, &e), SG_EAUTH);
    /* Even if the session row were still open, a disabled account's session is dead. */
    afx_exec(f, "UPDATE session SET ended = NULL");
    assert_int_equal(sg_session_get(f->s, tok, T0 + 5, &ss, NULL), SG_EAUTH);
    /* Reset re-enables, but the old session stays dead (reset ends sessions too). */
    afx_exec(f, "UPDATE session SET ended = NULL");
    assert_int_equal(sg_user_reset(f->s, &f->admin, "bea", "a whole new passphrase", T0 + 6, NULL),
                     SG_OK);
    assert_int_equal(sg_session_get(f->s, tok, T0 + 7, &ss, NULL), SG_EAUTH);
    assert_int_equal(login(f, "bea", PW, T0 + 8, tok, &ss, &e), SG_EAUTH);
    assert_int_equal(login(f, "bea", "a whole new passphrase", T0 + 8, tok, &ss, &e), SG_OK);
}

static void test_idle_timeout_boundary(void **state)
{
    afx *f = *state;
    afx_add(f, "bea", SG_ROLE_BUSINESS, NULL, PW, T0);
    char tok[SG_TOKEN_HEX + 1];
    sg_session ss;
    sg_error e;
    assert_int_equal(login(f, "bea", PW, T0, tok, &ss, &e), SG_OK);
    int64_t t = T0 + SG_SESSION_IDLE_SECONDS - 1; /* 1799 s idle: alive, and refreshed */
    assert_int_equal(sg_session_get(f->s, tok, t, &ss, NULL), SG_OK);
    assert_int_equal(ss.last_seen, t);
    assert_int_equal(afx_q(f, "SELECT last_seen FROM session"), t);
    t += SG_SESSION_IDLE_SECONDS - 1;
    assert_int_equal(sg_session_get(f->s, tok, t, &ss, NULL), SG_OK);
    /* Exactly 1800 s idle: dead, and marked ended. */
    assert_int_equal(sg_session_get(f->s, tok, t + SG_SESSION_IDLE_SECONDS, &ss, NULL), SG_EAUTH);
    assert_int_equal(afx_q(f, "SELECT ended FROM session"), t + SG_SESSION_IDLE_SECONDS);
    /* Once dead, always dead, even if asked about an earlier time. */
    assert_int_equal(sg_session_get(f->s, tok, t + 1, &ss, NULL), SG_EAUTH);
}

static void test_absolute_lifetime_boundary(void **state)
{
    afx *f = *state;
    afx_add(f, "bea", SG_ROLE_BUSINESS, NULL, PW, T0);
    char tok[SG_TOKEN_HEX + 1];
    sg_session ss;
    sg_error e;
    assert_int_equal(login(f, "bea", PW, T0, tok, &ss, &e), SG_OK);
    /* Keep it busy every 20 minutes: idle never bites, the 12-hour lifetime does. */
    int64_t t = T0;
    while (t + 1200 < T0 + SG_SESSION_MAX_SECONDS - 1) {
        t += 1200;
        assert_int_equal(sg_session_get(f->s, tok, t, &ss, NULL), SG_OK);
    }
    assert_int_equal(sg_session_get(f->s, tok, T0 + SG_SESSION_MAX_SECONDS - 1, &ss, NULL), SG_OK);
    assert_int_equal(sg_session_get(f->s, tok, T0 + SG_SESSION_MAX_SECONDS, &ss, NULL), SG_EAUTH);
}

static void test_bad_tokens(void **state)
{
    afx *f = *state;
    afx_add(f, "bea", SG_ROLE_BUSINESS, NULL, PW, T0);
    char tok[SG_TOKEN_HEX + 1];
    sg_session ss;
    sg_error e;
    assert_int_equal(login(f, "bea", PW, T0, tok, &ss, &e), SG_OK);
    char upper[SG_TOKEN_HEX + 1], shorter[SG_TOKEN_HEX + 1], other[SG_TOKEN_HEX + 1];
    for (int i = 0; i <= SG_TOKEN_HEX; i++)
        upper[i] = (char)(tok[i] >= 'a' && tok[i] <= 'f' ? tok[i] - 32 : tok[i]);
    memcpy(shorter, tok, SG_TOKEN_HEX);
    shorter[SG_TOKEN_HEX - 1] = '\0';
    memcpy(other, tok, SG_TOKEN_HEX + 1);
    other[0] = other[0] == '0' ? '1' : '0';
    const char *bad[] = {upper, shorter,
                         other, "",
                         NULL,  "zz00000000000000000000000000000000000000000000000000000000000000"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (bad[i] == upper && strcmp(upper, tok) == 0) continue; /* all digits: no upper case */
        assert_int_equal(sg_session_get(f->s, bad[i], T0 + 1, &ss, NULL), SG_EAUTH);
        assert_int_equal(sg_session_end(f->s, bad[i], T0 + 1, NULL), SG_EAUTH);
    }
    assert_int_equal(sg_session_get(f->s, tok, T0 + 1, &ss, NULL), SG_OK);
}

static void test_logout(void **state)
{
    afx *f = *state;
    afx_add(f, "bea", SG_ROLE_BUSINESS, NULL, PW, T0);
    char tok[SG_TOKEN_HEX + 1], tok2[SG_TOKEN_HEX + 1];
    sg_session ss;
    sg_error e;
    assert_int_equal(login(f, "bea", PW, T0, tok, &ss, &e), SG_OK);
    assert_int_equal(login(f, "bea", PW, T0, tok2, &ss, &e), SG_OK);
    assert_int_equal(sg_session_end(f->s, tok, T0 + 5, NULL), SG_OK);
    assert_int_equal(sg_session_get(f->s, tok, T0 + 6, &ss, NULL), SG_EAUTH);
    assert_int_equal(sg_session_end(f->s, tok, T0 + 7, NULL), SG_EAUTH);
    /* The other session of the same user lives on. */
    assert_int_equal(sg_session_get(f->s, tok2, T0 + 6, &ss, NULL), SG_OK);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM audit_log WHERE action = 'logout' AND "
                              "username = 'bea' AND at = 1700000005"),
                     1);
}

static void test_csrf_compare(void **state)
{
    (void)state;
    sg_session ss;
    memset(&ss, 0, sizeof ss);
    memset(ss.csrf, 'a', SG_TOKEN_HEX);
    char sub[SG_TOKEN_HEX + 2];
    memcpy(sub, ss.csrf, SG_TOKEN_HEX + 1);
    assert_true(sg_csrf_ok(&ss, sub));
    sub[SG_TOKEN_HEX - 1] = 'b'; /* last character differs */
    assert_false(sg_csrf_ok(&ss, sub));
    sub[SG_TOKEN_HEX - 1] = 'a';
    sub[0] = 'b'; /* first character differs */
    assert_false(sg_csrf_ok(&ss, sub));
    sub[0] = 'a';
    sub[SG_TOKEN_HEX - 1] = '\0'; /* a prefix */
    assert_false(sg_csrf_ok(&ss, sub));
    sub[SG_TOKEN_HEX - 1] = 'a';
    sub[SG_TOKEN_HEX] = 'a'; /* one longer */
    sub[SG_TOKEN_HEX + 1] = '\0';
    assert_false(sg_csrf_ok(&ss, sub));
    assert_false(sg_csrf_ok(&ss, ""));
    assert_false(sg_csrf_ok(&ss, NULL));
    assert_false(sg_csrf_ok(NULL, ss.csrf));
    sg_session empty;
    memset(&empty, 0, sizeof empty);
    assert_false(sg_csrf_ok(&empty, "")); /* a session without a token matches nothing */
}

static void test_client_throttle(void **state)
{
    afx *f = *state;
    afx_add(f, "bea", SG_ROLE_BUSINESS, NULL, PW, T0);
    char tok[SG_TOKEN_HEX + 1];
    sg_session ss;
    sg_error e;
    /* 20 failures from one address, each against a different (unknown) name, at T0. */
    for (int i = 0; i < SG_THROTTLE_FAILURES; i++) {
        char name[16];
        snprintf(name, sizeof name, "spray%d", i);
        sg_error_clear(&e);
        assert_int_equal(sg_login(f->s, name, PW, "203.0.113.5", T0, tok, &ss, &e), SG_EAUTH);
    }
    /* The right password from that address is refused until the window has passed ... */
    sg_error_clear(&e);
    assert_int_equal(sg_login(f->s, "bea", PW, "203.0.113.5", T0 + 899, tok, &ss, &e), SG_EAUTH);
    assert_string_equal(e.msg, GENERIC);
    char got[80];
    afx_qs(f, "SELECT detail FROM audit_log ORDER BY seq DESC", got, sizeof got);
    assert_string_equal(got, "too many failed logins from this address");
    /* ... and does not count against the account, which the address did not try. */
    assert_int_equal(failed_of(f, "bea"), 0);
    /* Another address is not affected. */
    assert_int_equal(sg_login(f->s, "bea", PW, "198.51.100.7", T0 + 899, tok, &ss, &e), SG_OK);
    /* The refused attempt at T0+899 is itself a failure in the window; once the 20 at T0 have
     * left it (at T0 + 900), 1 remains and the address may try again. */
    assert_int_equal(sg_login(f->s, "bea", PW, "203.0.113.5", T0 + 900, tok, &ss, &e), SG_OK);
}

static void test_totp_role_without_enrolment(void **state)
{
    afx *f = *state;
    afx_add(f, "ana", SG_ROLE_ANALYST, NULL, PW, T0);
    char tok[SG_TOKEN_HEX + 1];
    sg_session ss;
    sg_error e;
    assert_int_equal(login(f, "ana", PW, T0, tok, &ss, &e), SG_EAUTH);
    assert_non_null(strstr(e.msg, "no second factor"));
    assert_int_equal(failed_of(f, "ana"), 0);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM session"), 0);
    /* The wrong password still gets the generic answer. */
    assert_int_equal(login(f, "ana", "not the password", T0, tok, &ss, &e), SG_EAUTH);
    assert_string_equal(e.msg, GENERIC);
    assert_int_equal(failed_of(f, "ana"), 1);
}

/* Each login tidies sessions that ended more than a week (604800 s) before it: one that ended
 * exactly a week before stays, one a second older goes, open ones stay. */
static void test_tidy_ended_after_a_week(void **state)
{
    afx *f = *state;
    afx_add(f, "bea", SG_ROLE_BUSINESS, NULL, PW, T0);
    char tok[SG_TOKEN_HEX + 1];
    sg_session a, b, c;
    sg_error e;
    assert_int_equal(login(f, "bea", PW, T0, tok, &a, &e), SG_OK);
    assert_int_equal(login(f, "bea", PW, T0, tok, &b, &e), SG_OK);
    assert_int_equal(login(f, "bea", PW, T0, tok, &c, &e), SG_OK);
    int64_t t1 = T0 + 1000000;
    char sql[160];
    snprintf(sql, sizeof sql, "UPDATE session SET ended = %lld WHERE id = %lld",
             (long long)(t1 - 604800), (long long)a.id);
    afx_exec(f, sql);
    snprintf(sql, sizeof sql, "UPDATE session SET ended = %lld WHERE id = %lld",
             (long long)(t1 - 604801), (long long)b.id);
    afx_exec(f, sql);
    sg_session d;
    assert_int_equal(login(f, "bea", PW, t1, tok, &d, &e), SG_OK);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM session WHERE id = %lld", (long long)a.id);
    assert_int_equal(afx_q(f, sql), 1);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM session WHERE id = %lld", (long long)b.id);
    assert_int_equal(afx_q(f, sql), 0);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM session WHERE id = %lld", (long long)c.id);
    assert_int_equal(afx_q(f, sql), 1);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM session"), 3);
}

/* sg_session_get without an out still refreshes; a dead session leaves nothing in out. */
static void test_get_without_out_and_dead_out_cleared(void **state)
{
    afx *f = *state;
    afx_add(f, "bea", SG_ROLE_BUSINESS, NULL, PW, T0);
    char tok[SG_TOKEN_HEX + 1];
    sg_session ss;
    sg_error e;
    assert_int_equal(login(f, "bea", PW, T0, tok, &ss, &e), SG_OK);
    int64_t id = ss.id;
    assert_true(id > 0);
    assert_int_equal(sg_session_get(f->s, tok, T0 + 5, NULL, NULL), SG_OK);
    assert_int_equal(afx_q(f, "SELECT last_seen FROM session"), T0 + 5);
    /* 1800 s after T0 + 5 it is idle: dead, and out is wiped, not left holding the session */
    assert_int_equal(sg_session_get(f->s, tok, T0 + 1804, &ss, NULL), SG_OK);
    assert_int_equal(ss.id, id);
    assert_int_equal(ss.last_seen, T0 + 1804);
    assert_int_equal(sg_session_get(f->s, tok, T0 + 1804 + 1800, &ss, NULL), SG_EAUTH);
    assert_int_equal(ss.id, 0);
    assert_string_equal(ss.who.username, "");
    assert_string_equal(ss.csrf, "");
    assert_int_equal(ss.created, 0);
}

/* Who a failed login is written down as: the account's id and role when the name is an
 * account, id 0 and "public" when it is not; a lockout's own entry with its count and end. */
static void test_failure_entries(void **state)
{
    afx *f = *state;
    afx_add(f, "bea", SG_ROLE_BUSINESS, NULL, PW, T0);
    long long bea = afx_q(f, "SELECT id FROM account WHERE username = 'bea'");
    assert_true(bea > 0);
    char tok[SG_TOKEN_HEX + 1];
    sg_session ss;
    sg_error e;
    assert_int_equal(login(f, "nobody", PW, T0 + 1, tok, &ss, &e), SG_EAUTH);
    char got[128];
    afx_qs(f,
           "SELECT user_id || ' ' || username || ' ' || role || ' ' || object || ' ' || client "
           "FROM audit_log ORDER BY seq DESC",
           got, sizeof got);
    assert_string_equal(got, "0 nobody public user:nobody 192.0.2.1");
    for (int i = 1; i <= 6; i++)
        assert_int_equal(login(f, "bea", "not the password", T0 + 1 + i, tok, &ss, &e), SG_EAUTH);
    char want[128];
    snprintf(want, sizeof want, "%lld bea business user:bea wrong password", bea);
    afx_qs(f,
           "SELECT user_id || ' ' || username || ' ' || role || ' ' || object || ' ' || detail "
           "FROM audit_log WHERE action = 'login_failed' ORDER BY seq DESC",
           got, sizeof got);
    assert_string_equal(got, want);
    snprintf(want, sizeof want,
             "%lld bea business user:bea locked after 6 failed logins until %lld", bea,
             (long long)(T0 + 7 + 1800));
    afx_qs(f,
           "SELECT user_id || ' ' || username || ' ' || role || ' ' || object || ' ' || detail "
           "FROM audit_log WHERE action = 'locked'",
           got, sizeof got);
    assert_string_equal(got, want);
}

/* Logins with no address (the CLI's) are never throttled: 20 failures without one do not stop
 * the next login without one, whether the address is NULL or "". */
static void test_no_address_not_throttled(void **state)
{
    afx *f = *state;
    afx_add(f, "bea", SG_ROLE_BUSINESS, NULL, PW, T0);
    char tok[SG_TOKEN_HEX + 1];
    sg_session ss;
    sg_error e;
    for (int i = 0; i < SG_THROTTLE_FAILURES; i++) {
        char name[16];
        snprintf(name, sizeof name, "spray%d", i);
        assert_int_equal(sg_login(f->s, name, PW, i % 2 ? NULL : "", T0, tok, &ss, &e), SG_EAUTH);
    }
    assert_int_equal(afx_q(f, "SELECT count(*) FROM audit_log WHERE action = 'login_failed' AND "
                              "client = ''"),
                     SG_THROTTLE_FAILURES);
    assert_int_equal(sg_login(f->s, "bea", PW, "", T0 + 1, tok, &ss, &e), SG_OK);
    assert_int_equal(sg_login(f->s, "bea", PW, NULL, T0 + 1, tok, &ss, &e), SG_OK);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, afx_setup, afx_teardown)
int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_login_ok_token_hashed),
        T(test_failures_are_generic),
        T(test_lockout_exactly_sixth_for_thirty_minutes),
        T(test_expired_lock_starts_count_again),
        T(test_success_resets_count),
        T(test_disabled_sessions_die),
        T(test_idle_timeout_boundary),
        T(test_absolute_lifetime_boundary),
        T(test_bad_tokens),
        T(test_logout),
        T(test_csrf_compare),
        T(test_client_throttle),
        T(test_totp_role_without_enrolment),
        T(test_tidy_ended_after_a_week),
        T(test_get_without_out_and_dead_out_cleared),
        T(test_failure_entries),
        T(test_no_address_not_throttled),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

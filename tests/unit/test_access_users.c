/* test_access_users.c - accounts: name, role, agency and password rules, the Argon2id hash as
 * stored (read back from the row), add/disable/reset/get/each, who may manage accounts, and
 * the audit entries each change leaves. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "access_fixture.h"

#include <sodium.h>

#define PW "correct horse battery"
#define T0 1700000000

static void test_username_rules(void **state)
{
    afx *f = *state;
    sg_error e;
    const char *bad[] = {"",
                         "Alice",
                         "al ice",
                         "al@ce",
                         "al/ce",
                         "élodie",
                         "a123456789012345678901234567890123456789012345678901234567890123"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sg_error_clear(&e);
        assert_int_equal(sg_user_add(f->s, &f->admin, bad[i], SG_ROLE_ANALYST, NULL, PW, T0, &e),
                         SG_EINVAL);
        assert_string_equal(e.field, "username");
    }
    assert_int_equal(sg_user_add(f->s, &f->admin, NULL, SG_ROLE_ANALYST, NULL, PW, T0, NULL),
                     SG_EINVAL);
    /* 63 characters is the longest; every allowed character class. */
    afx_add(f, "a12345678901234567890123456789012345678901234567890123456789012", SG_ROLE_ANALYST,
            NULL, PW, T0);
    afx_add(f, "jo.bloggs_2-x", SG_ROLE_BUSINESS, NULL, PW, T0);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM account"), 2);
}

static void test_password_rules(void **state)
{
    afx *f = *state;
    sg_error e;
    struct {
        const char *pw;
        const char *msg;
    } bad[] = {
        {"elevenchars", "12 to 256"},
        {"", "12 to 256"},
        {"aaaaaaaaaaaaaaaa", "repeated"},
        {"my name is mary.smith ok", "username"},
        {"MY NAME IS MARY.SMITH OK", "username"},
        {"Password1234", "common"},
        {"tab\there is bad", "control"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sg_error_clear(&e);
        assert_int_equal(sg_password_check("mary.smith", bad[i].pw, &e), SG_EINVAL);
        if (!strstr(e.msg, bad[i].msg)) fail_msg("'%s': %s", bad[i].pw, e.msg);
        assert_null(strstr(e.msg, bad[i].pw[0] ? bad[i].pw : "\x01")); /* never echoed */
    }
    char longpw[SG_PASSWORD_MAX + 2];
    memset(longpw, 'x', sizeof longpw);
    longpw[0] = 'y';
    longpw[SG_PASSWORD_MAX + 1] = '\0';
    assert_int_equal(sg_password_check("u", longpw, NULL), SG_EINVAL); /* 257 */
    longpw[SG_PASSWORD_MAX] = '\0';
    assert_int_equal(sg_password_check("u", longpw, NULL), SG_OK);         /* 256 */
    assert_int_equal(sg_password_check("u", "twelve chars", NULL), SG_OK); /* exactly 12 */
    assert_int_equal(sg_password_check("u", NULL, NULL), SG_EINVAL);
    /* A short username may appear in the password (too many false positives otherwise). */
    assert_int_equal(sg_password_check("jo", "jo likes long walks", NULL), SG_OK);
    /* add refuses a bad password and stores nothing */
    sg_error_clear(&e);
    assert_int_equal(sg_user_add(f->s, &f->admin, "mary", SG_ROLE_ANALYST, NULL, "short", T0, &e),
                     SG_EINVAL);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM account"), 0);
}

static void test_hash_stored_not_password(void **state)
{
    afx *f = *state;
    afx_add(f, "mary", SG_ROLE_ANALYST, NULL, PW, T0);
    char hash[256];
    afx_qs(f, "SELECT password_hash FROM account WHERE username = 'mary'", hash, sizeof hash);
    assert_int_equal(strncmp(hash, "$argon2id$v=19$m=65536,t=2,p=1$", 31), 0);
    assert_null(strstr(hash, PW));
    assert_int_equal(crypto_pwhash_str_verify(hash, PW, strlen(PW)), 0);
    assert_int_not_equal(crypto_pwhash_str_verify(hash, "correct horse battery!", 22), 0);
    /* The password appears nowhere in the database file's rows. */
    assert_int_equal(afx_q(f, "SELECT count(*) FROM audit_log WHERE detail LIKE '%horse%' OR "
                              "object LIKE '%horse%'"),
                     0);
    /* Two accounts with the same password get different hashes (salted). */
    afx_add(f, "mark", SG_ROLE_ANALYST, NULL, PW, T0);
    char hash2[256];
    afx_qs(f, "SELECT password_hash FROM account WHERE username = 'mark'", hash2, sizeof hash2);
    assert_string_not_equal(hash, hash2);
}

static void test_roles_and_agency(void **state)
{
    afx *f = *state;
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_user_add(f->s, &f->admin, "p1", SG_ROLE_AGENCY, NULL, PW, T0, &e),
                     SG_EINVAL);
    assert_string_equal(e.field, "agency");
    assert_int_equal(sg_user_add(f->s, &f->admin, "p1", SG_ROLE_AGENCY, "police", PW, T0, NULL),
                     SG_EINVAL);
    sg_error_clear(&e);
    assert_int_equal(sg_user_add(f->s, &f->admin, "a1", SG_ROLE_ANALYST, "POLICE", PW, T0, &e),
                     SG_EINVAL);
    assert_string_equal(e.field, "agency");
    sg_error_clear(&e);
    assert_int_equal(sg_user_add(f->s, &f->admin, "x1", SG_ROLE_PUBLIC, NULL, PW, T0, &e),
                     SG_EINVAL);
    assert_string_equal(e.field, "role");
    assert_int_equal(sg_user_add(f->s, &f->admin, "x1", SG__ROLE_COUNT, NULL, PW, T0, NULL),
                     SG_EINVAL);
    afx_add(f, "p1", SG_ROLE_AGENCY, "POLICE", PW, T0);
    sg_user u;
    assert_int_equal(sg_user_get(f->s, "p1", &u, NULL), SG_OK);
    assert_int_equal(u.role, SG_ROLE_AGENCY);
    assert_string_equal(u.agency, "POLICE");
    assert_false(u.disabled);
    assert_false(u.totp_enrolled);
    assert_int_equal(u.failed, 0);
    assert_int_equal(u.locked_until, 0);
    assert_int_equal(u.created, T0);
    assert_int_equal(u.last_login, 0);
}

static void test_conflict_and_forbidden(void **state)
{
    afx *f = *state;
    afx_add(f, "mary", SG_ROLE_ANALYST, NULL, PW, T0);
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_user_add(f->s, &f->admin, "mary", SG_ROLE_BUSINESS, NULL, PW, T0, &e),
                     SG_ECONFLICT);
    assert_non_null(strstr(e.msg, "already exists"));
    /* Only a principal with the users capability manages accounts. */
    sg_principal biz = {.user_id = 3, .username = "biz", .role = SG_ROLE_BUSINESS};
    sg_error_clear(&e);
    assert_int_equal(sg_user_add(f->s, &biz, "new1", SG_ROLE_ANALYST, NULL, PW, T0, &e),
                     SG_EFORBIDDEN);
    assert_string_equal(e.msg, "not allowed");
    assert_int_equal(sg_user_disable(f->s, &biz, "mary", T0, NULL), SG_EFORBIDDEN);
    assert_int_equal(sg_user_reset(f->s, &biz, "mary", PW, T0, NULL), SG_EFORBIDDEN);
    assert_int_equal(sg_user_add(f->s, NULL, "new1", SG_ROLE_ANALYST, NULL, PW, T0, NULL),
                     SG_EFORBIDDEN);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM account"), 1);
    assert_int_equal(afx_q(f, "SELECT disabled FROM account WHERE username = 'mary'"), 0);
}

static void test_disable_reset(void **state)
{
    afx *f = *state;
    afx_add(f, "mary", SG_ROLE_ANALYST, NULL, PW, T0);
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_user_disable(f->s, &f->admin, "nobody", T0, &e), SG_ENOTFOUND);
    assert_int_equal(sg_user_reset(f->s, &f->admin, "nobody", PW, T0, NULL), SG_ENOTFOUND);
    assert_int_equal(sg_user_disable(f->s, &f->admin, "mary", T0 + 5, NULL), SG_OK);
    sg_user u;
    assert_int_equal(sg_user_get(f->s, "mary", &u, NULL), SG_OK);
    assert_true(u.disabled);
    /* Simulate a lockout, then reset: enabled, unlocked, new password only. */
    afx_exec(f, "UPDATE account SET failed = 6, locked_until = 1800000000");
    assert_int_equal(sg_user_reset(f->s, &f->admin, "mary", "short", T0, NULL), SG_EINVAL);
    assert_int_equal(sg_user_reset(f->s, &f->admin, "mary", "a brand new passphrase", T0 + 9, NULL),
                     SG_OK);
    assert_int_equal(sg_user_get(f->s, "mary", &u, NULL), SG_OK);
    assert_false(u.disabled);
    assert_int_equal(u.failed, 0);
    assert_int_equal(u.locked_until, 0);
    char hash[256];
    afx_qs(f, "SELECT password_hash FROM account WHERE username = 'mary'", hash, sizeof hash);
    assert_int_equal(crypto_pwhash_str_verify(hash, "a brand new passphrase", 22), 0);
    assert_int_not_equal(crypto_pwhash_str_verify(hash, PW, strlen(PW)), 0);
    assert_int_equal(sg_user_get(f->s, "nobody", &u, NULL), SG_ENOTFOUND);
}

typedef struct names {
    char list[256];
    int n, stop_after;
} names;

static int collect(void *ctx, const sg_user *u)
{
    names *nm = ctx;
    size_t len = strlen(nm->list);
    snprintf(nm->list + len, sizeof nm->list - len, "%s%s/%s", len ? "," : "", u->username,
             sg_role_name(u->role));
    return ++nm->n == nm->stop_after ? 42 : 0;
}

static void test_each(void **state)
{
    afx *f = *state;
    afx_add(f, "zed", SG_ROLE_SCRUTINEER, NULL, PW, T0);
    afx_add(f, "amy", SG_ROLE_EXECUTIVE, NULL, PW, T0);
    afx_add(f, "kim", SG_ROLE_AGENCY, "HEALTH", PW, T0);
    names nm = {0};
    assert_int_equal(sg_user_each(f->s, collect, &nm, NULL), SG_OK);
    assert_string_equal(nm.list, "amy/executive,kim/agency,zed/scrutineer");
    names stop = {.stop_after = 2};
    assert_int_equal(sg_user_each(f->s, collect, &stop, NULL), 42);
    assert_string_equal(stop.list, "amy/executive,kim/agency");
}

static void test_changes_audited(void **state)
{
    afx *f = *state;
    afx_add(f, "kim", SG_ROLE_AGENCY, "HEALTH", PW, T0);
    assert_int_equal(sg_user_disable(f->s, &f->admin, "kim", T0 + 1, NULL), SG_OK);
    assert_int_equal(sg_user_reset(f->s, &f->admin, "kim", "another long secret", T0 + 2, NULL),
                     SG_OK);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM audit_log WHERE action = 'user' AND "
                              "object = 'user:kim'"),
                     3);
    char d[256];
    afx_qs(f, "SELECT detail FROM audit_log WHERE seq = 1", d, sizeof d);
    assert_string_equal(d, "added with role agency for agency HEALTH");
    afx_qs(f, "SELECT username FROM audit_log WHERE seq = 1", d, sizeof d);
    assert_string_equal(d, f->admin.username);
    afx_qs(f, "SELECT detail FROM audit_log WHERE seq = 2", d, sizeof d);
    assert_string_equal(d, "disabled; sessions ended");
    assert_int_equal(afx_q(f, "SELECT at FROM audit_log WHERE seq = 3"), T0 + 2);
    /* A refused change leaves no entry. */
    assert_int_equal(sg_user_add(f->s, &f->admin, "kim", SG_ROLE_ANALYST, NULL, PW, T0, NULL),
                     SG_ECONFLICT);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM audit_log WHERE seq > 0"), 3);
}

static void test_schema(void **state)
{
    afx *f = *state;
    assert_true(sg_store_schema_version(f->s) >= 7); /* 6: accounts; 7: totp_algorithm */
    /* The table checks refuse what the library refuses, even from raw SQL. */
    assert_int_not_equal(sqlite3_exec(sg_store_db(f->s),
                                      "INSERT INTO account (username, role, password_hash, "
                                      "created) VALUES ('x', 'admin', 'plaintext', 0)",
                                      NULL, NULL, NULL),
                         SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(sg_store_db(f->s),
                                      "INSERT INTO account (username, role, password_hash, "
                                      "created) VALUES ('x', 'agency', '$argon2id$x', 0)",
                                      NULL, NULL, NULL),
                         SQLITE_OK);
    /* Only the two TOTP algorithms; a new account's default is SHA1. */
    assert_int_not_equal(sqlite3_exec(sg_store_db(f->s),
                                      "INSERT INTO account (username, role, password_hash, "
                                      "created, totp_algorithm) VALUES ('x', 'admin', "
                                      "'$argon2id$x', 0, 'MD5')",
                                      NULL, NULL, NULL),
                         SQLITE_OK);
    assert_int_equal(sqlite3_exec(sg_store_db(f->s),
                                  "INSERT INTO account (username, role, password_hash, "
                                  "created) VALUES ('x', 'admin', '$argon2id$x', 0)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM account WHERE username = 'x' AND "
                              "totp_algorithm = 'SHA1'"),
                     1);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, afx_setup, afx_teardown)
int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_username_rules),
        T(test_password_rules),
        T(test_hash_stored_not_password),
        T(test_roles_and_agency),
        T(test_conflict_and_forbidden),
        T(test_disable_reset),
        T(test_each),
        T(test_changes_audited),
        T(test_schema),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

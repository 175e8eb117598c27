/* test_access_audit.c - the audit trail: appending, filtering (user, object prefix, action,
 * dates, limit), the append-only triggers, and verification of the keyed hash chain against
 * each kind of tampering done with raw SQL (edit, deletion, insertion, reordering, changing
 * or removing the last entry, editing the head), each found at the right first_bad; and the
 * wipes the genesis entry exists for: every entry deleted and the head reset, everything but
 * the genesis entry deleted and an old head put back, a store from before the genesis entry
 * sealed on upgrade and then wiped. The fixture's store has its genesis entry (seq 0), so the
 * events below are 1, 2, ... */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "access_fixture.h"

#include <sodium.h>

#define T0 1700000000

static sg_principal who(const char *name, sg_role r, int64_t id)
{
    sg_principal p;
    memset(&p, 0, sizeof p);
    p.user_id = id;
    p.role = r;
    snprintf(p.username, sizeof p.username, "%s", name);
    return p;
}

/* Five entries: seq 1..5 at T0+10*seq. */
static void five(afx *f)
{
    sg_principal ana = who("ana", SG_ROLE_ANALYST, 2), bea = who("bea", SG_ROLE_BUSINESS, 3);
    struct {
        const sg_principal *p;
        const char *action, *object, *detail;
    } e[] = {
        {&ana, "login", "user:ana", "logged in"},
        {&ana, "view_child", "child:L0123456789abcdef01234567", "case summary"},
        {&bea, "view", "submission:12", "findings"},
        {&bea, "change", "register:actions:7", "status -> done"},
        {&ana, "export", "submission:120", "csv"},
    };
    for (int i = 0; i < 5; i++) {
        sg_error err;
        sg_error_clear(&err);
        if (sg_audit(f->s, e[i].p, e[i].action, e[i].object, e[i].detail, "192.0.2.1",
                     T0 + 10 * (i + 1), &err))
            fail_msg("audit: %s", err.msg);
    }
}

/* want: the entries after the genesis entry (checked counts it too). */
static void verify_ok(afx *f, long want)
{
    long checked = -1;
    int64_t bad = -1;
    sg_error e;
    sg_error_clear(&e);
    int rc = sg_audit_verify(f->s, &checked, &bad, &e);
    if (rc) fail_msg("verify: %s", e.msg);
    assert_int_equal(checked, want + 1);
    assert_int_equal(bad, 0);
}

static void verify_bad(afx *f, int64_t want_bad, const char *msg_part)
{
    long checked = -1;
    int64_t bad = -1;
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_audit_verify(f->s, &checked, &bad, &e), SG_ECONFLICT);
    if (bad != want_bad)
        fail_msg("first_bad %lld, wanted %lld (%s)", (long long)bad, (long long)want_bad, e.msg);
    if (!strstr(e.msg, msg_part)) fail_msg("message '%s' lacks '%s'", e.msg, msg_part);
}

/* Takes the triggers away, as someone editing the file directly would. */
static void untrigger(afx *f)
{
    afx_exec(f, "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete");
}

static void test_append_and_verify(void **state)
{
    afx *f = *state;
    verify_ok(f, 0);
    five(f);
    verify_ok(f, 5);
    assert_int_equal(afx_q(f, "SELECT max(seq) FROM audit_log"), 5);
    assert_int_equal(afx_q(f, "SELECT seq FROM audit_head"), 5);
    char s[80];
    afx_qs(f, "SELECT role FROM audit_log WHERE seq = 3", s, sizeof s);
    assert_string_equal(s, "business");
    /* NULL principal is the public. */
    assert_int_equal(sg_audit(f->s, NULL, "view", "report:2024", "", NULL, T0 + 60, NULL), SG_OK);
    afx_qs(f, "SELECT username || '/' || role || '/' || user_id FROM audit_log WHERE seq = 6", s,
           sizeof s);
    assert_string_equal(s, "public/public/0");
    verify_ok(f, 6);
}

static void test_bad_action_and_long_text(void **state)
{
    afx *f = *state;
    sg_principal ana = who("ana", SG_ROLE_ANALYST, 2);
    const char *bad[] = {"", "Login", "log in", "a23456789012345678901234", NULL};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(sg_audit(f->s, &ana, bad[i], "x", "y", NULL, T0, NULL), SG_EINVAL);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM audit_log"), 1); /* the genesis entry */
    /* 23 characters is the longest action. */
    assert_int_equal(sg_audit(f->s, &ana, "a_long_action_name_abcd", "x", "y", NULL, T0, NULL),
                     SG_OK);
    /* A detail longer than 255 bytes is cut at a character boundary, not refused. */
    char detail[400];
    for (int i = 0; i < 150; i++)
        memcpy(detail + 2 * i, "\xc3\xa9", 2); /* é, 2 bytes: 300 bytes in all */
    detail[300] = '\0';
    assert_int_equal(sg_audit(f->s, &ana, "view", "x", detail, NULL, T0, NULL), SG_OK);
    assert_int_equal(afx_q(f, "SELECT length(CAST(detail AS BLOB)) FROM audit_log WHERE seq = 2"),
                     254);
    assert_int_equal(afx_q(f, "SELECT length(detail) FROM audit_log WHERE seq = 2"), 127);
    verify_ok(f, 2);
}

static void test_append_only_triggers(void **state)
{
    afx *f = *state;
    five(f);
    sqlite3 *db = sg_store_db(f->s);
    assert_int_not_equal(
        sqlite3_exec(db, "UPDATE audit_log SET detail = 'x' WHERE seq = 2", NULL, NULL, NULL),
        SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM audit_log WHERE seq = 2", NULL, NULL, NULL),
                         SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM audit_head", NULL, NULL, NULL), SQLITE_OK);
    verify_ok(f, 5);
}

static void test_tamper_update_detail(void **state)
{
    afx *f = *state;
    five(f);
    untrigger(f);
    afx_exec(f, "UPDATE audit_log SET detail = 'nothing to see' WHERE seq = 3");
    verify_bad(f, 3, "does not verify");
}

static void test_tamper_update_time(void **state)
{
    afx *f = *state;
    five(f);
    untrigger(f);
    afx_exec(f, "UPDATE audit_log SET at = at + 1 WHERE seq = 2");
    verify_bad(f, 2, "does not verify");
}

static void test_tamper_delete_middle(void **state)
{
    afx *f = *state;
    five(f);
    untrigger(f);
    afx_exec(f, "DELETE FROM audit_log WHERE seq = 3");
    verify_bad(f, 3, "entry 3 is missing");
}

static void test_tamper_delete_and_renumber(void **state)
{
    afx *f = *state;
    five(f);
    untrigger(f);
    /* Close the gap: the renumbered entries no longer hash to what they hold. */
    afx_exec(f, "DELETE FROM audit_log WHERE seq = 3;"
                "UPDATE audit_log SET seq = seq - 1 WHERE seq > 3;"
                "UPDATE audit_head SET seq = 4");
    verify_bad(f, 3, "does not verify");
}

static void test_tamper_insert_forged(void **state)
{
    afx *f = *state;
    five(f);
    /* At the end, through no trigger at all: a row with a made-up hash. */
    afx_exec(f, "INSERT INTO audit_log (seq, at, user_id, username, role, action, object, "
                "detail, client, hash) VALUES (6, 1700000070, 2, 'ana', 'analyst', 'login', "
                "'user:ana', 'logged in', '', zeroblob(32))");
    verify_bad(f, 6, "does not verify");
}

static void test_tamper_insert_middle(void **state)
{
    afx *f = *state;
    five(f);
    untrigger(f);
    /* Make room at 3 and put a copy of entry 2 (hash and all) there. */
    afx_exec(f, "UPDATE audit_log SET seq = seq + 100 WHERE seq >= 3;"
                "UPDATE audit_log SET seq = seq - 99 WHERE seq > 100;"
                "INSERT INTO audit_log SELECT 3, at, user_id, username, role, action, object, "
                "detail, client, hash FROM audit_log WHERE seq = 2;"
                "UPDATE audit_head SET seq = 6");
    verify_bad(f, 3, "does not verify");
}

static void test_tamper_reorder(void **state)
{
    afx *f = *state;
    five(f);
    untrigger(f);
    afx_exec(f, "UPDATE audit_log SET seq = 100 WHERE seq = 2;"
                "UPDATE audit_log SET seq = 2 WHERE seq = 4;"
                "UPDATE audit_log SET seq = 4 WHERE seq = 100");
    verify_bad(f, 2, "does not verify");
}

static void test_tamper_last_row(void **state)
{
    afx *f = *state;
    five(f);
    untrigger(f);
    afx_exec(f, "UPDATE audit_log SET object = 'submission:121' WHERE seq = 5");
    verify_bad(f, 5, "does not verify");
}

static void test_tamper_truncate_end(void **state)
{
    afx *f = *state;
    five(f);
    untrigger(f);
    afx_exec(f, "DELETE FROM audit_log WHERE seq = 5");
    verify_bad(f, 5, "missing from the end");
    /* Moving the head back too does not help: its MAC is over the old last entry. */
    afx_exec(f, "UPDATE audit_head SET seq = 4");
    verify_bad(f, 4, "head does not verify");
}

/* A later, honest entry must not make a tampered trail whole again. */
static void test_tamper_survives_append(void **state)
{
    afx *f = *state;
    five(f);
    untrigger(f);
    afx_exec(f, "DELETE FROM audit_log WHERE seq = 5");
    sg_principal ana = who("ana", SG_ROLE_ANALYST, 2);
    assert_int_equal(sg_audit(f->s, &ana, "login", "user:ana", "", NULL, T0 + 99, NULL), SG_OK);
    assert_int_equal(afx_q(f, "SELECT max(seq) FROM audit_log"), 6); /* numbering goes on */
    verify_bad(f, 5, "entry 5 is missing");
    assert_int_equal(sg_audit(f->s, &ana, "logout", "user:ana", "", NULL, T0 + 100, NULL), SG_OK);
    verify_bad(f, 5, "entry 5 is missing");
}

static void test_tamper_head_then_append(void **state)
{
    afx *f = *state;
    five(f);
    untrigger(f);
    /* Cut the last entry and move the head back: the head's MAC no longer verifies, so the
     * next entry leaves the head alone and the mismatch stays. */
    afx_exec(f, "DELETE FROM audit_log WHERE seq = 5; UPDATE audit_head SET seq = 4");
    sg_principal ana = who("ana", SG_ROLE_ANALYST, 2);
    assert_int_equal(sg_audit(f->s, &ana, "login", "user:ana", "", NULL, T0 + 99, NULL), SG_OK);
    assert_int_equal(afx_q(f, "SELECT seq FROM audit_head"), 4);
    verify_bad(f, 5, "does not match the trail");
}

static void test_tamper_head(void **state)
{
    afx *f = *state;
    five(f);
    afx_exec(f, "UPDATE audit_head SET seq = 4");
    verify_bad(f, 5, "does not match the trail");
    afx_exec(f, "UPDATE audit_head SET seq = 5, mac = zeroblob(32)");
    verify_bad(f, 5, "head does not verify");
}

static void test_tamper_seq_zero(void **state)
{
    afx *f = *state;
    five(f);
    /* entry 1 moved to seq -1, before the genesis entry */
    afx_exec(f, "INSERT INTO audit_log SELECT -1, at, user_id, username, role, action, object, "
                "detail, client, hash FROM audit_log WHERE seq = 1");
    verify_bad(f, -1, "out of sequence");
}

/* The genesis entry deleted: entry 1 was chained from it, so it no longer verifies. */
static void test_tamper_genesis_deleted(void **state)
{
    afx *f = *state;
    five(f);
    untrigger(f);
    afx_exec(f, "DELETE FROM audit_log WHERE seq = 0");
    verify_bad(f, 1, "does not verify");
}

/* The outside probe's wipe: triggers dropped, every entry deleted, the head reset to (0, NULL)
 * as a new store's. Before the genesis entry this verified as "0 entries, chain intact". */
static void test_wipe_everything(void **state)
{
    afx *f = *state;
    afx_add(f, "kim", SG_ROLE_BUSINESS, NULL, "long enough passphrase 7", T0);
    five(f);
    verify_ok(f, 6);
    untrigger(f);
    afx_exec(f, "DELETE FROM audit_log; UPDATE audit_head SET seq = 0, mac = NULL");
    verify_bad(f, 0, "the audit trail is empty");
    /* the genesis step does not seal a wiped trail again (the store has an account) ... */
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_audit_seal(f->s, T0 + 100, &e), SG_OK);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM audit_log"), 0);
    /* ... and new entries, numbered from 1 as the probe saw, do not hide the wipe */
    sg_principal ana = who("ana", SG_ROLE_ANALYST, 2);
    assert_int_equal(sg_audit(f->s, &ana, "view", "x", "", NULL, T0 + 100, &e), SG_OK);
    assert_int_equal(afx_q(f, "SELECT min(seq) FROM audit_log"), 1);
    verify_bad(f, 0, "no genesis entry");
}

/* Everything but the genesis entry deleted and the head as it was right after it (an old copy
 * of the head row, which needs no key): the chain and the head verify, but the account added
 * after the genesis entry has no entry for its creation. */
static void test_wipe_all_but_genesis(void **state)
{
    afx *f = *state;
    char mac[80];
    afx_qs(f, "SELECT hex(mac) FROM audit_head", mac, sizeof mac);
    assert_int_equal(strlen(mac), 64);
    afx_add(f, "kim", SG_ROLE_BUSINESS, NULL, "long enough passphrase 7", T0);
    five(f);
    untrigger(f);
    char sql[256];
    snprintf(sql, sizeof sql,
             "DELETE FROM audit_log WHERE seq > 0; UPDATE audit_head SET seq = 0, mac = "
             "X'%s'",
             mac);
    afx_exec(f, sql);
    verify_bad(f, 0, "account 'kim' (id 1) has no entry for its creation");
}

/* Only the accounts' entries deleted: a gap; renumbered to close it, a broken link. */
static void test_wipe_account_entries(void **state)
{
    afx *f = *state;
    afx_add(f, "kim", SG_ROLE_BUSINESS, NULL, "long enough passphrase 7", T0);
    five(f);
    afx_add(f, "lee", SG_ROLE_BUSINESS, NULL, "long enough passphrase 8", T0 + 61);
    verify_ok(f, 7);
    untrigger(f);
    afx_exec(f, "DELETE FROM audit_log WHERE object IN ('user:kim', 'user:lee')");
    verify_bad(f, 1, "entry 1 is missing");
    /* the rest renumbered to close the gaps, the head moved: entry 1 is chained from kim's */
    afx_exec(f, "UPDATE audit_log SET seq = seq - 1 WHERE seq BETWEEN 2 AND 6; "
                "UPDATE audit_head SET seq = 5");
    verify_bad(f, 1, "does not verify");
}

/* A submission stored after the genesis entry without its import's entry (imported through
 * the library without a shell's audit) is reported; the LADO register's standing submission
 * is not an import and is not. */
static void test_submission_implies_entry(void **state)
{
    afx *f = *state;
    five(f);
    afx_exec(f, "INSERT INTO submission (agency, format, period, file_name, sha256, user) VALUES "
                "('LADO', 'register/lado', 'register', '(LADO register)', '"
                "0000000000000000000000000000000000000000000000000000000000000001', 'x')");
    verify_ok(f, 5);
    afx_exec(f, "INSERT INTO submission (agency, format, period, file_name, sha256, user) VALUES "
                "('POLICE', 'agency/police_events', '2024-25', 'e.csv', '"
                "0000000000000000000000000000000000000000000000000000000000000002', 'x')");
    verify_bad(f, 0, "submission 2 has no entry for its import");
    sg_principal ana = who("ana", SG_ROLE_ANALYST, 2);
    assert_int_equal(sg_audit(f->s, &ana, "upload", "submission:2", "", NULL, T0 + 90, NULL),
                     SG_OK);
    verify_ok(f, 6);
}

/* A store from before the genesis entry (schema 8 or earlier): its trail (entries chained from 1,
 * the head keyed) gets, through migration 9 and the genesis step, a genesis marker after its last
 * entry recording the account that predates it; then verifies; a later account without its
 * entry is found; and a later wipe is found and never sealed again. The old trail is written
 * with the pending mark cleared and an account in the store, where the genesis step does not
 * seal (as the old code wrote it); the store is then put back to schema 8 and reopened. */
static void test_upgrade_then_wipe(void **state)
{
    (void)state;
    char dir[64];
    snprintf(dir, sizeof dir, "/tmp/sg-audit-up-XXXXXX");
    assert_non_null(mkdtemp(dir));
    afx g;
    memset(&g, 0, sizeof g);
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_store_open(dir, true, &g.s, &e), SG_OK);
    assert_int_equal(afx_q(&g, "SELECT genesis_pending FROM audit_head"), 1); /* a new store */
    afx_exec(&g, "UPDATE audit_head SET genesis_pending = 0; INSERT INTO account (username, "
                 "role, agency, password_hash, created) VALUES ('old', 'business', '', "
                 "'$argon2id$x', 1)");
    sg_principal ana = who("ana", SG_ROLE_ANALYST, 2);
    for (int i = 0; i < 3; i++)
        assert_int_equal(sg_audit(g.s, &ana, "view", "x", "", NULL, T0 + i, &e), SG_OK);
    char d[256];
    afx_qs(&g, "SELECT min(seq) || '-' || max(seq) FROM audit_log", d, sizeof d);
    assert_string_equal(d, "1-3");
    long checked;
    int64_t bad;
    assert_int_equal(sg_audit_verify(g.s, &checked, &bad, &e), SG_ECONFLICT);
    assert_non_null(strstr(e.msg, "no genesis entry"));
    /* schema 8: the last schema without the genesis (migration 9), so without migration 10's
     * setting table, migration 12's partner values, 13's return receipts or 14's refusals either */
    afx_exec(&g, "DROP TABLE return_refusal; DROP TABLE return_receipt; "
                 "DROP VIEW live_partner_value; DROP TABLE partner_value; "
                 "ALTER TABLE audit_head DROP COLUMN genesis_pending; DROP TABLE setting; "
                 "PRAGMA user_version = 8");
    sg_store_close(g.s);
    /* the upgrade: migration 9 marks it pending; the genesis step writes a marker at 4 */
    assert_int_equal(sg_store_open(dir, false, &g.s, &e), SG_OK);
    assert_int_equal(afx_q(&g, "SELECT genesis_pending FROM audit_head"), 1);
    assert_int_equal(sg_audit_seal(g.s, T0 + 10, &e), SG_OK);
    afx_qs(&g, "SELECT seq || ' ' || action || ' ' || detail FROM audit_log WHERE seq = 4", d,
           sizeof d);
    assert_string_equal(d, "4 audit_genesis sealed after earlier entries: entries=3 accounts=1 "
                           "submissions=0 register_changes=0");
    assert_int_equal(afx_q(&g, "SELECT genesis_pending FROM audit_head"), 0);
    assert_int_equal(sg_audit_seal(g.s, T0 + 11, &e), SG_OK); /* once */
    assert_int_equal(afx_q(&g, "SELECT count(*) FROM audit_log"), 4);
    assert_int_equal(sg_audit_verify(g.s, &checked, &bad, &e), SG_OK);
    assert_int_equal(checked, 4);
    /* an account after the marker must have its entry; 'old' (id 1) predates it */
    afx_exec(&g, "INSERT INTO account (username, role, agency, password_hash, created) VALUES "
                 "('new', 'business', '', '$argon2id$x', 1)");
    assert_int_equal(sg_audit_verify(g.s, &checked, &bad, &e), SG_ECONFLICT);
    assert_non_null(strstr(e.msg, "account 'new' (id 2)"));
    /* the wipe: not sealed again, by the genesis step or by new entries */
    afx_exec(&g, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log; "
                 "UPDATE audit_head SET seq = 0, mac = NULL");
    assert_int_equal(sg_audit_seal(g.s, T0 + 20, &e), SG_OK);
    assert_int_equal(afx_q(&g, "SELECT count(*) FROM audit_log"), 0);
    assert_int_equal(sg_audit_verify(g.s, &checked, &bad, &e), SG_ECONFLICT);
    assert_non_null(strstr(e.msg, "empty"));
    for (int i = 0; i < 2; i++)
        assert_int_equal(sg_audit(g.s, &ana, "view", "x", "", NULL, T0 + 30 + i, &e), SG_OK);
    assert_int_equal(afx_q(&g, "SELECT count(*) FROM audit_log WHERE action = 'audit_genesis'"), 0);
    assert_int_equal(sg_audit_verify(g.s, &checked, &bad, &e), SG_ECONFLICT);
    assert_non_null(strstr(e.msg, "no genesis entry"));
    sg_store_close(g.s);
    tu_rm_rf(dir);
}

typedef struct seen {
    char list[512];
    int n, stop_after;
} seen;

static int collect(void *ctx, const sg_audit_entry *e)
{
    seen *s = ctx;
    size_t len = strlen(s->list);
    snprintf(s->list + len, sizeof s->list - len, "%s%lld", len ? "," : "", (long long)e->seq);
    return ++s->n == s->stop_after ? 7 : 0;
}

static const char *run(afx *f, sg_audit_filter flt, seen *s)
{
    memset(s, 0, sizeof *s);
    sg_error e;
    sg_error_clear(&e);
    if (sg_audit_each(f->s, &flt, collect, s, &e)) fail_msg("each: %s", e.msg);
    return s->list;
}

static void test_filters(void **state)
{
    afx *f = *state;
    five(f);
    seen s;
    assert_string_equal(run(f, (sg_audit_filter){0}, &s), "0,1,2,3,4,5");
    assert_string_equal(run(f, (sg_audit_filter){.username = "ana"}, &s), "1,2,5");
    assert_string_equal(run(f, (sg_audit_filter){.username = "an"}, &s), ""); /* exact */
    assert_string_equal(run(f, (sg_audit_filter){.object = "submission:12"}, &s), "3,5");
    assert_string_equal(run(f, (sg_audit_filter){.object = "child:"}, &s), "2");
    assert_string_equal(run(f, (sg_audit_filter){.object = "sub%"}, &s), ""); /* no wildcards */
    assert_string_equal(run(f, (sg_audit_filter){.action = "view"}, &s), "3");
    assert_string_equal(run(f, (sg_audit_filter){.from = T0 + 20}, &s), "2,3,4,5");
    assert_string_equal(run(f, (sg_audit_filter){.to = T0 + 20}, &s), "0,1,2");
    assert_string_equal(run(f, (sg_audit_filter){.from = T0 + 20, .to = T0 + 40}, &s), "2,3,4");
    assert_string_equal(run(f, (sg_audit_filter){.from = T0 + 21, .to = T0 + 39}, &s), "3");
    assert_string_equal(run(f, (sg_audit_filter){.limit = 2}, &s), "5,4");
    assert_string_equal(run(f, (sg_audit_filter){.username = "ana", .limit = 2}, &s), "5,2");
    assert_string_equal(
        run(f, (sg_audit_filter){.username = "bea", .action = "change", .object = "register:"}, &s),
        "4");
    /* The callback's non-zero status stops the walk and is returned. */
    seen stop = {.stop_after = 2};
    sg_audit_filter none = {0};
    assert_int_equal(sg_audit_each(f->s, &none, collect, &stop, NULL), 7);
    assert_string_equal(stop.list, "0,1");
    assert_int_equal(sg_audit_each(f->s, NULL, collect, memset(&s, 0, sizeof s), NULL), SG_OK);
    assert_string_equal(s.list, "0,1,2,3,4,5");
    sg_audit_filter neg = {.limit = -1};
    assert_int_equal(sg_audit_each(f->s, &neg, collect, &s, NULL), SG_EINVAL);
}

static int check_fields(void *ctx, const sg_audit_entry *e)
{
    (void)ctx;
    if (e->seq != 4) return 0;
    assert_int_equal(e->at, T0 + 40);
    assert_string_equal(e->username, "bea");
    assert_string_equal(e->role, "business");
    assert_string_equal(e->action, "change");
    assert_string_equal(e->object, "register:actions:7");
    assert_string_equal(e->detail, "status -> done");
    assert_string_equal(e->client, "192.0.2.1");
    return 0;
}

static void test_entry_fields(void **state)
{
    afx *f = *state;
    five(f);
    assert_int_equal(sg_audit_each(f->s, NULL, check_fields, NULL, NULL), SG_OK);
}

static void test_inside_caller_transaction(void **state)
{
    afx *f = *state;
    five(f);
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_store_begin(f->s, &e), SG_OK);
    sg_principal ana = who("ana", SG_ROLE_ANALYST, 2);
    assert_int_equal(sg_audit(f->s, &ana, "upload", "submission:9", "", NULL, T0 + 90, NULL),
                     SG_OK);
    verify_ok(f, 6); /* sees its own transaction's entry */
    sg_store_rollback(f->s);
    /* The caller's rollback takes the entry (and the head) back with the action. */
    verify_ok(f, 5);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM audit_log"), 6);
}

/* The chain's format as docs/access.md writes it, computed here from the stored fields with
 * libsodium alone: K = kdf(subkey 1, "SGAUDIT1", partnership key); hash[n] = BLAKE2b-256 keyed
 * with K over "sg-audit-entry-1", hash[n-1] (zeros before the genesis entry), u64le(n, at,
 * user_id) and each text as u64le(length) then its bytes; the head's MAC over "sg-audit-head-01",
 * u64le(N) and hash[N]. A change to the encoding that verify shares with append would still
 * verify; it would not match this. */
static void kat_u64(crypto_generichash_state *h, uint64_t v)
{
    unsigned char b[8] = {(unsigned char)v,         (unsigned char)(v >> 8),
                          (unsigned char)(v >> 16), (unsigned char)(v >> 24),
                          (unsigned char)(v >> 32), (unsigned char)(v >> 40),
                          (unsigned char)(v >> 48), (unsigned char)(v >> 56)};
    crypto_generichash_update(h, b, 8);
}

static void kat_str(crypto_generichash_state *h, const unsigned char *s)
{
    size_t n = s ? strlen((const char *)s) : 0;
    kat_u64(h, n);
    crypto_generichash_update(h, s, n);
}

static void test_chain_format_known(void **state)
{
    afx *f = *state;
    five(f);
    /* every byte of a u64 matters: a user id with its top byte set (-2), a time with all 8 */
    sg_principal big = who("zoë", SG_ROLE_ADMIN, -2);
    assert_int_equal(sg_audit(f->s, &big, "user", "user:zoë", "añadido — long ", NULL,
                              (int64_t)0x0102030405060708LL, NULL),
                     SG_OK);
    unsigned char k[32], prev[32], hash[32];
    assert_int_equal(crypto_kdf_derive_from_key(k, 32, 1, "SGAUDIT1", sg_store_pseudo(f->s)->key),
                     0);
    memset(prev, 0, sizeof prev);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(sg_store_db(f->s),
                                        "SELECT seq, at, user_id, username, role, action, object, "
                                        "detail, client, hash FROM audit_log ORDER BY seq",
                                        -1, &st, NULL),
                     SQLITE_OK);
    long n = 0;
    int64_t last = -1;
    while (sqlite3_step(st) == SQLITE_ROW) {
        crypto_generichash_state h;
        crypto_generichash_init(&h, k, 32, 32);
        crypto_generichash_update(&h, (const unsigned char *)"sg-audit-entry-1", 16);
        crypto_generichash_update(&h, prev, 32);
        last = sqlite3_column_int64(st, 0);
        assert_int_equal(last, n); /* 0 (genesis), 1, 2, ... */
        for (int i = 0; i < 3; i++)
            kat_u64(&h, (uint64_t)sqlite3_column_int64(st, i));
        for (int i = 3; i < 9; i++)
            kat_str(&h, sqlite3_column_text(st, i));
        crypto_generichash_final(&h, hash, 32);
        assert_int_equal(sqlite3_column_bytes(st, 9), 32);
        assert_memory_equal(sqlite3_column_blob(st, 9), hash, 32);
        memcpy(prev, hash, 32);
        n++;
    }
    sqlite3_finalize(st);
    assert_int_equal(n, 7);
    assert_int_equal(afx_q(f, "SELECT user_id FROM audit_log WHERE seq = 6"), -2);
    assert_int_equal(afx_q(f, "SELECT at FROM audit_log WHERE seq = 6"), 0x0102030405060708LL);
    crypto_generichash_state h;
    crypto_generichash_init(&h, k, 32, 32);
    crypto_generichash_update(&h, (const unsigned char *)"sg-audit-head-01", 16);
    kat_u64(&h, (uint64_t)last);
    crypto_generichash_update(&h, prev, 32);
    crypto_generichash_final(&h, hash, 32);
    assert_int_equal(afx_q(f, "SELECT seq FROM audit_head"), 6);
    st = NULL;
    assert_int_equal(
        sqlite3_prepare_v2(sg_store_db(f->s), "SELECT mac FROM audit_head", -1, &st, NULL),
        SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_bytes(st, 0), 32);
    assert_memory_equal(sqlite3_column_blob(st, 0), hash, 32);
    sqlite3_finalize(st);
    sodium_memzero(k, sizeof k);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, afx_setup, afx_teardown)
int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_append_and_verify),
        T(test_bad_action_and_long_text),
        T(test_append_only_triggers),
        T(test_tamper_update_detail),
        T(test_tamper_update_time),
        T(test_tamper_delete_middle),
        T(test_tamper_delete_and_renumber),
        T(test_tamper_insert_forged),
        T(test_tamper_insert_middle),
        T(test_tamper_reorder),
        T(test_tamper_last_row),
        T(test_tamper_truncate_end),
        T(test_tamper_head),
        T(test_tamper_survives_append),
        T(test_tamper_head_then_append),
        T(test_tamper_seq_zero),
        T(test_tamper_genesis_deleted),
        T(test_wipe_everything),
        T(test_wipe_all_but_genesis),
        T(test_wipe_account_entries),
        T(test_submission_implies_entry),
        cmocka_unit_test(test_upgrade_then_wipe),
        T(test_filters),
        T(test_entry_fields),
        T(test_inside_caller_transaction),
        T(test_chain_format_known),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_register.c - the register engine: descriptors, validation of every column type, add /
 * update / show with the change log, CSV import (round trip of every documented example,
 * upsert, one transaction) and the errors that name the row and field and change nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "registers/reg_actions.h"
#include "registers/reg_audit.h"
#include "registers/reg_case_review.h"
#include "registers/register.h"

#include "register_fixture.h"

/* ---- descriptors ---- */

static void test_descriptors_valid(void **state)
{
    (void)state;
    size_t n;
    const sg_register *const *all = sg_reg_all(&n);
    assert_int_equal(n, 28); /* organisations, measures, commentary + 7 + S11, training, CDOP,
                                finance (4), risks, voice */
    for (size_t i = 0; i < n; i++) {
        sg_error e;
        sg_error_clear(&e);
        if (sg_reg_check_descriptor(all[i], &e) != SG_OK) fail_msg("%s", e.msg);
        assert_ptr_equal(sg_reg_find(all[i]->name), all[i]);
    }
    assert_null(sg_reg_find("nope"));
    /* A register needs a key; columns need docs; not_before must name a date column. */
    static const sg_reg_col nokey[] = {{.name = "a", .type = SG_RT_TEXT, .doc = "a"}};
    sg_register bad = {.name = "bad", .title = "Bad", .cols = nokey, .ncols = 1};
    sg_error e;
    assert_int_equal(sg_reg_check_descriptor(&bad, &e), SG_EINVAL);
    assert_non_null(strstr(e.msg, "no key column"));
    static const sg_reg_col badnb[] = {
        {.name = "k", .type = SG_RT_TEXT, .flags = SG_RF_KEY, .doc = "k"},
        {.name = "d", .type = SG_RT_DATE, .not_before = "k", .doc = "d"}};
    sg_register bad2 = {.name = "bad", .title = "Bad", .cols = badnb, .ncols = 2};
    assert_int_equal(sg_reg_check_descriptor(&bad2, &e), SG_EINVAL);
    assert_non_null(strstr(e.msg, "not_before"));
    /* key_default: only on a key column that is not required, naming another non-key column */
    static const sg_reg_col kd_ok[] = {
        {.name = "y", .type = SG_RT_TEXT, .flags = SG_RF_KEY, .doc = "y"},
        {.name = "k", .type = SG_RT_TEXT, .flags = SG_RF_KEY, .key_default = "c", .doc = "k"},
        {.name = "c", .type = SG_RT_TEXT, .doc = "c"}};
    sg_register kd = {.name = "kd", .title = "KD", .cols = kd_ok, .ncols = 3};
    assert_int_equal(sg_reg_check_descriptor(&kd, &e), SG_OK);
    static const sg_reg_col kd_nokey[] = {
        {.name = "y", .type = SG_RT_TEXT, .flags = SG_RF_KEY, .doc = "y"},
        {.name = "k", .type = SG_RT_TEXT, .key_default = "c", .doc = "k"},
        {.name = "c", .type = SG_RT_TEXT, .doc = "c"}};
    kd.cols = kd_nokey;
    assert_int_equal(sg_reg_check_descriptor(&kd, &e), SG_EINVAL);
    assert_non_null(strstr(e.msg, "key_default"));
    static const sg_reg_col kd_tokey[] = {
        {.name = "y", .type = SG_RT_TEXT, .flags = SG_RF_KEY, .doc = "y"},
        {.name = "k", .type = SG_RT_TEXT, .flags = SG_RF_KEY, .key_default = "y", .doc = "k"},
        {.name = "c", .type = SG_RT_TEXT, .doc = "c"}};
    kd.cols = kd_tokey;
    assert_int_equal(sg_reg_check_descriptor(&kd, &e), SG_EINVAL);
    static const sg_reg_col kd_none[] = {
        {.name = "y", .type = SG_RT_TEXT, .flags = SG_RF_KEY, .doc = "y"},
        {.name = "k", .type = SG_RT_TEXT, .flags = SG_RF_KEY, .key_default = "zz", .doc = "k"},
        {.name = "c", .type = SG_RT_TEXT, .doc = "c"}};
    kd.cols = kd_none;
    assert_int_equal(sg_reg_check_descriptor(&kd, &e), SG_EINVAL);
    /* the key part: the column's own value, else the default's */
    kd.cols = kd_ok;
    sg_reg_record r;
    sg_reg_record_init(&r, &kd);
    sg_reg_record_put(&r, "y", "2024");
    assert_string_equal(r.key, "");
    sg_reg_record_put(&r, "c", "CAT");
    assert_string_equal(r.key, "2024/CAT");
    sg_reg_record_put(&r, "k", "line");
    assert_string_equal(r.key, "2024/line");
    sg_reg_record_fini(&r);
}

/* ---- validation of each type ---- */

static const sg_reg_code colours[] = {{"RED", "red"}, {"GREEN", "green"}, {NULL, NULL}};
static const sg_reg_col tcols[] = {
    {.name = "k", .type = SG_RT_TEXT, .flags = SG_RF_KEY, .max = 10, .doc = "key"},
    {.name = "n", .type = SG_RT_INT, .min = 0, .max = 100, .doc = "int"},
    {.name = "d", .type = SG_RT_DATE, .flags = SG_RF_PAST, .doc = "date"},
    {.name = "c", .type = SG_RT_ENUM, .codes = colours, .doc = "code"},
    {.name = "cs", .type = SG_RT_ENUM, .flags = SG_RF_MULTI, .codes = colours, .doc = "codes"},
    {.name = "m", .type = SG_RT_MONEY, .doc = "money"},
    {.name = "a", .type = SG_RT_AGENCY, .doc = "agency"},
    {.name = "f", .type = SG_RT_FLAG, .doc = "flag"},
    {.name = "child", .type = SG_RT_PSEUDONYM, .doc = "child"},
    {.name = "src", .type = SG_RT_REF, .codes = sg_act_sources, .doc = "source"},
};
static const sg_register treg = {.name = "t", .title = "T", .cols = tcols, .ncols = 10};

/* Canonical form of value in column col ("" when absent), or the status. */
static int canon(const char *col, const char *value, bool la, const sg_pseudo *p, char *out,
                 sg_error *e)
{
    sg_error_clear(e);
    const sg_reg_col *c = &treg.cols[sg_reg_col_index(&treg, col)];
    return sg_reg_canon(&treg, c, value, la, p, sg_date_from_ymd(2025, 6, 30), out, 256, e);
}

static void test_canon_types(void **state)
{
    (void)state;
    char out[256];
    sg_error e;
    /* text: trimmed; over max is SG_ELIMIT */
    assert_int_equal(canon("k", "  CR-1 ", false, NULL, out, &e), SG_OK);
    assert_string_equal(out, "CR-1");
    assert_int_equal(canon("k", "12345678901", false, NULL, out, &e), SG_ELIMIT);
    assert_int_equal(canon("k", "a\x01", false, NULL, out, &e), SG_EINVAL);
    assert_int_equal(canon("k", "\xc3\x28", false, NULL, out, &e), SG_EINVAL); /* bad UTF-8 */
    assert_int_equal(canon("k", "", false, NULL, out, &e), SG_OK);
    assert_string_equal(out, "");
    /* integer with bounds */
    assert_int_equal(canon("n", "+42", false, NULL, out, &e), SG_OK);
    assert_string_equal(out, "42");
    assert_int_equal(canon("n", "101", false, NULL, out, &e), SG_EINVAL);
    assert_non_null(strstr(e.msg, "outside 0..100"));
    assert_int_equal(canon("n", "4.5", false, NULL, out, &e), SG_EINVAL);
    /* dates: ISO and UK spellings, impossible days, the future */
    assert_int_equal(canon("d", "28/03/2024", false, NULL, out, &e), SG_OK);
    assert_string_equal(out, "2024-03-28");
    assert_int_equal(canon("d", "2023-02-29", false, NULL, out, &e), SG_EINVAL);
    assert_non_null(strstr(e.msg, "not a real date"));
    assert_int_equal(canon("d", "2025-06-30", false, NULL, out, &e), SG_OK); /* today is fine */
    assert_int_equal(canon("d", "2025-07-01", false, NULL, out, &e), SG_EINVAL);
    assert_string_equal(e.msg, "date 2025-07-01 is in the future (today is 2025-06-30)");
    /* codes: case-insensitive, stored as listed; lists keep input order; no repeats */
    assert_int_equal(canon("c", "green", false, NULL, out, &e), SG_OK);
    assert_string_equal(out, "GREEN");
    assert_int_equal(canon("c", "BLUE", false, NULL, out, &e), SG_EINVAL);
    assert_string_equal(e.msg, "unknown code 'BLUE' (expected one of RED, GREEN)");
    assert_int_equal(canon("c", "RED;GREEN", false, NULL, out, &e), SG_EINVAL);
    assert_int_equal(canon("cs", " green ; red", false, NULL, out, &e), SG_OK);
    assert_string_equal(out, "GREEN;RED");
    assert_int_equal(canon("cs", "RED;red", false, NULL, out, &e), SG_EINVAL);
    assert_string_equal(e.msg, "code RED is given twice");
    assert_int_equal(canon("cs", "RED;;GREEN", false, NULL, out, &e), SG_EINVAL);
    /* money: pounds and pence */
    assert_int_equal(canon("m",
                           "\xc2\xa3"
                           "1,234.5",
                           false, NULL, out, &e),
                     SG_OK);
    assert_string_equal(out, "1234.50");
    assert_int_equal(canon("m", "-0.07", false, NULL, out, &e), SG_OK);
    assert_string_equal(out, "-0.07");
    assert_int_equal(canon("m", "12", false, NULL, out, &e), SG_OK);
    assert_string_equal(out, "12.00");
    assert_int_equal(canon("m", "12.345", false, NULL, out, &e), SG_EINVAL);
    assert_int_equal(canon("m", "1,2,", false, NULL, out, &e), SG_EINVAL);
    assert_int_equal(canon("m", "12.", false, NULL, out, &e), SG_EINVAL);
    /* agencies */
    assert_int_equal(canon("a", "police", false, NULL, out, &e), SG_OK);
    assert_string_equal(out, "POLICE");
    assert_int_equal(canon("a", "POLCE", false, NULL, out, &e), SG_EINVAL);
    assert_non_null(strstr(e.msg, "unknown agency 'POLCE' (expected one of CSC, POLICE"));
    /* flags */
    assert_int_equal(canon("f", "yes", false, NULL, out, &e), SG_OK);
    assert_string_equal(out, "Y");
    assert_int_equal(canon("f", "0", false, NULL, out, &e), SG_OK);
    assert_string_equal(out, "N");
    assert_int_equal(canon("f", "maybe", false, NULL, out, &e), SG_EINVAL);
    /* references to any source: the source is matched case-insensitively */
    assert_int_equal(canon("src", "Case_Review:CR-1", false, NULL, out, &e), SG_OK);
    assert_string_equal(out, "case_review:CR-1");
    assert_int_equal(canon("src", "gossip:x", false, NULL, out, &e), SG_EINVAL);
    assert_int_equal(canon("src", "audit:", false, NULL, out, &e), SG_EINVAL);
}

static void test_canon_child(void **state)
{
    (void)state;
    unsigned char key[SG_PSEUDO_KEYLEN] = {1, 2, 3};
    sg_pseudo p;
    sg_pseudo_init_key(&p, key);
    char out[256], expect[SG_PSEUDO_LEN + 1];
    sg_error e;
    /* An LA child ID becomes the same pseudonym the importers make. */
    assert_int_equal(sg_pseudo_make(&p, SG_ID_LA, "A12345", 6, expect), SG_OK);
    assert_int_equal(canon("child", "A12345", true, &p, out, &e), SG_OK);
    assert_string_equal(out, expect);
    /* Without the key it cannot be done. */
    assert_int_equal(canon("child", "A12345", true, NULL, out, &e), SG_EINVAL);
    /* A pseudonym is kept (hex lower-cased); anything else is refused without echoing it. */
    assert_int_equal(canon("child", "L0123456789ABCDEF01234567", false, NULL, out, &e), SG_OK);
    assert_string_equal(out, "L0123456789abcdef01234567");
    assert_int_equal(canon("child", "A12345", false, NULL, out, &e), SG_EINVAL);
    assert_null(strstr(e.msg, "A12345"));
    assert_non_null(strstr(e.msg, "child_la_id"));
    sg_pseudo_fini(&p);
}

/* ---- add, update, show, change log ---- */

typedef struct logbuf {
    char rows[64][160];
    int n;
} logbuf;

static int collect(void *ctx, const sg_reg_change *ch)
{
    logbuf *l = ctx;
    if (l->n < 64)
        snprintf(l->rows[l->n++], sizeof l->rows[0], "%s %s %s %s %s '%s'->'%s'", ch->user,
                 ch->action, ch->reg, ch->key, ch->field, ch->old_value ? ch->old_value : "",
                 ch->new_value ? ch->new_value : "");
    return 0;
}

static void test_add_update_log(void **state)
{
    fx *f = *state;
    sg_error e;
    sg_error_clear(&e);
    const sg_reg_field add[] = {
        {"review_ref", "CR-9"},          {"child_la_id", "A12345"},      {"incident_type", "death"},
        {"incident_date", "2024-03-26"}, {"learned_date", "28/03/2024"}, {"notification_date", ""},
    };
    char key[SG_REG_KEY_MAX + 1];
    assert_int_equal(sg_reg_add(f->s, &sg_reg_case_review, add, 6, "alice", key, &e), SG_OK);
    assert_string_equal(key, "CR-9");
    /* The same key again is a conflict; no user is refused. */
    assert_int_equal(sg_reg_add(f->s, &sg_reg_case_review, add, 6, "alice", NULL, &e),
                     SG_ECONFLICT);
    assert_int_equal(sg_reg_add(f->s, &sg_reg_case_review, add, 6, "", NULL, &e), SG_EINVAL);

    sg_reg_record r;
    assert_int_equal(sg_reg_get_record(f->s, &sg_reg_case_review, "CR-9", &r, &e), SG_OK);
    char p[SG_PSEUDO_LEN + 1];
    sg_pseudo_make(sg_store_pseudo(f->s), SG_ID_LA, "A12345", 6, p);
    assert_string_equal(sg_reg_get(&r, "child"), p);
    assert_string_equal(sg_reg_get(&r, "incident_type"), "DEATH");
    assert_string_equal(sg_reg_get(&r, "learned_date"), "2024-03-28");
    assert_null(sg_reg_get(&r, "notification_date"));
    assert_string_equal(r.created_by, "alice");
    sg_reg_record_fini(&r);
    /* The raw identifier is nowhere in the database. */
    assert_int_equal(fx_query_long(f->s, "SELECT count(*) FROM register_record WHERE fields "
                                         "LIKE '%A12345%'"),
                     0);
    assert_int_equal(fx_query_long(f->s, "SELECT count(*) FROM register_change WHERE "
                                         "coalesce(new_value, '') LIKE '%A12345%'"),
                     0);

    const sg_reg_field upd[] = {{"notification_date", "2024-04-09"}, {"themes", "neglect"}};
    int changed = -1;
    assert_int_equal(sg_reg_update(f->s, &sg_reg_case_review, "CR-9", upd, 2, "bob", &changed, &e),
                     SG_OK);
    assert_int_equal(changed, 2);
    /* The same update again changes nothing and logs nothing. */
    assert_int_equal(sg_reg_update(f->s, &sg_reg_case_review, "CR-9", upd, 2, "bob", &changed, &e),
                     SG_OK);
    assert_int_equal(changed, 0);
    /* Clearing a field. */
    const sg_reg_field clr[] = {{"themes", ""}};
    assert_int_equal(
        sg_reg_update(f->s, &sg_reg_case_review, "CR-9", clr, 1, "carol", &changed, &e), SG_OK);
    assert_int_equal(changed, 1);
    /* The key cannot change; an unknown record is not found; bad values name the field. */
    const sg_reg_field rekey[] = {{"review_ref", "CR-10"}};
    assert_int_equal(sg_reg_update(f->s, &sg_reg_case_review, "CR-9", rekey, 1, "bob", NULL, &e),
                     SG_EINVAL);
    assert_string_equal(e.field, "review_ref");
    assert_int_equal(sg_reg_update(f->s, &sg_reg_case_review, "CR-8", upd, 1, "bob", NULL, &e),
                     SG_ENOTFOUND);
    const sg_reg_field early[] = {{"notification_date", "2024-03-27"}};
    assert_int_equal(sg_reg_update(f->s, &sg_reg_case_review, "CR-9", early, 1, "bob", NULL, &e),
                     SG_EINVAL);
    assert_string_equal(e.field, "notification_date");
    assert_string_equal(e.msg, "notification_date 2024-03-27 is before learned_date 2024-03-28");
    /* A decision needs its date, rationale and rapid review (the register's own check). */
    const sg_reg_field dec[] = {{"decision", "LCSPR"}, {"decision_date", "2024-05-01"}};
    assert_int_equal(sg_reg_update(f->s, &sg_reg_case_review, "CR-9", dec, 2, "bob", NULL, &e),
                     SG_EINVAL);
    assert_string_equal(e.field, "rationale");

    logbuf l = {0};
    assert_int_equal(sg_reg_log_each(f->s, &sg_reg_case_review, "CR-9", collect, &l, &e), SG_OK);
    assert_int_equal(l.n, 5 + 2 + 1);
    assert_string_equal(l.rows[0], "alice add case_review CR-9 review_ref ''->'CR-9'");
    assert_string_equal(l.rows[3], "alice add case_review CR-9 incident_date ''->'2024-03-26'");
    assert_string_equal(l.rows[5],
                        "bob update case_review CR-9 notification_date ''->'2024-04-09'");
    assert_string_equal(l.rows[6], "bob update case_review CR-9 themes ''->'NEGLECT'");
    assert_string_equal(l.rows[7], "carol update case_review CR-9 themes 'NEGLECT'->''");
    /* The log is append-only and records are never deleted. */
    assert_int_not_equal(
        sqlite3_exec(sg_store_db(f->s), "UPDATE register_change SET user = 'x'", NULL, NULL, NULL),
        SQLITE_OK);
    assert_int_not_equal(
        sqlite3_exec(sg_store_db(f->s), "DELETE FROM register_change", NULL, NULL, NULL),
        SQLITE_OK);
    assert_int_not_equal(
        sqlite3_exec(sg_store_db(f->s), "DELETE FROM register_record", NULL, NULL, NULL),
        SQLITE_OK);
}

static void test_references(void **state)
{
    fx *f = *state;
    sg_error e;
    /* An action pointing at a recommendation that does not exist is refused ... */
    const sg_reg_field act[] = {
        {"action_ref", "A-1"},     {"source", "recommendation:R-1"}, {"description", "Do it"},
        {"owner_agency", "CSC"},   {"set_date", "2025-01-01"},       {"due_date", "2025-12-31"},
        {"status", "NOT_STARTED"},
    };
    assert_int_equal(sg_reg_add(f->s, &sg_reg_action, act, 7, "t", NULL, &e), SG_EINVAL);
    assert_string_equal(e.field, "source");
    assert_string_equal(e.msg, "no recommendation record with key 'R-1'");
    /* ... a source kept outside the registers is taken as given ... */
    const sg_reg_field act2[] = {
        {"action_ref", "A-2"},     {"source", "scrutiny:S-1"}, {"description", "Do it"},
        {"owner_agency", "CSC"},   {"set_date", "2025-01-01"}, {"due_date", "2025-12-31"},
        {"status", "NOT_STARTED"},
    };
    assert_int_equal(sg_reg_add(f->s, &sg_reg_action, act2, 7, "t", NULL, &e), SG_OK);
    /* ... and an end before its start is refused naming the field. */
    const sg_reg_field act3[] = {
        {"action_ref", "A-3"},     {"source", "other:x"},      {"description", "Do it"},
        {"owner_agency", "CSC"},   {"set_date", "2025-01-01"}, {"due_date", "2024-12-31"},
        {"status", "NOT_STARTED"},
    };
    assert_int_equal(sg_reg_add(f->s, &sg_reg_action, act3, 7, "t", NULL, &e), SG_EINVAL);
    assert_string_equal(e.field, "due_date");
    long n = 0;
    assert_int_equal(sg_reg_count(f->s, &sg_reg_action, &n, &e), SG_OK);
    assert_int_equal(n, 1);
}

/* ---- import and export ---- */

static void test_examples_round_trip(void **state)
{
    fx *f = *state;
    sg_error e;
    sg_error_clear(&e);
    if (fx_import_examples(f->s, &e)) fail_msg("%s:%ld: %s: %s", e.file, e.line, e.field, e.msg);
    size_t n;
    const sg_register *const *all = sg_reg_all(&n);
    long changes = fx_query_long(f->s, "SELECT count(*) FROM register_change");
    for (size_t i = 0; i < n; i++) {
        char path[512];
        fx_example(all[i]->name, path, sizeof path);
        char *want = fx_slurp(path, NULL);
        assert_non_null(want); /* every register has a documented example */
        char *got = fx_export(f->s, all[i]);
        assert_non_null(got);
        assert_string_equal(got, want);
        /* Importing the export again changes nothing. */
        sg_reg_import_stats st;
        assert_int_equal(fx_import_text(f->s, all[i], got, &st, &e), SG_OK);
        assert_int_equal(st.added + st.updated, 0);
        assert_true(st.unchanged > 0 && st.unchanged == st.rows);
        free(want);
        free(got);
    }
    assert_int_equal(fx_query_long(f->s, "SELECT count(*) FROM register_change"), changes);
    long count = 0;
    assert_int_equal(sg_reg_count(f->s, &sg_reg_audit_return, &count, &e), SG_OK);
    assert_int_equal(count, 9);
}

/* A recommendation is CLOSED exactly when it has a closed_date; an action COMPLETED exactly
 * when it has a completed_date: each side refused naming the field, with the message. */
static void test_status_dates(void **state)
{
    fx *f = *state;
    sg_error e;
    sg_reg_field rec[] = {
        {"rec_ref", "R-9"},   {"source", "scrutiny:S-1"},
        {"title", "T"},       {"agreed_date", "2025-01-01"},
        {"status", "CLOSED"}, {"closed_date", "2025-02-01"},
    };
    assert_int_equal(sg_reg_add(f->s, &sg_reg_recommendation, rec, 5, "t", NULL, &e), SG_EINVAL);
    assert_string_equal(e.field, "closed_date");
    assert_string_equal(e.msg, "closed_date is required when the status is CLOSED");
    rec[4].value = "OPEN";
    assert_int_equal(sg_reg_add(f->s, &sg_reg_recommendation, rec, 6, "t", NULL, &e), SG_EINVAL);
    assert_string_equal(e.field, "status");
    assert_string_equal(e.msg, "status must be CLOSED when closed_date is given");
    assert_int_equal(sg_reg_add(f->s, &sg_reg_recommendation, rec, 5, "t", NULL, &e), SG_OK);
    rec[0].value = "R-10";
    rec[4].value = "CLOSED";
    assert_int_equal(sg_reg_add(f->s, &sg_reg_recommendation, rec, 6, "t", NULL, &e), SG_OK);

    sg_reg_field act[] = {
        {"action_ref", "A-9"},   {"source", "scrutiny:S-1"},       {"description", "Do it"},
        {"owner_agency", "CSC"}, {"set_date", "2025-01-01"},       {"due_date", "2025-12-31"},
        {"status", "COMPLETED"}, {"completed_date", "2025-03-01"},
    };
    assert_int_equal(sg_reg_add(f->s, &sg_reg_action, act, 7, "t", NULL, &e), SG_EINVAL);
    assert_string_equal(e.field, "completed_date");
    assert_string_equal(e.msg, "completed_date is required when the status is COMPLETED");
    act[6].value = "IN_PROGRESS";
    assert_int_equal(sg_reg_add(f->s, &sg_reg_action, act, 8, "t", NULL, &e), SG_EINVAL);
    assert_string_equal(e.field, "status");
    assert_string_equal(e.msg, "status must be COMPLETED when completed_date is given");
    assert_int_equal(sg_reg_add(f->s, &sg_reg_action, act, 7, "t", NULL, &e), SG_OK);
    act[0].value = "A-10";
    act[6].value = "COMPLETED";
    assert_int_equal(sg_reg_add(f->s, &sg_reg_action, act, 8, "t", NULL, &e), SG_OK);

    /* every change names its user: none, an empty one or one with a control character is
     * refused before anything is read or written (SG_REG_USER_MAX is 64: 63 characters) */
    act[0].value = "A-11";
    assert_int_equal(sg_reg_add(f->s, &sg_reg_action, act, 8, NULL, NULL, &e), SG_EINVAL);
    assert_string_equal(e.msg, "a user (1..63 characters) is required for every change");
    assert_int_equal(sg_reg_add(f->s, &sg_reg_action, act, 8, "", NULL, &e), SG_EINVAL);
    assert_int_equal(sg_reg_add(f->s, &sg_reg_action, act, 8, "a\tb", NULL, &e), SG_EINVAL);
    assert_string_equal(e.msg, "the user name contains control characters");
    int changed = -1;
    const sg_reg_field upd[] = {{"status", "NOT_STARTED"}};
    assert_int_equal(sg_reg_update(f->s, &sg_reg_action, "A-9", upd, 1, "", &changed, &e),
                     SG_EINVAL);
    assert_string_equal(e.msg, "a user (1..63 characters) is required for every change");
    assert_int_equal(changed, 0);
    assert_int_equal(sg_reg_update(f->s, &sg_reg_action, "A-9", upd, 1, "t", &changed, &e), SG_OK);
    assert_int_equal(changed, 1);
}

static void test_import_upsert_and_guard(void **state)
{
    fx *f = *state;
    sg_error e;
    sg_reg_import_stats st;
    /* Columns in any order, tolerant names, a formula-looking text and a UK date. */
    const char *csv = "Title,rec_ref,Source,agreed date,status\n"
                      "\"=HYPERLINK(\"\"x\"\")\",R-1,other:x,01/02/2025,open\n"
                      "-Plain English report,R-2,scrutiny:S-1,2025-02-01,OPEN\n";
    assert_int_equal(fx_import_text(f->s, &sg_reg_recommendation, csv, &st, &e), SG_OK);
    assert_int_equal(st.rows, 2);
    assert_int_equal(st.added, 2);
    char *got = fx_export(f->s, &sg_reg_recommendation);
    assert_string_equal(got, "rec_ref,source,title,agreed_date,lead_agency,status,closed_date,"
                             "notes\r\n"
                             "R-1,other:x,\"'=HYPERLINK(\"\"x\"\")\",2025-02-01,,OPEN,,\r\n"
                             "R-2,scrutiny:S-1,'-Plain English report,2025-02-01,,OPEN,,\r\n");
    /* The export's formula guard is undone on import: nothing changes. */
    assert_int_equal(fx_import_text(f->s, &sg_reg_recommendation, got, &st, &e), SG_OK);
    assert_int_equal(st.unchanged, 2);
    free(got);
    /* A file with only some columns updates only those; the log names the file. */
    const char *part = "rec_ref,status,closed_date\nR-2,CLOSED,2025-03-01\n";
    assert_int_equal(fx_import_text(f->s, &sg_reg_recommendation, part, &st, &e), SG_OK);
    assert_int_equal(st.updated, 1);
    sg_reg_record r;
    assert_int_equal(sg_reg_get_record(f->s, &sg_reg_recommendation, "R-2", &r, &e), SG_OK);
    assert_string_equal(sg_reg_get(&r, "title"), "-Plain English report");
    assert_string_equal(sg_reg_get(&r, "status"), "CLOSED");
    sg_reg_record_fini(&r);
    assert_int_equal(fx_query_long(f->s, "SELECT count(*) FROM register_change WHERE key = "
                                         "'R-2' AND action = 'import' AND source = 'test.csv' "
                                         "AND user = 'tester'"),
                     5 + 2); /* five fields added, then status and closed_date */
}

/* Imports text that must fail with status rc at line/field, leaving the register as it was. */
static void expect_bad(fx *f, const sg_register *reg, const char *csv, int rc, long line,
                       long column, const char *field, const char *msg_part)
{
    sg_error e;
    sg_error_clear(&e);
    long before = 0, after = 0, log_before, log_after;
    sg_reg_count(f->s, reg, &before, &e);
    log_before = fx_query_long(f->s, "SELECT count(*) FROM register_change");
    sg_reg_import_stats st = {.rows = 99};
    assert_int_equal(fx_import_text(f->s, reg, csv, &st, &e), rc);
    assert_string_equal(e.file, "test.csv");
    assert_int_equal(e.line, line);
    if (e.column != column) fail_msg("%s: column %ld, want %ld", e.msg, e.column, column);
    assert_string_equal(e.field, field);
    if (!strstr(e.msg, msg_part)) fail_msg("message '%s' lacks '%s'", e.msg, msg_part);
    assert_int_equal(st.rows, 0); /* stats are only given for a committed import */
    sg_reg_count(f->s, reg, &after, &e);
    log_after = fx_query_long(f->s, "SELECT count(*) FROM register_change");
    assert_int_equal(after, before);
    assert_int_equal(log_after, log_before);
}

#define AUDIT_HEAD "audit_ref,theme,methodology,planned_start,returns_due,lead_agency\n"
#define AUDIT_OK1 "MAA-1,Neglect,CASE_AUDIT,2025-01-01,2025-01-31,CSC\n"
#define AUDIT_OK2 "MAA-2,Exploitation,DEEP_DIVE,2025-02-01,2025-02-28,POLICE\n"

static void test_import_errors(void **state)
{
    fx *f = *state;
    const sg_register *a = &sg_reg_audit;
    /* Two good rows, then a bad one on line 4 (row 3): nothing of the file is kept. */
    expect_bad(f, a, AUDIT_HEAD AUDIT_OK1 AUDIT_OK2 "MAA-3,Neglect,CASE_AUDIT,2025-03-01,,POLCE\n",
               SG_EINVAL, 4, 38, "lead_agency", "unknown agency 'POLCE' (expected one of CSC");
    expect_bad(f, a, AUDIT_HEAD AUDIT_OK1 "MAA-3,Neglect,CASE_AUDIT,2025-03-01,2025-02-01,CSC\n",
               SG_EINVAL, 3, 37, "returns_due",
               "returns_due 2025-02-01 is before planned_start 2025-03-01 (row 2)");
    expect_bad(f, a, AUDIT_HEAD AUDIT_OK1 "MAA-3,Neglect,AUDIT,2025-03-01,,CSC\n", SG_EINVAL, 3, 15,
               "methodology", "unknown code 'AUDIT' (expected one of CASE_AUDIT");
    expect_bad(f, a,
               "audit_ref,theme,methodology,planned_start,started_date\n"
               "MAA-3,Neglect,CASE_AUDIT,2025-03-01,2025-07-01\n",
               SG_EINVAL, 2, 37, "started_date", "date 2025-07-01 is in the future");
    expect_bad(f, a, AUDIT_HEAD "MAA-3,Neglect,CASE_AUDIT,2025-02-30,,CSC\n", SG_EINVAL, 2, 26,
               "planned_start", "'2025-02-30' is not a real date");
    expect_bad(f, a, AUDIT_HEAD "MAA-3,,CASE_AUDIT,2025-03-01,,CSC\n", SG_EINVAL, 2, 7, "theme",
               "theme is required");
    expect_bad(f, a, AUDIT_HEAD AUDIT_OK1 AUDIT_OK1, SG_EINVAL, 3, 0, "",
               "key 'MAA-1' appears on an earlier row");
    expect_bad(f, a, "audit_ref,theme,methodolgy\nMAA-3,x,CASE_AUDIT\n", SG_EPARSE, 1, 17, "",
               "unknown column 'methodolgy'");
    expect_bad(f, a, "theme,methodology\nx,CASE_AUDIT\n", SG_EPARSE, 1, 0, "audit_ref",
               "the header has no audit_ref column");
    expect_bad(f, a, AUDIT_HEAD "MAA-3,Neglect,CASE_AUDIT\n", SG_EPARSE, 2, 0, "",
               "row 1 has 3 fields but the header has 6");
    expect_bad(f, a, "", SG_EPARSE, 1, 0, "", "the file is empty");
    /* A child identifier that is neither a pseudonym nor in child_la_id is never echoed. */
    sg_reg_import_stats st;
    sg_error e;
    assert_int_equal(fx_import_text(f->s, a, AUDIT_HEAD AUDIT_OK1, &st, &e), SG_OK);
    expect_bad(f, &sg_reg_audit_case, "audit,case_no,child\nMAA-1,C1,A99999\n", SG_EINVAL, 2, 10,
               "child", "not a child pseudonym");
    assert_int_equal(
        fx_import_text(f->s, &sg_reg_audit_case, "audit,case_no,child\nMAA-1,C1,A99999\n", &st, &e),
        SG_EINVAL);
    assert_null(strstr(e.msg, "A99999"));
    expect_bad(f, &sg_reg_audit_case, "audit,case_no,child\nMAA-9,C1,L0123456789abcdef01234567\n",
               SG_EINVAL, 2, 1, "audit", "no audit record with key 'MAA-9'");
    expect_bad(f, &sg_reg_audit_case,
               "audit,case_no,child,child_la_id\nMAA-1,C1,L0123456789abcdef01234567,A1\n",
               SG_EINVAL, 2, 36, "child_la_id", "child is given twice");
    /* Either spelling of the child alone is fine; the LA ID is pseudonymised. */
    assert_int_equal(fx_import_text(f->s, &sg_reg_audit_case,
                                    "audit,case_no,child,child_la_id\nMAA-1,C1,,A1\n"
                                    "MAA-1,C2,L0123456789abcdef01234567,\n",
                                    &st, &e),
                     SG_OK);
    assert_int_equal(st.added, 2);
    sg_reg_record r;
    assert_int_equal(sg_reg_get_record(f->s, &sg_reg_audit_case, "MAA-1/C1", &r, &e), SG_OK);
    char p[SG_PSEUDO_LEN + 1];
    sg_pseudo_make(sg_store_pseudo(f->s), SG_ID_LA, "A1", 2, p);
    assert_string_equal(sg_reg_get(&r, "child"), p);
    sg_reg_record_fini(&r);
}

/* docs/registers.md names every register, column and code (backquoted), so the reference
 * cannot silently fall behind the descriptors. */
static void test_docs_cover_descriptors(void **state)
{
    (void)state;
    const char *src = getenv("SG_SOURCE_DIR");
    char path[512], want[128];
    snprintf(path, sizeof path, "%s/docs/registers.md", src ? src : SG_SOURCE_DIR);
    char *doc = fx_slurp(path, NULL);
    assert_non_null(doc);
    size_t n;
    const sg_register *const *all = sg_reg_all(&n);
    for (size_t i = 0; i < n; i++) {
        snprintf(want, sizeof want, "### `%s`", all[i]->name);
        if (!strstr(doc, want)) fail_msg("docs/registers.md lacks %s", want);
        for (int c = 0; c < all[i]->ncols; c++) {
            const sg_reg_col *col = &all[i]->cols[c];
            snprintf(want, sizeof want, "| `%s` |", col->name);
            if (!strstr(doc, want)) fail_msg("docs lack column %s.%s", all[i]->name, col->name);
            for (int k = 0; col->codes && col->codes[k].code; k++) {
                snprintf(want, sizeof want, "| `%s` |", col->codes[k].code);
                if (!strstr(doc, want)) fail_msg("docs lack code %s", col->codes[k].code);
            }
        }
    }
    for (int k = 0; sg_reg_agencies[k].code; k++) {
        snprintf(want, sizeof want, "| `%s` |", sg_reg_agencies[k].code);
        assert_non_null(strstr(doc, want));
    }
    free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_descriptors_valid),
        cmocka_unit_test(test_docs_cover_descriptors),
        cmocka_unit_test(test_canon_types),
        cmocka_unit_test(test_canon_child),
        cmocka_unit_test_setup_teardown(test_add_update_log, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_references, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_status_dates, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_examples_round_trip, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_import_upsert_and_guard, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_import_errors, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

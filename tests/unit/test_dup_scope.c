/* test_dup_scope.c - duplicates are per agency (schema 11), written as the attack: an agency
 * data owner uploading a byte-identical copy of another agency's return learns nothing about it
 * (the upload is answered exactly as in a store where the other agency never sent it), while
 * re-sending its own file is still "already received as" its own submission; the unscoped
 * import keeps finding a duplicate anywhere. Both copies share one original, which neither a
 * supersede nor a sweep removes while either submission names it. And the migration: a schema
 * 10 store with submissions (UNIQUE sha256) opens as schema 11 with every submission, record
 * and reference kept, foreign keys back on, and a store with a broken reference is refused
 * unchanged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "access/scope.h"
#include "access_fixture.h"
#include "store/import.h"

/* n police missing episodes, one child each; tag makes the file's bytes differ. */
static void write_returns(const char *path, int n, int tag)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("child_la_id,sex,date_of_birth,episode_ref,missing_from,missing_type,start_date,"
          "end_date,return_interview_offered,return_interview_accepted\n",
          fp);
    for (int i = 1; i <= n; i++)
        fprintf(fp, "C%d,M,2010-02-02,E%d-%d,HOME,M,2024-07-%02d,2024-07-%02d,Y,N\n", i, tag, i,
                i % 27 + 1, i % 27 + 2);
    fclose(fp);
}

static sg_principal agency_user(const char *name, const char *agency, int64_t id)
{
    sg_principal p;
    memset(&p, 0, sizeof p);
    p.user_id = id;
    snprintf(p.username, sizeof p.username, "%s", name);
    p.role = SG_ROLE_AGENCY;
    snprintf(p.agency, sizeof p.agency, "%s", agency);
    return p;
}

/* Everything an upload's answer says, but the submission number. */
static void same_answer(const sg_scope_upload *a, const sg_scope_upload *b)
{
    assert_int_equal(a->accepted, b->accepted);
    assert_int_equal(a->duplicate, b->duplicate);
    assert_int_equal(a->replace_refused, b->replace_refused);
    assert_string_equal(a->format, b->format);
    assert_int_equal(a->rows_read, b->rows_read);
    assert_int_equal(a->rejected, b->rejected);
    assert_int_equal(a->records, b->records);
    assert_int_equal(a->replaces, b->replaces);
    for (int i = 0; i < SG_SEV__COUNT; i++)
        assert_int_equal(a->findings[i], b->findings[i]);
    assert_int_equal(a->nitems, b->nitems);
    for (size_t i = 0; i < a->nitems; i++)
        assert_string_equal(a->items[i].message, b->items[i].message);
}

static long originals_named(afx *f, const char *digest)
{
    char path[256];
    snprintf(path, sizeof path, "%s/originals/k-%s", f->dir, digest);
    return access(path, F_OK) == 0;
}

static void opens(afx *f, const char *digest)
{
    FILE *fp = NULL;
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_store_open_original(f->s, digest, &fp, &e), SG_OK);
    char line[64] = "";
    assert_non_null(fgets(line, sizeof line, fp));
    assert_int_equal(strncmp(line, "child_la_id,sex,", 16), 0);
    fclose(fp);
}

static void test_agency_learns_nothing(void **state)
{
    afx *f = *state;
    char file[128], other[128];
    snprintf(file, sizeof file, "%s/return.csv", f->dir);
    snprintf(other, sizeof other, "%s/next.csv", f->dir);
    write_returns(file, 3, 1);
    write_returns(other, 3, 2);
    sg_principal police = agency_user("pat", "POLICE", 9),
                 health = agency_user("hal", "HEALTH", 10);
    sg_scope sp = {f->s, &police, "127.0.0.1", 1700000000};
    sg_scope sh = {f->s, &health, "127.0.0.1", 1700000000};
    sg_error e;
    sg_error_clear(&e);

    /* the control: HEALTH's upload in a store where POLICE never sent anything */
    afx *ctl = NULL;
    void *cs = NULL;
    assert_int_equal(afx_setup(&cs), 0);
    ctl = cs;
    sg_scope sc = {ctl->s, &health, "127.0.0.1", 1700000000};
    sg_scope_upload want;
    assert_int_equal(sg_scope_upload_file(&sc, file, NULL, "2024-25", NULL, &want, &e), SG_OK);
    assert_true(want.accepted);
    assert_false(want.duplicate);
    assert_int_equal(want.rows_read, 3);

    /* POLICE sends the file, then HEALTH sends the same bytes */
    sg_scope_upload up;
    assert_int_equal(sg_scope_upload_file(&sp, file, NULL, "2024-25", NULL, &up, &e), SG_OK);
    assert_true(up.accepted);
    int64_t police_sub = up.submission;
    sg_scope_upload_fini(&up);
    assert_int_equal(sg_scope_upload_file(&sh, file, NULL, "2024-25", NULL, &up, &e), SG_OK);
    same_answer(&up, &want); /* stored, exactly as if POLICE had never sent it */
    assert_false(up.duplicate);
    assert_int_not_equal(up.submission, police_sub);
    int64_t health_sub = up.submission;
    sg_scope_upload_fini(&up);
    sg_scope_upload_fini(&want);
    afx_teardown(&cs);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT agency FROM submission WHERE id = %lld",
             (long long)health_sub);
    char agency[16];
    afx_qs(f, sql, agency, sizeof agency);
    assert_string_equal(agency, "HEALTH");
    assert_int_equal(afx_q(f, "SELECT count(DISTINCT sha256) FROM submission"), 1);
    /* HEALTH's audit entry names its own submission only */
    assert_int_equal(afx_q(f, "SELECT count(*) FROM audit_log WHERE username = 'hal' AND "
                              "detail LIKE '%duplicate%'"),
                     0);

    /* each agency re-sending its own file: a duplicate of its own submission */
    assert_int_equal(sg_scope_upload_file(&sp, file, NULL, "2024-25", NULL, &up, &e), SG_OK);
    assert_true(up.duplicate);
    assert_false(up.accepted);
    assert_int_equal(up.submission, police_sub);
    sg_scope_upload_fini(&up);
    assert_int_equal(sg_scope_upload_file(&sh, file, NULL, "2024-25", NULL, &up, &e), SG_OK);
    assert_true(up.duplicate);
    assert_int_equal(up.submission, health_sub);
    sg_scope_upload_fini(&up);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM submission"), 2);

    /* one original for both; HEALTH's copy superseded, then a sweep: POLICE's still opens */
    char digest[65];
    afx_qs(f, "SELECT sha256 FROM submission LIMIT 1", digest, sizeof digest);
    assert_true(originals_named(f, digest));
    assert_int_equal(sg_scope_upload_file(&sh, other, NULL, "2024-25", NULL, &up, &e), SG_OK);
    assert_true(up.accepted);
    assert_int_equal(up.replaces, health_sub);
    sg_scope_upload_fini(&up);
    sg_sweep_stats st;
    assert_int_equal(sg_store_sweep(f->s, &st, &e), SG_OK);
    assert_int_equal(st.unreferenced_removed, 0);
    assert_int_equal(st.kept, 2); /* the shared original and the new one */
    assert_true(originals_named(f, digest));
    opens(f, digest);
    /* the sweep's other side: an original nobody names goes (HEALTH's rows would otherwise be
     * the only ones left to name it, and they are still stored: superseded, not deleted) */
    afx_exec(f, "PRAGMA foreign_keys = OFF");
    snprintf(sql, sizeof sql, "UPDATE submission SET sha256 = '%064d' WHERE id = %lld", 7,
             (long long)police_sub);
    afx_exec(f, sql);
    assert_int_equal(sg_store_sweep(f->s, &st, &e), SG_OK);
    assert_int_equal(st.unreferenced_removed, 0); /* HEALTH's superseded copy still names it */
    opens(f, digest);
    snprintf(sql, sizeof sql, "UPDATE submission SET sha256 = '%064d' WHERE id = %lld", 8,
             (long long)health_sub);
    afx_exec(f, sql);
    assert_int_equal(sg_store_sweep(f->s, &st, &e), SG_OK);
    assert_int_equal(st.unreferenced_removed, 1);
    assert_false(originals_named(f, digest));
}

/* The CLI and the business unit see every agency: the same file under another agency is still
 * the duplicate it was before schema 11 (of the oldest submission holding it). */
static void test_unscoped_any_agency(void **state)
{
    afx *f = *state;
    char file[128];
    snprintf(file, sizeof file, "%s/return.csv", f->dir);
    write_returns(file, 2, 5);
    sg_principal police = agency_user("pat", "POLICE", 9),
                 health = agency_user("hal", "HEALTH", 10);
    sg_scope sp = {f->s, &police, NULL, 1700000000}, sh = {f->s, &health, NULL, 1700000000};
    sg_scope_upload up;
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_scope_upload_file(&sp, file, NULL, "2024-25", NULL, &up, &e), SG_OK);
    int64_t first = up.submission;
    sg_scope_upload_fini(&up);
    assert_int_equal(sg_scope_upload_file(&sh, file, NULL, "2024-25", NULL, &up, &e), SG_OK);
    assert_true(up.accepted);
    sg_scope_upload_fini(&up);
    const char *paths[1] = {file};
    sg_import_opts o = {.agency = "LA", .period = "2024-25", .user = "cli"};
    sg_import_file_result r;
    assert_int_equal(sg_import_files(f->s, paths, 1, &o, &r, &e), SG_OK);
    assert_int_equal(r.duplicate, 1);
    assert_int_equal(r.duplicate_of, first);
    /* the same import scoped to LA's own submissions: LA has none, so it is stored */
    o.dup_own_agency = true;
    assert_int_equal(sg_import_files(f->s, paths, 1, &o, &r, &e), SG_OK);
    assert_int_equal(r.duplicate, 0);
    assert_true(r.submission > 0);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM submission WHERE agency = 'LA'"), 1);
    /* and now LA's own copy is what it finds */
    assert_int_equal(sg_import_files(f->s, paths, 1, &o, &r, &e), SG_OK);
    assert_int_equal(r.duplicate, 1);
    assert_int_equal(r.duplicate_of, afx_q(f, "SELECT id FROM submission WHERE agency = 'LA'"));
    /* the table itself: one copy per agency, never two for one agency */
    char sql[400];
    char digest[65];
    afx_qs(f, "SELECT sha256 FROM submission WHERE agency = 'LA'", digest, sizeof digest);
    snprintf(sql, sizeof sql,
             "INSERT INTO submission (agency, format, period, file_name, sha256, user) "
             "VALUES ('LA', 'x', '2024-25', 'f', '%s', 'u')",
             digest);
    assert_int_not_equal(sqlite3_exec(sg_store_db(f->s), sql, NULL, NULL, NULL), SQLITE_OK);
}

/* Puts the store's submission table back as schema 10 had it (sha256 UNIQUE on its own), without
 * the later migrations' tables (12: partner_value, 13: return_receipt, 14: return_refusal). */
static void downgrade_to_10(afx *f)
{
    afx_exec(f,
             "PRAGMA foreign_keys = OFF; PRAGMA legacy_alter_table = ON; BEGIN;"
             "DROP VIEW live_partner_value; DROP TABLE partner_value; DROP TABLE return_receipt;\n"
             "DROP TABLE return_refusal;\n"
             "CREATE TABLE submission_old (\n"
             "  id INTEGER PRIMARY KEY,\n"
             "  agency TEXT NOT NULL CHECK (length(agency) BETWEEN 1 AND 63),\n"
             "  format TEXT NOT NULL CHECK (length(format) BETWEEN 1 AND 63),\n"
             "  period TEXT NOT NULL CHECK (length(period) BETWEEN 1 AND 31),\n"
             "  file_name TEXT NOT NULL,\n"
             "  sha256 TEXT NOT NULL UNIQUE,\n"
             "  user TEXT NOT NULL,\n"
             "  imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),\n"
             "  rows_read INTEGER NOT NULL DEFAULT 0,\n"
             "  rows_accepted INTEGER NOT NULL DEFAULT 0,\n"
             "  rows_rejected INTEGER NOT NULL DEFAULT 0,\n"
             "  superseded_by INTEGER REFERENCES submission(id) CHECK (superseded_by <> id)\n"
             ") STRICT;\n"
             "INSERT INTO submission_old SELECT * FROM submission;\n"
             "DROP TABLE submission;\n"
             "ALTER TABLE submission_old RENAME TO submission;\n"
             "CREATE INDEX submission_key ON submission(agency, period, format, "
             "superseded_by);\n"
             "COMMIT; PRAGMA legacy_alter_table = OFF; PRAGMA user_version = 10;");
}

static void reopen(afx *f, int want)
{
    sg_store_close(f->s);
    f->s = NULL;
    sg_error e;
    sg_error_clear(&e);
    int rc = sg_store_open(f->dir, false, &f->s, &e);
    if (rc != want) fail_msg("open: %d, wanted %d: %s", rc, want, e.msg);
    if (rc) {
        assert_non_null(strstr(e.msg, "broken reference"));
        sqlite3 *db = NULL; /* look at it as it was left */
        char path[128];
        snprintf(path, sizeof path, "%s/safeguard.db", f->dir);
        assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
        sqlite3_stmt *st = NULL;
        sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        assert_int_equal(sqlite3_column_int(st, 0), 10);
        sqlite3_finalize(st);
        assert_int_equal(sg_store_open(f->dir, false, &f->s, &e), SG_EDB); /* still refused */
        /* mended, it upgrades */
        assert_int_equal(
            sqlite3_exec(db, "DELETE FROM rejected_row WHERE submission_id = 99", NULL, NULL, NULL),
            SQLITE_OK);
        sqlite3_close(db);
        assert_int_equal(sg_store_open(f->dir, false, &f->s, &e), SG_OK);
    }
}

static void test_migration_11(void **state)
{
    afx *f = *state;
    char a[128], b[128];
    snprintf(a, sizeof a, "%s/a.csv", f->dir);
    snprintf(b, sizeof b, "%s/b.csv", f->dir);
    write_returns(a, 4, 1);
    write_returns(b, 5, 2);
    sg_error e;
    sg_error_clear(&e);
    sg_import_opts o = {.agency = "POLICE", .period = "2024-25", .user = "cli"};
    sg_import_file_result r;
    const char *pa[1] = {a}, *pb[1] = {b};
    assert_int_equal(sg_import_files(f->s, pa, 1, &o, &r, &e), SG_OK);
    assert_int_equal(sg_import_files(f->s, pb, 1, &o, &r, &e), SG_OK); /* supersedes a */
    char before[512], after[512];
    const char *sum = "SELECT group_concat(id || ':' || agency || ':' || sha256 || ':' || "
                      "rows_read || ':' || coalesce(superseded_by, '-'), ' ') FROM "
                      "(SELECT * FROM submission ORDER BY id)";
    afx_qs(f, sum, before, sizeof before);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM live_missing_episode"), 5);
    downgrade_to_10(f);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM sqlite_schema WHERE name = 'submission' "
                              "AND sql LIKE '%UNIQUE (sha256, agency)%'"),
                     0);
    reopen(f, SG_OK);
    assert_int_equal(afx_q(f, "PRAGMA user_version"), sg_schema_latest()); /* 11 and on */
    afx_qs(f, sum, after, sizeof after);
    assert_string_equal(after, before);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM submission"), 2);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM missing_episode"), 9);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM live_missing_episode"), 5);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM live_submission"), 1);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM sqlite_schema WHERE name = 'submission' "
                              "AND sql LIKE '%UNIQUE (sha256, agency)%'"),
                     1);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM sqlite_schema WHERE name = "
                              "'submission_key'"),
                     1);
    assert_int_equal(afx_q(f, "PRAGMA foreign_keys"), 1);
    assert_int_equal(afx_q(f, "PRAGMA legacy_alter_table"), 0);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
    /* a reference still refuses a row it does not hold */
    assert_int_not_equal(sqlite3_exec(sg_store_db(f->s),
                                      "INSERT INTO rejected_row (submission_id, file, line, "
                                      "reason) VALUES (99, 'f', 1, 'r')",
                                      NULL, NULL, NULL),
                         SQLITE_OK);

    /* the other side: a store with a reference to no submission is not upgraded */
    downgrade_to_10(f);
    afx_exec(f, "PRAGMA foreign_keys = OFF; INSERT INTO rejected_row (submission_id, file, line, "
                "reason) VALUES (99, 'f', 1, 'r'); PRAGMA foreign_keys = ON");
    reopen(f, SG_EDB);
    assert_int_equal(afx_q(f, "PRAGMA user_version"), sg_schema_latest()); /* 11 and on */
    afx_qs(f, sum, after, sizeof after);
    assert_string_equal(after, before);

    /* the same file, another agency: a second copy now fits */
    o.agency = "HEALTH";
    o.dup_own_agency = true;
    assert_int_equal(sg_import_files(f->s, pb, 1, &o, &r, &e), SG_OK);
    assert_int_equal(r.duplicate, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_agency_learns_nothing, afx_setup, afx_teardown),
        cmocka_unit_test_setup_teardown(test_unscoped_any_agency, afx_setup, afx_teardown),
        cmocka_unit_test_setup_teardown(test_migration_11, afx_setup, afx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

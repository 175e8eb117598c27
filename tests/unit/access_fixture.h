/* access_fixture.h - a fresh store in a mkdtemp directory for the access layer's tests, and
 * small helpers to read the database directly (so tests see what is really stored). Included
 * by tests/unit/test_access_*.c after cmocka.h. */
#ifndef SG_ACCESS_FIXTURE_H
#define SG_ACCESS_FIXTURE_H

#include "access/access.h"
#include "store/store.h"
#include "test_util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__GNUC__)
#define AFX_UNUSED __attribute__((unused))
#else
#define AFX_UNUSED
#endif

/* When the fixture's genesis entry is written: before every test's own times. */
#define AFX_GENESIS_AT 1600000000

typedef struct afx {
    char dir[64];
    sg_store *s;
    sg_principal admin;
} afx;

AFX_UNUSED static int afx_setup(void **state)
{
    afx *f = calloc(1, sizeof *f);
    if (!f) return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/sg-access-XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    sg_error e;
    sg_error_clear(&e);
    if (sg_store_open(f->dir, true, &f->s, &e)) {
        fprintf(stderr, "open: %s\n", e.msg);
        return -1;
    }
    /* as the shells do after opening: the audit trail's genesis entry (seq 0) */
    if (sg_audit_seal(f->s, AFX_GENESIS_AT, &e)) {
        fprintf(stderr, "seal: %s\n", e.msg);
        return -1;
    }
    f->admin = sg_principal_cli();
    *state = f;
    return 0;
}

AFX_UNUSED static int afx_teardown(void **state)
{
    afx *f = *state;
    sg_store_close(f->s);
    tu_rm_rf(f->dir);
    free(f);
    return 0;
}

/* One integer from the database (-999 when the query fails or gives no row). */
AFX_UNUSED static long long afx_q(afx *f, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long long v = -999;
    if (sqlite3_prepare_v2(sg_store_db(f->s), sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* One text value into out ("" when none). */
AFX_UNUSED static void afx_qs(afx *f, const char *sql, char *out, size_t outsz)
{
    sqlite3_stmt *st = NULL;
    out[0] = '\0';
    if (sqlite3_prepare_v2(sg_store_db(f->s), sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(out, outsz, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
}

AFX_UNUSED static void afx_exec(afx *f, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(sg_store_db(f->s), sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "exec %s: %s\n", sql, msg ? msg : "?");
        sqlite3_free(msg);
        fail();
    }
}

/* Adds a user through the library as the CLI principal; fails the test on error. */
AFX_UNUSED static void afx_add(afx *f, const char *name, sg_role role, const char *agency,
                               const char *pw, int64_t now)
{
    sg_error e;
    sg_error_clear(&e);
    int rc = sg_user_add(f->s, &f->admin, name, role, agency, pw, now, &e);
    if (rc) fail_msg("add %s: %s", name, e.msg);
}

#endif

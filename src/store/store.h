/* store.h - the SQLite store: one directory holding the database (safeguard.db, WAL, foreign
 * keys, STRICT tables, schema versioned by migrations), the partnership key file
 * (partnership.key, beside and never inside the database) and the original files of every
 * import (originals/k-<keyed digest>, encrypted at rest, given back byte for byte).
 *
 * The child-level tables hold pseudonyms only (core/pseudo.h). Every record row carries the
 * submission it came from; a submission superseded by a newer return for the same agency,
 * period and format stays in the store, and the live_* views show only current submissions. */
#ifndef SG_STORE_H
#define SG_STORE_H

#include "core/pseudo.h"
#include "core/sg.h"
#include "ingest/record.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>

typedef struct sg_store sg_store;

/* Opens the store in dir. With create, makes dir, the key file and the database as needed;
 * without, a missing store is SG_ENOTFOUND. Runs pending migrations either way: all of them in
 * one transaction, after backing the store up into dir/backups/pre-upgrade-v<from>-to-v<to>-
 * <UTC time>/ (store/backup.h) when the database already had a schema. A store newer than this
 * code is SG_ECONFLICT, untouched. */
int sg_store_open(const char *dir, bool create, sg_store **out, sg_error *err);

enum {
    SG_STORE_CREATE = 1,     /* as sg_store_open's create */
    SG_STORE_NO_MIGRATE = 2, /* leave an older schema as it is (backup, restore's checks) */
};
/* sg_store_open with flags. SG_STORE_NO_MIGRATE still refuses a newer or foreign database. */
int sg_store_open_flags(const char *dir, unsigned flags, sg_store **out, sg_error *err);
void sg_store_close(sg_store *s);

sqlite3 *sg_store_db(sg_store *s);
const sg_pseudo *sg_store_pseudo(const sg_store *s);
const char *sg_store_dir(const sg_store *s);
int sg_store_schema_version(sg_store *s);

/* Transactions (BEGIN IMMEDIATE / COMMIT / ROLLBACK). rollback never fails visibly. */
int sg_store_begin(sg_store *s, sg_error *err);
int sg_store_commit(sg_store *s, sg_error *err);
void sg_store_rollback(sg_store *s);
/* A transaction unless the caller already holds one: sg_store_tx_begin begins one and sets
 * *owned, or sets it false inside the caller's; sg_store_tx_end commits an owned one when rc is
 * SG_OK, else rolls it back, and returns rc or the commit's error. A transaction the caller
 * holds is left to the caller. */
int sg_store_tx_begin(sg_store *s, bool *owned, sg_error *err);
int sg_store_tx_end(sg_store *s, bool owned, int rc, sg_error *err);

/* Runs sql (no parameters, no rows) - for migrations and maintenance. */
int sg_store_exec(sg_store *s, const char *sql, sg_error *err);

/* ---- submissions ---- */
typedef struct sg_submission {
    int64_t id;
    char agency[64];
    char format[64];
    char period[32];
    char file_name[256];
    char sha256[65]; /* the file's keyed digest (sg_store_keyed_digest), not SHA-256 */
    char user[64];
    char imported_at[32]; /* ISO 8601 UTC */
    long rows_read, rows_accepted, rows_rejected;
    int64_t superseded_by; /* 0 = current */
    char status[16];       /* "current" / "superseded" */
} sg_submission;

/* The "checksum" of submissions and originals is the file's keyed digest: HMAC-SHA-256, under a
 * subkey of the partnership key (crypto_kdf id 2, context "SGORIGNM"), of its SHA-256. Only the
 * holder of partnership.key can compute it, so neither the database nor the originals/ names
 * confirm that a given file was received; the same file still gets the same digest.
 * sha256: 64 lower-case hex digits (SG_EINVAL otherwise); out: 64 hex + NUL. */
int sg_store_keyed_digest(const sg_store *s, const char *sha256, char out[65]);

/* Finds the submission with this file checksum (keyed digest); SG_ENOTFOUND when none. The same
 * file may be stored once per agency (schema 11): then the oldest. */
int sg_submission_by_sha(sg_store *s, const char *sha256, sg_submission *out, sg_error *err);
/* The same among one agency's submissions only (agency NULL = any agency, as above). */
int sg_submission_by_sha_in(sg_store *s, const char *sha256, const char *agency, sg_submission *out,
                            sg_error *err);
int sg_submission_get(sg_store *s, int64_t id, sg_submission *out, sg_error *err);

/* Creates a submission row (counts zero) inside the caller's transaction. */
int sg_submission_create(sg_store *s, const char *agency, const char *format, const char *period,
                         const char *file_name, const char *sha256, const char *user, int64_t *id,
                         sg_error *err);

/* Records the counts and marks older current submissions for the same agency, period and
 * format as superseded by this one. Inside the caller's transaction. */
int sg_submission_finish(sg_store *s, int64_t id, const sg_import_stats *st, sg_error *err);

/* Calls fn for each submission (newest first), optionally filtered by agency / period (NULL =
 * any). Stops early and returns fn's status when it is non-zero. */
typedef int (*sg_submission_fn)(void *ctx, const sg_submission *sub);
int sg_submission_each(sg_store *s, const char *agency, const char *period, sg_submission_fn fn,
                       void *ctx, sg_error *err);

/* Copies the file at path into originals/k-<name> (name: its keyed digest) through a locked
 * temporary file (fsync, rename), unless it is already there. The copy is encrypted at rest
 * (libsodium secretstream under a subkey of the partnership key; see docs/store.md), so "byte
 * for byte" holds for what sg_store_open_original gives back. The file's digest is checked
 * while it is copied: a file that no longer matches name is SG_ECONFLICT and nothing is kept.
 * name must be 64 lower-case hex digits (SG_EINVAL otherwise). */
int sg_store_keep_original(sg_store *s, const char *path, const char *name, sg_error *err);

/* Decrypts originals/k-<name> (or, until sg_store_originals_upgrade has renamed it, the copy
 * kept before migration 8 under the file's plaintext SHA-256) into an anonymous temporary file
 * (tmpfile(), rewound) that the caller owns and fcloses. SG_ENOTFOUND when no such original is
 * kept; SG_EPARSE when the copy was altered, truncated or does not match name; SG_EIO on
 * read/write failure. */
int sg_store_open_original(sg_store *s, const char *name, FILE **out, sg_error *err);

/* Renames every original still named by its plaintext SHA-256 (kept before migration 8) to
 * k-<keyed digest>, re-encrypting it chunk by chunk under the new name; crash-safe and
 * idempotent (the old name is removed only once the new file is in place). sg_store_open runs
 * it; *left (may be NULL) counts the files that could not be renamed (they stay readable under
 * their old name), and the first failure is returned. */
int sg_store_originals_upgrade(sg_store *s, long *left, sg_error *err);

/* What a sweep of originals/ found (sweep.c). */
typedef struct sg_sweep_stats {
    long temps_removed;        /* temporary files whose writer died */
    long temps_in_use;         /* temporary files a live writer holds: left alone */
    long unreferenced_removed; /* complete originals no submission refers to (sg_store_sweep) */
    long kept;                 /* originals a submission refers to (sg_store_sweep) */
    long legacy_left;          /* still under a plaintext SHA-256 name (could not be renamed) */
    long other;                /* anything else: never touched */
} sg_sweep_stats;

/* Removes the temporary files in originals/ that no live process is writing (their writer's
 * flock is gone). Cheap: one directory listing; sg_store_open runs it. st may be NULL. */
int sg_store_sweep_temps(sg_store *s, sg_sweep_stats *st, sg_error *err);

/* The same, and - holding SQLite's write lock, so that no import is in progress - removes every
 * complete original that no submission refers to (left by an import that was killed or rolled
 * back). SG_ECONFLICT when the store stays busy (an import is running) for 2 s. */
int sg_store_sweep(sg_store *s, sg_sweep_stats *st, sg_error *err);

/* ---- the sink importers write into ---- */
typedef struct sg_store_sink {
    sg_store *store;
    int64_t submission;
    const char *file_name;
    sqlite3_stmt *stmt[SG_REC__COUNT]; /* prepared lazily, finalised by fini */
    sqlite3_stmt *child_lookup, *child_insert, *key_insert, *reject_insert;
    long accepted, rejected;
    /* The last pseudonym resolved and its child: importers emit a child's records together,
     * so most lookups are answered here. Valid for the sink's one transaction. */
    char last_key[SG_PSEUDO_LEN + 1];
    int64_t last_child;
} sg_store_sink;

/* Prepares a sink writing records of one file into submission sub. */
void sg_store_sink_init(sg_store_sink *ss, sg_store *s, int64_t sub, const char *file_name,
                        sg_sink *out);
void sg_store_sink_fini(sg_store_sink *ss);

/* Resolves (or creates) the child id for a pseudonym. */
int sg_store_child_id(sg_store_sink *ss, const char *pseudonym, int64_t *id, sg_error *err);

/* ---- counts (for the CLI summary and tests) ---- */
/* Number of rows of a record type in live (current) submissions; for SG_REC_CHILD the number of
 * distinct children with a live record. */
int sg_store_count(sg_store *s, sg_rec_type t, long *out, sg_error *err);
/* Number of rejected rows of live (current) submissions. */
int sg_store_count_rejected(sg_store *s, long *out, sg_error *err);
/* Number of rows of type t stored from submission sub (current or not); for SG_REC_CHILD the
 * child_detail rows. */
int sg_store_count_submission(sg_store *s, int64_t sub, sg_rec_type t, long *out, sg_error *err);

/* ---- rejected rows ---- */
typedef struct sg_rejected_row {
    int64_t id, submission;
    /* Borrowed for the duration of the callback; field and value may be NULL. */
    const char *file, *field, *value, *reason;
    long line;
} sg_rejected_row;
typedef int (*sg_rejected_fn)(void *ctx, const sg_rejected_row *row);
/* Calls fn for each rejected row of submission sub in file/line order. SG_ENOTFOUND when the
 * submission does not exist. Stops early and returns fn's status when it is non-zero. */
int sg_store_rejected_each(sg_store *s, int64_t sub, sg_rejected_fn fn, void *ctx, sg_error *err);

/* Export to CSV is in store/export.h. */

/* ---- schema (schema.c; used by store.c and export.c) ---- */
/* The schema version this code creates and understands (the number of migrations). */
int sg_schema_latest(void);
/* Called by sg_schema_migrate inside its write transaction, before the first migration, when
 * the database is at version from > 0 (it has a schema and is about to change): store.c takes
 * the pre-upgrade backup here. A non-zero return rolls back and migrates nothing. */
typedef int (*sg_schema_before_fn)(void *ctx, int from, int to, sg_error *err);
/* Applies the migrations db needs, all in one BEGIN IMMEDIATE transaction together with the
 * PRAGMA user_version bump, so a failure or crash leaves the database at the version it had.
 * SG_ECONFLICT when the database is newer than this code or not a safeguard store. before may
 * be NULL. */
int sg_schema_migrate(sqlite3 *db, sg_schema_before_fn before, void *ctx, sg_error *err);
/* The same checks without migrating: *version is the database's PRAGMA user_version. */
int sg_schema_check(sqlite3 *db, int *version, sg_error *err);
/* The table holding records of type t ("child_detail", "missing_episode" ...). */
const char *sg_store_table(sg_rec_type t);
/* Fills err with SG_EDB and sqlite's message for what failed; returns SG_EDB. */
int sg_store_dberr(sqlite3 *db, sg_error *err, const char *what);
/* Copies column i of the current row of st as text into dst (dstsz bytes, cut to fit, always
 * terminated); NULL reads as "". */
void sg_store_col_text(sqlite3_stmt *st, int i, char *dst, size_t dstsz);
/* Steps a one-row lookup (st prepared and bound) once: SG_OK when it yields a row (read it from
 * st), SG_ENOTFOUND when none (err untouched: the caller says what was not found), otherwise
 * the database's error as `what` (sg_store_dberr). The caller finalises st. */
int sg_store_step_row(sqlite3_stmt *st, const char *what, sg_error *err);

#endif

/* backup.h - consistent online backups of a store folder and their verified restore.
 *
 * A backup is a folder holding safeguard.db (a snapshot taken with SQLite's online backup API
 * while the web service and imports go on), partnership.key, originals/ (the encrypted
 * originals, copied as stored), published/ (the published report, when there is one) and MANIFEST:
 * JSON naming the release and schema version, the time, and every file's size and SHA-256. MANIFEST
 * is written last, so a folder without one is never a backup; restore refuses any difference
 * between the folder and its MANIFEST. Layout and guarantees: docs/store.md ("Backup and restore"),
 * docs/operations.md. */
#ifndef SG_BACKUP_H
#define SG_BACKUP_H

#include "core/sg.h"
#include "store/store.h"

#include <stdint.h>

#define SG_BACKUP_MANIFEST "MANIFEST"
#define SG_BACKUP_FORMAT "safeguard-backup-1"

typedef struct sg_backup_info {
    int schema_version; /* the database's PRAGMA user_version in the backup */
    long files;         /* files listed in MANIFEST (database, key, originals) */
    long originals;     /* of which originals */
    int64_t bytes;      /* their total size */
    char created_at[32];
} sg_backup_info;

/* Backs up the store in store_dir into dest, which must not exist or be an empty folder (its
 * parent must exist). Everything is written into a temporary sibling folder
 * (".<name>.partial-XXXXXX"), fsynced file by file and folder by folder, then renamed to dest;
 * MANIFEST appears in dest last of all. A crash or kill at any moment leaves either no dest, or
 * a dest without MANIFEST, which restore refuses. The database is read through a connection of
 * its own, so the caller may hold a write transaction on the store (the snapshot is then the
 * last committed state). info may be NULL. */
int sg_backup_dir(const char *store_dir, const char *dest, sg_backup_info *info, sg_error *err);

/* The same for an open store. */
int sg_backup(sg_store *s, const char *dest, sg_backup_info *info, sg_error *err);

/* Reads and checks src's MANIFEST against the folder: no file missing, none extra, every
 * size and SHA-256 as listed, and a schema this code knows. Nothing is written. Errors name
 * the file that is wrong. */
int sg_backup_verify(const char *src, sg_backup_info *info, sg_error *err);

/* Called by sg_restore on the restored store, opened without migrations, before it is put in
 * place (the access layer verifies the audit chain here; the store layer cannot see it). */
typedef int (*sg_restore_check_fn)(void *ctx, sg_store *restored, sg_error *err);

/* Restores the backup in src into store_dir, which must not exist or be an empty folder.
 * Refuses a backup without MANIFEST or whose files differ from it in any way (missing, extra,
 * other size or checksum), or of a schema newer than this code. Copies into a temporary
 * sibling folder, checking every checksum as it copies, then opens the copy (no migration) and
 * runs PRAGMA integrity_check, PRAGMA foreign_key_check and check (may be NULL); only then
 * renames it into place. The restored store keeps the backup's schema version: the next
 * ordinary open migrates it (with a pre-upgrade backup). info may be NULL. */
int sg_restore(const char *src, const char *store_dir, sg_restore_check_fn check, void *ctx,
               sg_backup_info *info, sg_error *err);

#endif

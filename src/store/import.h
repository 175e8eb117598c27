/* import.h - the import driver: files -> detected importer -> store, one transaction.
 *
 * sg_import_files imports every file given as one unit: each file becomes a submission, the
 * original is kept under originals/, records and rejected rows are stored, and either all of
 * it commits or none of it does. A file whose checksum is already stored is skipped and
 * reported as a duplicate; the rest proceed. */
#ifndef SG_IMPORT_H
#define SG_IMPORT_H

#include "core/sg.h"
#include "ingest/record.h"
#include "store/store.h"

struct sg_import_file_result;

typedef struct sg_import_opts {
    const char *agency; /* required: the submitting agency code (e.g. "LA", "POLICE") */
    const char *period; /* required: e.g. "2023-24" */
    const char *format; /* NULL = detect each file */
    const char *user;   /* who imported (default: $USER or "cli") */
    /* The file's name when its path does not carry it (a one-file import of an unnamed file,
     * e.g. /proc/self/fd/N for a web upload): the submission's file name and the name in
     * results and messages. NULL = the path (its base name for the submission). */
    const char *name;
    /* Progress callback (may be NULL): called now and then with bytes read so far of the file. */
    void (*progress)(void *ctx, const char *file, long long done, long long total);
    void *progress_ctx;
    /* Optional: called inside the transaction once every file is in (e.g. validation, which
     * can store findings and refuse by returning an error); non-zero rolls the import back. */
    int (*before_commit)(void *ctx, sg_store *s, const struct sg_import_file_result *results, int n,
                         sg_error *err);
    void *before_commit_ctx;
    /* The largest file accepted, in bytes; 0 = SG_IMPORT_MAX_DEFAULT. A regular file over it is
     * refused before it is read; any other file (a device, a pipe) is read until it passes the
     * limit and then refused: SG_ELIMIT naming the file either way. */
    long long max_bytes;
    /* The supersede guard: a file that would replace the current submission of the same
     * agency, period and format with more than max_drop_pct per cent fewer accepted rows is
     * refused (SG_ECONFLICT, result drop_refused) unless confirm_replace. max_drop_pct 0 = the
     * partnership's setting import.max_drop (store/setting.h), SG_IMPORT_MAX_DROP when none is
     * set; otherwise 1-100 (100 never refuses), overriding the setting. */
    int max_drop_pct;
    bool confirm_replace;
    /* Duplicates within the agency only: a file counts as already received when a submission
     * of this same agency holds it, whoever else sent it (an agency-scoped upload, which must
     * learn nothing about other agencies' returns; docs/store.md "Duplicates"). false = any
     * submission of any agency (the CLI and the business unit, who see every agency). */
    bool dup_own_agency;
    /* The day the return was received, YYYY-MM-DD, not after today (NULL = the day it is
     * imported): recorded for each submission in table return_receipt in the import's
     * transaction (store/return_receipt.h; the return calendar's on time / late). A manifest
     * entry may give its own "received". */
    const char *received;
} sg_import_opts;

/* 4 GiB: a national CIN census (1.1 GB for all of England, bench/README.md) fits with room. */
#define SG_IMPORT_MAX_DEFAULT (4LL << 30)

#define SG_IMPORT_MAX_DROP 90

typedef struct sg_import_file_result {
    char file[256];
    char format[64];
    char sha256[65];    /* the file's keyed digest (sg_store_keyed_digest) */
    int64_t submission; /* 0 when duplicate */
    int duplicate;      /* 1 = same checksum already imported (dup_own_agency: by this agency) */
    int64_t duplicate_of;
    sg_import_stats stats;
    /* The submission this one supersedes (0 = none; the newest when several are current) and
     * the accepted rows of those it supersedes; drop_over: their drop to this one's accepted
     * rows is more than the allowed share; drop_refused: and so it was refused (nothing
     * imported); drop_confirmed: and it was imported because confirm_replace was given. */
    int64_t replaces;
    long replaced_rows, new_rows;
    int drop_over, drop_refused, drop_confirmed;
    int max_drop_pct; /* the share in force for this file (the option, else the setting) */
} sg_import_file_result;

/* Imports n files. results (caller-allocated, n entries) receives one result per file.
 * Returns SG_OK when everything committed (duplicates included), else the first error with
 * its location in err, and the store unchanged. */
int sg_import_files(sg_store *s, const char *const *paths, int n, const sg_import_opts *opts,
                    sg_import_file_result *results, sg_error *err);

/* Imports every file a generator manifest lists (manifest.json: files[] with path relative to
 * the manifest's folder, format, agency, period) in one transaction. On success *results is a
 * heap array of *n results (caller frees). opts supplies user and progress only. */
int sg_import_manifest(sg_store *s, const char *manifest_path, const sg_import_opts *opts,
                       sg_import_file_result **results, int *n, sg_error *err);

/* Checks a return's period as core/period.h spells it: "YYYY-YY" (financial year, YY = YYYY+1),
 * "YYYY-Qn" or "YYYY-MM", from 1990; a rolling period is not a return's. */
bool sg_period_valid(const char *period);

#endif

/* engine.h - validating returns and what comes out of it.
 *
 *  - sg_validate_submission: a stored return (its originals re-read from the store, parsed into
 *    the raw view, every rule of its family run in one pass over its children, then the SG rules
 *    over the store); findings replace the return's earlier ones in the store's finding table.
 *  - sg_validate_files: loose files, nothing stored; findings go to a callback.
 *  - sg_validate_imported: what the import path calls for the submissions it just created,
 *    with the policy for submissions that have errors.
 *  - findings tables (the store's, or a scratch database for loose files) and the reports
 *    written from them: summary, agency-facing CSV, JSON, self-contained HTML.
 *
 * An SSDA903 return is one submission per table (one per CSV file) or one XML file; the engine
 * validates all current submissions of the same agency and period as one return, grouping rows
 * by CHILD through a temporary on-disk SQLite database so memory stays flat, and gives each
 * child the previous period's tree when the store holds that return. */
#ifndef SG_VALIDATE_ENGINE_H
#define SG_VALIDATE_ENGINE_H

#include "core/pseudo.h"
#include "core/sg.h"
#include "store/import.h"
#include "store/store.h"
#include "validate/validate.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* The family of rules for a format id ("cin" -> CIN, "ssda903..." -> 903, "annexa/..." ->
 * ANNEXA, "agency/..." -> AGENCY); -1 when unknown. */
int sg_validate_family(const char *format);

/* The DfE collection year of a period: "2023-24" -> 2024; 0 when the period is not a
 * financial year. */
int sg_validate_period_year(const char *period);

#define SG_VALIDATE_MAX_SUBS 64

typedef struct sg_validate_result {
    int nsubs; /* submissions validated together (one return) */
    int64_t subs[SG_VALIDATE_MAX_SUBS];
    long children;                /* trees (children or rows) the rules ran over */
    long findings[SG_SEV__COUNT]; /* by severity */
} sg_validate_result;

/* Validates the return that stored submission sub belongs to (for an SSDA903 table: every
 * current submission of the same agency and period in the 903 family; a superseded submission
 * is validated on its own) and replaces those submissions' findings. Runs in its own
 * transaction, or inside the caller's when one is open. res may be NULL. SG_ENOTFOUND for an
 * unknown submission; SG_EPARSE/SG_ELIMIT when an original no longer parses; SG_EDB. */
int sg_validate_submission(sg_store *s, int64_t sub, sg_validate_result *res, sg_error *err);
/* The same with rules[0..nrules) instead of the registered tables (per-child rules of the
 * return's family and SG rules are taken from it; NULL = the registered tables). */
int sg_validate_submission_rules(sg_store *s, int64_t sub, const sg_rule *rules, size_t nrules,
                                 sg_validate_result *res, sg_error *err);

typedef struct sg_validate_file_opts {
    const char *format;      /* NULL = detect each file */
    int year;                /* collection year for files that do not state one (903, Annex A);
                              * 0 = the latest year ended before today. When given, it must
                              * have a rule set (validate/ruleset.h), and a file stating another
                              * year (a CIN census's ReferenceDate) is refused: SG_EINVAL */
    const sg_pseudo *pseudo; /* key for the child pseudonyms in findings; NULL = none shown */
    /* Rules to run instead of each family's registered table (NULL = the registered tables);
     * only those of a file's family run on it. For tests and for running a chosen subset. */
    const sg_rule *rules;
    size_t nrules;
} sg_validate_file_opts;

/* Validates loose files without storing anything: CIN files each on their own, all SSDA903
 * files together as one return. Findings go to fn(ud, f) (submission 0). No SG rules (they need
 * the store). res may be NULL. */
int sg_validate_files(const char *const *paths, int n, const sg_validate_file_opts *opts,
                      sg_finding_fn fn, void *ud, sg_validate_result *res, sg_error *err);

/* What happens to an imported submission with errors. */
typedef enum sg_error_policy {
    SG_POLICY_STORE = 0, /* store it; its errors are findings, visible with its numbers */
    SG_POLICY_REFUSE,    /* refuse the whole import when any submission has an error */
} sg_error_policy;

/* Validates each return the import created (results as sg_import_files filled them; duplicates
 * skipped; a 903 return once however many of its tables came in). Call inside the import's
 * transaction. With SG_POLICY_REFUSE and any error-severity finding, returns SG_ECONFLICT with
 * the count in err so the caller rolls back. total (may be NULL) receives the sums. */
int sg_validate_imported(sg_store *s, const sg_import_file_result *results, int n,
                         sg_error_policy policy, sg_validate_result *total, sg_error *err);

/* An import hook (sg_import_opts.before_commit) running sg_validate_imported with the policy
 * *(sg_error_policy *)ctx; the sums go nowhere. */
int sg_validate_import_hook(void *ctx, sg_store *s, const sg_import_file_result *results, int n,
                            sg_error *err);

/* ---- findings tables ---- */

/* Opens a scratch database (a private temporary file) with an empty finding table of the
 * store's shape, for loose-file validation. Caller closes it with sqlite3_close. */
int sg_findings_open_scratch(sqlite3 **db, sg_error *err);

typedef struct sg_findings_writer {
    sqlite3 *db;
    sqlite3_stmt *ins;
    sg_error err; /* the first failure of a write */
} sg_findings_writer;

/* Prepares inserts into db's finding table. The write function (an sg_finding_fn with the
 * writer as ud) stores f with its submission; values longer than 200 bytes are cut at a UTF-8
 * boundary. */
int sg_findings_writer_init(sg_findings_writer *w, sqlite3 *db, sg_error *err);
int sg_findings_write(void *writer, const sg_finding *f);
void sg_findings_writer_fini(sg_findings_writer *w);

/* Deletes the findings of submission sub. */
int sg_findings_delete(sqlite3 *db, int64_t sub, sg_error *err);

/* Number of findings of severity sev (-1 = any) of submissions subs[0..nsubs) (nsubs 0 = every
 * row of the table). */
int sg_findings_count(sqlite3 *db, const int64_t *subs, int nsubs, int sev, long *out,
                      sg_error *err);

/* ---- reports ---- */

typedef enum sg_report_format {
    SG_REPORT_SUMMARY = 0, /* text: counts by severity and by rule */
    SG_REPORT_CSV,         /* file,line,field,value,rule,severity,message (formula-safe) */
    SG_REPORT_JSON,        /* {"summary": {...}, "findings": [...]} */
    SG_REPORT_HTML,        /* one self-contained page, grouped by rule */
} sg_report_format;

/* "summary", "csv", "json", "html"; -1 when unknown. */
int sg_report_format_parse(const char *s);

typedef struct sg_report_opts {
    const char *title; /* heading of the HTML page and the summary (NULL = "Validation") */
    int first_n;       /* HTML: findings listed per rule (0 = 50) */
} sg_report_opts;

/* Writes the findings of subs[0..nsubs) (nsubs 0 = all) of db's finding table to out in fmt.
 * Memory stays flat: rows are streamed in rule, file, line order. CSV and JSON list every
 * finding; the summary and HTML give counts by rule and severity, HTML also the first N
 * findings of each rule in sortable tables (readable without JavaScript). Child pseudonyms
 * appear in JSON and HTML, never in the agency CSV. SG_EIO when out fails, SG_EDB. */
int sg_findings_report(sqlite3 *db, const int64_t *subs, int nsubs, sg_report_format fmt,
                       const sg_report_opts *opts, FILE *out, sg_error *err);

#endif

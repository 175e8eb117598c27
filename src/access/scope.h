/* scope.h - the scoped query layer: every read and write the web service (and any other shell
 * acting for a logged-in person) makes goes through here, so that roles and agency scoping are
 * enforced in the library, below the pages and the JSON API.
 *
 * Rules (the capability matrix itself is sg_can in access.c):
 *  - submissions, findings, rejected rows: SG_CAP_SUBMISSIONS; an agency data owner sees only
 *    its own agency's submissions (another agency's submission is SG_ENOTFOUND, so its
 *    existence is not revealed);
 *  - child-level values (pseudonyms, record values, rejected values) only with
 *    SG_CAP_CHILD_LEVEL; every time they are handed out, the view is audited ("view_child");
 *    for everyone else they are NULL;
 *  - upload: SG_CAP_UPLOAD, for the principal's own agency when it has one; validated inside
 *    the import's transaction and accepted or rejected as a whole; audited ("upload");
 *  - registers: SG_CAP_REGISTERS_READ / _WRITE; an agency data owner reads and updates only
 *    its own agency's actions (progress fields only); pseudonym columns are blanked without
 *    SG_CAP_CHILD_LEVEL; every write audited ("change");
 *  - the dataset: SG_CAP_DATASET; reconciliation: SG_CAP_SUBMISSIONS across all agencies
 *    (not for agency data owners), counts only.
 * Errors: SG_EFORBIDDEN (generic "not allowed") when the principal lacks the right. */
#ifndef SG_ACCESS_SCOPE_H
#define SG_ACCESS_SCOPE_H

#include "access/access.h"
#include "core/buf.h"
#include "registers/reg_actions.h"
#include "registers/register.h"
#include "report/booklet.h"
#include "store/store.h"
#include "validate/reconcile.h"
#include "validate/validate.h"

#include <stdbool.h>
#include <stdint.h>

/* Who is asking, from where, when (for the audit trail). All borrowed. */
typedef struct sg_scope {
    sg_store *store;
    const sg_principal *who;
    const char *client; /* remote address or NULL */
    int64_t now;        /* Unix seconds */
} sg_scope;

/* True when the principal may see child-level values. */
bool sg_scope_child_level(const sg_scope *sc);
/* True when the principal sees every agency's submissions (not only its own). */
bool sg_scope_all_agencies(const sg_scope *sc);

/* True when the principal is confined to one agency (an agency data owner): pages use it to
 * leave out choices the scope would refuse anyway. */
bool sg_scope_agency_bound(const sg_scope *sc);

/* The latest financial-year period ("2024-25") of any current submission, "" when none.
 * Public information (no capability needed): periods carry no data. */
int sg_scope_latest_period(const sg_scope *sc, char out[16], sg_error *err);
/* A number that changes whenever a submission is added (the largest submission id): a cache
 * key for pages computed from the store. */
int sg_scope_data_version(const sg_scope *sc, int64_t *out, sg_error *err);

/* ---- submissions ---- */

/* Lists submissions newest first, filtered by agency and period (NULL = any). For an agency
 * data owner the agency filter is forced to its own (asking for another is SG_EFORBIDDEN). */
int sg_scope_submissions(const sg_scope *sc, const char *agency, const char *period,
                         sg_submission_fn fn, void *ctx, sg_error *err);
/* One submission; SG_ENOTFOUND when absent or not visible to the principal. */
int sg_scope_submission(const sg_scope *sc, int64_t id, sg_submission *out, sg_error *err);

/* A finding or rejected row as the principal may see it (borrowed for the callback). */
typedef struct sg_scope_item {
    const char *kind; /* "finding" or "rejected" */
    const char *file;
    long line;
    const char *field;    /* "" when none */
    const char *child;    /* pseudonym; NULL without SG_CAP_CHILD_LEVEL or when none */
    const char *value;    /* NULL without SG_CAP_CHILD_LEVEL, or when absent/withheld */
    const char *rule;     /* rule id; "" for a rejected row */
    const char *severity; /* "error", "query", "warning"; "rejected" for a rejected row */
    const char *message;  /* the rule's message or the rejection reason */
} sg_scope_item;
typedef int (*sg_scope_item_fn)(void *ctx, const sg_scope_item *it);

/* Counts of a submission's findings by severity and its rejected rows. */
int sg_scope_submission_counts(const sg_scope *sc, int64_t id, long findings[SG_SEV__COUNT],
                               long *rejected, sg_error *err);
/* Calls fn for the submission's findings (rule, file, line order), then its rejected rows,
 * at most limit items (0 = all). Audited "view_child" when child-level values were shown. */
int sg_scope_items(const sg_scope *sc, int64_t id, long limit, sg_scope_item_fn fn, void *ctx,
                   sg_error *err);

/* ---- upload ---- */

typedef struct sg_scope_item_copy {
    char kind[12], file[256], field[64], child[32], rule[32], severity[12];
    char *value, *message; /* owned; value NULL when not shown */
    long line;
} sg_scope_item_copy;

typedef struct sg_scope_upload {
    bool accepted;      /* committed to the store */
    bool duplicate;     /* the same file was already imported: nothing changed */
    int64_t submission; /* accepted: its id; duplicate: the earlier one */
    char format[64];
    long rows_read, records, rejected;
    long findings[SG_SEV__COUNT];
    sg_scope_item_copy *items; /* the findings and rejected rows (first SG_SCOPE_UPLOAD_ITEMS) */
    size_t nitems;
    /* The supersede guard (store/import.h): replaces = the current submission this return
     * would supersede (0 = none) with its accepted rows, new_rows this return's;
     * replace_refused: the drop was more than allowed and not confirmed, nothing stored. */
    bool replace_refused;
    int64_t replaces;
    long replaced_rows, new_rows;
    int max_drop_pct; /* the largest drop allowed without confirmation (setting import.max_drop) */
} sg_scope_upload;

#define SG_SCOPE_UPLOAD_ITEMS 1000

void sg_scope_upload_fini(sg_scope_upload *u);

/* Imports the file at path (its base name is the submission's file name) as agency's return
 * for period (format NULL = detect), validates it inside the transaction, and commits only when
 * there is no error-severity finding and no rejected row; otherwise rolls back and reports
 * what is wrong in out (accepted false). An agency data owner's agency is always its own.
 * Returns SG_OK whether accepted or not; errors (SG_EPARSE for a file that cannot be read as
 * any format, SG_EINVAL for a bad period, SG_EFORBIDDEN) leave the store unchanged. */
int sg_scope_upload_file(const sg_scope *sc, const char *path, const char *agency,
                         const char *period, const char *format, sg_scope_upload *out,
                         sg_error *err);
/* The same; confirm_replace lets a return replace one with far more rows (import.h's
 * supersede guard), and the confirmation is audited ("confirm_replace", both counts). Without
 * it such a return is refused: SG_OK, accepted false, replace_refused true, audited. */
int sg_scope_upload_file_confirm(const sg_scope *sc, const char *path, const char *agency,
                                 const char *period, const char *format, bool confirm_replace,
                                 sg_scope_upload *out, sg_error *err);
/* The same for a file whose path does not carry its name (the web service's uploads are
 * unnamed files read at /proc/self/fd/N): name is the file name the uploader gave, used for
 * the submission, the findings, messages and the audit entry (NULL: the path's last part). */
int sg_scope_upload_named(const sg_scope *sc, const char *path, const char *name,
                          const char *agency, const char *period, const char *format,
                          bool confirm_replace, sg_scope_upload *out, sg_error *err);

/* ---- registers ---- */

/* Loads the register's records the principal may see (agency data owner: its own actions
 * only; any other register SG_EFORBIDDEN). Pseudonym columns are blanked without
 * SG_CAP_CHILD_LEVEL, and audited as "view_child" when shown. set is initialised here. */
int sg_scope_register_load(const sg_scope *sc, const sg_register *reg, sg_reg_set *set,
                           sg_error *err);
/* The same with the pseudonym columns always blanked, whatever the principal's rights, and so
 * nothing audited: for summaries that name no child (the start page's "what needs me"). */
int sg_scope_register_load_plain(const sg_scope *sc, const sg_register *reg, sg_reg_set *set,
                                 sg_error *err);
/* One record, scoped as above; SG_ENOTFOUND when absent or not visible. */
int sg_scope_register_get(const sg_scope *sc, const sg_register *reg, const char *key,
                          sg_reg_record *out, sg_error *err);
/* Runs a register's computed view for the principal into out, an initialised document
 * (registers/view.h; the caller renders it and fini's it): agency data owners only the action
 * views, with opts->agency forced to their own. SG_ENOTFOUND for an unknown view. */
int sg_scope_register_view(const sg_scope *sc, const sg_register *reg, const char *view,
                           const sg_reg_view_opts *opts, sg_view_doc *out, sg_error *err);
/* Updates a record (SG_CAP_REGISTERS_WRITE). An agency data owner may update only its own
 * agency's actions, and only status, last_update_date, progress_note, completed_date and
 * evidence. Audited "change" with the register and key. */
int sg_scope_register_update(const sg_scope *sc, const sg_register *reg, const char *key,
                             const sg_reg_field *fields, size_t n, int *changed, sg_error *err);
/* The change log of one record (registers/register.h sg_reg_log_each), oldest first, for a
 * principal who may read the record (scoped as sg_scope_register_get: SG_ENOTFOUND when absent
 * or not visible). Old and new values of a pseudonym column are given as NULL without
 * SG_CAP_CHILD_LEVEL. */
int sg_scope_register_log(const sg_scope *sc, const sg_register *reg, const char *key,
                          sg_reg_change_fn fn, void *ctx, sg_error *err);
/* Adds a record (SG_CAP_REGISTERS_WRITE, not for agency data owners). Audited "change". */
int sg_scope_register_add(const sg_scope *sc, const sg_register *reg, const sg_reg_field *fields,
                          size_t n, char *key_out, sg_error *err);

/* One action of the tracker with its computed flags. */
typedef struct sg_scope_action {
    const sg_reg_record *rec; /* borrowed from the set given back */
    sg_act_flags flags;
} sg_scope_action;

/* The action tracker: the principal's actions (agency data owner: own agency's only),
 * filtered by owner agency and source kind (NULL = any), sorted overdue first (most days
 * overdue first), then drifting, then other open ones by due date, then the rest. actions is
 * initialised here and owns the records; *out is a heap array (caller frees) of *n. */
int sg_scope_actions(const sg_scope *sc, sg_date today, int drift_days, const char *agency,
                     const char *source, sg_reg_set *actions, sg_scope_action **out, size_t *n,
                     sg_error *err);

/* ---- dataset and reconciliation ---- */

/* The dataset for a period (SG_CAP_DATASET; never disclosure-controlled: the roles with the
 * capability see unsuppressed aggregates). b must be initialised. */
int sg_scope_dataset(const sg_scope *sc, const char *period, sg_booklet *b, sg_error *err);
/* Reconciliation counts (no record lists) for a period; *pairs is a heap array (caller frees). */
int sg_scope_reconcile(const sg_scope *sc, const char *period, sg_recon_pair **pairs, int *npairs,
                       sg_error *err);

/* ---- the yearly report (report/yearly.h) ---- */

/* Renders the yearly report for year ("2024-25") as one self-contained HTML page into out:
 * the public edition (disclosure control, narrative checked) or the analyst edition. Needs
 * SG_CAP_REPORT_PREVIEW. config_path and narrative_dir may be NULL. */
int sg_scope_report_preview(const sg_scope *sc, const char *year, bool public_view,
                            const char *config_path, const char *narrative_dir, sg_buf *out,
                            sg_error *err);
/* Builds the public edition and publishes it at dest (written to a temporary name beside it,
 * then renamed, so the public page never serves half a file). Needs SG_CAP_REPORT_PUBLISH.
 * Audited "publish". */
int sg_scope_report_publish(const sg_scope *sc, const char *year, const char *config_path,
                            const char *narrative_dir, const char *dest, sg_error *err);

#endif

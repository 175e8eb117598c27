/* register.h - the register framework: the partnership's own records (case reviews, action
 * plans, audits, Section 11, training, LADO, child deaths, finance, risks, children's voice)
 * described as data and handled by one generic engine.
 *
 * A register is a table of records described by an sg_register: its columns (name, type,
 * flags, code list, reference target, bounds), the column(s) forming the record's key, and its
 * computed views. The engine gives every register the same operations: add, update, show, list,
 * CSV import from the documented template, CSV export, and a change log that records every
 * change (who, when, field, old value, new value). Records live in the generic tables
 * register_record (one row per record, the values as a JSON object of canonical text) and
 * register_change (append-only), created by the store's registers migration.
 *
 * Values are text in a canonical spelling, so that import -> store -> export gives back the
 * same CSV: dates ISO YYYY-MM-DD (dd/mm/YYYY accepted on input), integers in decimal, money as
 * pounds with two decimals ("1234.50", stored as text, read as pence), codes upper-case as in
 * the code list (several codes joined by ';' in list order of input), flags Y / N, child
 * pseudonyms as made by core/pseudo.h. An absent value is NULL (an empty CSV cell).
 *
 * Child identifiers: a pseudonym column NAME accepts either a pseudonym (L/U/N/P + 24 hex
 * digits) or, as the input-only field NAME_la_id, an LA child ID that is pseudonymised with the
 * store's key and never stored or echoed in an error. Registers hold no other child identifier.
 *
 * Adding a register: write a file src/registers/reg_<name>.c defining a const sg_register
 * (columns, views) and append it to the list in src/registers/registry.c. No migration is
 * needed. Documentation goes in docs/registers.md with an example CSV in
 * docs/formats/examples/register_<name>.csv. */
#ifndef SG_REGISTER_H
#define SG_REGISTER_H

#include "core/buf.h"
#include "core/date.h"
#include "core/sg.h"
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---- limits (inputs beyond them are SG_ELIMIT naming the row and field) ---- */
#define SG_REG_MAX_COLS 64     /* columns in one register */
#define SG_REG_KEY_MAX 200     /* bytes in a record key (composite keys joined by '/') */
#define SG_REG_TEXT_MAX 4000   /* default maximum bytes of a text value */
#define SG_REG_MAX_ROWS 100000 /* rows in one CSV import */
#define SG_REG_USER_MAX 64     /* bytes of a user name */

/* ---- column types ---- */
typedef enum sg_reg_type {
    SG_RT_TEXT = 0,  /* free text up to max bytes (0 = SG_REG_TEXT_MAX); no control characters
                        other than TAB, CR, LF; surrounding spaces trimmed */
    SG_RT_INT,       /* decimal integer, optionally bounded by [min, max] */
    SG_RT_DATE,      /* a real calendar date, YYYY-MM-DD or dd/mm/YYYY on input, ISO stored */
    SG_RT_ENUM,      /* a code from codes (case-insensitive on input, stored as listed) */
    SG_RT_MONEY,     /* pounds: "1234.5", "1,234.50", "£1234" on input; "1234.50" stored;
                        min/max in pence when set */
    SG_RT_AGENCY,    /* a partnership agency code (sg_reg_agencies) */
    SG_RT_REF,       /* the key of a record in register `ref`; with ref == NULL a reference to
                        any source written "SOURCE:KEY" where SOURCE is a code of `codes`; when
                        SOURCE names a register the record must exist there */
    SG_RT_PSEUDONYM, /* a child pseudonym (see the file comment for NAME_la_id) */
    SG_RT_FLAG,      /* Y or N (yes/no/true/false/1/0 accepted on input) */
    SG_RT__COUNT
} sg_reg_type;

/* Column flags. */
#define SG_RF_REQUIRED 0x01u /* must be present (on add and after every update) */
#define SG_RF_KEY                                                                                  \
    0x02u                 /* part of the record key, in column order; implies required;            \
                             cannot be changed by update */
#define SG_RF_PAST 0x04u  /* a date that may not be after today (sg_date_today) */
#define SG_RF_MULTI 0x08u /* enum: several codes separated by ';' (no repeats) */
#define SG_RF_BRIEF 0x10u /* shown by `list` (the key is always shown) */

/* One entry of a code list; lists end with {NULL, NULL}. */
typedef struct sg_reg_code {
    const char *code;  /* stored spelling, upper case (register names for REF sources) */
    const char *label; /* human meaning, for docs and help */
} sg_reg_code;

typedef struct sg_reg_col {
    const char *name; /* CSV header and field name: lower-case a-z, 0-9, '_' */
    sg_reg_type type;
    unsigned flags;           /* SG_RF_* */
    const sg_reg_code *codes; /* ENUM: the code list; REF with ref NULL: allowed sources */
    const char *ref;          /* REF: name of the register referenced (NULL = any source) */
    const char *not_before;   /* DATE: a date column of this register that this date may not
                                 precede (e.g. end date not before start date), or NULL */
    long long min, max;       /* INT / MONEY (pence) bounds, used when min < max;
                                 TEXT: max = maximum bytes (0 = SG_REG_TEXT_MAX) */
    const char *doc;          /* one line for docs and help */
    const char *key_default;  /* KEY only, or NULL: another (non-key) column of this register
                                 whose value is this key part when this column is absent. The
                                 column is then optional (but one of the two must be present)
                                 and stays absent in the record, so a key column added to a
                                 register keeps the keys of records stored before it (their
                                 key part was the other column's value) without a migration,
                                 and old CSVs without the column still import. E.g. finance
                                 expenditure: key year + line, line defaulting to category. */
} sg_reg_col;

typedef struct sg_register sg_register;
typedef struct sg_reg_record sg_reg_record;

/* Options every computed view understands (views ignore what they do not use). */
typedef struct sg_reg_view_opts {
    sg_date today; /* "now" for clocks and overdue checks (SG_DATE_NONE or 0 = sg_date_today) */
    int year;      /* financial year starting 1 April `year` (0 = the year holding today) */
    int days;      /* a threshold in days, e.g. drift (0 = the view's documented default) */
    const char *agency; /* restrict to one agency code (NULL = all) */
} sg_reg_view_opts;

/* A computed view appends what it shows to out, an initialised document (registers/view.h:
 * headings, tables, notes), which the caller renders as text (the CLI), HTML (the web pages)
 * or JSON (the API, --json) and fini's, also after an error. The numbers come from pure
 * functions declared in the register's own header, which tests call. Errors: the store's, and
 * SG_ELIMIT when the document is too large (sg_view_check). */
typedef struct sg_view_doc sg_view_doc;
typedef int (*sg_reg_view_fn)(sg_store *s, const sg_register *reg, const sg_reg_view_opts *o,
                              sg_view_doc *out, sg_error *err);
typedef struct sg_reg_view {
    const char *name;    /* "clocks", "summary" ... */
    const char *summary; /* one line for help */
    sg_reg_view_fn fn;
} sg_reg_view;

/* Optional whole-record check run after every column passed its own validation (add, update,
 * import): cross-field rules such as "a decision needs a rapid review date". Return SG_OK or
 * an error via sg_err_at naming the field (line/file are filled in by the engine). */
typedef int (*sg_reg_check_fn)(const sg_register *reg, const sg_reg_record *rec, sg_error *err);

struct sg_register {
    const char *name;  /* "case_review": CLI name, template name, change-log name */
    const char *title; /* "Case reviews (serious incident notifications)" */
    const char *doc;   /* a paragraph for help */
    const sg_reg_col *cols;
    int ncols; /* <= SG_REG_MAX_COLS; at least one column has SG_RF_KEY */
    const sg_reg_view *views;
    int nviews;
    sg_reg_check_fn check; /* may be NULL */
};

/* ---- the registry (registry.c) ---- */
/* Every register known to this build, in documentation order. */
const sg_register *const *sg_reg_all(size_t *n);
/* The register called name, or NULL. */
const sg_register *sg_reg_find(const char *name);
/* The partnership's agency codes (common brief: CSC POLICE HEALTH ... OTHER). */
extern const sg_reg_code sg_reg_agencies[];
/* Index of column name in reg, or -1. */
int sg_reg_col_index(const sg_register *reg, const char *name);
/* Checks a descriptor (names, key present, code lists, references, not_before targets).
 * Returns SG_EINVAL naming the problem; tests run it on every registered register. */
int sg_reg_check_descriptor(const sg_register *reg, sg_error *err);

/* ---- records ---- */
struct sg_reg_record {
    const sg_register *reg;
    int64_t id;                          /* 0 when not stored */
    char key[SG_REG_KEY_MAX + 1];        /* key column values joined by '/' */
    char **val;                          /* reg->ncols canonical values, NULL = absent; owned */
    char created_at[24], updated_at[24]; /* ISO 8601 UTC, "" when not stored */
    char created_by[SG_REG_USER_MAX], updated_by[SG_REG_USER_MAX];
};

void sg_reg_record_init(sg_reg_record *rec, const sg_register *reg);
void sg_reg_record_fini(sg_reg_record *rec);
/* Sets a column's canonical value without validation (copies value; NULL or "" = absent) and
 * recomputes the key. For building test data and for views; the store always validates.
 * SG_EINVAL when the column does not exist. */
int sg_reg_record_put(sg_reg_record *rec, const char *col, const char *value);

/* Typed reads of a column (by name). Absent or unknown columns give NULL / SG_DATE_NONE /
 * false. get_int and get_money return SG_ENOTFOUND when absent, SG_EINVAL when not a number. */
const char *sg_reg_get(const sg_reg_record *rec, const char *col);
sg_date sg_reg_get_date(const sg_reg_record *rec, const char *col);
bool sg_reg_get_flag(const sg_reg_record *rec, const char *col);
int sg_reg_get_int(const sg_reg_record *rec, const char *col, long long *out);
int sg_reg_get_money(const sg_reg_record *rec, const char *col, long long *pence);
/* Whether an enum value (MULTI or not) holds code. */
bool sg_reg_has_code(const sg_reg_record *rec, const char *col, const char *code);

/* A loaded set of records, in key order. */
typedef struct sg_reg_set {
    const sg_register *reg;
    sg_reg_record *rec;
    size_t n, cap;
} sg_reg_set;

void sg_reg_set_init(sg_reg_set *set, const sg_register *reg);
void sg_reg_set_fini(sg_reg_set *set);
/* Appends an empty record (initialised for set->reg) and returns it. */
sg_reg_record *sg_reg_set_push(sg_reg_set *set);
/* The record with this key, or NULL. */
const sg_reg_record *sg_reg_set_find(const sg_reg_set *set, const char *key);

/* ---- validation without the store ----
 * An input field: name as in the template (or NAME_la_id for a pseudonym column) and its
 * text as typed. */
typedef struct sg_reg_field {
    const char *name;
    const char *value;
} sg_reg_field;

/* Validates one input value for column c and writes the canonical spelling into out (max
 * outsz bytes; "" = absent). Does not check references (needs the store) and does not
 * pseudonymise (pseudo may be NULL: then an LA ID input is SG_EINVAL). la_id says the value
 * came from the NAME_la_id field. Errors are SG_EINVAL (or SG_ELIMIT for oversize text) with a
 * message that names the field and, except for child identifiers, the value. */
int sg_reg_canon(const sg_register *reg, const sg_reg_col *c, const char *value, bool la_id,
                 const sg_pseudo *pseudo, sg_date today, char *out, size_t outsz, sg_error *err);

/* ---- operations on the store ----
 * Every write runs in its own transaction unless the caller already holds one (then it joins
 * it), validates the whole record (column rules, not_before, references, the register's
 * check) and writes one change-log row per changed field. user is who makes the change
 * (1..63 bytes, required). On error nothing is changed and err names the field. */

/* Adds a record from fields (values as typed). SG_ECONFLICT when the key already exists.
 * key_out (may be NULL, SG_REG_KEY_MAX + 1 bytes) receives the new key. */
int sg_reg_add(sg_store *s, const sg_register *reg, const sg_reg_field *fields, size_t n,
               const char *user, char *key_out, sg_error *err);

/* Changes the given fields of the record with key (an empty value clears a field). Key
 * columns cannot change (SG_EINVAL). SG_ENOTFOUND when no such record. *changed (may be NULL)
 * receives the number of fields whose value changed (0: nothing written). */
int sg_reg_update(sg_store *s, const sg_register *reg, const char *key, const sg_reg_field *fields,
                  size_t n, const char *user, int *changed, sg_error *err);

/* Loads one record (caller fini's it). SG_ENOTFOUND when absent. */
int sg_reg_get_record(sg_store *s, const sg_register *reg, const char *key, sg_reg_record *out,
                      sg_error *err);

/* Loads every record of reg into set (initialised here; caller fini's it), in key order. */
int sg_reg_load(sg_store *s, const sg_register *reg, sg_reg_set *set, sg_error *err);

/* Number of records in reg. */
int sg_reg_count(sg_store *s, const sg_register *reg, long *out, sg_error *err);

typedef struct sg_reg_import_stats {
    long rows;      /* data rows read */
    long added;     /* new records */
    long updated;   /* existing records with at least one changed field */
    long unchanged; /* existing records identical to the row */
} sg_reg_import_stats;

/* Imports a CSV in the register's template (header row; column names matched tolerantly,
 * order free; unknown columns are an error, so a misspelt header is never silently dropped)
 * as one transaction: a row whose key exists updates that record (only the columns present in
 * the file), a new key adds one. The first bad row stops the import and rolls everything back;
 * err names the file, line, column and field. name is the file name used in messages and the
 * change log. Limits: SG_REG_MAX_ROWS rows, csv.h's field and record limits. */
int sg_reg_import_csv(sg_store *s, const sg_register *reg, FILE *fp, const char *name,
                      const char *user, sg_reg_import_stats *st, sg_error *err);

/* Writes every record as CSV in the template's column order (header row, CRLF, cells made
 * spreadsheet-safe by sg_export_cell), in key order. Import of the output gives the same
 * records. */
int sg_reg_export_csv(sg_store *s, const sg_register *reg, FILE *out, sg_error *err);

/* Writes the template: the header row only. */
int sg_reg_template_csv(const sg_register *reg, FILE *out, sg_error *err);

/* ---- change log ---- */
typedef struct sg_reg_change {
    int64_t id;
    /* Borrowed for the duration of the callback; old_value/new_value/source may be NULL. */
    const char *reg, *key, *at, *user, *action, *source, *field, *old_value, *new_value;
} sg_reg_change;
typedef int (*sg_reg_change_fn)(void *ctx, const sg_reg_change *ch);
/* Calls fn for each change, oldest first, optionally only for one register (reg may be NULL)
 * and one record (key may be NULL). action is "add", "update" or "import"; source is the file
 * name of an import. Stops early and returns fn's status when non-zero. */
int sg_reg_log_each(sg_store *s, const sg_register *reg, const char *key, sg_reg_change_fn fn,
                    void *ctx, sg_error *err);

/* ---- helpers for views ---- */
/* The financial year (1 April .. 31 March) start year holding d, e.g. 2024-03-31 -> 2023. */
int sg_reg_fy_of(sg_date d);
/* First and last day of financial year y (1 April y, 31 March y+1). */
void sg_reg_fy_bounds(int y, sg_date *first, sg_date *last);
/* Resolves opts: today (SG_DATE_NONE -> sg_date_today()) and year (0 -> the year of today). */
void sg_reg_view_defaults(const sg_reg_view_opts *in, sg_reg_view_opts *out);
/* The view of reg called name, or NULL. */
const sg_reg_view *sg_reg_view_find(const sg_register *reg, const char *name);
/* Runs view v of reg and appends its text rendering (registers/view.h sg_view_text, what the
 * CLI prints) to out. Errors as the view's; SG_ELIMIT when out is full. */
int sg_reg_view_text(sg_store *s, const sg_register *reg, const sg_reg_view *v,
                     const sg_reg_view_opts *o, sg_buf *out, sg_error *err);

#endif

/* schema.c - the store's schema as an ordered list of migrations, and the code that applies
 * them.
 *
 * migrations[i] takes a database from user_version i to i + 1. A migration, once released, is
 * never edited: a change to the schema is a new entry at the end. All pending migrations run in
 * one BEGIN IMMEDIATE transaction together with the user_version bump, so a failure or crash
 * leaves the database at the version it had (an upgrade across several releases lands whole or
 * not at all). The tables are documented in docs/store.md. */
#include "store/store.h"

#include "core/version.h"

#include <stdio.h>
#include <string.h>

/* 'SGD1': marks the file as a safeguard store so we never migrate someone else's database. */
#define SG_APPLICATION_ID 0x53474431

/* Column shapes. Dates are ISO text that SQLite itself agrees is a real calendar date (date()
 * normalises 2023-02-30 to 2023-03-02, so the comparison fails for impossible days); months
 * of birth/death are 'YYYY-MM' only, so a full date of birth cannot be stored. */
#define DATE(c) c " TEXT CHECK (" c " IS NULL OR (length(" c ") = 10 AND date(" c ") IS " c "))"
#define MONTH(c)                                                                                   \
    c " TEXT CHECK (" c " IS NULL OR (" c " GLOB '[12][0-9][0-9][0-9]-[01][0-9]' AND substr(" c    \
      ", 6, 2) BETWEEN '01' AND '12'))"
#define TRI(c) c " INTEGER CHECK (" c " IN (0, 1))"
#define HEX4 "[0-9a-f][0-9a-f][0-9a-f][0-9a-f]"
#define PSEUDONYM_GLOB "'[LUNP]" HEX4 HEX4 HEX4 HEX4 HEX4 HEX4 "'"

/* Every record table starts with these. child_id is NOT NULL for records about a child. */
#define REC_HEAD(child_null)                                                                       \
    "id INTEGER PRIMARY KEY,\n"                                                                    \
    "  submission_id INTEGER NOT NULL REFERENCES submission(id),\n"                                \
    "  child_id INTEGER " child_null " REFERENCES child(id),\n"                                    \
    "  line INTEGER NOT NULL CHECK (line >= 0),\n  "

#define REC_INDEXES(t)                                                                             \
    "CREATE INDEX " t "_child ON " t "(child_id);\n"                                               \
    "CREATE INDEX " t "_submission ON " t "(submission_id);\n"
#define LIVE_VIEW(t)                                                                               \
    "CREATE VIEW live_" t " AS SELECT * FROM " t " WHERE submission_id IN\n"                       \
    "  (SELECT id FROM submission WHERE superseded_by IS NULL);\n"
#define REC_TABLE(t, child_null, cols)                                                             \
    "CREATE TABLE " t " (\n  " REC_HEAD(child_null) cols "\n) STRICT;\n" REC_INDEXES(t) LIVE_VIEW(t)

/* A migration is a NULL-terminated list of scripts run in one transaction (split only because
 * C compilers need not accept string literals over 4095 bytes). */
/* the migrations are SQL, laid out as SQL (one clause a line), not as clang-format would */
/* clang-format off */
static const char *const migration_1[] = {
    "PRAGMA application_id = 1397179441;\n" /* SG_APPLICATION_ID in decimal */

    "CREATE TABLE submission (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  agency TEXT NOT NULL CHECK (length(agency) BETWEEN 1 AND 63),\n"
    "  format TEXT NOT NULL CHECK (length(format) BETWEEN 1 AND 63),\n"
    "  period TEXT NOT NULL CHECK (length(period) BETWEEN 1 AND 31),\n"
    "  file_name TEXT NOT NULL,\n"
    "  sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),\n"
    "  user TEXT NOT NULL,\n"
    "  imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))\n"
    "    CHECK (imported_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]"
    "T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z'),\n"
    "  rows_read INTEGER NOT NULL DEFAULT 0 CHECK (rows_read >= 0),\n"
    "  rows_accepted INTEGER NOT NULL DEFAULT 0 CHECK (rows_accepted >= 0),\n"
    "  rows_rejected INTEGER NOT NULL DEFAULT 0 CHECK (rows_rejected >= 0),\n"
    "  superseded_by INTEGER REFERENCES submission(id) CHECK (superseded_by <> id)\n"
    ") STRICT;\n"
    "CREATE INDEX submission_key ON submission(agency, period, format, superseded_by);\n"
    "CREATE VIEW live_submission AS SELECT * FROM submission WHERE superseded_by IS NULL;\n"
,
    "CREATE TABLE child (\n  id INTEGER PRIMARY KEY\n) STRICT;\n"
    "CREATE TABLE child_key (\n"
    "  pseudonym TEXT PRIMARY KEY CHECK (pseudonym GLOB " PSEUDONYM_GLOB "),\n"
    "  child_id INTEGER NOT NULL REFERENCES child(id)\n"
    ") STRICT, WITHOUT ROWID;\n"
    "CREATE INDEX child_key_child ON child_key(child_id, pseudonym);\n"
,
    REC_TABLE("child_detail", "NOT NULL",
              MONTH("birth") ",\n"
              "  expected_birth INTEGER NOT NULL DEFAULT 0 CHECK (expected_birth IN (0, 1)),\n"
              "  sex TEXT, ethnicity TEXT, disabilities TEXT,\n  " TRI("uasc") ",\n  "
              MONTH("death") ",\n  upn_unknown TEXT"),
    REC_TABLE("contact", "NOT NULL",
              DATE("contact_date") ",\n  source TEXT, outcome TEXT")
    "CREATE INDEX contact_date ON contact(contact_date);\n",
    REC_TABLE("early_help", "NOT NULL",
              DATE("start_date") ",\n  " DATE("end_date") ",\n  organisation TEXT, outcome TEXT")
    "CREATE INDEX early_help_start ON early_help(start_date);\n",
    REC_TABLE("referral", "NOT NULL",
              DATE("referral_date") ",\n  source TEXT, primary_need TEXT,\n  "
              DATE("closure_date") ",\n  closure_reason TEXT,\n  " TRI("nfa") ",\n  "
              DATE("initial_cpc_date") ",\n"
              "  referrals_last_12m INTEGER CHECK (referrals_last_12m >= 0)")
    "CREATE INDEX referral_date ON referral(referral_date);\n",
    REC_TABLE("assessment", "NOT NULL",
              "referral_id INTEGER REFERENCES referral(id),\n  "
              DATE("start_date") ",\n  " DATE("authorised_date") ",\n  "
              DATE("internal_review_date") ",\n  factors TEXT,\n  "
              TRI("child_seen") ",\n  " TRI("needs_support"))
    "CREATE INDEX assessment_start ON assessment(start_date);\n"
    "CREATE INDEX assessment_referral ON assessment(referral_id);\n",
    REC_TABLE("strategy", "NOT NULL",
              DATE("strategy_date") ",\n  requested_by TEXT, outcome TEXT")
    "CREATE INDEX strategy_date ON strategy(strategy_date);\n",
    REC_TABLE("s47", "NOT NULL",
              "referral_id INTEGER REFERENCES referral(id),\n  "
              DATE("start_date") ",\n  " DATE("icpc_target_date") ",\n  " DATE("icpc_date") ",\n  "
              TRI("icpc_not_required") ",\n  " TRI("cp_plan_resulted"))
    "CREATE INDEX s47_start ON s47(start_date);\n"
    "CREATE INDEX s47_referral ON s47(referral_id);\n",
    REC_TABLE("cin_plan", "NOT NULL",
              "referral_id INTEGER REFERENCES referral(id),\n  "
              DATE("start_date") ",\n  " DATE("end_date"))
    "CREATE INDEX cin_plan_start ON cin_plan(start_date);\n"
    "CREATE INDEX cin_plan_referral ON cin_plan(referral_id);\n",
    REC_TABLE("cp_plan", "NOT NULL",
              "referral_id INTEGER REFERENCES referral(id),\n  "
              DATE("start_date") ",\n  " DATE("end_date") ",\n"
              "  initial_category TEXT, latest_category TEXT,\n"
              "  previous_plans INTEGER CHECK (previous_plans >= 0)")
    "CREATE INDEX cp_plan_start ON cp_plan(start_date);\n"
    "CREATE INDEX cp_plan_referral ON cp_plan(referral_id);\n",
    REC_TABLE("cp_review", "NOT NULL",
              "cp_plan_id INTEGER REFERENCES cp_plan(id),\n  " DATE("review_date"))
    "CREATE INDEX cp_review_plan ON cp_review(cp_plan_id);\n",
    REC_TABLE("cla_episode", "NOT NULL",
              DATE("start_date") ",\n  " DATE("end_date") ",\n"
              "  rne TEXT, legal_status TEXT, cin TEXT, placement TEXT, provider TEXT,\n"
              "  reason_ceased TEXT, reason_place_change TEXT, urn TEXT")
    "CREATE INDEX cla_episode_start ON cla_episode(start_date);\n",
    REC_TABLE("cla_review", "NOT NULL", DATE("review_date") ",\n  code TEXT")
    "CREATE INDEX cla_review_date ON cla_review(review_date);\n",
    REC_TABLE("missing_episode", "NOT NULL",
              DATE("start_date") ",\n  " DATE("end_date") ",\n"
              "  kind TEXT, from_place TEXT,\n  " TRI("ri_offered") ",\n  " TRI("ri_accepted")
              ",\n  reporting_agency TEXT")
    "CREATE INDEX missing_episode_start ON missing_episode(start_date);\n",
    REC_TABLE("lado", "",
              "ref TEXT,\n  " DATE("received_date") ",\n  " DATE("strategy_date") ",\n  "
              DATE("concluded_date") ",\n"
              "  kind TEXT, referring_agency TEXT, sector TEXT, category TEXT, outcome TEXT")
    "CREATE INDEX lado_received ON lado(received_date);\n",
    REC_TABLE("police_event", "NOT NULL",
              "kind TEXT,\n  " DATE("event_date") ",\n  subtype TEXT, ref TEXT")
    "CREATE INDEX police_event_date ON police_event(event_date);\n",
    REC_TABLE("population", "",
              "area TEXT NOT NULL,\n  year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2199),\n"
              "  age_from INTEGER NOT NULL CHECK (age_from >= 0),\n"
              "  age_to INTEGER NOT NULL CHECK (age_to >= age_from),\n"
              "  sex TEXT,\n  count INTEGER CHECK (count >= 0)")
    "CREATE INDEX population_area ON population(area, year);\n",
    REC_TABLE("extra_record", "",
              "table_name TEXT NOT NULL,\n"
              "  fields TEXT NOT NULL CHECK (fields GLOB '{*}')")
    "CREATE INDEX extra_record_table ON extra_record(table_name);\n"
,
    "CREATE TABLE rejected_row (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  submission_id INTEGER NOT NULL REFERENCES submission(id),\n"
    "  file TEXT NOT NULL,\n"
    "  line INTEGER NOT NULL CHECK (line >= 0),\n"
    "  field TEXT,\n"
    "  value TEXT CHECK (length(CAST(value AS BLOB)) <= 200),\n"
    "  reason TEXT NOT NULL\n"
    ") STRICT;\n"
    "CREATE INDEX rejected_row_submission ON rejected_row(submission_id, file, line);\n"
    LIVE_VIEW("rejected_row"),
    NULL,
};

/* 2: validation findings (src/validate, docs/rules.md). One row per finding of a submission;
 * validating the submission again replaces its rows. child is a pseudonym or ''; value is never
 * an identifier (the engine withholds those) and is cut to 200 bytes. */
static const char *const migration_2[] = {
    "CREATE TABLE finding (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  submission_id INTEGER NOT NULL REFERENCES submission(id),\n"
    "  file TEXT NOT NULL,\n"
    "  line INTEGER NOT NULL CHECK (line >= 0),\n"
    "  child TEXT NOT NULL CHECK (child = '' OR child GLOB " PSEUDONYM_GLOB "),\n"
    "  field TEXT NOT NULL,\n"
    "  value TEXT CHECK (length(CAST(value AS BLOB)) <= 200),\n"
    "  rule TEXT NOT NULL CHECK (length(rule) BETWEEN 1 AND 31),\n"
    "  severity TEXT NOT NULL CHECK (severity IN ('error', 'query', 'warning')),\n"
    "  message TEXT NOT NULL\n"
    ") STRICT;\n"
    "CREATE INDEX finding_submission ON finding(submission_id, rule, file, line);\n"
    "CREATE INDEX finding_rule ON finding(rule, severity);\n"
    LIVE_VIEW("finding"),
    NULL,
};


/* 3: the registers (src/registers/register.h): the partnership's own records, one generic table
 * for every register (values as a JSON object of canonical text, so a new register needs no
 * migration) and an append-only change log. The triggers make the log tamper-resistant from
 * SQL: a change row can be neither edited nor deleted, and a record cannot be deleted. */
static const char *const migration_registers[] = {
    "CREATE TABLE register_record (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  register TEXT NOT NULL CHECK (length(register) BETWEEN 1 AND 63),\n"
    "  key TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 200),\n"
    "  fields TEXT NOT NULL CHECK (fields GLOB '{*}'),\n"
    "  created_at TEXT NOT NULL, created_by TEXT NOT NULL,\n"
    "  updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,\n"
    "  UNIQUE (register, key)\n"
    ") STRICT;\n"
    "CREATE TABLE register_change (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  record_id INTEGER NOT NULL REFERENCES register_record(id),\n"
    "  register TEXT NOT NULL,\n"
    "  key TEXT NOT NULL,\n"
    "  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),\n"
    "  user TEXT NOT NULL CHECK (length(user) BETWEEN 1 AND 63),\n"
    "  action TEXT NOT NULL CHECK (action IN ('add', 'update', 'import')),\n"
    "  source TEXT,\n"
    "  field TEXT NOT NULL,\n"
    "  old_value TEXT,\n"
    "  new_value TEXT\n"
    ") STRICT;\n"
    "CREATE INDEX register_change_record ON register_change(register, key, id);\n"
    "CREATE TRIGGER register_change_no_update BEFORE UPDATE ON register_change\n"
    "  BEGIN SELECT RAISE(ABORT, 'the register change log is append-only'); END;\n"
    "CREATE TRIGGER register_change_no_delete BEFORE DELETE ON register_change\n"
    "  BEGIN SELECT RAISE(ABORT, 'the register change log is append-only'); END;\n"
    "CREATE TRIGGER register_record_no_delete BEFORE DELETE ON register_record\n"
    "  BEGIN SELECT RAISE(ABORT, 'register records are not deleted'); END;\n",
    NULL,
};

/* 4: the LADO register (src/registers/lado_views.h): LADO cases stay in `lado` (filled by the
 * agency/lado return); cases entered through the register are `lado` rows of one standing
 * submission (format register/lado), and this append-only log records who changed which field
 * of them and when. */
static const char *const migration_lado_register[] = {
    "CREATE TABLE lado_change (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  lado_id INTEGER NOT NULL REFERENCES lado(id),\n"
    "  ref TEXT NOT NULL,\n"
    "  at TEXT NOT NULL,\n"
    "  user TEXT NOT NULL CHECK (length(user) BETWEEN 1 AND 63),\n"
    "  action TEXT NOT NULL CHECK (action IN ('add', 'update')),\n"
    "  field TEXT NOT NULL,\n"
    "  old_value TEXT,\n"
    "  new_value TEXT\n"
    ") STRICT;\n"
    "CREATE INDEX lado_change_ref ON lado_change(ref, id);\n"
    "CREATE INDEX lado_ref ON lado(ref);\n"
    "CREATE TRIGGER lado_change_no_update BEFORE UPDATE ON lado_change\n"
    "  BEGIN SELECT RAISE(ABORT, 'the LADO change log is append-only'); END;\n"
    "CREATE TRIGGER lado_change_no_delete BEFORE DELETE ON lado_change\n"
    "  BEGIN SELECT RAISE(ABORT, 'the LADO change log is append-only'); END;\n",
    NULL,
};

/* 5: partnership targets and comparator values for the dataset (indicators/targets.c and
 * comparators.c load them from the partnership's CSV files; docs/formats/targets.md and
 * comparators.md). Indicator ids are those of the indicator definitions; years are financial
 * years by their starting year (2023 = 2023-24). */
static const char *const migration_targets[] = {
    "CREATE TABLE target (\n"
    "  indicator TEXT NOT NULL CHECK (length(indicator) BETWEEN 1 AND 63),\n"
    "  year INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2199),\n"
    "  target REAL NOT NULL,\n"
    "  tolerance REAL NOT NULL DEFAULT 0 CHECK (tolerance >= 0),\n"
    "  priority TEXT, comment TEXT,\n"
    "  file_name TEXT NOT NULL,\n"
    "  line INTEGER NOT NULL CHECK (line >= 0),\n"
    "  loaded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),\n"
    "  PRIMARY KEY (indicator, year)\n"
    ") STRICT;\n"
    "CREATE TABLE comparator (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  indicator TEXT NOT NULL CHECK (length(indicator) BETWEEN 1 AND 63),\n"
    "  year INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2199),\n"
    "  area_type TEXT NOT NULL CHECK (area_type IN\n"
    "    ('england', 'region', 'statistical_neighbours', 'core_cities')),\n"
    "  area_name TEXT NOT NULL CHECK (length(area_name) BETWEEN 1 AND 127),\n"
    "  value REAL, min REAL, avg REAL, max REAL,\n"
    "  source TEXT NOT NULL CHECK (length(source) >= 1),\n"
    "  population_vintage TEXT,\n"
    "  file_name TEXT NOT NULL,\n"
    "  line INTEGER NOT NULL CHECK (line >= 0),\n"
    "  CHECK (value IS NOT NULL OR avg IS NOT NULL OR min IS NOT NULL OR max IS NOT NULL),\n"
    "  UNIQUE (indicator, year, area_type, area_name)\n"
    ") STRICT;\n"
    "CREATE INDEX comparator_year ON comparator(year, indicator);\n",
    NULL,
};

/* 6: the access layer (src/access/access.h, docs/access.md): accounts, sessions and the audit
 * trail. Passwords are Argon2id strings only; session tokens are kept only as BLAKE2b hashes;
 * TOTP secrets are encrypted (XChaCha20-Poly1305 under a subkey of the partnership key, bound to
 * the account id). The audit trail is append-only from SQL (triggers) and hash-chained with a
 * keyed BLAKE2b, so an edit that goes round the triggers still shows; audit_head holds the last
 * sequence number under its own MAC, so removing entries from the end shows too. */
static const char *const migration_access[] = {
    "CREATE TABLE account (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  username TEXT NOT NULL UNIQUE CHECK (length(username) BETWEEN 1 AND 63\n"
    "    AND username NOT GLOB '*[^a-z0-9._-]*'),\n"
    "  role TEXT NOT NULL CHECK (role IN\n"
    "    ('admin', 'analyst', 'business', 'agency', 'executive', 'scrutineer')),\n"
    "  agency TEXT NOT NULL DEFAULT '' CHECK (length(agency) <= 31\n"
    "    AND agency NOT GLOB '*[^A-Z0-9_]*' AND ((role = 'agency') = (agency <> ''))),\n"
    "  password_hash TEXT NOT NULL CHECK (password_hash GLOB '$argon2id$*'),\n"
    "  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),\n"
    "  totp_secret BLOB,\n"
    "  totp_last_step INTEGER NOT NULL DEFAULT 0,\n"
    "  failed INTEGER NOT NULL DEFAULT 0 CHECK (failed >= 0),\n"
    "  locked_until INTEGER NOT NULL DEFAULT 0,\n"
    "  created INTEGER NOT NULL,\n"
    "  last_login INTEGER NOT NULL DEFAULT 0\n"
    ") STRICT;\n"
    "CREATE TABLE session (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  token_hash BLOB NOT NULL UNIQUE CHECK (length(token_hash) = 32),\n"
    "  account_id INTEGER NOT NULL REFERENCES account(id),\n"
    "  second_factor_done INTEGER NOT NULL CHECK (second_factor_done IN (0, 1)),\n"
    "  csrf TEXT NOT NULL CHECK (length(csrf) = 64 AND csrf NOT GLOB '*[^0-9a-f]*'),\n"
    "  client TEXT NOT NULL DEFAULT '',\n"
    "  created INTEGER NOT NULL,\n"
    "  last_seen INTEGER NOT NULL,\n"
    "  ended INTEGER\n"
    ") STRICT;\n"
    "CREATE INDEX session_account ON session(account_id, ended);\n"
    "CREATE TABLE audit_log (\n"
    "  seq INTEGER PRIMARY KEY,\n"
    "  at INTEGER NOT NULL,\n"
    "  user_id INTEGER NOT NULL,\n"
    "  username TEXT NOT NULL,\n"
    "  role TEXT NOT NULL,\n"
    "  action TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 23),\n"
    "  object TEXT NOT NULL,\n"
    "  detail TEXT NOT NULL,\n"
    "  client TEXT NOT NULL,\n"
    "  hash BLOB NOT NULL CHECK (length(hash) = 32)\n"
    ") STRICT;\n"
    "CREATE INDEX audit_log_user ON audit_log(username, seq);\n"
    "CREATE INDEX audit_log_object ON audit_log(object, seq);\n"
    "CREATE INDEX audit_log_at ON audit_log(at, seq);\n"
    "CREATE INDEX audit_log_client ON audit_log(client, action, at);\n"
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log\n"
    "  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;\n"
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log\n"
    "  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;\n"
    "CREATE TABLE audit_head (\n"
    "  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
    "  seq INTEGER NOT NULL CHECK (seq >= 0),\n"
    "  mac BLOB CHECK (mac IS NULL OR length(mac) = 32)\n"
    ") STRICT;\n"
    "INSERT INTO audit_head (id, seq, mac) VALUES (1, 0, NULL);\n"
    "CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head\n"
    "  BEGIN SELECT RAISE(ABORT, 'the audit head is not deleted'); END;\n",
    NULL,
};

/* 7: TOTP with HMAC-SHA-1 (docs/access.md): the algorithm of each account's second factor.
 * Accounts enrolled before this migration computed HMAC-SHA-256 and keep it; enrolments from
 * now on are SHA1 (the column's default; src/access/totp.c writes it explicitly too). */
static const char *const migration_totp_algorithm[] = {
    "ALTER TABLE account ADD COLUMN totp_algorithm TEXT NOT NULL DEFAULT 'SHA1'\n"
    "  CHECK (totp_algorithm IN ('SHA1', 'SHA256'));\n"
    "UPDATE account SET totp_algorithm = 'SHA256';\n",
    NULL,
};

/* 8: keyed names for originals (docs/store.md, "Originals"): submission.sha256 held each file's
 * plaintext SHA-256, which lets anyone with the database (or a directory listing of originals/)
 * confirm that a given return was received. It now holds the keyed digest, HMAC-SHA-256 under a
 * subkey of the partnership key; sg_keyed_digest is the application function store.c registers
 * while migrating (the column keeps its name: SQL elsewhere reads it). The files are renamed
 * after the COMMIT, at every open until done (sg_store_originals_upgrade): a rename cannot be
 * part of the transaction, and the old name stays readable until then. */
static const char *const migration_keyed_names[] = {
    "UPDATE submission SET sha256 = sg_keyed_digest(sha256);\n",
    NULL,
};

/* 9: the audit trail's genesis entry (src/access/audit.c, docs/access.md "The genesis
 * entry"). Every store whose trail has no genesis entry yet - a new store, and one from before
 * this release - is marked pending: the next genesis step writes the keyed genesis entry (an
 * empty trail) or a genesis marker after the last entry (a trail from before), then clears the
 * mark. A trail wiped later is not marked, so it is never sealed again. */
static const char *const migration_audit_genesis[] = {
    "ALTER TABLE audit_head ADD COLUMN genesis_pending INTEGER NOT NULL DEFAULT 0\n"
    "  CHECK (genesis_pending IN (0, 1));\n"
    "UPDATE audit_head SET genesis_pending = 1 WHERE NOT EXISTS (SELECT 1 FROM audit_log\n"
    "  WHERE object = 'audit:genesis' AND action = 'audit_genesis');\n",
    NULL,
};

/* 10: the partnership's settings (store/setting.h, docs/store.md "setting"): named values the
 * CLI and the web service both apply, set by 'safeguard config set' (audited). The range of
 * each name is checked in setting.c; the CHECK here only keeps values whole numbers. */
static const char *const migration_settings[] = {
    "CREATE TABLE setting (\n"
    "  name TEXT PRIMARY KEY,\n"
    "  value INTEGER NOT NULL,\n"
    "  set_at TEXT NOT NULL,\n"
    "  set_by TEXT NOT NULL\n"
    ") STRICT;\n",
    NULL,
};
/* 11: duplicates per agency (docs/store.md, "Duplicates"): submission.sha256 was UNIQUE for the
 * whole store, so an agency data owner uploading an exact copy of another agency's return was
 * told it was "already received as submission N". The same file may now be stored once per
 * agency: UNIQUE (sha256, agency), sha256 first so that a lookup by checksum alone (the sweep,
 * the unscoped duplicate check) still uses the index. A UNIQUE column constraint cannot be
 * dropped, so the table is rebuilt (SQLite's "other kinds of table schema changes"): ids are
 * kept, so every reference to a submission still holds. sg_schema_migrate turns foreign keys
 * off around the migrations and runs foreign_key_check before the COMMIT; legacy_alter_table
 * lets the new table take the old name although the live_* views name it (they are not
 * rewritten and read the new table by name). Both copies of a file share its original
 * (content-addressed), which the sweep keeps while any submission names it. */
static const char *const migration_dup_per_agency[] = {
    "PRAGMA legacy_alter_table = ON;\n"
    "CREATE TABLE submission_v11 (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  agency TEXT NOT NULL CHECK (length(agency) BETWEEN 1 AND 63),\n"
    "  format TEXT NOT NULL CHECK (length(format) BETWEEN 1 AND 63),\n"
    "  period TEXT NOT NULL CHECK (length(period) BETWEEN 1 AND 31),\n"
    "  file_name TEXT NOT NULL,\n"
    "  sha256 TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),\n"
    "  user TEXT NOT NULL,\n"
    "  imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))\n"
    "    CHECK (imported_at GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]"
    "T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]Z'),\n"
    "  rows_read INTEGER NOT NULL DEFAULT 0 CHECK (rows_read >= 0),\n"
    "  rows_accepted INTEGER NOT NULL DEFAULT 0 CHECK (rows_accepted >= 0),\n"
    "  rows_rejected INTEGER NOT NULL DEFAULT 0 CHECK (rows_rejected >= 0),\n"
    "  superseded_by INTEGER REFERENCES submission(id) CHECK (superseded_by <> id),\n"
    "  UNIQUE (sha256, agency)\n"
    ") STRICT;\n"
    "INSERT INTO submission_v11 (id, agency, format, period, file_name, sha256, user,\n"
    "    imported_at, rows_read, rows_accepted, rows_rejected, superseded_by)\n"
    "  SELECT id, agency, format, period, file_name, sha256, user,\n"
    "    imported_at, rows_read, rows_accepted, rows_rejected, superseded_by FROM submission;\n"
    "DROP TABLE submission;\n"
    "ALTER TABLE submission_v11 RENAME TO submission;\n"
    "CREATE INDEX submission_key ON submission(agency, period, format, superseded_by);\n"
    "PRAGMA legacy_alter_table = OFF;\n",
    NULL,
};

/* 12: partner returns (ingest/partner_return.c, indicators/partner.h, docs/formats/partner.md):
 * one row per value an organisation returned for a measure of the partnership's catalogue, a
 * period and an optional breakdown category ('' = the whole measure). A return is a submission
 * (agency = the organisation's short name, format partner, CSV or .xlsx alike), so a resubmission
 * for the same organisation and period supersedes the earlier one and both stay (history);
 * live_partner_value holds the values of the latest accepted returns. sheet and cols locate
 * an .xlsx return's cells for messages. */
static const char *const migration_partner_values[] = {
    REC_TABLE("partner_value", "",
              "organisation TEXT NOT NULL CHECK (length(organisation) BETWEEN 1 AND 63),\n"
              "  period TEXT NOT NULL CHECK (length(period) BETWEEN 1 AND 31),\n"
              "  measure TEXT NOT NULL CHECK (length(measure) BETWEEN 1 AND 63),\n"
              "  breakdown TEXT NOT NULL DEFAULT '' CHECK (length(breakdown) <= 63),\n"
              "  value REAL, numerator REAL, denominator REAL,\n"
              "  text TEXT, explanation TEXT,\n"
              "  sheet TEXT, cols TEXT")
    "CREATE INDEX partner_value_measure ON partner_value(measure, period);\n",
    NULL,
};
/* 13: when a partner return was received (registers/return_calendar.h): the day the business
 * unit received it, when that is not the day it was imported (a return e-mailed on the due day
 * and imported later; the generator's returns). A submission with no row here was received on
 * the day of its imported_at. */
static const char *const migration_return_receipt[] = {
    "CREATE TABLE return_receipt (\n"
    "  submission_id INTEGER PRIMARY KEY REFERENCES submission(id),\n"
    "  received_on TEXT NOT NULL CHECK (received_on GLOB "
    "'[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]')\n"
    ") STRICT;\n",
    NULL,
};
/* 14: partner returns that were refused (registers/return_calendar.h, queries raised): the
 * import rolls back, so the attempt is recorded after it, in its own transaction - who sent
 * which file for which organisation and period, when, and the problems to fix (partner returns
 * hold no child identifier). */
static const char *const migration_return_refusal[] = {
    "CREATE TABLE return_refusal (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  organisation TEXT NOT NULL CHECK (length(organisation) BETWEEN 1 AND 63),\n"
    "  period TEXT NOT NULL CHECK (length(period) BETWEEN 1 AND 31),\n"
    "  file TEXT NOT NULL,\n"
    "  refused_at TEXT NOT NULL,\n"
    "  received_on TEXT NOT NULL CHECK (received_on GLOB "
    "'[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),\n"
    "  username TEXT NOT NULL,\n"
    "  problems INTEGER NOT NULL CHECK (problems >= 0),\n"
    "  detail TEXT NOT NULL\n"
    ") STRICT;\n"
    "CREATE INDEX return_refusal_org ON return_refusal(organisation, period);\n",
    NULL,
};
/* clang-format on */

/* Append new migrations at the end; never reorder or edit a released one. */
static const char *const *const migrations[] = {migration_1,
                                                migration_2,
                                                migration_registers,
                                                migration_lado_register,
                                                migration_targets,
                                                migration_access,
                                                migration_totp_algorithm,
                                                migration_keyed_names,
                                                migration_audit_genesis,
                                                migration_settings,
                                                migration_dup_per_agency,
                                                migration_partner_values,
                                                migration_return_receipt,
                                                migration_return_refusal};
#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

static const char *const tables[SG_REC__COUNT] = {
    "child_detail", "contact",      "early_help",      "referral", "assessment",
    "strategy",     "s47",          "cin_plan",        "cp_plan",  "cp_review",
    "cla_episode",  "cla_review",   "missing_episode", "lado",     "police_event",
    "population",   "extra_record", "partner_value",
};

const char *sg_store_table(sg_rec_type t)
{
    return t >= 0 && t < SG_REC__COUNT ? tables[t] : NULL;
}

int sg_schema_latest(void)
{
    return N_MIGRATIONS;
}

int sg_store_dberr(sqlite3 *db, sg_error *err, const char *what)
{
    return sg_err(err, SG_EDB, "%s: %s", what, db ? sqlite3_errmsg(db) : "no database");
}

/* Reads a single-integer PRAGMA. */
static int pragma_int(sqlite3 *db, const char *sql, int *out, sg_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot read the schema version");
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int(st, 0);
        rc = SG_OK;
    } else {
        rc = sg_store_dberr(db, err, "cannot read the schema version");
    }
    sqlite3_finalize(st);
    return rc;
}

static int exec(sqlite3 *db, const char *sql, sg_error *err, const char *what)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK) return SG_OK;
    sg_err(err, SG_EDB, "%s: %s", what, msg ? msg : sqlite3_errmsg(db));
    sqlite3_free(msg);
    return SG_EDB;
}

/* Refuses databases that are not ours or are newer than this code. */
static int check_version(sqlite3 *db, int version, sg_error *err)
{
    int app = 0;
    int rc = pragma_int(db, "PRAGMA application_id", &app, err);
    if (rc) return rc;
    if ((version > 0 || app != 0) && app != SG_APPLICATION_ID)
        return sg_err(err, SG_ECONFLICT,
                      "the database is not a safeguard store (application_id %d)", app);
    if (version > N_MIGRATIONS)
        return sg_err(err, SG_ECONFLICT,
                      "the store has schema version %d but this safeguard (release %s) only knows "
                      "schema versions up to %d: install a newer safeguard release to use it "
                      "(the store was not changed)",
                      version, sg_version(), N_MIGRATIONS);
    return SG_OK;
}

int sg_schema_check(sqlite3 *db, int *version, sg_error *err)
{
    *version = 0;
    int rc = pragma_int(db, "PRAGMA user_version", version, err);
    if (rc) return rc;
    return check_version(db, *version, err);
}

/* The migrations' foreign key check: a migration that rebuilds a table (11) runs with foreign
 * keys off, so before the COMMIT every reference must still hold. */
static int fk_check(sqlite3 *db, sg_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot check the migrated store's references");
    int step = sqlite3_step(st);
    int rc = SG_OK;
    if (step == SQLITE_ROW)
        rc = sg_err(err, SG_EDB, "the migrations left a broken reference (table %s, row %lld)",
                    (const char *)sqlite3_column_text(st, 0),
                    (long long)sqlite3_column_int64(st, 1));
    else if (step != SQLITE_DONE)
        rc = sg_store_dberr(db, err, "cannot check the migrated store's references");
    sqlite3_finalize(st);
    return rc;
}

static int migrate_locked(sqlite3 *db, sg_schema_before_fn before, void *ctx, sg_error *err);

int sg_schema_migrate(sqlite3 *db, sg_schema_before_fn before, void *ctx, sg_error *err)
{
    int version = 0;
    int rc = sg_schema_check(db, &version, err);
    if (rc) return rc;
    /* The common case writes nothing at all. */
    if (version >= N_MIGRATIONS) return SG_OK;
    /* Foreign keys off while migrating (a no-op inside a transaction, so here): rebuilding a
     * table that others reference means dropping it, which foreign keys would refuse.
     * fk_check stands in for them before the COMMIT; they are back on after, whatever
     * happened. */
    int fk = 0;
    if ((rc = pragma_int(db, "PRAGMA foreign_keys", &fk, err))) return rc;
    if (fk && (rc = exec(db, "PRAGMA foreign_keys = OFF", err, "cannot start a migration")))
        return rc;
    rc = migrate_locked(db, before, ctx, err);
    /* migration 11 turns it on and off again, but a failure in between would leave it on */
    sqlite3_exec(db, "PRAGMA legacy_alter_table = OFF", NULL, NULL, NULL);
    if (fk) {
        sg_error e2;
        sg_error_clear(&e2);
        int on = exec(db, "PRAGMA foreign_keys = ON", &e2, "cannot turn foreign keys back on");
        if (!rc && on) {
            *err = e2;
            rc = on;
        }
    }
    return rc;
}

static int migrate_locked(sqlite3 *db, sg_schema_before_fn before, void *ctx, sg_error *err)
{
    int version = 0, rc;
    if ((rc = exec(db, "BEGIN IMMEDIATE", err, "cannot start a migration"))) return rc;
    /* Another process may have migrated between our read and our lock. */
    if ((rc = sg_schema_check(db, &version, err))) goto fail;
    if (version >= N_MIGRATIONS) {
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        return SG_OK;
    }
    /* Nothing has been written yet, so a reader sees exactly the store as it was. */
    if (version > 0 && before && (rc = before(ctx, version, N_MIGRATIONS, err))) goto fail;
    for (int v = version; v < N_MIGRATIONS; v++) {
        char what[64];
        snprintf(what, sizeof what, "migration %d failed", v + 1);
        for (const char *const *part = migrations[v]; *part; part++)
            if ((rc = exec(db, *part, err, what))) goto fail;
    }
    char bump[64];
    snprintf(bump, sizeof bump, "PRAGMA user_version = %d", N_MIGRATIONS);
    if ((rc = fk_check(db, err)) ||
        (rc = exec(db, bump, err, "cannot record the schema version")) ||
        (rc = exec(db, "COMMIT", err, "cannot commit the migrations")))
        goto fail;
    return SG_OK;
fail:
    if (!sqlite3_get_autocommit(db)) sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* lado_views.c - the LADO register over the store's `lado` table: validation (the agency/lado
 * template's columns as an sg_register), add and update into the standing "register/lado"
 * submission with the lado_change log, loading the effective cases, CSV export, and the
 * computed views. SQL text is fixed; values are always bound. */
#include "registers/lado_views.h"

#include "core/clock.h"
#include "core/digest.h"
#include "core/mem.h"
#include "core/num.h"
#include "core/period.h"
#include "registers/view.h"
#include "store/export.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const sg_reg_code kinds[] = {
    {"CONTACT", "a contact: advice or information, no referral made"},
    {"REFERRAL", "a referral meeting the threshold for LADO involvement"},
    {NULL, NULL},
};

static const sg_reg_code sectors[] = {
    {"EDUCATION", "schools and colleges"},
    {"EARLY_YEARS", "nurseries, childminders"},
    {"HEALTH", "health services"},
    {"SOCIAL_CARE", "social care"},
    {"POLICE", "police"},
    {"FOSTER_CARE", "foster carers"},
    {"RESIDENTIAL", "children's homes, residential settings"},
    {"VOLUNTARY", "voluntary and community organisations"},
    {"FAITH", "faith settings"},
    {"SPORT", "sport and leisure"},
    {"TRANSPORT", "transport (taxis, escorts)"},
    {"OTHER", "any other employment"},
    {NULL, NULL},
};

static const sg_reg_code categories[] = {
    {"PHYSICAL", "physical abuse"},
    {"SEXUAL", "sexual abuse"},
    {"EMOTIONAL", "emotional abuse"},
    {"NEGLECT", "neglect"},
    {"SUITABILITY", "suitability to work with children (transferable risk)"},
    {NULL, NULL},
};

static const sg_reg_code outcomes[] = {
    {"SUBSTANTIATED", "sufficient evidence to prove the allegation"},
    {"UNSUBSTANTIATED", "insufficient evidence either to prove or disprove it"},
    {"UNFOUNDED", "no evidence or basis supporting it"},
    {"MALICIOUS", "sufficient evidence to disprove it and a deliberate act to deceive"},
    {"FALSE", "sufficient evidence to disprove it"},
    {"THRESHOLD_NOT_MET", "it did not meet the threshold for LADO involvement"},
    {"ONGOING", "not yet concluded"},
    {NULL, NULL},
};

/* Template column, then the `lado` table column it is stored in. */
static const sg_reg_col cols[] = {
    {.name = "lado_ref",
     .type = SG_RT_TEXT,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .max = 40,
     .doc = "the LADO's case reference (a case number, never a name)"},
    {.name = "kind",
     .type = SG_RT_ENUM,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .codes = kinds,
     .doc = "contact or referral"},
    {.name = "received_date",
     .type = SG_RT_DATE,
     .flags = SG_RF_REQUIRED | SG_RF_PAST | SG_RF_BRIEF,
     .doc = "when the LADO received it"},
    {.name = "referring_agency",
     .type = SG_RT_AGENCY,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .doc = "who referred it (agency code)"},
    {.name = "employment_sector",
     .type = SG_RT_ENUM,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .codes = sectors,
     .doc = "where the adult works"},
    {.name = "category",
     .type = SG_RT_ENUM,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .codes = categories,
     .doc = "the category of the allegation"},
    {.name = "initial_strategy_date",
     .type = SG_RT_DATE,
     .flags = SG_RF_PAST,
     .not_before = "received_date",
     .doc = "the initial strategy meeting; blank if none"},
    {.name = "concluded_date",
     .type = SG_RT_DATE,
     .flags = SG_RF_PAST,
     .not_before = "received_date",
     .doc = "when it concluded; blank while open"},
    {.name = "outcome",
     .type = SG_RT_ENUM,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .codes = outcomes,
     .doc = "the outcome (ONGOING while open)"},
};
#define NCOLS ((int)(sizeof cols / sizeof cols[0]))
static const char *const db_cols[NCOLS] = {
    "ref",      "kind",          "received_date",  "referring_agency", "sector",
    "category", "strategy_date", "concluded_date", "outcome",
};

/* Concluded exactly when the outcome is not ONGOING. */
static int check(const sg_register *reg, const sg_reg_record *rec, sg_error *err)
{
    (void)reg;
    const char *o = sg_reg_get(rec, "outcome");
    bool ongoing = o && strcmp(o, "ONGOING") == 0, concluded = sg_reg_get(rec, "concluded_date");
    if (o && ongoing && concluded)
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "outcome",
                         "outcome ONGOING with a concluded_date: give the outcome");
    if (o && !ongoing && !concluded)
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "concluded_date",
                         "concluded_date is required with outcome %s", o);
    return SG_OK;
}

static int view_years(sg_store *s, const sg_register *reg, const sg_reg_view_opts *o,
                      sg_view_doc *out, sg_error *err);
static int view_breakdown(sg_store *s, const sg_register *reg, const sg_reg_view_opts *o,
                          sg_view_doc *out, sg_error *err);
static int view_timescales(sg_store *s, const sg_register *reg, const sg_reg_view_opts *o,
                           sg_view_doc *out, sg_error *err);

static const sg_reg_view views[] = {
    {"years", "contacts, referrals and conclusions for every financial year", view_years},
    {"breakdown", "% by referring agency, employment sector, category and outcome (--year Y)",
     view_breakdown},
    {"timescales", "time from received to concluded in bands, cases concluded in --year Y",
     view_timescales},
};

const sg_register sg_reg_lado = {
    .name = "lado",
    .title = "LADO allegations (contacts and referrals)",
    .doc = "Allegations against adults who work with children. Returned as agency/lado files or "
           "entered here; both are rows of the store's lado table.",
    .cols = cols,
    .ncols = NCOLS,
    .views = views,
    .nviews = (int)(sizeof views / sizeof views[0]),
    .check = check,
};

/* ---- loading ---- */

#define EFFECTIVE_SQL                                                                              \
    "SELECT l.id, l.submission_id, s.format = '" SG_LADO_FORMAT "', l.ref, l.kind,"                \
    " l.received_date, l.referring_agency, l.sector, l.category, l.strategy_date,"                 \
    " l.concluded_date, l.outcome FROM live_lado l JOIN submission s ON s.id = l.submission_id"    \
    " WHERE l.ref IS NULL OR NOT EXISTS (SELECT 1 FROM live_lado m WHERE m.ref = l.ref AND"        \
    " (m.submission_id > l.submission_id OR (m.submission_id = l.submission_id AND"                \
    " m.id > l.id)))"

static void col_copy(sqlite3_stmt *st, int c, char *out, size_t outsz)
{
    const char *v = (const char *)sqlite3_column_text(st, c);
    sg_strlcpy(out, v ? v : "", outsz);
}

static sg_date col_date(sqlite3_stmt *st, int c)
{
    const char *v = (const char *)sqlite3_column_text(st, c);
    return v ? sg_date_parse_iso(v, strlen(v)) : SG_DATE_NONE;
}

int sg_lado_load(sg_store *s, sg_lado_case **out, size_t *n, sg_error *err)
{
    *out = NULL;
    *n = 0;
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, EFFECTIVE_SQL " ORDER BY l.received_date, l.ref, l.id", -1, &st,
                           NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot read LADO cases");
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            *out = xrealloc(*out, cap * sizeof **out);
        }
        sg_lado_case *c = &(*out)[(*n)++];
        memset(c, 0, sizeof *c);
        c->id = sqlite3_column_int64(st, 0);
        c->submission = sqlite3_column_int64(st, 1);
        c->from_register = sqlite3_column_int(st, 2) != 0;
        col_copy(st, 3, c->ref, sizeof c->ref);
        col_copy(st, 4, c->kind, sizeof c->kind);
        c->received = col_date(st, 5);
        col_copy(st, 6, c->agency, sizeof c->agency);
        col_copy(st, 7, c->sector, sizeof c->sector);
        col_copy(st, 8, c->category, sizeof c->category);
        c->strategy = col_date(st, 9);
        c->concluded = col_date(st, 10);
        col_copy(st, 11, c->outcome, sizeof c->outcome);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        free(*out);
        *out = NULL;
        *n = 0;
        return sg_store_dberr(db, err, "cannot read LADO cases");
    }
    return SG_OK;
}

int sg_lado_export_csv(sg_store *s, FILE *out, sg_error *err)
{
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, EFFECTIVE_SQL " ORDER BY l.received_date, l.ref, l.id", -1, &st,
                           NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot read LADO cases");
    /* Template order: the result's columns 3.. are ref, kind, received, agency, sector,
     * category, strategy, concluded, outcome. */
    for (int c = 0; c < NCOLS; c++)
        fprintf(out, "%s%s", c ? "," : "", cols[c].name);
    fputs("\r\n", out);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (int c = 0; c < NCOLS; c++) {
            if (c) fputc(',', out);
            const char *v = (const char *)sqlite3_column_text(st, 3 + c);
            if (v) sg_export_cell(out, v, (size_t)sqlite3_column_bytes(st, 3 + c));
        }
        fputs("\r\n", out);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return sg_store_dberr(db, err, "cannot read LADO cases");
    if (fflush(out) != 0 || ferror(out)) return sg_err(err, SG_EIO, "cannot write the export");
    return SG_OK;
}

/* ---- add and update ---- */

static int col_of(const char *name)
{
    for (int i = 0; i < NCOLS; i++)
        if (strcmp(cols[i].name, name) == 0) return i;
    return -1;
}

/* Validates fields onto rec (which holds the current values for an update). */
static int apply(sg_reg_record *rec, const sg_reg_field *fields, size_t n, bool *present,
                 sg_error *err)
{
    sg_date today = sg_date_today();
    char canon[SG_REG_TEXT_MAX + 1];
    for (size_t i = 0; i < n; i++) {
        int c = fields[i].name ? col_of(fields[i].name) : -1;
        if (c < 0)
            return sg_err_at(err, SG_EINVAL, NULL, 0, 0, fields[i].name,
                             "the LADO register has no field '%.60s'",
                             fields[i].name ? fields[i].name : "");
        if (present[c])
            return sg_err_at(err, SG_EINVAL, NULL, 0, 0, cols[c].name, "%s is given twice",
                             cols[c].name);
        present[c] = true;
        int rc = sg_reg_canon(&sg_reg_lado, &cols[c], fields[i].value ? fields[i].value : "", false,
                              NULL, today, canon, sizeof canon, err);
        if (rc) {
            if (err) sg_strlcpy(err->field, cols[c].name, sizeof err->field);
            return rc;
        }
        sg_reg_record_put(rec, cols[c].name, canon);
    }
    return SG_OK;
}

/* Required fields, not_before and the cross-field rule. */
static int validate(const sg_reg_record *rec, sg_error *err)
{
    for (int c = 0; c < NCOLS; c++) {
        const char *v = sg_reg_get(rec, cols[c].name);
        if (!v && (cols[c].flags & (SG_RF_REQUIRED | SG_RF_KEY)))
            return sg_err_at(err, SG_EINVAL, NULL, 0, 0, cols[c].name, "%s is required",
                             cols[c].name);
        if (v && strchr(v, '/') && (cols[c].flags & SG_RF_KEY))
            return sg_err_at(err, SG_EINVAL, NULL, 0, 0, cols[c].name, "%s may not contain '/'",
                             cols[c].name);
        if (v && cols[c].not_before) {
            sg_date d = sg_reg_get_date(rec, cols[c].name),
                    b = sg_reg_get_date(rec, cols[c].not_before);
            if (b != SG_DATE_NONE && d < b)
                return sg_err_at(err, SG_EINVAL, NULL, 0, 0, cols[c].name, "%s %s is before %s %s",
                                 cols[c].name, v, cols[c].not_before,
                                 sg_reg_get(rec, cols[c].not_before));
        }
    }
    return check(&sg_reg_lado, rec, err);
}

static int step_done(sqlite3 *db, sqlite3_stmt *st, sg_error *err, const char *what)
{
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return sg_store_dberr(db, err, what);
    return SG_OK;
}

/* The standing submission that register entries belong to, created on first use. */
static int register_submission(sg_store *s, const char *user, int64_t *id, sg_error *err)
{
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    char plain[SG_SHA256_HEX], sha[SG_SHA256_HEX];
    static const char tag[] = "safeguard:" SG_LADO_FORMAT;
    sg_sha256_buf(tag, sizeof tag - 1, plain);
    sg_store_keyed_digest(s, plain, sha); /* as every submission's (docs/store.md) */
    /* The format too: since duplicates are per agency (store migration 11) the checksum alone
     * no longer names one submission. */
    if (sqlite3_prepare_v2(db,
                           "SELECT id FROM submission WHERE sha256 = ? AND format = ?"
                           " ORDER BY id LIMIT 1",
                           -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot find the LADO register submission");
    sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, SG_LADO_FORMAT, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        return SG_OK;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return sg_store_dberr(db, err, "cannot find the LADO submission");
    return sg_submission_create(s, "LADO", SG_LADO_FORMAT, "register", "(LADO register)", sha, user,
                                id, err);
}

static int log_change(sqlite3 *db, int64_t lado_id, const char *ref, const char *user,
                      const char *action, const char *field, const char *ov, const char *nv,
                      sg_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO lado_change (lado_id, ref, at, user, action, field, "
                           "old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot log a LADO change");
    char now[24];
    sg_utc_stamp((int64_t)time(NULL), now, sizeof now, NULL);
    sqlite3_bind_int64(st, 1, lado_id);
    sqlite3_bind_text(st, 2, ref, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, user, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, action, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, field, -1, SQLITE_STATIC);
    if (ov) sqlite3_bind_text(st, 7, ov, -1, SQLITE_STATIC);
    if (nv) sqlite3_bind_text(st, 8, nv, -1, SQLITE_STATIC);
    int rc = step_done(db, st, err, "cannot log a LADO change");
    sqlite3_finalize(st);
    return rc;
}

static int check_user(const char *user, sg_error *err)
{
    size_t n = user ? strlen(user) : 0;
    if (n == 0 || n >= SG_REG_USER_MAX)
        return sg_err(err, SG_EINVAL, "a user (1..%d characters) is required for every change",
                      SG_REG_USER_MAX - 1);
    return SG_OK;
}

/* The effective live case with ref: its row id and whether it is a register entry. */
static int find_case(sqlite3 *db, const char *ref, int64_t *id, int64_t *sub, bool *reg_entry,
                     sg_error *err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, EFFECTIVE_SQL " AND l.ref = ?", -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot read LADO cases");
    sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
    int rc = sg_store_step_row(st, "cannot read LADO cases", err);
    if (rc == SG_OK) {
        *id = sqlite3_column_int64(st, 0);
        *sub = sqlite3_column_int64(st, 1);
        *reg_entry = sqlite3_column_int(st, 2) != 0;
    }
    sqlite3_finalize(st);
    return rc;
}

static void bind_opt(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

int sg_lado_add(sg_store *s, const sg_reg_field *fields, size_t n, const char *user, sg_error *err)
{
    int rc = check_user(user, err);
    if (rc) return rc;
    sqlite3 *db = sg_store_db(s);
    sg_reg_record rec;
    sg_reg_record_init(&rec, &sg_reg_lado);
    bool present[NCOLS] = {0}, owned = false;
    sqlite3_stmt *st = NULL;
    if ((rc = apply(&rec, fields, n, present, err)) || (rc = validate(&rec, err))) goto out;
    if ((rc = sg_store_tx_begin(s, &owned, err))) goto out;
    const char *ref = sg_reg_get(&rec, "lado_ref");
    int64_t id = 0, sub = 0;
    bool entry = false;
    rc = find_case(db, ref, &id, &sub, &entry, err);
    if (rc == SG_OK) {
        rc = sg_err_at(err, SG_ECONFLICT, NULL, 0, 0, "lado_ref",
                       "a live LADO case already has reference '%s' (submission %lld): use "
                       "update or a corrected return",
                       ref, (long long)sub);
        goto done;
    }
    if (rc != SG_ENOTFOUND) goto done;
    if ((rc = register_submission(s, user, &sub, err))) goto done;
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO lado (submission_id, child_id, line, ref, kind, "
                           "received_date, referring_agency, sector, category, strategy_date, "
                           "concluded_date, outcome) VALUES (?, NULL, 0, ?, ?, ?, ?, ?, ?, ?, "
                           "?, ?)",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = sg_store_dberr(db, err, "cannot add the LADO case");
        goto done;
    }
    sqlite3_bind_int64(st, 1, sub);
    for (int c = 0; c < NCOLS; c++)
        bind_opt(st, 2 + c, sg_reg_get(&rec, cols[c].name));
    if ((rc = step_done(db, st, err, "cannot add the LADO case"))) goto done;
    id = sqlite3_last_insert_rowid(db);
    for (int c = 0; c < NCOLS && !rc; c++) {
        const char *v = sg_reg_get(&rec, cols[c].name);
        if (v) rc = log_change(db, id, ref, user, "add", cols[c].name, NULL, v, err);
    }
    /* The standing submission's counts follow its rows. */
    if (!rc &&
        sqlite3_exec(
            db,
            "UPDATE submission SET rows_read = (SELECT count(*) FROM lado WHERE "
            "submission_id = submission.id), rows_accepted = (SELECT count(*) "
            "FROM lado WHERE submission_id = submission.id) WHERE format = '" SG_LADO_FORMAT "'",
            NULL, NULL, NULL) != SQLITE_OK)
        rc = sg_store_dberr(db, err, "cannot count the LADO register's cases");
done:
    sqlite3_finalize(st);
    rc = sg_store_tx_end(s, owned, rc, err);
out:
    sg_reg_record_fini(&rec);
    return rc;
}

int sg_lado_update(sg_store *s, const char *ref, const sg_reg_field *fields, size_t n,
                   const char *user, int *changed, sg_error *err)
{
    if (changed) *changed = 0;
    int rc = check_user(user, err);
    if (rc) return rc;
    sqlite3 *db = sg_store_db(s);
    sg_reg_record old, rec;
    sg_reg_record_init(&old, &sg_reg_lado);
    sg_reg_record_init(&rec, &sg_reg_lado);
    bool present[NCOLS] = {0}, owned = false;
    sqlite3_stmt *st = NULL;
    if ((rc = sg_store_tx_begin(s, &owned, err))) goto out;
    int64_t id = 0, sub = 0;
    bool entry = false;
    rc = find_case(db, ref ? ref : "", &id, &sub, &entry, err);
    if (rc == SG_ENOTFOUND) {
        rc = sg_err_at(err, SG_ENOTFOUND, NULL, 0, 0, "lado_ref",
                       "no live LADO case has reference '%.60s'", ref ? ref : "");
        goto done;
    }
    if (rc) goto done;
    if (!entry) {
        rc = sg_err_at(err, SG_ECONFLICT, NULL, 0, 0, "lado_ref",
                       "LADO case '%.60s' comes from return submission %lld: correct it by "
                       "sending a corrected return",
                       ref, (long long)sub);
        goto done;
    }
    /* The current values, then the changes on top. */
    if (sqlite3_prepare_v2(db,
                           "SELECT ref, kind, received_date, referring_agency, sector, category, "
                           "strategy_date, concluded_date, outcome FROM lado WHERE id = ?",
                           -1, &st, NULL) != SQLITE_OK ||
        sqlite3_bind_int64(st, 1, id) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
        rc = sg_store_dberr(db, err, "cannot read the LADO case");
        goto done;
    }
    for (int c = 0; c < NCOLS; c++) {
        const char *v = (const char *)sqlite3_column_text(st, c);
        sg_reg_record_put(&old, cols[c].name, v);
        sg_reg_record_put(&rec, cols[c].name, v);
    }
    sqlite3_finalize(st);
    st = NULL;
    if ((rc = apply(&rec, fields, n, present, err))) goto done;
    if (present[0] &&
        strcmp(sg_reg_get(&rec, "lado_ref") ? sg_reg_get(&rec, "lado_ref") : "", ref) != 0) {
        rc = sg_err_at(err, SG_EINVAL, NULL, 0, 0, "lado_ref",
                       "lado_ref is the key and cannot be changed");
        goto done;
    }
    if ((rc = validate(&rec, err))) goto done;
    for (int c = 1; c < NCOLS && !rc; c++) {
        const char *ov = sg_reg_get(&old, cols[c].name), *nv = sg_reg_get(&rec, cols[c].name);
        if ((!ov && !nv) || (ov && nv && strcmp(ov, nv) == 0)) continue;
        char sql[128];
        snprintf(sql, sizeof sql, "UPDATE lado SET %s = ? WHERE id = ?", db_cols[c]);
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
            rc = sg_store_dberr(db, err, "cannot update the LADO case");
            break;
        }
        bind_opt(st, 1, nv);
        sqlite3_bind_int64(st, 2, id);
        rc = step_done(db, st, err, "cannot update the LADO case");
        sqlite3_finalize(st);
        st = NULL;
        if (!rc) rc = log_change(db, id, ref, user, "update", cols[c].name, ov, nv, err);
        if (!rc && changed) (*changed)++;
    }
done:
    sqlite3_finalize(st);
    rc = sg_store_tx_end(s, owned, rc, err);
out:
    sg_reg_record_fini(&old);
    sg_reg_record_fini(&rec);
    return rc;
}

int sg_lado_log_each(sg_store *s, const char *ref, sg_reg_change_fn fn, void *ctx, sg_error *err)
{
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT id, ref, at, user, action, field, old_value, new_value FROM "
                           "lado_change WHERE ?1 IS NULL OR ref = ?1 ORDER BY id",
                           -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot read the LADO change log");
    bind_opt(st, 1, ref);
    int rc, ret = SG_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        sg_reg_change ch = {
            .id = sqlite3_column_int64(st, 0),
            .reg = "lado",
            .key = (const char *)sqlite3_column_text(st, 1),
            .at = (const char *)sqlite3_column_text(st, 2),
            .user = (const char *)sqlite3_column_text(st, 3),
            .action = (const char *)sqlite3_column_text(st, 4),
            .field = (const char *)sqlite3_column_text(st, 5),
            .old_value = (const char *)sqlite3_column_text(st, 6),
            .new_value = (const char *)sqlite3_column_text(st, 7),
        };
        if ((ret = fn(ctx, &ch)) != 0) break;
    }
    if (!ret && rc != SQLITE_DONE) ret = sg_store_dberr(db, err, "cannot read the change log");
    sqlite3_finalize(st);
    return ret;
}

/* ---- computed ---- */

static const char *const band_labels[SG_LADO__BANDS] = {
    "under 1 month", "1 to under 3 months", "3 to under 12 months", "12 months or more"};

const char *sg_lado_band_label(sg_lado_band b)
{
    return b >= 0 && b < SG_LADO__BANDS ? band_labels[b] : "";
}

sg_lado_band sg_lado_band_of(sg_date r, sg_date c)
{
    if (c < sg_date_add_months(r, 1)) return SG_LADO_LT1M;
    if (c < sg_date_add_months(r, 3)) return SG_LADO_LT3M;
    if (c < sg_date_add_months(r, 12)) return SG_LADO_LT12M;
    return SG_LADO_12MPLUS;
}

/* Counts code into t: listed codes in list order (the table is laid out with every listed
 * code first), unlisted ones after, as met; overflow into "(other codes)". */
static void tally_init(sg_lado_tally *t, const sg_reg_code *list)
{
    memset(t, 0, sizeof *t);
    for (int i = 0; list[i].code && t->n < SG_LADO_MAX_CODES - 1; i++)
        sg_strlcpy(t->s[t->n++].code, list[i].code, sizeof t->s[0].code);
}

static void tally_add(sg_lado_tally *t, const char *code)
{
    const char *c = *code ? code : "(blank)";
    for (int i = 0; i < t->n; i++)
        if (strcmp(t->s[i].code, c) == 0) {
            t->s[i].n++;
            return;
        }
    if (t->n < SG_LADO_MAX_CODES - 1) {
        sg_strlcpy(t->s[t->n].code, c, sizeof t->s[0].code);
        t->s[t->n++].n = 1;
        return;
    }
    if (t->n == SG_LADO_MAX_CODES - 1) sg_strlcpy(t->s[t->n++].code, "(other codes)", 40);
    t->s[SG_LADO_MAX_CODES - 1].n++;
}

static void tally_pct(sg_lado_tally *t, long total)
{
    for (int i = 0; i < t->n; i++)
        t->s[i].has_pct = sg_pct(t->s[i].n, total, &t->s[i].pct) == SG_OK;
}

int sg_lado_year_compute(const sg_lado_case *cases, size_t n, int year, sg_lado_year *out)
{
    memset(out, 0, sizeof *out);
    out->year = year;
    sg_date first, last;
    sg_reg_fy_bounds(year, &first, &last);
    tally_init(&out->agency, sg_reg_agencies);
    tally_init(&out->sector, sectors);
    tally_init(&out->category, categories);
    tally_init(&out->outcome, outcomes);
    for (size_t i = 0; i < n; i++) {
        const sg_lado_case *c = &cases[i];
        bool rec = c->received != SG_DATE_NONE;
        if (rec && c->received <= last && (c->concluded == SG_DATE_NONE || c->concluded > last))
            out->open_at_year_end++;
        if (rec && c->concluded != SG_DATE_NONE && c->concluded >= first && c->concluded <= last) {
            out->concluded++;
            out->band[sg_lado_band_of(c->received, c->concluded)]++;
        }
        if (!rec || c->received < first || c->received > last) continue;
        out->received++;
        if (strcmp(c->kind, "CONTACT") == 0) out->contacts++;
        if (strcmp(c->kind, "REFERRAL") == 0) out->referrals++;
        tally_add(&out->agency, c->agency);
        tally_add(&out->sector, c->sector);
        tally_add(&out->category, c->category);
        tally_add(&out->outcome, c->outcome);
    }
    tally_pct(&out->agency, out->received);
    tally_pct(&out->sector, out->received);
    tally_pct(&out->category, out->received);
    tally_pct(&out->outcome, out->received);
    out->has_band_pct = out->concluded > 0;
    for (int b = 0; b < SG_LADO__BANDS && out->has_band_pct; b++)
        sg_pct(out->band[b], out->concluded, &out->band_pct[b]);
    return SG_OK;
}

/* ---- views ---- */

static void row3(sg_tab *t, const char *label, long n, bool has, double pct)
{
    char v[24], p[32];
    snprintf(v, sizeof v, "%ld", n);
    if (has)
        sg_fmt1(pct, p);
    else
        snprintf(p, sizeof p, "-");
    const char *row[] = {label, v, p};
    sg_tab_row(t, row);
}

static void render_tally(sg_view_doc *out, const char *title, const sg_lado_tally *ta, long total)
{
    const char *head[] = {title, ">count", ">%"};
    char caption[64];
    snprintf(caption, sizeof caption, "By %s", title);
    sg_view_gap(out);
    sg_tab *t = sg_view_table(out, caption, 3, head);
    for (int i = 0; i < ta->n; i++)
        row3(t, ta->s[i].code, ta->s[i].n, ta->s[i].has_pct, ta->s[i].pct);
    row3(t, "total", total, total > 0, 100.0);
}

int sg_lado_view(sg_store *s, const char *name, const sg_reg_view_opts *in, sg_view_doc *out,
                 sg_error *err)
{
    sg_reg_view_opts o;
    sg_reg_view_defaults(in, &o);
    bool years = strcmp(name, "years") == 0, breakdown = strcmp(name, "breakdown") == 0,
         times = strcmp(name, "timescales") == 0;
    if (!years && !breakdown && !times)
        return sg_err(err, SG_ENOTFOUND, "the LADO register has no view '%.40s'", name);
    sg_lado_case *cases = NULL;
    size_t n = 0;
    int rc = sg_lado_load(s, &cases, &n, err);
    if (rc) return rc;
    sg_lado_year y;
    if (years) {
        int lo = 0, hi = 0;
        for (size_t i = 0; i < n; i++) {
            sg_date d[2] = {cases[i].received, cases[i].concluded};
            for (int k = 0; k < 2; k++) {
                if (d[k] == SG_DATE_NONE) continue;
                int fy = sg_reg_fy_of(d[k]);
                if (!lo || fy < lo) lo = fy;
                if (!hi || fy > hi) hi = fy;
            }
        }
        static const char *const head[] = {"year",       ">received",  ">contacts",
                                           ">referrals", ">concluded", ">open at year end"};
        sg_view_heading(out, 1,
                        "LADO contacts and referrals by financial year (received date; "
                        "concluded by concluded date)");
        sg_tab *t = sg_view_table(out, NULL, 6, head);
        for (int yr = lo; lo && yr <= hi; yr++) {
            sg_lado_year_compute(cases, n, yr, &y);
            char a[16], b[24], c[24], d[24], e[24], f[24];
            sg_fy_text(yr, a);
            snprintf(b, sizeof b, "%ld", y.received);
            snprintf(c, sizeof c, "%ld", y.contacts);
            snprintf(d, sizeof d, "%ld", y.referrals);
            snprintf(e, sizeof e, "%ld", y.concluded);
            snprintf(f, sizeof f, "%ld", y.open_at_year_end);
            const char *row[] = {a, b, c, d, e, f};
            sg_tab_row(t, row);
        }
    } else if (breakdown) {
        sg_lado_year_compute(cases, n, o.year, &y);
        sg_view_heading(out, 1,
                        "LADO cases received in %s: %ld (%ld contacts, %ld "
                        "referrals)",
                        sg_fy_text(o.year, (char[8]){0}), y.received, y.contacts, y.referrals);
        render_tally(out, "referring agency", &y.agency, y.received);
        render_tally(out, "employment sector", &y.sector, y.received);
        render_tally(out, "category", &y.category, y.received);
        render_tally(out, "outcome", &y.outcome, y.received);
    } else {
        sg_lado_year_compute(cases, n, o.year, &y);
        static const char *const head[] = {"time from received to concluded", ">cases", ">%"};
        sg_view_heading(out, 1,
                        "LADO cases concluded in %s by time taken (calendar months "
                        "from the received date); open at the year's end: %ld",
                        sg_fy_text(o.year, (char[8]){0}), y.open_at_year_end);
        sg_tab *t = sg_view_table(out, NULL, 3, head);
        for (int b = 0; b < SG_LADO__BANDS; b++)
            row3(t, band_labels[b], y.band[b], y.has_band_pct, y.band_pct[b]);
        row3(t, "total concluded", y.concluded, y.has_band_pct, 100.0);
    }
    sg_view_note(out, "A case reference in several live returns counts once (the newest). "
                      "%%: 1 decimal place, halves rounded away from zero.");
    free(cases);
    return sg_view_check(out, err);
}

static int view_years(sg_store *s, const sg_register *reg, const sg_reg_view_opts *o,
                      sg_view_doc *out, sg_error *err)
{
    (void)reg;
    return sg_lado_view(s, "years", o, out, err);
}

static int view_breakdown(sg_store *s, const sg_register *reg, const sg_reg_view_opts *o,
                          sg_view_doc *out, sg_error *err)
{
    (void)reg;
    return sg_lado_view(s, "breakdown", o, out, err);
}

static int view_timescales(sg_store *s, const sg_register *reg, const sg_reg_view_opts *o,
                           sg_view_doc *out, sg_error *err)
{
    (void)reg;
    return sg_lado_view(s, "timescales", o, out, err);
}

/* reg_store.c - the register engine's store half: add, update, get, load, CSV import and
 * export, and the change log, over the generic tables register_record and register_change
 * (migration "registers" in store/schema.c; docs/registers.md).
 *
 * Every write validates the whole record before anything is written, and writes one
 * change-log row per changed field in the same transaction as the change, so the log and the
 * records can never disagree. SQL text is fixed; values are always bound. */
#include "registers/register.h"
#include "registers/reg_internal.h"

#include "core/clock.h"
#include "core/mem.h"
#include "ingest/csv.h"
#include "store/export.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- small helpers ---- */

static int check_user(const char *user, sg_error *err)
{
    size_t n = user ? strlen(user) : 0;
    if (n == 0 || n >= SG_REG_USER_MAX)
        return sg_err(err, SG_EINVAL, "a user (1..%d characters) is required for every change",
                      SG_REG_USER_MAX - 1);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)user[i] < 0x20 || user[i] == 0x7f)
            return sg_err(err, SG_EINVAL, "the user name contains control characters");
    return SG_OK;
}

/* Where an input came from, for error locations. file NULL = typed on the command line. */
typedef struct loc {
    const char *file;
    long line;          /* physical line of the row, 0 when none */
    long row;           /* 1-based data row (header excluded), 0 when none */
    const long *column; /* column number per input field, or NULL */
} loc;

/* Adds the location to an error whose message is already set: the file, line, column and
 * field, and " (row N)" at the end of the message so that the data row is named too. */
static int locate(sg_error *err, const loc *l, long column, const char *field)
{
    if (!err) return SG_EINVAL;
    snprintf(err->file, sizeof err->file, "%s", l && l->file ? l->file : "");
    err->line = l ? l->line : 0;
    err->column = column;
    snprintf(err->field, sizeof err->field, "%s", field ? field : "");
    if (l && l->row > 0) {
        size_t n = strlen(err->msg);
        if (n < sizeof err->msg - 1)
            snprintf(err->msg + n, sizeof err->msg - n, " (row %ld)", l->row);
    }
    return err->code ? err->code : SG_EINVAL;
}

/* ---- the writer: prepared statements for one operation (one add, or a whole import) ---- */

typedef struct writer {
    sg_store *s;
    sqlite3 *db;
    const sg_register *reg;
    const char *user, *action, *source;
    sg_date today;
    char now[24];
    sqlite3_stmt *lookup, *insert, *update, *change, *exists;
} writer;

static void writer_init(writer *w, sg_store *s, const sg_register *reg, const char *user,
                        const char *action, const char *source)
{
    memset(w, 0, sizeof *w);
    w->s = s;
    w->db = sg_store_db(s);
    w->reg = reg;
    w->user = user;
    w->action = action;
    w->source = source;
    w->today = sg_date_today();
    sg_utc_stamp((int64_t)time(NULL), w->now, sizeof w->now, NULL);
}

static void writer_fini(writer *w)
{
    sqlite3_finalize(w->lookup);
    sqlite3_finalize(w->insert);
    sqlite3_finalize(w->update);
    sqlite3_finalize(w->change);
    sqlite3_finalize(w->exists);
}

static int prep(writer *w, sqlite3_stmt **st, const char *sql, sg_error *err)
{
    if (*st) {
        sqlite3_reset(*st);
        sqlite3_clear_bindings(*st);
        return SG_OK;
    }
    if (sqlite3_prepare_v2(w->db, sql, -1, st, NULL) != SQLITE_OK)
        return sg_store_dberr(w->db, err, "cannot prepare a register statement");
    return SG_OK;
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

/* Fills rec's values from a stored JSON object (unknown keys are ignored: a column removed
 * from a descriptor does not break loading). */
static int fill_from_json(sg_reg_record *rec, const char *json, sg_error *err)
{
    json_error_t je;
    json_t *o = json_loads(json ? json : "", 0, &je);
    if (!o || !json_is_object(o)) {
        json_decref(o);
        return sg_err(err, SG_EDB, "register %s record %s: stored fields are not a JSON object",
                      rec->reg->name, rec->key);
    }
    for (int i = 0; i < rec->reg->ncols; i++) {
        json_t *v = json_object_get(o, rec->reg->cols[i].name);
        free(rec->val[i]);
        rec->val[i] =
            json_is_string(v) && *json_string_value(v) ? xstrdup(json_string_value(v)) : NULL;
    }
    json_decref(o);
    sg_reg_record_rekey(rec);
    return SG_OK;
}

static void copy_text(char *dst, size_t n, const unsigned char *src)
{
    sg_strlcpy(dst, src ? (const char *)src : "", n);
}

/* Reads the current row of a "SELECT id, key, fields, created_at, created_by, updated_at,
 * updated_by" statement into rec. */
static int row_to_record(sqlite3_stmt *st, sg_reg_record *rec, sg_error *err)
{
    rec->id = sqlite3_column_int64(st, 0);
    int rc = fill_from_json(rec, (const char *)sqlite3_column_text(st, 2), err);
    copy_text(rec->created_at, sizeof rec->created_at, sqlite3_column_text(st, 3));
    copy_text(rec->created_by, sizeof rec->created_by, sqlite3_column_text(st, 4));
    copy_text(rec->updated_at, sizeof rec->updated_at, sqlite3_column_text(st, 5));
    copy_text(rec->updated_by, sizeof rec->updated_by, sqlite3_column_text(st, 6));
    return rc;
}

#define RECORD_COLS "id, key, fields, created_at, created_by, updated_at, updated_by"

/* Loads the record with key into rec (initialised by the caller). SG_ENOTFOUND when absent. */
static int lookup(writer *w, const char *key, sg_reg_record *rec, sg_error *err)
{
    int rc =
        prep(w, &w->lookup,
             "SELECT " RECORD_COLS " FROM register_record WHERE register = ?1 AND key = ?2", err);
    if (rc) return rc;
    bind_text(w->lookup, 1, w->reg->name);
    bind_text(w->lookup, 2, key);
    int step = sqlite3_step(w->lookup);
    if (step == SQLITE_DONE) return SG_ENOTFOUND;
    if (step != SQLITE_ROW) return sg_store_dberr(w->db, err, "cannot read a register record");
    return row_to_record(w->lookup, rec, err);
}

/* Whether register reg holds key. */
static int ref_exists(writer *w, const char *reg, const char *key, bool *found, sg_error *err)
{
    int rc =
        prep(w, &w->exists, "SELECT 1 FROM register_record WHERE register = ?1 AND key = ?2", err);
    if (rc) return rc;
    bind_text(w->exists, 1, reg);
    bind_text(w->exists, 2, key);
    int step = sqlite3_step(w->exists);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return sg_store_dberr(w->db, err, "cannot check a reference");
    *found = step == SQLITE_ROW;
    return SG_OK;
}

/* ---- applying input fields ---- */

/* Finds the column an input field name means: the column itself, or NAME_la_id for a
 * pseudonym column. Names are matched tolerantly (case, spaces, underscores). */
static int field_column(const sg_register *reg, const char *name, size_t len, bool *la_id)
{
    *la_id = false;
    for (int i = 0; i < reg->ncols; i++)
        if (sg_csv_name_eq(name, len, reg->cols[i].name)) return i;
    for (int i = 0; i < reg->ncols; i++) {
        if (reg->cols[i].type != SG_RT_PSEUDONYM) continue;
        char alt[80];
        snprintf(alt, sizeof alt, "%s_la_id", reg->cols[i].name);
        if (sg_csv_name_eq(name, len, alt)) {
            *la_id = true;
            return i;
        }
    }
    return -1;
}

static void field_names(const sg_register *reg, char *out, size_t outsz)
{
    size_t n = 0;
    out[0] = '\0';
    for (int i = 0; i < reg->ncols && n + 8 < outsz; i++) {
        int w = snprintf(out + n, outsz - n, "%s%s", i ? ", " : "", reg->cols[i].name);
        if (w < 0 || (size_t)w >= outsz - n) {
            snprintf(out + n, outsz - n, "...");
            break;
        }
        n += (size_t)w;
    }
}

/* Validates fields into rec. present[i] is set for every column given (even when given
 * empty). For the two spellings of a pseudonym column, an empty one yields to a filled one;
 * two filled ones are an error. fields with NULL name are skipped. */
static int apply_fields(writer *w, sg_reg_record *rec, const sg_reg_field *fields, size_t n,
                        bool *present, const loc *l, sg_error *err)
{
    const sg_register *reg = w->reg;
    int given_by[SG_REG_MAX_COLS];
    for (int i = 0; i < reg->ncols; i++)
        given_by[i] = -1;
    for (size_t f = 0; f < n; f++) {
        if (!fields[f].name) continue;
        long column = l && l->column ? l->column[f] : 0;
        bool la_id;
        int ci = field_column(reg, fields[f].name, strlen(fields[f].name), &la_id);
        if (ci < 0) {
            char names[400];
            field_names(reg, names, sizeof names);
            sg_err(err, SG_EINVAL, "unknown field '%.60s' for register %s (fields: %s)",
                   fields[f].name, reg->name, names);
            return locate(err, l, column, fields[f].name);
        }
        const sg_reg_col *c = &reg->cols[ci];
        const char *value = fields[f].value ? fields[f].value : "";
        size_t cap = strlen(value) + SG_PSEUDO_LEN + 64;
        char *out = xmalloc(cap);
        int rc = sg_reg_canon(reg, c, value, la_id, sg_store_pseudo(w->s), w->today, out, cap, err);
        if (rc) {
            free(out);
            return locate(err, l, column, fields[f].name);
        }
        if (given_by[ci] >= 0) {
            bool before = rec->val[ci] != NULL;
            if (before && *out) {
                free(out);
                sg_err(err, SG_EINVAL, "%s is given twice", c->name);
                return locate(err, l, column, fields[f].name);
            }
            if (!*out) { /* an empty spelling does not clear the other one */
                free(out);
                continue;
            }
        }
        given_by[ci] = (int)f;
        present[ci] = true;
        free(rec->val[ci]);
        if (*out) {
            rec->val[ci] = out;
        } else {
            free(out);
            rec->val[ci] = NULL;
        }
    }
    sg_reg_record_rekey(rec);
    return SG_OK;
}

/* The column number of the input field that gave column ci, for error locations. */
static long column_of(const sg_register *reg, int ci, const sg_reg_field *fields, size_t n,
                      const loc *l)
{
    if (!l || !l->column) return 0;
    for (size_t f = 0; f < n; f++) {
        bool la;
        if (fields[f].name && field_column(reg, fields[f].name, strlen(fields[f].name), &la) == ci)
            return l->column[f];
    }
    return 0;
}

/* Whole-record rules: required and key columns, key shape, not_before, references, and the
 * register's own check. *bad receives the offending column (or -1). */
static int validate_record(writer *w, const sg_reg_record *rec, int *bad, sg_error *err)
{
    const sg_register *reg = w->reg;
    *bad = -1;
    int nkeys = 0;
    for (int i = 0; i < reg->ncols; i++)
        nkeys += (reg->cols[i].flags & SG_RF_KEY) != 0;
    for (int i = 0; i < reg->ncols; i++) {
        const sg_reg_col *c = &reg->cols[i];
        *bad = i;
        const char *part = (c->flags & SG_RF_KEY) ? sg_reg_key_part(rec, i) : rec->val[i];
        if (c->key_default && !part) {
            *bad = sg_reg_col_index(reg, c->key_default);
            return sg_err(err, SG_EINVAL, "%s is required when %s is empty", c->key_default,
                          c->name);
        }
        if ((c->flags & (SG_RF_REQUIRED | SG_RF_KEY)) && !part)
            return sg_err(err, SG_EINVAL, "%s is required", c->name);
        /* Parts of a composite key are joined by '/', so only a reference (itself a key) may
         * hold one (a defaulted part is the other column's value, of that column's type). */
        if ((c->flags & SG_RF_KEY) && nkeys > 1 && strchr(part, '/') &&
            (rec->val[i] ? c->type : reg->cols[sg_reg_col_index(reg, c->key_default)].type) !=
                SG_RT_REF)
            return sg_err(err, SG_EINVAL, "a key part may not contain '/'");
        if (c->not_before && rec->val[i]) {
            const char *other = sg_reg_get(rec, c->not_before);
            if (other && strcmp(rec->val[i], other) < 0) /* ISO dates sort as text */
                return sg_err(err, SG_EINVAL, "%s %s is before %s %s", c->name, rec->val[i],
                              c->not_before, other);
        }
        if (c->type == SG_RT_REF && rec->val[i]) {
            const char *target = c->ref, *key = rec->val[i];
            char src[80] = "";
            if (!target) {
                const char *colon = strchr(key, ':');
                size_t sl = (size_t)(colon - key);
                snprintf(src, sizeof src, "%.*s", (int)(sl < 79 ? sl : 79), key);
                key = colon + 1;
                target = sg_reg_find(src) ? src : NULL; /* a source that is not a register */
            }
            if (target) {
                bool found = false;
                int rc = ref_exists(w, target, key, &found, err);
                if (rc) return rc;
                if (!found)
                    return sg_err(err, SG_EINVAL, "no %s record with key '%.*s'", target,
                                  (int)(strlen(key) > 80 ? 80 : strlen(key)), key);
            }
        }
    }
    *bad = -1;
    if (!rec->key[0])
        return sg_err(err, SG_ELIMIT, "the key is longer than %d bytes", SG_REG_KEY_MAX);
    if (reg->check) {
        sg_error e2;
        sg_error_clear(&e2);
        int rc = reg->check(reg, rec, &e2);
        if (rc) {
            *bad = e2.field[0] ? sg_reg_col_index(reg, e2.field) : -1;
            sg_err(err, rc, "%s", e2.msg);
            return rc;
        }
    }
    return SG_OK;
}

static int validate_located(writer *w, const sg_reg_record *rec, const sg_reg_field *fields,
                            size_t n, const loc *l, sg_error *err)
{
    int bad;
    int rc = validate_record(w, rec, &bad, err);
    if (!rc || rc == SG_EDB) return rc;
    const char *field = bad >= 0 ? w->reg->cols[bad].name : NULL;
    return locate(err, l, bad >= 0 ? column_of(w->reg, bad, fields, n, l) : 0, field);
}

/* ---- writing ---- */

static char *fields_json(const sg_reg_record *rec)
{
    json_t *o = json_object();
    for (int i = 0; i < rec->reg->ncols; i++)
        if (rec->val[i]) json_object_set_new(o, rec->reg->cols[i].name, json_string(rec->val[i]));
    char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    return s;
}

static int log_change(writer *w, int64_t id, const char *key, const char *field, const char *old_v,
                      const char *new_v, sg_error *err)
{
    int rc = prep(w, &w->change,
                  "INSERT INTO register_change (record_id, register, key, at, user, action, "
                  "source, field, old_value, new_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                  "?9, ?10)",
                  err);
    if (rc) return rc;
    sqlite3_bind_int64(w->change, 1, id);
    bind_text(w->change, 2, w->reg->name);
    bind_text(w->change, 3, key);
    bind_text(w->change, 4, w->now);
    bind_text(w->change, 5, w->user);
    bind_text(w->change, 6, w->action);
    bind_text(w->change, 7, w->source);
    bind_text(w->change, 8, field);
    bind_text(w->change, 9, old_v);
    bind_text(w->change, 10, new_v);
    if (sqlite3_step(w->change) != SQLITE_DONE)
        return sg_store_dberr(w->db, err, "cannot write the change log");
    return SG_OK;
}

static bool same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Stores rec: a new record when old is NULL, else the changes against old (which has the same
 * key). *changed receives the number of changed fields. */
static int save(writer *w, const sg_reg_record *rec, const sg_reg_record *old, int *changed,
                sg_error *err)
{
    const sg_register *reg = w->reg;
    int nchanged = 0;
    for (int i = 0; i < reg->ncols; i++)
        nchanged += !same(rec->val[i], old ? old->val[i] : NULL);
    if (changed) *changed = nchanged;
    if (old && nchanged == 0) return SG_OK;
    char *json = fields_json(rec);
    int rc;
    int64_t id;
    if (!old) {
        rc = prep(w, &w->insert,
                  "INSERT INTO register_record (register, key, fields, created_at, created_by, "
                  "updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?4, ?5)",
                  err);
        if (!rc) {
            bind_text(w->insert, 1, reg->name);
            bind_text(w->insert, 2, rec->key);
            bind_text(w->insert, 3, json);
            bind_text(w->insert, 4, w->now);
            bind_text(w->insert, 5, w->user);
            if (sqlite3_step(w->insert) != SQLITE_DONE)
                rc = sg_store_dberr(w->db, err, "cannot store the register record");
        }
        id = sqlite3_last_insert_rowid(w->db);
    } else {
        rc = prep(w, &w->update,
                  "UPDATE register_record SET fields = ?1, updated_at = ?2, updated_by = ?3 "
                  "WHERE id = ?4",
                  err);
        if (!rc) {
            bind_text(w->update, 1, json);
            bind_text(w->update, 2, w->now);
            bind_text(w->update, 3, w->user);
            sqlite3_bind_int64(w->update, 4, old->id);
            if (sqlite3_step(w->update) != SQLITE_DONE)
                rc = sg_store_dberr(w->db, err, "cannot update the register record");
        }
        id = old->id;
    }
    free(json);
    for (int i = 0; !rc && i < reg->ncols; i++) {
        const char *ov = old ? old->val[i] : NULL;
        if (!same(rec->val[i], ov))
            rc = log_change(w, id, rec->key, reg->cols[i].name, ov, rec->val[i], err);
    }
    return rc;
}

static void copy_record(sg_reg_record *dst, const sg_reg_record *src)
{
    for (int i = 0; i < src->reg->ncols; i++) {
        free(dst->val[i]);
        dst->val[i] = src->val[i] ? xstrdup(src->val[i]) : NULL;
    }
    sg_reg_record_rekey(dst);
}

/* ---- public operations ---- */

/* The start of an add or an update: the writer, the record and the old one (initialised
 * whatever happens; op_fini releases them), the user checked, the transaction begun. */
static int op_begin(sg_store *s, const sg_register *reg, const char *user, const char *action,
                    writer *w, sg_reg_record *rec, sg_reg_record *old, bool *owned, sg_error *err)
{
    writer_init(w, s, reg, user, action, NULL);
    sg_reg_record_init(rec, reg);
    sg_reg_record_init(old, reg);
    int rc = check_user(user, err);
    if (!rc) rc = sg_store_tx_begin(s, owned, err);
    return rc;
}

static void op_fini(writer *w, sg_reg_record *rec, sg_reg_record *old)
{
    writer_fini(w);
    sg_reg_record_fini(rec);
    sg_reg_record_fini(old);
}

int sg_reg_add(sg_store *s, const sg_register *reg, const sg_reg_field *fields, size_t n,
               const char *user, char *key_out, sg_error *err)
{
    writer w;
    sg_reg_record rec, old;
    bool present[SG_REG_MAX_COLS] = {0}, owned = false;
    int rc = op_begin(s, reg, user, "add", &w, &rec, &old, &owned, err);
    if (rc) goto out;
    if ((rc = apply_fields(&w, &rec, fields, n, present, NULL, err))) goto done;
    if ((rc = validate_located(&w, &rec, fields, n, NULL, err))) goto done;
    rc = lookup(&w, rec.key, &old, err);
    if (rc == SG_OK) {
        rc = sg_err(err, SG_ECONFLICT,
                    "register %s already has a record with key '%s' (use "
                    "update)",
                    reg->name, rec.key);
        goto done;
    }
    if (rc != SG_ENOTFOUND) goto done;
    rc = save(&w, &rec, NULL, NULL, err);
    if (!rc && key_out) sg_strlcpy(key_out, rec.key, SG_REG_KEY_MAX + 1);
done:
    rc = sg_store_tx_end(s, owned, rc, err);
out:
    op_fini(&w, &rec, &old);
    return rc;
}

int sg_reg_update(sg_store *s, const sg_register *reg, const char *key, const sg_reg_field *fields,
                  size_t n, const char *user, int *changed, sg_error *err)
{
    if (changed) *changed = 0;
    writer w;
    sg_reg_record rec, old;
    bool present[SG_REG_MAX_COLS] = {0}, owned = false;
    int rc = op_begin(s, reg, user, "update", &w, &rec, &old, &owned, err);
    if (rc) goto out;
    rc = lookup(&w, key ? key : "", &old, err);
    if (rc == SG_ENOTFOUND) {
        rc = sg_err(err, SG_ENOTFOUND, "register %s has no record with key '%.80s'", reg->name,
                    key ? key : "");
        goto done;
    }
    if (rc) goto done;
    copy_record(&rec, &old);
    if ((rc = apply_fields(&w, &rec, fields, n, present, NULL, err))) goto done;
    for (int i = 0; i < reg->ncols; i++)
        if ((reg->cols[i].flags & SG_RF_KEY) && present[i] && !same(rec.val[i], old.val[i])) {
            rc = sg_err_at(err, SG_EINVAL, NULL, 0, 0, reg->cols[i].name,
                           "%s is part of the key and cannot be changed", reg->cols[i].name);
            goto done;
        }
    if ((rc = validate_located(&w, &rec, fields, n, NULL, err))) goto done;
    rc = save(&w, &rec, &old, changed, err);
done:
    rc = sg_store_tx_end(s, owned, rc, err);
out:
    op_fini(&w, &rec, &old);
    return rc;
}

int sg_reg_get_record(sg_store *s, const sg_register *reg, const char *key, sg_reg_record *out,
                      sg_error *err)
{
    writer w;
    writer_init(&w, s, reg, "", "", NULL);
    sg_reg_record_init(out, reg);
    int rc = lookup(&w, key ? key : "", out, err);
    if (rc == SG_ENOTFOUND)
        sg_err(err, SG_ENOTFOUND, "register %s has no record with key '%.80s'", reg->name,
               key ? key : "");
    writer_fini(&w);
    return rc;
}

int sg_reg_load(sg_store *s, const sg_register *reg, sg_reg_set *set, sg_error *err)
{
    sg_reg_set_init(set, reg);
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT " RECORD_COLS " FROM register_record WHERE register = ?1 "
                           "ORDER BY key",
                           -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot read the register");
    bind_text(st, 1, reg->name);
    int rc = SG_OK, step = SQLITE_DONE;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
        rc = row_to_record(st, sg_reg_set_push(set), err);
    if (!rc && step != SQLITE_DONE) rc = sg_store_dberr(db, err, "cannot read the register");
    sqlite3_finalize(st);
    return rc;
}

int sg_reg_count(sg_store *s, const sg_register *reg, long *out, sg_error *err)
{
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    *out = 0;
    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM register_record WHERE register = ?1", -1, &st,
                           NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot count the register");
    bind_text(st, 1, reg->name);
    int rc = SG_OK;
    if (sqlite3_step(st) == SQLITE_ROW)
        *out = (long)sqlite3_column_int64(st, 0);
    else
        rc = sg_store_dberr(db, err, "cannot count the register");
    sqlite3_finalize(st);
    return rc;
}

/* ---- import ---- */

/* A set of keys seen in one import (open addressing, FNV-1a), so a key repeated in a file is
 * caught rather than silently merged. */
typedef struct keyset {
    char **slot;
    size_t cap, n;
} keyset;

static uint64_t fnv(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static void keyset_fini(keyset *k)
{
    for (size_t i = 0; i < k->cap; i++)
        free(k->slot[i]);
    free(k->slot);
}

/* Adds key; false when it was already there. */
static bool keyset_add(keyset *k, const char *key)
{
    if (2 * (k->n + 1) > k->cap) {
        keyset old = *k;
        k->cap = old.cap ? old.cap * 2 : 64;
        k->slot = xcalloc(k->cap, sizeof *k->slot);
        k->n = 0;
        for (size_t i = 0; i < old.cap; i++)
            if (old.slot[i]) {
                size_t j = fnv(old.slot[i]) & (k->cap - 1);
                while (k->slot[j])
                    j = (j + 1) & (k->cap - 1);
                k->slot[j] = old.slot[i];
                k->n++;
            }
        free(old.slot);
    }
    size_t j = fnv(key) & (k->cap - 1);
    while (k->slot[j]) {
        if (strcmp(k->slot[j], key) == 0) return false;
        j = (j + 1) & (k->cap - 1);
    }
    k->slot[j] = xstrdup(key);
    k->n++;
    return true;
}

/* A cell as stored: the export's formula guard (a leading ' before = + - @ TAB CR) removed. */
static const char *unguard(const sg_csv_field *f)
{
    if (f->len >= 2 && f->ptr[0] == '\'' && strchr("=+-@\t\r", f->ptr[1])) return f->ptr + 1;
    return f->ptr;
}

int sg_reg_import_csv(sg_store *s, const sg_register *reg, FILE *fp, const char *name,
                      const char *user, sg_reg_import_stats *st, sg_error *err)
{
    sg_reg_import_stats stats = {0};
    if (st) *st = stats;
    int rc = check_user(user, err);
    if (rc) return rc;
    const char *fname = name ? name : "-";
    writer w;
    writer_init(&w, s, reg, user, "import", fname);
    sg_csv *csv = sg_csv_new(fp, fname, NULL);
    keyset seen = {0};
    sg_reg_field *fields = NULL;
    long *columns = NULL;
    char **names = NULL;
    size_t nf = 0;
    bool owned = false;
    if ((rc = sg_store_tx_begin(s, &owned, err))) goto out;

    const sg_csv_row *row = NULL;
    if ((rc = sg_csv_next(csv, &row, err))) goto done;
    if (!row) {
        rc = sg_err_at(err, SG_EPARSE, fname, 1, 0, NULL,
                       "the file is empty: a header row with the %s template's columns is "
                       "expected",
                       reg->name);
        goto done;
    }
    /* Header: every column must be known, none twice, and every key column present. */
    nf = row->nfields;
    fields = xcalloc(nf, sizeof *fields);
    columns = xcalloc(nf, sizeof *columns);
    names = xcalloc(nf, sizeof *names);
    {
        bool keyseen[SG_REG_MAX_COLS] = {0};
        int map_plain[SG_REG_MAX_COLS], map_la[SG_REG_MAX_COLS];
        for (int i = 0; i < reg->ncols; i++)
            map_plain[i] = map_la[i] = -1;
        for (size_t f = 0; f < nf; f++) {
            const sg_csv_field *h = &row->f[f];
            bool la;
            int ci = field_column(reg, h->ptr, h->len, &la);
            columns[f] = h->column;
            if (ci < 0) {
                char list[400];
                field_names(reg, list, sizeof list);
                rc = sg_err_at(err, SG_EPARSE, fname, h->line, h->column, NULL,
                               "unknown column '%.60s' in the header of a %s file (columns: %s)",
                               h->ptr, reg->name, list);
                goto done;
            }
            int *slot = la ? &map_la[ci] : &map_plain[ci];
            if (*slot >= 0) {
                rc = sg_err_at(err, SG_EPARSE, fname, h->line, h->column, reg->cols[ci].name,
                               "column %s appears twice in the header", reg->cols[ci].name);
                goto done;
            }
            *slot = (int)f;
            names[f] = xstrdup(la ? "" : reg->cols[ci].name);
            if (la) {
                free(names[f]);
                char alt[80];
                snprintf(alt, sizeof alt, "%s_la_id", reg->cols[ci].name);
                names[f] = xstrdup(alt);
            }
            if (reg->cols[ci].flags & SG_RF_KEY) keyseen[ci] = true;
        }
        for (int i = 0; i < reg->ncols; i++) /* a defaulted key part may come from its default */
            if (reg->cols[i].key_default && !keyseen[i]) {
                int j = sg_reg_col_index(reg, reg->cols[i].key_default);
                if (map_plain[j] < 0) {
                    rc = sg_err_at(err, SG_EPARSE, fname, row->line, 0, reg->cols[i].name,
                                   "the header has neither a %s nor a %s column (one gives "
                                   "part of the %s key)",
                                   reg->cols[i].name, reg->cols[j].name, reg->name);
                    goto done;
                }
                keyseen[i] = true;
            }
        for (int i = 0; i < reg->ncols; i++)
            if ((reg->cols[i].flags & SG_RF_KEY) && !keyseen[i]) {
                rc = sg_err_at(err, SG_EPARSE, fname, row->line, 0, reg->cols[i].name,
                               "the header has no %s column (part of the %s key)",
                               reg->cols[i].name, reg->name);
                goto done;
            }
    }

    for (;;) {
        if ((rc = sg_csv_next(csv, &row, err))) goto done;
        if (!row) break;
        stats.rows++;
        loc l = {fname, row->line, stats.rows, columns};
        if (stats.rows > SG_REG_MAX_ROWS) {
            rc = sg_err_at(err, SG_ELIMIT, fname, row->line, 0, NULL,
                           "more than %d rows in one import", SG_REG_MAX_ROWS);
            goto done;
        }
        if (row->nfields != nf) {
            rc = sg_err_at(err, SG_EPARSE, fname, row->line, 0, NULL,
                           "row %ld has %zu fields but the header has %zu", stats.rows,
                           row->nfields, nf);
            goto done;
        }
        for (size_t f = 0; f < nf; f++) {
            fields[f].name = names[f];
            fields[f].value = unguard(&row->f[f]);
            columns[f] = row->f[f].column;
        }
        sg_reg_record in, old, rec;
        sg_reg_record_init(&in, reg);
        sg_reg_record_init(&old, reg);
        sg_reg_record_init(&rec, reg);
        bool present[SG_REG_MAX_COLS] = {0};
        rc = apply_fields(&w, &in, fields, nf, present, &l, err);
        if (!rc && !in.key[0]) {
            /* A key part is missing: name the first one. */
            for (int i = 0; i < reg->ncols; i++)
                if ((reg->cols[i].flags & SG_RF_KEY) && !in.val[i]) {
                    int k = i; /* a defaulted part: its default is what is missing */
                    if (reg->cols[i].key_default) {
                        if (sg_reg_key_part(&in, i)) continue;
                        k = sg_reg_col_index(reg, reg->cols[i].key_default);
                        sg_err(err, SG_EINVAL, "%s is required when %s is empty (part of the key)",
                               reg->cols[k].name, reg->cols[i].name);
                    } else {
                        sg_err(err, SG_EINVAL, "%s is required (part of the key)",
                               reg->cols[i].name);
                    }
                    rc = locate(err, &l, column_of(reg, k, fields, nf, &l), reg->cols[k].name);
                    break;
                }
            if (!rc) {
                sg_err(err, SG_ELIMIT, "the key is longer than %d bytes", SG_REG_KEY_MAX);
                rc = locate(err, &l, 0, NULL);
            }
        }
        if (!rc && !keyset_add(&seen, in.key)) {
            sg_err(err, SG_EINVAL, "key '%.80s' appears on an earlier row of this file", in.key);
            rc = locate(err, &l, 0, NULL);
        }
        bool exists = false;
        if (!rc) {
            rc = lookup(&w, in.key, &old, err);
            exists = rc == SG_OK;
            if (rc == SG_ENOTFOUND) rc = SG_OK;
        }
        if (!rc) {
            if (exists) {
                copy_record(&rec, &old);
                for (int i = 0; i < reg->ncols; i++)
                    if (present[i]) {
                        free(rec.val[i]);
                        rec.val[i] = in.val[i] ? xstrdup(in.val[i]) : NULL;
                    }
                sg_reg_record_rekey(&rec);
            } else {
                copy_record(&rec, &in);
            }
            rc = validate_located(&w, &rec, fields, nf, &l, err);
        }
        int changed = 0;
        if (!rc) rc = save(&w, &rec, exists ? &old : NULL, &changed, err);
        if (!rc) {
            if (!exists)
                stats.added++;
            else if (changed)
                stats.updated++;
            else
                stats.unchanged++;
        }
        sg_reg_record_fini(&in);
        sg_reg_record_fini(&old);
        sg_reg_record_fini(&rec);
        if (rc) goto done;
    }
done:
    rc = sg_store_tx_end(s, owned, rc, err);
    if (!rc && st) *st = stats;
out:
    if (names)
        for (size_t f = 0; f < nf; f++)
            free(names[f]);
    free(names);
    free(fields);
    free(columns);
    keyset_fini(&seen);
    sg_csv_free(csv);
    writer_fini(&w);
    return rc;
}

/* ---- export ---- */

static void header_row(const sg_register *reg, FILE *out)
{
    for (int i = 0; i < reg->ncols; i++) {
        if (i) fputc(',', out);
        sg_export_cell(out, reg->cols[i].name, strlen(reg->cols[i].name));
    }
    fputs("\r\n", out);
}

int sg_reg_template_csv(const sg_register *reg, FILE *out, sg_error *err)
{
    header_row(reg, out);
    if (fflush(out) != 0 || ferror(out)) return sg_err(err, SG_EIO, "cannot write the template");
    return SG_OK;
}

int sg_reg_export_csv(sg_store *s, const sg_register *reg, FILE *out, sg_error *err)
{
    sg_reg_set set;
    int rc = sg_reg_load(s, reg, &set, err);
    if (!rc) {
        header_row(reg, out);
        for (size_t r = 0; r < set.n; r++) {
            for (int i = 0; i < reg->ncols; i++) {
                if (i) fputc(',', out);
                const char *v = set.rec[r].val[i];
                if (v) sg_export_cell(out, v, strlen(v));
            }
            fputs("\r\n", out);
        }
        if (fflush(out) != 0 || ferror(out)) rc = sg_err(err, SG_EIO, "cannot write the export");
    }
    sg_reg_set_fini(&set);
    return rc;
}

/* ---- change log ---- */

int sg_reg_log_each(sg_store *s, const sg_register *reg, const char *key, sg_reg_change_fn fn,
                    void *ctx, sg_error *err)
{
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT id, register, key, at, user, action, source, field, "
                           "old_value, new_value FROM register_change WHERE (?1 IS NULL OR "
                           "register = ?1) AND (?2 IS NULL OR key = ?2) ORDER BY id",
                           -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot read the change log");
    bind_text(st, 1, reg ? reg->name : NULL);
    bind_text(st, 2, key);
    int rc = SG_OK, step = SQLITE_DONE;
    while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
        sg_reg_change ch = {
            .id = sqlite3_column_int64(st, 0),
            .reg = (const char *)sqlite3_column_text(st, 1),
            .key = (const char *)sqlite3_column_text(st, 2),
            .at = (const char *)sqlite3_column_text(st, 3),
            .user = (const char *)sqlite3_column_text(st, 4),
            .action = (const char *)sqlite3_column_text(st, 5),
            .source = (const char *)sqlite3_column_text(st, 6),
            .field = (const char *)sqlite3_column_text(st, 7),
            .old_value = (const char *)sqlite3_column_text(st, 8),
            .new_value = (const char *)sqlite3_column_text(st, 9),
        };
        rc = fn(ctx, &ch);
    }
    if (!rc && step != SQLITE_DONE) rc = sg_store_dberr(db, err, "cannot read the change log");
    sqlite3_finalize(st);
    return rc;
}

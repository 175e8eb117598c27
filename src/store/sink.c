/* sink.c - the sg_sink that importers write into: one INSERT per record into the table of its
 * type, children resolved from pseudonyms through child_key, rejected rows into rejected_row.
 *
 * National imports push millions of rows through here, so every statement is prepared once
 * per sink (on first use) and reset between rows, strings are bound SQLITE_STATIC (they live
 * for the emit call), and the child of the previous record is remembered because importers
 * emit a child's records together. Values are only ever bound, never formatted into SQL.
 *
 * Linking children: a record's primary pseudonym names its child. A SG_REC_CHILD record may
 * carry further pseudonyms (keys[]) for the same child; each unknown one is linked to that
 * child. When the primary pseudonym is new but one of the further keys is known, the primary
 * is linked to the known key's child, so an LA ID seen for the first time beside a known NHS
 * number joins the child already seen by health. When a further key already belongs to a
 * different child the existing mapping is kept: children are never merged automatically,
 * because a wrong merge would mix two children's histories (see docs/store.md). */
#include "store/store.h"

#include "core/buf.h"
#include "core/mem.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define REJECT_VALUE_MAX 200

/* The columns each record type writes after (submission_id, child_id, line). */
static const char *const columns[SG_REC__COUNT] = {
    [SG_REC_CHILD] = "birth, expected_birth, sex, ethnicity, disabilities, uasc, death, "
                     "upn_unknown",
    [SG_REC_CONTACT] = "contact_date, source, outcome",
    [SG_REC_EARLY_HELP] = "start_date, end_date, organisation, outcome",
    [SG_REC_REFERRAL] = "referral_date, source, primary_need, closure_date, closure_reason, nfa, "
                        "initial_cpc_date, referrals_last_12m",
    [SG_REC_ASSESSMENT] = "referral_id, start_date, authorised_date, internal_review_date, "
                          "factors, child_seen, needs_support",
    [SG_REC_STRATEGY] = "strategy_date, requested_by, outcome",
    [SG_REC_S47] = "referral_id, start_date, icpc_target_date, icpc_date, icpc_not_required, "
                   "cp_plan_resulted",
    [SG_REC_CIN_PLAN] = "referral_id, start_date, end_date",
    [SG_REC_CP_PLAN] = "referral_id, start_date, end_date, initial_category, latest_category, "
                       "previous_plans",
    [SG_REC_CP_REVIEW] = "cp_plan_id, review_date",
    [SG_REC_CLA_EPISODE] = "start_date, end_date, rne, legal_status, cin, placement, provider, "
                           "reason_ceased, reason_place_change, urn",
    [SG_REC_CLA_REVIEW] = "review_date, code",
    [SG_REC_MISSING] = "start_date, end_date, kind, from_place, ri_offered, ri_accepted, "
                       "reporting_agency",
    [SG_REC_LADO] = "ref, received_date, strategy_date, concluded_date, kind, referring_agency, "
                    "sector, category, outcome",
    [SG_REC_POLICE_EVENT] = "kind, event_date, subtype, ref",
    [SG_REC_POPULATION] = "area, year, age_from, age_to, sex, count",
    [SG_REC_EXTRA] = "table_name, fields",
    [SG_REC_PARTNER_VALUE] = "organisation, period, measure, breakdown, value, numerator, "
                             "denominator, text, explanation, sheet, cols",
};

/* Records that can exist without a child: LADO allegations are about adults, population
 * estimates about areas, partner values about measures, and extra tables may be either. */
static bool needs_child(sg_rec_type t)
{
    return t != SG_REC_LADO && t != SG_REC_POPULATION && t != SG_REC_EXTRA &&
           t != SG_REC_PARTNER_VALUE;
}

static int prepare(sg_store_sink *ss, sqlite3_stmt **st, const char *sql, sg_error *err)
{
    if (*st) return SG_OK;
    if (sqlite3_prepare_v3(sg_store_db(ss->store), sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) !=
        SQLITE_OK) {
        *st = NULL;
        return sg_store_dberr(sg_store_db(ss->store), err, "cannot prepare the import");
    }
    return SG_OK;
}

static int prepare_insert(sg_store_sink *ss, sg_rec_type t, sg_error *err)
{
    if (ss->stmt[t]) return SG_OK;
    int n = 1;
    for (const char *p = columns[t]; *p; p++)
        n += *p == ',';
    char sql[512];
    size_t len = (size_t)snprintf(sql, sizeof sql,
                                  "INSERT INTO %s (submission_id, child_id, line, %s) VALUES "
                                  "(?1, ?2, ?3",
                                  sg_store_table(t), columns[t]);
    for (int i = 0; i < n && len < sizeof sql; i++)
        len += (size_t)snprintf(sql + len, sizeof sql - len, ", ?%d", i + 4);
    if (len + 2 >= sizeof sql) return sg_err(err, SG_ELIMIT, "insert statement too long");
    sql[len++] = ')';
    sql[len] = '\0';
    return prepare(ss, &ss->stmt[t], sql, err);
}

/* ---- binding, with the first bad field remembered for the error message ---- */
typedef struct binder {
    sqlite3_stmt *st;
    int i;           /* next parameter */
    const char *bad; /* field that could not be bound */
    const char *why;
} binder;

static void b_text(binder *b, const char *v)
{
    int i = b->i++;
    if (v)
        sqlite3_bind_text(b->st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(b->st, i);
}

static void b_date(binder *b, sg_date d, const char *field)
{
    int i = b->i++;
    if (d == SG_DATE_NONE) {
        sqlite3_bind_null(b->st, i);
        return;
    }
    int y, m, dd;
    sg_date_to_ymd(d, &y, &m, &dd);
    if (y < 1900 || y > 2199) {
        if (!b->bad) b->bad = field, b->why = "date outside 1900..2199";
        sqlite3_bind_null(b->st, i);
        return;
    }
    char iso[11];
    sg_date_iso(d, iso);
    sqlite3_bind_text(b->st, i, iso, 10, SQLITE_TRANSIENT);
}

static void b_tri(binder *b, int v, const char *field)
{
    int i = b->i++;
    if (v == SG_TRI_UNKNOWN)
        sqlite3_bind_null(b->st, i);
    else if (v == SG_TRI_NO || v == SG_TRI_YES)
        sqlite3_bind_int(b->st, i, v);
    else {
        if (!b->bad) b->bad = field, b->why = "flag is not unknown, no or yes";
        sqlite3_bind_null(b->st, i);
    }
}

/* Counts: -1 = absent; other negatives are a bug in the importer. */
static void b_count(binder *b, long v, const char *field)
{
    int i = b->i++;
    if (v == -1)
        sqlite3_bind_null(b->st, i);
    else if (v >= 0)
        sqlite3_bind_int64(b->st, i, v);
    else {
        if (!b->bad) b->bad = field, b->why = "count is negative";
        sqlite3_bind_null(b->st, i);
    }
}

static void b_int(binder *b, long v)
{
    sqlite3_bind_int64(b->st, b->i++, v);
}

static void b_real(binder *b, int has, double v)
{
    int i = b->i++;
    if (has)
        sqlite3_bind_double(b->st, i, v);
    else
        sqlite3_bind_null(b->st, i);
}

static void b_parent(binder *b, int64_t id)
{
    int i = b->i++;
    if (id > 0)
        sqlite3_bind_int64(b->st, i, id);
    else
        sqlite3_bind_null(b->st, i);
}

/* 'YYYY-MM' or NULL when the year or month is unknown: a day of birth is never stored. */
static void b_month(binder *b, int y, int m)
{
    int i = b->i++;
    if (y < 1900 || y > 2199 || m < 1 || m > 12) {
        sqlite3_bind_null(b->st, i);
        return;
    }
    char txt[8];
    snprintf(txt, sizeof txt, "%04d-%02d", y, m);
    sqlite3_bind_text(b->st, i, txt, 7, SQLITE_TRANSIENT);
}

/* Length of the valid UTF-8 sequence at s (n bytes available), 0 when invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80) return 1;
    size_t len;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, cp = c & 0x07;
    else
        return 0;
    if (n < len) return 0;
    for (size_t k = 1; k < len; k++) {
        if ((s[k] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[k] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

/* Appends s to b with each invalid UTF-8 byte replaced by U+FFFD, so JSON stays valid for
 * returns saved in Latin-1. */
static void utf8_clean(sg_buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    while (n) {
        size_t k = utf8_seq(p, n);
        if (k)
            sg_buf_append(b, p, k);
        else
            sg_buf_append(b, "\xEF\xBF\xBD", 3), k = 1;
        p += k;
        n -= k;
    }
}

static json_t *json_text(const char *s)
{
    json_t *j = json_string(s);
    if (j) return j;
    sg_buf b;
    sg_buf_init(&b, 0);
    utf8_clean(&b, s);
    j = json_string(sg_buf_str(&b));
    sg_buf_fini(&b);
    return j;
}

/* Encodes the extra record's fields as a JSON object text into *out (caller frees). Later
 * fields with a repeated name replace earlier ones. */
static int extra_json(const sg_rec *r, const char *file, char **out, sg_error *err)
{
    const sg_rec_extra *x = &r->u.extra;
    *out = NULL;
    if (x->nfields < 0 || x->nfields > SG_EXTRA_MAX)
        return sg_err_at(err, SG_ELIMIT, file, r->line, 0, NULL,
                         "extra record has %d fields (at most %d)", x->nfields, SG_EXTRA_MAX);
    json_t *o = json_object();
    for (int i = 0; o && i < x->nfields; i++) {
        if (!x->names[i]) continue;
        json_t *v = x->values[i] ? json_text(x->values[i]) : json_null();
        json_t *k = json_text(x->names[i]);
        if (!v || !k || json_object_set_new(o, json_string_value(k), v) != 0) {
            if (!k) json_decref(v);
            json_decref(o);
            o = NULL;
        }
        json_decref(k);
    }
    *out = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(o);
    if (!*out)
        return sg_err_at(err, SG_EINVAL, file, r->line, 0, NULL, "extra record cannot be encoded");
    return SG_OK;
}

/* Binds the type-specific columns of r starting at parameter 4. */
static void bind_record(binder *b, const sg_rec *r, const char *extra)
{
    switch (r->type) {
    case SG_REC_CHILD: {
        const sg_rec_child *c = &r->u.child;
        b_month(b, c->birth_year, c->birth_month);
        b_int(b, c->expected_birth ? 1 : 0);
        b_text(b, c->sex);
        b_text(b, c->ethnicity);
        b_text(b, c->disabilities);
        b_tri(b, c->uasc, "uasc");
        b_month(b, c->death_year, c->death_month);
        b_text(b, c->upn_unknown);
        break;
    }
    case SG_REC_CONTACT:
        b_date(b, r->u.contact.date, "contact_date");
        b_text(b, r->u.contact.source);
        b_text(b, r->u.contact.outcome);
        break;
    case SG_REC_EARLY_HELP:
        b_date(b, r->u.early_help.start, "start_date");
        b_date(b, r->u.early_help.end, "end_date");
        b_text(b, r->u.early_help.organisation);
        b_text(b, r->u.early_help.outcome);
        break;
    case SG_REC_REFERRAL: {
        const sg_rec_referral *x = &r->u.referral;
        b_date(b, x->referral_date, "referral_date");
        b_text(b, x->source);
        b_text(b, x->primary_need);
        b_date(b, x->closure_date, "closure_date");
        b_text(b, x->closure_reason);
        b_tri(b, x->nfa, "nfa");
        b_date(b, x->initial_cpc, "initial_cpc_date");
        b_count(b, x->referrals_last_12m, "referrals_last_12m");
        break;
    }
    case SG_REC_ASSESSMENT: {
        const sg_rec_assessment *x = &r->u.assessment;
        b_parent(b, r->parent);
        b_date(b, x->start, "start_date");
        b_date(b, x->authorised, "authorised_date");
        b_date(b, x->internal_review, "internal_review_date");
        b_text(b, x->factors);
        b_tri(b, x->child_seen, "child_seen");
        b_tri(b, x->needs_support, "needs_support");
        break;
    }
    case SG_REC_STRATEGY:
        b_date(b, r->u.strategy.date, "strategy_date");
        b_text(b, r->u.strategy.requested_by);
        b_text(b, r->u.strategy.outcome);
        break;
    case SG_REC_S47: {
        const sg_rec_s47 *x = &r->u.s47;
        b_parent(b, r->parent);
        b_date(b, x->start, "start_date");
        b_date(b, x->icpc_target, "icpc_target_date");
        b_date(b, x->icpc_date, "icpc_date");
        b_tri(b, x->icpc_not_required, "icpc_not_required");
        b_tri(b, x->cp_plan_resulted, "cp_plan_resulted");
        break;
    }
    case SG_REC_CIN_PLAN:
        b_parent(b, r->parent);
        b_date(b, r->u.cin_plan.start, "start_date");
        b_date(b, r->u.cin_plan.end, "end_date");
        break;
    case SG_REC_CP_PLAN: {
        const sg_rec_cp_plan *x = &r->u.cp_plan;
        b_parent(b, r->parent);
        b_date(b, x->start, "start_date");
        b_date(b, x->end, "end_date");
        b_text(b, x->initial_category);
        b_text(b, x->latest_category);
        b_count(b, x->previous_plans, "previous_plans");
        break;
    }
    case SG_REC_CP_REVIEW:
        b_parent(b, r->parent);
        b_date(b, r->u.cp_review.date, "review_date");
        break;
    case SG_REC_CLA_EPISODE: {
        const sg_rec_cla_episode *x = &r->u.cla_episode;
        b_date(b, x->start, "start_date");
        b_date(b, x->end, "end_date");
        b_text(b, x->rne);
        b_text(b, x->legal_status);
        b_text(b, x->cin);
        b_text(b, x->placement);
        b_text(b, x->provider);
        b_text(b, x->reason_ceased);
        b_text(b, x->reason_place_change);
        b_text(b, x->urn);
        break;
    }
    case SG_REC_CLA_REVIEW:
        b_date(b, r->u.cla_review.date, "review_date");
        b_text(b, r->u.cla_review.code);
        break;
    case SG_REC_MISSING: {
        const sg_rec_missing *x = &r->u.missing;
        b_date(b, x->start, "start_date");
        b_date(b, x->end, "end_date");
        b_text(b, x->kind);
        b_text(b, x->from);
        b_tri(b, x->ri_offered, "ri_offered");
        b_tri(b, x->ri_accepted, "ri_accepted");
        b_text(b, x->reporting_agency);
        break;
    }
    case SG_REC_LADO: {
        const sg_rec_lado *x = &r->u.lado;
        b_text(b, x->ref);
        b_date(b, x->received, "received_date");
        b_date(b, x->strategy, "strategy_date");
        b_date(b, x->concluded, "concluded_date");
        b_text(b, x->kind);
        b_text(b, x->referring_agency);
        b_text(b, x->sector);
        b_text(b, x->category);
        b_text(b, x->outcome);
        break;
    }
    case SG_REC_POLICE_EVENT:
        b_text(b, r->u.police.kind);
        b_date(b, r->u.police.date, "event_date");
        b_text(b, r->u.police.subtype);
        b_text(b, r->u.police.ref);
        break;
    case SG_REC_POPULATION: {
        const sg_rec_population *x = &r->u.population;
        b_text(b, x->area);
        b_int(b, x->year);
        b_int(b, x->age_from);
        b_int(b, x->age_to);
        b_text(b, x->sex);
        b_count(b, x->count, "count");
        break;
    }
    case SG_REC_EXTRA:
        b_text(b, r->u.extra.table);
        b_text(b, extra);
        break;
    case SG_REC_PARTNER_VALUE: {
        const sg_rec_partner_value *x = &r->u.partner;
        b_text(b, x->organisation);
        b_text(b, x->period);
        b_text(b, x->measure);
        b_text(b, x->breakdown ? x->breakdown : "");
        b_real(b, x->has_value, x->value);
        b_real(b, x->has_num, x->numerator);
        b_real(b, x->has_den, x->denominator);
        b_text(b, x->text);
        b_text(b, x->explanation);
        b_text(b, x->sheet);
        b_text(b, x->cols);
        break;
    }
    default:
        break;
    }
}

/* ---- children ---- */

/* A pseudonym is a kind letter and 24 lower-case hex digits. Checking the shape here is the
 * last guard against a raw identifier reaching the database through a buggy importer. */
static bool is_pseudonym(const char *p)
{
    if (!p || strlen(p) != SG_PSEUDO_LEN) return false;
    if (p[0] != 'L' && p[0] != 'U' && p[0] != 'N' && p[0] != 'P') return false;
    for (int i = 1; i < SG_PSEUDO_LEN; i++)
        if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f'))) return false;
    return true;
}

/* Looks key up: *id = its child, or 0 when the key is new. */
static int key_lookup(sg_store_sink *ss, const char *key, int64_t *id, sg_error *err)
{
    *id = 0;
    int rc =
        prepare(ss, &ss->child_lookup, "SELECT child_id FROM child_key WHERE pseudonym = ?1", err);
    if (rc) return rc;
    sqlite3_stmt *st = ss->child_lookup;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *id = sqlite3_column_int64(st, 0);
    rc = rc == SQLITE_ROW || rc == SQLITE_DONE
             ? SG_OK
             : sg_store_dberr(sg_store_db(ss->store), err, "cannot look up a child");
    sqlite3_reset(st);
    return rc;
}

static int key_link(sg_store_sink *ss, const char *key, int64_t child, sg_error *err)
{
    int rc = prepare(ss, &ss->key_insert,
                     "INSERT INTO child_key (pseudonym, child_id) VALUES (?1, ?2)", err);
    if (rc) return rc;
    sqlite3_stmt *st = ss->key_insert;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, child);
    rc = sqlite3_step(st) == SQLITE_DONE
             ? SG_OK
             : sg_store_dberr(sg_store_db(ss->store), err, "cannot link a child's pseudonym");
    sqlite3_reset(st);
    return rc;
}

static int child_new(sg_store_sink *ss, int64_t *child, sg_error *err)
{
    int rc = prepare(ss, &ss->child_insert, "INSERT INTO child DEFAULT VALUES", err);
    if (rc) return rc;
    sqlite3 *db = sg_store_db(ss->store);
    rc = sqlite3_step(ss->child_insert) == SQLITE_DONE
             ? SG_OK
             : sg_store_dberr(db, err, "cannot create a child");
    sqlite3_reset(ss->child_insert);
    if (!rc) *child = sqlite3_last_insert_rowid(db);
    return rc;
}

static void remember(sg_store_sink *ss, const char *key, int64_t child)
{
    memcpy(ss->last_key, key, SG_PSEUDO_LEN + 1);
    ss->last_child = child;
}

int sg_store_child_id(sg_store_sink *ss, const char *pseudonym, int64_t *id, sg_error *err)
{
    *id = 0;
    if (!is_pseudonym(pseudonym))
        return sg_err(err, SG_EINVAL, "child key is not a pseudonym (refusing to store it)");
    if (ss->last_child && strcmp(ss->last_key, pseudonym) == 0) {
        *id = ss->last_child;
        return SG_OK;
    }
    int rc = key_lookup(ss, pseudonym, id, err);
    if (!rc && !*id && !(rc = child_new(ss, id, err))) rc = key_link(ss, pseudonym, *id, err);
    if (!rc) remember(ss, pseudonym, *id);
    return rc;
}

/* Resolves the child of a SG_REC_CHILD record and links its further keys (see the header). */
static int child_resolve_keys(sg_store_sink *ss, const sg_rec *r, int64_t *id, sg_error *err)
{
    const sg_rec_child *c = &r->u.child;
    if (c->nkeys < 0 || c->nkeys > SG_CHILD_MAX_KEYS)
        return sg_err(err, SG_EINVAL, "child record has %d further keys (at most %d)", c->nkeys,
                      SG_CHILD_MAX_KEYS);
    if (!is_pseudonym(r->child))
        return sg_err(err, SG_EINVAL, "child key is not a pseudonym (refusing to store it)");
    int64_t known[SG_CHILD_MAX_KEYS] = {0};
    for (int k = 0; k < c->nkeys; k++) {
        if (!c->keys[k][0]) continue;
        if (!is_pseudonym(c->keys[k]))
            return sg_err(err, SG_EINVAL, "further child key is not a pseudonym (refusing it)");
    }
    int rc = key_lookup(ss, r->child, id, err);
    if (rc) return rc;
    for (int k = 0; k < c->nkeys; k++) {
        if (!c->keys[k][0] || strcmp(c->keys[k], r->child) == 0) continue;
        if ((rc = key_lookup(ss, c->keys[k], &known[k], err))) return rc;
        if (!*id && known[k]) { /* the primary is new: join the child a further key knows */
            *id = known[k];
            if ((rc = key_link(ss, r->child, *id, err))) return rc;
        }
    }
    if (!*id) {
        if ((rc = child_new(ss, id, err)) || (rc = key_link(ss, r->child, *id, err))) return rc;
    }
    for (int k = 0; k < c->nkeys; k++) {
        if (!c->keys[k][0] || known[k] || strcmp(c->keys[k], r->child) == 0) continue;
        /* The same key twice in one record is linked once. */
        bool dup = false;
        for (int j = 0; j < k; j++)
            dup = dup || strcmp(c->keys[j], c->keys[k]) == 0;
        if (!dup && (rc = key_link(ss, c->keys[k], *id, err))) return rc;
    }
    remember(ss, r->child, *id);
    return SG_OK;
}

/* ---- the sink callbacks ---- */

static int sink_emit(void *ctx, const sg_rec *r, int64_t *id, sg_error *err)
{
    sg_store_sink *ss = ctx;
    const char *file = ss->file_name;
    if (id) *id = 0;
    if (r->type < 0 || r->type >= SG_REC__COUNT)
        return sg_err_at(err, SG_EINVAL, file, r->line, 0, NULL, "unknown record type %d",
                         (int)r->type);
    const char *tname = sg_rec_type_name(r->type);
    if (!r->child[0] && needs_child(r->type))
        return sg_err_at(err, SG_EINVAL, file, r->line, 0, NULL, "%s record has no child pseudonym",
                         tname);
    if (r->type == SG_REC_POPULATION && !r->u.population.area)
        return sg_err_at(err, SG_EINVAL, file, r->line, 0, "area", "population record has no area");
    if (r->type == SG_REC_EXTRA && !r->u.extra.table)
        return sg_err_at(err, SG_EINVAL, file, r->line, 0, NULL, "extra record has no table name");
    int rc = prepare_insert(ss, r->type, err);
    if (rc) return rc;
    char *extra = NULL;
    if (r->type == SG_REC_EXTRA && (rc = extra_json(r, file, &extra, err))) return rc;

    /* Values first, so a bad record is refused before any child is created for it. */
    sqlite3_stmt *st = ss->stmt[r->type];
    binder b = {.st = st, .i = 4};
    bind_record(&b, r, extra);
    if (b.bad) {
        rc = sg_err_at(err, SG_EINVAL, file, r->line, 0, b.bad, "%s record: %s", tname, b.why);
        goto out;
    }
    int64_t child = 0;
    if (r->child[0]) {
        sg_error cerr;
        sg_error_clear(&cerr);
        rc = r->type == SG_REC_CHILD ? child_resolve_keys(ss, r, &child, &cerr)
                                     : sg_store_child_id(ss, r->child, &child, &cerr);
        if (rc) {
            sg_err_at(err, rc, file, r->line, 0, "child", "%s record: %s", tname, cerr.msg);
            goto out;
        }
    }
    sqlite3_bind_int64(st, 1, ss->submission);
    if (child)
        sqlite3_bind_int64(st, 2, child);
    else
        sqlite3_bind_null(st, 2);
    sqlite3_bind_int64(st, 3, r->line > 0 ? r->line : 0);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = sg_err_at(err, SG_EDB, file, r->line, 0, NULL, "cannot store %s record: %s", tname,
                       sqlite3_errmsg(sg_store_db(ss->store)));
        goto out;
    }
    if (id) *id = sqlite3_last_insert_rowid(sg_store_db(ss->store));
    ss->accepted++;
out:
    sqlite3_reset(st);
    free(extra);
    return rc;
}

/* Cuts v to at most REJECT_VALUE_MAX bytes without splitting a UTF-8 character. */
static size_t reject_value_len(const char *v)
{
    size_t n = strlen(v);
    if (n <= REJECT_VALUE_MAX) return n;
    n = REJECT_VALUE_MAX;
    while (n > 0 && ((unsigned char)v[n] & 0xC0) == 0x80)
        n--;
    return n;
}

static int sink_reject(void *ctx, const sg_reject *rj, sg_error *err)
{
    sg_store_sink *ss = ctx;
    int rc = prepare(ss, &ss->reject_insert,
                     "INSERT INTO rejected_row (submission_id, file, line, field, value, reason) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                     err);
    if (rc) return rc;
    sqlite3_stmt *st = ss->reject_insert;
    const char *file = rj->file ? rj->file : ss->file_name ? ss->file_name : "";
    sqlite3_bind_int64(st, 1, ss->submission);
    sqlite3_bind_text(st, 2, file, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, rj->line > 0 ? rj->line : 0);
    if (rj->field)
        sqlite3_bind_text(st, 4, rj->field, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 4);
    /* rj->raw is deliberately not stored: a raw row can hold identifiers; the original file
     * (encrypted under originals/) is the record of what was received. */
    if (rj->value)
        sqlite3_bind_text(st, 5, rj->value, (int)reject_value_len(rj->value), SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 5);
    sqlite3_bind_text(st, 6, rj->reason && *rj->reason ? rj->reason : "rejected", -1,
                      SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_DONE) {
        ss->rejected++;
        rc = SG_OK;
    } else {
        rc = sg_err_at(err, SG_EDB, file, rj->line, 0, rj->field, "cannot store a rejected row: %s",
                       sqlite3_errmsg(sg_store_db(ss->store)));
    }
    sqlite3_reset(st);
    return rc;
}

void sg_store_sink_init(sg_store_sink *ss, sg_store *s, int64_t sub, const char *file_name,
                        sg_sink *out)
{
    memset(ss, 0, sizeof *ss);
    ss->store = s;
    ss->submission = sub;
    ss->file_name = file_name;
    out->ctx = ss;
    out->emit = sink_emit;
    out->reject = sink_reject;
}

void sg_store_sink_fini(sg_store_sink *ss)
{
    for (int t = 0; t < SG_REC__COUNT; t++)
        sqlite3_finalize(ss->stmt[t]);
    sqlite3_finalize(ss->child_lookup);
    sqlite3_finalize(ss->child_insert);
    sqlite3_finalize(ss->key_insert);
    sqlite3_finalize(ss->reject_insert);
    memset(ss, 0, sizeof *ss);
}

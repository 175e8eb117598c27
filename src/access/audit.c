/* audit.c - the audit trail: appending entries to the hash chain, reading them back with
 * filters, and verifying the chain.
 *
 * Entry n's hash is BLAKE2b-256 keyed with a subkey of the partnership key over a domain tag,
 * entry n-1's hash (32 zero bytes for the first), n itself, and every field with its length.
 * Because n is inside the hash, moving an entry (reordering) breaks it; because the previous
 * hash is, an edit, insertion or deletion breaks every later link. Removing entries from the
 * end leaves a shorter chain that is valid in itself, so audit_head keeps the last sequence
 * number under a MAC of its own (a different tag, so no entry hash can stand in for it). Without
 * the key nobody can forge a link. What this cannot show: the whole database put back to an
 * older copy; docs/access.md says how to anchor the head outside the store.
 *
 * An empty trail never verifies: a store's trail starts with a keyed genesis entry (seq 0,
 * written when the store is created; on a store from before it, a genesis marker after the
 * last entry), so deleting every entry and resetting the head is found. The genesis entry
 * records which accounts and submissions existed before it; verify checks that every later
 * one has the entry its creation always writes, so a trail cut back to its genesis is found
 * too. */
#include "access/access_int.h"

#include "core/mem.h"

#include <string.h>

#define HASH_LEN 32

static void put_u64(crypto_generichash_state *h, uint64_t v)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(v >> (8 * i));
    crypto_generichash_update(h, b, sizeof b);
}

static void put_str(crypto_generichash_state *h, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    put_u64(h, n);
    if (n) crypto_generichash_update(h, (const unsigned char *)s, n);
}

typedef struct entry_fields {
    int64_t seq, at, user_id;
    const char *username, *role, *action, *object, *detail, *client;
} entry_fields;

static void entry_hash(const unsigned char key[32], const unsigned char prev[HASH_LEN],
                       const entry_fields *e, unsigned char out[HASH_LEN])
{
    crypto_generichash_state h;
    crypto_generichash_init(&h, key, 32, HASH_LEN);
    crypto_generichash_update(&h, (const unsigned char *)"sg-audit-entry-1", 16);
    crypto_generichash_update(&h, prev, HASH_LEN);
    put_u64(&h, (uint64_t)e->seq);
    put_u64(&h, (uint64_t)e->at);
    put_u64(&h, (uint64_t)e->user_id);
    put_str(&h, e->username);
    put_str(&h, e->role);
    put_str(&h, e->action);
    put_str(&h, e->object);
    put_str(&h, e->detail);
    put_str(&h, e->client);
    crypto_generichash_final(&h, out, HASH_LEN);
}

static void head_mac(const unsigned char key[32], int64_t seq, const unsigned char last[HASH_LEN],
                     unsigned char out[HASH_LEN])
{
    crypto_generichash_state h;
    crypto_generichash_init(&h, key, 32, HASH_LEN);
    crypto_generichash_update(&h, (const unsigned char *)"sg-audit-head-01", 16);
    put_u64(&h, (uint64_t)seq);
    crypto_generichash_update(&h, last, HASH_LEN);
    crypto_generichash_final(&h, out, HASH_LEN);
}

/* Copies s into dst (dstsz bytes) cutting at a UTF-8 character boundary, so a long detail is
 * shortened rather than refused: an action must not fail because its audit text is long. */
static void cut_utf8(char *dst, size_t dstsz, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n >= dstsz) {
        n = dstsz - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    if (n) memcpy(dst, s, n);
    dst[n] = '\0';
}

static bool action_valid(const char *a)
{
    size_t n = a ? strlen(a) : 0;
    if (n < 1 || n > 23) return false;
    for (; *a; a++)
        if (!((*a >= 'a' && *a <= 'z') || *a == '_')) return false;
    return true;
}

/* Appends one entry inside the caller's write transaction: numbered after the last entry (or
 * the head, when entries were cut from the end), or 0 for the genesis entry of an empty trail. */
static int append(sg_store *s, int64_t user_id, const char *username, const char *role,
                  const char *action, const char *object, const char *detail, const char *client,
                  int64_t now, bool genesis, sg_error *err)
{
    sqlite3 *db = sg_store_db(s);
    sg_audit_entry e;
    memset(&e, 0, sizeof e);
    cut_utf8(e.username, sizeof e.username, username);
    cut_utf8(e.role, sizeof e.role, role);
    cut_utf8(e.object, sizeof e.object, object);
    cut_utf8(e.detail, sizeof e.detail, detail);
    cut_utf8(e.client, sizeof e.client, client);
    int rc = SG_OK;
    unsigned char key[32], prev[HASH_LEN], hash[HASH_LEN], mac[HASH_LEN];
    memset(prev, 0, sizeof prev);
    int64_t last = 0, head_seq = -1;
    bool head_ok = false, have_last = false;
    sqlite3_stmt *st = NULL;
    /* The last entry and the head, inside the write transaction, so two writers cannot both
     * extend the same entry. */
    if (sqlite3_prepare_v2(db, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", -1, &st,
                           NULL) != SQLITE_OK) {
        rc = sg_store_dberr(db, err, "cannot read the audit trail");
        goto out;
    }
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        have_last = true;
        last = sqlite3_column_int64(st, 0);
        if (sqlite3_column_bytes(st, 1) == HASH_LEN)
            memcpy(prev, sqlite3_column_blob(st, 1), HASH_LEN);
    } else if (step != SQLITE_DONE) {
        rc = sg_store_dberr(db, err, "cannot read the audit trail");
        goto out;
    }
    sqlite3_finalize(st);
    st = NULL;
    sg_access_subkey(s, SG_KDF_AUDIT, key);
    if (sqlite3_prepare_v2(db, "SELECT seq, mac FROM audit_head WHERE id = 1", -1, &st, NULL) ==
            SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        head_seq = sqlite3_column_int64(st, 0);
        if (!have_last)
            head_ok = head_seq == 0 && sqlite3_column_type(st, 1) == SQLITE_NULL;
        else if (head_seq == last && sqlite3_column_bytes(st, 1) == HASH_LEN) {
            head_mac(key, head_seq, prev, mac);
            head_ok = sodium_memcmp(sqlite3_column_blob(st, 1), mac, HASH_LEN) == 0;
        }
    }
    sqlite3_finalize(st);
    st = NULL;
    /* Numbering continues from the head when entries were cut from the end, so the gap stays
     * visible; and a head that does not match the trail is left as it is, so no later entry
     * can make a tampered trail look whole again. */
    int64_t seq = genesis && !have_last ? 0 : (head_seq > last ? head_seq : last) + 1;
    entry_fields f = {seq, now, user_id, e.username, e.role, action, e.object, e.detail, e.client};
    entry_hash(key, prev, &f, hash);
    head_mac(key, seq, hash, mac);
    sodium_memzero(key, sizeof key);
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO audit_log (seq, at, user_id, username, role, action, "
                           "object, detail, client, hash) VALUES (?,?,?,?,?,?,?,?,?,?)",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = sg_store_dberr(db, err, "cannot write the audit trail");
        goto out;
    }
    sqlite3_bind_int64(st, 1, seq);
    sqlite3_bind_int64(st, 2, now);
    sqlite3_bind_int64(st, 3, user_id);
    sqlite3_bind_text(st, 4, e.username, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, e.role, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, action, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, e.object, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, e.detail, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, e.client, -1, SQLITE_STATIC);
    sqlite3_bind_blob(st, 10, hash, HASH_LEN, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = sg_store_dberr(db, err, "cannot write the audit trail");
        goto out;
    }
    sqlite3_finalize(st);
    st = NULL;
    if (!head_ok) goto out;
    if (sqlite3_prepare_v2(db, "UPDATE audit_head SET seq = ?, mac = ? WHERE id = 1", -1, &st,
                           NULL) != SQLITE_OK) {
        rc = sg_store_dberr(db, err, "cannot write the audit head");
        goto out;
    }
    sqlite3_bind_int64(st, 1, seq);
    sqlite3_bind_blob(st, 2, mac, HASH_LEN, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = sg_store_dberr(db, err, "cannot write the audit head");
        goto out;
    }
out:
    sqlite3_finalize(st);
    return rc;
}

/* One integer from a query without parameters (0 when it gives NULL). */
static int one_int(sqlite3 *db, const char *sql, long long *out, bool *found, sg_error *err)
{
    sqlite3_stmt *st = NULL;
    *out = 0;
    if (found) *found = false;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot read the audit trail");
    int step = sqlite3_step(st), rc = SG_OK;
    if (step == SQLITE_ROW) {
        *out = sqlite3_column_int64(st, 0);
        if (found) *found = true;
    } else if (step != SQLITE_DONE) {
        rc = sg_store_dberr(db, err, "cannot read the audit trail");
    }
    sqlite3_finalize(st);
    return rc;
}

#define GENESIS_ACTION "audit_genesis"
#define GENESIS_OBJECT "audit:genesis"

/* The genesis step, inside a write transaction (docs/access.md, "The genesis entry"). Seals
 * a trail that has no genesis entry when the store is marked pending (a new store, or one from
 * before the genesis entry: migration 9), or when the trail is empty and the store holds no
 * account and no submission (nothing whose creation leaves an entry can have been wiped).
 * Never otherwise: a trail emptied later stays unsealed, and verify reports it. */
static int seal(sg_store *s, int64_t now, sg_error *err)
{
    sqlite3 *db = sg_store_db(s);
    long long v, last, head, pending, accounts, subs, changes;
    bool have, have_last;
    int rc = one_int(db,
                     "SELECT seq FROM audit_log WHERE object = '" GENESIS_OBJECT
                     "' AND action = '" GENESIS_ACTION "' LIMIT 1",
                     &v, &have, err);
    if (rc || have) return rc;
    if ((rc = one_int(db, "SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 1", &last, &have_last,
                      err)) ||
        (rc = one_int(db, "SELECT seq FROM audit_head WHERE id = 1", &head, NULL, err)) ||
        (rc = one_int(db, "SELECT genesis_pending FROM audit_head WHERE id = 1", &pending, NULL,
                      err)) ||
        (rc = one_int(db, "SELECT max(id) FROM account", &accounts, NULL, err)) ||
        (rc = one_int(db, "SELECT max(id) FROM submission", &subs, NULL, err)) ||
        (rc = one_int(db, "SELECT max(id) FROM register_change", &changes, NULL, err)))
        return rc;
    if (!pending && (have_last || head != 0 || accounts || subs)) return SG_OK;
    char detail[200];
    if (have_last)
        snprintf(detail, sizeof detail,
                 "sealed after earlier entries: entries=%lld accounts=%lld submissions=%lld "
                 "register_changes=%lld",
                 last, accounts, subs, changes);
    else
        snprintf(detail, sizeof detail,
                 "trail started: entries=0 accounts=%lld submissions=%lld register_changes=%lld",
                 accounts, subs, changes);
    rc = append(s, 0, "safeguard", "system", GENESIS_ACTION, GENESIS_OBJECT, detail, NULL, now,
                true, err);
    if (!rc && pending &&
        sqlite3_exec(db, "UPDATE audit_head SET genesis_pending = 0 WHERE id = 1", NULL, NULL,
                     NULL) != SQLITE_OK)
        rc = sg_store_dberr(db, err, "cannot write the audit head");
    return rc;
}

int sg_audit_seal(sg_store *s, int64_t now, sg_error *err)
{
    bool own;
    int rc = sg_access_begin(s, &own, err);
    if (rc) return rc;
    if ((rc = seal(s, now, err))) {
        sg_access_rollback(s, own);
        return rc;
    }
    return sg_access_commit(s, own, err);
}

int sg_audit_as(sg_store *s, int64_t user_id, const char *username, const char *role,
                const char *action, const char *object, const char *detail, const char *client,
                int64_t now, sg_error *err)
{
    if (!action_valid(action))
        return sg_err(err, SG_EINVAL, "audit action '%s' is not 1-23 of a-z and _",
                      action ? action : "");
    bool own;
    int rc = sg_access_begin(s, &own, err);
    if (rc) return rc;
    if (!(rc = seal(s, now, err)))
        rc = append(s, user_id, username, role, action, object, detail, client, now, false, err);
    if (rc) {
        sg_access_rollback(s, own);
        return rc;
    }
    return sg_access_commit(s, own, err);
}

int sg_audit(sg_store *s, const sg_principal *who, const char *action, const char *object,
             const char *detail, const char *client, int64_t now, sg_error *err)
{
    sg_principal pub = sg_principal_public();
    if (!who) who = &pub;
    return sg_audit_as(s, who->user_id, who->username, sg_role_name(who->role), action, object,
                       detail, client, now, err);
}

static void col_text(sqlite3_stmt *st, int i, char *dst, size_t dstsz)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    cut_utf8(dst, dstsz, t ? (const char *)t : "");
}

int sg_audit_each(sg_store *s, const sg_audit_filter *f, sg_audit_fn fn, void *ctx, sg_error *err)
{
    sg_audit_filter none;
    memset(&none, 0, sizeof none);
    if (!f) f = &none;
    if (f->limit < 0) return sg_err(err, SG_EINVAL, "the limit must not be negative");
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    /* Object is a prefix match by substr, not LIKE, so '%' and '_' in a name mean themselves. */
    const char *sql =
        f->limit > 0
            ? "SELECT seq, at, username, role, action, object, detail, client FROM audit_log "
              "WHERE (?1 IS NULL OR username = ?1) AND (?2 IS NULL OR substr(object, 1, "
              "length(?2)) = ?2) AND (?3 IS NULL OR action = ?3) AND (?4 = 0 OR at >= ?4) "
              "AND (?5 = 0 OR at <= ?5) ORDER BY seq DESC LIMIT ?6"
            : "SELECT seq, at, username, role, action, object, detail, client FROM audit_log "
              "WHERE (?1 IS NULL OR username = ?1) AND (?2 IS NULL OR substr(object, 1, "
              "length(?2)) = ?2) AND (?3 IS NULL OR action = ?3) AND (?4 = 0 OR at >= ?4) "
              "AND (?5 = 0 OR at <= ?5) ORDER BY seq";
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot read the audit trail");
    if (f->username) sqlite3_bind_text(st, 1, f->username, -1, SQLITE_STATIC);
    if (f->object) sqlite3_bind_text(st, 2, f->object, -1, SQLITE_STATIC);
    if (f->action) sqlite3_bind_text(st, 3, f->action, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, f->from);
    sqlite3_bind_int64(st, 5, f->to);
    if (f->limit > 0) sqlite3_bind_int64(st, 6, f->limit);
    int rc = SG_OK, step;
    sg_audit_entry e;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        memset(&e, 0, sizeof e);
        e.seq = sqlite3_column_int64(st, 0);
        e.at = sqlite3_column_int64(st, 1);
        col_text(st, 2, e.username, sizeof e.username);
        col_text(st, 3, e.role, sizeof e.role);
        col_text(st, 4, e.action, sizeof e.action);
        col_text(st, 5, e.object, sizeof e.object);
        col_text(st, 6, e.detail, sizeof e.detail);
        col_text(st, 7, e.client, sizeof e.client);
        if ((rc = fn(ctx, &e)) != 0) break;
    }
    if (rc == SG_OK && step != SQLITE_DONE)
        rc = sg_store_dberr(db, err, "cannot read the audit trail");
    sqlite3_finalize(st);
    return rc;
}

/* What the trail must hold because of what the store holds (docs/access.md, "What the store
 * implies"): every account after the genesis entry has the 'user' entry "added with role ..."
 * that sg_user_add writes in the same transaction; every submission after it (but the LADO
 * register's standing one) has the 'upload' entry its import writes in the same transaction;
 * every register change after it has the 'change' entry of its record (register:NAME:KEY) or,
 * for an import, of its register (register:NAME), written in the change's transaction by the
 * scoped layer and the CLI.
 * A trail cut back (to its genesis, or by an old head put back) leaves these missing. */
/* One implication: sql selects, for the first row made after base (?1) that has no audit entry,
 * the text naming it; such a row means entries were deleted. */
static int first_missing(sqlite3 *db, const char *sql, long long base, const char *rows,
                         const char *what, int64_t *first_bad, sg_error *err)
{
    sqlite3_stmt *st = NULL;
    char cannot[64];
    snprintf(cannot, sizeof cannot, "cannot read the %s", rows);
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, cannot);
    sqlite3_bind_int64(st, 1, base);
    int rc = SG_OK, step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        *first_bad = 0;
        rc = sg_err(err, SG_ECONFLICT, "%s has no entry%s in the audit trail: entries were deleted",
                    (const char *)sqlite3_column_text(st, 0), what);
    } else if (step != SQLITE_DONE) {
        rc = sg_store_dberr(db, err, cannot);
    }
    sqlite3_finalize(st);
    return rc;
}

static int check_implied(sqlite3 *db, long long base_accounts, long long base_subs,
                         long long base_changes, int64_t *first_bad, sg_error *err)
{
    int rc = first_missing(db,
                           "SELECT 'account ''' || username || ''' (id ' || id || ')' FROM "
                           "account a WHERE id > ?1 AND NOT EXISTS (SELECT 1 FROM audit_log l "
                           "WHERE l.object = 'user:' || a.username AND l.action = 'user' AND "
                           "substr(l.detail, 1, 16) = 'added with role ') ORDER BY id LIMIT 1",
                           base_accounts, "accounts", " for its creation", first_bad, err);
    if (!rc)
        rc = first_missing(db,
                           "SELECT 'submission ' || id FROM submission s WHERE id > ?1 AND "
                           "format <> 'register/lado' AND NOT EXISTS (SELECT 1 FROM audit_log l "
                           "WHERE l.object = 'submission:' || s.id AND l.action = 'upload') "
                           "ORDER BY id LIMIT 1",
                           base_subs, "submissions", " for its import", first_bad, err);
    if (!rc)
        rc = first_missing(db,
                           "SELECT 'register change ' || c.id || ' (' || c.register || ' ' || "
                           "c.key || ')' FROM register_change c WHERE c.id > ?1 AND NOT EXISTS "
                           "(SELECT 1 FROM audit_log l WHERE l.action = 'change' AND l.object = "
                           "CASE c.action WHEN 'import' THEN 'register:' || c.register ELSE "
                           "'register:' || c.register || ':' || c.key END) ORDER BY c.id LIMIT 1",
                           base_changes, "register changes", "", first_bad, err);
    return rc;
}

static int verify(sg_store *s, bool legacy, long *checked, int64_t *first_bad, sg_error *err);

int sg_audit_verify(sg_store *s, long *checked, int64_t *first_bad, sg_error *err)
{
    return verify(s, false, checked, first_bad, err);
}

int sg_audit_verify_legacy(sg_store *s, long *checked, int64_t *first_bad, sg_error *err)
{
    return verify(s, true, checked, first_bad, err);
}

static int verify(sg_store *s, bool legacy, long *checked, int64_t *first_bad, sg_error *err)
{
    sqlite3 *db = sg_store_db(s);
    *checked = 0;
    *first_bad = 0;
    unsigned char key[32], prev[HASH_LEN], hash[HASH_LEN], mac[HASH_LEN];
    memset(prev, 0, sizeof prev);
    sqlite3_stmt *st = NULL;
    int rc = SG_OK, step;
    int64_t expect = 1, genesis = -1;
    bool first = true;
    long long base_accounts = 0, base_subs = 0, base_changes = 0;
    /* One read transaction, so a writer cannot slip an entry between the walk and the head. */
    bool own_tx = sqlite3_get_autocommit(db) != 0;
    if (own_tx && (rc = sg_store_exec(s, "BEGIN", err))) return rc;
    if (sqlite3_prepare_v2(db,
                           "SELECT seq, at, user_id, username, role, action, object, detail, "
                           "client, hash FROM audit_log ORDER BY seq",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = sg_store_dberr(db, err, "cannot read the audit trail");
        goto out;
    }
    sg_access_subkey(s, SG_KDF_AUDIT, key);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        entry_fields f;
        f.seq = sqlite3_column_int64(st, 0);
        f.at = sqlite3_column_int64(st, 1);
        f.user_id = sqlite3_column_int64(st, 2);
        f.username = (const char *)sqlite3_column_text(st, 3);
        f.role = (const char *)sqlite3_column_text(st, 4);
        f.action = (const char *)sqlite3_column_text(st, 5);
        f.object = (const char *)sqlite3_column_text(st, 6);
        f.detail = (const char *)sqlite3_column_text(st, 7);
        f.client = (const char *)sqlite3_column_text(st, 8);
        if (first && f.seq == 0) expect = 0; /* the genesis entry of a store created with it */
        first = false;
        if (f.seq != expect) {
            *first_bad = f.seq > expect ? expect : f.seq;
            rc = f.seq > expect
                     ? sg_err(err, SG_ECONFLICT, "audit entry %lld is missing (the next is %lld)",
                              (long long)expect, (long long)f.seq)
                     : sg_err(err, SG_ECONFLICT, "audit entry %lld is out of sequence (found %lld)",
                              (long long)expect, (long long)f.seq);
            goto out;
        }
        entry_hash(key, prev, &f, hash);
        const void *stored = sqlite3_column_blob(st, 9);
        if (sqlite3_column_bytes(st, 9) != HASH_LEN || !stored ||
            sodium_memcmp(stored, hash, HASH_LEN) != 0) {
            *first_bad = f.seq;
            rc = sg_err(err, SG_ECONFLICT,
                        "audit entry %lld does not verify: it, or an entry before it, was "
                        "altered, inserted or removed",
                        (long long)f.seq);
            goto out;
        }
        /* The first genesis entry (it cannot be forged: its hash is keyed) and the accounts and
         * submissions that predate it. */
        if (genesis < 0 && f.action && f.object && strcmp(f.action, GENESIS_ACTION) == 0 &&
            strcmp(f.object, GENESIS_OBJECT) == 0) {
            const char *d = f.detail ? strstr(f.detail, "accounts=") : NULL;
            genesis = f.seq;
            if (!d || sscanf(d, "accounts=%lld submissions=%lld register_changes=%lld",
                             &base_accounts, &base_subs, &base_changes) != 3)
                base_accounts = base_subs = base_changes = 0;
        }
        memcpy(prev, hash, HASH_LEN);
        (*checked)++;
        expect++;
    }
    if (step != SQLITE_DONE) {
        rc = sg_store_dberr(db, err, "cannot read the audit trail");
        goto out;
    }
    sqlite3_finalize(st);
    st = NULL;
    /* The head: the last sequence number written, under its own MAC. */
    int64_t head_seq = -1;
    bool mac_ok = false;
    if (sqlite3_prepare_v2(db, "SELECT seq, mac FROM audit_head WHERE id = 1", -1, &st, NULL) ==
            SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        head_seq = sqlite3_column_int64(st, 0);
        if (*checked == 0)
            mac_ok = head_seq == 0 && sqlite3_column_type(st, 1) == SQLITE_NULL;
        else if (sqlite3_column_bytes(st, 1) == HASH_LEN) {
            head_mac(key, head_seq, prev, mac);
            mac_ok = sodium_memcmp(sqlite3_column_blob(st, 1), mac, HASH_LEN) == 0;
        }
    }
    int64_t last = expect - 1;
    if (head_seq < 0) {
        *first_bad = last + 1;
        rc = sg_err(err, SG_ECONFLICT, "the audit head is missing");
    } else if (head_seq > last) {
        *first_bad = last + 1;
        rc = sg_err(err, SG_ECONFLICT,
                    "audit entries %lld to %lld are missing from the end of the trail",
                    (long long)(last + 1), (long long)head_seq);
    } else if (head_seq < last) {
        *first_bad = head_seq + 1;
        rc = sg_err(err, SG_ECONFLICT,
                    "the audit head (entry %lld) does not match the trail: entries after it "
                    "were removed or added outside safeguard",
                    (long long)head_seq);
    } else if (!mac_ok) {
        *first_bad = last > 0 ? last : 1;
        rc =
            sg_err(err, SG_ECONFLICT,
                   "the audit head does not verify against the last entry (%lld)", (long long)last);
    } else if (legacy) {
        /* a release before the genesis entry: chain and head are all it promised */
    } else if (*checked == 0) {
        *first_bad = 0;
        rc = sg_err(err, SG_ECONFLICT,
                    "the audit trail is empty: every store's trail begins with its keyed "
                    "genesis entry, so every entry was deleted");
    } else if (genesis < 0) {
        *first_bad = 0;
        rc = sg_err(err, SG_ECONFLICT,
                    "the audit trail has no genesis entry: its entries were deleted and the "
                    "trail restarted (%lld entries since)",
                    (long long)last);
    } else {
        sqlite3_finalize(st);
        st = NULL;
        rc = check_implied(db, base_accounts, base_subs, base_changes, first_bad, err);
    }
out:
    sodium_memzero(key, sizeof key);
    sqlite3_finalize(st);
    if (own_tx) sg_store_exec(s, "COMMIT", NULL);
    return rc;
}

int sg_audit_head(sg_store *s, int64_t *seq, char hex[65], sg_error *err)
{
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    *seq = 0;
    hex[0] = '\0';
    if (sqlite3_prepare_v2(db, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", -1, &st,
                           NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot read the audit trail");
    int rc = SG_OK, step = sqlite3_step(st);
    if (step == SQLITE_ROW && sqlite3_column_bytes(st, 1) == HASH_LEN) {
        *seq = sqlite3_column_int64(st, 0);
        sodium_bin2hex(hex, 65, sqlite3_column_blob(st, 1), HASH_LEN);
    } else if (step != SQLITE_DONE && step != SQLITE_ROW) {
        rc = sg_store_dberr(db, err, "cannot read the audit trail");
    }
    sqlite3_finalize(st);
    return rc;
}

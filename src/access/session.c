/* session.c - logging in (password, throttling, lockout) and server-side sessions.
 *
 * A session token is 32 bytes from randombytes_buf shown to the client as 64 lowercase hex
 * digits; the store keeps only its BLAKE2b-256 hash, so a copy of the database gives no live
 * session. Each session has its own CSRF token. Sessions die after SG_SESSION_IDLE_SECONDS
 * without a request, after SG_SESSION_MAX_SECONDS in all, at logout, when the account is
 * disabled or reset, and (while the second factor is pending) after
 * SG_SESSION_PENDING_SECONDS. */
#include "access/access_int.h"

#include "core/mem.h"

#include <stdio.h>
#include <string.h>

int sg_session_end_user(sg_store *s, int64_t user_id, int64_t now, sg_error *err)
{
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "UPDATE session SET ended = ? WHERE account_id = ? AND ended IS NULL",
                           -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot end the sessions");
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int64(st, 2, user_id);
    int rc = sqlite3_step(st) == SQLITE_DONE ? SG_OK
                                             : sg_store_dberr(db, err, "cannot end the sessions");
    sqlite3_finalize(st);
    return rc;
}

/* return_receipt.h - partner returns as the return calendar sees them: every partner-return
 * submission (format "partner", any organisation and period) with the day it was received - the
 * day recorded for it in table return_receipt when one was given at import (sg_import_opts
 * received: a return e-mailed on the due day and imported later), else the day of its
 * imported_at - its accepted and rejected rows, its validation findings (errors and queries),
 * and whether a later return superseded it. registers/return_calendar.h turns these into
 * statuses; store/import.c records the receipt in the import's transaction. Also the refused
 * partner returns (table return_refusal): an import that is refused rolls back, so the attempt
 * is recorded after it, in a transaction of its own, for the queries raised. */
#ifndef SG_STORE_RETURN_RECEIPT_H
#define SG_STORE_RETURN_RECEIPT_H

#include "core/clock.h"
#include "core/date.h"
#include "core/sg.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

typedef struct sg_return_sub {
    int64_t id;
    char organisation[64];
    char period[32];
    sg_date received; /* the receipt's day, else imported_at's (UTC) day */
    char imported_at[24];
    long rows_accepted, rows_rejected;
    long findings; /* validation findings of severity error or query */
    int64_t superseded_by;
} sg_return_sub;

typedef struct sg_return_subs {
    sg_return_sub *v;
    size_t n, cap;
} sg_return_subs;

void sg_return_subs_fini(sg_return_subs *subs);

/* Every partner-return submission, ordered by organisation, period, received day, id. subs is
 * initialised here; the caller fini's it, also after an error. */
int sg_return_subs_load(sg_store *s, sg_return_subs *subs, sg_error *err);

/* Records that submission was received on day iso (YYYY-MM-DD, a real date, not after today:
 * sg_date_today). Runs in the caller's transaction when one is open. SG_EINVAL (field
 * "received") for a bad or future date. */
int sg_return_receipt_put(sg_store *s, int64_t submission, const char *iso, sg_error *err);

/* Parses a received day as sg_return_receipt_put checks it (NULL err allowed). */
int sg_return_received_parse(const char *iso, sg_date *out, sg_error *err);

/* A refused partner return: who sent which file for which organisation and period, when, and
 * the problems to fix (one a line; partner returns hold no child identifier). */
typedef struct sg_return_refusal {
    int64_t id;
    char organisation[64];
    char period[32];
    char file[256];
    char refused_at[SG_UTC_STAMP_LEN];
    char username[64];
    sg_date day; /* received_on: the day it was received (else refused_at's UTC day) */
    long problems;
} sg_return_refusal;

typedef struct sg_return_refusals {
    sg_return_refusal *v;
    size_t n, cap;
} sg_return_refusals;

void sg_return_refusals_fini(sg_return_refusals *r);

/* Records a refused return at time now (its own transaction; call it after the import rolled
 * back, never inside one that may roll back). file is stored by its base name; detail holds
 * the problems' text, one a line (NULL = none); received the day the return was received, as
 * sg_return_receipt_put checks it (NULL = today, sg_date_today). SG_EINVAL for an empty
 * organisation or period or a bad received day. */
int sg_return_refusal_put(sg_store *s, const char *organisation, const char *period,
                          const char *file, const char *username, long problems, const char *detail,
                          const char *received, int64_t now, sg_error *err);

/* Every refused return, ordered by organisation, period, refused_at, id (detail not loaded).
 * r is initialised here; the caller fini's it, also after an error. */
int sg_return_refusals_load(sg_store *s, sg_return_refusals *r, sg_error *err);

#endif

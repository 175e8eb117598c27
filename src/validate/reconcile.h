/* reconcile.h - cross-agency reconciliation: for pairs of sources that should
 * agree about the same children and events in a period, the count on each side, how many on
 * each side have a counterpart on the other, and the record-level lists behind the numbers.
 *
 * Pairs (matching rules in docs/rules.md, "Reconciliation"):
 *   missing-episodes   police missing episodes from care  vs  SSDA903 missing episodes
 *   missing-known      children police report missing     vs  children with CSC records
 *   strategy           police strategy requests           vs  CSC strategy discussions and S47s
 *   lado:<AGENCY>      LADO referrals from AGENCY         vs  AGENCY's own LADO return
 *   annexa-cin:<type>  Annex A referrals, assessments, S47s, CP plans vs the CIN census's
 * Records are counted when their date lies in the period; children match by the store's child
 * link (pseudonyms), never by raw identifiers. */
#ifndef SG_VALIDATE_RECONCILE_H
#define SG_VALIDATE_RECONCILE_H

#include "core/date.h"
#include "core/sg.h"
#include "store/store.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct sg_recon_pair {
    char name[64];
    char left[96], right[96]; /* what each side counts */
    long left_n, right_n;     /* records on each side */
    long left_matched;        /* left records with a counterpart on the right */
    long right_matched;       /* right records with a counterpart on the left */
    bool right_listed;        /* false when the right side is a population, not a list to fix */
} sg_recon_pair;

/* One record of a pair (borrowed for the call). */
typedef struct sg_recon_record {
    const char *pair;
    const char *side; /* "left" or "right" */
    bool matched;
    const char *child;  /* pseudonym or "" */
    const char *date;   /* ISO */
    const char *detail; /* e.g. the LADO reference or the event kind; may be "" */
    int64_t submission;
    const char *file;
    long line;
} sg_recon_record;

typedef int (*sg_recon_record_fn)(void *ud, const sg_recon_record *r);

/* Reconciles the live returns for period. *pairs receives a heap array of *npairs results
 * (caller frees). fn (may be NULL) receives every record of every pair, left side then right,
 * in date order. SG_EINVAL for a period that is not one; SG_EDB. */
int sg_reconcile(sg_store *s, const char *period, sg_recon_pair **pairs, int *npairs,
                 sg_recon_record_fn fn, void *ud, sg_error *err);

/* Writes the reconciliation as text (counts per pair), CSV (one row per record: pair, side,
 * status, child, date, detail, submission, file, line; formula-safe) or JSON (pairs with their
 * counts and records). fmt: 0 summary, 1 csv, 2 json. */
int sg_reconcile_report(sg_store *s, const char *period, int fmt, FILE *out, sg_error *err);

#endif

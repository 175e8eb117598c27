/* partner.h - partner returns as data: the values organisations returned for the measures of
 * the catalogue (store table partner_value, filled by ingest/partner_return.c), read back as
 * the live values of a measure - those of the latest accepted return of each organisation and
 * period, a resubmission superseding the earlier return, which stays as history - each with the
 * submission it came from (traceability). Format: docs/formats/partner.md. */
#ifndef SG_PARTNER_H
#define SG_PARTNER_H

#include "core/sg.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

typedef struct sg_partner_value {
    char organisation[64];
    char period[32];
    char measure[64];
    char breakdown[64]; /* "" = the whole measure */
    int has_value, has_num, has_den;
    double value, numerator, denominator;
    char *text;        /* owned, NULL = blank */
    char *explanation; /* owned, NULL = blank */
    int64_t submission;
    long line;      /* line (CSV) or row (.xlsx) in the return */
    char sheet[64]; /* .xlsx: the sheet, "" for CSV */
    char cols[64];  /* .xlsx: the fields' columns (record.h SG_PARTNER_FIELDS) */
    char file[256]; /* the return's file name */
    char imported_at[24];
} sg_partner_value;

typedef struct sg_partner_values {
    sg_partner_value *v;
    size_t n, cap;
} sg_partner_values;

void sg_partner_values_fini(sg_partner_values *vs);

/* The live values of measure (NULL = every measure) for period (NULL = every period), ordered
 * by measure, period, organisation, breakdown. vs is initialised here; the caller fini's it,
 * also after an error. */
int sg_partner_live(sg_store *s, const char *measure, const char *period, sg_partner_values *vs,
                    sg_error *err);

/* Every value of one submission (live or superseded), in line order. */
int sg_partner_of_submission(sg_store *s, int64_t submission, sg_partner_values *vs, sg_error *err);

/* The .xlsx cell of field (one of record.h SG_PARTNER_FIELDS) of v, e.g. "Return!D7", or ""
 * for a CSV return or a field the return has no column for. */
void sg_partner_cell(const sg_partner_value *v, const char *field, char *out, size_t outsz);

#endif

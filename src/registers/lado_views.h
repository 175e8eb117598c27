/* lado_views.h - the LADO register: allegations against adults who work with
 * children, kept in the store's `lado` table, which the agency/lado return already fills
 * (docs/formats/agency.md). The register does not keep a second copy: its add and update
 * write `lado` rows of one standing submission ("register/lado"), with a change log of its
 * own (table lado_change: who, when, field, old, new), and list, export and the computed views
 * read every live `lado` row, returned or entered. A case reference that several live returns
 * (or a return and the register) state counts once, as the newest submission states it.
 * Computed: counts by financial year; % by referring agency, employment sector, category and
 * outcome; timescale bands from received to concluded. See docs/registers.md. */
#ifndef SG_LADO_VIEWS_H
#define SG_LADO_VIEWS_H

#include "registers/register.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* The register's columns and code lists (the agency/lado template's), used to validate add and
 * update and to document them. It is not in the registry: the generic engine stores records in
 * register_record, and LADO records live in `lado`. */
extern const sg_register sg_reg_lado;
#define SG_LADO_FORMAT "register/lado" /* the standing submission's format */

/* One case as the views see it. Codes longer than the buffers are cut (codes from returns are
 * stored as given). */
typedef struct sg_lado_case {
    int64_t id, submission;
    bool from_register; /* entered through the register (else from a return) */
    char ref[64], kind[24], agency[40], sector[40], category[40], outcome[40];
    sg_date received, strategy, concluded;
} sg_lado_case;

/* Loads the effective cases (one per reference; rows without a reference each count) of live
 * submissions, by received date then reference. *out is xmalloc'd (caller frees). */
int sg_lado_load(sg_store *s, sg_lado_case **out, size_t *n, sg_error *err);

/* Adds a case from fields named as in the agency/lado template (lado_ref, kind,
 * received_date, referring_agency, employment_sector, category, initial_strategy_date,
 * concluded_date, outcome; values as typed). Every code must be in its list, dates real and
 * not in the future, strategy and conclusion not before receipt, concluded_date given exactly
 * when the outcome is not ONGOING. SG_ECONFLICT when a live case has the reference. On error
 * nothing changes and err names the field. Joins the caller's transaction if there is one. */
int sg_lado_add(sg_store *s, const sg_reg_field *fields, size_t n, const char *user, sg_error *err);

/* Changes fields of the case ref entered through the register (an empty value clears). A case
 * from a return is changed by a corrected return instead (SG_ECONFLICT naming the
 * submission). SG_ENOTFOUND when no live case has ref. *changed (may be NULL) = fields that
 * changed. */
int sg_lado_update(sg_store *s, const char *ref, const sg_reg_field *fields, size_t n,
                   const char *user, int *changed, sg_error *err);

/* The change log of register entries (ref NULL = all), oldest first; action "add"/"update";
 * source is NULL. Stops early and returns fn's status when non-zero. */
int sg_lado_log_each(sg_store *s, const char *ref, sg_reg_change_fn fn, void *ctx, sg_error *err);

/* Writes the effective cases as CSV in the agency/lado template (header, CRLF, cells made
 * spreadsheet-safe), in received date then reference order: importing it as agency/lado gives
 * the same cases. */
int sg_lado_export_csv(sg_store *s, FILE *out, sg_error *err);

/* ---- computed ---- */
#define SG_LADO_MAX_CODES 24

typedef struct sg_lado_share {
    char code[40]; /* as stored; "(blank)" for absent; "(other codes)" gathers overflow */
    long n;
    bool has_pct;
    double pct; /* n / the year's total, 1 dp (core/num.h) */
} sg_lado_share;

typedef struct sg_lado_tally {
    sg_lado_share s[SG_LADO_MAX_CODES]; /* code list order, then unlisted codes as met */
    int n;
} sg_lado_tally;

typedef enum {
    SG_LADO_LT1M,
    SG_LADO_LT3M,
    SG_LADO_LT12M,
    SG_LADO_12MPLUS,
    SG_LADO__BANDS
} sg_lado_band;

typedef struct sg_lado_year {
    int year;
    long received, contacts, referrals;              /* received_date in the year */
    sg_lado_tally agency, sector, category, outcome; /* over the year's received cases */
    long concluded;            /* concluded_date in the year (with a received date) */
    long band[SG_LADO__BANDS]; /* of those, by time from received to concluded */
    double band_pct[SG_LADO__BANDS];
    bool has_band_pct;
    long open_at_year_end; /* received by the year's end, not concluded by then */
} sg_lado_year;

/* The band of a case received on r and concluded on c: under 1 calendar month (c before r +
 * 1 month, month-end clamped: 31 Jan + 1 month = 29 Feb), under 3, under 12, 12 or more. */
sg_lado_band sg_lado_band_of(sg_date r, sg_date c);
const char *sg_lado_band_label(sg_lado_band b);

/* Figures for financial year `year` (1 April year .. 31 March year+1). */
int sg_lado_year_compute(const sg_lado_case *cases, size_t n, int year, sg_lado_year *out);

/* Appends the view named name ("years", "breakdown", "timescales") to out, an initialised
 * document (registers/view.h). SG_ENOTFOUND for another name. */
int sg_lado_view(sg_store *s, const char *name, const sg_reg_view_opts *o, sg_view_doc *out,
                 sg_error *err);

#endif

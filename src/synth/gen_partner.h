/* gen_partner.h - the generator's partner measures: a catalogue of partner measures owned by
 * the generated organisations (health, police, education, youth justice, community safety,
 * early help and the partnership itself), their returns for every generated year (one CSV per
 * organisation and period in DIR/returns/, some received late, some never, some resubmitted,
 * and - with --faults - some refused for a planted fault and sent again corrected), the
 * commentary on the last year, and the truth of each return for the manifest. Internal to the
 * generator (docs/generator.md, "Partner measures and returns"). */
#ifndef SG_SYNTH_GEN_PARTNER_H
#define SG_SYNTH_GEN_PARTNER_H

#include "synth/synth_int.h"

#include <jansson.h>

/* The due rule the generator assumes (the store's default setting returns.due_days). */
#define SYN_RETURNS_DUE_DAYS 15

/* Receives one register row: the register's name and n (column, canonical value) pairs; an
 * absent value is not passed. */
typedef void (*syn_row_fn)(void *ctx, const char *reg, const char *const *cols,
                           const char *const *vals, int n);

/* The extra organisations the partner measures need (the community safety partnership and the
 * partnership's business unit), then the `measure` rows and the `commentary` rows. */
void syn_partner_orgs(syn_row_fn fn, void *ctx);
void syn_partner_rows(const syn_ctx *x, syn_row_fn fn, void *ctx);

/* Writes DIR/returns/ORG_PERIOD.csv (and _2, _3 for later files of the same return) and
 * DIR/returns/manifest.json: the return files in the order to import them, each with its
 * organisation (agency), period, format partner and received day, for `safeguard import
 * --manifest` after the registers. SG_EIO naming the file. */
int syn_partner_write(syn_ctx *x);

/* The manifest's "returns" object: the due rule, the returns manifest's path and one entry per
 * owed return - organisation, period, due, status (on_time, late, missing), received (the
 * first accepted file's day, null when missing), resubmissions, refused files with their fault,
 * and the files. Caller owns the reference. */
json_t *syn_partner_json(const syn_ctx *x);

#endif

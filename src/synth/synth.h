/* synth.h - the synthetic partnership generator: a believable local safeguarding partnership
 * written in the sector's own formats (CIN census XML, SSDA903 CSVs, Annex A lists, agency
 * returns), with a manifest of the true counts and of every planted data-quality fault.
 *
 * Children's journeys follow the statutory pathway (contact, referral, assessment, strategy
 * discussion, section 47 enquiry, ICPC, child protection plan, looked after) at England-like
 * rates; see docs/generator.md for the model, the files and the manifest schema. No real data
 * is used anywhere: identifiers are made up and names come from small lists of common words.
 *
 * Deterministic: the same options give byte-identical files. Each child's random stream is
 * seeded from (seed, child index) only, so output does not depend on iteration order. Memory
 * stays flat whatever the number of children: one child's whole multi-year journey is built in
 * a reused buffer and written into every open output file before the next child is made. */
#ifndef SG_SYNTH_H
#define SG_SYNTH_H

#include "core/sg.h"

#include <stdint.h>

#define SG_SYNTH_MAX_CHILDREN 30000000L /* England has ~12 million children aged 0-17 */
#define SG_SYNTH_MAX_YEARS 20

typedef struct sg_synth_opts {
    long children;       /* children aged 0-17 in the partnership (1..SG_SYNTH_MAX_CHILDREN) */
    int years;           /* financial years to write (1..SG_SYNTH_MAX_YEARS) */
    uint64_t seed;       /* any value; at most INT64_MAX so the manifest can record it */
    const char *out;     /* output folder (created when missing; existing files are replaced) */
    double faults;       /* share of records (0..1) given a planted fault; 0 = none */
    const char *la_code; /* three-digit LA code, NULL = "341" */
    int end_year;        /* year of the last 31 March (default 2025 -> last year 2024-25) */
} sg_synth_opts;

/* Sets the defaults: years 1, faults 0, la_code "341", end_year 2025, children 0, out NULL. */
void sg_synth_opts_init(sg_synth_opts *o);

/* Progress: done children of total (child slots, including those born during the years), called
 * about every 1% and once at the end. */
typedef void (*sg_synth_progress_fn)(void *ctx, long long done, long long total);

/* Writes the partnership under o->out (see docs/generator.md for the file list) and
 * manifest.json last, so a complete manifest means a complete run. progress may be NULL.
 * Returns SG_EINVAL for options out of range (err names the option), SG_EIO when a file cannot
 * be created or written (err names the file). On error, files already written are left. */
int sg_synth_run(const sg_synth_opts *o, sg_synth_progress_fn progress, void *ctx, sg_error *err);

#endif

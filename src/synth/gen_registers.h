/* gen_registers.h - the generator's register data: the partnership's own records (case reviews,
 * recommendations and actions, audits, Section 11/175, training, child deaths, finance, risks,
 * children's voice) written as CSV files in the register templates under DIR/registers/, and
 * their list for manifest.json. Internal to the generator (see docs/generator.md, "Registers"). */
#ifndef SG_SYNTH_GEN_REGISTERS_H
#define SG_SYNTH_GEN_REGISTERS_H

#include "synth/synth_int.h"

#include <jansson.h>

/* Writes DIR/registers/NAME.csv for every register of the registry (src/registers/registry.c):
 * each file is what `safeguard register NAME export` writes for the same records (the
 * template's columns in order, rows in key order, CRLF), except that a child column is given
 * as NAME_la_id holding the LA child ID of a generated child known to children's social care,
 * which the register import pseudonymises. Everything is drawn from streams of (seed,
 * register family), so the same options give the same files; the "as at" date is the last
 * 31 March: no past-only date lies after it. Returns SG_OK or SG_EIO naming the file. */
int syn_registers_write(syn_ctx *x);

/* The manifest's "registers" array: one {"file", "register", "rows"} object per file that
 * syn_registers_write writes for these options, in import order (rows are counted by building
 * the same tables again, which is deterministic). Caller owns the reference. */
json_t *syn_registers_json(const syn_ctx *x);

#endif

/* raw.h - the raw parse of the DfE returns, shared by their importers and the validator.
 *
 * The importers (cin.c, s903.c) map what they read to canonical records; the validator needs
 * the same input as written (every code, full dates, identifiers it then withholds), so each
 * importer exposes the parse step it is built on. One parser serves both, so the two can never
 * disagree about what a file contains. Identifiers reach these callbacks raw: callers must
 * pseudonymise or withhold them and never store them. */
#ifndef SG_INGEST_RAW_H
#define SG_INGEST_RAW_H

#include "core/sg.h"
#include "ingest/vnode.h"

#include <stdio.h>

/* ---- CIN census ---- */

/* Receives one complete <Child> tree and the collection <Header> tree read before it (NULL when
 * the file has none before its children). Both are borrowed: the child's tree is freed after the
 * call, the header's when the parse ends. Non-zero stops the parse with that status (err as the
 * callback filled it). */
typedef int (*sg_cin_child_fn)(void *ud, const sg_vnode *header, const sg_vnode *child,
                               sg_error *err);

/* Streams a CIN census XML file from fp (borrowed) through the importer's parser (same limits,
 * same refusal of entity declarations), calling fn for each <Child>. Node file names are name.
 * Returns SG_OK, or SG_EPARSE / SG_ELIMIT / SG_EIO with location in err, or fn's status. */
int sg_cin_parse(FILE *fp, const char *name, sg_cin_child_fn fn, void *ud, sg_error *err);

/* ---- SSDA903 ---- */

/* One row of one SSDA903 table as written. For the XML spelling a row is a group (EPISODE,
 * AREVIEW ...) and the HEADER gives a "header" row plus "uasc" (when it holds DUC), "oc3" and
 * "ad1" rows (when it holds their values), named as the CSV columns (CHILDID -> CHILD, PL ->
 * PLACE). Everything is borrowed for the duration of the call. */
typedef struct sg_s903_raw {
    const char *table; /* "header", "episodes", "reviews", "uasc", "oc2", "oc3", "ad1",
                        * "placed_adoption", "prev_perm", "missing", "sw_episodes", "dolo";
                        * NULL for a row that could not be read (see problem) */
    const char *file;
    long line;                 /* the CSV record's first line / the XML group's line */
    int ncols;                 /* columns the file has (a CSV column missing from the header is not
                                * listed; a blank value is listed with value NULL) */
    const char *const *names;  /* DfE column names */
    const char *const *values; /* trimmed; NULL when blank */
    const long *lines;         /* line of each value */
    const char *problem;       /* non-NULL: why the row could not be read (CSV syntax, wrong
                                * number of fields); the row has no columns */
} sg_s903_raw;

typedef int (*sg_s903_row_fn)(void *ud, const sg_s903_raw *row, sg_error *err);

/* Reads one SSDA903 file from fp (borrowed) as the importer does (format as in
 * sg_s903_import: "ssda903-xml", "ssda903/<table>", or NULL to recognise a CSV table by its
 * header) and calls fn for each row, in file order, without rejecting anything: dates are not
 * checked and rows without CHILD are passed on. Whole-file errors as sg_s903_import. */
int sg_s903_parse(FILE *fp, const char *name, const char *format, sg_s903_row_fn fn, void *ud,
                  sg_error *err);

#endif

/* disclosure.h - statistical disclosure control for public outputs: which counts, totals and
 * derived figures must be withheld so that no small number of children can be read off a
 * published table, directly or by subtraction.
 *
 * The rules (docs/dataset.md, "Disclosure control"):
 * - primary: a count from 1 to the threshold (default 4, the "1-4"; the DfE uses 1-5,
 *   set threshold 5 for that) is withheld. Zero is shown: it discloses nobody.
 * - secondary, for a breakdown published with its total: the withheld cells of the row must be
 *   at least two and must together come to more than the threshold, else the total minus the
 *   cells shown gives a withheld cell back (or a small number of children across the withheld
 *   cells). The next smallest non-zero cell is withheld until that holds; when no cell is left
 *   to withhold, the total is withheld as well. A total that is itself 1..threshold is withheld
 *   with every non-zero cell.
 * - a percentage num/den is a breakdown of den into num and den - num: it is withheld when
 *   either part is withheld, so 298 of 300 (2 not) is withheld as well as 2 of 300. A rate per
 *   10,000 from a withheld count is withheld.
 * - withheld cells show the symbol "c" (as the DfE does). Analyst views apply none of this.
 *
 * Pure functions over caller arrays: no I/O, no allocation. */
#ifndef SG_DISCLOSURE_H
#define SG_DISCLOSURE_H

#include <stdbool.h>
#include <stddef.h>

#define SG_DISCLOSURE_DEFAULT_THRESHOLD 4
#define SG_DISCLOSURE_MAX_THRESHOLD 100
#define SG_DISCLOSURE_SYMBOL "c"
/* The DfE's other symbols, shown in the booklet's key. */
#define SG_DISCLOSURE_NOT_AVAILABLE ":"
#define SG_DISCLOSURE_NOT_APPLICABLE "z"

typedef struct sg_disclosure {
    bool active;   /* false = analyst view: nothing is withheld */
    int threshold; /* counts 1..threshold are withheld; 0 withholds nothing */
} sg_disclosure;

/* An analyst (exact) or public (threshold SG_DISCLOSURE_DEFAULT_THRESHOLD) setting. */
sg_disclosure sg_disclosure_analyst(void);
sg_disclosure sg_disclosure_public(void);

/* true when count is from 1 to the threshold in an active setting. Negative counts (absent)
 * and zero are never small. */
bool sg_disc_small(const sg_disclosure *d, long count);

/* Marks which cells of a breakdown to withhold. cells[0..n) are counts (negative = not
 * available: neither shown nor withheld, and never chosen for secondary suppression); total is
 * the published total, or negative when the row is published without one. cell_sup[0..n) and
 * *total_sup (may be NULL when there is no total) are written. Ties for the next smallest cell
 * go to the earlier cell, so the result is deterministic. Returns the number of cells withheld
 * (not counting the total). */
size_t sg_disc_breakdown(const sg_disclosure *d, const long *cells, size_t n, long total,
                         bool *cell_sup, bool *total_sup);

/* For a percentage num of den: writes whether num and den are withheld (each may be NULL) and
 * returns whether the percentage is. den <= 0 or num > den are treated as having no
 * complement (only the primary rule applies to each). */
bool sg_disc_ratio(const sg_disclosure *d, long num, long den, bool *num_sup, bool *den_sup);

/* For a rate per 10,000 (count / population): withheld when count is. */
bool sg_disc_rate(const sg_disclosure *d, long count);

#endif

/* comparators.h - comparator values for the dataset: what England, the region, the statistical
 * neighbours or the core cities recorded for an indicator in a financial year (a single value,
 * or the min / average / max of a group), each with its source and, for rates, the population
 * estimates they were computed with. Read from the comparators CSV
 * (docs/formats/comparators.md), kept in the store's `comparator` table.
 *
 * As with targets, a comparators file is small and curated by hand: one bad row fails the whole
 * file with its line, column and field, and nothing is stored. */
#ifndef SG_COMPARATORS_H
#define SG_COMPARATORS_H

#include "core/sg.h"
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>

#define SG_COMPARATORS_MAX_ROWS 50000

typedef enum sg_area_type {
    SG_AREA_ENGLAND = 0,
    SG_AREA_REGION,
    SG_AREA_STAT_NEIGHBOURS,
    SG_AREA_CORE_CITIES,
    SG_AREA__COUNT
} sg_area_type;

typedef struct sg_comparator {
    char indicator[64];
    int year; /* financial year by its starting year: 2023 = 2023-24 */
    sg_area_type area_type;
    char area_name[128]; /* "England", "North West", "Statistical neighbours" ... */
    bool has_value, has_min, has_avg, has_max;
    double value, min, avg, max;
    char source[256];  /* publication (and table) the figures come from */
    char vintage[128]; /* population estimates behind a rate, "" when not a rate */
    long line;
} sg_comparator;

/* Stored spelling of an area type: "england", "region", "statistical_neighbours",
 * "core_cities". */
const char *sg_area_type_key(sg_area_type t);
/* Label for people: "England", "Region", "Statistical neighbours", "Core cities". */
const char *sg_area_type_label(sg_area_type t);
/* Parses an area type tolerantly (case, spaces, underscores ignored; "SN" and "statistical
 * neighbour" accepted). SG_EINVAL when unknown. */
int sg_area_type_parse(const char *s, size_t len, sg_area_type *out);

/* The single figure to draw for a comparator: value when given, else avg; false if neither. */
bool sg_comparator_central(const sg_comparator *c, double *out);

/* Reads a comparators CSV from data (borrowed). Columns (sg_csv_name_eq, order free, extras
 * ignored): indicator, year, area_type, source required; area_name (blank = the area type's
 * label), value, min, avg, max, population_vintage optional, but each row needs value or avg
 * or min/max, and min <= avg <= max and min <= value <= max where given. is_known as for
 * targets. On success *out is a new array (caller frees with free()). SG_EPARSE / SG_ELIMIT
 * with err naming file, line, column and field. A repeated (indicator, year, area type, area
 * name) is SG_EPARSE. */
int sg_comparators_read(const char *data, size_t len, const char *name,
                        bool (*is_known)(const char *indicator), sg_comparator **out, size_t *n,
                        sg_error *err);

/* Stores comparators in one transaction: each row replaces the stored one with the same
 * (indicator, year, area type, area name). SG_EDB on failure (nothing changed). */
int sg_comparators_store(sg_store *s, const sg_comparator *c, size_t n, const char *file_name,
                         sg_error *err);

/* Reads the file at path (at most 16 MiB) and stores it. *loaded (may be NULL) gets the count. */
int sg_comparators_load_file(sg_store *s, const char *path, bool (*is_known)(const char *indicator),
                             long *loaded, sg_error *err);

/* Calls fn for each stored comparator of indicator (NULL = all) with from_year <= year <=
 * to_year, ordered by indicator, year, area type, area name. The comparator is borrowed for the
 * call. Stops and returns fn's status when non-zero. */
typedef int (*sg_comparator_fn)(void *ctx, const sg_comparator *c);
int sg_comparators_each(sg_store *s, const char *indicator, int from_year, int to_year,
                        sg_comparator_fn fn, void *ctx, sg_error *err);

#endif

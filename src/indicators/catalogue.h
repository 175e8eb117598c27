/* catalogue.h - the partnership's measure catalogue at run time: one list of every measure in
 * the partnership's order, grouped by its priorities. Its default rows are the built-in
 * indicators (indicators.h, in booklet order, each in its own group); the partnership's rows
 * (the `measure` register, loaded by registers/measure.h) add submitted measures (an owner
 * returns a value, or a numerator and denominator, per period: indicators/partner.h), derived
 * measures (a formula over other measures, built-in indicators and population, evaluated with
 * indicators/expr.h) and override a built-in indicator's order, group and owner.
 *
 * Building: sg_cat_new() (the defaults), sg_cat_put() per partnership row (text as in the
 * register, parsed and checked here), then sg_cat_finish() (orders the list; checks that every
 * identifier of every formula is known and that no formula depends on itself). The catalogue
 * does no I/O. Documented in docs/indicators.md ("The catalogue"). */
#ifndef SG_CATALOGUE_H
#define SG_CATALOGUE_H

#include "core/sg.h"
#include "indicators/expr.h"
#include "indicators/indicators.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum sg_cat_kind { SG_CAT_BUILTIN = 0, SG_CAT_SUBMITTED, SG_CAT_DERIVED } sg_cat_kind;

typedef enum sg_cat_freq { SG_CAT_MONTHLY = 0, SG_CAT_QUARTERLY, SG_CAT_ANNUAL } sg_cat_freq;

typedef enum sg_cat_unit {
    SG_CAT_COUNT = 0, /* a whole number */
    SG_CAT_PCT,       /* a percentage, 0-100 */
    SG_CAT_RATE10K,   /* per 10,000 children aged 0-17 */
    SG_CAT_DAYS,      /* a number of days */
    SG_CAT_GBP,       /* pounds */
    SG_CAT_TEXT       /* a qualitative status (text, no number) */
} sg_cat_unit;

/* Identifiers a formula may use besides measure and indicator ids: the ONS population aged
 * 0-17 of the period's year (the rates' denominator). */
#define SG_CAT_POP_IDENT "pop_0_17"

/* Most breakdown categories of one measure. */
#define SG_CAT_MAX_BREAKDOWNS 16

typedef struct sg_cat_measure {
    char id[40];
    sg_cat_kind kind;
    const sg_ind_def *builtin; /* BUILTIN: its definition; NULL otherwise */
    /* Text: owned; for a BUILTIN row borrowed defaults are copied too. "" = none. */
    char *title, *group, *owner, *definition, *source, *numerator, *denominator, *formula;
    long position; /* the partnership's order (lower first) */
    sg_cat_freq freq;
    sg_cat_unit unit;
    sg_ind_polarity polarity;
    size_t nbreak;
    char *breakdown[SG_CAT_MAX_BREAKDOWNS]; /* owned; categories in the register's order */
    bool has_min, has_max, has_change;
    double min, max, change_pct;
    sg_expr *expr;  /* DERIVED: the parsed formula (owned) */
    bool partner;   /* a row of the partnership's register (any kind) */
    size_t ordinal; /* insertion order, to keep ties stable */
    /* internal to sg_cat_finish: the group's smallest position and first insertion */
    long group_pos;
    size_t group_first;
} sg_cat_measure;

typedef struct sg_catalogue sg_catalogue;

/* A partnership row as text, exactly as the register holds it (NULL or "" = absent). */
typedef struct sg_cat_row {
    const char *id, *title, *group, *position, *owner, *kind, *frequency, *unit, *polarity,
        *formula, *numerator, *denominator, *breakdowns, *min, *max, *change_pct, *definition,
        *source;
} sg_cat_row;

/* A new catalogue holding the built-in indicators as its default rows: position 100000 + their
 * booklet index (after every partnership row that sets no larger position), their own group and
 * owner agency, frequency ANNUAL. Free with sg_cat_free. Never NULL. */
sg_catalogue *sg_cat_new(void);
void sg_cat_free(sg_catalogue *c); /* NULL is a no-op */

/* Adds a partnership row (or, for kind BUILTIN, overrides the built-in indicator with that id:
 * group, position, owner, and title/definition/source when given). Checks: the id's shape
 * ([a-z][a-z0-9_]{0,38}); a BUILTIN id names a built-in indicator, any other id does not; a
 * SUBMITTED row has an owner, a frequency and a unit; a DERIVED row a formula (parsed here: a
 * syntax error names the column of the formula) and no TEXT unit; numbers are decimals; min <=
 * max; a PCT measure's bounds within 0-100; numerator and denominator labels both or neither;
 * breakdown codes ([A-Z0-9_]+ joined by ';', no repeats, at most SG_CAT_MAX_BREAKDOWNS); an id
 * given twice. Errors are SG_EINVAL with err->field the register column at fault. */
int sg_cat_put(sg_catalogue *c, const sg_cat_row *row, sg_error *err);

/* Orders the list (groups in the order of their first measure; within a group by position,
 * then insertion) and checks the formulas: every identifier is a measure of the catalogue or
 * SG_CAT_POP_IDENT, a formula never reaches its own measure through others (a cycle), and a
 * derived measure does not use a TEXT measure. Errors name the measure (err->field
 * "formula"). Call once, after the last sg_cat_put. */
int sg_cat_finish(sg_catalogue *c, sg_error *err);

size_t sg_cat_count(const sg_catalogue *c);
const sg_cat_measure *sg_cat_at(const sg_catalogue *c, size_t i); /* NULL when out of range */
const sg_cat_measure *sg_cat_find(const sg_catalogue *c, const char *id);
/* Whether the catalogue has any partnership row. */
bool sg_cat_has_partner_rows(const sg_catalogue *c);

/* Names and parsing of the enumerations, as the register spells them ("SUBMITTED",
 * "QUARTERLY", "RATE10K", "HIGHER"). Parsers are case-insensitive and return -1 when unknown. */
const char *sg_cat_kind_name(sg_cat_kind k);
const char *sg_cat_freq_name(sg_cat_freq f);
const char *sg_cat_unit_name(sg_cat_unit u);
int sg_cat_kind_parse(const char *s);
int sg_cat_freq_parse(const char *s);
int sg_cat_unit_parse(const char *s);
int sg_cat_polarity_parse(const char *s); /* HIGHER, LOWER, DATA */

/* Whether id has a measure id's shape: [a-z][a-z0-9_]{0,38}. */
bool sg_cat_id_ok(const char *id);

/* Whether a measure of frequency f is owed for period text ("2024-Q1" for QUARTERLY, "2024-05"
 * for MONTHLY, "2024-25" for ANNUAL). */
bool sg_cat_freq_matches(sg_cat_freq f, const char *period);

#endif

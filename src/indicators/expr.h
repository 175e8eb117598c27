/* expr.h - the expression language of derived measures: parses a formula over measure ids,
 * built-in indicators and population (e.g. "per10k(cp_plans, pop_0_17)") into a small tree,
 * lists the identifiers it uses, and evaluates it with a caller-supplied lookup. Used by derived
 * measures; nothing here evaluates text in any other language.
 *
 * Grammar (whitespace: space, tab, CR, LF between tokens):
 *   expr    = term { ("+" | "-") term }          left-associative
 *   term    = unary { ("*" | "/") unary }        left-associative
 *   unary   = "-" unary | primary
 *   primary = number | ident | ident "(" expr { "," expr } ")" | "(" expr ")"
 *   number  = digit { digit } [ "." digit { digit } ]
 *   ident   = [a-z] { [a-z0-9_] }
 * Functions: per10k(n, d) = n * 10000 / d, pct(n, d) = n * 100 / d, min(a, b), max(a, b).
 *
 * Every error names the 1-based byte column of the problem in the text, both in the message
 * ("column 7: ...") and in sg_error.column. The tree belongs to the caller (sg_expr_free). */
#ifndef SG_EXPR_H
#define SG_EXPR_H

#include "core/sg.h"

#include <stddef.h>

/* Longest expression text accepted, in bytes (SG_ELIMIT beyond). */
#define SG_EXPR_MAX_LEN 1000
/* Deepest nesting of parentheses (groups and function calls) accepted (SG_ELIMIT beyond). */
#define SG_EXPR_MAX_DEPTH 64

typedef struct sg_expr sg_expr;

/* Gives the value of identifier `name` in *out and returns SG_OK, or returns SG_ENOTFOUND when
 * the identifier is unknown (any other status is passed through as the evaluation's status). */
typedef int (*sg_expr_lookup)(void *ctx, const char *name, double *out);

/* Parses text[0..len) into *out. Returns SG_OK, SG_EPARSE for a syntax error (unknown
 * function, wrong number of arguments, unbalanced parentheses, trailing text, bad character or
 * number) or SG_ELIMIT (longer than SG_EXPR_MAX_LEN, nested deeper than SG_EXPR_MAX_DEPTH);
 * on error *out is NULL. */
int sg_expr_parse(const char *text, size_t len, sg_expr **out, sg_error *err);

/* Evaluates e, asking lookup for each identifier. Returns SG_OK with the value in *out, or:
 * the lookup's status for an identifier it does not know (SG_ENOTFOUND), SG_EINVAL for
 * division by zero (also in per10k and pct), a looked-up value that is not finite, or a result
 * too large to represent. The value is always finite when SG_OK. */
int sg_expr_eval(const sg_expr *e, sg_expr_lookup lookup, void *ctx, double *out, sg_error *err);

/* The distinct identifiers e uses (not function names), in order of first appearance. */
size_t sg_expr_nidents(const sg_expr *e);
const char *sg_expr_ident(const sg_expr *e, size_t i); /* NULL when i is out of range */

void sg_expr_free(sg_expr *e); /* safe on NULL */

#endif

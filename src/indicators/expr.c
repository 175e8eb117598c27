/* expr.c - the derived-measure expression language (see expr.h): a recursive-descent parser
 * into an array of nodes (each node consumes at least one byte of text, so the array never
 * needs more than len entries), the identifier list, and the evaluator that refuses division by
 * zero and any non-finite value instead of returning inf or NaN. */
#include "indicators/expr.h"

#include "core/mem.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum node_kind { N_NUM, N_IDENT, N_NEG, N_ADD, N_SUB, N_MUL, N_DIV, N_FN };
enum fn_id { FN_PER10K, FN_PCT, FN_MIN, FN_MAX };

static const char *const FN_NAMES[] = {"per10k", "pct", "min", "max"};
#define FN_COUNT (sizeof FN_NAMES / sizeof FN_NAMES[0])
#define FN_ARITY 2 /* every function takes two arguments */

typedef struct node {
    enum node_kind kind;
    int fn;       /* N_FN: enum fn_id */
    long col;     /* 1-based column of the token the node came from */
    double num;   /* N_NUM */
    size_t ident; /* N_IDENT: index into the identifier list */
    size_t a, b;  /* operands (N_NEG uses a only) */
} node;

struct sg_expr {
    node *nodes;
    size_t nnodes;
    size_t root;
    char **idents;
    size_t nidents;
};

typedef struct parser {
    const char *s;
    size_t len, pos;
    int depth;
    sg_expr *e;
    sg_error *err;
} parser;

static void skip_ws(parser *p)
{
    while (p->pos < p->len && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' ||
                               p->s[p->pos] == '\r' || p->s[p->pos] == '\n'))
        p->pos++;
}

static long col_of(size_t pos)
{
    return (long)pos + 1;
}

static int fail(parser *p, int code, size_t pos, const char *what)
{
    return sg_err_at(p->err, code, NULL, 0, col_of(pos), NULL, "column %ld: %s", col_of(pos), what);
}

/* Describes the byte at pos for a message: the character, or its hex code if not printable. */
static void describe(const parser *p, size_t pos, char out[16])
{
    unsigned char c = (unsigned char)p->s[pos];
    if (c >= 0x21 && c < 0x7f)
        snprintf(out, 16, "'%c'", c);
    else
        snprintf(out, 16, "byte 0x%02x", c);
}

static size_t new_node(parser *p, enum node_kind kind, size_t pos)
{
    /* cannot overflow: every node consumes at least one byte of the text (see the header) */
    size_t i = p->e->nnodes++;
    node *n = &p->e->nodes[i];
    memset(n, 0, sizeof *n);
    n->kind = kind;
    n->col = col_of(pos);
    return i;
}

static int is_lower(char c)
{
    return c >= 'a' && c <= 'z';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static size_t intern(parser *p, const char *name, size_t n)
{
    sg_expr *e = p->e;
    for (size_t i = 0; i < e->nidents; i++)
        if (strlen(e->idents[i]) == n && memcmp(e->idents[i], name, n) == 0) return i;
    e->idents = xrealloc(e->idents, (e->nidents + 1) * sizeof *e->idents);
    e->idents[e->nidents] = xstrndup(name, n);
    return e->nidents++;
}

static int parse_expr(parser *p, size_t *out);

static int parse_number(parser *p, size_t *out)
{
    size_t start = p->pos;
    while (p->pos < p->len && is_digit(p->s[p->pos]))
        p->pos++;
    if (p->pos < p->len && p->s[p->pos] == '.') {
        p->pos++;
        if (p->pos >= p->len || !is_digit(p->s[p->pos]))
            return fail(p, SG_EPARSE, p->pos, "expected a digit after the decimal point");
        while (p->pos < p->len && is_digit(p->s[p->pos]))
            p->pos++;
    }
    char buf[SG_EXPR_MAX_LEN + 1];
    size_t n = p->pos - start;
    memcpy(buf, p->s + start, n);
    buf[n] = '\0';
    *out = new_node(p, N_NUM, start);
    /* only digits and one '.', so strtod reads the whole token; huge values give HUGE_VAL */
    p->e->nodes[*out].num = strtod(buf, NULL);
    if (!isfinite(p->e->nodes[*out].num)) return fail(p, SG_EPARSE, start, "number too large");
    return SG_OK;
}

/* Enters one level of parentheses opened at pos. */
static int enter(parser *p, size_t pos)
{
    if (p->depth >= SG_EXPR_MAX_DEPTH) {
        char msg[64];
        snprintf(msg, sizeof msg, "parentheses nested deeper than %d", SG_EXPR_MAX_DEPTH);
        return fail(p, SG_ELIMIT, pos, msg);
    }
    p->depth++;
    return SG_OK;
}

/* Expects the ')' closing the '(' at open_pos. */
static int expect_close(parser *p, size_t open_pos, const char *what)
{
    skip_ws(p);
    if (p->pos < p->len && p->s[p->pos] == ')') {
        p->pos++;
        p->depth--;
        return SG_OK;
    }
    char msg[160], got[16];
    if (p->pos >= p->len) {
        snprintf(msg, sizeof msg, "missing ')' for the '(' at column %ld%s", col_of(open_pos),
                 what);
    } else {
        describe(p, p->pos, got);
        snprintf(msg, sizeof msg, "expected ')' for the '(' at column %ld%s, found %s",
                 col_of(open_pos), what, got);
    }
    return fail(p, SG_EPARSE, p->pos, msg);
}

static int parse_call(parser *p, size_t name_pos, size_t name_len, size_t *out)
{
    const char *name = p->s + name_pos;
    size_t fn = FN_COUNT;
    for (size_t i = 0; i < FN_COUNT; i++)
        if (strlen(FN_NAMES[i]) == name_len && memcmp(FN_NAMES[i], name, name_len) == 0) fn = i;
    if (fn == FN_COUNT) {
        char msg[160];
        snprintf(msg, sizeof msg, "unknown function '%.*s' (known: per10k, pct, min, max)",
                 name_len > 64 ? 64 : (int)name_len, name);
        return fail(p, SG_EPARSE, name_pos, msg);
    }
    size_t open = p->pos; /* at '(' */
    int rc = enter(p, open);
    if (rc != SG_OK) return rc;
    p->pos++;
    size_t args[FN_ARITY + 1];
    int nargs = 0;
    skip_ws(p);
    if (!(p->pos < p->len && p->s[p->pos] == ')')) {
        for (;;) {
            size_t arg;
            rc = parse_expr(p, &arg);
            if (rc != SG_OK) return rc;
            if (nargs <= FN_ARITY) args[nargs] = arg;
            nargs++;
            skip_ws(p);
            if (p->pos < p->len && p->s[p->pos] == ',') {
                p->pos++;
                continue;
            }
            break;
        }
    }
    char what[96];
    snprintf(what, sizeof what, " of %s(", FN_NAMES[fn]);
    rc = expect_close(p, open, what);
    if (rc != SG_OK) return rc;
    if (nargs != FN_ARITY) {
        char msg[96];
        snprintf(msg, sizeof msg, "%s takes %d arguments, not %d", FN_NAMES[fn], FN_ARITY, nargs);
        return fail(p, SG_EPARSE, name_pos, msg);
    }
    *out = new_node(p, N_FN, name_pos);
    p->e->nodes[*out].fn = (int)fn;
    p->e->nodes[*out].a = args[0];
    p->e->nodes[*out].b = args[1];
    return SG_OK;
}

static int parse_primary(parser *p, size_t *out)
{
    skip_ws(p);
    if (p->pos >= p->len)
        return fail(p, SG_EPARSE, p->pos,
                    "expected a number, identifier or '(' but the expression ends");
    char c = p->s[p->pos];
    if (is_digit(c)) return parse_number(p, out);
    if (is_lower(c)) {
        size_t start = p->pos;
        while (p->pos < p->len &&
               (is_lower(p->s[p->pos]) || is_digit(p->s[p->pos]) || p->s[p->pos] == '_'))
            p->pos++;
        size_t n = p->pos - start;
        skip_ws(p);
        if (p->pos < p->len && p->s[p->pos] == '(') return parse_call(p, start, n, out);
        *out = new_node(p, N_IDENT, start);
        p->e->nodes[*out].ident = intern(p, p->s + start, n);
        return SG_OK;
    }
    if (c == '(') {
        size_t open = p->pos;
        int rc = enter(p, open);
        if (rc != SG_OK) return rc;
        p->pos++;
        rc = parse_expr(p, out);
        if (rc != SG_OK) return rc;
        return expect_close(p, open, "");
    }
    char got[16], msg[96];
    describe(p, p->pos, got);
    snprintf(msg, sizeof msg, "unexpected %s: expected a number, identifier or '('", got);
    return fail(p, SG_EPARSE, p->pos, msg);
}

/* Unary minus is read in a loop, not by recursion, so "------1" cannot exhaust the stack;
 * an even run cancels out. */
static int parse_unary(parser *p, size_t *out)
{
    size_t minus_pos = 0;
    int negs = 0;
    for (;;) {
        skip_ws(p);
        if (p->pos < p->len && p->s[p->pos] == '-') {
            if (negs % 2 == 0) minus_pos = p->pos;
            negs++;
            p->pos++;
            continue;
        }
        break;
    }
    size_t operand;
    int rc = parse_primary(p, &operand);
    if (rc != SG_OK) return rc;
    if (negs % 2 == 0) {
        *out = operand;
        return SG_OK;
    }
    *out = new_node(p, N_NEG, minus_pos);
    p->e->nodes[*out].a = operand;
    return SG_OK;
}

static int parse_binary(parser *p, size_t *out, int level)
{
    size_t left;
    int rc = level == 0 ? parse_binary(p, &left, 1) : parse_unary(p, &left);
    if (rc != SG_OK) return rc;
    for (;;) {
        skip_ws(p);
        if (p->pos >= p->len) break;
        char c = p->s[p->pos];
        enum node_kind kind;
        if (level == 0 && c == '+')
            kind = N_ADD;
        else if (level == 0 && c == '-')
            kind = N_SUB;
        else if (level == 1 && c == '*')
            kind = N_MUL;
        else if (level == 1 && c == '/')
            kind = N_DIV;
        else
            break;
        size_t op = p->pos++;
        size_t right;
        rc = level == 0 ? parse_binary(p, &right, 1) : parse_unary(p, &right);
        if (rc != SG_OK) return rc;
        size_t n = new_node(p, kind, op);
        p->e->nodes[n].a = left;
        p->e->nodes[n].b = right;
        left = n;
    }
    *out = left;
    return SG_OK;
}

static int parse_expr(parser *p, size_t *out)
{
    return parse_binary(p, out, 0);
}

int sg_expr_parse(const char *text, size_t len, sg_expr **out, sg_error *err)
{
    *out = NULL;
    if (len > SG_EXPR_MAX_LEN)
        return sg_err_at(err, SG_ELIMIT, NULL, 0, SG_EXPR_MAX_LEN + 1, NULL,
                         "column %d: expression longer than %d bytes", SG_EXPR_MAX_LEN + 1,
                         SG_EXPR_MAX_LEN);
    sg_expr *e = xcalloc(1, sizeof *e);
    parser p = {.s = text, .len = len, .e = e, .err = err};
    e->nodes = xcalloc(len ? len : 1, sizeof *e->nodes);
    size_t root;
    int rc;
    skip_ws(&p);
    if (p.pos >= p.len) {
        rc = fail(&p, SG_EPARSE, p.pos, "empty expression");
    } else {
        rc = parse_expr(&p, &root);
        if (rc == SG_OK && p.pos < p.len) {
            char got[16], msg[96];
            describe(&p, p.pos, got);
            if (text[p.pos] == ')')
                snprintf(msg, sizeof msg, "unmatched ')'");
            else
                snprintf(msg, sizeof msg, "unexpected %s after a complete expression", got);
            rc = fail(&p, SG_EPARSE, p.pos, msg);
        }
    }
    if (rc != SG_OK) {
        sg_expr_free(e);
        return rc;
    }
    e->root = root;
    *out = e;
    return SG_OK;
}

typedef struct evaluator {
    const sg_expr *e;
    sg_expr_lookup lookup;
    void *ctx;
    sg_error *err;
} evaluator;

static int eval_fail(evaluator *v, int code, long col, const char *what)
{
    return sg_err_at(v->err, code, NULL, 0, col, NULL, "column %ld: %s", col, what);
}

/* Checks that a computed value is finite (overflow is refused, never returned). */
static int finite_or_fail(evaluator *v, const node *n, double x)
{
    return isfinite(x) ? SG_OK : eval_fail(v, SG_EINVAL, n->col, "result too large");
}

static int eval_node(evaluator *v, size_t i, double *out)
{
    const node *n = &v->e->nodes[i];
    double a = 0, b = 0;
    int rc;
    switch (n->kind) {
    case N_NUM:
        *out = n->num;
        return SG_OK;
    case N_IDENT: {
        const char *name = v->e->idents[n->ident];
        char msg[160];
        rc = v->lookup(v->ctx, name, out);
        if (rc == SG_ENOTFOUND) {
            snprintf(msg, sizeof msg, "unknown identifier '%.64s'", name);
            return eval_fail(v, rc, n->col, msg);
        }
        if (rc != SG_OK) {
            snprintf(msg, sizeof msg, "identifier '%.64s' has no value (%s)", name,
                     sg_status_name(rc));
            return eval_fail(v, rc, n->col, msg);
        }
        if (!isfinite(*out)) {
            snprintf(msg, sizeof msg, "identifier '%.64s' is not a finite number", name);
            return eval_fail(v, SG_EINVAL, n->col, msg);
        }
        return SG_OK;
    }
    case N_NEG:
        rc = eval_node(v, n->a, &a);
        if (rc != SG_OK) return rc;
        *out = -a;
        return SG_OK;
    default:
        break;
    }
    rc = eval_node(v, n->a, &a);
    if (rc != SG_OK) return rc;
    rc = eval_node(v, n->b, &b);
    if (rc != SG_OK) return rc;
    double r = 0;
    switch (n->kind) {
    case N_ADD:
        r = a + b;
        break;
    case N_SUB:
        r = a - b;
        break;
    case N_MUL:
        r = a * b;
        break;
    case N_DIV:
        if (b == 0) return eval_fail(v, SG_EINVAL, n->col, "division by zero");
        r = a / b;
        break;
    case N_FN:
        if ((n->fn == FN_PER10K || n->fn == FN_PCT) && b == 0) {
            char msg[96];
            snprintf(msg, sizeof msg, "division by zero: the denominator of %s is 0",
                     FN_NAMES[n->fn]);
            return eval_fail(v, SG_EINVAL, n->col, msg);
        }
        if (n->fn == FN_PER10K)
            r = a * 10000 / b;
        else if (n->fn == FN_PCT)
            r = a * 100 / b;
        else if (n->fn == FN_MIN)
            r = a < b ? a : b;
        else
            r = a > b ? a : b;
        break;
    default:
        break;
    }
    rc = finite_or_fail(v, n, r);
    if (rc != SG_OK) return rc;
    *out = r;
    return SG_OK;
}

int sg_expr_eval(const sg_expr *e, sg_expr_lookup lookup, void *ctx, double *out, sg_error *err)
{
    evaluator v = {.e = e, .lookup = lookup, .ctx = ctx, .err = err};
    double r;
    int rc = eval_node(&v, e->root, &r);
    if (rc != SG_OK) return rc;
    *out = r;
    return SG_OK;
}

size_t sg_expr_nidents(const sg_expr *e)
{
    return e->nidents;
}

const char *sg_expr_ident(const sg_expr *e, size_t i)
{
    return i < e->nidents ? e->idents[i] : NULL;
}

void sg_expr_free(sg_expr *e)
{
    if (!e) return;
    for (size_t i = 0; i < e->nidents; i++)
        free(e->idents[i]);
    free(e->idents);
    free(e->nodes);
    free(e);
}

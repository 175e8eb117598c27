/* fuzz_expr.c - libFuzzer harness for the derived-measure expression language. Parses the
 * input; a failure must leave no tree and name a column inside the text (or just past it). A
 * parsed tree is evaluated with a lookup that knows some identifiers (giving values that
 * include zero and very large numbers) and not others: the result must be finite on success,
 * every error must name a column, and the identifier list must hold distinct, well-formed
 * identifiers that occur in the text. */
#include "core/sg.h"
#include "indicators/expr.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/* Identifiers starting with 'u' are unknown, 'b' broken; the rest get a value from the name. */
static int lookup(void *ctx, const char *name, double *out)
{
    (void)ctx;
    if (name[0] == 'u') return SG_ENOTFOUND;
    if (name[0] == 'b') return SG_EDB;
    if (name[0] == 'z') {
        *out = 0;
        return SG_OK;
    }
    if (name[0] == 'h') {
        *out = 1e300;
        return SG_OK;
    }
    *out = (double)strlen(name) - 3;
    return SG_OK;
}

static int ident_ok(const char *s)
{
    if (!(s[0] >= 'a' && s[0] <= 'z')) return 0;
    for (const char *p = s + 1; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_')) return 0;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    sg_expr *e = NULL;
    sg_error err;
    sg_error_clear(&err);
    int rc = sg_expr_parse(s, size, &e, &err);
    if (rc != SG_OK) {
        if (e || !err.msg[0] || err.column < 1) __builtin_trap();
        if (rc == SG_ELIMIT && size <= SG_EXPR_MAX_LEN && !strstr(err.msg, "nested"))
            __builtin_trap();
        if (rc != SG_ELIMIT && rc != SG_EPARSE) __builtin_trap();
        if (size <= SG_EXPR_MAX_LEN && (size_t)err.column > size + 1) __builtin_trap();
        return 0;
    }
    if (!e || size > SG_EXPR_MAX_LEN) __builtin_trap();
    size_t n = sg_expr_nidents(e);
    for (size_t i = 0; i < n; i++) {
        const char *id = sg_expr_ident(e, i);
        size_t len = strlen(id);
        if (!ident_ok(id)) __builtin_trap();
        int found = 0;
        for (size_t k = 0; k + len <= size && !found; k++)
            found = memcmp(s + k, id, len) == 0;
        if (!found) __builtin_trap();
        for (size_t j = 0; j < i; j++)
            if (strcmp(sg_expr_ident(e, j), id) == 0) __builtin_trap();
    }
    if (sg_expr_ident(e, n) != NULL) __builtin_trap();
    double v = 0;
    rc = sg_expr_eval(e, lookup, NULL, &v, &err);
    if (rc == SG_OK && !isfinite(v)) __builtin_trap();
    if (rc != SG_OK && (!err.msg[0] || err.column < 1 || (size_t)err.column > size))
        __builtin_trap();
    sg_expr_free(e);
    return 0;
}

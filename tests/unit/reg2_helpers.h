/* reg2_helpers.h - small builders shared by the tests of the Section 11, training, LADO,
 * CDOP, finance, risk and voice registers: records from "col=value|col=value" specs, CSV
 * import from text, and a check that a bad input is refused naming the row and field and
 * leaves the register unchanged. */
#ifndef SG_REG2_HELPERS_H
#define SG_REG2_HELPERS_H

#include "register_fixture.h"

/* Appends a record to set from spec ("a=1|b=x;y": '|' separates fields). */
static inline sg_reg_record *rec_add(sg_reg_set *set, const char *spec)
{
    sg_reg_record *r = sg_reg_set_push(set);
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", spec);
    char *p = buf;
    while (p && *p) {
        char *bar = strchr(p, '|');
        if (bar) *bar = '\0';
        char *eq = strchr(p, '=');
        if (!eq) fail_msg("bad spec part '%s'", p);
        *eq = '\0';
        if (sg_reg_record_put(r, p, eq + 1) != SG_OK) fail_msg("no column '%s'", p);
        p = bar ? bar + 1 : NULL;
    }
    return r;
}

static inline sg_date d(const char *iso)
{
    return sg_date_parse_iso(iso, strlen(iso));
}

/* Imports text into reg and expects failure with code, the line and the field; the number of
 * records and of change-log rows must not change. */
static inline void expect_refused(fx *f, const sg_register *reg, const char *text, int code,
                                  long line, const char *field)
{
    long before = 0, after = 0;
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_reg_count(f->s, reg, &before, &e), SG_OK);
    long changes = fx_query_long(f->s, "SELECT count(*) FROM register_change");
    sg_reg_import_stats st;
    int rc = fx_import_text(f->s, reg, text, &st, &e);
    if (rc != code || e.line != line || strcmp(e.field, field) != 0)
        fail_msg("want %d at line %ld field %s; got %d at line %ld field '%s': %s", code, line,
                 field, rc, e.line, e.field, e.msg);
    assert_non_null(strstr(e.msg, "row"));
    assert_int_equal(sg_reg_count(f->s, reg, &after, &e), SG_OK);
    assert_int_equal(after, before);
    assert_int_equal(fx_query_long(f->s, "SELECT count(*) FROM register_change"), changes);
}

/* Imports text, failing the test on error. */
static inline void import_ok(fx *f, const sg_register *reg, const char *text)
{
    sg_error e;
    sg_error_clear(&e);
    sg_reg_import_stats st;
    if (fx_import_text(f->s, reg, text, &st, &e))
        fail_msg("%s: line %ld field %s: %s", reg->name, e.line, e.field, e.msg);
}

#endif

/* measure.c - the `measure` and `commentary` registers (descriptors and whole-record checks)
 * and the loader of the run-time catalogue from the stored measure rows. A measure record is
 * checked by the catalogue's own rules (indicators/catalogue.h sg_cat_put on a fresh
 * catalogue), so the register and the catalogue cannot disagree about what a valid row is;
 * what needs the other rows (unknown identifiers in a formula, cycles) is checked when the
 * catalogue is loaded. */
#include "registers/measure.h"

#include "core/period.h"

#include <stdio.h>
#include <string.h>

static const sg_reg_code kinds[] = {
    {"SUBMITTED", "the owner returns a value (or numerator and denominator) per period"},
    {"DERIVED", "computed by a formula over other measures, indicators and population"},
    {"BUILTIN", "a built-in indicator (the id names it): sets its order, group and owner"},
    {NULL, NULL},
};
static const sg_reg_code freqs[] = {
    {"MONTHLY", "one value a month (period 2024-05)"},
    {"QUARTERLY", "one value a financial quarter (period 2024-Q1)"},
    {"ANNUAL", "one value a financial year (period 2024-25)"},
    {NULL, NULL},
};
static const sg_reg_code units[] = {
    {"COUNT", "a whole number"},
    {"PCT", "a percentage, 0-100"},
    {"RATE10K", "a rate per 10,000 children aged 0-17"},
    {"DAYS", "a number of days"},
    {"GBP", "pounds"},
    {"TEXT", "a qualitative status (text)"},
    {NULL, NULL},
};
static const sg_reg_code polarities[] = {
    {"HIGHER", "higher is better"},
    {"LOWER", "lower is better"},
    {"DATA", "context only: no RAG"},
    {NULL, NULL},
};

void sg_measure_row(const sg_reg_record *rec, sg_cat_row *row)
{
    memset(row, 0, sizeof *row);
    row->id = sg_reg_get(rec, "id");
    row->title = sg_reg_get(rec, "title");
    row->group = sg_reg_get(rec, "group");
    row->position = sg_reg_get(rec, "position");
    row->owner = sg_reg_get(rec, "owner");
    row->kind = sg_reg_get(rec, "kind");
    row->frequency = sg_reg_get(rec, "frequency");
    row->unit = sg_reg_get(rec, "unit");
    row->polarity = sg_reg_get(rec, "polarity");
    row->formula = sg_reg_get(rec, "formula");
    row->numerator = sg_reg_get(rec, "numerator");
    row->denominator = sg_reg_get(rec, "denominator");
    row->breakdowns = sg_reg_get(rec, "breakdowns");
    row->min = sg_reg_get(rec, "min");
    row->max = sg_reg_get(rec, "max");
    row->change_pct = sg_reg_get(rec, "change_pct");
    row->definition = sg_reg_get(rec, "definition");
    row->source = sg_reg_get(rec, "source");
}

static int measure_check(const sg_register *reg, const sg_reg_record *rec, sg_error *err)
{
    (void)reg;
    sg_cat_row row;
    sg_measure_row(rec, &row);
    sg_catalogue *c = sg_cat_new();
    int rc = sg_cat_put(c, &row, err);
    sg_cat_free(c);
    return rc;
}

static const sg_reg_col measure_cols[] = {
    {.name = "id",
     .type = SG_RT_TEXT,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .max = 39,
     .doc = "the measure's id, [a-z][a-z0-9_] (at most 39), used in returns and formulas; for "
            "BUILTIN the built-in indicator's id"},
    {.name = "title",
     .type = SG_RT_TEXT,
     .flags = SG_RF_BRIEF,
     .max = 200,
     .doc = "short title for tables (required unless BUILTIN)"},
    {.name = "group",
     .type = SG_RT_TEXT,
     .flags = SG_RF_BRIEF,
     .max = 100,
     .doc = "the partnership's priority or section the measure is shown under (required "
            "unless BUILTIN)"},
    {.name = "position",
     .type = SG_RT_INT,
     .min = 0,
     .max = 99999,
     .doc = "order in the dataset (lower first; groups in the order of their first measure)"},
    {.name = "owner",
     .type = SG_RT_REF,
     .ref = "organisation",
     .doc = "the data owner, an organisation's short name (required for SUBMITTED)"},
    {.name = "kind",
     .type = SG_RT_ENUM,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .codes = kinds,
     .doc = "SUBMITTED, DERIVED or BUILTIN"},
    {.name = "frequency",
     .type = SG_RT_ENUM,
     .codes = freqs,
     .doc = "how often a value is returned (required for SUBMITTED)"},
    {.name = "unit", .type = SG_RT_ENUM, .codes = units, .doc = "the value's unit"},
    {.name = "polarity",
     .type = SG_RT_ENUM,
     .codes = polarities,
     .doc = "which way is better, for RAG (default DATA)"},
    {.name = "formula",
     .type = SG_RT_TEXT,
     .max = 1000,
     .doc = "DERIVED: the formula, e.g. per10k(eh_assessments, pop_0_17) (docs/indicators.md)"},
    {.name = "numerator",
     .type = SG_RT_TEXT,
     .max = 300,
     .doc = "what the numerator counts; with denominator, the value is returned as both"},
    {.name = "denominator", .type = SG_RT_TEXT, .max = 300, .doc = "what the denominator counts"},
    {.name = "breakdowns",
     .type = SG_RT_TEXT,
     .max = 600,
     .doc = "categories returned separately, joined by ';', e.g. HIGH;MEDIUM_LOW or CSE;CCE"},
    {.name = "min", .type = SG_RT_TEXT, .max = 32, .doc = "lowest valid value (a decimal)"},
    {.name = "max", .type = SG_RT_TEXT, .max = 32, .doc = "highest valid value (a decimal)"},
    {.name = "change_pct",
     .type = SG_RT_TEXT,
     .max = 32,
     .doc = "a change of more than this % from the last period needs an explanation"},
    {.name = "definition", .type = SG_RT_TEXT, .doc = "the counting rule"},
    {.name = "source", .type = SG_RT_TEXT, .max = 300, .doc = "where the figure comes from"},
};

const sg_register sg_reg_measure = {
    .name = "measure",
    .title = "Measures: the partnership's dataset catalogue",
    .doc = "One record per partnership measure: submitted by an owner organisation each period, "
           "derived by a formula, or a built-in indicator placed in the partnership's order and "
           "groups. Together with the built-in indicators this is the one dataset.",
    .cols = measure_cols,
    .ncols = (int)(sizeof measure_cols / sizeof measure_cols[0]),
    .check = measure_check,
};

/* ---- commentary ---- */

static int commentary_check(const sg_register *reg, const sg_reg_record *rec, sg_error *err)
{
    (void)reg;
    const char *id = sg_reg_get(rec, "measure");
    if (!sg_cat_id_ok(id))
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "measure",
                         "'%s' is not a measure id ([a-z][a-z0-9_], at most 39)", id);
    sg_period p;
    const char *period = sg_reg_get(rec, "period");
    if (sg_period_parse(period, &p, NULL) != SG_OK || p.kind == SG_PERIOD_ROLLING ||
        strcmp(p.text, period) != 0)
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "period",
                         "period '%s' is not a year (2024-25), quarter (2024-Q1) or month "
                         "(2024-05)",
                         period);
    if (!sg_reg_get(rec, "narrative") && !sg_reg_get(rec, "challenge") &&
        !sg_reg_get(rec, "response"))
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "narrative",
                         "a commentary needs at least one of narrative, challenge, response");
    return SG_OK;
}

static const sg_reg_col commentary_cols[] = {
    {.name = "measure",
     .type = SG_RT_TEXT,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .max = 39,
     .doc = "the measure's id (a measure of the catalogue or a built-in indicator)"},
    {.name = "period",
     .type = SG_RT_TEXT,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .max = 16,
     .doc = "the period commented on: 2024-25, 2024-Q1 or 2024-05"},
    {.name = "organisation",
     .type = SG_RT_REF,
     .ref = "organisation",
     .flags = SG_RF_BRIEF,
     .doc = "who wrote the narrative (usually the data owner)"},
    {.name = "narrative", .type = SG_RT_TEXT, .doc = "what the data tells us"},
    {.name = "challenge", .type = SG_RT_TEXT, .doc = "the subgroup's challenge"},
    {.name = "response", .type = SG_RT_TEXT, .doc = "the response to the challenge"},
};

const sg_register sg_reg_commentary = {
    .name = "commentary",
    .title = "Commentary: what the data tells us, challenge and response",
    .doc = "Per measure and period: the owner's narrative, the subgroup's challenge and the "
           "response, shown beside the measure in the dashboard, booklet and report.",
    .cols = commentary_cols,
    .ncols = (int)(sizeof commentary_cols / sizeof commentary_cols[0]),
    .check = commentary_check,
};

const sg_reg_record *sg_commentary_find(const sg_reg_set *set, const char *measure,
                                        const char *period)
{
    char key[SG_REG_KEY_MAX + 1];
    snprintf(key, sizeof key, "%s/%s", measure ? measure : "", period ? period : "");
    return sg_reg_set_find(set, key);
}

/* ---- the loader ---- */

int sg_measure_load_catalogue(sg_store *s, sg_catalogue **out, sg_error *err)
{
    *out = NULL;
    sg_reg_set set;
    int rc = sg_reg_load(s, &sg_reg_measure, &set, err);
    if (rc) return rc;
    sg_catalogue *c = sg_cat_new();
    for (size_t i = 0; i < set.n && !rc; i++) {
        sg_cat_row row;
        sg_measure_row(&set.rec[i], &row);
        sg_error e;
        sg_error_clear(&e);
        if ((rc = sg_cat_put(c, &row, &e)))
            sg_err_at(err, rc, "measure", 0, 0, e.field, "measure %s: %s", set.rec[i].key, e.msg);
    }
    sg_error e;
    sg_error_clear(&e);
    if (!rc && (rc = sg_cat_finish(c, &e)))
        sg_err_at(err, rc, "measure", 0, 0, e.field, "%s", e.msg);
    sg_reg_set_fini(&set);
    if (rc) {
        sg_cat_free(c);
        return rc;
    }
    *out = c;
    return SG_OK;
}

/* ---- partner returns at import ---- */

int sg_measure_check_imported(sg_store *s, const sg_import_file_result *results, int n,
                              sg_partner_problems *ps, sg_error *err)
{
    sg_partner_problems mine;
    memset(&mine, 0, sizeof mine);
    sg_partner_problems *out = ps ? ps : &mine;
    size_t before = out->n;
    sg_catalogue *cat = NULL;
    int rc = SG_OK;
    for (int i = 0; i < n && !rc; i++) {
        if (results[i].duplicate || !results[i].submission ||
            strcmp(results[i].format, "partner") != 0)
            continue;
        if (!cat && (rc = sg_measure_load_catalogue(s, &cat, err))) break;
        rc = sg_partner_validate(s, cat, results[i].submission, out, err);
    }
    sg_cat_free(cat);
    if (!rc && out->n > before) {
        const sg_partner_problem *p = &out->p[before];
        size_t k = out->n - before;
        rc = sg_err_at(err, SG_EINVAL, p->file, p->line, 0, p->field,
                       "%s%s%s (%zu problem%s in the partner return%s; nothing was imported)",
                       p->cell, p->cell[0] ? ": " : "", p->msg, k, k == 1 ? "" : "s",
                       k == 1 ? "" : ": fix them all and send it again");
    }
    sg_partner_problems_fini(&mine);
    return rc;
}

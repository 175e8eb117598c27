/* cdop.c - the child death register: descriptor, cross-field rules, the year's figures and
 * the view. The categories follow the National Child Mortality Database's categories of
 * death used on the CDOP analysis form. */
#include "registers/cdop.h"

#include "core/period.h"
#include "core/num.h"
#include "registers/reg_actions.h"
#include "registers/view.h"

#include <stdio.h>
#include <string.h>

static const sg_reg_code age_groups[] = {
    {"NEONATAL", "0 to 27 days"},
    {"INFANT", "28 to 364 days"},
    {"AGE_1_4", "1 to 4 years"},
    {"AGE_5_9", "5 to 9 years"},
    {"AGE_10_14", "10 to 14 years"},
    {"AGE_15_17", "15 to 17 years"},
    {NULL, NULL},
};

static const sg_reg_code expectedness[] = {
    {"EXPECTED", "an expected death"},
    {"UNEXPECTED", "an unexpected death (joint agency response)"},
    {NULL, NULL},
};

const sg_reg_code sg_cdop_categories[] = {
    {"DELIBERATE", "1 deliberately inflicted injury, abuse or neglect"},
    {"SUICIDE", "2 suicide or deliberate self-inflicted harm"},
    {"TRAUMA", "3 trauma and other external factors, including medical or surgical "
               "complications or error"},
    {"MALIGNANCY", "4 malignancy"},
    {"ACUTE", "5 acute medical or surgical condition"},
    {"CHRONIC", "6 chronic medical condition"},
    {"CONGENITAL", "7 chromosomal, genetic and congenital anomalies"},
    {"PERINATAL", "8 perinatal or neonatal event"},
    {"INFECTION", "9 infection"},
    {"SUDDEN_UNEXPLAINED", "10 sudden unexpected, unexplained death"},
    {NULL, NULL},
};

const sg_reg_code sg_cdop_themes[] = {
    {"SAFER_SLEEPING", "unsafe sleeping arrangements"},
    {"SMOKING", "smoking in pregnancy or in the home"},
    {"ALCOHOL_DRUGS", "parental alcohol or drug use"},
    {"DOMESTIC_ABUSE", "domestic abuse"},
    {"PARENTAL_MENTAL_HEALTH", "parental mental health"},
    {"CHILD_MENTAL_HEALTH", "the child's mental health"},
    {"ROAD_SAFETY", "road traffic and road safety"},
    {"WATER_SAFETY", "drowning and water safety"},
    {"HOME_SAFETY", "accidents in the home (falls, fires, choking, blind cords)"},
    {"SERVICE_PROVISION", "gaps or delays in services"},
    {"ACCESS_TO_CARE", "access to or engagement with health care"},
    {"MATERNAL_HEALTH", "maternal health, obesity, antenatal care"},
    {"DEPRIVATION", "poverty and deprivation"},
    {"BULLYING", "bullying, online harm"},
    {"OTHER", "another factor (say which in notes)"},
    {NULL, NULL},
};

static const sg_reg_col cols[] = {
    {.name = "death_ref",
     .type = SG_RT_TEXT,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .max = 40,
     .doc = "the CDOP's case reference, e.g. CD-2024-001 (never a name)"},
    {.name = "child",
     .type = SG_RT_PSEUDONYM,
     .doc = "the child's pseudonym (or child_la_id, pseudonymised on entry), when known"},
    {.name = "notification_date",
     .type = SG_RT_DATE,
     .flags = SG_RF_REQUIRED | SG_RF_PAST | SG_RF_BRIEF,
     .doc = "when CDOP was notified"},
    {.name = "age_group",
     .type = SG_RT_ENUM,
     .flags = SG_RF_BRIEF,
     .codes = age_groups,
     .doc = "the child's age at death (a band: no date of birth or death is kept)"},
    {.name = "expected",
     .type = SG_RT_ENUM,
     .flags = SG_RF_BRIEF,
     .codes = expectedness,
     .doc = "expected or unexpected death"},
    {.name = "review_date",
     .type = SG_RT_DATE,
     .flags = SG_RF_PAST | SG_RF_BRIEF,
     .not_before = "notification_date",
     .doc = "when the panel completed its review; blank while open"},
    {.name = "category",
     .type = SG_RT_ENUM,
     .flags = SG_RF_BRIEF,
     .codes = sg_cdop_categories,
     .doc = "the category of death the panel decided (required with review_date)"},
    {.name = "modifiable",
     .type = SG_RT_FLAG,
     .flags = SG_RF_BRIEF,
     .doc = "Y when the panel identified modifiable factors (required with review_date)"},
    {.name = "themes",
     .type = SG_RT_ENUM,
     .flags = SG_RF_MULTI,
     .codes = sg_cdop_themes,
     .doc = "the modifiable factors' themes, codes separated by ';' (only with modifiable Y)"},
    {.name = "notes", .type = SG_RT_TEXT, .doc = "anything else (no identifiers)"},
};

/* A review states its category and whether factors were modifiable; themes only describe
 * modifiable factors. */
static int check(const sg_register *reg, const sg_reg_record *rec, sg_error *err)
{
    (void)reg;
    bool reviewed = sg_reg_get(rec, "review_date") != NULL;
    if (reviewed && !sg_reg_get(rec, "category"))
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "category",
                         "category is required when review_date is given");
    if (reviewed && !sg_reg_get(rec, "modifiable"))
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "modifiable",
                         "modifiable (Y or N) is required when review_date is given");
    if (!reviewed && (sg_reg_get(rec, "category") || sg_reg_get(rec, "modifiable")))
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "review_date",
                         "category and modifiable are decided at the review: review_date is "
                         "required with them");
    if (sg_reg_get(rec, "themes") && !sg_reg_get_flag(rec, "modifiable"))
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "themes",
                         "themes describe modifiable factors: modifiable must be Y");
    return SG_OK;
}

/* ---- the year's figures ---- */

static bool in_range(sg_date d, sg_date first, sg_date last)
{
    return d != SG_DATE_NONE && d >= first && d <= last;
}

/* If source is "child_death:KEY" and KEY is a review of the year, true. */
static bool links_year(const char *source, const sg_reg_set *deaths, sg_date first, sg_date last)
{
    static const char pre[] = "child_death:";
    if (!source || strncmp(source, pre, sizeof pre - 1) != 0) return false;
    const sg_reg_record *d = sg_reg_set_find(deaths, source + sizeof pre - 1);
    return d && in_range(sg_reg_get_date(d, "review_date"), first, last);
}

static void pct(sg_cdop_count *c, long den)
{
    c->has_pct = sg_pct(c->n, den, &c->pct) == SG_OK;
}

int sg_cdop_year_counts(const sg_reg_set *deaths, const sg_reg_set *recommendations,
                        const sg_reg_set *actions, int year, sg_cdop_year *out)
{
    memset(out, 0, sizeof *out);
    out->year = year;
    sg_date first, last;
    sg_reg_fy_bounds(year, &first, &last);
    for (size_t i = 0; i < deaths->n; i++) {
        const sg_reg_record *r = &deaths->rec[i];
        sg_date notified = sg_reg_get_date(r, "notification_date"),
                reviewed = sg_reg_get_date(r, "review_date");
        if (in_range(notified, first, last)) {
            out->notifications++;
            const char *e = sg_reg_get(r, "expected");
            if (e && strcmp(e, "EXPECTED") == 0) out->expected++;
            if (e && strcmp(e, "UNEXPECTED") == 0) out->unexpected++;
        }
        if (notified != SG_DATE_NONE && notified <= last &&
            (reviewed == SG_DATE_NONE || reviewed > last))
            out->open_at_year_end++;
        if (!in_range(reviewed, first, last)) continue;
        out->reviewed++;
        const char *cat = sg_reg_get(r, "category");
        for (int k = 0; cat && sg_cdop_categories[k].code && k < SG_CDOP_MAX_CODES; k++)
            if (strcmp(cat, sg_cdop_categories[k].code) == 0) out->category[k].n++;
        if (!sg_reg_get(r, "modifiable")) {
            out->modifiable_unknown++;
        } else if (sg_reg_get_flag(r, "modifiable")) {
            out->modifiable_yes.n++;
            for (int k = 0; sg_cdop_themes[k].code && k < SG_CDOP_MAX_CODES; k++)
                if (sg_reg_has_code(r, "themes", sg_cdop_themes[k].code)) out->theme[k].n++;
        } else {
            out->modifiable_no.n++;
        }
        /* Linked work: recommendations naming this review, actions naming it directly or
         * through one of those recommendations. */
        char src[SG_REG_KEY_MAX + 16];
        snprintf(src, sizeof src, "child_death:%s", r->key);
        bool linked = false;
        for (size_t j = 0; recommendations && j < recommendations->n; j++) {
            const char *s = sg_reg_get(&recommendations->rec[j], "source");
            if (s && strcmp(s, src) == 0) linked = true;
        }
        for (size_t j = 0; actions && j < actions->n && !linked; j++) {
            const char *s = sg_reg_get(&actions->rec[j], "source");
            if (s && strcmp(s, src) == 0) linked = true;
        }
        if (linked) out->reviews_with_links++;
    }
    for (size_t j = 0; recommendations && j < recommendations->n; j++)
        if (links_year(sg_reg_get(&recommendations->rec[j], "source"), deaths, first, last))
            out->recommendations++;
    for (size_t j = 0; actions && j < actions->n; j++) {
        const char *s = sg_reg_get(&actions->rec[j], "source");
        static const char rpre[] = "recommendation:";
        if (s && strncmp(s, rpre, sizeof rpre - 1) == 0 && recommendations) {
            const sg_reg_record *rec = sg_reg_set_find(recommendations, s + sizeof rpre - 1);
            s = rec ? sg_reg_get(rec, "source") : NULL;
        }
        if (links_year(s, deaths, first, last)) out->actions++;
    }
    for (int k = 0; k < SG_CDOP_MAX_CODES; k++) {
        pct(&out->category[k], out->reviewed);
        pct(&out->theme[k], out->modifiable_yes.n);
    }
    long known = out->modifiable_yes.n + out->modifiable_no.n;
    pct(&out->modifiable_yes, known);
    pct(&out->modifiable_no, known);
    return SG_OK;
}

/* ---- view ---- */

static void row_n(sg_tab *t, const char *label, long n)
{
    char v[24];
    snprintf(v, sizeof v, "%ld", n);
    const char *row[] = {label, v, ""};
    sg_tab_row(t, row);
}

static void row_c(sg_tab *t, const char *label, const sg_cdop_count *c)
{
    char v[24], p[32];
    snprintf(v, sizeof v, "%ld", c->n);
    if (c->has_pct)
        sg_fmt1(c->pct, p);
    else
        snprintf(p, sizeof p, "-");
    const char *row[] = {label, v, p};
    sg_tab_row(t, row);
}

static int view_year(sg_store *s, const sg_register *reg, const sg_reg_view_opts *in,
                     sg_view_doc *out, sg_error *err)
{
    sg_reg_view_opts o;
    sg_reg_view_defaults(in, &o);
    sg_reg_set d, r, a;
    memset(&r, 0, sizeof r);
    memset(&a, 0, sizeof a);
    int rc = sg_reg_load(s, reg, &d, err);
    if (!rc) rc = sg_reg_load(s, &sg_reg_recommendation, &r, err);
    if (!rc) rc = sg_reg_load(s, &sg_reg_action, &a, err);
    sg_cdop_year y;
    if (!rc) sg_cdop_year_counts(&d, &r, &a, o.year, &y);
    sg_reg_set_fini(&d);
    sg_reg_set_fini(&r);
    sg_reg_set_fini(&a);
    if (rc) return rc;
    static const char *const head[] = {"measure", ">count", ">%"};
    sg_view_heading(out, 1, "Child deaths, year %s (1 April to 31 March)",
                    sg_fy_text(o.year, (char[8]){0}));
    sg_tab *t = sg_view_table(out, NULL, 3, head);
    row_n(t, "deaths notified", y.notifications);
    row_n(t, "  expected", y.expected);
    row_n(t, "  unexpected", y.unexpected);
    row_n(t, "reviews completed (100%)", y.reviewed);
    for (int k = 0; sg_cdop_categories[k].code; k++) {
        char label[96];
        snprintf(label, sizeof label, "  category %s", sg_cdop_categories[k].code);
        row_c(t, label, &y.category[k]);
    }
    row_c(t, "modifiable factors: yes", &y.modifiable_yes);
    row_c(t, "modifiable factors: no", &y.modifiable_no);
    row_n(t, "modifiable factors: not recorded", y.modifiable_unknown);
    for (int k = 0; sg_cdop_themes[k].code; k++)
        if (y.theme[k].n) {
            char label[96];
            snprintf(label, sizeof label, "  theme %s", sg_cdop_themes[k].code);
            row_c(t, label, &y.theme[k]);
        }
    row_n(t, "reviews with linked recommendations or actions", y.reviews_with_links);
    row_n(t, "linked recommendations", y.recommendations);
    row_n(t, "linked actions", y.actions);
    row_n(t, "open at the year's end (notified, not reviewed)", y.open_at_year_end);
    sg_view_note(out, "Categories: %% of reviews completed in the year. Modifiable: %% of "
                      "reviews with the question answered. Themes: %% of reviews with "
                      "modifiable factors. 1 decimal place, halves away from zero.");
    return sg_view_check(out, err);
}

static const sg_reg_view views[] = {
    {"year",
     "notifications, reviews, categories, modifiable factors, themes and linked "
     "recommendations for a year (--year Y)",
     view_year},
};

const sg_register sg_reg_child_death = {
    .name = "child_death",
    .title = "Child deaths (Child Death Overview Panel)",
    .doc = "One record per child death notified to the CDOP: notification, the panel's review, "
           "the category of death and modifiable factors. Link recommendations and actions to "
           "a review with source child_death:REF.",
    .cols = cols,
    .ncols = (int)(sizeof cols / sizeof cols[0]),
    .views = views,
    .nviews = (int)(sizeof views / sizeof views[0]),
    .check = check,
};

/* fault_years.c - faults planted for the DfE rules that start, end or change in a collection
 * year (data/rule_years.csv): once per generated year for each rule of the table below that
 * applies in that year (validate/ruleset.h decides, so a rule is never planted in a year it does
 * not apply in), in the first record that can carry it. The manifest names the rule by its code
 * in that year, with the kind "year_rule". */
#include "synth/synth_int.h"
#include "validate/ruleset.h"

#include <string.h>

static const struct {
    sg_rule_family family;
    const char *rule; /* the rule's id in its table */
} table[SYN_YR__COUNT] = {
    [SYN_YR_1570] = {SG_FAMILY_CIN, "1570"},
    [SYN_YR_1580] = {SG_FAMILY_CIN, "1580"},
    [SYN_YR_8945Q] = {SG_FAMILY_CIN, "8945Q"},
    [SYN_YR_8950Q] = {SG_FAMILY_CIN, "8950Q"},
    [SYN_YR_101] = {SG_FAMILY_903, "101"},
    [SYN_YR_232] = {SG_FAMILY_903, "232"},
    [SYN_YR_SW02STG1] = {SG_FAMILY_903, "SW02STG1"},
    [SYN_YR_SW13STG1] = {SG_FAMILY_903, "SW13STG1"},
    [SYN_YR_SW03STG1] = {SG_FAMILY_903, "SW03STG1"},
    [SYN_YR_SW01aSTG1] = {SG_FAMILY_903, "SW01aSTG1"},
    [SYN_YR_SW01bSTG1] = {SG_FAMILY_903, "SW01bSTG1"},
    [SYN_YR_SW09STG2] = {SG_FAMILY_903, "SW09STG2"},
    [SYN_YR_451] = {SG_FAMILY_903, "451"},
    [SYN_YR_445] = {SG_FAMILY_903, "445"},
    [SYN_YR_217t] = {SG_FAMILY_903, "217t"},
    [SYN_YR_370] = {SG_FAMILY_903, "370"},
    [SYN_YR_222] = {SG_FAMILY_903, "222"},
    [SYN_YR_SW01STG1] = {SG_FAMILY_903, "SW01STG1"},
    [SYN_YR_231] = {SG_FAMILY_903, "231"},
};

_Static_assert(SYN_YR__COUNT <= sizeof((syn_ctx *)0)->yr_done[0], "yr_done too small");

const char *syn_year_fault(syn_ctx *x, const syn_year *y, syn_year_rule k)
{
    if (x->rate <= 0 || k < 0 || k >= SYN_YR__COUNT) return NULL;
    size_t yi = (size_t)(y - x->y);
    if (yi >= SG_SYNTH_MAX_YEARS || x->yr_done[yi][k]) return NULL; /* 1 planted, 2 n/a */
    sg_rule r, out;
    memset(&r, 0, sizeof r);
    r.id = table[k].rule;
    r.family = table[k].family;
    if (!sg_rule_in_year(&r, y->fy + 1, &out)) {
        x->yr_done[yi][k] = 2; /* not in this year: not asked again for every record */
        return NULL;
    }
    x->yr_done[yi][k] = 1;
    return out.id;
}

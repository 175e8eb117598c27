/* rules_903_uasc.c - SSDA903 rules on unaccompanied asylum-seeking children: the UASC table's
 * date UASC status ceased (DUC) and the header's UASC flag (XML returns carry it in HEADER).
 * Rule texts: the DfE catalogue (tests/fixtures/csc-validator-be-903); what each check tests
 * is in docs/rules_903.md. */
#include "validate/rules_903_checks.h"
#include "validate/rules_903_util.h"

#include <string.h>

/* The rows that carry DUC: the UASC table's; else the header's (a tree built from the XML
 * return without the uasc rows the raw parse derives from it). */
static const char *duc_table(const sg_vnode *tree)
{
    return sg_vnode_child(tree, "uasc") ? "uasc" : "header";
}

RULE903(104)
{
    rule903_check_date(ctx, rule, duc_table(ctx->child), "DUC", false);
    return SG_OK;
}

RULE903(105)
{
    /* Only where the header has a UASC column at all: the CSV header table has none. */
    for (const sg_vnode *h = sg_vnode_child(ctx->child, "header"); h; h = sg_vnode_next(h))
        if (sg_vnode_child(h, "UASC") && !sg_vcode_in(sg_vnode_text(h, "UASC"), "0 1"))
            sg_vreport(ctx, rule, h, "UASC", NULL);
    return SG_OK;
}

RULE903(303)
{
    const sg_vnode *h = rule903_row(ctx->child, "header");
    if (!sg_vnode_child(h, "UASC") ||
        (sg_vnode_text(h, "UASC") && strcmp(sg_vnode_text(h, "UASC"), "1") == 0))
        return SG_OK;
    for (const sg_vnode *u = sg_vnode_child(ctx->child, duc_table(ctx->child)); u;
         u = sg_vnode_next(u))
        if (sg_vnode_text(u, "DUC")) sg_vreport(ctx, rule, u, "DUC", NULL);
    return SG_OK;
}

/* Reports row's DUC when it is after the 18th birthday. */
static void duc_after_18(sg_vctx *ctx, const sg_rule *rule, const sg_vnode *row, sg_date dob)
{
    sg_date duc = rule903_date(row, "DUC");
    if (dob == SG_DATE_NONE) dob = rule903_date(row, "DOB");
    if (duc != SG_DATE_NONE && dob != SG_DATE_NONE && duc > rule903_add_years(dob, 18))
        sg_vreport(ctx, rule, row, "DUC", NULL);
}

RULE903(304)
{
    sg_date dob = rule903_dob(ctx->child);
    for (const sg_vnode *u = sg_vnode_child(ctx->child, duc_table(ctx->child)); u;
         u = sg_vnode_next(u))
        duc_after_18(ctx, rule, u, dob);
    return SG_OK;
}

/* 231 (from 2024-25): "DOB should be more than 11 years before the collection end date", so a
 * child born on 31 March eleven years before is reported (exactly 11 years, not more). A child is
 * UASC when the header says UASC 1 (XML) or, where the header has no UASC column (CSV), when the
 * child has a UASC row. */
RULE903(231)
{
    const sg_vnode *h = rule903_row(ctx->child, "header");
    if (!h) return SG_OK;
    bool uasc = sg_vnode_child(h, "UASC")
                    ? (sg_vnode_text(h, "UASC") && strcmp(sg_vnode_text(h, "UASC"), "1") == 0)
                    : sg_vnode_child(ctx->child, "uasc") != NULL;
    sg_date dob = rule903_date(h, "DOB");
    if (uasc && dob != SG_DATE_NONE && dob >= rule903_add_years(ctx->coll->ref_date, -11))
        sg_vreport(ctx, rule, h, "DOB", NULL);
    return SG_OK;
}

/* rules_903_uasc.c - SSDA903 rules on unaccompanied asylum-seeking children: the UASC table's
 * date UASC status ceased (DUC) and the header's UASC flag (XML returns carry it in HEADER).
 * Rule texts: the DfE catalogue (shared/fixtures/csc-validator-be-903); what each check tests
 * is in docs/rules_903.md. */
#include "validate/rules_903_checks.h"
#include "validate/rules_903_util.h"

#include <string.h>

RULE903(104)
{
    rule903_check_date(ctx, rule, "uasc", "DUC", false);
    /* The XML return carries DUC in the header. */
    rule903_check_date(ctx, rule, "header", "DUC", false);
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
    if (sg_vnode_text(h, "DUC")) sg_vreport(ctx, rule, h, "DUC", NULL);
    for (const sg_vnode *u = sg_vnode_child(ctx->child, "uasc"); u; u = sg_vnode_next(u))
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
    for (const sg_vnode *u = sg_vnode_child(ctx->child, "uasc"); u; u = sg_vnode_next(u))
        duc_after_18(ctx, rule, u, dob);
    const sg_vnode *h = rule903_row(ctx->child, "header");
    if (h && sg_vnode_text(h, "DUC")) duc_after_18(ctx, rule, h, dob);
    return SG_OK;
}

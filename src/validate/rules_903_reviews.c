/* rules_903_reviews.c - SSDA903 rules on the Reviews table (date and participation method of
 * each review, participation against age) and on respite-only children (399). Rule texts: the
 * DfE catalogue (tests/fixtures/csc-validator-be-903); what each check tests is in
 * docs/rules_903.md. */
#include "validate/rules_903_checks.h"
#include "validate/rules_903_util.h"

#include <string.h>

RULE903(166)
{
    rule903_check_date(ctx, rule, "reviews", "REVIEW", true);
    return SG_OK;
}

RULE903(167)
{
    rule903_check_code(ctx, rule, "reviews", "REVIEW_CODE", R903_REVIEW_CODE, true);
    return SG_OK;
}

/* Reviews whose code is in codes and whose age on the review date is (under4: below 4;
 * else 4 or over). */
static void review_age(sg_vctx *ctx, const sg_rule *rule, const char *codes, bool under4)
{
    sg_date dob = rule903_dob(ctx->child);
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "reviews"); r; r = sg_vnode_next(r)) {
        if (!sg_vcode_in(sg_vnode_text(r, "REVIEW_CODE"), codes)) continue;
        int age = rule903_age(dob, rule903_date(r, "REVIEW"));
        if (age < 0) continue;
        if (under4 ? age < 4 : age >= 4) sg_vreport(ctx, rule, r, "REVIEW_CODE", NULL);
    }
}

RULE903(440)
{
    review_age(ctx, rule, "PN0", false);
    return SG_OK;
}

RULE903(441)
{
    review_age(ctx, rule, "PN1 PN2 PN3 PN4 PN5 PN6 PN7", true);
    return SG_OK;
}

RULE903(399)
{
    /* Only children whose every episode is respite (V3, V4). */
    const sg_vnode *e = sg_vnode_child(ctx->child, "episodes");
    if (!e) return SG_OK;
    for (; e; e = sg_vnode_next(e))
        if (!sg_vcode_in(sg_vnode_text(e, "LS"), "V3 V4")) return SG_OK;
    const sg_vnode *h = rule903_row(ctx->child, "header");
    if (sg_vnode_text(h, "MOTHER")) sg_vreport(ctx, rule, h, "MOTHER", NULL);
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "reviews"); r; r = sg_vnode_next(r))
        sg_vreport(ctx, rule, r, sg_vnode_text(r, "REVIEW") ? "REVIEW" : "REVIEW_CODE", NULL);
    return SG_OK;
}

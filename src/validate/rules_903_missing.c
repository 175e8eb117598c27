/* rules_903_missing.c - SSDA903 rules on the Missing table: type and dates of each missing or
 * away-without-authorisation period, periods against the collection year, against each other,
 * against the child's episodes and date of birth. Rule texts: the DfE catalogue
 * (tests/fixtures/csc-validator-be-903); what each check tests is in docs/rules_903.md. */
#include "validate/rules_903_checks.h"
#include "validate/rules_903_util.h"

#include "core/arena.h"

#include <string.h>

RULE903(1004)
{
    rule903_check_date(ctx, rule, "missing", "MIS_START", false);
    return SG_OK;
}

RULE903(1005)
{
    rule903_check_date(ctx, rule, "missing", "MIS_END", false);
    return SG_OK;
}

RULE903(1006)
{
    rule903_check_code(ctx, rule, "missing", "MISSING", R903_MISSING, false);
    return SG_OK;
}

RULE903(564)
{
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "missing"); r; r = sg_vnode_next(r))
        if (sg_vnode_text(r, "MISSING") && !sg_vnode_text(r, "MIS_START"))
            sg_vreport(ctx, rule, r, "MIS_START", NULL);
    return SG_OK;
}

RULE903(565)
{
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "missing"); r; r = sg_vnode_next(r))
        if (sg_vnode_text(r, "MIS_START") && !sg_vnode_text(r, "MISSING"))
            sg_vreport(ctx, rule, r, "MISSING", NULL);
    return SG_OK;
}

RULE903(566)
{
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "missing"); r; r = sg_vnode_next(r))
        if (sg_vnode_text(r, "MIS_END") && !sg_vnode_text(r, "MISSING"))
            sg_vreport(ctx, rule, r, "MISSING", NULL);
    return SG_OK;
}

RULE903(567)
{
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "missing"); r; r = sg_vnode_next(r)) {
        sg_date s = rule903_date(r, "MIS_START"), e = rule903_date(r, "MIS_END");
        if (s != SG_DATE_NONE && e != SG_DATE_NONE && e < s)
            sg_vreport(ctx, rule, r, "MIS_END", NULL);
    }
    return SG_OK;
}

RULE903(570)
{
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "missing"); r; r = sg_vnode_next(r)) {
        sg_date s = rule903_date(r, "MIS_START");
        if (s != SG_DATE_NONE && s > ctx->coll->ref_date)
            sg_vreport(ctx, rule, r, "MIS_START", NULL);
    }
    return SG_OK;
}

RULE903(571)
{
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "missing"); r; r = sg_vnode_next(r)) {
        sg_date e = rule903_date(r, "MIS_END");
        if (e != SG_DATE_NONE && (e < ctx->coll->start || e > ctx->coll->ref_date))
            sg_vreport(ctx, rule, r, "MIS_END", NULL);
    }
    return SG_OK;
}

RULE903(574)
{
    size_t n;
    const sg_vnode **m = sg_vnode_list(ctx->scratch, ctx->child, "missing", "MIS_START", &n);
    for (size_t i = 1; i < n; i++) {
        sg_date s = rule903_date(m[i], "MIS_START");
        sg_date ps = rule903_date(m[i - 1], "MIS_START");
        if (s == SG_DATE_NONE || ps == SG_DATE_NONE) continue;
        sg_date pe = rule903_date(m[i - 1], "MIS_END");
        bool open = !sg_vnode_text(m[i - 1], "MIS_END");
        if (open || (pe != SG_DATE_NONE && s < pe)) sg_vreport(ctx, rule, m[i], "MIS_START", NULL);
    }
    return SG_OK;
}

/* true when the child's last episode ended the period of care (a DEC and a reason other than
 * X1); *dec receives that date. */
static bool left_care(sg_vctx *ctx, sg_date *dec, const char **rec, const sg_vnode **row)
{
    size_t n;
    rule903_ep *ep = rule903_episodes(ctx, ctx->child, &n);
    if (!n) return false;
    const rule903_ep *l = &ep[n - 1];
    if (l->dec == SG_DATE_NONE || !l->rec || strcmp(l->rec, "X1") == 0) return false;
    *dec = l->dec;
    if (rec) *rec = l->rec;
    if (row) *row = l->row;
    return true;
}

RULE903(575)
{
    size_t n;
    rule903_ep *ep = rule903_episodes(ctx, ctx->child, &n);
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "missing"); r; r = sg_vnode_next(r)) {
        sg_date s = rule903_date(r, "MIS_START");
        if (s == SG_DATE_NONE || sg_vnode_text(r, "MIS_END")) continue;
        /* The placement the child went missing from is the episode open on that day. */
        for (size_t i = n; i-- > 0;) {
            if (!rule903_ep_covers(&ep[i], s)) continue;
            if (ep[i].dec != SG_DATE_NONE) sg_vreport(ctx, rule, r, "MIS_END", NULL);
            break;
        }
    }
    return SG_OK;
}

RULE903(577)
{
    sg_date dec;
    if (!left_care(ctx, &dec, NULL, NULL)) return SG_OK;
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "missing"); r; r = sg_vnode_next(r))
        if (sg_vnode_text(r, "MIS_START") && !sg_vnode_text(r, "MIS_END"))
            sg_vreport(ctx, rule, r, "MIS_END", NULL);
    return SG_OK;
}

RULE903(578)
{
    sg_date dec;
    if (!left_care(ctx, &dec, NULL, NULL)) return SG_OK;
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "missing"); r; r = sg_vnode_next(r)) {
        sg_date s = rule903_date(r, "MIS_START");
        if (s != SG_DATE_NONE && s > dec) sg_vreport(ctx, rule, r, "MIS_START", NULL);
    }
    return SG_OK;
}

RULE903(580)
{
    sg_date dec;
    const char *rec = NULL;
    const sg_vnode *row = NULL;
    if (!left_care(ctx, &dec, &rec, &row) || strcmp(rec, "E8") == 0) return SG_OK;
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "missing"); r; r = sg_vnode_next(r)) {
        sg_date s = rule903_date(r, "MIS_START"), e = rule903_date(r, "MIS_END");
        bool open = !sg_vnode_text(r, "MIS_END");
        /* Missing on the day care ended: started by then and not back before it. */
        if (s != SG_DATE_NONE && s <= dec && (open || (e != SG_DATE_NONE && e > dec))) {
            sg_vreport(ctx, rule, row, "REC", NULL);
            break;
        }
    }
    return SG_OK;
}

RULE903(581)
{
    size_t n;
    rule903_ep *ep = rule903_episodes(ctx, ctx->child, &n);
    if (!n || ep[0].decom == SG_DATE_NONE) return SG_OK;
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "missing"); r; r = sg_vnode_next(r)) {
        sg_date s = rule903_date(r, "MIS_START");
        if (s != SG_DATE_NONE && s < ep[0].decom) sg_vreport(ctx, rule, r, "MIS_START", NULL);
    }
    return SG_OK;
}

RULE903(586)
{
    sg_date dob = rule903_dob(ctx->child);
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "missing"); r; r = sg_vnode_next(r)) {
        sg_date b = dob != SG_DATE_NONE ? dob : rule903_date(r, "DOB");
        sg_date s = rule903_date(r, "MIS_START");
        if (b != SG_DATE_NONE && s != SG_DATE_NONE && s < b)
            sg_vreport(ctx, rule, r, "MIS_START", NULL);
    }
    return SG_OK;
}

RULE903(576)
{
    /* Each period open at the end of last year must reappear (same start) this year. */
    for (const sg_vnode *q = sg_vnode_child(ctx->prev, "missing"); q; q = sg_vnode_next(q)) {
        sg_date s = rule903_date(q, "MIS_START");
        if (s == SG_DATE_NONE || sg_vnode_text(q, "MIS_END")) continue;
        bool found = false;
        for (const sg_vnode *r = sg_vnode_child(ctx->child, "missing"); r && !found;
             r = sg_vnode_next(r))
            found = rule903_date(r, "MIS_START") == s;
        if (!found) {
            const sg_vnode *at = rule903_row(ctx->child, "header");
            if (!at) at = ctx->child->first;
            sg_vreport(ctx, rule, at, "CHILD", NULL);
        }
    }
    return SG_OK;
}

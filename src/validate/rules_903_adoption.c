/* rules_903_adoption.c - SSDA903 rules on adoption: the AD1 table (dates should be placed and
 * matched, former foster carers, adopters' number, sex and legal status), the PlacedAdoption
 * table (decisions that a child should, or should no longer, be placed for adoption) and how
 * both agree with the episodes. Rule texts: the DfE catalogue
 * (tests/fixtures/csc-validator-be-903); what each check tests is in docs/rules_903.md. */
#include "validate/rules_903_checks.h"
#include "validate/rules_903_util.h"

#include "core/arena.h"

#include <string.h>

#define AD1_FIELDS "DATE_INT DATE_MATCH FOSTER_CARE NB_ADOPTR SEX_ADOPTR LS_ADOPTR"

static bool eq(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* ---- AD1 codes and dates ---- */

RULE903(112)
{
    rule903_check_date(ctx, rule, "ad1", "DATE_INT", false);
    return SG_OK;
}

RULE903(113)
{
    rule903_check_date(ctx, rule, "ad1", "DATE_MATCH", false);
    return SG_OK;
}

RULE903(114)
{
    rule903_check_code(ctx, rule, "ad1", "FOSTER_CARE", "0 1", false);
    return SG_OK;
}

RULE903(175)
{
    rule903_check_code(ctx, rule, "ad1", "NB_ADOPTR", "1 2", false);
    return SG_OK;
}

RULE903(176)
{
    rule903_check_code(ctx, rule, "ad1", "SEX_ADOPTR", R903_SEX_ADOPTR, false);
    return SG_OK;
}

RULE903(177)
{
    rule903_check_code(ctx, rule, "ad1", "LS_ADOPTR", R903_LS_ADOPTR, false);
    return SG_OK;
}

RULE903(151)
{
    char buf[32];
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "ad1"); r; r = sg_vnode_next(r)) {
        const char *blank = rule903_first_blank(r, AD1_FIELDS, buf, sizeof buf);
        if (blank && rule903_any(r, AD1_FIELDS)) sg_vreport(ctx, rule, r, blank, NULL);
    }
    return SG_OK;
}

RULE903(333)
{
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "ad1"); r; r = sg_vnode_next(r)) {
        sg_date i = rule903_date(r, "DATE_INT"), m = rule903_date(r, "DATE_MATCH");
        if (i != SG_DATE_NONE && m != SG_DATE_NONE && i > m)
            sg_vreport(ctx, rule, r, "DATE_INT", NULL);
    }
    return SG_OK;
}

/* Rows of ad1 where LS_ADOPTR is in ls and SEX_ADOPTR (present) is (bad_in ? in : not in)
 * sexes. */
static void adopters(sg_vctx *ctx, const sg_rule *rule, const char *lsf, const char *ls,
                     const char *sexes, bool bad_in)
{
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "ad1"); r; r = sg_vnode_next(r)) {
        const char *sex = sg_vnode_text(r, "SEX_ADOPTR");
        if (!sg_vcode_in(sg_vnode_text(r, lsf), ls) || !sex) continue;
        if (sg_vcode_in(sex, sexes) == bad_in) sg_vreport(ctx, rule, r, "SEX_ADOPTR", NULL);
    }
}

RULE903(511)
{
    adopters(ctx, rule, "NB_ADOPTR", "2", "MM FF MF", false);
    return SG_OK;
}

RULE903(514)
{
    adopters(ctx, rule, "LS_ADOPTR", "L0", "MM FF MF", true);
    return SG_OK;
}

RULE903(517)
{
    adopters(ctx, rule, "LS_ADOPTR", "L3", "MF", false);
    return SG_OK;
}

RULE903(518)
{
    adopters(ctx, rule, "LS_ADOPTR", "L4", "MM FF", false);
    return SG_OK;
}

RULE903(519)
{
    adopters(ctx, rule, "LS_ADOPTR", "L2", "MM FF MF", false);
    return SG_OK;
}

RULE903(520)
{
    adopters(ctx, rule, "LS_ADOPTR", "L11", "MM FF", true);
    return SG_OK;
}

RULE903(524)
{
    adopters(ctx, rule, "LS_ADOPTR", "L12", "MM FF", false);
    return SG_OK;
}

/* ---- PlacedAdoption codes and dates ---- */

RULE903(115)
{
    rule903_check_date(ctx, rule, "placed_adoption", "DATE_PLACED", false);
    return SG_OK;
}

RULE903(116)
{
    rule903_check_date(ctx, rule, "placed_adoption", "DATE_PLACED_CEASED", false);
    return SG_OK;
}

RULE903(119)
{
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "placed_adoption"); r;
         r = sg_vnode_next(r)) {
        bool d = sg_vnode_text(r, "DATE_PLACED_CEASED"),
             c = sg_vnode_text(r, "REASON_PLACED_CEASED");
        if (d != c)
            sg_vreport(ctx, rule, r, d ? "REASON_PLACED_CEASED" : "DATE_PLACED_CEASED", NULL);
    }
    return SG_OK;
}

RULE903(120)
{
    rule903_check_code(ctx, rule, "placed_adoption", "REASON_PLACED_CEASED", R903_RPC_ADOPT, false);
    return SG_OK;
}

RULE903(184)
{
    sg_date dob = rule903_dob(ctx->child);
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "placed_adoption"); r;
         r = sg_vnode_next(r)) {
        sg_date p = rule903_date(r, "DATE_PLACED");
        if (dob != SG_DATE_NONE && p != SG_DATE_NONE && p < dob)
            sg_vreport(ctx, rule, r, "DATE_PLACED", NULL);
    }
    return SG_OK;
}

RULE903(522)
{
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "placed_adoption"); r;
         r = sg_vnode_next(r)) {
        sg_date p = rule903_date(r, "DATE_PLACED"), c = rule903_date(r, "DATE_PLACED_CEASED");
        if (p != SG_DATE_NONE && c != SG_DATE_NONE && p > c)
            sg_vreport(ctx, rule, r, "DATE_PLACED", NULL);
    }
    return SG_OK;
}

RULE903(563)
{
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "placed_adoption"); r; r = sg_vnode_next(r))
        if (!sg_vnode_text(r, "DATE_PLACED") &&
            (sg_vnode_text(r, "DATE_PLACED_CEASED") || sg_vnode_text(r, "REASON_PLACED_CEASED")))
            sg_vreport(ctx, rule, r, "DATE_PLACED", NULL);
    return SG_OK;
}

/* Decisions sorted by DATE_PLACED: an earlier one must be closed (583), and closed no later
 * than the next one starts (579). */
static void decisions_overlap(sg_vctx *ctx, const sg_rule *rule, bool open_only)
{
    size_t n;
    const sg_vnode **d =
        sg_vnode_list(ctx->scratch, ctx->child, "placed_adoption", "DATE_PLACED", &n);
    for (size_t i = 1; i < n; i++) {
        sg_date p = rule903_date(d[i], "DATE_PLACED");
        if (p == SG_DATE_NONE || rule903_date(d[i - 1], "DATE_PLACED") == SG_DATE_NONE) continue;
        bool open = !sg_vnode_text(d[i - 1], "DATE_PLACED_CEASED");
        sg_date c = rule903_date(d[i - 1], "DATE_PLACED_CEASED");
        bool overlap = c != SG_DATE_NONE && c > p;
        if (open || (!open_only && overlap)) sg_vreport(ctx, rule, d[i], "DATE_PLACED", NULL);
    }
}

RULE903(579)
{
    decisions_overlap(ctx, rule, false);
    return SG_OK;
}

RULE903(583)
{
    decisions_overlap(ctx, rule, true);
    return SG_OK;
}

/* ---- against the episodes ---- */

/* The latest decision (by DATE_PLACED, a row with a date), or NULL. */
static const sg_vnode *latest_decision(sg_vctx *ctx)
{
    size_t n;
    const sg_vnode **d =
        sg_vnode_list(ctx->scratch, ctx->child, "placed_adoption", "DATE_PLACED", &n);
    for (size_t i = n; i-- > 0;)
        if (rule903_date(d[i], "DATE_PLACED") != SG_DATE_NONE) return d[i];
    return NULL;
}

/* true when some placed_adoption row has a DATE_PLACED. */
static bool has_decision(sg_vctx *ctx)
{
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "placed_adoption"); r; r = sg_vnode_next(r))
        if (sg_vnode_text(r, "DATE_PLACED")) return true;
    return false;
}

RULE903(551)
{
    if (has_decision(ctx)) return SG_OK;
    size_t n;
    rule903_ep *ep = rule903_episodes(ctx, ctx->child, &n);
    for (size_t i = 0; i < n; i++)
        if (sg_vcode_in(ep[i].place, R903_ADOPT_PLACE)) {
            sg_vreport(ctx, rule, ep[i].row, "PLACE", NULL);
            break;
        }
    return SG_OK;
}

/* 553 (placement order, E1) and 555 (freeing order, D1). */
static void order_without_decision(sg_vctx *ctx, const sg_rule *rule, const char *ls)
{
    if (has_decision(ctx)) return;
    size_t n;
    rule903_ep *ep = rule903_episodes(ctx, ctx->child, &n);
    for (size_t i = 0; i < n; i++)
        if (eq(ep[i].ls, ls)) {
            sg_vreport(ctx, rule, ep[i].row, "LS", NULL);
            break;
        }
}

RULE903(553)
{
    order_without_decision(ctx, rule, "E1");
    return SG_OK;
}

RULE903(555)
{
    order_without_decision(ctx, rule, "D1");
    return SG_OK;
}

/* The earliest DATE_PLACED of the child, SG_DATE_NONE when none. */
static sg_date first_decision(sg_vctx *ctx)
{
    sg_date best = SG_DATE_NONE;
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "placed_adoption"); r;
         r = sg_vnode_next(r)) {
        sg_date p = rule903_date(r, "DATE_PLACED");
        if (p != SG_DATE_NONE && (best == SG_DATE_NONE || p < best)) best = p;
    }
    return best;
}

/* Episodes where an order or placement of kind begins in the return (the first episode with
 * the code after one without it); reports when even the earliest decision came after. */
static void decision_after(sg_vctx *ctx, const sg_rule *rule, bool by_place, const char *codes)
{
    sg_date first = first_decision(ctx);
    if (first == SG_DATE_NONE) return;
    size_t n;
    rule903_ep *ep = rule903_episodes(ctx, ctx->child, &n);
    for (size_t i = 0; i < n; i++) {
        const char *v = by_place ? ep[i].place : ep[i].ls;
        const char *pv = i ? (by_place ? ep[i - 1].place : ep[i - 1].ls) : NULL;
        if (!sg_vcode_in(v, codes) || ep[i].decom == SG_DATE_NONE) continue;
        /* Began here: the first episode of a period, or after an episode without the code. */
        bool began = (i == 0 && sg_vcode_in(ep[i].rne, "S")) || (i > 0 && !sg_vcode_in(pv, codes));
        if (began && first > ep[i].decom) {
            const sg_vnode *r = latest_decision(ctx);
            sg_vreport(ctx, rule, r, "DATE_PLACED", NULL);
            return;
        }
    }
}

RULE903(552)
{
    decision_after(ctx, rule, true, R903_ADOPT_PLACE);
    return SG_OK;
}

RULE903(554)
{
    decision_after(ctx, rule, false, "E1");
    return SG_OK;
}

RULE903(556)
{
    decision_after(ctx, rule, false, "D1");
    return SG_OK;
}

RULE903(1003)
{
    size_t n;
    rule903_ep *ep = rule903_episodes(ctx, ctx->child, &n);
    /* Only when the return shows when care began (a first episode with RNE S). */
    if (!n || !eq(ep[0].rne, "S") || ep[0].decom == SG_DATE_NONE) return SG_OK;
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "placed_adoption"); r;
         r = sg_vnode_next(r)) {
        sg_date p = rule903_date(r, "DATE_PLACED");
        if (p != SG_DATE_NONE && p < ep[0].decom) sg_vreport(ctx, rule, r, "DATE_PLACED", NULL);
    }
    return SG_OK;
}

RULE903(117)
{
    size_t n;
    rule903_ep *ep = rule903_episodes(ctx, ctx->child, &n);
    sg_date limit = ctx->coll->ref_date;
    if (n && ep[n - 1].dec != SG_DATE_NONE && ep[n - 1].rec && !eq(ep[n - 1].rec, "X1") &&
        ep[n - 1].dec < limit)
        limit = ep[n - 1].dec;
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "placed_adoption"); r;
         r = sg_vnode_next(r)) {
        sg_date p = rule903_date(r, "DATE_PLACED"), c = rule903_date(r, "DATE_PLACED_CEASED");
        if (p != SG_DATE_NONE && p > limit)
            sg_vreport(ctx, rule, r, "DATE_PLACED", NULL);
        else if (c != SG_DATE_NONE && c > limit)
            sg_vreport(ctx, rule, r, "DATE_PLACED_CEASED", NULL);
    }
    return SG_OK;
}

/* The child's adoption episode (REC E11/E12), or NULL; *idx its index. */
static const rule903_ep *adoption_episode(const rule903_ep *ep, size_t n, size_t *idx)
{
    for (size_t i = n; i-- > 0;)
        if (sg_vcode_in(ep[i].rec, R903_ADOPTED) && ep[i].dec != SG_DATE_NONE) {
            *idx = i;
            return &ep[i];
        }
    return NULL;
}

RULE903(557)
{
    size_t n;
    rule903_ep *ep = rule903_episodes(ctx, ctx->child, &n);
    if (!n) return SG_OK;
    const rule903_ep *l = &ep[n - 1];
    if (l->dec == SG_DATE_NONE || !l->rec || sg_vcode_in(l->rec, "X1 E11 E12")) return SG_OK;
    const sg_vnode *d = latest_decision(ctx);
    if (d && (!sg_vnode_text(d, "DATE_PLACED_CEASED") || !sg_vnode_text(d, "REASON_PLACED_CEASED")))
        sg_vreport(ctx, rule, d,
                   sg_vnode_text(d, "DATE_PLACED_CEASED") ? "REASON_PLACED_CEASED"
                                                          : "DATE_PLACED_CEASED",
                   NULL);
    return SG_OK;
}

RULE903(558)
{
    size_t n, ai;
    rule903_ep *ep = rule903_episodes(ctx, ctx->child, &n);
    if (!adoption_episode(ep, n, &ai)) return SG_OK;
    const sg_vnode *d = latest_decision(ctx);
    if (d && sg_vnode_text(d, "DATE_PLACED_CEASED"))
        sg_vreport(ctx, rule, d, "DATE_PLACED_CEASED", NULL);
    return SG_OK;
}

RULE903(601)
{
    size_t n, ai;
    rule903_ep *ep = rule903_episodes(ctx, ctx->child, &n);
    const rule903_ep *a = adoption_episode(ep, n, &ai);
    if (!a || a->dec < ctx->coll->start) return SG_OK;
    const sg_vnode *r = rule903_row(ctx->child, "ad1");
    char buf[32];
    const char *blank = rule903_first_blank(r, AD1_FIELDS, buf, sizeof buf);
    if (!r)
        sg_vreport(ctx, rule, a->row, "REC", NULL);
    else if (blank)
        sg_vreport(ctx, rule, r, blank, NULL);
    return SG_OK;
}

RULE903(602)
{
    const sg_vnode *r = rule903_row(ctx->child, "ad1");
    if (!r || !rule903_any(r, AD1_FIELDS)) return SG_OK;
    size_t n, ai;
    rule903_ep *ep = rule903_episodes(ctx, ctx->child, &n);
    if (!adoption_episode(ep, n, &ai)) sg_vreport(ctx, rule, r, "CHILD", NULL);
    return SG_OK;
}

RULE903(582)
{
    size_t n, ai;
    rule903_ep *ep = rule903_episodes(ctx, ctx->child, &n);
    const rule903_ep *a = adoption_episode(ep, n, &ai);
    const sg_vnode *r = rule903_row(ctx->child, "ad1");
    if (a && r && rule903_date(r, "DATE_MATCH") == a->dec)
        sg_vreport(ctx, rule, r, "DATE_MATCH", NULL);
    return SG_OK;
}

/* Start of the adoptive placement that ended in adoption: the first of the run of placed-for-
 * adoption episodes (A3-A6) that ends with the adoption episode; SG_DATE_NONE when the
 * adoption episode is not such a placement. */
static sg_date adoptive_start(const rule903_ep *ep, size_t ai)
{
    if (!sg_vcode_in(ep[ai].place, R903_ADOPT_PLACE)) return SG_DATE_NONE;
    size_t i = ai;
    while (i > 0 && sg_vcode_in(ep[i - 1].place, R903_ADOPT_PLACE) && ep[i - 1].dec == ep[i].decom)
        i--;
    return ep[i].decom;
}

RULE903(331)
{
    size_t n, ai;
    rule903_ep *ep = rule903_episodes(ctx, ctx->child, &n);
    if (!adoption_episode(ep, n, &ai)) return SG_OK;
    sg_date s = adoptive_start(ep, ai);
    const sg_vnode *r = rule903_row(ctx->child, "ad1");
    sg_date m = rule903_date(r, "DATE_MATCH");
    if (s != SG_DATE_NONE && m != SG_DATE_NONE && m > s)
        sg_vreport(ctx, rule, r, "DATE_MATCH", NULL);
    return SG_OK;
}

RULE903(521)
{
    size_t n, ai;
    rule903_ep *ep = rule903_episodes(ctx, ctx->child, &n);
    if (!adoption_episode(ep, n, &ai)) return SG_OK;
    sg_date s = adoptive_start(ep, ai);
    const sg_vnode *r = rule903_row(ctx->child, "ad1");
    sg_date d = rule903_date(r, "DATE_INT");
    if (s != SG_DATE_NONE && d != SG_DATE_NONE && d > s) sg_vreport(ctx, rule, r, "DATE_INT", NULL);
    return SG_OK;
}

RULE903(334)
{
    size_t n, ai;
    rule903_ep *ep = rule903_episodes(ctx, ctx->child, &n);
    const sg_vnode *r = rule903_row(ctx->child, "ad1");
    sg_date d = rule903_date(r, "DATE_INT");
    if (d == SG_DATE_NONE || !adoption_episode(ep, n, &ai)) return SG_OK;
    size_t s = rule903_period_start(ep, ai);
    /* Only when the return shows when that period of care began. */
    if (eq(ep[s].rne, "S") && ep[s].decom != SG_DATE_NONE && ep[s].decom > d)
        sg_vreport(ctx, rule, r, "DATE_INT", NULL);
    return SG_OK;
}

RULE903(335)
{
    size_t n, ai;
    rule903_ep *ep = rule903_episodes(ctx, ctx->child, &n);
    const sg_vnode *r = rule903_row(ctx->child, "ad1");
    const char *fc = sg_vnode_text(r, "FOSTER_CARE");
    if (!fc || !adoption_episode(ep, n, &ai)) return SG_OK;
    const char *pl = ep[ai].place;
    if ((eq(fc, "0") && sg_vcode_in(pl, "A3 A5")) || (eq(fc, "1") && sg_vcode_in(pl, "A4 A6")))
        sg_vreport(ctx, rule, r, "FOSTER_CARE", NULL);
    return SG_OK;
}

RULE903(336)
{
    size_t n;
    rule903_ep *ep = rule903_episodes(ctx, ctx->child, &n);
    for (size_t i = 1; i < n; i++) {
        /* The first episode of a placement with the current foster carer (A3, A5). */
        if (!sg_vcode_in(ep[i].place, "A3 A5") || sg_vcode_in(ep[i - 1].place, "A3 A5")) continue;
        if (ep[i - 1].dec != ep[i].decom) continue; /* not an immediate predecessor */
        if (!sg_vcode_in(ep[i - 1].place, R903_FOSTER))
            sg_vreport(ctx, rule, ep[i].row, "PLACE", NULL);
    }
    return SG_OK;
}

RULE903(523)
{
    const sg_vnode *r = rule903_row(ctx->child, "ad1");
    sg_date d = rule903_date(r, "DATE_INT");
    const sg_vnode *p = latest_decision(ctx);
    sg_date pd = rule903_date(p, "DATE_PLACED");
    if (d != SG_DATE_NONE && pd != SG_DATE_NONE && d != pd)
        sg_vreport(ctx, rule, r, "DATE_INT", NULL);
    return SG_OK;
}

RULE903(525)
{
    const sg_vnode *d = latest_decision(ctx);
    const sg_vnode *r = rule903_row(ctx->child, "ad1");
    if (d && sg_vnode_text(d, "DATE_PLACED_CEASED") && r && rule903_any(r, AD1_FIELDS))
        sg_vreport(ctx, rule, d, "DATE_PLACED_CEASED", NULL);
    return SG_OK;
}

RULE903(118)
{
    size_t n;
    rule903_ep *ep = rule903_episodes(ctx, ctx->child, &n);
    sg_date began = n && eq(ep[0].rne, "S") ? ep[0].decom : SG_DATE_NONE;
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "placed_adoption"); r;
         r = sg_vnode_next(r)) {
        sg_date c = rule903_date(r, "DATE_PLACED_CEASED");
        if (c == SG_DATE_NONE) continue;
        if (c < ctx->coll->start || (began != SG_DATE_NONE && c < began))
            sg_vreport(ctx, rule, r, "DATE_PLACED_CEASED", NULL);
    }
    return SG_OK;
}

/* ---- against last year's return ---- */

/* true when last year's placed_adoption has a row with DATE_PLACED d (and, with ceased set,
 * its DATE_PLACED_CEASED present or not as *ceased says; NULL = either). */
static bool prev_decision(sg_vctx *ctx, sg_date d, const bool *ceased)
{
    for (const sg_vnode *r = sg_vnode_child(ctx->prev, "placed_adoption"); r; r = sg_vnode_next(r))
        if (rule903_date(r, "DATE_PLACED") == d &&
            (!ceased || (sg_vnode_text(r, "DATE_PLACED_CEASED") != NULL) == *ceased))
            return true;
    return false;
}

RULE903(559)
{
    if (!ctx->prev) return SG_OK;
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "placed_adoption"); r;
         r = sg_vnode_next(r)) {
        sg_date p = rule903_date(r, "DATE_PLACED");
        if (p != SG_DATE_NONE && p < ctx->coll->start && !prev_decision(ctx, p, NULL))
            sg_vreport(ctx, rule, r, "DATE_PLACED", NULL);
    }
    return SG_OK;
}

RULE903(560)
{
    /* Last year's decisions still standing at its end must come back with the same date. */
    if (!ctx->prev || !sg_vnode_child(ctx->child, "placed_adoption")) return SG_OK;
    for (const sg_vnode *q = sg_vnode_child(ctx->prev, "placed_adoption"); q;
         q = sg_vnode_next(q)) {
        sg_date p = rule903_date(q, "DATE_PLACED");
        if (p == SG_DATE_NONE || sg_vnode_text(q, "DATE_PLACED_CEASED")) continue;
        bool found = false;
        for (const sg_vnode *r = sg_vnode_child(ctx->child, "placed_adoption"); r && !found;
             r = sg_vnode_next(r))
            found = rule903_date(r, "DATE_PLACED") == p;
        if (!found)
            sg_vreport(ctx, rule, rule903_row(ctx->child, "placed_adoption"), "DATE_PLACED", NULL);
    }
    return SG_OK;
}

RULE903(561)
{
    if (!ctx->prev) return SG_OK;
    bool ceased = true;
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "placed_adoption"); r;
         r = sg_vnode_next(r)) {
        sg_date p = rule903_date(r, "DATE_PLACED");
        /* Reversed last year, yet reported this year as a standing decision. */
        if (p != SG_DATE_NONE && !sg_vnode_text(r, "DATE_PLACED_CEASED") &&
            prev_decision(ctx, p, &ceased))
            sg_vreport(ctx, rule, r, "DATE_PLACED", NULL);
    }
    return SG_OK;
}

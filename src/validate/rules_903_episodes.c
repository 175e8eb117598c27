/* rules_903_episodes.c - SSDA903 rules on the Episodes table: codes and dates of each episode,
 * the order and continuity of a child's episodes, reason for new episode against the data,
 * legal status and placement durations, ages for placements and reasons ceased, placement
 * provider combinations, temporary placements, postcodes and reason for placement change.
 * Rule texts: the DfE catalogue in tests/fixtures/csc-validator-be-903 (2023-24, 2024-25);
 * what each check tests is in docs/rules_903.md. */
#include "validate/rules_903_checks.h"
#include "validate/rules_903_util.h"

#include <string.h>

static bool eq(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* Two optional texts are the same (both blank counts as the same). */
static bool same(const char *a, const char *b)
{
    if (!a || !b) return !a && !b;
    return strcmp(a, b) == 0;
}

static sg_date ymd(int y, int m, int d)
{
    return sg_date_from_ymd(y, m, d);
}

/* The episodes of the child, sorted. */
#define EPISODES(ctx, n) rule903_episodes((ctx), (ctx)->child, &(n))

/* ---- codes and dates of one episode ---- */

RULE903(141)
{
    rule903_check_date(ctx, rule, "episodes", "DECOM", true);
    return SG_OK;
}

RULE903(143)
{
    rule903_check_code(ctx, rule, "episodes", "RNE", R903_RNE, true);
    return SG_OK;
}

RULE903(144)
{
    rule903_check_code(ctx, rule, "episodes", "LS", R903_LS, true);
    return SG_OK;
}

RULE903(145)
{
    rule903_check_code(ctx, rule, "episodes", "CIN", R903_CIN, true);
    return SG_OK;
}

RULE903(146)
{
    /* P2 is valid only for episodes that began before 28 October 2023. */
    sg_date p2_end = ymd(2023, 10, 28);
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "episodes"); r; r = sg_vnode_next(r)) {
        const char *f = sg_vnode_child(r, "PLACE") ? "PLACE" : "PL";
        const char *v = sg_vnode_text(r, f);
        bool bad = !v || !sg_vcode_in(v, R903_PLACE);
        sg_date decom = rule903_date(r, "DECOM");
        if (!bad && eq(v, "P2") && decom != SG_DATE_NONE && decom >= p2_end) bad = true;
        if (bad) sg_vreport(ctx, rule, r, "PLACE", v);
    }
    return SG_OK;
}

RULE903(147)
{
    rule903_check_date(ctx, rule, "episodes", "DEC", false);
    return SG_OK;
}

RULE903(148)
{
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "episodes"); r; r = sg_vnode_next(r)) {
        bool has_dec = sg_vnode_text(r, "DEC") != NULL, has_rec = sg_vnode_text(r, "REC") != NULL;
        if (has_dec != has_rec) sg_vreport(ctx, rule, r, has_dec ? "REC" : "DEC", NULL);
    }
    return SG_OK;
}

RULE903(149)
{
    rule903_check_code(ctx, rule, "episodes", "REC", R903_REC, false);
    return SG_OK;
}

/* Placement types that take no provider: the temporary ones and "other placement" (Z1; Z11-Z14
 * in the 2025-26 text, listed here for every year as no earlier year has those codes). */
#define NO_PROVIDER R903_TEMP " Z1 Z11 Z12 Z13 Z14"

/* 178: PLACE_PROVIDER, when provided, is a valid code and the placement type takes one. */
RULE903(178)
{
    for (const sg_vnode *e = sg_vnode_child(ctx->child, "episodes"); e; e = sg_vnode_next(e)) {
        const char *v = sg_vnode_text(e, "PLACE_PROVIDER");
        if (v && (rule903_bad_code(v, R903_PROVIDER) ||
                  sg_vcode_in(sg_vnode_text(e, "PLACE"), NO_PROVIDER)))
            sg_vreport(ctx, rule, e, "PLACE_PROVIDER", NULL);
    }
    return SG_OK;
}

RULE903(179)
{
    rule903_check_code(ctx, rule, "episodes", "PL_LOCATION", "IN OUT", false);
    return SG_OK;
}

RULE903(1009)
{
    rule903_check_code(ctx, rule, "episodes", "REASON_PLACE_CHANGE", R903_RPC, false);
    return SG_OK;
}

/* ---- dates against the collection year and each other ---- */

RULE903(353)
{
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    for (size_t i = 0; i < n; i++)
        if (ep[i].decom != SG_DATE_NONE && ep[i].decom < ymd(1991, 10, 14))
            sg_vreport(ctx, rule, ep[i].row, "DECOM", NULL);
    return SG_OK;
}

RULE903(354)
{
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    for (size_t i = 0; i < n; i++)
        if (ep[i].decom != SG_DATE_NONE && ep[i].decom > ctx->coll->ref_date)
            sg_vreport(ctx, rule, ep[i].row, "DECOM", NULL);
    return SG_OK;
}

RULE903(385)
{
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    for (size_t i = 0; i < n; i++)
        if (ep[i].dec != SG_DATE_NONE && ep[i].dec > ctx->coll->ref_date)
            sg_vreport(ctx, rule, ep[i].row, "DEC", NULL);
    return SG_OK;
}

RULE903(355)
{
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    for (size_t i = 0; i < n; i++)
        if (ep[i].dec != SG_DATE_NONE && ep[i].dec == ep[i].decom)
            sg_vreport(ctx, rule, ep[i].row, "DEC", NULL);
    return SG_OK;
}

RULE903(356)
{
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    for (size_t i = 0; i < n; i++)
        if (ep[i].dec != SG_DATE_NONE && ep[i].decom != SG_DATE_NONE && ep[i].dec < ep[i].decom)
            sg_vreport(ctx, rule, ep[i].row, "DEC", NULL);
    return SG_OK;
}

RULE903(302)
{
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    sg_date dob = rule903_dob(ctx->child);
    /* The first episode is the earliest; any other starting before birth starts after it. */
    if (n && dob != SG_DATE_NONE && ep[0].decom != SG_DATE_NONE && ep[0].decom < dob)
        sg_vreport(ctx, rule, ep[0].row, "DECOM", NULL);
    return SG_OK;
}

RULE903(142)
{
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    for (size_t i = 0; i + 1 < n; i++) {
        if (ep[i].decom == SG_DATE_NONE) continue;
        if (ep[i].dec == SG_DATE_NONE && !sg_vnode_text(ep[i].row, "DEC"))
            sg_vreport(ctx, rule, ep[i].row, "DEC", NULL);
        else if (!ep[i].rec)
            sg_vreport(ctx, rule, ep[i].row, "REC", NULL);
    }
    return SG_OK;
}

RULE903(501)
{
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    for (size_t i = 1; i < n; i++)
        if (ep[i].decom != SG_DATE_NONE && ep[i - 1].dec != SG_DATE_NONE &&
            ep[i].decom < ep[i - 1].dec)
            sg_vreport(ctx, rule, ep[i].row, "DECOM", NULL);
    return SG_OK;
}

RULE903(388)
{
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    for (size_t i = 0; i < n; i++) {
        const rule903_ep *e = &ep[i];
        if (e->dec == SG_DATE_NONE || !e->rec || e->decom == SG_DATE_NONE) continue;
        const rule903_ep *next = i + 1 < n && ep[i + 1].decom != SG_DATE_NONE ? &ep[i + 1] : NULL;
        bool x1 = eq(e->rec, "X1");
        bool continued = next && next->decom == e->dec;
        /* X1 promises an episode starting the day this one ends; an episode that does start
         * that day means care went on, so the reason must be X1. */
        if (x1 != continued) sg_vreport(ctx, rule, e->row, "REC", NULL);
    }
    return SG_OK;
}

RULE903(357)
{
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    /* The earliest episode is the first ever only when it began in this collection year (an
     * earlier start continues last year's return). */
    if (n && ep[0].decom != SG_DATE_NONE && ep[0].decom >= ctx->coll->start && !eq(ep[0].rne, "S"))
        sg_vreport(ctx, rule, ep[0].row, "RNE", NULL);
    return SG_OK;
}

RULE903(431)
{
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    for (size_t i = 1; i < n; i++)
        if (eq(ep[i].rne, "S") && ep[i].decom != SG_DATE_NONE && ep[i - 1].dec == ep[i].decom)
            sg_vreport(ctx, rule, ep[i].row, "RNE", NULL);
    return SG_OK;
}

RULE903(432)
{
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    for (size_t i = 1; i < n; i++) {
        const char *prec = ep[i - 1].rec;
        if (ep[i].decom == SG_DATE_NONE) continue;
        if (prec && !eq(prec, "X1") && sg_vcode_in(prec, R903_REC) && ep[i].rne &&
            !eq(ep[i].rne, "S"))
            sg_vreport(ctx, rule, ep[i].row, "RNE", NULL);
    }
    return SG_OK;
}

RULE903(433)
{
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    for (size_t i = 1; i < n; i++) {
        if (!sg_vcode_in(ep[i].rne, "P L T U B") || ep[i].decom == SG_DATE_NONE) continue;
        if (ep[i - 1].dec != ep[i].decom) sg_vreport(ctx, rule, ep[i].row, "DECOM", NULL);
    }
    return SG_OK;
}

/* true when the placement of b differs from that of a: type, provider, postcode or URN. */
static bool placement_changed(const rule903_ep *a, const rule903_ep *b)
{
    return !same(a->place, b->place) || !same(a->prov, b->prov) || !same(a->pl_post, b->pl_post) ||
           !same(a->urn, b->urn);
}

/* Shared by 434-436: an episode with an RNE among codes must show (ls_changes, place_changes).
 * The DfE's RNE codes: L legal status only; P placement and carer(s) only; T placement only,
 * same carer(s); U legal status and placement, same carer(s); B legal status, placement and
 * carer(s). So 435 ("placement has changed but not the legal status") reads P and T, and 436
 * ("both placement and legal status have changed") reads U and B. */
static void rne_reflects(sg_vctx *ctx, const sg_rule *rule, const char *codes, bool ls_changes,
                         bool place_changes)
{
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    for (size_t i = 1; i < n; i++) {
        if (!sg_vcode_in(ep[i].rne, codes) || ep[i].decom == SG_DATE_NONE) continue;
        bool ls = !same(ep[i - 1].ls, ep[i].ls);
        bool pl = placement_changed(&ep[i - 1], &ep[i]);
        if (ls != ls_changes || pl != place_changes) sg_vreport(ctx, rule, ep[i].row, "RNE", NULL);
    }
}

RULE903(434)
{
    rne_reflects(ctx, rule, "L", true, false);
    return SG_OK;
}

RULE903(435)
{
    rne_reflects(ctx, rule, "P T", false, true);
    return SG_OK;
}

RULE903(436)
{
    rne_reflects(ctx, rule, "U B", true, true);
    return SG_OK;
}

RULE903(437)
{
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    for (size_t i = 0; i + 1 < n; i++)
        if (sg_vcode_in(ep[i].rec, "E2 E15") && ep[i + 1].decom != SG_DATE_NONE)
            sg_vreport(ctx, rule, ep[i].row, "REC", NULL);
    return SG_OK;
}

RULE903(504)
{
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    for (size_t i = 1; i < n; i++) {
        size_t s = rule903_period_start(ep, i);
        /* Only periods whose start is in the return: one starting last year may have changed. */
        if (s == i || !eq(ep[s].rne, "S") || !ep[s].cin || !ep[i].cin) continue;
        if (!eq(ep[s].cin, ep[i].cin)) sg_vreport(ctx, rule, ep[i].row, "CIN", NULL);
    }
    return SG_OK;
}

/* ---- ages ---- */

/* Reports field of episodes matching (field in codes) whose age on the episode's start (or,
 * with at_dec, end) is below min (when min >= 0) or at least max (when max >= 0). */
static void age_check(sg_vctx *ctx, const sg_rule *rule, const char *field, const char *codes,
                      bool at_dec, int below, int atleast)
{
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    sg_date dob = rule903_dob(ctx->child);
    if (dob == SG_DATE_NONE) return;
    for (size_t i = 0; i < n; i++) {
        const char *v = sg_vnode_text(ep[i].row, field);
        if (strcmp(field, "PLACE") == 0) v = ep[i].place;
        if (!sg_vcode_in(v, codes)) continue;
        int age = rule903_age(dob, at_dec ? ep[i].dec : ep[i].decom);
        if (age < 0) continue;
        if ((below >= 0 && age < below) || (atleast >= 0 && age >= atleast))
            sg_vreport(ctx, rule, ep[i].row, field, v);
    }
}

RULE903(352)
{
    age_check(ctx, rule, "RNE", "S", false, -1, 18);
    return SG_OK;
}

RULE903(358)
{
    age_check(ctx, rule, "LS", "J1 J2 J3", false, 10, -1);
    return SG_OK;
}

RULE903(371)
{
    age_check(ctx, rule, "PLACE", "H5", false, 16, -1);
    return SG_OK;
}

RULE903(372)
{
    age_check(ctx, rule, "PLACE", "R5", false, 10, -1);
    return SG_OK;
}

RULE903(373)
{
    age_check(ctx, rule, "PLACE", "S1", false, 4, -1);
    return SG_OK;
}

RULE903(374)
{
    age_check(ctx, rule, "PLACE", "P3", false, 14, -1);
    return SG_OK;
}

RULE903(386)
{
    age_check(ctx, rule, "REC", R903_ADOPTED, true, -1, 18);
    return SG_OK;
}

RULE903(387)
{
    age_check(ctx, rule, "REC", "E5 E6", true, 14, -1);
    return SG_OK;
}

RULE903(389)
{
    age_check(ctx, rule, "REC", "E7", true, 16, -1);
    return SG_OK;
}

RULE903(407)
{
    age_check(ctx, rule, "REC", "E45 E46 E47 E48", true, -1, 18);
    return SG_OK;
}

RULE903(460)
{
    age_check(ctx, rule, "REC", "E17", true, 18, -1);
    return SG_OK;
}

RULE903(359)
{
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    sg_date dob = rule903_dob(ctx->child);
    sg_date eighteen = rule903_add_years(dob, 18);
    if (dob == SG_DATE_NONE || eighteen > ctx->coll->ref_date) return SG_OK;
    for (size_t i = 0; i < n; i++) {
        const rule903_ep *e = &ep[i];
        if (e->decom == SG_DATE_NONE) continue;
        /* Looked after on or after the 18th birthday: open at it or ending after it. */
        bool after = e->dec == SG_DATE_NONE ? true : e->dec > eighteen;
        if (after && !(eq(e->ls, "V2") && eq(e->place, "K2")))
            sg_vreport(ctx, rule, e->row, "LS", NULL);
    }
    return SG_OK;
}

/* ---- durations ---- */

/* Days the episode lasted: to DEC, or to the end of the collection year when still open. */
static long ep_days(sg_vctx *ctx, const rule903_ep *e)
{
    if (e->decom == SG_DATE_NONE) return -1;
    sg_date end = e->dec != SG_DATE_NONE ? e->dec : ctx->coll->ref_date;
    if (e->dec == SG_DATE_NONE && sg_vnode_text(e->row, "DEC")) return -1; /* DEC not a date */
    return (long)end - (long)e->decom;
}

/* Reports each episode with field in codes that lasted more than max_days. */
static void max_days(sg_vctx *ctx, const sg_rule *rule, bool by_place, const char *codes, long max)
{
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    for (size_t i = 0; i < n; i++) {
        const char *v = by_place ? ep[i].place : ep[i].ls;
        if (!sg_vcode_in(v, codes)) continue;
        long d = ep_days(ctx, &ep[i]);
        if (d > max)
            sg_vreport(ctx, rule, ep[i].row, ep[i].dec != SG_DATE_NONE ? "DEC" : "DECOM", NULL);
    }
}

RULE903(361)
{
    max_days(ctx, rule, false, "L1", 3);
    return SG_OK;
}

RULE903(362)
{
    max_days(ctx, rule, false, "L2", 21);
    return SG_OK;
}

RULE903(363)
{
    max_days(ctx, rule, false, "L3", 7);
    return SG_OK;
}

RULE903(364)
{
    /* Consecutive J2 episodes are one period of detention: their days add up. */
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    for (size_t i = 0; i < n;) {
        if (!eq(ep[i].ls, "J2") || ep[i].decom == SG_DATE_NONE) {
            i++;
            continue;
        }
        size_t j = i;
        long total = ep_days(ctx, &ep[i]);
        while (j + 1 < n && eq(ep[j + 1].ls, "J2") && ep[j].dec != SG_DATE_NONE &&
               ep[j + 1].decom == ep[j].dec) {
            j++;
            long d = ep_days(ctx, &ep[j]);
            if (d > 0) total += d;
        }
        if (total > 21)
            for (size_t k = i; k <= j; k++)
                sg_vreport(ctx, rule, ep[k].row, "LS", NULL);
        i = j + 1;
    }
    return SG_OK;
}

RULE903(365)
{
    max_days(ctx, rule, false, "V3", 17);
    return SG_OK;
}

RULE903(375)
{
    max_days(ctx, rule, true, "T1", 42);
    return SG_OK;
}

RULE903(376)
{
    max_days(ctx, rule, true, "T3", 21);
    return SG_OK;
}

RULE903(379)
{
    max_days(ctx, rule, true, "T4", 7);
    return SG_OK;
}

RULE903(367)
{
    /* Respite days (V3) within the collection year, each episode clipped to the year. */
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    long total = 0;
    size_t last = n;
    for (size_t i = 0; i < n; i++) {
        if (!eq(ep[i].ls, "V3") || ep[i].decom == SG_DATE_NONE) continue;
        sg_date s = ep[i].decom < ctx->coll->start ? ctx->coll->start : ep[i].decom;
        sg_date e = ep[i].dec == SG_DATE_NONE || ep[i].dec > ctx->coll->ref_date
                        ? ctx->coll->ref_date
                        : ep[i].dec;
        if (e > s) total += (long)e - (long)s;
        last = i;
    }
    if (total > 75 && last < n) sg_vreport(ctx, rule, ep[last].row, "LS", NULL);
    return SG_OK;
}

RULE903(377)
{
    /* More than two T3 placements starting in the collection year: the third and later. */
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    int count = 0;
    for (size_t i = 0; i < n; i++) {
        if (!eq(ep[i].place, "T3") || ep[i].decom == SG_DATE_NONE ||
            ep[i].decom < ctx->coll->start || ep[i].decom > ctx->coll->ref_date)
            continue;
        if (++count > 2) sg_vreport(ctx, rule, ep[i].row, "PLACE", NULL);
    }
    return SG_OK;
}

/* ---- legal status and placement combinations ---- */

/* Reports episodes where (a in alist) and (b in blist) (negate_b: b NOT in blist, b present). */
static void combo(sg_vctx *ctx, const sg_rule *rule, const char *fa, const char *alist,
                  const char *fb, const char *blist, bool negate_b, const char *report)
{
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    for (size_t i = 0; i < n; i++) {
        const char *a = strcmp(fa, "PLACE") == 0 ? ep[i].place : sg_vnode_text(ep[i].row, fa);
        const char *b = strcmp(fb, "PLACE") == 0 ? ep[i].place : sg_vnode_text(ep[i].row, fb);
        if (!sg_vcode_in(a, alist)) continue;
        bool hit = negate_b ? (b && !sg_vcode_in(b, blist)) : sg_vcode_in(b, blist);
        if (hit) sg_vreport(ctx, rule, ep[i].row, report, NULL);
    }
}

RULE903(366)
{
    combo(ctx, rule, "LS", "V3", "RNE", "S", true, "RNE");
    return SG_OK;
}

RULE903(378)
{
    combo(ctx, rule, "PLACE", "P1", "LS", "V2", false, "LS");
    return SG_OK;
}

RULE903(380)
{
    combo(ctx, rule, "RNE", "S", "PLACE", R903_TEMP, false, "PLACE");
    return SG_OK;
}

RULE903(381)
{
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    for (size_t i = 0; i < n; i++)
        if (sg_vcode_in(ep[i].place, R903_TEMP) && ep[i].rec && !eq(ep[i].rec, "X1"))
            sg_vreport(ctx, rule, ep[i].row, "PLACE", NULL);
    return SG_OK;
}

RULE903(382)
{
    combo(ctx, rule, "LS", "V3 V4", "PLACE", R903_TEMP, false, "PLACE");
    return SG_OK;
}

RULE903(384)
{
    combo(ctx, rule, "LS", "V3 V4", "PLACE", "U1 U4", false, "PLACE");
    return SG_OK;
}

RULE903(383)
{
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    for (size_t i = 1; i + 1 < n; i++) {
        if (!sg_vcode_in(ep[i].place, R903_TEMP)) continue;
        const rule903_ep *b = &ep[i - 1], *a = &ep[i + 1];
        /* Only when the temporary placement sits between two episodes of one stay. */
        if (b->dec != ep[i].decom || ep[i].dec != a->decom) continue;
        if (!same(b->place, a->place) || !same(b->urn, a->urn) || !same(b->pl_post, a->pl_post))
            sg_vreport(ctx, rule, ep[i].row, "PLACE", NULL);
    }
    return SG_OK;
}

RULE903(390)
{
    combo(ctx, rule, "REC", R903_ADOPTED, "PLACE", R903_ADOPT_PLACE, true, "REC");
    return SG_OK;
}

RULE903(408)
{
    combo(ctx, rule, "PLACE", "A5 A6", "LS", "E1 D1", true, "LS");
    return SG_OK;
}

RULE903(426)
{
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    bool v3 = false, v4 = false;
    for (size_t i = 0; i < n; i++)
        v3 |= eq(ep[i].ls, "V3"), v4 |= eq(ep[i].ls, "V4");
    if (v3 && v4)
        for (size_t i = 0; i < n; i++)
            if (sg_vcode_in(ep[i].ls, "V3 V4")) sg_vreport(ctx, rule, ep[i].row, "LS", NULL);
    return SG_OK;
}

RULE903(445)
{
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    for (size_t i = 0; i < n; i++)
        if (eq(ep[i].ls, "D1") && ep[i].decom != SG_DATE_NONE && ep[i].decom > ymd(2005, 12, 30))
            sg_vreport(ctx, rule, ep[i].row, "LS", NULL);
    return SG_OK;
}

RULE903(446)
{
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    for (size_t i = 0; i < n; i++)
        if (eq(ep[i].ls, "E1") && ep[i].decom != SG_DATE_NONE && ep[i].decom < ymd(2005, 12, 30))
            sg_vreport(ctx, rule, ep[i].row, "LS", NULL);
    return SG_OK;
}

RULE903(451)
{
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "episodes"); r; r = sg_vnode_next(r))
        if (eq(sg_vnode_text(r, "LS"), "D1") && !sg_vnode_text(r, "DEC") &&
            !sg_vnode_text(r, "REC"))
            sg_vreport(ctx, rule, r, "LS", NULL);
    return SG_OK;
}

RULE903(516)
{
    combo(ctx, rule, "REC", "E45 E46", "PLACE", R903_FOSTER, true, "PLACE");
    return SG_OK;
}

RULE903(217)
{
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    for (size_t i = 0; i < n; i++)
        if (sg_vcode_in(ep[i].place, "A3 A5") && ep[i].decom != SG_DATE_NONE &&
            ep[i].decom >= ymd(2015, 4, 1) && ep[i].rne && !sg_vcode_in(ep[i].rne, "S T U"))
            sg_vreport(ctx, rule, ep[i].row, "RNE", NULL);
    return SG_OK;
}

/* ---- placement provider ---- */

RULE903(213)
{
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    for (size_t i = 0; i < n; i++)
        if (sg_vcode_in(ep[i].place, R903_TEMP) && ep[i].prov)
            sg_vreport(ctx, rule, ep[i].row, "PLACE_PROVIDER", NULL);
    return SG_OK;
}

RULE903(526)
{
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    for (size_t i = 0; i < n; i++)
        if (ep[i].place && !sg_vcode_in(ep[i].place, NO_PROVIDER) && !ep[i].prov)
            sg_vreport(ctx, rule, ep[i].row, "PLACE_PROVIDER", NULL);
    return SG_OK;
}

RULE903(527)
{
    combo(ctx, rule, "PLACE_PROVIDER", "PR1", "PLACE", "P1 R2 R5", false, "PLACE_PROVIDER");
    return SG_OK;
}

RULE903(528)
{
    combo(ctx, rule, "PLACE_PROVIDER", "PR2", "PLACE", "P1 R2 R5", false, "PLACE_PROVIDER");
    return SG_OK;
}

RULE903(529)
{
    combo(ctx, rule, "PLACE_PROVIDER", "PR3", "PLACE", "P1 A3 A4 A5 A6 K1 K2 U1 U2 U3 U4 U5 U6",
          false, "PLACE_PROVIDER");
    return SG_OK;
}

RULE903(530)
{
    combo(ctx, rule, "PLACE_PROVIDER", "PR4", "PLACE", "P1", false, "PLACE_PROVIDER");
    return SG_OK;
}

RULE903(531)
{
    combo(ctx, rule, "PLACE_PROVIDER", "PR5", "PLACE", "P1", false, "PLACE_PROVIDER");
    return SG_OK;
}

RULE903(550)
{
    combo(ctx, rule, "PLACE_PROVIDER", "PR0", "PLACE", "P1", true, "PLACE_PROVIDER");
    return SG_OK;
}

/* ---- location: postcodes, URN, placement LA ---- */

RULE903(214)
{
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    for (size_t i = 0; i < n; i++)
        if (sg_vcode_in(ep[i].ls, "V3 V4") && (ep[i].pl_post || ep[i].urn))
            sg_vreport(ctx, rule, ep[i].row, ep[i].pl_post ? "PL_POST" : "URN", NULL);
    return SG_OK;
}

RULE903(398)
{
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    for (size_t i = 0; i < n; i++)
        if (sg_vcode_in(ep[i].ls, "V3 V4") && (ep[i].pl_post || ep[i].home_post))
            sg_vreport(ctx, rule, ep[i].row, ep[i].home_post ? "HOME_POST" : "PL_POST", NULL);
    return SG_OK;
}

RULE903(420)
{
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "episodes"); r; r = sg_vnode_next(r))
        if (sg_vcode_in(sg_vnode_text(r, "LS"), "V3 V4") && sg_vnode_text(r, "PL_LA"))
            sg_vreport(ctx, rule, r, "PL_LA", NULL);
    return SG_OK;
}

/* A UK postcode as written: outward code (A9, A99, AA9, AA99, A9A, AA9A), an optional space,
 * inward code (9AA). Case-insensitive. */
static bool postcode_ok(const char *s)
{
    char c[16];
    size_t k = 0;
    for (const char *p = s; *p; p++) {
        if (*p == ' ') continue;
        if (k + 1 >= sizeof c) return false;
        char ch = *p;
        if (ch >= 'a' && ch <= 'z') ch = (char)(ch - 'a' + 'A');
        c[k++] = ch;
    }
    c[k] = '\0';
    if (k < 5 || k > 7) return false;
#define AL(x) ((x) >= 'A' && (x) <= 'Z')
#define DG(x) ((x) >= '0' && (x) <= '9')
    const char *in = c + k - 3;
    if (!(DG(in[0]) && AL(in[1]) && AL(in[2]))) return false;
    size_t ol = k - 3;
    const char *o = c;
    if (!AL(o[0])) return false;
    switch (ol) {
    case 2:
        return DG(o[1]);
    case 3:
        return (DG(o[1]) && (DG(o[2]) || AL(o[2]))) || (AL(o[1]) && DG(o[2]));
    case 4:
        return AL(o[1]) && DG(o[2]) && (DG(o[3]) || AL(o[3]));
    default:
        return false;
    }
#undef AL
#undef DG
}

RULE903(392c)
{
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    for (size_t i = 0; i < n; i++) {
        if (ep[i].home_post && !postcode_ok(ep[i].home_post))
            sg_vreport(ctx, rule, ep[i].row, "HOME_POST", NULL);
        if (ep[i].pl_post && !postcode_ok(ep[i].pl_post))
            sg_vreport(ctx, rule, ep[i].row, "PL_POST", NULL);
    }
    return SG_OK;
}

RULE903(392d)
{
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    for (size_t i = 0; i < n; i++)
        if (ep[i].home_post && ep[i].pl_post && ep[i].place && !eq(ep[i].place, "P1")) {
            char a[16], b[16];
            size_t ka = 0, kb = 0;
            for (const char *p = ep[i].home_post; *p && ka + 1 < sizeof a; p++)
                if (*p != ' ') a[ka++] = *p;
            for (const char *p = ep[i].pl_post; *p && kb + 1 < sizeof b; p++)
                if (*p != ' ') b[kb++] = *p;
            a[ka] = b[kb] = '\0';
            if (strcmp(a, b) == 0) sg_vreport(ctx, rule, ep[i].row, "PL_POST", NULL);
        }
    return SG_OK;
}

/* ---- reason for placement change ---- */

RULE903(225)
{
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    for (size_t i = 0; i + 1 < n; i++) {
        const rule903_ep *e = &ep[i], *nx = &ep[i + 1];
        if (!eq(e->rec, "X1") || e->rpc || sg_vcode_in(e->place, R903_TEMP)) continue;
        if (e->dec == SG_DATE_NONE || nx->decom != e->dec) continue;
        if (sg_vcode_in(nx->rne, "P B T U") && nx->place && !sg_vcode_in(nx->place, R903_TEMP))
            sg_vreport(ctx, rule, e->row, "REASON_PLACE_CHANGE", NULL);
    }
    return SG_OK;
}

RULE903(226)
{
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    for (size_t i = 0; i < n; i++) {
        if (!sg_vcode_in(ep[i].place, R903_TEMP)) continue;
        if (ep[i].rpc)
            sg_vreport(ctx, rule, ep[i].row, "REASON_PLACE_CHANGE", NULL);
        else if (i > 0 && ep[i - 1].rpc)
            sg_vreport(ctx, rule, ep[i - 1].row, "REASON_PLACE_CHANGE", NULL);
    }
    return SG_OK;
}

/* ---- placement types withdrawn in 2023 (rules of the 2023-24 catalogue) ---- */

RULE903(217t)
{
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    for (size_t i = 0; i < n; i++)
        if (eq(ep[i].place, "P2") && ep[i].decom != SG_DATE_NONE &&
            ep[i].decom >= ymd(2023, 10, 28))
            sg_vreport(ctx, rule, ep[i].row, "PLACE", NULL);
    return SG_OK;
}

RULE903(370)
{
    age_check(ctx, rule, "PLACE", "P2", false, 16, -1);
    return SG_OK;
}

RULE903(392b)
{
    /* Children who are or were UASC are exempt (their postcodes are not collected). */
    const sg_vnode *h = rule903_row(ctx->child, "header");
    if (sg_vnode_child(ctx->child, "uasc") || eq(sg_vnode_text(h, "UASC"), "1")) return SG_OK;
    size_t n;
    rule903_ep *ep = EPISODES(ctx, n);
    for (size_t i = 0; i < n; i++) {
        if (!ep[i].ls || sg_vcode_in(ep[i].ls, "V3 V4")) continue;
        if (!ep[i].home_post)
            sg_vreport(ctx, rule, ep[i].row, "HOME_POST", NULL);
        else if (!ep[i].pl_post)
            sg_vreport(ctx, rule, ep[i].row, "PL_POST", NULL);
    }
    return SG_OK;
}

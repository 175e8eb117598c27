/* rules_903_oc.c - SSDA903 rules on the outcome tables: OC2 (children looked after
 * continuously for 12 months at 31 March: SDQ, convictions, health, substance misuse) and OC3
 * (care leavers: in touch, activity, accommodation), and how they agree with the episodes and
 * with each other. Rule texts: the DfE catalogue (tests/fixtures/csc-validator-be-903); what
 * each check tests is in docs/rules_903.md. */
#include "validate/rules_903_checks.h"
#include "validate/rules_903_util.h"

#include <string.h>

#define OC2_ITEMS                                                                                  \
    "CONVICTED HEALTH_CHECK IMMUNISATIONS TEETH_CHECK HEALTH_ASSESSMENT SUBSTANCE_MISUSE "         \
    "INTERVENTION_RECEIVED INTERVENTION_OFFERED"
#define OC2_CORE "IMMUNISATIONS TEETH_CHECK HEALTH_ASSESSMENT SUBSTANCE_MISUSE"
#define OC3_ITEMS "IN_TOUCH ACTIV ACCOM"
#define AD1_ITEMS "DATE_INT DATE_MATCH FOSTER_CARE NB_ADOPTR SEX_ADOPTR LS_ADOPTR"

static bool eq(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

static bool cla12(sg_vctx *ctx)
{
    size_t n;
    rule903_ep *ep = rule903_episodes(ctx, ctx->child, &n);
    return rule903_cla12(ctx, ep, n);
}

static int age_start(sg_vctx *ctx)
{
    return rule903_age(rule903_dob(ctx->child), ctx->coll->start);
}

static int age_end(sg_vctx *ctx)
{
    return rule903_age(rule903_dob(ctx->child), ctx->coll->ref_date);
}

/* ---- OC2 codes ---- */

RULE903(180)
{
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "oc2"); r; r = sg_vnode_next(r)) {
        long v;
        sg_vval s = sg_vnode_int(r, "SDQ_SCORE", &v);
        if (s == SG_VBAD || (s == SG_VOK && (v < 0 || v > 40)))
            sg_vreport(ctx, rule, r, "SDQ_SCORE", NULL);
    }
    return SG_OK;
}

RULE903(181)
{
    static const char *const items[] = {
        "CONVICTED",         "HEALTH_CHECK",     "IMMUNISATIONS",         "TEETH_CHECK",
        "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"};
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "oc2"); r; r = sg_vnode_next(r))
        for (size_t i = 0; i < sizeof items / sizeof items[0]; i++)
            if (rule903_bad_code(sg_vnode_text(r, items[i]), "0 1"))
                sg_vreport(ctx, rule, r, items[i], NULL);
    return SG_OK;
}

RULE903(196)
{
    rule903_check_code(ctx, rule, "oc2", "SDQ_REASON", R903_SDQ_REASON, false);
    return SG_OK;
}

RULE903(197a)
{
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "oc2"); r; r = sg_vnode_next(r))
        if (sg_vnode_text(r, "SDQ_SCORE") && sg_vnode_text(r, "SDQ_REASON"))
            sg_vreport(ctx, rule, r, "SDQ_REASON", NULL);
    return SG_OK;
}

/* ---- OC2 items against each other ---- */

RULE903(158)
{
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "oc2"); r; r = sg_vnode_next(r))
        if (eq(sg_vnode_text(r, "INTERVENTION_RECEIVED"), "1") &&
            sg_vnode_text(r, "INTERVENTION_OFFERED"))
            sg_vreport(ctx, rule, r, "INTERVENTION_OFFERED", NULL);
    return SG_OK;
}

RULE903(159)
{
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "oc2"); r; r = sg_vnode_next(r))
        if (eq(sg_vnode_text(r, "SUBSTANCE_MISUSE"), "1") &&
            eq(sg_vnode_text(r, "INTERVENTION_RECEIVED"), "0") &&
            !sg_vnode_text(r, "INTERVENTION_OFFERED"))
            sg_vreport(ctx, rule, r, "INTERVENTION_OFFERED", NULL);
    return SG_OK;
}

RULE903(192)
{
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "oc2"); r; r = sg_vnode_next(r))
        if (eq(sg_vnode_text(r, "SUBSTANCE_MISUSE"), "1") &&
            !sg_vnode_text(r, "INTERVENTION_RECEIVED"))
            sg_vreport(ctx, rule, r, "INTERVENTION_RECEIVED", NULL);
    return SG_OK;
}

RULE903(193)
{
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "oc2"); r; r = sg_vnode_next(r))
        if (!eq(sg_vnode_text(r, "SUBSTANCE_MISUSE"), "1") &&
            rule903_any(r, "INTERVENTION_RECEIVED INTERVENTION_OFFERED"))
            sg_vreport(ctx, rule, r,
                       sg_vnode_text(r, "INTERVENTION_RECEIVED") ? "INTERVENTION_RECEIVED"
                                                                 : "INTERVENTION_OFFERED",
                       NULL);
    return SG_OK;
}

/* Rows of oc2 where trigger (a field list) has something but a core item is blank. */
static void core_if(sg_vctx *ctx, const sg_rule *rule, const char *trigger)
{
    char buf[32];
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "oc2"); r; r = sg_vnode_next(r)) {
        if (!rule903_any(r, trigger)) continue;
        const char *blank = rule903_first_blank(r, OC2_CORE, buf, sizeof buf);
        if (blank) sg_vreport(ctx, rule, r, blank, NULL);
    }
}

RULE903(182)
{
    core_if(ctx, rule, OC2_ITEMS);
    return SG_OK;
}

RULE903(544)
{
    core_if(ctx, rule, "CONVICTED");
    return SG_OK;
}

RULE903(547)
{
    core_if(ctx, rule, "HEALTH_CHECK");
    return SG_OK;
}

/* ---- OC2 against the 12-month cohort and ages ---- */

/* Rows of oc2 with any of fields present, for children outside the 12-month cohort. */
static void outside_cohort(sg_vctx *ctx, const sg_rule *rule, const char *fields,
                           const char *report)
{
    const sg_vnode *r = sg_vnode_child(ctx->child, "oc2");
    if (!r || cla12(ctx)) return;
    char buf[32];
    for (; r; r = sg_vnode_next(r))
        if (rule903_any(r, fields)) {
            const char *f = report;
            if (!f) {
                /* The first present item names the finding. */
                const char *p = fields;
                while (*p) {
                    size_t k = strcspn(p, " ");
                    if (k < sizeof buf) {
                        memcpy(buf, p, k);
                        buf[k] = '\0';
                        if (sg_vnode_text(r, buf)) break;
                    }
                    p += k;
                    while (*p == ' ')
                        p++;
                }
                f = buf;
            }
            sg_vreport(ctx, rule, r, f, NULL);
        }
}

RULE903(185)
{
    outside_cohort(ctx, rule, "SDQ_SCORE", "SDQ_SCORE");
    return SG_OK;
}

RULE903(198)
{
    outside_cohort(ctx, rule, "SDQ_REASON", "SDQ_REASON");
    return SG_OK;
}

RULE903(190)
{
    outside_cohort(ctx, rule, OC2_ITEMS, NULL);
    return SG_OK;
}

RULE903(191)
{
    if (!cla12(ctx)) return SG_OK;
    const sg_vnode *r = rule903_row(ctx->child, "oc2");
    char buf[32];
    const char *blank = rule903_first_blank(r, OC2_CORE, buf, sizeof buf);
    if (!r)
        sg_vreport(ctx, rule, rule903_row(ctx->child, "header"), "CHILD", NULL);
    else if (blank)
        sg_vreport(ctx, rule, r, blank, NULL);
    return SG_OK;
}

RULE903(186)
{
    int as = age_start(ctx), ae = age_end(ctx);
    if (as < 4 || ae < 0 || ae >= 17 || !cla12(ctx)) return SG_OK;
    const sg_vnode *r = rule903_row(ctx->child, "oc2");
    if (r && !sg_vnode_text(r, "SDQ_SCORE") && !sg_vnode_text(r, "SDQ_REASON"))
        sg_vreport(ctx, rule, r, "SDQ_SCORE", NULL);
    return SG_OK;
}

/* True when the child became n during the collection year: under n on 1 April, n by 31 March.
 */
static bool turned(sg_vctx *ctx, int n)
{
    sg_date dob = rule903_dob(ctx->child);
    return rule903_age(dob, ctx->coll->ref_date) >= n && rule903_age(dob, ctx->coll->start) < n;
}

/* "4- or 17-year-olds": children who became 4 or 17 during the year. A child already 17 on
 * 1 April (a birthday on 1 April included) must have no SDQ at all (rule 189), so 197B cannot
 * mean "17 on 31 March". */
RULE903(197B)
{
    if (!(turned(ctx, 4) || turned(ctx, 17)) || !cla12(ctx)) return SG_OK;
    const sg_vnode *r = rule903_row(ctx->child, "oc2");
    if (r && !sg_vnode_text(r, "SDQ_SCORE") && !sg_vnode_text(r, "SDQ_REASON"))
        sg_vreport(ctx, rule, r, "SDQ_REASON", NULL);
    return SG_OK;
}

RULE903(157)
{
    int as = age_start(ctx), ae = age_end(ctx);
    if (as < 4 || ae < 0 || ae > 16) return SG_OK;
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "oc2"); r; r = sg_vnode_next(r))
        if (eq(sg_vnode_text(r, "SDQ_REASON"), "SDQ1"))
            sg_vreport(ctx, rule, r, "SDQ_REASON", NULL);
    return SG_OK;
}

RULE903(188)
{
    int ae = age_end(ctx);
    if (ae < 0 || ae >= 4) return SG_OK;
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "oc2"); r; r = sg_vnode_next(r))
        if (rule903_any(r, "SDQ_SCORE SDQ_REASON"))
            sg_vreport(ctx, rule, r, sg_vnode_text(r, "SDQ_SCORE") ? "SDQ_SCORE" : "SDQ_REASON",
                       NULL);
    return SG_OK;
}

RULE903(189)
{
    if (age_start(ctx) < 17) return SG_OK;
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "oc2"); r; r = sg_vnode_next(r))
        if (rule903_any(r, "SDQ_SCORE SDQ_REASON"))
            sg_vreport(ctx, rule, r, sg_vnode_text(r, "SDQ_SCORE") ? "SDQ_SCORE" : "SDQ_REASON",
                       NULL);
    return SG_OK;
}

RULE903(542)
{
    int ae = age_end(ctx);
    if (ae < 0 || ae >= 10) return SG_OK;
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "oc2"); r; r = sg_vnode_next(r))
        if (sg_vnode_text(r, "CONVICTED")) sg_vreport(ctx, rule, r, "CONVICTED", NULL);
    return SG_OK;
}

RULE903(543)
{
    if (age_end(ctx) < 10 || !cla12(ctx)) return SG_OK;
    const sg_vnode *r = rule903_row(ctx->child, "oc2");
    if (r && !sg_vnode_text(r, "CONVICTED")) sg_vreport(ctx, rule, r, "CONVICTED", NULL);
    return SG_OK;
}

RULE903(545)
{
    int ae = age_end(ctx);
    if (ae < 0 || ae >= 5 || !cla12(ctx)) return SG_OK;
    const sg_vnode *r = rule903_row(ctx->child, "oc2");
    if (r && !sg_vnode_text(r, "HEALTH_CHECK")) sg_vreport(ctx, rule, r, "HEALTH_CHECK", NULL);
    return SG_OK;
}

/* 546: the DfE text ("DOB >= 5 years prior to the collection end date and continuously looked
 * after = Y") limits it to the 12-month cohort; OC2 items outside the cohort are 190's. */
RULE903(546)
{
    if (age_end(ctx) < 5 || !cla12(ctx)) return SG_OK;
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "oc2"); r; r = sg_vnode_next(r))
        if (sg_vnode_text(r, "HEALTH_CHECK")) sg_vreport(ctx, rule, r, "HEALTH_CHECK", NULL);
    return SG_OK;
}

RULE903(187)
{
    if (!cla12(ctx)) return SG_OK;
    const sg_vnode *a = rule903_row(ctx->child, "ad1"), *o = rule903_row(ctx->child, "oc3");
    if (rule903_any(a, AD1_ITEMS)) sg_vreport(ctx, rule, a, "CHILD", NULL);
    if (rule903_any(o, OC3_ITEMS)) sg_vreport(ctx, rule, o, "CHILD", NULL);
    return SG_OK;
}

RULE903(215)
{
    const sg_vnode *o = rule903_row(ctx->child, "oc3");
    if (!rule903_any(o, OC3_ITEMS)) return SG_OK;
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "oc2"); r; r = sg_vnode_next(r))
        if (rule903_any(r, OC2_ITEMS)) sg_vreport(ctx, rule, r, "CHILD", NULL);
    return SG_OK;
}

/* ---- OC3 ---- */

RULE903(131)
{
    rule903_check_code(ctx, rule, "oc3", "IN_TOUCH", R903_IN_TOUCH, false);
    return SG_OK;
}

RULE903(132)
{
    rule903_check_code(ctx, rule, "oc3", "ACTIV", R903_ACTIV, false);
    return SG_OK;
}

RULE903(133)
{
    rule903_check_code(ctx, rule, "oc3", "ACCOM", R903_ACCOM, false);
    return SG_OK;
}

RULE903(153)
{
    char buf[32];
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "oc3"); r; r = sg_vnode_next(r)) {
        const char *blank = rule903_first_blank(r, OC3_ITEMS, buf, sizeof buf);
        if (blank && rule903_any(r, OC3_ITEMS)) sg_vreport(ctx, rule, r, blank, NULL);
    }
    return SG_OK;
}

RULE903(344)
{
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "oc3"); r; r = sg_vnode_next(r)) {
        if (!sg_vcode_in(sg_vnode_text(r, "IN_TOUCH"), "DIED RHOM")) continue;
        const char *ac = sg_vnode_text(r, "ACTIV"), *am = sg_vnode_text(r, "ACCOM");
        if (ac && !eq(ac, "0"))
            sg_vreport(ctx, rule, r, "ACTIV", NULL);
        else if (am && !eq(am, "0"))
            sg_vreport(ctx, rule, r, "ACCOM", NULL);
    }
    return SG_OK;
}

RULE903(345)
{
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "oc3"); r; r = sg_vnode_next(r)) {
        if (!eq(sg_vnode_text(r, "IN_TOUCH"), "YES")) continue;
        if (eq(sg_vnode_text(r, "ACTIV"), "0"))
            sg_vreport(ctx, rule, r, "ACTIV", NULL);
        else if (eq(sg_vnode_text(r, "ACCOM"), "0"))
            sg_vreport(ctx, rule, r, "ACCOM", NULL);
    }
    return SG_OK;
}

RULE903(391)
{
    sg_date dob = rule903_dob(ctx->child);
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "oc3"); r; r = sg_vnode_next(r)) {
        sg_date b = dob != SG_DATE_NONE ? dob : rule903_date(r, "DOB");
        if (b == SG_DATE_NONE || !rule903_any(r, OC3_ITEMS)) continue;
        /* One of the 17th to 21st birthdays must fall in the collection year. */
        bool ok = false;
        for (int y = 17; y <= 21 && !ok; y++) {
            sg_date bd = rule903_add_years(b, y);
            ok = bd >= ctx->coll->start && bd <= ctx->coll->ref_date;
        }
        if (!ok) sg_vreport(ctx, rule, r, "DOB", NULL);
    }
    return SG_OK;
}

RULE903(134)
{
    const sg_vnode *a = rule903_row(ctx->child, "ad1"), *o = rule903_row(ctx->child, "oc3");
    if (rule903_any(a, AD1_ITEMS) && rule903_any(o, OC3_ITEMS))
        sg_vreport(ctx, rule, o, "IN_TOUCH", NULL);
    return SG_OK;
}

/* The OC3 row with data, or NULL. */
static const sg_vnode *oc3_data(sg_vctx *ctx)
{
    const sg_vnode *o = rule903_row(ctx->child, "oc3");
    return rule903_any(o, OC3_ITEMS) ? o : NULL;
}

RULE903(1000)
{
    const sg_vnode *o = oc3_data(ctx);
    if (!o) return SG_OK;
    for (const sg_vnode *e = sg_vnode_child(ctx->child, "episodes"); e; e = sg_vnode_next(e))
        if (eq(sg_vnode_text(e, "REC"), "E2")) {
            sg_vreport(ctx, rule, o, "IN_TOUCH", NULL);
            break;
        }
    return SG_OK;
}

RULE903(1011)
{
    const sg_vnode *o = oc3_data(ctx);
    size_t n;
    rule903_ep *ep = rule903_episodes(ctx, ctx->child, &n);
    if (o && n && eq(ep[n - 1].rec, "E3")) sg_vreport(ctx, rule, o, "IN_TOUCH", NULL);
    return SG_OK;
}

/* The 17th or 18th birthday in the collection year on which the child was looked after (the
 * episode index in *at), SG_DATE_NONE when none. */
static sg_date la_on_birthday(sg_vctx *ctx, const rule903_ep *ep, size_t n, size_t *at)
{
    sg_date dob = rule903_dob(ctx->child);
    for (int y = 17; y <= 18; y++) {
        sg_date bd = rule903_add_years(dob, y);
        if (bd == SG_DATE_NONE || bd < ctx->coll->start || bd > ctx->coll->ref_date) continue;
        for (size_t i = 0; i < n; i++)
            if (rule903_ep_covers(&ep[i], bd)) {
                *at = i;
                return bd;
            }
    }
    return SG_DATE_NONE;
}

RULE903(1007)
{
    const sg_vnode *o = oc3_data(ctx);
    size_t n, at;
    rule903_ep *ep = rule903_episodes(ctx, ctx->child, &n);
    if (!o || !n) return SG_OK;
    /* Still looked after: on the birthday and at the end of the year. */
    if (la_on_birthday(ctx, ep, n, &at) != SG_DATE_NONE &&
        rule903_ep_covers(&ep[n - 1], ctx->coll->ref_date))
        sg_vreport(ctx, rule, o, "IN_TOUCH", NULL);
    return SG_OK;
}

RULE903(1016)
{
    const sg_vnode *o = oc3_data(ctx);
    size_t n, at;
    rule903_ep *ep = rule903_episodes(ctx, ctx->child, &n);
    if (!o || !n) return SG_OK;
    sg_date bd = la_on_birthday(ctx, ep, n, &at);
    const rule903_ep *l = &ep[n - 1];
    /* Looked after on the birthday, then ceased to be looked after later in the year. */
    if (bd != SG_DATE_NONE && l->dec != SG_DATE_NONE && l->dec > bd && l->rec && !eq(l->rec, "X1"))
        sg_vreport(ctx, rule, o, "IN_TOUCH", NULL);
    return SG_OK;
}

RULE903(1012)
{
    if (!oc3_data(ctx) || sg_vnode_child(ctx->child, "episodes")) return SG_OK;
    /* Any other table with data of its own (beyond the child's identity and birth date). */
    static const char *const tables[] = {"reviews",   "missing", "ad1",        "placed_adoption",
                                         "prev_perm", "oc2",     "sw_episodes"};
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
        for (const sg_vnode *r = sg_vnode_child(ctx->child, tables[t]); r; r = sg_vnode_next(r))
            for (const sg_vnode *f = r->first; f; f = f->next)
                if (f->text && strcmp(f->name, "CHILD") != 0 && strcmp(f->name, "DOB") != 0) {
                    /* Once per child, at the first such row. */
                    sg_vreport(ctx, rule, r, "CHILD", NULL);
                    return SG_OK;
                }
    return SG_OK;
}

RULE903(1010)
{
    const sg_vnode *o = oc3_data(ctx);
    if (!o || !ctx->prev || sg_vnode_child(ctx->child, "episodes")) return SG_OK;
    size_t n;
    rule903_ep *ep = rule903_episodes(ctx, ctx->prev, &n);
    if (n && ep[n - 1].decom != SG_DATE_NONE && !sg_vnode_text(ep[n - 1].row, "DEC"))
        sg_vreport(ctx, rule, o, "IN_TOUCH", NULL);
    return SG_OK;
}

RULE903(1014)
{
    const sg_vnode *o = oc3_data(ctx);
    if (!o || sg_vnode_child(ctx->child, "episodes")) return SG_OK;
    for (const sg_vnode *u = sg_vnode_child(ctx->child, "uasc"); u; u = sg_vnode_next(u))
        if (sg_vnode_text(u, "DUC")) sg_vreport(ctx, rule, u, "DUC", NULL);
    return SG_OK;
}

/* 3001: care leaver information returned around the 17th birthday (the 17th birthday falls in
 * the collection year) does not give the accommodation as with former foster carers (ACCOM Z1
 * or Z2, "staying put", which only starts at 18). */
RULE903(3001)
{
    sg_date d17 = rule903_add_years(rule903_dob(ctx->child), 17);
    if (d17 == SG_DATE_NONE || d17 < ctx->coll->start || d17 > ctx->coll->ref_date) return SG_OK;
    for (const sg_vnode *o = sg_vnode_child(ctx->child, "oc3"); o; o = sg_vnode_next(o))
        if (sg_vcode_in(sg_vnode_text(o, "ACCOM"), "Z1 Z2"))
            sg_vreport(ctx, rule, o, "ACCOM", NULL);
    return SG_OK;
}

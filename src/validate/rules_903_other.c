/* rules_903_other.c - SSDA903 rules on previous permanence (PrevPerm), social worker episodes
 * (SWEpisodes) and the rules that compare this year's return with last year's (the previous
 * year's tree, ctx->prev). Rule texts: the DfE catalogue (tests/fixtures/csc-validator-be-903);
 * what each check tests is in docs/rules_903.md. */
#include "validate/rules_903_checks.h"
#include "validate/rules_903_util.h"

#include <string.h>

static bool eq(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

static bool same(const char *a, const char *b)
{
    if (!a || !b) return !a && !b;
    return strcmp(a, b) == 0;
}

/* ---- previous permanence ---- */

RULE903(631)
{
    rule903_check_code(ctx, rule, "prev_perm", "PREV_PERM", R903_PREV_PERM, false);
    return SG_OK;
}

RULE903(635)
{
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "prev_perm"); r; r = sg_vnode_next(r))
        if (eq(sg_vnode_text(r, "PREV_PERM"), "Z1") && rule903_any(r, "DATE_PERM LA_PERM"))
            sg_vreport(ctx, rule, r, sg_vnode_text(r, "DATE_PERM") ? "DATE_PERM" : "LA_PERM", NULL);
    return SG_OK;
}

/* The start of the latest period of care that began in the return (an episode with RNE S),
 * or NULL. */
static const rule903_ep *latest_start(const rule903_ep *ep, size_t n)
{
    for (size_t i = n; i-- > 0;)
        if (eq(ep[i].rne, "S") && ep[i].decom != SG_DATE_NONE) return &ep[i];
    return NULL;
}

RULE903(630)
{
    size_t n;
    rule903_ep *ep = rule903_episodes(ctx, ctx->child, &n);
    const rule903_ep *s = latest_start(ep, n);
    if (!s || s->decom < ctx->coll->start) return SG_OK;
    const sg_vnode *p = rule903_row(ctx->child, "prev_perm");
    if (!p || !sg_vnode_text(p, "PREV_PERM")) sg_vreport(ctx, rule, s->row, "RNE", NULL);
    return SG_OK;
}

/* DATE_PERM: dd/mm/YYYY, or zz/mm/YYYY (day unknown) or zz/zz/YYYY (day and month unknown).
 * Returns the earliest day it can mean in *out, false when it is none of those. */
static bool date_perm(const char *s, sg_date *out)
{
    if (strlen(s) != 10 || s[2] != '/' || s[5] != '/') return false;
    for (int i = 6; i < 10; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    int y = (s[6] - '0') * 1000 + (s[7] - '0') * 100 + (s[8] - '0') * 10 + (s[9] - '0');
    bool zd = (s[0] == 'z' || s[0] == 'Z') && (s[1] == 'z' || s[1] == 'Z');
    bool zm = (s[3] == 'z' || s[3] == 'Z') && (s[4] == 'z' || s[4] == 'Z');
    if (zm && !zd) return false;
    int m = 1, d = 1;
    if (!zm) {
        if (s[3] < '0' || s[3] > '9' || s[4] < '0' || s[4] > '9') return false;
        m = (s[3] - '0') * 10 + (s[4] - '0');
    }
    if (!zd) {
        if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9') return false;
        d = (s[0] - '0') * 10 + (s[1] - '0');
    }
    sg_date r = sg_date_from_ymd(y, m, d);
    if (r == SG_DATE_NONE || y < 1900) return false;
    *out = r;
    return true;
}

RULE903(632)
{
    size_t n;
    rule903_ep *ep = rule903_episodes(ctx, ctx->child, &n);
    const rule903_ep *s = latest_start(ep, n);
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "prev_perm"); r; r = sg_vnode_next(r)) {
        const char *v = sg_vnode_text(r, "DATE_PERM");
        sg_date d;
        if (!v) continue;
        /* Not a date, or the order came after the child started to be looked after. */
        if (!date_perm(v, &d) || (s && d > s->decom)) sg_vreport(ctx, rule, r, "DATE_PERM", NULL);
    }
    return SG_OK;
}

RULE903(634)
{
    const sg_vnode *p = rule903_row(ctx->child, "prev_perm");
    if (!rule903_any(p, "PREV_PERM LA_PERM DATE_PERM")) return SG_OK;
    size_t n;
    rule903_ep *ep = rule903_episodes(ctx, ctx->child, &n);
    if (!n) return SG_OK;
    /* When care began: the latest RNE S episode, else no later than the first episode. */
    const rule903_ep *s = latest_start(ep, n);
    sg_date began = s ? s->decom : ep[0].decom;
    if (began != SG_DATE_NONE && began < sg_date_from_ymd(2016, 4, 1))
        sg_vreport(ctx, rule, p, sg_vnode_text(p, "PREV_PERM") ? "PREV_PERM" : "DATE_PERM", NULL);
    return SG_OK;
}

/* ---- social worker episodes ---- */

RULE903(SW02STG1)
{
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "sw_episodes"); r; r = sg_vnode_next(r)) {
        const char *id = sg_vnode_text(r, "SW_ID");
        if (id && strncmp(id, "SW", 2) != 0 && strncmp(id, "XX", 2) != 0)
            sg_vreport(ctx, rule, r, "SW_ID", NULL);
    }
    return SG_OK;
}

RULE903(SW03STG1)
{
    char buf[32];
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "sw_episodes"); r; r = sg_vnode_next(r)) {
        const char *blank = rule903_first_blank(r, "SW_ID SW_DECOM SW_REASON", buf, sizeof buf);
        if (blank) sg_vreport(ctx, rule, r, blank, NULL);
    }
    return SG_OK;
}

RULE903(SW04STG1)
{
    rule903_check_date(ctx, rule, "sw_episodes", "SW_DECOM", false);
    return SG_OK;
}

RULE903(SW05STG1)
{
    rule903_check_date(ctx, rule, "sw_episodes", "SW_DEC", false);
    return SG_OK;
}

RULE903(SW09STG2)
{
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "sw_episodes"); r; r = sg_vnode_next(r)) {
        sg_date s = rule903_date(r, "SW_DECOM"), e = rule903_date(r, "SW_DEC");
        if (s != SG_DATE_NONE && e != SG_DATE_NONE && e == s)
            sg_vreport(ctx, rule, r, "SW_DEC", NULL);
    }
    return SG_OK;
}

/* Social worker episodes sorted by start: a later one starts before the previous ended
 * (SW10STG2) or while it is still open (SW108STG2). */
static void sw_overlap(sg_vctx *ctx, const sg_rule *rule, bool open_case)
{
    size_t n;
    const sg_vnode **v = sg_vnode_list(ctx->scratch, ctx->child, "sw_episodes", "SW_DECOM", &n);
    for (size_t i = 1; i < n; i++) {
        sg_date s = rule903_date(v[i], "SW_DECOM");
        if (s == SG_DATE_NONE || rule903_date(v[i - 1], "SW_DECOM") == SG_DATE_NONE) continue;
        sg_date pe = rule903_date(v[i - 1], "SW_DEC");
        if (open_case && !sg_vnode_text(v[i - 1], "SW_DEC"))
            sg_vreport(ctx, rule, v[i - 1], "SW_DEC", NULL);
        else if (!open_case && pe != SG_DATE_NONE && s < pe)
            sg_vreport(ctx, rule, v[i], "SW_DECOM", NULL);
    }
}

RULE903(SW10STG2)
{
    sw_overlap(ctx, rule, false);
    return SG_OK;
}

RULE903(SW108STG2)
{
    sw_overlap(ctx, rule, true);
    return SG_OK;
}

RULE903(SW15STG2)
{
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "sw_episodes"); r; r = sg_vnode_next(r))
        if (sg_vnode_text(r, "SW_DEC") && !sg_vnode_text(r, "SW_REASON"))
            sg_vreport(ctx, rule, r, "SW_REASON", NULL);
    return SG_OK;
}

RULE903(SW01STG1)
{
    size_t n;
    rule903_ep *ep = rule903_episodes(ctx, ctx->child, &n);
    if (!n || !rule903_ep_covers(&ep[n - 1], ctx->coll->ref_date)) return SG_OK;
    if (sg_vcode_in(ep[n - 1].ls, "V3 V4")) return SG_OK; /* respite: no social worker data */
    if (!sg_vnode_child(ctx->child, "sw_episodes"))
        sg_vreport(ctx, rule, ep[n - 1].row, "DEC", NULL);
    return SG_OK;
}

/* ---- against last year's return ---- */

/* Header field differing from last year's (both present). */
static void header_changed(sg_vctx *ctx, const sg_rule *rule, const char *field, bool as_date)
{
    const sg_vnode *h = rule903_row(ctx->child, "header");
    const sg_vnode *ph = rule903_row(ctx->prev, "header");
    const char *a = sg_vnode_text(h, field), *b = sg_vnode_text(ph, field);
    if (!a || !b) return;
    bool differ;
    if (as_date) {
        sg_date da = rule903_date(h, field), db = rule903_date(ph, field);
        differ = da != SG_DATE_NONE && db != SG_DATE_NONE ? da != db : strcmp(a, b) != 0;
    } else {
        differ = strcmp(a, b) != 0;
    }
    if (differ) sg_vreport(ctx, rule, h, field, NULL);
}

RULE903(202)
{
    /* Compared as what each year's code says: 1 last year and M this year agree (the code set
     * changed in 2024-25); a value neither year's set knows is compared as written. */
    const sg_vnode *h = rule903_row(ctx->child, "header");
    const char *a = sg_vnode_text(h, "SEX");
    const char *b = sg_vnode_text(rule903_row(ctx->prev, "header"), "SEX");
    if (!a || !b) return SG_OK;
    char sa = rule903_sex(a, ctx->coll->year), sb = rule903_sex(b, ctx->coll->year - 1);
    if (sa && sb ? sa != sb : strcmp(a, b) != 0) sg_vreport(ctx, rule, h, "SEX", NULL);
    return SG_OK;
}

RULE903(203)
{
    header_changed(ctx, rule, "DOB", true);
    return SG_OK;
}

RULE903(204)
{
    header_changed(ctx, rule, "ETHNIC", false);
    return SG_OK;
}

RULE903(208)
{
    /* An unknown-UPN code may be replaced by the real UPN; a real UPN may not change. */
    const char *a = sg_vnode_text(rule903_row(ctx->child, "header"), "UPN");
    const char *b = sg_vnode_text(rule903_row(ctx->prev, "header"), "UPN");
    if (a && b && !sg_vcode_in(b, R903_UPN_UNKNOWN) && strcmp(a, b) != 0)
        sg_vreport(ctx, rule, rule903_row(ctx->child, "header"), "UPN", NULL);
    return SG_OK;
}

RULE903(624)
{
    header_changed(ctx, rule, "MC_DOB", true);
    return SG_OK;
}

/* Last year's final episode when it was still open at the end of that year, else NULL. */
static const rule903_ep *open_last_year(sg_vctx *ctx)
{
    if (!ctx->prev) return NULL;
    size_t n;
    rule903_ep *ep = rule903_episodes(ctx, ctx->prev, &n);
    if (!n || ep[n - 1].decom == SG_DATE_NONE || sg_vnode_text(ep[n - 1].row, "DEC")) return NULL;
    return &ep[n - 1];
}

/* This year's first episode, or NULL. */
static const rule903_ep *first_this_year(sg_vctx *ctx)
{
    size_t n;
    rule903_ep *ep = rule903_episodes(ctx, ctx->child, &n);
    return n ? &ep[0] : NULL;
}

RULE903(502)
{
    const rule903_ep *p = open_last_year(ctx), *f = first_this_year(ctx);
    if (p && f && f->decom != SG_DATE_NONE && f->decom != p->decom)
        sg_vreport(ctx, rule, f->row, "DECOM", NULL);
    return SG_OK;
}

/* 503A-J: a field of this year's first episode against last year's open final episode, for
 * the episode that continues it (same start date). */
static void continues(sg_vctx *ctx, const sg_rule *rule, const char *field)
{
    const rule903_ep *p = open_last_year(ctx), *f = first_this_year(ctx);
    if (!p || !f || f->decom != p->decom) return;
    const char *a = sg_vnode_text(f->row, field), *b = sg_vnode_text(p->row, field);
    if (strcmp(field, "PLACE") == 0) a = f->place, b = p->place;
    if (!same(a, b)) sg_vreport(ctx, rule, f->row, field, NULL);
}

RULE903(503A)
{
    continues(ctx, rule, "RNE");
    return SG_OK;
}
RULE903(503B)
{
    continues(ctx, rule, "LS");
    return SG_OK;
}
RULE903(503C)
{
    continues(ctx, rule, "CIN");
    return SG_OK;
}
RULE903(503D)
{
    continues(ctx, rule, "PLACE");
    return SG_OK;
}
RULE903(503E)
{
    continues(ctx, rule, "PLACE_PROVIDER");
    return SG_OK;
}
RULE903(503F)
{
    continues(ctx, rule, "URN");
    return SG_OK;
}
RULE903(503G)
{
    continues(ctx, rule, "PL_DISTANCE");
    return SG_OK;
}
RULE903(503H)
{
    continues(ctx, rule, "PL_LA");
    return SG_OK;
}
RULE903(503J)
{
    continues(ctx, rule, "PL_LOCATION");
    return SG_OK;
}

RULE903(NoE)
{
    /* Only when last year's return for this agency is there to look in. */
    if (!ctx->prev) return SG_OK;
    const rule903_ep *f = first_this_year(ctx);
    if (f && f->decom != SG_DATE_NONE && f->decom < ctx->coll->start &&
        !sg_vnode_child(ctx->prev, "episodes"))
        sg_vreport(ctx, rule, f->row, "DECOM", NULL);
    return SG_OK;
}

RULE903(562)
{
    /* An episode that began before this year must be in last year's return, when that return
     * has episodes for the child at all (NoE covers the case where it has none). */
    const rule903_ep *f = first_this_year(ctx);
    if (!ctx->prev || !f || f->decom == SG_DATE_NONE || f->decom >= ctx->coll->start) return SG_OK;
    if (!sg_vnode_child(ctx->prev, "episodes")) return SG_OK;
    for (const sg_vnode *e = sg_vnode_child(ctx->prev, "episodes"); e; e = sg_vnode_next(e))
        if (rule903_date(e, "DECOM") == f->decom) return SG_OK;
    sg_vreport(ctx, rule, f->row, "DECOM", NULL);
    return SG_OK;
}

/* 452, 453: a field of this year's first episode against last year's final open episode. */
static void carried(sg_vctx *ctx, const sg_rule *rule, const char *field)
{
    const rule903_ep *p = open_last_year(ctx), *f = first_this_year(ctx);
    if (!p || !f) return;
    const char *a = sg_vnode_text(f->row, field), *b = sg_vnode_text(p->row, field);
    if (a && b && strcmp(a, b) != 0) sg_vreport(ctx, rule, f->row, field, NULL);
}

RULE903(452)
{
    carried(ctx, rule, "PL_LA");
    return SG_OK;
}

RULE903(453)
{
    carried(ctx, rule, "PL_DISTANCE");
    return SG_OK;
}

/* Last year's final social worker episode when still open, and this year's first. */
static void sw_continues(sg_vctx *ctx, const sg_rule *rule, const char *field)
{
    if (!ctx->prev) return;
    size_t pn, n;
    const sg_vnode **pv = sg_vnode_list(ctx->scratch, ctx->prev, "sw_episodes", "SW_DECOM", &pn);
    const sg_vnode **v = sg_vnode_list(ctx->scratch, ctx->child, "sw_episodes", "SW_DECOM", &n);
    if (!pn || !n || sg_vnode_text(pv[pn - 1], "SW_DEC")) return;
    const sg_vnode *p = pv[pn - 1], *f = v[0];
    bool same_start = rule903_date(p, "SW_DECOM") == rule903_date(f, "SW_DECOM") &&
                      rule903_date(f, "SW_DECOM") != SG_DATE_NONE;
    /* The start date must match; the other fields are compared for that same episode. */
    if (strcmp(field, "SW_DECOM") == 0
            ? !same_start
            : same_start && !same(sg_vnode_text(p, field), sg_vnode_text(f, field)))
        sg_vreport(ctx, rule, f, field, NULL);
}

RULE903(SW16aSTG2)
{
    sw_continues(ctx, rule, "SW_ID");
    return SG_OK;
}

RULE903(SW16bSTG2)
{
    sw_continues(ctx, rule, "SW_DECOM");
    return SG_OK;
}

RULE903(SW16cSTG2)
{
    sw_continues(ctx, rule, "SW_REASON");
    return SG_OK;
}

/* SW01aSTG1 and SW01bSTG1 (from 2024-25, in place of SW03STG1): a social worker episode that
 * started before 1 April 2023 gives SW_ID (its reason may be blank, as the reasons were first
 * collected then); one that started on or after it gives SW_ID and SW_REASON. An episode whose
 * SW_DECOM is blank cannot say which applies and is reported by SW01bSTG1, which asks for all
 * three; an SW_DECOM that is not a date is SW04STG1's. */
static void sw_complete(sg_vctx *ctx, const sg_rule *rule, bool from_2023)
{
    const sg_date cut = sg_date_from_ymd(2023, 4, 1);
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "sw_episodes"); r; r = sg_vnode_next(r)) {
        const char *decom = sg_vnode_text(r, "SW_DECOM");
        sg_date s = rule903_date(r, "SW_DECOM");
        if (!decom) {
            if (from_2023) sg_vreport(ctx, rule, r, "SW_DECOM", NULL);
            continue;
        }
        if (s == SG_DATE_NONE || (s >= cut) != from_2023) continue;
        const char *blank = !sg_vnode_text(r, "SW_ID")                    ? "SW_ID"
                            : from_2023 && !sg_vnode_text(r, "SW_REASON") ? "SW_REASON"
                                                                          : NULL;
        if (blank) sg_vreport(ctx, rule, r, blank, NULL);
    }
}

RULE903(SW01aSTG1)
{
    sw_complete(ctx, rule, false);
    return SG_OK;
}

RULE903(SW01bSTG1)
{
    sw_complete(ctx, rule, true);
    return SG_OK;
}

/* SW13STG1: SW_REASON in the code set 903_sw_reason; blank is reported for an episode that
 * started on or after 1 April 2023, when the reasons were first collected. */
RULE903(SW13STG1)
{
    const sg_date cut = sg_date_from_ymd(2023, 4, 1);
    for (const sg_vnode *r = sg_vnode_child(ctx->child, "sw_episodes"); r; r = sg_vnode_next(r)) {
        const char *v = sg_vnode_text(r, "SW_REASON");
        sg_date s = rule903_date(r, "SW_DECOM");
        if (v ? !sg_vcode_in(v, R903_SW_REASON) : (s != SG_DATE_NONE && s >= cut))
            sg_vreport(ctx, rule, r, "SW_REASON", NULL);
    }
    return SG_OK;
}

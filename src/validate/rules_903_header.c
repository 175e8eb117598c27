/* rules_903_header.c - SSDA903 rules on the Header table (sex, date of birth, ethnicity, UPN,
 * motherhood) and the internal consistency checks between tables (INT..: a child in a table
 * but not in the header, dates of birth and sex that disagree, rows repeated), plus EPI.
 * Rule texts: the DfE catalogue (tests/fixtures/csc-validator-be-903); what each check tests
 * is in docs/rules_903.md. */
#include "validate/rules_903_checks.h"
#include "validate/rules_903_util.h"

#include <string.h>

static bool eq(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

RULE903(101)
{
    rule903_check_code(ctx, rule, "header", "SEX", rule903_sex_codes(ctx->coll->year), true);
    return SG_OK;
}

RULE903(102)
{
    rule903_check_date(ctx, rule, "header", "DOB", true);
    return SG_OK;
}

RULE903(103)
{
    rule903_check_code(ctx, rule, "header", "ETHNIC", R903_ETHNIC, true);
    return SG_OK;
}

/* A UPN: 13 characters, a check letter, 11 digits, and a digit or letter (a temporary UPN)
 * last; the letters I, O and S are never used. */
static bool upn_ok(const char *s)
{
    if (strlen(s) != 13) return false;
    const char *letters = "ABCDEFGHJKLMNPQRTUVWXYZ";
    if (!strchr(letters, s[0])) return false;
    for (int i = 1; i < 12; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return (s[12] >= '0' && s[12] <= '9') || strchr(letters, s[12]) != NULL;
}

RULE903(168)
{
    for (const sg_vnode *h = sg_vnode_child(ctx->child, "header"); h; h = sg_vnode_next(h)) {
        const char *u = sg_vnode_text(h, "UPN");
        if (u && !sg_vcode_in(u, R903_UPN_UNKNOWN) && !upn_ok(u))
            sg_vreport(ctx, rule, h, "UPN", NULL);
    }
    return SG_OK;
}

RULE903(171)
{
    rule903_check_date(ctx, rule, "header", "MC_DOB", false);
    return SG_OK;
}

RULE903(174)
{
    for (const sg_vnode *h = sg_vnode_child(ctx->child, "header"); h; h = sg_vnode_next(h))
        if (sg_vnode_text(h, "MC_DOB") &&
            rule903_sex(sg_vnode_text(h, "SEX"), ctx->coll->year) == 'M')
            sg_vreport(ctx, rule, h, "MC_DOB", NULL);
    return SG_OK;
}

RULE903(301)
{
    for (const sg_vnode *h = sg_vnode_child(ctx->child, "header"); h; h = sg_vnode_next(h)) {
        sg_date dob = rule903_date(h, "DOB");
        if (dob != SG_DATE_NONE && dob > ctx->coll->ref_date) sg_vreport(ctx, rule, h, "DOB", NULL);
    }
    return SG_OK;
}

RULE903(351)
{
    for (const sg_vnode *h = sg_vnode_child(ctx->child, "header"); h; h = sg_vnode_next(h)) {
        sg_date dob = rule903_date(h, "DOB");
        /* Over 25 at the start of the year: the 25th birthday came before it. */
        if (dob != SG_DATE_NONE && rule903_add_years(dob, 25) < ctx->coll->start)
            sg_vreport(ctx, rule, h, "DOB", NULL);
    }
    return SG_OK;
}

RULE903(442)
{
    const sg_vnode *h = rule903_row(ctx->child, "header");
    if (h && sg_vnode_child(ctx->child, "episodes") && !sg_vnode_text(h, "UPN"))
        sg_vreport(ctx, rule, h, "UPN", NULL);
    return SG_OK;
}

RULE903(209)
{
    const sg_vnode *h = rule903_row(ctx->child, "header");
    if (!eq(sg_vnode_text(h, "UPN"), "UN1")) return SG_OK;
    int y, m, d;
    sg_date_to_ymd(ctx->coll->start, &y, &m, &d);
    /* Of school age in the year: five or over on 31 August at its start. */
    int age = rule903_age(rule903_dob(ctx->child), sg_date_from_ymd(y, 8, 31));
    if (age >= 5) sg_vreport(ctx, rule, h, "UPN", NULL);
    return SG_OK;
}

RULE903(210)
{
    const sg_vnode *h = rule903_row(ctx->child, "header");
    if (!eq(sg_vnode_text(h, "UPN"), "UN4")) return SG_OK;
    size_t n;
    rule903_ep *ep = rule903_episodes(ctx, ctx->child, &n);
    if (!n || !rule903_ep_covers(&ep[n - 1], ctx->coll->ref_date)) return SG_OK;
    size_t s = rule903_period_start(ep, n - 1);
    if (ep[s].decom != SG_DATE_NONE && ctx->coll->ref_date - ep[s].decom > 7)
        sg_vreport(ctx, rule, h, "UPN", NULL);
    return SG_OK;
}

RULE903(611)
{
    const sg_vnode *h = rule903_row(ctx->child, "header");
    if (eq(sg_vnode_text(h, "MOTHER"), "1") && !sg_vnode_text(h, "MC_DOB"))
        sg_vreport(ctx, rule, h, "MC_DOB", NULL);
    return SG_OK;
}

RULE903(612)
{
    const sg_vnode *h = rule903_row(ctx->child, "header");
    if (rule903_sex(sg_vnode_text(h, "SEX"), ctx->coll->year) == 'F' &&
        sg_vnode_text(h, "MC_DOB") && !eq(sg_vnode_text(h, "MOTHER"), "1"))
        sg_vreport(ctx, rule, h, "MOTHER", NULL);
    return SG_OK;
}

RULE903(620)
{
    const sg_vnode *h = rule903_row(ctx->child, "header");
    if (!eq(sg_vnode_text(h, "MOTHER"), "1")) return SG_OK;
    int age = rule903_age(rule903_date(h, "DOB"), ctx->coll->start);
    if (age >= 0 && age < 11) sg_vreport(ctx, rule, h, "MOTHER", NULL);
    return SG_OK;
}

RULE903(621)
{
    const sg_vnode *h = rule903_row(ctx->child, "header");
    sg_date dob = rule903_date(h, "DOB"), mc = rule903_date(h, "MC_DOB");
    if (dob != SG_DATE_NONE && mc != SG_DATE_NONE && mc < dob)
        sg_vreport(ctx, rule, h, "MC_DOB", NULL);
    return SG_OK;
}

RULE903(625)
{
    const sg_vnode *h = rule903_row(ctx->child, "header");
    sg_date mc = rule903_date(h, "MC_DOB");
    if (mc == SG_DATE_NONE) return SG_OK;
    size_t n;
    rule903_ep *ep = rule903_episodes(ctx, ctx->child, &n);
    sg_date limit = ctx->coll->ref_date;
    /* A child who left care: the first child's birth is only known up to that day. */
    if (n && ep[n - 1].dec != SG_DATE_NONE && ep[n - 1].rec && !eq(ep[n - 1].rec, "X1") &&
        ep[n - 1].dec < limit)
        limit = ep[n - 1].dec;
    if (mc > limit) sg_vreport(ctx, rule, h, "MC_DOB", NULL);
    return SG_OK;
}

RULE903(EPI)
{
    const sg_vnode *h = rule903_row(ctx->child, "header");
    if (h && !sg_vnode_child(ctx->child, "episodes") && !sg_vnode_child(ctx->child, "oc3"))
        sg_vreport(ctx, rule, h, "CHILD", NULL);
    return SG_OK;
}

/* ---- internal checks ---- */

/* Child in table but not in the header: reported once, at the table's first row. */
static void not_in_header(sg_vctx *ctx, const sg_rule *rule, const char *table)
{
    const sg_vnode *r = sg_vnode_child(ctx->child, table);
    if (r && !sg_vnode_child(ctx->child, "header")) sg_vreport(ctx, rule, r, "CHILD", NULL);
}

RULE903(INT01)
{
    not_in_header(ctx, rule, "ad1");
    return SG_OK;
}
RULE903(INT02)
{
    not_in_header(ctx, rule, "placed_adoption");
    return SG_OK;
}
RULE903(INT03)
{
    not_in_header(ctx, rule, "episodes");
    return SG_OK;
}
RULE903(INT04)
{
    not_in_header(ctx, rule, "missing");
    return SG_OK;
}
RULE903(INT05)
{
    not_in_header(ctx, rule, "oc2");
    return SG_OK;
}
RULE903(INT06)
{
    not_in_header(ctx, rule, "oc3");
    return SG_OK;
}
RULE903(INT07)
{
    not_in_header(ctx, rule, "prev_perm");
    return SG_OK;
}
RULE903(INT08)
{
    not_in_header(ctx, rule, "reviews");
    return SG_OK;
}
RULE903(INT09)
{
    not_in_header(ctx, rule, "uasc");
    return SG_OK;
}

/* Rows of table whose field differs from the header's (both present; dates compared as
 * dates when both are dates, else as text). */
static void differs_from_header(sg_vctx *ctx, const sg_rule *rule, const char *table,
                                const char *field)
{
    const sg_vnode *h = rule903_row(ctx->child, "header");
    const char *hv = sg_vnode_text(h, field);
    if (!hv) return;
    sg_date hd = rule903_date(h, field);
    for (const sg_vnode *r = sg_vnode_child(ctx->child, table); r; r = sg_vnode_next(r)) {
        const char *v = sg_vnode_text(r, field);
        if (!v) continue;
        sg_date d = rule903_date(r, field);
        bool differ = hd != SG_DATE_NONE && d != SG_DATE_NONE ? d != hd : strcmp(v, hv) != 0;
        if (differ) sg_vreport(ctx, rule, r, field, NULL);
    }
}

RULE903(INT11)
{
    differs_from_header(ctx, rule, "ad1", "DOB");
    return SG_OK;
}
RULE903(INT12)
{
    differs_from_header(ctx, rule, "placed_adoption", "DOB");
    return SG_OK;
}
RULE903(INT13)
{
    differs_from_header(ctx, rule, "missing", "DOB");
    return SG_OK;
}
RULE903(INT14)
{
    differs_from_header(ctx, rule, "oc2", "DOB");
    return SG_OK;
}
RULE903(INT15)
{
    differs_from_header(ctx, rule, "oc3", "DOB");
    return SG_OK;
}
RULE903(INT16)
{
    differs_from_header(ctx, rule, "prev_perm", "DOB");
    return SG_OK;
}
RULE903(INT17)
{
    differs_from_header(ctx, rule, "reviews", "DOB");
    return SG_OK;
}
RULE903(INT18)
{
    differs_from_header(ctx, rule, "uasc", "DOB");
    return SG_OK;
}
RULE903(INT21)
{
    differs_from_header(ctx, rule, "uasc", "SEX");
    return SG_OK;
}

/* The second and later rows of a table that holds one row per child. */
static void only_once(sg_vctx *ctx, const sg_rule *rule, const char *table)
{
    const sg_vnode *r = sg_vnode_child(ctx->child, table);
    for (r = sg_vnode_next(r); r; r = sg_vnode_next(r))
        sg_vreport(ctx, rule, r, "CHILD", NULL);
}

RULE903(INT31)
{
    only_once(ctx, rule, "ad1");
    return SG_OK;
}
RULE903(INT32)
{
    only_once(ctx, rule, "header");
    return SG_OK;
}
RULE903(INT33)
{
    only_once(ctx, rule, "oc2");
    return SG_OK;
}
RULE903(INT34)
{
    only_once(ctx, rule, "oc3");
    return SG_OK;
}
RULE903(INT35)
{
    only_once(ctx, rule, "prev_perm");
    return SG_OK;
}
RULE903(INT36)
{
    only_once(ctx, rule, "uasc");
    return SG_OK;
}

/* ---- motherhood against episodes ---- */

/* true when an episode other than respite (V3, V4) is open on some day of the collection year
 * (started by 31 March and not ceased before 1 April). */
static bool in_care_this_year(sg_vctx *ctx)
{
    size_t n;
    rule903_ep *ep = rule903_episodes(ctx, ctx->child, &n);
    for (size_t i = 0; i < n; i++)
        if (ep[i].decom != SG_DATE_NONE && ep[i].decom <= ctx->coll->ref_date &&
            (ep[i].dec == SG_DATE_NONE || ep[i].dec >= ctx->coll->start) &&
            !sg_vcode_in(ep[i].ls, "V3 V4"))
            return true;
    return false;
}

/* 165 as the DfE text has it: MOTHER, when provided, is 0 or 1 and the child is female; when
 * not provided, the child is male, or has no episode in the year and has a care leaver item
 * (IN_TOUCH, ACTIV or ACCOM). */
RULE903(165)
{
    const sg_vnode *h = rule903_row(ctx->child, "header");
    if (!h) return SG_OK;
    char sex = rule903_sex(sg_vnode_text(h, "SEX"), ctx->coll->year);
    const char *m = sg_vnode_text(h, "MOTHER");
    if (m) {
        if (!sg_vcode_in(m, "0 1") || sex != 'F') sg_vreport(ctx, rule, h, "MOTHER", NULL);
        return SG_OK;
    }
    if (sex == 'M') return SG_OK;
    bool leaver = rule903_any(rule903_row(ctx->child, "oc3"), "IN_TOUCH ACTIV ACCOM");
    if (in_care_this_year(ctx) || !leaver) sg_vreport(ctx, rule, h, "MOTHER", NULL);
    return SG_OK;
}

/* 232 (from 2024-25, when SEX gained U): the child's sex reported as unknown. */
RULE903(232)
{
    const sg_vnode *h = rule903_row(ctx->child, "header");
    const char *s = h ? sg_vnode_text(h, "SEX") : NULL;
    if (s && strcmp(s, "U") == 0) sg_vreport(ctx, rule, h, "SEX", NULL);
    return SG_OK;
}

RULE903(393)
{
    const sg_vnode *h = rule903_row(ctx->child, "header");
    if (rule903_sex(sg_vnode_text(h, "SEX"), ctx->coll->year) != 'F' || sg_vnode_text(h, "MOTHER"))
        return SG_OK;
    for (const sg_vnode *e = sg_vnode_child(ctx->child, "episodes"); e; e = sg_vnode_next(e))
        if (sg_vnode_text(e, "LS") && !sg_vcode_in(sg_vnode_text(e, "LS"), "V3 V4")) {
            sg_vreport(ctx, rule, h, "MOTHER", NULL);
            break;
        }
    return SG_OK;
}

RULE903(607)
{
    const sg_vnode *h = rule903_row(ctx->child, "header");
    if (rule903_sex(sg_vnode_text(h, "SEX"), ctx->coll->year) != 'F' || sg_vnode_text(h, "MOTHER"))
        return SG_OK;
    size_t n;
    rule903_ep *ep = rule903_episodes(ctx, ctx->child, &n);
    for (size_t i = 0; i < n; i++) {
        const rule903_ep *e = &ep[i];
        if (e->dec == SG_DATE_NONE || !e->rec || eq(e->rec, "X1") || sg_vcode_in(e->ls, "V3 V4"))
            continue;
        if (e->dec >= ctx->coll->start && e->dec <= ctx->coll->ref_date) {
            sg_vreport(ctx, rule, h, "MOTHER", NULL);
            break;
        }
    }
    return SG_OK;
}

RULE903(628)
{
    const sg_vnode *h = rule903_row(ctx->child, "header");
    const sg_vnode *oc3 = rule903_row(ctx->child, "oc3");
    if (sg_vnode_text(h, "MOTHER") && !sg_vnode_child(ctx->child, "episodes") &&
        rule903_any(oc3, "IN_TOUCH ACTIV ACCOM"))
        sg_vreport(ctx, rule, h, "MOTHER", NULL);
    return SG_OK;
}

/* ---- against last year's return ---- */

RULE903(207)
{
    const sg_vnode *h = rule903_row(ctx->child, "header");
    const char *m = sg_vnode_text(h, "MOTHER");
    /* Once recorded as a mother, always a mother. */
    if (eq(sg_vnode_text(rule903_row(ctx->prev, "header"), "MOTHER"), "1") && m && !eq(m, "1"))
        sg_vreport(ctx, rule, h, "MOTHER", NULL);
    return SG_OK;
}

RULE903(626)
{
    const sg_vnode *h = rule903_row(ctx->child, "header");
    sg_date mc = rule903_date(h, "MC_DOB");
    if (eq(sg_vnode_text(h, "MOTHER"), "1") && mc != SG_DATE_NONE && mc < ctx->coll->start &&
        eq(sg_vnode_text(rule903_row(ctx->prev, "header"), "MOTHER"), "0"))
        sg_vreport(ctx, rule, h, "MC_DOB", NULL);
    return SG_OK;
}

RULE903(199)
{
    /* Adopted in last year's return, yet looked after again this year. */
    const sg_vnode *first = sg_vnode_child(ctx->child, "episodes");
    if (!first) return SG_OK;
    for (const sg_vnode *e = sg_vnode_child(ctx->prev, "episodes"); e; e = sg_vnode_next(e))
        if (sg_vcode_in(sg_vnode_text(e, "REC"), R903_ADOPTED)) {
            sg_vreport(ctx, rule, first, "CHILD", NULL);
            break;
        }
    return SG_OK;
}

/* rules_903_util.c - the shared pieces of the SSDA903 rules (see rules_903_util.h). */
#include "validate/rules_903_util.h"

#include "core/arena.h"

#include <string.h>

static const char *txt(const sg_vnode *row, const char *field)
{
    return sg_vnode_text(row, field);
}

sg_date rule903_date(const sg_vnode *row, const char *field)
{
    sg_date d;
    return sg_vnode_date(row, field, &d) == SG_VOK ? d : SG_DATE_NONE;
}

const sg_vnode *rule903_row(const sg_vnode *tree, const char *table)
{
    return sg_vnode_child(tree, table);
}

sg_date rule903_dob(const sg_vnode *tree)
{
    return rule903_date(rule903_row(tree, "header"), "DOB");
}

int rule903_age(sg_date dob, sg_date on)
{
    if (dob == SG_DATE_NONE || on == SG_DATE_NONE) return -1;
    return sg_date_age(dob, on);
}

sg_date rule903_add_years(sg_date d, int years)
{
    if (d == SG_DATE_NONE) return d;
    int y, m, dd;
    sg_date_to_ymd(d, &y, &m, &dd);
    sg_date r = sg_date_from_ymd(y + years, m, dd);
    if (r == SG_DATE_NONE) r = sg_date_from_ymd(y + years, 3, 1); /* 29 February */
    return r;
}

rule903_ep *rule903_episodes(sg_vctx *ctx, const sg_vnode *tree, size_t *n)
{
    size_t c = 0;
    const sg_vnode **rows = sg_vnode_list(ctx->scratch, tree, "episodes", "DECOM", &c);
    *n = c;
    if (!c) return NULL;
    rule903_ep *ep = sg_arena_alloc(ctx->scratch, c * sizeof *ep);
    for (size_t i = 0; i < c; i++) {
        const sg_vnode *r = rows[i];
        ep[i] = (rule903_ep){
            .row = r,
            .decom = rule903_date(r, "DECOM"),
            .dec = rule903_date(r, "DEC"),
            .rne = txt(r, "RNE"),
            .ls = txt(r, "LS"),
            .cin = txt(r, "CIN"),
            .place = txt(r, "PLACE"),
            .prov = txt(r, "PLACE_PROVIDER"),
            .rec = txt(r, "REC"),
            .rpc = txt(r, "REASON_PLACE_CHANGE"),
            .home_post = txt(r, "HOME_POST"),
            .pl_post = txt(r, "PL_POST"),
            .urn = txt(r, "URN"),
        };
        /* The XML return spells the placement type PL. */
        if (!ep[i].place) ep[i].place = txt(r, "PL");
    }
    return ep;
}

bool rule903_bad_code(const char *text, const char *list)
{
    return text && !sg_vcode_in(text, list);
}

void rule903_check_code(sg_vctx *ctx, const sg_rule *rule, const char *table, const char *field,
                        const char *list, bool blank_bad)
{
    for (const sg_vnode *r = sg_vnode_child(ctx->child, table); r; r = sg_vnode_next(r)) {
        const char *v = txt(r, field);
        if (v ? !sg_vcode_in(v, list) : blank_bad) sg_vreport(ctx, rule, r, field, NULL);
    }
}

void rule903_check_date(sg_vctx *ctx, const sg_rule *rule, const char *table, const char *field,
                        bool blank_bad)
{
    for (const sg_vnode *r = sg_vnode_child(ctx->child, table); r; r = sg_vnode_next(r)) {
        sg_date d;
        sg_vval v = sg_vnode_date(r, field, &d);
        if (v == SG_VBAD || (v == SG_VABSENT && blank_bad)) sg_vreport(ctx, rule, r, field, NULL);
    }
}

bool rule903_ep_covers(const rule903_ep *e, sg_date d)
{
    if (e->decom == SG_DATE_NONE || d == SG_DATE_NONE || e->decom > d) return false;
    return e->dec == SG_DATE_NONE || e->dec >= d;
}

size_t rule903_period_start(const rule903_ep *ep, size_t i)
{
    while (i > 0) {
        const rule903_ep *p = &ep[i - 1];
        if (!(p->rec && strcmp(p->rec, "X1") == 0 && p->dec != SG_DATE_NONE &&
              p->dec == ep[i].decom))
            break;
        i--;
    }
    return i;
}

bool rule903_cla12(sg_vctx *ctx, const rule903_ep *ep, size_t n)
{
    if (!n) return false;
    size_t last = n - 1;
    const rule903_ep *e = &ep[last];
    if (e->decom == SG_DATE_NONE) return false;
    if (e->dec != SG_DATE_NONE && e->dec <= ctx->coll->ref_date) return false;
    size_t s = rule903_period_start(ep, last);
    if (ep[s].decom > ctx->coll->start) return false;
    for (size_t i = s; i <= last; i++)
        if (sg_vcode_in(ep[i].ls, "V3 V4")) return false;
    return true;
}

/* Copies the next space-separated word of p into buf (truncated to bufsz); *next is set past
 * it. NULL when no word is left. */
static const char *word_at(const char *p, char *buf, size_t bufsz, const char **next)
{
    while (*p == ' ')
        p++;
    if (!*p) return NULL;
    const char *e = p;
    while (*e && *e != ' ')
        e++;
    size_t len = (size_t)(e - p);
    if (len >= bufsz) len = bufsz - 1;
    memcpy(buf, p, len);
    buf[len] = '\0';
    *next = e;
    return buf;
}

bool rule903_any(const sg_vnode *row, const char *fields)
{
    char w[64];
    const char *p = fields, *next = NULL;
    while (word_at(p, w, sizeof w, &next)) {
        if (txt(row, w)) return true;
        p = next;
    }
    return false;
}

const char *rule903_first_blank(const sg_vnode *row, const char *fields, char *buf, size_t bufsz)
{
    const char *p = fields, *next = NULL;
    while (word_at(p, buf, bufsz, &next)) {
        if (!txt(row, buf)) return buf;
        p = next;
    }
    return NULL;
}

const char *rule903_sex_codes(int year)
{
    const sg_code_set *cs = sg_code_set_for_year(SG_CS_903_SEX, year);
    return (cs ? cs : sg_code_set_get(SG_CS_903_SEX))->list;
}

char rule903_sex(const char *v, int year)
{
    const sg_code_set *cs = sg_code_set_for_year(SG_CS_903_SEX, year);
    if (!cs) cs = sg_code_set_get(SG_CS_903_SEX);
    size_t i = v ? sg_code_index(cs, v) : cs->n;
    return i == 0 ? 'M' : i == 1 ? 'F' : 0;
}

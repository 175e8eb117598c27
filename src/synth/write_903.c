/* write_903.c - one child's part of a year's SSDA903 CSV tables (column names as the DfE's,
 * dates dd/mm/YYYY): header, episodes, reviews, UASC, missing, OC2 and AD1. A child is in the
 * year's return when any episode of care was open on a day of the year; dates after 31 March
 * are left blank (the episode is open at the year end). */
#include "synth/synth_int.h"

#include <string.h>

const char *const syn_h903_cols[] = {"CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"};
const char *const syn_ep903_cols[] = {
    "CHILD",     "DECOM",          "RNE", "LS",  "CIN",
    "PLACE",     "PLACE_PROVIDER", "DEC", "REC", "REASON_PLACE_CHANGE",
    "HOME_POST", "PL_POST",        "URN"};
const char *const syn_rev903_cols[] = {"CHILD", "DOB", "REVIEW", "REVIEW_CODE"};
const char *const syn_uasc903_cols[] = {"CHILD", "SEX", "DOB", "DUC"};
const char *const syn_miss903_cols[] = {"CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"};
const char *const syn_oc2_cols[] = {"CHILD",
                                    "DOB",
                                    "SDQ_SCORE",
                                    "SDQ_REASON",
                                    "CONVICTED",
                                    "HEALTH_CHECK",
                                    "IMMUNISATIONS",
                                    "TEETH_CHECK",
                                    "HEALTH_ASSESSMENT",
                                    "SUBSTANCE_MISUSE",
                                    "INTERVENTION_RECEIVED",
                                    "INTERVENTION_OFFERED"};
const char *const syn_ad1_cols[] = {"CHILD",       "DOB",       "DATE_INT",   "DATE_MATCH",
                                    "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"};
const char *const syn_placed_cols[] = {"CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED",
                                       "REASON_PLACED_CEASED"};
const char *const syn_perm_cols[] = {"CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"};
const char *const syn_sw_cols[] = {"CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"};

static const syn_rowspec h_spec = {.rec = SG_REC_CHILD,
                                   .uk = true,
                                   .id_cols = {0, -1},
                                   .start_col = -1,
                                   .end_col = -1,
                                   .future_col = -1,
                                   .imp_cols = {2, -1},
                                   .code_col = 3,
                                   .bad_code = "WXYZ",
                                   .req_col = 3,
                                   .names = syn_h903_cols};
static const syn_rowspec ep_spec = {.rec = SG_REC_CLA_EPISODE,
                                    .uk = true,
                                    .id_cols = {0, -1},
                                    .start_col = 1,
                                    .end_col = 7,
                                    .future_col = 7,
                                    .imp_cols = {1, 7, -1},
                                    .code_col = 5,
                                    .bad_code = "Q9",
                                    .req_col = 3,
                                    .names = syn_ep903_cols};
static const syn_rowspec rev_spec = {.rec = SG_REC_CLA_REVIEW,
                                     .uk = true,
                                     .id_cols = {0, -1},
                                     .start_col = -1,
                                     .end_col = -1,
                                     .future_col = 2,
                                     .imp_cols = {2, -1},
                                     .code_col = 3,
                                     .bad_code = "PN9",
                                     .req_col = 3,
                                     .names = syn_rev903_cols};
static const syn_rowspec uasc_spec = {.rec = SG_REC_CHILD,
                                      .uk = true,
                                      .id_cols = {0, -1},
                                      .start_col = -1,
                                      .end_col = -1,
                                      .future_col = -1,
                                      .imp_cols = {-1},
                                      .code_col = -1,
                                      .req_col = -1,
                                      .names = syn_uasc903_cols};
static const syn_rowspec miss_spec = {.rec = SG_REC_MISSING,
                                      .uk = true,
                                      .id_cols = {0, -1},
                                      .start_col = 3,
                                      .end_col = 4,
                                      .future_col = 4,
                                      .imp_cols = {3, 4, -1},
                                      .code_col = 2,
                                      .bad_code = "X",
                                      .req_col = 2,
                                      .names = syn_miss903_cols};
/* Tables kept as extra records: one child identifier in column 0, nothing else faulted. */
#define EXTRA_SPEC(cols)                                                                           \
    {                                                                                              \
        .rec = SG_REC_EXTRA, .uk = true, .id_cols = {0, -1}, .start_col = -1, .end_col = -1,       \
        .future_col = -1, .imp_cols = {-1}, .code_col = -1, .req_col = -1, .names = cols           \
    }
static const syn_rowspec oc2_spec = EXTRA_SPEC(syn_oc2_cols);
static const syn_rowspec ad1_spec = EXTRA_SPEC(syn_ad1_cols);
static const syn_rowspec perm_spec = EXTRA_SPEC(syn_perm_cols);
static const syn_rowspec placed_spec = EXTRA_SPEC(syn_placed_cols);
static const syn_rowspec sw_spec = EXTRA_SPEC(syn_sw_cols);

void syn_903_headers(syn_year *y)
{
    syn_header(y->h903, syn_h903_cols, 7);
    syn_header(y->ep903, syn_ep903_cols, 13);
    syn_header(y->rev903, syn_rev903_cols, 4);
    syn_header(y->uasc903, syn_uasc903_cols, 4);
    syn_header(y->miss903, syn_miss903_cols, 5);
    syn_header(y->oc2, syn_oc2_cols, 12);
    syn_header(y->ad1, syn_ad1_cols, 8);
    syn_header(y->perm903, syn_perm_cols, 5);
    syn_header(y->sw903, syn_sw_cols, 6);
    syn_header(y->placed903, syn_placed_cols, 5);
}

/* A placement for adoption (A3-A6). */
static bool syn_adopt_place(int p)
{
    return p >= PL_A3 && p <= PL_A6;
}

/* The day the LA decided that the child should be placed for adoption, for the period of care
 * holding episode i: 60 days before its first placement order (E1) or adoption placement
 * (A3-A6), not before the period began; SG_DATE_NONE when the period has neither. */
static sg_date adoption_decision(const syn_child *c, int i)
{
    int s = i, j = i;
    while (s > 0 && c->ep[s].rne != 'S')
        s--;
    while (j + 1 < c->nep && c->ep[j + 1].rne != 'S')
        j++;
    for (int k = s; k <= j; k++)
        if (c->ep[k].ls == LS_E1 || syn_adopt_place(c->ep[k].place)) {
            sg_date d = c->ep[k].start - 60;
            if (d < c->ep[s].start) d = c->ep[s].start;
            return d;
        }
    return SG_DATE_NONE;
}

/* Statutory reviews of a period of care: 20 days in, three months later, then six-monthly. */
int syn_cla_reviews(sg_date start, sg_date end, sg_date *out, int max)
{
    int n = 0;
    sg_date d = syn_wd_next(start + 20);
    while (n < max && d < end) {
        out[n++] = d;
        d = syn_wd_next(sg_date_add_months(d, n == 1 ? 3 : 6));
    }
    return n;
}

/* A full postcode in valid form (DfE rule 392c) in the "ZZ" area, which no real postcode uses.
 * Home and placement postcodes differ in the inward unit, so they are never the same (392d). */
static void postcode(char *out, size_t n, int v, char unit)
{
    snprintf(out, n, "ZZ%d %d%cZ", v / 10 + 1, v % 10, unit);
}

/* The child's SEX in year y's code set (data/code_sets.csv 903_sex: the first code is male, the
 * second female; 1/2 up to 2023-24, M/F from 2024-25). */
static const char *sex_903(const syn_child *c, const syn_year *y)
{
    const sg_code_set *cs = sg_code_set_for_year(SG_CS_903_SEX, y->fy + 1);
    if (!cs) cs = sg_code_set_get(SG_CS_903_SEX);
    return cs->code[c->sex == 'M' ? 0 : 1];
}

/* Year-rule faults of an episode row (fault_years.c), at most one: LS D1 on an episode still
 * open (451, to 2023-24) or any (445, to 2023-24); PLACE P2 from 28 October 2023 (217t,
 * 2023-24 only) or for a child under 16 (370, to 2023-24); a URN on a placement with parents
 * (P1 takes no URN in any year: 222). */
static void ep_year_fault(syn_ctx *x, const syn_year *y, const syn_child *c, const syn_ep *e,
                          syn_row *r)
{
    bool open = !r->cell[7][0];
    if (open && (x->yr_rule = syn_year_fault(x, y, SYN_YR_451))) {
        syn_row_set(r, 3, "D1");
        x->yr_col = 3;
    } else if ((x->yr_rule = syn_year_fault(x, y, SYN_YR_445))) {
        syn_row_set(r, 3, "D1");
        x->yr_col = 3;
    } else if (e->start >= sg_date_from_ymd(2023, 10, 28) &&
               (x->yr_rule = syn_year_fault(x, y, SYN_YR_217t))) {
        syn_row_set(r, 5, "P2");
        x->yr_col = 5;
    } else if (syn_age(c, e->start) < 16 && (x->yr_rule = syn_year_fault(x, y, SYN_YR_370))) {
        syn_row_set(r, 5, "P2");
        x->yr_col = 5;
    } else if (e->place == PL_P1 && (x->yr_rule = syn_year_fault(x, y, SYN_YR_222))) {
        syn_row_set(r, 12, "SC000001");
        x->yr_col = 12;
    }
}

/* Year-rule faults of a social worker row (fault_years.c), at most one: SW_ID not beginning SW
 * or XX (SW02STG1, from 2023-24); SW_REASON not a code (SW13STG1, from 2023-24); SW_REASON blank
 * (SW03STG1, 2023-24 only; SW01bSTG1 from 2024-25, for an episode begun on or after 1 April
 * 2023); SW_ID blank for an episode begun before then (SW01aSTG1, from 2024-25); SW_DEC the
 * day SW_DECOM (SW09STG2, a query from 2023-24). */
static void sw_year_fault(syn_ctx *x, const syn_year *y, syn_row *r, sg_date decom)
{
    bool recent = decom >= sg_date_from_ymd(2023, 4, 1);
    if ((x->yr_rule = syn_year_fault(x, y, SYN_YR_SW02STG1))) {
        r->cell[2][0] = 'A';
        r->cell[2][1] = 'B';
        x->yr_col = 2;
    } else if ((x->yr_rule = syn_year_fault(x, y, SYN_YR_SW13STG1))) {
        syn_row_set(r, 5, "ZZZ");
        x->yr_col = 5;
    } else if ((x->yr_rule = syn_year_fault(x, y, SYN_YR_SW03STG1))) {
        r->cell[5][0] = '\0';
        x->yr_col = 5;
    } else if (recent && (x->yr_rule = syn_year_fault(x, y, SYN_YR_SW01bSTG1))) {
        r->cell[5][0] = '\0';
        x->yr_col = 5;
    } else if (!recent && (x->yr_rule = syn_year_fault(x, y, SYN_YR_SW01aSTG1))) {
        r->cell[2][0] = '\0';
        x->yr_col = 2;
    } else if ((x->yr_rule = syn_year_fault(x, y, SYN_YR_SW09STG2))) {
        syn_row_set(r, 4, r->cell[3]);
        x->yr_col = 4;
    }
}

void syn_write_903(syn_ctx *x, const syn_child *c, syn_year *y)
{
    int first = -1, nin = 0;
    for (int i = 0; i < c->nep; i++)
        if (c->ep[i].start <= y->ye && c->ep[i].end >= y->ys) {
            if (first < 0) first = i;
            nin++;
        }
    if (!nin) return;
    sg_date ye = y->ye;
    syn_row r;
    int age = syn_age(c, ye);

    syn_row_init(&r, 7);
    syn_row_set(&r, 0, c->la_id);
    syn_row_set(&r, 1, sex_903(c, y));
    syn_row_date(&r, 2, c->dob, true);
    syn_row_set(&r, 3, syn_eth[c->eth]);
    /* A looked-after child of school age (five by 31 August at the year's start: rule 209) has
     * a UPN; UN1 (not yet of school age) otherwise. UN4 is not used: rule 210. */
    int ys_y, ys_m, ys_d;
    sg_date_to_ymd(y->ys, &ys_y, &ys_m, &ys_d);
    bool school = syn_age(c, sg_date_from_ymd(ys_y, 8, 31)) >= 5;
    syn_row_set(&r, 4, school ? c->upn : "UN1");
    /* MOTHER is required for every looked-after girl (rule 393), whatever her age. */
    if (c->sex == 'F') syn_row_set(&r, 5, "0");
    /* Year-rule faults (fault_years.c): SEX U, reported as unknown (232, from 2024-25); SEX in
     * the other code set than the year's (101: 1/2 up to 2023-24, M/F/U from 2024-25). */
    if ((x->yr_rule = syn_year_fault(x, y, SYN_YR_232)))
        syn_row_set(&r, 1, "U");
    else if ((x->yr_rule = syn_year_fault(x, y, SYN_YR_101)))
        syn_row_set(&r, 1,
                    strcmp(sex_903(c, y), "M") == 0 || strcmp(sex_903(c, y), "F") == 0 ? "1" : "M");
    x->yr_col = 1;
    /* 231 (from 2024-25): an unaccompanied asylum-seeking child born less than 11 years before
     * the collection's end (1 June, ten years before the year began); its UASC row then gets
     * no fault of its own, so the child stays UASC. */
    bool uasc_231 = false;
    if (!x->yr_rule && c->uasc && (x->yr_rule = syn_year_fault(x, y, SYN_YR_231))) {
        syn_row_date(&r, 2, sg_date_from_ymd(y->fy - 9, 6, 1), true);
        x->yr_col = 2;
        uasc_231 = true;
    }
    syn_row_emit(x, y->h903, &h_spec, &r, ye);

    bool last_clean = false; /* the last episode row written has no fault */
    char last_dec[11] = "";
    for (int i = first; i < c->nep; i++) {
        const syn_ep *e = &c->ep[i];
        if (!(e->start <= ye && e->end >= y->ys)) continue;
        bool ended = e->end <= ye;
        syn_row_init(&r, 13);
        syn_row_set(&r, 0, c->la_id);
        syn_row_date(&r, 1, e->start, true);
        char rne[2] = {(char)e->rne, '\0'};
        syn_row_set(&r, 2, rne);
        syn_row_set(&r, 3, syn_ls[e->ls]);
        char cin[3] = {'N', (char)('0' + e->cin), '\0'};
        syn_row_set(&r, 4, cin);
        syn_row_set(&r, 5, syn_place[e->place]);
        if (e->prov != SYN_PROV_NONE) syn_row_set(&r, 6, syn_provider[e->prov]);
        if (ended) {
            syn_row_date(&r, 7, e->end, true);
            syn_row_set(&r, 8, syn_rec[e->rec]);
            if (e->rpc != 0xFF) syn_row_set(&r, 9, syn_rpc[e->rpc]);
        }
        char pc[16];
        /* Both postcodes are given (392b); placed with parents (P1), the placement is the
         * home. */
        postcode(pc, sizeof pc, e->home_post, 'H');
        syn_row_set(&r, 10, pc);
        if (e->place != PL_P1) postcode(pc, sizeof pc, e->pl_post, 'P');
        syn_row_set(&r, 11, pc);
        if (e->urn)
            snprintf(r.cell[12], sizeof r.cell[12], "SC%06u", (unsigned)e->urn);
        else
            syn_row_set(&r, 12, "XXXXXXX");
        ep_year_fault(x, y, c, e, &r);
        long nf = x->nfaults;
        syn_row_emit(x, y->ep903, &ep_spec, &r, ye);
        last_clean = x->nfaults == nf;
        syn_fmt_uk(ended ? e->end : SG_DATE_NONE, last_dec);
    }
    long last_line = y->ep903->line;

    /* reviews: per period (a run of episodes from an 'S' episode) */
    static const char *const pn[] = {"PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"};
    static const uint16_t pnw[] = {450, 150, 150, 100, 50, 60, 40};
    for (int i = 0; i < c->nep; i++) {
        if (c->ep[i].rne != 'S') continue;
        int j = i;
        while (j + 1 < c->nep && c->ep[j + 1].rne != 'S')
            j++;
        sg_date ps = c->ep[i].start, pe = c->ep[j].end;
        if (ps > ye || pe < y->ys) continue;
        sg_date rv[128];
        int n = syn_cla_reviews(ps, pe, rv, 128);
        for (int k = 0; k < n; k++) {
            if (rv[k] < y->ys || rv[k] > ye) continue;
            syn_row_init(&r, 4);
            syn_row_set(&r, 0, c->la_id);
            syn_row_date(&r, 1, c->dob, true);
            syn_row_date(&r, 2, rv[k], true);
            /* participation code drawn from a hash so it needs no stream of its own */
            uint32_t h = (uint32_t)((uint64_t)(c->index * 2654435761u) ^ (uint64_t)rv[k]) % 1000u;
            int code = 0;
            for (uint32_t acc = pnw[0]; h >= acc && code < 6; acc += pnw[++code]) {
            }
            syn_row_set(&r, 3, syn_age(c, rv[k]) < 4 ? "PN0" : pn[code]);
            syn_row_emit(x, y->rev903, &rev_spec, &r, ye);
        }
    }

    if (c->uasc) {
        syn_row_init(&r, 4);
        syn_row_set(&r, 0, c->la_id);
        syn_row_set(&r, 1, sex_903(c, y));
        syn_row_date(&r, 2, c->dob, true);
        /* DUC is the 18th birthday; left blank while it lies after 31 March. */
        if (c->d18 <= ye) syn_row_date(&r, 3, c->d18, true);
        syn_rowspec us = uasc_spec;
        if (uasc_231) us.no = ~0u;
        syn_row_emit(x, y->uasc903, &us, &r, ye);
    }

    for (int i = 0; i < c->nmiss; i++) {
        const syn_miss *m = &c->miss[i];
        if (!m->care || m->start < y->ys || m->start > ye) continue;
        syn_row_init(&r, 5);
        syn_row_set(&r, 0, c->la_id);
        syn_row_date(&r, 1, c->dob, true);
        char k[2] = {(char)m->kind, '\0'};
        syn_row_set(&r, 2, k);
        syn_row_date(&r, 3, m->start, true);
        if (m->end <= ye) syn_row_date(&r, 4, m->end, true);
        syn_row_emit(x, y->miss903, &miss_spec, &r, ye);
    }

    /* The decision to place for adoption, in every return from the year it was made (rules
     * 551, 553, 559, 560), for the period of care of the year's last episode. */
    int lastin = -1;
    for (int i = 0; i < c->nep; i++)
        if (c->ep[i].start <= ye && c->ep[i].end >= y->ys) lastin = i;
    sg_date dp = lastin >= 0 ? adoption_decision(c, lastin) : SG_DATE_NONE;
    if (dp != SG_DATE_NONE && dp <= ye) {
        syn_row_init(&r, 5);
        syn_row_set(&r, 0, c->la_id);
        syn_row_date(&r, 1, c->dob, true);
        syn_row_date(&r, 2, dp, true);
        syn_row_emit(x, y->placed903, &placed_spec, &r, ye);
    }

    /* Previous permanence: asked of every child whose period of care began in the year
     * (rule 630); the generator's children had no previous adoption, SGO or CAO (Z1). */
    for (int i = c->nep; i-- > 0;) {
        if (c->ep[i].rne != 'S' || c->ep[i].start > ye) continue;
        if (c->ep[i].start >= y->ys && c->ep[i].start <= ye) {
            syn_row_init(&r, 5);
            syn_row_set(&r, 0, c->la_id);
            syn_row_date(&r, 1, c->dob, true);
            syn_row_set(&r, 2, "Z1");
            syn_row_emit(x, y->perm903, &perm_spec, &r, ye);
        }
        break;
    }

    /* OC2: looked after continuously for 12 months at 31 March */
    const syn_ep *cur = NULL;
    for (int i = 0; i < c->nep; i++)
        if (c->ep[i].start <= ye && c->ep[i].end > ye) cur = &c->ep[i];
    /* Social workers, for a child looked after on 31 March (rule SW01STG1, which counts a
     * child whose care ended that day): one allocated worker per period of care, every period
     * of the year (SW12STG2), ended with the period. A period carried from last year keeps its
     * row (SW16a-c). SW_REASON: one code of the year's list (code set 903_sw_reason, rule
     * SW13STG1), OTHERS, the same in every row: the generator models no reasons for a change
     * of social worker. */
    /* Year-rule fault (fault_years.c): no social worker rows for a child looked after on 31
     * March (SW01STG1, 2023-24 only), found at the last episode's DEC; not for respite (V3/V4),
     * nor when that row has a fault of its own. */
    const char *sw01 = NULL;
    if (lastin >= 0 && c->ep[lastin].end >= ye && last_clean &&
        strcmp(syn_ls[c->ep[lastin].ls], "V3") != 0 && strcmp(syn_ls[c->ep[lastin].ls], "V4") != 0)
        sw01 = syn_year_fault(x, y, SYN_YR_SW01STG1);
    if (sw01)
        syn_fault_log_rule(x, F_YEAR_RULE, y->ep903, last_line, SG_REC_CLA_EPISODE, "DEC", last_dec,
                           false, sw01);
    else if (lastin >= 0 && c->ep[lastin].end >= ye) {
        for (int i = 0; i <= lastin; i++) {
            if (c->ep[i].rne != 'S') continue;
            int j = i;
            while (j + 1 < c->nep && c->ep[j + 1].rne != 'S')
                j++;
            if (c->ep[j].end < y->ys) continue;
            syn_row_init(&r, 6);
            syn_row_set(&r, 0, c->la_id);
            syn_row_date(&r, 1, c->dob, true);
            snprintf(r.cell[2], sizeof r.cell[2], "SW%06u",
                     (unsigned)((uint32_t)(c->index * 2654435761u) % 1000000u));
            syn_row_date(&r, 3, c->ep[i].start, true);
            if (c->ep[j].end <= ye) syn_row_date(&r, 4, c->ep[j].end, true);
            syn_row_set(&r, 5, "OTHERS");
            sw_year_fault(x, y, &r, c->ep[i].start);
            syn_row_emit(x, y->sw903, &sw_spec, &r, ye);
        }
    }
    if (cur) {
        int s = (int)(cur - c->ep);
        while (s > 0 && c->ep[s].rne != 'S')
            s--;
        /* looked after since 1 April at the latest: 12 months at 31 March (rule 191) */
        if (c->ep[s].start <= y->ys) {
            syn_row_init(&r, 12);
            syn_row_set(&r, 0, c->la_id);
            syn_row_date(&r, 1, c->dob, true);
            uint32_t h = (uint32_t)(c->index * 2246822519u);
            /* An SDQ score from 4 on 31 March (188, 197B) while under 17 on 1 April (189);
             * conviction only from age 10 (542) and the health check only under 5 (546). */
            if (age >= 4 && syn_age(c, y->ys) <= 16) syn_row_long(&r, 2, (long)(h % 29));
            if (age >= 10) syn_row_set(&r, 4, h % 50 == 0 ? "1" : "0");
            if (age < 5) syn_row_set(&r, 5, "1");
            syn_row_set(&r, 6, h % 20 ? "1" : "0");
            syn_row_set(&r, 7, "1");
            syn_row_set(&r, 8, "1");
            syn_row_set(&r, 9, age >= 12 && h % 15 == 0 ? "1" : "0");
            /* INTERVENTION_OFFERED only when none was received (rule 158). */
            if (age >= 12 && h % 15 == 0) {
                bool got = h % 4 != 0;
                syn_row_set(&r, 10, got ? "1" : "0");
                if (!got) syn_row_set(&r, 11, "1");
            }
            syn_row_emit(x, y->oc2, &oc2_spec, &r, ye);
        }
    }

    /* AD1: adopted in the year */
    for (int i = 0; i < c->nep; i++) {
        const syn_ep *e = &c->ep[i];
        if ((e->rec != REC_E11 && e->rec != REC_E12) || e->end < y->ys || e->end > ye) continue;
        syn_row_init(&r, 8);
        syn_row_set(&r, 0, c->la_id);
        syn_row_date(&r, 1, c->dob, true);
        /* DATE_INT is the decision of the placed-for-adoption table (rule 523). */
        sg_date di = adoption_decision(c, i);
        if (di == SG_DATE_NONE) di = e->start;
        sg_date dm = e->start - 20 > di ? e->start - 20 : di;
        syn_row_date(&r, 2, di, true);
        syn_row_date(&r, 3, dm, true);
        uint32_t h = (uint32_t)(c->index * 2654435761u);
        bool couple = h % 3 != 0;
        /* FOSTER_CARE: 1 only when the adopters were the child's foster carers, i.e. the
         * adoption placement was A3/A5 (rule 335). */
        int ap = e->place;
        syn_row_set(&r, 4, ap == PL_A3 || ap == PL_A5 ? "1" : "0");
        syn_row_set(&r, 5, couple ? "2" : "1");
        syn_row_set(&r, 6, couple ? (h % 7 ? "MF" : "FF") : "F1");
        syn_row_set(&r, 7, couple ? (h % 7 ? "L11" : "L12") : "L0");
        syn_row_emit(x, y->ad1, &ad1_spec, &r, ye);
    }
}

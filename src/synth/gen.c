/* gen.c - one child's whole journey, from birth to the last 31 March, drawn from the child's own
 * random stream. The statutory pathway (referral, assessment, section 47, ICPC, child
 * protection plan, child in need plan, looked after) is simulated over the child's whole life
 * so that history-dependent measures (re-referrals, repeat plans, NumberOfPreviousCPP, the
 * looked-after stock) come out right in the first year written. Events that only agency
 * returns and Annex A carry (contacts that do not convert, early help, missing episodes, police
 * events) are drawn only in the years written plus one before, to keep a national run fast.
 * The rates are England-like (shared/definitions.md, "Round levels for the generator's
 * calibration"); docs/generator.md explains each constant. */
#include "synth/synth_int.h"

#include <math.h>
#include <string.h>

/* ---- calibration (per child-year unless said) ---- */
#define B_REF 0.044      /* referral hazard at risk 1 while no episode is open */
#define RISK_HIGH_P 0.15 /* share of children in the high-risk class */
#define RISK_HIGH 4.7
#define RISK_LOW 0.35
#define ELEVATE 1.4       /* hazard multiplier after a first referral */
#define P_FOLLOW 0.20     /* follow-up referral within 12 months of a short episode */
#define P_NFA 0.07        /* referral NFA */
#define P_EMERG 0.011     /* looked after at once (police protection, EPO, s20) */
#define P_S47 0.30        /* section 47 enquiry on a referral */
#define P_STRAT_ONLY 0.12 /* strategy discussion that does not lead to a section 47 */
#define P_ICPC 0.33       /* ICPC after a section 47 */
#define P_S47_AGAIN 0.5   /* section 47 on a referral of a child who has had a CP plan */
#define P_ICPC_AGAIN 0.5  /* ICPC after it */
#define P_PLAN 0.81       /* CP plan after an ICPC */
#define P_NIN 0.345       /* assessed as not in need (no ICPC) */
#define P_RC9 0.25        /* of those, closed with a step down to early help */
#define P_CP_TO_CLA 0.15  /* after a CP plan ends: looked after */
#define P_CP_TO_CIN 0.55  /* after a CP plan ends: a CIN plan */
#define P_CIN_ESC 0.07    /* CIN plan escalated to a new section 47 */
#define P_CIN_CLA 0.03    /* CIN plan ending in care */
#define P_REASSESS 0.2    /* a further assessment during a CIN plan */
#define P_UASC 0.006      /* children arriving as unaccompanied asylum seekers */
#define C_RATE 0.12       /* contacts that do not become referrals */
#define EH_RATE 0.010     /* early help assessments (besides step-downs) */

int syn_age(const syn_child *c, sg_date on)
{
    return sg_date_age(c->dob, on);
}

static sg_date dmin(sg_date a, sg_date b)
{
    return a < b ? a : b;
}

static sg_date dmax(sg_date a, sg_date b)
{
    return a > b ? a : b;
}

static bool in_window(const syn_ctx *x, sg_date d)
{
    return d >= x->w0 && d <= x->p1;
}

static void add_event(const syn_ctx *x, syn_child *c, int type, int vpr, sg_date d)
{
    if (!in_window(x, d) || d < c->dob || d >= c->d18 || c->nev >= SYN_MAX_EV) return;
    c->ev[c->nev++] = (syn_ev){.date = d, .type = (uint8_t)type, .vpr = (uint8_t)vpr};
}

static void add_eh(const syn_ctx *x, syn_child *c, syn_rng *r, sg_date start, int outcome)
{
    if (!in_window(x, start) || start < c->dob || start >= c->d18 || c->neh >= SYN_MAX_EH) return;
    sg_date end = start + syn_range(r, 20, 180);
    if (end >= c->d18) end = c->d18 - 1;
    if (outcome < 0) {
        static const uint16_t w[] = {0, 450, 120, 150, 30, 50}; /* index 0 = ONGOING: never */
        outcome = syn_pick(r, w, 6);
    }
    c->eh[c->neh++] = (syn_eh){.start = start,
                               .end = end,
                               .org = (uint8_t)syn_range(r, 0, 5),
                               .outcome = (uint8_t)outcome};
}

/* Working days an assessment takes: ~85% within 45, median ~33. */
static int assess_wd(syn_rng *r)
{
    if (syn_chance(r, 0.855)) {
        /* density rising towards 45 days: 45 * u^0.6 puts the median near 30 */
        int d = (int)(pow(syn_unif(r), 0.6) * 45.0 + 0.5);
        return d > 45 ? 45 : d;
    }
    int d = 46 + (int)syn_exp_days(r, 365.25 / 14.0);
    return d > 160 ? 160 : d;
}

/* Days a CP plan lasts: bands <=3m 15%, 3-6m 20%, 6-12m 41%, 1-2y 20%, 2y+ 4%. */
static int cpp_days(syn_rng *r)
{
    double u = syn_unif(r);
    if (u < 0.15) return syn_range(r, 20, 91);
    if (u < 0.35) return syn_range(r, 92, 182);
    if (u < 0.76) return syn_range(r, 183, 365);
    if (u < 0.96) return syn_range(r, 366, 729);
    return syn_range(r, 731, 1150);
}

static syn_assess *add_assess(syn_child *c, syn_rng *r, sg_date start, bool in_need, sg_date last)
{
    if (c->nass >= SYN_MAX_ASS || start > last) return NULL;
    syn_assess *a = &c->ass[c->nass++];
    a->start = start;
    a->auth = syn_wd_add(start, assess_wd(r));
    a->in_need = in_need;
    if (in_need) {
        /* mostly domestic abuse, mental health, neglect, emotional abuse, drugs, alcohol */
        static const uint8_t common[] = {7, 10, 31, 32, 4, 1, 6, 9, 25, 37, 34, 28, 13};
        int want = syn_range(r, 1, 3);
        a->nf = 0;
        for (int tries = 0; a->nf < want && tries < 8; tries++) {
            uint8_t f = syn_chance(r, 0.8) ? common[syn_range(r, 0, 12)]
                                           : (uint8_t)syn_range(r, 0, SYN_NFACTOR - 1);
            if (f == 38) continue; /* "21" (no factors) is not for children in need */
            bool dup = false;
            for (int j = 0; j < a->nf; j++)
                dup |= a->f[j] == f;
            if (!dup) a->f[a->nf++] = f;
        }
    } else {
        a->nf = 1;
        a->f[0] = 38; /* 21: no factors identified */
    }
    return a;
}

/* A section 47 enquiry from start; fills icpc (or SG_DATE_NONE) and whether a plan follows. */
static void run_s47(const syn_ctx *x, syn_child *c, syn_rng *r, sg_date start, double p_icpc,
                    sg_date last, sg_date *icpc, bool *plan)
{
    *icpc = SG_DATE_NONE;
    *plan = false;
    if (start > last || c->ns47 >= SYN_MAX_S47) return;
    syn_s47 *s = &c->s47[c->ns47++];
    s->start = start;
    s->target = syn_wd_add(start, 15);
    s->icpc = SG_DATE_NONE;
    s->not_required = 0;
    s->plan = 0;
    add_event(x, c, EV_STRATEGY, 0, start);
    if (syn_chance(r, p_icpc)) {
        int d = syn_chance(r, 0.80) ? syn_range(r, 4, 15) : syn_range(r, 16, 38);
        sg_date ic = syn_wd_add(start, d);
        if (ic <= last) {
            s->icpc = ic;
            s->plan = (uint8_t)syn_chance(r, P_PLAN);
            *icpc = ic;
            *plan = s->plan;
        } else {
            s->not_required = 1; /* the child reached 18 or the window ended first */
        }
    } else {
        /* An enquiry that ends without a conference is recorded as ICPCnotRequired, so a closed
         * episode never holds an open enquiry (CIN rules 8868, 8839, 8890). The draw stays so
         * that every later draw of the child's journey is unchanged. */
        (void)syn_chance(r, 0.2);
        s->not_required = 1;
    }
}

static void add_cinplan(syn_child *c, sg_date start, sg_date end)
{
    if (c->ncinp >= SYN_MAX_CINP) return;
    c->cinp[c->ncinp++] = (syn_cinplan){.start = start, .end = end};
}

static int pick_place(syn_rng *r, int age)
{
    if (age >= 16 && syn_chance(r, 0.3)) return PL_H5;
    static const uint8_t code[] = {PL_U1, PL_U2, PL_U3, PL_U4, PL_U5, PL_U6, PL_K2,
                                   PL_P1, PL_R1, PL_S1, PL_Z1, PL_R2, PL_K1};
    uint16_t w[] = {60, 20, 40, 220, 100, 300, 20, 50, 10, 5, 10, 5, 0};
    if (age >= 10) w[6] = 140;
    if (age >= 12) w[12] = 4;
    if (age < 5) w[9] = 0;
    return code[syn_pick(r, w, 13)];
}

static void place_details(syn_rng *r, syn_ep *e)
{
    int p = e->place, prov;
    e->urn = 0;
    if (p == PL_P1 || p == PL_P2) {
        prov = 0;
    } else if (p >= PL_U1 && p <= PL_U3) {
        prov = syn_chance(r, 0.9) ? 1 : 2;
    } else if (p >= PL_U4 && p <= PL_U6) {
        double u = syn_unif(r);
        prov = u < 0.6 ? 1 : u < 0.95 ? 4 : 5;
    } else if (p == PL_K2 || p == PL_K1 || p == PL_R1 || p == PL_S1) {
        double u = syn_unif(r);
        prov = u < 0.72 ? 4 : u < 0.94 ? 1 : 5;
        uint32_t urn = (uint32_t)syn_range(r, 10000, 999999);
        /* A residential care home (R1) is registered with the CQC, not Ofsted: no URN (rule
         * 222). The draw is made all the same, so later draws are unchanged. */
        if (p != PL_R1) e->urn = urn;
    } else if (p >= PL_A3 && p <= PL_A6) {
        prov = syn_chance(r, 0.8) ? 1 : 5;
    } else if (p == PL_H5) {
        prov = syn_chance(r, 0.6) ? 4 : 1;
    } else {
        prov = syn_chance(r, 0.5) ? 4 : 3;
        /* "Other placement" (Z1) gives no provider (rule 178); the draw stays. */
        if (p == PL_Z1) prov = SYN_PROV_NONE;
    }
    e->prov = (uint8_t)prov;
    e->pl_post = (uint8_t)syn_range(r, 0, 99);
}

enum { CLA_USUAL, CLA_EMERG, CLA_FROM_CP, CLA_UASC };
typedef struct change {
    sg_date d;
    int ls;    /* new legal status or -1 */
    int place; /* new placement or -1 */
} change;

/* One period of care from start; appends its episodes and returns the day it ended (the
 * 18th birthday eve at the latest) with the reason ceased in *rec. */
static sg_date cla_period(const syn_ctx *x, syn_child *c, syn_rng *r, sg_date start, int kind,
                          int need, int *rec)
{
    (void)x;
    sg_date last = c->d18 - 1;
    int age = syn_age(c, start);
    int ls;
    double u = syn_unif(r);
    if (kind == CLA_UASC)
        ls = LS_V2;
    else if (kind == CLA_EMERG)
        ls = u < 0.35 ? LS_L1 : u < 0.5 ? LS_L2 : u < 0.8 ? LS_V2 : LS_C1;
    else if (kind == CLA_FROM_CP)
        ls = u < 0.6 ? LS_C1 : u < 0.9 ? LS_V2 : LS_C2;
    else
        ls = u < 0.45 ? LS_C1 : u < 0.9 ? LS_V2 : LS_C2;

    /* How and when the period ends. */
    static const uint8_t at18[] = {REC_E5, REC_E6, REC_E17, REC_E8};
    static const uint16_t at18w[] = {40, 10, 30, 20};
    sg_date end;
    int why;
    bool adopt = false;
    u = syn_unif(r);
    if (kind == CLA_UASC) {
        if (u < 0.15)
            end = start + syn_range(r, 5, 60), why = REC_E3;
        else
            end = last, why = at18[syn_pick(r, at18w, 4)];
    } else if ((ls == LS_L1 || ls == LS_L2) && u < 0.3) {
        /* police protection lasts 72 hours at most (903 rule 361) */
        end = start + syn_range(r, 1, ls == LS_L1 ? 3 : 10), why = REC_E4A;
    } else {
        /* p of adoption, home, SGO, CAO, other; the rest stay until 18 */
        double pa, ph, ps, pc, po;
        if (age < 1)
            pa = 0.34, ph = 0.25, ps = 0.20, pc = 0.05, po = 0.0;
        else if (age < 5)
            pa = 0.20, ph = 0.34, ps = 0.20, pc = 0.05, po = 0.0;
        else if (age < 12)
            pa = 0.02, ph = 0.45, ps = 0.14, pc = 0.05, po = 0.02;
        else if (age < 16)
            pa = 0.0, ph = 0.47, ps = 0.03, pc = 0.02, po = 0.05;
        else
            pa = 0.0, ph = 0.42, ps = 0.0, pc = 0.0, po = 0.03;
        u = syn_unif(r);
        if (u < pa) {
            end = start + syn_range(r, 420, 900);
            why = syn_chance(r, 0.7) ? REC_E11 : REC_E12;
            adopt = true;
        } else if (u < pa + ph) {
            end = start + syn_range(r, 20, syn_chance(r, 0.6) ? 240 : 720);
            why = syn_chance(r, 0.75) ? REC_E4A : syn_chance(r, 0.5) ? REC_E4B : REC_E13;
        } else if (u < pa + ph + ps) {
            static const uint8_t sgo[] = {REC_E45, REC_E46, REC_E47, REC_E48};
            end = start + syn_range(r, 300, 1400);
            why = sgo[syn_range(r, 0, 3)];
        } else if (u < pa + ph + ps + pc) {
            end = start + syn_range(r, 200, 900);
            why = REC_E41;
        } else if (u < pa + ph + ps + pc + po) {
            end = start + syn_range(r, 30, 500);
            why = syn_chance(r, 0.5) ? REC_E8 : REC_E9;
        } else {
            end = last;
            why = at18[syn_pick(r, at18w, 4)];
        }
    }
    if (end >= last) {
        if (why != REC_E5 && why != REC_E6 && why != REC_E17 && why != REC_E8)
            why = at18[syn_pick(r, at18w, 4)];
        /* Care that ends at 18 ends on the 18th birthday (903 rule 460). */
        end = c->d18;
        adopt = false;
    }
    if (end < start) end = start;

    /* Change points: legal status and placement changes, sorted. */
    change ch[40];
    int nch = 0;
    int emerg_days = ls == LS_L1 ? 3 : 7; /* police protection: 72 hours (rule 361) */
    if ((ls == LS_L1 || ls == LS_L2) && end > start + emerg_days + 1) {
        /* draws in sequence: the order of evaluation inside an initializer is unspecified */
        sg_date when = start + syn_range(r, 1, emerg_days);
        ch[nch++] = (change){when, syn_chance(r, 0.6) ? LS_C1 : LS_V2, -1};
    }
    sg_date c2 = SG_DATE_NONE;
    if ((ls == LS_C1 || ls == LS_L1 || ls == LS_L2) && end > start + 400)
        c2 = start + syn_range(r, 150, 400);
    /* Adoption: the placement with the adopters under a placement order is the last one, so
     * the adoption order ends an A3-A6 placement (903 rule 390); a care order, and any move,
     * comes before it. */
    sg_date settled = end;
    if (adopt && end - start > 240) {
        settled = end - syn_range(r, 120, 230);
        ch[nch++] = (change){settled, LS_E1, syn_chance(r, 0.7) ? PL_A4 : PL_A6};
    }
    if (c2 != SG_DATE_NONE && c2 < settled) ch[nch++] = (change){c2, LS_C2, -1};
    double instab = syn_chance(r, 0.25) ? 1.5 : 0.2;
    if (age >= 12) instab *= 1.4;
    int nmoves = syn_poisson(r, instab * (double)(end - start) / 365.25);
    for (int i = 0; i < nmoves && nch < 36; i++)
        if (settled - start > 2)
            ch[nch++] = (change){start + syn_range(r, 1, settled - start - 1), -1, 0};
    for (int i = 1; i < nch; i++) /* insertion sort by date */
        for (int j = i; j > 0 && ch[j].d < ch[j - 1].d; j--) {
            change t = ch[j];
            ch[j] = ch[j - 1];
            ch[j - 1] = t;
        }

    int cin903 = need == 0 || need == 9 ? 1 : need;
    int place = kind == CLA_UASC ? (age >= 16 ? PL_H5 : PL_U6) : pick_place(r, age);
    if (adopt && nch == 0 && age < 2) place = PL_A4;  /* placed at once with adopters */
    if (ls == LS_V2 && place == PL_P1) place = PL_U4; /* not placed with parents under s20 (378) */
    uint8_t rne = 'S';
    sg_date s = start;
    int ci = 0;
    for (;;) {
        if (c->nep >= SYN_MAX_EP) break;
        /* next distinct change date after s */
        while (ci < nch && ch[ci].d <= s)
            ci++;
        sg_date e = ci < nch && ch[ci].d < end ? ch[ci].d : end;
        syn_ep *ep = &c->ep[c->nep++];
        memset(ep, 0, sizeof *ep);
        ep->start = s;
        ep->end = e;
        ep->rne = rne;
        ep->ls = (uint8_t)ls;
        ep->place = (uint8_t)place;
        ep->cin = (uint8_t)cin903;
        ep->rpc = 0xFF;
        ep->home_post = (uint8_t)(c->index % 100);
        place_details(r, ep);
        if (rne == 'L') { /* same placement, new legal status (rule 434) */
            ep->prov = ep[-1].prov;
            ep->pl_post = ep[-1].pl_post;
            ep->urn = ep[-1].urn;
        }
        if (e >= end || c->nep >= SYN_MAX_EP) {
            ep->end = end;
            ep->rec = (uint8_t)why;
            break;
        }
        ep->rec = REC_X1;
        /* apply every change on date e */
        int nls = -1, npl = -1;
        while (ci < nch && ch[ci].d == e) {
            if (ch[ci].ls >= 0) nls = ch[ci].ls;
            if (ch[ci].place > 0)
                npl = ch[ci].place;
            else if (ch[ci].place == 0)
                npl = pick_place(r, syn_age(c, e));
            ci++;
        }
        if (npl == place && nls < 0) npl = place == PL_U6 ? PL_U4 : PL_U6;
        if ((nls >= 0 ? nls : ls) == LS_V2 && (npl >= 0 ? npl : place) == PL_P1) npl = PL_U4;
        bool pchg = npl >= 0 && npl != place, lchg = nls >= 0 && nls != ls;
        if (!pchg && !lchg) { /* a "move" to the same kind of placement with another carer */
            pchg = true;
        }
        if (pchg) {
            ep->rpc = (uint8_t)syn_range(r, 0, SYN_NRPC - 1);
            if (npl >= 0) place = npl;
        }
        if (lchg) ls = nls;
        rne = pchg && lchg ? 'B' : pchg ? 'P' : 'L';
        s = e;
    }
    /* A special guardianship order to former foster carers (E45/E46) follows a foster
     * placement (rule 516); otherwise it was made to someone else (E47/E48). */
    syn_ep *fin = c->nep ? &c->ep[c->nep - 1] : NULL;
    if (fin && fin->start >= start && (why == REC_E45 || why == REC_E46) &&
        !(fin->place >= PL_U1 && fin->place <= PL_U6)) {
        why = why == REC_E45 ? REC_E47 : REC_E48;
        fin->rec = (uint8_t)why;
    }
    *rec = why;
    return end;
}

static int closure_reason_for(int rec)
{
    switch (rec) {
    case REC_E11:
    case REC_E12:
        return RC1;
    case REC_E41:
        return RC3;
    case REC_E45:
    case REC_E46:
    case REC_E47:
    case REC_E48:
        return RC4;
    case REC_E3:
        return RC5;
    case REC_E5:
    case REC_E6:
    case REC_E17:
    case REC_E7:
        return RC6;
    default:
        return RC7;
    }
}

enum { ST_CLOSE, ST_CIN, ST_CP, ST_CLA };

/* One CIN episode from referral R; returns its closure date (may lie beyond the years). */
static sg_date episode(const syn_ctx *x, syn_child *c, syn_rng *r, sg_date R, bool uasc)
{
    sg_date last = c->d18 - 1;
    syn_ref *rf = &c->ref[c->nref++];
    memset(rf, 0, sizeof *rf);
    rf->date = R;
    int back = syn_range(r, 0, 2);
    rf->contact = R - back >= c->dob ? R - back : R;
    /* after the previous episode closed, so two referrals never share a contact */
    if (c->nref > 1 && rf->contact <= c->ref[c->nref - 2].closure)
        rf->contact = dmin(R, c->ref[c->nref - 2].closure + 1);
    rf->source = (uint8_t)(uasc ? 18 : syn_pick(r, syn_ref_source_w, SYN_NSOURCE));
    rf->need = (uint8_t)(uasc ? 8 : syn_pick(r, syn_need_w, SYN_NNEED));
    rf->a0 = (uint8_t)c->nass;
    rf->s0 = (uint8_t)c->ns47;
    rf->p0 = (uint8_t)c->ncinp;
    rf->c0 = (uint8_t)c->ncpp;
    /* Agency traces of the referral: a VPR behind a police referral, early help behind an
     * early help step-up. */
    if (rf->source == 17 && syn_chance(r, 0.8)) {
        static const uint16_t vw[] = {400, 50, 50, 100, 120, 120, 60, 100};
        int vpr = syn_pick(r, vw, 8); /* before the date: argument order is unspecified */
        add_event(x, c, EV_VPR, vpr, dmax(c->dob, R - syn_range(r, 0, 3)));
    }
    if (rf->source == 16 && syn_chance(r, 0.6) && c->neh < SYN_MAX_EH) {
        sg_date s0 = R - syn_range(r, 40, 200);
        if (s0 >= c->dob && in_window(x, s0)) {
            c->eh[c->neh++] =
                (syn_eh){.start = s0, .end = R, .org = (uint8_t)syn_range(r, 0, 5), .outcome = 2};
        }
    }

    sg_date close;
    int reason = RC7;
    if (!uasc && syn_chance(r, P_NFA)) {
        rf->nfa = 1;
        /* Decided and closed on the day, so a no-further-action referral is never carried
         * into the next year's census (rule 8569). The draw keeps later draws unchanged. */
        (void)syn_range(r, 0, 2);
        close = R;
        reason = RC8;
        goto done;
    }
    bool emerg = uasc || syn_chance(r, P_EMERG);
    sg_date astart = dmin(syn_wd_next(R + syn_range(r, 0, 2)), last);
    if (astart < R) astart = R;
    sg_date icpc = SG_DATE_NONE, s47start = SG_DATE_NONE;
    bool plan = false;
    /* A child who has had a plan before is more likely to be the subject of an enquiry and a
     * conference again: this is what makes ~23% of plans second or subsequent. */
    bool before = c->ncpp > 0;
    if (!uasc && (emerg || syn_chance(r, before ? P_S47_AGAIN : P_S47))) {
        s47start = syn_wd_next(R + syn_range(r, 0, 4));
        run_s47(x, c, r, s47start,
                emerg    ? 0.5
                : before ? P_ICPC_AGAIN
                         : P_ICPC,
                last, &icpc, &plan);
    } else if (!uasc && syn_chance(r, P_STRAT_ONLY)) {
        add_event(x, c, EV_STRATEGY, 0, syn_wd_next(R + syn_range(r, 0, 5)));
    }
    bool in_need = uasc || emerg || icpc != SG_DATE_NONE || !syn_chance(r, P_NIN);
    syn_assess *a = add_assess(c, r, astart, in_need, last);
    sg_date auth = a ? a->auth : astart;
    if (a && auth > last) a->auth = auth = last;

    sg_date t;
    int st, kind = CLA_USUAL;
    if (emerg) {
        st = ST_CLA;
        t = R;
        kind = uasc ? CLA_UASC : CLA_EMERG;
    } else if (plan) {
        st = ST_CP;
        t = icpc;
    } else if (in_need) {
        st = ST_CIN;
        t = icpc != SG_DATE_NONE ? dmax(auth, icpc) : auth;
    } else {
        close = auth;
        if (s47start != SG_DATE_NONE) close = dmax(close, s47start);
        close = dmin(close + syn_range(r, 0, 3), last);
        int step_down = syn_chance(r, P_RC9);
        /* RC8 and RC9 mean nothing happened after the assessment: not with an enquiry (rule
         * 2990), so a closure after a Section 47 is RC7 whether or not early help follows. */
        reason = s47start != SG_DATE_NONE ? RC7 : step_down ? RC9 : RC8;
        if (step_down) add_eh(x, c, r, close + syn_range(r, 1, 20), -1);
        goto done;
    }
    for (int step = 0; st != ST_CLOSE && step < 16; step++) {
        if (t >= last) {
            t = last;
            break;
        }
        switch (st) {
        case ST_CP: {
            sg_date end = t + cpp_days(r);
            if (end > last) end = last;
            if (c->ncpp < SYN_MAX_CPP) {
                syn_cpp *p = &c->cpp[c->ncpp++];
                p->start = t;
                p->end = end;
                p->icat = (uint8_t)syn_pick(r, syn_cat_w, SYN_NCAT);
                p->lcat = syn_chance(r, 0.9) ? p->icat : (uint8_t)syn_pick(r, syn_cat_w, SYN_NCAT);
                p->prev = (uint8_t)(c->ncpp - 1);
            }
            t = end;
            double u = syn_unif(r);
            st = u < P_CP_TO_CLA ? ST_CLA : u < P_CP_TO_CLA + P_CP_TO_CIN ? ST_CIN : ST_CLOSE;
            kind = CLA_FROM_CP;
            reason = RC7;
            break;
        }
        case ST_CIN: {
            sg_date end = t + 30 + (sg_date)syn_exp_days(r, 365.25 / 180.0);
            int next = ST_CLOSE;
            if (syn_chance(r, P_REASSESS) && end - t > 120)
                add_assess(c, r, syn_wd_next(t + syn_range(r, 30, (int)(end - t) - 80)), true,
                           last);
            if (syn_chance(r, P_CIN_ESC) && end - t > 40) {
                sg_date e = syn_wd_next(t + syn_range(r, 20, (int)(end - t) - 10));
                sg_date ic;
                bool pl;
                run_s47(x, c, r, e, 0.45, last, &ic, &pl);
                if (pl) {
                    end = ic;
                    next = ST_CP;
                } else {
                    if (ic != SG_DATE_NONE && ic >= end) end = ic + 1;
                    if (e >= end) end = e + 1;
                }
            } else if (syn_chance(r, P_CIN_CLA) && end - t > 30) {
                end = t + syn_range(r, 20, (int)(end - t) - 1);
                next = ST_CLA;
                kind = CLA_USUAL;
            }
            if (end > last) {
                end = last;
                next = ST_CLOSE;
            }
            add_cinplan(c, t, end);
            t = end;
            st = next;
            reason = RC7;
            break;
        }
        case ST_CLA: {
            int rec;
            t = cla_period(x, c, r, t, kind, rf->need, &rec);
            reason = closure_reason_for(rec);
            st = ST_CLOSE;
            if (t < last && (rec == REC_E4A || rec == REC_E4B) && syn_chance(r, 0.4)) {
                st = ST_CIN;
                reason = RC7;
            }
            break;
        }
        default:
            st = ST_CLOSE;
            break;
        }
    }
    close = t >= last ? last : dmin(t + syn_range(r, 0, 10), last);
    if (t >= last && reason == RC7 && syn_chance(r, 0.5)) reason = RC6;
done:
    /* An episode closes after its enquiries and conferences (CIN rule 8565), and a
     * reassessment is finished by the time it closes (8565, 8867). */
    for (int i = rf->s0; i < c->ns47; i++) {
        close = dmax(close, c->s47[i].start);
        if (c->s47[i].icpc != SG_DATE_NONE) close = dmax(close, c->s47[i].icpc);
    }
    for (int i = rf->a0; i < c->nass; i++)
        close = dmax(close, c->ass[i].start);
    for (int i = rf->a0; i < c->nass; i++)
        if (c->ass[i].auth > close) c->ass[i].auth = dmax(close, c->ass[i].start);
    rf->closure = close;
    rf->reason = (uint8_t)reason;
    rf->na = (uint8_t)(c->nass - rf->a0);
    rf->ns = (uint8_t)(c->ns47 - rf->s0);
    rf->np = (uint8_t)(c->ncinp - rf->p0);
    rf->nc = (uint8_t)(c->ncpp - rf->c0);
    return close;
}

static bool in_care(const syn_child *c, sg_date d)
{
    for (int i = 0; i < c->nep; i++)
        if (c->ep[i].start <= d && d <= c->ep[i].end) return true;
    return false;
}

/* A child is missing once at a time: of episodes of the same kind (from care, from home) that
 * overlap, the earlier is kept (903 rules 574, SG-DUP-WITHIN). c->miss is sorted by start. */
static void drop_overlapping_missing(syn_child *c)
{
    int n = 0;
    sg_date end[2] = {SG_DATE_NONE, SG_DATE_NONE};
    for (int i = 0; i < c->nmiss; i++) {
        int k = c->miss[i].care ? 1 : 0;
        if (end[k] != SG_DATE_NONE && c->miss[i].start <= end[k]) continue;
        end[k] = c->miss[i].end;
        c->miss[n++] = c->miss[i];
    }
    c->nmiss = n;
}

/* Missing from care during the looked-after days in the window. */
static void care_missing(const syn_ctx *x, syn_child *c, syn_rng *r)
{
    bool misser = syn_chance(r, 0.16);
    for (int i = 0; i < c->nep; i++) {
        const syn_ep *e = &c->ep[i];
        sg_date a = dmax(e->start, x->w0), b = dmin(dmin(e->end, x->p1), c->d18 - 1);
        if (b < a) continue;
        int age = syn_age(c, a);
        double rate = age >= 11 ? (misser ? 7.0 : 0.1) : 0.02;
        int n = syn_poisson(r, rate * (double)(b - a + 1) / 365.25);
        for (int k = 0; k < n && c->nmiss < SYN_MAX_MISS; k++) {
            syn_miss *m = &c->miss[c->nmiss++];
            m->care = 1;
            m->start = a + syn_range(r, 0, (int)(b - a));
            m->end = dmin(m->start + syn_range(r, 0, 3), c->d18 - 1);
            /* Ends by 31 March: an episode still open at the year end would have to be
             * carried into next year's return (903 rule 576), which the writer does not do. */
            int yy, mm, dd;
            sg_date_to_ymd(m->start, &yy, &mm, &dd);
            m->end = dmin(m->end, sg_date_from_ymd(mm >= 4 ? yy + 1 : yy, 3, 31));
            /* back by the time the episode ends: a child missing when care ends must leave
             * care under E8 (903 rule 580) */
            m->end = dmin(m->end, dmax(m->start, e->end));
            m->kind = syn_chance(r, 0.75) ? 'M' : 'A';
            m->police = (uint8_t)syn_chance(r, m->kind == 'M' ? 0.95 : 0.25);
            m->ri_off = (uint8_t)syn_chance(r, 0.85);
            m->ri_acc = (uint8_t)(m->ri_off && syn_chance(r, 0.55));
        }
    }
}

/* Agency events of the window, up to `until` (the adoption order of a child adopted: the child
 * then has a new identity, so nothing more is recorded under this one). */
static void window_extras(const syn_ctx *x, syn_child *c, syn_rng *r, sg_date until)
{
    sg_date last = dmin(c->d18 - 1, until);
    sg_date a = dmax(c->dob, x->w0), b = dmin(last, x->p1);
    if (b < a) return;
    double yrs = (double)(b - a + 1) / 365.25;
    bool known = c->nref > 0;
    /* contacts that do not become referrals */
    int n = syn_poisson(r, C_RATE * c->risk * yrs);
    for (int i = 0; i < n && c->ncon < SYN_MAX_CONTACT; i++) {
        syn_contact *k = &c->con[c->ncon++];
        k->date = a + syn_range(r, 0, (int)(b - a));
        k->source = (uint8_t)syn_pick(r, syn_ref_source_w, SYN_NSOURCE);
        k->outcome = (uint8_t)(syn_chance(r, 0.25) ? 2 : syn_chance(r, 0.5) ? 1 : 3);
        if (k->outcome == 2 && syn_chance(r, 0.5))
            add_eh(x, c, r, k->date + syn_range(r, 1, 20), -1);
    }
    n = syn_poisson(r, EH_RATE * c->risk * yrs);
    for (int i = 0; i < n; i++)
        add_eh(x, c, r, a + syn_range(r, 0, (int)(b - a)), -1);
    /* missing from home: teenagers, far more often when known to children's social care */
    sg_date t10 = syn_add_years(c->dob, 10);
    sg_date ha = dmax(a, t10);
    if (ha <= b) {
        double rate = (known ? 0.12 : 0.003) * (c->risk > 1 ? 2.0 : 0.5);
        int m = syn_poisson(r, rate * (double)(b - ha + 1) / 365.25);
        for (int i = 0; i < m && c->nmiss < SYN_MAX_MISS; i++) {
            sg_date s = ha + syn_range(r, 0, (int)(b - ha));
            if (in_care(c, s)) continue;
            syn_miss *ms = &c->miss[c->nmiss++];
            ms->care = 0;
            ms->start = s;
            ms->end = dmin(s + syn_range(r, 0, 2), last);
            ms->kind = syn_chance(r, 0.9) ? 'M' : 'A';
            ms->police = 1;
            ms->ri_off = (uint8_t)syn_chance(r, 0.75);
            ms->ri_acc = (uint8_t)(ms->ri_off && syn_chance(r, 0.5));
        }
    }
    care_missing(x, c, r);
    /* overnight detention of teenagers, background vulnerable person reports */
    sg_date t14 = syn_add_years(c->dob, 14);
    if (c->risk > 1 && dmax(a, t14) <= b) {
        sg_date da = dmax(a, t14);
        int m = syn_poisson(r, 0.12 * (double)(b - da + 1) / 365.25);
        for (int i = 0; i < m; i++)
            add_event(x, c, EV_DETENTION, 0, da + syn_range(r, 0, (int)(b - da)));
    }
    int v = syn_poisson(r, 0.008 * c->risk * yrs);
    static const uint16_t vw[] = {300, 50, 60, 150, 120, 150, 70, 100};
    for (int i = 0; i < v; i++) {
        int vpr = syn_pick(r, vw, 8); /* before the date: argument order is unspecified */
        add_event(x, c, EV_VPR, vpr, a + syn_range(r, 0, (int)(b - a)));
    }
    /* police protection when a period of care starts under police powers */
    for (int i = 0; i < c->nep; i++)
        if (c->ep[i].rne == 'S' && c->ep[i].ls == LS_L1)
            add_event(x, c, EV_PROTECTION, 0, c->ep[i].start);
}

/* One contact a day: a contact on the day of another (or of the contact behind a referral)
 * would be the same Annex A row twice (SG-DUP-WITHIN). c->con is sorted by date. */
static void drop_same_day_contacts(syn_child *c)
{
    int n = 0;
    for (int i = 0; i < c->ncon; i++) {
        sg_date d = c->con[i].date;
        bool taken = n > 0 && c->con[n - 1].date == d;
        for (int k = 0; k < c->nref && !taken; k++)
            taken = c->ref[k].contact == d;
        if (!taken) c->con[n++] = c->con[i];
    }
    c->ncon = n;
}

#define SORT_BY(arr, n, field, T)                                                                  \
    for (int i_ = 1; i_ < (n); i_++)                                                               \
        for (int j_ = i_; j_ > 0 && (arr)[j_].field < (arr)[j_ - 1].field; j_--) {                 \
            T t_ = (arr)[j_];                                                                      \
            (arr)[j_] = (arr)[j_ - 1];                                                             \
            (arr)[j_ - 1] = t_;                                                                    \
        }

static void put_digits(char *p, unsigned long v, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        p[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

/* Identifiers, made up: LA child ID from the LA code and index; a UPN with a correct check
 * letter; an NHS number in the 9xx range with a valid modulus-11 check digit. */
static void make_ids(const syn_ctx *x, syn_child *c)
{
    size_t ll = strlen(x->la);
    memcpy(c->la_id, x->la, ll);
    c->la_id[ll] = 'C';
    put_digits(c->la_id + ll + 1, (unsigned long)c->index, 8);
    c->la_id[ll + 9] = '\0';

    char u[14];
    memcpy(u + 1, x->la, 3);
    int y, m, d;
    sg_date_to_ymd(c->dob, &y, &m, &d);
    put_digits(u + 4, (unsigned long)(c->index / 1000) % 10000, 4);
    put_digits(u + 8, (unsigned long)(y + 5) % 100, 2);
    put_digits(u + 10, (unsigned long)c->index % 1000, 3);
    unsigned sum = 0;
    for (int i = 1; i < 13; i++)
        sum += (unsigned)(u[i] - '0') * (unsigned)(i + 1);
    static const char letters[] = "ABCDEFGHJKLMNPQRTUVWXYZ";
    u[0] = letters[sum % 23];
    u[13] = '\0';
    memcpy(c->upn, u, 14);

    unsigned long base = 900000000ul + (unsigned long)c->index * 5ul;
    for (int k = 0; k < 5; k++) {
        char n[11];
        put_digits(n, base + (unsigned long)k, 9);
        unsigned s = 0;
        for (int i = 0; i < 9; i++)
            s += (unsigned)(n[i] - '0') * (unsigned)(10 - i);
        unsigned chk = 11 - s % 11;
        if (chk == 11) chk = 0;
        if (chk == 10) continue;
        n[9] = (char)('0' + chk);
        n[10] = '\0';
        memcpy(c->nhs, n, 11);
        break;
    }
}

void syn_child_make(const syn_ctx *x, long index, syn_child *c)
{
    syn_rng r;
    syn_rng_seed(&r, x->o->seed, SYN_STREAM_LIFE, (uint64_t)index, 0);
    c->index = index;
    c->nref = c->nass = c->ns47 = c->ncinp = c->ncpp = c->nep = 0;
    c->nmiss = c->nev = c->neh = c->ncon = 0;
    c->la_id[0] = c->upn[0] = c->nhs[0] = '\0';
    c->dob = x->birth0 + (sg_date)(syn_unif(&r) * (double)x->span);
    c->d18 = syn_add_years(c->dob, 18);
    c->risk = syn_chance(&r, RISK_HIGH_P) ? RISK_HIGH : RISK_LOW;
    c->uasc = (uint8_t)syn_chance(&r, P_UASC);
    sg_date last = c->d18 - 1, stop = dmin(last, x->p1);
    if (c->uasc) {
        c->uasc_arrival = syn_add_years(c->dob, 14) + syn_range(&r, 0, 3 * 365);
        if (c->uasc_arrival > last) c->uasc_arrival = last;
    }
    /* Most children are never referred: decide that with one draw before anything else. */
    double rate = B_REF * c->risk;
    sg_date next = c->uasc ? c->uasc_arrival : c->dob + (sg_date)syn_exp_days(&r, rate);
    bool first = true;
    sg_date adopted = stop;
    while (next <= stop && c->nref < SYN_MAX_REF) {
        sg_date close = episode(x, c, &r, next, c->uasc && first);
        first = false;
        sg_date ref = c->ref[c->nref - 1].date;
        /* An adopted child takes a new identity: no later referral or period of care under
         * this one (903 rule 199). */
        if (c->ref[c->nref - 1].reason == RC1) {
            adopted = dmin(close, stop);
            break;
        }
        if (close >= stop) break;
        sg_date within = syn_add_years(ref, 1) - 1;
        if (close - ref < 300 && syn_chance(&r, P_FOLLOW))
            next = close + 1 + syn_range(&r, 0, (int)(within - close - 1));
        else
            next = close + 1 + (sg_date)syn_exp_days(&r, rate * ELEVATE);
    }
    window_extras(x, c, &r, adopted);
    SORT_BY(c->ev, c->nev, date, syn_ev)
    SORT_BY(c->miss, c->nmiss, start, syn_miss)
    drop_overlapping_missing(c);
    SORT_BY(c->eh, c->neh, start, syn_eh)
    SORT_BY(c->con, c->ncon, date, syn_contact)
    drop_same_day_contacts(c);
    /* Characteristics last, so adding a field never changes anyone's journey. */
    c->sex = syn_chance(&r, 0.512) ? 'M' : 'F';
    c->eth = (uint8_t)syn_pick(&r, syn_eth_w, SYN_NETH);
    c->ndis = 0;
    if (syn_chance(&r, 0.08)) {
        c->ndis = (uint8_t)syn_range(&r, 1, 2);
        c->dis[0] = (uint8_t)syn_range(&r, 0, SYN_NDIS - 1);
        c->dis[1] = (uint8_t)((c->dis[0] + syn_range(&r, 1, SYN_NDIS - 1)) % SYN_NDIS);
    }
    c->surname = (uint8_t)syn_range(&r, 0, SYN_NSURNAME - 1);
    c->forename = (uint8_t)syn_range(&r, 0, SYN_NFORENAME - 1);
    c->upn_known = (uint8_t)syn_chance(&r, 0.9);
    if (c->nref || c->nmiss || c->nev || c->neh || c->ncon) make_ids(x, c);
}

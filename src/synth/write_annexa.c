/* write_annexa.c - Ofsted Annex A lists 1-8 for the last year, one CSV per list, with the
 * headings of shared/formats.md (the "*" marks columns that cannot be blank), dates dd/mm/YYYY
 * and plain codes (no "a) text" decoration). The lists cover the twelve months to 31 March. */
#include "synth/synth_int.h"

#include <string.h>

#define COMMON "Child Unique ID*", "Gender*", "Ethnicity*", "Date of Birth", "Age of Child (Years)"
#define DISAB "Does the Child have a Disability*"

static const char *const l1[] = {COMMON, "Date of Contact*", "Contact Source*"};
static const char *const l2[] = {COMMON, "Assessment start date*", "Assessment completion date",
                                 "Organisation completing assessment*"};
static const char *const l3[] = {COMMON,
                                 "Date of referral*",
                                 "Referral Source*",
                                 "Referral NFA?*",
                                 "Number of Referrals in Last 12 Months*",
                                 "Allocated Team*",
                                 "Allocated Worker*"};
static const char *const l4[] = {
    COMMON,
    DISAB,
    "Continuous Assessment Start Date*",
    "Child Seen During Continuous Assessment*",
    "Continuous Assessment Date of Authorisation",
    "Was the child assessed as requiring LA children's social care support?",
    "Allocated Team*",
    "Allocated Worker*"};
static const char *const l5[] = {
    COMMON,
    DISAB,
    "Strategy discussion initiating Section 47 Enquiry Start Date*",
    "Was an Initial Child Protection Conference deemed unnecessary?",
    "Date of Initial Child Protection Conference",
    "Did the Initial Child Protection Conference Result in a Child Protection Plan",
    "Number of Section 47 Enquiries in the last 12 months*",
    "Number of ICPCs in the last 12 months*",
    "Allocated Team*",
    "Allocated Worker*"};
static const char *const l6[] = {COMMON,
                                 DISAB,
                                 "CIN Start Date",
                                 "Primary Need Code*",
                                 "Date Child Was Last Seen",
                                 "CIN Closure Date",
                                 "Reason for Closure",
                                 "Case Status*",
                                 "Allocated Team*",
                                 "Allocated Worker*"};
static const char *const l7[] = {
    COMMON,
    DISAB,
    "Child Protection Plan Start Date*",
    "Initial Category of Abuse*",
    "Latest Category of Abuse*",
    "Date of the Last Statutory Visit",
    "Was the Child Seen Alone?",
    "Date of latest review conference",
    "Child Protection Plan End Date",
    ("Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months "
     "(Y/N)*"),
    "Number of Previous Child Protection Plans*",
    "Allocated Team*",
    "Allocated Worker*"};
static const char *const l8[] = {COMMON,
                                 DISAB,
                                 "UASC within the Last 12 Months (Y/N)*",
                                 "Date Started to be Looked After*",
                                 "Child's Category of Need*",
                                 "Second or Subsequent Period within 12 Months (Y/N)*",
                                 "Start Date of Current Legal Status*",
                                 "Child's Legal Status*",
                                 "Date of Latest Statutory Review",
                                 "Date of Last Social Work Visit",
                                 "Permanence Plan",
                                 "Date of Last IRO Visit",
                                 "Date of Last Health Assessment",
                                 "Date of Last Dental Check",
                                 "Number of Placements in the Last 12 Months*",
                                 "Date Ceased to be Looked After",
                                 "Reason Ceased",
                                 "Start Date of Most Recent Placement*",
                                 "Placement Type*",
                                 "Placement Provider*",
                                 "Placement Postcode*",
                                 "URN of Placement",
                                 "Placement Location*",
                                 "LA of Placement*",
                                 "Number of Missing Episodes in the Last 12 Months*",
                                 "Number of Absent Episodes in the Last 12 Months*",
                                 "Return Interview Offered (Y/N)",
                                 "Return Interview Accepted (Y/N)",
                                 "Allocated Team*",
                                 "Allocated Worker*"};

#define N(a) ((int)(sizeof a / sizeof a[0]))
static const char *const *const list_cols[9] = {NULL, l1, l2, l3, l4, l5, l6, l7, l8};
static const int list_n[9] = {0, N(l1), N(l2), N(l3), N(l4), N(l5), N(l6), N(l7), N(l8)};

static const syn_rowspec spec[9] = {
    {0},
    {.rec = SG_REC_CONTACT,
     .emits_child = 1,
     .uk = true,
     .id_cols = {0, -1},
     .start_col = -1,
     .end_col = -1,
     .future_col = 5,
     .imp_cols = {3, 5, -1},
     .code_col = 6,
     .bad_code = "99",
     .req_col = 6,
     .no = FM(F_DISAGREE),
     .names = l1},
    {.rec = SG_REC_EARLY_HELP,
     .emits_child = 1,
     .uk = true,
     .id_cols = {0, -1},
     .start_col = 5,
     .end_col = 6,
     .future_col = 6,
     .imp_cols = {3, 5, 6, -1},
     .code_col = -1,
     .req_col = 7,
     .no = FM(F_DISAGREE),
     .names = l2},
    {.rec = SG_REC_REFERRAL,
     .emits_child = 1,
     .uk = true,
     .id_cols = {0, -1},
     .start_col = -1,
     .end_col = -1,
     .future_col = 5,
     .imp_cols = {3, 5, -1},
     .code_col = 6,
     .bad_code = "99",
     .req_col = 6,
     .no = FM(F_DISAGREE),
     .names = l3},
    {.rec = SG_REC_ASSESSMENT,
     .emits_child = 1,
     .uk = true,
     .id_cols = {0, -1},
     .start_col = 6,
     .end_col = 8,
     .future_col = 8,
     .imp_cols = {3, 6, 8, -1},
     .code_col = -1,
     .req_col = 7,
     .no = FM(F_DISAGREE),
     .names = l4},
    {.rec = SG_REC_S47,
     .also_strategy = 1,
     .emits_child = 1,
     .uk = true,
     .id_cols = {0, -1},
     .start_col = 6,
     .end_col = 8,
     .future_col = 8,
     .imp_cols = {3, 6, 8, -1},
     .code_col = -1,
     .req_col = 6, /* the start date: the starred columns after it are not stored */
     .no = FM(F_DISAGREE),
     .names = l5},
    {.rec = SG_REC_EXTRA,
     .emits_child = 1,
     .uk = true,
     .id_cols = {0, -1},
     .start_col = 6,
     .end_col = 9,
     .future_col = 9,
     .imp_cols = {3, 6, 9, -1},
     .code_col = 7,
     .bad_code = "N10",
     .req_col = 7,
     .no = FM(F_DISAGREE),
     .names = l6},
    {.rec = SG_REC_CP_PLAN,
     .emits_child = 1,
     .uk = true,
     .id_cols = {0, -1},
     .start_col = 6,
     .end_col = 12,
     .future_col = 12,
     .imp_cols = {3, 6, 12, -1},
     .code_col = 7,
     .bad_code = "NGL",
     .req_col = 8,
     .no = FM(F_DISAGREE),
     .names = l7},
    {.rec = SG_REC_CLA_EPISODE,
     .emits_child = 1,
     .uk = true,
     .id_cols = {0, -1},
     .start_col = 7,
     .end_col = 19,
     .future_col = 19,
     .imp_cols = {3, 7, 19, -1},
     .code_col = 22,
     .bad_code = "Q9",
     .req_col = 11,
     .no = FM(F_DISAGREE),
     .names = l8},
};

void syn_annexa_headers(syn_ctx *x)
{
    for (int i = 1; i <= 8; i++)
        syn_header(x->annexa[i], list_cols[i], list_n[i]);
}

static void common(syn_row *r, const syn_child *c, const syn_year *y, int n, bool disab)
{
    syn_row_init(r, n);
    syn_row_set(r, 0, c->la_id);
    syn_row_set(r, 1, c->sex == 'M' ? "M" : "F");
    syn_row_set(r, 2, syn_eth[c->eth]);
    syn_row_date(r, 3, c->dob, true);
    syn_row_long(r, 4, syn_age(c, y->ye));
    if (disab) syn_row_set(r, 5, c->ndis ? "Y" : "N");
}

static void team(syn_row *r, int col, const syn_child *c)
{
    uint32_t h = (uint32_t)((uint64_t)c->index * 2654435761u >> 7);
    char t[16];
    snprintf(t, sizeof t, "Team %c", 'A' + (int)(h % 6));
    syn_row_set(r, col, t);
    snprintf(t, sizeof t, "Worker %u", (unsigned)(h / 6 % 60 + 1));
    syn_row_set(r, col + 1, t);
}

static sg_date dmin(sg_date a, sg_date b)
{
    return a < b ? a : b;
}

/* A date `back` days before `to`, but not before `from`. */
static sg_date before(sg_date to, int back, sg_date from)
{
    return to - back < from ? from : to - back;
}

void syn_write_annexa(syn_ctx *x, const syn_child *c, syn_year *y)
{
    sg_date ys = y->ys, ye = y->ye, yago = syn_add_years(ye, -1);
    syn_row r;
    uint32_t h = (uint32_t)((uint64_t)c->index * 2246822519u >> 5);

    /* 1: contacts (those that became referrals, then the others) */
    for (int i = 0; i < c->nref; i++) {
        const syn_ref *f = &c->ref[i];
        if (f->contact < ys || f->contact > ye) continue;
        common(&r, c, y, list_n[1], false);
        syn_row_date(&r, 5, f->contact, true);
        syn_row_set(&r, 6, syn_ref_source[f->source]);
        syn_row_emit(x, x->annexa[1], &spec[1], &r, ye);
    }
    for (int i = 0; i < c->ncon; i++) {
        if (c->con[i].date < ys || c->con[i].date > ye) continue;
        common(&r, c, y, list_n[1], false);
        syn_row_date(&r, 5, c->con[i].date, true);
        syn_row_set(&r, 6, syn_ref_source[c->con[i].source]);
        syn_row_emit(x, x->annexa[1], &spec[1], &r, ye);
    }
    /* 2: early help assessments started in the year */
    static const char *const org[] = {"Family hub",       "School",          "Health visiting",
                                      "Voluntary sector", "Early help team", "Youth service"};
    for (int i = 0; i < c->neh; i++) {
        const syn_eh *e = &c->eh[i];
        if (e->start < ys || e->start > ye) continue;
        common(&r, c, y, list_n[2], false);
        syn_row_date(&r, 5, e->start, true);
        if (e->end <= ye) syn_row_date(&r, 6, e->end, true);
        syn_row_set(&r, 7, org[e->org]);
        syn_row_emit(x, x->annexa[2], &spec[2], &r, ye);
    }
    /* 3: referrals in the year */
    for (int i = 0; i < c->nref; i++) {
        const syn_ref *f = &c->ref[i];
        if (f->date < ys || f->date > ye) continue;
        int n12 = 0;
        sg_date from = syn_add_years(f->date, -1);
        for (int j = 0; j <= i; j++)
            n12 += c->ref[j].date > from;
        common(&r, c, y, list_n[3], false);
        syn_row_date(&r, 5, f->date, true);
        syn_row_set(&r, 6, syn_ref_source[f->source]);
        syn_row_set(&r, 7, f->nfa ? "Y" : "N");
        syn_row_long(&r, 8, n12);
        team(&r, 9, c);
        syn_row_emit(x, x->annexa[3], &spec[3], &r, ye);
    }
    /* 4: assessments open in the year */
    for (int i = 0; i < c->nass; i++) {
        const syn_assess *a = &c->ass[i];
        if (a->start > ye || a->auth < ys) continue;
        common(&r, c, y, list_n[4], true);
        syn_row_date(&r, 6, a->start, true);
        syn_row_set(&r, 7, "Y");
        if (a->auth <= ye) {
            syn_row_date(&r, 8, a->auth, true);
            syn_row_set(&r, 9, a->in_need ? "Y" : "N");
        }
        team(&r, 10, c);
        syn_row_emit(x, x->annexa[4], &spec[4], &r, ye);
    }
    /* 5: section 47 enquiries started in the year */
    int s47_12 = 0, icpc_12 = 0;
    for (int i = 0; i < c->ns47; i++) {
        s47_12 += c->s47[i].start > yago && c->s47[i].start <= ye;
        icpc_12 += c->s47[i].icpc != SG_DATE_NONE && c->s47[i].icpc > yago && c->s47[i].icpc <= ye;
    }
    for (int i = 0; i < c->ns47; i++) {
        const syn_s47 *s = &c->s47[i];
        if (s->start < ys || s->start > ye) continue;
        bool held = s->icpc != SG_DATE_NONE && s->icpc <= ye;
        common(&r, c, y, list_n[5], true);
        syn_row_date(&r, 6, s->start, true);
        syn_row_set(&r, 7, s->not_required && s->icpc == SG_DATE_NONE ? "Y" : "N");
        if (held) {
            syn_row_date(&r, 8, s->icpc, true);
            syn_row_set(&r, 9, s->plan ? "Y" : "N");
        }
        syn_row_long(&r, 10, s47_12);
        syn_row_long(&r, 11, icpc_12);
        team(&r, 12, c);
        syn_row_emit(x, x->annexa[5], &spec[5], &r, ye);
    }
    /* 6: children in need (CIN episodes open in the year) */
    for (int i = 0; i < c->nref; i++) {
        const syn_ref *f = &c->ref[i];
        if (f->date > ye || f->closure < ys) continue;
        bool closed = f->closure <= ye;
        common(&r, c, y, list_n[6], true);
        syn_row_date(&r, 6, f->date, true);
        syn_row_set(&r, 7, syn_need[f->need]);
        syn_row_date(&r, 8, before(dmin(ye, f->closure), (int)(h % 20), f->date), true);
        if (closed) {
            syn_row_date(&r, 9, f->closure, true);
            char rc[4] = {'R', 'C', (char)('0' + f->reason), '\0'};
            syn_row_set(&r, 10, rc);
        }
        syn_row_set(&r, 11, closed ? "Closed" : "Open");
        team(&r, 12, c);
        syn_row_emit(x, x->annexa[6], &spec[6], &r, ye);
    }
    /* 7: child protection plans open in the year */
    bool powers = false;
    for (int i = 0; i < c->nep; i++)
        powers |= c->ep[i].rne == 'S' && (c->ep[i].ls == LS_L1 || c->ep[i].ls == LS_L2) &&
                  c->ep[i].start > sg_date_add_months(ye, -6) && c->ep[i].start <= ye;
    for (int i = 0; i < c->ncpp; i++) {
        const syn_cpp *p = &c->cpp[i];
        if (p->start > ye || p->end < ys) continue;
        sg_date upto = dmin(ye, p->end);
        common(&r, c, y, list_n[7], true);
        syn_row_date(&r, 6, p->start, true);
        syn_row_set(&r, 7, syn_cat[p->icat]);
        syn_row_set(&r, 8, syn_cat[p->lcat]);
        syn_row_date(&r, 9, before(upto, (int)(h % 10), p->start), true);
        syn_row_set(&r, 10, h % 4 ? "Y" : "N");
        sg_date rv[64];
        int nrv = syn_cpp_reviews(p, rv, 64);
        sg_date latest = SG_DATE_NONE;
        for (int k = 0; k < nrv; k++)
            if (rv[k] <= upto) latest = rv[k];
        syn_row_date(&r, 11, latest, true);
        if (p->end <= ye) syn_row_date(&r, 12, p->end, true);
        syn_row_set(&r, 13, powers ? "Y" : "N");
        syn_row_long(&r, 14, p->prev);
        team(&r, 15, c);
        syn_row_emit(x, x->annexa[7], &spec[7], &r, ye);
    }
    /* 8: children looked after in the year: one row for the latest period of care */
    int last = -1;
    for (int i = 0; i < c->nep; i++)
        if (c->ep[i].start <= ye && c->ep[i].end >= ys) last = i;
    if (last >= 0) {
        int s = last;
        while (s > 0 && c->ep[s].rne != 'S')
            s--;
        int e = last; /* latest episode by 31 March */
        const syn_ep *ep = &c->ep[e];
        sg_date pstart = c->ep[s].start, pend = ep->end;
        int pe = e;
        while (pe + 1 < c->nep && c->ep[pe + 1].rne != 'S')
            pe++;
        pend = c->ep[pe].end;
        sg_date upto = dmin(ye, pend);
        bool second = false;
        if (s > 0) second = c->ep[s - 1].end > syn_add_years(pstart, -1);
        int lss = e;
        while (lss > s && c->ep[lss - 1].ls == ep->ls)
            lss--;
        int recent = e;
        while (recent > s && c->ep[recent].rne == 'L')
            recent--;
        int placements = 0;
        for (int i = 0; i < c->nep; i++) {
            const syn_ep *q = &c->ep[i];
            if (q->start > ye || q->end <= yago) continue;
            if (placements == 0 || q->rne != 'L') placements++;
        }
        int nm = 0, na = 0, off = 0, acc = 0;
        for (int i = 0; i < c->nmiss; i++) {
            const syn_miss *m = &c->miss[i];
            if (!m->care || m->start <= yago || m->start > ye) continue;
            if (m->kind == 'M')
                nm++;
            else
                na++;
            off |= m->ri_off;
            acc |= m->ri_acc;
        }
        sg_date rv[128];
        int nrv = syn_cla_reviews(pstart, pend, rv, 128);
        sg_date latest = SG_DATE_NONE;
        for (int k = 0; k < nrv; k++)
            if (rv[k] <= upto) latest = rv[k];
        common(&r, c, y, list_n[8], true);
        syn_row_set(&r, 6, c->uasc ? "Y" : "N");
        syn_row_date(&r, 7, pstart, true);
        char cin[3] = {'N', (char)('0' + ep->cin), '\0'};
        syn_row_set(&r, 8, cin);
        syn_row_set(&r, 9, second ? "Y" : "N");
        syn_row_date(&r, 10, c->ep[lss].start, true);
        syn_row_set(&r, 11, syn_ls[ep->ls]);
        syn_row_date(&r, 12, latest, true);
        syn_row_date(&r, 13, before(upto, (int)(h % 30), pstart), true);
        syn_row_date(&r, 15, latest, true);
        syn_row_date(&r, 16, before(upto, (int)(h % 200), pstart), true);
        syn_row_date(&r, 17, before(upto, (int)(h % 300), pstart), true);
        syn_row_long(&r, 18, placements);
        if (pend <= ye) {
            syn_row_date(&r, 19, pend, true);
            syn_row_set(&r, 20, syn_rec[c->ep[pe].rec]);
        }
        syn_row_date(&r, 21, c->ep[recent].start, true);
        syn_row_set(&r, 22, syn_place[ep->place]);
        if (ep->prov != SYN_PROV_NONE) syn_row_set(&r, 23, syn_provider[ep->prov]);
        snprintf(r.cell[24], sizeof r.cell[24], "ZZ%d %dAA", ep->pl_post / 10 + 1,
                 ep->pl_post % 10);
        if (ep->urn) snprintf(r.cell[25], sizeof r.cell[25], "SC%06u", (unsigned)ep->urn);
        syn_row_set(&r, 26, ep->prov == 2 ? "Out of LA" : "In LA");
        syn_row_set(&r, 27, x->la);
        syn_row_long(&r, 28, nm);
        syn_row_long(&r, 29, na);
        if (nm + na) {
            syn_row_set(&r, 30, off ? "Y" : "N");
            syn_row_set(&r, 31, acc ? "Y" : "N");
        }
        team(&r, 32, c);
        syn_row_emit(x, x->annexa[8], &spec[8], &r, ye);
    }
}

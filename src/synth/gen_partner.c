/* gen_partner.c - the generated partnership's partner measures and returns
 * (synth/gen_partner.h): a fixed catalogue of 31 submitted measures and one derived, owned by
 * the generated organisations; per organisation and period a return whose arrival is drawn
 * (about 82% on time, 14% late, 4% never; 12% resubmitted; with --faults, 6% first refused for
 * a value that is not a plain decimal and sent again corrected), with one or two cases of each
 * planted in the last year so that every partnership shows them; values drawn per measure and
 * period, scaled by the number of children; commentary on the last year's quarters.
 *
 * Everything is drawn from streams of (seed, measure or organisation, period) only, so the
 * plan is built again, identically, for the manifest. */
#include "synth/gen_partner.h"

#include "core/mem.h"
#include "core/period.h"
#include "store/export.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { PS_STREAM = 0x5052, PS_RETURN = 1, PS_VALUE, PS_COMMENT };

typedef struct pm {
    const char *id, *title, *group, *owner, *freq, *unit, *polarity, *num, *den, *breakdowns;
    const char *min, *max, *change, *definition, *source;
    double base;     /* COUNT: per 100,000 children a quarter; PCT: the usual %; DAYS: days */
    double den_base; /* PCT with numerator and denominator: the denominator per 100,000 */
    double split;    /* two breakdown categories: the first one's share */
} pm;

static const pm measures[] = {
    /* health */
    {"iha_20_days_pct", "Initial health assessments within 20 working days of entering care (%)",
     "Health", "ICB", "QUARTERLY", "PCT", "HIGHER", "assessments within 20 working days",
     "children entering care", NULL, "0", "100", NULL,
     "Children entering care in the quarter whose initial health assessment was within 20 working "
     "days",
     "designated nurse for looked-after children", 62, 30, 0},
    {"cla_health_review_pct", "Looked-after children with an up-to-date health review (%)",
     "Health", "ICB", "QUARTERLY", "PCT", "HIGHER", "children with an up-to-date review",
     "children looked after at the quarter end", NULL, "0", "100", NULL,
     "Children looked after at the quarter end whose health review is up to date",
     "designated nurse for looked-after children", 88, 70, 0},
    {"camhs_wait_days", "Median wait from referral to treatment in CAMHS (days)", "Health",
     "MH_TRUST", "QUARTERLY", "DAYS", "LOWER", NULL, NULL, NULL, "0", NULL, NULL,
     "Median days from referral to a second contact for children who started treatment in the "
     "quarter",
     "mental health trust performance report", 84, 0, 0},
    {"camhs_referrals", "Referrals to children's mental health services", "Health", "MH_TRUST",
     "QUARTERLY", "COUNT", "DATA", NULL, NULL, NULL, "0", NULL, NULL,
     "Referrals of children aged 0-17 received in the quarter",
     "mental health trust performance report", 420, 0, 0},
    {"new_birth_visit_pct", "New birth visits within 14 days (%)", "Health", "COMMUNITY_TRUST",
     "QUARTERLY", "PCT", "HIGHER", "visits within 14 days", "births notified", NULL, "0", "100",
     NULL, "Health visitor new birth visits completed within 14 days of birth",
     "community trust health visiting service", 91, 260, 0},
    {"school_nurse_safeguarding", "Safeguarding contacts by school nurses", "Health",
     "COMMUNITY_TRUST", "QUARTERLY", "COUNT", "DATA", NULL, NULL, NULL, "0", NULL, NULL,
     "Contacts with children recorded as a safeguarding concern by the school nursing service",
     "community trust school nursing service", 150, 0, 0},
    {"ed_self_harm", "Emergency department attendances for self-harm (under 18)", "Health",
     "ACUTE_TRUST", "QUARTERLY", "COUNT", "LOWER", NULL, NULL, NULL, "0", NULL, NULL,
     "Attendances of children aged 0-17 with a self-harm presentation",
     "acute trust emergency department", 45, 0, 0},
    {"ed_referrals_csc", "Emergency department referrals to children's social care", "Health",
     "ACUTE_TRUST", "QUARTERLY", "COUNT", "DATA", NULL, NULL, NULL, "0", NULL, NULL,
     "Referrals made by the emergency department and paediatric wards",
     "acute trust safeguarding team", 70, 0, 0},
    {"health_level3_trained_pct", "Acute trust staff trained to safeguarding children level 3 (%)",
     "Health", "ACUTE_TRUST", "QUARTERLY", "PCT", "HIGHER", "staff trained to level 3",
     "staff who need level 3", NULL, "0", "100", NULL,
     "Staff in roles that need level 3 training whose training is current",
     "acute trust learning records", 84, 900, 0},
    /* police */
    {"da_referrals_children", "Domestic abuse incidents where children are present", "Police",
     "POLICE", "QUARTERLY", "COUNT", "DATA", NULL, NULL, "HIGH;MEDIUM_LOW", "0", NULL, "25",
     "Domestic abuse incidents referred to children's social care where a child is present in the "
     "household",
     "police domestic abuse unit", 310, 0, 0.22},
    {"police_protection", "Children taken into police protection", "Police", "POLICE", "QUARTERLY",
     "COUNT", "DATA", NULL, NULL, NULL, "0", NULL, NULL,
     "Children removed to suitable accommodation under section 46 of the Children Act 1989",
     "police custody and protection records", 9, 0, 0},
    {"missing_from_home", "Children reported missing from home (incl. repeats)", "Police", "POLICE",
     "QUARTERLY", "COUNT", "LOWER", NULL, NULL, "FIRST;REPEAT", "0", NULL, NULL,
     "Missing person reports of children aged 0-17 who live at home", "police missing persons unit",
     160, 0, 0.45},
    {"custody_overnight", "Children detained overnight in police custody", "Police", "POLICE",
     "QUARTERLY", "COUNT", "LOWER", NULL, NULL, NULL, "0", NULL, NULL,
     "Children charged and held overnight rather than transferred to local authority accommodation",
     "police custody records", 6, 0, 0},
    {"mace_discussed", "Children discussed at the exploitation panel (MACE)", "Police", "POLICE",
     "QUARTERLY", "COUNT", "DATA", NULL, NULL, "CSE;CCE", "0", NULL, NULL,
     "Children discussed at the multi-agency child exploitation panel by the main risk",
     "MACE panel records", 24, 0, 0.4},
    {"online_abuse_offences", "Online child sexual abuse offences recorded", "Police", "POLICE",
     "QUARTERLY", "COUNT", "DATA", NULL, NULL, NULL, "0", NULL, NULL,
     "Recorded offences of online child sexual abuse with a local victim", "police crime recording",
     18, 0, 0},
    /* education */
    {"s175_audit_pct", "Schools completing the section 175 audit (%)", "Education", "SCHOOLS",
     "ANNUAL", "PCT", "HIGHER", "schools that returned the audit", "schools asked", NULL, "0",
     "100", NULL,
     "Schools and colleges that completed the section 175 safeguarding audit in the year",
     "education safeguarding team", 93, 40, 0},
    {"ehe_children", "Children in elective home education", "Education", "SCHOOLS", "QUARTERLY",
     "COUNT", "DATA", NULL, NULL, NULL, "0", NULL, NULL,
     "Children known to be electively home educated at the quarter end",
     "education welfare service", 520, 0, 0},
    {"cp_persistent_absence_pct", "Persistent absence of children on child protection plans (%)",
     "Education", "SCHOOLS", "QUARTERLY", "PCT", "LOWER", "children on plans persistently absent",
     "school-age children on plans", NULL, "0", "100", NULL,
     "School-age children on a child protection plan missing 10% or more of sessions",
     "education welfare service", 31, 190, 0},
    {"exclusions_cin", "Suspensions and exclusions of children in need", "Education", "SCHOOLS",
     "QUARTERLY", "COUNT", "LOWER", NULL, NULL, NULL, "0", NULL, NULL,
     "Suspensions and permanent exclusions of children with a social worker",
     "education inclusion team", 95, 0, 0},
    /* youth justice */
    {"yj_first_time_entrants", "First-time entrants to the youth justice system", "Youth justice",
     "YJS", "QUARTERLY", "COUNT", "LOWER", NULL, NULL, NULL, "0", NULL, NULL,
     "Children aged 10-17 receiving their first caution or conviction", "youth justice service", 28,
     0, 0},
    {"yj_remands", "New remands in custody", "Youth justice", "YJS", "QUARTERLY", "COUNT", "LOWER",
     NULL, NULL, NULL, "0", NULL, NULL, "Children newly remanded to youth detention accommodation",
     "youth justice service", 3, 0, 0},
    {"yj_custodial_sentences", "Young people sentenced to custody", "Youth justice", "YJS",
     "QUARTERLY", "COUNT", "LOWER", NULL, NULL, NULL, "0", NULL, NULL,
     "Children sentenced to custody in the quarter", "youth justice service", 2, 0, 0},
    /* community safety */
    {"serious_violence_u18", "Serious violence offences with a victim under 18", "Community safety",
     "CSP", "QUARTERLY", "COUNT", "LOWER", NULL, NULL, NULL, "0", NULL, NULL,
     "Recorded serious violence offences where the victim was aged under 18",
     "community safety partnership analyst", 35, 0, 0},
    {"prevent_referrals_children", "Prevent referrals of children", "Community safety", "CSP",
     "QUARTERLY", "COUNT", "DATA", NULL, NULL, NULL, "0", NULL, NULL,
     "Referrals of children to Prevent", "Prevent coordinator", 8, 0, 0},
    /* early help and children's social care */
    {"eh_assessments_started", "Early help assessments started", "Early help", "COUNCIL",
     "QUARTERLY", "COUNT", "HIGHER", NULL, NULL, NULL, "0", NULL, NULL,
     "Early help assessments started by any partner in the quarter", "early help module", 380, 0,
     0},
    {"eh_needs_met_pct", "Early help plans closed with needs met (%)", "Early help", "COUNCIL",
     "QUARTERLY", "PCT", "HIGHER", "plans closed with needs met", "plans closed", NULL, "0", "100",
     NULL, "Early help plans closed in the quarter because the family's needs were met",
     "early help module", 71, 300, 0},
    {"gcp_completion_pct", "Completion of the graded care profile on CP plans (%)", "Early help",
     "COUNCIL", "QUARTERLY", "PCT", "HIGHER", "plans with a completed graded care profile",
     "CP plans for neglect open at the quarter end", NULL, "0", "100", "40",
     "Child protection plans for neglect open at the quarter end with a completed graded care "
     "profile",
     "children's social care case system", 64, 110, 0},
    {"child_participation_pct", "Participation of the child in their reviews (%)", "Early help",
     "COUNCIL", "QUARTERLY", "PCT", "HIGHER", "reviews the child took part in",
     "reviews of children aged 4 or more", NULL, "0", "100", NULL,
     "Child protection and looked-after reviews in which the child took part in person or through "
     "an advocate",
     "independent reviewing service", 86, 420, 0},
    /* the partnership itself */
    {"neglect_training_places", "Multi-agency neglect training places delivered", "Partnership",
     "PARTNERSHIP", "QUARTERLY", "COUNT", "HIGHER", NULL, NULL, NULL, "0", NULL, NULL,
     "Places attended on the partnership's neglect courses", "partnership training records", 60, 0,
     0},
    {"strategy_attendance_pct", "Partner attendance at strategy discussions (%)", "Partnership",
     "PARTNERSHIP", "QUARTERLY", "PCT", "HIGHER", "discussions with police and health present",
     "strategy discussions held", NULL, "0", "100", NULL,
     "Strategy discussions attended by both police and health", "partnership business unit audit",
     79, 240, 0},
    {"eh_offer_assurance", "Assurance of the early help offer", "Partnership", "PARTNERSHIP",
     "ANNUAL", "TEXT", "DATA", NULL, NULL, NULL, NULL, NULL, NULL,
     "The partnership's yearly statement of assurance on the early help offer",
     "partnership executive", 0, 0, 0},
};
#define NM ((int)(sizeof measures / sizeof measures[0]))

static const char *const text_statuses[] = {
    "Assured: the offer meets the partnership's standard",
    "Partly assured: waiting times for family support remain too long",
    "Not assured: the early help strategy is being rewritten",
};

/* The organisations in the order their first measure lists them. */
#define MAX_ORGS 16
static int orgs_of(const char *out[MAX_ORGS])
{
    int n = 0;
    for (int i = 0; i < NM; i++) {
        bool seen = false;
        for (int k = 0; k < n && !seen; k++)
            seen = strcmp(out[k], measures[i].owner) == 0;
        if (!seen && n < MAX_ORGS) out[n++] = measures[i].owner;
    }
    return n;
}

static bool annual(const pm *m)
{
    return strcmp(m->freq, "ANNUAL") == 0;
}

/* ---------------------------------------------------------------- register rows */

void syn_partner_orgs(syn_row_fn fn, void *ctx)
{
    static const char *const cols[] = {"short_name", "name", "sector", "membership"};
    static const char *const csp[] = {"CSP", "Synthshire Community Safety Partnership", "OTHER",
                                      "RELEVANT_AGENCY"};
    static const char *const bu[] = {"PARTNERSHIP", "Synthshire Safeguarding Children Partnership",
                                     "OTHER", "RELEVANT_AGENCY"};
    fn(ctx, "organisation", cols, csp, 4);
    fn(ctx, "organisation", cols, bu, 4);
}

static void period_text(int fy, int q, char out[16])
{
    if (q == 0)
        sg_fy_text(fy, out);
    else
        snprintf(out, 16, "%04u-Q%u", (unsigned)fy % 10000u, (unsigned)q % 10u);
}

void syn_partner_rows(const syn_ctx *x, syn_row_fn fn, void *ctx)
{
    static const char *const mcols[] = {
        "id",        "title", "group",      "position",   "owner",       "kind",
        "frequency", "unit",  "polarity",   "numerator",  "denominator", "breakdowns",
        "min",       "max",   "change_pct", "definition", "source",      "formula"};
    for (int i = 0; i < NM; i++) {
        const pm *m = &measures[i];
        char pos[16];
        snprintf(pos, sizeof pos, "%d", (i + 1) * 10);
        const char *v[18] = {m->id,         m->title,      m->group, pos,         m->owner,
                             "SUBMITTED",   m->freq,       m->unit,  m->polarity, m->num,
                             m->den,        m->breakdowns, m->min,   m->max,      m->change,
                             m->definition, m->source,     NULL};
        const char *c[18], *vv[18];
        int n = 0;
        for (int k = 0; k < 18; k++)
            if (v[k] && *v[k]) c[n] = mcols[k], vv[n++] = v[k];
        fn(ctx, "measure", c, vv, n);
    }
    /* one derived measure: early help assessments as a rate per 10,000 children */
    {
        const char *c[] = {"id",        "title",    "group",   "position",   "kind",  "unit",
                           "frequency", "polarity", "formula", "definition", "source"};
        char pos[16];
        snprintf(pos, sizeof pos, "%d", (NM + 1) * 10);
        const char *v[] = {"eh_assessments_rate_10k",
                           "Early help assessments per 10000 children",
                           "Early help",
                           pos,
                           "DERIVED",
                           "RATE10K",
                           "QUARTERLY",
                           "HIGHER",
                           "per10k(eh_assessments_started, pop_0_17)",
                           "Early help assessments started per 10000 children aged 0-17",
                           "derived"};
        fn(ctx, "measure", c, v, 11);
    }
    /* commentary on the last year's quarters */
    static const char *const narratives[] = {
        "The figure is within the expected range and the trend is stable.",
        "The rise follows a campaign to raise awareness among practitioners.",
        "The fall reflects a change in recording practice in the quarter.",
        "Performance dipped because of staff vacancies that are now filled.",
    };
    static const char *const challenges[] = {
        "Is the change real or a recording effect?",
        "What is the partnership doing about the gap with the target?",
    };
    static const char *const responses[] = {
        "A case audit in the next quarter will test it.",
        "An action plan goes to the executive in the next quarter.",
    };
    const syn_year *y = &x->y[x->ny - 1];
    static const char *const ccols[] = {"measure",   "period",    "organisation",
                                        "narrative", "challenge", "response"};
    for (int i = 0; i < NM; i++) {
        const pm *m = &measures[i];
        if (annual(m) || strcmp(m->unit, "TEXT") == 0) continue;
        syn_rng r;
        syn_rng_seed(&r, x->o->seed, PS_STREAM, PS_COMMENT, (uint64_t)i);
        for (int q = 1; q <= 4; q++) {
            bool say = syn_chance(&r, 0.35) || (i == 0 && q == 4);
            bool challenge = syn_chance(&r, 0.4) || (i == 0 && q == 4);
            int a = syn_range(&r, 0, 3), b = syn_range(&r, 0, 1);
            if (!say) continue;
            char per[16];
            period_text(y->fy, q, per);
            const char *v[] = {m->id,
                               per,
                               m->owner,
                               narratives[a],
                               challenge ? challenges[b] : NULL,
                               challenge ? responses[b] : NULL};
            fn(ctx, "commentary", ccols, v, challenge ? 6 : 4);
        }
    }
}

/* ---------------------------------------------------------------- the plan */

#define MAX_FILES 4
typedef struct pfile {
    sg_date received;
    bool refused; /* a planted fault: a value that is not a plain decimal */
    bool resubmission;
    char path[96];
} pfile;

typedef struct pret {
    const char *org;
    int orgi, fy, q; /* q 0 = the year */
    char period[16];
    sg_date end, due, received; /* received: the first accepted file's day */
    bool missing;
    int nfiles, resubmissions, refused, owed;
    pfile f[MAX_FILES];
} pret;

typedef struct plan {
    pret *r;
    size_t n, cap;
} plan;

static int owed_by(const char *org, bool year)
{
    int n = 0;
    for (int i = 0; i < NM; i++)
        n += strcmp(measures[i].owner, org) == 0 && annual(&measures[i]) == year;
    return n;
}

/* Planted in the last year so that every partnership shows each case. */
static bool forced(const syn_ctx *x, const pret *p, const char *org, int q)
{
    return p->fy == x->y[x->ny - 1].fy && strcmp(p->org, org) == 0 && p->q == q;
}

static void plan_build(const syn_ctx *x, plan *pl)
{
    memset(pl, 0, sizeof *pl);
    const char *orgs[MAX_ORGS];
    int norg = orgs_of(orgs);
    for (int k = 0; k < x->ny; k++)
        for (int oi = 0; oi < norg; oi++)
            for (int q = 0; q <= 4; q++) {
                int owed = owed_by(orgs[oi], q == 0);
                if (!owed) continue;
                char per[16];
                sg_date from, to;
                period_text(x->y[k].fy, q, per);
                sg_period_range(per, &from, &to);
                /* the ICB replaced the CCG on 1 July 2022 (gen_registers.c): it owes nothing
                 * for a period that ended before */
                if (strcmp(orgs[oi], "ICB") == 0 && to < sg_date_from_ymd(2022, 7, 1)) continue;
                if (pl->n == pl->cap) {
                    pl->cap = pl->cap ? pl->cap * 2 : 64;
                    pl->r = xrealloc(pl->r, pl->cap * sizeof *pl->r);
                }
                pret *p = &pl->r[pl->n++];
                memset(p, 0, sizeof *p);
                p->org = orgs[oi];
                p->orgi = oi;
                p->fy = x->y[k].fy;
                p->q = q;
                p->owed = owed;
                period_text(p->fy, q, p->period);
                sg_date start;
                sg_period_range(p->period, &start, &p->end);
                p->due = syn_wd_add(p->end, SYN_RETURNS_DUE_DAYS);
                syn_rng r;
                syn_rng_seed(&r, x->o->seed, PS_STREAM, PS_RETURN,
                             (uint64_t)oi * 100000u + (uint64_t)p->fy * 8u + (uint64_t)q);
                double u = syn_unif(&r);
                bool late = u >= 0.04 && u<0.18, resub = syn_chance(&r, 0.12), fault = x->rate> 0 &&
                            syn_chance(&r, 0.06);
                int early = syn_range(&r, 1, SYN_RETURNS_DUE_DAYS), lag = syn_range(&r, 1, 25),
                    fix = syn_range(&r, 2, 10), again = syn_range(&r, 3, 20);
                p->missing = u < 0.04;
                if (forced(x, p, "CSP", 3)) p->missing = true, late = resub = fault = false;
                if (forced(x, p, "ACUTE_TRUST", 2)) p->missing = false, late = true;
                if (forced(x, p, "POLICE", 1)) p->missing = false, resub = true;
                if (forced(x, p, "YJS", 2) && x->rate > 0) p->missing = false, fault = true;
                if (p->missing) continue;
                sg_date day = late ? p->due + lag : syn_wd_add(p->end, early);
                if (fault) {
                    p->f[p->nfiles++] = (pfile){.received = day, .refused = true};
                    p->refused++;
                    day += fix;
                }
                p->f[p->nfiles++] = (pfile){.received = day};
                p->received = day;
                if (resub) {
                    p->f[p->nfiles++] = (pfile){.received = day + again, .resubmission = true};
                    p->resubmissions++;
                }
                for (int i = 0; i < p->nfiles; i++) {
                    char nth[8] = "";
                    if (i) snprintf(nth, sizeof nth, "_%u", (unsigned)(i + 1) % 100u);
                    snprintf(p->f[i].path, sizeof p->f[i].path, "returns/%s_%s%s.csv", p->org,
                             p->period, nth);
                }
            }
}

/* ---------------------------------------------------------------- values */

/* The whole measure's value (COUNT, DAYS, PCT without a denominator) or numerator and
 * denominator of measure mi for a period (q 0 = the year). */
typedef struct pval {
    double total, num, den;
    const char *text;
} pval;

static pval value_of(const syn_ctx *x, int mi, int fy, int q)
{
    const pm *m = &measures[mi];
    syn_rng r;
    syn_rng_seed(&r, x->o->seed, PS_STREAM, PS_VALUE,
                 (uint64_t)mi * 100000u + (uint64_t)fy * 8u + (uint64_t)q);
    double scale = (double)x->o->children / 100000.0, u = syn_unif(&r), u2 = syn_unif(&r);
    pval v = {0};
    if (strcmp(m->unit, "TEXT") == 0) {
        v.text = text_statuses[syn_range(&r, 0, 2)];
    } else if (m->den) {
        v.den = fmax(1.0, round(m->den_base * scale * (0.8 + 0.4 * u)));
        double p = fmin(100.0, fmax(0.0, m->base + (u2 - 0.5) * 16.0));
        v.num = round(v.den * p / 100.0);
        v.total = v.num;
    } else if (strcmp(m->unit, "DAYS") == 0) {
        v.total = round(m->base * (0.75 + 0.5 * u));
    } else {
        v.total = round(m->base * scale * (0.8 + 0.4 * u));
    }
    return v;
}

/* The value validation compares for row k (breakdown category k) of measure m: a category's
 * share of the total, a percentage from numerator and denominator, or the value. */
static double row_value(const pm *m, const pval *v, int k)
{
    if (m->den) return v->den > 0 ? v->num * 100.0 / v->den : 0;
    if (!m->breakdowns) return v->total;
    double first = round(v->total * m->split);
    return k == 0 ? first : v->total - first;
}

/* ---------------------------------------------------------------- writing */

static void cell(FILE *fp, const char *s, bool comma)
{
    if (comma) fputc(',', fp);
    if (s) sg_export_cell(fp, s, strlen(s));
}

/* One return file: the rows of every measure the organisation owes for the period. */
static int write_return(const syn_ctx *x, const pret *p, const pfile *f, const char *path)
{
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return sg_err_at(x->err, SG_EIO, path, 0, 0, NULL, "cannot create the file: %s",
                         strerror(errno));
    fputs("organisation,period,measure,breakdown,value,numerator,denominator,text,explanation\r\n",
          fp);
    bool faulted = false;
    for (int mi = 0; mi < NM; mi++) {
        const pm *m = &measures[mi];
        if (strcmp(m->owner, p->org) || annual(m) != (p->q == 0)) continue;
        pval v = value_of(x, mi, p->fy, p->q);
        /* the last period's value, for the explanation of a large change */
        pval last = p->q == 0
                        ? value_of(x, mi, p->fy - 1, 0)
                        : value_of(x, mi, p->q == 1 ? p->fy - 1 : p->fy, p->q == 1 ? 4 : p->q - 1);
        if (f->resubmission && !v.text) v.total += 1, v.num += v.num < v.den ? 1 : 0;
        /* an explanation where validation may ask for one: a row moving by more than
         * change_pct from last period's live value (docs/formats/partner.md); with a margin,
         * since last period may have been resubmitted one higher */
        const char *why = NULL;
        if (m->change && !v.text) {
            double lim = strtod(m->change, NULL) * 0.5;
            pval last1 = last; /* last period as resubmitted (one higher), if it was */
            last1.total += 1, last1.num += last1.num < last1.den ? 1 : 0;
            for (int k = 0; k < (m->breakdowns ? 2 : 1); k++) {
                double now = row_value(m, &v, k);
                for (int w = 0; w < 2; w++) {
                    double then = row_value(m, w ? &last1 : &last, k);
                    if (then <= 0 || fabs(now - then) * 100.0 > lim * then)
                        why = "The change follows a review of how cases are counted";
                }
            }
        }
        char a[64] = "", b[64] = "", c[64] = "";
        int nb = m->breakdowns ? 2 : 1;
        for (int k = 0; k < nb; k++) {
            char cat[32] = "";
            double val = v.total;
            if (m->breakdowns) {
                const char *semi = strchr(m->breakdowns, ';');
                if (k == 0)
                    snprintf(cat, sizeof cat, "%.*s", (int)(semi - m->breakdowns), m->breakdowns);
                else
                    snprintf(cat, sizeof cat, "%s", semi + 1);
                double first = round(v.total * m->split);
                val = k == 0 ? first : v.total - first;
            }
            a[0] = b[0] = c[0] = '\0';
            if (m->den) {
                snprintf(b, sizeof b, "%.0f", v.num);
                snprintf(c, sizeof c, "%.0f", v.den);
            } else if (!v.text) {
                snprintf(a, sizeof a, "%.0f", val);
            }
            if (f->refused && !faulted && !v.text) {
                /* the planted fault: a percentage sign where a plain decimal belongs */
                char *slot = m->den ? b : a;
                size_t n = strlen(slot);
                snprintf(slot + n, sizeof a - n, "%%");
                faulted = true;
            }
            cell(fp, p->org, false);
            cell(fp, p->period, true);
            cell(fp, m->id, true);
            cell(fp, cat, true);
            cell(fp, a, true);
            cell(fp, b, true);
            cell(fp, c, true);
            cell(fp, v.text, true);
            cell(fp, why, true);
            fputs("\r\n", fp);
        }
    }
    return syn_close_written(fp, path, x->err);
}

int syn_partner_write(syn_ctx *x)
{
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/returns", x->dir);
    int mk = syn_make_dirs(dir, x->err);
    if (mk) return mk;
    plan pl;
    plan_build(x, &pl);
    int rc = SG_OK;
    json_t *files = json_array();
    for (size_t i = 0; i < pl.n && rc == SG_OK; i++)
        for (int k = 0; k < pl.r[i].nfiles && rc == SG_OK; k++) {
            const pret *p = &pl.r[i];
            char path[4400], day[11];
            snprintf(path, sizeof path, "%s/%s", x->dir, p->f[k].path);
            rc = write_return(x, p, &p->f[k], path);
            /* a refused file is not for the import manifest: its one transaction would be
             * refused whole (the planted fault is for the validation to find, file by file) */
            if (p->f[k].refused) continue;
            sg_date_iso(p->f[k].received, day);
            json_array_append_new(files, json_pack("{s:s, s:s, s:s, s:s, s:s}", "path",
                                                   p->f[k].path + 8, "format", "partner", "agency",
                                                   p->org, "period", p->period, "received", day));
        }
    if (rc == SG_OK) {
        /* import order: by the day each file was received (then organisation, period), so a
         * resubmission always comes after what it replaces */
        size_t n = json_array_size(files);
        json_t **v = xmalloc((n ? n : 1) * sizeof *v);
        for (size_t i = 0; i < n; i++)
            v[i] = json_array_get(files, i);
        for (size_t i = 1; i < n; i++) /* insertion sort: stable, a few hundred entries */
            for (size_t j = i; j > 0; j--) {
                const char *a = json_string_value(json_object_get(v[j - 1], "received")),
                           *b = json_string_value(json_object_get(v[j], "received"));
                if (strcmp(a, b) <= 0) break;
                json_t *t = v[j - 1];
                v[j - 1] = v[j];
                v[j] = t;
            }
        json_t *sorted = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append(sorted, v[i]);
        free(v);
        json_t *root = json_pack("{s:s, s:o}", "generator", "safeguard generate (partner returns)",
                                 "files", sorted);
        char path[4400];
        snprintf(path, sizeof path, "%s/manifest.json", dir);
        if (json_dump_file(root, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
            rc = sg_err_at(x->err, SG_EIO, path, 0, 0, NULL, "cannot write the file");
        json_decref(root);
    }
    json_decref(files);
    free(pl.r);
    return rc;
}

json_t *syn_partner_json(const syn_ctx *x)
{
    plan pl;
    plan_build(x, &pl);
    json_t *arr = json_array();
    for (size_t i = 0; i < pl.n; i++) {
        const pret *p = &pl.r[i];
        char due[11], rec[11];
        sg_date_iso(p->due, due);
        json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:i}", "organisation", p->org, "period",
                              p->period, "due", due, "status",
                              p->missing              ? "missing"
                              : p->received <= p->due ? "on_time"
                                                      : "late",
                              "measures", p->owed);
        json_object_set_new(o, "received",
                            p->missing ? json_null() : json_string(sg_date_iso(p->received, rec)));
        json_object_set_new(o, "resubmissions", json_integer(p->resubmissions));
        json_object_set_new(o, "refused", json_integer(p->refused));
        json_t *fs = json_array();
        for (int k = 0; k < p->nfiles; k++) {
            json_t *f = json_pack("{s:s, s:s}", "path", p->f[k].path, "received",
                                  sg_date_iso(p->f[k].received, rec));
            if (p->f[k].refused)
                json_object_set_new(f, "fault",
                                    json_string("a value with a per cent sign, not a plain "
                                                "decimal: the import refuses the return (not "
                                                "in returns/manifest.json)"));
            json_array_append_new(fs, f);
        }
        json_object_set_new(o, "files", fs);
        json_array_append_new(arr, o);
    }
    free(pl.r);
    return json_pack("{s:i, s:s, s:i, s:o}", "due_days", SYN_RETURNS_DUE_DAYS, "manifest",
                     "returns/manifest.json", "measures", NM, "returns", arr);
}

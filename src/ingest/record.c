/* record.c - initialising canonical records and naming their types. */
#include "ingest/record.h"

#include <string.h>

static const char *const type_names[SG_REC__COUNT] = {
    "child",   "contact",  "early_help",   "referral",   "assessment",  "strategy",
    "s47",     "cin_plan", "cp_plan",      "cp_review",  "cla_episode", "cla_review",
    "missing", "lado",     "police_event", "population", "extra",       "partner_value",
};

const char *sg_rec_type_name(sg_rec_type t)
{
    return t >= 0 && t < SG_REC__COUNT ? type_names[t] : "unknown";
}

void sg_rec_init(sg_rec *r, sg_rec_type t)
{
    memset(r, 0, sizeof *r);
    r->type = t;
    switch (t) {
    case SG_REC_CHILD:
        r->u.child.uasc = SG_TRI_UNKNOWN;
        break;
    case SG_REC_CONTACT:
        r->u.contact.date = SG_DATE_NONE;
        break;
    case SG_REC_EARLY_HELP:
        r->u.early_help.start = r->u.early_help.end = SG_DATE_NONE;
        break;
    case SG_REC_REFERRAL:
        r->u.referral.referral_date = r->u.referral.closure_date = SG_DATE_NONE;
        r->u.referral.initial_cpc = SG_DATE_NONE;
        r->u.referral.nfa = SG_TRI_UNKNOWN;
        r->u.referral.referrals_last_12m = -1;
        break;
    case SG_REC_ASSESSMENT:
        r->u.assessment.start = r->u.assessment.authorised = SG_DATE_NONE;
        r->u.assessment.internal_review = SG_DATE_NONE;
        r->u.assessment.child_seen = r->u.assessment.needs_support = SG_TRI_UNKNOWN;
        break;
    case SG_REC_STRATEGY:
        r->u.strategy.date = SG_DATE_NONE;
        break;
    case SG_REC_S47:
        r->u.s47.start = r->u.s47.icpc_target = r->u.s47.icpc_date = SG_DATE_NONE;
        r->u.s47.icpc_not_required = r->u.s47.cp_plan_resulted = SG_TRI_UNKNOWN;
        break;
    case SG_REC_CIN_PLAN:
        r->u.cin_plan.start = r->u.cin_plan.end = SG_DATE_NONE;
        break;
    case SG_REC_CP_PLAN:
        r->u.cp_plan.start = r->u.cp_plan.end = SG_DATE_NONE;
        r->u.cp_plan.previous_plans = -1;
        break;
    case SG_REC_CP_REVIEW:
        r->u.cp_review.date = SG_DATE_NONE;
        break;
    case SG_REC_CLA_EPISODE:
        r->u.cla_episode.start = r->u.cla_episode.end = SG_DATE_NONE;
        break;
    case SG_REC_CLA_REVIEW:
        r->u.cla_review.date = SG_DATE_NONE;
        break;
    case SG_REC_MISSING:
        r->u.missing.start = r->u.missing.end = SG_DATE_NONE;
        r->u.missing.ri_offered = r->u.missing.ri_accepted = SG_TRI_UNKNOWN;
        break;
    case SG_REC_LADO:
        r->u.lado.received = r->u.lado.strategy = r->u.lado.concluded = SG_DATE_NONE;
        break;
    case SG_REC_POLICE_EVENT:
        r->u.police.date = SG_DATE_NONE;
        break;
    case SG_REC_POPULATION:
        r->u.population.count = -1;
        r->u.population.age_from = 0;
        r->u.population.age_to = 17;
        break;
    default:
        break;
    }
}

/* registry.c - the list of every register in this build, and the partnership's agency codes.
 * To add a register, include its header and append its descriptor to `all` (documentation
 * order, which is also an import order that satisfies references: a register comes after
 * the ones its records refer to); sg_reg_check_descriptor runs on every entry in the tests. */
#include "registers/register.h"

#include "registers/reg_actions.h"
#include "registers/reg_audit.h"
#include "registers/reg_case_review.h"
#include "registers/cdop.h"
#include "registers/finance.h"
#include "registers/measure.h"
#include "registers/organisation.h"
#include "registers/risks.h"
#include "registers/section11.h"
#include "registers/training.h"
#include "registers/voice.h"

#include <string.h>

const sg_reg_code sg_reg_agencies[] = {
    {"CSC", "children's social care (the local authority)"},
    {"POLICE", "police"},
    {"HEALTH", "health (ICB, trusts, GPs)"},
    {"EDUCATION", "schools and colleges"},
    {"EARLY_YEARS", "early years settings"},
    {"PROBATION", "probation service"},
    {"YOUTH_JUSTICE", "youth justice service"},
    {"HOUSING", "housing"},
    {"VOLUNTARY", "voluntary and community sector"},
    {"FAITH", "faith organisations"},
    {"SPORT", "sport and leisure"},
    {"OTHER", "any other agency"},
    {NULL, NULL},
};

static const sg_register *const all[] = {
    /* first: the member bodies, which other registers will refer to */
    &sg_reg_organisation,
    /* the dataset catalogue, whose owners are organisations */
    &sg_reg_measure,
    &sg_reg_commentary,
    &sg_reg_case_review,
    &sg_reg_audit,
    &sg_reg_audit_case,
    &sg_reg_audit_return,
    &sg_reg_audit_grade,
    &sg_reg_s11_framework,
    &sg_reg_s11_standard,
    &sg_reg_s11_return,
    &sg_reg_s11_score,
    &sg_reg_training_course,
    &sg_reg_training_session,
    &sg_reg_training_booking,
    &sg_reg_training_evaluation,
    &sg_reg_child_death,
    &sg_reg_finance_contribution,
    &sg_reg_finance_income,
    &sg_reg_finance_expenditure,
    &sg_reg_finance_reserve,
    &sg_reg_risk,
    &sg_reg_risk_review,
    &sg_reg_voice_survey,
    &sg_reg_voice_question,
    &sg_reg_voice_response,
    /* after every register a recommendation or action may refer to */
    &sg_reg_recommendation,
    &sg_reg_action,
};

const sg_register *const *sg_reg_all(size_t *n)
{
    *n = sizeof all / sizeof all[0];
    return all;
}

const sg_register *sg_reg_find(const char *name)
{
    if (!name) return NULL;
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (strcmp(all[i]->name, name) == 0) return all[i];
    return NULL;
}

/* fault_rules.c - which validation rule is meant to catch each planted fault: the manifest
 * names it with every fault ("rule"), so the recall test (tests/unit/test_recall.c) can demand
 * that exact rule on the faulty record. DfE returns name the DfE rule where one exists (CIN
 * census: docs/rules_cin.md, SSDA903: docs/rules_903.md); agency templates and Annex A lists
 * name our own (docs/rules.md). A rejected fault is the importer's (SG-REJECTED, with its
 * rejected_row); a police/903 disagreement is found by reconciliation, not by a rule. */
#include "synth/synth_int.h"

#include <string.h>

typedef struct fault_rule {
    const char *format; /* exact format, or a prefix ending in '/' */
    int kind;
    const char *field; /* NULL: any */
    const char *rule;
} fault_rule;

static const fault_rule table[] = {
    /* CIN census */
    {"cin", F_DUPLICATE, NULL, "SG-DUP-WITHIN"},
    {"cin", F_ORDER, "AssessmentAuthorisationDate", "8608"},
    {"cin", F_ORDER, "CINPlanEndDate", "4011"},
    {"cin", F_ORDER, "DateOfInitialCPC", "8615"},
    {"cin", F_ORDER, "CPPendDate", "8925"},
    {"cin", F_ORDER, "CINclosureDate", "8630"},
    {"cin", F_BAD_CODE, "ReferralSource", "8866"},
    {"cin", F_BAD_CODE, "PrimaryNeedCode", "8650"},
    {"cin", F_BAD_CODE, "InitialCategoryOfAbuse", "8905"},
    {"cin", F_MISSING_FIELD, "ReferralSource", "8866"},
    {"cin", F_MISSING_FIELD, "LatestCategoryOfAbuse", "8910"},
    {"cin", F_FUTURE, "AssessmentAuthorisationDate", "8696"},
    {"cin", F_FUTURE, "CINclosureDate", "8620"},
    {"cin", F_FUTURE, "CPPendDate", "8930"},
    {"cin", F_FUTURE, "CPPreviewDate", "SG-DATE-FUTURE"},
    /* SSDA903: a child twice in a one-row-per-child table is the DfE's internal check */
    {"ssda903/header", F_DUPLICATE, NULL, "INT32"},
    {"ssda903/uasc", F_DUPLICATE, NULL, "INT36"},
    {"ssda903/oc2", F_DUPLICATE, NULL, "INT33"},
    {"ssda903/ad1", F_DUPLICATE, NULL, "INT31"},
    {"ssda903/prev_perm", F_DUPLICATE, NULL, "INT35"},
    {"ssda903/", F_DUPLICATE, NULL, "SG-DUP-WITHIN"},
    {"ssda903/", F_ORDER, "DEC", "356"},
    {"ssda903/", F_ORDER, "MIS_END", "567"},
    {"ssda903/", F_BAD_CODE, "ETHNIC", "103"},
    {"ssda903/", F_BAD_CODE, "PLACE", "146"},
    {"ssda903/", F_BAD_CODE, "REVIEW_CODE", "167"},
    {"ssda903/", F_BAD_CODE, "MISSING", "1006"},
    {"ssda903/", F_MISSING_FIELD, "ETHNIC", "103"},
    {"ssda903/", F_MISSING_FIELD, "LS", "144"},
    {"ssda903/", F_MISSING_FIELD, "REVIEW_CODE", "167"},
    {"ssda903/", F_MISSING_FIELD, "MISSING", "565"},
    {"ssda903/", F_FUTURE, "DEC", "385"},
    {"ssda903/", F_FUTURE, "MIS_END", "571"},
    {"ssda903/", F_FUTURE, "REVIEW", "SG-DATE-FUTURE"},
    /* agency templates and Annex A lists: our own rules */
    {"agency/", F_DUPLICATE, NULL, "SG-DUP-WITHIN"},
    {"agency/", F_ORDER, NULL, "SG-DATE-ORDER"},
    {"agency/", F_BAD_CODE, NULL, "SG-AGENCY-CODE"},
    {"agency/", F_MISSING_FIELD, NULL, "SG-AGENCY-REQUIRED"},
    {"agency/", F_FUTURE, NULL, "SG-DATE-FUTURE"},
    {"agency/police_missing", F_DISAGREE, NULL, "reconcile:missing-episodes"},
    {"annexa/", F_DUPLICATE, NULL, "SG-DUP-WITHIN"},
    {"annexa/", F_ORDER, NULL, "SG-DATE-ORDER"},
    {"annexa/", F_BAD_CODE, NULL, "SG-ANNEXA-CODE"},
    {"annexa/", F_MISSING_FIELD, NULL, "SG-ANNEXA-REQUIRED"},
    {"annexa/", F_FUTURE, NULL, "SG-DATE-FUTURE"},
};

const char *syn_fault_rule(const char *format, int kind, const char *field, bool rejected)
{
    if (rejected) return "SG-REJECTED";
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        const fault_rule *t = &table[i];
        size_t n = strlen(t->format);
        bool fmt = t->format[n - 1] == '/' ? strncmp(format, t->format, n) == 0
                                           : strcmp(format, t->format) == 0;
        if (!fmt || t->kind != kind) continue;
        if (t->field && (!field || strcmp(field, t->field) != 0)) continue;
        return t->rule;
    }
    return NULL;
}

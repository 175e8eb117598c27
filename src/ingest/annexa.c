/* annexa.c - the Ofsted Annex A importer: one list as CSV ("annexa/<n>") or a whole workbook
 * ("annexa-xlsx", each sheet mapped to a list by its header row). Owns the table of Annex A
 * columns (Ofsted's headings, the synonyms accepted, how each value is read), list detection,
 * the decoding of decorated codes ("q) 6: Police" -> "6") and the mapping into the canonical
 * records of record.h. docs/formats/annexa.md documents the mapping list by list. */
#include "ingest/annexa.h"

#include "core/arena.h"
#include "core/date.h"
#include "core/mem.h"
#include "core/pseudo.h"
#include "ingest/csv.h"
#include "ingest/ingest.h"
#include "ingest/record.h"
#include "ingest/xlsx.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define HEADER_SEARCH_ROWS 10 /* the header row may sit below a title: look this far */

/* ---- the columns ----------------------------------------------------------------------------- */

typedef enum kind {
    K_ID,     /* the child's (or, list 11, the adopter's) identifier: pseudonymised */
    K_PSEUDO, /* another identifier (family): pseudonymised into the extra record */
    K_CODE,   /* a code, decorations removed (sg_annexa_code) */
    K_FLAG,   /* yes/no */
    K_TEXT,   /* free text, trimmed */
    K_DATE,   /* ISO, dd/mm/YYYY or an Excel serial; a bad one rejects the row */
    K_COUNT,  /* a whole number */
    K_DROP,   /* known but not kept (staff names, derived or location fields) */
} kind;

typedef enum field {
    F_ID,
    F_GENDER,
    F_ETHNICITY,
    F_DOB,
    F_AGE,
    F_DISABILITY,
    F_TEAM,
    F_WORKER,
    F_CONTACT_DATE,
    F_CONTACT_SOURCE,
    F_EH_START,
    F_EH_END,
    F_EH_ORG,
    F_REF_DATE,
    F_REF_SOURCE,
    F_REF_NFA,
    F_REF_12M,
    F_AS_START,
    F_AS_SEEN,
    F_AS_AUTH,
    F_AS_NEEDS,
    F_S47_DATE,
    F_ICPC_UNNEC,
    F_ICPC_DATE,
    F_ICPC_CPP,
    F_S47_12M,
    F_ICPC_12M,
    F_CIN_START,
    F_PNC,
    F_LAST_SEEN,
    F_CIN_CLOSE,
    F_CLOSE_REASON,
    F_CASE_STATUS,
    F_CPP_START,
    F_CAT_INIT,
    F_CAT_LATEST,
    F_LAST_VISIT,
    F_SEEN_ALONE,
    F_LAST_RCPC,
    F_CPP_END,
    F_EPO,
    F_PREV_CPP,
    F_UASC,
    F_CLA_START,
    F_CLA_CIN,
    F_CLA_SECOND,
    F_LS_START,
    F_LS,
    F_LAST_REVIEW,
    F_LAST_SW_VISIT,
    F_PERM_PLAN,
    F_LAST_IRO,
    F_LAST_HEALTH,
    F_LAST_DENTAL,
    F_PLACEMENTS_12M,
    F_CLA_END,
    F_REC,
    F_PL_START,
    F_PLACE,
    F_PROVIDER,
    F_POSTCODE,
    F_URN,
    F_PL_LOCATION,
    F_PL_LA,
    F_MISSING_12M,
    F_ABSENT_12M,
    F_RI_OFFERED,
    F_RI_ACCEPTED,
    F_ELIGIBILITY,
    F_IN_TOUCH,
    F_ACCOM,
    F_ACCOM_SUITABLE,
    F_ACTIVITY,
    F_FAMILY,
    F_ENTERED_CARE,
    F_ADM_DECISION,
    F_PLACEMENT_ORDER,
    F_MATCHED,
    F_PLACED_ADOPTION,
    F_ADOPTION_ORDER,
    F_NO_LONGER_DECISION,
    F_NO_LONGER_REASON,
    F_FFA_DATE,
    F_ADOPTER,
    F_ADOPTER_FFA,
    F_ENQUIRY,
    F_STAGE1_START,
    F_STAGE1_END,
    F_STAGE2_START,
    F_STAGE2_END,
    F_APP_SUBMITTED,
    F_APP_APPROVED,
    F_ADOPTER_MATCHED,
    F_CHILDREN_PLACED,
    F_NUM_CHILDREN,
    F_LEFT_DATE,
    F_LEFT_REASON,
    F__COUNT
} field;

typedef struct field_def {
    const char *key; /* name in extra records and in docs */
    kind kind;
    const char *names[7]; /* [0] is Ofsted's heading; the rest are accepted synonyms */
} field_def;

/* Headings are compared with sg_csv_name_eq (case, spaces, punctuation and a trailing '*'
 * ignored), so "Child's Legal Status" also matches "CHILDS LEGAL STATUS*". */
static const field_def FIELDS[F__COUNT] = {
    [F_ID] = {"child",
              K_ID,
              {"Child Unique ID", "Child ID", "Unique Child ID", "Child Unique Identifier",
               "LA Child ID"}},
    [F_GENDER] = {"gender", K_CODE, {"Gender", "Sex"}},
    [F_ETHNICITY] = {"ethnicity", K_CODE, {"Ethnicity", "Ethnic Origin", "Ethnic Group"}},
    [F_DOB] = {"date_of_birth", K_DATE, {"Date of Birth", "DOB", "Birth Date"}},
    [F_AGE] = {"age", K_DROP, {"Age of Child (Years)", "Age", "Age of Child", "Age (Years)"}},
    [F_DISABILITY] = {"disability",
                      K_CODE,
                      {"Does the Child have a Disability", "Disability", "Disabled",
                       "Does the Child have a Disability (Y/N)"}},
    [F_TEAM] = {"allocated_team", K_DROP, {"Allocated Team", "Team"}},
    [F_WORKER] = {"allocated_worker",
                  K_DROP,
                  {"Allocated Worker", "Allocated Social Worker", "Social Worker",
                   "Allocated Case Worker", "Worker"}},
    /* list 1 */
    [F_CONTACT_DATE] = {"contact_date", K_DATE, {"Date of Contact", "Contact Date"}},
    [F_CONTACT_SOURCE] = {"contact_source", K_CODE, {"Contact Source", "Source of Contact"}},
    /* list 2 */
    [F_EH_START] = {"assessment_start",
                    K_DATE,
                    {"Assessment start date", "Early Help Assessment Start Date"}},
    [F_EH_END] = {"assessment_end",
                  K_DATE,
                  {"Assessment completion date", "Early Help Assessment Completion Date",
                   "Assessment End Date"}},
    [F_EH_ORG] = {"organisation",
                  K_TEXT,
                  {"Organisation completing assessment", "Organisation completing the assessment",
                   "Organization completing assessment"}},
    /* list 3 */
    [F_REF_DATE] = {"referral_date", K_DATE, {"Date of Referral", "Referral Date"}},
    [F_REF_SOURCE] = {"referral_source", K_CODE, {"Referral Source", "Source of Referral"}},
    [F_REF_NFA] = {"referral_nfa", K_FLAG, {"Referral NFA?", "NFA", "Referral No Further Action"}},
    [F_REF_12M] = {"referrals_last_12m",
                   K_COUNT,
                   {"Number of Referrals in Last 12 Months",
                    "Number of Referrals in the Last 12 Months", "Referrals in Last 12 Months"}},
    /* list 4 */
    [F_AS_START] = {"assessment_start",
                    K_DATE,
                    {"Continuous Assessment Start Date", "Continuous Assessment Start"}},
    [F_AS_SEEN] = {"child_seen",
                   K_FLAG,
                   {"Child Seen During Continuous Assessment", "Child Seen During Assessment"}},
    [F_AS_AUTH] = {"assessment_authorised",
                   K_DATE,
                   {"Continuous Assessment Date of Authorisation",
                    "Continuous Assessment Date of Authorization",
                    "Assessment Date of Authorisation", "Assessment Authorisation Date"}},
    [F_AS_NEEDS] = {"needs_support",
                    K_FLAG,
                    {"Was the child assessed as requiring LA children's social care support?",
                     "Assessed as requiring LA children's social care support",
                     "Child assessed as requiring LA children's social care support"}},
    /* list 5 */
    [F_S47_DATE] = {"strategy_date",
                    K_DATE,
                    {"Strategy discussion initiating Section 47 Enquiry Start Date",
                     "Strategy discussion initiating S47 Enquiry Start Date",
                     "Section 47 Enquiry Start Date", "S47 Enquiry Start Date",
                     "Strategy Discussion Date"}},
    [F_ICPC_UNNEC] = {"icpc_not_required",
                      K_FLAG,
                      {"Was an Initial Child Protection Conference deemed unnecessary?",
                       "ICPC deemed unnecessary", "ICPC not required"}},
    [F_ICPC_DATE] = {"icpc_date",
                     K_DATE,
                     {"Date of Initial Child Protection Conference",
                      "Initial Child Protection Conference Date", "Date of ICPC", "ICPC Date"}},
    [F_ICPC_CPP] =
        {"cp_plan_resulted",
         K_FLAG,
         {"Did the Initial Child Protection Conference Result in a Child Protection Plan",
          "Did the ICPC result in a Child Protection Plan",
          "ICPC resulted in a Child Protection Plan"}},
    [F_S47_12M] = {"s47_last_12m",
                   K_DROP,
                   {"Number of Section 47 Enquiries in the last 12 months",
                    "Number of S47 Enquiries in the last 12 months"}},
    [F_ICPC_12M] = {"icpcs_last_12m", K_DROP, {"Number of ICPCs in the last 12 months"}},
    /* list 6 */
    [F_CIN_START] = {"cin_start_date", K_DATE, {"CIN Start Date", "Child in Need Start Date"}},
    [F_PNC] = {"primary_need", K_CODE, {"Primary Need Code", "Primary Need"}},
    [F_LAST_SEEN] = {"last_seen_date",
                     K_DATE,
                     {"Date Child Was Last Seen", "Date Child Last Seen"}},
    [F_CIN_CLOSE] = {"cin_closure_date",
                     K_DATE,
                     {"CIN Closure Date", "Child in Need Closure Date"}},
    [F_CLOSE_REASON] = {"closure_reason",
                        K_CODE,
                        {"Reason for Closure", "Closure Reason", "CIN Closure Reason"}},
    [F_CASE_STATUS] = {"case_status", K_CODE, {"Case Status"}},
    /* list 7 */
    [F_CPP_START] = {"cp_plan_start",
                     K_DATE,
                     {"Child Protection Plan Start Date", "CP Plan Start Date", "CPP Start Date"}},
    [F_CAT_INIT] = {"initial_category", K_CODE, {"Initial Category of Abuse", "Initial Category"}},
    [F_CAT_LATEST] = {"latest_category", K_CODE, {"Latest Category of Abuse", "Latest Category"}},
    [F_LAST_VISIT] = {"last_statutory_visit",
                      K_DROP,
                      {"Date of the Last Statutory Visit", "Date of Last Statutory Visit"}},
    [F_SEEN_ALONE] = {"seen_alone", K_DROP, {"Was the Child Seen Alone?"}},
    [F_LAST_RCPC] = {"latest_review_conference", K_DROP, {"Date of latest review conference"}},
    [F_CPP_END] = {"cp_plan_end",
                   K_DATE,
                   {"Child Protection Plan End Date", "CP Plan End Date", "CPP End Date"}},
    [F_EPO] = {"epo_or_police_powers",
               K_DROP,
               {"Subject to Emergency Protection Order or Protected Under Police Powers in Last "
                "Six Months (Y/N)"}},
    [F_PREV_CPP] = {"previous_cp_plans",
                    K_COUNT,
                    {"Number of Previous Child Protection Plans", "Number of Previous CP Plans"}},
    /* list 8 */
    [F_UASC] = {"uasc",
                K_FLAG,
                {"Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)",
                 "UASC within the Last 12 Months (Y/N)", "UASC within the Last 12 Months", "UASC"}},
    [F_CLA_START] = {"date_started_looked_after",
                     K_DATE,
                     {"Date Started to be Looked After", "Date Started Looked After",
                      "Date Became Looked After"}},
    [F_CLA_CIN] = {"category_of_need", K_CODE, {"Child's Category of Need", "Category of Need"}},
    [F_CLA_SECOND] = {"second_period_12m",
                      K_DROP,
                      {"Is this a second or subsequent period of being a Looked After Child "
                       "within the last 12 months (Y/N)"}},
    [F_LS_START] = {"legal_status_start", K_DROP, {"Start date of current legal status"}},
    [F_LS] = {"legal_status", K_CODE, {"Child's Legal Status", "Legal Status"}},
    [F_LAST_REVIEW] = {"latest_statutory_review", K_DROP, {"Date of Latest Statutory Review"}},
    [F_LAST_SW_VISIT] = {"last_social_work_visit", K_DROP, {"Date of Last Social Work Visit"}},
    [F_PERM_PLAN] = {"permanence_plan",
                     K_DROP,
                     {"What is the permanence plan for this child?", "Permanence Plan"}},
    [F_LAST_IRO] = {"last_iro_visit",
                    K_DROP,
                    {"Date of Last IRO Visit / Contact to the Child", "Date of Last IRO Visit"}},
    [F_LAST_HEALTH] = {"last_health_assessment", K_DROP, {"Date of Last Health Assessment"}},
    [F_LAST_DENTAL] = {"last_dental_check", K_DROP, {"Date of Last Dental Check"}},
    [F_PLACEMENTS_12M] = {"placements_last_12m",
                          K_DROP,
                          {"Number of Placements in the Last 12 months"}},
    [F_CLA_END] = {"date_ceased_looked_after",
                   K_DATE,
                   {"Date Ceased to be Looked After", "Date Ceased Looked After"}},
    [F_REC] = {"reason_ceased", K_CODE, {"Reason Ceased to be Looked After", "Reason Ceased"}},
    [F_PL_START] = {"placement_start", K_DROP, {"Start Date of Most Recent Placement"}},
    [F_PLACE] = {"placement_type", K_CODE, {"Placement Type"}},
    [F_PROVIDER] = {"placement_provider", K_CODE, {"Placement Provider"}},
    [F_POSTCODE] = {"placement_postcode", K_DROP, {"Placement postcode"}},
    [F_URN] = {"placement_urn", K_TEXT, {"URN of Placement", "Placement URN"}},
    [F_PL_LOCATION] = {"placement_location", K_DROP, {"Placement Location"}},
    [F_PL_LA] = {"placement_la", K_DROP, {"LA of Placement"}},
    [F_MISSING_12M] = {"missing_last_12m",
                       K_DROP,
                       {"Number of Episodes the Child has been 'Missing' from their Placement in "
                        "the last 12 months"}},
    [F_ABSENT_12M] = {"absent_last_12m",
                      K_DROP,
                      {"Number of Episodes the Child has been 'Absent' from their Placement in "
                       "the last 12 months"}},
    [F_RI_OFFERED] = {"return_interview_offered",
                      K_DROP,
                      {"Was the child offered a Return Interview after their last missing "
                       "episode (Y/N)?"}},
    [F_RI_ACCEPTED] = {"return_interview_accepted",
                       K_DROP,
                       {"Did the child accept a Return Interview after their last missing "
                        "episode (Y/N)?"}},
    /* list 9 */
    [F_ELIGIBILITY] = {"eligibility_category", K_CODE, {"Eligibility Category"}},
    [F_IN_TOUCH] = {"la_in_touch", K_CODE, {"LA in Touch"}},
    [F_ACCOM] = {"accommodation_type", K_CODE, {"Type of Accommodation"}},
    [F_ACCOM_SUITABLE] = {"accommodation_suitable", K_CODE, {"Suitability of Accommodation"}},
    [F_ACTIVITY] = {"activity_status", K_CODE, {"Activity Status"}},
    /* list 10 */
    [F_FAMILY] = {"family", K_PSEUDO, {"Family identifier", "Family ID"}},
    [F_ENTERED_CARE] = {"entered_care_date", K_DATE, {"Date the Child Entered Care"}},
    [F_ADM_DECISION] = {"adm_decision_date",
                        K_DATE,
                        {"Date of Decision that Child Should be Placed for Adoption"}},
    [F_PLACEMENT_ORDER] = {"placement_order_date", K_DATE, {"Date of Placement Order"}},
    [F_MATCHED] = {"matched_date", K_DATE, {"Date of Matching Child and Prospective Adopters"}},
    [F_PLACED_ADOPTION] = {"placed_for_adoption_date", K_DATE, {"Date Placed for Adoption"}},
    [F_ADOPTION_ORDER] = {"adoption_order_date", K_DATE, {"Date of Adoption Order"}},
    [F_NO_LONGER_DECISION] = {"no_longer_placed_decision_date",
                              K_DATE,
                              {"Date of Decision that Child Should No Longer be Placed for "
                               "Adoption"}},
    [F_NO_LONGER_REASON] = {"no_longer_placed_reason",
                            K_CODE,
                            {"Reason Why Child No Longer Placed for Adoption"}},
    [F_FFA_DATE] = {"ffa_placed_date",
                    K_DATE,
                    {"Date the child was placed for fostering in FFA or concurrent planning "
                     "placement"}},
    /* list 11 */
    [F_ADOPTER] = {"adopter",
                   K_ID,
                   {"Individual adopter identifier", "Adopter identifier", "Adopter ID"}},
    [F_ADOPTER_FFA] = {"fostering_for_adoption",
                       K_FLAG,
                       {"Is the (prospective) adopter fostering for adoption?"}},
    [F_ENQUIRY] = {"enquiry_date", K_DATE, {"Date enquiry received"}},
    [F_STAGE1_START] = {"stage1_start", K_DATE, {"Date Stage 1 started"}},
    [F_STAGE1_END] = {"stage1_end", K_DATE, {"Date Stage 1 ended"}},
    [F_STAGE2_START] = {"stage2_start", K_DATE, {"Date Stage 2 started"}},
    [F_STAGE2_END] = {"stage2_end", K_DATE, {"Date Stage 2 ended"}},
    [F_APP_SUBMITTED] = {"application_submitted", K_DATE, {"Date application submitted"}},
    [F_APP_APPROVED] = {"application_approved", K_DATE, {"Date application approved"}},
    [F_ADOPTER_MATCHED] = {"matched_date", K_DATE, {"Date adopter matched with child(ren)"}},
    [F_CHILDREN_PLACED] = {"children_placed_date",
                           K_DATE,
                           {"Date child/children placed with adopter(s)"}},
    [F_NUM_CHILDREN] = {"children_placed",
                        K_COUNT,
                        {"No. of children placed", "Number of children placed"}},
    [F_LEFT_DATE] = {"left_process_date", K_DATE, {"Date of leaving adoption process"}},
    [F_LEFT_REASON] = {"left_process_reason", K_CODE, {"Reason for leaving adoption process"}},
};

/* Columns that every child list shares; they do not tell lists apart. */
static bool is_common(field f)
{
    return f == F_ID || f == F_GENDER || f == F_ETHNICITY || f == F_DOB || f == F_AGE ||
           f == F_DISABILITY || f == F_TEAM || f == F_WORKER;
}

#define END F__COUNT
#define CHILD_COLS F_GENDER, F_ETHNICITY, F_DOB, F_AGE, F_DISABILITY, F_TEAM, F_WORKER

typedef struct list_def {
    int n;
    const char *title;
    field id;              /* F_ID, or F_ADOPTER for list 11 */
    const field *cols;     /* every known column but the id, END-terminated */
    const field *required; /* columns that must be present, END-terminated */
} list_def;

static const field L1[] = {CHILD_COLS, F_CONTACT_DATE, F_CONTACT_SOURCE, END};
static const field L2[] = {CHILD_COLS, F_EH_START, F_EH_END, F_EH_ORG, END};
static const field L3[] = {CHILD_COLS, F_REF_DATE, F_REF_SOURCE, F_REF_NFA, F_REF_12M, END};
static const field L4[] = {CHILD_COLS, F_AS_START, F_AS_SEEN, F_AS_AUTH, F_AS_NEEDS, END};
static const field L5[] = {CHILD_COLS, F_S47_DATE, F_ICPC_UNNEC, F_ICPC_DATE,
                           F_ICPC_CPP, F_S47_12M,  F_ICPC_12M,   END};
static const field L6[] = {CHILD_COLS,  F_CIN_START,    F_PNC,         F_LAST_SEEN,
                           F_CIN_CLOSE, F_CLOSE_REASON, F_CASE_STATUS, END};
static const field L7[] = {CHILD_COLS,   F_CPP_START,  F_CAT_INIT,  F_CAT_LATEST,
                           F_LAST_VISIT, F_SEEN_ALONE, F_LAST_RCPC, F_CPP_END,
                           F_EPO,        F_PREV_CPP,   END};
static const field L8[] = {CHILD_COLS,      F_UASC,           F_CLA_START,   F_CLA_CIN,
                           F_CLA_SECOND,    F_LS_START,       F_LS,          F_LAST_REVIEW,
                           F_LAST_SW_VISIT, F_PERM_PLAN,      F_LAST_IRO,    F_LAST_HEALTH,
                           F_LAST_DENTAL,   F_PLACEMENTS_12M, F_CLA_END,     F_REC,
                           F_PL_START,      F_PLACE,          F_PROVIDER,    F_POSTCODE,
                           F_URN,           F_PL_LOCATION,    F_PL_LA,       F_MISSING_12M,
                           F_ABSENT_12M,    F_RI_OFFERED,     F_RI_ACCEPTED, END};
static const field L9[] = {CHILD_COLS,       F_ELIGIBILITY, F_IN_TOUCH, F_ACCOM,
                           F_ACCOM_SUITABLE, F_ACTIVITY,    END};
static const field L10[] = {CHILD_COLS,         F_FAMILY,          F_ENTERED_CARE,
                            F_ADM_DECISION,     F_PLACEMENT_ORDER, F_MATCHED,
                            F_PLACED_ADOPTION,  F_ADOPTION_ORDER,  F_NO_LONGER_DECISION,
                            F_NO_LONGER_REASON, F_FFA_DATE,        END};
static const field L11[] = {F_FAMILY,
                            F_GENDER,
                            F_ETHNICITY,
                            F_DISABILITY,
                            F_ADOPTER_FFA,
                            F_ENQUIRY,
                            F_STAGE1_START,
                            F_STAGE1_END,
                            F_STAGE2_START,
                            F_STAGE2_END,
                            F_APP_SUBMITTED,
                            F_APP_APPROVED,
                            F_ADOPTER_MATCHED,
                            F_CHILDREN_PLACED,
                            F_NUM_CHILDREN,
                            F_ADOPTION_ORDER,
                            F_LEFT_DATE,
                            F_LEFT_REASON,
                            END};

static const field R1[] = {F_CONTACT_DATE, F_CONTACT_SOURCE, END};
static const field R2[] = {F_EH_START, END};
static const field R3[] = {F_REF_DATE, END};
static const field R4[] = {F_AS_START, END};
static const field R5[] = {F_S47_DATE, END};
static const field R6[] = {F_PNC, END};
static const field R7[] = {F_CPP_START, END};
static const field R8[] = {F_CLA_START, END};
static const field RNONE[] = {END};

static const list_def LISTS[11] = {
    {1, "contacts", F_ID, L1, R1},
    {2, "early help assessments", F_ID, L2, R2},
    {3, "referrals", F_ID, L3, R3},
    {4, "assessments", F_ID, L4, R4},
    {5, "section 47 enquiries and ICPCs", F_ID, L5, R5},
    {6, "children in need", F_ID, L6, R6},
    {7, "child protection", F_ID, L7, R7},
    {8, "children in care", F_ID, L8, R8},
    {9, "care leavers", F_ID, L9, RNONE},
    {10, "adoption", F_ID, L10, RNONE},
    {11, "adopters", F_ADOPTER, L11, RNONE},
};

/* ---- value decoding ------------------------------------------------------------------------- */

static bool is_space_at(const char *s, size_t len, size_t i, size_t *w)
{
    if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n') {
        *w = 1;
        return true;
    }
    if ((unsigned char)s[i] == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) {
        *w = 2; /* no-break space, common in spreadsheets */
        return true;
    }
    return false;
}

static void trim(const char **s, size_t *len)
{
    size_t w;
    while (*len && is_space_at(*s, *len, 0, &w))
        *s += w, *len -= w;
    for (;;) {
        if (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t' || (*s)[*len - 1] == '\r' ||
                     (*s)[*len - 1] == '\n'))
            (*len)--;
        else if (*len >= 2 && (unsigned char)(*s)[*len - 2] == 0xC2 &&
                 (unsigned char)(*s)[*len - 1] == 0xA0)
            *len -= 2;
        else
            break;
    }
}

const char *sg_annexa_code(const char *s, size_t len, size_t *out_len)
{
    trim(&s, &len);
    /* "a) " / "aa) " list-letter prefix */
    size_t k = 0;
    while (k < len && k < 2 && isalpha((unsigned char)s[k]))
        k++;
    if (k >= 1 && k < len && s[k] == ')' && k + 1 < len && (s[k + 1] == ' ' || s[k + 1] == '\t')) {
        s += k + 1;
        len -= k + 1;
        trim(&s, &len);
    }
    /* "CODE: text" or "CODE - text" */
    size_t t = 0;
    while (t < len && t <= 10 && isalnum((unsigned char)s[t]))
        t++;
    if (t >= 1 && t <= 10 && t < len) {
        size_t j = t;
        while (j < len && s[j] == ' ')
            j++;
        bool sep = false;
        size_t after = j;
        if (j < len && s[j] == ':') {
            sep = true;
            after = j + 1;
        } else if (j > t && j < len && s[j] == '-' && j + 1 < len && s[j + 1] == ' ') {
            sep = true;
            after = j + 2;
        } else if (j > t && j + 3 < len && (unsigned char)s[j] == 0xE2 &&
                   (unsigned char)s[j + 1] == 0x80 && (unsigned char)s[j + 2] == 0x93 &&
                   s[j + 3] == ' ') {
            sep = true; /* en dash */
            after = j + 4;
        }
        while (sep && after < len && s[after] == ' ')
            after++;
        if (sep && after < len) len = t;
    }
    *out_len = len;
    return s;
}

/* Category of abuse spelt out ("Physical abuse") -> the CIN code; NULL when not recognised. */
static const char *abuse_code(const char *s, size_t n)
{
    static const struct {
        const char *word, *code;
    } map[] = {
        {"neglect", "NEG"},        {"physical abuse", "PHY"},
        {"physical", "PHY"},       {"sexual abuse", "SAB"},
        {"sexual", "SAB"},         {"emotional abuse", "EMO"},
        {"emotional", "EMO"},      {"multiple", "MUL"},
        {"multiple abuse", "MUL"}, {"multiple/not recommended", "MUL"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strlen(map[i].word) == n && strncasecmp(map[i].word, s, n) == 0) return map[i].code;
    return NULL;
}

static int parse_flag(const char *s, size_t n)
{
    static const char *yes[] = {"y", "yes", "true", "1"};
    static const char *no[] = {"n", "no", "false", "0"};
    for (size_t i = 0; i < 4; i++) {
        if (strlen(yes[i]) == n && strncasecmp(yes[i], s, n) == 0) return SG_TRI_YES;
        if (strlen(no[i]) == n && strncasecmp(no[i], s, n) == 0) return SG_TRI_NO;
    }
    return SG_TRI_UNKNOWN;
}

/* A whole number (spreadsheets may write "2.0"); -1 when absent or not a count. */
static int parse_count(const char *s, size_t n)
{
    if (!n || n > 9) return -1;
    long v = 0;
    size_t i = 0;
    for (; i < n && isdigit((unsigned char)s[i]); i++)
        v = v * 10 + (s[i] - '0');
    if (i == 0) return -1;
    if (i < n && s[i] == '.') {
        for (i++; i < n && s[i] == '0'; i++) {
        }
    }
    return i == n ? (int)v : -1;
}

/* A date in any of Annex A's spellings: ISO, dd/mm/YYYY, an Excel serial (a fraction is a time
 * of day and is dropped), and ISO or UK dates followed by a time ("2020-09-16 00:00:00" as
 * exports from pandas and databases write). SG_DATE_NONE when none fits. */
static sg_date parse_date(const char *s, size_t n)
{
    sg_date d = sg_date_parse_any(s, n, true);
    if (d != SG_DATE_NONE) return d;
    size_t i = 0;
    while (i < n && isdigit((unsigned char)s[i]))
        i++;
    if (i > 0 && i < n && s[i] == '.') {
        size_t j = i + 1;
        while (j < n && isdigit((unsigned char)s[j]))
            j++;
        if (j == n) return sg_date_parse_excel(s, i);
    }
    for (i = 8; i < n; i++) {
        if (s[i] != ' ' && s[i] != 'T') continue;
        size_t j = i + 1;
        while (j < n && (isdigit((unsigned char)s[j]) || s[j] == ':' || s[j] == '.'))
            j++;
        if (j == n && j > i + 1) return sg_date_parse_any(s, i, false);
        break;
    }
    return SG_DATE_NONE;
}

/* ---- header matching ------------------------------------------------------------------------ */

typedef struct cellv {
    const char *p;
    size_t n;
} cellv;

/* Column index of each field in the header, -1 when absent. */
static void map_header(const cellv *h, size_t nh, int map[F__COUNT])
{
    for (int f = 0; f < F__COUNT; f++) {
        map[f] = -1;
        for (size_t c = 0; c < nh && map[f] < 0; c++)
            for (size_t k = 0; k < 7 && FIELDS[f].names[k]; k++)
                if (sg_csv_name_eq(h[c].p, h[c].n, FIELDS[f].names[k])) {
                    map[f] = (int)c;
                    break;
                }
    }
}

/* The list a header row belongs to (1..11), 0 when none: the list whose own columns (those
 * beyond the shared child columns) appear most, given its identifier column is there too. */
static int detect_list(const int map[F__COUNT])
{
    int best = 0, best_score = 0;
    for (int i = 0; i < 11; i++) {
        const list_def *L = &LISTS[i];
        if (map[L->id] < 0) continue;
        int score = 0;
        for (const field *f = L->cols; *f != END; f++)
            if (!is_common(*f) && map[*f] >= 0) score++;
        if (score > best_score) best = L->n, best_score = score;
    }
    return best;
}

int sg_annexa_detect_header(const sg_csv_row *hdr, char format[64])
{
    if (!hdr || hdr->nfields == 0) return 0;
    cellv *h = xmalloc(hdr->nfields * sizeof *h);
    for (size_t i = 0; i < hdr->nfields; i++)
        h[i] = (cellv){hdr->f[i].ptr, hdr->f[i].len};
    int map[F__COUNT];
    map_header(h, hdr->nfields, map);
    free(h);
    int n = detect_list(map);
    if (n) snprintf(format, 64, "annexa/%d", n);
    return n != 0;
}

/* ---- the import ------------------------------------------------------------------------------ */

typedef struct imp {
    const sg_ingest *in;
    sg_error *err;
    sg_arena arena;     /* per row */
    sg_arena hdr_arena; /* the current header's text, per sheet */
    char label[256];    /* "file" or "file[sheet]" for rejections */
    const list_def *list;
    int map[F__COUNT];
    const cellv *hdr; /* header cells (for naming fields as the file does) */
    size_t nhdr;
    sg_annexa_sheet_report *rep; /* this sheet's line of the report (never NULL) */
} imp;

static int reject(imp *im, long line, field f, const char *value, const char *reason)
{
    char fieldname[128] = "";
    if (f != F__COUNT) {
        int c = im->map[f];
        if (c >= 0 && (size_t)c < im->nhdr) {
            const char *p = im->hdr[c].p;
            size_t n = im->hdr[c].n;
            trim(&p, &n);
            snprintf(fieldname, sizeof fieldname, "%.*s", (int)(n < 120 ? n : 120), p);
        } else {
            snprintf(fieldname, sizeof fieldname, "%s", FIELDS[f].names[0]);
        }
    }
    sg_reject rj = {im->label, line, fieldname[0] ? fieldname : NULL, value, reason, NULL};
    im->in->stats->rejected++;
    im->rep->rejected++;
    return im->in->sink->reject(im->in->sink->ctx, &rj, im->err);
}

static int emit(imp *im, sg_rec *r, int64_t *id)
{
    int rc = im->in->sink->emit(im->in->sink->ctx, r, id, im->err);
    if (rc == SG_OK) im->in->stats->records[r->type]++;
    return rc;
}

/* The value of a field in this row, trimmed; NULL when the column is absent or the cell blank. */
static const char *raw(imp *im, const cellv *cells, size_t n, field f, size_t *len)
{
    int c = im->map[f];
    if (c < 0 || (size_t)c >= n) return NULL;
    const char *p = cells[c].p;
    size_t k = cells[c].n;
    trim(&p, &k);
    if (!k) return NULL;
    *len = k;
    return p;
}

static const char *text(imp *im, const cellv *cells, size_t n, field f)
{
    size_t len;
    const char *p = raw(im, cells, n, f, &len);
    return p ? sg_arena_strndup(&im->arena, p, len) : NULL;
}

static const char *code(imp *im, const cellv *cells, size_t n, field f)
{
    size_t len;
    const char *p = raw(im, cells, n, f, &len);
    if (!p) return NULL;
    p = sg_annexa_code(p, len, &len);
    if (!len) return NULL;
    if (f == F_CAT_INIT || f == F_CAT_LATEST) {
        const char *c = abuse_code(p, len);
        if (c) return c;
    }
    return sg_arena_strndup(&im->arena, p, len);
}

static int flag(imp *im, const cellv *cells, size_t n, field f)
{
    size_t len;
    const char *p = raw(im, cells, n, f, &len);
    if (!p) return SG_TRI_UNKNOWN;
    p = sg_annexa_code(p, len, &len);
    return parse_flag(p, len);
}

static int count(imp *im, const cellv *cells, size_t n, field f)
{
    size_t len;
    const char *p = raw(im, cells, n, f, &len);
    return p ? parse_count(p, len) : -1;
}

/* Parses every date column of the list into dates[]; rejects the row at the first one that is
 * present but not a real date. Returns SG_OK with *bad set when the row was rejected. */
static int read_dates(imp *im, const cellv *cells, size_t n, long line, sg_date dates[F__COUNT],
                      bool *bad)
{
    *bad = false;
    for (int f = 0; f < F__COUNT; f++)
        dates[f] = SG_DATE_NONE;
    for (const field *f = im->list->cols; *f != END; f++) {
        if (FIELDS[*f].kind != K_DATE) continue;
        size_t len;
        const char *p = raw(im, cells, n, *f, &len);
        if (!p) continue;
        dates[*f] = parse_date(p, len);
        if (dates[*f] != SG_DATE_NONE) continue;
        *bad = true;
        /* A date of birth is identifying even when mistyped: it is not echoed. */
        const char *value = *f == F_DOB ? NULL : sg_arena_strndup(&im->arena, p, len);
        return reject(im, line, *f, value,
                      *f == F_DOB ? "not a real date (value withheld: date of birth); expected "
                                    "YYYY-MM-DD, dd/mm/YYYY or an Excel serial number"
                                  : "not a real date; expected YYYY-MM-DD, dd/mm/YYYY or an Excel "
                                    "serial number");
    }
    return SG_OK;
}

/* Pseudonym of a secondary identifier (family, adopter), kept apart from children's IDs by a
 * prefix so that family 123 and child 123 do not share a pseudonym. */
static const char *pseudo_of(imp *im, const char *prefix, const char *p, size_t len)
{
    char buf[256];
    int k = snprintf(buf, sizeof buf, "%s:%.*s", prefix, (int)(len < 200 ? len : 200), p);
    char out[SG_PSEUDO_LEN + 1];
    if (k < 0 || sg_pseudo_make(im->in->pseudo, SG_ID_LA, buf, (size_t)k, out) != SG_OK)
        return NULL;
    return sg_arena_strdup(&im->arena, out);
}

/* The extra record for lists 6, 9, 10 and 11: every kept column present in the file. */
static int emit_extra(imp *im, const cellv *cells, size_t n, long line, const char *child,
                      const sg_date dates[F__COUNT], const char *adopter)
{
    sg_rec r;
    sg_rec_init(&r, SG_REC_EXTRA);
    r.line = line;
    snprintf(r.child, sizeof r.child, "%s", child);
    char table[16];
    snprintf(table, sizeof table, "annexa/%d", im->list->n);
    r.u.extra.table = table;
    sg_rec_extra *x = &r.u.extra;
    if (adopter) {
        x->names[x->nfields] = "adopter";
        x->values[x->nfields++] = adopter;
    }
    bool adult = im->list->id == F_ADOPTER;
    for (const field *f = im->list->cols; *f != END && x->nfields < SG_EXTRA_MAX; f++) {
        const field_def *d = &FIELDS[*f];
        /* A child's own characteristics go in its child record, not here. */
        if (!adult && is_common(*f)) continue;
        if (im->map[*f] < 0) continue;
        const char *v = NULL;
        size_t len;
        switch (d->kind) {
        case K_DROP:
        case K_ID:
            continue;
        case K_DATE: {
            if (dates[*f] == SG_DATE_NONE) continue;
            char iso[11];
            v = sg_arena_strdup(&im->arena, sg_date_iso(dates[*f], iso));
            break;
        }
        case K_PSEUDO: {
            const char *p = raw(im, cells, n, *f, &len);
            v = p ? pseudo_of(im, "FAMILY", p, len) : NULL;
            break;
        }
        case K_CODE:
        case K_FLAG:
            v = code(im, cells, n, *f);
            break;
        case K_TEXT:
        case K_COUNT:
            v = text(im, cells, n, *f);
            break;
        }
        if (!v) continue;
        x->names[x->nfields] = d->key;
        x->values[x->nfields++] = v;
    }
    return emit(im, &r, NULL);
}

static int do_row(imp *im, const cellv *cells, size_t n, long line)
{
    bool blank = true;
    for (size_t i = 0; i < n && blank; i++) {
        const char *p = cells[i].p;
        size_t k = cells[i].n;
        trim(&p, &k);
        if (k) blank = false;
    }
    if (blank) return SG_OK;
    sg_arena_reset(&im->arena);
    im->in->stats->rows_read++;
    im->rep->rows++;

    const list_def *L = im->list;
    size_t idlen;
    const char *id = raw(im, cells, n, L->id, &idlen);
    char pseudo[SG_PSEUDO_LEN + 1] = "";
    if (L->id == F_ID) {
        if (!id || sg_pseudo_make(im->in->pseudo, SG_ID_LA, id, idlen, pseudo) != SG_OK)
            return reject(im, line, F_ID, NULL, "no child identifier");
    }
    const char *adopter = NULL;
    if (L->id == F_ADOPTER) {
        adopter = id ? pseudo_of(im, "ADOPTER", id, idlen) : NULL;
        if (!adopter) return reject(im, line, F_ADOPTER, NULL, "no adopter identifier");
    }
    sg_date d[F__COUNT];
    bool bad;
    int rc = read_dates(im, cells, n, line, d, &bad);
    if (rc || bad) return rc;

    if (L->n == 11) return emit_extra(im, cells, n, line, "", d, adopter);

    sg_rec r;
    sg_rec_init(&r, SG_REC_CHILD);
    r.line = line;
    snprintf(r.child, sizeof r.child, "%s", pseudo);
    if (d[F_DOB] != SG_DATE_NONE) {
        int y, m, dd;
        sg_date_to_ymd(d[F_DOB], &y, &m, &dd);
        r.u.child.birth_year = y;
        r.u.child.birth_month = m;
    }
    r.u.child.sex = code(im, cells, n, F_GENDER);
    r.u.child.ethnicity = code(im, cells, n, F_ETHNICITY);
    r.u.child.disabilities = code(im, cells, n, F_DISABILITY);
    if (L->n == 8) r.u.child.uasc = flag(im, cells, n, F_UASC);
    if ((rc = emit(im, &r, NULL))) return rc;

    switch (L->n) {
    case 1:
        sg_rec_init(&r, SG_REC_CONTACT);
        r.u.contact.date = d[F_CONTACT_DATE];
        r.u.contact.source = code(im, cells, n, F_CONTACT_SOURCE);
        break;
    case 2:
        sg_rec_init(&r, SG_REC_EARLY_HELP);
        r.u.early_help.start = d[F_EH_START];
        r.u.early_help.end = d[F_EH_END];
        r.u.early_help.organisation = text(im, cells, n, F_EH_ORG);
        break;
    case 3:
        sg_rec_init(&r, SG_REC_REFERRAL);
        r.u.referral.referral_date = d[F_REF_DATE];
        r.u.referral.source = code(im, cells, n, F_REF_SOURCE);
        r.u.referral.nfa = flag(im, cells, n, F_REF_NFA);
        r.u.referral.referrals_last_12m = count(im, cells, n, F_REF_12M);
        break;
    case 4:
        sg_rec_init(&r, SG_REC_ASSESSMENT);
        r.u.assessment.start = d[F_AS_START];
        r.u.assessment.authorised = d[F_AS_AUTH];
        r.u.assessment.child_seen = flag(im, cells, n, F_AS_SEEN);
        r.u.assessment.needs_support = flag(im, cells, n, F_AS_NEEDS);
        break;
    case 5:
        sg_rec_init(&r, SG_REC_STRATEGY);
        r.line = line;
        snprintf(r.child, sizeof r.child, "%s", pseudo);
        r.u.strategy.date = d[F_S47_DATE];
        if ((rc = emit(im, &r, NULL))) return rc;
        sg_rec_init(&r, SG_REC_S47);
        r.u.s47.start = d[F_S47_DATE];
        r.u.s47.icpc_not_required = flag(im, cells, n, F_ICPC_UNNEC);
        r.u.s47.icpc_date = d[F_ICPC_DATE];
        r.u.s47.cp_plan_resulted = flag(im, cells, n, F_ICPC_CPP);
        break;
    case 7:
        sg_rec_init(&r, SG_REC_CP_PLAN);
        r.u.cp_plan.start = d[F_CPP_START];
        r.u.cp_plan.end = d[F_CPP_END];
        r.u.cp_plan.initial_category = code(im, cells, n, F_CAT_INIT);
        r.u.cp_plan.latest_category = code(im, cells, n, F_CAT_LATEST);
        r.u.cp_plan.previous_plans = count(im, cells, n, F_PREV_CPP);
        break;
    case 8:
        sg_rec_init(&r, SG_REC_CLA_EPISODE);
        r.u.cla_episode.start = d[F_CLA_START];
        r.u.cla_episode.end = d[F_CLA_END];
        r.u.cla_episode.legal_status = code(im, cells, n, F_LS);
        r.u.cla_episode.cin = code(im, cells, n, F_CLA_CIN);
        r.u.cla_episode.placement = code(im, cells, n, F_PLACE);
        r.u.cla_episode.provider = code(im, cells, n, F_PROVIDER);
        r.u.cla_episode.reason_ceased = code(im, cells, n, F_REC);
        r.u.cla_episode.urn = text(im, cells, n, F_URN);
        break;
    default: /* 6, 9, 10 */
        return emit_extra(im, cells, n, line, pseudo, d, NULL);
    }
    r.line = line;
    snprintf(r.child, sizeof r.child, "%s", pseudo);
    return emit(im, &r, NULL);
}

/* Takes hdr as the header of list L: keeps a copy of its text, maps its columns and checks the
 * required ones (a missing one fails the whole file, naming the column). */
static int use_header(imp *im, const list_def *L, const cellv *hdr, size_t nhdr, long line)
{
    sg_arena_reset(&im->hdr_arena);
    cellv *h = sg_arena_alloc(&im->hdr_arena, (nhdr ? nhdr : 1) * sizeof *h);
    for (size_t i = 0; i < nhdr; i++)
        h[i] = (cellv){sg_arena_strndup(&im->hdr_arena, hdr[i].p, hdr[i].n), hdr[i].n};
    im->list = L;
    im->hdr = h;
    im->nhdr = nhdr;
    map_header(hdr, nhdr, im->map);
    if (im->map[L->id] < 0)
        return sg_err_at(im->err, SG_EPARSE, im->label, line, 0, FIELDS[L->id].names[0],
                         "Annex A list %d (%s) needs a \"%s\" column", L->n, L->title,
                         FIELDS[L->id].names[0]);
    for (const field *f = L->required; *f != END; f++)
        if (im->map[*f] < 0)
            return sg_err_at(im->err, SG_EPARSE, im->label, line, 0, FIELDS[*f].names[0],
                             "Annex A list %d (%s) needs a \"%s\" column", L->n, L->title,
                             FIELDS[*f].names[0]);
    im->rep->list = L->n;
    im->rep->header_row = line;
    return SG_OK;
}

/* ---- one list as CSV ------------------------------------------------------------------------- */

typedef struct cells_buf {
    cellv *v;
    size_t cap;
} cells_buf;

static cellv *cells_fill(cells_buf *b, size_t n)
{
    if (n > b->cap) {
        b->cap = n;
        b->v = xrealloc(b->v, n * sizeof *b->v);
    }
    return b->v;
}

static int import_csv(imp *im, int n)
{
    const list_def *L = &LISTS[n - 1];
    sg_csv *c = sg_csv_new(im->in->fp, im->in->name, NULL);
    cells_buf cb = {NULL, 0};
    int rc = SG_OK;
    bool have_header = false;
    long searched = 0;
    for (;;) {
        const sg_csv_row *row = NULL;
        sg_error cerr;
        sg_error_clear(&cerr);
        rc = sg_csv_next(c, &row, &cerr);
        if (rc == SG_EPARSE && have_header && row) {
            /* One malformed record: keep it as rejected (without its raw text, which holds the
             * child's identifier) and read on. */
            im->in->stats->rows_read++;
            im->rep->rows++;
            im->in->stats->rejected++;
            im->rep->rejected++;
            sg_reject rj = {im->label, row->line, NULL, NULL, cerr.msg, NULL};
            rc = im->in->sink->reject(im->in->sink->ctx, &rj, im->err);
            if (rc) break;
            continue;
        }
        if (rc) {
            if (im->err) *im->err = cerr;
            break;
        }
        if (!row) break;
        cellv *cv = cells_fill(&cb, row->nfields);
        for (size_t i = 0; i < row->nfields; i++)
            cv[i] = (cellv){row->f[i].ptr, row->f[i].len};
        if (have_header) {
            rc = do_row(im, cv, row->nfields, row->line);
            if (rc) break;
            continue;
        }
        /* The header is the first row holding the list's identifier column; a title row or
         * two above it is tolerated. */
        int map[F__COUNT];
        map_header(cv, row->nfields, map);
        if (map[L->id] >= 0) {
            rc = use_header(im, L, cv, row->nfields, row->line);
            if (rc) break;
            have_header = true;
        } else if (++searched >= HEADER_SEARCH_ROWS) {
            break;
        }
    }
    if (rc == SG_OK && !have_header)
        rc = sg_err_at(im->err, SG_EPARSE, im->label, 0, 0, FIELDS[L->id].names[0],
                       "no header row with a \"%s\" column in the first %d rows: not Annex A "
                       "list %d (%s)",
                       FIELDS[L->id].names[0], HEADER_SEARCH_ROWS, L->n, L->title);
    sg_csv_free(c);
    free(cb.v);
    return rc;
}

/* ---- a workbook ------------------------------------------------------------------------------ */

typedef struct sheet_ctx {
    imp *im;
    bool have_header;
    cells_buf cb;
} sheet_ctx;

static int on_sheet_row(void *ctx, const sg_xlsx_row *row, sg_error *err)
{
    sheet_ctx *sc = ctx;
    imp *im = sc->im;
    (void)err; /* the same sg_error as im->err */
    cellv *cv = cells_fill(&sc->cb, row->ncells);
    for (size_t i = 0; i < row->ncells; i++)
        cv[i] = (cellv){row->cell[i], row->len[i]};
    if (sc->have_header) return do_row(im, cv, row->ncells, row->row);
    /* Look for the header in the first rows; a sheet without one (notes, lookups, a cover
     * page) is skipped. */
    if (row->row > HEADER_SEARCH_ROWS) return SG_XLSX_STOP;
    int map[F__COUNT];
    map_header(cv, row->ncells, map);
    int n = detect_list(map);
    if (!n) return SG_OK;
    int rc = use_header(im, &LISTS[n - 1], cv, row->ncells, row->row);
    if (rc) return rc;
    sc->have_header = true;
    return SG_OK;
}

static int import_xlsx(imp *im, sg_annexa_report *rep, sg_annexa_sheet_report *scratch)
{
    sg_xlsx *x = NULL;
    int rc = sg_xlsx_open(im->in->fp, im->in->name, NULL, &x, im->err);
    if (rc) return rc;
    size_t ns = sg_xlsx_sheet_count(x);
    rep->nsheets = ns;
    for (size_t i = 0; i < ns && rc == SG_OK; i++) {
        const char *name = sg_xlsx_sheet_name(x, i);
        im->rep = i < SG_ANNEXA_REPORT_SHEETS ? &rep->sheet[i] : scratch;
        memset(im->rep, 0, sizeof *im->rep);
        snprintf(im->rep->name, sizeof im->rep->name, "%s", name);
        snprintf(im->label, sizeof im->label, "%s[%s]", im->in->name, name);
        sheet_ctx sc = {im, false, {NULL, 0}};
        rc = sg_xlsx_rows(x, i, on_sheet_row, &sc, im->err);
        free(sc.cb.v);
        if (rc == SG_OK && !sc.have_header) rep->skipped++;
    }
    sg_xlsx_free(x);
    return rc;
}

int sg_annexa_import_report(const sg_ingest *in, sg_annexa_report *rep, sg_error *err)
{
    sg_annexa_report local;
    if (!rep) rep = &local;
    memset(rep, 0, sizeof *rep);
    sg_annexa_sheet_report scratch;
    memset(&scratch, 0, sizeof scratch);
    int list = 0;
    bool xlsx = false;
    const char *fmt = in->format ? in->format : "";
    if (strcmp(fmt, "annexa-xlsx") == 0) {
        xlsx = true;
    } else if (strncmp(fmt, "annexa/", 7) == 0) {
        char *end;
        long n = strtol(fmt + 7, &end, 10);
        if (end != fmt + 7 && !*end && n >= 1 && n <= 11) list = (int)n;
    }
    if (!xlsx && !list)
        return sg_err_at(err, SG_EINVAL, in->name, 0, 0, NULL,
                         "\"%s\" is not an Annex A format (annexa/1 .. annexa/11 or annexa-xlsx)",
                         fmt);
    imp im;
    memset(&im, 0, sizeof im);
    im.in = in;
    im.err = err;
    sg_arena_init(&im.arena, 8192);
    sg_arena_init(&im.hdr_arena, 8192);
    int rc;
    if (xlsx) {
        rc = import_xlsx(&im, rep, &scratch);
    } else {
        rep->nsheets = 1;
        im.rep = &rep->sheet[0];
        snprintf(im.label, sizeof im.label, "%s", in->name);
        rc = import_csv(&im, list);
        if (rc == SG_OK && !rep->sheet[0].list) rep->skipped = 1;
    }
    if (rc == SG_OK) in->stats->skipped_parts += (long)rep->skipped;
    sg_arena_fini(&im.arena);
    sg_arena_fini(&im.hdr_arena);
    return rc;
}

int sg_annexa_import(const sg_ingest *in, sg_error *err)
{
    return sg_annexa_import_report(in, NULL, err);
}

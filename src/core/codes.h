/* codes.h - the DfE code sets, and those of our agency templates, in one table for the whole
 * program: the validation rules, the indicators and the generator take a set's codes from
 * here (the importers store codes as written and leave judging them to the rules), so a code
 * list is written once: data/code_sets.csv, embedded in the library at build time.
 *
 * Each row of the file is one version of a set: its name, the collection years it applies to
 * (from_year / to_year as the year a collection's 31 March falls in, 2025 = 2024-25; blank =
 * no limit known), the specification it was copied from, and its codes, space separated, in
 * the specification's order (the generator's weights and the indicators' breakdowns follow
 * that order). A set that changed has one row per version with its years (903_sex: 1 2 up to
 * 2023-24, M F U from 2024-25; cin_upn_la: 942 and 943 from 2023-24), and sg_code_set_for_year
 * picks between them; rules and the generator ask for the year they work on. */
#ifndef SG_CORE_CODES_H
#define SG_CORE_CODES_H

#include <stddef.h>

typedef enum sg_code_set_id {
    SG_CS_ETHNICITY,           /* CIN Ethnicity, SSDA903 ETHNIC */
    SG_CS_CIN_DISABILITY,      /* CIN Disability */
    SG_CS_CIN_REFERRAL_SOURCE, /* CIN ReferralSource, Annex A list 1-3 source */
    SG_CS_CIN_PRIMARY_NEED,    /* CIN PrimaryNeedCode (N0-N9) */
    SG_CS_CIN_CLOSURE_REASON,  /* CIN ReasonForClosure */
    SG_CS_CIN_ABUSE_CATEGORY,  /* CIN Initial/LatestCategoryOfAbuse */
    SG_CS_CIN_FACTOR,          /* CIN AssessmentFactors */
    SG_CS_903_SEX,
    SG_CS_903_REASON_NEW_EPISODE,
    SG_CS_903_LEGAL_STATUS,
    SG_CS_903_CATEGORY_OF_NEED, /* N1-N8 */
    SG_CS_903_PLACEMENT,
    SG_CS_903_PLACEMENT_PROVIDER,
    SG_CS_903_REASON_CEASED,
    SG_CS_903_REASON_PLACE_CHANGE,
    SG_CS_903_REVIEW_CODE,
    SG_CS_903_MISSING,
    SG_CS_903_IN_TOUCH,
    SG_CS_903_ACTIVITY,
    SG_CS_903_ACCOMMODATION,
    SG_CS_903_SEX_ADOPTER,
    SG_CS_903_LS_ADOPTER,
    SG_CS_903_REASON_NO_LONGER_PLACED,
    SG_CS_903_PREVIOUS_PERMANENCE,
    SG_CS_903_SDQ_REASON,
    SG_CS_903_UPN_UNKNOWN,
    SG_CS_903_SW_REASON, /* SSDA903 social worker episodes SW_REASON */
    SG_CS_CIN_UPN_LA,    /* CIN rule 1530: the LA codes a UPN's characters 2-4 may be */
    SG_CS_LADO_CATEGORY, /* our LADO template (docs/formats/agency.md), not a DfE set */
    SG_CS_LADO_OUTCOME,  /* the same; ONGOING last */
    SG_CS_LADO_EMPLOYMENT_SECTOR,
    SG_CS_POLICE_EVENT_TYPE, /* our police events template */
    SG_CS_VPR_TYPE,
    SG_CS_EARLY_HELP_OUTCOME, /* our early help template */
    SG_CS__COUNT
} sg_code_set_id;

typedef struct sg_code_set {
    const char *name;        /* as in the file: "ethnicity", "903_legal_status" ... */
    int from_year, to_year;  /* collection years it applies to; 0 = no limit */
    const char *source;      /* the specification it was copied from */
    const char *list;        /* "WBRI WIRI ...": the codes space separated (sg_vcode_in's form) */
    const char *const *code; /* the same codes one by one, n of them */
    size_t n;
} sg_code_set;

/* The set as it applies to the latest collection (the row without a to_year). Never NULL: a
 * set missing from the embedded file is a build error, caught by the first call (abort) and
 * by the unit tests. */
const sg_code_set *sg_code_set_get(sg_code_set_id id);

/* The set as it applies to collection year `year` (2025 = 2024-25); NULL when no row does. */
const sg_code_set *sg_code_set_for_year(sg_code_set_id id, int year);

/* Shorthand: the latest set's codes, space separated. */
const char *sg_codes(sg_code_set_id id);

/* Index of code in the set, ignoring ASCII case; s->n when it is not one (or NULL). */
size_t sg_code_index(const sg_code_set *s, const char *code);

#endif

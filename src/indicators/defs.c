/* defs.c - the indicator definitions as data: one row per indicator, in booklet order, with
 * what is counted, the unit, polarity, data owner, source and the definition followed. The
 * counting itself is in compute.c, keyed by `measure`; docs/indicators.md explains each row.
 * Adding an indicator that reuses a measure (a rate beside a count) is one row here. */
#include "indicators/ind_int.h"

#include <string.h>

/* Citations (docs/indicators.md gives the full references and versions). */
#define R_CIN "DfE CIN statistics methodology 2024-25"
#define R_CLA "DfE CLA statistics methodology 2024-25"
#define R_WT "Working Together to Safeguard Children 2023"
#define R_ANNEXA "Ofsted ILACS Annex A (2023)"
#define R_903 "DfE SSDA903 guide 2024-25 (missing)"
#define R_LOCAL "local"

#define POP "children aged 0-17 (ONS mid-year estimate)"

#define F SG_IND_FLOW
#define S SG_IND_SNAPSHOT
#define CNT SG_IND_COUNT
#define PCT SG_IND_PCT
#define RATE SG_IND_RATE10K
#define DAYS SG_IND_DAYS
#define HI SG_IND_HIGHER_BETTER
#define LO SG_IND_LOWER_BETTER
#define DO SG_IND_DATA_ONLY
#define CSC SG_IND_SRC_CSC

#define D(id, grp, title, kind, unit, pol, num, den, owner, src, def, ref, local, m)               \
    {                                                                                              \
        id, grp, title, kind, unit, pol, num, den, owner, src, def, ref, local, m                  \
    }

/* Referral source groups, in the DfE's published order. */
#define REFSRC(i, id, title, codes)                                                                \
    D("ref_src_" id, "referrals", "Referrals from " title, F, PCT, DO,                             \
      "referrals in the period whose source is " codes, "referrals in the period", "CSC", CSC,     \
      "Referral source (CIN census ReferralSource / Annex A list 3) grouped as the DfE "           \
      "publishes: " codes ".",                                                                     \
      R_CIN, 0, M_REF_SRC + (i))

#define CAT(base, kind, m0, i, code, name, what, total)                                            \
    D(base "_" code, "cp", what " - " name, kind, PCT, DO, what " with initial category " name,    \
      total, "CSC", CSC,                                                                           \
      "Initial category of abuse (InitialCategoryOfAbuse): NEG neglect, EMO emotional, PHY "       \
      "physical, SAB sexual, MUL multiple; 'other' is any other or missing code.",                 \
      R_CIN, 0, (m0) + (i))

static const sg_ind_def defs[] = {
    /* ---- contacts ---- */
    D("contacts", "contacts", "Contacts", F, CNT, DO, "contacts received in the period", NULL,
      "CSC", SG_IND_SRC_ANNEXA,
      "Contacts to children's social care dated in the period (Annex A list 1, Date of "
      "Contact), one per child and date.",
      R_ANNEXA, 0, M_CONTACTS),
    D("contact_referral_pct", "contacts", "Contacts converted to referrals", F, PCT, DO,
      "referrals in the period", "contacts in the period", "CSC", SG_IND_SRC_CSC_AND_ANNEXA,
      "Referrals in the period as a percentage of contacts in the period (a ratio of two "
      "counts, as LA trackers show it; not a child-by-child link).",
      R_LOCAL, 1, M_CONTACT_CONV),
    /* ---- referrals ---- */
    D("referrals", "referrals", "Referrals", F, CNT, DO, "referrals received in the period", NULL,
      "CSC", CSC, "CIN referrals (CINreferralDate) in the period, one per child and referral date.",
      R_CIN, 0, M_REFERRALS),
    D("referrals_rate", "referrals", "Referrals per 10,000 children", F, RATE, DO,
      "referrals received in the period", POP, "CSC", CSC,
      "Referrals in the period per 10,000 children aged 0-17 (not annualised for months and "
      "quarters).",
      R_CIN, 0, M_REFERRALS),
    D("rereferrals_pct", "referrals", "Re-referrals within 12 months", F, PCT, LO,
      "referrals in the period within 12 months of the child's previous referral",
      "referrals in the period", "CSC", CSC,
      "A referral whose child had an earlier referral dated on or after the same day 12 "
      "months before (same date a year earlier counts; 29 February maps to 28 February). "
      "Earlier years' returns are used when stored; flagged partial history otherwise.",
      R_CIN, 0, M_REREFERRALS),
    D("referrals_nfa_pct", "referrals", "Referrals with no further action", F, PCT, DO,
      "referrals in the period recorded as NFA (ReferralNFA true)", "referrals in the period",
      "CSC", CSC, "Referrals in the period with ReferralNFA recorded true.", R_CIN, 0, M_REF_NFA),
    D("referrals_assessed_pct", "referrals", "Referrals leading to an assessment", F, PCT, DO,
      "referrals in the period with an assessment", "referrals in the period", "CSC", CSC,
      "Referrals in the period with at least one assessment: linked in the CIN census episode, "
      "or (Annex A) an assessment of the child starting on or after the referral and before "
      "the child's next referral.",
      R_LOCAL, 1, M_REF_ASSESSED),
    REFSRC(0, "individual", "individuals", "1A-1D (family, acquaintance, self, other)"),
    REFSRC(1, "schools", "schools", "2A"),
    REFSRC(2, "education", "education services", "2B"),
    REFSRC(3, "health", "health services", "3A-3F"),
    REFSRC(4, "housing", "housing", "4"),
    REFSRC(5, "la", "local authority services", "5A-5D"),
    REFSRC(6, "police", "police", "6"),
    REFSRC(7, "legal", "other legal agencies", "7"),
    REFSRC(8, "other", "other sources", "8"),
    REFSRC(9, "anonymous", "anonymous sources", "9"),
    REFSRC(10, "unknown", "unknown sources", "10"),
    REFSRC(11, "not_recorded", "no recorded source", "missing or not a source code"),
    /* ---- assessments ---- */
    D("assessments", "assessments", "Assessments completed", F, CNT, DO,
      "assessments authorised in the period", NULL, "CSC", CSC,
      "Continuous assessments completed (AssessmentAuthorisationDate) in the period.", R_CIN, 0,
      M_ASSESSMENTS),
    D("assessments_rate", "assessments", "Assessments per 10,000 children", F, RATE, DO,
      "assessments authorised in the period", POP, "CSC", CSC,
      "Assessments completed in the period per 10,000 children aged 0-17.", R_CIN, 0,
      M_ASSESSMENTS),
    D("ass_45wd_pct", "assessments", "Assessments within 45 working days (from start)", F, PCT, HI,
      "completed assessments authorised within 45 working days of their start",
      "assessments completed in the period with a start date", "CSC", CSC,
      "Working days from AssessmentActualStartDate to authorisation (bands same day ... 41-45), "
      "the anchor of the DfE's validation rules and published duration bands.",
      R_CIN, 0, M_ASS_45_START),
    D("ass_45wd_ref_pct", "assessments", "Assessments within 45 working days (from referral)", F,
      PCT, HI, "completed assessments authorised within 45 working days of the referral",
      "assessments completed in the period with a known referral date", "CSC", CSC,
      "Working days from the referral (the CIN episode's CINreferralDate; Annex A: the child's "
      "latest referral on or before the assessment start) to authorisation: the Working "
      "Together timescale. Labelled: a second anchor beside the DfE's.",
      R_WT, 1, M_ASS_45_REF),
    D("ass_median_wd", "assessments", "Median assessment duration (working days)", F, DAYS, LO,
      "assessments completed in the period with a start date", NULL, "CSC", CSC,
      "Median working days from assessment start to authorisation (mean of the middle two "
      "when even).",
      R_CIN, 0, M_ASS_MEDIAN),
    D("ass_not_in_need_pct", "assessments", "Assessments ending in no further action", F, PCT, DO,
      "completed assessments where the child was assessed not in need",
      "assessments completed in the period", "CSC", CSC,
      "Assessed not in need: Annex A 'requiring CSC support' = No; CIN census factor 21 (no "
      "factors identified) when that flag is absent.",
      R_CIN, 0, M_ASS_NOT_IN_NEED),
    /* ---- strategy discussions, section 47, conferences ---- */
    D("strategy_discussions", "s47", "Strategy discussions", F, CNT, DO,
      "strategy discussions held in the period", NULL, "CSC", SG_IND_SRC_ANNEXA,
      "Strategy discussions (Annex A list 5) dated in the period, one per child and date. The "
      "CIN census does not carry them.",
      R_ANNEXA, 0, M_STRATEGY),
    D("s47", "s47", "Section 47 enquiries", F, CNT, DO, "section 47 enquiries started", NULL, "CSC",
      CSC, "Section 47 enquiries with S47ActualStartDate in the period.", R_CIN, 0, M_S47),
    D("s47_rate", "s47", "Section 47 enquiries per 10,000 children", F, RATE, DO,
      "section 47 enquiries started", POP, "CSC", CSC,
      "Section 47 enquiries started per 10,000 children aged 0-17.", R_CIN, 0, M_S47),
    D("icpcs", "s47", "Initial child protection conferences", F, CNT, DO,
      "ICPCs held in the period", NULL, "CSC", CSC,
      "Section 47 enquiries whose DateOfInitialCPC is in the period (ICPCs held before their "
      "S47 start included).",
      R_CIN, 0, M_ICPC),
    D("icpcs_rate", "s47", "ICPCs per 10,000 children", F, RATE, DO, "ICPCs held in the period",
      POP, "CSC", CSC, "ICPCs held per 10,000 children aged 0-17.", R_CIN, 0, M_ICPC),
    D("icpc_15wd_pct", "s47", "ICPCs within 15 working days of the S47 start", F, PCT, HI,
      "ICPCs held within 15 working days of the S47 start",
      "ICPCs in the period not dated before their S47 start", "CSC", CSC,
      "Working days from S47ActualStartDate to the ICPC (bands 0-10, 11-15, 16-20, 21+); ICPCs "
      "dated before their S47 start stay in the ICPC count but are left out of the bands and "
      "of this percentage.",
      R_CIN, 0, M_ICPC_15),
    D("icpc_15wd_strategy_pct", "s47", "ICPCs within 15 working days of the strategy discussion", F,
      PCT, HI, "ICPCs held within 15 working days of the strategy discussion",
      "ICPCs in the period with a strategy discussion found", "CSC", SG_IND_SRC_CSC_AND_ANNEXA,
      "Local variant (Working Together's wording): from the child's latest strategy discussion "
      "on or up to 28 days before the S47 start (Annex A list 5) to the ICPC.",
      R_WT, 1, M_ICPC_15_STRAT),
    D("icpc_wd_0_10", "s47", "ICPCs 0-10 working days after the S47 start", F, CNT, DO,
      "ICPCs in the band", NULL, "CSC", CSC, "DfE duration band 0-10 working days.", R_CIN, 0,
      M_ICPC_BAND + 0),
    D("icpc_wd_11_15", "s47", "ICPCs 11-15 working days after the S47 start", F, CNT, DO,
      "ICPCs in the band", NULL, "CSC", CSC, "DfE duration band 11-15 working days.", R_CIN, 0,
      M_ICPC_BAND + 1),
    D("icpc_wd_16_20", "s47", "ICPCs 16-20 working days after the S47 start", F, CNT, DO,
      "ICPCs in the band", NULL, "CSC", CSC, "DfE duration band 16-20 working days.", R_CIN, 0,
      M_ICPC_BAND + 2),
    D("icpc_wd_21plus", "s47", "ICPCs 21+ working days after the S47 start", F, CNT, DO,
      "ICPCs in the band", NULL, "CSC", CSC, "DfE duration band 21 or more working days.", R_CIN, 0,
      M_ICPC_BAND + 3),
    D("icpc_before_s47", "s47", "ICPCs dated before their S47 start", F, CNT, DO,
      "ICPCs in the period dated before the S47 start", NULL, "CSC", CSC,
      "Counted as ICPCs, excluded from the duration bands (a data quality signal).", R_CIN, 0,
      M_ICPC_BEFORE),
    D("s47_to_icpc_pct", "s47", "Section 47 enquiries leading to an ICPC", F, PCT, DO,
      "S47 enquiries started in the period with an ICPC date",
      "S47 enquiries started in the period", "CSC", CSC,
      "Of section 47 enquiries started in the period, those with a DateOfInitialCPC (in any "
      "later return).",
      R_CIN, 0, M_S47_TO_ICPC),
    D("icpc_to_cp_pct", "s47", "ICPCs leading to a child protection plan", F, PCT, DO,
      "ICPCs in the period followed by a plan", "ICPCs in the period", "CSC", CSC,
      "An ICPC leads to a plan when the child has a CP plan starting on the ICPC date (the "
      "CIN census records CPPstartDate as the conference date); Annex A's 'did the ICPC "
      "result in a plan' is used when given.",
      R_LOCAL, 1, M_ICPC_TO_CP),
    /* ---- children in need ---- */
    D("cin_at_end", "cin", "Children in need at the period end", S, CNT, DO,
      "children with an open CIN episode on the last day", NULL, "CSC", CSC,
      "Distinct children with a referral dated on or before the day and no closure on or "
      "before it (31 March for a year). CIN census only.",
      R_CIN, 0, M_CIN_END),
    D("cin_at_end_rate", "cin", "Children in need per 10,000 children", S, RATE, DO,
      "children in need at the period end", POP, "CSC", CSC,
      "Children in need at the period end per 10,000 children aged 0-17.", R_CIN, 0, M_CIN_END),
    /* ---- child protection ---- */
    D("cp_at_end", "cp", "Children on a child protection plan at the period end", S, CNT, DO,
      "children with a plan open on the last day", NULL, "CSC", CSC,
      "Distinct children with a CP plan started on or before the day and not ended on or "
      "before it (a plan ending on 31 March is not open at 31 March).",
      R_CIN, 0, M_CP_END),
    D("cp_at_end_rate", "cp", "Children on a CP plan per 10,000 children", S, RATE, DO,
      "children on a plan at the period end", POP, "CSC", CSC,
      "Children on a plan at the period end per 10,000 children aged 0-17.", R_CIN, 0, M_CP_END),
    CAT("cp_end", S, M_CP_END_CAT, 0, "neg", "neglect", "Plans open at the period end",
        "plans open at the period end"),
    CAT("cp_end", S, M_CP_END_CAT, 1, "emo", "emotional abuse", "Plans open at the period end",
        "plans open at the period end"),
    CAT("cp_end", S, M_CP_END_CAT, 2, "phy", "physical abuse", "Plans open at the period end",
        "plans open at the period end"),
    CAT("cp_end", S, M_CP_END_CAT, 3, "sab", "sexual abuse", "Plans open at the period end",
        "plans open at the period end"),
    CAT("cp_end", S, M_CP_END_CAT, 4, "mul", "multiple", "Plans open at the period end",
        "plans open at the period end"),
    CAT("cp_end", S, M_CP_END_CAT, 5, "other", "other or not recorded",
        "Plans open at the period end", "plans open at the period end"),
    D("cp_started", "cp", "Child protection plans started", F, CNT, DO,
      "plans started in the period", NULL, "CSC", CSC,
      "CP plans with CPPstartDate in the period (each plan counted).", R_CIN, 0, M_CP_STARTED),
    D("cp_started_rate", "cp", "CP plans started per 10,000 children", F, RATE, DO,
      "plans started in the period", POP, "CSC", CSC,
      "Plans started per 10,000 children aged 0-17.", R_CIN, 0, M_CP_STARTED),
    CAT("cp_started", F, M_CP_STARTED_CAT, 0, "neg", "neglect", "Plans started",
        "plans started in the period"),
    CAT("cp_started", F, M_CP_STARTED_CAT, 1, "emo", "emotional abuse", "Plans started",
        "plans started in the period"),
    CAT("cp_started", F, M_CP_STARTED_CAT, 2, "phy", "physical abuse", "Plans started",
        "plans started in the period"),
    CAT("cp_started", F, M_CP_STARTED_CAT, 3, "sab", "sexual abuse", "Plans started",
        "plans started in the period"),
    CAT("cp_started", F, M_CP_STARTED_CAT, 4, "mul", "multiple", "Plans started",
        "plans started in the period"),
    CAT("cp_started", F, M_CP_STARTED_CAT, 5, "other", "other or not recorded", "Plans started",
        "plans started in the period"),
    D("cp_second_pct", "cp", "Second or subsequent plans (ever)", F, PCT, LO,
      "plans started in the period with NumberOfPreviousCPP > 0", "plans started in the period",
      "CSC", CSC,
      "The DfE measure: of plans started in the period, those whose child had a plan before, "
      "however long ago (NumberOfPreviousCPP > 0; missing counts as no).",
      R_CIN, 0, M_CP_SECOND),
    D("cp_second_2y_pct", "cp", "Second or subsequent plans within 2 years", F, PCT, LO,
      "plans started whose child's previous plan ended within 2 years before",
      "plans started in the period", "CSC", CSC,
      "Local variant: the child has a stored plan that ended on or before this plan's start and "
      "no more than 2 years (calendar) before it. Needs earlier returns: flagged partial "
      "history when they are not stored.",
      R_LOCAL, 1, M_CP_SECOND_2Y),
    D("cp_ended", "cp", "Child protection plans ended", F, CNT, DO, "plans ended in the period",
      NULL, "CSC", CSC, "CP plans with CPPendDate in the period.", R_CIN, 0, M_CP_ENDED),
    D("cp_ended_2y_pct", "cp", "Plans ended that lasted 2 years or more", F, PCT, LO,
      "plans ended in the period that lasted 2 years or more", "plans ended in the period", "CSC",
      CSC,
      "Duration 2 years or more: the end date is on or after the start date plus 2 calendar "
      "years.",
      R_CIN, 0, M_CP_ENDED_2Y),
    D("cp_open_2y", "cp", "Open plans of 2 years or more", S, CNT, LO,
      "plans open at the period end that started 2 years or more before", NULL, "CSC", CSC,
      "Plans open on the last day whose start is on or before that day minus 2 calendar years.",
      R_CIN, 0, M_CP_OPEN_2Y),
    D("cp_open_2y_pct", "cp", "Open plans of 2 years or more (%)", S, PCT, LO,
      "plans open at the period end that started 2 years or more before",
      "plans open at the period end", "CSC", CSC, "As cp_open_2y, as a share of open plans.", R_CIN,
      0, M_CP_OPEN_2Y),
    D("cp_dur_3m", "cp", "Plans ended lasting up to 3 months", F, PCT, DO,
      "plans ended in the period lasting 3 months or less", "plans ended in the period", "CSC", CSC,
      "Duration bands by calendar months from start to end: <= 3 months.", R_CIN, 0, M_CP_DUR + 0),
    D("cp_dur_6m", "cp", "Plans ended lasting 3-6 months", F, PCT, DO,
      "plans ended lasting more than 3 and up to 6 months", "plans ended in the period", "CSC", CSC,
      "Over 3 months, up to 6 months.", R_CIN, 0, M_CP_DUR + 1),
    D("cp_dur_12m", "cp", "Plans ended lasting 6-12 months", F, PCT, DO,
      "plans ended lasting more than 6 and up to 12 months", "plans ended in the period", "CSC",
      CSC, "Over 6 months, up to 12 months.", R_CIN, 0, M_CP_DUR + 2),
    D("cp_dur_2y", "cp", "Plans ended lasting 1-2 years", F, PCT, DO,
      "plans ended lasting more than 1 and under 2 years", "plans ended in the period", "CSC", CSC,
      "Over 1 year, under 2 years.", R_CIN, 0, M_CP_DUR + 3),
    D("cp_dur_2y_plus", "cp", "Plans ended lasting 2 years or more", F, PCT, LO,
      "plans ended lasting 2 years or more", "plans ended in the period", "CSC", CSC,
      "2 years or more (the same figure as cp_ended_2y_pct).", R_CIN, 0, M_CP_DUR + 4),
    D("cp_age_unborn", "cp", "Plans started: unborn", F, PCT, DO, "plans started before birth",
      "plans started in the period", "CSC", CSC,
      "Age at plan start from the birth month (the day is not stored: the birthday is taken as "
      "the 1st of the month); unborn when the birth month is after the start or only an "
      "expected birth is held.",
      R_CIN, 0, M_CP_AGE + 0),
    D("cp_age_under1", "cp", "Plans started: under 1", F, PCT, DO, "plans started aged under 1",
      "plans started in the period", "CSC", CSC, "Age band under 1.", R_CIN, 0, M_CP_AGE + 1),
    D("cp_age_1_4", "cp", "Plans started: aged 1-4", F, PCT, DO, "plans started aged 1-4",
      "plans started in the period", "CSC", CSC, "Age band 1-4.", R_CIN, 0, M_CP_AGE + 2),
    D("cp_age_5_9", "cp", "Plans started: aged 5-9", F, PCT, DO, "plans started aged 5-9",
      "plans started in the period", "CSC", CSC, "Age band 5-9.", R_CIN, 0, M_CP_AGE + 3),
    D("cp_age_10_15", "cp", "Plans started: aged 10-15", F, PCT, DO, "plans started aged 10-15",
      "plans started in the period", "CSC", CSC, "Age band 10-15.", R_CIN, 0, M_CP_AGE + 4),
    D("cp_age_16plus", "cp", "Plans started: aged 16+", F, PCT, DO, "plans started aged 16+",
      "plans started in the period", "CSC", CSC, "Age band 16 and over.", R_CIN, 0, M_CP_AGE + 5),
    D("cp_age_unknown", "cp", "Plans started: age not known", F, PCT, DO,
      "plans started whose child has no birth month", "plans started in the period", "CSC", CSC,
      "No birth month held for the child.", R_CIN, 0, M_CP_AGE + 6),
    /* ---- children looked after ---- */
    D("cla_at_end", "cla", "Children looked after at the period end", S, CNT, DO,
      "children with an open period of care on the last day", NULL, "CSC", SG_IND_SRC_SSDA903,
      "Distinct children with an SSDA903 episode started on or before the day and not ended on "
      "or before it.",
      R_CLA, 0, M_CLA_END),
    D("cla_at_end_rate", "cla", "Children looked after per 10,000 children", S, RATE, DO,
      "children looked after at the period end", POP, "CSC", SG_IND_SRC_SSDA903,
      "Children looked after at the period end per 10,000 children aged 0-17.", R_CLA, 0,
      M_CLA_END),
    D("cla_started", "cla", "Periods of care started", F, CNT, DO,
      "episodes starting a period of care (RNE S) in the period", NULL, "CSC", SG_IND_SRC_SSDA903,
      "SSDA903 episodes with RNE = S dated in the period.", R_CLA, 0, M_CLA_STARTED),
    D("cla_ceased", "cla", "Periods of care ended", F, CNT, DO,
      "episodes ending a period of care in the period", NULL, "CSC", SG_IND_SRC_SSDA903,
      "SSDA903 episodes ending in the period with a reason ceased other than X1 (episode "
      "ceases and a new one begins).",
      R_CLA, 0, M_CLA_CEASED),
    D("cla_uasc_at_end", "cla", "Unaccompanied asylum-seeking children looked after", S, CNT, DO,
      "children looked after at the period end recorded as UASC", NULL, "CSC", SG_IND_SRC_SSDA903,
      "Children looked after at the period end with a UASC record (SSDA903 UASC table or Annex "
      "A list 8) in a live return.",
      R_CLA, 0, M_CLA_UASC),
    D("cla_3plus_placements_pct", "cla", "Children looked after with 3+ placements in the year", S,
      PCT, LO, "children looked after at the period end with 3 or more placements",
      "children looked after at the period end", "CSC", SG_IND_SRC_SSDA903,
      "Placements in the 12 months ending the day: the first episode in the window plus each "
      "later one except a change of legal status only (RNE L).",
      R_CLA, 0, M_CLA_3PLUS),
    /* ---- missing ---- */
    D("missing_home_episodes", "missing", "Missing from home: episodes", F, CNT, LO,
      "episodes starting in the period", NULL, "POLICE", SG_IND_SRC_POLICE_MISSING,
      "Police missing return, missing_from HOME (missing or absent), by start date.", R_LOCAL, 0,
      M_MISS_HOME_EP),
    D("missing_home_children", "missing", "Missing from home: children", F, CNT, LO,
      "distinct children with a home episode starting in the period", NULL, "POLICE",
      SG_IND_SRC_POLICE_MISSING, "Distinct children in missing_home_episodes.", R_LOCAL, 0,
      M_MISS_HOME_CH),
    D("missing_home_ri_offered_pct", "missing", "Missing from home: return interview offered", F,
      PCT, HI, "episodes with a return interview offered", "episodes starting in the period",
      "POLICE", SG_IND_SRC_POLICE_MISSING,
      "No data when no episode in the period records the offer.", R_LOCAL, 0, M_MISS_HOME_RI_OFF),
    D("missing_home_ri_accepted_pct", "missing", "Missing from home: return interview accepted", F,
      PCT, HI, "episodes whose offered interview was accepted",
      "episodes with an interview offered", "POLICE", SG_IND_SRC_POLICE_MISSING,
      "Accepted as a share of offered.", R_LOCAL, 0, M_MISS_HOME_RI_ACC),
    D("missing_care_episodes", "missing", "Missing from care: episodes", F, CNT, LO,
      "episodes starting in the period", NULL, "CSC", SG_IND_SRC_SSDA903,
      "SSDA903 missing table (missing M and away without authorisation A) by MIS_START.", R_903, 0,
      M_MISS_CARE_EP),
    D("missing_care_children", "missing", "Missing from care: children", F, CNT, LO,
      "distinct children with a care episode starting in the period", NULL, "CSC",
      SG_IND_SRC_SSDA903, "Distinct children in missing_care_episodes.", R_903, 0, M_MISS_CARE_CH),
    D("missing_care_ri_offered_pct", "missing", "Missing from care: return interview offered", F,
      PCT, HI, "episodes with a return interview offered", "episodes starting in the period", "CSC",
      SG_IND_SRC_SSDA903,
      "Only where recorded (the 903 missing table does not carry it): otherwise no data.", R_903, 0,
      M_MISS_CARE_RI_OFF),
    D("missing_care_ri_accepted_pct", "missing", "Missing from care: return interview accepted", F,
      PCT, HI, "episodes whose offered interview was accepted",
      "episodes with an interview offered", "CSC", SG_IND_SRC_SSDA903,
      "Accepted as a share of offered.", R_903, 0, M_MISS_CARE_RI_ACC),
    /* ---- early help ---- */
    D("eh_assessments", "early_help", "Early help assessments started", F, CNT, DO,
      "early help assessments starting in the period", NULL, "CSC", SG_IND_SRC_EARLY_HELP,
      "Agency early help return, by assessment_start, one per child and date.", R_LOCAL, 0, M_EH),
    /* ---- LADO ---- */
    D("lado_contacts", "lado", "LADO contacts", F, CNT, DO, "LADO contacts received", NULL, "LADO",
      SG_IND_SRC_LADO, "LADO return rows of kind CONTACT received in the period.", R_LOCAL, 0,
      M_LADO_CONTACTS),
    D("lado_referrals", "lado", "LADO referrals", F, CNT, DO, "LADO referrals received", NULL,
      "LADO", SG_IND_SRC_LADO, "LADO return rows of kind REFERRAL received in the period.", R_LOCAL,
      0, M_LADO_REFERRALS),
#define LCAT(i, id, name)                                                                          \
    D("lado_cat_" id, "lado", "LADO referrals: " name, F, CNT, DO,                                 \
      "LADO referrals received with this category", NULL, "LADO", SG_IND_SRC_LADO,                 \
      "By category of the allegation (referrals received in the period).", R_LOCAL, 0,             \
      M_LADO_CAT + (i))
    LCAT(0, "physical", "physical"),
    LCAT(1, "sexual", "sexual"),
    LCAT(2, "emotional", "emotional"),
    LCAT(3, "neglect", "neglect"),
    LCAT(4, "suitability", "suitability"),
    LCAT(5, "other", "other or not recorded"),
#define LOUT(i, id, name)                                                                          \
    D("lado_out_" id, "lado", "LADO referrals: " name, F, CNT, DO,                                 \
      "LADO referrals received with this outcome", NULL, "LADO", SG_IND_SRC_LADO,                  \
      "By outcome as recorded (referrals received in the period).", R_LOCAL, 0, M_LADO_OUT + (i))
    LOUT(0, "substantiated", "substantiated"),
    LOUT(1, "unsubstantiated", "unsubstantiated"),
    LOUT(2, "unfounded", "unfounded"),
    LOUT(3, "malicious", "malicious"),
    LOUT(4, "false", "false"),
    LOUT(5, "threshold_not_met", "threshold not met"),
    LOUT(6, "ongoing", "ongoing"),
    LOUT(7, "other", "other or not recorded"),
#define LTIME(i, id, name)                                                                         \
    D("lado_time_" id, "lado", "LADO referrals concluded " name, F, PCT, DO,                       \
      "LADO referrals concluded in the period " name, "LADO referrals concluded in the period",    \
      "LADO", SG_IND_SRC_LADO,                                                                     \
      "Calendar months from received to concluded, for referrals concluded in the period.",        \
      R_LOCAL, 0, M_LADO_TIME + (i))
    LTIME(0, "under_1m", "in under 1 month"),
    LTIME(1, "1_3m", "in 1 to under 3 months"),
    LTIME(2, "3_12m", "in 3 to under 12 months"),
    LTIME(3, "12m_plus", "in 12 months or more"),
    /* ---- private fostering ---- */
    D("private_fostering_notifications", "private_fostering", "Private fostering notifications", F,
      CNT, DO, "notifications of private fostering arrangements received", NULL, "CSC",
      SG_IND_SRC_NONE,
      "Notifications received in the period. No return carries them yet: always no data.", R_LOCAL,
      0, M_PRIVATE_FOSTERING),
};

#define NDEFS (sizeof defs / sizeof defs[0])

size_t sg_ind_count(void)
{
    return NDEFS;
}

const sg_ind_def *sg_ind_def_at(size_t i)
{
    return i < NDEFS ? &defs[i] : NULL;
}

const sg_ind_def *sg_ind_find(const char *id)
{
    if (!id) return NULL;
    for (size_t i = 0; i < NDEFS; i++)
        if (strcmp(defs[i].id, id) == 0) return &defs[i];
    return NULL;
}

const char *sg_ind_unit_name(sg_ind_unit u)
{
    switch (u) {
    case SG_IND_COUNT:
        return "count";
    case SG_IND_PCT:
        return "pct";
    case SG_IND_RATE10K:
        return "rate10k";
    case SG_IND_DAYS:
        return "days";
    case SG_IND_GBP:
        return "gbp";
    case SG_IND_TEXT:
        return "text";
    }
    return "?";
}

const char *sg_ind_kind_name(sg_ind_kind k)
{
    return k == SG_IND_SNAPSHOT ? "snapshot" : "flow";
}

const char *sg_ind_polarity_name(sg_ind_polarity p)
{
    switch (p) {
    case SG_IND_HIGHER_BETTER:
        return "higher";
    case SG_IND_LOWER_BETTER:
        return "lower";
    case SG_IND_DATA_ONLY:
        return "data";
    }
    return "?";
}

const char *sg_ind_source_name(sg_ind_source s)
{
    switch (s) {
    case SG_IND_SRC_CSC:
        return "CIN census (or Annex A)";
    case SG_IND_SRC_CSC_AND_ANNEXA:
        return "CIN census (or Annex A) and Annex A";
    case SG_IND_SRC_ANNEXA:
        return "Annex A";
    case SG_IND_SRC_SSDA903:
        return "SSDA903";
    case SG_IND_SRC_POLICE_MISSING:
        return "police missing return";
    case SG_IND_SRC_EARLY_HELP:
        return "early help return";
    case SG_IND_SRC_LADO:
        return "LADO return";
    case SG_IND_SRC_NONE:
        return "none";
    case SG_IND_SRC__COUNT:
        break;
    }
    return "?";
}

unsigned ind_measure_tables(int m)
{
#define B(t) (1u << (t))
    if (m == M_CONTACTS) return B(T_CONTACT);
    if (m == M_CONTACT_CONV) return B(T_CONTACT) | B(T_REFERRAL);
    if (m == M_REF_ASSESSED) return B(T_REFERRAL) | B(T_ASSESSMENT);
    if (m >= M_REFERRALS && m < M_ASSESSMENTS) return B(T_REFERRAL);
    if (m == M_ASS_45_REF) return B(T_ASSESSMENT) | B(T_REFERRAL);
    if (m >= M_ASSESSMENTS && m < M_STRATEGY) return B(T_ASSESSMENT);
    if (m == M_STRATEGY) return B(T_STRATEGY);
    if (m == M_ICPC_15_STRAT) return B(T_S47) | B(T_STRATEGY);
    if (m == M_ICPC_TO_CP) return B(T_S47) | B(T_CP);
    if (m >= M_S47 && m < M_CIN_END) return B(T_S47);
    if (m == M_CIN_END) return B(T_REFERRAL);
    if (m >= M_CP_END && m < M_CLA_END) return B(T_CP);
    if (m >= M_CLA_END && m <= M_CLA_3PLUS) return B(T_CLA);
    if (m >= M_MISS_HOME_EP && m <= M_MISS_HOME_RI_ACC) return B(T_MISS_HOME);
    if (m >= M_MISS_CARE_EP && m <= M_MISS_CARE_RI_ACC) return B(T_MISS_CARE);
    if (m == M_EH) return B(T_EH);
    if (m >= M_LADO_CONTACTS && m < M_PRIVATE_FOSTERING) return B(T_LADO);
    return 0;
#undef B
}

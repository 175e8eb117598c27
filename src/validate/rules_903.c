/* rules_903.c - the registration table of family 903: every SSDA903 rule implemented, with
 * the DfE code, severity and message as published in the DfE 903 rule catalogue (2024-25; the
 * 2023-24 text for rules withdrawn since), the fields it concerns and the tables it reads
 * ("prev:" = last year's return). The check functions live in rules_903_<area>.c by area. The
 * engine keeps one table per family, so this is the one 903 table. docs/rules_903.md lists
 * every catalogue rule, implemented or not. */
#include "validate/rules_903_checks.h"
#include "validate/validate.h"

#define R903(code, sev, msg, flds, tbls)                                                           \
    {                                                                                              \
        .id = #code, .family = SG_FAMILY_903, .severity = SG_SEV_##sev, .message = msg,            \
        .fields = flds, .reads = tbls, .check = rule903_##code                                     \
    }

const sg_rule sg_rules_903[] = {
    R903(101, ERROR, "Gender code is not valid.", "SEX", "header"),
    R903(102, ERROR, "Date of birth is not a valid date.", "DOB", "header"),
    R903(103, ERROR, "The ethnicity code is either not valid or has not been entered.", "ETHNIC",
         "header"),
    R903(104, ERROR,
         "Date for Unaccompanied Asylum-Seeking Children (UASC) status ceased is not a "
         "valid date.",
         "DUC", "uasc"),
    R903(105, ERROR,
         "Data entry for Unaccompanied Asylum-Seeking Children (UASC) status of child is "
         "invalid or has not been completed.",
         "UASC", "header"),
    R903(112, ERROR, "Date should be placed for adoption is not a valid date.", "DATE_INT", "ad1"),
    R903(113, ERROR, "Date matching child and adopter(s) is not a valid date.", "DATE_MATCH",
         "ad1"),
    R903(114, ERROR,
         "Data entry to record the status of former carer(s) of an adopted child is "
         "invalid.",
         "FOSTER_CARE", "ad1"),
    R903(115, ERROR,
         "Date of Local Authority's (LA) decision that a child should be placed for "
         "adoption is not a valid date.",
         "DATE_PLACED", "placed_adoption"),
    R903(116, ERROR,
         "Date of Local Authority's (LA) decision that a child should no longer be placed "
         "for adoption is not a valid date.",
         "DATE_PLACED_CEASED", "placed_adoption"),
    R903(117, ERROR,
         "Date of decision that a child should/should no longer be placed for adoption is "
         "beyond the current collection year or after the child ceased to be looked after.",
         "DATE_PLACED DATE_PLACED_CEASED DEC DECOM REC", "episodes placed_adoption"),
    R903(118, ERROR,
         "Date of decision that a child should no longer be placed for adoption is before "
         "the current collection year or before the date the child started to be looked "
         "after.",
         "DECOM LS", "episodes placed_adoption"),
    R903(119, ERROR,
         "If the decision is made that a child should no longer be placed for adoption, "
         "then the date of this decision and the reason why this decision was made must "
         "be completed.",
         "DATE_PLACED_CEASED REASON_PLACED_CEASED", "placed_adoption"),
    R903(120, ERROR,
         "The reason for the reversal of the decision that the child should be placed for "
         "adoption code is not valid.",
         "REASON_PLACED_CEASED", "placed_adoption"),
    R903(131, ERROR, "Data entry for being in touch after leaving care is invalid.", "IN_TOUCH",
         "oc3"),
    R903(132, ERROR, "Data entry for activity after leaving care is invalid.", "ACTIV", "oc3"),
    R903(133, ERROR,
         "Data entry for accommodation after leaving care is invalid. If reporting on a "
         "childs accommodation after leaving care the data entry must be valid",
         "ACCOM", "oc3"),
    R903(134, ERROR, "Data on adoption should not be entered for the OC3 cohort.",
         "ACCOM ACTIV DATE_INT DATE_MATCH FOSTER_CARE IN_TOUCH LS_ADOPTR NB_ADOPTR SEX_ADOPTR",
         "ad1 oc3"),
    R903(141, ERROR, "Date episode began is not a valid date.", "DECOM", "episodes"),
    R903(142, ERROR, "A new episode has started, but the previous episode has not ended.",
         "DEC REC", "episodes"),
    R903(143, ERROR, "The reason for new episode code is not a valid code.", "RNE", "episodes"),
    R903(144, ERROR, "The legal status code is not a valid code.", "LS", "episodes"),
    R903(145, ERROR, "Category of need code is not a valid code.", "CIN", "episodes"),
    R903(146, ERROR, "Placement type code is not a valid code.", "PLACE", "episodes"),
    R903(147, ERROR, "Date episode ceased is not a valid date.", "DEC", "episodes"),
    R903(148, ERROR,
         "Date episode ceased and reason episode ceased must both be coded, or both left "
         "blank.",
         "DEC REC", "episodes"),
    R903(149, ERROR, "Reason episode ceased code is not valid.", "REC", "episodes"),
    R903(151, ERROR, "All data items relating to a childs adoption must be coded or left blank.",
         "DATE_INT DATE_MATCH FOSTER_CARE LS_ADOPTR NB_ADOPTER SEX_ADOPTR", "ad1"),
    R903(153, ERROR,
         "All data items relating to a child's activity or accommodation after leaving "
         "care must be coded or left blank.",
         "ACCOM ACTIV IN_TOUCH", "oc3"),
    R903(157, ERROR,
         "Child is aged 4 years or over at the beginning of the year or 16 years or under "
         "at the end of the year and Strengths and Difficulties Questionnaire (SDQ) 1 has "
         "been recorded as the reason for no Strengths and Difficulties Questionnaire "
         "(SDQ) score.",
         "DOB SDQ_REASON", "episodes oc2"),
    R903(158, ERROR,
         "If a child has been recorded as receiving an intervention for their substance "
         "misuse problem, then the additional item on whether an intervention was offered "
         "should be left blank.",
         "INTERVENTION_OFFERED INTERVENTION_RECEIVED", "oc2"),
    R903(159, ERROR,
         "If a child has been recorded as not receiving an intervention for their "
         "substance misuse problem, then the additional item on whether an intervention "
         "was offered should be completed as well.",
         "INTERVENTION_OFFERED INTERVENTION_RECEIVED SUBSTANCE_MISUSE", "oc2"),
    R903(165, ERROR, "Data entry for mother status is invalid.",
         "ACCOM ACTIV DECOM IN_TOUCH MOTHER SEX", "episodes header oc3"),
    R903(166, ERROR, "Date of review is invalid or blank.", "REVIEW", "reviews"),
    R903(167, ERROR, "Data entry for participation is invalid or blank.", "REVIEW_CODE", "reviews"),
    R903(168, ERROR,
         "Unique Pupil Number (UPN) is not valid. If unknown, default codes should be "
         "UN1, UN2, UN3, UN4 or UN5.",
         "UPN", "header"),
    R903(171, ERROR, "Date of birth of mother's child is not a valid date.", "MC_DOB", "header"),
    R903(174, ERROR,
         "Mother's child date of birth is recorded but sex shows that the child is a male.",
         "MC_DOB SEX", "header"),
    R903(175, ERROR, "The number of adopter(s) code is not a valid code.", "NB_ADOPTR", "ad1"),
    R903(176, ERROR, "The gender of adopter(s) at the date of adoption code is not a valid code.",
         "SEX_ADOPTR", "ad1"),
    R903(177, ERROR, "The legal status of adopter(s) code is not a valid code.", "LS_ADOPTR",
         "ad1"),
    R903(178, ERROR, "Placement provider code is not a valid code.", "PLACE_PROVIDER", "episodes"),
    R903(179, ERROR, "Placement location code is not a valid code.", "PL_LOCATION", "episodes"),
    R903(180, ERROR,
         "Data entry for the strengths and difficulties questionnaire (SDQ) score is "
         "invalid.",
         "SDQ_SCORE", "oc2"),
    R903(181, ERROR,
         "Data items relating to children looked after continuously for 12 months should "
         "be completed with a 0 or 1.",
         "CONVICTED HEALTH_ASSESSMENT HEALTH_CHECK IMMUNISATIONS INTERVENTION_OFFERED "
         "INTERVENTION_RECEIVED SUBSTANCE_MISUSE TEETH_CHECK",
         "oc2"),
    R903(182, ERROR,
         "Data entries on immunisations, teeth checks, health assessments and substance "
         "misuse problem identified should be completed or all OC2 fields should be left "
         "blank.",
         "CONVICTED HEALTH_ASSESSMENT HEALTH_CHECK IMMUNISATIONS INTERVENTION_OFFERED "
         "INTERVENTION_RECEIVED SUBSTANCE_MISUSE TEETH_CHECK",
         "oc2"),
    R903(184, ERROR,
         "Date of decision that a child should be placed for adoption is before the child "
         "was born.",
         "DATE_PLACED DOB", "header placed_adoption"),
    R903(185, ERROR,
         "Child has not been looked after continuously for at least 12 months at 31 March "
         "but a Strengths and Difficulties (SDQ) score has been completed.",
         "SDQ_SCORE", "episodes oc2"),
    R903(186, ERROR,
         "Children aged 4 or over at the start of the year and children aged under 17 at "
         "the end of the year and who have been looked after for at least 12 months "
         "continuously should have a Strengths and Difficulties (SDQ) score completed.",
         "SDQ_SCORE", "episodes oc2"),
    R903(187, ERROR,
         "Child cannot be looked after continuously for 12 months at 31 March (OC2) and "
         "have any of adoption or care leavers returns completed.",
         "ACCOM ACTIV DATE_INT DATE_MATCH FOSTER_CARE IN_TOUCH LS_ADOPTR NB_ADOPTR SEX_ADOPTR",
         "ad1 episodes oc3"),
    R903(188, ERROR,
         "Child is aged under 4 years at the end of the year, but a Strengths and "
         "Difficulties (SDQ) score or a reason for no SDQ score has been completed.",
         "SDQ_REASON SDQ_SCORE", "oc2"),
    R903(189, ERROR,
         "Child is aged 17 years or over at the beginning of the year, but an Strengths "
         "and Difficulties (SDQ) score or a reason for no Strengths and Difficulties "
         "(SDQ) score has been completed.",
         "DOB SDQ_REASON SDQ_SCORE", "oc2"),
    R903(190, ERROR,
         "Child has not been looked after continuously for at least 12 months at 31 March "
         "but one or more data items relating to children looked after for 12 months have "
         "been completed.",
         "CONVICTED HEALTH_ASSESSMENT HEALTH_CHECK IMMUNISATIONS INTERVENTION_OFFERED "
         "INTERVENTION_RECEIVED SUBSTANCE_MISUSE TEETH_CHECK",
         "episodes oc2"),
    R903(191, ERROR,
         "Child has been looked after continuously for at least 12 months at 31 March but "
         "one or more data items relating to children looked after for 12 months have "
         "been left blank.",
         "CHILD HEALTH_ASSESSMENT IMMUNISATIONS SUBSTANCE_MISUSE TEETH_CHECK", "episodes oc2"),
    R903(192, ERROR,
         "Child has been identified as having a substance misuse problem but the "
         "additional item on whether an intervention was received has been left blank.",
         "INTERVENTION_RECEIVED SUBSTANCE_MISUSE", "oc2"),
    R903(193, ERROR,
         "Child not identified as having a substance misuse problem but at least one of "
         "the two additional items on whether an intervention were offered and received "
         "have been completed.",
         "INTERVENTION_OFFERED INTERVENTION_RECEIVED SUBSTANCE_MISUSE", "oc2"),
    R903(196, ERROR, "Strengths and Difficulties (SDQ) reason is not a valid code.", "SDQ_REASON",
         "oc2"),
    R903(197B, ERROR, "SDQ score or reason for no SDQ should be reported for 4- or 17-year-olds.",
         "DOB SDQ_REASON", "episodes oc2"),
    R903(197a, ERROR,
         "Reason for no Strengths and Difficulties (SDQ) score is not required if "
         "Strengths and Difficulties Questionnaire score is filled in.",
         "SDQ_REASON SDQ_SCORE", "oc2"),
    R903(198, ERROR,
         "Child has not been looked after continuously for at least 12 months at 31 March "
         "but a reason for no Strengths and Difficulties (SDQ) score has been completed.",
         "SDQ_REASON", "episodes oc2"),
    R903(199, ERROR,
         "Episode information shows child has been previously adopted from care. [NOTE: "
         "This only tests the current and previous year data loaded into the tool]",
         "CHILD", "episodes"),
    R903(202, ERROR, "The gender code conflicts with the gender already recorded for this child.",
         "SEX", "header prev:header"),
    R903(203, ERROR,
         "Date of birth disagrees with the date of birth already recorded for this child.", "DOB",
         "header prev:header"),
    R903(204, ERROR,
         "Ethnic origin code disagrees with the ethnic origin already recorded for this "
         "child.",
         "ETHNIC", "prev:header header"),
    R903(207, ERROR,
         "Mother status for the current year disagrees with the mother status already "
         "recorded for this child.",
         "MOTHER", "episodes header prev:header"),
    R903(208, ERROR,
         "Unique Pupil Number (UPN) for the current year disagrees with the Unique Pupil "
         "Number (UPN) already recorded for this child.",
         "UPN", "header prev:header"),
    R903(209, ERROR,
         "Child looked after is of school age and should not have an unknown Unique Pupil "
         "Number (UPN) code of UN1.",
         "DOB UPN", "header"),
    R903(210, ERROR,
         "Children looked after for more than a week at 31 March should not have an "
         "unknown Unique Pupil Number (UPN) code of UN4.",
         "DECOM UPN", "episodes header"),
    R903(213, ERROR, "Placement provider information not required.", "PLACE_PROVIDER", "episodes"),
    R903(214, ERROR, "Placement location information not required.", "PL_POST URN", "episodes"),
    R903(215, ERROR,
         "Child has care leaver information but one or more data items relating to "
         "children looked after for 12 months have been completed.",
         "ACCOM ACTIV CONVICTED HEALTH_ASSESSMENT HEALTH_CHECK IMMUNISATIONS INTERVENTION_OFFERED "
         "INTERVENTION_RECEIVED IN_TOUCH SUBSTANCE_MISUSE TEETH_CHECK",
         "oc2 oc3"),
    R903(217, ERROR,
         "Children who are placed for adoption with current foster carers (placement "
         "types A3 or A5) must have a reason for new episode of S, T or U.",
         "DECOM PLACE RNE", "episodes"),
    R903(217t, ERROR, "Placement type 'P2' is not a valid placement type from 28 October 2023.",
         "DECOM PLACE", "episodes"),
    R903(222, ERROR,
         "Ofsted Unique reference number (URN) should not be recorded for this placement type.",
         "URN", "episodes"),
    R903(225, ERROR, "Reason for placement change must be recorded.", "REASON_PLACE_CHANGE",
         "episodes"),
    R903(226, ERROR, "Reason for placement change is not required.", "PLACE REASON_PLACE_CHANGE",
         "episodes"),
    R903(231, ERROR,
         "We expect that unaccompanied asylum seeking children are generally older young "
         "people. Please check the date of birth is correct. If the date of birth is correct "
         "then please provide details in a bypass request.",
         "DOB UASC", "header uasc"),
    R903(232, QUERY, "Sex of the child/young person has been reported as unknown.", "SEX",
         "header"),
    R903(301, ERROR, "Date of birth falls after the year ended.", "DOB", "header"),
    R903(302, ERROR, "First episode starts before child was born.", "DECOM DOB", "episodes header"),
    R903(303, ERROR,
         "If date Unaccompanied Asylum-Seeking Child (UASC) status ceased is not null, "
         "UASC status must be coded 1.",
         "DUC UASC", "header uasc"),
    R903(304, ERROR,
         "Date unaccompanied asylum-seeking child (UASC) status ceased must be on or "
         "before the 18th birthday of a child.",
         "DUC", "uasc"),
    R903(331, ERROR,
         "Date of matching child and adopter(s) should be the same as, or prior to, the "
         "date of placement of adoption.",
         "DATE_MATCH DECOM REC", "ad1 episodes"),
    R903(333, ERROR,
         "Date should be placed for adoption must be on or prior to the date of matching "
         "child with adopter(s).",
         "DATE_INT", "ad1"),
    R903(334, ERROR,
         "Date child started to be looked after in latest period of care must be on or "
         "prior to the date should be placed for adoption.",
         "DATE_INT DECOM RNE", "ad1 episodes"),
    R903(335, ERROR,
         "The current foster value (0) suggests that child is not adopted by current "
         "foster carer, but last placement is A2, A3, or A5. Or the current foster value "
         "(1) suggests that child is adopted by current foster carer, but last placement "
         "is A1, A4 or A6.",
         "FOSTER_CARE PLACE", "ad1 episodes"),
    R903(336, ERROR,
         "Child does not have a foster placement immediately prior to being placed for "
         "adoption.",
         "PLACE", "episodes"),
    R903(344, ERROR,
         "The record shows the young person has died or returned home to live with "
         "parent(s) or someone with parental responsibility for a continuous period of 6 "
         "months or more, but activity and/or accommodation on leaving care have been "
         "completed.",
         "ACCOM ACTIV IN_TOUCH", "oc3"),
    R903(345, ERROR,
         "The data collection record shows the local authority is in touch with this "
         "young person, but activity and/or accommodation data items are zero.",
         "ACCOM ACTIV IN_TOUCH", "oc3"),
    R903(351, ERROR, "Child was over 25 at the start of the current collection year.", "DOB",
         "header"),
    R903(352, ERROR, "Child who started to be looked after was aged 18 or over.", "DECOM RNE",
         "episodes header"),
    R903(353, ERROR, "No episode submitted can start before 14 October 1991.", "DECOM", "episodes"),
    R903(354, ERROR,
         "Date episode ceased must be on or before the end of the current collection year.",
         "DECOM", "episodes"),
    R903(355, QUERY, "Episode appears to have lasted for less than 24 hours", "DEC DECOM",
         "episodes"),
    R903(356, ERROR, "The date the episode ceased is before the date the same episode started.",
         "DECOM", "episodes"),
    R903(357, ERROR,
         "If this is the first episode ever for this child, reason for new episode must "
         "be S.  Check whether there is an episode immediately preceding this one, which "
         "has been left out.  If not the reason for new episode code must be amended to S.",
         "RNE", "episodes"),
    R903(358, ERROR, "Child with this legal status should not be under 10.", "DECOM DOB LS",
         "episodes header"),
    R903(359, ERROR,
         "Child being looked after following 18th birthday must be accommodated under "
         "section 20(5) of the Children Act 1989 in a community home.",
         "DEC LS PLACE", "episodes header"),
    R903(361, ERROR,
         "Police protection legal status lasted longer than maximum 72 hours allowed in "
         "the Children Act 1989.",
         "DEC DECOM LS", "episodes"),
    R903(362, ERROR, "Emergency protection order (EPO) lasted longer than 21 days", "DEC DECOM LS",
         "episodes"),
    R903(363, ERROR,
         "Child assessment order (CAO) lasted longer than 7 days allowed in the Children "
         "Act 1989.",
         "DEC DECOM LS", "episodes"),
    R903(364, ERROR,
         "Sections 41-46 of Police and Criminal Evidence (PACE; 1984) severely limits the "
         "time a child can be detained in custody in Local Authority (LA) accommodation.",
         "DEC DECOM LS", "episodes"),
    R903(365, ERROR, "Any individual short- term respite placement must not exceed 17 days.",
         "DEC DECOM LS", "episodes"),
    R903(366, ERROR,
         "A child cannot change placement during the course of an individual short-term "
         "respite break.",
         "RNE", "episodes"),
    R903(367, ERROR,
         "The maximum amount of respite care allowable is 75 days in any 12-month period.",
         "DEC DECOM LS", "episodes"),
    R903(370, ERROR, "Child in independent living should be at least 16.", "DECOM PLACE",
         "episodes header"),
    R903(371, ERROR,
         "Child in supported accomodation not subject to children’s homes regulations "
         "should be at least 16.",
         "DECOM PLACE", "episodes header"),
    R903(372, ERROR, "Child in youth custody or prison should be at least 10.", "DECOM PLACE",
         "episodes header"),
    R903(373, ERROR, "Child placed in a school should be at least 4 years old.", "DECOM PLACE",
         "episodes header"),
    R903(374, ERROR, "Child in residential employment should be at least 14 years old.",
         "DECOM PLACE", "episodes header"),
    R903(375, ERROR, "Hospitalisation coded as a temporary placement exceeds six weeks.",
         "DECOM PLACE", "episodes header"),
    R903(376, ERROR,
         "Temporary placements coded as being due to holiday of usual foster carer(s) "
         "cannot exceed three weeks.",
         "DECOM PLACE", "episodes header"),
    R903(377, ERROR,
         "Only two temporary placements coded as being due to holiday of usual foster "
         "carer(s) are allowed in any 12- month period.",
         "PLACE", "episodes"),
    R903(378, ERROR,
         "A child who is placed with parent(s) cannot be looked after under a single "
         "period of accommodation under Section 20 of the Children Act 1989.",
         "LS PLACE", "episodes"),
    R903(379, ERROR,
         "Temporary placements for unspecified reason (placement code T4) cannot exceed "
         "seven days.",
         "DECOM PLACE", "episodes header"),
    R903(380, ERROR, "A period of care cannot start with a temporary placement.", "PLACE RNE",
         "episodes"),
    R903(381, ERROR, "A period of care cannot end with a temporary placement.", "PLACE REC",
         "episodes"),
    R903(382, ERROR, "A child receiving respite care cannot be in a temporary placement.",
         "LS PLACE", "episodes"),
    R903(383, ERROR,
         "A child in a temporary placement must subsequently return to his/her normal "
         "placement.",
         "PLACE", "episodes"),
    R903(384, ERROR, "A child receiving respite care cannot be in a long-term foster placement",
         "LS PLACE", "episodes"),
    R903(385, ERROR,
         "Date episode ceased must be on or before the end of the current collection year.", "DEC",
         "episodes"),
    R903(386, ERROR, "Reason episode ceased is adopted but child has reached age 18.", "REC",
         "episodes header"),
    R903(387, ERROR,
         "Reason episode ceased is child moved into independent living arrangement, but "
         "the child is aged under 14.",
         "REC", "episodes header"),
    R903(388, ERROR,
         "Reason episode ceased is coded new episode begins, but there is no continuation "
         "episode.",
         "REC", "episodes"),
    R903(389, ERROR,
         "Reason episode ceased is that child transferred to care of adult social care "
         "services, but child is aged under 16.",
         "REC", "episodes header"),
    R903(390, ERROR,
         "Reason episode ceased is adopted but child has not been previously placed for "
         "adoption.",
         "PLACE REC", "episodes"),
    R903(391, ERROR,
         "Young person was not 17, 18, 19, 20 or 21 during the current collection year.",
         "ACCOM ACTIV DOB IN_TOUCH", "oc3"),
    R903(392b, ERROR,
         "Child is looked after but no postcodes are recorded. [NOTE: This check may "
         "result in false positives for children formerly UASC, particularly if current & "
         "prior year UASC data not loaded]",
         "HOME_POST PL_POST", "episodes"),
    R903(392c, ERROR, "Postcode(s) provided are invalid.", "HOME_POST PL_POST", "episodes"),
    R903(392d, ERROR,
         "Home and placement postcodes should not be same unless the placement type is P1.",
         "HOME_POST PLACE PL_POST", "episodes"),
    R903(393, ERROR, "Child is looked after but mother field is not completed.", "MOTHER",
         "episodes header"),
    R903(398, ERROR, "Distance field completed but child looked after under legal status V3 or V4.",
         "HOME_POST LS PL_POST", "episodes"),
    R903(399, ERROR,
         "Mother field, review field or participation field are completed but child is "
         "looked after under legal status V3 or V4.",
         "LS MOTHER REVIEW REVIEW_CODE", "episodes header reviews"),
    R903(407, ERROR,
         "Reason episode ceased is Special Guardianship Order, but child has reached age "
         "18.",
         "DEC DOB REC", "episodes header"),
    R903(408, ERROR,
         "Child is placed for adoption with a placement order, but no placement order has "
         "been recorded.",
         "LS PLACE", "episodes"),
    R903(420, ERROR,
         "LA of placement completed but child is looked after under legal status V3 or V4.",
         "PL_LA", "episodes"),
    R903(426, ERROR,
         "A child receiving respite care cannot be recorded under a legal status of V3 "
         "and V4 in the same year.",
         "LS", "episodes"),
    R903(431, ERROR,
         "The reason for new episode is started to be looked after, but the previous "
         "episode ended on the same day.",
         "DECOM RNE", "episodes"),
    R903(432, ERROR,
         "The child ceased to be looked after at the end of the previous episode but the "
         "reason for the new episode is not started to be looked after.",
         "RNE", "episodes"),
    R903(433, ERROR,
         "The reason for new episode suggests that this is a continuation episode, but "
         "the episode does not start on the same day as the last episode finished.",
         "DECOM RNE", "episodes"),
    R903(434, ERROR,
         "Reason for new episode is that child's legal status has changed but not the "
         "placement, but this is not reflected in the episode data.",
         "LS PLACE PLACE_PROVIDER PL_POST RNE URN", "episodes"),
    R903(435, ERROR,
         "Reason for new episode is that child’s placement has changed but not the legal "
         "status, but this is not reflected in the episode data recorded.",
         "LS PLACE PLACE_PROVIDER PL_POST URN", "episodes"),
    R903(436, ERROR,
         "Reason for new episode is that both child’s placement and legal status have "
         "changed, but this is not reflected in the episode data.",
         "LS PLACE PLACE_PROVIDER PL_POST RNE URN", "episodes"),
    R903(437, ERROR,
         "Reason episode ceased is child has died or is aged 18 or over but there are "
         "further episodes.",
         "REC", "episodes"),
    R903(440, ERROR,
         "Participation method indicates child was under 4 years old at the time of the "
         "review, but date of birth and review date indicates the child was 4 years old "
         "or over.",
         "DOB REVIEW REVIEW_CODE", "reviews"),
    R903(441, ERROR,
         "Participation method indicates child was 4 years old or over at the time of the "
         "review, but the date of birth and review date indicates the child was under 4 "
         "years old.",
         "DOB REVIEW REVIEW_CODE", "reviews"),
    R903(442, ERROR, "Unique Pupil Number (UPN) field is not completed.", "UPN", "episodes header"),
    R903(445, ERROR, "D1 is not a valid code for episodes starting after December 2005.",
         "DECOM LS", "episodes"),
    R903(446, ERROR, "E1 is not a valid code for episodes starting before December 2005.",
         "DECOM LS", "episodes"),
    R903(451, ERROR,
         "Child is still freed for adoption, but freeing orders could not be applied for "
         "since 30 December 2005.",
         "DEC LS REC", "episodes"),
    R903(452, ERROR,
         "Contradiction between local authority of placement code in the last episode of "
         "the previous year and in the first episode of the current year.",
         "PL_LA", "episodes prev:episodes"),
    R903(453, ERROR,
         "Contradiction between placement distance in the last episode of the previous "
         "year and in the first episode of the current year.",
         "PL_DISTANCE", "episodes prev:episodes"),
    R903(460, ERROR,
         "Reason episode ceased is that child stayed with current carers at age 18 (or "
         "above), but child is aged under 18.",
         "DEC REC", "episodes header"),
    R903(501, ERROR, "A new episode has started before the end date of the previous episode.",
         "DEC DECOM", "episodes"),
    R903(502, ERROR,
         "Last year's record ended with an open episode. The date on which that episode "
         "started does not match the start date of the first episode on this year’s "
         "record.",
         "DECOM", "episodes prev:episodes"),
    R903(503A, ERROR,
         "The reason for new episode in the first episode does not match open episode at "
         "end of last year.",
         "RNE", "episodes prev:episodes"),
    R903(503B, ERROR,
         "The legal status in the first episode does not match open episode at end of "
         "last year.",
         "LS", "episodes prev:episodes"),
    R903(503C, ERROR,
         "The category of need in the first episode does not match open episode at end of "
         "last year.",
         "CIN", "episodes prev:episodes"),
    R903(503D, ERROR,
         "The placement type in the first episode does not match open episode at end of "
         "last year",
         "PLACE", "episodes"),
    R903(503E, ERROR,
         "The placement provider in the first episode does not match open episode at end "
         "of last year.",
         "PLACE_PROVIDER", "episodes prev:episodes"),
    R903(503F, ERROR,
         "The Ofsted URN in the  first episode does not match open episode at end of last "
         "year.",
         "URN", "episodes prev:episodes"),
    R903(503G, ERROR,
         "The distance in first episode does not match open episode at end of last year.",
         "PL_DISTANCE", "episodes prev:episodes"),
    R903(503H, ERROR,
         "The placement LA in first episode does not match open episode at end of last "
         "year.",
         "PL_LA", "episodes prev:episodes"),
    R903(503J, ERROR,
         "The placement location in first episode does not match open episode at end of "
         "last year.",
         "PL_LOCATION", "episodes prev:episodes"),
    R903(504, ERROR,
         "The category of need code differs from that reported at start of current period "
         "of being looked after",
         "CIN", "episodes"),
    R903(511, ERROR,
         "If reporting that the number of person(s) adopting the looked after child is "
         "two adopters then the code should only be MM, FF or MF. MM = the adopting "
         "couple are both males; FF = the adopting couple are both females; MF = The "
         "adopting couple are male and female.",
         "NB_ADOPTR SEX_ADOPTR", "ad1"),
    R903(514, ERROR,
         "Data entry on the legal status of adopters shows a single adopter but data "
         "entry for the numbers of adopters shows it as a couple.",
         "LS_ADOPTR SEX_ADOPTR", "ad1"),
    R903(516, ERROR,
         "The episode data submitted for this child does not show that he/she was with "
         "their former foster carer(s) during the year.If the code in the reason episode "
         "ceased is E45 or E46 the child must have a placement code of U1 to U6.",
         "PLACE REC", "episodes"),
    R903(517, ERROR,
         "If reporting legal status of adopters is L3 then the genders of adopters should "
         "be coded as MF. MF = the adopting couple are male and female.",
         "LS_ADOPTR SEX_ADOPTR", "ad1"),
    R903(518, ERROR,
         "If reporting legal status of adopters is L4 then the genders of adopters should "
         "be coded as MM or FF. MM = the adopting couple are both males. FF = the "
         "adopting couple are both females.",
         "LS_ADOPTR SEX_ADOPTR", "ad1"),
    R903(519, ERROR,
         "Data entered on the legal status of adopters shows civil partnership couple, "
         "but data entered on genders of adopters does not show it as a couple.",
         "LS_ADOPTR SEX_ADOPTR", "ad1"),
    R903(520, ERROR,
         "Data entry on the legal status of adopters shows different gender married "
         "couple but data entry on genders of adopters shows it as a same gender couple.",
         "LS_ADOPTR SEX_ADOPTR", "ad1"),
    R903(521, ERROR,
         "Date of local authority's decision (LA) that adoption is in the best interests "
         "of the child (date should be placed) must be on or prior to the date the child "
         "is placed for adoption.",
         "DATE_INT DECOM PLACE", "ad1 episodes"),
    R903(522, ERROR,
         "Date of decision that the child should be placed for adoption must be on or "
         "before the date that a child should no longer be placed for adoption.",
         "DATE_PLACED DATE_PLACED_CEASED", "placed_adoption"),
    R903(523, ERROR,
         "Date of decision that the child should be placed for adoption should be the "
         "same date as the decision that adoption is in the best interest (date should be "
         "placed).",
         "DATE_INT DATE_PLACED", "ad1 placed_adoption"),
    R903(524, ERROR,
         "If reporting legal status of adopters is L12 then the genders of adopters "
         "should be coded as MM or FF. MM = the adopting couple are both males. FF = the "
         "adopting couple are both females",
         "LS_ADOPTR SEX_ADOPTR", "ad1"),
    R903(525, ERROR,
         "A child for whom the decision to be placed for adoption has been reversed "
         "cannot be adopted during the year.",
         "DATE_INT DATE_MATCH DATE_PLACED_CEASED FOSTER_CARE LS_ADOPTR NB_ADOPTR SEX_ADOPTR",
         "ad1 placed_adoption"),
    R903(526, ERROR, "Child is missing a placement provider code for at least one episode.",
         "PLACE PLACE_PROVIDER", "episodes"),
    R903(527, ERROR,
         "A placement provider code of PR1 cannot be associated with placements P1, R2 or "
         "R5.",
         "PLACE PLACE_PROVIDER", "episodes"),
    R903(528, ERROR,
         "A placement provider code of PR2 cannot be associated with placements P1, R2 or "
         "R5.",
         "PLACE PLACE_PROVIDER", "episodes"),
    R903(529, ERROR,
         "Placement provider code of PR3 cannot be associated with placements P1, A3 to "
         "A6, K1, K2 and U1 to U6 as these placements cannot be provided by other public "
         "organisations.",
         "PLACE PLACE_PROVIDER", "episodes"),
    R903(530, ERROR, "A placement provider code of PR4 cannot be associated with placement P1.",
         "PLACE PLACE_PROVIDER", "episodes"),
    R903(531, ERROR, "A placement provider code of PR5 cannot be associated with placements P1.",
         "PLACE PLACE_PROVIDER", "episodes"),
    R903(542, ERROR,
         "A child aged under 10 at 31 March should not have conviction information "
         "completed.",
         "CONVICTED", "oc2"),
    R903(543, ERROR,
         "Child is aged 10 or over at 31 March and has been looked after continuously for "
         "12 months yet conviction information has not been completed.",
         "CONVICTED DOB", "episodes oc2"),
    R903(544, ERROR,
         "Any child who has conviction information completed must also have immunisation, "
         "teeth check, health assessment and substance misuse problem identified fields "
         "completed.",
         "CONVICTED HEALTH_ASSESSMENT IMMUNISATIONS SUBSTANCE_MISUSE TEETH_CHECK", "oc2"),
    R903(545, ERROR,
         "Child is aged under 5 at 31 March and has been looked after continuously for 12 "
         "months yet health promotion information has not been completed.",
         "DOB HEALTH_CHECK", "oc2"),
    R903(546, ERROR,
         "Children aged 5 or over at 31 March should not have health promotion "
         "information completed.",
         "DOB HEALTH_CHECK", "episodes oc2"),
    R903(547, ERROR,
         "Any child who has health promotion information completed must also have "
         "immunisation, teeth check, health assessment and substance misuse problem "
         "identified fields completed.",
         "HEALTH_ASSESSMENT HEALTH_CHECK IMMUNISATIONS SUBSTANCE_MISUSE TEETH_CHECK", "oc2"),
    R903(550, ERROR, "A placement provider code of PR0 can only be associated with placement P1.",
         "PLACE PLACE_PROVIDER", "episodes"),
    R903(551, ERROR,
         "Child has been placed for adoption but there is no date of the decision that "
         "the child should be placed for adoption.",
         "DATE_PLACED PLACE", "episodes placed_adoption"),
    R903(552, ERROR,
         "Date of Decision to place a child for adoption should be on or prior to the "
         "date that the child was placed for adoption.",
         "DATE_PLACED DECOM", "episodes placed_adoption"),
    R903(553, ERROR,
         "Placement order has been granted but there is no date of decision that the "
         "child should be placed for adoption.",
         "CHILD DATE_PLACED DATE_PLACED_CEASED REASON_PLACED_CEASED", "episodes placed_adoption"),
    R903(554, ERROR,
         "Date of decision that the child should be placed for adoption should be on or "
         "prior to the date that the placement order was granted. [NOTE: This rule may "
         "result in false positives or false negatives if relevant episodes are in "
         "previous years; please check carefully!]",
         "DATE_PLACED DECOM LS", "episodes placed_adoption"),
    R903(555, ERROR,
         "Freeing order has been granted but there is no date of decision that the child "
         "should be placed for adoption.",
         "CHILD DATE_PLACED DATE_PLACED_CEASED REASON_PLACED_CEASED", "episodes placed_adoption"),
    R903(556, ERROR,
         "Date of decision that the child should be placed for adoption should be on or "
         "prior to the date that the freeing order was granted.",
         "DATE_PLACED DECOM", "episodes placed_adoption"),
    R903(557, ERROR,
         "Child for whom the decision was made that they should be placed for adoption "
         "has left care but was not adopted and information on the decision that they "
         "should no longer be placed for adoption items has not been completed.",
         "DATE_PLACED_CEASED LS PLACE REASON_PLACED_CEASED REC", "episodes placed_adoption"),
    R903(558, ERROR,
         "If a child has been adopted, then the decision to place them for adoption has "
         "not been disrupted and the date of the decision that a child should no longer "
         "be placed for adoption should be left blank.",
         "DATE_PLACED_CEASED REC", "episodes placed_adoption"),
    R903(559, ERROR,
         "Date of decision that a child should be placed for adoption was not in the "
         "current year but the date of the decision that the child should be placed for "
         "adoption was not completed in a previous return.",
         "DATE_PLACED", "placed_adoption prev:placed_adoption"),
    R903(560, ERROR,
         "Date of decision that the child should be placed for adoption this year is "
         "different from that recorded last year but the decision to place the child for "
         "adoption did not change.",
         "DATE_PLACED DATE_PLACED_CEASED", "placed_adoption prev:placed_adoption"),
    R903(561, ERROR,
         "Date of the decision that the child should be placed for adoption this year is "
         "the same as that recorded last year but records show that the decision changed, "
         "and the child should no longer be placed for adoption last year.",
         "DATE_PLACED", "placed_adoption prev:placed_adoption"),
    R903(562, ERROR,
         "Episode commenced before the start of the current collection year but there is "
         "a missing continuous episode in the previous year.",
         "DECOM", "episodes prev:episodes"),
    R903(563, ERROR,
         "The child should no longer be placed for adoption but the date of the decision "
         "that the child should be placed for adoption is blank",
         "DATE_PLACED DATE_PLACED_CEASED REASON_PLACED_CEASED", "placed_adoption"),
    R903(564, ERROR,
         "Child was missing or away from placement without authorisation and the date "
         "started is blank.",
         "MISSING MIS_START", "missing"),
    R903(565, ERROR,
         "The date that the child started to be missing or away from placement without "
         "authorisation has been completed but whether the child was missing or away from "
         "placement without authorisation has not been completed.",
         "MISSING MIS_START", "missing"),
    R903(566, ERROR,
         "The date that the child's episode of being missing or away from placement "
         "without authorisation ended has been completed but whether the child was "
         "missing or away without authorisation has not been completed.",
         "MISSING MIS_END", "missing"),
    R903(567, ERROR,
         "The date that the missing episode or episode that the child was away from "
         "placement without authorisation ended is before the date that it started.",
         "MIS_END MIS_START", "missing"),
    R903(570, ERROR,
         "The date that the child started to be missing or away from placement without "
         "authorisation is after the end of the collection year.",
         "MIS_START", "missing"),
    R903(571, ERROR,
         "The date that the child ceased to be missing or away from placement without "
         "authorisation is before the start or after the end of the collection year.",
         "MIS_END", "missing"),
    R903(574, ERROR,
         "A new missing/away from placement without authorisation period cannot start "
         "when the previous missing/away from placement without authorisation period is "
         "still open. Missing/away from placement without authorisation periods should "
         "also not overlap.",
         "MIS_END MIS_START", "missing"),
    R903(575, ERROR,
         "If the placement from which the child goes missing/away from placement without "
         "authorisation ends, the missing/away from placement without authorisation "
         "period in the missing module must also have an end date.",
         "MIS_END", "episodes missing"),
    R903(576, ERROR,
         "There is an open missing/away from placement without authorisation period in "
         "last year’s return and there is no corresponding period recorded at the start "
         "of this year.",
         "CHILD", "missing prev:missing"),
    R903(577, ERROR,
         "Child ceased to be looked after but there is a missing/away from placement "
         "without authorisation period without an end date.",
         "MIS_END", "episodes missing"),
    R903(578, ERROR,
         "The date that the child started to be missing is after the child ceased to be "
         "looked after.",
         "MIS_START", "episodes missing"),
    R903(579, ERROR,
         "A new decision that the child should be placed for adoption this year cannot "
         "start when the previous decision is still open. Decisions to place the child "
         "for adoption should also not overlap. The date of any new decision to place the "
         "child for adoption must not be before the date placed ceased of previous "
         "decisions.",
         "DATE_PLACED DATE_PLACED_CEASED", "placed_adoption"),
    R903(580, ERROR,
         "Child is missing when cease being looked after but reason episode ceased not "
         "‘E8’.",
         "REC", "episodes missing"),
    R903(581, ERROR, "Child is missing but has not yet started to be looked after.", "MIS_START",
         "episodes missing"),
    R903(582, QUERY,
         "Child is showing as ceasing to be looked after due to adoption, but the date of "
         "adoption is the same as the date reported for being matched with adopters. In "
         "most circumstances we expect the date the child is matched with adopters to be "
         "before the date of adoption.",
         "DATE_MATCH DEC", "ad1 episodes"),
    R903(583, QUERY,
         "More than one date the child should be placed for adoption has been reported, "
         "but an earlier decision has not been revoked. Check that both dates are "
         "required and add in the date the earlier decision was revoked. Note this may be "
         "in a previous year.",
         "DATE_PLACED DATE_PLACED_CEASED", "placed_adoption"),
    R903(586, ERROR, "Dates of missing periods are before child’s date of birth.", "MIS_START",
         "missing"),
    R903(601, ERROR,
         "The additional fields relating to adoption have not been completed although the "
         "episode data shows that the child was adopted during the year.",
         "DATE_INT DATE_MATCH FOSTER_CARE LS_ADOPTR NB_ADOPTR REC SEX_ADOPTR", "ad1 episodes"),
    R903(602, ERROR,
         "The episode data submitted for this child does not show that he/she was adopted "
         "during the year.",
         "CHILD", "ad1 episodes"),
    R903(607, ERROR,
         "Child ceased to be looked after in the year, but mother field has not been "
         "completed.",
         "DEC LS MOTHER REC SEX", "episodes header"),
    R903(611, ERROR, "Date of birth field is blank, but child is a mother.", "MC_DOB MOTHER",
         "header"),
    R903(612, ERROR,
         "Date of birth field has been completed but mother field indicates child is not "
         "a mother.",
         "MC_DOB MOTHER SEX", "header"),
    R903(620, ERROR,
         "Child has been recorded as a mother, but date of birth shows that the mother is "
         "under 11 years of age.",
         "DOB MOTHER", "header"),
    R903(621, ERROR,
         "Mother’s field has been completed but date of birth shows that the mother is "
         "younger than her child.",
         "DOB MC_DOB", "header"),
    R903(624, ERROR,
         "Date of birth of the first child contradicts the date of birth of the first "
         "child previously recorded.",
         "MC_DOB", "header prev:header"),
    R903(625, ERROR,
         "Date of birth of the first child is beyond the end of this reporting year or "
         "the date the child ceased to be looked after.",
         "DEC MC_DOB", "episodes header"),
    R903(626, ERROR,
         "Child was reported as a mother but the date of birth of the first child is "
         "before the current year which contradicts with the mother status recorded last "
         "year.",
         "MC_DOB MOTHER", "header prev:header"),
    R903(628, ERROR,
         "Motherhood details are not required for care leavers who have not been looked "
         "after during the year.",
         "MOTHER", "episodes header oc3"),
    R903(630, ERROR, "Information on previous permanence option should be returned.", "RNE",
         "episodes prev_perm"),
    R903(631, ERROR, "Previous permanence option not a valid value.", "PREV_PERM", "prev_perm"),
    R903(632, ERROR,
         "Date of previous permanence order not a valid value. NOTE: This rule may result "
         "in false negatives where the period of care started before the current "
         "collection year",
         "DATE_PERM DECOM", "episodes prev_perm"),
    R903(634, ERROR,
         "There are entries for previous permanence options, but child has not started to "
         "be looked after from 1 April 2016 onwards.",
         "DATE_PERM DECOM LA_PERM PREV_PERM", "episodes prev_perm"),
    R903(635, ERROR,
         "There are entries for date of order and local authority code where previous "
         "permanence option was arranged but previous permanence code is Z1",
         "DATE_PERM LA_PERM PREV_PERM", "prev_perm"),
    R903(1000, ERROR,
         "This child is recorded as having died in care and therefore should not have the "
         "care leaver information completed. [NOTE: This only tests the current and "
         "previous year data loaded into the tool]",
         "ACCOM ACTIV IN_TOUCH", "episodes oc3"),
    R903(1003, ERROR,
         "Date of LA's decision that a child should be placed for adoption is before the "
         "child started to be looked after.",
         "DATE_PLACED DECOM RNE", "episodes placed_adoption"),
    R903(1004, ERROR,
         "The start date of the missing episode or episode that the child was away from "
         "placement without authorisation is not a valid date.",
         "MIS_START", "missing"),
    R903(1005, ERROR,
         "The end date of the missing episode or episode that the child was away from "
         "placement without authorisation is not a valid date.",
         "MIS_END", "missing"),
    R903(1006, ERROR, "Missing type invalid.", "MISSING", "missing"),
    R903(1007, ERROR,
         "Care leaver information is not required for 17- or 18-year olds who are still "
         "looked after [on their 17th or 18th birthday.]",
         "ACCOM ACTIV IN_TOUCH", "episodes oc3"),
    R903(1009, ERROR, "Reason for placement change is not a valid code.", "REASON_PLACE_CHANGE",
         "episodes"),
    R903(1010, ERROR,
         "This child has no episodes loaded for current year even though there was an "
         "open episode of care at the end of the previous year, and care leaver data has "
         "been entered.",
         "ACCOM ACTIV IN_TOUCH", "episodes prev:episodes oc3"),
    R903(1011, ERROR,
         "This child is recorded as having his/her care transferred to another local "
         "authority for the final episode and therefore should not have the care leaver "
         "information completed.",
         "ACCOM ACTIV IN_TOUCH", "episodes oc3"),
    R903(1012, ERROR,
         "No other data should be returned for OC3 children who had no episodes in the "
         "current year",
         "CHILD", "episodes"),
    R903(1014, ERROR, "UASC information is not required for care leavers",
         "ACCOM ACTIV DUC IN_TOUCH", "episodes oc3 uasc"),
    R903(1016, ERROR,
         "Care leaver information is not required for 17- or 18-year olds who cease to be "
         "looked after, after their birthday.",
         "ACCOM ACTIV IN_TOUCH", "episodes oc3"),
    R903(3001, ERROR,
         "Where care leavers information is being returned for a young person around their "
         "17th birthday, the accommodation cannot be with their former foster carer(s).",
         "REC ACCOM", "header oc3"),
    R903(EPI, WARNING,
         "WARNING: Episodes need to be loaded for this child before further validation is "
         "possible [NOTE: This refers to the DfE portal - here, all checks that can be "
         "performed with only the available data will be.]",
         "CHILD", "header"),
    R903(INT01, ERROR, "Data Integrity Check: Child in AD1 does not exist in Header.", "CHILD",
         "ad1 header"),
    R903(INT02, ERROR, "Internal Check: Child in PlacedAdoption does not exist in Header.", "CHILD",
         "header placed_adoption"),
    R903(INT03, ERROR, "Internal Check: Child in Episodes does not exist in Header.", "CHILD",
         "episodes header"),
    R903(INT04, ERROR, "Internal Check: Child in Missing does not exist in Header.", "CHILD",
         "header missing"),
    R903(INT05, ERROR, "Internal Check: Child in OC2 does not exist in Header.", "CHILD",
         "header oc2"),
    R903(INT06, ERROR, "Internal Check: Child in OC3 does not exist in Header.", "CHILD",
         "header oc3"),
    R903(INT07, ERROR, "Internal Check: Child in PrevPerm does not exist in Header.", "CHILD",
         "header prev_perm"),
    R903(INT08, ERROR, "Internal Check: Child in Reviews does not exist in Header.", "CHILD",
         "header reviews"),
    R903(INT09, ERROR, "Internal Check: Child in UASC does not exist in Header.", "CHILD",
         "header uasc"),
    R903(INT11, ERROR, "Internal Check: DOB in AD1 is different to DOB in Header.", "DOB",
         "ad1 header"),
    R903(INT12, ERROR, "Internal Check: DOB in PlacedAdoption is different to DOB in Header.",
         "DOB", "header placed_adoption"),
    R903(INT13, ERROR, "Internal Check: DOB in Missing is different to DOB in Header.", "DOB",
         "header missing"),
    R903(INT14, ERROR, "Internal Check: DOB in OC2 is different to DOB in Header.", "DOB",
         "header oc2"),
    R903(INT15, ERROR, "Internal Check: DOB in OC3 is different to DOB in Header.", "DOB",
         "header oc3"),
    R903(INT16, ERROR, "Internal Check: DOB in PrevPerm is different to DOB in Header.", "DOB",
         "header prev_perm"),
    R903(INT17, ERROR, "Internal Check: DOB in Reviews is different to DOB in Header.", "DOB",
         "header reviews"),
    R903(INT18, ERROR, "Internal Check: DOB in UASC is different to DOB in Header.", "DOB",
         "header uasc"),
    R903(INT21, ERROR, "Internal Check: SEX in UASC is different to SEX in Header.", "SEX",
         "header uasc"),
    R903(INT31, ERROR, "Internal Check: Child should only exist once in AD1.", "CHILD", "ad1"),
    R903(INT32, ERROR, "Internal Check: Child should only exist once in Header.", "CHILD",
         "header"),
    R903(INT33, ERROR, "Internal Check: Child should only exist once in OC2.", "CHILD", "oc2"),
    R903(INT34, ERROR, "Internal Check: Child should only exist once in OC3.", "CHILD", "oc3"),
    R903(INT35, ERROR, "Internal Check: Child should only exist once in PrevPerm.", "CHILD",
         "prev_perm"),
    R903(INT36, ERROR, "Internal Check: Child should only exist once in UASC.", "CHILD", "uasc"),
    R903(NoE, ERROR,
         "This child has no episodes loaded for previous year even though child started "
         "to be looked after before this current year.",
         "DECOM", "episodes prev:episodes"),
    R903(SW01STG1, ERROR,
         "Child looked after on 31 March, but no social worker episode information is "
         "reported",
         "DEC", "episodes sw_episodes"),
    R903(SW01aSTG1, ERROR, "For each social worker episode, information should be complete",
         "SW_DECOM SW_ID", "sw_episodes"),
    R903(SW01bSTG1, ERROR, "For each social worker episode, information should be complete",
         "SW_DECOM SW_ID SW_REASON", "sw_episodes"),
    R903(SW02STG1, ERROR, "Social worker ID does not begin with the characters ‘SW’ or ‘XX’.",
         "SW_ID", "sw_episodes"),
    R903(SW03STG1, ERROR, "For each social worker episode, information should be complete.",
         "SW_DECOM SW_ID SW_REASON", "sw_episodes"),
    R903(SW04STG1, ERROR, "Date social worker episode began is not a valid date..", "SW_DECOM",
         "sw_episodes"),
    R903(SW05STG1, ERROR, "Date social worker episode began is not a valid date.", "SW_DEC",
         "sw_episodes"),
    R903(SW09STG2, QUERY, "Social worker episode appears to have lasted for less than 24 hours.",
         "SW_DEC SW_DECOM", "sw_episodes"),
    R903(SW108STG2, ERROR,
         "A new social worker episode has started, but the previous episode has not ended.",
         "SW_DEC", "sw_episodes"),
    R903(SW10STG2, ERROR,
         "A new social worker episode has started before the end date of the previous "
         "social worker episode.",
         "SW_DECOM", "sw_episodes"),
    R903(SW13STG1, ERROR,
         "The reason for social worker change is either not valid or has not been entered.",
         "SW_REASON", "sw_episodes"),
    R903(SW15STG2, ERROR, "Reason for social worker change is missing.", "SW_REASON",
         "sw_episodes"),
    R903(SW16aSTG2, ERROR,
         "The social worker reason episode changed does not match the open episode at the "
         "end of last year.",
         "SW_ID", "sw_episodes prev:sw_episodes"),
    R903(SW16bSTG2, ERROR,
         "The social worker episode start date does not match the open episode at the end "
         "of last year.",
         "SW_DECOM", "sw_episodes prev:sw_episodes"),
    R903(SW16cSTG2, ERROR,
         "The social worker reason episode changed does not match the open episode at the "
         "end of last year.",
         "SW_REASON", "sw_episodes prev:sw_episodes"),
};
const size_t sg_rules_903_count = sizeof sg_rules_903 / sizeof sg_rules_903[0];

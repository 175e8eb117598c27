/* ind_int.h - internals shared by the indicator engine's files (not a public interface): the
 * measures (what is counted, independent of the unit it is shown in), the categories used by
 * breakdowns, and the helpers defs.c, period.c and compute.c share. */
#ifndef SG_IND_INT_H
#define SG_IND_INT_H

#include "indicators/indicators.h"

/* Category lists: order matters (measure M_X_0 + i is category i). */
#define IND_NREFSRC 12 /* referral source groups, the last "not recorded / unknown code" */
#define IND_NCAT 6     /* NEG EMO PHY SAB MUL, then any other / missing */
#define IND_NDUR 5     /* plan duration bands */
#define IND_NAGE 7     /* unborn, under 1, 1-4, 5-9, 10-15, 16+, unknown */
#define IND_NLADOCAT 6 /* PHYSICAL SEXUAL EMOTIONAL NEGLECT SUITABILITY, other */
#define IND_NLADOOUT 8 /* SUBSTANTIATED ... ONGOING, then other / missing */
#define IND_NLADOTIME 4
#define IND_NICPCBAND 4

enum ind_measure {
    M_CONTACTS = 0,
    M_CONTACT_CONV,
    M_REFERRALS,
    M_REREFERRALS,
    M_REF_NFA,
    M_REF_ASSESSED,
    M_REF_SRC,
    M_ASSESSMENTS = M_REF_SRC + IND_NREFSRC,
    M_ASS_45_START,
    M_ASS_45_REF,
    M_ASS_MEDIAN,
    M_ASS_NOT_IN_NEED,
    M_STRATEGY,
    M_S47,
    M_ICPC,
    M_ICPC_15,
    M_ICPC_15_STRAT,
    M_ICPC_BAND,
    M_ICPC_BEFORE = M_ICPC_BAND + IND_NICPCBAND,
    M_S47_TO_ICPC,
    M_ICPC_TO_CP,
    M_CIN_END,
    M_CP_END,
    M_CP_END_CAT,
    M_CP_STARTED = M_CP_END_CAT + IND_NCAT,
    M_CP_STARTED_CAT,
    M_CP_SECOND = M_CP_STARTED_CAT + IND_NCAT,
    M_CP_SECOND_2Y,
    M_CP_ENDED,
    M_CP_ENDED_2Y,
    M_CP_OPEN_2Y,
    M_CP_DUR,
    M_CP_AGE = M_CP_DUR + IND_NDUR,
    M_CLA_END = M_CP_AGE + IND_NAGE,
    M_CLA_STARTED,
    M_CLA_CEASED,
    M_CLA_UASC,
    M_CLA_3PLUS,
    M_MISS_HOME_EP,
    M_MISS_HOME_CH,
    M_MISS_HOME_RI_OFF,
    M_MISS_HOME_RI_ACC,
    M_MISS_CARE_EP,
    M_MISS_CARE_CH,
    M_MISS_CARE_RI_OFF,
    M_MISS_CARE_RI_ACC,
    M_EH,
    M_LADO_CONTACTS,
    M_LADO_REFERRALS,
    M_LADO_CAT,
    M_LADO_OUT = M_LADO_CAT + IND_NLADOCAT,
    M_LADO_TIME = M_LADO_OUT + IND_NLADOOUT,
    M_PRIVATE_FOSTERING = M_LADO_TIME + IND_NLADOTIME,
    M__COUNT
};

/* The store tables (as loaded, from the chosen source) a measure reads, for coverage checks. */
enum ind_table {
    T_CONTACT = 0,
    T_REFERRAL,
    T_ASSESSMENT,
    T_STRATEGY,
    T_S47,
    T_CP,
    T_CLA,
    T_MISS_HOME,
    T_MISS_CARE,
    T_EH,
    T_LADO,
    T__COUNT
};

/* Bitmask of ind_table the measure needs (1u << T_...); 0 for private fostering. */
unsigned ind_measure_tables(int measure);

#endif

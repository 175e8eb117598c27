/* rules_903_util.h - shared pieces of the SSDA903 rules (family 903): a digested view of one
 * child's tree (episodes sorted by start date with their dates parsed, the header's date of
 * birth, periods of care), DfE code sets, date arithmetic, and one-line checks for the many
 * rules that only test a code or a date in one column. Internal to src/validate/rules_903*.c.
 *
 * The check functions of each area live in rules_903_<area>.c; the registration table (the
 * engine keeps one table per family) is in rules_903.c. */
#ifndef SG_RULES_903_UTIL_H
#define SG_RULES_903_UTIL_H

#include "core/codes.h"
#include "validate/validate.h"
#include "ingest/vnode.h"

#include <stdbool.h>
#include <stddef.h>

/* ---- DfE code sets: the program's one table (core/codes.h, data/code_sets.csv) ---- */
#define R903_ETHNIC sg_codes(SG_CS_ETHNICITY)
#define R903_RNE sg_codes(SG_CS_903_REASON_NEW_EPISODE)
#define R903_LS sg_codes(SG_CS_903_LEGAL_STATUS)
#define R903_CIN sg_codes(SG_CS_903_CATEGORY_OF_NEED)
#define R903_PLACE sg_codes(SG_CS_903_PLACEMENT)
#define R903_PROVIDER sg_codes(SG_CS_903_PLACEMENT_PROVIDER)
#define R903_REC sg_codes(SG_CS_903_REASON_CEASED)
#define R903_RPC sg_codes(SG_CS_903_REASON_PLACE_CHANGE)
#define R903_REVIEW_CODE sg_codes(SG_CS_903_REVIEW_CODE)
#define R903_MISSING sg_codes(SG_CS_903_MISSING)
#define R903_IN_TOUCH sg_codes(SG_CS_903_IN_TOUCH)
#define R903_ACTIV sg_codes(SG_CS_903_ACTIVITY)
#define R903_ACCOM sg_codes(SG_CS_903_ACCOMMODATION)
#define R903_SEX_ADOPTR sg_codes(SG_CS_903_SEX_ADOPTER)
#define R903_LS_ADOPTR sg_codes(SG_CS_903_LS_ADOPTER)
#define R903_RPC_ADOPT sg_codes(SG_CS_903_REASON_NO_LONGER_PLACED)
#define R903_PREV_PERM sg_codes(SG_CS_903_PREVIOUS_PERMANENCE)
#define R903_SDQ_REASON sg_codes(SG_CS_903_SDQ_REASON)
#define R903_UPN_UNKNOWN sg_codes(SG_CS_903_UPN_UNKNOWN)
#define R903_SW_REASON sg_codes(SG_CS_903_SW_REASON)

/* ---- subsets the rules test for ---- */
#define R903_TEMP "T0 T1 T2 T3 T4"
#define R903_ADOPT_PLACE "A3 A4 A5 A6"
#define R903_FOSTER "U1 U2 U3 U4 U5 U6"
/* Reasons episode ceased meaning the child was adopted. */
#define R903_ADOPTED "E11 E12"

/* One episodes row, digested. Dates are SG_DATE_NONE when absent or not a real date; codes
 * are the text as written (NULL when blank). */
typedef struct rule903_ep {
    const sg_vnode *row;
    sg_date decom, dec;
    const char *rne, *ls, *cin, *place, *prov, *rec, *rpc, *home_post, *pl_post, *urn;
} rule903_ep;

/* The episodes of tree (a CHILD node) sorted by DECOM (stable; rows whose DECOM is absent or
 * not a date come last), allocated in ctx->scratch; *n receives their number (NULL when 0). */
rule903_ep *rule903_episodes(sg_vctx *ctx, const sg_vnode *tree, size_t *n);

/* The first row of table in tree (NULL when none), and its date column (SG_DATE_NONE when
 * absent or not a date). */
const sg_vnode *rule903_row(const sg_vnode *tree, const char *table);
sg_date rule903_date(const sg_vnode *row, const char *field);

/* The child's date of birth from the header, SG_DATE_NONE when unknown. */
sg_date rule903_dob(const sg_vnode *tree);

/* Age in whole years on a date; -1 when either date is unknown. */
int rule903_age(sg_date dob, sg_date on);
/* d plus years (29 February moves to 1 March, as birthdays do); SG_DATE_NONE stays so. */
sg_date rule903_add_years(sg_date d, int years);

/* true when text is present and not one of the codes in list. */
bool rule903_bad_code(const char *text, const char *list);

/* Reports every row of table whose field is present and not in list (blank_bad: a blank
 * field is reported too). */
void rule903_check_code(sg_vctx *ctx, const sg_rule *rule, const char *table, const char *field,
                        const char *list, bool blank_bad);
/* Reports every row of table whose field is present and not a real date (blank_bad: blank
 * too). */
void rule903_check_date(sg_vctx *ctx, const sg_rule *rule, const char *table, const char *field,
                        bool blank_bad);

/* true when the episode is open on day d: started on or before d and not ceased before d
 * (an episode ceasing on d still covers d). */
bool rule903_ep_covers(const rule903_ep *e, sg_date d);

/* Index of the first episode of the period of care that episode i belongs to: walks back while
 * the previous episode ended with X1 on the day this one started. */
size_t rule903_period_start(const rule903_ep *ep, size_t i);

/* true when the child has been looked after continuously for at least 12 months at the end of
 * the collection year: the last episode is open at the end of the year, its period of care
 * started on or before the first day of the year, and no episode of that period is respite
 * (V3, V4). The DfE's "OC2 cohort". */
bool rule903_cla12(sg_vctx *ctx, const rule903_ep *ep, size_t n);

/* true when any of the space-separated fields of row is present. */
bool rule903_any(const sg_vnode *row, const char *fields);
/* The first of the space-separated fields of row that is blank, or NULL when all present. */
const char *rule903_first_blank(const sg_vnode *row, const char *fields, char *buf, size_t bufsz);

/* The SEX codes of collection year `year` (code set 903_sex: 1 2 up to 2023-24, M F U from
 * 2024-25), space separated. */
const char *rule903_sex_codes(int year);
/* What a SEX value says in collection year `year`: 'M' for the year's first code (1, M), 'F' for
 * its second (2, F), 0 for anything else (U, blank, a code of another year). */
char rule903_sex(const char *v, int year);

#endif

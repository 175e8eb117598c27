/* rules_903_util.h - shared pieces of the SSDA903 rules (family 903): a digested view of one
 * child's tree (episodes sorted by start date with their dates parsed, the header's date of
 * birth, periods of care), DfE code sets, date arithmetic, and one-line checks for the many
 * rules that only test a code or a date in one column. Internal to src/validate/rules_903*.c.
 *
 * The check functions of each area live in rules_903_<area>.c; the registration table (the
 * engine keeps one table per family) is in rules_903.c. */
#ifndef SG_RULES_903_UTIL_H
#define SG_RULES_903_UTIL_H

#include "validate/validate.h"
#include "ingest/vnode.h"

#include <stdbool.h>
#include <stddef.h>

/* ---- DfE code sets (SSDA903 technical specification 2024-25), space separated ---- */
#define R903_SEX "1 2"
#define R903_ETHNIC                                                                                \
    "WBRI WIRI WOTH WIRT WROM MWBC MWBA MWAS MOTH AIND APKN ABAN AOTH BCRB BAFR BOTH CHNE "        \
    "OOTH REFU NOBT"
#define R903_RNE "S L P T U B"
#define R903_LS "C1 C2 D1 E1 J1 J2 J3 L1 L2 L3 V2 V3 V4"
#define R903_CIN "N1 N2 N3 N4 N5 N6 N7 N8"
/* P2 (independent living) stopped being a placement type on 28 October 2023. */
#define R903_PLACE                                                                                 \
    "A3 A4 A5 A6 H5 K1 K2 P1 P2 P3 R1 R2 R3 R5 S1 T0 T1 T2 T3 T4 U1 U2 U3 U4 U5 U6 Z1"
#define R903_TEMP "T0 T1 T2 T3 T4"
#define R903_ADOPT_PLACE "A3 A4 A5 A6"
#define R903_FOSTER "U1 U2 U3 U4 U5 U6"
#define R903_PROVIDER "PR0 PR1 PR2 PR3 PR4 PR5"
#define R903_REC "E11 E12 E2 E3 E4A E4B E13 E41 E45 E46 E47 E48 E5 E6 E7 E8 E9 E14 E15 E16 E17 X1"
#define R903_RPC "CARPL CLOSE ALLEG STAND APPRR CREQB CREQO CHILD LAREQ PLACE CUSTOD OTHER"
#define R903_REVIEW_CODE "PN0 PN1 PN2 PN3 PN4 PN5 PN6 PN7"
#define R903_MISSING "M A"
#define R903_IN_TOUCH "YES NO DIED REFU NREQ RHOM"
#define R903_ACTIV "F1 P1 F2 P2 F4 P4 F5 P5 G4 G5 G6 0"
#define R903_ACCOM                                                                                 \
    "B1 B2 C1 C2 D1 D2 E1 E2 G1 G2 H1 H2 K1 K2 R1 R2 S2 T1 T2 U1 U2 V1 V2 W1 W2 X2 Y1 Y2 Z1 "      \
    "Z2 0"
#define R903_SEX_ADOPTR "M1 F1 MM FF MF"
#define R903_LS_ADOPTR "L0 L11 L12 L2 L3 L4"
#define R903_RPC_ADOPT "RD1 RD2 RD3 RD4"
#define R903_PREV_PERM "P1 P2 P3 P4 Z1"
#define R903_SDQ_REASON "SDQ1 SDQ2 SDQ3 SDQ4 SDQ5"
#define R903_UPN_UNKNOWN "UN1 UN2 UN3 UN4 UN5"
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

#endif

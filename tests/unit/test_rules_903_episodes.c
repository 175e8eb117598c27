/* test_rules_903_episodes.c - every Episodes rule of family 903 (rules_903_episodes.c) with a
 * tiny tree that fires it (rule, line, field asserted) and one that does not. Collection year
 * 2023-24. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_rules_903_cases.h"

/* A closed episode from 1 May to 1 June 2023 ending with X1, followed by a second episode. */
#define EP1                                                                                        \
    "episodes(DECOM=01/05/2023 DEC=01/06/2023 REC=X1 RNE=S LS=C1 CIN=N1 PLACE=U1 "                 \
    "PLACE_PROVIDER=PR1)"

static const r903_case cases[] = {
    /* codes and dates */
    {"141", T("episodes(DECOM=31/02/2023)"), NULL, 1, 2, "DECOM"},
    {"141", T("episodes(DECOM=28/02/2023)"), NULL, 0, 0, NULL},
    {"143", T("episodes(RNE=X)"), NULL, 1, 2, "RNE"},
    {"143", T("episodes(RNE=S)"), NULL, 0, 0, NULL},
    {"144", T("episodes(LS=Z9)"), NULL, 1, 2, "LS"},
    {"144", T("episodes(LS=C2)"), NULL, 0, 0, NULL},
    {"145", T("episodes(CIN=N9)"), NULL, 1, 2, "CIN"},
    {"145", T("episodes(CIN=N1)"), NULL, 0, 0, NULL},
    {"146", T("episodes(DECOM=01/05/2023 PLACE=Q9)"), NULL, 1, 2, "PLACE"},
    {"146", T("episodes(DECOM=01/11/2023 PLACE=P2)"), NULL, 1, 2, "PLACE"},
    {"146", T("episodes(DECOM=01/10/2023 PLACE=P2)"), NULL, 0, 0, NULL},
    {"146", T("episodes(DECOM=01/05/2023 PLACE=U1)"), NULL, 0, 0, NULL},
    {"147", T("episodes(DEC=32/01/2024)"), NULL, 1, 2, "DEC"},
    {"147", T("episodes(DEC=31/01/2024)"), NULL, 0, 0, NULL},
    {"148", T("episodes(DECOM=01/05/2023 DEC=01/06/2023)"), NULL, 1, 2, "REC"},
    {"148", T("episodes(DECOM=01/05/2023 REC=X1)"), NULL, 1, 2, "DEC"},
    {"148", T("episodes(DECOM=01/05/2023 DEC=01/06/2023 REC=E11)"), NULL, 0, 0, NULL},
    {"149", T("episodes(REC=E99)"), NULL, 1, 2, "REC"},
    {"149", T("episodes(REC=E4A)"), NULL, 0, 0, NULL},
    {"178", T("episodes(PLACE_PROVIDER=PR9)"), NULL, 1, 2, "PLACE_PROVIDER"},
    {"178", T("episodes(PLACE_PROVIDER=PR1)"), NULL, 0, 0, NULL},
    /* provided for a placement type that takes none */
    {"178", T("episodes(PLACE=Z1 PLACE_PROVIDER=PR1)"), NULL, 1, 2, "PLACE_PROVIDER"},
    {"178", T("episodes(PLACE=T4 PLACE_PROVIDER=PR1)"), NULL, 1, 2, "PLACE_PROVIDER"},
    {"178", T("episodes(PLACE=U1 PLACE_PROVIDER=PR1)"), NULL, 0, 0, NULL},
    {"179", T("episodes(PL_LOCATION=XX)"), NULL, 1, 2, "PL_LOCATION"},
    {"179", T("episodes(PL_LOCATION=IN)"), NULL, 0, 0, NULL},
    {"1009", T("episodes(REASON_PLACE_CHANGE=FOO)"), NULL, 1, 2, "REASON_PLACE_CHANGE"},
    {"1009", T("episodes(REASON_PLACE_CHANGE=CARPL)"), NULL, 0, 0, NULL},
    {"353", T("episodes(DECOM=13/10/1991)"), NULL, 1, 2, "DECOM"},
    {"353", T("episodes(DECOM=14/10/1991)"), NULL, 0, 0, NULL},
    {"354", T("episodes(DECOM=01/04/2024)"), NULL, 1, 2, "DECOM"},
    {"354", T("episodes(DECOM=31/03/2024)"), NULL, 0, 0, NULL},
    {"385", T("episodes(DECOM=01/05/2023 DEC=01/04/2024)"), NULL, 1, 2, "DEC"},
    {"385", T("episodes(DECOM=01/05/2023 DEC=31/03/2024)"), NULL, 0, 0, NULL},
    {"355", T("episodes(DECOM=01/05/2023 DEC=01/05/2023)"), NULL, 1, 2, "DEC"},
    {"355", T("episodes(DECOM=01/05/2023 DEC=02/05/2023)"), NULL, 0, 0, NULL},
    {"356", T("episodes(DECOM=02/05/2023 DEC=01/05/2023)"), NULL, 1, 2, "DEC"},
    {"356", T("episodes(DECOM=01/05/2023 DEC=02/05/2023)"), NULL, 0, 0, NULL},
    {"302", T("header(DOB=01/06/2020)\nepisodes(DECOM=01/05/2020)"), NULL, 1, 3, "DECOM"},
    {"302", T("header(DOB=01/06/2020)\nepisodes(DECOM=01/07/2020)"), NULL, 0, 0, NULL},
    /* order and continuity */
    {"142", T("episodes(DECOM=01/05/2023 REC=X1)\nepisodes(DECOM=01/06/2023)"), NULL, 1, 2, "DEC"},
    {"142", T("episodes(DECOM=01/05/2023 DEC=01/06/2023)\nepisodes(DECOM=01/06/2023)"), NULL, 1, 2,
     "REC"},
    {"142", T(EP1 "\nepisodes(DECOM=01/06/2023)"), NULL, 0, 0, NULL},
    {"501", T("episodes(DECOM=01/05/2023 DEC=10/06/2023 REC=X1)\nepisodes(DECOM=01/06/2023)"), NULL,
     1, 3, "DECOM"},
    {"501", T("episodes(DECOM=01/05/2023 DEC=10/06/2023 REC=X1)\nepisodes(DECOM=10/06/2023)"), NULL,
     0, 0, NULL},
    {"388", T(EP1), NULL, 1, 2, "REC"},
    {"388", T("episodes(DECOM=01/05/2023 DEC=01/06/2023 REC=E4A)\nepisodes(DECOM=01/06/2023)"),
     NULL, 1, 2, "REC"},
    {"388", T(EP1 "\nepisodes(DECOM=01/06/2023)"), NULL, 0, 0, NULL},
    {"357", T("episodes(DECOM=01/05/2023 RNE=P)"), NULL, 1, 2, "RNE"},
    {"357", T("episodes(DECOM=01/05/2023 RNE=S)"), NULL, 0, 0, NULL},
    {"357", T("episodes(DECOM=01/05/2022 RNE=P)"), NULL, 0, 0, NULL},
    {"431", T(EP1 "\nepisodes(DECOM=01/06/2023 RNE=S)"), NULL, 1, 3, "RNE"},
    {"431", T(EP1 "\nepisodes(DECOM=01/06/2023 RNE=P)"), NULL, 0, 0, NULL},
    {"432",
     T("episodes(DECOM=01/05/2023 DEC=01/06/2023 REC=E4A)\nepisodes(DECOM=01/07/2023 "
       "RNE=P)"),
     NULL, 1, 3, "RNE"},
    {"432",
     T("episodes(DECOM=01/05/2023 DEC=01/06/2023 REC=E4A)\nepisodes(DECOM=01/07/2023 "
       "RNE=S)"),
     NULL, 0, 0, NULL},
    {"433", T(EP1 "\nepisodes(DECOM=02/06/2023 RNE=P)"), NULL, 1, 3, "DECOM"},
    {"433", T(EP1 "\nepisodes(DECOM=01/06/2023 RNE=P)"), NULL, 0, 0, NULL},
    {"434", T(EP1 "\nepisodes(DECOM=01/06/2023 RNE=L LS=C1 PLACE=U1 PLACE_PROVIDER=PR1)"), NULL, 1,
     3, "RNE"},
    {"434", T(EP1 "\nepisodes(DECOM=01/06/2023 RNE=L LS=C2 PLACE=U1 PLACE_PROVIDER=PR1)"), NULL, 0,
     0, NULL},
    {"435", T(EP1 "\nepisodes(DECOM=01/06/2023 RNE=P LS=C1 PLACE=U1 PLACE_PROVIDER=PR1)"), NULL, 1,
     3, "RNE"},
    {"435", T(EP1 "\nepisodes(DECOM=01/06/2023 RNE=P LS=C1 PLACE=U2 PLACE_PROVIDER=PR1)"), NULL, 0,
     0, NULL},
    /* T is a placement change with the same carer(s): 435's, not 436's */
    {"435", T(EP1 "\nepisodes(DECOM=01/06/2023 RNE=T LS=C2 PLACE=U2 PLACE_PROVIDER=PR1)"), NULL, 1,
     3, "RNE"},
    {"435", T(EP1 "\nepisodes(DECOM=01/06/2023 RNE=T LS=C1 PLACE=U2 PLACE_PROVIDER=PR1)"), NULL, 0,
     0, NULL},
    {"436", T(EP1 "\nepisodes(DECOM=01/06/2023 RNE=T LS=C1 PLACE=U2 PLACE_PROVIDER=PR1)"), NULL, 0,
     0, NULL},
    /* U and B: both must change */
    {"436", T(EP1 "\nepisodes(DECOM=01/06/2023 RNE=B LS=C1 PLACE=U2 PLACE_PROVIDER=PR1)"), NULL, 1,
     3, "RNE"},
    {"436", T(EP1 "\nepisodes(DECOM=01/06/2023 RNE=U LS=C2 PLACE=U1 PLACE_PROVIDER=PR1)"), NULL, 1,
     3, "RNE"},
    {"436", T(EP1 "\nepisodes(DECOM=01/06/2023 RNE=B LS=C2 PLACE=U2 PLACE_PROVIDER=PR1)"), NULL, 0,
     0, NULL},
    {"436", T(EP1 "\nepisodes(DECOM=01/06/2023 RNE=U LS=C2 PLACE=U2 PLACE_PROVIDER=PR1)"), NULL, 0,
     0, NULL},
    {"437", T("episodes(DECOM=01/05/2023 DEC=01/06/2023 REC=E2)\nepisodes(DECOM=01/07/2023)"), NULL,
     1, 2, "REC"},
    {"437", T("episodes(DECOM=01/05/2023 DEC=01/06/2023 REC=E4A)\nepisodes(DECOM=01/07/2023)"),
     NULL, 0, 0, NULL},
    {"504", T(EP1 "\nepisodes(DECOM=01/06/2023 RNE=P CIN=N2)"), NULL, 1, 3, "CIN"},
    {"504", T(EP1 "\nepisodes(DECOM=01/06/2023 RNE=P CIN=N1)"), NULL, 0, 0, NULL},
    /* ages */
    {"352", T("header(DOB=01/01/2005)\nepisodes(DECOM=01/05/2023 RNE=S)"), NULL, 1, 3, "RNE"},
    {"352", T("header(DOB=01/01/2006)\nepisodes(DECOM=01/05/2023 RNE=S)"), NULL, 0, 0, NULL},
    {"358", T("header(DOB=01/01/2015)\nepisodes(DECOM=01/05/2023 LS=J1)"), NULL, 1, 3, "LS"},
    {"358", T("header(DOB=01/01/2010)\nepisodes(DECOM=01/05/2023 LS=J1)"), NULL, 0, 0, NULL},
    {"370", T("header(DOB=01/01/2010)\nepisodes(DECOM=01/05/2023 PLACE=P2)"), NULL, 1, 3, "PLACE"},
    {"370", T("header(DOB=01/01/2005)\nepisodes(DECOM=01/05/2023 PLACE=P2)"), NULL, 0, 0, NULL},
    {"371", T("header(DOB=01/01/2010)\nepisodes(DECOM=01/05/2023 PLACE=H5)"), NULL, 1, 3, "PLACE"},
    {"371", T("header(DOB=01/01/2005)\nepisodes(DECOM=01/05/2023 PLACE=H5)"), NULL, 0, 0, NULL},
    {"372", T("header(DOB=01/01/2015)\nepisodes(DECOM=01/05/2023 PLACE=R5)"), NULL, 1, 3, "PLACE"},
    {"372", T("header(DOB=01/01/2010)\nepisodes(DECOM=01/05/2023 PLACE=R5)"), NULL, 0, 0, NULL},
    {"373", T("header(DOB=01/01/2021)\nepisodes(DECOM=01/05/2023 PLACE=S1)"), NULL, 1, 3, "PLACE"},
    {"373", T("header(DOB=01/01/2015)\nepisodes(DECOM=01/05/2023 PLACE=S1)"), NULL, 0, 0, NULL},
    {"374", T("header(DOB=01/01/2015)\nepisodes(DECOM=01/05/2023 PLACE=P3)"), NULL, 1, 3, "PLACE"},
    {"374", T("header(DOB=01/01/2005)\nepisodes(DECOM=01/05/2023 PLACE=P3)"), NULL, 0, 0, NULL},
    {"386", T("header(DOB=01/01/2005)\nepisodes(DECOM=01/05/2023 DEC=01/06/2023 REC=E11)"), NULL, 1,
     3, "REC"},
    {"386", T("header(DOB=01/01/2010)\nepisodes(DECOM=01/05/2023 DEC=01/06/2023 REC=E11)"), NULL, 0,
     0, NULL},
    {"387", T("header(DOB=01/01/2015)\nepisodes(DECOM=01/05/2023 DEC=01/06/2023 REC=E5)"), NULL, 1,
     3, "REC"},
    {"387", T("header(DOB=01/01/2005)\nepisodes(DECOM=01/05/2023 DEC=01/06/2023 REC=E5)"), NULL, 0,
     0, NULL},
    {"389", T("header(DOB=01/01/2010)\nepisodes(DECOM=01/05/2023 DEC=01/06/2023 REC=E7)"), NULL, 1,
     3, "REC"},
    {"389", T("header(DOB=01/01/2005)\nepisodes(DECOM=01/05/2023 DEC=01/06/2023 REC=E7)"), NULL, 0,
     0, NULL},
    {"407", T("header(DOB=01/01/2005)\nepisodes(DECOM=01/05/2023 DEC=01/06/2023 REC=E45)"), NULL, 1,
     3, "REC"},
    {"407", T("header(DOB=01/01/2010)\nepisodes(DECOM=01/05/2023 DEC=01/06/2023 REC=E45)"), NULL, 0,
     0, NULL},
    {"460", T("header(DOB=01/01/2010)\nepisodes(DECOM=01/05/2023 DEC=01/06/2023 REC=E17)"), NULL, 1,
     3, "REC"},
    {"460", T("header(DOB=01/01/2005)\nepisodes(DECOM=01/05/2023 DEC=01/06/2023 REC=E17)"), NULL, 0,
     0, NULL},
    {"359", T("header(DOB=01/01/2005)\nepisodes(DECOM=01/05/2023 LS=C2 PLACE=U1)"), NULL, 1, 3,
     "LS"},
    {"359", T("header(DOB=01/01/2005)\nepisodes(DECOM=01/05/2023 LS=V2 PLACE=K2)"), NULL, 0, 0,
     NULL},
    /* durations */
    {"361", T("episodes(DECOM=01/05/2023 DEC=10/05/2023 REC=E4A LS=L1)"), NULL, 1, 2, "DEC"},
    {"361", T("episodes(DECOM=01/05/2023 DEC=03/05/2023 REC=E4A LS=L1)"), NULL, 0, 0, NULL},
    {"362", T("episodes(DECOM=01/05/2023 DEC=01/06/2023 REC=E4A LS=L2)"), NULL, 1, 2, "DEC"},
    {"362", T("episodes(DECOM=01/05/2023 DEC=15/05/2023 REC=E4A LS=L2)"), NULL, 0, 0, NULL},
    {"363", T("episodes(DECOM=01/05/2023 DEC=11/05/2023 REC=E4A LS=L3)"), NULL, 1, 2, "DEC"},
    {"363", T("episodes(DECOM=01/05/2023 DEC=06/05/2023 REC=E4A LS=L3)"), NULL, 0, 0, NULL},
    {"364", T("episodes(DECOM=01/05/2023 DEC=01/06/2023 REC=E4A LS=J2)"), NULL, 1, 2, "LS"},
    {"364", T("episodes(DECOM=01/05/2023 DEC=10/05/2023 REC=E4A LS=J2)"), NULL, 0, 0, NULL},
    {"365", T("episodes(DECOM=01/05/2023 DEC=01/06/2023 REC=E4A LS=V3)"), NULL, 1, 2, "DEC"},
    {"365", T("episodes(DECOM=01/05/2023 DEC=10/05/2023 REC=E4A LS=V3)"), NULL, 0, 0, NULL},
    {"367",
     T("episodes(DECOM=01/05/2023 DEC=10/06/2023 LS=V3)\nepisodes(DECOM=01/07/2023 "
       "DEC=10/08/2023 LS=V3)"),
     NULL, 1, 3, "LS"},
    {"367",
     T("episodes(DECOM=01/05/2023 DEC=10/06/2023 LS=V3)\nepisodes(DECOM=01/07/2023 "
       "DEC=20/07/2023 LS=V3)"),
     NULL, 0, 0, NULL},
    {"375", T("episodes(DECOM=01/05/2023 DEC=01/07/2023 PLACE=T1)"), NULL, 1, 2, "DEC"},
    {"375", T("episodes(DECOM=01/05/2023 DEC=01/06/2023 PLACE=T1)"), NULL, 0, 0, NULL},
    {"376", T("episodes(DECOM=01/05/2023 DEC=31/05/2023 PLACE=T3)"), NULL, 1, 2, "DEC"},
    {"376", T("episodes(DECOM=01/05/2023 DEC=11/05/2023 PLACE=T3)"), NULL, 0, 0, NULL},
    {"379", T("episodes(DECOM=01/05/2023 DEC=11/05/2023 PLACE=T4)"), NULL, 1, 2, "DEC"},
    {"379", T("episodes(DECOM=01/05/2023 DEC=06/05/2023 PLACE=T4)"), NULL, 0, 0, NULL},
    {"377",
     T("episodes(DECOM=01/05/2023 PLACE=T3)\nepisodes(DECOM=01/06/2023 PLACE=T3)\n"
       "episodes(DECOM=01/07/2023 PLACE=T3)"),
     NULL, 1, 4, "PLACE"},
    {"377", T("episodes(DECOM=01/05/2023 PLACE=T3)\nepisodes(DECOM=01/06/2023 PLACE=T3)"), NULL, 0,
     0, NULL},
    /* legal status and placement */
    {"366", T("episodes(LS=V3 RNE=P)"), NULL, 1, 2, "RNE"},
    {"366", T("episodes(LS=V3 RNE=S)"), NULL, 0, 0, NULL},
    {"378", T("episodes(PLACE=P1 LS=V2)"), NULL, 1, 2, "LS"},
    {"378", T("episodes(PLACE=P1 LS=C2)"), NULL, 0, 0, NULL},
    {"380", T("episodes(RNE=S PLACE=T1)"), NULL, 1, 2, "PLACE"},
    {"380", T("episodes(RNE=S PLACE=U1)"), NULL, 0, 0, NULL},
    /* only the start of a period of care (RNE S): a temporary placement later in it is not 380's */
    {"380", T("episodes(RNE=L PLACE=T1)"), NULL, 0, 0, NULL},
    {"380", T("episodes(RNE=T PLACE=T1)"), NULL, 0, 0, NULL},
    {"381", T("episodes(PLACE=T1 DEC=01/06/2023 REC=E4A)"), NULL, 1, 2, "PLACE"},
    {"381", T("episodes(PLACE=T1 DEC=01/06/2023 REC=X1)"), NULL, 0, 0, NULL},
    {"382", T("episodes(LS=V3 PLACE=T2)"), NULL, 1, 2, "PLACE"},
    {"382", T("episodes(LS=V3 PLACE=R1)"), NULL, 0, 0, NULL},
    {"384", T("episodes(LS=V4 PLACE=U1)"), NULL, 1, 2, "PLACE"},
    {"384", T("episodes(LS=V4 PLACE=U2)"), NULL, 0, 0, NULL},
    {"383",
     T(EP1 "\nepisodes(DECOM=01/06/2023 DEC=10/06/2023 REC=X1 PLACE=T3)\n"
           "episodes(DECOM=10/06/2023 PLACE=U2)"),
     NULL, 1, 3, "PLACE"},
    {"383",
     T(EP1 "\nepisodes(DECOM=01/06/2023 DEC=10/06/2023 REC=X1 PLACE=T3)\n"
           "episodes(DECOM=10/06/2023 PLACE=U1)"),
     NULL, 0, 0, NULL},
    {"390", T("episodes(DEC=01/06/2023 REC=E11 PLACE=U1)"), NULL, 1, 2, "REC"},
    {"390", T("episodes(DEC=01/06/2023 REC=E11 PLACE=A4)"), NULL, 0, 0, NULL},
    {"408", T("episodes(PLACE=A5 LS=C2)"), NULL, 1, 2, "LS"},
    {"408", T("episodes(PLACE=A5 LS=E1)"), NULL, 0, 0, NULL},
    {"426", T("episodes(DECOM=01/05/2023 LS=V3)\nepisodes(DECOM=01/06/2023 LS=V4)"), NULL, 2, 2,
     "LS"},
    {"426", T("episodes(DECOM=01/05/2023 LS=V3)\nepisodes(DECOM=01/06/2023 LS=V3)"), NULL, 0, 0,
     NULL},
    {"445", T("episodes(DECOM=01/05/2023 LS=D1)"), NULL, 1, 2, "LS"},
    {"445", T("episodes(DECOM=01/05/2005 LS=D1)"), NULL, 0, 0, NULL},
    {"446", T("episodes(DECOM=01/05/2005 LS=E1)"), NULL, 1, 2, "LS"},
    {"446", T("episodes(DECOM=01/05/2023 LS=E1)"), NULL, 0, 0, NULL},
    {"451", T("episodes(DECOM=01/05/2005 LS=D1)"), NULL, 1, 2, "LS"},
    {"451", T("episodes(DECOM=01/05/2005 LS=D1 DEC=01/06/2023 REC=E11)"), NULL, 0, 0, NULL},
    {"516", T("episodes(DEC=01/06/2023 REC=E45 PLACE=R1)"), NULL, 1, 2, "PLACE"},
    {"516", T("episodes(DEC=01/06/2023 REC=E45 PLACE=U3)"), NULL, 0, 0, NULL},
    {"217", T("episodes(DECOM=01/05/2023 PLACE=A3 RNE=P)"), NULL, 1, 2, "RNE"},
    {"217", T("episodes(DECOM=01/05/2023 PLACE=A3 RNE=T)"), NULL, 0, 0, NULL},
    {"217t", T("episodes(DECOM=01/11/2023 PLACE=P2)"), NULL, 1, 2, "PLACE"},
    {"217t", T("episodes(DECOM=01/10/2023 PLACE=P2)"), NULL, 0, 0, NULL},
    /* placement provider */
    {"213", T("episodes(PLACE=T1 PLACE_PROVIDER=PR1)"), NULL, 1, 2, "PLACE_PROVIDER"},
    {"213", T("episodes(PLACE=T1)"), NULL, 0, 0, NULL},
    {"526", T("episodes(PLACE=U1)"), NULL, 1, 2, "PLACE_PROVIDER"},
    {"526", T("episodes(PLACE=U1 PLACE_PROVIDER=PR1)"), NULL, 0, 0, NULL},
    /* Z1 (other placement) takes no provider, as the temporary placements */
    {"526", T("episodes(PLACE=Z1)"), NULL, 0, 0, NULL},
    {"526", T("episodes(PLACE=T0)"), NULL, 0, 0, NULL},
    {"527", T("episodes(PLACE=R2 PLACE_PROVIDER=PR1)"), NULL, 1, 2, "PLACE_PROVIDER"},
    {"527", T("episodes(PLACE=U1 PLACE_PROVIDER=PR1)"), NULL, 0, 0, NULL},
    {"528", T("episodes(PLACE=R5 PLACE_PROVIDER=PR2)"), NULL, 1, 2, "PLACE_PROVIDER"},
    {"528", T("episodes(PLACE=U1 PLACE_PROVIDER=PR2)"), NULL, 0, 0, NULL},
    {"529", T("episodes(PLACE=K1 PLACE_PROVIDER=PR3)"), NULL, 1, 2, "PLACE_PROVIDER"},
    {"529", T("episodes(PLACE=R1 PLACE_PROVIDER=PR3)"), NULL, 0, 0, NULL},
    {"530", T("episodes(PLACE=P1 PLACE_PROVIDER=PR4)"), NULL, 1, 2, "PLACE_PROVIDER"},
    {"530", T("episodes(PLACE=U1 PLACE_PROVIDER=PR4)"), NULL, 0, 0, NULL},
    {"531", T("episodes(PLACE=P1 PLACE_PROVIDER=PR5)"), NULL, 1, 2, "PLACE_PROVIDER"},
    {"531", T("episodes(PLACE=U1 PLACE_PROVIDER=PR5)"), NULL, 0, 0, NULL},
    {"550", T("episodes(PLACE=U1 PLACE_PROVIDER=PR0)"), NULL, 1, 2, "PLACE_PROVIDER"},
    {"550", T("episodes(PLACE=P1 PLACE_PROVIDER=PR0)"), NULL, 0, 0, NULL},
    /* location */
    {"214", T("episodes(LS=V3 PL_POST=\"AB1 2CD\")"), NULL, 1, 2, "PL_POST"},
    {"214", T("episodes(LS=C2 PL_POST=\"AB1 2CD\")"), NULL, 0, 0, NULL},
    {"398", T("episodes(LS=V4 HOME_POST=\"AB1 2CD\")"), NULL, 1, 2, "HOME_POST"},
    {"398", T("episodes(LS=C2 HOME_POST=\"AB1 2CD\")"), NULL, 0, 0, NULL},
    {"420", T("episodes(LS=V3 PL_LA=E08000012)"), NULL, 1, 2, "PL_LA"},
    {"420", T("episodes(LS=C2 PL_LA=E08000012)"), NULL, 0, 0, NULL},
    {"392b", T("episodes(LS=C2 PL_POST=\"M1 1AA\")"), NULL, 1, 2, "HOME_POST"},
    {"392b", T("episodes(LS=C2 PL_POST=\"M1 1AA\")\nuasc(DUC=01/01/2025)"), NULL, 0, 0, NULL},
    {"392c", T("episodes(HOME_POST=\"ABC 123\" PL_POST=\"M1 1AA\")"), NULL, 1, 2, "HOME_POST"},
    {"392c", T("episodes(HOME_POST=\"EC1A 1BB\" PL_POST=m11aa)"), NULL, 0, 0, NULL},
    {"392d", T("episodes(PLACE=U1 HOME_POST=\"M1 1AA\" PL_POST=M11AA)"), NULL, 1, 2, "PL_POST"},
    {"392d", T("episodes(PLACE=P1 HOME_POST=\"M1 1AA\" PL_POST=M11AA)"), NULL, 0, 0, NULL},
    /* reason for placement change */
    {"225", T(EP1 "\nepisodes(DECOM=01/06/2023 RNE=P PLACE=U2)"), NULL, 1, 2,
     "REASON_PLACE_CHANGE"},
    {"225",
     T("episodes(DECOM=01/05/2023 DEC=01/06/2023 REC=X1 PLACE=U1 REASON_PLACE_CHANGE="
       "CARPL)\nepisodes(DECOM=01/06/2023 RNE=P PLACE=U2)"),
     NULL, 0, 0, NULL},
    {"226", T("episodes(PLACE=T1 REASON_PLACE_CHANGE=CARPL)"), NULL, 1, 2, "REASON_PLACE_CHANGE"},
    {"226", T("episodes(PLACE=T1)"), NULL, 0, 0, NULL},
};

static void test_episode_rules(void **state)
{
    (void)state;
    r903_run_cases(cases, sizeof cases / sizeof cases[0]);
}

/* The age rules on both sides of their age: a child exactly the age on the day (DECOM
 * 01/05/2023 or DEC 01/06/2023: born that day and month, so many years before) and one a day
 * younger. "Under N" rules fire at N-1 and are quiet at N; "N or over" rules fire at N and are
 * quiet at N-1. Ages typed from the DfE's rule texts. */
static void test_age_boundaries(void **state)
{
    (void)state;
    static const struct {
        const char *id, *field, *code;
        bool at_dec;
        int age;
        bool under; /* true: "under age"; false: "age or over" */
    } rules[] = {
        {"352", "RNE", "S", false, 18, false},   {"358", "LS", "J1", false, 10, true},
        {"370", "PLACE", "P2", false, 16, true}, {"371", "PLACE", "H5", false, 16, true},
        {"372", "PLACE", "R5", false, 10, true}, {"373", "PLACE", "S1", false, 4, true},
        {"374", "PLACE", "P3", false, 14, true}, {"386", "REC", "E11", true, 18, false},
        {"387", "REC", "E5", true, 14, true},    {"389", "REC", "E7", true, 16, true},
        {"407", "REC", "E45", true, 18, false},  {"460", "REC", "E17", true, 18, true},
    };
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        for (int younger = 0; younger <= 1; younger++) {
            /* born on the day (age exactly N) or the day after (N - 1) */
            int month = rules[i].at_dec ? 6 : 5;
            char extra[32] = "", tree[256];
            bool rec = strcmp(rules[i].field, "REC") == 0;
            if (!rec) snprintf(extra, sizeof extra, " %s=%s", rules[i].field, rules[i].code);
            snprintf(tree, sizeof tree,
                     "CHILD(\nheader(DOB=%02d/%02d/%04d)\nepisodes(DECOM=01/05/2023 "
                     "DEC=01/06/2023 REC=%s%s)\n)",
                     1 + younger, month, 2023 - rules[i].age, rec ? rules[i].code : "E4A", extra);
            bool fires = rules[i].under ? younger : !younger;
            vt_result r;
            int rc = vt_run(vt_rule(rules[i].id), tree, NULL, 2024, &r);
            if (rc) fail_msg("rule %s: run returned %d", rules[i].id, rc);
            if (r.n != (fires ? 1 : 0))
                fail_msg("rule %s at age %d%s: %d findings, expected %d", rules[i].id,
                         rules[i].age - younger, younger ? " (a day short)" : "", r.n, fires);
            if (fires && (r.f[0].line != 3 || strcmp(r.f[0].field, rules[i].field) != 0))
                fail_msg("rule %s: line %ld field %s", rules[i].id, r.f[0].line, r.f[0].field);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_episode_rules),
                                       cmocka_unit_test(test_age_boundaries)};
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    vt_done();
    return rc;
}

/* rules_903_placement.c - SSDA903 rules on what a placement's type allows to be recorded with
 * it: rule 222, the Ofsted URN of placement types Ofsted does not register. The list of those
 * types changes by collection year (placement codes came and went), so it is chosen here by
 * ctx->coll->year; docs/rules_903.md gives the lists and their sources. */
#include "validate/rules_903_checks.h"
#include "validate/rules_903_util.h"

#include <string.h>

/* The placement types that take no URN in collection year `year`: 2022-23 includes H5 (semi-
 * independent living, unregulated until 28 October 2023) and P2; 2023-24 drops H5 (regulated
 * supported accommodation from then); 2024-25 drops P2 (no longer a placement type); 2025-26
 * replaces Z1 by Z11-Z14. */
static const char *no_urn_places(int year)
{
    if (year <= 2023) return "H5 P1 P2 P3 R1 R2 R5 T0 T1 T2 T3 T4 Z1";
    if (year == 2024) return "P1 P2 P3 R1 R2 R5 T0 T1 T2 T3 T4 Z1";
    if (year == 2025) return "P1 P3 R1 R2 R5 T0 T1 T2 T3 T4 Z1";
    return "P1 P3 R1 R2 R5 T0 T1 T2 T3 T4 Z11 Z12 Z13 Z14";
}

/* 222: a URN other than XXXXXXX is recorded on an episode whose placement type takes none. */
RULE903(222)
{
    const char *list = no_urn_places(ctx->coll->year);
    for (const sg_vnode *e = sg_vnode_child(ctx->child, "episodes"); e; e = sg_vnode_next(e)) {
        const char *urn = sg_vnode_text(e, "URN");
        if (urn && strcmp(urn, "XXXXXXX") != 0 && sg_vcode_in(sg_vnode_text(e, "PLACE"), list))
            sg_vreport(ctx, rule, e, "URN", NULL);
    }
    return SG_OK;
}

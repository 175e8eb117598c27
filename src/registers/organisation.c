/* organisation.c - the organisations register: descriptor, its cross-field rule (a statutory
 * partner's sector) and whether an organisation was a member on a date. */
#include "registers/organisation.h"

#include <string.h>

const sg_reg_code sg_org_memberships[] = {
    {"STATUTORY_PARTNER", "a statutory safeguarding partner: the local authority, the "
                          "integrated care board or the chief officer of police"},
    {"RELEVANT_AGENCY", "a relevant agency named in the partnership's arrangements"},
    {NULL, NULL},
};

bool sg_org_statutory_sector(const char *sector)
{
    return sector && (strcmp(sector, "CSC") == 0 || strcmp(sector, "POLICE") == 0 ||
                      strcmp(sector, "HEALTH") == 0);
}

bool sg_org_active_on(const sg_reg_record *rec, sg_date d)
{
    sg_date from = sg_reg_get_date(rec, "active_from"), to = sg_reg_get_date(rec, "active_to");
    if (from != SG_DATE_NONE && d < from) return false;
    if (to != SG_DATE_NONE && d > to) return false;
    return true;
}

static int check(const sg_register *reg, const sg_reg_record *rec, sg_error *err)
{
    (void)reg;
    const char *m = sg_reg_get(rec, "membership"), *sector = sg_reg_get(rec, "sector");
    if (m && strcmp(m, "STATUTORY_PARTNER") == 0 && sector && !sg_org_statutory_sector(sector))
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "membership",
                         "a statutory partner's sector is CSC, POLICE or HEALTH, not %s", sector);
    return SG_OK;
}

static const sg_reg_col cols[] = {
    {.name = "short_name",
     .type = SG_RT_TEXT,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .max = 32,
     .doc = "the organisation's short name, its key, e.g. NORTH_ICB"},
    {.name = "name",
     .type = SG_RT_TEXT,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .max = 200,
     .doc = "the organisation's full name, as shown in reports and pages"},
    {.name = "sector",
     .type = SG_RT_AGENCY,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .doc = "its sector: one of the partnership's agency codes"},
    {.name = "membership",
     .type = SG_RT_ENUM,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .codes = sg_org_memberships,
     .doc = "statutory safeguarding partner or relevant agency"},
    {.name = "active_from",
     .type = SG_RT_DATE,
     .doc = "first day of membership (empty: from before the register began)"},
    {.name = "active_to",
     .type = SG_RT_DATE,
     .not_before = "active_from",
     .doc = "last day of membership (empty: still a member)"},
    {.name = "notes", .type = SG_RT_TEXT, .doc = "e.g. replaced by, merged into"},
};

const sg_register sg_reg_organisation = {
    .name = "organisation",
    .title = "Organisations: the partnership's member bodies",
    .doc = "One record per member body: its name, sector (agency code), whether it is a "
           "statutory safeguarding partner or a relevant agency, and when it was a member. "
           "Where a record only knows a sector, the sector code stays valid on its own.",
    .cols = cols,
    .ncols = (int)(sizeof cols / sizeof cols[0]),
    .check = check,
};

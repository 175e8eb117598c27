/* organisation.h - the organisations register: the partnership's member
 * bodies, each with a name, a short name (its key), a sector (one of the partnership's agency
 * codes, so the codes used before organisations existed stay valid as sectors), whether it is
 * a statutory safeguarding partner or a relevant agency, and the dates it was a member.
 * Template and code lists: docs/registers.md. */
#ifndef SG_ORGANISATION_H
#define SG_ORGANISATION_H

#include "registers/register.h"

#include <stdbool.h>

extern const sg_register sg_reg_organisation; /* "organisation" */
extern const sg_reg_code sg_org_memberships[];

/* The sectors a statutory safeguarding partner can belong to (Children Act 2004 s16E, as
 * amended: the local authority, the integrated care board, the chief officer of police). */
bool sg_org_statutory_sector(const char *sector);

/* Whether organisation rec was a member on day d: active_from absent or on/before d, and
 * active_to absent or on/after d. */
bool sg_org_active_on(const sg_reg_record *rec, sg_date d);

#endif

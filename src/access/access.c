/* access.c - roles, the capability matrix, principals, and the small helpers the rest of the
 * access layer shares (subkeys, nested transactions, name rules). The matrix is the one place
 * where a role's rights are decided; docs/access.md prints the same table. */
#include "access/access_int.h"

#include "core/mem.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const role_names[SG__ROLE_COUNT] = {
    "public", "admin", "analyst", "business", "agency", "executive", "scrutineer",
};

const char *sg_role_name(sg_role r)
{
    return (unsigned)r < SG__ROLE_COUNT ? role_names[r] : "?";
}

int sg_role_parse(const char *name, sg_role *out, sg_error *err)
{
    for (int r = 0; name && r < SG__ROLE_COUNT; r++)
        if (strcasecmp(name, role_names[r]) == 0) {
            *out = (sg_role)r;
            return SG_OK;
        }
    return sg_err(err, SG_EINVAL,
                  "unknown role '%s' (roles: public, admin, analyst, business, agency, "
                  "executive, scrutineer)",
                  name ? name : "");
}

/* Rows are roles, columns capabilities (sg_cap order). Agency data owners hold their rights
 * only for their own agency (sg_can_agency); child-level for them means the rows and rejected
 * values of their own returns, which they need to correct them. Why each cell is what it is:
 * docs/access.md. */
enum { N = 0, Y = 1 };
static const unsigned char matrix[SG__ROLE_COUNT][SG__CAP_COUNT] = {
    /*              child subm upld dset rreg wreg prev publ user audt */
    [SG_ROLE_PUBLIC] = {N, N, N, N, N, N, N, N, N, N},
    [SG_ROLE_ADMIN] = {Y, Y, Y, Y, Y, Y, Y, Y, Y, Y},
    [SG_ROLE_ANALYST] = {Y, Y, Y, Y, Y, N, Y, N, N, N},
    [SG_ROLE_BUSINESS] = {N, Y, N, Y, Y, Y, Y, N, N, N},
    [SG_ROLE_AGENCY] = {Y, Y, Y, N, Y, Y, N, N, N, N},
    [SG_ROLE_EXECUTIVE] = {N, N, N, Y, Y, N, Y, Y, N, N},
    [SG_ROLE_SCRUTINEER] = {N, N, N, Y, Y, N, Y, N, N, N},
};

bool sg_role_needs_totp(sg_role r)
{
    return (unsigned)r < SG__ROLE_COUNT && matrix[r][SG_CAP_CHILD_LEVEL];
}

sg_principal sg_principal_public(void)
{
    sg_principal p;
    memset(&p, 0, sizeof p);
    p.role = SG_ROLE_PUBLIC;
    sg_strlcpy(p.username, "public", sizeof p.username);
    return p;
}

sg_principal sg_principal_cli(void)
{
    sg_principal p;
    memset(&p, 0, sizeof p);
    p.role = SG_ROLE_ADMIN;
    const char *u = getenv("USER");
    sg_strlcpy(p.username, u && *u ? u : "cli", sizeof p.username);
    return p;
}

bool sg_can(const sg_principal *p, sg_cap c)
{
    if (!p || (unsigned)p->role >= SG__ROLE_COUNT || (unsigned)c >= SG__CAP_COUNT) return false;
    /* An agency principal without an agency could match nothing; refuse rather than guess. */
    if (p->role == SG_ROLE_AGENCY && !p->agency[0]) return false;
    return matrix[p->role][c] != 0;
}

bool sg_can_agency(const sg_principal *p, const char *agency)
{
    if (!p || (unsigned)p->role >= SG__ROLE_COUNT || p->role == SG_ROLE_PUBLIC) return false;
    if (p->role != SG_ROLE_AGENCY) return true;
    return p->agency[0] && agency && strcmp(p->agency, agency) == 0;
}

int sg_require(const sg_principal *p, sg_cap c, sg_error *err)
{
    return sg_can(p, c) ? SG_OK : sg_err(err, SG_EFORBIDDEN, "not allowed");
}

/* ---- shared helpers ---- */

void sg_access_subkey(sg_store *s, const char *ctx, unsigned char key[32])
{
    _Static_assert(SG_PSEUDO_KEYLEN == crypto_kdf_KEYBYTES, "partnership key is a kdf key");
    crypto_kdf_derive_from_key(key, 32, 1, ctx, sg_store_pseudo(s)->key);
}

int sg_access_begin(sg_store *s, bool *own, sg_error *err)
{
    return sg_store_tx_begin(s, own, err);
}

int sg_access_commit(sg_store *s, bool own, sg_error *err)
{
    return own ? sg_store_commit(s, err) : SG_OK;
}

void sg_access_rollback(sg_store *s, bool own)
{
    if (own) sg_store_rollback(s);
}

bool sg_username_valid(const char *u)
{
    size_t n = u ? strlen(u) : 0;
    if (n < 1 || n > 63) return false;
    for (; *u; u++)
        if (!((*u >= 'a' && *u <= 'z') || (*u >= '0' && *u <= '9') || *u == '.' || *u == '_' ||
              *u == '-'))
            return false;
    return true;
}

bool sg_agency_code_valid(const char *a)
{
    size_t n = a ? strlen(a) : 0;
    if (n < 1 || n > 31) return false;
    for (; *a; a++)
        if (!((*a >= 'A' && *a <= 'Z') || (*a >= '0' && *a <= '9') || *a == '_')) return false;
    return true;
}

/* pseudo.h - keyed pseudonyms for child identifiers.
 *
 * Raw identifiers (LA child ID, UPN, NHS number, name + date of birth) never enter the
 * database: importers turn them into pseudonyms here, a BLAKE2b keyed hash (libsodium
 * crypto_generichash) under a per-partnership secret kept in a key file beside the database.
 * The same identifier always gives the same pseudonym under the same key, so a child links
 * across agencies and returns; without the key the pseudonym cannot be reversed or recomputed. */
#ifndef SG_PSEUDO_H
#define SG_PSEUDO_H

#include "core/sg.h"

#include <stddef.h>

#define SG_PSEUDO_KEYLEN 32
#define SG_PSEUDO_LEN 25 /* kind letter + 24 hex digits (96 bits) */

typedef enum sg_id_kind {
    SG_ID_LA = 0,  /* local authority child ID (CIN LAchildID, 903 CHILD, Annex A) -> 'L' */
    SG_ID_UPN,     /* unique pupil number -> 'U' */
    SG_ID_NHS,     /* NHS number -> 'N' */
    SG_ID_NAMEDOB, /* "surname|forename|YYYY-MM-DD" from agencies without IDs -> 'P' */
    SG_ID__COUNT
} sg_id_kind;

typedef struct sg_pseudo {
    unsigned char key[SG_PSEUDO_KEYLEN];
} sg_pseudo;

/* Loads the key from path (64 hex digits and a newline), creating it with fresh random bytes
 * and mode 0600 when it does not exist. Returns SG_EIO / SG_EPARSE on failure. */
int sg_pseudo_open(sg_pseudo *p, const char *path, sg_error *err);

/* Uses the given key (tests, the generator's fixed key). */
void sg_pseudo_init_key(sg_pseudo *p, const unsigned char key[SG_PSEUDO_KEYLEN]);

/* Wipes the key. */
void sg_pseudo_fini(sg_pseudo *p);

/* Normalises raw (trim; upper-case for LA/UPN; digits only for NHS; lower-case letters and the
 * ISO date for name+DOB) and writes the pseudonym (SG_PSEUDO_LEN chars + NUL) into out.
 * Returns SG_EINVAL when nothing identifying is left after normalisation (out = ""). */
int sg_pseudo_make(const sg_pseudo *p, sg_id_kind kind, const char *raw, size_t len,
                   char out[SG_PSEUDO_LEN + 1]);

/* The kind letter of a pseudonym's prefix for a kind ('L', 'U', 'N', 'P'). */
char sg_pseudo_kind_letter(sg_id_kind kind);

#endif

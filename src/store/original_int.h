/* original_int.h - what original.c and sweep.c share about the originals/ folder and not part
 * of the store's contract: the shapes of the names found there. */
#ifndef SG_ORIGINAL_INT_H
#define SG_ORIGINAL_INT_H

#include <stdbool.h>

#define SG_ORIG_PREFIX "k-" /* originals/k-<keyed digest>: the name since migration 8 */

/* 64 lower-case hex digits (a keyed digest, or - as a file name - a plaintext SHA-256 from
 * before migration 8). */
bool sg_orig_is_hex64(const char *s);
/* ".<anything>.tmp-XXXXXX": a copy being written (or left by a killed process). */
bool sg_orig_is_temp(const char *name);
/* Removes the temporary file at path unless a live writer holds its lock (flock). Returns 1
 * when removed, 0 when in use or gone. */
int sg_orig_remove_if_unlocked(const char *path);

#endif

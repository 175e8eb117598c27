/* arena.h - a bump allocator for work with one lifetime (an import batch, an HTTP request).
 * Allocations are freed all at once by sg_arena_reset (keeps the first block for reuse) or
 * sg_arena_fini. Out of memory aborts, as in xmalloc. */
#ifndef SG_ARENA_H
#define SG_ARENA_H

#include <stddef.h>

typedef struct sg_arena_block sg_arena_block;
typedef struct sg_arena {
    sg_arena_block *head;
    size_t block_size;
    size_t total; /* bytes handed out since the last reset */
} sg_arena;

void sg_arena_init(sg_arena *a, size_t block_size);
void sg_arena_fini(sg_arena *a);
void sg_arena_reset(sg_arena *a);
void *sg_arena_alloc(sg_arena *a, size_t n); /* 16-byte aligned, uninitialised */
char *sg_arena_strndup(sg_arena *a, const char *s, size_t n);
char *sg_arena_strdup(sg_arena *a, const char *s);

#endif

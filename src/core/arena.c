/* arena.c - bump allocator with a chain of blocks. Large requests get a block of their own. */
#include "core/arena.h"

#include "core/mem.h"

#include <stdlib.h>
#include <string.h>

struct sg_arena_block {
    sg_arena_block *next;
    size_t cap, used;
    _Alignas(16) unsigned char data[];
};

void sg_arena_init(sg_arena *a, size_t block_size)
{
    a->head = NULL;
    a->block_size = block_size ? block_size : 64 * 1024;
    a->total = 0;
}

void sg_arena_fini(sg_arena *a)
{
    sg_arena_block *b = a->head;
    while (b) {
        sg_arena_block *n = b->next;
        free(b);
        b = n;
    }
    a->head = NULL;
    a->total = 0;
}

void sg_arena_reset(sg_arena *a)
{
    /* Keep the oldest block (the last in the chain) so steady-state batches do not malloc. */
    sg_arena_block *b = a->head, *keep = NULL;
    while (b) {
        sg_arena_block *n = b->next;
        if (!n && b->cap == a->block_size)
            keep = b;
        else
            free(b);
        b = n;
    }
    if (keep) keep->used = 0, keep->next = NULL;
    a->head = keep;
    a->total = 0;
}

void *sg_arena_alloc(sg_arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    sg_arena_block *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > a->block_size ? n : a->block_size;
        b = xmalloc(sizeof *b + cap);
        b->cap = cap;
        b->used = 0;
        /* A big one-off block goes behind the current block so the current one keeps filling. */
        if (cap > a->block_size && a->head) {
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
        }
    }
    void *p = b->data + b->used;
    b->used += n;
    a->total += n;
    return p;
}

char *sg_arena_strndup(sg_arena *a, const char *s, size_t n)
{
    char *p = sg_arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *sg_arena_strdup(sg_arena *a, const char *s)
{
    return sg_arena_strndup(a, s, strlen(s));
}

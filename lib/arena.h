/*
 * arena: bytes handed out from large chunks and given back all at once.
 * For keys and texts that live as long as the table holding them: one
 * malloc per 64 KiB instead of one per string.  The bytes are not
 * aligned for anything but char.
 */
#ifndef LBC_ARENA_H
#define LBC_ARENA_H

#include <stddef.h>

struct lbc_arena_chunk;

struct lbc_arena {
	struct lbc_arena_chunk	*head;
};

/* n bytes that stay valid until lbc_arena_free(); NULL when out of memory. */
char	*lbc_arena_alloc(struct lbc_arena *a, size_t n);
/* Gives back every chunk; the arena is empty and usable again. */
void	 lbc_arena_free(struct lbc_arena *a);

/*
 * n zeroed items of size bytes for a hash table filled at random, freed
 * with free(3), aligned to a cache line; NULL when out of memory or
 * n * size overflows.  A large
 * one is written through at once and asked for huge pages: calloc(3)'s
 * fresh pages are the shared zero page until written, so a probe that
 * reads a slot before filling it costs a second fault and, while another
 * thread runs, a TLB shootdown on every page.
 */
void	*lbc_table_alloc(size_t n, size_t size);

#endif

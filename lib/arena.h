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

#endif

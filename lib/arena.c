#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "arena.h"

#define CHUNK	65536
#define HUGE	(2UL << 20)	/* a huge page */
#define LINE	64		/* a cache line */

struct lbc_arena_chunk {
	struct lbc_arena_chunk	*next;
	size_t			 used, cap;
	char			 data[];
};

char *
lbc_arena_alloc(struct lbc_arena *a, size_t n)
{
	struct lbc_arena_chunk *c = a->head;
	char *p;

	if (c == NULL || c->cap - c->used < n) {
		size_t cap = n > CHUNK ? n : CHUNK;

		if ((c = malloc(sizeof(*c) + cap)) == NULL)
			return NULL;
		c->cap = cap;
		c->used = 0;
		c->next = a->head;
		a->head = c;
	}
	p = c->data + c->used;
	c->used += n;
	return p;
}

void
lbc_arena_free(struct lbc_arena *a)
{
	struct lbc_arena_chunk *c, *next;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
}

void *
lbc_table_alloc(size_t n, size_t size)
{
	size_t sz;
	void *p;

	if (size != 0 && n > SIZE_MAX / size)
		return NULL;
	if ((sz = n * size) == 0)
		sz = 1;
	if (posix_memalign(&p, sz >= HUGE ? HUGE : LINE, sz) != 0)
		return NULL;
	if (sz >= HUGE)
		(void)madvise(p, sz, MADV_HUGEPAGE);
	memset(p, 0, sz);
	return p;
}

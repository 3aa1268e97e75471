/*
 * u64map: open addressing from non-zero 64-bit keys to 32-bit values,
 * keys and values in two arrays so that a probe reads keys only.  Sized
 * up front for the keys expected; it doubles when more come.
 */
#ifndef LBC_U64MAP_H
#define LBC_U64MAP_H

#include <stddef.h>
#include <stdint.h>

struct lbc_u64map {
	uint64_t	*key;		/* 0: empty */
	uint32_t	*val;
	size_t		 mask, n;
};

/* An empty map with room for expect keys; LBC_ENOMEM when out of memory. */
int	 lbc_u64map_init(struct lbc_u64map *m, size_t expect);
void	 lbc_u64map_free(struct lbc_u64map *m);

/*
 * Finds k (non-zero); when absent inserts it with value v (*added 1).
 * The stored value, valid until the next insertion; NULL when out of
 * memory.
 */
uint32_t *lbc_u64map_intern(struct lbc_u64map *m, uint64_t k, uint32_t v,
	    int *added);

static inline size_t
lbc_u64map_slot(const struct lbc_u64map *m, uint64_t k)
{
	size_t i = (size_t)((k * 0x9E3779B97F4A7C15ULL) >> 20) & m->mask;

	while (m->key[i] != 0 && m->key[i] != k)
		i = (i + 1) & m->mask;
	return i;
}

/* The value stored for k (non-zero), or NULL. */
static inline const uint32_t *
lbc_u64map_get(const struct lbc_u64map *m, uint64_t k)
{
	size_t i = lbc_u64map_slot(m, k);

	return m->key[i] == k ? &m->val[i] : NULL;
}

#endif

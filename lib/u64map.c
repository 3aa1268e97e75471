#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "err.h"
#include "u64map.h"

int
lbc_u64map_init(struct lbc_u64map *m, size_t expect)
{
	size_t cap = 16;

	while (cap < expect * 2)
		cap *= 2;
	m->key = lbc_table_alloc(cap, sizeof(*m->key));
	m->val = malloc(cap * sizeof(*m->val));
	m->mask = cap - 1;
	m->n = 0;
	if (m->key == NULL || m->val == NULL) {
		lbc_u64map_free(m);
		return LBC_ENOMEM;
	}
	return 0;
}

void
lbc_u64map_free(struct lbc_u64map *m)
{
	free(m->key);
	free(m->val);
	memset(m, 0, sizeof(*m));
}

uint32_t *
lbc_u64map_intern(struct lbc_u64map *m, uint64_t k, uint32_t v, int *added)
{
	size_t i = lbc_u64map_slot(m, k), j;

	if (m->key[i] == 0 && (m->n + 1) * 2 > m->mask + 1) {
		struct lbc_u64map g;

		if (lbc_u64map_init(&g, m->mask + 1) != 0)
			return NULL;
		for (j = 0; j <= m->mask; j++)
			if (m->key[j] != 0) {
				i = lbc_u64map_slot(&g, m->key[j]);
				g.key[i] = m->key[j];
				g.val[i] = m->val[j];
			}
		g.n = m->n;
		lbc_u64map_free(m);
		*m = g;
		i = lbc_u64map_slot(m, k);
	}
	*added = m->key[i] == 0;
	if (*added) {
		m->key[i] = k;
		m->val[i] = v;
		m->n++;
	}
	return &m->val[i];
}

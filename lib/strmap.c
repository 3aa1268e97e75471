#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "err.h"
#include "strmap.h"

struct slot {
	uint64_t	 hash;	/* 0 marks an empty slot */
	const char	*key;
	size_t		 len;
	size_t		 val;
};

struct lbc_strmap {
	struct slot	*slots;
	size_t		 mask;	/* slots - 1, a power of two minus one */
	size_t		 count;
	struct lbc_arena arena;
};

uint64_t
lbc_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	h ^= h >> 29;
	return h ? h : 1;
}

struct lbc_strmap *
lbc_strmap_new(void)
{
	struct lbc_strmap *m;

	if ((m = calloc(1, sizeof(*m))) == NULL)
		return NULL;
	if ((m->slots = calloc(16, sizeof(*m->slots))) == NULL) {
		free(m);
		return NULL;
	}
	m->mask = 15;
	return m;
}

void
lbc_strmap_free(struct lbc_strmap *m)
{
	if (m == NULL)
		return;
	lbc_arena_free(&m->arena);
	free(m->slots);
	free(m);
}

static const char *
arena_copy(struct lbc_strmap *m, const char *s, size_t n)
{
	char *p = lbc_arena_alloc(&m->arena, n + 1);

	if (p == NULL)
		return NULL;
	if (n > 0)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static struct slot *
find(const struct lbc_strmap *m, const char *key, size_t n, uint64_t h)
{
	size_t i = (size_t)h & m->mask;

	for (;;) {
		struct slot *s = &m->slots[i];

		if (s->hash == 0)
			return s;
		if (s->hash == h && s->len == n && lbc_key_eq(s->key, key, n))
			return s;
		i = (i + 1) & m->mask;
	}
}

static int
grow(struct lbc_strmap *m)
{
	size_t i, ncap = (m->mask + 1) * 2;
	struct slot *old = m->slots, *ns;
	size_t oldn = m->mask + 1;

	if ((ns = lbc_table_alloc(ncap, sizeof(*ns))) == NULL)
		return LBC_ENOMEM;
	m->slots = ns;
	m->mask = ncap - 1;
	for (i = 0; i < oldn; i++) {
		if (old[i].hash != 0) {
			size_t j = (size_t)old[i].hash & m->mask;

			while (ns[j].hash != 0)
				j = (j + 1) & m->mask;
			ns[j] = old[i];
		}
	}
	free(old);
	return 0;
}

int
lbc_strmap_get(const struct lbc_strmap *m, const char *key, size_t n,
    size_t *val)
{
	struct slot *s = find(m, key, n, lbc_hash_words(key, n));

	if (s->hash == 0)
		return 0;
	if (val != NULL)
		*val = s->val;
	return 1;
}

/*
 * The slot of key (hash h): found, or filled with a copy of the key
 * (*added set); NULL when out of memory.
 */
static struct slot *
claim(struct lbc_strmap *m, const char *key, size_t n, uint64_t h,
    int *added)
{
	struct slot *s = find(m, key, n, h);

	*added = 0;
	if (s->hash != 0)
		return s;
	if ((m->count + 1) * 4 > (m->mask + 1) * 3) {
		if (grow(m) != 0)
			return NULL;
		s = find(m, key, n, h);
	}
	if ((s->key = arena_copy(m, key, n)) == NULL)
		return NULL;
	s->hash = h;
	s->len = n;
	m->count++;
	*added = 1;
	return s;
}

int
lbc_strmap_intern(struct lbc_strmap *m, const char *key, size_t n,
    size_t val, size_t *out, int *added)
{
	int add;
	struct slot *s = claim(m, key, n, lbc_hash_words(key, n), &add);

	if (added != NULL)
		*added = 0;
	if (s == NULL)
		return LBC_ENOMEM;
	if (add) {
		s->val = val;
		if (added != NULL)
			*added = 1;
	}
	if (out != NULL)
		*out = s->val;
	return 0;
}

int
lbc_strmap_put(struct lbc_strmap *m, const char *key, size_t n, size_t val)
{
	int add;
	struct slot *s = claim(m, key, n, lbc_hash_words(key, n), &add);

	if (s == NULL)
		return LBC_ENOMEM;
	s->val = val;
	return 0;
}

size_t
lbc_strmap_count(const struct lbc_strmap *m)
{
	return m->count;
}

int
lbc_strmap_next(const struct lbc_strmap *m, size_t *pos, const char **key,
    size_t *n, size_t *val)
{
	while (*pos <= m->mask) {
		const struct slot *s = &m->slots[(*pos)++];

		if (s->hash != 0) {
			*key = s->key;
			*n = s->len;
			*val = s->val;
			return 1;
		}
	}
	return 0;
}

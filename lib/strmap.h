/*
 * strmap.h: a hash map from byte strings to size_t values.
 *
 * Keys are copied into memory the map owns; values are the caller's
 * (typically an index into the caller's own array).  Used for codebook
 * aliases, region names, dedupe blocking and tally groups.
 */
#ifndef LBC_STRMAP_H
#define LBC_STRMAP_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct lbc_strmap;

/* Returns an empty map, or NULL when out of memory. */
struct lbc_strmap *lbc_strmap_new(void);
void	lbc_strmap_free(struct lbc_strmap *m);

/* Looks key (n bytes) up: returns 1 and sets *val if present, else 0. */
int	lbc_strmap_get(const struct lbc_strmap *m, const char *key, size_t n,
	    size_t *val);
/* Sets key to val, inserting or overwriting.  Returns 0 or LBC_ENOMEM. */
int	lbc_strmap_put(struct lbc_strmap *m, const char *key, size_t n,
	    size_t val);
/*
 * Finds key; when absent inserts it with value val.  Sets *out to the
 * value now stored and *added to 1 when it was inserted.  Returns 0 or
 * LBC_ENOMEM.
 */
int	lbc_strmap_intern(struct lbc_strmap *m, const char *key, size_t n,
	    size_t val, size_t *out, int *added);
/* Returns the number of keys. */
size_t	lbc_strmap_count(const struct lbc_strmap *m);
/*
 * Iteration: *pos starts at 0; returns 1 with the next key, its length and
 * value, 0 at the end.  Order is unspecified.
 */
int	lbc_strmap_next(const struct lbc_strmap *m, size_t *pos,
	    const char **key, size_t *n, size_t *val);

/* FNV-1a, for callers that shard and the region tables' buckets. */
uint64_t lbc_hash(const char *s, size_t n);

static inline uint64_t
lbc_load64(const char *s)
{
	uint64_t w;

	memcpy(&w, s, 8);
	return w;
}

static inline uint64_t
lbc_load32(const char *s)
{
	uint32_t w;

	memcpy(&w, s, 4);
	return w;
}

/*
 * A word-at-a-time hash, the map's own (never 0); the last word overlaps
 * instead of a byte loop.
 */
static inline uint64_t
lbc_hash_words(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, w;
	size_t left = n;

	if (n >= 8) {
		for (; left > 8; s += 8, left -= 8) {
			h = (h ^ lbc_load64(s)) * 0xff51afd7ed558ccdULL;
			h ^= h >> 32;
		}
		w = lbc_load64(s + left - 8);
	} else if (n >= 4)
		w = lbc_load32(s) | lbc_load32(s + n - 4) << 32;
	else if (n > 0)
		w = (uint64_t)(unsigned char)s[0] |
		    (uint64_t)(unsigned char)s[n / 2] << 8 |
		    (uint64_t)(unsigned char)s[n - 1] << 16;
	else
		w = 0;
	h = (h ^ w) * 0xff51afd7ed558ccdULL;
	h ^= h >> 29;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 32;
	return h ? h : 1;
}

/* memcmp(a, b, n) == 0 without a call for the short keys of most fields. */
static inline int
lbc_key_eq(const char *a, const char *b, size_t n)
{
	if (n >= 8 && n <= 16)
		return ((lbc_load64(a) ^ lbc_load64(b)) |
		    (lbc_load64(a + n - 8) ^ lbc_load64(b + n - 8))) == 0;
	if (n >= 4 && n < 8)
		return ((lbc_load32(a) ^ lbc_load32(b)) |
		    (lbc_load32(a + n - 4) ^ lbc_load32(b + n - 4))) == 0;
	return memcmp(a, b, n) == 0;
}

#endif

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

/* The 64-bit hash used by the map (FNV-1a), for callers that shard. */
uint64_t lbc_hash(const char *s, size_t n);

#endif

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "codebook.h"
#include "date.h"
#include "err.h"
#include "rec.h"
#include "regions.h"
#include "strmap.h"
#include "fields.h"
#include "u64map.h"
#include "tally.h"

#define NONE	SIZE_MAX
#define MAXAGE	150

enum dkind { D_REGION, D_AGE, D_MONTH, D_COLUMN };
enum ckind { C_CODE, C_VALUE, C_BAND, C_EXTRA_BAND, C_NONE, C_MISSING };

struct cat {
	char		*code;
	char		*label;
	unsigned long	 n;
	enum ckind	 kind;
	const char	*part[LBC_TALLY_MAXNAMES];	/* in dim's names */
	size_t		 clen, cdig;	/* code's length, its leading digits */
	uint64_t	 skey;		/* a code of 1-12 digits in byte order, or 0 */
};

/*
 * Values as read -> category: the lookup made for every field of every
 * record, so it hashes a word at a time and keeps keys in one arena.
 */
struct vslot {
	uint64_t	 h;		/* 0: empty */
	uint32_t	 len;		/* key in the arena */
	uint32_t	 cat;
	size_t		 off;
};

struct vmap {
	struct vslot	*slots;
	size_t		 mask, count;
	struct lbc_buf	 arena;
};

/*
 * Region values of digits only, as read -> their category and counts: the
 * digits as an integer with their number in the low 4 bits (so 0101 and
 * 101 differ) keys a 64-byte slot that holds the children of the value
 * and, for one crosstab with the region down (struct imap's tab), its
 * cells by column category below ICOLS (a coded field's first codes: the
 * three risks and 未填).  A record's region then costs one multiply and
 * half a cache line however many villages there are; the
 * counts go to the categories and cells when the tally is finished (or
 * when n is about to overflow).
 */
#define ICOLS	4

struct islot {		/* 32 bytes, aligned: two to a cache line */
	uint64_t	 key;		/* 0: empty */
	uint32_t	 cat;
	uint32_t	 n;		/* children not yet spilled */
	uint32_t	 c[ICOLS];	/* cells of tab, by column cat */
};

struct imap {
	struct islot	*slots;
	size_t		 mask, count;
	size_t		 tab;		/* the crosstab of c[], or NONE */
};

struct dim {
	char			*name;
	enum dkind		 kind;
	int			 multi;
	int			 cbf;		/* codebook field, or -1 */
	int			 col, col2;	/* columns; col2 = survey for age */
	struct vmap		 vals;		/* value as read -> cat */
	struct imap		 ivals;		/* region digits -> cat, counts */
	struct islot		*slot;		/* this record's, or NULL */
	struct lbc_strmap	*keys;		/* region code, month -> cat */
	struct cat		*cats;
	unsigned long		*cnt;		/* cat -> children, until finish */
	size_t			 ncats, capcats;
	size_t			 none, missing;
	size_t			 band[MAXAGE + 1];	/* age -> cat */
	size_t			*cur;		/* this record's cats */
	size_t			 ncur, capcur;
	/* after lbc_tally_finish() */
	size_t			*order;		/* position -> cat */
	size_t			*pos;		/* cat -> position or NONE */
	struct lbc_tally_cat	*view;
	struct lbc_arena	 names;		/* cats' codes, labels, names */
	size_t			 nview;
};

/*
 * Cell counts: a dense matrix (row cat * ccap + col cat) while the
 * categories are few, else open addressing on (row cat + 1) << 32 | col
 * cat, so memory follows the non-empty cells.
 */
#define DENSE_MAX	(1UL << 21)

struct cell {
	uint64_t	 key;		/* 0: empty */
	unsigned long	 n;
};

struct cells {
	unsigned long	*dense;		/* NULL once sparse */
	size_t		 rcap, ccap;
	struct cell	*slot;
	size_t		 mask, count;
};

struct tab {
	size_t		 d[2];
	size_t		 nd;
	struct cells	 cells;
	struct lbc_table pub;
	const size_t	*order[2];	/* the dims' position -> cat */
	const size_t	*pos[2];	/* and cat -> position */
	size_t		 layer;		/* dim of a third field, or NONE */
	char		*spec2;		/* "a,b" of a layered table */
	struct lbc_tally **sub;		/* layer cat -> its own tally */
	size_t		 nsub;
};

struct lbc_tally {
	struct lbc_tally_conf	 conf;
	int			 ages[LBC_TALLY_MAXBANDS];
	size_t			 nages;
	struct dim		*dims;
	size_t			 ndims;
	struct tab		*tabs;
	size_t			 ntabs;
	const struct lbc_table	**pubs;		/* tables and layers in order */
	size_t			 npubs;
	unsigned long		 records;
	int			 finished;
	char			 region_title[40];
	char			**spec;		/* the tables as added */
	size_t			 nspec;
};

/* The codebook folds with buffers of its own: one matcher at a time. */
static pthread_mutex_t match_mu = PTHREAD_MUTEX_INITIALIZER;

static const struct {
	int		 digits;
	const char	*name;
	const char	*word;
} levels[] = {
	{ 2, "province", "省" }, { 4, "city", "市" }, { 6, "county", "县" },
	{ 9, "township", "乡镇" }, { 12, "village", "村" }, { 0, NULL, NULL }
};

int
lbc_tally_level(const char *s)
{
	size_t i;

	for (i = 0; levels[i].name != NULL; i++) {
		char d[4];

		snprintf(d, sizeof(d), "%d", levels[i].digits);
		if (strcmp(s, levels[i].name) == 0 || strcmp(s, d) == 0)
			return levels[i].digits;
	}
	return LBC_EARG;
}

const char *
lbc_tally_level_name(int digits)
{
	size_t i;

	for (i = 0; levels[i].name != NULL; i++)
		if (levels[i].digits == digits)
			return levels[i].name;
	return NULL;
}

int
lbc_tally_parse_ages(const char *s, int *out)
{
	const char *p = s;
	int n = 0;

	for (;;) {
		long v = 0;
		int digits = 0;

		while (*p >= '0' && *p <= '9' && digits < 4) {
			v = v * 10 + (*p++ - '0');
			digits++;
		}
		if (digits == 0 || v > MAXAGE || (n > 0 && v <= out[n - 1]) ||
		    n == LBC_TALLY_MAXBANDS)
			return LBC_EARG;
		out[n++] = (int)v;
		if (*p == '\0')
			return n;
		if (*p++ != ',')
			return LBC_EARG;
	}
}

/* Cells. */

static int
cells_init(struct cells *c)
{
	memset(c, 0, sizeof(*c));
	c->rcap = c->ccap = 8;
	c->dense = calloc(c->rcap * c->ccap, sizeof(*c->dense));
	return c->dense != NULL ? 0 : LBC_ENOMEM;
}

static void
cells_free(struct cells *c)
{
	free(c->dense);
	free(c->slot);
}

static inline size_t
cells_find(const struct cells *c, uint64_t k)
{
	uint64_t h = k * 0x9e3779b97f4a7c15ULL;
	size_t i = (size_t)(h ^ h >> 29 ^ h >> 41) & c->mask;

	while (c->slot[i].key != 0 && c->slot[i].key != k)
		i = (i + 1) & c->mask;
	return i;
}

static int
cells_rehash(struct cells *c, size_t mask)
{
	struct cell *old = c->slot;
	size_t i, oldn = c->slot != NULL ? c->mask + 1 : 0;

	if ((c->slot = lbc_table_alloc(mask + 1, sizeof(*c->slot))) == NULL) {
		c->slot = old;
		return LBC_ENOMEM;
	}
	c->mask = mask;
	for (i = 0; i < oldn; i++)
		if (old[i].key != 0)
			c->slot[cells_find(c, old[i].key)] = old[i];
	free(old);
	return 0;
}

static inline uint64_t
cells_key(size_t r, size_t col)
{
	return (uint64_t)(r + 1) << 32 | (uint64_t)col;
}

static int
cells_add(struct cells *c, size_t r, size_t col, unsigned long n)
{
	uint64_t k = cells_key(r, col);
	size_t i = cells_find(c, k);

	if (c->slot[i].key == 0) {
		if ((c->count + 1) * 2 > c->mask + 1) {
			if (cells_rehash(c, c->mask * 2 + 1) != 0)
				return LBC_ENOMEM;
			i = cells_find(c, k);
		}
		c->slot[i].key = k;
		c->count++;
	}
	c->slot[i].n += n;
	return 0;
}

/* Makes room for cell (r, col): a larger matrix, or the hash table. */
static int
cells_grow(struct cells *c, size_t r, size_t col)
{
	size_t rcap = c->rcap, ccap = c->ccap, i, j;
	unsigned long *nd;

	while (rcap <= r)
		rcap *= 2;
	while (ccap <= col)
		ccap *= 2;
	if (rcap * ccap <= DENSE_MAX) {
		if ((nd = lbc_table_alloc(rcap * ccap, sizeof(*nd))) == NULL)
			return LBC_ENOMEM;
		for (i = 0; i < c->rcap; i++)
			memcpy(nd + i * ccap, c->dense + i * c->ccap,
			    c->ccap * sizeof(*nd));
		free(c->dense);
		c->dense = nd;
		c->rcap = rcap;
		c->ccap = ccap;
		return 0;
	}
	if (cells_rehash(c, 1023) != 0)
		return LBC_ENOMEM;
	for (i = 0; i < c->rcap; i++)
		for (j = 0; j < c->ccap; j++)
			if (c->dense[i * c->ccap + j] != 0 && cells_add(c, i, j,
			    c->dense[i * c->ccap + j]) != 0)
				return LBC_ENOMEM;
	free(c->dense);
	c->dense = NULL;
	return 0;
}

static inline int
cells_addn(struct cells *c, size_t r, size_t col, unsigned long n)
{
	if (c->dense != NULL) {
		if ((r >= c->rcap || col >= c->ccap) &&
		    cells_grow(c, r, col) != 0)
			return LBC_ENOMEM;
		if (c->dense != NULL) {
			c->dense[r * c->ccap + col] += n;
			return 0;
		}
	}
	return cells_add(c, r, col, n);
}

static inline int
cells_inc(struct cells *c, size_t r, size_t col)
{
	return cells_addn(c, r, col, 1);
}

static unsigned long
cells_get(const struct cells *c, size_t r, size_t col)
{
	size_t i;

	if (c->dense != NULL)
		return r < c->rcap && col < c->ccap ?
		    c->dense[r * c->ccap + col] : 0;
	i = cells_find(c, cells_key(r, col));
	return c->slot[i].key != 0 ? c->slot[i].n : 0;
}

/*
 * Calls fn for every non-empty cell, in no order.  Returns what fn
 * returns when it is not 0, else 0.
 */
static int
cells_each(const struct cells *c, int (*fn)(void *, size_t, size_t,
    unsigned long), void *arg)
{
	size_t i, j;
	int rc;

	if (c->dense != NULL) {
		for (i = 0; i < c->rcap; i++)
			for (j = 0; j < c->ccap; j++)
				if (c->dense[i * c->ccap + j] != 0 &&
				    (rc = fn(arg, i, j,
				    c->dense[i * c->ccap + j])) != 0)
					return rc;
		return 0;
	}
	for (i = 0; i <= c->mask; i++)
		if (c->slot[i].key != 0 && (rc = fn(arg,
		    (size_t)(c->slot[i].key >> 32) - 1,
		    (size_t)(c->slot[i].key & 0xffffffffU), c->slot[i].n)) != 0)
			return rc;
	return 0;
}

static int
vmap_init(struct vmap *m)
{
	m->mask = 63;
	m->count = 0;
	m->slots = calloc(m->mask + 1, sizeof(*m->slots));
	return m->slots != NULL ? 0 : LBC_ENOMEM;
}

/* The slot of key s (n bytes) with hash h: its own or the empty one. */
static inline struct vslot *
vmap_find(const struct vmap *m, const char *s, size_t n, uint64_t h)
{
	size_t i = (size_t)h & m->mask;

	for (;;) {
		struct vslot *v = &m->slots[i];

		if (v->h == 0 || (v->h == h && v->len == n &&
		    lbc_key_eq(m->arena.p + v->off, s, n)))
			return v;
		i = (i + 1) & m->mask;
	}
}

static int
vmap_put(struct vmap *m, const char *s, size_t n, size_t cat)
{
	uint64_t h = lbc_hash_words(s, n);
	struct vslot *v;

	if ((m->count + 1) * 2 > m->mask + 1) {
		struct vslot *old = m->slots, *ns;
		size_t i, oldn = m->mask + 1;

		if ((ns = lbc_table_alloc(oldn * 2, sizeof(*ns))) == NULL)
			return LBC_ENOMEM;
		m->slots = ns;
		m->mask = oldn * 2 - 1;
		for (i = 0; i < oldn; i++)
			if (old[i].h != 0) {
				size_t j = (size_t)old[i].h & m->mask;

				while (ns[j].h != 0)
					j = (j + 1) & m->mask;
				ns[j] = old[i];
			}
		free(old);
	}
	v = vmap_find(m, s, n, h);
	if (v->h == 0) {
		v->off = m->arena.len;
		if (lbc_buf_add(&m->arena, s, n) != 0)
			return LBC_ENOMEM;
		v->h = h;
		v->len = (uint32_t)n;
		m->count++;
	}
	v->cat = (uint32_t)cat;
	return 0;
}

/* The key of region value v (n bytes) in an imap, or 0: not 2-12 digits. */
static inline uint64_t
imap_key(const char *v, size_t n)
{
	uint64_t k = 0;
	size_t i;

	if (n < 2 || n > 12)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned dg = (unsigned char)v[i] - (unsigned)'0';

		if (dg > 9)
			return 0;
		k = k * 10 + dg;
	}
	return k << 4 | n;
}

static inline size_t
imap_find(const struct imap *m, uint64_t k)
{
	uint64_t h = k * 0x9e3779b97f4a7c15ULL;
	size_t i = (size_t)(h ^ h >> 32) & m->mask;

	while (m->slots[i].key != 0 && m->slots[i].key != k)
		i = (i + 1) & m->mask;
	return i;
}

/* Makes room for one more key. */
static int
imap_room(struct imap *m)
{
	struct islot *old = m->slots;
	size_t oldn = old != NULL ? m->mask + 1 : 0, j, nn;
	struct islot *p;

	if (old != NULL && (m->count + 1) * 2 <= m->mask + 1)
		return 0;
	nn = oldn ? oldn * 2 : 64;
	/* aligned, two slots a line; huge pages where it is large */
	if ((p = lbc_table_alloc(nn, sizeof(*p))) == NULL)
		return LBC_ENOMEM;
	m->slots = p;
	m->mask = nn - 1;
	for (j = 0; j < oldn; j++)
		if (old[j].key != 0)
			m->slots[imap_find(m, old[j].key)] = old[j];
	free(old);
	return 0;
}

/* Categories. */

/* A copy of s (n bytes, then NUL) in d's texts; NULL when out of memory. */
static char *
cat_text(struct dim *d, const char *s, size_t n)
{
	char *p = lbc_arena_alloc(&d->names, n + 1);

	if (p != NULL) {
		if (n > 0)
			memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

/* "a(pre b)" in d's texts: a label with a note after it. */
static char *
cat_noted(struct dim *d, const char *a, const char *pre, const char *b)
{
	size_t n = strlen(a) + strlen(pre) + strlen(b) + 3;
	char *p = lbc_arena_alloc(&d->names, n);

	if (p != NULL)
		snprintf(p, n, "%s(%s%s)", a, pre, b);
	return p;
}

static size_t
cat_add(struct dim *d, const char *code, size_t n, const char *label,
    enum ckind kind)
{
	struct cat *c;

	if (d->ncats == d->capcats) {
		size_t ncap = d->capcats ? d->capcats * 2 : 16;

		unsigned long *cn;

		if ((c = realloc(d->cats, ncap * sizeof(*c))) == NULL)
			return NONE;
		d->cats = c;
		if ((cn = realloc(d->cnt, ncap * sizeof(*cn))) == NULL)
			return NONE;
		d->cnt = cn;
		d->capcats = ncap;
	}
	d->cnt[d->ncats] = 0;
	c = &d->cats[d->ncats];
	memset(c, 0, sizeof(*c));
	c->code = cat_text(d, code, n);
	c->label = label == NULL ? c->code : cat_text(d, label, strlen(label));
	c->n = 0;
	c->kind = kind;
	c->clen = n;
	for (c->cdig = 0; c->cdig < n && code[c->cdig] >= '0' &&
	    code[c->cdig] <= '9'; c->cdig++)
		;
	/*
	 * Digits padded on the right with 0 (the lowest digit), then the
	 * length: the order of strcmp() among such codes, without reading
	 * them again when sorting many villages.
	 */
	c->skey = 0;
	if (n > 0 && n <= 12 && c->cdig == n) {
		size_t i;

		for (i = 0; i < 12; i++)
			c->skey = c->skey * 10 + (uint64_t)(i < n ?
			    code[i] - '0' : 0);
		c->skey = c->skey << 4 | n;
	}
	if (c->code == NULL || c->label == NULL)
		return NONE;
	return d->ncats++;
}

static const char *
title_of(const char *field)
{
	const char *t = lbc_field_title(field);

	return t != NULL ? t : field;
}

static void
band_label(char *code, size_t cn, char *label, size_t ln, int lo, int hi)
{
	if (hi < 0)
		snprintf(code, cn, "%d+", lo);
	else if (lo == hi)
		snprintf(code, cn, "%d", lo);
	else
		snprintf(code, cn, "%d-%d", lo, hi);
	if (hi < 0)
		snprintf(label, ln, "%d岁及以上", lo);
	else
		snprintf(label, ln, "%s岁", code);
}

/* The bands of an age dim: the bounds, plus bands below and above them. */
static int
age_bands(struct lbc_tally *t, struct dim *d)
{
	char code[32], label[40];
	int i, a, k = (int)t->nages, lo, hi;
	size_t c;

	for (a = 0; a < t->ages[0]; a++)
		d->band[a] = NONE;
	if (t->ages[0] > 0) {
		band_label(code, sizeof(code), label, sizeof(label), 0,
		    t->ages[0] - 1);
		if ((c = cat_add(d, code, strlen(code), label, C_EXTRA_BAND)) ==
		    NONE)
			return LBC_ENOMEM;
		for (a = 0; a < t->ages[0]; a++)
			d->band[a] = c;
	}
	for (i = 0; i < k; i++) {
		lo = t->ages[i];
		if (i + 1 < k)
			hi = t->ages[i + 1] - 1;
		else
			hi = lo <= 15 ? 15 : -1;
		band_label(code, sizeof(code), label, sizeof(label), lo, hi);
		if ((c = cat_add(d, code, strlen(code), label, C_BAND)) == NONE)
			return LBC_ENOMEM;
		for (a = lo; a <= (hi < 0 ? MAXAGE : hi); a++)
			d->band[a] = c;
		if (hi == 15) {
			band_label(code, sizeof(code), label, sizeof(label), 16,
			    -1);
			if ((c = cat_add(d, code, strlen(code), label,
			    C_EXTRA_BAND)) == NONE)
				return LBC_ENOMEM;
			for (a = 16; a <= MAXAGE; a++)
				d->band[a] = c;
		}
	}
	return 0;
}

static void
dim_free(struct dim *d)
{
	lbc_arena_free(&d->names);
	free(d->cats);
	free(d->cnt);
	free(d->name);
	free(d->vals.slots);
	free(d->ivals.slots);
	lbc_buf_free(&d->vals.arena);
	lbc_strmap_free(d->keys);
	free(d->cur);
	free(d->order);
	free(d->pos);
	free(d->view);
}

void
lbc_tally_free(struct lbc_tally *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->ndims; i++)
		dim_free(&t->dims[i]);
	free(t->dims);
	for (i = 0; i < t->ntabs; i++) {
		size_t k;

		cells_free(&t->tabs[i].cells);
		for (k = 0; k < t->tabs[i].nsub; k++)
			lbc_tally_free(t->tabs[i].sub[k]);
		free(t->tabs[i].sub);
		free(t->tabs[i].spec2);
	}
	free(t->tabs);
	free(t->pubs);
	for (i = 0; i < t->nspec; i++)
		free(t->spec[i]);
	free(t->spec);
	free(t);
}

struct lbc_tally *
lbc_tally_new(const struct lbc_tally_conf *conf, int *err)
{
	static const int official[] = { 0, 6, 14 };
	struct lbc_tally *t;
	size_t i;

	if (conf->cb == NULL || lbc_tally_level_name(conf->level) == NULL ||
	    conf->nages > LBC_TALLY_MAXBANDS ||
	    (conf->ages != NULL && conf->nages == 0)) {
		*err = LBC_EARG;
		return NULL;
	}
	if ((t = calloc(1, sizeof(*t))) == NULL) {
		*err = LBC_ENOMEM;
		return NULL;
	}
	t->conf = *conf;
	if (conf->ages == NULL) {
		memcpy(t->ages, official, sizeof(official));
		t->nages = 3;
	} else {
		for (i = 0; i < conf->nages; i++) {
			if (conf->ages[i] < 0 || conf->ages[i] > MAXAGE ||
			    (i > 0 && conf->ages[i] <= conf->ages[i - 1])) {
				free(t);
				*err = LBC_EARG;
				return NULL;
			}
			t->ages[i] = conf->ages[i];
		}
		t->nages = conf->nages;
	}
	t->conf.ages = NULL;
	for (i = 0; levels[i].digits != conf->level; i++)
		;
	snprintf(t->region_title, sizeof(t->region_title), "区划（%s级）",
	    levels[i].word);
	return t;
}

/* The dim called name (n bytes), made when new; NONE when out of memory. */
static size_t
dim_get(struct lbc_tally *t, const char *name, size_t n)
{
	struct dim *d;
	size_t i;

	for (i = 0; i < t->ndims; i++)
		if (strlen(t->dims[i].name) == n &&
		    memcmp(t->dims[i].name, name, n) == 0)
			return i;
	if ((d = realloc(t->dims, (t->ndims + 1) * sizeof(*d))) == NULL)
		return NONE;
	t->dims = d;
	d = &t->dims[t->ndims];
	memset(d, 0, sizeof(*d));
	d->none = d->missing = NONE;
	d->col = d->col2 = -1;
	d->cbf = -1;
	d->ivals.tab = NONE;
	d->capcur = 8;
	if ((d->name = strndup(name, n)) == NULL ||
	    vmap_init(&d->vals) != 0 ||
	    (d->keys = lbc_strmap_new()) == NULL ||
	    (d->cur = malloc(d->capcur * sizeof(*d->cur))) == NULL) {
		dim_free(d);
		return NONE;
	}
	if (strcmp(d->name, "region") == 0)
		d->kind = D_REGION;
	else if (strcmp(d->name, "age") == 0)
		d->kind = D_AGE;
	else if (strcmp(d->name, "month") == 0)
		d->kind = D_MONTH;
	else {
		d->kind = D_COLUMN;
		d->multi = strcmp(d->name, "problems") == 0 ||
		    strcmp(d->name, "flags") == 0;
		d->cbf = lbc_codebook_field(t->conf.cb, d->name);
	}
	return t->ndims++;
}

static int add_table(struct lbc_tally *, const char *);

/* "a,b,c": the table a,b (the total layer) and a layer per value of c. */
static int
add_layered(struct lbc_tally *t, const char *spec, const char *last)
{
	size_t n = strlen(last + 1), d;
	int rc;
	char *two;

	if (n == 0 || (two = strndup(spec, (size_t)(last - spec))) == NULL)
		return n == 0 ? LBC_EARG : LBC_ENOMEM;
	if ((rc = add_table(t, two)) != 0 ||
	    t->tabs[t->ntabs - 1].nd != 2) {
		free(two);
		return rc != 0 ? rc : LBC_EARG;
	}
	if ((d = dim_get(t, last + 1, n)) == NONE) {
		free(two);
		return LBC_ENOMEM;
	}
	t->tabs[t->ntabs - 1].layer = d;
	t->tabs[t->ntabs - 1].spec2 = two;
	return 0;
}

static int
add_table(struct lbc_tally *t, const char *spec)
{
	const char *comma = strchr(spec, ','), *second;
	size_t n0, n1, d0, d1;
	struct tab *tb;

	if (comma != NULL && strchr(comma + 1, ',') != NULL &&
	    strchr(comma + 1, ',') == strrchr(spec, ',') && !t->finished)
		return add_layered(t, spec, strrchr(spec, ','));

	n0 = comma != NULL ? (size_t)(comma - spec) : strlen(spec);
	second = comma != NULL ? comma + 1 : NULL;
	n1 = second != NULL ? strlen(second) : 0;
	if (t->finished || n0 == 0 || (second != NULL &&
	    (n1 == 0 || strchr(second, ',') != NULL)))
		return LBC_EARG;
	if ((d0 = dim_get(t, spec, n0)) == NONE)
		return LBC_ENOMEM;
	d1 = NONE;
	if (second != NULL && (d1 = dim_get(t, second, n1)) == NONE)
		return LBC_ENOMEM;
	if ((tb = realloc(t->tabs, (t->ntabs + 1) * sizeof(*tb))) == NULL)
		return LBC_ENOMEM;
	t->tabs = tb;
	tb = &t->tabs[t->ntabs];
	memset(tb, 0, sizeof(*tb));
	tb->d[0] = d0;
	tb->d[1] = d1;
	tb->nd = second != NULL ? 2 : 1;
	tb->layer = NONE;
	if (tb->nd == 2 && cells_init(&tb->cells) != 0)
		return LBC_ENOMEM;
	/* the first crosstab of a region down a one-valued field */
	if (tb->nd == 2 && t->dims[d0].kind == D_REGION &&
	    t->dims[d0].ivals.tab == NONE && !t->dims[d1].multi && d0 != d1)
		t->dims[d0].ivals.tab = t->ntabs;
	t->ntabs++;
	return 0;
}

int
lbc_tally_add_table(struct lbc_tally *t, const char *spec)
{
	char **ns, *copy;
	int rc;

	if ((ns = reallocarray(t->spec, t->nspec + 1, sizeof(*ns))) == NULL)
		return LBC_ENOMEM;
	t->spec = ns;
	if ((copy = strdup(spec)) == NULL)
		return LBC_ENOMEM;
	if ((rc = add_table(t, spec)) != 0) {
		free(copy);
		return rc;
	}
	t->spec[t->nspec++] = copy;
	return 0;
}

int
lbc_tally_start(struct lbc_tally *t, const struct lbc_reader *r,
    const char **missing)
{
	size_t i, j;

	for (i = 0; i < t->ndims; i++) {
		struct dim *d = &t->dims[i];
		const char *need = d->name;

		if (d->kind == D_AGE)
			need = "birth";
		else if (d->kind == D_MONTH)
			need = "survey";
		if ((d->col = lbc_reader_find(r, need)) < 0) {
			*missing = need;
			return LBC_EHEADER;
		}
		if (d->kind == D_AGE) {
			d->col2 = lbc_reader_find(r, "survey");
			if (age_bands(t, d) != 0)
				return LBC_ENOMEM;
		}
		if (d->cbf >= 0)
			for (j = 0; j < lbc_codebook_ncodes(t->conf.cb, d->cbf);
			    j++) {
				const char *c = lbc_codebook_code(t->conf.cb,
				    d->cbf, j);

				if (cat_add(d, c, strlen(c), lbc_codebook_label(
				    t->conf.cb, d->cbf, j), C_CODE) == NONE)
					return LBC_ENOMEM;
			}
	}
	return 0;
}

/* The cat of the 未填 or 无 category, made on first use. */
static size_t
special(struct dim *d, int none)
{
	size_t *slot = none ? &d->none : &d->missing;

	if (*slot == NONE)
		*slot = cat_add(d, "", 0, none ? "无" : "未填",
		    none ? C_NONE : C_MISSING);
	return *slot;
}

/* Reads a YYYY-MM-DD date quickly, else through lbc_date_parse(). */
static int
read_date(const char *s, size_t n, struct lbc_date *dt)
{
	if (n == 10 && s[4] == '-' && s[7] == '-') {
		int y = 0, m, dd, i;

		for (i = 0; i < 4; i++) {
			if (s[i] < '0' || s[i] > '9')
				goto slow;
			y = y * 10 + (s[i] - '0');
		}
		if (s[5] < '0' || s[5] > '9' || s[6] < '0' || s[6] > '9' ||
		    s[8] < '0' || s[8] > '9' || s[9] < '0' || s[9] > '9')
			goto slow;
		m = (s[5] - '0') * 10 + (s[6] - '0');
		dd = (s[8] - '0') * 10 + (s[9] - '0');
		if (!lbc_date_valid(y, m, dd))
			return -1;
		dt->y = y;
		dt->m = m;
		dt->d = dd;
		return 0;
	}
slow:
	if (lbc_date_parse(s, n, dt) < 0)
		return -1;
	if (dt->d == 0)
		dt->d = 1;
	return 0;
}

/*
 * The label of region category c, in d's texts: its name, else its code;
 * "(未细分到…)" after a code short of the level.
 */
static char *
region_label(const struct lbc_tally *t, struct dim *d, const struct cat *c)
{
	const char *name = NULL;
	size_t n = c->clen, i;

	if (t->conf.regions != NULL)
		name = lbc_regions_name(t->conf.regions, c->code, n);
	if (c->cdig != n || (int)n >= t->conf.level ||
	    (n != 2 && n != 4 && n != 6 && n != 9))
		return name != NULL ? cat_text(d, name, strlen(name)) :
		    c->code;
	for (i = 0; levels[i].digits != t->conf.level; i++)
		;
	return cat_noted(d, name != NULL ? name : c->code, "未细分到",
	    levels[i].word);
}

/* The key a value files under: region cut to the level, month of a date. */
static int
value_key(const struct lbc_tally *t, const struct dim *d, const char *v,
    size_t n, char *out, size_t *on)
{
	struct lbc_date dt;
	char norm[13];
	size_t k;

	if (d->kind == D_REGION) {
		if (strspn(v, "0123456789") == n &&
		    (k = lbc_region_code_norm(v, n, norm)) > 0) {
			if ((int)k > t->conf.level)
				k = (size_t)t->conf.level;
			memcpy(out, norm, k);
			*on = k;
			return 1;
		}
		return 0;
	}
	/* D_MONTH */
	if (read_date(v, n, &dt) != 0)
		return -1;
	snprintf(out, 8, "%04d-%02d", dt.y, dt.m);
	*on = 7;
	return 1;
}

/*
 * The cat of key k (n bytes) of a region or month dim: the one filed
 * under it, else a new one.
 */
static size_t
keyed_cat(struct dim *d, const char *k, size_t n)
{
	size_t c;
	int added;

	if (lbc_strmap_intern(d->keys, k, n, d->ncats, &c, &added) != 0)
		return NONE;
	return added ? cat_add(d, k, n, NULL, C_VALUE) : c;
}

static size_t classify(struct lbc_tally *, struct dim *, const char *,
    size_t);

/*
 * The cat of value v (n > 0 bytes) of d: found in the value map or, the
 * first time, classified and remembered.
 */
static size_t
lookup(struct lbc_tally *t, struct dim *d, const char *v, size_t n)
{
	const struct vslot *vs = vmap_find(&d->vals, v, n,
	    lbc_hash_words(v, n));
	size_t c;

	if (vs->h != 0)
		return vs->cat;
	if ((c = classify(t, d, v, n)) == NONE ||
	    vmap_put(&d->vals, v, n, c) != 0)
		return NONE;
	return c;
}

/* The cat of value v (n > 0 bytes) of d, seen for the first time. */
static size_t
classify(struct lbc_tally *t, struct dim *d, const char *v, size_t n)
{
	char key[16];
	size_t c, kn;
	int idx, rc;

	if (d->kind == D_REGION || d->kind == D_MONTH) {
		rc = value_key(t, d, v, n, key, &kn);
		if (rc < 0)
			return special(d, 0);
		/* filed under its key, or as it is when not a code */
		return rc ? keyed_cat(d, key, kn) : keyed_cat(d, v, n);
	} else {
		idx = -1;
		if (d->cbf >= 0 &&
		    (idx = lbc_codebook_index(t->conf.cb, d->cbf, v, n)) < 0)
		{
			pthread_mutex_lock(&match_mu);
			idx = lbc_codebook_match(t->conf.cb, d->cbf, v, n);
			pthread_mutex_unlock(&match_mu);
		}
		c = idx >= 0 ? (size_t)idx : cat_add(d, v, n, NULL, C_VALUE);
	}
	return c;
}

static int
cur_add(struct dim *d, size_t c)
{
	size_t i;

	for (i = 0; i < d->ncur; i++)
		if (d->cur[i] == c)
			return 0;
	if (d->ncur == d->capcur) {
		size_t ncap = d->capcur ? d->capcur * 2 : 8;
		size_t *p = realloc(d->cur, ncap * sizeof(*p));

		if (p == NULL)
			return LBC_ENOMEM;
		d->cur = p;
		d->capcur = ncap;
	}
	d->cur[d->ncur++] = c;
	return 0;
}

static int
is_none_word(const char *s, size_t n)
{
	return (n == 1 && *s == '-') || (n == 3 && memcmp(s, "无", 3) == 0) ||
	    (n == 6 && memcmp(s, "没有", 6) == 0);
}

/* Splits a multi-response value on ';' into d->cur. */
static int
eval_multi(struct lbc_tally *t, struct dim *d, const char *v, size_t n)
{
	const char *p = v, *e = v + n, *semi;
	size_t c;

	while (p < e) {
		if ((semi = memchr(p, ';', (size_t)(e - p))) == NULL)
			semi = e;
		if (semi > p && !is_none_word(p, (size_t)(semi - p))) {
			if ((c = lookup(t, d, p, (size_t)(semi - p))) == NONE ||
			    cur_add(d, c) != 0)
				return LBC_ENOMEM;
		}
		p = semi + 1;
	}
	if (d->ncur == 0) {
		if ((c = special(d, 1)) == NONE)
			return LBC_ENOMEM;
		d->cur[d->ncur++] = c;
	}
	return 0;
}

static size_t
eval_age(struct lbc_tally *t, struct dim *d, const struct lbc_reader *r)
{
	struct lbc_date birth, at;
	const char *v;
	size_t n;
	int age;

	v = lbc_reader_get(r, (size_t)d->col, &n);
	if (n == 0 || read_date(v, n, &birth) != 0)
		return special(d, 0);
	at = t->conf.as_of;
	if (d->col2 >= 0) {
		v = lbc_reader_get(r, (size_t)d->col2, &n);
		if (n > 0 && read_date(v, n, &at) != 0)
			at = t->conf.as_of;
	}
	age = lbc_date_age(&birth, &at);
	if (age < 0)
		return special(d, 0);
	return d->band[age > MAXAGE ? MAXAGE : age];
}

/* A region of digits (key ik): its slot, made the first time. */
static int
eval_region(struct lbc_tally *t, struct dim *d, const char *v, size_t n,
    uint64_t ik)
{
	struct imap *m = &d->ivals;
	struct islot *s;
	size_t c, i;

	if (m->slots != NULL) {
		s = &m->slots[imap_find(m, ik)];
		if (s->key == ik)
			goto found;
	}
	/* the slot is the memo: the value map is not needed */
	if ((c = classify(t, d, v, n)) == NONE || imap_room(m) != 0)
		return LBC_ENOMEM;
	i = imap_find(m, ik);
	s = &m->slots[i];
	s->key = ik;
	s->cat = (uint32_t)c;
	m->count++;
found:
	d->slot = s;
	d->cur[d->ncur++] = s->cat;
	return 0;
}

/* Finds the record's categories of d. */
static int
eval(struct lbc_tally *t, struct dim *d, const struct lbc_reader *r)
{
	const char *v;
	size_t n, c;
	uint64_t ik;

	d->ncur = 0;
	d->slot = NULL;
	if (d->kind == D_AGE) {
		if ((c = eval_age(t, d, r)) == NONE)
			return LBC_ENOMEM;
		d->cur[d->ncur++] = c;
		return 0;
	}
	v = lbc_reader_get(r, (size_t)d->col, &n);
	if (d->multi)
		return eval_multi(t, d, v, n);
	if (d->kind == D_REGION && (ik = imap_key(v, n)) != 0)
		return eval_region(t, d, v, n, ik);
	c = n == 0 ? special(d, 0) : lookup(t, d, v, n);
	if (c == NONE)
		return LBC_ENOMEM;
	d->cur[d->ncur++] = c;
	return 0;
}

/* Moves the counts of slot s of d to its cat and the cells of its tab. */
static int
spill(struct lbc_tally *t, struct dim *d, struct islot *s)
{
	size_t j;

	d->cnt[s->cat] += s->n;
	s->n = 0;
	if (d->ivals.tab == NONE)
		return 0;
	for (j = 0; j < ICOLS; j++) {
		if (s->c[j] != 0 && cells_addn(&t->tabs[d->ivals.tab].cells,
		    s->cat, j, s->c[j]) != 0)
			return LBC_ENOMEM;
		s->c[j] = 0;
	}
	return 0;
}

/* Spills every slot of every region dim (before the tally is finished). */
static int
spill_all(struct lbc_tally *t)
{
	size_t i, j;

	for (i = 0; i < t->ndims; i++) {
		struct dim *d = &t->dims[i];

		for (j = 0; d->ivals.slots != NULL && j <= d->ivals.mask; j++)
			if (d->ivals.slots[j].key != 0 &&
			    spill(t, d, &d->ivals.slots[j]) != 0)
				return LBC_ENOMEM;
	}
	return 0;
}

/* Counts r in the tally of each of its categories of tb's layer field. */
static int
add_layers(struct lbc_tally *t, struct tab *tb, const struct lbc_reader *r)
{
	const struct dim *d = &t->dims[tb->layer];
	const char *missing;
	size_t j, c;
	int rc, e = 0;

	for (j = 0; j < d->ncur; j++) {
		c = d->cur[j];
		if (c >= tb->nsub) {
			size_t n = c + 16, k;
			struct lbc_tally **ns = reallocarray(tb->sub, n,
			    sizeof(*ns));

			if (ns == NULL)
				return LBC_ENOMEM;
			for (k = tb->nsub; k < n; k++)
				ns[k] = NULL;
			tb->sub = ns;
			tb->nsub = n;
		}
		if (tb->sub[c] == NULL) {
			if ((tb->sub[c] = lbc_tally_new(&t->conf, &e)) == NULL)
				return e;
			if ((rc = lbc_tally_add_table(tb->sub[c],
			    tb->spec2)) != 0 ||
			    (rc = lbc_tally_start(tb->sub[c], r, &missing)) != 0)
				return rc == LBC_EHEADER ? LBC_ENOMEM : rc;
		}
		if ((rc = lbc_tally_add(tb->sub[c], r)) != 0)
			return rc;
	}
	return 0;
}

int
lbc_tally_add(struct lbc_tally *t, const struct lbc_reader *r)
{
	size_t i, j, k;
	int rc;

	for (i = 0; i < t->ndims; i++) {
		struct dim *d = &t->dims[i];

		if ((rc = eval(t, d, r)) != 0)
			return rc;
		if (d->slot != NULL) {
			if (++d->slot->n == UINT32_MAX - 1 &&
			    (rc = spill(t, d, d->slot)) != 0)
				return rc;
			continue;
		}
		for (j = 0; j < d->ncur; j++)
			d->cnt[d->cur[j]]++;
	}
	for (i = 0; i < t->ntabs; i++) {
		struct tab *tb = &t->tabs[i];
		const struct dim *a, *b;

		if (tb->nd < 2)
			continue;
		a = &t->dims[tb->d[0]];
		b = &t->dims[tb->d[1]];
		if (a->slot != NULL && a->ivals.tab == i && b->ncur == 1 &&
		    b->cur[0] < ICOLS) {
			a->slot->c[b->cur[0]]++;
			continue;
		}
		for (j = 0; j < a->ncur; j++)
			for (k = 0; k < b->ncur; k++)
				if (cells_inc(&tb->cells, a->cur[j],
				    b->cur[k]) != 0)
					return LBC_ENOMEM;
	}
	for (i = 0; i < t->ntabs; i++)
		if (t->tabs[i].layer != NONE &&
		    (rc = add_layers(t, &t->tabs[i], r)) != 0)
			return rc;
	t->records++;
	return 0;
}

/* Counting in two halves. */

struct lbc_tally *
lbc_tally_twin(const struct lbc_tally *t, int *err)
{
	struct lbc_tally_conf conf = t->conf;
	struct lbc_tally *w;
	size_t i;

	for (i = 0; i < t->ntabs; i++)
		if (t->tabs[i].layer != NONE) {
			*err = LBC_EARG;
			return NULL;
		}
	conf.ages = t->ages;
	conf.nages = t->nages;
	if ((w = lbc_tally_new(&conf, err)) == NULL)
		return NULL;
	for (i = 0; i < t->nspec; i++)
		if ((*err = lbc_tally_add_table(w, t->spec[i])) != 0) {
			lbc_tally_free(w);
			return NULL;
		}
	return w;
}

/*
 * The cat of dst's dim dd that src's cat c of sd is: the same one for the
 * categories the start made, else found by code or made, as classify()
 * would have made it.
 */
static size_t
twin_cat(struct dim *dd, const struct dim *sd, size_t c)
{
	const struct cat *sc = &sd->cats[c];
	const struct vslot *vs;
	size_t x;

	switch (sc->kind) {
	case C_CODE:
	case C_BAND:
	case C_EXTRA_BAND:
		return c < dd->ncats && dd->cats[c].kind == sc->kind &&
		    strcmp(dd->cats[c].code, sc->code) == 0 ? c : NONE;
	case C_NONE:
		return special(dd, 1);
	case C_MISSING:
		return special(dd, 0);
	case C_VALUE:
		break;
	}
	if (dd->kind == D_REGION || dd->kind == D_MONTH)
		return keyed_cat(dd, sc->code, sc->clen);
	vs = vmap_find(&dd->vals, sc->code, sc->clen,
	    lbc_hash_words(sc->code, sc->clen));
	if (vs->h != 0)
		return vs->cat;
	if ((x = cat_add(dd, sc->code, sc->clen, NULL, C_VALUE)) != NONE &&
	    vmap_put(&dd->vals, sc->code, sc->clen, x) != 0)
		return NONE;
	return x;
}

struct twin_cells {
	struct cells	*to;
	const size_t	*ra, *ca;
};

static int
twin_cell(void *arg, size_t r, size_t c, unsigned long n)
{
	struct twin_cells *tc = arg;

	return cells_addn(tc->to, tc->ra[r], tc->ca[c], n);
}

/*
 * Moves the counts held in the region slots of src's dim i to dst's slots
 * of the same values (map: src cats -> dst cats, by dim), so that they
 * need not go through src's cells; a slot whose value dst files under
 * another cat is left to be spilled.
 */
static int
twin_slots(struct lbc_tally *dst, struct lbc_tally *src, size_t i,
    size_t *const *map)
{
	struct dim *dd = &dst->dims[i], *sd = &src->dims[i];
	const size_t *cm = NULL;
	struct islot *s, *x;
	size_t j, k, tab = sd->ivals.tab;
	int rc;

	if (sd->ivals.slots == NULL || tab != dd->ivals.tab)
		return 0;
	if (tab != NONE)
		cm = map[src->tabs[tab].d[1]];
	for (j = 0; j <= sd->ivals.mask; j++) {
		s = &sd->ivals.slots[j];
		if (s->key == 0)
			continue;
		x = NULL;
		if (dd->ivals.slots != NULL)
			x = &dd->ivals.slots[imap_find(&dd->ivals, s->key)];
		if (x == NULL || x->key != s->key) {
			if (imap_room(&dd->ivals) != 0)
				return LBC_ENOMEM;
			x = &dd->ivals.slots[imap_find(&dd->ivals, s->key)];
			x->key = s->key;
			x->cat = (uint32_t)map[i][s->cat];
			dd->ivals.count++;
		} else if (x->cat != map[i][s->cat])
			continue;
		if (x->n >= UINT32_MAX - 1 - s->n &&
		    (rc = spill(dst, dd, x)) != 0)
			return rc;
		x->n += s->n;
		s->n = 0;
		for (k = 0; tab != NONE && k < ICOLS; k++) {
			if (s->c[k] == 0)
				continue;
			if (cm[k] < ICOLS)
				x->c[cm[k]] += s->c[k];
			else if (cells_addn(&dst->tabs[tab].cells, x->cat,
			    cm[k], s->c[k]) != 0)
				return LBC_ENOMEM;
			s->c[k] = 0;
		}
	}
	return 0;
}

int
lbc_tally_merge(struct lbc_tally *dst, struct lbc_tally *src)
{
	size_t **map, i, c;
	int rc = LBC_ENOMEM;

	if (dst->finished || src->finished || dst->ndims != src->ndims ||
	    dst->ntabs != src->ntabs)
		return LBC_EARG;
	if ((map = calloc(src->ndims + 1, sizeof(*map))) == NULL)
		return LBC_ENOMEM;
	for (i = 0; i < src->ndims; i++) {
		struct dim *dd = &dst->dims[i], *sd = &src->dims[i];

		if ((map[i] = malloc((sd->ncats + 1) * sizeof(**map))) == NULL)
			goto out;
		for (c = 0; c < sd->ncats; c++)
			if ((map[i][c] = twin_cat(dd, sd, c)) == NONE) {
				enum ckind k = sd->cats[c].kind;

				/* a code or band not the twin's: no memory else */
				rc = k == C_CODE || k == C_BAND ||
				    k == C_EXTRA_BAND ? LBC_EARG : LBC_ENOMEM;
				goto out;
			}
	}
	for (i = 0; i < src->ndims; i++)
		if ((rc = twin_slots(dst, src, i, map)) != 0)
			goto out;
	if ((rc = spill_all(src)) != 0)	/* what is left in the slots */
		goto out;
	for (i = 0; i < src->ndims; i++)
		for (c = 0; c < src->dims[i].ncats; c++)
			dst->dims[i].cnt[map[i][c]] += src->dims[i].cnt[c];
	for (i = 0; i < src->ntabs; i++) {
		struct tab *tb = &src->tabs[i];
		struct twin_cells tc;

		if (tb->nd < 2)
			continue;
		tc.to = &dst->tabs[i].cells;
		tc.ra = map[tb->d[0]];
		tc.ca = map[tb->d[1]];
		if ((rc = cells_each(&tb->cells, twin_cell, &tc)) != 0)
			goto out;
	}
	dst->records += src->records;
	rc = 0;
out:
	for (i = 0; i < src->ndims; i++)
		free(map[i]);
	free(map);
	return rc;
}

/* Ordering. */

struct sortctx {
	const struct dim	*d;
	int			 bycount;
	int			 natural;
};

static int
rank(const struct cat *c)
{
	switch (c->kind) {
	case C_CODE:
	case C_BAND:
	case C_EXTRA_BAND:
		return 0;
	case C_VALUE:
		return 1;
	case C_NONE:
		return 2;
	case C_MISSING:
		return 3;
	}
	return 4;
}

/* 0 a number, 1 a date, 2 text: the classes of natural order. */
static int
natural_class(const char *s, double *num, long *days)
{
	struct lbc_date d;
	char *end;

	*num = strtod(s, &end);
	if (*s != '\0' && *end == '\0' && strspn(s, "0123456789.+-eE") ==
	    strlen(s))
		return 0;
	if (lbc_date_parse(s, strlen(s), &d) >= 0) {
		if (d.d == 0)
			d.d = 1;
		*days = lbc_date_days(&d);
		return 1;
	}
	return 2;
}

/* Text with runs of digits compared as numbers: 2项 before 10项. */
static int
natural_text(const char *a, const char *b)
{
	while (*a != '\0' && *b != '\0') {
		if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
			size_t na, nb;
			int c;

			while (*a == '0' && a[1] >= '0' && a[1] <= '9')
				a++;
			while (*b == '0' && b[1] >= '0' && b[1] <= '9')
				b++;
			na = strspn(a, "0123456789");
			nb = strspn(b, "0123456789");
			if (na != nb)
				return na < nb ? -1 : 1;
			if ((c = memcmp(a, b, na)) != 0)
				return c;
			a += na;
			b += nb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return *a == *b ? 0 : *a == '\0' ? -1 : 1;
}

static int
cmp_natural(const char *a, const char *b)
{
	double na = 0, nb = 0;
	long da = 0, db = 0;
	int ca = natural_class(a, &na, &da), cb = natural_class(b, &nb, &db);

	if (ca != cb)
		return ca < cb ? -1 : 1;
	if (ca == 0 && na != nb)
		return na < nb ? -1 : 1;
	if (ca == 1 && da != db)
		return da < db ? -1 : 1;
	return natural_text(a, b);
}

static int
cmp_cats(const void *pa, const void *pb, void *arg)
{
	const struct sortctx *sort_ctx = arg;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	const struct cat *x = &sort_ctx->d->cats[a], *y = &sort_ctx->d->cats[b];
	int rx = rank(x), ry = rank(y), c;

	if (rx != ry)
		return rx < ry ? -1 : 1;
	if (rx == 0)		/* codebook and band order is creation order */
		return a < b ? -1 : a > b;
	if (sort_ctx->bycount && x->n != y->n)
		return x->n > y->n ? -1 : 1;
	if (sort_ctx->natural && (c = cmp_natural(x->code, y->code)) != 0)
		return c;
	if (x->skey != 0 && y->skey != 0 && x->skey != y->skey)
		return x->skey < y->skey ? -1 : 1;
	if ((c = strcmp(x->code, y->code)) != 0)
		return c;
	return a < b ? -1 : a > b;
}

struct okey {
	uint64_t	 k;
	size_t		 cat;
};

/*
 * The order cmp_cats() gives, when every shown category has a key in 64
 * bits (rank, then creation order or the digits' skey): a stable radix
 * sort of d->order[0..nview), a byte a pass, passes where all keys share
 * the byte skipped.  Returns 1 when done, 0 when a category has no key,
 * LBC_ENOMEM.
 */
static int
keyed_order(struct dim *d)
{
	struct okey *a, *b, *t;
	size_t n = d->nview, cnt[256], i, sh, sum, x;

	if (n < 2)
		return 1;
	if ((a = malloc(2 * n * sizeof(*a))) == NULL)
		return LBC_ENOMEM;
	b = a + n;
	for (i = 0; i < n; i++) {
		const struct cat *c = &d->cats[d->order[i]];
		uint64_t r = (uint64_t)rank(c);

		if (r == 1 && c->skey == 0) {
			free(a < b ? a : b);
			return 0;
		}
		a[i].k = r << 60 | (r == 1 ? c->skey : d->order[i]);
		a[i].cat = d->order[i];
	}
	for (sh = 0; sh < 64; sh += 8) {
		memset(cnt, 0, sizeof(cnt));
		for (i = 0; i < n; i++)
			cnt[a[i].k >> sh & 255]++;
		if (cnt[a[0].k >> sh & 255] == n)
			continue;
		for (sum = i = 0; i < 256; i++) {
			x = cnt[i];
			cnt[i] = sum;
			sum += x;
		}
		for (i = 0; i < n; i++)
			b[cnt[a[i].k >> sh & 255]++] = a[i];
		t = a;
		a = b;
		b = t;
	}
	for (i = 0; i < n; i++)
		d->order[i] = a[i].cat;
	free(a < b ? a : b);
	return 1;
}

/* Appends "(code)" to region labels that two shown categories share. */
static int
disambiguate(struct dim *d)
{
	struct lbc_strmap *seen;
	unsigned char *shared;
	size_t i, first;
	int rc = 0, added;

	if ((seen = lbc_strmap_new()) == NULL ||
	    (shared = calloc(d->ncats + 1, 1)) == NULL) {
		lbc_strmap_free(seen);
		return LBC_ENOMEM;
	}
	/* label -> its first category; both marked when another has it */
	for (i = 0; i < d->ncats && rc == 0; i++) {
		const char *l = d->cats[i].label;

		if (d->pos[i] == NONE)
			continue;
		rc = lbc_strmap_intern(seen, l, strlen(l), i, &first, &added);
		if (rc == 0 && !added)
			shared[first] = shared[i] = 1;
	}
	for (i = 0; i < d->ncats && rc == 0; i++) {
		struct cat *c = &d->cats[i];
		char *nl;

		if (!shared[i] || c->kind == C_MISSING)
			continue;
		if ((nl = cat_noted(d, c->label, "", c->code)) == NULL) {
			rc = LBC_ENOMEM;
			break;
		}
		c->label = nl;
	}
	free(shared);
	lbc_strmap_free(seen);
	return rc;
}

static const char *const name_titles[LBC_TALLY_MAXNAMES] = {
	"县(市、区)", "乡镇(街道)", "村(社区)"
};
static const int name_digits[LBC_TALLY_MAXNAMES] = { 6, 9, 12 };

/* Name columns of a region at level digits: 2 at township, 3 at village. */
static size_t
nnames_of(int level)
{
	return level == 12 ? 3 : level == 9 ? 2 : 0;
}

const char *
lbc_tally_name_title(size_t k)
{
	return k < LBC_TALLY_MAXNAMES ? name_titles[k] : NULL;
}

/* Cell k of a region category's name columns (allocated). */
static char *
level_part(const struct lbc_tally *t, const struct cat *c, size_t k,
    size_t np)
{
	size_t n = c->clen, dg = (size_t)name_digits[k];
	const char *name = NULL;
	char *s;

	if (c->kind == C_MISSING)
		return strdup(k == 0 ? c->label : "");
	if (n < 6 || c->cdig != n)
		return strdup(k == 0 ? c->label : "");
	if (n < dg) {
		if (k + 1 < np)
			return strdup("");
		return asprintf(&s, "(未细分到%s)", t->conf.level == 12 ? "村" :
		    "乡镇") < 0 ? NULL : s;
	}
	if (t->conf.regions != NULL)
		name = lbc_regions_name(t->conf.regions, c->code, dg);
	if (name != NULL)
		return strdup(name);
	return strndup(c->code, dg);
}

/*
 * A place of one name column: the code's first digits of its level, for
 * every category of digits that reaches it; or a category of its own.
 */
struct place {
	const char	*code;		/* a category's code */
	char		*name;		/* the cell, "(code)" added if shared */
	const char	*cell;		/* name's copy in the dim's names */
};

/* A copy of s in d's names; NULL when out of memory. */
static const char *
names_copy(struct dim *d, const char *s)
{
	return cat_text(d, s, strlen(s));
}

/* The place of category c at level k: 1 + its index, 0: none of its own. */
static int
place_of(const struct cat *c, size_t dg, uint64_t *key)
{
	size_t i;

	if (c->kind != C_VALUE || c->cdig != c->clen || c->clen < dg)
		return 0;
	for (*key = 0, i = 0; i < dg; i++)
		*key = *key * 10 + (uint64_t)(c->code[i] - '0');
	*key = *key << 4 | dg;
	return 1;
}

/*
 * Marks the places of one parent that share a name: "(code)" goes after
 * each of them (the first column's parent, not shown, is everything).
 * pl[0..np) are distinct at dg digits; a name is shared when two of
 * different codes meet under one key (parent digits, name).
 */
static int
mark_shared(struct place *pl, size_t np, size_t dg, size_t pd)
{
	struct lbc_strmap *seen;
	struct lbc_buf key = { 0 };
	size_t i, v, pass;
	int rc = 0, added;
	char *nl;

	if ((seen = lbc_strmap_new()) == NULL)
		return LBC_ENOMEM;
	/* pass 0: parent and name -> first place + 1, 0: shared; 1: mark */
	for (pass = 0; pass < 2 && rc == 0; pass++)
		for (i = 0; i < np && rc == 0; i++) {
			lbc_buf_clear(&key);
			if (lbc_buf_add(&key, pl[i].code, pd) != 0 ||
			    lbc_buf_addc(&key, '\t') != 0 ||
			    lbc_buf_adds(&key, pl[i].name) != 0) {
				rc = LBC_ENOMEM;
				break;
			}
			if (pass == 0) {
				rc = lbc_strmap_intern(seen, key.p, key.len,
				    i + 1, &v, &added);
				if (rc == 0 && !added && v != 0 &&
				    strncmp(pl[v - 1].code, pl[i].code,
				    dg) != 0)
					rc = lbc_strmap_put(seen, key.p,
					    key.len, 0);
				continue;
			}
			if (!lbc_strmap_get(seen, key.p, key.len, &v) || v != 0)
				continue;
			if (asprintf(&nl, "%s(%.*s)", pl[i].name, (int)dg,
			    pl[i].code) < 0) {
				rc = LBC_ENOMEM;
				break;
			}
			free(pl[i].name);
			pl[i].name = nl;
		}
	lbc_strmap_free(seen);
	lbc_buf_free(&key);
	return rc;
}

/*
 * The name columns of a region at township or village level: each
 * level's name, "(code)" after it only when two places of one parent
 * share it.  A place is named once however many categories it holds;
 * a category of other characters is a place of its own.
 */
static int
level_names(const struct lbc_tally *t, struct dim *d)
{
	size_t np = nnames_of(t->conf.level), i, k, n;
	struct lbc_u64map map = { 0 };
	struct place *pl = NULL;
	uint32_t *at = NULL;
	int rc = 0, added;
	uint64_t key;

	if (np == 0)
		return 0;
	if ((pl = calloc(d->ncats + 1, sizeof(*pl))) == NULL ||
	    (at = malloc((d->ncats + 1) * sizeof(*at))) == NULL) {
		free(pl);
		return LBC_ENOMEM;
	}
	for (k = 0; k < np && rc == 0; k++) {
		size_t dg = (size_t)name_digits[k], pd = k ? (size_t)
		    name_digits[k - 1] : 0;
		uint32_t *x;

		if ((rc = lbc_u64map_init(&map, d->ncats)) != 0)
			break;
		for (i = n = 0; i < d->ncats && rc == 0; i++) {
			struct cat *c = &d->cats[i];

			at[i] = UINT32_MAX;
			if (d->pos[i] == NONE)
				continue;
			if (!place_of(c, dg, &key)) {
				/* its own cell; a place when it reaches dg */
				pl[n].code = c->code;
				if ((pl[n].name = level_part(t, c, k, np)) ==
				    NULL)
					rc = LBC_ENOMEM;
				else if (c->kind == C_VALUE && c->cdig >= dg)
					at[i] = (uint32_t)n++;
				else {
					c->part[k] = names_copy(d, pl[n].name);
					free(pl[n].name);
					if (c->part[k] == NULL)
						rc = LBC_ENOMEM;
				}
				continue;
			}
			if ((x = lbc_u64map_intern(&map, key, (uint32_t)n,
			    &added)) == NULL) {
				rc = LBC_ENOMEM;
				break;
			}
			if (added) {
				pl[n].code = c->code;
				if ((pl[n++].name = level_part(t, c, k, np)) ==
				    NULL)
					rc = LBC_ENOMEM;
			}
			at[i] = *x;
		}
		if (rc == 0)
			rc = mark_shared(pl, n, dg, pd);
		/* one copy of a place's cell for all its categories */
		for (i = 0; i < n; i++) {
			if (rc == 0 &&
			    (pl[i].cell = names_copy(d, pl[i].name)) == NULL)
				rc = LBC_ENOMEM;
			free(pl[i].name);
		}
		for (i = 0; i < d->ncats && rc == 0; i++)
			if (at[i] != UINT32_MAX)
				d->cats[i].part[k] = pl[at[i]].cell;
		lbc_u64map_free(&map);
	}
	free(pl);
	free(at);
	return rc;
}

static int
dim_finish(struct lbc_tally *t, struct dim *d)
{
	struct sortctx ctx;
	size_t i, k;
	int rc;

	d->order = malloc((d->ncats + 1) * sizeof(*d->order));
	d->pos = malloc((d->ncats + 1) * sizeof(*d->pos));
	d->view = calloc(d->ncats + 1, sizeof(*d->view));
	if (d->order == NULL || d->pos == NULL || d->view == NULL)
		return LBC_ENOMEM;
	for (i = k = 0; i < d->ncats; i++) {
		struct cat *c = &d->cats[i];

		c->n = d->cnt[i];
		d->pos[i] = NONE;
		if (c->n == 0 && c->kind != C_CODE && c->kind != C_BAND)
			continue;
		d->pos[i] = 0;	/* shown; its position comes below */
		if (d->kind == D_REGION && c->kind == C_VALUE) {
			if ((c->label = region_label(t, d, c)) == NULL)
				return LBC_ENOMEM;
		}
		d->order[k++] = i;
	}
	d->nview = k;
	ctx.d = d;
	/* a user's column in natural order, unless asked by count */
	ctx.natural = d->kind == D_COLUMN && d->cbf < 0 && !t->conf.sort_count;
	ctx.bycount = d->kind == D_COLUMN && !ctx.natural;
	rc = ctx.natural || ctx.bycount ? 0 : keyed_order(d);
	if (rc < 0)
		return rc;
	if (rc == 0)
		qsort_r(d->order, d->nview, sizeof(*d->order), cmp_cats,
		    &ctx);
	if (d->kind == D_REGION && disambiguate(d) != 0)
		return LBC_ENOMEM;
	if (d->kind == D_REGION && level_names(t, d) != 0)
		return LBC_ENOMEM;
	for (i = 0; i < d->nview; i++) {
		const struct cat *c = &d->cats[d->order[i]];

		d->pos[d->order[i]] = i;
		d->view[i].code = c->code;
		d->view[i].label = c->label;
		d->view[i].n = c->n;
		d->view[i].missing = c->kind == C_MISSING;
		for (k = 0; k < LBC_TALLY_MAXNAMES; k++)
			d->view[i].name[k] = c->part[k];
	}
	return 0;
}

/* The public tables: each table, then after a layered one its layers. */
static int
list_tables(struct lbc_tally *t)
{
	size_t i, j, n = 0;
	int rc;

	for (i = 0; i < t->ntabs; i++)
		n += 1 + t->tabs[i].nsub;
	if ((t->pubs = calloc(n + 1, sizeof(*t->pubs))) == NULL)
		return LBC_ENOMEM;
	for (i = 0; i < t->ntabs; i++) {
		struct tab *tb = &t->tabs[i];
		const struct dim *d;

		t->pubs[t->npubs++] = &tb->pub;
		if (tb->layer == NONE)
			continue;
		d = &t->dims[tb->layer];
		tb->pub.layer_title = d->kind == D_REGION ? t->region_title :
		    title_of(d->name);
		tb->pub.layer_field = d->name;
		tb->pub.layer = "合计";
		tb->pub.layer_code = "";
		for (j = 0; j < d->nview; j++) {
			size_t c = d->order[j];
			struct lbc_tally *s;

			if (c >= tb->nsub || (s = tb->sub[c]) == NULL)
				continue;
			if ((rc = lbc_tally_finish(s)) != 0)
				return rc;
			s->tabs[0].pub.layer_title = tb->pub.layer_title;
			s->tabs[0].pub.layer_field = d->name;
			s->tabs[0].pub.layer = d->view[j].label;
			s->tabs[0].pub.layer_code = d->view[j].code;
			t->pubs[t->npubs++] = &s->tabs[0].pub;
		}
	}
	return 0;
}

int
lbc_tally_finish(struct lbc_tally *t)
{
	size_t i, j;
	int rc;

	if (t->finished)
		return 0;
	if ((rc = spill_all(t)) != 0)
		return rc;
	for (i = 0; i < t->ndims; i++)
		if ((rc = dim_finish(t, &t->dims[i])) != 0)
			return rc;
	for (i = 0; i < t->ntabs; i++) {
		struct tab *tb = &t->tabs[i];
		struct lbc_table *p = &tb->pub;

		p->nfields = tb->nd;
		for (j = 0; j < tb->nd; j++) {
			const struct dim *d = &t->dims[tb->d[j]];

			p->field[j] = d->name;
			p->title[j] = d->kind == D_REGION ? t->region_title :
			    title_of(d->name);
			p->multi[j] = d->multi;
			p->nnames[j] = d->kind == D_REGION ?
			    nnames_of(t->conf.level) : 0;
		}
		for (j = 0; j < tb->nd; j++) {
			tb->order[j] = t->dims[tb->d[j]].order;
			tb->pos[j] = t->dims[tb->d[j]].pos;
		}
		p->row = t->dims[tb->d[0]].view;
		p->nrows = t->dims[tb->d[0]].nview;
		if (tb->nd == 2) {
			p->col = t->dims[tb->d[1]].view;
			p->ncols = t->dims[tb->d[1]].nview;
		}
		p->total = t->records;
		p->priv = tb;
	}
	t->finished = 1;
	return list_tables(t);
}

unsigned long
lbc_tally_records(const struct lbc_tally *t)
{
	return t->records;
}

size_t
lbc_tally_ntables(const struct lbc_tally *t)
{
	return t->finished ? t->npubs : t->ntabs;
}

const struct lbc_table *
lbc_tally_table(const struct lbc_tally *t, size_t i)
{
	return i < t->npubs && t->finished ? t->pubs[i] : NULL;
}

unsigned long
lbc_table_count(const struct lbc_table *t, size_t r, size_t c)
{
	const struct tab *tb = t->priv;

	if (t->nfields < 2)
		return r < t->nrows ? t->row[r].n : t->total;
	if (r >= t->nrows)
		return c >= t->ncols ? t->total : t->col[c].n;
	if (c >= t->ncols)
		return t->row[r].n;
	return cells_get(&tb->cells, tb->order[0][r], tb->order[1][c]);
}

unsigned long
lbc_table_denom(const struct lbc_table *t, enum lbc_pct pct, size_t r,
    size_t c)
{
	if (t->nfields < 2 || pct == LBC_PCT_ALL || pct == LBC_PCT_NONE)
		return t->total;
	if (pct == LBC_PCT_ROW)
		return r < t->nrows ? t->row[r].n : t->total;
	return c < t->ncols ? t->col[c].n : t->total;
}

int
lbc_table_is_base(const struct lbc_table *t, enum lbc_pct pct, size_t r,
    size_t c)
{
	int rt = r >= t->nrows, ct = c >= t->ncols;

	if (t->nfields < 2)
		return rt;
	switch (pct) {
	case LBC_PCT_ROW:
		return ct;
	case LBC_PCT_COL:
		return rt;
	default:
		return rt && ct;
	}
}

size_t
lbc_table_nvalues(const struct lbc_table *t)
{
	return t->nfields < 2 ? 1 : t->ncols + 1;
}

const char *
lbc_table_value_label(const struct lbc_table *t, size_t c)
{
	if (t->nfields < 2)
		return "人数";
	return c < t->ncols ? t->col[c].label : "合计";
}

struct cellpos {
	size_t		 r, c;
	unsigned long	 n;
};

static int
cmp_cellpos(const void *pa, const void *pb)
{
	const struct cellpos *a = pa, *b = pb;

	if (a->r != b->r)
		return a->r < b->r ? -1 : 1;
	return a->c < b->c ? -1 : a->c > b->c;
}

struct collect {
	const struct tab	*tb;
	struct cellpos		*v;
	size_t			 n, cap;
};

static int
collect_cell(void *arg, size_t rc, size_t cc, unsigned long n)
{
	struct collect *col = arg;
	size_t r = col->tb->pos[0][rc], c = col->tb->pos[1][cc];

	if (r == NONE || c == NONE)
		return 0;
	if (col->n == col->cap) {
		size_t ncap = col->cap ? col->cap * 2 : 64;
		struct cellpos *p = realloc(col->v, ncap * sizeof(*p));

		if (p == NULL)
			return LBC_ENOMEM;
		col->v = p;
		col->cap = ncap;
	}
	col->v[col->n].r = r;
	col->v[col->n].c = c;
	col->v[col->n++].n = n;
	return 0;
}

int
lbc_table_cells(const struct lbc_table *t,
    int (*fn)(void *arg, size_t r, size_t c, unsigned long n), void *arg)
{
	const struct tab *tb = t->priv;
	struct collect col = { tb, NULL, 0, 0 };
	size_t i;
	int rc = 0;

	if (t->nfields < 2) {
		for (i = 0; i < t->nrows && rc == 0; i++)
			if (t->row[i].n > 0)
				rc = fn(arg, i, 0, t->row[i].n);
		return rc;
	}
	if (tb->cells.dense != NULL) {	/* in order, no sorting */
		size_t r, c;
		unsigned long n;

		for (r = 0; r < t->nrows && rc == 0; r++)
			for (c = 0; c < t->ncols && rc == 0; c++)
				if ((n = cells_get(&tb->cells, tb->order[0][r],
				    tb->order[1][c])) != 0)
					rc = fn(arg, r, c, n);
		return rc;
	}
	if ((rc = cells_each(&tb->cells, collect_cell, &col)) != 0) {
		free(col.v);
		return rc;
	}
	qsort(col.v, col.n, sizeof(*col.v), cmp_cellpos);
	for (i = 0; i < col.n && rc == 0; i++)
		rc = fn(arg, col.v[i].r, col.v[i].c, col.v[i].n);
	free(col.v);
	return rc;
}

void
lbc_tally_ages_text(char *out, size_t n, const int *ages, size_t nages)
{
	size_t i, o = 0;
	int k;

	if (n == 0)
		return;
	out[0] = '\0';
	for (i = 0; i < nages && o < n; i++) {
		int hi = i + 1 < nages ? ages[i + 1] - 1 : ages[i] <= 15 ? 15 : -1;

		if (hi < 0)
			k = snprintf(out + o, n - o, "%s%d岁及以上", i ? ", " : "",
			    ages[i]);
		else if (hi == ages[i])
			k = snprintf(out + o, n - o, "%s%d岁", i ? ", " : "",
			    ages[i]);
		else
			k = snprintf(out + o, n - o, "%s%d-%d岁", i ? ", " : "",
			    ages[i], hi);
		if (k < 0)
			break;
		o += (size_t)k;
	}
}

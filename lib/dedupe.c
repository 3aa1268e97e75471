#include <sys/mman.h>
#include <sys/stat.h>

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "codebook.h"
#include "dedupe.h"
#include "err.h"
#include "fold.h"
#include "idno.h"
#include "rec.h"
#include "strmap.h"
#include "translit.h"
#include "u64map.h"

#define NONE		UINT32_MAX
#define CHUNK_MIN	(64 << 10)
#define CHUNK_MAX	(32 << 20)
#define RELEASE_STEP	(2 << 20)	/* map pages dropped in steps of this */
#define TAIL_MIN	(16 << 20)	/* a second thread reads half from here */

/*
 * One input record; 56 bytes.  Its text (escaped fields joined by TAB, not
 * NUL-ended) lies in the mapped input file when there is one, else in the
 * arena; so does a record's text copied out of the map before writing.
 */
struct rec {
	const char	*line;		/* escaped fields joined by TAB */
	const char	*reg;		/* region code, interned */
	uint64_t	 id;		/* first 17 digits of a valid ID, or 0 */
	uint32_t	 len;		/* of line */
	uint32_t	 simp;		/* simplified-name number + 1, 0: none */
	uint32_t	 pin;		/* pinyin number + 1, 0: none */
	uint32_t	 birth;		/* yyyymmdd, 0: unknown */
	uint32_t	 survey;	/* yyyymmdd, 0: unknown */
	uint32_t	 lineno;	/* line in the stream */
	uint32_t	 cl;		/* cluster */
	uint16_t	 reglen;
	uint8_t		 sex;		/* 0 unknown, 'M', 'F' */
	uint8_t		 how;		/* enum lbc_how */
};

/* Bump allocator for the records' text: chunks, never moved. */
struct chunk {
	struct chunk	*next;
	size_t		 used, cap;
	char		 data[];
};

/*
 * The cache of short names as given (up to 15 bytes: a Chinese name is 6
 * to 12), keys inline so that a look-up touches one cache line; longer
 * names go to a strmap.
 */
struct nslot {
	uint64_t	 hash;		/* 0: empty */
	uint64_t	 keys;		/* simp << 32 | pin */
	uint8_t		 len;
	char		 key[15];
};

struct ncache {
	struct nslot	*slot;
	size_t		 mask, n;
};

/* A child a record may join while a block is worked on. */
struct cand {
	uint32_t	 cl;
	uint32_t	 prof;		/* ID-less: the member with the longest region */
	uint8_t		 isid;
	uint8_t		 sex;
	uint8_t		 namehit, reghit;	/* scratch per record tried */
};

/* Index of each field the engine knows, -1 when absent. */
enum { F_SRC, F_LINE, F_ID, F_IDRAW, F_NAME, F_SEX, F_BIRTH, F_REGION,
	F_RISK, F_PROBLEMS, F_SURVEY, F_FLAGS, F_RECORDS, F_N };
static const char *const known[F_N] = { "src", "line", "id", "id_raw",
	"name", "sex", "birth", "region", "risk", "problems", "survey",
	"flags", "records" };

struct lbc_dedupe {
	struct lbc_codebook	*cb;
	int			 cbrisk, cbprob;	/* codebook fields, or -1 */
	struct lbc_fold		*fold;
	struct lbc_translit	*tr;
	char			*src;		/* the stream's name */
	char			**hdr;
	size_t			 nf;
	int			 f[F_N];

	struct rec		*rec;
	size_t			 n, cap;
	struct chunk		*arena;
	const char		*map;		/* the input file mapped, or NULL */
	size_t			 mapsize, released, pagesize;
	unsigned long long	 mbase;		/* offset of the reader's byte 0 */
	struct ncache		 regcache;	/* short region code -> its copy */
	struct lbc_strmap	*regmap;	/* longer ones */
	const char		*lastreg;	/* the last region interned */
	size_t			 lastreglen;
	int			 borrowed;	/* map is another engine's */
	int			 tailtried;
	struct tail		*tail;		/* the second half, read ahead */
	unsigned long long	 firstoff;	/* offset of the first record */

	struct ncache		 shortname;	/* name as given -> simp << 32 | pin */
	struct lbc_strmap	*rawname;	/* the same for longer names */
	struct lbc_strmap	*simpname;	/* simplified name -> number */
	struct lbc_strmap	*pinyin;	/* pinyin -> number */
	struct lbc_buf		 b1, b2, b3, b4;

	/* After the run. */
	int			 ran;
	size_t			 ncl;
	uint32_t		*child;		/* cluster -> child number - 1 */
	uint32_t		*start;		/* child -> first index in mem */
	uint32_t		*mem;		/* records grouped by child */
	size_t			 howcount[5];
	unsigned long		 errline;
};

/*
 * A mapped stream's second half, read by a second thread into an engine
 * of its own from the first line after the middle on, while the first
 * thread reads up to there.  When the first thread reaches that line the
 * two are joined: the records appended, the names renumbered as one
 * thread reading in order would have numbered them.  Should the second
 * thread meet anything but well-formed records (a malformed line, an
 * error), its work is dropped and the first thread reads on as if there
 * had been none, so messages and results do not depend on it.
 */
struct tail {
	pthread_t		 th;
	struct lbc_dedupe	*sub;
	struct lbc_reader	*r;
	FILE			*fp;
	unsigned long long	 mid;
	int			 rc;
	int			 joined;
};

static const char *const hownames[] = { "single", "id", "name", "pinyin",
	"conflict" };

const char *
lbc_dedupe_howname(enum lbc_how how)
{
	return (unsigned)how < 5 ? hownames[how] : "?";
}

/* --- small containers ---------------------------------------------------- */

static char *
arena_alloc(struct lbc_dedupe *d, size_t n)
{
	struct chunk *c = d->arena;

	if (c == NULL || c->cap - c->used < n) {
		/* Chunks grow from 64 KiB to 32 MiB. */
		size_t cap = c == NULL ? CHUNK_MIN : (c->cap + sizeof(*c)) * 2;
		void *p;

		if (cap > CHUNK_MAX)
			cap = CHUNK_MAX;
		while (cap - sizeof(*c) < n)
			cap *= 2;
		if ((p = malloc(cap)) == NULL)
			return NULL;
		c = p;
		c->cap = cap - sizeof(*c);
		c->used = 0;
		c->next = d->arena;
		d->arena = c;
	}
	return c->data + c->used;
}

/* --- reading ------------------------------------------------------------- */

struct lbc_dedupe *
lbc_dedupe_new(const struct lbc_reader *r, struct lbc_codebook *cb, int *err)
{
	struct lbc_dedupe *d;
	size_t i;
	int k;

	if ((d = calloc(1, sizeof(*d))) == NULL) {
		*err = LBC_ENOMEM;
		return NULL;
	}
	d->cb = cb;
	d->cbrisk = lbc_codebook_field(cb, "risk");
	d->cbprob = lbc_codebook_field(cb, "problems");
	d->nf = lbc_reader_nfields(r);
	if ((d->fold = lbc_fold_new(err)) == NULL ||
	    (d->tr = lbc_translit_new(err)) == NULL) {
		lbc_dedupe_free(d);
		return NULL;
	}
	if ((d->src = strdup(lbc_reader_name(r))) == NULL ||
	    (d->hdr = calloc(d->nf, sizeof(*d->hdr))) == NULL ||
	    (d->shortname.slot = calloc(1024, sizeof(struct nslot))) == NULL ||
	    (d->regcache.slot = calloc(1024, sizeof(struct nslot))) == NULL ||
	    (d->rawname = lbc_strmap_new()) == NULL ||
	    (d->regmap = lbc_strmap_new()) == NULL ||
	    (d->simpname = lbc_strmap_new()) == NULL ||
	    (d->pinyin = lbc_strmap_new()) == NULL) {
		*err = LBC_ENOMEM;
		lbc_dedupe_free(d);
		return NULL;
	}
	for (i = 0; i < d->nf; i++)
		if ((d->hdr[i] = strdup(lbc_reader_fieldname(r, i))) == NULL) {
			*err = LBC_ENOMEM;
			lbc_dedupe_free(d);
			return NULL;
		}
	d->shortname.mask = 1023;
	d->regcache.mask = 1023;
	for (k = 0; k < F_N; k++)
		d->f[k] = lbc_reader_find(r, known[k]);
	if (d->f[F_ID] < 0 && d->f[F_NAME] < 0) {
		*err = LBC_EHEADER;
		lbc_dedupe_free(d);
		return NULL;
	}
	return d;
}

static void tail_drop(struct lbc_dedupe *);
static void drop_names(struct lbc_dedupe *, int);

void
lbc_dedupe_free(struct lbc_dedupe *d)
{
	struct chunk *c, *next;
	size_t i;

	if (d == NULL)
		return;
	lbc_fold_free(d->fold);
	lbc_translit_free(d->tr);
	free(d->src);
	if (d->hdr != NULL)
		for (i = 0; i < d->nf; i++)
			free(d->hdr[i]);
	free(d->hdr);
	free(d->rec);
	for (c = d->arena; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(d->shortname.slot);
	free(d->regcache.slot);
	lbc_strmap_free(d->rawname);
	lbc_strmap_free(d->regmap);
	tail_drop(d);
	if (d->map != NULL && !d->borrowed)
		munmap((void *)(uintptr_t)d->map, d->mapsize);
	lbc_strmap_free(d->simpname);
	lbc_strmap_free(d->pinyin);
	lbc_buf_free(&d->b1);
	lbc_buf_free(&d->b2);
	lbc_buf_free(&d->b3);
	lbc_buf_free(&d->b4);
	free(d->child);
	free(d->start);
	free(d->mem);
	free(d);
}

/* YYYY-MM-DD as yyyymmdd, 0 for anything else. */
static uint32_t
ymd(const char *s, size_t n)
{
	uint32_t v = 0;
	size_t i;

	if (n != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7)
			continue;
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (uint32_t)(s[i] - '0');
	}
	return v;
}

static struct nslot *
ncache_find(const struct ncache *c, const char *s, size_t n, uint64_t h)
{
	size_t i = (size_t)h & c->mask;

	for (;; i = (i + 1) & c->mask) {
		struct nslot *e = &c->slot[i];

		if (e->hash == 0 || (e->hash == h && e->len == n &&
		    memcmp(e->key, s, n) == 0))
			return e;
	}
}

/* Adds s (absent, at most 15 bytes); grows at three quarters full. */
static int
ncache_put(struct ncache *c, const char *s, size_t n, uint64_t h,
    uint64_t keys)
{
	struct nslot *e;

	if ((c->n + 1) * 4 > (c->mask + 1) * 3) {
		size_t i, ncap = (c->mask + 1) * 2;
		struct nslot *old = c->slot,
		    *ns = lbc_table_alloc(ncap, sizeof(*ns));

		if (ns == NULL)
			return LBC_ENOMEM;
		c->slot = ns;
		for (i = 0; i <= c->mask; i++) {
			size_t j = (size_t)old[i].hash & (ncap - 1);

			if (old[i].hash == 0)
				continue;
			while (ns[j].hash != 0)
				j = (j + 1) & (ncap - 1);
			ns[j] = old[i];
		}
		c->mask = ncap - 1;
		free(old);
	}
	e = ncache_find(c, s, n, h);
	e->hash = h;
	e->keys = keys;
	e->len = (uint8_t)n;
	memcpy(e->key, s, n);
	c->n++;
	return 0;
}

/*
 * 1 when s[0..n) holds only code points U+4000 to U+9FFF (CJK ideographs,
 * Extension A and the hexagrams), which NFKC leaves unchanged and which
 * are no white space: most names, folded without calling ICU.
 */
static int
cjk_only(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	if (n % 3 != 0)
		return 0;
	for (i = 0; i < n; i += 3)
		if (p[i] < 0xe4 || p[i] > 0xe9 || (p[i + 1] & 0xc0) != 0x80 ||
		    (p[i + 2] & 0xc0) != 0x80)
			return 0;
	return 1;
}

/*
 * The name keys of a name as given: simp << 32 | pin (numbers + 1), or 0
 * when the name is empty or cannot be folded.  h is lbc_hash() of a short
 * name.  Folding and transliterating
 * happen once per distinct name.
 */
static int
name_keys(struct lbc_dedupe *d, const char *s, size_t n, uint64_t h,
    size_t *keys)
{
	struct nslot *e = NULL;
	const char *fs;
	size_t simp, pin, fn;
	int added, rc;

	if (n == 0) {
		*keys = 0;
		return 0;
	}
	if (n <= sizeof(e->key)) {
		e = ncache_find(&d->shortname, s, n, h);
		if (e->hash != 0) {
			*keys = e->keys;
			return 0;
		}
	} else if (lbc_strmap_get(d->rawname, s, n, keys))
		return 0;
	*keys = 0;
	if (cjk_only(s, n)) {	/* NFKC leaves these alone */
		fs = s;
		fn = n;
		rc = 0;
	} else {
		rc = lbc_fold_name(d->fold, s, n, &d->b1);
		fs = d->b1.p;
		fn = d->b1.len;
	}
	if (rc == 0 && fn > 0)
		rc = lbc_translit_simplify(d->tr, fs, fn, &d->b2);
	if (rc == 0 && fn > 0)
		rc = lbc_translit_pinyin(d->tr, d->b2.p, d->b2.len, &d->b3);
	if (rc == LBC_ENOMEM || rc == LBC_EICU)
		return rc;
	if (rc == 0 && fn > 0) {
		if (lbc_strmap_intern(d->simpname, d->b2.p, d->b2.len,
		    lbc_strmap_count(d->simpname) + 1, &simp, &added) != 0 ||
		    lbc_strmap_intern(d->pinyin, d->b3.p, d->b3.len,
		    lbc_strmap_count(d->pinyin) + 1, &pin, &added) != 0)
			return LBC_ENOMEM;
		if (simp > UINT32_MAX || pin > UINT32_MAX)
			return LBC_ENOMEM;
		*keys = (size_t)simp << 32 | pin;
	}
	if (e != NULL)
		return ncache_put(&d->shortname, s, n, h, *keys);
	return lbc_strmap_put(d->rawname, s, n, *keys);
}

int
lbc_dedupe_map(struct lbc_dedupe *d, int fd, unsigned long long base)
{
	struct stat st;
	void *p;
	long pg;

	if (d->map != NULL || d->n > 0 || fstat(fd, &st) != 0 ||
	    !S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    (unsigned long long)st.st_size <= base ||
	    (unsigned long long)st.st_size > SIZE_MAX ||
	    (pg = sysconf(_SC_PAGESIZE)) <= 0)
		return 0;
	p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		return 0;
	d->map = p;
	d->mapsize = (size_t)st.st_size;
	d->mbase = base;
	d->pagesize = (size_t)pg;
	return 1;
}

static int
inmap(const struct lbc_dedupe *d, const char *p)
{
	return d->map != NULL && p >= d->map && p < d->map + d->mapsize;
}

/*
 * Drops the mapped pages below p from the process's memory (they stay in
 * the page cache and come back on the next touch), once RELEASE_STEP
 * bytes have gathered; p NULL drops them all.  The passes over the map
 * go forward, so memory holds a few steps of the input, not all of it.
 */
static void
map_release(struct lbc_dedupe *d, const char *p)
{
	size_t end;

	if (d->map == NULL)
		return;
	if (p == NULL) {
		madvise((void *)(uintptr_t)d->map, d->mapsize, MADV_DONTNEED);
		d->released = 0;
		return;
	}
	if (!inmap(d, p))
		return;
	end = (size_t)(p - d->map) & ~(d->pagesize - 1);
	if (end >= d->released + RELEASE_STEP) {
		madvise((void *)(uintptr_t)(d->map + d->released),
		    end - d->released, MADV_DONTNEED);
		d->released = end;
	}
}

/* Sets *out to the engine's copy of the region code s[0..n). */
static int
region_intern(struct lbc_dedupe *d, const char *s, size_t n, const char **out)
{
	struct nslot *e = NULL;
	uint64_t h = 0;
	size_t v;
	char *p;

	if (d->lastreg != NULL && n == d->lastreglen &&
	    memcmp(d->lastreg, s, n) == 0) {
		*out = d->lastreg;
		return 0;
	}
	if (n <= sizeof(e->key)) {
		h = lbc_hash(s, n);
		e = ncache_find(&d->regcache, s, n, h);
	}
	if (e != NULL && e->hash != 0)
		*out = (const char *)(uintptr_t)e->keys;
	else if (e == NULL && lbc_strmap_get(d->regmap, s, n, &v))
		*out = (const char *)(uintptr_t)v;
	else {
		if ((p = arena_alloc(d, n + 1)) == NULL)
			return LBC_ENOMEM;
		memcpy(p, s, n);
		p[n] = '\0';
		d->arena->used += n + 1;
		if (e != NULL ? ncache_put(&d->regcache, s, n, h,
		    (uint64_t)(uintptr_t)p) != 0 :
		    lbc_strmap_put(d->regmap, s, n, (size_t)(uintptr_t)p) != 0)
			return LBC_ENOMEM;
		*out = p;
	}
	d->lastreg = *out;
	d->lastreglen = n;
	return 0;
}

/* 1 when s[0..n) holds a byte that the stream escapes. */
static int
needs_escape(const char *s, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (s[k] == '\\' || s[k] == '\t' || s[k] == '\n' ||
		    s[k] == '\r')
			return 1;
	return 0;
}

/* An empty engine for the records of d's stream from offset mid on. */
static struct lbc_dedupe *
sub_new(const struct lbc_dedupe *d, unsigned long long mid)
{
	struct lbc_dedupe *e;
	int err;

	if ((e = calloc(1, sizeof(*e))) == NULL)
		return NULL;
	e->cb = d->cb;
	e->cbrisk = d->cbrisk;
	e->cbprob = d->cbprob;
	e->nf = d->nf;
	memcpy(e->f, d->f, sizeof(e->f));
	e->map = d->map;
	e->mapsize = d->mapsize;
	e->pagesize = d->pagesize;
	e->mbase = mid;
	e->borrowed = 1;
	e->released = (size_t)mid & ~(d->pagesize - 1);
	e->tailtried = 1;
	e->shortname.mask = e->regcache.mask = 1023;
	if ((e->fold = lbc_fold_new(&err)) == NULL ||
	    (e->tr = lbc_translit_new(&err)) == NULL ||
	    (e->src = strdup(d->src)) == NULL ||
	    (e->shortname.slot = calloc(1024, sizeof(struct nslot))) == NULL ||
	    (e->regcache.slot = calloc(1024, sizeof(struct nslot))) == NULL ||
	    (e->rawname = lbc_strmap_new()) == NULL ||
	    (e->regmap = lbc_strmap_new()) == NULL ||
	    (e->simpname = lbc_strmap_new()) == NULL ||
	    (e->pinyin = lbc_strmap_new()) == NULL) {
		lbc_dedupe_free(e);
		return NULL;
	}
	return e;
}

static void *
tail_main(void *arg)
{
	struct tail *t = arg;
	int rc;

	while ((rc = lbc_reader_next(t->r)) == 1) {
		struct lbc_dedupe *e = t->sub;

		if ((rc = lbc_dedupe_add(e, t->r)) != 0)
			break;
		/* fmemopen reads the map: what it has read goes */
		map_release(e, e->rec[e->n - 1].line);
	}
	t->rc = rc;	/* 0: the end reached */
	drop_names(t->sub, 0);	/* but the numbers' names */
	return NULL;
}

/*
 * Starts the second thread when the mapped stream is large enough: at
 * the first line after the middle of what the reader r has yet to read.
 * Any failure leaves the reading to the first thread.
 */
static void
tail_start(struct lbc_dedupe *d, const struct lbc_reader *r,
    unsigned long long off)
{
	struct tail *t;
	const char *nl;
	unsigned long long m;
	int err;

	d->tailtried = 1;
	if (d->map == NULL || off >= d->mapsize ||
	    d->mapsize - off < TAIL_MIN)
		return;
	m = off + (d->mapsize - off) / 2;
	if ((nl = memchr(d->map + m, '\n', d->mapsize - m)) == NULL ||
	    (m = (unsigned long long)(nl + 1 - d->map)) >= d->mapsize)
		return;
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return;
	t->mid = m;
	if ((t->sub = sub_new(d, m)) == NULL ||
	    (t->fp = fmemopen((void *)(uintptr_t)(d->map + m),
	    d->mapsize - m, "r")) == NULL ||
	    (t->r = lbc_reader_new_tail(t->fp, r, 0, &err)) == NULL ||
	    pthread_create(&t->th, NULL, tail_main, t) != 0) {
		lbc_reader_free(t->r);
		if (t->fp != NULL)
			fclose(t->fp);
		lbc_dedupe_free(t->sub);
		free(t);
		return;
	}
	d->tail = t;
}

/* Waits for the second thread and frees what it made. */
static void
tail_drop(struct lbc_dedupe *d)
{
	struct tail *t = d->tail;

	if (t == NULL)
		return;
	if (!t->joined)
		pthread_join(t->th, NULL);
	lbc_reader_free(t->r);
	if (t->fp != NULL)
		fclose(t->fp);
	lbc_dedupe_free(t->sub);
	free(t);
	d->tail = NULL;
}

/*
 * Renumbers the names (simp, or pin) of the records e holds by d's map m,
 * adding e's new ones to m in the order of their first record.
 */
static int
renumber(struct lbc_dedupe *d, struct lbc_dedupe *e, struct lbc_strmap *m,
    const struct lbc_strmap *em, int pin)
{
	size_t n = lbc_strmap_count(em), pos = 0, kn, v, out, i;
	const char **key = NULL, *k;
	size_t *len = NULL;
	uint32_t *to = NULL;
	int added, rc = LBC_ENOMEM;

	if ((key = malloc((n + 1) * sizeof(*key))) == NULL ||
	    (len = malloc((n + 1) * sizeof(*len))) == NULL ||
	    (to = calloc(n + 1, sizeof(*to))) == NULL)
		goto out;
	while (lbc_strmap_next(em, &pos, &k, &kn, &v))
		if (v >= 1 && v <= n) {
			key[v] = k;
			len[v] = kn;
		}
	for (i = 0; i < e->n; i++) {
		uint32_t *x = pin ? &e->rec[i].pin : &e->rec[i].simp;

		if (*x == 0)
			continue;
		if (to[*x] == 0) {
			if (lbc_strmap_intern(m, key[*x], len[*x],
			    lbc_strmap_count(m) + 1, &out, &added) != 0 ||
			    out > UINT32_MAX)
				goto out;
			to[*x] = (uint32_t)out;
		}
		*x = to[*x];
	}
	rc = 0;
out:
	free(key);
	free(len);
	free(to);
	(void)d;
	return rc;
}

/*
 * The first thread has reached the record at offset off, line lineno:
 * joins the second one.  Returns 1 when its records (the rest of the
 * stream) were taken, 0 when the first thread is to read on, or
 * LBC_ENOMEM.
 */
static int
tail_join(struct lbc_dedupe *d, unsigned long long off, unsigned long lineno)
{
	struct tail *t = d->tail;
	struct lbc_dedupe *e = t->sub;
	struct chunk *c;
	size_t i;
	uint32_t delta;
	int rc;

	pthread_join(t->th, NULL);
	t->joined = 1;
	lbc_reader_free(t->r);
	fclose(t->fp);
	t->r = NULL;
	t->fp = NULL;
	if (t->rc != 0 || e->n == 0 || e->firstoff != off ||
	    d->n + e->n >= NONE) {
		lbc_dedupe_free(e);
		free(t);
		d->tail = NULL;
		return 0;
	}
	/* No name is looked up any more: the numbers are all that count. */
	drop_names(d, 0);
	if ((rc = renumber(d, e, d->simpname, e->simpname, 0)) != 0 ||
	    (rc = renumber(d, e, d->pinyin, e->pinyin, 1)) != 0)
		return rc;
	drop_names(d, 1);
	drop_names(e, 1);
	if (d->cap < d->n + e->n) {
		struct rec *nr = realloc(d->rec, (d->n + e->n) * sizeof(*nr));

		if (nr == NULL)
			return LBC_ENOMEM;	/* t freed with d */
		d->rec = nr;
		d->cap = d->n + e->n;
	}
	delta = (uint32_t)lineno - e->rec[0].lineno;
	for (i = 0; i < e->n; i++)
		e->rec[i].lineno += delta;
	memcpy(d->rec + d->n, e->rec, e->n * sizeof(*e->rec));
	d->n += e->n;
	/* e's text and regions move to d, behind the chunk d fills. */
	if (e->arena != NULL) {
		for (c = e->arena; c->next != NULL; c = c->next)
			;
		if (d->arena == NULL)
			d->arena = e->arena;
		else {
			c->next = d->arena->next;
			d->arena->next = e->arena;
		}
		e->arena = NULL;
	}
	lbc_dedupe_free(e);
	free(t);
	d->tail = NULL;
	return 1;
}

int
lbc_dedupe_add(struct lbc_dedupe *d, const struct lbc_reader *r)
{
	struct rec *x;
	const char *v;
	const char *name = NULL, *line0;
	char *line, *o, idbuf[19];
	size_t i, k, need, len, keys, namelen = 0, rawlen, regoff = 0;
	unsigned long long off;
	uint64_t h = 0;
	int rc;

	lbc_reader_span(r, &off, &rawlen);
	off += d->mbase;
	if (!d->tailtried)
		tail_start(d, r, off);
	else if (d->tail != NULL && off >= d->tail->mid &&
	    (rc = tail_join(d, off, lbc_reader_lineno(r))) != 0)
		return rc;
	if (d->n == 0)
		d->firstoff = off;
	if (d->n == d->cap) {
		size_t ncap = d->cap ? d->cap * 2 : 1024;
		struct rec *nr;

		if (ncap > NONE - 1)
			ncap = NONE - 1;
		if (d->n == ncap ||
		    (nr = realloc(d->rec, ncap * sizeof(*nr))) == NULL)
			return LBC_ENOMEM;
		d->rec = nr;
		d->cap = ncap;
	}
	/* Start fetching the name's cache slot while the record is copied. */
	if (d->f[F_NAME] >= 0) {
		name = lbc_reader_get(r, (size_t)d->f[F_NAME], &namelen);
		if (namelen > 0 && namelen <= sizeof(d->shortname.slot->key)) {
			h = lbc_hash(name, namelen);
			__builtin_prefetch(&d->shortname.slot[(size_t)h &
			    d->shortname.mask]);
		}
	}
	x = &d->rec[d->n];
	memset(x, 0, sizeof(*x));
	line0 = lbc_reader_get(r, 0, NULL);
	/*
	 * The line as written is the record's escaped text unless it holds a
	 * CR (written back as \r): then, or without a map, the text is
	 * escaped into the arena.
	 */
	if (d->map != NULL && off <= d->mapsize && rawlen <= d->mapsize - off &&
	    rawlen <= UINT32_MAX && memchr(line0, '\r', rawlen) == NULL) {
		x->line = d->map + off;
		x->len = (uint32_t)rawlen;
		if (d->f[F_REGION] >= 0) {
			v = lbc_reader_get(r, (size_t)d->f[F_REGION], &len);
			regoff = (size_t)(v - line0);
		}
	} else {
		need = 1;
		for (i = 0; i < d->nf; i++) {
			lbc_reader_get(r, i, &len);
			need += 2 * len + 1;
		}
		if ((line = o = arena_alloc(d, need)) == NULL)
			return LBC_ENOMEM;
		for (i = 0; i < d->nf; i++) {
			const char *e;

			v = lbc_reader_get(r, i, &len);
			if (i > 0)
				*o++ = '\t';
			if ((int)i == d->f[F_REGION])
				regoff = (size_t)(o - line);
			for (k = 0; k < len; k++) {	/* copy until an escape is due */
				unsigned char ch = (unsigned char)v[k];

				if (ch == '\\' || ch <= '\r')
					break;
				o[k] = (char)ch;
			}
			o += k;
			for (v += k, e = v + len - k; v < e; v++) {
				switch (*v) {
				case '\\': *o++ = '\\'; *o++ = '\\'; break;
				case '\t': *o++ = '\\'; *o++ = 't'; break;
				case '\n': *o++ = '\\'; *o++ = 'n'; break;
				case '\r': *o++ = '\\'; *o++ = 'r'; break;
				default: *o++ = *v;
				}
			}
		}
		if ((size_t)(o - line) > UINT32_MAX)
			return LBC_ENOMEM;
		d->arena->used += (size_t)(o - line);
		x->line = line;
		x->len = (uint32_t)(o - line);
	}
	/*
	 * The region key: as many bytes of the escaped region field as the
	 * value has (up to 64K), none when that runs past the line.
	 */
	if (d->f[F_REGION] >= 0) {
		const char *rv = lbc_reader_get(r, (size_t)d->f[F_REGION], &len);
		size_t rl = len > UINT16_MAX ? UINT16_MAX : len;

		if (rl > 0 && regoff + rl <= x->len) {
			if (needs_escape(rv, len)) {
				lbc_buf_clear(&d->b4);
				if (lbc_escape(&d->b4, rv, len) != 0)
					return LBC_ENOMEM;
				rv = d->b4.p;
			}
			if ((rc = region_intern(d, rv, rl, &x->reg)) != 0)
				return rc;
			x->reglen = (uint16_t)rl;
		}
	}
	x->lineno = (uint32_t)lbc_reader_lineno(r);

	if (d->f[F_ID] >= 0) {
		v = lbc_reader_get(r, (size_t)d->f[F_ID], &len);
		if (len > 0 && lbc_id_normalize(v, len, idbuf) == LBC_ID_VALID) {
			for (i = 0; i < 17; i++)
				x->id = x->id * 10 + (uint64_t)(idbuf[i] - '0');
			for (i = 6; i < 14; i++)	/* the ID's birth and sex win */
				x->birth = x->birth * 10 +
				    (uint32_t)(idbuf[i] - '0');
			x->sex = (uint8_t)lbc_id_sex(idbuf);
		}
	}
	if (x->id == 0) {
		if (d->f[F_SEX] >= 0) {
			v = lbc_reader_get(r, (size_t)d->f[F_SEX], &len);
			if (len == 1 && (*v == 'M' || *v == 'F'))
				x->sex = (uint8_t)*v;
		}
		if (d->f[F_BIRTH] >= 0) {
			v = lbc_reader_get(r, (size_t)d->f[F_BIRTH], &len);
			x->birth = ymd(v, len);
		}
	}
	if (d->f[F_SURVEY] >= 0) {
		v = lbc_reader_get(r, (size_t)d->f[F_SURVEY], &len);
		x->survey = ymd(v, len);
	}
	if (d->f[F_NAME] >= 0) {
		if ((rc = name_keys(d, name, namelen, h, &keys)) != 0)
			return rc;
		x->simp = (uint32_t)(keys >> 32);
		x->pin = (uint32_t)keys;
	}
	x->cl = NONE;
	d->n++;
	return 0;
}

/* --- clustering ---------------------------------------------------------- */

size_t
lbc_dedupe_nrecords(const struct lbc_dedupe *d)
{
	return d->n;
}

static int
sexok(int a, int b)
{
	return a == 0 || b == 0 || a == b;
}

void
lbc_dedupe_key(const struct lbc_dedupe *d, size_t i, struct lbc_dedupe_key *k)
{
	const struct rec *x = &d->rec[i];

	k->id = x->id;
	k->birth = x->birth;
	k->simp = x->simp;
	k->pin = x->pin;
	k->sex = x->sex;
	k->region = x->reg;
	k->reglen = x->reglen;
}

enum lbc_how
lbc_dedupe_same_child(const struct lbc_dedupe_key *a,
    const struct lbc_dedupe_key *b)
{
	size_t n = a->reglen < b->reglen ? a->reglen : b->reglen;

	if (a->id != 0 && b->id != 0)
		return a->id == b->id ? LBC_HOW_ID : LBC_HOW_SINGLE;
	if (a->birth == 0 || a->birth != b->birth || a->pin == 0 ||
	    a->pin != b->pin || !sexok(a->sex, b->sex) ||
	    (n > 0 && memcmp(a->region, b->region, n) != 0))
		return LBC_HOW_SINGLE;
	return a->simp == b->simp ? LBC_HOW_NAME : LBC_HOW_PINYIN;
}

/* --- matching inside a block --------------------------------------------- */

/*
 * A block is worked on with indexes, so that it takes O(k log k) for k
 * records rather than comparing each record with every child:
 *   - the block's regions sorted, equal ones making one node; a node's
 *     subtree (the regions it is a prefix of) is then a range of that
 *     order, and its parent the longest other region that is its prefix;
 *   - the records again sorted by simplified name, then region;
 *   - two segment trees holding, for each range, up to two children found
 *     there, by sex: one over the region order (a child without an ID at
 *     its most specific record), one over the name order (every record
 *     placed so far, with its child);
 *   - for the children with an ID, which do not change: the children with
 *     a record in each node's subtree and on its path to the root, each
 *     child's regions, and which names each child holds.
 * Records are tried most specific first, so when a record is tried every
 * placed record without an ID has a region at least as long: a child
 * without an ID agrees with it when its first record's region extends
 * the record's, and holds the same name in agreement when one of its
 * records of that name extends it; a child with an ID agrees when one of
 * its ID-bearing records does (the records without an ID it took agree
 * with those already).  So the rule of lbc_dedupe_same_child() is kept
 * exactly.
 */

/* Up to two distinct child numbers (NONE: fewer). */
struct two {
	uint32_t	 a, b;
};

static void
two_add(struct two *t, uint32_t c)
{
	if (c == NONE || c == t->a || t->b != NONE)
		return;
	if (t->a == NONE)
		t->a = c;
	else
		t->b = c;
}

static void
two_merge(struct two *t, const struct two *u)
{
	two_add(t, u->a);
	two_add(t, u->b);
}

static size_t
two_n(const struct two *t)
{
	return (size_t)(t->a != NONE) + (t->b != NONE);
}

/* 0 no sex known, 1 male, 2 female. */
static unsigned
sexclass(int sex)
{
	return sex == 'M' ? 1 : sex == 'F' ? 2 : 0;
}

/* The sex classes a record of this sex may join. */
static unsigned
sexmask(int sex)
{
	return sex == 0 ? 7 : 1 | 1U << sexclass(sex);
}

/*
 * A segment tree over n positions, each holding at most one child of a
 * sex class; every node keeps up to two children per class.
 */
struct seg {
	struct two	*t;		/* 2n nodes of 3 classes, leaves from n */
	size_t		 n;
};

static void
seg_set(struct seg *s, size_t i, uint32_t c, unsigned cls)
{
	struct two *t = s->t;
	size_t p = s->n + i, j;

	for (j = 0; j < 3; j++)
		t[p * 3 + j].a = t[p * 3 + j].b = NONE;
	t[p * 3 + cls].a = c;
	for (; p > 1; p >>= 1)
		for (j = 0; j < 3; j++) {
			struct two *u = &t[(p >> 1) * 3 + j];

			*u = t[(p & ~(size_t)1) * 3 + j];
			two_merge(u, &t[(p | 1) * 3 + j]);
		}
}

/* Up to two children of the classes in mask held in [l, r). */
static struct two
seg_query(const struct seg *s, size_t l, size_t r, unsigned mask)
{
	struct two res = { NONE, NONE };
	size_t j;

	for (l += s->n, r += s->n; l < r; l >>= 1, r >>= 1) {
		if (l & 1) {
			for (j = 0; j < 3; j++)
				if (mask & 1U << j)
					two_merge(&res, &s->t[l * 3 + j]);
			l++;
		}
		if (r & 1) {
			r--;
			for (j = 0; j < 3; j++)
				if (mask & 1U << j)
					two_merge(&res, &s->t[r * 3 + j]);
		}
	}
	return res;
}

/*
 * A record's place in the region order: the region's first 16 bytes
 * (big-endian, zero-padded) decide most comparisons without touching the
 * record; ties go to the bytes, a prefix first, then input order.
 */
struct rkey {
	uint64_t		 k0, k1;
	const struct rec	*x;
	uint32_t		 l;
};

/*
 * Scratch for one block, grown to the largest block.  Records of the
 * block are numbered locally (l) in input order; children of the block
 * (c) are those with an ID first (0 to nid), then those without.
 */
struct blockwork {
	size_t		 cap;
	uint32_t	*blk;		/* l -> record */
	uint32_t	*byreg;		/* region order -> l */
	uint32_t	*posr;		/* l -> place in region order */
	uint32_t	*node;		/* l -> region node */
	uint32_t	*nstart;	/* node -> first place in region order */
	uint32_t	*nhi;		/* node -> end of its subtree */
	uint32_t	*nparent;	/* node -> parent node or NONE */
	uint32_t	*stk;
	uint32_t	*byname;	/* name order -> l */
	uint32_t	*posn;		/* l -> place in name order */
	uint32_t	*grp;		/* l -> name group */
	uint32_t	*gfirst;	/* name group -> first place (k + 1) */
	uint32_t	*todo;		/* records without an ID, trying order */
	uint32_t	*memnext;	/* l -> next member of its child */
	uint32_t	*ccl;		/* c -> cluster */
	uint32_t	*cprof;		/* c -> first record (without an ID) */
	uint32_t	*chead;		/* c -> members (without an ID) */
	uint8_t		*csex;		/* c -> sex */
	uint32_t	*anc;		/* nodes of children with an ID ... */
	uint32_t	*astart;	/* ... c's from astart[c] to astart[c+1] */
	uint32_t	*idpos;		/* region places of ID records, in order */
	uint32_t	*ncount;	/* node -> its own records */
	uint32_t	*pathcnt;	/* node -> ID records on its root path */
	uint32_t	*pcount;	/* name group -> pairs */
	uint32_t	*phead;		/* name group -> first pair */
	uint32_t	*pnext, *pcand;	/* pairs (child with an ID, name) */
	struct two	*idsub, *idpath; /* node -> children with an ID, M/F */
	struct seg	 et, nt;	/* region and name trees */
	uint32_t	*lidx;		/* cluster with an ID -> c, or NONE */
	const struct rec *rec;
	struct rkey	*rk;		/* sort keys */
	uint64_t	*k64;
};

static int
blockwork_room(struct blockwork *bw, size_t k)
{
	uint32_t **u32[] = { &bw->blk, &bw->byreg, &bw->posr, &bw->node,
		&bw->nstart, &bw->nhi, &bw->nparent, &bw->stk, &bw->byname,
		&bw->posn, &bw->grp, &bw->gfirst, &bw->todo, &bw->memnext,
		&bw->ccl, &bw->cprof, &bw->chead, &bw->anc, &bw->astart,
		&bw->phead, &bw->pnext, &bw->pcand, &bw->idpos, &bw->ncount,
		&bw->pathcnt, &bw->pcount };
	size_t i;
	void *p;

	if (k <= bw->cap)
		return 0;
	for (i = 0; i < sizeof(u32) / sizeof(u32[0]); i++) {
		if ((p = realloc(*u32[i], (k + 1) * sizeof(uint32_t))) == NULL)
			return LBC_ENOMEM;
		*u32[i] = p;
	}
	if ((p = realloc(bw->rk, k * sizeof(*bw->rk))) == NULL)
		return LBC_ENOMEM;
	bw->rk = p;
	if ((p = realloc(bw->k64, k * sizeof(*bw->k64))) == NULL)
		return LBC_ENOMEM;
	bw->k64 = p;
	if ((p = realloc(bw->csex, k + 1)) == NULL)
		return LBC_ENOMEM;
	bw->csex = p;
	if ((p = realloc(bw->idsub, 2 * k * sizeof(struct two))) == NULL)
		return LBC_ENOMEM;
	bw->idsub = p;
	if ((p = realloc(bw->idpath, 2 * k * sizeof(struct two))) == NULL)
		return LBC_ENOMEM;
	bw->idpath = p;
	if ((p = realloc(bw->et.t, 6 * k * sizeof(struct two))) == NULL)
		return LBC_ENOMEM;
	bw->et.t = p;
	if ((p = realloc(bw->nt.t, 6 * k * sizeof(struct two))) == NULL)
		return LBC_ENOMEM;
	bw->nt.t = p;
	bw->cap = k;
	return 0;
}

static void
blockwork_free(struct blockwork *bw)
{
	free(bw->blk);
	free(bw->byreg);
	free(bw->posr);
	free(bw->node);
	free(bw->nstart);
	free(bw->nhi);
	free(bw->nparent);
	free(bw->stk);
	free(bw->byname);
	free(bw->posn);
	free(bw->grp);
	free(bw->gfirst);
	free(bw->todo);
	free(bw->memnext);
	free(bw->ccl);
	free(bw->cprof);
	free(bw->chead);
	free(bw->csex);
	free(bw->anc);
	free(bw->astart);
	free(bw->phead);
	free(bw->idpos);
	free(bw->ncount);
	free(bw->pathcnt);
	free(bw->pcount);
	free(bw->pnext);
	free(bw->pcand);
	free(bw->idsub);
	free(bw->idpath);
	free(bw->et.t);
	free(bw->nt.t);
	free(bw->lidx);
	free(bw->rk);
	free(bw->k64);
}

static void
rkey_set(struct rkey *k, const struct rec *x, uint32_t l)
{
	const unsigned char *p = (const unsigned char *)x->reg;
	size_t i;

	k->k0 = k->k1 = 0;
	for (i = 0; i < 16; i++) {
		uint64_t b = i < x->reglen ? p[i] : 0;

		if (i < 8)
			k->k0 |= b << (56 - 8 * i);
		else
			k->k1 |= b << (56 - 8 * (i - 8));
	}
	k->x = x;
	k->l = l;
}

static int
regorder(const void *a, const void *b)
{
	const struct rkey *ka = a, *kb = b;
	const struct rec *x = ka->x, *y = kb->x;
	size_t n;
	int c;

	if (ka->k0 != kb->k0)
		return ka->k0 < kb->k0 ? -1 : 1;
	if (ka->k1 != kb->k1)
		return ka->k1 < kb->k1 ? -1 : 1;
	n = x->reglen < y->reglen ? x->reglen : y->reglen;
	if (n > 0 && (c = memcmp(x->reg, y->reg,
	    n)) != 0)
		return c;
	if (x->reglen != y->reglen)
		return x->reglen < y->reglen ? -1 : 1;
	return ka->l < kb->l ? -1 : ka->l > kb->l;
}

static int
u64order(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* 1 when record a's region is a prefix of record b's. */
static int
regprefix(const struct rec *a, const struct rec *b)
{
	return a->reglen <= b->reglen && (a->reglen == 0 ||
	    memcmp(a->reg, b->reg, a->reglen) == 0);
}

/* First place in byname[lo..hi) whose region place is at least v. */
static size_t
name_lower(const struct blockwork *bw, size_t lo, size_t hi, uint32_t v)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (bw->posr[bw->byname[mid]] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * 1 when child c (with an ID) has an ID-bearing record whose region agrees
 * with node u.  c's nodes are kept without any that extends another of
 * them (that one agrees whenever it does), so they are ordered and no two
 * are prefixes: only the neighbours of u in that order can agree.
 */
static int
id_agrees(const struct blockwork *bw, uint32_t c, uint32_t u)
{
	size_t lo = bw->astart[c], hi = bw->astart[c + 1], s = lo;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (bw->anc[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < bw->astart[c + 1] && bw->nstart[bw->anc[lo]] < bw->nhi[u])
		return 1;
	return lo > s && bw->nstart[u] < bw->nhi[bw->anc[lo - 1]];
}

/* Notes that child c (with an ID) holds name group g. */
static int
pair_add(struct blockwork *bw, struct lbc_u64map *pm, uint32_t c, uint32_t g)
{
	int added;
	uint32_t np = (uint32_t)pm->n;

	if (lbc_u64map_intern(pm, (uint64_t)(c + 1) << 32 | g, np,
	    &added) == NULL)
		return LBC_ENOMEM;
	if (added) {
		bw->pcand[np] = c;
		bw->pnext[np] = bw->phead[g];
		bw->phead[g] = np;
		bw->pcount[g]++;
	}
	return 0;
}

/* First i in idpos[lo..hi) with idpos[i] >= v. */
static size_t
id_lower(const struct blockwork *bw, size_t lo, size_t hi, uint32_t v)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (bw->idpos[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Adds to nm child c (with an ID) if it holds name group g. */
static void
id_try(const struct blockwork *bw, const struct lbc_u64map *pm, struct two *nm,
    uint32_t c, uint32_t g, int sex)
{
	if (sexok(bw->csex[c], sex) &&
	    lbc_u64map_get(pm, (uint64_t)(c + 1) << 32 | g) != NULL)
		two_add(nm, c);
}

/*
 * Adds to nm (up to two) the children with an ID that agree with node u
 * and sex and hold name group g: either the children of that name are
 * tried, or the ID records in u's subtree and on its path, whichever are
 * fewer.
 */
static void
id_names(const struct blockwork *bw, const struct lbc_u64map *pm, struct two *nm,
    size_t nidrec, uint32_t u, uint32_t g, int sex)
{
	size_t a = id_lower(bw, 0, nidrec, bw->nstart[u]);
	size_t b = id_lower(bw, a, nidrec, bw->nhi[u]), i;
	uint32_t q, v;

	if (bw->pcount[g] <= b - a + bw->pathcnt[u]) {
		for (q = bw->phead[g]; q != NONE && two_n(nm) < 2;
		    q = bw->pnext[q]) {
			uint32_t c = bw->pcand[q];

			if (sexok(bw->csex[c], sex) && id_agrees(bw, c, u))
				two_add(nm, c);
		}
		return;
	}
	for (i = a; i < b && two_n(nm) < 2; i++)
		id_try(bw, pm, nm, bw->lidx[bw->rec[bw->blk[bw->byreg[
		    bw->idpos[i]]]].cl], g, sex);
	for (v = bw->nparent[u]; v != NONE && two_n(nm) < 2;
	    v = bw->nparent[v]) {
		a = id_lower(bw, 0, nidrec, bw->nstart[v]);
		b = id_lower(bw, a, nidrec, bw->nstart[v] + bw->ncount[v]);
		for (i = a; i < b && two_n(nm) < 2; i++)
			id_try(bw, pm, nm, bw->lidx[bw->rec[bw->blk[bw->byreg[
			    bw->idpos[i]]]].cl], g, sex);
	}
}

/*
 * Places the ID-less records of one block of k records (chained from head
 * through next[], in input order): each joins the one child it agrees
 * with, starts a new one, or stays alone as a conflict.
 */
static int
do_block(struct lbc_dedupe *d, struct blockwork *bw, const uint32_t *next,
    uint32_t head, size_t k)
{
	struct rec *rec = d->rec;
	struct lbc_u64map pm = { 0 };
	size_t nn = 0, sp = 0, ng = 0, nt = 0, nid = 0, nidrec = 0, ncand, p, l;
	size_t c, u;
	uint32_t i;

	if (blockwork_room(bw, k) != 0)
		return LBC_ENOMEM;
	bw->rec = rec;
	for (i = head, l = 0; i != NONE; i = next[i])
		bw->blk[l++] = i;

	/* Region nodes, their subtrees and parents. */
	for (l = 0; l < k; l++)
		rkey_set(&bw->rk[l], &rec[bw->blk[l]], (uint32_t)l);
	qsort(bw->rk, k, sizeof(*bw->rk), regorder);
	for (p = 0; p < k; p++)
		bw->byreg[p] = bw->rk[p].l;
	for (p = 0; p < k; p++) {
		const struct rec *x;

		l = bw->byreg[p];
		x = &rec[bw->blk[l]];
		bw->posr[l] = (uint32_t)p;
		if (p == 0 || !(regprefix(x, &rec[bw->blk[bw->byreg[p - 1]]]) &&
		    regprefix(&rec[bw->blk[bw->byreg[p - 1]]], x))) {
			while (sp > 0 && !regprefix(&rec[bw->blk[bw->byreg[
			    bw->nstart[bw->stk[sp - 1]]]]], x))
				bw->nhi[bw->stk[--sp]] = (uint32_t)p;
			bw->nparent[nn] = sp > 0 ? bw->stk[sp - 1] : NONE;
			bw->nstart[nn] = (uint32_t)p;
			bw->ncount[nn] = 0;
			bw->stk[sp++] = (uint32_t)nn++;
		}
		bw->node[l] = (uint32_t)(nn - 1);
		bw->ncount[nn - 1]++;
	}
	while (sp > 0)
		bw->nhi[bw->stk[--sp]] = (uint32_t)k;

	/* Name groups. */
	/* Name order: simplified name, then region order. */
	for (p = 0; p < k; p++)
		bw->k64[p] = (uint64_t)rec[bw->blk[bw->byreg[p]]].simp << 32 | p;
	qsort(bw->k64, k, sizeof(*bw->k64), u64order);
	for (p = 0; p < k; p++) {
		l = bw->byname[p] = bw->byreg[(uint32_t)bw->k64[p]];
		if (p == 0 || rec[bw->blk[l]].simp !=
		    rec[bw->blk[bw->byname[p - 1]]].simp)
			bw->gfirst[ng++] = (uint32_t)p;
		bw->grp[l] = (uint32_t)(ng - 1);
		bw->posn[l] = (uint32_t)p;
	}
	bw->gfirst[ng] = (uint32_t)k;
	for (p = 0; p < ng; p++) {
		bw->phead[p] = NONE;
		bw->pcount[p] = 0;
	}

	/* Children with an ID: numbers, names, nodes. */
	if (lbc_u64map_init(&pm, k) != 0)
		return LBC_ENOMEM;
	for (l = 0; l < k; l++) {
		const struct rec *x = &rec[bw->blk[l]];

		if (x->id == 0) {
			bw->todo[nt++] = (uint32_t)l;
			continue;
		}
		if (bw->lidx[x->cl] == NONE) {
			bw->lidx[x->cl] = (uint32_t)nid;
			bw->ccl[nid] = x->cl;
			bw->csex[nid] = x->sex;
			bw->astart[nid] = 0;
			nid++;
		}
		bw->astart[bw->lidx[x->cl]]++;
		if (pair_add(bw, &pm, bw->lidx[x->cl], bw->grp[l]) != 0) {
			lbc_u64map_free(&pm);
			return LBC_ENOMEM;
		}
	}
	if (nid > 0) {
		size_t sum = 0, keep;

		for (c = 0; c < nid; c++) {
			size_t t = bw->astart[c];

			bw->astart[c] = (uint32_t)sum;
			sum += t;
		}
		bw->astart[nid] = (uint32_t)sum;
		/* stk[c] fills child c's nodes, in region order. */
		for (c = 0; c < nid; c++)
			bw->stk[c] = bw->astart[c];
		for (u = 0; u < 2 * nn; u++)
			bw->idsub[u].a = bw->idsub[u].b = NONE;
		for (u = 0; u < nn; u++)
			bw->pathcnt[u] = 0;
		for (p = 0, nidrec = 0; p < k; p++) {
			const struct rec *x;

			l = bw->byreg[p];
			x = &rec[bw->blk[l]];
			if (x->id == 0)
				continue;
			bw->idpos[nidrec++] = (uint32_t)p;
			bw->pathcnt[bw->node[l]]++;
			c = bw->lidx[x->cl];
			bw->anc[bw->stk[c]++] = bw->node[l];
			two_add(&bw->idsub[2 * bw->node[l] + (x->sex == 'F')],
			    (uint32_t)c);
		}
		for (c = 0, keep = 0; c < nid; c++) {
			size_t a, s = keep;

			for (a = bw->astart[c]; a < bw->astart[c + 1]; a++) {
				u = bw->anc[a];
				if (keep > s && bw->nstart[u] <
				    bw->nhi[bw->anc[keep - 1]])
					continue;	/* extends the last kept */
				bw->anc[keep++] = (uint32_t)u;
			}
			bw->astart[c] = (uint32_t)s;
		}
		bw->astart[nid] = (uint32_t)keep;
		memcpy(bw->idpath, bw->idsub, 2 * nn * sizeof(*bw->idpath));
		for (u = 0; u < nn; u++)
			if (bw->nparent[u] != NONE) {
				bw->pathcnt[u] += bw->pathcnt[bw->nparent[u]];
				two_merge(&bw->idpath[2 * u],
				    &bw->idpath[2 * bw->nparent[u]]);
				two_merge(&bw->idpath[2 * u + 1],
				    &bw->idpath[2 * bw->nparent[u] + 1]);
			}
		for (u = nn; u-- > 0;)
			if (bw->nparent[u] != NONE) {
				two_merge(&bw->idsub[2 * bw->nparent[u]],
				    &bw->idsub[2 * u]);
				two_merge(&bw->idsub[2 * bw->nparent[u] + 1],
				    &bw->idsub[2 * u + 1]);
			}
		for (u = 0; u < 2 * nn; u++)	/* on the path or below */
			two_merge(&bw->idsub[u], &bw->idpath[u]);
	}

	/* Most specific first: longer region, known sex, then input order. */
	for (p = 0; p < nt; p++) {
		const struct rec *x = &rec[bw->blk[bw->todo[p]]];

		bw->k64[p] = (uint64_t)(UINT16_MAX - x->reglen) << 33 |
		    (uint64_t)(x->sex == 0) << 32 | bw->todo[p];
	}
	qsort(bw->k64, nt, sizeof(*bw->k64), u64order);
	for (p = 0; p < nt; p++)
		bw->todo[p] = (uint32_t)bw->k64[p];
	bw->et.n = bw->nt.n = k;
	memset(bw->et.t, 0xff, 6 * k * sizeof(struct two));
	memset(bw->nt.t, 0xff, 6 * k * sizeof(struct two));
	for (l = 0; l < k; l++) {	/* a record of an ID by its name */
		const struct rec *x = &rec[bw->blk[l]];

		if (x->id != 0)
			seg_set(&bw->nt, bw->posn[l], bw->lidx[x->cl],
			    sexclass(x->sex));
	}
	ncand = nid;
	for (p = 0; p < nt; p++) {
		struct rec *x;
		struct two e, eid = { NONE, NONE }, nm;
		unsigned mask, cls;
		uint32_t g;

		l = bw->todo[p];
		x = &rec[bw->blk[l]];
		u = bw->node[l];
		g = bw->grp[l];
		cls = sexclass(x->sex);
		mask = sexmask(x->sex);
		e = seg_query(&bw->et, bw->nstart[u], bw->nhi[u], mask);
		if (nid > 0) {
			if (mask & 2)
				two_merge(&eid, &bw->idsub[2 * u]);
			if (mask & 4)
				two_merge(&eid, &bw->idsub[2 * u + 1]);
			two_merge(&e, &eid);
		}
		if (two_n(&e) == 0) {	/* a new child */
			c = ncand++;
			bw->ccl[c] = (uint32_t)d->ncl++;
			bw->csex[c] = x->sex;
			bw->cprof[c] = (uint32_t)l;
			bw->chead[c] = (uint32_t)l;
			bw->memnext[l] = NONE;
			seg_set(&bw->et, bw->posr[l], (uint32_t)c, cls);
			seg_set(&bw->nt, bw->posn[l], (uint32_t)c, cls);
			x->cl = bw->ccl[c];
			continue;
		}
		if (two_n(&e) == 1)
			c = e.a;
		else {	/* which of them hold the same name */
			nm = seg_query(&bw->nt, name_lower(bw, bw->gfirst[g],
			    bw->gfirst[g + 1], bw->nstart[u]), name_lower(bw,
			    bw->gfirst[g], bw->gfirst[g + 1], bw->nhi[u]), mask);
			if (two_n(&eid) == 1) {
				if (lbc_u64map_get(&pm, (uint64_t)(eid.a + 1) << 32 |
				    g) != NULL)
					two_add(&nm, eid.a);
			} else if (two_n(&eid) == 2 && two_n(&nm) < 2)
				id_names(bw, &pm, &nm, nidrec, (uint32_t)u, g,
				    x->sex);
			if (two_n(&nm) != 1) {
				x->cl = (uint32_t)d->ncl++;
				x->how = LBC_HOW_CONFLICT;
				continue;
			}
			c = nm.a;
		}
		x->cl = bw->ccl[c];
		if (c < nid) {
			if (pair_add(bw, &pm, (uint32_t)c, g) != 0) {
				lbc_u64map_free(&pm);
				return LBC_ENOMEM;
			}
			seg_set(&bw->nt, bw->posn[l], (uint32_t)c,
			    sexclass(bw->csex[c]));
			continue;
		}
		bw->memnext[l] = bw->chead[c];
		bw->chead[c] = (uint32_t)l;
		if (x->sex != 0 && bw->csex[c] == 0) {
			uint32_t m;

			bw->csex[c] = x->sex;
			seg_set(&bw->et, bw->posr[bw->cprof[c]], (uint32_t)c, cls);
			for (m = bw->chead[c]; m != NONE; m = bw->memnext[m])
				seg_set(&bw->nt, bw->posn[m], (uint32_t)c, cls);
		} else
			seg_set(&bw->nt, bw->posn[l], (uint32_t)c,
			    sexclass(bw->csex[c]));
	}
	for (c = 0; c < nid; c++)
		bw->lidx[bw->ccl[c]] = NONE;
	lbc_u64map_free(&pm);
	return 0;
}

static int
u32cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Sets how for the members of one child (mem[0..s), input order). */
static int
set_how(struct lbc_dedupe *d, const uint32_t *mem, size_t s, uint32_t **scratch,
    size_t *scap)
{
	struct rec *rec = d->rec;
	size_t i, j;

	if (s == 1) {
		if (rec[mem[0]].how != LBC_HOW_CONFLICT)
			rec[mem[0]].how = LBC_HOW_SINGLE;
		return 0;
	}
	if (s > 16) {
		if (s > *scap) {
			uint32_t *p = realloc(*scratch, s * sizeof(*p));

			if (p == NULL)
				return LBC_ENOMEM;
			*scratch = p;
			*scap = s;
		}
		for (i = 0; i < s; i++)
			(*scratch)[i] = rec[mem[i]].simp;
		qsort(*scratch, s, sizeof(**scratch), u32cmp);
	}
	for (i = 0; i < s; i++) {
		struct rec *x = &rec[mem[i]];
		int same = 0;

		if (x->id != 0) {
			x->how = LBC_HOW_ID;
			continue;
		}
		if (s <= 16) {
			for (j = 0; j < s && !same; j++)
				same = j != i && rec[mem[j]].simp == x->simp;
		} else {
			uint32_t *lo = *scratch, *hi = *scratch + s;

			while (lo < hi) {	/* first >= simp */
				uint32_t *mid = lo + (hi - lo) / 2;

				if (*mid < x->simp)
					lo = mid + 1;
				else
					hi = mid;
			}
			same = lo + 1 < *scratch + s && lo[1] == x->simp;
		}
		x->how = same ? LBC_HOW_NAME : LBC_HOW_PINYIN;
	}
	return 0;
}

static int records_check(struct lbc_dedupe *d);

/*
 * With a mapped input, copies the text of every record but the first of
 * a child with two or more into the arena, going forward through the
 * map: writing then reads the map forward only, and memory holds the
 * children that merge, not the whole input.
 */
static int
gather(struct lbc_dedupe *d)
{
	size_t i;

	if (d->map == NULL)
		return 0;
	for (i = 0; i < d->n; i++) {
		struct rec *x = &d->rec[i];
		uint32_t c = d->child[x->cl];
		char *p;

		if (d->start[c + 1] - d->start[c] < 2 ||
		    d->mem[d->start[c]] == i || !inmap(d, x->line))
			continue;
		if ((p = arena_alloc(d, x->len)) == NULL)
			return LBC_ENOMEM;
		memcpy(p, x->line, x->len);
		d->arena->used += x->len;
		map_release(d, x->line);
		x->line = p;
	}
	map_release(d, NULL);
	return 0;
}

unsigned long
lbc_dedupe_errline(const struct lbc_dedupe *d)
{
	return d->errline;
}

/*
 * The names are numbers in the records now: their caches, ICU's and the
 * regions' index go before clustering needs memory.
 */
static void
drop_names(struct lbc_dedupe *d, int all)
{
	lbc_fold_free(d->fold);
	lbc_translit_free(d->tr);
	d->fold = NULL;
	d->tr = NULL;
	free(d->shortname.slot);
	free(d->regcache.slot);
	memset(&d->shortname, 0, sizeof(d->shortname));
	memset(&d->regcache, 0, sizeof(d->regcache));
	lbc_strmap_free(d->rawname);
	lbc_strmap_free(d->regmap);
	d->rawname = d->regmap = NULL;
	if (all) {
		lbc_strmap_free(d->simpname);
		lbc_strmap_free(d->pinyin);
		d->simpname = d->pinyin = NULL;
	}
	lbc_buf_free(&d->b1);
	lbc_buf_free(&d->b2);
	lbc_buf_free(&d->b3);
	lbc_buf_free(&d->b4);
}

/* A record's key while records are grouped by sorting. */
struct kv {
	uint64_t	 k;
	uint32_t	 i;
};

/*
 * Sorts a[0..n) by k, stably (least significant digit first, 11 bits a
 * digit, skipping a digit all keys share), with t[0..n) as scratch;
 * returns the one of the two that holds the result.
 */
static struct kv *
kv_sort(struct kv *a, struct kv *t, size_t n)
{
	enum { B = 11, R = 1 << B, P = 6 };
	size_t (*cnt)[R];
	size_t i, p;

	if (n < 2)
		return a;
	if ((cnt = calloc(P, sizeof(*cnt))) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		for (p = 0; p < P; p++)
			cnt[p][(a[i].k >> (B * p)) & (R - 1)]++;
	for (p = 0; p < P; p++) {
		size_t sum = 0, c, *ct = cnt[p];
		struct kv *u;

		if (ct[(a[0].k >> (B * p)) & (R - 1)] == n)
			continue;	/* every key has this digit */
		for (c = 0; c < R; c++) {
			size_t x = ct[c];

			ct[c] = sum;
			sum += x;
		}
		for (i = 0; i < n; i++)
			t[ct[(a[i].k >> (B * p)) & (R - 1)]++] = a[i];
		u = a, a = t, t = u;
	}
	free(cnt);
	return a;
}

/*
 * Groups the records whose key (made by key(), 0 for none) is equal:
 * returns an array sorted by key (members of a key in input order) and
 * sets *np to its length, or NULL when out of memory.  The caller frees
 * *mem.
 */
static struct kv *
group(const struct lbc_dedupe *d, int blocks, size_t *np, void **mem)
{
	const struct rec *rec = d->rec;
	struct kv *a, *t, *sorted;
	size_t i, n = 0;

	for (i = 0; i < d->n; i++)
		n += blocks ? rec[i].birth != 0 && rec[i].pin != 0 :
		    rec[i].id != 0;
	*np = n;
	if ((a = malloc((2 * n + 1) * sizeof(*a))) == NULL)
		return NULL;
	t = a + n;
	for (i = 0, n = 0; i < d->n; i++) {
		if (blocks ? rec[i].birth == 0 || rec[i].pin == 0 :
		    rec[i].id == 0)
			continue;
		a[n].k = blocks ? (uint64_t)rec[i].birth << 32 | rec[i].pin :
		    rec[i].id;
		a[n++].i = (uint32_t)i;
	}
	if ((sorted = kv_sort(a, t, n)) == NULL)
		free(a);
	*mem = a;
	return sorted;
}

int
lbc_dedupe_run(struct lbc_dedupe *d)
{
	struct rec *rec = d->rec;
	struct blockwork bw = { 0 };
	struct kv *g = NULL, *order = NULL;
	void *gmem = NULL;
	uint32_t *next = NULL, *scratch = NULL;
	size_t i, j, ng, nb = 0, nchild = 0, scap = 0;
	int rc = LBC_ENOMEM;

	if (d->ran)
		return LBC_EARG;
	d->ran = 1;
	tail_drop(d);
	drop_names(d, 1);
	/*
	 * Same valid ID: one cluster, numbered in the order of the IDs'
	 * first records.  While grouping, cl holds the first record's index.
	 */
	if ((g = group(d, 0, &ng, &gmem)) == NULL)
		goto out;
	for (i = 0; i < ng; i = j) {
		for (j = i; j < ng && g[j].k == g[i].k; j++)
			rec[g[j].i].cl = g[i].i;
	}
	free(gmem);
	gmem = NULL;
	for (i = 0; i < d->n; i++)
		if (rec[i].id != 0)
			rec[i].cl = rec[i].cl == i ? (uint32_t)d->ncl++ :
			    rec[rec[i].cl].cl;
	if ((bw.lidx = malloc((d->ncl + 1) * sizeof(*bw.lidx))) == NULL)
		goto out;
	memset(bw.lidx, 0xff, (d->ncl + 1) * sizeof(*bw.lidx));

	/*
	 * Blocks: birth date and pinyin; chains kept in input order.  Only
	 * blocks of two or more records one of which has no ID are worked
	 * on, those whose last record comes last first.
	 */
	if ((next = malloc((d->n + 1) * sizeof(*next))) == NULL ||
	    (g = group(d, 1, &ng, &gmem)) == NULL)
		goto out;
	for (i = 0; i < ng; i = j) {
		int idless = 0;

		for (j = i; j < ng && g[j].k == g[i].k; j++) {
			next[g[j].i] = j + 1 < ng && g[j + 1].k == g[i].k ?
			    g[j + 1].i : NONE;
			idless |= rec[g[j].i].id == 0;
		}
		if (idless && j - i > 1) {	/* kept at g's front */
			g[nb].k = UINT32_MAX - g[j - 1].i;
			g[nb].i = g[i].i;
			nb++;
		}
	}
	if ((order = kv_sort(g, g == gmem ? g + ng : gmem, nb)) == NULL)
		goto out;
	for (i = 0; i < nb; i++) {
		uint32_t h = order[i].i, size = 0, x;

		for (x = h; x != NONE; x = next[x])
			size++;
		if (do_block(d, &bw, next, h, size) != 0)
			goto out;
	}
	free(gmem);
	gmem = NULL;
	for (i = 0; i < d->n; i++)
		if (rec[i].cl == NONE)
			rec[i].cl = (uint32_t)d->ncl++;

	/* Children numbered by their first record; members grouped. */
	if ((d->child = malloc((d->ncl + 1) * sizeof(*d->child))) == NULL ||
	    (d->start = calloc(d->ncl + 2, sizeof(*d->start))) == NULL ||
	    (d->mem = malloc((d->n + 1) * sizeof(*d->mem))) == NULL)
		goto out;
	memset(d->child, 0xff, (d->ncl + 1) * sizeof(*d->child));
	for (i = 0; i < d->n; i++) {
		if (d->child[rec[i].cl] == NONE)
			d->child[rec[i].cl] = (uint32_t)nchild++;
		d->start[d->child[rec[i].cl] + 1]++;
	}
	for (i = 0; i < nchild; i++)
		d->start[i + 1] += d->start[i];
	memcpy(next, d->start, nchild * sizeof(*next));
	for (i = 0; i < d->n; i++)
		d->mem[next[d->child[rec[i].cl]]++] = (uint32_t)i;
	d->ncl = nchild;
	for (i = 0; i < nchild; i++)
		if (set_how(d, d->mem + d->start[i], d->start[i + 1] -
		    d->start[i], &scratch, &scap) != 0)
			goto out;
	for (i = 0; i < d->n; i++)
		d->howcount[rec[i].how]++;
	if ((rc = gather(d)) == 0)
		rc = records_check(d);
out:
	blockwork_free(&bw);
	free(next);
	free(gmem);
	free(scratch);
	return rc;
}

size_t
lbc_dedupe_nchildren(const struct lbc_dedupe *d)
{
	return d->ncl;
}

size_t
lbc_dedupe_count(const struct lbc_dedupe *d, enum lbc_how how)
{
	return (unsigned)how < 5 ? d->howcount[how] : 0;
}

size_t
lbc_dedupe_child(const struct lbc_dedupe *d, size_t i)
{
	return d->child[d->rec[i].cl] + 1;
}

enum lbc_how
lbc_dedupe_how(const struct lbc_dedupe *d, size_t i)
{
	return (enum lbc_how)d->rec[i].how;
}

/* --- writing ------------------------------------------------------------- */

struct fld {
	const char	*p;
	size_t		 n;
};

/* Scratch for merging one child's records. */
struct merge {
	struct fld	*fv;		/* s * nf fields, member by member */
	uint32_t	*rank;		/* member positions, survivor first */
	size_t		 cap;		/* members room */
	struct fld	*item;		/* union items */
	size_t		 nitem, itemcap;
	uint32_t	*ht;		/* items by hash, once there are many */
	size_t		 htcap, hn;	/* ht holds item[0..hn) when hn == nitem */
	uint8_t		*seen;		/* codebook categories seen */
	size_t		 nseen;
	struct lbc_buf	 out;
};

static int
merge_room(struct merge *mg, size_t s, size_t nf)
{
	void *p;

	if (s <= mg->cap)
		return 0;
	if ((p = realloc(mg->fv, s * nf * sizeof(*mg->fv))) == NULL)
		return LBC_ENOMEM;
	mg->fv = p;
	if ((p = realloc(mg->rank, s * sizeof(*mg->rank))) == NULL)
		return LBC_ENOMEM;
	mg->rank = p;
	mg->cap = s;
	return 0;
}

static void
merge_free(struct merge *mg)
{
	free(mg->fv);
	free(mg->rank);
	free(mg->item);
	free(mg->ht);
	free(mg->seen);
	lbc_buf_free(&mg->out);
}

#define ITEMS_LINEAR	16	/* items looked up by scanning, below this */

/* The hash table slot of item s[0..n): where it is, or the empty one. */
static size_t
ht_slot(const struct merge *mg, const char *s, size_t n)
{
	size_t i = (size_t)lbc_hash(s, n) & (mg->htcap - 1);

	for (;; i = (i + 1) & (mg->htcap - 1)) {
		uint32_t e = mg->ht[i];

		if (e == NONE || (mg->item[e].n == n &&
		    memcmp(mg->item[e].p, s, n) == 0))
			return i;
	}
}

/* (Re)builds the hash table of the items, at most a quarter full. */
static int
ht_build(struct merge *mg)
{
	size_t cap = 64, i;

	while (cap < 4 * (mg->nitem + 1))
		cap *= 2;
	if (cap != mg->htcap) {
		uint32_t *t = realloc(mg->ht, cap * sizeof(*t));

		if (t == NULL)
			return LBC_ENOMEM;
		mg->ht = t;
		mg->htcap = cap;
	}
	memset(mg->ht, 0xff, cap * sizeof(*mg->ht));
	for (i = 0; i < mg->nitem; i++)
		mg->ht[ht_slot(mg, mg->item[i].p, mg->item[i].n)] = (uint32_t)i;
	mg->hn = mg->nitem;
	return 0;
}

/*
 * Adds item s[0..n) to the union unless it is empty or there already: a
 * few items are scanned, many hashed, so a child with many different
 * items is not quadratic.
 */
static int
item_add(struct merge *mg, const char *s, size_t n)
{
	size_t i, slot = 0;
	int hashed;

	if (n == 0)
		return 0;
	if (mg->nitem >= ITEMS_LINEAR && (mg->hn != mg->nitem ||
	    2 * (mg->nitem + 1) > mg->htcap) && ht_build(mg) != 0)
		return LBC_ENOMEM;
	hashed = mg->nitem >= ITEMS_LINEAR;
	if (hashed) {
		slot = ht_slot(mg, s, n);
		if (mg->ht[slot] != NONE)
			return 0;
	} else
		for (i = 0; i < mg->nitem; i++)
			if (mg->item[i].n == n &&
			    memcmp(mg->item[i].p, s, n) == 0)
				return 0;
	if (mg->nitem == mg->itemcap) {
		size_t ncap = mg->itemcap ? mg->itemcap * 2 : 16;
		struct fld *p = realloc(mg->item, ncap * sizeof(*p));

		if (p == NULL)
			return LBC_ENOMEM;
		mg->item = p;
		mg->itemcap = ncap;
	}
	mg->item[mg->nitem].p = s;
	mg->item[mg->nitem++].n = n;
	if (hashed) {
		mg->ht[slot] = (uint32_t)(mg->nitem - 1);
		mg->hn = mg->nitem;
	}
	return 0;
}

struct rankctx {
	const struct rec	*rec;
	const uint32_t		*mem;
};

/* Latest survey first (none last), then input order. */
static int
rankcmp(const void *a, const void *b, void *arg)
{
	const struct rankctx *rc = arg;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	uint32_t sx = rc->rec[rc->mem[x]].survey, sy = rc->rec[rc->mem[y]].survey;

	if (sx != sy)
		return sx > sy ? -1 : 1;
	return x < y ? -1 : x > y;
}

#define FV(mg, nf, m, j)	((mg)->fv[(size_t)(m) * (nf) + (size_t)(j)])

/* The first non-empty value of field j in rank order, or "". */
static struct fld
plain(const struct merge *mg, size_t nf, size_t s, size_t j)
{
	struct fld e = { "", 0 };
	size_t r;

	for (r = 0; r < s; r++)
		if (FV(mg, nf, mg->rank[r], j).n > 0)
			return FV(mg, nf, mg->rank[r], j);
	return e;
}

/*
 * Category of code p[0..n) in codebook field cbf, or -1: a field has a
 * handful of codes, and comparing them beats hashing.
 */
static int
code_index(const struct lbc_dedupe *d, int cbf, const char *p, size_t n)
{
	size_t i, nc;

	if (cbf < 0 || n == 0)
		return -1;
	if ((nc = lbc_codebook_ncodes(d->cb, cbf)) > 16)
		return lbc_codebook_index(d->cb, cbf, p, n);
	for (i = 0; i < nc; i++) {
		const char *c = lbc_codebook_code(d->cb, cbf, i);

		/* Not strncmp: p may hold a NUL byte, c be shorter than n. */
		if (strlen(c) == n && memcmp(c, p, n) == 0)
			return (int)i;
	}
	return -1;
}

/* Writes the decimal digits of v into buf (no NUL); returns their number. */
static size_t
fmtu(char *buf, unsigned long long v)
{
	char t[24];
	size_t n = 0, i;

	do
		t[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	for (i = 0; i < n; i++)
		buf[i] = t[n - 1 - i];
	return n;
}

/* The union of a multi-valued field j: codebook order, then first seen. */
static int
field_union(struct lbc_dedupe *d, struct merge *mg, size_t s, size_t j,
    int cbf)
{
	size_t m, i, nc = cbf >= 0 ? lbc_codebook_ncodes(d->cb, cbf) : 0;
	int rc;

	if (nc > mg->nseen) {
		uint8_t *p = realloc(mg->seen, nc);

		if (p == NULL)
			return LBC_ENOMEM;
		mg->seen = p;
		mg->nseen = nc;
	}
	if (nc > 0)
		memset(mg->seen, 0, nc);
	mg->nitem = 0;
	mg->hn = SIZE_MAX;
	for (m = 0; m < s; m++) {
		struct fld f = FV(mg, d->nf, m, j);
		const char *p = f.p, *e = f.p + f.n, *semi;

		for (; p < e; p = semi + 1) {
			int idx;

			if ((semi = memchr(p, ';', (size_t)(e - p))) == NULL)
				semi = e;
			if ((idx = code_index(d, cbf, p, (size_t)(semi - p))) >= 0)
				mg->seen[idx] = 1;
			else if ((rc = item_add(mg, p, (size_t)(semi - p))) != 0)
				return rc;
		}
	}
	lbc_buf_clear(&mg->out);
	for (i = 0; i < nc; i++) {
		const char *code;

		if (!mg->seen[i])
			continue;
		code = lbc_codebook_code(d->cb, cbf, i);
		if ((mg->out.len > 0 && lbc_buf_addc(&mg->out, ';') != 0) ||
		    lbc_escape(&mg->out, code, strlen(code)) != 0)
			return LBC_ENOMEM;
	}
	for (i = 0; i < mg->nitem; i++)
		if ((mg->out.len > 0 && lbc_buf_addc(&mg->out, ';') != 0) ||
		    lbc_buf_add(&mg->out, mg->item[i].p, mg->item[i].n) != 0)
			return LBC_ENOMEM;
	return 0;
}

/* A records value: digits > 0, else 1. */
static unsigned long long
count_of(struct fld f)
{
	unsigned long long v = 0;
	size_t i;

	for (i = 0; i < f.n && i < 19; i++) {
		if (f.p[i] < '0' || f.p[i] > '9')
			return 1;
		v = v * 10 + (unsigned)(f.p[i] - '0');
	}
	return f.n == 0 || f.n > 18 || v == 0 ? 1 : v;
}

/* Writes the merged record of the child whose records are mem[0..s). */
static int
merge_child(struct lbc_dedupe *d, struct merge *mg, const uint32_t *mem,
    size_t s, struct lbc_writer *w)
{
	const struct rec *rec = d->rec;
	struct rankctx rc = { rec, mem };
	size_t nf = d->nf, m, j, r;
	int hasid = 0, err;

	if (merge_room(mg, s, nf) != 0)
		return LBC_ENOMEM;
	for (m = 0; m < s; m++) {
		const char *p = rec[mem[m]].line, *e = p + rec[mem[m]].len;

		for (j = 0; j < nf; j++) {
			const char *tab = memchr(p, '\t', (size_t)(e - p));

			if (tab == NULL)
				tab = e;
			FV(mg, nf, m, j).p = p;
			FV(mg, nf, m, j).n = (size_t)(tab - p);
			p = tab < e ? tab + 1 : e;
		}
		mg->rank[m] = (uint32_t)m;
		hasid |= rec[mem[m]].id != 0;
	}
	qsort_r(mg->rank, s, sizeof(*mg->rank), rankcmp, &rc);

	for (j = 0; j < nf; j++) {
		int jj = (int)j;
		struct fld v;

		if (jj == d->f[F_SRC] || jj == d->f[F_LINE])
			v = FV(mg, nf, mg->rank[0], j);
		else if (jj == d->f[F_ID] && hasid) {
			for (r = 0; rec[mem[mg->rank[r]]].id == 0; r++)
				;
			v = FV(mg, nf, mg->rank[r], j);
		} else if (jj == d->f[F_IDRAW] && hasid)
			v.p = "", v.n = 0;
		else if (jj == d->f[F_RISK]) {
			int best = -1, idx;

			v = plain(mg, nf, s, j);
			for (r = 0; r < s && d->cbrisk >= 0; r++) {
				struct fld f = FV(mg, nf, mg->rank[r], j);

				idx = code_index(d, d->cbrisk, f.p, f.n);
				if (idx >= 0 && (best < 0 || idx < best)) {
					best = idx;
					v = f;
				}
			}
		} else if (jj == d->f[F_PROBLEMS] || jj == d->f[F_FLAGS]) {
			if ((err = field_union(d, mg, s, j, jj == d->f[F_FLAGS] ?
			    -1 : d->cbprob)) != 0)
				return err;
			v.p = mg->out.p;
			v.n = mg->out.len;
		} else if (jj == d->f[F_REGION]) {
			v = plain(mg, nf, s, j);
			for (r = 0; r < s; r++) {
				struct fld f = FV(mg, nf, mg->rank[r], j);

				if (f.n > v.n && memcmp(f.p, v.p, v.n) == 0)
					v = f;
			}
		} else if (jj == d->f[F_RECORDS]) {
			unsigned long long sum = 0;

			for (m = 0; m < s; m++)
				sum += count_of(FV(mg, nf, m, j));
			lbc_buf_clear(&mg->out);
			if (lbc_buf_printf(&mg->out, "%llu", sum) != 0)
				return LBC_ENOMEM;
			v.p = mg->out.p;
			v.n = mg->out.len;
		} else
			v = plain(mg, nf, s, j);
		lbc_writer_raw(w, v.p, v.n);
	}
	if (d->f[F_RECORDS] < 0) {
		char num[24];

		lbc_writer_raw(w, num, fmtu(num, s));
	}
	lbc_writer_end(w);
	return 0;
}

int
lbc_dedupe_write(struct lbc_dedupe *d, struct lbc_writer *w)
{
	struct merge mg = { 0 };
	size_t c, j;
	int rc = 0;

	for (j = 0; j < d->nf; j++)
		lbc_writer_puts(w, d->hdr[j]);
	if (d->f[F_RECORDS] < 0)
		lbc_writer_puts(w, "records");
	lbc_writer_end(w);
	for (c = 0; c < d->ncl && rc == 0; c++) {
		const uint32_t *mem = d->mem + d->start[c];
		size_t s = d->start[c + 1] - d->start[c];

		if (s == 1 && d->f[F_RECORDS] < 0) {
			lbc_writer_raw(w, d->rec[mem[0]].line, d->rec[mem[0]].len);
			lbc_writer_raw(w, "1", 1);
			lbc_writer_end(w);
		} else
			rc = merge_child(d, &mg, mem, s, w);
		map_release(d, d->rec[mem[0]].line);
	}
	map_release(d, NULL);
	merge_free(&mg);
	return rc;
}

/* Field j of an escaped record line. */
static struct fld
field_of(const struct rec *x, int j)
{
	const char *p = x->line, *e = x->line + x->len, *tab;
	struct fld f;

	for (; j > 0 && p < e; j--)
		p = (tab = memchr(p, '\t', (size_t)(e - p))) ? tab + 1 : e;
	tab = memchr(p, '\t', (size_t)(e - p));
	f.p = p;
	f.n = (size_t)((tab ? tab : e) - p);
	return f;
}

/*
 * The records column of a merged child is the sum of its members' values:
 * refuses (LBC_EFORMAT, noting the child's first line) a sum past
 * LBC_DEDUPE_RECORDS_MAX rather than let it wrap, so that no child is
 * written with a count a later run would read as bad.
 */
static int
records_check(struct lbc_dedupe *d)
{
	size_t c, m;

	if (d->f[F_RECORDS] < 0)
		return 0;
	for (c = 0; c < d->ncl; c++) {
		unsigned long long sum = 0;

		if (d->start[c + 1] - d->start[c] < 2)
			continue;
		for (m = d->start[c]; m < d->start[c + 1]; m++) {
			sum += count_of(field_of(&d->rec[d->mem[m]],
			    d->f[F_RECORDS]));
			map_release(d, d->rec[d->mem[m]].line);
			if (sum > LBC_DEDUPE_RECORDS_MAX) {
				d->errline = d->rec[d->mem[d->start[c]]].lineno;
				map_release(d, NULL);
				return LBC_EFORMAT;
			}
		}
	}
	map_release(d, NULL);
	return 0;
}

int
lbc_dedupe_write_clusters(struct lbc_dedupe *d, struct lbc_writer *w)
{
	struct lbc_buf src = { 0 };
	char num[24];
	size_t i;
	struct fld f;

	if (lbc_escape(&src, d->src, strlen(d->src)) != 0)
		return LBC_ENOMEM;
	lbc_writer_raw(w, "child\tsrc\tline\thow", 18);
	lbc_writer_end(w);
	for (i = 0; i < d->n; i++) {
		const struct rec *x = &d->rec[i];

		lbc_writer_raw(w, num, fmtu(num, lbc_dedupe_child(d, i)));
		if (d->f[F_SRC] >= 0) {
			f = field_of(x, d->f[F_SRC]);
			lbc_writer_raw(w, f.p, f.n);
		} else
			lbc_writer_raw(w, src.p, src.len);
		if (d->f[F_LINE] >= 0) {
			f = field_of(x, d->f[F_LINE]);
			lbc_writer_raw(w, f.p, f.n);
		} else
			lbc_writer_raw(w, num, fmtu(num, x->lineno));
		lbc_writer_puts(w, hownames[x->how]);
		lbc_writer_end(w);
		map_release(d, x->line);
	}
	map_release(d, NULL);
	lbc_buf_free(&src);
	return 0;
}

/* --- keys of records outside the engine ---------------------------------- */

int
lbc_dedupe_key_of(struct lbc_dedupe *d, const char *id, size_t idlen,
    const char *name, size_t namelen, const char *sex, size_t sexlen,
    const char *birth, size_t birthlen, const char *region, size_t reglen,
    struct lbc_dedupe_key *k)
{
	char idbuf[19];
	size_t i, keys;
	int rc;

	if (d->ran || d->simpname == NULL)
		return LBC_EARG;
	memset(k, 0, sizeof(*k));
	k->region = region;
	k->reglen = region != NULL ? reglen : 0;
	if (id != NULL && idlen > 0 &&
	    lbc_id_normalize(id, idlen, idbuf) == LBC_ID_VALID) {
		for (i = 0; i < 17; i++)
			k->id = k->id * 10 + (uint64_t)(idbuf[i] - '0');
		for (i = 6; i < 14; i++)
			k->birth = k->birth * 10 + (uint32_t)(idbuf[i] - '0');
		k->sex = lbc_id_sex(idbuf);
	} else {
		if (sex != NULL && sexlen == 1 && (*sex == 'M' || *sex == 'F'))
			k->sex = *sex;
		if (birth != NULL)
			k->birth = ymd(birth, birthlen);
	}
	if (name == NULL || namelen == 0)
		return 0;
	rc = name_keys(d, name, namelen, namelen <= sizeof(d->shortname.slot->key) ?
	    lbc_hash(name, namelen) : 0, &keys);
	if (rc != 0)
		return rc;
	k->simp = (uint32_t)(keys >> 32);
	k->pin = (uint32_t)keys;
	return 0;
}

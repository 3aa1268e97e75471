#include <sys/mman.h>
#include <sys/stat.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "csvrow.h"
#include "enc.h"
#include "err.h"
#include "fold.h"
#include "regions.h"
#include "strmap.h"

struct lbc_regions {
	struct lbc_regions_image im;
	struct lbc_fold		*fold;
	struct lbc_regions	*base;		/* looked in when r knows nothing */
	uint64_t		*own_key;	/* NULL for a compiled image */
	uint32_t		*own_u32;
	char			*own_text;
};

static const char *const suffixes[] = {
	"村委会", "居委会", "办事处", "自治区", "自治州", "自治县", "社区",
	"街道", "村", "镇", "乡", "县", "区", "市", "省", NULL
};

static const int level_digits[LBC_NLEVELS] = { 2, 4, 6, 9, 12 };

static const uint64_t pow10[13] = {
	1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
	10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL,
	100000000000ULL, 1000000000000ULL
};

/* Length of s without one trailing level suffix (n when none, or nothing left). */
static size_t
base_len(const char *s, size_t n)
{
	size_t i, k;

	for (i = 0; suffixes[i] != NULL; i++) {
		k = strlen(suffixes[i]);
		if (n > k && memcmp(s + n - k, suffixes[i], k) == 0)
			return n - k;
	}
	return n;
}

static int
valid_len(size_t n)
{
	return n == 2 || n == 4 || n == 6 || n == 9 || n == 12;
}

static int
all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* Length of the padded 12-digit code c without its trailing zeros. */
static size_t
padded_len(const char *c)
{
	size_t n = 12;

	if (memcmp(c + 9, "000", 3) == 0) {
		n = 9;
		if (memcmp(c + 6, "000", 3) == 0) {
			n = 6;
			if (memcmp(c + 4, "00", 2) == 0) {
				n = 4;
				if (memcmp(c + 2, "00", 2) == 0)
					n = 2;
			}
		}
	}
	return n;
}

size_t
lbc_region_code_norm(const char *code, size_t n, char out[13])
{
	if (!valid_len(n) || !all_digits(code, n))
		return 0;
	memcpy(out, code, n);
	if (n == 12)
		n = padded_len(code);
	out[n] = '\0';
	return n;
}

/* The sort key of digits c[0..n): c padded to 12 digits, then its length. */
static uint64_t
code_key(const char *c, size_t n)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		v = v * 10 + (uint64_t)(c[i] - '0');
	return (v * pow10[12 - n]) << 4 | n;
}

static size_t
key_len(uint64_t k)
{
	return (size_t)(k & 15);
}

static void
key_code(uint64_t k, char out[13])
{
	size_t n = key_len(k), i;
	uint64_t v = (k >> 4) / pow10[12 - n];

	for (i = n; i > 0; i--) {
		out[i - 1] = (char)('0' + v % 10);
		v /= 10;
	}
	out[n] = '\0';
}

/* Index of the place with key k in im, or -1. */
static long
find_key(const struct lbc_regions_image *im, uint64_t k)
{
	size_t lo = 0, hi = im->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (im->key[mid] < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < im->n && im->key[lo] == k ? (long)lo : -1;
}

/* ---- reading a table ---- */

struct ent {
	uint64_t	 key;
	uint32_t	 name;		/* offset in the text */
	uint32_t	 line;
	int		 padded;	/* written in the 12-digit form */
};

struct loader {
	struct ent		*e;
	size_t			 n, cap;
	struct lbc_buf		 text;
	struct lbc_regions_diag	*d;
	int			 seen;		/* a row (header or data) was read */
};

static int
bad(struct loader *L, unsigned long line, const char *why)
{
	L->d->line = line;
	L->d->other = 0;
	L->d->why = why;
	return LBC_EFORMAT;
}

static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && (**s == ' ' || **s == '\t' || **s == '\r'))
		(*s)++, (*n)--;
	while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' ||
	    (*s)[*n - 1] == '\r'))
		(*n)--;
}

static int
take_row(struct loader *L, char *const *field, const size_t *len, size_t nf,
    unsigned long line)
{
	const char *c, *name;
	size_t cn, nn, off;
	int first = !L->seen;

	L->seen = 1;
	c = field[0];
	cn = len[0];
	trim(&c, &cn);
	if (cn > 0 && *c == '\'') {	/* Excel's mark of text */
		c++;
		cn--;
	}
	if (cn == 0 || !all_digits(c, cn)) {
		if (first)
			return 0;	/* the header */
		return bad(L, line, cn == 0 ? N_("no code in the first column") :
		    N_("the first column is not a code of digits"));
	}
	if (!valid_len(cn))
		return bad(L, line, N_("the code is not 2, 4, 6, 9 or 12 digits long"));
	if (nf < 2)
		return bad(L, line, N_("one column only: the code and the name are "
		    "separated by a TAB or a comma"));
	name = field[1];
	nn = len[1];
	trim(&name, &nn);
	if (nf >= 3 && (nn == 0 || (nn == 3 && all_digits(name, 3)))) {
		/* code, 城乡分类代码 (or nothing), name */
		name = field[2];
		nn = len[2];
		trim(&name, &nn);
	}
	if (nn == 0)
		return bad(L, line, N_("no name after the code"));
	if (L->n == L->cap) {
		size_t ncap = L->cap ? L->cap * 2 : 1024;
		struct ent *a = realloc(L->e, ncap * sizeof(*a));

		if (a == NULL)
			return LBC_ENOMEM;
		L->e = a;
		L->cap = ncap;
	}
	off = L->text.len;
	if (off > UINT32_MAX - nn - 1)
		return LBC_ENOMEM;
	if (lbc_buf_add(&L->text, name, nn) || lbc_buf_addc(&L->text, '\0'))
		return LBC_ENOMEM;
	L->e[L->n].key = code_key(c, cn == 12 ? padded_len(c) : cn);
	L->e[L->n].name = (uint32_t)off;
	L->e[L->n].line = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
	L->e[L->n].padded = cn == 12;
	L->n++;
	return 0;
}

static int
ent_cmp(const void *a, const void *b)
{
	const struct ent *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

static int
sorted(const struct ent *e, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (ent_cmp(&e[i - 1], &e[i]) > 0)
			return 0;
	return 1;
}

/*
 * Sorts the places, reads repeated padded codes as the level below, and
 * drops same-named duplicates.  Returns 0 or LBC_EFORMAT.
 */
static int
settle(struct loader *L)
{
	size_t i, j, g;
	int moved;

	do {
		if (!sorted(L->e, L->n))
			qsort(L->e, L->n, sizeof(*L->e), ent_cmp);
		moved = 0;
		for (i = 0; i < L->n; i = j) {
			for (j = i + 1; j < L->n && L->e[j].key == L->e[i].key; j++)
				if (L->e[j].padded && key_len(L->e[j].key) < 12) {
					size_t k = key_len(L->e[j].key);
					size_t nk = k == 9 ? 12 : k == 6 ? 9 : k + 2;

					L->e[j].key = (L->e[j].key & ~15ULL) | nk;
					L->e[j].padded = 0;
					moved = 1;
				}
		}
	} while (moved);
	for (i = 0, g = 0; i < L->n; i = j) {
		const char *nm = L->text.p + L->e[i].name;

		for (j = i + 1; j < L->n && L->e[j].key == L->e[i].key; j++)
			if (strcmp(nm, L->text.p + L->e[j].name) != 0) {
				L->d->line = L->e[j].line;
				L->d->other = L->e[i].line;
				L->d->why = N_("the same code as an earlier line, "
				    "with another name");
				return LBC_EFORMAT;
			}
		L->e[g++] = L->e[i];
	}
	L->n = g;
	return 0;
}

/*
 * Adds the county-level place XXXX00 named as its city XXXX when the table
 * has townships under XXXX00 but not XXXX00 itself (the padded form of a
 * city without counties gives only the city).
 */
static int
imply_counties(struct loader *L)
{
	struct lbc_regions_image im;
	uint64_t *keys, last = 0;
	size_t i, n0 = L->n;
	int rc = 0;

	if ((keys = malloc((n0 ? n0 : 1) * sizeof(*keys))) == NULL)
		return LBC_ENOMEM;
	for (i = 0; i < n0; i++)
		keys[i] = L->e[i].key;
	memset(&im, 0, sizeof(im));
	im.key = keys;
	im.n = n0;
	for (i = 0; i < n0; i++) {
		uint64_t k = L->e[i].key, v = k >> 4, ck, tk;
		long ci;

		if (key_len(k) != 9 || (v / pow10[6]) % 100 != 0)
			continue;
		ck = (v / pow10[6] * pow10[6]) << 4 | 6;
		if (ck == last)
			continue;
		last = ck;
		tk = (v / pow10[8] * pow10[8]) << 4 | 4;
		if (find_key(&im, ck) >= 0 || (ci = find_key(&im, tk)) < 0)
			continue;
		if (L->n == L->cap) {
			size_t ncap = L->cap * 2;
			struct ent *a = realloc(L->e, ncap * sizeof(*a));

			if (a == NULL) {
				rc = LBC_ENOMEM;
				break;
			}
			L->e = a;
			L->cap = ncap;
		}
		L->e[L->n].key = ck;
		L->e[L->n].name = L->e[ci].name;
		L->e[L->n].line = 0;
		L->e[L->n].padded = 0;
		L->n++;
	}
	free(keys);
	if (rc == 0 && L->n > n0)
		qsort(L->e, L->n, sizeof(*L->e), ent_cmp);
	return rc;
}

/* About four places a bucket: the index stays small enough for the cache
 * while it is built, and a lookup compares a few names. */
static uint32_t
buckets_for(size_t n)
{
	uint32_t nb = 16;

	while (nb < n / 4 && nb < (1u << 30))
		nb <<= 1;
	return nb;
}

/* Fills start[nb + 1] and item[n] with the places by hash of their key. */
static void
build_index(struct lbc_regions_image *im, uint32_t *start, uint32_t *item,
    int loose, uint32_t *hv)
{
	size_t i;
	uint32_t b;

	memset(start, 0, (im->nb + 1) * sizeof(*start));
	for (i = 0; i < im->n; i++) {
		const char *s = im->text + im->fname[i];
		size_t l = strlen(s);

		if (loose)
			l = base_len(s, l);
		hv[i] = (uint32_t)(lbc_hash(s, l) & (im->nb - 1));
		start[hv[i] + 1]++;
	}
	for (b = 0; b < im->nb; b++)
		start[b + 1] += start[b];
	/* fill in place order, using start[] shifted by one as cursors */
	for (i = 0; i < im->n; i++)
		item[start[hv[i]]++] = (uint32_t)i;
	for (b = im->nb; b > 0; b--)
		start[b] = start[b - 1];
	start[0] = 0;
}

static struct lbc_regions *
finish(struct loader *L, struct lbc_fold *f, int *err)
{
	struct lbc_regions *r;
	struct lbc_buf fb = { 0 };
	uint32_t *u, *fname, *hv = NULL;
	size_t i, n = L->n;
	int rc;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		goto nomem;
	r->fold = f;
	r->im.n = n;
	r->im.nb = buckets_for(n);
	r->own_key = malloc((n ? n : 1) * sizeof(*r->own_key));
	r->own_u32 = malloc(((size_t)4 * n + 2 * ((size_t)r->im.nb + 1)) *
	    sizeof(*r->own_u32));
	if (r->own_key == NULL || r->own_u32 == NULL)
		goto nomem;
	u = r->own_u32;
	fname = u + n;
	for (i = 0; i < n; i++) {
		const char *s;

		r->own_key[i] = L->e[i].key;
		u[i] = L->e[i].name;
		s = L->text.p + L->e[i].name;
		if ((rc = lbc_fold_name(f, s, strlen(s), &fb)) != 0 ||
		    fb.len == 0) {
			lbc_buf_free(&fb);
			lbc_regions_free(r);
			if (rc == LBC_EENCODING || rc == 0) {
				*err = bad(L, L->e[i].line, rc == 0 ?
				    N_("no name after the code") :
				    N_("bytes not valid in the file's encoding"));
				return NULL;
			}
			*err = rc;
			return NULL;
		}
		if (strcmp(fb.p, s) == 0)
			fname[i] = L->e[i].name;
		else {
			if (L->text.len > UINT32_MAX - fb.len - 1)
				goto nomem;
			fname[i] = (uint32_t)L->text.len;
			if (lbc_buf_add(&L->text, fb.p, fb.len + 1))
				goto nomem;
		}
	}
	lbc_buf_free(&fb);
	free(L->e);
	L->e = NULL;
	r->own_text = L->text.p ? L->text.p : strdup("");
	memset(&L->text, 0, sizeof(L->text));
	if (r->own_text == NULL)
		goto nomem;
	r->im.key = r->own_key;
	r->im.name = u;
	r->im.fname = fname;
	r->im.text = r->own_text;
	r->im.ex_item = u + 2 * n;
	r->im.lo_item = u + 3 * n;
	r->im.ex_start = u + 4 * n;
	r->im.lo_start = u + 4 * n + r->im.nb + 1;
	if ((hv = malloc((n ? n : 1) * sizeof(*hv))) == NULL)
		goto nomem;
	build_index(&r->im, u + 4 * n, u + 2 * n, 0, hv);
	build_index(&r->im, u + 4 * n + r->im.nb + 1, u + 3 * n, 1, hv);
	free(hv);
	return r;
nomem:
	lbc_buf_free(&fb);
	lbc_regions_free(r);
	*err = LBC_ENOMEM;
	return NULL;
}

/*
 * Reads all of fp into *data: a regular file not yet read from is mapped
 * (*mapped set), anything else read into memory from malloc.
 */
static int
slurp(FILE *fp, char **data, size_t *len, int *mapped)
{
	size_t cap = 1 << 16, n = 0, got;
	struct stat st;
	char *p, *q;

	*mapped = 0;
	if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size > 0 && ftello(fp) == 0 &&
	    lseek(fileno(fp), 0, SEEK_CUR) == 0) {
		p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE,
		    fileno(fp), 0);
		if (p != MAP_FAILED) {
			*data = p;
			*len = (size_t)st.st_size;
			*mapped = 1;
			return 0;
		}
	}
	if ((p = malloc(cap)) == NULL)
		return LBC_ENOMEM;
	while ((got = fread(p + n, 1, cap - n, fp)) > 0) {
		n += got;
		if (n == cap) {
			if ((q = realloc(p, cap * 2)) == NULL) {
				free(p);
				return LBC_ENOMEM;
			}
			p = q;
			cap *= 2;
		}
	}
	if (ferror(fp)) {
		free(p);
		return LBC_EIO;
	}
	*data = p;
	*len = n;
	return 0;
}

/* Splits a TSV line without quotes at its TABs. */
static int
split_tabs(char *s, size_t n, char ***field, size_t **len, size_t *cap,
    size_t *nf)
{
	size_t k = 0;
	char *p = s, *e = s + n, *t;

	for (;;) {
		if (k == *cap) {
			size_t ncap = *cap ? *cap * 2 : 8;
			char **f = realloc(*field, ncap * sizeof(*f));
			size_t *l;

			if (f == NULL)
				return LBC_ENOMEM;
			*field = f;
			if ((l = realloc(*len, ncap * sizeof(*l))) == NULL)
				return LBC_ENOMEM;
			*len = l;
			*cap = ncap;
		}
		t = memchr(p, '\t', (size_t)(e - p));
		(*field)[k] = p;
		(*len)[k] = (size_t)((t ? t : e) - p);
		k++;
		if (t == NULL)
			break;
		p = t + 1;
	}
	*nf = k;
	return 0;
}

struct lbc_regions *
lbc_regions_read(FILE *fp, struct lbc_fold *f, struct lbc_regions_diag *d,
    int *err)
{
	struct lbc_regions_diag dummy;
	struct loader L;
	struct lbc_decoder *dec = NULL;
	struct lbc_csvrow *csv = NULL;
	struct lbc_regions *r = NULL;
	struct lbc_buf lb = { 0 };
	char *data = NULL, **tf = NULL, delim = 0;
	size_t len = 0, *tl = NULL, tcap = 0, nf;
	unsigned long line = 0;
	const char *s;
	size_t sn;
	int bad_bytes, rc, mapped = 0;

	memset(&L, 0, sizeof(L));
	L.d = d != NULL ? d : &dummy;
	memset(L.d, 0, sizeof(*L.d));
	if ((rc = slurp(fp, &data, &len, &mapped)) != 0)
		goto out;
	if ((dec = lbc_decoder_new(data, len, LBC_ENC_AUTO, &rc)) == NULL)
		goto out;
	/* room for a place a line and names no longer than the input */
	{
		size_t lines = 1;
		const char *p = data, *e = data + len;

		while ((p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
			p++;
			lines++;
		}
		if ((L.e = malloc(lines * sizeof(*L.e))) == NULL ||
		    lbc_buf_reserve(&L.text, len + 16) != 0) {
			rc = LBC_ENOMEM;
			goto out;
		}
		L.cap = lines;
	}
	while ((rc = lbc_decoder_line(dec, &s, &sn, &bad_bytes)) == 1) {
		line = lbc_decoder_lineno(dec);
		if (sn > 0 && s[sn - 1] == '\r')
			sn--;
		if (bad_bytes) {
			rc = bad(&L, line, N_("bytes not valid in the file's encoding"));
			goto out;
		}
		if (csv == NULL || lbc_csvrow_at_start(csv)) {
			size_t i = 0;

			while (i < sn && (s[i] == ' ' || s[i] == '\t'))
				i++;
			if (i == sn || s[i] == '#')
				continue;
		}
		if (delim == 0) {
			delim = lbc_csv_detect_delim(s, sn);
			if ((csv = lbc_csvrow_new(delim, &rc)) == NULL)
				goto out;
		}
		if (delim == '\t' && lbc_csvrow_at_start(csv) &&
		    memchr(s, '"', sn) == NULL) {
			lbc_buf_clear(&lb);
			if (lbc_buf_add(&lb, s, sn) || split_tabs(lb.p, sn, &tf,
			    &tl, &tcap, &nf)) {
				rc = LBC_ENOMEM;
				goto out;
			}
			if ((rc = take_row(&L, tf, tl, nf, line)) != 0)
				goto out;
			continue;
		}
		if ((rc = lbc_csvrow_feed(csv, s, sn, lbc_decoder_eol(dec))) < 0)
			goto out;
		if (rc > 0) {
			const struct lbc_csvrow_row *row = lbc_csvrow_get(csv, 0);

			if (row->flags & LBC_CSVROW_BADQUOTE) {
				rc = bad(&L, line, "text after a closing quote");
				goto out;
			}
			rc = take_row(&L, row->field, row->len, row->n, line);
			lbc_csvrow_clear(csv);
			if (rc != 0)
				goto out;
		}
	}
	if (rc < 0)
		goto out;
	if (csv != NULL && (rc = lbc_csvrow_finish(csv)) > 0) {
		const struct lbc_csvrow_row *row = lbc_csvrow_get(csv, 0);

		if ((rc = take_row(&L, row->field, row->len, row->n, line)) != 0)
			goto out;
	}
	if (rc < 0)
		goto out;
	/* the input is copied out: give it back before the index is built */
	lbc_decoder_free(dec);
	dec = NULL;
	if (mapped)
		munmap(data, len);
	else
		free(data);
	data = NULL;
	if ((rc = settle(&L)) != 0 || (rc = imply_counties(&L)) != 0)
		goto out;
	r = finish(&L, f, &rc);
out:
	lbc_decoder_free(dec);
	lbc_csvrow_free(csv);
	lbc_buf_free(&lb);
	free(tf);
	free(tl);
	if (mapped && data != NULL)
		munmap(data, len);
	else
		free(data);
	free(L.e);
	lbc_buf_free(&L.text);
	if (r == NULL)
		*err = rc != 0 ? rc : LBC_ENOMEM;
	return r;
}

struct lbc_regions *
lbc_regions_load(FILE *fp, struct lbc_fold *f, unsigned long *line, int *err)
{
	struct lbc_regions_diag d;
	struct lbc_regions *r = lbc_regions_read(fp, f, &d, err);

	*line = r == NULL ? d.line : 0;
	return r;
}

#ifndef LBC_REGIONS_NO_BUILTIN
extern const struct lbc_regions_image lbc_regions_builtin_image;
#endif

struct lbc_regions *
lbc_regions_builtin(struct lbc_fold *f, int *err)
{
#ifdef LBC_REGIONS_NO_BUILTIN
	(void)f;
	*err = LBC_ENOTFOUND;
	return NULL;
#else
	struct lbc_regions *r;

	if ((r = calloc(1, sizeof(*r))) == NULL) {
		*err = LBC_ENOMEM;
		return NULL;
	}
	r->im = lbc_regions_builtin_image;
	r->fold = f;
	return r;
#endif
}

const char *
lbc_regions_builtin_label(void)
{
#ifdef LBC_REGIONS_NO_BUILTIN
	return "none";
#else
	return lbc_regions_builtin_image.label;
#endif
}

void
lbc_regions_set_base(struct lbc_regions *r, struct lbc_regions *base)
{
	lbc_regions_free(r->base);
	r->base = base;
}

void
lbc_regions_free(struct lbc_regions *r)
{
	if (r == NULL)
		return;
	lbc_regions_free(r->base);
	free(r->own_key);
	free(r->own_u32);
	free(r->own_text);
	free(r);
}

/* ---- lookups ---- */

static long
find_code(const struct lbc_regions *r, const char *code, size_t n,
    const struct lbc_regions **in)
{
	uint64_t k;
	long i;

	if (!valid_len(n) || !all_digits(code, n))
		return -1;
	k = code_key(code, n);
	for (; r != NULL; r = r->base)
		if ((i = find_key(&r->im, k)) >= 0) {
			*in = r;
			return i;
		}
	return -1;
}

const char *
lbc_regions_name(const struct lbc_regions *r, const char *code, size_t n)
{
	const struct lbc_regions *in;
	long i = find_code(r, code, n, &in);

	return i >= 0 ? in->im.text + in->im.name[i] : NULL;
}

int
lbc_regions_level(const struct lbc_regions *r, const char *code, size_t n)
{
	const struct lbc_regions *in;

	return find_code(r, code, n, &in) >= 0 ? (int)n : 0;
}

int
lbc_regions_is_builtin(const struct lbc_regions *r)
{
	return r->own_key == NULL && r->base == NULL;
}

size_t
lbc_regions_count(const struct lbc_regions *r)
{
	return r->im.n;
}

/* Places matched so far: their count and the first codes (keys). */
struct hits {
	size_t		 n;
	uint64_t	 key[LBC_REGION_NCAND];
};

/*
 * Adds to h the places of im at level digits (0: any) under scope (sn
 * digits of the padded sv) whose name (loose: without its suffix) is
 * s[0..l).
 */
static void
scan(const struct lbc_regions_image *im, int loose, const char *s, size_t l,
    int digits, uint64_t sv, size_t sn, struct hits *h)
{
	uint32_t b = (uint32_t)(lbc_hash(s, l) & (im->nb - 1)), j;
	const uint32_t *start = loose ? im->lo_start : im->ex_start;
	const uint32_t *item = loose ? im->lo_item : im->ex_item;

	for (j = start[b]; j < start[b + 1]; j++) {
		uint32_t i = item[j];
		uint64_t k = im->key[i];
		const char *nm;
		size_t nl, kl = key_len(k);

		/* level and scope first: a common village name fills its
		 * bucket with places of other townships */
		if (digits != 0 && kl != (size_t)digits)
			continue;
		if (sn > 0 && (kl <= sn ||
		    (k >> 4) / pow10[12 - sn] != sv / pow10[12 - sn]))
			continue;
		nm = im->text + im->fname[i];
		nl = strlen(nm);
		if (loose)
			nl = base_len(nm, nl);
		if (nl != l || memcmp(nm, s, l) != 0)
			continue;
		if (h->n < LBC_REGION_NCAND)
			h->key[h->n] = k;
		h->n++;
	}
}

/* The cascade: exact name, the name as a place's name without its suffix,
 * the name without its own suffix likewise; the first step that finds. */
static void
match(const struct lbc_regions *r, const char *fs, size_t fl, int digits,
    uint64_t sv, size_t sn, struct hits *h)
{
	size_t bl = base_len(fs, fl);

	for (; r != NULL; r = r->base) {
		if (r->im.n == 0)
			continue;
		scan(&r->im, 0, fs, fl, digits, sv, sn, h);
		if (h->n == 0)
			scan(&r->im, 1, fs, fl, digits, sv, sn, h);
		if (h->n == 0 && bl < fl)
			scan(&r->im, 1, fs, bl, digits, sv, sn, h);
		if (h->n > 0)
			return;
	}
}

size_t
lbc_regions_find(const struct lbc_regions *r, const char *s, size_t n,
    char (*out)[13], size_t max)
{
	struct lbc_buf fb = { 0 };
	size_t total = 0;
	const struct lbc_regions *t;

	if (lbc_fold_name(r->fold, s, n, &fb) != 0 || fb.len == 0) {
		lbc_buf_free(&fb);
		return 0;
	}
	for (t = r; t != NULL && total == 0; t = t->base) {
		const struct lbc_regions_image *im = &t->im;
		size_t bl = base_len(fb.p, fb.len), step;

		if (im->n == 0)
			continue;
		for (step = 0; step < 3 && total == 0; step++) {
			int loose = step > 0;
			size_t l = step == 2 ? bl : fb.len;
			uint32_t b, j;
			const uint32_t *start, *item;

			if (step == 2 && bl == fb.len)
				break;
			start = loose ? im->lo_start : im->ex_start;
			item = loose ? im->lo_item : im->ex_item;
			b = (uint32_t)(lbc_hash(fb.p, l) & (im->nb - 1));
			for (j = start[b]; j < start[b + 1]; j++) {
				const char *nm = im->text + im->fname[item[j]];
				size_t nl = strlen(nm);

				if (loose)
					nl = base_len(nm, nl);
				if (nl != l || memcmp(nm, fb.p, l) != 0)
					continue;
				if (total < max)
					key_code(im->key[item[j]], out[total]);
				total++;
			}
		}
	}
	lbc_buf_free(&fb);
	/* the buckets hold places in code order: out is sorted already */
	return total;
}

int
lbc_regions_resolve_names(const struct lbc_regions *r, const char *scope,
    size_t sn, const struct lbc_region_names *q, char out[13],
    struct lbc_region_why *why)
{
	struct lbc_region_why dummy;
	struct lbc_buf fb = { 0 };
	uint64_t sv = 0;
	int lv, found = 0, rc = 0;
	size_t i;

	if (why == NULL)
		why = &dummy;
	memset(why, 0, sizeof(*why));
	if (sn > 0) {
		if (!valid_len(sn) || !all_digits(scope, sn))
			return LBC_ENOTFOUND;
		sv = code_key(scope, sn) >> 4;
	}
	for (lv = 0; lv < LBC_NLEVELS; lv++) {
		struct hits h;

		if (q->len[lv] == 0 || (size_t)level_digits[lv] <= sn)
			continue;
		why->level = (enum lbc_region_level)lv;
		if (lv == LBC_LV_VILLAGE && sn != 9) {
			rc = LBC_ENOTFOUND;
			break;
		}
		if ((rc = lbc_fold_name(r->fold, q->name[lv], q->len[lv],
		    &fb)) != 0) {
			if (rc != LBC_ENOMEM)
				rc = LBC_ENOTFOUND;
			break;
		}
		if (fb.len == 0)
			continue;
		h.n = 0;
		match(r, fb.p, fb.len, level_digits[lv], sv, sn, &h);
		why->ncand = h.n;
		for (i = 0; i < h.n && i < LBC_REGION_NCAND; i++)
			key_code(h.key[i], why->cand[i]);
		if (h.n != 1) {
			rc = h.n == 0 ? LBC_ENOTFOUND : LBC_EAMBIGUOUS;
			break;
		}
		sv = h.key[0] >> 4;
		sn = key_len(h.key[0]);
		found = 1;
	}
	lbc_buf_free(&fb);
	if (rc != 0)
		return rc;
	if (!found)
		return LBC_ENOTFOUND;
	memset(why, 0, sizeof(*why));
	key_code(sv << 4 | sn, out);
	return (int)sn;
}

int
lbc_regions_resolve(const struct lbc_regions *r, const char *county,
    size_t cn, const char *township, size_t tn, const char *village,
    size_t vn, char out[13])
{
	struct lbc_region_names q;

	memset(&q, 0, sizeof(q));
	q.name[LBC_LV_COUNTY] = county;
	q.len[LBC_LV_COUNTY] = cn;
	q.name[LBC_LV_TOWNSHIP] = township;
	q.len[LBC_LV_TOWNSHIP] = tn;
	q.name[LBC_LV_VILLAGE] = village;
	q.len[LBC_LV_VILLAGE] = vn;
	return lbc_regions_resolve_names(r, NULL, 0, &q, out, NULL);
}

int
lbc_regions_refine(const struct lbc_regions *r, const char *code, size_t n,
    const char *township, size_t tn, const char *village, size_t vn,
    char out[13])
{
	struct lbc_region_names q;

	if (n != 6 && n != 9)
		return LBC_ENOTFOUND;
	memset(&q, 0, sizeof(q));
	if (n == 6) {
		q.name[LBC_LV_TOWNSHIP] = township;
		q.len[LBC_LV_TOWNSHIP] = tn;
	}
	q.name[LBC_LV_VILLAGE] = village;
	q.len[LBC_LV_VILLAGE] = vn;
	return lbc_regions_resolve_names(r, code, n, &q, out, NULL);
}

/* ---- the compiled form ---- */

static int
write_u32s(FILE *out, const char *type, const char *name, const uint32_t *a,
    size_t n)
{
	size_t i;

	fprintf(out, "static const %s %s[] = {", type, name);
	for (i = 0; i < n; i++)
		fprintf(out, "%s%lu,", i % 12 ? "" : "\n", (unsigned long)a[i]);
	fprintf(out, "%s};\n", n ? "\n" : "0");
	return ferror(out) ? LBC_EIO : 0;
}

static void
write_string(FILE *out, const char *s, size_t n)
{
	size_t i;

	fputc('"', out);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '?')
			fputc(c, out);
		else
			fprintf(out, "\\%03o", c);
		if (i % 64 == 63 && i + 1 < n)
			fputs("\"\n\"", out);
	}
	fputc('"', out);
}

int
lbc_regions_write_c(const struct lbc_regions *r, FILE *out,
    const char *symbol, const char *label)
{
	const struct lbc_regions_image *im = &r->im;
	size_t i, tl = 0;

	for (i = 0; i < im->n; i++) {
		size_t e = im->name[i] + strlen(im->text + im->name[i]) + 1;
		size_t g = im->fname[i] + strlen(im->text + im->fname[i]) + 1;

		tl = e > tl ? e : tl;
		tl = g > tl ? g : tl;
	}
	fprintf(out, "/* Written by the build from the regions table: do not "
	    "edit. */\n#include \"regions.h\"\n\n");
	fprintf(out, "static const uint64_t key[] = {");
	for (i = 0; i < im->n; i++)
		fprintf(out, "%s%lluULL,", i % 6 ? "" : "\n",
		    (unsigned long long)im->key[i]);
	fprintf(out, "%s};\n", im->n ? "\n" : "0");
	if (write_u32s(out, "uint32_t", "name", im->name, im->n) ||
	    write_u32s(out, "uint32_t", "fname", im->fname, im->n) ||
	    write_u32s(out, "uint32_t", "ex_start", im->ex_start, im->nb + 1) ||
	    write_u32s(out, "uint32_t", "ex_item", im->ex_item, im->n) ||
	    write_u32s(out, "uint32_t", "lo_start", im->lo_start, im->nb + 1) ||
	    write_u32s(out, "uint32_t", "lo_item", im->lo_item, im->n))
		return LBC_EIO;
	fprintf(out, "static const char text[] =\n");
	write_string(out, im->text, tl);
	fprintf(out, ";\n\nconst struct lbc_regions_image %s = {\n\t", symbol);
	write_string(out, label, strlen(label));
	fprintf(out, ",\n\t%lu, %lu, key, name, fname,\n\tex_start, ex_item, "
	    "lo_start, lo_item, text\n};\n", (unsigned long)im->n,
	    (unsigned long)im->nb);
	return ferror(out) ? LBC_EIO : 0;
}

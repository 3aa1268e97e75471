#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "buf.h"
#include "err.h"
#include "rec.h"

const char *const lbc_canonical_fields[] = {
	"src", "line", "id", "id_raw", "name", "sex", "birth", "region",
	"guardian", "risk", "problems", "survey", "school", "grade",
	"reporter", "flags", NULL
};

/*
 * The read buffer has SLACK bytes after cap, so that a line's last block
 * can be loaded whole and the bytes after the line masked off.
 */
#define SLACK	16

struct lbc_reader {
	FILE		*fp;
	char		*name;
	char		*buf;		/* read buffer */
	size_t		 cap, start, end;
	int		 eof;
	unsigned long	 lineno;
	unsigned long long base;	/* stream offset of buf[0] */
	unsigned long long lineoff;	/* the current line's, and ... */
	size_t		 linelen;	/* ... its length without LF and CR */
	size_t		 nf;		/* header fields */
	char		**hdr;
	char		**val;		/* current record's fields */
	size_t		*len;
	char		**tab;		/* TABs of the current line */
	char		*hdrmem;
};

/* Unescapes s[0..n) in place; returns new length or (size_t)-1 on a bad escape. */
static size_t
unescape(char *s, size_t n)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		if (s[i] != '\\') {
			s[o++] = s[i];
			continue;
		}
		if (++i == n)
			return (size_t)-1;
		switch (s[i]) {
		case '\\': s[o++] = '\\'; break;
		case 't': s[o++] = '\t'; break;
		case 'n': s[o++] = '\n'; break;
		case 'r': s[o++] = '\r'; break;
		default: return (size_t)-1;
		}
	}
	s[o] = '\0';
	return o;
}

/*
 * Finds the next line; on success *line points at it (NUL-terminated in
 * place, without LF or a trailing CR) and *n is its length.  Returns 1, 0 at
 * the end, or an error.
 */
static int
next_line(struct lbc_reader *r, char **line, size_t *n)
{
	char *nl;

	for (;;) {
		nl = memchr(r->buf + r->start, '\n', r->end - r->start);
		if (nl != NULL || r->eof)
			break;
		if (r->start > 0) {
			memmove(r->buf, r->buf + r->start, r->end - r->start);
			r->base += r->start;
			r->end -= r->start;
			r->start = 0;
		}
		if (r->end + 1 >= r->cap) {
			size_t ncap = r->cap * 2;
			char *p = realloc(r->buf, ncap + SLACK);

			if (p == NULL)
				return LBC_ENOMEM;
			r->buf = p;
			r->cap = ncap;
		}
		size_t got = fread(r->buf + r->end, 1, r->cap - 1 - r->end, r->fp);
		if (got == 0) {
			if (ferror(r->fp))
				return LBC_EIO;
			r->eof = 1;
		}
		r->end += got;
		memset(r->buf + r->end, 0, SLACK);	/* defined bytes */
	}
	if (nl == NULL) {
		if (r->start == r->end)
			return 0;
		nl = r->buf + r->end;	/* last line without LF: cap > end */
	}
	*line = r->buf + r->start;
	*n = (size_t)(nl - *line);
	r->start = (size_t)(nl - r->buf) + (nl < r->buf + r->end);
	if (*n > 0 && (*line)[*n - 1] == '\r')
		(*n)--;
	(*line)[*n] = '\0';
	r->lineno++;
	r->lineoff = r->base + (unsigned long long)(*line - r->buf);
	r->linelen = *n;
	return 1;
}

struct lbc_reader *
lbc_reader_new(FILE *fp, const char *name, int *err)
{
	struct lbc_reader *r;
	char *line, *p;
	size_t n, i;
	int rc;

	if ((r = calloc(1, sizeof(*r))) == NULL ||
	    (r->name = strdup(name)) == NULL ||
	    (r->buf = calloc(1, (r->cap = 1 << 16) + SLACK)) == NULL) {
		*err = LBC_ENOMEM;
		lbc_reader_free(r);
		return NULL;
	}
	r->fp = fp;
	if ((rc = next_line(r, &line, &n)) <= 0) {
		*err = rc == 0 ? LBC_EHEADER : rc;
		lbc_reader_free(r);
		return NULL;
	}
	if (n >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) {
		line += 3;
		n -= 3;
		/* A second BOM would start a field name that, written out
		 * and read back, loses it: no header lbc writes. */
		if (n >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) {
			*err = LBC_EHEADER;
			lbc_reader_free(r);
			return NULL;
		}
	}
	if ((r->hdrmem = malloc(n + 1)) == NULL) {
		*err = LBC_ENOMEM;
		lbc_reader_free(r);
		return NULL;
	}
	memcpy(r->hdrmem, line, n + 1);
	r->nf = 1;
	for (i = 0; i < n; i++)
		r->nf += line[i] == '\t';
	r->hdr = calloc(r->nf, sizeof(*r->hdr));
	r->val = calloc(r->nf, sizeof(*r->val));
	r->len = calloc(r->nf, sizeof(*r->len));
	r->tab = calloc(r->nf + 16, sizeof(*r->tab));
	if (r->hdr == NULL || r->val == NULL || r->len == NULL ||
	    r->tab == NULL) {
		*err = LBC_ENOMEM;
		lbc_reader_free(r);
		return NULL;
	}
	p = r->hdrmem;
	for (i = 0; i < r->nf; i++) {
		char *tab = strchr(p, '\t');

		if (tab != NULL)
			*tab = '\0';
		r->hdr[i] = p;
		if (unescape(p, strlen(p)) == (size_t)-1 || *p == '\0') {
			*err = LBC_EHEADER;
			lbc_reader_free(r);
			return NULL;
		}
		p = tab != NULL ? tab + 1 : p + strlen(p);
	}
	for (i = 0; i < r->nf; i++)
		r->val[i] = r->hdr[i] + strlen(r->hdr[i]);	/* "" */
	return r;
}

struct lbc_reader *
lbc_reader_new_tail(FILE *fp, const struct lbc_reader *like,
    unsigned long lineno, int *err)
{
	struct lbc_reader *r;
	size_t i;

	if ((r = calloc(1, sizeof(*r))) == NULL ||
	    (r->name = strdup(like->name)) == NULL ||
	    (r->buf = calloc(1, (r->cap = 1 << 16) + SLACK)) == NULL ||
	    (r->hdr = calloc(like->nf, sizeof(*r->hdr))) == NULL ||
	    (r->val = calloc(like->nf, sizeof(*r->val))) == NULL ||
	    (r->len = calloc(like->nf, sizeof(*r->len))) == NULL ||
	    (r->tab = calloc(like->nf + 16, sizeof(*r->tab))) == NULL) {
		*err = LBC_ENOMEM;
		lbc_reader_free(r);
		return NULL;
	}
	r->fp = fp;
	r->nf = like->nf;
	r->lineno = lineno;
	for (i = 0; i < r->nf; i++) {
		r->hdr[i] = like->hdr[i];	/* like's, which outlives r */
		r->val[i] = r->hdr[i] + strlen(r->hdr[i]);
	}
	return r;
}

void
lbc_reader_free(struct lbc_reader *r)
{
	if (r == NULL)
		return;
	free(r->name);
	free(r->buf);
	free(r->hdr);
	free(r->val);
	free(r->len);
	free(r->tab);
	free(r->hdrmem);
	free(r);
}

size_t
lbc_reader_nfields(const struct lbc_reader *r)
{
	return r->nf;
}

const char *
lbc_reader_fieldname(const struct lbc_reader *r, size_t i)
{
	return i < r->nf ? r->hdr[i] : NULL;
}

int
lbc_reader_find(const struct lbc_reader *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nf; i++)
		if (strcmp(r->hdr[i], name) == 0)
			return (int)i;
	return -1;
}

#define ONES	0x0101010101010101ULL
#define LOW7	0x7f7f7f7f7f7f7f7fULL

/* The top bit of each byte of w that equals the byte in c (exact). */
static inline uint64_t
bytes_eq(uint64_t w, uint64_t c)
{
	uint64_t x = w ^ c;

	return ~(((x & LOW7) + LOW7) | x | LOW7);
}

int
lbc_reader_next(struct lbc_reader *r)
{
	char *line, *q, *end, **tab = r->tab;
	size_t n, i, nt = 0, max = r->nf - 1;
	uint64_t bs = 0;
	int rc;

	do {
		if ((rc = next_line(r, &line, &n)) <= 0)
			return rc;
	} while (n == 0 && r->nf > 1);	/* an empty line holds no record */
	end = line + n;
	q = line;
	/*
	 * One pass notes where the TABs are and whether there is any
	 * backslash, 16 bytes at a time with SSE2 (the x86-64 baseline), else
	 * 8 in a word, without a branch per TAB: this loop is most of the
	 * time of every command.  tab[] has room for 16 more than nf, so a
	 * block's TABs are stored before the count is checked; the last
	 * block reads into the next line or the buffer's slack, masked off.
	 */
#if defined(__SSE2__)
	for (; q < end; q += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
		unsigned m, k, b;

		b = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v,
		    _mm_set1_epi8('\\')));
		m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v,
		    _mm_set1_epi8('\t')));
		if (end - q < 16) {		/* the bytes after the line */
			m &= (1U << (end - q)) - 1;
			b &= (1U << (end - q)) - 1;
		}
		bs |= b;
		k = m - ((m >> 1) & 0x5555);		/* popcount of 16 bits */
		k = (k & 0x3333) + ((k >> 2) & 0x3333);
		k = (k + (k >> 4)) & 0x0f0f;
		k = (k + (k >> 8)) & 0x1f;
		tab[nt] = q + __builtin_ctz(m | 1U << 16);
		m &= m - 1;
		tab[nt + 1] = q + __builtin_ctz(m | 1U << 16);
		m &= m - 1;
		tab[nt + 2] = q + __builtin_ctz(m | 1U << 16);
		m &= m - 1;
		if (k > 3) {
			size_t j;

			for (j = 3; m != 0; j++, m &= m - 1)
				tab[nt + j] = q + __builtin_ctz(m);
		}
		if ((nt += k) > max)
			return LBC_EFIELDS;
	}
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	for (; q < end; q += 8) {
		uint64_t w, m, b;
		size_t k;

		memcpy(&w, q, 8);
		b = bytes_eq(w, ONES * '\\');
		m = bytes_eq(w, ONES * '\t');
		if (end - q < 8) {		/* the bytes after the line */
			m &= (1ULL << 8 * (end - q)) - 1;
			b &= (1ULL << 8 * (end - q)) - 1;
		}
		bs |= b;
		k = (size_t)(((m >> 7) * ONES) >> 56);	/* TABs in w */
		tab[nt] = q + (__builtin_ctzll(m | 1ULL << 63) >> 3);
		m &= m - 1;
		tab[nt + 1] = q + (__builtin_ctzll(m | 1ULL << 63) >> 3);
		if (k > 2) {
			size_t j;

			for (j = 2, m &= m - 1; m != 0; j++, m &= m - 1)
				tab[nt + j] = q + (__builtin_ctzll(m) >> 3);
		}
		if ((nt += k) > max)
			return LBC_EFIELDS;
	}
#else
	for (; q < end; q++) {
		if (*q == '\\')
			bs = 1;
		else if (*q == '\t') {
			if (nt == max)
				return LBC_EFIELDS;
			tab[nt++] = q;
		}
	}
#endif
	if (nt != max)
		return LBC_EFIELDS;
	r->val[0] = line;
	for (i = 0; i < max; i++) {
		r->len[i] = (size_t)(tab[i] - r->val[i]);
		*tab[i] = '\0';
		r->val[i + 1] = tab[i] + 1;
	}
	r->len[max] = (size_t)(end - r->val[max]);
	if (bs != 0)
		for (i = 0; i < r->nf; i++)
			if (memchr(r->val[i], '\\', r->len[i]) != NULL &&
			    (r->len[i] = unescape(r->val[i], r->len[i])) ==
			    (size_t)-1)
				return LBC_EFORMAT;
	return 1;
}

const char *
lbc_reader_get(const struct lbc_reader *r, size_t i, size_t *len)
{
	if (len != NULL)
		*len = r->len[i];
	return r->val[i];
}

unsigned long
lbc_reader_lineno(const struct lbc_reader *r)
{
	return r->lineno;
}

void
lbc_reader_span(const struct lbc_reader *r, unsigned long long *off,
    size_t *len)
{
	*off = r->lineoff;
	*len = r->linelen;
}

const char *
lbc_reader_name(const struct lbc_reader *r)
{
	return r->name;
}

struct lbc_writer {
	FILE	*fp;
	char	*buf;
	size_t	 len, cap;
	int	 first;		/* no field yet on this line */
	int	 err;
};

struct lbc_writer *
lbc_writer_new(FILE *fp)
{
	struct lbc_writer *w;

	if ((w = calloc(1, sizeof(*w))) == NULL)
		return NULL;
	w->cap = 1 << 16;
	if ((w->buf = malloc(w->cap)) == NULL) {
		free(w);
		return NULL;
	}
	w->fp = fp;
	w->first = 1;
	return w;
}

static void
drain(struct lbc_writer *w)
{
	if (w->len > 0 && !w->err &&
	    fwrite(w->buf, 1, w->len, w->fp) != w->len)
		w->err = LBC_EIO;
	w->len = 0;
}

/* Makes room for n bytes; a field larger than the buffer grows it. */
static int
room(struct lbc_writer *w, size_t n)
{
	if (w->cap - w->len >= n)
		return 1;
	drain(w);
	if (w->cap >= n)
		return 1;
	char *p = realloc(w->buf, n);
	if (p == NULL) {
		w->err = LBC_ENOMEM;
		return 0;
	}
	w->buf = p;
	w->cap = n;
	return 1;
}

/* Bytes a field cannot hold as they are: \\ TAB LF CR. */
static const unsigned char needs_escape[256] = {
	['\\'] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1
};

/*
 * Copies the bytes of [s, e) up to the first that needs an escape to o;
 * returns where it stopped.  o has room for e - s bytes.  A field is
 * mostly such bytes: 16 at a time with SSE2.
 */
static const char *
copy_plain(const char *s, const char *e, char **o)
{
	char *d = *o;

#if defined(__SSE2__)
	while (e - s >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
		__m128i x = _mm_or_si128(
		    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\')),
		    _mm_cmpeq_epi8(v, _mm_set1_epi8('\t'))),
		    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')),
		    _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))));
		unsigned m = (unsigned)_mm_movemask_epi8(x);

		if (m != 0) {
			size_t k = (size_t)__builtin_ctz(m);

			memcpy(d, s, k);
			*o = d + k;
			return s + k;
		}
		_mm_storeu_si128((__m128i *)(void *)d, v);
		s += 16;
		d += 16;
	}
#endif
	while (s < e && !needs_escape[(unsigned char)*s])
		*d++ = *s++;
	*o = d;
	return s;
}

void
lbc_writer_put(struct lbc_writer *w, const char *s, size_t n)
{
	const char *e = s + n;
	char *o;

	if (!room(w, 2 * n + 1))
		return;
	o = w->buf + w->len;
	if (!w->first)
		*o++ = '\t';
	w->first = 0;
	while ((s = copy_plain(s, e, &o)) < e) {
		*o++ = '\\';
		switch (*s++) {
		case '\\': *o++ = '\\'; break;
		case '\t': *o++ = 't'; break;
		case '\n': *o++ = 'n'; break;
		default: *o++ = 'r'; break;
		}
	}
	w->len = (size_t)(o - w->buf);
}

void
lbc_writer_puts(struct lbc_writer *w, const char *s)
{
	lbc_writer_put(w, s, strlen(s));
}

void
lbc_writer_raw(struct lbc_writer *w, const char *s, size_t n)
{
	if (!room(w, n + 1))
		return;
	if (!w->first)
		w->buf[w->len++] = '\t';
	w->first = 0;
	if (n > 0)	/* s may be NULL then: an empty buffer */
		memcpy(w->buf + w->len, s, n);
	w->len += n;
}

void
lbc_writer_ulong(struct lbc_writer *w, unsigned long v)
{
	char tmp[24];
	size_t n = sizeof(tmp);

	do {
		tmp[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	lbc_writer_raw(w, tmp + n, sizeof(tmp) - n);
}

void
lbc_writer_end(struct lbc_writer *w)
{
	if (!room(w, 1))
		return;
	w->buf[w->len++] = '\n';
	w->first = 1;
}

int
lbc_writer_flush(struct lbc_writer *w)
{
	drain(w);
	if (!w->err && fflush(w->fp) != 0)
		w->err = LBC_EIO;
	return w->err;
}

int
lbc_writer_free(struct lbc_writer *w)
{
	int rc;

	if (w == NULL)
		return 0;
	rc = lbc_writer_flush(w);
	free(w->buf);
	free(w);
	return rc;
}

int
lbc_escape(struct lbc_buf *b, const char *s, size_t n)
{
	size_t i;

	if (lbc_buf_reserve(b, 2 * n) != 0)
		return LBC_ENOMEM;
	for (i = 0; i < n; i++) {
		char c = s[i], e = 0;

		switch (c) {
		case '\\': e = '\\'; break;
		case '\t': e = 't'; break;
		case '\n': e = 'n'; break;
		case '\r': e = 'r'; break;
		}
		if (e) {
			b->p[b->len++] = '\\';
			b->p[b->len++] = e;
		} else
			b->p[b->len++] = c;
	}
	b->p[b->len] = '\0';
	return 0;
}

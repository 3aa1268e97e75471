#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "buf.h"
#include "csvrow.h"
#include "err.h"

struct lbc_csvrow {
	struct csv_parser	 p;
	struct lbc_buf		 mem;		/* field bytes, NUL after each */
	size_t			*off;		/* field offsets into mem */
	size_t			*flen;
	size_t			 nf, fcap;	/* fields of all rows so far */
	size_t			*rowend;	/* field count at each row end */
	unsigned		*rowflags;	/* LBC_CSVROW_ bits of each row */
	unsigned		 pending;	/* those of the row being ended */
	size_t			 nrows, rcap;
	size_t			 rowstart;	/* first field of the open row */
	struct lbc_csvrow_row	 row;		/* view handed out */
	char			**ptrs;
	size_t			 pcap;
	int			 err;
	int			 at_start;
	char			 delim;
};

/*
 * libcsv grows its field buffer by a fixed block at a time; a 20 MB field
 * would cost a quadratic number of copies.  This realloc keeps the size it
 * really allocated before the block and doubles it, so growth is amortized.
 */
static void *
grow_realloc(void *p, size_t n)
{
	size_t *h = p ? (size_t *)p - 2 : NULL, cap;

	if (h != NULL && n <= h[0])
		return p;
	cap = h != NULL ? h[0] * 2 : 4096;
	if (cap < n)
		cap = n;
	if ((h = realloc(h, cap + 2 * sizeof(size_t))) == NULL)
		return NULL;
	h[0] = cap;
	return h + 2;
}

static void
grow_free(void *p)
{
	if (p != NULL)
		free((size_t *)p - 2);
}

static int
only_space(unsigned char c)
{
	return c == ' ';
}

struct lbc_csvrow *
lbc_csvrow_new(char delim, int *err)
{
	struct lbc_csvrow *c;

	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    csv_init(&c->p, CSV_APPEND_NULL | CSV_STRICT | CSV_STRICT_FINI) != 0) {
		free(c);
		*err = LBC_ENOMEM;
		return NULL;
	}
	csv_set_realloc_func(&c->p, grow_realloc);
	csv_set_free_func(&c->p, grow_free);
	csv_set_delim(&c->p, (unsigned char)delim);
	c->delim = delim;
	/* libcsv trims spaces and TABs; with TAB separators only spaces. */
	if (delim == '\t')
		csv_set_space_func(&c->p, only_space);
	c->at_start = 1;
	return c;
}

void
lbc_csvrow_free(struct lbc_csvrow *c)
{
	if (c == NULL)
		return;
	csv_free(&c->p);
	lbc_buf_free(&c->mem);
	free(c->off);
	free(c->flen);
	free(c->rowend);
	free(c->rowflags);
	free(c->ptrs);
	free(c);
}

static void
on_field(void *s, size_t len, void *data)
{
	struct lbc_csvrow *c = data;

	if (c->err)
		return;
	if (c->nf == c->fcap) {
		size_t ncap = c->fcap ? c->fcap * 2 : 64;
		size_t *a = realloc(c->off, ncap * sizeof(*a));

		if (a == NULL) {
			c->err = LBC_ENOMEM;
			return;
		}
		c->off = a;
		if ((a = realloc(c->flen, ncap * sizeof(*a))) == NULL) {
			c->err = LBC_ENOMEM;
			return;
		}
		c->flen = a;
		c->fcap = ncap;
	}
	c->off[c->nf] = c->mem.len;
	c->flen[c->nf] = len;
	if (lbc_buf_add(&c->mem, s ? s : "", s ? len : 0) != 0 ||
	    lbc_buf_addc(&c->mem, '\0') != 0) {
		c->err = LBC_ENOMEM;
		return;
	}
	c->nf++;
}

static void
on_row(int term, void *data)
{
	struct lbc_csvrow *c = data;

	(void)term;
	if (c->err)
		return;
	if (c->nrows == c->rcap) {
		size_t ncap = c->rcap ? c->rcap * 2 : 4;
		size_t *a = realloc(c->rowend, ncap * sizeof(*a));
		unsigned *fl;

		if (a == NULL) {
			c->err = LBC_ENOMEM;
			return;
		}
		c->rowend = a;
		if ((fl = realloc(c->rowflags, ncap * sizeof(*fl))) == NULL) {
			c->err = LBC_ENOMEM;
			return;
		}
		c->rowflags = fl;
		c->rcap = ncap;
	}
	c->rowflags[c->nrows] = c->pending;
	c->pending = 0;
	c->rowend[c->nrows++] = c->nf;
}

void
lbc_csvrow_clear(struct lbc_csvrow *c)
{
	size_t keep, i, base;

	if (c->nrows == 0)
		return;
	keep = c->rowend[c->nrows - 1];
	base = keep < c->nf ? c->off[keep] : c->mem.len;
	memmove(c->mem.p, c->mem.p + base, c->mem.len - base);
	c->mem.len -= base;
	for (i = keep; i < c->nf; i++) {
		c->off[i - keep] = c->off[i] - base;
		c->flen[i - keep] = c->flen[i];
	}
	c->nf -= keep;
	c->nrows = 0;
}

/*
 * Parses s[0..n) in strict mode.  A quote inside an unquoted field is text
 * (libcsv's lenient reading of it, one byte).  Returns 0, a negative
 * lbc_err, or 1 with *at set where text follows a closing quote.
 */
static int
parse(struct lbc_csvrow *c, const char *s, size_t n, size_t *at)
{
	size_t done, off = 0;
	int opts;

	while (off < n) {
		done = csv_parse(&c->p, s + off, n - off, on_field, on_row, c);
		if (c->err)
			return c->err;
		off += done;
		if (off == n)
			break;
		if (csv_error(&c->p) != CSV_EPARSE)
			return LBC_ENOMEM;
		c->p.status = CSV_SUCCESS;
		if (c->p.quoted) {
			*at = off;
			return 1;
		}
		opts = csv_get_opts(&c->p);
		csv_set_opts(&c->p, (unsigned char)(opts & ~CSV_STRICT));
		done = csv_parse(&c->p, s + off, 1, on_field, on_row, c);
		csv_set_opts(&c->p, (unsigned char)opts);
		if (done != 1)
			return LBC_ENOMEM;
		off++;
	}
	return c->err;
}

/*
 * Ends the row whose quoted field is followed by text at rest[0..n): the
 * row is flagged, and its last field keeps the closing quote and the rest
 * of the line, so a rejected row shows what it held.
 */
static int
end_bad_row(struct lbc_csvrow *c, const char *rest, size_t n)
{
	c->pending = LBC_CSVROW_BADQUOTE;
	if (csv_fini(&c->p, on_field, on_row, c) != 0)
		return LBC_ENOMEM;
	if (c->err)
		return c->err;
	if (c->nf == 0 || c->mem.len == 0)
		return 0;
	c->mem.len--;			/* the NUL after the last field */
	if (lbc_buf_addc(&c->mem, '"') != 0 || lbc_buf_add(&c->mem, rest, n) ||
	    lbc_buf_addc(&c->mem, '\0') != 0)
		return LBC_ENOMEM;
	c->flen[c->nf - 1] += n + 1;
	return 0;
}

int
lbc_csvrow_feed(struct lbc_csvrow *c, const char *line, size_t len,
    const char *eol)
{
	size_t before = c->nrows, at = 0;
	int rc;

	if ((rc = parse(c, line, len, &at)) == 1)
		rc = end_bad_row(c, line + at, len - at);
	else if (rc == 0 && *eol != '\0')
		rc = parse(c, eol, strlen(eol), &at) == 1 ?
		    end_bad_row(c, "", 0) : c->err;
	else if (rc == 0 && csv_fini(&c->p, on_field, on_row, c) != 0) {
		/* the end of the input inside quotes: wait for finish */
		if (csv_error(&c->p) != CSV_EPARSE)
			return LBC_ENOMEM;
		c->p.status = CSV_SUCCESS;
	}
	if (rc < 0)
		return rc;
	if (c->err)
		return c->err;
	c->at_start = c->nrows > before;
	return (int)(c->nrows - before);
}

/* Appends field s[0..n) to the row being built. */
static int
add_field(struct lbc_csvrow *c, const char *s, size_t n)
{
	if (c->nf == c->fcap) {
		size_t ncap = c->fcap ? c->fcap * 2 : 64;
		size_t *a = realloc(c->off, ncap * sizeof(*a));

		if (a == NULL)
			return LBC_ENOMEM;
		c->off = a;
		if ((a = realloc(c->flen, ncap * sizeof(*a))) == NULL)
			return LBC_ENOMEM;
		c->flen = a;
		c->fcap = ncap;
	}
	c->off[c->nf] = c->mem.len;
	c->flen[c->nf] = n;
	if (lbc_buf_add(&c->mem, s, n) != 0 || lbc_buf_addc(&c->mem, '\0') != 0)
		return LBC_ENOMEM;
	c->nf++;
	return 0;
}

/*
 * A line without a quote needs no CSV parser: fields are the text between
 * separators, without the spaces (and TABs, but for TAB separators) that
 * libcsv leaves out around an unquoted field.  The parser is untouched: it
 * stands at the start of a row before and after.
 */
int
lbc_csvrow_feed_plain(struct lbc_csvrow *c, const char *line, size_t len,
    const char *eol)
{
	const char *p = line, *e = line + len, *q, *a, *b;
	int tab = c->delim == '\t';

	if (!c->at_start || memchr(line, '"', len) != NULL)
		return lbc_csvrow_feed(c, line, len, eol);
	for (;;) {
		if ((q = memchr(p, c->delim, (size_t)(e - p))) == NULL)
			q = e;
		a = p;
		b = q;
		while (a < b && (*a == ' ' || (!tab && *a == '\t')))
			a++;
		while (b > a && (b[-1] == ' ' || (!tab && b[-1] == '\t')))
			b--;
		if (add_field(c, a, (size_t)(b - a)) != 0)
			return LBC_ENOMEM;
		if (q == e)
			break;
		p = q + 1;
	}
	c->pending = 0;
	on_row(0, c);
	if (c->err)
		return c->err;
	return 1;
}

int
lbc_csvrow_finish(struct lbc_csvrow *c)
{
	size_t before = c->nrows;
	int opts = csv_get_opts(&c->p), rc;

	if ((rc = csv_fini(&c->p, on_field, on_row, c)) != 0 &&
	    csv_error(&c->p) == CSV_EPARSE) {
		/* a quoted field still open: it takes the rest of the input */
		c->pending = LBC_CSVROW_UNCLOSED;
		csv_set_opts(&c->p, (unsigned char)(opts & ~CSV_STRICT_FINI));
		rc = csv_fini(&c->p, on_field, on_row, c);
		csv_set_opts(&c->p, (unsigned char)opts);
	}
	if (rc != 0)
		return LBC_ENOMEM;
	if (c->err)
		return c->err;
	c->at_start = 1;
	return (int)(c->nrows - before);
}

size_t
lbc_csvrow_count(const struct lbc_csvrow *c)
{
	return c->nrows;
}

size_t
lbc_csvrow_bytes(const struct lbc_csvrow *c)
{
	return c->mem.len;
}

int
lbc_csvrow_at_start(const struct lbc_csvrow *c)
{
	return c->at_start;
}

const struct lbc_csvrow_row *
lbc_csvrow_get(struct lbc_csvrow *c, size_t i)
{
	size_t first, last, k;

	if (i >= c->nrows)
		return NULL;
	first = i == 0 ? 0 : c->rowend[i - 1];
	last = c->rowend[i];
	if (last - first > c->pcap) {
		char **p = realloc(c->ptrs, (last - first) * sizeof(*p));

		if (p == NULL)
			return NULL;
		c->ptrs = p;
		c->pcap = last - first;
	}
	for (k = first; k < last; k++)
		c->ptrs[k - first] = c->mem.p + c->off[k];
	c->row.n = last - first;
	c->row.flags = c->rowflags[i];
	c->row.field = c->ptrs;
	c->row.len = c->flen + first;
	return &c->row;
}

char
lbc_csv_detect_delim(const char *line, size_t len)
{
	size_t i, tab = 0, comma = 0, semi = 0;
	int quoted = 0;

	for (i = 0; i < len; i++) {
		if (line[i] == '"')
			quoted = !quoted;
		else if (!quoted && line[i] == '\t')
			tab++;
		else if (!quoted && line[i] == ',')
			comma++;
		else if (!quoted && line[i] == ';')
			semi++;
	}
	if (tab > 0 && tab >= comma && tab >= semi)
		return '\t';
	if (semi > comma)
		return ';';
	return ',';
}

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
	size_t			 nrows, rcap;
	size_t			 rowstart;	/* first field of the open row */
	struct lbc_csvrow_row	 row;		/* view handed out */
	char			**ptrs;
	size_t			 pcap;
	int			 err;
	int			 at_start;
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

/* Rows end at the LF fed after each line, never at a CR inside one. */
static int
only_lf(unsigned char c)
{
	return c == '\n';
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
	    csv_init(&c->p, CSV_APPEND_NULL) != 0) {
		free(c);
		*err = LBC_ENOMEM;
		return NULL;
	}
	csv_set_realloc_func(&c->p, grow_realloc);
	csv_set_free_func(&c->p, grow_free);
	csv_set_delim(&c->p, (unsigned char)delim);
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

		if (a == NULL) {
			c->err = LBC_ENOMEM;
			return;
		}
		c->rowend = a;
		c->rcap = ncap;
	}
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

int
lbc_csvrow_feed(struct lbc_csvrow *c, const char *line, size_t len)
{
	size_t before = c->nrows;

	size_t done;
	int cr;

	if (len > 0 && line[len - 1] == '\r')
		len--;			/* CR LF */
	/*
	 * libcsv ends rows at CR too; a CR inside a line is text.  Its own
	 * test costs a call per byte, so it is set only for such lines.
	 */
	if ((cr = memchr(line, '\r', len) != NULL))
		csv_set_term_func(&c->p, only_lf);
	done = csv_parse(&c->p, line, len, on_field, on_row, c);
	if (cr)
		csv_set_term_func(&c->p, NULL);
	if (done != len || csv_parse(&c->p, "\n", 1, on_field, on_row, c) != 1)
		return LBC_ENOMEM;
	if (c->err)
		return c->err;
	c->at_start = c->nrows > before;
	return (int)(c->nrows - before);
}

int
lbc_csvrow_finish(struct lbc_csvrow *c)
{
	size_t before = c->nrows;

	if (csv_fini(&c->p, on_field, on_row, c) != 0)
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

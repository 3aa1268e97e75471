#include <glpk.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "strmap.h"
#include "suppress.h"

/*
 * A table as a grid of quantities: R rows and C columns, the totals last
 * (a list has C = 1, its one column being the count).  rel[0]: the rows
 * sum to the total row, in every column (the row field is single-
 * response); rel[1]: the columns sum to the total column.
 */
struct grid {
	const struct lbc_table	*t;
	size_t			 R, C;
	size_t			*q;
	unsigned char		*prot;		/* cell on a good cycle */
	int			 rel[2];
	size_t			 fid[2];	/* field of rows, of columns */
	/*
	 * Levels (lbc_suppress_levels()): a table with region first, at
	 * level index li of the run, in the family of tables of its spec.
	 * up/down: the family's table a level coarser/finer; par[r] the row
	 * of row r's region in up; kids[kid0[r] .. kid0[r + 1]) the rows of
	 * row r's subdivisions in down.
	 */
	int			 li;		/* -1: not in a hierarchy */
	int			 lev;		/* region digits */
	size_t			 fam;
	struct grid		*up, *down;
	size_t			*par, *kid0, *kids;
};

/* A move: quantities that change by +d or -d together, all sums kept. */
struct move {
	size_t		*q;
	int		*s;
	size_t		 n, cap;
	int		 bad;		/* a quantity asked to go both ways */
};

struct field {
	char		*name;
	size_t		*cat;		/* margin quantity of each category */
	size_t		 ncat;
};

struct ctx {
	struct grid	*g;
	size_t		 ng;
	unsigned long	*val;
	unsigned char	*sup;
	unsigned char	*mprot;		/* margin: partner taken */
	size_t		 nq, capq;
	struct lbc_strmap *keys;
	struct field	*f;
	size_t		 nf;
	unsigned long	 k;
	int		 changed, err;
	int		 hier;		/* tables at two levels or more */
	unsigned char	*qprot;		/* quantity on a good move (hier) */
	size_t		 nfam;
};

#define NONE	((size_t)-1)

static size_t
quantity(struct ctx *x, const char *key, size_t n, unsigned long v)
{
	size_t q;
	int added;

	if (lbc_strmap_intern(x->keys, key, n, x->nq, &q, &added) != 0) {
		x->err = LBC_ENOMEM;
		return 0;
	}
	if (!added)
		return q;
	if (x->nq == x->capq) {
		size_t cap = x->capq ? 2 * x->capq : 256;
		unsigned long *v2 = realloc(x->val, cap * sizeof(*v2));
		unsigned char *s2, *m2;

		if (v2 == NULL) {
			x->err = LBC_ENOMEM;
			return 0;
		}
		x->val = v2;
		if ((s2 = realloc(x->sup, cap)) == NULL) {
			x->err = LBC_ENOMEM;
			return 0;
		}
		x->sup = s2;
		if ((m2 = realloc(x->mprot, cap)) == NULL) {
			x->err = LBC_ENOMEM;
			return 0;
		}
		x->mprot = m2;
		if ((m2 = realloc(x->qprot, cap)) == NULL) {
			x->err = LBC_ENOMEM;
			return 0;
		}
		x->qprot = m2;
		x->capq = cap;
	}
	x->val[q] = v;
	x->sup[q] = 0;
	x->mprot[q] = 0;
	x->qprot[q] = 0;
	x->nq++;
	return q;
}

static size_t
field_id(struct ctx *x, const char *name)
{
	struct field *f;
	size_t i;

	for (i = 0; i < x->nf; i++)
		if (strcmp(x->f[i].name, name) == 0)
			return i;
	if ((f = realloc(x->f, (x->nf + 1) * sizeof(*f))) == NULL) {
		x->err = LBC_ENOMEM;
		return 0;
	}
	x->f = f;
	memset(&f[x->nf], 0, sizeof(*f));
	if ((f[x->nf].name = strdup(name)) == NULL) {
		x->err = LBC_ENOMEM;
		return 0;
	}
	return x->nf++;
}

/* The margin of category code of field f: "f US code". */
static size_t
margin(struct ctx *x, size_t fid, const char *code, unsigned long v)
{
	struct lbc_buf b = { 0 };
	struct field *f = &x->f[fid];
	size_t q, i;

	lbc_buf_adds(&b, f->name);
	lbc_buf_add(&b, "\x1f", 1);
	lbc_buf_adds(&b, code);
	if (b.p == NULL) {
		x->err = LBC_ENOMEM;
		return 0;
	}
	q = quantity(x, b.p, b.len, v);
	lbc_buf_free(&b);
	for (i = 0; i < f->ncat; i++)
		if (f->cat[i] == q)
			return q;
	if ((f->cat = realloc(f->cat, (f->ncat + 1) * sizeof(*f->cat))) ==
	    NULL) {
		x->err = LBC_ENOMEM;
		return q;
	}
	f->cat[f->ncat++] = q;
	return q;
}

/* An inner cell: both fields' names and codes, in name order. */
static size_t
inner(struct ctx *x, const struct grid *g, size_t r, size_t c,
    unsigned long v)
{
	struct lbc_buf b = { 0 };
	const struct lbc_table *t = g->t;
	const char *f0 = x->f[g->fid[0]].name, *f1 = x->f[g->fid[1]].name;
	int swap = strcmp(f0, f1) > 0;
	size_t q;

	lbc_buf_adds(&b, swap ? f1 : f0);
	lbc_buf_add(&b, "\x1f", 1);
	lbc_buf_adds(&b, swap ? t->col[c].code : t->row[r].code);
	lbc_buf_add(&b, "\x1e", 1);
	lbc_buf_adds(&b, swap ? f0 : f1);
	lbc_buf_add(&b, "\x1f", 1);
	lbc_buf_adds(&b, swap ? t->row[r].code : t->col[c].code);
	if (b.p == NULL) {
		x->err = LBC_ENOMEM;
		return 0;
	}
	q = quantity(x, b.p, b.len, v);
	lbc_buf_free(&b);
	return q;
}

/* A field's name; region at a level of several is "region@digits". */
static size_t
field_of(struct ctx *x, const char *name, int lev)
{
	char q[32];

	if (lev > 0 && strcmp(name, "region") == 0) {
		snprintf(q, sizeof(q), "region@%d", lev);
		return field_id(x, q);
	}
	return field_id(x, name);
}

static int
build(struct ctx *x, struct grid *g, const struct lbc_table *t, int lev)
{
	size_t r, c;

	g->t = t;
	g->R = t->nrows + 1;
	g->C = lbc_table_nvalues(t);
	g->li = -1;
	g->lev = lev;
	if ((g->q = calloc(g->R * g->C, sizeof(*g->q))) == NULL ||
	    (g->prot = calloc(g->R * g->C, 1)) == NULL)
		return LBC_ENOMEM;
	g->fid[0] = field_of(x, t->field[0], lev);
	g->fid[1] = t->nfields == 2 ? field_of(x, t->field[1], lev) : NONE;
	if (x->err != 0)
		return x->err;
	g->rel[0] = !t->multi[0];
	g->rel[1] = t->nfields == 2 && !t->multi[1];
	for (r = 0; r < g->R; r++)
		for (c = 0; c < g->C; c++) {
			unsigned long v = lbc_table_count(t, r, c);
			size_t *q = &g->q[r * g->C + c];
			int rt = r == g->R - 1, ct = c == g->C - 1;

			if (rt && ct)
				*q = quantity(x, "\x1d", 1, v);
			else if (ct)
				*q = margin(x, g->fid[0], t->row[r].code, v);
			else if (rt)
				*q = margin(x, g->fid[1], t->col[c].code, v);
			else
				*q = inner(x, g, r, c, v);
			if (x->err != 0)
				return x->err;
		}
	return 0;
}

/*
 * The grid seen with field dimension d first: cell (a, b) of the view.
 * ea/eb are the view's sizes; along[0] is whether the view's rows sum to
 * its total row.
 */
struct view {
	struct grid	*g;
	int		 d;
	size_t		 A, B;
	int		 along[2];
};

static void
view_of(struct grid *g, int d, struct view *v)
{
	v->g = g;
	v->d = d;
	v->A = d ? g->C : g->R;
	v->B = d ? g->R : g->C;
	v->along[0] = g->rel[d];
	v->along[1] = g->rel[!d];
}

static size_t
vcell(const struct view *v, size_t a, size_t b)
{
	return v->d ? b * v->g->C + a : a * v->g->C + b;
}

/*
 * 1 when the cycle of n cells (signs sg) can move and lets every corner
 * reach k: up, the most it can rise, is the least of the falling corners.
 */
static int
cycle_ok(const struct ctx *x, const size_t *q, const int *sg, size_t n)
{
	unsigned long up = ULONG_MAX, down = ULONG_MAX, v, reach;
	size_t i;

	for (i = 0; i < n; i++) {
		v = x->val[q[i]];
		if (sg[i] > 0)
			down = v < down ? v : down;
		else
			up = v < up ? v : up;
	}
	if (up == 0 && down == 0)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned long by = sg[i] > 0 ? up : down;

		v = x->val[q[i]];
		reach = by > ULONG_MAX - v ? ULONG_MAX : v + by;
		if (reach < x->k)
			return 0;
	}
	return 1;
}

/* Children newly hidden by suppressing the cycle, plus one a cell. */
static unsigned long
cycle_cost(const struct ctx *x, const size_t *q, size_t n)
{
	unsigned long c = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (!x->sup[q[i]])
			c += x->val[q[i]] + 1;
	return c;
}

static void
hide(struct ctx *x, size_t q)
{
	if (!x->sup[q]) {
		x->sup[q] = LBC_SUPP_SECONDARY;
		x->changed = 1;
	}
}

/* Marks every cell of g whose quantity is in q[0..n) protected. */
static void
mark(struct grid *g, const size_t *q, size_t n)
{
	size_t i, j;

	for (i = 0; i < g->R * g->C; i++)
		for (j = 0; j < n; j++)
			if (g->q[i] == q[j])
				g->prot[i] = 1;
}

/* --- several region levels ------------------------------------------- */

/* The row of grid p holding the region of row r of grid c, or NONE. */
static size_t
parent_row(const struct grid *c, size_t r, const struct grid *p)
{
	const char *code = c->t->row[r].code;
	size_t n = strlen(code), i;

	if (n > (size_t)p->lev)
		n = (size_t)p->lev;
	for (i = 0; i + 1 < p->R; i++)
		if (strlen(p->t->row[i].code) == n &&
		    strncmp(p->t->row[i].code, code, n) == 0)
			return i;
	return NONE;
}

/* 1 when the two tables are of one spec: the same columns, in order. */
static int
same_family(const struct grid *a, const struct grid *b)
{
	size_t j;

	if (a->t->nfields != b->t->nfields || a->C != b->C)
		return 0;
	if (a->t->nfields < 2)
		return 1;
	if (strcmp(a->t->field[1], b->t->field[1]) != 0)
		return 0;
	for (j = 0; j + 1 < a->C; j++)
		if (strcmp(a->t->col[j].code, b->t->col[j].code) != 0)
			return 0;
	return 1;
}

/*
 * Links the region tables of the levels: families, up and down, parents
 * and subdivisions.  Returns 0, LBC_EARG (region second at a level of
 * several) or LBC_ENOMEM.
 */
static int
link_levels(struct ctx *x, const int *level, size_t n)
{
	int lv[8];
	size_t nl = 0, i, j, r;

	for (i = 0; i < n; i++) {
		if (level[i] <= 0)
			continue;
		for (j = 0; j < nl && lv[j] != level[i]; j++)
			;
		if (j == nl) {
			if (nl == 8)
				return LBC_EARG;
			lv[nl++] = level[i];
		}
	}
	if (nl < 2)
		return 0;
	x->hier = 1;
	for (i = 0; i < x->ng; i++) {
		struct grid *g = &x->g[i];

		if (level[i] <= 0)
			continue;
		if (strcmp(g->t->field[0], "region") != 0)
			return LBC_EARG;
		for (g->li = 0, j = 0; j < nl; j++)
			if (lv[j] < level[i])
				g->li++;
		g->fam = NONE;
		for (j = 0; j < i && g->fam == NONE; j++)
			if (x->g[j].li >= 0 && same_family(&x->g[j], g))
				g->fam = x->g[j].fam;
		if (g->fam == NONE)
			g->fam = x->nfam++;
	}
	for (i = 0; i < x->ng; i++) {
		struct grid *g = &x->g[i];
		size_t nk = 0;

		if (g->li < 0)
			continue;
		for (j = 0; j < x->ng; j++) {
			struct grid *h = &x->g[j];

			if (h->li < 0 || h->fam != g->fam)
				continue;
			if (h->li + 1 == g->li && (g->up == NULL ||
			    h->lev > g->up->lev))
				g->up = h;
			if (h->li == g->li + 1 && g->down == NULL)
				g->down = h;
		}
		if ((g->par = calloc(g->R, sizeof(*g->par))) == NULL ||
		    (g->kid0 = calloc(g->R + 1, sizeof(*g->kid0))) == NULL)
			return LBC_ENOMEM;
		for (r = 0; r + 1 < g->R; r++)
			g->par[r] = g->up ? parent_row(g, r, g->up) : NONE;
		if (g->down == NULL)
			continue;
		if ((g->kids = calloc(g->down->R, sizeof(*g->kids))) == NULL)
			return LBC_ENOMEM;
		for (r = 0; r + 1 < g->R; r++) {
			g->kid0[r] = nk;
			for (j = 0; j + 1 < g->down->R; j++)
				if (parent_row(g->down, j, g) == r)
					g->kids[nk++] = j;
		}
		g->kid0[g->R - 1] = g->kid0[g->R] = nk;
	}
	return 0;
}

static void
mv_add(struct ctx *x, struct move *m, size_t q, int s)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->q[i] == q) {
			if (m->s[i] != s)
				m->bad = 1;
			return;
		}
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 16;
		size_t *q2 = realloc(m->q, cap * sizeof(*q2));
		int *s2;

		if (q2 == NULL) {
			x->err = LBC_ENOMEM;
			m->bad = 1;
			return;
		}
		m->q = q2;
		if ((s2 = realloc(m->s, cap * sizeof(*s2))) == NULL) {
			x->err = LBC_ENOMEM;
			m->bad = 1;
			return;
		}
		m->s = s2;
		m->cap = cap;
	}
	m->q[m->n] = q;
	m->s[m->n++] = s;
}

static void
mv_free(struct move *m)
{
	free(m->q);
	free(m->s);
	memset(m, 0, sizeof(*m));
}

static int
mv_ok(const struct ctx *x, const struct move *m)
{
	return !m->bad && m->n > 0 && cycle_ok(x, m->q, m->s, m->n);
}

/* Hides the move's quantities and takes them as protected. */
static void
mv_apply(struct ctx *x, const struct move *m, int good)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		if (!good && x->val[m->q[i]] == 0)
			continue;	/* hiding a 0 that cannot move hides nothing */
		hide(x, m->q[i]);
		if (good)
			x->qprot[m->q[i]] = 1;
	}
}

static size_t
cell(const struct grid *g, size_t r, size_t c)
{
	return g->q[r * g->C + c];
}

/*
 * Row r of g moves by s[i] in columns col[i] (summing to 0 along the
 * row): one of its subdivisions moves alike, down to the finest level.
 * Returns 0 when a row has no subdivision to carry it.
 */
static int
carry(struct ctx *x, const struct grid *g, size_t r, const size_t *col,
    const int *s, size_t n, struct move *m)
{
	const struct grid *d = g->down;
	size_t i, j, best = NONE;
	unsigned long bv = 0, v;

	if (d == NULL)
		return 1;
	for (i = g->kid0[r]; i < g->kid0[r + 1]; i++) {
		size_t c = g->kids[i];

		for (v = ULONG_MAX, j = 0; j < n; j++)
			if (x->val[cell(d, c, col[j])] < v)
				v = x->val[cell(d, c, col[j])];
		if (best == NONE || v > bv) {
			best = c;
			bv = v;
		}
	}
	if (best == NONE)
		return 0;
	for (j = 0; j < n; j++)
		mv_add(x, m, cell(d, best, col[j]), s[j]);
	return carry(x, d, best, col, s, n, m);
}

/* The row of g whose total is margin q, or NONE. */
static size_t
row_of(const struct grid *g, size_t q)
{
	size_t r;

	for (r = 0; r + 1 < g->R; r++)
		if (cell(g, r, g->C - 1) == q)
			return r;
	return NONE;
}

/*
 * The region of margin q (level index li) moves by s: in every table at
 * its level, its row in the family's column fc[fam] (NONE: the total
 * alone), and one of its subdivisions alike, down to the finest level.
 * Returns 0 when a region has no subdivision to carry it.
 */
static int
mmove(struct ctx *x, int li, size_t q, int s, const size_t *fc,
    struct move *m)
{
	const struct grid *any = NULL;
	size_t i, r, k, best = NONE, bq = 0;
	unsigned long bv = 0, v;

	mv_add(x, m, q, s);
	for (i = 0; i < x->ng; i++) {
		const struct grid *g = &x->g[i];

		if (g->li != li || (r = row_of(g, q)) == NONE)
			continue;
		if (fc[g->fam] != NONE)
			mv_add(x, m, cell(g, r, fc[g->fam]), s);
		if (g->down != NULL && any == NULL)
			any = g;
	}
	if (any == NULL)
		return 1;
	/* the subdivision with the most children in the cells that move */
	r = row_of(any, q);
	for (k = any->kid0[r]; k < any->kid0[r + 1]; k++) {
		const struct grid *d = any->down;
		size_t c = any->kids[k], cq = cell(d, c, d->C - 1);

		v = x->val[cq];
		for (i = 0; i < x->ng; i++) {
			const struct grid *g = &x->g[i];
			size_t rr;

			if (g->li != li + 1 || fc[g->fam] == NONE ||
			    (rr = row_of(g, cq)) == NONE)
				continue;
			if (x->val[cell(g, rr, fc[g->fam])] < v)
				v = x->val[cell(g, rr, fc[g->fam])];
		}
		if (best == NONE || v > bv) {
			best = c;
			bq = cq;
			bv = v;
		}
	}
	if (best == NONE)
		return 0;
	return mmove(x, li + 1, bq, s, fc, m);
}

/*
 * Columns for the regions of margins q and q2 (level li) moving against
 * each other: in each family with summing columns, the one where both
 * rows have the most; fam's is fixed to col.
 */
static int
mcols(struct ctx *x, int li, size_t q, size_t q2, size_t fam, size_t col,
    size_t *fc)
{
	size_t i, j, r, r2;

	for (i = 0; i < x->nfam; i++)
		fc[i] = NONE;
	for (i = 0; i < x->ng; i++) {
		const struct grid *g = &x->g[i];
		unsigned long bv = 0, v;

		if (g->li != li || !g->rel[1] || g->C < 2 ||
		    fc[g->fam] != NONE)
			continue;
		if ((r = row_of(g, q)) == NONE || (r2 = row_of(g, q2)) == NONE)
			return 0;
		if (g->fam == fam) {
			fc[g->fam] = col;
			continue;
		}
		for (j = 0; j + 1 < g->C; j++) {
			v = x->val[cell(g, r, j)];
			if (x->val[cell(g, r2, j)] < v)
				v = x->val[cell(g, r2, j)];
			if (fc[g->fam] == NONE || v > bv) {
				fc[g->fam] = j;
				bv = v;
			}
		}
	}
	if (fam != NONE)
		fc[fam] = col;
	return 1;
}

/*
 * The regions of margins q (up) and q2 (down) of level li move against
 * each other: the move into m.  fam, col: a family whose column is fixed.
 */
static int
mpair(struct ctx *x, int li, size_t q, size_t q2, size_t fam, size_t col,
    struct move *m)
{
	size_t *fc = calloc(x->nfam + 1, sizeof(*fc));
	int ok;

	if (fc == NULL) {
		x->err = LBC_ENOMEM;
		return 0;
	}
	ok = mcols(x, li, q, q2, fam, col, fc) && mmove(x, li, q, 1, fc, m) &&
	    mmove(x, li, q2, -1, fc, m);
	free(fc);
	return ok;
}

/* 1 when rows a and b of g are of one region a level up (or no level). */
static int
siblings(const struct grid *g, size_t a, size_t b)
{
	return g->up == NULL || g->par[a] == g->par[b];
}

/*
 * Cell (a, b) of g on a rectangle of a level above, with a sibling of its
 * region there: a's row and its ancestors' rows in between move alike
 * (+ in b, - in b2), the rest carried down.  The cheapest good move, if
 * any, into bm (m is scratch).
 */
static void
hprotect_up(struct ctx *x, const struct grid *g, size_t a, size_t b,
    struct move *m, struct move *bm)
{
	const struct grid *ga, *gi;
	size_t pa, p2, b2, ri, nb = g->rel[1] ? g->C - 1 : 1;
	unsigned long bc = ULONG_MAX, c;

	for (ga = g->up, pa = g->par[a]; ga != NULL && pa != NONE;
	    pa = ga->par[pa], ga = ga->up) {
		for (p2 = 0; p2 + 1 < ga->R; p2++) {
			if (p2 == pa || !siblings(ga, pa, p2))
				continue;
			for (b2 = 0; b2 < nb; b2++) {
				size_t col[2] = { b, b2 };
				int s1[2] = { 1, -1 }, s2[2] = { -1, 1 };
				size_t nc = g->rel[1] ? 2 : 1;
				int ok;

				if (g->rel[1] && b2 == b)
					continue;
				m->n = 0;
				m->bad = 0;
				/* a's row and its ancestors' up to pa's */
				for (gi = g, ri = a; gi != ga; ri = gi->par[ri],
				    gi = gi->up) {
					mv_add(x, m, cell(gi, ri, b), 1);
					if (nc == 2)
						mv_add(x, m, cell(gi, ri, b2), -1);
				}
				mv_add(x, m, cell(ga, pa, b), 1);
				mv_add(x, m, cell(ga, p2, b), -1);
				if (nc == 2) {
					mv_add(x, m, cell(ga, pa, b2), -1);
					mv_add(x, m, cell(ga, p2, b2), 1);
				}
				ok = carry(x, g, a, col, s1, nc, m) &&
				    carry(x, ga, p2, col, s2, nc, m);
				if (!ok || !mv_ok(x, m))
					continue;
				if ((c = cycle_cost(x, m->q, m->n)) < bc) {
					struct move t = *bm;

					bc = c;
					*bm = *m;
					*m = t;
				}
			}
		}
		if (bm->n > 0)
			return;
	}
}

/*
 * Protects inner cell (a, b) of a table in a hierarchy: a rectangle (or
 * a pair, columns multi-response) with a sibling row, carried down; else
 * a rectangle through the rows' totals, moved in every table.
 */
static int
hprotect(struct ctx *x, struct grid *g, size_t a, size_t b)
{
	struct move m = { 0 }, bm = { 0 };
	size_t a2, b2, nb = g->rel[1] ? g->C - 1 : 1;
	unsigned long bc = ULONG_MAX, c;
	int via;

	for (via = 0; via < 2; via++) {
		for (a2 = 0; a2 + 1 < g->R; a2++) {
			if (a2 == a || !siblings(g, a, a2))
				continue;
			for (b2 = 0; b2 < nb; b2++) {
				size_t col[2];
				int s1[2] = { 1, -1 }, s2[2] = { -1, 1 };
				int ok;

				m.n = 0;
				m.bad = 0;
				if (via) {
					if (b2 > 0 || !g->rel[1])
						break;
					mv_add(x, &m, cell(g, a, b), 1);
					mv_add(x, &m, cell(g, a2, b), -1);
					ok = mpair(x, g->li, cell(g, a, g->C - 1),
					    cell(g, a2, g->C - 1), g->fam, b, &m);
				} else if (g->rel[1]) {
					if (b2 == b)
						continue;
					col[0] = b;
					col[1] = b2;
					mv_add(x, &m, cell(g, a, b), 1);
					mv_add(x, &m, cell(g, a, b2), -1);
					mv_add(x, &m, cell(g, a2, b), -1);
					mv_add(x, &m, cell(g, a2, b2), 1);
					ok = carry(x, g, a, col, s1, 2, &m) &&
					    carry(x, g, a2, col, s2, 2, &m);
				} else {
					col[0] = b;
					mv_add(x, &m, cell(g, a, b), 1);
					mv_add(x, &m, cell(g, a2, b), -1);
					ok = carry(x, g, a, col, s1, 1, &m) &&
					    carry(x, g, a2, col, s2, 1, &m);
				}
				if (!ok || !mv_ok(x, &m))
					continue;
				if ((c = cycle_cost(x, m.q, m.n)) < bc) {
					struct move t = bm;

					bc = c;
					bm = m;
					m = t;
				}
			}
		}
		if (bm.n > 0)
			break;
	}
	if (bm.n == 0)
		hprotect_up(x, g, a, b, &m, &bm);
	mv_free(&m);
	if (bm.n == 0) {
		mv_free(&bm);
		return 0;
	}
	mv_apply(x, &bm, 1);
	mv_free(&bm);
	return 1;
}

/*
 * A flagged region total (level li) moves with a sibling's: the cheapest
 * sibling whose move is good, else the largest.
 */
static void
hmargin(struct ctx *x, struct grid *g, size_t r)
{
	struct move m = { 0 }, bm = { 0 };
	size_t r2, q = cell(g, r, g->C - 1), best = NONE;
	unsigned long bc = ULONG_MAX, c, bv = 0;
	int good = 0;

	for (r2 = 0; r2 + 1 < g->R; r2++) {
		size_t q2 = cell(g, r2, g->C - 1);

		if (r2 == r || !siblings(g, r, r2))
			continue;
		if (best == NONE || x->val[q2] > bv) {
			best = r2;
			bv = x->val[q2];
		}
		m.n = 0;
		m.bad = 0;
		if (!mpair(x, g->li, q, q2, NONE, NONE, &m) || !mv_ok(x, &m))
			continue;
		if ((c = cycle_cost(x, m.q, m.n)) < bc) {
			struct move t = bm;

			bc = c;
			bm = m;
			m = t;
			good = 1;
		}
	}
	if (!good && best != NONE) {
		bm.n = 0;
		bm.bad = 0;
		mpair(x, g->li, q, cell(g, best, g->C - 1), NONE, NONE, &bm);
	}
	x->mprot[q] = 1;
	mv_apply(x, &bm, good);
	mv_free(&m);
	mv_free(&bm);
}

/* Margins and inner cells of the tables in a hierarchy. */
static unsigned long
hier_pass(struct ctx *x)
{
	unsigned long bad = 0;
	size_t i, a, b;

	for (i = 0; i < x->ng; i++) {
		struct grid *g = &x->g[i];

		if (g->li < 0)
			continue;
		for (a = 0; a + 1 < g->R; a++) {
			size_t q = cell(g, a, g->C - 1);

			if (x->sup[q] && !x->mprot[q] && !x->qprot[q])
				hmargin(x, g, a);
		}
	}
	for (i = 0; i < x->ng; i++) {
		struct grid *g = &x->g[i];

		if (g->li < 0 || g->t->nfields < 2)
			continue;
		for (a = 0; a + 1 < g->R; a++)
			for (b = 0; b + 1 < g->C; b++) {
				size_t q = cell(g, a, b);

				if (!x->sup[q] || x->qprot[q])
					continue;
				if (!hprotect(x, g, a, b))
					bad++;
			}
	}
	return bad;
}

/*
 * Margin q of a field across (risk) moves against q2 in a hierarchy's
 * coarsest table g: the best row, carried down.  dry: only whether one
 * is good.
 */
static int
hxmargin(struct ctx *x, struct grid *g, size_t q, size_t q2, int dry)
{
	struct move m = { 0 }, bm = { 0 };
	size_t j1 = NONE, j2 = NONE, j, r, col[2];
	int s1[2] = { 1, -1 }, good = 0;
	unsigned long bc = ULONG_MAX, c;

	for (j = 0; j + 1 < g->C; j++) {
		if (cell(g, g->R - 1, j) == q)
			j1 = j;
		if (cell(g, g->R - 1, j) == q2)
			j2 = j;
	}
	if (j1 == NONE || j2 == NONE)
		return 1;
	col[0] = j1;
	col[1] = j2;
	for (r = 0; r + 1 < g->R; r++) {
		m.n = 0;
		m.bad = 0;
		mv_add(x, &m, q, 1);
		mv_add(x, &m, q2, -1);
		mv_add(x, &m, cell(g, r, j1), 1);
		mv_add(x, &m, cell(g, r, j2), -1);
		if (!carry(x, g, r, col, s1, 2, &m) || !mv_ok(x, &m))
			continue;
		if ((c = cycle_cost(x, m.q, m.n)) < bc) {
			struct move t = bm;

			bc = c;
			bm = m;
			m = t;
			good = 1;
		}
	}
	if (!dry && good)
		mv_apply(x, &bm, 1);
	if (!dry && !good) {
		/* none good: the row with the most, hidden all the same */
		size_t br = 0;

		for (r = 0; r + 1 < g->R; r++)
			if (x->val[cell(g, r, j2)] > x->val[cell(g, br, j2)])
				br = r;
		bm.n = 0;
		bm.bad = 0;
		mv_add(x, &bm, cell(g, br, j1), 1);
		mv_add(x, &bm, cell(g, br, j2), -1);
		carry(x, g, br, col, s1, 2, &bm);
		mv_apply(x, &bm, 0);
	}
	mv_free(&m);
	mv_free(&bm);
	return good;
}

static int protect_margin(struct ctx *, size_t, size_t, size_t, int);

/*
 * Protects inner cell (a, b) through a total: the rectangle with its
 * total and another category's, whose totals then move together in every
 * table (protect_margin()).  Returns 1 when one was found.
 */
static int
protect_via_total(struct ctx *x, struct view *v, size_t a, size_t b)
{
	size_t q[4], best[4], a2, bn = 0, ba2 = NONE;
	int sg[4] = { 1, 1, -1, -1 }, dim;
	unsigned long bc = ULONG_MAX, c;

	for (dim = 0; dim < 2; dim++) {
		/* dim 0: this row's total, with another row's; 1: columns */
		struct view w;

		view_of(v->g, dim, &w);
		if (!w.along[1])
			continue;
		for (a2 = 0; a2 + 1 < w.A; a2++) {
			size_t aa = dim ? b : a, bb = dim ? a : b;

			if (a2 == aa)
				continue;
			q[0] = w.g->q[vcell(&w, aa, bb)];
			q[1] = w.g->q[vcell(&w, aa, w.B - 1)];
			q[2] = w.g->q[vcell(&w, a2, bb)];
			q[3] = w.g->q[vcell(&w, a2, w.B - 1)];
			if (!cycle_ok(x, q, sg, 4) || !protect_margin(x,
			    w.g->fid[dim], q[1], q[3], 1))
				continue;
			if ((c = cycle_cost(x, q, 4)) < bc) {
				bc = c;
				bn = 4;
				ba2 = (size_t)dim;
				memcpy(best, q, sizeof(q));
			}
		}
	}
	if (bn == 0)
		return 0;
	hide(x, best[0]);
	hide(x, best[1]);
	hide(x, best[2]);
	x->mprot[best[1]] = x->mprot[best[3]] = 1;
	protect_margin(x, v->g->fid[ba2], best[1], best[3], 0);
	mark(v->g, best, 4);
	return 1;
}

/*
 * Protects inner cell (a, b) of view v with the cheapest good cycle: a
 * rectangle when both relations hold, a pair in its column or row when
 * one does.  Returns 1 when one was found.
 */
static int
protect_inner(struct ctx *x, struct view *v, size_t a, size_t b)
{
	size_t best[4], q[4], n = 0, bn = 0, a2, b2;
	int sg[4], bsg[4];
	unsigned long bc = ULONG_MAX, c;
	size_t ia = v->along[0] ? v->A - 1 : 1, ib = v->along[1] ? v->B - 1 : 1;

	q[0] = v->g->q[vcell(v, a, b)];
	sg[0] = 1;
	for (a2 = 0; a2 < ia; a2++)
		for (b2 = 0; b2 < ib; b2++) {
			if (v->along[0] && v->along[1]) {
				if (a2 == a || b2 == b)
					continue;
				q[1] = v->g->q[vcell(v, a, b2)];
				q[2] = v->g->q[vcell(v, a2, b)];
				q[3] = v->g->q[vcell(v, a2, b2)];
				sg[1] = sg[2] = -1;
				sg[3] = 1;
				n = 4;
			} else if (v->along[0]) {
				if (a2 == a)
					continue;
				q[1] = v->g->q[vcell(v, a2, b)];
				sg[1] = -1;
				n = 2;
			} else {
				if (b2 == b)
					continue;
				q[1] = v->g->q[vcell(v, a, b2)];
				sg[1] = -1;
				n = 2;
			}
			if (!cycle_ok(x, q, sg, n))
				continue;
			if ((c = cycle_cost(x, q, n)) < bc) {
				bc = c;
				bn = n;
				memcpy(best, q, sizeof(q));
				memcpy(bsg, sg, sizeof(sg));
			}
		}
	if (bn == 0)
		return 0;
	for (n = 0; n < bn; n++)
		hide(x, best[n]);
	return 1;
}

/* The row (view a) of quantity q in the total column of v, or NONE. */
static size_t
find_margin(const struct view *v, size_t q)
{
	size_t a;

	for (a = 0; a + 1 < v->A; a++)
		if (v->g->q[vcell(v, a, v->B - 1)] == q)
			return a;
	return NONE;
}

/*
 * Moves margin q (a category of field fid) with its partner q2 in every
 * table showing the field: in a crosstab whose other field sums to the
 * margin, through the column of cells with the best cycle.
 */
static int
protect_margin(struct ctx *x, size_t fid, size_t q, size_t q2, int dry)
{
	size_t i;
	int d, good = 1;

	if (!dry)
		hide(x, q2);
	for (i = 0; i < x->ng; i++)
		for (d = 0; d < 2; d++) {
			struct grid *g = &x->g[i];
			struct view v;
			size_t a, a2, b, bb = NONE, cq[4];
			int sg[4] = { 1, 1, -1, -1 };
			unsigned long bc = ULONG_MAX, c;

			if (g->fid[d] != fid)
				continue;
			if (g->li >= 0) {	/* the coarsest, carried down */
				if (g->li == 0 && d == 1 &&
				    !hxmargin(x, g, q, q2, dry))
					good = 0;
				continue;
			}
			view_of(g, d, &v);
			if ((a = find_margin(&v, q)) == NONE ||
			    (a2 = find_margin(&v, q2)) == NONE)
				continue;
			cq[1] = q;
			cq[3] = q2;
			if (!v.along[1] || v.B < 2) {
				size_t two[2] = { q, q2 };
				int s2[2] = { 1, -1 };

				if (!cycle_ok(x, two, s2, 2))
					good = 0;
				else if (!dry)
					mark(g, two, 2);
				continue;
			}
			for (b = 0; b + 1 < v.B; b++) {
				cq[0] = g->q[vcell(&v, a, b)];
				cq[2] = g->q[vcell(&v, a2, b)];
				if (!cycle_ok(x, cq, sg, 4))
					continue;
				if ((c = cycle_cost(x, cq, 4)) < bc) {
					bc = c;
					bb = b;
				}
			}
			if (bb == NONE)
				good = 0;
			if (dry)
				continue;
			if (bb == NONE)	/* none good: the largest column */
				for (b = 0, c = 0; b + 1 < v.B; b++)
					if (bb == NONE || x->val[g->q[vcell(&v,
					    a2, b)]] > c) {
						bb = b;
						c = x->val[g->q[vcell(&v, a2, b)]];
					}
			cq[0] = g->q[vcell(&v, a, bb)];
			cq[2] = g->q[vcell(&v, a2, bb)];
			hide(x, cq[0]);
			hide(x, cq[2]);
			if (cycle_ok(x, cq, sg, 4))
				mark(g, cq, 4);
		}
	return good;
}

/* Takes a partner for each flagged margin without one. */
static void
margins(struct ctx *x)
{
	size_t f, i, j;

	for (f = 0; f < x->nf; f++) {
		struct field *fl = &x->f[f];

		if (x->hier && strncmp(fl->name, "region@", 7) == 0)
			continue;	/* hier_pass() */
		for (i = 0; i < fl->ncat; i++) {
			size_t q = fl->cat[i], best = NONE;
			unsigned long bc = ULONG_MAX;

			if (!x->sup[q] || x->mprot[q])
				continue;
			/* the cheapest partner with a good cycle in every table */
			for (j = 0; j < fl->ncat; j++) {
				size_t q2 = fl->cat[j];
				unsigned long v = x->val[q2], c;

				if (q2 == q || v + x->val[q] < x->k)
					continue;
				c = x->sup[q2] ? 0 : v + 1;
				if (c < bc && protect_margin(x, f, q, q2, 1)) {
					bc = c;
					best = q2;
				}
			}
			for (j = 0; best == NONE && j < fl->ncat; j++) {
				size_t q2 = fl->cat[j];
				unsigned long v = x->val[q2], c;

				if (q2 == q || v + x->val[q] < x->k)
					continue;
				c = x->sup[q2] ? 0 : v + 1;
				if (c < bc) {
					bc = c;
					best = q2;
				}
			}
			if (best == NONE)	/* the largest, whatever it is */
				for (j = 0; j < fl->ncat; j++)
					if (fl->cat[j] != q && (best == NONE ||
					    x->val[fl->cat[j]] > x->val[best]))
						best = fl->cat[j];
			if (best == NONE)
				continue;
			x->mprot[q] = x->mprot[best] = 1;
			protect_margin(x, f, q, best, 0);
		}
	}
}

/* Gives every flagged inner cell a cycle; returns how many had none. */
static unsigned long
inners(struct ctx *x)
{
	unsigned long bad = 0;
	size_t i, a, b;

	for (i = 0; i < x->ng; i++) {
		struct grid *g = &x->g[i];
		struct view v;

		if (g->t->nfields < 2)
			continue;
		/*
		 * Along a multi-response field a total is at least its largest
		 * category and at most their sum: a hidden total hides its
		 * categories too, else they would pin it down.
		 */
		for (a = 0; a < g->R; a++)
			for (b = 0; b < g->C; b++) {
				int rt = a + 1 == g->R, ct = b + 1 == g->C;

				if (g->t->multi[1] && !ct &&
				    x->sup[g->q[a * g->C + g->C - 1]] &&
				    x->val[g->q[a * g->C + b]] > 0)
					hide(x, g->q[a * g->C + b]);
				if (g->t->multi[0] && !rt &&
				    x->sup[g->q[(g->R - 1) * g->C + b]] &&
				    x->val[g->q[a * g->C + b]] > 0)
					hide(x, g->q[a * g->C + b]);
			}
		if (g->li >= 0)
			continue;	/* hier_pass() */
		view_of(g, 0, &v);
		for (a = 0; a + 1 < g->R; a++)
			for (b = 0; b + 1 < g->C; b++) {
				size_t cell = a * g->C + b;

				if (!x->sup[g->q[cell]] || g->prot[cell])
					continue;
				if (!g->rel[0] && !g->rel[1]) {
					g->prot[cell] = 1;
					continue;
				}
				if (protect_inner(x, &v, a, b) ||
				    protect_via_total(x, &v, a, b))
					g->prot[cell] = 1;
				else
					bad++;
			}
	}
	return bad;
}

/* --- the audit: every hidden cell's range by linear programming ------ */

/*
 * Everything published as one linear system, the way someone holding
 * the tables would put it: a relation is sum(coef * quantity) = 0
 * (single-response categories and their total; a region and its
 * subdivisions) or >= 0 (a multi-response field: its categories hold at
 * least the total, each at most it); every quantity is 0 or more.
 */
struct sys {
	size_t		*q;		/* terms of every relation */
	signed char	*co;
	size_t		 nt, capt;
	size_t		*off;		/* relation i: terms off[i] .. off[i+1] */
	unsigned char	*eq;		/* 1: = 0, 0: >= 0 */
	size_t		 nr, capr;
	size_t		*qr0, *qr;	/* relations of each quantity (CSR) */
	signed char	*qco;		/* and its coefficient in each */
};

static int
sys_term(struct sys *s, size_t q, int co)
{
	if (s->nt == s->capt) {
		size_t cap = s->capt ? 2 * s->capt : 1024;
		size_t *q2 = realloc(s->q, cap * sizeof(*q2));
		signed char *c2;

		if (q2 == NULL)
			return LBC_ENOMEM;
		s->q = q2;
		if ((c2 = realloc(s->co, cap)) == NULL)
			return LBC_ENOMEM;
		s->co = c2;
		s->capt = cap;
	}
	s->q[s->nt] = q;
	s->co[s->nt++] = (signed char)co;
	return 0;
}

/* Opens relation nr; its terms follow with sys_term(). */
static int
sys_rel(struct sys *s, int eq)
{
	if (s->nr + 1 >= s->capr) {
		size_t cap = s->capr ? 2 * s->capr : 256;
		size_t *o2 = realloc(s->off, (cap + 1) * sizeof(*o2));
		unsigned char *e2;

		if (o2 == NULL)
			return LBC_ENOMEM;
		s->off = o2;
		if ((e2 = realloc(s->eq, cap)) == NULL)
			return LBC_ENOMEM;
		s->eq = e2;
		s->capr = cap;
	}
	s->off[s->nr] = s->nt;
	s->eq[s->nr++] = (unsigned char)eq;
	s->off[s->nr] = s->nt;
	return 0;
}

static void
sys_end(struct sys *s)
{
	s->off[s->nr] = s->nt;
}

/*
 * The relation of parts p(0) .. p(n-1) (cell of g at (r0 + i*dr, c0 +
 * i*dc)) and their total t: equal (single-response), or, multi-response,
 * sum >= total and each part <= total.
 */
static int
sys_sum(struct sys *s, const struct grid *g, size_t r0, size_t c0, size_t dr,
    size_t dc, size_t n, size_t t, int single)
{
	size_t i;
	int rc;

	if ((rc = sys_rel(s, single)) != 0)
		return rc;
	for (i = 0; i < n; i++)
		if ((rc = sys_term(s, cell(g, r0 + i * dr, c0 + i * dc), 1)) != 0)
			return rc;
	if ((rc = sys_term(s, t, -1)) != 0)
		return rc;
	sys_end(s);
	if (single)
		return 0;
	for (i = 0; i < n; i++) {
		if ((rc = sys_rel(s, 0)) != 0 || (rc = sys_term(s, t, 1)) != 0 ||
		    (rc = sys_term(s, cell(g, r0 + i * dr, c0 + i * dc), -1)) != 0)
			return rc;
		sys_end(s);
	}
	return 0;
}

static int
sys_build(struct ctx *x, struct sys *s)
{
	size_t i, r, c, k, n;
	int rc;

	for (i = 0; i < x->ng; i++) {
		const struct grid *g = &x->g[i];

		if (g->t->nfields < 2) {
			if ((rc = sys_sum(s, g, 0, 0, 1, 0, g->R - 1,
			    cell(g, g->R - 1, 0), g->rel[0])) != 0)
				return rc;
		} else {
			for (r = 0; r < g->R; r++)
				if ((rc = sys_sum(s, g, r, 0, 0, 1, g->C - 1,
				    cell(g, r, g->C - 1), g->rel[1])) != 0)
					return rc;
			for (c = 0; c < g->C; c++)
				if ((rc = sys_sum(s, g, 0, c, 1, 0, g->R - 1,
				    cell(g, g->R - 1, c), g->rel[0])) != 0)
					return rc;
		}
		if (g->li < 0 || g->down == NULL)
			continue;
		/* a region's subdivisions sum to it, in every column */
		for (r = 0; r + 1 < g->R; r++) {
			if (g->kid0[r] == g->kid0[r + 1])
				continue;
			for (c = 0; c < g->C; c++) {
				if ((rc = sys_rel(s, 1)) != 0)
					return rc;
				for (k = g->kid0[r]; k < g->kid0[r + 1]; k++)
					if ((rc = sys_term(s, cell(g->down,
					    g->kids[k], c), 1)) != 0)
						return rc;
				if ((rc = sys_term(s, cell(g, r, c), -1)) != 0)
					return rc;
				sys_end(s);
			}
		}
	}
	/* the relations of each quantity */
	if ((s->qr0 = calloc(x->nq + 1, sizeof(*s->qr0))) == NULL ||
	    (s->qr = malloc((s->nt + 1) * sizeof(*s->qr))) == NULL ||
	    (s->qco = malloc(s->nt + 1)) == NULL)
		return LBC_ENOMEM;
	for (i = 0; i < s->nt; i++)
		s->qr0[s->q[i] + 1]++;
	for (i = 0; i < x->nq; i++)
		s->qr0[i + 1] += s->qr0[i];
	for (i = 0; i < s->nr; i++)
		for (n = s->off[i]; n < s->off[i + 1]; n++) {
			s->qco[s->qr0[s->q[n]]] = s->co[n];
			s->qr[s->qr0[s->q[n]]++] = i;
		}
	for (i = x->nq; i > 0; i--)
		s->qr0[i] = s->qr0[i - 1];
	s->qr0[0] = 0;
	return 0;
}

static void
sys_free(struct sys *s)
{
	free(s->q);
	free(s->co);
	free(s->off);
	free(s->eq);
	free(s->qr0);
	free(s->qr);
	free(s->qco);
}

/*
 * Quantities whose range is proven: ok[q] 1 when, hidden, some point
 * consistent with everything published has it K or more (true value
 * below K) or other than its true value (K or more).  Hiding more only
 * widens what is consistent (the true point stays in it), so a proof
 * holds for the rest of the run.
 */
#define EPS	1e-7
#define MOVED	1e-3	/* a cell of K or more: moved this much, not fixed */
#define NARROW	32	/* terms: a relation one hiding per round serves */
#define GROUP_MAX 256	/* cells tried in one solve */

static int
proven(const struct ctx *x, size_t q, double v)
{
	double t = (double)x->val[q];

	if (x->val[q] < x->k)
		return v >= (double)x->k - EPS;
	return v > t + EPS || v < t - EPS;
}

/*
 * The audit's linear program: a column for every hidden quantity, a row
 * for every relation that holds one, what is shown on the constant side.
 * It lives through the rounds: a quantity hidden since gets its column
 * and enters its rows, and the solver goes on from its last basis.
 */
struct alp {
	glp_prob	*lp;
	glp_smcp	 parm;
	int		*col;		/* quantity: its column, 0 shown */
	int		*row;		/* relation: its row, 0 none yet */
	double		*b;		/* relation: the constant side */
	size_t		*cq;		/* column: its quantity */
	size_t		 nc, capc;
	int		*ind;		/* one column, for glp_set_mat_col */
	double		*v;
	size_t		 capv;
	int		 term;		/* GLPK's terminal output before */
};

static int
alp_init(struct alp *a, const struct ctx *x, const struct sys *s)
{
	memset(a, 0, sizeof(*a));
	if ((a->col = calloc(x->nq + 1, sizeof(*a->col))) == NULL ||
	    (a->row = calloc(s->nr + 1, sizeof(*a->row))) == NULL ||
	    (a->b = calloc(s->nr + 1, sizeof(*a->b))) == NULL)
		return LBC_ENOMEM;
	/* stdout carries the tables: GLPK prints nothing there */
	a->term = glp_term_out(GLP_OFF);
	a->lp = glp_create_prob();
	glp_init_smcp(&a->parm);
	a->parm.msg_lev = GLP_MSG_OFF;
	a->parm.presolve = GLP_OFF;
	return 0;
}

static void
alp_free(struct alp *a)
{
	if (a->lp != NULL) {
		glp_delete_prob(a->lp);
		glp_term_out(a->term);
	}
	free(a->col);
	free(a->row);
	free(a->b);
	free(a->cq);
	free(a->ind);
	free(a->v);
}

static void
alp_bound(struct alp *a, const struct sys *s, size_t r)
{
	glp_set_row_bnds(a->lp, a->row[r], s->eq[r] ? GLP_FX : GLP_LO,
	    a->b[r], a->b[r]);
}

/* q, hidden now, becomes a column of the program. */
static int
alp_hide(struct alp *a, const struct ctx *x, const struct sys *s, size_t q)
{
	size_t i, k, n = 0, need = s->qr0[q + 1] - s->qr0[q] + 1;
	int j;

	if (a->nc + 2 > a->capc) {
		size_t cap = a->capc ? 2 * a->capc : 1024;
		size_t *c2 = realloc(a->cq, cap * sizeof(*c2));

		if (c2 == NULL)
			return LBC_ENOMEM;
		a->cq = c2;
		a->capc = cap;
	}
	if (need > a->capv) {
		int *i2 = realloc(a->ind, need * sizeof(*i2));
		double *v2;

		if (i2 == NULL)
			return LBC_ENOMEM;
		a->ind = i2;
		if ((v2 = realloc(a->v, need * sizeof(*v2))) == NULL)
			return LBC_ENOMEM;
		a->v = v2;
		a->capv = need;
	}
	j = glp_add_cols(a->lp, 1);
	glp_set_col_bnds(a->lp, j, GLP_LO, 0.0, 0.0);
	a->col[q] = j;
	a->cq[j] = q;
	a->nc = (size_t)j;
	for (i = s->qr0[q]; i < s->qr0[q + 1]; i++) {
		size_t r = s->qr[i], t;
		int co = s->qco[i];

		if (a->row[r] == 0) {
			/* the first hidden of r: all else is constant */
			a->row[r] = glp_add_rows(a->lp, 1);
			for (t = s->off[r]; t < s->off[r + 1]; t++)
				if (a->col[s->q[t]] == 0)
					a->b[r] -= s->co[t] *
					    (double)x->val[s->q[t]];
		} else
			a->b[r] += co * (double)x->val[q];
		alp_bound(a, s, r);
		/* q twice in r: one coefficient */
		for (k = 1; k <= n; k++)
			if (a->ind[k] == a->row[r])
				break;
		if (k > n) {
			a->ind[++n] = a->row[r];
			a->v[n] = 0.0;
		}
		a->v[k] += co;
	}
	glp_set_mat_col(a->lp, j, (int)n, a->ind, a->v);
	return 0;
}

/* Proves every hidden quantity the point now in the program moves enough. */
static size_t
alp_prove(const struct alp *a, const struct ctx *x, unsigned char *ok)
{
	size_t j, n = 0;

	for (j = 1; j <= a->nc; j++)
		if (!ok[a->cq[j]] && proven(x, a->cq[j],
		    glp_get_col_prim(a->lp, (int)j))) {
			ok[a->cq[j]] = 1;
			n++;
		}
	return n;
}

/*
 * The bound a cell is asked to reach: K or more (true value below K), or
 * above its true value; off puts back 0 or more.
 */
static void
alp_goal(struct alp *a, const struct ctx *x, int j, int on)
{
	size_t q = a->cq[j];

	if (!on)
		glp_set_col_bnds(a->lp, j, GLP_LO, 0.0, 0.0);
	else if (x->val[q] < x->k)
		glp_set_col_bnds(a->lp, j, GLP_LO, (double)x->k, 0.0);
	else
		glp_set_col_bnds(a->lp, j, GLP_LO, (double)x->val[q] + MOVED,
		    0.0);
}

/* 1: the program has a point, 0: none, -1: the solver failed. */
static int
alp_solve(struct alp *a)
{
	int st;

	if (glp_simplex(a->lp, &a->parm) != 0) {
		glp_std_basis(a->lp);
		if (glp_simplex(a->lp, &a->parm) != 0)
			return -1;
	}
	st = glp_get_status(a->lp);
	return st == GLP_OPT || st == GLP_FEAS ? 1 : st == GLP_NOFEAS ? 0 : -1;
}

/*
 * Tries the cells g[0 .. n-1] together, each at its goal: one solve
 * proves them all when a point has them there at once; else each half
 * is tried, down to one cell, which may then also go down (K or more).
 * Returns 0, or LBC_EARG when the solver fails.
 */
static int
alp_group(struct alp *a, const struct ctx *x, const int *g, size_t n,
    unsigned char *ok, size_t *failed)
{
	size_t i, q;
	int r;

	for (i = 0; i < n; i++)
		alp_goal(a, x, g[i], 1);
	r = alp_solve(a);
	for (i = 0; i < n; i++)
		alp_goal(a, x, g[i], 0);
	if (r < 0)
		return LBC_EARG;
	if (r > 0) {
		for (i = 0; i < n; i++)
			ok[a->cq[g[i]]] = 1;
		(void)alp_prove(a, x, ok);
		return 0;
	}
	if (n > 1) {
		++*failed;
		if ((r = alp_group(a, x, g, n / 2, ok, failed)) != 0)
			return r;
		for (i = n / 2; i < n && ok[a->cq[g[i]]]; i++)
			;
		return i < n ? alp_group(a, x, g + n / 2, n - n / 2, ok,
		    failed) : 0;
	}
	q = a->cq[g[0]];
	if (x->val[q] < x->k || (double)x->val[q] < MOVED)
		return 0;
	++*failed;
	glp_set_col_bnds(a->lp, g[0], GLP_DB, 0.0,
	    (double)x->val[q] - MOVED);
	r = alp_solve(a);
	glp_set_col_bnds(a->lp, g[0], GLP_LO, 0.0, 0.0);
	if (r < 0)
		return LBC_EARG;
	if (r > 0) {
		ok[q] = 1;
		(void)alp_prove(a, x, ok);
	}
	return 0;
}

/*
 * Audits the unproven hidden quantities: a point with the quantity at K
 * or more (true value below K), or moved either way (K or more).  Cells
 * are tried in groups that share no narrow relation, the size of a group
 * doubling while groups succeed and halving when they do not (a solve
 * costs about the same for one cell as for many).  Returns 0, or
 * LBC_EARG when the solver fails on a system that has a solution (the
 * true values).
 */
static int
alp_audit(struct alp *a, const struct ctx *x, const struct sys *s,
    unsigned char *ok, unsigned *seen, unsigned *stamp, int *g, int *todo)
{
	size_t j, i, n, nt = 0, left, want = 16, failed;
	int rc;

	for (j = 1; j <= a->nc; j++)
		if (!ok[a->cq[j]])
			todo[nt++] = (int)j;
	while (nt > 0) {
		/* a group: cells of no common narrow relation; the rest wait */
		++*stamp;
		for (n = 0, left = 0, j = 0; j < nt; j++) {
			size_t q = a->cq[todo[j]];

			if (ok[q])
				continue;
			for (i = s->qr0[q]; n < want && i < s->qr0[q + 1]; i++)
				if (seen[s->qr[i]] == *stamp)
					break;
			if (n == want || i < s->qr0[q + 1]) {
				todo[left++] = todo[j];
				continue;
			}
			for (i = s->qr0[q]; i < s->qr0[q + 1]; i++)
				if (s->off[s->qr[i] + 1] - s->off[s->qr[i]] <=
				    NARROW)
					seen[s->qr[i]] = *stamp;
			g[n++] = todo[j];
		}
		nt = left;
		if (n == 0)
			continue;
		failed = 0;
		if ((rc = alp_group(a, x, g, n, ok, &failed)) != 0)
			return rc;
		if (failed == 0 && want < GROUP_MAX)
			want *= 2;
		else if (failed > 0 && want > 1)
			want /= 2;
	}
	return 0;
}

/*
 * Relations of p (shown) that hold no hidden quantity: hidden alone in
 * an equality, p would be recomputed from it.
 */
static size_t
lonely(const struct alp *a, const struct sys *s, size_t p)
{
	size_t i, n = 0;

	for (i = s->qr0[p]; i < s->qr0[p + 1]; i++)
		if (a->row[s->qr[i]] == 0 && s->eq[s->qr[i]])
			n++;
	return n;
}

/*
 * Hides one more quantity for q, which the audit could not prove: of the
 * shown quantities in q's relations, one of K or more (room to move; a
 * hidden 0 would have to reach K itself), else the largest; among those,
 * one that would not be alone in its other relations (alone, it is
 * pinned there and needs a partner of its own), then the smallest (the
 * fewest children hidden).  Returns NONE when every one is hidden.
 */
static size_t
widen(const struct ctx *x, const struct sys *s, const struct alp *a,
    size_t q)
{
	size_t i, n, best = NONE, bl = 0;
	int wide;

	for (wide = 0; wide < 2 && best == NONE; wide++)
	for (i = s->qr0[q]; i < s->qr0[q + 1]; i++) {
		if ((s->off[s->qr[i] + 1] - s->off[s->qr[i]] > NARROW) != wide)
			continue;
		for (n = s->off[s->qr[i]]; n < s->off[s->qr[i] + 1]; n++) {
			size_t p = s->q[n], l;
			unsigned long v = x->val[p], w;

			if (x->sup[p] || p == best)
				continue;
			l = lonely(a, s, p);
			if (best != NONE) {
				w = x->val[best];
				if (w >= x->k && v < x->k)
					continue;
				if ((w >= x->k) == (v >= x->k) && (l > bl ||
				    (l == bl && (w >= x->k ? v >= w : v <= w))))
					continue;
			}
			best = p;
			bl = l;
		}
	}
	return best;
}

/*
 * widen() for q, or, its relations all hidden, for the hidden quantities
 * linked to it, nearest first.  seen and queue: scratch of nq.
 */
static size_t
widen_linked(const struct ctx *x, const struct sys *s, const struct alp *a,
    size_t q, unsigned *seen, unsigned stamp, size_t *queue)
{
	size_t head = 0, tail = 0, i, n, p;

	queue[tail++] = q;
	seen[q] = stamp;
	while (head < tail) {
		q = queue[head++];
		if ((p = widen(x, s, a, q)) != NONE)
			return p;
		for (i = s->qr0[q]; i < s->qr0[q + 1]; i++)
			for (n = s->off[s->qr[i]]; n < s->off[s->qr[i] + 1];
			    n++) {
				p = s->q[n];
				if (x->sup[p] && seen[p] != stamp) {
					seen[p] = stamp;
					queue[tail++] = p;
				}
			}
	}
	return NONE;
}

/*
 * Audits every hidden cell over the whole linked system and hides more
 * until each is proven; the quantities no hiding could prove are counted
 * in *unsafe.
 */
static int
audit(struct ctx *x, unsigned long *unsafe)
{
	struct sys s;
	struct alp a;
	size_t *queue = NULL, i, q, nf;
	unsigned char *ok = NULL, *touched = NULL;
	unsigned *seen = NULL, *rseen = NULL, stamp = 0, rstamp = 0;
	int *g = NULL, *todo = NULL, rc = 0;

	memset(&s, 0, sizeof(s));
	memset(&a, 0, sizeof(a));
	*unsafe = 0;
	if ((rc = sys_build(x, &s)) != 0 || (rc = alp_init(&a, x, &s)) != 0)
		goto done;
	if ((queue = malloc((x->nq + 1) * sizeof(*queue))) == NULL ||
	    (seen = calloc(x->nq + 1, sizeof(*seen))) == NULL ||
	    (ok = calloc(x->nq + 1, 1)) == NULL ||
	    (g = malloc(GROUP_MAX * sizeof(*g))) == NULL ||
	    (todo = malloc((x->nq + 1) * sizeof(*todo))) == NULL ||
	    (rseen = calloc(s.nr + 1, sizeof(*rseen))) == NULL ||
	    (touched = calloc(s.nr + 1, 1)) == NULL) {
		rc = LBC_ENOMEM;
		goto done;
	}
	for (q = 0; q < x->nq; q++)
		if (x->sup[q] && (rc = alp_hide(&a, x, &s, q)) != 0)
			goto done;
	if (a.nc > 0)
		glp_cpx_basis(a.lp);	/* a start nearer a point than all-slack */
	for (;;) {
		size_t added = 0, audited;

		if ((rc = alp_audit(&a, x, &s, ok, rseen, &rstamp, g,
		    todo)) != 0)
			goto done;
		audited = a.nc;
		memset(touched, 0, s.nr + 1);
		for (nf = 0, q = 0; q < x->nq; q++) {
			size_t p;

			/* a cell hidden in this round waits for its audit */
			if (!x->sup[q] || ok[q] || (size_t)a.col[q] > audited)
				continue;
			nf++;
			/* one more hidden per narrow relation and round */
			for (i = s.qr0[q]; i < s.qr0[q + 1]; i++)
				if (touched[s.qr[i]])
					break;
			if (i < s.qr0[q + 1])
				continue;
			if ((p = widen_linked(x, &s, &a, q, seen, ++stamp,
			    queue)) == NONE)
				continue;
			x->sup[p] = LBC_SUPP_SECONDARY;
			if ((rc = alp_hide(&a, x, &s, p)) != 0)
				goto done;
			/*
			 * Its narrow relations wait for the next round: a row
			 * of a few cells needs one more hidden, not one for
			 * each cell in it; a wide one (a column over every
			 * village) would hold the round to a handful.
			 */
			for (i = s.qr0[p]; i < s.qr0[p + 1]; i++)
				if (s.off[s.qr[i] + 1] - s.off[s.qr[i]] <= NARROW)
					touched[s.qr[i]] = 1;
			added++;
		}
		if (nf == 0 || added == 0) {
			*unsafe = nf;
			break;
		}
	}
done:
	sys_free(&s);
	alp_free(&a);
	free(queue);
	free(seen);
	free(rseen);
	free(g);
	free(todo);
	free(ok);
	free(touched);
	return rc;
}

int
lbc_suppress(const struct lbc_table *const *tables, size_t n, unsigned k,
    struct lbc_supp *out)
{
	return lbc_suppress_levels(tables, NULL, n, k, out);
}

int
lbc_suppress_levels(const struct lbc_table *const *tables, const int *level,
    size_t n, unsigned k, struct lbc_supp *out)
{
	struct ctx x;
	size_t i, j, round;
	unsigned long bad = 0;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (k < 2)
		return LBC_EARG;
	memset(&x, 0, sizeof(x));
	x.k = k;
	if ((x.keys = lbc_strmap_new()) == NULL ||
	    (x.g = calloc(n + 1, sizeof(*x.g))) == NULL) {
		rc = LBC_ENOMEM;
		goto done;
	}
	for (i = 0; i < n; i++, x.ng++)
		if ((rc = build(&x, &x.g[i], tables[i],
		    level != NULL ? level[i] : 0)) != 0)
			goto done;
	if (level != NULL && (rc = link_levels(&x, level, n)) != 0)
		goto done;
	for (i = 0; i < x.nq; i++)
		if (x.val[i] >= 1 && x.val[i] < x.k)
			x.sup[i] = LBC_SUPP_PRIMARY;
	for (round = 0; round < 50; round++) {
		x.changed = 0;
		margins(&x);
		bad = inners(&x);
		if (x.hier)
			bad += hier_pass(&x);
		if (!x.changed)
			break;
	}
	(void)bad;	/* the audit decides */
	if ((rc = audit(&x, &out->unsafe)) != 0)
		goto done;
	if ((out->mask = calloc(n + 1, sizeof(*out->mask))) == NULL) {
		rc = LBC_ENOMEM;
		goto done;
	}
	out->ntables = n;
	for (i = 0; i < n; i++) {
		struct grid *g = &x.g[i];

		if ((out->mask[i] = malloc(g->R * g->C + 1)) == NULL) {
			rc = LBC_ENOMEM;
			goto done;
		}
		for (j = 0; j < g->R * g->C; j++) {
			out->mask[i][j] = x.sup[g->q[j]];
			if (x.sup[g->q[j]] == LBC_SUPP_PRIMARY)
				out->primary++;
			else if (x.sup[g->q[j]])
				out->secondary++;
		}
	}
done:
	for (i = 0; i < x.ng; i++) {
		free(x.g[i].q);
		free(x.g[i].prot);
		free(x.g[i].par);
		free(x.g[i].kid0);
		free(x.g[i].kids);
	}
	free(x.g);
	for (i = 0; i < x.nf; i++) {
		free(x.f[i].name);
		free(x.f[i].cat);
	}
	free(x.f);
	free(x.val);
	free(x.sup);
	free(x.mprot);
	free(x.qprot);
	lbc_strmap_free(x.keys);
	if (rc == 0 && x.err != 0)
		rc = x.err;
	if (rc != 0)
		lbc_suppress_free(out);
	return rc;
}

void
lbc_suppress_free(struct lbc_supp *s)
{
	size_t i;

	if (s->mask != NULL)
		for (i = 0; i < s->ntables; i++)
			free(s->mask[i]);
	free(s->mask);
	memset(s, 0, sizeof(*s));
}

int
lbc_supp_cell(const struct lbc_supp *s, const struct lbc_table *t, size_t i,
    size_t r, size_t c)
{
	size_t nv = lbc_table_nvalues(t);

	if (s == NULL || s->mask == NULL || i >= s->ntables)
		return 0;
	if (t->nfields < 2 || c > nv - 1)
		c = t->nfields < 2 ? 0 : nv - 1;
	return s->mask[i][r * nv + c];
}

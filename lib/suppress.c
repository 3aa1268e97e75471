#include <limits.h>
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
		x->capq = cap;
	}
	x->val[q] = v;
	x->sup[q] = 0;
	x->mprot[q] = 0;
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
inner(struct ctx *x, const struct lbc_table *t, size_t r, size_t c,
    unsigned long v)
{
	struct lbc_buf b = { 0 };
	int swap = strcmp(t->field[0], t->field[1]) > 0;
	size_t q;

	lbc_buf_adds(&b, t->field[swap]);
	lbc_buf_add(&b, "\x1f", 1);
	lbc_buf_adds(&b, swap ? t->col[c].code : t->row[r].code);
	lbc_buf_add(&b, "\x1e", 1);
	lbc_buf_adds(&b, t->field[!swap]);
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

static int
build(struct ctx *x, struct grid *g, const struct lbc_table *t)
{
	size_t r, c;

	g->t = t;
	g->R = t->nrows + 1;
	g->C = lbc_table_nvalues(t);
	if ((g->q = calloc(g->R * g->C, sizeof(*g->q))) == NULL ||
	    (g->prot = calloc(g->R * g->C, 1)) == NULL)
		return LBC_ENOMEM;
	g->fid[0] = field_id(x, t->field[0]);
	g->fid[1] = t->nfields == 2 ? field_id(x, t->field[1]) : NONE;
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
				*q = inner(x, t, r, c, v);
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

int
lbc_suppress(const struct lbc_table *const *tables, size_t n, unsigned k,
    struct lbc_supp *out)
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
		if ((rc = build(&x, &x.g[i], tables[i])) != 0)
			goto done;
	for (i = 0; i < x.nq; i++)
		if (x.val[i] >= 1 && x.val[i] < x.k)
			x.sup[i] = LBC_SUPP_PRIMARY;
	for (round = 0; round < 50; round++) {
		x.changed = 0;
		margins(&x);
		bad = inners(&x);
		if (!x.changed)
			break;
	}
	out->unsafe = bad;
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

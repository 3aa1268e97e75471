#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "rec.h"
#include "stats.h"
#include "tabprint.h"

static void
put_num(struct lbc_writer *w, const char *fmt, double v)
{
	char s[64];

	if (isnan(v))
		s[0] = '\0';
	else
		snprintf(s, sizeof(s), fmt, v);
	lbc_writer_raw(w, s, strlen(s));
}

static int
put_chisq(struct lbc_writer *w, const struct lbc_test *x)
{
	const struct lbc_chisq *c = &x->x;
	struct lbc_buf b = { 0 };

	if (!x->ok)
		lbc_buf_printf(&b, "chi2=NA\tdf=0\tn=%lu\twarning=fewer than two "
		    "rows or columns with children", c->n);
	else {
		lbc_buf_printf(&b, "chi2=%.4f\tdf=%d\tp=%.4g\tV=%.4f\tn=%lu\t"
		    "min_expected=%.2f\tsmall=%zu\tcells=%zu", c->chi2, c->df,
		    c->p, c->v, c->n, c->min_expected, c->small, c->cells);
		if (c->small > 0)
			lbc_buf_printf(&b, "\twarning=expected count below 5 in "
			    "%zu of %zu cells: the test is not reliable",
			    c->small, c->cells);
	}
	if (b.p == NULL)
		return LBC_ENOMEM;
	lbc_writer_raw(w, b.p, b.len);
	lbc_buf_free(&b);
	return 0;
}

/* One test line: what kind, then its figures. */
static int
put_test(struct lbc_writer *w, const struct lbc_table *t,
    const struct lbc_test *x)
{
	struct lbc_buf b = { 0 };
	int rc;

	lbc_writer_raw(w, "#", 1);
	if (x->kind == LBC_TEST_NONE) {
		lbc_writer_puts(w, "test=none");
		lbc_writer_puts(w, "note=both fields are multi-response");
		rc = 0;
	} else if (x->kind == LBC_TEST_PEARSON) {
		lbc_writer_puts(w, "test=pearson");
		rc = put_chisq(w, x);
	} else {
		lbc_writer_puts(w, "test=category");
		if (lbc_buf_printf(&b, "cat=%s", x->dim == 0 ?
		    t->row[x->cat].label : t->col[x->cat].label) != 0)
			return LBC_ENOMEM;
		lbc_writer_put(w, b.p, b.len);
		lbc_buf_free(&b);
		rc = put_chisq(w, x);
	}
	lbc_writer_end(w);
	return rc;
}

static int
put_tests(struct lbc_writer *w, const struct lbc_table *t)
{
	struct lbc_test *tests;
	size_t n, i;
	int rc = 0;

	if (t->multi[0] || t->multi[1]) {
		lbc_writer_raw(w, "#", 1);
		lbc_writer_puts(w, t->nfields < 2 || (t->multi[0] &&
		    t->multi[1]) ? "note=multi-response: a child counts once "
		    "under each of its categories, 合计 counts children" :
		    "note=multi-response: a child counts once under each of "
		    "its categories, 合计 counts children; no test of the whole "
		    "table, one test per category (children with it or not, "
		    "across the other field)");
		lbc_writer_end(w);
	}
	if (lbc_stats_table(t, &tests, &n) != 0)
		return LBC_ENOMEM;
	for (i = 0; i < n && rc == 0; i++)
		rc = put_test(w, t, &tests[i]);
	free(tests);
	return rc;
}

/* The header line: the corner naming the fields, then the value columns. */
static int
put_header(struct lbc_writer *w, const struct lbc_table *t, enum lbc_pct pct,
    int ci)
{
	struct lbc_buf corner = { 0 };
	size_t nv = lbc_table_nvalues(t), j;

	/* a region's name columns, the last one the corner */
	for (j = 0; j + 1 < t->nnames[0]; j++)
		lbc_writer_puts(w, lbc_tally_name_title(j));
	lbc_buf_adds(&corner, t->nnames[0] > 0 ?
	    lbc_tally_name_title(t->nnames[0] - 1) : t->field[0]);
	if (t->nfields == 2) {
		lbc_buf_adds(&corner, "×");
		lbc_buf_adds(&corner, t->field[1]);
	}
	if (corner.p == NULL)
		return LBC_ENOMEM;
	lbc_writer_put(w, corner.p, corner.len);
	lbc_buf_free(&corner);
	for (j = 0; j < nv; j++) {
		lbc_writer_puts(w, lbc_table_value_label(t, j));
		if (pct != LBC_PCT_NONE)
			lbc_writer_puts(w, "%");
		if (ci) {
			lbc_writer_puts(w, "下限%");
			lbc_writer_puts(w, "上限%");
		}
	}
	lbc_writer_end(w);
	return 0;
}

/* 1 when cell (r, c) of t is flagged in supp (NULL: none is). */
static int
hidden(const struct lbc_table *t, const unsigned char *supp, size_t r,
    size_t c)
{
	return supp != NULL && supp[r * lbc_table_nvalues(t) +
	    (t->nfields < 2 ? 0 : c)] != 0;
}

/* 1 when the denominator of cell (r, c)'s percentage is flagged. */
static int
denom_hidden(const struct lbc_table *t, const unsigned char *supp,
    enum lbc_pct pct, size_t r, size_t c)
{
	if (t->nfields < 2 || pct == LBC_PCT_ALL)
		return hidden(t, supp, t->nrows, t->ncols);
	if (pct == LBC_PCT_COL)
		return hidden(t, supp, t->nrows, c);
	return hidden(t, supp, r, t->ncols);
}

static int
any_hidden(const struct lbc_table *t, const unsigned char *supp)
{
	size_t i, n = (t->nrows + 1) * lbc_table_nvalues(t);

	for (i = 0; supp != NULL && i < n; i++)
		if (supp[i])
			return 1;
	return 0;
}

int
lbc_tabprint_table(struct lbc_writer *w, const struct lbc_table *t,
    enum lbc_pct pct, int ci)
{
	return lbc_tabprint_table_supp(w, t, pct, ci, NULL);
}

int
lbc_tabprint_table_supp(struct lbc_writer *w, const struct lbc_table *t,
    enum lbc_pct pct, int ci, const unsigned char *supp)
{
	size_t nv = lbc_table_nvalues(t), r, j;
	int rc;

	if ((rc = put_header(w, t, pct, ci)) != 0)
		return rc;
	for (r = 0; r <= t->nrows; r++) {
		if (t->nnames[0] == 0)
			lbc_writer_puts(w, r < t->nrows ? t->row[r].label :
			    "合计");
		for (j = 0; j < t->nnames[0]; j++)
			lbc_writer_puts(w, r < t->nrows ? t->row[r].name[j] :
			    j == 0 ? "合计" : "");
		for (j = 0; j < nv; j++) {
			unsigned long x = lbc_table_count(t, r, j);
			unsigned long d = lbc_table_denom(t, pct, r, j);
			double lo, hi;
			int h = hidden(t, supp, r, j) ||
			    denom_hidden(t, supp, pct, r, j);

			if (hidden(t, supp, r, j))
				lbc_writer_puts(w, "*");
			else
				lbc_writer_ulong(w, x);
			if (pct == LBC_PCT_NONE)
				continue;
			put_num(w, "%.1f", d && !h ? 100.0 * x / d : NAN);
			if (ci) {
				if (h || lbc_table_is_base(t, pct, r, j))
					lo = hi = NAN;
				else
					lbc_stats_wilson(x, d, &lo, &hi);
				put_num(w, "%.1f", 100 * lo);
				put_num(w, "%.1f", 100 * hi);
			}
		}
		lbc_writer_end(w);
	}
	if (any_hidden(t, supp)) {
		lbc_writer_raw(w, "#", 1);
		lbc_writer_puts(w, "note=* suppressed (fewer than K children, or "
		    "hiding such a cell); no tests");
		lbc_writer_end(w);
		return 0;
	}
	if (t->nfields == 2 || t->multi[0])
		return put_tests(w, t);
	return 0;
}

struct longctx {
	struct lbc_writer		*w;
	const struct lbc_table		*t;
};

/* A region's names in a long line, after every code. */
static void
long_names(struct lbc_writer *w, const struct lbc_table *t, size_t r,
    size_t c)
{
	size_t j;

	for (j = 0; j < t->nnames[0]; j++)
		lbc_writer_puts(w, t->row[r].name[j]);
	for (j = 0; t->nfields == 2 && j < t->nnames[1]; j++)
		lbc_writer_puts(w, t->col[c].name[j]);
}

static int
long_cell(void *arg, size_t r, size_t c, unsigned long n)
{
	struct longctx *lc = arg;

	lbc_writer_puts(lc->w, lc->t->row[r].code);
	if (lc->t->nfields == 2)
		lbc_writer_puts(lc->w, lc->t->col[c].code);
	if (lc->t->layer != NULL)
		lbc_writer_puts(lc->w, lc->t->layer_code);
	long_names(lc->w, lc->t, r, c);
	lbc_writer_ulong(lc->w, n);
	lbc_writer_end(lc->w);
	return 0;
}

/* The fields, the layer's, a region's name columns, then count. */
static void
long_header(struct lbc_writer *w, const struct lbc_table *t)
{
	size_t j;

	lbc_writer_puts(w, t->field[0]);
	if (t->nfields == 2)
		lbc_writer_puts(w, t->field[1]);
	if (t->layer != NULL)
		lbc_writer_puts(w, t->layer_field);
	/* names after every code, so the codes stay where they were */
	for (j = 0; j < t->nnames[0]; j++)
		lbc_writer_puts(w, lbc_tally_name_title(j));
	for (j = 0; t->nfields == 2 && j < t->nnames[1]; j++)
		lbc_writer_puts(w, lbc_tally_name_title(j));
	lbc_writer_puts(w, "count");
	lbc_writer_end(w);
}

int
lbc_tabprint_long(struct lbc_writer *w, const struct lbc_table *t)
{
	return lbc_tabprint_long_supp(w, t, NULL);
}

int
lbc_tabprint_long_supp(struct lbc_writer *w, const struct lbc_table *t,
    const unsigned char *supp)
{
	struct longctx lc = { w, t };
	size_t r, c, nc = t->nfields < 2 ? 1 : t->ncols;

	long_header(w, t);
	if (supp == NULL)
		return lbc_table_cells(t, long_cell, &lc);
	/* every cell with children or flagged, flagged ones as * */
	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < nc; c++) {
			unsigned long n = lbc_table_count(t, r, c);

			if (n == 0 && !hidden(t, supp, r, c))
				continue;
			lbc_writer_puts(w, t->row[r].code);
			if (t->nfields == 2)
				lbc_writer_puts(w, t->col[c].code);
			if (t->layer != NULL)
				lbc_writer_puts(w, t->layer_code);
			long_names(w, t, r, c);
			if (hidden(t, supp, r, c))
				lbc_writer_puts(w, "*");
			else
				lbc_writer_ulong(w, n);
			lbc_writer_end(w);
		}
	return 0;
}

int
lbc_tabprint_caption(struct lbc_writer *w, const struct lbc_table *t,
    const char *where)
{
	struct lbc_buf b = { 0 };
	int rc = 0;

	if (where != NULL)
		rc = lbc_buf_adds(&b, where);
	if (rc == 0 && t->layer != NULL)
		rc = lbc_buf_printf(&b, "%s%s：%s", where ? "；" : "",
		    t->layer_title, t->layer);
	if (rc == 0 && b.len > 0) {
		lbc_writer_puts(w, b.p);
		lbc_writer_end(w);
	}
	lbc_buf_free(&b);
	return rc != 0 ? LBC_ENOMEM : 0;
}

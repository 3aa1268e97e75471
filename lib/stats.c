#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "err.h"
#include "stats.h"
#include "tally.h"

int
lbc_stats_chisq(const unsigned long *obs, size_t r, size_t c,
    struct lbc_chisq *out)
{
	double *rs, *cs, n = 0, chi2 = 0, e, d, mine = INFINITY;
	size_t i, j, rr = 0, cc = 0, small = 0;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	rs = calloc(r + 1, sizeof(*rs));
	cs = calloc(c + 1, sizeof(*cs));
	if (rs == NULL || cs == NULL) {
		free(rs);
		free(cs);
		return LBC_ENOMEM;
	}
	for (i = 0; i < r; i++)
		for (j = 0; j < c; j++) {
			rs[i] += (double)obs[i * c + j];
			cs[j] += (double)obs[i * c + j];
			n += (double)obs[i * c + j];
		}
	for (i = 0; i < r; i++)
		rr += rs[i] > 0;
	for (j = 0; j < c; j++)
		cc += cs[j] > 0;
	out->n = (unsigned long)n;
	if (rr < 2 || cc < 2) {
		rc = LBC_EARG;
		goto done;
	}
	for (i = 0; i < r; i++) {
		if (rs[i] == 0)
			continue;
		for (j = 0; j < c; j++) {
			if (cs[j] == 0)
				continue;
			e = rs[i] * cs[j] / n;
			d = (double)obs[i * c + j] - e;
			chi2 += d * d / e;
			if (e < mine)
				mine = e;
			small += e < 5;
		}
	}
	out->chi2 = chi2;
	out->df = (int)((rr - 1) * (cc - 1));
	out->p = gsl_cdf_chisq_Q(chi2, out->df);
	out->v = sqrt(chi2 / (n * (double)((rr < cc ? rr : cc) - 1)));
	out->min_expected = mine;
	out->small = small;
	out->cells = rr * cc;
done:
	free(rs);
	free(cs);
	return rc;
}

int
lbc_stats_wilson(unsigned long x, unsigned long n, double *lo, double *hi)
{
	double z = gsl_cdf_ugaussian_Qinv(0.025), z2 = z * z, p, nn, den, mid,
	    half;

	if (n == 0) {
		*lo = *hi = NAN;
		return LBC_EARG;
	}
	nn = (double)n;
	p = (double)x / nn;
	den = 1 + z2 / nn;
	mid = (p + z2 / (2 * nn)) / den;
	half = z * sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / den;
	*lo = x == 0 || mid - half < 0 ? 0 : mid - half;
	*hi = x == n || mid + half > 1 ? 1 : mid + half;
	return 0;
}

static int
push(struct lbc_test **v, size_t *n, const struct lbc_test *t)
{
	struct lbc_test *p = realloc(*v, (*n + 1) * sizeof(*p));

	if (p == NULL)
		return LBC_ENOMEM;
	*v = p;
	p[(*n)++] = *t;
	return 0;
}

/* Pearson on the table without its 未填 rows and columns. */
static int
pearson(const struct lbc_table *t, struct lbc_test *out)
{
	unsigned long *obs;
	size_t i, j;
	int rc;

	if ((obs = calloc(t->nrows * t->ncols + 1, sizeof(*obs))) == NULL)
		return LBC_ENOMEM;
	for (i = 0; i < t->nrows; i++)
		for (j = 0; j < t->ncols; j++)
			if (!t->row[i].missing && !t->col[j].missing)
				obs[i * t->ncols + j] = lbc_table_count(t, i, j);
	rc = lbc_stats_chisq(obs, t->nrows, t->ncols, &out->x);
	free(obs);
	if (rc == LBC_ENOMEM)
		return rc;
	out->kind = LBC_TEST_PEARSON;
	out->ok = rc == 0;
	return 0;
}

/* The 2 x k test of category k of dim md against the other dim. */
static int
category(const struct lbc_table *t, int md, size_t k, struct lbc_test *out)
{
	const struct lbc_tally_cat *other = md == 0 ? t->col : t->row;
	size_t no = md == 0 ? t->ncols : t->nrows, j;
	unsigned long *obs, with;
	int rc;

	if ((obs = calloc(2 * no + 1, sizeof(*obs))) == NULL)
		return LBC_ENOMEM;
	for (j = 0; j < no; j++) {
		if (other[j].missing)
			continue;
		with = md == 0 ? lbc_table_count(t, k, j) :
		    lbc_table_count(t, j, k);
		obs[j] = with;
		obs[no + j] = other[j].n - with;
	}
	rc = lbc_stats_chisq(obs, 2, no, &out->x);
	free(obs);
	if (rc == LBC_ENOMEM)
		return rc;
	out->kind = LBC_TEST_CATEGORY;
	out->dim = md;
	out->cat = k;
	out->ok = rc == 0;
	return 0;
}

int
lbc_stats_table(const struct lbc_table *t, struct lbc_test **tests,
    size_t *n)
{
	struct lbc_test one;
	const struct lbc_tally_cat *cats;
	size_t k, nc;
	int md, rc;

	*tests = NULL;
	*n = 0;
	if (t->nfields < 2)
		return 0;
	memset(&one, 0, sizeof(one));
	if (t->multi[0] && t->multi[1]) {
		one.kind = LBC_TEST_NONE;
		return push(tests, n, &one);
	}
	if (!t->multi[0] && !t->multi[1]) {
		if ((rc = pearson(t, &one)) != 0)
			return rc;
		return push(tests, n, &one);
	}
	md = t->multi[0] ? 0 : 1;
	cats = md == 0 ? t->row : t->col;
	nc = md == 0 ? t->nrows : t->ncols;
	for (k = 0; k < nc; k++) {
		if (cats[k].n == 0 || cats[k].missing)
			continue;
		if ((rc = category(t, md, k, &one)) != 0 ||
		    (rc = push(tests, n, &one)) != 0) {
			free(*tests);
			*tests = NULL;
			*n = 0;
			return rc;
		}
	}
	return 0;
}

/*
 * stats.h: tests and intervals for the tables (through GSL).
 *
 * Pearson's chi-square test of independence on an r x c table of counts:
 * statistic, degrees of freedom, p = Q(chi2; df) of the chi-square
 * distribution, Cramér's V = sqrt(chi2 / (n (min(r, c) - 1))).  Rows and
 * columns without any count are left out before the test (their expected
 * counts would be 0); the test is not possible when fewer than two rows or
 * columns remain.  The approximation is unreliable when an expected count
 * is below 5: min_expected and small say so.
 *
 * In a table of lbc_tally the 未填 rows and columns are left out (unknown
 * values are not a category to test).  A table with a multi-response field
 * counts a child in several cells, so its cells are not independent
 * observations and Pearson's test on the whole table would be wrong.  For
 * such a table lbc_stats_table() gives instead one valid test per category
 * of the multi-response field: is the share of children with that category
 * the same in every category of the other field (a 2 x k table: with the
 * category, without it)?  When both fields are multi-response there is no
 * test.
 */
#ifndef LBC_STATS_H
#define LBC_STATS_H

#include <stddef.h>

struct lbc_table;

struct lbc_chisq {
	double		 chi2;
	int		 df;		/* 0: no test possible */
	double		 p;
	double		 v;		/* Cramér's V */
	unsigned long	 n;		/* counts in the test */
	double		 min_expected;
	size_t		 small;		/* cells with expected count < 5 */
	size_t		 cells;		/* cells in the test */
};

/*
 * Tests obs (r rows of c counts, row-major).  Returns 0, or LBC_EARG when
 * fewer than two rows or columns have counts (out->df is then 0 and only
 * out->n is set).
 */
int	lbc_stats_chisq(const unsigned long *obs, size_t r, size_t c,
	    struct lbc_chisq *out);

/*
 * Wilson's 95% interval for the proportion x/n.  Returns 0, or LBC_EARG
 * when n is 0 (*lo and *hi then NaN).
 */
int	lbc_stats_wilson(unsigned long x, unsigned long n, double *lo,
	    double *hi);

enum lbc_test_kind {
	LBC_TEST_PEARSON,	/* the whole table */
	LBC_TEST_CATEGORY,	/* one category of a multi-response field */
	LBC_TEST_NONE		/* both fields multi-response */
};

struct lbc_test {
	enum lbc_test_kind	 kind;
	int			 dim;	/* CATEGORY: 0 rows, 1 columns */
	size_t			 cat;	/* CATEGORY: its row or column */
	int			 ok;	/* 0: no test possible (x.df == 0) */
	struct lbc_chisq	 x;
};

/*
 * The tests of a crosstab (nothing for a list): one PEARSON, one
 * CATEGORY per category with children of the multi-response field, or
 * one NONE.  *tests is allocated (free() it).  Returns 0 or LBC_ENOMEM.
 */
int	lbc_stats_table(const struct lbc_table *t, struct lbc_test **tests,
	    size_t *n);

#endif

/*
 * Chi-square tests and Wilson intervals against values computed apart
 * from GSL: Pearson's statistic by hand, p from the closed forms of the
 * chi-square survival function (even df: e^(-x/2) sum (x/2)^i/i!, odd df:
 * erfc(sqrt(x/2)) plus a finite sum), in Python's math module.
 */
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "codebook.h"
#include "err.h"
#include "fold.h"
#include "rec.h"
#include "stats.h"
#include "tally.h"

#define NEAR(got, want, tol, what) \
	CHECK(fabs((got) - (want)) <= (tol), what)

static void
known_tables(void)
{
	static const unsigned long a[] = { 10, 20, 30, 40 };
	static const unsigned long b[] = { 12, 5, 7, 3, 9, 11, 6, 6, 2 };
	static const unsigned long c[] = { 0, 0, 0, 5, 0, 3, 2, 0, 9 };
	static const unsigned long d[] = { 100, 150, 250, 120, 130, 250, 80,
	    170, 250 };
	static const unsigned long e[] = { 1000, 10, 10, 1000 };
	static const unsigned long one[] = { 4, 5, 6 };
	struct lbc_chisq x;

	CHECK_INT(lbc_stats_chisq(a, 2, 2, &x), 0, "2x2 tested");
	NEAR(x.chi2, 0.7936507936507936, 1e-12, "2x2 chi2 (no Yates)");
	CHECK_INT(x.df, 1, "2x2 df");
	NEAR(x.p, 0.37299848361348714, 1e-12, "2x2 p");
	NEAR(x.v, 0.0890870806374748, 1e-12, "2x2 Cramér's V");
	CHECK_INT(x.n, 100, "2x2 n");
	NEAR(x.min_expected, 12, 1e-12, "2x2 smallest expected count");
	CHECK_INT(x.small, 0, "2x2 no small expected counts");

	CHECK_INT(lbc_stats_chisq(b, 3, 3, &x), 0, "3x3 tested");
	NEAR(x.chi2, 9.9400140490979, 1e-10, "3x3 chi2");
	CHECK_INT(x.df, 4, "3x3 df");
	NEAR(x.p, 0.041450351368872665, 1e-12, "3x3 p");
	NEAR(x.v, 0.2854391791478629, 1e-12, "3x3 V");
	CHECK_INT(x.small, 3, "3x3: three expected counts below 5");
	CHECK_INT(x.cells, 9, "3x3 cells");

	CHECK_INT(lbc_stats_chisq(c, 3, 3, &x), 0, "empty row and column");
	NEAR(x.chi2, 3.9094967532467533, 1e-10, "empty row and column dropped");
	CHECK_INT(x.df, 1, "df of the 2x2 left");
	NEAR(x.p, 0.04801397289426614, 1e-12, "p of the 2x2 left");
	NEAR(x.v, 0.45361105256925455, 1e-12, "V of the 2x2 left");
	CHECK_INT(x.cells, 4, "4 cells tested");

	CHECK_INT(lbc_stats_chisq(d, 3, 3, &x), 0, "large counts");
	NEAR(x.chi2, 13.333333333333332, 1e-9, "large counts chi2");
	NEAR(x.p, 0.009756859143605202, 1e-12, "large counts p");
	NEAR(x.v, 0.06666666666666667, 1e-12, "large counts V");

	CHECK_INT(lbc_stats_chisq(e, 2, 2, &x), 0, "strong association");
	NEAR(x.chi2, 1940.7920792079208, 1e-8, "strong association chi2");
	CHECK(x.p >= 0 && x.p < 1e-300, "p underflows to about 0");
	NEAR(x.v, 0.9801980198019802, 1e-12, "strong association V");

	CHECK_INT(lbc_stats_chisq(one, 1, 3, &x), LBC_EARG, "one row: no test");
	CHECK_INT(x.df, 0, "no test: df 0");
	CHECK_INT(x.n, 15, "no test: n still counted");
	CHECK_INT(lbc_stats_chisq(one, 3, 1, &x), LBC_EARG, "one column: no test");
}

static void
wilson(void)
{
	double lo, hi;

	CHECK_INT(lbc_stats_wilson(6, 20, &lo, &hi), 0, "6 of 20");
	NEAR(lo, 0.1454772448676043, 1e-12, "6 of 20 lower");
	NEAR(hi, 0.5189728183535235, 1e-12, "6 of 20 upper");
	lbc_stats_wilson(0, 20, &lo, &hi);
	CHECK(lo == 0, "0 of 20: lower exactly 0");
	NEAR(hi, 0.16112515805281938, 1e-12, "0 of 20 upper");
	lbc_stats_wilson(20, 20, &lo, &hi);
	NEAR(lo, 0.8388748419471806, 1e-12, "20 of 20 lower");
	CHECK(hi == 1, "20 of 20: upper exactly 1");
	lbc_stats_wilson(1, 1000, &lo, &hi);
	NEAR(lo, 0.00017654637062607809, 1e-14, "1 of 1000 lower");
	NEAR(hi, 0.0056425585979579355, 1e-14, "1 of 1000 upper");
	CHECK_INT(lbc_stats_wilson(0, 0, &lo, &hi), LBC_EARG, "0 of 0");
	CHECK(isnan(lo) && isnan(hi), "0 of 0 gives NaN");
}

/* Builds a tally over text with the given tables; NULL on failure. */
static struct lbc_tally *
tally_text(struct lbc_codebook *cb, const char *text, const char **specs)
{
	struct lbc_tally_conf conf = { 0 };
	struct lbc_reader *r;
	struct lbc_tally *t;
	const char *missing;
	FILE *fp;
	int err = 0;

	conf.cb = cb;
	conf.level = 6;
	conf.as_of.y = 2026, conf.as_of.m = 6, conf.as_of.d = 30;
	if ((t = lbc_tally_new(&conf, &err)) == NULL)
		return NULL;
	for (; *specs != NULL; specs++)
		lbc_tally_add_table(t, *specs);
	fp = fmemopen((void *)text, strlen(text), "r");
	r = lbc_reader_new(fp, "t", &err);
	if (r == NULL || lbc_tally_start(t, r, &missing) != 0) {
		lbc_reader_free(r);
		fclose(fp);
		lbc_tally_free(t);
		return NULL;
	}
	while (lbc_reader_next(r) == 1)
		lbc_tally_add(t, r);
	lbc_reader_free(r);
	fclose(fp);
	lbc_tally_finish(t);
	return t;
}

static void
table_tests(struct lbc_codebook *cb)
{
	/* region x risk: 未填 in both; region x problems: multi-response. */
	const char *text = "region\trisk\tproblems\tflags\n"
	    "390121\thigh\tstudy\ta\n390121\thigh\tstudy;psych\t\n"
	    "390121\tlow\t\ta;b\n390122\tlow\tpsych\t\n390122\tlow\t\t\n"
	    "390122\tmedium\tstudy\tb\n390123\t\tpsych\t\n\thigh\tstudy\t\n";
	const char *specs[] = { "region,risk", "region,problems",
	    "problems,flags", "risk", NULL };
	struct lbc_tally *t = tally_text(cb, text, specs);
	struct lbc_test *tests;
	size_t n;

	CHECK(t != NULL, "tally for the tests");
	if (t == NULL)
		return;
	/* Pearson on rows 390121, 390122 x high, medium, low:
	 * [[2,0,1],[0,1,2]] (390123 has only 未填 risk, the 未填 row goes). */
	CHECK_INT(lbc_stats_table(lbc_tally_table(t, 0), &tests, &n), 0,
	    "tests of region x risk");
	CHECK_INT(n, 1, "one Pearson test");
	CHECK_INT(tests[0].kind, LBC_TEST_PEARSON, "Pearson");
	CHECK(tests[0].ok, "possible");
	CHECK_INT(tests[0].x.n, 6, "未填 left out of n");
	NEAR(tests[0].x.chi2, 3.3333333333333335, 1e-12,
	    "chi2 without 未填");
	CHECK_INT(tests[0].x.df, 2, "df without 未填");
	NEAR(tests[0].x.p, 0.18887560283756186, 1e-12, "p without 未填");
	free(tests);

	/* Per problem, with it and without by region (未填 region left
	 * out): study [[2,1],[1,2],[0,1]], psych [[1,2],[1,2],[1,0]],
	 * 无 [[1,2],[1,2],[0,1]]. */
	CHECK_INT(lbc_stats_table(lbc_tally_table(t, 1), &tests, &n), 0,
	    "tests of region x problems");
	CHECK_INT(n, 3, "one test per problem with children (and 无)");
	CHECK_INT(tests[0].kind, LBC_TEST_CATEGORY, "a category test");
	CHECK_INT(tests[0].dim, 1, "categories across");
	CHECK_STR(lbc_tally_table(t, 1)->col[tests[0].cat].code, "study",
	    "first test: study");
	NEAR(tests[0].x.chi2, 1.5555555555555554, 1e-12, "study chi2");
	CHECK_INT(tests[0].x.df, 2, "study df");
	NEAR(tests[0].x.p, 0.45942582403592663, 1e-12, "study p");
	NEAR(tests[0].x.v, 0.4714045207910316, 1e-12, "study V");
	CHECK_INT(tests[0].x.n, 7, "study n: children of known region");
	NEAR(tests[1].x.chi2, 1.5555555555555556, 1e-12, "psych chi2");
	CHECK_STR(lbc_tally_table(t, 1)->col[tests[2].cat].label, "无",
	    "last test: 无");
	NEAR(tests[2].x.chi2, 0.4666666666666666, 1e-12, "无 chi2");
	NEAR(tests[2].x.p, 0.7918895663367816, 1e-12, "无 p");
	free(tests);

	CHECK_INT(lbc_stats_table(lbc_tally_table(t, 2), &tests, &n), 0,
	    "tests of problems x flags");
	CHECK_INT(n, 1, "one entry");
	CHECK_INT(tests[0].kind, LBC_TEST_NONE, "both multi-response: no test");
	free(tests);

	CHECK_INT(lbc_stats_table(lbc_tally_table(t, 3), &tests, &n), 0,
	    "a list");
	CHECK_INT(n, 0, "no tests for a list");
	free(tests);
	lbc_tally_free(t);
}

int
main(void)
{
	struct lbc_fold *f;
	struct lbc_codebook *cb;
	int err = 0;

	known_tables();
	wilson();
	f = lbc_fold_new(&err);
	cb = lbc_codebook_new(f, &err);
	CHECK(cb != NULL, "codebook");
	if (cb != NULL)
		table_tests(cb);
	lbc_codebook_free(cb);
	lbc_fold_free(f);
	return check_failed;
}

/*
 * Small-cell suppression: cells of 1 to K-1 flagged primary, every flagged
 * cell on a cycle (so none is alone in its row or column), a count shown
 * twice flagged in both tables or neither, nothing flagged when no cell is
 * small, and K below 2 refused.  The whole system is audited by linear
 * programming in tests/e2e/suppress.sh.
 */
#include <stdlib.h>

#include "buf.h"
#include "check.h"
#include "codebook.h"
#include "err.h"
#include "fold.h"
#include "rec.h"
#include "suppress.h"
#include "tally.h"

static struct lbc_tally *
tally(struct lbc_codebook *cb, const char *text, const char *const *specs,
    size_t n)
{
	struct lbc_tally_conf conf = { 0 };
	struct lbc_reader *r;
	struct lbc_tally *t;
	const char *missing;
	FILE *fp;
	size_t i;
	int err = 0;

	conf.cb = cb;
	conf.level = 12;
	t = lbc_tally_new(&conf, &err);
	for (i = 0; i < n; i++)
		lbc_tally_add_table(t, specs[i]);
	fp = fmemopen((void *)text, strlen(text), "r");
	r = lbc_reader_new(fp, "t.tsv", &err);
	lbc_tally_start(t, r, &missing);
	while (lbc_reader_next(r) == 1)
		lbc_tally_add(t, r);
	lbc_tally_finish(t);
	lbc_reader_free(r);
	fclose(fp);
	return t;
}

/* Flagged cells in row r (c == SIZE_MAX) or column c of table i. */
static size_t
flagged(const struct lbc_supp *s, const struct lbc_table *t, size_t i,
    size_t r, size_t c)
{
	size_t n = 0, k, nv = lbc_table_nvalues(t);

	for (k = 0; k < (r == (size_t)-1 ? t->nrows + 1 : nv); k++)
		n += r == (size_t)-1 ? lbc_supp_cell(s, t, i, k, c) != 0 :
		    lbc_supp_cell(s, t, i, r, k) != 0;
	return n;
}

int
main(void)
{
	/* village A: 1 high, 5 low; B: 6 high, 6 low; C: 4 high, 5 low */
	static const char *const specs[] = { "region,risk", "region" };
	struct lbc_buf b = { 0 };
	struct lbc_supp s;
	struct lbc_tally *t;
	struct lbc_fold *f;
	struct lbc_codebook *cb;
	const struct lbc_table *tabs[2];
	size_t i, r, c, lone = 0;
	int err = 0, same = 1;

	lbc_buf_adds(&b, "region\trisk\n");
	for (i = 0; i < 27; i++)
		lbc_buf_adds(&b, i < 1 ? "390121100001\thigh\n" :
		    i < 6 ? "390121100001\tlow\n" :
		    i < 12 ? "390121100002\thigh\n" :
		    i < 18 ? "390121100002\tlow\n" :
		    i < 22 ? "390121100003\thigh\n" : "390121100003\tlow\n");
	lbc_buf_add(&b, "", 1);
	f = lbc_fold_new(&err);
	cb = lbc_codebook_new(f, &err);
	t = tally(cb, b.p, specs, 2);
	tabs[0] = lbc_tally_table(t, 0);
	tabs[1] = lbc_tally_table(t, 1);

	CHECK_INT(lbc_suppress(tabs, 2, 1, &s), LBC_EARG, "K of 1 refused");
	CHECK_INT(lbc_suppress(tabs, 2, 2, &s), 0, "K 2 runs");
	CHECK(s.primary == 1, "K 2: the one cell of 1 child is primary");
	CHECK(lbc_supp_cell(&s, tabs[0], 0, 0, 0) == LBC_SUPP_PRIMARY,
	    "A x high primary");
	CHECK(s.secondary >= 3, "and a rectangle of secondary cells");
	for (r = 0; r <= tabs[0]->nrows; r++) {
		size_t n = 0;

		for (c = 0; c <= tabs[0]->ncols; c++)
			n += lbc_supp_cell(&s, tabs[0], 0, r, c) != 0;
		lone += n == 1;
	}
	for (c = 0; c <= tabs[0]->ncols; c++)
		lone += flagged(&s, tabs[0], 0, (size_t)-1, c) == 1;
	CHECK(lone == 0, "no row or column with one flagged cell");
	for (r = 0; r <= tabs[0]->nrows; r++)
		same &= !lbc_supp_cell(&s, tabs[0], 0, r, tabs[0]->ncols) ==
		    !lbc_supp_cell(&s, tabs[1], 1, r, 0);
	CHECK(same, "the 合计 column and the list agree");
	CHECK(lbc_supp_cell(&s, tabs[0], 0, tabs[0]->nrows, tabs[0]->ncols) ==
	    0, "the number of children shown");
	lbc_suppress_free(&s);
	lbc_suppress_free(&s);	/* a freed one is a no-op */

	CHECK_INT(lbc_suppress(tabs, 2, 1000, &s), 0, "K 1000 runs");
	CHECK(s.primary > 0 && lbc_supp_cell(&s, tabs[1], 1, tabs[1]->nrows,
	    0) == LBC_SUPP_PRIMARY, "K 1000: 27 children is a small total");
	lbc_suppress_free(&s);

	lbc_tally_free(t);
	/* no small cell: nothing flagged */
	b.len = 0;
	lbc_buf_adds(&b, "region\trisk\n");
	for (i = 0; i < 20; i++)
		lbc_buf_adds(&b, i % 2 ? "390121100001\thigh\n" :
		    "390121100002\tlow\n");
	lbc_buf_add(&b, "", 1);
	t = tally(cb, b.p, specs, 2);
	tabs[0] = lbc_tally_table(t, 0);
	tabs[1] = lbc_tally_table(t, 1);
	CHECK_INT(lbc_suppress(tabs, 2, 3, &s), 0, "K 3 runs");
	CHECK(s.primary == 0 && s.secondary == 0, "no small cell, none flagged");
	lbc_suppress_free(&s);
	lbc_tally_free(t);
	lbc_buf_free(&b);
	lbc_codebook_free(cb);
	lbc_fold_free(f);
	return check_failed;
}

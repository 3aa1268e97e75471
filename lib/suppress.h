/*
 * suppress.h: small-cell suppression of the tables published together.
 *
 * A count of 1 to K-1 children in a published table can point to a child
 * (PIPL art. 28: data of children under 14 are sensitive).  lbc_suppress()
 * takes every table of one run (one workbook, one TSV output) and flags
 * the cells not to publish:
 *
 *   primary    every cell, total or not, of 1 to K-1 children;
 *   secondary  further cells, so that no flagged cell can be worked out
 *              from what is published: not exactly, and not closely
 *              enough to tell that it is below K.
 *
 * The tables are linked: the same count published twice (the 合计 column
 * of region x risk and the list of regions, region x risk and risk x
 * region, the number of children in every table) is one quantity, flagged
 * everywhere or nowhere.  The relations an attacker can use are the ones
 * that hold: categories of a single-response field sum to their total
 * (in a crosstab along that field, for every category of the other); a
 * multi-response field gives no equation.
 *
 * The method is the hypercube idea of tau-Argus (GHMITER) for linked
 * two-way tables: every flagged cell must lie on a cycle of flagged
 * cells, four corners of a rectangle in one table (or two cells of one
 * category's pair in a list), along which the published sums stay the
 * same when its corners move by +d and -d; a cycle is taken only when
 * every corner can then reach K or more (so nobody learns that a
 * corner is small) and the cycle can move at all (so nothing is exact).
 * A flagged total (a village of two children) moves with a partner
 * category of its field, the same partner in every table that shows the
 * field, and in each crosstab with a column of cells beneath it.  Among
 * the cycles that would do, the one hiding the fewest children is taken.
 * The cycles are the heuristic; the proof is an audit of the whole
 * linked system by linear programming (GLPK): every relation above, each
 * region the sum of its subdivisions in every column, every count 0 or
 * more, what is shown fixed.  Every hidden cell must be able to reach K
 * or more and, if it is K or more, must not be fixed to one value.  A
 * cell that fails gets one more hidden cell in a relation of its (the
 * smallest shown count of K or more there, else the largest) and its
 * linked cells are audited again, until all pass; unsafe counts the
 * cells that still fail with nothing left to hide (0 in practice: the
 * caller must then publish nothing).  Zeros may be hidden as
 * complementary cells and are held to the same rule.
 *
 * Memory: a few words per cell of the tables, and one linear programme
 * at a time, of the hidden cells linked by the relations.
 */
#ifndef LBC_SUPPRESS_H
#define LBC_SUPPRESS_H

#include <stddef.h>

#include "tally.h"

#define LBC_SUPP_PRIMARY	1
#define LBC_SUPP_SECONDARY	2

struct lbc_supp {
	/*
	 * For table i, (nrows + 1) * lbc_table_nvalues() flags, row by row,
	 * the 合计 row last and (crosstabs) the 合计 column last: 0 shown,
	 * else LBC_SUPP_PRIMARY or LBC_SUPP_SECONDARY.
	 */
	unsigned char	**mask;
	size_t		  ntables;
	unsigned long	  primary, secondary;	/* cells, over all tables */
	unsigned long	  unsafe;	/* hidden cells the audit could not prove */
};

/*
 * Flags the cells of the n tables for threshold k (2 or more) into out.
 * Returns 0, LBC_EARG (k < 2) or LBC_ENOMEM.  Free with
 * lbc_suppress_free().
 */
int	lbc_suppress(const struct lbc_table *const *tables, size_t n,
	    unsigned k, struct lbc_supp *out);
/*
 * The same for tables at several region levels of one run (lbc-tally -l
 * county,township,village): level[i] is the digits region is cut to in
 * table i (0: no region field; level NULL: one level).  Tables at two
 * levels or more are one hierarchy: a region's subdivisions at the next
 * level shown sum to it, in every column of every table of one spec (the
 * family), and the method keeps to that.  A cell of a table with region
 * moves on a rectangle with a row of the same region a level up (its
 * sibling) or through the two rows' totals, and each moving row of a
 * level is carried by one of its subdivisions at the next level, down to
 * the finest: a township's +d in 高风险 and -d in 低风险 is a village's
 * of that township.  A region's total moves with a sibling's, in one
 * column of each family, carried down the same way; a category of the
 * other field (risk) moves in a row of the coarsest level, carried down.
 * Region must then be the first field of its tables.  Returns as
 * lbc_suppress(), and LBC_EARG when region is second at a level of
 * several.
 */
int	lbc_suppress_levels(const struct lbc_table *const *tables,
	    const int *level, size_t n, unsigned k, struct lbc_supp *out);
/* Frees what lbc_suppress() put into s; a zeroed s is a no-op. */
void	lbc_suppress_free(struct lbc_supp *s);
/* Flag of cell (r, c) of table i (for a list c is ignored). */
int	lbc_supp_cell(const struct lbc_supp *s, const struct lbc_table *t,
	    size_t i, size_t r, size_t c);

#endif

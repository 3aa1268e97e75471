/*
 * tabprint.h: lbc-tally's finished tables as TSV, for people and scripts.
 *
 * lbc_tabprint_table() prints a table as lbc(5) and lbc-tally(1) describe
 * it: a header line (the corner names the fields, "ROW×COL" for a
 * crosstab, then one column per value, each followed by "%" and, with ci,
 * "下限%" and "上限%" columns when percentages are asked for), one line per
 * category, a 合计 line, and for crosstabs and multi-response lists the
 * tests as comment lines starting with '#' (chi-square, df, p, Cramér's V,
 * warnings).  A region down a table at township or village level is
 * printed as its name columns (县(市、区) 乡镇(街道) [村(社区)]), the last
 * header cell of them the corner.  lbc_tabprint_long() prints one line
 * per non-empty cell: the fields' codes, a region's name columns, then
 * the count, under a header naming them.
 *
 * Both append to a record-stream writer (lib/rec.h), so fields are escaped
 * as in the record stream; write errors stay sticky in the writer.
 */
#ifndef LBC_TABPRINT_H
#define LBC_TABPRINT_H

#include "tally.h"

struct lbc_writer;

/* Prints t as a TSV table.  Returns 0 or LBC_ENOMEM. */
int	lbc_tabprint_table(struct lbc_writer *w, const struct lbc_table *t,
	    enum lbc_pct pct, int ci);
/*
 * Prints the line of one cell above a table when there is something to
 * say: where (the -w conditions; may be NULL) and t's layer ("性别：男").
 * Returns 0 or LBC_ENOMEM.
 */
int	lbc_tabprint_caption(struct lbc_writer *w, const struct lbc_table *t,
	    const char *where);
/*
 * Prints t's non-empty cells, one per line; a layer's code comes after
 * the two fields' codes.  Returns 0 or LBC_ENOMEM.
 */
int	lbc_tabprint_long(struct lbc_writer *w, const struct lbc_table *t);
/*
 * The same with the cells flagged in supp ((nrows + 1) *
 * lbc_table_nvalues() flags, lib/suppress.h) printed as "*": their
 * percentages and intervals, and those over a flagged total, empty; no
 * tests, a note instead.  --long prints flagged cells even when 0.
 */
int	lbc_tabprint_table_supp(struct lbc_writer *w, const struct lbc_table *t,
	    enum lbc_pct pct, int ci, const unsigned char *supp);
int	lbc_tabprint_long_supp(struct lbc_writer *w, const struct lbc_table *t,
	    const unsigned char *supp);

#endif

/*
 * table.h: the count tables lbc-tally prints, read back for charts.
 *
 * A table is a block of TSV lines (UTF-8, fields escaped as in the record
 * stream: \\ \t \n \r; a backslash before anything else stays):
 *
 *	FIELD[\COLFIELD]  col1  col2 ... [合计]
 *	label1            n11   n12  ... [total]
 *	...
 *	[合计             totals ...]
 *
 * The first header cell names the row field; it may also name the column
 * field as "ROW\COL" (a backslash, written \\ in the file) or "ROW×COL".
 * A line of one cell right above the header is the table's title.
 * Tables are separated by one or more empty lines.  Lines starting with
 * #, and statistics lines starting with χ, 卡方, chisq or chi and no
 * letter (chi2, chi-square), are skipped wherever they are.
 *
 * Rows and columns labelled 合计, 总计, 小计, total, totals or all (any
 * case) are totals and are dropped, as are percentage columns: a header
 * ending in % or ％ (also in brackets, "占比(%)"), 百分比, 占比, 比例 or
 * 构成比, or a column whose non-empty cells all end in %.  An empty header
 * cell at the end of the header (a trailing TAB) is dropped with its
 * column.  A long table ("A<TAB>B<TAB>count", one row per cell, as
 * lbc-tally --long prints) is pivoted into a crosstab, rows and columns
 * in order of first appearance.
 *
 * Leading columns headed by region level names (省 市 县(市、区) 乡镇(街道)
 * 村(社区); the last may be the corner, "村(社区)×risk"), as lbc-tally
 * writes at township and village level, make one row label: the last
 * non-empty name, preceded by the names above it as far as needed to
 * tell apart rows that would share it ("清水镇 新华村"); a bracketed
 * "(未细分到村)" always follows its parent, unspaced.  In a long table the
 * run of such columns right before "count" labels the region's column
 * (headed region or 区划, else the first) and is dropped.
 *
 * Cells are numbers (strtod syntax in the C locale, surrounding blanks
 * ignored, a note in brackets after it allowed: "12 (3.4%)"); an
 * empty or missing trailing cell is 0.  A cell "*" is a count lbc-tally
 * --suppress hid: it reads as 0 and is flagged in hid.  After a total row, a row that is
 * not counts is a note and skipped.  A CR before the LF and a UTF-8 byte
 * order mark on the first line are ignored.  Labels must be valid UTF-8.
 *
 * The reader works on a FILE and a line counter the caller keeps: set
 * *line to 0 before the first call; every call advances it, and on error
 * it holds the line at fault.
 */
#ifndef LBC_TABLE_H
#define LBC_TABLE_H

#include <stddef.h>
#include <stdio.h>

struct lbc_table {
	char	 *rowfield;	/* the row field's name; never NULL, maybe "" */
	char	 *colfield;	/* the column field's name, or NULL if not given */
	char	 *caption;	/* a title line above the header, or NULL */
	size_t	  nrows;
	size_t	  ncols;
	char	**rows;		/* nrows row labels, in table order */
	char	**cols;		/* ncols column labels, in table order */
	double	 *v;		/* nrows * ncols counts, row by row */
	unsigned char *hid;	/* nrows * ncols: 1 for a "*" cell (its v 0) */
	size_t	  nhid;		/* "*" cells */
	unsigned long line;	/* line of the header in the input */
};

/*
 * Reads the next table from fp, skipping empty and comment lines before
 * it, and consuming the empty line after it.  Returns a table the caller
 * frees with lbc_table_free(), or NULL: at the end of the input with
 * *err = 0, else with *err = LBC_EIO, LBC_ENOMEM, LBC_EFORMAT (a count is
 * not a number, or a NUL byte), LBC_EFIELDS (a row has more non-empty
 * cells than the header), LBC_EENCODING (not UTF-8) or LBC_EHEADER (no
 * column left to count once totals and percentages are dropped), and
 * *line at the line at fault.  A table may have no rows.
 */
struct lbc_table *lbc_table_read(FILE *fp, unsigned long *line, int *err);

/*
 * Skips the next table without looking into its cells.  Returns 1 when
 * one was skipped, 0 at the end of the input, or LBC_EIO / LBC_ENOMEM.
 */
int	lbc_table_skip(FILE *fp, unsigned long *line);

/* Count at row i, column j. */
double	lbc_table_get(const struct lbc_table *t, size_t i, size_t j);

/* 1 when the cell at row i, column j was "*" (suppressed). */
int	lbc_table_hidden(const struct lbc_table *t, size_t i, size_t j);

/* Frees t and everything it holds; NULL is a no-op. */
void	lbc_table_free(struct lbc_table *t);

#endif

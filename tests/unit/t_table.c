/* Tally tables read back: totals, percentages, statistics, several tables. */
#include <stdlib.h>

#include "check.h"
#include "err.h"
#include "table.h"

static FILE *
text(const char *s)
{
	return fmemopen((void *)s, strlen(s), "r");
}

/* Reads the first table of s; *err and *line as the reader leaves them. */
static struct lbc_table *
first(const char *s, int *err, unsigned long *line)
{
	struct lbc_table *t;
	FILE *fp = text(s);

	*line = 0;
	t = lbc_table_read(fp, line, err);
	fclose(fp);
	return t;
}

static void
list(void)
{
	const char *s = "\xef\xbb\xbf区划\t人数\t%\r\n"
	    "云岩区\t1284\t14.1\r\n"
	    "南明区\t\t0\r\n"
	    "合计\t1284\t100.0\r\n";
	struct lbc_table *t;
	unsigned long line;
	int err;

	t = first(s, &err, &line);
	CHECK(t != NULL, "list table read");
	if (t == NULL)
		return;
	CHECK_STR(t->rowfield, "区划", "row field, byte order mark gone");
	CHECK(t->colfield == NULL, "no column field");
	CHECK_INT(t->ncols, 1, "percent column dropped");
	CHECK_STR(t->cols[0], "人数", "value column");
	CHECK_INT(t->nrows, 2, "total row dropped");
	CHECK_STR(t->rows[0], "云岩区", "label without CR");
	CHECK(lbc_table_get(t, 0, 0) == 1284, "count");
	CHECK(lbc_table_get(t, 1, 0) == 0, "empty cell is 0");
	CHECK_INT(t->line, 1, "header line");
	lbc_table_free(t);
}

static void
several(void)
{
	const char *s = "\n# lbc-tally\n"
	    "区划\\\\风险\t高风险\t中风险\t合计\n"
	    "A\t1\t2\t3\n"
	    "B\t4\t5\t9\n"
	    "合计\t5\t7\t12\n"
	    "# χ²=0.1\tdf=1\tp=0.7\tV=0.02\n"
	    "\n\n"
	    "性别\t人数\t百分比\n"
	    "男\t7\t58.3\n"
	    "女\t5\t41.7\n"
	    "Total\t12\t100\n"
	    "\n"
	    "年龄 × 性别\t男\t女\n"
	    "0-5\t1\t2\n"
	    "χ² = 3.2, p = 0.07\n"
	    "chi2 3.2\n"
	    "children\t3\t4\n";
	struct lbc_table *t;
	unsigned long line = 0;
	FILE *fp = text(s);
	int err;

	t = lbc_table_read(fp, &line, &err);
	CHECK(t != NULL, "first of several");
	if (t == NULL)
		return;
	CHECK_STR(t->rowfield, "区划", "ROW\\COL: row field");
	CHECK_STR(t->colfield, "风险", "ROW\\COL: column field");
	CHECK_INT(t->line, 3, "header after blank and comment lines");
	CHECK_INT(t->ncols, 2, "total column dropped");
	CHECK_STR(t->cols[1], "中风险", "second column");
	CHECK_INT(t->nrows, 2, "statistics line skipped");
	CHECK(lbc_table_get(t, 1, 1) == 5, "crosstab cell");
	lbc_table_free(t);

	t = lbc_table_read(fp, &line, &err);
	CHECK(t != NULL, "second table after two empty lines");
	if (t != NULL) {
		CHECK_STR(t->rowfield, "性别", "second table's field");
		CHECK_INT(t->ncols, 1, "百分比 dropped");
		CHECK_INT(t->nrows, 2, "Total row dropped");
		CHECK_INT(t->line, 10, "second header line");
	}
	lbc_table_free(t);

	t = lbc_table_read(fp, &line, &err);
	CHECK(t != NULL, "third table");
	if (t != NULL) {
		CHECK_STR(t->rowfield, "年龄", "ROW × COL: row field");
		CHECK_STR(t->colfield, "性别", "ROW × COL: column field");
		CHECK_INT(t->nrows, 2, "χ² and chi2 lines skipped");
		CHECK_STR(t->rows[1], "children", "a label starting with chi");
	}
	lbc_table_free(t);

	t = lbc_table_read(fp, &line, &err);
	CHECK(t == NULL && err == 0, "end of input");
	fclose(fp);

	fp = text(s);
	line = 0;
	CHECK_INT(lbc_table_skip(fp, &line), 1, "skip the first table");
	CHECK_INT(lbc_table_skip(fp, &line), 1, "skip the second table");
	t = lbc_table_read(fp, &line, &err);
	CHECK(t != NULL && strcmp(t->rowfield, "年龄") == 0,
	    "read the third after skipping");
	lbc_table_free(t);
	CHECK_INT(lbc_table_skip(fp, &line), 0, "nothing left to skip");
	fclose(fp);
}

static void
labels(void)
{
	const char *s = "f\tn\n"
	    "a\\nb\t1\n"
	    "c\\\\d\\x\t2\n"
	    "  e f  \t 3 \t\t\n"
	    "g\n";
	struct lbc_table *t;
	unsigned long line;
	int err;

	t = first(s, &err, &line);
	CHECK(t != NULL, "escaped labels read");
	if (t == NULL)
		return;
	CHECK_INT(t->nrows, 4, "four rows");
	CHECK_STR(t->rows[0], "a\nb", "\\n unescaped");
	CHECK_STR(t->rows[1], "c\\d\\x", "\\\\ unescaped, \\x kept");
	CHECK_STR(t->rows[2], "e f", "blanks around a label trimmed");
	CHECK(lbc_table_get(t, 2, 0) == 3, "blanks around a count, empty "
	    "cells after the header");
	CHECK(lbc_table_get(t, 3, 0) == 0, "missing cell is 0");
	lbc_table_free(t);
}

static void
percent(void)
{
	const char *s = "问题\t人数\t占比(%)\t构成\t比例\t人数（%）\t\n"
	    "学业\t3\t30\t30%\t0.3\t30\t\n"
	    "生活\t7\t70\t\t0.7\t70\t\n";
	struct lbc_table *t;
	unsigned long line;
	int err;

	t = first(s, &err, &line);
	CHECK(t != NULL, "percent columns read");
	if (t == NULL)
		return;
	CHECK_INT(t->ncols, 1, "占比(%), cells in %, 比例, （%）, trailing "
	    "TAB dropped");
	CHECK_STR(t->cols[0], "人数", "the count column stays");
	lbc_table_free(t);
}

static void
pivot(void)
{
	const char *s = "region\trisk\tcount\n"
	    "520102\thigh\t3\n"
	    "520102\tlow\t5\n"
	    "520103\tlow\t2\n"
	    "520102\thigh\t1\n";
	struct lbc_table *t;
	unsigned long line;
	int err;

	t = first(s, &err, &line);
	CHECK(t != NULL, "long table read");
	if (t == NULL)
		return;
	CHECK_STR(t->rowfield, "region", "long: row field");
	CHECK_STR(t->colfield, "risk", "long: column field");
	CHECK_INT(t->nrows, 2, "long: rows in order of appearance");
	CHECK_INT(t->ncols, 2, "long: columns in order of appearance");
	CHECK_STR(t->cols[1], "low", "long: second column");
	CHECK(lbc_table_get(t, 0, 0) == 4, "long: repeated cells add up");
	CHECK(lbc_table_get(t, 1, 0) == 0, "long: absent cell is 0");
	CHECK(lbc_table_get(t, 1, 1) == 2, "long: cell");
	lbc_table_free(t);
}

static void
notes(void)
{
	const char *s = "表1 各区县风险等级\n"
	    "区划\t高\t低\t合计\n"
	    "A\t1 (10.0%)\t9（90.0%）\t10\n"
	    "合计\t1\t9\t10\n"
	    "p=0.03\tCramér V=0.1\n"
	    "df\t1\tchi\t3.2\tmore\n"
	    "B\t2\t3\n";
	struct lbc_table *t;
	unsigned long line;
	int err;

	t = first(s, &err, &line);
	CHECK(t != NULL, "title line, notes in brackets and after totals");
	if (t == NULL)
		return;
	CHECK_STR(t->caption, "表1 各区县风险等级", "title line");
	CHECK_STR(t->rowfield, "区划", "header below the title line");
	CHECK_INT(t->line, 2, "header line below the title");
	CHECK(lbc_table_get(t, 0, 0) == 1 && lbc_table_get(t, 0, 1) == 9,
	    "counts before bracketed notes");
	CHECK_INT(t->nrows, 2, "notes after the totals skipped, counts kept");
	CHECK_STR(t->rows[1], "B", "a row of counts after the totals");
	lbc_table_free(t);

	t = first("f\tn\na\t1(2)\n", &err, &line);
	CHECK(t != NULL && lbc_table_get(t, 0, 0) == 1, "bracket right after");
	lbc_table_free(t);
	t = first("f\tn\na\t1 x\n", &err, &line);
	CHECK(t == NULL && err == LBC_EFORMAT, "words after a count");
	t = first("just a title\n\nf\tn\n", &err, &line);
	CHECK(t == NULL && err == LBC_EHEADER, "title line without a header");
	CHECK_INT(line, 2, "the empty line after the title");
	t = first("f\tn\na\tx\n合计\t1\n", &err, &line);
	CHECK(t == NULL && err == LBC_EFORMAT, "before the totals a bad count "
	    "is an error");
}

static void
bad(void)
{
	struct lbc_table *t;
	unsigned long line;
	int err;
	FILE *fp;

	t = first("f\tn\na\t1\nb\tmany\n", &err, &line);
	CHECK(t == NULL && err == LBC_EFORMAT, "count not a number");
	CHECK_INT(line, 3, "line of the bad count");
	t = first("f\tn\na\tnan\n", &err, &line);
	CHECK(t == NULL && err == LBC_EFORMAT, "nan is not a count");
	t = first("f\tn\na\t1\t2\n", &err, &line);
	CHECK(t == NULL && err == LBC_EFIELDS, "more cells than the header");
	CHECK_INT(line, 2, "line of the long row");
	t = first("f\tn\n\xff\t1\n", &err, &line);
	CHECK(t == NULL && err == LBC_EENCODING, "label not UTF-8");
	t = first("f\t合计\t%\na\t1\t100\n", &err, &line);
	CHECK(t == NULL && err == LBC_EHEADER, "only totals and percentages");
	CHECK_INT(line, 1, "the header is at fault");
	t = first("just one cell\n", &err, &line);
	CHECK(t == NULL && err == LBC_EHEADER, "header without columns");
	t = first("", &err, &line);
	CHECK(t == NULL && err == 0, "empty input: no table");
	t = first("\n# nothing\n\n", &err, &line);
	CHECK(t == NULL && err == 0, "blank and comment lines: no table");

	fp = fmemopen((void *)"f\tn\na\0b\t1\n", 11, "r");
	line = 0;
	t = lbc_table_read(fp, &line, &err);
	CHECK(t == NULL && err == LBC_EFORMAT, "NUL byte");
	fclose(fp);

	t = first("f\tn\n合计\t0\n", &err, &line);
	CHECK(t != NULL && t->nrows == 0, "a table with only its total");
	lbc_table_free(t);
	lbc_table_free(NULL);
}

/* "*" cells of lbc-tally --suppress: 0, flagged, in both layouts. */
static void
suppressed(void)
{
	struct lbc_table *t;
	unsigned long line;
	int err;

	t = first("区划\t高\t低\t合计\na\t*\t5\t*\nb\t4\t * \t9\n"
	    "合计\t*\t10\t15\n#\tnote=*\n", &err, &line);
	CHECK(t != NULL, "table with * cells read");
	if (t == NULL)
		return;
	CHECK_INT(t->nrows, 2, "rows of the * table");
	CHECK_INT(t->ncols, 2, "columns of the * table (合计 dropped)");
	CHECK_INT(t->nhid, 2, "two * cells counted, the totals' not");
	CHECK(lbc_table_hidden(t, 0, 0) && lbc_table_get(t, 0, 0) == 0,
	    "* reads as a hidden 0");
	CHECK(lbc_table_hidden(t, 1, 1), "* with blanks around");
	CHECK(!lbc_table_hidden(t, 0, 1) && lbc_table_get(t, 0, 1) == 5,
	    "a shown count beside a * is not hidden");
	lbc_table_free(t);
	t = first("a\tb\tcount\nx\tp\t*\nx\tq\t3\n", &err, &line);
	CHECK(t != NULL && t->nhid == 1 && lbc_table_hidden(t, 0, 0) &&
	    !lbc_table_hidden(t, 0, 1), "a long table's * cell");
	lbc_table_free(t);
	t = first("f\tn\na\t**\n", &err, &line);
	CHECK(t == NULL && err == LBC_EFORMAT, "** is not a count");
	t = first("f\tn\na\t3\n", &err, &line);
	CHECK(t != NULL && t->nhid == 0 && !lbc_table_hidden(t, 0, 0),
	    "a table without * has none");
	lbc_table_free(t);
}

/* lbc-tally's name columns: one label, parents only where needed. */
static void
names(void)
{
	const char *wide = "县(市、区)\t乡镇(街道)\t村(社区)×risk\t高\t低\t合计\n"
	    "东湖区\t湖滨街道\t(未细分到村)\t1\t0\t1\n"
	    "清水县\t\t(未细分到村)\t0\t2\t2\n"
	    "清水县\t清水镇\t新华村\t3\t0\t3\n"
	    "清水县\t白沙镇\t新华村\t0\t4\t4\n"
	    "清水县\t白沙镇\t龙潭村\t5\t0\t5\n"
	    "未填\t\t\t0\t6\t6\n"
	    "合计\t\t\t9\t12\t21\n";
	const char *lng = "region\trisk\t县(市、区)\t乡镇(街道)\tcount\n"
	    "390121100\thigh\t清水县\t清水镇\t3\n"
	    "390121100\tlow\t清水县\t清水镇\t1\n"
	    "390122100\thigh\t石门县\t清水镇\t2\n"
	    "390121101\tlow\t清水县\t白沙镇\t4\n"
	    "\tlow\t未填\t\t5\n";
	const char *list = "县(市、区)\t乡镇(街道)\t人数\n"
	    "清水县\t清水镇\t7\n清水县\t白沙镇\t8\n合计\t\t15\n";
	struct lbc_table *t;
	unsigned long line;
	int err;

	t = first(wide, &err, &line);
	CHECK(t != NULL, "name columns read");
	if (t != NULL) {
		CHECK_STR(t->rowfield, "村(社区)", "row field: the last name");
		CHECK_STR(t->colfield, "risk", "column field after ×");
		CHECK_INT(t->ncols, 2, "the counts only");
		CHECK_INT(t->nrows, 6, "total row dropped");
		CHECK_STR(t->rows[0], "湖滨街道(未细分到村)", "marker after parent");
		CHECK_STR(t->rows[1], "清水县(未细分到村)", "empty level skipped");
		CHECK_STR(t->rows[2], "清水镇 新华村", "shared name, parent");
		CHECK_STR(t->rows[3], "白沙镇 新华村", "other parent");
		CHECK_STR(t->rows[4], "龙潭村", "unique name alone");
		CHECK_STR(t->rows[5], "未填", "missing");
		CHECK(lbc_table_get(t, 4, 0) == 5, "counts beside the names");
		lbc_table_free(t);
	}
	t = first(lng, &err, &line);
	CHECK(t != NULL, "long form with names read");
	if (t != NULL) {
		CHECK_STR(t->rowfield, "region", "long: row field");
		CHECK_STR(t->colfield, "risk", "long: column field");
		CHECK_INT(t->nrows, 4, "long: one row per place");
		CHECK_INT(t->ncols, 2, "long: one column per value");
		CHECK_STR(t->rows[0], "清水县 清水镇", "long: shared name, parent");
		CHECK_STR(t->rows[1], "石门县 清水镇", "long: the other");
		CHECK_STR(t->rows[2], "白沙镇", "long: one place in many rows");
		CHECK_STR(t->rows[3], "未填", "long: missing");
		CHECK(lbc_table_get(t, 0, 1) == 1, "long: pivoted count");
		lbc_table_free(t);
	}
	t = first(list, &err, &line);
	CHECK(t != NULL && t->nrows == 2 && t->ncols == 1, "list with names");
	if (t != NULL) {
		CHECK_STR(t->rowfield, "乡镇(街道)", "list: row field");
		CHECK_STR(t->rows[1], "白沙镇", "list: most specific name");
		lbc_table_free(t);
	}
	/* one level column is an ordinary label column */
	t = first("县(市、区)\t人数\n清水县\t3\n", &err, &line);
	CHECK(t != NULL && t->ncols == 1 && strcmp(t->rows[0], "清水县") == 0,
	    "one name column as before");
	lbc_table_free(t);
}

int
main(void)
{
	suppressed();
	list();
	several();
	labels();
	percent();
	pivot();
	names();
	notes();
	bad();
	return check_failed;
}

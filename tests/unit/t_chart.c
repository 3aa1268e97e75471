/*
 * gnuplot scripts: quoting, and a snapshot of every chart type compared
 * with tests/data/chart/TYPE.gp.  With LBC_SNAPSHOT_WRITE=1 in the
 * environment the snapshots are written instead (look at them, and at
 * the charts they draw, before committing them).
 */
#include <stdlib.h>

#include "buf.h"
#include "chart.h"
#include "check.h"
#include "err.h"
#include "table.h"

#define DATA	"tests/data/chart/"

static struct lbc_table *
load(const char *name)
{
	struct lbc_table *t;
	unsigned long line = 0;
	FILE *fp;
	int err;

	if ((fp = fopen(name, "r")) == NULL)
		return NULL;
	t = lbc_table_read(fp, &line, &err);
	fclose(fp);
	return t;
}

static char *
slurp(const char *name)
{
	struct lbc_buf b = { NULL, 0, 0 };
	char chunk[4096];
	size_t n;
	FILE *fp;

	if ((fp = fopen(name, "r")) == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		lbc_buf_add(&b, chunk, n);
	fclose(fp);
	if (b.p == NULL)
		lbc_buf_adds(&b, "");
	return b.p;
}

/*
 * The script's strings are single-quoted runs and the double-quoted
 * pieces "'", "\n" and "\100" only; outside them there is no backquote
 * and no @.  Returns 1 when that holds.
 */
static int
safe(const char *s)
{
	const char *e;

	for (; *s != '\0'; s++) {
		if (*s == '`' || *s == '@')
			return 0;
		if (*s == '\'') {
			if ((e = strchr(s + 1, '\'')) == NULL)
				return 0;
			s = e;
		} else if (*s == '"') {
			if (strncmp(s, "\"'\"", 3) == 0)
				s += 2;
			else if (strncmp(s, "\"\"", 2) == 0)
				s++;	/* an empty label: a "*" cell's */
			else if (strncmp(s, "\"\\n\"", 4) == 0 ||
			    strncmp(s, "\"\\100\"", 6) == 0)
				s = strchr(s + 1, '"');
			else
				return 0;
		}
	}
	return 1;
}

static void
snapshot(const char *table, int type, int format, const char *output,
    const char *expect)
{
	struct lbc_chart_opts o;
	struct lbc_buf b = { NULL, 0, 0 };
	struct lbc_table *t;
	char name[256], what[300], *want;
	const char *why = NULL;
	FILE *fp;

	snprintf(what, sizeof(what), "%s snapshot", expect);
	snprintf(name, sizeof(name), DATA "%s", table);
	if ((t = load(name)) == NULL) {
		CHECK(0, what);
		return;
	}
	memset(&o, 0, sizeof(o));
	o.type = (enum lbc_chart_type)type;
	o.format = (enum lbc_chart_format)format;
	o.output = output;
	CHECK_INT(lbc_chart_script(t, &o, &b, &why), 0, what);
	CHECK(safe(b.p), "nothing outside quoted strings");
	snprintf(name, sizeof(name), DATA "%s", expect);
	if (getenv("LBC_SNAPSHOT_WRITE") != NULL &&
	    (fp = fopen(name, "w")) != NULL) {
		fputs(b.p, fp);
		fclose(fp);
	}
	want = slurp(name);
	CHECK_STR(b.p, want, what);
	free(want);
	lbc_buf_free(&b);
	lbc_table_free(t);
}

static void
quote(void)
{
	struct lbc_buf b = { NULL, 0, 0 };

	lbc_chart_quote(&b, "区划", 0);
	CHECK_STR(b.p, "'区划'", "plain label");
	lbc_buf_clear(&b);
	lbc_chart_quote(&b, "", 0);
	CHECK_STR(b.p, "''", "empty label");
	lbc_buf_clear(&b);
	lbc_chart_quote(&b, "it's", 0);
	CHECK_STR(b.p, "'it'.\"'\".'s'", "quote apart");
	lbc_buf_clear(&b);
	lbc_chart_quote(&b, "'; system(\"touch x\"); '", 0);
	CHECK_STR(b.p, "\"'\".'; system(\"touch x\"); '.\"'\"",
	    "leading and trailing quote");
	lbc_buf_clear(&b);
	lbc_chart_quote(&b, "a\nb\\", 0);
	CHECK_STR(b.p, "'a'.\"\\n\".'b\\'", "line break, backslash as is");
	lbc_buf_clear(&b);
	lbc_chart_quote(&b, "@x `y` $z", 0);
	CHECK_STR(b.p, "\"\\100\".'x `y` $z'", "@ never raw");
	lbc_buf_clear(&b);
	lbc_chart_quote(&b, "5% \t\r\x7f", 1);
	CHECK_STR(b.p, "'5%%    '", "% doubled for tics, controls blank");
	lbc_buf_clear(&b);
	lbc_chart_quote(&b, "5%", 0);
	CHECK_STR(b.p, "'5%'", "% as is elsewhere");
	lbc_buf_free(&b);
}

static void
checker(void)
{
	CHECK(safe("set title 'a `b` @c'.\"'\".\"\\n\".\"\\100\""),
	    "the checker passes quoted strings");
	CHECK(!safe("set title \"`b`\""), "the checker fails backquotes in "
	    "double quotes");
	CHECK(!safe("set title 'a'@b"), "the checker fails a raw @");
	CHECK(!safe("set title 'a"), "the checker fails an open string");
}

static void
names(void)
{
	CHECK_INT(lbc_chart_type_byname("hbar"), LBC_CHART_HBAR, "type hbar");
	CHECK_INT(lbc_chart_type_byname("heatmap"), LBC_CHART_HEATMAP,
	    "type heatmap");
	CHECK_INT(lbc_chart_type_byname("Bar"), LBC_EARG, "types are lower "
	    "case");
	CHECK_STR(lbc_chart_type_name(LBC_CHART_PYRAMID), "pyramid",
	    "name of a type");
	CHECK(lbc_chart_type_name(99) == NULL, "no such type");
	CHECK_INT(lbc_chart_format_bypath("a/b.PNG"), LBC_CHART_PNG, "png");
	CHECK_INT(lbc_chart_format_bypath("x.svg"), LBC_CHART_SVG, "svg");
	CHECK_INT(lbc_chart_format_bypath("x.pdf"), LBC_CHART_PDF, "pdf");
	CHECK_INT(lbc_chart_format_bypath("x.gif"), LBC_EARG, "gif");
	CHECK_INT(lbc_chart_format_bypath("png"), LBC_EARG, "no extension");
	CHECK_INT(lbc_chart_format_bypath("dir.png/x"), LBC_EARG,
	    "extension of a folder");
	CHECK_INT(lbc_chart_format_bypath(".png"), LBC_EARG, "only dot png");
}

static void
unfit(void)
{
	struct lbc_chart_opts o;
	struct lbc_buf b = { NULL, 0, 0 };
	struct lbc_table *t;
	const char *why = NULL;

	memset(&o, 0, sizeof(o));
	o.type = LBC_CHART_PYRAMID;
	t = load(DATA "region_risk.tsv");
	CHECK(t != NULL, "crosstab loads");
	if (t == NULL)
		return;
	CHECK_INT(lbc_chart_script(t, &o, &b, &why), LBC_EARG,
	    "pyramid of three columns");
	CHECK(why != NULL && strstr(why, "two columns") != NULL,
	    "why: two columns");
	t->v[0] = -1;
	o.type = LBC_CHART_STACKED;
	CHECK_INT(lbc_chart_script(t, &o, &b, NULL), LBC_EARG,
	    "negative count stacked");
	o.type = LBC_CHART_GROUPED;
	CHECK_INT(lbc_chart_script(t, &o, &b, NULL), 0,
	    "negative count grouped");
	lbc_buf_clear(&b);
	t->v[0] = 0;
	t->v[t->ncols] = 0;
	t->nrows = 2;
	o.type = LBC_CHART_PIE;
	why = NULL;
	CHECK_INT(lbc_chart_script(t, &o, &b, &why), LBC_EARG, "pie of zeros");
	CHECK(why != NULL && strstr(why, "above 0") != NULL, "why: zeros");
	t->nrows = 0;
	o.type = LBC_CHART_BAR;
	CHECK_INT(lbc_chart_script(t, &o, &b, &why), LBC_EARG, "no rows");
	t->nrows = 6;
	lbc_table_free(t);
	lbc_buf_free(&b);
}

static void
options(void)
{
	struct lbc_chart_opts o;
	struct lbc_buf b = { NULL, 0, 0 };
	struct lbc_table *t;

	t = load(DATA "region.tsv");
	if (t == NULL) {
		CHECK(0, "region table loads");
		return;
	}
	memset(&o, 0, sizeof(o));
	o.type = LBC_CHART_BAR;
	o.format = LBC_CHART_PDF;
	o.title = "标题 '@'";
	o.font = "WenQuanYi Zen Hei,14";
	o.width = 800;
	o.height = 500;
	CHECK_INT(lbc_chart_script(t, &o, &b, NULL), 0, "options");
	CHECK(strstr(b.p, "set terminal pdfcairo size 11.11in,6.94in font "
	    "'WenQuanYi Zen Hei,14' fontscale 1") != NULL,
	    "pdf size at 72 to the inch, font and size");
	CHECK(strstr(b.p, "set title '标题 '.\"'\".\"\\100\".\"'\"."
	    "\"\\n\".'数据日期未注明' font") != NULL,
	    "title quoted, and no date given said so");
	CHECK(strstr(b.p, "set output") == NULL, "no output: stdout");
	CHECK(strstr(b.p, "unset output") == NULL, "nothing to unset");
	lbc_buf_clear(&b);
	o.title = "";
	o.font = "Noto Serif CJK SC";
	CHECK_INT(lbc_chart_script(t, &o, &b, NULL), 0, "empty title");
	CHECK(strstr(b.p, "set title") == NULL, "empty title: none");
	CHECK(strstr(b.p, "font 'Noto Serif CJK SC,12'") != NULL,
	    "family alone gets the default size");
	lbc_buf_free(&b);
	lbc_table_free(t);
}

/* A chart cut short (a full disk) is told from a whole one. */
static void
whole_charts(void)
{
	static const char png[] = "\211PNG\r\n\032\n\0\0\0\rIHDR"
	    "\0\0\0\0IEND\256B`\202";
	static const char svg[] = "<?xml version=\"1.0\"?>\n<svg>\n</svg>\n\n";
	static const char pdf[] = "%PDF-1.5\n%%EOF\r\n";

	CHECK_INT(lbc_chart_whole(png, sizeof(png) - 1, LBC_CHART_PNG), 1,
	    "a PNG ending in IEND is whole");
	CHECK_INT(lbc_chart_whole(png, sizeof(png) - 2, LBC_CHART_PNG), 0,
	    "a PNG cut in its IEND chunk is not");
	CHECK_INT(lbc_chart_whole(png + 1, sizeof(png) - 2, LBC_CHART_PNG), 0,
	    "no PNG signature: not a PNG");
	CHECK_INT(lbc_chart_whole(png, 0, LBC_CHART_PNG), 0, "nothing: not whole");
	CHECK_INT(lbc_chart_whole(svg, sizeof(svg) - 1, LBC_CHART_SVG), 1,
	    "an SVG ending in </svg> and new lines is whole");
	CHECK_INT(lbc_chart_whole(svg, sizeof(svg) - 5, LBC_CHART_SVG), 0,
	    "an SVG cut in </svg> is not");
	CHECK_INT(lbc_chart_whole(pdf, sizeof(pdf) - 1, LBC_CHART_PDF), 1,
	    "a PDF ending in %%EOF CRLF is whole");
	CHECK_INT(lbc_chart_whole(pdf, sizeof(pdf) - 4, LBC_CHART_PDF), 0,
	    "a PDF cut in %%EOF is not");
	CHECK_INT(lbc_chart_whole(svg, sizeof(svg) - 1, LBC_CHART_PDF), 0,
	    "an SVG is no PDF");
}

/* "*" cells: no label, none for a stacked sum; 其他 under --top. */
static void
suppressed(void)
{
	static const char text[] = "f\ta\tb\tc\nx\t*\t9\t0\ny\t5\t*\t0\n"
	    "z\t*\t1\t1\nw\t3\t2\t*\n";
	struct lbc_chart_opts o;
	struct lbc_buf b = { NULL, 0, 0 };
	struct lbc_table *t;
	unsigned long line = 0;
	const char *why = NULL;
	size_t folded;
	int err;
	FILE *fp = fmemopen((void *)text, sizeof(text) - 1, "r");

	t = lbc_table_read(fp, &line, &err);
	fclose(fp);
	CHECK(t != NULL && t->nhid == 4, "table of * cells");
	if (t == NULL)
		return;
	memset(&o, 0, sizeof(o));
	o.type = LBC_CHART_STACKED;
	CHECK_INT(lbc_chart_script(t, &o, &b, &why), 0, "stacked of * cells");
	CHECK(b.p != NULL && safe(b.p), "* labels stay quoted");
	CHECK(b.p != NULL && strstr(b.p, "\t\"\"\n") != NULL,
	    "a * cell's label is empty");
	lbc_buf_free(&b);
	CHECK_INT(lbc_chart_top(t, 3, &folded), 0, "top of * cells");
	CHECK_INT(folded, 2, "two rows folded into 其他");
	CHECK(lbc_table_hidden(t, 0, 0) && !lbc_table_hidden(t, 0, 1),
	    "a kept row keeps its *");
	CHECK(lbc_table_hidden(t, 2, 0) && lbc_table_get(t, 2, 0) == 0,
	    "其他: * where one row it holds is *, and no partial sum");
	CHECK(!lbc_table_hidden(t, 2, 1) && lbc_table_get(t, 2, 1) == 3,
	    "其他: the sum where none is *");
	CHECK(lbc_table_hidden(t, 2, 2), "其他: * where the other row is *");
	CHECK_INT(t->nhid, 4, "* cells after the fold");
	lbc_table_free(t);
}

/* Parts of a split: even sizes, every row once, one scale for all. */
static void
parts(void)
{
	struct lbc_chart_opts o;
	struct lbc_buf a = { NULL, 0, 0 }, b = { NULL, 0, 0 };
	struct lbc_table *t;
	size_t per, first, count, k, next;
	const char *why = NULL, *ya, *yb;

	CHECK_INT(lbc_chart_parts(3, 30, &per), 1, "3 rows: one part");
	CHECK_INT(per, 3, "3 rows: the part has 3");
	CHECK_INT(lbc_chart_parts(30, 30, &per), 1, "30 rows: one part");
	CHECK_INT(lbc_chart_parts(31, 30, &per), 2, "31 rows: two parts");
	CHECK_INT(per, 16, "31 rows: 16 and 15");
	CHECK_INT(lbc_chart_parts(3000, 30, &per), 100, "3000 rows: 100");
	CHECK_INT(per, 30, "3000 rows: 30 each");
	CHECK_INT(lbc_chart_parts(3000, 40, &per), 75, "3000 by 40: 75");
	for (k = 0, next = 0; k < 7; k++) {
		lbc_chart_part(100, 7, k, &first, &count);
		CHECK(first == next && (count == 15 || count == 14),
		    "100 rows in 7 parts: in order, 15 or 14 each");
		next = first + count;
	}
	CHECK_INT(next, 100, "100 rows in 7 parts: every row");

	t = load(DATA "region_risk.tsv");
	CHECK(t != NULL && t->nrows >= 3, "crosstab loads");
	if (t == NULL)
		return;
	memset(&o, 0, sizeof(o));
	o.type = LBC_CHART_STACKED;
	o.first = 0;
	o.count = 1;
	o.slots = 2;
	CHECK_INT(lbc_chart_script(t, &o, &a, NULL), 0, "part 1");
	o.first = 1;
	o.count = 2;
	CHECK_INT(lbc_chart_script(t, &o, &b, NULL), 0, "part 2");
	ya = a.p != NULL ? strstr(a.p, "set yrange") : NULL;
	yb = b.p != NULL ? strstr(b.p, "set yrange") : NULL;
	CHECK(ya != NULL && yb != NULL && strncmp(ya, yb,
	    strcspn(ya, "\n") + 1) == 0, "parts share the value axis");
	CHECK(a.p != NULL && strstr(a.p, "set xrange [-0.6:1.6]") != NULL,
	    "a part of 1 row has room for 2");
	CHECK(a.p != NULL && strstr(a.p, "chart, 1 row by") != NULL &&
	    b.p != NULL && strstr(b.p, "chart, 2 rows by") != NULL,
	    "each part draws its rows");
	CHECK(b.p != NULL && strstr(b.p, t->rows[0]) == NULL &&
	    strstr(b.p, t->rows[1]) != NULL, "part 2 starts at row 2");
	lbc_buf_clear(&a);
	o.first = 2;
	o.count = t->nrows;
	CHECK_INT(lbc_chart_script(t, &o, &a, &why), LBC_EARG,
	    "a part beyond the table");
	o.type = LBC_CHART_PIE;
	o.first = 0;
	o.count = 1;
	CHECK_INT(lbc_chart_script(t, &o, &a, &why), LBC_EARG, "part of a pie");
	o.type = LBC_CHART_LINE;
	CHECK_INT(lbc_chart_script(t, &o, &a, &why), LBC_EARG, "part of a line");
	o.type = LBC_CHART_BAR;
	o.count = 0;
	o.date = "2026-06-30";
	o.note = "（注）";
	lbc_buf_clear(&a);
	CHECK_INT(lbc_chart_script(t, &o, &a, NULL), 0, "dated");
	CHECK(a.p != NULL && strstr(a.p, ".\"\\n\".'数据截至 2026-06-30（注）' "
	    "font") != NULL, "the date and the note on the second line");
	o.date = "";
	o.note = NULL;
	lbc_buf_clear(&a);
	CHECK_INT(lbc_chart_script(t, &o, &a, NULL), 0, "date left out");
	CHECK(a.p != NULL && strstr(a.p, "\\n") == NULL, "no second line");
	lbc_buf_free(&a);
	lbc_buf_free(&b);
	lbc_table_free(t);
}

int
main(void)
{
	parts();
	suppressed();
	quote();
	checker();
	names();
	unfit();
	options();
	snapshot("problems.tsv", LBC_CHART_BAR, LBC_CHART_PNG, "out.png",
	    "bar.gp");
	snapshot("region.tsv", LBC_CHART_HBAR, LBC_CHART_PDF, "out.pdf",
	    "hbar.gp");
	snapshot("region_risk.tsv", LBC_CHART_STACKED, LBC_CHART_PNG,
	    "out.png", "stacked.gp");
	snapshot("region_risk.tsv", LBC_CHART_GROUPED, LBC_CHART_SVG,
	    "out.svg", "grouped.gp");
	snapshot("month.tsv", LBC_CHART_LINE, LBC_CHART_PNG, "out.png",
	    "line.gp");
	snapshot("guardian.tsv", LBC_CHART_PIE, LBC_CHART_PNG, "out.png",
	    "pie.gp");
	snapshot("age_sex.tsv", LBC_CHART_PYRAMID, LBC_CHART_PNG, "out.png",
	    "pyramid.gp");
	snapshot("region_problems.tsv", LBC_CHART_HEATMAP, LBC_CHART_PNG,
	    "out.png", "heatmap.gp");
	snapshot("hostile.tsv", LBC_CHART_HBAR, LBC_CHART_SVG,
	    "it's @a\n`b`.svg", "hostile.gp");
	snapshot("hostile_x.tsv", LBC_CHART_STACKED, LBC_CHART_PNG, NULL,
	    "hostile_x.gp");
	whole_charts();
	return check_failed;
}

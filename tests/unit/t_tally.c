/* Counting: fields, levels, bands, multi-response, order, totals, cells. */
#include <stdlib.h>

#include "check.h"
#include "codebook.h"
#include "err.h"
#include "fold.h"
#include "rec.h"
#include "regions.h"
#include "tally.h"

static struct lbc_codebook *cb;
static struct lbc_regions *regions;

/*
 * Tallies text with conf (codebook, regions, as-of 2026-06-30 filled in
 * unless set) over the tables in specs.  Returns NULL when anything fails.
 */
static struct lbc_tally *
run(struct lbc_tally_conf *conf, const char *text, const char **specs)
{
	struct lbc_reader *r;
	struct lbc_tally *t;
	const char *missing;
	FILE *fp;
	int err = 0, rc = 0;

	conf->cb = cb;
	if (conf->level == 0)
		conf->level = 6;
	if (conf->as_of.y == 0)
		conf->as_of.y = 2026, conf->as_of.m = 6, conf->as_of.d = 30;
	if ((t = lbc_tally_new(conf, &err)) == NULL)
		return NULL;
	for (; *specs != NULL; specs++)
		if (lbc_tally_add_table(t, *specs) != 0) {
			lbc_tally_free(t);
			return NULL;
		}
	fp = fmemopen((void *)text, strlen(text), "r");
	if ((r = lbc_reader_new(fp, "t", &err)) == NULL ||
	    lbc_tally_start(t, r, &missing) != 0) {
		lbc_reader_free(r);
		fclose(fp);
		lbc_tally_free(t);
		return NULL;
	}
	while ((rc = lbc_reader_next(r)) == 1)
		if (lbc_tally_add(t, r) != 0)
			rc = -1;
	lbc_reader_free(r);
	fclose(fp);
	if (rc != 0 || lbc_tally_finish(t) != 0) {
		lbc_tally_free(t);
		return NULL;
	}
	return t;
}

/* The rows of a list as "label=n,label=n", for compact checks. */
static const char *
rows(const struct lbc_table *t)
{
	static char s[4096];
	size_t i, o = 0;

	s[0] = '\0';
	for (i = 0; i < t->nrows && o < sizeof(s); i++)
		o += (size_t)snprintf(s + o, sizeof(s) - o, "%s%s=%lu",
		    i ? "," : "", t->row[i].label, t->row[i].n);
	return s;
}

static const char *
codes(const struct lbc_tally_cat *c, size_t n)
{
	static char s[4096];
	size_t i, o = 0;

	s[0] = '\0';
	for (i = 0; i < n && o < sizeof(s); i++)
		o += (size_t)snprintf(s + o, sizeof(s) - o, "%s%s",
		    i ? "," : "", c[i].code);
	return s;
}

static void
parsing(void)
{
	int b[LBC_TALLY_MAXBANDS];
	char many[400];
	size_t i, o = 0;

	CHECK_INT(lbc_tally_level("province"), 2, "province");
	CHECK_INT(lbc_tally_level("city"), 4, "city");
	CHECK_INT(lbc_tally_level("county"), 6, "county");
	CHECK_INT(lbc_tally_level("township"), 9, "township");
	CHECK_INT(lbc_tally_level("village"), 12, "village");
	CHECK_INT(lbc_tally_level("9"), 9, "level as digits");
	CHECK_INT(lbc_tally_level("town"), LBC_EARG, "unknown level");
	CHECK_INT(lbc_tally_level("8"), LBC_EARG, "8 digits is no level");
	CHECK_STR(lbc_tally_level_name(12), "village", "level name");
	CHECK(lbc_tally_level_name(5) == NULL, "no level of 5 digits");

	CHECK_INT(lbc_tally_parse_ages("0,6,14", b), 3, "official bands");
	CHECK(b[0] == 0 && b[1] == 6 && b[2] == 14, "bounds read");
	CHECK_INT(lbc_tally_parse_ages("3", b), 1, "one bound");
	CHECK_INT(lbc_tally_parse_ages("6,6", b), LBC_EARG, "repeated bound");
	CHECK_INT(lbc_tally_parse_ages("6,3", b), LBC_EARG, "decreasing");
	CHECK_INT(lbc_tally_parse_ages("0,6,", b), LBC_EARG, "trailing comma");
	CHECK_INT(lbc_tally_parse_ages("", b), LBC_EARG, "empty");
	CHECK_INT(lbc_tally_parse_ages("0,x", b), LBC_EARG, "not a number");
	CHECK_INT(lbc_tally_parse_ages("-1", b), LBC_EARG, "negative");
	CHECK_INT(lbc_tally_parse_ages("151", b), LBC_EARG, "above 150");
	for (i = 0; i < 65; i++)
		o += (size_t)snprintf(many + o, sizeof(many) - o, "%s%zu",
		    i ? "," : "", i);
	CHECK_INT(lbc_tally_parse_ages(many, b), LBC_EARG, "65 bounds");
}

static void
specs_and_header(void)
{
	struct lbc_tally_conf conf = { 0 };
	struct lbc_tally *t;
	struct lbc_reader *r;
	const char *missing = NULL;
	const char *text = "region\trisk\n";
	FILE *fp;
	int err = 0;

	conf.cb = cb;
	conf.level = 6;
	t = lbc_tally_new(&conf, &err);
	CHECK(t != NULL, "tally made");
	CHECK_INT(lbc_tally_add_table(t, ""), LBC_EARG, "empty spec");
	CHECK_INT(lbc_tally_add_table(t, ","), LBC_EARG, "only a comma");
	CHECK_INT(lbc_tally_add_table(t, "region,"), LBC_EARG, "empty second");
	CHECK_INT(lbc_tally_add_table(t, "a,b,c,d"), LBC_EARG, "four fields");
	CHECK_INT(lbc_tally_add_table(t, "a,,c"), LBC_EARG, "layer, no crosstab");
	CHECK_INT(lbc_tally_add_table(t, "a,b,"), LBC_EARG, "empty layer");
	CHECK_INT(lbc_tally_add_table(t, "region,risk"), 0, "a crosstab");
	CHECK_INT(lbc_tally_add_table(t, "month"), 0, "month needs survey");
	fp = fmemopen((void *)text, strlen(text), "r");
	r = lbc_reader_new(fp, "t", &err);
	CHECK_INT(lbc_tally_start(t, r, &missing), LBC_EHEADER,
	    "missing column found");
	CHECK_STR(missing, "survey", "the missing column is named");
	lbc_reader_free(r);
	fclose(fp);
	lbc_tally_free(t);

	conf.level = 5;
	CHECK(lbc_tally_new(&conf, &err) == NULL && err == LBC_EARG,
	    "bad level refused");
	lbc_tally_free(NULL);
}

static void
region_levels(void)
{
	const char *text = "region\n390121100001\n390121100002\n390121101001\n"
	    "390102001001\n390102001\n390121\n390122100001\n\n390201100001\n"
	    "390121000000\nabc\n";
	const char *specs[] = { "region", NULL };
	const char *want[] = {
		"云岭省=9,abc=1,未填=1",
		"青山市=8,白河市=1,abc=1,未填=1",
		"东湖区=2,清水县=5,390122=1,河西区=1,abc=1,未填=1",
		"湖滨街道=2,清水县(未细分到乡镇)=2,清水镇=2,白沙镇=1,"
		    "390122100=1,河西镇=1,abc=1,未填=1",
		"湖滨街道(未细分到村)=1,新华社区=1,清水县(未细分到村)=2,"
		    "新华村(390121100001)=1,石门村=1,新华村(390121101001)=1,"
		    "390122100001=1,河西村=1,abc=1,未填=1",
	};
	const char *wantcodes[] = {
		"39,abc,",
		"3901,3902,abc,",
		"390102,390121,390122,390201,abc,",
		"390102001,390121,390121100,390121101,390122100,390201100,abc,",
		"390102001,390102001001,390121,390121100001,390121100002,"
		    "390121101001,390122100001,390201100001,abc,",
	};
	static const int levels[] = { 2, 4, 6, 9, 12 };
	size_t i;

	for (i = 0; i < 5; i++) {
		struct lbc_tally_conf conf = { 0 };
		struct lbc_tally *t;

		conf.level = levels[i];
		conf.regions = regions;
		t = run(&conf, text, specs);
		CHECK(t != NULL, "region tally");
		if (t == NULL)
			continue;
		CHECK_STR(rows(lbc_tally_table(t, 0)), want[i],
		    "names, roll-up, code order, short codes, 未填 last");
		CHECK_STR(codes(lbc_tally_table(t, 0)->row,
		    lbc_tally_table(t, 0)->nrows), wantcodes[i],
		    "codes cut to the level");
		CHECK_INT(lbc_tally_table(t, 0)->total, 11, "total");
		lbc_tally_free(t);
	}
	{
		struct lbc_tally_conf conf = { 0 };
		struct lbc_tally *t;

		conf.level = 9;
		t = run(&conf, text, specs);
		CHECK(t != NULL, "without a regions table");
		if (t != NULL)
			CHECK_STR(rows(lbc_tally_table(t, 0)),
			    "390102001=2,390121(未细分到乡镇)=2,390121100=2,"
			    "390121101=1,390122100=1,390201100=1,abc=1,未填=1",
			    "codes as labels");
		lbc_tally_free(t);
	}
}

static void
coded_fields(void)
{
	const char *text = "sex\tguardian\trisk\n"
	    "M\tgrandparent\thigh\nF\t祖辈监护\t高\n女\t父母双亡\t\n"
	    "\tnone\t特别关注\nM\t父母双亡\tlow\nM\t\tlow\nF\t亲友监护\t二级\n";
	const char *specs[] = { "sex", "guardian", "risk", NULL };
	struct lbc_tally_conf conf = { 0 };
	struct lbc_tally *t = run(&conf, text, specs);

	CHECK(t != NULL, "coded fields");
	if (t == NULL)
		return;
	CHECK_STR(rows(lbc_tally_table(t, 0)), "男=3,女=3,未填=1",
	    "sex by code and label");
	CHECK_STR(rows(lbc_tally_table(t, 1)),
	    "(外)祖父母监护=2,亲友监护=1,父或母无监护能力=0,无人监护=1,其他=0,"
	    "父母双亡=2,未填=1",
	    "codebook order, unused categories kept, unknown after");
	CHECK_STR(codes(lbc_tally_table(t, 1)->row,
	    lbc_tally_table(t, 1)->nrows),
	    "grandparent,relative,parent_unable,none,other,父母双亡,",
	    "codes; an unknown value is its own code");
	CHECK_STR(rows(lbc_tally_table(t, 2)),
	    "高风险=2,中风险=1,低风险=2,特别关注=1,未填=1",
	    "aliases matched, most severe first");
	CHECK_STR(lbc_tally_table(t, 2)->title[0], "风险等级", "title");
	lbc_tally_free(t);
}

static void
ages(void)
{
	/* Survey 2026-05-10 unless said: */
	const char *text = "birth\tsurvey\n"
	    "2010-05-11\t2026-05-10\n"	/* 15 years 364 days: 15 */
	    "2010-05-10\t2026-05-10\n"	/* 16th birthday: 16 */
	    "2020-05-10\t2026-05-10\n"	/* 6th birthday: 6 */
	    "2020-05-11\t2026-05-10\n"	/* a day short of 6: 5 */
	    "2012-05-10\t2026-05-10\n"	/* 14th birthday: 14 */
	    "2012-05-11\t2026-05-10\n"	/* 13 */
	    "2020-06-30\t\n"		/* as-of 2026-06-30: 6 */
	    "\t2026-05-10\n"		/* no birth: 未填 */
	    "2012-02-29\t2026-02-28\n"	/* leap day: 13 the day before */
	    "2012-02-29\t2026-03-01\n"	/* 14 */
	    "2027-01-01\t2026-05-10\n"	/* born after the survey: 未填 */
	    "2015-03\t2026-03-01\n"	/* month only: day 1, 11 */
	    "20200510\t2026/5/10\n"	/* other date forms: 6 */
	    "bad\t2026-05-10\n";	/* 未填 */
	const char *specs[] = { "age", NULL };
	struct lbc_tally_conf conf = { 0 };
	struct lbc_tally *t = run(&conf, text, specs);
	int b[LBC_TALLY_MAXBANDS];

	CHECK(t != NULL, "ages");
	if (t == NULL)
		return;
	CHECK_STR(rows(lbc_tally_table(t, 0)),
	    "0-5岁=1,6-13岁=6,14-15岁=3,16岁及以上=1,未填=3",
	    "official bands, band edges at the birthday");
	CHECK_STR(codes(lbc_tally_table(t, 0)->row,
	    lbc_tally_table(t, 0)->nrows), "0-5,6-13,14-15,16+,",
	    "band codes");
	lbc_tally_free(t);

	conf.as_of.y = 2026, conf.as_of.m = 6, conf.as_of.d = 29;
	conf.ages = b;
	conf.nages = (size_t)lbc_tally_parse_ages("3,6,12,15", b);
	t = run(&conf, text, specs);
	CHECK(t != NULL, "own bands");
	if (t != NULL)
		CHECK_STR(rows(lbc_tally_table(t, 0)),
		    "3-5岁=2,6-11岁=3,12-14岁=4,15岁=1,16岁及以上=1,未填=3",
		    "a band below the first bound only when used; as-of "
		    "moves one child");
	lbc_tally_free(t);

	conf.nages = (size_t)lbc_tally_parse_ages("0,16", b);
	t = run(&conf, text, specs);
	CHECK(t != NULL, "a top band of 16");
	if (t != NULL)
		CHECK_STR(rows(lbc_tally_table(t, 0)),
		    "0-15岁=10,16岁及以上=1,未填=3", "an open top band");
	lbc_tally_free(t);
}

static void
multi_response(void)
{
	const char *text = "region\tproblems\tflags\n"
	    "390121\tstudy;affection\t\n390121\tstudy;study\tid_invalid\n"
	    "390121\t\t\n390122\t无\tsex_conflict;id_invalid\n"
	    "390122\tpsych;经济困难\t\n390122\t;;\t\n390123\t-\t\n"
	    "390123\tsafety;living;study\t\n";
	const char *specs[] = { "problems", "region,problems", "flags",
	    "problems,region", NULL };
	struct lbc_tally_conf conf = { 0 };
	struct lbc_tally *t = run(&conf, text, specs);
	const struct lbc_table *x;
	unsigned long sum = 0;
	size_t j;

	CHECK(t != NULL, "multi-response");
	if (t == NULL)
		return;
	x = lbc_tally_table(t, 0);
	CHECK_STR(rows(x), "学业失教=3,生活失助=1,亲情失落=1,心理失衡=1,安全失保=1,"
	    "经济困难=1,无=4", "once per child per problem, repeats once, "
	    "无 - ;; and empty are none");
	CHECK_INT(x->total, 8, "total counts children");
	CHECK_INT(lbc_table_count(x, x->nrows, 0), 8, "total row");
	CHECK(x->multi[0], "problems is multi-response");
	x = lbc_tally_table(t, 1);
	for (j = 0; j < x->ncols; j++)
		sum += lbc_table_count(x, x->nrows, j);
	CHECK_INT(sum, 12, "column totals sum above the children");
	CHECK_INT(lbc_table_count(x, x->nrows, x->ncols), 8, "grand total 8");
	CHECK_INT(lbc_table_count(x, 0, x->ncols), 3, "row total: children");
	CHECK_INT(lbc_table_count(x, 0, 0), 2, "390121 study");
	CHECK_INT(lbc_table_count(x, 2, 4), 1, "390123 safety");
	CHECK_STR(codes(x->col, x->ncols),
	    "study,living,affection,psych,safety,经济困难,",
	    "codes; none has the empty code");
	CHECK_STR(rows(lbc_tally_table(t, 2)),
	    "id_invalid=2,sex_conflict=1,无=6", "flags: multi, by count");
	x = lbc_tally_table(t, 3);
	CHECK_INT(lbc_table_count(x, 0, x->ncols), 3, "row total of study");
	CHECK_INT(lbc_table_count(x, x->nrows, 1), 3, "column total 390122");
	lbc_tally_free(t);
}

static void
order_and_months(void)
{
	const char *text = "school\tsurvey\n"
	    "b\t2026-05-10\na\t2026-05-01\nc\t2026-02-01\nb\t\nc\t2025-12-31\n"
	    "\t2026-05-31\nd\tbad\n";
	const char *specs[] = { "school", "month", "school,month", NULL };
	struct lbc_tally_conf conf = { 0 };
	struct lbc_tally *t = run(&conf, text, specs);
	const struct lbc_table *x;

	CHECK(t != NULL, "any column, months");
	if (t == NULL)
		return;
	CHECK_STR(rows(lbc_tally_table(t, 0)), "a=1,b=2,c=2,d=1,未填=1",
	    "natural order, 未填 last");
	CHECK_STR(rows(lbc_tally_table(t, 1)),
	    "2025-12=1,2026-02=1,2026-05=3,未填=2", "months in time order");
	CHECK_STR(lbc_tally_table(t, 1)->title[0], "排查月份", "month title");
	CHECK_STR(lbc_tally_table(t, 0)->title[0], "学校", "school title");
	x = lbc_tally_table(t, 2);
	CHECK_INT(lbc_table_count(x, 1, 2), 1, "b in 2026-05");
	CHECK_INT(lbc_table_count(x, 1, 3), 1, "b without a month");
	CHECK(x->row[4].missing && x->col[3].missing, "未填 marked missing");
	lbc_tally_free(t);
	conf.sort_count = 1;
	t = run(&conf, text, specs);
	CHECK(t != NULL, "any column by count");
	if (t == NULL)
		return;
	CHECK_STR(rows(lbc_tally_table(t, 0)), "b=2,c=2,a=1,d=1,未填=1",
	    "by count: descending count, ties in byte order, 未填 last");
	lbc_tally_free(t);
}

struct seen {
	char	 s[1024];
	size_t	 o;
};

static int
see(void *arg, size_t r, size_t c, unsigned long n)
{
	struct seen *v = arg;

	v->o += (size_t)snprintf(v->s + v->o, sizeof(v->s) - v->o,
	    "%s%zu.%zu=%lu", v->o ? " " : "", r, c, n);
	return 0;
}

static int
stop(void *arg, size_t r, size_t c, unsigned long n)
{
	(void)arg, (void)r, (void)c, (void)n;
	return 7;
}

static void
totals_and_cells(void)
{
	const char *text = "region\trisk\n"
	    "390122\tlow\n390121\thigh\n390121\thigh\n390121\tlow\n"
	    "390122\tmedium\n\thigh\n";
	const char *specs[] = { "region,risk", "risk", NULL };
	struct lbc_tally_conf conf = { 0 };
	struct lbc_tally *t = run(&conf, text, specs);
	const struct lbc_table *x;
	struct seen v = { "", 0 };

	CHECK(t != NULL, "totals");
	if (t == NULL)
		return;
	x = lbc_tally_table(t, 0);
	CHECK_INT(x->nrows, 3, "rows: 390121 390122 未填");
	CHECK_INT(x->ncols, 3, "columns: high medium low");
	CHECK_INT(lbc_table_count(x, 0, 0), 2, "cell");
	CHECK_INT(lbc_table_count(x, 1, 1), 1, "cell");
	CHECK_INT(lbc_table_count(x, 2, 2), 0, "empty cell");
	CHECK_INT(lbc_table_count(x, 0, 3), 3, "row total");
	CHECK_INT(lbc_table_count(x, 3, 0), 3, "column total");
	CHECK_INT(lbc_table_count(x, 3, 3), 6, "grand total");
	CHECK_INT(lbc_table_denom(x, LBC_PCT_ROW, 0, 1), 3, "row denominator");
	CHECK_INT(lbc_table_denom(x, LBC_PCT_COL, 0, 2), 2, "col denominator");
	CHECK_INT(lbc_table_denom(x, LBC_PCT_ALL, 0, 2), 6, "all denominator");
	CHECK_INT(lbc_table_denom(x, LBC_PCT_ROW, 3, 1), 6,
	    "total row's row denominator");
	CHECK(lbc_table_is_base(x, LBC_PCT_ROW, 1, 3), "row total is base");
	CHECK(!lbc_table_is_base(x, LBC_PCT_ROW, 3, 1), "column total is not");
	CHECK(lbc_table_is_base(x, LBC_PCT_COL, 3, 1), "col: total row");
	CHECK(lbc_table_is_base(x, LBC_PCT_ALL, 3, 3), "all: grand total");
	CHECK(!lbc_table_is_base(x, LBC_PCT_ALL, 3, 1), "all: not the rest");
	CHECK_INT(lbc_table_nvalues(x), 4, "three columns and 合计");
	CHECK_STR(lbc_table_value_label(x, 3), "合计", "total column");
	CHECK_STR(lbc_table_value_label(x, 0), "高风险", "first column");
	CHECK_INT(lbc_table_cells(x, see, &v), 0, "cells walked");
	CHECK_STR(v.s, "0.0=2 0.2=1 1.1=1 1.2=1 2.0=1",
	    "non-empty cells in table order");
	CHECK_INT(lbc_table_cells(x, stop, NULL), 7, "walk stops");
	x = lbc_tally_table(t, 1);
	CHECK_INT(lbc_table_nvalues(x), 1, "a list has one value column");
	CHECK_STR(lbc_table_value_label(x, 0), "人数", "人数");
	CHECK_INT(lbc_table_denom(x, LBC_PCT_ROW, 0, 0), 6,
	    "a list's share is of all children");
	CHECK(lbc_table_is_base(x, LBC_PCT_COL, 3, 0), "list total is base");
	v.o = 0;
	lbc_table_cells(x, see, &v);
	CHECK_STR(v.s, "0.0=3 1.0=1 2.0=2", "list cells");
	CHECK_INT(lbc_tally_records(t), 6, "records");
	CHECK_INT(lbc_tally_ntables(t), 2, "tables");
	CHECK(lbc_tally_table(t, 2) == NULL, "no third table");
	lbc_tally_free(t);
}

/* A crosstab with more cells than the dense matrix holds. */
static void
many_cells(void)
{
	const char *specs[] = { "a,b", NULL };
	struct lbc_tally_conf conf = { 0 };
	struct lbc_tally *t;
	const struct lbc_table *x;
	size_t i, cap = 1 << 20, o = 0;
	char *text = malloc(cap);
	unsigned long sum = 0;

	o += (size_t)snprintf(text, cap, "a\tb\n");
	for (i = 0; i < 3000; i++)
		o += (size_t)snprintf(text + o, cap - o, "%05zu\t%04zu\n", i,
		    i % 1000);
	t = run(&conf, text, specs);
	CHECK(t != NULL, "3000 x 1000 categories");
	if (t != NULL) {
		x = lbc_tally_table(t, 0);
		CHECK_INT(x->nrows, 3000, "rows");
		CHECK_INT(x->ncols, 1000, "columns");
		CHECK_INT(lbc_table_count(x, 7, 7), 1, "a cell");
		CHECK_INT(lbc_table_count(x, 1007, 7), 1, "its column again");
		CHECK_INT(lbc_table_count(x, x->nrows, 7), 3, "column total");
		CHECK_INT(lbc_table_count(x, 2999, 999), 1, "the last cell");
		CHECK_INT(lbc_table_count(x, 2999, 998), 0, "an empty cell");
		for (i = 0; i < x->ncols; i++)
			sum += lbc_table_count(x, 1500, i);
		CHECK_INT(sum, 1, "one cell in a row");
	}
	lbc_tally_free(t);
	free(text);
}

static void
ages_text(void)
{
	static const int official[] = { 0, 6, 14 }, open[] = { 0, 16 },
	    single[] = { 14, 15 };
	char s[64], tiny[5];

	lbc_tally_ages_text(s, sizeof(s), official, 3);
	CHECK_STR(s, "0-5岁, 6-13岁, 14-15岁", "the official bands");
	lbc_tally_ages_text(s, sizeof(s), open, 2);
	CHECK_STR(s, "0-15岁, 16岁及以上", "a last band above 15 is open");
	lbc_tally_ages_text(s, sizeof(s), single, 2);
	CHECK_STR(s, "14岁, 15岁", "one-year bands");
	lbc_tally_ages_text(tiny, sizeof(tiny), official, 3);
	CHECK(strlen(tiny) < sizeof(tiny), "cut to the buffer");
}

int
main(void)
{
	const char *tsv = "code\tname\n39\t云岭省\n3901\t青山市\n390102\t东湖区\n"
	    "390102001\t湖滨街道\n390102001001\t新华社区\n390121\t清水县\n"
	    "390121100\t清水镇\n390121100001\t新华村\n390121100002\t石门村\n"
	    "390121101\t白沙镇\n390121101001\t新华村\n3902\t白河市\n"
	    "390201\t河西区\n390201100\t河西镇\n390201100001\t河西村\n";
	struct lbc_fold *f;
	unsigned long line;
	int err = 0;
	FILE *fp;

	f = lbc_fold_new(&err);
	cb = lbc_codebook_new(f, &err);
	fp = fmemopen((void *)tsv, strlen(tsv), "r");
	regions = lbc_regions_load(fp, f, &line, &err);
	fclose(fp);
	CHECK(cb != NULL && regions != NULL, "codebook and regions");
	if (cb == NULL || regions == NULL)
		return 1;
	parsing();
	specs_and_header();
	region_levels();
	coded_fields();
	ages();
	multi_response();
	order_and_months();
	totals_and_cells();
	many_cells();
	ages_text();
	lbc_regions_free(regions);
	lbc_codebook_free(cb);
	lbc_fold_free(f);
	return check_failed;
}

/*
 * The regions table: codes, names, suffixes, scoping, ambiguity; the
 * official table's forms and traps; stacking over the built-in table.
 */
#include <stdlib.h>

#include "check.h"
#include "err.h"
#include "fold.h"
#include "regions.h"

static struct lbc_fold *f;

/* Loads text as a table; d gets the diagnosis of a failure. */
static struct lbc_regions *
load(const char *text, struct lbc_regions_diag *d, int *err)
{
	struct lbc_regions *r;
	FILE *fp = fmemopen((void *)text, strlen(text), "r");

	*err = 0;
	r = lbc_regions_read(fp, f, d, err);
	fclose(fp);
	return r;
}

static int
res(const struct lbc_regions *r, const char *prov, const char *city,
    const char *county, const char *township, const char *village,
    char out[13], struct lbc_region_why *why)
{
	struct lbc_region_names q;
	const char *v[LBC_NLEVELS];
	int i;

	v[0] = prov, v[1] = city, v[2] = county, v[3] = township, v[4] = village;
	for (i = 0; i < LBC_NLEVELS; i++) {
		q.name[i] = v[i] ? v[i] : "";
		q.len[i] = v[i] ? strlen(v[i]) : 0;
	}
	return lbc_regions_resolve_names(r, NULL, 0, &q, out, why);
}

static void
basics(void)
{
	const char *tsv = "code\tname\n52\t黔州省\n5201\t黔城市\n520102\t南明区\n"
	    "520103\t云岩区\n520102001\t新华路街道\n520102100\t花溪镇\n"
	    "520103100\t花溪镇\n520102001001\t新华社区\n520102100001\t新华村\n"
	    "520103100001\t新华村\n520103100002\t和平村委会\n";
	struct lbc_regions *r;
	unsigned long line;
	char out[13];
	int err = 0;
	FILE *fp;

	fp = fmemopen((void *)tsv, strlen(tsv), "r");
	r = lbc_regions_load(fp, f, &line, &err);
	fclose(fp);
	CHECK(r != NULL, "table loads");
	if (r == NULL)
		return;
	CHECK_INT(lbc_regions_count(r), 11, "eleven codes");
	CHECK_STR(lbc_regions_name(r, "520102", 6), "南明区", "name by code");
	CHECK(lbc_regions_name(r, "520104", 6) == NULL, "unknown code");
	CHECK_INT(lbc_region_code_norm("520102000000", 12, out), 6,
	    "padded county code");
	CHECK_STR(out, "520102", "padded code shortened");
	CHECK_INT(lbc_region_code_norm("520102001000", 12, out), 9,
	    "padded township code");
	CHECK_INT(lbc_region_code_norm("52010", 5, out), 0, "5 digits refused");
	CHECK_INT(lbc_regions_resolve(r, "南明区", strlen("南明区"), "新华路街道",
	    strlen("新华路街道"), "新华社区", strlen("新华社区"), out), 12,
	    "three names");
	CHECK_STR(out, "520102001001", "village code");
	CHECK_INT(lbc_regions_resolve(r, "", 0, "新华路", strlen("新华路"), "新华",
	    strlen("新华"), out), 12, "suffixes dropped on both");
	CHECK_STR(out, "520102001001", "suffix-less names");
	CHECK_INT(lbc_regions_resolve(r, "", 0, "花溪镇", strlen("花溪镇"), "新华村",
	    strlen("新华村"), out), LBC_EAMBIGUOUS,
	    "a township name in two counties is ambiguous");
	CHECK_INT(lbc_regions_resolve(r, "云岩区", strlen("云岩区"), "花溪",
	    strlen("花溪"), "新华村", strlen("新华村"), out), 12,
	    "the county decides");
	CHECK_STR(out, "520103100001", "village within its township");
	CHECK_INT(lbc_regions_resolve(r, "云岩", strlen("云岩"), "花溪镇",
	    strlen("花溪镇"), "和平村", strlen("和平村"), out), 12,
	    "村委会 matches 村");
	CHECK_INT(lbc_regions_resolve(r, "", 0, "", 0, "新华村", strlen("新华村"),
	    out), LBC_ENOTFOUND, "a village needs its township");
	CHECK_INT(lbc_regions_resolve(r, "北京区", strlen("北京区"), "", 0, "", 0,
	    out), LBC_ENOTFOUND, "unknown county");
	CHECK_INT(lbc_regions_resolve(r, "南明区", strlen("南明区"), "", 0, "", 0,
	    out), 6, "county only");
	CHECK_INT(lbc_regions_refine(r, "520103", 6, "花溪", strlen("花溪"),
	    "新华村", strlen("新华村"), out), 12, "county code refined by names");
	CHECK_STR(out, "520103100001", "the village inside that county");
	CHECK_INT(lbc_regions_refine(r, "520103100", 9, "", 0, "和平",
	    strlen("和平"), out), 12, "township code refined by a village");
	CHECK_INT(lbc_regions_refine(r, "520102", 6, "", 0, "新华村",
	    strlen("新华村"), out), LBC_ENOTFOUND,
	    "a village needs its township below a county code");
	CHECK_INT(lbc_regions_refine(r, "520102", 6, "花溪镇", strlen("花溪镇"),
	    "和平村", strlen("和平村"), out), LBC_ENOTFOUND,
	    "names outside the code do not refine it");
	lbc_regions_free(r);
}

/* 441900 东莞市, 442000 中山市, 460400 儋州市: county-level codes ending in
 * 00 under cities without counties; 350527000 a township ending in 000. */
static const char traps[] =
    "44\t广东省\n4419\t东莞市\n441900\t东莞市\n441900003\t东城街道\n"
    "441900004\t南城街道\n4420\t中山市\n442000\t中山市\n442000001\t石岐街道\n"
    "46\t海南省\n4604\t儋州市\n460400\t儋州市\n460400100\t那大镇\n"
    "35\t福建省\n3505\t泉州市\n350527\t金门县\n350527000\t金门县\n"
    "11\t北京市\n1101\t市辖区\n110101\t东城区\n12\t天津市\n1201\t市辖区\n"
    "120101\t和平区\n";

static void
official_traps(void)
{
	struct lbc_regions_diag d;
	struct lbc_regions *r;
	struct lbc_region_why why;
	char out[13], codes[4][13];
	int err;

	r = load(traps, &d, &err);
	CHECK(r != NULL, "the traps load (441900 beside 4419)");
	if (r == NULL)
		return;
	CHECK_INT(lbc_regions_count(r), 22, "every line a place");
	CHECK_STR(lbc_regions_name(r, "441900", 6), "东莞市", "441900 county-level");
	CHECK_STR(lbc_regions_name(r, "4419", 4), "东莞市", "4419 the city");
	CHECK_INT(lbc_regions_level(r, "441900", 6), 6, "441900 has 6 digits");
	CHECK_INT(lbc_regions_level(r, "4419", 4), 4, "4419 a city");
	CHECK_INT(lbc_regions_level(r, "441901", 6), 0, "unknown code: level 0");
	CHECK_INT(lbc_regions_level(r, "350527000", 9), 9, "350527000 a township");
	CHECK_STR(lbc_regions_name(r, "350527000", 9), "金门县",
	    "350527000 named");
	CHECK_INT(lbc_region_code_norm("441900", 6, out), 6,
	    "a 6-digit code keeps its zeros");
	CHECK_STR(out, "441900", "441900 as it is");
	CHECK_INT(lbc_region_code_norm("350527000", 9, out), 9,
	    "a 9-digit code keeps its zeros");
	CHECK_INT(res(r, NULL, NULL, "东莞市", "东城街道", NULL, out, NULL), 9,
	    "a township of 东莞市 by county name");
	CHECK_STR(out, "441900003", "东城街道");
	CHECK_INT(res(r, NULL, "东莞", NULL, "南城", NULL, out, NULL), 9,
	    "a township of 东莞市 by city name");
	CHECK_STR(out, "441900004", "南城街道");
	CHECK_INT(res(r, NULL, NULL, "中山市", NULL, NULL, out, NULL), 6,
	    "中山市 as a county");
	CHECK_STR(out, "442000", "442000");
	CHECK_INT(res(r, NULL, NULL, NULL, "那大镇", NULL, out, NULL), 9,
	    "a township of 儋州市");
	CHECK_STR(out, "460400100", "460400100");
	CHECK_INT(res(r, NULL, NULL, "金门县", "金门县", NULL, out, NULL), 9,
	    "金门县 the township inside 金门县 the county");
	CHECK_STR(out, "350527000", "350527000");
	CHECK_INT(res(r, NULL, "市辖区", NULL, NULL, NULL, out, &why),
	    LBC_EAMBIGUOUS, "市辖区 is a city of two municipalities");
	CHECK(why.level == LBC_LV_CITY && why.ncand == 2 &&
	    strcmp(why.cand[0], "1101") == 0 && strcmp(why.cand[1], "1201") == 0,
	    "the candidates are the two 市辖区");
	CHECK_INT(res(r, "天津", "市辖区", "和平区", NULL, NULL, out, NULL), 6,
	    "市辖区 under its province");
	CHECK_STR(out, "120101", "120101");
	CHECK_INT(lbc_regions_find(r, "市辖区", strlen("市辖区"), codes, 4), 2,
	    "find: both 市辖区");
	CHECK_STR(codes[1], "1201", "find: in code order");
	CHECK_INT(lbc_regions_find(r, "东莞", strlen("东莞"), codes, 4), 2,
	    "find: the city and the county-level 东莞市");
	CHECK(strcmp(codes[0], "4419") == 0 && strcmp(codes[1], "441900") == 0,
	    "find: 4419 then 441900");
	CHECK_INT(lbc_regions_find(r, "东莞市", strlen("东莞市"), codes, 1), 2,
	    "find: the count past max");
	CHECK_INT(lbc_regions_find(r, "西湖区", strlen("西湖区"), codes, 4), 0,
	    "find: nothing");
	lbc_regions_free(r);
}

static void
forms(void)
{
	struct lbc_regions_diag d;
	struct lbc_regions *r;
	char out[13];
	int err;

	r = load("统计用区划代码,名称\n44,广东省\n4419,东莞市\n441900,东莞市\n"
	    "\"441900003\",\"东城街道\"\n", &d, &err);
	CHECK(r != NULL && lbc_regions_count(r) == 4, "CSV with quotes");
	CHECK(r && lbc_regions_name(r, "441900003", 9) &&
	    strcmp(lbc_regions_name(r, "441900003", 9), "东城街道") == 0,
	    "CSV names");
	lbc_regions_free(r);
	r = load("\xef\xbb\xbf" "code\tname\r\n44\t广东省\r\n4419\t东莞市\r\n",
	    &d, &err);
	CHECK(r != NULL && lbc_regions_count(r) == 2 &&
	    strcmp(lbc_regions_name(r, "4419", 4), "东莞市") == 0,
	    "BOM and CRLF");
	lbc_regions_free(r);
	/* 东莞市 广东省 in GBK */
	r = load("44\t\xb9\xe3\xb6\xab\xca\xa1\n4419\t\xb6\xab\xdd\xb8\xca\xd0\n",
	    &d, &err);
	CHECK(r != NULL && strcmp(lbc_regions_name(r, "4419", 4), "东莞市") == 0,
	    "GBK read as GB18030");
	lbc_regions_free(r);
	/* the NBS form: code, 城乡分类代码 (empty above villages), name */
	r = load("统计用区划代码,城乡分类代码,名称\n440000000000,,广东省\n"
	    "441900000000,,东莞市\n441900003000,,东城街道\n"
	    "441900003001,111,东城社区\n441900003200,220,牛山村\n", &d, &err);
	CHECK(r != NULL, "the 3-column padded NBS form loads");
	if (r != NULL) {
		CHECK_STR(lbc_regions_name(r, "441900003001", 12), "东城社区",
		    "the name after the type code");
		CHECK_STR(lbc_regions_name(r, "44", 2), "广东省",
		    "padded province shortened");
		CHECK_STR(lbc_regions_name(r, "441900", 6), "东莞市",
		    "the county-level 441900 implied by its townships");
		CHECK_INT(lbc_regions_count(r), 6, "five lines, one implied place");
		CHECK_INT(res(r, NULL, NULL, "东莞市", "东城", "牛山", out, NULL),
		    12, "a village of 东莞市");
		CHECK_STR(out, "441900003200", "牛山村");
	}
	lbc_regions_free(r);
	/* padded: a repeated code is the place one level below */
	r = load("350000000000\t福建省\n350500000000\t泉州市\n"
	    "350527000000\t金门县\n350527000000\t金门县\n"
	    "350527000001\t金门村\n", &d, &err);
	CHECK(r != NULL && lbc_regions_count(r) == 5, "padded repeat kept");
	CHECK(r && lbc_regions_level(r, "350527000", 9) == 9 &&
	    lbc_regions_level(r, "350527", 6) == 6,
	    "the repeat of 350527000000 is the township 350527000");
	lbc_regions_free(r);
	r = load("44\t广东省\n44\t广东省\n4419\t东莞市\n", &d, &err);
	CHECK(r != NULL && lbc_regions_count(r) == 2,
	    "the same code twice with the same name is one place");
	lbc_regions_free(r);
	r = load("# a comment\n\n44\t广东省\n\n", &d, &err);
	CHECK(r != NULL && lbc_regions_count(r) == 1, "comments, blank lines");
	lbc_regions_free(r);
	r = load("", &d, &err);
	CHECK(r != NULL && lbc_regions_count(r) == 0, "an empty table");
	lbc_regions_free(r);
}

static void
bad_lines(void)
{
	static const struct {
		const char	*text;
		unsigned long	 line, other;
		const char	*why;
	} c[] = {
		{ "code\tname\n52\tA\n52\tB\n", 3, 2,
		    "the same code as an earlier line, with another name" },
		{ "52\tA\n5201x\tB\n", 2, 0,
		    "the first column is not a code of digits" },
		{ "52\tA\n52010\tB\n", 2, 0,
		    "the code is not 2, 4, 6, 9 or 12 digits long" },
		{ "52\tA\n5201\n", 2, 0, "one column only: the code and the "
		    "name are separated by a TAB or a comma" },
		{ "52\tA\n5201\t \n", 2, 0, "no name after the code" },
		{ "52\tA\n5201\t\f\xe3\x80\x80\n", 2, 0,
		    "no name after the code" },
		{ "52,A\n,B\n", 2, 0, "no code in the first column" },
		{ "52\tA\n5201\t\xff\xfe\n", 2, 0,
		    "bytes not valid in the file's encoding" },
	};
	struct lbc_regions_diag d;
	struct lbc_regions *r;
	size_t i;
	int err;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		r = load(c[i].text, &d, &err);
		CHECK(r == NULL && err == LBC_EFORMAT, c[i].why);
		CHECK(d.line == c[i].line && d.other == c[i].other &&
		    d.why != NULL && strcmp(d.why, c[i].why) == 0,
		    "its line and message");
		lbc_regions_free(r);
	}
	r = load("52\tA\n52\tA\n", &d, &err);
	CHECK(r != NULL, "a same-named duplicate is no error");
	lbc_regions_free(r);
}

static void
repeated_counties(void)
{
	struct lbc_regions_diag d;
	struct lbc_regions *r;
	struct lbc_region_why why;
	char out[13];
	int err;

	r = load("32\t江苏省\n3201\t南京市\n320106\t鼓楼区\n3203\t徐州市\n"
	    "320302\t鼓楼区\n35\t福建省\n3501\t福州市\n350102\t鼓楼区\n"
	    "350102001\t鼓东街道\n", &d, &err);
	if (r == NULL) {
		CHECK(0, "table loads");
		return;
	}
	CHECK_INT(res(r, NULL, NULL, "鼓楼区", NULL, NULL, out, &why),
	    LBC_EAMBIGUOUS, "鼓楼区 alone is ambiguous");
	CHECK(why.level == LBC_LV_COUNTY && why.ncand == 3 &&
	    strcmp(why.cand[0], "320106") == 0 &&
	    strcmp(why.cand[2], "350102") == 0, "at county level, three codes");
	CHECK_INT(res(r, NULL, "福州市", "鼓楼区", NULL, NULL, out, NULL), 6,
	    "the city decides");
	CHECK_STR(out, "350102", "福州's 鼓楼区");
	CHECK_INT(res(r, "福建", NULL, "鼓楼", "鼓东街道", NULL, out, NULL), 9,
	    "the province decides");
	CHECK_STR(out, "350102001", "a township of 福州's 鼓楼区");
	CHECK_INT(res(r, "江苏省", NULL, "鼓楼区", NULL, NULL, out, &why),
	    LBC_EAMBIGUOUS, "two 鼓楼区 in 江苏");
	CHECK(why.ncand == 2, "two candidates left");
	CHECK_INT(res(r, NULL, "徐州", "鼓楼区", NULL, NULL, out, NULL), 6,
	    "徐州's 鼓楼区");
	CHECK_STR(out, "320302", "320302");
	CHECK_INT(res(r, NULL, "杭州市", "鼓楼区", NULL, NULL, out, &why),
	    LBC_ENOTFOUND, "an unknown city");
	CHECK(why.level == LBC_LV_CITY && why.ncand == 0, "at city level");
	CHECK_INT(res(r, NULL, "福州市", "鼓楼区", NULL, "某村", out, &why),
	    LBC_ENOTFOUND, "a village without its township");
	CHECK(why.level == LBC_LV_VILLAGE, "at village level");
	lbc_regions_free(r);
}

static void
stacked(void)
{
	struct lbc_regions_diag d;
	struct lbc_regions *u, *b;
	char out[13], codes[4][13];
	int err;

	b = load("43\t湖南省\n4307\t常德市\n430726\t石门县\n430726100\t楚江街道\n"
	    "13\t河北省\n1301\t石家庄市\n130102\t长安区\n"
	    "61\t陕西省\n6101\t西安市\n610102\t新城区\n610116\t长安区\n",
	    &d, &err);
	u = load("39\t云岭省\n3901\t青山市\n390122\t石门县\n390122100\t石桥镇\n"
	    "390122100001\t桥头村\n130102\t长安区(本表)\n", &d, &err);
	if (b == NULL || u == NULL) {
		CHECK(0, "tables load");
		lbc_regions_free(b);
		lbc_regions_free(u);
		return;
	}
	CHECK_INT(res(b, NULL, NULL, "石门县", NULL, NULL, out, NULL), 6,
	    "the base alone: 湖南's 石门县");
	lbc_regions_set_base(u, b);
	CHECK_INT(res(u, NULL, NULL, "石门县", NULL, NULL, out, NULL), 6,
	    "-r's 石门县 is never ambiguous with the base's");
	CHECK_STR(out, "390122", "the user's 石门县");
	CHECK_INT(res(u, NULL, NULL, "石门县", "石桥镇", "桥头村", out, NULL),
	    12, "down to the user's village");
	CHECK_INT(res(u, NULL, "常德市", "石门县", "楚江街道", NULL, out, NULL),
	    9, "the base's city scopes the base's county");
	CHECK_STR(out, "430726100", "湖南's township");
	CHECK_INT(res(u, NULL, NULL, "新城区", NULL, NULL, out, NULL), 6,
	    "a name -r does not know comes from the base");
	CHECK_STR(out, "610102", "610102");
	CHECK_STR(lbc_regions_name(u, "130102", 6), "长安区(本表)",
	    "-r's name of a code overrides the base's");
	CHECK_STR(lbc_regions_name(u, "430726", 6), "石门县",
	    "the base's codes named");
	CHECK_INT(lbc_regions_level(u, "430726100", 9), 9, "levels in the base");
	CHECK_INT(lbc_regions_find(u, "石门县", strlen("石门县"), codes, 4), 1,
	    "find: -r's places first");
	CHECK_STR(codes[0], "390122", "find: the user's");
	CHECK_INT(lbc_regions_find(u, "长安区", strlen("长安区"), codes, 4), 2,
	    "find: the base's when -r has none");
	CHECK_INT(lbc_regions_count(u), 6, "count: -r's own places");
	CHECK(!lbc_regions_is_builtin(u), "a file's table is not the built-in");
	lbc_regions_free(u);
}

static void
builtin(void)
{
	struct lbc_regions *r, *u;
	struct lbc_regions_diag d;
	struct lbc_region_why why;
	char out[13], codes[8][13];
	int err = 0;

	r = lbc_regions_builtin(f, &err);
	CHECK(r != NULL, "the built-in table");
	if (r == NULL)
		return;
	CHECK_INT(lbc_regions_count(r), 44703, "44,703 places");
	CHECK(lbc_regions_is_builtin(r), "it says so");
	CHECK(strstr(lbc_regions_builtin_label(), "2023") != NULL,
	    "its label names the year");
	CHECK_STR(lbc_regions_name(r, "441900", 6), "东莞市", "441900 built in");
	CHECK_STR(lbc_regions_name(r, "4419", 4), "东莞市", "4419 built in");
	CHECK_STR(lbc_regions_name(r, "350527000", 9), "金门县",
	    "350527000 built in");
	CHECK_STR(lbc_regions_name(r, "460400", 6), "儋州市", "460400 built in");
	CHECK_STR(lbc_regions_name(r, "442000", 6), "中山市", "442000 built in");
	CHECK_INT(lbc_regions_find(r, "鼓楼区", strlen("鼓楼区"), codes, 8), 4,
	    "four 鼓楼区 in the country");
	CHECK_INT(res(r, NULL, NULL, "鼓楼区", NULL, NULL, out, &why),
	    LBC_EAMBIGUOUS, "鼓楼区 alone");
	CHECK(why.ncand == 4 && strcmp(why.cand[0], "320106") == 0,
	    "the four candidates");
	CHECK_INT(res(r, NULL, "福州市", "鼓楼区", NULL, NULL, out, NULL), 6,
	    "福州市 鼓楼区");
	CHECK_STR(out, "350102", "350102");
	CHECK_INT(res(r, "浙江省", NULL, "西湖区", NULL, NULL, out, NULL), 6,
	    "浙江省 西湖区");
	CHECK_STR(out, "330106", "330106");
	CHECK_INT(res(r, NULL, NULL, "东莞市", "东城街道", NULL, out, NULL), 9,
	    "东莞市 东城街道");
	CHECK_STR(out, "441900003", "441900003");
	u = load("39\t云岭省\n390122\t石门县\n", &d, &err);
	if (u != NULL) {
		lbc_regions_set_base(u, r);
		CHECK_INT(res(u, NULL, NULL, "石门县", NULL, NULL, out, NULL), 6,
		    "a user's 石门县 over the built-in 湖南 石门县");
		CHECK_STR(out, "390122", "the user's");
		CHECK_STR(lbc_regions_name(u, "430726", 6), "石门县",
		    "the built-in's names under -r");
		lbc_regions_free(u);
	} else
		lbc_regions_free(r);
}

/* A table of national shape: many counties, townships and villages that
 * repeat names; loads and resolves inside scopes. */
static void
national_shape(void)
{
	struct lbc_regions_diag d;
	struct lbc_regions *r;
	char *text, out[13], c[16];
	size_t cap = 16u << 20, n = 0;
	int p, k, t, v, err;
	FILE *fp;

	if ((text = malloc(cap)) == NULL)
		return;
	for (p = 11; p < 41; p++) {
		n += (size_t)snprintf(text + n, cap - n, "%d\t省%d\n", p, p);
		for (k = 1; k <= 10; k++) {
			n += (size_t)snprintf(text + n, cap - n, "%d%02d01\t城关区\n",
			    p, k);
			for (t = 1; t <= 10; t++) {
				n += (size_t)snprintf(text + n, cap - n,
				    "%d%02d01%03d\t城关镇%d\n", p, k, t, t % 3);
				for (v = 1; v <= 20; v++)
					n += (size_t)snprintf(text + n, cap - n,
					    "%d%02d01%03d%03d\t新华村%d\n", p, k, t,
					    v, v);
			}
		}
	}
	fp = fmemopen(text, n, "r");
	r = lbc_regions_read(fp, f, &d, &err);
	fclose(fp);
	CHECK(r != NULL && lbc_regions_count(r) == 30 + 300 + 3000 + 60000,
	    "a national-shape table loads");
	if (r != NULL) {
		CHECK_INT(res(r, "省20", NULL, "城关区", "城关镇1", "新华村7", out,
		    NULL), LBC_EAMBIGUOUS, "城关区 repeats inside a province");
		snprintf(c, sizeof(c), "200501");
		CHECK_INT(lbc_regions_refine(r, c, 6, "城关镇2", strlen("城关镇2"),
		    "新华村7", strlen("新华村7"), out), LBC_EAMBIGUOUS,
		    "城关镇2 repeats inside a county");
		CHECK_INT(lbc_regions_refine(r, "200501004", 9, "", 0, "新华村7",
		    strlen("新华村7"), out), 12, "the village in its township");
		CHECK_STR(out, "200501004007", "200501004007");
		CHECK_INT(lbc_regions_find(r, "新华村7", strlen("新华村7"), NULL,
		    0), 3000, "find counts all 3000");
	}
	lbc_regions_free(r);
	free(text);
}

int
main(void)
{
	int err = 0;

	if ((f = lbc_fold_new(&err)) == NULL)
		return 1;
	basics();
	official_traps();
	forms();
	bad_lines();
	repeated_counties();
	stacked();
	builtin();
	national_shape();
	lbc_fold_free(f);
	return check_failed;
}

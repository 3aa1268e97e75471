/*
 * lbc-xlsxgen: writes invented .xlsx survey workbooks with libxlsxwriter,
 * the way a spreadsheet program saves them, for lbc-import's tests, the
 * samples and the benchmark.  Every name and ID is invented.
 *
 *   lbc-xlsxgen township FILE   a township form: title rows, a two-row
 *                               merged header, a sheet per village, a
 *                               footer, a notes sheet (samples/drops/)
 *   lbc-xlsxgen school FILE     a school's list of pupils (converted to
 *                               .xls with LibreOffice for samples/drops/)
 *   lbc-xlsxgen types FILE      one sheet with every cell type and date
 *                               format lbc-import reads
 *   lbc-xlsxgen big FILE N      N children on one sheet, streamed
 *                               (constant memory: inline strings)
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "idno.h"

/* An invented valid ID: region, birth date, sequence (odd: male). */
static void
mkid(const char *region6, int y, int m, int d, int seq, char out[19])
{
	snprintf(out, 19, "%s%04d%02d%02d%03d", region6, y, m, d, seq % 1000);
	out[17] = lbc_id_check(out);
	out[18] = '\0';
}

static void
check(lxw_error e, const char *what)
{
	if (e != LXW_NO_ERROR)
		errx(1, "%s: %s", what, lxw_strerror(e));
}

struct child {
	const char	*name;
	int		 y, m, d, seq;
	const char	*sex, *guardian, *risk, *problems;
	int		 id_as_number;
};

static void
village(lxw_workbook *wb, const char *vname, const struct child *c, size_t n,
    lxw_format *title, lxw_format *head, lxw_format *date, lxw_format *text)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, vname);
	lxw_row_t r;
	char id[19];
	size_t i;

	if (ws == NULL)
		errx(1, "add sheet %s", vname);
	check(worksheet_merge_range(ws, 0, 0, 0, 10,
	    "清水镇农村留守儿童摸底排查登记表", title), "title");
	check(worksheet_merge_range(ws, 1, 0, 1, 10,
	    "填报单位：清水镇人民政府        填报日期：2026年5月", NULL), "unit");
	/* Two-row header: 序号 merged down, groups merged across. */
	check(worksheet_merge_range(ws, 2, 0, 3, 0, "序号", head), "no");
	check(worksheet_merge_range(ws, 2, 1, 2, 5, "基本情况", head), "basic");
	check(worksheet_merge_range(ws, 2, 6, 2, 7, "所在地", head), "place");
	check(worksheet_merge_range(ws, 2, 8, 2, 10, "监护情况", head), "care");
	{
		static const char *const names[] = { "姓名", "身份证号", "性别",
		    "出生日期", "县(市、区)", "乡镇(街道)", "村(社区)",
		    "监护类型", "风险等级", "存在问题" };

		for (i = 0; i < 10; i++)
			check(worksheet_write_string(ws, 3, (lxw_col_t)(i + 1),
			    names[i], head), "header");
	}
	r = 4;
	for (i = 0; i < n; i++, r++) {
		if (i == 2)
			r++;	/* an empty row inside the sheet */
		mkid("390121", c[i].y, c[i].m, c[i].d, c[i].seq, id);
		worksheet_write_number(ws, r, 0, (double)(i + 1), NULL);
		worksheet_write_string(ws, r, 1, c[i].name, NULL);
		if (c[i].id_as_number)
			worksheet_write_number(ws, r, 2, strtod(id, NULL), NULL);
		else
			worksheet_write_string(ws, r, 2, id, text);
		worksheet_write_string(ws, r, 3, c[i].sex, NULL);
		{
			lxw_datetime dt = { c[i].y, (uint8_t)c[i].m,
			    (uint8_t)c[i].d, 0, 0, 0 };

			worksheet_write_datetime(ws, r, 4, &dt, date);
		}
		worksheet_write_string(ws, r, 5, "清水县", NULL);
		worksheet_write_string(ws, r, 6, "清水镇", NULL);
		worksheet_write_string(ws, r, 8, c[i].guardian, NULL);
		worksheet_write_string(ws, r, 9, c[i].risk, NULL);
		worksheet_write_string(ws, r, 10, c[i].problems, NULL);
	}
	/* The village merged down its children's rows, as forms do. */
	check(worksheet_merge_range(ws, 4, 7, r - 1, 7, vname, NULL), "village");
	check(worksheet_merge_range(ws, r + 1, 0, r + 1, 10,
	    "填表人：          审核人：          联系电话：", NULL), "footer");
}

static void
township(const char *path)
{
	static const struct child xinhua[] = {
		{ "赵小雨", 2015, 3, 14, 22, "女", "祖父母监护", "高风险",
		    "学业失教、亲情失落", 0 },
		{ "钱多多", 2013, 11, 2, 33, "男", "(外)祖父母监护", "中风险",
		    "生活失助", 1 },
		{ "孙朵朵", 2017, 6, 30, 44, "女", "亲友监护", "低风险", "", 0 },
		{ "李安", 2012, 1, 9, 55, "男", "父母一方监护", "一般", "心理失衡",
		    0 },
	};
	static const struct child shimen[] = {
		{ "周启明", 2014, 8, 8, 61, "男", "祖辈监护", "高", "安全失保", 0 },
		{ "吴晓晓", 2016, 2, 29, 72, "女", "无人监护", "一级",
		    "生活失助；安全失保", 0 },
		{ "郑一帆", 2011, 12, 1, 83, "男", "(外)祖父母监护", "低风险",
		    "学业", 0 },
	};
	lxw_workbook *wb = workbook_new(path);
	lxw_format *title, *head, *date, *text;
	lxw_worksheet *ws;

	if (wb == NULL)
		errx(1, "%s: cannot create", path);
	title = workbook_add_format(wb);
	format_set_bold(title);
	format_set_align(title, LXW_ALIGN_CENTER);
	head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_align(head, LXW_ALIGN_CENTER);
	date = workbook_add_format(wb);
	format_set_num_format(date, "yyyy\"年\"m\"月\"d\"日\"");
	text = workbook_add_format(wb);
	format_set_num_format(text, "@");
	village(wb, "新华村", xinhua, sizeof(xinhua) / sizeof(xinhua[0]), title,
	    head, date, text);
	village(wb, "石门村", shimen, sizeof(shimen) / sizeof(shimen[0]), title,
	    head, date, text);
	ws = workbook_add_worksheet(wb, "填表说明");
	worksheet_write_string(ws, 0, 0, "填表说明", title);
	worksheet_write_string(ws, 1, 0,
	    "1. 每村一张工作表；身份证号请设置为文本格式。", NULL);
	worksheet_write_string(ws, 2, 0, "2. 出生日期填写日期格式。", NULL);
	check(workbook_close(wb), path);
}

static void
school(const char *path)
{
	static const struct {
		const char	*name, *sex, *grade, *guardian, *care, *problems;
		int		 y, m, d, seq, id_as_number;
	} p[] = {
		{ "林小北", "男", "四年级", "祖父母监护", "一般关注", "学业",
		    2016, 4, 12, 17, 0 },
		{ "何雨桐", "女", "五年级", "亲友监护", "重点关注", "亲情、心理",
		    2015, 9, 1, 26, 0 },
		{ "罗天佑", "男", "六年级", "父母一方监护", "一般关注", "",
		    2014, 1, 23, 39, 1 },
		{ "宋佳怡", "女", "三年级", "无人监护", "重点关注", "安全",
		    2017, 10, 5, 48, 0 },
	};
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws;
	lxw_format *date, *text;
	static const char *const h[] = { "学生姓名", "公民身份号码", "性别",
	    "出生日期", "统计用区划代码", "就读学校", "年级", "监护情况",
	    "关爱等级", "主要问题" };
	char id[19];
	size_t i;

	if (wb == NULL)
		errx(1, "%s: cannot create", path);
	ws = workbook_add_worksheet(wb, "学生名单");
	date = workbook_add_format(wb);
	format_set_num_format(date, "yyyy-mm-dd");
	text = workbook_add_format(wb);
	format_set_num_format(text, "@");
	worksheet_write_string(ws, 0, 0, "白沙镇小学留守儿童名单", NULL);
	for (i = 0; i < 10; i++)
		worksheet_write_string(ws, 1, (lxw_col_t)i, h[i], NULL);
	for (i = 0; i < sizeof(p) / sizeof(p[0]); i++) {
		lxw_row_t r = (lxw_row_t)(i + 2);
		lxw_datetime dt = { p[i].y, (uint8_t)p[i].m, (uint8_t)p[i].d,
		    0, 0, 0 };

		mkid("390121", p[i].y, p[i].m, p[i].d, p[i].seq, id);
		worksheet_write_string(ws, r, 0, p[i].name, NULL);
		if (p[i].id_as_number)
			worksheet_write_number(ws, r, 1, strtod(id, NULL), NULL);
		else
			worksheet_write_string(ws, r, 1, id, text);
		worksheet_write_string(ws, r, 2, p[i].sex, NULL);
		worksheet_write_datetime(ws, r, 3, &dt, date);
		worksheet_write_number(ws, r, 4, 390121101001.0, NULL);
		worksheet_write_string(ws, r, 5, "白沙镇小学", NULL);
		worksheet_write_string(ws, r, 6, p[i].grade, NULL);
		worksheet_write_string(ws, r, 7, p[i].guardian, NULL);
		worksheet_write_string(ws, r, 8, p[i].care, NULL);
		worksheet_write_string(ws, r, 9, p[i].problems, NULL);
	}
	check(workbook_close(wb), path);
}

static void
types(const char *path)
{
	/* Built-in date formats, then custom ones, by column. */
	static const int builtin[] = { 14, 15, 16, 17, 22, 45, 31, 57 };
	static const char *const custom[] = { "yyyy-mm-dd", "yyyy/m/d;@",
	    "[$-804]yyyy\"年\"m\"月\"d\"日\"", "\"出生\"yyyymmdd", "d-mmm-yy",
	    "[h]:mm:ss", "0.00", "\"y\"0", "#,##0" };
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws;
	lxw_format *f;
	lxw_datetime dt = { 2015, 3, 4, 12, 0, 0 };
	char id[19];
	size_t i;
	lxw_col_t c;

	if (wb == NULL)
		errx(1, "%s: cannot create", path);
	ws = workbook_add_worksheet(wb, "types");
	worksheet_write_string(ws, 0, 0, "姓名", NULL);
	worksheet_write_string(ws, 0, 1, "身份证号", NULL);
	worksheet_write_string(ws, 0, 2, "区划代码", NULL);
	worksheet_write_string(ws, 0, 3, "出生日期", NULL);
	worksheet_write_string(ws, 0, 4, "number", NULL);
	worksheet_write_string(ws, 0, 5, "bool", NULL);
	worksheet_write_string(ws, 0, 6, "formula", NULL);
	worksheet_write_string(ws, 0, 7, "fraction", NULL);
	c = 8;
	for (i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++, c++) {
		char h[16];

		snprintf(h, sizeof(h), "b%d", builtin[i]);
		worksheet_write_string(ws, 0, c, h, NULL);
		f = workbook_add_format(wb);
		format_set_num_format_index(f, (uint8_t)builtin[i]);
		worksheet_write_datetime(ws, 1, c, &dt, f);
	}
	for (i = 0; i < sizeof(custom) / sizeof(custom[0]); i++, c++) {
		char h[16];

		snprintf(h, sizeof(h), "c%zu", i);
		worksheet_write_string(ws, 0, c, h, NULL);
		f = workbook_add_format(wb);
		format_set_num_format(f, custom[i]);
		worksheet_write_datetime(ws, 1, c, &dt, f);
	}
	mkid("390121", 2015, 3, 4, 1, id);
	worksheet_write_string(ws, 1, 0, "甲一", NULL);
	worksheet_write_string(ws, 1, 1, id, NULL);
	worksheet_write_number(ws, 1, 2, 390121100001.0, NULL);
	f = workbook_add_format(wb);
	format_set_num_format_index(f, 14);
	worksheet_write_datetime(ws, 1, 3, &dt, f);
	worksheet_write_number(ws, 1, 4, 1234567.5, NULL);
	worksheet_write_boolean(ws, 1, 5, 1, NULL);
	worksheet_write_formula_str(ws, 1, 6, "=\"清\"&\"水\"", NULL, "清水");
	worksheet_write_number(ws, 1, 7, 0.1, NULL);
	/* Row 3: the ID typed as a number; a 15-digit old ID as a number. */
	mkid("390121", 2014, 7, 1, 2, id);
	worksheet_write_string(ws, 2, 0, "乙二", NULL);
	worksheet_write_number(ws, 2, 1, strtod(id, NULL), NULL);
	worksheet_write_number(ws, 2, 2, 390121100001.0, NULL);
	worksheet_write_string(ws, 2, 3, "2014-07-01", NULL);
	worksheet_write_boolean(ws, 2, 5, 0, NULL);
	worksheet_write_string(ws, 3, 0, "丙三", NULL);
	worksheet_write_number(ws, 3, 1, 390121120909004.0, NULL);
	worksheet_write_number(ws, 3, 2, 390121100001.0, NULL);
	check(workbook_close(wb), path);
}

static void
big(const char *path, long n)
{
	static const char *const village[] = { "新华村", "石门村" };
	lxw_workbook_options o = { .constant_memory = LXW_TRUE };
	lxw_workbook *wb = workbook_new_opt(path, &o);
	lxw_worksheet *ws;
	lxw_format *date;
	char id[19], name[32];
	long i;

	if (wb == NULL)
		errx(1, "%s: cannot create", path);
	ws = workbook_add_worksheet(wb, "children");
	date = workbook_add_format(wb);
	format_set_num_format_index(date, 14);
	{
		static const char *const h[] = { "序号", "姓名", "身份证号",
		    "性别", "出生日期", "县(市、区)", "乡镇(街道)", "村(社区)",
		    "监护类型", "风险等级", "存在问题", "备注" };

		for (i = 0; i < 12; i++)
			worksheet_write_string(ws, 0, (lxw_col_t)i, h[i], NULL);
	}
	for (i = 1; i <= n; i++) {
		int y = 2011 + (int)(i % 14), m = 1 + (int)(i % 12),
		    d = 1 + (int)(i % 28);
		lxw_datetime dt = { y, (uint8_t)m, (uint8_t)d, 0, 0, 0 };
		lxw_row_t r = (lxw_row_t)i;

		mkid("390121", y, m, d, (int)(i % 997), id);
		snprintf(name, sizeof(name), "童%ld", i);
		worksheet_write_number(ws, r, 0, (double)i, NULL);
		worksheet_write_string(ws, r, 1, name, NULL);
		worksheet_write_string(ws, r, 2, id, NULL);
		worksheet_write_string(ws, r, 3, i % 2 ? "男" : "女", NULL);
		worksheet_write_datetime(ws, r, 4, &dt, date);
		worksheet_write_string(ws, r, 5, "清水县", NULL);
		worksheet_write_string(ws, r, 6, "清水镇", NULL);
		worksheet_write_string(ws, r, 7, village[i % 2], NULL);
		worksheet_write_string(ws, r, 8, "祖父母监护", NULL);
		worksheet_write_string(ws, r, 9, "中风险", NULL);
		worksheet_write_string(ws, r, 10, "学业失教、亲情失落", NULL);
		worksheet_write_string(ws, r, 11,
		    "家中老人年迈，需要村委会定期走访，学校老师每周联系一次", NULL);
	}
	check(workbook_close(wb), path);
}

int
main(int argc, char *argv[])
{
	if (argc == 3 && strcmp(argv[1], "township") == 0)
		township(argv[2]);
	else if (argc == 3 && strcmp(argv[1], "school") == 0)
		school(argv[2]);
	else if (argc == 3 && strcmp(argv[1], "types") == 0)
		types(argv[2]);
	else if (argc == 4 && strcmp(argv[1], "big") == 0)
		big(argv[2], strtol(argv[3], NULL, 10));
	else {
		fprintf(stderr, "usage: lbc-xlsxgen township|school|types file\n"
		    "       lbc-xlsxgen big file rows\n");
		return 2;
	}
	return 0;
}

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xlsxwriter.h>

#include "err.h"
#include "stats.h"
#include "tally.h"
#include "xlsx.h"
#include "xlsxsheet.h"

#define TOP	3		/* first category row; the header is TOP - 1 */
#define MAXCOLS	16384

struct fmts {
	lxw_format	*title, *note, *head, *bold, *pct, *boldpct, *num4,
			*wrap;
	const char	*where;		/* -w conditions for the titles */
};

/* One sheet being written: remembers the widest text of each column. */
struct sheet {
	lxw_worksheet	*ws;
	double		 width[64];
	int		 err;
};

/* Columns Excel needs for s: CJK and other wide characters count 2. */
static double
text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	double w = 0;

	for (; *p != '\0'; p++) {
		if (*p < 0x80)
			w += 1;
		else if (*p >= 0xe0)	/* 3- and 4-byte sequences */
			w += 2;
		else if (*p >= 0xc0)
			w += 1;
	}
	return w;
}

static void
widen(struct sheet *sh, size_t col, double w)
{
	if (col < sizeof(sh->width) / sizeof(sh->width[0]) &&
	    w > sh->width[col])
		sh->width[col] = w;
}

static void
put_str(struct sheet *sh, size_t row, size_t col, const char *s,
    lxw_format *f, int measure)
{
	if (col >= MAXCOLS)
		return;
	if (worksheet_write_string(sh->ws, (lxw_row_t)row, (lxw_col_t)col, s,
	    f) != LXW_NO_ERROR)
		sh->err = 1;
	if (measure)
		widen(sh, col, text_width(s));
}

static void
put_num(struct sheet *sh, size_t row, size_t col, double v, lxw_format *f,
    double w)
{
	if (col >= MAXCOLS)
		return;
	if (isnan(v))
		return;		/* a percentage of nothing: left blank */
	if (worksheet_write_number(sh->ws, (lxw_row_t)row, (lxw_col_t)col, v,
	    f) != LXW_NO_ERROR)
		sh->err = 1;
	widen(sh, col, w);
}

static void
set_widths(struct sheet *sh, size_t ncols)
{
	size_t i;

	for (i = 0; i < ncols && i < sizeof(sh->width) / sizeof(sh->width[0]);
	    i++) {
		double w = sh->width[i] + 2;

		worksheet_set_column(sh->ws, (lxw_col_t)i, (lxw_col_t)i,
		    w < 8 ? 8 : w > 60 ? 60 : w, NULL);
	}
}

/* "N title" made safe for a sheet name: no []:*?/\, at most 31 characters. */
static void
sheet_name(char *out, size_t n, size_t idx, const struct lbc_table *t)
{
	char raw[256];
	size_t i, o = 0, chars = 0;

	if (t->nfields < 2)
		snprintf(raw, sizeof(raw), "%zu %s", idx + 1, t->title[0]);
	else if (t->layer != NULL)	/* the layer first: names get cut */
		snprintf(raw, sizeof(raw), "%zu %s %s×%s", idx + 1, t->layer,
		    t->title[0], t->title[1]);
	else
		snprintf(raw, sizeof(raw), "%zu %s×%s", idx + 1, t->title[0],
		    t->title[1]);
	for (i = 0; raw[i] != '\0' && o + 5 < n; i++) {
		unsigned char c = (unsigned char)raw[i];

		if ((c & 0xc0) != 0x80 && ++chars > 31)
			break;
		out[o++] = strchr("[]:*?/\\'", c) != NULL ? '_' : (char)c;
	}
	out[o] = '\0';
}

static const char *
pct_words(enum lbc_pct pct)
{
	switch (pct) {
	case LBC_PCT_COL:
		return "百分比为列百分比（占本列合计）";
	case LBC_PCT_ALL:
		return "百分比为总百分比（占全部儿童）";
	default:
		return "百分比为行百分比（占本行合计）";
	}
}

static void
write_tests(struct sheet *sh, struct fmts *f, const struct lbc_table *t,
    size_t *row)
{
	static const char *const head[] = { "检验", "χ²", "自由度 df", "p",
	    "Cramér's V", "n", "最小期望频数", "期望频数<5的格数", "说明", NULL };
	struct lbc_test *tests;
	size_t n, i, r = *row;
	char label[512];

	if (lbc_stats_table(t, &tests, &n) != 0) {
		sh->err = 1;
		return;
	}
	if (n == 0)
		return;
	for (i = 0; head[i] != NULL; i++)
		put_str(sh, r, i, head[i], f->head, i > 0);
	r++;
	for (i = 0; i < n; i++, r++) {
		const struct lbc_test *x = &tests[i];
		const struct lbc_chisq *c = &x->x;
		const char *note = "";

		if (x->kind == LBC_TEST_NONE) {
			put_str(sh, r, 0, "无", NULL, 1);
			put_str(sh, r, 8, "两个字段都是多选，单元格不是独立的观察，"
			    "不能做独立性检验", NULL, 0);
			continue;
		}
		if (x->kind == LBC_TEST_PEARSON)
			snprintf(label, sizeof(label), "Pearson 卡方独立性检验");
		else
			snprintf(label, sizeof(label), "有无“%s”",
			    x->dim == 0 ? t->row[x->cat].label :
			    t->col[x->cat].label);
		put_str(sh, r, 0, label, NULL, 1);
		if (!x->ok) {
			put_num(sh, r, 5, (double)c->n, NULL, 6);
			put_str(sh, r, 8, "有人数的行或列不足两个，无法检验", NULL,
			    0);
			continue;
		}
		put_num(sh, r, 1, c->chi2, f->num4, 10);
		put_num(sh, r, 2, c->df, NULL, 4);
		put_num(sh, r, 3, c->p, NULL, 10);
		put_num(sh, r, 4, c->v, f->num4, 8);
		put_num(sh, r, 5, (double)c->n, NULL, 6);
		put_num(sh, r, 6, c->min_expected, f->num4, 8);
		put_num(sh, r, 7, (double)c->small, NULL, 4);
		if (c->small > 0)
			note = "有期望频数小于5的格子，卡方近似不可靠";
		put_str(sh, r, 8, note, NULL, 0);
	}
	if (t->multi[0] || t->multi[1]) {
		put_str(sh, r++, 0, "多选字段的每一类单独检验：该类儿童所占比例在"
		    "另一字段各类之间是否相同（有/无该类 × 另一字段）。", f->note,
		    0);
	}
	put_str(sh, r++, 0, "“未填”的行和列不参加检验。", f->note, 0);
	free(tests);
	*row = r;
}

static void
add_chart(lxw_workbook *wb, struct sheet *sh, const char *sname,
    const struct lbc_table *t, size_t stride, const char *title, size_t row)
{
	lxw_chart_options opt = { 0 };
	lxw_chart *ch;
	size_t j, nser;

	if (t->nrows == 0)
		return;
	if ((ch = workbook_add_chart(wb, LXW_CHART_COLUMN)) == NULL) {
		sh->err = 1;
		return;
	}
	nser = t->nfields < 2 ? 1 : t->ncols;
	for (j = 0; j < nser; j++) {
		lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
		lxw_col_t col = (lxw_col_t)(1 + j * stride);

		if (s == NULL) {
			sh->err = 1;
			return;
		}
		chart_series_set_categories(s, sname, TOP, 0,
		    (lxw_row_t)(TOP + t->nrows - 1), 0);
		chart_series_set_values(s, sname, TOP, col,
		    (lxw_row_t)(TOP + t->nrows - 1), col);
		chart_series_set_name_range(s, sname, TOP - 1, col);
	}
	chart_title_set_name(ch, title);
	chart_axis_set_name(ch->x_axis, t->title[0]);
	chart_axis_set_name(ch->y_axis, "人数");
	chart_legend_set_position(ch, t->nfields < 2 ? LXW_CHART_LEGEND_NONE :
	    LXW_CHART_LEGEND_BOTTOM);
	opt.x_scale = 1 + (double)(t->nrows * nser) / 24;
	if (opt.x_scale > 6)
		opt.x_scale = 6;
	opt.y_scale = 1.2;
	if (worksheet_insert_chart_opt(sh->ws, (lxw_row_t)row, 0, ch, &opt) !=
	    LXW_NO_ERROR)
		sh->err = 1;
}

static int
write_table(lxw_workbook *wb, struct fmts *f, size_t idx,
    const struct lbc_table *t, enum lbc_pct pct, int ci)
{
	struct sheet sh;
	char sname[160], title[512], corner[256];
	size_t nv = lbc_table_nvalues(t), stride = ci ? 4 : 2, r, j, row;

	memset(&sh, 0, sizeof(sh));
	sheet_name(sname, sizeof(sname), idx, t);
	if ((sh.ws = workbook_add_worksheet(wb, sname)) == NULL)
		return LBC_EXLSX;
	if (t->nfields < 2) {
		snprintf(title, sizeof(title), "留守儿童人数：按%s", t->title[0]);
		snprintf(corner, sizeof(corner), "%s", t->title[0]);
	} else {
		snprintf(title, sizeof(title), "留守儿童人数：%s × %s",
		    t->title[0], t->title[1]);
		snprintf(corner, sizeof(corner), "%s \\ %s", t->title[0],
		    t->title[1]);
	}
	if (t->layer != NULL)
		snprintf(title + strlen(title), sizeof(title) - strlen(title),
		    "，%s：%s", t->layer_title, t->layer);
	if (f->where != NULL)
		snprintf(title + strlen(title), sizeof(title) - strlen(title),
		    "（%s）", f->where);
	put_str(&sh, 0, 0, title, f->title, 0);
	if (t->multi[0] || t->multi[1])
		put_str(&sh, 1, 0, "多选：一名儿童在其每一类下各计一次，没有的计入"
		    "“无”；合计为儿童人数，各类之和可大于合计。", f->note, 0);
	else
		put_str(&sh, 1, 0, t->nfields < 2 ? "百分比占全部儿童。" :
		    pct_words(pct), f->note, 0);
	put_str(&sh, TOP - 1, 0, corner, f->head, 1);
	for (j = 0; j < nv; j++) {
		size_t c = 1 + j * stride;

		put_str(&sh, TOP - 1, c, lbc_table_value_label(t, j), f->head, 1);
		put_str(&sh, TOP - 1, c + 1, "%", f->head, 1);
		if (ci) {
			put_str(&sh, TOP - 1, c + 2, "下限%", f->head, 1);
			put_str(&sh, TOP - 1, c + 3, "上限%", f->head, 1);
		}
	}
	for (r = 0; r <= t->nrows; r++) {
		int tot = r == t->nrows;
		lxw_format *nf = tot ? f->bold : NULL;
		lxw_format *pf = tot ? f->boldpct : f->pct;

		put_str(&sh, TOP + r, 0, tot ? "合计" : t->row[r].label,
		    tot ? f->bold : NULL, 1);
		for (j = 0; j < nv; j++) {
			size_t c = 1 + j * stride;
			unsigned long x = lbc_table_count(t, r, j);
			unsigned long d = lbc_table_denom(t, pct, r, j);
			double lo, hi;

			put_num(&sh, TOP + r, c, (double)x, nf, 8);
			put_num(&sh, TOP + r, c + 1, d ? (double)x / d : NAN, pf,
			    7);
			if (ci) {
				if (lbc_table_is_base(t, pct, r, j))
					lo = hi = NAN;
				else
					lbc_stats_wilson(x, d, &lo, &hi);
				put_num(&sh, TOP + r, c + 2, lo, pf, 7);
				put_num(&sh, TOP + r, c + 3, hi, pf, 7);
			}
		}
	}
	worksheet_freeze_panes(sh.ws, TOP, 1);
	row = TOP + t->nrows + 2;
	if (t->nfields == 2)
		write_tests(&sh, f, t, &row);
	add_chart(wb, &sh, sname, t, stride, title, row + 1);
	set_widths(&sh, 1 + nv * stride);
	return sh.err ? LBC_EXLSX : 0;
}

static int
write_about(lxw_workbook *wb, struct fmts *f, const struct lbc_xlsx_about *a,
    enum lbc_pct pct)
{
	struct sheet sh;
	char when[64], text[1024];
	const char *lname = lbc_tally_level_name(a->level);
	time_t tt = (time_t)a->time;
	struct tm tm;
	size_t i, r;

	memset(&sh, 0, sizeof(sh));
	if ((sh.ws = workbook_add_worksheet(wb, "about")) == NULL)
		return LBC_EXLSX;
	put_str(&sh, 0, 0, "说明 about", f->title, 0);
	put_str(&sh, 2, 0, "项目 item", f->head, 1);
	put_str(&sh, 2, 1, "内容 value", f->head, 1);
	put_str(&sh, 2, 2, "SHA-256", f->head, 1);
	r = 3;
	for (i = 0; i < a->ninputs; i++, r++) {
		put_str(&sh, r, 0, a->inputs[i].role, f->bold, 1);
		put_str(&sh, r, 1, a->inputs[i].name, NULL, 1);
		put_str(&sh, r, 2, a->inputs[i].sha256, NULL, 1);
	}
	put_str(&sh, r, 0, "内置区划表 built-in regions", f->bold, 1);
	put_str(&sh, r++, 1, a->regions_builtin != NULL ? a->regions_builtin :
	    "未使用 not used (--no-builtin-regions)", NULL, 1);
	put_str(&sh, r, 0, "读取记录 records read", f->bold, 1);
	put_num(&sh, r++, 1, (double)a->records, NULL, 8);
	if (a->where != NULL) {
		put_str(&sh, r, 0, "筛选 where (-w)", f->bold, 1);
		put_str(&sh, r++, 1, a->where, f->wrap, 0);
	}
	put_str(&sh, r, 0, "命令行 command line", f->bold, 1);
	put_str(&sh, r++, 1, a->command, NULL, 0);
	put_str(&sh, r, 0, "版本 version", f->bold, 1);
	put_str(&sh, r++, 1, a->version, NULL, 1);
	localtime_r(&tt, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S %z", &tm);
	put_str(&sh, r, 0, "生成时间 created", f->bold, 1);
	put_str(&sh, r++, 1, when, NULL, 1);
	snprintf(text, sizeof(text), "%s（%d位代码）", lname ? lname : "?",
	    a->level);
	put_str(&sh, r, 0, "区划级别 region level", f->bold, 1);
	put_str(&sh, r++, 1, text, NULL, 1);
	snprintf(text, sizeof(text), "年龄为排查日期（survey）时的周岁，"
	    "无排查日期的记录按 %s 计算；年龄段：%s。", a->as_of, a->ages);
	put_str(&sh, r, 0, "年龄 age", f->bold, 1);
	put_str(&sh, r++, 1, text, f->wrap, 0);
	put_str(&sh, r, 0, "多选 multi-response", f->bold, 1);
	put_str(&sh, r++, 1, "存在问题（problems）和标记（flags）为多选：一名"
	    "儿童在其每一类下各计一次，没有的计入“无”；合计为儿童人数，"
	    "各类之和可大于合计。", f->wrap, 0);
	put_str(&sh, r, 0, "未填 missing", f->bold, 1);
	put_str(&sh, r++, 1, "空值计入“未填”。", f->wrap, 0);
	put_str(&sh, r, 0, "百分比 percent", f->bold, 1);
	snprintf(text, sizeof(text), "单字段表占全部儿童；交叉表%s；"
	    "95%%区间为 Wilson 区间。", pct_words(pct));
	put_str(&sh, r++, 1, text, f->wrap, 0);
	put_str(&sh, r, 0, "检验 test", f->bold, 1);
	put_str(&sh, r++, 1, "交叉表做 Pearson 卡方独立性检验：p 为卡方分布"
	    "的上尾概率，Cramér's V = √(χ²/(n·(min(行,列)−1)))；“未填”和没有"
	    "人数的行、列不参加；有期望频数小于5的格子时近似不可靠。含多选字段"
	    "的表不对整表检验（一名儿童可在多个格子里），而对多选字段的每一类"
	    "分别检验。", f->wrap, 0);
	worksheet_set_column(sh.ws, 0, 0, 26, NULL);
	worksheet_set_column(sh.ws, 1, 1, 80, NULL);
	worksheet_set_column(sh.ws, 2, 2, 68, NULL);
	return sh.err ? LBC_EXLSX : 0;
}

int
lbc_xlsx_write(const char *path, const struct lbc_table *const *tables,
    size_t n, enum lbc_pct pct, int ci, const struct lbc_xlsx_about *about)
{
	lxw_doc_properties props = { 0 };
	lxw_workbook *wb;
	struct fmts f;
	size_t i;
	int rc = 0;

	if (pct == LBC_PCT_NONE)
		pct = LBC_PCT_ROW;
	if ((wb = workbook_new(path)) == NULL)
		return LBC_EXLSX;
	props.title = (char *)"留守儿童统计表";
	props.comments = (char *)about->version;
	props.created = (time_t)about->time;
	workbook_set_properties(wb, &props);
	f.where = about->where;
	f.title = workbook_add_format(wb);
	format_set_bold(f.title);
	format_set_font_size(f.title, 14);
	f.note = workbook_add_format(wb);
	format_set_italic(f.note);
	f.head = workbook_add_format(wb);
	format_set_bold(f.head);
	format_set_bottom(f.head, LXW_BORDER_THIN);
	format_set_align(f.head, LXW_ALIGN_CENTER);
	f.bold = workbook_add_format(wb);
	format_set_bold(f.bold);
	f.pct = workbook_add_format(wb);
	format_set_num_format(f.pct, "0.0%");
	f.boldpct = workbook_add_format(wb);
	format_set_bold(f.boldpct);
	format_set_num_format(f.boldpct, "0.0%");
	f.num4 = workbook_add_format(wb);
	format_set_num_format(f.num4, "0.0000");
	f.wrap = workbook_add_format(wb);
	format_set_text_wrap(f.wrap);
	for (i = 0; i < about->nfront && rc == 0; i++)
		rc = lbc_xlsx_sheet_write(wb, about->front[i]);
	for (i = 0; i < n && rc == 0; i++)
		rc = write_table(wb, &f, i, tables[i], pct, ci);
	if (rc == 0)
		rc = write_about(wb, &f, about, pct);
	if (workbook_close(wb) != LXW_NO_ERROR && rc == 0)
		rc = LBC_EXLSX;
	return rc;
}

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xlsxwriter.h>

#include "err.h"
#include "palette.h"
#include "stats.h"
#include "tally.h"
#include "xlsx.h"
#include "xlsxsheet.h"

#define TOP	3		/* first category row; the header is TOP - 1 */
#define MAXCOLS	16384		/* Excel's columns */
#define MAXROWS	1048576		/* and rows */
#define TESTCOLS 9		/* columns of the tests block */
#define ROWPX	20		/* a default row, in pixels */
#define LINEPT	16		/* a line of wrapped 11-point CJK text */
/* What A4 prints at 100%, in pixels, within the margins page_setup() sets. */
#define PORTRAIT_PX	680
#define PORTRAIT_H	940
#define LANDSCAPE_PX	990
#define LANDSCAPE_H	620
#define CHART_MIN_H	220	/* a chart below its table: else a page of its own */

struct fmts {
	lxw_format	*title, *note, *head, *bold, *pct, *boldpct, *num2,
			*num3, *p, *body, *wrap, *count, *boldcount, *star,
			*label, *testhead,
			*testnote;	/* wrapped, indented off the counts */
	const char	*where;		/* -w conditions for the titles */
};

/* A cell whose text wraps: its row gets the height its lines need. */
struct wrapcell {
	size_t		 row, c0, c1;	/* merged over columns c0..c1 */
	double		 width;		/* of the text, in columns */
	double		 line;		/* points a line */
};

/* One sheet being written: the widest text of each column, wrapped cells. */
struct sheet {
	lxw_worksheet	*ws;
	double		*width;
	size_t		 nwidth;
	struct wrapcell	*wrap;
	size_t		 nwrap;
	size_t		 tallrow;	/* a row of its own height, tallpt */
	double		 tallpt;
	int		 err;
};

/*
 * A table as the sheet shows it: transposed when its columns would not fit
 * Excel's 16,384 (rows and columns swapped; percentages keep their meaning).
 */
struct view {
	const struct lbc_table	*t;
	const unsigned char	*supp;	/* (nrows+1) * nvalues flags, or NULL */
	int			 tr;
	size_t			 nrows;	/* category rows shown */
	size_t			 nv;	/* value columns shown, with 合计 */
	size_t			 lc;	/* label columns: a region's names */
	enum lbc_pct		 pct;
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
	if (col >= sh->nwidth) {
		size_t n = col + 16;
		double *p = realloc(sh->width, n * sizeof(*p));

		if (p == NULL) {
			sh->err = LBC_ENOMEM;
			return;
		}
		memset(p + sh->nwidth, 0, (n - sh->nwidth) * sizeof(*p));
		sh->width = p;
		sh->nwidth = n;
	}
	if (w > sh->width[col])
		sh->width[col] = w;
}

static void
put_str(struct sheet *sh, size_t row, size_t col, const char *s,
    lxw_format *f, int measure)
{
	if (col >= MAXCOLS || row >= MAXROWS) {
		sh->err = LBC_EXLSX;
		return;
	}
	if (worksheet_write_string(sh->ws, (lxw_row_t)row, (lxw_col_t)col, s,
	    f) != LXW_NO_ERROR)
		sh->err = LBC_EXLSX;
	if (measure)
		widen(sh, col, text_width(s));
	else
		widen(sh, col, 0);
}

static void
put_num(struct sheet *sh, size_t row, size_t col, double v, lxw_format *f,
    double w)
{
	if (col >= MAXCOLS || row >= MAXROWS) {
		sh->err = LBC_EXLSX;
		return;
	}
	widen(sh, col, w);
	if (isnan(v)) {
		/* a percentage of nothing, or 100% by definition: blank */
		if (worksheet_write_blank(sh->ws, (lxw_row_t)row,
		    (lxw_col_t)col, f) != LXW_NO_ERROR)
			sh->err = LBC_EXLSX;
		return;
	}
	if (worksheet_write_number(sh->ws, (lxw_row_t)row, (lxw_col_t)col, v,
	    f) != LXW_NO_ERROR)
		sh->err = LBC_EXLSX;
}

/*
 * Writes text over columns c0..c1 of row (merged when more than one),
 * wrapped; the row's height is set by set_heights() once the widths are
 * known.
 */
static void
put_wrapped(struct sheet *sh, size_t row, size_t c0, size_t c1,
    const char *s, lxw_format *f, double line)
{
	struct wrapcell *p;

	if (c1 > c0) {
		if (worksheet_merge_range(sh->ws, (lxw_row_t)row,
		    (lxw_col_t)c0, (lxw_row_t)row, (lxw_col_t)c1, s, f) !=
		    LXW_NO_ERROR)
			sh->err = LBC_EXLSX;
	} else
		put_str(sh, row, c0, s, f, 0);
	widen(sh, c1, 0);
	if ((p = realloc(sh->wrap, (sh->nwrap + 1) * sizeof(*p))) == NULL) {
		sh->err = LBC_ENOMEM;
		return;
	}
	sh->wrap = p;
	p[sh->nwrap].row = row;
	p[sh->nwrap].c0 = c0;
	p[sh->nwrap].c1 = c1;
	p[sh->nwrap].width = text_width(s);
	p[sh->nwrap++].line = line;
}

/* The width set for column i: its widest text, within limits. */
static double
col_width(const struct sheet *sh, size_t i, double max)
{
	double w = i < sh->nwidth ? sh->width[i] + 2 : 0;

	return w < 8 ? 8 : w > max ? max : w;
}

static double
col_px(const struct sheet *sh, size_t i, double max)
{
	return floor(col_width(sh, i, max) * 7 + 5);
}

static void
set_widths(struct sheet *sh, double max)
{
	size_t i;

	for (i = 0; i < sh->nwidth; i++)
		worksheet_set_column(sh->ws, (lxw_col_t)i, (lxw_col_t)i,
		    col_width(sh, i, max), NULL);
}

/* Lines the wrapped cell w takes with the column widths set. */
static double
wrap_pt(const struct sheet *sh, const struct wrapcell *w, double max)
{
	double room = 0, lines;
	size_t j;

	for (j = w->c0; j <= w->c1; j++)
		room += col_width(sh, j, max);
	/* a little slack: the print font is not the one measured */
	lines = ceil((w->width * 1.08 + 1) / (room - 1 > 1 ? room - 1 : 1));
	return (lines < 1 ? 1 : lines) * w->line + 4;
}

/* The height of row r in points: its tallest wrapped text, else 15. */
static double
row_pt(const struct sheet *sh, size_t r, double max)
{
	double h = r == sh->tallrow && sh->tallpt > 0 ? sh->tallpt : 15;
	size_t i;

	for (i = 0; i < sh->nwrap; i++)
		if (sh->wrap[i].row == r)
			h = fmax(h, wrap_pt(sh, &sh->wrap[i], max));
	return h;
}

/* Row heights for the wrapped cells: as many lines as the text needs. */
static void
set_heights(struct sheet *sh, double max)
{
	size_t i;

	for (i = 0; i < sh->nwrap; i++)
		worksheet_set_row(sh->ws, (lxw_row_t)sh->wrap[i].row,
		    row_pt(sh, sh->wrap[i].row, max), NULL);
	if (sh->tallpt > 0)
		worksheet_set_row(sh->ws, (lxw_row_t)sh->tallrow,
		    row_pt(sh, sh->tallrow, max), NULL);
}

static void
sheet_free(struct sheet *sh)
{
	free(sh->width);
	free(sh->wrap);
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

static enum lbc_pct
swap_pct(enum lbc_pct pct)
{
	return pct == LBC_PCT_ROW ? LBC_PCT_COL : pct == LBC_PCT_COL ?
	    LBC_PCT_ROW : pct;
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

/* The view's cells, in the table's own terms. */
static void
v_cell(const struct view *v, size_t r, size_t c, size_t *tr, size_t *tc)
{
	*tr = v->tr ? c : r;
	*tc = v->tr ? r : c;
}

static unsigned long
v_count(const struct view *v, size_t r, size_t c)
{
	size_t a, b;

	v_cell(v, r, c, &a, &b);
	return lbc_table_count(v->t, a, b);
}

/* 1 when the table's cell (r, c) is suppressed. */
static int
t_hidden(const struct view *v, size_t r, size_t c)
{
	size_t nv = lbc_table_nvalues(v->t);

	if (v->supp == NULL)
		return 0;
	if (v->t->nfields < 2)
		c = 0;
	return v->supp[r * nv + c] != 0;
}

/* 1 when the denominator of the table's cell (r, c) is suppressed. */
static int
denom_hidden(const struct view *v, size_t r, size_t c)
{
	const struct lbc_table *t = v->t;

	if (t->nfields < 2)
		return t_hidden(v, t->nrows, 0);
	switch (v->pct) {
	case LBC_PCT_COL:
		return t_hidden(v, t->nrows, c);
	case LBC_PCT_ALL:
		return t_hidden(v, t->nrows, t->ncols);
	default:
		return t_hidden(v, r, t->ncols);
	}
}

static const char *
v_row_label(const struct view *v, size_t r)
{
	if (r >= v->nrows)
		return "合计";
	return v->tr ? v->t->col[r].label : v->t->row[r].label;
}

static const char *
v_value_label(const struct view *v, size_t c)
{
	if (!v->tr)
		return lbc_table_value_label(v->t, c);
	return c < v->t->nrows ? v->t->row[c].label : "合计";
}

static const char *
v_title(const struct view *v, int dim)
{
	return v->t->title[v->tr ? 1 - dim : dim];
}

static int
any_hidden(const struct view *v)
{
	size_t i, n = (v->t->nrows + 1) * lbc_table_nvalues(v->t);

	for (i = 0; v->supp != NULL && i < n; i++)
		if (v->supp[i])
			return 1;
	return 0;
}

static void
write_tests(struct sheet *sh, struct fmts *f, const struct lbc_table *t,
    size_t *row, size_t last)
{
	static const char *const head[] = { "检验", "χ²", "自由度 df", "p",
	    "Cramér's V", "n", "最小期望频数", "期望频数<5的格数", "说明", NULL };
	struct lbc_test *tests;
	size_t n, i, r = *row;
	char label[512];

	if (lbc_stats_table(t, &tests, &n) != 0) {
		sh->err = LBC_ENOMEM;
		return;
	}
	if (n == 0) {
		free(tests);
		return;
	}
	for (i = 0; head[i] != NULL; i++)
		put_str(sh, r, i, head[i], i == 0 ? f->head : f->testhead, 0);
	widen(sh, 0, text_width(head[0]));
	if (last <= 8)
		widen(sh, 8, 22);	/* room for the notes in one column */
	sh->tallrow = r;
	sh->tallpt = 3 * LINEPT + 4;
	r++;
	for (i = 0; i < n; i++, r++) {
		const struct lbc_test *x = &tests[i];
		const struct lbc_chisq *c = &x->x;
		const char *note = "";

		if (x->kind == LBC_TEST_NONE) {
			put_str(sh, r, 0, "无", f->body, 1);
			put_wrapped(sh, r, 8, last, "两个字段都是多选，单元格不是"
			    "独立的观察，不能做独立性检验", f->testnote, LINEPT);
			continue;
		}
		if (x->kind == LBC_TEST_PEARSON)
			snprintf(label, sizeof(label), "Pearson 卡方独立性检验");
		else
			snprintf(label, sizeof(label), "有无“%s”",
			    x->dim == 0 ? t->row[x->cat].label :
			    t->col[x->cat].label);
		put_str(sh, r, 0, label, f->body, 1);
		if (!x->ok) {
			put_num(sh, r, 5, (double)c->n, f->count, 6);
			put_wrapped(sh, r, 8, last, "有人数的行或列不足两个，"
			    "无法检验", f->testnote, LINEPT);
			continue;
		}
		put_num(sh, r, 1, c->chi2, f->num2, 8);
		put_num(sh, r, 2, c->df, f->count, 4);
		put_num(sh, r, 3, c->p, f->p, 6);
		put_num(sh, r, 4, c->v, f->num3, 6);
		put_num(sh, r, 5, (double)c->n, f->count, 6);
		put_num(sh, r, 6, c->min_expected, f->num2, 6);
		put_num(sh, r, 7, (double)c->small, f->count, 4);
		if (c->small > 0)
			note = "有期望频数小于5的格子，卡方近似不可靠";
		if (*note != '\0')
			put_wrapped(sh, r, 8, last, note, f->testnote, LINEPT);
	}
	if (t->multi[0] || t->multi[1])
		put_wrapped(sh, r++, 0, last, "多选字段的每一类单独检验：该类儿童"
		    "所占比例在另一字段各类之间是否相同（有/无该类 × 另一字段）。",
		    f->note, LINEPT);
	put_wrapped(sh, r++, 0, last, "“未填”的行和列不参加检验。", f->note,
	    LINEPT);
	free(tests);
	*row = r;
}

/* A round step of about x counts: 1, 2 or 5 times a power of ten, >= 1. */
static double
count_step(double x)
{
	double mag, r;

	if (!(x > 1))
		return 1;
	mag = pow(10, floor(log10(x)));
	r = x / mag;
	return (r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10) * mag;
}

/* The categories a chart draws: at most XLSX_CHART_MAX, then 其他. */
struct chartcats {
	size_t		*pick;		/* view rows drawn, largest first */
	size_t		 n;		/* drawn from the table */
	size_t		 rest;		/* rows not drawn by themselves */
	unsigned long	 restn;		/* and their children */
	int		 other;		/* the rest drawn as one bar, 其他 */
};

static int
by_total_desc(const void *a, const void *b, void *arg)
{
	const struct view *v = arg;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	unsigned long nx = v_count(v, x, v->nv - 1);
	unsigned long ny = v_count(v, y, v->nv - 1);

	if (nx != ny)
		return nx < ny ? 1 : -1;
	return x < y ? -1 : x > y;
}

/*
 * How many categories a chart of v draws: LBC_XLSX_CHART_MAX, fewer when
 * each is a group of bars side by side (a multi-response field across).
 */
static size_t
chart_max(const struct view *v)
{
	size_t nser = v->t->nfields < 2 ? 1 : v->nv - 1;

	if (v->t->nfields == 2 && v->t->multi[v->tr ? 0 : 1] && nser > 2)
		return 60 / nser < 4 ? 4 : 60 / nser;
	return LBC_XLSX_CHART_MAX;
}

static int
pick_cats(const struct view *v, struct chartcats *cc)
{
	size_t i, max = chart_max(v);

	cc->rest = 0;
	cc->restn = 0;
	cc->other = 0;
	cc->n = v->nrows;
	if ((cc->pick = calloc(v->nrows + 1, sizeof(*cc->pick))) == NULL)
		return LBC_ENOMEM;
	for (i = 0; i < v->nrows; i++)
		cc->pick[i] = i;
	if (v->nrows <= max)
		return 0;
	qsort_r(cc->pick, v->nrows, sizeof(*cc->pick), by_total_desc,
	    (void *)v);
	cc->n = max;
	cc->rest = v->nrows - cc->n;
	cc->restn = 0;
	for (i = cc->n; i < v->nrows; i++)
		cc->restn += v_count(v, cc->pick[i], v->nv - 1);
	/*
	 * 其他 many times the largest drawn would flatten every other bar:
	 * then the rest is named in the title, not drawn.
	 */
	cc->other = cc->restn <= 2 * v_count(v, cc->pick[0], v->nv - 1);
	return 0;
}

/* The chart's size and kind, from what it draws. */
struct chartplan {
	int		 horizontal, stacked;
	double		 w, h;		/* pixels */
	size_t		 nser, ncat;
};

static void
plan_chart(const struct view *v, const struct chartcats *cc,
    struct chartplan *p)
{
	size_t i;
	double lab = 0;
	int multi_across = v->t->nfields == 2 && v->t->multi[v->tr ? 0 : 1];

	p->nser = v->t->nfields < 2 ? 1 : v->nv - 1;
	p->ncat = cc->n + (size_t)cc->other;
	/* a composition (one field across, not multi-response) is stacked */
	p->stacked = p->nser > 1 && !multi_across;
	p->horizontal = p->ncat > 8;
	for (i = 0; i < cc->n; i++)
		lab = fmax(lab, text_width(v_row_label(v, cc->pick[i])));
	if (p->horizontal) {
		double slot = p->stacked || p->nser == 1 ? 22 :
		    (double)p->nser * 11 + 8;

		p->w = fmin(fmax(560, 260 + lab * 7), 900);
		p->h = fmax(300, 130 + (double)p->ncat * slot +
		    (p->nser > 1 ? 30 : 0));
	} else {
		double slot = p->stacked || p->nser == 1 ? 56 :
		    (double)p->nser * 22 + 18;

		slot = fmax(slot, fmin(lab * 7 + 8, 110));
		p->w = fmin(fmax(480, 150 + (double)p->ncat * slot), 960);
		p->h = 340 + (p->nser > 1 ? 30 : 0);
	}
}

/* The chart's title: what is counted, by what, and the data's date. */
static void
chart_title(const struct view *v, const struct chartcats *cc,
    const char *as_of, char *title, size_t n)
{
	if (v->t->nfields < 2)
		snprintf(title, n, "留守儿童人数：按%s", v_title(v, 0));
	else
		snprintf(title, n, "留守儿童人数：%s × %s", v_title(v, 0),
		    v_title(v, 1));
	if (cc->rest > 0 && cc->other)
		snprintf(title + strlen(title), n - strlen(title),
		    "（人数最多的 %zu 个%s，其余 %zu 个合为“其他”）", cc->n,
		    v_title(v, 0), cc->rest);
	else if (cc->rest > 0)
		snprintf(title + strlen(title), n - strlen(title),
		    "（人数最多的 %zu 个%s；其余 %zu 个共 %lu 人未画出）",
		    cc->n, v_title(v, 0), cc->rest, cc->restn);
	snprintf(title + strlen(title), n - strlen(title), "，数据截至 %s",
	    as_of);
}

/*
 * The chart of the counts, totals left out, placed at (row, col).  Its
 * data is the table's own cells, or, when it shows the largest categories
 * and 其他, a block written at column dcol (outside the print area).
 */
static void
add_chart(lxw_workbook *wb, struct sheet *sh, struct fmts *f,
    const char *sname, const struct view *v, size_t stride, const char *as_of,
    const struct chartcats *cc, const struct chartplan *p, size_t row,
    size_t col, size_t dcol)
{
	lxw_chart_options opt = { 0 };
	lxw_chart_font tfont = { 0 }, font = { 0 }, lfont = { 0 };
	lxw_chart_line grid = { 0 };
	lxw_chart *ch;
	lxw_chart_axis *cat_axis, *val_axis;
	char title[640];
	size_t i, j;
	double max = 0;
	int top = cc->rest > 0;
	uint8_t type;

	if (p->horizontal)
		type = p->stacked ? LXW_CHART_BAR_STACKED : LXW_CHART_BAR;
	else
		type = p->stacked ? LXW_CHART_COLUMN_STACKED : LXW_CHART_COLUMN;
	if ((ch = workbook_add_chart(wb, type)) == NULL) {
		sh->err = LBC_EXLSX;
		return;
	}
	if (top) {
		/* the drawn categories as a block of their own */
		put_str(sh, TOP - 2, dcol, cc->other ?
		    "图表数据（人数最多的类别及“其他”）" :
		    "图表数据（人数最多的类别）", f->bold, 0);
		put_str(sh, TOP - 1, dcol, v_title(v, 0), f->head, 1);
		for (j = 0; j < p->nser; j++)
			put_str(sh, TOP - 1, dcol + 1 + j, v_value_label(v, j),
			    f->head, 1);
		for (i = 0; i < cc->n + (size_t)cc->other; i++) {
			size_t r = TOP + i, k;

			put_str(sh, r, dcol, i < cc->n ?
			    v_row_label(v, cc->pick[i]) : "其他", f->body,
			    1);
			for (j = 0; j < p->nser; j++) {
				double x = 0;

				if (i < cc->n)
					x = (double)v_count(v, cc->pick[i], j);
				else
					for (k = cc->n; k < v->nrows; k++)
						x += (double)v_count(v,
						    cc->pick[k], j);
				put_num(sh, r, dcol + 1 + j, x, f->count, 8);
			}
		}
	}
	for (i = 0; i < p->ncat; i++) {
		double sum = 0, x;

		for (j = 0; j < p->nser; j++) {
			if (top && i == cc->n) {
				size_t k;

				for (x = 0, k = cc->n; k < v->nrows; k++)
					x += (double)v_count(v, cc->pick[k],
					    j);
			} else
				x = (double)v_count(v, cc->pick[i], j);
			sum += x;
			max = fmax(max, x);
		}
		if (p->stacked)
			max = fmax(max, sum);
	}
	tfont.name = (char *)LBC_XLSX_FONT;
	tfont.size = 12;
	tfont.bold = 1;
	font.name = (char *)LBC_XLSX_FONT;
	font.size = 9;
	lfont.name = (char *)LBC_XLSX_FONT;
	lfont.size = 8;
	for (j = 0; j < p->nser; j++) {
		lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
		lxw_chart_fill fill = { 0 };
		lxw_chart_line edge = { 0 };
		lxw_col_t vc = (lxw_col_t)(top ? dcol + 1 + j :
		    v->lc + j * stride);
		lxw_chart_font vf = lfont;
		unsigned long c = lbc_palette_color(j, p->nser);

		if (s == NULL) {
			sh->err = LBC_EXLSX;
			return;
		}
		if (top) {
			lxw_row_t end = (lxw_row_t)(TOP + p->ncat - 1);

			chart_series_set_categories(s, sname, TOP, (lxw_col_t)dcol,
			    end, (lxw_col_t)dcol);
			chart_series_set_values(s, sname, TOP, vc, end, vc);
		} else {
			/* name columns make an axis of several levels */
			chart_series_set_categories(s, sname, TOP, 0,
			    (lxw_row_t)(TOP + v->nrows - 1),
			    (lxw_col_t)(v->lc - 1));
			chart_series_set_values(s, sname, TOP, vc,
			    (lxw_row_t)(TOP + v->nrows - 1), vc);
		}
		chart_series_set_name_range(s, sname, TOP - 1, vc);
		fill.color = (lxw_color_t)c;
		chart_series_set_fill(s, &fill);
		edge.color = (lxw_color_t)c;
		chart_series_set_line(s, &edge);
		chart_series_set_labels(s);
		if (p->stacked) {
			chart_series_set_labels_position(s,
			    LXW_CHART_LABEL_POSITION_CENTER);
			vf.color = (lxw_color_t)lbc_palette_ink(c);
			if (vf.color == 0)
				vf.color = LXW_COLOR_BLACK;
		}
		chart_series_set_labels_font(s, &vf);
		chart_series_set_labels_num_format(s, "#,##0;-#,##0;");
	}
	chart_title(v, cc, as_of, title, sizeof(title));
	chart_title_set_name(ch, title);
	chart_title_set_name_font(ch, &tfont);
	/* libxlsxwriter swaps the axes of bar charts: x is the value axis */
	cat_axis = p->horizontal ? ch->y_axis : ch->x_axis;
	val_axis = p->horizontal ? ch->x_axis : ch->y_axis;
	chart_axis_set_name(cat_axis, v_title(v, 0));
	chart_axis_set_name(val_axis, "人数");
	chart_axis_set_name_font(cat_axis, &font);
	chart_axis_set_name_font(val_axis, &font);
	chart_axis_set_num_font(cat_axis, &font);
	chart_axis_set_num_font(val_axis, &font);
	chart_axis_set_num_format(val_axis, "#,##0");
	chart_axis_set_min(val_axis, 0);
	chart_axis_set_major_unit(val_axis, count_step(max / 6));
	grid.color = 0xd9d9d9;
	chart_axis_major_gridlines_set_visible(val_axis, LXW_TRUE);
	chart_axis_major_gridlines_set_line(val_axis, &grid);
	if (p->horizontal) {
		/* first category on top, values along the bottom */
		chart_axis_set_reverse(cat_axis);
		chart_axis_set_interval_unit(cat_axis, 1);
		chart_axis_set_crossing_max(cat_axis);
	}
	chart_legend_set_position(ch, p->nser < 2 ? LXW_CHART_LEGEND_NONE :
	    LXW_CHART_LEGEND_BOTTOM);
	chart_legend_set_font(ch, &font);
	if (p->nser > 1 && !p->stacked)
		chart_set_series_gap(ch, 60);
	opt.x_scale = p->w / 480;
	opt.y_scale = p->h / 288;
	opt.object_position = LXW_OBJECT_DONT_MOVE_DONT_SIZE;
	if (worksheet_insert_chart_opt(sh->ws, (lxw_row_t)row, (lxw_col_t)col,
	    ch, &opt) != LXW_NO_ERROR)
		sh->err = LBC_EXLSX;
}

/* Page setup: A4, fit to one page wide, header row on every page. */
static void
page_setup(struct sheet *sh, const char *as_of, double width_px, int titles,
    size_t last_row, size_t last_col)
{
	char footer[256];

	worksheet_set_paper(sh->ws, 9);		/* A4 */
	if (width_px > PORTRAIT_PX)
		worksheet_set_landscape(sh->ws);
	else
		worksheet_set_portrait(sh->ws);
	worksheet_set_margins(sh->ws, 0.5, 0.5, 0.6, 0.7);
	worksheet_fit_to_pages(sh->ws, 1, 0);
	worksheet_center_horizontally(sh->ws);
	if (titles)
		worksheet_repeat_rows(sh->ws, TOP - 1, TOP - 1);
	worksheet_print_area(sh->ws, 0, 0, (lxw_row_t)last_row,
	    (lxw_col_t)last_col);
	snprintf(footer, sizeof(footer), "&L&\"%s\"&9数据截至 %s&C&\"%s\"&9"
	    "第 &P 页，共 &N 页&R&\"%s\"&9&A", LBC_XLSX_FONT, as_of,
	    LBC_XLSX_FONT, LBC_XLSX_FONT);
	worksheet_set_footer(sh->ws, footer);
}

static int
write_table(lxw_workbook *wb, struct fmts *f, size_t idx,
    const struct lbc_table *t, enum lbc_pct pct, int ci,
    const struct lbc_xlsx_about *about)
{
	struct sheet sh;
	struct view v;
	struct chartcats cc = { NULL, 0, 0, 0, 0 };
	struct chartplan plan;
	char sname[160], title[640], ctitle[640], corner[256], note[512];
	size_t stride = ci ? 4 : 2, r, j, row, last, i;
	size_t chart_row, chart_col, dcol, last_row, last_col;
	double table_px = 0, x, w;
	lxw_row_t pagebreak = 0;
	int hidden, below;

	memset(&sh, 0, sizeof(sh));
	memset(&v, 0, sizeof(v));
	v.t = t;
	v.pct = pct;
	v.supp = about->supp != NULL ? about->supp[idx] : NULL;
	v.nrows = t->nrows;
	v.nv = lbc_table_nvalues(t);
	v.lc = t->nnames[0] > 0 ? t->nnames[0] : 1;
	if (v.lc + v.nv * stride > MAXCOLS && t->nfields == 2) {
		v.tr = 1;
		v.nrows = t->ncols;
		v.nv = t->nrows + 1;
		v.lc = 1;
		if (1 + v.nv * stride > MAXCOLS)
			return LBC_ETOOBIG;
	}
	if (TOP + v.nrows + 20 > MAXROWS)
		return LBC_ETOOBIG;
	hidden = any_hidden(&v);
	sheet_name(sname, sizeof(sname), idx, t);
	if ((sh.ws = workbook_add_worksheet(wb, sname)) == NULL)
		return LBC_EXLSX;
	last = v.lc - 1 + v.nv * stride;
	if (t->nfields == 2 && !hidden && last < TESTCOLS - 1)
		last = TESTCOLS - 1;
	if (t->nfields < 2) {
		snprintf(title, sizeof(title), "留守儿童人数：按%s",
		    v_title(&v, 0));
		snprintf(corner, sizeof(corner), "%s", v_title(&v, 0));
	} else {
		snprintf(title, sizeof(title), "留守儿童人数：%s × %s",
		    v_title(&v, 0), v_title(&v, 1));
		snprintf(corner, sizeof(corner), "%s \\ %s", v_title(&v, 0),
		    v_title(&v, 1));
	}
	if (t->layer != NULL)
		snprintf(title + strlen(title), sizeof(title) - strlen(title),
		    "，%s：%s", t->layer_title, t->layer);
	if (f->where != NULL)
		snprintf(title + strlen(title), sizeof(title) - strlen(title),
		    "（%s）", f->where);
	snprintf(title + strlen(title), sizeof(title) - strlen(title),
	    "（数据截至 %s）", about->as_of);
	put_wrapped(&sh, 0, 0, last, title, f->title, 20);
	if (t->multi[0] || t->multi[1])
		snprintf(note, sizeof(note), "多选：一名儿童在其每一类下各计一次，"
		    "没有的计入“无”；合计为儿童人数，各类之和可大于合计。");
	else
		snprintf(note, sizeof(note), "%s。", t->nfields < 2 ?
		    "百分比占全部儿童" : pct_words(v.tr ? swap_pct(pct) : pct));
	if (v.tr)
		snprintf(note + strlen(note), sizeof(note) - strlen(note),
		    "本表行列互换（%s有 %zu 类，超过 Excel 的列数）。",
		    t->title[1], t->ncols);
	if (hidden)
		snprintf(note + strlen(note), sizeof(note) - strlen(note),
		    "“*”为隐去的小数（1 至 %u 人的格子及为保护它们而隐去的格子），"
		    "其百分比和检验不显示。", about->supp_k - 1);
	put_wrapped(&sh, 1, 0, last, note, f->note, LINEPT);
	if (v.lc > 1) {
		/* a region's name columns, the last one the corner */
		for (j = 0; j + 1 < v.lc; j++)
			put_str(&sh, TOP - 1, j, lbc_tally_name_title(j),
			    f->head, 1);
		if (t->nfields < 2)
			snprintf(corner, sizeof(corner), "%s",
			    lbc_tally_name_title(v.lc - 1));
		else
			snprintf(corner, sizeof(corner), "%s \\ %s",
			    lbc_tally_name_title(v.lc - 1), v_title(&v, 1));
	}
	put_str(&sh, TOP - 1, v.lc - 1, corner, f->head, 1);
	for (j = 0; j < v.nv; j++) {
		size_t c = v.lc + j * stride, a, b;
		int allbase = 1;

		put_str(&sh, TOP - 1, c, v_value_label(&v, j), f->head, 1);
		/* no % over a column that is its rows' base (100% each) */
		for (r = 0; r <= v.nrows && allbase; r++) {
			v_cell(&v, r, j, &a, &b);
			allbase = lbc_table_is_base(t, pct, a, b) ||
			    (t->nfields < 2 && a == t->nrows);
		}
		if (allbase)
			continue;
		put_str(&sh, TOP - 1, c + 1, "%", f->head, 1);
		if (ci) {
			put_str(&sh, TOP - 1, c + 2, "下限%", f->head, 1);
			put_str(&sh, TOP - 1, c + 3, "上限%", f->head, 1);
		}
	}
	for (r = 0; r <= v.nrows; r++) {
		int tot = r == v.nrows;
		lxw_format *nf = tot ? f->boldcount : f->count;
		lxw_format *pf = tot ? f->boldpct : f->pct;

		if (v.lc == 1)
			put_str(&sh, TOP + r, 0, v_row_label(&v, r), tot ?
			    f->bold : f->label, 1);
		for (j = 0; v.lc > 1 && j < v.lc; j++)
			put_str(&sh, TOP + r, j, tot ? j == 0 ? "合计" : "" :
			    t->row[r].name[j], tot ? f->bold : f->label, 1);
		for (j = 0; j < v.nv; j++) {
			size_t c = v.lc + j * stride, a, b;
			unsigned long n, d;
			double lo, hi, share;
			int base;

			v_cell(&v, r, j, &a, &b);
			n = lbc_table_count(t, a, b);
			d = lbc_table_denom(t, pct, a, b);
			base = lbc_table_is_base(t, pct, a, b) ||
			    (t->nfields < 2 && a == t->nrows);
			if (t_hidden(&v, a, b)) {
				put_str(&sh, TOP + r, c, "*", f->star, 0);
				widen(&sh, c, 8);
				widen(&sh, c + 1, 7);
				continue;
			}
			put_num(&sh, TOP + r, c, (double)n, nf, 8);
			/* 100% by definition, or of a hidden total: blank */
			share = d && !base && !denom_hidden(&v, a, b) ?
			    (double)n / d : NAN;
			put_num(&sh, TOP + r, c + 1, share, pf, 7);
			if (ci) {
				if (isnan(share))
					lo = hi = NAN;
				else
					lbc_stats_wilson(n, d, &lo, &hi);
				put_num(&sh, TOP + r, c + 2, lo, pf, 7);
				put_num(&sh, TOP + r, c + 3, hi, pf, 7);
			}
		}
	}
	worksheet_freeze_panes(sh.ws, TOP, (lxw_col_t)v.lc);
	row = TOP + v.nrows + 2;
	if (t->nfields == 2 && !hidden)
		write_tests(&sh, f, t, &row, last);
	else if (t->nfields == 2)
		put_wrapped(&sh, row++, 0, last, "表中有隐去的格子，不做检验"
		    "（检验的数字可以推出隐去的格子）。", f->note, LINEPT);
	last_row = row;
	last_col = last;
	if (v.nrows > 0 && !hidden) {
		double pw, ph, scale, y = 0, room;

		if (pick_cats(&v, &cc) != 0) {
			sheet_free(&sh);
			return LBC_ENOMEM;
		}
		plan_chart(&v, &cc, &plan);
		chart_title(&v, &cc, about->as_of, ctitle, sizeof(ctitle));
		/* the title on one line: 12-point bold, 8 px a half-width */
		plan.w = fmax(plan.w, fmin(text_width(ctitle) * 8 + 60,
		    LANDSCAPE_PX - 80));
		below = v.nrows <= LBC_XLSX_CHART_MAX;
		if (below) {
			/* below the table and its tests, right of the labels */
			double lw = 0;

			chart_row = row + 1;
			chart_col = v.lc;
			for (i = 0; i < v.lc; i++)
				lw += col_px(&sh, i, 24);
			for (w = 0, i = 0; i <= last; i++)
				w += col_px(&sh, i, 24);
			/* no wider than the table or a portrait page */
			plan.w = fmax(fmin(plan.w, fmax(w, PORTRAIT_PX) -
			    lw - 70), 300);
			w = lw;
			for (i = v.lc; w < plan.w + lw; i++)
				w += i <= last ? col_px(&sh, i, 24) : 64;
			if (i - 1 > last_col)
				last_col = i - 1;
		} else {
			/* beside the table's first rows, never far down */
			chart_row = TOP;
			chart_col = last + 2;
			for (w = 0, i = chart_col; w < plan.w; i++)
				w += 64;
			last_col = i;
		}
		/* the scale fitting one page wide, and the page's height */
		for (i = 0; i <= last_col; i++)
			table_px += i < sh.nwidth || i <= last ?
			    col_px(&sh, i, 24) : 64;
		pw = table_px > PORTRAIT_PX ? LANDSCAPE_PX : PORTRAIT_PX;
		ph = table_px > PORTRAIT_PX ? LANDSCAPE_H : PORTRAIT_H;
		scale = table_px > pw ? pw / table_px : 1;
		room = ph / scale;
		for (i = 0; i < chart_row; i++)
			y += row_pt(&sh, i, 24) * 4 / 3;
		if (below && room - ROWPX - y < CHART_MIN_H) {
			/* a page of its own, under the repeated header */
			pagebreak = (lxw_row_t)chart_row;
			y = (TOP + 1) * ROWPX;
		}
		if (y + plan.h > room - ROWPX)
			plan.h = fmax(200, room - ROWPX - y);
		x = (double)chart_row + ceil(plan.h / ROWPX) + 1;
		if (x > last_row)
			last_row = (size_t)x;
		dcol = last_col + 2;
		add_chart(wb, &sh, f, sname, &v, stride, about->as_of, &cc,
		    &plan, chart_row, chart_col, dcol);
		free(cc.pick);
	} else
		for (i = 0; i <= last_col; i++)
			table_px += col_px(&sh, i, 24);
	if (pagebreak > 0) {
		lxw_row_t breaks[2] = { pagebreak, 0 };

		worksheet_set_h_pagebreaks(sh.ws, breaks);
	}
	set_widths(&sh, 24);
	set_heights(&sh, 24);
	page_setup(&sh, about->as_of, table_px, 1, last_row, last_col);
	sheet_free(&sh);
	return sh.err;
}

/* One line of the about sheet: a label and its text, wrapped. */
static void
about_line(struct sheet *sh, struct fmts *f, size_t *r, const char *label,
    const char *text)
{
	put_str(sh, *r, 0, label, f->bold, 0);
	put_wrapped(sh, *r, 1, 1, text, f->wrap, LINEPT);
	(*r)++;
}

static int
write_about(lxw_workbook *wb, struct fmts *f, const struct lbc_xlsx_about *a,
    enum lbc_pct pct)
{
	struct sheet sh;
	char when[64], text[2048];
	const char *lname;
	time_t tt = (time_t)a->time;
	struct tm tm;
	size_t i, r, r2;
	double tall;

	memset(&sh, 0, sizeof(sh));
	if ((sh.ws = workbook_add_worksheet(wb, LBC_XLSX_ABOUT)) == NULL)
		return LBC_EXLSX;
	put_wrapped(&sh, 0, 0, 1, "说明：数据来源、定义和方法", f->title, 20);
	put_str(&sh, 2, 0, "项目", f->head, 0);
	put_str(&sh, 2, 1, "内容", f->head, 0);
	r = 3;
	for (i = 0; i < a->ninputs; i++) {
		snprintf(text, sizeof(text), "%s\nSHA-256：%s", a->inputs[i].name,
		    a->inputs[i].sha256);
		put_str(&sh, r, 0, a->inputs[i].role, f->bold, 0);
		put_str(&sh, r, 1, text, f->wrap, 0);
		/* the name, then the hash on a line of its own */
		worksheet_set_row(sh.ws, (lxw_row_t)r, 2 * LINEPT + 4 +
		    LINEPT * floor(text_width(a->inputs[i].name) / 80), NULL);
		r++;
	}
	about_line(&sh, f, &r, "内置区划表", a->regions_builtin != NULL ?
	    a->regions_builtin : "未使用（--no-builtin-regions）");
	snprintf(text, sizeof(text), "%lu", a->records);
	about_line(&sh, f, &r, "读取记录数", text);
	if (a->where != NULL)
		about_line(&sh, f, &r, "筛选（-w）", a->where);
	about_line(&sh, f, &r, "命令行", a->command);
	about_line(&sh, f, &r, "版本", a->version);
	localtime_r(&tt, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S %z", &tm);
	about_line(&sh, f, &r, "生成时间", when);
	about_line(&sh, f, &r, "数据截至", a->as_of);
	for (i = 0, r2 = 0; i < (a->nlevels > 0 ? a->nlevels : 1) &&
	    r2 + 64 < sizeof(text); i++) {
		int lv = a->nlevels > 0 ? a->levels[i] : a->level;

		lname = lbc_tally_level_name(lv);
		r2 += (size_t)snprintf(text + r2, sizeof(text) - r2,
		    "%s%s（%d位代码）", i > 0 ? "、" : "", lname == NULL ? "?" :
		    strcmp(lname, "province") == 0 ? "省" : strcmp(lname,
		    "city") == 0 ? "市" : strcmp(lname, "county") == 0 ? "县" :
		    strcmp(lname, "township") == 0 ? "乡镇" : "村", lv);
	}
	about_line(&sh, f, &r, "区划级别", text);
	snprintf(text, sizeof(text), "年龄为排查日期时的周岁，无排查日期的记录"
	    "按 %s 计算；年龄段：%s。", a->as_of, a->ages);
	about_line(&sh, f, &r, "年龄", text);
	about_line(&sh, f, &r, "多选", "存在问题和标记为多选：一名儿童在其每一"
	    "类下各计一次，没有的计入“无”；合计为儿童人数，各类之和可大于合计。");
	about_line(&sh, f, &r, "未填", "空值计入“未填”。");
	snprintf(text, sizeof(text), "单字段表占全部儿童；交叉表%s；"
	    "95%%区间为 Wilson 区间。按定义为 100%% 的格子不填。", pct_words(pct));
	about_line(&sh, f, &r, "百分比", text);
	about_line(&sh, f, &r, "检验", "交叉表做 Pearson 卡方独立性检验：p 为"
	    "卡方分布的上尾概率（小于 0.001 的写作 <0.001），Cramér's V = "
	    "√(χ²/(n·(min(行,列)−1)))；“未填”和没有人数的行、列不参加；有期望"
	    "频数小于5的格子时近似不可靠。含多选字段的表不对整表检验（一名儿童"
	    "可在多个格子里），而对多选字段的每一类分别检验。");
	snprintf(text, sizeof(text), "图表最多画 %d 类（多选字段横排时更少）；更多时画人数最多的 %d "
	    "类，其余合为“其他”，图表标题写明。", LBC_XLSX_CHART_MAX,
	    LBC_XLSX_CHART_MAX);
	about_line(&sh, f, &r, "图表", text);
	if (a->supp_k > 1) {
		snprintf(text, sizeof(text), "小数隐去（--suppress %u）：人数为 "
		    "1 至 %u 的格子（含合计）隐去，印作“*”（一次隐去）；再隐去"
		    "另一些格子（二次隐去），使任何隐去的格子都不能由本工作簿"
		    "公布的行、列合计和其他表算出，也不能看出它小于 %u。"
		    "共隐去 %lu 格：一次 %lu 格，二次 %lu 格。隐去格子的百分比"
		    "不显示，以隐去的合计为分母的百分比不显示，有隐去格子的表不做"
		    "检验、不画图。方法见 lbc-tally(1)。", a->supp_k,
		    a->supp_k - 1, a->supp_k, a->supp_primary +
		    a->supp_secondary, a->supp_primary, a->supp_secondary);
		about_line(&sh, f, &r, "小数隐去", text);
	}
	worksheet_set_column(sh.ws, 0, 0, 16, NULL);
	worksheet_set_column(sh.ws, 1, 1, 90, NULL);
	widen(&sh, 0, 14);
	widen(&sh, 1, 88);
	set_heights(&sh, 90);
	page_setup(&sh, a->as_of, 16 * 7 + 5 + 90 * 7 + 5, 0, r, 1);
	/* a sheet a little over one page is scaled onto one */
	for (i = 0, tall = 0; i < r; i++)
		tall += row_pt(&sh, i, 90) * 4 / 3;
	if (tall < 1.3 * PORTRAIT_H * PORTRAIT_PX / (16 * 7 + 5 + 90 * 7 + 5))
		worksheet_fit_to_pages(sh.ws, 1, 1);
	sheet_free(&sh);
	return sh.err;
}

static lxw_format *
fmt(lxw_workbook *wb)
{
	lxw_format *f = workbook_add_format(wb);

	format_set_font_name(f, LBC_XLSX_FONT);
	format_set_font_family(f, 2);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	return f;
}

/*
 * A sheet of given text or cells (lbc-monthly's 摘要 and 变化) before the
 * tables, print-ready like them: A4, one page wide, text wrapped in one
 * wide column with the rows as tall as their lines, a table's header row
 * bold and repeated on every page, numbers and percentages as numbers.
 */
static int
write_front(lxw_workbook *wb, struct fmts *f, const struct lbc_xlsx_sheet *s,
    const char *as_of)
{
	struct sheet sh;
	size_t r, c, nr = lbc_xlsx_sheet_nrows(s), last_col = 0, nc;
	int table = lbc_xlsx_sheet_is_table(s), pct;
	double v, width_px = 0;
	/* a change may be negative: no conditional sections, which drop the sign */
	lxw_format *change = fmt(wb);

	format_set_num_format(change, "0.0%");
	memset(&sh, 0, sizeof(sh));
	if ((sh.ws = workbook_add_worksheet(wb, lbc_xlsx_sheet_name(s))) ==
	    NULL)
		return LBC_EXLSX;
	for (r = 0; r < nr && sh.err == 0; r++) {
		nc = lbc_xlsx_sheet_ncells(s, r);
		for (c = 0; c < nc && sh.err == 0; c++) {
			const char *t = lbc_xlsx_sheet_cell(s, r, c);

			if (*t == '\0')
				continue;
			if (c > last_col)
				last_col = c;
			if (!table)
				put_wrapped(&sh, r, c, c, t, r == 0 ? f->title :
				    f->wrap, r == 0 ? 20 : LINEPT);
			else if (r > 0 && lbc_xlsx_sheet_number(t, &v, &pct))
				put_num(&sh, r, c, v, pct ? change : f->count,
				    text_width(t));
			else
				put_str(&sh, r, c, t, r == 0 ? f->head : f->label,
				    1);
		}
	}
	if (table) {
		set_widths(&sh, 40);
		for (c = 0; c <= last_col; c++)
			width_px += col_px(&sh, c, 40);
	} else {
		/* narrow enough for A4 portrait in the fallback CJK font too */
		worksheet_set_column(sh.ws, 0, (lxw_col_t)last_col, 72, NULL);
		for (c = 0; c <= last_col; c++)
			widen(&sh, c, 70);
		width_px = (last_col + 1) * (72 * 7 + 5);
	}
	set_heights(&sh, table ? 40 : 72);
	page_setup(&sh, as_of, width_px, 0, nr > 0 ? nr - 1 : 0, last_col);
	if (table && nr > 1)
		worksheet_repeat_rows(sh.ws, 0, 0);
	sheet_free(&sh);
	return sh.err;
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
	f.title = fmt(wb);
	format_set_bold(f.title);
	format_set_font_size(f.title, 14);
	format_set_text_wrap(f.title);
	f.note = fmt(wb);
	format_set_italic(f.note);
	format_set_text_wrap(f.note);
	f.head = fmt(wb);
	format_set_bold(f.head);
	format_set_bottom(f.head, LXW_BORDER_THIN);
	format_set_align(f.head, LXW_ALIGN_CENTER);
	format_set_text_wrap(f.head);
	f.testhead = fmt(wb);
	format_set_bold(f.testhead);
	format_set_bottom(f.testhead, LXW_BORDER_THIN);
	format_set_align(f.testhead, LXW_ALIGN_CENTER);
	format_set_text_wrap(f.testhead);
	f.bold = fmt(wb);
	format_set_bold(f.bold);
	f.label = fmt(wb);
	f.body = fmt(wb);
	f.count = fmt(wb);
	format_set_num_format(f.count, "#,##0");
	f.boldcount = fmt(wb);
	format_set_bold(f.boldcount);
	format_set_num_format(f.boldcount, "#,##0");
	f.star = fmt(wb);
	format_set_align(f.star, LXW_ALIGN_RIGHT);
	/* shares below 0.1% keep their digits: a village of a county */
	f.pct = fmt(wb);
	format_set_num_format(f.pct, LBC_XLSX_PCT);
	f.boldpct = fmt(wb);
	format_set_bold(f.boldpct);
	format_set_num_format(f.boldpct, LBC_XLSX_PCT);
	f.num2 = fmt(wb);
	format_set_num_format(f.num2, "0.00");
	f.num3 = fmt(wb);
	format_set_num_format(f.num3, "0.000");
	f.p = fmt(wb);
	format_set_num_format(f.p, LBC_XLSX_P);
	f.wrap = fmt(wb);
	format_set_text_wrap(f.wrap);
	f.testnote = fmt(wb);
	format_set_text_wrap(f.testnote);
	format_set_indent(f.testnote, 1);
	for (i = 0; i < about->nfront && rc == 0; i++)
		rc = write_front(wb, &f, about->front[i], about->as_of);
	for (i = 0; i < n && rc == 0; i++)
		rc = write_table(wb, &f, i, tables[i], pct, ci, about);
	if (rc == 0)
		rc = write_about(wb, &f, about, pct);
	if (workbook_close(wb) != LXW_NO_ERROR && rc == 0)
		rc = LBC_EXLSX;
	return rc;
}

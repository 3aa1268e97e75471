#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "chart.h"
#include "err.h"
#include "fields.h"
#include "palette.h"
#include "table.h"

/* The value axis of a crosstab: tables count children. */
#define COUNT_NAME	"人数"
#define FONT_SIZE	12.0
#define WIDTH		1000
#define HEIGHT		600
#define AUTOMAX		8000	/* default sizes grow up to this */
#define GRID		"#d9d9d9"
#define EDGE		"#404040"

static const char *const type_names[] = {
	"bar", "hbar", "stacked", "grouped", "line", "pie", "pyramid",
	"heatmap", NULL
};

/* The script being written: errors are sticky, checked at the end. */
struct gp {
	struct lbc_buf	*b;
	int		 err;
	const struct lbc_table *t;
	const struct lbc_chart_opts *o;
	size_t		 R, C;		/* rows and columns drawn */
	size_t		 r0;		/* the table's row drawn first */
	size_t		 S;		/* category places (R, or more in a part) */
	char *const	*rows;		/* the R labels drawn */
	unsigned	 w, h;		/* size in pixels */
	double		 fs;		/* font size in points */
	double		 px;		/* pixels per em (96 dpi) */
	double		 unit;		/* terminal font units per point */
	const char	*family;	/* font family (not NUL-terminated) */
	size_t		 familylen;
	int		 hid;		/* the box being written is "*" */
};

int
lbc_chart_type_byname(const char *name)
{
	int i;

	for (i = 0; type_names[i] != NULL; i++)
		if (strcmp(name, type_names[i]) == 0)
			return i;
	return LBC_EARG;
}

const char *
lbc_chart_type_name(int t)
{
	if (t < 0 || t > LBC_CHART_HEATMAP)
		return NULL;
	return type_names[t];
}

int
lbc_chart_format_bypath(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (dot == NULL || strchr(dot, '/') != NULL || dot == path ||
	    dot[-1] == '/')
		return LBC_EARG;
	if (strcasecmp(dot, ".png") == 0)
		return LBC_CHART_PNG;
	if (strcasecmp(dot, ".svg") == 0)
		return LBC_CHART_SVG;
	if (strcasecmp(dot, ".pdf") == 0)
		return LBC_CHART_PDF;
	return LBC_EARG;
}

/*
 * gnuplot reads '' inside a single-quoted string as a quote, but a string
 * that starts with '' as an empty string and another one: so quotes go
 * apart, as "'", joined to the rest with the . operator.  Its macro
 * expansion runs over the raw line before that and loses track of quotes
 * (it counts ' and " independently), so no @ may appear in the script at
 * all: it is written "\100".
 */
int
lbc_chart_quote(struct lbc_buf *out, const char *s, int fmt)
{
	const unsigned char *p;
	int rc = 0, run = 0, first = 1;

	if (*s == '\0')
		return lbc_buf_adds(out, "''");
	for (p = (const unsigned char *)s; *p != '\0' && rc == 0; p++) {
		if (*p == '\'' || *p == '\n' || *p == '@') {
			if (run)
				rc = lbc_buf_addc(out, '\'');
			run = 0;
			if (rc == 0 && !first)
				rc = lbc_buf_addc(out, '.');
			if (rc == 0)
				rc = lbc_buf_adds(out, *p == '\'' ? "\"'\"" :
				    *p == '@' ? "\"\\100\"" : "\"\\n\"");
			first = 0;
			continue;
		}
		if (!run) {
			if (!first)
				rc = lbc_buf_addc(out, '.');
			if (rc == 0)
				rc = lbc_buf_addc(out, '\'');
			run = 1;
			first = 0;
		}
		if (rc != 0)
			break;
		if (*p == '%' && fmt)
			rc = lbc_buf_adds(out, "%%");
		else if (*p < 0x20 || *p == 0x7f)
			rc = lbc_buf_addc(out, ' ');
		else
			rc = lbc_buf_addc(out, (char)*p);
	}
	if (rc == 0 && run)
		rc = lbc_buf_addc(out, '\'');
	return rc;
}

static void
put(struct gp *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
put(struct gp *g, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (g->err != 0)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || lbc_buf_reserve(g->b, (size_t)n) != 0) {
		g->err = LBC_ENOMEM;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(g->b->p + g->b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	g->b->len += (size_t)n;
}

/* A label as a string; fmt for tic labels. */
static void
str(struct gp *g, const char *s, int fmt)
{
	if (g->err == 0)
		g->err = lbc_chart_quote(g->b, s, fmt);
}

/* A number as the table would show it: integers without a point. */
static void
num(struct gp *g, double x)
{
	if (x == 0)
		x = 0;		/* no "-0" */
	if (fabs(x) < 1e15 && x == floor(x))
		put(g, "%.0f", x);
	else
		put(g, "%.10g", x);
}

/* The count drawn at row i (of the part), column j. */
static double
get(const struct gp *g, size_t i, size_t j)
{
	return lbc_table_get(g->t, g->r0 + i, j);
}

static int
hidden(const struct gp *g, size_t i, size_t j)
{
	return lbc_table_hidden(g->t, g->r0 + i, j);
}

/* Any row of the whole table: scales come from all of them. */
static double
all(const struct gp *g, size_t i, size_t j)
{
	return lbc_table_get(g->t, i, j);
}

/* Colours (lib/palette.h). */

static unsigned long
color(size_t j, size_t n)
{
	return lbc_palette_color(j, n);
}

/* Text on colour c: white on dark, black on light. */
static const char *
ink(unsigned long c)
{
	return lbc_palette_ink(c) ? "#ffffff" : "#000000";
}

/* Layout. */

/* Width of the widest line of s, in ems (CJK 1, Latin about a half). */
static double
em(const char *s)
{
	const unsigned char *p;
	double w = 0, max = 0;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '\n') {
			w = 0;
			continue;
		}
		if (*p < 0x80)
			w += 0.55;
		else if (*p >= 0xc0 && *p < 0xe0)
			w += 0.6;
		else if (*p >= 0xe0 && *p < 0xe3)
			w += 0.8;
		else if (*p >= 0xe3)
			w += 1.0;
		if (w > max)
			max = w;
	}
	return max;
}

static double
em_max(char *const *labels, size_t n)
{
	double m = 0, e;
	size_t i;

	for (i = 0; i < n; i++)
		if ((e = em(labels[i])) > m)
			m = e;
	return m;
}

/* Pixels the key takes at the right. */
static double
key_width(const struct gp *g)
{
	if (g->C < 2)
		return 0;
	return 80 + g->px * em_max(g->t->cols, g->C);
}

/* A round step of about x: 1, 2 or 5 times a power of ten, at least 1. */
static double
nice_step(double x)
{
	double mag, r;

	if (!(x > 1))
		return 1;
	mag = pow(10, floor(log10(x)));
	r = x / mag;
	return (r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10) * mag;
}

/* Sets the font and the size in pixels from the options. */
static void
setup(struct gp *g)
{
	const char *f = g->o->font, *comma;
	char *end;
	double s;

	g->fs = FONT_SIZE;
	g->family = LBC_CHART_FONT;
	g->familylen = strlen(LBC_CHART_FONT);
	if (f != NULL) {
		if ((comma = strrchr(f, ',')) != NULL) {
			s = strtod(comma + 1, &end);
			if (end != comma + 1 && *end == '\0' && s > 0 &&
			    s < 200)
				g->fs = s;
			g->family = f;
			g->familylen = (size_t)(comma - f);
		} else {
			g->family = f;
			g->familylen = strlen(f);
		}
	}
	g->px = g->fs * 4 / 3;
	/* gnuplot's svg takes font sizes in pixels, the cairo terminals in points. */
	g->unit = g->o->format == LBC_CHART_SVG ? 4.0 / 3 : 1;
	g->w = g->o->width ? g->o->width : WIDTH;
	g->h = g->o->height ? g->o->height : HEIGHT;
}

/* Grows the default width so that every category gets slot pixels. */
static void
widen(struct gp *g, size_t n, double slot, double extra)
{
	double need = 150 + extra + (double)n * slot;

	if (g->o->width == 0 && need > g->w)
		g->w = (unsigned)ceil(fmin(need, AUTOMAX));
}

/* Grows the default height so that every row gets slot pixels. */
static void
heighten(struct gp *g, size_t n, double slot)
{
	double need = 170 + (double)n * slot;

	if (g->o->height == 0 && need > g->h)
		g->h = (unsigned)ceil(fmin(need, AUTOMAX));
}

static void
font(struct gp *g, double size)
{
	struct lbc_buf f = { NULL, 0, 0 };

	if (lbc_buf_add(&f, g->family, g->familylen) != 0 ||
	    lbc_buf_printf(&f, ",%.4g", size) != 0) {
		g->err = LBC_ENOMEM;
		lbc_buf_free(&f);
		return;
	}
	str(g, f.p, 0);
	lbc_buf_free(&f);
}

/* The value-label font: a little smaller. */
static void
small(struct gp *g)
{
	put(g, " font ',%.4g'", round(g->fs * g->unit * 0.85 * 10) / 10);
}

/*
 * The title's second line: the data's date (or that it is not known) and
 * the note; then the title's font.
 */
static void
title_note(struct gp *g)
{
	const char *date = g->o->date, *note = g->o->note;
	struct lbc_buf b = { NULL, 0, 0 };
	int rc = 0;

	if (date == NULL)
		rc = lbc_buf_adds(&b, "数据日期未注明");
	else if (date[0] != '\0')
		rc = lbc_buf_printf(&b, "数据截至 %s", date);
	if (rc == 0 && note != NULL)
		rc = lbc_buf_adds(&b, note);
	if (rc != 0)
		g->err = LBC_ENOMEM;
	else if (b.len > 0) {
		put(g, ".\"\\n\".");
		str(g, b.p, 0);
	}
	lbc_buf_free(&b);
	put(g, " font ',%.4g'\n", g->fs * g->unit * 1.3);
}

static void
preamble(struct gp *g)
{
	const struct lbc_chart_opts *o = g->o;
	const struct lbc_table *t = g->t;
	static const char *const term[] = { "pngcairo", "svg", "pdfcairo" };

	put(g, "# lbc-chart: %s chart, %zu row%s by %zu column%s "
	    "(totals left out)\n", type_names[o->type], g->R,
	    g->R == 1 ? "" : "s", g->C, g->C == 1 ? "" : "s");
	put(g, "# Every label is a single-quoted string, which gnuplot "
	    "takes literally.\n");
	put(g, "set encoding utf8\n");
	put(g, "set terminal %s", term[o->format]);
	if (o->format == LBC_CHART_PDF)
		put(g, " size %.2fin,%.2fin", g->w / 72.0, g->h / 72.0);
	else
		put(g, " size %u,%u", g->w, g->h);
	put(g, " font ");
	font(g, g->fs * g->unit);
	if (o->format == LBC_CHART_PDF)
		put(g, " fontscale 1 linewidth 2");	/* as thick as PNG */
	put(g, " background rgb 'white'");
	put(g, " noenhanced\n");
	put(g, "set termoption noenhanced\n");
	if (o->output != NULL) {
		put(g, "set output ");
		str(g, o->output, 0);
		put(g, "\n");
	}
	if (o->title != NULL) {
		if (o->title[0] != '\0') {
			put(g, "set title ");
			str(g, o->title, 0);
			title_note(g);
		}
	} else if (t->caption != NULL) {
		put(g, "set title ");
		str(g, t->caption, 0);
		title_note(g);
	} else if (t->rowfield[0] != '\0' || t->colfield != NULL) {
		put(g, "set title ");
		str(g, "留守儿童人数：", 0);
		put(g, ".");
		if (t->colfield != NULL) {
			str(g, t->rowfield, 0);
			put(g, ".' × '.");
			str(g, t->colfield, 0);
		} else
			str(g, t->rowfield, 0);
		title_note(g);
	}
}

/* The name of the counts: the only column's header, or 人数. */
static const char *
value_name(const struct gp *g)
{
	return g->C == 1 ? g->t->cols[0] : COUNT_NAME;
}

static void
label_axis(struct gp *g, const char *axis, const char *name)
{
	if (name == NULL || name[0] == '\0')
		return;
	put(g, "set %slabel ", axis);
	str(g, name, 0);
	put(g, "\n");
}

/*
 * Tic labels at 0..n-1 (with top > 0: top-1 down to top-n, first on
 * top), as an explicit list; gnuplot reads these labels as formats,
 * hence fmt.
 */
static void
tic_list(struct gp *g, const char *axis, const char *opts, char *const *labels,
    size_t n, size_t top)
{
	size_t i;

	put(g, "set %stics %s (", axis, opts);
	for (i = 0; i < n; i++) {
		put(g, "%s \\\n\t", i ? "," : "");
		str(g, labels[i], 1);
		put(g, " %zu", top > 0 ? top - 1 - i : i);
	}
	put(g, ")\n");
}

/* Pixels between categories along x. */
static double
slot_x(const struct gp *g, size_t n)
{
	return fmax(g->w - 150 - key_width(g), 100) / (double)(n ? n : 1);
}

/*
 * Whether category labels along x must turn by 45 degrees, not fitting
 * side by side.  When they turn, the default height grows by what they
 * take, so the plot keeps its height.
 */
static int
x_turned(struct gp *g, char *const *labels, size_t n)
{
	double len = em_max(labels, n) * g->px * 1.05;

	if (len <= slot_x(g, g->S) * 0.95)
		return 0;
	if (g->o->height == 0)
		g->h = (unsigned)fmin(g->h + 0.71 * len, AUTOMAX);
	return 1;
}

/*
 * Category tics along x; turned ones hang left of their tic, so the left
 * margin grows to keep the first ones on the page.
 */
static void
x_categories(struct gp *g, char *const *labels, size_t n, int turned)
{
	double slot = slot_x(g, g->S), left = 0, hang;
	size_t i;

	if (!turned) {
		tic_list(g, "x", "scale 0 nomirror", labels, n, 0);
		return;
	}
	tic_list(g, "x", "rotate by 45 right scale 0 nomirror", labels, n, 0);
	for (i = 0; i < n; i++) {
		hang = 0.71 * (em(labels[i]) + 1) * g->px * 1.05 -
		    ((double)i + 0.4) * slot;
		if (hang > left)
			left = hang;
	}
	if (left + 10 > 90)
		put(g, "set lmargin at screen %.4f\n", (left + 10) / g->w);
}

/* Characters the number x takes as num() writes it. */
static size_t
numlen(double x)
{
	char s[64];
	int n;

	if (fabs(x) < 1e15 && x == floor(x))
		n = snprintf(s, sizeof(s), "%.0f", x);
	else
		n = snprintf(s, sizeof(s), "%.10g", x);
	return n > 0 ? (size_t)n : 1;
}

/* Pixels the widest value label takes (small font, digits half an em). */
static double
value_px(const struct gp *g, int sums)
{
	size_t i, j, n = 0, k;
	double sum;

	for (i = 0; i < g->t->nrows; i++) {
		sum = 0;
		for (j = 0; j < g->C; j++) {
			sum += all(g, i, j);
			if ((k = numlen(all(g, i, j))) > n)
				n = k;
		}
		if (sums && (k = numlen(sum)) > n)
			n = k;
	}
	return (double)n * 0.55 * g->px * 0.85;
}

static void
key(struct gp *g)
{
	if (g->C < 2) {
		put(g, "set key off\n");
		return;
	}
	put(g, "set key outside right top vertical Left reverse width 1 noautotitle");
	if (g->t->colfield != NULL && g->t->colfield[0] != '\0') {
		put(g, " title ");
		str(g, g->t->colfield, 0);
	}
	put(g, "\n");
}

/* A box's value label: "" (none) for a suppressed cell. */
static void
label(struct gp *g, double v)
{
	if (g->hid)
		put(g, "\"\"");
	else
		num(g, v);
}

/* One box of a bar chart: label anchor, corners, value. */
static void
box(struct gp *g, double x, double y, double xl, double xh, double yl,
    double yh, double v)
{
	num(g, x);
	put(g, "\t");
	num(g, y);
	put(g, "\t%.4f\t%.4f\t", xl, xh);
	num(g, yl);
	put(g, "\t");
	num(g, yh);
	put(g, "\t");
	label(g, v);
	put(g, "\n");
}

static void
box_h(struct gp *g, double x, double y, double xl, double xh, double yl,
    double yh, double v)
{
	num(g, x);
	put(g, "\t");
	num(g, y);
	put(g, "\t");
	num(g, xl);
	put(g, "\t");
	num(g, xh);
	put(g, "\t%.4f\t%.4f\t", yl, yh);
	label(g, v);
	put(g, "\n");
}

static void
boxes_clause(struct gp *g, size_t j, unsigned long c, const char *title)
{
	put(g, "%s$data index %zu using 1:2:3:4:5:6 with boxxyerror "
	    "fillstyle solid 1.0 border lc rgb '" EDGE "' "
	    "lc rgb '#%06lx'", j ? ", \\\n\t" : "", j, c);
	if (title != NULL) {
		put(g, " title ");
		str(g, title, 0);
	} else
		put(g, " notitle");
}

static void
range(struct gp *g, const char *axis, double lo, double hi)
{
	put(g, "set %srange [", axis);
	num(g, lo);
	put(g, ":");
	num(g, hi);
	put(g, "]\n");
}

/* Round a range end outwards to 3 significant digits. */
static double
room(double x)
{
	double mag;

	if (x == 0)
		return 0;
	mag = pow(10, floor(log10(fabs(x))) - 2);
	return (x > 0 ? ceil(x / mag) : floor(x / mag)) * mag;
}

static void
value_format(struct gp *g, const char *axis, double lo, double hi)
{
	size_t i, j;
	int whole = 1;

	for (i = 0; i < g->t->nrows; i++)
		for (j = 0; j < g->C; j++)
			if (all(g, i, j) != floor(all(g, i, j)))
				whole = 0;
	if (whole) {
		/* counts: whole-number steps, never 0.5 of a child */
		put(g, "set format %s '%%.0f'\n", axis);
		put(g, "set %stics ", axis);
		num(g, nice_step((hi - lo) / 6));
		put(g, "\n");
	} else
		put(g, "set format %s '%%.8g'\n", axis);
}

static void
common(struct gp *g)
{
	put(g, "set border 3 lc rgb '" EDGE "'\n");
	put(g, "set tics nomirror out\n");
}

/*
 * Rows along the x axis from x0 to x1, values up the y axis from lo to hi:
 * grid, axis names, ranges, number format and the row labels.
 */
static void
rows_across(struct gp *g, double x0, double x1, double lo, double hi,
    int turned)
{
	put(g, "set grid ytics lc rgb '" GRID "' back\n");
	label_axis(g, "x", g->t->rowfield);
	label_axis(g, "y", value_name(g));
	range(g, "x", x0, x1);
	range(g, "y", lo, hi);
	value_format(g, "y", lo, hi);
	x_categories(g, g->rows, g->R, turned);
}

/* bar, grouped and stacked (vertical bars), and hbar (not stacked). */
static void
bars(struct gp *g, int stacked, int horizontal)
{
	size_t i, j, R = g->R, C = g->C, S = g->S;
	double *cum, lo = 0, hi = 0, v, width, yl, yh, x, y, tall, bar;
	unsigned long c;
	int upright, inside, turned;
	const char *above;

	if ((cum = calloc(R + 1, sizeof(*cum))) == NULL) {
		g->err = LBC_ENOMEM;
		return;
	}
	/*
	 * Stacks hold no negative counts (lbc_chart_script checks).  The
	 * scale is the whole table's, so that the parts of a split compare.
	 */
	for (i = 0; i < g->t->nrows; i++) {
		double sum = 0;

		for (j = 0; j < C; j++) {
			v = all(g, i, j);
			sum += v;
			lo = fmin(lo, v);
			hi = fmax(hi, stacked ? sum : v);
		}
	}
	if (hi == lo)
		hi = lo + 1;
	if (horizontal)
		heighten(g, S, C > 1 ? (C * 1.2 + 0.6) * g->px : 1.8 * g->px);
	else if (stacked || C == 1)
		widen(g, S, 2.2 * g->px, key_width(g));
	else
		widen(g, S, (C * 1.2 + 1) * g->px, key_width(g));
	/* every part turns its labels, or none does: the same plot height */
	turned = !horizontal && x_turned(g, g->t->rows, g->t->nrows);
	/*
	 * Numbers wider than their bar stand on end; stacked segments only
	 * get theirs when it fits across.
	 */
	bar = slot_x(g, S) * (stacked || C == 1 ? 0.7 : 0.8 / (double)C);
	upright = !horizontal && value_px(g, stacked) > bar * 1.15;
	inside = !horizontal && value_px(g, 0) <= bar * 0.95;
	lo = room(lo < 0 ? lo * 1.12 : 0);
	if (upright)
		hi *= 1 + (value_px(g, stacked) + 12) / fmax(g->h - 220.0, 100);
	hi = room(hi > 0 ? hi * (horizontal ? 1.15 : 1.1) : 0);
	preamble(g);
	common(g);
	key(g);
	put(g, "set style fill solid 1.0\n");
	if (horizontal) {
		put(g, "set grid xtics lc rgb '" GRID "' back\n");
		label_axis(g, "x", value_name(g));
		label_axis(g, "y", g->t->rowfield);
		range(g, "x", lo, hi);
		range(g, "y", -0.6, S - 0.4);
		value_format(g, "x", lo, hi);
		tic_list(g, "y", "scale 0 nomirror", g->rows, R, S);
	} else {
		rows_across(g, -0.6, S - 0.4, lo, hi, turned);
	}
	put(g, "# $data: one block per column of the table (index 0, 1, ...),"
	    " one line per row:\n# label x, label y, box x from, to, y from,"
	    " to, count\n");
	put(g, "$data << EOD\n");
	memset(cum, 0, (R + 1) * sizeof(*cum));
	width = C > 1 && !stacked ? 0.8 / (double)C : 0.7;
	for (j = 0; j < C; j++) {
		put(g, j ? "\n\n" : "");
		for (i = 0; i < R; i++) {
			v = get(g, i, j);
			g->hid = hidden(g, i, j);
			if (stacked) {
				yl = cum[i];
				yh = cum[i] += v;
				box(g, (double)i, (yl + yh) / 2, i - 0.35,
				    i + 0.35, yl, yh, v);
				continue;
			}
			if (C == 1) {
				yl = -0.35;
				yh = 0.35;
			} else {
				yh = 0.4 - (double)j * width;
				yl = yh - width;
			}
			if (horizontal) {
				y = (double)(S - 1 - i);
				box_h(g, v, y + (yl + yh) / 2, fmin(0, v),
				    fmax(0, v), y + yl, y + yh, v);
			} else {
				/* Left to right: mirror the top-down offsets. */
				x = (double)i - (yl + yh) / 2;
				box(g, x, v, x - width / 2, x + width / 2,
				    fmin(0, v), fmax(0, v), v);
			}
		}
	}
	g->hid = 0;
	if (stacked) {
		put(g, "\n\n");
		/* a bar with a "*" part has no known total: no total label */
		for (i = 0; i < R; i++) {
			for (j = 0, g->hid = 0; j < C; j++)
				g->hid |= hidden(g, i, j);
			box(g, (double)i, cum[i], 0, 0, 0, 0, cum[i]);
		}
		g->hid = 0;
	}
	put(g, "EOD\n");
	/* A segment gets its number when the text fits inside. */
	tall = (hi - lo) * 1.2 * g->px / fmax(g->h - 200.0, 100);
	above = horizontal ? "left offset 0.4,0" : upright ?
	    "left rotate by 90 offset 0,0.4" : "center offset 0,0.6";
	put(g, "plot ");
	for (j = 0; j < C; j++)
		boxes_clause(g, j, color(j, C), g->t->cols[j]);
	for (j = 0; j < C; j++) {
		c = color(j, C);
		if (stacked && !inside)
			continue;
		put(g, ", \\\n\t$data index %zu using 1:2:", j);
		if (stacked) {
			put(g, "(abs($7) >= ");
			num(g, room(tall));
			put(g, " ? stringcolumn(7) : '') with labels center");
			small(g);
			put(g, " tc rgb '%s' notitle", ink(c));
		} else {
			put(g, "(stringcolumn(7)) with labels %s", above);
			small(g);
			put(g, " notitle");
		}
	}
	if (stacked) {
		put(g, ", \\\n\t$data index %zu using 1:2:(stringcolumn(7)) "
		    "with labels %s", C, above);
		small(g);
		put(g, " notitle");
	}
	put(g, "\n");
	free(cum);
}

/* The smallest and largest value drawn (0 included; never equal). */
static void
value_range(struct gp *g, double *lo, double *hi)
{
	size_t i, j;
	double v;

	*lo = *hi = 0;
	for (i = 0; i < g->t->nrows; i++)
		for (j = 0; j < g->C; j++) {
			v = all(g, i, j);
			*lo = fmin(*lo, v);
			*hi = fmax(*hi, v);
		}
	if (*hi == *lo)
		*hi = *lo + 1;
}

static void
line(struct gp *g)
{
	static const int pt[] = { 7, 5, 9, 11, 13, 15 };
	size_t i, j, R = g->R, C = g->C;
	double lo, hi;
	int turned;

	value_range(g, &lo, &hi);
	lo = room(lo < 0 ? lo * 1.12 : 0);
	hi = room(hi > 0 ? hi * 1.12 : 0);
	widen(g, R, 2.2 * g->px, key_width(g));
	turned = x_turned(g, g->rows, R);
	preamble(g);
	common(g);
	key(g);
	rows_across(g, -0.5, R - 0.5, lo, hi, turned);
	put(g, "# $data: one block per column of the table, one line per "
	    "row: x, count\n");
	put(g, "$data << EOD\n");
	for (j = 0; j < C; j++) {
		put(g, j ? "\n\n" : "");
		for (i = 0; i < R; i++) {
			put(g, "%zu\t", i);
			g->hid = hidden(g, i, j);
			label(g, get(g, i, j));	/* "*": no point */
			put(g, "\n");
		}
	}
	g->hid = 0;
	put(g, "EOD\n");
	put(g, "plot ");
	for (j = 0; j < C; j++) {
		put(g, "%s$data index %zu using 1:2 with linespoints lw 2 "
		    "pt %d ps 1.3 dt %zu lc rgb '#%06lx' title ",
		    j ? ", \\\n\t" : "", j, pt[j % 6], j % 5 + 1, color(j, C));
		str(g, g->t->cols[j], 0);
	}
	if (C == 1) {
		put(g, ", \\\n\t$data index 0 using 1:2:(stringcolumn(2)) "
		    "with labels center offset 0,1");
		small(g);
		put(g, " notitle");
	}
	put(g, "\n");
}

static void
pie(struct gp *g)
{
	size_t i, R = g->R;
	double sum = 0, a0, a1, cum = 0, mid, v;
	unsigned long c;

	for (i = 0; i < R; i++)
		sum += get(g, i, 0);
	g->C = 1;
	preamble(g);
	put(g, "unset border\nunset tics\nunset grid\n");
	put(g, "set size ratio -1\n");
	put(g, "set xrange [-1.1:1.1]\nset yrange [-1.1:1.1]\n");
	put(g, "set key outside right center vertical Left reverse width 1 "
	    "noautotitle\n");
	put(g, "# $data: one line per row of the table, clockwise from the "
	    "top:\n# x, y, radius, angle from, to, colour, count, label x, "
	    "label y, percent\n");
	put(g, "$data << EOD\n");
	for (i = 0; i < R; i++) {
		v = get(g, i, 0);
		a1 = 90 - 360 * cum / sum;
		cum += v;
		a0 = 90 - 360 * cum / sum;
		mid = (a0 + a1) / 2 * M_PI / 180;
		put(g, "0\t0\t1\t%.4f\t%.4f\t%lu\t", a0, a1, color(i, R));
		num(g, v);
		put(g, "\t%.4f\t%.4f\t%.1f%%\n", 0.68 * cos(mid),
		    0.68 * sin(mid), 100 * v / sum);
	}
	put(g, "EOD\n");
	put(g, "plot $data using 1:2:3:4:5:6 with circles lc rgb variable "
	    "fillstyle solid 1.0 border lc rgb 'white' notitle");
	for (i = 0; i < R; i++) {
		c = color(i, R);
		/* Slices under 4% are too thin for their number. */
		if (get(g, i, 0) / sum >= 0.04) {
			put(g, ", \\\n\t$data every ::%zu::%zu using 8:9:"
			    "(stringcolumn(10)) with labels center", i, i);
			small(g);
			put(g, " tc rgb '%s' notitle", ink(c));
		}
	}
	for (i = 0; i < R; i++) {
		put(g, ", \\\n\tkeyentry with boxes fillstyle solid 1.0 "
		    "lc rgb '#%06lx' title ", color(i, R));
		str(g, g->rows[i], 0);
		put(g, ".'  ");
		num(g, get(g, i, 0));
		put(g, " (%.1f%%)'", 100 * get(g, i, 0) / sum);
	}
	put(g, "\n");
}

static void
pyramid(struct gp *g)
{
	size_t i, j, R = g->R;
	double m = 0, step, k, lim, v, x;

	for (i = 0; i < R; i++)
		for (j = 0; j < 2; j++)
			m = fmax(m, get(g, i, j));
	if (m == 0)
		m = 1;
	lim = room(m * 1.25);
	step = nice_step(m / 2.5);
	heighten(g, R, 1.8 * g->px);
	preamble(g);
	common(g);
	put(g, "set key outside below center horizontal noautotitle\n");
	put(g, "set style fill solid 1.0\n");
	put(g, "set grid xtics lc rgb '" GRID "' back\n");
	label_axis(g, "x", COUNT_NAME);
	label_axis(g, "y", g->t->rowfield);
	range(g, "x", -lim, lim);
	range(g, "y", -0.6, R - 0.4);
	/* Counts on both sides are positive: label the ticks so. */
	put(g, "set xtics out nomirror (");
	for (k = -floor(m * 1.2 / step); k * step <= m * 1.2; k++) {
		x = k * step;
		put(g, "%s'", k > -floor(m * 1.2 / step) ? ", " : "");
		num(g, fabs(x));
		put(g, "' ");
		num(g, x);
	}
	put(g, ")\n");
	tic_list(g, "y", "scale 0 nomirror", g->rows, R, 0);
	put(g, "# $data: block 0 the left column, block 1 the right, one "
	    "line per row:\n# label x, label y, box x from, to, y from, to, "
	    "count\n");
	put(g, "$data << EOD\n");
	for (j = 0; j < 2; j++) {
		put(g, j ? "\n\n" : "");
		for (i = 0; i < R; i++) {
			v = get(g, i, j);
			x = j == 0 ? -v : v;
			g->hid = hidden(g, i, j);
			box_h(g, x, (double)i, fmin(0, x), fmax(0, x),
			    i - 0.4, i + 0.4, v);
		}
	}
	g->hid = 0;
	put(g, "EOD\n");
	put(g, "plot ");
	for (j = 0; j < 2; j++)
		boxes_clause(g, j, color(j, 2), g->t->cols[j]);
	put(g, ", \\\n\t$data index 0 using 1:2:(stringcolumn(7)) with "
	    "labels right offset -0.4,0");
	small(g);
	put(g, " notitle, \\\n\t$data index 1 using 1:2:(stringcolumn(7)) "
	    "with labels left offset 0.4,0");
	small(g);
	put(g, " notitle\n");
}

static void
heatmap(struct gp *g)
{
	size_t i, j, R = g->R, C = g->C, S = g->S;
	double lo, hi, cw, mid;
	int rotate;

	value_range(g, &lo, &hi);
	heighten(g, S, 1.9 * g->px);
	cw = fmax(4 * g->px, 1.1 * g->px * em_max(g->t->cols, C));
	rotate = C > 1 && 1.1 * g->px * em_max(g->t->cols, C) > 9 * g->px;
	if (rotate)
		cw = 4 * g->px;
	widen(g, C, cw, 150 + g->px * em_max(g->t->rows, g->t->nrows));
	preamble(g);
	put(g, "set border 0\nunset grid\nset key off\n");
	put(g, "set palette defined (0 '#440154', 1 '#3b528b', 2 '#21918c',"
	    " 3 '#5ec962', 4 '#fde725')\n");
	range(g, "cb", lo, hi);
	/* Beyond the colour box's numbers, which gnuplot does not allow for. */
	if (value_name(g)[0] != '\0') {
		put(g, "set cblabel ");
		str(g, value_name(g), 0);
		put(g, " offset %.1f,0\n", 0.6 * (double)numlen(room(hi)) + 0.5);
	}
	if (g->t->colfield != NULL)
		label_axis(g, "x", g->t->colfield);
	label_axis(g, "y", g->t->rowfield);
	range(g, "x", -0.5, C - 0.5);
	range(g, "y", -0.5, S - 0.5);
	value_format(g, "cb", lo, hi);
	tic_list(g, "x", rotate ? "rotate by 45 right scale 0 nomirror" :
	    "scale 0 nomirror", g->t->cols, C, 0);
	tic_list(g, "y", "scale 0 nomirror", g->rows, R, S);
	put(g, "# $data: one line per cell: x (column), y (row, first on "
	    "top), count\n");
	put(g, "$data << EOD\n");
	for (i = 0; i < R; i++)
		for (j = 0; j < C; j++) {
			if (hidden(g, i, j))
				continue;	/* "*": no box, no number */
			put(g, "%zu\t%zu\t", j, S - 1 - i);
			num(g, get(g, i, j));
			put(g, "\n");
		}
	put(g, "EOD\n");
	mid = lo + (hi - lo) * 0.5;
	put(g, "plot $data using 1:2:($1-0.5):($1+0.5):($2-0.5):($2+0.5):3 "
	    "with boxxyerror fillstyle solid 1.0 border lc rgb 'white' "
	    "lc palette notitle, \\\n");
	put(g, "\t$data using 1:2:($3 < ");
	num(g, mid);
	put(g, " ? stringcolumn(3) : '') with labels center");
	small(g);
	put(g, " tc rgb '#ffffff' notitle, \\\n");
	put(g, "\t$data using 1:2:($3 >= ");
	num(g, mid);
	put(g, " ? stringcolumn(3) : '') with labels center");
	small(g);
	put(g, " tc rgb '#000000' notitle\n");
}

static int
unfit(const char **why, const char *msg)
{
	if (why != NULL)
		*why = msg;
	return LBC_EARG;
}

int
lbc_chart_script(const struct lbc_table *t, const struct lbc_chart_opts *o,
    struct lbc_buf *out, const char **why)
{
	struct gp g;
	size_t i, j;
	int neg = 0;
	double sum = 0;

	memset(&g, 0, sizeof(g));
	g.b = out;
	g.t = t;
	g.o = o;
	g.R = t->nrows;
	g.C = t->ncols;
	if (g.R == 0 || g.C == 0)
		return unfit(why, "the table has no rows to draw");
	if (o->count > 0) {
		if (o->first >= t->nrows || o->count > t->nrows - o->first)
			return unfit(why, "the part lies outside the table");
		if (o->count < t->nrows && lbc_chart_limit(o->type) == 0)
			return unfit(why, "a line or pyramid is drawn whole");
		if (o->count < t->nrows && o->type == LBC_CHART_PIE)
			return unfit(why, "a pie is drawn whole: a part of it "
			    "has no whole to share");
		g.r0 = o->first;
		g.R = o->count;
	}
	g.S = o->slots > g.R ? o->slots : g.R;
	g.rows = t->rows + g.r0;
	if ((int)o->type < 0 || o->type > LBC_CHART_HEATMAP ||
	    (int)o->format < 0 || o->format > LBC_CHART_PDF)
		return unfit(why, "unknown chart type or format");
	for (i = 0; i < g.R; i++) {
		double row = 0;

		for (j = 0; j < g.C; j++) {
			if (lbc_table_get(t, i, j) < 0)
				neg = 1;
			row += fabs(lbc_table_get(t, i, j));
		}
		sum += row;
	}
	/* Sums of counts (stacks, pie shares, scales) must stay finite. */
	if (!isfinite(sum))
		return unfit(why, "counts too large to draw");
	sum = 0;
	if (o->type == LBC_CHART_PYRAMID && g.C != 2)
		return unfit(why, "a pyramid needs a table with two columns "
		    "(such as age by sex)");
	if (neg && (o->type == LBC_CHART_STACKED || o->type == LBC_CHART_PIE ||
	    o->type == LBC_CHART_PYRAMID))
		return unfit(why, "negative counts cannot be stacked or "
		    "drawn as a pie or pyramid");
	if (o->type == LBC_CHART_PIE) {
		for (i = 0; i < g.R; i++)
			sum += lbc_table_get(t, i, 0);
		if (sum <= 0)
			return unfit(why, "a pie needs counts above 0");
	}
	setup(&g);
	switch (o->type) {
	case LBC_CHART_BAR:
	case LBC_CHART_GROUPED:
		bars(&g, 0, 0);
		break;
	case LBC_CHART_HBAR:
		bars(&g, 0, 1);
		break;
	case LBC_CHART_STACKED:
		bars(&g, g.C > 1, 0);
		break;
	case LBC_CHART_LINE:
		line(&g);
		break;
	case LBC_CHART_PIE:
		pie(&g);
		break;
	case LBC_CHART_PYRAMID:
		pyramid(&g);
		break;
	case LBC_CHART_HEATMAP:
		heatmap(&g);
		break;
	}
	if (g.err == 0 && o->output != NULL)
		put(&g, "unset output\n");
	return g.err;
}

size_t
lbc_chart_limit(int type)
{
	switch (type) {
	case LBC_CHART_BAR:
	case LBC_CHART_HBAR:
	case LBC_CHART_STACKED:
	case LBC_CHART_GROUPED:
		return LBC_CHART_MAXBARS;
	case LBC_CHART_PIE:
		return LBC_CHART_MAXSLICES;
	case LBC_CHART_HEATMAP:
		return LBC_CHART_MAXROWS;
	default:
		return 0;
	}
}

size_t
lbc_chart_parts(size_t n, size_t limit, size_t *per)
{
	size_t parts;

	if (limit == 0)
		limit = 1;
	parts = n <= limit ? 1 : (n + limit - 1) / limit;
	*per = n / parts + (n % parts != 0);
	return parts;
}

void
lbc_chart_part(size_t n, size_t parts, size_t k, size_t *first,
    size_t *count)
{
	size_t base = n / parts, extra = n % parts;

	*count = base + (k < extra);
	*first = k * base + (k < extra ? k : extra);
}

struct rowsum {
	size_t	 i;
	double	 sum;
};

static int
by_sum_desc(const void *a, const void *b)
{
	const struct rowsum *x = a, *y = b;

	if (x->sum != y->sum)
		return x->sum < y->sum ? 1 : -1;
	return x->i < y->i ? -1 : x->i > y->i;
}

int
lbc_chart_top(struct lbc_table *t, size_t n, size_t *folded)
{
	struct rowsum *rs;
	double *v;
	unsigned char *hid;
	char **rows, *other;
	size_t i, j, keep;

	*folded = 0;
	if (n < 2 || t->nrows <= n)
		return 0;
	keep = n - 1;
	if ((rs = calloc(t->nrows, sizeof(*rs))) == NULL)
		return LBC_ENOMEM;
	for (i = 0; i < t->nrows; i++) {
		rs[i].i = i;
		for (j = 0; j < t->ncols; j++)
			rs[i].sum += lbc_table_get(t, i, j);
	}
	qsort(rs, t->nrows, sizeof(*rs), by_sum_desc);
	v = calloc(n * (t->ncols ? t->ncols : 1), sizeof(*v));
	hid = calloc(n * (t->ncols ? t->ncols : 1), 1);
	rows = calloc(n, sizeof(*rows));
	other = strdup("其他");
	if (v == NULL || hid == NULL || rows == NULL || other == NULL) {
		free(rs);
		free(v);
		free(hid);
		free(rows);
		free(other);
		return LBC_ENOMEM;
	}
	for (i = 0; i < t->nrows; i++)
		for (j = 0; j < t->ncols; j++)
			v[(i < keep ? i : keep) * t->ncols + j] +=
			    lbc_table_get(t, rs[i].i, j);
	/*
	 * A kept row keeps its "*"; 其他 is "*" (and 0) in a column where a
	 * row it holds is: its sum there is not known.
	 */
	for (j = 0; j < t->ncols; j++) {
		int any = 0;

		for (i = 0; i < t->nrows; i++)
			if (i < keep)
				hid[i * t->ncols + j] =
				    (unsigned char)lbc_table_hidden(t, rs[i].i, j);
			else if (lbc_table_hidden(t, rs[i].i, j))
				any = 1;
		hid[keep * t->ncols + j] = (unsigned char)any;
		if (any)
			v[keep * t->ncols + j] = 0;
	}
	for (i = 0; i < keep; i++) {
		rows[i] = t->rows[rs[i].i];
		t->rows[rs[i].i] = NULL;
	}
	rows[keep] = other;
	for (i = 0; i < t->nrows; i++)
		free(t->rows[i]);
	free(t->rows);
	free(t->v);
	free(t->hid);
	*folded = t->nrows - keep;
	t->rows = rows;
	t->v = v;
	t->hid = hid;
	for (t->nhid = 0, i = 0; i < n * t->ncols; i++)
		t->nhid += hid[i];
	t->nrows = n;
	free(rs);
	return 0;
}

int
lbc_chart_multi(const char *field)
{
	static const char *const multi[] = { "problems", "flags", NULL };
	const char *title;
	size_t i;

	if (field == NULL)
		return 0;
	for (i = 0; multi[i] != NULL; i++)
		if (strcmp(field, multi[i]) == 0 ||
		    ((title = lbc_field_title(multi[i])) != NULL &&
		    strcmp(field, title) == 0))
			return 1;
	return 0;
}

int
lbc_chart_whole(const void *p, size_t n, enum lbc_chart_format fmt)
{
	static const unsigned char iend[12] = {
		0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82
	};
	static const unsigned char sig[8] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'
	};
	const unsigned char *s = p;
	const char *end;

	if (fmt == LBC_CHART_PNG)
		return n >= sizeof(sig) + sizeof(iend) &&
		    memcmp(s, sig, sizeof(sig)) == 0 &&
		    memcmp(s + n - sizeof(iend), iend, sizeof(iend)) == 0;
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' ||
	    s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	end = fmt == LBC_CHART_SVG ? "</svg>" : "%%EOF";
	return n >= strlen(end) &&
	    memcmp(s + n - strlen(end), end, strlen(end)) == 0;
}

int
lbc_chart_whole_file(const char *path, enum lbc_chart_format fmt)
{
	unsigned char head[8], tail[4096];
	struct stat st;
	size_t k;
	ssize_t got;
	int fd, rc;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return LBC_EIO;
	if (fstat(fd, &st) != 0)
		goto fail;
	if (st.st_size < (off_t)sizeof(head)) {
		close(fd);
		return 0;
	}
	/* A PNG's first bytes and the last ones after them; else the end. */
	if (pread(fd, head, sizeof(head), 0) != (ssize_t)sizeof(head))
		goto fail;
	if (fmt == LBC_CHART_PNG)
		st.st_size -= (off_t)sizeof(head);
	k = st.st_size < (off_t)sizeof(tail) ? (size_t)st.st_size :
	    sizeof(tail);
	if (fmt == LBC_CHART_PNG)
		st.st_size += (off_t)sizeof(head);
	if ((got = pread(fd, tail, k, st.st_size - (off_t)k)) != (ssize_t)k)
		goto fail;
	close(fd);
	if (fmt == LBC_CHART_PNG) {
		unsigned char both[sizeof(head) + sizeof(tail)];

		memcpy(both, head, sizeof(head));
		memcpy(both + sizeof(head), tail, k);
		return lbc_chart_whole(both, sizeof(head) + k, fmt);
	}
	rc = lbc_chart_whole(tail, k, fmt);
	return rc;
fail:
	rc = errno;
	close(fd);
	errno = rc == 0 ? EIO : rc;
	return LBC_EIO;
}

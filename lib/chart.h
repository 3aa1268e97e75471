/*
 * chart.h: gnuplot scripts that draw a count table (see table.h).
 *
 * lbc_chart_script() writes a complete script for gnuplot 5.4: terminal,
 * output, titles, the table's numbers inline as a datablock ($data), and
 * the plot.  Labels (title, field names, row and column labels, the font
 * and the output name) never go into the datablock or into comments: they
 * are written as single-quoted gnuplot strings by lbc_chart_quote(), where
 * gnuplot does no backquote or backslash processing, with no raw @ for its
 * macro expansion to find; and the
 * terminal is put in noenhanced mode, so no label can run a command or
 * change the markup.  Totals are not in the table, so they are never
 * drawn; stacked bars carry the sum of their segments.
 *
 * Numbers are written with printf, so the caller keeps LC_NUMERIC at "C".
 * Counts (whole numbers) get whole-number tic steps.
 *
 * Colours: lib/palette.h (one series blue, two blue and orange, more from
 * viridis), shared with the workbook's charts.  Lines also differ in dash
 * and point type.
 *
 * Scale: a chart stays readable up to lbc_chart_limit() categories (30
 * bars, 10 pie slices, 40 heatmap rows); lbc_chart_top() folds a larger
 * table into its largest rows and 其他, and the caller says so.  Or the
 * table is split: lbc_chart_parts() says into how many parts, and each
 * part is drawn by lbc_chart_script() with first, count and slots set.
 * A part is laid out for slots categories, and its value axis (the
 * heatmap's colour scale) and label room are those of the whole table,
 * so that every part has the same size and scale, the same colours for
 * the same columns, and the rows in the table's order.
 *
 * Title: the caller's, or the table's title line, or 留守儿童人数：and
 * the field names; a second line says the data's date (opts.date) and
 * the note.
 */
#ifndef LBC_CHART_H
#define LBC_CHART_H

struct lbc_buf;
struct lbc_table;

enum lbc_chart_type {
	LBC_CHART_BAR,		/* vertical bars; several columns are grouped */
	LBC_CHART_HBAR,		/* horizontal bars, first row on top */
	LBC_CHART_STACKED,	/* one bar per row, columns stacked */
	LBC_CHART_GROUPED,	/* one group per row, a bar per column */
	LBC_CHART_LINE,		/* one line per column, rows along x */
	LBC_CHART_PIE,		/* the first column's shares */
	LBC_CHART_PYRAMID,	/* two columns drawn left and right */
	LBC_CHART_HEATMAP	/* rows by columns, shaded and numbered */
};

enum lbc_chart_format {
	LBC_CHART_PNG,		/* pngcairo */
	LBC_CHART_SVG,		/* svg */
	LBC_CHART_PDF		/* pdfcairo */
};

struct lbc_chart_opts {
	enum lbc_chart_type type;
	enum lbc_chart_format format;
	const char	*output;	/* file gnuplot writes; NULL: its stdout */
	const char	*title;		/* NULL: the table's title line, else
					   its field names */
	const char	*font;		/* "family" or "family,size"; NULL: default */
	unsigned	 width;		/* pixels (PDF: 72 to the inch); 0: default */
	unsigned	 height;	/* 0: default, grows with the rows for hbar */
	const char	*note;		/* appended to the title; NULL: none */
	const char	*date;		/* the data's date, on the title's
					   second line as 数据截至 DATE; NULL:
					   数据日期未注明; "": nothing */
	size_t		 first;		/* a part: rows first .. first+count-1 */
	size_t		 count;		/* of the table; 0: every row */
	size_t		 slots;		/* category places a part has (at least
					   count; 0: count), so parts match */
};

#define LBC_CHART_FONT	"Noto Sans CJK SC"

#define LBC_CHART_MAXBARS	30
#define LBC_CHART_MAXSLICES	10
#define LBC_CHART_MAXROWS	40

/*
 * The most rows type t draws readably (LBC_CHART_MAXBARS for bars,
 * LBC_CHART_MAXSLICES for a pie, LBC_CHART_MAXROWS for a heatmap), or 0
 * for no limit (line and pyramid draw rows in their order: months, ages).
 */
size_t	lbc_chart_limit(int type);
/*
 * Keeps the n - 1 rows of t with the largest sums, largest first, and a
 * last row 其他 with the sums of the others, when t has more than n rows
 * (n >= 2); sets *folded to the number of rows summed into 其他 (0 when t
 * was left alone).  Returns 0 or LBC_ENOMEM.
 */
int	lbc_chart_top(struct lbc_table *t, size_t n, size_t *folded);
/* The most parts a split makes: beyond, select fewer regions first. */
#define LBC_CHART_MAXPARTS	200

/*
 * Splits n rows into parts of at most limit rows (limit >= 1), as even
 * as can be.  Returns the number of parts (1 when n <= limit) and sets
 * *per to the rows of the largest part, the slots every part is laid
 * out for.
 */
size_t	lbc_chart_parts(size_t n, size_t limit, size_t *per);
/*
 * The rows of part k (from 0) of n rows split into parts parts: sets
 * *first and *count.  The first n % parts parts have one row more than
 * the others; every row is in one part, in the table's order.
 */
void	lbc_chart_part(size_t n, size_t parts, size_t k, size_t *first,
	    size_t *count);

/*
 * 1 when field (a name or its Chinese title) is multi-response: problems,
 * flags.  Their shares do not add up to the children, so no pie.
 */
int	lbc_chart_multi(const char *field);

/* Returns the type named name ("bar", "hbar", ...) or LBC_EARG. */
int	lbc_chart_type_byname(const char *name);
/* Returns the name of type t, or NULL. */
const char *lbc_chart_type_name(int t);
/*
 * Returns the format for the file name path by its extension (.png, .svg,
 * .pdf, any case) or LBC_EARG.
 */
int	lbc_chart_format_bypath(const char *path);

/*
 * Appends the gnuplot script drawing t to out.  Returns 0, LBC_ENOMEM, or
 * LBC_EARG when the table does not suit the type; then *why (if why is not
 * NULL) points to a static English sentence saying why: no rows, a pyramid
 * without exactly two columns, negative counts in a stacked bar, pie or
 * pyramid, or a pie whose counts are all 0.
 */
int	lbc_chart_script(const struct lbc_table *t,
	    const struct lbc_chart_opts *o, struct lbc_buf *out,
	    const char **why);

/*
 * Appends s as a gnuplot string expression: runs of text in single
 * quotes, each ' as "'", each @ as "\100" (so that gnuplot's macro
 * expansion never sees one) and each LF as "\n" (a line break), joined
 * with gnuplot's . operator; other control characters become spaces.  With
 * fmt non-zero, % is doubled, for tic labels, which gnuplot reads as
 * formats.  Returns 0 or LBC_ENOMEM.
 */
int	lbc_chart_quote(struct lbc_buf *out, const char *s, int fmt);

/*
 * 1 when the n bytes at p are a whole image of format fmt as gnuplot
 * writes it, 0 when it was cut short (a full disk, a size limit): a PNG
 * ends in its IEND chunk, an SVG in </svg>, a PDF in %%EOF (white space
 * after the last two allowed).
 */
int	lbc_chart_whole(const void *p, size_t n, enum lbc_chart_format fmt);
/*
 * The same for the file path, of which it reads the end.  Returns 1, 0,
 * or LBC_EIO (errno set) when it cannot be read.
 */
int	lbc_chart_whole_file(const char *path, enum lbc_chart_format fmt);

#endif

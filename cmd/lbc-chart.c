/*
 * lbc-chart: draw a table printed by lbc-tally with gnuplot.  Reads the
 * table (see table.h), writes a gnuplot script (see chart.h) and feeds it
 * to gnuplot, started without a shell; gnuplot draws into a temporary
 * file that is renamed over the output only when it succeeded.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "chart.h"
#include "cleanup.h"
#include "date.h"
#include "err.h"
#include "fields.h"
#include "outfile.h"
#include "proc.h"
#include "table.h"


#define PACKAGE	"gnuplot-nox"	/* the Debian package to install */

static const char synopsis[] =
    "usage: lbc-chart [-t type] [-o file] [-n table] [--title title] "
    "[--size WxH] [--font font] [--date date] [--top N | --split] [--script] "
    "[--allow-empty] [file]\n";

static const char options[] =
    "  -t type        bar (default), hbar, stacked, grouped, line, pie,\n"
    "                 pyramid or heatmap\n"
    "  -o file        write file.png, file.svg or file.pdf (default: PNG"
    " on stdout)\n"
    "  -n table       draw the table-th table of the input (default 1)\n"
    "  --title title  chart title (default: the table's field names)\n"
    "  --size WxH     size in pixels (default 1000x600, taller for many"
    " rows)\n"
    "  --font font    font family, or family,size (default \""
    LBC_CHART_FONT ",12\")\n"
    "  --date date    the data's date, said in the title (default: 数据日期未注明)\n"
    "  --top N        draw the N largest rows and 其他 for the rest (default:\n"
    "                 all up to 30 bars, 10 slices, 40 heatmap rows)\n"
    "  --split        above that, draw every row in several charts, -o file.png\n"
    "                 making file-1.png, file-2.png, ...\n"
    "  --script       print the gnuplot script instead of running it\n"
    "  --allow-empty  draw a table that counts no children\n"
    "  -h, --help     print this help\n"
    "  --version      print the version\n";

static void
usage(void)
{
	fputs(synopsis, stderr);
	exit(2);
}

static unsigned
number(const char *s, unsigned min, unsigned max, char **end)
{
	unsigned long v;

	errno = 0;
	if (*s < '0' || *s > '9')
		return 0;
	v = strtoul(s, end, 10);
	if (errno != 0 || v < min || v > max)
		return 0;
	return (unsigned)v;
}

static const char *
table_error(int rc)
{
	switch (rc) {
	case LBC_EFORMAT:
		return "a count is not a number";
	case LBC_EFIELDS:
		return "more cells than the header has";
	case LBC_EENCODING:
		return "not valid UTF-8";
	case LBC_EHEADER:
		return "no column to draw (only totals or percentages)";
	}
	return lbc_strerror(rc);
}

/* Fields lbc knows are shown by their Chinese titles: region -> 区划. */
static void
retitle(char **field)
{
	const char *t;
	char *s;

	if (*field == NULL || (t = lbc_field_title(*field)) == NULL)
		return;
	if ((s = strdup(t)) == NULL)
		err(1, NULL);
	free(*field);
	*field = s;
}

/* Reads the n-th table of path ("-" is stdin); exits on failure. */
static struct lbc_table *
read_table(const char *path, unsigned n)
{
	const char *name = strcmp(path, "-") == 0 ? "stdin" : path;
	struct lbc_table *t;
	unsigned long line = 0;
	unsigned k;
	FILE *fp;
	int rc;

	if (strcmp(path, "-") == 0)
		fp = stdin;
	else if ((fp = fopen(path, "r")) == NULL)
		err(1, "%s", path);
	for (k = 1; k < n; k++) {
		if ((rc = lbc_table_skip(fp, &line)) == 0)
			errx(1, "%s: no table %u: there %s %u", name, n,
			    k - 1 == 1 ? "is" : "are", k - 1);
		if (rc == LBC_EIO)
			err(1, "%s", name);
		if (rc < 0)
			errx(1, "%s: %s", name, lbc_strerror(rc));
	}
	t = lbc_table_read(fp, &line, &rc);
	if (t == NULL && rc == 0)
		errx(1, "%s: no table %u: there %s %u", name, n,
		    k - 1 == 1 ? "is" : "are", k - 1);
	if (t == NULL && rc == LBC_EIO)
		err(1, "%s", name);
	if (t == NULL)
		errx(1, "%s:%lu: %s", name, line, table_error(rc));
	if (fp != stdin)
		fclose(fp);
	retitle(&t->rowfield);
	retitle(&t->colfield);
	return t;
}

/* Removes the n temporary files of ofs (NULL ones skipped). */
static void
abort_all(struct lbc_outfile **ofs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		lbc_outfile_abort(ofs[i]);
		ofs[i] = NULL;
	}
}

/*
 * Commits the n charts of ofs, all or none: when one cannot be renamed
 * into place, the ones already committed are removed again and the rest
 * aborted; then says why and exits 1.
 */
static void
commit_all(struct lbc_outfile **ofs, size_t n, char **names,
    const char *outpath)
{
	char **done;
	size_t i, k;
	int saved;

	if ((done = calloc(n, sizeof(*done))) == NULL) {
		abort_all(ofs, n);
		err(1, NULL);
	}
	for (i = 0; i < n; i++) {
		if ((done[i] = strdup(lbc_outfile_path(ofs[i]))) == NULL) {
			abort_all(ofs, n);
			err(1, NULL);
		}
		if (cleanup_commit(ofs[i]) == 0) {
			ofs[i] = NULL;
			continue;
		}
		saved = errno;
		ofs[i] = NULL;
		for (k = 0; k < i; k++)
			(void)unlink(done[k]);
		abort_all(ofs, n);
		errno = saved;
		err(1, "%s%s", n > 1 ? names[i] : outpath, n > 1 ?
		    " (no part of the chart left)" : "");
	}
	for (i = 0; i < n; i++)
		free(done[i]);
	free(done);
}

/* FILE.EXT as FILE-k.EXT: the name of part k (from 1); NULL: no memory. */
static char *
part_name(const char *path, size_t k)
{
	const char *dot = strrchr(path, '.');	/* -o checked it has one */
	char *s;

	if (asprintf(&s, "%.*s-%zu%s", (int)(dot - path), path, k, dot) < 0)
		return NULL;
	return s;
}

static void
free_names(char **names, size_t n)
{
	size_t i;

	for (i = 0; names != NULL && i < n; i++)
		free(names[i]);
	free(names);
}

/* 1 when a row from first to first + n - 1 has a "*" cell. */
static int
hidden_in(const struct lbc_table *t, size_t first, size_t n)
{
	size_t i, j;

	for (i = first; i < first + n; i++)
		for (j = 0; j < t->ncols; j++)
			if (lbc_table_hidden(t, i, j))
				return 1;
	return 0;
}

/* Says on stderr that t was drawn in parts charts, and their names. */
static void
split_warning(const char *name, const struct lbc_table *t,
    const struct lbc_chart_opts *o, size_t parts, size_t per, char **names)
{
	warnx("%s:%lu: %zu rows, more than a %s chart shows: split into %zu "
	    "charts of up to %zu rows, %s to %s", name, t->line, t->nrows,
	    lbc_chart_type_name(o->type), parts, per, names[0],
	    names[parts - 1]);
}

/* Writes the script for t into b; on failure cleans up and exits. */
static void
make_script(struct lbc_table *t, const struct lbc_chart_opts *o,
    struct lbc_buf *b, const char *name, struct lbc_outfile **ofs, size_t n)
{
	unsigned long line = t->line;
	const char *why = NULL;
	int rc;

	if ((rc = lbc_chart_script(t, o, b, &why)) == 0)
		return;
	if (ofs != NULL)
		abort_all(ofs, n);
	lbc_table_free(t);
	lbc_buf_free(b);
	errx(1, "%s:%lu: %s", name, line,
	    rc == LBC_EARG ? why : lbc_strerror(rc));
}

/* Says why gnuplot made no chart (rc from lbc_proc_run) and exits 1. */
static void
failed(const char *gp, int rc, int status)
{
	const char *env = getenv("GNUPLOT");

	if (rc == LBC_ESPAWN && errno == ENOENT && env != NULL && *env != '\0')
		errx(1, "%s: not found (GNUPLOT names the gnuplot program; "
		    "Debian package %s)", gp, PACKAGE);
	if (rc == LBC_ESPAWN && errno == ENOENT)
		errx(1, "gnuplot not found on PATH: install it (Debian: "
		    "apt-get install %s) or set GNUPLOT", PACKAGE);
	if (rc == LBC_ESPAWN || rc == LBC_EIO)
		err(1, "%s", gp);
	if (rc != 0)
		errx(1, "%s: %s", gp, lbc_strerror(rc));
	if (status < 0)
		errx(1, "%s was killed by signal %d; no chart written", gp,
		    -status);
	if (status > 0)
		errx(1, "%s failed (exit status %d); no chart written", gp,
		    status);
	errx(1, "%s wrote no chart", gp);
}

static void
close_stdout(void)
{
	if (fflush(stdout) == EOF || ferror(stdout) || fclose(stdout) == EOF)
		cleanup_stdout_failed("stdout");
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "title", required_argument, NULL, 'T' },
		{ "size", required_argument, NULL, 'S' },
		{ "font", required_argument, NULL, 'F' },
		{ "script", no_argument, NULL, 's' },
		{ "allow-empty", no_argument, NULL, 'E' },
		{ "top", required_argument, NULL, 'N' },
		{ "split", no_argument, NULL, 'P' },
		{ "date", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct lbc_chart_opts opts;
	struct lbc_buf script = { NULL, 0, 0 }, out = { NULL, 0, 0 };
	struct lbc_buf errs = { NULL, 0, 0 };
	struct lbc_table *t;
	struct lbc_proc proc;
	struct stat st;
	const char *outpath = NULL, *path, *name, *gp;
	const char *gpargv[4];
	unsigned n = 1, top = 0;
	size_t limit, folded = 0;
	char *end, note[256], pnote[320], **names = NULL;
	struct lbc_outfile **ofs;
	size_t parts = 1, per = 0, p;
	int drawn;
	int ch, rc, wantscript = 0, fmt = LBC_CHART_PNG, whole = 1;
	int allow_empty = 0, split = 0;
	struct lbc_date day;
	char date[16];
	size_t k;

	cleanup_init();
	setlocale(LC_ALL, "");
	argv[0] = program_invocation_short_name;	/* getopt says "lbc-x: ..." */
	setlocale(LC_NUMERIC, "C");	/* gnuplot reads 1.5, never 1,5 */
	memset(&opts, 0, sizeof(opts));
	opts.type = LBC_CHART_BAR;
	while ((ch = getopt_long(argc, argv, "ht:o:n:", longopts, NULL)) != -1)
		switch (ch) {
		case 't':
			if ((rc = lbc_chart_type_byname(optarg)) < 0) {
				warnx("unknown chart type: %s", optarg);
				usage();
			}
			opts.type = (enum lbc_chart_type)rc;
			break;
		case 'o':
			if ((fmt = lbc_chart_format_bypath(optarg)) < 0) {
				warnx("%s: the name must end in .png, .svg or "
				    ".pdf", optarg);
				usage();
			}
			outpath = optarg;
			break;
		case 'n':
			if ((n = number(optarg, 1, 1000000, &end)) == 0 ||
			    *end != '\0') {
				warnx("-n wants a table number from 1: %s",
				    optarg);
				usage();
			}
			break;
		case 'T':
			opts.title = optarg;
			break;
		case 'S':
			if ((opts.width = number(optarg, 100, 20000, &end)) ==
			    0 || (*end != 'x' && *end != 'X') ||
			    (opts.height = number(end + 1, 100, 20000, &end)) ==
			    0 || *end != '\0') {
				warnx("--size wants WIDTHxHEIGHT in pixels, "
				    "100 to 20000: %s", optarg);
				usage();
			}
			break;
		case 'F':
			opts.font = optarg;
			break;
		case 's':
			wantscript = 1;
			break;
		case 'E':
			allow_empty = 1;
			break;
		case 'N':
			if ((top = number(optarg, 1, 1000000, &end)) == 0 ||
			    *end != '\0') {
				warnx("--top wants a number of rows from 1: %s",
				    optarg);
				usage();
			}
			break;
		case 'P':
			split = 1;
			break;
		case 'D':
			if (*optarg != '\0' && (rc = lbc_date_parse(optarg,
			    strlen(optarg), &day)) < 0) {
				warnx("--date wants a date, like 2026-06-30 or "
				    "2026-06: %s", optarg);
				usage();
			}
			if (*optarg == '\0')
				date[0] = '\0';
			else if (rc == 0)
				lbc_date_format(&day, date);
			else
				snprintf(date, sizeof(date), "%04d-%02d",
				    day.y, day.m);
			opts.date = date;
			break;
		case 'h':
			fputs(synopsis, stdout);
			fputs(options, stdout);
			close_stdout();
			exit(0);
		case 'V':
			fputs("lbc-chart (lbc) " LBC_VERSION "\n", stdout);
			close_stdout();
			exit(0);
		default:
			usage();
		}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		usage();
	path = argc == 1 ? argv[0] : "-";
	if (split && top > 0) {
		warnx("--split and --top: choose one");
		usage();
	}
	if (split && (opts.type == LBC_CHART_PIE || lbc_chart_limit(opts.type)
	    == 0)) {
		warnx("--split: a %s chart is drawn whole%s",
		    lbc_chart_type_name(opts.type), opts.type == LBC_CHART_PIE ?
		    " (a part of a pie has no whole to share); draw --top N, or "
		    "bars with --split" : " (its rows are months or ages)");
		usage();
	}
	if (split && outpath == NULL) {
		warnx("--split needs -o file: the charts are named file-1.png, "
		    "file-2.png, ...");
		usage();
	}
	if (!wantscript && outpath == NULL && isatty(STDOUT_FILENO))
		errx(2, "will not write an image to a terminal: use -o file");
	opts.format = (enum lbc_chart_format)fmt;

	name = strcmp(path, "-") == 0 ? "stdin" : path;
	t = read_table(path, n);
	for (k = 0; k < t->nrows * t->ncols && t->v[k] == 0; k++)
		;
	if (k == t->nrows * t->ncols && t->nhid > 0 && !allow_empty) {
		lbc_table_free(t);
		errx(1, "%s: table %u shows no count but suppressed ones (*): "
		    "nothing to draw (--allow-empty to draw it)", name, n);
	}
	if (k == t->nrows * t->ncols && !allow_empty) {
		lbc_table_free(t);
		errx(1, "%s: table %u counts no children: nothing to draw "
		    "(--allow-empty to draw it)", name, n);
	}
	if (opts.type == LBC_CHART_PIE && lbc_chart_multi(t->rowfield)) {
		unsigned long at = t->line;

		lbc_table_free(t);
		errx(1, "%s:%lu: no pie of a multi-response field: its shares "
		    "are of mentions, not of children (a child may have "
		    "several); draw bars (-t bar or hbar)", name, at);
	}
	if (opts.type == LBC_CHART_PIE && t->nhid > 0) {
		unsigned long at = t->line;

		lbc_table_free(t);
		errx(1, "%s:%lu: no pie of a table with suppressed cells (*): "
		    "its shares would be of an unknown whole; draw bars (-t bar "
		    "or hbar)", name, at);
	}
	if (opts.type == LBC_CHART_PIE && t->ncols > 1)
		warnx("%s:%lu: a pie shows the first column only", name,
		    t->line);
	limit = top > 0 ? (size_t)top + 1 : lbc_chart_limit(opts.type);
	if (split && t->nrows > limit) {
		parts = lbc_chart_parts(t->nrows, limit, &per);
		if (parts > LBC_CHART_MAXPARTS) {
			unsigned long at = t->line;
			size_t rows = t->nrows;

			lbc_table_free(t);
			errx(1, "%s:%lu: %zu rows make %zu charts, more than %d: "
			    "select fewer regions (lbc-select) or draw the "
			    "largest (--top N)", name, at, rows, parts,
			    LBC_CHART_MAXPARTS);
		}
	} else if (limit > 0 && t->nrows > limit) {
		size_t rows = t->nrows;

		if (lbc_chart_top(t, limit, &folded) != 0)
			errx(1, "%s", lbc_strerror(LBC_ENOMEM));
		snprintf(note, sizeof(note), "（人数最多的 %zu 类，其余 %zu 类合为"
		    "“其他”）", limit - 1, folded);
		if (top == 0)
			warnx("%s:%lu: %zu rows, more than a %s chart shows: "
			    "drawing the %zu largest and 其他 (%zu rows); --top N "
			    "chooses, --split draws them all", name, t->line,
			    rows, lbc_chart_type_name(opts.type), limit - 1,
			    folded);
	}
	if (parts > 1 && (names = calloc(parts, sizeof(*names))) == NULL)
		err(1, NULL);
	if ((ofs = calloc(parts, sizeof(*ofs))) == NULL)
		err(1, NULL);
	for (p = 0; p < parts; p++)
		if (parts > 1 && (names[p] = part_name(outpath, p + 1)) == NULL)
			err(1, NULL);
	for (p = 0; p < parts && parts > 1; p++)
		cleanup_refuse_same("-o", names[p], path);

	/* One script draws every part, each into its own file. */
	for (p = 0; p < parts; p++) {
		const char *file = parts > 1 ? names[p] : outpath;
		size_t first = 0, count = 0, at = 0;

		pnote[0] = '\0';
		if (parts > 1) {
			lbc_chart_part(t->nrows, parts, p, &first, &count);
			opts.first = first;
			opts.count = count;
			opts.slots = per;
			at = (size_t)snprintf(pnote, sizeof(pnote), "（第 %zu/%zu "
			    "部分：第 %zu–%zu 行，共 %zu 行）", p + 1, parts,
			    first + 1, first + count, t->nrows);
		} else if (folded > 0)
			at = (size_t)snprintf(pnote, sizeof(pnote), "%s", note);
		if (hidden_in(t, first, count > 0 ? count : t->nrows))
			/* counts under K hidden by lbc-tally --suppress: gaps */
			snprintf(pnote + at, sizeof(pnote) - at, "（含隐去的小数 "
			    "*，未画出）");
		opts.note = pnote[0] != '\0' ? pnote : NULL;
		if (p > 0 && lbc_buf_adds(&script, "reset\n") != 0)
			errx(1, "%s", lbc_strerror(LBC_ENOMEM));
		if (wantscript) {
			opts.output = file;
			make_script(t, &opts, &script, name, NULL, 0);
			continue;
		}
		if (file != NULL) {
			/* A chart shows counts, no records: it follows the umask. */
			if (parts == 1)
				cleanup_refuse_same("-o", file, path);
			if ((ofs[p] = lbc_outfile_openx(file,
			    LBC_OUTFILE_SHARED, &rc)) == NULL) {
				int saved = errno;

				abort_all(ofs, p);
				lbc_table_free(t);
				errno = saved;
				cleanup_open_failed(file, rc);
			}
			cleanup_output(ofs[p]);
			opts.output = lbc_outfile_tmpname(ofs[p]);
		}
		make_script(t, &opts, &script, name, ofs, parts);
	}
	if (wantscript) {
		fwrite(script.p, 1, script.len, stdout);
		if (parts > 1)
			split_warning(name, t, &opts, parts, per, names);
		lbc_table_free(t);
		lbc_buf_free(&script);
		free_names(names, parts);
		free(ofs);
		close_stdout();
		exit(0);
	}

	if ((gp = getenv("GNUPLOT")) == NULL || *gp == '\0')
		gp = "gnuplot";
	gpargv[0] = gp;
	gpargv[1] = "-d";		/* no init files: the same chart for all */
	gpargv[2] = "/dev/stdin";	/* as a script: stop at the first error */
	gpargv[3] = NULL;
	/*
	 * The script is UTF-8 (set encoding utf8); under cron's C locale
	 * gnuplot would warn that iconv cannot convert its degree sign.
	 */
	if (setenv("LC_ALL", "C.UTF-8", 1) != 0)
		err(1, "setenv");
	memset(&proc, 0, sizeof(proc));
	proc.argv = gpargv;
	proc.in = script.p;
	proc.inlen = script.len;
	proc.out = outpath == NULL ? &out : NULL;
	proc.err = &errs;
	proc.pid = &cleanup_pid;
	rc = lbc_proc_run(&proc);

	for (p = 0, drawn = 1; p < parts && outpath != NULL; p++)
		if (stat(lbc_outfile_tmpname(ofs[p]), &st) != 0 ||
		    st.st_size == 0)
			drawn = 0;
	if (rc != 0 || proc.status != 0 || !drawn ||
	    (outpath == NULL && out.len == 0)) {
		int saved = errno;

		abort_all(ofs, parts);
		if (errs.len > 0)
			fwrite(errs.p, 1, errs.len, stderr);
		lbc_table_free(t);
		lbc_buf_free(&script);
		lbc_buf_free(&out);
		lbc_buf_free(&errs);
		errno = saved;
		failed(gp, rc, proc.status);
	}
	if (errs.len > 0)
		fwrite(errs.p, 1, errs.len, stderr);
	/*
	 * gnuplot may exit 0 after a failed write (a full disk, ulimit -f):
	 * a chart that does not end as its format ends is not committed.
	 */
	for (p = 0; p < parts && whole == 1; p++) {
		if (outpath == NULL)
			whole = lbc_chart_whole(out.p, out.len, opts.format);
		else if (stat(lbc_outfile_tmpname(ofs[p]), &st) == 0 &&
		    S_ISREG(st.st_mode))
			whole = lbc_chart_whole_file(lbc_outfile_tmpname(ofs[p]),
			    opts.format);
	}
	if (whole != 1) {
		int saved = errno;

		abort_all(ofs, parts);
		lbc_table_free(t);
		lbc_buf_free(&script);
		lbc_buf_free(&out);
		lbc_buf_free(&errs);
		errno = saved;
		if (whole < 0)
			err(1, "%s", parts > 1 ? names[p - 1] : outpath);
		errx(1, "%s wrote an incomplete chart (is the disk full?); "
		    "no chart written", gp);
	}
	if (outpath != NULL)
		commit_all(ofs, parts, names, outpath);
	else
		fwrite(out.p, 1, out.len, stdout);
	close_stdout();
	if (parts > 1)
		split_warning(name, t, &opts, parts, per, names);
	lbc_table_free(t);
	lbc_buf_free(&script);
	lbc_buf_free(&out);
	lbc_buf_free(&errs);
	free_names(names, parts);
	free(ofs);
	exit(0);
}

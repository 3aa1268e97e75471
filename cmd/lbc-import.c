/*
 * lbc-import: survey spreadsheets (CSV/TSV in the encodings offices use,
 * .xlsx and .xls workbooks) in, one LBC record stream out.  See
 * lbc-import(1) and lbc(5).
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "codebook.h"
#include "date.h"
#include "err.h"
#include "fold.h"
#include "import.h"
#include "outfile.h"
#include "rec.h"
#include "regions.h"
#include "regtable.h"
#include "sheet.h"

/* A CSV file, or one sheet of a workbook. */
struct unit {
	struct lbc_import_file	*f;
	char			*name;		/* for messages: path[sheet] */
};

struct input {
	const char		*path;		/* as named, "-" for stdin */
	char			*data;
	size_t			 len;
	int			 mapped;
	struct lbc_book		*book;
	struct unit		*u;
	size_t			 nu;
};

static int quiet, verbose;
static const char **sheets;	/* --sheet */
static size_t nsheets;

static void __attribute__((noreturn))
usage(void)
{
	fputs(_("usage: lbc-import [-qv] [-c codebook] [-m mapping] "
	    "[-R rejects] [-r regions]\n"
	    "                  [--as-of date] [--delimiter c] [--encoding enc] "
	    "[--max-age n]\n"
	    "                  [--no-builtin-regions] [--sheet name|n] "
	    "[file ...]\n"), stderr);
	exit(2);
}

static void
help(void)
{
	fputs(_("usage: lbc-import [-qv] [-c codebook] [-m mapping] [-R rejects] "
	    "[-r regions]\n"
	    "                  [--as-of date] [--delimiter c] [--encoding enc] "
	    "[--max-age n]\n"
	    "                  [--no-builtin-regions] [--sheet name|n] "
	    "[file ...]\n"
	    "Read survey files (CSV or TSV; UTF-8, UTF-16 with BOM or GB18030;"
	    " .xlsx and .xls\nworkbooks) and write one LBC record per child "
	    "report to standard output.\n\n"
	    "  -c file         codebook extending the built-in one\n"
	    "  -m file         more header names (header<TAB>field)\n"
	    "  -R file         write rejected rows with reasons to file\n"
	    "  -r file         regions table (code name), over the built-in one\n"
	    "  -q              no per-row messages and no accounting line\n"
	    "  -v              tell each file's encoding, separator, header line,"
	    " title rows\n                  and the sheets skipped\n"
	    "  --as-of date    age date for rows without a survey date (default today)\n"
	    "  --delimiter c   comma, tab or semicolon (default: detect)\n"
	    "  --encoding enc  utf-8, utf-16le, utf-16be or gb18030 (default: detect)\n"
	    "  --max-age n     reject children aged n or more (1-150, default 16)\n"
	    "  --no-builtin-regions  only -r's places, not the built-in table\n"
	    "  --sheet name|n  read this sheet of each workbook (repeatable; "
	    "default: every\n                  sheet with a header)\n"
	    "  --codebook      print the built-in codebook and header names\n"
	    "  -h, --help      this help;  --version  the version\n"), stdout);
}

/*
 * --codebook: the built-in codebook and header names, each as the file -c
 * or -m reads (a header row, then rows), with a comment line before each.
 */
static void
print_codebook(void)
{
	const char *h, *field;
	size_t i;

	fputs(_("# The built-in codebook: a file of such rows (-c) extends it.\n"),
	    stdout);
	fputs("field\tcode\tlabel\taliases\n", stdout);
	fputs(lbc_codebook_builtin(), stdout);
	fputs("\n", stdout);
	fputs(_("# The built-in header names (- drops the column): a file of such "
	    "rows (-m) adds names.\n"), stdout);
	fputs("header\tfield\n", stdout);
	for (i = 0; (h = lbc_import_header_name(i, &field)) != NULL; i++)
		printf("%s\t%s\n", h, field);
}

/* Reads a whole input: regular files are mapped, anything else read. */
static int
slurp(struct input *in)
{
	struct stat sb;
	size_t cap = 0;
	ssize_t got;
	int fd;

	if (strcmp(in->path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(in->path, O_RDONLY)) == -1)
		return -1;
	if (fstat(fd, &sb) == -1)
		goto fail;
	if (S_ISDIR(sb.st_mode)) {
		errno = EISDIR;
		goto fail;
	}
	if (S_ISREG(sb.st_mode) && sb.st_size > 0) {
		in->len = (size_t)sb.st_size;
		in->data = mmap(NULL, in->len, PROT_READ, MAP_PRIVATE, fd, 0);
		if (in->data == MAP_FAILED)
			goto fail;
		(void)madvise(in->data, in->len, MADV_SEQUENTIAL);
		in->mapped = 1;
	} else {
		for (;;) {
			if (cap - in->len < 65536) {
				char *p;

				cap = cap ? cap * 2 : 1 << 20;
				if ((p = realloc(in->data, cap)) == NULL)
					goto fail;
				in->data = p;
			}
			got = read(fd, in->data + in->len, cap - in->len);
			if (got == -1 && errno == EINTR)
				continue;
			if (got == -1)
				goto fail;
			if (got == 0)
				break;
			in->len += (size_t)got;
		}
	}
	if (fd != STDIN_FILENO)
		close(fd);
	return 0;
fail:
	if (fd != STDIN_FILENO) {
		int saved = errno;

		close(fd);
		errno = saved;
	}
	return -1;
}

static void
release(struct input *in)
{
	size_t k;

	for (k = 0; k < in->nu; k++) {
		lbc_import_file_free(in->u[k].f);
		free(in->u[k].name);
	}
	free(in->u);
	in->u = NULL;
	in->nu = 0;
	lbc_book_free(in->book);
	in->book = NULL;
	if (in->mapped)
		munmap(in->data, in->len);
	else
		free(in->data);
	in->data = NULL;
	in->mapped = 0;
}

static struct unit *
add_unit(struct input *in)
{
	struct unit *u = reallocarray(in->u, in->nu + 1, sizeof(*u));

	if (u == NULL)
		err(1, NULL);
	in->u = u;
	u = &in->u[in->nu++];
	memset(u, 0, sizeof(*u));
	return u;
}

/* Tells, under -v, how a file or sheet was read; warns of a useless header. */
static void
tell(const struct unit *u, int text)
{
	const struct lbc_import_file *f = u->f;
	unsigned long hl = lbc_import_file_header_line(f);
	unsigned long hr = lbc_import_file_header_rows(f);
	char delim = lbc_import_file_delimiter(f);

	if (verbose) {
		if (text)
			warnx("%s: %s, %s-separated", u->name,
			    lbc_encoding_name(lbc_import_file_encoding(f)),
			    delim == '\t' ? _("TAB") : delim == ';' ?
			    _("semicolon") : _("comma"));
		if (hr > 1)
			warnx("%s: header in lines %lu-%lu", u->name, hl - 1, hl);
		else
			warnx("%s: header at line %lu", u->name, hl);
		if (lbc_import_file_title_rows(f) > 0)
			warnx("%s: %lu title row%s skipped: %s", u->name,
			    lbc_import_file_title_rows(f),
			    lbc_import_file_title_rows(f) > 1 ? "s" : "",
			    lbc_import_file_title(f));
	}
	if (!lbc_import_file_has_identity(f))
		warnx("%s: no name or ID column: every row will be "
		    "rejected", u->name);
	else if (!lbc_import_file_has_region(f))
		warnx("%s: no region code or name column: every row will "
		    "be rejected", u->name);
}

/* Opens a CSV/TSV input.  Returns 0 or 1 (told). */
static int
open_text(struct lbc_import *imp, struct input *in, const char *base)
{
	struct unit *u;
	unsigned long line;
	int e;

	u = add_unit(in);
	if ((u->name = strdup(in->path)) == NULL)
		err(1, NULL);
	if (in->mapped)
		cleanup_mapped(in->path, in->data, in->len);
	u->f = in->mapped ? lbc_import_file_open_mapped(imp, in->data, in->len,
	    base, &e, &line) : lbc_import_file_open(imp, in->data, in->len,
	    base, &e, &line);
	cleanup_mapped(NULL, NULL, 0);
	if (u->f == NULL) {
		if (e == LBC_EHEADER)
			warnx("%s: no header row", in->path);
		else
			warnx("%s:%lu: %s", in->path, line, lbc_strerror(e));
		return 1;
	}
	if (in->mapped)
		lbc_import_file_mapped(u->f);
	tell(u, 1);
	return 0;
}

/* 1 when --sheet picks sheet i (0-based) named name, or there is no --sheet. */
static int
sheet_wanted(size_t i, const char *name)
{
	size_t k;
	char *end;
	unsigned long n;

	if (nsheets == 0)
		return 1;
	for (k = 0; k < nsheets; k++) {
		if (strcmp(sheets[k], name) == 0)
			return 1;
		n = strtoul(sheets[k], &end, 10);
		if (*end == '\0' && end != sheets[k] && n == i + 1)
			return 1;
	}
	return 0;
}

/* Opens every sheet of a workbook that --sheet picks and has a header. */
static int
open_book(struct lbc_import *imp, struct input *in, const char *base)
{
	enum lbc_book_problem why;
	struct lbc_sheet *sh;
	struct unit *u;
	unsigned long line;
	size_t i, n, picked = 0, read = 0;
	const char *name;
	char *src;
	int e, rval = 0;

	/*
	 * A regular file (standard input too, when it is one) is read by the
	 * book itself; a pipe from memory.
	 */
	in->book = lbc_book_open(in->data, in->len, !in->mapped ? NULL :
	    strcmp(in->path, "-") == 0 ? "/dev/stdin" : in->path, &e, &why);
	if (in->book == NULL) {
		if (e == LBC_EFORMAT)
			warnx("%s: %s", in->path, _(lbc_book_problem_text(why)));
		else
			warnx("%s: %s", in->path, lbc_strerror(e));
		return 1;
	}
	lbc_book_one_parser(in->book, getenv("LBC_IMPORT_ONE_PARSER") != NULL);
	/* The book reads a named file itself: the mapping is not needed. */
	if (in->mapped) {
		munmap(in->data, in->len);
		in->data = NULL;
		in->mapped = 0;
	}
	n = lbc_book_nsheets(in->book);
	for (i = 0; i < n; i++) {
		name = lbc_book_sheet_name(in->book, i);
		if (!sheet_wanted(i, name))
			continue;
		picked++;
		if (asprintf(&src, "%s[%s]", base, name) == -1)
			err(1, NULL);
		u = add_unit(in);
		if (asprintf(&u->name, "%s[%s]", in->path, name) == -1)
			err(1, NULL);
		if ((sh = lbc_sheet_open(in->book, i, &e, &why)) == NULL ||
		    (u->f = lbc_import_sheet_open(imp, sh, src, &e,
		    &line)) == NULL) {
			if (e == LBC_EHEADER && nsheets == 0) {
				if (verbose)
					warnx("%s: no recognisable header: sheet "
					    "skipped", u->name);
			} else if (e == LBC_EHEADER) {
				warnx("%s: no recognisable header", u->name);
				rval = 1;
			} else {
				warnx("%s: %s", u->name, e == LBC_EFORMAT ?
				    _(lbc_book_problem_text(LBC_BOOK_CORRUPT)) :
				    lbc_strerror(e));
				rval = 1;
			}
			free(src);
			continue;
		}
		free(src);
		read++;
		tell(u, 0);
	}
	if (picked == 0 && nsheets > 0) {
		warnx("%s: no sheet named by --sheet", in->path);
		return 1;
	}
	if (read == 0 && rval == 0) {
		warnx("%s: no sheet with a header row", in->path);
		return 1;
	}
	return rval;
}

static void
on_reject(void *ctx, const char *src, unsigned long line,
    enum lbc_reject why, const char *msg)
{
	(void)ctx;
	if (!quiet)
		warnx("%s:%lu: rejected (%s): %s", src, line,
		    lbc_reject_name(why), msg);
}

static FILE *
open_or_die(const char *path)
{
	FILE *fp = fopen(path, "r");

	if (fp == NULL)
		err(1, "%s", path);
	return fp;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "as-of", required_argument, NULL, 'A' },
		{ "delimiter", required_argument, NULL, 'D' },
		{ "encoding", required_argument, NULL, 'E' },
		{ "max-age", required_argument, NULL, 'M' },
		{ "no-builtin-regions", no_argument, NULL, 'B' },
		{ "sheet", required_argument, NULL, 'S' },
		{ "codebook", no_argument, NULL, 'K' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct lbc_import_opts o;
	const char *codebook = NULL, *mapping = NULL, *rejects = NULL;
	const char *regions = NULL, *stdin_name[] = { "-" };
	const char *const *files;
	struct lbc_regions *rt = NULL;
	struct lbc_codebook *cb;
	struct lbc_import *imp;
	struct lbc_outfile *rejf = NULL;
	struct lbc_writer *out, *rej = NULL;
	struct lbc_fold *fold;
	struct input *in;
	const struct lbc_import_stats *st;
	unsigned long line;
	int ch, e, i, nfiles, rval = 0, rc, builtin = 1;
	char *end;
	long v;
	FILE *fp;

	cleanup_init();
	i18n_init();
	argv[0] = program_invocation_short_name;	/* getopt says "lbc-x: ..." */
	memset(&o, 0, sizeof(o));
	lbc_date_today(&o.as_of);
	o.max_age = 16;
	/* for tests only: the old reading, every line through libcsv */
	o.libcsv_only = getenv("LBC_IMPORT_LIBCSV_ONLY") != NULL;
	o.tr = lbc_tr;		/* reject reasons in the reader's language */
	while ((ch = getopt_long(argc, argv, "c:hm:qR:r:v", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c': codebook = optarg; break;
		case 'm': mapping = optarg; break;
		case 'q': quiet = 1; break;
		case 'R': rejects = optarg; break;
		case 'r': regions = optarg; break;
		case 'v': verbose = 1; break;
		case 'B': builtin = 0; break;
		case 'A':
			if (lbc_date_parse(optarg, strlen(optarg), &o.as_of) != 0) {
				warnx("--as-of: not a date: %s", optarg);
				usage();
			}
			break;
		case 'D':
			if (strcmp(optarg, "comma") == 0 || strcmp(optarg, ",") == 0)
				o.delimiter = ',';
			else if (strcmp(optarg, "tab") == 0 ||
			    strcmp(optarg, "\t") == 0)
				o.delimiter = '\t';
			else if (strcmp(optarg, "semicolon") == 0 ||
			    strcmp(optarg, ";") == 0)
				o.delimiter = ';';
			else {
				warnx("--delimiter: comma, tab or semicolon");
				usage();
			}
			break;
		case 'E':
			if ((o.encoding = lbc_encoding_byname(optarg)) ==
			    LBC_ENC_AUTO) {
				warnx("--encoding: unknown encoding: %s", optarg);
				usage();
			}
			break;
		case 'M':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || *end || v < 1 || v > 150) {
				warnx("--max-age %s: give a whole number of "
				    "years from 1 to 150", optarg);
				usage();
			}
			o.max_age = (int)v;
			break;
		case 'S':
			sheets = reallocarray(sheets, nsheets + 1,
			    sizeof(*sheets));
			if (sheets == NULL)
				err(1, NULL);
			sheets[nsheets++] = optarg;
			break;
		case 'h':
			help();
			return fclose(stdout) == 0 ? 0 : 1;
		case 'K':
			print_codebook();
			return fclose(stdout) == 0 ? 0 : 1;
		case 'V':
			printf("lbc-import (lbc) %s\nbuilt-in regions table: %s\n",
			    LBC_VERSION, lbc_regions_builtin_label());
			return fclose(stdout) == 0 ? 0 : 1;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (rejects != NULL && strcmp(rejects, "-") == 0) {
		warnx("-R: rejects cannot go to standard output");
		usage();
	}
	files = argc > 0 ? (const char *const *)argv : stdin_name;
	nfiles = argc > 0 ? argc : 1;
	if (rejects != NULL) {
		for (i = 0; i < nfiles; i++)
			cleanup_refuse_same("-R", rejects, files[i]);
		cleanup_refuse_same("-R", rejects, codebook);
		cleanup_refuse_same("-R", rejects, mapping);
		cleanup_refuse_same("-R", rejects, regions);
	}

	if ((fold = lbc_fold_new(&e)) == NULL ||
	    (cb = lbc_codebook_new(fold, &e)) == NULL)
		errx(1, "%s", lbc_strerror(e));
	if (codebook != NULL) {
		fp = open_or_die(codebook);
		if ((rc = lbc_codebook_load(cb, fp, &line)) != 0)
			errx(1, "%s:%lu: %s", codebook, line, lbc_strerror(rc));
		fclose(fp);
	}
	fp = regions != NULL ? open_or_die(regions) : NULL;
	rt = open_regions(fold, regions, fp, builtin);
	if (fp != NULL)
		fclose(fp);
	if ((imp = lbc_import_new(&o, fold, cb, rt, &e)) == NULL)
		errx(1, "%s", lbc_strerror(e));
	if (mapping != NULL) {
		fp = open_or_die(mapping);
		if ((rc = lbc_import_map_load(imp, fp, &line)) != 0)
			errx(1, "%s:%lu: %s", mapping, line, rc == LBC_EFORMAT ?
			    "expected header<TAB>field with a known field" :
			    lbc_strerror(rc));
		fclose(fp);
	}

	/* Open every input first: the output header needs all their columns. */
	if ((in = calloc((size_t)nfiles, sizeof(*in))) == NULL)
		err(1, NULL);
	for (i = 0; i < nfiles; i++) {
		const char *base;

		in[i].path = files[i];
		if (slurp(&in[i]) == -1) {
			warn("%s", in[i].path);
			rval = 1;
			continue;
		}
		base = strrchr(in[i].path, '/');
		base = base ? base + 1 : in[i].path;
		if (lbc_file_kind(in[i].data, in[i].len) == LBC_FILE_TEXT)
			rval |= open_text(imp, &in[i], base);
		else
			rval |= open_book(imp, &in[i], base);
	}

	if ((out = lbc_writer_new(stdout)) == NULL)
		err(1, NULL);
	if (rejects != NULL) {
		if ((rejf = lbc_outfile_open(rejects, &e)) == NULL)
			cleanup_open_failed(rejects, e);
		cleanup_output(rejf);
		if ((rej = lbc_writer_new(lbc_outfile_fp(rejf))) == NULL)
			err(1, NULL);
		lbc_import_write_reject_header(rej);
	}
	lbc_import_write_header(imp, out);
	for (i = 0; i < nfiles; i++) {
		unsigned long xids = 0;
		size_t k;

		for (k = 0; k < in[i].nu; k++) {
			struct unit *u = &in[i].u[k];

			if (u->f == NULL)
				continue;
			/* a CSV input stays mapped; a workbook is not */
			if (in[i].mapped)
				cleanup_mapped(in[i].path, in[i].data,
				    in[i].len);
			rc = lbc_import_file_run(imp, u->f, out, rej,
			    rejects == NULL ? on_reject : NULL, NULL);
			cleanup_mapped(NULL, NULL, 0);
			if (rc != 0) {
				warnx("%s: %s", u->name, rc == LBC_EFORMAT ?
				    _(lbc_book_problem_text(LBC_BOOK_CORRUPT)) :
				    lbc_strerror(rc));
				rval = 1;
			} else if (lbc_import_file_unclosed(u->f) > 0)
				warnx("%s:%lu: a quoted field is not closed: the "
				    "rest of the file went into it", u->name,
				    lbc_import_file_unclosed(u->f));
			xids += lbc_import_file_excel_ids(u->f);
			lbc_import_file_free(u->f);
			u->f = NULL;
		}
		if (xids > 0)
			warnx("%s: %lu ID number%s stored as number%s, which "
			    "keep 15 digits: kept in id_raw, flagged "
			    "id_excel_number (format the column as text)",
			    in[i].path, xids, xids > 1 ? "s" : "",
			    xids > 1 ? "s" : "");
		release(&in[i]);
		if (lbc_writer_flush(out) != 0)
			break;
	}
	if (lbc_writer_free(out) != 0 || fclose(stdout) != 0) {
		if (errno != EPIPE)	/* a reader that stopped needs no message */
			warn("standard output");
		lbc_writer_free(rej);
		lbc_outfile_abort(rejf);
		rval = 1;
		goto done;
	}
	if (rej != NULL) {
		if (lbc_writer_free(rej) != 0) {
			warn("%s", rejects);
			lbc_outfile_abort(rejf);
			rval = 1;
			goto done;
		}
		if (cleanup_commit(rejf) != 0) {
			warn("%s", rejects);
			rval = 1;
			goto done;
		}
	}
	st = lbc_import_stats(imp);
	if (st->written == 0)	/* even with -q: an empty month is news */
		warnx("no file gave a record");
	if (!quiet) {
		if (st->rejected > 0) {
			/* in English "N code", the reason codes of -R */
			static const char *const count[LBC_REJ_COUNT] = {
				N_("%lu encoding"), N_("%lu row"),
				N_("%lu identity"), N_("%lu birth"),
				N_("%lu age"), N_("%lu region")
			};
			char buf[512];
			size_t k, len = 0;

			buf[0] = '\0';
			for (k = 0; k < LBC_REJ_COUNT && len < sizeof(buf); k++)
				if (st->reason[k] > 0) {
					if (len > 0)
						len += (size_t)snprintf(buf + len,
						    sizeof(buf) - len, "%s",
						    _(", "));
					if (len < sizeof(buf))
						len += (size_t)snprintf(buf +
						    len, sizeof(buf) - len,
						    _(count[k]), st->reason[k]);
				}
			warnx("rejected: %s", buf);
		}
		warnx("%lu rows read = %lu written + %lu rejected + %lu skipped",
		    st->read, st->written, st->rejected, st->skipped);
	}
done:
	for (i = 0; i < nfiles; i++)
		release(&in[i]);
	free(in);
	free(sheets);
	lbc_import_free(imp);
	lbc_regions_free(rt);
	lbc_codebook_free(cb);
	lbc_fold_free(fold);
	return rval;
}

/*
 * lbc-list: a list of children for people (see list.h): region names,
 * labels, ages, sorted by region and name; TSV, or a print-ready workbook
 * with a sheet per place.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cleanup.h"
#include "codebook.h"
#include "date.h"
#include "err.h"
#include "fold.h"
#include "inputs.h"
#include "list.h"
#include "listbook.h"
#include "outfile.h"
#include "rec.h"
#include "regions.h"
#include "tally.h"

#define SYNOPSIS N_("usage: lbc-list [-r regions] [-c codebook] [-f fields] " \
	"[--by level] [--mask-id] [--as-of date] [--title text] " \
	"[--no-builtin-regions] [-o file] [file]\n")

enum { OPT_BY = 256, OPT_MASK, OPT_ASOF, OPT_TITLE, OPT_VERSION,
	OPT_NOBUILTIN };

static const struct option longopts[] = {
	{ "by",		required_argument,	NULL,	OPT_BY },
	{ "mask-id",	no_argument,		NULL,	OPT_MASK },
	{ "as-of",	required_argument,	NULL,	OPT_ASOF },
	{ "title",	required_argument,	NULL,	OPT_TITLE },
	{ "no-builtin-regions", no_argument,	NULL,	OPT_NOBUILTIN },
	{ "help",	no_argument,		NULL,	'h' },
	{ "version",	no_argument,		NULL,	OPT_VERSION },
	{ NULL,		0,			NULL,	0 }
};

static void __attribute__((noreturn))
usage(void)
{
	fputs(_(SYNOPSIS), stderr);
	exit(2);
}

static void __attribute__((noreturn))
help(void)
{
	fputs(_(SYNOPSIS), stdout);
	fputs(_("  -r regions      regions table (code name) over the built-in one\n"
	    "  -c codebook     codebook file extending the built-in one\n"
	    "  -f fields       the columns, in order (姓名,性别,年龄,村,风险等级,"
	    "...)\n"
	    "  --by level      a sheet per county, township or village (-o)\n"
	    "  --mask-id       ID numbers as 5201**********0013\n"
	    "  --as-of date    age and title date for records without a survey"
	    " date (today)\n"
	    "  --title text    the list's subject in sheet titles (走访名单)\n"
	    "  --no-builtin-regions  place names from -r only\n"
	    "  -o file         write to file, mode 0600: a print-ready"
	    " workbook when it\n"
	    "                  ends in .xlsx, else TSV\n"
	    "  -h, --help      show this help\n"
	    "  --version       show the version\n"), stdout);
	if (fflush(stdout) != 0 || ferror(stdout))
		exit(1);
	exit(0);
}

/* Reads every record of path into l; any bad line ends the command. */
static void
read_list(struct lbc_list *l, const char *path)
{
	struct lbc_reader *rd;
	unsigned long line;
	FILE *fp, *raw;
	int e = 0, rc, saved;

	fp = input_open(path, NULL, &raw);
	if ((rd = lbc_reader_new(fp, path, &e)) == NULL) {
		if (e == LBC_EIO)
			err(1, "%s", path);
		errx(1, "%s: %s", path, lbc_strerror(e));
	}
	if ((rc = lbc_list_start(l, rd)) != 0) {
		lbc_reader_free(rd);
		if (rc != LBC_EARG)
			errx(1, "%s", lbc_strerror(rc));
		warnx("%s: -f: %s", path, lbc_list_message(l));
		usage();
	}
	while ((rc = lbc_reader_next(rd)) == 1)
		if ((e = lbc_list_add(l, rd)) != 0)
			break;
	saved = errno;
	line = lbc_reader_lineno(rd);
	lbc_reader_free(rd);
	input_close(fp, raw);
	errno = saved;
	if (e != 0)
		errx(1, "%s", lbc_strerror(e));
	input_stream_check(path, rc, line);
	if ((rc = lbc_list_finish(l)) != 0)
		errx(1, "%s", lbc_strerror(rc));
}

/* 1 when path names a workbook (ends in .xlsx, any case). */
static int
is_book(const char *path)
{
	size_t n = strlen(path);

	return n >= 5 && strcasecmp(path + n - 5, ".xlsx") == 0;
}

/* Writes the list to opath (a workbook or TSV), created mode 0600. */
static void
write_out(const struct lbc_list *l, const char *opath, int by,
    const char *title, const char *date)
{
	struct lbc_outfile *of;
	struct lbc_writer *w;
	int e = 0, rc;

	/* record-level personal data: lbc_outfile_open() makes it 0600 */
	if ((of = lbc_outfile_open(opath, &e)) == NULL)
		cleanup_open_failed(opath, e);
	cleanup_output(of);
	if (is_book(opath))
		rc = lbc_listbook_write(lbc_outfile_tmpname(of), l, by, title,
		    date);
	else if ((w = lbc_writer_new(lbc_outfile_fp(of))) == NULL)
		rc = LBC_ENOMEM;
	else if ((rc = lbc_list_write_tsv(l, w)) == 0)
		rc = lbc_writer_free(w);
	else
		lbc_writer_free(w);
	cleanup_finish(of, rc, opath);
}

int
main(int argc, char *argv[])
{
	const char *path = "-", *rpath = NULL, *cpath = NULL, *asof = NULL;
	const char *fields = NULL, *opath = NULL, *by_arg = NULL;
	const char *title = "走访名单";
	struct lbc_list_conf conf;
	struct lbc_regions *regions;
	struct lbc_writer *w;
	struct lbc_list *l;
	struct lbc_fold *fold;
	int ch, e = 0, rc, by = 0, builtin = 1;
	char date[11];

	cleanup_init();
	i18n_init();
	argv[0] = program_invocation_short_name;
	memset(&conf, 0, sizeof(conf));
	while ((ch = getopt_long(argc, argv, "c:f:ho:r:", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'c':
			cpath = optarg;
			break;
		case 'f':
			fields = optarg;
			break;
		case 'h':
			help();
		case 'o':
			opath = optarg;
			break;
		case 'r':
			rpath = optarg;
			break;
		case OPT_BY:
			by_arg = optarg;
			break;
		case OPT_MASK:
			conf.mask_id = 1;
			break;
		case OPT_ASOF:
			asof = optarg;
			break;
		case OPT_TITLE:
			title = optarg;
			break;
		case OPT_NOBUILTIN:
			builtin = 0;
			break;
		case OPT_VERSION:
			fputs("lbc-list (lbc) " LBC_VERSION "\n", stdout);
			return fflush(stdout) != 0 || ferror(stdout) ? 1 : 0;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		usage();
	if (argc == 1)
		path = argv[0];
	if (by_arg != NULL && ((by = lbc_tally_level(by_arg)) < 6)) {
		warnx("--by %s: give county, township or village", by_arg);
		usage();
	}
	if (by_arg != NULL && (opath == NULL || !is_book(opath))) {
		warnx("--by makes sheets: give -o file.xlsx");
		usage();
	}
	if (asof != NULL) {
		if (lbc_date_parse(asof, strlen(asof), &conf.as_of) != 0) {
			warnx("--as-of %s: give a date, like 2024-06-30", asof);
			usage();
		}
	} else
		lbc_date_today(&conf.as_of);
	lbc_date_format(&conf.as_of, date);

	if ((fold = lbc_fold_new(&e)) == NULL)
		errx(1, "%s", lbc_strerror(e));
	conf.fold = fold;
	conf.tr = lbc_tr;		/* messages in the reader's language */
	conf.cb = input_codebook(fold, cpath, NULL);
	conf.regions = regions = input_regions(fold, rpath, NULL, builtin);
	if ((l = lbc_list_new(&conf)) == NULL)
		errx(1, "%s", lbc_strerror(LBC_ENOMEM));
	if ((rc = lbc_list_columns(l, fields)) != 0) {
		if (rc != LBC_EARG)
			errx(1, "%s", lbc_strerror(rc));
		warnx("-f %s", lbc_list_message(l));
		usage();
	}
	if (opath != NULL) {
		cleanup_refuse_same("-o", opath, path);
		cleanup_refuse_same("-o", opath, rpath);
		cleanup_refuse_same("-o", opath, cpath);
	}
	read_list(l, path);
	if (opath != NULL)
		write_out(l, opath, by, title, date);
	else {
		if ((w = lbc_writer_new(stdout)) == NULL)
			err(1, NULL);
		if ((rc = lbc_list_write_tsv(l, w)) != 0)
			errx(1, "%s", lbc_strerror(rc));
		if (lbc_writer_free(w) != 0)
			cleanup_stdout_failed("stdout");
	}
	lbc_list_free(l);
	lbc_regions_free(regions);
	lbc_codebook_free(conf.cb);
	lbc_fold_free(fold);
	if (fclose(stdout) != 0)
		err(1, "stdout");
	return 0;
}

/*
 * lbc-select: the records that meet every condition (see select.h), the
 * header and every column unchanged.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "codebook.h"
#include "date.h"
#include "err.h"
#include "fold.h"
#include "inputs.h"
#include "rec.h"
#include "regions.h"
#include "select.h"

#define SYNOPSIS N_("usage: lbc-select [-w condition]... [-r regions] " \
	"[-c codebook] [--as-of date] [--no-builtin-regions] [file]\n")

enum { OPT_ASOF = 256, OPT_VERSION, OPT_NOBUILTIN };

static const struct option longopts[] = {
	{ "as-of",	required_argument,	NULL,	OPT_ASOF },
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
	fputs(_("  -w condition    FIELD OP VALUE, OP = != < <= > >= ~ (holds),"
	    " # before OP\n"
	    "                  counts values, a|b any of them; repeatable,"
	    " all must hold\n"
	    "                  region=清水县  risk=高风险  problems~安全失保"
	    "  age>=14\n"
	    "  -r regions      regions table (code name) over the built-in one\n"
	    "  -c codebook     codebook file extending the built-in one\n"
	    "  --as-of date    age reference for records without a survey"
	    " date (today)\n"
	    "  --no-builtin-regions  place names from -r only\n"
	    "  -h, --help      show this help\n"
	    "  --version       show the version\n"), stdout);
	if (fflush(stdout) != 0 || ferror(stdout))
		exit(1);
	exit(0);
}

int
main(int argc, char *argv[])
{
	const char *path = "-", *rpath = NULL, *cpath = NULL, *asof = NULL;
	struct lbc_select_conf conf;
	struct lbc_select *s;
	struct lbc_reader *rd;
	struct lbc_writer *w;
	struct lbc_fold *fold;
	struct lbc_regions *regions;
	const char **conds = NULL;
	size_t nconds = 0, i, nf;
	int ch, e = 0, rc, saved, builtin = 1;
	unsigned long line;
	FILE *fp, *raw;

	cleanup_init();
	i18n_init();
	argv[0] = program_invocation_short_name;
	while ((ch = getopt_long(argc, argv, "c:hr:w:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			cpath = optarg;
			break;
		case 'h':
			help();
		case 'r':
			rpath = optarg;
			break;
		case 'w':
			if ((conds = reallocarray(conds, nconds + 1,
			    sizeof(*conds))) == NULL)
				err(1, NULL);
			conds[nconds++] = optarg;
			break;
		case OPT_ASOF:
			asof = optarg;
			break;
		case OPT_NOBUILTIN:
			builtin = 0;
			break;
		case OPT_VERSION:
			fputs("lbc-select (lbc) " LBC_VERSION "\n", stdout);
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

	memset(&conf, 0, sizeof(conf));
	if (asof != NULL) {
		if (lbc_date_parse(asof, strlen(asof), &conf.as_of) != 0) {
			warnx("--as-of %s: give a date, like 2024-06-30", asof);
			usage();
		}
	} else
		lbc_date_today(&conf.as_of);
	if ((fold = lbc_fold_new(&e)) == NULL)
		errx(1, "%s", lbc_strerror(e));
	conf.fold = fold;
	conf.cb = input_codebook(fold, cpath, NULL);
	conf.regions = regions = input_regions(fold, rpath, NULL, builtin);
	s = input_select(&conf, conds, nconds, SYNOPSIS);

	fp = input_open(path, NULL, &raw);
	if ((rd = lbc_reader_new(fp, path, &e)) == NULL) {
		if (e == LBC_EIO)
			err(1, "%s", path);
		errx(1, "%s: %s", path, lbc_strerror(e));
	}
	input_select_start(s, rd, path, SYNOPSIS);
	if ((w = lbc_writer_new(stdout)) == NULL)
		err(1, NULL);
	nf = lbc_reader_nfields(rd);
	for (i = 0; i < nf; i++)
		lbc_writer_puts(w, lbc_reader_fieldname(rd, i));
	lbc_writer_end(w);
	while ((rc = lbc_reader_next(rd)) == 1) {
		if (!lbc_select_match(s, rd))
			continue;
		for (i = 0; i < nf; i++) {
			size_t n;
			const char *v = lbc_reader_get(rd, i, &n);

			lbc_writer_put(w, v, n);
		}
		lbc_writer_end(w);
	}
	saved = errno;
	line = lbc_reader_lineno(rd);
	errno = saved;
	input_stream_check(path, rc, line);
	if (lbc_writer_free(w) != 0 || fclose(stdout) != 0)
		cleanup_stdout_failed("stdout");
	lbc_reader_free(rd);
	input_close(fp, raw);
	lbc_select_free(s);
	lbc_regions_free(regions);
	lbc_codebook_free(conf.cb);
	lbc_fold_free(fold);
	free(conds);
	return 0;
}

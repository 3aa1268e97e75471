/*
 * lbc-dedupe: one record per child.  Reads a record stream, clusters the
 * records of one child (same valid ID; or same birth date, agreeing
 * region and sex, and the same name after folding and Simplified, or the
 * same pinyin), and writes one merged record per child (see dedupe.h).
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codebook.h"
#include "dedupe.h"
#include "err.h"
#include "fold.h"
#include "outfile.h"
#include "rec.h"

#define MAXBAD	10	/* malformed lines reported one by one */

static const char synopsis[] =
    "usage: lbc-dedupe [-q] [-C clusters] [-c codebook] [file]\n";

static void
usage(void)
{
	fputs(synopsis, stderr);
	exit(2);
}

static void
help(void)
{
	fputs(synopsis, stdout);
	fputs("One record per child: records with the same valid ID, or the same\n"
	    "birth date, region, sex and name (or pinyin) are merged.\n"
	    "  -C clusters  write the clusters table (child src line how)\n"
	    "  -c codebook  codebook file for the order of risk and problems\n"
	    "  -q           no accounting line on stderr\n"
	    "  -h, --help   this help\n"
	    "  --version    print the version\n", stdout);
	if (fflush(stdout) != 0 || ferror(stdout))
		err(1, "stdout");
	exit(0);
}

static struct lbc_codebook *
codebook(struct lbc_fold *fold, const char *path)
{
	struct lbc_codebook *cb;
	unsigned long line = 0;
	FILE *fp;
	int rc;

	if ((cb = lbc_codebook_new(fold, &rc)) == NULL)
		errx(1, "codebook: %s", lbc_strerror(rc));
	if (path == NULL)
		return cb;
	if ((fp = fopen(path, "r")) == NULL)
		err(1, "%s", path);
	rc = lbc_codebook_load(cb, fp, &line);
	if (rc == LBC_EFORMAT)
		errx(1, "%s:%lu: bad codebook line", path, line);
	if (rc == LBC_EIO)
		err(1, "%s", path);
	if (rc != 0)
		errx(1, "%s: %s", path, lbc_strerror(rc));
	fclose(fp);
	return cb;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *cpath = NULL, *cbpath = NULL, *path, *name;
	struct lbc_outfile *cout = NULL;
	struct lbc_codebook *cb;
	struct lbc_dedupe *d = NULL;
	struct lbc_reader *r = NULL;
	struct lbc_writer *w;
	struct lbc_fold *fold;
	unsigned long bad = 0;
	int ch, rc, qflag = 0, c;
	FILE *fp;

	setlocale(LC_ALL, "");
	while ((ch = getopt_long(argc, argv, "C:c:hq", longopts, NULL)) != -1) {
		switch (ch) {
		case 'C':
			cpath = optarg;
			break;
		case 'c':
			cbpath = optarg;
			break;
		case 'h':
			help();
			break;
		case 'q':
			qflag = 1;
			break;
		case 'V':
			printf("lbc-dedupe (lbc) " LBC_VERSION "\n");
			if (fflush(stdout) != 0 || ferror(stdout))
				err(1, "stdout");
			exit(0);
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		usage();

	path = argc == 1 ? argv[0] : "-";
	if (strcmp(path, "-") == 0) {
		fp = stdin;
		name = "stdin";
	} else if ((fp = fopen(path, "r")) == NULL)
		err(1, "%s", path);
	else
		name = path;
	if ((fold = lbc_fold_new(&rc)) == NULL)
		errx(1, "%s", lbc_strerror(rc));
	cb = codebook(fold, cbpath);
	if (cpath != NULL && (cout = lbc_outfile_open(cpath, &rc)) == NULL) {
		if (rc == LBC_EIO)
			err(1, "%s", cpath);
		errx(1, "%s: %s", cpath, lbc_strerror(rc));
	}

	/* Empty input, not even a header: nothing to do. */
	if ((c = getc(fp)) == EOF && ferror(fp)) {
		lbc_outfile_abort(cout);
		err(1, "%s", name);
	}
	if (c != EOF) {
		ungetc(c, fp);
		if ((r = lbc_reader_new(fp, name, &rc)) == NULL) {
			lbc_outfile_abort(cout);
			if (rc == LBC_EIO)
				err(1, "%s", name);
			errx(1, "%s:1: %s", name, lbc_strerror(rc));
		}
		if ((d = lbc_dedupe_new(r, cb, &rc)) == NULL) {
			lbc_outfile_abort(cout);
			if (rc == LBC_EHEADER)
				errx(1, "%s:1: neither an id nor a name field",
				    name);
			errx(1, "%s", lbc_strerror(rc));
		}
		while ((rc = lbc_reader_next(r)) != 0) {
			if (rc == 1) {
				if ((rc = lbc_dedupe_add(d, r)) != 0) {
					lbc_outfile_abort(cout);
					errx(1, "%s:%lu: %s", name,
					    lbc_reader_lineno(r), lbc_strerror(rc));
				}
			} else if (rc == LBC_EFIELDS || rc == LBC_EFORMAT) {
				if (++bad <= MAXBAD)
					warnx("%s:%lu: %s", name,
					    lbc_reader_lineno(r), lbc_strerror(rc));
			} else {
				lbc_outfile_abort(cout);
				if (rc == LBC_EIO)
					err(1, "%s", name);
				errx(1, "%s: %s", name, lbc_strerror(rc));
			}
		}
		if (bad > 0) {
			lbc_outfile_abort(cout);
			errx(1, "%s: %lu malformed line%s, nothing written", name,
			    bad, bad == 1 ? "" : "s");
		}
		if ((rc = lbc_dedupe_run(d)) != 0) {
			lbc_outfile_abort(cout);
			errx(1, "%s", lbc_strerror(rc));
		}
	}
	if (fp != stdin)
		fclose(fp);

	if ((w = lbc_writer_new(stdout)) == NULL) {
		lbc_outfile_abort(cout);
		errx(1, "%s", lbc_strerror(LBC_ENOMEM));
	}
	rc = d != NULL ? lbc_dedupe_write(d, w) : 0;
	if (rc != 0 || (rc = lbc_writer_free(w)) != 0 ||
	    fflush(stdout) != 0 || ferror(stdout)) {
		lbc_outfile_abort(cout);
		if (rc == LBC_ENOMEM)
			errx(1, "%s", lbc_strerror(rc));
		err(1, "stdout");
	}
	if (cout != NULL) {
		if ((w = lbc_writer_new(lbc_outfile_fp(cout))) == NULL) {
			lbc_outfile_abort(cout);
			errx(1, "%s", lbc_strerror(LBC_ENOMEM));
		}
		if (d != NULL)
			rc = lbc_dedupe_write_clusters(d, w);
		else {
			lbc_writer_raw(w, "child\tsrc\tline\thow", 18);
			lbc_writer_end(w);
		}
		if (rc != 0 || (rc = lbc_writer_free(w)) != 0) {
			lbc_outfile_abort(cout);
			if (rc == LBC_ENOMEM)
				errx(1, "%s", lbc_strerror(rc));
			err(1, "%s", cpath);
		}
		if (lbc_outfile_commit(cout) != 0)
			err(1, "%s", cpath);
	}
	if (fclose(stdout) != 0)
		err(1, "stdout");
	if (!qflag)
		warnx("%zu records read, %zu children written, %zu conflicts",
		    d ? lbc_dedupe_nrecords(d) : 0,
		    d ? lbc_dedupe_nchildren(d) : 0,
		    d ? lbc_dedupe_count(d, LBC_HOW_CONFLICT) : 0);
	lbc_dedupe_free(d);
	lbc_reader_free(r);
	lbc_codebook_free(cb);
	lbc_fold_free(fold);
	return 0;
}

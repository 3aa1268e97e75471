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
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "codebook.h"
#include "dedupe.h"
#include "err.h"
#include "fold.h"
#include "outfile.h"
#include "rec.h"

#define MAXBAD	10	/* malformed lines reported one by one */

static const char synopsis[] = N_(
    "usage: lbc-dedupe [-q] [-C clusters] [-c codebook] [file]\n");

static void
usage(void)
{
	fputs(_(synopsis), stderr);
	exit(2);
}

static void
help(void)
{
	fputs(_(synopsis), stdout);
	fputs(_("One record per child: records with the same valid ID, or the same\n"
	    "birth date, region, sex and name (or pinyin) are merged.\n"
	    "  -C clusters  write the clusters table (child src line how)\n"
	    "  -c codebook  codebook file for the order of risk and problems\n"
	    "  -q           no accounting line on stderr\n"
	    "  -h, --help   this help\n"
	    "  --version    print the version\n"), stdout);
	if (fflush(stdout) != 0 || ferror(stdout))
		err(1, "stdout");
	exit(0);
}

/* The default codebook merged with path (NULL: none); NULL after a message. */
static struct lbc_codebook *
codebook(struct lbc_fold *fold, const char *path)
{
	struct lbc_codebook *cb;
	unsigned long line = 0;
	FILE *fp;
	int rc;

	if ((cb = lbc_codebook_new(fold, &rc)) == NULL) {
		warnx("codebook: %s", lbc_strerror(rc));
		return NULL;
	}
	if (path == NULL)
		return cb;
	if ((fp = fopen(path, "r")) == NULL) {
		warn("%s", path);
		lbc_codebook_free(cb);
		return NULL;
	}
	rc = lbc_codebook_load(cb, fp, &line);
	fclose(fp);
	if (rc == LBC_EFORMAT)
		warnx("%s:%lu: bad codebook line", path, line);
	else if (rc == LBC_EIO)
		warn("%s", path);
	else if (rc != 0)
		warnx("%s: %s", path, lbc_strerror(rc));
	if (rc != 0) {
		lbc_codebook_free(cb);
		return NULL;
	}
	return cb;
}

/*
 * Reads the stream fp (called name in messages) into a new engine and
 * clusters it.  Returns 0, or 1 after a message (nothing kept).
 */
static int
dedupe(FILE *fp, const char *name, struct lbc_codebook *cb,
    struct lbc_reader **rp, struct lbc_dedupe **dp)
{
	unsigned long bad = 0;
	off_t base = ftello(fp);	/* -1: a pipe */
	int rc;

	if ((*rp = lbc_reader_new(fp, name, &rc)) == NULL) {
		if (rc == LBC_EIO)
			warn("%s", name);
		else
			warnx("%s:1: %s", name, lbc_strerror(rc));
		return 1;
	}
	if ((*dp = lbc_dedupe_new(*rp, cb, &rc)) == NULL) {
		if (rc == LBC_EHEADER)
			warnx("%s:1: neither an id nor a name field", name);
		else
			warnx("%s", lbc_strerror(rc));
		return 1;
	}
	if (base >= 0)	/* a file: records are read from it, not copied */
		lbc_dedupe_map(*dp, fileno(fp), (unsigned long long)base);
	while ((rc = lbc_reader_next(*rp)) != 0) {
		if (rc == 1) {
			if ((rc = lbc_dedupe_add(*dp, *rp)) == 1)
				break;	/* the rest was read ahead */
			if (rc != 0) {
				warnx("%s:%lu: %s", name, lbc_reader_lineno(*rp),
				    lbc_strerror(rc));
				return 1;
			}
		} else if (rc == LBC_EFIELDS || rc == LBC_EFORMAT) {
			if (++bad <= MAXBAD)
				warnx("%s:%lu: %s", name, lbc_reader_lineno(*rp),
				    lbc_strerror(rc));
		} else {
			if (rc == LBC_EIO)
				warn("%s", name);
			else
				warnx("%s: %s", name, lbc_strerror(rc));
			return 1;
		}
	}
	if (bad > 0) {
		warnx("%s: %lu malformed line%s, nothing written", name, bad,
		    bad == 1 ? "" : "s");
		return 1;
	}
	if ((rc = lbc_dedupe_run(*dp)) == LBC_EFORMAT) {
		warnx("%s:%lu: records: the child's values add up to more than "
		    "%llu, nothing written", name, lbc_dedupe_errline(*dp),
		    LBC_DEDUPE_RECORDS_MAX);
		return 1;
	} else if (rc != 0) {
		warnx("%s", lbc_strerror(rc));
		return 1;
	}
	return 0;
}

/*
 * Writes the children (d NULL: nothing) to stdout and the clusters table
 * to cout (may be NULL), which it commits or aborts.  Returns 0, or 1
 * after a message.
 */
static int
output(struct lbc_dedupe *d, struct lbc_outfile *cout)
{
	struct lbc_writer *w;
	int rc = 0;

	if ((w = lbc_writer_new(stdout)) == NULL) {
		lbc_outfile_abort(cout);
		warnx("%s", lbc_strerror(LBC_ENOMEM));
		return 1;
	}
	if (d != NULL)
		rc = lbc_dedupe_write(d, w);
	if (rc != 0 || (rc = lbc_writer_free(w)) != 0 || fflush(stdout) != 0 ||
	    ferror(stdout)) {
		if (rc == LBC_ENOMEM)
			warnx("%s", lbc_strerror(rc));
		else if (errno != EPIPE)	/* a reader that stopped: quiet */
			warn("stdout");
		lbc_outfile_abort(cout);
		return 1;
	}
	if (cout == NULL)
		return 0;
	if ((w = lbc_writer_new(lbc_outfile_fp(cout))) == NULL) {
		lbc_outfile_abort(cout);
		warnx("%s", lbc_strerror(LBC_ENOMEM));
		return 1;
	}
	if (d != NULL)
		rc = lbc_dedupe_write_clusters(d, w);
	else {
		lbc_writer_raw(w, "child\tsrc\tline\thow", 18);
		lbc_writer_end(w);
	}
	if (rc != 0 || (rc = lbc_writer_free(w)) != 0) {
		if (rc == LBC_ENOMEM)
			warnx("%s", lbc_strerror(rc));
		else
			warn("%s", lbc_outfile_path(cout));
		lbc_outfile_abort(cout);
		return 1;
	}
	if (cleanup_commit(cout) != 0) {
		warn("%s", lbc_outfile_path(cout));
		return 1;
	}
	return 0;
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
	struct lbc_fold *fold;
	int ch, rc, qflag = 0, c, rval = 0;
	FILE *fp;

	cleanup_init();
	i18n_init();
	argv[0] = program_invocation_short_name;	/* getopt says "lbc-x: ..." */
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
	if (cpath != NULL) {
		cleanup_refuse_same("-C", cpath, path);
		cleanup_refuse_same("-C", cpath, cbpath);
	}
	if (strcmp(path, "-") == 0) {
		fp = stdin;
		name = "stdin";
	} else if ((fp = fopen(path, "r")) == NULL)
		err(1, "%s", path);
	else
		name = path;
	if ((fold = lbc_fold_new(&rc)) == NULL)
		errx(1, "%s", lbc_strerror(rc));
	if ((cb = codebook(fold, cbpath)) == NULL) {
		lbc_fold_free(fold);
		exit(1);
	}
	if (cpath != NULL && (cout = lbc_outfile_open(cpath, &rc)) == NULL) {
		lbc_codebook_free(cb);
		lbc_fold_free(fold);
		cleanup_open_failed(cpath, rc);
	}
	if (cout != NULL)
		cleanup_output(cout);

	/* An empty input, not even a header, is no error: nothing to do. */
	if ((c = getc(fp)) == EOF && ferror(fp)) {
		warn("%s", name);
		rval = 1;
	} else if (c != EOF) {
		ungetc(c, fp);
		rval = dedupe(fp, name, cb, &r, &d);
	}
	if (fp != stdin)
		fclose(fp);
	if (rval == 0)
		rval = output(d, cout);
	else
		lbc_outfile_abort(cout);
	if (fclose(stdout) != 0 && rval == 0) {
		if (errno != EPIPE)
			warn("stdout");
		rval = 1;
	}
	if (rval == 0 && !qflag)
		warnx("%zu records read, %zu children written, %zu conflicts",
		    d ? lbc_dedupe_nrecords(d) : 0,
		    d ? lbc_dedupe_nchildren(d) : 0,
		    d ? lbc_dedupe_count(d, LBC_HOW_CONFLICT) : 0);
	lbc_dedupe_free(d);
	lbc_reader_free(r);
	lbc_codebook_free(cb);
	lbc_fold_free(fold);
	return rval;
}

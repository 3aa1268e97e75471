/*
 * lbc-diff: what changed between two periods.  Reads the children of OLD
 * and NEW (lbc-dedupe output) and writes every child of NEW and every
 * child of OLD that is not in NEW, marked new, left or stayed (see diff.h).
 */
#include <sys/stat.h>

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
#include "diff.h"
#include "err.h"
#include "fold.h"
#include "outfile.h"
#include "rec.h"

static const char synopsis[] = N_(
    "usage: lbc-diff [-q] [-C pairs] [--as-of date] old new\n");

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
	fputs(_("What changed between two periods: every child of NEW and every\n"
	    "child of OLD not in NEW, with change (new, left, stayed), was_risk\n"
	    "and left_why (aged_out) added.\n"
	    "  -C pairs      write the pairs table (old_line new_line how)\n"
	    "  --as-of date  reference date for aged_out (default: NEW's latest\n"
	    "                survey date)\n"
	    "  -q            no accounting line on stderr\n"
	    "  -h, --help    this help\n"
	    "  --version     print the version\n"), stdout);
	if (fflush(stdout) != 0 || ferror(stdout))
		err(1, "stdout");
	exit(0);
}

/*
 * Opens path ("-": standard input) as a stream that can be read twice: a
 * pipe is copied to an unlinked temporary file first.  NULL after a
 * message.
 */
static FILE *
open_twice(const char *path)
{
	struct stat st;
	char buf[1 << 16];
	size_t n;
	FILE *fp, *tmp;

	if (strcmp(path, "-") == 0)
		fp = stdin;
	else if ((fp = fopen(path, "r")) == NULL) {
		warn("%s", path);
		return NULL;
	}
	if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode))
		return fp;
	if ((tmp = tmpfile()) == NULL) {
		warn("temporary file");
		if (fp != stdin)
			fclose(fp);
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		if (fwrite(buf, 1, n, tmp) != n)
			break;
	if (ferror(fp) || ferror(tmp) || fflush(tmp) != 0) {
		warn("%s", ferror(fp) ? path : "temporary file");
		if (fp != stdin)
			fclose(fp);
		fclose(tmp);
		return NULL;
	}
	if (fp != stdin)
		fclose(fp);
	rewind(tmp);
	return tmp;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "as-of", required_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct lbc_diff_conf conf = { 0 };
	struct lbc_diff_stats st;
	struct lbc_diff_where where;
	struct lbc_outfile *pout = NULL;
	struct lbc_writer *w = NULL, *pw = NULL;
	struct lbc_codebook *cb;
	struct lbc_fold *fold;
	const char *ppath = NULL;
	int ch, rc, qflag = 0, rval = 0;

	cleanup_init();
	i18n_init();
	argv[0] = program_invocation_short_name;	/* getopt says "lbc-x: ..." */
	while ((ch = getopt_long(argc, argv, "C:hq", longopts, NULL)) != -1) {
		switch (ch) {
		case 'A':
			conf.as_of = optarg;
			break;
		case 'C':
			ppath = optarg;
			break;
		case 'h':
			help();
			break;
		case 'q':
			qflag = 1;
			break;
		case 'V':
			printf("lbc-diff (lbc) " LBC_VERSION "\n");
			if (fflush(stdout) != 0 || ferror(stdout))
				err(1, "stdout");
			exit(0);
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 2)
		usage();
	if (strcmp(argv[0], "-") == 0 && strcmp(argv[1], "-") == 0) {
		warnx("old and new cannot both be standard input");
		usage();
	}
	if (conf.as_of != NULL && (strlen(conf.as_of) != 10 ||
	    conf.as_of[4] != '-' || conf.as_of[7] != '-')) {
		warnx("--as-of: expected YYYY-MM-DD: %s", conf.as_of);
		usage();
	}
	conf.oldname = strcmp(argv[0], "-") == 0 ? "stdin" : argv[0];
	conf.newname = strcmp(argv[1], "-") == 0 ? "stdin" : argv[1];
	if (strcmp(argv[0], "-") == 0)
		conf.old = stdin;	/* read once: a pipe will do */
	else if ((conf.old = fopen(argv[0], "r")) == NULL)
		err(1, "%s", argv[0]);
	if ((conf.new = open_twice(argv[1])) == NULL)
		exit(1);
	if ((fold = lbc_fold_new(&rc)) == NULL ||
	    (cb = lbc_codebook_new(fold, &rc)) == NULL)
		errx(1, "%s", lbc_strerror(rc));
	if (ppath != NULL && (pout = lbc_outfile_open(ppath, &rc)) == NULL)
		cleanup_open_failed(ppath, rc);
	if (pout != NULL)
		cleanup_output(pout);
	conf.cb = cb;
	if ((w = lbc_writer_new(stdout)) == NULL ||
	    (pout != NULL && (pw = lbc_writer_new(lbc_outfile_fp(pout))) == NULL))
		errx(1, "%s", lbc_strerror(LBC_ENOMEM));

	rc = lbc_diff_run(&conf, w, pw, &st, &where);
	if (rc == LBC_EARG)
		warnx("--as-of: not a date: %s", conf.as_of);
	else if (rc == LBC_EHEADER && where.name != NULL)
		warnx("%s: no records, no id or name field, or already a diff",
		    where.name);
	else if (rc == LBC_EIO && where.name != NULL)
		warn("%s", where.name);
	else if (rc != 0 && where.name != NULL && where.line > 0)
		warnx("%s:%lu: %s", where.name, where.line, lbc_strerror(rc));
	else if (rc != 0)
		warnx("%s", lbc_strerror(rc));
	if (rc != 0)
		rval = 1;
	if (lbc_writer_free(w) != 0 || fflush(stdout) != 0 || ferror(stdout)) {
		if (rval == 0)
			warn("stdout");
		rval = 1;
	}
	if (pw != NULL && lbc_writer_free(pw) != 0 && rval == 0) {
		warn("%s", ppath);
		rval = 1;
	}
	if (pout != NULL) {
		if (rval != 0)
			lbc_outfile_abort(pout);
		else if (cleanup_commit(pout) != 0) {
			warn("%s", ppath);
			rval = 1;
		}
	}
	if (fclose(stdout) != 0 && rval == 0) {
		warn("stdout");
		rval = 1;
	}
	if (rval == 0 && !qflag)
		warnx("%zu old and %zu new children: %zu stayed (%zu by ID), "
		    "%zu new, %zu left (%zu aged out on %s)", st.nold, st.nnew,
		    st.stayed, st.by_id, st.added, st.left, st.aged_out,
		    st.as_of[0] ? st.as_of : "no date");
	fclose(conf.old);
	fclose(conf.new);
	lbc_codebook_free(cb);
	lbc_fold_free(fold);
	return rval;
}

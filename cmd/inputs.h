/*
 * inputs.h: for commands only (it prints and exits).  A command includes
 * it once.  Opening the record stream and loading the codebook and regions
 * table the same way in every command that reads them; each helper prints
 * its message and exits on failure.
 */
#ifndef LBC_CMD_INPUTS_H
#define LBC_CMD_INPUTS_H

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codebook.h"
#include "err.h"
#include "fold.h"
#include "rec.h"
#include "regions.h"
#include "regtable.h"
#include "select.h"
#include "sha256.h"

/*
 * Ends the command when rc, what lbc_reader_next() returned for line of
 * path, is an error (errno as the read left it): exit 1 with the message.
 */
static void __attribute__((unused))
input_stream_check(const char *path, int rc, unsigned long line)
{
	if (rc == LBC_EIO)
		err(1, "%s", path);
	if (rc == LBC_EFORMAT)
		errx(1, "%s:%lu: bad backslash escape", path, line);
	if (rc < 0)
		errx(1, "%s:%lu: %s", path, line, lbc_strerror(rc));
}

/*
 * Opens path for reading ("-" is standard input) into *raw; when h is not
 * NULL the stream returned hashes what is read into a new *h.
 */
static FILE *
input_open(const char *path, struct lbc_sha256 **h, FILE **raw)
{
	FILE *fp;

	if (strcmp(path, "-") == 0)
		fp = stdin;
	else if ((fp = fopen(path, "r")) == NULL)
		err(1, "%s", path);
	*raw = fp;
	if (h == NULL)
		return fp;
	if ((*h = lbc_sha256_new()) == NULL ||
	    (fp = lbc_sha256_fopen(fp, *h)) == NULL)
		err(1, "%s", path);
	return fp;
}

static void
input_close(FILE *fp, FILE *raw)
{
	if (fp != raw)
		fclose(fp);
	if (raw != stdin)
		fclose(raw);
}

/* The built-in codebook, merged with the file path when not NULL. */
static struct lbc_codebook *
input_codebook(struct lbc_fold *fold, const char *path,
    struct lbc_sha256 **h)
{
	struct lbc_codebook *cb;
	unsigned long line = 0;
	FILE *fp, *raw;
	int e = 0, rc;

	if ((cb = lbc_codebook_new(fold, &e)) == NULL)
		errx(1, "%s", lbc_strerror(e));
	if (path == NULL)
		return cb;
	fp = input_open(path, h, &raw);
	if ((rc = lbc_codebook_load(cb, fp, &line)) != 0) {
		if (rc == LBC_EIO)
			err(1, "%s", path);
		if (rc == LBC_EFORMAT)
			errx(1, "%s:%lu: %s", path, line, lbc_strerror(rc));
		errx(1, "%s: %s", path, lbc_strerror(rc));
	}
	input_close(fp, raw);
	return cb;
}

/*
 * The regions table a command works with: path's (NULL: none) over the
 * built-in national table, or either alone (builtin 0); see regtable.h.
 */
static struct lbc_regions *
input_regions(struct lbc_fold *fold, const char *path, struct lbc_sha256 **h,
    int builtin)
{
	struct lbc_regions *r;
	FILE *fp = NULL, *raw = NULL;

	if (path != NULL)
		fp = input_open(path, h, &raw);
	r = open_regions(fold, path, fp, builtin);
	if (fp != NULL)
		input_close(fp, raw);
	return r;
}

/*
 * The conditions conds[0..n) of -w parsed (conf as lbc_select_new()
 * takes it); a bad one prints its message and the synopsis, exit 2.
 */
static __attribute__((unused)) struct lbc_select *
input_select(const struct lbc_select_conf *conf, const char *const *conds,
    size_t n, const char *synopsis)
{
	struct lbc_select_conf c = *conf;
	struct lbc_select *s;
	size_t i;
	int rc;

	c.tr = lbc_tr;		/* messages in the reader's language */
	if ((s = lbc_select_new(&c)) == NULL)
		errx(1, "%s", lbc_strerror(LBC_ENOMEM));
	for (i = 0; i < n; i++)
		if ((rc = lbc_select_add(s, conds[i])) != 0) {
			if (rc != LBC_EARG)
				errx(1, "%s", lbc_strerror(rc));
			warnx("-w %s", lbc_select_message(s));
			fputs(_(synopsis), stderr);
			exit(2);
		}
	return s;
}

/*
 * Resolves s against rd's header; a condition the stream cannot meet
 * (unknown field, value or place) prints its message and the synopsis,
 * exit 2, after rd is freed.
 */
static __attribute__((unused)) void
input_select_start(struct lbc_select *s, struct lbc_reader *rd,
    const char *path, const char *synopsis)
{
	int rc;

	if ((rc = lbc_select_start(s, rd)) == 0)
		return;
	lbc_reader_free(rd);
	if (rc != LBC_EARG)
		errx(1, "%s", lbc_strerror(rc));
	warnx("%s: -w %s", path, lbc_select_message(s));
	fputs(_(synopsis), stderr);
	exit(2);
}

#endif

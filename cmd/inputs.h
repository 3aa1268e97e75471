/*
 * inputs.h: for commands only.  Opening the record stream and loading the
 * codebook and regions table the same way in every command that reads
 * them; each helper prints its message and exits on failure.
 */
#ifndef LBC_CMD_INPUTS_H
#define LBC_CMD_INPUTS_H

#include <err.h>
#include <stdio.h>
#include <string.h>

#include "codebook.h"
#include "err.h"
#include "fold.h"
#include "regions.h"
#include "sha256.h"

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

/* The regions table of path, or NULL when path is NULL. */
static struct lbc_regions *
input_regions(struct lbc_fold *fold, const char *path, struct lbc_sha256 **h)
{
	struct lbc_regions *r;
	unsigned long line = 0;
	FILE *fp, *raw;
	int e = 0;

	if (path == NULL)
		return NULL;
	fp = input_open(path, h, &raw);
	if ((r = lbc_regions_load(fp, fold, &line, &e)) == NULL) {
		if (e == LBC_EIO)
			err(1, "%s", path);
		if (e == LBC_EFORMAT)
			errx(1, "%s:%lu: %s", path, line, lbc_strerror(e));
		errx(1, "%s: %s", path, lbc_strerror(e));
	}
	input_close(fp, raw);
	return r;
}

#endif

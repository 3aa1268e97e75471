/*
 * regtable.h: for commands only (it prints and exits).  A command includes
 * it once.
 *
 * open_regions(fold, path, fp, builtin) gives the regions table a command
 * works with: the table read from fp (named path; NULL: none) stacked over
 * the built-in national table, or either alone (builtin 0: the
 * --no-builtin-regions option).  A table that cannot be read ends the
 * command (exit 1) with the line and what is wrong with it.
 */
#ifndef LBC_CMD_REGTABLE_H
#define LBC_CMD_REGTABLE_H

#include <err.h>
#include <stdio.h>

#include "err.h"
#include "regions.h"

static struct lbc_regions *
open_regions(struct lbc_fold *fold, const char *path, FILE *fp, int builtin)
{
	struct lbc_regions_diag d;
	struct lbc_regions *r = NULL, *b = NULL;
	int e = 0;

	if (path != NULL && (r = lbc_regions_read(fp, fold, &d, &e)) == NULL) {
		if (e == LBC_EIO)
			err(1, "%s", path);
		if (e == LBC_EFORMAT && d.other > 0)
			errx(1, "%s:%lu: %s (line %lu)", path, d.line, _(d.why),
			    d.other);
		if (e == LBC_EFORMAT)
			errx(1, "%s:%lu: %s", path, d.line, _(d.why));
		errx(1, "%s: %s", path, lbc_strerror(e));
	}
	if (builtin && (b = lbc_regions_builtin(fold, &e)) == NULL) {
		lbc_regions_free(r);
		errx(1, "built-in regions table: %s", lbc_strerror(e));
	}
	if (r == NULL)
		return b;
	if (b != NULL)
		lbc_regions_set_base(r, b);
	return r;
}

#endif

/*
 * mkregions: compiles a regions table into C source for liblbc (the
 * built-in table), run by the build: mkregions table.tsv out.c label.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>

#include "err.h"
#include "fold.h"
#include "regions.h"

int
main(int argc, char *argv[])
{
	struct lbc_regions_diag d;
	struct lbc_regions *r;
	struct lbc_fold *f;
	FILE *in, *out;
	int e = 0;

	if (argc != 4) {
		fprintf(stderr, "usage: mkregions table.tsv out.c label\n");
		return 2;
	}
	if ((f = lbc_fold_new(&e)) == NULL)
		errx(1, "%s", lbc_strerror(e));
	if ((in = fopen(argv[1], "r")) == NULL)
		err(1, "%s", argv[1]);
	if ((r = lbc_regions_read(in, f, &d, &e)) == NULL) {
		if (e == LBC_EFORMAT)
			errx(1, "%s:%lu: %s", argv[1], d.line, d.why);
		errx(1, "%s: %s", argv[1], lbc_strerror(e));
	}
	fclose(in);
	if ((out = fopen(argv[2], "w")) == NULL)
		err(1, "%s", argv[2]);
	if (lbc_regions_write_c(r, out, "lbc_regions_builtin_image",
	    argv[3]) != 0 || fclose(out) != 0)
		err(1, "%s", argv[2]);
	lbc_regions_free(r);
	lbc_fold_free(f);
	return 0;
}

/*
 * lbc-regload: times the loading of a regions table, for benchmarks.
 *
 * lbc-regload [-n times] [file]: loads file (or, with no file, the
 * built-in table) n times and prints the places, the best wall-clock time
 * of one load in milliseconds and the peak resident memory in MB.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "fold.h"
#include "regions.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char *argv[])
{
	struct lbc_regions_diag d;
	struct lbc_regions *r;
	struct lbc_fold *f;
	struct rusage ru;
	double best = 1e9, t;
	size_t places = 0;
	int ch, e = 0, i, times = 1;

	while ((ch = getopt(argc, argv, "n:")) != -1)
		switch (ch) {
		case 'n': times = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: lbc-regload [-n times] [file]\n");
			return 2;
		}
	argc -= optind;
	argv += optind;
	if (times < 1)
		times = 1;
	if ((f = lbc_fold_new(&e)) == NULL)
		errx(1, "%s", lbc_strerror(e));
	for (i = 0; i < times; i++) {
		FILE *fp = NULL;

		if (argc > 0 && (fp = fopen(argv[0], "r")) == NULL)
			err(1, "%s", argv[0]);
		t = now();
		r = fp ? lbc_regions_read(fp, f, &d, &e) :
		    lbc_regions_builtin(f, &e);
		t = now() - t;
		if (r == NULL) {
			if (e == LBC_EFORMAT)
				errx(1, "%s:%lu: %s", argv[0], d.line, d.why);
			errx(1, "%s", lbc_strerror(e));
		}
		if (fp)
			fclose(fp);
		places = lbc_regions_count(r);
		lbc_regions_free(r);
		best = t < best ? t : best;
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("%zu places, %.2f ms, %.1f MB peak\n", places, best * 1000,
	    (double)ru.ru_maxrss / 1024);
	lbc_fold_free(f);
	return 0;
}

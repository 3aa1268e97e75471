/*
 * Replays the kept fuzz inputs (tests/fuzz/regress/<target>/) through the
 * fuzz targets' own checks, built without libFuzzer: each input must run
 * to the end without a crash or a broken invariant (which abort()).
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define LLVMFuzzerTestOneInput fuzz_reader_one
#include "../fuzz/fuzz_reader.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_import_one
#define LLVMFuzzerInitialize fuzz_import_init
#include "../fuzz/fuzz_import.c"
#undef LLVMFuzzerTestOneInput
#undef LLVMFuzzerInitialize
#define LLVMFuzzerTestOneInput fuzz_table_one
#define check_script table_check_script
#include "../fuzz/fuzz_table.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_stream_one
/* tally.h and table.h both name a struct lbc_table: rename tally's here. */
#define lbc_table lbc_tally_tab
#include "../fuzz/fuzz_stream.c"
#undef lbc_table
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_regions_one
#include "../fuzz/fuzz_regions.c"
#undef LLVMFuzzerTestOneInput

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *p = NULL;
	size_t cap = 0, n;

	*len = 0;
	if (fp == NULL)
		return NULL;
	for (;;) {
		if (cap - *len < 4096) {
			char *q = realloc(p, cap = cap ? 2 * cap : 65536);

			if (q == NULL)
				abort();
			p = q;
		}
		if ((n = fread(p + *len, 1, cap - *len, fp)) == 0)
			break;
		*len += n;
	}
	fclose(fp);
	return p;
}

/* Runs every file under dir/target; returns how many. */
static int
replay(const char *dir, const char *target,
    int (*one)(const uint8_t *, size_t))
{
	char path[4096], what[4200];
	struct dirent **ents;
	int i, n, done = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, target);
	if ((n = scandir(path, &ents, NULL, alphasort)) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		size_t len;
		char *data;

		if (ents[i]->d_name[0] == '.') {
			free(ents[i]);
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s/%s", dir, target,
		    ents[i]->d_name);
		data = slurp(path, &len);
		snprintf(what, sizeof(what), "%s survives %s", target,
		    ents[i]->d_name);
		CHECK(data != NULL && one((const uint8_t *)data, len) == 0, what);
		free(data);
		free(ents[i]);
		done++;
	}
	free(ents);
	return done;
}

/* A long field and many short lines, made here rather than kept as files. */
static void
big_inputs(void)
{
	static const char head[] = "姓名,身份证号,区划代码\n\"";
	size_t n = 3 << 20, i;
	char *p = malloc(n + 64);

	if (p == NULL)
		abort();
	memcpy(p, head, sizeof(head) - 1);
	for (i = sizeof(head) - 1; i < n; i++)
		p[i] = (char)('a' + i % 26);
	memcpy(p + n, "\",x,390121100001\n", 17);
	CHECK(fuzz_import_one((const uint8_t *)p, n + 17) == 0,
	    "import survives a 3 MB field");
	for (i = 0; i < n; i += 2)
		memcpy(p + i, "\t\n", 2);
	memcpy(p, "a\tb\n", 4);
	CHECK(fuzz_reader_one((const uint8_t *)p, n) == 0,
	    "reader survives a million short bad lines");
	free(p);
}

int
main(void)
{
	static const char *const dirs[] = {
		"tests/fuzz/regress", "../fuzz/regress", NULL
	};
	const char *dir = NULL;
	char *env;
	DIR *d;
	int i, a, b, c, e;

	if ((env = getenv("LBC_FUZZ_REGRESS")) != NULL)
		dir = env;
	for (i = 0; dir == NULL && dirs[i] != NULL; i++)
		if ((d = opendir(dirs[i])) != NULL) {
			closedir(d);
			dir = dirs[i];
		}
	CHECK(dir != NULL, "found tests/fuzz/regress");
	if (dir == NULL)
		return 1;
	fuzz_import_init(NULL, NULL);
	a = replay(dir, "reader", fuzz_reader_one);
	b = replay(dir, "import", fuzz_import_one);
	c = replay(dir, "table", fuzz_table_one);
	e = replay(dir, "stream", fuzz_stream_one);
	CHECK(a > 0 && b > 0 && c > 0 && e > 0, "kept inputs for every target");
	CHECK(replay(dir, "regions", fuzz_regions_one) > 0,
	    "kept inputs for the regions reader");
	big_inputs();
	lbc_regions_free(regions);
	lbc_codebook_free(cb);
	lbc_fold_free(fold);
	lbc_codebook_free(stream_cb);
	lbc_fold_free(stream_fold);
	return check_failed;
}

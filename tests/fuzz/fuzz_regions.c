/*
 * fuzz_regions: the regions table reader (lib/regions.h) on arbitrary
 * bytes, then lookups with the input's own codes and names.
 *
 * Besides not crashing: a refused table says on which line and why; a
 * code the table names is found again by that name, at the level its
 * length gives.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "fold.h"
#include "regions.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct lbc_fold *f;
	struct lbc_regions_diag d;
	struct lbc_region_names q;
	struct lbc_regions *r;
	const char *p, *e, *nl, *name;
	char code[13], out[13], found[4][13];
	size_t n, k;
	int err = 0;
	FILE *fp;

	if (f == NULL && (f = lbc_fold_new(&err)) == NULL)
		abort();
	if (size == 0 || (fp = fmemopen((void *)data, size, "r")) == NULL)
		return 0;
	r = lbc_regions_read(fp, f, &d, &err);
	fclose(fp);
	if (r == NULL) {
		if (err == LBC_EFORMAT && (d.why == NULL || d.line == 0))
			abort();
		if (err != LBC_EFORMAT && err != LBC_ENOMEM && err != LBC_EIO &&
		    err != LBC_EICU)
			abort();
		return 0;
	}
	for (p = (const char *)data, e = p + size; p < e; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(e - p))) == NULL)
			nl = e;
		for (n = 0; p + n < nl && p[n] >= '0' && p[n] <= '9'; n++)
			;
		if ((k = lbc_region_code_norm(p, n, code)) == 0)
			continue;
		if ((name = lbc_regions_name(r, code, k)) != NULL) {
			if (lbc_regions_level(r, code, k) != (int)k)
				abort();
			if (lbc_regions_find(r, name, strlen(name), found, 4) == 0)
				abort();
		}
		/* the rest of the line as names of every level */
		memset(&q, 0, sizeof(q));
		q.name[LBC_LV_CITY] = q.name[LBC_LV_COUNTY] = p + n;
		q.len[LBC_LV_CITY] = q.len[LBC_LV_COUNTY] = (size_t)(nl - p) - n;
		q.name[LBC_LV_TOWNSHIP] = q.name[LBC_LV_VILLAGE] = p + n;
		q.len[LBC_LV_TOWNSHIP] = q.len[LBC_LV_VILLAGE] = q.len[1];
		(void)lbc_regions_resolve_names(r, NULL, 0, &q, out, NULL);
		(void)lbc_regions_resolve_names(r, code, k, &q, out, NULL);
	}
	lbc_regions_free(r);
	return 0;
}

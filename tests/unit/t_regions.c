/* The regions table: codes, names, suffixes, scoping, ambiguity. */
#include "check.h"
#include "err.h"
#include "fold.h"
#include "regions.h"

int
main(void)
{
	const char *tsv = "code\tname\n52\t黔州省\n5201\t黔城市\n520102\t南明区\n"
	    "520103\t云岩区\n520102001\t新华路街道\n520102100\t花溪镇\n"
	    "520103100\t花溪镇\n520102001001\t新华社区\n520102100001\t新华村\n"
	    "520103100001\t新华村\n520103100002\t和平村委会\n";
	struct lbc_regions *r;
	struct lbc_fold *f;
	unsigned long line;
	char out[13];
	int err = 0;
	FILE *fp;

	f = lbc_fold_new(&err);
	fp = fmemopen((void *)tsv, strlen(tsv), "r");
	r = lbc_regions_load(fp, f, &line, &err);
	fclose(fp);
	CHECK(r != NULL, "table loads");
	if (r == NULL)
		return 1;
	CHECK_INT(lbc_regions_count(r), 11, "eleven codes");
	CHECK_STR(lbc_regions_name(r, "520102", 6), "南明区", "name by code");
	CHECK(lbc_regions_name(r, "520104", 6) == NULL, "unknown code");
	CHECK_INT(lbc_region_code_norm("520102000000", 12, out), 6,
	    "padded county code");
	CHECK_STR(out, "520102", "padded code shortened");
	CHECK_INT(lbc_region_code_norm("520102001000", 12, out), 9,
	    "padded township code");
	CHECK_INT(lbc_region_code_norm("52010", 5, out), 0, "5 digits refused");
	CHECK_INT(lbc_regions_resolve(r, "南明区", strlen("南明区"), "新华路街道",
	    strlen("新华路街道"), "新华社区", strlen("新华社区"), out), 12,
	    "three names");
	CHECK_STR(out, "520102001001", "village code");
	CHECK_INT(lbc_regions_resolve(r, "", 0, "新华路", strlen("新华路"), "新华",
	    strlen("新华"), out), 12, "suffixes dropped on both");
	CHECK_STR(out, "520102001001", "suffix-less names");
	CHECK_INT(lbc_regions_resolve(r, "", 0, "花溪镇", strlen("花溪镇"), "新华村",
	    strlen("新华村"), out), LBC_EAMBIGUOUS,
	    "a township name in two counties is ambiguous");
	CHECK_INT(lbc_regions_resolve(r, "云岩区", strlen("云岩区"), "花溪",
	    strlen("花溪"), "新华村", strlen("新华村"), out), 12,
	    "the county decides");
	CHECK_STR(out, "520103100001", "village within its township");
	CHECK_INT(lbc_regions_resolve(r, "云岩", strlen("云岩"), "花溪镇",
	    strlen("花溪镇"), "和平村", strlen("和平村"), out), 12,
	    "村委会 matches 村");
	CHECK_INT(lbc_regions_resolve(r, "", 0, "", 0, "新华村", strlen("新华村"),
	    out), LBC_ENOTFOUND, "a village needs its township");
	CHECK_INT(lbc_regions_resolve(r, "北京区", strlen("北京区"), "", 0, "", 0,
	    out), LBC_ENOTFOUND, "unknown county");
	CHECK_INT(lbc_regions_resolve(r, "南明区", strlen("南明区"), "", 0, "", 0,
	    out), 6, "county only");
	CHECK_INT(lbc_regions_refine(r, "520103", 6, "花溪", strlen("花溪"),
	    "新华村", strlen("新华村"), out), 12, "county code refined by names");
	CHECK_STR(out, "520103100001", "the village inside that county");
	CHECK_INT(lbc_regions_refine(r, "520103100", 9, "", 0, "和平",
	    strlen("和平"), out), 12, "township code refined by a village");
	CHECK_INT(lbc_regions_refine(r, "520102", 6, "", 0, "新华村",
	    strlen("新华村"), out), LBC_ENOTFOUND,
	    "a village needs its township below a county code");
	CHECK_INT(lbc_regions_refine(r, "520102", 6, "花溪镇", strlen("花溪镇"),
	    "和平村", strlen("和平村"), out), LBC_ENOTFOUND,
	    "names outside the code do not refine it");
	lbc_regions_free(r);
	fp = fmemopen((void *)"52\tA\n52\tB\n", 10, "r");
	r = lbc_regions_load(fp, f, &line, &err);
	CHECK(r == NULL && err == LBC_EFORMAT && line == 2, "duplicate code");
	fclose(fp);
	lbc_fold_free(f);
	return check_failed;
}

/*
 * Workbooks: written, a zip with a sheet per table, a chart per table and
 * the about sheet; a path that cannot be written fails.  Every value is
 * read back by tests/tally_xlsx.py in tests/e2e/tally.sh.
 */
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "codebook.h"
#include "err.h"
#include "fold.h"
#include "rec.h"
#include "tally.h"
#include "xlsx.h"

/* 1 when the file holds the bytes of s (zip entries are stored by name). */
static int
has(const char *path, const char *s)
{
	FILE *fp = fopen(path, "rb");
	char *mem;
	long n;
	int found;

	if (fp == NULL)
		return 0;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	mem = malloc((size_t)n + 1);
	if (fread(mem, 1, (size_t)n, fp) != (size_t)n)
		n = 0;
	fclose(fp);
	found = memmem(mem, (size_t)n, s, strlen(s)) != NULL;
	free(mem);
	return found;
}

int
main(void)
{
	const char *text = "region\trisk\tproblems\n390121\thigh\tstudy\n"
	    "390122\tlow\t\n390121\tlow\tstudy;psych\n";
	struct lbc_tally_conf conf = { 0 };
	struct lbc_xlsx_input in = { "记录 records", "t.tsv",
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" };
	struct lbc_xlsx_about about = {
		.inputs = &in, .ninputs = 1, .records = 3,
		.command = "lbc-tally t.tsv", .version = "lbc-tally (lbc) test",
		.time = 1780000000, .level = 6, .as_of = "2026-06-30",
		.ages = "0-5岁", .regions_builtin = NULL,
	};
	const struct lbc_table *tabs[3];
	struct lbc_reader *r;
	struct lbc_tally *t;
	struct lbc_fold *f;
	const char *missing;
	char path[] = "/tmp/t_xlsx.XXXXXX";
	FILE *fp;
	int err = 0, fd;

	f = lbc_fold_new(&err);
	conf.cb = lbc_codebook_new(f, &err);
	conf.level = 6;
	t = lbc_tally_new(&conf, &err);
	lbc_tally_add_table(t, "region,risk");
	lbc_tally_add_table(t, "problems");
	lbc_tally_add_table(t, "region,problems");
	fp = fmemopen((void *)text, strlen(text), "r");
	r = lbc_reader_new(fp, "t.tsv", &err);
	lbc_tally_start(t, r, &missing);
	while (lbc_reader_next(r) == 1)
		lbc_tally_add(t, r);
	lbc_tally_finish(t);
	tabs[0] = lbc_tally_table(t, 0);
	tabs[1] = lbc_tally_table(t, 1);
	tabs[2] = lbc_tally_table(t, 2);

	fd = mkstemp(path);
	close(fd);
	CHECK_INT(lbc_xlsx_write(path, tabs, 3, LBC_PCT_NONE, 1, &about), 0,
	    "workbook written");
	CHECK(has(path, "PK\003\004"), "a zip file");
	CHECK(has(path, "xl/worksheets/sheet4.xml"), "three tables and about");
	CHECK(!has(path, "xl/worksheets/sheet5.xml"), "no fifth sheet");
	CHECK(has(path, "xl/charts/chart3.xml"), "a chart per table");
	CHECK(!has(path, "xl/charts/chart4.xml"), "none for about");
	unlink(path);
	CHECK_INT(lbc_xlsx_write("/nonexistent/dir/t.xlsx", tabs, 3,
	    LBC_PCT_ROW, 0, &about), LBC_EXLSX, "unwritable path fails");

	lbc_reader_free(r);
	fclose(fp);
	lbc_tally_free(t);
	lbc_codebook_free(conf.cb);
	lbc_fold_free(f);
	return check_failed;
}

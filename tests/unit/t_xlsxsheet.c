/*
 * lib/xlsxsheet: names, encodings and kinds of the sheets before the
 * tables; their cells are read back by openpyxl in tests/e2e/sheets.sh.
 */
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "err.h"
#include "xlsxsheet.h"

static struct lbc_xlsx_sheet *
sheetn(const char *text, size_t n, const char *name, int *err)
{
	FILE *fp = n > 0 ? fmemopen((void *)text, n, "r") : tmpfile();
	struct lbc_xlsx_sheet *s;

	*err = 0;
	s = lbc_xlsx_sheet_read(fp, name, LBC_XLSX_SHEET_AUTO, err);
	fclose(fp);
	return s;
}

static struct lbc_xlsx_sheet *
sheet(const char *text, const char *name, int *err)
{
	return sheetn(text, strlen(text), name, err);
}

int
main(void)
{
	struct lbc_xlsx_sheet *s;
	int err;

	s = sheet("标题\n一句话。\n", "摘要", &err);
	CHECK(s != NULL && err == 0, "a text sheet");
	lbc_xlsx_sheet_free(s);
	s = sheet("a\tb\n1\t2", "变化", &err);
	CHECK(s != NULL, "a table, no LF at the end");
	lbc_xlsx_sheet_free(s);
	s = sheet("", "空", &err);
	CHECK(s != NULL, "an empty file is an empty sheet");
	lbc_xlsx_sheet_free(s);
	s = sheet("x\n", "a[1]", &err);
	CHECK(s == NULL && err == LBC_EARG, "no [] in a name");
	s = sheet("x\n", "", &err);
	CHECK(s == NULL && err == LBC_EARG, "no empty name");
	s = sheet("x\n", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一",
	    &err);
	CHECK(s != NULL, "31 characters, though 93 bytes");
	lbc_xlsx_sheet_free(s);
	s = sheet("x\n", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二",
	    &err);
	CHECK(s == NULL && err == LBC_EARG, "32 characters are too many");
	s = sheet("\xff\xfe" "x\n", "bad", &err);
	CHECK(s == NULL && err == LBC_EENCODING, "not UTF-8");
	s = sheetn("a\0b\n", 4, "nul", &err);
	CHECK(s == NULL && err == LBC_EENCODING, "a NUL byte");
	lbc_xlsx_sheet_free(NULL);
	return check_failed;
}

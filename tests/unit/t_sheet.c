/* Cell text of workbook numbers and dates, number formats, row building,
 * file kinds, and .xlsx reading from memory (a stored zip built here). */
#include <stdlib.h>

#include "check.h"
#include "err.h"
#include "sheet.h"

static void
num(double v, const char *want)
{
	char out[32], what[64];

	snprintf(what, sizeof(what), "number %.17g", v);
	lbc_cell_number(v, out);
	CHECK_STR(out, want, what);
}

static void
date(double v, int d1904, const char *want)
{
	char out[32], what[64];
	size_t n = lbc_cell_date(v, d1904, out);

	snprintf(what, sizeof(what), "serial %g (%s)", v, d1904 ? "1904" : "1900");
	if (want == NULL)
		CHECK_INT(n, 0, what);
	else
		CHECK_STR(n > 0 ? out : "", want, what);
}

int
main(void)
{
	struct lbc_rowbuf rb = { 0 };
	const struct lbc_row *r;

	num(0, "0");
	num(42, "42");
	num(-7, "-7");
	num(1234567.5, "1234567.5");
	num(0.1, "0.1");
	num(390121100001.0, "390121100001");
	num(390121120909004.0, "390121120909004");
	/* An 18-digit ID typed as a number: Excel keeps 15 digits. */
	num(390121201503040019.0, "390121201503040000");
	num(5.20102e17, "520102000000000000");
	/* Whole numbers are written without printf: its edges kept. */
	num(-0.0, "-0");
	num(10, "10");
	num(-100, "-100");
	num(999999999999999.0, "999999999999999");
	num(-999999999999999.0, "-999999999999999");
	num(1e15, "1000000000000000");

	date(1, 0, "1900-01-01");
	date(59, 0, "1900-02-28");
	date(60, 0, NULL);		/* Excel's 1900-02-29 */
	date(61, 0, "1900-03-01");
	date(42067, 0, "2015-03-04");
	date(42067.5, 0, "2015-03-04 12:00:00");
	date(42067.99999999, 0, "2015-03-05");
	date(2958465, 0, "9999-12-31");
	date(42067 + 3723.0 / 86400, 0, "2015-03-04 01:02:03");
	date(42067 + 86399.0 / 86400, 0, "2015-03-04 23:59:59");
	date(0, 1, "1904-01-01");
	date(40605, 1, "2015-03-04");
	date(-1, 0, NULL);
	date(3e6, 0, NULL);

	CHECK(lbc_numfmt_is_date(14, NULL), "format 14 is a date");
	CHECK(lbc_numfmt_is_date(22, NULL), "format 22 is a date");
	CHECK(lbc_numfmt_is_date(31, NULL), "format 31 (CJK 年月日) is a date");
	CHECK(lbc_numfmt_is_date(57, NULL), "format 57 (CJK) is a date");
	CHECK(!lbc_numfmt_is_date(0, NULL), "General is no date");
	CHECK(!lbc_numfmt_is_date(49, NULL), "@ is no date");
	CHECK(lbc_numfmt_is_date(176, "yyyy\"年\"m\"月\"d\"日\""),
	    "custom 年月日 is a date");
	CHECK(lbc_numfmt_is_date(177, "[$-804]yyyy/m/d;@"), "custom with locale");
	CHECK(!lbc_numfmt_is_date(178, "\"day\"0"), "letters in quotes");
	CHECK(!lbc_numfmt_is_date(179, "[Red]0.00"), "letters in brackets");
	CHECK(!lbc_numfmt_is_date(180, "0.00_)"), "padding");
	CHECK(!lbc_numfmt_is_date(181, "#,##0;[Red]-#,##0"), "sections");
	CHECK(!lbc_numfmt_is_date(182, "0\\d"), "escaped letter");

	CHECK_INT(lbc_file_kind("PK\3\4xx", 6), LBC_FILE_ZIP, "zip signature");
	CHECK_INT(lbc_file_kind("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8),
	    LBC_FILE_OLE2, "OLE2 signature");
	CHECK_INT(lbc_file_kind("PK", 2), LBC_FILE_TEXT, "two bytes are text");
	CHECK_INT(lbc_file_kind("姓名,id\n", 9), LBC_FILE_TEXT, "CSV is text");

	CHECK_INT(lbc_rowbuf_set(&rb, 2, "c", 1, LBC_CELL_NUMBER), 0, "set C");
	CHECK_INT(lbc_rowbuf_set(&rb, 0, "a", 1, LBC_CELL_TEXT), 0, "set A");
	r = lbc_rowbuf_row(&rb);
	CHECK_INT(r->n, 3, "three cells");
	CHECK_STR(r->field[0], "a", "cell A");
	CHECK_STR(r->field[1], "", "skipped cell empty");
	CHECK_INT(r->len[1], 0, "skipped cell length");
	CHECK_STR(r->field[2], "c", "cell C");
	CHECK_INT(r->type[2], LBC_CELL_NUMBER, "cell C type");
	lbc_rowbuf_clear(&rb);
	r = lbc_rowbuf_row(&rb);
	CHECK_INT(r->n, 0, "cleared");
	lbc_rowbuf_free(&rb);
	lbc_rowbuf_free(&rb);

	{
		int e = 0;
		enum lbc_book_problem why;

		CHECK(lbc_book_open("PK\3\4garbage", 11, "x.xlsx", &e, &why) ==
		    NULL, "garbage zip not opened");
		CHECK_INT(e, LBC_EFORMAT, "garbage zip: format error");
		CHECK_INT(why, LBC_BOOK_CORRUPT, "garbage zip: corrupt");
		CHECK(lbc_book_open("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
		    "E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o\0", 36, "x.xlsx",
		    &e, &why) == NULL, "encrypted not opened");
		CHECK_INT(why, LBC_BOOK_ENCRYPTED, "EncryptionInfo: encrypted");
		CHECK(lbc_book_open("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, NULL,
		    &e, &why) == NULL, "xls on stdin not opened");
		CHECK_INT(why, LBC_BOOK_STDIN, "xls on stdin: told");
		CHECK(*lbc_book_problem_text(LBC_BOOK_ODS) != '\0', "ods text");
	}
	return check_failed;
}

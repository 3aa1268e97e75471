/* CSV rows: quoting, quoted line breaks, separators, row starts. */
#include "check.h"
#include "csvrow.h"
#include "err.h"

int
main(void)
{
	const struct lbc_csvrow_row *r;
	struct lbc_csvrow *c;
	int err = 0;

	CHECK(lbc_csv_detect_delim("a,b,c", 5) == ',', "comma");
	CHECK(lbc_csv_detect_delim("a\tb,c\td", 7) == '\t', "TAB wins");
	CHECK(lbc_csv_detect_delim("a;b;c,d", 7) == ';', "semicolon");
	CHECK(lbc_csv_detect_delim("\"a,b,c\";d", 9) == ';', "quoted commas ignored");
	CHECK(lbc_csv_detect_delim("abc", 3) == ',', "none: comma");

	c = lbc_csvrow_new(',', &err);
	CHECK_INT(lbc_csvrow_feed(c, "a,\"b,c\",d", 9), 1, "one row");
	r = lbc_csvrow_get(c, lbc_csvrow_count(c) - 1);
	CHECK_INT(r->n, 3, "three fields");
	CHECK_STR(r->field[1], "b,c", "quoted comma");
	CHECK(lbc_csvrow_at_start(c), "at start after a row");
	CHECK_INT(lbc_csvrow_feed(c, "x,\"line one", 11), 0, "open quote");
	CHECK(!lbc_csvrow_at_start(c), "inside a quoted field");
	CHECK_INT(lbc_csvrow_feed(c, "", 0), 0, "a blank line inside quotes");
	CHECK_INT(lbc_csvrow_feed(c, "line \"\"three\"\"\",y", 17), 1, "closed");
	r = lbc_csvrow_get(c, lbc_csvrow_count(c) - 1);
	CHECK_STR(r->field[1], "line one\n\nline \"three\"", "quoted line breaks");
	CHECK_STR(r->field[2], "y", "field after the break");
	CHECK_INT(lbc_csvrow_feed(c, "p,,q\r", 5), 1, "CR LF row");
	r = lbc_csvrow_get(c, lbc_csvrow_count(c) - 1);
	CHECK_INT(r->n, 3, "empty middle field kept");
	CHECK_STR(r->field[1], "", "empty field");
	CHECK_STR(r->field[2], "q", "CR dropped");
	CHECK_INT(lbc_csvrow_feed(c, "a\"b,c", 5), 1, "stray quote tolerated");
	r = lbc_csvrow_get(c, lbc_csvrow_count(c) - 1);
	CHECK_STR(r->field[0], "a\"b", "stray quote kept");
	CHECK_INT(lbc_csvrow_feed(c, "\"unterminated", 13), 0, "open at the end");
	CHECK_INT(lbc_csvrow_finish(c), 1, "finish flushes the last row");
	r = lbc_csvrow_get(c, lbc_csvrow_count(c) - 1);
	CHECK_STR(r->field[0], "unterminated\n", "unterminated field kept");
	CHECK_INT(lbc_csvrow_count(c), 5, "rows accumulate");
	r = lbc_csvrow_get(c, 0);
	CHECK_STR(r->field[1], "b,c", "first row still held");
	CHECK_INT(lbc_csvrow_feed(c, "\"open", 5), 0, "open row");
	lbc_csvrow_clear(c);
	CHECK_INT(lbc_csvrow_count(c), 0, "clear drops completed rows");
	CHECK_INT(lbc_csvrow_feed(c, "x\",y", 4), 1, "open row survives clear");
	r = lbc_csvrow_get(c, 0);
	CHECK_STR(r->field[0], "open\nx", "its field text too");
	lbc_csvrow_free(c);

	c = lbc_csvrow_new('\t', &err);
	CHECK_INT(lbc_csvrow_feed(c, "\t\ta b\t", 6), 1, "TAB row");
	r = lbc_csvrow_get(c, lbc_csvrow_count(c) - 1);
	CHECK_INT(r->n, 4, "TABs are separators, not space");
	CHECK_STR(r->field[2], "a b", "inner space kept");
	lbc_csvrow_free(c);
	lbc_csvrow_free(NULL);
	return check_failed;
}

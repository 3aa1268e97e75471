/* CSV rows: quoting, quoted line ends, separators, row starts, strictness. */
#include "check.h"
#include "csvrow.h"
#include "err.h"

#define FEED(c, s, eol)	lbc_csvrow_feed((c), (s), strlen(s), (eol))

static const struct lbc_csvrow_row *
last(struct lbc_csvrow *c)
{
	return lbc_csvrow_get(c, lbc_csvrow_count(c) - 1);
}

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
	CHECK_INT(FEED(c, "a,\"b,c\",d", "\n"), 1, "one row");
	r = last(c);
	CHECK_INT(r->n, 3, "three fields");
	CHECK_STR(r->field[1], "b,c", "quoted comma");
	CHECK_INT(r->flags, 0, "a good row has no flags");
	CHECK(lbc_csvrow_at_start(c), "at start after a row");
	CHECK_INT(FEED(c, "x,\"line one", "\n"), 0, "open quote");
	CHECK(!lbc_csvrow_at_start(c), "inside a quoted field");
	CHECK_INT(FEED(c, "", "\n"), 0, "a blank line inside quotes");
	CHECK_INT(FEED(c, "line \"\"three\"\"\",y", "\n"), 1, "closed");
	r = last(c);
	CHECK_STR(r->field[1], "line one\n\nline \"three\"", "quoted line breaks");
	CHECK_STR(r->field[2], "y", "field after the break");
	CHECK_INT(FEED(c, "p,,q", "\r\n"), 1, "CR LF row");
	r = last(c);
	CHECK_INT(r->n, 3, "empty middle field kept");
	CHECK_STR(r->field[1], "", "empty field");
	CHECK_STR(r->field[2], "q", "CR LF is no part of the field");
	CHECK_INT(FEED(c, "a\"b,c", "\n"), 1, "stray quote tolerated");
	r = last(c);
	CHECK_STR(r->field[0], "a\"b", "stray quote kept");
	CHECK_INT(r->flags, 0, "a stray quote is not an error");
	CHECK_INT(FEED(c, "\"unterminated", "\n"), 0, "open at the end");
	CHECK_INT(lbc_csvrow_finish(c), 1, "finish flushes the last row");
	r = last(c);
	CHECK_STR(r->field[0], "unterminated\n", "unterminated field keeps its LF");
	CHECK_INT(r->flags, LBC_CSVROW_UNCLOSED, "flagged unclosed");
	CHECK_INT(lbc_csvrow_count(c), 5, "rows accumulate");
	r = lbc_csvrow_get(c, 0);
	CHECK_STR(r->field[1], "b,c", "first row still held");
	CHECK_INT(FEED(c, "\"open", "\n"), 0, "open row");
	lbc_csvrow_clear(c);
	CHECK_INT(lbc_csvrow_count(c), 0, "clear drops completed rows");
	CHECK_INT(FEED(c, "x\",y", "\n"), 1, "open row survives clear");
	r = lbc_csvrow_get(c, 0);
	CHECK_STR(r->field[0], "open\nx", "its field text too");
	lbc_csvrow_free(c);

	/* Line ends inside and outside quotes (csv-spectrum, rust-csv). */
	c = lbc_csvrow_new(',', &err);
	CHECK_INT(FEED(c, "1,\"a", "\r\n"), 0, "quoted CR LF: open");
	CHECK_INT(FEED(c, "b\",2", "\r\n"), 1, "quoted CR LF: closed");
	CHECK_STR(last(c)->field[1], "a\r\nb", "quoted CR LF kept, not LF");
	CHECK_INT(FEED(c, "1,\"a", "\r"), 0, "quoted CR: open");
	CHECK_INT(FEED(c, "b\"", "\n"), 1, "quoted CR: closed");
	CHECK_STR(last(c)->field[1], "a\rb", "quoted bare CR kept");
	CHECK_INT(FEED(c, "k1,v1", "\r"), 1, "a CR alone ends a row");
	CHECK_INT(FEED(c, "k2,v2", "\n"), 1, "the next row is its own");
	CHECK_STR(lbc_csvrow_get(c, lbc_csvrow_count(c) - 2)->field[1], "v1",
	    "no CR in the field before");
	CHECK_STR(last(c)->field[0], "k2", "no merge");
	CHECK_INT(FEED(c, " \" a \t\" , b , \" \r \"", "\n"), 1, "spaces");
	r = last(c);
	CHECK_STR(r->field[0], " a \t", "white space inside quotes kept");
	CHECK_STR(r->field[1], "b", "spaces around an unquoted field dropped");
	CHECK_STR(r->field[2], " \r ", "CR and spaces inside quotes kept");
	CHECK_INT(FEED(c, "\"\",\"\"\"\"", "\n"), 1, "empty and quote-only");
	CHECK_STR(last(c)->field[0], "", "empty quoted field");
	CHECK_STR(last(c)->field[1], "\"", "doubled quote");
	CHECK_INT(FEED(c, "x,\"y\"", ""), 1, "the last line ends its row");
	CHECK_STR(last(c)->field[1], "y", "closed quote at the end of input");
	CHECK_INT(lbc_csvrow_finish(c), 0, "nothing left to finish");
	CHECK_INT(FEED(c, "\"never closed", ""), 0, "open quote at the end");
	CHECK(!lbc_csvrow_at_start(c), "still inside it");
	CHECK_INT(lbc_csvrow_finish(c), 1, "finish gives it");
	CHECK_STR(last(c)->field[0], "never closed", "no LF invented at EOF");
	CHECK_INT(last(c)->flags, LBC_CSVROW_UNCLOSED, "and flags it");
	lbc_csvrow_free(c);

	/* Text after a closing quote (strict): the row ends, the next survive. */
	c = lbc_csvrow_new(',', &err);
	CHECK_INT(FEED(c, "1,\"见附件\"1,z", "\n"), 1, "text after a quote");
	r = last(c);
	CHECK_INT(r->flags, LBC_CSVROW_BADQUOTE, "flagged");
	CHECK_INT(r->n, 2, "the row ends at the bad field");
	CHECK_STR(r->field[1], "见附件\"1,z", "which keeps the rest of the line");
	CHECK(lbc_csvrow_at_start(c), "the next line starts a row");
	CHECK_INT(FEED(c, "2,b,c", "\n"), 1, "next row");
	CHECK_INT(last(c)->flags, 0, "read normally");
	CHECK_STR(last(c)->field[2], "c", "all of it");
	CHECK_INT(FEED(c, "\"a\" \"b\",c", "\n"), 1, "quote after a closed one");
	CHECK_INT(last(c)->flags, LBC_CSVROW_BADQUOTE, "flagged too");
	CHECK_INT(FEED(c, "\"multi", "\n"), 0, "quoted line break");
	CHECK_INT(FEED(c, "line\"x", "\n"), 1, "then text after the quote");
	CHECK_INT(last(c)->flags, LBC_CSVROW_BADQUOTE, "flagged on its last line");
	CHECK_INT(FEED(c, "\"a\"  ,b", "\n"), 1, "spaces after a quote");
	CHECK_INT(last(c)->flags, 0, "are fine");
	CHECK_STR(last(c)->field[0], "a", "and dropped");
	lbc_csvrow_free(c);

	c = lbc_csvrow_new('\t', &err);
	CHECK_INT(FEED(c, "\t\ta b\t", "\n"), 1, "TAB row");
	r = last(c);
	CHECK_INT(r->n, 4, "TABs are separators, not space");
	CHECK_STR(r->field[2], "a b", "inner space kept");
	CHECK_INT(FEED(c, "\"x\"\t\"y\"", "\r\n"), 1, "quoted TAB row");
	CHECK_STR(last(c)->field[1], "y", "second quoted field");
	lbc_csvrow_free(c);
	lbc_csvrow_free(NULL);
	return check_failed;
}

/* The record stream: escaping, fields by name, bad lines. */
#include <stdlib.h>

#include "buf.h"
#include "check.h"
#include "err.h"
#include "rec.h"

int
main(void)
{
	const char *text = "a\tb\\tc\tz\n1\tx\\ty\\\\\t\n\n2\t\t\\n\r\n3\t4\n5\t6\t7\t8\n9\tq\\k\tr";
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	struct lbc_reader *r;
	struct lbc_writer *w;
	char *mem = NULL;
	size_t memlen = 0, n;
	FILE *out;
	int err = 0;

	r = lbc_reader_new(fp, "t.tsv", &err);
	CHECK(r != NULL, "reader opens");
	if (r == NULL)
		return 1;
	CHECK_INT(lbc_reader_nfields(r), 3, "three header fields");
	CHECK_STR(lbc_reader_fieldname(r, 1), "b\tc", "header unescaped");
	CHECK_INT(lbc_reader_find(r, "z"), 2, "find by name");
	CHECK_INT(lbc_reader_find(r, "nope"), -1, "missing field");
	CHECK_INT(lbc_reader_next(r), 1, "record 1");
	CHECK_STR(lbc_reader_get(r, 1, &n), "x\ty\\", "tab and backslash");
	CHECK_INT(n, 4, "unescaped length");
	CHECK_STR(lbc_reader_get(r, 2, NULL), "", "empty last field");
	CHECK_INT(lbc_reader_next(r), 1, "record 2 after an empty line");
	CHECK_INT(lbc_reader_lineno(r), 4, "line number counts the empty line");
	CHECK_STR(lbc_reader_get(r, 2, NULL), "\n", "escaped LF, CR LF end");
	CHECK_INT(lbc_reader_next(r), LBC_EFIELDS, "too few fields");
	CHECK_INT(lbc_reader_next(r), LBC_EFIELDS, "too many fields");
	CHECK_INT(lbc_reader_next(r), LBC_EFORMAT, "bad escape");
	CHECK_INT(lbc_reader_lineno(r), 7, "line of the bad escape");
	CHECK_INT(lbc_reader_next(r), 0, "end");
	lbc_reader_free(r);
	fclose(fp);

	out = open_memstream(&mem, &memlen);
	w = lbc_writer_new(out);
	lbc_writer_puts(w, "a\tb");
	lbc_writer_puts(w, "c\\d\ne\r");
	lbc_writer_raw(w, "raw", 3);
	lbc_writer_end(w);
	CHECK_INT(lbc_writer_free(w), 0, "writer flushes");
	fclose(out);
	CHECK_STR(mem, "a\\tb\tc\\\\d\\ne\\r\traw\n", "writer escapes");
	free(mem);

	fp = fopen("/dev/full", "w");
	if (fp != NULL) {
		w = lbc_writer_new(fp);
		lbc_writer_puts(w, "x");
		lbc_writer_end(w);
		CHECK_INT(lbc_writer_free(w), LBC_EIO, "write to /dev/full fails");
		fclose(fp);
	}
	fp = fmemopen((void *)"", 0, "r");
	r = lbc_reader_new(fp, "-", &err);
	CHECK(r == NULL && err == LBC_EHEADER, "empty stream has no header");
	fclose(fp);
	return check_failed;
}

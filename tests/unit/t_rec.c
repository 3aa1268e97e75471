/* The record stream: escaping, fields by name, bad lines. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "check.h"
#include "err.h"
#include "rec.h"

/* The escaped form of s (n bytes), one byte at a time, into out. */
static size_t
escape_ref(const char *s, size_t n, char *out)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		switch (s[i]) {
		case '\\': out[k++] = '\\'; out[k++] = '\\'; break;
		case '\t': out[k++] = '\\'; out[k++] = 't'; break;
		case '\n': out[k++] = '\\'; out[k++] = 'n'; break;
		case '\r': out[k++] = '\\'; out[k++] = 'r'; break;
		default: out[k++] = s[i];
		}
	return k;
}

/*
 * Fields of every length to 40 with the bytes that need an escape at
 * every place, alone and in pairs, among ASCII and UTF-8 bytes: the
 * writer's 16-byte blocks and its tail against escape_ref().
 */
static void
writer_blocks(void)
{
	static const char fill[] = "\xe7\x8e\x8b" "1aZ]^~\x80" " ;,\"x";
	static const char special[] = "\\\t\n\r";
	char s[48], want[200], *mem = NULL;
	size_t memlen = 0, len, p, q, k, bad = 0, cases = 0;
	unsigned long nums[] = { 0, 7, 10, 4294967296UL, ULONG_MAX };
	char numtext[32];

	for (len = 0; len <= 40; len++)
		for (p = 0; p <= len; p++)
			for (q = p; q <= len; q += 5)
				for (k = 0; k < 4; k++) {
					FILE *out = open_memstream(&mem, &memlen);
					struct lbc_writer *w = lbc_writer_new(out);
					size_t i, wn;

					for (i = 0; i < len; i++)
						s[i] = fill[(i * 7 + k) %
						    (sizeof(fill) - 1)];
					if (p < len)
						s[p] = special[k];
					if (q < len)
						s[q] = special[(k + 1) % 4];
					lbc_writer_put(w, "", 0);
					lbc_writer_put(w, s, len);
					lbc_writer_end(w);
					lbc_writer_free(w);
					fclose(out);
					want[0] = '\t';
					wn = 1 + escape_ref(s, len, want + 1);
					want[wn++] = '\n';
					cases++;
					if (memlen != wn || memcmp(mem, want, wn) != 0)
						bad++;
					free(mem);
					mem = NULL;
				}
	CHECK_INT(bad, 0, "writer escapes fields of 0-40 bytes like a byte loop");
	CHECK(cases > 1000, "writer blocks: cases tried");
	for (k = 0; k < sizeof(nums) / sizeof(nums[0]); k++) {
		FILE *out = open_memstream(&mem, &memlen);
		struct lbc_writer *w = lbc_writer_new(out);

		lbc_writer_puts(w, "n");
		lbc_writer_ulong(w, nums[k]);
		lbc_writer_end(w);
		lbc_writer_free(w);
		fclose(out);
		snprintf(numtext, sizeof(numtext), "n\t%lu\n", nums[k]);
		CHECK_STR(mem, numtext, "writer writes a number in decimal");
		free(mem);
		mem = NULL;
	}
}

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
	writer_blocks();

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

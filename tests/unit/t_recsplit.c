/*
 * The record reader's field splitting against a plain one, on random
 * lines: fields of every length across the 8- and 16-byte blocks the
 * reader scans, runs of empty fields, escapes, lines with a field too few
 * or too many, bad escapes, CR LF ends.
 */
#include <stdlib.h>

#include "buf.h"
#include "check.h"
#include "err.h"
#include "rec.h"

static unsigned long rnd = 12345;

static unsigned
next(unsigned n)
{
	rnd = rnd * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)(rnd >> 33) % n;
}

/* Appends a random field, escaped; its unescaped text goes to plain. */
static void
field(struct lbc_buf *line, struct lbc_buf *plain)
{
	static const char *const raw[] = { "a", "b", "\\\\", "\\t", "\\n",
	    "\\r", "中", "x y", "0", ";" };
	static const char *const val[] = { "a", "b", "\\", "\t", "\n",
	    "\r", "中", "x y", "0", ";" };
	unsigned len = next(4) == 0 ? 0 : next(40), i, k;

	for (i = 0; i < len; i++) {
		k = next(10);
		if (k >= 2 && k <= 5 && next(4) != 0)
			k = 0;		/* escapes now and then */
		lbc_buf_adds(line, raw[k]);
		lbc_buf_adds(plain, val[k]);
	}
}

int
main(void)
{
	size_t round, bad = 0, recs = 0, errs = 0;

	for (round = 0; round < 300; round++) {
		struct lbc_buf text = { 0 }, want[64], line = { 0 };
		int kind[64];		/* 1 record, LBC_EFIELDS, LBC_EFORMAT */
		size_t nf = 1 + next(24), nlines = 1 + next(20), i, j, n;
		struct lbc_reader *r;
		FILE *fp;
		int err = 0, rc;

		for (j = 0; j < nf; j++)
			lbc_buf_printf(&text, "%sf%zu", j ? "\t" : "", j);
		lbc_buf_addc(&text, '\n');
		for (i = 0; i < nlines; i++) {
			unsigned shape = next(10);
			size_t fields = nf;

			memset(&want[i], 0, sizeof(want[i]));
			lbc_buf_clear(&line);
			kind[i] = 1;
			if (shape == 0 && nf > 1) {
				fields = nf - 1;
				kind[i] = LBC_EFIELDS;
			} else if (shape == 1) {
				fields = nf + 1 + next(20);
				kind[i] = LBC_EFIELDS;
			}
			for (j = 0; j < fields; j++) {
				if (j > 0) {
					lbc_buf_addc(&line, '\t');
					lbc_buf_addc(&want[i], '\x1f');
				}
				field(&line, &want[i]);
			}
			if (shape == 2 && kind[i] == 1) {
				lbc_buf_adds(&line, "\\q");	/* bad escape */
				kind[i] = LBC_EFORMAT;
			}
			if (line.len == 0 && nf > 1)	/* a blank line: none */
				lbc_buf_adds(&line, "z");
			lbc_buf_add(&text, line.p ? line.p : "", line.len);
			if (i + 1 < nlines || line.len == 0 || next(2))
				lbc_buf_adds(&text, next(5) ? "\n" : "\r\n");
		}
		fp = fmemopen(text.p, text.len, "r");
		r = lbc_reader_new(fp, "t", &err);
		for (i = 0; r != NULL && i < nlines; i++) {
			struct lbc_buf got = { 0 };

			rc = lbc_reader_next(r);
			if (kind[i] != 1) {
				if (rc != kind[i])
					printf("# round %zu line %zu: rc %d want "
					    "%d\n", round, i, rc, kind[i]);
				bad += rc != kind[i];
				errs++;
				lbc_buf_free(&want[i]);
				continue;
			}
			recs++;
			if (rc != 1) {
				printf("# round %zu line %zu: rc %d\n", round,
				    i, rc);
				bad++;
				lbc_buf_free(&want[i]);
				continue;
			}
			for (j = 0; j < nf; j++) {
				const char *v = lbc_reader_get(r, j, &n);

				if (j > 0)
					lbc_buf_addc(&got, '\x1f');
				lbc_buf_add(&got, v, n);
				bad += strlen(v) > n;	/* NUL-terminated at n */
			}
			if (got.len != want[i].len || (got.len > 0 &&
			    memcmp(got.p, want[i].p, got.len) != 0)) {
				printf("# round %zu line %zu: got \"%s\" want "
				    "\"%s\"\n", round, i, got.p, want[i].p);
				bad++;
			}
			lbc_buf_free(&got);
			lbc_buf_free(&want[i]);
		}
		bad += r == NULL || lbc_reader_next(r) != 0;
		lbc_reader_free(r);
		fclose(fp);
		lbc_buf_free(&text);
		lbc_buf_free(&line);
	}
	CHECK(recs > 1000 && errs > 300, "enough records and bad lines tried");
	CHECK_INT(bad, 0, "every record split as the plain splitter does");
	return check_failed;
}

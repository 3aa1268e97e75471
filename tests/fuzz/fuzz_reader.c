/*
 * fuzz_reader: the record stream reader (lib/rec.h) on arbitrary bytes.
 *
 * Besides not crashing, every record read must survive a round trip: the
 * writer escapes its fields, a second reader gives back the same bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "rec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lbc_reader *r, *r2;
	struct lbc_writer *w;
	struct lbc_buf vals = { 0 }, hdr = { 0 };
	size_t *lens = NULL, nlens = 0, caplens = 0, nf, i, k, n, off;
	char *mem = NULL;
	size_t memlen = 0;
	FILE *fp, *out, *in2;
	int err, rc;

	if (size == 0)
		return 0;
	if ((fp = fmemopen((void *)data, size, "r")) == NULL)
		return 0;
	if ((r = lbc_reader_new(fp, "fuzz", &err)) == NULL) {
		if (err != LBC_EHEADER && err != LBC_ENOMEM && err != LBC_EIO)
			abort();
		fclose(fp);
		return 0;
	}
	nf = lbc_reader_nfields(r);
	for (i = 0; i < nf; i++) {
		const char *name = lbc_reader_fieldname(r, i);

		if (name == NULL || *name == '\0' ||
		    lbc_reader_find(r, name) < 0 ||
		    lbc_reader_find(r, name) > (int)i)
			abort();
		lbc_buf_printf(&hdr, "%sf%zu", i ? "\t" : "", i);
	}
	if (lbc_reader_fieldname(r, nf) != NULL)
		abort();
	if ((out = open_memstream(&mem, &memlen)) == NULL ||
	    (w = lbc_writer_new(out)) == NULL)
		abort();
	lbc_writer_raw(w, hdr.p, hdr.len);
	lbc_writer_end(w);
	while ((rc = lbc_reader_next(r)) != 0) {
		if (rc == LBC_EFIELDS || rc == LBC_EFORMAT)
			continue;
		if (rc != 1)
			break;
		for (i = 0; i < nf; i++) {
			const char *v = lbc_reader_get(r, i, &n);

			if (v[n] != '\0')
				abort();
			lbc_writer_put(w, v, n);
			if (lbc_buf_add(&vals, v, n) != 0)
				abort();
			if (nlens == caplens) {
				caplens = caplens ? 2 * caplens : 64;
				if ((lens = realloc(lens, caplens *
				    sizeof(*lens))) == NULL)
					abort();
			}
			lens[nlens++] = n;
		}
		lbc_writer_end(w);
	}
	if (lbc_writer_free(w) != 0)
		abort();
	fclose(out);
	lbc_reader_free(r);
	fclose(fp);

	/* Read the written stream back: the same fields, in order. */
	if ((in2 = fmemopen(mem, memlen, "r")) == NULL ||
	    (r2 = lbc_reader_new(in2, "again", &err)) == NULL)
		abort();
	if (lbc_reader_nfields(r2) != nf)
		abort();
	off = 0;
	for (k = 0; k < nlens; k += nf) {
		if (lbc_reader_next(r2) != 1)
			abort();
		for (i = 0; i < nf; i++) {
			const char *v = lbc_reader_get(r2, i, &n);

			if (n != lens[k + i] || memcmp(v, vals.p + off, n) != 0)
				abort();
			off += n;
		}
	}
	if (lbc_reader_next(r2) != 0)
		abort();
	lbc_reader_free(r2);
	fclose(in2);
	free(mem);
	free(lens);
	lbc_buf_free(&vals);
	lbc_buf_free(&hdr);
	return 0;
}

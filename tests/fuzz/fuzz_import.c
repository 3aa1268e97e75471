/*
 * fuzz_import: the CSV and encoding import path (lib/import.h, enc.h,
 * csvrow.h) on arbitrary bytes, as lbc-import runs it.
 *
 * Besides not crashing: every data row is counted once (read = written +
 * rejected + skipped), and the output is a well-formed record stream of
 * valid UTF-8 whose every record has the header's number of fields.  Each
 * input is run with detection, and once more with the encoding and the
 * separator forced (chosen by its last and first bytes).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codebook.h"
#include "date.h"
#include "err.h"
#include "fold.h"
#include "import.h"
#include "rec.h"
#include "regions.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct lbc_fold *fold;
static struct lbc_codebook *cb;
static struct lbc_regions *regions;

/* Invented places, as in samples/regions.tsv; LBC_FUZZ_REGIONS names another table. */
static const char builtin_regions[] =
    "39\t云岭省\n3901\t青山市\n390102\t东湖区\n390102001\t湖滨街道\n"
    "390102001001\t新华社区\n390121\t清水县\n390121100\t清水镇\n"
    "390121100001\t新华村\n390121101\t石桥镇\n390121101001\t新华村\n";

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *path = getenv("LBC_FUZZ_REGIONS");
	unsigned long line;
	FILE *fp;
	int err;

	(void)argc;
	(void)argv;
	if ((fold = lbc_fold_new(&err)) == NULL ||
	    (cb = lbc_codebook_new(fold, &err)) == NULL)
		abort();
	fp = path != NULL ? fopen(path, "r") : fmemopen((void *)builtin_regions,
	    sizeof(builtin_regions) - 1, "r");
	if (fp == NULL || (regions = lbc_regions_load(fp, fold, &line,
	    &err)) == NULL)
		abort();
	fclose(fp);
	return 0;
}

/*
 * The output must read back as a record stream of valid UTF-8 with the
 * canonical fields first; returns the number of records.
 */
static unsigned long
check_stream(const char *mem, size_t len, size_t ncanon)
{
	struct lbc_reader *r;
	unsigned long records = 0;
	size_t nf, i, n;
	FILE *fp;
	int err, rc;

	if ((fp = fmemopen((void *)mem, len, "r")) == NULL ||
	    (r = lbc_reader_new(fp, "out", &err)) == NULL)
		abort();
	nf = lbc_reader_nfields(r);
	if (nf < ncanon)
		abort();
	for (i = 0; i < ncanon; i++)
		if (strcmp(lbc_reader_fieldname(r, i),
		    lbc_canonical_fields[i]) != 0)
			abort();
	while ((rc = lbc_reader_next(r)) == 1 && ++records)
		for (i = 0; i < nf; i++) {
			const char *v = lbc_reader_get(r, i, &n);

			if (!lbc_utf8_valid(v, n))
				abort();
		}
	if (rc != 0)
		abort();
	lbc_reader_free(r);
	fclose(fp);
	return records;
}

/* The rejects file: its fixed header, one row per rejected row. */
static const char *const reject_fields[] = {
	"src", "line", "reason", "message", "raw", NULL
};

static unsigned long
check_rejects(const char *mem, size_t len)
{
	struct lbc_reader *r;
	unsigned long records = 0;
	size_t i;
	FILE *fp;
	int err, rc;

	if ((fp = fmemopen((void *)mem, len, "r")) == NULL ||
	    (r = lbc_reader_new(fp, "rejects", &err)) == NULL)
		abort();
	for (i = 0; reject_fields[i] != NULL; i++)
		if (lbc_reader_find(r, reject_fields[i]) != (int)i)
			abort();
	while ((rc = lbc_reader_next(r)) == 1)
		records++;
	if (rc != 0)
		abort();
	lbc_reader_free(r);
	fclose(fp);
	return records;
}

static void
run(const uint8_t *data, size_t size, enum lbc_encoding enc, char delim)
{
	static const struct lbc_import_opts base = {
		.as_of = { 2024, 6, 30 }, .max_age = 16
	};
	struct lbc_import_opts o = base;
	const struct lbc_import_stats *st;
	struct lbc_import *imp;
	struct lbc_import_file *f;
	struct lbc_writer *w, *rej;
	char *mem = NULL, *rmem = NULL;
	size_t memlen = 0, rmemlen = 0;
	unsigned long line;
	FILE *out, *rout;
	int err;

	o.encoding = enc;
	o.delimiter = delim;
	if ((imp = lbc_import_new(&o, fold, cb, regions, &err)) == NULL)
		abort();
	f = lbc_import_file_open(imp, (const char *)data, size, "fuzz.csv",
	    &err, &line);
	if (f == NULL) {
		/* no header, bad bytes, or text after a quote in it */
		if (err != LBC_EHEADER && err != LBC_EENCODING &&
		    err != LBC_EFORMAT)
			abort();
		lbc_import_free(imp);
		return;
	}
	if ((out = open_memstream(&mem, &memlen)) == NULL ||
	    (rout = open_memstream(&rmem, &rmemlen)) == NULL ||
	    (w = lbc_writer_new(out)) == NULL ||
	    (rej = lbc_writer_new(rout)) == NULL)
		abort();
	lbc_import_write_header(imp, w);
	lbc_import_write_reject_header(rej);
	if (lbc_import_file_run(imp, f, w, rej, NULL, NULL) != 0)
		abort();
	if (lbc_writer_free(w) != 0 || lbc_writer_free(rej) != 0)
		abort();
	fclose(out);
	fclose(rout);
	st = lbc_import_stats(imp);
	if (st->read != st->written + st->rejected + st->skipped)
		abort();
	if (check_stream(mem, memlen, LBC_NCANONICAL) != st->written)
		abort();
	if (check_rejects(rmem, rmemlen) != st->rejected)
		abort();
	free(mem);
	free(rmem);
	lbc_import_file_free(f);
	lbc_import_free(imp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum lbc_encoding encs[] = {
		LBC_ENC_UTF8, LBC_ENC_UTF16LE, LBC_ENC_UTF16BE, LBC_ENC_GB18030
	};
	static const char delims[] = { 0, ',', '\t', ';' };

	run(data, size, LBC_ENC_AUTO, 0);
	if (size > 0)
		run(data, size, encs[data[size - 1] % 4], delims[data[0] % 4]);
	return 0;
}

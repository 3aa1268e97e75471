/*
 * lbc-import: survey spreadsheets (CSV/TSV in the encodings offices use)
 * in, one LBC record stream out.  See lbc-import(1) and lbc(5).
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "codebook.h"
#include "date.h"
#include "err.h"
#include "fold.h"
#include "import.h"
#include "outfile.h"
#include "rec.h"
#include "regions.h"
#include "regtable.h"

struct input {
	const char		*path;		/* as named, "-" for stdin */
	char			*data;
	size_t			 len;
	int			 mapped;
	struct lbc_import_file	*f;
};

static int quiet, verbose;

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: lbc-import [-qv] [-c codebook] [-m mapping] "
	    "[-R rejects] [-r regions]\n"
	    "                  [--as-of date] [--delimiter c] [--encoding enc] "
	    "[--max-age n]\n"
	    "                  [--no-builtin-regions] [file ...]\n");
	exit(2);
}

static void
help(void)
{
	printf("usage: lbc-import [-qv] [-c codebook] [-m mapping] [-R rejects] "
	    "[-r regions]\n"
	    "                  [--as-of date] [--delimiter c] [--encoding enc] "
	    "[--max-age n]\n"
	    "                  [--no-builtin-regions] [file ...]\n"
	    "Read survey files (CSV or TSV; UTF-8, UTF-16 with BOM or GB18030)"
	    " and write\none LBC record per child report to standard output.\n\n"
	    "  -c file         codebook extending the built-in one\n"
	    "  -m file         more header names (header<TAB>field)\n"
	    "  -R file         write rejected rows with reasons to file\n"
	    "  -r file         regions table (code name), over the built-in one\n"
	    "  -q              no per-row messages and no accounting line\n"
	    "  -v              tell each file's encoding, separator and header line\n"
	    "  --as-of date    age date for rows without a survey date (default today)\n"
	    "  --delimiter c   comma, tab or semicolon (default: detect)\n"
	    "  --encoding enc  utf-8, utf-16le, utf-16be or gb18030 (default: detect)\n"
	    "  --max-age n     reject children aged n or more (1-150, default 16)\n"
	    "  --no-builtin-regions  only -r's places, not the built-in table\n"
	    "  -h, --help      this help;  --version  the version\n");
}

/* Reads a whole input: regular files are mapped, anything else read. */
static int
slurp(struct input *in)
{
	struct stat sb;
	size_t cap = 0;
	ssize_t got;
	int fd;

	if (strcmp(in->path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(in->path, O_RDONLY)) == -1)
		return -1;
	if (fstat(fd, &sb) == -1)
		goto fail;
	if (S_ISDIR(sb.st_mode)) {
		errno = EISDIR;
		goto fail;
	}
	if (S_ISREG(sb.st_mode) && sb.st_size > 0) {
		in->len = (size_t)sb.st_size;
		in->data = mmap(NULL, in->len, PROT_READ, MAP_PRIVATE, fd, 0);
		if (in->data == MAP_FAILED)
			goto fail;
		(void)madvise(in->data, in->len, MADV_SEQUENTIAL);
		in->mapped = 1;
	} else {
		for (;;) {
			if (cap - in->len < 65536) {
				char *p;

				cap = cap ? cap * 2 : 1 << 20;
				if ((p = realloc(in->data, cap)) == NULL)
					goto fail;
				in->data = p;
			}
			got = read(fd, in->data + in->len, cap - in->len);
			if (got == -1 && errno == EINTR)
				continue;
			if (got == -1)
				goto fail;
			if (got == 0)
				break;
			in->len += (size_t)got;
		}
	}
	if (fd != STDIN_FILENO)
		close(fd);
	return 0;
fail:
	if (fd != STDIN_FILENO) {
		int saved = errno;

		close(fd);
		errno = saved;
	}
	return -1;
}

static void
release(struct input *in)
{
	lbc_import_file_free(in->f);
	if (in->mapped)
		munmap(in->data, in->len);
	else
		free(in->data);
}

static void
on_reject(void *ctx, const char *src, unsigned long line,
    enum lbc_reject why, const char *msg)
{
	(void)ctx;
	if (!quiet)
		warnx("%s:%lu: rejected (%s): %s", src, line,
		    lbc_reject_name(why), msg);
}

static FILE *
open_or_die(const char *path)
{
	FILE *fp = fopen(path, "r");

	if (fp == NULL)
		err(1, "%s", path);
	return fp;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "as-of", required_argument, NULL, 'A' },
		{ "delimiter", required_argument, NULL, 'D' },
		{ "encoding", required_argument, NULL, 'E' },
		{ "max-age", required_argument, NULL, 'M' },
		{ "no-builtin-regions", no_argument, NULL, 'B' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct lbc_import_opts o;
	const char *codebook = NULL, *mapping = NULL, *rejects = NULL;
	const char *regions = NULL, *stdin_name[] = { "-" };
	const char *const *files;
	struct lbc_regions *rt = NULL;
	struct lbc_codebook *cb;
	struct lbc_import *imp;
	struct lbc_outfile *rejf = NULL;
	struct lbc_writer *out, *rej = NULL;
	struct lbc_fold *fold;
	struct input *in;
	const struct lbc_import_stats *st;
	unsigned long line;
	int ch, e, i, nfiles, rval = 0, rc, builtin = 1;
	char *end;
	long v;
	FILE *fp;

	cleanup_init();
	setlocale(LC_ALL, "");
	argv[0] = program_invocation_short_name;	/* getopt says "lbc-x: ..." */
	memset(&o, 0, sizeof(o));
	lbc_date_today(&o.as_of);
	o.max_age = 16;
	while ((ch = getopt_long(argc, argv, "c:hm:qR:r:v", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c': codebook = optarg; break;
		case 'm': mapping = optarg; break;
		case 'q': quiet = 1; break;
		case 'R': rejects = optarg; break;
		case 'r': regions = optarg; break;
		case 'v': verbose = 1; break;
		case 'B': builtin = 0; break;
		case 'A':
			if (lbc_date_parse(optarg, strlen(optarg), &o.as_of) != 0) {
				warnx("--as-of: not a date: %s", optarg);
				usage();
			}
			break;
		case 'D':
			if (strcmp(optarg, "comma") == 0 || strcmp(optarg, ",") == 0)
				o.delimiter = ',';
			else if (strcmp(optarg, "tab") == 0 ||
			    strcmp(optarg, "\t") == 0)
				o.delimiter = '\t';
			else if (strcmp(optarg, "semicolon") == 0 ||
			    strcmp(optarg, ";") == 0)
				o.delimiter = ';';
			else {
				warnx("--delimiter: comma, tab or semicolon");
				usage();
			}
			break;
		case 'E':
			if ((o.encoding = lbc_encoding_byname(optarg)) ==
			    LBC_ENC_AUTO) {
				warnx("--encoding: unknown encoding: %s", optarg);
				usage();
			}
			break;
		case 'M':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || *end || v < 1 || v > 150) {
				warnx("--max-age %s: give a whole number of "
				    "years from 1 to 150", optarg);
				usage();
			}
			o.max_age = (int)v;
			break;
		case 'h':
			help();
			return fclose(stdout) == 0 ? 0 : 1;
		case 'V':
			printf("lbc-import (lbc) %s\nbuilt-in regions table: %s\n",
			    LBC_VERSION, lbc_regions_builtin_label());
			return fclose(stdout) == 0 ? 0 : 1;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (rejects != NULL && strcmp(rejects, "-") == 0) {
		warnx("-R: rejects cannot go to standard output");
		usage();
	}
	files = argc > 0 ? (const char *const *)argv : stdin_name;
	nfiles = argc > 0 ? argc : 1;
	if (rejects != NULL) {
		for (i = 0; i < nfiles; i++)
			cleanup_refuse_same("-R", rejects, files[i]);
		cleanup_refuse_same("-R", rejects, codebook);
		cleanup_refuse_same("-R", rejects, mapping);
		cleanup_refuse_same("-R", rejects, regions);
	}

	if ((fold = lbc_fold_new(&e)) == NULL ||
	    (cb = lbc_codebook_new(fold, &e)) == NULL)
		errx(1, "%s", lbc_strerror(e));
	if (codebook != NULL) {
		fp = open_or_die(codebook);
		if ((rc = lbc_codebook_load(cb, fp, &line)) != 0)
			errx(1, "%s:%lu: %s", codebook, line, lbc_strerror(rc));
		fclose(fp);
	}
	fp = regions != NULL ? open_or_die(regions) : NULL;
	rt = open_regions(fold, regions, fp, builtin);
	if (fp != NULL)
		fclose(fp);
	if ((imp = lbc_import_new(&o, fold, cb, rt, &e)) == NULL)
		errx(1, "%s", lbc_strerror(e));
	if (mapping != NULL) {
		fp = open_or_die(mapping);
		if ((rc = lbc_import_map_load(imp, fp, &line)) != 0)
			errx(1, "%s:%lu: %s", mapping, line, rc == LBC_EFORMAT ?
			    "expected header<TAB>field with a known field" :
			    lbc_strerror(rc));
		fclose(fp);
	}

	/* Open every input first: the output header needs all their columns. */
	if ((in = calloc((size_t)nfiles, sizeof(*in))) == NULL)
		err(1, NULL);
	for (i = 0; i < nfiles; i++) {
		const char *base;

		in[i].path = files[i];
		if (slurp(&in[i]) == -1) {
			warn("%s", in[i].path);
			rval = 1;
			continue;
		}
		base = strrchr(in[i].path, '/');
		base = base ? base + 1 : in[i].path;
		if (in[i].mapped)
			cleanup_mapped(in[i].path, in[i].data, in[i].len);
		in[i].f = lbc_import_file_open(imp, in[i].data, in[i].len, base,
		    &e, &line);
		cleanup_mapped(NULL, NULL, 0);
		if (in[i].f == NULL) {
			if (e == LBC_EHEADER)
				warnx("%s: no header row", in[i].path);
			else
				warnx("%s:%lu: %s", in[i].path, line,
				    lbc_strerror(e));
			rval = 1;
			continue;
		}
		if (in[i].mapped)
			lbc_import_file_mapped(in[i].f);
		if (verbose)
			warnx("%s: %s, %s-separated", in[i].path,
			    lbc_encoding_name(lbc_import_file_encoding(in[i].f)),
			    lbc_import_file_delimiter(in[i].f) == '\t' ? "TAB" :
			    lbc_import_file_delimiter(in[i].f) == ';' ?
			    "semicolon" : "comma");
		if (!lbc_import_file_has_identity(in[i].f))
			warnx("%s: no name or ID column: every row will be "
			    "rejected", in[i].path);
		else if (!lbc_import_file_has_region(in[i].f))
			warnx("%s: no region code or name column: every row will "
			    "be rejected", in[i].path);
	}

	if ((out = lbc_writer_new(stdout)) == NULL)
		err(1, NULL);
	if (rejects != NULL) {
		if ((rejf = lbc_outfile_open(rejects, &e)) == NULL)
			cleanup_open_failed(rejects, e);
		cleanup_output(rejf);
		if ((rej = lbc_writer_new(lbc_outfile_fp(rejf))) == NULL)
			err(1, NULL);
		lbc_import_write_reject_header(rej);
	}
	lbc_import_write_header(imp, out);
	for (i = 0; i < nfiles; i++) {
		if (in[i].f == NULL)
			continue;
		if (in[i].mapped)
			cleanup_mapped(in[i].path, in[i].data, in[i].len);
		rc = lbc_import_file_run(imp, in[i].f, out, rej,
		    rejects == NULL ? on_reject : NULL, NULL);
		cleanup_mapped(NULL, NULL, 0);
		if (rc != 0) {
			warnx("%s: %s", in[i].path, lbc_strerror(rc));
			rval = 1;
		} else if (lbc_import_file_unclosed(in[i].f) > 0)
			warnx("%s:%lu: a quoted field is not closed: the rest of "
			    "the file went into it", in[i].path,
			    lbc_import_file_unclosed(in[i].f));
		release(&in[i]);
		in[i].f = NULL;
		in[i].data = NULL;
		in[i].mapped = 0;
		if (lbc_writer_flush(out) != 0)
			break;
	}
	if (lbc_writer_free(out) != 0 || fclose(stdout) != 0) {
		if (errno != EPIPE)	/* a reader that stopped needs no message */
			warn("standard output");
		lbc_writer_free(rej);
		lbc_outfile_abort(rejf);
		rval = 1;
		goto done;
	}
	if (rej != NULL) {
		if (lbc_writer_free(rej) != 0) {
			warn("%s", rejects);
			lbc_outfile_abort(rejf);
			rval = 1;
			goto done;
		}
		if (cleanup_commit(rejf) != 0) {
			warn("%s", rejects);
			rval = 1;
			goto done;
		}
	}
	st = lbc_import_stats(imp);
	if (!quiet) {
		if (st->rejected > 0) {
			char buf[256];
			size_t k, len = 0;

			buf[0] = '\0';
			for (k = 0; k < LBC_REJ_COUNT; k++)
				if (st->reason[k] > 0)
					len += (size_t)snprintf(buf + len,
					    sizeof(buf) - len, "%s%lu %s",
					    len ? ", " : "", st->reason[k],
					    lbc_reject_name((enum lbc_reject)k));
			warnx("rejected: %s", buf);
		}
		warnx("%lu rows read = %lu written + %lu rejected + %lu skipped",
		    st->read, st->written, st->rejected, st->skipped);
	}
done:
	for (i = 0; i < nfiles; i++)
		release(&in[i]);
	free(in);
	lbc_import_free(imp);
	lbc_regions_free(rt);
	lbc_codebook_free(cb);
	lbc_fold_free(fold);
	return rval;
}

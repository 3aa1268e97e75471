/*
 * fuzz_stream: record streams (lib/rec.h) through the dedupe engine
 * (lib/dedupe.h) and the tally (lib/tally.h), as lbc-dedupe | lbc-tally.
 *
 * Besides not crashing: every record is in one child, numbered in order
 * of first appearance; a conflict stays alone; two valid IDs that differ
 * are never one child; the merged stream reads back with one record per
 * child whose records column adds up to the records read; the clusters
 * table has a row per record; the tally counts every record it is given.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codebook.h"
#include "dedupe.h"
#include "err.h"
#include "fold.h"
#include "rec.h"
#include "tally.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct lbc_fold *stream_fold;
static struct lbc_codebook *stream_cb;

/* Tallies the stream in mem; returns the records counted, or -1. */
static long
stream_tally(const char *mem, size_t len)
{
	static const char *const fields[] = { "region", "sex", "risk",
		"problems", "flags", "guardian", "region,problems",
		"sex,risk", NULL };
	struct lbc_tally_conf conf = { 0 };
	struct lbc_tally *t;
	struct lbc_reader *r;
	const char *missing;
	long n = -1;
	size_t i;
	FILE *fp;
	int err, rc;

	if (len == 0 || (fp = fmemopen((void *)mem, len, "r")) == NULL)
		return -1;
	if ((r = lbc_reader_new(fp, "merged", &err)) == NULL) {
		fclose(fp);
		return -1;
	}
	conf.cb = stream_cb;
	conf.level = 6;
	conf.as_of.y = 2024;
	conf.as_of.m = 6;
	conf.as_of.d = 30;
	if ((t = lbc_tally_new(&conf, &err)) == NULL)
		abort();
	for (i = 0; fields[i] != NULL; i++) {
		const char *comma = strchr(fields[i], ',');

		if (lbc_reader_find(r, comma ? "region" : fields[i]) >= 0 &&
		    (comma == NULL || lbc_reader_find(r, comma + 1) >= 0) &&
		    lbc_tally_add_table(t, fields[i]) != 0)
			abort();
	}
	if (lbc_tally_ntables(t) == 0) {	/* nothing to tally: count */
		for (n = 0; (rc = lbc_reader_next(r)) != 0;)
			n += rc == 1;
	} else if ((rc = lbc_tally_start(t, r, &missing)) == 0) {
		n = 0;
		while ((rc = lbc_reader_next(r)) != 0) {
			if (rc != 1)
				continue;
			if (lbc_tally_add(t, r) != 0)
				abort();
			n++;
		}
		if (lbc_tally_finish(t) != 0 || lbc_tally_records(t) !=
		    (unsigned long)n)
			abort();
		for (i = 0; i < lbc_tally_ntables(t); i++)
			if (lbc_tally_table(t, i)->total > (unsigned long)n)
				abort();
	} else if (rc != LBC_EHEADER)
		abort();
	lbc_tally_free(t);
	lbc_reader_free(r);
	fclose(fp);
	return n;
}

/* Regions agree: equal, one a prefix of the other, or one unknown. */
static int
naive_regok(const struct lbc_dedupe_key *a, const struct lbc_dedupe_key *b)
{
	size_t n = a->reglen < b->reglen ? a->reglen : b->reglen;

	return n == 0 || memcmp(a->region, b->region, n) == 0;
}

static int
naive_sexok(int a, int b)
{
	return a == 0 || b == 0 || a == b;
}

/*
 * The matcher as it was first written, comparing each record with every
 * child of its block (quadratic; small inputs only): cl[i] gets a cluster
 * number, conflict[i] 1 for a record left alone.  Returns the clusters.
 */
static size_t
naive(const struct lbc_dedupe_key *k, size_t n, size_t *cl, char *conflict)
{
	size_t *blk = malloc((n + 1) * sizeof(*blk));
	size_t *todo = malloc((n + 1) * sizeof(*todo));
	size_t *prof = malloc((n + 1) * sizeof(*prof));
	size_t *stamp = malloc((n + 1) * sizeof(*stamp));
	int *csex = malloc((n + 1) * sizeof(*csex));
	char *hit = malloc(n + 1), *reg = malloc(n + 1), *done = calloc(n + 1, 1);
	size_t ncl = 0, nidcl, i, j, t, c, nb, nt, now = 0;
	const size_t ALONE = SIZE_MAX - 1;

	if (blk == NULL || todo == NULL || prof == NULL || stamp == NULL ||
	    csex == NULL || hit == NULL || reg == NULL || done == NULL)
		abort();
	for (i = 0; i < n; i++) {
		cl[i] = SIZE_MAX;
		conflict[i] = 0;
		stamp[i] = SIZE_MAX;
		if (k[i].id == 0)
			continue;
		for (j = 0; j < i && k[j].id != k[i].id; j++)
			;
		if (j < i)
			cl[i] = cl[j];
		else {
			cl[i] = ncl;
			csex[ncl++] = k[i].sex;
		}
	}
	nidcl = ncl;
	for (i = 0; i < n; i++) {
		if (done[i] || k[i].birth == 0 || k[i].pin == 0)
			continue;
		for (j = i, nb = nt = 0; j < n; j++) {
			if (done[j] || k[j].birth != k[i].birth ||
			    k[j].pin != k[i].pin)
				continue;
			done[j] = 1;
			blk[nb++] = j;
			if (k[j].id == 0)
				todo[nt++] = j;
		}
		for (t = 1; t < nt; t++)	/* most specific first */
			for (j = t; j > 0; j--) {
				const struct lbc_dedupe_key *x = &k[todo[j]];
				const struct lbc_dedupe_key *y = &k[todo[j - 1]];
				size_t tmp;

				if (x->reglen < y->reglen || (x->reglen ==
				    y->reglen && (x->sex == 0 || y->sex != 0)))
					break;
				tmp = todo[j];
				todo[j] = todo[j - 1];
				todo[j - 1] = tmp;
			}
		for (t = 0; t < nt; t++) {
			const struct lbc_dedupe_key *x = &k[todo[t]];
			size_t npin = 0, nname = 0, pname = 0, ppin = 0, b;

			now++;
			for (b = 0; b < nb; b++) {	/* the children so far */
				const struct lbc_dedupe_key *y = &k[blk[b]];

				if ((c = cl[blk[b]]) >= ALONE)
					continue;
				if (stamp[c] != now) {
					stamp[c] = now;
					hit[c] = reg[c] = 0;
				}
				hit[c] |= y->simp == x->simp;
				reg[c] |= naive_regok(x, y);
			}
			for (b = 0; b < nb; b++) {
				int ok;

				if ((c = cl[blk[b]]) >= ALONE || stamp[c] != now)
					continue;
				stamp[c] = 0;	/* once per child */
				ok = naive_sexok(csex[c], x->sex) &&
				    (c < nidcl ? reg[c] : naive_regok(x,
				    &k[prof[c]]));
				if (!ok)
					continue;
				npin++, ppin = c;
				if (hit[c])
					nname++, pname = c;
			}
			if (nname > 1 || (nname == 0 && npin > 1)) {
				cl[todo[t]] = ALONE;
				conflict[todo[t]] = 1;
			} else if (nname == 1 || npin == 1) {
				c = nname == 1 ? pname : ppin;
				cl[todo[t]] = c;
				if (c >= nidcl && x->sex != 0)
					csex[c] = x->sex;
			} else {
				prof[ncl] = todo[t];
				csex[ncl] = x->sex;
				cl[todo[t]] = ncl++;
			}
		}
	}
	for (i = 0; i < n; i++)
		if (cl[i] >= ALONE)
			cl[i] = ncl++;
	free(blk);
	free(todo);
	free(prof);
	free(stamp);
	free(csex);
	free(hit);
	free(reg);
	free(done);
	return ncl;
}

/* The engine's children are the naive matcher's, record by record. */
static void
stream_check_naive(const struct lbc_dedupe *d, size_t n)
{
	struct lbc_dedupe_key *k = malloc((n + 1) * sizeof(*k));
	size_t *cl = malloc((n + 1) * sizeof(*cl)), *num, ncl, i, next = 0;
	char *conflict = malloc(n + 1);

	if (k == NULL || cl == NULL || conflict == NULL)
		abort();
	for (i = 0; i < n; i++)
		lbc_dedupe_key(d, i, &k[i]);
	ncl = naive(k, n, cl, conflict);
	if ((num = calloc(ncl + 1, sizeof(*num))) == NULL)
		abort();
	for (i = 0; i < n; i++) {
		if (num[cl[i]] == 0)
			num[cl[i]] = ++next;
		if (num[cl[i]] != lbc_dedupe_child(d, i) || conflict[i] !=
		    (lbc_dedupe_how(d, i) == LBC_HOW_CONFLICT))
			abort();
	}
	free(num);
	free(k);
	free(cl);
	free(conflict);
}

/* Checks the clusters of a run of n records. */
static void
stream_check_clusters(const struct lbc_dedupe *d, size_t n)
{
	size_t nc = lbc_dedupe_nchildren(d), i, seen = 0, sum = 0;
	size_t *size = calloc(nc + 1, sizeof(*size));
	uint64_t *id = calloc(nc + 1, sizeof(*id));
	int h;

	if (size == NULL || id == NULL)
		abort();
	if (nc > n || (n > 0 && nc == 0))
		abort();
	for (i = 0; i < n; i++) {
		size_t c = lbc_dedupe_child(d, i);
		struct lbc_dedupe_key k;

		if (c < 1 || c > nc || c > seen + 1)
			abort();
		if (c == seen + 1)
			seen++;
		size[c]++;
		lbc_dedupe_key(d, i, &k);
		if (k.id != 0) {
			if (id[c] != 0 && id[c] != k.id)
				abort();	/* two IDs in one child */
			id[c] = k.id;
		}
	}
	if (seen != nc)
		abort();
	for (i = 0; i < n; i++) {
		enum lbc_how how = lbc_dedupe_how(d, i);

		if (how == LBC_HOW_CONFLICT && size[lbc_dedupe_child(d, i)] != 1)
			abort();
		if ((how == LBC_HOW_SINGLE) != (size[lbc_dedupe_child(d, i)] == 1 &&
		    how != LBC_HOW_CONFLICT))
			abort();
	}
	for (h = LBC_HOW_SINGLE; h <= LBC_HOW_CONFLICT; h++)
		sum += lbc_dedupe_count(d, (enum lbc_how)h);
	if (sum != n)
		abort();
	free(size);
	free(id);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lbc_reader *r, *r2;
	struct lbc_dedupe *d;
	struct lbc_writer *w;
	char *mem = NULL;
	size_t memlen = 0, n = 0, nf, out = 0, i;
	unsigned long long sum = 0;
	long tallied;
	FILE *fp, *o;
	int err, rc, had;

	if (stream_fold == NULL && ((stream_fold = lbc_fold_new(&err)) == NULL ||
	    (stream_cb = lbc_codebook_new(stream_fold, &err)) == NULL))
		abort();
	if (size == 0 || (fp = fmemopen((void *)data, size, "r")) == NULL)
		return 0;
	if ((r = lbc_reader_new(fp, "fuzz", &err)) == NULL) {
		fclose(fp);
		return 0;
	}
	if ((d = lbc_dedupe_new(r, stream_cb, &err)) == NULL) {
		if (err != LBC_EHEADER)
			abort();
		lbc_reader_free(r);
		fclose(fp);
		return 0;
	}
	nf = lbc_reader_nfields(r);
	had = lbc_reader_find(r, "records") >= 0;
	while ((rc = lbc_reader_next(r)) != 0) {
		if (rc == LBC_EFIELDS || rc == LBC_EFORMAT)
			continue;
		if (rc != 1)
			break;
		if (lbc_dedupe_add(d, r) != 0)
			abort();
		n++;
	}
	if (lbc_dedupe_nrecords(d) != n)
		abort();
	if ((rc = lbc_dedupe_run(d)) != 0) {
		/* Only a records column may refuse, at a record's line. */
		if (rc != LBC_EFORMAT || !had || lbc_dedupe_errline(d) < 2)
			abort();
		goto done;
	}
	stream_check_clusters(d, n);
	if (n <= 2000)
		stream_check_naive(d, n);

	if ((o = open_memstream(&mem, &memlen)) == NULL ||
	    (w = lbc_writer_new(o)) == NULL)
		abort();
	if (lbc_dedupe_write(d, w) != 0 || lbc_writer_free(w) != 0)
		abort();
	fclose(o);
	if ((o = fmemopen(mem, memlen, "r")) == NULL ||
	    (r2 = lbc_reader_new(o, "merged", &err)) == NULL)
		abort();
	if (lbc_reader_nfields(r2) != nf + !had)
		abort();
	while ((rc = lbc_reader_next(r2)) == 1) {
		size_t len;
		const char *v = lbc_reader_get(r2, (size_t)lbc_reader_find(r2,
		    "records"), &len);
		unsigned long long c = 0;

		for (i = 0; i < len; i++)
			c = c * 10 + (unsigned)(v[i] - '0');
		if (len == 0 || len > 18 || strspn(v, "0123456789") != len)
			abort();
		sum += c;
		out++;
	}
	if (rc != 0 || out != lbc_dedupe_nchildren(d) || (!had && sum != n))
		abort();
	lbc_reader_free(r2);
	fclose(o);
	tallied = stream_tally(mem, memlen);
	if (tallied >= 0 && tallied != (long)out)
		abort();	/* -1: the tally wants a column there is not */
	free(mem);
	mem = NULL;

	if ((o = open_memstream(&mem, &memlen)) == NULL ||
	    (w = lbc_writer_new(o)) == NULL)
		abort();
	if (lbc_dedupe_write_clusters(d, w) != 0 || lbc_writer_free(w) != 0)
		abort();
	fclose(o);
	for (out = 0, i = 0; i < memlen; i++)
		out += mem[i] == '\n';
	if (out != n + 1)
		abort();
done:
	free(mem);
	lbc_dedupe_free(d);
	lbc_reader_free(r);
	fclose(fp);
	/* The input itself through the tally. */
	stream_tally((const char *)data, size);
	return 0;
}

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "fold.h"
#include "regions.h"
#include "strmap.h"

#define AMBIG SIZE_MAX

struct lbc_regions {
	struct lbc_fold		*fold;
	struct lbc_strmap	*codes;		/* code -> index */
	struct lbc_strmap	*exact;		/* level scope \x1f name -> index */
	struct lbc_strmap	*loose;		/* same with suffix-less names */
	char			**name;
	char			**code;
	size_t			 n, cap;
	struct lbc_buf		 key, f1;
};

static const char *const suffixes[] = {
	"村委会", "居委会", "办事处", "社区", "街道", "村", "镇", "乡", "县", "区",
	"市", NULL
};

/* Length of s without one trailing level suffix (n when none, or nothing left). */
static size_t
base_len(const char *s, size_t n)
{
	size_t i, k;

	for (i = 0; suffixes[i] != NULL; i++) {
		k = strlen(suffixes[i]);
		if (n > k && memcmp(s + n - k, suffixes[i], k) == 0)
			return n - k;
	}
	return n;
}

size_t
lbc_region_code_norm(const char *code, size_t n, char out[13])
{
	size_t i;

	if (n != 2 && n != 4 && n != 6 && n != 9 && n != 12)
		return 0;
	for (i = 0; i < n; i++)
		if (code[i] < '0' || code[i] > '9')
			return 0;
	memcpy(out, code, n);
	out[n] = '\0';
	if (n == 12 && memcmp(out + 9, "000", 3) == 0)
		n = 9;
	if (n == 9 && memcmp(out + 6, "000", 3) == 0)
		n = 6;
	if (n == 6 && memcmp(out + 4, "00", 2) == 0)
		n = 4;
	if (n == 4 && memcmp(out + 2, "00", 2) == 0)
		n = 2;
	out[n] = '\0';
	return n;
}

static int
put_name(struct lbc_regions *r, struct lbc_strmap *m, char level,
    const char *scope, size_t sn, const char *name, size_t nn, size_t idx)
{
	size_t got;
	int added, rc;

	lbc_buf_clear(&r->key);
	if (lbc_buf_addc(&r->key, level) || lbc_buf_add(&r->key, scope, sn) ||
	    lbc_buf_addc(&r->key, '\x1f') || lbc_buf_add(&r->key, name, nn))
		return LBC_ENOMEM;
	if ((rc = lbc_strmap_intern(m, r->key.p, r->key.len, idx, &got,
	    &added)) != 0)
		return rc;
	if (!added && got != idx)
		return lbc_strmap_put(m, r->key.p, r->key.len, AMBIG);
	return 0;
}

static int
index_name(struct lbc_regions *r, size_t idx)
{
	const char *c = r->code[idx];
	size_t cl = strlen(c), nl, bl;
	char level;
	int rc;

	if (cl == 6)
		level = 'C';
	else if (cl == 9)
		level = 'T';
	else if (cl == 12)
		level = 'V';
	else
		return 0;
	if ((rc = lbc_fold_name(r->fold, r->name[idx], strlen(r->name[idx]),
	    &r->f1)) != 0)
		return rc;
	nl = r->f1.len;
	bl = base_len(r->f1.p, nl);
	/* scopes: a township also globally, a village only in its township */
	if ((rc = put_name(r, r->exact, level, c, cl == 6 ? 0 : cl - 3,
	    r->f1.p, nl, idx)) || (rc = put_name(r, r->loose, level, c,
	    cl == 6 ? 0 : cl - 3, r->f1.p, bl, idx)))
		return rc;
	if (cl == 9 && ((rc = put_name(r, r->exact, level, "", 0, r->f1.p, nl,
	    idx)) || (rc = put_name(r, r->loose, level, "", 0, r->f1.p, bl, idx))))
		return rc;
	return 0;
}

static int
add_row(struct lbc_regions *r, char *row, int first)
{
	char code[13], *tab, *name, *end;
	size_t cl, idx;
	int added, rc;

	if ((tab = strchr(row, '\t')) == NULL)
		return LBC_EFORMAT;
	*tab = '\0';
	name = tab + 1;
	if ((end = strchr(name, '\t')) != NULL)
		*end = '\0';
	if ((cl = lbc_region_code_norm(row, strlen(row), code)) == 0)
		return first ? 0 : LBC_EFORMAT;
	if (*name == '\0')
		return LBC_EFORMAT;
	if (r->n == r->cap) {
		size_t ncap = r->cap ? r->cap * 2 : 256;
		char **a = realloc(r->name, ncap * sizeof(*a));

		if (a == NULL)
			return LBC_ENOMEM;
		r->name = a;
		if ((a = realloc(r->code, ncap * sizeof(*a))) == NULL)
			return LBC_ENOMEM;
		r->code = a;
		r->cap = ncap;
	}
	if ((rc = lbc_strmap_intern(r->codes, code, cl, r->n, &idx, &added)) != 0)
		return rc;
	if (!added)
		return LBC_EFORMAT;	/* the same code twice */
	if ((r->code[r->n] = strdup(code)) == NULL)
		return LBC_ENOMEM;
	if ((r->name[r->n] = strdup(name)) == NULL) {
		free(r->code[r->n]);
		return LBC_ENOMEM;
	}
	r->n++;
	return index_name(r, r->n - 1);
}

struct lbc_regions *
lbc_regions_load(FILE *fp, struct lbc_fold *f, unsigned long *line, int *err)
{
	struct lbc_regions *r;
	char *row = NULL;
	size_t cap = 0;
	ssize_t got;
	int rc = 0;

	*line = 0;
	if ((r = calloc(1, sizeof(*r))) == NULL ||
	    (r->codes = lbc_strmap_new()) == NULL ||
	    (r->exact = lbc_strmap_new()) == NULL ||
	    (r->loose = lbc_strmap_new()) == NULL) {
		*err = LBC_ENOMEM;
		lbc_regions_free(r);
		return NULL;
	}
	r->fold = f;
	while ((got = getline(&row, &cap, fp)) != -1) {
		(*line)++;
		while (got > 0 && (row[got - 1] == '\n' || row[got - 1] == '\r'))
			row[--got] = '\0';
		if (*line == 1 && strncmp(row, "\xef\xbb\xbf", 3) == 0)
			memmove(row, row + 3, (size_t)got - 2);
		if (row[0] == '\0' || row[0] == '#')
			continue;
		if (!lbc_utf8_valid(row, strlen(row))) {
			rc = LBC_EENCODING;
			break;
		}
		if ((rc = add_row(r, row, *line == 1)) != 0)
			break;
	}
	if (rc == 0 && ferror(fp))
		rc = LBC_EIO;
	free(row);
	if (rc != 0) {
		*err = rc;
		lbc_regions_free(r);
		return NULL;
	}
	return r;
}

void
lbc_regions_free(struct lbc_regions *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++) {
		free(r->name[i]);
		free(r->code[i]);
	}
	free(r->name);
	free(r->code);
	lbc_strmap_free(r->codes);
	lbc_strmap_free(r->exact);
	lbc_strmap_free(r->loose);
	lbc_buf_free(&r->key);
	lbc_buf_free(&r->f1);
	free(r);
}

const char *
lbc_regions_name(const struct lbc_regions *r, const char *code, size_t n)
{
	size_t idx;

	if (lbc_strmap_get(r->codes, code, n, &idx))
		return r->name[idx];
	return NULL;
}

size_t
lbc_regions_count(const struct lbc_regions *r)
{
	return r->n;
}

static int
lookup(struct lbc_regions *r, struct lbc_strmap *m, char level,
    const char *scope, size_t sn, const char *name, size_t nn, size_t *idx)
{
	lbc_buf_clear(&r->key);
	if (lbc_buf_addc(&r->key, level) || lbc_buf_add(&r->key, scope, sn) ||
	    lbc_buf_addc(&r->key, '\x1f') || lbc_buf_add(&r->key, name, nn))
		return LBC_ENOMEM;
	if (!lbc_strmap_get(m, r->key.p, r->key.len, idx))
		return LBC_ENOTFOUND;
	return *idx == AMBIG ? LBC_EAMBIGUOUS : 0;
}

/* Finds one level's name within scope; returns 0 with *idx or an error. */
static int
find_name(struct lbc_regions *r, char level, const char *scope, size_t sn,
    const char *s, size_t n, size_t *idx)
{
	size_t bl;
	int rc;

	if ((rc = lbc_fold_name(r->fold, s, n, &r->f1)) != 0)
		return LBC_ENOTFOUND;
	rc = lookup(r, r->exact, level, scope, sn, r->f1.p, r->f1.len, idx);
	if (rc != LBC_ENOTFOUND)
		return rc;
	rc = lookup(r, r->loose, level, scope, sn, r->f1.p, r->f1.len, idx);
	if (rc != LBC_ENOTFOUND)
		return rc;
	bl = base_len(r->f1.p, r->f1.len);
	if (bl == r->f1.len)
		return LBC_ENOTFOUND;
	return lookup(r, r->loose, level, scope, sn, r->f1.p, bl, idx);
}

int
lbc_regions_resolve(struct lbc_regions *r, const char *county, size_t cn,
    const char *township, size_t tn, const char *village, size_t vn,
    char out[13])
{
	const char *scope = "";
	size_t idx = 0, sn = 0;
	int rc, found = 0;

	if (cn > 0) {
		if ((rc = find_name(r, 'C', "", 0, county, cn, &idx)) != 0)
			return rc;
		scope = r->code[idx];
		sn = 6;
		found = 1;
	}
	if (tn > 0) {
		if ((rc = find_name(r, 'T', scope, sn, township, tn, &idx)) != 0)
			return rc;
		scope = r->code[idx];
		sn = 9;
		found = 1;
	}
	if (vn > 0) {
		if (sn != 9)
			return LBC_ENOTFOUND;
		if ((rc = find_name(r, 'V', scope, sn, village, vn, &idx)) != 0)
			return rc;
		found = 1;
	}
	if (!found)
		return LBC_ENOTFOUND;
	strcpy(out, r->code[idx]);
	return (int)strlen(out);
}

int
lbc_regions_refine(struct lbc_regions *r, const char *code, size_t n,
    const char *township, size_t tn, const char *village, size_t vn,
    char out[13])
{
	const char *scope = code;
	size_t idx, sn = n;
	int rc;

	if (n == 6 && tn > 0) {
		if ((rc = find_name(r, 'T', scope, sn, township, tn, &idx)) != 0)
			return rc;
		scope = r->code[idx];
		sn = 9;
	}
	if (sn == 9 && vn > 0) {
		if ((rc = find_name(r, 'V', scope, sn, village, vn, &idx)) != 0)
			return rc;
		scope = r->code[idx];
		sn = 12;
	}
	if (sn == n)
		return LBC_ENOTFOUND;
	memcpy(out, scope, sn);
	out[sn] = '\0';
	return (int)sn;
}

size_t
lbc_regions_find(const struct lbc_regions *r, const char *s, size_t n,
    char (*out)[13], size_t max)
{
	struct lbc_buf want = { 0 }, got = { 0 };
	size_t i, found = 0, wl, wb, gb;

	if (lbc_fold_name(r->fold, s, n, &want) != 0 || want.len == 0)
		goto done;
	wl = want.len;
	wb = base_len(want.p, wl);
	for (i = 0; i < r->n; i++) {
		if (lbc_fold_name(r->fold, r->name[i], strlen(r->name[i]),
		    &got) != 0)
			continue;
		gb = base_len(got.p, got.len);
		/* equal, or equal when one of them drops its suffix */
		if ((got.len == wl && memcmp(got.p, want.p, wl) == 0) ||
		    (gb == wl && gb < got.len &&
		    memcmp(got.p, want.p, wl) == 0) ||
		    (wb == got.len && wb < wl &&
		    memcmp(got.p, want.p, wb) == 0)) {
			if (found < max)
				strcpy(out[found], r->code[i]);
			found++;
		}
	}
done:
	lbc_buf_free(&want);
	lbc_buf_free(&got);
	return found;
}

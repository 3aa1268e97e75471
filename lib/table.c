#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "err.h"
#include "fold.h"
#include "strmap.h"
#include "table.h"

/* One line split into unescaped cells. */
struct row {
	char		**cell;
	size_t		  n;
	unsigned long	  line;
};

struct lines {
	char	*p;
	size_t	 cap;
};

static void
row_free(struct row *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->cell[i]);
	free(r->cell);
	r->cell = NULL;
	r->n = 0;
}

/*
 * Reads one line into l->p without its LF (and CR).  Returns 1, 0 at the
 * end of the input, or LBC_EIO, LBC_ENOMEM, LBC_EFORMAT (a NUL byte).
 */
static int
next_line(FILE *fp, struct lines *l, unsigned long *line)
{
	ssize_t n;

	errno = 0;
	if ((n = getline(&l->p, &l->cap, fp)) == -1)
		return ferror(fp) ? LBC_EIO : errno == ENOMEM ? LBC_ENOMEM : 0;
	++*line;
	if (n > 0 && l->p[n - 1] == '\n')
		l->p[--n] = '\0';
	if (n > 0 && l->p[n - 1] == '\r')
		l->p[--n] = '\0';
	if (*line == 1 && n >= 3 && memcmp(l->p, "\xef\xbb\xbf", 3) == 0) {
		memmove(l->p, l->p + 3, (size_t)n - 2);
		n -= 3;
	}
	if (memchr(l->p, '\0', (size_t)n) != NULL)
		return LBC_EFORMAT;
	return 1;
}

static int
blank(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s != ' ' && *s != '\t')
			return 0;
	return 1;
}

static int
starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* A line that is not part of a table: a comment or a statistics line. */
static int
skipped(const char *s)
{
	while (*s == ' ')
		s++;
	if (*s == '#' || starts(s, "\xcf\x87") /* χ */ || starts(s, "卡方"))
		return 1;
	/* "chi2", "chi-square", "chisq", but not "children". */
	return strncasecmp(s, "chisq", 5) == 0 || (strncasecmp(s, "chi", 3) == 0 &&
	    !isalpha((unsigned char)s[3]));
}

/* Copies s[0..n) unescaping \\ \t \n \r; other backslashes stay as they are. */
static char *
unescape(const char *s, size_t n)
{
	char *out, *o;
	size_t i;

	if ((out = malloc(n + 1)) == NULL)
		return NULL;
	for (i = 0, o = out; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n) {
			switch (s[i + 1]) {
			case '\\': *o++ = '\\'; i++; continue;
			case 't': *o++ = '\t'; i++; continue;
			case 'n': *o++ = '\n'; i++; continue;
			case 'r': *o++ = '\r'; i++; continue;
			}
		}
		*o++ = s[i];
	}
	*o = '\0';
	return out;
}

/* Splits s at TABs into r (emptied first), trimming blanks around cells. */
static int
split(const char *s, unsigned long line, struct row *r)
{
	const char *p, *e;
	size_t n = 1, i;
	char **cell;

	row_free(r);
	r->line = line;
	for (p = s; *p != '\0'; p++)
		if (*p == '\t')
			n++;
	if ((cell = calloc(n, sizeof(*cell))) == NULL)
		return LBC_ENOMEM;
	r->cell = cell;
	for (i = 0, p = s; i < n; i++) {
		if ((e = strchr(p, '\t')) == NULL)
			e = p + strlen(p);
		while (p < e && *p == ' ')
			p++;
		while (e > p && e[-1] == ' ')
			e--;
		if ((cell[i] = unescape(p, (size_t)(e - p))) == NULL)
			return LBC_ENOMEM;
		r->n = i + 1;
		p = strchr(p, '\t');
		p = p == NULL ? "" : p + 1;
	}
	return 0;
}

/* Compares ASCII letters of label without case, other bytes exactly. */
static int
is_total(const char *label)
{
	static const char *const names[] = {
		"合计", "总计", "小计", "total", "totals", "all", NULL
	};
	size_t i;

	for (i = 0; names[i] != NULL; i++)
		if (strcasecmp(label, names[i]) == 0)
			return 1;
	return 0;
}

static int
ends(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

static int
is_percent_header(const char *label)
{
	static const char *const names[] = {
		"百分比", "占比", "比例", "构成比", "percent", "pct", NULL
	};
	size_t n = strlen(label), i;

	/* "占比(%)", "人数（%）": look inside one closing bracket. */
	if (ends(label, n, ")"))
		n -= 1;
	else if (ends(label, n, "）"))
		n -= strlen("）");
	while (n > 0 && label[n - 1] == ' ')
		n--;
	if (ends(label, n, "%") || ends(label, n, "％"))
		return 1;
	for (i = 0; names[i] != NULL; i++)
		if (strncasecmp(label, names[i], strlen(names[i])) == 0 &&
		    (label[strlen(names[i])] == '\0' ||
		    label[strlen(names[i])] == '(' ||
		    starts(label + strlen(names[i]), "（")))
			return 1;
	return 0;
}

/*
 * Parses a count cell.  Returns 0 and sets *v, or LBC_EFORMAT.  Empty is
 * 0; numbers in strtod syntax, finite.
 */
static int
number(const char *s, double *v)
{
	char *end;

	if (*s == '\0') {
		*v = 0;
		return 0;
	}
	if (!(isdigit((unsigned char)*s) || *s == '-' || *s == '+' ||
	    *s == '.'))
		return LBC_EFORMAT;
	errno = 0;
	*v = strtod(s, &end);
	if (end == s || !isfinite(*v))
		return LBC_EFORMAT;
	/* A note in brackets after the count: "12 (3.4%)". */
	while (*end == ' ')
		end++;
	if (*end == '(' || starts(end, "（"))
		return 0;
	return *end == '\0' ? 0 : LBC_EFORMAT;
}

/* 1 for a cell lbc-tally --suppress hid: "*", blanks around allowed. */
static int
suppressed(const char *s)
{
	while (*s == ' ')
		s++;
	if (*s++ != '*')
		return 0;
	while (*s == ' ')
		s++;
	return *s == '\0';
}

static int
valid(const char *s)
{
	return lbc_utf8_valid(s, strlen(s));
}

/* Reads rows until an empty line or the end; header already in hdr. */
static int
read_body(FILE *fp, struct lines *l, unsigned long *line, struct row **rows,
    size_t *nrows)
{
	size_t cap = 0;
	struct row *nr;
	int rc;

	*rows = NULL;
	*nrows = 0;
	for (;;) {
		if ((rc = next_line(fp, l, line)) <= 0)
			return rc;
		if (blank(l->p))
			return 0;
		if (skipped(l->p))
			continue;
		if (*nrows == cap) {
			cap = cap ? cap * 2 : 16;
			if ((nr = realloc(*rows, cap * sizeof(*nr))) == NULL)
				return LBC_ENOMEM;
			*rows = nr;
		}
		memset(&(*rows)[*nrows], 0, sizeof(**rows));
		rc = split(l->p, *line, &(*rows)[*nrows]);
		++*nrows;
		if (rc != 0)
			return rc;
	}
}

static char *
xstrdup(const char *s, int *rc)
{
	char *p;

	if ((p = strdup(s)) == NULL)
		*rc = LBC_ENOMEM;
	return p;
}

/* Sets t->rowfield and t->colfield from the header's first cell. */
static int
fields(struct lbc_table *t, const char *first)
{
	static const char *const seps[] = { "\\", "×", "＼", NULL };
	const char *s = NULL;
	size_t i, k = 0;
	int rc = 0;

	for (i = 0; seps[i] != NULL && s == NULL; i++)
		if ((s = strstr(first, seps[i])) != NULL)
			k = strlen(seps[i]);
	if (s == NULL) {
		t->rowfield = xstrdup(first, &rc);
		return rc;
	}
	if ((t->rowfield = strndup(first, (size_t)(s - first))) == NULL)
		return LBC_ENOMEM;
	while (t->rowfield[0] != '\0' &&
	    t->rowfield[strlen(t->rowfield) - 1] == ' ')
		t->rowfield[strlen(t->rowfield) - 1] = '\0';
	for (s += k; *s == ' '; s++)
		;
	t->colfield = xstrdup(s, &rc);
	return rc;
}

static int
grow(struct lbc_table *t, size_t nrows)
{
	char **r;
	double *v;

	if ((r = realloc(t->rows, nrows * sizeof(*r))) == NULL)
		return LBC_ENOMEM;
	t->rows = r;
	unsigned char *h;
	size_t old = t->nrows * t->ncols;

	if ((v = realloc(t->v, nrows * t->ncols * sizeof(*v) + 1)) == NULL)
		return LBC_ENOMEM;
	t->v = v;
	if ((h = realloc(t->hid, nrows * t->ncols + 1)) == NULL)
		return LBC_ENOMEM;
	t->hid = h;
	if (nrows * t->ncols > old)
		memset(h + old, 0, nrows * t->ncols - old);
	return 0;
}

/* Builds a crosstab from "A B count" rows. */
static int
pivot(struct lbc_table *t, struct row *hdr, struct row *rows, size_t nrows,
    unsigned long *line)
{
	struct lbc_strmap *rm = NULL, *cm = NULL;
	size_t i, r, c, k, *ri = NULL, *ci = NULL;
	double *v;
	int rc = 0, added;

	if ((t->rowfield = xstrdup(hdr->cell[0], &rc)) == NULL ||
	    (t->colfield = xstrdup(hdr->cell[1], &rc)) == NULL)
		return rc;
	if ((rm = lbc_strmap_new()) == NULL || (cm = lbc_strmap_new()) == NULL ||
	    (ri = calloc(nrows + 1, sizeof(*ri))) == NULL ||
	    (ci = calloc(nrows + 1, sizeof(*ci))) == NULL ||
	    (t->rows = calloc(nrows + 1, sizeof(*t->rows))) == NULL ||
	    (t->cols = calloc(nrows + 1, sizeof(*t->cols))) == NULL) {
		rc = LBC_ENOMEM;
		goto out;
	}
	for (i = 0; i < nrows; i++) {
		struct row *w = &rows[i];
		const char *a = w->n > 0 ? w->cell[0] : "";
		const char *b = w->n > 1 ? w->cell[1] : "";

		*line = w->line;
		for (k = 3; k < w->n; k++)
			if (w->cell[k][0] != '\0') {
				rc = LBC_EFIELDS;
				goto out;
			}
		if (!valid(a) || !valid(b)) {
			rc = LBC_EENCODING;
			goto out;
		}
		if ((rc = lbc_strmap_intern(rm, a, strlen(a), t->nrows, &r,
		    &added)) != 0)
			goto out;
		if (added && (t->rows[t->nrows++] = xstrdup(a, &rc)) == NULL)
			goto out;
		if ((rc = lbc_strmap_intern(cm, b, strlen(b), t->ncols, &c,
		    &added)) != 0)
			goto out;
		if (added && (t->cols[t->ncols++] = xstrdup(b, &rc)) == NULL)
			goto out;
		ri[i] = r;
		ci[i] = c;
	}
	if ((v = calloc(t->nrows * t->ncols + 1, sizeof(*v))) == NULL) {
		rc = LBC_ENOMEM;
		goto out;
	}
	t->v = v;
	if ((t->hid = calloc(t->nrows * t->ncols + 1, 1)) == NULL) {
		rc = LBC_ENOMEM;
		goto out;
	}
	for (i = 0; i < nrows; i++) {
		double x;

		*line = rows[i].line;
		if (rows[i].n > 2 && suppressed(rows[i].cell[2])) {
			if (!t->hid[ri[i] * t->ncols + ci[i]]++)
				t->nhid++;
			continue;
		}
		if ((rc = number(rows[i].n > 2 ? rows[i].cell[2] : "", &x)) != 0)
			goto out;
		v[ri[i] * t->ncols + ci[i]] += x;
	}
out:
	lbc_strmap_free(rm);
	lbc_strmap_free(cm);
	free(ri);
	free(ci);
	return rc;
}

/*
 * The name columns lbc-tally and lbc-list write for a region's levels;
 * the last one may carry "×COL" (or another separator) after it.
 */
static const char *const level_names[] = {
	"省", "市", "县(市、区)", "乡镇(街道)", "村(社区)", NULL
};

static int
is_level_name(const char *s, int corner)
{
	static const char *const seps[] = { "\\", "×", "＼", " ", NULL };
	size_t i, j, k;

	for (i = 0; level_names[i] != NULL; i++) {
		k = strlen(level_names[i]);
		if (strncmp(s, level_names[i], k) != 0)
			continue;
		if (s[k] == '\0')
			return 1;
		for (j = 0; corner && seps[j] != NULL; j++)
			if (starts(s + k, seps[j]))
				return 1;
	}
	return 0;
}

/* Removes cells [from, from + n) of r. */
static void
drop_cells(struct row *r, size_t from, size_t n)
{
	size_t i;

	if (from >= r->n)
		return;
	if (from + n > r->n)
		n = r->n - from;
	for (i = from; i < from + n; i++)
		free(r->cell[i]);
	memmove(r->cell + from, r->cell + from + n,
	    (r->n - from - n) * sizeof(*r->cell));
	r->n -= n;
}

/* Appends the parts [first, np) of a label, "(...)" joined without a blank. */
static int
label_of(char **parts, size_t np, size_t first, char **out)
{
	size_t len = 1, i;
	char *p;

	for (i = first; i < np; i++)
		len += strlen(parts[i]) + 1;
	if ((p = malloc(len)) == NULL)
		return LBC_ENOMEM;
	*p = '\0';
	for (i = first; i < np; i++) {
		if (i > first && parts[i][0] != '(' && !starts(parts[i], "（"))
			strcat(p, " ");
		strcat(p, parts[i]);
	}
	free(*out);
	*out = p;
	return 0;
}

/*
 * Joins cells [from, from + nn) of every row (name columns) into one
 * label in cell from: the most specific name, with its parents before it
 * only as far as needed to tell two rows apart ("新华村" once, "清水镇
 * 新华村" and "白沙镇 新华村" when both are there).
 */
static int
join_names(struct row *rows, size_t nrows, size_t from, size_t nn)
{
	struct lbc_strmap *seen = NULL, *amb = NULL;
	char ***parts = NULL, **label = NULL, **full = NULL;
	size_t *np = NULL, *first = NULL, i, j, v, round;
	int rc = 0, more;

	if (nn < 2 || nrows == 0)
		return 0;
	if ((parts = calloc(nrows, sizeof(*parts))) == NULL ||
	    (label = calloc(nrows, sizeof(*label))) == NULL ||
	    (full = calloc(nrows, sizeof(*full))) == NULL ||
	    (np = calloc(nrows, sizeof(*np))) == NULL ||
	    (first = calloc(nrows, sizeof(*first))) == NULL) {
		rc = LBC_ENOMEM;
		goto out;
	}
	for (i = 0; i < nrows; i++) {
		if ((parts[i] = calloc(nn, sizeof(**parts))) == NULL) {
			rc = LBC_ENOMEM;
			goto out;
		}
		for (j = from; j < from + nn && j < rows[i].n; j++)
			if (rows[i].cell[j][0] != '\0')
				parts[i][np[i]++] = rows[i].cell[j];
		first[i] = np[i] > 0 ? np[i] - 1 : 0;
		/* "(未细分到村)" says nothing without its parent */
		if (first[i] > 0 && (parts[i][first[i]][0] == '(' ||
		    starts(parts[i][first[i]], "（")))
			first[i]--;
	}
	for (i = 0; i < nrows; i++)
		if ((rc = label_of(parts[i], np[i], 0, &full[i])) != 0)
			goto out;
	/* a label two different places share takes its parent, and again */
	for (round = 0, more = 1; more && round <= nn; round++) {
		more = 0;
		lbc_strmap_free(seen);
		lbc_strmap_free(amb);
		amb = NULL;
		if ((seen = lbc_strmap_new()) == NULL ||
		    (amb = lbc_strmap_new()) == NULL) {
			rc = LBC_ENOMEM;
			goto out;
		}
		for (i = 0; i < nrows && rc == 0; i++) {
			if ((rc = label_of(parts[i], np[i], first[i],
			    &label[i])) != 0)
				break;
			if (!lbc_strmap_get(seen, label[i], strlen(label[i]),
			    &v))
				rc = lbc_strmap_put(seen, label[i],
				    strlen(label[i]), i);
			else if (strcmp(full[v], full[i]) != 0)
				rc = lbc_strmap_put(amb, label[i],
				    strlen(label[i]), 1);
		}
		for (i = 0; i < nrows && rc == 0; i++)
			if (first[i] > 0 && lbc_strmap_get(amb, label[i],
			    strlen(label[i]), &v)) {
				first[i]--;
				more = 1;
			}
		if (rc != 0)
			goto out;
	}
	for (i = 0; i < nrows; i++) {
		if (rows[i].n <= from)
			continue;
		free(rows[i].cell[from]);
		rows[i].cell[from] = label[i];
		label[i] = NULL;
		drop_cells(&rows[i], from + 1, nn - 1);
	}
out:
	lbc_strmap_free(seen);
	lbc_strmap_free(amb);
	for (i = 0; i < nrows && parts != NULL; i++) {
		free(parts[i]);
		if (label != NULL)
			free(label[i]);
		if (full != NULL)
			free(full[i]);
	}
	free(parts);
	free(label);
	free(full);
	free(np);
	free(first);
	return rc;
}

/*
 * Name columns of a region's levels become one label: leading ones in a
 * table (the last one the corner), or in a long table the run of them
 * before "count", which then labels the region's code column.
 */
static int
labels(struct row *hdr, struct row *rows, size_t nrows)
{
	size_t nn, p, f, i;
	int rc;

	if (hdr->n >= 3 && strcasecmp(hdr->cell[hdr->n - 1], "count") == 0) {
		for (p = hdr->n - 1; p > 1 && is_level_name(hdr->cell[p - 1],
		    0); p--)
			;
		if ((nn = hdr->n - 1 - p) == 0)
			return 0;
		/* the names belong to the region's column */
		f = 0;
		for (i = 0; i < p; i++)
			if (strcmp(hdr->cell[i], "region") == 0 ||
			    strcmp(hdr->cell[i], "区划") == 0)
				f = i;
		if (nn > 1 && (rc = join_names(rows, nrows, p, nn)) != 0)
			return rc;
		for (i = 0; i < nrows; i++) {
			if (rows[i].n <= p)
				continue;
			free(rows[i].cell[f]);
			rows[i].cell[f] = rows[i].cell[p];
			rows[i].cell[p] = NULL;
			rows[i].cell[p] = strdup("");
			if (rows[i].cell[p] == NULL)
				return LBC_ENOMEM;
			drop_cells(&rows[i], p, 1);
		}
		drop_cells(hdr, p, nn);
		return 0;
	}
	for (nn = 0; nn < hdr->n && is_level_name(hdr->cell[nn], 0); nn++)
		;
	if (nn < hdr->n && is_level_name(hdr->cell[nn], 1))
		nn++;
	if (nn < 2)
		return 0;
	if ((rc = join_names(rows, nrows, 0, nn)) != 0)
		return rc;
	drop_cells(hdr, 0, nn - 1);
	return 0;
}

/* Builds t from the header and body rows: drops totals and percentages. */
static int
build(struct lbc_table *t, struct row *hdr, struct row *rows, size_t nrows,
    unsigned long *line)
{
	size_t i, j, k, ncol, *keep = NULL, nkeep = 0;
	int rc = 0, any, allpct, totals = 0;
	double x;

	*line = hdr->line;
	for (j = 0; j < hdr->n; j++)
		if (!valid(hdr->cell[j]))
			return LBC_EENCODING;
	if ((rc = labels(hdr, rows, nrows)) != 0)
		return rc;
	if (hdr->n == 3 && strcasecmp(hdr->cell[2], "count") == 0)
		return pivot(t, hdr, rows, nrows, line);
	if ((rc = fields(t, hdr->cell[0])) != 0)
		return rc;
	ncol = hdr->n;
	if (ncol > 1 && hdr->cell[ncol - 1][0] == '\0')
		ncol--;
	if ((keep = calloc(ncol + 1, sizeof(*keep))) == NULL)
		return LBC_ENOMEM;
	for (j = 1; j < ncol; j++) {
		const char *h = hdr->cell[j];

		if (is_total(h) || is_percent_header(h))
			continue;
		any = 0;
		allpct = 1;
		for (i = 0; i < nrows; i++) {
			if (j >= rows[i].n || rows[i].cell[j][0] == '\0')
				continue;
			any = 1;
			if (!ends(rows[i].cell[j], strlen(rows[i].cell[j]), "%"))
				allpct = 0;
		}
		if (any && allpct)
			continue;
		keep[nkeep++] = j;
	}
	if (nkeep == 0) {
		rc = LBC_EHEADER;
		goto out;
	}
	t->ncols = nkeep;
	if ((t->cols = calloc(nkeep, sizeof(*t->cols))) == NULL) {
		rc = LBC_ENOMEM;
		goto out;
	}
	for (k = 0; k < nkeep; k++)
		if ((t->cols[k] = xstrdup(hdr->cell[keep[k]], &rc)) == NULL)
			goto out;
	for (i = 0; i < nrows; i++) {
		struct row *w = &rows[i];

		*line = w->line;
		for (j = hdr->n; j < w->n; j++)
			if (w->cell[j][0] != '\0')
				rc = LBC_EFIELDS;
		if (rc != 0 && totals) {
			rc = 0;
			continue;
		}
		if (rc != 0)
			goto out;
		if (!valid(w->cell[0])) {
			rc = LBC_EENCODING;
			goto out;
		}
		if (is_total(w->cell[0])) {
			totals = 1;
			continue;
		}
		if ((rc = grow(t, t->nrows + 1)) != 0)
			goto out;
		memset(t->hid + t->nrows * nkeep, 0, nkeep);
		for (k = 0; k < nkeep; k++) {
			j = keep[k];
			if (j < w->n && suppressed(w->cell[j])) {
				t->v[t->nrows * nkeep + k] = 0;
				t->hid[t->nrows * nkeep + k] = 1;
				continue;
			}
			if ((rc = number(j < w->n ? w->cell[j] : "", &x)) != 0)
				break;
			t->v[t->nrows * nkeep + k] = x;
		}
		/* After the totals, what is not counts is a note. */
		if (rc != 0 && totals) {
			rc = 0;
			continue;
		}
		if (rc != 0)
			goto out;
		if ((t->rows[t->nrows] = xstrdup(w->cell[0], &rc)) == NULL)
			goto out;
		t->nrows++;
	}
	for (k = 0; k < t->nrows * nkeep; k++)
		t->nhid += t->hid[k];
out:
	free(keep);
	return rc;
}

/* Reads up to the header: returns 1, 0 at the end, or an error. */
static int
header(FILE *fp, struct lines *l, unsigned long *line)
{
	int rc;

	for (;;) {
		if ((rc = next_line(fp, l, line)) <= 0)
			return rc;
		if (!blank(l->p) && !skipped(l->p))
			return 1;
	}
}

struct lbc_table *
lbc_table_read(FILE *fp, unsigned long *line, int *err)
{
	struct lines l = { NULL, 0 };
	struct row hdr = { NULL, 0, 0 }, *rows = NULL;
	struct lbc_table *t = NULL;
	size_t nrows = 0, i;
	unsigned long at = 0;
	int rc;

	*err = 0;
	if ((rc = header(fp, &l, line)) == 0)
		goto out;
	if (rc < 0)
		goto fail;
	if ((t = calloc(1, sizeof(*t))) == NULL) {
		rc = LBC_ENOMEM;
		goto fail;
	}
	if ((rc = split(l.p, *line, &hdr)) != 0)
		goto fail;
	/* A line of one cell above the header is the table's title. */
	if (hdr.n == 1 && hdr.cell[0][0] != '\0') {
		if (!valid(hdr.cell[0])) {
			rc = LBC_EENCODING;
			goto fail;
		}
		t->caption = hdr.cell[0];
		hdr.cell[0] = NULL;
		while ((rc = next_line(fp, &l, line)) > 0 && !blank(l.p) &&
		    skipped(l.p))
			;
		if (rc < 0)
			goto fail;
		if (rc == 0 || blank(l.p)) {
			rc = LBC_EHEADER;
			goto fail;
		}
		if ((rc = split(l.p, *line, &hdr)) != 0)
			goto fail;
	}
	t->line = *line;
	if ((rc = read_body(fp, &l, line, &rows, &nrows)) != 0)
		goto fail;
	/* build() points at the line at fault; the counter stays at the end. */
	if ((rc = build(t, &hdr, rows, nrows, &at)) != 0) {
		*line = at;
		goto fail;
	}
	goto out;
fail:
	*err = rc;
	lbc_table_free(t);
	t = NULL;
out:
	row_free(&hdr);
	for (i = 0; i < nrows; i++)
		row_free(&rows[i]);
	free(rows);
	free(l.p);
	return t;
}

int
lbc_table_skip(FILE *fp, unsigned long *line)
{
	struct lines l = { NULL, 0 };
	int intable = 0, rc;

	/* A NUL byte does not matter here: the line is not looked into. */
	while ((rc = next_line(fp, &l, line)) != 0) {
		if (rc < 0 && rc != LBC_EFORMAT)
			break;
		if (rc == LBC_EFORMAT || !blank(l.p)) {
			if (intable || rc == LBC_EFORMAT || !skipped(l.p))
				intable = 1;
		} else if (intable)
			break;
	}
	free(l.p);
	if (rc < 0 && rc != LBC_EFORMAT)
		return rc;
	return intable;
}

int
lbc_table_hidden(const struct lbc_table *t, size_t i, size_t j)
{
	return t->hid != NULL && t->hid[i * t->ncols + j];
}

double
lbc_table_get(const struct lbc_table *t, size_t i, size_t j)
{
	return t->v[i * t->ncols + j];
}

void
lbc_table_free(struct lbc_table *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nrows; i++)
		free(t->rows[i]);
	for (i = 0; i < t->ncols; i++)
		free(t->cols[i]);
	free(t->rows);
	free(t->cols);
	free(t->v);
	free(t->hid);
	free(t->rowfield);
	free(t->colfield);
	free(t->caption);
	free(t);
}

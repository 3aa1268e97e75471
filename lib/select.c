#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "codebook.h"
#include "date.h"
#include "err.h"
#include "fields.h"
#include "fold.h"
#include "rec.h"
#include "regions.h"
#include "select.h"

enum op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_HAS };
enum kind { K_TEXT, K_CODED, K_REGION, K_AGE, K_MONTH, K_COUNT };
enum cmp { C_BYTES, C_NUM, C_DATE };

struct cond {
	char		*text;		/* as given */
	char		*field;		/* name as given */
	enum op		 op;
	int		 count;		/* '#' */
	size_t		 group;		/* the -w it came in: any of a group */
	char		**val;		/* alternatives as given */
	size_t		 nval;
	/* resolved */
	enum kind	 kind;
	enum cmp	 cmp;
	int		 multi;
	int		 col, col2;
	char		**cv;		/* compiled values */
	size_t		*cl;
	double		*num;
};

struct lbc_select {
	struct lbc_select_conf	 conf;
	struct cond		*c;
	size_t			 n, ngroups;
	struct lbc_buf		 msg, text, t1;
};

static void
cond_free(struct cond *c)
{
	size_t i;

	for (i = 0; i < c->nval; i++) {
		free(c->val[i]);
		if (c->cv != NULL)
			free(c->cv[i]);
	}
	free(c->val);
	free(c->cv);
	free(c->cl);
	free(c->num);
	free(c->text);
	free(c->field);
}

struct lbc_select *
lbc_select_new(const struct lbc_select_conf *conf)
{
	struct lbc_select *s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->conf = *conf;
	if (lbc_buf_reserve(&s->text, 1) != 0) {
		free(s);
		return NULL;
	}
	return s;
}

void
lbc_select_free(struct lbc_select *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++)
		cond_free(&s->c[i]);
	free(s->c);
	lbc_buf_free(&s->msg);
	lbc_buf_free(&s->text);
	lbc_buf_free(&s->t1);
	free(s);
}

size_t
lbc_select_count(const struct lbc_select *s)
{
	return s->n;
}

const char *
lbc_select_message(const struct lbc_select *s)
{
	return s->msg.p != NULL ? s->msg.p : "";
}

const char *
lbc_select_text(const struct lbc_select *s)
{
	return s->text.p != NULL ? s->text.p : "";
}

/* Sets the message; returns LBC_EARG (or LBC_ENOMEM when it cannot). */
static int
fail(struct lbc_select *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
fail(struct lbc_select *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	lbc_buf_clear(&s->msg);
	if (s->conf.tr != NULL)
		fmt = s->conf.tr(fmt);
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || lbc_buf_reserve(&s->msg, (size_t)n + 1) != 0)
		return LBC_ENOMEM;
	va_start(ap, fmt);
	vsnprintf(s->msg.p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	s->msg.len = (size_t)n;
	return LBC_EARG;
}

static int
split_values(struct cond *c, const char *v)
{
	const char *p = v, *bar;
	size_t n;

	for (;;) {
		bar = strchr(p, '|');
		n = bar != NULL ? (size_t)(bar - p) : strlen(p);
		if ((c->val = reallocarray(c->val, c->nval + 1,
		    sizeof(*c->val))) == NULL ||
		    (c->val[c->nval] = strndup(p, n)) == NULL)
			return LBC_ENOMEM;
		c->nval++;
		if (bar == NULL)
			return 0;
		p = bar + 1;
	}
}

static int
add_one(struct lbc_select *s, const char *text)
{
	struct cond c;
	size_t fl;
	const char *p;
	int rc;

	memset(&c, 0, sizeof(c));
	c.group = s->ngroups;
	fl = strcspn(text, "=!<>~#");
	if (fl == 0 || text[fl] == '\0')
		return fail(s, "%s: give FIELD OP VALUE, OP one of = != < <= "
		    "> >= ~", text);
	p = text + fl;
	if (*p == '#') {
		c.count = 1;
		p++;
	}
	if (p[0] == '!' && p[1] == '=')
		c.op = OP_NE, p += 2;
	else if (p[0] == '<' && p[1] == '=')
		c.op = OP_LE, p += 2;
	else if (p[0] == '>' && p[1] == '=')
		c.op = OP_GE, p += 2;
	else if (p[0] == '=')
		c.op = OP_EQ, p += 1;
	else if (p[0] == '<')
		c.op = OP_LT, p += 1;
	else if (p[0] == '>')
		c.op = OP_GT, p += 1;
	else if (p[0] == '~')
		c.op = OP_HAS, p += 1;
	else
		return fail(s, "%s: give FIELD OP VALUE, OP one of = != < <= "
		    "> >= ~", text);
	if (c.count && c.op == OP_HAS)
		return fail(s, "%s: # counts values: compare the count with "
		    "= != < <= > >=", text);
	while (fl > 0 && text[fl - 1] == ' ')	/* risk = high */
		fl--;
	while (*p == ' ')
		p++;
	if ((c.text = strdup(text)) == NULL ||
	    (c.field = strndup(text, fl)) == NULL ||
	    (rc = split_values(&c, p)) != 0) {
		cond_free(&c);
		return LBC_ENOMEM;
	}
	if ((s->c = reallocarray(s->c, s->n + 1, sizeof(*s->c))) == NULL) {
		cond_free(&c);
		return LBC_ENOMEM;
	}
	s->c[s->n++] = c;
	return 0;
}

int
lbc_select_add(struct lbc_select *s, const char *text)
{
	const char *p = text, *bar;
	char *one;
	int rc;

	do {
		size_t n;

		bar = strstr(p, "||");
		n = bar ? (size_t)(bar - p) : strlen(p);
		while (n > 0 && *p == ' ')	/* spaces around || */
			p++, n--;
		while (n > 0 && p[n - 1] == ' ')
			n--;
		if ((one = strndup(p, n)) == NULL)
			return LBC_ENOMEM;
		rc = add_one(s, one);
		free(one);
		if (rc != 0)
			return rc;
		p = bar + 2;
	} while (bar != NULL);
	s->ngroups++;
	if ((s->ngroups > 1 && lbc_buf_adds(&s->text, "; ") != 0) ||
	    lbc_buf_adds(&s->text, text) != 0)
		return LBC_ENOMEM;
	return 0;
}

/* Reads a whole decimal number; returns 0 or -1. */
static int
read_num(const char *v, size_t n, double *out)
{
	char tmp[64], *end;

	if (n == 0 || n >= sizeof(tmp))
		return -1;
	memcpy(tmp, v, n);
	tmp[n] = '\0';
	if (strspn(tmp, "0123456789.+-") != n)
		return -1;
	*out = strtod(tmp, &end);
	return *end == '\0' ? 0 : -1;
}

/* Reads a date, YYYY-MM-DD quickly; a year-month is its first day. */
static int
read_date(const char *v, size_t n, struct lbc_date *d)
{
	if (n == 10 && v[4] == '-' && v[7] == '-' &&
	    strspn(v, "0123456789") == 4) {
		int i, ok = 1;

		for (i = 5; i < 10; i++)
			if (i != 7 && (v[i] < '0' || v[i] > '9'))
				ok = 0;
		if (ok) {
			d->y = (v[0] - '0') * 1000 + (v[1] - '0') * 100 +
			    (v[2] - '0') * 10 + (v[3] - '0');
			d->m = (v[5] - '0') * 10 + (v[6] - '0');
			d->d = (v[8] - '0') * 10 + (v[9] - '0');
			return lbc_date_valid(d->y, d->m, d->d) ? 0 : -1;
		}
	}
	if (lbc_date_parse(v, n, d) < 0)
		return -1;
	if (d->d == 0)
		d->d = 1;
	return 0;
}

/* Number of code points of a UTF-8 string, and each one's start. */
static size_t
cps(const char *s, const char **out, size_t max)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80 && n < max)
			out[n++] = s;
	return n;
}

static size_t
cp_len(const char *p)
{
	size_t k = 1;

	while (p[k] != '\0' && ((unsigned char)p[k] & 0xc0) == 0x80)
		k++;
	return k;
}

/* Edit distance in code points (strings of up to 64 code points). */
static size_t
distance(const char *a, const char *b)
{
	const char *pa[64], *pb[64];
	size_t na = cps(a, pa, 64), nb = cps(b, pb, 64), d[65], i, j, prev,
	    cur;

	for (j = 0; j <= nb; j++)
		d[j] = j;
	for (i = 1; i <= na; i++) {
		prev = d[0];
		d[0] = i;
		for (j = 1; j <= nb; j++) {
			size_t la = cp_len(pa[i - 1]), lb = cp_len(pb[j - 1]);
			size_t sub = prev + !(la == lb &&
			    memcmp(pa[i - 1], pb[j - 1], la) == 0);

			cur = d[j];
			d[j] = sub;
			if (d[j] > cur + 1)
				d[j] = cur + 1;
			if (d[j] > d[j - 1] + 1)
				d[j] = d[j - 1] + 1;
			prev = cur;
		}
	}
	return d[nb];
}

/* The label of field f closest to v. */
static const char *
closest(const struct lbc_codebook *cb, int f, const char *v)
{
	const char *best = NULL;
	size_t i, bd = (size_t)-1, d;

	for (i = 0; i < lbc_codebook_ncodes(cb, f); i++) {
		const char *l = lbc_codebook_label(cb, f, i);
		const char *k = lbc_codebook_code(cb, f, i);

		if ((d = distance(v, l)) < bd)
			bd = d, best = l;
		if ((d = distance(v, k)) < bd)
			bd = d, best = l;
	}
	return best;
}

/*
 * Lists the fields of r and the computed ones into b, those closest to
 * want (edit distance in code points) first, else in header order.
 */
static int
near_fields(struct lbc_buf *b, const struct lbc_reader *r, const char *want)
{
	const char **name;
	size_t *d, n = 0, i, j, nf = lbc_reader_nfields(r);

	if ((name = calloc(nf + 2, sizeof(*name))) == NULL ||
	    (d = calloc(nf + 2, sizeof(*d))) == NULL) {
		free(name);
		return LBC_ENOMEM;
	}
	for (i = 0; i < nf; i++)
		name[n++] = lbc_reader_fieldname(r, i);
	if (lbc_reader_find(r, "birth") >= 0 && lbc_reader_find(r, "age") < 0)
		name[n++] = "age";
	if (lbc_reader_find(r, "survey") >= 0 &&
	    lbc_reader_find(r, "month") < 0)
		name[n++] = "month";
	/* insertion sort, stable: a header has tens of fields */
	for (i = 0; i < n; i++) {
		const char *x = name[i];
		size_t dx = distance(want, x);

		for (j = i; j > 0 && d[j - 1] > dx; j--) {
			name[j] = name[j - 1];
			d[j] = d[j - 1];
		}
		name[j] = x;
		d[j] = dx;
	}
	lbc_buf_clear(b);
	for (i = 0; i < n; i++)
		if ((i > 0 && lbc_buf_adds(b, ", ") != 0) ||
		    lbc_buf_adds(b, name[i]) != 0) {
			free(name);
			free(d);
			return LBC_ENOMEM;
		}
	free(name);
	free(d);
	return 0;
}

static int
list_fields(struct lbc_select *s, const struct lbc_reader *r,
    const char *want)
{
	return near_fields(&s->t1, r, want);
}

char *
lbc_select_fields_near(const struct lbc_reader *r, const char *want)
{
	struct lbc_buf b = { 0 };

	if (near_fields(&b, r, want) != 0 || b.p == NULL) {
		lbc_buf_free(&b);
		return NULL;
	}
	return b.p;
}

/* The parent's name of a region code, or "" (for messages). */
static const char *
parent_name(const struct lbc_regions *r, const char *code)
{
	static const size_t up[] = { 9, 6, 4, 2 };
	size_t n = strlen(code), i;
	const char *name;

	for (i = 0; i < 4; i++)
		if (up[i] < n && (name = lbc_regions_name(r, code,
		    up[i])) != NULL)
			return name;
	return "";
}

/*
 * Resolves a place, maybe qualified (A/B/C), to one code in out.
 */
/* Every place called name[0..n): *out (malloc'd) and the count. */
static int
find_all(const struct lbc_regions *reg, const char *name, size_t n,
    char (**out)[13], size_t *count)
{
	size_t k = lbc_regions_find(reg, name, n, NULL, 0);

	*count = 0;
	if ((*out = calloc(k + 1, sizeof(**out))) == NULL)
		return LBC_ENOMEM;
	*count = lbc_regions_find(reg, name, n, *out, k);
	if (*count > k)
		*count = k;
	return 0;
}

/*
 * Resolves a place, maybe qualified (A/B/C), to one code in out.
 */
static int
resolve_place(struct lbc_select *s, const struct cond *c, const char *v,
    char out[13])
{
	const struct lbc_regions *reg = s->conf.regions;
	char (*cand)[13] = NULL, (*up)[13] = NULL;
	const char *last, *p, *slash;
	size_t nc, nu, nk, i, j, k, cn;
	int rc = 0;

	if (reg == NULL)
		return fail(s, "%s: place names need a regions table (-r), "
		    "or give the division code", c->text);
	last = strrchr(v, '/');
	last = last != NULL ? last + 1 : v;
	if (find_all(reg, last, strlen(last), &cand, &nc) != 0)
		return LBC_ENOMEM;
	/* every name before the last must be an ancestor of the candidate */
	for (p = v; p < last - 1; p = slash + 1) {
		slash = strchr(p, '/');
		if (find_all(reg, p, (size_t)(slash - p), &up, &nu) != 0) {
			free(cand);
			return LBC_ENOMEM;
		}
		for (nk = 0, i = 0; i < nc; i++)
			for (j = 0; j < nu; j++) {
				k = strlen(up[j]);
				if (k < strlen(cand[i]) &&
				    memcmp(up[j], cand[i], k) == 0) {
					memmove(cand[nk++], cand[i], 13);
					break;
				}
			}
		free(up);
		nc = nk;
	}
	if (nc == 0) {
		free(cand);
		return fail(s, "%s: no place %s in the regions table", c->text,
		    v);
	}
	/* one place holding all the others is the place meant (清水县, 清水镇) */
	for (i = 0; i < nc; i++) {
		k = strlen(cand[i]);
		for (j = 0; j < nc; j++)
			if (memcmp(cand[j], cand[i], k) != 0)
				break;
		if (j == nc) {
			strcpy(out, cand[i]);
			free(cand);
			return 0;
		}
	}
	lbc_buf_clear(&s->t1);
	for (i = 0; i < nc && i < 10 && rc == 0; i++) {
		cn = strlen(cand[i]);
		rc = lbc_buf_printf(&s->t1, "%s%s %s (%s)", i > 0 ? ", " : "",
		    cand[i], lbc_regions_name(reg, cand[i], cn),
		    parent_name(reg, cand[i]));
	}
	if (rc == 0 && nc > 10)
		rc = lbc_buf_printf(&s->t1, " and %zu more", nc - 10);
	if (rc == 0)
		rc = fail(s, "%s: %s is more than one place: %s; name the "
		    "place above it too, like %s/%s", c->text, v, s->t1.p,
		    parent_name(reg, cand[0]), last);
	else
		rc = LBC_ENOMEM;
	free(cand);
	return rc;
}

static int
compile_region(struct lbc_select *s, struct cond *c, size_t i)
{
	const char *v = c->val[i];
	char code[13];
	size_t n = strlen(v);
	int rc;

	if (c->op != OP_EQ && c->op != OP_NE && c->op != OP_HAS)
		return fail(s, "%s: a region is inside a place or not: use = "
		    "or !=", c->text);
	if (n > 0 && strspn(v, "0123456789") == n) {
		if ((n = lbc_region_code_norm(v, n, code)) == 0)
			return fail(s, "%s: a division code has 2, 4, 6, 9 or "
			    "12 digits", c->text);
		if (s->conf.regions != NULL &&
		    lbc_regions_name(s->conf.regions, code, n) == NULL)
			return fail(s, "%s: no place %s in the regions table",
			    c->text, v);
	} else if (n == 0)
		code[0] = '\0';
	else if ((rc = resolve_place(s, c, v, code)) != 0)
		return rc;
	if ((c->cv[i] = strdup(code)) == NULL)
		return LBC_ENOMEM;
	c->cl[i] = strlen(code);
	return 0;
}

/* Codes of v's ';'-separated parts in codebook order, joined by ';'. */
static int
compile_coded(struct lbc_select *s, struct cond *c, int f, size_t i)
{
	struct lbc_codebook *cb = s->conf.cb;
	size_t nc = lbc_codebook_ncodes(cb, f), j, k;
	const char *v = c->val[i], *p, *semi;
	unsigned char *seen;
	struct lbc_buf b = { 0 };
	int x;

	if ((seen = calloc(nc + 1, 1)) == NULL)
		return LBC_ENOMEM;
	for (p = v; *p != '\0'; p = *semi ? semi + 1 : semi) {
		semi = c->multi && c->op != OP_HAS ? strchrnul(p, ';') :
		    p + strlen(p);
		if (semi == p)
			continue;
		if ((x = lbc_codebook_match(cb, f, p, (size_t)(semi - p))) <
		    0) {
			char *bad = strndup(p, (size_t)(semi - p));
			const char *sug;
			int rc;

			free(seen);
			if (bad == NULL)
				return LBC_ENOMEM;
			sug = closest(cb, f, bad);
			rc = sug != NULL ? fail(s, "%s: %s is not a value of "
			    "%s in the codebook; did you mean %s?", c->text,
			    bad, c->field, sug) : fail(s, "%s: %s is not a value "
			    "of %s in the codebook", c->text, bad, c->field);
			free(bad);
			return rc;
		}
		seen[x] = 1;
	}
	for (j = 0, k = 0; j < nc; j++)
		if (seen[j]) {
			const char *code = lbc_codebook_code(cb, f, j);

			if ((k++ > 0 && lbc_buf_addc(&b, ';') != 0) ||
			    lbc_buf_adds(&b, code) != 0) {
				free(seen);
				lbc_buf_free(&b);
				return LBC_ENOMEM;
			}
		}
	free(seen);
	if (b.p == NULL && (c->cv[i] = strdup("")) == NULL)
		return LBC_ENOMEM;
	if (b.p != NULL)
		c->cv[i] = b.p;
	c->cl[i] = b.len;
	return 0;
}

static int
compile_plain(struct lbc_select *s, struct cond *c, size_t i)
{
	const char *v = c->val[i];
	size_t n = strlen(v);
	struct lbc_date d;
	char buf[11];

	if (c->cmp == C_NUM && read_num(v, n, &c->num[i]) != 0)
		return fail(s, "%s: %s is not a number", c->text, v);
	if (c->cmp == C_DATE) {
		if (read_date(v, n, &d) != 0)
			return fail(s, "%s: %s is not a date", c->text, v);
		lbc_date_format(&d, buf);
		if (c->kind == K_MONTH)
			buf[7] = '\0';
		v = buf;
	}
	if ((c->cv[i] = strdup(v)) == NULL)
		return LBC_ENOMEM;
	c->cl[i] = strlen(c->cv[i]);
	return 0;
}

/* How ordered comparisons of plain text compare: by the values given. */
static enum cmp
plain_cmp(const struct cond *c)
{
	struct lbc_date d;
	double x;
	size_t i;
	int num = 1, date = 1;

	for (i = 0; i < c->nval; i++) {
		if (read_num(c->val[i], strlen(c->val[i]), &x) != 0)
			num = 0;
		if (read_date(c->val[i], strlen(c->val[i]), &d) != 0)
			date = 0;
	}
	return num ? C_NUM : date ? C_DATE : C_BYTES;
}

static int
start_one(struct lbc_select *s, struct cond *c, const struct lbc_reader *r)
{
	const char *canon;
	int f = -1, rc;
	size_t i;

	c->col2 = -1;
	c->col = lbc_field_find(r, s->conf.fold, c->field, &canon);
	if (c->col < 0 && strcmp(canon, "age") == 0 &&
	    (c->col = lbc_reader_find(r, "birth")) >= 0) {
		c->kind = K_AGE;
		c->col2 = lbc_reader_find(r, "survey");
	} else if (c->col < 0 && strcmp(canon, "month") == 0 &&
	    (c->col = lbc_reader_find(r, "survey")) >= 0)
		c->kind = K_MONTH;
	else if (c->col < 0) {
		if ((rc = list_fields(s, r, c->field)) != 0)
			return rc;
		return fail(s, "%s: no field %s; the fields, closest first: %s",
		    c->text, c->field, s->t1.p);
	} else {
		canon = lbc_reader_fieldname(r, (size_t)c->col);
		c->multi = strcmp(canon, "problems") == 0 ||
		    strcmp(canon, "flags") == 0;
		if (c->count)
			c->kind = K_COUNT;
		else if (strcmp(canon, "region") == 0)
			c->kind = K_REGION;
		else if ((f = lbc_codebook_field(s->conf.cb, canon)) >= 0)
			c->kind = K_CODED;
		else
			c->kind = K_TEXT;
	}
	if (c->count && c->kind != K_COUNT)
		return fail(s, "%s: # counts the values of a field of the "
		    "stream", c->text);
	if (c->kind == K_CODED && c->op != OP_EQ && c->op != OP_NE &&
	    c->op != OP_HAS)
		return fail(s, "%s: %s is coded: use =, != or ~", c->text,
		    c->field);
	if (c->kind == K_AGE || c->kind == K_COUNT)
		c->cmp = C_NUM;
	else if (c->kind == K_MONTH)
		c->cmp = C_DATE;
	else if (c->kind == K_TEXT && c->op != OP_EQ && c->op != OP_NE &&
	    c->op != OP_HAS)
		c->cmp = plain_cmp(c);
	if ((c->cv = calloc(c->nval, sizeof(*c->cv))) == NULL ||
	    (c->cl = calloc(c->nval, sizeof(*c->cl))) == NULL ||
	    (c->num = calloc(c->nval, sizeof(*c->num))) == NULL)
		return LBC_ENOMEM;
	for (i = 0; i < c->nval; i++) {
		if (c->kind == K_REGION)
			rc = compile_region(s, c, i);
		else if (c->kind == K_CODED)
			rc = compile_coded(s, c, f, i);
		else if (c->kind == K_AGE && c->op == OP_HAS)
			rc = fail(s, "%s: ~ looks for one of several values: "
			    "use = for an age", c->text);
		else
			rc = compile_plain(s, c, i);
		if (rc != 0)
			return rc;
	}
	return 0;
}

int
lbc_select_start(struct lbc_select *s, const struct lbc_reader *r)
{
	size_t i;
	int rc;

	for (i = 0; i < s->n; i++)
		if ((rc = start_one(s, &s->c[i], r)) != 0)
			return rc;
	return 0;
}

/* Compares a record's number or date with value i. */
static int
ordered(const struct cond *c, size_t i, double x, const char *v, size_t n)
{
	int d;

	if (c->cmp == C_NUM) {
		if (x < c->num[i])
			d = -1;
		else
			d = x > c->num[i];
	} else {
		size_t m = n < c->cl[i] ? n : c->cl[i];

		d = memcmp(v, c->cv[i], m);
		if (d == 0)
			d = n < c->cl[i] ? -1 : n > c->cl[i];
	}
	switch (c->op) {
	case OP_EQ:
	case OP_NE: return d == 0;
	case OP_LT: return d < 0;
	case OP_LE: return d <= 0;
	case OP_GT: return d > 0;
	case OP_GE: return d >= 0;
	default: return 0;
	}
}

/* 1 when one of the ';'-separated parts of v is one of the values. */
static int
has(const struct cond *c, const char *v, size_t n)
{
	const char *p = v, *e = v + n, *semi;
	size_t i, k;

	if (n == 0) {
		for (i = 0; i < c->nval; i++)
			if (c->cl[i] == 0)
				return 1;
		return 0;
	}
	while (p < e) {
		if ((semi = memchr(p, ';', (size_t)(e - p))) == NULL)
			semi = e;
		k = (size_t)(semi - p);
		for (i = 0; i < c->nval; i++)
			if (c->cl[i] == k && memcmp(c->cv[i], p, k) == 0)
				return 1;
		p = semi + 1;
	}
	return 0;
}

/* The age of the current record, or -1 when unknown. */
static int
age_of(const struct lbc_select *s, const struct cond *c,
    const struct lbc_reader *r)
{
	struct lbc_date birth, at;
	const char *v;
	size_t n;

	v = lbc_reader_get(r, (size_t)c->col, &n);
	if (n == 0 || read_date(v, n, &birth) != 0)
		return -1;
	at = s->conf.as_of;
	if (c->col2 >= 0) {
		v = lbc_reader_get(r, (size_t)c->col2, &n);
		if (n > 0 && read_date(v, n, &at) != 0)
			at = s->conf.as_of;
	}
	n = (size_t)lbc_date_age(&birth, &at);
	return (int)n;
}

/* Meets c without its negation (!= is tested as =). */
static int
meets(const struct lbc_select *s, const struct cond *c,
    const struct lbc_reader *r)
{
	const char *v;
	char buf[11];
	struct lbc_date d;
	double x = 0;
	size_t n, i;

	v = lbc_reader_get(r, (size_t)c->col, &n);
	switch (c->kind) {
	case K_REGION:
		for (i = 0; i < c->nval; i++)
			if (c->cl[i] == 0 ? n == 0 : n >= c->cl[i] &&
			    memcmp(v, c->cv[i], c->cl[i]) == 0)
				return 1;
		return 0;
	case K_CODED:
	case K_TEXT:
		if (c->op == OP_HAS)
			return has(c, v, n);
		if (c->cmp == C_BYTES && (c->op == OP_EQ || c->op == OP_NE)) {
			for (i = 0; i < c->nval; i++)
				if (c->cl[i] == n && memcmp(c->cv[i], v, n) == 0)
					return 1;
			return 0;
		}
		if (n == 0)
			return 0;
		if (c->cmp == C_NUM && read_num(v, n, &x) != 0)
			return 0;
		if (c->cmp == C_DATE) {
			if (read_date(v, n, &d) != 0)
				return 0;
			lbc_date_format(&d, buf);
			v = buf;
			n = 10;
		}
		break;
	case K_MONTH:
		if (n == 0 || read_date(v, n, &d) != 0)
			return 0;
		lbc_date_format(&d, buf);
		v = buf;
		n = 7;
		break;
	case K_AGE:
		if ((x = age_of(s, c, r)) < 0)
			return 0;
		break;
	case K_COUNT: {
		const char *p = v, *e = v + n, *semi;

		for (; p < e; p = semi + 1) {
			if ((semi = memchr(p, ';', (size_t)(e - p))) == NULL)
				semi = e;
			if (semi > p)
				x++;
		}
		break;
	}
	}
	for (i = 0; i < c->nval; i++)
		if (ordered(c, i, x, v, n))
			return 1;
	return 0;
}

int
lbc_select_match(const struct lbc_select *s, const struct lbc_reader *r)
{
	size_t i, g;
	int m, any;

	for (i = 0; i < s->n; ) {
		g = s->c[i].group;
		for (any = 0; i < s->n && s->c[i].group == g; i++) {
			const struct cond *c = &s->c[i];

			if (any)
				continue;
			m = meets(s, c, r);
			any = c->op == OP_NE ? !m : m;
		}
		if (!any)
			return 0;
	}
	return 1;
}

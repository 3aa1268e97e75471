#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucol.h>
#include <unicode/ustring.h>

#include "buf.h"
#include "codebook.h"
#include "date.h"
#include "err.h"
#include "fields.h"
#include "fold.h"
#include "list.h"
#include "rec.h"
#include "regions.h"

enum ckind { C_FIELD, C_AGE, C_LEVEL, C_ID, C_CODE };

struct col {
	enum ckind	 kind;
	char		*name;		/* as given */
	const char	*title;
	int		 digits;	/* C_LEVEL */
	int		 idx, idx2;	/* stream columns */
	int		 cbf;		/* codebook field or -1 */
	int		 multi;
};

/* A kept record: its region code, the name's collation key, its cells. */
struct row {
	char		 code[13];
	size_t		 key;		/* offset in keys */
	size_t		 off;		/* offset in arena */
};

struct lbc_list {
	struct lbc_list_conf	 conf;
	UCollator		*coll;
	struct col		*cols;
	size_t			 ncols;
	int			 region, name;	/* stream columns or -1 */
	struct lbc_buf		 arena, keys, msg, t1;
	struct row		*rows;
	size_t			 nrows, cap;
	UChar			*u16;		/* a name in UTF-16, for its key */
	size_t			 u16cap;
};

static const struct {
	const char	*name;
	int		 digits;
	const char	*title;
} levels[] = {
	{ "province", 2, "省" }, { "city", 4, "市" },
	{ "county", 6, "县(市、区)" }, { "township", 9, "乡镇(街道)" },
	{ "village", 12, "村(社区)" }, { NULL, 0, NULL }
};

static const char default_cols[] = "name,sex,age,id,province,city,county,"
    "township,village,guardian,risk,problems,survey";

struct lbc_list *
lbc_list_new(const struct lbc_list_conf *conf)
{
	struct lbc_list *l;
	UErrorCode st = U_ZERO_ERROR;

	if ((l = calloc(1, sizeof(*l))) == NULL)
		return NULL;
	l->conf = *conf;
	l->coll = ucol_open("zh", &st);
	if (U_FAILURE(st)) {
		free(l);
		return NULL;
	}
	return l;
}

void
lbc_list_free(struct lbc_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->ncols; i++)
		free(l->cols[i].name);
	free(l->cols);
	free(l->rows);
	free(l->u16);
	lbc_buf_free(&l->keys);
	lbc_buf_free(&l->arena);
	lbc_buf_free(&l->msg);
	lbc_buf_free(&l->t1);
	ucol_close(l->coll);
	free(l);
}

const char *
lbc_list_message(const struct lbc_list *l)
{
	return l->msg.p != NULL ? l->msg.p : "";
}

static int
add_col(struct lbc_list *l, enum ckind k, const char *name, const char *title,
    int digits)
{
	struct col *c;

	if ((c = reallocarray(l->cols, l->ncols + 1, sizeof(*c))) == NULL)
		return LBC_ENOMEM;
	l->cols = c;
	c += l->ncols;
	memset(c, 0, sizeof(*c));
	c->kind = k;
	c->title = title;
	c->digits = digits;
	c->idx = c->idx2 = c->cbf = -1;
	if ((c->name = strdup(name)) == NULL)
		return LBC_ENOMEM;
	l->ncols++;
	return 0;
}

/* Adds the column(s) one name stands for. */
static int
add_named(struct lbc_list *l, const char *name)
{
	const char *c = name, *canon;
	size_t i;
	int rc;

	if (strcmp(name, "code") == 0 || strcmp(name, "区划代码") == 0)
		return add_col(l, C_CODE, name, "区划代码", 0);
	if ((canon = lbc_field_canonical(l->conf.fold, name)) != NULL)
		c = canon;
	if (strcmp(name, "省") == 0)
		c = "province";
	else if (strcmp(name, "市") == 0)
		c = "city";
	if (strcmp(c, "region") == 0) {
		for (i = 0; levels[i].name != NULL; i++)
			if ((rc = add_col(l, C_LEVEL, name, levels[i].title,
			    levels[i].digits)) != 0)
				return rc;
		return 0;
	}
	for (i = 0; levels[i].name != NULL; i++)
		if (strcmp(c, levels[i].name) == 0)
			return add_col(l, C_LEVEL, name, levels[i].title,
			    levels[i].digits);
	if (strcmp(c, "age") == 0)
		return add_col(l, C_AGE, name, "年龄", 0);
	if (strcmp(c, "id") == 0)
		return add_col(l, C_ID, name, "身份证号码", 0);
	if ((rc = add_col(l, C_FIELD, name, NULL, 0)) != 0)
		return rc;
	if (canon != NULL) {	/* the stream's name, looked up at start */
		free(l->cols[l->ncols - 1].name);
		if ((l->cols[l->ncols - 1].name = strdup(canon)) == NULL)
			return LBC_ENOMEM;
	}
	return 0;
}

/* A message format in the reader's language. */
static const char *
tr(const struct lbc_list *l, const char *fmt)
{
	return l->conf.tr != NULL ? l->conf.tr(fmt) : fmt;
}

int
lbc_list_columns(struct lbc_list *l, const char *spec)
{
	const char *p, *comma;
	char *one;
	int rc;

	if (spec == NULL)
		spec = default_cols;
	for (p = spec; ; p = comma + 1) {
		comma = strchr(p, ',');
		if ((one = strndup(p, comma ? (size_t)(comma - p) :
		    strlen(p))) == NULL)
			return LBC_ENOMEM;
		if (*one == '\0') {
			free(one);
			lbc_buf_clear(&l->msg);
			return lbc_buf_printf(&l->msg, tr(l, N_("%s: a field "
			    "name is empty")), spec) ? LBC_ENOMEM : LBC_EARG;
		}
		rc = add_named(l, one);
		free(one);
		if (rc != 0)
			return rc;
		if (comma == NULL)
			return 0;
	}
}

static int
missing(struct lbc_list *l, const struct lbc_reader *r, const char *name)
{
	size_t i;

	lbc_buf_clear(&l->msg);
	if (lbc_buf_printf(&l->msg, tr(l, N_("no field %s; the fields are: ")),
	    name))
		return LBC_ENOMEM;
	for (i = 0; i < lbc_reader_nfields(r); i++)
		if ((i > 0 && lbc_buf_adds(&l->msg, ", ") != 0) ||
		    lbc_buf_adds(&l->msg, lbc_reader_fieldname(r, i)) != 0)
			return LBC_ENOMEM;
	if (lbc_buf_adds(&l->msg, ", age, province, city, county, township, "
	    "village, code") != 0)
		return LBC_ENOMEM;
	return LBC_EARG;
}

int
lbc_list_start(struct lbc_list *l, const struct lbc_reader *r)
{
	size_t i;
	const char *fn;

	l->region = lbc_reader_find(r, "region");
	l->name = lbc_reader_find(r, "name");
	for (i = 0; i < l->ncols; i++) {
		struct col *c = &l->cols[i];

		switch (c->kind) {
		case C_LEVEL:
		case C_CODE:
			if (l->region < 0)
				return missing(l, r, "region");
			break;
		case C_AGE:
			if ((c->idx = lbc_reader_find(r, "birth")) < 0)
				return missing(l, r, "birth");
			c->idx2 = lbc_reader_find(r, "survey");
			break;
		case C_ID:
			if ((c->idx = lbc_reader_find(r, "id")) < 0)
				return missing(l, r, "id");
			c->idx2 = lbc_reader_find(r, "id_raw");
			break;
		case C_FIELD:
			if ((c->idx = lbc_field_find(r, l->conf.fold, c->name,
			    NULL)) < 0)
				return missing(l, r, c->name);
			fn = lbc_reader_fieldname(r, (size_t)c->idx);
			c->cbf = lbc_codebook_field(l->conf.cb, fn);
			c->multi = strcmp(fn, "problems") == 0 ||
			    strcmp(fn, "flags") == 0;
			if (strcmp(fn, "name") == 0)
				c->title = "姓名";
			else if ((c->title = lbc_field_title(fn)) == NULL)
				c->title = fn;
			break;
		}
	}
	return 0;
}

/* Reads a date, YYYY-MM-DD quickly, else any form lbc_date_parse() takes. */
static int
read_date(const char *v, size_t n, struct lbc_date *d)
{
	if (n == 10 && v[4] == '-' && v[7] == '-' &&
	    strspn(v, "0123456789") == 4 && strspn(v + 5, "0123456789") == 2 &&
	    strspn(v + 8, "0123456789") == 2) {
		d->y = atoi(v);
		d->m = (v[5] - '0') * 10 + (v[6] - '0');
		d->d = (v[8] - '0') * 10 + (v[9] - '0');
		return lbc_date_valid(d->y, d->m, d->d) ? 0 : -1;
	}
	if (lbc_date_parse(v, n, d) < 0)
		return -1;
	if (d->d == 0)
		d->d = 1;
	return 0;
}

/* Appends the label of coded value v[0..n) (the value when unknown). */
static int
put_label(struct lbc_list *l, const struct col *c, const char *v, size_t n)
{
	int x = lbc_codebook_index(l->conf.cb, c->cbf, v, n);

	if (x < 0)
		return lbc_buf_add(&l->arena, v, n);
	return lbc_buf_adds(&l->arena, lbc_codebook_label(l->conf.cb, c->cbf,
	    (size_t)x));
}

static int
put_cell(struct lbc_list *l, const struct col *c, const struct lbc_reader *r,
    const char *code, size_t cn)
{
	struct lbc_buf *a = &l->arena;
	struct lbc_date b, at;
	const char *v, *name;
	size_t n, i;
	char tmp[32];
	int rc = 0;

	switch (c->kind) {
	case C_CODE:
		rc = lbc_buf_add(a, code, cn);
		break;
	case C_LEVEL:
		if (cn < (size_t)c->digits)
			break;
		if (l->conf.regions != NULL && (name = lbc_regions_name(
		    l->conf.regions, code, (size_t)c->digits)) != NULL)
			rc = lbc_buf_adds(a, name);
		else
			rc = lbc_buf_add(a, code, (size_t)c->digits);
		break;
	case C_AGE:
		v = lbc_reader_get(r, (size_t)c->idx, &n);
		if (n == 0 || read_date(v, n, &b) != 0)
			break;
		at = l->conf.as_of;
		if (c->idx2 >= 0) {
			v = lbc_reader_get(r, (size_t)c->idx2, &n);
			if (n > 0 && read_date(v, n, &at) != 0)
				at = l->conf.as_of;
		}
		if ((i = (size_t)lbc_date_age(&b, &at)) <= 200) {
			snprintf(tmp, sizeof(tmp), "%zu", i);
			rc = lbc_buf_adds(a, tmp);
		}
		break;
	case C_ID:
		v = lbc_reader_get(r, (size_t)c->idx, &n);
		if (n == 0 && c->idx2 >= 0)
			v = lbc_reader_get(r, (size_t)c->idx2, &n);
		for (i = 0; rc == 0 && i < n; i++)
			rc = lbc_buf_addc(a, l->conf.mask_id && n > 8 &&
			    i >= 4 && i + 4 < n ? '*' : v[i]);
		break;
	case C_FIELD:
		v = lbc_reader_get(r, (size_t)c->idx, &n);
		if (c->cbf < 0)
			rc = lbc_buf_add(a, v, n);
		else if (!c->multi)
			rc = put_label(l, c, v, n);
		else {
			const char *p = v, *e = v + n, *semi;
			int first = 1;

			for (; rc == 0 && p < e; p = semi + 1) {
				if ((semi = memchr(p, ';', (size_t)(e - p))) ==
				    NULL)
					semi = e;
				if (semi == p)
					continue;
				if (!first)
					rc = lbc_buf_adds(a, "、");
				if (rc == 0)
					rc = put_label(l, c, p,
					    (size_t)(semi - p));
				first = 0;
			}
		}
		break;
	}
	if (rc == 0)
		rc = lbc_buf_addc(a, '\0');
	return rc;
}

/* Appends the collation key of name[0..n) (NUL-terminated) to keys. */
static int
add_key(struct lbc_list *l, const char *name, size_t n)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t ul = 0, kl;

	if (n + 1 > l->u16cap) {
		size_t ncap = (n + 1) * 2;
		UChar *nu = reallocarray(l->u16, ncap, sizeof(*nu));

		if (nu == NULL)
			return LBC_ENOMEM;
		l->u16 = nu;
		l->u16cap = ncap;
	}
	u_strFromUTF8Lenient(l->u16, (int32_t)l->u16cap, &ul, name,
	    (int32_t)n, &st);
	if (U_FAILURE(st))
		ul = 0;
	kl = ucol_getSortKey(l->coll, l->u16, ul, NULL, 0);
	if (lbc_buf_reserve(&l->keys, (size_t)kl + 1) != 0)
		return LBC_ENOMEM;
	kl = ucol_getSortKey(l->coll, l->u16, ul,
	    (uint8_t *)l->keys.p + l->keys.len, kl + 1);
	/* the key ends with its own NUL */
	l->keys.len += strlen(l->keys.p + l->keys.len) + 1;
	l->keys.p[l->keys.len] = '\0';
	return 0;
}

int
lbc_list_add(struct lbc_list *l, const struct lbc_reader *r)
{
	const char *code = "", *name = "";
	size_t cn = 0, nn = 0, i;
	struct row *row;
	int rc;

	if (l->nrows == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 1024;
		struct row *nr;

		if ((nr = reallocarray(l->rows, ncap, sizeof(*nr))) == NULL)
			return LBC_ENOMEM;
		l->rows = nr;
		l->cap = ncap;
	}
	if (l->region >= 0)
		code = lbc_reader_get(r, (size_t)l->region, &cn);
	if (cn > 12)
		cn = 12;
	if (l->name >= 0)
		name = lbc_reader_get(r, (size_t)l->name, &nn);
	row = &l->rows[l->nrows];
	memset(row->code, 0, sizeof(row->code));
	memcpy(row->code, code, cn);
	row->off = l->arena.len;
	row->key = l->keys.len;
	if ((rc = add_key(l, name, nn)) != 0)
		return rc;
	for (i = 0; i < l->ncols; i++)
		if ((rc = put_cell(l, &l->cols[i], r, code, cn)) != 0)
			return rc;
	l->nrows++;
	return 0;
}

static int
cmp_rows(const void *a, const void *b, void *arg)
{
	const struct lbc_list *l = arg;
	const struct row *ra = a, *rb = b;
	int d;

	if ((d = memcmp(ra->code, rb->code, sizeof(ra->code))) != 0)
		return d;
	if ((d = strcmp(l->keys.p + ra->key, l->keys.p + rb->key)) != 0)
		return d;
	return ra->off < rb->off ? -1 : ra->off > rb->off;
}

int
lbc_list_finish(struct lbc_list *l)
{
	if (l->nrows > 1)
		qsort_r(l->rows, l->nrows, sizeof(*l->rows), cmp_rows, l);
	return 0;
}

size_t
lbc_list_ncols(const struct lbc_list *l)
{
	return l->ncols;
}

const char *
lbc_list_title(const struct lbc_list *l, size_t j)
{
	return l->cols[j].title;
}

int
lbc_list_numeric(const struct lbc_list *l, size_t j)
{
	return l->cols[j].kind == C_AGE;
}

size_t
lbc_list_nrows(const struct lbc_list *l)
{
	return l->nrows;
}

const char *
lbc_list_code(const struct lbc_list *l, size_t i)
{
	return l->rows[i].code;
}

void
lbc_list_row(const struct lbc_list *l, size_t i, const char **cells)
{
	const char *p = l->arena.p + l->rows[i].off;
	size_t j;

	for (j = 0; j < l->ncols; j++) {
		cells[j] = p;
		p += strlen(p) + 1;
	}
}

void
lbc_list_group(const struct lbc_list *l, size_t i, int digits, char key[13])
{
	const char *code = lbc_list_code(l, i);
	size_t n = strlen(code);

	if (n > (size_t)digits)
		n = (size_t)digits;
	memcpy(key, code, n);
	key[n] = '\0';
}

const char *
lbc_list_place_name(const struct lbc_list *l, const char *key)
{
	const char *name;

	if (*key == '\0')
		return "未填区划";
	if (l->conf.regions != NULL && (name = lbc_regions_name(
	    l->conf.regions, key, strlen(key))) != NULL)
		return name;
	return key;
}

int
lbc_list_place(const struct lbc_list *l, const char *key, int digits,
    struct lbc_buf *out)
{
	size_t n = strlen(key), i, from;
	char part[13];
	int first = 1;

	lbc_buf_clear(out);
	if (n == 0)
		return lbc_buf_adds(out, "未填区划");
	from = n <= 6 ? 0 : 2;	/* from the county down, or all */
	for (i = from; levels[i].name != NULL &&
	    (size_t)levels[i].digits <= n; i++) {
		memcpy(part, key, (size_t)levels[i].digits);
		part[levels[i].digits] = '\0';
		if ((!first && lbc_buf_addc(out, ' ') != 0) ||
		    lbc_buf_adds(out, lbc_list_place_name(l, part)) != 0)
			return LBC_ENOMEM;
		first = 0;
	}
	if ((size_t)digits > n) {
		const char *w = digits == 12 ? "村" : digits == 9 ? "乡镇" :
		    digits == 6 ? "县" : "市";

		if (lbc_buf_printf(out, "(未细分到%s)", w) != 0)
			return LBC_ENOMEM;
	}
	return 0;
}

int
lbc_list_write_tsv(const struct lbc_list *l, struct lbc_writer *w)
{
	const char **cells;
	size_t i, j;

	for (j = 0; j < l->ncols; j++)
		lbc_writer_puts(w, l->cols[j].title);
	lbc_writer_end(w);
	if ((cells = calloc(l->ncols + 1, sizeof(*cells))) == NULL)
		return LBC_ENOMEM;
	for (i = 0; i < l->nrows; i++) {
		lbc_list_row(l, i, cells);
		for (j = 0; j < l->ncols; j++)
			lbc_writer_puts(w, cells[j]);
		lbc_writer_end(w);
	}
	free(cells);
	return 0;
}

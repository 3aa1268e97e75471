#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "codebook.h"
#include "err.h"
#include "fold.h"
#include "strmap.h"

static const char default_codebook[] =
	"sex\tM\t男\t男性|m|1\n"
	"sex\tF\t女\t女性|f|2\n"
	"guardian\tgrandparent\t(外)祖父母监护\t祖父母监护|外祖父母监护|祖辈监护\n"
	"guardian\trelative\t亲友监护\t亲戚朋友监护|亲属监护\n"
	"guardian\tparent_unable\t父或母无监护能力\t父母一方无监护能力\n"
	"guardian\tnone\t无人监护\t\n"
	"guardian\tother\t其他\t\n"
	"risk\thigh\t高风险\t高|重点关注|一级\n"
	"risk\tmedium\t中风险\t中|二级\n"
	"risk\tlow\t低风险\t低|一般关注|三级\n"
	"problems\tstudy\t学业失教\t学业\n"
	"problems\tliving\t生活失助\t生活\n"
	"problems\taffection\t亲情失落\t亲情\n"
	"problems\tpsych\t心理失衡\t心理\n"
	"problems\tsafety\t安全失保\t安全\n"
	"change\tnew\t新增\t\n"
	"change\tleft\t退出\t\n"
	"change\tstayed\t持续\t\n"
	"left_why\taged_out\t年满16周岁\t\n";

const char *
lbc_codebook_builtin(void)
{
	return default_codebook;
}

struct cat {
	char	*code;
	char	*label;
};

struct field {
	char			*name;
	struct cat		*cats;
	size_t			 n, cap;
	struct lbc_strmap	*match;	/* folded code/label/alias -> index */
	struct lbc_strmap	*codes;	/* exact code -> index */
};

struct lbc_codebook {
	struct lbc_fold	*fold;
	struct field	*fields;
	size_t		 nfields;
	struct lbc_buf	 key;
};

void
lbc_codebook_free(struct lbc_codebook *cb)
{
	size_t i, j;

	if (cb == NULL)
		return;
	for (i = 0; i < cb->nfields; i++) {
		struct field *f = &cb->fields[i];

		for (j = 0; j < f->n; j++) {
			free(f->cats[j].code);
			free(f->cats[j].label);
		}
		free(f->cats);
		free(f->name);
		lbc_strmap_free(f->match);
		lbc_strmap_free(f->codes);
	}
	free(cb->fields);
	lbc_buf_free(&cb->key);
	free(cb);
}

int
lbc_codebook_field(const struct lbc_codebook *cb, const char *field)
{
	size_t i;

	for (i = 0; i < cb->nfields; i++)
		if (strcmp(cb->fields[i].name, field) == 0)
			return (int)i;
	/* lbc-diff's risk of last period is coded as risk is. */
	if (strcmp(field, "was_risk") == 0)
		return lbc_codebook_field(cb, "risk");
	return -1;
}

static int
field_reset(struct field *f)
{
	size_t j;

	for (j = 0; j < f->n; j++) {
		free(f->cats[j].code);
		free(f->cats[j].label);
	}
	f->n = 0;
	lbc_strmap_free(f->match);
	lbc_strmap_free(f->codes);
	f->match = lbc_strmap_new();
	f->codes = lbc_strmap_new();
	return f->match && f->codes ? 0 : LBC_ENOMEM;
}

static struct field *
field_get(struct lbc_codebook *cb, const char *name, size_t n)
{
	struct field *nf;
	size_t i;

	for (i = 0; i < cb->nfields; i++)
		if (strlen(cb->fields[i].name) == n &&
		    memcmp(cb->fields[i].name, name, n) == 0)
			return &cb->fields[i];
	nf = realloc(cb->fields, (cb->nfields + 1) * sizeof(*nf));
	if (nf == NULL)
		return NULL;
	cb->fields = nf;
	nf = &cb->fields[cb->nfields];
	memset(nf, 0, sizeof(*nf));
	if ((nf->name = strndup(name, n)) == NULL)
		return NULL;
	cb->nfields++;
	if (field_reset(nf) != 0)
		return NULL;
	return nf;
}

/* Adds a match key for category idx; the first category to claim a key keeps it. */
static int
add_key(struct lbc_codebook *cb, struct field *f, const char *s, size_t n,
    size_t idx)
{
	int rc;

	if (n == 0)
		return 0;
	if ((rc = lbc_fold_key(cb->fold, s, n, &cb->key)) != 0)
		return rc;
	if (cb->key.len == 0)
		return 0;
	return lbc_strmap_intern(f->match, cb->key.p, cb->key.len, idx, NULL,
	    NULL);
}

/* Merges one row: field code label aliases (label and aliases may be absent). */
static int
merge_row(struct lbc_codebook *cb, char *row)
{
	char *col[4] = { NULL, NULL, NULL, NULL };
	struct field *f;
	size_t i, idx;
	char *p = row;
	int rc;

	for (i = 0; i < 4 && p != NULL; i++) {
		col[i] = p;
		if ((p = strchr(p, '\t')) != NULL)
			*p++ = '\0';
	}
	if (p != NULL || col[1] == NULL || *col[0] == '\0' || *col[1] == '\0')
		return LBC_EFORMAT;
	if ((f = field_get(cb, col[0], strlen(col[0]))) == NULL)
		return LBC_ENOMEM;
	if (strcmp(col[1], "-") == 0)
		return field_reset(f);
	if (!lbc_strmap_get(f->codes, col[1], strlen(col[1]), &idx)) {
		if (f->n == f->cap) {
			size_t ncap = f->cap ? f->cap * 2 : 8;
			struct cat *nc = realloc(f->cats, ncap * sizeof(*nc));

			if (nc == NULL)
				return LBC_ENOMEM;
			f->cats = nc;
			f->cap = ncap;
		}
		idx = f->n;
		f->cats[idx].code = strdup(col[1]);
		f->cats[idx].label = strdup(col[2] && *col[2] ? col[2] : col[1]);
		if (f->cats[idx].code == NULL || f->cats[idx].label == NULL)
			return LBC_ENOMEM;
		f->n++;
		if ((rc = lbc_strmap_put(f->codes, col[1], strlen(col[1]), idx)) != 0)
			return rc;
	} else if (col[2] != NULL && *col[2] != '\0') {
		char *l = strdup(col[2]);

		if (l == NULL)
			return LBC_ENOMEM;
		free(f->cats[idx].label);
		f->cats[idx].label = l;
	}
	if ((rc = add_key(cb, f, col[1], strlen(col[1]), idx)) != 0 ||
	    (col[2] != NULL &&
	    (rc = add_key(cb, f, col[2], strlen(col[2]), idx)) != 0))
		return rc;
	for (p = col[3]; p != NULL && *p != '\0';) {
		char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);

		if ((rc = add_key(cb, f, p, n, idx)) != 0)
			return rc;
		p = bar ? bar + 1 : NULL;
	}
	return 0;
}

static int
merge_text(struct lbc_codebook *cb, char *text, unsigned long *line)
{
	char *p = text, *nl;
	size_t n;
	int rc;

	for (*line = 0; p != NULL; p = nl != NULL ? nl + 1 : NULL) {
		if ((nl = strchr(p, '\n')) != NULL)
			*nl = '\0';
		(*line)++;
		if ((n = strlen(p)) > 0 && p[n - 1] == '\r')
			p[n - 1] = '\0';
		if (*p == '\0' || *p == '#')
			continue;
		if (*line == 1 && strncmp(p, "field\tcode\t", 11) == 0)
			continue;	/* a header row */
		if ((rc = merge_row(cb, p)) != 0)
			return rc;
	}
	return 0;
}

struct lbc_codebook *
lbc_codebook_new(struct lbc_fold *fold, int *err)
{
	struct lbc_codebook *cb;
	unsigned long line;
	char *text;
	int rc;

	if ((cb = calloc(1, sizeof(*cb))) == NULL ||
	    (text = strdup(default_codebook)) == NULL) {
		free(cb);
		*err = LBC_ENOMEM;
		return NULL;
	}
	cb->fold = fold;
	rc = merge_text(cb, text, &line);
	free(text);
	if (rc != 0) {
		lbc_codebook_free(cb);
		*err = rc;
		return NULL;
	}
	return cb;
}

int
lbc_codebook_load(struct lbc_codebook *cb, FILE *fp, unsigned long *line)
{
	struct lbc_buf b = { 0 };
	char chunk[8192];
	size_t got;
	int rc;

	*line = 0;
	while ((got = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		if (lbc_buf_add(&b, chunk, got) != 0) {
			lbc_buf_free(&b);
			return LBC_ENOMEM;
		}
	if (ferror(fp)) {
		lbc_buf_free(&b);
		return LBC_EIO;
	}
	if (b.p == NULL)
		return 0;
	if (strlen(b.p) != b.len || !lbc_utf8_valid(b.p, b.len))
		rc = LBC_EENCODING;
	else
		rc = merge_text(cb, b.p + (strncmp(b.p, "\xef\xbb\xbf", 3) ? 0 : 3),
		    line);
	lbc_buf_free(&b);
	return rc;
}

size_t
lbc_codebook_ncodes(const struct lbc_codebook *cb, int field)
{
	return cb->fields[field].n;
}

const char *
lbc_codebook_code(const struct lbc_codebook *cb, int field, size_t i)
{
	return cb->fields[field].cats[i].code;
}

const char *
lbc_codebook_label(const struct lbc_codebook *cb, int field, size_t i)
{
	return cb->fields[field].cats[i].label;
}

int
lbc_codebook_index(const struct lbc_codebook *cb, int field, const char *code,
    size_t n)
{
	size_t idx;

	if (lbc_strmap_get(cb->fields[field].codes, code, n, &idx))
		return (int)idx;
	return -1;
}

int
lbc_codebook_match(struct lbc_codebook *cb, int field, const char *value,
    size_t n)
{
	size_t idx;

	if (lbc_fold_key(cb->fold, value, n, &cb->key) != 0)
		return -1;
	if (lbc_strmap_get(cb->fields[field].match, cb->key.p, cb->key.len, &idx))
		return (int)idx;
	return -1;
}

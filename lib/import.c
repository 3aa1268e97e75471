#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "codebook.h"
#include "csvrow.h"
#include "err.h"
#include "fold.h"
#include "idno.h"
#include "import.h"
#include "rec.h"
#include "regions.h"
#include "sheet.h"
#include "strmap.h"

/* A message marked for the catalogue, in the reader's language (o.tr). */
#define TR(imp, s)	((imp)->o.tr != NULL ? (imp)->o.tr(s) : (s))

enum role {
	R_DROP, R_NAME, R_ID, R_SEX, R_BIRTH, R_REGION, R_COUNTY, R_TOWNSHIP,
	R_VILLAGE, R_GUARDIAN, R_RISK, R_PROBLEMS, R_SURVEY, R_SCHOOL, R_GRADE,
	R_REPORTER, R_CITY, R_PROVINCE, R_EXTRA, R_NROLES
};

static const char *const role_names[R_NROLES] = {
	"-", "name", "id", "sex", "birth", "region", "county", "township",
	"village", "guardian", "risk", "problems", "survey", "school", "grade",
	"reporter", "city", "province", NULL
};

/* Built-in header names (matched after lbc_fold_key). */
static const struct {
	const char	*header;
	enum role	 role;
} default_headers[] = {
	{ "姓名", R_NAME }, { "儿童姓名", R_NAME }, { "学生姓名", R_NAME },
	{ "留守儿童姓名", R_NAME },
	{ "身份证号", R_ID }, { "身份证号码", R_ID }, { "公民身份号码", R_ID },
	{ "身份证件号码", R_ID }, { "证件号码", R_ID },
	{ "性别", R_SEX },
	{ "出生日期", R_BIRTH }, { "出生年月", R_BIRTH }, { "出生年月日", R_BIRTH },
	{ "区划代码", R_REGION }, { "行政区划代码", R_REGION },
	{ "统计用区划代码", R_REGION }, { "村(居)代码", R_REGION },
	{ "县(市、区)", R_COUNTY }, { "县区", R_COUNTY }, { "县", R_COUNTY },
	{ "市(州)", R_CITY }, { "地市", R_CITY }, { "市(地、州、盟)", R_CITY },
	{ "地(市、州、盟)", R_CITY }, { "所在市", R_CITY },
	{ "省", R_PROVINCE }, { "省份", R_PROVINCE }, { "省(区、市)", R_PROVINCE },
	{ "乡镇(街道)", R_TOWNSHIP }, { "乡镇", R_TOWNSHIP },
	{ "所在乡镇", R_TOWNSHIP },
	{ "村(社区)", R_VILLAGE }, { "村(居)", R_VILLAGE }, { "村", R_VILLAGE },
	{ "社区", R_VILLAGE }, { "所在村", R_VILLAGE },
	{ "监护类型", R_GUARDIAN }, { "监护情况", R_GUARDIAN },
	{ "监护方式", R_GUARDIAN },
	{ "风险等级", R_RISK }, { "风险类别", R_RISK }, { "关爱等级", R_RISK },
	{ "存在问题", R_PROBLEMS }, { "主要问题", R_PROBLEMS },
	{ "问题类型", R_PROBLEMS },
	{ "排查日期", R_SURVEY }, { "填报日期", R_SURVEY }, { "登记日期", R_SURVEY },
	{ "调查日期", R_SURVEY },
	{ "就读学校", R_SCHOOL }, { "学校", R_SCHOOL },
	{ "年级", R_GRADE },
	{ "填报单位", R_REPORTER }, { "报送单位", R_REPORTER },
	{ "序号", R_DROP }, { "编号", R_DROP },
};

/* Output fields, the canonical order of rec.h. */
enum out {
	O_SRC, O_LINE, O_ID, O_IDRAW, O_NAME, O_SEX, O_BIRTH, O_REGION,
	O_GUARDIAN, O_RISK, O_PROBLEMS, O_SURVEY, O_SCHOOL, O_GRADE,
	O_REPORTER, O_FLAGS, O_COUNT
};

enum flag {
	F_ID_INVALID, F_ID_EXCEL_NUMBER, F_SEX_CONFLICT, F_SEX_UNKNOWN, F_BIRTH_CONFLICT,
	F_BIRTH_PARTIAL, F_BIRTH_INVALID, F_SURVEY_PARTIAL, F_SURVEY_INVALID,
	F_GUARDIAN_UNKNOWN, F_RISK_UNKNOWN, F_PROBLEM_UNKNOWN, F_COUNT
};

static const char *const flag_names[F_COUNT] = {
	"id_invalid", "id_excel_number", "sex_conflict", "sex_unknown", "birth_conflict",
	"birth_partial", "birth_invalid", "survey_partial", "survey_invalid",
	"guardian_unknown", "risk_unknown", "problem_unknown"
};

static const char *const reject_names[LBC_REJ_COUNT] = {
	"encoding", "row", "identity", "birth", "age", "region"
};

/*
 * A memo of computed strings: key -> (text, code), for the cells of low
 * cardinality that every row looks up.  One slot holds all a hit needs,
 * and the key and its text lie side by side in the arena, so that a hit
 * costs one or two cache misses; keys are hashed a word at a time.
 */
struct mslot {
	uint64_t		 h;		/* 0: empty */
	const char		*key;		/* key, then text and a NUL */
	size_t			 klen, tlen;
	int			 code;
};

struct memo {
	struct mslot		*slot;
	size_t			 mask, n;
	struct lbc_arena	 arena;
};

struct lbc_import {
	struct lbc_import_opts	 o;
	struct lbc_fold		*fold;
	struct lbc_codebook	*cb;
	struct lbc_regions	*regions;
	struct lbc_strmap	*hdrmap;	/* folded header -> role */
	struct lbc_strmap	*extramap;	/* extra column name -> index */
	char			**extras;
	size_t			 nextras, xcap;
	int			 cbf_sex, cbf_guardian, cbf_risk, cbf_problems;
	struct memo		 sexm, guardianm, riskm, problemsm, regionm;
	struct memo		 surveym;	/* survey date cells */
	struct lbc_buf		 val[O_COUNT];
	struct lbc_buf		 t1, t2, raw, msg;
	uint64_t		rhash;		/* this row's region key hash, or 0 */
	const char		*rkey;		/* and the key, when rhash is set */
	size_t			 rklen;
	const char		**xval;		/* per extra: value of this row */
	size_t			*xlen;
	unsigned char		*seen;		/* problems: codes present */
	size_t			 seencap;
	struct lbc_import_stats	 st;
};

/* A row read ahead while looking for the header. */
enum pkind { P_TITLE, P_HEADER, P_DATA, P_BLANK };

struct pend {
	struct lbc_rowbuf	 rb;
	unsigned long		 line;
	unsigned long		 blanks;	/* P_BLANK: how many lines */
	int			 bad;
	enum pkind		 kind;
};

struct lbc_import_file {
	struct lbc_decoder	*dec;
	struct lbc_csvrow	*csv;
	struct lbc_sheet	*sheet;		/* a workbook sheet, not CSV */
	struct pend		*pend;		/* rows read ahead */
	size_t			 npend, pcap;
	unsigned long		 hdrrows;	/* 1 or 2 */
	unsigned long		 ntitle;
	struct lbc_buf		 title;		/* the title rows' text */
	unsigned long		 excel_ids;	/* IDs typed as numbers */
	char			**hdrkey2;	/* folded upper header cells */
	size_t			 ncols2;
	char			*src;
	char			 delim;
	unsigned long		 line;		/* physical lines read */
	unsigned long		 hdrline;
	size_t			 ncols;
	int			*role;
	size_t			*xidx;		/* extra index of R_EXTRA columns */
	int			 col[R_NROLES];
	char			**hdrkey;	/* folded header cells */
	unsigned long		 unclosed;	/* line of a row left open at the end */
};

const char *
lbc_reject_name(enum lbc_reject r)
{
	return r < LBC_REJ_COUNT ? reject_names[r] : "?";
}

static void
memo_free(struct memo *m)
{
	lbc_arena_free(&m->arena);
	free(m->slot);
}

static int
memo_init(struct memo *m)
{
	memset(m, 0, sizeof(*m));
	if ((m->slot = calloc(64, sizeof(*m->slot))) == NULL)
		return LBC_ENOMEM;
	m->mask = 63;
	return 0;
}

static uint64_t
memo_hash(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	if (n > 0) {
		w = 0;
		memcpy(&w, s, n);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
	}
	h ^= h >> 29;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 32;
	return h ? h : 1;
}

/* The slot of key: its entry, or the empty slot where it would go. */
static struct mslot *
memo_find(const struct memo *m, const char *key, size_t n, uint64_t h)
{
	size_t i = (size_t)h & m->mask;

	for (;;) {
		struct mslot *sl = &m->slot[i];

		if (sl->h == 0 || (sl->h == h && sl->klen == n &&
		    memcmp(sl->key, key, n) == 0))
			return sl;
		i = (i + 1) & m->mask;
	}
}

/* Finds key; returns its entry or NULL (absent). */
static const struct mslot *
memo_get(const struct memo *m, const char *key, size_t n)
{
	const struct mslot *sl = memo_find(m, key, n, memo_hash(key, n));

	return sl->h != 0 ? sl : NULL;
}

/* Stores key -> (text, code); returns the entry or NULL when out of memory. */
static const struct mslot *
memo_put(struct memo *m, const char *key, size_t n, const char *text, int code)
{
	uint64_t h = memo_hash(key, n);
	size_t tl = strlen(text), need = n + tl + 1, i;
	struct mslot *sl;
	char *p;

	if (2 * (m->n + 1) > m->mask + 1) {
		size_t ncap = (m->mask + 1) * 2;
		struct mslot *ns = lbc_table_alloc(ncap, sizeof(*ns));
		struct mslot *old = m->slot;

		if (ns == NULL)
			return NULL;
		for (i = 0; i <= m->mask; i++)
			if (old[i].h != 0) {
				size_t j = (size_t)old[i].h & (ncap - 1);

				while (ns[j].h != 0)
					j = (j + 1) & (ncap - 1);
				ns[j] = old[i];
			}
		free(old);
		m->slot = ns;
		m->mask = ncap - 1;
	}
	if ((p = lbc_arena_alloc(&m->arena, need)) == NULL)
		return NULL;
	memcpy(p, key, n);
	memcpy(p + n, text, tl + 1);
	sl = memo_find(m, key, n, h);
	sl->h = h;
	sl->key = p;
	sl->klen = n;
	sl->tlen = tl;
	sl->code = code;
	m->n++;
	return sl;
}

/* The text of an entry. */
static const char *
memo_text(const struct mslot *sl)
{
	return sl->key + sl->klen;
}

static int
add_header(struct lbc_import *imp, const char *h, size_t n, enum role r)
{
	int rc;

	if ((rc = lbc_fold_key(imp->fold, h, n, &imp->t1)) != 0)
		return rc;
	return lbc_strmap_put(imp->hdrmap, imp->t1.p, imp->t1.len, (size_t)r);
}

struct lbc_import *
lbc_import_new(const struct lbc_import_opts *o, struct lbc_fold *f,
    struct lbc_codebook *cb, struct lbc_regions *r, int *err)
{
	struct lbc_import *imp;
	size_t i;
	int rc = 0;

	if ((imp = calloc(1, sizeof(*imp))) == NULL) {
		*err = LBC_ENOMEM;
		return NULL;
	}
	imp->o = *o;
	imp->fold = f;
	imp->cb = cb;
	imp->regions = r;
	imp->cbf_sex = lbc_codebook_field(cb, "sex");
	imp->cbf_guardian = lbc_codebook_field(cb, "guardian");
	imp->cbf_risk = lbc_codebook_field(cb, "risk");
	imp->cbf_problems = lbc_codebook_field(cb, "problems");
	imp->hdrmap = lbc_strmap_new();
	imp->extramap = lbc_strmap_new();
	if (!imp->hdrmap || !imp->extramap || memo_init(&imp->sexm) != 0 ||
	    memo_init(&imp->guardianm) != 0 || memo_init(&imp->riskm) != 0 ||
	    memo_init(&imp->problemsm) != 0 || memo_init(&imp->regionm) != 0 ||
	    memo_init(&imp->surveym) != 0)
		rc = LBC_ENOMEM;
	for (i = 0; rc == 0 && i < sizeof(default_headers) /
	    sizeof(default_headers[0]); i++)
		rc = add_header(imp, default_headers[i].header,
		    strlen(default_headers[i].header), default_headers[i].role);
	/* The canonical names themselves, so lbc's own output reads back. */
	for (i = R_NAME; rc == 0 && i < R_EXTRA; i++)
		rc = add_header(imp, role_names[i], strlen(role_names[i]),
		    (enum role)i);
	if (rc != 0) {
		lbc_import_free(imp);
		*err = rc;
		return NULL;
	}
	return imp;
}

void
lbc_import_free(struct lbc_import *imp)
{
	size_t i;

	if (imp == NULL)
		return;
	lbc_strmap_free(imp->hdrmap);
	lbc_strmap_free(imp->extramap);
	for (i = 0; i < imp->nextras; i++)
		free(imp->extras[i]);
	free(imp->extras);
	memo_free(&imp->sexm);
	memo_free(&imp->guardianm);
	memo_free(&imp->riskm);
	memo_free(&imp->problemsm);
	memo_free(&imp->regionm);
	memo_free(&imp->surveym);
	for (i = 0; i < O_COUNT; i++)
		lbc_buf_free(&imp->val[i]);
	lbc_buf_free(&imp->t1);
	lbc_buf_free(&imp->t2);
	lbc_buf_free(&imp->raw);
	lbc_buf_free(&imp->msg);
	free(imp->xval);
	free(imp->xlen);
	free(imp->seen);
	free(imp);
}

int
lbc_import_map_load(struct lbc_import *imp, FILE *fp, unsigned long *line)
{
	char *row = NULL, *tab;
	size_t cap = 0, i;
	ssize_t got;
	int rc = 0;

	*line = 0;
	while ((got = getline(&row, &cap, fp)) != -1) {
		(*line)++;
		while (got > 0 && (row[got - 1] == '\n' || row[got - 1] == '\r'))
			row[--got] = '\0';
		if (row[0] == '\0' || row[0] == '#')
			continue;
		if ((tab = strchr(row, '\t')) == NULL ||
		    !lbc_utf8_valid(row, (size_t)got)) {
			rc = LBC_EFORMAT;
			break;
		}
		*tab++ = '\0';
		for (i = 0; i < R_EXTRA; i++)
			if (strcmp(tab, role_names[i]) == 0)
				break;
		if (i == R_EXTRA) {
			if (*line == 1 && strcmp(tab, "field") == 0)
				continue;	/* a header row */
			rc = LBC_EFORMAT;
			break;
		}
		if ((rc = add_header(imp, row, strlen(row), (enum role)i)) != 0)
			break;
	}
	if (rc == 0 && ferror(fp))
		rc = LBC_EIO;
	free(row);
	return rc;
}

static int
add_extra(struct lbc_import *imp, const char *name, size_t n, size_t *idx)
{
	int added, rc;

	if ((rc = lbc_strmap_intern(imp->extramap, name, n, imp->nextras, idx,
	    &added)) != 0 || !added)
		return rc;
	if (imp->nextras == imp->xcap) {
		size_t ncap = imp->xcap ? imp->xcap * 2 : 8;
		char **e = realloc(imp->extras, ncap * sizeof(*e));
		const char **v;
		size_t *l;

		if (e == NULL)
			return LBC_ENOMEM;
		imp->extras = e;
		if ((v = realloc(imp->xval, ncap * sizeof(*v))) == NULL)
			return LBC_ENOMEM;
		imp->xval = v;
		if ((l = realloc(imp->xlen, ncap * sizeof(*l))) == NULL)
			return LBC_ENOMEM;
		imp->xlen = l;
		imp->xcap = ncap;
	}
	if ((imp->extras[imp->nextras] = strndup(name, n)) == NULL)
		return LBC_ENOMEM;
	imp->nextras++;
	return 0;
}

static int
is_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

/*
 * Maps the header row's cells to roles and extra columns.  Linear in the
 * number of columns: a per-file mark of the extra columns used, and per
 * name the next suffix to try for a repeated name.
 */
static int
map_header(struct lbc_import *imp, struct lbc_import_file *f,
    const struct lbc_row *row)
{
	struct lbc_strmap *nextdup = NULL;
	unsigned char *used = NULL;
	size_t i, role, ucap = 0, dv;
	int rc = 0;

	f->ncols = row->n;
	f->role = calloc(row->n ? row->n : 1, sizeof(*f->role));
	f->xidx = calloc(row->n ? row->n : 1, sizeof(*f->xidx));
	f->hdrkey = calloc(row->n ? row->n : 1, sizeof(*f->hdrkey));
	if (f->role == NULL || f->xidx == NULL || f->hdrkey == NULL)
		return LBC_ENOMEM;
	for (i = 0; i < R_NROLES; i++)
		f->col[i] = -1;
	for (i = 0; i < row->n && rc == 0; i++) {
		if ((rc = lbc_fold_key(imp->fold, row->field[i], row->len[i],
		    &imp->t1)) != 0)
			break;
		if ((f->hdrkey[i] = strdup(imp->t1.p ? imp->t1.p : "")) == NULL) {
			rc = LBC_ENOMEM;
			break;
		}
		if (imp->t1.len == 0) {
			f->role[i] = R_DROP;
			continue;
		}
		if (lbc_strmap_get(imp->hdrmap, imp->t1.p, imp->t1.len, &role) &&
		    (role == R_DROP || f->col[role] < 0)) {
			f->role[i] = (int)role;
			if (role != R_DROP)
				f->col[role] = (int)i;
			continue;
		}
		/* Any other column is carried through under its cleaned name. */
		if ((rc = lbc_fold_trim(imp->fold, row->field[i], row->len[i],
		    &imp->t2)) != 0)
			break;
		for (size_t k = 0; lbc_canonical_fields[k] != NULL; k++)
			if (strcmp(imp->t2.p, lbc_canonical_fields[k]) == 0 ||
			    strcmp(imp->t2.p, "records") == 0) {
				if (lbc_buf_adds(&imp->t2, "_extra") != 0)
					rc = LBC_ENOMEM;
				break;
			}
		f->role[i] = R_EXTRA;
		if (rc != 0 || (rc = add_extra(imp, imp->t2.p, imp->t2.len,
		    &f->xidx[i])) != 0)
			break;
		/* Two columns of one file with one name: the later gets _2, _3... */
		if (ucap > f->xidx[i] && used[f->xidx[i]]) {
			size_t base = imp->t2.len;
			unsigned dup = 2;

			if (nextdup == NULL && (nextdup = lbc_strmap_new()) == NULL) {
				rc = LBC_ENOMEM;
				break;
			}
			if (lbc_strmap_get(nextdup, imp->t2.p, base, &dv))
				dup = (unsigned)dv;
			for (;; dup++) {
				if (lbc_buf_printf(&imp->t2, "_%u", dup) != 0 ||
				    (rc = add_extra(imp, imp->t2.p, imp->t2.len,
				    &f->xidx[i])) != 0) {
					rc = rc ? rc : LBC_ENOMEM;
					break;
				}
				imp->t2.len = base;
				imp->t2.p[base] = '\0';
				if (!(ucap > f->xidx[i] && used[f->xidx[i]]))
					break;
			}
			if (rc == 0)
				rc = lbc_strmap_put(nextdup, imp->t2.p, base, dup + 1);
			if (rc != 0)
				break;
		}
		if (f->xidx[i] >= ucap) {
			size_t ncap = ucap ? ucap : 64;
			unsigned char *u;

			while (ncap <= f->xidx[i] || ncap < imp->nextras)
				ncap *= 2;
			if ((u = realloc(used, ncap)) == NULL) {
				rc = LBC_ENOMEM;
				break;
			}
			memset(u + ucap, 0, ncap - ucap);
			used = u;
			ucap = ncap;
		}
		used[f->xidx[i]] = 1;
	}
	free(used);
	lbc_strmap_free(nextdup);
	return rc;
}

/* Trims ASCII white space and U+3000, in any mix, from both ends. */
static const char *
trim(const char *s, size_t *n)
{
	for (;;) {
		if (*n > 0 && (*s == ' ' || *s == '\t' || *s == '\r')) {
			s++;
			(*n)--;
		} else if (*n >= 3 && memcmp(s, "\xe3\x80\x80", 3) == 0) {
			s += 3;
			*n -= 3;
		} else
			break;
	}
	for (;;) {
		if (*n > 0 && (s[*n - 1] == ' ' || s[*n - 1] == '\t' ||
		    s[*n - 1] == '\r'))
			(*n)--;
		else if (*n >= 3 && memcmp(s + *n - 3, "\xe3\x80\x80", 3) == 0)
			*n -= 3;
		else
			break;
	}
	return s;
}

/* 1 when every field of row is blank (white space, U+3000 or nothing). */
static int
row_blank(const struct lbc_row *row)
{
	size_t i, n;

	for (i = 0; i < row->n; i++) {
		n = row->len[i];
		(void)trim(row->field[i], &n);
		if (n > 0)
			return 0;
	}
	return 1;
}

/* The header is looked for among this many non-blank rows. */
#define HEADER_ROWS	20

static struct pend *
pend_add(struct lbc_import_file *f, enum pkind kind, unsigned long line, int bad)
{
	struct pend *p;

	if (kind == P_BLANK && f->npend > 0 &&
	    f->pend[f->npend - 1].kind == P_BLANK) {
		f->pend[f->npend - 1].blanks++;
		return &f->pend[f->npend - 1];
	}
	if (f->npend == f->pcap) {
		size_t ncap = f->pcap ? f->pcap * 2 : 8;

		if ((p = realloc(f->pend, ncap * sizeof(*p))) == NULL)
			return NULL;
		f->pend = p;
		f->pcap = ncap;
	}
	p = &f->pend[f->npend++];
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->line = line;
	p->bad = bad;
	p->blanks = 1;
	return p;
}

/* For each cell of row: 1 when its name is a known header. */
static int
known_cells(struct lbc_import *imp, const struct lbc_row *row,
    unsigned char *known)
{
	size_t i, role;
	int rc;

	for (i = 0; i < row->n; i++) {
		known[i] = 0;
		if (row->len[i] == 0 || row->len[i] > 64)
			continue;
		if ((rc = lbc_fold_key(imp->fold, row->field[i], row->len[i],
		    &imp->t1)) != 0)
			return rc == LBC_EENCODING ? 0 : rc;
		known[i] = imp->t1.len > 0 && lbc_strmap_get(imp->hdrmap,
		    imp->t1.p, imp->t1.len, &role);
	}
	return 0;
}

static int
cell_blank(const struct lbc_row *row, size_t j)
{
	size_t n;

	if (j >= row->n)
		return 1;
	n = row->len[j];
	(void)trim(row->field[j], &n);
	return n == 0;
}

/*
 * Picks the header among the rows read ahead: the row, or two adjacent
 * rows (each column named by its lowest non-empty cell), where most cells
 * are known header names, at least two.  Sets *h to the (lower) header
 * row's index in f->pend and *two; returns the score.
 */
static int
pick_header(struct lbc_import *imp, struct lbc_import_file *f, size_t *h,
    int *two, int *err)
{
	unsigned char *kn[2] = { NULL, NULL };
	size_t i, j, prev = (size_t)-1, ncur = 0, nprev = 0, maxn = 0;
	int best = -1, s1, s2;

	*err = 0;
	for (i = 0; i < f->npend; i++)
		if (f->pend[i].rb.n > maxn)
			maxn = f->pend[i].rb.n;
	if ((kn[0] = malloc(maxn + 1)) == NULL ||
	    (kn[1] = malloc(maxn + 1)) == NULL) {
		free(kn[0]);
		*err = LBC_ENOMEM;
		return -1;
	}
	for (i = 0; i < f->npend; i++) {
		const struct lbc_row *r;
		unsigned char *t;

		if (f->pend[i].kind == P_BLANK)
			continue;
		r = lbc_rowbuf_row(&f->pend[i].rb);
		t = kn[0], kn[0] = kn[1], kn[1] = t;	/* kn[1]: previous row */
		nprev = ncur;
		ncur = r->n;
		if ((*err = known_cells(imp, r, kn[0])) != 0)
			break;
		for (s1 = 0, j = 0; j < r->n; j++)
			s1 += kn[0][j];
		if (s1 > best) {
			best = s1;
			*h = i;
			*two = 0;
		}
		if (prev != (size_t)-1 && !f->pend[prev].bad) {
			for (s2 = 0, j = 0; j < ncur || j < nprev; j++)
				s2 += !cell_blank(r, j) ? (j < ncur && kn[0][j]) :
				    (j < nprev && kn[1][j]);
			if (s2 > best) {
				best = s2;
				*h = i;
				*two = 1;
			}
		}
		prev = i;
	}
	free(kn[0]);
	free(kn[1]);
	return *err ? -1 : best;
}

/* Appends the text of a title row to f->title (cells joined by spaces). */
static int
add_title(struct lbc_import_file *f, const struct lbc_row *r)
{
	size_t j, n;
	const char *s;

	if (f->title.len > 0 && lbc_buf_adds(&f->title, " / ") != 0)
		return LBC_ENOMEM;
	for (j = 0; j < r->n; j++) {
		n = r->len[j];
		s = trim(r->field[j], &n);
		if (n == 0 || (j > 0 && r->len[j] == r->len[j - 1] &&
		    memcmp(r->field[j], r->field[j - 1], r->len[j]) == 0))
			continue;	/* empty, or a merged cell filled across */
		if (f->title.len > 0 && f->title.p[f->title.len - 1] != ' ' &&
		    lbc_buf_addc(&f->title, ' ') != 0)
			return LBC_ENOMEM;
		if (lbc_buf_add(&f->title, s, n) != 0)
			return LBC_ENOMEM;
	}
	return 0;
}

static int
fold_keys(struct lbc_import *imp, const struct lbc_row *r, char ***keys)
{
	size_t j;
	int rc;

	if ((*keys = calloc(r->n ? r->n : 1, sizeof(**keys))) == NULL)
		return LBC_ENOMEM;
	for (j = 0; j < r->n; j++) {
		if ((rc = lbc_fold_key(imp->fold, r->field[j], r->len[j],
		    &imp->t1)) != 0 && rc != LBC_EENCODING)
			return rc;
		if (((*keys)[j] = strdup(imp->t1.p ? imp->t1.p : "")) == NULL)
			return LBC_ENOMEM;
	}
	return 0;
}

/*
 * Sets *two when the row above header row h is a header row too: in some
 * column both hold the same known name (a cell such as 序号 merged down
 * across both rows).
 */
static int
merged_down(struct lbc_import *imp, struct lbc_import_file *f, size_t h,
    int *two)
{
	const struct lbc_row *lo, *up;
	size_t u = h, j, role;
	int rc;

	while (u > 0 && f->pend[--u].kind == P_BLANK)
		;
	if (u == h || f->pend[u].kind != P_DATA || f->pend[u].bad)
		return 0;
	lo = lbc_rowbuf_row(&f->pend[h].rb);
	up = lbc_rowbuf_row(&f->pend[u].rb);
	for (j = 0; j < lo->n && j < up->n; j++) {
		if (lo->len[j] == 0 || lo->len[j] != up->len[j] ||
		    memcmp(lo->field[j], up->field[j], lo->len[j]) != 0)
			continue;
		if ((rc = lbc_fold_key(imp->fold, lo->field[j], lo->len[j],
		    &imp->t1)) != 0)
			return rc == LBC_EENCODING ? 0 : rc;
		if (imp->t1.len > 0 &&
		    lbc_strmap_get(imp->hdrmap, imp->t1.p, imp->t1.len, &role)) {
			*two = 1;
			return 0;
		}
	}
	return 0;
}

/*
 * With the rows read ahead in f->pend: finds the header, marks the rows
 * above it as title, maps it.  need2: a sheet, whose header must have two
 * known names (a CSV file falls back to its first row).  Returns 0 or an
 * lbc_err (LBC_EHEADER, LBC_EENCODING with *line).
 */
static int
settle_header(struct lbc_import *imp, struct lbc_import_file *f, int need2,
    unsigned long *line)
{
	struct lbc_rowbuf hb = { 0 };
	const struct lbc_row *lo, *up;
	size_t h = 0, i, j, first = (size_t)-1;
	int two = 0, score, rc;

	for (i = 0; i < f->npend; i++)
		if (f->pend[i].kind != P_BLANK) {
			first = i;
			break;
		}
	if (first == (size_t)-1)
		return LBC_EHEADER;
	score = pick_header(imp, f, &h, &two, &rc);
	if (rc != 0)
		return rc;
	if (score < 2) {
		if (need2)
			return LBC_EHEADER;
		h = first;
		two = 0;
	}
	if (!two && (rc = merged_down(imp, f, h, &two)) != 0)
		return rc;
	f->hdrline = *line = f->pend[h].line;
	f->hdrrows = two ? 2 : 1;
	if (f->pend[h].bad)
		return LBC_EENCODING;
	lo = lbc_rowbuf_row(&f->pend[h].rb);
	if (lo->flags & LBC_CSVROW_BADQUOTE)	/* text after a closing quote */
		return LBC_EFORMAT;
	if (two) {
		size_t u = h;

		while (f->pend[--u].kind == P_BLANK)
			;
		f->pend[u].kind = P_HEADER;
		up = lbc_rowbuf_row(&f->pend[u].rb);
		if ((rc = fold_keys(imp, up, &f->hdrkey2)) != 0)
			return rc;
		f->ncols2 = up->n;
		for (j = 0; j < lo->n || j < up->n; j++) {
			const struct lbc_row *from = cell_blank(lo, j) ? up : lo;

			if ((rc = lbc_rowbuf_set(&hb, j, j < from->n ?
			    from->field[j] : "", j < from->n ? from->len[j] : 0,
			    LBC_CELL_TEXT)) != 0)
				goto out;
		}
		lo = lbc_rowbuf_row(&f->pend[h].rb);
		up = lbc_rowbuf_row(&hb);
		rc = map_header(imp, f, up);
	} else
		rc = map_header(imp, f, lo);
	if (rc != 0)
		goto out;
	f->pend[h].kind = P_HEADER;
	for (i = 0; i < h; i++)
		if (f->pend[i].kind == P_DATA) {
			f->pend[i].kind = P_TITLE;
			f->ntitle++;
			if ((rc = add_title(f, lbc_rowbuf_row(&f->pend[i].rb))) != 0)
				goto out;
		} else if (f->pend[i].kind == P_BLANK)
			f->pend[i].blanks = 0;	/* above the header: not rows */
out:
	lbc_rowbuf_free(&hb);
	return rc;
}

/*
 * The separator of a CSV file: that of the first of its first lines that
 * has a TAB, comma or semicolon (a title line above the header may have
 * none).
 */
static char
pick_delim(const struct lbc_decoder *d0)
{
	struct lbc_decoder *d;
	const char *l;
	size_t n, k;
	int bad, e, seen = 0;
	char delim = ',';

	if ((d = lbc_decoder_again(d0, &e)) == NULL)
		return ',';
	while (seen < HEADER_ROWS && lbc_decoder_line(d, &l, &n, &bad) > 0) {
		if (is_blank(l, n))
			continue;
		seen++;
		for (k = 0; k < n; k++)
			if (l[k] == '\t' || l[k] == ',' || l[k] == ';')
				break;
		if (k < n) {
			delim = lbc_csv_detect_delim(l, n);
			break;
		}
	}
	lbc_decoder_free(d);
	return delim;
}

static struct lbc_import_file *
file_new(const char *src, int *err)
{
	struct lbc_import_file *f;

	if ((f = calloc(1, sizeof(*f))) == NULL ||
	    (f->src = strdup(src)) == NULL) {
		free(f);
		*err = LBC_ENOMEM;
		return NULL;
	}
	return f;
}

/* Keeps a row read ahead (CSV parsers reuse their rows). */
static int
keep_row(struct lbc_import_file *f, const struct lbc_row *row,
    unsigned long line, int bad, size_t *nonblank)
{
	struct pend *p;

	if (row_blank(row) && !bad) {
		if (*nonblank > 0 && pend_add(f, P_BLANK, line, 0) == NULL)
			return LBC_ENOMEM;
		return 0;
	}
	if ((p = pend_add(f, P_DATA, line, bad)) == NULL)
		return LBC_ENOMEM;
	(*nonblank)++;
	return lbc_rowbuf_copy(&p->rb, row);
}

static struct lbc_import_file *
file_open(struct lbc_import *imp, const char *data, size_t len,
    const char *src, int mapped, int *err, unsigned long *line)
{
	struct lbc_import_file *f;
	const struct lbc_csvrow_row *cr;
	struct lbc_row row;
	unsigned long start = 0;
	const char *l;
	size_t n, nonblank = 0, k;
	int bad, rowbad = 0, rc, nr;

	*line = 0;
	if ((f = file_new(src, err)) == NULL)
		return NULL;
	if ((f->dec = mapped ? lbc_decoder_new_mapped(data, len,
	    imp->o.encoding, err) : lbc_decoder_new(data, len, imp->o.encoding,
	    err)) == NULL)
		goto fail;
	f->delim = imp->o.delimiter ? imp->o.delimiter : pick_delim(f->dec);
	if ((f->csv = lbc_csvrow_new(f->delim, err)) == NULL)
		goto fail;
	/* Read ahead up to HEADER_ROWS non-blank rows. */
	while (nonblank < HEADER_ROWS) {
		if ((rc = lbc_decoder_line(f->dec, &l, &n, &bad)) < 0) {
			*err = rc;
			goto fail;
		}
		if (rc == 0) {
			if (!lbc_csvrow_at_start(f->csv))
				f->unclosed = start;
			nr = lbc_csvrow_finish(f->csv);
		} else {
			f->line = lbc_decoder_lineno(f->dec);
			if (lbc_csvrow_at_start(f->csv)) {
				if (is_blank(l, n)) {
					if (nonblank > 0 &&
					    pend_add(f, P_BLANK, f->line, 0) == NULL) {
						*err = LBC_ENOMEM;
						goto fail;
					}
					continue;
				}
				start = f->line;
				rowbad = 0;
			}
			rowbad |= bad;
			nr = lbc_csvrow_feed(f->csv, l, n,
			    lbc_decoder_eol(f->dec));
		}
		if (nr < 0) {
			*err = nr;
			goto fail;
		}
		for (k = 0; k < (size_t)nr; k++) {
			if ((cr = lbc_csvrow_get(f->csv, k)) == NULL) {
				*err = LBC_ENOMEM;
				goto fail;
			}
			row.n = cr->n;
			row.field = cr->field;
			row.len = cr->len;
			row.type = NULL;
			row.flags = cr->flags;
			if ((*err = keep_row(f, &row, start, rowbad,
			    &nonblank)) != 0)
				goto fail;
		}
		lbc_csvrow_clear(f->csv);
		if (rc == 0)
			break;
	}
	if ((*err = settle_header(imp, f, 0, line)) != 0)
		goto fail;
	return f;
fail:
	*line = f->hdrline ? f->hdrline : f->line;
	lbc_import_file_free(f);
	return NULL;
}

struct lbc_import_file *
lbc_import_file_open(struct lbc_import *imp, const char *data, size_t len,
    const char *src, int *err, unsigned long *line)
{
	return file_open(imp, data, len, src, 0, err, line);
}

struct lbc_import_file *
lbc_import_file_open_mapped(struct lbc_import *imp, const char *data,
    size_t len, const char *src, int *err, unsigned long *line)
{
	return file_open(imp, data, len, src, 1, err, line);
}

struct lbc_import_file *
lbc_import_sheet_open(struct lbc_import *imp, struct lbc_sheet *sh,
    const char *src, int *err, unsigned long *line)
{
	struct lbc_import_file *f;
	const struct lbc_row *row;
	enum lbc_book_problem why;
	unsigned long rownum;
	size_t nonblank = 0;
	int rc;

	*line = 0;
	if ((f = file_new(src, err)) == NULL) {
		lbc_sheet_free(sh);
		return NULL;
	}
	f->sheet = sh;
	while (nonblank < HEADER_ROWS &&
	    (rc = lbc_sheet_next(sh, &row, &rownum, &why)) != 0) {
		if (rc < 0) {
			*err = rc;
			goto fail;
		}
		f->line = rownum;
		if ((*err = keep_row(f, row, rownum, 0, &nonblank)) != 0)
			goto fail;
	}
	if ((*err = settle_header(imp, f, 1, line)) != 0)
		goto fail;
	return f;
fail:
	*line = f->hdrline ? f->hdrline : f->line;
	lbc_import_file_free(f);
	return NULL;
}

static void
free_keys(char **k, size_t n)
{
	size_t i;

	if (k == NULL)
		return;
	for (i = 0; i < n; i++)
		free(k[i]);
	free(k);
}

void
lbc_import_file_free(struct lbc_import_file *f)
{
	size_t i;

	if (f == NULL)
		return;
	lbc_decoder_free(f->dec);
	lbc_csvrow_free(f->csv);
	lbc_sheet_free(f->sheet);
	for (i = 0; i < f->npend; i++)
		lbc_rowbuf_free(&f->pend[i].rb);
	free(f->pend);
	lbc_buf_free(&f->title);
	free_keys(f->hdrkey, f->ncols);
	free_keys(f->hdrkey2, f->ncols2);
	free(f->role);
	free(f->xidx);
	free(f->src);
	free(f);
}

unsigned long
lbc_import_file_header_line(const struct lbc_import_file *f)
{
	return f->hdrline;
}

unsigned long
lbc_import_file_header_rows(const struct lbc_import_file *f)
{
	return f->hdrrows;
}

unsigned long
lbc_import_file_title_rows(const struct lbc_import_file *f)
{
	return f->ntitle;
}

const char *
lbc_import_file_title(const struct lbc_import_file *f)
{
	return f->title.p ? f->title.p : "";
}

unsigned long
lbc_import_file_excel_ids(const struct lbc_import_file *f)
{
	return f->excel_ids;
}

void
lbc_import_file_mapped(struct lbc_import_file *f)
{
	lbc_decoder_release_behind(f->dec);
}

enum lbc_encoding
lbc_import_file_encoding(const struct lbc_import_file *f)
{
	return lbc_decoder_encoding(f->dec);
}

char
lbc_import_file_delimiter(const struct lbc_import_file *f)
{
	return f->delim;
}

int
lbc_import_file_has_identity(const struct lbc_import_file *f)
{
	return f->col[R_NAME] >= 0 || f->col[R_ID] >= 0;
}

unsigned long
lbc_import_file_unclosed(const struct lbc_import_file *f)
{
	return f->unclosed;
}

int
lbc_import_file_has_region(const struct lbc_import_file *f)
{
	return f->col[R_REGION] >= 0 || f->col[R_COUNTY] >= 0 ||
	    f->col[R_TOWNSHIP] >= 0 || f->col[R_VILLAGE] >= 0;
}

void
lbc_import_write_header(struct lbc_import *imp, struct lbc_writer *w)
{
	size_t i;

	for (i = 0; lbc_canonical_fields[i] != NULL; i++)
		lbc_writer_puts(w, lbc_canonical_fields[i]);
	for (i = 0; i < imp->nextras; i++)
		lbc_writer_puts(w, imp->extras[i]);
	lbc_writer_end(w);
}

void
lbc_import_write_reject_header(struct lbc_writer *w)
{
	lbc_writer_puts(w, "src");
	lbc_writer_puts(w, "line");
	lbc_writer_puts(w, "reason");
	lbc_writer_puts(w, "message");
	lbc_writer_puts(w, "raw");
	lbc_writer_end(w);
}

const struct lbc_import_stats *
lbc_import_stats(const struct lbc_import *imp)
{
	return &imp->st;
}

/* The row's cell for role r, or "" when the file has no such column. */
static const char *
cell(const struct lbc_import_file *f, const struct lbc_row *row,
    enum role r, size_t *n)
{
	int c = f->col[r];

	if (c < 0 || (size_t)c >= row->n) {
		*n = 0;
		return "";
	}
	*n = row->len[c];
	return row->field[c];
}

/* What coded() found in a cell. */
enum { CODED_UNKNOWN = 0, CODED_MATCH = 1, CODED_EMPTY = 2 };

/*
 * Matches a coded cell through the codebook with a memo of raw values.
 * Sets out to the code (or the cleaned text when nothing matches) and
 * returns CODED_MATCH, CODED_UNKNOWN or CODED_EMPTY, or a negative lbc_err.
 */
static int
coded(struct lbc_import *imp, struct memo *m, int field, const char *s,
    size_t n, struct lbc_buf *out)
{
	const struct mslot *e;
	int rc, k;

	lbc_buf_clear(out);
	if ((e = memo_get(m, s, n)) == NULL) {
		if ((rc = lbc_fold_trim(imp->fold, s, n, &imp->t1)) != 0)
			return rc == LBC_EENCODING ? CODED_EMPTY : rc;
		k = field < 0 ? -1 :
		    lbc_codebook_match(imp->cb, field, imp->t1.p, imp->t1.len);
		e = memo_put(m, s, n, k >= 0 ?
		    lbc_codebook_code(imp->cb, field, (size_t)k) :
		    imp->t1.p ? imp->t1.p : "",
		    imp->t1.len == 0 ? CODED_EMPTY : k >= 0 ? CODED_MATCH :
		    CODED_UNKNOWN);
		if (e == NULL)
			return LBC_ENOMEM;
	}
	if (lbc_buf_add(out, memo_text(e), e->tlen) != 0)
		return LBC_ENOMEM;
	return e->code;
}

static int
is_problem_sep(const char *p, const char *e, size_t *w)
{
	if (*p == ',' || *p == ';' || *p == '/' || *p == '|' || *p == ' ' ||
	    *p == '\t') {
		*w = 1;
		return 1;
	}
	if (e - p >= 3 && memcmp(p, "、", 3) == 0) {
		*w = 3;
		return 1;
	}
	return 0;
}

/* Splits and codes a problems cell: codes in codebook order, then unknowns. */
static int
problems(struct lbc_import *imp, const char *s, size_t n, struct lbc_buf *out,
    int *unknown)
{
	size_t ncodes, i, w;
	const char *p, *e, *tok;
	struct lbc_buf unk = { 0 };
	const struct mslot *me;
	int rc, k;

	lbc_buf_clear(out);
	*unknown = 0;
	if ((me = memo_get(&imp->problemsm, s, n)) != NULL) {
		*unknown = me->code;
		return lbc_buf_add(out, memo_text(me), me->tlen);
	}
	if (imp->cbf_problems < 0)
		return 0;
	ncodes = lbc_codebook_ncodes(imp->cb, imp->cbf_problems);
	if (ncodes > imp->seencap) {
		unsigned char *sn = realloc(imp->seen, ncodes);

		if (sn == NULL)
			return LBC_ENOMEM;
		imp->seen = sn;
		imp->seencap = ncodes;
	}
	memset(imp->seen, 0, ncodes);
	if ((rc = lbc_fold_trim(imp->fold, s, n, &imp->t2)) != 0)
		return rc == LBC_EENCODING ? 0 : rc;
	p = imp->t2.p;
	e = p + imp->t2.len;
	while (p < e) {
		while (p < e && is_problem_sep(p, e, &w))
			p += w;
		tok = p;
		while (p < e && !is_problem_sep(p, e, &w))
			p++;
		if (p == tok)
			break;
		size_t tl = (size_t)(p - tok);
		if ((tl == 3 && memcmp(tok, "无", 3) == 0) ||
		    (tl == 6 && memcmp(tok, "没有", 6) == 0) ||
		    (tl == 1 && *tok == '-'))
			continue;
		k = lbc_codebook_match(imp->cb, imp->cbf_problems, tok, tl);
		if (k >= 0) {
			imp->seen[k] = 1;
			continue;
		}
		/* unknown: keep verbatim, once */
		int dup = 0;
		for (const char *q = unk.p; q != NULL && q < unk.p + unk.len;) {
			const char *semi = memchr(q, ';', (size_t)(unk.p + unk.len - q));
			size_t ql = semi ? (size_t)(semi - q) : (size_t)(unk.p + unk.len - q);

			if (ql == tl && memcmp(q, tok, tl) == 0)
				dup = 1;
			q = semi ? semi + 1 : unk.p + unk.len;
		}
		if (!dup && ((unk.len > 0 && lbc_buf_addc(&unk, ';') != 0) ||
		    lbc_buf_add(&unk, tok, tl) != 0)) {
			lbc_buf_free(&unk);
			return LBC_ENOMEM;
		}
		*unknown = 1;
	}
	for (i = 0; i < ncodes; i++)
		if (imp->seen[i] && ((out->len > 0 && lbc_buf_addc(out, ';')) ||
		    lbc_buf_adds(out, lbc_codebook_code(imp->cb,
		    imp->cbf_problems, i))))
			goto nomem;
	if (unk.len > 0 && ((out->len > 0 && lbc_buf_addc(out, ';')) ||
	    lbc_buf_add(out, unk.p, unk.len)))
		goto nomem;
	lbc_buf_free(&unk);
	if (memo_put(&imp->problemsm, s, n, out->p ? out->p : "", *unknown) == NULL)
		return LBC_ENOMEM;
	return 0;
nomem:
	lbc_buf_free(&unk);
	return LBC_ENOMEM;
}

/*
 * The message of a failed name resolution (codes only: never a name of the
 * row), into b.
 */
static int
region_why(const struct lbc_import *imp, struct lbc_buf *b, int rc,
    const struct lbc_region_why *why)
{
	static const char *const lv[LBC_NLEVELS] = {
		N_("province"), N_("city"), N_("county"), N_("township"),
		N_("village")
	};
	size_t i;

	lbc_buf_clear(b);
	if (rc == LBC_EAMBIGUOUS) {
		if (lbc_buf_printf(b, TR(imp, "region names match more than one "
		    "place at %s level:"), TR(imp, lv[why->level])))
			return LBC_ENOMEM;
		for (i = 0; i < why->ncand && i < LBC_REGION_NCAND; i++)
			if (lbc_buf_printf(b, " %s", why->cand[i]))
				return LBC_ENOMEM;
		if (why->ncand > LBC_REGION_NCAND && lbc_buf_printf(b,
		    TR(imp, " (%zu places)"), why->ncand))
			return LBC_ENOMEM;
		return 0;
	}
	return lbc_buf_printf(b, TR(imp, "region names match no place in the "
	    "regions table (at %s level)"), TR(imp, lv[why->level]));
}

static const enum role lvrole[LBC_NLEVELS] = {
	R_PROVINCE, R_CITY, R_COUNTY, R_TOWNSHIP, R_VILLAGE
};

/*
 * The region name cells of row into q (blank ones empty) and the memo key
 * of the five joined into key.  Returns 0 or LBC_ENOMEM.
 */
static int
region_key(const struct lbc_import_file *f, const struct lbc_row *row,
    struct lbc_region_names *q, struct lbc_buf *key)
{
	size_t i;

	memset(q, 0, sizeof(*q));
	for (i = 0; i < LBC_NLEVELS; i++) {
		q->name[i] = cell(f, row, lvrole[i], &q->len[i]);
		if (is_blank(q->name[i], q->len[i]))
			q->len[i] = 0;
	}
	lbc_buf_clear(key);
	for (i = 0; i < LBC_NLEVELS; i++)
		if ((i > 0 && lbc_buf_addc(key, '\x1f')) ||
		    lbc_buf_add(key, q->name[i], q->len[i]))
			return LBC_ENOMEM;
	return 0;
}

/*
 * The record's region: from the code column, else from the name columns.
 * Returns 0 with out set, or 1 with imp->msg saying why the row is rejected,
 * or an lbc_err.
 */
static int
region(struct lbc_import *imp, const struct lbc_import_file *f,
    const struct lbc_row *row, struct lbc_buf *out)
{
	struct lbc_region_names q;
	struct lbc_region_why why;
	const char *code, *tn, *vn;
	size_t n, tl, vl, k;
	char norm[13];
	const struct mslot *e;
	uint64_t h;
	int rc;

	lbc_buf_clear(out);
	lbc_buf_clear(&imp->msg);
	code = cell(f, row, R_REGION, &n);
	if ((rc = lbc_fold_name(imp->fold, code, n, &imp->t1)) != 0 &&
	    rc != LBC_EENCODING)
		return rc;
	if (rc == 0 && imp->t1.len > 0) {
		const char *c = imp->t1.p;

		k = imp->t1.len;
		if (*c == '\'') {
			c++;
			k--;
		}
		n = k;
		k = lbc_region_code_norm(c, k, norm);
		/* 441900000000: the county-level 441900 of a city without
		 * counties, when the table has it */
		if (n == 12 && k == 4 && imp->regions != NULL &&
		    lbc_regions_level(imp->regions, c, 6) == 6) {
			memcpy(norm, c, 6);
			norm[k = 6] = '\0';
		}
		if (k == 0 || (k != 6 && k != 9 && k != 12)) {
			lbc_buf_adds(&imp->msg, k == 0 ?
			    TR(imp, "region code is not 6, 9 or 12 digits") :
			    TR(imp, "region code is a province or city code, "
			    "not a county, township or village code"));
			return 1;
		}
		/* the built-in table alone has no villages: it checks none */
		if (imp->regions != NULL && !lbc_regions_is_builtin(imp->regions) &&
		    lbc_regions_name(imp->regions, norm, k) == NULL) {
			lbc_buf_adds(&imp->msg,
			    TR(imp, "region code not in the regions table"));
			return 1;
		}
		/* A county or township code with lower names: the most specific. */
		tn = cell(f, row, R_TOWNSHIP, &tl);
		vn = cell(f, row, R_VILLAGE, &vl);
		if (imp->regions != NULL && k < 12 && (tl > 0 || vl > 0)) {
			char fine[13];
			int got = lbc_regions_refine(imp->regions, norm, k, tn, tl,
			    vn, vl, fine);

			if (got > 0)
				return lbc_buf_add(out, fine, (size_t)got);
		}
		return lbc_buf_add(out, norm, k);
	}
	/* names seen before: a memo entry is made only past the tests below */
	if (imp->rhash != 0 && imp->rkey != NULL &&
	    (e = memo_find(&imp->regionm, imp->rkey, imp->rklen,
	    imp->rhash))->h != 0)
		goto found;
	if (region_key(f, row, &q, &imp->t2) != 0)
		return LBC_ENOMEM;
	if (q.len[LBC_LV_COUNTY] == 0 && q.len[LBC_LV_TOWNSHIP] == 0 &&
	    q.len[LBC_LV_VILLAGE] == 0) {
		lbc_buf_adds(&imp->msg,
		    TR(imp, "no region code or region names"));
		return 1;
	}
	if (imp->regions == NULL) {
		lbc_buf_adds(&imp->msg,
		    TR(imp, "region names need a regions table (-r)"));
		return 1;
	}
	h = imp->rhash != 0 ? imp->rhash : memo_hash(imp->t2.p, imp->t2.len);
	e = memo_find(&imp->regionm, imp->t2.p, imp->t2.len, h);
	if (e->h == 0) {
		rc = lbc_regions_resolve_names(imp->regions, NULL, 0, &q, norm,
		    &why);
		if (rc == LBC_ENOMEM)
			return rc;
		if (rc > 0 && rc < 6) {
			/* names of a province or city only */
			why.level = rc == 2 ? LBC_LV_CITY : LBC_LV_COUNTY;
			why.ncand = 0;
			rc = LBC_ENOTFOUND;
		} else if (rc < 0 && rc != LBC_EAMBIGUOUS)
			rc = LBC_ENOTFOUND;
		if (rc == LBC_ENOTFOUND && q.len[LBC_LV_VILLAGE] > 0 &&
		    q.len[LBC_LV_TOWNSHIP] == 0)
			lbc_buf_adds(&imp->msg,
			    TR(imp, "a village name needs its township"));
		else if (rc < 0 && region_why(imp, &imp->msg, rc, &why) != 0)
			return LBC_ENOMEM;
		e = memo_put(&imp->regionm, imp->t2.p, imp->t2.len,
		    rc > 0 ? norm : imp->msg.p, rc > 0 ? 0 : rc);
		if (e == NULL)
			return LBC_ENOMEM;
	}
found:
	if (e->code != 0) {
		lbc_buf_clear(&imp->msg);
		lbc_buf_add(&imp->msg, memo_text(e), e->tlen);
		return 1;
	}
	return lbc_buf_add(out, memo_text(e), e->tlen);
}

static int
add_flag(struct lbc_buf *b, unsigned flags)
{
	size_t i;

	lbc_buf_clear(b);
	for (i = 0; i < F_COUNT; i++)
		if (flags & (1u << i))
			if ((b->len > 0 && lbc_buf_addc(b, ';')) ||
			    lbc_buf_adds(b, flag_names[i]))
				return LBC_ENOMEM;
	return 0;
}

static int
reject(struct lbc_import *imp, struct lbc_import_file *f,
    const struct lbc_row *row, unsigned long line, enum lbc_reject why,
    const char *msg, struct lbc_writer *rej, lbc_import_reject_fn *fn,
    void *ctx)
{
	size_t i;

	imp->st.rejected++;
	imp->st.reason[why]++;
	if (fn != NULL)
		fn(ctx, f->src, line, why, msg);
	if (rej == NULL)
		return 0;
	lbc_buf_clear(&imp->raw);
	for (i = 0; i < row->n; i++)
		if ((i > 0 && lbc_buf_addc(&imp->raw, '\t')) ||
		    lbc_buf_add(&imp->raw, row->field[i], row->len[i]))
			return LBC_ENOMEM;
	lbc_writer_puts(rej, f->src);
	lbc_writer_ulong(rej, line);
	lbc_writer_puts(rej, reject_names[why]);
	lbc_writer_puts(rej, msg);
	lbc_writer_put(rej, imp->raw.p ? imp->raw.p : "", imp->raw.len);
	lbc_writer_end(rej);
	return 0;
}

/* 1 when s[0..n) is printable ASCII without a space (not empty). */
static int
graphic(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] >= 0x7F)
			return 0;
	return n > 0;
}

/*
 * 1 when lbc_fold_key() keeps s[0..n) as it is: empty, or graphic()
 * without capitals or brackets (a row number, a date, an ID).
 */
static int
key_as_is(const char *s, size_t n)
{
	size_t i;

	if (n > 0 && !graphic(s, n))
		return 0;
	for (i = 0; i < n; i++)
		if ((s[i] >= 'A' && s[i] <= 'Z') || strchr("()[]{}", s[i]) != NULL)
			return 0;
	return 1;
}

/* 1 when row repeats a header row (keys k[0..nk), as folded). */
static int
same_as_keys(struct lbc_import *imp, const struct lbc_row *row, char **k,
    size_t nk)
{
	size_t i;

	if (k == NULL || nk == 0 || *k[0] == '\0')
		return 0;
	for (i = 0; i < row->n || i < nk; i++) {
		const char *want = i < nk ? k[i] : "";

		if (i >= row->n) {
			if (*want != '\0')
				return 0;
			continue;
		}
		if (key_as_is(row->field[i], row->len[i])) {
			if (strcmp(row->field[i], want) != 0)
				return 0;
			continue;
		}
		if (lbc_fold_key(imp->fold, row->field[i], row->len[i],
		    &imp->t1) != 0)
			return 0;
		if (strcmp(imp->t1.p ? imp->t1.p : "", want) != 0)
			return 0;
	}
	return 1;
}

/* Words of a form's footer rows (signatures, totals, notes). */
static const char *const footer_words[] = {
	"填表人", "填报人", "审核人", "制表人", "负责人", "联系电话", "合计",
	"总计", "说明", "备注：", "注：", NULL
};

/*
 * 1 when row is a footer: some cell holds a footer word, and every other
 * non-blank cell lies in a column that is no data field; or a cell starts
 * with a footer word (合计 3人) and the row has no ID and no birth date.
 */
static int
is_footer(const struct lbc_import_file *f, const struct lbc_row *row)
{
	size_t i, k, n, wl;
	const char *s;
	int word = 0, lead = 0, other = 0, w;

	for (i = 0; i < row->n; i++) {
		n = row->len[i];
		s = trim(row->field[i], &n);
		if (n == 0)
			continue;
		for (w = 0, k = 0; footer_words[k] != NULL && !w; k++) {
			wl = strlen(footer_words[k]);
			if (memmem(s, n, footer_words[k], wl) != NULL) {
				w = 1;
				lead |= n >= wl && memcmp(s, footer_words[k], wl) == 0;
			}
		}
		if (w)
			word = 1;
		else if (i < f->ncols && f->role[i] != R_DROP &&
		    f->role[i] != R_EXTRA)
			other = 1;
	}
	if (!word)
		return 0;
	if (!other)
		return 1;
	return lead && cell_blank(row, (size_t)f->col[R_ID]) &&
	    cell_blank(row, (size_t)f->col[R_BIRTH]);
}

/* What the field families work out for one row. */
struct rowv {
	enum lbc_id_status	 ids;
	char			 id[19];
	struct lbc_date		 idbirth, birth, survey;
	int			 have_birth, have_survey;
	unsigned		 flags;
	const char		*why;		/* reject message, when set */
	enum lbc_reject		 reason;
	char			 msg[96];
};

#define FLAG(rv, f)	((rv)->flags |= 1u << (f))
#define HAS(rv, f)	(((rv)->flags & (1u << (f))) != 0)

/* 1 when a workbook cell held the ID as a number that lost digits. */
static int
id_as_number(const struct lbc_import_file *f, const struct lbc_row *row,
    const char *s, size_t n)
{
	int c = f->col[R_ID];
	size_t i;

	if (row->type == NULL || c < 0 || (size_t)c >= row->n ||
	    row->type[c] != LBC_CELL_NUMBER || n < 16)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* ID and name.  Returns 0 (rv->why set when rejected) or an lbc_err. */
static int
do_identity(struct lbc_import *imp, struct lbc_import_file *f,
    const struct lbc_row *row, struct rowv *rv)
{
	struct lbc_buf *v = imp->val;
	const char *s;
	size_t n;
	int rc;

	s = cell(f, row, R_ID, &n);
	if (id_as_number(f, row, s, n)) {
		/* Excel kept 15 digits: no check can bring the rest back. */
		rv->ids = LBC_ID_INVALID;
		lbc_buf_add(&v[O_IDRAW], s, n);
		FLAG(rv, F_ID_EXCEL_NUMBER);
		f->excel_ids++;
	} else {
		if (graphic(s, n))	/* folding would keep it as it is */
			rv->ids = lbc_id_normalize(s, n, rv->id);
		else if ((rc = lbc_fold_name(imp->fold, s, n, &imp->t1)) != 0 &&
		    rc != LBC_EENCODING)
			return rc;
		else
			rv->ids = lbc_id_normalize(imp->t1.p ? imp->t1.p : "",
			    imp->t1.len, rv->id);
		if (rv->ids == LBC_ID_VALID) {
			lbc_buf_add(&v[O_ID], rv->id, 18);
			lbc_id_birth(rv->id, &rv->idbirth);
		} else if (rv->ids == LBC_ID_INVALID) {
			s = trim(s, &n);
			lbc_buf_add(&v[O_IDRAW], s, n);
			FLAG(rv, F_ID_INVALID);
		}
	}
	s = cell(f, row, R_NAME, &n);
	if ((rc = lbc_fold_name(imp->fold, s, n, &v[O_NAME])) != 0 &&
	    rc != LBC_EENCODING)
		return rc;
	if (v[O_NAME].len == 0 && rv->ids != LBC_ID_VALID) {
		rv->reason = LBC_REJ_IDENTITY;
		rv->why = TR(imp, "neither a name nor a valid ID number");
	}
	return 0;
}

/* Sex, from the column and the valid ID. */
static int
do_sex(struct lbc_import *imp, struct lbc_import_file *f,
    const struct lbc_row *row, struct rowv *rv)
{
	struct lbc_buf *v = imp->val;
	const char *s;
	size_t n;
	int rc;

	s = cell(f, row, R_SEX, &n);
	if ((rc = coded(imp, &imp->sexm, imp->cbf_sex, s, n, &v[O_SEX])) < 0)
		return rc;
	if (rv->ids == LBC_ID_VALID) {
		char sx = lbc_id_sex(rv->id);

		if (rc != CODED_EMPTY &&
		    !(v[O_SEX].len == 1 && v[O_SEX].p[0] == sx))
			FLAG(rv, F_SEX_CONFLICT);
		lbc_buf_clear(&v[O_SEX]);
		lbc_buf_addc(&v[O_SEX], sx);
	} else if (rc == CODED_UNKNOWN)
		FLAG(rv, F_SEX_UNKNOWN);
	return 0;
}

/*
 * A survey date cell (few values: a memo of raw cells): 0 or 1 as
 * lbc_date_parse() with *d set (the day 1 for a month alone), DATE_EMPTY,
 * DATE_BAD, or LBC_ENOMEM.
 */
enum { DATE_EMPTY = 2, DATE_BAD = 3 };

static int
survey_cell(struct lbc_import *imp, const char *s, size_t n,
    struct lbc_date *d)
{
	const struct mslot *e;
	int rc;

	if ((e = memo_get(&imp->surveym, s, n)) == NULL) {
		memset(d, 0, sizeof(*d));
		if ((rc = lbc_fold_trim(imp->fold, s, n, &imp->t1)) != 0 &&
		    rc != LBC_EENCODING)
			return rc;
		if (imp->t1.len == 0)
			rc = DATE_EMPTY;
		else if ((rc = lbc_date_parse(imp->t1.p, imp->t1.len, d)) < 0)
			rc = DATE_BAD;
		else if (rc == 1)
			d->d = 1;
		if (rc > 1)
			memset(d, 0, sizeof(*d));
		/* the code: what was found, and the date packed */
		if ((e = memo_put(&imp->surveym, s, n, "", rc +
		    4 * ((d->y * 13 + d->m) * 32 + d->d))) == NULL)
			return LBC_ENOMEM;
	}
	rc = e->code & 3;
	d->d = e->code / 4 % 32;
	d->m = e->code / 4 / 32 % 13;
	d->y = e->code / 4 / 32 / 13;
	return rc;
}

/* Birth and survey dates and the age limit. */
static int
do_dates(struct lbc_import *imp, struct lbc_import_file *f,
    const struct lbc_row *row, struct rowv *rv)
{
	struct lbc_buf *v = imp->val;
	struct lbc_date at;
	const char *s;
	size_t n;
	char dbuf[11];
	int rc;

	s = cell(f, row, R_BIRTH, &n);
	if ((rc = lbc_fold_trim(imp->fold, s, n, &imp->t1)) != 0 &&
	    rc != LBC_EENCODING)
		return rc;
	if (imp->t1.len > 0) {
		rc = lbc_date_parse(imp->t1.p, imp->t1.len, &rv->birth);
		if (rc == 0)
			rv->have_birth = 1;
		else if (rc == 1) {
			if (rv->ids == LBC_ID_VALID &&
			    rv->birth.y == rv->idbirth.y &&
			    rv->birth.m == rv->idbirth.m)
				rv->birth.d = rv->idbirth.d;
			else {
				rv->birth.d = 1;
				FLAG(rv, F_BIRTH_PARTIAL);
			}
			rv->have_birth = 1;
		} else
			FLAG(rv, F_BIRTH_INVALID);
	}
	if (rv->ids == LBC_ID_VALID) {
		if (rv->have_birth &&
		    lbc_date_cmp(&rv->birth, &rv->idbirth) != 0 &&
		    !HAS(rv, F_BIRTH_PARTIAL))
			FLAG(rv, F_BIRTH_CONFLICT);
		if (HAS(rv, F_BIRTH_PARTIAL)) {
			/* the ID has the whole date, but another month */
			rv->flags &= ~(1u << F_BIRTH_PARTIAL);
			FLAG(rv, F_BIRTH_CONFLICT);
		}
		rv->birth = rv->idbirth;
		rv->have_birth = 1;
	}

	s = cell(f, row, R_SURVEY, &n);
	if ((rc = survey_cell(imp, s, n, &rv->survey)) < 0)
		return rc;
	if (rc == 0 || rc == 1) {
		if (rc == 1)
			FLAG(rv, F_SURVEY_PARTIAL);
		rv->have_survey = 1;
		lbc_date_format(&rv->survey, dbuf);
		lbc_buf_adds(&v[O_SURVEY], dbuf);
	} else if (rc == DATE_BAD)
		FLAG(rv, F_SURVEY_INVALID);
	rv->reason = LBC_REJ_BIRTH;
	if (!rv->have_birth) {
		rv->why = HAS(rv, F_BIRTH_INVALID) ?
		    TR(imp, "birth date not understood and no valid ID number") :
		    TR(imp, "no birth date and no valid ID number");
		return 0;
	}
	at = rv->have_survey ? rv->survey : imp->o.as_of;
	if (lbc_date_cmp(&rv->birth, &at) > 0) {
		rv->why = rv->have_survey ?
		    TR(imp, "birth date after the survey date") :
		    TR(imp, "birth date after the --as-of date");
		return 0;
	}
	if (lbc_date_age(&rv->birth, &at) >= imp->o.max_age) {
		snprintf(rv->msg, sizeof(rv->msg), rv->have_survey ?
		    TR(imp, "age %d at the survey date, limit %d") :
		    TR(imp, "age %d at the --as-of date, limit %d"),
		    lbc_date_age(&rv->birth, &at), imp->o.max_age);
		rv->reason = LBC_REJ_AGE;
		rv->why = rv->msg;
		return 0;
	}
	lbc_date_format(&rv->birth, dbuf);
	lbc_buf_adds(&v[O_BIRTH], dbuf);
	return 0;
}

/* Guardian, risk and problems through the codebook; the free text fields. */
static int
do_coded(struct lbc_import *imp, struct lbc_import_file *f,
    const struct lbc_row *row, struct rowv *rv)
{
	struct lbc_buf *v = imp->val;
	const char *s;
	size_t n;
	int rc, unknown;

	s = cell(f, row, R_GUARDIAN, &n);
	if ((rc = coded(imp, &imp->guardianm, imp->cbf_guardian, s, n,
	    &v[O_GUARDIAN])) < 0)
		return rc;
	if (rc == CODED_UNKNOWN)
		FLAG(rv, F_GUARDIAN_UNKNOWN);
	s = cell(f, row, R_RISK, &n);
	if ((rc = coded(imp, &imp->riskm, imp->cbf_risk, s, n, &v[O_RISK])) < 0)
		return rc;
	if (rc == CODED_UNKNOWN)
		FLAG(rv, F_RISK_UNKNOWN);
	s = cell(f, row, R_PROBLEMS, &n);
	if ((rc = problems(imp, s, n, &v[O_PROBLEMS], &unknown)) != 0)
		return rc;
	if (unknown)
		FLAG(rv, F_PROBLEM_UNKNOWN);

	s = cell(f, row, R_SCHOOL, &n);
	if ((rc = lbc_fold_trim(imp->fold, s, n, &v[O_SCHOOL])) == LBC_ENOMEM)
		return rc;
	s = cell(f, row, R_GRADE, &n);
	if ((rc = lbc_fold_trim(imp->fold, s, n, &v[O_GRADE])) == LBC_ENOMEM)
		return rc;
	s = cell(f, row, R_REPORTER, &n);
	if ((rc = lbc_fold_trim(imp->fold, s, n, &v[O_REPORTER])) == LBC_ENOMEM)
		return rc;
	return 0;
}

/* Output fields made only of letters, digits, '-' and ';': no escapes. */
static const unsigned char clean_out[O_COUNT] = {
	[O_ID] = 1, [O_BIRTH] = 1, [O_REGION] = 1, [O_SURVEY] = 1,
	[O_FLAGS] = 1
};

/* Writes the record: canonical fields, then the extra columns. */
static void
write_record(struct lbc_import *imp, struct lbc_import_file *f,
    const struct lbc_row *row, unsigned long line, struct lbc_writer *out)
{
	struct lbc_buf *v = imp->val;
	size_t i;

	lbc_writer_puts(out, f->src);
	lbc_writer_ulong(out, line);
	for (i = O_ID; i < O_COUNT; i++)
		if (clean_out[i])	/* digits, dates, flag names */
			lbc_writer_raw(out, v[i].p, v[i].len);
		else
			lbc_writer_put(out, v[i].p ? v[i].p : "", v[i].len);
	for (i = 0; i < imp->nextras; i++) {
		imp->xval[i] = "";
		imp->xlen[i] = 0;
	}
	for (i = 0; i < row->n && i < f->ncols; i++)
		if (f->role[i] == R_EXTRA) {
			/* as the file gives it: quoted text exactly */
			imp->xval[f->xidx[i]] = row->field[i];
			imp->xlen[f->xidx[i]] = row->len[i];
		}
	for (i = 0; i < imp->nextras; i++)
		lbc_writer_put(out, imp->xval[i], imp->xlen[i]);
	lbc_writer_end(out);
}

static int
process_row(struct lbc_import *imp, struct lbc_import_file *f,
    const struct lbc_row *row, unsigned long line, int bad,
    struct lbc_writer *out, struct lbc_writer *rej, lbc_import_reject_fn *fn,
    void *ctx)
{
	struct rowv rv;
	size_t i;
	int rc;

	imp->st.read++;
	if (row_blank(row)) {
		imp->st.skipped++;
		imp->st.blank++;
		return 0;
	}
	if (bad)
		return reject(imp, f, row, line, LBC_REJ_ENCODING,
		    bad & LBC_DEC_OTHER ? TR(imp, "UTF-8 text in a GB18030 file") :
		    bad & LBC_DEC_INVALID ?
		    TR(imp, "bytes not valid in the file's encoding") :
		    TR(imp, "a NUL byte, which is not text"), rej, fn, ctx);
	if (row->flags & LBC_CSVROW_BADQUOTE)
		return reject(imp, f, row, line, LBC_REJ_ROW,
		    TR(imp, "text after a closing quote"), rej, fn, ctx);
	if (row->n > f->ncols) {
		snprintf(rv.msg, sizeof(rv.msg),
		    TR(imp, "%zu fields, the header has %zu"),
		    row->n, f->ncols);
		return reject(imp, f, row, line, LBC_REJ_ROW, rv.msg, rej, fn,
		    ctx);
	}
	if (same_as_keys(imp, row, f->hdrkey, f->ncols) ||
	    same_as_keys(imp, row, f->hdrkey2, f->ncols2)) {
		imp->st.skipped++;
		imp->st.headers++;
		return 0;
	}
	for (i = 0; i < O_COUNT; i++)
		lbc_buf_clear(&imp->val[i]);
	memset(&rv, 0, sizeof(rv));
	if ((rc = do_identity(imp, f, row, &rv)) != 0 || (rv.why == NULL &&
	    ((rc = do_sex(imp, f, row, &rv)) != 0 ||
	    (rc = do_dates(imp, f, row, &rv)) != 0)))
		return rc;
	if (rv.why == NULL) {
		if ((rc = region(imp, f, row, &imp->val[O_REGION])) < 0)
			return rc;
		if (rc == 1) {
			rv.reason = LBC_REJ_REGION;
			rv.why = imp->msg.p;
		}
	}
	if (rv.why != NULL) {
		/* Told only here: a footer has neither ID nor birth date, so
		 * it never gets further, and most rows are spared the test. */
		if (is_footer(f, row)) {
			imp->st.skipped++;
			imp->st.footer++;
			return 0;
		}
		return reject(imp, f, row, line, rv.reason, rv.why, rej, fn, ctx);
	}
	if ((rc = do_coded(imp, f, row, &rv)) != 0 ||
	    (rc = add_flag(&imp->val[O_FLAGS], rv.flags)) != 0)
		return rc;
	write_record(imp, f, row, line, out);
	imp->st.written++;
	return 0;
}

/*
 * The rows read ahead while the header was looked for: titles counted,
 * data processed.
 */
static int
run_pending(struct lbc_import *imp, struct lbc_import_file *f,
    struct lbc_writer *out, struct lbc_writer *rej, lbc_import_reject_fn *fn,
    void *ctx)
{
	size_t i;
	int rc;

	for (i = 0; i < f->npend; i++) {
		struct pend *p = &f->pend[i];

		switch (p->kind) {
		case P_TITLE:
			imp->st.read++;
			imp->st.skipped++;
			imp->st.title++;
			break;
		case P_BLANK:
			imp->st.read += p->blanks;
			imp->st.skipped += p->blanks;
			imp->st.blank += p->blanks;
			break;
		case P_DATA:
			if ((rc = process_row(imp, f, lbc_rowbuf_row(&p->rb),
			    p->line, p->bad, out, rej, fn, ctx)) != 0)
				return rc;
			break;
		case P_HEADER:
			break;
		}
		lbc_rowbuf_free(&p->rb);
	}
	f->npend = 0;
	return 0;
}

/*
 * Reading runs in two threads: a reader decodes lines (ICU) and parses CSV
 * rows (libcsv) into batches, while the caller's thread checks, codes and
 * writes the rows of the previous batch.  NBATCH batches circulate.
 */
#define NBATCH		4
#define BATCH_ROWS	4096
#define BATCH_BYTES	(1 << 20)

struct brow {
	size_t		 idx;		/* row of the batch's parser */
	unsigned long	 line;
	int		 bad;
	int		 blank;		/* a blank line: skipped, no row */
	uint64_t	 rh;		/* its region names' memo hash, or 0 */
	size_t		 koff, klen;	/* and their key in the batch's keys */
};

struct batch {
	struct lbc_csvrow	*csv;		/* this batch's rows */
	struct brow		*rows;
	size_t			 nrows, rcap;
	struct lbc_buf		 keys;		/* region memo keys of the rows */
	int			 full;		/* ready for the consumer */
	int			 last;		/* the reader is done after this one */
	int			 err;
} __attribute__((aligned(64)));	/* one written, the one beside it read */

struct pipeline {
	struct lbc_import_file	*f;
	struct batch		 b[NBATCH];
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	int			 stop;		/* the consumer gave up */
	int			 libcsv_only;	/* no split of quote-free lines */
	int			 rkeys;		/* region names to key: rows' keys */
	struct lbc_buf		 pk;		/* the reader's */
};

static int
batch_note(struct batch *b, size_t idx, unsigned long line, int bad, int blank)
{
	if (b->nrows == b->rcap) {
		size_t ncap = b->rcap ? b->rcap * 2 : BATCH_ROWS;
		struct brow *r = realloc(b->rows, ncap * sizeof(*r));

		if (r == NULL)
			return LBC_ENOMEM;
		b->rows = r;
		b->rcap = ncap;
	}
	b->rows[b->nrows].idx = idx;
	b->rows[b->nrows].line = line;
	b->rows[b->nrows].bad = bad;
	b->rows[b->nrows].blank = blank;
	b->rows[b->nrows].rh = 0;
	b->nrows++;
	return 0;
}

/*
 * Hands batch b to the consumer and waits for the next free one.  Batches
 * change only between rows, so each batch's parser starts at a row.
 */
static struct batch *
batch_pass(struct pipeline *pl, size_t *k)
{
	struct batch *b = &pl->b[*k % NBATCH];
	int stop;

	pthread_mutex_lock(&pl->mu);
	b->full = 1;
	pthread_cond_broadcast(&pl->cv);
	(*k)++;
	b = &pl->b[*k % NBATCH];
	while (b->full && !pl->stop)
		pthread_cond_wait(&pl->cv, &pl->mu);
	stop = pl->stop;
	pthread_mutex_unlock(&pl->mu);
	if (stop)
		return NULL;
	lbc_csvrow_clear(b->csv);
	lbc_buf_clear(&b->keys);
	b->nrows = 0;
	b->err = 0;
	b->last = 0;
	return b;
}

/* A CSV row seen as the row type process_row() reads (no cell types). */
static struct lbc_row
row_of_csv(const struct lbc_csvrow_row *row)
{
	struct lbc_row lr;

	lr.n = row->n;
	lr.field = row->field;
	lr.len = row->len;
	lr.type = NULL;
	lr.flags = row->flags;
	return lr;
}

/*
 * The memo key of row r's region names and its hash, made here in the
 * reader's thread (the other has more to do): the caller's thread looks
 * it up without joining the names again.
 */
static int
row_key(struct pipeline *pl, struct batch *b, struct brow *r)
{
	const struct lbc_csvrow_row *row;
	struct lbc_region_names q;
	struct lbc_row lr;

	if ((row = lbc_csvrow_get(b->csv, r->idx)) == NULL)
		return LBC_ENOMEM;
	lr = row_of_csv(row);
	if (region_key(pl->f, &lr, &q, &pl->pk) != 0)
		return LBC_ENOMEM;
	r->koff = b->keys.len;
	r->klen = pl->pk.len;
	r->rh = memo_hash(pl->pk.p, pl->pk.len);
	return lbc_buf_add(&b->keys, pl->pk.p ? pl->pk.p : "", pl->pk.len);
}

static void *
reader(void *arg)
{
	struct pipeline *pl = arg;
	struct lbc_import_file *f = pl->f;
	struct batch *b = &pl->b[0];
	unsigned long start = 0, line = 0;
	const char *l;
	size_t n, k = 0, first;
	int bad, rowbad = 0, rc, nr, i, eof;

	for (;;) {
		if ((rc = lbc_decoder_line(f->dec, &l, &n, &bad)) < 0) {
			b->err = rc;
			break;
		}
		first = lbc_csvrow_count(b->csv);
		if ((eof = rc == 0)) {
			if (!lbc_csvrow_at_start(b->csv))
				f->unclosed = start;
			nr = lbc_csvrow_finish(b->csv);
		}
		else {
			/* not f->line: the caller's thread reads f's columns
			 * beside it for every row */
			line = lbc_decoder_lineno(f->dec);
			if (lbc_csvrow_at_start(b->csv)) {
				if (is_blank(l, n)) {
					if (batch_note(b, 0, line, 0, 1) != 0) {
						b->err = LBC_ENOMEM;
						break;
					}
					continue;
				}
				start = line;
				rowbad = 0;
			}
			rowbad |= bad;
			nr = pl->libcsv_only ? lbc_csvrow_feed(b->csv, l, n,
			    lbc_decoder_eol(f->dec)) : lbc_csvrow_feed_plain(b->csv,
			    l, n, lbc_decoder_eol(f->dec));
		}
		if (nr < 0) {
			b->err = nr;
			break;
		}
		for (i = 0; i < nr; i++)
			if (batch_note(b, first + (size_t)i, start, rowbad, 0) != 0 ||
			    (pl->rkeys && row_key(pl, b, &b->rows[b->nrows - 1]) != 0)) {
				b->err = LBC_ENOMEM;
				goto done;
			}
		if (eof)
			break;
		if (lbc_csvrow_at_start(b->csv) && (b->nrows >= BATCH_ROWS ||
		    lbc_csvrow_bytes(b->csv) > BATCH_BYTES) &&
		    (b = batch_pass(pl, &k)) == NULL)
			return NULL;
	}
done:
	if (line > 0)
		f->line = line;
	b->last = 1;
	pthread_mutex_lock(&pl->mu);
	b->full = 1;
	pthread_cond_broadcast(&pl->cv);
	pthread_mutex_unlock(&pl->mu);
	return NULL;
}

/*
 * A sheet's rows after those read ahead, in two threads as for CSV: a
 * reader inflates and parses the sheet (libzip, expat) into batches of
 * copied rows while the caller's thread checks, codes and writes.
 */
#define SHEET_ROWS	1024

struct sbatch {
	struct lbc_rowbuf	*rb;		/* SHEET_ROWS rows */
	unsigned long		 line[SHEET_ROWS];
	size_t			 n;
	int			 full, last, err;
};

struct spipe {
	struct lbc_sheet	*sheet;
	struct sbatch		 b[NBATCH];
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	int			 stop;
};

static void *
sheet_reader(void *arg)
{
	struct spipe *pl = arg;
	const struct lbc_row *row;
	enum lbc_book_problem why;
	unsigned long rownum;
	struct sbatch *b;
	size_t k;
	int rc = 1, stop;

	for (k = 0;; k++) {
		b = &pl->b[k % NBATCH];
		pthread_mutex_lock(&pl->mu);
		while (b->full && !pl->stop)
			pthread_cond_wait(&pl->cv, &pl->mu);
		stop = pl->stop;
		pthread_mutex_unlock(&pl->mu);
		if (stop)
			return NULL;
		b->n = 0;
		b->err = 0;
		while (b->n < SHEET_ROWS &&
		    (rc = lbc_sheet_next(pl->sheet, &row, &rownum, &why)) > 0) {
			if ((rc = lbc_sheet_take(pl->sheet, row,
			    &b->rb[b->n])) != 0)
				break;
			b->line[b->n++] = rownum;
			rc = 1;
		}
		b->last = rc <= 0;
		b->err = rc < 0 ? rc : 0;
		pthread_mutex_lock(&pl->mu);
		b->full = 1;
		pthread_cond_broadcast(&pl->cv);
		pthread_mutex_unlock(&pl->mu);
		if (b->last)
			return NULL;
	}
}

static int
run_sheet(struct lbc_import *imp, struct lbc_import_file *f,
    struct lbc_writer *out, struct lbc_writer *rej, lbc_import_reject_fn *fn,
    void *ctx)
{
	struct spipe *pl;
	struct sbatch *b;
	pthread_t th;
	size_t k, i, j;
	int rc = 0, last = 0;

	if ((pl = calloc(1, sizeof(*pl))) == NULL)
		return LBC_ENOMEM;
	pl->sheet = f->sheet;
	for (i = 0; i < NBATCH; i++)
		if ((pl->b[i].rb = calloc(SHEET_ROWS, sizeof(*pl->b[i].rb))) == NULL)
			rc = LBC_ENOMEM;
	pthread_mutex_init(&pl->mu, NULL);
	pthread_cond_init(&pl->cv, NULL);
	if (rc == 0 && pthread_create(&th, NULL, sheet_reader, pl) != 0)
		rc = LBC_ENOMEM;
	if (rc != 0)
		goto out;
	for (k = 0; !last && rc == 0; k++) {
		b = &pl->b[k % NBATCH];
		pthread_mutex_lock(&pl->mu);
		while (!b->full)
			pthread_cond_wait(&pl->cv, &pl->mu);
		pthread_mutex_unlock(&pl->mu);
		last = b->last;
		for (i = 0; i < b->n && rc == 0; i++) {
			f->line = b->line[i];
			rc = process_row(imp, f, lbc_rowbuf_row(&b->rb[i]),
			    b->line[i], 0, out, rej, fn, ctx);
		}
		if (rc == 0)
			rc = b->err;
		pthread_mutex_lock(&pl->mu);
		b->full = 0;
		if (rc != 0)
			pl->stop = 1;
		pthread_cond_broadcast(&pl->cv);
		pthread_mutex_unlock(&pl->mu);
	}
	pthread_join(th, NULL);
out:
	for (i = 0; i < NBATCH; i++) {
		if (pl->b[i].rb != NULL)
			for (j = 0; j < SHEET_ROWS; j++)
				lbc_rowbuf_free(&pl->b[i].rb[j]);
		free(pl->b[i].rb);
	}
	pthread_mutex_destroy(&pl->mu);
	pthread_cond_destroy(&pl->cv);
	free(pl);
	return rc;
}

/*
 * The region memo is large (tens of thousands of name tuples) and each row
 * looks it up at random: the reader hashed the keys of a batch, and the
 * slot of a row some rows ahead, then its key, are fetched into the cache
 * while the rows before it are worked on.
 */
#define AHEAD_SLOT	12
#define AHEAD_KEY	4

/* Fetches the memo slot (key: the key it points to) of row i of the batch. */
static void
prefetch_region(const struct lbc_import *imp, const struct batch *b, size_t i,
    int key)
{
	const struct mslot *sl;

	if (i >= b->nrows || b->rows[i].rh == 0)
		return;
	sl = &imp->regionm.slot[(size_t)b->rows[i].rh & imp->regionm.mask];
	if (!key)
		__builtin_prefetch(sl);
	else if (sl->h != 0)
		__builtin_prefetch(sl->key);
}

int
lbc_import_file_run(struct lbc_import *imp, struct lbc_import_file *f,
    struct lbc_writer *out, struct lbc_writer *rej, lbc_import_reject_fn *fn,
    void *ctx)
{
	const struct lbc_csvrow_row *row;
	struct pipeline *pl;
	struct batch *b;
	pthread_t th;
	struct lbc_row lr;
	size_t k = 0, i;
	int rc = 0, last = 0, e;

	if ((rc = run_pending(imp, f, out, rej, fn, ctx)) != 0)
		return rc;
	if (f->sheet != NULL)
		return run_sheet(imp, f, out, rej, fn, ctx);
	if ((pl = calloc(1, sizeof(*pl))) == NULL)
		return LBC_ENOMEM;
	pl->f = f;
	pl->libcsv_only = imp->o.libcsv_only;
	pl->rkeys = f->col[R_REGION] < 0 && imp->regions != NULL;
	for (i = 0; i < NBATCH; i++)
		if ((pl->b[i].csv = lbc_csvrow_new(f->delim, &e)) == NULL)
			rc = e;
	pthread_mutex_init(&pl->mu, NULL);
	pthread_cond_init(&pl->cv, NULL);
	if (rc == 0 && pthread_create(&th, NULL, reader, pl) != 0)
		rc = LBC_ENOMEM;
	if (rc != 0)
		goto out;
	while (!last && rc == 0) {
		b = &pl->b[k % NBATCH];
		pthread_mutex_lock(&pl->mu);
		while (!b->full)
			pthread_cond_wait(&pl->cv, &pl->mu);
		pthread_mutex_unlock(&pl->mu);
		last = b->last;
		for (i = 0; i < AHEAD_SLOT; i++)
			prefetch_region(imp, b, i, 0);
		for (i = 0; i < b->nrows && rc == 0; i++) {
			struct brow *r = &b->rows[i];

			prefetch_region(imp, b, i + AHEAD_SLOT, 0);
			prefetch_region(imp, b, i + AHEAD_KEY, 1);
			if ((imp->rhash = r->rh) != 0) {
				imp->rkey = b->keys.p + r->koff;
				imp->rklen = r->klen;
			}
			if (r->blank) {
				imp->st.read++;
				imp->st.skipped++;
				imp->st.blank++;
				continue;
			}
			if ((row = lbc_csvrow_get(b->csv, r->idx)) == NULL) {
				rc = LBC_ENOMEM;
				break;
			}
			lr = row_of_csv(row);
			rc = process_row(imp, f, &lr, r->line, r->bad, out, rej,
			    fn, ctx);
			imp->rhash = 0;
			imp->rkey = NULL;
		}
		if (rc == 0)
			rc = b->err;
		pthread_mutex_lock(&pl->mu);
		b->full = 0;
		if (rc != 0)
			pl->stop = 1;
		pthread_cond_broadcast(&pl->cv);
		pthread_mutex_unlock(&pl->mu);
		k++;
	}
	pthread_join(th, NULL);
out:
	for (i = 0; i < NBATCH; i++) {
		lbc_csvrow_free(pl->b[i].csv);
		free(pl->b[i].rows);
		lbc_buf_free(&pl->b[i].keys);
	}
	lbc_buf_free(&pl->pk);
	pthread_mutex_destroy(&pl->mu);
	pthread_cond_destroy(&pl->cv);
	free(pl);
	return rc;
}

const char *
lbc_import_header_name(size_t i, const char **field)
{
	if (i >= sizeof(default_headers) / sizeof(default_headers[0]))
		return NULL;
	*field = role_names[default_headers[i].role];
	return default_headers[i].header;
}

const char *
lbc_import_header_field(const char *key, size_t n, struct lbc_fold *f)
{
	struct lbc_buf b = { 0 };
	const char *got = NULL;
	size_t i;

	for (i = 0; got == NULL && i < sizeof(default_headers) /
	    sizeof(default_headers[0]); i++)
		if (default_headers[i].role != R_DROP &&
		    lbc_fold_key(f, default_headers[i].header,
		    strlen(default_headers[i].header), &b) == 0 &&
		    b.len == n && memcmp(b.p, key, n) == 0)
			got = role_names[default_headers[i].role];
	lbc_buf_free(&b);
	return got;
}

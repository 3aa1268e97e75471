#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "dedupe.h"
#include "diff.h"
#include "err.h"
#include "rec.h"
#include "strmap.h"
#include "u64map.h"

#define NONE	UINT32_MAX

/*
 * What is kept of one record: its key, with the name and region in the
 * text arena.  NEW keeps every record; OLD only those the ID step left
 * alone, with their output text.
 */
struct drec {
	uint64_t	 id;
	uint64_t	 textoff;	/* text arena: region, name, OLD's output */
	uint32_t	 birth, simp, pin;
	uint32_t	 match;		/* index on the other side, NONE: none */
	uint32_t	 lineno;
	uint32_t	 olineno;	/* NEW: the OLD record's line when stayed */
	uint32_t	 textlen;	/* OLD: of its output text after the name */
	uint16_t	 reglen, namelen;
	uint16_t	 risk;		/* number of the (OLD) risk text + 1, 0: empty */
	uint8_t		 sex;
	uint8_t		 how;		/* NEW: LBC_HOW_ID, _NAME, _PINYIN or 0 */
	uint8_t		 claims;	/* OLD: NEW children proposing it */
};

struct side {
	struct drec	*r;
	size_t		 n, cap;
	int		 fid, fname, fsex, fbirth, fregion, frisk, fsurvey;
};

/* The output header: NEW's fields, OLD's others, the three. */
struct layout {
	int		*fnew, *fold;	/* per output column: field or -1 */
	size_t		 n;
	struct lbc_buf	 header;	/* the header line, without LF */
};

struct diff {
	const struct lbc_diff_conf *conf;
	struct lbc_dedupe	*keys;		/* the matching rule and name caches */
	struct side		 old, new;
	struct lbc_buf		 text;
	struct layout		 l;
	struct lbc_u64map	 byid;		/* NEW id -> index */
	struct lbc_u64map	 byblock;	/* OLD birth << 32 | pin -> head */
	uint32_t		*next;		/* OLD chains of one block */
	struct lbc_strmap	*riskmap;	/* OLD risk text -> number */
	char			**risks;
	size_t			 nrisk;
	uint32_t		 asof;
	size_t			 nold;		/* OLD records read */
};

/* Value of k, or NONE. */
static uint32_t
map_get(const struct lbc_u64map *m, uint64_t k)
{
	const uint32_t *v = lbc_u64map_get(m, k);

	return v != NULL ? *v : NONE;
}

/* YYYY-MM-DD of a real day as yyyymmdd, 0 for anything else. */
static uint32_t
ymd(const char *s, size_t n)
{
	uint32_t v = 0;
	size_t i;

	if (n != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7)
			continue;
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (uint32_t)(s[i] - '0');
	}
	if (!lbc_date_valid((int)(v / 10000), (int)(v / 100 % 100),
	    (int)(v % 100)))
		return 0;
	return v;
}

static void
side_fields(struct side *s, const struct lbc_reader *r)
{
	s->fid = lbc_reader_find(r, "id");
	s->fname = lbc_reader_find(r, "name");
	s->fsex = lbc_reader_find(r, "sex");
	s->fbirth = lbc_reader_find(r, "birth");
	s->fregion = lbc_reader_find(r, "region");
	s->frisk = lbc_reader_find(r, "risk");
	s->fsurvey = lbc_reader_find(r, "survey");
}

static const char *
field(const struct lbc_reader *r, int f, size_t *len)
{
	if (f < 0) {
		*len = 0;
		return NULL;
	}
	return lbc_reader_get(r, (size_t)f, len);
}

/* Number + 1 of OLD's risk text v (0 for empty). */
static int
risk_number(struct diff *df, const char *v, size_t n, uint16_t *out)
{
	size_t num;
	int added;
	char **nr;

	*out = 0;
	if (n == 0)
		return 0;
	if (lbc_strmap_get(df->riskmap, v, n, &num)) {
		*out = (uint16_t)num;
		return 0;
	}
	if (df->nrisk >= UINT16_MAX - 1)
		return 0;	/* thousands of risk texts: the rest shown empty */
	if ((nr = realloc(df->risks, (df->nrisk + 1) * sizeof(*nr))) == NULL)
		return LBC_ENOMEM;
	df->risks = nr;
	if ((nr[df->nrisk] = strndup(v, n)) == NULL)
		return LBC_ENOMEM;
	df->nrisk++;
	if (lbc_strmap_intern(df->riskmap, v, n, df->nrisk, &num, &added) != 0)
		return LBC_ENOMEM;
	*out = (uint16_t)num;
	return 0;
}


static struct drec *
room(struct side *s)
{
	if (s->n == s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 4096;
		struct drec *nr;

		if (s->n >= NONE - 1 ||
		    (nr = realloc(s->r, ncap * sizeof(*nr))) == NULL)
			return NULL;
		s->r = nr;
		s->cap = ncap;
	}
	return &s->r[s->n];
}

/*
 * The key of r's current record into x: ID, birth, sex now; region and
 * name into the text arena, their keys later, only for the records the
 * ID step leaves alone.
 */
static int
key(struct diff *df, const struct side *s, const struct lbc_reader *r,
    struct drec *x)
{
	struct lbc_dedupe_key k;
	const char *id, *name, *sex, *birth, *reg;
	size_t idl, namel, sexl, birthl, regl;
	int rc;

	id = field(r, s->fid, &idl);
	name = field(r, s->fname, &namel);
	sex = field(r, s->fsex, &sexl);
	birth = field(r, s->fbirth, &birthl);
	reg = field(r, s->fregion, &regl);
	if (regl > UINT16_MAX)
		regl = 0;	/* no region is that long: not known */
	if (namel > UINT16_MAX)
		namel = 0;	/* no name is that long: it matches nothing */
	if ((rc = lbc_dedupe_key_of(df->keys, id, idl, NULL, 0, sex, sexl,
	    birth, birthl, NULL, 0, &k)) != 0)
		return rc;
	memset(x, 0, sizeof(*x));
	x->id = k.id;
	x->birth = k.birth;
	x->sex = (uint8_t)k.sex;
	x->match = NONE;
	x->lineno = (uint32_t)lbc_reader_lineno(r);
	x->textoff = df->text.len;
	x->reglen = (uint16_t)regl;
	x->namelen = (uint16_t)namel;
	if ((regl > 0 && lbc_buf_add(&df->text, reg, regl) != 0) ||
	    (namel > 0 && lbc_buf_add(&df->text, name, namel) != 0))
		return LBC_ENOMEM;
	return 0;
}

/* Reads NEW's header and keys; indexes its IDs (the first of a repeat). */
static int
pass_new(struct diff *df, struct lbc_reader **rp, struct lbc_diff_where *w)
{
	const struct lbc_diff_conf *c = df->conf;
	struct side *s = &df->new;
	struct lbc_reader *r;
	uint32_t *p;
	size_t j;
	int rc, added;

	w->name = c->newname;
	if ((r = lbc_reader_new(c->new, c->newname, &rc)) == NULL)
		return rc;
	*rp = r;
	side_fields(s, r);
	if ((s->fid < 0 && s->fname < 0) || lbc_reader_find(r, "change") >= 0 ||
	    lbc_reader_find(r, "was_risk") >= 0 ||
	    lbc_reader_find(r, "left_why") >= 0)
		return LBC_EHEADER;
	if ((df->keys = lbc_dedupe_new(r, c->cb, &rc)) == NULL)
		return rc;
	while ((rc = lbc_reader_next(r)) == 1) {
		struct drec *x;

		if ((x = room(s)) == NULL)
			return LBC_ENOMEM;
		if ((rc = key(df, s, r, x)) != 0)
			break;
		s->n++;
		if (c->as_of == NULL) {
			const char *v;
			size_t n;
			uint32_t d;

			v = field(r, s->fsurvey, &n);
			if (n > 0 && (d = ymd(v, n)) > df->asof)
				df->asof = d;
		}
	}
	if (rc != 0) {
		w->line = lbc_reader_lineno(r);
		return rc;
	}
	if (lbc_u64map_init(&df->byid, s->n) != 0)
		return LBC_ENOMEM;
	for (j = s->n; j-- > 0;) {
		if (s->r[j].id == 0)
			continue;
		/* the first record of an ID */
		if ((p = lbc_u64map_intern(&df->byid, s->r[j].id, (uint32_t)j,
		    &added)) == NULL)
			return LBC_ENOMEM;
		*p = (uint32_t)j;
	}
	return 0;
}

static int
layout_make(struct layout *l, const struct lbc_reader *ro,
    const struct lbc_reader *rn)
{
	size_t nn = lbc_reader_nfields(rn), i;
	size_t no = ro != NULL ? lbc_reader_nfields(ro) : 0;

	if ((l->fnew = malloc((nn + no + 1) * sizeof(int))) == NULL ||
	    (l->fold = malloc((nn + no + 1) * sizeof(int))) == NULL)
		return LBC_ENOMEM;
	l->n = 0;
	for (i = 0; i < nn; i++) {
		const char *f = lbc_reader_fieldname(rn, i);

		l->fnew[l->n] = (int)i;
		l->fold[l->n++] = ro != NULL ? lbc_reader_find(ro, f) : -1;
		if ((i > 0 && lbc_buf_addc(&l->header, '\t') != 0) ||
		    lbc_escape(&l->header, f, strlen(f)) != 0)
			return LBC_ENOMEM;
	}
	for (i = 0; i < no; i++) {
		const char *f = lbc_reader_fieldname(ro, i);

		if (lbc_reader_find(rn, f) >= 0)
			continue;
		l->fnew[l->n] = -1;
		l->fold[l->n++] = (int)i;
		if (lbc_buf_addc(&l->header, '\t') != 0 ||
		    lbc_escape(&l->header, f, strlen(f)) != 0)
			return LBC_ENOMEM;
	}
	return 0;
}

/*
 * Reads OLD once: a record whose valid ID a NEW child holds is that child
 * (the ID step); any other is kept, key and output text, for the name
 * step and, if it stays alone, the output.
 */
static int
pass_old(struct diff *df, struct lbc_reader *rn, struct lbc_diff_where *w)
{
	const struct lbc_diff_conf *c = df->conf;
	struct side *s = &df->old;
	struct lbc_reader *r;
	struct drec cur;
	const char *v;
	size_t k, n;
	uint16_t risk;
	uint32_t j;
	int rc;

	w->name = c->oldname;
	if ((r = lbc_reader_new(c->old, c->oldname, &rc)) == NULL) {
		/* An empty OLD (not even a header): a first period. */
		if (rc == LBC_EHEADER && (rc = layout_make(&df->l, NULL,
		    rn)) == 0)
			return 0;
		return rc;
	}
	side_fields(s, r);
	if (s->fid < 0 && s->fname < 0) {
		lbc_reader_free(r);
		return LBC_EHEADER;
	}
	if ((rc = layout_make(&df->l, r, rn)) != 0)
		goto out;
	while ((rc = lbc_reader_next(r)) == 1) {
		struct drec *x;
		size_t start = df->text.len;

		if ((rc = key(df, s, r, &cur)) != 0)
			break;
		df->nold++;
		v = field(r, s->frisk, &n);
		if ((rc = risk_number(df, v, n, &risk)) != 0)
			break;
		cur.risk = risk;
		if (cur.id != 0 && (j = map_get(&df->byid, cur.id)) != NONE &&
		    df->new.r[j].how == 0) {
			struct drec *y = &df->new.r[j];

			y->how = LBC_HOW_ID;
			y->risk = risk;
			y->olineno = cur.lineno;
			df->text.len = start;	/* nothing of it is needed */
			if (df->text.p != NULL)
				df->text.p[start] = '\0';
			continue;
		}
		/* Its output text, after its name and region. */
		for (k = 0; k < df->l.n; k++) {
			if (k > 0 && lbc_buf_addc(&df->text, '\t') != 0) {
				rc = LBC_ENOMEM;
				break;
			}
			if (df->l.fold[k] < 0)
				continue;
			v = lbc_reader_get(r, (size_t)df->l.fold[k], &n);
			if ((rc = lbc_escape(&df->text, v, n)) != 0)
				break;
		}
		if (rc != 0)
			break;
		if (df->text.len - start - cur.reglen - cur.namelen > UINT32_MAX) {
			rc = LBC_ENOMEM;
			break;
		}
		cur.textlen = (uint32_t)(df->text.len - start - cur.reglen -
		    cur.namelen);
		if ((x = room(s)) == NULL) {
			rc = LBC_ENOMEM;
			break;
		}
		*x = cur;
		s->n++;
	}
	if (rc != 0)
		w->line = lbc_reader_lineno(r);
out:
	lbc_reader_free(r);
	return rc;
}

/* The name keys of a record still alone after the ID step. */
static int
name_keys(struct diff *df, struct drec *x)
{
	struct lbc_dedupe_key k;
	int rc;

	if (x->namelen == 0)
		return 0;
	if ((rc = lbc_dedupe_key_of(df->keys, NULL, 0, df->text.p +
	    x->textoff + x->reglen, x->namelen, NULL, 0, NULL, 0, NULL, 0,
	    &k)) != 0)
		return rc;
	x->simp = k.simp;
	x->pin = k.pin;
	return 0;
}

static struct lbc_dedupe_key
key_of(const struct diff *df, const struct drec *x)
{
	struct lbc_dedupe_key k;

	k.id = x->id;
	k.birth = x->birth;
	k.simp = x->simp;
	k.pin = x->pin;
	k.sex = x->sex;
	k.region = df->text.p != NULL ? df->text.p + x->textoff : "";
	k.reglen = x->reglen;
	return k;
}

/* The OLD records kept, by birth date and pinyin; chains in OLD's order. */
static int
index_blocks(struct diff *df)
{
	struct side *o = &df->old;
	uint32_t *p;
	size_t i;
	int rc, added;

	if (lbc_u64map_init(&df->byblock, o->n) != 0 ||
	    (df->next = malloc((o->n + 1) * sizeof(*df->next))) == NULL)
		return LBC_ENOMEM;
	for (i = o->n; i-- > 0;) {
		struct drec *x = &o->r[i];
		uint64_t b;

		df->next[i] = NONE;
		if (x->birth == 0)
			continue;
		if ((rc = name_keys(df, x)) != 0)
			return rc;
		if (x->pin == 0)
			continue;
		b = (uint64_t)x->birth << 32 | x->pin;
		if ((p = lbc_u64map_intern(&df->byblock, b, (uint32_t)i,
		    &added)) == NULL)
			return LBC_ENOMEM;
		if (!added) {	/* a chain in input order */
			df->next[i] = *p;
			*p = (uint32_t)i;
		}
	}
	return 0;
}

/* The name step (see diff.h). */
static int
match_names(struct diff *df)
{
	struct side *o = &df->old, *nw = &df->new;
	size_t j;
	int rc;

	for (j = 0; j < nw->n; j++) {
		struct drec *x = &nw->r[j];
		struct lbc_dedupe_key kx, ky;
		uint32_t i, pname = NONE, ppin = NONE;
		size_t nname = 0, npin = 0;

		if (x->how != 0 || x->birth == 0)
			continue;
		if ((rc = name_keys(df, x)) != 0)
			return rc;
		if (x->pin == 0)
			continue;
		kx = key_of(df, x);
		i = map_get(&df->byblock, (uint64_t)x->birth << 32 | x->pin);
		for (; i != NONE; i = df->next[i]) {
			enum lbc_how h;

			ky = key_of(df, &o->r[i]);
			h = lbc_dedupe_same_child(&kx, &ky);
			if (h == LBC_HOW_NAME) {
				nname++;
				pname = i;
			} else if (h == LBC_HOW_PINYIN) {
				npin++;
				ppin = i;
			}
		}
		if (nname == 1)
			x->match = pname;
		else if (nname == 0 && npin == 1)
			x->match = ppin;
		else
			continue;
		x->how = nname == 1 ? LBC_HOW_NAME : LBC_HOW_PINYIN;
		if (o->r[x->match].claims < UINT8_MAX)
			o->r[x->match].claims++;
	}
	for (j = 0; j < nw->n; j++) {
		struct drec *x = &nw->r[j], *y;

		if (x->how == 0 || x->how == LBC_HOW_ID)
			continue;
		y = &o->r[x->match];
		if (y->claims != 1) {
			x->match = NONE;
			x->how = 0;
			continue;
		}
		y->match = (uint32_t)j;
		x->risk = y->risk;
		x->olineno = y->lineno;
	}
	return 0;
}

static size_t
fmtu(char *buf, unsigned long v)
{
	char t[24];
	size_t n = 0, k = 0;

	do
		t[n++] = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	while (n > 0)
		buf[k++] = t[--n];
	return k;
}

/* Writes NEW's records (read again), then OLD's that left. */
static int
write_all(struct diff *df, struct lbc_reader **rn, struct lbc_writer *out,
    struct lbc_writer *pairs, struct lbc_diff_stats *st,
    struct lbc_diff_where *where)
{
	const struct lbc_diff_conf *c = df->conf;
	const struct layout *l = &df->l;
	size_t i, j, k, len;
	char num[24];
	int rc;

	lbc_writer_raw(out, l->header.p != NULL ? l->header.p : "",
	    l->header.len);
	lbc_writer_raw(out, "change", 6);
	lbc_writer_raw(out, "was_risk", 8);
	lbc_writer_raw(out, "left_why", 8);
	lbc_writer_end(out);
	if (pairs != NULL) {
		lbc_writer_raw(pairs, "old_line\tnew_line\thow", 21);
		lbc_writer_end(pairs);
	}
	where->name = c->newname;
	lbc_reader_free(*rn);
	*rn = NULL;
	if (fseek(c->new, 0, SEEK_SET) != 0)
		return LBC_EIO;
	clearerr(c->new);
	if ((*rn = lbc_reader_new(c->new, c->newname, &rc)) == NULL)
		return rc;
	for (j = 0; (rc = lbc_reader_next(*rn)) == 1; j++) {
		const struct drec *x;
		const char *v;

		if (j >= df->new.n)
			return LBC_EIO;	/* the file changed under us */
		x = &df->new.r[j];
		for (k = 0; k < l->n; k++) {
			if (l->fnew[k] < 0) {
				lbc_writer_raw(out, "", 0);
				continue;
			}
			v = lbc_reader_get(*rn, (size_t)l->fnew[k], &len);
			lbc_writer_put(out, v, len);
		}
		if (x->how == 0) {
			lbc_writer_raw(out, "new", 3);
			lbc_writer_raw(out, "", 0);
			st->added++;
		} else {
			lbc_writer_raw(out, "stayed", 6);
			lbc_writer_puts(out, x->risk ? df->risks[x->risk - 1] :
			    "");
			st->stayed++;
			if (x->how == LBC_HOW_ID)
				st->by_id++;
			else if (x->how == LBC_HOW_NAME)
				st->by_name++;
			else
				st->by_pinyin++;
			if (pairs != NULL) {
				lbc_writer_raw(pairs, num, fmtu(num, x->olineno));
				lbc_writer_raw(pairs, num, fmtu(num, x->lineno));
				lbc_writer_puts(pairs, lbc_dedupe_howname(
				    (enum lbc_how)x->how));
				lbc_writer_end(pairs);
			}
		}
		lbc_writer_raw(out, "", 0);
		lbc_writer_end(out);
	}
	if (rc != 0) {
		where->line = lbc_reader_lineno(*rn);
		return rc;
	}
	if (j != df->new.n)
		return LBC_EIO;
	where->name = NULL;
	for (i = 0; i < df->old.n; i++) {
		const struct drec *y = &df->old.r[i];

		if (y->match != NONE)
			continue;
		lbc_writer_raw(out, df->text.p + y->textoff + y->reglen +
		    y->namelen, y->textlen);
		lbc_writer_raw(out, "left", 4);
		lbc_writer_puts(out, y->risk ? df->risks[y->risk - 1] : "");
		st->left++;
		/* 16 or older on the reference date: yyyymmdd arithmetic */
		if (df->asof != 0 && y->birth != 0 &&
		    y->birth + 160000 <= df->asof) {
			lbc_writer_raw(out, "aged_out", 8);
			st->aged_out++;
		} else
			lbc_writer_raw(out, "", 0);
		lbc_writer_end(out);
	}
	return 0;
}

int
lbc_diff_run(const struct lbc_diff_conf *conf, struct lbc_writer *out,
    struct lbc_writer *pairs, struct lbc_diff_stats *st,
    struct lbc_diff_where *where)
{
	struct diff df;
	struct lbc_reader *rn = NULL;
	size_t i;
	int rc;

	memset(&df, 0, sizeof(df));
	memset(st, 0, sizeof(*st));
	where->name = NULL;
	where->line = 0;
	df.conf = conf;
	if (conf->as_of != NULL &&
	    (df.asof = ymd(conf->as_of, strlen(conf->as_of))) == 0)
		return LBC_EARG;
	if ((df.riskmap = lbc_strmap_new()) == NULL)
		return LBC_ENOMEM;
	if ((rc = pass_new(&df, &rn, where)) != 0 ||
	    (rc = pass_old(&df, rn, where)) != 0)
		goto out;
	where->name = NULL;
	lbc_u64map_free(&df.byid);	/* the ID step is done */
	if ((rc = index_blocks(&df)) != 0 || (rc = match_names(&df)) != 0)
		goto out;
	st->nold = df.nold;
	st->nnew = df.new.n;
	if ((rc = write_all(&df, &rn, out, pairs, st, where)) != 0)
		goto out;
	if (df.asof != 0)
		snprintf(st->as_of, sizeof(st->as_of), "%04u-%02u-%02u",
		    (unsigned)(df.asof / 10000) % 10000,
		    (unsigned)(df.asof / 100 % 100), (unsigned)(df.asof % 100));
out:
	lbc_reader_free(rn);
	lbc_dedupe_free(df.keys);
	free(df.old.r);
	free(df.new.r);
	lbc_buf_free(&df.text);
	lbc_buf_free(&df.l.header);
	free(df.l.fnew);
	free(df.l.fold);
	lbc_u64map_free(&df.byid);
	lbc_u64map_free(&df.byblock);
	free(df.next);
	lbc_strmap_free(df.riskmap);
	for (i = 0; i < df.nrisk; i++)
		free(df.risks[i]);
	free(df.risks);
	return rc;
}

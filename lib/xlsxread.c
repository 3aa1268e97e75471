#include <expat.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "buf.h"
#include "err.h"
#include "sheet.h"
#include "xlsxread.h"

#define CHUNK		(1 << 16)
#define MAXCOLS		16384		/* Excel's limit: XFD */
#define MAXMERGEW	1024		/* wider merged ranges are not filled */
#define NRING		4		/* inflated chunks between the threads */

/* A list of strings in one buffer. */
struct strs {
	struct lbc_buf	 text;
	size_t		*off, *len;
	size_t		 n, cap;
};

struct lbc_xlsxread {
	zip_t		*zip;
	int		 date1904;
	int		 one_parser;	/* no reading in segments */
	struct strs	 sst;		/* shared strings */
	unsigned char	*xfdate;	/* per cell style: a date format */
	size_t		 nxf;
	struct strs	 names, rids, paths;	/* per sheet */
	struct strs	 relid, reltarget, reltype;
	char		*sstpath, *stylepath;
	char		*path;		/* the file, or NULL: */
	const char	*data;		/* the bytes (not owned) */
	size_t		 len;
};

struct merge {
	unsigned long	 r1, r2;
	size_t		 c1, c2;
	char		*val;
	size_t		 vlen;
	unsigned char	 type;
	int		 have;
};

/*
 * Inflating the sheet is a third of the reading: a thread of its own
 * inflates it into a ring of NRING chunks that the parser takes in turn,
 * so that inflating and parsing run on two cores with bounded memory.
 * libzip archives are not for two threads: the ring opens the workbook
 * again for the thread alone, so that several sheets can be open at once.
 * When that cannot be done (out of file descriptors with a book of many
 * sheets), the sheet is inflated by the parser's thread from the book's
 * archive, as by a ring without thread (started 0).
 */
struct ring {
	zip_t			*zip;
	zip_file_t		*zf;
	char			*buf[NRING];
	zip_int64_t		 len[NRING];	/* < 0: a read error */
	size_t			 head, count;	/* first full chunk, full chunks */
	int			 stop, done, started;
	pthread_t		 th;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
};

/*
 * The state of one expat parser of sheet XML: the cell and row being read.
 * In the sheet's own parser (sh set) a finished row is handed out at once;
 * in a parser of the segments below (out set) it goes into the segment.
 */
struct slot;
struct spar {
	struct lbc_xlsxread	*x;
	struct lbc_xlsxread_sheet *sh;	/* the sheet's own parser */
	struct slot		*out;	/* a segment's parser */
	XML_Parser		 p;
	int			 err;
	struct lbc_rowbuf	 rb;
	unsigned long		 rownum;	/* in a segment: r + 1, 0: the next */
	size_t			 col;
	char			 ctype;		/* s i b e d n ('i': inlineStr, 't': str) */
	size_t			 cstyle;
	int			 in_v, in_is, in_t, in_rph;
	struct lbc_buf		 val;
};

struct par;

struct lbc_xlsxread_sheet {
	struct lbc_xlsxread	*x;
	const char		*path;		/* the sheet's zip entry */
	struct ring		 ring;
	int			 held;		/* the parser has ring's head */
	struct spar		 sp;		/* the sheet's own parser */
	int			 eof, suspended, ready, err;
	unsigned long		 rownum;	/* of the row handed out */
	unsigned long		 nout;		/* rows handed out */
	unsigned long long	 fed;		/* bytes given to the parser */
	int			 one;		/* never in segments (see par_start) */
	unsigned long long	 row_end;	/* just after the last </row> */
	char			*rootname, *sdname, *rowname;	/* as written */
	struct par		*par;		/* reading in segments */
	struct lbc_rowbuf	*cur;		/* the row handed out */
	struct merge		*m;		/* sorted by first row */
	size_t			 nm, mcap, mnext;
	size_t			*act;		/* merges covering this row */
	size_t			 nact;
};

static int
strs_add(struct strs *s, const char *p, size_t n)
{
	if (s->n == s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 64;
		size_t *o = realloc(s->off, ncap * sizeof(*o)), *l;

		if (o == NULL)
			return LBC_ENOMEM;
		s->off = o;
		if ((l = realloc(s->len, ncap * sizeof(*l))) == NULL)
			return LBC_ENOMEM;
		s->len = l;
		s->cap = ncap;
	}
	s->off[s->n] = s->text.len;
	s->len[s->n] = n;
	if (lbc_buf_add(&s->text, p, n) != 0 || lbc_buf_addc(&s->text, '\0'))
		return LBC_ENOMEM;
	s->n++;
	return 0;
}

static const char *
strs_get(const struct strs *s, size_t i)
{
	return s->text.p + s->off[i];
}

static void
strs_free(struct strs *s)
{
	lbc_buf_free(&s->text);
	free(s->off);
	free(s->len);
}

/* The local part of an XML name (without its namespace prefix). */
static const char *
local(const char *name)
{
	const char *c = strrchr(name, ':');

	return c ? c + 1 : name;
}

static const char *
attr(const char **a, const char *name)
{
	for (; a[0] != NULL; a += 2)
		if (strcmp(local(a[0]), name) == 0)
			return a[1];
	return NULL;
}

/* State of the small whole-entry parsers. */
struct pstate {
	struct lbc_xlsxread	*x;
	struct lbc_xlsxread_sheet *sh;	/* the merges pass */
	int			 err;
	int			 depth_si, in_t, in_rph, in_xfs, in_fmts;
	struct lbc_buf		 cur;
	struct strs		 fmtcode;	/* custom number formats */
	size_t			*fmtid;
	size_t			 nfmt;
	size_t			*xfid;		/* numFmtId per cellXfs entry */
	size_t			 nxfid, xfcap;
};

/*
 * Streams zip entry path through a parser with the given handlers.
 * Returns 0, LBC_ENOTFOUND (no such entry), LBC_EFORMAT, LBC_ENOMEM.
 */
static int
parse_entry(struct lbc_xlsxread *x, const char *path, XML_StartElementHandler st,
    XML_EndElementHandler en, XML_CharacterDataHandler cd, struct pstate *ps)
{
	zip_file_t *zf;
	XML_Parser p;
	char *buf;
	zip_int64_t got;
	int rc = 0;

	if ((zf = zip_fopen(x->zip, path, 0)) == NULL)
		return LBC_ENOTFOUND;
	if ((p = XML_ParserCreate(NULL)) == NULL ||
	    (buf = malloc(CHUNK)) == NULL) {
		if (p != NULL)
			XML_ParserFree(p);
		zip_fclose(zf);
		return LBC_ENOMEM;
	}
	XML_SetUserData(p, ps);
	XML_SetElementHandler(p, st, en);
	XML_SetCharacterDataHandler(p, cd);
	for (;;) {
		if ((got = zip_fread(zf, buf, CHUNK)) < 0) {
			rc = LBC_EFORMAT;
			break;
		}
		if (XML_Parse(p, buf, (int)got, got == 0) != XML_STATUS_OK) {
			rc = ps->err ? ps->err : LBC_EFORMAT;
			break;
		}
		if (ps->err) {
			rc = ps->err;
			break;
		}
		if (got == 0)
			break;
	}
	free(buf);
	XML_ParserFree(p);
	zip_fclose(zf);
	return rc;
}

static void
fail(struct pstate *ps, int err)
{
	if (ps->err == 0)
		ps->err = err;
}

/* xl/workbook.xml: sheets and the date system. */
static void XMLCALL
wb_start(void *ud, const char *name, const char **a)
{
	struct pstate *ps = ud;
	const char *n = local(name), *v, *id;

	if (strcmp(n, "sheet") == 0) {
		v = attr(a, "name");
		id = attr(a, "id");
		if (v == NULL || id == NULL)
			return;
		if (strs_add(&ps->x->names, v, strlen(v)) != 0 ||
		    strs_add(&ps->x->rids, id, strlen(id)) != 0)
			fail(ps, LBC_ENOMEM);
	} else if (strcmp(n, "workbookPr") == 0) {
		v = attr(a, "date1904");
		if (v != NULL && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0))
			ps->x->date1904 = 1;
	}
}

static void XMLCALL
no_end(void *ud, const char *name)
{
	(void)ud;
	(void)name;
}

static void XMLCALL
no_text(void *ud, const char *s, int n)
{
	(void)ud;
	(void)s;
	(void)n;
}

/* xl/_rels/workbook.xml.rels: where the sheets and tables are. */
static void XMLCALL
rel_start(void *ud, const char *name, const char **a)
{
	struct pstate *ps = ud;
	const char *id, *t, *ty;

	if (strcmp(local(name), "Relationship") != 0)
		return;
	id = attr(a, "Id");
	t = attr(a, "Target");
	ty = attr(a, "Type");
	if (id == NULL || t == NULL)
		return;
	if (ty == NULL)
		ty = "";
	if (strs_add(&ps->x->relid, id, strlen(id)) != 0 ||
	    strs_add(&ps->x->reltarget, t, strlen(t)) != 0 ||
	    strs_add(&ps->x->reltype, ty, strlen(ty)) != 0)
		fail(ps, LBC_ENOMEM);
}

/* sharedStrings.xml: the text of <t> in each <si>, phonetic runs left out. */
static void XMLCALL
sst_start(void *ud, const char *name, const char **a)
{
	struct pstate *ps = ud;
	const char *n = local(name);

	(void)a;
	if (strcmp(n, "si") == 0) {
		ps->depth_si = 1;
		lbc_buf_clear(&ps->cur);
	} else if (strcmp(n, "rPh") == 0)
		ps->in_rph = 1;
	else if (strcmp(n, "t") == 0 && ps->depth_si && !ps->in_rph)
		ps->in_t = 1;
}

static void XMLCALL
sst_end(void *ud, const char *name)
{
	struct pstate *ps = ud;
	const char *n = local(name);

	if (strcmp(n, "si") == 0) {
		ps->depth_si = 0;
		if (strs_add(&ps->x->sst, ps->cur.p ? ps->cur.p : "",
		    ps->cur.len) != 0)
			fail(ps, LBC_ENOMEM);
	} else if (strcmp(n, "rPh") == 0)
		ps->in_rph = 0;
	else if (strcmp(n, "t") == 0)
		ps->in_t = 0;
}

static void XMLCALL
sst_text(void *ud, const char *s, int n)
{
	struct pstate *ps = ud;

	if (ps->in_t && lbc_buf_add(&ps->cur, s, (size_t)n) != 0)
		fail(ps, LBC_ENOMEM);
}

/* styles.xml: custom number formats and the cell formats using them. */
static void XMLCALL
sty_start(void *ud, const char *name, const char **a)
{
	struct pstate *ps = ud;
	const char *n = local(name), *id, *code;

	if (strcmp(n, "numFmts") == 0)
		ps->in_fmts = 1;
	else if (strcmp(n, "cellXfs") == 0)
		ps->in_xfs = 1;
	else if (strcmp(n, "numFmt") == 0 && ps->in_fmts) {
		size_t *f;

		id = attr(a, "numFmtId");
		code = attr(a, "formatCode");
		if (id == NULL || code == NULL)
			return;
		if ((f = realloc(ps->fmtid, (ps->nfmt + 1) * sizeof(*f))) == NULL) {
			fail(ps, LBC_ENOMEM);
			return;
		}
		ps->fmtid = f;
		f[ps->nfmt++] = strtoul(id, NULL, 10);
		if (strs_add(&ps->fmtcode, code, strlen(code)) != 0)
			fail(ps, LBC_ENOMEM);
	} else if (strcmp(n, "xf") == 0 && ps->in_xfs) {
		id = attr(a, "numFmtId");
		if (ps->nxfid == ps->xfcap) {
			size_t ncap = ps->xfcap ? ps->xfcap * 2 : 64;
			size_t *f = realloc(ps->xfid, ncap * sizeof(*f));

			if (f == NULL) {
				fail(ps, LBC_ENOMEM);
				return;
			}
			ps->xfid = f;
			ps->xfcap = ncap;
		}
		ps->xfid[ps->nxfid++] = id ? strtoul(id, NULL, 10) : 0;
	}
}

static void XMLCALL
sty_end(void *ud, const char *name)
{
	struct pstate *ps = ud;
	const char *n = local(name);

	if (strcmp(n, "numFmts") == 0)
		ps->in_fmts = 0;
	else if (strcmp(n, "cellXfs") == 0)
		ps->in_xfs = 0;
}

/* The zip path of a relationship target of xl/workbook.xml. */
static char *
rel_path(const char *target)
{
	char *p;

	if (target[0] == '/')
		return strdup(target + 1);
	if ((p = malloc(strlen(target) + 4)) == NULL)
		return NULL;
	strcpy(p, "xl/");
	strcat(p, target);
	return p;
}

static int
has_suffix(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);

	return a >= b && strcmp(s + a - b, suf) == 0;
}

/* Reads workbook, relationships, shared strings and styles. */
static int
load_book(struct lbc_xlsxread *x)
{
	struct pstate ps;
	size_t i, k;
	int rc;

	memset(&ps, 0, sizeof(ps));
	ps.x = x;
	if ((rc = parse_entry(x, "xl/workbook.xml", wb_start, no_end, no_text,
	    &ps)) != 0)
		return rc;
	if ((rc = parse_entry(x, "xl/_rels/workbook.xml.rels", rel_start, no_end,
	    no_text, &ps)) != 0)
		return rc == LBC_ENOTFOUND ? LBC_EFORMAT : rc;
	for (i = 0; i < x->names.n; i++) {
		for (k = 0; k < x->relid.n; k++)
			if (strcmp(strs_get(&x->relid, k), strs_get(&x->rids, i)) == 0)
				break;
		if (k == x->relid.n)
			return LBC_EFORMAT;
		char *p = rel_path(strs_get(&x->reltarget, k));
		if (p == NULL)
			return LBC_ENOMEM;
		rc = strs_add(&x->paths, p, strlen(p));
		free(p);
		if (rc != 0)
			return rc;
	}
	for (k = 0; k < x->relid.n; k++) {
		const char *ty = strs_get(&x->reltype, k);
		char **slot = has_suffix(ty, "/sharedStrings") ? &x->sstpath :
		    has_suffix(ty, "/styles") ? &x->stylepath : NULL;

		if (slot != NULL && *slot == NULL &&
		    (*slot = rel_path(strs_get(&x->reltarget, k))) == NULL)
			return LBC_ENOMEM;
	}
	if (x->sstpath != NULL) {
		rc = parse_entry(x, x->sstpath, sst_start, sst_end, sst_text, &ps);
		if (rc != 0)
			goto out;
	}
	if (x->stylepath != NULL) {
		rc = parse_entry(x, x->stylepath, sty_start, sty_end, no_text, &ps);
		if (rc != 0)
			goto out;
		if ((x->xfdate = calloc(ps.nxfid + 1, 1)) == NULL) {
			rc = LBC_ENOMEM;
			goto out;
		}
		x->nxf = ps.nxfid;
		for (i = 0; i < ps.nxfid; i++) {
			const char *code = NULL;

			for (k = 0; k < ps.nfmt; k++)
				if (ps.fmtid[k] == ps.xfid[i])
					code = strs_get(&ps.fmtcode, k);
			x->xfdate[i] = (unsigned char)lbc_numfmt_is_date(
			    (unsigned)ps.xfid[i], code);
		}
	}
out:
	lbc_buf_free(&ps.cur);
	strs_free(&ps.fmtcode);
	free(ps.fmtid);
	free(ps.xfid);
	return rc == LBC_ENOTFOUND ? LBC_EFORMAT : rc;
}

/* The first bytes of zip entry path into buf (NUL-terminated), or "". */
static void
peek_entry(zip_t *z, const char *path, char *buf, size_t size)
{
	zip_file_t *zf = zip_fopen(z, path, 0);
	zip_int64_t got = 0;

	if (zf != NULL) {
		got = zip_fread(zf, buf, size - 1);
		zip_fclose(zf);
	}
	buf[got > 0 ? got : 0] = '\0';
}

struct lbc_xlsxread *
lbc_xlsxread_open(const char *data, size_t len, const char *path, int *err,
    enum lbc_book_problem *why)
{
	struct lbc_xlsxread *x;
	zip_source_t *src;
	zip_error_t ze;
	char mt[64];
	int rc;

	if ((x = calloc(1, sizeof(*x))) == NULL) {
		*err = LBC_ENOMEM;
		return NULL;
	}
	if (path != NULL && (x->path = strdup(path)) == NULL) {
		free(x);
		*err = LBC_ENOMEM;
		return NULL;
	}
	x->data = data;
	x->len = len;
	zip_error_init(&ze);
	if (path != NULL)
		src = zip_source_file_create(path, 0, -1, &ze);
	else
		src = zip_source_buffer_create(data, len, 0, &ze);
	if (src == NULL) {
		zip_error_fini(&ze);
		free(x->path);
		free(x);
		*err = LBC_ENOMEM;
		return NULL;
	}
	if ((x->zip = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS,
	    &ze)) == NULL) {
		zip_source_free(src);
		zip_error_fini(&ze);
		free(x->path);
		free(x);
		*err = LBC_EFORMAT;
		*why = LBC_BOOK_CORRUPT;
		return NULL;
	}
	zip_error_fini(&ze);
	*err = LBC_EFORMAT;
	if (zip_name_locate(x->zip, "xl/workbook.xml", 0) < 0) {
		peek_entry(x->zip, "mimetype", mt, sizeof(mt));
		*why = strncmp(mt, "application/vnd.oasis.opendocument",
		    34) == 0 ? LBC_BOOK_ODS : LBC_BOOK_ZIP;
		lbc_xlsxread_free(x);
		return NULL;
	}
	if ((rc = load_book(x)) != 0) {
		*err = rc;
		*why = LBC_BOOK_CORRUPT;
		lbc_xlsxread_free(x);
		return NULL;
	}
	return x;
}

void
lbc_xlsxread_free(struct lbc_xlsxread *x)
{
	if (x == NULL)
		return;
	if (x->zip != NULL)
		zip_discard(x->zip);
	strs_free(&x->sst);
	strs_free(&x->names);
	strs_free(&x->rids);
	strs_free(&x->paths);
	strs_free(&x->relid);
	strs_free(&x->reltarget);
	strs_free(&x->reltype);
	free(x->xfdate);
	free(x->sstpath);
	free(x->stylepath);
	free(x->path);
	free(x);
}

void
lbc_xlsxread_one_parser(struct lbc_xlsxread *x, int on)
{
	x->one_parser = on;
}

size_t
lbc_xlsxread_nsheets(const struct lbc_xlsxread *x)
{
	return x->names.n;
}

const char *
lbc_xlsxread_sheet_name(const struct lbc_xlsxread *x, size_t i)
{
	return i < x->names.n ? strs_get(&x->names, i) : NULL;
}

int
lbc_xlsxread_date1904(const struct lbc_xlsxread *x)
{
	return x->date1904;
}

/* Parses a cell reference (B12) into 0-based column and 1-based row. */
static int
cellref(const char *r, size_t *col, unsigned long *row)
{
	size_t c = 0;
	unsigned long rw = 0;
	int nl = 0;

	for (; *r >= 'A' && *r <= 'Z'; r++, nl++) {
		c = c * 26 + (size_t)(*r - 'A' + 1);
		if (c > MAXCOLS)
			return -1;
	}
	for (; *r >= '0' && *r <= '9'; r++) {
		rw = rw * 10 + (unsigned long)(*r - '0');
		if (rw > 100000000UL)
			return -1;
	}
	if (nl == 0 || *r != '\0')
		return -1;
	*col = c - 1;
	*row = rw;
	return 0;
}

/* First pass: the merged ranges of the sheet. */
static void XMLCALL
mg_start(void *ud, const char *name, const char **a)
{
	struct pstate *ps = ud;
	struct lbc_xlsxread_sheet *s = ps->sh;
	const char *ref, *colon;
	char first[16];
	struct merge m;

	if (strcmp(local(name), "mergeCell") != 0 ||
	    (ref = attr(a, "ref")) == NULL || (colon = strchr(ref, ':')) == NULL ||
	    (size_t)(colon - ref) >= sizeof(first))
		return;
	memcpy(first, ref, (size_t)(colon - ref));
	first[colon - ref] = '\0';
	memset(&m, 0, sizeof(m));
	if (cellref(first, &m.c1, &m.r1) != 0 ||
	    cellref(colon + 1, &m.c2, &m.r2) != 0 || m.c2 < m.c1 ||
	    m.r2 < m.r1 || m.c2 - m.c1 >= MAXMERGEW)
		return;
	if (s->nm == s->mcap) {
		size_t ncap = s->mcap ? s->mcap * 2 : 16;
		struct merge *nm = realloc(s->m, ncap * sizeof(*nm));

		if (nm == NULL) {
			fail(ps, LBC_ENOMEM);
			return;
		}
		s->m = nm;
		s->mcap = ncap;
	}
	s->m[s->nm++] = m;
}

static int
merge_cmp(const void *a, const void *b)
{
	const struct merge *x = a, *y = b;

	return x->r1 < y->r1 ? -1 : x->r1 > y->r1;
}

/* Fills the cells of row rb (row s->rownum) that merged ranges cover. */
static int
fill_merges(struct lbc_xlsxread_sheet *s, struct lbc_rowbuf *rb)
{
	size_t i, k, c;
	int rc;

	while (s->mnext < s->nm && s->m[s->mnext].r1 <= s->rownum)
		s->act[s->nact++] = s->mnext++;
	for (i = k = 0; i < s->nact; i++) {
		struct merge *m = &s->m[s->act[i]];

		if (m->r2 < s->rownum)
			continue;	/* ended: dropped */
		s->act[k++] = s->act[i];
		if (m->r1 == s->rownum) {
			if (m->c1 < rb->n && rb->len[m->c1] > 0) {
				if ((m->val = strndup(rb->text.p + rb->off[m->c1],
				    rb->len[m->c1])) == NULL)
					return LBC_ENOMEM;
				m->vlen = rb->len[m->c1];
				m->type = rb->type[m->c1];
				m->have = 1;
			}
		}
		if (!m->have)
			continue;
		for (c = m->c1; c <= m->c2; c++)
			if ((c >= rb->n || rb->len[c] == 0) &&
			    (rc = lbc_rowbuf_set(rb, c, m->val, m->vlen,
			    (enum lbc_cell)m->type)) != 0)
				return rc;
	}
	s->nact = k;
	return 0;
}

static void
sfail(struct spar *sp, int err)
{
	if (sp->err == 0)
		sp->err = err;
	XML_StopParser(sp->p, XML_FALSE);
}

/* The sheet elements the reader looks at, by local name. */
enum { T_OTHER, T_C, T_V, T_IS, T_T, T_RPH, T_ROW };

/*
 * Which element name is: called for every element of the sheet, so it
 * looks at the first bytes rather than comparing whole strings.
 */
static int
sh_tag(const char *name)
{
	const char *p;

	for (p = name; *p != '\0'; p++)
		if (*p == ':')
			name = p + 1;
	switch (name[0]) {
	case 'c':
		return name[1] == '\0' ? T_C : T_OTHER;
	case 'v':
		return name[1] == '\0' ? T_V : T_OTHER;
	case 't':
		return name[1] == '\0' ? T_T : T_OTHER;
	case 'i':
		return name[1] == 's' && name[2] == '\0' ? T_IS : T_OTHER;
	case 'r':
		if (name[1] == 'o' && name[2] == 'w' && name[3] == '\0')
			return T_ROW;
		if (name[1] == 'P' && name[2] == 'h' && name[3] == '\0')
			return T_RPH;
		return T_OTHER;
	}
	return T_OTHER;
}

/* The attributes r, t and s of a cell <c> (the first of each), in one
 * pass. */
static void
cell_attrs(const char **a, const char **r, const char **t, const char **st)
{
	const char *n, *p;

	*r = *t = *st = NULL;
	for (; a[0] != NULL; a += 2) {
		n = a[0];
		for (p = n; *p != '\0'; p++)
			if (*p == ':')
				n = p + 1;
		if (n[0] == '\0' || n[1] != '\0')
			continue;
		if (n[0] == 'r' && *r == NULL)
			*r = a[1];
		else if (n[0] == 't' && *t == NULL)
			*t = a[1];
		else if (n[0] == 's' && *st == NULL)
			*st = a[1];
	}
}

/* Keeps *dst = name as written, the first time. */
static void
keep_name(struct spar *sp, char **dst, const char *name)
{
	if (*dst == NULL && (*dst = strdup(name)) == NULL)
		sfail(sp, LBC_ENOMEM);
}

static void XMLCALL
sh_start(void *ud, const char *name, const char **a)
{
	struct spar *sp = ud;
	const char *v, *ty, *st;
	unsigned long r;
	size_t c;

	switch (sh_tag(name)) {
	case T_C:
		cell_attrs(a, &v, &ty, &st);
		if (v != NULL) {
			if (cellref(v, &c, &r) != 0) {
				sfail(sp, LBC_EFORMAT);
				return;
			}
			sp->col = c;
		} else
			sp->col = sp->col + 1;
		if (sp->col >= MAXCOLS) {
			sfail(sp, LBC_EFORMAT);
			return;
		}
		sp->ctype = ty == NULL ? 'n' : strcmp(ty, "inlineStr") == 0 ?
		    'i' : strcmp(ty, "str") == 0 ? 't' : ty[0];
		sp->cstyle = st ? strtoul(st, NULL, 10) : 0;
		lbc_buf_clear(&sp->val);
		sp->in_is = 0;
		break;
	case T_V:
		sp->in_v = 1;
		break;
	case T_IS:
		sp->in_is = 1;
		break;
	case T_RPH:
		sp->in_rph = 1;
		break;
	case T_T:
		if (sp->in_is && !sp->in_rph)
			sp->in_t = 1;
		break;
	case T_ROW:
		lbc_rowbuf_clear(&sp->rb);
		if ((v = attr(a, "r")) != NULL)
			sp->rownum = strtoul(v, NULL, 10) + (sp->sh == NULL);
		else if (sp->sh != NULL)
			sp->rownum++;
		else
			sp->rownum = 0;		/* the one after the last */
		sp->col = (size_t)-1;
		if (sp->sh != NULL)
			keep_name(sp, &sp->sh->rowname, name);
		break;
	default:
		/* The names the segments' parsers are opened with. */
		if (sp->sh == NULL)
			break;
		if (sp->sh->rootname == NULL)
			keep_name(sp, &sp->sh->rootname, name);
		else if (sp->sh->sdname == NULL &&
		    strcmp(local(name), "sheetData") == 0)
			keep_name(sp, &sp->sh->sdname, name);
		break;
	}
}

/* The finished cell <c> into the row. */
static void
end_cell(struct spar *sp)
{
	struct lbc_xlsxread *x = sp->x;
	const char *t = sp->val.p ? sp->val.p : "";
	size_t n = sp->val.len, i;
	enum lbc_cell type = LBC_CELL_TEXT;
	char num[32];
	double d;
	char *end;

	switch (sp->ctype) {
	case 's':
		if (n == 0)
			return;
		i = strtoul(t, &end, 10);
		if (*end != '\0' || i >= x->sst.n) {
			sfail(sp, LBC_EFORMAT);
			return;
		}
		t = strs_get(&x->sst, i);
		n = x->sst.len[i];
		break;
	case 'b':
		if (n == 0)
			return;
		t = t[0] == '1' ? "TRUE" : "FALSE";
		n = strlen(t);
		type = LBC_CELL_BOOL;
		break;
	case 'd':
		type = LBC_CELL_DATE;
		break;
	case 'i': case 't': case 'e':
		break;
	default:
		if (n == 0)
			return;
		d = strtod(t, &end);
		if (*end != '\0')
			break;		/* not a number: kept as text */
		if (sp->cstyle < x->nxf && x->xfdate[sp->cstyle] &&
		    (n = lbc_cell_date(d, x->date1904, num)) > 0)
			type = LBC_CELL_DATE;
		else {
			n = lbc_cell_number(d, num);
			type = LBC_CELL_NUMBER;
		}
		t = num;
	}
	if (n == 0)
		return;
	if (lbc_rowbuf_set(&sp->rb, sp->col, t, n, type) != 0)
		sfail(sp, LBC_ENOMEM);
}

static int	slot_push(struct spar *);

/* The end of a row in the sheet's own parser: handed out, parser paused. */
static void
row_done(struct spar *sp)
{
	struct lbc_xlsxread_sheet *s = sp->sh;

	s->rownum = sp->rownum;
	s->row_end = (unsigned long long)XML_GetCurrentByteIndex(sp->p) +
	    (unsigned long long)XML_GetCurrentByteCount(sp->p);
	if (s->nm > 0 && fill_merges(s, &sp->rb) != 0) {
		sfail(sp, LBC_ENOMEM);
		return;
	}
	if (sp->rb.n == 0)
		return;
	s->ready = 1;
	XML_StopParser(sp->p, XML_TRUE);
}

static void XMLCALL
sh_end(void *ud, const char *name)
{
	struct spar *sp = ud;

	switch (sh_tag(name)) {
	case T_V:
		sp->in_v = 0;
		break;
	case T_T:
		sp->in_t = 0;
		break;
	case T_RPH:
		sp->in_rph = 0;
		break;
	case T_IS:
		sp->in_is = 0;
		break;
	case T_C:
		end_cell(sp);
		break;
	case T_ROW:
		if (sp->sh != NULL)
			row_done(sp);
		else if (slot_push(sp) != 0)	/* empty too: it counts */
			sfail(sp, LBC_ENOMEM);
		break;
	}
}

static void XMLCALL
sh_text(void *ud, const char *t, int n)
{
	struct spar *sp = ud;

	if ((sp->in_v || sp->in_t) && lbc_buf_add(&sp->val, t, (size_t)n) != 0)
		sfail(sp, LBC_ENOMEM);
}

/*
 * The sheet's own parser meets a DOCTYPE (entities, attribute defaults)
 * or an encoding other than UTF-8: the segments, opened without the
 * prolog, would not read the same; the sheet stays with its own parser.
 */
static void XMLCALL
sh_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
    const XML_Char *pubid, int internal)
{
	struct spar *sp = ud;

	(void)name;
	(void)sysid;
	(void)pubid;
	(void)internal;
	sp->sh->one = 1;
}

static void XMLCALL
sh_xmldecl(void *ud, const XML_Char *version, const XML_Char *encoding,
    int standalone)
{
	struct spar *sp = ud;

	(void)version;
	(void)standalone;
	if (encoding != NULL && strcasecmp(encoding, "UTF-8") != 0)
		sp->sh->one = 1;
}

/* A parser with the sheet handlers, for sp.  Returns 0 or LBC_ENOMEM. */
static int
spar_reset(struct spar *sp)
{
	if (sp->p == NULL) {
		if ((sp->p = XML_ParserCreate(NULL)) == NULL)
			return LBC_ENOMEM;
	} else if (XML_ParserReset(sp->p, NULL) != XML_TRUE)
		return LBC_ENOMEM;
	XML_SetUserData(sp->p, sp);
	XML_SetElementHandler(sp->p, sh_start, sh_end);
	XML_SetCharacterDataHandler(sp->p, sh_text);
	if (sp->sh != NULL) {
		XML_SetStartDoctypeDeclHandler(sp->p, sh_doctype);
		XML_SetXmlDeclHandler(sp->p, sh_xmldecl);
	}
	sp->err = 0;
	sp->in_v = sp->in_is = sp->in_t = sp->in_rph = 0;
	sp->col = (size_t)-1;
	lbc_rowbuf_clear(&sp->rb);
	return 0;
}

static void
spar_free(struct spar *sp)
{
	if (sp->p != NULL)
		XML_ParserFree(sp->p);
	sp->p = NULL;
	lbc_rowbuf_free(&sp->rb);
	lbc_buf_free(&sp->val);
	memset(&sp->rb, 0, sizeof(sp->rb));
	memset(&sp->val, 0, sizeof(sp->val));
}

/*
 * 1 when buf holds word.  Faster than memmem here: the word's first letter
 * (m of mergeCell) is rare in sheet XML, whose tags are row, c, v, is, t.
 */
static int
has_word(const char *buf, size_t n, const char *word, size_t wl)
{
	const char *p = buf, *e = buf + n;

	while ((size_t)(e - p) >= wl &&
	    (p = memchr(p, word[0], (size_t)(e - p) - wl + 1)) != NULL) {
		if (memcmp(p, word, wl) == 0)
			return 1;
		p++;
	}
	return 0;
}

/*
 * 1 when zip entry path holds the bytes of word (inflating only, no XML
 * parse), 0 when not; LBC_EFORMAT, LBC_ENOMEM.
 */
static int
mentions(struct lbc_xlsxread *x, const char *path, const char *word)
{
	size_t wl = strlen(word), keep = 0;
	zip_file_t *zf;
	zip_int64_t got;
	char *buf;
	int rc = 0;

	if ((zf = zip_fopen(x->zip, path, 0)) == NULL)
		return LBC_EFORMAT;
	if ((buf = malloc(CHUNK + wl)) == NULL) {
		zip_fclose(zf);
		return LBC_ENOMEM;
	}
	while ((got = zip_fread(zf, buf + keep, CHUNK)) > 0) {
		size_t n = keep + (size_t)got;

		if (has_word(buf, n, word, wl)) {
			rc = 1;
			break;
		}
		/* The end may hold the start of the word: keep it. */
		keep = n < wl - 1 ? n : wl - 1;
		memmove(buf, buf + n - keep, keep);
	}
	if (got < 0)
		rc = LBC_EFORMAT;
	free(buf);
	zip_fclose(zf);
	return rc;
}

/* The inflating thread: fills free chunks until the end, an error or stop. */
static void *
ring_fill(void *arg)
{
	struct ring *r = arg;
	size_t k;
	zip_int64_t got;

	for (;;) {
		pthread_mutex_lock(&r->mu);
		while (r->count == NRING && !r->stop)
			pthread_cond_wait(&r->cv, &r->mu);
		if (r->stop) {
			pthread_mutex_unlock(&r->mu);
			break;
		}
		k = (r->head + r->count) % NRING;
		pthread_mutex_unlock(&r->mu);
		got = zip_fread(r->zf, r->buf[k], CHUNK);
		pthread_mutex_lock(&r->mu);
		r->len[k] = got;
		r->count++;
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
		if (got <= 0)
			break;
	}
	return NULL;
}

/* The archive of x opened again, or NULL. */
static zip_t *
reopen(const struct lbc_xlsxread *x)
{
	zip_source_t *src;
	zip_error_t ze;
	zip_t *z;

	zip_error_init(&ze);
	if (x->path != NULL)
		src = zip_source_file_create(x->path, 0, -1, &ze);
	else
		src = zip_source_buffer_create(x->data, x->len, 0, &ze);
	if (src == NULL) {
		zip_error_fini(&ze);
		return NULL;
	}
	if ((z = zip_open_from_source(src, ZIP_RDONLY, &ze)) == NULL)
		zip_source_free(src);
	zip_error_fini(&ze);
	return z;
}

/*
 * Starts inflating zip entry path of x.  Returns 0, LBC_EFORMAT (the
 * archive or entry cannot be opened) or LBC_ENOMEM.
 */
static int
ring_start(struct ring *r, const struct lbc_xlsxread *x, const char *path)
{
	size_t i;

	for (i = 0; i < NRING; i++)
		if ((r->buf[i] = malloc(CHUNK)) == NULL)
			return LBC_ENOMEM;
	if ((r->zip = reopen(x)) == NULL) {
		if ((r->zf = zip_fopen(x->zip, path, 0)) == NULL)
			return LBC_EFORMAT;
		return 0;
	}
	if ((r->zf = zip_fopen(r->zip, path, 0)) == NULL)
		return LBC_EFORMAT;
	if (pthread_mutex_init(&r->mu, NULL) != 0)
		return LBC_ENOMEM;
	if (pthread_cond_init(&r->cv, NULL) != 0) {
		pthread_mutex_destroy(&r->mu);
		return LBC_ENOMEM;
	}
	if (pthread_create(&r->th, NULL, ring_fill, r) != 0) {
		pthread_cond_destroy(&r->cv);
		pthread_mutex_destroy(&r->mu);
		return LBC_ENOMEM;
	}
	r->started = 1;
	return 0;
}

/* Hands back the head chunk the parser is done with. */
static void
ring_release(struct ring *r)
{
	if (!r->started)
		return;
	pthread_mutex_lock(&r->mu);
	r->head = (r->head + 1) % NRING;
	r->count--;
	pthread_cond_broadcast(&r->cv);
	pthread_mutex_unlock(&r->mu);
}

/* Waits for the next chunk: sets *data and returns its length, 0 at the
 * end, < 0 on a read error. */
static zip_int64_t
ring_take(struct ring *r, const char **data)
{
	zip_int64_t n;

	if (!r->started) {
		*data = r->buf[0];
		return zip_fread(r->zf, r->buf[0], CHUNK);
	}
	pthread_mutex_lock(&r->mu);
	while (r->count == 0)
		pthread_cond_wait(&r->cv, &r->mu);
	*data = r->buf[r->head];
	n = r->len[r->head];
	pthread_mutex_unlock(&r->mu);
	return n;
}

static void
ring_free(struct ring *r)
{
	size_t i;

	if (r->started) {
		pthread_mutex_lock(&r->mu);
		r->stop = 1;
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
		pthread_join(r->th, NULL);
		pthread_cond_destroy(&r->cv);
		pthread_mutex_destroy(&r->mu);
	}
	if (r->zf != NULL)
		zip_fclose(r->zf);
	if (r->zip != NULL)
		zip_discard(r->zip);
	for (i = 0; i < NRING; i++)
		free(r->buf[i]);
}

/*
 * Reading a long sheet in segments.  Expat parses about 130 MB of sheet
 * XML a second here, so one parser thread is the whole of the reading's
 * time.  Once a sheet has handed out SERIAL_ROWS rows from its own parser
 * (its header is found by then), the rest of its XML is cut into segments
 * of about SEG_BYTES, each starting at a row's start tag, and NPARSE
 * threads parse segments side by side, each segment by a parser of its
 * own opened with the sheet's root and sheetData start tags (and closed
 * with their end tags), so that each is a whole document for expat.  The
 * rows of the segments are handed out in order, merged ranges filled in
 * then, as from one parser.
 *
 * A row's start tag cannot be in character data or an attribute value
 * (where < is escaped), only in a comment, a CDATA section or a
 * processing instruction.  Spreadsheet programs write none inside
 * sheetData; where the bytes hold <! or <? after the rows read so far,
 * or 64 MB pass without a row tag, the segment holding them and all after
 * it are parsed by one parser, in order, as one stream: never cut
 * wrongly, only read on one core.  A sheet whose prolog has a DOCTYPE
 * (entities, attribute defaults) or an encoding other than UTF-8 is read
 * by its own parser throughout: the segments do not see the prolog.
 * Every row goes to the consumer, empty ones too, so that a row without
 * an r attribute is numbered as by one parser.  One difference remains:
 * in a damaged sheet whose tags do not balance, a segment fails at its
 * end, so fewer of the rows before the fault may come out than from one
 * parser; the sheet is told damaged either way.
 */
#define SERIAL_ROWS	256
#define SEG_BYTES	(1 << 20)
#define SEG_MAX		(64 << 20)	/* no row tag in this: one stream */
#define NSLOT		6
#define NPARSE		2

enum { S_FREE, S_FILLED, S_PARSING, S_PARSED };

struct slot {
	char			*buf;
	size_t			 len, cap;
	unsigned long		 seq;
	int			 state;
	int			 last;		/* the end of the sheet */
	int			 serial;	/* parsed as a stream with the next */
	int			 sstart;	/* the first of those */
	int			 rerr;		/* reading it failed */
	int			 err;		/* parsing it failed */
	struct lbc_rowbuf	*rows;
	unsigned long		*line;		/* r + 1; 0: the row after the last */
	size_t			 n, ncap;
};

struct par {
	struct lbc_xlsxread_sheet *s;
	zip_t			*zip;
	zip_file_t		*zf;
	unsigned long long	 skip;		/* read by the sheet's parser */
	char			*open, *close, *rowtag;
	size_t			 openlen, closelen, rowtaglen;
	struct slot		 slot[NSLOT];
	struct spar		 sp[NPARSE];	/* one per parser thread */
	struct spar		 serial;	/* the stream after <! or <? */
	pthread_t		 filler, parser[NPARSE];
	int			 nparser, filling;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	int			 stop;
	int			 ended;		/* the last segment is taken */
	unsigned long		 next_parse, next_cons, serial_next;
	struct slot		*cur;		/* the segment handed out */
	size_t			 curi;
};

/* The row sp finished into its segment.  Returns 0 or LBC_ENOMEM. */
static int
slot_push(struct spar *sp)
{
	struct slot *g = sp->out;
	struct lbc_rowbuf t;

	if (g->n == g->ncap) {
		size_t ncap = g->ncap ? g->ncap * 2 : 1024;
		struct lbc_rowbuf *r = realloc(g->rows, ncap * sizeof(*r));
		unsigned long *l;

		if (r == NULL)
			return LBC_ENOMEM;
		memset(r + g->ncap, 0, (ncap - g->ncap) * sizeof(*r));
		g->rows = r;
		if ((l = realloc(g->line, ncap * sizeof(*l))) == NULL)
			return LBC_ENOMEM;
		g->line = l;
		g->ncap = ncap;
	}
	t = g->rows[g->n];
	g->rows[g->n] = sp->rb;
	sp->rb = t;
	lbc_rowbuf_clear(&sp->rb);
	g->line[g->n++] = sp->rownum;
	return 0;
}

/* Waits for slot seq to be free (0) or for stop (1). */
static int
slot_wait_free(struct par *pp, unsigned long seq)
{
	struct slot *g = &pp->slot[seq % NSLOT];
	int stop;

	pthread_mutex_lock(&pp->mu);
	while (g->state != S_FREE && !pp->stop)
		pthread_cond_wait(&pp->cv, &pp->mu);
	stop = pp->stop;
	pthread_mutex_unlock(&pp->mu);
	return stop;
}

static void
slot_publish(struct par *pp, struct slot *g)
{
	pthread_mutex_lock(&pp->mu);
	g->state = S_FILLED;
	pthread_cond_broadcast(&pp->cv);
	pthread_mutex_unlock(&pp->mu);
}

/* 1 when p[0..n) holds <! or <? (prev: the byte before p). */
static int
has_markup_decl(const char *p, size_t n, char prev)
{
	static const char which[2] = { '!', '?' };
	const char *q, *e = p + n;
	size_t k;

	for (k = 0; k < 2; k++)
		for (q = p; q < e && (q = memchr(q, which[k],
		    (size_t)(e - q))) != NULL; q++)
			if ((q > p ? q[-1] : prev) == '<')
				return 1;
	return 0;
}

/*
 * Where in g->buf, at *from or after, a row's start tag begins, or 0 when
 * none does yet (*from: where to look when more bytes have come).
 */
static size_t
find_cut(const struct par *pp, const struct slot *g, size_t *from)
{
	const char *b = g->buf, *q;
	size_t at = *from, tl = pp->rowtaglen;
	char c;

	while (at < g->len &&
	    (q = memmem(b + at, g->len - at, pp->rowtag, tl)) != NULL) {
		at = (size_t)(q - b);
		if (at + tl >= g->len) {
			*from = at;	/* its next byte is still to come */
			return 0;
		}
		c = b[at + tl];
		if (c == ' ' || c == '>' || c == '/' || c == '\t' ||
		    c == '\r' || c == '\n')
			return at;
		at++;
	}
	/* None: one may begin in the last bytes. */
	*from = g->len + 1 > tl ? g->len + 1 - tl : 0;
	if (*from < SEG_BYTES)
		*from = SEG_BYTES;
	return 0;
}

/* Room for n bytes (and a chunk more) in g.  Returns 0 or LBC_ENOMEM. */
static int
slot_room(struct slot *g, size_t n)
{
	char *nb;

	if (g->cap >= n + CHUNK)
		return 0;
	if ((nb = realloc(g->buf, n + CHUNK + SEG_BYTES)) == NULL)
		return LBC_ENOMEM;
	g->buf = nb;
	g->cap = n + CHUNK + SEG_BYTES;
	return 0;
}

/* Segment seq (g) and all after it are parsed as one stream. */
static void
go_serial(struct par *pp, struct slot *g, unsigned long seq)
{
	g->serial = g->sstart = 1;
	pthread_mutex_lock(&pp->mu);
	pp->serial_next = seq;
	pthread_mutex_unlock(&pp->mu);
}

/* The inflating thread: cuts the sheet's XML into segments. */
static void *
par_fill(void *arg)
{
	struct par *pp = arg;
	unsigned long seq = 0;
	unsigned long long skip = pp->skip;
	struct slot *g;
	char prev = '\0';
	size_t from, cut, n;
	zip_int64_t got = 0;
	int serial = 0, carried = 0;

	for (;; seq++) {
		if (slot_wait_free(pp, seq))
			return NULL;
		g = &pp->slot[seq % NSLOT];
		/* The bytes after a cut are in it already. */
		if (!carried)
			g->len = 0;
		carried = 0;
		g->seq = seq;
		g->last = g->rerr = g->err = 0;
		g->serial = serial;
		g->sstart = 0;
		g->n = 0;
		from = SEG_BYTES;
		for (;;) {
			if ((g->rerr = slot_room(g, g->len)) != 0)
				break;
			if ((got = zip_fread(pp->zf, g->buf + g->len,
			    CHUNK)) <= 0) {
				if (got < 0)
					g->rerr = LBC_EFORMAT;
				break;
			}
			n = (size_t)got;
			if (skip > 0) {
				size_t k = skip < n ? (size_t)skip : n;

				memmove(g->buf + g->len, g->buf + g->len + k,
				    n - k);
				n -= k;
				skip -= k;
			}
			if (!serial && has_markup_decl(g->buf + g->len, n,
			    prev)) {
				serial = 1;
				go_serial(pp, g, seq);
			}
			if (n > 0)
				prev = g->buf[g->len + n - 1];
			g->len += n;
			if (g->len < SEG_BYTES)
				continue;
			if (serial)
				break;
			if ((cut = find_cut(pp, g, &from)) == 0 &&
			    g->len >= SEG_MAX) {
				/* No row tag where one was due: one stream. */
				serial = 1;
				go_serial(pp, g, seq);
				break;
			}
			if (cut > 0) {
				struct slot *nx = &pp->slot[(seq + 1) % NSLOT];

				/* The rest goes to the next segment. */
				if (slot_wait_free(pp, seq + 1))
					return NULL;
				if ((g->rerr = slot_room(nx, g->len - cut)) != 0)
					break;
				memcpy(nx->buf, g->buf + cut, g->len - cut);
				nx->len = g->len - cut;
				g->len = cut;
				carried = 1;
				break;
			}
		}
		if (got <= 0 || g->rerr)
			g->last = 1;
		slot_publish(pp, g);
		if (g->last)
			return NULL;
	}
}

/* Parses segment g with sp. */
static void
par_parse(struct par *pp, struct slot *g, struct spar *sp)
{
	enum XML_Status st = XML_STATUS_OK;
	int fresh = !g->serial || g->sstart;
	size_t off, k;

	sp->out = g;
	if (fresh && (g->err = spar_reset(sp)) != 0) {
		XML_ParserFree(sp->p);
		sp->p = NULL;
		return;
	}
	if (sp->p == NULL) {		/* the stream's start failed */
		g->err = LBC_ENOMEM;
		return;
	}
	if (fresh)
		st = XML_Parse(sp->p, pp->open, (int)pp->openlen, 0);
	/* In pieces: a segment holding one huge row may pass INT_MAX. */
	for (off = 0; st == XML_STATUS_OK && (off < g->len || off == 0);
	    off += k) {
		k = g->len - off < SEG_BYTES ? g->len - off : SEG_BYTES;
		st = XML_Parse(sp->p, g->buf + off, (int)k,
		    off + k == g->len && g->last && !g->rerr);
		if (k == 0)
			break;
	}
	if (st == XML_STATUS_OK && !g->serial && !g->last)
		st = XML_Parse(sp->p, pp->close, (int)pp->closelen, 1);
	if (st != XML_STATUS_OK)
		g->err = sp->err ? sp->err : LBC_EFORMAT;
	else if (g->rerr)
		g->err = g->rerr;
}

struct pthr {
	struct par	*pp;
	size_t		 i;
};

/* A parsing thread: takes segments in order, parses each. */
static void *
par_parser(void *arg)
{
	struct par *pp = ((struct pthr *)arg)->pp;
	struct spar *sp = &pp->sp[((struct pthr *)arg)->i];
	struct slot *g;
	unsigned long seq;

	free(arg);
	for (;;) {
		pthread_mutex_lock(&pp->mu);
		for (;;) {
			g = &pp->slot[pp->next_parse % NSLOT];
			if (pp->stop || pp->ended || (g->state == S_FILLED &&
			    g->seq == pp->next_parse))
				break;
			pthread_cond_wait(&pp->cv, &pp->mu);
		}
		if (pp->stop || pp->ended) {
			pthread_mutex_unlock(&pp->mu);
			return NULL;
		}
		seq = pp->next_parse++;
		g->state = S_PARSING;
		if (g->last)
			pp->ended = 1;
		while (g->serial && pp->serial_next != seq && !pp->stop)
			pthread_cond_wait(&pp->cv, &pp->mu);
		if (pp->stop) {
			pthread_mutex_unlock(&pp->mu);
			return NULL;
		}
		pthread_mutex_unlock(&pp->mu);
		par_parse(pp, g, g->serial ? &pp->serial : sp);
		pthread_mutex_lock(&pp->mu);
		g->state = S_PARSED;
		if (g->serial)
			pp->serial_next = seq + 1;
		pthread_cond_broadcast(&pp->cv);
		pthread_mutex_unlock(&pp->mu);
	}
}

static void
par_free(struct par *pp)
{
	size_t i, j;

	if (pp == NULL)
		return;
	pthread_mutex_lock(&pp->mu);
	pp->stop = 1;
	pthread_cond_broadcast(&pp->cv);
	pthread_mutex_unlock(&pp->mu);
	if (pp->filling)
		pthread_join(pp->filler, NULL);
	for (i = 0; i < (size_t)pp->nparser; i++)
		pthread_join(pp->parser[i], NULL);
	pthread_cond_destroy(&pp->cv);
	pthread_mutex_destroy(&pp->mu);
	for (i = 0; i < NSLOT; i++) {
		free(pp->slot[i].buf);
		for (j = 0; j < pp->slot[i].ncap; j++)
			lbc_rowbuf_free(&pp->slot[i].rows[j]);
		free(pp->slot[i].rows);
		free(pp->slot[i].line);
	}
	for (i = 0; i < NPARSE; i++)
		spar_free(&pp->sp[i]);
	spar_free(&pp->serial);
	if (pp->zf != NULL)
		zip_fclose(pp->zf);
	if (pp->zip != NULL)
		zip_discard(pp->zip);
	free(pp->open);
	free(pp->close);
	free(pp->rowtag);
	free(pp);
}

/*
 * Starts reading sheet s in segments after the bytes its own parser has
 * read (to the end of the row last handed out).  Returns the reading, or
 * NULL when it cannot be had (s goes on with its own parser).
 */
static struct par *
par_start(struct lbc_xlsxread_sheet *s)
{
	struct par *pp;
	size_t i;

	if (s->rootname == NULL || s->sdname == NULL || s->rowname == NULL ||
	    (pp = calloc(1, sizeof(*pp))) == NULL)
		return NULL;
	if (pthread_mutex_init(&pp->mu, NULL) != 0) {
		free(pp);
		return NULL;
	}
	if (pthread_cond_init(&pp->cv, NULL) != 0) {
		pthread_mutex_destroy(&pp->mu);
		free(pp);
		return NULL;
	}
	/* From here on par_free() undoes what was done. */
	pp->s = s;
	pp->skip = s->row_end;
	if (asprintf(&pp->open, "<%s><%s>", s->rootname, s->sdname) < 0)
		pp->open = NULL;
	if (asprintf(&pp->close, "</%s></%s>", s->sdname, s->rootname) < 0)
		pp->close = NULL;
	if (asprintf(&pp->rowtag, "<%s", s->rowname) < 0)
		pp->rowtag = NULL;
	if (pp->open == NULL || pp->close == NULL || pp->rowtag == NULL)
		goto fail;
	pp->openlen = strlen(pp->open);
	pp->closelen = strlen(pp->close);
	pp->rowtaglen = strlen(pp->rowtag);
	for (i = 0; i < NPARSE; i++)
		pp->sp[i].x = s->x;
	pp->serial.x = s->x;
	if ((pp->zip = reopen(s->x)) == NULL ||
	    (pp->zf = zip_fopen(pp->zip, s->path, 0)) == NULL)
		goto fail;
	if (pthread_create(&pp->filler, NULL, par_fill, pp) != 0)
		goto fail;
	pp->filling = 1;
	for (i = 0; i < NPARSE; i++) {
		struct pthr *t = malloc(sizeof(*t));

		if (t == NULL)
			goto fail;
		t->pp = pp;
		t->i = i;
		if (pthread_create(&pp->parser[i], NULL, par_parser, t) != 0) {
			free(t);
			goto fail;
		}
		pp->nparser++;
	}
	return pp;
fail:
	par_free(pp);
	return NULL;
}

/* The next row of the segments, as lbc_xlsxread_sheet_next(). */
static int
par_next(struct lbc_xlsxread_sheet *s, const struct lbc_row **row,
    unsigned long *rownum)
{
	struct par *pp = s->par;
	struct slot *g;
	unsigned long line;
	int rc;

	for (;;) {
		if ((g = pp->cur) != NULL) {
			while (pp->curi < g->n) {
				struct lbc_rowbuf *rb = &g->rows[pp->curi];

				line = g->line[pp->curi++];
				s->rownum = line ? line - 1 : s->rownum + 1;
				if (s->nm > 0 && (rc = fill_merges(s, rb)) != 0)
					return s->err = rc;
				if (rb->n == 0)
					continue;
				s->cur = rb;
				*row = lbc_rowbuf_row(rb);
				*rownum = s->rownum;
				return 1;
			}
			if (g->err)
				return s->err = g->err;
			if (g->last) {
				s->eof = 1;
				return 0;
			}
			pthread_mutex_lock(&pp->mu);
			g->state = S_FREE;
			pthread_cond_broadcast(&pp->cv);
			pthread_mutex_unlock(&pp->mu);
			pp->cur = NULL;
		}
		g = &pp->slot[pp->next_cons % NSLOT];
		pthread_mutex_lock(&pp->mu);
		while (!(g->state == S_PARSED && g->seq == pp->next_cons))
			pthread_cond_wait(&pp->cv, &pp->mu);
		pthread_mutex_unlock(&pp->mu);
		pp->next_cons++;
		pp->cur = g;
		pp->curi = 0;
	}
}

struct lbc_xlsxread_sheet *
lbc_xlsxread_sheet_open(struct lbc_xlsxread *x, size_t i, int *err,
    enum lbc_book_problem *why)
{
	struct lbc_xlsxread_sheet *s;
	struct pstate ps;
	int rc;

	if ((s = calloc(1, sizeof(*s))) == NULL) {
		*err = LBC_ENOMEM;
		return NULL;
	}
	s->x = x;
	s->path = strs_get(&x->paths, i);
	s->sp.x = x;
	s->sp.sh = s;
	s->cur = &s->sp.rb;
	/* First pass: merged ranges, parsed only when the text has some. */
	memset(&ps, 0, sizeof(ps));
	ps.x = x;
	ps.sh = s;
	if ((rc = mentions(x, s->path, "mergeCell")) == 1)
		rc = parse_entry(x, s->path, mg_start, no_end, no_text, &ps);
	if (rc == 0 && s->nm > 0) {
		qsort(s->m, s->nm, sizeof(*s->m), merge_cmp);
		if ((s->act = malloc(s->nm * sizeof(*s->act))) == NULL)
			rc = LBC_ENOMEM;
	}
	if (rc == 0)
		rc = spar_reset(&s->sp);
	if (rc == 0)
		rc = ring_start(&s->ring, x, s->path);
	if (rc != 0) {
		*err = rc == LBC_ENOTFOUND ? LBC_EFORMAT : rc;
		*why = LBC_BOOK_CORRUPT;
		lbc_xlsxread_sheet_free(s);
		return NULL;
	}
	return s;
}

/* The sheet's own parser over, once reading goes on in segments. */
static void
own_parser_stop(struct lbc_xlsxread_sheet *s)
{
	if (s->held) {
		ring_release(&s->ring);
		s->held = 0;
	}
	ring_free(&s->ring);
	memset(&s->ring, 0, sizeof(s->ring));
	spar_free(&s->sp);
	s->suspended = 0;
}

int
lbc_xlsxread_sheet_next(struct lbc_xlsxread_sheet *s,
    const struct lbc_row **row, unsigned long *rownum,
    enum lbc_book_problem *why)
{
	XML_Parser p;
	enum XML_Status st;
	zip_int64_t got;
	const char *data;
	int rc;

	if (s->par == NULL && s->err == 0 && !s->eof && !s->one &&
	    !s->x->one_parser && s->nout >= SERIAL_ROWS && s->ring.started) {
		s->one = 1;		/* tried once */
		if ((s->par = par_start(s)) != NULL)
			own_parser_stop(s);
	}
	if (s->par != NULL) {
		if (s->err)
			rc = s->err;
		else if (s->eof)
			return 0;
		else if ((rc = par_next(s, row, rownum)) >= 0)
			return rc;
		if (rc == LBC_EFORMAT)
			*why = LBC_BOOK_CORRUPT;
		return rc;
	}
	p = s->sp.p;
	for (;;) {
		if (s->err)
			break;
		if (s->suspended) {
			s->suspended = 0;
			st = XML_ResumeParser(p);
		} else if (!s->eof) {
			if (s->held) {
				ring_release(&s->ring);
				s->held = 0;
			}
			if ((got = ring_take(&s->ring, &data)) < 0) {
				s->err = LBC_EFORMAT;
				break;
			}
			s->held = 1;
			s->eof = got == 0;
			/* Not UTF-8 (a BOM of UTF-16, a NUL): one parser. */
			if (s->fed == 0 && got >= 2 &&
			    (memchr(data, '\0', got < 4 ? (size_t)got : 4) != NULL ||
			    (unsigned char)data[0] >= 0xfe))
				s->one = 1;
			s->fed += (unsigned long long)got;
			st = XML_Parse(p, data, (int)got, s->eof);
		} else
			return 0;
		if (st == XML_STATUS_ERROR) {
			s->err = s->sp.err ? s->sp.err : LBC_EFORMAT;
			break;
		}
		if (st == XML_STATUS_SUSPENDED)
			s->suspended = 1;
		if (s->ready) {
			s->ready = 0;
			s->nout++;
			*row = lbc_rowbuf_row(&s->sp.rb);
			*rownum = s->rownum;
			return 1;
		}
	}
	if (s->err == LBC_EFORMAT)
		*why = LBC_BOOK_CORRUPT;
	return s->err;
}

void
lbc_xlsxread_sheet_take(struct lbc_xlsxread_sheet *s, struct lbc_rowbuf *rb)
{
	struct lbc_rowbuf t = *rb;

	*rb = *s->cur;
	*s->cur = t;
	lbc_rowbuf_clear(s->cur);
}

void
lbc_xlsxread_sheet_free(struct lbc_xlsxread_sheet *s)
{
	size_t i;

	if (s == NULL)
		return;
	par_free(s->par);
	ring_free(&s->ring);
	spar_free(&s->sp);
	for (i = 0; i < s->nm; i++)
		free(s->m[i].val);
	free(s->m);
	free(s->act);
	free(s->rootname);
	free(s->sdname);
	free(s->rowname);
	free(s);
}

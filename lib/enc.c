#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ustring.h>

#include "enc.h"
#include "err.h"
#include "fold.h"

#define BLOCK	(256 * 1024)	/* input bytes converted at a time */
#define UBUF	(BLOCK + 16)	/* UTF-16 units they can give */
#define NONE	((size_t)-1)

/* A line of UTF-8 text in GB18030 input: its LF count and bytes. */
struct utf8line {
	size_t		 lf;
	const char	*p;
	size_t		 n;
};

/* Where the next occurrence of a byte is: at, or none before upto. */
struct seek {
	size_t	at, upto;
};

struct lbc_decoder {
	const char		*in, *end;	/* undecoded input */
	size_t			 total;
	const char		*start;
	enum lbc_encoding	 enc;
	int			 bom;
	int			 direct;	/* valid UTF-8: lines point into the input */
	int			 fixed;		/* one encoding, given or UTF-16 */
	int			 forced_gb;	/* --encoding gb18030 */
	UConverter		*src, *cu8, *cgb;
	UChar			*ubuf;		/* a block decoded to UTF-16 */
	char			*out;		/* decoded UTF-8 window */
	size_t			 pos, len, cap;
	int			 flushed;
	unsigned long		 invalid;	/* invalid sequences seen so far */
	char			 eol;		/* LF, or CR for old Mac files: what counts lines */
	struct seek		 lf, cr;	/* next LF and CR in the text */
	const char		*term;		/* line end of the line handed out */
	unsigned long		 lineno;	/* its physical line */
	unsigned long		 nextno;	/* the next line's */
	size_t			 lfs;		/* LFs before the next line */
	const char		*chunk_end;	/* end of the input voted on */
	enum lbc_encoding	 cenc;		/* its encoding */
	size_t			 vline;		/* LF count at chunk_end */
	struct utf8line		*other;		/* UTF-8 lines (in GB18030) */
	size_t			 nother, ocap, oi;
	int			 postmap;	/* GB18030-2005 PUA to 2022 points */
	const char		*head_end;	/* a header line in the other */
	UConverter		*hcnv;		/* encoding: its end, its converter */
	int			 head_kind;
	size_t			 head_line;
	int			 release;	/* drop the pages read (a mapping) */
	const char		*released;	/* up to here */
	const char		*first;		/* the first line (after a BOM) */
	enum lbc_encoding	 given;		/* the encoding asked for */
};

#define RELEASE_STEP	(16 << 20)

/*
 * The input is a private file mapping: hand the pages already decoded back
 * to the kernel, so a 1 GB file does not stay resident while it is read.
 */
static void
release_behind(struct lbc_decoder *d)
{
	long pg = sysconf(_SC_PAGESIZE);
	uintptr_t a, b;

	if ((size_t)(d->in - d->released) < RELEASE_STEP || pg <= 0)
		return;
	a = ((uintptr_t)d->released + (uintptr_t)pg - 1) & ~((uintptr_t)pg - 1);
	b = (uintptr_t)d->in & ~((uintptr_t)pg - 1);
	if (b > a)
		(void)madvise((void *)a, b - a, MADV_DONTNEED);
	d->released = d->in;
}

void
lbc_decoder_release_behind(struct lbc_decoder *d)
{
	d->release = 1;
	d->released = d->start;
}

static const char marker[] = "\xef\xbf\xbd";	/* U+FFFD */

enum lbc_encoding
lbc_encoding_byname(const char *s)
{
	if (strcasecmp(s, "utf-8") == 0 || strcasecmp(s, "utf8") == 0)
		return LBC_ENC_UTF8;
	if (strcasecmp(s, "utf-16le") == 0 || strcasecmp(s, "utf16le") == 0)
		return LBC_ENC_UTF16LE;
	if (strcasecmp(s, "utf-16be") == 0 || strcasecmp(s, "utf16be") == 0)
		return LBC_ENC_UTF16BE;
	if (strcasecmp(s, "gb18030") == 0 || strcasecmp(s, "gbk") == 0 ||
	    strcasecmp(s, "gb2312") == 0 || strcasecmp(s, "cp936") == 0)
		return LBC_ENC_GB18030;
	return LBC_ENC_AUTO;
}

const char *
lbc_encoding_name(enum lbc_encoding e)
{
	switch (e) {
	case LBC_ENC_UTF8:	return "UTF-8";
	case LBC_ENC_UTF16LE:	return "UTF-16LE";
	case LBC_ENC_UTF16BE:	return "UTF-16BE";
	case LBC_ENC_GB18030:	return "GB18030";
	case LBC_ENC_AUTO:	break;
	}
	return "auto";
}

/*
 * ICU calls this for bytes it cannot decode: write U+FFFD and count, so
 * the caller can tell which line held them.  The single byte 0x80 is not
 * GB18030, but Windows code page 936 (what Excel on Chinese Windows saves
 * as "CSV") writes the euro sign so: it is read as U+20AC.
 */
static void
on_invalid(const void *ctx, UConverterToUnicodeArgs *args, const char *units,
    int32_t n, UConverterCallbackReason reason, UErrorCode *st)
{
	struct lbc_decoder *d = (struct lbc_decoder *)(uintptr_t)ctx;
	static const UChar fffd = 0xFFFD, euro = 0x20AC;

	if (reason > UCNV_IRREGULAR)
		return;
	*st = U_ZERO_ERROR;
	if (n == 1 && (unsigned char)units[0] == 0x80 &&
	    args->converter == d->cgb) {
		ucnv_cbToUWriteUChars(args, &euro, 1, 0, st);
		return;
	}
	d->invalid++;
	ucnv_cbToUWriteUChars(args, &fffd, 1, 0, st);
}

/*
 * GB18030-2022 moved 18 characters that GB18030-2005 had in the private
 * use area to their Unicode code points.  An ICU before 73.2 still gives
 * the 2005 ones; these pairs map them after decoding.  All are three bytes
 * in UTF-8 on both sides, so the mapping is done in place.
 */
static const struct {
	unsigned short	pua, cp;
} gb2022[] = {
	{ 0xE78D, 0xFE10 }, { 0xE78E, 0xFE12 }, { 0xE78F, 0xFE11 },
	{ 0xE790, 0xFE13 }, { 0xE791, 0xFE14 }, { 0xE792, 0xFE15 },
	{ 0xE793, 0xFE16 }, { 0xE794, 0xFE17 }, { 0xE795, 0xFE18 },
	{ 0xE796, 0xFE19 }, { 0xE81E, 0x9FB4 }, { 0xE826, 0x9FB5 },
	{ 0xE82B, 0x9FB6 }, { 0xE82C, 0x9FB7 }, { 0xE832, 0x9FB8 },
	{ 0xE843, 0x9FB9 }, { 0xE854, 0x9FBA }, { 0xE864, 0x9FBB }
};

unsigned
lbc_gb18030_2022(unsigned cp)
{
	size_t i;

	for (i = 0; i < sizeof(gb2022) / sizeof(gb2022[0]); i++)
		if (gb2022[i].pua == cp)
			return gb2022[i].cp;
	return cp;
}

/* Maps the 2005 PUA code points in UTF-8 text p[0..n) (see gb2022). */
static void
postmap(char *p, size_t n)
{
	unsigned char *u = (unsigned char *)p, *e = u + n;
	unsigned cp, to;

	while ((u = memchr(u, 0xEE, (size_t)(e - u))) != NULL) {
		if (e - u < 3)
			break;
		cp = 0xE000u | (unsigned)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
		if ((to = lbc_gb18030_2022(cp)) != cp) {
			u[0] = (unsigned char)(0xE0 | to >> 12);
			u[1] = (unsigned char)(0x80 | (to >> 6 & 0x3F));
			u[2] = (unsigned char)(0x80 | (to & 0x3F));
		}
		u += 3;
	}
}

/* 1 when this ICU decodes GB18030 A6D9 as U+FE10 (the 2022 mapping). */
static int
icu_has_2022(UConverter *cnv)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar out[4];
	int32_t n;

	n = ucnv_toUChars(cnv, out, 4, "\xA6\xD9", 2, &st);
	ucnv_reset(cnv);
	return U_SUCCESS(st) && n == 1 && out[0] == 0xFE10;
}

/* What a physical line of bytes is, for choosing the encoding. */
enum { L_ASCII, L_UTF8, L_UTF8_HAN, L_OTHER };

/*
 * Classifies the line p[0..e): ASCII only, valid UTF-8 (L_UTF8_HAN when it
 * holds a Han character, ideographic punctuation or a full-width form:
 * GB18030 text almost never reads as such), or neither.
 */
static int
line_kind(const unsigned char *p, const unsigned char *e)
{
	int kind = L_ASCII;
	unsigned c;
	size_t k, need;

	while (p < e) {
		if (*p < 0x80) {
			p++;
			continue;
		}
		if (*p >= 0xC2 && *p <= 0xDF)
			need = 1;
		else if (*p >= 0xE0 && *p <= 0xEF)
			need = 2;
		else if (*p >= 0xF0 && *p <= 0xF4)
			need = 3;
		else
			return L_OTHER;
		if ((size_t)(e - p) <= need)
			return L_OTHER;
		c = *p & (0x3Fu >> need);
		for (k = 1; k <= need; k++) {
			if ((p[k] & 0xC0) != 0x80)
				return L_OTHER;
			c = c << 6 | (p[k] & 0x3Fu);
		}
		if ((need == 2 && (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))) ||
		    (need == 3 && (c < 0x10000 || c > 0x10FFFF)))
			return L_OTHER;
		if ((c >= 0x3000 && c <= 0x9FFF) || (c >= 0xFF00 && c <= 0xFFEF))
			kind = L_UTF8_HAN;
		else if (kind == L_ASCII)
			kind = L_UTF8;
		p += need + 1;
	}
	return kind;
}

#define CHUNK	(4 << 20)	/* input bytes an encoding is chosen for */

/* Lines of a chunk: valid UTF-8 with non-ASCII text, Han among them, not UTF-8. */
struct vote {
	size_t	utf8, han, other;
};

/*
 * Counts the lines of p[0..e) (at LF) by kind into v, and keeps the lines
 * holding Han text in valid UTF-8: in GB18030 they are rejected, not read
 * into nonsense.  The first non-blank line of the input is noted as the
 * header.  Returns -1 when out of memory.
 */
static int
vote_utf8(struct lbc_decoder *d, const char *p, const char *e, struct vote *v)
{
	const char *nl, *q;
	size_t utf8 = 0, other = 0;
	int kind;

	for (; p < e; p = nl + 1, d->vline++) {
		if ((nl = memchr(p, '\n', (size_t)(e - p))) == NULL)
			nl = e;
		kind = line_kind((const unsigned char *)p,
		    (const unsigned char *)nl);
		if (d->chunk_end == NULL && d->head_end == NULL) {
			for (q = p; q < nl && (*q == ' ' || *q == '\t' ||
			    *q == '\r'); q++)
				;
			if (q < nl) {
				d->head_end = nl < e ? nl + 1 : e;
				d->head_kind = kind;
				d->head_line = d->vline;
			}
		}
		if (kind == L_OTHER) {
			other++;
			continue;
		}
		if (kind == L_ASCII)
			continue;
		utf8++;
		if (kind != L_UTF8_HAN)
			continue;
		v->han++;
		if (d->nother == d->ocap) {
			size_t ncap = d->ocap ? d->ocap * 2 : 64;
			struct utf8line *o = realloc(d->other, ncap * sizeof(*o));

			if (o == NULL)
				return -1;
			d->other = o;
			d->ocap = ncap;
		}
		d->other[d->nother].lf = d->vline;
		d->other[d->nother].p = p;
		d->other[d->nother++].n = (size_t)(nl - p);
	}
	v->utf8 = utf8;
	v->other = other;
	return 0;
}

/*
 * Chooses the encoding of the next chunk of input (a few MiB, whole
 * lines), unless it is fixed: so a file that changes encoding part way is
 * read in each, and only the minority of a chunk is rejected, while the
 * pages of a mapped file are read once, a chunk ahead of decoding.  The
 * first chunk is UTF-8 when more of its lines are valid UTF-8 with
 * non-ASCII text than lines that are not UTF-8 (UTF-8 with some damaged
 * or GB18030 rows), else GB18030.  A later chunk changes the encoding
 * only on clear evidence (more lines of the other, at least CHANGE_LINES
 * of them, Han text for UTF-8), so that a few GB18030 lines that happen
 * to be valid UTF-8 never make a chunk UTF-8; a short rest of the input
 * goes with the chunk before it.
 */
#define CHANGE_LINES	16

static int
next_chunk(struct lbc_decoder *d)
{
	const char *e = d->end;
	struct vote v = { 0, 0, 0 };
	size_t before;

	if (d->fixed) {
		d->chunk_end = d->end;
		return 0;
	}
	if ((size_t)(d->end - d->in) > CHUNK + CHUNK / 4 &&
	    (e = memchr(d->in + CHUNK, '\n', (size_t)(d->end - d->in) - CHUNK)) !=
	    NULL)
		e++;
	else
		e = d->end;
	if (d->oi > 0) {	/* the lines already handed out */
		memmove(d->other, d->other + d->oi,
		    (d->nother - d->oi) * sizeof(*d->other));
		d->nother -= d->oi;
		d->oi = 0;
	}
	before = d->nother;
	if (vote_utf8(d, d->in, e, &v) != 0)
		return LBC_ENOMEM;
	if (d->forced_gb)
		d->cenc = LBC_ENC_GB18030;
	else if (d->chunk_end == NULL)
		d->cenc = v.utf8 > v.other ? LBC_ENC_UTF8 : LBC_ENC_GB18030;
	else if (d->cenc == LBC_ENC_GB18030 && v.han > v.other &&
	    v.han >= CHANGE_LINES)
		d->cenc = LBC_ENC_UTF8;
	else if (d->cenc == LBC_ENC_UTF8 && v.other > v.utf8 &&
	    v.other >= CHANGE_LINES)
		d->cenc = LBC_ENC_GB18030;
	if (d->cenc != LBC_ENC_GB18030)
		d->nother = before;
	d->chunk_end = e;
	return 0;
}

/*
 * Old Mac files end lines with CR alone: in the first 64 KiB, bare CRs
 * outnumber LFs.  Counted in code units: in UTF-16 a byte 0x0A or 0x0D is
 * often half of a Han character.
 */
static char
detect_eol(const char *p, const char *e, enum lbc_encoding enc)
{
	size_t look = (size_t)(e - p) < 65536 ? (size_t)(e - p) : 65536;
	size_t i, cr = 0, lf = 0, step = 1;
	const unsigned char *u = (const unsigned char *)p;
	unsigned c, next;

	if (enc == LBC_ENC_UTF16LE || enc == LBC_ENC_UTF16BE)
		step = 2;
	for (i = 0; i + step <= look; i += step) {
		c = step == 1 ? u[i] : enc == LBC_ENC_UTF16LE ?
		    (unsigned)(u[i] | u[i + 1] << 8) :
		    (unsigned)(u[i] << 8 | u[i + 1]);
		if (c == '\n')
			lf++;
		else if (c == '\r') {
			next = i + 2 * step > look ? 0 : step == 1 ? u[i + 1] :
			    enc == LBC_ENC_UTF16LE ?
			    (unsigned)(u[i + 2] | u[i + 3] << 8) :
			    (unsigned)(u[i + 2] << 8 | u[i + 3]);
			cr += next != '\n';
		}
	}
	return cr > lf ? '\r' : '\n';
}

/*
 * 1 when d's input from d->in on is valid UTF-8: read in steps cut before
 * a character, each step given back when the input is a file mapping (a
 * whole file is not made resident just to be told valid).
 */
static int
valid_utf8(struct lbc_decoder *d)
{
	const char *from = d->in, *p = d->in, *q;
	int ok = 1;

	while (ok && p < d->end) {
		q = (size_t)(d->end - p) > RELEASE_STEP ? p + RELEASE_STEP :
		    d->end;
		while (q < d->end && q > p && ((unsigned char)*q & 0xC0) == 0x80)
			q--;
		if (q == p)
			q = (size_t)(d->end - p) > RELEASE_STEP ? p + RELEASE_STEP :
			    d->end;
		ok = lbc_utf8_valid(p, (size_t)(q - p));
		p = q;
		if (d->release) {
			d->in = p;
			release_behind(d);
		}
	}
	d->in = d->released = from;
	return ok;
}

static struct lbc_decoder *
decoder_new(const char *data, size_t len, enum lbc_encoding enc, int mapped,
    int *err)
{
	const unsigned char *u = (const unsigned char *)data;
	UErrorCode st = U_ZERO_ERROR;
	struct lbc_decoder *d;

	if ((d = calloc(1, sizeof(*d))) == NULL) {
		*err = LBC_ENOMEM;
		return NULL;
	}
	d->in = d->start = d->released = data;
	d->end = data + len;
	d->total = len;
	d->eol = '\n';
	d->release = mapped;
	d->given = enc;
	if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF &&
	    (enc == LBC_ENC_AUTO || enc == LBC_ENC_UTF8)) {
		enc = LBC_ENC_UTF8;
		d->in += 3;
		d->bom = 1;
	} else if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE &&
	    (enc == LBC_ENC_AUTO || enc == LBC_ENC_UTF16LE)) {
		enc = LBC_ENC_UTF16LE;
		d->in += 2;
		d->bom = 1;
	} else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF &&
	    (enc == LBC_ENC_AUTO || enc == LBC_ENC_UTF16BE)) {
		enc = LBC_ENC_UTF16BE;
		d->in += 2;
		d->bom = 1;
	}
	/* UTF-16 that lost its BOM still shows NUL bytes beside ASCII. */
	if (enc == LBC_ENC_AUTO && !d->bom && len >= 4 && u[0] != 0 &&
	    u[1] == 0 && u[2] != 0 && u[3] == 0)
		enc = LBC_ENC_UTF16LE;
	else if (enc == LBC_ENC_AUTO && !d->bom && len >= 4 && u[0] == 0 &&
	    u[1] != 0 && u[2] == 0 && u[3] != 0)
		enc = LBC_ENC_UTF16BE;
	d->lf.at = d->cr.at = NONE;
	d->nextno = 1;
	d->term = "";
	d->first = d->in;
	if (enc == LBC_ENC_AUTO || enc == LBC_ENC_UTF8) {
		if (valid_utf8(d)) {
			d->enc = LBC_ENC_UTF8;
			d->direct = 1;
			d->eol = detect_eol(d->in, d->end, d->enc);
			return d;
		}
	}
	d->fixed = enc != LBC_ENC_AUTO && enc != LBC_ENC_GB18030;
	d->forced_gb = enc == LBC_ENC_GB18030;
	d->cenc = enc;
	if (enc == LBC_ENC_UTF16LE || enc == LBC_ENC_UTF16BE)
		d->src = ucnv_open(enc == LBC_ENC_UTF16LE ? "UTF-16LE" :
		    "UTF-16BE", &st);
	else {
		d->cu8 = ucnv_open("UTF-8", &st);
		if (U_SUCCESS(st))
			d->cgb = ucnv_open("GB18030", &st);
		if (U_SUCCESS(st))
			d->postmap = !icu_has_2022(d->cgb);
		if (U_SUCCESS(st))
			ucnv_setToUCallBack(d->cgb, on_invalid, d, NULL, NULL,
			    &st);
		if (U_SUCCESS(st))
			ucnv_setToUCallBack(d->cu8, on_invalid, d, NULL, NULL,
			    &st);
	}
	if (U_SUCCESS(st) && d->src != NULL)
		ucnv_setToUCallBack(d->src, on_invalid, d, NULL, NULL, &st);
	if (U_SUCCESS(st) && (d->ubuf = malloc(UBUF * sizeof(UChar))) == NULL)
		st = U_MEMORY_ALLOCATION_ERROR;
	if (U_FAILURE(st)) {
		lbc_decoder_free(d);
		*err = LBC_EICU;
		return NULL;
	}
	if (next_chunk(d) != 0) {
		lbc_decoder_free(d);
		*err = LBC_ENOMEM;
		return NULL;
	}
	d->enc = d->cenc;
	/*
	 * A header line in the other encoding (a GB18030 file whose rows went
	 * on in UTF-8, or the other way round) is read in its own, so that
	 * the rows of the file's encoding can be read and the others rejected.
	 */
	if (!d->fixed && d->head_end != NULL && d->enc == LBC_ENC_UTF8 &&
	    d->head_kind == L_OTHER)
		d->hcnv = d->cgb;
	else if (!d->fixed && d->head_end != NULL &&
	    d->enc == LBC_ENC_GB18030 && d->head_kind == L_UTF8_HAN) {
		d->hcnv = d->cu8;
		if (d->nother > 0 && d->other[0].lf == d->head_line)
			d->oi = 1;
	} else
		d->head_end = NULL;
	d->eol = detect_eol(d->in, d->end, d->enc);
	return d;
}

struct lbc_decoder *
lbc_decoder_new(const char *data, size_t len, enum lbc_encoding enc, int *err)
{
	return decoder_new(data, len, enc, 0, err);
}

struct lbc_decoder *
lbc_decoder_new_mapped(const char *data, size_t len, enum lbc_encoding enc,
    int *err)
{
	return decoder_new(data, len, enc, 1, err);
}

struct lbc_decoder *
lbc_decoder_again(const struct lbc_decoder *d0, int *err)
{
	struct lbc_decoder *d;

	if (!d0->direct)
		return decoder_new(d0->start, d0->total, d0->given, 0, err);
	if ((d = calloc(1, sizeof(*d))) == NULL) {
		*err = LBC_ENOMEM;
		return NULL;
	}
	d->start = d->released = d0->start;
	d->in = d->first = d0->first;
	d->end = d0->end;
	d->total = d0->total;
	d->given = d0->given;
	d->enc = d0->enc;
	d->bom = d0->bom;
	d->direct = 1;
	d->eol = d0->eol;
	d->lf.at = d->cr.at = NONE;
	d->nextno = 1;
	d->term = "";
	return d;
}

void
lbc_decoder_free(struct lbc_decoder *d)
{
	if (d == NULL)
		return;
	if (d->src != NULL)
		ucnv_close(d->src);
	if (d->cu8 != NULL)
		ucnv_close(d->cu8);
	if (d->cgb != NULL)
		ucnv_close(d->cgb);
	free(d->ubuf);
	free(d->out);
	free(d->other);
	free(d);
}

enum lbc_encoding
lbc_decoder_encoding(const struct lbc_decoder *d)
{
	return d->enc;
}

int
lbc_decoder_had_bom(const struct lbc_decoder *d)
{
	return d->bom;
}

size_t
lbc_decoder_offset(const struct lbc_decoder *d)
{
	return (size_t)(d->in - d->start);
}

static void
seek_shift(struct seek *s, size_t k)
{
	if (s->at != NONE)
		s->at = s->at >= k ? s->at - k : NONE;
	s->upto = s->upto >= k ? s->upto - k : 0;
}

/* The offset of the next ch in base[pos..lim), or NONE; searches each byte once. */
static size_t
seek_next(struct seek *s, const char *base, size_t pos, size_t lim, int ch)
{
	const char *p;
	size_t from;

	if (s->at != NONE && s->at >= pos)
		return s->at;
	from = s->upto > pos ? s->upto : pos;
	if (from < lim && (p = memchr(base + from, ch, lim - from)) != NULL) {
		s->at = (size_t)(p - base);
		s->upto = s->at + 1;
		return s->at;
	}
	s->at = NONE;
	s->upto = lim;
	return NONE;
}

/* Decodes the next block of input, appending to the window. */
static int
refill(struct lbc_decoder *d)
{
	UErrorCode st;
	const char *limit;
	size_t from;
	UConverter *cnv;
	UChar *u;
	int32_t ol;
	int head = 0, flush;

	if (d->pos > 0) {
		memmove(d->out, d->out + d->pos, d->len - d->pos);
		d->len -= d->pos;
		seek_shift(&d->lf, d->pos);
		seek_shift(&d->cr, d->pos);
		d->pos = 0;
	}
	from = d->len;
	if (d->in >= d->chunk_end && next_chunk(d) != 0)
		return LBC_ENOMEM;
	cnv = d->src != NULL ? d->src : d->cenc == LBC_ENC_GB18030 ? d->cgb :
	    d->cu8;
	limit = (size_t)(d->chunk_end - d->in) > BLOCK ? d->in + BLOCK :
	    d->chunk_end;
	if (d->head_end != NULL && d->in < d->head_end) {
		cnv = d->hcnv;
		head = 1;
		if (limit > d->head_end)
			limit = d->head_end;
	}
	/* chunks and the header end at a line end, never inside a character */
	flush = limit == d->chunk_end || (head && limit == d->head_end);
	if (d->cap - d->len < 3 * UBUF + 1) {
		size_t ncap = d->cap ? d->cap : 4 * BLOCK;
		char *p;

		while (ncap - d->len < 3 * UBUF + 1)
			ncap *= 2;
		if ((p = realloc(d->out, ncap)) == NULL)
			return LBC_ENOMEM;
		d->out = p;
		d->cap = ncap;
	}
	/*
	 * To UTF-16, then to UTF-8: about a third faster than through
	 * ucnv_convertEx()'s pivot.  A byte gives at most one UTF-16 unit,
	 * and a character left open by the block before at most two more,
	 * so the block fits; only a lone surrogate could be left for the
	 * substitute, and the decoders give U+FFFD for those.
	 */
	u = d->ubuf;
	st = U_ZERO_ERROR;
	ucnv_toUnicode(cnv, &u, d->ubuf + UBUF, &d->in, limit, NULL, flush, &st);
	if (U_FAILURE(st))
		return LBC_EICU;
	u_strToUTF8WithSub(d->out + d->len, (int32_t)(d->cap - d->len - 1), &ol,
	    d->ubuf, (int32_t)(u - d->ubuf), 0xFFFD, NULL, &st);
	if (U_FAILURE(st))
		return LBC_EICU;
	d->len += (size_t)ol;
	if (cnv == d->cgb && d->postmap)
		postmap(d->out + from, d->len - from);
	if (limit == d->end)
		d->flushed = 1;
	return 0;
}

/*
 * Finds the end of the line at base[pos..lim): LF, CR LF or a CR alone.
 * Sets *end (where the text stops) and *next (after the line end) and
 * returns the line end, or NULL when more text is needed to tell (a CR at
 * the end of the window may have its LF in the next block) or there is no
 * line left.  With final, the text up to lim is the last line.
 */
static const char *
find_end(struct lbc_decoder *d, const char *base, size_t pos, size_t lim,
    int final, size_t *end, size_t *next)
{
	size_t lf, cr;

	lf = seek_next(&d->lf, base, pos, lim, '\n');
	cr = seek_next(&d->cr, base, pos, lim, '\r');
	if (cr != NONE && (lf == NONE || cr < lf)) {
		if (cr + 1 == lim && !final)
			return NULL;
		*end = cr;
		if (lf == cr + 1) {
			*next = lf + 1;
			return "\r\n";
		}
		*next = cr + 1;
		return "\r";
	}
	if (lf != NONE) {
		*end = lf;
		*next = lf + 1;
		return "\n";
	}
	if (!final || pos >= lim)
		return NULL;
	*end = *next = lim;
	return "";
}

/*
 * Counts the line handed out: its number, and whether it is UTF-8 text in
 * GB18030 input; then, when the line is whole, *line becomes its UTF-8
 * bytes from the input, so that a rejected row shows what it held.
 */
static int
count_line(struct lbc_decoder *d, const char **line, size_t *len)
{
	const struct utf8line *o;
	const char *cr;
	int other = 0;

	d->lineno = d->nextno;
	while (d->oi < d->nother && d->other[d->oi].lf < d->lfs)
		d->oi++;
	if (d->oi < d->nother && d->other[d->oi].lf == d->lfs) {
		other = LBC_DEC_OTHER;
		o = &d->other[d->oi];
		cr = memchr(o->p, '\r', o->n);
		if (strchr(d->term, '\n') != NULL &&
		    (cr == NULL || cr == o->p + o->n - 1)) {
			*line = o->p;
			*len = o->n - (o->n > 0 && o->p[o->n - 1] == '\r');
		}
	}
	if (strchr(d->term, '\n') != NULL)
		d->lfs++;
	if (strchr(d->term, d->eol) != NULL)
		d->nextno++;
	return other;
}

int
lbc_decoder_line(struct lbc_decoder *d, const char **line, size_t *len,
    int *bad)
{
	const char *t;
	size_t end, next, pos;
	int rc;

	*bad = 0;
	if (d->direct) {
		pos = (size_t)(d->in - d->start);
		t = find_end(d, d->start, pos, d->total, 1, &end, &next);
		if (t == NULL)
			return 0;
		if (d->release)
			release_behind(d);
		*line = d->in;
		*len = end - pos;
		d->in = d->start + next;
		d->term = t;
		*bad = count_line(d, line, len);
		if (memchr(*line, '\0', *len) != NULL)
			*bad |= LBC_DEC_NUL;
		return 1;
	}
	for (;;) {
		t = find_end(d, d->out, d->pos, d->len, d->flushed, &end, &next);
		if (t != NULL || d->flushed)
			break;
		if ((rc = refill(d)) != 0)
			return rc;
		if (d->release)
			release_behind(d);
	}
	if (t == NULL)
		return 0;
	*line = d->out + d->pos;
	*len = end - d->pos;
	d->pos = next;
	d->term = t;
	*bad = count_line(d, line, len);
	if (!(*bad & LBC_DEC_OTHER) && d->invalid > 0 &&
	    memmem(*line, *len, marker, 3) != NULL)
		*bad |= LBC_DEC_INVALID;
	if (memchr(*line, '\0', *len) != NULL)
		*bad |= LBC_DEC_NUL;
	return 1;
}

const char *
lbc_decoder_eol(const struct lbc_decoder *d)
{
	return d->term;
}

unsigned long
lbc_decoder_lineno(const struct lbc_decoder *d)
{
	return d->lineno;
}

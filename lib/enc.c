#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>

#include "enc.h"
#include "err.h"
#include "fold.h"

#define BLOCK	(256 * 1024)	/* input bytes converted at a time */

struct lbc_decoder {
	const char		*in, *end;	/* undecoded input */
	size_t			 total;
	const char		*start;
	enum lbc_encoding	 enc;
	int			 bom;
	int			 direct;	/* valid UTF-8: lines point into the input */
	UConverter		*src, *utf8;
	UChar			 pivot[4096];
	UChar			*psrc, *ptgt;
	char			*out;		/* decoded UTF-8 window */
	size_t			 pos, len, cap;
	int			 flushed;
	unsigned long		 invalid;	/* invalid sequences seen so far */
	char			 eol;		/* LF, or CR for old Mac files */
	int			 release;	/* drop the pages read (a mapping) */
	const char		*released;	/* up to here */
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
 * the caller can tell which line held them.
 */
static void
on_invalid(const void *ctx, UConverterToUnicodeArgs *args, const char *units,
    int32_t n, UConverterCallbackReason reason, UErrorCode *st)
{
	struct lbc_decoder *d = (struct lbc_decoder *)(uintptr_t)ctx;
	static const UChar fffd = 0xFFFD;

	(void)units;
	(void)n;
	if (reason > UCNV_IRREGULAR)
		return;
	*st = U_ZERO_ERROR;
	d->invalid++;
	ucnv_cbToUWriteUChars(args, &fffd, 1, 0, st);
}

/*
 * A UTF-8 file with a damaged row is still UTF-8: the input counts as UTF-8
 * when its valid multi-byte sequences outnumber the invalid bytes 4 to 1.
 * GB18030 text is far from that (about 1 to 4 on Chinese text).
 */
static int
mostly_utf8(const char *p, const char *e)
{
	size_t valid = 0, invalid = 0, k;

	while (p < e) {
		if ((unsigned char)*p < 0x80) {
			p++;
			continue;
		}
		for (k = 2; k <= 4 && p + k <= e; k++)
			if (lbc_utf8_valid(p, k))
				break;
		if (k <= 4 && p + k <= e) {
			valid++;
			p += k;
		} else {
			invalid++;
			p++;
			if (invalid >= 64 && valid < 4 * invalid)
				return 0;	/* clearly not UTF-8: stop early */
		}
	}
	return valid > 0 && valid >= 4 * invalid;
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

struct lbc_decoder *
lbc_decoder_new(const char *data, size_t len, enum lbc_encoding enc, int *err)
{
	const unsigned char *u = (const unsigned char *)data;
	UErrorCode st = U_ZERO_ERROR;
	struct lbc_decoder *d;
	const char *name;

	if ((d = calloc(1, sizeof(*d))) == NULL) {
		*err = LBC_ENOMEM;
		return NULL;
	}
	d->in = d->start = data;
	d->end = data + len;
	d->total = len;
	d->eol = '\n';
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
	if (enc == LBC_ENC_AUTO || enc == LBC_ENC_UTF8) {
		if (lbc_utf8_valid(d->in, (size_t)(d->end - d->in))) {
			d->enc = LBC_ENC_UTF8;
			d->direct = 1;
			d->eol = detect_eol(d->in, d->end, d->enc);
			return d;
		}
		if (enc == LBC_ENC_AUTO)
			enc = mostly_utf8(d->in, d->end) ? LBC_ENC_UTF8 :
			    LBC_ENC_GB18030;
	}
	d->enc = enc;
	d->eol = detect_eol(d->in, d->end, d->enc);
	name = enc == LBC_ENC_UTF8 ? "UTF-8" : enc == LBC_ENC_UTF16LE ?
	    "UTF-16LE" : enc == LBC_ENC_UTF16BE ? "UTF-16BE" : "GB18030";
	d->src = ucnv_open(name, &st);
	if (U_SUCCESS(st))
		d->utf8 = ucnv_open("UTF-8", &st);
	if (U_SUCCESS(st))
		ucnv_setToUCallBack(d->src, on_invalid, d, NULL, NULL, &st);
	if (U_FAILURE(st)) {
		lbc_decoder_free(d);
		*err = LBC_EICU;
		return NULL;
	}
	d->psrc = d->ptgt = d->pivot;
	return d;
}

void
lbc_decoder_free(struct lbc_decoder *d)
{
	if (d == NULL)
		return;
	if (d->src != NULL)
		ucnv_close(d->src);
	if (d->utf8 != NULL)
		ucnv_close(d->utf8);
	free(d->out);
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

/* Decodes the next block of input, appending to the window. */
static int
refill(struct lbc_decoder *d)
{
	UErrorCode st;
	const char *limit;
	char *tgt;

	if (d->pos > 0) {
		memmove(d->out, d->out + d->pos, d->len - d->pos);
		d->len -= d->pos;
		d->pos = 0;
	}
	limit = (size_t)(d->end - d->in) > BLOCK ? d->in + BLOCK : d->end;
	for (;;) {
		if (d->cap - d->len < BLOCK) {
			size_t ncap = d->cap ? d->cap * 2 : 4 * BLOCK;
			char *p = realloc(d->out, ncap);

			if (p == NULL)
				return LBC_ENOMEM;
			d->out = p;
			d->cap = ncap;
		}
		tgt = d->out + d->len;
		st = U_ZERO_ERROR;
		ucnv_convertEx(d->utf8, d->src, &tgt, d->out + d->cap - 1,
		    &d->in, limit, d->pivot, &d->psrc, &d->ptgt,
		    d->pivot + sizeof(d->pivot) / sizeof(d->pivot[0]),
		    0, limit == d->end, &st);
		d->len = (size_t)(tgt - d->out);
		if (st == U_BUFFER_OVERFLOW_ERROR)
			continue;
		if (U_FAILURE(st))
			return LBC_EICU;
		break;
	}
	if (limit == d->end)
		d->flushed = 1;
	return 0;
}

int
lbc_decoder_line(struct lbc_decoder *d, const char **line, size_t *len,
    int *bad)
{
	const char *nl;
	int rc;

	*bad = 0;
	if (d->direct) {
		if (d->in >= d->end)
			return 0;
		nl = memchr(d->in, d->eol, (size_t)(d->end - d->in));
		if (d->release)
			release_behind(d);
		*line = d->in;
		*len = (size_t)((nl ? nl : d->end) - d->in);
		d->in = nl ? nl + 1 : d->end;
		*bad = memchr(*line, '\0', *len) != NULL;
		return 1;
	}
	for (;;) {
		nl = d->len > d->pos ?
		    memchr(d->out + d->pos, d->eol, d->len - d->pos) : NULL;
		if (nl != NULL || d->flushed)
			break;
		if ((rc = refill(d)) != 0)
			return rc;
		if (d->release)
			release_behind(d);
	}
	if (nl == NULL && d->pos == d->len)
		return 0;
	*line = d->out + d->pos;
	*len = (size_t)((nl ? nl : d->out + d->len) - *line);
	d->pos += *len + (nl != NULL);
	if ((d->invalid > 0 && memmem(*line, *len, marker, 3) != NULL) ||
	    memchr(*line, '\0', *len) != NULL)
		*bad = 1;
	return 1;
}

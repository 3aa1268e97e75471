#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "buf.h"
#include "err.h"
#include "fold.h"

struct lbc_fold {
	const UNormalizer2	*nfkc;
	UChar			*u1, *u2;
	int32_t			 ucap;
};

enum mode { NAME, KEY, TRIM };

struct lbc_fold *
lbc_fold_new(int *err)
{
	UErrorCode st = U_ZERO_ERROR;
	struct lbc_fold *f;

	if ((f = calloc(1, sizeof(*f))) == NULL) {
		*err = LBC_ENOMEM;
		return NULL;
	}
	f->nfkc = unorm2_getNFKCInstance(&st);
	if (U_FAILURE(st)) {
		free(f);
		*err = LBC_EICU;
		return NULL;
	}
	return f;
}

void
lbc_fold_free(struct lbc_fold *f)
{
	if (f == NULL)
		return;
	free(f->u1);
	free(f->u2);
	free(f);
}

static int
is_bracket(UChar32 c)
{
	switch (c) {
	case '(': case ')': case '[': case ']': case '{': case '}':
	case 0x3010: case 0x3011:	/* 【】 */
	case 0x3014: case 0x3015:	/* 〔〕 */
	case 0x3008: case 0x3009:	/* 〈〉 */
	case 0x300A: case 0x300B:	/* 《》 */
		return 1;
	}
	return 0;
}

static int
is_space(UChar32 c)
{
	return u_isUWhiteSpace(c) || c == 0xFEFF || c == 0x200B;
}

/*
 * Fast path: NFKC is the identity on ASCII and on the CJK Unified
 * Ideographs U+4E00-U+9FFF (UTF-8 lead bytes E4-E9), which is what names,
 * places and labels are made of; only ASCII needs filtering then.
 * Returns 1 when s qualified and out was written, 0 to take the ICU path.
 */
static int
fold_simple(const char *s, size_t n, enum mode m, struct lbc_buf *out)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, a = 0, b = n;

	for (i = 0; i < n; i++) {
		if (u[i] < 0x80) {
			if (u[i] == '\0')
				return 0;
			continue;
		}
		if (u[i] < 0xE4 || u[i] > 0xE9 || n - i < 3 ||
		    (u[i + 1] & 0xC0) != 0x80 || (u[i + 2] & 0xC0) != 0x80)
			return 0;
		i += 2;
	}
	if (m == TRIM) {
		while (a < b && (s[a] == ' ' || (s[a] >= '\t' && s[a] <= '\r')))
			a++;
		while (b > a && (s[b - 1] == ' ' ||
		    (s[b - 1] >= '\t' && s[b - 1] <= '\r')))
			b--;
		return lbc_buf_add(out, s + a, b - a) == 0 ? 1 : LBC_ENOMEM;
	}
	if (lbc_buf_reserve(out, n) != 0)
		return LBC_ENOMEM;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == ' ' || (c >= '\t' && c <= '\r'))
			continue;
		if (m == KEY) {
			if (c == '(' || c == ')' || c == '[' || c == ']' ||
			    c == '{' || c == '}')
				continue;
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
		}
		out->p[out->len++] = c;
	}
	out->p[out->len] = '\0';
	return 1;
}

static int
ucap(struct lbc_fold *f, int32_t need)
{
	UChar *a, *b;

	if (need <= f->ucap)
		return 0;
	if ((a = realloc(f->u1, (size_t)need * sizeof(UChar))) == NULL)
		return LBC_ENOMEM;
	f->u1 = a;
	if ((b = realloc(f->u2, (size_t)need * sizeof(UChar))) == NULL)
		return LBC_ENOMEM;
	f->u2 = b;
	f->ucap = need;
	return 0;
}

static int
fold(struct lbc_fold *f, const char *s, size_t n, enum mode m,
    struct lbc_buf *out)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t ulen, nlen, i, a, b, o;
	int rc;

	lbc_buf_clear(out);
	if ((rc = fold_simple(s, n, m, out)) != 0)
		return rc < 0 ? rc : 0;
	if (n > INT32_MAX / 4)
		return LBC_ENOMEM;
	if (!lbc_utf8_valid(s, n))
		return LBC_EENCODING;
	if ((rc = ucap(f, (int32_t)n + 16)) != 0)
		return rc;
	u_strFromUTF8(f->u1, f->ucap, &ulen, s, (int32_t)n, &st);
	if (U_FAILURE(st))
		return LBC_EENCODING;
	/* NFKC can expand (e.g. a ligature or a circled number). */
	for (;;) {
		st = U_ZERO_ERROR;
		nlen = unorm2_normalize(f->nfkc, f->u1, ulen, f->u2, f->ucap, &st);
		if (st != U_BUFFER_OVERFLOW_ERROR)
			break;
		UChar *save = f->u1;
		int32_t need = nlen + 16;

		f->u1 = NULL;
		f->ucap = 0;
		free(f->u2);
		f->u2 = NULL;
		if ((rc = ucap(f, need)) != 0) {
			free(save);
			return rc;
		}
		memcpy(f->u1, save, (size_t)ulen * sizeof(UChar));
		free(save);
	}
	if (U_FAILURE(st))
		return LBC_EICU;
	/* Filter in u2 by code point, writing back into u1. */
	a = 0;
	b = nlen;
	if (m == TRIM) {
		while (a < b) {
			UChar32 c;
			int32_t j = a;

			U16_NEXT(f->u2, j, b, c);
			if (!is_space(c))
				break;
			a = j;
		}
		while (b > a) {
			UChar32 c;
			int32_t j = b;

			U16_PREV(f->u2, a, j, c);
			if (!is_space(c))
				break;
			b = j;
		}
	}
	o = 0;
	for (i = a; i < b;) {
		UChar32 c;
		int32_t j = i;

		U16_NEXT(f->u2, j, b, c);
		if ((m != TRIM && is_space(c)) || (m == KEY && is_bracket(c))) {
			i = j;
			continue;
		}
		if (m == KEY && c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		U16_APPEND_UNSAFE(f->u1, o, c);
		i = j;
	}
	if (lbc_buf_reserve(out, (size_t)o * 3) != 0)
		return LBC_ENOMEM;
	st = U_ZERO_ERROR;
	u_strToUTF8(out->p, (int32_t)(out->cap - 1), &nlen, f->u1, o, &st);
	if (U_FAILURE(st))
		return LBC_EICU;
	out->len = (size_t)nlen;
	out->p[out->len] = '\0';
	return 0;
}

int
lbc_fold_name(struct lbc_fold *f, const char *s, size_t n, struct lbc_buf *out)
{
	return fold(f, s, n, NAME, out);
}

int
lbc_fold_key(struct lbc_fold *f, const char *s, size_t n, struct lbc_buf *out)
{
	return fold(f, s, n, KEY, out);
}

int
lbc_fold_trim(struct lbc_fold *f, const char *s, size_t n, struct lbc_buf *out)
{
	return fold(f, s, n, TRIM, out);
}

int
lbc_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + n;

	while (p < e) {
		unsigned c = *p;

		if (c < 0x80) {
			p++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			if (e - p < 2 || (p[1] & 0xC0) != 0x80)
				return 0;
			p += 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			if (e - p < 3 || (p[1] & 0xC0) != 0x80 ||
			    (p[2] & 0xC0) != 0x80 ||
			    (c == 0xE0 && p[1] < 0xA0) ||
			    (c == 0xED && p[1] >= 0xA0))
				return 0;
			p += 3;
		} else if (c >= 0xF0 && c <= 0xF4) {
			if (e - p < 4 || (p[1] & 0xC0) != 0x80 ||
			    (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80 ||
			    (c == 0xF0 && p[1] < 0x90) ||
			    (c == 0xF4 && p[1] >= 0x90))
				return 0;
			p += 4;
		} else
			return 0;
	}
	return 1;
}

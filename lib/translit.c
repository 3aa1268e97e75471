#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>
#include <unicode/utrans.h>

#include "buf.h"
#include "err.h"
#include "fold.h"
#include "strmap.h"
#include "translit.h"

/*
 * Toneless pinyin: Traditional to Simplified first (Han-Latin knows more
 * Simplified readings), then the tone marks go; ü (u + U+0308 after NFD)
 * becomes v as pinyin keyboards type it, so 吕 lv and 鲁 lu stay apart.
 */
static const char pinyin_rules[] =
	"::Hant-Hans; ::Han-Latin; ::NFD; u \\u0308 > v; U \\u0308 > V;"
	" ::[:Mn:] Remove; ::NFC;";

/*
 * A name's first character is read as a surname (ICU "Han-Latin/Names"):
 * 曾 zeng, 单 shan, 仇 qiu, 解 xie, where everyday text reads ceng, dan,
 * chou, jie.
 */
static const char surname_rules[] =
	"::Hant-Hans; ::Han-Latin/Names; ::NFD; u \\u0308 > v; U \\u0308 > V;"
	" ::[:Mn:] Remove; ::NFC;";

/*
 * Results per code point, off << 8 | len into mem: in a table indexed by
 * the code point for the Basic Multilingual Plane (plus one, 0 = not yet),
 * in a map keyed by the UTF-8 bytes above it.
 */
struct cache {
	size_t			*bmp;
	struct lbc_strmap	*map;
};

struct lbc_translit {
	UTransliterator		*t2s, *py, *sur;
	struct cache		 simp, pin, spin;
	struct lbc_buf		 mem;		/* the cached results */
};

void
lbc_translit_free(struct lbc_translit *t)
{
	if (t == NULL)
		return;
	if (t->t2s != NULL)
		utrans_close(t->t2s);
	if (t->py != NULL)
		utrans_close(t->py);
	if (t->sur != NULL)
		utrans_close(t->sur);
	free(t->simp.bmp);
	free(t->pin.bmp);
	free(t->spin.bmp);
	lbc_strmap_free(t->simp.map);
	lbc_strmap_free(t->pin.map);
	lbc_strmap_free(t->spin.map);
	lbc_buf_free(&t->mem);
	free(t);
}

struct lbc_translit *
lbc_translit_new(int *err)
{
	struct lbc_translit *t;

	if ((t = calloc(1, sizeof(*t))) == NULL ||
	    (t->simp.map = lbc_strmap_new()) == NULL ||
	    (t->pin.map = lbc_strmap_new()) == NULL ||
	    (t->spin.map = lbc_strmap_new()) == NULL ||
	    (t->simp.bmp = calloc(0x10000, sizeof(size_t))) == NULL ||
	    (t->pin.bmp = calloc(0x10000, sizeof(size_t))) == NULL ||
	    (t->spin.bmp = calloc(0x10000, sizeof(size_t))) == NULL ||
	    lbc_buf_reserve(&t->mem, 4096) != 0) {
		lbc_translit_free(t);
		*err = LBC_ENOMEM;
		return NULL;
	}
	return t;
}

/*
 * Opens the transliterator *tr on first need (building one takes a tenth
 * of a second, so a run that meets no new character pays nothing): which
 * is 0 for Hant-Hans, 1 for the pinyin rules, 2 for the surname ones.
 */
static int
open_once(UTransliterator **tr, int which)
{
	UErrorCode st = U_ZERO_ERROR;
	UParseError pe;
	UChar id[16], *rules;
	int32_t rlen;

	if (*tr != NULL)
		return 0;
	if (which == 0) {
		u_uastrcpy(id, "Hant-Hans");
		*tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, &pe, &st);
	} else {
		rlen = (int32_t)sizeof(surname_rules);
		if ((rules = malloc((size_t)rlen * sizeof(UChar))) == NULL)
			return LBC_ENOMEM;
		u_uastrcpy(rules, which == 1 ? pinyin_rules : surname_rules);
		u_uastrcpy(id, which == 1 ? "lbc-pinyin" : "lbc-surname");
		*tr = utrans_openU(id, -1, UTRANS_FORWARD, rules, -1, &pe, &st);
		free(rules);
	}
	if (U_FAILURE(st)) {
		if (*tr != NULL)
			utrans_close(*tr);
		*tr = NULL;
		return LBC_EICU;
	}
	return 0;
}

/*
 * Transliterates the one code point c (UTF-8 in s[0..n)) with tr, caching
 * the result in m; sets *p and *len to the cached UTF-8 (inside t->mem,
 * valid until the next call that may grow it).
 */
static int
one(struct lbc_translit *t, UTransliterator **trp, int which, struct cache *m,
    UChar32 c, const char *s, size_t n, const char **p, size_t *len)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar u[64];
	int32_t ulen = 0, lim, olen;
	size_t v, off;
	int rc, hit;

	if (c < 0x10000) {
		hit = m->bmp[c] != 0;
		v = m->bmp[c] - 1;
	} else
		hit = lbc_strmap_get(m->map, s, n, &v);
	if (hit) {
		*p = t->mem.p + (v >> 8);
		*len = v & 0xff;
		return 0;
	}
	if ((rc = open_once(trp, which)) != 0)
		return rc;
	U16_APPEND_UNSAFE(u, ulen, c);
	lim = ulen;
	utrans_transUChars(*trp, u, &ulen, (int32_t)(sizeof(u) / sizeof(u[0])),
	    0, &lim, &st);
	if (U_FAILURE(st))
		return LBC_EICU;
	off = t->mem.len;
	if (lbc_buf_reserve(&t->mem, (size_t)ulen * 3 + 1) != 0)
		return LBC_ENOMEM;
	u_strToUTF8(t->mem.p + off, (int32_t)(t->mem.cap - off), &olen, u, ulen,
	    &st);
	if (U_FAILURE(st) || olen > 0xff)
		return LBC_EICU;
	t->mem.len = off + (size_t)olen;
	t->mem.p[t->mem.len] = '\0';
	v = off << 8 | (size_t)olen;
	if (c < 0x10000)
		m->bmp[c] = v + 1;
	else if ((rc = lbc_strmap_put(m->map, s, n, v)) != 0)
		return rc;
	*p = t->mem.p + off;
	*len = (size_t)olen;
	return 0;
}

int
lbc_translit_simplify(struct lbc_translit *t, const char *s, size_t n,
    struct lbc_buf *out)
{
	const char *p;
	size_t len;
	int32_t i = 0, j;
	UChar32 c;
	int rc;

	lbc_buf_clear(out);
	if (n > INT32_MAX || !lbc_utf8_valid(s, n))
		return LBC_EENCODING;
	while ((size_t)i < n) {
		j = i;
		U8_NEXT_UNSAFE(s, i, c);
		if (c < 0x80) {
			p = s + j;
			len = 1;
		} else if ((rc = one(t, &t->t2s, 0, &t->simp, c, s + j,
		    (size_t)(i - j), &p, &len)) != 0)
			return rc;
		if (lbc_buf_add(out, p, len) != 0)
			return LBC_ENOMEM;
	}
	return 0;
}

int
lbc_translit_pinyin(struct lbc_translit *t, const char *s, size_t n,
    struct lbc_buf *out)
{
	UErrorCode st = U_ZERO_ERROR;
	const char *p;
	size_t len;
	int32_t i = 0, j;
	UChar32 c;
	int rc, han, last = 0;	/* last: 1 after a syllable */

	lbc_buf_clear(out);
	if (n > INT32_MAX || !lbc_utf8_valid(s, n))
		return LBC_EENCODING;
	while ((size_t)i < n) {
		j = i;
		U8_NEXT_UNSAFE(s, i, c);
		han = c >= 0x80 && uscript_getScript(c, &st) == USCRIPT_HAN;
		if (han) {
			if ((rc = j == 0 ?
			    one(t, &t->sur, 2, &t->spin, c, s + j, (size_t)(i - j), &p,
			    &len) :
			    one(t, &t->py, 1, &t->pin, c, s + j, (size_t)(i - j), &p,
			    &len)) != 0)
				return rc;
			while (len > 0 && *p == ' ')
				p++, len--;
			while (len > 0 && p[len - 1] == ' ')
				len--;
		} else {
			p = s + j;
			len = (size_t)(i - j);
		}
		if ((han || last) && out->len > 0 && lbc_buf_addc(out, ' ') != 0)
			return LBC_ENOMEM;
		if (lbc_buf_add(out, p, len) != 0)
			return LBC_ENOMEM;
		if (!han && c >= 'A' && c <= 'Z')
			out->p[out->len - 1] = (char)(c - 'A' + 'a');
		last = han;
	}
	return 0;
}

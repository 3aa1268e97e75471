/*
 * translit.h: Chinese name keys through ICU transliterators.
 *
 * Two keys make two spellings of one child's name comparable:
 *
 *   simplified	Traditional characters turned into Simplified ones (ICU
 *		"Hant-Hans"): 王曉明 -> 王晓明.
 *   pinyin	each Han character's Mandarin reading without tones, ü
 *		written v, syllables separated by one space (ICU
 *		"Han-Latin" with the marks removed): 王晓明, 王小明 and 王曉明
 *		all give "wang xiao ming", 李丽 and 李莉 "li li", 吕 "lv".
 *		Traditional characters are simplified first.  The first
 *		character is read as a surname (ICU "Han-Latin/Names"):
 *		曾明 "zeng ming" like 增明, not "ceng"; 单 "shan", 仇 "qiu".
 *		Characters other than Han stay as they are, ASCII letters
 *		lower-cased.
 *
 * Both work on text already folded by lbc_fold_name() (valid UTF-8, no
 * white space).  Both ICU transforms are context-free (one character maps
 * to the same output wherever it stands), so the result of each distinct
 * code point is computed by ICU once and kept: a name costs hash look-ups,
 * not an ICU call (a pinyin call takes tens of microseconds).  Callers
 * that see the same name often should still cache per name.
 *
 * A struct lbc_translit is not shared between threads.  The functions
 * clear out and append the key; they return 0, LBC_EENCODING when s is
 * not valid UTF-8, LBC_EICU or LBC_ENOMEM.
 */
#ifndef LBC_TRANSLIT_H
#define LBC_TRANSLIT_H

#include <stddef.h>

struct lbc_buf;
struct lbc_translit;

/*
 * Starts an empty cache; NULL with *err (LBC_ENOMEM).  Each ICU
 * transliterator is opened when a character first needs it, so a failing
 * ICU shows as LBC_EICU from the call that needed it.
 */
struct lbc_translit *lbc_translit_new(int *err);
void	lbc_translit_free(struct lbc_translit *t);

int	lbc_translit_simplify(struct lbc_translit *t, const char *s, size_t n,
	    struct lbc_buf *out);
int	lbc_translit_pinyin(struct lbc_translit *t, const char *s, size_t n,
	    struct lbc_buf *out);

#endif

/*
 * fold.h: text folding through ICU.
 *
 * One struct lbc_fold holds the ICU normalizer and scratch space; it is not
 * shared between threads.  Every function appends UTF-8 to out (after
 * clearing it) and returns 0, LBC_EENCODING when the input is not valid
 * UTF-8, LBC_EICU or LBC_ENOMEM.
 */
#ifndef LBC_FOLD_H
#define LBC_FOLD_H

#include <stddef.h>

struct lbc_buf;
struct lbc_fold;

struct lbc_fold *lbc_fold_new(int *err);
void	lbc_fold_free(struct lbc_fold *f);

/* NFKC, then every white-space character (U+3000 too) removed: names. */
int	lbc_fold_name(struct lbc_fold *f, const char *s, size_t n,
	    struct lbc_buf *out);
/*
 * The matching key of a header, label or alias: NFKC, white space and the
 * brackets ()[]{} and their full-width forms removed, ASCII lower-cased.
 */
int	lbc_fold_key(struct lbc_fold *f, const char *s, size_t n,
	    struct lbc_buf *out);
/* NFKC, then leading and trailing white space removed: free text. */
int	lbc_fold_trim(struct lbc_fold *f, const char *s, size_t n,
	    struct lbc_buf *out);

/* Returns 1 when s[0..n) is valid UTF-8 (no surrogates, no overlongs). */
int	lbc_utf8_valid(const char *s, size_t n);

#endif

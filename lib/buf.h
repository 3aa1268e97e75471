/*
 * buf.h: growable byte buffers.
 *
 * A struct lbc_buf owns p; len bytes are used and p[len] is always a NUL
 * once anything was appended, so p can be used as a C string.  A zeroed
 * struct is an empty buffer; lbc_buf_free() releases it and zeroes it again.
 */
#ifndef LBC_BUF_H
#define LBC_BUF_H

#include <stddef.h>
#include <string.h>

struct lbc_buf {
	char	*p;
	size_t	 len;
	size_t	 cap;
};

/* Makes room for n more bytes (plus the NUL).  Returns 0 or LBC_ENOMEM. */
int	lbc_buf_reserve(struct lbc_buf *b, size_t n);
/* Appends n bytes of s.  Returns 0 or LBC_ENOMEM. */
int	lbc_buf_add_grow(struct lbc_buf *b, const char *s, size_t n);
static inline int
lbc_buf_add(struct lbc_buf *b, const char *s, size_t n)
{
	if (b->cap - b->len <= n)
		return lbc_buf_add_grow(b, s, n);
	if (n > 0)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}
/* Appends the C string s. */
static inline int
lbc_buf_adds(struct lbc_buf *b, const char *s)
{
	return lbc_buf_add(b, s, strlen(s));
}
/* Appends one byte. */
static inline int
lbc_buf_addc(struct lbc_buf *b, char c)
{
	return lbc_buf_add(b, &c, 1);
}
/* Appends printf-formatted text. */
int	lbc_buf_printf(struct lbc_buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Empties the buffer, keeping its memory; p stays a valid "" string. */
void	lbc_buf_clear(struct lbc_buf *b);
void	lbc_buf_free(struct lbc_buf *b);

/*
 * The words argv[0..argc) joined by spaces, each quoted for a POSIX shell
 * where it needs it, as a new string the caller frees; NULL when out of
 * memory.  For recording a command line (a workbook's about sheet, a
 * manifest).
 */
char	*lbc_shell_words(int argc, char *const argv[]);

#endif

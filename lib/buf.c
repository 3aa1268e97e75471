#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"

int
lbc_buf_reserve(struct lbc_buf *b, size_t n)
{
	size_t need, cap;
	char *p;

	if (n > (size_t)-1 - b->len - 1)
		return LBC_ENOMEM;
	need = b->len + n + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > (size_t)-1 / 2 ? need : cap * 2;
	if ((p = realloc(b->p, cap)) == NULL)
		return LBC_ENOMEM;
	b->p = p;
	b->cap = cap;
	return 0;
}

int
lbc_buf_add_grow(struct lbc_buf *b, const char *s, size_t n)
{
	if (lbc_buf_reserve(b, n) != 0)
		return LBC_ENOMEM;
	if (n > 0)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

int
lbc_buf_printf(struct lbc_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return LBC_EARG;
	if (lbc_buf_reserve(b, (size_t)n) != 0)
		return LBC_ENOMEM;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

void
lbc_buf_clear(struct lbc_buf *b)
{
	b->len = 0;
	if (b->p != NULL)
		b->p[0] = '\0';
}

void
lbc_buf_free(struct lbc_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

char *
lbc_shell_words(int argc, char *const argv[])
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./,=:+-";
	struct lbc_buf b = { 0 };
	const char *p;
	int i, bad = 0;

	for (i = 0; i < argc; i++) {
		if (i > 0)
			bad |= lbc_buf_addc(&b, ' ');
		if (argv[i][0] != '\0' && strspn(argv[i], safe) ==
		    strlen(argv[i])) {
			bad |= lbc_buf_adds(&b, argv[i]);
			continue;
		}
		bad |= lbc_buf_addc(&b, '\'');
		for (p = argv[i]; *p != '\0'; p++)
			bad |= *p == '\'' ? lbc_buf_adds(&b, "'\\''") :
			    lbc_buf_addc(&b, *p);
		bad |= lbc_buf_addc(&b, '\'');
	}
	if (bad || b.p == NULL) {
		lbc_buf_free(&b);
		return NULL;
	}
	return b.p;
}

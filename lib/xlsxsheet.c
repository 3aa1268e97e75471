#include <stdlib.h>
#include <string.h>

#include <unicode/utf8.h>

#include "buf.h"
#include "err.h"
#include "xlsxsheet.h"

struct lbc_xlsx_sheet {
	char		*name;
	enum lbc_xlsx_sheet_kind kind;
	char		*text;		/* the cells, each NUL-terminated */
	size_t		*cell;		/* offsets of the cells in text */
	size_t		*rowstart;	/* first cell of each row, and the end */
	size_t		 nrows;
};

void
lbc_xlsx_sheet_free(struct lbc_xlsx_sheet *s)
{
	if (s == NULL)
		return;
	free(s->name);
	free(s->text);
	free(s->cell);
	free(s->rowstart);
	free(s);
}

static int
name_ok(const char *name)
{
	int32_t i = 0, n = (int32_t)strlen(name), chars = 0;
	UChar32 c;

	if (n == 0 || strpbrk(name, "[]:*?/\\") != NULL)
		return 0;
	while (i < n) {
		U8_NEXT(name, i, n, c);
		if (c < 0)
			return 0;
		chars++;
	}
	return chars <= 31;
}

static int
utf8_ok(const char *s, size_t len)
{
	int32_t i = 0, n = (int32_t)len;
	UChar32 c;

	if (len > INT32_MAX)
		return 0;
	while (i < n) {
		U8_NEXT(s, i, n, c);
		if (c < 0)
			return 0;
	}
	return 1;
}

struct lbc_xlsx_sheet *
lbc_xlsx_sheet_read(FILE *fp, const char *name,
    enum lbc_xlsx_sheet_kind kind, int *err)
{
	struct lbc_xlsx_sheet *s;
	struct lbc_buf b = { 0 };
	char chunk[8192];
	size_t n, i, ncell = 0, nrow = 0, cap = 0, rcap = 0;
	int rc = LBC_ENOMEM;
	char prev = '\n';

	if (!name_ok(name)) {
		*err = LBC_EARG;
		return NULL;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL ||
	    (s->name = strdup(name)) == NULL)
		goto fail;
	s->kind = kind;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		if (lbc_buf_add(&b, chunk, n) != 0)
			goto fail;
	if (ferror(fp)) {
		rc = LBC_EIO;
		goto fail;
	}
	if (b.len > 0 && b.p[b.len - 1] != '\n' && lbc_buf_addc(&b, '\n') != 0)
		goto fail;
	if (b.len > 0 && (memchr(b.p, '\0', b.len) != NULL ||
	    !utf8_ok(b.p, b.len))) {
		rc = LBC_EENCODING;
		goto fail;
	}
	/* Cells start at 0 and after each TAB or LF; LF ends a row. */
	for (i = 0; i < b.len; i++) {
		char ch = b.p[i];

		if (prev == '\t' || prev == '\n') {
			if (ncell + 1 >= cap) {
				size_t *p;

				cap = cap ? cap * 2 : 64;
				if ((p = realloc(s->cell, cap * sizeof(*p))) ==
				    NULL)
					goto fail;
				s->cell = p;
			}
			if (prev == '\n') {
				if (nrow + 2 >= rcap) {
					size_t *p;

					rcap = rcap ? rcap * 2 : 16;
					if ((p = realloc(s->rowstart, rcap *
					    sizeof(*p))) == NULL)
						goto fail;
					s->rowstart = p;
				}
				s->rowstart[nrow++] = ncell;
			}
			s->cell[ncell++] = i;
		}
		if (ch == '\t' || ch == '\n')
			b.p[i] = '\0';
		prev = ch;
	}
	if (nrow > 0)
		s->rowstart[nrow] = ncell;
	if (kind == LBC_XLSX_SHEET_AUTO)
		s->kind = ncell > nrow ? LBC_XLSX_SHEET_TABLE :
		    LBC_XLSX_SHEET_TEXT;
	s->nrows = nrow;
	s->text = b.p;
	return s;
fail:
	lbc_buf_free(&b);
	lbc_xlsx_sheet_free(s);
	*err = rc;
	return NULL;
}

int
lbc_xlsx_sheet_number(const char *s, double *v, int *pct)
{
	size_t n = strlen(s);
	char *end;

	*pct = n > 1 && s[n - 1] == '%';
	if (n == 0 || strspn(s, "+-0123456789.%") != n ||
	    !((s[0] >= '0' && s[0] <= '9') || s[0] == '-' || s[0] == '+'))
		return 0;
	*v = strtod(s, &end);
	if ((size_t)(end - s) != n - (size_t)*pct)
		return 0;
	if (*pct)
		*v /= 100;
	return 1;
}

const char *
lbc_xlsx_sheet_name(const struct lbc_xlsx_sheet *s)
{
	return s->name;
}

int
lbc_xlsx_sheet_is_table(const struct lbc_xlsx_sheet *s)
{
	return s->kind == LBC_XLSX_SHEET_TABLE;
}

size_t
lbc_xlsx_sheet_nrows(const struct lbc_xlsx_sheet *s)
{
	return s->nrows;
}

size_t
lbc_xlsx_sheet_ncells(const struct lbc_xlsx_sheet *s, size_t r)
{
	return s->rowstart[r + 1] - s->rowstart[r];
}

const char *
lbc_xlsx_sheet_cell(const struct lbc_xlsx_sheet *s, size_t r, size_t c)
{
	return s->text + s->cell[s->rowstart[r] + c];
}

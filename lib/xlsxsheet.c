#include <stdlib.h>
#include <string.h>

#include <unicode/utf8.h>
#include <xlsxwriter.h>

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

/* A decimal number, with pct set when it ends in %; 0 when not one. */
static int
number(const char *s, double *v, int *pct)
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

static double
text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	double w = 0;

	for (; *p != '\0'; p++)
		w += *p < 0x80 ? 1 : *p >= 0xe0 ? 2 : *p >= 0xc0 ? 1 : 0;
	return w;
}

int
lbc_xlsx_sheet_write(struct lxw_workbook *wb, const struct lbc_xlsx_sheet *s)
{
	lxw_worksheet *ws;
	lxw_format *bold, *title, *pctf, *wrap;
	double width[64] = { 0 }, v;
	size_t r, c, maxc = 0;
	int e = 0, pct;

	if ((ws = workbook_add_worksheet(wb, s->name)) == NULL)
		return LBC_EXLSX;
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	title = workbook_add_format(wb);
	format_set_bold(title);
	format_set_font_size(title, 14);
	pctf = workbook_add_format(wb);
	format_set_num_format(pctf, "0.0%");
	wrap = workbook_add_format(wb);
	format_set_text_wrap(wrap);
	format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
	for (r = 0; r < s->nrows; r++) {
		size_t first = s->rowstart[r], end = s->rowstart[r + 1];

		for (c = 0; first + c < end && c < 16384; c++) {
			const char *t = s->text + s->cell[first + c];
			lxw_format *f = r == 0 ? (s->kind == LBC_XLSX_SHEET_TEXT ?
			    title : bold) : s->kind == LBC_XLSX_SHEET_TEXT ?
			    wrap : NULL;

			if (*t == '\0')
				continue;
			if (s->kind == LBC_XLSX_SHEET_TABLE && r > 0 &&
			    number(t, &v, &pct))
				e |= worksheet_write_number(ws, (lxw_row_t)r,
				    (lxw_col_t)c, v, pct ? pctf : NULL) !=
				    LXW_NO_ERROR;
			else
				e |= worksheet_write_string(ws, (lxw_row_t)r,
				    (lxw_col_t)c, t, f) != LXW_NO_ERROR;
			if (c < 64 && text_width(t) > width[c])
				width[c] = text_width(t);
			if (c + 1 > maxc)
				maxc = c + 1;
		}
	}
	if (s->kind == LBC_XLSX_SHEET_TEXT)
		worksheet_set_column(ws, 0, 0, 100, NULL);
	else
		for (c = 0; c < maxc && c < 64; c++)
			worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
			    width[c] + 2 < 8 ? 8 : width[c] + 2 > 40 ? 40 :
			    width[c] + 2, NULL);
	return e ? LBC_EXLSX : 0;
}

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "sheet.h"
#include "xlsread.h"
#include "xlsxread.h"

int
lbc_rowbuf_set(struct lbc_rowbuf *rb, size_t col, const char *s, size_t n,
    enum lbc_cell type)
{
	size_t i;

	if (col >= rb->cap) {
		size_t ncap = rb->cap ? rb->cap : 16;
		size_t *o, *l;
		char **f;
		unsigned char *t;

		while (ncap <= col)
			ncap *= 2;
		if ((o = realloc(rb->off, ncap * sizeof(*o))) == NULL)
			return LBC_ENOMEM;
		rb->off = o;
		if ((l = realloc(rb->len, ncap * sizeof(*l))) == NULL)
			return LBC_ENOMEM;
		rb->len = l;
		if ((f = realloc(rb->field, ncap * sizeof(*f))) == NULL)
			return LBC_ENOMEM;
		rb->field = f;
		if ((t = realloc(rb->type, ncap)) == NULL)
			return LBC_ENOMEM;
		rb->type = t;
		rb->cap = ncap;
	}
	if (rb->text.p == NULL && lbc_buf_reserve(&rb->text, 64) != 0)
		return LBC_ENOMEM;
	for (i = rb->n; i < col; i++) {	/* cells skipped: empty */
		rb->off[i] = 0;
		rb->len[i] = 0;
		rb->type[i] = LBC_CELL_TEXT;
	}
	if (col >= rb->n)
		rb->n = col + 1;
	/* Offset 0 is a NUL of its own, for every empty cell. */
	if (rb->text.len == 0 && lbc_buf_addc(&rb->text, '\0') != 0)
		return LBC_ENOMEM;
	rb->off[col] = rb->text.len;
	rb->len[col] = n;
	rb->type[col] = (unsigned char)type;
	if (lbc_buf_add(&rb->text, s, n) != 0 || lbc_buf_addc(&rb->text, '\0'))
		return LBC_ENOMEM;
	return 0;
}

int
lbc_rowbuf_copy(struct lbc_rowbuf *rb, const struct lbc_row *row)
{
	size_t i;
	int rc;

	lbc_rowbuf_clear(rb);
	for (i = row->n; i-- > 0;)	/* the last first: one allocation */
		if ((rc = lbc_rowbuf_set(rb, i, row->field[i], row->len[i],
		    row->type ? (enum lbc_cell)row->type[i] : LBC_CELL_TEXT)) != 0)
			return rc;
	rb->flags = row->flags;
	return 0;
}

const struct lbc_row *
lbc_rowbuf_row(struct lbc_rowbuf *rb)
{
	size_t i;

	for (i = 0; i < rb->n; i++)
		rb->field[i] = rb->text.p + rb->off[i];
	rb->row.n = rb->n;
	rb->row.field = rb->field;
	rb->row.len = rb->len;
	rb->row.type = rb->type;
	rb->row.flags = rb->flags;
	return &rb->row;
}

void
lbc_rowbuf_clear(struct lbc_rowbuf *rb)
{
	rb->n = 0;
	rb->flags = 0;
	lbc_buf_clear(&rb->text);
	if (rb->text.p != NULL)
		rb->text.len = 0;
}

void
lbc_rowbuf_free(struct lbc_rowbuf *rb)
{
	lbc_buf_free(&rb->text);
	free(rb->off);
	free(rb->len);
	free(rb->field);
	free(rb->type);
	memset(rb, 0, sizeof(*rb));
}

enum lbc_file_kind
lbc_file_kind(const char *data, size_t len)
{
	if (len >= 4 && memcmp(data, "PK\3\4", 4) == 0)
		return LBC_FILE_ZIP;
	/* An empty archive (no entries) is still a zip. */
	if (len >= 4 && memcmp(data, "PK\5\6", 4) == 0)
		return LBC_FILE_ZIP;
	if (len >= 8 && memcmp(data, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) == 0)
		return LBC_FILE_OLE2;
	return LBC_FILE_TEXT;
}

const char *
lbc_book_problem_text(enum lbc_book_problem p)
{
	switch (p) {
	case LBC_BOOK_OK:
		return N_("a workbook");
	case LBC_BOOK_ODS:
		return N_("an OpenDocument spreadsheet (.ods), which lbc-import "
		    "does not read: save it as .xlsx or CSV");
	case LBC_BOOK_ZIP:
		return N_("a zip archive that is not an Excel workbook: unpack "
		    "it, or save the sheet as .xlsx");
	case LBC_BOOK_ENCRYPTED:
		return N_("an encrypted (password-protected) workbook: save a "
		    "copy without the password");
	case LBC_BOOK_ET:
		return N_("a WPS spreadsheet (.et) in WPS's own format: save it "
		    "as .xlsx");
	case LBC_BOOK_OLE2:
		return N_("an OLE2 file that is not an Excel 97-2003 workbook "
		    "(or a damaged one): open it and save it as .xlsx");
	case LBC_BOOK_CORRUPT:
		return N_("a damaged or truncated workbook: copy it again, or "
		    "open it and save it as .xlsx");
	case LBC_BOOK_STDIN:
		return N_("an .xls workbook on standard input or a pipe: give its "
		    "file name");
	}
	return N_("an unreadable workbook");
}

struct lbc_book {
	struct lbc_xlsxread	*x;
	struct lbc_xlsread	*s;
};

struct lbc_sheet {
	struct lbc_xlsxread_sheet	*x;
	struct lbc_xlsread_sheet	*s;
};

struct lbc_book *
lbc_book_open(const char *data, size_t len, const char *path, int *err,
    enum lbc_book_problem *why)
{
	struct lbc_book *b;

	*why = LBC_BOOK_OK;
	if ((b = calloc(1, sizeof(*b))) == NULL) {
		*err = LBC_ENOMEM;
		return NULL;
	}
	if (lbc_file_kind(data, len) == LBC_FILE_ZIP)
		b->x = lbc_xlsxread_open(data, len, path, err, why);
	else
		b->s = lbc_xlsread_open(data, len, path, err, why);
	if (b->x == NULL && b->s == NULL) {
		free(b);
		return NULL;
	}
	return b;
}

void
lbc_book_free(struct lbc_book *b)
{
	if (b == NULL)
		return;
	lbc_xlsxread_free(b->x);
	lbc_xlsread_free(b->s);
	free(b);
}

void
lbc_book_one_parser(struct lbc_book *b, int on)
{
	if (b->x != NULL)
		lbc_xlsxread_one_parser(b->x, on);
}

size_t
lbc_book_nsheets(const struct lbc_book *b)
{
	return b->x ? lbc_xlsxread_nsheets(b->x) : lbc_xlsread_nsheets(b->s);
}

const char *
lbc_book_sheet_name(const struct lbc_book *b, size_t i)
{
	return b->x ? lbc_xlsxread_sheet_name(b->x, i) :
	    lbc_xlsread_sheet_name(b->s, i);
}

struct lbc_sheet *
lbc_sheet_open(struct lbc_book *b, size_t i, int *err,
    enum lbc_book_problem *why)
{
	struct lbc_sheet *s;

	*why = LBC_BOOK_OK;
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		*err = LBC_ENOMEM;
		return NULL;
	}
	if (b->x != NULL)
		s->x = lbc_xlsxread_sheet_open(b->x, i, err, why);
	else
		s->s = lbc_xlsread_sheet_open(b->s, i, err, why);
	if (s->x == NULL && s->s == NULL) {
		free(s);
		return NULL;
	}
	return s;
}

int
lbc_sheet_next(struct lbc_sheet *s, const struct lbc_row **row,
    unsigned long *rownum, enum lbc_book_problem *why)
{
	*why = LBC_BOOK_OK;
	return s->x ? lbc_xlsxread_sheet_next(s->x, row, rownum, why) :
	    lbc_xlsread_sheet_next(s->s, row, rownum, why);
}

int
lbc_sheet_take(struct lbc_sheet *s, const struct lbc_row *row,
    struct lbc_rowbuf *rb)
{
	if (s->x != NULL) {
		lbc_xlsxread_sheet_take(s->x, rb);
		return 0;
	}
	return lbc_rowbuf_copy(rb, row);
}

void
lbc_sheet_free(struct lbc_sheet *s)
{
	if (s == NULL)
		return;
	lbc_xlsxread_sheet_free(s->x);
	lbc_xlsread_sheet_free(s->s);
	free(s);
}

/*
 * The digits of n (at most 20) at out, NUL-terminated; returns their
 * number.  Cells are formatted by the million: this is printf's %d without
 * printf's cost.
 */
static size_t
put_digits(unsigned long long n, char *out, size_t width)
{
	char tmp[24];
	size_t k = 0, i;

	do {
		tmp[k++] = (char)('0' + n % 10);
		n /= 10;
	} while (n > 0);
	while (k < width)
		tmp[k++] = '0';
	for (i = 0; i < k; i++)
		out[i] = tmp[k - 1 - i];
	out[k] = '\0';
	return k;
}

size_t
lbc_cell_number(double v, char *out)
{
	char tmp[40], *p;
	size_t n = 0;
	int exp, i, nd;

	if (!isfinite(v))
		return (size_t)snprintf(out, 32, "#NUM!");
	if (v == floor(v) && fabs(v) < 1e15) {
		/* Exact as an integer; -0 stays printf's "-0". */
		if (signbit(v)) {
			out[0] = '-';
			return 1 + put_digits((unsigned long long)-v, out + 1, 0);
		}
		return put_digits((unsigned long long)v, out, 0);
	}
	if (v == floor(v) && fabs(v) < 1e21) {
		/* Excel keeps 15 significant digits: those, then zeros. */
		snprintf(tmp, sizeof(tmp), "%.14e", v);
		exp = (int)strtol(strchr(tmp, 'e') + 1, NULL, 10);
		p = tmp;
		if (*p == '-')
			out[n++] = *p++;
		nd = 0;
		for (i = 0; p[i] != 'e'; i++)
			if (p[i] != '.') {
				out[n++] = p[i];
				nd++;
			}
		while (nd++ <= exp)
			out[n++] = '0';
		out[n] = '\0';
		return n;
	}
	n = (size_t)snprintf(out, 32, "%.15g", v);
	return n;
}

/* Days since 1970-01-01 to civil date (Howard Hinnant's algorithm). */
static void
civil(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

size_t
lbc_cell_date(double v, int date1904, char *out)
{
	long day, secs;
	int y, m, d;

	if (!isfinite(v) || v < 0 || v > 2958466)
		return 0;
	day = (long)floor(v);
	secs = lround((v - (double)day) * 86400.0);
	if (secs >= 86400) {
		day++;
		secs -= 86400;
	}
	if (date1904)
		day += -24107;		/* 1904-01-01 is day 0 */
	else if (day >= 61)
		day += -25569;		/* 1899-12-30 is day 0 */
	else if (day >= 1 && day < 60)
		day += -25568;		/* before Excel's 1900-02-29 */
	else if (day == 60) {
		/* The day Excel invented (1900-02-29): not a date. */
		return 0;
	} else
		return 0;
	civil(day, &y, &m, &d);
	if (y < 1900 || y > 9999)
		return 0;
	/* YYYY-MM-DD[ HH:MM:SS], without printf's cost (1900 <= y <= 9999). */
	put_digits((unsigned)y, out, 4);
	out[4] = '-';
	put_digits((unsigned)m, out + 5, 2);
	out[7] = '-';
	put_digits((unsigned)d, out + 8, 2);
	if (secs == 0)
		return 10;
	out[10] = ' ';
	put_digits((unsigned long)(secs / 3600), out + 11, 2);
	out[13] = ':';
	put_digits((unsigned long)(secs / 60 % 60), out + 14, 2);
	out[16] = ':';
	put_digits((unsigned long)(secs % 60), out + 17, 2);
	return 19;
}

int
lbc_numfmt_is_date(unsigned id, const char *code)
{
	const char *p;

	if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) ||
	    (id >= 45 && id <= 47) || (id >= 50 && id <= 58))
		return 1;
	if (code == NULL)
		return 0;
	for (p = code; *p != '\0'; p++) {
		switch (*p) {
		case '"':
			while (p[1] != '\0' && p[1] != '"')
				p++;
			if (p[1] == '"')
				p++;
			break;
		case '[':
			while (p[1] != '\0' && p[1] != ']')
				p++;
			if (p[1] == ']')
				p++;
			break;
		case '\\':
		case '_':
		case '*':
			if (p[1] != '\0')
				p++;
			break;
		case 'y': case 'Y': case 'm': case 'M': case 'd': case 'D':
		case 'h': case 'H':
			return 1;
		case ';':
			return 0;	/* only the first (positive) section */
		}
	}
	return 0;
}

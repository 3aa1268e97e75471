#include <freexl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "sheet.h"
#include "xlsread.h"

struct lbc_xlsread {
	const void	*h;
	char		**names;
	size_t		 nsheets;
	size_t		 active;	/* libfreexl's selected sheet */
};

struct lbc_xlsread_sheet {
	struct lbc_xlsread	*x;
	size_t			 idx;
	unsigned int		 rows, r;
	unsigned short		 cols;
	struct lbc_rowbuf	 rb;
};

/* 1 when the OLE2 directory names a stream EncryptionInfo (encrypted OOXML). */
static int
has_encryption_info(const char *data, size_t len)
{
	static const char name[] = "E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o\0";

	return memmem(data, len, name, sizeof(name) - 1) != NULL;
}

static int
is_et(const char *path)
{
	const char *dot = path ? strrchr(path, '.') : NULL;

	return dot != NULL && (strcmp(dot, ".et") == 0 ||
	    strcmp(dot, ".ET") == 0 || strcmp(dot, ".ett") == 0);
}

struct lbc_xlsread *
lbc_xlsread_open(const char *data, size_t len, const char *path, int *err,
    enum lbc_book_problem *why)
{
	struct lbc_xlsread *x;
	unsigned int n = 0, pw = 0;
	const char *name;
	size_t i;
	int rc;

	*err = LBC_EFORMAT;
	if (has_encryption_info(data, len)) {
		*why = LBC_BOOK_ENCRYPTED;
		return NULL;
	}
	if (path == NULL) {
		*why = LBC_BOOK_STDIN;
		return NULL;
	}
	if ((x = calloc(1, sizeof(*x))) == NULL) {
		*err = LBC_ENOMEM;
		return NULL;
	}
	rc = freexl_open(path, &x->h);
	if (rc == FREEXL_INSUFFICIENT_MEMORY) {
		*err = LBC_ENOMEM;
		goto fail;
	}
	if (rc != FREEXL_OK) {
		*why = is_et(path) ? LBC_BOOK_ET : LBC_BOOK_OLE2;
		goto fail;
	}
	if (freexl_get_info(x->h, FREEXL_BIFF_PASSWORD, &pw) == FREEXL_OK &&
	    pw == FREEXL_BIFF_OBFUSCATED) {
		*why = LBC_BOOK_ENCRYPTED;
		goto fail;
	}
	if (freexl_get_info(x->h, FREEXL_BIFF_SHEET_COUNT, &n) != FREEXL_OK) {
		*why = LBC_BOOK_CORRUPT;
		goto fail;
	}
	if (n > 0 && (x->names = calloc(n, sizeof(*x->names))) == NULL) {
		*err = LBC_ENOMEM;
		goto fail;
	}
	for (i = 0; i < n; i++) {
		if (freexl_get_worksheet_name(x->h, (unsigned short)i, &name) !=
		    FREEXL_OK || name == NULL)
			name = "";
		if ((x->names[i] = strdup(name)) == NULL) {
			*err = LBC_ENOMEM;
			x->nsheets = i;
			goto fail;
		}
	}
	x->nsheets = n;
	return x;
fail:
	lbc_xlsread_free(x);
	return NULL;
}

void
lbc_xlsread_free(struct lbc_xlsread *x)
{
	size_t i;

	if (x == NULL)
		return;
	if (x->h != NULL)
		freexl_close(x->h);
	for (i = 0; i < x->nsheets; i++)
		free(x->names[i]);
	free(x->names);
	free(x);
}

size_t
lbc_xlsread_nsheets(const struct lbc_xlsread *x)
{
	return x->nsheets;
}

const char *
lbc_xlsread_sheet_name(const struct lbc_xlsread *x, size_t i)
{
	return i < x->nsheets ? x->names[i] : NULL;
}

/*
 * libfreexl reads from one selected sheet at a time: each read selects
 * its sheet again when another was read meanwhile, so several sheets can
 * be open at once.
 */
struct lbc_xlsread_sheet *
lbc_xlsread_sheet_open(struct lbc_xlsread *x, size_t i, int *err,
    enum lbc_book_problem *why)
{
	struct lbc_xlsread_sheet *s;

	if ((s = calloc(1, sizeof(*s))) == NULL) {
		*err = LBC_ENOMEM;
		return NULL;
	}
	s->x = x;
	if (freexl_select_active_worksheet(x->h, (unsigned short)i) != FREEXL_OK ||
	    freexl_worksheet_dimensions(x->h, &s->rows, &s->cols) != FREEXL_OK) {
		free(s);
		*err = LBC_EFORMAT;
		*why = LBC_BOOK_CORRUPT;
		return NULL;
	}
	s->idx = x->active = i;
	return s;
}

int
lbc_xlsread_sheet_next(struct lbc_xlsread_sheet *s,
    const struct lbc_row **row, unsigned long *rownum,
    enum lbc_book_problem *why)
{
	FreeXL_CellValue v;
	unsigned short c;
	char num[32];
	const char *t;
	size_t n;
	enum lbc_cell type;
	int rc;

	if (s->x->active != s->idx) {
		if (freexl_select_active_worksheet(s->x->h,
		    (unsigned short)s->idx) != FREEXL_OK) {
			*why = LBC_BOOK_CORRUPT;
			return LBC_EFORMAT;
		}
		s->x->active = s->idx;
	}
	for (; s->r < s->rows; s->r++) {
		lbc_rowbuf_clear(&s->rb);
		for (c = 0; c < s->cols; c++) {
			if (freexl_get_cell_value(s->x->h, s->r, c, &v) != FREEXL_OK)
				continue;
			type = LBC_CELL_TEXT;
			switch (v.type) {
			case FREEXL_CELL_INT:
				n = (size_t)snprintf(num, sizeof(num), "%d",
				    v.value.int_value);
				t = num;
				type = LBC_CELL_NUMBER;
				break;
			case FREEXL_CELL_DOUBLE:
				n = lbc_cell_number(v.value.double_value, num);
				t = num;
				type = LBC_CELL_NUMBER;
				break;
			case FREEXL_CELL_TEXT:
			case FREEXL_CELL_SST_TEXT:
			case FREEXL_CELL_TIME:
				t = v.value.text_value ? v.value.text_value : "";
				n = strlen(t);
				break;
			case FREEXL_CELL_DATE:
			case FREEXL_CELL_DATETIME:
				t = v.value.text_value ? v.value.text_value : "";
				n = strlen(t);
				type = LBC_CELL_DATE;
				break;
			default:
				continue;
			}
			if (n > 0 && (rc = lbc_rowbuf_set(&s->rb, c, t, n,
			    type)) != 0)
				return rc;
		}
		if (s->rb.n > 0) {
			*row = lbc_rowbuf_row(&s->rb);
			*rownum = ++s->r;
			return 1;
		}
	}
	return 0;
}

void
lbc_xlsread_sheet_free(struct lbc_xlsread_sheet *s)
{
	if (s == NULL)
		return;
	lbc_rowbuf_free(&s->rb);
	free(s);
}

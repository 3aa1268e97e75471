#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "buf.h"
#include "err.h"
#include "list.h"
#include "listbook.h"

#define PAPER_A4	9
#define MAXWIDTH	40.0

/* Display width of UTF-8 text in Excel columns: CJK and wide forms 2. */
static double
text_width(const char *s)
{
	double w = 0;

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x80)
			w += 1;
		else if ((c & 0xc0) != 0x80)
			w += c >= 0xe1 ? 2 : 1;
	}
	return w;
}

/* A sheet name: no []:*?/\, at most 31 characters, unique by a number. */
static void
sheet_name(char *out, size_t n, const char *want, unsigned idx, int again)
{
	char raw[128];
	size_t i, o = 0, chars = 0;

	if (again)
		snprintf(raw, sizeof(raw), "%s %u", want, idx);
	else
		snprintf(raw, sizeof(raw), "%s", want);
	for (i = 0; raw[i] != '\0' && o + 4 < n; i++) {
		unsigned char c = (unsigned char)raw[i];

		if ((c & 0xc0) != 0x80 && ++chars > 31)
			break;
		out[o++] = strchr("[]:*?/\\", c) != NULL ? '_' : (char)c;
	}
	out[o] = '\0';
}

struct book {
	lxw_workbook	*wb;
	lxw_format	*title, *head, *cell;
	const struct lbc_list *l;
	const char	**cells;
	double		*width;
	struct lbc_buf	 place, text;
	unsigned	 nsheets;
	int		 err;
};

static void
put(struct book *b, lxw_worksheet *ws, size_t r, size_t c, const char *s,
    lxw_format *f)
{
	if (*s == '\0')
		return;
	if (worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, s, f) !=
	    LXW_NO_ERROR)
		b->err = 1;
}

/* Writes rows [from, to) of the list as one sheet about place key. */
static int
write_sheet(struct book *b, size_t from, size_t to, const char *key,
    int digits, const char *heading, const char *date)
{
	const struct lbc_list *l = b->l;
	size_t nc = lbc_list_ncols(l), i, j;
	lxw_worksheet *ws;
	char name[160];
	unsigned k;

	if (lbc_list_place(l, key, digits, &b->place) != 0)
		return LBC_ENOMEM;
	/* the place's name; its parent's before it when taken; a number */
	for (k = 0; k < 1000; k++) {
		const char *own = digits ? lbc_list_place_name(l, key) : "名单";
		char par[13], both[128];
		size_t kl = strlen(key);

		if (k == 1 && kl > 6) {
			memcpy(par, key, kl - 3);
			par[kl - 3] = '\0';
			snprintf(both, sizeof(both), "%s%s",
			    lbc_list_place_name(l, par), own);
			own = both;
		}
		sheet_name(name, sizeof(name), own, b->nsheets + 1, k > 1);
		if (workbook_get_worksheet_by_name(b->wb, name) == NULL)
			break;
	}
	if ((ws = workbook_add_worksheet(b->wb, name)) == NULL)
		return LBC_EXLSX;
	b->nsheets++;
	for (j = 0; j < nc; j++)
		b->width[j] = text_width(lbc_list_title(l, j)) + 2;
	for (i = from; i < to; i++) {
		lbc_list_row(l, i, b->cells);
		for (j = 0; j < nc; j++) {
			double w = text_width(b->cells[j]) + 2;

			if (w > b->width[j])
				b->width[j] = w > MAXWIDTH ? MAXWIDTH : w;
		}
	}
	for (j = 0; j < nc; j++)
		worksheet_set_column(ws, (lxw_col_t)j, (lxw_col_t)j,
		    b->width[j], NULL);
	worksheet_set_paper(ws, PAPER_A4);
	worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_repeat_rows(ws, 1, 1);
	worksheet_freeze_panes(ws, 2, 0);
	worksheet_set_footer(ws, "&C第 &P 页，共 &N 页");
	worksheet_set_margins(ws, 0.5, 0.5, 0.6, 0.6);
	lbc_buf_clear(&b->text);
	if (lbc_buf_printf(&b->text, "%s%s%s  共 %zu 人  %s", digits ?
	    b->place.p : "", digits && heading ? " " : "",
	    heading ? heading : "", to - from, date) != 0)
		return LBC_ENOMEM;
	put(b, ws, 0, 0, b->text.p, b->title);
	for (j = 0; j < nc; j++)
		put(b, ws, 1, j, lbc_list_title(l, j), b->head);
	for (i = from; i < to; i++) {
		lbc_list_row(l, i, b->cells);
		for (j = 0; j < nc; j++)
			if (lbc_list_numeric(l, j) && *b->cells[j] != '\0') {
				if (worksheet_write_number(ws, (lxw_row_t)(2 +
				    i - from), (lxw_col_t)j, atof(b->cells[j]),
				    b->cell) != LXW_NO_ERROR)
					b->err = 1;
			} else
				put(b, ws, 2 + i - from, j, b->cells[j],
				    b->cell);
	}
	return b->err ? LBC_EXLSX : 0;
}

int
lbc_listbook_write(const char *path, const struct lbc_list *l, int digits,
    const char *heading, const char *date)
{
	lxw_workbook_options opt = { 0 };
	lxw_doc_properties props = { 0 };
	struct book b;
	size_t n = lbc_list_nrows(l), i, start;
	char key[13], k2[13];
	int rc = 0;

	memset(&b, 0, sizeof(b));
	b.l = l;
	if ((b.cells = calloc(lbc_list_ncols(l) + 1, sizeof(*b.cells))) ==
	    NULL || (b.width = calloc(lbc_list_ncols(l) + 1,
	    sizeof(*b.width))) == NULL) {
		free(b.cells);
		return LBC_ENOMEM;
	}
	opt.constant_memory = LXW_TRUE;
	if ((b.wb = workbook_new_opt(path, &opt)) == NULL) {
		free(b.cells);
		free(b.width);
		return LBC_EXLSX;
	}
	props.title = (char *)"留守儿童名单";
	workbook_set_properties(b.wb, &props);
	b.title = workbook_add_format(b.wb);
	format_set_bold(b.title);
	format_set_font_size(b.title, 14);
	b.head = workbook_add_format(b.wb);
	format_set_bold(b.head);
	format_set_border(b.head, LXW_BORDER_THIN);
	format_set_align(b.head, LXW_ALIGN_CENTER);
	b.cell = workbook_add_format(b.wb);
	format_set_border(b.cell, LXW_BORDER_THIN);
	if (digits == 0 || n == 0)
		rc = write_sheet(&b, 0, n, "", 0, heading, date);
	for (start = 0; digits != 0 && rc == 0 && start < n; start = i) {
		lbc_list_group(l, start, digits, key);
		for (i = start + 1; i < n; i++) {
			lbc_list_group(l, i, digits, k2);
			if (strcmp(key, k2) != 0)
				break;
		}
		rc = write_sheet(&b, start, i, key, digits, heading, date);
	}
	if (workbook_close(b.wb) != LXW_NO_ERROR && rc == 0)
		rc = LBC_EXLSX;
	free(b.cells);
	free(b.width);
	lbc_buf_free(&b.place);
	lbc_buf_free(&b.text);
	return rc;
}

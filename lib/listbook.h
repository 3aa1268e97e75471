/*
 * listbook.h: a list of children (lib/list.h) as an Excel workbook, ready
 * to print: one sheet per place of a level (or one sheet), each with a
 * title row (place, number of children, date), the header row repeated on
 * every printed page, A4 landscape, fitted to the page width, page
 * numbers in the footer.  Written row by row (libxlsxwriter's constant
 * memory mode), so memory does not grow with the list.
 */
#ifndef LBC_LISTBOOK_H
#define LBC_LISTBOOK_H

struct lbc_list;

/*
 * Writes l to path: a sheet per place of digits (6 county, 9 township,
 * 12 village; 0: one sheet "名单"), places in code order.  date goes into
 * every title; heading (may be NULL) is the list's subject, after the
 * place ("走访名单").  Returns 0, LBC_EXLSX or LBC_ENOMEM.
 */
int	lbc_listbook_write(const char *path, const struct lbc_list *l,
	    int digits, const char *heading, const char *date);

#endif

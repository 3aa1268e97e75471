/*
 * xlsread.h: reading .xls (Excel 97-2003, BIFF) workbooks through
 * libfreexl, behind lib/sheet.h.
 *
 * libfreexl reads the workbook from its file and holds it in memory (an
 * .xls sheet has at most 65,536 rows).  It reports no merged ranges, so
 * .xls cells are not filled across merges.
 */
#ifndef LBC_XLSREAD_H
#define LBC_XLSREAD_H

#include <stddef.h>

#include "sheet.h"

struct lbc_xlsread;
struct lbc_xlsread_sheet;

/* As lbc_book_open() for an OLE2 file; path NULL: standard input. */
struct lbc_xlsread *lbc_xlsread_open(const char *data, size_t len,
	    const char *path, int *err, enum lbc_book_problem *why);
void	lbc_xlsread_free(struct lbc_xlsread *x);
size_t	lbc_xlsread_nsheets(const struct lbc_xlsread *x);
const char *lbc_xlsread_sheet_name(const struct lbc_xlsread *x, size_t i);

struct lbc_xlsread_sheet *lbc_xlsread_sheet_open(struct lbc_xlsread *x,
	    size_t i, int *err, enum lbc_book_problem *why);
int	lbc_xlsread_sheet_next(struct lbc_xlsread_sheet *s,
	    const struct lbc_row **row, unsigned long *rownum,
	    enum lbc_book_problem *why);
void	lbc_xlsread_sheet_free(struct lbc_xlsread_sheet *s);

#endif

/*
 * xlsxread.h: reading .xlsx workbooks (libzip for the archive, expat for
 * the XML), behind lib/sheet.h.
 *
 * The workbook, its relationships, shared strings and styles are read
 * whole when the book is opened; a sheet's XML is streamed row by row, so
 * memory is bounded by the shared strings, not by the sheet.  Merged
 * ranges are listed at the end of a sheet's XML: a sheet is opened with a
 * first pass over its XML that keeps only them.  While a sheet is read, a
 * thread of its own inflates the sheet's XML ahead of the parser (four
 * 64 KiB chunks), from its own opening of the archive: each open sheet
 * holds a thread and a file descriptor until it is freed (with none left,
 * the sheet is inflated by the thread that parses it).
 */
#ifndef LBC_XLSXREAD_H
#define LBC_XLSXREAD_H

#include <stddef.h>

#include "sheet.h"

struct lbc_xlsxread;
struct lbc_xlsxread_sheet;

/* As lbc_book_open() for a zip archive: from the file path (through the
 * page cache, not the caller's memory) or, when path is NULL, from data. */
struct lbc_xlsxread *lbc_xlsxread_open(const char *data, size_t len,
	    const char *path, int *err, enum lbc_book_problem *why);
void	lbc_xlsxread_free(struct lbc_xlsxread *x);
/* As lbc_book_one_parser(). */
void	lbc_xlsxread_one_parser(struct lbc_xlsxread *x, int on);
size_t	lbc_xlsxread_nsheets(const struct lbc_xlsxread *x);
const char *lbc_xlsxread_sheet_name(const struct lbc_xlsxread *x, size_t i);
/* 1 when the workbook counts days from 1904 (workbookPr date1904). */
int	lbc_xlsxread_date1904(const struct lbc_xlsxread *x);

struct lbc_xlsxread_sheet *lbc_xlsxread_sheet_open(struct lbc_xlsxread *x,
	    size_t i, int *err, enum lbc_book_problem *why);
int	lbc_xlsxread_sheet_next(struct lbc_xlsxread_sheet *s,
	    const struct lbc_row **row, unsigned long *rownum,
	    enum lbc_book_problem *why);
/* Swaps the row last returned with rb's (see lbc_sheet_take()). */
void	lbc_xlsxread_sheet_take(struct lbc_xlsxread_sheet *s,
	    struct lbc_rowbuf *rb);
void	lbc_xlsxread_sheet_free(struct lbc_xlsxread_sheet *s);

#endif

/*
 * xlsxsheet.h: sheets of given text before the tables of a workbook.
 *
 * For the sheets that are not count tables: lbc-monthly's summary (摘要,
 * one sentence a row) and change table (变化).  A sheet is read from a
 * TSV text (UTF-8, TAB between cells, no escapes) and written by
 * lbc_xlsx_write() (lib/xlsx.c) before the tables, in the order given,
 * print-ready like the table sheets.  The first row
 * is bold: the title of a text sheet, the header of a table.  In a table
 * sheet a cell that is a decimal number is written as a number, and one
 * that is a decimal number followed by % as a percentage (12.5% as
 * 0.125 in Excel's 0.0% format).
 */
#ifndef LBC_XLSXSHEET_H
#define LBC_XLSXSHEET_H

#include <stddef.h>
#include <stdio.h>

enum lbc_xlsx_sheet_kind {
	LBC_XLSX_SHEET_TEXT,	/* one wide column of sentences */
	LBC_XLSX_SHEET_TABLE,	/* a header row and rows of cells */
	LBC_XLSX_SHEET_AUTO	/* text when no row has a TAB, else table */
};

struct lbc_xlsx_sheet;

/*
 * Reads fp (not owned) to its end as a sheet called name (at most 31
 * characters, none of []:*?/\).  Returns the sheet, to be freed with
 * lbc_xlsx_sheet_free(), or NULL with *err: LBC_EARG for a bad name,
 * LBC_EENCODING when the text is not UTF-8, LBC_EIO, LBC_ENOMEM.
 */
struct lbc_xlsx_sheet *lbc_xlsx_sheet_read(FILE *fp, const char *name,
	    enum lbc_xlsx_sheet_kind kind, int *err);
void	lbc_xlsx_sheet_free(struct lbc_xlsx_sheet *s);

/* The sheet's name, and whether it is a table (else text). */
const char *lbc_xlsx_sheet_name(const struct lbc_xlsx_sheet *s);
int	lbc_xlsx_sheet_is_table(const struct lbc_xlsx_sheet *s);
/* Its rows, the cells of row r, and cell c of row r (a C string). */
size_t	lbc_xlsx_sheet_nrows(const struct lbc_xlsx_sheet *s);
size_t	lbc_xlsx_sheet_ncells(const struct lbc_xlsx_sheet *s, size_t r);
const char *lbc_xlsx_sheet_cell(const struct lbc_xlsx_sheet *s, size_t r,
	    size_t c);
/*
 * 1 when s is a decimal number, with *v its value and *pct set when it
 * ends in % (then *v is the fraction: 12.5% is 0.125); else 0.
 */
int	lbc_xlsx_sheet_number(const char *s, double *v, int *pct);

#endif

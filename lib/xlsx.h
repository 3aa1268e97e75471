/*
 * xlsx.h: the tables as an Excel workbook (through libxlsxwriter), ready to
 * print.
 *
 * One sheet per table, in order, named "N title" (N from 1): a title row
 * (what is counted and the data's date), a note row, a bold header row
 * (frozen, with the first column, and repeated on every printed page), the
 * categories, a bold 合计 row; counts as numbers, each followed by its
 * percentage (LBC_XLSX_PCT; blank where it is 100% by definition) and with
 * ci the Wilson 95% limits.  A crosstab has its tests below it
 * (lbc_stats_table(); p as 0.000 or <0.001).  A table wider than Excel's
 * 16,384 columns is written transposed, and says so; one that fits neither
 * way is refused (LBC_ETOOBIG), never cut.
 *
 * Every sheet has a native chart of the counts, totals left out, in
 * lbc's palette (lib/palette.h) with value labels and whole-number steps;
 * its title says what is counted and the data's date.  A table of up to
 * LBC_XLSX_CHART_MAX categories has its chart below it; a longer one has
 * it beside its first rows, drawing the LBC_XLSX_CHART_MAX largest
 * categories and 其他 for the rest (its title says so; the drawn numbers
 * are a block right of the print area).  Pages: A4, landscape when the
 * table and chart are wider than portrait, fit to one page wide, a footer
 * with the data's date, the page number and the sheet.  Every cell is in
 * LBC_XLSX_FONT (DengXian, the East Asian font of Office in China).
 *
 * A last sheet LBC_XLSX_ABOUT (说明) records, in Chinese, the inputs and
 * their SHA-256, the records read, the command line, version, time and the
 * definitions used, and what was suppressed and by which rule.
 *
 * With about->supp, cells flagged there print "*"; their percentages, the
 * percentages over them, the tests and the chart of such a table are left
 * out.
 *
 * The workbook is written to path as given: callers that need it whole or
 * not at all pass lbc_outfile_tmpname() and rename afterwards.
 */
#ifndef LBC_XLSX_H
#define LBC_XLSX_H

#include <stddef.h>

#include "tally.h"

struct lbc_xlsx_sheet;
#define LBC_XLSX_FONT		"等线"	/* DengXian; Office's East Asian font */
#define LBC_XLSX_ABOUT		"说明"
#define LBC_XLSX_CHART_MAX	30	/* categories a chart draws */
#define LBC_XLSX_PCT		"[=0]0.0%;[<0.001]0.000%;0.0%"
#define LBC_XLSX_P		"[<0.001]\"<0.001\";0.000"

struct lbc_xlsx_input {
	const char	*role;		/* "记录 records", "区划表 -r", ... */
	const char	*name;		/* file name, "-" for stdin */
	const char	*sha256;	/* 64 hex digits */
};

struct lbc_xlsx_about {
	const struct lbc_xlsx_input	*inputs;
	size_t				 ninputs;
	unsigned long			 records;
	const char			*command;	/* the command line */
	const char			*version;	/* "lbc-tally (lbc) 0.1.0" */
	long long			 time;		/* seconds since 1970 */
	int				 level;		/* region digits */
	/* -l county,township,...: every level's digits (else NULL) */
	const int			*levels;
	size_t				 nlevels;
	const char			*as_of;		/* YYYY-MM-DD */
	const char			*ages;		/* "0-5岁, 6-13岁, 14-15岁" */
	/*
	 * Suppressed cells (lib/suppress.h): supp[i] flags table i's cells,
	 * (nrows + 1) * lbc_table_nvalues() of them row by row, or is NULL;
	 * supp itself may be NULL.  supp_k is the rule's K (0: none).
	 */
	const unsigned char *const	*supp;
	unsigned			 supp_k;
	unsigned long			 supp_primary, supp_secondary;
	const char			*where;		/* -w conditions; may be NULL */
	const char			*regions_builtin; /* its label; NULL: off */
	/* Sheets written before the tables (xlsxsheet.h); may be none. */
	const struct lbc_xlsx_sheet	*const *front;
	size_t				 nfront;
};

/*
 * Writes the n tables to path with percentages of kind pct (LBC_PCT_NONE
 * means row percentages) and, when ci, Wilson intervals.  Returns 0,
 * LBC_EXLSX when libxlsxwriter fails, LBC_ETOOBIG when a table fits a
 * sheet neither way round, LBC_ENOMEM.
 */
int	lbc_xlsx_write(const char *path, const struct lbc_table *const *tables,
	    size_t n, enum lbc_pct pct, int ci,
	    const struct lbc_xlsx_about *about);

#endif

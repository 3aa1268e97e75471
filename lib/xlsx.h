/*
 * xlsx.h: the tables as an Excel workbook (through libxlsxwriter).
 *
 * One sheet per table, in order, named "N title" (N from 1): a title
 * row, a note row, a bold header row (frozen, with the first column), the
 * categories, a bold 合计 row; counts as numbers, each followed by its
 * percentage in Excel's percent format (and with ci the Wilson 95% limits),
 * columns wide enough for Chinese text.  A crosstab has its tests below
 * it (lbc_stats_table()); every sheet ends with a native Excel column
 * chart of the counts, totals left out.  A last sheet "about" records the
 * inputs and their SHA-256, the records read, the command line, version,
 * time and the definitions used.
 *
 * The workbook is written to path as given: callers that need it whole or
 * not at all pass lbc_outfile_tmpname() and rename afterwards.
 */
#ifndef LBC_XLSX_H
#define LBC_XLSX_H

#include <stddef.h>

#include "tally.h"

struct lbc_xlsx_sheet;

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
	const char			*as_of;		/* YYYY-MM-DD */
	const char			*ages;		/* "0-5岁, 6-13岁, 14-15岁" */
	const char			*where;		/* -w conditions; may be NULL */
	const char			*regions_builtin; /* its label; NULL: off */
	/* Sheets written before the tables (xlsxsheet.h); may be none. */
	const struct lbc_xlsx_sheet	*const *front;
	size_t				 nfront;
};

/*
 * Writes the n tables to path with percentages of kind pct (LBC_PCT_NONE
 * means row percentages) and, when ci, Wilson intervals.  Returns 0,
 * LBC_EXLSX when libxlsxwriter fails, LBC_ENOMEM.
 */
int	lbc_xlsx_write(const char *path, const struct lbc_table *const *tables,
	    size_t n, enum lbc_pct pct, int ci,
	    const struct lbc_xlsx_about *about);

#endif

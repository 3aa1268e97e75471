/*
 * sheet.h: rows of cells, from a CSV parser or a workbook sheet.
 *
 * A struct lbc_row is the one view of a row that lbc-import's header
 * detection and record building read, whatever the file was: n cells, each
 * UTF-8 text (NUL-terminated, with its length) and, for workbook cells, a
 * type telling a number or a date from text.  CSV rows have no types (all
 * text).  A struct lbc_rowbuf builds and owns such a row.
 *
 * A struct lbc_book is an opened workbook (.xlsx through libzip and expat,
 * lib/xlsxread.c; .xls through libfreexl, lib/xlsread.c); each of its
 * sheets is read as a struct lbc_sheet, one row at a time, with the
 * sheet's own row numbers (1 for its first row, empty rows not handed
 * out).  Cells come out as their value, not as displayed: numbers in
 * decimal (a whole number as digits; one of 16 or more digits, as Excel
 * keeps only 15, with its 15 significant digits then zeros), dates
 * (numbers with a date format: built-in formats 14-22, 27-36, 45-47,
 * 50-58 or any format with y, m, d or h outside quotes and brackets) as
 * YYYY-MM-DD, with HH:MM:SS after a space when the time of day is not
 * midnight, in the 1900 or 1904 system the workbook says; booleans TRUE
 * and FALSE; errors as written (#N/A).  An .xlsx cell inside a merged
 * range takes the value of the range's first cell.
 */
#ifndef LBC_SHEET_H
#define LBC_SHEET_H

#include <stddef.h>

#include "buf.h"

enum lbc_cell {
	LBC_CELL_TEXT = 0,	/* text, or empty */
	LBC_CELL_NUMBER,
	LBC_CELL_DATE,
	LBC_CELL_BOOL
};

/* A row: cells 0..n-1 (cells not given are empty text). */
struct lbc_row {
	size_t			 n;
	char			**field;
	size_t			*len;
	const unsigned char	*type;	/* enum lbc_cell per cell; NULL: text */
	unsigned		 flags;	/* a CSV row's LBC_CSVROW_ bits; 0 */
};

/* Builds a row; a zeroed struct is an empty one. */
struct lbc_rowbuf {
	struct lbc_buf	 text;
	size_t		*off, *len;
	char		**field;
	unsigned char	*type;
	size_t		 n, cap;
	unsigned	 flags;		/* copied to the row */
	struct lbc_row	 row;
};

/* Sets cell col (later cells of the same column replace earlier ones).
 * Returns 0 or LBC_ENOMEM. */
int	lbc_rowbuf_set(struct lbc_rowbuf *rb, size_t col, const char *s,
	    size_t n, enum lbc_cell type);
/* Copies row into rb (replacing what rb held).  Returns 0 or LBC_ENOMEM. */
int	lbc_rowbuf_copy(struct lbc_rowbuf *rb, const struct lbc_row *row);
/* The row built so far: valid until the next change of rb. */
const struct lbc_row *lbc_rowbuf_row(struct lbc_rowbuf *rb);
void	lbc_rowbuf_clear(struct lbc_rowbuf *rb);
void	lbc_rowbuf_free(struct lbc_rowbuf *rb);

/*
 * What a file is, by its first bytes: LBC_FILE_ZIP (PK\3\4: .xlsx, or an
 * .ods or another zip), LBC_FILE_OLE2 (D0 CF 11 E0: .xls, .et, or an
 * encrypted .xlsx), else LBC_FILE_TEXT.
 */
enum lbc_file_kind { LBC_FILE_TEXT, LBC_FILE_ZIP, LBC_FILE_OLE2 };
enum lbc_file_kind lbc_file_kind(const char *data, size_t len);

/* Why a workbook could not be opened (with LBC_EFORMAT). */
enum lbc_book_problem {
	LBC_BOOK_OK,
	LBC_BOOK_ODS,		/* an OpenDocument spreadsheet */
	LBC_BOOK_ZIP,		/* a zip archive that is not a workbook */
	LBC_BOOK_ENCRYPTED,	/* password-protected */
	LBC_BOOK_ET,		/* a WPS .et file libfreexl cannot read */
	LBC_BOOK_OLE2,		/* an OLE2 file that is not an .xls workbook */
	LBC_BOOK_CORRUPT,	/* damaged or truncated */
	LBC_BOOK_STDIN		/* an .xls from a pipe (libfreexl reads files) */
};

/* A sentence for the user: what the file is and what to do. */
const char *lbc_book_problem_text(enum lbc_book_problem p);

struct lbc_book;
struct lbc_sheet;

/*
 * Opens the workbook data[0..len), the bytes of the file named path (NULL
 * for standard input; its extension tells a WPS .et).  With a path the
 * book reads the file itself (libfreexl only reads files; an .xlsx read
 * from its file takes no memory for the compressed bytes), and data need
 * only last the call; without one, data (not owned) must outlive the book.
 * Returns NULL and sets *err: LBC_EFORMAT with *why, LBC_ENOMEM.
 */
struct lbc_book *lbc_book_open(const char *data, size_t len,
	    const char *path, int *err, enum lbc_book_problem *why);
void	lbc_book_free(struct lbc_book *b);
/*
 * 1: an .xlsx sheet is read by one parser from its start to its end, not
 * in segments parsed side by side (tests compare the two readings).
 */
void	lbc_book_one_parser(struct lbc_book *b, int on);
size_t	lbc_book_nsheets(const struct lbc_book *b);
/* The name of sheet i (UTF-8), valid while the book is. */
const char *lbc_book_sheet_name(const struct lbc_book *b, size_t i);

/*
 * Starts reading sheet i; the book must outlive the sheet.  Returns NULL
 * and sets *err: LBC_EFORMAT (with *why), LBC_ENOMEM.
 */
struct lbc_sheet *lbc_sheet_open(struct lbc_book *b, size_t i, int *err,
	    enum lbc_book_problem *why);
/*
 * The next non-empty row: sets *row (valid until the next call) and
 * *rownum, returns 1; 0 at the end; LBC_EFORMAT (damaged sheet: *why) or
 * LBC_ENOMEM.
 */
int	lbc_sheet_next(struct lbc_sheet *s, const struct lbc_row **row,
	    unsigned long *rownum, enum lbc_book_problem *why);
/*
 * Puts row, the one lbc_sheet_next() just returned, into rb (replacing
 * what rb held), as lbc_rowbuf_copy() does but without copying when it
 * can: an .xlsx sheet hands over its own buffer and takes rb's to build
 * the next row in.  row is invalid afterwards.  Returns 0 or LBC_ENOMEM.
 */
int	lbc_sheet_take(struct lbc_sheet *s, const struct lbc_row *row,
	    struct lbc_rowbuf *rb);
void	lbc_sheet_free(struct lbc_sheet *s);

/*
 * Cell text helpers for the readers.  lbc_cell_number() writes a number
 * as described above (out: 32 bytes) and returns its length;
 * lbc_cell_date() writes serial day v of the 1900 (date1904 0) or 1904
 * system and returns its length, or 0 when v is not a day in 1900-9999.
 */
size_t	lbc_cell_number(double v, char *out);
size_t	lbc_cell_date(double v, int date1904, char *out);
/* 1 when an Excel number format (id, or its code when custom) is a date's. */
int	lbc_numfmt_is_date(unsigned id, const char *code);

#endif

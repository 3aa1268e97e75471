/*
 * csvrow.h: CSV rows from physical lines, through libcsv.
 *
 * RFC 4180 quoting with quoted line breaks, a comma, TAB or semicolon
 * between fields.  The caller feeds one physical line at a time (without
 * its LF; a CR before it is dropped), so it always knows on which line a
 * row started: rows end only at line ends, a CR inside a line is text.  Completed rows
 * accumulate, numbered from 0, until lbc_csvrow_clear().  Parsing is
 * lenient: a stray quote inside an unquoted field is kept as text.
 */
#ifndef LBC_CSVROW_H
#define LBC_CSVROW_H

#include <stddef.h>

struct lbc_csvrow;

/* A completed row: n fields, each NUL-terminated with its length. */
struct lbc_csvrow_row {
	size_t		 n;
	char		**field;
	size_t		*len;
};

/* Returns NULL and sets *err (LBC_ENOMEM) on failure. */
struct lbc_csvrow *lbc_csvrow_new(char delim, int *err);
void	lbc_csvrow_free(struct lbc_csvrow *c);

/* Feeds one line (an LF is added).  Returns the number of rows it completed,
 * or LBC_ENOMEM. */
int	lbc_csvrow_feed(struct lbc_csvrow *c, const char *line, size_t len);
/* Ends the input; returns the rows completed (a last unterminated one). */
int	lbc_csvrow_finish(struct lbc_csvrow *c);
/* 1 when no row is partly read (the next line starts a row). */
int	lbc_csvrow_at_start(const struct lbc_csvrow *c);
/* Completed rows held, and the bytes of field text they take. */
size_t	lbc_csvrow_count(const struct lbc_csvrow *c);
size_t	lbc_csvrow_bytes(const struct lbc_csvrow *c);
/*
 * The i-th completed row held.  The view it returns is valid until the next
 * call; the field text until lbc_csvrow_clear().
 */
const struct lbc_csvrow_row *lbc_csvrow_get(struct lbc_csvrow *c, size_t i);
/* Drops the completed rows, keeping the fields of a row still open. */
void	lbc_csvrow_clear(struct lbc_csvrow *c);

/*
 * The separator of a header line: the most frequent of TAB, comma and
 * semicolon outside quotes (ties: TAB, then comma); comma when none.
 */
char	lbc_csv_detect_delim(const char *line, size_t len);

#endif

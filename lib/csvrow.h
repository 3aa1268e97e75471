/*
 * csvrow.h: CSV rows from lines, through libcsv.
 *
 * RFC 4180 quoting with quoted line breaks, a comma, TAB or semicolon
 * between fields.  The caller feeds one line at a time with its line end
 * (see enc.h), so it always knows on which line a row started: outside
 * quotes every line end (LF, CR LF, a CR alone) ends the row; inside
 * quotes it is text, kept as it is in the file.  Completed rows
 * accumulate, numbered from 0, until lbc_csvrow_clear().
 *
 * A quoted field keeps its text exactly; spaces (and TABs, but for TAB
 * separators) around an unquoted field or around the quotes are not part
 * of the field.  libcsv reads strictly: text after a closing quote
 * ("a"b) ends the row there, flagged LBC_CSVROW_BADQUOTE, so the caller
 * rejects that row and the next line starts a new one (a lenient parser
 * would keep the field open until some later quote, swallowing rows).
 * A stray quote inside an unquoted field (a"b) is text.  A quoted field
 * still open at the end of the input takes the rest of it, flagged
 * LBC_CSVROW_UNCLOSED; no line end is added that the input does not have.
 */
#ifndef LBC_CSVROW_H
#define LBC_CSVROW_H

#include <stddef.h>

struct lbc_csvrow;

#define LBC_CSVROW_BADQUOTE	1	/* text after a closing quote */
#define LBC_CSVROW_UNCLOSED	2	/* a quote still open at the end */

/* A completed row: n fields, each NUL-terminated with its length. */
struct lbc_csvrow_row {
	unsigned	 flags;		/* LBC_CSVROW_ bits */
	size_t		 n;
	char		**field;
	size_t		*len;
};

/* Returns NULL and sets *err (LBC_ENOMEM) on failure. */
struct lbc_csvrow *lbc_csvrow_new(char delim, int *err);
void	lbc_csvrow_free(struct lbc_csvrow *c);

/*
 * Feeds one line without its line end, then the line end eol ("\n",
 * "\r\n", "\r"; "" for the last line of the input, which then ends its
 * row unless a quote is open).  Returns the number of rows it completed,
 * or LBC_ENOMEM.
 */
int	lbc_csvrow_feed(struct lbc_csvrow *c, const char *line, size_t len,
	    const char *eol);
/*
 * The same, but a line that starts a row and holds no quote is split at
 * the separators without the CSV parser (the same fields, trimmed as
 * libcsv trims unquoted ones); other lines go to lbc_csvrow_feed().
 */
int	lbc_csvrow_feed_plain(struct lbc_csvrow *c, const char *line,
	    size_t len, const char *eol);
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

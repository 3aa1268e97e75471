/*
 * rec.h: the LBC record stream (see lbc(5)).
 *
 * UTF-8, LF line ends, TAB between fields, a header line of field names.
 * Inside a field backslash, TAB, LF and CR are written \\ \t \n \r.
 *
 * The reader finds fields by name and hands out each record's fields
 * unescaped and NUL-terminated; its memory is bounded by the longest line.
 * The writer escapes and buffers; its error is sticky and reported by
 * lbc_writer_flush().
 */
#ifndef LBC_REC_H
#define LBC_REC_H

#include <stddef.h>
#include <stdio.h>

/* The canonical fields in their order, NULL-terminated. */
extern const char *const lbc_canonical_fields[];
#define LBC_NCANONICAL 16

struct lbc_reader;

/*
 * Starts reading the stream fp (not owned; name is used in messages) and
 * reads its header.  Returns NULL and sets *err (LBC_ENOMEM, LBC_EIO,
 * LBC_EHEADER when the stream is empty) on failure.
 */
struct lbc_reader *lbc_reader_new(FILE *fp, const char *name, int *err);
/*
 * A reader of fp positioned inside a stream whose header like has read:
 * the same fields (like must outlive it), no header line, line numbers
 * counting on from lineno.  For a second thread reading the rest of a
 * stream.  NULL and *err (LBC_ENOMEM) on failure.
 */
struct lbc_reader *lbc_reader_new_tail(FILE *fp, const struct lbc_reader *like,
	    unsigned long lineno, int *err);
void	lbc_reader_free(struct lbc_reader *r);

/* Number of header fields, and the name of field i. */
size_t	lbc_reader_nfields(const struct lbc_reader *r);
const char *lbc_reader_fieldname(const struct lbc_reader *r, size_t i);
/* Index of the field called name, or -1. */
int	lbc_reader_find(const struct lbc_reader *r, const char *name);

/*
 * Reads the next record.  Returns 1 when one was read, 0 at the end,
 * LBC_EFIELDS when the line has the wrong number of fields, LBC_EFORMAT for
 * a bad escape, LBC_EIO or LBC_ENOMEM.  After an LBC_EFIELDS or LBC_EFORMAT
 * the caller may go on reading.
 */
int	lbc_reader_next(struct lbc_reader *r);
/* Field i of the current record, unescaped and NUL-terminated; *len may be NULL. */
const char *lbc_reader_get(const struct lbc_reader *r, size_t i, size_t *len);
/* Line number of the current record in the stream (header = 1). */
unsigned long lbc_reader_lineno(const struct lbc_reader *r);
const char *lbc_reader_name(const struct lbc_reader *r);
/*
 * Where the current record's line lies in the stream: its first byte's
 * offset from the first byte the reader read, and its length without the
 * LF and a trailing CR (the bytes as written, before unescaping).
 */
void	lbc_reader_span(const struct lbc_reader *r, unsigned long long *off,
	    size_t *len);

struct lbc_writer;

/* Starts writing to fp (not owned).  Returns NULL when out of memory. */
struct lbc_writer *lbc_writer_new(FILE *fp);
/* Flushes and frees; returns what lbc_writer_flush() would. */
int	lbc_writer_free(struct lbc_writer *w);
/* Appends one field (n bytes, escaped), preceded by a TAB if not first. */
void	lbc_writer_put(struct lbc_writer *w, const char *s, size_t n);
void	lbc_writer_puts(struct lbc_writer *w, const char *s);
/* Appends one field without escaping (the caller knows it needs none). */
void	lbc_writer_raw(struct lbc_writer *w, const char *s, size_t n);
/* Appends v in decimal as one field. */
void	lbc_writer_ulong(struct lbc_writer *w, unsigned long v);
/* Ends the record with LF. */
void	lbc_writer_end(struct lbc_writer *w);
/* Writes out the buffer; returns 0 or LBC_EIO if any write failed so far. */
int	lbc_writer_flush(struct lbc_writer *w);

/* Appends s escaped for the record stream to b. Returns 0 or LBC_ENOMEM. */
struct lbc_buf;
int	lbc_escape(struct lbc_buf *b, const char *s, size_t n);

#endif

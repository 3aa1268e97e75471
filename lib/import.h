/*
 * import.h: survey files in, LBC records out (lbc-import's engine).
 *
 * One struct lbc_import serves a whole run over several files: it holds the
 * header names, the caches of coded values and region names, the extra
 * columns seen so far and the counts.  Every input file is first opened
 * (its encoding detected, its header row read and mapped) so that the
 * output header - the canonical fields, then the union of extra columns in
 * order of appearance - is fixed before the first record; then each file is
 * run.  Every data row is counted once: written, rejected or skipped.
 */
#ifndef LBC_IMPORT_H
#define LBC_IMPORT_H

#include <stddef.h>
#include <stdio.h>

#include "date.h"
#include "enc.h"
#include "sheet.h"

struct lbc_codebook;
struct lbc_fold;
struct lbc_regions;
struct lbc_writer;

struct lbc_import_opts {
	struct lbc_date		as_of;		/* age date for rows without a survey date */
	int			max_age;	/* reject at this age and above */
	enum lbc_encoding	encoding;	/* LBC_ENC_AUTO: detect per file */
	char			delimiter;	/* 0: detect per file */
	int			libcsv_only;	/* tests: every line through libcsv */
};

/* Reject reasons, in the order they are tested. */
enum lbc_reject {
	LBC_REJ_ENCODING,
	LBC_REJ_ROW,
	LBC_REJ_IDENTITY,
	LBC_REJ_BIRTH,
	LBC_REJ_AGE,
	LBC_REJ_REGION,
	LBC_REJ_COUNT
};

/* "encoding", "row", "identity", "birth", "age", "region". */
const char *lbc_reject_name(enum lbc_reject r);

struct lbc_import_stats {
	unsigned long	read;		/* data rows after the header */
	unsigned long	written;
	unsigned long	rejected;
	unsigned long	skipped;	/* blank + repeated header + title + footer */
	unsigned long	blank;
	unsigned long	headers;
	unsigned long	title;		/* rows above the header */
	unsigned long	footer;		/* signature, total and note rows */
	unsigned long	reason[LBC_REJ_COUNT];
};

/* Called for each rejected row (src, line, reason, message without personal data). */
typedef void lbc_import_reject_fn(void *ctx, const char *src, unsigned long line,
	    enum lbc_reject reason, const char *message);

struct lbc_import;
struct lbc_import_file;

/*
 * Starts a run.  f, cb and r (r may be NULL: no regions table) are not
 * owned and must outlive the run.  Returns NULL with *err on failure.
 */
struct lbc_import *lbc_import_new(const struct lbc_import_opts *o,
	    struct lbc_fold *f, struct lbc_codebook *cb, struct lbc_regions *r,
	    int *err);
void	lbc_import_free(struct lbc_import *imp);

/*
 * Adds header names from a mapping file (TSV header<TAB>field, field one
 * of the canonical input fields, county, township, village, or - to drop
 * the column).  Returns 0, or LBC_EFORMAT with *line set, LBC_EIO.
 */
int	lbc_import_map_load(struct lbc_import *imp, FILE *fp,
	    unsigned long *line);

/*
 * The header: among the first 20 non-blank rows, the row where most cells
 * are known header names (at least two), or two adjacent rows read as one
 * where that gives more (each column named by its lowest non-empty cell:
 * a group cell such as 基本情况 above the names, 序号 merged down both
 * rows).  The rows above it are the form's title: skipped and counted.
 * A CSV file with no such row takes its first non-blank row as before; a
 * sheet with none has no header (LBC_EHEADER).  Below the header, footer
 * rows (a cell with 填表人, 审核人, 联系电话, 合计, 说明 ... and nothing
 * else in a data field's column) are skipped and counted.
 *
 * Opens data[0..len) (not owned; must outlive the file) whose name for the
 * src field is src, detects its encoding and separator, finds and maps its
 * header.  Returns NULL and sets *err: LBC_EHEADER (no header row),
 * LBC_EENCODING (the header row is not valid in the encoding), LBC_ENOMEM,
 * LBC_EICU; *line is the header's line.
 */
struct lbc_import_file *lbc_import_file_open(struct lbc_import *imp,
	    const char *data, size_t len, const char *src, int *err,
	    unsigned long *line);
/*
 * The same for data that is a private read-only file mapping: the pages
 * read are given back from the start, also while the encoding is told
 * (see lbc_import_file_mapped()), so memory stays small for any input.
 */
struct lbc_import_file *lbc_import_file_open_mapped(struct lbc_import *imp,
	    const char *data, size_t len, const char *src, int *err,
	    unsigned long *line);
/*
 * The same for a workbook sheet (taken over: freed with the file, or at
 * once on failure); src names file and sheet, and a record's line is the
 * sheet's row number.  *err: LBC_EHEADER (no recognisable header),
 * LBC_EFORMAT (a damaged sheet), LBC_ENOMEM.
 */
struct lbc_import_file *lbc_import_sheet_open(struct lbc_import *imp,
	    struct lbc_sheet *sh, const char *src, int *err,
	    unsigned long *line);
/* The header's (lower) line, its number of rows (1 or 2), the title rows
 * above it and their text (cells joined by spaces, rows by " / "). */
unsigned long lbc_import_file_header_line(const struct lbc_import_file *f);
unsigned long lbc_import_file_header_rows(const struct lbc_import_file *f);
unsigned long lbc_import_file_title_rows(const struct lbc_import_file *f);
const char *lbc_import_file_title(const struct lbc_import_file *f);
/* After the run: IDs that a workbook held as numbers (id_excel_number). */
unsigned long lbc_import_file_excel_ids(const struct lbc_import_file *f);
void	lbc_import_file_free(struct lbc_import_file *f);
/*
 * The data given to lbc_import_file_open() is a private read-only file
 * mapping: pages behind the reader may be given back (lbc_decoder_release_behind).
 */
void	lbc_import_file_mapped(struct lbc_import_file *f);
enum lbc_encoding lbc_import_file_encoding(const struct lbc_import_file *f);
char	lbc_import_file_delimiter(const struct lbc_import_file *f);
/* 1 when the header has a name or an ID column (else every row is rejected). */
int	lbc_import_file_has_identity(const struct lbc_import_file *f);
/* 1 when the header has a region code or region name columns. */
int	lbc_import_file_has_region(const struct lbc_import_file *f);

/*
 * After lbc_import_file_run(): the line of a row whose quoted field was
 * still open at the end of the file (it took the rest of the file), or 0.
 */
unsigned long lbc_import_file_unclosed(const struct lbc_import_file *f);

/* Writes the output header: canonical fields, then the extra columns. */
void	lbc_import_write_header(struct lbc_import *imp, struct lbc_writer *w);

/*
 * Reads f's data rows, writing records to out and rejects (src line reason
 * message raw) to rej when it is not NULL; calls fn (may be NULL) for each
 * reject.  Returns 0, LBC_ENOMEM or LBC_EICU.
 */
int	lbc_import_file_run(struct lbc_import *imp, struct lbc_import_file *f,
	    struct lbc_writer *out, struct lbc_writer *rej,
	    lbc_import_reject_fn *fn, void *ctx);

/* Counts over every file run so far. */
const struct lbc_import_stats *lbc_import_stats(const struct lbc_import *imp);

/* Writes the header of a rejects file. */
void	lbc_import_write_reject_header(struct lbc_writer *w);

/*
 * The field a survey-file header names after folding (姓名 -> "name",
 * 风险等级 -> "risk", 乡镇(街道) -> "township"), or NULL when lbc-import
 * does not know the header.  key is s[0..n) folded with lbc_fold_key.
 */
const char *lbc_import_header_field(const char *key, size_t n,
	    struct lbc_fold *f);

#endif

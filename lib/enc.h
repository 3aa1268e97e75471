/*
 * enc.h: decoding survey files into UTF-8 lines, through ICU.
 *
 * Offices save CSV as GB18030/GBK (Excel on Chinese Windows), UTF-8 with
 * or without a byte-order mark (newer Excel, WPS) and UTF-16 with a BOM
 * (Excel's "Unicode text").  Detection: a BOM decides; else the bytes are
 * UTF-8 if the whole input is valid UTF-8; else the encoding is chosen for
 * each chunk of a few MiB of whole lines: UTF-8 when more of its lines are
 * valid UTF-8 with non-ASCII text than lines that are not UTF-8 (a UTF-8
 * file with damaged or pasted GB18030 rows), else GB18030.  Lines of a
 * chunk in the other encoding are marked bad, never decoded into nonsense;
 * a header line in the other encoding is decoded in its own.  The encoding
 * told is the first chunk's.  UTF-16 without a BOM is recognized by the NUL
 * bytes beside its first two characters when they are ASCII or Latin.
 *
 * GB18030 is read as Windows code page 936 writes it too: the byte 0x80
 * is the euro sign.  The 18 characters GB18030-2022 moved out of the
 * private use area come out at their 2022 code points, through ICU when
 * it has the 2022 mapping (ICU 73.2 and later), else mapped after ICU.
 *
 * The decoder does not own the input bytes; it hands out one line at a
 * time, UTF-8, without its line end, and tells the line end (LF, CR LF, a
 * CR alone, or none for the last line) and the physical line number.
 * Lines end at each of them, so a CR alone never joins two rows; inside a
 * quoted field the CSV parser takes the line end back as text.  Physical
 * lines are counted at LF, or at CR in a file whose first 64 KiB hold more
 * bare CRs than LFs (old Mac line ends, maybe with LFs inside cells).  A
 * valid UTF-8 input is not copied.  Bad bytes do not stop decoding: the
 * line that held them is marked bad (they come out as U+FFFD), so the
 * caller can reject that row alone.
 */
#ifndef LBC_ENC_H
#define LBC_ENC_H

#include <stddef.h>

enum lbc_encoding {
	LBC_ENC_AUTO = 0,
	LBC_ENC_UTF8,
	LBC_ENC_UTF16LE,
	LBC_ENC_UTF16BE,
	LBC_ENC_GB18030
};

/* The encoding named by s (utf-8, utf8, utf-16le, utf-16be, gb18030, gbk,
 * gb2312, any case), or LBC_ENC_AUTO when the name is unknown. */
enum lbc_encoding lbc_encoding_byname(const char *s);
/* The canonical name of an encoding ("UTF-8", "GB18030", ...). */
const char *lbc_encoding_name(enum lbc_encoding e);

struct lbc_decoder;

/*
 * Starts decoding data[0..len) (which must outlive the decoder) as enc, or
 * detects the encoding when enc is LBC_ENC_AUTO.  A BOM is skipped.
 * Returns NULL and sets *err (LBC_ENOMEM, LBC_EICU) on failure.
 */
struct lbc_decoder *lbc_decoder_new(const char *data, size_t len,
	    enum lbc_encoding enc, int *err);
/*
 * The same for data that is a private read-only file mapping: the pages
 * read are given back to the kernel from the start, also while the input
 * is checked for valid UTF-8, as after lbc_decoder_release_behind().
 */
struct lbc_decoder *lbc_decoder_new_mapped(const char *data, size_t len,
	    enum lbc_encoding enc, int *err);
/*
 * A new decoder over d's input, at its start, with d's detection made
 * again (not the whole input read again to tell valid UTF-8).  It does not
 * give pages back.  Returns NULL and sets *err on failure.
 */
struct lbc_decoder *lbc_decoder_again(const struct lbc_decoder *d, int *err);
void	lbc_decoder_free(struct lbc_decoder *d);
enum lbc_encoding lbc_decoder_encoding(const struct lbc_decoder *d);
int	lbc_decoder_had_bom(const struct lbc_decoder *d);

/* What was wrong with a line (bits of *bad). */
#define LBC_DEC_INVALID	1	/* bytes not valid in the encoding */
#define LBC_DEC_NUL	2	/* a NUL byte */
#define LBC_DEC_OTHER	4	/* UTF-8 text in a GB18030 file */

/*
 * Hands out the next line: *line points at len bytes of UTF-8 valid until
 * the next call, and *bad holds LBC_DEC_ bits, 0 for a good line.
 * Returns 1, 0 at the end, or LBC_ENOMEM / LBC_EICU.
 */
int	lbc_decoder_line(struct lbc_decoder *d, const char **line, size_t *len,
	    int *bad);
/* The line end of the last line handed out: "\n", "\r\n", "\r", or "" for
 * a last line without one. */
const char *lbc_decoder_eol(const struct lbc_decoder *d);
/* The physical line number (from 1) of the last line handed out. */
unsigned long lbc_decoder_lineno(const struct lbc_decoder *d);
/*
 * Declares the input a private read-only file mapping: from now on the
 * pages already decoded are given back to the kernel (madvise), so memory
 * stays small however large the file.  Never for memory from malloc.
 */
void	lbc_decoder_release_behind(struct lbc_decoder *d);
/* Bytes of input consumed so far (for progress and memory release). */
size_t	lbc_decoder_offset(const struct lbc_decoder *d);

/* The GB18030-2022 code point for a GB18030-2005 private use one, or cp. */
unsigned lbc_gb18030_2022(unsigned cp);

#endif

/*
 * enc.h: decoding survey files into UTF-8 lines, through ICU.
 *
 * Offices save CSV as GB18030/GBK (Excel on Chinese Windows), UTF-8 with
 * or without a byte-order mark (newer Excel, WPS) and UTF-16 with a BOM
 * (Excel's "Unicode text").  Detection: a BOM decides; else the bytes are
 * UTF-8 if the whole input is valid UTF-8, or nearly so (valid multi-byte
 * sequences outnumber invalid bytes 4 to 1: a UTF-8 file with a damaged
 * row); else GB18030.  UTF-16 without a BOM is recognized by the NUL
 * bytes beside its first two characters when they are ASCII or Latin.
 *
 * The decoder does not own the input bytes; it hands out one physical line
 * at a time (without its LF; a CR before it is kept), UTF-8.  A file whose
 * first 64 KiB hold more bare CRs than LFs (old Mac line ends, maybe with
 * LFs inside cells) is split at CR.  A valid UTF-8
 * input is not copied.  Bytes not valid in the encoding do not stop
 * decoding: the line that held them (or a NUL byte) is marked bad and they come out as
 * U+FFFD, so the caller can reject that row alone.
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
void	lbc_decoder_free(struct lbc_decoder *d);
enum lbc_encoding lbc_decoder_encoding(const struct lbc_decoder *d);
int	lbc_decoder_had_bom(const struct lbc_decoder *d);

/*
 * Hands out the next line: *line points at len bytes of UTF-8 valid until
 * the next call, and *bad is 1 when some bytes of the line were not valid
 * in the encoding.  Returns 1, 0 at the end, or LBC_ENOMEM / LBC_EICU.
 */
int	lbc_decoder_line(struct lbc_decoder *d, const char **line, size_t *len,
	    int *bad);
/*
 * Declares the input a private read-only file mapping: from now on the
 * pages already decoded are given back to the kernel (madvise), so memory
 * stays small however large the file.  Never for memory from malloc.
 */
void	lbc_decoder_release_behind(struct lbc_decoder *d);
/* Bytes of input consumed so far (for progress and memory release). */
size_t	lbc_decoder_offset(const struct lbc_decoder *d);

#endif

/* Decoding: detection, BOMs, GB18030 (four-byte too), invalid bytes. */
#include "check.h"
#include "enc.h"
#include "err.h"

/* Decodes all lines of data into one string joined by '|', bad lines marked '!'. */
static const char *
decode(const char *data, size_t len, enum lbc_encoding enc,
    enum lbc_encoding *got)
{
	static char buf[512];
	struct lbc_decoder *d;
	const char *l;
	size_t n, o = 0;
	int bad, err = 0;

	buf[0] = '\0';
	if ((d = lbc_decoder_new(data, len, enc, &err)) == NULL)
		return "(no decoder)";
	*got = lbc_decoder_encoding(d);
	while (lbc_decoder_line(d, &l, &n, &bad) == 1 && o + n + 3 < sizeof(buf)) {
		if (o > 0)
			buf[o++] = '|';
		if (bad)
			buf[o++] = '!';
		memcpy(buf + o, l, n);
		o += n;
		buf[o] = '\0';
	}
	lbc_decoder_free(d);
	return buf;
}

int
main(void)
{
	enum lbc_encoding e;

	CHECK_STR(decode("a\nb\n", 4, LBC_ENC_AUTO, &e), "a|b", "ASCII lines");
	CHECK_INT(e, LBC_ENC_UTF8, "ASCII is UTF-8");
	CHECK_STR(decode("a\nb", 3, LBC_ENC_AUTO, &e), "a|b", "no final LF");
	CHECK_STR(decode("\xef\xbb\xbf姓名\r\n", 11, LBC_ENC_AUTO, &e),
	    "姓名\r", "UTF-8 BOM skipped, CR kept");
	CHECK_STR(decode("\xd0\xd5\xc3\xfb\n", 5, LBC_ENC_AUTO, &e), "姓名",
	    "GBK bytes detected as GB18030");
	CHECK_INT(e, LBC_ENC_GB18030, "GB18030 detected");
	/* U+20000 is the four-byte GB18030 sequence 95 32 82 36. */
	CHECK_STR(decode("\x95\x32\x82\x36\xc3\xf7\n", 7, LBC_ENC_AUTO, &e),
	    "\xf0\xa0\x80\x80明", "GB18030 four-byte sequence");
	CHECK_STR(decode("\xff\xfe\x20\x5f\x09\x00\x09\x4e\n\x00", 10,
	    LBC_ENC_AUTO, &e), "张\t三", "UTF-16LE with BOM");
	CHECK_INT(e, LBC_ENC_UTF16LE, "UTF-16LE detected");
	CHECK_STR(decode("\xfe\xff\x5f\x20\x00\n", 6, LBC_ENC_AUTO, &e), "张",
	    "UTF-16BE with BOM");
	CHECK_STR(decode("i\0d\0\n\0", 6, LBC_ENC_AUTO, &e), "id",
	    "UTF-16LE without BOM");
	CHECK_INT(e, LBC_ENC_UTF16LE, "UTF-16LE without BOM detected");
	/* An invalid GB18030 byte marks its line alone. */
	CHECK_STR(decode("\xd0\xd5\nx\xff\ny\n", 7, LBC_ENC_AUTO, &e),
	    "姓|!x\xef\xbf\xbd|y", "invalid byte marks one line");
	/* Mostly UTF-8 with one damaged line stays UTF-8. */
	CHECK_STR(decode("王小明\n李丽\n王\xff\n赵敏\n",
	    strlen("王小明\n李丽\n王\xff\n赵敏\n"), LBC_ENC_AUTO, &e),
	    "王小明|李丽|!王\xef\xbf\xbd|赵敏", "damaged UTF-8 line");
	CHECK_INT(e, LBC_ENC_UTF8, "damaged UTF-8 is UTF-8");
	CHECK_STR(decode("a\0b\nc\n", 6, LBC_ENC_AUTO, &e), "!a", "NUL marks the line");
	CHECK_STR(decode("\xd0\xd5\n", 3, LBC_ENC_UTF8, &e), "!\xef\xbf\xbd\xef\xbf\xbd",
	    "forced UTF-8 on GBK bytes");
	CHECK_STR(decode("", 0, LBC_ENC_AUTO, &e), "", "empty input");
	CHECK_INT(lbc_encoding_byname("GBK"), LBC_ENC_GB18030, "GBK is GB18030");
	CHECK_INT(lbc_encoding_byname("latin1"), LBC_ENC_AUTO, "unknown name");
	return check_failed;
}

/* Decoding: detection, BOMs, GB18030 (four-byte, 2022, euro), line ends,
 * mixed encodings, invalid and NUL bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

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

/*
 * Each line as number:text:end:bad, joined by '|' (end: L for LF, R for a
 * CR alone, C for CR LF, - for none; bad the LBC_DEC_ bits).
 */
static const char *
lines(const char *data, size_t len, enum lbc_encoding enc)
{
	static char buf[512];
	struct lbc_decoder *d;
	const char *l, *t;
	size_t n, o = 0;
	int bad, err = 0;

	buf[0] = '\0';
	if ((d = lbc_decoder_new(data, len, enc, &err)) == NULL)
		return "(no decoder)";
	while (lbc_decoder_line(d, &l, &n, &bad) == 1 && o + n + 40 < sizeof(buf)) {
		t = lbc_decoder_eol(d);
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%lu:%.*s:%s:%d",
		    o > 0 ? "|" : "", lbc_decoder_lineno(d), (int)n, l,
		    strcmp(t, "\n") == 0 ? "L" : strcmp(t, "\r") == 0 ? "R" :
		    strcmp(t, "\r\n") == 0 ? "C" : "-", bad);
	}
	lbc_decoder_free(d);
	return buf;
}

/* Counts the lines of data only invalid, and those in another encoding;
 * returns the encoding. */
static enum lbc_encoding
count_bad(const char *data, size_t len, enum lbc_encoding enc, int *lines_,
    int *invalid, int *other)
{
	struct lbc_decoder *d;
	const char *l;
	size_t n;
	int bad, err = 0;
	enum lbc_encoding e;

	*lines_ = *invalid = *other = 0;
	if ((d = lbc_decoder_new(data, len, enc, &err)) == NULL)
		return LBC_ENC_AUTO;
	while (lbc_decoder_line(d, &l, &n, &bad) == 1) {
		(*lines_)++;
		*invalid += bad == LBC_DEC_INVALID;
		*other += (bad & LBC_DEC_OTHER) != 0;
	}
	e = lbc_decoder_encoding(d);
	lbc_decoder_free(d);
	return e;
}

/* Appends n copies of s to buf at *o. */
static void
rep(char *buf, size_t *o, const char *s, int n)
{
	size_t k = strlen(s);

	while (n-- > 0) {
		memcpy(buf + *o, s, k);
		*o += k;
	}
}

/* 1 when the last line of data decodes to want. */
static int
tail_is(const char *data, size_t len, const char *want)
{
	struct lbc_decoder *d;
	const char *l;
	size_t n, wn = strlen(want);
	int bad, err = 0, same = 0;

	if ((d = lbc_decoder_new(data, len, LBC_ENC_AUTO, &err)) == NULL)
		return 0;
	while (lbc_decoder_line(d, &l, &n, &bad) == 1)
		same = n == wn && memcmp(l, want, n) == 0;
	lbc_decoder_free(d);
	return same;
}

static void
mixed(void)
{
	static char big[400000];
	size_t o = 0;
	int n, inv, oth;

	/* 20 GB18030 rows, then 2,000 UTF-8 rows: UTF-8, the 20 rejected. */
	rep(big, &o, "id,name,year\n", 1);
	rep(big, &o, "1,\xd5\xc5\xc8\xfd,2010\n", 20);
	rep(big, &o, "2,王小明,2011\n", 2000);
	CHECK_INT(count_bad(big, o, LBC_ENC_AUTO, &n, &inv, &oth), LBC_ENC_UTF8,
	    "GB18030 first, UTF-8 after: decided over the whole file");
	CHECK_INT(n, 2021, "every line handed out");
	CHECK_INT(inv, 20, "the GB18030 lines are bad, not garbled");
	CHECK_INT(oth, 0, "no line taken for another encoding");
	/* The other way round: GB18030, and the UTF-8 lines are rejected. */
	o = 0;
	rep(big, &o, "1,\xd5\xc5\xc8\xfd,2010\n", 2000);
	rep(big, &o, "2,王小明,2011\n", 20);
	rep(big, &o, "3,\xc0\xee\xc0\xf6,2012\n", 5);
	CHECK_INT(count_bad(big, o, LBC_ENC_AUTO, &n, &inv, &oth), LBC_ENC_GB18030,
	    "mostly GB18030 is GB18030");
	CHECK_INT(n, 2025, "all lines");
	CHECK_INT(oth, 20, "UTF-8 lines in a GB18030 file are told");
	CHECK_INT(inv, 0, "no GB18030 line bad");
	CHECK_INT(count_bad(big, o, LBC_ENC_GB18030, &n, &inv, &oth),
	    LBC_ENC_GB18030, "--encoding gb18030");
	CHECK_INT(oth, 20, "tells UTF-8 lines too");
	/* Chosen per chunk of a few MiB: 5 MB of GB18030, then 3 MB of UTF-8. */
	{
		size_t k = 0;
		char *h = malloc(9000000);
		int i;

		if (h == NULL)
			return;
		for (i = 0; i < 400000; i++)
			rep(h, &k, "1,\xd5\xc5\xc8\xfd,2010\n", 1);
		for (i = 0; i < 200000; i++)
			rep(h, &k, "2,王小明,2011\n", 1);
		CHECK_INT(count_bad(h, k, LBC_ENC_AUTO, &n, &inv, &oth),
		    LBC_ENC_GB18030, "a file that starts in GB18030 is told so");
		CHECK_INT(n, 600000, "all lines of a file that changes encoding");
		CHECK_INT(oth, 0, "its UTF-8 part read as UTF-8");
		CHECK(inv > 0 && inv < 400000 - 4 * 1024 * 1024 / 13,
		    "only GB18030 lines in the UTF-8 part's chunk rejected");
		CHECK_STR(lines(h + k - 34, 34, LBC_ENC_AUTO),
		    "1:2,王小明,2011:L:0|2:2,王小明,2011:L:0", "UTF-8 lines");
		/* GBK lines that happen to be valid UTF-8 (no Han) fill the
		 * second chunk: it stays GB18030. */
		k = 0;
		for (i = 0; i < 400000; i++)
			rep(h, &k, "1,\xd5\xc5\xc8\xfd,2010\n", 1);
		for (i = 0; i < 300000; i++)
			rep(h, &k, "\xd2\xbb\xd2\xb5,x\n", 1);
		CHECK_INT(count_bad(h, k, LBC_ENC_AUTO, &n, &inv, &oth),
		    LBC_ENC_GB18030, "GB18030 then GBK valid as UTF-8");
		CHECK_INT(inv + oth, 0, "no line bad");
		CHECK_INT(tail_is(h, k, "一业,x"), 1,
		    "the second chunk stays GB18030 on weak evidence");
		free(h);
	}
	/* GBK text that happens to be valid UTF-8 (no Han in it) is GBK. */
	CHECK_STR(lines("\xd2\xbb\xd2\xb5,\xd5\xc5\n\xd2\xbb\xd2\xb5\n", 13,
	    LBC_ENC_GB18030), "1:一业,张:L:0|2:一业:L:0",
	    "GBK that reads as valid UTF-8 (Cyrillic, Arabic) stays GBK");
	CHECK_STR(lines("\xd5\xc5\xc8\xfd\n\xd2\xbb\xd2\xb5\n\xc0\xee\n", 13,
	    LBC_ENC_AUTO), "1:张三:L:0|2:一业:L:0|3:李:L:0",
	    "detected: such a line is not told as UTF-8");

	/* A CR LF split by the 256 KiB decoding block is one line end. */
	o = 0;
	memset(big, 'a', 262143);
	big[0] = '\xd5';
	big[1] = '\xc5';
	big[262142] = '\r';
	big[262143] = '\n';
	memcpy(big + 262144, "b\n", 2);
	CHECK_INT(count_bad(big, 262146, LBC_ENC_GB18030, &n, &inv, &oth),
	    LBC_ENC_GB18030, "long GB18030 line");
	CHECK_INT(n, 2, "CR LF across blocks: no empty line between");
}

/* 1 when the first line of data[0..len) is k bytes 'a' and then tail. */
static int
first_line(const char *data, size_t len, enum lbc_encoding enc, size_t k,
    const char *tail)
{
	struct lbc_decoder *d;
	const char *l;
	size_t n, i, tl = strlen(tail);
	int bad, err = 0, ok;

	if ((d = lbc_decoder_new(data, len, enc, &err)) == NULL)
		return 0;
	ok = lbc_decoder_line(d, &l, &n, &bad) == 1 && bad == 0 &&
	    n == k + tl && memcmp(l + k, tail, tl) == 0;
	for (i = 0; ok && i < k; i++)
		ok = l[i] == 'a';
	lbc_decoder_free(d);
	return ok;
}

/* Characters cut by the 256 KiB block the decoder converts at a time. */
static void
across_blocks(void)
{
	static char big[262160];
	size_t i;

	memset(big, 'a', sizeof(big));
	memcpy(big + 262142, "\x95\x32\x82\x36\n", 5);
	CHECK_INT(first_line(big, 262147, LBC_ENC_GB18030, 262142,
	    "\xf0\xa0\x80\x80"), 1,
	    "a four-byte GB18030 character across two blocks");
	big[262142] = 'a';
	memcpy(big + 262143, "\xd5\xc5\n", 3);
	CHECK_INT(first_line(big, 262146, LBC_ENC_GB18030, 262143, "张"), 1,
	    "a two-byte GB18030 character across two blocks");
	/* UTF-16LE: the block starts after the BOM, at byte 2 */
	big[0] = '\xff';
	big[1] = '\xfe';
	for (i = 2; i < 262144; i += 2) {
		big[i] = 'a';
		big[i + 1] = '\0';
	}
	memcpy(big + 262144, "\x40\xd8\x00\xdc\n\0", 6);
	CHECK_INT(first_line(big, 262150, LBC_ENC_AUTO, 131071,
	    "\xf0\xa0\x80\x80"), 1,
	    "a UTF-16 surrogate pair across two blocks");
}

static void
gb2022(void)
{
	static const char *const from[] = {
		"\xa6\xd9", "\xa6\xda", "\xa6\xdb", "\xa6\xdc", "\xa6\xdd",
		"\xa6\xde", "\xa6\xdf", "\xa6\xec", "\xa6\xed", "\xa6\xf3",
		"\xfe\x59", "\xfe\x61", "\xfe\x66", "\xfe\x67", "\xfe\x6d",
		"\xfe\x7e", "\xfe\x90", "\xfe\xa0"
	};
	static const unsigned to[] = {
		0xFE10, 0xFE12, 0xFE11, 0xFE13, 0xFE14, 0xFE15, 0xFE16, 0xFE17,
		0xFE18, 0xFE19, 0x9FB4, 0x9FB5, 0x9FB6, 0x9FB7, 0x9FB8, 0x9FB9,
		0x9FBA, 0x9FBB
	};
	static const unsigned pua[] = {
		0xE78D, 0xE78E, 0xE78F, 0xE790, 0xE791, 0xE792, 0xE793, 0xE794,
		0xE795, 0xE796, 0xE81E, 0xE826, 0xE82B, 0xE82C, 0xE832, 0xE843,
		0xE854, 0xE864
	};
	char want[8], in[8], what[64];
	enum lbc_encoding e;
	size_t i, ok = 0, map = 0, same = 0;

	for (i = 0; i < 18; i++) {
		snprintf(in, sizeof(in), "%s\n", from[i]);
		want[0] = (char)(0xE0 | to[i] >> 12);
		want[1] = (char)(0x80 | (to[i] >> 6 & 0x3F));
		want[2] = (char)(0x80 | (to[i] & 0x3F));
		want[3] = '\0';
		ok += strcmp(decode(in, 3, LBC_ENC_GB18030, &e), want) == 0;
		/* the mapping after an ICU with the 2005 table */
		map += lbc_gb18030_2022(pua[i]) == to[i];
		/* an ICU with the 2022 table gives these: left alone */
		same += lbc_gb18030_2022(to[i]) == to[i];
	}
	snprintf(what, sizeof(what), "%zu of 18 GB18030-2022 code points", ok);
	CHECK_INT(ok, 18, what);
	CHECK_INT(map, 18, "the 2005 PUA code points map to the 2022 ones");
	CHECK_INT(same, 18, "the 2022 code points (ICU 73.2 and later) stay");
	CHECK_INT(lbc_gb18030_2022(0xE000), 0xE000, "other PUA stays");
	CHECK_INT(lbc_gb18030_2022(0xE816), 0xE816, "FE51 kept PUA in 2022 too");
	CHECK_STR(decode("\xfe\x59\xa6\xd9,\xd5\xc5\n", 7, LBC_ENC_AUTO, &e),
	    "\xe9\xbe\xb4\xef\xb8\x90,张", "2022 mapping in a detected file");
	CHECK_INT(e, LBC_ENC_GB18030, "detected as GB18030");
	/* Code page 936 writes the euro sign as the single byte 0x80. */
	CHECK_STR(lines("\xd5\xc5,\x80\x31\x30\n", 7, LBC_ENC_GB18030),
	    "1:张,€10:L:0", "euro sign 0x80 with --encoding gbk");
	CHECK_STR(lines("\xd5\xc5,\x80\x31\x30\n", 7, LBC_ENC_AUTO),
	    "1:张,€10:L:0", "euro sign 0x80 in a detected file");
	CHECK_STR(lines("\xd5\xc5,\xff\n", 5, LBC_ENC_GB18030),
	    "1:张,\xef\xbf\xbd:L:1", "0xFF still invalid");
}

static void
line_ends(void)
{
	CHECK_STR(lines("a\nb\rc\r\nd", 8, LBC_ENC_AUTO),
	    "1:a:L:0|2:b:R:0|2:c:C:0|3:d:-:0",
	    "LF, a CR alone, CR LF, none: LF lines counted");
	CHECK_STR(lines("a\rb\rc\nd\r", 8, LBC_ENC_AUTO),
	    "1:a:R:0|2:b:R:0|3:c:L:0|3:d:R:0", "old Mac file: CR lines counted");
	CHECK_STR(lines("\xd5\xc5\r\n\xc0\xee\r\xcb\xc4\n", 10, LBC_ENC_AUTO),
	    "1:张:C:0|2:李:R:0|2:四:L:0", "GB18030 line ends");
	CHECK_STR(lines("x\r", 2, LBC_ENC_AUTO), "1:x:R:0", "CR at the very end");
	CHECK_STR(lines("a\0b\nc\xff\nd\n", 9, LBC_ENC_UTF8),
	    "1:a:L:2|2:c\xef\xbf\xbd:L:1|3:d:L:0", "NUL and invalid told apart");
}

/*
 * Decodes data through a mapping of a temporary file, as lbc-import maps
 * its inputs, with a mapped decoder (pages given back as it reads).
 */
static void
mapped_case(const char *data, size_t len, int valid, const char *what)
{
	struct lbc_decoder *d, *a;
	char path[] = "/tmp/lbc-t_enc-XXXXXX";
	const char *l;
	size_t n, lines = 0, hits = 0;
	int bad, err = 0, fd, anybad = 0;
	void *map;

	if ((fd = mkstemp(path)) < 0 || write(fd, data, len) != (ssize_t)len) {
		CHECK(0, "temporary file");
		return;
	}
	unlink(path);
	map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		CHECK(0, "mmap");
		return;
	}
	if ((d = lbc_decoder_new_mapped(map, len, LBC_ENC_AUTO, &err)) == NULL) {
		CHECK(0, "mapped decoder");
		munmap(map, len);
		return;
	}
	CHECK_INT(lbc_decoder_encoding(d) == LBC_ENC_UTF8, valid, what);
	/* the separator's second decoder: the same detection, from the start */
	if ((a = lbc_decoder_again(d, &err)) != NULL) {
		CHECK_INT(lbc_decoder_encoding(a), lbc_decoder_encoding(d),
		    "decoder made again: the same encoding");
		CHECK(lbc_decoder_line(a, &l, &n, &bad) == 1 && n == 2 &&
		    memcmp(l, "ab", 2) == 0, "decoder made again: first line");
		lbc_decoder_free(a);
	} else
		CHECK(0, "decoder made again");
	while (lbc_decoder_line(d, &l, &n, &bad) == 1) {
		lines++;
		anybad |= bad;
		hits += n == 5 && memcmp(l, "\xe6\x98\x8e" "ab", 5) == 0;
	}
	CHECK_INT((int)lines, (int)(len / 3 - 1), "mapped decoder: every line");
	if (valid) {
		CHECK_INT((int)hits, 1, "mapped decoder: the character at the step");
		CHECK_INT(anybad, 0, "mapped decoder: no bad line");
	} else
		CHECK((anybad & LBC_DEC_INVALID) != 0,
		    "mapped decoder: the bad line");
	lbc_decoder_free(d);
	munmap(map, len);
}

/*
 * A mapped input is checked for UTF-8 in steps of 16 MiB, each given back
 * after: a character across a step's end must not make it invalid, and a
 * bad byte after the first step must still be found.
 */
static void
mapped(void)
{
	size_t len = (size_t)(17 << 20) / 3 * 3, at = (size_t)(16 << 20) - 1, i;
	char *buf = malloc(len);

	if (buf == NULL) {
		CHECK(0, "memory");
		return;
	}
	for (i = 0; i < len; i += 3)
		memcpy(buf + i, "ab\n", 3);
	/* 16 MiB - 1 starts a line: 明 there, the step's end at its second
	 * byte, and the line runs on into the next ("明ab") */
	CHECK_INT((int)(at % 3), 0, "the step's end in a line");
	memcpy(buf + at, "\xe6\x98\x8e", 3);
	mapped_case(buf, len, 1, "valid UTF-8 across a step is UTF-8");
	buf[len - 2] = '\xff';
	mapped_case(buf, len, 0, "a bad byte after the first step is told");
	free(buf);
}

int
main(void)
{
	enum lbc_encoding e;

	across_blocks();
	CHECK_STR(decode("a\nb\n", 4, LBC_ENC_AUTO, &e), "a|b", "ASCII lines");
	CHECK_INT(e, LBC_ENC_UTF8, "ASCII is UTF-8");
	CHECK_STR(decode("a\nb", 3, LBC_ENC_AUTO, &e), "a|b", "no final LF");
	CHECK_STR(decode("\xef\xbb\xbf姓名\r\n", 11, LBC_ENC_AUTO, &e),
	    "姓名", "UTF-8 BOM skipped, CR LF is the line end");
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
	CHECK_STR(decode("a\rb\rc", 5, LBC_ENC_AUTO, &e), "a|b|c",
	    "CR-only line ends");
	CHECK_STR(decode("\xd0\xd5\r\xc3\xfb\r", 6, LBC_ENC_AUTO, &e), "姓|名",
	    "CR-only line ends, GB18030");
	CHECK_INT(lbc_encoding_byname("GBK"), LBC_ENC_GB18030, "GBK is GB18030");
	CHECK_INT(lbc_encoding_byname("latin1"), LBC_ENC_AUTO, "unknown name");
	mixed();
	gb2022();
	line_ends();
	mapped();
	return check_failed;
}

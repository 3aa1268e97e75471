/* Folding through ICU: NFKC, white space, brackets. */
#include "buf.h"
#include "check.h"
#include "err.h"
#include "fold.h"

int
main(void)
{
	struct lbc_buf b = { 0 };
	struct lbc_fold *f;
	int err = 0;

	if ((f = lbc_fold_new(&err)) == NULL) {
		printf("FAIL fold_new: %s\n", lbc_strerror(err));
		return 1;
	}
	CHECK_INT(lbc_fold_name(f, "王　小 明", strlen("王　小 明"), &b), 0,
	    "fold name");
	CHECK_STR(b.p, "王小明", "ideographic and ASCII spaces removed");
	lbc_fold_name(f, "５２０１Ｘ", strlen("５２０１Ｘ"), &b);
	CHECK_STR(b.p, "5201X", "full-width digits and letters to ASCII");
	lbc_fold_key(f, "村（居）代码", strlen("村（居）代码"), &b);
	CHECK_STR(b.p, "村居代码", "full-width brackets dropped in keys");
	lbc_fold_key(f, " (外)祖父母 监护", strlen(" (外)祖父母 监护"), &b);
	CHECK_STR(b.p, "外祖父母监护", "ASCII brackets and spaces dropped");
	lbc_fold_key(f, "High", 4, &b);
	CHECK_STR(b.p, "high", "ASCII lower-cased in keys");
	lbc_fold_trim(f, "\xe3\x80\x80 第一小学 \t", strlen("\xe3\x80\x80 第一小学 \t"), &b);
	CHECK_STR(b.p, "第一小学", "trim keeps inner text");
	lbc_fold_trim(f, " a b ", 5, &b);
	CHECK_STR(b.p, "a b", "trim ASCII");
	CHECK_INT(lbc_fold_name(f, "\xff\xfe", 2, &b), LBC_EENCODING,
	    "invalid UTF-8 refused");
	CHECK(lbc_utf8_valid("\xf0\x9f\x98\x80", 4), "4-byte UTF-8 valid");
	CHECK(!lbc_utf8_valid("\xed\xa0\x80", 3), "surrogate invalid");
	CHECK(!lbc_utf8_valid("\xc0\xaf", 2), "overlong invalid");
	lbc_fold_name(f, "①", strlen("①"), &b);
	CHECK_STR(b.p, "1", "NFKC expands compatibility characters");
	lbc_buf_free(&b);
	lbc_fold_free(f);
	return check_failed;
}

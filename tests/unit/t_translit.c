/* Name keys: Traditional to Simplified and toneless pinyin through ICU. */
#include <stdlib.h>

#include "buf.h"
#include "check.h"
#include "err.h"
#include "translit.h"

static const char *
simp(struct lbc_translit *t, struct lbc_buf *b, const char *s)
{
	if (lbc_translit_simplify(t, s, strlen(s), b) != 0)
		return NULL;
	return b->p;
}

static const char *
pin(struct lbc_translit *t, struct lbc_buf *b, const char *s)
{
	if (lbc_translit_pinyin(t, s, strlen(s), b) != 0)
		return NULL;
	return b->p;
}

int
main(void)
{
	struct lbc_buf b = { 0 };
	struct lbc_translit *t;
	int err = 0, i;

	if ((t = lbc_translit_new(&err)) == NULL) {
		printf("FAIL translit_new: %s\n", lbc_strerror(err));
		return 1;
	}
	CHECK_STR(simp(t, &b, "王曉明"), "王晓明", "Traditional to Simplified");
	CHECK_STR(simp(t, &b, "張麗華"), "张丽华", "every character converted");
	CHECK_STR(simp(t, &b, "王晓明"), "王晓明", "Simplified unchanged");
	CHECK_STR(simp(t, &b, "Anna·李"), "Anna·李", "non-Han kept, case too");
	CHECK_STR(simp(t, &b, ""), "", "empty name");
	CHECK_STR(pin(t, &b, "王晓明"), "wang xiao ming", "pinyin without tones");
	CHECK_STR(pin(t, &b, "王小明"), "wang xiao ming", "homophone 小/晓");
	CHECK_STR(pin(t, &b, "王曉明"), "wang xiao ming", "Traditional gets pinyin");
	CHECK_STR(pin(t, &b, "李丽"), "li li", "丽");
	CHECK_STR(pin(t, &b, "李莉"), "li li", "莉 sounds the same");
	CHECK_STR(pin(t, &b, "吕丽"), "lv li", "ü written v");
	CHECK_STR(pin(t, &b, "鲁丽"), "lu li", "鲁 is not 吕");
	CHECK_STR(pin(t, &b, "买买提·艾力"), "mai mai ti · ai li",
	    "separator dot kept between syllables");
	CHECK_STR(pin(t, &b, "Anna"), "anna", "ASCII lower-cased");
	CHECK_STR(pin(t, &b, "王二2"), "wang er 2", "digits kept apart");
	CHECK_STR(pin(t, &b, ""), "", "empty pinyin");
	/* The cache must give the same answer as the first call. */
	for (i = 0; i < 3; i++)
		pin(t, &b, "长城");
	CHECK_STR(b.p, "zhang cheng", "cached code points, context-free");
	CHECK_INT(lbc_translit_pinyin(t, "\xe7\x8e", 2, &b), LBC_EENCODING,
	    "truncated UTF-8 refused");
	CHECK_INT(lbc_translit_simplify(t, "\xff", 1, &b), LBC_EENCODING,
	    "invalid byte refused");
	lbc_translit_free(t);
	lbc_translit_free(NULL);
	lbc_buf_free(&b);
	return check_failed;
}

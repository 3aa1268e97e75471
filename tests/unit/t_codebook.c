/* The codebook: defaults, aliases, folding, user files. */
#include "check.h"
#include "codebook.h"
#include "err.h"
#include "fold.h"

int
main(void)
{
	struct lbc_codebook *cb;
	struct lbc_fold *f;
	unsigned long line;
	int err = 0, risk, g, p;
	FILE *fp;
	const char *user = "field\tcode\tlabel\taliases\n"
	    "risk\thigh\t\t红色|特别关注\n"
	    "risk\tnone\t无风险\t\n"
	    "# a comment\n"
	    "problems\t-\n"
	    "problems\tpoor\t经济困难\t贫困\n";

	f = lbc_fold_new(&err);
	cb = lbc_codebook_new(f, &err);
	CHECK(cb != NULL, "default codebook");
	if (cb == NULL)
		return 1;
	risk = lbc_codebook_field(cb, "risk");
	g = lbc_codebook_field(cb, "guardian");
	p = lbc_codebook_field(cb, "problems");
	CHECK(risk >= 0 && g >= 0 && p >= 0, "fields present");
	{
		int ch = lbc_codebook_field(cb, "change");
		int lw = lbc_codebook_field(cb, "left_why");

		CHECK_INT(lbc_codebook_ncodes(cb, ch), 3, "change: three codes");
		CHECK_STR(lbc_codebook_code(cb, ch, 0), "new", "change: new first");
		CHECK_STR(lbc_codebook_label(cb, ch, 1), "退出", "change: left label");
		CHECK_STR(lbc_codebook_label(cb, ch, 2), "持续", "change: stayed label");
		CHECK_STR(lbc_codebook_label(cb, lw, 0), "年满16周岁",
		    "left_why: aged_out label");
		CHECK_INT(lbc_codebook_field(cb, "was_risk"), risk,
		    "was_risk coded as risk");
	}
	CHECK_INT(lbc_codebook_ncodes(cb, risk), 3, "three risk levels");
	CHECK_STR(lbc_codebook_code(cb, risk, 0), "high", "most severe first");
	CHECK_INT(lbc_codebook_match(cb, risk, "重点关注", strlen("重点关注")), 0,
	    "alias");
	CHECK_INT(lbc_codebook_match(cb, risk, " 中 风险 ", strlen(" 中 风险 ")),
	    1, "label with spaces");
	CHECK_INT(lbc_codebook_match(cb, risk, "LOW", 3), 2, "code, any case");
	CHECK_INT(lbc_codebook_match(cb, g, "（外）祖父母监护",
	    strlen("（外）祖父母监护")), 0, "full-width brackets");
	CHECK_INT(lbc_codebook_match(cb, g, "外祖父母监护",
	    strlen("外祖父母监护")), 0, "bracket content kept");
	CHECK_INT(lbc_codebook_match(cb, g, "父母双亡", strlen("父母双亡")), -1,
	    "unknown value");
	CHECK_STR(lbc_codebook_label(cb, p, 4), "安全失保", "problem label");
	CHECK_INT(lbc_codebook_index(cb, p, "psych", 5), 3, "index by code");

	fp = fmemopen((void *)user, strlen(user), "r");
	CHECK_INT(lbc_codebook_load(cb, fp, &line), 0, "user file loads");
	fclose(fp);
	CHECK_INT(lbc_codebook_match(cb, risk, "红色", strlen("红色")), 0,
	    "alias added to a known code");
	CHECK_STR(lbc_codebook_label(cb, risk, 0), "高风险",
	    "empty label keeps the old one");
	CHECK_INT(lbc_codebook_ncodes(cb, risk), 4, "new code appended");
	CHECK_INT(lbc_codebook_ncodes(cb, p), 1, "- replaces a field");
	CHECK_INT(lbc_codebook_match(cb, p, "学业", strlen("学业")), -1,
	    "replaced categories gone");
	fp = fmemopen((void *)"risk\n", 5, "r");
	CHECK_INT(lbc_codebook_load(cb, fp, &line), LBC_EFORMAT, "bad row");
	CHECK_INT(line, 1, "bad row line");
	fclose(fp);
	lbc_codebook_free(cb);
	lbc_fold_free(f);
	return check_failed;
}

/*
 * Conditions on records: parsing, resolving against a header, the
 * codebook and the regions table, evaluating; Chinese field names; place
 * names of every level.
 */
#include <stdlib.h>

#include "check.h"
#include "codebook.h"
#include "err.h"
#include "fields.h"
#include "fold.h"
#include "rec.h"
#include "regions.h"
#include "select.h"

static const char regions_tsv[] = "code\tname\n39\t云岭省\n3901\t青山市\n"
    "390121\t清水县\n390121100\t清水镇\n390121100001\t新华村\n"
    "390121101\t白沙镇\n390121101001\t新华村\n390121101002\t龙潭村\n";

static const char stream[] =
    "name\tsex\tbirth\tregion\trisk\tproblems\tsurvey\tscore\n"
    "A\tM\t2012-06-30\t390121100001\thigh\tstudy;safety\t2026-06-30\t7\n"
    "B\tF\t2012-07-02\t390121101001\tlow\t\t2026-06-30\t12\n"
    "C\tF\t\t390121101002\t\tliving\t\tx\n"
    "D\tM\t2020-01-01\t390121\tmedium\tstudy\t2026-05-01\t-1.5\n";

struct env {
	struct lbc_fold		*f;
	struct lbc_codebook	*cb;
	struct lbc_regions	*r;
};

/* The names of the records meeting conds (NULL-ended), or the message. */
static char *
run(struct env *e, const char *const *conds, int *rc)
{
	static char out[256];
	struct lbc_select_conf conf = { e->cb, e->f, e->r, { 2026, 6, 30 }, NULL };
	struct lbc_select *s = lbc_select_new(&conf);
	struct lbc_reader *rd;
	FILE *fp;
	int err;

	out[0] = '\0';
	*rc = 0;
	for (; *conds != NULL && *rc == 0; conds++)
		*rc = lbc_select_add(s, *conds);
	fp = fmemopen((void *)stream, strlen(stream), "r");
	rd = lbc_reader_new(fp, "t", &err);
	if (*rc == 0)
		*rc = lbc_select_start(s, rd);
	if (*rc != 0)
		snprintf(out, sizeof(out), "%s", lbc_select_message(s));
	else
		while (lbc_reader_next(rd) == 1)
			if (lbc_select_match(s, rd))
				strcat(out, lbc_reader_get(rd, 0, NULL));
	lbc_reader_free(rd);
	fclose(fp);
	lbc_select_free(s);
	return out;
}

#define SEL(e, want, ...) do {						\
	const char *c_[] = { __VA_ARGS__, NULL };			\
	int rc_;							\
	CHECK_STR(run(e, c_, &rc_), want, #__VA_ARGS__);		\
	CHECK_INT(rc_, 0, #__VA_ARGS__ " resolves");			\
} while (0)

#define BAD(e, want, ...) do {						\
	const char *c_[] = { __VA_ARGS__, NULL };			\
	int rc_;							\
	const char *m_ = run(e, c_, &rc_);				\
	CHECK_INT(rc_, LBC_EARG, #__VA_ARGS__ " refused");		\
	CHECK(strstr(m_, want) != NULL, want);				\
} while (0)

int
main(void)
{
	struct env e;
	unsigned long line;
	char codes[4][13];
	int err = 0;
	FILE *fp;

	e.f = lbc_fold_new(&err);
	e.cb = lbc_codebook_new(e.f, &err);
	fp = fmemopen((void *)regions_tsv, strlen(regions_tsv), "r");
	e.r = lbc_regions_load(fp, e.f, &line, &err);
	fclose(fp);

	/* places by name, with and without suffix */
	CHECK_INT(lbc_regions_find(e.r, "新华村", strlen("新华村"), codes, 4), 2,
	    "a shared village name matches twice");
	CHECK_STR(codes[1], "390121101001", "in table order");
	CHECK_INT(lbc_regions_find(e.r, "龙潭", strlen("龙潭"), codes, 4), 1,
	    "a name without its suffix");
	CHECK_INT(lbc_regions_find(e.r, "清水", strlen("清水"), codes, 1), 2,
	    "more matches than room are counted");
	CHECK_INT(lbc_regions_find(e.r, "月亮村", strlen("月亮村"), codes, 4), 0,
	    "an unknown place");

	/* Chinese names */
	CHECK_STR(lbc_field_canonical(e.f, "风险等级"), "risk", "风险等级");
	CHECK_STR(lbc_field_canonical(e.f, "区划"), "region", "区划");
	CHECK_STR(lbc_field_canonical(e.f, "年龄"), "age", "年龄");
	CHECK_STR(lbc_field_canonical(e.f, "存在问题"), "problems", "存在问题");
	CHECK_STR(lbc_field_canonical(e.f, "姓名"), "name", "姓名");
	CHECK(lbc_field_canonical(e.f, "备注") == NULL, "an unknown title");

	SEL(&e, "ABCD", "name!=");
	SEL(&e, "A", "risk=高风险");
	SEL(&e, "BCD", "risk!=high");
	SEL(&e, "AB", "risk=high|low");
	SEL(&e, "C", "风险等级=");
	SEL(&e, "AD", "problems~学业失教");
	SEL(&e, "A", "problems=安全失保;学业失教");
	SEL(&e, "B", "problems=");
	SEL(&e, "A", "problems#>=2");
	SEL(&e, "BCD", "problems#<2");
	SEL(&e, "A", "age>=14");
	SEL(&e, "B", "age=13");
	SEL(&e, "BD", "age<14");
	SEL(&e, "BCD", "age!=14");
	SEL(&e, "D", "score<0");
	SEL(&e, "B", "score>=10");
	SEL(&e, "D", "survey<2026-06");
	SEL(&e, "AB", "survey>=2026年6月1日");
	SEL(&e, "AB", "month=2026-06");
	SEL(&e, "ABCD", "region=清水县");
	SEL(&e, "ABCD", "region=390121000000");
	SEL(&e, "BC", "region=白沙镇");
	SEL(&e, "B", "区划=白沙镇/新华村");
	SEL(&e, "A", "region=清水县/清水镇/新华村");
	SEL(&e, "BCD", "region!=390121100");
	SEL(&e, "AC", "risk=high || problems~living");
	SEL(&e, "C", "risk=high || problems~living", "sex=女");
	BAD(&e, "more than one place: 390121100001 新华村 (清水镇), "
	    "390121101001 新华村 (白沙镇)", "region=新华村");
	BAD(&e, "did you mean 高风险?", "risk=高危");
	BAD(&e, "no field 民族; the fields, closest first: sex, age, name, risk, "
	    "birth, score, month, region, survey, problems", "民族=汉");
	BAD(&e, "no field riks; the fields, closest first: risk, ", "riks=high");
	BAD(&e, "no place 月亮村", "region=月亮村");
	BAD(&e, "is coded", "risk>high");
	BAD(&e, "not a number", "age>十");
	BAD(&e, "give FIELD OP VALUE", "risk");
	BAD(&e, "give FIELD OP VALUE", "=high");

	lbc_regions_free(e.r);
	lbc_codebook_free(e.cb);
	lbc_fold_free(e.f);
	return check_failed;
}

/* Dates in every form survey files use. */
#include "check.h"
#include "date.h"
#include "err.h"

static void
one(const char *s, int rc, const char *want)
{
	struct lbc_date d = { 0, 0, 0 };
	char buf[11], what[128];
	int got = lbc_date_parse(s, strlen(s), &d);

	snprintf(what, sizeof(what), "parse \"%s\"", s);
	if (rc < 0) {
		CHECK_INT(got, rc, what);
		return;
	}
	CHECK_INT(got, rc, what);
	if (rc == 1)
		d.d = 1;
	lbc_date_format(&d, buf);
	CHECK_STR(buf, want, what);
}

int
main(void)
{
	struct lbc_date b, a;

	one("2015-03-04", 0, "2015-03-04");
	one("2015/3/4", 0, "2015-03-04");
	one("2015.3.4", 0, "2015-03-04");
	one("2015年3月4日", 0, "2015-03-04");
	one("2015年03月04号", 0, "2015-03-04");
	one("20150304", 0, "2015-03-04");
	one("2015-03-04 00:00:00", 0, "2015-03-04");
	one("2015/3/4 0:00", 0, "2015-03-04");
	one("42067", 0, "2015-03-04");
	one("43831", 0, "2020-01-01");
	one("42067.5", 0, "2015-03-04");
	one("10000", 0, "1927-05-18");
	one("1", LBC_EFORMAT, "");
	one("2015", LBC_EFORMAT, "");
	one("2015.03", 1, "2015-03-01");
	one("2015.10", 1, "2015-10-01");
	one("2015.3.4 0:00", 0, "2015-03-04");
	one("2015-03", 1, "2015-03-01");
	one("2015年3月", 1, "2015-03-01");
	one("201503", 1, "2015-03-01");
	one("2015/3", 1, "2015-03-01");
	one("2015-02-29", LBC_EFORMAT, "");
	one("2016-02-29", 0, "2016-02-29");
	one("2015-13-01", LBC_EFORMAT, "");
	one("2015-3-4x", LBC_EFORMAT, "");
	one("2015-03/04", LBC_EFORMAT, "");
	one("60", LBC_EFORMAT, "");
	one("0", LBC_EFORMAT, "");
	one("", LBC_EFORMAT, "");
	one("abc", LBC_EFORMAT, "");
	one("3/4/2015", LBC_EFORMAT, "");

	b = (struct lbc_date){ 2010, 3, 4 };
	a = (struct lbc_date){ 2026, 3, 3 };
	CHECK_INT(lbc_date_age(&b, &a), 15, "15 years 364 days is 15");
	a = (struct lbc_date){ 2026, 3, 4 };
	CHECK_INT(lbc_date_age(&b, &a), 16, "birthday on the survey date");
	b = (struct lbc_date){ 2012, 2, 29 };
	a = (struct lbc_date){ 2013, 2, 28 };
	CHECK_INT(lbc_date_age(&b, &a), 0, "leap-day birth before 03-01");
	a = (struct lbc_date){ 1970, 1, 1 };
	CHECK_INT(lbc_date_days(&a), 0, "epoch is day 0");
	return check_failed;
}

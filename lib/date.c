#include <string.h>
#include <time.h>

#include "date.h"
#include "err.h"

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
lbc_date_valid(int y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && leap(y));
}

/* Howard Hinnant's days_from_civil. */
long
lbc_date_days(const struct lbc_date *dt)
{
	long y = dt->y - (dt->m <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long mp = (dt->m + 9) % 12;
	long doy = (153 * mp + 2) / 5 + (dt->d ? dt->d : 1) - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

static void
from_days(long z, struct lbc_date *dt)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;

	dt->d = (int)(doy - (153 * mp + 2) / 5 + 1);
	dt->m = (int)(mp < 10 ? mp + 3 : mp - 9);
	dt->y = (int)(yoe + era * 400 + (dt->m <= 2));
}

/* Reads 1..max digits at *p; returns the number or -1. */
static int
num(const char **p, const char *e, int max)
{
	int v = 0, k = 0;

	while (*p < e && **p >= '0' && **p <= '9' && k < max) {
		v = v * 10 + (**p - '0');
		(*p)++;
		k++;
	}
	return k ? v : -1;
}

static int
lit(const char **p, const char *e, const char *s)
{
	size_t n = strlen(s);

	if ((size_t)(e - *p) >= n && memcmp(*p, s, n) == 0) {
		*p += n;
		return 1;
	}
	return 0;
}

/* A trailing time of day ("00:00:00", " 0:00") is allowed and ignored. */
static int
at_end(const char *p, const char *e)
{
	if (p == e)
		return 1;
	if (*p != ' ' && *p != 'T')
		return 0;
	for (p++; p < e; p++)
		if (!((*p >= '0' && *p <= '9') || *p == ':' || *p == '.'))
			return 0;
	return 1;
}

static int
all_digits(const char *p, const char *e)
{
	for (; p < e; p++)
		if (*p < '0' || *p > '9')
			return 0;
	return 1;
}

static int
finish(struct lbc_date *d, int y, int m, int day)
{
	if (day == 0) {
		if (!lbc_date_valid(y, m, 1))
			return LBC_EFORMAT;
		d->y = y; d->m = m; d->d = 0;
		return 1;
	}
	if (!lbc_date_valid(y, m, day))
		return LBC_EFORMAT;
	d->y = y; d->m = m; d->d = day;
	return 0;
}

int
lbc_date_parse(const char *s, size_t n, struct lbc_date *d)
{
	const char *p = s, *e = s + n, *q;
	int y, m, day;
	size_t digits;

	while (p < e && *p == ' ')
		p++;
	while (e > p && e[-1] == ' ')
		e--;
	for (q = p; q < e && *q >= '0' && *q <= '9'; q++)
		;
	digits = (size_t)(q - p);
	if (digits == 8 && at_end(q, e)) {
		y = num(&p, e, 4); m = num(&p, e, 2); day = num(&p, e, 2);
		return finish(d, y, m, day);
	}
	if (digits == 6 && q == e) {
		y = num(&p, e, 4); m = num(&p, e, 2);
		return finish(d, y, m, 0);
	}
	/*
	 * An Excel serial day number has 5 digits here (10000 is 1927-05-18):
	 * four digits are a year, so 2015.03 is March 2015, not day 2015.
	 */
	if (digits == 5 && (q == e || *q == '.') &&
	    all_digits(q + (q < e), e) && (q == e || q + 1 < e)) {
		long serial = 0;
		const char *r;

		for (r = p; r < q; r++)
			serial = serial * 10 + (*r - '0');
		from_days(serial - 25569, d);	/* 1899-12-30 is day -25569 */
		return lbc_date_valid(d->y, d->m, d->d) ? 0 : LBC_EFORMAT;
	}
	if (digits != 4)
		return LBC_EFORMAT;
	y = num(&p, e, 4);
	if (lit(&p, e, "年")) {
		if ((m = num(&p, e, 2)) < 0 || !lit(&p, e, "月"))
			return LBC_EFORMAT;
		if (p == e)
			return finish(d, y, m, 0);
		if ((day = num(&p, e, 2)) < 0)
			return LBC_EFORMAT;
		if (!lit(&p, e, "日"))
			(void)lit(&p, e, "号");
		return at_end(p, e) ? finish(d, y, m, day) : LBC_EFORMAT;
	}
	if (p == e || (*p != '-' && *p != '/' && *p != '.'))
		return LBC_EFORMAT;
	char sep = *p++;
	if ((m = num(&p, e, 2)) < 0)
		return LBC_EFORMAT;
	if (p == e)
		return finish(d, y, m, 0);
	if (*p++ != sep || (day = num(&p, e, 2)) < 0)
		return LBC_EFORMAT;
	return at_end(p, e) ? finish(d, y, m, day) : LBC_EFORMAT;
}

void
lbc_date_format(const struct lbc_date *d, char out[11])
{
	int y = d->y, m = d->m, day = d->d;

	out[0] = (char)('0' + y / 1000 % 10);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10 % 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + day / 10 % 10);
	out[9] = (char)('0' + day % 10);
	out[10] = '\0';
}

int
lbc_date_cmp(const struct lbc_date *a, const struct lbc_date *b)
{
	if (a->y != b->y)
		return a->y < b->y ? -1 : 1;
	if (a->m != b->m)
		return a->m < b->m ? -1 : 1;
	if (a->d != b->d)
		return a->d < b->d ? -1 : 1;
	return 0;
}

int
lbc_date_age(const struct lbc_date *birth, const struct lbc_date *at)
{
	int age = at->y - birth->y;

	if (at->m < birth->m || (at->m == birth->m && at->d < birth->d))
		age--;
	return age;
}

void
lbc_date_today(struct lbc_date *d)
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	d->y = tm.tm_year + 1900;
	d->m = tm.tm_mon + 1;
	d->d = tm.tm_mday;
}

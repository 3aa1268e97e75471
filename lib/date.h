/*
 * date.h: calendar dates as survey files write them.
 *
 * Accepted (after NFKC and trimming): 2015-03-04, 2015/3/4, 2015.3.4,
 * 2015年3月4日 (or 号), 20150304, an Excel serial day number of the 1900
 * system with 5 digits (10000 to 99999, 1927 to 2173; a fraction ignored),
 * each optionally followed by a time of day after a space or T; and
 * year-month only: 2015-03, 2015/3, 2015.3, 2015.03, 2015年3月, 201503.
 * Four digits are always a year.
 */
#ifndef LBC_DATE_H
#define LBC_DATE_H

#include <stddef.h>

struct lbc_date {
	int	y, m, d;	/* d == 0: the day is unknown */
};

/*
 * Parses s[0..n).  Returns 0 for a full date, 1 for year and month only
 * (d set to 0), LBC_EFORMAT for anything else, including impossible dates
 * such as 2015-02-30 and years outside 1900-2100.
 */
int	lbc_date_parse(const char *s, size_t n, struct lbc_date *d);
/* 1 when y-m-d is a real calendar day in 1900-2100. */
int	lbc_date_valid(int y, int m, int d);
/* Writes YYYY-MM-DD and a NUL into out. */
void	lbc_date_format(const struct lbc_date *d, char out[11]);
/* Days since 1970-01-01 (negative before). */
long	lbc_date_days(const struct lbc_date *d);
/* Whole years from birth to at (negative when at is before birth). */
int	lbc_date_age(const struct lbc_date *birth, const struct lbc_date *at);
/* -1, 0 or 1 as a is before, equal to or after b. */
int	lbc_date_cmp(const struct lbc_date *a, const struct lbc_date *b);
/* Today's date in local time. */
void	lbc_date_today(struct lbc_date *d);

#endif

/*
 * check.h: the unit-test harness.  Each test binary calls CHECK* in any
 * number of functions run through RUN(); every CHECK prints one line
 * "PASS file: what" or "FAIL file:line: what", which tests/run.sh counts.
 * main() returns 1 if anything failed.
 */
#ifndef LBC_CHECK_H
#define LBC_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failed;

#define CHECK(cond, what) do {						\
	if (cond)							\
		printf("PASS %s: %s\n", __FILE__, (what));		\
	else {								\
		printf("FAIL %s:%d: %s (%s)\n", __FILE__, __LINE__,	\
		    (what), #cond);					\
		check_failed = 1;					\
	}								\
} while (0)

#define CHECK_STR(got, want, what) do {					\
	const char *g_ = (got), *w_ = (want);				\
	if (g_ != NULL && w_ != NULL && strcmp(g_, w_) == 0)		\
		printf("PASS %s: %s\n", __FILE__, (what));		\
	else {								\
		printf("FAIL %s:%d: %s: got \"%s\", want \"%s\"\n",	\
		    __FILE__, __LINE__, (what), g_ ? g_ : "(null)",	\
		    w_ ? w_ : "(null)");				\
		check_failed = 1;					\
	}								\
} while (0)

#define CHECK_INT(got, want, what) do {					\
	long long g_ = (long long)(got), w_ = (long long)(want);	\
	if (g_ == w_)							\
		printf("PASS %s: %s\n", __FILE__, (what));		\
	else {								\
		printf("FAIL %s:%d: %s: got %lld, want %lld\n",		\
		    __FILE__, __LINE__, (what), g_, w_);		\
		check_failed = 1;					\
	}								\
} while (0)

#endif

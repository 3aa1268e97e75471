/*
 * select.h: conditions on records (lbc-select -w, lbc-tally -w).
 *
 * A condition is FIELD OP VALUE, OP one of = != < <= > >= ~, with '#'
 * before OP to compare the number of values of a multi-valued field
 * (problems#>=2).  VALUE may list alternatives joined by '|': the record
 * meets the condition when it meets it for any of them; != is exactly
 * the negation of = (so an empty field meets region!=X).  One -w may
 * join conditions with "||": it holds when any of them does (risk=高风险
 * || guardian=无人监护); conditions of different -w must all hold.  FIELD is a
 * column of the stream, a Chinese name as forms write it (风险等级, 区划,
 * 年龄: lbc_field_canonical()), or one of the computed fields age (whole
 * years at the survey date, else the as-of date) and month (YYYY-MM of
 * the survey date).
 *
 *   region     = and ~ mean "inside": a code of any level (2-12 digits)
 *              or a place name of any level from the regions table; a
 *              name several places share is qualified by the names above
 *              it joined by '/' (清水镇/新华村, 清水县/白沙镇/新华村)
 *   coded      fields the codebook codes (sex, guardian, risk, problems):
 *              values are codes, labels or aliases; only = != ~
 *   ~          one of the ';'-separated values of the field is VALUE
 *   = on a multi-valued field (problems, flags) compares the whole set:
 *              problems=学业失教;安全失保 (empty VALUE: none)
 *   < <= > >=  numbers when VALUE is a number, else dates when VALUE is
 *              a date (a year-month means its first day), else text in
 *              byte order; a field that is empty or not of that kind
 *              meets no ordered condition
 *
 * Conditions are parsed by lbc_select_add(), resolved against a stream's
 * header, the codebook and the regions table by lbc_select_start() (where
 * unknown fields, values and places are found), then tested per record
 * with codes and code prefixes only.
 */
#ifndef LBC_SELECT_H
#define LBC_SELECT_H

#include <stddef.h>

#include "date.h"

struct lbc_codebook;
struct lbc_fold;
struct lbc_reader;
struct lbc_regions;

struct lbc_select_conf {
	struct lbc_codebook		*cb;		/* required */
	struct lbc_fold			*fold;		/* required */
	const struct lbc_regions	*regions;	/* may be NULL: codes only */
	struct lbc_date			 as_of;		/* age without survey date */
	/*
	 * The reader's language for lbc_select_message(): tr(msgid) returns
	 * the translation of a message format (gettext); NULL: English.
	 */
	const char			*(*tr)(const char *msgid);
};

struct lbc_select;

/* Returns NULL when out of memory.  conf's objects must outlive it. */
struct lbc_select *lbc_select_new(const struct lbc_select_conf *conf);
/* NULL is a no-op. */
void	lbc_select_free(struct lbc_select *s);

/*
 * Parses one -w: a condition or several joined by "||".  Returns 0,
 * LBC_ENOMEM, or LBC_EARG with the reason in lbc_select_message().
 */
int	lbc_select_add(struct lbc_select *s, const char *cond);
/* Number of conditions added. */
size_t	lbc_select_count(const struct lbc_select *s);
/*
 * Resolves every condition against r's header, the codebook and the
 * regions table.  Returns 0, LBC_ENOMEM, or LBC_EARG with a message that
 * names the condition and, for an unknown field, lists the fields there
 * are; for an unknown coded value suggests the closest label; for an
 * ambiguous place lists the candidates' codes and parents.
 */
int	lbc_select_start(struct lbc_select *s, const struct lbc_reader *r);
/* 1 when r's current record meets every condition, else 0. */
int	lbc_select_match(const struct lbc_select *s,
	    const struct lbc_reader *r);
/* The last error's message (static empty string when none). */
const char *lbc_select_message(const struct lbc_select *s);
/*
 * The conditions as given, joined by "; " (an empty string when none),
 * for titles.  Owned by s.
 */
const char *lbc_select_text(const struct lbc_select *s);

/*
 * The fields of r and the computed ones (age, month) as "a, b, c", those
 * closest to want first (edit distance in code points), for a message
 * about an unknown field; malloc'd, NULL when out of memory.
 */
char	*lbc_select_fields_near(const struct lbc_reader *r, const char *want);

#endif

/*
 * list.h: lists of children for people (lbc-list): who to visit.
 *
 * A struct lbc_list takes records and keeps, for each, the columns asked
 * for as people read them: the region as the names of its levels (省, 市,
 * 县(市、区), 乡镇(街道), 村(社区)) from the regions table (the level's code
 * when the table lacks it, empty below the record's level), coded fields
 * as codebook labels (性别 男, 风险等级 高风险, 存在问题 学业失教、安全失保),
 * the age computed (whole years at the survey date, else the as-of date),
 * the ID number optionally masked (5201**********0013: the first and last
 * four characters kept).  Rows are sorted by region code, then by name in
 * Chinese (pinyin) order, then input order.
 *
 * Columns are named as lbc-select takes fields (姓名, 性别, 年龄, 风险等级,
 * or any column of the stream), plus province city county township
 * village (or 省 市 县 乡镇 村: one level's name), region (区划: all five)
 * and code (区划代码: the region code).  The default is the follow-up set:
 * 姓名 性别 年龄 身份证号码, the five level names, 监护类型 风险等级 存在问题
 * 排查日期.
 *
 * Memory: one arena holding every kept cell, and one offset per record.
 */
#ifndef LBC_LIST_H
#define LBC_LIST_H

#include <stddef.h>

#include "date.h"

struct lbc_buf;
struct lbc_codebook;
struct lbc_fold;
struct lbc_reader;
struct lbc_regions;
struct lbc_writer;

struct lbc_list_conf {
	struct lbc_codebook		*cb;		/* required */
	struct lbc_fold			*fold;		/* required */
	const struct lbc_regions	*regions;	/* names; may be NULL */
	struct lbc_date			 as_of;		/* age without survey date */
	int				 mask_id;	/* mask ID numbers */
	/*
	 * The reader's language for lbc_list_message(): tr(msgid) returns
	 * the translation of a format marked N_() (gettext); NULL: English.
	 */
	const char			*(*tr)(const char *msgid);
};

struct lbc_list;

/* Returns NULL when out of memory (or ICU's collator fails). */
struct lbc_list *lbc_list_new(const struct lbc_list_conf *conf);
void	lbc_list_free(struct lbc_list *l);

/*
 * Sets the columns from a comma-separated list (NULL: the default).
 * Returns 0, LBC_ENOMEM, or LBC_EARG (message in lbc_list_message()).
 */
int	lbc_list_columns(struct lbc_list *l, const char *spec);
/*
 * Finds the columns in r's header.  Returns 0, LBC_ENOMEM, or LBC_EARG
 * with a message naming the field and listing those there are.
 */
int	lbc_list_start(struct lbc_list *l, const struct lbc_reader *r);
const char *lbc_list_message(const struct lbc_list *l);
/* Keeps r's current record.  Returns 0 or LBC_ENOMEM. */
int	lbc_list_add(struct lbc_list *l, const struct lbc_reader *r);
/* Sorts the rows.  Returns 0 or LBC_ENOMEM. */
int	lbc_list_finish(struct lbc_list *l);

size_t	lbc_list_ncols(const struct lbc_list *l);
/* The Chinese title of column j. */
const char *lbc_list_title(const struct lbc_list *l, size_t j);
/* 1 when column j holds whole numbers (the age). */
int	lbc_list_numeric(const struct lbc_list *l, size_t j);
size_t	lbc_list_nrows(const struct lbc_list *l);
/* The cells of row i (after lbc_list_finish), into cells[ncols]. */
void	lbc_list_row(const struct lbc_list *l, size_t i, const char **cells);
/* The region code of row i ("" when none). */
const char *lbc_list_code(const struct lbc_list *l, size_t i);

/*
 * The place a group of rows belongs to: the region code of row i cut to
 * digits (2, 4, 6, 9, 12; shorter codes stay whole) into key.
 */
void	lbc_list_group(const struct lbc_list *l, size_t i, int digits,
	    char key[13]);
/*
 * The name of the place key for a title: the names of its levels from the
 * county down (from the province for a county or above), joined by
 * spaces, with "(未细分到乡镇)" (or 村, 县) when key is shorter than
 * digits; "未填区划" for "".  Into out.  Returns 0 or LBC_ENOMEM.
 */
int	lbc_list_place(const struct lbc_list *l, const char *key, int digits,
	    struct lbc_buf *out);
/* The place's own name (the last level), else its code, "未填区划" for "". */
const char *lbc_list_place_name(const struct lbc_list *l, const char *key);

/* Prints the titles and rows as a record stream.  Returns 0. */
int	lbc_list_write_tsv(const struct lbc_list *l, struct lbc_writer *w);

#endif

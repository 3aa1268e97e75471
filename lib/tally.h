/*
 * tally.h: counting children in one pass over a record stream.
 *
 * A struct lbc_tally holds any number of tables, each over one field (a
 * list) or two (a crosstab: the first down, the second across).  Fields:
 *
 *   region    the region code cut to the level's digits (2 province,
 *             4 city, 6 county, 9 township, 12 village); a code shorter
 *             than the level stays as it is, labelled "NAME(未细分到村)"
 *             (or 乡镇, 县, 市); labels are names from the regions table,
 *             else the code; names two rows share get "(code)" after them;
 *             at township and village level also the names of each level
 *             (struct lbc_tally_cat's name[], lbc_table's nnames)
 *   age       whole years at the record's survey date (else the as-of
 *             date) in bands given by their lower bounds (default 0,6,14:
 *             0-5, 6-13, 14-15); ages below the first bound or of 16 and
 *             over get bands of their own that appear only when used;
 *             no birth date, or one after the survey, is 未填
 *   month     YYYY-MM of the survey date
 *   problems, flags
 *             multi-response: split on ';', a child counts once under
 *             each of its values, a child with none under 无 (code "")
 *   any other column by name; a column the codebook codes (sex,
 *             guardian, risk, ...) is matched by code, then by label or
 *             alias, and labelled from the codebook
 *
 * Empty values count under 未填 (code "").  Values a codebook does not
 * know are categories of their own, after the codebook's.
 *
 * Order of categories: codebook order for coded fields (every category,
 * used or not), then unknown values by descending count; region codes in
 * code order; age bands and months in time order; any other column in
 * natural order (numbers by value, then dates by date, then text with
 * runs of digits compared as numbers: 0项 1项 2项 10项), or by descending
 * count (ties in byte order) when conf.sort_count is set.  无 and 未填
 * come last, and only when used.
 *
 * Memory grows with the number of categories and of non-empty cells, not
 * with the number of records.  The codebook and regions table given in
 * struct lbc_tally_conf must outlive the tally.
 */
#ifndef LBC_TALLY_H
#define LBC_TALLY_H

#include <stddef.h>

#include "date.h"

struct lbc_codebook;
struct lbc_reader;
struct lbc_regions;

#define LBC_TALLY_MAXBANDS	64
#define LBC_TALLY_MAXNAMES	3	/* county, township, village */

struct lbc_tally_conf {
	struct lbc_codebook		*cb;		/* required */
	const struct lbc_regions	*regions;	/* names; may be NULL */
	int				 level;		/* 2, 4, 6, 9 or 12 */
	struct lbc_date			 as_of;		/* no survey date */
	const int			*ages;		/* NULL: 0,6,14 */
	size_t				 nages;
	int				 sort_count;	/* columns by count */
};

/* One category of a field in a finished table; strings owned by the tally. */
struct lbc_tally_cat {
	const char	*code;		/* as --long prints it */
	const char	*label;		/* as the tables print it */
	unsigned long	 n;		/* children in the category */
	int		 missing;	/* 1 for 未填 */
	/*
	 * A region at township or village level: the names of the county,
	 * the township and the village (lbc_table's nnames of them), each
	 * with "(code)" only when two places of one parent share it (the
	 * county's parent is every place); a code that stops short of the
	 * level has its known names, then "(未细分到村)" (or 乡镇) in the
	 * last column; 未填 and values that are no code sit in the first.
	 */
	const char	*name[LBC_TALLY_MAXNAMES];
};

/*
 * A finished table.  A list has ncols == 0 and its counts are row[i].n.
 * total counts children; with a multi-response field the categories may
 * sum to more.  Everything is owned by the tally.
 */
struct lbc_table {
	size_t				 nfields;	/* 1 or 2 */
	const char			*field[2];	/* names as given */
	const char			*title[2];	/* Chinese titles */
	int				 multi[2];	/* multi-response */
	size_t				 nnames[2];	/* name columns */
	const struct lbc_tally_cat	*row, *col;
	size_t				 nrows, ncols;
	unsigned long			 total;
	const void			*priv;
	/* a layer of "a,b,c": c's field, title, value ("合计": all); else NULL */
	const char			*layer_field, *layer_title;
	const char			*layer, *layer_code;
};

enum lbc_pct {
	LBC_PCT_NONE = 0,
	LBC_PCT_ROW,
	LBC_PCT_COL,
	LBC_PCT_ALL
};

struct lbc_tally;

/* Returns NULL and sets *err (LBC_ENOMEM, LBC_EARG for bad bands). */
struct lbc_tally *lbc_tally_new(const struct lbc_tally_conf *conf,
	    int *err);
void	lbc_tally_free(struct lbc_tally *t);

/*
 * Adds a table over "field" or "field,field", or layers "a,b,c": the
 * crosstab a,b of all children (its layer "合计") followed, after
 * lbc_tally_finish(), by one crosstab a,b per category of c in c's order,
 * each with its own categories, totals and tests.  Returns 0, LBC_EARG
 * when spec is not one to three non-empty names, or LBC_ENOMEM.
 */
int	lbc_tally_add_table(struct lbc_tally *t, const char *spec);
/*
 * Finds the columns every table needs in r's header; called once, after
 * the last lbc_tally_add_table().  Returns 0, LBC_ENOMEM, or LBC_EHEADER
 * with *missing set to the name of an absent column.
 */
int	lbc_tally_start(struct lbc_tally *t, const struct lbc_reader *r,
	    const char **missing);
/* Counts r's current record in every table.  Returns 0 or LBC_ENOMEM. */
int	lbc_tally_add(struct lbc_tally *t, const struct lbc_reader *r);
/*
 * An empty tally with t's settings and tables (before lbc_tally_start()),
 * to count a later part of the same stream; NULL with *err set, LBC_EARG
 * when t has a layered table.
 */
struct lbc_tally *lbc_tally_twin(const struct lbc_tally *t, int *err);
/*
 * Adds the counts of src, a twin of dst, to dst, as if dst had counted
 * src's records after its own; src is spent (free it).  Returns 0,
 * LBC_EARG or LBC_ENOMEM.
 */
int	lbc_tally_merge(struct lbc_tally *dst, struct lbc_tally *src);
/*
 * Counts the records r reads (the tallies started on its header) into
 * t[0..nt), those sel meets (NULL: all), adding the records read to
 * *seen.  When r reads the file fd from its offset base on (base < 0: a
 * pipe) and the file is large enough, a second thread counts the second
 * half (lib/tallycount.c); the tables come out the same.  Returns what
 * lbc_reader_next() returned last (0 at the end, or its error, the line
 * r's), or with *err set to an error of counting.
 */
struct lbc_select;
int	lbc_tally_count(struct lbc_tally *const *t, size_t nt,
	    const struct lbc_select *sel, struct lbc_reader *r, int fd,
	    long long base, unsigned long *seen, int *err);
/* Orders the categories and makes the tables.  Returns 0 or LBC_ENOMEM. */
int	lbc_tally_finish(struct lbc_tally *t);

unsigned long lbc_tally_records(const struct lbc_tally *t);
/* Tables added; after lbc_tally_finish() the layers count too. */
size_t	lbc_tally_ntables(const struct lbc_tally *t);
/* Table i after lbc_tally_finish(). */
const struct lbc_table *lbc_tally_table(const struct lbc_tally *t, size_t i);

/*
 * Children in cell (r, c) of a finished crosstab; r == nrows is the total
 * row and c == ncols the total column (for a list c is ignored).
 */
unsigned long lbc_table_count(const struct lbc_table *t, size_t r, size_t c);
/*
 * The denominator of cell (r, c)'s percentage: row total, column total
 * or the number of children.  A list always uses the number of children.
 */
unsigned long lbc_table_denom(const struct lbc_table *t, enum lbc_pct pct,
	    size_t r, size_t c);
/*
 * 1 when cell (r, c) is its own denominator (a total that is 100% by
 * definition, so it gets no interval).
 */
int	lbc_table_is_base(const struct lbc_table *t, enum lbc_pct pct,
	    size_t r, size_t c);
/*
 * The value columns of a table as printed: a list has one (人数), a
 * crosstab one per column category and the 合计 column (c == ncols).
 */
size_t	lbc_table_nvalues(const struct lbc_table *t);
const char *lbc_table_value_label(const struct lbc_table *t, size_t c);
/*
 * Calls fn for each non-empty cell of a crosstab (each category with
 * children for a list) in table order; stops and returns what fn returns
 * when it is not 0.  Returns 0 or LBC_ENOMEM.
 */
int	lbc_table_cells(const struct lbc_table *t,
	    int (*fn)(void *arg, size_t r, size_t c, unsigned long n),
	    void *arg);

/*
 * The title of name column k (0 to LBC_TALLY_MAXNAMES - 1): 县(市、区),
 * 乡镇(街道), 村(社区); NULL past them.
 */
const char *lbc_tally_name_title(size_t k);

/* Level digits (2, 4, 6, 9, 12) of a name or digit string, or LBC_EARG. */
int	lbc_tally_level(const char *s);
/* The English name of level digits ("county"), or NULL. */
const char *lbc_tally_level_name(int digits);
/*
 * Parses "0,6,14": up to LBC_TALLY_MAXBANDS strictly increasing whole
 * numbers 0-150 into out.  Returns how many, or LBC_EARG.
 */
int	lbc_tally_parse_ages(const char *s, int *out);
/*
 * Writes the bands of the lower bounds ages[0..nages) as people read them
 * ("0-5岁, 6-13岁, 14-15岁", a last open band "16岁及以上") to out, cut to
 * n bytes with a NUL.
 */
void	lbc_tally_ages_text(char *out, size_t n, const int *ages,
	    size_t nages);

#endif

/*
 * regions.h: the statistical division table (统计用区划代码).
 *
 * A table is read as published: TSV or CSV (the separator of its first
 * line), UTF-8 or GB18030/GBK (detected as for survey files, enc.h), rows
 * `code name`, `code type name` (the NBS 3-digit 城乡分类代码 between, or
 * that column left empty) or with further columns, which are ignored.  A
 * first row without a numeric code is a header; blank lines and lines
 * starting with # are skipped.
 *
 * A code keeps the level its length gives: 2 province, 4 city, 6 county,
 * 9 township, 12 village digits, so 441900 东莞市 is county-level (the city
 * without counties is 4419) and 350527000 金门县 a township.  The 12-digit
 * zero-padded form is read by its context: it is shortened by its trailing
 * zeros (441900000000 -> 4419, 520102003000 -> 520102003), and a padded
 * code that repeats one already read is the place one level below (the
 * padded 东莞市 twice: the city 4419, then the county 441900).  A township
 * whose county-level code XXXX00 the table lacks while it has the city
 * XXXX implies that county-level place under the city's name.  The same
 * code twice with the same name is one place; with another name an error.
 *
 * Names are looked up after folding (lbc_fold_name), exactly or when equal
 * after dropping one trailing level suffix (村 社区 居委会 村委会 镇 乡 街道
 * 办事处 县 区 市 省 自治区 自治州 自治县): each level inside the place
 * above it when that is known, a village only inside its township.
 *
 * A built-in table (lbc_regions_builtin) is compiled into lbc; a table
 * read from a file can be stacked over it (lbc_regions_set_base): codes and
 * names are then looked up in the file's places first and only what the
 * file does not know in the built-in places.
 */
#ifndef LBC_REGIONS_H
#define LBC_REGIONS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct lbc_fold;
struct lbc_regions;

/* Levels of the division, top down. */
enum lbc_region_level {
	LBC_LV_PROVINCE, LBC_LV_CITY, LBC_LV_COUNTY, LBC_LV_TOWNSHIP,
	LBC_LV_VILLAGE, LBC_NLEVELS
};

/* What is wrong with a table's line, when a load fails with LBC_EFORMAT. */
struct lbc_regions_diag {
	unsigned long	 line;		/* the line (1-based) */
	unsigned long	 other;		/* the earlier line of its code, or 0 */
	const char	*why;		/* what is wrong: static English, N_() */
};

/*
 * Reads a table from fp.  Returns NULL and sets *err (LBC_EFORMAT with d
 * filled, LBC_EIO, LBC_ENOMEM, LBC_EICU) on failure; d may be NULL.
 * f is kept for lookups and must outlive the table.
 */
struct lbc_regions *lbc_regions_read(FILE *fp, struct lbc_fold *f,
	    struct lbc_regions_diag *d, int *err);
/* The same with only the line of an error. */
struct lbc_regions *lbc_regions_load(FILE *fp, struct lbc_fold *f,
	    unsigned long *line, int *err);

/*
 * The built-in table (cheap: the compiled arrays are used in place).
 * Returns NULL and sets *err (LBC_ENOMEM) on failure.
 */
struct lbc_regions *lbc_regions_builtin(struct lbc_fold *f, int *err);
/* Which table the built-in one is ("国家统计局 统计用区划代码 2023 ..."). */
const char *lbc_regions_builtin_label(void);

/*
 * Stacks r over base: lookups in r that find nothing there look in base.
 * r owns base from now on (lbc_regions_free(r) frees it).
 */
void	lbc_regions_set_base(struct lbc_regions *r, struct lbc_regions *base);

/* Frees r and the table under it; NULL is a no-op. */
void	lbc_regions_free(struct lbc_regions *r);

/*
 * Reads a code of 2-12 digits: 2, 4, 6 and 9 digits are kept as they are,
 * the zero-padded 12-digit form is shortened by its trailing zeros
 * (520102000000 -> 520102, 441900000000 -> 4419).  Returns the length,
 * or 0 when code[0..n) is not 2, 4, 6, 9 or 12 digits.  out gets the code
 * and a NUL.
 */
size_t	lbc_region_code_norm(const char *code, size_t n, char out[13]);

/*
 * The name of code, or NULL when neither r nor the table under it has it.
 */
const char *lbc_regions_name(const struct lbc_regions *r, const char *code,
	    size_t n);
/*
 * The level digits (2, 4, 6, 9 or 12) of code when the table (or the one
 * under it) holds it, else 0.
 */
int	lbc_regions_level(const struct lbc_regions *r, const char *code,
	    size_t n);
/* 1 when r is the built-in table alone (no table read from a file). */
int	lbc_regions_is_builtin(const struct lbc_regions *r);
/* Number of places in r itself (not the table under it). */
size_t	lbc_regions_count(const struct lbc_regions *r);

/*
 * Every place of any level (province to village) whose name matches
 * s[0..n) after folding, exactly or when equal after dropping one
 * trailing level suffix; places of the user's table (-r) first, the
 * built-in table's only when -r has none.  Writes up to max codes
 * (NUL-terminated, 2-12 digits) to out and returns the number of
 * matches, which may be more than max.
 */
size_t lbc_regions_find(const struct lbc_regions *r, const char *s,
    size_t n, char (*out)[13], size_t max);

/* Names of a row, one per level; a level with len 0 is not given. */
struct lbc_region_names {
	const char	*name[LBC_NLEVELS];
	size_t		 len[LBC_NLEVELS];
};

#define LBC_REGION_NCAND 8

/* Why a resolution failed: the level and the places that matched there. */
struct lbc_region_why {
	enum lbc_region_level level;
	size_t		 ncand;			/* places matched (0: none) */
	char		 cand[LBC_REGION_NCAND][13]; /* the first of them */
};

/*
 * Resolves the names of a row to the most specific code: level by level
 * from the province down, each inside the place found above it (inside
 * scope[0..sn), a code, when sn > 0).  Returns the code's length with out
 * filled, LBC_ENOTFOUND when a name matches nothing (or a village comes
 * without its township, or no name is given), LBC_EAMBIGUOUS when one
 * matches more than one place; why (may be NULL) says at which level and,
 * when ambiguous, the candidates.
 */
int	lbc_regions_resolve_names(const struct lbc_regions *r,
	    const char *scope, size_t sn, const struct lbc_region_names *q,
	    char out[13], struct lbc_region_why *why);

/*
 * Resolves county, township and village names (each may be empty) to the
 * most specific code, as lbc_regions_resolve_names.
 */
int	lbc_regions_resolve(const struct lbc_regions *r, const char *county,
	    size_t cn, const char *township, size_t tn, const char *village,
	    size_t vn, char out[13]);

/*
 * Makes a county (6) or township (9) code more specific with the township
 * and village names of the same row, looked up inside it.  Returns the new
 * length with out filled, or LBC_ENOTFOUND / LBC_EAMBIGUOUS (the code
 * stands as it is).
 */
int	lbc_regions_refine(const struct lbc_regions *r, const char *code,
	    size_t n, const char *township, size_t tn, const char *village,
	    size_t vn, char out[13]);

/*
 * The compiled form of a table, as the build writes the built-in one
 * (lbc_regions_write_c); not for other callers.  Places are in code order;
 * key = code zero-padded to 12 digits * 16 + its length.  Names are
 * offsets into text; ex and lo index places by the hash (lbc_hash) of the
 * folded name and of the folded name without its level suffix, nb buckets
 * each: bucket b holds items [start[b], start[b+1]).
 */
struct lbc_regions_image {
	const char	*label;
	size_t		 n;
	uint32_t	 nb;
	const uint64_t	*key;
	const uint32_t	*name, *fname;
	const uint32_t	*ex_start, *ex_item, *lo_start, *lo_item;
	const char	*text;
};

/*
 * Writes r's places as C source defining the image `symbol` with label.
 * Returns 0 or LBC_EIO.
 */
int	lbc_regions_write_c(const struct lbc_regions *r, FILE *out,
	    const char *symbol, const char *label);

#endif

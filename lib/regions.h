/*
 * regions.h: the statistical division table (统计用区划代码).
 *
 * Read from TSV rows code<TAB>name (further columns ignored, a first row
 * without a numeric code taken as a header).  Codes have 2, 4, 6, 9 or 12
 * digits; the 12-digit form padded with zeros is accepted for any level and
 * shortened.  Names are looked up after folding (lbc_fold_name), exactly or
 * when equal after dropping one trailing level suffix (村 社区 居委会 村委会 镇
 * 乡 街道 办事处 县 区 市), a township inside its county when one is given,
 * and a village only inside its township.
 */
#ifndef LBC_REGIONS_H
#define LBC_REGIONS_H

#include <stddef.h>
#include <stdio.h>

struct lbc_fold;
struct lbc_regions;

/*
 * Reads a table from fp.  Returns NULL and sets *err (LBC_EFORMAT with
 * *line set, LBC_EIO, LBC_ENOMEM) on failure.
 */
struct lbc_regions *lbc_regions_load(FILE *fp, struct lbc_fold *f,
	    unsigned long *line, int *err);
void	lbc_regions_free(struct lbc_regions *r);

/*
 * Shortens a code of 2-12 digits written in the zero-padded 12-digit form
 * (520102000000 -> 520102) and returns its length, or 0 when code[0..n) is
 * not 2, 4, 6, 9 or 12 digits.  out gets the code and a NUL.
 */
size_t	lbc_region_code_norm(const char *code, size_t n, char out[13]);

/* The name of code, or NULL when the table does not have it. */
const char *lbc_regions_name(const struct lbc_regions *r, const char *code,
	    size_t n);
/* Number of codes in the table. */
size_t	lbc_regions_count(const struct lbc_regions *r);

/*
 * Resolves county, township and village names (each may be empty) to the
 * most specific code.  Returns its length with out filled, LBC_ENOTFOUND
 * when a name matches nothing (or a village comes without its township),
 * LBC_EAMBIGUOUS when one matches more than one place.
 */
int	lbc_regions_resolve(struct lbc_regions *r, const char *county,
	    size_t cn, const char *township, size_t tn, const char *village,
	    size_t vn, char out[13]);

/*
 * Makes a county (6) or township (9) code more specific with the township
 * and village names of the same row, looked up inside it.  Returns the new
 * length with out filled, or LBC_ENOTFOUND / LBC_EAMBIGUOUS (the code
 * stands as it is).
 */
int	lbc_regions_refine(struct lbc_regions *r, const char *code, size_t n,
	    const char *township, size_t tn, const char *village, size_t vn,
	    char out[13]);

/*
 * Every place of any level whose name matches s[0..n) after folding,
 * exactly or without one trailing level suffix, in table order.  Writes
 * up to max codes to out and returns the number of matches (which may be
 * more than max).
 */
size_t	lbc_regions_find(const struct lbc_regions *r, const char *s,
	    size_t n, char (*out)[13], size_t max);

#endif

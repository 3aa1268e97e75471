/*
 * codebook.h: coded fields and their categories (see lbc(5)).
 *
 * A codebook maps the values offices write (labels and aliases) to codes,
 * and gives each field's categories in order (risk: most severe first).
 * The default of lbc(5) is built in; a user file, TSV
 * field<TAB>code<TAB>label<TAB>aliases (aliases separated by |), extends
 * it: a known code gets the new label and more aliases, a new code is
 * appended.  A row whose code is "-" first drops the field's categories,
 * so a file can replace a field.  Lines starting with # and blank lines
 * are ignored.  Matching folds white space, width, brackets and ASCII case.
 */
#ifndef LBC_CODEBOOK_H
#define LBC_CODEBOOK_H

#include <stddef.h>
#include <stdio.h>

struct lbc_fold;
struct lbc_codebook;

/* The built-in codebook; f is used for matching and must outlive it. */
struct lbc_codebook *lbc_codebook_new(struct lbc_fold *f, int *err);
void	lbc_codebook_free(struct lbc_codebook *cb);
/*
 * The built-in codebook as codebook-file text (field<TAB>code<TAB>label
 * <TAB>aliases lines, aliases separated by |): static, for printing.
 */
const char *lbc_codebook_builtin(void);
/*
 * Reads a codebook file and merges it.  Returns 0, or LBC_EFORMAT with
 * *line set to the offending line, LBC_EIO, LBC_ENOMEM.
 */
int	lbc_codebook_load(struct lbc_codebook *cb, FILE *fp,
	    unsigned long *line);

/*
 * The index of a field ("risk"), or -1 if the codebook does not code it;
 * "was_risk" (lbc-diff(1)) is coded as "risk" unless the codebook has it.
 */
int	lbc_codebook_field(const struct lbc_codebook *cb, const char *field);
size_t	lbc_codebook_ncodes(const struct lbc_codebook *cb, int field);
const char *lbc_codebook_code(const struct lbc_codebook *cb, int field,
	    size_t i);
const char *lbc_codebook_label(const struct lbc_codebook *cb, int field,
	    size_t i);
/* Category index of code (exact), or -1. */
int	lbc_codebook_index(const struct lbc_codebook *cb, int field,
	    const char *code, size_t n);
/*
 * Category index matching value (a code, label or alias, folded), or -1
 * when nothing matches (text that cannot be folded matches nothing).
 */
int	lbc_codebook_match(struct lbc_codebook *cb, int field,
	    const char *value, size_t n);

#endif

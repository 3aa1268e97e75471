/*
 * fields.h: the titles of the fields lbc knows, as tables and charts for
 * the joint meeting show them ("region" -> "区划").
 */
#ifndef LBC_FIELDS_H
#define LBC_FIELDS_H

/* The Chinese title of field, or NULL for a column lbc does not know. */
const char *lbc_field_title(const char *field);

struct lbc_fold;
struct lbc_reader;

/*
 * The field a name given on the command line stands for: a Chinese title
 * of lbc_field_title() (区划 -> "region", 年龄 -> "age") or a header that
 * lbc-import knows (风险等级 -> "risk", 姓名 -> "name", 村 -> "village"),
 * matched after lbc_fold_key; NULL when it is none of them (an English
 * field name is returned as NULL too: it stands for itself).
 */
const char *lbc_field_canonical(struct lbc_fold *f, const char *name);

/*
 * The column of r that name stands for: the column of that name, else of
 * its canonical field.  Returns the index or -1; *canon (may be NULL) gets
 * the field name used (name itself when neither matched).
 */
int	lbc_field_find(const struct lbc_reader *r, struct lbc_fold *f,
	    const char *name, const char **canon);

/*
 * A copy of the comma-separated field list spec (malloc'd; NULL when out
 * of memory) with each name that lbc_field_canonical() knows replaced by
 * its field: "区划,风险等级" -> "region,risk".
 */
char	*lbc_field_spec_canonical(struct lbc_fold *f, const char *spec);

#endif

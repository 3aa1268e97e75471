#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fields.h"
#include "fold.h"
#include "import.h"
#include "rec.h"

static const struct {
	const char	*field;
	const char	*title;
} titles[] = {
	{ "region", "区划" }, { "age", "年龄" }, { "month", "排查月份" },
	{ "sex", "性别" }, { "guardian", "监护类型" }, { "risk", "风险等级" },
	{ "problems", "存在问题" }, { "flags", "标记" }, { "school", "学校" },
	{ "grade", "年级" }, { "reporter", "填报单位" }, { "survey", "排查日期" },
	{ "birth", "出生日期" }, { "src", "来源文件" }, { NULL, NULL }
};

const char *
lbc_field_title(const char *field)
{
	size_t i;

	for (i = 0; titles[i].field != NULL; i++)
		if (strcmp(titles[i].field, field) == 0)
			return titles[i].title;
	return NULL;
}

const char *
lbc_field_canonical(struct lbc_fold *f, const char *name)
{
	struct lbc_buf key = { 0 }, b = { 0 };
	const char *got = NULL;
	size_t i;

	if (lbc_fold_key(f, name, strlen(name), &key) != 0 || key.len == 0)
		goto done;
	for (i = 0; got == NULL && titles[i].field != NULL; i++)
		if (lbc_fold_key(f, titles[i].title, strlen(titles[i].title),
		    &b) == 0 && b.len == key.len &&
		    memcmp(b.p, key.p, key.len) == 0)
			got = titles[i].field;
	if (got == NULL)
		got = lbc_import_header_field(key.p, key.len, f);
done:
	lbc_buf_free(&key);
	lbc_buf_free(&b);
	return got;
}

int
lbc_field_find(const struct lbc_reader *r, struct lbc_fold *f,
    const char *name, const char **canon)
{
	const char *c;
	int i;

	if (canon != NULL)
		*canon = name;
	if ((i = lbc_reader_find(r, name)) >= 0)
		return i;
	if ((c = lbc_field_canonical(f, name)) == NULL)
		return -1;
	if (canon != NULL)
		*canon = c;
	return lbc_reader_find(r, c);
}

char *
lbc_field_spec_canonical(struct lbc_fold *f, const char *spec)
{
	struct lbc_buf out = { 0 }, one = { 0 };
	const char *p = spec, *comma, *c;
	int rc = 0;

	do {
		comma = strchr(p, ',');
		lbc_buf_clear(&one);
		if ((rc = lbc_buf_add(&one, p, comma ? (size_t)(comma - p) :
		    strlen(p))) != 0)
			break;
		c = lbc_field_canonical(f, one.p);
		if ((rc = lbc_buf_adds(&out, c != NULL ? c : one.p)) != 0 ||
		    (comma != NULL && (rc = lbc_buf_addc(&out, ',')) != 0))
			break;
		p = comma + 1;
	} while (comma != NULL);
	lbc_buf_free(&one);
	if (rc == 0 && out.p == NULL)
		rc = lbc_buf_adds(&out, "");
	if (rc != 0) {
		lbc_buf_free(&out);
		return NULL;
	}
	return out.p;
}

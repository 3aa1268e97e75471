#include <stddef.h>
#include <string.h>

#include "fields.h"

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

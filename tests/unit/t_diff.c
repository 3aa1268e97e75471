/*
 * lib/diff: the ID step before the name step, homophones, the guard
 * against different IDs and double claims, aged_out, an empty OLD, the
 * header, the pairs table and errors.
 */
#include <stdlib.h>

#include "check.h"
#include "codebook.h"
#include "diff.h"
#include "err.h"
#include "fold.h"
#include "rec.h"

static struct lbc_codebook *cb;

/* Runs the diff of two texts; returns the output (and pairs), or NULL. */
static char *
diff(const char *old, const char *new, const char *as_of, char **pairs,
    struct lbc_diff_stats *st, int *rc)
{
	struct lbc_diff_conf c = { 0 };
	struct lbc_diff_where where;
	struct lbc_writer *w, *pw = NULL;
	char *out = NULL, *pout = NULL;
	size_t n, pn;
	FILE *o, *p = NULL;

	/* fmemopen wants a size: an empty OLD is an empty temporary file */
	c.old = *old ? fmemopen((void *)old, strlen(old), "r") : tmpfile();
	c.new = fmemopen((void *)new, strlen(new), "r");
	c.oldname = "old";
	c.newname = "new";
	c.as_of = as_of;
	c.cb = cb;
	o = open_memstream(&out, &n);
	w = lbc_writer_new(o);
	if (pairs != NULL) {
		p = open_memstream(&pout, &pn);
		pw = lbc_writer_new(p);
	}
	*rc = lbc_diff_run(&c, w, pw, st, &where);
	lbc_writer_free(w);
	fclose(o);
	if (pairs != NULL) {
		lbc_writer_free(pw);
		fclose(p);
		*pairs = pout;
	}
	fclose(c.old);
	fclose(c.new);
	return out;
}

/* Line k (from 0) of s, in a static buffer. */
static const char *
line(const char *s, int k)
{
	static char buf[512];
	const char *e;

	while (k-- > 0 && s != NULL && (s = strchr(s, '\n')) != NULL)
		s++;
	if (s == NULL || *s == '\0')
		return "";
	e = strchr(s, '\n');
	snprintf(buf, sizeof(buf), "%.*s", (int)(e ? e - s : (long)strlen(s)), s);
	return buf;
}

#define H "id\tname\tsex\tbirth\tregion\trisk\tsurvey\n"

int
main(void)
{
	struct lbc_diff_stats st;
	struct lbc_fold *f;
	char *out, *pairs;
	int err = 0, rc;

	f = lbc_fold_new(&err);
	cb = lbc_codebook_new(f, &err);

	/* The ID-less record comes first in NEW, but the ID step goes first. */
	out = diff(H "390121201503040019\t王小明\tM\t\t390121100001\thigh\t2026-05-10\n",
	    H "\t王小明\tM\t2015-03-04\t390121100001\tlow\t2026-06-10\n"
	    "390121201503040019\t王小明\tM\t\t390121100001\tmedium\t2026-06-10\n",
	    NULL, &pairs, &st, &rc);
	CHECK_INT(rc, 0, "runs");
	CHECK_STR(line(out, 0), "id\tname\tsex\tbirth\tregion\trisk\tsurvey\t"
	    "change\twas_risk\tleft_why", "header: NEW's fields and the three");
	CHECK_STR(line(out, 1), "\t王小明\tM\t2015-03-04\t390121100001\tlow\t"
	    "2026-06-10\tnew\t\t", "the ID-less one is new");
	CHECK_STR(line(out, 2), "390121201503040019\t王小明\tM\t\t390121100001\t"
	    "medium\t2026-06-10\tstayed\thigh\t", "the ID wins, was_risk from OLD");
	CHECK_STR(line(pairs, 1), "2\t3\tid", "pairs: old and new line, how");
	CHECK_INT(st.stayed, 1, "one stayed");
	CHECK_INT(st.by_id, 1, "by ID");
	CHECK_STR(st.as_of, "2026-06-10", "as_of: NEW's latest survey");
	free(out);
	free(pairs);

	/* Homophones without IDs; a township region agrees with its village. */
	out = diff(H "\t王晓明\tM\t2015-03-04\t390121100\tlow\t\n",
	    H "\t王小明\t\t2015-03-04\t390121100001\tlow\t\n", NULL, &pairs,
	    &st, &rc);
	CHECK_STR(line(pairs, 1), "2\t2\tpinyin", "homophone across months");
	CHECK_STR(st.as_of, "", "no survey date: no reference date");
	free(out);
	free(pairs);

	/* Different valid IDs, same name and birth: never one child. */
	out = diff(H "390121201503040019\t王小明\tM\t\t390121100001\tlow\t\n",
	    H "390121201503040035\t王小明\tM\t\t390121100001\tlow\t\n", NULL,
	    NULL, &st, &rc);
	CHECK(st.stayed == 0 && st.added == 1 && st.left == 1,
	    "different IDs: one new, one left");
	free(out);

	/* Two NEW twins with IDs could both be OLD's ID-less child: neither. */
	out = diff(H "\t赵敏\tF\t2016-02-01\t390121100002\tlow\t\n",
	    H "390121201602011125\t赵敏\tF\t\t390121100002\tlow\t\n"
	    "390121201602011221\t赵敏\tF\t\t390121100002\tlow\t\n", NULL, NULL,
	    &st, &rc);
	CHECK(st.stayed == 0 && st.added == 2 && st.left == 1,
	    "two claims: none");
	free(out);

	/* aged_out: 16 on the reference date, not the day before. */
	out = diff(H "390121201006200317\t周杰\tM\t\t390121101002\tlow\t\n", H,
	    "2026-06-20", NULL, &st, &rc);
	CHECK_STR(line(out, 1), "390121201006200317\t周杰\tM\t\t390121101002\t"
	    "low\t\tleft\tlow\taged_out", "16 on the day: aged_out");
	free(out);
	out = diff(H "390121201006200317\t周杰\tM\t\t390121101002\tlow\t\n", H,
	    "2026-06-19", NULL, &st, &rc);
	CHECK_INT(st.aged_out, 0, "15 the day before");
	free(out);

	/* OLD's own fields follow NEW's, empty for NEW's records. */
	out = diff("name\tbirth\tnote\n李丽\t2014-07-01\tx\n",
	    "name\tbirth\n张三\t2012-01-01\n", NULL, NULL, &st, &rc);
	CHECK_STR(line(out, 0), "name\tbirth\tnote\tchange\twas_risk\tleft_why",
	    "OLD's extra field");
	CHECK_STR(line(out, 1), "张三\t2012-01-01\t\tnew\t\t", "empty in NEW");
	CHECK_STR(line(out, 2), "李丽\t2014-07-01\tx\tleft\t\t", "kept for OLD");
	free(out);

	/* An empty OLD: a first period. */
	out = diff("", H "\t张三\tM\t2012-01-01\t52\tlow\t\n", NULL, NULL, &st,
	    &rc);
	CHECK(rc == 0 && st.added == 1 && st.nold == 0, "empty OLD: all new");
	free(out);

	/* Errors. */
	out = diff(H, "a\tb\n1\t2\n", NULL, NULL, &st, &rc);
	CHECK_INT(rc, LBC_EHEADER, "NEW without id or name");
	free(out);
	out = diff(H, H "x\n", NULL, NULL, &st, &rc);
	CHECK_INT(rc, LBC_EFIELDS, "a short line");
	free(out);
	out = diff(H, "name\tchange\nx\tnew\n", NULL, NULL, &st, &rc);
	CHECK_INT(rc, LBC_EHEADER, "NEW is already a diff");
	free(out);
	out = diff(H, H, "2026-02-30", NULL, &st, &rc);
	CHECK_INT(rc, LBC_EARG, "not a day");
	free(out);

	lbc_codebook_free(cb);
	lbc_fold_free(f);
	return check_failed;
}

/* The dedupe engine: matching, the guard, survivorship, output order. */
#include <stdlib.h>

#include "buf.h"
#include "check.h"
#include "codebook.h"
#include "dedupe.h"
#include "err.h"
#include "fold.h"
#include "rec.h"

#define HDR "src\tline\tid\tid_raw\tname\tsex\tbirth\tregion\trisk\tproblems\tsurvey\tflags\n"
/* Valid IDs (check characters computed): A, B male; C female. */
#define IDA "52010220120506013X"
#define IDB "520102201205060156"
#define IDC "520102201205060244"

static struct lbc_fold *fold;
static struct lbc_codebook *cb;

/* Runs the engine on text; returns "child:how ..." per record, in order. */
static char *
clusters(const char *text, char **out)
{
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	struct lbc_buf b = { 0 };
	struct lbc_reader *r;
	struct lbc_dedupe *d;
	struct lbc_writer *w;
	char *mem = NULL;
	size_t i, memlen;
	FILE *o;
	int err = 0;

	if (fp == NULL || (r = lbc_reader_new(fp, "t", &err)) == NULL)
		return strdup(lbc_strerror(err));
	if ((d = lbc_dedupe_new(r, cb, &err)) == NULL) {
		lbc_reader_free(r);
		fclose(fp);
		return strdup(lbc_strerror(err));
	}
	while (lbc_reader_next(r) == 1)
		if (lbc_dedupe_add(d, r) != 0)
			return strdup("add failed");
	if (lbc_dedupe_run(d) != 0)
		return strdup("run failed");
	for (i = 0; i < lbc_dedupe_nrecords(d); i++)
		lbc_buf_printf(&b, "%s%zu:%s", i ? " " : "",
		    lbc_dedupe_child(d, i), lbc_dedupe_howname(lbc_dedupe_how(d, i)));
	if (out != NULL) {
		o = open_memstream(&mem, &memlen);
		w = lbc_writer_new(o);
		lbc_dedupe_write(d, w);
		lbc_writer_free(w);
		fclose(o);
		*out = mem;
	}
	lbc_dedupe_free(d);
	lbc_reader_free(r);
	fclose(fp);
	return b.p != NULL ? b.p : strdup("");
}

static void
expect(const char *text, const char *want, const char *what)
{
	char *got = clusters(text, NULL);

	CHECK_STR(got, want, what);
	free(got);
}

/* Line n (from 0) of s, in a static buffer. */
static const char *
line(const char *s, int n)
{
	static char buf[1024];
	const char *e;

	while (n-- > 0 && s != NULL && (s = strchr(s, '\n')) != NULL)
		s++;
	if (s == NULL)
		return "";
	e = strchr(s, '\n');
	snprintf(buf, sizeof(buf), "%.*s", (int)(e ? e - s : (long)strlen(s)), s);
	return buf;
}

/*
 * lbc_dedupe_same_child() for records i and j of text (input order), both
 * ways round; -1 when they disagree or the text does not load.
 */
static int
same(const char *text, size_t i, size_t j)
{
	FILE *fp = fmemopen((void *)text, strlen(text), "r");
	struct lbc_dedupe_key a, b;
	struct lbc_reader *r;
	struct lbc_dedupe *d;
	int err = 0, h1, h2;

	if (fp == NULL || (r = lbc_reader_new(fp, "t", &err)) == NULL)
		return -1;
	if ((d = lbc_dedupe_new(r, cb, &err)) == NULL)
		return -1;
	while (lbc_reader_next(r) == 1)
		if (lbc_dedupe_add(d, r) != 0)
			return -1;
	lbc_dedupe_key(d, i, &a);
	lbc_dedupe_key(d, j, &b);
	h1 = (int)lbc_dedupe_same_child(&a, &b);
	h2 = (int)lbc_dedupe_same_child(&b, &a);
	lbc_dedupe_free(d);
	lbc_reader_free(r);
	fclose(fp);
	return h1 == h2 ? h1 : -1;
}

#define PAIR(a, b) "id\tname\tsex\tbirth\tregion\n" a "\n" b "\n"

static void
same_child(void)
{
	CHECK(same(PAIR(IDA "\t王小明\t\t\t", IDA "\t李四\tF\t\t99"), 0, 1) ==
	    LBC_HOW_ID, "same valid ID: one child, whatever else");
	CHECK(same(PAIR(IDA "\t王小明\t\t\t", IDB "\t王小明\t\t\t"), 0, 1) ==
	    LBC_HOW_SINGLE, "different valid IDs: never");
	CHECK(same(PAIR(IDA "\t王小明\t\t\t520102101",
	    "\t王小明\t\t2012-05-06\t520102"), 0, 1) == LBC_HOW_NAME,
	    "ID and no ID: the ID's birth date, region a prefix");
	CHECK(same(PAIR("\t王曉明\tM\t2012-05-06\t52",
	    "\t王晓明\t\t2012-05-06\t"), 0, 1) == LBC_HOW_NAME,
	    "Traditional and Simplified, unknown sex and region");
	CHECK(same(PAIR("\t王小明\tM\t2012-05-06\t52",
	    "\t王晓明\tM\t2012-05-06\t5201"), 0, 1) == LBC_HOW_PINYIN,
	    "same sound only");
	CHECK(same(PAIR("\t王小明\tM\t2012-05-06\t52",
	    "\t王小明\tF\t2012-05-06\t52"), 0, 1) == LBC_HOW_SINGLE,
	    "sexes conflict");
	CHECK(same(PAIR("\t王小明\t\t2012-05-06\t5201",
	    "\t王小明\t\t2012-05-06\t5202"), 0, 1) == LBC_HOW_SINGLE,
	    "regions disagree");
	CHECK(same(PAIR("\t王小明\t\t2012-05-06\t52",
	    "\t王小明\t\t2012-05-07\t52"), 0, 1) == LBC_HOW_SINGLE,
	    "birth dates differ");
	CHECK(same(PAIR("\t王小明\t\t\t52", "\t王小明\t\t\t52"), 0, 1) ==
	    LBC_HOW_SINGLE, "no birth date: no match");
	CHECK(same(PAIR("\t\t\t2012-05-06\t52", "\t\t\t2012-05-06\t52"), 0,
	    1) == LBC_HOW_SINGLE, "no name: no match");
}

int
main(void)
{
	char *out, *got;
	int err = 0;

	if ((fold = lbc_fold_new(&err)) == NULL ||
	    (cb = lbc_codebook_new(fold, &err)) == NULL) {
		printf("FAIL setup: %s\n", lbc_strerror(err));
		return 1;
	}

	expect(HDR
	    "a\t2\t" IDA "\t\t王小明\tM\t2012-05-06\t520102101001\t\t\t\t\n"
	    "b\t2\t" IDA "\t\t王晓明\tM\t2012-05-06\t520102101001\t\t\t\t\n"
	    "c\t2\t" IDA "\t\t李四\t\t\t\t\t\t\t\n",
	    "1:id 1:id 1:id", "same ID joins whatever the name");
	expect(HDR
	    "a\t2\t" IDA "\t\t王小明\tM\t2012-05-06\t520102101001\t\t\t\t\n"
	    "a\t3\t" IDB "\t\t王小明\tM\t2012-05-06\t520102101001\t\t\t\t\n",
	    "1:single 2:single", "twins: different IDs never join");
	expect(HDR
	    "a\t2\t\t\t王小明\tM\t2012-05-06\t520102101001\t\t\t\t\n"
	    "b\t2\t\t\t王小明\t\t2012-05-06\t520102101\t\t\t\t\n"
	    "c\t2\t\t\t王曉明\tM\t2012-05-06\t\t\t\t\t\n"
	    "d\t2\t\t\t王小名\tM\t2012-05-06\t52\t\t\t\t\n",
	    "1:name 1:name 1:pinyin 1:pinyin",
	    "no IDs: name, Traditional, homophone, coarser regions join");
	expect(HDR
	    "a\t2\t\t\t王小明\tM\t2012-05-06\t520102101001\t\t\t\t\n"
	    "b\t2\t\t\t王小明\tM\t2012-05-07\t520102101001\t\t\t\t\n"
	    "c\t2\t\t\t王小明\tF\t2012-05-06\t520102101001\t\t\t\t\n"
	    "d\t2\t\t\t王小明\tM\t2012-05-06\t520102101002\t\t\t\t\n"
	    "e\t2\t\t\t王晓敏\tM\t2012-05-06\t520102101001\t\t\t\t\n"
	    "f\t2\t\t\t\tM\t2012-05-06\t520102101001\t\t\t\t\n"
	    "g\t2\t\t\t\tM\t2012-05-06\t520102101001\t\t\t\t\n",
	    "1:single 2:single 3:single 4:single 5:single 6:single 7:single",
	    "birth, sex, region, name must all agree; empty names never match");
	/* The guard: a record between two different-ID children. */
	expect(HDR
	    "a\t2\t" IDA "\t\t王小明\tM\t2012-05-06\t520102101001\t\t\t\t\n"
	    "b\t2\t\t\t王小明\tM\t2012-05-06\t520102101001\t\t\t\t\n"
	    "c\t2\t" IDB "\t\t王小明\tM\t2012-05-06\t520102101001\t\t\t\t\n",
	    "1:single 2:conflict 3:single",
	    "ID-less record matching two IDs stays alone");
	expect(HDR
	    "a\t2\t" IDA "\t\t王小明\tM\t2012-05-06\t520102101001\t\t\t\t\n"
	    "b\t2\t\t\t王小明\tM\t2012-05-06\t520102101001\t\t\t\t\n"
	    "c\t2\t\t\t王小明\tM\t2012-05-06\t520102101\t\t\t\t\n"
	    "d\t2\t\t\t王小明\tM\t2012-05-06\t520102101002\t\t\t\t\n"
	    "e\t2\t" IDB "\t\t王小明\tM\t2012-05-06\t520102101002\t\t\t\t\n",
	    "1:id 1:name 2:conflict 3:name 3:id",
	    "no chain through a township-level record");
	expect(HDR
	    "a\t2\t\t\t王小明\t\t2012-05-06\t520102101001\t\t\t\t\n"
	    "b\t2\t\t\t王小明\tM\t2012-05-06\t520102101001\t\t\t\t\n"
	    "c\t2\t\t\t王小明\tF\t2012-05-06\t520102101001\t\t\t\t\n",
	    "1:conflict 2:single 3:single",
	    "unknown sex between a boy and a girl stays alone, whatever the order");
	expect(HDR
	    "c\t2\t\t\t王小明\t\t2012-05-06\t520102\t\t\t\t\n"
	    "a\t2\t\t\t王小明\tM\t2012-05-06\t520102101001\t\t\t\t\n"
	    "b\t2\t\t\t王小明\tM\t2012-05-06\t520102102001\t\t\t\t\n"
	    "d\t2\t\t\t王小明\t\t2012-05-06\t520102102\t\t\t\t\n",
	    "1:conflict 2:single 3:name 3:name",
	    "a less specific record first still does not choose");
	expect(HDR
	    "a\t2\t" IDA "\t\t李丽\tM\t2012-05-06\t520102101001\t\t\t\t\n"
	    "b\t2\t" IDB "\t\t李莉\tM\t2012-05-06\t520102101001\t\t\t\t\n"
	    "c\t2\t\t\t李莉\tM\t2012-05-06\t520102101001\t\t\t\t\n"
	    "d\t2\t\t\t李力\tM\t2012-05-06\t520102101001\t\t\t\t\n",
	    "1:single 2:id 2:name 3:conflict",
	    "the same name wins over a homophone; pinyin alone is ambiguous");
	expect(HDR
	    "a\t2\t" IDA "\t\t王小明\t\t\t520102101001\t\t\t\t\n"
	    "b\t2\t\t\t王小明\tF\t2012-05-06\t520102101001\t\t\t\t\n"
	    "c\t2\t\t\t王小明\tM\t2012-05-06\t520102101001\t\t\t\t\n",
	    "1:id 2:single 1:name",
	    "birth and sex of a valid ID win over empty or other fields");
	expect(HDR
	    "a\t2\t" IDC "\t\t王小红\tF\t2012-05-06\t520102101001\t\t\t\t\n"
	    "a\t3\t" IDC "\t\t王小红\tF\t2012-05-06\t520102102001\t\t\t\t\n"
	    "b\t2\t\t\t王小红\tF\t2012-05-06\t520102102001\t\t\t\t\n",
	    "1:id 1:id 1:name", "a child with an ID may have moved");
	expect(HDR, "", "header only");

	/* Survivorship. */
	got = clusters(HDR
	    "a\t2\t\t52010220120506\t王晓明\t\t2012-05-06\t520102101\tlow\tpsych;x\t2023-03-01\tid_invalid\n"
	    "b\t7\t" IDA "\t\t王小明\tM\t2012-05-06\t520102101001\tmedium\tstudy\t2023-01-01\tbirth_conflict\n"
	    "c\t4\t\t\t王小明\t\t2012-05-06\t520102101\thigh\tsafety;study;y\t2023-03-01\tx;id_invalid\n",
	    &out);
	CHECK_STR(got, "1:pinyin 1:id 1:name", "survivorship cluster");
	CHECK_STR(line(out, 0), "src\tline\tid\tid_raw\tname\tsex\tbirth\tregion"
	    "\trisk\tproblems\tsurvey\tflags\trecords", "records column added");
	CHECK_STR(line(out, 1), "a\t2\t" IDA "\t\t王晓明\tM\t2012-05-06"
	    "\t520102101001\thigh\tstudy;psych;safety;x;y\t2023-03-01"
	    "\tid_invalid;birth_conflict;x\t3",
	    "latest survey (first on ties), id, risk, unions, region");
	CHECK_STR(line(out, 2), "", "one child");
	free(got);
	free(out);

	/* Output order and an existing records column. */
	got = clusters("id\tname\tbirth\tregion\trecords\tnote\n"
	    "\t张三\t2012-01-01\t52\t2\t\n"
	    "\t李四\t2012-01-01\t52\t\tx\\ty\n"
	    "\t张三\t2012-01-01\t52\tbad\tz\n", &out);
	CHECK_STR(got, "1:name 2:single 1:name", "children in first-seen order");
	CHECK_STR(line(out, 0), "id\tname\tbirth\tregion\trecords\tnote",
	    "records column kept, not doubled");
	CHECK_STR(line(out, 1), "\t张三\t2012-01-01\t52\t3\tz",
	    "records summed (bad counts 1), extra column filled");
	CHECK_STR(line(out, 2), "\t李四\t2012-01-01\t52\t1\tx\\ty",
	    "escapes kept, empty records counts 1");
	free(got);
	free(out);

	got = clusters("a\tb\n1\t2\n", NULL);
	CHECK_STR(got, lbc_strerror(LBC_EHEADER), "neither id nor name");
	free(got);

	same_child();
	/* The rule for one pair, from fields, as lbc-diff makes them. */
	{
		struct lbc_reader *r;
		struct lbc_dedupe *d;
		struct lbc_dedupe_key a, b, c, e, f;
		FILE *fp = fmemopen((char *)"id\tname\n", 8, "r");
		int rc;

		r = lbc_reader_new(fp, "t", &rc);
		d = lbc_dedupe_new(r, cb, &rc);
		CHECK(d != NULL, "an engine for keys");
		lbc_dedupe_key_of(d, "390121201503040019", 18, "王小明", 9, NULL, 0,
		    NULL, 0, "390121100001", 12, &a);
		lbc_dedupe_key_of(d, NULL, 0, "王曉明", 9, "M", 1, "2015-03-04", 10,
		    "390121100", 9, &b);
		lbc_dedupe_key_of(d, NULL, 0, "王晓明", 9, "M", 1, "2015-03-04", 10,
		    "390121100001", 12, &c);
		lbc_dedupe_key_of(d, "390121201503040035", 18, "王小明", 9, NULL, 0,
		    NULL, 0, "390121100001", 12, &e);
		lbc_dedupe_key_of(d, NULL, 0, "王小明", 9, "F", 1, "2015-03-04", 10,
		    "390121100001", 12, &f);
		CHECK(e.id != 0 && e.id != a.id, "two valid IDs");
		CHECK_INT(a.birth, 20150304, "birth from the ID");
		CHECK_INT(a.sex, 'M', "sex from the ID");
		CHECK_INT(lbc_dedupe_same_child(&a, &a), LBC_HOW_ID, "same ID");
		CHECK_INT(lbc_dedupe_same_child(&a, &b), LBC_HOW_PINYIN,
		    "Traditional homophone, township region agrees");
		CHECK_INT(lbc_dedupe_same_child(&b, &c), LBC_HOW_NAME,
		    "Traditional and Simplified: the same name");
		CHECK_INT(lbc_dedupe_same_child(&a, &e), LBC_HOW_SINGLE,
		    "two different valid IDs never");
		CHECK_INT(lbc_dedupe_same_child(&a, &f), LBC_HOW_SINGLE,
		    "sexes conflict");
		f.sex = 'M';
		f.region = "390122";
		f.reglen = 6;
		CHECK_INT(lbc_dedupe_same_child(&a, &f), LBC_HOW_SINGLE,
		    "regions disagree");
		f.region = NULL;
		f.reglen = 0;
		CHECK_INT(lbc_dedupe_same_child(&f, &a), LBC_HOW_NAME,
		    "an empty region agrees");
		f.birth = 20150305;
		CHECK_INT(lbc_dedupe_same_child(&a, &f), LBC_HOW_SINGLE,
		    "birth dates differ");
		lbc_dedupe_free(d);
		lbc_reader_free(r);
		fclose(fp);
	}

	CHECK_STR(lbc_dedupe_howname(LBC_HOW_CONFLICT), "conflict", "how names");
	lbc_dedupe_free(NULL);
	lbc_codebook_free(cb);
	lbc_fold_free(fold);
	return check_failed;
}

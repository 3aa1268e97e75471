/*
 * lbc-gen: synthetic survey data for one invented province, for benchmarks
 * and large tests.
 *
 * Everything comes from a seeded generator and small syllable tables: the
 * province (code 90, which no real province has), its cities, counties,
 * townships and villages, and the children, whose names are drawn from
 * common surnames and given-name characters and whose ID numbers carry an
 * invented region, a birth date, a sequence number and a correct check
 * character.  Nobody real is described.  The same seed and -n give the
 * same regions, children and duplicates whatever the output format, so a
 * drop, the record stream lbc-import should make of it and the regions
 * table belong together.
 *
 * A child is written once, and with probability -d once or twice more, as
 * another office would report it: a homophone or Traditional variant of the
 * name, the ID missing or damaged, the village left out, another survey
 * date, a risk level one step off, one problem more or less.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include "buf.h"
#include "date.h"
#include "idno.h"
#include "outfile.h"
#include "strmap.h"

#define MAXN	50000000UL	/* children */
#define BLOCK	1024		/* children generated, then written, at a time */

enum format { F_DROP, F_STREAM, F_REGIONS };
enum encoding { E_UTF8, E_GB18030, E_UTF16 };

/* How an ID number appears in a record. */
enum idform {
	ID_PLAIN, ID_MISSING, ID_FULLWIDTH, ID_SPACES, ID_APOSTROPHE,
	ID_EXCEL, ID_ZEROED, ID_OLD15
};

/* splitmix64: small, fast, and the same everywhere. */
static uint64_t
rnd(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in 0..n-1. */
static uint32_t
below(uint64_t *s, uint32_t n)
{
	return (uint32_t)(((rnd(s) >> 32) * n) >> 32);
}

/* 1 with probability p. */
static int
chance(uint64_t *s, double p)
{
	return (double)(rnd(s) >> 11) * 0x1.0p-53 < p;
}

/* ---- tables ------------------------------------------------------------ */

struct surname {
	const char	*s, *trad;
};

static const struct surname surnames[] = {
	{ "王", 0 }, { "李", 0 }, { "张", "張" }, { "刘", "劉" }, { "陈", "陳" },
	{ "杨", "楊" }, { "黄", "黃" }, { "赵", "趙" }, { "吴", "吳" }, { "周", 0 },
	{ "徐", 0 }, { "孙", "孫" }, { "马", "馬" }, { "朱", 0 }, { "胡", 0 },
	{ "郭", 0 }, { "何", 0 }, { "高", 0 }, { "林", 0 }, { "罗", "羅" },
	{ "郑", "鄭" }, { "梁", 0 }, { "谢", "謝" }, { "宋", 0 }, { "唐", 0 },
	{ "许", "許" }, { "韩", "韓" }, { "冯", "馮" }, { "邓", "鄧" }, { "曹", 0 },
	{ "彭", 0 }, { "肖", 0 }, { "田", 0 }, { "董", 0 }, { "袁", 0 },
	{ "潘", 0 }, { "蒋", "蔣" }, { "蔡", 0 }, { "余", 0 }, { "杜", 0 },
	{ "叶", "葉" }, { "程", 0 }, { "苏", "蘇" }, { "魏", 0 }, { "吕", "呂" },
	{ "丁", 0 }, { "任", 0 }, { "沈", 0 }, { "姚", 0 }, { "卢", "盧" },
	{ "姜", 0 }, { "崔", 0 }, { "钟", "鍾" }, { "谭", "譚" }, { "陆", "陸" },
	{ "汪", 0 }, { "金", 0 }, { "石", 0 }, { "廖", 0 }, { "贾", "賈" },
	{ "夏", 0 }, { "韦", "韋" }, { "付", 0 }, { "方", 0 }, { "白", 0 },
	{ "邹", "鄒" }, { "孟", 0 }, { "熊", 0 }, { "秦", 0 }, { "邱", 0 },
	{ "江", 0 }, { "尹", 0 }, { "薛", 0 }, { "段", 0 }, { "雷", 0 },
	{ "侯", 0 }, { "龙", "龍" }, { "史", 0 }, { "陶", 0 }, { "黎", 0 },
	{ "贺", "賀" }, { "顾", "顧" }, { "毛", 0 }, { "郝", 0 }, { "龚", "龔" },
	{ "邵", 0 }, { "钱", "錢" }, { "严", "嚴" }, { "覃", 0 }, { "武", 0 },
	{ "戴", 0 }, { "莫", 0 }, { "孔", 0 }, { "向", 0 }, { "汤", "湯" },
};
#define NSURNAME (sizeof(surnames) / sizeof(surnames[0]))

/* A given-name character, a homophone with the same pinyin and tone, and
 * its Traditional form (0 when there is none). */
struct given {
	const char	*s, *homo, *trad;
};

static const struct given givens[] = {
	{ "伟", "玮", "偉" }, { "芳", "方", 0 }, { "娜", 0, 0 }, { "敏", 0, 0 },
	{ "静", "婧", "靜" }, { "丽", "莉", "麗" }, { "强", "蔷", "強" },
	{ "磊", "蕾", 0 }, { "军", "君", "軍" }, { "洋", "阳", 0 },
	{ "勇", "永", 0 }, { "艳", "燕", "艷" }, { "杰", "洁", "傑" },
	{ "娟", 0, 0 }, { "涛", "韬", "濤" }, { "明", "铭", 0 }, { "超", 0, 0 },
	{ "秀", 0, 0 }, { "霞", 0, 0 }, { "平", "萍", 0 }, { "刚", "钢", "剛" },
	{ "桂", 0, 0 }, { "文", "雯", 0 }, { "辉", "晖", "輝" }, { "华", 0, "華" },
	{ "玲", "铃", 0 }, { "红", "虹", "紅" }, { "鑫", "欣", 0 },
	{ "浩", "昊", 0 }, { "宇", "雨", 0 }, { "轩", "萱", "軒" },
	{ "涵", "寒", 0 }, { "子", "紫", 0 }, { "梓", "子", 0 }, { "欣", "馨", 0 },
	{ "怡", "仪", 0 }, { "思", "丝", 0 }, { "睿", "瑞", 0 }, { "琪", "琦", 0 },
	{ "晨", "辰", 0 }, { "阳", "洋", "陽" }, { "博", 0, 0 }, { "嘉", "佳", 0 },
	{ "俊", "骏", 0 }, { "佳", "家", 0 }, { "雨", "宇", 0 }, { "晓", "小", "曉" },
	{ "婷", "亭", 0 }, { "颖", 0, "穎" }, { "凯", "恺", "凱" }, { "鹏", 0, "鵬" },
	{ "飞", 0, "飛" }, { "云", 0, "雲" }, { "龙", 0, "龍" }, { "梅", "玫", 0 },
	{ "兰", "岚", "蘭" }, { "萍", "平", 0 }, { "燕", "艳", 0 }, { "雪", 0, 0 },
	{ "慧", "惠", 0 }, { "宁", 0, "寧" }, { "坤", 0, 0 }, { "豪", 0, 0 },
	{ "泽", 0, "澤" }, { "东", "冬", "東" }, { "国", 0, "國" }, { "梦", 0, "夢" },
	/* rare characters: CJK Extension A and B (four bytes in GB18030) */
	{ "䶮", 0, 0 }, { "𠮷", 0, 0 },
};
#define NGIVEN (sizeof(givens) / sizeof(givens[0]))
#define NGIVEN_COMMON (NGIVEN - 2)

/* Place-name syllables: none ends a name in a level suffix. */
static const char *const syll[] = {
	"青", "山", "河", "安", "平", "石", "桥", "柳", "杨", "家", "湾", "坪",
	"沟", "岭", "坝", "溪", "塘", "龙", "凤", "云", "阳", "川", "水", "林",
	"花", "桃", "竹", "松", "枫", "白", "红", "黄", "金", "银", "马", "牛",
	"羊", "鹿", "东", "西", "南", "北", "上", "下", "中", "大", "小", "新",
	"高", "清", "泉", "田", "庄", "坡", "岩", "寨", "营", "铺", "堡", "店",
	"集", "口", "门", "关", "城", "望", "兴", "隆", "丰", "富", "宝", "福",
	"寿", "永", "和", "太", "德", "仁", "义", "文", "武", "双", "三", "五",
};
#define NSYLL (sizeof(syll) / sizeof(syll[0]))

/* Village names every county has. */
static const char *const common_villages[] = {
	"新华", "红星", "胜利", "团结", "和平", "光明", "东风", "前进", "建设",
	"幸福", "新民", "民主", "红旗", "友谊", "向阳", "联合", "先锋", "新农",
};
#define NCOMMON (sizeof(common_villages) / sizeof(common_villages[0]))

static const char *const work_places[] = {
	"广东", "浙江", "江苏", "上海", "福建", "北京",
};

static const char *const grade_names[] = {
	"一年级", "二年级", "三年级", "四年级", "五年级", "六年级",
	"初一", "初二", "初三", "高一",
};

/* Codebook codes and the many ways offices write them. */
static const char *const guardian_code[] = {
	"grandparent", "relative", "parent_unable", "none", "other"
};
static const char *const risk_code[] = { "high", "medium", "low" };
static const char *const problem_code[] = {
	"study", "living", "affection", "psych", "safety"
};
static const char *const problem_long[] = {
	"学业失教", "生活失助", "亲情失落", "心理失衡", "安全失保"
};
static const char *const problem_short[] = {
	"学业", "生活", "亲情", "心理", "安全"
};

/* ---- dates ------------------------------------------------------------- */

static long
days_of(int y, int m, int d)
{
	struct lbc_date dt = { y, m, d };

	return lbc_date_days(&dt);
}

/* The civil date of day z since 1970-01-01 (H. Hinnant's algorithm). */
static void
civil(long z, int *y, int *m, int *d)
{
	long era, yy;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = (long)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

/* ---- output: UTF-8 built in a buffer, converted by ICU when written ---- */

struct out {
	FILE		*fp;
	enum encoding	 enc;
	char		*p;
	size_t		 len, cap;
	UConverter	*cnv;
	UChar		*u;
	char		*x;
	int32_t		 ucap, xcap;
	int		 err;
};

static void
out_init(struct out *o, FILE *fp, enum encoding enc)
{
	UErrorCode ue = U_ZERO_ERROR;

	memset(o, 0, sizeof(*o));
	o->fp = fp;
	o->enc = enc;
	o->cap = 1 << 20;
	if ((o->p = malloc(o->cap)) == NULL)
		errx(1, "out of memory");
	if (enc == E_UTF8)
		return;
	o->ucap = (int32_t)o->cap;
	if ((o->u = malloc((size_t)o->ucap * sizeof(UChar))) == NULL)
		errx(1, "out of memory");
	o->xcap = 4 * o->ucap;
	if ((o->x = malloc((size_t)o->xcap)) == NULL)
		errx(1, "out of memory");
	if (enc == E_GB18030) {
		o->cnv = ucnv_open("GB18030", &ue);
		if (U_FAILURE(ue))
			errx(1, "ICU: GB18030: %s", u_errorName(ue));
	}
}

static void
out_write(struct out *o, const void *p, size_t n)
{
	if (n > 0 && !o->err && fwrite(p, 1, n, o->fp) != n)
		o->err = errno ? errno : EIO;
}

/* Writes the buffer out, converted; it always ends at a record boundary. */
static void
out_drain(struct out *o)
{
	UErrorCode ue = U_ZERO_ERROR;
	int32_t ul, xl;

	if (o->len == 0)
		return;
	if (o->enc == E_UTF8) {
		out_write(o, o->p, o->len);
		o->len = 0;
		return;
	}
	u_strFromUTF8(o->u, o->ucap, &ul, o->p, (int32_t)o->len, &ue);
	if (U_FAILURE(ue))
		errx(1, "ICU: UTF-16: %s", u_errorName(ue));
	if (o->enc == E_UTF16) {	/* little-endian, as Excel writes it */
		for (int32_t i = 0; i < ul; i++) {
			o->x[2 * i] = (char)(o->u[i] & 0xff);
			o->x[2 * i + 1] = (char)(o->u[i] >> 8);
		}
		out_write(o, o->x, (size_t)ul * 2);
	} else {
		xl = ucnv_fromUChars(o->cnv, o->x, o->xcap, o->u, ul, &ue);
		if (U_FAILURE(ue))
			errx(1, "ICU: GB18030: %s", u_errorName(ue));
		out_write(o, o->x, (size_t)xl);
	}
	o->len = 0;
}

/* Ends a record: drains when the buffer is nearly full. */
static void
out_eor(struct out *o)
{
	if (o->cap - o->len < 16384)
		out_drain(o);
}

static int
out_close(struct out *o)
{
	out_drain(o);
	free(o->p);
	free(o->u);
	free(o->x);
	if (o->cnv != NULL)
		ucnv_close(o->cnv);
	return o->err;
}

static inline void
put(struct out *o, const char *s, size_t n)
{
	memcpy(o->p + o->len, s, n);
	o->len += n;
}

static inline void
puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static inline void
putch(struct out *o, char c)
{
	o->p[o->len++] = c;
}

static void
putnum(struct out *o, unsigned long v)
{
	char b[24];
	int i = sizeof(b);

	do
		b[--i] = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	put(o, b + i, sizeof(b) - (size_t)i);
}

static void
put2(struct out *o, int v)
{
	putch(o, (char)('0' + v / 10));
	putch(o, (char)('0' + v % 10));
}

static void
put_iso(struct out *o, long day)
{
	int y, m, d;

	civil(day, &y, &m, &d);
	putnum(o, (unsigned long)y);
	putch(o, '-');
	put2(o, m);
	putch(o, '-');
	put2(o, d);
}

/* ---- scratch strings for one CSV field ---------------------------------- */

struct sb {
	char	b[1024];
	size_t	n;
};

static void
sb_add(struct sb *s, const char *p, size_t n)
{
	if (s->n + n < sizeof(s->b)) {
		memcpy(s->b + s->n, p, n);
		s->n += n;
	}
}

static void
sb_adds(struct sb *s, const char *p)
{
	sb_add(s, p, strlen(p));
}

static void
sb_num(struct sb *s, unsigned long v, int width)
{
	char b[24];
	int i = sizeof(b);

	do
		b[--i] = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	while ((int)sizeof(b) - i < width)
		b[--i] = '0';
	sb_add(s, b + i, sizeof(b) - (size_t)i);
}

/* ---- the invented province ------------------------------------------- */

struct place {
	char		code[13];
	uint32_t	name;		/* offset of the full name in the arena */
	uint16_t	nlen, blen;	/* full name and its base without suffix */
	uint32_t	parent;
	uint32_t	first, count;	/* a township's villages; a county's townships */
	double		phigh, pmed;	/* a county's risk profile */
};

struct geo {
	struct lbc_buf	 names;
	struct place	 prov;
	struct place	*city, *county, *town, *vil;
	size_t		 ncity, ncounty, ntown, nvil;
	size_t		 ccity, ccounty, ctown, cvil;
};

static const char *
pname(const struct geo *g, const struct place *p)
{
	return g->names.p + p->name;
}

static struct place *
grow(struct place **a, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		struct place *q = realloc(*a, nc * sizeof(*q));

		if (q == NULL)
			errx(1, "out of memory");
		*a = q;
		*cap = nc;
	}
	memset(&(*a)[*n], 0, sizeof(**a));
	return &(*a)[(*n)++];
}

/*
 * Gives p a name base+suffix whose base is new in used (a map of bases in
 * the name's scope, cleared by the caller when the scope changes).  With
 * common set, a name every county has is tried first.
 */
static void
name_place(struct geo *g, uint64_t *rg, struct lbc_strmap *used,
    struct place *p, const char *suffix, int common)
{
	char base[64];
	size_t bl, dummy;
	int tries;

	for (tries = 0; ; tries++) {
		if (common && tries < 3)
			bl = (size_t)snprintf(base, sizeof(base), "%s",
			    common_villages[below(rg, NCOMMON)]);
		else if (tries < 200)
			bl = (size_t)snprintf(base, sizeof(base), "%s%s",
			    syll[below(rg, NSYLL)], syll[below(rg, NSYLL)]);
		else
			bl = (size_t)snprintf(base, sizeof(base), "%s%s%s",
			    syll[below(rg, NSYLL)], syll[below(rg, NSYLL)],
			    syll[below(rg, NSYLL)]);
		if (!lbc_strmap_get(used, base, bl, &dummy))
			break;
	}
	if (lbc_strmap_put(used, base, bl, 1) != 0)
		errx(1, "out of memory");
	p->name = (uint32_t)g->names.len;
	p->blen = (uint16_t)bl;
	if (lbc_buf_add(&g->names, base, bl) || lbc_buf_adds(&g->names, suffix) ||
	    lbc_buf_addc(&g->names, '\0'))
		errx(1, "out of memory");
	p->nlen = (uint16_t)(bl + strlen(suffix));
}

/* dst = the parent's code followed by v in width digits. */
static void
child_code(char dst[13], const char *parent, unsigned v, int width)
{
	size_t n = strlen(parent);

	memcpy(dst, parent, n);
	for (int i = width - 1; i >= 0; i--, v /= 10)
		dst[n + (size_t)i] = (char)('0' + v % 10);
	dst[n + (size_t)width] = '\0';
}

static struct lbc_strmap *
fresh(struct lbc_strmap *m)
{
	lbc_strmap_free(m);
	if ((m = lbc_strmap_new()) == NULL)
		errx(1, "out of memory");
	return m;
}

/*
 * Builds the province: about one village per hundred children, 10-25
 * villages a township, 8-17 townships a county, 6-12 counties a city.
 * Township codes follow the statistical rule: 001-099 street offices,
 * 100-199 towns, 200-399 townships; village codes 001-199 communities,
 * 200-399 villages.
 */
static void
geo_build(struct geo *g, uint64_t seed, unsigned long n)
{
	uint64_t rg = seed ^ 0x5eed5eed5eedULL;
	struct lbc_strmap *global = NULL, *counties = NULL, *towns = NULL,
	    *vils = NULL;
	size_t want = n / 100 < 30 ? 30 : n / 100;

	memset(g, 0, sizeof(*g));
	global = fresh(global);
	counties = fresh(counties);
	strcpy(g->prov.code, "90");
	name_place(g, &rg, global, &g->prov, "省", 0);
	while (g->nvil < want) {
		struct place *c;
		size_t ci = g->ncity, k, nk;

		if (ci == 99)
			break;
		c = grow(&g->city, &g->ncity, &g->ccity);
		child_code(c->code, "90", (unsigned)ci + 1, 2);
		name_place(g, &rg, global, c, "市", 0);
		nk = 6 + below(&rg, 7);
		for (k = 0; k < nk; k++) {
			struct place *co = grow(&g->county, &g->ncounty,
			    &g->ccounty);
			size_t coi = g->ncounty - 1, t, nt, nstreet, ntown_;
			unsigned street = 1, town = 101, xiang = 201;

			child_code(co->code, g->city[ci].code, (unsigned)k + 1,
			    2);
			co->parent = (uint32_t)ci;
			name_place(g, &rg, counties, co, chance(&rg, 0.3) ?
			    "区" : "县", 0);
			co->phigh = 0.02 + 0.10 * (double)below(&rg, 1000) / 1000;
			co->pmed = 0.15 + 0.20 * (double)below(&rg, 1000) / 1000;
			co->first = (uint32_t)g->ntown;
			towns = fresh(towns);
			nt = 8 + below(&rg, 10);
			nstreet = 1 + below(&rg, 2);
			ntown_ = nstreet + (nt - nstreet) * 6 / 10;
			for (t = 0; t < nt; t++) {
				struct place *tw = grow(&g->town, &g->ntown,
				    &g->ctown);
				size_t twi = g->ntown - 1, v, nv;
				unsigned code, comm = 1, vill = 201;
				const char *suf;

				if (t < nstreet) {
					code = street++;
					suf = "街道";
				} else if (t < ntown_) {
					code = town++;
					suf = "镇";
				} else {
					code = xiang++;
					suf = "乡";
				}
				child_code(tw->code, g->county[coi].code, code,
				    3);
				tw->parent = (uint32_t)coi;
				name_place(g, &rg, towns, tw, suf, 0);
				tw->first = (uint32_t)g->nvil;
				vils = fresh(vils);
				nv = 10 + below(&rg, 16);
				for (v = 0; v < nv; v++) {
					struct place *vi = grow(&g->vil,
					    &g->nvil, &g->cvil);
					int community = t < nstreet ||
					    chance(&rg, 0.1);

					child_code(vi->code, g->town[twi].code,
					    community ? comm++ : vill++, 3);
					vi->parent = (uint32_t)twi;
					name_place(g, &rg, vils, vi, community ?
					    "社区" : "村", !community &&
					    chance(&rg, 0.3));
				}
				g->town[twi].count = (uint32_t)nv;
			}
			g->county[coi].count = (uint32_t)nt;
		}
	}
	lbc_strmap_free(global);
	lbc_strmap_free(counties);
	lbc_strmap_free(towns);
	lbc_strmap_free(vils);
}

static void
geo_free(struct geo *g)
{
	lbc_buf_free(&g->names);
	free(g->city);
	free(g->county);
	free(g->town);
	free(g->vil);
}

static void
write_place(struct out *o, const struct geo *g, const struct place *p)
{
	puts_(o, p->code);
	putch(o, '\t');
	put(o, pname(g, p), p->nlen);
	putch(o, '\n');
	out_eor(o);
}

/* regions.tsv: code<TAB>name for every level, each parent before its children. */
static void
write_regions(struct out *o, const struct geo *g)
{
	size_t c, k, t, v;

	write_place(o, g, &g->prov);
	for (c = 0; c < g->ncity; c++) {
		write_place(o, g, &g->city[c]);
		for (k = 0; k < g->ncounty; k++) {
			if (g->county[k].parent != c)
				continue;
			write_place(o, g, &g->county[k]);
			for (t = g->county[k].first; t < g->county[k].first +
			    g->county[k].count; t++) {
				write_place(o, g, &g->town[t]);
				for (v = g->town[t].first; v < g->town[t].first +
				    g->town[t].count; v++)
					write_place(o, g, &g->vil[v]);
			}
		}
	}
}

/* ---- children and their records ---------------------------------------- */

struct child {
	uint32_t	vil;
	int32_t		birth;		/* days since 1970-01-01 */
	char		id[19];
	uint8_t		male;
	uint8_t		sur, given[2], ngiven;
	uint8_t		guardian, risk, problems;
	uint16_t	idcounty;	/* county index of the ID's region */
};

struct rec {
	uint32_t	child;		/* index into the block */
	int32_t		survey;
	uint8_t		namev;		/* 0 as is, 1 homophone, 2 Traditional */
	uint8_t		idform;
	uint8_t		village;	/* 0: the township only */
	uint8_t		risk, problems;
	uint8_t		primary;
};

struct gen {
	struct geo	 geo;
	uint64_t	 rc;		/* children and records */
	uint64_t	 rr;		/* rendering: forms of dates, labels */
	double		 dup, damage;
	long		 s0, s1;	/* survey window */
	long		 b0, b1;	/* birth window */
	uint16_t	*seqs;		/* per ID county and birth day */
	size_t		 ndays;
	unsigned long	 row;		/* data rows written (序号) */
	unsigned long	 line;		/* physical line of the next row */
	int		 codes, alt;
	enum format	 fmt;
	char		 delim;
	const char	*src;		/* the drop's name in the stream's src */
	struct out	*o, *t;
};

static void
make_given(struct gen *g, struct child *c)
{
	c->ngiven = chance(&g->rc, 0.7) ? 2 : 1;
	for (int i = 0; i < c->ngiven; i++) {
		uint32_t r = below(&g->rc, 10000);

		if (r < 10)
			c->given[i] = NGIVEN_COMMON;		/* 䶮 */
		else if (r < 15)
			c->given[i] = NGIVEN_COMMON + 1;	/* 𠮷 */
		else
			c->given[i] = (uint8_t)below(&g->rc, NGIVEN_COMMON);
	}
}

/* A new ID for c: region, birth, a sequence number unique for both, check. */
static void
make_id(struct gen *g, struct child *c, size_t county)
{
	const struct place *co = &g->geo.county[county];
	size_t slot = county * g->ndays + (size_t)(c->birth - g->b0);
	unsigned off = (unsigned)(lbc_hash((const char *)&slot, sizeof(slot)) %
	    499);
	unsigned k = g->seqs[slot]++, seq;
	int y, m, d;

	if (k >= 499)
		errx(1, "too many children born on one day in one county");
	seq = ((off + k) % 499) * 2 + (c->male ? 1 : 2);
	civil(c->birth, &y, &m, &d);
	snprintf(c->id, sizeof(c->id), "%.6s%04d%02d%02d%03u", co->code, y, m,
	    d, seq);
	c->id[17] = lbc_id_check(c->id);
	c->id[18] = '\0';
}

static void
make_child(struct gen *g, struct child *c, const struct child *twin)
{
	const struct geo *geo = &g->geo;
	size_t county;
	uint32_t r;
	double u;

	if (twin != NULL) {
		*c = *twin;
		c->male = (uint8_t)chance(&g->rc, 0.5);
		do
			make_given(g, c);
		while (c->given[0] == twin->given[0] &&
		    c->ngiven == twin->ngiven);
		make_id(g, c, twin->idcounty);
		return;
	}
	{
		c->vil = below(&g->rc, (uint32_t)geo->nvil);
		c->birth = (int32_t)(g->b0 + below(&g->rc,
		    (uint32_t)(g->b1 - g->b0 + 1)));
		c->male = (uint8_t)chance(&g->rc, 0.53);
		u = (double)below(&g->rc, 1 << 20) / (1 << 20);
		c->sur = (uint8_t)(u * u * NSURNAME);
		make_given(g, c);
		r = below(&g->rc, 1000);
		c->guardian = r < 888 ? 0 : r < 921 ? 1 : r < 955 ? 2 :
		    r < 995 ? 3 : 4;
		county = geo->town[geo->vil[c->vil].parent].parent;
		u = (double)below(&g->rc, 1 << 20) / (1 << 20);
		c->risk = u < geo->county[county].phigh ? 0 :
		    u < geo->county[county].phigh + geo->county[county].pmed ?
		    1 : 2;
		c->problems = 0;
		if (chance(&g->rc, 0.25)) c->problems |= 1;
		if (chance(&g->rc, 0.20)) c->problems |= 2;
		if (chance(&g->rc, 0.45)) c->problems |= 4;
		if (chance(&g->rc, 0.20)) c->problems |= 8;
		if (chance(&g->rc, 0.12)) c->problems |= 16;
	}
	/* born in the home county mostly; IDs carry the registration county */
	county = geo->town[geo->vil[c->vil].parent].parent;
	if (chance(&g->rc, 0.1))
		county = below(&g->rc, (uint32_t)geo->ncounty);
	c->idcounty = (uint16_t)county;
	make_id(g, c, county);
}

static uint8_t
damaged_form(struct gen *g)
{
	uint32_t r;

	if (!chance(&g->rc, g->damage))
		return ID_PLAIN;
	r = below(&g->rc, 100);
	return r < 25 ? ID_FULLWIDTH : r < 50 ? ID_SPACES : r < 70 ?
	    ID_APOSTROPHE : r < 85 ? ID_EXCEL : r < 95 ? ID_ZEROED : ID_OLD15;
}

/* The records of one child: itself, then with probability dup one or two more. */
static size_t
make_recs(struct gen *g, const struct child *c, uint32_t ci, struct rec *r)
{
	size_t n = 1, i, extra = 0;

	r[0].child = ci;
	r[0].survey = (int32_t)(g->s0 + below(&g->rc, (uint32_t)(g->s1 - g->s0 + 1)));
	r[0].namev = 0;
	r[0].idform = damaged_form(g);
	r[0].village = 1;
	r[0].risk = c->risk;
	r[0].problems = c->problems;
	r[0].primary = 1;
	if (chance(&g->rc, g->dup))
		extra = chance(&g->rc, 0.15) ? 2 : 1;
	for (i = 0; i < extra; i++, n++) {
		struct rec *d = &r[n];
		uint32_t u = below(&g->rc, 100);

		*d = r[0];
		d->primary = 0;
		d->survey = (int32_t)(g->s0 + below(&g->rc,
		    (uint32_t)(g->s1 - g->s0 + 1)));
		d->namev = u < 55 ? 0 : u < 80 ? 1 : 2;
		d->idform = chance(&g->rc, 0.4) ? ID_MISSING : damaged_form(g);
		d->village = !chance(&g->rc, 0.1);
		if (chance(&g->rc, 0.15)) {
			if (c->risk == 0)
				d->risk = 1;
			else if (c->risk == 2)
				d->risk = 1;
			else
				d->risk = chance(&g->rc, 0.5) ? 0 : 2;
		}
		if (chance(&g->rc, 0.25))
			d->problems ^= (uint8_t)(1u << below(&g->rc, 5));
	}
	return n;
}

/* ---- rendering ------------------------------------------------------- */

/* The name as the record writes it (no white space: that is rendering). */
static void
name_of(const struct child *c, const struct rec *r, struct sb *s)
{
	const struct surname *su = &surnames[c->sur];
	int done = 0;

	sb_adds(s, r->namev == 2 && su->trad ? su->trad : su->s);
	for (int i = 0; i < c->ngiven; i++) {
		const struct given *gv = &givens[c->given[i]];

		if (r->namev == 1 && !done && gv->homo) {
			sb_adds(s, gv->homo);
			done = 1;
		} else if (r->namev == 2 && gv->trad)
			sb_adds(s, gv->trad);
		else
			sb_adds(s, gv->s);
	}
}

/* Excel's General format of the 18-digit number: six significant digits. */
static void
excel_form(const char *id, struct sb *s)
{
	char d[8];
	unsigned v = 0;
	int i, exp = 17, last;

	for (i = 0; i < 7; i++)
		v = v * 10 + (unsigned)(id[i] - '0');
	v = (v + 5) / 10;		/* round to six digits */
	if (v >= 1000000) {
		v /= 10;
		exp++;
	}
	for (i = 5; i >= 0; i--, v /= 10)
		d[i] = (char)('0' + v % 10);
	for (last = 5; last > 0 && d[last] == '0'; last--)
		;
	sb_add(s, d, 1);
	if (last > 0) {
		sb_adds(s, ".");
		sb_add(s, d + 1, (size_t)last);
	}
	sb_adds(s, "E+");
	sb_num(s, (unsigned long)exp, 2);
}

/*
 * The ID cell as written, and what lbc-import should make of it: *valid is
 * 1 when the cell normalizes to c->id, 0 when it is present but invalid,
 * -1 when absent; *old15 when it is an old 15-digit number (whose 19xx
 * birth year rejects the record for age).
 */
static void
id_cell(struct gen *g, const struct child *c, int form, struct sb *s,
    int *valid, int *old15)
{
	char id[19];
	int i;

	memcpy(id, c->id, sizeof(id));
	*old15 = 0;
	*valid = 1;
	if (id[17] == 'X' && chance(&g->rr, 0.5))
		id[17] = 'x';
	if (form == ID_ZEROED) {
		memcpy(id + 15, "000", 3);
		if (lbc_id_check(id) == '0')
			form = ID_EXCEL;	/* would pass as another valid ID */
	}
	switch (form) {
	case ID_MISSING:
		*valid = -1;
		break;
	case ID_PLAIN:
		sb_add(s, id, 18);
		break;
	case ID_FULLWIDTH:
		for (i = 0; i < 18; i++) {
			char fw[3] = { (char)0xef, (char)0xbc, 0 };

			if (id[i] == 'X' || id[i] == 'x')
				fw[2] = (char)(id[i] == 'X' ? 0xb8 : 0xc0);
			else
				fw[2] = (char)(0x90 + id[i] - '0');
			if (fw[2] == (char)0xc0) {	/* ｘ U+FF58 */
				fw[1] = (char)0xbd;
				fw[2] = (char)0x98;
			}
			sb_add(s, fw, 3);
		}
		break;
	case ID_SPACES:
		sb_add(s, id, 6);
		sb_adds(s, " ");
		sb_add(s, id + 6, 8);
		sb_adds(s, " ");
		sb_add(s, id + 14, 4);
		break;
	case ID_APOSTROPHE:
		sb_adds(s, "'");
		sb_add(s, id, 18);
		break;
	case ID_EXCEL:
		excel_form(id, s);
		*valid = 0;
		break;
	case ID_ZEROED:
		sb_add(s, id, 18);
		*valid = 0;
		break;
	case ID_OLD15:
		sb_add(s, id, 6);
		sb_add(s, id + 8, 9);
		*old15 = 1;
		break;
	}
}

/* A date in one of the forms offices use; ym_ok allows year and month only. */
static void
date_cell(struct gen *g, long day, int survey, int ym_ok, struct sb *s)
{
	int y, m, d;
	uint32_t r = below(&g->rr, 100);

	civil(day, &y, &m, &d);
	if (survey)
		r = r < 50 ? 0 : r < 70 ? 40 : r < 90 ? 65 : 90;
	if (r < 40) {			/* 2015-03-04 */
		sb_num(s, (unsigned long)y, 4);
		sb_adds(s, "-");
		sb_num(s, (unsigned long)m, 2);
		sb_adds(s, "-");
		sb_num(s, (unsigned long)d, 2);
	} else if (r < 65) {		/* 2015/3/4 or 2015.3.4 */
		const char *sep = r < 55 ? "/" : ".";

		sb_num(s, (unsigned long)y, 4);
		sb_adds(s, sep);
		sb_num(s, (unsigned long)m, 1);
		sb_adds(s, sep);
		sb_num(s, (unsigned long)d, 1);
	} else if (r < 80 || (r >= 98 && !ym_ok)) {	/* 2015年3月4日 */
		sb_num(s, (unsigned long)y, 4);
		sb_adds(s, "年");
		sb_num(s, (unsigned long)m, 1);
		sb_adds(s, "月");
		sb_num(s, (unsigned long)d, 1);
		sb_adds(s, "日");
	} else if (r < 90) {		/* 20150304 */
		sb_num(s, (unsigned long)y, 4);
		sb_num(s, (unsigned long)m, 2);
		sb_num(s, (unsigned long)d, 2);
	} else if (r < 98) {		/* Excel serial day */
		sb_num(s, (unsigned long)(day - days_of(1899, 12, 30)), 1);
	} else {			/* 2015年3月 */
		sb_num(s, (unsigned long)y, 4);
		sb_adds(s, "年");
		sb_num(s, (unsigned long)m, 1);
		sb_adds(s, "月");
	}
}

static void
guardian_cell(struct gen *g, int code, struct sb *s)
{
	uint32_t r = below(&g->rr, 100);

	switch (code) {
	case 0:
		sb_adds(s, r < 40 ? "(外)祖父母监护" : r < 55 ? "（外）祖父母监护" :
		    r < 75 ? "祖父母监护" : r < 90 ? "外祖父母监护" : "祖辈监护");
		break;
	case 1:
		sb_adds(s, r < 70 ? "亲友监护" : r < 85 ? "亲戚朋友监护" :
		    "亲属监护");
		break;
	case 2:
		sb_adds(s, r < 80 ? "父或母无监护能力" : "父母一方无监护能力");
		break;
	case 3:
		sb_adds(s, "无人监护");
		break;
	default:
		sb_adds(s, "其他");
	}
}

static void
risk_cell(struct gen *g, int code, struct sb *s)
{
	uint32_t r = below(&g->rr, 100);

	switch (code) {
	case 0:
		sb_adds(s, r < 60 ? "高风险" : r < 70 ? "高" : r < 85 ?
		    "重点关注" : "一级");
		break;
	case 1:
		sb_adds(s, r < 70 ? "中风险" : r < 85 ? "中" : "二级");
		break;
	default:
		sb_adds(s, r < 60 ? "低风险" : r < 70 ? "低" : r < 85 ?
		    "一般关注" : "三级");
	}
}

static void
problems_cell(struct gen *g, int set, struct sb *s)
{
	static const char *const seps[] = {
		"、", "、", "、", "、", "、", "，", "，", ";", " ", "/"
	};
	const char *sep = seps[below(&g->rr, 10)];
	int shortl = chance(&g->rr, 0.3), first = 1;
	uint32_t r;

	if (set == 0) {
		r = below(&g->rr, 10);
		sb_adds(s, r < 6 ? "无" : r < 7 ? "没有" : r < 8 ? "-" : "");
		return;
	}
	if (chance(&g->rr, 0.1))
		sep = ",";
	for (int i = 0; i < 5; i++) {
		if (!(set & (1 << i)))
			continue;
		if (!first)
			sb_adds(s, sep);
		sb_adds(s, shortl ? problem_short[i] : problem_long[i]);
		first = 0;
	}
}

static int
age_at(long birth, long at)
{
	int by, bm, bd, ay, am, ad, a;

	civil(birth, &by, &bm, &bd);
	civil(at, &ay, &am, &ad);
	a = ay - by;
	if (am < bm || (am == bm && ad < bd))
		a--;
	return a;
}

/* School and grade by age: none before six. */
static void
school_of(struct gen *g, const struct child *c, long survey, struct sb *sch,
    struct sb *grade)
{
	const struct geo *geo = &g->geo;
	const struct place *tw = &geo->town[geo->vil[c->vil].parent];
	const struct place *co = &geo->county[tw->parent];
	int age = age_at(c->birth, survey);

	if (age < 6)
		return;
	if (age < 12) {
		sb_add(sch, pname(geo, tw), tw->blen);
		sb_adds(sch, "中心小学");
		sb_adds(grade, grade_names[age - 6]);
	} else if (age < 15) {
		sb_add(sch, pname(geo, tw), tw->blen);
		sb_adds(sch, "中学");
		sb_adds(grade, grade_names[age - 6]);
	} else {
		sb_add(sch, pname(geo, co), co->nlen);
		sb_adds(sch, "第一中学");
		sb_adds(grade, grade_names[9]);
	}
}

static void
remark_of(struct gen *g, struct sb *s)
{
	uint32_t r = below(&g->rr, 1000);

	if (r < 850)
		return;
	if (r < 950) {
		sb_adds(s, "父母在");
		sb_adds(s, work_places[below(&g->rr, 6)]);
		sb_adds(s, "务工");
	} else if (r < 975)
		sb_adds(s, "父亲外出务工，母亲患病");
	else if (r < 990)
		sb_adds(s, "祖母年老体弱");
	else if (r < 996)
		sb_adds(s, "父母在外务工,由祖母照看");
	else if (r < 999)
		sb_adds(s, "自称\"留守\"儿童");
	else
		sb_adds(s, "父母在外务工\n由祖母照看");
}

/* One CSV field, quoted when it holds the separator, a quote or a line end. */
static void
csv_field(struct gen *g, const char *p, size_t n, int last)
{
	struct out *o = g->o;
	size_t i;
	int q = 0;

	for (i = 0; i < n; i++)
		if (p[i] == g->delim || p[i] == '"' || p[i] == '\n' ||
		    p[i] == '\r') {
			q = 1;
			if (p[i] == '\n')
				g->line++;
		}
	if (!q)
		put(o, p, n);
	else {
		putch(o, '"');
		for (i = 0; i < n; i++) {
			if (p[i] == '"')
				putch(o, '"');
			putch(o, p[i]);
		}
		putch(o, '"');
	}
	if (last) {
		put(o, "\r\n", 2);
		g->line++;
	} else
		putch(o, g->delim);
}

static void
csv_sb(struct gen *g, struct sb *s, int last)
{
	csv_field(g, s->b, s->n, last);
	s->n = 0;
}

static const char *const hdr_names[] = {
	"序号", "姓名", "身份证号", "性别", "出生日期", "县(市、区)", "乡镇(街道)",
	"村(社区)", "监护类型", "风险等级", "存在问题", "排查日期", "就读学校",
	"年级", "填报单位", "备注",
};
static const char *const hdr_alt[] = {
	"编号", "儿童姓名", "公民身份号码", "性别", "出生年月日", "县区", "所在乡镇",
	"所在村", "监护情况", "关爱等级", "主要问题", "填报日期", "学校", "年级",
	"报送单位", "备注",
};

static void
csv_header(struct gen *g)
{
	const char *const *h = g->alt ? hdr_alt : hdr_names;
	struct sb s = { .n = 0 };
	int i;

	for (i = 0; i < 16; i++) {
		if (g->codes && i == 5) {
			sb_adds(&s, g->alt ? "行政区划代码" : "统计用区划代码");
			csv_sb(g, &s, 0);
			i = 7;
			continue;
		}
		sb_adds(&s, h[i]);
		csv_sb(g, &s, i == 15);
	}
}

/* A truth row: line, child, and the values lbc-import should write. */
static void
truth_row(struct gen *g, unsigned long line, unsigned long child,
    const struct child *c, const struct rec *r, int valid, const char *expect)
{
	struct out *t = g->t;
	const char *vcode = g->geo.vil[c->vil].code;
	int first = 1;

	putnum(t, line);
	putch(t, '\t');
	putnum(t, child);
	putch(t, '\t');
	if (valid == 1)
		put(t, c->id, 18);
	putch(t, '\t');
	putch(t, c->male ? 'M' : 'F');
	putch(t, '\t');
	put_iso(t, c->birth);
	putch(t, '\t');
	put(t, vcode, r->village ? 12 : 9);
	putch(t, '\t');
	puts_(t, guardian_code[c->guardian]);
	putch(t, '\t');
	puts_(t, risk_code[r->risk]);
	putch(t, '\t');
	for (int i = 0; i < 5; i++)
		if (r->problems & (1 << i)) {
			if (!first)
				putch(t, ';');
			puts_(t, problem_code[i]);
			first = 0;
		}
	putch(t, '\t');
	put_iso(t, r->survey);
	putch(t, '\t');
	puts_(t, expect);
	putch(t, '\n');
	out_eor(t);
}

/* The cells of one drop row, rendered; NCELL in the names layout. */
#define NCELL	16
enum {
	C_SEQ, C_NAME, C_ID, C_SEX, C_BIRTH, C_COUNTY, C_TOWN, C_VILLAGE,
	C_GUARDIAN, C_RISK, C_PROBLEMS, C_SURVEY, C_SCHOOL, C_GRADE,
	C_REPORTER, C_REMARK
};

struct row {
	struct sb	cell[NCELL];
	struct sb	name, grade;	/* the name as the record holds it */
	int		valid, old15;
};

/*
 * Renders one record as an office writes it.  Both output formats render
 * every record, so they draw the same random numbers: the stream is then
 * exactly the record lbc-import should make of the drop's row.
 */
static void
render(struct gen *g, const struct child *c, const struct rec *r,
    struct row *w)
{
	const struct geo *geo = &g->geo;
	const struct place *vi = &geo->vil[c->vil];
	const struct place *tw = &geo->town[vi->parent];
	const struct place *co = &geo->county[tw->parent];
	struct sb *s = w->cell;
	uint32_t u;
	int i;

	for (i = 0; i < NCELL; i++)
		s[i].n = 0;
	w->name.n = w->grade.n = 0;
	sb_num(&s[C_SEQ], g->row + 1, 1);
	/* the name, with the white space typists leave */
	name_of(c, r, &w->name);
	u = below(&g->rr, 100);
	if (u < 6) {
		size_t k = strlen(r->namev == 2 && surnames[c->sur].trad ?
		    surnames[c->sur].trad : surnames[c->sur].s);

		sb_add(&s[C_NAME], w->name.b, k);
		sb_adds(&s[C_NAME], u < 4 ? " " : "\xe3\x80\x80");  /* U+3000 */
		sb_add(&s[C_NAME], w->name.b + k, w->name.n - k);
	} else {
		sb_add(&s[C_NAME], w->name.b, w->name.n);
		if (u < 7)
			sb_adds(&s[C_NAME], " ");
	}
	id_cell(g, c, r->idform, &s[C_ID], &w->valid, &w->old15);
	u = below(&g->rr, 100);
	if (u < 90)
		sb_adds(&s[C_SEX], c->male ? "男" : "女");
	else if (u < 95)
		sb_adds(&s[C_SEX], c->male ? "男性" : "女性");
	else if (u < 98)
		sb_adds(&s[C_SEX], c->male ? "1" : "2");
	else
		sb_adds(&s[C_SEX], c->male ? " 男 " : " 女 ");
	/* year and month only when a valid ID gives the day */
	date_cell(g, c->birth, 0, w->valid == 1 && !w->old15, &s[C_BIRTH]);
	if (g->codes) {
		sb_adds(&s[C_COUNTY], r->village ? vi->code : tw->code);
		if (!r->village)
			sb_adds(&s[C_COUNTY], "000");
	} else {
		sb_add(&s[C_COUNTY], pname(geo, co), co->nlen);
		u = below(&g->rr, 100);
		sb_add(&s[C_TOWN], pname(geo, tw), u < 10 ? tw->blen : tw->nlen);
		if (r->village) {
			u = below(&g->rr, 100);
			if (u < 5)
				sb_adds(&s[C_VILLAGE], " ");
			sb_add(&s[C_VILLAGE], pname(geo, vi), u >= 5 && u < 15 ?
			    vi->blen : vi->nlen);
			if (u < 5)
				sb_adds(&s[C_VILLAGE], " ");
		}
	}
	guardian_cell(g, c->guardian, &s[C_GUARDIAN]);
	risk_cell(g, r->risk, &s[C_RISK]);
	problems_cell(g, r->problems, &s[C_PROBLEMS]);
	date_cell(g, r->survey, 1, 0, &s[C_SURVEY]);
	school_of(g, c, r->survey, &s[C_SCHOOL], &s[C_GRADE]);
	/* the township reports its villages; schools report their pupils */
	if (r->primary || s[C_SCHOOL].n == 0) {
		sb_add(&s[C_REPORTER], pname(geo, tw), tw->nlen);
		sb_adds(&s[C_REPORTER], chance(&g->rr, 0.9) ? "人民政府" :
		    "人民政府,社会事务办");
	} else
		sb_add(&s[C_REPORTER], s[C_SCHOOL].b, s[C_SCHOOL].n);
	remark_of(g, &s[C_REMARK]);
}

static void
emit_drop(struct gen *g, const struct row *w)
{
	int i;

	for (i = 0; i < NCELL; i++) {
		if (g->codes && (i == C_TOWN || i == C_VILLAGE))
			continue;
		csv_field(g, w->cell[i].b, w->cell[i].n, i == NCELL - 1);
	}
}

static void
emit_stream(struct gen *g, const struct child *c, const struct rec *r,
    const struct row *w, unsigned long line)
{
	struct out *o = g->o;
	const struct sb *s = w->cell;
	size_t i;
	int first = 1;

	puts_(o, g->src);
	putch(o, '\t');
	putnum(o, line);
	putch(o, '\t');
	if (w->valid == 1)
		put(o, c->id, 18);
	putch(o, '\t');
	if (w->valid == 0)
		put(o, s[C_ID].b, s[C_ID].n);
	putch(o, '\t');
	put(o, w->name.b, w->name.n);
	putch(o, '\t');
	putch(o, c->male ? 'M' : 'F');
	putch(o, '\t');
	put_iso(o, c->birth);
	putch(o, '\t');
	put(o, g->geo.vil[c->vil].code, r->village ? 12 : 9);
	putch(o, '\t');
	puts_(o, guardian_code[c->guardian]);
	putch(o, '\t');
	puts_(o, risk_code[r->risk]);
	putch(o, '\t');
	for (i = 0; i < 5; i++)
		if (r->problems & (1 << i)) {
			if (!first)
				putch(o, ';');
			puts_(o, problem_code[i]);
			first = 0;
		}
	putch(o, '\t');
	put_iso(o, r->survey);
	putch(o, '\t');
	put(o, s[C_SCHOOL].b, s[C_SCHOOL].n);
	putch(o, '\t');
	put(o, s[C_GRADE].b, s[C_GRADE].n);
	putch(o, '\t');
	put(o, s[C_REPORTER].b, s[C_REPORTER].n);
	putch(o, '\t');
	if (w->valid == 0)
		puts_(o, "id_invalid");
	putch(o, '\t');
	for (i = 0; i < s[C_REMARK].n; i++) {
		if (s[C_REMARK].b[i] == '\n')
			put(o, "\\n", 2);
		else
			putch(o, s[C_REMARK].b[i]);
	}
	putch(o, '\n');
}

/* One record: the drop's row, or the record lbc-import makes of it. */
static void
write_rec(struct gen *g, const struct child *c, const struct rec *r,
    unsigned long child)
{
	static struct row w;
	unsigned long line = g->line;
	size_t i;

	render(g, c, r, &w);
	g->row++;
	if (g->fmt == F_DROP)
		emit_drop(g, &w);
	else {
		/* lines as in the drop: a quoted line break takes two */
		for (i = 0; i < w.cell[C_REMARK].n; i++)
			g->line += w.cell[C_REMARK].b[i] == '\n';
		g->line++;
		if (!w.old15)
			emit_stream(g, c, r, &w, line);
	}
	out_eor(g->o);
	if (g->t != NULL && (g->fmt == F_DROP || !w.old15))
		truth_row(g, line, child, c, r, w.valid, w.old15 ? "age" :
		    "ok");
}

/* Rows that are no records: a repeated header, a blank row. */
static void
write_header(struct gen *g)
{
	if (g->fmt == F_DROP)
		csv_header(g);
	else
		g->line++;
}

static void
write_blank(struct gen *g)
{
	int i;

	if (g->fmt == F_DROP) {
		for (i = 0; i + 1 < (g->codes ? NCELL - 2 : NCELL); i++)
			putch(g->o, g->delim);
		put(g->o, "\r\n", 2);
	}
	g->line++;
}

static void
generate(struct gen *g, unsigned long n)
{
	struct child *kids;
	struct rec *recs;
	unsigned long done, i, half = n / 2;
	size_t nrec, k;

	kids = calloc(BLOCK, sizeof(*kids));
	recs = calloc(3 * BLOCK, sizeof(*recs));
	if (kids == NULL || recs == NULL)
		errx(1, "out of memory");
	g->line = 1;
	if (g->fmt == F_DROP) {
		if (g->o->enc == E_UTF8)
			put(g->o, "\xef\xbb\xbf", 3);
		csv_header(g);
	} else {
		for (i = 0; i < 16; i++) {
			puts_(g->o, (const char *[]){ "src", "line", "id",
			    "id_raw", "name", "sex", "birth", "region",
			    "guardian", "risk", "problems", "survey", "school",
			    "grade", "reporter", "flags" }[i]);
			putch(g->o, '\t');
		}
		puts_(g->o, "备注\n");
		g->line = 2;
	}
	if (g->t != NULL)
		puts_(g->t, "line\tchild\tid\tsex\tbirth\tregion\tguardian\t"
		    "risk\tproblems\tsurvey\texpect\n");
	for (done = 0; done < n; done += BLOCK) {
		size_t nb = n - done < BLOCK ? n - done : BLOCK;

		nrec = 0;
		for (k = 0; k < nb; k++) {
			int twin = k > 0 && chance(&g->rc, 0.004);

			make_child(g, &kids[k], twin ? &kids[k - 1] : NULL);
			nrec += make_recs(g, &kids[k], (uint32_t)k, recs + nrec);
		}
		/* the primaries in order, then the other offices' rows */
		for (int pass = 0; pass < 2; pass++)
			for (k = 0; k < nrec; k++) {
				const struct rec *r = &recs[k];
				unsigned long child = done + r->child + 1;

				if (r->primary != (pass == 0))
					continue;
				if (pass == 0 && done + r->child == half &&
				    n >= 1000)
					write_header(g);	/* a second sheet pasted below */
				if (chance(&g->rr, 0.0001))
					write_blank(g);	/* a blank row Excel keeps */
				write_rec(g, &kids[r->child], r, child);
			}
	}
	free(kids);
	free(recs);
}

static void
usage(void)
{
	fprintf(stderr, "usage: lbc-gen [-ac] [-d dup_rate] [-e encoding] "
	    "[-f format] [-n children] [-S src] [-s seed] [-t truth.tsv] "
	    "[-x damage]\n");
	exit(2);
}

static void
help(void)
{
	printf("usage: lbc-gen [-ac] [-d dup_rate] [-e encoding] [-f format] "
	    "[-n children] [-S src] [-s seed] [-t truth.tsv] [-x damage]\n"
	    "  -a            other header names (儿童姓名, 公民身份号码, ...)\n"
	    "  -c            a 12-digit region code column instead of names\n"
	    "  -d RATE       share of children reported again (0.25)\n"
	    "  -e ENC        drop encoding: gb18030, utf8 (with BOM), utf16 "
	    "(LE, BOM, TAB)\n"
	    "  -f FORMAT     drop (survey CSV), stream (LBC records), "
	    "regions (TSV)\n"
	    "  -n N          children (1000)\n"
	    "  -S NAME       the drop's file name in the stream's src field "
	    "(drop.csv)\n"
	    "  -s SEED       seed (1)\n"
	    "  -t FILE       ground truth: line, child and expected values "
	    "per record\n"
	    "  -x RATE       share of rows with a damaged ID (0.05)\n");
	exit(0);
}

static double
rate(const char *s, int c)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end != '\0' || v < 0 || v > 1) {
		warnx("-%c: expected a rate from 0 to 1: %s", c, s);
		usage();
	}
	return v;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct gen g;
	struct out o, t;
	struct lbc_outfile *tf = NULL;
	const char *truth = NULL;
	unsigned long n = 1000;
	uint64_t seed = 1;
	enum encoding enc = E_GB18030;
	char *end;
	int ch, err = 0, rc = 0;

	setlocale(LC_ALL, "");
	memset(&g, 0, sizeof(g));
	g.dup = 0.25;
	g.damage = 0.05;
	g.fmt = F_DROP;
	g.src = "drop.csv";
	while ((ch = getopt_long(argc, argv, "acd:e:f:hn:S:s:t:x:", longopts,
	    NULL)) != -1)
		switch (ch) {
		case 'a':
			g.alt = 1;
			break;
		case 'c':
			g.codes = 1;
			break;
		case 'd':
			g.dup = rate(optarg, ch);
			break;
		case 'e':
			if (strcmp(optarg, "utf8") == 0)
				enc = E_UTF8;
			else if (strcmp(optarg, "gb18030") == 0)
				enc = E_GB18030;
			else if (strcmp(optarg, "utf16") == 0)
				enc = E_UTF16;
			else {
				warnx("-e: unknown encoding: %s", optarg);
				usage();
			}
			break;
		case 'f':
			if (strcmp(optarg, "drop") == 0)
				g.fmt = F_DROP;
			else if (strcmp(optarg, "stream") == 0)
				g.fmt = F_STREAM;
			else if (strcmp(optarg, "regions") == 0)
				g.fmt = F_REGIONS;
			else {
				warnx("-f: unknown format: %s", optarg);
				usage();
			}
			break;
		case 'h':
			help();
			break;
		case 'n':
			errno = 0;
			n = strtoul(optarg, &end, 10);
			if (errno || end == optarg || *end != '\0' || n < 1 ||
			    n > MAXN || optarg[0] == '-') {
				warnx("-n: expected 1 to %lu children: %s",
				    MAXN, optarg);
				usage();
			}
			break;
		case 's':
			errno = 0;
			seed = strtoull(optarg, &end, 10);
			if (errno || end == optarg || *end != '\0' ||
			    optarg[0] == '-') {
				warnx("-s: expected a number: %s", optarg);
				usage();
			}
			break;
		case 'S':
			g.src = optarg;
			break;
		case 't':
			truth = optarg;
			break;
		case 'V':
			printf("lbc-gen (lbc) " LBC_VERSION "\n");
			exit(0);
		case 'x':
			g.damage = rate(optarg, ch);
			break;
		default:
			usage();
		}
	argc -= optind;
	argv += optind;
	if (argc != 0)
		usage();
	if (truth != NULL && g.fmt == F_REGIONS) {
		warnx("-t goes with -f drop or -f stream");
		usage();
	}

	geo_build(&g.geo, seed, n);
	out_init(&o, stdout, g.fmt == F_DROP ? enc : E_UTF8);
	g.o = &o;
	if (g.fmt == F_REGIONS)
		write_regions(&o, &g.geo);
	else {
		if (truth != NULL) {
			if ((tf = lbc_outfile_open(truth, &err)) == NULL)
				errx(1, "%s: %s", truth, strerror(errno));
			out_init(&t, lbc_outfile_fp(tf), E_UTF8);
			g.t = &t;
		}
		g.rc = seed * 0x2545f4914f6cdd1dULL + 1;
		g.rr = seed * 0x9e3779b97f4a7c15ULL + 7;
		g.delim = enc == E_UTF16 ? '\t' : ',';
		g.s0 = days_of(2024, 3, 1);
		g.s1 = days_of(2024, 6, 28);
		g.b0 = days_of(2008, 6, 29);	/* under 16 on the last survey day */
		g.b1 = days_of(2024, 2, 29);	/* born before the first */
		g.ndays = (size_t)(g.b1 - g.b0 + 1);
		g.seqs = calloc(g.geo.ncounty * g.ndays, sizeof(*g.seqs));
		if (g.seqs == NULL)
			errx(1, "out of memory");
		if (g.fmt == F_DROP && enc == E_UTF16)
			out_write(&o, "\xff\xfe", 2);
		generate(&g, n);
		free(g.seqs);
		if (g.t != NULL) {
			if (out_close(&t) != 0) {
				lbc_outfile_abort(tf);
				errx(1, "%s: %s", truth, strerror(t.err));
			}
			if (lbc_outfile_commit(tf) != 0)
				errx(1, "%s: %s", truth, strerror(errno));
		}
	}
	if ((rc = out_close(&o)) != 0 || fflush(stdout) != 0 ||
	    ferror(stdout) || fclose(stdout) != 0)
		errx(1, "stdout: %s", strerror(rc ? rc : errno));
	geo_free(&g.geo);
	return 0;
}

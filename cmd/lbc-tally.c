/*
 * lbc-tally: count children by region, sex, age, guardianship, risk,
 * problems, month or any column, as TSV tables or an Excel workbook.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "cleanup.h"
#include "codebook.h"
#include "date.h"
#include "err.h"
#include "fields.h"
#include "fold.h"
#include "inputs.h"
#include "outfile.h"
#include "rec.h"
#include "regions.h"
#include "select.h"
#include "sha256.h"
#include "suppress.h"
#include "tabprint.h"
#include "tally.h"
#include "xlsx.h"
#include "xlsxsheet.h"

#define SYNOPSIS N_("usage: lbc-tally [-b fields]... [-w condition]... [-l level] " \
	"[-r regions] [-c codebook] [--as-of date] [--ages B,B,...] [--pct row|col|all] " \
	"[--ci] [--long] [--sort count] [--suppress K] [--no-builtin-regions] " \
	"[--allow-empty] [--sheet name=file]... [-o file.xlsx] [file]\n")

enum { OPT_ASOF = 256, OPT_AGES, OPT_PCT, OPT_CI, OPT_LONG, OPT_SORT,
	OPT_VERSION, OPT_NOBUILTIN, OPT_SUPPRESS, OPT_EMPTY, OPT_SHEET };

static const struct option longopts[] = {
	{ "as-of",	required_argument,	NULL,	OPT_ASOF },
	{ "ages",	required_argument,	NULL,	OPT_AGES },
	{ "pct",	required_argument,	NULL,	OPT_PCT },
	{ "ci",		no_argument,		NULL,	OPT_CI },
	{ "long",	no_argument,		NULL,	OPT_LONG },
	{ "sort",	required_argument,	NULL,	OPT_SORT },
	{ "suppress",	required_argument,	NULL,	OPT_SUPPRESS },
	{ "no-builtin-regions", no_argument,	NULL,	OPT_NOBUILTIN },
	{ "allow-empty", no_argument,		NULL,	OPT_EMPTY },
	{ "sheet",	required_argument,	NULL,	OPT_SHEET },
	{ "help",	no_argument,		NULL,	'h' },
	{ "version",	no_argument,		NULL,	OPT_VERSION },
	{ NULL,		0,			NULL,	0 }
};

/* The tables made when no -b is given: what a joint meeting asks first. */
static const char *const default_tables[] = {
	"region,risk", "region,problems", "guardian", "age", "sex", NULL
};

static void __attribute__((noreturn))
usage(void)
{
	fputs(_(SYNOPSIS), stderr);
	exit(2);
}

static void __attribute__((noreturn))
help(void)
{
	fputs(_(SYNOPSIS), stdout);
	/* xgettext:no-c-format */
	fputs(_("  -b fields       a table over one field or two (row,column);"
	    " repeatable\n"
	    "                  region sex age guardian risk problems month or"
	    " any column\n"
	    "  -l level        region level: province city county township"
	    " village;\n"
	    "                  several (county,township,village): the region"
	    " tables at each,\n"
	    "                  linked for --suppress\n"
	    "  -w condition    count only the records that meet it, as in"
	    " lbc-select(1)\n"

	    "  -r regions      regions table (code name) over the built-in one\n"
	    "  -c codebook     codebook file extending the built-in one\n"
	    "  --as-of date    age reference for records without a survey"
	    " date (today)\n"
	    "  --ages B,B,...  lower bounds of the age bands (0,6,14)\n"
	    "  --pct mode      add percentages of the row, column or all\n"
	    "  --ci            add Wilson 95% intervals to the percentages\n"
	    "  --long          one line per non-empty cell: codes and count\n"
	    "  --sort count    a column's values by count, not natural order\n"
	    "  --suppress K    hide counts of 1 to K-1 and the cells that would"
	    " give them away\n"
	    "  --no-builtin-regions  region names from -r only\n"
	    "  --allow-empty   tables of zeros when there are no records\n"
	    "  --sheet n=file  with -o: a first sheet n from a text or TSV file;"
	    " repeatable\n"
	    "  -o file.xlsx    write an Excel workbook instead of TSV\n"
	    "  -h, --help      show this help\n"
	    "  --version       show the version\n"), stdout);
	if (fflush(stdout) != 0 || ferror(stdout))
		exit(1);
	exit(0);
}

/* The sheet of --sheet name=file; a bad argument is a usage error. */
static struct lbc_xlsx_sheet *
load_sheet(char *arg)
{
	struct lbc_xlsx_sheet *s;
	char *eq = strchr(arg, '=');
	FILE *fp;
	int e = 0;

	if (eq == NULL || eq == arg || eq[1] == '\0') {
		warnx("--sheet %s: give name=file", arg);
		usage();
	}
	*eq = '\0';
	if ((fp = fopen(eq + 1, "r")) == NULL)
		err(1, "%s", eq + 1);
	s = lbc_xlsx_sheet_read(fp, arg, LBC_XLSX_SHEET_AUTO, &e);
	fclose(fp);
	if (s == NULL && e == LBC_EARG) {
		warnx("--sheet %s: a sheet name has at most 31 characters, "
		    "none of []:*?/\\", arg);
		usage();
	}
	if (s == NULL && e == LBC_EIO)
		err(1, "%s", eq + 1);
	if (s == NULL)
		errx(1, "%s: %s", eq + 1, lbc_strerror(e));
	*eq = '=';
	return s;
}

/* 1 when spec is one to three fields separated by commas, none empty. */
static int
spec_ok(const char *spec)
{
	size_t n = strlen(spec);
	const char *c;
	int k = 0;

	for (c = spec; (c = strchr(c, ',')) != NULL; c++)
		k++;
	return n > 0 && k <= 2 && spec[0] != ',' && spec[n - 1] != ',' &&
	    strstr(spec, ",,") == NULL;
}

/*
 * The tables published: every table of the first level's tally, then for
 * each further level (-l county,township,...) its tables with region.
 */
struct pub {
	const struct lbc_table	**tab;
	int			 *level;	/* region digits, 0: no region */
	size_t			  n;
};

static int
has_region(const struct lbc_table *x)
{
	return strcmp(x->field[0], "region") == 0 || (x->nfields == 2 &&
	    strcmp(x->field[1], "region") == 0) || (x->layer_field != NULL &&
	    strcmp(x->layer_field, "region") == 0);
}

static void
publish(struct lbc_tally *const *t, const int *levels, size_t nl,
    struct pub *p)
{
	size_t l, i, n = 0;

	for (l = 0; l < nl; l++)
		n += lbc_tally_ntables(t[l]);
	if ((p->tab = calloc(n + 1, sizeof(*p->tab))) == NULL ||
	    (p->level = calloc(n + 1, sizeof(*p->level))) == NULL)
		err(1, NULL);
	p->n = 0;
	for (l = 0; l < nl; l++)
		for (i = 0; i < lbc_tally_ntables(t[l]); i++) {
			const struct lbc_table *x = lbc_tally_table(t[l], i);

			if (l > 0 && !has_region(x))
				continue;
			p->tab[p->n] = x;
			p->level[p->n++] = has_region(x) ? levels[l] : 0;
		}
}

/* Hashes of the inputs, for the workbook's about sheet (NULL: none). */
struct hashes {
	struct lbc_sha256	*in, *reg, *cb;
};

/*
 * Counts every record of path into t; any bad line ends the command (the
 * reader freed first, so that nothing is left behind).
 */
static void
count(struct lbc_tally *const *t, size_t nt, struct lbc_select *sel,
    unsigned long *seen, const char *path, struct lbc_sha256 **h)
{
	struct lbc_reader *rd;
	const char *missing;
	unsigned long line;
	FILE *fp, *raw;
	off_t base;
	int e = 0, rc, saved;
	size_t l;

	fp = input_open(path, h, &raw);
	base = ftello(raw);	/* -1: a pipe */
	if ((rd = lbc_reader_new(fp, path, &e)) == NULL) {
		if (e == LBC_EIO)
			err(1, "%s", path);
		errx(1, "%s: %s", path, lbc_strerror(e));
	}
	for (l = 0; l < nt; l++)
		if (lbc_tally_start(t[l], rd, &missing) != 0) {
			char *near = lbc_select_fields_near(rd, missing);

			lbc_reader_free(rd);
			errx(1, "%s: the header has no %s column; the fields, "
			    "closest first: %s", path, missing,
			    near != NULL ? near : "");
		}
	input_select_start(sel, rd, path, SYNOPSIS);
	rc = lbc_tally_count(t, nt, sel, rd, fileno(raw), (long long)base,
	    seen, &e);
	saved = errno;
	/* the hash is of the whole file, the part the second thread read too */
	if (rc == 0 && e == 0 && fp != raw) {
		char buf[1 << 16];

		while (fread(buf, 1, sizeof(buf), fp) > 0)
			;
		if (ferror(fp))
			err(1, "%s", path);
	}
	line = lbc_reader_lineno(rd);
	lbc_reader_free(rd);
	input_close(fp, raw);
	errno = saved;
	if (e != 0)
		errx(1, "%s", lbc_strerror(e));
	input_stream_check(path, rc, line);
	for (l = 0; l < nt; l++)
		if ((rc = lbc_tally_finish(t[l])) != 0)
			errx(1, "%s", lbc_strerror(rc));
}

static void
print_tables(const struct pub *t, const char *where, int lng,
    enum lbc_pct pct, int ci, const struct lbc_supp *sp)
{
	struct lbc_writer *w;
	size_t i, shown = 0;
	int rc;

	if ((w = lbc_writer_new(stdout)) == NULL)
		err(1, NULL);
	for (i = 0; i < t->n; i++) {
		const struct lbc_table *x = t->tab[i];
		const unsigned char *m;

		if (lng && x->layer != NULL && *x->layer_code == '\0' &&
		    strcmp(x->layer, "合计") == 0)
			continue;	/* the same as the table of two */
		if (shown++ > 0)
			lbc_writer_end(w);
		m = sp->mask ? sp->mask[i] : NULL;
		rc = lng ? lbc_tabprint_long_supp(w, x, m) :
		    lbc_tabprint_caption(w, x, where);
		if (rc == 0 && !lng)
			rc = lbc_tabprint_table_supp(w, x, pct, ci, m);
		if (rc != 0)
			errx(1, "%s", lbc_strerror(rc));
	}
	if (lbc_writer_free(w) != 0)
		cleanup_stdout_failed("stdout");
}

/* Flags the cells to hide with --suppress k into sp (zeroed when k is 0). */
static void
suppress(const struct pub *t, size_t nl, unsigned k, struct lbc_supp *sp)
{
	size_t i;
	int rc;

	memset(sp, 0, sizeof(*sp));
	if (k == 0)
		return;
	for (i = 0; i < t->n; i++) {
		if (t->tab[i]->layer != NULL)
			errx(2, "--suppress does not take layers (-b a,b,c): the "
			    "layers' sums are not protected");
		if (nl > 1 && t->tab[i]->nfields == 2 &&
		    strcmp(t->tab[i]->field[1], "region") == 0)
			errx(2, "--suppress with several levels: give region "
			    "first (-b region,%s)", t->tab[i]->field[0]);
	}
	rc = lbc_suppress_levels(t->tab, nl > 1 ? t->level : NULL, t->n, k,
	    sp);
	if (rc != 0)
		errx(1, "%s", lbc_strerror(rc));
	if (sp->unsafe > 0)
		errx(1, "--suppress %u: %lu hidden cells could not be protected; "
		    "nothing written", k, sp->unsafe);
}

/*
 * Writes the workbook through of, opened on opath, and commits it.  about
 * has the definitions filled in; the inputs come from the paths and
 * hashes.
 */
static void
write_book(const struct pub *t, unsigned long records, struct lbc_outfile *of,
    const char *opath, const char *path,
    const char *rpath, const char *cpath, const struct hashes *h,
    struct lbc_xlsx_about *about, enum lbc_pct pct, int ci)
{
	struct lbc_xlsx_input in[3];
	char hex[3][65];
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	size_t nin = 0;
	int rc;

	lbc_sha256_hex(h->in, hex[0]);
	in[nin].role = "记录文件";
	in[nin].name = strcmp(path, "-") == 0 ? "- (stdin)" : path;
	in[nin++].sha256 = hex[0];
	if (h->reg != NULL) {
		lbc_sha256_hex(h->reg, hex[1]);
		in[nin].role = "区划表（-r）";
		in[nin].name = rpath;
		in[nin++].sha256 = hex[1];
	}
	if (h->cb != NULL) {
		lbc_sha256_hex(h->cb, hex[2]);
		in[nin].role = "代码表（-c）";
		in[nin].name = cpath;
		in[nin++].sha256 = hex[2];
	}
	about->inputs = in;
	about->ninputs = nin;
	about->records = records;
	about->version = "lbc-tally (lbc) " LBC_VERSION;
	about->time = sde != NULL && *sde != '\0' ? strtoll(sde, NULL, 10) :
	    (long long)time(NULL);
	rc = lbc_xlsx_write(lbc_outfile_tmpname(of), t->tab, t->n, pct, ci,
	    about);
	cleanup_finish(of, rc, opath);
}

int
main(int argc, char *argv[])
{
	static const int official[] = { 0, 6, 14 };
	const char **specs = NULL, *level_arg = "county", *rpath = NULL;
	const char *cpath = NULL, *opath = NULL, *asof_arg = NULL;
	const char *path = "-";
	struct hashes h = { NULL, NULL, NULL };
	struct lbc_tally_conf conf;
	struct lbc_xlsx_about about;
	struct lbc_codebook *cb;
	struct lbc_regions *regions;
	struct lbc_tally *t, *tl[5];
	struct pub pub;
	int levels[5];
	size_t nl = 0;
	char *lv, *lvs;
	struct lbc_fold *fold;
	struct lbc_outfile *of = NULL;
	enum lbc_pct pct = LBC_PCT_NONE;
	int ages[LBC_TALLY_MAXBANDS], nages = 0, ci = 0, lng = 0, ch, rc;
	int level, e = 0, sort_count = 0, builtin = 1, allow_empty = 0;
	struct lbc_xlsx_sheet **sheets = NULL;
	size_t nsheets = 0;
	char *cmdline, when[11], agetext[1024], *where = NULL, *end;
	struct lbc_select_conf sconf;
	struct lbc_select *sel;
	unsigned long seen = 0, supp_k = 0;
	struct lbc_supp sp;
	const char **conds = NULL;
	size_t nconds = 0;
	size_t nspecs = 0, i, lvl;

	cleanup_init();
	i18n_init();
	argv[0] = program_invocation_short_name;	/* getopt says "lbc-x: ..." */
	if ((cmdline = lbc_shell_words(argc, argv)) == NULL)
		errx(1, "%s", lbc_strerror(LBC_ENOMEM));	/* before getopt reorders argv */
	while ((ch = getopt_long(argc, argv, "b:c:hl:o:r:w:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'w':
			if ((conds = reallocarray(conds, nconds + 1,
			    sizeof(*conds))) == NULL)
				err(1, NULL);
			conds[nconds++] = optarg;
			break;
		case 'b':
			if (!spec_ok(optarg)) {
				warnx("-b %s: give one to three fields, "
				    "separated by commas", optarg);
				usage();
			}
			if ((specs = reallocarray(specs, nspecs + 1,
			    sizeof(*specs))) == NULL)
				err(1, NULL);
			specs[nspecs++] = optarg;
			break;
		case 'c':
			cpath = optarg;
			break;
		case 'h':
			help();
		case 'l':
			level_arg = optarg;
			break;
		case 'o':
			opath = optarg;
			break;
		case 'r':
			rpath = optarg;
			break;
		case OPT_ASOF:
			asof_arg = optarg;
			break;
		case OPT_AGES:
			if ((nages = lbc_tally_parse_ages(optarg, ages)) < 0) {
				warnx("--ages %s: give increasing whole years, "
				    "like 0,6,14", optarg);
				usage();
			}
			break;
		case OPT_PCT:
			if (strcmp(optarg, "row") == 0)
				pct = LBC_PCT_ROW;
			else if (strcmp(optarg, "col") == 0)
				pct = LBC_PCT_COL;
			else if (strcmp(optarg, "all") == 0)
				pct = LBC_PCT_ALL;
			else {
				warnx("--pct %s: give row, col or all", optarg);
				usage();
			}
			break;
		case OPT_CI:
			ci = 1;
			break;
		case OPT_LONG:
			lng = 1;
			break;
		case OPT_SUPPRESS:
			errno = 0;
			supp_k = strtoul(optarg, &end, 10);
			if (*optarg < '0' || *optarg > '9' || *end != '\0' ||
			    errno != 0 || supp_k < 2 || supp_k > 1000) {
				warnx("--suppress %s: give a whole number of "
				    "children from 2 to 1000", optarg);
				usage();
			}
			break;
		case OPT_SORT:
			if ((sort_count = strcmp(optarg, "count") == 0) == 0 &&
			    strcmp(optarg, "natural") != 0)
				errx(2, "--sort %s: give count or natural\n%.*s",
				    optarg, (int)sizeof(SYNOPSIS) - 2, SYNOPSIS);
			break;
		case OPT_NOBUILTIN:
			builtin = 0;
			break;
		case OPT_EMPTY:
			allow_empty = 1;
			break;
		case OPT_SHEET:
			if ((sheets = reallocarray(sheets, nsheets + 1,
			    sizeof(*sheets))) == NULL)
				err(1, NULL);
			sheets[nsheets++] = load_sheet(optarg);
			break;
		case OPT_VERSION:
			free(cmdline);
			printf("lbc-tally (lbc) %s\nbuilt-in regions table: %s\n",
			    LBC_VERSION, lbc_regions_builtin_label());
			return fflush(stdout) != 0 || ferror(stdout) ? 1 : 0;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;

	if (argc > 1)
		usage();
	if (argc == 1)
		path = argv[0];
	/* -l county,township,village: coarse to fine, each once */
	if ((lvs = strdup(level_arg)) == NULL)
		err(1, NULL);
	for (lv = strtok(lvs, ","); lv != NULL; lv = strtok(NULL, ",")) {
		if ((level = lbc_tally_level(lv)) < 0) {
			warnx("-l %s: give province, city, county, township or "
			    "village", level_arg);
			usage();
		}
		if (nl == 5 || (nl > 0 && level <= levels[nl - 1])) {
			warnx("-l %s: give levels from coarse to fine, each "
			    "once", level_arg);
			usage();
		}
		levels[nl++] = level;
	}
	free(lvs);
	if (nl == 0 || level_arg[0] == ',' ||
	    level_arg[strlen(level_arg) - 1] == ',' ||
	    strstr(level_arg, ",,") != NULL) {
		warnx("-l %s: give province, city, county, township or village",
		    level_arg);
		usage();
	}
	level = levels[0];
	if (nsheets > 0 && opath == NULL) {
		warnx("--sheet goes into a workbook: give -o file.xlsx");
		usage();
	}
	if (lng && (pct != LBC_PCT_NONE || ci || opath != NULL)) {
		warnx("--long prints counts only: no --pct, --ci or -o");
		usage();
	}
	if (ci && pct == LBC_PCT_NONE)
		pct = LBC_PCT_COL;
	memset(&conf, 0, sizeof(conf));
	if (asof_arg != NULL) {
		if (lbc_date_parse(asof_arg, strlen(asof_arg), &conf.as_of) !=
		    0) {
			warnx("--as-of %s: give a date, like 2024-06-30",
			    asof_arg);
			usage();
		}
	} else
		lbc_date_today(&conf.as_of);

	if ((fold = lbc_fold_new(&e)) == NULL)
		errx(1, "%s", lbc_strerror(e));
	cb = input_codebook(fold, cpath, opath ? &h.cb : NULL);
	regions = input_regions(fold, rpath, opath ? &h.reg : NULL, builtin);
	conf.cb = cb;
	conf.regions = regions;
	conf.level = level;
	conf.sort_count = sort_count;
	if (nages > 0) {
		conf.ages = ages;
		conf.nages = (size_t)nages;
	}
	sconf.cb = cb;
	sconf.fold = fold;
	sconf.regions = regions;
	sconf.as_of = conf.as_of;
	sel = input_select(&sconf, conds, nconds, SYNOPSIS);
	for (lvl = 0; lvl < nl; lvl++) {
		conf.level = levels[lvl];
		if ((t = tl[lvl] = lbc_tally_new(&conf, &e)) == NULL)
			errx(1, "%s", lbc_strerror(e));
		if (nspecs == 0)
			for (i = 0; default_tables[i] != NULL; i++)
				if ((rc = lbc_tally_add_table(t,
				    default_tables[i])) != 0)
					errx(1, "%s", lbc_strerror(rc));
		for (i = 0; i < nspecs; i++) {
			char *spec = lbc_field_spec_canonical(fold, specs[i]);

			if (spec == NULL || (rc = lbc_tally_add_table(t,
			    spec)) != 0)
				errx(1, "%s", lbc_strerror(spec ? rc :
				    LBC_ENOMEM));
			free(spec);
		}
	}
	t = tl[0];
	/*
	 * The workbook is opened before the counting: a bad -o fails at once,
	 * and a signal meanwhile finds its temporary file to remove.  It
	 * holds counts, no records: it follows the umask like any table.
	 */
	if (opath != NULL) {
		cleanup_refuse_same("-o", opath, path);
		cleanup_refuse_same("-o", opath, rpath);
		cleanup_refuse_same("-o", opath, cpath);
		if ((of = lbc_outfile_openx(opath, LBC_OUTFILE_SHARED, &e)) ==
		    NULL)
			cleanup_open_failed(opath, e);
		cleanup_output(of);
	}
	count(tl, nl, sel, &seen, path, opath ? &h.in : NULL);
	if (seen == 0 && !allow_empty)
		errx(1, "%s: no records: nothing to count (--allow-empty for "
		    "tables of zeros)", strcmp(path, "-") == 0 ? "stdin" : path);
	publish(tl, levels, nl, &pub);
	suppress(&pub, nl, (unsigned)supp_k, &sp);
	if (nconds > 0 && asprintf(&where, "筛选：%s（%lu 条记录中 %lu 条，%.1f%%）",
	    lbc_select_text(sel), seen, lbc_tally_records(t), seen ? 100.0 *
	    lbc_tally_records(t) / seen : 0.0) < 0)
		err(1, NULL);

	if (opath != NULL) {
		memset(&about, 0, sizeof(about));
		lbc_date_format(&conf.as_of, when);
		lbc_tally_ages_text(agetext, sizeof(agetext), nages > 0 ? ages : official,
		    nages > 0 ? (size_t)nages : 3);
		about.command = cmdline;
		about.level = level;
		if (nl > 1) {
			about.levels = levels;
			about.nlevels = nl;
		}
		about.as_of = when;
		about.ages = agetext;
		about.supp = (const unsigned char *const *)sp.mask;
		about.supp_k = (unsigned)supp_k;
		about.supp_primary = sp.primary;
		about.supp_secondary = sp.secondary;
		about.where = where;
		about.regions_builtin = builtin ? lbc_regions_builtin_label() :
		    NULL;
		about.front = (const struct lbc_xlsx_sheet *const *)sheets;
		about.nfront = nsheets;
		write_book(&pub, lbc_tally_records(t), of, opath, path, rpath,
		    cpath, &h, &about, pct, ci);
	} else
		print_tables(&pub, where, lng, pct, ci, &sp);
	lbc_suppress_free(&sp);
	free(pub.tab);
	free(pub.level);

	for (lvl = 0; lvl < nl; lvl++)
		lbc_tally_free(tl[lvl]);
	lbc_select_free(sel);
	free(conds);
	free(where);
	lbc_regions_free(regions);
	lbc_codebook_free(cb);
	lbc_fold_free(fold);
	lbc_sha256_free(h.in);
	lbc_sha256_free(h.reg);
	lbc_sha256_free(h.cb);
	for (i = 0; i < nsheets; i++)
		lbc_xlsx_sheet_free(sheets[i]);
	free(sheets);
	free(specs);
	free(cmdline);
	if (fclose(stdout) != 0)
		cleanup_stdout_failed("stdout");
	return 0;
}

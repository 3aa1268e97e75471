/*
 * fuzz_table: count tables as lbc-chart reads them (lib/table.h), drawn as
 * gnuplot scripts of every chart type (lib/chart.h), on arbitrary bytes.
 *
 * Besides not crashing, every script must keep its labels inert: no @
 * anywhere (gnuplot's macros), no backquote outside single-quoted strings
 * (command substitution), no line break inside a string, and datablock
 * lines of numbers only.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "chart.h"
#include "err.h"
#include "table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts unless the script s[0..n) is safe in the sense above. */
static void
check_script(const char *s, size_t n)
{
	enum { OUT, SQ, DQ, COMMENT, BLOCK } st = OUT;
	size_t i, bol = 1;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '@' || c == '\0')
			abort();
		switch (st) {
		case OUT:
			if (bol && strncmp(s + i, "$data << EOD\n", 13) == 0) {
				i += 12;
				st = BLOCK;
			} else if (c == '\'')
				st = SQ;
			else if (c == '"')
				st = DQ;
			else if (c == '#')
				st = COMMENT;
			else if (c == '`')
				abort();
			break;
		case SQ:
			if (c == '\n' || c == '\r')
				abort();
			if (c == '\'') {
				if (i + 1 < n && s[i + 1] == '\'')
					i++;
				else
					st = OUT;
			}
			break;
		case DQ:
			if (c == '\n' || c == '\r' || c == '`')
				abort();
			if (c == '\\')
				i++;
			else if (c == '"')
				st = OUT;
			break;
		case COMMENT:
			if (c == '\n')
				st = OUT;
			break;
		case BLOCK:
			if (bol && strncmp(s + i, "EOD\n", 4) == 0) {
				i += 3;
				st = OUT;
			} else if (strncmp(s + i, "nan", 3) == 0 ||
			    strncmp(s + i, "inf", 3) == 0)
				i += 2;		/* printf of an overflowed sum */
			else if (strchr("0123456789.-+eE% \t\n", c) == NULL)
				abort();
			break;
		}
		bol = s[i] == '\n';
	}
	if (st != OUT && st != COMMENT)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const outputs[] = { "x.png", "x.svg", "x.pdf" };
	struct lbc_chart_opts o;
	struct lbc_table *t;
	struct lbc_buf b = { 0 };
	unsigned long line = 0;
	const char *why;
	FILE *fp;
	int err, k, type, rc;

	if (size == 0 || (fp = fmemopen((void *)data, size, "r")) == NULL)
		return 0;
	for (k = 0; k < 8 && (t = lbc_table_read(fp, &line, &err)) != NULL;
	    k++) {
		for (type = LBC_CHART_BAR; type <= LBC_CHART_HEATMAP; type++) {
			memset(&o, 0, sizeof(o));
			o.type = (enum lbc_chart_type)type;
			o.format = (enum lbc_chart_format)((type + k) % 3);
			o.output = outputs[o.format];
			o.title = k % 2 ? t->rowfield : NULL;
			lbc_buf_clear(&b);
			rc = lbc_chart_script(t, &o, &b, &why);
			if (rc == LBC_EARG && why == NULL)
				abort();
			if (rc == 0)
				check_script(b.p, b.len);
			else if (rc != LBC_EARG && rc != LBC_ENOMEM)
				abort();
		}
		/* every label quoted on its own is one inert expression */
		for (size_t i = 0; i < t->nrows; i++) {
			lbc_buf_clear(&b);
			if (lbc_chart_quote(&b, t->rows[i], (int)(i & 1)) == 0)
				check_script(b.p, b.len);
		}
		lbc_table_free(t);
	}
	fclose(fp);
	lbc_buf_free(&b);
	return 0;
}

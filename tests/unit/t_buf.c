/* t_buf: growable buffers and shell-quoted command lines. */
#include <stdlib.h>

#include "buf.h"
#include "check.h"

static void
shell_words(void)
{
	static const char *const plain_c[] = { "lbc-tally", "-b",
	    "region,risk", "-o", "m.xlsx" };
	static const char *const odd_c[] = { "lbc-tally", "-w", "risk=高风险",
	    "", "it's" };
	char *plain[5], *odd[5], *s;
	int i;

	for (i = 0; i < 5; i++) {	/* the words as main() gets them */
		plain[i] = (char *)plain_c[i];
		odd[i] = (char *)odd_c[i];
	}

	s = lbc_shell_words(5, plain);
	CHECK_STR(s, "lbc-tally -b region,risk -o m.xlsx", "plain words as they are");
	free(s);
	s = lbc_shell_words(5, odd);
	CHECK_STR(s, "lbc-tally -w 'risk=高风险' '' 'it'\\''s'",
	    "other words quoted, quotes escaped, empty words kept");
	free(s);
}

static void
growing(void)
{
	struct lbc_buf b = { 0 };
	int i, bad = 0;

	for (i = 0; i < 10000; i++)
		bad |= lbc_buf_addc(&b, 'a' + i % 26);
	CHECK(bad == 0 && b.len == 10000 && b.p[10000] == '\0',
	    "10000 bytes, NUL-terminated");
	lbc_buf_clear(&b);
	CHECK(b.len == 0 && b.p[0] == '\0', "clear keeps an empty string");
	lbc_buf_printf(&b, "%d-%s", 42, "x");
	CHECK_STR(b.p, "42-x", "printf");
	lbc_buf_free(&b);
	CHECK(b.p == NULL && b.len == 0, "free zeroes");
}

int
main(void)
{
	shell_words();
	growing();
	return check_failed;
}

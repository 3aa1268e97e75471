#include <string.h>

#include "date.h"
#include "idno.h"

char
lbc_id_check(const char *id17)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	static const char map[] = "10X98765432";
	int i, s = 0;

	for (i = 0; i < 17; i++)
		s += (id17[i] - '0') * w[i];
	return map[s % 11];
}

void
lbc_id_birth(const char *id, struct lbc_date *d)
{
	d->y = (id[6] - '0') * 1000 + (id[7] - '0') * 100 + (id[8] - '0') * 10 +
	    (id[9] - '0');
	d->m = (id[10] - '0') * 10 + (id[11] - '0');
	d->d = (id[12] - '0') * 10 + (id[13] - '0');
}

char
lbc_id_sex(const char *id)
{
	return (id[16] - '0') % 2 ? 'M' : 'F';
}

static int
digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

enum lbc_id_status
lbc_id_normalize(const char *s, size_t n, char out[19])
{
	struct lbc_date d;

	while (n > 0 && (*s == '\'' || *s == '`')) {
		s++;
		n--;
	}
	/* Excel's text marker may also arrive as a typographic quote. */
	while (n >= 3 && (memcmp(s, "\xe2\x80\x98", 3) == 0 ||
	    memcmp(s, "\xe2\x80\x99", 3) == 0)) {
		s += 3;
		n -= 3;
	}
	if (n == 0)
		return LBC_ID_ABSENT;
	if (n == 15 && digits(s, 15)) {
		memcpy(out, s, 6);
		out[6] = '1';
		out[7] = '9';
		memcpy(out + 8, s + 6, 9);
		out[17] = lbc_id_check(out);
	} else if (n == 18 && digits(s, 17) &&
	    ((s[17] >= '0' && s[17] <= '9') || s[17] == 'X' || s[17] == 'x')) {
		memcpy(out, s, 18);
		if (out[17] == 'x')
			out[17] = 'X';
		if (lbc_id_check(out) != out[17])
			return LBC_ID_INVALID;
	} else
		return LBC_ID_INVALID;
	out[18] = '\0';
	lbc_id_birth(out, &d);
	if (!lbc_date_valid(d.y, d.m, d.d))
		return LBC_ID_INVALID;
	return LBC_ID_VALID;
}

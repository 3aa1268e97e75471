#include <math.h>

#include "palette.h"

unsigned long
lbc_palette_viridis(double t)
{
	static const unsigned long stop[] = {
		0x440154, 0x482475, 0x414487, 0x355f8d, 0x2a788e, 0x21918c,
		0x22a884, 0x44bf70, 0x7ad151, 0xbddf26, 0xfde725
	};
	unsigned long a, b, c = 0;
	double f;
	int i, k, sh;

	if (!(t > 0))
		return stop[0];
	if (t >= 1)
		return stop[10];
	i = (int)(t * 10);
	f = t * 10 - i;
	a = stop[i];
	b = stop[i + 1];
	for (k = 0; k < 3; k++) {
		sh = 8 * k;
		c |= (unsigned long)lround((1 - f) * ((a >> sh) & 0xff) +
		    f * ((b >> sh) & 0xff)) << sh;
	}
	return c;
}

unsigned long
lbc_palette_color(size_t j, size_t n)
{
	static const unsigned long pair[] = { 0x0072b2, 0xe69f00 };

	if (n <= 2)
		return pair[j % 2];
	return lbc_palette_viridis(0.9 * (double)j / (double)(n - 1));
}

unsigned long
lbc_palette_ink(unsigned long c)
{
	double l = 0.2126 * ((c >> 16) & 0xff) + 0.7152 * ((c >> 8) & 0xff) +
	    0.0722 * (c & 0xff);

	return l < 128 ? 0xffffff : 0;
}

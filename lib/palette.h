/*
 * palette.h: the colours of every lbc chart, gnuplot's and the workbook's.
 *
 * One series is blue, two are blue and orange (Okabe-Ito); more are taken
 * from viridis, dark to light in the order of the series, so that an
 * ordered field (risk: high, middle, low) is one ordered ramp.  All keep
 * apart in grey print and for colour-blind readers.  Colours are 0xRRGGBB.
 */
#ifndef LBC_PALETTE_H
#define LBC_PALETTE_H

#include <stddef.h>

/* Colour of series j of n (n >= 1). */
unsigned long lbc_palette_color(size_t j, size_t n);
/* Viridis at t in [0, 1] (clamped). */
unsigned long lbc_palette_viridis(double t);
/* Text colour readable on c: 0xffffff on dark colours, 0 on light ones. */
unsigned long lbc_palette_ink(unsigned long c);

#endif

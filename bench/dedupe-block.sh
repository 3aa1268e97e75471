#!/bin/sh
# bench/dedupe-block.sh KIND N [SEED]: one large dedupe block on stdout, a
# record stream (lbc(5)) whose records all share a birth date and the
# pinyin of a name, the worst case for lbc-dedupe's matching:
#   region    N records without an ID, one region, sexes mixed
#   villages  N records without an ID of one name across many villages,
#             some at township or county level
#   problems  N records of one child (one ID), each with its own problem
#   mixed     half with valid IDs, half without, homophone names, regions
#             of every level (the differential check of the matcher)
# All data is invented; the same on every awk (its own Park-Miller
# generator, exact in doubles).
set -eu
kind=${1:?kind} n=${2:?n} seed=${3:-1}
exec awk -v kind="$kind" -v n="$n" -v seed="$seed" '
function rnd() { x = (x * 16807) % 2147483647; return x / 2147483647 }
function id(region6, seq,    base, s, i, w, m) {
	base = region6 "20150302" sprintf("%03d", seq % 1000)
	split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " ")
	m = "10X98765432"; s = 0
	for (i = 1; i <= 17; i++) s += substr(base, i, 1) * w[i]
	return base substr(m, s % 11 + 1, 1)
}
function village(k) { return sprintf("9001%02d%03d%03d", k % 7, int(k / 7) % 50, int(k / 350) % 300) }
function level(r, u) { return u < 0.7 ? r : u < 0.85 ? substr(r, 1, 9) : u < 0.95 ? substr(r, 1, 6) : "" }
BEGIN {
	x = seed % 2147483646 + 1; OFS = "\t"
	split("王伟 王维 汪伟 王薇 王威 王玮 汪薇 王巍", names, " ")
	print "src", "line", "id", "id_raw", "name", "sex", "birth", "region", "guardian", "risk", "problems", "survey", "school", "grade", "reporter", "flags"
	for (i = 1; i <= n; i++) {
		ident = ""; nm = "王伟"; sx = ""; rg = "900101001001"; pr = "study"; fl = ""
		sv = sprintf("2023-%02d-%02d", 1 + i % 12, 1 + i % 28)
		if (kind == "region") {
			u = rnd(); sx = u < 0.45 ? "M" : u < 0.9 ? "F" : ""
		} else if (kind == "villages") {
			u = rnd(); sx = u < 0.5 ? "M" : "F"
			rg = level(village(int(rnd() * n / 3)), rnd())
		} else if (kind == "problems") {
			ident = id("900101", 7); pr = "p" i; fl = "f" (i % 1000)
		} else {
			v = int(rnd() * n / 4); r = village(v)
			nm = names[1 + int(rnd() * 8)]
			if (rnd() < 0.5) {
				ident = id(substr(r, 1, 6), int(rnd() * n / 8))
			} else {
				u = rnd(); sx = u < 0.4 ? "M" : u < 0.8 ? "F" : ""
				r = level(r, rnd())
			}
			rg = r; pr = rnd() < 0.5 ? "study" : "p" int(rnd() * 5)
		}
		print "b.csv", i + 1, ident, "", nm, sx, "2015-03-02", rg, "grandparent", "medium", pr, sv, "", "", "", fl
	}
}'

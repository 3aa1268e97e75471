# lbc-import splits a line without a quote at its separators, without the
# CSV parser; every other line still goes through libcsv.  The records,
# rejects, messages and counts must be those of the libcsv-only reading
# (LBC_IMPORT_LIBCSV_ONLY, kept for this test), byte for byte: on drops
# from lbc-gen at several seeds and encodings, and on hand-made lines
# that try the edges of the split (spaces and TABs around fields, empty
# and extra fields, quotes, bad quotes, NUL bytes, CR line ends).
. "$(dirname "$0")/../lib.sh"

IMPORT="lbc-import --as-of 2026-06-30"

# same NAME ARGS...: both readings (tests/lib.sh), and records written.
same() {
	_n=$1
	shift
	same_readings LBC_IMPORT_LIBCSV_ONLY "$_n" $IMPORT "$@"
	# a reading that wrote nothing would compare equal too
	check "$_n-has-records" 'test "$(wc -l < new.out)" -gt 1'
}

for s in 1 2 3 7; do
	(cd "$T" && lbc-gen -n 1500 -s $s -x 0.1 > d$s.csv &&
	    lbc-gen -n 1500 -s $s -f regions > r$s.tsv) ||
	    fail "gen-$s" "lbc-gen failed"
	same "gb18030-seed-$s" -r r$s.tsv d$s.csv
done
(cd "$T" && lbc-gen -n 1500 -s 4 -a > a.csv && lbc-gen -n 1500 -s 4 -c > c.csv &&
    lbc-gen -n 1500 -s 4 -e utf8 > u8.csv && lbc-gen -n 1500 -s 4 -e utf16 > u16.txt &&
    lbc-gen -n 1500 -s 4 -f regions > r4.tsv) || fail gen-4 "lbc-gen failed"
same other-headers -r r4.tsv a.csv
same code-column -r r4.tsv c.csv
same utf8-bom -r r4.tsv u8.csv
same utf16-tab -r r4.tsv u16.txt
same several-files -r r4.tsv a.csv c.csv u8.csv u16.txt

# Hand-made edges.  Region codes, so no regions table is needed.  The
# first 20 rows are read ahead with the header (through libcsv): the
# edges come after them.
h='姓名,身份证号,性别,出生日期,区划代码,备注'
{
	printf '%s\n' "$h"
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21; do
		printf '子%s,,男,2015-01-01,110101001001,\n' $i
	done
	printf '甲, 110101201501011234 ,男,2015-01-01,110101001001,a\n'
	printf '乙\t,\t110101201502021235,\t男 ,2015-02-02 , 110101001001 ,\t b c \t\n'
	printf '丙,,,2015-03-03,110101001001,\n'
	printf '丁,,女,2015-03-03,110101001001,x,extra\n'
	printf '戊,,女,2015-03-03,110101001001,"quoted, with comma"\n'
	printf '己,,女,2015-03-03,110101001001,"two\nlines"\n'
	printf '庚,,女,2015-03-03,110101001001,"bad"quote\n'
	printf '辛,,女,2015-03-03,110101001001,a"b\n'
	printf '壬,,女,2015-03-03,110101001001,nul\0here\n'
	printf '   \n'
	printf ',,,,,\n'
	printf '癸,,女,2015-03-03,110101001001,cr\rA,,女,2015-04-04,110101001001,crlf\r\n'
	printf 'B,,女,2015-04-04,110101001001,last'
} > "$T/edges.csv"
same edges-comma edges.csv
tr ',' ';' < "$T/edges.csv" > "$T/edges-semi.csv"
same edges-semicolon edges-semi.csv
tr ',\t' '\t,' < "$T/edges.csv" > "$T/edges.tsv"
same edges-tab edges.tsv
# the split trims as libcsv does: spaces and TABs, but for TAB separators
expect edges-trimmed 0 - - -- $IMPORT -q edges.csv
check edges-trimmed-fields 'awk -F "\t" "\$2 == 24" out | cut -f4,6,17 |
    grep -qx "110101201502021235	M	b c"'
# An open quote at the end takes the rest of the file in both readings.
{ printf '%s\n' "$h"; printf '甲,,男,2015-01-01,110101001001,"open\n乙,,男,2015-01-01,110101001001,x\n'; } > "$T/open.csv"
same unclosed-quote open.csv

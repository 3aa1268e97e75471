# lbc-tally's order of a user's column: natural (numbers by value, dates by
# date, text with digit runs as numbers) unless --sort count.
. "$(dirname "$0")/../lib.sh"
printf 'n\tmonth_done\titems\tscore\tdue\n' >"$T/in.tsv"
for r in '1	2026-06	1项	10	2026/6/1' '2	2026-06	1项	9	2026/12/1' \
    '3	2026-05	2项	-1	2026/6/1' '4	2026-06	0项	2.5	2026/6/1' \
    '5	2026-06	10项	10	2026/6/1' '6	2026-06	1项	x	2026/6/1'; do
	printf '%s\n' "$r" >>"$T/in.tsv"
done
cat >"$T/want" <<'X'
month_done	人数
2026-05	1
2026-06	5
合计	6

items	人数
0项	1
1项	3
2项	1
10项	1
合计	6

score	人数
-1	1
2.5	1
9	1
10	2
x	1
合计	6

due	人数
2026/6/1	5
2026/12/1	1
合计	6
X
expect natural-order 0 "$T/want" /dev/null -- \
    lbc-tally -b month_done -b items -b score -b due in.tsv
cat >"$T/want.count" <<'X'
items	人数
1项	3
0项	1
10项	1
2项	1
合计	6
X
expect sort-count 0 "$T/want.count" /dev/null -- \
    lbc-tally --sort count -b items in.tsv
expect sort-natural 0 - /dev/null -- lbc-tally --sort natural -b items in.tsv
check sort-natural-is-default 'lbc-tally -b items in.tsv | cmp -s - out'
expect sort-bad 2 /dev/null - -- lbc-tally --sort size -b items in.tsv

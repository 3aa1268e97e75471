# lbc-chart at 3, 30, 300 and 3,000 categories: up to the limit (30 bars,
# 10 pie slices, 40 heatmap rows) every row is drawn; above it the largest
# rows and 其他, said in the title and warned on stderr; --top N chooses;
# --split draws every row in parts of one size and scale, all or none;
# counts step by whole numbers;
# the image stays a readable size.  A pie of a multi-response field is
# refused.  Every title says the data's date (--date) or that it is not
# known.
. "$(dirname "$0")/../lib.sh"
PY=/usr/bin/python3

table() {	# rows cols: a crosstab of invented counts, rows by size
	awk -v R="$1" -v C="$2" 'BEGIN {
		printf "区划"; for (j = 1; j <= C; j++) printf "\t类%d", j; print ""
		for (i = 1; i <= R; i++) {
			printf "村%04d", i
			for (j = 1; j <= C; j++) printf "\t%d", (i * 7 + j * 3) % 50 + 1
			print ""
		}
	}'
}
png_size() {	# file: WIDTHxHEIGHT from the PNG header
	$PY -c 'import struct, sys
d = open(sys.argv[1], "rb").read(24)
print("%dx%d" % struct.unpack(">II", d[16:24]))' "$1"
}

for n in 3 30 300 3000; do
	table $n 1 > "$T/t$n.tsv"
	table $n 3 > "$T/x$n.tsv"
	for type in bar hbar stacked heatmap pie; do
		case $type in
		pie) lim=10 ;; heatmap) lim=40 ;; *) lim=30 ;;
		esac
		in=x$n.tsv
		[ $type = bar ] || [ $type = pie ] && in=t$n.tsv
		expect "scale-$type-$n" 0 - - -- \
		    lbc-chart -t $type -o "$type$n.png" "$in"
		if [ $n -gt $lim ]; then
			check "scale-$type-$n-warns" "grep -q \"^lbc-chart: $in:1: $n rows, more than a $type chart shows: drawing the $((lim - 1)) largest and 其他 ($((n - lim + 1)) rows); --top N chooses, --split draws them all\" err"
		else
			check "scale-$type-$n-quiet" 'test ! -s err'
		fi
		expect "scale-$type-$n-script" 0 - - -- \
		    lbc-chart -t $type --script -o x.png "$in"
		want=$n; [ $n -gt $lim ] && want=$lim
		check "scale-$type-$n-rows" "head -n 1 out | grep -q \"chart, $want rows\""
		if [ $n -gt $lim ]; then
			check "scale-$type-$n-title" "grep -q \"^set title .*其余 $((n - lim + 1)) 类合为“其他”\" out"
			check "scale-$type-$n-other" "grep -q \"'其他'\" out"
		fi
		check "scale-$type-$n-size" "s=\$(png_size $type$n.png) &&
		    test \${s%x*} -le 3000 && test \${s#*x} -le 3000"
	done
done

# --top N: the N largest and 其他, without a warning; the largest first.
expect top-5 0 - /dev/null -- lbc-chart --top 5 --script -o x.png t300.tsv
check top-5-rows 'head -n 1 out | grep -q "chart, 6 rows"'
check top-5-largest "grep -q \"'村0028'\" out"
expect top-bad 2 /dev/null - -- lbc-chart --top 0 -o x.png t3.tsv

# A pie of a multi-response field: shares of mentions, refused.
printf 'problems\t人数\n学业失教\t3\n生活失助\t5\n无\t4\n合计\t10\n' > "$T/p.tsv"
echo "lbc-chart: p.tsv:1: no pie of a multi-response field: its shares are of mentions, not of children (a child may have several); draw bars (-t bar or hbar)" > "$T/p.err"
expect pie-multi-refused 1 /dev/null "$T/p.err" -- lbc-chart -t pie -o p.png p.tsv
check pie-multi-no-file 'test ! -e p.png'
expect bar-multi-fine 0 /dev/null /dev/null -- lbc-chart -t bar -o p.png p.tsv

# Counts step by whole children: 0, 1, 2, never 0.5.
printf 'risk\t人数\n高\t1\n中\t2\n低\t1\n' > "$T/small.tsv"
expect whole-steps 0 - /dev/null -- lbc-chart --script -o x.png small.tsv
check whole-steps-ytics 'grep -qx "set ytics 1" out'
printf 'risk\t人数\n高\t0.5\n中\t2.25\n' > "$T/frac.tsv"
expect fraction-steps 0 - /dev/null -- lbc-chart --script -o x.png frac.tsv
check fraction-steps-free '! grep -q "^set ytics" out'

# --split: above the limit, parts FILE-1.png ... of at most the limit, as
# even as can be, each one whole, the same size, value axis and colour
# scale; every row in exactly one part, in the table's order.
for n in 3 30 300 3000; do
	for type in bar hbar stacked grouped heatmap; do
		lim=30; [ $type = heatmap ] && lim=40
		in=x$n.tsv; [ $type = bar ] && in=t$n.tsv
		parts=$(( (n + lim - 1) / lim ))
		per=$(( (n + parts - 1) / parts ))
		rm -f "$T"/s*.png
		if [ $n -le $lim ]; then
			expect "split-$type-$n-whole" 0 /dev/null /dev/null -- \
			    lbc-chart -t $type --split -o s.png "$in"
			check "split-$type-$n-one-file" 'test -s s.png && ! ls s-*.png'
			continue
		fi
		printf 'lbc-chart: %s:1: %d rows, more than a %s chart shows: split into %d charts of up to %d rows, s-1.png to s-%d.png\n' \
		    "$in" $n $type $parts $per $parts > "$T/want.err"
		expect "split-$type-$n-script" 0 - "$T/want.err" -- \
		    lbc-chart -t $type --split --date 2026-06-30 --script -o s.png "$in"
		check "split-$type-$n-outputs" "test \$(grep -c '^set output ' out) -eq $parts &&
		    test \$(grep -c '^reset\$' out) -eq $((parts - 1)) &&
		    grep -q \"^set output 's-$parts.png'\$\" out"
		check "split-$type-$n-titles" "test \$(grep -c \"^set title .*数据截至 2026-06-30（第 [0-9]*/$parts 部分：第 [0-9]*–[0-9]* 行，共 $n 行）\" out) -eq $parts &&
		    grep -q \"（第 $parts/$parts 部分：第 $((n - n / parts + 1))–$n 行\" out"
		check "split-$type-$n-every-row-once" "grep -o \"'村[0-9]*'\" out | sort | uniq -c | awk '\$1 != 1 { bad = 1 } END { exit bad || NR != $n }'"
		check "split-$type-$n-in-order" "grep -o \"'村[0-9]*'\" out | sort -c"
		check "split-$type-$n-one-scale" "test \$(grep '^set [xy]range' out | sort -u | wc -l) -eq 2 &&
		    test \$(grep -c '^set terminal .* size ' out) -eq $parts &&
		    test \$(grep '^set terminal' out | sort -u | wc -l) -eq 1 &&
		    test \$(grep '^set cbrange' out | sort -u | wc -l) -le 1"
		# drawing 100 parts costs seconds: at 3,000 only bar and heatmap
		[ $n -eq 3000 ] && [ $type != bar ] && [ $type != heatmap ] && continue
		expect "split-$type-$n" 0 /dev/null "$T/want.err" -- \
		    lbc-chart -t $type --split -o s.png "$in"
		check "split-$type-$n-files" "test \$(ls s-*.png | wc -l) -eq $parts &&
		    test -s s-$parts.png && test ! -e s.png"
		check "split-$type-$n-same-size" "for f in s-*.png; do png_size \$f; done | sort -u | wc -l | grep -qx 1"
		check "split-$type-$n-pngs-whole" "for f in s-*.png; do tail -c 8 \$f | od -An -tx1 | tr -d ' \n' | grep -qx 49454e44ae426082 || exit 1; done"
	done
done

# --split where it makes no sense, or with what it cannot go with.
rm -f "$T"/s*.png
for type in pie line pyramid; do
	expect "split-refused-$type" 2 /dev/null - -- \
	    lbc-chart -t $type --split -o s.png t300.tsv
	check "split-refused-$type-says" "grep -q '^lbc-chart: --split: a $type chart is drawn whole' err &&
	    tail -n 1 err | grep -q '^usage: ' && ! ls s*.png"
done
expect split-top-refused 2 /dev/null - -- lbc-chart --split --top 5 -o s.png t300.tsv
check split-top-refused-says "grep -qx 'lbc-chart: --split and --top: choose one' err"
expect split-stdout-refused 2 /dev/null - -- lbc-chart --split --script t300.tsv
check split-stdout-refused-says "grep -q '^lbc-chart: --split needs -o file' err"
table 300 1 > "$T/t300-2.png"
rm -f "$T"/s*.png
expect split-part-is-input 2 /dev/null - -- lbc-chart --split -o t300.png t300-2.png
check split-part-is-input-says "grep -q 'the output is the input t300-2.png: refused' err && ! ls t300-1.png"

# Too many parts: refused before anything is drawn.
table 6001 1 > "$T/t6001.tsv"
echo "lbc-chart: t6001.tsv:1: 6001 rows make 201 charts, more than 200: select fewer regions (lbc-select) or draw the largest (--top N)" > "$T/want.err"
expect split-too-many 1 /dev/null "$T/want.err" -- lbc-chart --split -o s.png t6001.tsv
check split-too-many-no-file '! ls s*.png'

# All or none: gnuplot draws no second part, so no part is left, and an
# older first part stays as it was.
GP=$(command -v gnuplot)
printf '#!/bin/sh\nawk '"'"'/^reset$/ { n++ } n == 1 && /^plot/ { skip = 1 } skip && !/\\\\$/ { skip = 0; next } skip { next } { print }'"'"' | exec %s "$@"\n' "$GP" > "$T/gp2"
chmod +x "$T/gp2"
echo old > "$T/s-1.png"
expect split-all-or-none 1 /dev/null - -- env GNUPLOT="$T/gp2" lbc-chart --split -o s.png t300.tsv
check split-all-or-none-says "grep -qx 'lbc-chart: $T/gp2 wrote no chart' err"
check split-all-or-none-nothing "test \"\$(cat s-1.png)\" = old && ! ls s-[2-9]*.png s-10.png s.png"
check split-all-or-none-no-litter '! ls -a | grep -q "^\.lbc-tmp"'

# The data's date in every title: --date, else 数据日期未注明; --date ''
# says nothing (a --title that has it).
for type in bar hbar stacked grouped line pie pyramid heatmap; do
	in=t3.tsv
	case $type in stacked | grouped | heatmap) in=x3.tsv ;; esac
	[ $type = pyramid ] && { table 3 2 > "$T/y3.tsv"; in=y3.tsv; }
	expect "date-$type" 0 - /dev/null -- \
	    lbc-chart -t $type --date 2026年6月30日 --script -o d.png "$in"
	check "date-$type-title" "grep -q \"^set title '留守儿童人数：'.*\\\"\\\\\\\\n\\\".'数据截至 2026-06-30' font\" out"
	expect "no-date-$type" 0 - /dev/null -- \
	    lbc-chart -t $type --script -o d.png "$in"
	check "no-date-$type-says" "grep -q \"^set title .*'数据日期未注明' font\" out"
done
expect date-month 0 - /dev/null -- lbc-chart --date 2026-06 --title 六月 --script -o d.png t3.tsv
check date-month-title "grep -q \"^set title '六月'.*'数据截至 2026-06' font\" out"
expect date-empty 0 - /dev/null -- lbc-chart --date '' --title '六月 2026-06-30' --script -o d.png t3.tsv
check date-empty-title "grep -qx \"set title '六月 2026-06-30' font ',15.6'\" out"
expect date-bad 2 /dev/null - -- lbc-chart --date 2026-13-01 -o d.png t3.tsv
check date-bad-says "grep -qx 'lbc-chart: --date wants a date, like 2026-06-30 or 2026-06: 2026-13-01' err && test ! -e d.png"

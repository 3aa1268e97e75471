# lbc-chart at 3, 30, 300 and 3,000 categories: up to the limit (30 bars,
# 10 pie slices, 40 heatmap rows) every row is drawn; above it the largest
# rows and 其他, said in the title and warned on stderr; --top N chooses;
# counts step by whole numbers;
# the image stays a readable size.  A pie of a multi-response field is
# refused.
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
			check "scale-$type-$n-warns" "grep -q \"^lbc-chart: $in:1: $n rows, more than a $type chart shows: drawing the $((lim - 1)) largest and 其他 ($((n - lim + 1)) rows); --top N chooses\" err"
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

#!/bin/sh
# lbc-chart: every type in every format, hostile labels, gnuplot missing,
# failing or killed, and the usual usage and I/O errors.
. "$(dirname "$0")/../lib.sh"
C=$DATA/chart
GP=$(command -v gnuplot)
BIN=$LBC_BIN/lbc-chart

# png_size FILE: "WxH" from the IHDR chunk of a PNG.
png_size() {
	od -An -tu1 -j16 -N8 "$1" | awk '{
		printf "%dx%d\n", (($1 * 256 + $2) * 256 + $3) * 256 + $4,
		    (($5 * 256 + $6) * 256 + $7) * 256 + $8 }'
}
is_png() { [ "$(od -An -tx1 -N8 "$1" | tr -d ' \n')" = 89504e470d0a1a0a ]; }
is_pdf() { [ "$(head -c 5 "$1")" = "%PDF-" ]; }
# no_file NAME: neither NAME nor a temporary file beside it.
no_file() { ! ls "$T/$1" "$T/$1".tmp.* >/dev/null 2>&1; }

table_for() {
	case $1 in
	bar) echo problems.tsv ;;
	hbar) echo region.tsv ;;
	stacked | grouped) echo region_risk.tsv ;;
	line) echo month.tsv ;;
	pie) echo guardian.tsv ;;
	pyramid) echo age_sex.tsv ;;
	heatmap) echo region_problems.tsv ;;
	esac
}
# A label of the first row and a count from each table.
label_for() {
	case $1 in
	bar) echo '学业失教 2034' ;;
	hbar) echo '云岩区 1284' ;;
	stacked | grouped) echo '开阳县 402' ;;
	line) echo '2023-10 910' ;;
	pie) echo '89.3% 8134' ;;
	pyramid) echo '12-13岁 1198' ;;
	heatmap) echo '亲情失落 640' ;;
	esac
}

for type in bar hbar stacked grouped line pie pyramid heatmap; do
	tab=$(table_for $type)
	set -- $(label_for $type)
	expect "$type png" 0 - /dev/null -- \
	    lbc-chart -t $type --size 900x500 -o $type.png "$C/$tab"
	check "$type png signature" "is_png $type.png"
	check "$type png size" "[ \"\$(png_size $type.png)\" = 900x500 ]"
	expect "$type svg" 0 - /dev/null -- \
	    lbc-chart -t $type -o $type.svg "$C/$tab"
	check "$type svg has the label $1" "grep -q '>$1</text>' $type.svg"
	check "$type svg has the count $2" "grep -q '>[^<]*$2[^<]*</text>' $type.svg"
	check "$type svg has no total" "! grep -q '>合计</text>' $type.svg"
	expect "$type pdf" 0 - /dev/null -- \
	    lbc-chart -t $type -o $type.pdf "$C/$tab"
	check "$type pdf header" "is_pdf $type.pdf"
	check "$type no temporary files" "! ls $type.*.tmp.* >/dev/null 2>&1"
done
check "grouped svg: every region name as text" \
    'for r in 云岩区 南明区 花溪区 乌当区 开阳县 息烽县; do
	grep -q ">$r</text>" grouped.svg || exit 1; done'
check "pie svg: share in the key" "grep -q '>无人监护  363 (4.0%)</text>' pie.svg"
check "hbar: totals and percentages not drawn" \
    "! grep -q '>9108</text>' hbar.svg && ! grep -q '>14.1</text>' hbar.svg"

# Default sizes: 1000x600, taller for many rows in hbar.
expect "default size" 0 - - -- lbc-chart -o default.png "$C/region.tsv"
check "default size 1000x600" "[ \"\$(png_size default.png)\" = 1000x600 ]"
awk 'NR == 1 { print; next } { for (i = 0; i < 4; i++) print $1 i "\t" $2 }' \
    "$C/region.tsv" > "$T/many.tsv"
expect "hbar of 44 rows" 0 - - -- lbc-chart -t hbar -o many.png many.tsv
check "hbar grows taller" "h=\$(png_size many.png); [ \${h#1000x} -gt 900 ]"

# The script is what the snapshot holds; -n picks a table; stdin.
expect "script snapshot" 0 "$C/bar.gp" /dev/null -- \
    lbc-chart -t bar -o out.png --script "$C/problems.tsv"
check "script writes no file" "no_file out.png"
{ cat "$C/region.tsv"; echo; cat "$C/region_risk.tsv"; echo; } > "$T/two.tsv"
IN=$T/two.tsv
expect "-n 2 from stdin" 0 "$C/stacked.gp" /dev/null -- \
    lbc-chart -n 2 -t stacked -o out.png --script
printf 'lbc-chart: stdin: no table 3: there are 2\n' > "$T/want"
expect "-n 3 of 2" 1 /dev/null "$T/want" -- lbc-chart -n 3 -o out.png
check "-n 3 of 2: no file" "no_file out.png"
IN=/dev/null
printf 'lbc-chart: stdin: no table 1: there are 0\n' > "$T/want"
expect "empty input" 1 /dev/null "$T/want" -- lbc-chart -o out.png
IN=$C/problems.tsv
expect "PNG on stdout" 0 - /dev/null -- lbc-chart -t bar
check "PNG on stdout: signature" "is_png out"
IN=/dev/null

# Hostile labels: quotes, backslashes, @, $, %, line breaks, markup.
for type in bar hbar stacked grouped line pie heatmap; do
	expect "hostile $type" 0 - - -- \
	    lbc-chart -t $type -o "h $type.svg" "$C/hostile.tsv"
	expect "hostile crosstab $type" 0 - - -- \
	    lbc-chart -t $type -o "hx $type.png" "$C/hostile_x.tsv"
done
check "hostile: no command ran" "! ls pwned* >/dev/null 2>&1"
check "hostile: labels verbatim" \
    "grep -q \">'; system(\\\"touch pwned\\\"); '</text>\" 'h hbar.svg' &&
     grep -q '>@x \$data %d %s %%</text>' 'h hbar.svg' &&
     grep -q '>back\\\\slash\\\\</text>' 'h hbar.svg' &&
     grep -q '>{/Bold x}^2_3 &amp;amp; &lt;b></text>' 'h hbar.svg' &&
     grep -q '>第二行</text>' 'h hbar.svg'"
expect "hostile title, font and file name" 0 - /dev/null -- \
    lbc-chart -t pie --title "'\`touch pwned5\`'@x" \
    --font "Noto Sans CJK SC'; system('touch pwned6')" \
    -o "it's @a.svg" "$C/guardian.tsv"
check "hostile options: file written, nothing ran" \
    "[ -s \"it's @a.svg\" ] && ! ls pwned* >/dev/null 2>&1"

# gnuplot missing.
printf 'lbc-chart: /nonexistent: not found (GNUPLOT names the gnuplot program; Debian package gnuplot-nox)\n' > "$T/want"
expect "GNUPLOT=/nonexistent" 1 /dev/null "$T/want" -- \
    env GNUPLOT=/nonexistent lbc-chart -o out.png "$C/region.tsv"
check "GNUPLOT=/nonexistent: no file" "no_file out.png"
mkdir "$T/empty"
printf 'lbc-chart: gnuplot not found on PATH: install it (Debian: apt-get install gnuplot-nox) or set GNUPLOT\n' > "$T/want"
expect "no gnuplot on PATH" 1 /dev/null "$T/want" -- \
    env -u GNUPLOT PATH="$T/empty" "$BIN" -o out.png "$C/region.tsv"
check "no gnuplot on PATH: no file" "no_file out.png"
expect "GNUPLOT empty is unset" 1 /dev/null "$T/want" -- \
    env GNUPLOT= PATH="$T/empty" "$BIN" -o out.png "$C/region.tsv"

# gnuplot fails: before drawing, after drawing, killed; an old file stays.
printf '#!/bin/sh\n{ echo "set bogus"; cat; } | exec "%s" -d /dev/stdin\n' \
    "$GP" > "$T/early.sh"
printf '#!/bin/sh\n{ cat; echo "plot \\$nosuch"; } | exec "%s" -d /dev/stdin\n' \
    "$GP" > "$T/late.sh"
printf '#!/bin/sh\nname=$(sed -n "s/^set output '"'"'\\(.*\\)'"'"'$/\\1/p")\nprintf partial > "$name"\nkill -9 $$\n' \
    > "$T/killed.sh"
chmod +x "$T/early.sh" "$T/late.sh" "$T/killed.sh"
echo old > "$T/keep.png"
expect "gnuplot error" 1 /dev/null - -- \
    env GNUPLOT="$T/early.sh" lbc-chart -o keep.png "$C/region.tsv"
check "gnuplot error relayed" \
    "grep -q 'line 1: unrecognized option' err &&
     grep -q '^lbc-chart: .*early.sh failed (exit status 1); no chart written\$' err"
check "gnuplot error: old file kept" "[ \"\$(cat keep.png)\" = old ] && ! ls keep.png.tmp.* >/dev/null 2>&1"
expect "gnuplot error after drawing" 1 /dev/null - -- \
    env GNUPLOT="$T/late.sh" lbc-chart -o out.png "$C/region.tsv"
check "error after drawing: no file" "no_file out.png"
expect "gnuplot killed" 1 /dev/null - -- \
    env GNUPLOT="$T/killed.sh" lbc-chart -o out.png "$C/region.tsv"
check "gnuplot killed: message" "grep -q 'killed by signal 9; no chart written' err"
check "gnuplot killed: no file" "no_file out.png"

# lbc-chart itself interrupted while gnuplot runs.
printf '#!/bin/sh\ncat >/dev/null\ntouch "%s/started"\nexec sleep 30\n' "$T" \
    > "$T/slow.sh"
chmod +x "$T/slow.sh"
(cd "$T" && GNUPLOT="$T/slow.sh" exec "$BIN" -o slow.png "$C/region.tsv") &
pid=$!
i=0
while [ ! -e "$T/started" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
kill -TERM $pid
wait $pid
rc=$?
check "interrupted: dies by SIGTERM" "[ $rc -eq 143 ]"
check "interrupted: no file" "no_file slow.png"

# Usage and I/O errors.
printf 'usage: lbc-chart [-t type] [-o file] [-n table] [--title title] [--size WxH] [--font font] [--date date] [--top N | --split] [--script] [--allow-empty] [file]\n' > "$T/usage"
{ echo "lbc-chart: unknown chart type: donut"; cat "$T/usage"; } > "$T/want"
expect "unknown type" 2 /dev/null "$T/want" -- lbc-chart -t donut "$C/region.tsv"
{ echo "lbc-chart: out.gif: the name must end in .png, .svg or .pdf"; cat "$T/usage"; } > "$T/want"
expect "unknown extension" 2 /dev/null "$T/want" -- lbc-chart -o out.gif "$C/region.tsv"
check "unknown extension: no file" "no_file out.gif"
expect "bad option" 2 /dev/null - -- lbc-chart --bogus "$C/region.tsv"
check "bad option: usage" "tail -n 1 err | cmp -s - usage"
expect "two files" 2 /dev/null "$T/usage" -- lbc-chart a.tsv b.tsv
{ echo "lbc-chart: --size wants WIDTHxHEIGHT in pixels, 100 to 20000: 10x10"; cat "$T/usage"; } > "$T/want"
expect "bad size" 2 /dev/null "$T/want" -- lbc-chart --size 10x10 "$C/region.tsv"
{ echo "lbc-chart: -n wants a table number from 1: 0"; cat "$T/usage"; } > "$T/want"
expect "-n 0" 2 /dev/null "$T/want" -- lbc-chart -n 0 "$C/region.tsv"
printf 'lbc-chart: nope.tsv: No such file or directory\n' > "$T/want"
expect "missing input" 1 /dev/null "$T/want" -- lbc-chart -o out.png nope.tsv
check "missing input: no file" "no_file out.png"
printf 'lbc-chart: %s:1: a pyramid needs a table with two columns (such as age by sex)\n' \
    "$C/region_risk.tsv" > "$T/want"
expect "pyramid of three columns" 1 /dev/null "$T/want" -- \
    lbc-chart -t pyramid -o out.png "$C/region_risk.tsv"
check "pyramid of three columns: no file" "no_file out.png"
printf '区划\t人数\n云岩区\tmany\n' > "$T/bad.tsv"
printf 'lbc-chart: bad.tsv:2: a count is not a number\n' > "$T/want"
expect "count not a number" 1 /dev/null "$T/want" -- lbc-chart -o out.png bad.tsv
# A table of lbc-tally --suppress: "*" cells drawn as missing, and said.
printf 'region×risk\t高\t低\t合计\n甲村\t*\t5\t*\n乙村\t4\t6\t10\n合计\t*\t11\t15\n' > "$T/supp.tsv"
for ty in bar stacked heatmap line; do
	expect "suppressed cells drawn as missing ($ty)" 0 - /dev/null -- \
	    lbc-chart -t $ty --script supp.tsv
	check "suppressed cells: the title says so ($ty)" "grep -q '（含隐去的小数 \*，未画出）' out"
done
expect "suppressed cells: no label (stacked)" 0 - /dev/null -- \
    lbc-chart -t stacked --script supp.tsv
check "suppressed cell: an empty label, no sum on its bar" \
    "grep -c '\"\"\$' out | grep -qx 2 && grep -q '	10\$' out"
expect "suppressed cell: no heatmap box" 0 - /dev/null -- \
    lbc-chart -t heatmap --script supp.tsv
check "suppressed cell: heatmap writes three boxes" \
    "sed -n '/^\\\$data << EOD/,/^EOD/p' out | grep -c '^[0-9]' | grep -qx 3"
expect "suppressed cells: a PNG" 0 /dev/null /dev/null -- lbc-chart -t stacked -o supp.png supp.tsv
check "suppressed cells: the PNG is whole" "is_png supp.png"
printf 'lbc-chart: supp.tsv:1: no pie of a table with suppressed cells (*): its shares would be of an unknown whole; draw bars (-t bar or hbar)\n' > "$T/want"
expect "pie of suppressed cells refused" 1 /dev/null "$T/want" -- \
    lbc-chart -t pie -o p.png supp.tsv
check "pie of suppressed cells: no file" "no_file p.png"
printf 'f\tn\na\t*\nb\t0\n' > "$T/allsupp.tsv"
printf 'lbc-chart: allsupp.tsv: table 1 shows no count but suppressed ones (*): nothing to draw (--allow-empty to draw it)\n' > "$T/want"
expect "all suppressed refused" 1 /dev/null "$T/want" -- \
    lbc-chart -o a.png allsupp.tsv
printf 'lbc-chart: nodir/out.png: No such file or directory\n' > "$T/want"
expect "output folder missing" 1 /dev/null "$T/want" -- \
    lbc-chart -o nodir/out.png "$C/region.tsv"
expect "--script to /dev/full" 1 - - -- sh -c \
    "lbc-chart --script '$C/region.tsv' > /dev/full"
check "--script to /dev/full: message" "grep -q '^lbc-chart: stdout: No space left on device\$' err"
expect "PNG to /dev/full" 1 - - -- sh -c "lbc-chart '$C/region.tsv' > /dev/full"
printf 'lbc-chart (lbc) %s\n' "$("$BIN" --version | sed 's/.* //')" > "$T/want"
expect "--version" 0 "$T/want" /dev/null -- lbc-chart --version
expect "--help" 0 - /dev/null -- lbc-chart --help
check "--help: synopsis first" "head -n 1 out | cmp -s - usage"

# Fields lbc knows are titled in Chinese; other columns keep their names.
printf 'region×risk\t高风险\t合计\n清水县\t3\t3\n合计\t3\t3\n' > "$T/known.tsv"
expect "known fields: script" 0 - - -- lbc-chart -t stacked --script known.tsv
check "known fields: 区划 and 风险等级" 'grep -q "区划" out && grep -q "风险等级" out'
check "known fields: codes not shown" '! grep -q "region" out'
printf '村小组\t人数\n一组\t3\n合计\t3\n' > "$T/other.tsv"
expect "other column: script" 0 - - -- lbc-chart -t bar --script other.tsv
check "other column: own name" 'grep -q "村小组" out'

# Counts whose sum is not finite are refused, not drawn with NaN angles.
printf '区划\t人数\n甲\t1e308\n乙\t1e308\n合计\t1e308\n' > "$T/huge.tsv"
expect "huge counts: refused" 1 - - -- lbc-chart -t pie --script huge.tsv
check "huge counts: told" 'grep -q "counts too large to draw" err'

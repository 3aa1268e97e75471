# The kept fuzz inputs (tests/fuzz/regress/) through the commands: each
# ends with exit 0 or 1 and a message, never a signal; lbc-import accounts
# for every row it read.  (tests/unit/t_fuzz.c replays them through the
# library with the fuzz targets' checks.)
. "$(dirname "$0")/../lib.sh"
R=$TOP/tests/fuzz/regress

survives() {	# name, command... : exit 0 or 1, stderr says why on 1
	_n=$1; shift
	(cd "$T" && "$@" <"$IN" >"$T/out" 2>"$T/err")
	_rc=$?
	if [ "$_rc" -gt 1 ]; then
		fail "$_n" "exit $_rc: $(head -c 300 "$T/err")"
	elif [ "$_rc" -eq 1 ] && ! grep -q "^${1##*/}: " "$T/err"; then
		fail "$_n" "exit 1 without a message"
	else
		ok "$_n"
	fi
}

for f in "$R"/import/*; do
	b=${f##*/}
	survives "import-$b" lbc-import -r "$SAMPLES/regions.tsv" "$f"
	if [ "$_rc" -eq 0 ]; then
		check "import-$b-accounts" 'tail -n 1 err | awk "{ if (\$3 != \"rows\" || \$2 != \$6 + \$9 + \$12) exit 1 }" &&
		    test $(($(wc -l < out) - 1)) -eq "$(tail -n 1 err | cut -d" " -f6)"'
	fi
done
for f in "$R"/table/*; do
	if [ -x "$LBC_BIN/lbc-chart" ]; then
		survives "chart-${f##*/}" lbc-chart --script "$f"
		for ty in bar stacked pie heatmap; do
			survives "chart-$ty-${f##*/}" lbc-chart -t $ty -o "$T/c.svg" "$f"
		done
	fi
done
for f in "$R"/reader/*; do
	b=${f##*/}
	for c in lbc-dedupe lbc-tally; do
		if [ -x "$LBC_BIN/$c" ]; then
			survives "${c#lbc-}-$b" "$c" "$f"
		fi
	done
done
for f in "$R"/stream/*; do
	b=${f##*/}
	survives "stream-dedupe-$b" lbc-dedupe "$f"
	if [ -x "$LBC_BIN/lbc-tally" ] && [ "$_rc" -eq 0 ]; then
		cp "$T/out" "$T/merged.tsv"
		IN=$T/merged.tsv
		survives "stream-tally-$b" lbc-tally -b sex
		IN=/dev/null
	fi
done

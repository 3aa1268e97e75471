#!/bin/sh
# Memory errors and leaks under valgrind (not part of make check: slow).
#
#   make && sh tests/valgrind.sh            (or LBC_BIN=... LBC_UNIT=...)
#
# 1. every unit test binary, and the pipelines of samples/ (import, dedupe,
#    tally to a workbook, chart) under
#    valgrind --leak-check=full --error-exitcode=1: they must exit 0;
# 2. the whole end-to-end suite with every command wrapped in valgrind
#    (--error-exitcode=86, so an error also fails the test that ran it),
#    each run's log kept and checked for errors and lost blocks.
# Exits 1 when anything was found; the logs stay in the folder it names.
#
# Known and allowed: valgrind runs posix_spawn's clone(CLONE_VM|CLONE_VFORK)
# as a plain fork, so a program that cannot be executed is not reported by
# posix_spawn (ENOENT) but exits 127.  The checks that test exactly that
# (t_proc "no such file", lbc-chart with GNUPLOT=/nonexistent or no
# gnuplot on PATH) are left out of the verdict.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
LBC_BIN=${LBC_BIN:-$top/build/bin}
LBC_UNIT=${LBC_UNIT:-$top/build/tests}
VG=$(command -v valgrind) || { echo "valgrind: not installed (apt-get install valgrind)" >&2; exit 1; }
[ -x "$LBC_BIN/lbc-import" ] || { echo "valgrind: build first (make)" >&2; exit 1; }
V="$VG -q --suppressions=$top/tests/valgrind.supp --leak-check=full --show-leak-kinds=definite,possible --errors-for-leak-kinds=definite,possible --track-origins=yes"
W=$(mktemp -d "${TMPDIR:-/tmp}/lbc-valgrind.XXXXXX") || exit 1
logs=$W/logs; mkdir -p "$logs" "$W/bin" "$W/out"
export LC_ALL=C.UTF-8
bad=0 n=0

# Test failures valgrind itself causes (see above).
known='t_proc.c:[0-9]*: (no such file|ENOENT|not on PATH)|^FAIL (GNUPLOT=/nonexistent|GNUPLOT empty is unset|no gnuplot on PATH)[:-]'

vg() {	# name, command...: must exit 0 with no valgrind error
	_name=$1; shift
	n=$((n + 1))
	if $V --error-exitcode=1 --log-file="$logs/$_name.log" "$@" >"$W/out/$_name.out" 2>"$W/out/$_name.err"; then
		echo "PASS valgrind $_name"
	elif [ -s "$logs/$_name.log" ]; then
		echo "FAIL valgrind $_name: $(grep -m 3 -E 'Invalid|uninitialised|lost|ERROR SUMMARY' "$logs/$_name.log" | tr '\n' '|')"
		bad=$((bad + 1))
	elif ! grep '^FAIL' "$W/out/$_name.out" | grep -qvE "$known"; then
		echo "PASS valgrind $_name (clean; its known posix_spawn checks fail under valgrind)"
	else
		echo "FAIL $_name under valgrind, no valgrind error: $(grep -m 3 '^FAIL' "$W/out/$_name.out" | tr '\n' '|')"
		bad=$((bad + 1))
	fi
}

echo "== unit tests"
for t in "$LBC_UNIT"/t_*; do
	[ -x "$t" ] && (cd "$top" && vg "unit-${t##*/}" "$t")
done 2>&1 | tee "$W/unit.txt"
grep -q '^FAIL' "$W/unit.txt" && bad=$((bad + 1))

echo "== pipelines on samples/"
S=$top/samples
cd "$W/out" || exit 1
cp "$S"/drops/* "$S"/regions.tsv .
drops=$(cd "$S/drops" && ls)
# shellcheck disable=SC2086
vg import "$LBC_BIN/lbc-import" -q -r regions.tsv -R rejects.tsv $drops
cp import.out records.tsv
if [ -x "$LBC_BIN/lbc-dedupe" ]; then
	vg dedupe "$LBC_BIN/lbc-dedupe" -C clusters.tsv records.tsv
	cp dedupe.out children.tsv
else
	cp records.tsv children.tsv
fi
if [ -x "$LBC_BIN/lbc-tally" ]; then
	vg tally "$LBC_BIN/lbc-tally" -r regions.tsv -b region,risk -b problems -b age,sex children.tsv
	cp tally.out tables.tsv
	vg tally-xlsx "$LBC_BIN/lbc-tally" -r regions.tsv -l township -b region,risk -b region,problems -o meeting.xlsx children.tsv
	vg tally-long "$LBC_BIN/lbc-tally" -b region,risk -l village --long children.tsv
	vg tally-layers "$LBC_BIN/lbc-tally" -r regions.tsv -w 'risk=高风险 || guardian=无人监护' -b region,problems,sex children.tsv
fi
if [ -x "$LBC_BIN/lbc-select" ] && [ -x "$LBC_BIN/lbc-list" ]; then
	vg select "$LBC_BIN/lbc-select" -r regions.tsv -w region=清水县 -w 'age>=10' -w 'problems#>=1' children.tsv
	vg list "$LBC_BIN/lbc-list" -r regions.tsv --by township --mask-id -o list.xlsx children.tsv
fi
if [ -x "$LBC_BIN/lbc-chart" ] && [ -s tables.tsv ]; then
	# the first table only: a chart draws one
	awk 'NF == 0 { exit } { print }' tables.tsv > table1.tsv
	vg chart "$LBC_BIN/lbc-chart" -o chart.png table1.tsv
fi
# a larger generated drop through the same path
"$LBC_BIN/lbc-gen" -n 2000 -s 9 > gen.csv && "$LBC_BIN/lbc-gen" -n 2000 -s 9 -f regions > gen-regions.tsv
vg import-generated "$LBC_BIN/lbc-import" -q -r gen-regions.tsv gen.csv
[ -x "$LBC_BIN/lbc-dedupe" ] && vg dedupe-generated "$LBC_BIN/lbc-dedupe" import-generated.out
vg gen "$LBC_BIN/lbc-gen" -n 500 -f stream -t truth.tsv

echo "== end-to-end suite, every command under valgrind"
for c in "$LBC_BIN"/*; do
	[ -x "$c" ] || continue
	# valgrind finds the command on PATH, so that its argv[0] (in
	# getopt's messages) is the bare name, as the tests expect
	cat > "$W/bin/${c##*/}" <<EOF
#!/bin/sh
echo "\${0##*/} \$*" > $logs/e2e-${c##*/}.\$\$.cmd
PATH=$LBC_BIN:\$PATH exec $V --error-exitcode=86 --log-file=$logs/e2e-${c##*/}.%p.log ${c##*/} "\$@"
EOF
	chmod +x "$W/bin/${c##*/}"
done
(cd "$top" && LBC_BIN=$W/bin LBC_UNIT=$W/none sh tests/run.sh) > "$W/e2e.txt" 2>&1
e2e=$?
grep -E '^FAIL|passed,' "$W/e2e.txt"
# a failed test counts unless valgrind explains it (an error code 86 is
# counted below, through its log)
other=$(grep '^FAIL' "$W/e2e.txt" | grep -vE "$known" | grep -vc 'exit 86, want')
[ "$other" -eq 0 ] || bad=$((bad + 1))
runs=$(ls "$logs" | grep -c '^e2e-.*log$')
dirty=$(grep -l -E 'ERROR SUMMARY: [1-9]|definitely lost|possibly lost|Invalid (read|write|free)|uninitialised' "$logs"/e2e-*.log 2>/dev/null)
echo "e2e: $runs command runs under valgrind, $(echo "$dirty" | grep -c .) with errors or leaks"
for f in $dirty; do
	bad=$((bad + 1))
	echo "  $(cat "${f%.log}.cmd" 2>/dev/null | sed "s|$W/bin/||")"
	grep -E 'lost in loss record|^==[0-9]*== (Invalid|Conditional|Use of)' "$f" | sed 's/^==[0-9]*==/   /' | head -n 4
	grep -m 2 -E 'by 0x.*\((lbc-|main)' "$f" | sed 's/^==[0-9]*==/   /'
done

if [ "$bad" -eq 0 ]; then
	echo "valgrind: clean"
	rm -rf "$W"
	exit 0
fi
echo "valgrind: problems found; logs in $logs"
exit 1

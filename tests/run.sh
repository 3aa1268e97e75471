#!/bin/sh
# Runs every unit test binary and every end-to-end script, counts the
# PASS and FAIL lines they print, and ends with "N passed, N failed".
# A binary or script that exits non-zero without a FAIL line counts as one
# failure of its own.
: "${LBC_BIN:?}" "${LBC_UNIT:?}"
export LBC_BIN LC_ALL=C.UTF-8
top=$(cd "$(dirname "$0")/.." && pwd)
log=$(mktemp)
trap 'rm -f "$log"' EXIT INT TERM
pass=0 fail=0

run_one() {	# name, command...
	name=$1; shift
	"$@" >"$log" 2>&1
	rc=$?
	p=$(grep -c '^PASS ' "$log")
	f=$(grep -c '^FAIL ' "$log")
	grep '^FAIL ' "$log"
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL $name: exited $rc"
		tail -n 20 "$log" | sed 's/^/    /'
		f=1
	fi
	pass=$((pass + p)); fail=$((fail + f))
	printf '%-28s %4d passed %3d failed\n' "$name" "$p" "$f"
}

for t in "$LBC_UNIT"/t_*; do
	[ -x "$t" ] || continue
	run_one "unit/${t##*/}" "$t"
done
for t in "$top"/tests/e2e/*.sh; do
	[ -f "$t" ] || continue
	run_one "e2e/${t##*/}" sh "$t"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

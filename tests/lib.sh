# tests/lib.sh: sourced by every end-to-end test.
#
#   . "$(dirname "$0")/../lib.sh"
#   expect NAME RC OUT ERR -- COMMAND [ARG...]
#
# runs COMMAND in the work directory $T with stdin from $IN (default
# /dev/null), and prints "PASS NAME" or "FAIL NAME: why".  RC is the
# expected exit code; OUT and ERR are files holding the expected stdout and
# stderr, or "-" to skip the comparison.  The captured output stays in
# $T/out and $T/err for further checks with ok/fail.
set -u
LC_ALL=C.UTF-8
export LC_ALL
: "${LBC_BIN:?set LBC_BIN to the built commands}"
PATH=$LBC_BIN:$PATH
TOP=$(cd "$(dirname "$0")/../.." && pwd)
DATA=$TOP/tests/data
SAMPLES=$TOP/samples
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
IN=/dev/null

ok() { printf 'PASS %s\n' "$1"; }
fail() { printf 'FAIL %s: %s\n' "$1" "$2"; }

expect() {
	_name=$1 _rc=$2 _out=$3 _err=$4
	shift 4
	[ "$1" = "--" ] && shift
	(cd "$T" && "$@" <"$IN" >"$T/out" 2>"$T/err")
	_got=$?
	if [ "$_got" -ne "$_rc" ]; then
		fail "$_name" "exit $_got, want $_rc; stderr: $(head -c 300 "$T/err")"
		return 1
	fi
	if [ "$_out" != "-" ] && ! cmp -s "$_out" "$T/out"; then
		fail "$_name" "stdout differs: $(diff "$_out" "$T/out" | head -n 8 | tr '\n' '|')"
		return 1
	fi
	if [ "$_err" != "-" ] && ! cmp -s "$_err" "$T/err"; then
		fail "$_name" "stderr differs: $(diff "$_err" "$T/err" | head -n 8 | tr '\n' '|')"
		return 1
	fi
	ok "$_name"
}

# check NAME CONDITION...: PASS when the shell command CONDITION succeeds.
check() {
	_name=$1
	shift
	if (cd "$T" && eval "$@") >/dev/null 2>&1; then
		ok "$_name"
	else
		fail "$_name" "$*"
	fi
}

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

# same_readings VAR NAME COMMAND [ARG...]: COMMAND -R FILE ARG... run with
# the environment variable VAR set and without, compared on stdout,
# stderr, the -R file and the exit status; the second run's output stays
# in $T/new.out, new.err, new.rej and new.rc.
same_readings() {
	_v=$1 _n=$2 _c=$3
	shift 3
	(cd "$T" && env "$_v=1" "$_c" -R old.rej "$@" > old.out 2> old.err;
	    echo $? > old.rc)
	(cd "$T" && "$_c" -R new.rej "$@" > new.out 2> new.err; echo $? > new.rc)
	check "$_n" 'cmp old.out new.out && cmp old.err new.err &&
	    cmp old.rej new.rej && cmp old.rc new.rc'
}

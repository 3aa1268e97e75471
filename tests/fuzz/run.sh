#!/bin/sh
# make fuzz: builds every tests/fuzz/fuzz_*.c with clang's libFuzzer and
# the address and undefined-behaviour sanitizers against the lib sources,
# seeds a corpus from samples/, tests/data/, the kept regressions and a few
# generated drops, and runs each target for FUZZ_SECONDS (default 60).
# Exits non-zero when a target crashes, leaks, hangs or fails to build; the
# input that did it is left in build/fuzz/artifacts/.
#
#   FUZZ_SECONDS=600 make fuzz     longer runs
#   FUZZ_TARGETS="reader" ...      only some targets
#   FUZZ_JOBS=2 ...                parallel workers per target
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
secs=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-1}
cc=${FUZZ_CC:-clang}
out=build/fuzz
pkgs="icu-uc icu-i18n xlsxwriter gsl nettle"
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
# (the built-in regions table is left out: it is made by the build)
cflags="-std=c11 -D_GNU_SOURCE -DLBC_VERSION=\"fuzz\" -DLBC_REGIONS_NO_BUILTIN -iquote lib -g -O1
    -fno-omit-frame-pointer $san $(pkg-config --cflags $pkgs)"
libs="$(pkg-config --libs $pkgs) -lcsv -lm"

command -v "$cc" >/dev/null || { echo "fuzz: $cc not found (apt-get install clang libclang-rt-14-dev)" >&2; exit 1; }
mkdir -p "$out/obj" "$out/artifacts" || exit 1

# The library, instrumented for coverage but without libFuzzer's main.
objs=
for c in lib/*.c; do
	o=$out/obj/$(basename "$c" .c).o
	if [ ! -f "$o" ] || [ "$c" -nt "$o" ] || [ -n "$(find lib -name '*.h' -newer "$o")" ]; then
		# shellcheck disable=SC2086
		$cc $cflags -fsanitize=fuzzer-no-link -c -o "$o" "$c" || exit 1
	fi
	objs="$objs $o"
done

# Seeds shared by every target; generated drops when lbc-gen is built.
seeds=$out/seeds
rm -rf "$seeds"; mkdir -p "$seeds"
i=0
for f in $(find samples tests/data -type f -size -256k 2>/dev/null | sort); do
	i=$((i + 1)); cp "$f" "$seeds/s$i"
done
if [ -x build/bin/lbc-gen ]; then
	build/bin/lbc-gen -n 12 -s 3 > "$seeds/gen-gb18030.csv"
	build/bin/lbc-gen -n 12 -s 4 -e utf8 -a > "$seeds/gen-utf8.csv"
	build/bin/lbc-gen -n 12 -s 5 -e utf16 -c > "$seeds/gen-utf16.txt"
	build/bin/lbc-gen -n 12 -s 6 -f stream > "$seeds/gen-stream.tsv"
fi

rval=0
for src in tests/fuzz/fuzz_*.c; do
	t=$(basename "$src" .c); t=${t#fuzz_}
	if [ -n "${FUZZ_TARGETS:-}" ] && ! echo " $FUZZ_TARGETS " | grep -q " $t "; then
		continue
	fi
	bin=$out/fuzz_$t
	# shellcheck disable=SC2086
	if ! $cc $cflags -fsanitize=fuzzer -o "$bin" "$src" $objs $libs; then
		echo "fuzz: $t: build failed" >&2; rval=1; continue
	fi
	corpus=$out/corpus/$t
	mkdir -p "$corpus"
	dict=
	[ -f "tests/fuzz/$t.dict" ] && dict=-dict=tests/fuzz/$t.dict
	log=$out/$t.log
	par=
	[ "$jobs" -gt 1 ] && par="-jobs=$jobs -workers=$jobs"
	regress=
	[ -d "tests/fuzz/regress/$t" ] && regress=tests/fuzz/regress/$t
	echo "fuzz: $t for ${secs}s ($jobs job(s)), log in $log"
	# shellcheck disable=SC2086
	LBC_FUZZ_REGIONS=$top/samples/regions.tsv ASAN_OPTIONS=detect_leaks=1 \
	UBSAN_OPTIONS=print_stacktrace=1 \
	"$bin" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 \
	    -max_len=16384 -print_final_stats=1 $par \
	    -artifact_prefix="$out/artifacts/$t-" $dict \
	    "$corpus" "$seeds" $regress >"$log" 2>&1
	rc=$?
	if [ "$jobs" -gt 1 ]; then cat fuzz-*.log >>"$log" 2>/dev/null; rm -f fuzz-*.log; fi
	runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | awk '{s += $2} END {print s + 0}')
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
	if [ "$rc" -ne 0 ] || grep -q '^==[0-9]*==ERROR\|^SUMMARY: \|runtime error:' "$log"; then
		echo "fuzz: $t FAILED (exit $rc) after $runs runs; see $log and $out/artifacts/" >&2
		grep -m 3 'ERROR\|runtime error\|SUMMARY' "$log" >&2
		rval=1
	else
		echo "fuzz: $t clean: $runs runs, $cov, corpus $(ls "$corpus" | wc -l) inputs"
	fi
done
exit $rval

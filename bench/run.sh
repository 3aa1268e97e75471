#!/bin/sh
# make bench: times each lbc command side by side with what a statistician
# would use instead, on synthetic data from lbc-gen, and writes the table
# to bench/results.md (one section per scale, the machine described).
#
#   make bench                       1 million children (about 1.3M records)
#   make bench BENCH_N=100000        a small run, a minute or so
#   make bench BENCH_N=7000000       the national scale (about half an hour)
#
# The commands of one task run in interleaved rounds (lbc, peer, peer, ...,
# lbc, peer, peer, ...), so that a change in the shared machine's load
# falls on all of them alike; a row gives the median wall and CPU seconds
# over the rounds, and the ratio to lbc is the median of the rounds' own
# ratios.  Tally runs twice: on the generated stream and on the same
# stream with its children moved to 100,000 villages drawn from the 2016
# division table (BENCH_VILLAGES, default the table beside the sources),
# the many groups of a province-wide run.
#
# DuckDB is a peer where it can be had: its C library from the npm package
# @duckdb/node-bindings-linux-x64 (npm pack, into the work folder; or the
# .tgz named by BENCH_DUCKDB_PKG), driven by bench/duckdb/duckq.c.  It is
# skipped with a note where npm, the registry or a compiler is missing, or
# when BENCH_DUCKDB=no.
#
# Environment: BENCH_N (children, default 1000000), BENCH_RUNS (rounds,
# default 5; 3 above 2 million children), BENCH_SEED (1), BENCH_WORK (data
# folder; default a temporary one, removed afterwards), BENCH_OUT (default
# bench/results.md; "-" for none), BENCH_DUCKDB, BENCH_DUCKDB_PKG,
# BENCH_VILLAGES.  Every command is run under /usr/bin/time -v, each stage
# of a pipeline separately, for CPU time and peak resident memory.  Timing
# gates nothing: the goals of the command issues are reported, not
# enforced.
set -u
: "${LBC_BIN:?set LBC_BIN to the built commands}"
N=${BENCH_N:-1000000}
SEED=${BENCH_SEED:-1}
if [ "$N" -gt 2000000 ]; then RUNS=${BENCH_RUNS:-3}; else RUNS=${BENCH_RUNS:-5}; fi
top=$(cd "$(dirname "$0")/.." && pwd)
OUT=${BENCH_OUT:-$top/bench/results.md}
TV=/usr/bin/time
export LC_ALL=C.UTF-8
PATH=$LBC_BIN:$PATH

[ -x "$TV" ] || { echo "bench: $TV not found (apt-get install time)" >&2; exit 1; }
[ -x "$LBC_BIN/lbc-gen" ] || { echo "bench: $LBC_BIN/lbc-gen not built" >&2; exit 1; }
if [ -n "${BENCH_WORK:-}" ]; then
	W=$BENCH_WORK; mkdir -p "$W" || exit 1
else
	W=$(mktemp -d "${TMPDIR:-/tmp}/lbc-bench.XXXXXX") || exit 1
	trap 'rm -rf "$W"' EXIT INT TERM
fi
T=$W/times; mkdir -p "$T"
rows=$W/rows.tsv; : > "$rows"
notes=$W/notes; : > "$notes"
say() { printf '%s\n' "$*"; }
note() { printf '%s\n' "$*" >> "$notes"; say "  $*"; }
have() { [ -x "$LBC_BIN/$1" ]; }
tool() { command -v "$1" >/dev/null 2>&1; }

# field FILE LABEL: a value from /usr/bin/time -v output
field() { sed -n "s/^[[:space:]]*$2: *//p" "$1" | head -n 1; }
now() { date +%s.%N; }

#
# add GROUP NAME BYTES RECORDS SINK STAGE [STAGE...]
# Queues a case: the stages as a pipeline (stdout of the last to SINK).
# rounds then runs the queued cases in RUNS interleaved rounds, each stage
# under time -v, and appends per case a row GROUP NAME wall bytes records
# peak sum status stage-RSS cpu ratio cpuratio to $rows: medians of wall
# and CPU seconds, the largest peak RSS over the rounds (the sum of the
# stages' too: they run at the same time), and the median over the rounds
# of the first lbc-* case's wall (and CPU) time over this one's, inverted
# ("lbc is x times faster").  BYTES "sink": the size of SINK.
#
nq=0
add() {
	nq=$((nq + 1))
	q=$T/q$nq
	mkdir -p "$q"
	printf '%s\n' "$1" > "$q/group"
	printf '%s\n' "$2" > "$q/name"
	printf '%s\n' "$3" > "$q/bytes"
	printf '%s\n' "$4" > "$q/recs"
	printf '%s\n' "$5" > "$q/sink"
	shift 5
	: > "$q/stages"
	for st in "$@"; do printf '%s\n' "$st" >> "$q/stages"; done
	: > "$q/m"
}

# run1 CASE-DIR: one run of a case; appends "wall cpu peak sum status
# stages bytes" to its m file and prints a line.
run1() {
	q=$1
	cmd= i=0
	while IFS= read -r st; do
		i=$((i + 1))
		rm -f "$T/s$i"
		cmd="$cmd${cmd:+ | }$TV -v -o $T/s$i $st"
	done < "$q/stages"
	sink=$(cat "$q/sink") bytes=$(cat "$q/bytes")
	t0=$(now)
	(cd "$W" && eval "$cmd" > "$sink" 2>"$T/err")
	t1=$(now)
	[ "$bytes" = sink ] && bytes=$(wc -c < "$W/$sink" | tr -d ' ')
	wall=$(echo "$t0 $t1" | awk '{ printf "%.3f", $2 - $1 }')
	peak=0 sum=0 status=ok stages= cpu=0
	j=0
	while [ $j -lt $i ]; do
		j=$((j + 1))
		kb=$(field "$T/s$j" "Maximum resident set size (kbytes)")
		ex=$(field "$T/s$j" "Exit status")
		[ -n "$kb" ] || kb=0
		[ "${ex:-1}" = 0 ] || status="exit${ex:-?}@$j"
		grep -q "terminated by signal" "$T/s$j" && status="signal@$j"
		[ "$kb" -gt "$peak" ] && peak=$kb
		sum=$((sum + kb))
		cpu=$(echo "$cpu $(field "$T/s$j" "User time (seconds)") $(field "$T/s$j" "System time (seconds)")" |
		    awk '{ printf "%.2f", $1 + $2 + $3 }')
		stages="$stages${stages:+,}$kb"
	done
	if [ "$status" != ok ]; then
		say "  $(cat "$q/name"): FAILED ($status): $(head -c 300 "$T/err")"
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$wall" "$cpu" "$peak" "$sum" "$status" "$stages" "$bytes" >> "$q/m"
}

# rounds: runs the queued cases, RUNS interleaved rounds (or $1), and
# writes their rows.
rounds() {
	nr=${1:-$RUNS}
	r=0
	while [ $r -lt "$nr" ]; do
		r=$((r + 1))
		k=0
		while [ $k -lt $nq ]; do
			k=$((k + 1))
			run1 "$T/q$k"
		done
	done
	ref=
	k=0
	while [ $k -lt $nq ]; do
		k=$((k + 1))
		q=$T/q$k
		case $(cat "$q/name") in lbc-*) [ -n "$ref" ] || ref=$q ;; esac
	done
	k=0
	while [ $k -lt $nq ]; do
		k=$((k + 1))
		q=$T/q$k
		line=$(awk -F'\t' -v g="$(cat "$q/group")" -v name="$(cat "$q/name")" \
		    -v recs="$(cat "$q/recs")" -v self="$q/m" -v ref="${ref:-none}/m" '
		function med(a, n,   i, j, t) {
			for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
			return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		}
		FILENAME == ref && ref != self { rw[FNR] = $1; rc[FNR] = $2; next }
		{
			n++; w[n] = $1; c[n] = $2
			if ($3 > peak) peak = $3
			if ($4 > sum) { sum = $4; stages = $6 }
			if ($5 != "ok") status = $5
			bytes = $7
			if (FNR in rw && rw[FNR] > 0) { nx++; xw[nx] = $1 / rw[FNR] }
			if (FNR in rc && rc[FNR] > 0) { ny++; xc[ny] = $2 / rc[FNR] }
		}
		END {
			printf "%s\t%s\t%.3f\t%s\t%s\t%d\t%d\t%s\t%s\t%.2f\t%s\t%s\n", g, name,
			    med(w, n), bytes, recs, peak, sum, (status == "" ? "ok" : status), stages, med(c, n),
			    (nx && self != ref && name !~ /^lbc-/ ? sprintf("%.2f", med(xw, nx)) : "—"),
			    (ny && self != ref && name !~ /^lbc-/ ? sprintf("%.2f", med(xc, ny)) : "—")
		}' $( [ -n "$ref" ] && [ "$ref" != "$q" ] && echo "$ref/m") "$q/m")
		printf '%s\n' "$line" >> "$rows"
		echo "$line" | awk -F'\t' '{ printf "  %-40s %7.2f s %7.2f cpu %8.1f MB/s %10.0f rec/s %8.1f MB peak  x%s (cpu x%s)\n",
		    $2, $3, $10, $4 / 1e6 / ($3 > 0 ? $3 : 1e-9), $5 / ($3 > 0 ? $3 : 1e-9), $6 / 1024, $11, $12 }'
	done
	k=0
	while [ $k -lt $nq ]; do k=$((k + 1)); rm -rf "$T/q$k"; done
	nq=0
}

# run_case GROUP NAME BYTES RECORDS SINK STAGE...: one case alone.
run_case() {
	add "$@"
	rounds "$RUNS"
}

skip() {	# group, what
	printf '%s\t%s\tskipped\n' "$1" "$2" >> "$rows"
	note "$2: not built yet, skipped"
}

size_of() { wc -c < "$W/$1" | tr -d ' '; }
lines_of() { wc -l < "$W/$1" | tr -d ' '; }

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
say "lbc bench: $N children, seed $SEED, medians of $RUNS interleaved round(s), data in $W; load $LOAD0"

# ---- DuckDB -----------------------------------------------------------------
# Its C library from the npm registry, into the work folder; DUCK is the
# driver, empty when DuckDB cannot be had here (a note says why).
DUCK=
duck_setup() {
	[ "${BENCH_DUCKDB:-yes}" = no ] && { note "duckdb: not run (BENCH_DUCKDB=no)"; return; }
	dd=$W/duckdb
	mkdir -p "$dd" || return
	pkg=${BENCH_DUCKDB_PKG:-}
	if [ -z "$pkg" ]; then
		tool npm || { note "duckdb: skipped, no npm to fetch @duckdb/node-bindings-linux-x64"; return; }
		pkg=$( (cd "$dd" && npm pack --silent @duckdb/node-bindings-linux-x64 2>"$dd/npm.err") | tail -n 1)
		[ -n "$pkg" ] && [ -f "$dd/$pkg" ] || { note "duckdb: skipped, npm pack failed: $(head -c 200 "$dd/npm.err")"; return; }
		pkg=$dd/$pkg
	fi
	tar -xzf "$pkg" -C "$dd" 2>/dev/null && [ -f "$dd/package/libduckdb.so" ] ||
	    { note "duckdb: skipped, no libduckdb.so in ${pkg##*/}"; return; }
	cc -O2 -o "$dd/duckq" "$top/bench/duckdb/duckq.c" -L"$dd/package" -l:libduckdb.so \
	    -Wl,-rpath,"$dd/package" 2>"$dd/cc.err" ||
	    { note "duckdb: skipped, the driver did not build: $(head -c 200 "$dd/cc.err")"; return; }
	"$dd/duckq" 2 "SELECT 1" >/dev/null 2>&1 || { note "duckdb: skipped, the library does not run here"; return; }
	DUCK=$dd/duckq
	DUCKV=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$dd/package/package.json" | head -n 1)
	note "duckdb: libduckdb.so of @duckdb/node-bindings-linux-x64 $DUCKV (npm), 2 threads, through bench/duckdb/duckq.c"
}
duck_setup
# duck_tally FILE: DuckDB's region x risk over a record stream, as TSV
duck_tally() {
	echo "$DUCK 2 \"COPY (SELECT region, risk, count(*) AS n FROM read_csv('$1', delim='\\t', header=true, quote='', escape='', all_varchar=true) GROUP BY ALL) TO '/dev/stdout' (DELIMITER '\\t', HEADER false)\""
}

# ---- data ---------------------------------------------------------------
say "generating"
# lbc-gen's rows: bytes written, children as records
add gen "lbc-gen -f drop (GB18030 CSV)" sink "$N" drop.csv "lbc-gen -n $N -s $SEED -t truth-drop.tsv"
add gen "lbc-gen -f stream (LBC records)" sink "$N" stream.tsv "lbc-gen -n $N -s $SEED -f stream -t truth.tsv"
rounds 1
(cd "$W" && lbc-gen -n "$N" -s "$SEED" -f regions > regions.tsv) || exit 1
DROP_B=$(size_of drop.csv)
DROP_R=$(($(lines_of truth-drop.tsv) - 1))
STREAM_B=$(size_of stream.tsv)
STREAM_R=$(($(lines_of stream.tsv) - 1))
CHILDREN=$(sed 1d "$W/truth.tsv" | cut -f2 | sort -u | wc -l | tr -d ' ')
say "  drop.csv $DROP_B bytes, $DROP_R records; stream.tsv $STREAM_B bytes, $STREAM_R records of $CHILDREN children"
# The same stream with its children in 100,000 villages of the 2016 table
# (a village-level record gets a village drawn at random, a township-level
# one that village's township): a province's many groups.
VIL=${BENCH_VILLAGES:-$top/../shared/data/regions/cn-regions-2016-villages.tsv.xz}
# a worktree one folder further down
[ -n "${BENCH_VILLAGES:-}" ] || [ -f "$VIL" ] || VIL=$top/../../shared/data/regions/${VIL##*/}
VSTREAM_B=
if [ -f "$VIL" ]; then
	case $VIL in *.xz) xz -dc "$VIL" ;; *) cat "$VIL" ;; esac |
	    awk -F'\t' 'length($1) == 12' |
	    shuf -n 100000 --random-source="$W/truth.tsv" > "$W/villages.tsv"
	NVIL=$(lines_of villages.tsv)
	mawk -F'\t' -v OFS='\t' -v seed="$SEED" '
	NR == FNR { v[FNR - 1] = $1; nv = FNR; next }
	FNR == 1 { print; srand(seed); next }
	{ r = v[int(rand() * nv)]; if (length($8) == 9) $8 = substr(r, 1, 9); else if (length($8) == 12) $8 = r; print }' \
	    "$W/villages.tsv" "$W/stream.tsv" > "$W/vstream.tsv"
	VSTREAM_B=$(size_of vstream.tsv)
	VGROUPS=$(cut -f8 "$W/vstream.tsv" | sed 1d | sort -u | wc -l | tr -d ' ')
	say "  vstream.tsv $VSTREAM_B bytes: the children in $NVIL villages of ${VIL##*/} ($VGROUPS region codes)"
else
	note "tally: no $VIL, the stream of 100,000 villages is left out"
fi

# ---- import ---------------------------------------------------------------
say "import: GB18030 CSV ($DROP_B bytes) to records"
if have lbc-import; then
	add import "lbc-import" "$DROP_B" "$DROP_R" /dev/null "lbc-import -q -r regions.tsv drop.csv"
else
	skip import lbc-import
fi
add import "iconv -f gb18030 -t utf-8" "$DROP_B" "$DROP_R" /dev/null "iconv -f gb18030 -t utf-8 drop.csv"
if tool mlr; then
	add import "iconv | mlr --icsv --otsv cat" "$DROP_B" "$DROP_R" /dev/null \
	    "iconv -f gb18030 -t utf-8 drop.csv" "mlr --icsv --otsv cat"
fi
if [ -n "$DUCK" ]; then
	add import "iconv | duckdb read_csv" "$DROP_B" "$DROP_R" /dev/null \
	    "iconv -f gb18030 -t utf-8 drop.csv" \
	    "$DUCK 2 \"COPY (SELECT * FROM read_csv('/dev/stdin', header=true, all_varchar=true)) TO '/dev/stdout' (DELIMITER '\\t', HEADER true)\""
fi
add import "wc -l" "$DROP_B" "$DROP_R" /dev/null "wc -l drop.csv"
rounds

# ---- workbooks --------------------------------------------------------------
# One sheet of N children written by lbc-xlsxgen (inline strings, date
# cells), against converting it to CSV with xlsx2csv first.
if have lbc-xlsxgen && have lbc-import; then
	cp "$top/samples/regions.tsv" "$W/sample-regions.tsv"
	(cd "$W" && lbc-xlsxgen big book.xlsx "$N") || exit 1
	XLSX_B=$(size_of book.xlsx)
	say "xlsx: a one-sheet workbook of $N rows ($XLSX_B bytes) to records"
	add xlsx "lbc-import" "$XLSX_B" "$N" /dev/null \
	    "lbc-import -q -r sample-regions.tsv book.xlsx"
	if tool xlsx2csv; then
		add xlsx "xlsx2csv | lbc-import" "$XLSX_B" "$N" /dev/null \
		    "xlsx2csv book.xlsx" "lbc-import -q -r sample-regions.tsv"
	fi
	rounds
	rm -f "$W/book.xlsx"
fi

# ---- dedupe ---------------------------------------------------------------
say "dedupe: record stream ($STREAM_R records) to one record per child"
if have lbc-dedupe; then
	add dedupe "lbc-dedupe" "$STREAM_B" "$STREAM_R" /dev/null "lbc-dedupe stream.tsv"
else
	skip dedupe lbc-dedupe
fi
add dedupe "cut -f3 | sort -u" "$STREAM_B" "$STREAM_R" /dev/null "env LC_ALL=C cut -f3 stream.tsv" "env LC_ALL=C sort -u"
add dedupe "wc -l" "$STREAM_B" "$STREAM_R" /dev/null "wc -l stream.tsv"
rounds
# The worst case for matching: all N records in one block (one birth date,
# one sound of the name; bench/dedupe-block.sh), which was quadratic.
if have lbc-dedupe; then
	for k in region villages mixed; do
		sh "$top/bench/dedupe-block.sh" $k "$N" > "$W/block-$k.tsv" || exit 1
		add dedupe "lbc-dedupe, one block ($k)" "$(size_of block-$k.tsv)" "$N" /dev/null "lbc-dedupe -q block-$k.tsv"
	done
	rounds
	rm -f "$W"/block-*.tsv
fi

# ---- tally ----------------------------------------------------------------
# tally_cases GROUP FILE BYTES: lbc-tally and its peers over one stream
tally_cases() {
	tg=$1 tf=$2 tb=$3
	if have lbc-tally; then
		add "$tg" "lbc-tally --long" "$tb" "$STREAM_R" /dev/null "lbc-tally -b region,risk -l village --long $tf"
		add "$tg" "lbc-tally (crosstab, chi-square)" "$tb" "$STREAM_R" /dev/null "lbc-tally -b region,risk -l village $tf"
	else
		skip "$tg" lbc-tally
	fi
	if [ -n "$DUCK" ]; then
		add "$tg" "duckdb GROUP BY ALL" "$tb" "$STREAM_R" /dev/null "$(duck_tally "$tf")"
	fi
	if tool mawk; then
		add "$tg" "mawk one-liner" "$tb" "$STREAM_R" /dev/null \
		    "mawk -F'\\t' 'NR > 1 { c[\$8 \"\\t\" \$10]++ } END { for (k in c) print k \"\\t\" c[k] }' $tf"
	fi
	if tool mlr; then
		add "$tg" "mlr --tsv count -g region,risk" "$tb" "$STREAM_R" /dev/null "mlr --tsv count -g region,risk $tf"
	fi
	if tool datamash; then
		add "$tg" "datamash -H -s -g 8,10 count 8" "$tb" "$STREAM_R" /dev/null "env LC_ALL=C datamash -H -s -g 8,10 count 8 < $tf"
	fi
	add "$tg" "wc -l" "$tb" "$STREAM_R" /dev/null "wc -l $tf"
	rounds
}
say "tally: region x risk at village level ($STREAM_R records)"
tally_cases tally stream.tsv "$STREAM_B"
if [ -n "$VSTREAM_B" ]; then
	say "tally: the same in $NVIL villages ($VGROUPS region codes)"
	tally_cases tally-vil vstream.tsv "$VSTREAM_B"
fi

# ---- select -----------------------------------------------------------------
# The high-risk children of one county: a region prefix and a coded value.
SELCOUNTY=$(sed -n 2p "$W/stream.tsv" | cut -f8 | cut -c1-6)
say "select: the high-risk children of county $SELCOUNTY ($STREAM_R records)"
if have lbc-select; then
	add select "lbc-select" "$STREAM_B" "$STREAM_R" /dev/null "lbc-select -r regions.tsv -w region=$SELCOUNTY -w risk=high stream.tsv"
else
	skip select lbc-select
fi
if tool mawk; then
	add select "mawk one-liner" "$STREAM_B" "$STREAM_R" /dev/null \
	    "mawk -F'\\t' 'NR == 1 || (substr(\$8, 1, 6) == \"$SELCOUNTY\" && \$10 == \"high\")' stream.tsv"
fi
if tool mlr; then
	add select "mlr --tsv filter" "$STREAM_B" "$STREAM_R" /dev/null \
	    "mlr --tsv filter '\$region =~ \"^$SELCOUNTY\" && \$risk == \"high\"' stream.tsv"
fi
rounds

# ---- regions tables -------------------------------------------------------
# The built-in table's load and that of a national table with villages
# (BENCH_REGIONS, .tsv or .tsv.xz; default the 2016 table beside the
# sources, 713,034 places), best of 20 and of 3 loads, with peak RSS.
if have lbc-regload; then
	note "regions: built-in table: $(lbc-regload -n 20)"
	big=${BENCH_REGIONS:-$top/../shared/data/regions/cn-regions-2016-villages.tsv.xz}
	if [ -f "$big" ]; then
		case $big in
		*.xz) xz -dc "$big" > "$W/regions-big.tsv" ;;
		*) cp "$big" "$W/regions-big.tsv" ;;
		esac
		note "regions: ${big##*/}: $(lbc-regload -n 3 "$W/regions-big.tsv")"
	fi
fi

# ---- list -------------------------------------------------------------------
say "list: every record, a print-ready sheet per township ($STREAM_R records)"
if have lbc-list; then
	run_case list "lbc-list --by township -o x.xlsx" "$STREAM_B" "$STREAM_R" /dev/null "lbc-list -r regions.tsv --by township -o list.xlsx stream.tsv"
	run_case list "lbc-list (TSV)" "$STREAM_B" "$STREAM_R" /dev/null "lbc-list -r regions.tsv stream.tsv"
else
	skip list lbc-list
fi

# ---- diff ---------------------------------------------------------------------
# Two months: the children of the stream, and the same less every 20th
# child plus the children of a second generated stream (new ones).
if have lbc-diff && have lbc-dedupe; then
	(cd "$W" && lbc-dedupe -q stream.tsv > month1.tsv &&
	    lbc-gen -n $((N / 20)) -s $((SEED + 1)) -f stream > extra.tsv &&
	    lbc-dedupe -q extra.tsv > extra-children.tsv &&
	    { awk 'NR == 1 || NR % 20 != 0' month1.tsv;
	      tail -n +2 extra-children.tsv; } > month2.tsv) || exit 1
	DIFF_R=$(($(lines_of month1.tsv) + $(lines_of month2.tsv) - 2))
	DIFF_B=$(($(size_of month1.tsv) + $(size_of month2.tsv)))
	say "diff: two months of children ($DIFF_R children in)"
	run_case diff "lbc-diff" "$DIFF_B" "$DIFF_R" /dev/null "lbc-diff month1.tsv month2.tsv"
	rm -f "$W/extra.tsv" "$W/extra-children.tsv"
else
	skip diff lbc-diff
fi

# ---- the whole pipeline -----------------------------------------------------
say "pipeline: import | dedupe | tally -o workbook ($DROP_B bytes)"
if have lbc-import && have lbc-dedupe && have lbc-tally; then
	run_case pipeline "import | dedupe | tally -o x.xlsx" "$DROP_B" "$DROP_R" /dev/null \
	    "lbc-import -q -r regions.tsv drop.csv" "lbc-dedupe" \
	    "lbc-tally -r regions.tsv -l township -b region,risk -b region,problems -o meeting.xlsx"
else
	skip pipeline "import | dedupe | tally -o"
fi

# ---- accuracy against the generator's truth --------------------------------
say "accuracy"
if have lbc-import; then
	(cd "$W" && lbc-import -q -r regions.tsv drop.csv > imported.tsv)
	bad=$(awk 'NR == FNR { want[FNR] = $0; n = FNR; next } $0 != want[FNR] { d++ } END { print d + (FNR != n ? 1 : 0) }' \
	    "$W/stream.tsv" "$W/imported.tsv")
	note "import: $(($(lines_of imported.tsv) - 1)) records written of $DROP_R rows; $bad differ from the record lbc-gen expects for the row"
fi
if have lbc-dedupe; then
	(cd "$W" && lbc-dedupe -C clusters.tsv stream.tsv > deduped.tsv)
	# pairwise precision and recall: predicted clusters against true children
	awk -F'\t' '
	NR == FNR { if (FNR > 1) truth[$1] = $2; next }
	FNR == 1 { next }
	{ p = $1; t = truth[$3]; np[p]++; nt[t]++; npt[p SUBSEP t]++ }
	END {
		for (k in np) pp += np[k] * (np[k] - 1) / 2
		for (k in nt) tp_all += nt[k] * (nt[k] - 1) / 2
		for (k in npt) tp += npt[k] * (npt[k] - 1) / 2
		prec = pp ? tp / pp : 1; rec = tp_all ? tp / tp_all : 1
		for (k in np) nnp++
		for (k in nt) nnt++
		printf "dedupe: %d children out, %d true; pairwise precision %.6f, recall %.6f, F1 %.6f\n",
		    nnp, nnt, prec, rec, ((prec + rec) ? 2 * prec * rec / (prec + rec) : 0)
	}' "$W/truth.tsv" "$W/clusters.tsv" > "$T/acc"
	note "$(cat "$T/acc")"
	# merged id, risk and problems per child, from the truth of its records
	awk -F'\t' '
	function sev(r) { return r == "high" ? 0 : r == "medium" ? 1 : r == "low" ? 2 : 3 }
	NR == FNR {
		if (FNR == 1) next
		c = $2; child[$1] = c
		if ($3 != "") id[c] = $3
		if (!(c in risk) || sev($8) < sev(risk[c])) risk[c] = $8
		n = split($9, a, ";")
		for (i = 1; i <= n; i++)
			if (!((c SUBSEP a[i]) in prob)) { prob[c SUBSEP a[i]] = 1; np[c]++ }
		next
	}
	FNR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	{
		c = child[$col["line"]]; ok = ($col["id"] == id[c]) && ($col["risk"] == risk[c])
		n = split($col["problems"], a, ";")
		for (i = 1; i <= n; i++) if (!((c SUBSEP a[i]) in prob)) ok = 0
		if (n != np[c] + 0) ok = 0
		tot++; good += ok
	}
	END { printf "dedupe: merged id, risk and problems right for %d of %d output records (%.3f%%)\n", good, tot, (tot ? 100 * good / tot : 0) }
	' "$W/truth.tsv" "$W/deduped.tsv" > "$T/acc2"
	note "$(cat "$T/acc2")"
fi

# lbc-tally's cells (codes and count of --long) against the peers' groups
tally_check() {
	f=$1
	(cd "$W" && lbc-tally -b region,risk -l village --long "$f" | cut -f1,2,6 | sed 1d | LC_ALL=C sort > tally-lbc.tsv)
	(cd "$W" && mawk -F'\t' 'NR > 1 { c[$8 "\t" $10]++ } END { for (k in c) print k "\t" c[k] }' "$f" | LC_ALL=C sort > tally-mawk.tsv)
	if cmp -s "$W/tally-lbc.tsv" "$W/tally-mawk.tsv"; then w="equal"; else w="DIFFERENT"; fi
	note "tally $f: lbc-tally --long's $(lines_of tally-lbc.tsv) cells $w to the mawk one-liner's groups"
	if [ -n "$DUCK" ]; then
		(cd "$W" && eval "$(duck_tally "$f")" | LC_ALL=C sort > tally-duck.tsv)
		if cmp -s "$W/tally-lbc.tsv" "$W/tally-duck.tsv"; then w="equal"; else w="DIFFERENT"; fi
		note "tally $f: lbc-tally --long's cells $w to DuckDB's groups"
	fi
	rm -f "$W/tally-lbc.tsv" "$W/tally-mawk.tsv" "$W/tally-duck.tsv"
}
if have lbc-tally && tool mawk; then
	tally_check stream.tsv
	[ -n "$VSTREAM_B" ] && tally_check vstream.tsv
fi

# ---- the table ------------------------------------------------------------
# "x faster": the median over the interleaved rounds of the peer's time
# over lbc's in the same round, wall and CPU.
table() {
	awk -F'\t' '
	function mb(b, s) { return s > 0 ? b / 1e6 / s : 0 }
	{ order[++n] = $0 }
	END {
		print "| task | command | wall s | CPU s | MB/s | records/s | peak RSS MB | stages RSS MB | lbc is x times faster (wall) | (CPU) |"
		print "|---|---|---:|---:|---:|---:|---:|---|---:|---:|"
		for (i = 1; i <= n; i++) {
			split(order[i], f, "\t")
			gsub(/\|/, "\\|", f[2])	# a pipe in a table cell
			if (f[3] == "skipped") { printf "| %s | `%s` | — | — | — | — | — | not built yet | — | — |\n", f[1], f[2]; continue }
			m = split(f[9], s, ","); stx = ""
			for (j = 1; j <= m; j++) stx = stx (j > 1 ? " + " : "") sprintf("%.0f", s[j] / 1024)
			printf "| %s | `%s`%s | %.2f | %.2f | %.1f | %.0f | %.1f | %s | %s | %s |\n", f[1], f[2],
			    (f[8] == "ok" ? "" : " (**" f[8] "**)"), f[3], f[10], mb(f[4], f[3]),
			    (f[3] > 0 ? f[5] / f[3] : 0), f[6] / 1024, (m > 1 ? stx : ""), f[11], f[12]
		}
	}' "$rows"
}

goals() {
	awk -F'\t' -v n="$N" '
	$3 == "skipped" { next }
	{ k = $1 "|" $2; t[k] = $3; x[k] = $11; xc[k] = $12; rss[k] = $6; recs[k] = $5 }
	function verdict(k, goal) {
		if (!(k in x) || x[k] == "—") return "not measured"
		return sprintf("%sx wall, %sx CPU (%s)", x[k], xc[k], x[k] >= goal ? "met" : "not met")
	}
	END {
		print "- import at least 6x faster than `iconv | mlr`: " verdict("import|iconv | mlr --icsv --otsv cat", 6)
		print "- import no slower than bare `iconv`: " verdict("import|iconv -f gb18030 -t utf-8", 1)
		print "- import beside `iconv | duckdb read_csv`: " verdict("import|iconv | duckdb read_csv", 1)
		print "- xlsx import at least 10x faster than `xlsx2csv | lbc-import`: " verdict("xlsx|xlsx2csv | lbc-import", 10)
		if ("dedupe|lbc-dedupe" in t && t["dedupe|lbc-dedupe"] > 0) {
			# records in: those of the stream, not of a later row of the group
			k = "dedupe|lbc-dedupe"; v = recs[k] / t[k]; b = rss[k] * 1024 / recs[k]
			printf "- dedupe at least 1,500,000 records/s with at most 150 bytes a record: %.0f records/s, %.0f bytes of peak RSS per record (%s)\n",
			    v, b, (v >= 1500000 && b <= 150 ? "met" : "not met")
		} else print "- dedupe at least 1,500,000 records/s: not measured"
		print "- tally at least 3x faster than the mawk one-liner: " verdict("tally|mawk one-liner", 3)
		print "- tally at least 2x faster than DuckDB: " verdict("tally|duckdb GROUP BY ALL", 2)
		print "- tally in 100,000 villages at least 3x faster than the mawk one-liner: " verdict("tally-vil|mawk one-liner", 3)
		print "- tally in 100,000 villages at least 2x faster than DuckDB: " verdict("tally-vil|duckdb GROUP BY ALL", 2)
		print "- tally at least 20x faster than `mlr count -g`: " verdict("tally|mlr --tsv count -g region,risk", 20)
		print "- select at least 3x faster than `mlr --tsv filter`: " verdict("select|mlr --tsv filter", 3)
		print "- select at least as fast as the mawk one-liner: " verdict("select|mawk one-liner", 1)
		if ("diff|lbc-diff" in t && t["diff|lbc-diff"] > 0) {
			v = recs["diff|lbc-diff"] / t["diff|lbc-diff"]
			printf "- diff at least 1,000,000 children/s: %.0f children/s (%s), peak RSS %.0f MB\n",
			    v, (v >= 1000000 ? "met" : "not met"), rss["diff|lbc-diff"] / 1024
		} else print "- diff at least 1,000,000 children/s: not measured"
		if ("pipeline|import | dedupe | tally -o x.xlsx" in t)
			printf "- whole pipeline on %d children: %.1f s wall, peak RSS of a stage %.0f MB\n", n,
			    t["pipeline|import | dedupe | tally -o x.xlsx"], rss["pipeline|import | dedupe | tally -o x.xlsx"] / 1024
	}' "$rows"
}

machine() {
	cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
	mem=$(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)
	os=$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")
	echo "- machine: $(nproc) CPU(s), ${cpu:-unknown CPU}, $mem memory; $os, Linux $(uname -r)"
	echo "- lbc $(lbc-gen --version | sed 's/.* //'), $(cc --version | head -n 1)"
	echo "- peers: $(iconv --version | head -n 1); $(mlr --version 2>/dev/null | head -n 1); $(datamash --version 2>/dev/null | head -n 1); $(mawk -W version 2>/dev/null | head -n 1 | cut -d' ' -f1-3)${DUCK:+; DuckDB $DUCKV (C library, 2 threads)}"
	echo "- run: $(date -u +%Y-%m-%d), $N children (seed $SEED), medians of $RUNS interleaved round(s); load average $LOAD0 at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end; LC_ALL=C for sort and datamash, C.UTF-8 otherwise"
	echo "- data: drop.csv $DROP_B bytes GB18030, $DROP_R rows; stream.tsv $STREAM_B bytes, $STREAM_R records of $CHILDREN children${VSTREAM_B:+; vstream.tsv (tally-vil) $VSTREAM_B bytes, the same records in $NVIL villages of ${VIL##*/}, $VGROUPS region codes}"
}

section=$W/section.md
{
	echo "<!-- bench N=$N -->"
	echo "## $N children"
	echo
	machine
	echo
	table
	echo
	echo "Goals of the command issues:"
	echo
	goals
	if [ -s "$notes" ]; then
		echo
		echo "Notes:"
		echo
		sed 's/^/- /' "$notes"
	fi
	echo "<!-- end N=$N -->"
} > "$section"

say ""
sed '1d;$d' "$section"

if [ "$OUT" != "-" ]; then
	# Replace this scale's section, keep the others, smaller scales first.
	tmp=$OUT.tmp.$$
	keys=$( (sed -n 's/^<!-- bench N=\([0-9]*\) -->$/\1/p' "$OUT" 2>/dev/null; echo "$N") | sort -n -u)
	{
		echo "# lbc benchmark results"
		echo
		echo "Written by \`make bench\` (bench/run.sh) on synthetic data from lbc-gen;"
		echo "\`make bench BENCH_N=7000000\` for the national scale. The commands of a"
		echo "task run in interleaved rounds; wall and CPU seconds (user + system over"
		echo "all stages; the machine has two cores: lbc-import, mlr, sort and DuckDB"
		echo "use both) are medians over the rounds, peak RSS the largest of a"
		echo "pipeline's stages (each stage's own in the next column). \"x times"
		echo "faster\" is the median over the rounds of the peer's time over lbc's in"
		echo "the same round. For lbc-gen, records are children."
		for k in $keys; do
			echo
			if [ "$k" = "$N" ]; then
				cat "$section"
			else
				sed -n "/^<!-- bench N=$k -->/,/^<!-- end N=$k -->/p" "$OUT"
			fi
		done
	} > "$tmp" && mv "$tmp" "$OUT"
	say "bench: table written to $OUT"
fi
exit 0

#!/bin/sh
# make bench: times each lbc command side by side with what a statistician
# would use instead, on synthetic data from lbc-gen, and writes the table
# to bench/results.md (one section per scale, the machine described).
#
#   make bench                       1 million children (about 1.3M records)
#   make bench BENCH_N=7000000       the national scale
#
# Environment: BENCH_N (children, default 1000000), BENCH_RUNS (runs of
# each command, the fastest kept; default 3, 1 above 2 million children),
# BENCH_SEED (1), BENCH_WORK (data folder; default a temporary one, removed
# afterwards), BENCH_OUT (default bench/results.md; "-" for none).
# Every command is run under /usr/bin/time -v, each stage of a pipeline
# separately, for wall time and peak resident memory.  Timing gates
# nothing: the goals of the command issues are reported, not enforced.
set -u
: "${LBC_BIN:?set LBC_BIN to the built commands}"
N=${BENCH_N:-1000000}
SEED=${BENCH_SEED:-1}
if [ "$N" -gt 2000000 ]; then RUNS=${BENCH_RUNS:-1}; else RUNS=${BENCH_RUNS:-3}; fi
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
# run_case GROUP NAME BYTES RECORDS SINK STAGE [STAGE...]
# Runs the stages as a pipeline (stdout of the last to SINK), each under
# time -v, RUNS times; keeps the fastest run's wall time and, over its
# stages, the peak RSS (their sum too: they run at the same time).  Appends
# a row GROUP NAME wall bytes records peak sum status stage-RSS... to $rows.
#
run_case() {
	g=$1 name=$2 bytes=$3 recs=$4 sink=$5
	shift 5
	sizesink=0
	[ "$bytes" = sink ] && sizesink=1
	best= bestline=
	r=0
	while [ $r -lt "$RUNS" ]; do
		r=$((r + 1))
		cmd= i=0
		for st in "$@"; do
			i=$((i + 1))
			rm -f "$T/s$i"
			cmd="$cmd${cmd:+ | }$TV -v -o $T/s$i $st"
		done
		t0=$(now)
		(cd "$W" && eval "$cmd" > "$sink" 2>"$T/err")
		t1=$(now)
		[ $sizesink = 1 ] && bytes=$(wc -c < "$W/$sink" | tr -d ' ')
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
			say "  $name: FAILED ($status): $(head -c 300 "$T/err")"
		fi
		if [ -z "$best" ] || awk "BEGIN { exit !($wall < $best) }"; then
			best=$wall
			bestline="$g	$name	$wall	$bytes	$recs	$peak	$sum	$status	$stages	$cpu"
		fi
	done
	printf '%s\n' "$bestline" >> "$rows"
	echo "$bestline" | awk -F'\t' '{ printf "  %-40s %7.2f s %7.2f cpu %8.1f MB/s %10.0f rec/s %8.1f MB peak\n",
	    $2, $3, $10, $4 / 1e6 / ($3 > 0 ? $3 : 1e-9), $5 / ($3 > 0 ? $3 : 1e-9), $6 / 1024 }'
}

skip() {	# group, what
	printf '%s\t%s\tskipped\n' "$1" "$2" >> "$rows"
	note "$2: not built yet, skipped"
}

size_of() { wc -c < "$W/$1" | tr -d ' '; }
lines_of() { wc -l < "$W/$1" | tr -d ' '; }

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
say "lbc bench: $N children, seed $SEED, best of $RUNS run(s), data in $W; load $LOAD0"

# ---- data ---------------------------------------------------------------
say "generating"
# lbc-gen's rows: bytes written, children as records
run_case gen "lbc-gen -f drop (GB18030 CSV)" sink "$N" drop.csv "lbc-gen -n $N -s $SEED -t truth-drop.tsv"
run_case gen "lbc-gen -f stream (LBC records)" sink "$N" stream.tsv "lbc-gen -n $N -s $SEED -f stream -t truth.tsv"
(cd "$W" && lbc-gen -n "$N" -s "$SEED" -f regions > regions.tsv) || exit 1
DROP_B=$(size_of drop.csv)
DROP_R=$(($(lines_of truth-drop.tsv) - 1))
STREAM_B=$(size_of stream.tsv)
STREAM_R=$(($(lines_of stream.tsv) - 1))
CHILDREN=$(sed 1d "$W/truth.tsv" | cut -f2 | sort -u | wc -l | tr -d ' ')
say "  drop.csv $DROP_B bytes, $DROP_R records; stream.tsv $STREAM_B bytes, $STREAM_R records of $CHILDREN children"

# ---- import ---------------------------------------------------------------
say "import: GB18030 CSV ($DROP_B bytes) to records"
if have lbc-import; then
	run_case import "lbc-import" "$DROP_B" "$DROP_R" /dev/null "lbc-import -q -r regions.tsv drop.csv"
else
	skip import lbc-import
fi
run_case import "iconv -f gb18030 -t utf-8" "$DROP_B" "$DROP_R" /dev/null "iconv -f gb18030 -t utf-8 drop.csv"
if tool mlr; then
	run_case import "iconv | mlr --icsv --otsv cat" "$DROP_B" "$DROP_R" /dev/null \
	    "iconv -f gb18030 -t utf-8 drop.csv" "mlr --icsv --otsv cat"
fi
run_case import "wc -l" "$DROP_B" "$DROP_R" /dev/null "wc -l drop.csv"

# ---- workbooks --------------------------------------------------------------
# One sheet of N children written by lbc-xlsxgen (inline strings, date
# cells), against converting it to CSV with xlsx2csv first.
if have lbc-xlsxgen && have lbc-import; then
	cp "$top/samples/regions.tsv" "$W/sample-regions.tsv"
	(cd "$W" && lbc-xlsxgen big book.xlsx "$N") || exit 1
	XLSX_B=$(size_of book.xlsx)
	say "xlsx: a one-sheet workbook of $N rows ($XLSX_B bytes) to records"
	run_case xlsx "lbc-import" "$XLSX_B" "$N" /dev/null \
	    "lbc-import -q -r sample-regions.tsv book.xlsx"
	if tool xlsx2csv; then
		run_case xlsx "xlsx2csv | lbc-import" "$XLSX_B" "$N" /dev/null \
		    "xlsx2csv book.xlsx" "lbc-import -q -r sample-regions.tsv"
	fi
	rm -f "$W/book.xlsx"
fi

# ---- dedupe ---------------------------------------------------------------
say "dedupe: record stream ($STREAM_R records) to one record per child"
if have lbc-dedupe; then
	run_case dedupe "lbc-dedupe" "$STREAM_B" "$STREAM_R" /dev/null "lbc-dedupe stream.tsv"
else
	skip dedupe lbc-dedupe
fi
run_case dedupe "cut -f3 | sort -u" "$STREAM_B" "$STREAM_R" /dev/null "env LC_ALL=C cut -f3 stream.tsv" "env LC_ALL=C sort -u"
# The worst case for matching: all N records in one block (one birth date,
# one sound of the name; bench/dedupe-block.sh), which was quadratic.
if have lbc-dedupe; then
	for k in region villages mixed; do
		sh "$top/bench/dedupe-block.sh" $k "$N" > "$W/block-$k.tsv" || exit 1
		run_case dedupe "lbc-dedupe, one block ($k)" "$(size_of block-$k.tsv)" "$N" /dev/null "lbc-dedupe -q block-$k.tsv"
	done
	rm -f "$W"/block-*.tsv
fi
run_case dedupe "wc -l" "$STREAM_B" "$STREAM_R" /dev/null "wc -l stream.tsv"

# ---- tally ----------------------------------------------------------------
say "tally: region x risk at village level ($STREAM_R records)"
if have lbc-tally; then
	run_case tally "lbc-tally --long" "$STREAM_B" "$STREAM_R" /dev/null "lbc-tally -b region,risk -l village --long stream.tsv"
	run_case tally "lbc-tally (crosstab, chi-square)" "$STREAM_B" "$STREAM_R" /dev/null "lbc-tally -b region,risk -l village stream.tsv"
else
	skip tally lbc-tally
fi
if tool mawk; then
	run_case tally "mawk one-liner" "$STREAM_B" "$STREAM_R" /dev/null \
	    "mawk -F'\\t' 'NR > 1 { c[\$8 \"\\t\" \$10]++ } END { for (k in c) print k \"\\t\" c[k] }' stream.tsv"
fi
if tool mlr; then
	run_case tally "mlr --tsv count -g region,risk" "$STREAM_B" "$STREAM_R" /dev/null "mlr --tsv count -g region,risk stream.tsv"
fi
if tool datamash; then
	run_case tally "datamash -H -s -g 8,10 count 8" "$STREAM_B" "$STREAM_R" /dev/null "env LC_ALL=C datamash -H -s -g 8,10 count 8 < stream.tsv"
fi
run_case tally "wc -l" "$STREAM_B" "$STREAM_R" /dev/null "wc -l stream.tsv"

# ---- select -----------------------------------------------------------------
# The high-risk children of one county: a region prefix and a coded value.
SELCOUNTY=$(sed -n 2p "$W/stream.tsv" | cut -f8 | cut -c1-6)
say "select: the high-risk children of county $SELCOUNTY ($STREAM_R records)"
if have lbc-select; then
	run_case select "lbc-select" "$STREAM_B" "$STREAM_R" /dev/null "lbc-select -r regions.tsv -w region=$SELCOUNTY -w risk=high stream.tsv"
else
	skip select lbc-select
fi
if tool mawk; then
	run_case select "mawk one-liner" "$STREAM_B" "$STREAM_R" /dev/null \
	    "mawk -F'\\t' 'NR == 1 || (substr(\$8, 1, 6) == \"$SELCOUNTY\" && \$10 == \"high\")' stream.tsv"
fi
if tool mlr; then
	run_case select "mlr --tsv filter" "$STREAM_B" "$STREAM_R" /dev/null \
	    "mlr --tsv filter '\$region =~ \"^$SELCOUNTY\" && \$risk == \"high\"' stream.tsv"
fi

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

# ---- the table ------------------------------------------------------------
# Ratio = the peer's wall time / lbc's: how many times faster lbc is.
table() {
	awk -F'\t' '
	function mb(b, s) { return s > 0 ? b / 1e6 / s : 0 }
	$3 == "skipped" { order[++n] = $0; next }
	{ order[++n] = $0; if ($2 ~ /^lbc-(import|dedupe|tally|select|list)/ && !(($1) in lbc)) lbc[$1] = $3 }
	END {
		print "| task | command | wall s | CPU s | MB/s | records/s | peak RSS MB | stages RSS MB | lbc is x times faster |"
		print "|---|---|---:|---:|---:|---:|---:|---|---:|"
		for (i = 1; i <= n; i++) {
			split(order[i], f, "\t")
			gsub(/\|/, "\\|", f[2])	# a pipe in a table cell
			if (f[3] == "skipped") { printf "| %s | `%s` | — | — | — | — | — | not built yet | — |\n", f[1], f[2]; continue }
			ratio = "—"
			if ((f[1] in lbc) && f[2] !~ /^lbc-/ && lbc[f[1]] > 0) ratio = sprintf("%.2f", f[3] / lbc[f[1]])
			m = split(f[9], s, ","); stx = ""
			for (j = 1; j <= m; j++) stx = stx (j > 1 ? " + " : "") sprintf("%.0f", s[j] / 1024)
			printf "| %s | `%s`%s | %.2f | %.2f | %.1f | %.0f | %.1f | %s | %s |\n", f[1], f[2],
			    (f[8] == "ok" ? "" : " (**" f[8] "**)"), f[3], f[10], mb(f[4], f[3]),
			    (f[3] > 0 ? f[5] / f[3] : 0), f[6] / 1024, (m > 1 ? stx : ""), ratio
		}
	}' "$rows"
}

goals() {
	awk -F'\t' -v n="$N" '
	$3 == "skipped" { next }
	{ t[$1 "|" $2] = $3; rss[$1 "|" $2] = $6; recs[$1] = $5 }
	function r(a, b) { return (a in t) && (b in t) && t[b] > 0 ? t[a] / t[b] : -1 }
	function verdict(x, goal) { return x < 0 ? "not measured" : sprintf("%.2fx (%s)", x, x >= goal ? "met" : "not met") }
	END {
		print "- import at least 5x faster than `iconv | mlr`: " verdict(r("import|iconv | mlr --icsv --otsv cat", "import|lbc-import"), 5)
		print "- import close to bare `iconv`: " verdict(r("import|iconv -f gb18030 -t utf-8", "import|lbc-import"), 0.8)
		print "- xlsx import at least 10x faster than `xlsx2csv | lbc-import`: " verdict(r("xlsx|xlsx2csv | lbc-import", "xlsx|lbc-import"), 10)
		if ("dedupe|lbc-dedupe" in t && t["dedupe|lbc-dedupe"] > 0) {
			v = recs["dedupe"] / t["dedupe|lbc-dedupe"]
			printf "- dedupe at least 500,000 records/s: %.0f records/s (%s), %.0f bytes of peak RSS per record\n",
			    v, (v >= 500000 ? "met" : "not met"), rss["dedupe|lbc-dedupe"] * 1024 / recs["dedupe"]
		} else print "- dedupe at least 500,000 records/s: not measured"
		print "- tally at least 1.5x faster than the mawk one-liner: " verdict(r("tally|mawk one-liner", "tally|lbc-tally --long"), 1.5)
		print "- tally at least 20x faster than `mlr count -g`: " verdict(r("tally|mlr --tsv count -g region,risk", "tally|lbc-tally --long"), 20)
		print "- select at least 3x faster than `mlr --tsv filter`: " verdict(r("select|mlr --tsv filter", "select|lbc-select"), 3)
		print "- select at least as fast as the mawk one-liner: " verdict(r("select|mawk one-liner", "select|lbc-select"), 1)
		if ("diff|lbc-diff" in t && t["diff|lbc-diff"] > 0) {
			v = recs["diff"] / t["diff|lbc-diff"]
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
	echo "- peers: $(iconv --version | head -n 1); $(mlr --version 2>/dev/null | head -n 1); $(datamash --version 2>/dev/null | head -n 1); $(mawk -W version 2>/dev/null | head -n 1 | cut -d' ' -f1-3)"
	echo "- run: $(date -u +%Y-%m-%d), $N children (seed $SEED), best of $RUNS run(s); load average $LOAD0 at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end; LC_ALL=C for sort and datamash, C.UTF-8 otherwise"
	echo "- data: drop.csv $DROP_B bytes GB18030, $DROP_R rows; stream.tsv $STREAM_B bytes, $STREAM_R records of $CHILDREN children"
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
		echo "\`make bench BENCH_N=7000000\` for the national scale. Wall time is the"
		echo "fastest of the runs, CPU time its user + system time over all stages"
		echo "(the machine has two cores: lbc-import, mlr and sort use both); peak RSS"
		echo "the largest of a pipeline's stages (each stage's own in the next column)."
		echo "\"x times faster\" is the peer's wall time over lbc's for the same task."
		echo "For lbc-gen, records are children."
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

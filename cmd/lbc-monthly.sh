#!/bin/sh
# lbc-monthly: the monthly job (see lbc-monthly(1)).  Imports one month's
# drop folder, one record per child, what changed since the month before
# in the history, tables, a workbook with a summary, charts and a trend,
# into OUT/YYYY-MM/, written whole in a temporary folder and renamed into
# place.  Silent when all went well; one short report on stderr when a
# person should look; exit 1 on failure.
#
# A POSIX sh script: every stage is an lbc command, and what is left is
# running them in order, checking each exit status and moving files.
set -u
umask 077
# Data in C (sort order, awk's numbers); messages in the reader's language
# (LC_MESSAGES, which the lbc commands it runs follow too).
msgloc=${LC_ALL:-${LC_MESSAGES:-${LANG:-C}}}
unset LC_ALL
LANG=C.UTF-8 LC_CTYPE=C.UTF-8 LC_COLLATE=C.UTF-8 LC_NUMERIC=C.UTF-8
LC_TIME=C.UTF-8 LC_MONETARY=C.UTF-8 LC_MESSAGES=$msgloc
export LANG LC_CTYPE LC_COLLATE LC_NUMERIC LC_TIME LC_MONETARY LC_MESSAGES
version=@VERSION@
prog=lbc-monthly
# The lbc commands beside this script come first: cron's PATH is short.
case $0 in */*) PATH=${0%/*}:$PATH ;; esac
export PATH
# The catalogue beside the commands (the build tree, an installed tree),
# else the one of the install (po/README); gettext(1) when there is one.
TEXTDOMAIN=lbc
TEXTDOMAINDIR=@LOCALEDIR@
case $0 in */*)
	[ -f "${0%/*}/../share/locale/zh_CN/LC_MESSAGES/lbc.mo" ] &&
	    TEXTDOMAINDIR=${0%/*}/../share/locale ;;
esac
export TEXTDOMAIN TEXTDOMAINDIR
if command -v gettext >/dev/null 2>&1; then
	tr_() { gettext "$1"; }
else
	tr_() { printf '%s' "$1"; }
fi

usage() {
	tr_ "usage: lbc-monthly [-v] [-c lbc.conf] [month]" >&2
	echo >&2
	exit 2
}

help() {
	tr_ "usage: lbc-monthly [-v] [-c lbc.conf] [month]"
	echo
	tr_ "The monthly job: import, dedupe, diff against the previous month in the
history, tables, workbook, summary, charts and trend, into OUT/YYYY-MM/.
  -c lbc.conf  the configuration (default /etc/lbc.conf)
  -v           log every step on stderr
  month        YYYY-MM (default: the month before the current one)
  -h, --help   this help
  --version    print the version
"
	exit 0
}

verbose=0
conf=/etc/lbc.conf
while [ $# -gt 0 ]; do
	case $1 in
	-c) [ $# -ge 2 ] || usage; conf=$2; shift 2 ;;
	-c?*) conf=${1#-c}; shift ;;
	-v) verbose=1; shift ;;
	-h|--help) help ;;
	--version) echo "lbc-monthly (lbc) $version"; exit 0 ;;
	--) shift; break ;;
	-*) printf "%s: $(tr_ 'unknown option: %s')\n" "$prog" "$1" >&2; usage ;;
	*) break ;;
	esac
done
[ $# -le 1 ] || usage

say() { printf '%s: %s\n' "$prog" "$*" >&2; }
log() { [ "$verbose" = 0 ] || say "$*"; }
die() { say "$*"; exit 1; }
# The same, with a printf format looked up in the catalogue, then its args.
sayf() { _f=$1; shift; say "$(printf "$(tr_ "$_f")" "$@")"; }
logf() { [ "$verbose" = 0 ] || sayf "$@"; }
dief() { sayf "$@"; exit 1; }

# --- the month ------------------------------------------------------------
if [ $# -eq 1 ]; then
	month=$1
else
	now=$(date +%Y-%m) || dief 'date failed'
	y=${now%-*} m=${now#*-}
	m=${m#0}
	if [ "$m" -eq 1 ]; then
		month=$((y - 1))-12
	else
		month=$y-$(printf %02d $((m - 1)))
	fi
fi
case $month in
[12][0-9][0-9][0-9]-0[1-9]|[12][0-9][0-9][0-9]-1[0-2]) ;;
*) sayf 'month: expected YYYY-MM: %s' "$month"; usage ;;
esac
y=${month%-*} m=${month#*-}
m=${m#0}
case $m in
1|3|5|7|8|10|12) d=31 ;;
4|6|9|11) d=30 ;;
*) if [ $((y % 4)) -eq 0 ] && { [ $((y % 100)) -ne 0 ] ||
	[ $((y % 400)) -eq 0 ]; }; then d=29; else d=28; fi ;;
esac
asof=$month-$d
month_cn="${y}年${m}月"

# --- the configuration ----------------------------------------------------
[ -f "$conf" ] && [ -r "$conf" ] || dief '%s: no configuration file (see lbc-monthly(1))' "$conf"
case $conf in */*) confdir=${conf%/*} ;; *) confdir=. ;; esac
drops='' regions='' out='' codebook='' mapping='' area='' level=county max_rejects=10
suppress=0
tables="region,risk region,problems guardian age,sex"
n=0
while IFS= read -r line || [ -n "$line" ]; do
	n=$((n + 1))
	line=${line%%#*}
	case $line in *[![:space:]]*) ;; *) continue ;; esac
	case $line in *=*) ;; *) dief '%s:%s: expected key = value' "$conf" "$n" ;; esac
	key=${line%%=*} val=${line#*=}
	key=${key#"${key%%[![:space:]]*}"} key=${key%"${key##*[![:space:]]}"}
	val=${val#"${val%%[![:space:]]*}"} val=${val%"${val##*[![:space:]]}"}
	case $key in
	drops|regions|out|codebook|mapping)
		case $val in /*|'') ;; *) val=$confdir/$val ;; esac ;;
	esac
	case $key in
	drops) drops=$val ;;
	regions) regions=$val ;;
	out) out=$val ;;
	codebook) codebook=$val ;;
	mapping) mapping=$val ;;
	area) area=$val ;;
	level) level=$val ;;
	tables) tables=$val ;;
	max_rejects)
		case $val in ''|*[!0-9]*) dief '%s:%s: max_rejects: a whole percentage, like 10' "$conf" "$n" ;; esac
		max_rejects=$val ;;
	suppress)
		case $val in ''|*[!0-9]*|0*) dief '%s:%s: suppress: a whole number of children, 2 or more, like 3' "$conf" "$n" ;; esac
		[ "$val" -ge 2 ] || dief '%s:%s: suppress: a whole number of children, 2 or more, like 3' "$conf" "$n"
		suppress=$val ;;
	*) dief '%s:%s: unknown key: %s' "$conf" "$n" "$key" ;;
	esac
done <"$conf"
for k in drops regions out; do
	eval "v=\$$k"
	[ -n "$v" ] || dief '%s: no %s = ... line' "$conf" "$k"
done
[ -r "$regions" ] || dief '%s: cannot read the regions table' "$regions"
[ -z "$codebook" ] || [ -r "$codebook" ] || dief '%s: cannot read the codebook' "$codebook"
[ -z "$mapping" ] || [ -r "$mapping" ] || dief '%s: cannot read the header mapping' "$mapping"

# --- the lock and the temporary folder ------------------------------------
mkdir -p "$out" || dief '%s: cannot make the output folder' "$out"
exec 9>>"$out/.lock" || dief '%s/.lock: cannot open the lock file' "$out"
flock -n 9 || dief '%s: another lbc-monthly run holds %s/.lock; not run' "$month" "$out"

dest=$out/$month
tmp=$out/.$month.tmp.$$
aside=$out/.$month.old.$$
# Left by a run killed outright: temporary folders are never a month.
for old in "$out"/.[12][0-9][0-9][0-9]-[01][0-9].old.*; do
	[ -d "$old" ] || continue
	mo=${old#"$out"/.} mo=${mo%%.*}
	if [ -e "$out/$mo" ]; then rm -rf "$old"; else mv "$old" "$out/$mo"; fi
done
for old in "$out"/.[12][0-9][0-9][0-9]-[01][0-9].tmp.*; do
	[ -d "$old" ] && rm -rf "$old"
done
cleanup() {
	rm -rf "$tmp"
	if [ -d "$aside" ]; then
		if [ -e "$dest" ]; then rm -rf "$aside"; else mv "$aside" "$dest"; fi
	fi
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM
mkdir "$tmp" "$tmp/log" "$tmp/charts" || dief '%s: cannot make the temporary folder' "$tmp"

# --- stages ---------------------------------------------------------------
# run NAME OUTFILE COMMAND...: stdout to OUTFILE, stderr to log/NAME.err;
# a failure ends the run with the command's first messages.
run() {
	_name=$1 _out=$2
	shift 2
	log "$*"
	printf '%s\n' "$*" >>"$tmp/log/commands.txt"
	"$@" >"$_out" 2>"$tmp/log/$_name.err"
	_rc=$?
	if [ "$_rc" -ne 0 ]; then
		sayf '%s: %s failed (exit %s); nothing written:' "$month" "$_name" "$_rc"
		head -n 10 "$tmp/log/$_name.err" | sed 's/^/  /' >&2
		exit 1
	fi
}
nlines() { _n=$(wc -l <"$1") || exit 1; echo $((_n)); }
warnings=
warn() { warnings="$warnings
  $*"; }
warnf() { _f=$1; shift; warn "$(printf "$(tr_ "$_f")" "$@")"; }

dropdir=$drops/$month
[ -d "$dropdir" ] || dief '%s: the drop folder %s is missing; nothing written' "$month" "$dropdir"
set --
for f in "$dropdir"/*; do
	[ -f "$f" ] && set -- "$@" "$f"
done
[ $# -gt 0 ] || dief '%s: the drop folder %s has no files; nothing written' "$month" "$dropdir"
inputs=$tmp/log/inputs
: >"$inputs"
for f; do
	h=$(sha256sum <"$f") || dief '%s: cannot read' "$f"
	printf 'input\t%s\t%s\n' "$f" "${h%% *}" >>"$inputs"
done

set -- -q -r "$regions" -R "$tmp/rejects.tsv" --as-of "$asof" "$@"
[ -z "$mapping" ] || set -- -m "$mapping" "$@"
[ -z "$codebook" ] || set -- -c "$codebook" "$@"
run import "$tmp/records.tsv" lbc-import "$@"
if [ -s "$tmp/log/import.err" ]; then
	while IFS= read -r l; do warn "$l"; done <"$tmp/log/import.err"
fi
nrec=$(($(nlines "$tmp/records.tsv") - 1))
nrej=$(($(nlines "$tmp/rejects.tsv") - 1))
[ "$nrec" -gt 0 ] || dief '%s: no record in %s (every row rejected or empty files); nothing written' "$month" "$dropdir"
if [ $((nrej * 100)) -gt $((max_rejects * (nrec + nrej))) ]; then
	warnf 'rejects: %s of %s rows, more than %s%%: see %s/rejects.tsv' "$nrej" "$((nrec + nrej))" "$max_rejects" "$dest"
fi

set --
[ -z "$codebook" ] || set -- -c "$codebook"
run dedupe "$tmp/children.tsv" lbc-dedupe -q "$@" -C "$tmp/clusters.tsv" "$tmp/records.tsv"
nchild=$(($(nlines "$tmp/children.tsv") - 1))
[ "$nchild" -gt 0 ] || dief '%s: zero children; nothing written' "$month"

# The previous month: the latest one in the history before this one.
prev=
for p in "$out"/[12][0-9][0-9][0-9]-[01][0-9]; do
	[ -f "$p/children.tsv" ] || continue
	pm=${p##*/}
	# YYYY-MM strings sort as months
	if [ "$(printf '%s\n%s\n' "$pm" "$month" | sort | head -n 1)" = "$pm" ] &&
	    [ "$pm" != "$month" ]; then
		prev=$pm
	fi
done
if [ -n "$prev" ]; then
	prevfile=$out/$prev/children.tsv
else
	prevfile=/dev/null
fi
run diff "$tmp/diff.tsv" lbc-diff -q --as-of "$asof" -C "$tmp/pairs.tsv" "$prevfile" "$tmp/children.tsv"

set --
for t in $tables; do set -- "$@" -b "$t"; done
[ -z "$codebook" ] || set -- -c "$codebook" "$@"
sup=
[ "$suppress" -eq 0 ] || sup="--suppress $suppress"
# shellcheck disable=SC2086
run tally "$tmp/tables.tsv" lbc-tally $sup -r "$regions" -l "$level" --as-of "$asof" "$@" "$tmp/children.tsv"
set --
[ -z "$codebook" ] || set -- -c "$codebook"
# shellcheck disable=SC2086
run tally-change "$tmp/changes.tsv" lbc-tally $sup "$@" -r "$regions" -l county --as-of "$asof" \
    -b region,change -b was_risk,risk -b left_why "$tmp/diff.tsv"

# --- headline figures, by county ------------------------------------------
# counts.tsv: county name children high none; headline.tsv: key value.
count_awk='
BEGIN { FS = OFS = "\t"; split("study living affection psych safety", pc, " ") }
FILENAME == reg {
	c = $1
	if (length(c) == 12 && substr(c, 7) == "000000") c = substr(c, 1, 6)
	if (c ~ /^[0-9][0-9][0-9][0-9][0-9][0-9]$/) name[c] = $2
	next
}
FNR == 1 { for (i = 1; i <= NF; i++) f[$i] = i; next }
{
	n++
	r = f["region"] ? $(f["region"]) : ""
	c = length(r) >= 6 ? substr(r, 1, 6) : "-"
	seen[c] = 1
	kids[c]++
	if (f["risk"] && $(f["risk"]) == "high") { high++; khigh[c]++ }
	if (f["guardian"] && $(f["guardian"]) == "none") { none++; knone[c]++ }
	if (f["problems"]) {
		p = ";" $(f["problems"]) ";"
		for (k = 1; k <= 5; k++)
			if (index(p, ";" pc[k] ";")) prob[pc[k]]++
	}
}
END {
	print "county", "name", "children", "high", "none"
	for (c in seen)
		print c, (c in name ? name[c] : c == "-" ? "未知" : c), kids[c] + 0, khigh[c] + 0, knone[c] + 0 | "sort"
	close("sort")
	print "children", n + 0 >head
	print "high", high + 0 >head
	print "none", none + 0 >head
	for (k = 1; k <= 5; k++) print pc[k], prob[pc[k]] + 0 >head
}'
logf 'counting the headline figures'
awk -v reg="$regions" -v head="$tmp/headline.tsv" "$count_awk" "$regions" "$tmp/children.tsv" >"$tmp/counts.tsv" ||
    dief '%s: counting the headline figures failed; nothing written' "$month"
awk 'BEGIN { FS = OFS = "\t" }
FNR == 1 { for (i = 1; i <= NF; i++) f[$i] = i; next }
{
	ch = $(f["change"]); n[ch]++
	if (ch == "left" && $(f["left_why"]) == "aged_out") aged++
	if (ch != "new" && $(f["was_risk"]) == "high") hp++
}
END {
	print "new", n["new"] + 0; print "left", n["left"] + 0
	print "stayed", n["stayed"] + 0; print "aged_out", aged + 0
	print "high_prev", hp + 0
}' "$tmp/diff.tsv" >>"$tmp/headline.tsv" || dief '%s: counting the changes failed; nothing written' "$month"
printf 'month\t%s\nprev\t%s\nrecords\t%s\nrejected\t%s\n' "$month" "$prev" "$nrec" "$nrej" >>"$tmp/headline.tsv"

# Counties that reported last month and not this month.
if [ -n "$prev" ] && [ -f "$out/$prev/counts.tsv" ]; then
	gone=$(awk -F'\t' 'NR == FNR { if (FNR > 1) now[$1] = $3; next }
	    FNR > 1 && $3 > 0 && !(now[$1] > 0) { printf "%s%s (%s)", s, $2, $1; s = ", " }' \
	    "$tmp/counts.tsv" "$out/$prev/counts.tsv") || dief '%s: comparing counties failed' "$month"
	[ -z "$gone" ] || warnf 'reported in %s and not in %s: %s' "$prev" "$month" "$gone"
fi

# 变化: this month, last month, change and change % by county.
prevcounts=/dev/null
[ -z "$prev" ] || [ ! -f "$out/$prev/counts.tsv" ] || prevcounts=$out/$prev/counts.tsv
awk 'BEGIN { FS = OFS = "\t" }
function pct(a, b) { return b > 0 ? sprintf("%.1f%%", 100 * (a - b) / b) : "" }
function row(label, c) {
	printf "%s", label
	for (k = 3; k <= 5; k++)
		printf "\t%d\t%d\t%d\t%s", now[c, k], was[c, k], now[c, k] - was[c, k], pct(now[c, k], was[c, k])
	printf "\n"
}
NR == FNR { if (FNR > 1) { seen[$1] = 1; nm[$1] = $2; for (k = 3; k <= 5; k++) { was[$1, k] = $k; was["", k] += $k } } next }
FNR > 1 { seen[$1] = 1; nm[$1] = $2; for (k = 3; k <= 5; k++) { now[$1, k] = $k; now["", k] += $k } }
END {
	print "县（市、区）", "留守儿童本月", "上月", "增减", "增减%", "高风险本月", "上月", "增减", "增减%", "无人监护本月", "上月", "增减", "增减%"
	for (c in seen) print c | "sort >" tmpf
	close("sort >" tmpf)
	while ((getline c < tmpf) > 0) row(nm[c], c)
	row("合计", "")
}' tmpf="$tmp/log/counties" "$prevcounts" "$tmp/counts.tsv" >"$tmp/change.tsv" ||
    dief '%s: the change table failed; nothing written' "$month"

# suppress=K: the published figures the script makes itself.  A count of
# 1 to K-1 is *; a column of counties with one * gets a second (its
# smallest other count), so that the 合计 row does not give it back; a
# change or change % of a * is *.
hide_awk='
function small(v) { return v != "*" && v > 0 && v < K }
# hides, of rows 2 .. last-1 in column c, the smallest count other than
# the hidden one when exactly one is hidden
function second(c,   r, nh, b) {
	nh = 0; b = 0
	for (r = 2; r < nr; r++) if (cell[r, c] == "*") nh++
	if (nh != 1) return
	for (r = 2; r < nr; r++)
		if (cell[r, c] != "*" && cell[r, c] > 0 && (b == 0 || cell[r, c] + 0 < cell[b, c] + 0)) b = r
	if (b) cell[b, c] = "*"
}'
# What lbc-tally hid in the tables is hidden here too: hidden.tsv lists
# "row L" (a row's total *), "col L" (the 合计 row's * under L) and "cell
# L C", with t (tables.tsv) or c (changes.tsv) before.
if [ "$suppress" -gt 0 ]; then
	awk 'BEGIN { FS = OFS = "\t" }
	FNR == 1 { f = FILENAME ~ /changes/ ? "c" : "t"; new = 1 }
	/^#/ { next }
	$0 == "" { new = 1; next }
	new { for (i = 1; i <= NF; i++) h[i] = $i; new = 0; next }
	{
		if ($NF == "*") print f, "row", $1
		for (i = 2; i <= NF; i++)
			if ($i == "*") {
				if ($1 == "合计") print f, "col", h[i]
				else print f, "cell", $1 SUBSEP h[i]
			}
	}' "$tmp/tables.tsv" "$tmp/changes.tsv" >"$tmp/log/hidden.tsv" ||
	    dief '%s: reading the hidden cells failed; nothing written' "$month"
	awk -v K="$suppress" "$hide_awk"'
	BEGIN { FS = OFS = "\t" }
	FILENAME == hid { if ($1 == "t") hd[$2, $3] = 1; next }
	{ nr = FNR; nf = NF; for (i = 1; i <= NF; i++) cell[FNR, i] = $i }
	END {
		split("2 6 10", cc, " "); split("- 高风险 无人监护", lab, " ")
		for (r = 2; r < nr; r++)
			for (g = 1; g <= 3; g++)
				if (g == 1 ? hd["row", cell[r, 1]] : hd["cell", cell[r, 1] SUBSEP lab[g]])
					cell[r, cc[g]] = "*"
		# a total hidden in the tables: every count above it too
		for (g = 2; g <= 3; g++)
			if (hd["col", lab[g]] || hd["row", lab[g]]) {
				cell[nr, cc[g]] = "*"
				for (r = 2; r < nr; r++) if (cell[r, cc[g]] > 0) cell[r, cc[g]] = "*"
			}
		for (g = 0; g < 3; g++)
			for (j = 0; j < 2; j++) {
				c = 2 + 4 * g + j
				for (r = 2; r <= nr; r++) if (small(cell[r, c])) cell[r, c] = "*"
				second(c)
			}
		for (g = 0; g < 3; g++)
			for (r = 2; r <= nr; r++)
				if (cell[r, 2 + 4 * g] == "*" || cell[r, 3 + 4 * g] == "*")
					cell[r, 4 + 4 * g] = cell[r, 5 + 4 * g] = "*"
		for (r = 1; r <= nr; r++)
			for (i = 1; i <= nf; i++) printf "%s%s", cell[r, i], i < nf ? OFS : ORS
	}' hid="$tmp/log/hidden.tsv" "$tmp/log/hidden.tsv" "$tmp/change.tsv" >"$tmp/change.tsv.s" && mv "$tmp/change.tsv.s" "$tmp/change.tsv" ||
	    dief '%s: suppressing the change table failed; nothing written' "$month"
fi

# summary.txt: the headline figures in sentences (suppress=K: from copies
# with * for the counts hidden, by the rule above; new, left and stayed
# are hidden together, since each is a difference of two others).
cp "$tmp/headline.tsv" "$tmp/log/published.tsv"
cp "$tmp/counts.tsv" "$tmp/log/counts.s"
if [ "$suppress" -gt 0 ]; then
	awk -v K="$suppress" "$hide_awk"'
	BEGIN { FS = OFS = "\t" }
	FILENAME == hid { hd[$1, $2, $3] = 1; next }
	{ k[FNR] = $1; v[$1] = $2; n = FNR }
	END {
		split("high none study living affection psych safety", c, " ")
		split("高风险 无人监护 学业失教 生活失助 亲情失落 心理失衡 安全失保", l, " ")
		for (i in c) if (hd["t", "col", l[i]] || hd["t", "row", l[i]]) v[c[i]] = "*"
		if (hd["c", "row", "年满16周岁"]) v["aged_out"] = "*"
		if (hd["c", "row", "高风险"]) v["high_prev"] = "*"
		if (hd["c", "col", "新增"] || hd["c", "col", "退出"] || hd["c", "col", "持续"]) v["new"] = "*"
		split("children high none study living affection psych safety high_prev aged_out", c, " ")
		for (i in c) if (small(v[c[i]])) v[c[i]] = "*"
		if (v["new"] == "*" || small(v["new"]) || small(v["left"]) || small(v["stayed"]))
			v["new"] = v["left"] = v["stayed"] = "*"
		if (v["left"] == "*") v["aged_out"] = "*"
		for (i = 1; i <= n; i++) print k[i], v[k[i]]
	}' hid="$tmp/log/hidden.tsv" "$tmp/log/hidden.tsv" "$tmp/headline.tsv" >"$tmp/log/published.tsv" &&
	awk -v K="$suppress" "$hide_awk"'
	BEGIN { FS = OFS = "\t" }
	FILENAME == hid { if ($1 == "t" && $2 == "row") hd[$3] = 1; next }
	{ nr = FNR + 1; nf = NF; for (i = 1; i <= NF; i++) cell[FNR, i] = $i }
	END {
		for (r = 2; r < nr; r++) if (small(cell[r, 3]) || hd[cell[r, 2]]) cell[r, 3] = "*"
		second(3)
		for (r = 1; r < nr; r++)
			for (i = 1; i <= nf; i++) printf "%s%s", cell[r, i], i < nf ? OFS : ORS
	}' hid="$tmp/log/hidden.tsv" "$tmp/log/hidden.tsv" "$tmp/counts.tsv" >"$tmp/log/counts.s" ||
	    dief '%s: suppressing the summary failed; nothing written' "$month"
fi
awk -v month_cn="$month_cn" -v area="$area" -v K="$suppress" 'BEGIN { FS = "\t" }
function pc(a, n) { return a == "*" ? "*" : sprintf("%.1f", n ? 100 * a / n : 0) }
NR == FNR { h[$1] = $2; next }
FNR > 1 && ($3 == "*" || $3 > 0) { list = list sep $2 $3 "人"; sep = "、"; nc++ }
END {
	n = h["children"]
	print month_cn "农村留守儿童动态管理情况"
	printf "%s共摸底排查出农村留守儿童%s人", area, n
	if (nc > 1) printf "，其中%s", list
	print "。"
	printf "高风险儿童%s人，占%s%%；无人监护儿童%s人，占%s%%。\n", h["high"], pc(h["high"], n), h["none"], pc(h["none"], n)
	printf "存在学业失教问题的%s人，生活失助%s人，亲情失落%s人，心理失衡%s人，安全失保%s人（一名儿童可同时存在多个问题）。\n", h["study"], h["living"], h["affection"], h["psych"], h["safety"]
	if (h["prev"] == "")
		print "本期为首次统计，历史中无上期数据，儿童均计为新增。"
	else {
		split(h["prev"], pm, "-")
		d = h["high"] - h["high_prev"]
		printf "与上期（%d年%d月）相比，新增%s人，退出%s人（其中年满16周岁%s人），持续在册%s人；", pm[1], pm[2], h["new"], h["left"], h["aged_out"], h["stayed"]
		if (h["high"] == "*" || h["high_prev"] == "*") printf "高风险儿童较上期增减*人（上期%s人）。\n", h["high_prev"]
		else if (d > 0) printf "高风险儿童较上期增加%d人（上期%d人）。\n", d, h["high_prev"]
		else if (d < 0) printf "高风险儿童较上期减少%d人（上期%d人）。\n", -d, h["high_prev"]
		else printf "高风险儿童人数与上期持平（%d人）。\n", h["high_prev"]
	}
	printf "各单位报送记录%d条，因数据不合格剔除%d条（见rejects.tsv），同一儿童的重复报送已合并。\n", h["records"], h["rejected"]
	if (K > 0) printf "注：标*的人数少于%d人，或可据其他数字推算出少于%d人的数，依小数隐去规则不予公布。\n", K, K
}' "$tmp/log/published.tsv" "$tmp/log/counts.s" >"$tmp/summary.txt" ||
    dief '%s: the summary failed; nothing written' "$month"

# --- the trend over the history --------------------------------------------
{
	printf '月份\t留守儿童\t高风险\t无人监护\t新增\t退出\n'
	for p in "$out"/[12][0-9][0-9][0-9]-[01][0-9] "$tmp"; do
		[ "$p" = "$dest" ] && continue
		[ -f "$p/headline.tsv" ] || continue
		# a month suppressed: its figures as its summary showed them
		h=$p/headline.tsv
		[ "$suppress" -eq 0 ] || [ ! -f "$p/log/published.tsv" ] || h=$p/log/published.tsv
		awk -F'\t' -v K="$suppress" '
		function s(v) { return v == "*" ? v : K > 0 && v > 0 && v < K ? "*" : v + 0 }
		{ h[$1] = $2 }
		END {
			nw = s(h["new"]); lf = s(h["left"])
			if (nw == "*" || lf == "*") nw = lf = "*"
			printf "%s\t%s\t%s\t%s\t%s\t%s\n", h["month"], s(h["children"]), s(h["high"]), s(h["none"]), nw, lf
		}' "$h" ||
		    exit 1
	done | sort
} >"$tmp/trend.tsv" || dief '%s: the trend table failed; nothing written' "$month"

# --- workbook and charts ---------------------------------------------------
set --
for t in $tables; do set -- "$@" -b "$t"; done
[ -z "$codebook" ] || set -- -c "$codebook" "$@"
# shellcheck disable=SC2086
run workbook /dev/null lbc-tally $sup -r "$regions" -l "$level" --as-of "$asof" "$@" \
    --sheet 摘要="$tmp/summary.txt" --sheet 变化="$tmp/change.tsv" -o "$tmp/month.xlsx" "$tmp/children.tsv"
i=1
for t in $tables; do
	case $t in age,sex) type=pyramid ;; *,*) type=stacked ;; *) type=hbar ;; esac
	run chart-$i /dev/null lbc-chart --allow-empty --date "$asof" -n "$i" -t "$type" -o "$tmp/charts/table-$i.png" "$tmp/tables.tsv"
	i=$((i + 1))
done
run chart-change /dev/null lbc-chart --allow-empty --date "$asof" -n 1 -t grouped --title "变化 $month" -o "$tmp/charts/change.png" "$tmp/changes.tsv"
run chart-trend /dev/null lbc-chart -t line --date "$asof" --title "农村留守儿童 逐月" -o "$tmp/charts/trend.png" "$tmp/trend.tsv"

# --- manifest, then the month whole into place -----------------------------
{
	printf 'item\tvalue\tsha256\n'
	printf 'month\t%s\t\n' "$month"
	printf 'previous\t%s\t\n' "${prev:-none}"
	printf 'as_of\t%s\t\n' "$asof"
	printf 'lbc\tlbc-monthly (lbc) %s\t\n' "$version"
	printf 'configuration\t%s\t%s\n' "$conf" "$(sha256sum <"$conf" | cut -d' ' -f1)"
	printf 'regions\t%s\t%s\n' "$regions" "$(sha256sum <"$regions" | cut -d' ' -f1)"
	[ -z "$codebook" ] || printf 'codebook\t%s\t%s\n' "$codebook" "$(sha256sum <"$codebook" | cut -d' ' -f1)"
	[ -z "$mapping" ] || printf 'mapping\t%s\t%s\n' "$mapping" "$(sha256sum <"$mapping" | cut -d' ' -f1)"
	cat "$inputs"
	awk -F'\t' '$1 != "month" && $1 != "prev" { printf "count_%s\t%s\t\n", $1, $2 }' "$tmp/headline.tsv"
	# the commands as they read from the month's own folder
	awk -v t="$tmp" -v d="$dest" '{
		while ((i = index($0, t)) > 0)
			$0 = substr($0, 1, i - 1) d substr($0, i + length(t))
		printf "command\t%s\t\n", $0
	}' "$tmp/log/commands.txt"
} >"$tmp/manifest.tsv" || dief '%s: the manifest failed; nothing written' "$month"
rm -f "$inputs" "$tmp/log/counties" "$tmp/log/counts.s" "$tmp/log/hidden.tsv"
[ "$suppress" -gt 0 ] || rm -f "$tmp/log/published.tsv"
for f in "$tmp"/log/*.err; do [ -s "$f" ] || rm -f "$f"; done

logf 'moving %s into place as %s' "$tmp" "$dest"
if [ -e "$dest" ]; then
	mv "$dest" "$aside" || dief '%s: cannot move the earlier run aside; nothing changed' "$dest"
fi
mv "$tmp" "$dest" || dief '%s: cannot move the month into place' "$dest"
rm -rf "$aside"

if [ -n "$warnings" ]; then
	sayf '%s written to %s, but needs a look:%s' "$month" "$dest" "$warnings"
fi
logf '%s: %s children, written to %s' "$month" "$nchild" "$dest"
exit 0

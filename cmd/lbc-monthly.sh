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
LC_ALL=C.UTF-8
export LC_ALL
version=@VERSION@
prog=lbc-monthly
# The lbc commands beside this script come first: cron's PATH is short.
case $0 in */*) PATH=${0%/*}:$PATH ;; esac
export PATH

usage() {
	echo "usage: lbc-monthly [-v] [-c lbc.conf] [month]" >&2
	exit 2
}

help() {
	echo "usage: lbc-monthly [-v] [-c lbc.conf] [month]"
	cat <<'EOF'
The monthly job: import, dedupe, diff against the previous month in the
history, tables, workbook, summary, charts and trend, into OUT/YYYY-MM/.
  -c lbc.conf  the configuration (default /etc/lbc.conf)
  -v           log every step on stderr
  month        YYYY-MM (default: the month before the current one)
  -h, --help   this help
  --version    print the version
EOF
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
	-*) echo "$prog: unknown option: $1" >&2; usage ;;
	*) break ;;
	esac
done
[ $# -le 1 ] || usage

say() { printf '%s: %s\n' "$prog" "$*" >&2; }
log() { [ "$verbose" = 0 ] || say "$*"; }
die() { say "$*"; exit 1; }

# --- the month ------------------------------------------------------------
if [ $# -eq 1 ]; then
	month=$1
else
	now=$(date +%Y-%m) || die "date failed"
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
*) say "month: expected YYYY-MM: $month"; usage ;;
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
[ -f "$conf" ] && [ -r "$conf" ] || die "$conf: no configuration file (see lbc-monthly(1))"
case $conf in */*) confdir=${conf%/*} ;; *) confdir=. ;; esac
drops='' regions='' out='' codebook='' mapping='' area='' level=county max_rejects=10
tables="region,risk region,problems guardian age,sex"
n=0
while IFS= read -r line || [ -n "$line" ]; do
	n=$((n + 1))
	line=${line%%#*}
	case $line in *[![:space:]]*) ;; *) continue ;; esac
	case $line in *=*) ;; *) die "$conf:$n: expected key = value" ;; esac
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
		case $val in ''|*[!0-9]*) die "$conf:$n: max_rejects: a whole percentage, like 10" ;; esac
		max_rejects=$val ;;
	*) die "$conf:$n: unknown key: $key" ;;
	esac
done <"$conf"
for k in drops regions out; do
	eval "v=\$$k"
	[ -n "$v" ] || die "$conf: no $k = ... line"
done
[ -r "$regions" ] || die "$regions: cannot read the regions table"
[ -z "$codebook" ] || [ -r "$codebook" ] || die "$codebook: cannot read the codebook"
[ -z "$mapping" ] || [ -r "$mapping" ] || die "$mapping: cannot read the header mapping"

# --- the lock and the temporary folder ------------------------------------
mkdir -p "$out" || die "$out: cannot make the output folder"
exec 9>>"$out/.lock" || die "$out/.lock: cannot open the lock file"
flock -n 9 || die "$month: another lbc-monthly run holds $out/.lock; not run"

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
mkdir "$tmp" "$tmp/log" "$tmp/charts" || die "$tmp: cannot make the temporary folder"

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
		say "$month: $_name failed (exit $_rc); nothing written:"
		head -n 10 "$tmp/log/$_name.err" | sed 's/^/  /' >&2
		exit 1
	fi
}
nlines() { _n=$(wc -l <"$1") || exit 1; echo $((_n)); }
warnings=
warn() { warnings="$warnings
  $*"; }

dropdir=$drops/$month
[ -d "$dropdir" ] || die "$month: the drop folder $dropdir is missing; nothing written"
set --
for f in "$dropdir"/*; do
	[ -f "$f" ] && set -- "$@" "$f"
done
[ $# -gt 0 ] || die "$month: the drop folder $dropdir has no files; nothing written"
inputs=$tmp/log/inputs
: >"$inputs"
for f; do
	h=$(sha256sum <"$f") || die "$f: cannot read"
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
[ "$nrec" -gt 0 ] || die "$month: no record in $dropdir (every row rejected or empty files); nothing written"
if [ $((nrej * 100)) -gt $((max_rejects * (nrec + nrej))) ]; then
	warn "rejects: $nrej of $((nrec + nrej)) rows, more than $max_rejects%: see $dest/rejects.tsv"
fi

set --
[ -z "$codebook" ] || set -- -c "$codebook"
run dedupe "$tmp/children.tsv" lbc-dedupe -q "$@" -C "$tmp/clusters.tsv" "$tmp/records.tsv"
nchild=$(($(nlines "$tmp/children.tsv") - 1))
[ "$nchild" -gt 0 ] || die "$month: zero children; nothing written"

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
run tally "$tmp/tables.tsv" lbc-tally -r "$regions" -l "$level" --as-of "$asof" "$@" "$tmp/children.tsv"
set --
[ -z "$codebook" ] || set -- -c "$codebook"
run tally-change "$tmp/changes.tsv" lbc-tally "$@" -r "$regions" -l county --as-of "$asof" \
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
log "counting the headline figures"
awk -v reg="$regions" -v head="$tmp/headline.tsv" "$count_awk" "$regions" "$tmp/children.tsv" >"$tmp/counts.tsv" ||
    die "$month: counting the headline figures failed; nothing written"
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
}' "$tmp/diff.tsv" >>"$tmp/headline.tsv" || die "$month: counting the changes failed; nothing written"
printf 'month\t%s\nprev\t%s\nrecords\t%s\nrejected\t%s\n' "$month" "$prev" "$nrec" "$nrej" >>"$tmp/headline.tsv"

# Counties that reported last month and not this month.
if [ -n "$prev" ] && [ -f "$out/$prev/counts.tsv" ]; then
	gone=$(awk -F'\t' 'NR == FNR { if (FNR > 1) now[$1] = $3; next }
	    FNR > 1 && $3 > 0 && !(now[$1] > 0) { printf "%s%s (%s)", s, $2, $1; s = ", " }' \
	    "$tmp/counts.tsv" "$out/$prev/counts.tsv") || die "$month: comparing counties failed"
	[ -z "$gone" ] || warn "reported in $prev and not in $month: $gone"
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
    die "$month: the change table failed; nothing written"

# summary.txt: the headline figures in sentences.
awk -v month_cn="$month_cn" -v area="$area" 'BEGIN { FS = "\t" }
NR == FNR { h[$1] = $2; next }
FNR > 1 && $3 > 0 { list = list sep $2 $3 "人"; sep = "、"; nc++ }
END {
	n = h["children"]
	print month_cn "农村留守儿童动态管理情况"
	printf "%s共摸底排查出农村留守儿童%d人", area, n
	if (nc > 1) printf "，其中%s", list
	print "。"
	printf "高风险儿童%d人，占%.1f%%；无人监护儿童%d人，占%.1f%%。\n", h["high"], n ? 100 * h["high"] / n : 0, h["none"], n ? 100 * h["none"] / n : 0
	printf "存在学业失教问题的%d人，生活失助%d人，亲情失落%d人，心理失衡%d人，安全失保%d人（一名儿童可同时存在多个问题）。\n", h["study"], h["living"], h["affection"], h["psych"], h["safety"]
	if (h["prev"] == "")
		print "本期为首次统计，历史中无上期数据，儿童均计为新增。"
	else {
		split(h["prev"], pm, "-")
		d = h["high"] - h["high_prev"]
		printf "与上期（%d年%d月）相比，新增%d人，退出%d人（其中年满16周岁%d人），持续在册%d人；", pm[1], pm[2], h["new"], h["left"], h["aged_out"], h["stayed"]
		if (d > 0) printf "高风险儿童较上期增加%d人（上期%d人）。\n", d, h["high_prev"]
		else if (d < 0) printf "高风险儿童较上期减少%d人（上期%d人）。\n", -d, h["high_prev"]
		else printf "高风险儿童人数与上期持平（%d人）。\n", h["high_prev"]
	}
	printf "各单位报送记录%d条，因数据不合格剔除%d条（见rejects.tsv），同一儿童的重复报送已合并。\n", h["records"], h["rejected"]
}' "$tmp/headline.tsv" "$tmp/counts.tsv" >"$tmp/summary.txt" ||
    die "$month: the summary failed; nothing written"

# --- the trend over the history --------------------------------------------
{
	printf '月份\t留守儿童\t高风险\t无人监护\t新增\t退出\n'
	for p in "$out"/[12][0-9][0-9][0-9]-[01][0-9] "$tmp"; do
		[ "$p" = "$dest" ] && continue
		[ -f "$p/headline.tsv" ] || continue
		awk -F'\t' '{ h[$1] = $2 } END { printf "%s\t%d\t%d\t%d\t%d\t%d\n", h["month"], h["children"], h["high"], h["none"], h["new"], h["left"] }' "$p/headline.tsv" ||
		    exit 1
	done | sort
} >"$tmp/trend.tsv" || die "$month: the trend table failed; nothing written"

# --- workbook and charts ---------------------------------------------------
set --
for t in $tables; do set -- "$@" -b "$t"; done
[ -z "$codebook" ] || set -- -c "$codebook" "$@"
run workbook /dev/null lbc-tally -r "$regions" -l "$level" --as-of "$asof" "$@" \
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
} >"$tmp/manifest.tsv" || die "$month: the manifest failed; nothing written"
rm -f "$inputs" "$tmp/log/counties"
for f in "$tmp"/log/*.err; do [ -s "$f" ] || rm -f "$f"; done

log "moving $tmp into place as $dest"
if [ -e "$dest" ]; then
	mv "$dest" "$aside" || die "$dest: cannot move the earlier run aside; nothing changed"
fi
mv "$tmp" "$dest" || die "$dest: cannot move the month into place"
rm -rf "$aside"

if [ -n "$warnings" ]; then
	say "$month written to $dest, but needs a look:$warnings"
fi
log "$month: $nchild children, written to $dest"
exit 0

#!/bin/sh
# make demo: the monthly job on the shipped synthetic samples.
# Writes build/demo/: records, rejects, clusters, tables, workbook, the
# follow-up list workbook, charts.
set -eu
# Records name children: what the demo writes through the shell (records,
# children, selections) is private too, like -R and -C files.
umask 077
: "${LBC_BIN:?}"
PATH=$LBC_BIN:$PATH
cd "$(dirname "$0")/.."
out=${LBC_DEMO_OUT:-build/demo}
regions=samples/regions.tsv
asof=2026-06-30
mkdir -p "$out"

echo "== lbc-import: five office files (GB18030, UTF-8 with BOM, UTF-16 TAB, .xlsx, .xls)"
lbc-import -v -r "$regions" -R "$out/rejects.tsv" --as-of "$asof" \
    samples/drops/*.csv samples/drops/*.txt samples/drops/*.xlsx \
    samples/drops/*.xls > "$out/records.tsv"

echo "== lbc-dedupe: one record per child"
lbc-dedupe -C "$out/clusters.tsv" "$out/records.tsv" > "$out/children.tsv"

echo "== lbc-tally: tables for the joint meeting"
set -- -b region -b region,risk -b region,problems -b problems -b guardian \
    -b age,sex -b month
lbc-tally -r "$regions" --as-of "$asof" "$@" "$out/children.tsv" \
    > "$out/tables.tsv"
lbc-tally -r "$regions" --as-of "$asof" "$@" -o "$out/month.xlsx" \
    "$out/children.tsv"
cat "$out/tables.tsv"

echo "== lbc-select | lbc-list: who each township must visit"
lbc-select -r "$regions" -w '风险等级=高风险 || 监护类型=无人监护' \
    "$out/children.tsv" |
    lbc-list -r "$regions" --as-of "$asof" --by township \
    -o "$out/visits.xlsx"

echo "== lbc-chart: charts through gnuplot"
chart() {	# table number, type, output
	lbc-chart -n "$1" -t "$2" --date "$asof" -o "$out/$3" "$out/tables.tsv"
}
chart 1 hbar region.png
chart 2 stacked region_risk.png
chart 2 grouped region_risk.svg
chart 3 heatmap region_problems.png
chart 4 bar problems.png
chart 5 pie guardian.png
chart 6 pyramid age_sex.pdf
chart 7 line month.png

echo
echo "Wrote, in $out/:"
ls -1 "$out" | sed 's/^/  /'

echo
echo "== lbc-monthly: two survey rounds into a history, and what changed"
# The layout lbc-monthly(1) reads: drops/YYYY-MM/ beside a configuration.
top=$(pwd)
m=$out/monthly
rm -rf "$m"
mkdir -p "$m/drops"
# the first round: the text drops (the workbook samples have no second)
mkdir -p "$m/drops/2026-05"
for f in qingshui-villages.csv school-donghu.csv shiqiao-township.txt; do
	ln -sf "$top/samples/drops/$f" "$m/drops/2026-05/$f"
done
ln -s "$top/samples/drops-2027-01" "$m/drops/2027-01"
cat >"$m/lbc.conf" <<END
# the samples' offices; the first round rejects a quarter of its rows on purpose
drops = drops
regions = $top/$regions
out = history
area = 青山市
max_rejects = 30
END
lbc-monthly -c "$m/lbc.conf" 2026-05
lbc-monthly -c "$m/lbc.conf" 2027-01
cat "$m/history/2027-01/summary.txt"
echo
sed -n '1,5p' "$m/history/2027-01/changes.tsv"
echo
echo "Wrote, in $m/history/2027-01/:"
ls -1 "$m/history/2027-01" | sed 's/^/  /'

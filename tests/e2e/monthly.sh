# lbc-monthly: two months of the samples into a history, the summary and
# change sheets, reruns, the lock, kills, missing drops, cron's
# environment and silence on success.
. "$(dirname "$0")/../lib.sh"
D=$DATA/monthly
PY=/usr/bin/python3
M=$LBC_BIN/lbc-monthly

# The layout lbc-monthly(1) describes: drops/YYYY-MM/, a configuration.
mkdir -p "$T/drops"
# The first round: the three text drops (the workbook samples have no
# second round).
mkdir -p "$T/drops/2026-05"
for f in qingshui-villages.csv school-donghu.csv shiqiao-township.txt; do
	ln -s "$SAMPLES/drops/$f" "$T/drops/2026-05/$f"
done
ln -s "$SAMPLES/drops-2027-01" "$T/drops/2027-01"
cat >"$T/lbc.conf" <<END
# the samples' two survey rounds
drops = drops
regions = $SAMPLES/regions.tsv
out = hist
area = 青山市
max_rejects = 30
END

# The first month: all new, silent, the whole month in place.
expect first-month-silent 0 /dev/null /dev/null -- "$M" -c lbc.conf 2026-05
check first-month-files 'for f in records.tsv rejects.tsv clusters.tsv children.tsv diff.tsv pairs.tsv tables.tsv changes.tsv change.tsv counts.tsv headline.tsv summary.txt trend.tsv month.xlsx manifest.tsv charts/trend.png charts/change.png charts/table-1.png; do test -s hist/2026-05/$f || exit 1; done'
check first-month-all-new 'test "$(tail -n +2 hist/2026-05/diff.tsv | awk -F"\t" "{ print \$NF == \"\" ? \$(NF-2) : \"x\" }" | sort -u)" = new'
check first-month-summary 'cmp hist/2026-05/summary.txt "$D/summary-2026-05.txt"'
check modes-0600-0700 'test "$(find hist -type f ! -perm 600 | wc -l)" = 0 && test "$(find hist -type d ! -perm 700 | wc -l)" = 0'
check no-temporary-folder 'test "$(ls -A hist)" = ".lock
2026-05"'

# The second month: what changed, in sentences and by county.
expect second-month-silent 0 /dev/null /dev/null -- "$M" -c lbc.conf 2027-01
check second-month-summary 'cmp hist/2027-01/summary.txt "$D/summary-2027-01.txt"'
check second-month-change 'cmp hist/2027-01/change.tsv "$D/change-2027-01.tsv"'
check second-month-diff-against-first 'grep -q "^command	lbc-diff .* \./hist/2026-05/children.tsv \./hist/2027-01/children.tsv	$" hist/2027-01/manifest.tsv'
cat >"$T/changes.want" <<'END'
region×change	新增	退出	持续	合计
东湖区	1	1	1	3
清水县	3	2	10	15
石桥县	1	1	3	5
合计	5	4	14	23
END
check second-month-change-table 'sed -n 1,5p hist/2027-01/changes.tsv | cmp - changes.want'
check aged-out-named 'awk -F"\t" "\$5 == \"马超\"" hist/2027-01/diff.tsv | grep -q "	left	low	aged_out$"'
printf '月份\t留守儿童\t高风险\t无人监护\t新增\t退出\n2026-05\t18\t6\t3\t18\t0\n2027-01\t19\t5\t3\t5\t4\n' >"$T/trend.want"
check trend-both-months 'cmp hist/2027-01/trend.tsv trend.want'
check manifest-sha256 'for f in "$SAMPLES"/drops-2027-01/*; do h=$(sha256sum <"$f" | cut -d" " -f1); grep -q "	$h$" hist/2027-01/manifest.tsv || exit 1; done'
check manifest-counts 'grep -qx "count_children	19	" hist/2027-01/manifest.tsv && grep -q "^lbc	lbc-monthly (lbc) " hist/2027-01/manifest.tsv'
cat >"$T/book.py" <<'END'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print(" ".join(wb.sheetnames[:2]))
print(wb["摘要"]["A2"].value)
print(wb["变化"]["A3"].value, wb["变化"]["B3"].value, wb["变化"]["C3"].value, wb["变化"]["E3"].value)
END
cat >"$T/book.want" <<'END'
摘要 变化
青山市共摸底排查出农村留守儿童19人，其中东湖区2人、清水县13人、石桥县4人。
清水县 13 12 0.083
END
check workbook-summary-sheets '$PY book.py hist/2027-01/month.xlsx >book.got && cmp book.got book.want'

# A rerun replaces its month and leaves the others alone.
(cd "$T" && find hist/2026-05 -type f -exec sha256sum {} + | sort >may.sum &&
	touch -d 2026-06-01 hist/2027-01/summary.txt)
expect rerun-silent 0 /dev/null /dev/null -- "$M" -c lbc.conf 2027-01
check rerun-replaced 'test "$(stat -c %Y hist/2027-01/summary.txt)" != "$(date -d 2026-06-01 +%s)"'
check rerun-same-summary 'cmp hist/2027-01/summary.txt "$D/summary-2027-01.txt"'
check rerun-earlier-untouched 'find hist/2026-05 -type f -exec sha256sum {} + | sort | cmp - may.sum'
check rerun-no-leftovers 'test "$(ls -A hist | tr "\n" " ")" = ".lock 2026-05 2027-01 "'

# The cron environment: no PATH to lbc, C locale, nothing set.
expect cron-env-silent 0 /dev/null /dev/null -- env -i PATH=/usr/bin:/bin LC_ALL=C "$M" -c "$T/lbc.conf" 2027-01
expect cron-env-no-locale 0 /dev/null /dev/null -- env -i PATH=/usr/bin:/bin "$M" -c "$T/lbc.conf" 2027-01

# A missing or empty drop folder: one message, exit 1, nothing written.
printf 'lbc-monthly: 2027-02: the drop folder ./drops/2027-02 is missing; nothing written\n' >"$T/missing.err"
expect missing-drops 1 /dev/null "$T/missing.err" -- "$M" -c lbc.conf 2027-02
check missing-drops-nothing '! test -e hist/2027-02 && test "$(ls -A hist | grep -c tmp)" = 0'
mkdir "$T/drops/2027-03"
expect empty-drops 1 /dev/null - -- "$M" -c lbc.conf 2027-03
check empty-drops-message 'grep -qx "lbc-monthly: 2027-03: the drop folder ./drops/2027-03 has no files; nothing written" err && ! test -e hist/2027-03'
# A file that cannot be read as a drop; a drop without any record.
mkdir "$T/drops/2027-04" && cp "$SAMPLES"/drops-2027-01/* "$T/drops/2027-04/" && : >"$T/drops/2027-04/broken.csv"
expect unreadable-file 1 /dev/null - -- "$M" -c lbc.conf 2027-04
check unreadable-file-message 'head -n 1 err | grep -qx "lbc-monthly: 2027-04: import failed (exit 1); nothing written:" && grep -q "broken.csv: no header row" err && ! test -e hist/2027-04'
mkdir "$T/drops/2027-05" && printf '姓名,身份证号,统计用区划代码\n' >"$T/drops/2027-05/a.csv"
expect zero-children 1 /dev/null - -- "$M" -c lbc.conf 2027-05
check zero-children-message 'grep -q "^lbc-monthly: 2027-05: no record in ./drops/2027-05" err && ! test -e hist/2027-05'

# Needs a look but written: too many rejects, a county gone quiet.
mkdir "$T/drops/2027-06" && cp "$SAMPLES/drops-2027-01/qingshui-villages.csv" "$T/drops/2027-06/"
sed 's/^max_rejects = 30$/max_rejects = 0/' "$T/lbc.conf" >"$T/strict.conf"
expect needs-a-look 0 /dev/null - -- "$M" -c strict.conf 2027-06
check needs-a-look-report 'head -n 1 err | grep -qx "lbc-monthly: 2027-06 written to ./hist/2027-06, but needs a look:" &&
	grep -qx "  rejects: 1 of 12 rows, more than 0%: see ./hist/2027-06/rejects.tsv" err &&
	grep -qx "  reported in 2027-01 and not in 2027-06: 东湖区 (390102), 石桥县 (390122)" err &&
	test "$(wc -l <err)" = 3 && test -s hist/2027-06/summary.txt'
check trend-three-months 'test "$(cut -f 1 hist/2027-06/trend.tsv | tr "\n" " ")" = "月份 2026-05 2027-01 2027-06 "'

# The lock: a second run while one holds it is refused.
printf 'lbc-monthly: 2027-01: another lbc-monthly run holds ./hist/.lock; not run\n' >"$T/lock.err"
expect overlapping-run 1 /dev/null "$T/lock.err" -- flock hist/.lock "$M" -c lbc.conf 2027-01
check overlapping-run-month-kept 'cmp hist/2027-01/summary.txt "$D/summary-2027-01.txt"'

# Killed during the run (in the charts, near the end): no half month.
cat >"$T/killer" <<'END'
#!/bin/sh
# stands in for gnuplot: kills the lbc-monthly run above lbc-chart
read -r _ _ _ pp _ </proc/$PPID/stat
kill -"$SIG" "$pp"
cat >/dev/null
exit 1
END
chmod +x "$T/killer"
expect killed-term 1 /dev/null - -- env GNUPLOT="$T/killer" SIG=TERM "$M" -c lbc.conf 2026-05
check killed-term-month-kept 'find hist/2026-05 -type f -exec sha256sum {} + | sort | cmp - may.sum'
check killed-term-no-leftovers 'test "$(ls -A hist | grep -c "tmp\|old")" = 0'
rm -rf "$T/hist/2027-06"
expect killed-first-run 1 /dev/null - -- env GNUPLOT="$T/killer" SIG=TERM "$M" -c lbc.conf 2027-06
check killed-first-run-nothing '! test -e hist/2027-06 && test "$(ls -A hist | grep -c "tmp\|old")" = 0'
expect killed-hard 137 /dev/null - -- sh -c 'env GNUPLOT="$1" SIG=KILL "$2" -c lbc.conf 2027-06 2>/dev/null' sh "$T/killer" "$M"
check killed-hard-no-month '! test -e hist/2027-06 && test "$(ls -A hist | grep -c "^\.2027-06\.tmp\.")" = 1'
# The killed run's children (lbc-chart and its stand-in gnuplot) may
# still hold the lock for a moment: wait for it, as the next month's run
# would be, before the run that cleans up.
flock -w 60 "$T/hist/.lock" true
expect after-kill-silent 0 /dev/null /dev/null -- "$M" -c lbc.conf 2027-01
check after-kill-cleaned 'test "$(ls -A hist | grep -c "tmp\|old")" = 0'

# Usage and configuration errors.
expect bad-month 2 /dev/null - -- "$M" -c lbc.conf 2027-13
check bad-month-message 'head -n 1 err | grep -qx "lbc-monthly: month: expected YYYY-MM: 2027-13"'
expect bad-option 2 /dev/null - -- "$M" -x
check bad-option-usage 'tail -n 1 err | grep -qx "usage: lbc-monthly \[-v\] \[-c lbc.conf\] \[month\]"'
expect no-config 1 /dev/null - -- "$M" -c nosuch.conf 2027-01
printf 'drops = drops\nregion = x\n' >"$T/typo.conf"
expect config-typo 1 /dev/null - -- "$M" -c typo.conf 2027-01
check config-typo-message 'grep -qx "lbc-monthly: typo.conf:2: unknown key: region" err'
printf 'drops = drops\nout = hist\n' >"$T/short.conf"
expect config-no-regions 1 /dev/null - -- "$M" -c short.conf 2027-01
check config-no-regions-message 'grep -qx "lbc-monthly: short.conf: no regions = ... line" err'
expect verbose 0 /dev/null - -- "$M" -v -c lbc.conf 2027-01
check verbose-every-step 'grep -q "^lbc-monthly: lbc-import " err && grep -q "^lbc-monthly: lbc-diff " err && tail -n 1 err | grep -qx "lbc-monthly: 2027-01: 19 children, written to ./hist/2027-01"'
expect help 0 - /dev/null -- "$M" --help
expect version 0 - /dev/null -- "$M" --version
check version-line 'grep -qx "lbc-monthly (lbc) [0-9.]*" out'

# gnuplot under cron's C locale, with nothing else set: not a word.
expect chart-cron-locale 0 /dev/null /dev/null -- env -i PATH=/usr/bin:/bin LC_ALL=C "$LBC_BIN/lbc-chart" -t line -o trend.png hist/2027-01/trend.tsv
expect chart-no-locale 0 /dev/null /dev/null -- env -i PATH=/usr/bin:/bin "$LBC_BIN/lbc-chart" -t stacked -o changes.png hist/2027-01/changes.tsv
check chart-cron-locale-png 'test -s trend.png && test -s changes.png'

# suppress = 3: every published table with the counts of 1 and 2 hidden;
# the record files as without it.
mkdir -p "$T/sup"
sed 's/^out = hist$/out = sup/' "$T/lbc.conf" >"$T/sup.conf"
echo "suppress = 3" >>"$T/sup.conf"
expect suppress-first-month 0 /dev/null /dev/null -- "$M" -c sup.conf 2026-05
expect suppress-second-month 0 /dev/null /dev/null -- "$M" -c sup.conf 2027-01
cat >"$T/sup-summary.want" <<'END'
2027年1月农村留守儿童动态管理情况
青山市共摸底排查出农村留守儿童19人，其中东湖区*人、清水县13人、石桥县*人。
高风险儿童5人，占26.3%；无人监护儿童*人，占*%。
存在学业失教问题的4人，生活失助7人，亲情失落*人，心理失衡*人，安全失保5人（一名儿童可同时存在多个问题）。
与上期（2026年5月）相比，新增5人，退出4人（其中年满16周岁*人），持续在册14人；高风险儿童较上期减少1人（上期6人）。
各单位报送记录20条，因数据不合格剔除1条（见rejects.tsv），同一儿童的重复报送已合并。
注：标*的人数少于3人，或可据其他数字推算出少于3人的数，依小数隐去规则不予公布。
END
check suppress-summary 'cmp sup/2027-01/summary.txt sup-summary.want'
# no shown count of 1 or 2 in the tables, the change sheet or the trend
check suppress-tables-no-small 'for f in tables changes trend; do
    awk -F"\t" "FNR > 1 && \$1 !~ /^#/ { for (i = 2; i <= NF; i++) if (\$i == 1 || \$i == 2) exit 1 }" sup/2027-01/$f.tsv || exit 1; done &&
    awk -F"\t" "NR > 1 { for (i = 2; i <= NF; i += 4) if (\$i == 1 || \$i == 2 || \$(i + 1) == 1 || \$(i + 1) == 2) exit 1 }" sup/2027-01/change.tsv'
check suppress-tables-star 'grep -q "	\*" sup/2027-01/tables.tsv && grep -q "	\*" sup/2027-01/changes.tsv'
# 变化: 东湖区 2 children, 石桥县 hidden beside it; their changes too
check suppress-change-sheet 'awk -F"\t" "\$1 == \"东湖区\" || \$1 == \"石桥县\" { print \$2, \$4, \$5 }" sup/2027-01/change.tsv | sort -u | grep -qx "\* \* \*" &&
    awk -F"\t" "\$1 == \"清水县\" { print \$2 }" sup/2027-01/change.tsv | grep -qx 13'
printf '月份\t留守儿童\t高风险\t无人监护\t新增\t退出\n2026-05\t18\t6\t3\t18\t0\n2027-01\t19\t5\t*\t5\t4\n' >"$T/sup-trend.want"
check suppress-trend 'cmp sup/2027-01/trend.tsv sup-trend.want'
check suppress-records-unchanged 'for f in records rejects children diff; do cmp sup/2027-01/$f.tsv hist/2027-01/$f.tsv || exit 1; done'
cat >"$T/sup-book.py" <<'END'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
vals = [c.value for ws in wb.worksheets if ws.title not in ("说明",)
        for row in ws.iter_rows(min_row=3) for c in row[1:]]
print("star" if "*" in vals else "no star")
print(wb["摘要"]["A2"].value)
END
printf 'star\n青山市共摸底排查出农村留守儿童19人，其中东湖区*人、清水县13人、石桥县*人。\n' >"$T/sup-book.want"
check suppress-workbook '$PY sup-book.py sup/2027-01/month.xlsx | sed -n 1,2p | cmp - sup-book.want'
# what the tables hide is hidden in the summary, the change sheet and the
# trend too: 无人监护 (3), hidden in the guardian table as a partner
check suppress-summary-follows-tables 'grep -q "^无人监护	\*$" sup/2027-01/tables.tsv &&
    awk -F"\t" "\$1 == \"合计\" { print \$10 }" sup/2027-01/change.tsv | grep -qx "\*" &&
    tail -n 1 sup/2027-01/trend.tsv | cut -f 4 | grep -qx "\*"'
if $PY -c "import scipy.optimize" 2>/dev/null; then
	$PY "$TOP/tests/suppress_audit.py" 3 "$T/sup/2027-01/tables.tsv" suppress-monthly-audit
fi
for bad in 1 0 x 03 ""; do
	sed 's/^suppress = 3$/suppress = '"$bad"'/' "$T/sup.conf" >"$T/bad.conf"
	expect "suppress-config-$bad" 1 /dev/null - -- "$M" -c bad.conf 2027-01
done
check suppress-config-message 'grep -q "bad.conf:7: suppress: a whole number of children, 2 or more" err'

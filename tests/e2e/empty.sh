# Empty input is not a zero report: lbc-tally and lbc-chart refuse a
# stream without records unless --allow-empty; lbc-import says when no
# file gave a record.
. "$(dirname "$0")/../lib.sh"

printf 'src\tline\tid\tname\tregion\trisk\n' >"$T/header.tsv"
printf 'lbc-tally: header.tsv: no records: nothing to count (--allow-empty for tables of zeros)\n' >"$T/tally.err"
expect tally-header-only 1 /dev/null "$T/tally.err" -- lbc-tally -b risk header.tsv
expect tally-header-only-xlsx 1 /dev/null "$T/tally.err" -- lbc-tally -b risk -o book.xlsx header.tsv
check tally-header-only-no-book '! test -e book.xlsx && test "$(ls | grep -c tmp)" = 0'
IN=$T/header.tsv
printf 'lbc-tally: stdin: no records: nothing to count (--allow-empty for tables of zeros)\n' >"$T/stdin.err"
expect tally-header-only-stdin 1 /dev/null "$T/stdin.err" -- lbc-tally -b risk
IN=/dev/null
printf 'risk\t人数\n高风险\t0\n中风险\t0\n低风险\t0\n合计\t0\n' >"$T/zeros.out"
expect tally-allow-empty 0 "$T/zeros.out" /dev/null -- lbc-tally --allow-empty -b risk header.tsv
expect tally-allow-empty-xlsx 0 /dev/null /dev/null -- lbc-tally --allow-empty -b risk -o book.xlsx header.tsv
check tally-allow-empty-book 'test -s book.xlsx'

# A pipeline whose drop folder is missing: import fails, tally refuses.
expect pipeline-missing-drops 1 /dev/null - -- sh -c 'lbc-import -q nosuch/*.csv | lbc-tally -b risk'
check pipeline-missing-drops-import 'grep -q "^lbc-import: nosuch/\*.csv: " err && grep -qx "lbc-import: no file gave a record" err'
check pipeline-missing-drops-tally 'grep -q "^lbc-tally: stdin: no records" err'

# lbc-import: a file with a header only, and every row rejected.
printf '姓名,身份证号,性别,统计用区划代码\n' >"$T/empty.csv"
expect import-no-record 0 - - -- lbc-import -q empty.csv
check import-no-record-message 'grep -qx "lbc-import: no file gave a record" err && test "$(wc -l <err)" = 1'
check import-no-record-header 'test "$(wc -l <out)" = 1'
printf '姓名,身份证号\n张三,\n' >"$T/rejected.csv"
expect import-all-rejected 0 - - -- lbc-import -R rej.tsv rejected.csv
check import-all-rejected-message 'grep -qx "lbc-import: no file gave a record" err'
expect import-some-record 0 - /dev/null -- lbc-import -q -r "$SAMPLES/regions.tsv" "$SAMPLES/drops/school-donghu.csv"

# lbc-chart: a table of zeros, or without rows.
lbc-tally --allow-empty -b risk "$T/header.tsv" >"$T/zeros.tsv" 2>/dev/null
printf 'lbc-chart: zeros.tsv: table 1 counts no children: nothing to draw (--allow-empty to draw it)\n' >"$T/chart.err"
expect chart-zeros 1 /dev/null "$T/chart.err" -- lbc-chart -o z.png zeros.tsv
check chart-zeros-no-file '! test -e z.png && test "$(ls | grep -c tmp)" = 0'
expect chart-zeros-script 1 /dev/null "$T/chart.err" -- lbc-chart --script zeros.tsv
printf 'risk\t人数\n合计\t0\n' >"$T/norows.tsv"
expect chart-no-rows 1 /dev/null - -- lbc-chart --script norows.tsv
check chart-no-rows-message 'grep -q "counts no children" err'
expect chart-allow-empty 0 - /dev/null -- lbc-chart --allow-empty --script zeros.tsv
check chart-allow-empty-script 'grep -q "^set terminal" out'

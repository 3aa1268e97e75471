# lbc-tally --sheet: text and table sheets before the tables of a workbook.
. "$(dirname "$0")/../lib.sh"
PY=/usr/bin/python3

printf 'region\trisk\n390121\thigh\n390122\tlow\n' >"$T/in.tsv"
printf '2026年5月情况\n全市共摸底排查出农村留守儿童2人。\n' >"$T/sum.txt"
printf '县\t本月\t上月\t变化\t变化%%\n清水县\t15\t12\t3\t25.0%%\n石桥县\t0\t2\t-2\t-100.0%%\n合计\t15\t14\t1\t\n' >"$T/chg.tsv"
expect sheets 0 /dev/null /dev/null -- lbc-tally -b risk --sheet 摘要=sum.txt --sheet 变化=chg.tsv -o b.xlsx in.tsv
cat >"$T/read.py" <<'END'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print(" ".join(wb.sheetnames))
for n in wb.sheetnames[:2]:
    for row in wb[n].iter_rows(values_only=True):
        print("|".join("" if v is None else repr(v) for v in row))
print(wb["变化"]["E2"].number_format, wb["摘要"]["A1"].font.b, wb["变化"]["A1"].font.b)
END
cat >"$T/read.want" <<'END'
摘要 变化 1 风险等级 说明
'2026年5月情况'
'全市共摸底排查出农村留守儿童2人。'
'县'|'本月'|'上月'|'变化'|'变化%'
'清水县'|15|12|3|0.25
'石桥县'|0|2|-2|-1
'合计'|15|14|1|
0.0% True True
END
check sheets-read-back '$PY read.py b.xlsx >read.got && cmp read.got read.want'

# Usage: no workbook, a bad argument, a bad name; a missing or bad file.
expect sheet-without-o 2 /dev/null - -- lbc-tally -b risk --sheet 摘要=sum.txt in.tsv
check sheet-without-o-message 'grep -qx "lbc-tally: --sheet goes into a workbook: give -o file.xlsx" err'
expect sheet-no-file 2 /dev/null - -- lbc-tally --sheet 摘要 -o c.xlsx in.tsv
expect sheet-bad-name 2 /dev/null - -- lbc-tally --sheet "a/b=sum.txt" -o c.xlsx in.tsv
expect sheet-long-name 2 /dev/null - -- lbc-tally --sheet "12345678901234567890123456789012=sum.txt" -o c.xlsx in.tsv
printf 'lbc-tally: nosuch.txt: No such file or directory\n' >"$T/nosuch.err"
expect sheet-missing 1 /dev/null "$T/nosuch.err" -- lbc-tally --sheet 摘要=nosuch.txt -o c.xlsx in.tsv
printf '\377\376bad\n' >"$T/bad.txt"
expect sheet-not-utf8 1 /dev/null - -- lbc-tally --sheet 摘要=bad.txt -o c.xlsx in.tsv
check sheet-errors-no-book '! test -e c.xlsx'

# The workbook as it is printed: a table wider than Excel's 16,384 columns
# written transposed (never cut), one that fits neither way refused, a
# township-level book with its long tables' charts beside them, drawing the
# largest categories and 其他; and, where LibreOffice is installed, the
# books rendered to PDF with every page counted.
. "$(dirname "$0")/../lib.sh"
PY=/usr/bin/python3
AS="--as-of 2026-06-30"
lbc-gen -n 12000 -d 0 -f stream > "$T/s.tsv"
lbc-gen -f regions > "$T/r.tsv"

# risk x id: 12,000 ID columns, 24,001 sheet columns: transposed.
expect wide-transposed 0 /dev/null /dev/null -- \
    lbc-tally $AS -b risk,id -o wide.xlsx s.tsv
$PY - "$T/wide.xlsx" "$T/s.tsv" <<'PYEOF' || fail wide-transposed-check "see above"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
ids = [l.split("\t")[2] for l in open(sys.argv[2], encoding="utf-8")][1:]
n = len([i for i in ids if i])
rows = [ws.cell(r, 1).value for r in range(4, ws.max_row + 1)]
def say(ok, what):
    print(("PASS " if ok else "FAIL ") + what)
say("行列互换" in ws["A2"].value, "wide-transposed-note")
say(ws["B3"].value == "高风险" and ws.max_column < 16384, "wide-risk-across")
say("合计" in rows and rows.index("合计") >= n, "wide-every-id-kept")
tot = rows.index("合计") + 4
say(ws.cell(tot, 2 + 2 * 3).value == len(ids), "wide-total-kept")
PYEOF
# id x name: both ways wider than a sheet: refused, no file.
echo "lbc-tally: both.xlsx: too many categories for a workbook sheet (16,384 columns, 1,048,576 rows)" > "$T/both.err"
expect too-wide-refused 1 /dev/null "$T/both.err" -- \
    lbc-tally $AS -b id,line -o both.xlsx s.tsv
check too-wide-no-file 'test ! -e both.xlsx && test -z "$(ls | grep tmp)"'

# Township level: a long table's chart sits beside its first rows and
# draws the 30 largest townships, and 其他 unless that would be over twice
# the largest (then the title gives the rest's count).
expect township-book 0 /dev/null /dev/null -- \
    lbc-tally -r r.tsv -l township $AS -o town.xlsx s.tsv
$PY - "$T/town.xlsx" <<'PYEOF' || fail township-book-check "see above"
import re, sys, zipfile, openpyxl
from openpyxl.utils import column_index_from_string
def say(ok, what):
    print(("PASS " if ok else "FAIL ") + what)
z = zipfile.ZipFile(sys.argv[1])
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
nrows = [ws.cell(r, 1).value for r in range(4, ws.max_row + 1)].index("合计")
say(nrows > 30, "township-more-than-30-rows")
d = z.read("xl/drawings/drawing1.xml").decode()
row = int(re.search(r"<xdr:from><xdr:col>(\d+)</xdr:col>.*?<xdr:row>(\d+)"
                    r"</xdr:row>", d).group(2))
col = int(re.search(r"<xdr:from><xdr:col>(\d+)</xdr:col>", d).group(1))
say(row == 3 and col > 8, "township-chart-beside-first-rows")
x = z.read("xl/charts/chart1.xml").decode()
cats = re.search(r"<c:cat>.*?<c:ptCount val=\"(\d+)\"/>", x).group(1)
# 其他 is a bar of its own unless it is over twice the largest drawn
head = [ws.cell(3, c).value for c in range(1, ws.max_column + 1)]
tc = head.index("合计") + 1
tot = sorted((ws.cell(r, tc).value for r in range(4, 4 + nrows)), reverse=True)
rest = sum(tot[30:])
if rest <= 2 * tot[0]:
    say(cats == "31", "township-chart-30-and-other")
    say("合为“其他”" in x and "人数最多的 30 个" in x,
        "township-chart-title-says-so")
else:
    say(cats == "30", "township-chart-30-other-left-out")
    say("人数最多的 30 个" in x and "其余 %d 个共 %d 人未画出" % (nrows - 30, rest)
        in x, "township-chart-title-says-so")
area = ws.print_area
if isinstance(area, (list, tuple)):
    area = ",".join(area)
say(area is not None, "township-print-area")
last = re.findall(r"\$([A-Z]+)\$(\d+)", area)[-1]
say(column_index_from_string(last[0]) > col and int(last[1]) >= nrows + 3,
    "township-chart-inside-print-area")
PYEOF

# Half the children in one township: the 78 least townships together are
# under twice it, and 其他 is drawn as a bar of its own.
awk -F'\t' -v OFS='\t' 'NR == 2 { r = $8 } NR > 1 && NR % 2 == 0 { $8 = r } { print }' \
    "$T/s.tsv" > "$T/skew.tsv"
expect township-skewed-book 0 /dev/null /dev/null -- \
    lbc-tally -r r.tsv -l township $AS -b region,risk -o skew.xlsx skew.tsv
$PY - "$T/skew.xlsx" <<'PYEOF' || fail township-skewed-check "see above"
import re, sys, zipfile
def say(ok, what):
    print(("PASS " if ok else "FAIL ") + what)
x = zipfile.ZipFile(sys.argv[1]).read("xl/charts/chart1.xml").decode()
cats = re.search(r"<c:cat>.*?<c:ptCount val=\"(\d+)\"/>", x).group(1)
say(cats == "31", "township-skewed-chart-30-and-other")
say("合为“其他”" in x and "<c:v>其他</c:v>" in x,
    "township-skewed-other-drawn-and-named")
PYEOF

# Rendered by LibreOffice, where it is installed: pages in proportion to
# the tables, never a chart cut.
if command -v soffice >/dev/null 2>&1 && command -v pdfinfo >/dev/null 2>&1; then
	(cd "$T" && HOME=$T timeout 300 soffice --headless --convert-to pdf \
	    town.xlsx >/dev/null 2>&1)
	check township-pdf-pages 'p=$(pdfinfo town.pdf | sed -n "s/^Pages: *//p") &&
	    test "$p" -ge 5 && test "$p" -le 14'
else
	echo "SKIP township-pdf-pages: soffice or pdfinfo not installed"
fi

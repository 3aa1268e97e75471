# lbc-import on workbooks and official form layouts: .xlsx and .xls
# samples, every cell type and date format, 1900 and 1904 systems, IDs
# typed as numbers, merged cells, title and footer rows in CSV and
# workbooks, sheet choice, files that are not workbooks, a large sheet's
# memory and a wide header.
. "$(dirname "$0")/../lib.sh"
D=$DATA/workbook
IMPORT="lbc-import --as-of 2026-06-30"
PY=/usr/bin/python3
cp "$SAMPLES"/drops/qingshui-township.xlsx "$SAMPLES"/drops/baisha-school.xls \
    "$SAMPLES"/regions.tsv "$D"/form.csv "$D"/form-title.tsv "$T"/

# The township form: title rows, two-row merged header, a sheet per village
# (the village merged down its rows), an empty row, a footer, a notes sheet.
expect township 0 "$D/township.expected" "$D/township.err.expected" -- \
    $IMPORT -v -r regions.tsv qingshui-township.xlsx
check township-src-names-sheet 'grep -q "^qingshui-township.xlsx\[石门村\]	5	" out'
check township-empty-row-keeps-line 'cut -f2 out | tr "\n" " " | grep -q "^line 5 6 8 9 5 6 8 $"'
check township-notes-sheet-named 'grep -q "填表说明\]: no recognisable header: sheet skipped" err'
# Without -v the notes sheet is skipped silently.
expect township-quiet-notes 0 "$D/township.expected" - -- \
    $IMPORT -r regions.tsv qingshui-township.xlsx
check township-no-sheet-message 'test -z "$(grep "sheet skipped" err)"'
check excel-number-told-once 'test "$(grep -c "stored as number" err)" -eq 1'

# Reject messages name file and sheet.
expect sheet-reject-message 0 - - -- $IMPORT --no-builtin-regions qingshui-township.xlsx
check sheet-reject-form 'grep -q "^lbc-import: qingshui-township.xlsx\[新华村\]:5: rejected (region): region names need a regions table" err'

# --sheet by name and by number, repeatable; a sheet no workbook has.
expect sheet-by-name 0 - - -- $IMPORT -r regions.tsv --sheet 石门村 qingshui-township.xlsx
check sheet-by-name-only 'test "$(cut -f1 out | sort -u | tr "\n" " ")" = "qingshui-township.xlsx[石门村] src "'
expect sheet-by-number 0 - - -- $IMPORT -r regions.tsv --sheet 1 --sheet 2 qingshui-township.xlsx
check sheet-by-number-both 'test "$(cut -f1 out | sort -u | wc -l)" -eq 3'
expect sheet-missing 1 - - -- $IMPORT -r regions.tsv --sheet 东村 qingshui-township.xlsx
check sheet-missing-told 'grep -q "qingshui-township.xlsx: no sheet named by --sheet" err'
expect sheet-picked-without-header 1 - - -- $IMPORT -r regions.tsv --sheet 填表说明 qingshui-township.xlsx
check sheet-picked-without-header-told 'grep -q "\[填表说明\]: no recognisable header$" err'

# The .xls school list (LibreOffice's BIFF8 writer): title row, ID as number.
expect xls-school 0 "$D/school.expected" "$D/school.err.expected" -- \
    $IMPORT -v -r regions.tsv baisha-school.xls
# Standard input that is a file is read; a pipe cannot be (libfreexl
# reads files).
IN=$T/baisha-school.xls
expect xls-on-stdin-file 0 - - -- $IMPORT -r regions.tsv -
check xls-on-stdin-file-src 'test "$(sed -n 2p out | cut -f1)" = "-[学生名单]"'
IN=/dev/null
expect xls-on-pipe 1 - - -- sh -c "cat baisha-school.xls | $IMPORT -r regions.tsv -"
check xls-on-pipe-told 'grep -q "^lbc-import: -: an .xls workbook on standard input or a pipe: give its file name" err'
expect xlsx-on-pipe 0 "$D/township.expected" - -- \
    sh -c "cat qingshui-township.xlsx | $IMPORT -r regions.tsv - | sed 's/^-\[/qingshui-township.xlsx[/'"


# Every cell type and date format, written by libxlsxwriter.
(cd "$T" && lbc-xlsxgen types types.xlsx)
expect cell-types 0 "$D/types.expected" "$D/types.err.expected" -- \
    $IMPORT types.xlsx

# 1904 and 1900 date systems, written by openpyxl (Excel for Mac's 1904):
# the same dates come out of both.  The 1900 system's invented 1900-02-29
# (serial 60) is tested in t_sheet.
if "$PY" -c 'import openpyxl' 2>/dev/null; then
	(cd "$T" && "$PY" - <<'PYEOF'
import datetime, openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904
for name, epoch in (("d1904.xlsx", CALENDAR_MAC_1904), ("d1900.xlsx", None)):
    wb = openpyxl.Workbook()
    if epoch is not None:
        wb.epoch = epoch
    ws = wb.active
    ws.title = "dates"
    ws.append(["姓名", "出生日期", "区划代码", "登记日期"])
    for n, d in (("甲", datetime.date(2015, 3, 4)),
                 ("乙", datetime.date(2004, 2, 29)),
                 ("丙", datetime.date(1904, 1, 2))):
        ws.append([n, d, "390121100001", datetime.datetime(2026, 5, 1, 9, 30)])
    for row in ws.iter_rows(min_row=2):
        row[1].number_format = "yyyy-mm-dd"
        row[3].number_format = "yyyy/m/d h:mm"
    wb.save(name)
PYEOF
	)
	expect date-1904 0 "$D/dates.expected" - -- \
	    sh -c "$IMPORT --max-age 150 d1904.xlsx | sed 1d | cut -f2- && $IMPORT --max-age 150 d1900.xlsx | sed 1d | cut -f2-"
	check date-systems-every-row 'test "$(grep -c "^lbc-import: 3 rows read = 3 written" err)" -eq 2'
	check date-1904-flag-read 'unzip -p "$T/d1904.xlsx" xl/workbook.xml | grep -q "date1904=\"1\""'
else
	echo "SKIP date-1904: python3-openpyxl not installed"
fi

# Title rows, a two-row header and footer rows in CSV and TSV.
expect csv-form 0 "$D/form.expected" "$D/form.err.expected" -- \
    $IMPORT -v -r regions.tsv form.csv
expect tsv-title-footer 0 "$D/form-title.expected" - -- \
    $IMPORT -r regions.tsv form-title.tsv
check tsv-title-footer-counted 'grep -q "3 rows read = 1 written + 0 rejected + 2 skipped" err'

# Files that are not (readable) workbooks: told, exit 1, the others read.
printf 'an invented note\n' > "$T/note.txt"
(cd "$T" && zip -q notbook.zip note.txt)
(cd "$T" && printf 'application/vnd.oasis.opendocument.spreadsheet' > mimetype &&
    zip -q -X -0 book.ods mimetype)
head -c 2000 "$T/qingshui-township.xlsx" > "$T/truncated.xlsx"
printf 'PK\003\004not really a zip' > "$T/garbage.xlsx"
{ printf '\320\317\021\340\241\261\032\341'; head -c 504 /dev/zero;
  printf 'E\000n\000c\000r\000y\000p\000t\000i\000o\000n\000I\000n\000f\000o\000'; } > "$T/locked.xlsx"
{ printf '\320\317\021\340\241\261\032\341'; head -c 1024 /dev/zero; } > "$T/wps.et"
{ printf '\320\317\021\340\241\261\032\341'; head -c 1024 /dev/zero; } > "$T/old.xls"
for f in notbook.zip book.ods truncated.xlsx garbage.xlsx locked.xlsx wps.et old.xls; do
	expect "not-a-workbook-$f" 1 "$D/form.expected" - -- \
	    $IMPORT -r regions.tsv "$f" form.csv
done
for pair in "notbook.zip:a zip archive that is not an Excel workbook" \
    "book.ods:an OpenDocument spreadsheet (.ods)" \
    "truncated.xlsx:a damaged or truncated workbook" \
    "garbage.xlsx:a damaged or truncated workbook" \
    "locked.xlsx:an encrypted (password-protected) workbook" \
    "wps.et:a WPS spreadsheet (.et)" \
    "old.xls:an OLE2 file that is not an Excel 97-2003 workbook"; do
	f=${pair%%:*} msg=${pair#*:}
	(cd "$T" && $IMPORT -q "$f" >/dev/null 2>err.$f)
	check "told-what-$f" "grep -qF \"lbc-import: $f: $msg\" err.$f"
done

# A sheet whose compressed bytes are damaged in the middle: told, no row
# of it written, the other files read.
(cd "$T" && lbc-xlsxgen big mid.xlsx 3000 && cp mid.xlsx damaged.xlsx &&
    size=$(wc -c < mid.xlsx) && printf 'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX' |
    dd of=damaged.xlsx bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null)
expect damaged-sheet 1 "$D/form.expected" - -- \
    $IMPORT -r regions.tsv damaged.xlsx form.csv
check damaged-sheet-told 'grep -q "damaged.xlsx\[children\]: a damaged or truncated workbook" err'
expect undamaged-sheet 0 - - -- $IMPORT -r regions.tsv mid.xlsx
check undamaged-sheet-rows 'test "$(wc -l < out)" -eq 3001'

# A sheet of 100 MB: memory stays bounded by the shared strings (none
# here: inline strings), not by the sheet.  Peak RSS from getrusage.
(cd "$T" && lbc-xlsxgen big big.xlsx 135000)
check big-sheet-is-100mb 'test "$(unzip -l "$T/big.xlsx" | awk "/sheet1.xml/ { print \$1 }")" -gt 100000000'
if [ -x /usr/bin/time ]; then
	(cd "$T" && /usr/bin/time -f '%M' -o rss $IMPORT -q -r regions.tsv big.xlsx > big.tsv 2>big.err)
	check big-sheet-all-rows 'test "$(wc -l < "$T/big.tsv")" -eq 135001'
	check big-sheet-rss-bounded 'test "$(cat "$T/rss")" -lt 65536'
else
	echo "SKIP big-sheet-rss: /usr/bin/time not installed"
fi

# A wide header: 100,000 columns, and 100,000 columns of one name.
awk 'BEGIN { h = "姓名,出生日期,区划代码"; r = "甲,2015-03-04,390121100001";
    for (i = 0; i < 100000; i++) { h = h ",c" i; r = r "," i }
    print h; print r }' > "$T/wide.csv"
expect wide-header 0 - - -- $IMPORT wide.csv
check wide-header-columns 'test "$(head -1 out | tr "\t" "\n" | wc -l)" -eq 100016'
check wide-header-values 'test "$(sed -n 2p out | cut -f100016)" = 99999'
awk 'BEGIN { h = "姓名,出生日期,区划代码"; r = "甲,2015-03-04,390121100001";
    for (i = 0; i < 100000; i++) { h = h ",x"; r = r "," i }
    print h; print r }' > "$T/same.csv"
expect wide-header-same-name 0 - - -- $IMPORT same.csv
check wide-header-suffixes 'test "$(head -1 out | tr "\t" "\n" | sed -n "17p;18p;100016p" | tr "\n" " ")" = "x x_2 x_100000 "'

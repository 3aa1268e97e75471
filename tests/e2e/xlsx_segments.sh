# A long .xlsx sheet is read in segments parsed side by side once its
# first 256 rows are out (lib/xlsxread.c).  The records, rejects,
# messages and exit status must be those of one parser reading the sheet
# from its start to its end (LBC_IMPORT_ONE_PARSER, kept for this test),
# byte for byte: on sheets of 20,000 rows (about 15 segments) with inline
# and shared strings, merged cells running across segments, rows without
# numbers, a namespace prefix, a comment and a CDATA section (read as one
# stream from there on), empty rows, r="0", a DOCTYPE and a Latin-1
# sheet (read by one parser), and XML broken far down the sheet.
. "$(dirname "$0")/../lib.sh"

IMPORT="lbc-import --as-of 2026-06-30"
VARIANTS="python3 $TOP/tests/xlsx_variants.py"

# same NAME ARGS...: both readings (tests/lib.sh).
same() {
	_n=$1
	shift
	same_readings LBC_IMPORT_ONE_PARSER "$_n" $IMPORT "$@"
}

(cd "$T" && cp "$SAMPLES/regions.tsv" . && lbc-xlsxgen big long.xlsx 20000) ||
    fail gen "lbc-xlsxgen failed"
check long-sheet-is-segments 'test "$(unzip -l long.xlsx | awk "/sheet1.xml/ { print \$1 }")" -gt 8000000'

same inline-strings -r regions.tsv long.xlsx
check inline-strings-all-rows 'test "$(wc -l < new.out)" -eq 20001 && test "$(cat new.rc)" -eq 0'
# the rows come out in the sheet's order, with the sheet's row numbers
check inline-strings-order 'cut -f2 new.out | sed 1d | sort -n -c && test "$(sed -n 20001p new.out | cut -f2)" -eq 20001'

for kind in sst merged norownum prefix comment emptyrows rzero doctype latin1; do
	(cd "$T" && $VARIANTS long.xlsx $kind $kind.xlsx) ||
	    fail "gen-$kind" "xlsx_variants.py failed"
	same "$kind" -r regions.tsv $kind.xlsx
	check "$kind-all-rows" 'test "$(wc -l < new.out)" -eq 20001'
done
# Merged cells: each run's village fills the rows under it, across the
# cuts between segments: the records are those of the sheet with the
# village written in every row.
(cd "$T" && $VARIANTS long.xlsx runs runs.xlsx &&
    $IMPORT -r regions.tsv runs.xlsx > runs.out 2>/dev/null &&
    $IMPORT -r regions.tsv merged.xlsx > merged.out 2>/dev/null &&
    $IMPORT -r regions.tsv long.xlsx > plain.out 2>/dev/null)
check merged-filled 'cut -f2- runs.out > a && cut -f2- merged.out > b && cmp a b'
check merged-not-plain '! cmp -s runs.out plain.out'
# The same with a prefix and shared strings: the same records.
(cd "$T" && $IMPORT -r regions.tsv prefix.xlsx > prefix.out 2>/dev/null &&
    $IMPORT -r regions.tsv sst.xlsx > sst.out 2>/dev/null)
check prefix-same-records 'cut -f2- plain.out > a && cut -f2- prefix.out > b && cmp a b'
check sst-same-records 'cut -f2- plain.out > a && cut -f2- sst.out > b && cmp a b'

# Row numbers: empty rows count, r="0" is row 0.
check emptyrows-numbers '$IMPORT -q -r regions.tsv emptyrows.xlsx | sed -n 20001p | cut -f2 | grep -qx 20003'
check rzero-number '$IMPORT -q -r regions.tsv rzero.xlsx | cut -f2 | grep -qx 0'
# A DOCTYPE's entity and a Latin-1 sheet: read whole, by one parser.
check doctype-entity '$IMPORT -q -r regions.tsv doctype.xlsx | sed -n 10000p | grep -q "	VV"'
check latin1-text '$IMPORT -q -r regions.tsv latin1.xlsx | sed -n 10000p | grep -q "	é"'

# Broken XML at row 12000: the rows before it written, the sheet told
# as damaged, exit 1, in both readings alike.
(cd "$T" && $VARIANTS long.xlsx badxml badxml.xlsx) || fail gen-badxml "xlsx_variants.py failed"
same badxml -r regions.tsv badxml.xlsx
check badxml-exit 'test "$(cat new.rc)" -eq 1'
check badxml-told 'grep -q "badxml.xlsx\[children\]: a damaged or truncated workbook" new.err'
check badxml-rows-before 'test "$(wc -l < new.out)" -ge 11000 && test "$(wc -l < new.out)" -lt 12000'

# Several files, a long sheet among them, and a sheet stopped early
# (a failed write): no hang, exit 1.
same several -r regions.tsv long.xlsx sst.xlsx merged.xlsx
check several-rows 'test "$(wc -l < new.out)" -eq 60001'
if [ -w /dev/full ]; then
	(cd "$T" && $IMPORT -q -r regions.tsv long.xlsx > /dev/full 2>full.err; echo $? > full.rc)
	check failed-write-exit 'test "$(cat full.rc)" -eq 1'
fi

# lbc-list end to end: the TSV list (names of every level, labels, ages,
# order), chosen fields by their Chinese names, masking, workbooks with a
# sheet per county, township and village read back by openpyxl, file
# modes, the pipeline from lbc-select, failures; and the EXAMPLES of
# lbc-select(1) and lbc-list(1) run on the samples.
. "$(dirname "$0")/../lib.sh"
D=$DATA/list
S=$DATA/select
PY=/usr/bin/python3
cp "$S"/records.tsv "$S"/regions.tsv "$T"/
AS="--as-of 2026-06-30"

expect default-tsv 0 "$D/default.expected" /dev/null -- \
    lbc-list -r regions.tsv $AS records.tsv
IN=$S/records.tsv expect stdin 0 "$D/default.expected" /dev/null -- \
    lbc-list -r regions.tsv $AS
expect fields-chinese-masked 0 "$D/fields.expected" /dev/null -- \
    lbc-list -r regions.tsv $AS --mask-id \
    -f 村,姓名,性别,年龄,存在问题,身份证号码,区划代码 records.tsv
check sorted-by-region-then-name 'tail -n +2 out | cut -f7 | sort -c'
check mask-keeps-four-and-four \
    'grep -q "^新华村	王小明	男	11	学业失教、亲情失落	3901\*\*\*\*\*\*\*\*\*\*0019	" out'
check no-full-id-when-masked '! grep -Eq "[0-9]{17}[0-9X]" out'
expect without-regions-codes 0 - /dev/null -- \
    lbc-list $AS -f 县,乡镇,村,姓名 records.tsv
check without-regions-codes-cut 'sed -n 4p out | grep -q "^390121	390121100	390121100001	"'

# Workbooks: a sheet per place, exactly its children, print-ready, 0600.
for by in county:6 township:9 village:12; do
	l=${by%%:*} d=${by##*:}
	expect "book-by-$l" 0 /dev/null /dev/null -- \
	    lbc-list -r regions.tsv $AS --by "$l" -o "by-$l.xlsx" records.tsv
	$PY "$TOP/tests/list_xlsx.py" "$T/by-$l.xlsx" "$S/records.tsv" \
	    "$S/regions.tsv" "$d" 2026-06-30 0
	check "book-by-$l-mode-0600" '[ "$(stat -c %a by-'"$l"'.xlsx)" = 600 ]'
done
expect book-masked 0 /dev/null /dev/null -- lbc-list -r regions.tsv $AS \
    --by township --mask-id -o masked.xlsx records.tsv
$PY "$TOP/tests/list_xlsx.py" "$T/masked.xlsx" "$S/records.tsv" \
    "$S/regions.tsv" 9 2026-06-30 1
check book-mode-0600-under-open-umask \
    '(umask 022; lbc-list -o open.xlsx records.tsv) && [ "$(stat -c %a open.xlsx)" = 600 ]'
check tsv-file-mode-0600 \
    '(umask 022; lbc-list -o list.tsv records.tsv) && [ "$(stat -c %a list.tsv)" = 600 ]'
check one-sheet-without-by "lbc-list -o one.xlsx records.tsv && $PY -c '
import openpyxl, sys
wb = openpyxl.load_workbook(\"one.xlsx\")
sys.exit(not (wb.sheetnames == [\"名单\"] and wb.worksheets[0].max_row == 24))'"

# The visit list of one county: select, then list per township.
lbc-select -r "$S/regions.tsv" -w region=清水县 \
    -w 'risk=高风险 || guardian=无人监护' "$S/records.tsv" >"$T/visit.tsv"
expect select-then-list 0 /dev/null /dev/null -- lbc-list -r regions.tsv \
    $AS --by township -o visit.xlsx visit.tsv
$PY "$TOP/tests/list_xlsx.py" "$T/visit.xlsx" "$T/visit.tsv" \
    "$S/regions.tsv" 9 2026-06-30 0

# Failures.
cat >"$T/e.field" <<'X'
lbc-list: records.tsv: -f: no field 民族; the fields are: src, line, id, id_raw, name, sex, birth, region, guardian, risk, problems, survey, school, grade, reporter, flags, 备注, age, province, city, county, township, village, code
usage: lbc-list [-r regions] [-c codebook] [-f fields] [--by level] [--mask-id] [--as-of date] [--title text] [--no-builtin-regions] [-o file] [file]
X
expect unknown-field 2 /dev/null "$T/e.field" -- lbc-list -f 姓名,民族 records.tsv
expect empty-field-name 2 /dev/null - -- lbc-list -f 姓名,,村 records.tsv
expect by-without-book 2 /dev/null - -- lbc-list --by township records.tsv
expect by-province 2 /dev/null - -- lbc-list --by province -o x.xlsx records.tsv
check no-book-after-usage-error '[ ! -e x.xlsx ]'
expect bad-as-of 2 /dev/null - -- lbc-list --as-of soon records.tsv
expect missing-file 1 /dev/null - -- lbc-list nosuch.tsv
check full-disk '! lbc-list records.tsv >/dev/full'
expect unwritable-folder 1 /dev/null - -- lbc-list -o nosuch/x.xlsx records.tsv
expect help 0 - /dev/null -- lbc-list --help
expect version 0 - /dev/null -- lbc-list --version

# The EXAMPLES of the man pages run as printed, from a copy of the tree's
# samples.
examples() {	# man page: its example commands as a script
	sed -n '/^\.Sh EXAMPLES/,/^\.Sh /p' "$1" |
	    awk '/^\$ / { on = 1; $0 = substr($0, 3) }
		on { sub(/\\e$/, "\\"); print; on = /(\\|\|)$/ }'
}
mkdir -p "$T/ex"
cp -r "$TOP/samples" "$T/ex/"
for page in lbc-select lbc-list; do
	examples "$TOP/man/$page.1" >"$T/ex.$page.sh"
	n=$(grep -c '^lbc-' "$T/ex.$page.sh")
	if [ "$n" -ge 3 ] && (cd "$T/ex" && sh -e "$T/ex.$page.sh") \
	    >"$T/ex.out" 2>&1; then
		ok "examples-$page-run ($n commands)"
	else
		fail "examples-$page-run" "$n commands: $(head -c 400 "$T/ex.out")"
	fi
done
check examples-wrote-the-lists '[ -s ex/visits.xlsx ] && [ -s ex/high-risk.tsv ] &&
    [ "$(stat -c %a ex/visits.xlsx)" = 600 ] && grep -q "\*\*\*\*" ex/high-risk.tsv'

# lbc-select end to end: every operator, labels and codes, region names at
# every level, ambiguous and qualified names, computed age and counts,
# Chinese field names, unknown fields, values and places (exit 2), and the
# stream passing through unchanged.
. "$(dirname "$0")/../lib.sh"
D=$DATA/select
cp "$D"/records.tsv "$D"/regions.tsv "$T"/
AS="--as-of 2026-06-30"

# names() NAME EXPECTED-NAMES -- ARGS: the names (column 5) of the selected
# records, one per line, compared with the list given.
names() {
	_n=$1 _want=$2
	shift 2
	[ "$1" = "--" ] && shift
	printf '%s\n' $_want >"$T/want"
	if (cd "$T" && lbc-select -r regions.tsv $AS "$@" records.tsv \
	    >"$T/sel" 2>"$T/err") &&
	    [ "$(head -n 1 "$T/sel")" = "$(head -n 1 "$T/records.tsv")" ]; then
		tail -n +2 "$T/sel" | cut -f5 >"$T/got"
		[ -z "$_want" ] && : >"$T/want"
		if cmp -s "$T/want" "$T/got"; then
			ok "$_n"
		else
			fail "$_n" "got $(tr '\n' ' ' <"$T/got")"
		fi
	else
		fail "$_n" "exit or header: $(head -c 300 "$T/err")"
	fi
}

# An independent reading with awk: the same records by column tests.
awk_names() {	# awk condition on the fields
	awk -F'\t' "NR > 1 && ($1) { print \$5 }" "$D/records.tsv"
}

# No condition: everything, byte for byte.
expect all 0 "$D/records.tsv" /dev/null -- lbc-select records.tsv
IN=$D/records.tsv expect stdin 0 "$D/records.tsv" /dev/null -- lbc-select

# Coded fields by code, label and alias; = and !=; alternatives.
names risk-code "$(awk_names '$10 == "high"')" -- -w risk=high
names risk-label "$(awk_names '$10 == "high"')" -- -w risk=高风险
names risk-alias "$(awk_names '$10 == "high"')" -- -w 'risk=重点关注'
names risk-ne "$(awk_names '$10 != "high"')" -- -w 'risk!=高风险'
names risk-or "$(awk_names '$10 == "high" || $10 == "medium"')" -- \
    -w 'risk=高风险|中风险'
names guardian-none "陈静 何平 彭飞" -- -w guardian=无人监护
names sex-label "$(awk_names '$6 == "F"')" -- -w 性别=女

# Multi-valued: ~ holds, = the whole set, # counts.
names problems-has "$(awk_names '$11 ~ /(^|;)safety(;|$)/')" -- \
    -w 'problems~安全失保'
names problems-has-or "$(awk_names '$11 ~ /(^|;)(safety|study)(;|$)/')" -- \
    -w 'problems~安全失保|study'
names problems-eq-set "陈静" -- -w 'problems=安全失保;生活失助'
names problems-eq-none "$(awk_names '$11 == ""')" -- -w 'problems='
names problems-count-ge2 "$(awk_names 'split($11, a, ";") >= 2')" -- \
    -w 'problems#>=2'
names problems-count-eq0 "$(awk_names '$11 == ""')" -- -w 'problems#=0'
names problems-count-lt1 "$(awk_names '$11 == ""')" -- -w 'problems#<1'
names flags-has "$(awk_names '$16 ~ /(^|;)problem_unknown(;|$)/')" -- \
    -w 'flags~problem_unknown'
names flags-has-none "" -- -w 'flags~nothing_like_it'

# Age at the survey date; every ordered operator.
age_awk() {	# awk test on age (from birth $7 and survey $12)
	awk -F'\t' 'NR > 1 { split($7, b, "-"); split($12, s, "-");
	    a = s[1] - b[1] - ((s[2] * 100 + s[3]) < (b[2] * 100 + b[3]));
	    if ('"$1"') print $5 }' "$D/records.tsv"
}
for op in '<' '<=' '>' '>=' '=' '!='; do
	aop=$op
	[ "$op" = "=" ] && aop="=="
	names "age$op"12 "$(age_awk "a $aop 12")" -- -w "age${op}12"
done
names age-cn-range "$(age_awk 'a >= 10 && a <= 12')" -- -w 年龄\>=10 \
    -w 年龄\<=12
names age-as-of-without-survey "" -- -w 'age>=99'

# Dates and text in order; numbers in a user column.
names survey-ge "$(awk_names '$12 >= "2026-05-20"')" -- -w 'survey>=2026-05-20'
names survey-lt-cn "$(awk_names '$12 < "2026-05-11"')" -- \
    -w '排查日期<2026年5月11日'
names month "$(awk_names 'substr($12, 1, 7) == "2026-06"')" -- \
    -w 'month=2026-06'
names name-eq "王小明" -- -w 'name=王小明'
names name-cn "王小明" -- -w '姓名=王小明'

# Regions: codes and names of every level, inside means by prefix.
names region-province "$(awk_names '$8 ~ /^39/')" -- -w region=云岭省
names region-city-code "$(awk_names '$8 ~ /^3901/')" -- -w region=3901
names region-county "$(awk_names '$8 ~ /^390121/')" -- -w region=清水县
names region-county-code12 "$(awk_names '$8 ~ /^390121/')" -- \
    -w region=390121000000
names region-county-nosuffix "$(awk_names '$8 ~ /^390121/')" -- \
    -w region=清水
names region-township "$(awk_names '$8 ~ /^390121101/')" -- -w 区划=白沙镇
names region-township-street "$(awk_names '$8 ~ /^390102001/')" -- \
    -w region=湖滨街道
names region-village "$(awk_names '$8 == "390121200002"')" -- \
    -w region=红岩村
names region-village-qualified "$(awk_names '$8 == "390121101001"')" -- \
    -w region=白沙镇/新华村
names region-village-qualified3 "$(awk_names '$8 == "390121100001"')" -- \
    -w region=清水县/清水镇/新华村
names region-or "$(awk_names '$8 ~ /^(390122|390102)/')" -- \
    -w 'region=石桥县|东湖区'
names region-ne "$(awk_names '$8 !~ /^390121/')" -- -w 'region!=清水县'
names or-across-fields "$(awk_names '$10 == "high" || $9 == "none"')" -- \
    -w '风险等级=高风险 || guardian=无人监护'
names or-and-and "$(awk_names '($10 == "high" || $9 == "none") && $6 == "F"')" \
    -- -w 'risk=high||guardian=none' -w 'sex = 女'
names region-and-risk "$(awk_names '$8 ~ /^390121/ && $10 == "high" &&
    $9 == "none"')" -- -w region=清水县 -w guardian=无人监护 -w risk=高风险
awk -F'\t' 'NR == 1 || $8 ~ /^390122/' "$D/records.tsv" >"$T/want.390122"
expect region-code-without-table 0 "$T/want.390122" /dev/null -- \
    lbc-select --no-builtin-regions -w region=390122 records.tsv

# Usage errors: exit 2, a message, no output.
cat >"$T/e.ambig" <<'X'
lbc-select: records.tsv: -w region=新华村: 新华村 is more than one place: 390121100001 新华村 (清水镇), 390121101001 新华村 (白沙镇); name the place above it too, like 清水镇/新华村
usage: lbc-select [-w condition]... [-r regions] [-c codebook] [--as-of date] [--no-builtin-regions] [file]
X
expect ambiguous-village 2 /dev/null "$T/e.ambig" -- \
    lbc-select -r regions.tsv -w region=新华村 records.tsv
cat >"$T/e.value" <<'X'
lbc-select: records.tsv: -w 风险等级=高危: 高危 is not a value of 风险等级 in the codebook; did you mean 高风险?
usage: lbc-select [-w condition]... [-r regions] [-c codebook] [--as-of date] [--no-builtin-regions] [file]
X
expect unknown-value-suggests 2 /dev/null "$T/e.value" -- \
    lbc-select -w 风险等级=高危 records.tsv
cat >"$T/e.field" <<'X'
lbc-select: records.tsv: -w 民族=汉: no field 民族; the fields, closest first: id, 备注, src, sex, age, line, name, risk, birth, grade, flags, month, id_raw, region, survey, school, guardian, problems, reporter
usage: lbc-select [-w condition]... [-r regions] [-c codebook] [--as-of date] [--no-builtin-regions] [file]
X
expect unknown-field-lists 2 /dev/null "$T/e.field" -- \
    lbc-select -w 民族=汉 records.tsv
# A typo's field comes first in the list of those there are.
expect unknown-field-closest-first 2 /dev/null - -- \
    lbc-select -w riks=high records.tsv
check unknown-field-closest-first-text \
    'head -n 1 err | grep -q "no field riks; the fields, closest first: risk, "'
expect unknown-place 2 /dev/null - -- \
    lbc-select -r regions.tsv -w region=月亮村 records.tsv
check unknown-place-message 'grep -q "no place 月亮村 in the regions table" err'
expect unknown-code 2 /dev/null - -- \
    lbc-select -r regions.tsv -w region=390199 records.tsv
expect bad-code-length 2 /dev/null - -- \
    lbc-select -w region=3901211 records.tsv
expect name-without-table 2 /dev/null - -- \
    lbc-select --no-builtin-regions -w region=清水县 records.tsv
check name-without-table-message 'grep -q "need a regions table (-r)" err'
expect ordered-coded 2 /dev/null - -- lbc-select -w 'risk>high' records.tsv
expect ordered-region 2 /dev/null - -- lbc-select -w 'region<39' records.tsv
expect age-not-number 2 /dev/null - -- lbc-select -w 'age>=十' records.tsv
expect no-operator 2 /dev/null - -- lbc-select -w risk records.tsv
expect no-field 2 /dev/null - -- lbc-select -w =high records.tsv
expect count-with-has 2 /dev/null - -- lbc-select -w 'problems#~2' records.tsv
expect bad-as-of 2 /dev/null - -- lbc-select --as-of soon records.tsv
expect extra-operand 2 /dev/null - -- lbc-select a b

# I/O: a missing file, a malformed line, a full disk.
expect missing-file 1 /dev/null - -- lbc-select nosuch.tsv
printf 'name\trisk\nA\thigh\nB\n' >"$T/bad.tsv"
printf 'lbc-select: bad.tsv:3: wrong number of fields\n' >"$T/e.bad"
expect malformed-line 1 - "$T/e.bad" -- lbc-select -w risk=high bad.tsv
check full-disk '! lbc-select records.tsv >/dev/full'

# Composes: select, then tally counts the same children.
check composes-with-tally 'lbc-select -r regions.tsv -w region=清水县 \
    records.tsv | lbc-tally -b risk --long | grep -q "^high	5$"'
expect help 0 - /dev/null -- lbc-select --help
expect version 0 - /dev/null -- lbc-select --version

# lbc-tally -w: the same conditions before counting, in the title.
cat >"$T/want.where" <<'X'
筛选：problems#>=2; 性别=男（22 条记录中 5 条，22.7%）
sex	人数
男	5
女	0
合计	5
X
expect tally-where-title 0 "$T/want.where" /dev/null -- \
    lbc-tally -w 'problems#>=2' -w 性别=男 -b sex records.tsv
lbc-select -w 'problems#>=2' -w 性别=男 "$D/records.tsv" >"$T/sel.where"
expect tally-where-long-parseable 0 - /dev/null -- \
    lbc-tally -w 'problems#>=2' -w 性别=男 -b sex --long records.tsv
check tally-where-long-equals-select-then-tally \
    'lbc-tally -b sex --long sel.where | cmp -s - out'
expect tally-where-unknown-value 2 /dev/null - -- \
    lbc-tally -w risk=危险 records.tsv
check tally-where-suggests 'grep -q "did you mean" err'
SOURCE_DATE_EPOCH=1782777600 expect tally-where-book 0 /dev/null /dev/null -- \
    lbc-tally -r regions.tsv -w region=清水县 -b risk -o where.xlsx records.tsv
check tally-where-book-title-and-about "/usr/bin/python3 -c '
import openpyxl, sys
wb = openpyxl.load_workbook(\"where.xlsx\")
t = wb.worksheets[0][\"A1\"].value
a = [r for r in wb[\"说明\"].iter_rows(values_only=True) if r[0] and r[0].startswith(\"筛选\")]
sys.exit(not (\"region=清水县\" in t and a and \"14 条\" in a[0][1]))'"

# Fields by the names on the forms in lbc-tally -b.
lbc-tally -b region,risk -b guardian "$D/records.tsv" >"$T/want.cn"
expect tally-chinese-fields 0 "$T/want.cn" /dev/null -- \
    lbc-tally -b 区划,风险等级 -b 监护类型 records.tsv

# The built-in national table: names shared across the country are
# refused with their candidates, qualified names pick one.
expect builtin-many-candidates 2 /dev/null - -- \
    lbc-select -w region=城关镇 records.tsv
check builtin-many-candidates-message \
    'grep -q "城关镇 is more than one place: .* and [0-9]* more; name the place above it too" err'
expect builtin-qualified-still-ambiguous 2 /dev/null - -- \
    lbc-select -w region=江苏省/鼓楼区 records.tsv
check builtin-qualified-lists-two \
    'grep -q "320106 鼓楼区 (南京市), 320302 鼓楼区 (徐州市);" err'
expect builtin-qualified 0 - /dev/null -- \
    lbc-select -w region=南京市/鼓楼区 records.tsv
check builtin-qualified-header-only '[ "$(wc -l < out)" = 1 ]'

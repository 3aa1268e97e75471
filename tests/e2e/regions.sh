# The regions table end to end: the official table's forms and traps as
# lbc-import and lbc-tally read them, the built-in national table, -r over
# it, repeated county names through city and province columns, messages.
. "$(dirname "$0")/../lib.sh"
IMPORT="lbc-import --as-of 2026-06-30"
HDR='src	line	id	id_raw	name	sex	birth	region	guardian	risk	problems	survey	school	grade	reporter	flags'

# A drop whose rows name places only the built-in table knows.
cat > "$T/names.csv" <<'X'
姓名,出生日期,省,市(州),县(市、区),乡镇(街道)
甲,2015-01-01,,,东莞市,东城街道
乙,2015-01-01,,福州市,鼓楼区,
丙,2015-01-01,江苏省,徐州市,鼓楼区,
丁,2015-01-01,,,鼓楼区,
戊,2015-01-01,浙江,,西湖区,
己,2015-01-01,,,金门县,金门县
庚,2015-01-01,,杭州市,鼓楼区,
X
{ echo "$HDR"
  printf 'names.csv\t2\t\t\t甲\t\t2015-01-01\t441900003\t\t\t\t\t\t\t\t\n'
  printf 'names.csv\t3\t\t\t乙\t\t2015-01-01\t350102\t\t\t\t\t\t\t\t\n'
  printf 'names.csv\t4\t\t\t丙\t\t2015-01-01\t320302\t\t\t\t\t\t\t\t\n'
  printf 'names.csv\t6\t\t\t戊\t\t2015-01-01\t330106\t\t\t\t\t\t\t\t\n'
  printf 'names.csv\t7\t\t\t己\t\t2015-01-01\t350527000\t\t\t\t\t\t\t\t\n'
} > "$T/names.want"
cat > "$T/names.err" <<'X'
lbc-import: names.csv:5: rejected (region): region names match more than one place at county level: 320106 320302 350102 410204
lbc-import: names.csv:8: rejected (region): region names match no place in the regions table (at county level)
lbc-import: rejected: 2 region
lbc-import: 7 rows read = 5 written + 2 rejected + 0 skipped
X
expect builtin-names-resolve 0 "$T/names.want" "$T/names.err" -- $IMPORT names.csv
expect builtin-off-needs-table 0 - - -- $IMPORT --no-builtin-regions names.csv
check builtin-off-message 'grep -q "names.csv:2: rejected (region): region names need a regions table (-r)" err'

# Codes keep their level: 441900 is county-level, 441900000000 is read as
# 441900 when the table has it, 350527000 a township.
printf '姓名,出生日期,区划代码\n甲,2015-01-01,441900\n乙,2015-01-01,441900000000\n丙,2015-01-01,350527000\n丁,2015-01-01,442000001000\n戊,2015-01-01,4419\n' > "$T/codes.csv"
expect code-441900-county 0 - - -- $IMPORT -q codes.csv
check code-levels 'cut -f8 out | tr "\n" " " | grep -qx "region 441900 441900 350527000 442000001 "'
expect code-city-rejected 0 - - -- $IMPORT codes.csv
check code-city-message 'grep -q "codes.csv:6: rejected (region): region code is a province or city code, not a county, township or village code" err && ! grep -q "not 6, 9 or 12" err'

# The official table as published: GBK CSV with the NBS type column and
# the padded 12-digit form.
cat > "$T/nbs.csv" <<'X'
统计用区划代码,城乡分类代码,名称
440000000000,,广东省
441900000000,,东莞市
441900003000,,东城街道
441900003001,111,东城社区
441900003200,220,牛山村
350000000000,,福建省
350500000000,,泉州市
350527000000,,金门县
350527000000,,金门县
350527000001,220,金门村
X
iconv -f utf-8 -t gbk "$T/nbs.csv" > "$T/nbs-gbk.csv"
printf '姓名,出生日期,县,乡镇,村\n甲,2015-01-01,东莞市,东城,牛山村\n乙,2015-01-01,金门县,金门县,金门村\n' > "$T/v.csv"
for t in nbs.csv nbs-gbk.csv; do
	expect "nbs-form-$t" 0 - - -- $IMPORT -q -r $t v.csv
	check "nbs-form-$t-codes" 'cut -f8 out | tr "\n" " " | grep -qx "region 441900003200 350527000001 "'
done
tr , '\t' < "$T/nbs.csv" > "$T/nbs.tsv"
expect nbs-form-tsv 0 - - -- $IMPORT -q -r nbs.tsv v.csv
check nbs-form-tsv-codes 'cut -f8 out | tr "\n" " " | grep -qx "region 441900003200 350527000001 "'

# lbc-tally names the codes with no -r; -r's names override.
printf 'src\tline\tregion\nx\t1\t441900003\nx\t2\t350102001\nx\t3\t390122100\n' > "$T/rec.tsv"
printf '县(市、区)\t乡镇(街道)\t人数\n鼓楼区\t鼓东街道\t1\n390122\t390122100\t1\n东莞市\t东城街道\t1\n合计\t\t3\n' > "$T/tally.want"
expect tally-builtin-names 0 "$T/tally.want" - -- lbc-tally -l township -b region rec.tsv
printf 'code\tname\n390122100\t石桥镇\n350102001\t鼓东(本表)\n' > "$T/mine.tsv"
printf '县(市、区)\t乡镇(街道)\t人数\n鼓楼区\t鼓东(本表)\t1\n390122\t石桥镇\t1\n东莞市\t东城街道\t1\n合计\t\t3\n' > "$T/tally2.want"
expect tally-r-overrides 0 "$T/tally2.want" - -- lbc-tally -r mine.tsv -l township -b region rec.tsv
printf '县(市、区)\t乡镇(街道)\t人数\n350102\t350102001\t1\n390122\t390122100\t1\n441900\t441900003\t1\n合计\t\t3\n' > "$T/tally3.want"
expect tally-builtin-off 0 "$T/tally3.want" - -- lbc-tally --no-builtin-regions -l township -b region rec.tsv

# -r over the built-in: a user's 石门县 is never ambiguous with 湖南's, and
# its codes outside -r are still real codes.
printf 'code\tname\n39\t云岭省\n3901\t青山市\n390126\t石门县\n390126100\t石门镇\n' > "$T/shimen.tsv"
printf '姓名,出生日期,县,乡镇\n甲,2015-01-01,石门县,石门镇\n乙,2015-01-01,石门县,\n丙,2015-01-01,鼓楼区,\n' > "$T/sm.csv"
expect r-over-builtin 0 - - -- $IMPORT -r shimen.tsv sm.csv
check r-over-builtin-codes 'cut -f8 out | tr "\n" " " | grep -qx "region 390126100 390126 "'
check r-over-builtin-ambiguous 'grep -q "sm.csv:4: rejected (region): region names match more than one place at county level: 320106 320302 350102 410204" err'
printf '姓名,出生日期,区划代码\n甲,2015-01-01,430726\n' > "$T/hn.csv"
expect r-code-from-builtin 0 - - -- $IMPORT -q -r shimen.tsv hn.csv
check r-code-from-builtin-kept 'tail -n 1 out | cut -f8 | grep -qx 430726'
expect r-code-strict 0 - - -- $IMPORT --no-builtin-regions -r shimen.tsv hn.csv
check r-code-strict-message 'grep -q "hn.csv:2: rejected (region): region code not in the regions table" err'

# Bad lines of a table: exit 1, the line and what is wrong with it.
bad_table() {	# name, table text, expected message
	printf "$2" > "$T/bad.tsv"
	printf 'lbc-import: bad.tsv:%s\n' "$3" > "$T/bad.err"
	expect "bad-table-$1" 1 /dev/null "$T/bad.err" -- $IMPORT -r bad.tsv v.csv
	printf 'lbc-tally: bad.tsv:%s\n' "$3" > "$T/bad.err"
	expect "bad-table-$1-tally" 1 /dev/null "$T/bad.err" -- lbc-tally -r bad.tsv rec.tsv
}
bad_table other-name 'code\tname\n52\tA\n52\tB\n' '3: the same code as an earlier line, with another name (line 2)'
bad_table digits 'code\tname\n52\tA\n5201x\tB\n' '3: the first column is not a code of digits'
bad_table length 'code\tname\n52\tA\n52010\tB\n' '3: the code is not 2, 4, 6, 9 or 12 digits long'
bad_table no-name '52\tA\n5201\t\n' '2: no name after the code'
bad_table one-column '52\tA\n5201\n' '2: one column only: the code and the name are separated by a TAB or a comma'
bad_table encoding '52\tA\n5201\t\377\376\n' '2: bytes not valid in the file'"'"'s encoding'
printf 'code\tname\n52\tA\n52\tA\n5201\tB\n' > "$T/dup.tsv"
expect same-name-duplicate 0 - - -- $IMPORT -q -r dup.tsv v.csv

# The version and the about sheet say which built-in table.
expect version-import 0 - - -- lbc-import --version
check version-import-table 'grep -qx "built-in regions table: 国家统计局 统计用区划代码 2023 (44,703 places)" out'
expect version-tally 0 - - -- lbc-tally --version
check version-tally-table 'grep -q "built-in regions table: .*2023" out'
if command -v xlsx2csv >/dev/null 2>&1; then
	expect about-builtin 0 - - -- lbc-tally -b region -o t.xlsx rec.tsv
	check about-builtin-row 'xlsx2csv -n 说明 t.xlsx | grep -q "内置区划表,.国家统计局 统计用区划代码 2023"'
	expect about-builtin-off 0 - - -- lbc-tally --no-builtin-regions -b region -o t2.xlsx rec.tsv
	check about-builtin-off-row 'xlsx2csv -n 说明 t2.xlsx | grep -q "内置区划表,未使用"'
else
	echo "SKIP about-builtin: xlsx2csv not installed"
fi

# A table of national shape (every province, repeated names) through the
# command: 30 provinces x 10 counties x 10 townships x 20 villages.
awk 'BEGIN { OFS = "\t"; print "code", "name"
	for (p = 11; p < 41; p++) { print p, "省" p
	for (k = 1; k <= 10; k++) { c = sprintf("%d%02d01", p, k); print c, "城关区"
	for (t = 1; t <= 10; t++) { s = sprintf("%s%03d", c, t); print s, "城关镇" t
	for (v = 1; v <= 20; v++) print sprintf("%s%03d", s, v), "新华村" v }}}}' > "$T/big.tsv"
printf '姓名,出生日期,区划代码,乡镇,村\n甲,2015-01-01,200501,城关镇4,新华村7\n' > "$T/big.csv"
expect national-shape 0 - - -- $IMPORT -q -r big.tsv big.csv
check national-shape-code 'tail -n 1 out | cut -f8 | grep -qx 200501004007'

# City and province columns by other header names, and through -m.
printf '姓名,出生日期,地市,县区\n甲,2015-01-01,福州市,鼓楼区\n' > "$T/dishi.csv"
expect header-dishi 0 - - -- $IMPORT -q dishi.csv
check header-dishi-code 'tail -n 1 out | cut -f8 | grep -qx 350102'
printf '姓名,出生日期,所属城市,所属省份,县区\n甲,2015-01-01,徐州,江苏,鼓楼区\n' > "$T/mapped.csv"
printf '所属城市\tcity\n所属省份\tprovince\n' > "$T/map.tsv"
expect mapping-city-province 0 - - -- $IMPORT -q -m map.tsv mapped.csv
check mapping-city-province-code 'tail -n 1 out | cut -f8 | grep -qx 320302'

# lbc-tally's name columns: at township and village level the county,
# township and village names stand in columns of their own, with a code
# only where two places of one parent share a name; --long puts them after
# the codes; lbc-chart reads every level back, wide and long.
. "$(dirname "$0")/../lib.sh"
D=$DATA/tally
cp "$D"/records.tsv "$D"/regions.tsv "$T"/

# Two 新华村 under 清水镇 and two 清水镇 under 清水县: told apart by code;
# 新华村 under 白沙镇 is another parent's, so it keeps its bare name.
sed -e 's/石门村/新华村/' -e 's/^390121101\t白沙镇/390121101\t清水镇/' \
    "$D/regions.tsv" >"$T/twins.tsv"
printf '县(市、区)\t乡镇(街道)\t村(社区)\t人数\n' >"$T/twins.want"
printf '东湖区\t湖滨街道\t(未细分到村)\t1\n东湖区\t湖滨街道\t新华社区\t2\n' >>"$T/twins.want"
printf '东湖区\t湖滨街道\t和平社区\t1\n清水县\t\t(未细分到村)\t1\n' >>"$T/twins.want"
printf '清水县\t清水镇(390121100)\t新华村(390121100001)\t4\n' >>"$T/twins.want"
printf '清水县\t清水镇(390121100)\t新华村(390121100002)\t2\n' >>"$T/twins.want"
printf '清水县\t清水镇(390121101)\t新华村\t2\n' >>"$T/twins.want"
printf '清水县\t清水镇(390121101)\t龙潭村\t2\n' >>"$T/twins.want"
printf '390122\t390122100\t390122100001\t1\n河西区\t河西镇\t河西村\t3\n' >>"$T/twins.want"
printf '未填\t\t\t1\n合计\t\t\t20\n' >>"$T/twins.want"
expect names-shared-in-one-parent 0 "$T/twins.want" /dev/null -- \
    lbc-tally -r twins.tsv -l village -b region records.tsv

# Two counties of one name under different cities: the county column has
# no parent shown, so they get their codes.
sed 's/^390201\t河西区/390201\t东湖区/' "$D/regions.tsv" >"$T/counties.tsv"
expect county-names-shared 0 - /dev/null -- \
    lbc-tally -r counties.tsv -l township -b region records.tsv
check county-names-shared-coded 'cut -f1 out | grep -qx "东湖区(390102)" &&
    cut -f1 out | grep -qx "东湖区(390201)" && ! cut -f1 out | grep -qx 清水县.*\('

# Name columns only at township and village level, and only for the rows.
for l in province city county; do
	expect "no-names-$l" 0 - /dev/null -- \
	    lbc-tally -r regions.tsv -l "$l" -b region records.tsv
	check "no-names-$l-header" 'head -1 out | grep -qx "region	人数"'
done
expect names-not-across 0 - /dev/null -- \
    lbc-tally -r regions.tsv -l village -b risk,region records.tsv
check names-not-across-header 'head -1 out | cut -f1 | grep -qx "risk×region" &&
    head -1 out | grep -q "	新华村(390121100001)	"'

# --long: codes first, then the names, then count.
printf 'region\trisk\t县(市、区)\t乡镇(街道)\tcount\n' >"$T/long.head"
expect long-township 0 - /dev/null -- \
    lbc-tally -r regions.tsv -l township -b region,risk --long records.tsv
check long-township-header 'head -1 out | cmp -s - long.head'
check long-township-row 'grep -qx "390121100	high	清水县	清水镇	2" out'
check long-township-missing 'grep -qx "	low	未填		1" out'
expect long-layer 0 - /dev/null -- \
    lbc-tally -r regions.tsv -l village -b region,risk,sex --long records.tsv
check long-layer-header 'head -1 out | grep -qx "region	risk	sex	县(市、区)	乡镇(街道)	村(社区)	count"'

# lbc-tally | lbc-chart at every level, the table and the long form: the
# chart's labels are the most specific names, with the parent where two
# rows share one.
for l in province city county township village; do
	for form in wide long; do
		[ $form = long ] && L=--long || L=
		lbc-tally -r "$T/regions.tsv" -l $l -b region,risk $L \
		    "$T/records.tsv" >"$T/$l.$form"
		expect "chart-$l-$form" 0 - /dev/null -- \
		    lbc-chart -t grouped --script $l.$form
		cp "$T/out" "$T/$l.$form.gp"
	done
	check "chart-$l-same-labels" "grep \"^	'\" $l.wide.gp | cmp -s - /dev/stdin <<X
\$(grep \"^	'\" $l.long.gp)
X"
done
check chart-village-labels "grep \"^	'\" village.wide.gp | tr -d \"\\t\" | tr \"\\n\" \" \" |
    grep -qx \"'湖滨街道(未细分到村)' 0, \\\\\\\\ '新华社区' 1, \\\\\\\\ '和平社区' 2, \\\\\\\\ '清水县(未细分到村)' 3, \\\\\\\\ '清水镇 新华村' 4, \\\\\\\\ '石门村' 5, \\\\\\\\ '白沙镇 新华村' 6, \\\\\\\\ '龙潭村' 7, \\\\\\\\ '390122100001' 8, \\\\\\\\ '河西村' 9, \\\\\\\\ '未填' 10) \""
check chart-township-labels "grep -q \"'清水县(未细分到乡镇)' 1\" township.wide.gp &&
    grep -q \"'湖滨街道' 0\" township.wide.gp"
lbc-tally -r "$T/regions.tsv" -l village -b region,risk "$T/records.tsv" |
    lbc-chart -t bar -o "$T/village.svg" 2>"$T/err" || fail chart-pipe "exit $?"
check chart-pipe-svg 'test -s village.svg && ! test -s err'


# Small cells hidden: the long form keeps the names before the stars.
expect long-suppressed 0 - /dev/null -- \
    lbc-tally -r regions.tsv -l township -b region,risk --long --suppress 3 records.tsv
check long-suppressed-names 'head -1 out | cmp -s - long.head &&
    grep -qx "390121100	high	清水县	清水镇	\*" out'

# The workbook: name columns, frozen with the header, and the chart's
# categories spanning them (an axis of several levels).
expect xlsx-village 0 /dev/null /dev/null -- \
    lbc-tally -r regions.tsv -l village -b region,risk -o v.xlsx records.tsv
check xlsx-village-names '/usr/bin/python3 -c "
import openpyxl, sys, zipfile
ws = openpyxl.load_workbook(\"v.xlsx\").worksheets[0]
head = [ws.cell(3, c).value for c in (1, 2, 3, 4)]
row = [ws.cell(8, c).value for c in (1, 2, 3, 4)]
chart = zipfile.ZipFile(\"v.xlsx\").read(\"xl/charts/chart1.xml\").decode()
sys.exit(not (head == [\"县(市、区)\", \"乡镇(街道)\", \"村(社区) \\\\ 风险等级\", \"高风险\"]
    and row == [\"清水县\", \"清水镇\", \"新华村\", 2] and ws.freeze_panes == \"D4\"
    and \"\$A\$4:\$C\$14\" in chart))"'

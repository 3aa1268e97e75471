# lbc-tally layers: -b a,b,c makes the crosstab a,b of all children, then
# one per value of c with its own totals and tests; --long puts c's code
# after the codes; a workbook has a sheet per layer.
. "$(dirname "$0")/../lib.sh"
S=$DATA/select
PY=/usr/bin/python3
cp "$S"/records.tsv "$S"/regions.tsv "$T"/

# Each layer equals the crosstab of the records selected by its value.
lbc-tally -r "$S/regions.tsv" -b region,risk "$S/records.tsv" >"$T/want"
echo >>"$T/want"
for sex in M F; do
	lbc-select -w "sex=$sex" "$S/records.tsv" |
	    lbc-tally -r "$S/regions.tsv" -b region,risk >>"$T/layer.$sex"
done
{ echo "性别：合计"; cat "$T/want"; echo "性别：男"; cat "$T/layer.M"; echo
  echo "性别：女"; cat "$T/layer.F"; } >"$T/want.all"
expect layers-tsv 0 "$T/want.all" /dev/null -- \
    lbc-tally -r regions.tsv -b region,risk,sex records.tsv
expect layers-chinese-names 0 "$T/want.all" /dev/null -- \
    lbc-tally -r regions.tsv -b 区划,风险等级,性别 records.tsv
check layers-own-tests '[ "$(grep -c "^#	test=pearson" out)" = 3 ]'

# --long: the layers only, the layer's code after the codes.
{ lbc-select -w sex=M "$S/records.tsv" | lbc-tally -b region,risk --long |
      awk -F'\t' -v OFS='\t' 'NR == 1 { print $1, $2, "sex", $3; next }
	  { print $1, $2, "M", $3 }'
  echo
  lbc-select -w sex=F "$S/records.tsv" | lbc-tally -b region,risk --long |
      awk -F'\t' -v OFS='\t' 'NR == 1 { print $1, $2, "sex", $3; next }
	  { print $1, $2, "F", $3 }'; } >"$T/want.long"
expect layers-long 0 "$T/want.long" /dev/null -- \
    lbc-tally -b region,risk,sex --long records.tsv

# A multi-valued layer field: a child in each of its problems' layers.
expect layers-multi 0 - /dev/null -- lbc-tally -b sex,risk,problems records.tsv
check layers-multi-study 'grep -A5 "^存在问题：学业失教$" out | grep -q "^合计	1	3	1	5$"'

# Workbook: a sheet per layer, the layer in the title and sheet name.
expect layers-book 0 /dev/null /dev/null -- \
    lbc-tally -r regions.tsv -b region,risk,sex -o layers.xlsx records.tsv
check layers-book-sheets "$PY -c '
import openpyxl, sys
wb = openpyxl.load_workbook(\"layers.xlsx\")
n = [ws.title for ws in wb.worksheets]
t = [ws[\"A1\"].value for ws in wb.worksheets]
sys.exit(not (len(n) == 4 and \" 男 \" in n[1] and \"性别：女\" in t[2]
    and n[3] == \"说明\"))'"

expect four-fields 2 /dev/null - -- lbc-tally -b region,risk,sex,age records.tsv
expect layer-empty 2 /dev/null - -- lbc-tally -b region,risk, records.tsv
expect layer-without-crosstab 2 /dev/null - -- lbc-tally -b region,,sex records.tsv
expect layer-missing-column 1 /dev/null - -- lbc-tally -b region,risk,nosuch records.tsv

# lbc-chart takes a layer's line and the -w line as the chart's title.
check chart-title-from-layer 'lbc-tally -r regions.tsv -b region,risk,sex records.tsv |
    lbc-chart -n 2 -t grouped --script -o y.png | grep -q "性别：男"'
check chart-title-from-where 'lbc-tally -w risk=high -b region,sex records.tsv |
    lbc-chart -t stacked --script -o x.png | grep -q "筛选：risk=high"'

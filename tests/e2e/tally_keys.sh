# lbc-tally's region keys: regions of digits are counted through integer
# keys (digits and their number) in slots that also hold one crosstab's
# cells; everything else through the values as read.  These runs mix both
# on one stream: padded 12-digit codes and their short form, codes with
# leading zeros, lengths that are no level, 13 digits, text and empty
# regions, more column categories than a slot holds (unknown risks,
# 未填), a second crosstab over the same region, a multi-response column
# and layers.  The expected tables are the ones lbc-tally wrote before
# the keys were integers.
. "$(dirname "$0")/../lib.sh"
D=$DATA/tally_keys
cp "$D"/records.tsv "$T"/

expect keys-village-long 0 "$D/village-long.expected" /dev/null -- \
    lbc-tally -b region,risk -l village --long records.tsv
expect keys-many-tables 0 "$D/many.expected" /dev/null -- \
    lbc-tally -b region,risk -b region,guardian -b region,problems \
    -b region,risk,sex -l village records.tsv
expect keys-county-list-and-column 0 "$D/county.expected" /dev/null -- \
    lbc-tally -b region -b risk,region -l county --long records.tsv
expect keys-township 0 "$D/township.expected" /dev/null -- \
    lbc-tally -b region,sex -l township records.tsv
IN=$D/records.tsv expect keys-stdin 0 "$D/village-long.expected" /dev/null -- \
    lbc-tally -b region,risk -l village --long

# A generated stream: every cell of region x risk equal to a plain count
# of the two columns as written (the generator's codes are all 9 or 12
# digits, so no code is cut or shortened), and the sums of each region's
# cells equal to the region's row of the crosstab.
lbc-gen -n 3000 -s 5 -f stream > "$T/gen.tsv" || fail keys-gen "lbc-gen failed"
expect keys-gen-long 0 - /dev/null -- \
    lbc-tally -b region,risk -l village --long gen.tsv
cp "$T/out" "$T/lbc.long"
cut -f1,2,6 "$T/out" | sed 1d | LC_ALL=C sort > "$T/lbc.cells"
awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    { c[$col["region"] "\t" $col["risk"]]++ }
    END { for (k in c) print k "\t" c[k] }' "$T/gen.tsv" | LC_ALL=C sort > "$T/awk.cells"
if [ -s "$T/lbc.cells" ] && cmp -s "$T/lbc.cells" "$T/awk.cells"; then
	ok keys-gen-cells-equal-plain-count
else
	fail keys-gen-cells-equal-plain-count "$(diff "$T/awk.cells" "$T/lbc.cells" | head -n 5 | tr '\n' '|')"
fi
expect keys-gen-crosstab 0 - /dev/null -- \
    lbc-tally -b region,risk -l village gen.tsv
# the region totals in code order, from the cells and from the crosstab
# (its rows are in code order too, 合计 last in each)
cut -f1,2,6 "$T/lbc.long" | sed 1d |
    awk -F'\t' '$1 != p { if (NR > 1) print n; p = $1; n = 0 } { n += $3 } END { print n }' > "$T/rows.want"
awk -F'\t' 'NR > 1 && $1 != "合计" && $1 !~ /^#/ { print $NF }' "$T/out" > "$T/rows.got"
if [ -s "$T/rows.got" ] && cmp -s "$T/rows.want" "$T/rows.got"; then
	ok keys-gen-row-totals
else
	fail keys-gen-row-totals "$(diff "$T/rows.want" "$T/rows.got" | head -n 5 | tr '\n' '|')"
fi

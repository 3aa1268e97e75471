# lbc-dedupe on large blocks (bench/dedupe-block.sh: records that share a
# birth date and the sound of a name), which the matcher once compared
# pairwise.  The results are asserted, never the time; the digests are
# those of the pairwise matcher's output on the same data.
. "$(dirname "$0")/../lib.sh"
GEN=$TOP/bench/dedupe-block.sh
N=4000

sums() { md5sum < "$T/out" | cut -c1-32; md5sum < "$T/c.tsv" | cut -c1-32; }

# One region, no IDs, mixed sexes: every boy is one child, every girl one,
# and a record of unknown sex agrees with both, so it stays alone.
sh "$GEN" region $N > "$T/region.tsv"
u=$(awk -F'\t' 'NR > 1 && $6 == "" { n++ } END { print n }' "$T/region.tsv")
printf 'lbc-dedupe: %d records read, %d children written, %d conflicts\n' \
    $N $((u + 2)) "$u" > "$T/region.err"
expect one-region-block 0 - "$T/region.err" -- lbc-dedupe -C c.tsv region.tsv
check one-region-boys-one-child 'awk -F"\t" "NR == FNR { s[FNR] = \$6; next }
	FNR > 1 && s[FNR] != \"\" { if (k[s[FNR]] == \"\") k[s[FNR]] = \$1; else if (k[s[FNR]] != \$1) exit 1 }
	END { if (k[\"M\"] == \"\" || k[\"M\"] == k[\"F\"]) exit 1 }" region.tsv c.tsv'
check one-region-unknown-sex-alone 'test $(grep -c "	conflict\$" c.tsv) -eq '"$u"
check one-region-as-pairwise 'test "$(sums | tr "\n" " ")" = "00595610eb1ba6dbfec2f492bd28eb25 064b2ac8cbc27005d034945879023630 "'

# One name across villages, some records at township or county level.
sh "$GEN" villages $N > "$T/villages.tsv"
printf 'lbc-dedupe: 4000 records read, 2860 children written, 1090 conflicts\n' > "$T/villages.err"
expect namesakes-across-villages 0 - "$T/villages.err" -- lbc-dedupe -C c.tsv villages.tsv
check namesakes-across-villages-as-pairwise 'test "$(sums | tr "\n" " ")" = "500948523cd7f847c1b633ca54e21199 c3391f80adba7084d05224f2b28e589d "'
# No child holds two villages: its records' regions are prefixes of one.
check namesakes-one-village-each 'awk -F"\t" "NR == FNR { r[FNR] = \$8; next } FNR > 1 {
	c = \$1; g = r[FNR]
	if (length(g) > length(m[c])) { if (substr(g, 1, length(m[c])) != m[c]) exit 1; m[c] = g }
	else if (substr(m[c], 1, length(g)) != g) exit 1 }" villages.tsv c.tsv'

# Half with IDs, half without, eight homophone names, regions of every
# level: the rule and its guard as the pairwise matcher applied them.
sh "$GEN" mixed $N > "$T/mixed.tsv"
printf 'lbc-dedupe: 4000 records read, 2632 children written, 809 conflicts\n' > "$T/mixed.err"
expect ids-and-homophones 0 - "$T/mixed.err" -- lbc-dedupe -C c.tsv mixed.tsv
check ids-and-homophones-as-pairwise 'test "$(sums | tr "\n" " ")" = "ec0bcbc5d357698a2e778cb04b3f5eff f413ed1b5a0ebf2432402b5fd5485dca "'
check ids-never-two-in-a-child 'awk -F"\t" "NR == FNR { id[FNR] = \$3; next } FNR > 1 && id[FNR] != \"\" {
	if (c[\$1] != \"\" && c[\$1] != id[FNR]) exit 1; c[\$1] = id[FNR] }" mixed.tsv c.tsv'

# One child (one ID) with a different unknown problem on every record: the
# union keeps them all, in the order first seen, and the flags likewise.
sh "$GEN" problems $N > "$T/problems.tsv"
awk 'BEGIN { for (i = 1; i <= '$N'; i++) printf "%sp%d", (i > 1 ? ";" : ""), i; print "" }' > "$T/problems.want"
awk 'BEGIN { for (i = 1; i <= 1000; i++) printf "%sf%d", (i > 1 ? ";" : ""), i % 1000; print "" }' > "$T/flags.want"
printf 'lbc-dedupe: 4000 records read, 1 children written, 0 conflicts\n' > "$T/problems.err"
expect many-problems-one-child 0 - "$T/problems.err" -- lbc-dedupe -C c.tsv problems.tsv
check many-problems-union 'test $(wc -l < out) -eq 2 && tail -n 1 out | cut -f11 | cmp - problems.want'
check many-problems-flags 'tail -n 1 out | cut -f16 | cmp - flags.want'
check many-problems-records 'test "$(tail -n 1 out | cut -f17)" = '$N

# A records sum that would pass the largest count is refused, with the
# child's first line, before anything is written.
printf 'id\tname\trecords\n520102201205060156\ta\t999999999999999999\n520102201205060156\ta\t1\n\tb\t3\n' > "$T/big.tsv"
printf "lbc-dedupe: big.tsv:2: records: the child's values add up to more than 999999999999999999, nothing written\n" > "$T/big.err"
expect records-sum-overflow 1 /dev/null "$T/big.err" -- lbc-dedupe -C c2.tsv big.tsv
check records-sum-overflow-no-clusters '! test -e c2.tsv'
printf 'id\tname\trecords\n520102201205060156\ta\t999999999999999998\n520102201205060156\ta\t1\n\tb\t3\n' > "$T/edge.tsv"
printf 'id\tname\trecords\n520102201205060156\ta\t999999999999999999\n\tb\t3\n' > "$T/edge.out"
expect records-sum-at-the-limit 0 "$T/edge.out" - -- lbc-dedupe -q edge.tsv
# Twenty of the largest count: would wrap past 2^64 to a small number.
awk 'BEGIN { print "id\tname\trecords"; for (i = 0; i < 20; i++) print "520102201205060156\ta\t999999999999999999" }' > "$T/wrap.tsv"
expect records-sum-would-wrap 1 /dev/null - -- lbc-dedupe wrap.tsv
check records-sum-would-wrap-message 'grep -q "^lbc-dedupe: wrap.tsv:2: records: " err'

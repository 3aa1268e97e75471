# lbc-gen, the synthetic data generator of the benchmarks: deterministic,
# valid ID numbers, a consistent regions table, the encodings offices use,
# and a record stream equal to what lbc-import makes of the drop.
. "$(dirname "$0")/../lib.sh"
N=3000

expect stream 0 - /dev/null -- lbc-gen -n $N -f stream -t truth.tsv
cp "$T/out" "$T/s.tsv"
expect stream-again 0 "$T/s.tsv" /dev/null -- lbc-gen -n $N -f stream
expect other-seed 0 - /dev/null -- lbc-gen -n $N -f stream -s 2
check seed-matters '! cmp -s out s.tsv'
check header 'head -n 1 s.tsv | grep -qx "$(printf "src\tline\tid\tid_raw\tname\tsex\tbirth\tregion\tguardian\trisk\tproblems\tsurvey\tschool\tgrade\treporter\tflags\t备注")"'
check field-count 'awk -F"\t" "NF != 17 { exit 1 }" s.tsv'
check duplicates 'n=$(($(wc -l < s.tsv) - 1)); test $n -gt $((N * 115 / 100)) && test $n -lt $((N * 140 / 100))'
check truth-rows 'test $(wc -l < truth.tsv) -eq $(wc -l < s.tsv)'
check truth-children 'test $(cut -f2 truth.tsv | sort -u | wc -l) -ge $((N * 99 / 100))'
# Every ID present is 18 characters with the right check character and
# an invented region (province 90); children with an ID have one each.
check id-check 'awk -F"\t" "
	BEGIN { split(\"7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2\", w, \" \"); m = \"10X98765432\" }
	NR > 1 && \$3 != \"\" {
		if (length(\$3) != 18 || \$3 !~ /^90[0-9]*[0-9X]\$/) exit 1
		s = 0; for (i = 1; i <= 17; i++) s += substr(\$3, i, 1) * w[i]
		if (substr(m, s % 11 + 1, 1) != substr(\$3, 18, 1)) exit 1
		n++
	} END { if (n < 1000) exit 1 }" s.tsv'
check one-id-per-child 'test $(awk -F"\t" "NR > 1 && \$3 != \"\" { print \$2 \"\t\" \$3 }" truth.tsv | sort -u | cut -f2 | uniq -d | wc -l) -eq 0'
check invalid-ids-kept 'awk -F"\t" "\$16 == \"id_invalid\" && \$3 == \"\" && \$4 != \"\" { n++ } END { exit n < 3 }" s.tsv'

# The regions table: each level's code length, every record's region in it,
# the same village name in several townships.
expect regions 0 - /dev/null -- lbc-gen -n $N -f regions
cp "$T/out" "$T/r.tsv"
check region-codes 'awk -F"\t" "length(\$1) !~ /^(2|4|6|9|12)\$/ || NF != 2 { exit 1 }" r.tsv'
check region-parents 'awk -F"\t" "{ c[\$1] = 1 } length(\$1) > 2 { p = substr(\$1, 1, length(\$1) == 4 ? 2 : length(\$1) == 6 ? 4 : length(\$1) - 3); if (!(p in c)) exit 1 }" r.tsv'
check regions-known 'awk -F"\t" "NR == FNR { c[\$1] = 1; next } FNR > 1 && !(\$8 in c) { exit 1 }" r.tsv s.tsv'
check village-names-repeat 'awk -F"\t" "length(\$1) == 12 { n[\$2]++ } END { for (k in n) if (n[k] > 2) r = 1; exit !r }" r.tsv'

# Drops in the three encodings.
expect drop-gb18030 0 - /dev/null -- lbc-gen -n $N
cp "$T/out" "$T/gb.csv"
check gb18030-not-utf8 '! iconv -f utf-8 -t utf-8 gb.csv >/dev/null 2>&1'
check gb18030-header 'head -n 1 gb.csv | iconv -f gb18030 -t utf-8 | grep -q "^序号,姓名,身份证号,性别,出生日期"'
check gb18030-damage 'iconv -f gb18030 -t utf-8 gb.csv | grep -q "E+17" && iconv -f gb18030 -t utf-8 gb.csv | grep -q ",９０"'
expect drop-utf8 0 - /dev/null -- lbc-gen -n $N -e utf8
check utf8-bom 'test "$(head -c 3 out | od -An -tx1 | tr -d " ")" = efbbbf'
expect drop-utf16 0 - /dev/null -- lbc-gen -n $N -e utf16
check utf16-bom-tab 'test "$(head -c 6 out | od -An -tx1 | tr -d " ")" = fffe8f5ef753 && iconv -f utf-16 -t utf-8 out | head -n 1 | grep -q "	姓名	"'

# lbc-import makes of each drop exactly the generated stream.
if [ -x "$LBC_BIN/lbc-import" ]; then
	for opts in "" "-e utf8 -a" "-e utf16 -c" "-c -a -s 5"; do
		name=import-equals-stream-$(echo "x$opts" | tr -d " -")
		(cd "$T" && lbc-gen -n $N $opts > d.csv &&
		    lbc-gen -n $N $opts -f stream -S d.csv > want.tsv &&
		    lbc-gen -n $N -f regions $(echo "$opts" | grep -o -- "-s [0-9]*") > reg.tsv &&
		    lbc-import -q -r reg.tsv d.csv > got.tsv)
		check "$name" 'cmp got.tsv want.tsv'
	done
fi

# Options and failures.
expect bad-n 2 - - -- lbc-gen -n 0
check bad-n-message 'grep -q "^lbc-gen: -n: expected 1 to" err && grep -q "^usage: lbc-gen " err'
expect bad-rate 2 - - -- lbc-gen -d 1.5
expect bad-encoding 2 - - -- lbc-gen -e latin1
expect bad-format 2 - - -- lbc-gen -f xlsx
expect extra-argument 2 - - -- lbc-gen file
expect truth-with-regions 2 - - -- lbc-gen -f regions -t t.tsv
expect help 0 - /dev/null -- lbc-gen -h
check help-text 'head -n 1 out | grep -q "^usage: lbc-gen "'
printf 'lbc-gen (lbc) %s\n' "$(lbc-gen --version | sed 's/.* //')" > "$T/v"
expect version 0 "$T/v" /dev/null -- lbc-gen --version
expect full-disk 1 /dev/null - -- sh -c 'lbc-gen -n 100 > /dev/full'
expect truth-missing-folder 1 /dev/null - -- lbc-gen -n 10 -t /nonexistent/t.tsv

# lbc-import --codebook: the built-in codebook and header names, each as
# the file -c or -m reads, so that they load back and change nothing;
# comment lines in the reader's language, rows never.
. "$(dirname "$0")/../lib.sh"
expect codebook_print 0 - /dev/null -- lbc-import --codebook
check codebook_print_codebook_first "[ \"\$(sed -n 2,3p out)\" = \"\$(printf 'field\\tcode\\tlabel\\taliases\\nsex\\tM\\t男\\t男性|m|1')\" ]"
check codebook_print_has_risk "grep -q '^risk	high	高风险	高|重点关注|一级\$' out"
check codebook_print_has_headers "grep -q '^header	field\$' out && grep -q '^风险等级	risk\$' out && grep -q '^序号	-\$' out"
sed -n '1,/^$/p' "$T/out" >"$T/cb.tsv"
sed -n '/^header	field$/,$p' "$T/out" >"$T/map.tsv"
check codebook_print_sections 'grep -q "^risk	" cb.tsv && ! grep -q "^risk	" map.tsv && [ "$(wc -l <map.tsv)" -gt 40 ]'
# Loaded back as -c and -m, the same records as without them.
cp "$SAMPLES"/drops/qingshui-villages.csv "$SAMPLES"/regions.tsv "$T"/
(cd "$T" && lbc-import -q -r regions.tsv --as-of 2026-06-30 qingshui-villages.csv >plain.tsv)
expect codebook_print_loads_back 0 - - -- lbc-import -q -c cb.tsv -m map.tsv -r regions.tsv --as-of 2026-06-30 qingshui-villages.csv
check codebook_print_same_records 'cmp -s out plain.tsv && [ "$(wc -l <out)" -gt 5 ]'
if locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\{0,1\}8'; then
	(cd "$T" && lbc-import --codebook >en.txt && LC_ALL=zh_CN.UTF-8 lbc-import --codebook >zh.txt)
	check codebook_print_rows_same_in_chinese 'grep -v "^#" en.txt >a && grep -v "^#" zh.txt >b && cmp -s a b'
	check codebook_print_comment_chinese 'head -n 1 zh.txt | grep -q "^# 内置代码表"'
else
	echo "SKIP codebook_print_chinese: no zh_CN.UTF-8 locale"
fi

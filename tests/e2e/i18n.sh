# lbc in Chinese: with a zh_CN.UTF-8 locale every command's --help, its
# errors (usage, missing file, bad data line, failed write) and its
# accounting lines are Chinese, in C.UTF-8 English; a locale the system
# lacks gives English quietly; and output data (record streams, TSV tables,
# --long, -R's reason codes, gnuplot scripts, workbook cell values) is
# byte-identical in both.
. "$(dirname "$0")/../lib.sh"
if ! locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\{0,1\}8'; then
	echo "SKIP i18n.sh: no zh_CN.UTF-8 locale (sh .ci/deps.sh generates it)"
	exit 0
fi
ZH="env LC_ALL=zh_CN.UTF-8"
EN="env LC_ALL=C.UTF-8"
S=$SAMPLES
R="-r $S/regions.tsv"
AS="--as-of 2026-06-30"
CMDS="lbc-import lbc-dedupe lbc-tally lbc-chart lbc-diff lbc-select lbc-list"
# a line holding a Chinese character
cjk() { grep -qP '[\x{4e00}-\x{9fff}]' "$@"; }

# --help: the synopsis line first, and in Chinese every option's
# description is Chinese.
for c in $CMDS; do
	expect "help_en_$c" 0 - /dev/null -- $EN $c --help
	check "help_en_${c}_usage" "head -n 1 out | grep -q '^usage: $c '"
	check "help_en_${c}_english" \
	    "[ \"\$(grep -e '-h, --help' out | grep -cP '[\x{4e00}-\x{9fff}]')\" = 0 ] && grep -q -e '-h, --help' out"
	expect "help_zh_$c" 0 - /dev/null -- $ZH $c --help
	check "help_zh_${c}_usage" "head -n 1 out | grep -q '^用法：$c '"
	check "help_zh_${c}_every_option_chinese" \
	    "[ \$(grep -c '^  -' out) -ge 3 ] && [ \"\$(grep '^  -' out | grep -cvP '[\x{4e00}-\x{9fff}]')\" = 0 ]"
done

# Usage errors: the synopsis in the reader's language, exit 2.
for c in $CMDS; do
	expect "usage_en_$c" 2 /dev/null - -- $EN $c --no-such-option
	check "usage_en_${c}_synopsis" "grep -q '^usage: $c ' err"
	expect "usage_zh_$c" 2 /dev/null - -- $ZH $c --no-such-option
	check "usage_zh_${c}_synopsis" "grep -q '^用法：$c ' err"
done
printf 'lbc-tally: --pct x: give row, col or all\n' >"$T/want"
expect usage_en_value 2 /dev/null - -- $EN lbc-tally --pct x
check usage_en_value_text 'head -n 1 err | cmp -s - want'
printf 'lbc-tally: --pct x: 请给出 row、col 或 all\n' >"$T/want"
expect usage_zh_value 2 /dev/null - -- $ZH lbc-tally --pct x
check usage_zh_value_text 'head -n 1 err | cmp -s - want'
printf 'lbc-chart: 未知的图表类型：pies\n' >"$T/want"
expect usage_zh_chart_type 2 /dev/null - -- $ZH lbc-chart -t pies
check usage_zh_chart_type_text 'head -n 1 err | cmp -s - want'

# A missing file: "lbc-x: path: " and exit 1 in both (the system's own
# text for the errno follows).
for c in lbc-import lbc-dedupe lbc-tally lbc-chart lbc-select lbc-list; do
	for l in en zh; do
		[ $l = en ] && run=$EN || run=$ZH
		expect "missing_${l}_$c" 1 - - -- $run $c "$T/none.tsv"
		check "missing_${l}_${c}_names_file" \
		    "grep -q '^$c: $T/none.tsv: ' err"
	done
done
expect missing_zh_lbc-diff 1 - - -- $ZH lbc-diff "$T/none.tsv" "$T/none.tsv"
check missing_zh_lbc-diff_names_file "grep -q '^lbc-diff: $T/none.tsv: ' err"

# lbc-monthly (a shell script): help, usage, a missing configuration.
expect help_zh_lbc-monthly 0 - /dev/null -- $ZH lbc-monthly --help
check help_zh_lbc-monthly_text "head -n 1 out | grep -q '^用法：lbc-monthly ' && grep -q '^  -v           在标准错误输出上记录每一步' out"
expect help_en_lbc-monthly 0 - /dev/null -- $EN lbc-monthly --help
check help_en_lbc-monthly_text "head -n 1 out | grep -q '^usage: lbc-monthly ' && grep -q '^  -v           log every step on stderr' out"
printf 'lbc-monthly: 未知的选项：-x\n用法：lbc-monthly [-v] [-c lbc.conf] [month]\n' >"$T/want"
expect usage_zh_lbc-monthly 2 /dev/null "$T/want" -- $ZH lbc-monthly -x
printf 'lbc-monthly: %s/none.conf: 没有配置文件（见 lbc-monthly(1)）\n' "$T" >"$T/want"
expect missing_zh_lbc-monthly 1 /dev/null "$T/want" -- $ZH lbc-monthly -c "$T/none.conf"
printf 'lbc-monthly: %s/none.conf: no configuration file (see lbc-monthly(1))\n' "$T" >"$T/want"
expect missing_en_lbc-monthly 1 /dev/null "$T/want" -- $EN lbc-monthly -c "$T/none.conf"

# The pipeline's data, made once in C.
(cd "$T" && $EN lbc-import $R $AS -R rej-en.tsv "$S"/drops/* >rec.tsv 2>imp-en.err &&
    $EN lbc-dedupe rec.tsv >ch.tsv 2>/dev/null) || fail i18n_setup "import or dedupe"

# A bad data line: the location in ASCII, the reason in the language.
(head -n 2 "$T/ch.tsv"; sed -n 2p "$T/ch.tsv" | sed 's/\t/\\q\t/4') >"$T/bad.tsv"
for c in lbc-dedupe lbc-tally lbc-select lbc-list lbc-diff; do
	case $c in
	lbc-tally) a="-b sex" en="bad backslash escape" zh="反斜杠转义有误" ;;
	lbc-diff) a="ch.tsv" en="malformed input" zh="输入格式有误" ;;
	lbc-dedupe) a="" en="malformed input" zh="输入格式有误" ;;
	*) a="" en="bad backslash escape" zh="反斜杠转义有误" ;;
	esac
	[ $c = lbc-diff ] && set -- bad.tsv $a || set -- $a bad.tsv
	expect "badline_en_$c" 1 - - -- $EN $c "$@"
	check "badline_en_${c}_text" "grep -q '^$c: bad.tsv:3: $en\$' err"
	expect "badline_zh_$c" 1 - - -- $ZH $c "$@"
	check "badline_zh_${c}_text" "grep -q '^$c: bad.tsv:3: $zh\$' err"
	[ $c != lbc-dedupe ] || check badline_zh_dedupe_count \
	    "grep -q '^lbc-dedupe: bad.tsv: 1 行格式有误，未写出任何内容\$' err"
done
printf 'sex\t人数\n男\tmany\n' >"$T/badtab.tsv"
expect badline_zh_lbc-chart 1 /dev/null - -- $ZH lbc-chart --script badtab.tsv
check badline_zh_lbc-chart_text "grep -q '^lbc-chart: badtab.tsv:2: 人数不是数字' err"

# A bad line of a regions table, and an unknown field of lbc-list -f.
printf 'code\tname\n4419\t东莞市\n12345\t某地\n' >"$T/badreg.tsv"
expect badregions_zh 1 /dev/null - -- $ZH lbc-import -r badreg.tsv $S/drops/qingshui-villages.csv
check badregions_zh_text "grep -qx 'lbc-import: badreg.tsv:3: 区划代码不是 2、4、6、9 或 12 位' err"
expect badregions_en 1 /dev/null - -- $EN lbc-import -r badreg.tsv $S/drops/qingshui-villages.csv
check badregions_en_text "grep -qx 'lbc-import: badreg.tsv:3: the code is not 2, 4, 6, 9 or 12 digits long' err"
expect listfield_zh 2 /dev/null - -- $ZH lbc-list -f name,xyz ch.tsv
check listfield_zh_text "head -n 1 err | grep -q '^lbc-list: ch.tsv: -f: 没有字段 xyz；现有字段：'"
expect listfield_en 2 /dev/null - -- $EN lbc-list -f name,xyz ch.tsv
check listfield_en_text "head -n 1 err | grep -q '^lbc-list: ch.tsv: -f: no field xyz; the fields are: '"

# A failed write (a full disk): exit 1, standard output named.
for c in lbc-dedupe lbc-tally lbc-select lbc-list; do
	[ $c = lbc-tally ] && a="-b sex" || a=""
	expect "fullwrite_en_$c" 1 - - -- sh -c "$EN $c $a ch.tsv >/dev/full"
	check "fullwrite_en_${c}_text" "grep -Eq '^$c: (stdout|standard output): ' err"
	expect "fullwrite_zh_$c" 1 - - -- sh -c "$ZH $c $a ch.tsv >/dev/full"
	check "fullwrite_zh_${c}_text" "grep -q '^$c: 标准输出: ' err"
done
expect fullwrite_zh_lbc-import 1 - - -- sh -c "$ZH lbc-import $R $AS $S/drops/qingshui-villages.csv >/dev/full"
check fullwrite_zh_lbc-import_text "grep -q '^lbc-import: 标准输出: ' err"
expect fullwrite_zh_lbc-diff 1 - - -- sh -c "$ZH lbc-diff rec.tsv ch.tsv >/dev/full"
check fullwrite_zh_lbc-diff_text "grep -q '^lbc-diff: 标准输出: ' err"

# Accounting lines and rejects.
expect account_zh_import 0 - - -- $ZH lbc-import $R $AS -R rej-zh.tsv "$S"/drops/qingshui-villages.csv
check account_zh_import_line "tail -n 1 err | grep -Eq '^lbc-import: 读入 [0-9]+ 行 = 写出 [0-9]+ \\+ 剔除 [0-9]+ \\+ 跳过 [0-9]+\$'"
check account_zh_import_reasons "tail -n 2 err | head -n 1 | grep -Eq '^lbc-import: 已剔除：[^a-z]+\$' && tail -n 2 err | grep -q '编码有误 1 行，'"
check account_en_import_line "tail -n 1 imp-en.err | grep -Eq '^lbc-import: [0-9]+ rows read = [0-9]+ written \\+ [0-9]+ rejected \\+ [0-9]+ skipped\$'"
expect reject_zh_message 0 - - -- $ZH lbc-import $R $AS "$S"/drops/qingshui-villages.csv
check reject_zh_message_text "grep -q '^lbc-import: qingshui-villages.csv:12: 已剔除（identity）：既没有姓名，也没有有效的身份证号码\$' err"
check reject_zh_age_text "grep -q '^lbc-import: qingshui-villages.csv:4: 已剔除（age）：排查日期时 31 岁，上限 16\$' err"
expect account_zh_dedupe 0 - - -- $ZH lbc-dedupe rec.tsv
check account_zh_dedupe_line "grep -Eq '^lbc-dedupe: 读入 [0-9]+ 条记录，写出 [0-9]+ 名儿童，[0-9]+ 处冲突\$' err"
expect account_zh_diff 0 - - -- $ZH lbc-diff rec.tsv ch.tsv
check account_zh_diff_line "grep -q '^lbc-diff: 上期 .*持续在册' err"
expect verbose_zh_import 0 - - -- $ZH lbc-import -v $R $AS "$S"/drops/qingshui-villages.csv
check verbose_zh_import_text "grep -q '^lbc-import: .*qingshui-villages.csv: 表头在第 [0-9]* 行' err"

# -R: the message column follows the locale, the rest does not.
(cd "$T" && $ZH lbc-import $R $AS -R rej-zh.tsv "$S"/drops/* >rec-zh.tsv 2>/dev/null)
check rejects_same_but_message 'cut -f1-3,5 rej-en.tsv >a && cut -f1-3,5 rej-zh.tsv >b && cmp -s a b'
check rejects_message_chinese 'grep -q "	既没有姓名，也没有有效的身份证号码	" rej-zh.tsv && grep -q "	neither a name nor a valid ID number	" rej-en.tsv'

# A locale the system does not have: English, and nothing more said.
expect nolocale_help 0 - /dev/null -- env LC_ALL=xx_XX.UTF-8 lbc-tally --help
check nolocale_english "head -n 1 out | grep -q '^usage: lbc-tally '"
expect lang_zh 0 - /dev/null -- env -u LC_ALL LANG=zh_CN.UTF-8 lbc-dedupe --help
check lang_zh_chinese "head -n 1 out | grep -q '^用法：'"
expect lang_c 0 - /dev/null -- env -u LC_ALL LANG=C lbc-dedupe --help
check lang_c_english "head -n 1 out | grep -q '^usage: '"

# Output data: byte-identical in both locales.
same() {	# name, command line (run in $T, stdout compared)
	(cd "$T" && $EN sh -c "$2" >"$1.en" 2>/dev/null)
	(cd "$T" && $ZH sh -c "$2" >"$1.zh" 2>/dev/null)
	if [ -s "$T/$1.en" ] && cmp -s "$T/$1.en" "$T/$1.zh"; then
		ok "same_$1"
	else
		fail "same_$1" "outputs differ or empty: $2"
	fi
}
same import "lbc-import $R $AS $S/drops/*"
same dedupe "lbc-dedupe -C /dev/stdout rec.tsv"
same tally "lbc-tally $R $AS -b region,risk -b age,sex -b problems --pct all --ci ch.tsv"
same tally_long "lbc-tally $R $AS -b region,sex --long ch.tsv"
same tally_suppress "lbc-tally $R $AS -b region,risk --suppress 3 ch.tsv"
same select "lbc-select $R $AS -w 'risk=高风险|中风险' -w 'age>=6' ch.tsv"
same list "lbc-list $R $AS ch.tsv"
same diff "lbc-diff rec.tsv ch.tsv"
same chart "lbc-tally $R $AS -b region,risk ch.tsv | lbc-chart --script -t grouped"

# Workbooks: the cell values of every sheet.
cells() {	# xlsx -> one line per cell: sheet, cell, value
	/usr/bin/python3 -c '
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
for ws in wb.worksheets:
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None:
                print(ws.title, c.coordinate, repr(c.value))
' "$1"
}
# The run's time fixed, and the same output name in two folders: the
# command line and the time are cells of the 说明 sheet.
mkdir "$T/en" "$T/zh"
for l in en zh; do
	[ $l = en ] && run=$EN || run=$ZH
	(cd "$T/$l" && SOURCE_DATE_EPOCH=1782777600 $run lbc-tally $R $AS -b region,risk -b age,sex --pct col -o t.xlsx ../ch.tsv 2>/dev/null &&
	    $run lbc-list $R $AS --by township -o l.xlsx ../ch.tsv 2>/dev/null)
	cells "$T/$l/t.xlsx" >"$T/t-$l.cells" 2>/dev/null
	cells "$T/$l/l.xlsx" >"$T/l-$l.cells" 2>/dev/null
done
check same_tally_workbook_cells '[ -s t-en.cells ] && cmp -s t-en.cells t-zh.cells'
check same_list_workbook_cells '[ -s l-en.cells ] && cmp -s l-en.cells l-zh.cells'

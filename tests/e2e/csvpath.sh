# lbc-import's CSV reading path: no row lost or garbled without a word.
# Each case is a reproduction of a row once lost, merged or changed.
. "$(dirname "$0")/../lib.sh"
IMPORT="lbc-import --as-of 2026-06-30"
H='姓名,出生日期,区划代码,备注'
R=2015-01-01,390121100001

# Text after a closing quote: libcsv's lenient mode kept the field open to
# the next quote (4 rows in, 2 read).  Strict: that row rejected, the rest kept.
printf '%s\n甲,%s,x\n乙,%s,"见附件"1\n丙,%s,y\n丁,%s,"z"\n' "$H" $R $R $R $R > "$T/q.csv"
expect quote-text-after-close 0 - - -- $IMPORT -R rej.tsv q.csv
check quote-text-after-close-count 'tail -n 1 err | grep -qx "lbc-import: 4 rows read = 3 written + 1 rejected + 0 skipped"'
check quote-text-after-close-kept 'test "$(cut -f5 out | tr "\n" " ")" = "name 甲 丙 丁 "'
check quote-text-after-close-reason 'grep -q "^q.csv	3	row	text after a closing quote	乙\\\\t" rej.tsv'
# Over a quoted line break too, and in the header: the file is refused.
printf '%s\n甲,%s,"a\nb"c\n丙,%s,y\n' "$H" $R $R > "$T/q2.csv"
expect quote-text-after-multiline 0 - - -- $IMPORT q2.csv
check quote-text-after-multiline-line 'grep -q "^lbc-import: q2.csv:2: rejected (row): text after a closing quote" err'
check quote-text-after-multiline-next 'cut -f2,5 out | grep -qx "4	丙"'
printf '"姓名"x,出生日期,区划代码\n甲,%s\n' $R > "$T/q3.csv"
expect quote-text-after-in-header 1 - - -- $IMPORT q3.csv
check quote-text-after-in-header-told 'grep -qx "lbc-import: q3.csv:1: malformed input" err'
check quote-text-after-in-header-no-rows 'test "$(wc -l < out)" -le 1'
# A stray quote inside an unquoted field is text, not an error.
printf '%s\n甲,%s,5"3\n' "$H" $R > "$T/q4.csv"
expect quote-stray-is-text 0 - - -- $IMPORT q4.csv
check quote-stray-is-text-value 'tail -n 1 out | cut -f17 | grep -qx "5\"3"'

# Encoding decided over the lines, not the first bytes: 20 GB18030 rows then
# 2,000 UTF-8 rows came out as 2,000 garbled names, 0 rejected.
{ printf '%s\n' "$H" | iconv -t GB18030
  i=0; while [ $i -lt 20 ]; do printf '张三%d,%s,旧\n' $i $R; i=$((i + 1)); done | iconv -t GB18030
  awk -v r=$R 'BEGIN { for (i = 0; i < 2000; i++) printf "王小明%d,%s,新\n", i, r }'
} > "$T/mix.csv"
expect encoding-mixed-gb-then-utf8 0 - - -- $IMPORT -v -R rej.tsv mix.csv
check encoding-mixed-gb-then-utf8-told 'head -n 1 err | grep -qx "lbc-import: mix.csv: UTF-8, comma-separated"'
check encoding-mixed-gb-then-utf8-count 'tail -n 1 err | grep -qx "lbc-import: 2020 rows read = 2000 written + 20 rejected + 0 skipped"'
check encoding-mixed-gb-then-utf8-names 'test "$(cut -f5 out | grep -c "^王小明[0-9]*$")" -eq 2000'
check encoding-mixed-gb-then-utf8-rejects 'test "$(grep -c "	encoding	bytes not valid in the file'"'"'s encoding	" rej.tsv)" -eq 20'
# The other way round: the UTF-8 rows are told, not read as GB18030.
{ printf '%s\n' "$H" | iconv -t GB18030
  awk -v r=$R 'BEGIN { for (i = 0; i < 2000; i++) printf "王小明%d,%s,旧\n", i, r }' | iconv -t GB18030
  i=0; while [ $i -lt 20 ]; do printf '张三%d,%s,新\n' $i $R; i=$((i + 1)); done
} > "$T/mix2.csv"
expect encoding-mixed-utf8-in-gb 0 - - -- $IMPORT -v -R rej.tsv mix2.csv
check encoding-mixed-utf8-in-gb-told 'head -n 1 err | grep -qx "lbc-import: mix2.csv: GB18030, comma-separated"'
check encoding-mixed-utf8-in-gb-count 'tail -n 1 err | grep -qx "lbc-import: 2020 rows read = 2000 written + 20 rejected + 0 skipped"'
check encoding-mixed-utf8-in-gb-rejects 'test "$(grep -c "	encoding	UTF-8 text in a GB18030 file	张三[0-9]*\\\\t2015-01-01\\\\t390121100001\\\\t新$" rej.tsv)" -eq 20'
check encoding-mixed-utf8-in-gb-names 'test "$(cut -f5 out | grep -c "^王小明[0-9]*$")" -eq 2000'

# A CR alone among LF line ends merged two children into one row (the
# second child's code in the first one's column).
printf '姓名,出生日期,区划代码,监护人\n甲,%s\r乙,%s,祖父母\n丙,%s,父母\n' $R $R $R > "$T/cr.csv"
expect cr-alone-ends-row 0 - - -- $IMPORT cr.csv
check cr-alone-ends-row-count 'tail -n 1 err | grep -qx "lbc-import: 3 rows read = 3 written + 0 rejected + 0 skipped"'
check cr-alone-ends-row-names 'test "$(cut -f2,5,8 out | tr "\t\n" "  ")" = "line name region 2 甲 390121100001 2 乙 390121100001 3 丙 390121100001 "'
check cr-alone-ends-row-no-cr '! grep -q "\\\\r" out'

# CSV fidelity (csv-spectrum, rust-csv, CPython test_csv): a quoted CR LF
# stays CR LF, white space and CR inside quotes stay in extra columns while
# canonical fields are trimmed, and an unclosed quote gains no LF at EOF.
printf '%s\r\n甲,%s,"a\r\nb"\r\n"  乙 ",%s," x\t "\r\n丙,%s,"c\r"\r\n丁,%s,"open' "$H" $R $R $R $R > "$T/fid.csv"
expect fidelity 0 - - -- $IMPORT fid.csv
check fidelity-quoted-crlf 'grep -q "^fid.csv	2			甲	.*	a\\\\r\\\\nb$" out'
check fidelity-quoted-space-kept 'grep -q "^fid.csv	4			乙	.*	 x\\\\t $" out'
check fidelity-canonical-trimmed 'cut -f5 out | grep -qx "乙"'
check fidelity-quoted-cr-kept 'grep -q "^fid.csv	5			丙	.*	c\\\\r$" out'
check fidelity-unclosed-no-lf 'grep -q "^fid.csv	6			丁	.*	open$" out'
check fidelity-unclosed-told 'grep -q "^lbc-import: fid.csv:6: a quoted field is not closed" err'
check fidelity-count 'tail -n 1 err | grep -qx "lbc-import: 4 rows read = 4 written + 0 rejected + 0 skipped"'

# The euro sign of code page 936 (0x80) lost its row even with --encoding gbk.
{ printf '%s\n' "$H" | iconv -t GB18030; printf '\325\305,%s,\20010\n' $R; } > "$T/euro.csv"
expect euro-cp936-gbk 0 - - -- $IMPORT --encoding gbk euro.csv
check euro-cp936-gbk-value 'tail -n 1 out | cut -f5,17 | grep -qx "张	€10"'
expect euro-cp936-detected 0 - - -- $IMPORT euro.csv
check euro-cp936-detected-value 'tail -n 1 out | cut -f5,17 | grep -qx "张	€10"'
# The 18 code points GB18030-2022 remapped come out at the 2022 code points.
{ printf '%s\n' "$H" | iconv -t GB18030
  printf '\325\305,%s,\246\331\246\332\246\333\246\334\246\335\246\336\246\337\246\354\246\355\246\363\376\131\376\141\376\146\376\147\376\155\376\176\376\220\376\240\n' $R
} > "$T/gb2022.csv"
printf '\357\270\220\357\270\222\357\270\221\357\270\223\357\270\224\357\270\225\357\270\226\357\270\227\357\270\230\357\270\231\351\276\264\351\276\265\351\276\266\351\276\267\351\276\270\351\276\271\351\276\272\351\276\273\n' > "$T/gb2022.want"
expect gb18030-2022-code-points 0 - - -- $IMPORT gb2022.csv
check gb18030-2022-code-points-value 'tail -n 1 out | cut -f17 | cmp -s - gb2022.want'
check gb18030-2022-no-pua '! tail -n 1 out | grep -q "$(printf "\\356")"'
check gb18030-2022-same-as-iconv 'tail -n 1 gb2022.csv | iconv -f GB18030 -t UTF-8 | cut -d, -f4 | cmp -s - gb2022.want'

# NUL bytes were told as "not valid in the file's encoding".
printf '%s\n甲,%s,a\0b\n乙,%s,c\n' "$H" $R $R > "$T/nul.csv"
expect nul-byte-message 0 - - -- $IMPORT nul.csv
check nul-byte-message-told 'grep -qx "lbc-import: nul.csv:2: rejected (encoding): a NUL byte, which is not text" err'
check nul-byte-message-rest 'tail -n 1 out | cut -f5 | grep -qx "乙"'
printf '%s\n甲,%s,a\377b\n' "$H" $R > "$T/bad.csv"
expect invalid-byte-message 0 - - -- $IMPORT --encoding utf-8 bad.csv
check invalid-byte-message-told 'grep -qx "lbc-import: bad.csv:2: rejected (encoding): bytes not valid in the file'"'"'s encoding" err'

# The regions table is read by the same CSV parser: text after a closing
# quote is refused with its line, not read loosely.
printf 'code,name\n520102,"南明区"x\n' > "$T/rt.csv"
printf '姓名,出生日期,区划代码\n甲,%s\n' $R > "$T/rd.csv"
expect regions-quote-text-after-close 1 - - -- $IMPORT --no-builtin-regions -r rt.csv rd.csv
check regions-quote-text-after-close-told 'grep -qx "lbc-import: rt.csv:2: text after a closing quote" err'

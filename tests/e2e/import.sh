# lbc-import end to end: samples, reject reasons, flags, encodings,
# separators, accounting, options and failures.
. "$(dirname "$0")/../lib.sh"
D=$DATA/import
IMPORT="lbc-import --as-of 2026-06-30"

# The shipped samples: GB18030 names, UTF-8 BOM codes, UTF-16LE TAB.
cp "$SAMPLES"/drops/* "$SAMPLES"/regions.tsv "$T"/
expect samples-records 0 "$D/samples.expected" "$D/samples.err.expected" -- \
    $IMPORT -r regions.tsv -R rej.tsv qingshui-villages.csv school-donghu.csv \
    shiqiao-township.txt
check samples-rejects 'cmp rej.tsv "$D/samples.rej.expected"'
check samples-no-temp-left 'test -z "$(ls | grep tmp)"'

# Every reject reason, in the order they are tested.
cp "$D"/reasons.csv "$D"/flags.csv "$D"/base.tsv "$D"/regions.tsv "$T"/
expect reasons 0 "$D/reasons.expected" "$D/reasons.err.expected" -- \
    $IMPORT -r regions.tsv -R rej.tsv reasons.csv
check reasons-rejects 'cmp rej.tsv "$D/reasons.rej.expected"'
check reasons-accounting 'n=$(($(wc -l < out) - 1 + $(wc -l < rej.tsv) - 1)); test "$n" -eq 16'
# Without -R each reject is told on stderr, with file and line.
expect reasons-stderr 0 "$D/reasons.expected" - -- \
    $IMPORT -r regions.tsv reasons.csv
check reasons-stderr-lines 'grep -c "^lbc-import: reasons.csv:[0-9]*: rejected (" err | grep -qx 13'
check reasons-stderr-line-4 'grep -q "^lbc-import: reasons.csv:4: rejected (identity): " err'
check reasons-stderr-no-names 'test -z "$(grep -E "甲|乙" err)"'
# -q: nothing on stderr.
expect quiet 0 "$D/reasons.expected" /dev/null -- \
    $IMPORT -q -r regions.tsv reasons.csv
# Names without any regions table reject the row (region).
(cd "$T" && $IMPORT --no-builtin-regions -R rej2.tsv reasons.csv >/dev/null 2>&1 </dev/null)
check names-need-table 'grep -q "need a regions table" "$T/rej2.tsv"'
# With no -r the names are looked up in the built-in table (where 清水县
# is in 甘肃 and 不存在村 nowhere).
(cd "$T" && $IMPORT -R rej3.tsv reasons.csv >/dev/null 2>&1 </dev/null)
check names-builtin-only 'grep -q "match no place in the regions table (at village level)" "$T/rej3.tsv" && ! grep -q "need a regions table" "$T/rej3.tsv"'

# Every flag.
expect flags 0 "$D/flags.expected" "$D/flags.err.expected" -- \
    $IMPORT -r regions.tsv flags.csv

# The same table in every encoding and separator gives the same records.
cp "$D/base.expected" "$T/base.want"; cut -f2- "$D/base.expected" > "$T/base.want2"
enc_case() {	# name, shell pipeline writing $T/in from base.tsv
	_n=$1; shift
	(cd "$T" && eval "$@") || { fail "encoding-$_n" "could not make input"; return; }
	(cd "$T" && $IMPORT in 2>err.enc | cut -f"${COLS:-1-}" > got.enc)
	if cut -f"${COLS:-1-}" "$T/base.want" | cmp -s - "$T/got.enc"; then ok "encoding-$_n"
	else fail "encoding-$_n" "$(diff "$T/base.want" "$T/got.enc" | head -5 | tr '\n' '|')"; fi
}
enc_case utf8-tab 'cp base.tsv in'
enc_case utf8-bom 'printf "\357\273\277" > in; cat base.tsv >> in'
enc_case utf8-crlf 'sed "s/\$/\r/" base.tsv > in'
enc_case utf8-comma 'tr "\t" , < base.tsv > in'
enc_case utf8-semicolon 'tr "\t" ";" < base.tsv > in'
enc_case gb18030-comma 'tr "\t" , < base.tsv | iconv -f utf-8 -t gb18030 > in'
enc_case gbk-semicolon 'tr "\t" ";" < base.tsv | iconv -f utf-8 -t gbk > in'
enc_case utf16le-bom 'printf "\377\376" > in; sed "s/\$/\r/" base.tsv | iconv -f utf-8 -t utf-16le >> in'
enc_case utf16be-bom 'printf "\376\377" > in; iconv -f utf-8 -t utf-16be base.tsv >> in'
enc_case quoted-fields 'sed "s/\([^\t]*\)/\"\1\"/g" base.tsv | tr "\t" , > in'
COLS=3- enc_case blank-lines-before-header 'printf "\n  \n" > in; cat base.tsv >> in'
# A GB18030 four-byte character (U+20000 is outside GBK) survives.
printf '姓名\t出生日期\t区划代码\n\360\240\200\200明\t2015-01-01\t390121100001\n' |
    iconv -f utf-8 -t gb18030 > "$T/four.tsv"
(cd "$T" && $IMPORT four.tsv 2>/dev/null | cut -f5 | tail -n 1 > four.got)
check gb18030-four-byte 'printf "\360\240\200\200明\n" | cmp -s - four.got'
# --encoding forces; a forced wrong encoding rejects the rows it cannot read.
tr '\t' , < "$D/base.tsv" | iconv -f utf-8 -t gb18030 > "$T/gb.csv"
expect encoding-forced 0 - - -- $IMPORT --encoding gbk gb.csv
check encoding-forced-output 'cut -f2- out | cmp -s - base.want2'
expect encoding-forced-wrong 1 - - -- $IMPORT --encoding utf-8 gb.csv
check encoding-forced-wrong-message 'grep -q "gb.csv:1: bytes not valid" err'
expect delimiter-forced 0 - - -- $IMPORT --delimiter semicolon gb.csv
check delimiter-forced-one-column 'grep -q "rows read = 0 written + 3 rejected" err'

# Quoted line breaks: the record keeps the line where it starts.
printf '姓名,出生日期,区划代码,备注\n甲,2015-01-01,390121100001,"a\nb\nc"\n乙,2015-01-01,390121100001,d\n' > "$T/ml.csv"
expect multiline 0 - - -- $IMPORT ml.csv
check multiline-lines 'cut -f2 out | tr "\n" " " | grep -qx "line 2 5 "'
check multiline-escaped 'tail -n 2 out | head -n 1 | cut -f17 | grep -qx "a\\\\nb\\\\nc"'

# A row with a 20 MB field neither crashes nor hangs.
{ printf '姓名,出生日期,区划代码,备注\n甲,2015-01-01,390121100001,"'
  head -c 20000000 /dev/zero | tr '\0' x; printf '"\n'; } > "$T/big.csv"
expect big-field 0 - - -- $IMPORT big.csv
check big-field-kept 'test "$(tail -n 1 out | cut -f17 | wc -c)" -eq 20000001'

# Several files: the header is the union of extra columns, in order.
printf '姓名,出生日期,区划代码,备注\n甲,2015-01-01,390121100001,x\n' > "$T/a.csv"
printf '姓名,出生日期,区划代码,联系电话,备注\n乙,2015-01-01,390121100001,000,y\n' > "$T/b.csv"
expect union 0 - - -- $IMPORT a.csv b.csv
check union-header 'head -n 1 out | cut -f17- | grep -qx "备注	联系电话"'
check union-values 'tail -n 1 out | cut -f17- | grep -qx "y	000"'
# Standard input is "-".
IN=$T/a.csv expect stdin 0 - - -- $IMPORT
check stdin-src 'tail -n 1 out | cut -f1-2 | grep -qx -e "-	2"'
IN=/dev/null

# Mapping file and codebook file.
printf '孩子名字,生日,代码,等级\n甲,2015-01-01,390121100001,红色\n' > "$T/m.csv"
printf '孩子名字\tname\n生日\tbirth\n代码\tregion\n等级\trisk\n' > "$T/map.tsv"
printf 'risk\thigh\t高风险\t红色\n' > "$T/cb.tsv"
expect mapping 0 - - -- $IMPORT -m map.tsv -c cb.tsv m.csv
check mapping-fields 'tail -n 1 out | cut -f5,7,8,10 | grep -qx "甲	2015-01-01	390121100001	high"'
printf 'only one column\n' > "$T/badmap.tsv"
expect mapping-bad 1 - - -- $IMPORT -m badmap.tsv m.csv
check mapping-bad-message 'grep -q "^lbc-import: badmap.tsv:1: expected header<TAB>field" err'

# Failures: missing file (others still read), empty file, options, writes.
expect missing-file 1 - - -- $IMPORT nope.csv a.csv
check missing-file-message 'grep -q "^lbc-import: nope.csv: No such file or directory" err'
check missing-file-others 'test "$(wc -l < out)" -eq 2'
: > "$T/empty.csv"
expect empty-file 1 - - -- $IMPORT empty.csv
check empty-file-message 'grep -q "^lbc-import: empty.csv: no header row" err'
expect directory 1 - - -- $IMPORT "$T"
expect bad-option 2 /dev/null - -- $IMPORT --frobnicate a.csv
check bad-option-usage 'grep -q "^usage: lbc-import" err'
expect bad-date 2 /dev/null - -- $IMPORT --as-of yesterday a.csv
expect bad-encoding 2 /dev/null - -- $IMPORT --encoding latin1 a.csv
expect full-disk 1 - - -- sh -c "$IMPORT a.csv > /dev/full"
expect rejects-missing-dir 1 - - -- $IMPORT -R /nonexistent/rej.tsv a.csv
check rejects-missing-dir-no-file 'test ! -e /nonexistent/rej.tsv'
expect help 0 - /dev/null -- lbc-import --help
check help-usage 'head -n 1 out | grep -q "^usage: lbc-import"'
expect version 0 - /dev/null -- lbc-import --version
check version-line 'grep -qx "lbc-import (lbc) [0-9.]*" out'

# Regressions: year.month is not an Excel serial; a row of separators
# before the header is blank; two columns of one name keep both values;
# an unclosed quote is told; CR-only line ends; getopt names the command.
printf '姓名,出生年月,区划代码,排查日期\n甲,2015.03,520102,2024.5\n' > "$T/ym.csv"
expect year-dot-month 0 - - -- $IMPORT ym.csv
check year-dot-month-fields 'tail -n 1 out | cut -f7,12,16 | grep -qx "2015-03-01	2024-05-01	birth_partial;survey_partial"'
printf ',,\n姓名,区划代码,出生日期\n甲,520102,2015-01-01\n' > "$T/sep.csv"
expect separators-before-header 0 - - -- $IMPORT sep.csv
check separators-before-header-line 'tail -n 1 out | cut -f2,5 | grep -qx "3	甲"'
printf '姓名,出生日期,区划代码,备注,备注\n甲,2015-01-01,520102,a,b\n' > "$T/dup.csv"
expect duplicate-columns 0 - - -- $IMPORT dup.csv
check duplicate-columns-kept 'head -n 1 out | cut -f17- | grep -qx "备注	备注_2" && tail -n 1 out | cut -f17- | grep -qx "a	b"'
printf '姓名,出生日期,区划代码,备注\n甲,2015-01-01,520102,"open\n乙,2015-01-01,520102,x\n' > "$T/open.csv"
expect unclosed-quote 0 - - -- $IMPORT open.csv
check unclosed-quote-told 'grep -q "^lbc-import: open.csv:2: a quoted field is not closed" err'
printf '姓名,出生日期,区划代码\r甲,2015-01-01,520102\r乙,2015-01-01,520102\r' > "$T/mac.csv"
expect cr-line-ends 0 - - -- $IMPORT mac.csv
check cr-line-ends-lines 'cut -f2 out | tr "\n" " " | grep -qx "line 2 3 "'
expect getopt-name 2 /dev/null - -- $IMPORT --bogus
check getopt-name-message 'head -n 1 err | grep -q "^lbc-import: unrecognized option"'

# A CR alone ends a row, even where a batch of rows ends: two children on
# one LF line are two records, never one merged row, and rows are never
# lost at a batch boundary (4096 rows a batch).
awk 'BEGIN { print "姓名,出生日期,区划代码,备注"
	for (i = 1; i <= 5000; i++)
		if (i == 4095) printf "甲%d,2015-01-01,390121100001,a\r乙,2015-01-01,390121100001,\"open\n", i
		else if (i == 4096) printf "close\"\n"
		else printf "甲%d,2015-01-01,390121100001,x\n", i }' > "$T/cr.csv"
expect cr-inside-line 0 - - -- $IMPORT cr.csv
check cr-inside-line-count 'tail -n 1 err | grep -qx "lbc-import: 5000 rows read = 5000 written + 0 rejected + 0 skipped"'
check cr-inside-line-two-rows 'grep -q "^cr.csv	4096			甲4095	.*	a$" out && grep -q "^cr.csv	4096			乙	.*	open\\\\nclose$" out'
check cr-inside-line-numbers 'grep -q "^cr.csv	4098			甲4097	" out'
check cr-inside-line-no-warning '! grep -q "not closed" err'
# A reader that stops early: exit 1, no message, no temporary file left.
awk 'BEGIN { print "姓名,出生日期,区划代码"
	for (i = 1; i <= 50000; i++) printf "甲%d,2015-01-01,390121100001\n", i }' > "$T/many.csv"
(cd "$T" && { $IMPORT -R pipe-rej.tsv many.csv 2>pipe.err; echo $? > pipe.rc; } | head -n 1 >/dev/null)
check closed-pipe-exit 'test "$(cat pipe.rc)" -eq 1'
check closed-pipe-quiet '! grep -q "Broken pipe" pipe.err'
check closed-pipe-no-temp '! ls -a | grep -q -e "pipe-rej.tsv" -e "^\.lbc-tmp"'
# -R through a symbolic link replaces its target; permissions are kept.
: > "$T/target.tsv"
chmod 600 "$T/target.tsv"
ln -s target.tsv "$T/link.tsv"
expect rejects-link 0 - - -- $IMPORT -R link.tsv reasons.csv
check rejects-link-stays 'test -L link.tsv && test -s target.tsv'
check rejects-mode-kept 'test "$(stat -c %a target.tsv)" = 600'

# A run ended by a signal leaves no temporary rejects file: standard output
# goes to a FIFO nobody reads, so lbc-import blocks after opening -R (a
# temporary file without a name, seen in /proc, or a named one).
(
	cd "$T" && mkfifo stuck.fifo && exec 3<>stuck.fifo
	$IMPORT -R sig-rej.tsv many.csv >stuck.fifo 2>/dev/null &
	pid=$!
	opened() { ls -a | grep -q "^\.lbc-tmp" ||
	    ls -l /proc/$pid/fd 2>/dev/null | grep -q "/#[0-9]* (deleted)$"; }
	for i in 1 2 3 4 5 6 7 8 9 10; do
		opened && break
		sleep 0.2
	done
	opened && echo opened > sig.state
	kill -TERM "$pid"
	wait "$pid"
	echo "$?" > sig.rc
)
check signal-temp-was-there 'test -f sig.state'
check signal-exit 'test "$(cat sig.rc)" -eq 143'
check signal-no-temp '! ls -a | grep -q -e "sig-rej.tsv" -e "^\.lbc-tmp"'

# A county code with township and village names gives the village code;
# names that do not fit leave the code as it is.
printf '姓名,出生日期,区划代码,乡镇,村\n甲,2015-01-01,390121,清水镇,新华村\n乙,2015-01-01,390121,白沙镇,不存在村\n' > "$T/refine.csv"
expect region-refined 0 - - -- $IMPORT -r regions.tsv refine.csv
check region-refined-codes 'cut -f8 out | tail -n 2 | tr "\n" " " | grep -qx "390121100001 390121 "'

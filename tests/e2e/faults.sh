# Fault injection: unreadable input, a read error, a full disk, a truncated
# file, a missing output folder.  Each command gives the documented exit
# status (1) with a message, and -o/-R/-C files appear whole or not at all.
# (Tests run as root, who can read a chmod 000 file: a directory and
# /proc/self/mem, whose read fails with EIO, stand in for unreadable input.)
. "$(dirname "$0")/../lib.sh"
mkdir "$T/adir"
has() { [ -x "$LBC_BIN/$1" ]; }
# No file but the expected ones: nothing named like a temporary file.
no_temp='test -z "$(ls -a | grep -i -e tmp -e "^\.lbc" -e "~")"'

# Inputs: a generated drop and its regions, imported once whole.
(cd "$T" && lbc-gen -n 400 -s 11 > drop.csv && lbc-gen -n 400 -s 11 -f regions > reg.tsv &&
    lbc-gen -n 400 -s 11 -e utf16 > drop16.txt &&
    lbc-import -q -r reg.tsv drop.csv > full.tsv) || fail setup "could not make inputs"

if has lbc-import; then
	expect import-directory 1 - - -- lbc-import -r reg.tsv adir
	check import-directory-message 'grep -q "^lbc-import: adir: Is a directory" err'
	expect import-read-error 1 - - -- lbc-import -r reg.tsv /proc/self/mem
	check import-read-error-message 'grep -q "^lbc-import: /proc/self/mem: Input/output error" err'
	# A bad file among good ones: the good ones are still imported.
	expect import-bad-among-good 1 "$T/full.tsv" - -- lbc-import -q -r reg.tsv drop.csv adir
	expect import-regions-directory 1 /dev/null - -- lbc-import -r adir drop.csv
	check import-regions-directory-message 'grep -q "^lbc-import: adir" err'
	expect import-regions-missing 1 /dev/null - -- lbc-import -r nosuch.tsv drop.csv
	check import-regions-missing-message 'grep -q "^lbc-import: nosuch.tsv: No such file or directory" err'
	expect import-empty-file 1 - - -- lbc-import -r reg.tsv /dev/null
	check import-empty-file-message 'grep -q "^lbc-import: /dev/null: no header row" err'

	expect import-full-disk 1 - - -- sh -c 'lbc-import -q -r reg.tsv -R rej.tsv drop.csv > /dev/full'
	check import-full-disk-message 'grep -q "^lbc-import: standard output: No space left on device" err'
	check import-full-disk-no-rejects 'test ! -e rej.tsv'
	check import-full-disk-no-temp "$no_temp"
	expect import-rejects-missing-folder 1 /dev/null - -- lbc-import -q -r reg.tsv -R /nonexistent/x/rej.tsv drop.csv
	check import-rejects-missing-folder-message 'grep -q "^lbc-import: /nonexistent/x/rej.tsv: No such file or directory" err'
	check import-rejects-missing-folder-none 'test ! -e /nonexistent/x/rej.tsv'
	expect import-rejects-is-directory 1 - - -- lbc-import -q -r reg.tsv -R adir drop.csv
	check import-rejects-is-directory-message 'grep -q "^lbc-import: adir: Is a directory" err'
	check import-rejects-is-directory-untouched 'test -d adir && test -z "$(ls -A adir)"'
	check import-no-temp "$no_temp"

	# A file cut short, inside a GB18030 character, inside a quoted field,
	# inside a UTF-16 code unit: the rows before the cut come out as from
	# the whole file, every row read is accounted for, exit 0.
	size=$(wc -c < "$T/drop.csv")
	for cut in $((size / 3)) $((size / 2 + 1)) $((size - 7)); do
		head -c $cut "$T/drop.csv" > "$T/cut.csv"
		expect import-truncated-$cut 0 - - -- lbc-import -r reg.tsv -R rej.tsv cut.csv
		check import-truncated-$cut-prefix 'n=$(($(wc -l < out) - 1)); test $n -gt 50 &&
		    head -n $n out | cut -f2- > a && head -n $n full.tsv | cut -f2- > b && cmp -s a b'
		check import-truncated-$cut-accounts 'tail -n 1 err | awk "{ if (\$3 != \"rows\" || \$2 != \$6 + \$9 + \$12) exit 1 }"'
	done
	printf '姓名,身份证号,区划代码,备注\n甲,,390121100001,"没有结束' > "$T/open-quote.csv"
	expect import-truncated-in-quotes 0 - - -- lbc-import -r "$SAMPLES/regions.tsv" open-quote.csv
	check import-truncated-in-quotes-accounts 'tail -n 1 err | grep -q " 1 rows read = "'
	size=$(wc -c < "$T/drop16.txt")
	head -c $((size / 2 | 1)) "$T/drop16.txt" > "$T/cut16.txt"
	expect import-truncated-utf16 0 - - -- lbc-import -r reg.tsv cut16.txt
	check import-truncated-utf16-accounts 'tail -n 1 err | awk "{ if (\$3 != \"rows\" || \$2 != \$6 + \$9 + \$12) exit 1 }"'
fi

# A record stream cut in the middle of a line.
(cd "$T" && lbc-gen -n 300 -s 4 -f stream > s.tsv &&
    head -c $(($(wc -c < s.tsv) / 2)) s.tsv > cut.tsv) || fail setup "could not make streams"
cutline=$(($(wc -l < "$T/cut.tsv") + 1))

if has lbc-dedupe; then
	expect dedupe-directory 1 /dev/null - -- lbc-dedupe adir
	check dedupe-directory-message 'grep -q "^lbc-dedupe: adir: Is a directory" err'
	expect dedupe-read-error 1 /dev/null - -- lbc-dedupe /proc/self/mem
	check dedupe-read-error-message 'grep -q "^lbc-dedupe: /proc/self/mem: Input/output error" err'
	expect dedupe-truncated 1 /dev/null - -- lbc-dedupe -C c.tsv cut.tsv
	check dedupe-truncated-message 'grep -q "^lbc-dedupe: cut.tsv:$cutline: wrong number of fields" err'
	check dedupe-truncated-no-clusters 'test ! -e c.tsv'
	expect dedupe-full-disk 1 - - -- sh -c 'lbc-dedupe -C c.tsv s.tsv > /dev/full'
	check dedupe-full-disk-message 'grep -q "^lbc-dedupe: stdout: No space left on device" err'
	check dedupe-full-disk-no-clusters 'test ! -e c.tsv'
	expect dedupe-clusters-missing-folder 1 /dev/null - -- lbc-dedupe -C /nonexistent/x/c.tsv s.tsv
	check dedupe-clusters-missing-folder-message 'grep -q "^lbc-dedupe: /nonexistent/x/c.tsv: No such file or directory" err'
	echo old > "$T/c.tsv"
	expect dedupe-truncated-old-kept 1 /dev/null - -- lbc-dedupe -C c.tsv cut.tsv
	check dedupe-truncated-old-kept-content 'test "$(cat c.tsv)" = old'
	rm -f "$T/c.tsv"
	check dedupe-no-temp "$no_temp"
fi

if has lbc-tally; then
	expect tally-directory 1 /dev/null - -- lbc-tally -b risk adir
	check tally-directory-message 'grep -q "^lbc-tally: adir: Is a directory" err'
	expect tally-read-error 1 /dev/null - -- lbc-tally -b risk /proc/self/mem
	check tally-read-error-message 'grep -q "^lbc-tally: /proc/self/mem: Input/output error" err'
	expect tally-truncated 1 /dev/null - -- lbc-tally -b region,risk -o t.xlsx cut.tsv
	check tally-truncated-message 'grep -q "^lbc-tally: cut.tsv:$cutline: wrong number of fields" err'
	check tally-truncated-no-workbook 'test ! -e t.xlsx'
	expect tally-full-disk 1 - - -- sh -c 'lbc-tally -b risk s.tsv > /dev/full'
	check tally-full-disk-message 'grep -q "^lbc-tally: stdout: No space left on device" err'
	expect tally-missing-folder 1 /dev/null - -- lbc-tally -b risk -o /nonexistent/x/t.xlsx s.tsv
	check tally-missing-folder-message 'grep -q "^lbc-tally: /nonexistent/x/t.xlsx: No such file or directory" err'
	check tally-missing-folder-none 'test ! -e /nonexistent/x/t.xlsx'
	echo old > "$T/t.xlsx"
	expect tally-truncated-old-kept 1 /dev/null - -- lbc-tally -b risk -o t.xlsx cut.tsv
	check tally-truncated-old-kept-content 'test "$(cat t.xlsx)" = old'
	rm -f "$T/t.xlsx"
	check tally-no-temp "$no_temp"
fi

# A failure upstream in the pipeline leaves no workbook downstream.
if has lbc-dedupe && has lbc-tally; then
	expect pipeline-upstream-failure 1 /dev/null - -- sh -c 'lbc-dedupe cut.tsv | lbc-tally -b risk -o t.xlsx'
	check pipeline-upstream-failure-no-workbook 'test ! -e t.xlsx'
fi

if has lbc-chart; then
	TBL=$DATA/chart/region.tsv
	expect chart-directory 1 /dev/null - -- lbc-chart -o c.png adir
	check chart-directory-message 'grep -q "^lbc-chart: adir: Is a directory" err && test ! -e c.png'
	expect chart-read-error 1 /dev/null - -- lbc-chart -o c.png /proc/self/mem
	check chart-read-error-message 'grep -q "^lbc-chart: /proc/self/mem: Input/output error" err && test ! -e c.png'
	expect chart-missing-folder 1 /dev/null - -- lbc-chart -o /nonexistent/x/c.png "$TBL"
	check chart-missing-folder-none 'test ! -e /nonexistent/x/c.png'
	expect chart-full-disk 1 - - -- sh -c "lbc-chart '$TBL' > /dev/full"
	# A table cut inside a character: its line is named, nothing drawn.
	head -c 100 "$TBL" > "$T/cut.tsv"
	expect chart-truncated 1 /dev/null - -- lbc-chart -o c.png cut.tsv
	check chart-truncated-message 'grep -q "^lbc-chart: cut.tsv:[0-9]*: not valid UTF-8" err && test ! -e c.png'
	# gnuplot that dies or quits before reading its script: no SIGPIPE
	# death, exit 1, the old chart left as it was.
	printf '#!/bin/sh\nexit 0\n' > "$T/quits.sh"
	printf '#!/bin/sh\nkill -9 $$\n' > "$T/dies.sh"
	printf '#!/bin/sh\nexec 0<&-\nsleep 0.2\nexit 3\n' > "$T/closes.sh"
	chmod +x "$T/quits.sh" "$T/dies.sh" "$T/closes.sh"
	for g in quits dies closes; do
		echo old > "$T/c.png"
		expect chart-gnuplot-$g 1 /dev/null - -- env GNUPLOT="$T/$g.sh" lbc-chart -o c.png "$TBL"
		check chart-gnuplot-$g-old-kept 'test "$(cat c.png)" = old'
	done
	check chart-no-temp "$no_temp"
fi

# lbc-tally --suppress K: no count of 1 to K-1 published, and none that can
# be worked out from what is; audited by linear programming
# (tests/suppress_audit.py, scipy) on random tables linked in one run, at
# several K; "*" in TSV, --long and the workbook; usage errors.
. "$(dirname "$0")/../lib.sh"
PY=/usr/bin/python3
AS="--as-of 2026-06-30"
D=$DATA/tally
cp "$D"/records.tsv "$D"/regions.tsv "$T"/

if ! $PY -c "import scipy.optimize" 2>/dev/null; then
	echo "SKIP suppress-audit: python3-scipy not installed"
else
	# audit K FILE NAME: queued; audits_run runs them two at a time and
	# prints their lines in order
	: > "$T/audits"
	audit() { printf '%s %s %s\n' "$1" "$2" "$3" >> "$T/audits"; }
	audits_run() {
		_i=0
		while read -r _k _f _n; do
			_i=$((_i + 1))
			{ $PY "$TOP/tests/suppress_audit.py" "$_k" "$_f" "$_n" \
			    > "$T/audit.$_i" 2>&1 ||
			    echo "FAIL $_n: the audit failed" >> "$T/audit.$_i"; } &
			[ $((_i % 2)) -ne 0 ] || wait
		done < "$T/audits"
		wait
		_j=1
		while [ "$_j" -le "$_i" ]; do
			cat "$T/audit.$_j"
			_j=$((_j + 1))
		done
		: > "$T/audits"
	}
	# Linked tables: region x risk and its list and transpose, a
	# multi-response field across and down, and tables without region.
	for s in 1 2 3 4 5 6 7 8 9 10 11 12; do
		k=$((s % 3 + 2))
		$PY "$TOP/tests/suppress_gen.py" $s $((s * 41 % 300 + 30)) \
		    $((s % 6 * 9 + 4)) > "$T/r$s.tsv"
		expect "suppress-run-$s" 0 - /dev/null -- \
		    lbc-tally -l village $AS --suppress $k -b region,risk \
		    -b region -b risk,region -b region,problems -b problems \
		    -b sex,guardian -b guardian,risk -b problems,risk "r$s.tsv"
		cp "$T/out" "$T/t$s.tsv"
		audit $k "$T/t$s.tsv" "suppress-audit-$s-k$k"
	done
	# Levels published together (-l county,township,village): random
	# villages in townships in counties, the hierarchy's sums audited
	# with the tables' own.
	for s in 50 51 52 53 54 55 56 57 58 60 61 62; do
		k=$((s % 3 + 2))
		case $((s % 3)) in
		0) L=county,township,village ;;
		1) L=township,village ;;
		2) L=county,village ;;
		esac
		$PY "$TOP/tests/suppress_gen.py" $s $((s * 97 % 700 + 150)) \
		    $((s % 9 * 7 + 12)) $((s % 3 + 2)) > "$T/h$s.tsv"
		expect "suppress-levels-run-$s" 0 - /dev/null -- \
		    lbc-tally -l $L $AS --suppress $k -b region,risk -b region \
		    -b region,problems -b risk -b sex,guardian -b guardian,risk \
		    "h$s.tsv"
		cp "$T/out" "$T/ht$s.tsv"
		check "suppress-levels-$s-has-levels" "test \$(grep -cE '^(region|县\\(市、区\\).*)×risk' ht$s.tsv) -eq $(echo $L | tr ',' '\n' | wc -l)"
		audit $k "$T/ht$s.tsv" "suppress-levels-audit-$s-k$k"
	done
	# Tables whose cells the cycles alone left learnable (a hidden 0 or 1
	# that could not reach K, a cell fixed by its ancestors' rows): the
	# audit in lbc-tally hides more until the whole system passes.
	# seed children villages counties K levels
	while read -r s n nv nc k L; do
		$PY "$TOP/tests/suppress_gen.py" $s $n $nv $nc > "$T/g$s.tsv"
		expect "suppress-audited-run-$s" 0 - /dev/null -- \
		    lbc-tally -l $L $AS --suppress $k -b region,risk -b region \
		    -b region,problems -b risk -b sex,guardian -b guardian,risk \
		    -b problems "g$s.tsv"
		cp "$T/out" "$T/gt$s.tsv"
		audit $k "$T/gt$s.tsv" "suppress-audited-regression-$s-k$k"
	done <<-'END'
	216 544 42 1 2 county,township,village
	246 114 72 3 4 county,township,village
	207 1273 33 4 5 county,township,village
	END
	# the test data's 20 children at K=3 on three levels, every table:
	# a hidden 0 beside a 2 could not reach 3
	expect suppress-sample-three-levels 0 - /dev/null -- \
	    lbc-tally -l county,township,village $AS --suppress 3 records.tsv
	cp "$T/out" "$T/sample3.tsv"
	audit 3 "$T/sample3.tsv" suppress-audit-sample-three-levels
	audits_run
	# the same tables suppressed level by level leak: the audit sees it
	for l in county township village; do
		(cd "$T" && lbc-tally -l $l $AS --suppress 3 -b region,risk \
		    h50.tsv) > "$T/sep-$l.tsv"
	done
	cat "$T/sep-county.tsv" > "$T/sep.tsv"
	for l in township village; do
		echo >> "$T/sep.tsv"
		cat "$T/sep-$l.tsv" >> "$T/sep.tsv"
	done
	check suppress-levels-separate-runs-leak "$PY $TOP/tests/suppress_audit.py 3 sep.tsv sep |
	    grep -q '^FAIL sep: no suppressed cell'"
	# the audit links the levels
	check suppress-levels-audit-links "$PY $TOP/tests/suppress_audit.py 2 ht51.tsv x |
	    grep -q '^PASS x: 6 level links audited'"
	# the demo's tables, which have cells of 1 and 2 children
	expect suppress-default 0 - /dev/null -- \
	    lbc-tally -r regions.tsv -l village $AS --suppress 3 records.tsv
	cp "$T/out" "$T/default.tsv"
	audit 3 "$T/default.tsv" suppress-audit-default
	audits_run
	# the audit fails a table with a cell that can be worked out
	printf 'risk\t人数\n高风险\t*\n中风险\t4\n合计\t9\n' > "$T/leak.tsv"
	check suppress-audit-catches-a-leak "$PY $TOP/tests/suppress_audit.py 3 leak.tsv leak |
	    grep -q '^FAIL leak: no suppressed cell recomputed exactly'"
fi

# Cells printed as *, their percentages empty, no tests; a note says so.
expect suppress-tsv 0 - /dev/null -- \
    lbc-tally $AS --suppress 3 --pct row -b risk,sex records.tsv
check suppress-tsv-star 'grep -q "	\*		" out'
check suppress-tsv-no-tests '! grep -q "test=pearson" out &&
    grep -q "^#	note=\* suppressed" out'
check suppress-tsv-no-small 'awk -F"\t" "NR > 1 && \$1 !~ /^#/ {
    for (i = 2; i <= NF; i += 2) if (\$i == 1 || \$i == 2) exit 1 }" out'
expect suppress-long 0 - /dev/null -- \
    lbc-tally $AS --suppress 3 --long -b risk,sex records.tsv
check suppress-long-star 'grep -q "	\*\$" out && ! grep -qE "	(1|2)\$" out'
expect no-suppress-same-as-before 0 - /dev/null -- \
    lbc-tally $AS -b risk,sex records.tsv
check no-suppress-no-star '! grep -q "\*" out'

# The workbook: * cells, no chart for such a table, the about sheet says
# what was hidden and by which rule.
expect suppress-xlsx 0 /dev/null /dev/null -- \
    lbc-tally -r regions.tsv $AS --suppress 3 -b region,risk -b sex \
    -o s.xlsx records.tsv
$PY - "$T/s.xlsx" <<'PYEOF' || fail suppress-xlsx-check "see above"
import sys, zipfile, openpyxl
def say(ok, what):
    print(("PASS " if ok else "FAIL ") + what)
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
vals = [ws.cell(r, c).value for r in range(4, ws.max_row + 1)
        for c in range(2, ws.max_column + 1, 2)]
say("*" in vals, "suppress-xlsx-star")
say(not any(v in (1, 2) for v in vals), "suppress-xlsx-no-small-count")
pct = [ws.cell(r, c + 1).value for r in range(4, ws.max_row + 1)
       for c in range(2, ws.max_column + 1, 2) if ws.cell(r, c).value == "*"]
say(all(p is None for p in pct), "suppress-xlsx-no-percentage-of-hidden")
say("*" in ws["A2"].value, "suppress-xlsx-note")
say(not any(ws.cell(r, 1).value == "检验" for r in range(1, ws.max_row + 1)),
    "suppress-xlsx-no-tests")
about = wb["说明"]
text = {about.cell(r, 1).value: about.cell(r, 2).value
        for r in range(1, about.max_row + 1)}
rule = text.get("小数隐去") or ""
say("--suppress 3" in rule and "一次" in rule and "二次" in rule,
    "suppress-xlsx-about-says-rule")
PYEOF
expect suppress-levels-xlsx 0 /dev/null /dev/null -- \
    lbc-tally -r regions.tsv $AS -l county,township,village --suppress 3 \
    -b region,risk -b sex -o "$T/lv.xlsx" records.tsv
$PY - "$T/lv.xlsx" <<'PYEOF' || fail suppress-levels-xlsx-check "see above"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
def say(ok, name):
    print(("PASS " if ok else "FAIL ") + name)
say(wb.sheetnames == ["1 区划（县级）×风险等级", "2 性别",
    "3 区划（乡镇级）×风险等级", "4 区划（村级）×风险等级", "说明"],
    "suppress-levels-xlsx-sheets")
about = wb["说明"]
text = {about.cell(r, 1).value: about.cell(r, 2).value
        for r in range(1, about.max_row + 1)}
say(text.get("区划级别") == "县（6位代码）、乡镇（9位代码）、村（12位代码）",
    "suppress-levels-xlsx-about-levels")
PYEOF

# Usage.
for bad in 1 0 x 3x ""; do
	expect "suppress-usage-$bad" 2 /dev/null - -- \
	    lbc-tally --suppress "$bad" records.tsv
done
check suppress-usage-message 'grep -q "^lbc-tally: --suppress : give a whole number" err'

# Several levels: coarse to fine, each once; region first with --suppress.
for bad in village,county county,county county, ,county county,,village \
    county,town; do
	expect "levels-usage-$bad" 2 /dev/null - -- lbc-tally -l "$bad" records.tsv
done
check levels-usage-message 'grep -q "^lbc-tally: -l county,town: give province" err'
echo "lbc-tally: --suppress with several levels: give region first (-b region,risk)" > "$T/second.err"
expect suppress-levels-region-second 2 /dev/null "$T/second.err" -- \
    lbc-tally -l county,township --suppress 3 -b risk,region records.tsv
expect levels-tables 0 - /dev/null -- \
    lbc-tally -l county,township,village -b region -b sex records.tsv
check levels-tables-order 'test "$(grep -v "^#" out | awk -F"\t" "NR == 1 || prev == \"\" { print \$1 } { prev = \$0 }" | tr "\n" " ")" = "region sex 县(市、区) 县(市、区) "'
check levels-tables-sum 'awk -F"\t" "\$1 == \"合计\" { print \$NF }" out | sort -u | wc -l | grep -qx 1'

# Layers are sums across tables the method does not model: refused.
echo "lbc-tally: --suppress does not take layers (-b a,b,c): the layers' sums are not protected" > "$T/layers.err"
expect suppress-layers-refused 2 /dev/null "$T/layers.err" -- \
    lbc-tally --suppress 3 -b region,risk,sex records.tsv

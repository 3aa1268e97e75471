# lbc-tally end to end: every field kind, every region level with names,
# multi-response totals, age-band edges, percentages, --long, the workbook
# read back by openpyxl, and failures.
. "$(dirname "$0")/../lib.sh"
D=$DATA/tally
PY=/usr/bin/python3
cp "$D"/records.tsv "$D"/regions.tsv "$D"/codebook.tsv "$T"/
AS="--as-of 2026-06-30"

# The default tables: region x risk, region x problems, guardian, age, sex.
expect default 0 "$D/default.expected" /dev/null -- \
    lbc-tally -r regions.tsv $AS records.tsv
IN=$D/records.tsv expect stdin 0 "$D/default.expected" /dev/null -- \
    lbc-tally -r regions.tsv $AS
IN=$D/records.tsv expect stdin-dash 0 "$D/default.expected" /dev/null -- \
    lbc-tally -r regions.tsv $AS -

# Every region level, names from the regions table; codes shorter than the
# level marked, codes outside the table as codes, a repeated village name
# told apart by its code.
for l in province city county township village; do
	expect "level-$l" 0 "$D/level-$l.expected" /dev/null -- \
	    lbc-tally -r regions.tsv -l "$l" -b region records.tsv
done
expect level-digits 0 "$D/level-township.expected" /dev/null -- \
    lbc-tally -r regions.tsv -l 9 -b region records.tsv
expect level-without-names 0 "$D/level-village-codes.expected" /dev/null -- \
    lbc-tally -l village -b region records.tsv

# Every other field kind: coded (codebook order, unknown values after,
# 未填 last), age bands, multi-response, month, any column by name.
expect fields 0 "$D/fields.expected" /dev/null -- \
    lbc-tally $AS -b sex -b age -b guardian -b risk -b problems -b month \
    -b school -b flags -b 备注 records.tsv

# Multi-response: a child once under each problem, 合计 counts children.
expect multi 0 "$D/multi.expected" /dev/null -- \
    lbc-tally -r regions.tsv -b region,problems -b problems,risk records.tsv
check multi-columns-sum-above-total 'awk -F"\t" "/^合计/ && !done {
    for (i = 2; i < NF; i++) s += \$i; print s, \$NF; done = 1 }" out |
    { read s t; test "$s" -gt "$t" && test "$t" -eq 20; }'
check multi-rows-sum-above-total 'awk -F"\t" "/^problems×risk/ { on = 1; next }
    on && /^合计/ { print s, \$NF; exit } on { s += \$NF }" out |
    { read s t; test "$s" -gt "$t" && test "$t" -eq 20; }'
check multi-total-is-children 'test "$(grep -c . records.tsv)" -eq 21'

# Age at the survey date: 15 years 364 days is 15, a birthday on the
# survey date counts (6, 14, 16), the leap-day child, as-of for records
# without a survey date, own bands.
check age-edges 'grep -qx "0-5岁	1" "$D/fields.expected" &&
    grep -qx "14-15岁	4" "$D/fields.expected" &&
    grep -qx "16岁及以上	2" "$D/fields.expected"'
expect ages 0 "$D/ages.expected" /dev/null -- \
    lbc-tally --as-of 2026-06-29 --ages 0,3,6,12,15 -b age records.tsv

# Percentages of the row, the column, everything; Wilson intervals.
expect pct-row 0 "$D/pct-row.expected" /dev/null -- \
    lbc-tally -r regions.tsv -b region,risk --pct row records.tsv
expect pct-col 0 "$D/pct-col.expected" /dev/null -- \
    lbc-tally -r regions.tsv -b region,risk --pct col records.tsv
expect pct-all-ci 0 "$D/pct-all-ci.expected" /dev/null -- \
    lbc-tally -b risk,sex --pct all --ci -b problems records.tsv

# --long: codes, one line per non-empty cell; and the same counts as awk.
expect long 0 "$D/long.expected" /dev/null -- \
    lbc-tally -l township $AS -b region,problems -b age -b sex,risk \
    -b month --long records.tsv
expect long-village 0 - /dev/null -- \
    lbc-tally -l village -b region,risk --long records.tsv
check long-names-after-codes 'head -1 out | grep -qx "region	risk	县(市、区)	乡镇(街道)	村(社区)	count"'
# a script reading the codes and count by its name keeps working
check long-equals-awk 'awk -F"\t" "NR == 1 { for (i = 1; i <= NF; i++) \
    if (\$i == \"count\") n = i; next } { print \$1 \"\t\" \$2 \"\t\" \$n }" \
    out | sort > a && awk -F"\t" \
    "NR > 1 { c[\$8 \"\t\" \$10]++ } END { for (k in c) print k \"\t\" c[k] }" \
    records.tsv | sort | cmp -s - a'

# A codebook file: a new risk category, a new label.
expect codebook 0 "$D/codebook.expected" /dev/null -- \
    lbc-tally -c codebook.tsv -b risk,sex records.tsv
expect codebook-long 0 - /dev/null -- \
    lbc-tally -c codebook.tsv -b risk --long records.tsv
check codebook-code 'grep -qx "special	1" out'

# The workbook, read back by openpyxl: every value against the TSV and
# computed again; the input's SHA-256.
export TZ=UTC SOURCE_DATE_EPOCH=1780000000
WHEN="2026-05-28 20:26:40 +0000"
TABLES="-b region,risk -b region,problems -b age -b problems,flags -b risk,sex"
expect xlsx-ci 0 /dev/null /dev/null -- \
    lbc-tally -r regions.tsv -l village $AS --pct row --ci $TABLES \
    -o book.xlsx records.tsv
(cd "$T" && lbc-tally -r regions.tsv -l village $AS --pct row --ci $TABLES \
    records.tsv > book.tsv)
$PY "$TOP/tests/tally_xlsx.py" "$T/book.xlsx" "$T/book.tsv" \
    "$T/records.tsv" row 1 "$WHEN" || fail xlsx-ci-check "see above"
expect xlsx-default 0 /dev/null /dev/null -- \
    lbc-tally -r regions.tsv $AS -o default.xlsx records.tsv
$PY "$TOP/tests/tally_xlsx.py" "$T/default.xlsx" "$D/default.expected" \
    "$T/records.tsv" none 0 "$WHEN" || fail xlsx-default-check "see above"
IN=$D/records.tsv expect xlsx-stdin 0 /dev/null /dev/null -- \
    lbc-tally -b problems,region --pct col -o stdin.xlsx
(cd "$T" && lbc-tally -b problems,region --pct col records.tsv > stdin.tsv)
$PY "$TOP/tests/tally_xlsx.py" "$T/stdin.xlsx" "$T/stdin.tsv" \
    "$T/records.tsv" col 0 "$WHEN" || fail xlsx-stdin-check "see above"
check xlsx-no-temp-left 'test -z "$(ls | grep tmp)"'

# Failures.
printf 'usage: lbc-tally [-b fields]... [-w condition]... [-l level] [-r regions] [-c codebook] [--as-of date] [--ages B,B,...] [--pct row|col|all] [--ci] [--long] [--sort count] [--suppress K] [--no-builtin-regions] [--allow-empty] [--sheet name=file]... [-o file.xlsx] [file]\n' > "$T/usage"
{ echo "lbc-tally: unrecognized option '--bogus'"; cat "$T/usage"; } > "$T/bogus.err"
expect bad-option 2 /dev/null "$T/bogus.err" -- lbc-tally --bogus records.tsv
{ echo "lbc-tally: -b a,b,c,d: give one to three fields, separated by commas"
  cat "$T/usage"; } > "$T/spec.err"
expect four-fields 2 /dev/null "$T/spec.err" -- lbc-tally -b a,b,c,d records.tsv
expect bad-level 2 /dev/null - -- lbc-tally -l town records.tsv
expect bad-pct 2 /dev/null - -- lbc-tally --pct some records.tsv
expect bad-ages 2 /dev/null - -- lbc-tally --ages 6,3 records.tsv
expect bad-as-of 2 /dev/null - -- lbc-tally --as-of 2026-02-30 records.tsv
expect long-and-pct 2 /dev/null - -- lbc-tally --long --pct row records.tsv
expect long-and-xlsx 2 /dev/null - -- lbc-tally --long -o x.xlsx records.tsv
expect two-files 2 /dev/null "$T/usage" -- lbc-tally records.tsv records.tsv
echo "lbc-tally: nope.tsv: No such file or directory" > "$T/nope.err"
expect missing-file 1 /dev/null "$T/nope.err" -- lbc-tally nope.tsv
expect missing-regions 1 /dev/null - -- lbc-tally -r nope.tsv records.tsv
expect dev-full 1 - - -- sh -c 'lbc-tally records.tsv > /dev/full'
check dev-full-message 'grep -q "^lbc-tally: stdout: No space left on device" err'
echo "lbc-tally: no/such/book.xlsx: No such file or directory" > "$T/dir.err"
expect missing-folder 1 /dev/null "$T/dir.err" -- \
    lbc-tally -o no/such/book.xlsx records.tsv
check missing-folder-no-file 'test ! -e no && test -z "$(ls | grep tmp)"'
head -n 3 "$D/records.tsv" > "$T/short.tsv"
printf 'x\ty\n' >> "$T/short.tsv"
echo "lbc-tally: short.tsv:4: wrong number of fields" > "$T/short.err"
expect short-line 1 /dev/null "$T/short.err" -- lbc-tally short.tsv
expect short-line-no-book 1 /dev/null "$T/short.err" -- \
    lbc-tally -o short.xlsx short.tsv
check short-line-no-file 'test ! -e short.xlsx'
printf 'region\n39\\q\n' > "$T/esc.tsv"
echo "lbc-tally: esc.tsv:2: bad backslash escape" > "$T/esc.err"
expect bad-escape 1 /dev/null "$T/esc.err" -- lbc-tally -b region esc.tsv
echo "lbc-tally: records.tsv: the header has no nosuch column; the fields, closest first: src, month, name, sex, birth, risk, line, id, id_raw, region, survey, school, grade, flags, 备注, age, problems, reporter, guardian" > "$T/col.err"
expect missing-column 1 /dev/null "$T/col.err" -- \
    lbc-tally -b region,nosuch records.tsv
: > "$T/empty.tsv"
echo "lbc-tally: empty.tsv: missing or bad header" > "$T/empty.err"
expect empty-input 1 /dev/null "$T/empty.err" -- lbc-tally empty.tsv
expect help 0 - /dev/null -- lbc-tally --help
check help-synopsis 'head -n 1 out | cmp -s - usage'
expect version 0 - /dev/null -- lbc-tally --version
check version-line 'grep -qx "lbc-tally (lbc) [0-9.]*" out'

# lbc-tally counts a large file in two halves, side by side, and merges
# the counts (lib/tallycount.c).  The tables, messages and exit status
# must be those of one thread reading the file from its start to its end
# (LBC_TALLY_ONE_THREAD, kept for this test) and of the same bytes through
# a pipe, byte for byte: for every kind of field (regions at each level,
# codebook fields, several problems to a record, ages, months, a free
# column in natural order and by count), with conditions, with a layered
# table (counted by one thread), for escapes, CRs and empty lines, and for
# a malformed line in either half; the workbook records the hash of the
# whole file.
. "$(dirname "$0")/../lib.sh"

# Large enough (over 8 MB) for the second thread.
lbc-gen -n 60000 -s 5 -f stream > "$T/big.tsv"
check halves-input-is-large 'test $(wc -c < big.tsv) -gt 9000000'
awk 'BEGIN { FS = OFS = "\t" }
	NR > 1 && NR % 97 == 0 { $13 = $13 "\\t" }
	NR > 1 && NR % 89 == 0 { $14 = $14 "\r" }
	{ print } NR % 500 == 0 { print "" }' "$T/big.tsv" > "$T/odd.tsv"

# same NAME FILE ARGS...: one thread, two, and a pipe agree.
same() {
	_n=$1 _f=$2
	shift 2
	(cd "$T" && LBC_TALLY_ONE_THREAD=1 lbc-tally "$@" "$_f" > one.out \
	    2> one.err; echo $? > one.rc)
	(cd "$T" && lbc-tally "$@" "$_f" > two.out 2> two.err; echo $? > two.rc)
	(cd "$T" && cat "$_f" | lbc-tally "$@" > pipe.out 2> pipe.err;
	    echo $? > pipe.rc)
	sed "s|^lbc-tally: $_f:|lbc-tally: -:|" "$T/two.err" > "$T/twos.err"
	check "$_n" 'cmp one.out two.out && cmp one.err two.err &&
	    cmp one.rc two.rc && cmp two.out pipe.out && cmp twos.err pipe.err &&
	    cmp two.rc pipe.rc'
}

same halves-village-long big.tsv -b region,risk -l village --long
check halves-village-long-cells 'test $(wc -l < two.out) -gt 1000 &&
    test "$(cat two.rc)" -eq 0'
same halves-village-crosstab big.tsv -b region,risk -l village
same halves-fields big.tsv -b region,problems -b age,sex -b month \
    -b guardian,risk -b flags -l township
same halves-levels big.tsv -b region,risk -l county,township,village \
    --suppress 3
same halves-free-column big.tsv -b school,grade -b reporter
same halves-by-count big.tsv -b school -b problems,sex --sort count
same halves-ages-pct big.tsv -b age,risk --ages 0,3,6,12,16 --pct row --ci
same halves-condition big.tsv -b region,risk -l township -w 'risk=高风险'
same halves-layered big.tsv -b region,risk,sex -l county
same halves-escapes-cr-empty odd.tsv -b school,risk -b region,problems

# The records of the second half count: each record once.
(cd "$T" && sed 1d big.tsv | wc -l | tr -d ' ' > n.want &&
    lbc-tally -b sex --long big.tsv | awk -F'\t' 'NR > 1 { s += $NF }
    END { print s }' > n.got)
check halves-every-record 'cmp n.want n.got'

# A malformed line in either half: the same message, line and status.
awk 'NR == 50000 { print "bad\tline" } { print }' "$T/big.tsv" > "$T/bad2.tsv"
same halves-malformed-second-half bad2.tsv -b region,risk
check halves-malformed-second-half-line 'test "$(cat two.rc)" -eq 1 &&
    grep -q "^lbc-tally: bad2.tsv:50000: " two.err'
awk 'NR == 3 { print "bad\tline" } { print }' "$T/big.tsv" > "$T/bad1.tsv"
same halves-malformed-first-half bad1.tsv -b region,risk
check halves-malformed-first-half-line 'test "$(cat two.rc)" -eq 1 &&
    grep -q "^lbc-tally: bad1.tsv:3: " two.err'

# Standard input a file whose first line another program read: the
# stream starts where the file stands.
{ echo "a line before the stream"; cat "$T/big.tsv"; } > "$T/after.tsv"
(cd "$T" && lbc-tally -b region,risk -l village big.tsv > big.out)
expect halves-stdin-partly-read 0 "$T/big.out" /dev/null -- \
    sh -c '{ read -r x; lbc-tally -b region,risk -l village; } < after.tsv'

# The workbook's hash of the input is of the whole file.
SOURCE_DATE_EPOCH=1780000000
export SOURCE_DATE_EPOCH
(cd "$T" && mkdir x1 x2 &&
    LBC_TALLY_ONE_THREAD=1 lbc-tally -b region,risk -o t.xlsx big.tsv &&
    (cd x1 && unzip -q ../t.xlsx) &&
    lbc-tally -b region,risk -o t.xlsx big.tsv && (cd x2 && unzip -q ../t.xlsx) &&
    sha256sum big.tsv | cut -c1-64 > sum)
check halves-workbook-same 'diff -r x1 x2'
check halves-workbook-hash 'grep -rqF "$(cat sum)" x2/xl'

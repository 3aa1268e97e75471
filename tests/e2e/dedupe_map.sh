# lbc-dedupe reads a file through a map (records not copied, the second
# half read ahead by a second thread when the file is large) and a pipe by
# copying: both must give the same children, clusters and messages, also
# for lines the map cannot give as they are (a CR inside a field, CRLF),
# escapes, empty and malformed lines in either half, and a standard input
# that is a file already partly read.
. "$(dirname "$0")/../lib.sh"

# Large enough (over 16 MB) for the second thread.
lbc-gen -n 110000 -s 3 -f stream > "$T/big.tsv"
awk 'BEGIN { FS = OFS = "\t" }
	NR > 1 && NR % 97 == 0 { $5 = $5 "\\t" }
	NR > 1 && NR % 89 == 0 { $13 = $13 "\r" }
	NR > 1 && NR % 101 == 0 { $8 = $8 "\\\\x" }
	{ print } NR % 500 == 0 { print "" }' "$T/big.tsv" > "$T/odd.tsv"
sed 's/$/\r/' "$T/big.tsv" > "$T/crlf.tsv"
check map-input-is-large 'test $(wc -c < big.tsv) -gt 16777216'

same() {	# NAME FILE: the file and the same bytes through a pipe agree
	rm -f "$T/cf.tsv" "$T/cp.tsv"
	(cd "$T" && lbc-dedupe -C cf.tsv "$2" > f.out 2> f.err; echo $? > f.rc)
	(cd "$T" && cat "$2" | lbc-dedupe -C cp.tsv > p.out 2> p.err; echo $? > p.rc)
	sed "s|^lbc-dedupe: $2:|lbc-dedupe: stdin:|" "$T/f.err" > "$T/fs.err"
	check "$1" 'cmp f.rc p.rc && cmp f.out p.out && cmp fs.err p.err &&
	    { cmp cf.tsv cp.tsv || { test ! -e cf.tsv && test ! -e cp.tsv; }; }'
}
same map-as-pipe big.tsv
check map-as-pipe-wrote 'test $(wc -l < f.out) -gt 80000'
same map-as-pipe-cr-escapes-empty-lines odd.tsv
check map-cr-in-field-escaped 'grep -F -q "\\r	" f.out'
same map-as-pipe-crlf crlf.tsv

# A malformed line in the second half: reported with its own line number,
# as when one thread reads all.
awk 'NR == 90000 { print "bad\tline" } { print }' "$T/big.tsv" > "$T/bad.tsv"
printf 'lbc-dedupe: bad.tsv:90000: wrong number of fields\nlbc-dedupe: bad.tsv: 1 malformed line, nothing written\n' > "$T/bad.err"
expect map-malformed-second-half 1 /dev/null "$T/bad.err" -- lbc-dedupe bad.tsv
awk 'NR == 3 { print "bad\tline" } { print }' "$T/big.tsv" > "$T/bad1.tsv"
same map-malformed-first-half bad1.tsv
check map-malformed-first-half-reported 'grep -q "^lbc-dedupe: bad1.tsv:3: " f.err'

# Standard input a file whose first line was read by another program:
# the stream starts where the file stands.
{ echo "a line before the stream"; cat "$T/big.tsv"; } > "$T/after.tsv"
(cd "$T" && lbc-dedupe -q -C cr.tsv big.tsv > big.out)
expect map-stdin-partly-read 0 "$T/big.out" /dev/null -- \
    sh -c '{ read -r x; lbc-dedupe -q -C cs.tsv; } < after.tsv'
check map-stdin-partly-read-clusters 'cmp cr.tsv cs.tsv'

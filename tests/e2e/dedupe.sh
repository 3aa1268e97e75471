# lbc-dedupe: matching, the guard, survivorship, the clusters file, errors.
. "$(dirname "$0")/../lib.sh"
D=$DATA/dedupe

printf 'lbc-dedupe: 21 records read, 16 children written, 3 conflicts\n' >"$T/basic.err"
expect basic 0 "$D/basic.out" "$T/basic.err" -- lbc-dedupe -C clusters.tsv "$D/basic.tsv"
check basic-clusters 'cmp clusters.tsv "$D/basic.clusters"'
check no-temporary-left 'test "$(ls | grep -c tmp)" = 0'

# The same stream on stdin, with "-" and without a file.
IN=$D/basic.tsv
expect stdin 0 "$D/basic.out" "$T/basic.err" -- lbc-dedupe
expect stdin-dash-quiet 0 "$D/basic.out" /dev/null -- lbc-dedupe -q -
IN=/dev/null

# Reversed input: the same children (order and survey-date ties aside).
(head -n 1 "$D/basic.tsv"; tail -n +2 "$D/basic.tsv" | tac) >"$T/rev.tsv"
expect reversed 0 - "$T/basic.err" -- lbc-dedupe rev.tsv
check reversed-same-children 'tail -n +2 out | cut -f 3,4,6-11,13,14,17 | sort >a &&
	tail -n +2 "$D/basic.out" | cut -f 3,4,6-11,13,14,17 | sort >b && cmp a b'

# Twins born the same day in one village stay two children, and so do
# namesakes in two villages.
check twins-same-name 'test "$(grep -c "	张伟	M	2011-11-11	" "$D/basic.out")" = 3'
check twins-homophone 'grep -q "^v\.csv	4	520102201301020269	" "$D/basic.out"'
check namesakes 'test "$(grep -c "	刘洋	" "$D/basic.out")" = 3'
# The ID-less records between different-ID or different-village children.
check conflicts-stay-alone 'test "$(grep -c "	conflict$" "$D/basic.clusters")" = 3'

# A codebook changes what "most severe" means.
expect codebook 0 "$D/basic-low.out" /dev/null -- lbc-dedupe -q -c "$D/low-first.codebook" "$D/basic.tsv"

# Extra columns carried, an existing records column summed.
expect extra 0 "$D/extra.out" - -- lbc-dedupe -q -C extra.clusters "$D/extra.tsv"
check extra-clusters 'cmp extra.clusters "$D/extra.clusters"'

# Empty input: a header only, or nothing at all.
(head -n 1 "$D/basic.tsv" | tr '\n' '\t'; printf 'records\n') >"$T/header.out"
printf 'lbc-dedupe: 0 records read, 0 children written, 0 conflicts\n' >"$T/zero.err"
expect header-only 0 "$T/header.out" "$T/zero.err" -- lbc-dedupe -C c.tsv "$D/header.tsv"
check header-only-clusters 'printf "child\tsrc\tline\thow\n" | cmp - c.tsv'
: >"$T/empty.tsv"
expect empty 0 /dev/null "$T/zero.err" -- lbc-dedupe -C c2.tsv empty.tsv
check empty-clusters 'printf "child\tsrc\tline\thow\n" | cmp - c2.tsv'

# Malformed lines: each located, nothing written, no clusters file.
cat >"$T/bad.err" <<'END'
lbc-dedupe: bad.tsv:3: wrong number of fields
lbc-dedupe: bad.tsv:4: malformed input
lbc-dedupe: bad.tsv: 2 malformed lines, nothing written
END
cp "$D/bad.tsv" "$T/bad.tsv"
expect malformed 1 /dev/null "$T/bad.err" -- lbc-dedupe -C bad.clusters bad.tsv
check malformed-no-clusters '! test -e bad.clusters && test "$(ls | grep -c tmp)" = 0'
(head -n 1 "$D/basic.tsv"; seq 12) >"$T/many.tsv"
expect malformed-many 1 /dev/null - -- lbc-dedupe many.tsv
check malformed-first-ten 'test "$(grep -c "^lbc-dedupe: many.tsv:[0-9]*: wrong number of fields$" err)" = 10 &&
	tail -n 1 err | grep -qx "lbc-dedupe: many.tsv: 12 malformed lines, nothing written"'
printf 'a\tb\n1\t2\n' >"$T/noid.tsv"
printf 'lbc-dedupe: noid.tsv:1: neither an id nor a name field\n' >"$T/noid.err"
expect no-id-or-name 1 /dev/null "$T/noid.err" -- lbc-dedupe noid.tsv

# Exit codes.
printf 'usage: lbc-dedupe [-q] [-C clusters] [-c codebook] [file]\n' >"$T/usage"
expect bad-option 2 /dev/null - -- lbc-dedupe -x
check bad-option-usage 'tail -n 1 err | cmp - usage'
expect two-files 2 /dev/null "$T/usage" -- lbc-dedupe a b
expect missing-C-arg 2 /dev/null - -- lbc-dedupe -C
printf 'lbc-dedupe: nope.tsv: No such file or directory\n' >"$T/nofile.err"
expect missing-file 1 /dev/null "$T/nofile.err" -- lbc-dedupe nope.tsv
expect missing-codebook 1 /dev/null - -- lbc-dedupe -c nope.cb "$D/basic.tsv"
printf 'risk\n' >"$T/badcb"
printf 'lbc-dedupe: badcb:1: bad codebook line\n' >"$T/badcb.err"
expect bad-codebook 1 /dev/null "$T/badcb.err" -- lbc-dedupe -c badcb "$D/basic.tsv"
expect full-disk 1 /dev/null - -- sh -c 'lbc-dedupe -C c3.tsv "$1" >/dev/full' sh "$D/basic.tsv"
check full-disk-message 'grep -qx "lbc-dedupe: stdout: No space left on device" err &&
	! test -e c3.tsv'
expect clusters-unwritable 1 /dev/null - -- lbc-dedupe -C nodir/c.tsv "$D/basic.tsv"
check clusters-unwritable-message 'grep -q "^lbc-dedupe: nodir/c.tsv: " err'

# Help and version.
cat >"$T/help" <<'END'
usage: lbc-dedupe [-q] [-C clusters] [-c codebook] [file]
One record per child: records with the same valid ID, or the same
birth date, region, sex and name (or pinyin) are merged.
  -C clusters  write the clusters table (child src line how)
  -c codebook  codebook file for the order of risk and problems
  -q           no accounting line on stderr
  -h, --help   this help
  --version    print the version
END
expect help 0 "$T/help" /dev/null -- lbc-dedupe --help
expect help-h 0 "$T/help" /dev/null -- lbc-dedupe -h
expect version 0 - /dev/null -- lbc-dedupe --version
check version-line 'grep -qx "lbc-dedupe (lbc) [0-9][0-9.]*" out'

# A clusters "file" that is a FIFO or a device is written in place, not
# replaced by a regular file.
mkfifo "$T/fifo"
(cd "$T" && timeout 20 cat fifo >fifo.out) &
expect clusters-fifo 0 "$D/basic.out" /dev/null -- lbc-dedupe -q -C fifo "$D/basic.tsv"
wait
check clusters-fifo-content 'cmp fifo.out "$D/basic.clusters" && test -p fifo'

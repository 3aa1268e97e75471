# lbc-diff: new, left and stayed children between two months, was_risk,
# aged_out, the pairs file, the guard against different IDs, errors.
. "$(dirname "$0")/../lib.sh"
D=$DATA/diff

printf 'lbc-diff: 12 old and 10 new children: 4 stayed (1 by ID), 6 new, 8 left (1 aged out on 2026-06-30)\n' >"$T/basic.err"
expect basic 0 "$D/diff.out" "$T/basic.err" -- lbc-diff -C pairs.tsv "$D/old.tsv" "$D/new.tsv"
check basic-pairs 'cmp pairs.tsv "$D/diff.pairs"'
check no-temporary-left 'test "$(ls | grep -c tmp)" = 0'

# Each kind of change, with and without an ID (columns: name change was_risk left_why).
cut -f 4,11- "$D/diff.out" >"$T/kinds"
check stayed-by-id 'grep -qx "陈静	stayed	low	" kinds'
check stayed-without-ids-homophone 'grep -qx "王晓明	stayed	high	" kinds && grep -qx "3	3	pinyin" "$D/diff.pairs"'
check stayed-id-then-none 'grep -qx "何平	stayed	high	" kinds'
check stayed-none-then-id 'grep -qx "彭飞	stayed	medium	" kinds'
check new-with-id 'grep -qx "林涛	new		" kinds'
check new-without-id 'grep -qx "韩梅	new		" kinds'
check left-with-id 'grep -qx "曹阳	left	medium	" kinds'
check left-without-id 'grep -qx "朱琳	left	low	" kinds'
# 周杰 turns 16 on 2026-06-20, between the months; 邓琪 only on 07-15.
check turns-16-between-months 'grep -qx "周杰	left	low	aged_out" kinds'
check not-yet-16 'grep -qx "邓琪	left	low	" kinds'
# Same name, birth date and village, two different valid IDs: never one.
check different-ids-never-matched 'test "$(grep -c "^张伟	" kinds)" = 2 &&
	grep -qx "张伟	new		" kinds && grep -qx "张伟	left	low	" kinds'
# One ID-less child who could be either of two: neither.
check ambiguous-stays-apart 'test "$(grep -c "^刘洋	" kinds)" = 3 && grep -qx "刘洋	new		" kinds'
# Two ID-holding twins who could both be last month's ID-less child.
check two-claims-none 'test "$(grep -c "^赵敏	new" kinds)" = 2 && grep -qx "赵敏	left	low	" kinds'

# --as-of moves the reference date: on 2026-06-19 周杰 is still 15, on
# 2026-07-15 邓琪 is 16.
expect as-of-before 0 - - -- lbc-diff -q --as-of 2026-06-19 "$D/old.tsv" "$D/new.tsv"
check as-of-before-none '! grep -q aged_out out'
expect as-of-after 0 - - -- lbc-diff -q --as-of 2026-07-15 "$D/old.tsv" "$D/new.tsv"
check as-of-after-two 'test "$(grep -c "	aged_out$" out)" = 2'

# Streams from pipes and standard input give the same.
IN=$D/new.tsv
expect new-on-stdin 0 "$D/diff.out" - -- lbc-diff -q "$D/old.tsv" -
IN=$D/old.tsv
expect old-on-stdin 0 "$D/diff.out" - -- lbc-diff -q - "$D/new.tsv"
IN=/dev/null
expect old-from-pipe 0 "$D/diff.out" - -- sh -c 'cat "$1" | lbc-diff -q /dev/stdin "$2"' sh "$D/old.tsv" "$D/new.tsv"

# The same month twice: all stayed; an empty previous month: all new.
expect same-month 0 - - -- lbc-diff -q "$D/new.tsv" "$D/new.tsv"
check same-month-all-stayed 'test "$(tail -n +2 out | cut -f 11 | sort -u)" = stayed'
: >"$T/empty.tsv"
expect first-month 0 - - -- lbc-diff -q -C first.pairs empty.tsv "$D/new.tsv"
check first-month-all-new 'test "$(tail -n +2 out | cut -f 11 | sort | uniq -c | tr -s " ")" = " 10 new" &&
	printf "old_line\tnew_line\thow\n" | cmp - first.pairs'
head -n 1 "$D/old.tsv" >"$T/header.tsv"
expect header-only-old 0 - - -- lbc-diff -q header.tsv "$D/new.tsv"
check header-only-old-all-new 'test "$(grep -c "	new		$" out)" = 10'
expect header-only-new 0 - - -- lbc-diff -q "$D/old.tsv" header.tsv
check header-only-new-all-left 'test "$(grep -c "	left	" out)" = 12'

# The tables of the issue work on the stream, with the codebook's labels.
cat >"$T/change.out" <<'END'
region×change	新增	退出	持续	合计
清水县	6	6	3	15
石桥县	0	2	1	3
合计	6	8	4	18

was_risk×risk	高风险	中风险	低风险	合计
高风险	1	1	0	2
中风险	1	2	0	3
低风险	1	0	6	7
未填	0	0	6	6
合计	3	3	12	18

left_why	人数
年满16周岁	1
未填	17
合计	18
END
expect tally-change 0 - - -- lbc-tally -r "$SAMPLES/regions.tsv" -l 6 -b region,change -b was_risk,risk -b left_why "$D/diff.out"
check tally-change-labels 'grep -v "^#" out | cmp - change.out'

# Errors: usage, a missing file, an empty NEW, a bad line, a diff as NEW,
# a bad date, a failed write; no pairs file is left behind.
expect usage-one-file 2 /dev/null - -- lbc-diff "$D/old.tsv"
check usage-synopsis 'grep -q "^usage: lbc-diff " err'
expect usage-both-stdin 2 /dev/null - -- lbc-diff - -
expect usage-bad-as-of 2 /dev/null - -- lbc-diff --as-of 30/06/2026 "$D/old.tsv" "$D/new.tsv"
expect not-a-date 1 /dev/null - -- lbc-diff --as-of 2026-02-30 "$D/old.tsv" "$D/new.tsv"
check not-a-date-message 'grep -qx "lbc-diff: --as-of: not a date: 2026-02-30" err'
printf 'lbc-diff: nosuch.tsv: No such file or directory\n' >"$T/nosuch.err"
expect missing-file 1 /dev/null "$T/nosuch.err" -- lbc-diff "$D/old.tsv" nosuch.tsv
printf 'lbc-diff: empty.tsv: no records, no id or name field, or already a diff\n' >"$T/empty.err"
expect empty-new 1 - "$T/empty.err" -- lbc-diff -C e.pairs "$D/old.tsv" empty.tsv
check empty-new-no-pairs '! test -e e.pairs'
(cat "$D/new.tsv"; printf 'x\ty\n') >"$T/bad.tsv"
printf 'lbc-diff: bad.tsv:12: wrong number of fields\n' >"$T/bad.err"
expect bad-line 1 - "$T/bad.err" -- lbc-diff -C b.pairs "$D/old.tsv" bad.tsv
check bad-line-no-pairs '! test -e b.pairs && test "$(ls | grep -c tmp)" = 0'
printf 'lbc-diff: diff.out: no records, no id or name field, or already a diff\n' >"$T/twice.err"
cp "$D/diff.out" "$T/diff.out"
expect diff-as-new 1 - "$T/twice.err" -- lbc-diff "$D/old.tsv" diff.out
printf 'a\tb\n1\t2\n' >"$T/noid.tsv"
expect no-id-no-name 1 - - -- lbc-diff noid.tsv "$D/new.tsv"
check no-id-no-name-message 'grep -qx "lbc-diff: noid.tsv: no records, no id or name field, or already a diff" err'
expect full-disk 1 - - -- sh -c 'lbc-diff -q "$1" "$2" >/dev/full' sh "$D/old.tsv" "$D/new.tsv"
check full-disk-message 'grep -q "^lbc-diff: stdout: No space left on device" err'
expect help 0 - /dev/null -- lbc-diff --help
check help-synopsis 'head -n 1 out | grep -q "^usage: lbc-diff "'
expect version 0 - /dev/null -- lbc-diff --version
check version-line 'grep -q "^lbc-diff (lbc) " out'

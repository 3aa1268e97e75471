# Outputs never handed to the wrong people, faults that leave no mess: a
# symbolic link or FIFO planted by another user, the umask, replaced files,
# an output that is an input, signals mid-run (a FIFO holds the command at
# a known point), ulimit -f, nohup, a closed standard output, | head, a
# full disk under lbc-chart (a 1 MiB tmpfs, when it can be mounted) and a
# run as another user (when setpriv can switch to one).
. "$(dirname "$0")/../lib.sh"
has() { [ -x "$LBC_BIN/$1" ]; }
# Nothing but the expected files: no temporary file left, named or not.
no_temp='! ls -a | grep -q -e "^\.lbc-tmp" -e "tmp\."'
# Another user: a uid no one has (no account needed to own a file).
OTHER=4242
root=0; [ "$(id -u)" -eq 0 ] && root=1
skip() { printf 'SKIP %s: %s\n' "$1" "$2"; }
# 1 while process $1 holds an unnamed temporary file in $T.
holds_unnamed() { ls -l /proc/$1/fd 2>/dev/null | grep -q "/#[0-9]* (deleted)$"; }

(cd "$T" && lbc-gen -n 300 -s 5 > drop.csv && lbc-gen -n 300 -s 5 -f regions > reg.tsv &&
    lbc-gen -n 3000 -s 6 > big.csv && lbc-gen -n 3000 -s 6 -f regions > big-reg.tsv && lbc-gen -n 300 -s 5 -f stream > s.tsv &&
    lbc-tally -b risk s.tsv > risk.tsv) || fail setup "could not make inputs"

# --- Symbolic links and FIFOs planted by another user are refused. -------
if [ $root -eq 1 ]; then
	for c in import dedupe tally chart; do
		has lbc-$c || continue
		case $c in
		import) out=rej.tsv; cmd="lbc-import -q -r reg.tsv -R planted drop.csv" ;;
		dedupe) out=cl.tsv; cmd="lbc-dedupe -q -C planted s.tsv" ;;
		tally) out=t.xlsx; cmd="lbc-tally -b risk -o planted s.tsv" ;;
		chart) out=c.png; cmd="lbc-chart -o planted risk.tsv" ;;
		esac
		# The planted name must carry the output's extension for -o.
		p=planted.${out##*.}
		cmd=$(echo "$cmd" | sed "s/planted/$p/")
		ln -s victim "$T/$p" && chown -h $OTHER "$T/$p"
		expect symlink-of-other-user-refused-$c 1 - - -- $cmd
		check symlink-of-other-user-refused-$c-message "grep -q '^lbc-$c: $p: a symbolic link or special file owned by another user: not written through' err"
		check symlink-of-other-user-refused-$c-no-target 'test ! -e victim && test -L '"$p"
		rm -f "$T/$p"
		# (Held open for reading, so that a write would not block.)
		mkfifo "$T/$p" && chown $OTHER "$T/$p" && exec 4<>"$T/$p"
		expect fifo-of-other-user-refused-$c 1 - - -- $cmd
		check fifo-of-other-user-refused-$c-kept "test -p $p"
		exec 4<&-
		rm -f "$T/$p"
		check symlink-refused-$c-no-temp "$no_temp"
	done
else
	skip symlink-of-other-user-refused "not root: cannot plant another user's link"
fi
# Our own link is followed (the link stays, its target is replaced, or
# made when it does not exist yet); our own FIFO is written in place.
if has lbc-import; then
	ln -s made.tsv "$T/ours.tsv"
	expect symlink-of-ours-made 0 - - -- lbc-import -q -r reg.tsv -R ours.tsv drop.csv
	check symlink-of-ours-made-target 'test -L ours.tsv && head -n 1 made.tsv | grep -q "^src	line	reason"'
	expect symlink-of-ours-replaced 0 - - -- lbc-import -q -r reg.tsv -R ours.tsv drop.csv
	check symlink-of-ours-replaced-target 'test -L ours.tsv && test -s made.tsv'
	ln -s ours.tsv "$T/loop.tsv" && rm "$T/ours.tsv" && ln -s loop.tsv "$T/ours.tsv"
	expect symlink-loop 1 - - -- lbc-import -q -r reg.tsv -R loop.tsv drop.csv
	check symlink-loop-message 'grep -q "^lbc-import: loop.tsv: Too many levels of symbolic links" err'
	rm -f "$T/ours.tsv" "$T/loop.tsv" "$T/made.tsv"
	mkfifo "$T/rej.fifo"
	(
		cd "$T" || exit
		cat rej.fifo > fifo.got &
		lbc-import -q -r reg.tsv -R rej.fifo drop.csv > /dev/null
		echo $? > fifo.rc
		exec 3<>rej.fifo	# cat ends even if lbc-import never opened it
		exec 3>&-
		wait
	)
	check fifo-of-ours-written 'test "$(cat fifo.rc)" = 0 && head -n 1 fifo.got | grep -q "^src	line	reason" && test -p rej.fifo'
	rm -f "$T/rej.fifo"
fi

# --- Permissions: 0600 for record-level data whatever the umask. ----------
for m in 022 000; do
	if has lbc-import; then
		expect umask-$m-rejects 0 - - -- sh -c "umask $m; lbc-import -q -r reg.tsv -R rej-$m.tsv drop.csv > r.tsv"
		check umask-$m-rejects-0600 "test \"\$(stat -c %a rej-$m.tsv)\" = 600"
	fi
	if has lbc-dedupe; then
		expect umask-$m-clusters 0 - - -- sh -c "umask $m; lbc-dedupe -q -C cl-$m.tsv s.tsv > /dev/null"
		check umask-$m-clusters-0600 "test \"\$(stat -c %a cl-$m.tsv)\" = 600"
	fi
	# Workbooks and charts hold counts: they follow the umask.
	want=$(printf '%o' $((0666 & ~0$m)))
	if has lbc-tally; then
		expect umask-$m-workbook 0 - - -- sh -c "umask $m; lbc-tally -b risk -o t-$m.xlsx s.tsv"
		check umask-$m-workbook-follows "test \"\$(stat -c %a t-$m.xlsx)\" = $want"
	fi
	if has lbc-chart; then
		expect umask-$m-chart 0 - - -- sh -c "umask $m; lbc-chart -o c-$m.png risk.tsv"
		check umask-$m-chart-follows "test \"\$(stat -c %a c-$m.png)\" = $want"
	fi
done
# A replaced file is never widened; another user's owner is not copied.
if has lbc-import; then
	: > "$T/old.tsv" && chmod 0400 "$T/old.tsv"
	expect replaced-mode-not-widened 0 - - -- sh -c 'umask 000; lbc-import -q -r reg.tsv -R old.tsv drop.csv > /dev/null'
	check replaced-mode-not-widened-0400 'test "$(stat -c %a old.tsv)" = 400 && test -s old.tsv'
	if [ $root -eq 1 ]; then
		: > "$T/theirs.tsv" && chmod 0666 "$T/theirs.tsv" && chown $OTHER:$OTHER "$T/theirs.tsv"
		expect replaced-owner-not-copied 0 - - -- lbc-import -q -r reg.tsv -R theirs.tsv drop.csv
		check replaced-owner-not-copied-owner 'test "$(stat -c "%u %a" theirs.tsv)" = "0 600"'
	fi
fi
if has lbc-tally; then
	: > "$T/w.xlsx" && chmod 0600 "$T/w.xlsx"
	expect replaced-workbook-stays-private 0 - - -- sh -c 'umask 022; lbc-tally -b risk -o w.xlsx s.tsv'
	check replaced-workbook-stays-private-0600 'test "$(stat -c %a w.xlsx)" = 600'
fi

# --- An output that is an input is refused, exit 2, input untouched. ------
cp "$T/drop.csv" "$T/keep.csv"
if has lbc-import; then
	expect same-file-import 2 /dev/null - -- lbc-import -R drop.csv drop.csv
	check same-file-import-message 'grep -q "^lbc-import: -R drop.csv: the output is the input drop.csv: refused" err'
	check same-file-import-untouched 'cmp -s drop.csv keep.csv'
	ln "$T/drop.csv" "$T/hard.csv"
	expect same-file-import-hard-link 2 /dev/null - -- lbc-import -R hard.csv reg.tsv drop.csv
	ln -s drop.csv "$T/soft.csv"
	expect same-file-import-symlink 2 /dev/null - -- lbc-import -R soft.csv drop.csv
	expect same-file-import-regions 2 /dev/null - -- lbc-import -r reg.tsv -R reg.tsv drop.csv
	check same-file-import-untouched-all 'cmp -s drop.csv keep.csv && test -s reg.tsv'
	rm -f "$T/hard.csv" "$T/soft.csv"
fi
if has lbc-dedupe; then
	cp "$T/s.tsv" "$T/s.keep"
	expect same-file-dedupe 2 /dev/null - -- lbc-dedupe -C s.tsv s.tsv
	check same-file-dedupe-message 'grep -q "^lbc-dedupe: -C s.tsv: the output is the input s.tsv: refused" err'
	IN=$T/s.tsv expect same-file-dedupe-stdin 2 /dev/null - -- lbc-dedupe -C s.tsv
	check same-file-dedupe-untouched 'cmp -s s.tsv s.keep'
fi
if has lbc-tally; then
	cp "$T/s.tsv" "$T/s.xlsx"
	expect same-file-tally 2 /dev/null - -- lbc-tally -o s.xlsx s.xlsx
	check same-file-tally-untouched 'cmp -s s.tsv s.xlsx'
	rm -f "$T/s.xlsx"
fi
check same-file-no-temp "$no_temp"

# --- Signals mid-run. ----------------------------------------------------
# SIGTERM while lbc-tally -o waits for its input on a FIFO: the workbook's
# temporary file exists (opening the FIFO returns once lbc-tally has
# opened it, after its output), and the signal leaves nothing.
if has lbc-tally; then
	(
		cd "$T" && mkfifo in.fifo
		lbc-tally -b risk -o sig.xlsx in.fifo 2>/dev/null &
		pid=$!
		exec 3>in.fifo
		holds_unnamed $pid && echo yes > held
		ls -a | grep -q "^\.lbc-tmp" && echo yes > held
		head -n 20 s.tsv >&3
		kill -TERM $pid
		wait $pid
		echo $? > sig.rc
		exec 3>&-
		rm -f in.fifo
	)
	check sigterm-tally-temp-was-there 'test -f held'
	check sigterm-tally-exit 'test "$(cat sig.rc)" = 143'
	check sigterm-tally-no-workbook 'test ! -e sig.xlsx'
	check sigterm-tally-no-temp "$no_temp"
	rm -f "$T/held"
fi
# SIGKILL and SIGTERM while lbc-import -R is stuck writing to a FIFO no one
# reads (its first byte read shows it is past opening -R): nothing left.
if has lbc-import; then
	for s in KILL TERM HUP; do
		(
			cd "$T" && mkfifo out.fifo
			lbc-import -q -r big-reg.tsv -R sig-rej.tsv big.csv > out.fifo 2>/dev/null &
			pid=$!
			exec 3<out.fifo
			dd bs=1 count=1 <&3 > /dev/null 2>&1
			holds_unnamed $pid && echo yes > held
			kill -$s $pid
			wait $pid
			echo $? > sig.rc
			exec 3<&-
			rm -f out.fifo
		)
		case $s in KILL) want=137 ;; TERM) want=143 ;; HUP) want=129 ;; esac
		check sig$s-import-temp-was-there 'test -f held'
		check sig$s-import-exit "test \"\$(cat sig.rc)\" = $want"
		check sig$s-import-no-rejects 'test ! -e sig-rej.tsv'
		check sig$s-import-no-temp "$no_temp"
		rm -f "$T/held"
	done
	# nohup: SIGHUP ignored stays ignored, and the run completes.
	(
		cd "$T" && mkfifo out.fifo
		nohup lbc-import -q -r big-reg.tsv -R hup-rej.tsv big.csv > out.fifo 2>/dev/null &
		pid=$!
		exec 3<out.fifo
		dd bs=1 count=1 <&3 > /dev/null 2>&1
		kill -HUP $pid
		cat <&3 > /dev/null
		wait $pid
		echo $? > sig.rc
		exec 3<&-
		rm -f out.fifo
	)
	check nohup-import-survives-sighup 'test "$(cat sig.rc)" = 0 && test -s hup-rej.tsv'
	rm -f "$T/hup-rej.tsv"
fi
# SIGBUS: a mapped input cut short while read.  The second input is a FIFO,
# opened once the first is mapped; the first is cut before the FIFO gets
# its data, so lbc-import reads pages that are gone.
if has lbc-import; then
	(
		cd "$T" && cp big.csv shrink.csv && mkfifo in.fifo
		lbc-import -q -r reg.tsv -R bus-rej.tsv shrink.csv in.fifo > bus.out 2> bus.err &
		pid=$!
		exec 3>in.fifo
		: > shrink.csv
		cat drop.csv >&3
		exec 3>&-
		wait $pid
		echo $? > sig.rc
		rm -f in.fifo shrink.csv
	)
	check sigbus-truncated-input-exit-1 'test "$(cat sig.rc)" = 1'
	check sigbus-truncated-input-message 'grep -q "^lbc-import: shrink.csv: the file was cut short while being read" bus.err'
	check sigbus-truncated-input-no-rejects 'test ! -e bus-rej.tsv'
	check sigbus-no-temp "$no_temp"
fi

# --- ulimit -f: SIGXFSZ is no death, the write fails, exit 1. -------------
if has lbc-import; then
	# Without -r every row of big.csv is rejected: the rejects outgrow 8 blocks.
	expect ulimit-rejects 1 - - -- sh -c 'ulimit -f 8; lbc-import -q -R big-rej.tsv big.csv > /dev/null'
	check ulimit-rejects-message 'grep -q "^lbc-import: big-rej.tsv: File too large" err'
	check ulimit-rejects-none 'test ! -e big-rej.tsv'
	check ulimit-no-temp "$no_temp"
fi
if has lbc-chart; then
	echo old > "$T/u.png"
	expect ulimit-chart 1 - - -- sh -c 'ulimit -f 8; lbc-chart --size 3000x2000 -o u.png risk.tsv'
	check ulimit-chart-old-kept 'test "$(cat u.png)" = old'
	check ulimit-chart-no-temp "$no_temp"
fi

# --- gnuplot that exits 0 with a cut chart: nothing is committed. ---------
if has lbc-chart; then
	# Each fake gnuplot writes a chart cut short to the output it is given.
	for f in png svg pdf; do
		case $f in
		png) whole='\211PNG\r\n\032\n....\0\0\0\0IEND\256B\140\202' ;;
		svg) whole='<svg>\n</svg>\n' ;;
		pdf) whole='%%PDF-1.5\n%%%%EOF\n' ;;
		esac
		printf '#!/bin/sh\nout=$(sed -n "s/^set output .\\(.*\\).$/\\1/p")\nprintf "%s" > "$out"\n' "$whole" > "$T/whole.sh"
		printf '#!/bin/sh\nout=$(sed -n "s/^set output .\\(.*\\).$/\\1/p")\nprintf "%s" | head -c 9 > "$out"\n' "$whole" > "$T/cut.sh"
		chmod +x "$T/whole.sh" "$T/cut.sh"
		echo old > "$T/g.$f"
		expect chart-cut-$f-refused 1 - - -- env GNUPLOT="$T/cut.sh" lbc-chart -o g.$f risk.tsv
		check chart-cut-$f-message 'grep -q "wrote an incomplete chart" err && test "$(cat g.'$f')" = old'
		expect chart-whole-$f-committed 0 - - -- env GNUPLOT="$T/whole.sh" lbc-chart -o g.$f risk.tsv
		check chart-whole-$f-file 'test "$(cat g.'$f')" != old'
	done
	check chart-cut-no-temp "$no_temp"
fi

# --- A full disk: a 1 MiB tmpfs, filled all but a few KiB. -----------------
mnt=$T/mnt
mkdir "$mnt"
trap 'umount "$mnt" 2>/dev/null; rm -rf "$T"' EXIT INT TERM
if [ $root -eq 1 ] && mount -t tmpfs -o size=1m lbc-test "$mnt" 2>/dev/null; then
	head -c $((1024 * 1024 - 8192)) /dev/zero > "$mnt/fill" 2>/dev/null
	if has lbc-chart; then
		echo old > "$mnt/c.png"
		expect full-disk-chart 1 - - -- lbc-chart --size 3000x2000 -o mnt/c.png risk.tsv
		check full-disk-chart-old-kept 'test "$(cat mnt/c.png)" = old'
		check full-disk-chart-no-temp '! ls -a mnt | grep -q "^\.lbc-tmp"'
	fi
	if has lbc-tally; then
		expect full-disk-tally 1 - - -- lbc-tally -o mnt/t.xlsx s.tsv
		check full-disk-tally-none 'test ! -e mnt/t.xlsx && ! ls -a mnt | grep -q "^\.lbc-tmp"'
	fi
	if has lbc-import; then
		expect full-disk-rejects 1 - - -- sh -c 'lbc-import -q -R mnt/rej.tsv big.csv > /dev/null'
		check full-disk-rejects-message 'grep -q "^lbc-import: mnt/rej.tsv: No space left on device" err'
		check full-disk-rejects-none 'test ! -e mnt/rej.tsv && ! ls -a mnt | grep -q "^\.lbc-tmp"'
	fi
	umount "$mnt"
else
	skip full-disk "cannot mount a tmpfs here"
fi

# --- Standard output closed, or a reader that stops. ----------------------
if has lbc-import; then
	expect closed-stdout-import 1 - - -- sh -c 'lbc-import -q -r reg.tsv -R cs-rej.tsv drop.csv >&-'
	check closed-stdout-import-message 'grep -q "^lbc-import: standard output: Bad file descriptor" err'
	check closed-stdout-import-no-rejects 'test ! -e cs-rej.tsv'
fi
if has lbc-tally; then
	expect closed-stdout-tally-o 0 /dev/null /dev/null -- sh -c 'lbc-tally -b risk -o cs.xlsx s.tsv >&-'
	check closed-stdout-tally-o-written 'test -s cs.xlsx'
	expect closed-stdout-tally 1 - - -- sh -c 'lbc-tally -b risk s.tsv >&-'
fi
if has lbc-chart; then
	expect closed-stdout-chart-o 0 /dev/null /dev/null -- sh -c 'lbc-chart -o cs.png risk.tsv >&-'
	check closed-stdout-chart-o-written 'test -s cs.png'
fi
if has lbc-tally; then
	# A table far larger than a pipe holds: the reader is gone long before.
	lbc-gen -n 20000 -s 8 -f stream > "$T/many.tsv"
	(cd "$T" && { lbc-tally -b id many.tsv 2> head.err; echo $? > head.rc; } | head -c 1 > /dev/null)
	check sigpipe-tally-exit-1 'test "$(cat head.rc)" = 1'
	check sigpipe-tally-quiet 'test ! -s head.err'
fi
if has lbc-chart; then
	# A fake gnuplot with a 2 MiB PNG: whole, too big for the pipe.
	printf '#!/bin/sh\ncat > /dev/null\nprintf "\\211PNG\\r\\n\\032\\n"\nhead -c 2097152 /dev/zero\nprintf "\\0\\0\\0\\0IEND\\256B\\140\\202"\n' > "$T/bigpng.sh"
	chmod +x "$T/bigpng.sh"
	(cd "$T" && { GNUPLOT=./bigpng.sh lbc-chart risk.tsv 2> head.err; echo $? > head.rc; } | head -c 1 > /dev/null)
	check sigpipe-chart-exit-1 'test "$(cat head.rc)" = 1'
	check sigpipe-chart-quiet 'test ! -s head.err'
fi

# --- Another user runs lbc in a shared folder. ------------------------------
if [ $root -eq 1 ] && setpriv --reuid=$OTHER --regid=$OTHER --clear-groups true 2>/dev/null; then
	AS_OTHER="setpriv --reuid=$OTHER --regid=$OTHER --clear-groups"
	shared=$T/shared
	mkdir "$shared" && chmod 1777 "$shared" && chmod 755 "$T"
	cp "$T/drop.csv" "$T/reg.tsv" "$T/s.tsv" "$T/risk.tsv" "$shared/" && chmod 644 "$shared"/*
	# Another user plants a link for root's run:
	(cd "$shared" && $AS_OTHER ln -s stolen.tsv rej.tsv)
	expect other-user-link-refused-for-root 1 - - -- sh -c 'cd shared && lbc-import -q -r reg.tsv -R rej.tsv drop.csv > /dev/null'
	check other-user-link-refused-for-root-nothing 'test ! -e shared/stolen.tsv'
	rm -f "$shared/rej.tsv"
	# The other user's own outputs: 0600 records, theirs, via /proc names.
	expect other-user-runs 0 - - -- sh -c 'cd shared && '"$AS_OTHER"' sh -c "umask 022; lbc-import -q -r reg.tsv -R o-rej.tsv drop.csv > /dev/null && lbc-dedupe -q -C o-cl.tsv s.tsv > /dev/null && lbc-tally -b risk -o o.xlsx s.tsv && lbc-chart -o o.png risk.tsv"'
	check other-user-files 'test "$(stat -c "%u %a" shared/o-rej.tsv shared/o-cl.tsv shared/o.xlsx shared/o.png | tr "\n" " ")" = "'$OTHER' 600 '$OTHER' 600 '$OTHER' 644 '$OTHER' 644 "'
	check other-user-no-temp '! ls -a shared | grep -q "^\.lbc-tmp"'
	chmod 700 "$T"
else
	skip other-user "cannot run as another user here"
fi
# --max-age has a documented range, 1 to 150.
if has lbc-import; then
	printf 'lbc-import: --max-age 151: give a whole number of years from 1 to 150\n' > "$T/age.err"
	expect max-age-limit-told 2 /dev/null - -- lbc-import --max-age 151 drop.csv
	check max-age-limit-message 'head -n 1 err | cmp -s - age.err'
	expect max-age-150-accepted 0 - - -- lbc-import -q -r reg.tsv --max-age 150 drop.csv
	check max-age-documented 'lbc-import --help | grep -q "1-150" && grep -q "from 1 to 150" "$TOP/man/lbc-import.1"'
fi
check no-temp-at-all "$no_temp"

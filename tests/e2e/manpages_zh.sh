# The Chinese manual pages (man/zh_CN/) against the English ones (man/):
# mandoc -Tlint clean, and the same options (every Fl in SYNOPSIS and on
# an .It line) and the same EXAMPLES command lines (the -literal displays
# of EXAMPLES), each difference printed.  An English page without its
# Chinese one fails: a new page is translated with it.
. "$(dirname "$0")/../lib.sh"
M=$TOP/man
ZM=$M/zh_CN

# options PAGE: one "Fl word" per line, sorted, unique.
options() {
	awk '/^\.Sh /{ sec = $2 } sec == "SYNOPSIS" || /^\.It / {
		for (i = 1; i < NF; i++) if ($i == "Fl") print "-" $(i + 1) }' "$1" |
	    sed 's/[,.;:)]*$//' | LC_ALL=C sort -u
}
# examples PAGE: the lines of the literal displays of EXAMPLES.
examples() {
	awk '/^\.Sh /{ sec = $2 } sec == "EXAMPLES" && /^\.Bd -literal/ { lit = 1; next }
	    /^\.Ed/ { lit = 0 } sec == "EXAMPLES" && lit' "$1"
}

for en in "$M"/*.[1-9]; do
	p=${en##*/}
	zh=$ZM/$p
	if [ ! -f "$zh" ]; then
		fail "manpage_zh_$p" "no man/zh_CN/$p: translate the page"
		continue
	fi
	options "$en" >"$T/o.en"; options "$zh" >"$T/o.zh"
	if cmp -s "$T/o.en" "$T/o.zh"; then
		ok "manpage_zh_${p}_options"
	else
		fail "manpage_zh_${p}_options" "$(diff "$T/o.en" "$T/o.zh" |
		    sed -n 's/^< /only in man\/'"$p"': /p; s/^> /only in man\/zh_CN\/'"$p"': /p' | tr '\n' ';')"
	fi
	examples "$en" >"$T/e.en"; examples "$zh" >"$T/e.zh"
	if [ -s "$T/e.en" ] && cmp -s "$T/e.en" "$T/e.zh"; then
		ok "manpage_zh_${p}_examples"
	else
		fail "manpage_zh_${p}_examples" "$(diff "$T/e.en" "$T/e.zh" |
		    sed -n 's/^< /only in man\/'"$p"': /p; s/^> /only in man\/zh_CN\/'"$p"': /p' | tr '\n' ';')"
	fi
	if ! command -v mandoc >/dev/null; then
		echo "SKIP manpage_zh_${p}_lint: no mandoc"
	elif mandoc -Tlint -W warning "$zh" >"$T/lint" 2>&1 && [ ! -s "$T/lint" ]; then
		ok "manpage_zh_${p}_lint"
	else
		fail "manpage_zh_${p}_lint" "$(head -n 5 "$T/lint" | tr '\n' ';')"
	fi
	# The page renders, in Chinese.
	check "manpage_zh_${p}_renders" "mandoc -Tutf8 '$zh' | grep -qP '[\x{4e00}-\x{9fff}]'"
done
for zh in "$ZM"/*.[1-9]; do
	[ -f "$zh" ] || continue
	[ -f "$M/${zh##*/}" ] || fail "manpage_zh_${zh##*/}" "no English page man/${zh##*/}"
done

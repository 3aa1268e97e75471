# The message catalogue: po/zh_CN.po translates every message the sources
# hold (a message added without a translation fails here, named), has no
# untranslated or fuzzy entry, builds with msgfmt --check, keeps to the
# glossary, and po/lbc.pot is the template the sources give (make po).
. "$(dirname "$0")/../lib.sh"
PO=$TOP/po
if ! command -v xgettext >/dev/null || ! command -v msgcmp >/dev/null; then
	echo "SKIP po.sh: gettext tools not installed (.ci/deps.sh)"
	exit 0
fi
sh "$PO/mkpot.sh" "$T/fresh.pot" 2>"$T/xg.err"
check po_template_builds '[ -s fresh.pot ] && [ ! -s xg.err ]'

# Every msgid of the sources translated (msgcmp ignores untranslated and
# fuzzy entries of the catalogue, so they count as missing).
if msgcmp "$PO/zh_CN.po" "$T/fresh.pot" >"$T/cmp" 2>&1; then
	ok po_catalogue_has_every_message
else
	fail po_catalogue_has_every_message "not translated (make po, then po/README): $(head -n 20 "$T/cmp" | tr "\n" "|")"
fi

msgfmt --check --statistics -o "$T/zh.mo" "$PO/zh_CN.po" >"$T/stat" 2>&1
if [ $? -eq 0 ] && grep -q 'translated message' "$T/stat" &&
    ! grep -Eq 'untranslated|fuzzy' "$T/stat"; then
	ok po_catalogue_complete
else
	fail po_catalogue_complete "$(tr '\n' ' ' <"$T/stat")"
fi

# The committed template is the fresh one (same messages, both ways).
if msgcmp --use-untranslated "$PO/lbc.pot" "$T/fresh.pot" >/dev/null 2>&1 &&
    msgcmp --use-untranslated "$T/fresh.pot" "$PO/lbc.pot" >/dev/null 2>&1; then
	ok po_template_current
else
	fail po_template_current "po/lbc.pot is stale: run make po"
fi

if python3 "$PO/checkglossary.py" "$PO/glossary.tsv" "$PO/zh_CN.po" >"$T/gl" 2>&1; then
	ok po_glossary_terms
else
	fail po_glossary_terms "$(head -n 10 "$T/gl" | tr '\n' '|')"
fi

# The glossary check itself catches a translation that drops a term, and
# msgcmp a message the catalogue lacks.
cat >"$T/bad.po" <<'PO'
msgid ""
msgstr "Content-Type: text/plain; charset=UTF-8\n"

msgid "%s: no header row"
msgstr "%s：没有标题"
PO
check po_glossary_catches_a_wrong_term \
    '! python3 "$PO/checkglossary.py" "$PO/glossary.tsv" bad.po >gl2 && grep -q "header" gl2'
printf '\nmsgid "a message nobody translated"\nmsgstr ""\n' >>"$T/fresh.pot"
check po_missing_message_is_caught '! msgcmp "$PO/zh_CN.po" fresh.pot 2>/dev/null'

#!/bin/sh
# Writes lbc's message template (the msgids of every message a command
# prints) to $1: xgettext over cmd/ and lib/, from the top of the tree.
#   sh po/mkpot.sh po/lbc.pot
# The keywords: _() and N_() mark strings; the err(3) functions, wrapped in
# cmd/i18n.h, translate their format argument.
set -eu
out=${1:?usage: mkpot.sh out.pot}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
# shellcheck disable=SC2046
xgettext --from-code=UTF-8 --language=C --package-name=lbc \
	--msgid-bugs-address="lbc maintainers (README.md)" --add-location=file --sort-output \
	--keyword=_ --keyword=N_ --keyword=TR:2 --flag=TR:2:pass-c-format \
	--keyword=fail:2 --flag=fail:2:c-format \
	--keyword=cleanup_stdout_failed \
	--keyword=warnx:1 --keyword=warn:1 --keyword=errx:2 --keyword=err:2 \
	--flag=warnx:1:c-format --flag=warn:1:c-format \
	--flag=errx:2:c-format --flag=err:2:c-format \
	--flag=lbc_tr:1:pass-c-format \
	-o "$out.tmp" $(ls cmd/*.c cmd/*.h lib/*.c | LC_ALL=C sort)
# The shell commands: tr_ translates a string, sayf, logf, dief and warnf
# a printf format (cmd/lbc-monthly.sh).
# shellcheck disable=SC2046
xgettext --from-code=UTF-8 --language=Shell --join-existing \
	--add-location=file --sort-output \
	--keyword=tr_ --keyword=sayf --keyword=logf --keyword=dief --keyword=warnf \
	--flag=sayf:1:c-format --flag=logf:1:c-format --flag=dief:1:c-format \
	--flag=warnf:1:c-format \
	-o "$out.tmp" $(ls cmd/*.sh | LC_ALL=C sort)
# No creation date: the template changes only when a message does.
sed "/^\"POT-Creation-Date:/d" "$out.tmp" >"$out"
rm -f "$out.tmp"

#!/bin/sh
# Installs the Debian packages lbc needs to build, test and run, when some
# are missing: as root with apt-get, otherwise it prints the command to run.
#   sh .ci/deps.sh            build, make check, make demo, make bench
#   sh .ci/deps.sh fuzz       and clang's libFuzzer for make fuzz
#   sh .ci/deps.sh valgrind   and valgrind for make valgrind
set -eu
PKGS="build-essential pkg-config libcsv-dev libicu-dev libxlsxwriter-dev
libgsl-dev libglpk-dev nettle-dev libzip-dev libexpat1-dev libfreexl-dev gnuplot-nox fonts-noto-cjk fontconfig mandoc
python3 python3-openpyxl python3-scipy mawk miller datamash xlsx2csv time gettext locales"
for extra in "$@"; do
	case $extra in
	fuzz) PKGS="$PKGS clang libclang-rt-14-dev" ;;
	valgrind) PKGS="$PKGS valgrind" ;;
	*) echo "deps.sh: unknown group $extra" >&2; exit 2 ;;
	esac
done
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
# The zh_CN.UTF-8 locale the Chinese messages and tests run in (Debian
# locales): enabled in /etc/locale.gen and generated, only when missing.
zh_locale() {
	locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\?8' && return 0
	[ "$(id -u)" -eq 0 ] && [ -f /etc/locale.gen ] && command -v locale-gen >/dev/null || {
		echo "deps.sh: no zh_CN.UTF-8 locale (as root: enable it in /etc/locale.gen, run locale-gen)" >&2
		return 0; }
	sed -i 's/^# *\(zh_CN\.UTF-8 UTF-8\)/\1/' /etc/locale.gen
	grep -q '^zh_CN\.UTF-8 UTF-8' /etc/locale.gen || echo 'zh_CN.UTF-8 UTF-8' >>/etc/locale.gen
	locale-gen >/dev/null
}
if [ -z "$missing" ]; then
	zh_locale
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "lbc needs these Debian packages; install them with:" >&2
	echo "  sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
zh_locale

/*
 * i18n.h: the messages of lbc's commands in the reader's language (GNU
 * gettext, text domain "lbc").  For commands only; cleanup.h includes it,
 * so every command has it.
 *
 * i18n_init(), instead of setlocale(LC_ALL, ""), first thing in main():
 *  - takes the locale from the environment for messages and characters
 *    (LC_MESSAGES, LC_CTYPE), and keeps LC_NUMERIC, LC_COLLATE, LC_TIME
 *    and LC_MONETARY at "C": output data (records, tables, numbers,
 *    order) never changes with the locale;
 *  - binds the domain to the catalogues beside the binary (BIN/../share/
 *    locale, when it holds zh_CN/LC_MESSAGES/lbc.mo: the build tree's
 *    build/share/locale, or an installed PREFIX/share/locale however the
 *    tree was moved), otherwise to LBC_LOCALEDIR, the PREFIX/share/locale
 *    given at build time.  A locale the system lacks leaves messages in
 *    English, quietly.
 *
 * The err(3) functions are wrapped: warnx, errx, warn and err translate
 * their format (xgettext finds them through --keyword, see the Makefile),
 * and lbc_strerror() and the other lib/ functions that return a message
 * (marked N_() in lib/) are translated where a command prints them.  Help
 * texts and other strings go through _().
 */
#ifndef LBC_CMD_I18N_H
#define LBC_CMD_I18N_H

#include <err.h>
#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"

#ifndef LBC_LOCALEDIR
#define LBC_LOCALEDIR	"/usr/local/share/locale"
#endif

#define _(s)	lbc_tr(s)
#ifndef N_
#define N_(s)	s
#endif

/* gettext(s), and NULL for NULL (err(1, NULL)). */
static inline const char *__attribute__((format_arg(1)))
lbc_tr(const char *s)
{
	return s == NULL ? NULL : dgettext("lbc", s);
}

static void __attribute__((unused))
i18n_init(void)
{
	static const char rel[] = "/../share/locale";
	char exe[PATH_MAX], *dir = NULL, *slash, *mo = NULL;
	ssize_t n;

	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	setlocale(LC_COLLATE, "C");
	setlocale(LC_TIME, "C");
	setlocale(LC_MONETARY, "C");
	n = readlink("/proc/self/exe", exe, sizeof(exe) - sizeof(rel));
	if (n > 0 && (size_t)n < sizeof(exe) - sizeof(rel)) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			memcpy(slash, rel, sizeof(rel));
			if (asprintf(&mo, "%s/zh_CN/LC_MESSAGES/lbc.mo", exe) != -1 &&
			    access(mo, R_OK) == 0)
				dir = exe;
			free(mo);
		}
	}
	bindtextdomain("lbc", dir != NULL ? dir : LBC_LOCALEDIR);
	textdomain("lbc");
}

#define warnx(fmt, ...)		(warnx)(lbc_tr(fmt), ##__VA_ARGS__)
#define warn(fmt, ...)		(warn)(lbc_tr(fmt), ##__VA_ARGS__)
#define errx(eval, fmt, ...)	(errx)(eval, lbc_tr(fmt), ##__VA_ARGS__)
#define err(eval, fmt, ...)	(err)(eval, lbc_tr(fmt), ##__VA_ARGS__)
#define lbc_strerror(e)		lbc_tr(lbc_strerror(e))

#endif

/*
 * cleanup.h: the process set-up every lbc command makes first, and what a
 * signal must undo.  For commands only (it keeps statics and installs
 * signal handlers, which lib/ never does); a command includes it once.
 *
 * cleanup_init(), first thing in main():
 *  - opens /dev/null, read-only, on any of descriptors 0-2 that is
 *    closed: no file the command opens becomes its standard output, and a
 *    write to a closed standard output still fails (EBADF, exit 1);
 *  - ignores SIGPIPE and SIGXFSZ: a reader that stopped (| head) or a
 *    file size limit (ulimit -f) makes the write fail with EPIPE or
 *    EFBIG, and the command exits 1 by its usual error path, which
 *    removes its temporary files;
 *  - catches SIGINT, SIGTERM, SIGHUP and SIGQUIT, except those it
 *    inherited ignored (nohup keeps working): the handler removes the
 *    named temporary files given to cleanup_output(), kills the child
 *    given to cleanup_pid, and the command then dies of the signal; an
 *    exit before cleanup_commit() removes them too;
 *  - catches SIGBUS, which on a mapped file means it was cut short while
 *    being read: the handler says so (naming the file when the fault lies
 *    in the input cleanup_mapped() named, the regions table is mapped
 *    too), removes the temporary files and exits 1.
 * SIGKILL cannot be caught: outfile's temporary files have no name where
 * the system allows it, and are 0600 and removed by a later run where it
 * does not.
 */
#ifndef LBC_CMD_CLEANUP_H
#define LBC_CMD_CLEANUP_H

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "outfile.h"
#include "i18n.h"

/* Not every command uses every function here. */
#define CLEANUP_FN	static __attribute__((unused))

#define CLEANUP_MAX	16	/* temporary files a command may hold */

static char *volatile cleanup_names[CLEANUP_MAX];
static const char *volatile cleanup_mapped_path;
static const char *volatile cleanup_mapped_start;
static volatile size_t cleanup_mapped_len;
/* The running child (lbc_proc's pid), killed by the handler. */
static volatile sig_atomic_t cleanup_pid;

static const int cleanup_sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
#define CLEANUP_NSIGS	(sizeof(cleanup_sigs) / sizeof(cleanup_sigs[0]))

CLEANUP_FN void
cleanup_remove(void)
{
	pid_t pid = (pid_t)cleanup_pid;
	int i;

	for (i = 0; i < CLEANUP_MAX; i++)
		if (cleanup_names[i] != NULL)
			(void)unlink(cleanup_names[i]);
	if (pid > 0)
		(void)kill(pid, SIGKILL);
}

CLEANUP_FN void
cleanup_on_signal(int sig)
{
	cleanup_remove();
	signal(sig, SIG_DFL);
	raise(sig);		/* delivered when the handler returns */
}

CLEANUP_FN void
cleanup_say(const char *s)
{
	(void)!write(STDERR_FILENO, s, strlen(s));
}

CLEANUP_FN void
cleanup_on_sigbus(int sig, siginfo_t *si, void *ctx)
{
	const char *path = cleanup_mapped_path, *p = cleanup_mapped_start;
	const char *at = si != NULL ? (const char *)si->si_addr : NULL;

	(void)sig;
	(void)ctx;
	cleanup_remove();
	cleanup_say(program_invocation_short_name);
	if (path != NULL && at >= p && at < p + cleanup_mapped_len) {
		cleanup_say(": ");
		cleanup_say(path);
		cleanup_say(": the file was cut short while being read\n");
	} else
		cleanup_say(": a file (input or regions table) was cut short "
		    "while being read\n");
	_exit(1);
}

/* Blocks (how SIG_BLOCK) or unblocks the signals the handler catches. */
CLEANUP_FN void
cleanup_hold(int how)
{
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < CLEANUP_NSIGS; i++)
		sigaddset(&set, cleanup_sigs[i]);
	sigprocmask(how, &set, NULL);
}

/* An exit before commit (errx on bad input) leaves nothing either. */
CLEANUP_FN void
cleanup_at_exit(void)
{
	cleanup_remove();
}

CLEANUP_FN void
cleanup_init(void)
{
	struct sigaction sa, old;
	size_t i;
	int fd;

	for (fd = 0; fd < 3; fd++)
		if (fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
			int nfd = open("/dev/null", O_RDONLY);

			if (nfd == -1)
				_exit(1);
			if (nfd != fd) {
				dup2(nfd, fd);
				close(nfd);
			}
		}
	signal(SIGPIPE, SIG_IGN);
	signal(SIGXFSZ, SIG_IGN);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = cleanup_on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < CLEANUP_NSIGS; i++)
		sigaddset(&sa.sa_mask, cleanup_sigs[i]);
	for (i = 0; i < CLEANUP_NSIGS; i++)
		if (sigaction(cleanup_sigs[i], NULL, &old) == 0 &&
		    old.sa_handler != SIG_IGN)
			sigaction(cleanup_sigs[i], &sa, NULL);
	sa.sa_handler = NULL;
	sa.sa_sigaction = cleanup_on_sigbus;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGBUS, &sa, NULL);
	atexit(cleanup_at_exit);
}

/* The handler removes o's named temporary file, if it has one. */
CLEANUP_FN void
cleanup_output(const struct lbc_outfile *o)
{
	const char *name = lbc_outfile_litter(o);
	char *copy;
	int i;

	if (name == NULL || (copy = strdup(name)) == NULL)
		return;
	cleanup_hold(SIG_BLOCK);
	for (i = 0; i < CLEANUP_MAX && cleanup_names[i] != NULL; i++)
		;
	if (i < CLEANUP_MAX)
		cleanup_names[i] = copy;
	else
		free(copy);
	cleanup_hold(SIG_UNBLOCK);
}

/*
 * lbc_outfile_commit() with the signals held, so that a signal cannot
 * come between the link and the rename.
 */
CLEANUP_FN int
cleanup_commit(struct lbc_outfile *o)
{
	const char *name = lbc_outfile_litter(o);
	int rc, saved, i;

	cleanup_hold(SIG_BLOCK);
	for (i = 0; name != NULL && i < CLEANUP_MAX; i++)
		if (cleanup_names[i] != NULL &&
		    strcmp(cleanup_names[i], name) == 0) {
			free(cleanup_names[i]);
			cleanup_names[i] = NULL;
		}
	rc = lbc_outfile_commit(o);
	saved = errno;
	cleanup_hold(SIG_UNBLOCK);
	errno = saved;
	return rc;
}

/*
 * Ends writing output o to path: commits it when rc is 0, else removes
 * it.  On rc != 0 or a failed commit it says why (errno for LBC_EIO) and
 * exits 1.
 */
CLEANUP_FN void
cleanup_finish(struct lbc_outfile *o, int rc, const char *path)
{
	if (rc != 0)
		lbc_outfile_abort(o);
	else if (cleanup_commit(o) != 0)
		rc = LBC_EIO;
	if (rc == LBC_EIO)
		err(1, "%s", path);
	if (rc != 0)
		errx(1, "%s: %s", path, lbc_strerror(rc));
}

/*
 * Names the input being read, mapped at data for len bytes (path NULL:
 * none), for the SIGBUS message.
 */
CLEANUP_FN void
cleanup_mapped(const char *path, const void *data, size_t len)
{
	cleanup_mapped_path = NULL;
	cleanup_mapped_start = data;
	cleanup_mapped_len = len;
	cleanup_mapped_path = path;
}

/*
 * Says why output path cannot be opened (rc from lbc_outfile_open) and
 * exits 1.
 */
CLEANUP_FN void __attribute__((noreturn))
cleanup_open_failed(const char *path, int rc)
{
	if (rc == LBC_EIO)
		err(1, "%s", path);
	errx(1, "%s: %s", path, lbc_strerror(rc));
}

/*
 * Refuses, exit 2, an output (named by option, e.g. "-R") that is the
 * same file as the input in: writing it would destroy the input.
 */
CLEANUP_FN void
cleanup_refuse_same(const char *option, const char *path, const char *in)
{
	if (in != NULL && lbc_outfile_same(path, in))
		errx(2, "%s %s: the output is the input %s: refused", option,
		    path, strcmp(in, "-") == 0 ? "(standard input)" : in);
}

/*
 * A failed write to standard output (errno set): a reader that stopped
 * early (EPIPE, as under | head) needs no message.  Exits 1.
 */
CLEANUP_FN void __attribute__((noreturn))
cleanup_stdout_failed(const char *name)
{
	if (errno != EPIPE)
		warn("%s", _(name));
	exit(1);
}

#endif

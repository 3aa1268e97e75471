/*
 * proc.h: run a program with an argument vector, feed it, wait for it.
 *
 * No shell is involved: argv[0] is looked up on PATH (unless it holds a
 * slash) and executed with argv as given.  The child's stdin gets the
 * bytes in[0..inlen) and then end of file; its stdout and stderr are
 * collected into buffers when asked for.  While the child runs, SIGPIPE
 * is blocked in the caller (a child that stops reading early does not
 * kill it); the child starts with the caller's signal mask and SIGPIPE at
 * its default.  Signals the caller ignores stay ignored in the child (so
 * nohup reaches it, and under the commands' ignored SIGXFSZ a file size
 * limit makes its writes fail instead of killing it: the caller checks
 * what it wrote).
 */
#ifndef LBC_PROC_H
#define LBC_PROC_H

#include <signal.h>
#include <stddef.h>

struct lbc_buf;

/* Most bytes of the child's stderr kept; the rest is read and dropped. */
#define LBC_PROC_ERRMAX	65536

struct lbc_proc {
	const char *const *argv;	/* program and arguments, NULL-ended */
	const char	*in;		/* stdin bytes; NULL: /dev/null */
	size_t		 inlen;
	struct lbc_buf	*out;		/* stdout appended here; NULL: /dev/null */
	struct lbc_buf	*err;		/* stderr appended here (at most
					   LBC_PROC_ERRMAX); NULL: inherited */
	/*
	 * If not NULL, holds the child's process id while it runs and 0
	 * before and after, so that a signal handler can kill it.
	 */
	volatile sig_atomic_t *pid;
	int		 status;	/* set: exit status 0-255, or -N when
					   killed by signal N */
};

/*
 * Runs s->argv and waits for it.  Returns 0 with s->status set, or
 * LBC_ESPAWN when the program could not be started (errno says why:
 * ENOENT when it is not found), LBC_EIO when a pipe failed (the child is
 * killed and reaped), LBC_ENOMEM.  Exit statuses are not errors here.
 */
int	lbc_proc_run(struct lbc_proc *s);

#endif

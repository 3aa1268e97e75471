#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "proc.h"

extern char **environ;

static void
closep(int *fd)
{
	if (*fd != -1) {
		close(*fd);
		*fd = -1;
	}
}

/* Reads what fd has into b (up to max bytes kept); closes fd at EOF. */
static int
drain(int *fd, struct lbc_buf *b, size_t max)
{
	char chunk[65536];
	ssize_t n;
	size_t keep;

	n = read(*fd, chunk, sizeof(chunk));
	if (n == -1)
		return errno == EINTR || errno == EAGAIN ? 0 : LBC_EIO;
	if (n == 0) {
		closep(fd);
		return 0;
	}
	keep = (size_t)n;
	if (b->len >= max)
		keep = 0;
	else if (keep > max - b->len)
		keep = max - b->len;
	if (keep > 0 && lbc_buf_add(b, chunk, keep) != 0)
		return LBC_ENOMEM;
	return 0;
}

/* Moves data between the caller and the child until its pipes close. */
static int
pump(struct lbc_proc *s, int *in, int *out, int *err)
{
	struct pollfd pfd[3];
	size_t off = 0;
	ssize_t n;
	int k, rc;

	if (*in != -1 && s->inlen == 0)
		closep(in);
	while (*in != -1 || *out != -1 || *err != -1) {
		k = 0;
		if (*in != -1)
			pfd[k++] = (struct pollfd){ *in, POLLOUT, 0 };
		if (*out != -1)
			pfd[k++] = (struct pollfd){ *out, POLLIN, 0 };
		if (*err != -1)
			pfd[k++] = (struct pollfd){ *err, POLLIN, 0 };
		if (poll(pfd, (nfds_t)k, -1) == -1) {
			if (errno == EINTR)
				continue;
			return LBC_EIO;
		}
		for (k--; k >= 0; k--) {
			if (pfd[k].revents == 0)
				continue;
			if (pfd[k].fd == *in) {
				n = write(*in, s->in + off, s->inlen - off);
				if (n == -1 && errno == EPIPE) {
					closep(in);	/* it stopped reading */
					continue;
				}
				if (n == -1 && errno != EINTR &&
				    errno != EAGAIN)
					return LBC_EIO;
				if (n > 0)
					off += (size_t)n;
				if (off == s->inlen)
					closep(in);
			} else if (pfd[k].fd == *out) {
				if ((rc = drain(out, s->out, (size_t)-1)) != 0)
					return rc;
			} else if ((rc = drain(err, s->err,
			    LBC_PROC_ERRMAX)) != 0)
				return rc;
		}
	}
	return 0;
}

int
lbc_proc_run(struct lbc_proc *s)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t pipeset, saved, def;
	int p[3][2] = { { -1, -1 }, { -1, -1 }, { -1, -1 } };
	int rc = 0, e, i, wst = 0, faok = 0, attrok = 0;
	pid_t pid = -1;
	struct timespec zero = { 0, 0 };

	s->status = 0;
	sigemptyset(&pipeset);
	sigaddset(&pipeset, SIGPIPE);
	sigprocmask(SIG_BLOCK, &pipeset, &saved);
	if ((s->in != NULL && pipe2(p[0], O_CLOEXEC) == -1) ||
	    (s->out != NULL && pipe2(p[1], O_CLOEXEC) == -1) ||
	    (s->err != NULL && pipe2(p[2], O_CLOEXEC) == -1)) {
		rc = LBC_EIO;
		goto out;
	}
	if ((e = posix_spawn_file_actions_init(&fa)) != 0 ||
	    (faok = 1, 0) ||
	    (e = posix_spawnattr_init(&attr)) != 0 ||
	    (attrok = 1, 0)) {
		errno = e;
		rc = LBC_ENOMEM;
		goto out;
	}
	sigemptyset(&def);
	sigaddset(&def, SIGPIPE);
	if ((e = s->in != NULL ?
	    posix_spawn_file_actions_adddup2(&fa, p[0][0], 0) :
	    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY,
	    0)) != 0 ||
	    (e = s->out != NULL ?
	    posix_spawn_file_actions_adddup2(&fa, p[1][1], 1) :
	    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY,
	    0)) != 0 ||
	    (s->err != NULL &&
	    (e = posix_spawn_file_actions_adddup2(&fa, p[2][1], 2)) != 0) ||
	    (e = posix_spawnattr_setsigmask(&attr, &saved)) != 0 ||
	    (e = posix_spawnattr_setsigdefault(&attr, &def)) != 0 ||
	    (e = posix_spawnattr_setflags(&attr,
	    POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)) != 0) {
		errno = e;
		rc = LBC_ENOMEM;
		goto out;
	}
	e = posix_spawnp(&pid, s->argv[0], &fa, &attr,
	    (char *const *)s->argv, environ);
	if (e != 0) {
		pid = -1;
		errno = e;
		rc = LBC_ESPAWN;
		goto out;
	}
	if (s->pid != NULL)
		*s->pid = pid;
	closep(&p[0][0]);
	closep(&p[1][1]);
	closep(&p[2][1]);
	if (p[0][1] != -1)
		fcntl(p[0][1], F_SETFL, O_NONBLOCK);
	rc = pump(s, &p[0][1], &p[1][0], &p[2][0]);
	if (rc != 0)
		kill(pid, SIGKILL);
out:
	e = errno;
	for (i = 0; i < 3; i++) {
		closep(&p[i][0]);
		closep(&p[i][1]);
	}
	if (pid != -1) {
		while (waitpid(pid, &wst, 0) == -1 && errno == EINTR)
			;
		if (WIFEXITED(wst))
			s->status = WEXITSTATUS(wst);
		else if (WIFSIGNALED(wst))
			s->status = -WTERMSIG(wst);
		if (s->pid != NULL)
			*s->pid = 0;
	}
	if (faok)
		posix_spawn_file_actions_destroy(&fa);
	if (attrok)
		posix_spawnattr_destroy(&attr);
	/* Take back a SIGPIPE our writes raised, then unblock as before. */
	while (sigtimedwait(&pipeset, NULL, &zero) == SIGPIPE)
		;
	sigprocmask(SIG_SETMASK, &saved, NULL);
	errno = e;
	return rc;
}

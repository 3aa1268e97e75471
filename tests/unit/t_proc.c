/* Running a program: stdin fed, stdout and stderr caught, statuses. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>

#include "buf.h"
#include "check.h"
#include "err.h"
#include "proc.h"

int
main(void)
{
	static const char *const cat[] = { "cat", NULL };
	static const char *const fail[] = { "sh", "-c",
	    "echo oops >&2; exit 3", NULL };
	static const char *const killed[] = { "sh", "-c", "kill -9 $$", NULL };
	static const char *const early[] = { "true", NULL };
	static const char *const none[] = { "/nonexistent/program", NULL };
	static const char *const nopath[] = { "lbc-no-such-program", NULL };
	struct lbc_buf out = { NULL, 0, 0 }, err = { NULL, 0, 0 };
	struct lbc_proc p;
	volatile sig_atomic_t pid = 7;
	size_t big = 4 << 20;
	char *in;

	memset(&p, 0, sizeof(p));
	p.argv = cat;
	p.in = "a\tb\nc";
	p.inlen = 5;
	p.out = &out;
	p.err = &err;
	p.pid = &pid;
	CHECK_INT(lbc_proc_run(&p), 0, "cat runs");
	CHECK_INT(p.status, 0, "cat exits 0");
	CHECK_STR(out.p, "a\tb\nc", "stdin to stdout");
	CHECK_INT(err.len, 0, "nothing on stderr");
	CHECK_INT(pid, 0, "pid cleared after the run");

	/* More than a pipe holds, both ways at once. */
	in = malloc(big);
	memset(in, 'x', big);
	lbc_buf_clear(&out);
	p.in = in;
	p.inlen = big;
	CHECK_INT(lbc_proc_run(&p), 0, "cat of 4 MiB");
	CHECK_INT(out.len, big, "all of it came back");

	/* A program that reads nothing: the write fails, no SIGPIPE here. */
	p.argv = early;
	p.out = NULL;
	CHECK_INT(lbc_proc_run(&p), 0, "a program that does not read");
	CHECK_INT(p.status, 0, "and exits 0");
	free(in);

	p.argv = fail;
	p.in = NULL;
	lbc_buf_clear(&err);
	CHECK_INT(lbc_proc_run(&p), 0, "failing program runs");
	CHECK_INT(p.status, 3, "exit status 3");
	CHECK_STR(err.p, "oops\n", "stderr caught");

	p.argv = killed;
	CHECK_INT(lbc_proc_run(&p), 0, "killed program runs");
	CHECK_INT(p.status, -SIGKILL, "killed by signal 9");

	p.argv = none;
	errno = 0;
	CHECK_INT(lbc_proc_run(&p), LBC_ESPAWN, "no such file");
	CHECK_INT(errno, ENOENT, "ENOENT");
	p.argv = nopath;
	errno = 0;
	CHECK_INT(lbc_proc_run(&p), LBC_ESPAWN, "not on PATH");
	CHECK_INT(errno, ENOENT, "ENOENT on PATH");

	lbc_buf_free(&out);
	lbc_buf_free(&err);
	return check_failed;
}

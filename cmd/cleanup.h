/*
 * cleanup.h: for commands only (it keeps a static and installs signal
 * handlers, which lib/ never does).  A command includes it once.
 *
 * remove_on_signal(tmp) makes SIGINT, SIGTERM and SIGHUP remove the
 * temporary file of an output still being written before the command
 * dies of the signal, so the output appears whole or not at all.  After
 * the rename the name no longer exists and unlink does nothing.
 */
#ifndef LBC_CMD_CLEANUP_H
#define LBC_CMD_CLEANUP_H

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *tmp_output;

static void
on_fatal_signal(int sig)
{
	if (tmp_output != NULL)
		unlink(tmp_output);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
remove_on_signal(const char *tmp)
{
	if (tmp == NULL || (tmp_output = strdup(tmp)) == NULL)
		return;
	signal(SIGINT, on_fatal_signal);
	signal(SIGTERM, on_fatal_signal);
	signal(SIGHUP, on_fatal_signal);
}

#endif

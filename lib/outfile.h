/*
 * outfile.h: output files that appear whole or not at all, never handed
 * to the wrong people.
 *
 * lbc_outfile_open() makes a temporary file in the folder of path (the
 * folder is opened once, and every later step works inside it, so a
 * folder renamed or replaced meanwhile changes nothing); the caller
 * writes through lbc_outfile_fp() or, for libraries and programs that
 * take a file name, to lbc_outfile_tmpname(); then either commits (flush,
 * fsync, rename over path) or aborts (nothing is left).
 *
 * The temporary file has no name where the system allows it (Linux
 * O_TMPFILE, reopened by the name /proc/PID/fd/N): a run killed by
 * SIGKILL or a power cut leaves nothing behind.  Elsewhere it is named
 * ".lbc-tmp.PID.XXXXXX" in the same folder, created 0600, and the next
 * lbc_outfile_open() in that folder removes such files of the same user
 * whose process is gone.  At commit an unnamed file gets such a name for
 * the moment between link and rename.
 *
 * Permissions: LBC_OUTFILE_PRIVATE (record-level data: rejects,
 * clusters, record files) makes 0600 whatever the umask;
 * LBC_OUTFILE_SHARED (aggregate tables and charts, made to be handed
 * round) makes 0666 less the umask.  A file that is replaced never gets
 * wider permissions than it had (the new mode is the one above, bits the
 * old file lacked removed), and the new file is owned by the caller: an
 * old file's owner or group is never copied.
 *
 * Links and special files: path is written through a symbolic link only
 * when the link is owned by the caller or by root (/dev/stdout); a link
 * anyone else made, as in a shared /tmp, is refused with LBC_EUNSAFE
 * rather than followed.  A followed link to a regular file keeps the link
 * and replaces its target.  A path that exists and is no regular file
 * (/dev/null, a FIFO, a terminal) is written in place, and only when it
 * is owned by the caller or by root (LBC_EUNSAFE otherwise): renaming
 * over it would replace the device.  Folders above the last component
 * are resolved by the system as usual.
 */
#ifndef LBC_OUTFILE_H
#define LBC_OUTFILE_H

#include <stdio.h>

struct lbc_outfile;

/* Flags of lbc_outfile_openx(). */
#define LBC_OUTFILE_PRIVATE	0	/* 0600: record-level data */
#define LBC_OUTFILE_SHARED	1	/* 0666 & ~umask: aggregate output */
#define LBC_OUTFILE_NAMED	2	/* always a named temporary file */

/*
 * Opens path as a private file (LBC_OUTFILE_PRIVATE).  Returns NULL and
 * sets *err on failure: LBC_EIO with errno, LBC_EUNSAFE (a link or
 * special file owned by another user), LBC_ENOMEM.
 */
struct lbc_outfile *lbc_outfile_open(const char *path, int *err);
/* The same with flags (LBC_OUTFILE_* or'ed). */
struct lbc_outfile *lbc_outfile_openx(const char *path, int flags, int *err);
FILE	*lbc_outfile_fp(struct lbc_outfile *o);
/*
 * A name the temporary file can be opened by for writing, by this
 * process or a child (/proc/PID/fd/N, the named temporary file, or path
 * itself when written in place).  Valid until commit or abort.
 */
const char *lbc_outfile_tmpname(const struct lbc_outfile *o);
/* The path given (for a followed link: the file it names). */
const char *lbc_outfile_path(const struct lbc_outfile *o);
/*
 * The name a signal handler should unlink if the process dies before
 * commit, or NULL when there is none (unnamed temporary, in place).
 */
const char *lbc_outfile_litter(const struct lbc_outfile *o);
/*
 * Flushes, syncs, closes and renames; frees o.  Returns 0, or LBC_EIO
 * (errno set) after removing the temporary file.
 */
int	lbc_outfile_commit(struct lbc_outfile *o);
/* Closes and removes the temporary file; frees o.  NULL is a no-op. */
void	lbc_outfile_abort(struct lbc_outfile *o);

/*
 * 1 when the output path and the input in ("-": standard input) are the
 * same regular file (device and inode, links followed), else 0.  A
 * command refuses such an output before it writes anything.
 */
int	lbc_outfile_same(const char *path, const char *in);

#endif

/*
 * outfile.h: output files that appear whole or not at all.
 *
 * lbc_outfile_open() creates a temporary file beside path (same folder, so
 * rename(2) is atomic); the caller writes through lbc_outfile_fp() or, for
 * libraries that take a file name, to lbc_outfile_tmpname(), then either
 * commits (flush, close, rename over path) or aborts (close, unlink).
 * A path that exists and is no regular file (/dev/null, /dev/stdout, a
 * FIFO) is written in place: renaming over it would replace the device.
 * A symbolic link to a regular file is followed (the link stays and its
 * target is replaced); a file that is replaced keeps its permissions and
 * owner, so rejects written over a 0600 file stay private.
 */
#ifndef LBC_OUTFILE_H
#define LBC_OUTFILE_H

#include <stdio.h>

struct lbc_outfile;

/* Returns NULL and sets *err (LBC_EIO with errno, LBC_ENOMEM) on failure. */
struct lbc_outfile *lbc_outfile_open(const char *path, int *err);
FILE	*lbc_outfile_fp(struct lbc_outfile *o);
const char *lbc_outfile_tmpname(const struct lbc_outfile *o);
const char *lbc_outfile_path(const struct lbc_outfile *o);
/*
 * Flushes, closes and renames; frees o.  Returns 0, or LBC_EIO (errno set)
 * after removing the temporary file.
 */
int	lbc_outfile_commit(struct lbc_outfile *o);
/* Closes and removes the temporary file; frees o.  NULL is a no-op. */
void	lbc_outfile_abort(struct lbc_outfile *o);

#endif

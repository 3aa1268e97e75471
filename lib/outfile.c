#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "outfile.h"

struct lbc_outfile {
	char	*path;
	char	*tmp;
	FILE	*fp;
};

struct lbc_outfile *
lbc_outfile_open(const char *path, int *err)
{
	struct lbc_outfile *o;
	struct stat st;
	mode_t mask;
	int fd, saved;

	if ((o = calloc(1, sizeof(*o))) == NULL ||
	    (o->path = strdup(path)) == NULL ||
	    (o->tmp = malloc(strlen(path) + 16)) == NULL) {
		if (o != NULL)
			free(o->path);
		free(o);
		*err = LBC_ENOMEM;
		return NULL;
	}
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		/*
		 * A device or FIFO (/dev/null, /dev/stdout, a pipe): written in
		 * place, since renaming over it would replace it.
		 */
		free(o->tmp);
		o->tmp = NULL;
		if ((o->fp = fopen(path, "w")) == NULL) {
			saved = errno;
			free(o->path);
			free(o);
			errno = saved;
			*err = LBC_EIO;
			return NULL;
		}
		return o;
	}
	strcpy(o->tmp, path);
	strcat(o->tmp, ".tmp.XXXXXX");
	if ((fd = mkstemp(o->tmp)) == -1 ||
	    (o->fp = fdopen(fd, "w")) == NULL) {
		saved = errno;
		if (fd != -1) {
			close(fd);
			unlink(o->tmp);
		}
		free(o->tmp);
		free(o->path);
		free(o);
		errno = saved;
		*err = LBC_EIO;
		return NULL;
	}
	/* mkstemp makes 0600; give the file the usual umask permissions. */
	mask = umask(0);
	umask(mask);
	(void)fchmod(fd, 0666 & ~mask);
	return o;
}

FILE *
lbc_outfile_fp(struct lbc_outfile *o)
{
	return o->fp;
}

const char *
lbc_outfile_tmpname(const struct lbc_outfile *o)
{
	return o->tmp != NULL ? o->tmp : o->path;
}

const char *
lbc_outfile_path(const struct lbc_outfile *o)
{
	return o->path;
}

static void
release(struct lbc_outfile *o)
{
	free(o->tmp);
	free(o->path);
	free(o);
}

int
lbc_outfile_commit(struct lbc_outfile *o)
{
	int bad = 0, saved = 0;

	if (ferror(o->fp))
		bad = 1, saved = EIO;
	if (fflush(o->fp) != 0 && !bad)
		bad = 1, saved = errno;
	if (fclose(o->fp) != 0 && !bad)
		bad = 1, saved = errno;
	if (!bad && o->tmp != NULL && rename(o->tmp, o->path) != 0)
		bad = 1, saved = errno;
	if (bad && o->tmp != NULL)
		unlink(o->tmp);
	release(o);
	if (bad) {
		errno = saved;
		return LBC_EIO;
	}
	return 0;
}

void
lbc_outfile_abort(struct lbc_outfile *o)
{
	if (o == NULL)
		return;
	fclose(o->fp);
	if (o->tmp != NULL)
		unlink(o->tmp);
	release(o);
}

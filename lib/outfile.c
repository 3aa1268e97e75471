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

/* Opens path for writing in place: devices, FIFOs, links to them. */
static struct lbc_outfile *
open_in_place(struct lbc_outfile *o, int *err)
{
	int saved;

	free(o->tmp);
	o->tmp = NULL;
	if ((o->fp = fopen(o->path, "w")) == NULL) {
		saved = errno;
		free(o->path);
		free(o);
		errno = saved;
		*err = LBC_EIO;
		return NULL;
	}
	return o;
}

struct lbc_outfile *
lbc_outfile_open(const char *path, int *err)
{
	struct lbc_outfile *o;
	struct stat st;
	mode_t mask;
	int fd, saved, exists;
	char *real;

	if ((o = calloc(1, sizeof(*o))) == NULL ||
	    (o->path = strdup(path)) == NULL) {
		if (o != NULL)
			free(o->path);
		free(o);
		*err = LBC_ENOMEM;
		return NULL;
	}
	exists = lstat(path, &st) == 0;
	if (exists && S_ISLNK(st.st_mode)) {
		/*
		 * A link: the new file replaces what it points at, so the link
		 * stays; a link to a device, a pipe or nothing (/dev/stdout,
		 * /dev/fd/3) is written through in place.
		 */
		if ((real = realpath(path, NULL)) == NULL ||
		    stat(real, &st) != 0 || !S_ISREG(st.st_mode)) {
			free(real);
			return open_in_place(o, err);
		}
		free(o->path);
		o->path = real;
	} else if (exists && !S_ISREG(st.st_mode))
		return open_in_place(o, err);	/* /dev/null, a FIFO */
	if ((o->tmp = malloc(strlen(o->path) + 16)) == NULL) {
		free(o->path);
		free(o);
		*err = LBC_ENOMEM;
		return NULL;
	}
	strcpy(o->tmp, o->path);
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
	if (exists) {
		/* Replacing a file keeps its permissions (rejects name children). */
		(void)fchmod(fd, st.st_mode & 07777);
		(void)fchown(fd, st.st_uid, st.st_gid);
	} else {
		/* mkstemp makes 0600; a new file gets the umask's permissions. */
		mask = umask(0);
		umask(mask);
		(void)fchmod(fd, 0666 & ~mask);
	}
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

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "outfile.h"

#define PREFIX	".lbc-tmp."	/* named temporary files: PREFIX PID . XXXXXX */

struct lbc_outfile {
	char	*path;		/* the output as given, or the link's target */
	char	*base;		/* its last component, inside dfd */
	char	*tmp;		/* named temporary, its full path; or NULL */
	char	*tmpname;	/* what lbc_outfile_tmpname() gives */
	FILE	*fp;
	int	 dfd;		/* the folder of path; -1 when in place */
	mode_t	 mode;
};

/* The named temporary file's name inside dfd. */
static const char *
tmpbase(const struct lbc_outfile *o)
{
	const char *s = strrchr(o->tmp, '/');

	return s != NULL ? s + 1 : o->tmp;
}

static void
release(struct lbc_outfile *o)
{
	int saved = errno;

	if (o->dfd != -1)
		close(o->dfd);
	if (o->tmpname != o->path && o->tmpname != o->tmp)
		free(o->tmpname);
	free(o->tmp);
	free(o->base);
	free(o->path);
	free(o);
	errno = saved;
}

static struct lbc_outfile *
fail(struct lbc_outfile *o, int *err, int code)
{
	if (o->fp != NULL)
		fclose(o->fp);
	if (o->tmp != NULL && o->dfd != -1)
		unlinkat(o->dfd, tmpbase(o), 0);
	release(o);
	*err = code;
	return NULL;
}

/* 1 when a file of owner uid may be written through (ours or root's). */
static int
trusted(uid_t uid)
{
	return uid == geteuid() || uid == 0;
}

/*
 * Opens a device, FIFO or terminal in place.  follow: path is a link the
 * caller trusts; otherwise it must still be what lstat saw.
 */
static struct lbc_outfile *
open_in_place(struct lbc_outfile *o, const struct stat *seen, int follow,
    int *err)
{
	struct stat st;
	int fd;

	fd = open(o->path, O_WRONLY | O_TRUNC | O_CLOEXEC |
	    (follow ? 0 : O_NOFOLLOW));
	if (fd == -1)
		return fail(o, err, LBC_EIO);
	if (!follow && (fstat(fd, &st) != 0 || st.st_dev != seen->st_dev ||
	    st.st_ino != seen->st_ino)) {
		close(fd);
		errno = EAGAIN;		/* replaced between lstat and open */
		return fail(o, err, LBC_EIO);
	}
	if ((o->fp = fdopen(fd, "w")) == NULL) {
		close(fd);
		return fail(o, err, LBC_EIO);
	}
	o->tmpname = o->path;
	return o;
}

/* Removes named temporary files of ours in dfd whose process is gone. */
static void
sweep(int dfd)
{
	struct dirent *de;
	struct stat st;
	DIR *d;
	char *end;
	long pid;
	int fd;

	if ((fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return;
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, PREFIX, sizeof(PREFIX) - 1) != 0)
			continue;
		pid = strtol(de->d_name + sizeof(PREFIX) - 1, &end, 10);
		if (*end != '.' || pid <= 0 || pid == (long)getpid() ||
		    kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(st.st_mode) && st.st_uid == geteuid())
			(void)unlinkat(dfd, de->d_name, 0);
	}
	closedir(d);
}

/* Makes the temporary file in o->dfd; returns its fd or -1. */
static int
make_temp(struct lbc_outfile *o, int flags)
{
	size_t n;
	int fd;

	if (!(flags & LBC_OUTFILE_NAMED) &&
	    (fd = openat(o->dfd, ".", O_TMPFILE | O_RDWR | O_CLOEXEC,
	    0600)) != -1) {
		n = 40;
		if ((o->tmpname = malloc(n)) == NULL) {
			close(fd);
			errno = ENOMEM;
			return -1;
		}
		snprintf(o->tmpname, n, "/proc/%ld/fd/%d", (long)getpid(), fd);
		if (access(o->tmpname, W_OK) == 0)
			return fd;
		close(fd);	/* no /proc: the name is needed */
		free(o->tmpname);
		o->tmpname = NULL;
	}
	n = strlen(o->path) + sizeof(PREFIX) + 32;
	if ((o->tmp = malloc(n)) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	snprintf(o->tmp, n, "%.*s%s%ld.XXXXXX",
	    (int)(strlen(o->path) - strlen(o->base)), o->path, PREFIX,
	    (long)getpid());
	if ((fd = mkostemp(o->tmp, O_CLOEXEC)) == -1) {
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	o->tmpname = o->tmp;
	return fd;
}

static struct lbc_outfile *open_depth(const char *, int, int *, int);

/*
 * A trusted link to nothing: the file it names is made (through further
 * links as far as they are trusted too).
 */
static struct lbc_outfile *
open_dangling(struct lbc_outfile *o, int flags, int *err, int depth)
{
	struct lbc_outfile *r;
	const char *slash;
	char *target, *next;
	ssize_t n;
	size_t cap = 256, dirlen;

	for (;;) {
		if ((target = malloc(cap)) == NULL)
			return fail(o, err, LBC_ENOMEM);
		if ((n = readlink(o->path, target, cap)) == -1) {
			free(target);
			return fail(o, err, LBC_EIO);
		}
		if ((size_t)n < cap)
			break;
		free(target);
		cap *= 2;
	}
	target[n] = '\0';
	slash = strrchr(o->path, '/');
	dirlen = target[0] == '/' || slash == NULL ? 0 :
	    (size_t)(slash - o->path) + 1;
	if ((next = malloc(dirlen + (size_t)n + 1)) == NULL) {
		free(target);
		return fail(o, err, LBC_ENOMEM);
	}
	memcpy(next, o->path, dirlen);
	memcpy(next + dirlen, target, (size_t)n + 1);
	free(target);
	release(o);
	r = open_depth(next, flags, err, depth + 1);
	free(next);
	return r;
}

struct lbc_outfile *
lbc_outfile_openx(const char *path, int flags, int *err)
{
	return open_depth(path, flags, err, 0);
}

static struct lbc_outfile *
open_depth(const char *path, int flags, int *err, int depth)
{
	struct lbc_outfile *o;
	struct stat st, target;
	const char *slash;
	mode_t mask;
	char *dir;
	int fd, exists;

	if ((o = calloc(1, sizeof(*o))) == NULL) {
		*err = LBC_ENOMEM;
		return NULL;
	}
	o->dfd = -1;
	if ((o->path = strdup(path)) == NULL)
		return fail(o, err, LBC_ENOMEM);
	exists = lstat(path, &st) == 0;
	if (!exists && errno != ENOENT)
		return fail(o, err, LBC_EIO);
	if (exists && S_ISLNK(st.st_mode)) {
		if (!trusted(st.st_uid))
			return fail(o, err, LBC_EUNSAFE);
		if (depth >= 40) {
			errno = ELOOP;
			return fail(o, err, LBC_EIO);
		}
		if (stat(path, &target) != 0)
			return errno == ENOENT ? open_dangling(o, flags, err,
			    depth) : fail(o, err, LBC_EIO);
		if (!S_ISREG(target.st_mode)) {
			if (S_ISDIR(target.st_mode)) {
				errno = EISDIR;
				return fail(o, err, LBC_EIO);
			}
			return open_in_place(o, &target, 1, err);
		}
		free(o->path);
		if ((o->path = realpath(path, NULL)) == NULL)
			return fail(o, err, errno == ENOMEM ? LBC_ENOMEM :
			    LBC_EIO);
		st = target;
	} else if (exists && S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		return fail(o, err, LBC_EIO);
	} else if (exists && !S_ISREG(st.st_mode)) {
		if (!trusted(st.st_uid))
			return fail(o, err, LBC_EUNSAFE);
		return open_in_place(o, &st, 0, err);
	}

	slash = strrchr(o->path, '/');
	if ((o->base = strdup(slash ? slash + 1 : o->path)) == NULL)
		return fail(o, err, LBC_ENOMEM);
	if (*o->base == '\0') {
		errno = EISDIR;
		return fail(o, err, LBC_EIO);
	}
	if (slash == NULL)
		dir = strdup(".");
	else if (slash == o->path)
		dir = strdup("/");
	else
		dir = strndup(o->path, (size_t)(slash - o->path));
	if (dir == NULL)
		return fail(o, err, LBC_ENOMEM);
	o->dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (o->dfd == -1)
		return fail(o, err, LBC_EIO);
	sweep(o->dfd);

	if (flags & LBC_OUTFILE_SHARED) {
		mask = umask(0);
		umask(mask);
		o->mode = 0666 & ~mask;
	} else
		o->mode = 0600;
	if (exists)
		o->mode &= st.st_mode & 07777;	/* never wider than it was */
	if ((fd = make_temp(o, flags)) == -1)
		return fail(o, err, errno == ENOMEM ? LBC_ENOMEM : LBC_EIO);
	if (fchmod(fd, o->mode) != 0 || (o->fp = fdopen(fd, "w")) == NULL) {
		int saved = errno;

		close(fd);
		errno = saved;
		return fail(o, err, LBC_EIO);
	}
	return o;
}

struct lbc_outfile *
lbc_outfile_open(const char *path, int *err)
{
	return lbc_outfile_openx(path, LBC_OUTFILE_PRIVATE, err);
}

FILE *
lbc_outfile_fp(struct lbc_outfile *o)
{
	return o->fp;
}

const char *
lbc_outfile_tmpname(const struct lbc_outfile *o)
{
	return o->tmpname;
}

const char *
lbc_outfile_path(const struct lbc_outfile *o)
{
	return o->path;
}

const char *
lbc_outfile_litter(const struct lbc_outfile *o)
{
	return o->tmp;
}

/* Gives the unnamed file o a temporary name in its folder; 0 or -1. */
static int
link_unnamed(struct lbc_outfile *o)
{
	size_t n = strlen(o->path) + sizeof(PREFIX) + 40;
	unsigned k;

	if ((o->tmp = malloc(n)) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	for (k = 0; k < 1000; k++) {
		snprintf(o->tmp, n, "%.*s%s%ld.%06u",
		    (int)(strlen(o->path) - strlen(o->base)), o->path, PREFIX,
		    (long)getpid(), k);
		if (linkat(AT_FDCWD, o->tmpname, o->dfd, tmpbase(o),
		    AT_SYMLINK_FOLLOW) == 0)
			return 0;
		if (errno != EEXIST)
			break;
	}
	free(o->tmp);
	o->tmp = NULL;
	return -1;
}

int
lbc_outfile_commit(struct lbc_outfile *o)
{
	int bad = 0, saved = 0;

	if (ferror(o->fp))
		bad = 1, saved = EIO;
	if (fflush(o->fp) != 0 && !bad)
		bad = 1, saved = errno;
	if (o->dfd != -1 && !bad && fsync(fileno(o->fp)) != 0 &&
	    errno != EINVAL)
		bad = 1, saved = errno;
	if (o->dfd != -1 && !bad && o->tmp == NULL && link_unnamed(o) != 0)
		bad = 1, saved = errno;
	if (fclose(o->fp) != 0 && !bad)
		bad = 1, saved = errno;
	if (o->tmp != NULL) {
		if (!bad && renameat(o->dfd, tmpbase(o), o->dfd, o->base) != 0)
			bad = 1, saved = errno;
		if (bad)
			unlinkat(o->dfd, tmpbase(o), 0);
	}
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
		unlinkat(o->dfd, tmpbase(o), 0);
	release(o);
}

int
lbc_outfile_same(const char *path, const char *in)
{
	struct stat a, b;

	if (stat(path, &a) != 0 || !S_ISREG(a.st_mode))
		return 0;
	if (strcmp(in, "-") == 0 ? fstat(STDIN_FILENO, &b) : stat(in, &b))
		return 0;
	return S_ISREG(b.st_mode) && a.st_dev == b.st_dev &&
	    a.st_ino == b.st_ino;
}

/*
 * Output files: permissions, replaced files, unnamed and named temporary
 * files, the clean-up of a dead run's temporary files, links, same file.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "err.h"
#include "outfile.h"

static char dir[] = "/tmp/t_outfile.XXXXXX";

/* Entries of dir other than . and .. */
static int
entries(void)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int k = 0;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		k++;
	}
	closedir(d);
	return k;
}

static mode_t
mode_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_mode & 07777 : (mode_t)-1;
}

static int
write_commit(const char *path, int flags, const char *text)
{
	struct lbc_outfile *o;
	int e;

	if ((o = lbc_outfile_openx(path, flags, &e)) == NULL)
		return e;
	fputs(text, lbc_outfile_fp(o));
	return lbc_outfile_commit(o);
}

/* The text of a small file, in a static buffer. */
static const char *
slurp(const char *path)
{
	static char buf[256];
	FILE *fp = fopen(path, "r");
	size_t n;

	if (fp == NULL)
		return "(none)";
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

/* A process id that is free: a child that has been reaped. */
static pid_t
dead_pid(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	return pid;
}

int
main(void)
{
	struct lbc_outfile *o;
	char path[128], other[128], stale[128], live[128];
	int e, fd;

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(path, sizeof(path), "%s/out.tsv", dir);

	/* Private whatever the umask; shared follows it. */
	umask(0);
	CHECK_INT(write_commit(path, LBC_OUTFILE_PRIVATE, "a\n"), 0,
	    "private commit");
	CHECK_INT(mode_of(path), 0600, "private is 0600 under umask 000");
	unlink(path);
	umask(027);
	CHECK_INT(write_commit(path, LBC_OUTFILE_SHARED, "a\n"), 0,
	    "shared commit");
	CHECK_INT(mode_of(path), 0640, "shared follows umask 027");
	umask(0);

	/* A replaced file is never widened, its owner never copied. */
	chmod(path, 0640);
	CHECK_INT(write_commit(path, LBC_OUTFILE_SHARED, "b\n"), 0,
	    "shared over 0640");
	CHECK_INT(mode_of(path), 0640, "0640 stays 0640 under umask 000");
	chmod(path, 0400);
	CHECK_INT(write_commit(path, LBC_OUTFILE_PRIVATE, "c\n"), 0,
	    "private over 0400");
	CHECK_INT(mode_of(path), 0400, "0400 stays 0400");
	CHECK_STR(slurp(path), "c\n", "replaced");
	if (geteuid() == 0) {
		struct stat st;

		chmod(path, 0666);
		chown(path, 4242, 4242);
		CHECK_INT(write_commit(path, LBC_OUTFILE_PRIVATE, "d\n"), 0,
		    "over another user's file");
		CHECK(stat(path, &st) == 0 && st.st_uid == 0 && st.st_gid != 4242,
		    "the old owner is not copied");
		CHECK_INT(st.st_mode & 07777, 0600, "0666 becomes 0600");
	}

	/* Nothing named while writing (unnamed), nothing after an abort. */
	unlink(path);
	o = lbc_outfile_open(path, &e);
	CHECK(o != NULL, "open");
	if (o != NULL) {
		CHECK_INT(entries(), 0, "unnamed: nothing in the folder");
		CHECK(lbc_outfile_litter(o) == NULL, "unnamed: no litter");
		fd = open(lbc_outfile_tmpname(o), O_WRONLY);
		CHECK(fd != -1, "tmpname can be opened");
		if (fd != -1) {
			CHECK_INT(write(fd, "xy\n", 3), 3, "written by name");
			close(fd);
		}
		CHECK_INT(lbc_outfile_commit(o), 0, "unnamed commit");
		CHECK_STR(slurp(path), "xy\n", "what the name got");
		CHECK_INT(entries(), 1, "one file after");
	}
	unlink(path);
	o = lbc_outfile_openx(path, LBC_OUTFILE_NAMED, &e);
	CHECK(o != NULL, "named open");
	if (o != NULL) {
		CHECK(lbc_outfile_litter(o) != NULL &&
		    strstr(lbc_outfile_litter(o), "/.lbc-tmp.") != NULL,
		    "named: .lbc-tmp. name");
		CHECK_INT(mode_of(lbc_outfile_litter(o)), 0600, "named is 0600");
		CHECK_INT(entries(), 1, "named: one file while writing");
		fputs("n\n", lbc_outfile_fp(o));
		lbc_outfile_abort(o);
		CHECK_INT(entries(), 0, "named abort leaves nothing");
	}

	/* A dead run's temporary files are removed, a live run's kept. */
	snprintf(stale, sizeof(stale), "%s/.lbc-tmp.%ld.AbCdEf", dir,
	    (long)dead_pid());
	snprintf(live, sizeof(live), "%s/.lbc-tmp.%ld.AbCdEf", dir,
	    (long)getppid());
	close(open(stale, O_WRONLY | O_CREAT, 0600));
	close(open(live, O_WRONLY | O_CREAT, 0600));
	CHECK_INT(write_commit(path, LBC_OUTFILE_PRIVATE, "e\n"), 0,
	    "commit beside old temporaries");
	CHECK(access(stale, F_OK) != 0, "a dead run's temporary is removed");
	CHECK(access(live, F_OK) == 0, "a live run's temporary is kept");
	unlink(live);
	if (geteuid() == 0) {
		close(open(stale, O_WRONLY | O_CREAT, 0600));
		chown(stale, 4242, 4242);
		CHECK_INT(write_commit(path, LBC_OUTFILE_PRIVATE, "f\n"), 0,
		    "commit beside another user's temporary");
		CHECK(access(stale, F_OK) == 0,
		    "another user's temporary is kept");
		unlink(stale);
	}

	/* Links: ours followed (target replaced, link kept), dangling made. */
	snprintf(other, sizeof(other), "%s/target.tsv", dir);
	unlink(path);
	symlink("target.tsv", path);
	CHECK_INT(write_commit(path, LBC_OUTFILE_PRIVATE, "g\n"), 0,
	    "through a dangling link of ours");
	CHECK_STR(slurp(other), "g\n", "the target is made");
	CHECK_INT(write_commit(path, LBC_OUTFILE_PRIVATE, "h\n"), 0,
	    "through a link of ours");
	CHECK_STR(slurp(other), "h\n", "the target is replaced");
	{
		struct stat st;

		CHECK(lstat(path, &st) == 0 && S_ISLNK(st.st_mode),
		    "the link stays");
	}
	if (geteuid() == 0) {
		lchown(path, 4242, 4242);
		o = lbc_outfile_open(path, &e);
		CHECK(o == NULL && e == LBC_EUNSAFE,
		    "another user's link is refused");
		lbc_outfile_abort(o);
		CHECK_STR(slurp(other), "h\n", "its target untouched");
	}
	CHECK_INT(lbc_outfile_same(path, other), 1, "link and target: same");
	CHECK_INT(lbc_outfile_same(other, other), 1, "a file is itself");
	CHECK_INT(lbc_outfile_same(stale, other), 0, "no such output: not same");
	CHECK_INT(lbc_outfile_same("/dev/null", "/dev/null"), 0,
	    "devices are not refused");
	unlink(path);
	unlink(other);

	/* A folder, a missing folder. */
	o = lbc_outfile_open(dir, &e);
	CHECK(o == NULL && e == LBC_EIO && errno == EISDIR, "a folder: EISDIR");
	o = lbc_outfile_open("/nonexistent/x/y", &e);
	CHECK(o == NULL && e == LBC_EIO && errno == ENOENT,
	    "missing folder: ENOENT");
	CHECK_INT(entries(), 0, "nothing left");
	rmdir(dir);
	return check_failed;
}

/*
 * Counting a stream into tallies, on both cores when it is a file large
 * enough: a second thread counts the records from the first line after
 * the middle of the file into twins of the tallies, read through its own
 * pread(2)s, while the caller's thread counts those before it; when the
 * first thread reaches the line the second began at, the twins are merged
 * in (lbc_tally_merge() keeps the categories in the order of first
 * appearance, so the tables are those of one thread).  When the second
 * thread meets a line it cannot read, its counts are dropped and the
 * first thread reads on to that line, so messages name the same line.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "rec.h"
#include "select.h"
#include "tally.h"

#define TWIN_MIN	(8 << 20)	/* a second thread from this size on */

struct preader {	/* to the end of the file, if it grows too */
	int		 fd;
	off_t		 off;
};

static ssize_t
pread_read(void *cookie, char *buf, size_t n)
{
	struct preader *p = cookie;
	ssize_t got;

	while ((got = pread(p->fd, buf, n, p->off)) < 0 && errno == EINTR)
		;
	if (got > 0)
		p->off += got;
	return got;
}

struct half {
	struct lbc_tally	**t;
	size_t			  nt;
	const struct lbc_select	 *sel;
	struct lbc_reader	 *r;
	FILE			 *fp;
	struct preader		  pr;
	unsigned long		  seen;
	int			  rc, err, stop;
	pthread_t		  th;
};

static int
count_one(struct lbc_tally *const *t, size_t nt, const struct lbc_select *sel,
    const struct lbc_reader *r, unsigned long *seen)
{
	size_t l;
	int e;

	++*seen;
	if (sel != NULL && !lbc_select_match(sel, r))
		return 0;
	for (l = 0; l < nt; l++)
		if ((e = lbc_tally_add(t[l], r)) != 0)
			return e;
	return 0;
}

static void *
half_main(void *arg)
{
	struct half *h = arg;
	int rc = 0;

	while (!__atomic_load_n(&h->stop, __ATOMIC_RELAXED) &&
	    (rc = lbc_reader_next(h->r)) == 1)
		if ((h->err = count_one(h->t, h->nt, h->sel, h->r,
		    &h->seen)) != 0)
			return NULL;
	h->rc = __atomic_load_n(&h->stop, __ATOMIC_RELAXED) ? LBC_EIO : rc;
	return NULL;
}

static void
half_free(struct half *h)
{
	size_t l;

	if (h == NULL)
		return;
	lbc_reader_free(h->r);
	if (h->fp != NULL)
		fclose(h->fp);
	for (l = 0; h->t != NULL && l < h->nt; l++)
		lbc_tally_free(h->t[l]);
	free(h->t);
	free(h);
}

/*
 * The second thread, from the first line after the middle of what is
 * left of fd (the stream's offset base in it, r's header read); NULL when
 * the stream is not such a file or anything fails.
 */
static struct half *
half_start(struct lbc_tally *const *t, size_t nt, const struct lbc_select *sel,
    const struct lbc_reader *r, int fd, long long base, off_t *mid)
{
	static const cookie_io_functions_t io = { pread_read, NULL, NULL, NULL };
	const char *missing, *one = getenv("LBC_TALLY_ONE_THREAD");
	unsigned long long off;
	struct half *h;
	struct stat st;
	size_t len, l;
	char buf[4096], *nl;
	ssize_t got;
	off_t m;
	int e;

	if (fd < 0 || base < 0 || (one != NULL && *one != '\0') ||
	    fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		return NULL;
	lbc_reader_span(r, &off, &len);
	m = (off_t)base + (off_t)(off + len);
	if (st.st_size - m < TWIN_MIN)
		return NULL;
	/* the first line that starts after the middle */
	for (m += (st.st_size - m) / 2;; m += got) {
		if ((got = pread(fd, buf, sizeof(buf), m)) <= 0)
			return NULL;
		if ((nl = memchr(buf, '\n', (size_t)got)) != NULL) {
			m += nl + 1 - buf;
			break;
		}
	}
	if (m >= st.st_size || (h = calloc(1, sizeof(*h))) == NULL)
		return NULL;
	h->nt = nt;
	h->sel = sel;
	h->pr.fd = fd;
	h->pr.off = m;
	if ((h->t = calloc(nt, sizeof(*h->t))) == NULL)
		goto fail;
	for (l = 0; l < nt; l++)
		if ((h->t[l] = lbc_tally_twin(t[l], &e)) == NULL ||
		    lbc_tally_start(h->t[l], r, &missing) != 0)
			goto fail;
	if ((h->fp = fopencookie(&h->pr, "r", io)) == NULL ||
	    (h->r = lbc_reader_new_tail(h->fp, r, 0, &e)) == NULL ||
	    pthread_create(&h->th, NULL, half_main, h) != 0)
		goto fail;
	*mid = m;
	return h;
fail:
	half_free(h);
	return NULL;
}

/* Waits for the second thread; 0 when its counts are whole and merged. */
static int
half_join(struct half *h, struct lbc_tally *const *t, size_t nt,
    unsigned long *seen, int *err)
{
	size_t l;

	pthread_join(h->th, NULL);
	if (h->rc != 0 || h->err != 0)
		return 1;
	for (l = 0; l < nt; l++)
		if ((*err = lbc_tally_merge(t[l], h->t[l])) != 0)
			return 1;
	*seen += h->seen;
	return 0;
}

int
lbc_tally_count(struct lbc_tally *const *t, size_t nt,
    const struct lbc_select *sel, struct lbc_reader *r, int fd,
    long long base, unsigned long *seen, int *err)
{
	struct half *h;
	unsigned long long off;
	size_t len;
	off_t mid = 0;
	int rc, saved = 0;

	*err = 0;
	h = half_start(t, nt, sel, r, fd, base, &mid);
	while ((rc = lbc_reader_next(r)) == 1) {
		if (h != NULL) {
			lbc_reader_span(r, &off, &len);
			if ((off_t)base + (off_t)off >= mid) {
				rc = half_join(h, t, nt, seen, err);
				half_free(h);
				h = NULL;
				if (*err != 0)
					return rc;
				if (rc == 0)
					return 0;	/* the rest was counted */
			}
		}
		if ((*err = count_one(t, nt, sel, r, seen)) != 0)
			break;
	}
	saved = errno;	/* the reader's, for the caller's message */
	if (h != NULL) {
		__atomic_store_n(&h->stop, 1, __ATOMIC_RELAXED);
		pthread_join(h->th, NULL);
		half_free(h);
	}
	errno = saved;
	return rc;
}

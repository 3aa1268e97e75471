#include <stdlib.h>
#include <string.h>

#include <nettle/sha2.h>

#include "sha256.h"

struct lbc_sha256 {
	struct sha256_ctx	 ctx;
	FILE			*in;	/* the stream lbc_sha256_fopen() reads */
};

struct lbc_sha256 *
lbc_sha256_new(void)
{
	struct lbc_sha256 *h;

	if ((h = malloc(sizeof(*h))) == NULL)
		return NULL;
	sha256_init(&h->ctx);
	h->in = NULL;
	return h;
}

void
lbc_sha256_free(struct lbc_sha256 *h)
{
	free(h);
}

void
lbc_sha256_update(struct lbc_sha256 *h, const void *p, size_t n)
{
	sha256_update(&h->ctx, n, p);
}

void
lbc_sha256_hex(const struct lbc_sha256 *h, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	struct sha256_ctx copy = h->ctx;	/* digest resets the context */
	uint8_t d[SHA256_DIGEST_SIZE];
	size_t i;

	sha256_digest(&copy, sizeof(d), d);
	for (i = 0; i < sizeof(d); i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = '\0';
}

static ssize_t
tee_read(void *cookie, char *buf, size_t n)
{
	struct lbc_sha256 *h = cookie;
	size_t got = fread(buf, 1, n, h->in);

	if (got == 0 && ferror(h->in))
		return -1;
	lbc_sha256_update(h, buf, got);
	return (ssize_t)got;
}

FILE *
lbc_sha256_fopen(FILE *in, struct lbc_sha256 *h)
{
	cookie_io_functions_t io = { tee_read, NULL, NULL, NULL };

	h->in = in;
	return fopencookie(h, "r", io);
}

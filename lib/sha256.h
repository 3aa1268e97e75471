/*
 * sha256.h: SHA-256 digests of inputs (through nettle), for the record of
 * what a table was made from.
 *
 * lbc_sha256_fopen() wraps a read stream: everything read through the
 * returned stream is also hashed, so a stream that can be read only once
 * (stdin, a pipe) gets its digest while it is used.  Closing the returned
 * stream does not close the wrapped one.
 */
#ifndef LBC_SHA256_H
#define LBC_SHA256_H

#include <stddef.h>
#include <stdio.h>

struct lbc_sha256;

/* Returns a fresh digest state, or NULL when out of memory. */
struct lbc_sha256 *lbc_sha256_new(void);
void	lbc_sha256_free(struct lbc_sha256 *h);
void	lbc_sha256_update(struct lbc_sha256 *h, const void *p, size_t n);
/* Writes the digest of everything so far as 64 hex digits and a NUL. */
void	lbc_sha256_hex(const struct lbc_sha256 *h, char out[65]);
/*
 * A read-only stream over in that feeds h; in and h must outlive it, and
 * h serves one such stream at a time.  Returns NULL (errno set) on
 * failure.
 */
FILE	*lbc_sha256_fopen(FILE *in, struct lbc_sha256 *h);

#endif

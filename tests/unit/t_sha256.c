/* SHA-256 digests, directly and through a reading stream. */
#include <stdlib.h>

#include "check.h"
#include "sha256.h"

int
main(void)
{
	char hex[65], buf[100];
	struct lbc_sha256 *h;
	const char *text = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	FILE *in, *fp;
	size_t got, total = 0;

	h = lbc_sha256_new();
	CHECK(h != NULL, "new");
	lbc_sha256_hex(h, hex);
	CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	    "empty input (FIPS 180-2)");
	lbc_sha256_update(h, "abc", 3);
	lbc_sha256_hex(h, hex);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	    "abc (FIPS 180-2)");
	lbc_sha256_hex(h, hex);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	    "asking twice gives the same digest");
	lbc_sha256_free(h);

	h = lbc_sha256_new();
	in = fmemopen((void *)text, strlen(text), "r");
	fp = lbc_sha256_fopen(in, h);
	CHECK(fp != NULL, "hashing stream");
	while ((got = fread(buf, 1, 7, fp)) > 0)
		total += got;
	CHECK_INT(total, strlen(text), "everything read through");
	fclose(fp);
	CHECK(fgetc(in) == EOF, "wrapped stream left open");
	fclose(in);
	lbc_sha256_hex(h, hex);
	CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
	    "two-block message read in pieces (FIPS 180-2)");
	lbc_sha256_free(h);
	lbc_sha256_free(NULL);
	return check_failed;
}
